"""Large motor starts and block loads a mine grid must accept: :class:`MotorStart`.

A start (or the switching-in of a block load) is a sudden step of real and
apparent power. The dispatch kernel checks, every step, whether the online
gensets and the battery inverter could accept the largest one
(``docs/theory/reliability.md``):

* real power: ``P_start <= min(f_step·n·P_u, n·P_u − P_gen) + (B − P_dis)``, the gensets'
  load acceptance (ISO 8528-5, a fraction ``f_step`` of the online rating per step, within
  their spinning headroom) plus the battery's headroom at the AC bus;
* apparent power: ``S_start <= k_gen·n·P_u + k_inv·P_inv``, the alternators' short-time
  kVA per kW online at the accepted voltage dip plus the inverter's short-time overload.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import check
from ._fields import Component, _finite

__all__ = ["MotorStart", "STARTERS"]

#: Typical starting-current multiples and starting power factors by starter (IEEE Std
#: 399-1997 "Brown Book", ch. 9; ABB technical guide 1 for drives): (multiple, start pf).
STARTERS = {
    "direct_on_line": (6.5, 0.30),
    "star_delta": (2.2, 0.35),
    "autotransformer": (3.5, 0.35),
    "soft_starter": (3.0, 0.35),
    "vfd": (1.1, 0.95),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class MotorStart(Component):
    """A motor start or block load: its size and how it starts.

    Parameters
    ----------
    name : str
        What it is (``"SAG mill"``, ``"primary crusher"``).
    rated_kw : float
        Rated shaft power of the motor, or the real power of a block load. [kW]
    power_factor : float
        Running power factor, in (0, 1]. [-]
    efficiency : float
        Running efficiency, in (0, 1]. [-]
    starter : str or None
        One of :data:`STARTERS`; sets ``start_current_multiple`` and
        ``start_power_factor`` when those are not given. Default ``"direct_on_line"``.
    start_current_multiple : float, optional
        Starting (locked-rotor) current over rated current, in [1, 10]; 1 for a block
        load switched in. [-]
    start_power_factor : float, optional
        Power factor during the start, in (0, 1]. [-]

    Notes
    -----
    ``start_kva = multiple · rated_kw / (power_factor · efficiency)`` and
    ``start_kw = start_kva · start_power_factor``.

    >>> m = MotorStart(name="mill", rated_kw=2300.0, starter="vfd")
    >>> round(m.start_kva), round(m.start_kw)
    (2928, 2782)
    """

    name: str
    rated_kw: float
    power_factor: float = 0.90
    efficiency: float = 0.96
    starter: str | None = "direct_on_line"
    start_current_multiple: float | None = None
    start_power_factor: float | None = None

    def __post_init__(self):
        check(isinstance(self.name, str) and self.name.strip() != "", "MotorStart.name",
              self.name, "must be a non-empty string", "name the drive, e.g. 'SAG mill'")
        _finite(self, "rated_kw", minimum=0.0, strict=True,
                fix="the motor's rated power in kW, e.g. 2300")
        _finite(self, "power_factor", minimum=0.0, strict=True, maximum=1.0,
                fix="a power factor such as 0.9")
        _finite(self, "efficiency", minimum=0.0, strict=True, maximum=1.0,
                fix="an efficiency such as 0.96 (not a percentage)")
        if self.starter is not None:
            check(isinstance(self.starter, str) and self.starter in STARTERS,
                  "MotorStart.starter", self.starter, f"is not one of {tuple(STARTERS)}",
                  "pick one of those names, or None")
            multiple, pf = STARTERS[self.starter]
            if self.start_current_multiple is None:
                object.__setattr__(self, "start_current_multiple", multiple)
            if self.start_power_factor is None:
                object.__setattr__(self, "start_power_factor", pf)
        check(self.start_current_multiple is not None and self.start_power_factor is not None,
              "MotorStart.start_current_multiple/start_power_factor",
              (self.start_current_multiple, self.start_power_factor),
              "are needed without a starter", "give both, or a starter name")
        _finite(self, "start_current_multiple", minimum=1.0, maximum=10.0,
                fix="locked-rotor over rated current, e.g. 6.5 direct on line, 1.1 with a VFD")
        _finite(self, "start_power_factor", minimum=0.0, strict=True, maximum=1.0,
                fix="the power factor during the start, e.g. 0.3 direct on line")

    @property
    def start_kva(self) -> float:
        """Apparent power drawn during the start. [kVA]"""
        return self.start_current_multiple * self.rated_kw / (self.power_factor
                                                               * self.efficiency)

    @property
    def start_kw(self) -> float:
        """Real power drawn during the start. [kW]"""
        return self.start_kva * self.start_power_factor
