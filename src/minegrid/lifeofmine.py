"""Life of mine: multi-year simulation with ageing, a load plan, price paths and a cash flow.

A mine is not a town: its load ramps up, plateaus and declines, and it closes
after 8-25 years. :func:`simulate_life` runs the compiled dispatch kernel once
per year (one :func:`minegrid.dispatch.run_batch` call per year for all the
designs at once), chaining the battery's stored energy from year to year and
applying, year by year:

* the load of each year (a production plan, per-year loads or scale factors);
* PV degradation (a rate per year, compounded from installation);
* battery capacity fade from cycling (equivalent full cycles, or rainflow
  counted depth of discharge) and calendar time, with replacement at an
  end-of-life state of health or augmentation to hold capacity;
* genset overhauls and replacements by running hours, PV and wind
  replacements by life;
* fuel and carbon price paths, and carbon rules with a threshold and offsets
  (Chile's green tax);
* salvage or relocation of the assets when the mine closes.

It returns a year-by-year cash flow, the life-of-mine NPC and LCOE, and the
same for the diesel-only base case. :func:`size_life` optimises sizes against
the life-of-mine NPC with scipy's differential evolution, evaluating a whole
population per kernel call. Equations and references: ``docs/theory/lifeofmine.md``.

>>> import numpy as np, minegrid as mg
>>> system = mg.System(genset=mg.GensetFleet(unit_rated_kw=400, n_units=2))
>>> life = mg.LifeOfMine(horizon_years=3, load_scale=(0.5, 1.0, 1.0))
>>> r = mg.simulate_life(system, life, np.full(24, 500.0), base_case=False)
>>> r.cash_flow["served_kwh"].round().tolist()
[0.0, 2190000.0, 4380000.0, 4380000.0]
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields

import numpy as np

from . import _kernels as K
from . import dispatch as _dispatch
from .components import Project, System
from .economics import system_prices
from .errors import InputError, check

__all__ = [
    "PricePath",
    "CarbonTax",
    "BatteryAgeing",
    "LifeOfMine",
    "LifeOfMineResult",
    "LifeSavings",
    "LifeSizingResult",
    "simulate_life",
    "size_life",
    "rainflow_cycles",
    "AGEING_MODELS",
    "CASH_FLOW_COLUMNS",
]

HOURS_PER_YEAR = 8760.0
#: Battery ageing models (see :class:`BatteryAgeing`).
AGEING_MODELS = ("none", "cycles", "rainflow")
#: What happens when the battery ages (see :class:`BatteryAgeing`).
AGEING_RESPONSES = ("replace", "augment")
#: Money columns of :attr:`LifeOfMineResult.cash_flow`, nominal (undiscounted). [currency]
CASH_FLOW_COLUMNS = ("capex", "replacements", "overhauls", "om", "fuel", "carbon", "salvage",
                     "total")
_COMPONENTS = ("pv", "wind", "battery", "genset")
_EPS_T = 1e-9  # [year] tolerance on event times (replacement at the very end = none)


def _is_number(x) -> bool:
    return isinstance(x, int | float | np.integer | np.floating) and not isinstance(x, bool)


def _number(value, name: str, *, minimum=None, maximum=None, strict=False, fix="") -> float:
    check(_is_number(value) and math.isfinite(float(value)), name, value,
          "must be a finite number", fix or "pass a float")
    value = float(value)
    if minimum is not None:
        ok = value > minimum if strict else value >= minimum
        check(ok, name, value, f"must be {'>' if strict else '>='} {minimum}", fix)
    if maximum is not None:
        check(value <= maximum, name, value, f"must be <= {maximum}", fix)
    return value


def _numbers(values, name: str, n: int | None, *, minimum=None, maximum=None, fix="") -> tuple:
    """Validate a sequence of numbers (one per year when ``n`` is given)."""
    if hasattr(values, "to_numpy"):
        values = values.to_numpy()
    check(isinstance(values, Sequence | np.ndarray) and not isinstance(values, str), name,
          type(values).__name__, "must be a sequence of numbers", fix or "pass a list of floats")
    vals = list(np.asarray(values, dtype=object).ravel())
    if n is not None:
        check(len(vals) == n, name, f"{len(vals)} values",
              f"must have one value per year of the horizon ({n})",
              fix or f"give exactly {n} values, one per year")
    for v in vals:
        _number(v, name, minimum=minimum, maximum=maximum, fix=fix)
    return tuple(float(v) for v in vals)


# --------------------------------------------------------------------------- price paths


@dataclass(frozen=True, slots=True, kw_only=True)
class PricePath:
    """A price over the years of the horizon: constant, escalating, or an explicit series.

    Year ``k`` (1-based) costs ``start × (1 + escalation_per_year)^(k − 1)``, or
    ``values[k − 1]`` when ``values`` is given. Prices are real (the discount
    rate is real), so ``escalation_per_year`` is escalation above inflation.

    Parameters
    ----------
    start : float, optional
        Price in year 1. [currency/unit]
    escalation_per_year : float
        Real escalation rate, > -1. [1/year]
    values : sequence of float, optional
        One price per year of the horizon (instead of ``start``). [currency/unit]

    Examples
    --------
    >>> PricePath(start=1.0, escalation_per_year=0.1).at(3).round(4).tolist()
    [1.0, 1.1, 1.21]
    >>> PricePath.series([1.0, 1.2]).at(2).tolist()
    [1.0, 1.2]
    """

    start: float | None = None
    escalation_per_year: float = 0.0
    values: tuple[float, ...] | None = None

    def __post_init__(self):
        check((self.start is None) != (self.values is None), "PricePath", self,
              "needs exactly one of start= and values=",
              "PricePath(start=1.1) or PricePath(values=[...])")
        if self.start is not None:
            _number(self.start, "PricePath.start", minimum=0.0, fix="prices are >= 0")
            object.__setattr__(self, "start", float(self.start))
        _number(self.escalation_per_year, "PricePath.escalation_per_year", minimum=-1.0,
                strict=True, fix="a real rate as a fraction, e.g. 0.02 for 2 %/year")
        if self.values is not None:
            object.__setattr__(self, "values", _numbers(self.values, "PricePath.values", None,
                                                        minimum=0.0, fix="prices are >= 0"))
            check(len(self.values) > 0, "PricePath.values", self.values, "is empty",
                  "give one price per year")

    @classmethod
    def constant(cls, price: float) -> PricePath:
        """The same price every year."""
        return cls(start=price)

    @classmethod
    def escalating(cls, start: float, rate_per_year: float) -> PricePath:
        """``start`` in year 1, growing by ``rate_per_year`` a year."""
        return cls(start=start, escalation_per_year=rate_per_year)

    @classmethod
    def series(cls, values) -> PricePath:
        """An explicit price for each year."""
        return cls(values=tuple(values))

    def at(self, n_years: int, field_name: str = "PricePath") -> np.ndarray:
        """Prices of years 1..n_years as an array. [currency/unit]"""
        if self.values is not None:
            check(len(self.values) == n_years, field_name, f"{len(self.values)} values",
                  f"must have one value per year of the horizon ({n_years})",
                  f"give exactly {n_years} prices, or use PricePath.escalating(start, rate)")
            return np.asarray(self.values, dtype=float)
        k = np.arange(n_years, dtype=float)
        return self.start * (1.0 + self.escalation_per_year) ** k


def _as_path(value, name: str, n: int | None) -> PricePath | None:
    if value is None:
        return None
    if isinstance(value, PricePath):
        path = value
    elif _is_number(value):
        path = PricePath(start=_number(value, name, minimum=0.0, fix="prices are >= 0"))
    else:
        path = PricePath(values=_numbers(value, name, None, minimum=0.0, fix="prices are >= 0"))
    if n is not None:
        path.at(n, name)
    return path


# --------------------------------------------------------------------------- carbon


@dataclass(frozen=True, slots=True, kw_only=True)
class CarbonTax:
    """A carbon price applied as a rule: threshold, price path and offsets.

    Each year, with gross emissions ``E`` [t]:

    * if ``E < threshold_t_per_year`` nothing is paid;
    * else offsets ``O = min(offset_fraction·E + offset_t_per_year, E)`` are
      surrendered (bought at ``offset_cost_per_t``) and the tax is
      ``price·(E − O)``.

    A plain per-tonne price is ``CarbonTax(price_per_t=...)`` (threshold 0).
    Chile's green tax is :meth:`chile_green_tax`.

    Parameters
    ----------
    price_per_t : PricePath, float or sequence
        Tax per tonne of CO2. [currency/t]
    threshold_t_per_year : float
        Emissions at or above which the tax applies. [t/year]
    offset_fraction : float
        Fraction of the emissions offset when the tax applies, in [0, 1]. [-]
    offset_t_per_year : float
        Tonnes offset each year the tax applies. [t/year]
    offset_cost_per_t : float
        Cost of one tonne of offsets. [currency/t]
    """

    price_per_t: PricePath | float | tuple = 0.0
    threshold_t_per_year: float = 0.0
    offset_fraction: float = 0.0
    offset_t_per_year: float = 0.0
    offset_cost_per_t: float = 0.0

    def __post_init__(self):
        object.__setattr__(self, "price_per_t",
                           _as_path(self.price_per_t, "CarbonTax.price_per_t", None))
        _number(self.threshold_t_per_year, "CarbonTax.threshold_t_per_year", minimum=0.0,
                fix="tonnes of CO2 per year, 0 for none (25000 in Chile)")
        _number(self.offset_fraction, "CarbonTax.offset_fraction", minimum=0.0, maximum=1.0,
                fix="a fraction in [0, 1], not a percentage")
        _number(self.offset_t_per_year, "CarbonTax.offset_t_per_year", minimum=0.0,
                fix="tonnes of CO2 per year, 0 for none")
        _number(self.offset_cost_per_t, "CarbonTax.offset_cost_per_t", minimum=0.0,
                fix="price of one tonne of offsets, 0 when free")

    @classmethod
    def chile_green_tax(cls, *, price_per_t=5.0, offset_fraction: float = 0.0,
                        offset_t_per_year: float = 0.0,
                        offset_cost_per_t: float = 0.0) -> CarbonTax:
        """Chile's green tax on CO2 (Ley 20.780 art. 8, as amended by Ley 21.210).

        USD 5 per tonne of CO2 for establishments whose sources emit 25,000 t
        of CO2 a year or more; emissions may be offset (compensated) with
        certified reduction projects. Whether a given genset fleet is an
        affected establishment is a legal question this rule does not answer.
        """
        return cls(price_per_t=price_per_t, threshold_t_per_year=25_000.0,
                   offset_fraction=offset_fraction, offset_t_per_year=offset_t_per_year,
                   offset_cost_per_t=offset_cost_per_t)

    def cost(self, co2_t, price_per_t) -> tuple[np.ndarray, np.ndarray]:
        """Carbon cost and taxed tonnes of one year.

        Parameters
        ----------
        co2_t : array
            Gross emissions of the year. [t]
        price_per_t : float
            Tax of the year. [currency/t]

        Returns
        -------
        cost : array
            Tax plus offsets bought. [currency]
        taxed_t : array
            Tonnes taxed (after offsets). [t]
        """
        e = np.asarray(co2_t, dtype=float)
        applies = e >= self.threshold_t_per_year
        if self.threshold_t_per_year <= 0.0:
            applies = np.ones_like(e, dtype=bool)
        offsets = np.minimum(self.offset_fraction * e + self.offset_t_per_year, e)
        offsets = np.where(applies, offsets, 0.0)
        taxed = np.where(applies, e - offsets, 0.0)
        return taxed * price_per_t + offsets * self.offset_cost_per_t, taxed


# --------------------------------------------------------------------------- battery ageing


@dataclass(frozen=True, slots=True, kw_only=True)
class BatteryAgeing:
    """How the battery ages over the life of mine.

    Models (``model``):

    ``"none"``
        HOMER's life rule: no capacity fade; the battery is replaced when its
        life fraction, consumed at ``max(1/calendar_life, cycles/cycle_life)``
        a year, reaches 1. Reproduces :func:`minegrid.simulate`'s economics.
    ``"cycles"``
        Capacity fade, linear in calendar time and in equivalent full cycles
        (damages add, Xu et al. 2018); the battery is simulated each year with
        its faded capacity.
    ``"rainflow"``
        As ``"cycles"``, but cycle damage is counted with rainflow on the
        state-of-charge trajectory (ASTM E1049), with a Wöhler curve
        ``N(d) = cycle_life · d^(−dod_exponent)``.

    State of health (capacity / nameplate) falls each year by
    ``(1 − end_of_life_soh)·(1/calendar_life_years + D)`` where D is the
    cycle damage of the year (``cycles/cycle_life`` or ``Σ n_i d_i^k / cycle_life``).

    Parameters
    ----------
    model : {"none", "cycles", "rainflow"}
    end_of_life_soh : float
        State of health at end of life, in (0, 1); 0.8 is usual (0.7 for
        stationary second life). [-]
    response : {"replace", "augment"}
        At end of life replace the battery, or augment it every year (buy
        modules to hold ``augment_to_soh`` × nameplate capacity).
    augment_to_soh : float
        Capacity held by augmentation as a fraction of nameplate, in
        (end_of_life_soh, 1]. [-]
    dod_exponent : float
        Wöhler exponent k of the rainflow model (1: damage proportional to
        throughput; larger: deep cycles hurt more). [-]
    calendar_life_years : float, optional
        Life at rest; defaults to the battery's ``calendar_life_years``. [year]
    cycle_life : float, optional
        Full cycles (over the whole rated energy) to end of life; defaults to
        the battery's ``cycle_life``. [-]
    """

    model: str = "cycles"
    end_of_life_soh: float = 0.8
    response: str = "replace"
    augment_to_soh: float = 1.0
    dod_exponent: float = 1.0
    calendar_life_years: float | None = None
    cycle_life: float | None = None

    def __post_init__(self):
        check(self.model in AGEING_MODELS, "BatteryAgeing.model", self.model,
              f"is not one of {AGEING_MODELS}", "pick one of those names")
        check(self.response in AGEING_RESPONSES, "BatteryAgeing.response", self.response,
              f"is not one of {AGEING_RESPONSES}", "pick one of those names")
        _number(self.end_of_life_soh, "BatteryAgeing.end_of_life_soh", minimum=0.0, strict=True,
                maximum=0.999, fix="a fraction in (0, 1), e.g. 0.8")
        _number(self.augment_to_soh, "BatteryAgeing.augment_to_soh",
                minimum=self.end_of_life_soh, strict=True, maximum=1.0,
                fix="a fraction in (end_of_life_soh, 1], e.g. 1.0")
        _number(self.dod_exponent, "BatteryAgeing.dod_exponent", minimum=0.0, strict=True,
                maximum=5.0, fix="a Wöhler exponent, typically between 1 and 2")
        check(not (self.model == "none" and self.response == "augment"),
              "BatteryAgeing.response", self.response, "needs a fade model",
              "use model='cycles' or 'rainflow' with response='augment'")
        for name in ("calendar_life_years", "cycle_life"):
            if getattr(self, name) is not None:
                _number(getattr(self, name), f"BatteryAgeing.{name}", minimum=0.0, strict=True,
                        fix="a positive life")


def rainflow_cycles(series) -> tuple[np.ndarray, np.ndarray]:
    """Rainflow-count a series (ASTM E1049-85, three-point rule with half cycles).

    Parameters
    ----------
    series : array-like
        E.g. the state of charge over a year. [any unit]

    Returns
    -------
    ranges : numpy.ndarray
        Range of each counted cycle. [unit of the series]
    counts : numpy.ndarray
        1.0 for a full cycle, 0.5 for a half cycle. [-]

    Examples
    --------
    The example of ASTM E1049-85 (section 5.4.4, fig. 6): cycles per range

    >>> r, c = rainflow_cycles([-2, 1, -3, 5, -1, 3, -4, 4, -2])
    >>> {float(x): float(c[r == x].sum()) for x in np.unique(r)}
    {3.0: 0.5, 4.0: 1.5, 6.0: 0.5, 8.0: 1.0, 9.0: 0.5}
    """
    from ._kernels import rainflow

    return rainflow(np.ascontiguousarray(series, dtype=float).ravel())


# --------------------------------------------------------------------------- inputs


def _per_year_loads(values, n: int) -> tuple:
    if isinstance(values, Mapping):
        values = [values[k] for k in sorted(values)]
    check(isinstance(values, Sequence) and not isinstance(values, str),
          "LifeOfMine.load_kw_by_year", type(values).__name__,
          "must be a sequence (or dict by year) of load series",
          "pass minegrid.mine.life_of_mine_loads(...) or a list of arrays")
    check(len(values) == n, "LifeOfMine.load_kw_by_year", f"{len(values)} years",
          f"must have one load per year of the horizon ({n})", f"give {n} load series")
    out = []
    for i, v in enumerate(values):
        arr = np.asarray(v.to_numpy() if hasattr(v, "to_numpy") else v, dtype=float)
        check(arr.ndim == 1 and arr.size > 0 and bool(np.isfinite(arr).all())
              and bool((arr >= 0).all()), f"LifeOfMine.load_kw_by_year[{i}]",
              f"array of shape {arr.shape}", "must be a 1-D series of finite loads >= 0",
              "repair the load first (minegrid.read_load)")
        out.append(arr)
    return tuple(out)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class LifeOfMine:
    """Per-year inputs of a life-of-mine study.

    Years are numbered 1..``horizon_years``; cash flows happen at the end of
    each year and capital at year 0 (HOMER's conventions, see
    :mod:`minegrid.economics`). Every price is real.

    Parameters
    ----------
    horizon_years : int
        Life of mine: number of years studied. [year]
    closure_year : int, optional
        Last year of operation, in [1, horizon_years]; the assets are salvaged
        or relocated at its end and later years carry no cash flow. Defaults to
        ``horizon_years``. [year]
    load_scale : sequence of float, optional
        Multiplier of the profiles' load in each year (e.g. the production
        plan's throughput). [-]
    load_kw_by_year : sequence or dict of series, optional
        The load of each year (same length and step as the profiles), e.g.
        from :func:`minegrid.mine.life_of_mine_loads`. [kW]
    pv_degradation_per_year : float or sequence of float
        Loss of PV output per year of age, compounded, in [0, 0.2] (0.005 is
        typical for crystalline silicon); a sequence gives one rate per year. [1/year]
    fuel_price_per_l : PricePath, float or sequence, optional
        Delivered fuel price path; the project's price when omitted. [currency/L]
    carbon : CarbonTax, optional
        Carbon rule; a plain tax at the project's ``carbon_price_per_t`` when omitted.
    discount_rate : float, optional
        Real discount rate; the project's when omitted. [1/year]
    battery_ageing : BatteryAgeing
        Battery fade model and response (default: cycles + calendar, replace at 80 %).
    genset_overhaul_interval_hours : float, optional
        Running hours of a unit between major overhauls (none when omitted). [h]
    genset_overhaul_fraction : float
        Cost of overhauling the fleet as a fraction of its capital cost, in [0, 1]. [-]
    relocation_fraction_pv, relocation_fraction_wind, relocation_fraction_battery,
    relocation_fraction_genset : float, optional
        Value recovered at closure by relocating (containerised skids and
        gensets) or selling the asset, as a fraction of its capital cost times
        its remaining life fraction, in [0, 1]; the component's
        ``salvage_ratio`` when omitted. [-]
    chain_soc : bool
        Start each year with the energy stored at the end of the previous one
        (default); False restarts every year at ``soc_initial``.
    representative_stride_years : int
        ``mode="representative"`` simulates every this many years (plus the
        first, the last and every year whose load energy differs by more than
        ``representative_load_tolerance`` from the last simulated one). [year]
    representative_load_tolerance : float
        See above. [-]
    start_year : int, optional
        Calendar year of year 1, for the ``calendar_year`` column of the cash flow
        (year 0, the initial capital, is labelled ``start_year − 1``).
    """

    horizon_years: int
    closure_year: int | None = None
    load_scale: tuple[float, ...] | None = None
    load_kw_by_year: tuple | None = field(default=None, repr=False)
    pv_degradation_per_year: float | tuple[float, ...] = 0.0
    fuel_price_per_l: PricePath | float | tuple | None = None
    carbon: CarbonTax | None = None
    discount_rate: float | None = None
    battery_ageing: BatteryAgeing = field(default_factory=BatteryAgeing)
    genset_overhaul_interval_hours: float | None = None
    genset_overhaul_fraction: float = 0.0
    relocation_fraction_pv: float | None = None
    relocation_fraction_wind: float | None = None
    relocation_fraction_battery: float | None = None
    relocation_fraction_genset: float | None = None
    chain_soc: bool = True
    representative_stride_years: int = 4
    representative_load_tolerance: float = 0.05
    start_year: int | None = None

    def __post_init__(self):
        n = self.horizon_years
        check(isinstance(n, int | np.integer) and not isinstance(n, bool) and 1 <= n <= 100,
              "LifeOfMine.horizon_years", n, "must be a whole number of years in [1, 100]",
              "give the life of mine in years, e.g. 15")
        n = int(n)
        object.__setattr__(self, "horizon_years", n)
        if self.closure_year is not None:
            c = self.closure_year
            check(isinstance(c, int | np.integer) and not isinstance(c, bool),
                  "LifeOfMine.closure_year", c, "must be a whole year number",
                  "give the last year of operation, e.g. 12")
            check(1 <= c <= n, "LifeOfMine.closure_year", c,
                  f"must lie in [1, horizon_years = {n}]",
                  "close within the horizon, or lengthen horizon_years")
            object.__setattr__(self, "closure_year", int(c))
        check(self.load_scale is None or self.load_kw_by_year is None, "LifeOfMine.load_scale",
              "given with load_kw_by_year", "cannot be combined with load_kw_by_year",
              "give either per-year scale factors or per-year loads")
        if self.load_scale is not None:
            object.__setattr__(self, "load_scale", _numbers(
                self.load_scale, "LifeOfMine.load_scale", n, minimum=0.0,
                fix="give one multiplier >= 0 per year, e.g. the plan's throughput fraction"))
        if self.load_kw_by_year is not None:
            object.__setattr__(self, "load_kw_by_year", _per_year_loads(self.load_kw_by_year, n))
        deg = self.pv_degradation_per_year
        fix = "a fraction per year such as 0.005 (0.5 %/year), >= 0"
        if _is_number(deg):
            deg = _number(deg, "LifeOfMine.pv_degradation_per_year", minimum=0.0, maximum=0.2,
                          fix=fix)
        else:
            deg = _numbers(deg, "LifeOfMine.pv_degradation_per_year", n, minimum=0.0,
                           maximum=0.2, fix=fix)
        object.__setattr__(self, "pv_degradation_per_year", deg)
        object.__setattr__(self, "fuel_price_per_l",
                           _as_path(self.fuel_price_per_l, "LifeOfMine.fuel_price_per_l", n))
        if self.carbon is not None:
            check(isinstance(self.carbon, CarbonTax), "LifeOfMine.carbon",
                  type(self.carbon).__name__, "must be a CarbonTax",
                  "pass CarbonTax(price_per_t=...) or CarbonTax.chile_green_tax()")
            self.carbon.price_per_t.at(n, "LifeOfMine.carbon.price_per_t")
        if self.discount_rate is not None:
            _number(self.discount_rate, "LifeOfMine.discount_rate", minimum=-0.5, maximum=1.0,
                    fix="a real rate as a fraction, e.g. 0.08")
        check(isinstance(self.battery_ageing, BatteryAgeing), "LifeOfMine.battery_ageing",
              type(self.battery_ageing).__name__, "must be a BatteryAgeing",
              "pass BatteryAgeing(model='cycles')")
        if self.genset_overhaul_interval_hours is not None:
            _number(self.genset_overhaul_interval_hours,
                    "LifeOfMine.genset_overhaul_interval_hours", minimum=0.0, strict=True,
                    fix="running hours between overhauls, e.g. 20000")
        _number(self.genset_overhaul_fraction, "LifeOfMine.genset_overhaul_fraction",
                minimum=0.0, maximum=1.0, fix="a fraction of the fleet's capital, e.g. 0.3")
        for c in _COMPONENTS:
            name = f"relocation_fraction_{c}"
            if getattr(self, name) is not None:
                _number(getattr(self, name), f"LifeOfMine.{name}", minimum=0.0, maximum=1.0,
                        fix="a fraction of capital in [0, 1]")
        check(isinstance(self.chain_soc, bool), "LifeOfMine.chain_soc", self.chain_soc,
              "must be True or False", "")
        s = self.representative_stride_years
        check(isinstance(s, int | np.integer) and not isinstance(s, bool) and s >= 1,
              "LifeOfMine.representative_stride_years", s, "must be a whole number >= 1",
              "e.g. 4")
        _number(self.representative_load_tolerance, "LifeOfMine.representative_load_tolerance",
                minimum=0.0, fix="a relative tolerance, e.g. 0.05")
        if self.start_year is not None:
            check(isinstance(self.start_year, int | np.integer)
                  and not isinstance(self.start_year, bool), "LifeOfMine.start_year",
                  self.start_year, "must be a calendar year", "e.g. 2026, or None")
            object.__setattr__(self, "start_year", int(self.start_year))

    @property
    def last_year(self) -> int:
        """Closure year (the horizon when not given). [year]"""
        return self.horizon_years if self.closure_year is None else self.closure_year

    def replace(self, **changes) -> LifeOfMine:
        """A copy with some fields changed (validated again)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        return LifeOfMine(**values)

    @classmethod
    def from_plan(cls, plan, *, mine=None, base_year: int | None = None, dt_h: float = 1.0,
                  tz=None, seed: int | None = 0, **kwargs) -> LifeOfMine:
        """A life of mine following a :class:`minegrid.mine.ProductionPlan`.

        With ``mine`` (a :class:`minegrid.MineLoad`), each year's load is built
        by the load builder for ``base_year`` (the calendar year of the
        weather profiles, so every year has the same length) with the plan's
        per-area factors of that year. Without it, the profiles' load is scaled
        by the throughput fraction (``closure_fixed_fraction`` in years without
        throughput).
        """
        from .mine import MineLoad, ProductionPlan

        check(isinstance(plan, ProductionPlan), "plan", type(plan).__name__,
              "must be a ProductionPlan", "use ProductionPlan.standard(...)")
        n = len(plan.years)
        kwargs.setdefault("start_year", plan.years[0])
        if mine is None:
            scale = tuple(f if f > 0 else plan.closure_fixed_fraction
                          for f in plan.throughput_fraction)
            return cls(horizon_years=n, load_scale=scale, **kwargs)
        check(isinstance(mine, MineLoad), "mine", type(mine).__name__, "must be a MineLoad",
              "build one with minegrid.MineLoad(areas=...)")
        year = plan.years[0] if base_year is None else int(base_year)
        factors = plan.area_factors(mine)
        loads = tuple(mine.build(year, dt_h=dt_h, tz=tz, seed=seed,
                                 factors=factors.loc[y].to_dict()).to_numpy()
                      for y in plan.years)
        return cls(horizon_years=n, load_kw_by_year=loads, **kwargs)


