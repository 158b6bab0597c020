"""The plant: PV, wind, battery, gensets and the converter, with their costs.

The conventions (units in field names, validation, where time series live, the
2026 cost defaults and their plausible ranges) are those of :mod:`minegrid.components`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np

from ..errors import MinegridWarning, check, number, numbers
from ..plausible import warn_implausible
from ._fields import Component, _costs, _count, _finite, _fraction
from .fuel import DIESEL, DualFuel, Fuel

__all__ = ["PVPlant", "WindPlant", "Battery", "GensetFleet", "Converter"]


@dataclass(frozen=True, slots=True, kw_only=True)
class PVPlant(Component):
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
    capex_per_kw: float = 950.0
    om_per_kw_year: float = 18.0
    lifetime_years: float = 25.0
    replacement_ratio: float = 1.0
    salvage_ratio: float = 1.0

    def __post_init__(self):
        _finite(self, "rated_kw", fix="give the installed DC power in kW, 0 for none")
        _costs(self, life_field="lifetime_years")
        warn_implausible(self)


@dataclass(frozen=True, slots=True, kw_only=True)
class WindPlant(Component):
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
    capex_per_kw: float = 2100.0
    om_per_kw_year: float = 55.0
    lifetime_years: float = 25.0
    replacement_ratio: float = 1.0
    salvage_ratio: float = 1.0

    def __post_init__(self):
        _count(self, "n_turbines")
        _finite(self, "turbine_rated_kw", minimum=0.0, strict=True,
                fix="give one turbine's rated power in kW")
        _costs(self, life_field="lifetime_years")
        warn_implausible(self)

    @property
    def rated_kw(self) -> float:
        """Total rated power. [kW]"""
        return self.n_turbines * self.turbine_rated_kw


@dataclass(frozen=True, slots=True, kw_only=True)
class Battery(Component):
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
    lifetime_throughput_kwh : float, optional
        HOMER's lifetime throughput: energy drawn from storage (after charging
        losses, before discharging losses) over the battery's life; with ``q``
        drawn per year the life is also at most ``lifetime_throughput_kwh / q``. [kWh]
    max_charge_rate_per_h : float, optional
        HOMER's maximum charge rate α (A/Ah, i.e. 1/h): in a step the battery
        accepts at most ``1 − exp(−α·Δt)`` of its remaining room. None: no such
        limit. [1/h]
    capex_per_kwh : float
        Capital cost per kWh of rated energy: cells, racks, containers, BMS,
        HVAC and their share of installation. [currency/kWh]
    capex_per_kw : float
        Capital cost per kW of power, added to the energy cost: power
        conversion (PCS, oversized for altitude), transformer, switchgear and
        their installation, priced on ``max(charge, discharge)`` power.
        Energy and power are priced separately so that a sizing pays for the
        inverter it picks (``docs/costs.md``). [currency/kW]
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
    lifetime_throughput_kwh: float | None = None
    max_charge_rate_per_h: float | None = None
    capex_per_kwh: float = 260.0
    capex_per_kw: float = 180.0
    om_per_kwh_year: float = 6.0
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
        if self.lifetime_throughput_kwh is not None:
            _finite(self, "lifetime_throughput_kwh", strict=True,
                    fix="energy drawn from storage over the battery's life in kWh")
        if self.max_charge_rate_per_h is not None:
            _finite(self, "max_charge_rate_per_h", strict=True,
                    fix="HOMER's maximum charge rate in A/Ah (1/h), e.g. 1.0")
        _costs(self, life_field="calendar_life_years")
        warn_implausible(self)

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
class GensetFleet(Component):
    """A fleet of identical diesel or gas gensets (one unit type) sharing load equally.

    Fuel per running unit follows HOMER's linear curve ``F = F0·P_rated +
    F1·P_out`` [fuel unit/h], or a vendor's part-load table. A unit's output
    lies between ``min_load_ratio·P_rated`` and its available capacity
    ``a(t)·P_rated``, where ``a(t)`` is the hourly available-capacity factor
    (altitude and temperature derating) passed with the profiles. A plant of
    several types is ``System(gensets=(fleet, fleet, ...))``; the rules are in
    ``docs/theory/gensets.md``.

    Parameters
    ----------
    unit_rated_kw : float
        Rated (sea-level, ISO) power of one unit. [kW]
    n_units : int
        Number of units installed. [-]
    existing_units : int
        How many of ``n_units`` the mine already owns: they cost no capital
        (their replacements, O&M and fuel are still paid), in [0, n_units]. [-]
    existing_remaining_life_hours : float, optional
        Running hours the owned units have left before their first overhaul to
        zero hours (replacement); ``None``: as new (``life_hours``). [h]
    min_load_ratio : float
        Minimum output of a running unit as a fraction of rated power, in [0, 1). [-]
    fuel_intercept_l_per_h_per_kw, fuel_slope_l_per_kwh : float
        HOMER's F0 [L/(h·kW rated)] and F1 [L/kWh] for a diesel (or, for a
        :class:`~minegrid.DualFuel` engine, litres of diesel equivalent).
    fuel : Fuel or DualFuel
        What the units burn; diesel at the project's price by default.
    fuel_intercept_per_h_per_kw, fuel_slope_per_kwh : float, optional
        F0 [unit/(h·kW rated)] and F1 [unit/kWh] in the unit of ``fuel``
        (e.g. Nm3): required for a gas fleet unless ``part_load_fuel_per_h``
        is given; for diesel they default to the litre fields.
    part_load_fuel_per_h : sequence of 4 floats, optional
        Vendor table: fuel of one unit at 25, 50, 75 and 100 % of rated output,
        strictly increasing, interpolated linearly (extrapolated below 25 %
        along its first segment). Replaces the linear curve. [fuel unit/h]
    life_hours : float
        Running hours to replacement (overhaul to zero hours). [h]
    om_per_unit_hour : float
        O&M cost per running hour of one unit. [currency/h]
    om_per_kw_hour : float
        O&M cost per running hour per kW rated (scales with the unit). [currency/(kW·h)]
    om_per_kw_year : float
        Fixed O&M per kW installed per year. [currency/(kW·year)]
    overhaul_cost_per_kw, overhaul_interval_hours : float, optional
        Cost of a major overhaul per kW rated [currency/kW], every so many
        running hours of a unit [h]; priced as a running cost.
    start_cost : float
        Money per start (wear, crew). [currency]
    start_fuel_per_start : float
        Fuel burnt by one start. [fuel unit]
    min_run_h, min_down_h : float
        A unit that starts runs at least, and one that stops stays off at
        least, this long (rounded up to whole steps; 0: no rule). [h]
    capex_per_kw : float
        Capital cost per kW rated (owned units: none). [currency/kW]
    replacement_ratio, salvage_ratio
        As for :class:`PVPlant`.
    co2_kg_per_l : float
        CO2 per litre of diesel; 2.68. Kept for diesel fleets; a fuel's own
        factor is ``Fuel.co2_kg_per_unit``. [kg/L]
    name : str
        Label of the type in tables (``"gensets"``), unique within a plant.
    fuel_intercept_l_per_kwh : float, optional
        Former name of ``fuel_intercept_l_per_h_per_kw`` (accepted with a warning).
    """

    unit_rated_kw: float = 1000.0
    n_units: int = 0
    existing_units: int = 0
    min_load_ratio: float = 0.3
    fuel_intercept_l_per_h_per_kw: float = 0.0165
    fuel_slope_l_per_kwh: float = 0.2366
    life_hours: float = 60000.0
    om_per_unit_hour: float = 15.0
    capex_per_kw: float = 500.0
    replacement_ratio: float = 1.0
    salvage_ratio: float = 1.0
    co2_kg_per_l: float = 2.68
    fuel_intercept_l_per_kwh: float | None = field(default=None, repr=False)
    name: str = "gensets"
    fuel: Fuel | DualFuel = DIESEL
    fuel_intercept_per_h_per_kw: float | None = None
    fuel_slope_per_kwh: float | None = None
    part_load_fuel_per_h: tuple[float, ...] | None = None
    om_per_kw_hour: float = 0.0
    om_per_kw_year: float = 0.0
    overhaul_cost_per_kw: float = 0.0
    overhaul_interval_hours: float | None = None
    start_cost: float = 0.0
    start_fuel_per_start: float = 0.0
    min_run_h: float = 0.0
    min_down_h: float = 0.0
    existing_remaining_life_hours: float | None = None

    def __post_init__(self):
        _finite(self, "unit_rated_kw", strict=True, fix="give one unit's rated power in kW")
        _count(self, "n_units")
        _count(self, "existing_units")
        check(self.existing_units <= self.n_units, "GensetFleet.existing_units",
              self.existing_units, f"must be <= n_units = {self.n_units}",
              "count the owned units among the installed ones")
        _finite(self, "min_load_ratio", minimum=0.0, maximum=0.99,
                fix="a fraction of rated power in [0, 1), e.g. 0.3")
        if self.fuel_intercept_l_per_kwh is not None:  # the name before 0.2
            warnings.warn("GensetFleet.fuel_intercept_l_per_kwh is now called "
                          "fuel_intercept_l_per_h_per_kw (litres per hour per kW rated, HOMER's "
                          "F0); the value is used as that.", MinegridWarning, stacklevel=3)
            object.__setattr__(self, "fuel_intercept_l_per_h_per_kw",
                               self.fuel_intercept_l_per_kwh)
            object.__setattr__(self, "fuel_intercept_l_per_kwh", None)
        _finite(self, "fuel_intercept_l_per_h_per_kw",
                fix="HOMER's F0 in L/h per kW rated, e.g. 0.0165")
        _finite(self, "fuel_slope_l_per_kwh", fix="HOMER's F1 in L/kWh, e.g. 0.2366")
        _finite(self, "om_per_unit_hour", fix="O&M per running hour of one unit")
        _finite(self, "co2_kg_per_l", fix="2.68 kg/L for diesel")
        _costs(self, life_field="life_hours")
        check(isinstance(self.name, str) and self.name.strip() != "" and self.name.isprintable(),
              "GensetFleet.name", self.name, "must be a non-empty one-line label",
              "e.g. name='existing gas units'")
        _check_supply(self)
        _check_curve(self)
        for name, fix in (("overhaul_cost_per_kw", "overhaul cost per kW rated, 0 for none"),
                          ("start_cost", "money per start, 0 for none"),
                          ("start_fuel_per_start", "fuel per start in the fuel's unit"),
                          ("min_run_h", "hours a started unit runs at least, 0 for none"),
                          ("min_down_h", "hours a stopped unit stays off, 0 for none")):
            _finite(self, name, fix=fix)
        if self.overhaul_interval_hours is not None:
            _finite(self, "overhaul_interval_hours", strict=True,
                    fix="running hours between overhauls, e.g. 20000")
        if self.existing_remaining_life_hours is not None:
            _finite(self, "existing_remaining_life_hours",
                    fix="running hours the owned units have left (>= 0; 0: due now)")
            check(self.existing_units > 0, "GensetFleet.existing_remaining_life_hours",
                  self.existing_remaining_life_hours, "is given for a fleet that owns no units",
                  "set existing_units, or omit the remaining life")

    @property
    def rated_kw(self) -> float:
        """Total rated power of the fleet. [kW]"""
        return self.n_units * self.unit_rated_kw

    @property
    def f0_per_h_per_kw(self) -> float:
        """Fuel curve intercept in the curve's unit (fuel, or L diesel equiv.). [unit/(h·kW)]"""
        if self.fuel_intercept_per_h_per_kw is not None:
            return self.fuel_intercept_per_h_per_kw
        return self.fuel_intercept_l_per_h_per_kw

    @property
    def f1_per_kwh(self) -> float:
        """Fuel curve slope in the unit of the curve. [unit/kWh]"""
        if self.fuel_slope_per_kwh is not None:
            return self.fuel_slope_per_kwh
        return self.fuel_slope_l_per_kwh

    @property
    def curve_unit(self) -> str:
        """Unit of the fuel curve: the fuel's, or ``"L"`` (diesel equivalent) for dual fuel."""
        return "L" if isinstance(self.fuel, DualFuel) else self.fuel.unit

    def linear_curve(self) -> tuple[float, float]:
        """``(F0, F1)`` of the curve [unit/(h·kW), unit/kWh]; for a part-load table, a
        line through no point above it (a lower bound of the table, used by the LP
        bound and by economic dispatch's cost estimates)."""
        if self.part_load_fuel_per_h is None:
            return self.f0_per_h_per_kw, self.f1_per_kwh
        u = self.unit_rated_kw
        x = np.array([0.0, 0.25, 0.5, 0.75, 1.0]) * u
        f = np.array(_table_points(self.part_load_fuel_per_h))
        slope = float(np.polyfit(x, f, 1)[0])
        intercept = float(np.min(f - slope * x))
        return intercept / u, slope

    def table_points(self) -> tuple[float, ...] | None:
        """The part-load table at 0, 25, 50, 75 and 100 % of rating (0 % along its first
        segment), or None without a table. [fuel unit/h]"""
        if self.part_load_fuel_per_h is None:
            return None
        return _table_points(self.part_load_fuel_per_h)

    @property
    def uses_rules(self) -> bool:
        """True when the fleet needs the plant path: rules the one-fleet kernel does not have
        (timing, start fuel, a part-load table), a fuel other than diesel, a fuel price
        path, or owned units with a remaining life (priced type by type)."""
        return (self.part_load_fuel_per_h is not None or self.min_run_h > 0
                or self.min_down_h > 0 or self.start_fuel_per_start > 0
                or isinstance(self.fuel, DualFuel) or self.fuel.kind != "diesel"
                or self.fuel.price_path_per_unit is not None
                or self.existing_remaining_life_hours is not None)


