"""How a system is dispatched: :class:`Dispatch` (strategy, reserve, who serves the load)."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import check
from ._fields import Component, _count, _finite, _fraction

__all__ = ["Dispatch", "STRATEGIES", "BATTERY_DISPATCH", "CYCLE_CHARGING_LIMITS"]

#: Names of the dispatch strategies, in kernel order.
STRATEGIES = ("load_following", "cycle_charging")
#: Who serves the load when gensets are online (see :class:`Dispatch`), in kernel order.
BATTERY_DISPATCH = ("genset_first", "battery_first", "economic")
#: How much running gensets charge under cycle charging, in kernel order.
CYCLE_CHARGING_LIMITS = ("full", "setpoint")



@dataclass(frozen=True, slots=True, kw_only=True)
class Dispatch(Component):
    """Dispatch strategy and operating reserve (HOMER's rules, ``docs/theory/dispatch.md``).

    Parameters
    ----------
    strategy : {"load_following", "cycle_charging"}
        Load following: gensets produce only what the load needs.
        Cycle charging: running gensets also charge the battery as much as
        it accepts (HOMER: they run at full output, up to what load and
        charging can absorb).
    battery_dispatch : {"genset_first", "battery_first", "economic"}
        Who serves the load when gensets are online. ``"genset_first"``
        (default): gensets carry the load whenever they run and the battery
        only covers what they cannot (what HOMER's exports show); the battery
        serves alone when no genset is needed. ``"battery_first"``: the
        battery covers the deficit first and gensets the rest (Microgrids.jl;
        minegrid ≤ 0.1). ``"economic"``: each step, the cheaper of the two
        (HOMER's cost comparison), with each genset's fixed cost per running
        hour and marginal cost and the battery's wear and stored-energy cost.
    cycle_charging_setpoint : float
        State of charge of cycle charging's set-point, in [0, 1]. [-]
    cycle_charging_hold : bool
        HOMER's set-point rule (on by default): once units have run under
        cycle charging, one unit keeps running, charging the battery, until
        the SoC reaches the set-point.
    cycle_charging_limit : {"full", "setpoint"}
        How much running gensets charge under cycle charging: as much as the
        battery accepts (``"full"``, HOMER), or only up to the set-point
        (``"setpoint"``, minegrid ≤ 0.1).
    reserve_load_fraction, reserve_pv_fraction, reserve_wind_fraction : float
        Operating reserve required each step, as fractions of the load, the PV
        output and the wind output (HOMER Pro's defaults 0.10, 0.80, 0.50;
        HOMER Legacy used 0.25 for PV). [-]
    reserve_peak_load_fraction : float
        Reserve as a fraction of the annual peak load (HOMER), added every
        step. [-]
    reserve_fixed_kw : float
        A fixed contingency reserve added every step, e.g. the largest motor
        start (``minegrid.load_stats(load).largest_motor_step_kw``); gensets are
        committed to hold it as spinning reserve. [kW]
    allow_diesel_off : bool
        HOMER's "allow diesel-off operation": when False, at least one genset
        stays online as the grid-forming source (most mine grids today).
    min_units_online : int
        Units that stay online in every step (the general form of
        ``allow_diesel_off=False``, which means at least 1). [-]
    """

    strategy: str = "load_following"
    battery_dispatch: str = "genset_first"
    cycle_charging_setpoint: float = 0.8
    cycle_charging_hold: bool = True
    cycle_charging_limit: str = "full"
    reserve_load_fraction: float = 0.10
    reserve_pv_fraction: float = 0.80
    reserve_wind_fraction: float = 0.50
    reserve_peak_load_fraction: float = 0.0
    reserve_fixed_kw: float = 0.0
    allow_diesel_off: bool = True
    min_units_online: int = 0

    def __post_init__(self):
        check(self.strategy in STRATEGIES, "Dispatch.strategy", self.strategy,
              f"is not one of {STRATEGIES}", "pick one of those names")
        check(self.battery_dispatch in BATTERY_DISPATCH, "Dispatch.battery_dispatch",
              self.battery_dispatch, f"is not one of {BATTERY_DISPATCH}",
              "pick one of those names")
        check(self.cycle_charging_limit in CYCLE_CHARGING_LIMITS, "Dispatch.cycle_charging_limit",
              self.cycle_charging_limit, f"is not one of {CYCLE_CHARGING_LIMITS}",
              "pick one of those names")
        _fraction(self, "cycle_charging_setpoint")
        for name in ("cycle_charging_hold", "allow_diesel_off"):
            check(isinstance(getattr(self, name), bool), f"Dispatch.{name}",
                  getattr(self, name), "must be True or False", f"{name}=True or {name}=False")
        for name in ("reserve_load_fraction", "reserve_pv_fraction", "reserve_wind_fraction",
                     "reserve_peak_load_fraction"):
            _finite(self, name, maximum=10.0, fix="a fraction such as 0.1 (not a percentage)")
        _finite(self, "reserve_fixed_kw", fix="a power in kW, e.g. the largest motor start")
        _count(self, "min_units_online")

    @property
    def strategy_code(self) -> int:
        """Index of the strategy in :data:`STRATEGIES` (what the kernel sees)."""
        return STRATEGIES.index(self.strategy)

    @property
    def units_always_online(self) -> int:
        """Units that stay online: ``min_units_online``, at least 1 without diesel-off. [-]"""
        return max(self.min_units_online, 0 if self.allow_diesel_off else 1)