# --------------------------------------------------------------------------- engine


@dataclass(frozen=True, slots=True)
class _Inputs:
    """Resolved per-year inputs (arrays indexed by year − 1)."""

    n: int
    last: int
    rate: float
    fuel: np.ndarray
    carbon: CarbonTax
    carbon_price: np.ndarray
    pv_deg: np.ndarray
    ageing: BatteryAgeing
    ovh_hours: float | None
    ovh_frac: float
    relocation: dict
    chain_soc: bool


def _resolve(life: LifeOfMine, project: Project) -> _Inputs:
    n = life.horizon_years
    fuel = (np.full(n, project.fuel_price_per_l) if life.fuel_price_per_l is None
            else life.fuel_price_per_l.at(n, "LifeOfMine.fuel_price_per_l"))
    carbon = life.carbon if life.carbon is not None else CarbonTax(
        price_per_t=project.carbon_price_per_t)
    deg = life.pv_degradation_per_year
    deg = np.full(n, deg) if _is_number(deg) else np.asarray(deg, dtype=float)
    rate = project.discount_rate if life.discount_rate is None else life.discount_rate
    reloc = {c: getattr(life, f"relocation_fraction_{c}") for c in _COMPONENTS}
    return _Inputs(n=n, last=life.last_year, rate=float(rate), fuel=fuel, carbon=carbon,
                   carbon_price=carbon.price_per_t.at(n, "LifeOfMine.carbon.price_per_t"),
                   pv_deg=deg, ageing=life.battery_ageing,
                   ovh_hours=life.genset_overhaul_interval_hours,
                   ovh_frac=life.genset_overhaul_fraction, relocation=reloc,
                   chain_soc=life.chain_soc)