def _table_points(table) -> tuple[float, ...]:
    """A part-load table extended to zero load along its first segment. [unit/h]"""
    f25, f50 = table[0], table[1]
    return (2.0 * f25 - f50, *table)


def _check_supply(fleet) -> None:
    fuel = fleet.fuel
    check(isinstance(fuel, Fuel | DualFuel), "GensetFleet.fuel", type(fuel).__name__,
          "must be a minegrid.Fuel or minegrid.DualFuel",
          "pass Fuel(kind='natural_gas', unit='Nm3', ...) or leave the default diesel")
    if isinstance(fuel, Fuel) and fuel.kind == "diesel" and fleet.co2_kg_per_l != 2.68:
        check(fuel == DIESEL or fuel.co2_kg_per_unit == fleet.co2_kg_per_l,
              "GensetFleet.co2_kg_per_l", fleet.co2_kg_per_l,
              f"disagrees with the fuel's co2_kg_per_unit = {fuel.co2_kg_per_unit}",
              "give the CO2 factor once, on the Fuel")
        object.__setattr__(fleet, "fuel", fuel.replace(co2_kg_per_unit=fleet.co2_kg_per_l))
    gas = isinstance(fuel, Fuel) and fuel.kind == "natural_gas"
    if gas:
        diesel_curve = (fleet.fuel_intercept_l_per_h_per_kw != 0.0165
                        or fleet.fuel_slope_l_per_kwh != 0.2366)
        check(not diesel_curve, "GensetFleet.fuel_slope_l_per_kwh", fleet.fuel_slope_l_per_kwh,
              f"is a diesel curve in litres, but the fleet burns {fuel.name!r} in {fuel.unit}",
              f"give fuel_intercept_per_h_per_kw and fuel_slope_per_kwh in {fuel.unit} "
              "(or part_load_fuel_per_h)")
        check(fleet.part_load_fuel_per_h is not None
              or (fleet.fuel_intercept_per_h_per_kw is not None
                  and fleet.fuel_slope_per_kwh is not None),
              "GensetFleet.fuel_slope_per_kwh", fleet.fuel_slope_per_kwh,
              f"is needed for a gas fleet ({fuel.unit})",
              f"give fuel_intercept_per_h_per_kw and fuel_slope_per_kwh in {fuel.unit} per h "
              "per kW and per kWh, or the vendor's part_load_fuel_per_h")


