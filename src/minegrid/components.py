"""Components of a hybrid mine power system, with their costs.

Every component is a frozen, keyword-only dataclass whose fields carry their
unit in the name (``rated_kw``, ``capex_per_kw``, ``life_hours``); fractions
carry no suffix and state their range. Values are validated on construction:
bad input raises :class:`~minegrid.errors.InputError` naming the field, the
value and the fix.

Time series (load, PV and wind per installed unit, genset derating) live
outside the components, so one set of profiles serves thousands of designs.

The cost defaults are indicative 2025 figures for remote mine sites in Chile
and Peru (USD); they are starting points for a study, not quotations. Replace
them with your own.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace

from .errors import check, number, whole

__all__ = [
    "PVPlant",
    "WindPlant",
    "Battery",
    "GensetFleet",
    "Dispatch",
    "Project",
    "System",
    "STRATEGIES",
]

#: Names of the dispatch strategies, in kernel order.
STRATEGIES = ("load_following", "cycle_charging")


def _finite(obj, name: str, *, minimum: float | None = 0.0, strict: bool = False,
            maximum: float | None = None, fix: str = "") -> None:
    """Check a number field and store it as a Python float (numpy scalars are accepted)."""
    value = number(getattr(obj, name), f"{type(obj).__name__}.{name}", minimum=minimum,
                   maximum=maximum, strict=strict, fix=fix)
    object.__setattr__(obj, name, value)


def _fraction(obj, name: str, *, open_low: bool = False, fix: str = "") -> None:
    _finite(obj, name, minimum=0.0, strict=open_low, maximum=1.0,
            fix=fix or "give a fraction between 0 and 1 (not a percentage)")


def _count(obj, name: str, minimum: int = 0) -> None:
    """Check a whole-number field and store it as an int."""
    object.__setattr__(obj, name, whole(getattr(obj, name), f"{type(obj).__name__}.{name}",
                                        minimum=minimum))


def _costs(obj, *, life_field: str) -> None:
    for name in ("capex", "om"):
        for f in type(obj).__dataclass_fields__:
            if f.startswith(name):
                _finite(obj, f, minimum=0.0, fix="costs are >= 0 in the project's currency")
    _finite(obj, life_field, minimum=0.0, strict=True, fix="lifetimes are > 0")
    _finite(obj, "replacement_ratio", minimum=0.0,
            fix="replacement cost as a fraction of capital cost, e.g. 1.0")
    _finite(obj, "salvage_ratio", minimum=0.0, maximum=1.0,
            fix="salvage value as a fraction of capital cost, in [0, 1]")


class _Component:
    """Mixin: dict conversion and copy-with-changes."""

    __slots__ = ()

    def to_dict(self) -> dict:
        """Fields as a plain dict (units in the keys)."""
        return asdict(self)

    def replace(self, **changes):
        """A copy with some fields changed (validated again)."""
        return replace(self, **changes)


@dataclass(frozen=True, slots=True, kw_only=True)
class PVPlant(_Component):
    """A PV plant; its output is ``rated_kw`` times the profile in kW AC per kW DC.

    Parameters
    ----------
    rated_kw : float
        Installed DC capacity. [kW]
    capex_per_kw : float
        Capital cost per kW DC, installed (modules, inverters, BoS, EPC). [currency/kW]
    om_per_kw_year : float
        Fixed operation and maintenance cost. [currency/(kW·year)]
    lifetime_years : float
        Economic life; replaced at this age. [year]
    replacement_ratio : float
        Replacement cost as a fraction of capital cost. [-]
    salvage_ratio : float
        Salvage value of a new plant as a fraction of capital cost, in [0, 1];
        prorated linearly on the remaining life at the end of the project. [-]
    """

    rated_kw: float = 0.0
    capex_per_kw: float = 750.0
    om_per_kw_year: float = 12.0
    lifetime_years: float = 25.0
    replacement_ratio: float = 1.0
    salvage_ratio: float = 1.0

    def __post_init__(self):
        _finite(self, "rated_kw", fix="give the installed DC power in kW, 0 for none")
        _costs(self, life_field="lifetime_years")


@dataclass(frozen=True, slots=True, kw_only=True)
class WindPlant(_Component):
    """A wind farm of identical turbines: ``n_turbines`` × the profile in kW per turbine.

    Parameters
    ----------
    n_turbines : int
        Number of turbines. [-]
    turbine_rated_kw : float
        Rated power of one turbine. [kW]
    capex_per_kw : float
        Installed capital cost per kW of rated power (turbine, transport to
        site, foundation, crane, grid connection). [currency/kW]
    om_per_kw_year : float
        Fixed O&M cost. [currency/(kW·year)]
    lifetime_years, replacement_ratio, salvage_ratio
        As for :class:`PVPlant`.
    """

    n_turbines: int = 0
    turbine_rated_kw: float = 3300.0
    capex_per_kw: float = 1600.0
    om_per_kw_year: float = 45.0
    lifetime_years: float = 25.0
    replacement_ratio: float = 1.0
    salvage_ratio: float = 1.0

    def __post_init__(self):
        _count(self, "n_turbines")
        _finite(self, "turbine_rated_kw", minimum=0.0, strict=True,
                fix="give one turbine's rated power in kW")
        _costs(self, life_field="lifetime_years")

    @property
    def rated_kw(self) -> float:
        """Total rated power. [kW]"""
        return self.n_turbines * self.turbine_rated_kw


@dataclass(frozen=True, slots=True, kw_only=True)
class Battery(_Component):
    """A battery energy storage system (cells, PCS and converter).

    Battery power is positive when discharging (generator convention). The
    stored energy ``E`` [kWh] evolves as ``E += (η_c·P_ch − P_dis/η_d)·Δt``
    where ``P_ch`` and ``P_dis`` [kW] are measured at the AC bus.

    Parameters
    ----------
    energy_kwh : float
        Rated (nameplate) energy. [kWh]
    power_kw : float, optional
        Charge and discharge limit at the AC bus. Defaults to
        ``energy_kwh / duration_h`` when ``duration_h`` is given, else
        ``energy_kwh`` (1 h battery). [kW]
    charge_power_kw, discharge_power_kw : float, optional
        Separate limits; each defaults to ``power_kw``. [kW]
    duration_h : float, optional
        Energy-to-power ratio used when ``power_kw`` is not given. [h]
    charge_efficiency, discharge_efficiency : float
        One-way efficiencies in (0, 1]; round trip is their product. [-]
    soc_min, soc_max, soc_initial : float
        State-of-charge window and starting point, fractions of ``energy_kwh``;
        ``0 <= soc_min < soc_max <= 1`` and ``soc_min <= soc_initial <= soc_max``. [-]
    calendar_life_years : float
        Replaced at this age at the latest. [year]
    cycle_life : float
        Equivalent full cycles to end of life; with ``c`` cycles per year the
        battery life is ``min(calendar_life_years, cycle_life / c)``. [-]
    capex_per_kwh : float
        Capital cost per kWh of rated energy. [currency/kWh]
    capex_per_kw : float
        Capital cost per kW of power (PCS), added to the energy cost. [currency/kW]
    om_per_kwh_year : float
        Fixed O&M per kWh per year. [currency/(kWh·year)]
    replacement_ratio, salvage_ratio
        As for :class:`PVPlant`.
    """

    energy_kwh: float = 0.0
    power_kw: float | None = None
    charge_power_kw: float | None = None
    discharge_power_kw: float | None = None
    duration_h: float | None = None
    charge_efficiency: float = 0.95
    discharge_efficiency: float = 0.95
    soc_min: float = 0.1
    soc_max: float = 1.0
    soc_initial: float = 0.5
    calendar_life_years: float = 15.0
    cycle_life: float = 6000.0
    capex_per_kwh: float = 300.0
    capex_per_kw: float = 0.0
    om_per_kwh_year: float = 5.0
    replacement_ratio: float = 1.0
    salvage_ratio: float = 1.0

    def __post_init__(self):
        _finite(self, "energy_kwh", fix="give the rated energy in kWh, 0 for none")
        if self.duration_h is not None:
            _finite(self, "duration_h", strict=True, fix="duration in hours, e.g. 4.0")
        for name in ("power_kw", "charge_power_kw", "discharge_power_kw"):
            if getattr(self, name) is not None:
                _finite(self, name, fix="give the power limit in kW")
        if self.power_kw is None:
            power = (self.energy_kwh / self.duration_h if self.duration_h is not None
                     else self.energy_kwh)
            object.__setattr__(self, "power_kw", float(power))
        if self.charge_power_kw is None:
            object.__setattr__(self, "charge_power_kw", float(self.power_kw))
        if self.discharge_power_kw is None:
            object.__setattr__(self, "discharge_power_kw", float(self.power_kw))
        _fraction(self, "charge_efficiency", open_low=True,
                  fix="one-way efficiency in (0, 1], e.g. 0.95")
        _fraction(self, "discharge_efficiency", open_low=True,
                  fix="one-way efficiency in (0, 1], e.g. 0.95")
        for name in ("soc_min", "soc_max", "soc_initial"):
            _fraction(self, name)
        check(self.soc_min < self.soc_max, "Battery.soc_min", self.soc_min,
              f"must be < soc_max = {self.soc_max}", "lower soc_min or raise soc_max")
        check(self.soc_min <= self.soc_initial <= self.soc_max, "Battery.soc_initial",
              self.soc_initial,
              f"must lie in [soc_min, soc_max] = [{self.soc_min}, {self.soc_max}]",
              "start the battery inside its SoC window")
        _finite(self, "cycle_life", strict=True, fix="equivalent full cycles, e.g. 6000")
        _costs(self, life_field="calendar_life_years")

    @property
    def usable_kwh(self) -> float:
        """Energy between ``soc_min`` and ``soc_max``. [kWh]"""
        return self.energy_kwh * (self.soc_max - self.soc_min)

    @property
    def power_ratios(self) -> tuple[float, float]:
        """Charge and discharge limits per kWh of rated energy (1, 1 without energy). [kW/kWh]

        The rule every resizing uses: a battery given a new energy and no new
        power keeps these ratios (a 1-hour battery when it had no energy).
        """
        if self.energy_kwh <= 0:
            return 1.0, 1.0
        return self.charge_power_kw / self.energy_kwh, self.discharge_power_kw / self.energy_kwh

    def with_energy(self, energy_kwh: float) -> Battery:
        """A copy of rated energy ``energy_kwh`` keeping :attr:`power_ratios`. [kWh]"""
        r_c, r_d = self.power_ratios
        e = number(energy_kwh, "Battery.energy_kwh", minimum=0.0)
        return self.replace(energy_kwh=e, power_kw=max(e * r_c, e * r_d),
                            charge_power_kw=e * r_c, discharge_power_kw=e * r_d,
                            duration_h=None)


@dataclass(frozen=True, slots=True, kw_only=True)
class GensetFleet(_Component):
    """A fleet of identical diesel or gas gensets sharing load equally.

    Fuel per running unit follows HOMER's linear curve
    ``F = F0·P_rated + F1·P_out`` [L/h]. A unit's output lies between
    ``min_load_ratio·P_rated`` and its available capacity ``a(t)·P_rated``,
    where ``a(t)`` is the hourly available-capacity factor (altitude and
    temperature derating) passed to :func:`minegrid.simulate` with the profiles.

    Parameters
    ----------
    unit_rated_kw : float
        Rated (sea-level, ISO) power of one unit. [kW]
    n_units : int
        Number of units installed. [-]
    existing_units : int
        How many of ``n_units`` the mine already owns: they cost no capital
        (their replacements, O&M and fuel are still paid), in [0, n_units]. [-]
    min_load_ratio : float
        Minimum output of a running unit as a fraction of rated power, in [0, 1). [-]
    fuel_intercept_l_per_kwh : float
        F0, no-load fuel per kW of rated power per hour. [L/(kW·h)]
    fuel_slope_l_per_kwh : float
        F1, marginal fuel per kWh produced. [L/kWh]
    life_hours : float
        Running hours to replacement (overhaul to zero hours). [h]
    om_per_unit_hour : float
        O&M cost per running hour of one unit. [currency/h]
    capex_per_kw : float
        Capital cost per kW rated. [currency/kW]
    replacement_ratio, salvage_ratio
        As for :class:`PVPlant`.
    co2_kg_per_l : float
        CO2 emitted per litre of fuel; 2.68 for diesel. [kg/L]
    """

    unit_rated_kw: float = 1000.0
    n_units: int = 0
    existing_units: int = 0
    min_load_ratio: float = 0.3
    fuel_intercept_l_per_kwh: float = 0.0165
    fuel_slope_l_per_kwh: float = 0.2366
    life_hours: float = 60000.0
    om_per_unit_hour: float = 15.0
    capex_per_kw: float = 500.0
    replacement_ratio: float = 1.0
    salvage_ratio: float = 1.0
    co2_kg_per_l: float = 2.68

    def __post_init__(self):
        _finite(self, "unit_rated_kw", strict=True, fix="give one unit's rated power in kW")
        _count(self, "n_units")
        _count(self, "existing_units")
        check(self.existing_units <= self.n_units, "GensetFleet.existing_units",
              self.existing_units, f"must be <= n_units = {self.n_units}",
              "count the owned units among the installed ones")
        _finite(self, "min_load_ratio", minimum=0.0, maximum=0.99,
                fix="a fraction of rated power in [0, 1), e.g. 0.3")
        _finite(self, "fuel_intercept_l_per_kwh", fix="HOMER's F0 in L/h per kW rated, e.g. 0.0165")
        _finite(self, "fuel_slope_l_per_kwh", fix="HOMER's F1 in L/kWh, e.g. 0.2366")
        _finite(self, "om_per_unit_hour", fix="O&M per running hour of one unit")
        _finite(self, "co2_kg_per_l", fix="2.68 kg/L for diesel")
        _costs(self, life_field="life_hours")

    @property
    def rated_kw(self) -> float:
        """Total rated power of the fleet. [kW]"""
        return self.n_units * self.unit_rated_kw


@dataclass(frozen=True, slots=True, kw_only=True)
class Dispatch(_Component):
    """Dispatch strategy and operating reserve (HOMER's rules).

    Parameters
    ----------
    strategy : {"load_following", "cycle_charging"}
        Load following: the battery covers the net load first, gensets the
        rest. Cycle charging: running gensets produce as much as the load and
        the battery (up to ``cycle_charging_setpoint``) can absorb.
    cycle_charging_setpoint : float
        SoC up to which running gensets charge the battery under cycle
        charging, in [0, 1]. [-]
    cycle_charging_hold : bool
        HOMER's set-point rule: once units have run under cycle charging, one
        unit keeps running (charging the battery) until the SoC reaches the
        set-point, even when the load no longer needs it. Off by default:
        units then charge towards the set-point only while they are needed.
    reserve_load_fraction, reserve_pv_fraction, reserve_wind_fraction : float
        Operating reserve required each step, as fractions of the load, the PV
        output and the wind output (HOMER defaults 0.10, 0.25, 0.50). [-]
    reserve_fixed_kw : float
        A fixed contingency reserve added every step, e.g. the largest motor
        start (``minegrid.load_stats(load).largest_motor_step_kw``); gensets are
        committed to hold it as spinning reserve. [kW]
    """

    strategy: str = "load_following"
    cycle_charging_setpoint: float = 0.8
    cycle_charging_hold: bool = False
    reserve_load_fraction: float = 0.10
    reserve_pv_fraction: float = 0.25
    reserve_wind_fraction: float = 0.50
    reserve_fixed_kw: float = 0.0

    def __post_init__(self):
        check(self.strategy in STRATEGIES, "Dispatch.strategy", self.strategy,
              f"is not one of {STRATEGIES}", "pick one of those names")
        _fraction(self, "cycle_charging_setpoint")
        check(isinstance(self.cycle_charging_hold, bool), "Dispatch.cycle_charging_hold",
              self.cycle_charging_hold, "must be True or False", "HOMER's set-point rule: True")
        for name in ("reserve_load_fraction", "reserve_pv_fraction", "reserve_wind_fraction"):
            _finite(self, name, maximum=10.0, fix="a fraction such as 0.1 (not a percentage)")
        _finite(self, "reserve_fixed_kw", fix="a power in kW, e.g. the largest motor start")

    @property
    def strategy_code(self) -> int:
        """Index of the strategy in :data:`STRATEGIES` (what the kernel sees)."""
        return STRATEGIES.index(self.strategy)


@dataclass(frozen=True, slots=True, kw_only=True)
class Project(_Component):
    """Project and finance assumptions.

    Parameters
    ----------
    lifetime_years : int
        Project life; cash flows at the end of years 1..N. [year]
    discount_rate : float
        Real discount rate, e.g. 0.08. [1/year]
    fuel_price_per_l : float
        Delivered fuel price at site. [currency/L]
    carbon_price_per_t : float
        Price of CO2 emissions. [currency/t]
    currency : str
        Label only (no conversion).
    """

    lifetime_years: int = 20
    discount_rate: float = 0.08
    fuel_price_per_l: float = 1.10
    carbon_price_per_t: float = 0.0
    currency: str = "USD"

    def __post_init__(self):
        _count(self, "lifetime_years")
        check(self.lifetime_years >= 1, "Project.lifetime_years", self.lifetime_years,
              "must be >= 1", "give the project life in whole years")
        _finite(self, "discount_rate", minimum=-0.5, maximum=1.0,
                fix="a real rate as a fraction, e.g. 0.08 for 8 %")
        _finite(self, "fuel_price_per_l", fix="price per litre delivered at site")
        _finite(self, "carbon_price_per_t", fix="price per tonne of CO2, 0 for none")
        check(isinstance(self.currency, str) and self.currency.strip() != ""
              and self.currency.isprintable(), "Project.currency", self.currency,
              "must be a non-empty one-line label", "e.g. currency = 'USD'")


@dataclass(frozen=True, slots=True, kw_only=True)
class System(_Component):
    """A hybrid system: the components and how they are dispatched.

    A missing component is ``None`` and behaves as a zero-size one.
    """

    pv: PVPlant | None = None
    wind: WindPlant | None = None
    battery: Battery | None = None
    genset: GensetFleet | None = None
    dispatch: Dispatch = field(default_factory=Dispatch)

    def __post_init__(self):
        for name, cls in (("pv", PVPlant), ("wind", WindPlant), ("battery", Battery),
                          ("genset", GensetFleet), ("dispatch", Dispatch)):
            value = getattr(self, name)
            if value is None and name != "dispatch":
                continue
            check(isinstance(value, cls), f"System.{name}", type(value).__name__,
                  f"must be a minegrid.{cls.__name__}", f"pass minegrid.{cls.__name__}(...)")

    # zero-size stand-ins keep the rest of the code free of None checks
    @property
    def pv_or_zero(self) -> PVPlant:
        return self.pv if self.pv is not None else PVPlant()

    @property
    def wind_or_zero(self) -> WindPlant:
        return self.wind if self.wind is not None else WindPlant()

    @property
    def battery_or_zero(self) -> Battery:
        return self.battery if self.battery is not None else Battery()

    @property
    def genset_or_zero(self) -> GensetFleet:
        return self.genset if self.genset is not None else GensetFleet()