def _year_profiles(life: LifeOfMine, profiles) -> list:
    """One :class:`~minegrid.dispatch.Profiles` per year of the horizon."""
    n = life.horizon_years
    if isinstance(profiles, Sequence) and not isinstance(profiles, str):
        check(life.load_scale is None and life.load_kw_by_year is None, "profiles",
              "a list of Profiles", "cannot be combined with LifeOfMine.load_scale or "
              "load_kw_by_year", "give the per-year load in one place only")
        check(len(profiles) == n, "profiles", f"{len(profiles)} years",
              f"must have one Profiles per year of the horizon ({n})", f"give {n} Profiles")
        out = []
        for i, p in enumerate(profiles):
            check(isinstance(p, _dispatch.Profiles), f"profiles[{i}]", type(p).__name__,
                  "must be a minegrid.dispatch.Profiles", "build one per year")
            out.append(p)
        return out
    base = _dispatch.as_profiles(profiles)
    if life.load_scale is None and life.load_kw_by_year is None:
        return [base] * n

    def with_load(load, i):
        check(load.size == base.n_steps, f"LifeOfMine.load_kw_by_year[{i}]",
              f"{load.size} steps", f"must have {base.n_steps} steps like the profiles",
              "build every year's load for the profiles' calendar year and time step "
              "(LifeOfMine.from_plan(..., base_year=...))")
        return _dispatch.Profiles(load_kw=load, pv_kw_per_kw=base.pv_kw_per_kw,
                                  wind_kw_per_turbine=base.wind_kw_per_turbine,
                                  genset_availability=base.genset_availability, dt_h=base.dt_h)

    out, cache = [], {}
    if life.load_scale is not None:
        for s in life.load_scale:
            if s not in cache:
                cache[s] = base if s == 1.0 else with_load(base.load_kw * s, 0)
            out.append(cache[s])
        return out
    return [with_load(load, i) for i, load in enumerate(life.load_kw_by_year)]