def _check_curve(fleet) -> None:
    unit = fleet.curve_unit
    for name in ("fuel_intercept_per_h_per_kw", "fuel_slope_per_kwh"):
        if getattr(fleet, name) is not None:
            _finite(fleet, name, fix=f"the fuel curve in {unit}")
    table = fleet.part_load_fuel_per_h
    if table is None:
        return
    vals = numbers(table, "GensetFleet.part_load_fuel_per_h", minimum=0.0,
                   fix=f"fuel of one unit in {unit}/h at 25, 50, 75 and 100 % load")
    check(len(vals) == 4, "GensetFleet.part_load_fuel_per_h", vals,
          "must hold 4 values (25, 50, 75 and 100 % of rated output)",
          f"give fuel in {unit}/h at those four loads")
    rising = all(b > a for a, b in zip(vals, vals[1:], strict=False))
    check(rising, "GensetFleet.part_load_fuel_per_h", vals, "must be strictly increasing with load",
          "check the table's order (25 % first) and its unit")
    check(_table_points(vals)[0] >= 0.0, "GensetFleet.part_load_fuel_per_h", vals,
          "extrapolates to negative fuel at zero load (fuel at 25 % below half that at 50 %)",
          "check the 25 % value")
    object.__setattr__(fleet, "part_load_fuel_per_h", vals)


