"""How a system is dispatched: :class:`Dispatch` (strategy, reserve, who serves the load)."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import check
from ._fields import Component, _count, _finite, _fraction
from .motors import MotorStart

__all__ = ["Dispatch", "STRATEGIES", "BATTERY_DISPATCH", "CYCLE_CHARGING_LIMITS", "FORECASTS"]

#: Names of the dispatch strategies, in kernel order.
STRATEGIES = ("load_following", "cycle_charging", "predictive")
#: Forecasts a predictive dispatch may plan on (see :class:`Dispatch`).
FORECASTS = ("perfect", "persistence", "noisy")
#: Who serves the load when gensets are online (see :class:`Dispatch`), in kernel order.
BATTERY_DISPATCH = ("genset_first", "battery_first", "economic")
#: How much running gensets charge under cycle charging, in kernel order.
CYCLE_CHARGING_LIMITS = ("full", "setpoint")



@dataclass(frozen=True, slots=True, kw_only=True)
class Dispatch(Component):
    """Dispatch strategy and operating reserve (HOMER's rules, ``docs/theory/dispatch.md``).

    Parameters
    ----------
    strategy : {"load_following", "cycle_charging", "predictive"}
        Load following: gensets produce only what the load needs.
        Cycle charging: running gensets also charge the battery as much as
        it accepts (HOMER: they run at full output, up to what load and
        charging can absorb). Predictive: each step takes the battery action
        that minimises the step's cost plus the value of the energy it leaves,
        from a dynamic programme over the next ``horizon_h`` of the forecast,
        re-planned every ``replan_h`` (``docs/theory/predictive.md``); the
        reserve, minimum load and battery limits are the rules' own.
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
    horizon_h : float
        Predictive dispatch: how far each plan looks ahead, 1 h to 168 h. [h]
    replan_h : float
        Predictive dispatch: how often a new plan is made (at most ``horizon_h``). [h]
    forecast : {"perfect", "persistence", "noisy"}
        What the plans see: the actual future (perfect foresight), the same
        hour a day earlier (persistence), or the actual future with seeded
        multiplicative noise of relative size ``forecast_error`` on load, PV and
        wind.
    forecast_error : float
        Standard deviation of the noisy forecast's relative error, in [0, 1]. [-]
    forecast_seed : int
        Seed of the noisy forecast.
    soc_levels : int
        Predictive dispatch: energy levels of the plans' grid, 3 to 101. [-]
    value_of_lost_load_per_kwh : float
        What the plans charge for unserved energy. [currency/kWh]
    n_minus_1_reserve : bool
        Commit gensets each step so that the load is still covered after losing the
        largest source in service: the largest running genset, a PV block
        (``pv_block_kw``), one wind turbine, or the battery inverter; the battery's
        headroom counts as reserve (``docs/theory/reliability.md``). The N-1
        shortfall is counted either way (``Stats.n1_hours``). Every strategy: a plant
        of genset types adds units in merit order, predictive dispatch commits them in
        its plans and in the step taken alike.
    pv_block_kw : float or None
        DC size of the largest PV block that trips at once (one inverter station or
        feeder); None: the whole PV plant. [kW]
    battery_block_kw : float or None
        Discharge power of the largest battery block that trips at once (one power
        conversion system); the rest of the battery stays in service. None: the whole
        battery. [kW]
    motor_starts : sequence of MotorStart
        Large motor starts and block loads the grid must accept; the largest (by
        real and by apparent power) is checked every step
        (``Stats.motor_start_refused_hours``).
    genset_step_fraction : float
        Load the online gensets accept in one sudden step, as a fraction of their
        rating, in (0, 1]: ISO 8528-5's guide values fall from about 0.6 at a mean
        effective pressure of 1 MPa to about 0.33 at 2 MPa (modern high-speed diesel,
        the default) and 0.25 at 2.5 MPa; lean-burn gas engines 0.1-0.2. [-]
    genset_start_kva_per_kw : float
        Short-time apparent power the alternators deliver per kW of online rating at
        the accepted voltage dip (from the alternator's motor-starting curve;
        about 2.5 for a 20 % dip at 0.8 pf rating). [kVA/kW]
    inverter_start_overload : float
        Short-time kVA of the battery inverter over its rated kW (grid-forming
        inverters: 1.2-2 for a few seconds). [-]
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
    horizon_h: float = 48.0
    replan_h: float = 24.0
    forecast: str = "perfect"
    forecast_error: float = 0.1
    forecast_seed: int = 0
    soc_levels: int = 11
    value_of_lost_load_per_kwh: float = 10.0
    n_minus_1_reserve: bool = False
    pv_block_kw: float | None = None
    battery_block_kw: float | None = None
    motor_starts: tuple[MotorStart, ...] = ()
    genset_step_fraction: float = 0.33
    genset_start_kva_per_kw: float = 2.5
    inverter_start_overload: float = 1.5

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
        _finite(self, "horizon_h", minimum=1.0, maximum=168.0,
                fix="hours of look-ahead, e.g. 48")
        _finite(self, "replan_h", minimum=0.0, strict=True, maximum=self.horizon_h,
                fix=f"hours between plans, at most horizon_h = {self.horizon_h:g}")
        check(self.forecast in FORECASTS, "Dispatch.forecast", self.forecast,
              f"is not one of {FORECASTS}", "pick one of those names")
        _fraction(self, "forecast_error", fix="a relative error such as 0.1 (not a percentage)")
        _count(self, "forecast_seed")
        _count(self, "soc_levels", minimum=3)
        check(self.soc_levels <= 101, "Dispatch.soc_levels", self.soc_levels, "must be <= 101",
              "e.g. 11 levels (10 % steps)")
        _finite(self, "value_of_lost_load_per_kwh", minimum=0.0, strict=True,
                fix="what an unserved kWh costs the mine, e.g. 10")
        check(isinstance(self.n_minus_1_reserve, bool), "Dispatch.n_minus_1_reserve",
              self.n_minus_1_reserve, "must be True or False", "n_minus_1_reserve=True")
        if self.pv_block_kw is not None:
            _finite(self, "pv_block_kw", minimum=0.0, strict=True,
                    fix="the DC kW of one inverter station, e.g. 2500, or None")
        if self.battery_block_kw is not None:
            _finite(self, "battery_block_kw", minimum=0.0, strict=True,
                    fix="the kW of one battery power conversion system, e.g. 4000, or None")
        motors = self.motor_starts
        check(isinstance(motors, MotorStart | list | tuple), "Dispatch.motor_starts",
              type(motors).__name__, "must be a sequence of minegrid.MotorStart",
              "pass motor_starts=(minegrid.MotorStart(...), ...) or ()")
        motors = (motors,) if isinstance(motors, MotorStart) else tuple(motors)
        for i, m in enumerate(motors):
            check(isinstance(m, MotorStart), f"Dispatch.motor_starts[{i}]", type(m).__name__,
                  "must be a minegrid.MotorStart", "pass minegrid.MotorStart(...)")
        object.__setattr__(self, "motor_starts", motors)
        _finite(self, "genset_step_fraction", minimum=0.0, strict=True, maximum=1.0,
                fix="a fraction of the online rating, e.g. 0.33 (ISO 8528-5)")
        _finite(self, "genset_start_kva_per_kw", minimum=0.0, maximum=10.0,
                fix="kVA per kW online, e.g. 2.5 from the alternator's starting curve")
        _finite(self, "inverter_start_overload", minimum=0.0, maximum=10.0,
                fix="short-time kVA over rated kW, e.g. 1.5")

    @property
    def strategy_code(self) -> int:
        """Index of the strategy in :data:`STRATEGIES` (what the kernel sees)."""
        return STRATEGIES.index(self.strategy)

    @property
    def largest_start_kw(self) -> float:
        """Largest real power of the motor starts (0 without any). [kW]"""
        return max((m.start_kw for m in self.motor_starts), default=0.0)

    @property
    def largest_start_kva(self) -> float:
        """Largest apparent power of the motor starts (0 without any). [kVA]"""
        return max((m.start_kva for m in self.motor_starts), default=0.0)

    @property
    def units_always_online(self) -> int:
        """Units that stay online: ``min_units_online``, at least 1 without diesel-off. [-]"""
        return max(self.min_units_online, 0 if self.allow_diesel_off else 1)