def _advance(u, rate, k, t_end, disc_rate, step=None):
    """Advance life fractions ``u`` (one per design) through year ``k``.

    Life is consumed at ``rate`` [1/year] from ``k − 1`` to ``k``. When it
    reaches 1 before ``t_end`` the component is replaced (``u`` back to 0);
    with ``step`` an overhaul happens at every multiple of ``step`` below 1.

    Returns
    -------
    u : array
        Life fraction at the end of the year. [-]
    n_rep, f_rep : array
        Replacements in the year and the sum of their discount factors
        ``(1 + i)^-t`` at their exact times t. [-]
    n_ovh, f_ovh : array
        The same for overhauls. [-]
    t_rep, t_ovh : array
        Time of the last replacement and overhaul in the year (NaN if none). [year]
    """
    u = np.array(u, dtype=float)
    rate = np.asarray(rate, dtype=float)
    m = u.size
    if step is None:
        end = u + rate
        if (end < 1.0 - 1e-9).all():  # fast path: nothing wears out this year
            z = np.zeros(m)
            return end, z, z, z, z, np.full(m, np.nan), np.full(m, np.nan)
    t = np.full(m, k - 1.0)
    n_rep, f_rep = np.zeros(m), np.zeros(m)
    n_ovh, f_ovh = np.zeros(m), np.zeros(m)
    t_rep = np.full(m, np.nan)
    t_ovh = np.full(m, np.nan)
    active = rate > 0.0
    safe = np.where(active, rate, 1.0)
    while active.any():
        target = np.ones(m)
        is_ovh = np.zeros(m, dtype=bool)
        if step is not None:
            nxt = (np.floor(u / step + 1e-9) + 1.0) * step
            is_ovh = nxt < 1.0 - 1e-9
            target = np.where(is_ovh, nxt, 1.0)
        t_ev = t + np.maximum(target - u, 0.0) / safe
        hit = active & (t_ev <= k + 1e-12) & (t_ev < t_end - _EPS_T)
        done = active & ~hit
        u = np.where(done, u + rate * (k - t), u)
        active = hit
        if not hit.any():
            break
        disc = (1.0 + disc_rate) ** -np.where(hit, t_ev, 0.0)
        rep = hit & ~is_ovh
        ovh = hit & is_ovh
        n_rep += rep
        f_rep += np.where(rep, disc, 0.0)
        n_ovh += ovh
        f_ovh += np.where(ovh, disc, 0.0)
        t_rep = np.where(rep, t_ev, t_rep)
        t_ovh = np.where(ovh, t_ev, t_ovh)
        u = np.where(rep, 0.0, np.where(ovh, target, u))
        t = np.where(hit, t_ev, t)
    return u, n_rep, f_rep, n_ovh, f_ovh, t_rep, t_ovh


def _run_one(system: System, p_row: np.ndarray, prof, trajectories: bool = False):
    """Totals (and SoC trajectory) of one design-year, through :func:`minegrid.dispatch.run`.

    ``system`` is the design; its battery energy, PV size and initial SoC are
    taken from the year's parameter row ``p_row`` (faded, degraded, chained).
    The single-design kernel is serial: for one or two designs it avoids the
    thread start-up and spin-wait of the parallel batch kernel.
    """
    bat = system.battery_or_zero
    year_sys = System(
        pv=system.pv_or_zero.replace(rated_kw=float(p_row[K.P_PV_KW])),
        wind=system.wind, genset=system.genset, dispatch=system.dispatch,
        battery=bat.replace(energy_kwh=float(p_row[K.P_E_KWH]),
                            soc_initial=float(p_row[K.P_SOC_INI])))
    stats, traj = _dispatch.run(year_sys, prof, trajectories=trajectories)
    tot = np.array([stats[name] for name in _dispatch.STAT_NAMES])
    if not trajectories:
        return tot, None
    return tot, traj[:, _dispatch.TRAJ_NAMES.index("soc")].copy()