@dataclass(frozen=True, slots=True, kw_only=True)
class Converter(Component):
    """A converter between a DC bus (PV, battery) and the AC bus (load, gensets, wind).

    With a converter in the :class:`System`, PV and the battery sit on the DC
    bus: PV profiles must then be DC (``pv_profile(..., output="dc")``), the
    battery's efficiencies and limits are at its DC terminals, and power
    crosses to the AC bus through the inverter and back through the
    rectifier, with their losses and capacities (HOMER's converter).

    Parameters
    ----------
    inverter_kw : float
        Inverter capacity, AC output. [kW]
    inverter_efficiency : float
        DC → AC efficiency, in (0, 1]. [-]
    rectifier_kw : float, optional
        Rectifier capacity, AC input; default ``inverter_kw``. [kW]
    rectifier_efficiency : float
        AC → DC efficiency, in (0, 1]. [-]
    reserve_through_inverter : bool
        Cap the DC side's contribution to the AC operating capacity at the
        inverter rating (stricter than HOMER, which does not). [-]
    capex_per_kw : float
        Capital cost per kW of inverter capacity. [currency/kW]
    om_per_kw_year : float
        Fixed O&M. [currency/(kW·year)]
    lifetime_years, replacement_ratio, salvage_ratio
        As for :class:`PVPlant`.
    """

    inverter_kw: float
    inverter_efficiency: float = 0.96
    rectifier_kw: float | None = None
    rectifier_efficiency: float = 0.96
    reserve_through_inverter: bool = False
    capex_per_kw: float = 250.0
    om_per_kw_year: float = 2.0
    lifetime_years: float = 15.0
    replacement_ratio: float = 1.0
    salvage_ratio: float = 1.0

    def __post_init__(self):
        _finite(self, "inverter_kw", fix="the inverter's AC rating in kW")
        if self.rectifier_kw is None:
            object.__setattr__(self, "rectifier_kw", self.inverter_kw)
        _finite(self, "rectifier_kw", fix="the rectifier's AC input rating in kW")
        for name in ("inverter_efficiency", "rectifier_efficiency"):
            _fraction(self, name, open_low=True, fix="an efficiency in (0, 1], e.g. 0.96")
        check(isinstance(self.reserve_through_inverter, bool),
              "Converter.reserve_through_inverter", self.reserve_through_inverter,
              "must be True or False", "reserve_through_inverter=True or False")
        _costs(self, life_field="lifetime_years")
