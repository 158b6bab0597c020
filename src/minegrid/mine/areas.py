"""Process areas of a mine and their catalogues: kinds, daily patterns, :class:`ProcessArea`.

An area is a building block of the mine load: its installed power, the fraction of it
drawn while running (utilisation), its daily pattern, its largest drive, how it
reacts to shift changes and ore throughput, and, for load shedding
(:mod:`minegrid.shedding`), its priority and the value of the production lost when it is
shed. :data:`KINDS` gives each kind's defaults; :data:`PATTERNS` and
:func:`pattern_values` give the daily shapes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from minegrid.errors import check, is_number, whole

if TYPE_CHECKING:
    from minegrid.mine.calendar import OperatingCalendar

__all__ = ["KINDS", "OFFICE_WEEK", "PATTERNS", "ProcessArea", "pattern_values"]


# --------------------------------------------------------------------------- catalogues


@dataclass(frozen=True, slots=True)
class _Kind:
    pattern: str
    utilisation: float
    shift_sensitivity: float
    throughput_linked: bool
    priority: int


#: Catalogue of process-area kinds: default pattern, utilisation (mean fraction of
#: installed power while running), sensitivity to shift-change dips (0 = none, 1 = full
#: dip), whether the load follows ore throughput (life-of-mine scaling, trips) and the
#: shedding priority (higher = kept longer; an engineering assumption: 0 offices and
#: workshops, 1 production and anything else, 2 camp, tailings and water pumping,
#: 3 ventilation, which keeps people underground safe).
KINDS: dict[str, _Kind] = {
    "crushing": _Kind("steady", 0.65, 1.0, True, 1),
    "grinding_sag": _Kind("steady", 0.92, 0.0, True, 1),
    "grinding_ball": _Kind("steady", 0.92, 0.0, True, 1),
    "flotation": _Kind("steady", 0.85, 0.0, True, 1),
    "thickening_filtration": _Kind("steady", 0.70, 0.0, True, 1),
    "tailings_pumping": _Kind("steady", 0.80, 0.0, True, 2),
    "water_pumping": _Kind("steady", 0.80, 0.0, True, 2),
    "desalination": _Kind("steady", 0.85, 0.0, True, 1),
    "ventilation": _Kind("steady", 0.85, 0.0, False, 3),
    "workshops": _Kind("day_shift", 0.50, 1.0, False, 0),
    "offices": _Kind("office", 0.50, 0.0, False, 0),
    "camp": _Kind("camp", 0.60, 0.0, False, 2),
    "haulage_electric": _Kind("steady", 0.60, 1.0, True, 1),
    "trolley_assist": _Kind("steady", 0.50, 1.0, True, 1),
    "other": _Kind("steady", 0.70, 0.0, False, 1),
}


def _norm(values: Sequence[float]) -> np.ndarray:
    arr = np.asarray(values, dtype=np.float64)
    return arr / arr.mean()


#: Daily patterns: 24 values, one per local hour (value at the middle of hour h),
#: normalised to mean 1. ``day_shift`` is built from the calendar's shifts instead.
PATTERNS: dict[str, np.ndarray | None] = {
    "steady": np.ones(24),
    # mining camp: low at night, breakfast and evening peaks (engineering assumption)
    "camp": _norm([0.70, 0.65, 0.65, 0.65, 0.70, 0.90, 1.25, 1.30, 1.05, 0.90, 0.85, 0.90,
                   1.00, 0.95, 0.90, 0.90, 0.95, 1.10, 1.35, 1.45, 1.40, 1.25, 1.05, 0.85]),
    # offices and laboratory: office hours 08-18 (engineering assumption)
    "office": _norm([0.35] * 7 + [0.80] + [1.60] * 10 + [1.00, 0.60] + [0.35] * 4),
    # workshops: busier on the first shift of the day (1.25) than the others
    "day_shift": None,
}

#: Weekday factors of the ``office`` pattern (Monday first), normalised to mean 1.
OFFICE_WEEK = _norm([1.0, 1.0, 1.0, 1.0, 1.0, 0.8, 0.6])

_DAY_SHIFT_FACTOR = 1.25


def pattern_values(pattern: str, hour_mid: np.ndarray, weekday: np.ndarray,
                   cal: OperatingCalendar) -> np.ndarray:
    """Multiplier of daily pattern ``pattern`` at local hour-of-day ``hour_mid``.

    Parameters
    ----------
    pattern : str
        One of :data:`PATTERNS`.
    hour_mid : numpy.ndarray
        Local hour of day at the middle of each step. [h]
    weekday : numpy.ndarray
        Day of the week of each step, 0 = Monday (used by ``office``).
    cal : OperatingCalendar
        Its shifts place the ``day_shift`` pattern.

    Returns
    -------
    numpy.ndarray
        One multiplier per step (mean 1 over a day).
    """
    if pattern == "day_shift":
        n = cal.shifts_per_day
        if n == 1:
            return np.ones_like(hour_mid)
        other = (n - _DAY_SHIFT_FACTOR) / (n - 1)
        in_first = ((hour_mid - cal.shift_start_h) % 24.0) < 24.0 / n
        return np.where(in_first, _DAY_SHIFT_FACTOR, other)
    shape = PATTERNS[pattern]
    # periodic linear interpolation between the hourly values placed at h + 0.5
    xp = np.arange(-0.5, 25.0, 1.0)
    fp = np.concatenate([[shape[-1]], shape, [shape[0]]])
    values = np.interp(hour_mid % 24.0, xp, fp)
    if pattern == "office":
        values = values * OFFICE_WEEK[weekday]
    return values


# --------------------------------------------------------------------------- process area


@dataclass(frozen=True, slots=True, kw_only=True)
class ProcessArea:
    """One process area of a mine: a building block of the load.

    Parameters
    ----------
    name : str
        Unique name, used by the calendar to refer to the area.
    kind : str
        One of :data:`KINDS`: crushing, grinding_sag, grinding_ball, flotation,
        thickening_filtration, tailings_pumping, water_pumping, desalination,
        ventilation, workshops, offices, camp, haulage_electric, trolley_assist, other.
    installed_kw : float
        Installed (connected) electric power. [kW]
    utilisation : float, optional
        Mean fraction of installed power drawn while the area runs, in [0, 1]
        (downtime is the calendar's job). Default: the kind's catalogue value.
    pattern : str, optional
        Daily pattern, one of :data:`PATTERNS` (steady, camp, office, day_shift).
        Default: the kind's catalogue pattern.
    largest_motor_kw : float, optional
        Rating of the largest single drive (its start is the largest load step), at most
        ``installed_kw``. [kW]
    variability : float, default 0.0
        Standard deviation of the seeded AR(1) noise (1 h correlation time) as a
        fraction of the area's power, in [0, 1].
    shift_sensitivity : float, optional
        Fraction of the calendar's shift-change dip that applies, in [0, 1]. Default:
        the kind's catalogue value (1 for crushing, haulage, workshops; 0 for mills).
    throughput_linked : bool, optional
        Whether the load scales with ore throughput (production plan) and trips with
        the plant. Default: the kind's catalogue value.
    throughput_t_per_h : float, optional
        Ore throughput when sized by :meth:`from_throughput` (for the record). [t/h]
    specific_energy_kwh_per_t : float, optional
        Specific energy when sized by :meth:`from_throughput` (for the record; it also
        gives ``tonnes_per_mwh``). [kWh/t]
    priority : int, optional
        Shedding priority, a whole number >= 0: when supply is short the areas of the
        lowest priority are shed first (:mod:`minegrid.shedding`). Default: the kind's
        catalogue value (:data:`KINDS`). It does not change the load.
    lost_value_per_mwh : float, optional
        Value of the production lost per MWh of this area's load not served, >= 0; give
        it or ``lost_value_per_t``, not both. Neither: no value (0, which reports say).
        [currency/MWh]
    lost_value_per_t : float, optional
        Value lost per tonne of ore not treated, >= 0, with ``tonnes_per_mwh``.
        [currency/t]
    tonnes_per_mwh : float, optional
        Ore treated per MWh of the area's load, > 0; only with ``lost_value_per_t``.
        Default ``1000 / specific_energy_kwh_per_t`` when that is given. [t/MWh]

    Examples
    --------
    >>> a = ProcessArea(name="SAG", kind="grinding_sag", installed_kw=2000.0)
    >>> a.mean_running_kw
    1840.0
    """

    name: str
    kind: str
    installed_kw: float
    utilisation: float | None = None
    pattern: str | None = None
    largest_motor_kw: float | None = None
    variability: float = 0.0
    shift_sensitivity: float | None = None
    throughput_linked: bool | None = None
    throughput_t_per_h: float | None = None
    specific_energy_kwh_per_t: float | None = None
    priority: int | None = None
    lost_value_per_mwh: float | None = None
    lost_value_per_t: float | None = None
    tonnes_per_mwh: float | None = None

    def __post_init__(self) -> None:
        check(isinstance(self.name, str) and self.name.strip() != "", "ProcessArea.name",
              self.name, "must be a non-empty string", "give the area a name, e.g. 'SAG mill'")
        where = f"ProcessArea({self.name!r})"
        check(self.kind in KINDS, f"{where}.kind", self.kind, "is not a known kind",
              f"use one of {sorted(KINDS)}")
        spec = KINDS[self.kind]
        # a range with an upper bound rejects nan and inf; open ranges ask isfinite too
        check(is_number(self.installed_kw) and math.isfinite(self.installed_kw)
              and self.installed_kw > 0, f"{where}.installed_kw",
              self.installed_kw, "must be a positive number of kW", "give the installed power")
        if self.utilisation is None:
            object.__setattr__(self, "utilisation", spec.utilisation)
        check(is_number(self.utilisation) and 0.0 <= self.utilisation <= 1.0,
              f"{where}.utilisation", self.utilisation, "must be a fraction in [0, 1]",
              "give the mean fraction of installed power drawn while running, e.g. 0.85")
        if self.pattern is None:
            object.__setattr__(self, "pattern", spec.pattern)
        check(self.pattern in PATTERNS, f"{where}.pattern", self.pattern,
              "is not a known pattern", f"use one of {sorted(PATTERNS)}")
        check(self.largest_motor_kw is None or (is_number(self.largest_motor_kw)
              and 0 < self.largest_motor_kw <= self.installed_kw), f"{where}.largest_motor_kw",
              self.largest_motor_kw, f"must be in (0, installed_kw = {self.installed_kw}]",
              "give the rating of the largest single drive, or None")
        check(is_number(self.variability) and 0.0 <= self.variability <= 1.0,
              f"{where}.variability", self.variability, "must be a fraction in [0, 1]",
              "use e.g. 0.03 for a mill, 0.15 for haulage")
        if self.shift_sensitivity is None:
            object.__setattr__(self, "shift_sensitivity", spec.shift_sensitivity)
        check(is_number(self.shift_sensitivity) and 0.0 <= self.shift_sensitivity <= 1.0,
              f"{where}.shift_sensitivity", self.shift_sensitivity,
              "must be a fraction in [0, 1]", "use 0 (no dip) to 1 (full dip)")
        if self.throughput_linked is None:
            object.__setattr__(self, "throughput_linked", spec.throughput_linked)
        check(isinstance(self.throughput_linked, (bool, np.bool_)), f"{where}.throughput_linked",
              self.throughput_linked, "must be True or False", "throughput_linked = true or false")
        for name in ("throughput_t_per_h", "specific_energy_kwh_per_t"):
            value = getattr(self, name)
            check(value is None or (is_number(value) and math.isfinite(value) and value > 0),
                  f"{where}.{name}", value, "must be > 0 or None",
                  "give a positive number, or leave it out")
        self._check_shedding(where, spec)

    def _check_shedding(self, where: str, spec: _Kind) -> None:
        """Priority and value of lost production: one way of giving the value, at most."""
        if self.priority is None:
            object.__setattr__(self, "priority", spec.priority)
        object.__setattr__(self, "priority", whole(
            self.priority, f"{where}.priority", minimum=0,
            fix="give a whole number >= 0, higher kept longer: e.g. 0 offices, 1 the mill"))
        for name in ("lost_value_per_mwh", "lost_value_per_t"):
            value = getattr(self, name)
            check(value is None or (is_number(value) and math.isfinite(value) and value >= 0),
                  f"{where}.{name}", value, "must be a finite number >= 0 or None",
                  "give the value of the production lost, or leave it out")
        check(self.lost_value_per_mwh is None or self.lost_value_per_t is None,
              f"{where}.lost_value_per_t", self.lost_value_per_t,
              f"is given with lost_value_per_mwh = {self.lost_value_per_mwh!r}",
              "give the value one way: per MWh, or per tonne with tonnes_per_mwh")
        t = self.tonnes_per_mwh
        check(t is None or (is_number(t) and math.isfinite(t) and t > 0),
              f"{where}.tonnes_per_mwh", t, "must be > 0 or None",
              "give the ore treated per MWh of the area's load")
        check(t is None or self.lost_value_per_t is not None, f"{where}.tonnes_per_mwh", t,
              "is given without lost_value_per_t",
              "give lost_value_per_t (per tonne) too, or drop tonnes_per_mwh")
        if self.lost_value_per_t is not None and t is None:
            check(self.specific_energy_kwh_per_t is not None, f"{where}.tonnes_per_mwh", None,
                  "is needed with lost_value_per_t",
                  "give tonnes_per_mwh (t of ore per MWh), or lost_value_per_mwh instead")
            object.__setattr__(self, "tonnes_per_mwh",
                               1000.0 / float(self.specific_energy_kwh_per_t))

    @property
    def value_given(self) -> bool:
        """Whether a value of lost production was given (else it counts as 0)."""
        return self.lost_value_per_mwh is not None or self.lost_value_per_t is not None

    @property
    def value_per_mwh(self) -> float:
        """Value of the production lost per MWh shed: ``lost_value_per_mwh``, or
        ``lost_value_per_t * tonnes_per_mwh``, or 0 when none is given. [currency/MWh]

        >>> ProcessArea(name="SAG", kind="grinding_sag", installed_kw=2000.0,
        ...             lost_value_per_t=25.0, tonnes_per_mwh=100.0).value_per_mwh
        2500.0
        """
        if self.lost_value_per_mwh is not None:
            return float(self.lost_value_per_mwh)
        if self.lost_value_per_t is not None:
            return float(self.lost_value_per_t) * float(self.tonnes_per_mwh)
        return 0.0

    @classmethod
    def from_throughput(
        cls,
        name: str,
        kind: str,
        *,
        throughput_t_per_h: float,
        specific_energy_kwh_per_t: float,
        motor_loading: float = 0.92,
        **kwargs,
    ) -> ProcessArea:
        """Size an area from ore throughput and specific energy.

        The mean running power is ``throughput_t_per_h * specific_energy_kwh_per_t``;
        the installed power is that divided by ``motor_loading`` (which becomes the
        utilisation).

        Parameters
        ----------
        name, kind : str
            As for :class:`ProcessArea`.
        throughput_t_per_h : float
            Ore treated while running. [t/h]
        specific_energy_kwh_per_t : float
            Electric energy per tonne of ore for this area. [kWh/t]
        motor_loading : float, default 0.92
            Mean fraction of installed power drawn while running, in (0, 1].
        **kwargs
            Other :class:`ProcessArea` fields (``largest_motor_kw``, ``variability``...).

        Examples
        --------
        >>> a = ProcessArea.from_throughput("Ball mill", "grinding_ball",
        ...     throughput_t_per_h=200.0, specific_energy_kwh_per_t=12.0, motor_loading=0.8)
        >>> a.installed_kw, a.mean_running_kw
        (3000.0, 2400.0)
        """
        check(is_number(throughput_t_per_h) and math.isfinite(throughput_t_per_h)
              and throughput_t_per_h > 0, "throughput_t_per_h",
              throughput_t_per_h, "must be > 0", "give the ore throughput in t/h")
        check(is_number(specific_energy_kwh_per_t) and math.isfinite(specific_energy_kwh_per_t)
              and specific_energy_kwh_per_t > 0,
              "specific_energy_kwh_per_t", specific_energy_kwh_per_t, "must be > 0",
              "give the electric energy per tonne, e.g. 8 kWh/t for a SAG mill")
        check(is_number(motor_loading) and 0 < motor_loading <= 1, "motor_loading",
              motor_loading, "must be in (0, 1]", "use e.g. 0.9")
        power = throughput_t_per_h * specific_energy_kwh_per_t
        return cls(name=name, kind=kind, installed_kw=power / motor_loading,
                   utilisation=motor_loading, throughput_t_per_h=throughput_t_per_h,
                   specific_energy_kwh_per_t=specific_energy_kwh_per_t, **kwargs)

    @property
    def mean_running_kw(self) -> float:
        """Mean power while running, ``installed_kw * utilisation``. [kW]"""
        return float(self.installed_kw * self.utilisation)