# statistics kept per year (flows scaled to 8760 h, as in minegrid.Stats)
_YEAR_STATS = ("load_kwh", "served_kwh", "unserved_kwh", "pv_kwh", "wind_kwh", "curtailed_kwh",
               "genset_kwh", "fuel_l", "unit_h", "ch_kwh", "dis_kwh", "cap_short_kwh")


def _engine(params0: np.ndarray, q: dict, inp: _Inputs, years: list, *, mode: str,
            stride: int = 1, load_tol: float = 0.05, co2_kg_per_l: float = 2.68,
            systems: list | None = None):
    """Simulate and price ``m`` designs over the life of mine.

    Returns a dict of (n + 1, m) arrays (row 0 = year 0) and a list of events.
    """
    m = params0.shape[0]
    n, last, i = inp.n, inp.last, inp.rate
    age = inp.ageing
    fade_model = age.model != "none"
    rainflow = age.model == "rainflow"
    augment = age.response == "augment"
    eol = age.end_of_life_soh
    qa = {key: np.broadcast_to(np.asarray(v, dtype=float), (m,)) for key, v in q.items()}
    f = qa.__getitem__
    e0 = params0[:, K.P_E_KWH].copy()
    pv0 = params0[:, K.P_PV_KW].copy()
    capital = {
        "pv": f("pv_kw") * f("pv_capex_per_kw"),
        "wind": f("wind_kw") * f("wind_capex_per_kw"),
        "battery": f("battery_kwh") * f("battery_capex_per_kwh")
        + f("battery_kw") * f("battery_capex_per_kw"),
        "genset": f("genset_kw") * f("genset_capex_per_kw"),
    }
    rep_cost = {c: capital[c] * f(f"{c}_replacement_ratio") for c in _COMPONENTS}
    salv_ratio = {c: (f(f"{c}_salvage_ratio") if inp.relocation[c] is None
                      else np.full(m, inp.relocation[c])) for c in _COMPONENTS}
    cal_life = np.broadcast_to(np.asarray(age.calendar_life_years if age.calendar_life_years
                                          is not None else f("battery_calendar_life_years"),
                                          dtype=float), (m,))
    cyc_life = np.broadcast_to(np.asarray(age.cycle_life if age.cycle_life is not None
                                          else f("battery_cycle_life"), dtype=float), (m,))
    n_units = f("genset_n_units")
    life_h = f("genset_life_hours")
    step = (None if inp.ovh_hours is None or inp.ovh_frac <= 0
            else float(inp.ovh_hours) / life_h)
    if step is not None and np.ndim(step) and np.unique(step).size == 1:
        step = float(step[0])
    elif step is not None:
        raise InputError("genset life_hours must be the same for every design when "
                         "overhauls are modelled. Fix: use one genset model per study.")

    rows = n + 1
    z = lambda: np.zeros((rows, m))  # noqa: E731
    out = {c: z() for c in ("capex", "replacements", "overhauls", "om", "fuel", "carbon",
                            "salvage", "pv_replacements", "co2_taxed_t")}
    out["replacements_pv_disc"] = z()  # Σ cost·d^t of the year's replacements and overhauls
    st = {s: z() for s in _YEAR_STATS}
    extra = {c: np.full((rows, m), np.nan) for c in ("battery_soh", "battery_capacity_kwh",
                                                      "battery_life_used", "pv_factor",
                                                      "battery_cycles")}
    simulated = np.zeros(rows, dtype=bool)
    events: list[tuple] = []
    out["capex"][0] = sum(capital[c] for c in _COMPONENTS)

    used = {c: np.zeros(m) for c in _COMPONENTS}
    pv_fac = np.ones(m)
    cap = e0.copy()           # augment: pool capacity [kWh]
    installed = e0.copy()     # augment: nameplate bought [kWh]
    aug_spend = np.zeros(m)
    soc = params0[:, K.P_SOC_INI].copy()
    soc_min, soc_max = params0[:, K.P_SOC_MIN], params0[:, K.P_SOC_MAX]
    last_sim_load = None
    held = None
    prev_e_end = None
    for k in range(1, last + 1):
        prof = years[k - 1]
        kf = HOURS_PER_YEAR / prof.period_h
        if augment:
            cap_k = cap.copy()
        elif fade_model:
            cap_k = e0 * (1.0 - (1.0 - eol) * used["battery"])
        else:
            cap_k = e0.copy()
        p = params0.copy()
        p[:, K.P_E_KWH] = cap_k
        p[:, K.P_PV_KW] = pv0 * pv_fac
        if inp.chain_soc and prev_e_end is not None:
            with np.errstate(divide="ignore", invalid="ignore"):
                s = np.where(cap_k > 0, prev_e_end / np.where(cap_k > 0, cap_k, 1.0), soc)
            soc = np.clip(s, soc_min, soc_max)
        p[:, K.P_SOC_INI] = soc
        load_e = float(prof.load_kw.sum())
        run = (mode == "full" or k == 1 or k == last or (k - 1) % stride == 0
               or last_sim_load is None
               or abs(load_e - last_sim_load) > load_tol * max(last_sim_load, 1e-12))
        damage = np.zeros(m)
        if run:
            if systems is not None:
                tot = np.empty((m, K.N_STATS))
                for r in range(m):
                    rf = rainflow and cap_k[r] > 0
                    tot[r], soc_traj = _run_one(systems[r], p[r], prof, trajectories=rf)
                    if rf:
                        rr, cc = rainflow_cycles(np.concatenate(([p[r, K.P_SOC_INI]],
                                                                 soc_traj)))
                        damage[r] = float(np.sum(cc * rr ** age.dod_exponent)) * kf
                damage = damage / cyc_life
            else:
                tot = _dispatch.run_batch(p, prof)
            year = {
                "load_kwh": tot[:, K.S_LOAD_KWH], "served_kwh": tot[:, K.S_SERVED_KWH],
                "unserved_kwh": tot[:, K.S_UNSERVED_KWH], "pv_kwh": tot[:, K.S_PV_KWH],
                "wind_kwh": tot[:, K.S_WIND_KWH], "curtailed_kwh": tot[:, K.S_CURTAILED_KWH],
                "genset_kwh": tot[:, K.S_GEN_KWH], "fuel_l": tot[:, K.S_FUEL_L],
                "unit_h": tot[:, K.S_UNIT_H], "ch_kwh": tot[:, K.S_CH_KWH],
                "dis_kwh": tot[:, K.S_DIS_KWH], "cap_short_kwh": tot[:, K.S_CAP_SHORT_KWH],
            }
            year = {s: v * kf for s, v in year.items()}
            e_end = tot[:, K.S_E_END_KWH]
            held = (year, e_end / np.where(cap_k > 0, cap_k, 1.0), damage)
            last_sim_load = load_e
            simulated[k] = True
        else:
            year, soc_end, damage = held
            e_end = soc_end * cap_k
        prev_e_end = e_end
        for s in _YEAR_STATS:
            st[s][k] = year[s]
        with np.errstate(divide="ignore", invalid="ignore"):
            cycles = np.where(cap_k > 0, (year["ch_kwh"] + year["dis_kwh"])
                              / (2.0 * np.where(cap_k > 0, cap_k, 1.0)), 0.0)
            cycles_e0 = np.where(e0 > 0, (year["ch_kwh"] + year["dis_kwh"])
                                 / (2.0 * np.where(e0 > 0, e0, 1.0)), 0.0)
        extra["battery_cycles"][k] = cycles
        extra["battery_capacity_kwh"][k] = cap_k
        extra["pv_factor"][k] = pv_fac

        # ---- wear: PV and wind by age, gensets by running hours, battery by model
        def book(comp, res, cost, kind, k=k):
            u_new, n_rep, f_rep, n_ovh, f_ovh, t_rep, t_ovh = res
            out["replacements"][k] += n_rep * cost
            out["replacements_pv_disc"][k] += f_rep * cost
            if m <= 2 and n_rep.any():
                for r in np.flatnonzero(n_rep):
                    events.append((r, k, float(t_rep[r]), comp, kind, float(n_rep[r] * cost[r]),
                                   float(f_rep[r] * cost[r])))
            return u_new, n_rep, n_ovh, f_ovh, t_rep, t_ovh

        for comp in ("pv", "wind"):
            life = f(f"{comp}_life_years")
            rate = np.where(capital[comp] > 0, 1.0 / life, 0.0)
            used[comp], n_rep, _, _, t_rep, _ = book(comp, _advance(used[comp], rate, k, last, i),
                                                  rep_cost[comp], "replacement")
            if comp == "pv":
                d = inp.pv_deg[k - 1]
                if n_rep.any():
                    pv_fac = np.where(n_rep > 0, (1.0 - d) ** (k - np.where(n_rep > 0, t_rep, 0)),
                                      pv_fac * (1.0 - d))
                else:
                    pv_fac = pv_fac * (1.0 - d)
        with np.errstate(divide="ignore", invalid="ignore"):
            hpu = np.where(n_units > 0, year["unit_h"] / np.where(n_units > 0, n_units, 1), 0.0)
        g_rate = np.where(capital["genset"] > 0, hpu / life_h, 0.0)
        used["genset"], _, n_ovh, f_ovh, _, t_ovh = book(
            "genset", _advance(used["genset"], g_rate, k, last, i, step),
            rep_cost["genset"], "replacement")
        ovh_cost = capital["genset"] * inp.ovh_frac
        out["overhauls"][k] = n_ovh * ovh_cost
        out["replacements_pv_disc"][k] += f_ovh * ovh_cost
        if m <= 2 and step is not None and n_ovh.any():
            for r in np.flatnonzero(n_ovh):
                label = "overhaul" if n_ovh[r] == 1 else f"overhaul x{int(n_ovh[r])} (last)"
                events.append((r, k, float(t_ovh[r]), "genset", label,
                               float(n_ovh[r] * ovh_cost[r]), float(f_ovh[r] * ovh_cost[r])))

        has_bat = e0 > 0
        if fade_model:
            dmg = damage if rainflow else cycles / cyc_life
            delta = np.where(has_bat, (1.0 - eol) * (1.0 / cal_life + dmg), 0.0)
        if augment:
            cap = np.maximum(cap - delta * installed, 0.0)
            # (nothing is bought at the end of the last year of operation)
            add = np.where(has_bat & (k < last),
                           np.maximum(age.augment_to_soh * e0 - cap, 0.0), 0.0)
            cost = add * f("battery_capex_per_kwh") * f("battery_replacement_ratio")
            out["replacements"][k] += cost
            out["replacements_pv_disc"][k] += cost * (1.0 + i) ** -k
            aug_spend += cost
            if m <= 2:
                for r in np.flatnonzero(add > 0):
                    events.append((r, k, float(k), "battery", f"augmentation {add[r]:,.0f} kWh",
                                   float(cost[r]), float(cost[r] * (1.0 + i) ** -k)))
            installed = installed + add
            cap = cap + add
            extra["battery_soh"][k] = np.where(has_bat, cap / np.where(has_bat, e0, 1.0), np.nan)
            with np.errstate(divide="ignore", invalid="ignore"):
                used["battery"] = np.where(
                    has_bat, np.clip((1.0 - cap / np.where(has_bat, installed, 1.0))
                                     / (1.0 - eol), 0.0, 1.0), 0.0)
        else:
            b_rate = (delta / (1.0 - eol) if fade_model else
                      np.where(has_bat, np.maximum(1.0 / cal_life, cycles_e0 / cyc_life), 0.0))
            used["battery"], *_ = book("battery", _advance(used["battery"], b_rate, k, last, i),
                                       rep_cost["battery"], "replacement")
            if fade_model:
                extra["battery_soh"][k] = np.where(
                    has_bat, 1.0 - (1.0 - eol) * used["battery"], np.nan)
        extra["battery_life_used"][k] = np.where(has_bat, used["battery"], np.nan)
        # fixed O&M (variable genset O&M is priced with the operating costs below)
        out["om"][k] = (f("pv_kw") * f("pv_om_per_kw_year") + f("wind_kw")
                        * f("wind_om_per_kw_year")
                        + (installed if augment else f("battery_kwh"))
                        * f("battery_om_per_kwh_year"))

    # ---- representative years: interpolate the skipped years' statistics
    sim_years = np.flatnonzero(simulated)
    load_e = [0.0] + [float(years[k - 1].load_kw.sum()) for k in range(1, last + 1)]
    if mode != "full" and sim_years.size >= 2:
        for k in range(1, last + 1):
            if simulated[k]:
                continue
            a = sim_years[sim_years < k].max()
            b = sim_years[sim_years > k].min()
            # interpolate towards b only when b has this year's load; else hold year a
            same = abs(load_e[b] - load_e[k]) <= load_tol * max(load_e[k], 1e-12)
            w = (k - a) / (b - a) if same else 0.0
            for s in _YEAR_STATS:
                st[s][k] = (1.0 - w) * st[s][a] + w * st[s][b]

    # ---- operating costs and closure salvage
    fuel_l = st["fuel_l"]
    co2 = fuel_l * co2_kg_per_l / 1000.0
    for k in range(1, last + 1):
        out["om"][k] += st["unit_h"][k] * f("genset_om_per_unit_hour")
        out["fuel"][k] = fuel_l[k] * inp.fuel[k - 1]
        out["carbon"][k], out["co2_taxed_t"][k] = inp.carbon.cost(co2[k], inp.carbon_price[k - 1])
    sal = np.zeros(m)
    for c in _COMPONENTS:
        base = capital[c] + (aug_spend if (c == "battery" and augment) else 0.0)
        sal += base * salv_ratio[c] * np.clip(1.0 - used[c], 0.0, 1.0)
    out["salvage"][last] = -sal

    money = ("capex", "replacements", "overhauls", "om", "fuel", "carbon", "salvage")
    total = sum(out[c] for c in money)
    years_idx = np.arange(rows, dtype=float)
    disc = (1.0 + i) ** -years_idx
    # replacements and overhauls are discounted from their exact times, the rest from year ends
    disc_total = (total - out["replacements"] - out["overhauls"]) * disc[:, None] \
        + out["replacements_pv_disc"]
    res = {c: out[c] for c in money}
    res.update(total=total, discount_factor=np.repeat(disc[:, None], m, axis=1),
               discounted_total=disc_total, co2_taxed_t=out["co2_taxed_t"])
    res.update(st)
    res["co2_t"] = co2
    res.update(extra)
    res["simulated"] = np.repeat(simulated[:, None], m, axis=1)
    served_disc = (st["served_kwh"] * disc[:, None]).sum(axis=0)
    npc = disc_total.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        lcoe = np.where(served_disc > 0, npc / np.where(served_disc > 0, served_disc, 1), np.inf)
    return res, events, npc, lcoe


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class LifeSavings:
    """Hybrid design against the diesel-only base case over the life of mine (positive = better).

    Attributes
    ----------
    npc : float
        NPC saving. [currency]
    lcoe : float
        LCOE saving. [currency/kWh]
    fuel_l, co2_t : float
        Fuel and CO2 avoided over the life of mine. [L], [t]
    capital_extra : float
        Extra initial capital of the hybrid design. [currency]
    currency : str
    """

    npc: float
    lcoe: float
    fuel_l: float
    co2_t: float
    capital_extra: float
    currency: str = "USD"


