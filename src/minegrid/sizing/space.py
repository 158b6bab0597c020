"""What a sizing may choose (:class:`DesignSpace`) and must achieve (:class:`Requirements`).

Each requirement is a hard constraint ``g <= 0`` with ``g`` normalised so that
one unit of ``g`` means about the same everywhere (a fraction of load, of the
limit, or of the peak load): :meth:`Requirements.limits` gives each active
constraint's limit and scale, :data:`CONSTRAINTS` the metric it limits, its
unit and whether it is a maximum or a minimum.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..errors import check, is_number, number, whole

__all__ = ["DesignSpace", "Requirements", "VARIABLES", "INTEGER_VARIABLES", "VARIABLE_UNITS",
           "type_variable", "is_integer_variable",
           "CONSTRAINTS", "OBJECTIVES", "OBJECTIVE_UNITS", "FEASIBILITY_TOLERANCE"]

#: Decision variables a :class:`DesignSpace` may leave free, in vector order.
VARIABLES = ("pv_kw", "n_turbines", "battery_kwh", "battery_kw", "n_units", "genset_kw")
#: Variables that take whole values.
INTEGER_VARIABLES = frozenset({"n_turbines", "n_units"})
#: Unit of each variable.
VARIABLE_UNITS = {"pv_kw": "kW DC", "n_turbines": "-", "battery_kwh": "kWh", "battery_kw": "kW",
                  "n_units": "-", "genset_kw": "kW"}
#: Objectives :func:`minegrid.size` can minimise, with their units.
OBJECTIVE_UNITS = {"npc": "currency", "annualised": "currency/yr", "lcoe": "currency/kWh",
                   "npc_plus_lost_value": "currency"}
OBJECTIVES = tuple(OBJECTIVE_UNITS)
#: Requirement -> (metric it limits, unit, "max" or "min").
CONSTRAINTS = {
    "max_unserved_fraction": ("unserved_fraction", "-", "max"),
    "min_renewable_fraction": ("renewable_fraction", "-", "min"),
    "max_co2_t_per_year": ("co2_t", "t/yr", "max"),
    "max_fuel_l_per_year": ("fuel_l", "L/yr", "max"),
    "max_capital": ("capital", "currency", "max"),
    "n_plus_1": ("redundant_kw", "kW", "min"),
    "largest_motor_kw": ("firm_kw", "kW", "min"),
    "max_capacity_shortage_fraction": ("capacity_shortage_fraction", "-", "max"),
    "min_battery_c_rate": ("battery_c_rate", "1/h", "min"),
    "max_battery_c_rate": ("battery_c_rate", "1/h", "max"),
    "min_fuel_autonomy_days": ("fuel_autonomy_days", "day", "min"),
    "max_n1_hours": ("n1_hours", "h/yr", "max"),
    "max_motor_start_refused_hours": ("motor_start_refused_hours", "h/yr", "max"),
}
#: Constraint slack tolerated as rounding: a design with ``g`` below it is feasible.
FEASIBILITY_TOLERANCE = 1e-9


def _range_or_value(obj, name: str, *, integer: bool, field_name: str | None = None):
    """Validate one field: None, a number (fixed) or a (low, high) pair (free)."""
    value = getattr(obj, name)
    field_name = field_name or f"{type(obj).__name__}.{name}"
    if value is None:
        return None
    if isinstance(value, tuple | list | np.ndarray):
        check(len(value) == 2, field_name, value, "must be a (low, high) pair or one number",
              f"e.g. {name}=(0, 10)" if integer else f"e.g. {name}=(0.0, 5000.0)")
        check(all(is_number(v) for v in value), field_name, value,
              "must have numbers as bounds", "give both bounds as numbers")
        lo, hi = (float(v) for v in value)
        check(math.isfinite(lo) and math.isfinite(hi), field_name, value,
              "must have finite bounds", "give both bounds as numbers")
        check(lo >= 0, field_name, value, "must have bounds >= 0", "sizes are never negative")
        check(lo <= hi, field_name, value, "has its bounds inverted (low > high)",
              f"write ({min(lo, hi):g}, {max(lo, hi):g})")
        if integer:
            check(math.ceil(lo) <= math.floor(hi), field_name, value,
                  "contains no whole number (empty range for a unit count)",
                  "widen the range to include an integer")
            lo, hi = float(math.ceil(lo)), float(math.floor(hi))
        return (lo, hi)
    check(is_number(value), field_name, value, "must be a number or a (low, high) pair",
          "e.g. 2000.0 or (0, 5000)")
    v = float(value)
    check(math.isfinite(v) and v >= 0, field_name, value, "must be finite and >= 0",
          "sizes are never negative")
    if integer:
        check(v == round(v), field_name, value, "must be a whole number", "round the count")
    return v


@dataclass(frozen=True, slots=True, kw_only=True)
class DesignSpace:
    """The sizes :func:`minegrid.size` may choose, each fixed, free within bounds, or left as is.

    Every size field takes ``None`` (keep the template system's value), a
    number (fixed at that value) or a ``(low, high)`` pair (a decision variable
    within those bounds, inclusive). Unit counts are whole numbers.

    Parameters
    ----------
    pv_kw : float or (float, float), optional
        PV capacity. [kW DC]
    n_turbines : int or (int, int), optional
        Number of wind turbines of the template's turbine. [-]
    battery_kwh : float or (float, float), optional
        Battery rated energy. [kWh]
    battery_kw : float or (float, float), optional
        Battery charge and discharge limit. When neither this nor
        ``battery_duration_h`` is given, the template battery's power-to-energy
        ratio is kept (1 h without a template battery). [kW]
    battery_duration_h : float, optional
        Fixed energy-to-power ratio: ``battery_kw = battery_kwh / battery_duration_h``. [h]
    n_units : int or (int, int), optional
        Number of NEW genset units of ``unit_kw`` each, in addition to the
        units the mine owns (``existing_units`` here, or the template's
        ``GensetFleet.existing_units``). [-]
    unit_kw : float, optional
        Rating of one genset unit; default the template's (1000 kW without one). [kW]
    genset_kw : float or (float, float), optional
        Total rated power of the new gensets instead of a unit count: the
        fleet is ``genset_units`` equal units of ``genset_kw / genset_units``
        each (HOMER's generator "size"). Excludes ``n_units``, ``unit_kw`` and
        ``existing_units``. [kW]
    genset_units : int
        Number of units the ``genset_kw`` is split into. [-]
    existing_units : int
        Gensets of ``unit_kw`` already on site: always installed, they cost no
        capital (replacements, O&M and fuel are still paid). [-]
    type_units : dict, optional
        For a plant of genset types (``System(gensets=...)``): NEW units of each
        type by its name, a whole number (fixed) or a ``(low, high)`` pair (a
        decision variable ``n_units[<name>]``), on top of the type's owned
        ``existing_units``; types not named keep the template's count.
        Excludes ``n_units``, ``unit_kw``, ``genset_kw`` and ``existing_units``. [-]
    """

    pv_kw: float | tuple[float, float] | None = None
    n_turbines: int | tuple[int, int] | None = None
    battery_kwh: float | tuple[float, float] | None = None
    battery_kw: float | tuple[float, float] | None = None
    battery_duration_h: float | None = None
    n_units: int | tuple[int, int] | None = None
    unit_kw: float | None = None
    genset_kw: float | tuple[float, float] | None = None
    genset_units: int = 1
    existing_units: int = 0
    type_units: dict | None = None

    def __post_init__(self):
        for name in VARIABLES:
            v = _range_or_value(self, name, integer=name in INTEGER_VARIABLES)
            object.__setattr__(self, name, v)
        if self.battery_duration_h is not None:
            d = number(self.battery_duration_h, "DesignSpace.battery_duration_h", minimum=0.0,
                       strict=True, fix="e.g. 2.0 hours")
            object.__setattr__(self, "battery_duration_h", d)
            check(self.battery_kw is None, "DesignSpace.battery_kw", self.battery_kw,
                  "cannot be given with battery_duration_h", "give one of the two")
        if self.unit_kw is not None:
            u = number(self.unit_kw, "DesignSpace.unit_kw", minimum=0.0, strict=True,
                       fix="one unit's rating in kW")
            object.__setattr__(self, "unit_kw", u)
        for name, minimum in (("genset_units", 1), ("existing_units", 0)):
            object.__setattr__(self, name, whole(getattr(self, name), f"DesignSpace.{name}",
                                                 minimum=minimum, fix="pass an int"))
        if self.genset_kw is not None:
            for other, default in (("n_units", None), ("unit_kw", None), ("existing_units", 0)):
                check(getattr(self, other) == default, f"DesignSpace.{other}",
                      getattr(self, other), "cannot be combined with genset_kw",
                      "size the fleet either by total kW (genset_kw) or by unit count")
        if self.type_units is not None:
            check(isinstance(self.type_units, dict) and self.type_units,
                  "DesignSpace.type_units", self.type_units,
                  "must be a non-empty dict {genset type name: count or (low, high)}",
                  "e.g. type_units={'new diesel': (0, 6)}")
            for other, default in (("n_units", None), ("unit_kw", None), ("genset_kw", None),
                                   ("existing_units", 0)):
                check(getattr(self, other) == default, f"DesignSpace.{other}",
                      getattr(self, other), "cannot be combined with type_units",
                      "size a plant's genset types with type_units only")
            object.__setattr__(self, "type_units", {
                str(name): _type_range(name, value) for name, value in self.type_units.items()})

    @property
    def free(self) -> tuple[str, ...]:
        """Names of the decision variables (fields given as a range), in vector order:
        those of :data:`VARIABLES`, then ``n_units[<type>]`` of ``type_units``."""
        names = [n for n in VARIABLES if isinstance(getattr(self, n), tuple)]
        names += [type_variable(t) for t, v in (self.type_units or {}).items()
                  if isinstance(v, tuple)]
        return tuple(names)

    def bound(self, name: str):
        """The value or ``(low, high)`` of one variable (a name of :attr:`free`)."""
        if name in VARIABLES:
            return getattr(self, name)
        return self.type_units[name[len("n_units["):-1]]

    def bounds(self) -> list[tuple[float, float]]:
        """Bounds of the free variables, in the order of :attr:`free`."""
        return [self.bound(n) for n in self.free]


def type_variable(name: str) -> str:
    """The decision variable of a genset type's new units: ``n_units[<name>]``."""
    return f"n_units[{name}]"


def is_integer_variable(name: str) -> bool:
    """Whether a decision variable takes whole values (unit counts)."""
    return name in INTEGER_VARIABLES or name.startswith("n_units[")


class _Holder:
    """One ``type_units`` entry, for :func:`_range_or_value`."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


def _type_range(name, value):
    return _range_or_value(_Holder(value), "value", integer=True,
                           field_name=f"DesignSpace.type_units[{name!r}]")


@dataclass(frozen=True, slots=True, kw_only=True)
class Requirements:
    """What the design must achieve; each limit is a hard constraint (None: no limit).

    Parameters
    ----------
    max_unserved_fraction : float
        Unserved energy as a fraction of load, in [0, 1]. [-]
    min_renewable_fraction : float, optional
        Renewable fraction ``1 − genset energy / served energy``, in [0, 1]. [-]
    max_co2_t_per_year : float, optional
        CO2 emitted. [t/year]
    max_fuel_l_per_year : float, optional
        Fuel burnt. [L/year]
    max_capital : float, optional
        Initial capital cost (existing assets excluded). [currency]
    n_plus_1 : bool
        N+1 genset redundancy: the fleet without one unit still covers the
        peak load at the worst derating of the period,
        ``(n − 1)·P_u·min(a) ≥ max(L)``.
    largest_motor_kw : float, optional
        Largest motor start (e.g. ``minegrid.load_stats(load).largest_motor_step_kw``).
        When given, the firm capacity must cover the peak load plus that
        step: ``n·P_u·min(a) + P_dis,max ≥ max(L) + largest_motor_kw``. [kW]
        This is a design check on installed capacity; for an hourly spinning
        reserve, also set ``Dispatch(reserve_fixed_kw=...)`` on the system and
        ``max_capacity_shortage_fraction=0``.
    max_capacity_shortage_fraction : float, optional
        HOMER's "maximum annual capacity shortage": operating-reserve shortfall
        (load + reserve not covered by online gensets and battery) as a
        fraction of load, in [0, 1]. [-]
    min_battery_c_rate, max_battery_c_rate : float, optional
        Bounds on the battery's C-rate ``max(P_ch, P_dis) / E``, its power per
        kWh: 0.25 and 1 keep it a 1-to-4-hour battery, the products that a
        per-kWh and per-kW price describe. A design without a battery meets
        both. In (0, 10]. [1/h]
    min_fuel_autonomy_days : float, optional
        Days of the design's mean diesel use the site's tank holds,
        ``V_tank / (F_year / 365)``; needs ``size(..., fuel_supply=)`` (a tank
        sized to ``FuelSupply.min_autonomy_days`` holds that many). [day]
    max_n1_hours : float, optional
        Hours per year in which losing the largest source in service (a running genset,
        a PV block, a turbine, the battery inverter) would leave load uncovered
        (``Stats.n1_hours``); 0 for a strict N-1 grid, usually with
        ``Dispatch(n_minus_1_reserve=True)``; a plant of genset types and predictive
        dispatch too. [h/yr]
    max_motor_start_refused_hours : float, optional
        Hours per year in which the largest of ``Dispatch.motor_starts`` could not be
        accepted (``Stats.motor_start_refused_hours``). [h/yr]
    year_percentile : float, optional
        With several weather years (``size(system, [profiles, ...], ...)``), the share
        of the years in which every requirement must hold, in (0, 100]: 90 sizes for
        the P90 year. None: every year. [%]
    """

    max_unserved_fraction: float = 0.0
    min_renewable_fraction: float | None = None
    max_co2_t_per_year: float | None = None
    max_fuel_l_per_year: float | None = None
    max_capital: float | None = None
    n_plus_1: bool = False
    largest_motor_kw: float | None = None
    max_capacity_shortage_fraction: float | None = None
    min_battery_c_rate: float | None = None
    max_battery_c_rate: float | None = None
    min_fuel_autonomy_days: float | None = None
    year_percentile: float | None = None
    max_n1_hours: float | None = None
    max_motor_start_refused_hours: float | None = None

    def __post_init__(self):
        def num(name, hi=None, fix=""):
            v = getattr(self, name)
            if v is None:
                return
            check(is_number(v) and math.isfinite(v) and v >= 0, f"Requirements.{name}", v,
                  "must be a finite number >= 0", fix)
            if hi is not None:
                check(v <= hi, f"Requirements.{name}", v, f"must be <= {hi}", fix)
            object.__setattr__(self, name, float(v))

        check(self.max_unserved_fraction is not None, "Requirements.max_unserved_fraction",
              None, "must be a number", "0.0 for no unserved energy")
        num("max_unserved_fraction", 1.0, "a fraction in [0, 1], e.g. 0.001 (not a percentage)")
        num("min_renewable_fraction", 1.0, "a fraction in [0, 1], e.g. 0.5 (not a percentage)")
        num("max_co2_t_per_year", fix="tonnes of CO2 per year")
        num("max_fuel_l_per_year", fix="litres per year")
        num("max_capital", fix="capital budget in the project's currency")
        num("largest_motor_kw", fix="rating of the largest drive in kW")
        num("max_capacity_shortage_fraction", 1.0,
            "a fraction in [0, 1], e.g. 0.0 (not a percentage)")
        check(isinstance(self.n_plus_1, bool), "Requirements.n_plus_1", self.n_plus_1,
              "must be True or False", "True to require N+1 genset redundancy")
        if self.year_percentile is not None:
            check(is_number(self.year_percentile) and 0 < self.year_percentile <= 100,
                  "Requirements.year_percentile", self.year_percentile, "must be in (0, 100]",
                  "a percentage of the weather years, e.g. 90 for P90")
            object.__setattr__(self, "year_percentile", float(self.year_percentile))
        num("max_n1_hours", 8760.0, "hours per year, e.g. 0 for a strict N-1 grid")
        num("max_motor_start_refused_hours", 8760.0,
            "hours per year in which the largest start may be refused, e.g. 0")
        num("min_fuel_autonomy_days", fix="days of mean diesel use the tank must hold, e.g. 10 "
            "(needs size(..., fuel_supply=))")
        for name in ("min_battery_c_rate", "max_battery_c_rate"):
            num(name, 10.0, "a C-rate in 1/h, e.g. 0.25 for a 4-hour battery")
        lo, hi = self.min_battery_c_rate, self.max_battery_c_rate
        check(lo is None or hi is None or lo <= hi, "Requirements.min_battery_c_rate", lo,
              f"must be <= max_battery_c_rate = {hi}", "swap the two bounds")

    def active(self) -> tuple[str, ...]:
        """Names of the constraints that apply."""
        names = ["max_unserved_fraction"]
        for n in ("min_renewable_fraction", "max_co2_t_per_year", "max_fuel_l_per_year",
                  "max_capital", "largest_motor_kw", "max_capacity_shortage_fraction",
                  "min_battery_c_rate", "max_battery_c_rate", "min_fuel_autonomy_days",
                  "max_n1_hours", "max_motor_start_refused_hours"):
            if getattr(self, n) is not None:
                names.append(n)
        if self.n_plus_1:
            names.append("n_plus_1")
        return tuple(names)

    def limits(self, peak_kw: float) -> dict[str, tuple[float, float]]:
        """Each active constraint's limit and scale: ``g = ±(metric − limit) / scale``.

        ``peak_kw`` is the peak load [kW]: the limit of N+1 and, with the
        largest motor, of the firm capacity, and their scale.
        """
        peak = max(peak_kw, 1.0)
        out = {}
        for name in self.active():
            if name == "n_plus_1":
                out[name] = (peak_kw, peak)
            elif name == "largest_motor_kw":
                out[name] = (peak_kw + self.largest_motor_kw, peak)
            elif name in ("max_co2_t_per_year", "max_fuel_l_per_year", "max_capital",
                          "min_fuel_autonomy_days", "max_n1_hours",
                          "max_motor_start_refused_hours"):
                limit = getattr(self, name)
                out[name] = (limit, max(limit, 1.0))
            elif name in ("min_battery_c_rate", "max_battery_c_rate"):
                limit = getattr(self, name)
                out[name] = (limit, max(limit, 0.01))
            else:
                out[name] = (getattr(self, name), 1.0)
        return out

    def violations(self, metrics: dict, peak_kw: float) -> np.ndarray:
        """(S, M) normalised constraint values of S designs, in :meth:`active` order.

        ``metrics`` holds one array per metric of :data:`CONSTRAINTS`; a
        design meets constraint j when ``g[:, j] <= 0``.
        """
        out = []
        for name, (limit, scale) in self.limits(peak_kw).items():
            metric, _, kind = CONSTRAINTS[name]
            value = metrics[metric]
            out.append((value - limit) / scale if kind == "max" else (limit - value) / scale)
        return np.stack(out, axis=1)