#: Columns of :attr:`LifeOfMineResult.cash_flow` with their units.
CASH_FLOW_UNITS = {
    "capex": "currency", "replacements": "currency", "overhauls": "currency",
    "om": "currency", "fuel": "currency", "carbon": "currency", "salvage": "currency",
    "total": "currency", "discount_factor": "-", "discounted_total": "currency",
    "load_kwh": "kWh", "served_kwh": "kWh", "unserved_kwh": "kWh", "pv_kwh": "kWh",
    "wind_kwh": "kWh", "curtailed_kwh": "kWh", "genset_kwh": "kWh", "fuel_l": "L",
    "co2_t": "t", "co2_taxed_t": "t", "genset_unit_hours": "h", "battery_cycles": "-",
    "battery_capacity_kwh": "kWh", "battery_soh": "-", "battery_life_used": "-",
    "pv_factor": "-", "renewable_fraction": "-", "simulated": "bool", "calendar_year": "year",
}


@dataclass(frozen=True, slots=True, eq=False)
class LifeOfMineResult:
    """What :func:`simulate_life` returns.

    Attributes
    ----------
    system : System
    project : Project
    life : LifeOfMine
    cash_flow : pandas.DataFrame
        One row per year (0 = initial capital, 1..horizon): nominal (real,
        undiscounted) money columns ``capex, replacements, overhauls, om,
        fuel, carbon, salvage, total`` [currency]; ``discount_factor``
        ``(1 + i)^-year`` [-]; ``discounted_total`` [currency] (replacements
        and overhauls discounted from their exact time within the year, so in
        those years it differs slightly from ``total × discount_factor``);
        yearly energies [kWh], ``fuel_l`` [L], ``co2_t`` and ``co2_taxed_t``
        [t], ``genset_unit_hours`` [h], battery ``cycles``, ``capacity_kwh``
        (simulated), ``soh`` and ``life_used`` (end of year) [-], PV output
        ``pv_factor`` [-], ``renewable_fraction`` [-] and ``simulated``
        (False for years interpolated in representative mode).
    events : pandas.DataFrame
        Replacements, overhauls and augmentations: year, exact time [year],
        component, event, nominal cost and present value [currency].
    npc : float
        Life-of-mine net present cost: sum of ``discounted_total``. [currency]
    lcoe : float
        Discounted cost over discounted energy served:
        ``NPC / Σ_k served_k·(1 + i)^-k``. [currency/kWh]
    mode : str
        ``"full"`` or ``"representative"``.
    base : LifeOfMineResult or None
        The diesel-only base case.
    """

    system: System
    project: Project
    life: LifeOfMine
    cash_flow: object
    events: object
    npc: float
    lcoe: float
    mode: str
    base: LifeOfMineResult | None = None

    @property
    def currency(self) -> str:
        return self.project.currency

    @property
    def savings(self) -> LifeSavings | None:
        """Savings against the diesel-only base case (None without a base case)."""
        if self.base is None:
            return None
        b, cf, bcf = self.base, self.cash_flow, self.base.cash_flow
        return LifeSavings(npc=b.npc - self.npc, lcoe=b.lcoe - self.lcoe,
                           fuel_l=float(bcf["fuel_l"].sum() - cf["fuel_l"].sum()),
                           co2_t=float(bcf["co2_t"].sum() - cf["co2_t"].sum()),
                           capital_extra=float(cf["capex"].iloc[0] - bcf["capex"].iloc[0]),
                           currency=self.currency)

    def to_frame(self):
        """The year-by-year cash flow (a copy of :attr:`cash_flow`)."""
        return self.cash_flow.copy()

    def to_dict(self) -> dict:
        """Key figures as a plain dict."""
        d = {"npc": self.npc, "lcoe": self.lcoe, "mode": self.mode,
             "currency": self.currency, "horizon_years": self.life.horizon_years,
             "closure_year": self.life.last_year}
        if self.base is not None:
            d["base_npc"] = self.base.npc
            d["base_lcoe"] = self.base.lcoe
        return d

    def __repr__(self) -> str:
        cf, cur = self.cash_flow, self.currency
        served = cf["served_kwh"].sum()
        lines = [
            "LifeOfMineResult(",
            f"  {self.life.last_year} years of operation ({self.mode}), served "
            f"{served / 1e6:,.2f} GWh, unserved {cf['unserved_kwh'].sum() / 1e3:,.1f} MWh",
            f"  fuel {cf['fuel_l'].sum() / 1e6:,.3f} ML, CO2 {cf['co2_t'].sum():,.0f} t, "
            f"{len(self.events)} replacement/overhaul/augmentation events",
            f"  NPC {self.npc / 1e6:,.3f} M{cur}, LCOE {self.lcoe:.4f} {cur}/kWh, "
            f"capital {cf['capex'].iloc[0] / 1e6:,.3f} M{cur}",
        ]
        sv = self.savings
        if sv is not None:
            lines.append(f"  vs diesel only: NPC saving {sv.npc / 1e6:,.3f} M{cur}, LCOE "
                         f"saving {sv.lcoe:.4f} {cur}/kWh, fuel saving {sv.fuel_l / 1e6:,.3f} ML")
        return "\n".join(lines) + "\n)"


def _frame(res: dict, events: list, row: int, start_year: int | None = None):
    import pandas as pd

    cols = {}
    for c in CASH_FLOW_COLUMNS:
        cols[c] = res[c][:, row]
    cols["discount_factor"] = res["discount_factor"][:, row]
    cols["discounted_total"] = res["discounted_total"][:, row]
    for c in ("load_kwh", "served_kwh", "unserved_kwh", "pv_kwh", "wind_kwh", "curtailed_kwh",
              "genset_kwh", "fuel_l", "co2_t", "co2_taxed_t"):
        cols[c] = res[c][:, row]
    cols["genset_unit_hours"] = res["unit_h"][:, row]
    for c in ("battery_cycles", "battery_capacity_kwh", "battery_soh", "battery_life_used",
              "pv_factor"):
        cols[c] = res[c][:, row]
    served = res["served_kwh"][:, row]
    with np.errstate(divide="ignore", invalid="ignore"):
        cols["renewable_fraction"] = np.where(
            served > 0, 1.0 - res["genset_kwh"][:, row] / np.where(served > 0, served, 1), 0.0)
    cols["simulated"] = res["simulated"][:, row]
    frame = pd.DataFrame(cols, index=pd.RangeIndex(len(served), name="year"))
    if start_year is not None:
        frame.insert(0, "calendar_year", start_year - 1 + np.arange(len(served)))
    ev = pd.DataFrame([e[1:] for e in events if e[0] == row],
                      columns=["year", "time_years", "component", "event", "cost",
                               "present_value"])
    return frame, ev


def _prices(system: System) -> dict:
    return {k: np.atleast_1d(np.asarray(v, dtype=float)) for k, v in
            system_prices(system).items()}


def _stack(qs: list[dict]) -> dict:
    return {k: np.concatenate([q[k] for q in qs]) for k in qs[0]}


def simulate_life(system: System, life: LifeOfMine, profiles, *,
                  project: Project | None = None, base_case: bool = True,
                  mode: str = "full") -> LifeOfMineResult:
    """Simulate and price a design over the life of mine, year by year.

    Parameters
    ----------
    system : System
        Components, sizes and dispatch rules.
    life : LifeOfMine
        Horizon, per-year load, degradation, prices, ageing and closure.
    profiles : Profiles, load array, or list of Profiles
        The profiles of a typical year (scaled or replaced per year by
        ``life.load_scale`` / ``life.load_kw_by_year``), or one
        :class:`~minegrid.dispatch.Profiles` per year of the horizon.
    project : Project, optional
        Currency, and the discount rate, fuel and carbon prices that ``life``
        does not override. ``Project()`` when omitted; its ``lifetime_years``
        is ignored (the horizon is ``life.horizon_years``).
    base_case : bool
        Also simulate the diesel-only base case (``result.base``, ``result.savings``).
    mode : {"full", "representative"}
        Simulate every year, or only representative years (every
        ``life.representative_stride_years``, the first and last years and
        each change of load) with the statistics of the others interpolated
        linearly; see ``docs/theory/lifeofmine.md`` for the measured error.

    Returns
    -------
    LifeOfMineResult
    """
    from .simulation import diesel_only

    check(isinstance(system, System), "system", type(system).__name__,
          "must be a minegrid.System", "build one with minegrid.System(pv=..., genset=...)")
    check(isinstance(life, LifeOfMine), "life", type(life).__name__,
          "must be a minegrid.LifeOfMine", "pass minegrid.LifeOfMine(horizon_years=...)")
    project = Project() if project is None else project
    check(isinstance(project, Project), "project", type(project).__name__,
          "must be a minegrid.Project", "pass minegrid.Project(...)")
    check(mode in ("full", "representative"), "mode", mode,
          "is not 'full' or 'representative'", "pick one of those")
    inp = _resolve(life, project)
    years = _year_profiles(life, profiles)
    systems = [system]
    if base_case:
        peak = max(range(inp.last), key=lambda j: float(years[j].load_kw.max()))
        systems.append(diesel_only(system, years[peak]))
    params = np.vstack([_dispatch.design_params(s) for s in systems])
    q = _stack([_prices(s) for s in systems])
    co2 = system.genset_or_zero.co2_kg_per_l
    stride = life.representative_stride_years if mode == "representative" else 1
    res, events, npc, lcoe = _engine(params, q, inp, years, mode=mode, stride=stride,
                                     load_tol=life.representative_load_tolerance,
                                     co2_kg_per_l=co2, systems=systems)
    results = []
    for r, s in enumerate(systems):
        cf, ev = _frame(res, events, r, life.start_year)
        results.append(LifeOfMineResult(system=s, project=project, life=life, cash_flow=cf,
                                        events=ev, npc=float(npc[r]), lcoe=float(lcoe[r]),
                                        mode=mode))
    if base_case:
        b = results[1]
        return LifeOfMineResult(system=system, project=project, life=life,
                                cash_flow=results[0].cash_flow, events=results[0].events,
                                npc=results[0].npc, lcoe=results[0].lcoe, mode=mode, base=b)
    return results[0]


# --------------------------------------------------------------------------- sizing

#: Decision variables of :func:`size_life` (integers: turbines and genset units).
SIZE_VARIABLES = ("pv_kw", "n_turbines", "battery_kwh", "n_units")


@dataclass(frozen=True, slots=True, eq=False)
class LifeSizingResult:
    """What :func:`size_life` returns (fields named as in ``scipy.optimize.OptimizeResult``).

    Attributes
    ----------
    x : dict[str, float]
        Best sizes: ``pv_kw`` [kW DC], ``n_turbines`` [-], ``battery_kwh`` [kWh],
        ``n_units`` [-] (those optimised).
    fun : float
        Objective at ``x``: the life-of-mine NPC when feasible. [currency]
    feasible : bool
        Whether ``x`` meets ``max_unserved_fraction`` in every year.
    success : bool
    message : str
    nfev, nit : int
        Objective calls (one per generation, vectorised) and generations.
    n_designs : int
        Designs simulated over the whole life of mine.
    system : System
        The best design.
    result : LifeOfMineResult
        Full-mode life-of-mine simulation of the best design (with base case).
    """

    x: dict
    fun: float
    feasible: bool
    success: bool
    message: str
    nfev: int
    nit: int
    n_designs: int
    system: System
    result: LifeOfMineResult

    def __repr__(self) -> str:
        sizes = ", ".join(f"{k}={v:,.6g}" for k, v in self.x.items())
        cur = self.result.currency
        return (f"LifeSizingResult({sizes}; NPC {self.result.npc / 1e6:,.3f} M{cur}, "
                f"LCOE {self.result.lcoe:.4f} {cur}/kWh, feasible={self.feasible}, "
                f"success={self.success}, designs={self.n_designs}, nit={self.nit})")


def _apply_sizes(system: System, x: dict) -> System:
    from .components import Battery, GensetFleet, PVPlant, WindPlant

    pv = system.pv or PVPlant()
    wind = system.wind or WindPlant()
    bat = system.battery or Battery()
    gen = system.genset or GensetFleet()
    changes = {}
    if "pv_kw" in x:
        changes["pv"] = pv.replace(rated_kw=float(x["pv_kw"]))
    if "n_turbines" in x:
        changes["wind"] = wind.replace(n_turbines=int(round(x["n_turbines"])))
    if "battery_kwh" in x:
        e = float(x["battery_kwh"])
        r_c = bat.charge_power_kw / bat.energy_kwh if bat.energy_kwh > 0 else 1.0
        r_d = bat.discharge_power_kw / bat.energy_kwh if bat.energy_kwh > 0 else 1.0
        changes["battery"] = bat.replace(energy_kwh=e, power_kw=max(r_c, r_d) * e,
                                         charge_power_kw=r_c * e, discharge_power_kw=r_d * e,
                                         duration_h=None)
    if "n_units" in x:
        changes["genset"] = gen.replace(n_units=int(round(x["n_units"])))
    values = {f.name: getattr(system, f.name) for f in fields(system)}
    values.update(changes)
    return System(**values)


def size_life(system: System, life: LifeOfMine, profiles, *, bounds: dict,
              project: Project | None = None, mode: str = "full",
              max_unserved_fraction: float = 0.0, popsize: int = 8, maxiter: int = 40,
              tol: float = 1e-3, seed: int | None = 0, init: str = "sobol") -> LifeSizingResult:
    """Size a design against its life-of-mine NPC with differential evolution.

    Every generation is simulated as one :func:`minegrid.dispatch.run_batch`
    call per year for the whole population (``scipy.optimize.differential_evolution``
    with ``vectorized=True``); turbine and genset unit counts are integers.

    Parameters
    ----------
    system : System
        Template: costs, unit ratings, battery power-to-energy ratio, dispatch.
    life : LifeOfMine
        Per-year inputs. The battery ageing model must not be ``"rainflow"``
        (it needs trajectories; size with ``"cycles"`` and check with rainflow).
    profiles : Profiles, load array or list of Profiles
        As for :func:`simulate_life`.
    bounds : dict
        ``{name: (low, high)}`` for some of ``pv_kw`` [kW], ``n_turbines``,
        ``battery_kwh`` [kWh], ``n_units``.
    project : Project, optional
    mode : {"full", "representative"}
        How each design's life is simulated during the search (the returned
        ``result`` is always a full simulation).
    max_unserved_fraction : float
        Largest unserved fraction allowed in any year, in [0, 1). Designs above
        it are ranked after every feasible design. [-]
    popsize, maxiter, tol, seed, init
        Passed to :func:`scipy.optimize.differential_evolution`.

    Returns
    -------
    LifeSizingResult
    """
    from scipy.optimize import differential_evolution

    from .simulation import design_matrix

    check(isinstance(system, System), "system", type(system).__name__,
          "must be a minegrid.System", "pass minegrid.System(...)")
    check(isinstance(life, LifeOfMine), "life", type(life).__name__,
          "must be a minegrid.LifeOfMine", "pass minegrid.LifeOfMine(horizon_years=...)")
    check(life.battery_ageing.model != "rainflow", "life.battery_ageing.model", "rainflow",
          "cannot be used for sizing (it needs each design's trajectory)",
          "size with model='cycles', then check the result with simulate_life")
    check(mode in ("full", "representative"), "mode", mode,
          "is not 'full' or 'representative'", "pick one of those")
    project = Project() if project is None else project
    check(isinstance(bounds, Mapping) and len(bounds) > 0, "bounds", bounds,
          "must be a non-empty dict {name: (low, high)}",
          f"use names among {SIZE_VARIABLES}")
    names = []
    lows, highs = [], []
    for name, b in bounds.items():
        check(name in SIZE_VARIABLES, "bounds", name, f"is not one of {SIZE_VARIABLES}",
              "rename the variable")
        check(isinstance(b, Sequence) and len(b) == 2, f"bounds[{name!r}]", b,
              "must be a (low, high) pair", "e.g. (0, 20000)")
        lo = _number(b[0], f"bounds[{name!r}]", minimum=0.0, fix="sizes are >= 0")
        hi = _number(b[1], f"bounds[{name!r}]", minimum=lo, fix="give low <= high")
        names.append(name)
        lows.append(lo)
        highs.append(hi)
    _number(max_unserved_fraction, "max_unserved_fraction", minimum=0.0, maximum=0.999,
            fix="a fraction such as 0.001")
    integral = np.array([n in ("n_turbines", "n_units") for n in names])
    inp = _resolve(life, project)
    years = _year_profiles(life, profiles)
    co2 = system.genset_or_zero.co2_kg_per_l
    stride = life.representative_stride_years if mode == "representative" else 1
    from .simulation import diesel_only

    peak = max(range(inp.last), key=lambda j: float(years[j].load_kw.max()))
    ref = diesel_only(system, years[peak])
    ref_params = _dispatch.design_params(ref)[None, :]
    _, _, ref_npc, _ = _engine(ref_params, _prices(ref), inp, years, mode=mode, stride=stride,
                               load_tol=life.representative_load_tolerance, co2_kg_per_l=co2)
    big = 10.0 * max(abs(float(ref_npc[0])), 1.0)

    counter = [0]

    def objective(xs):
        xs = np.asarray(xs, dtype=float)
        xs = xs[:, None].T if xs.ndim == 1 else xs.T  # (designs, variables)
        counter[0] += xs.shape[0]
        designs = {n: (np.round(xs[:, j]) if integral[j] else xs[:, j])
                   for j, n in enumerate(names)}
        params, q = design_matrix(system, designs)
        res, _, npc, _ = _engine(params, q, inp, years, mode=mode, stride=stride,
                                 load_tol=life.representative_load_tolerance, co2_kg_per_l=co2)
        load = res["load_kwh"][1:inp.last + 1]
        with np.errstate(divide="ignore", invalid="ignore"):
            frac = np.where(load > 0, res["unserved_kwh"][1:inp.last + 1]
                            / np.where(load > 0, load, 1), 0.0)
        viol = np.maximum(frac.max(axis=0) - max_unserved_fraction, 0.0)
        return np.where(viol > 0, big * (1.0 + viol), npc)

    opt = differential_evolution(objective, list(zip(lows, highs, strict=True)),
                                 vectorized=True, updating="deferred", integrality=integral,
                                 popsize=popsize, maxiter=maxiter, tol=tol, seed=seed,
                                 polish=False, init=init)
    x = {n: (float(np.round(v)) if integral[j] else float(v))
         for j, (n, v) in enumerate(zip(names, opt.x, strict=True))}
    best = _apply_sizes(system, x)
    result = _simulate_years(best, life, years, project)
    feasible = bool(opt.fun < big)
    msg = str(opt.message) + ("" if feasible else
                              "; no design met max_unserved_fraction: widen the bounds")
    return LifeSizingResult(x=x, fun=float(opt.fun), feasible=feasible,
                            success=bool(opt.success) and feasible, message=msg,
                            nfev=int(opt.nfev), nit=int(opt.nit), n_designs=counter[0],
                            system=best, result=result)


def _simulate_years(system, life, years, project):
    """:func:`simulate_life` on already-built per-year profiles."""
    bare = life.replace(load_scale=None, load_kw_by_year=None)
    return simulate_life(system, bare, years, project=project, base_case=True, mode="full")
