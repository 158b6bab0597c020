"""Inputs of a life-of-mine study: price paths, carbon rules, battery ageing and the horizon.

:class:`LifeOfMine` holds what changes from year to year (load, PV
degradation, prices, ageing, overhauls, closure); :class:`PricePath` a price
over the years, :class:`CarbonTax` a carbon rule with threshold and offsets,
:class:`BatteryAgeing` the battery's fade model and response. Every price is
real (the discount rate is real).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields

import numpy as np

from ..errors import check, is_number, number, numbers

__all__ = ["PricePath", "CarbonTax", "BatteryAgeing", "LifeOfMine", "AGEING_MODELS",
           "AGEING_RESPONSES", "COMPONENTS"]

#: Battery ageing models (see :class:`BatteryAgeing`).
AGEING_MODELS = ("none", "cycles", "rainflow")
#: What happens when the battery ages (see :class:`BatteryAgeing`).
AGEING_RESPONSES = ("replace", "augment")
#: Components with a relocation fraction.
COMPONENTS = ("pv", "wind", "battery", "genset")


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
            number(self.start, "PricePath.start", minimum=0.0, fix="prices are >= 0")
            object.__setattr__(self, "start", float(self.start))
        number(self.escalation_per_year, "PricePath.escalation_per_year", minimum=-1.0,
                strict=True, fix="a real rate as a fraction, e.g. 0.02 for 2 %/year")
        if self.values is not None:
            object.__setattr__(self, "values", numbers(self.values, "PricePath.values", None,
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
    elif is_number(value):
        path = PricePath(start=number(value, name, minimum=0.0, fix="prices are >= 0"))
    else:
        path = PricePath(values=numbers(value, name, None, minimum=0.0, fix="prices are >= 0"))
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
        number(self.threshold_t_per_year, "CarbonTax.threshold_t_per_year", minimum=0.0,
                fix="tonnes of CO2 per year, 0 for none (25000 in Chile)")
        number(self.offset_fraction, "CarbonTax.offset_fraction", minimum=0.0, maximum=1.0,
                fix="a fraction in [0, 1], not a percentage")
        number(self.offset_t_per_year, "CarbonTax.offset_t_per_year", minimum=0.0,
                fix="tonnes of CO2 per year, 0 for none")
        number(self.offset_cost_per_t, "CarbonTax.offset_cost_per_t", minimum=0.0,
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
        number(self.end_of_life_soh, "BatteryAgeing.end_of_life_soh", minimum=0.0, strict=True,
                maximum=0.999, fix="a fraction in (0, 1), e.g. 0.8")
        number(self.augment_to_soh, "BatteryAgeing.augment_to_soh",
                minimum=self.end_of_life_soh, strict=True, maximum=1.0,
                fix="a fraction in (end_of_life_soh, 1], e.g. 1.0")
        number(self.dod_exponent, "BatteryAgeing.dod_exponent", minimum=0.0, strict=True,
                maximum=5.0, fix="a Wöhler exponent, typically between 1 and 2")
        check(not (self.model == "none" and self.response == "augment"),
              "BatteryAgeing.response", self.response, "needs a fade model",
              "use model='cycles' or 'rainflow' with response='augment'")
        for name in ("calendar_life_years", "cycle_life"):
            if getattr(self, name) is not None:
                number(getattr(self, name), f"BatteryAgeing.{name}", minimum=0.0, strict=True,
                        fix="a positive life")


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
            object.__setattr__(self, "load_scale", numbers(
                self.load_scale, "LifeOfMine.load_scale", n, minimum=0.0,
                fix="give one multiplier >= 0 per year, e.g. the plan's throughput fraction"))
        if self.load_kw_by_year is not None:
            object.__setattr__(self, "load_kw_by_year", _per_year_loads(self.load_kw_by_year, n))
        deg = self.pv_degradation_per_year
        fix = "a fraction per year such as 0.005 (0.5 %/year), >= 0"
        if is_number(deg):
            deg = number(deg, "LifeOfMine.pv_degradation_per_year", minimum=0.0, maximum=0.2,
                          fix=fix)
        else:
            deg = numbers(deg, "LifeOfMine.pv_degradation_per_year", n, minimum=0.0,
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
            number(self.discount_rate, "LifeOfMine.discount_rate", minimum=-0.5, maximum=1.0,
                    fix="a real rate as a fraction, e.g. 0.08")
        check(isinstance(self.battery_ageing, BatteryAgeing), "LifeOfMine.battery_ageing",
              type(self.battery_ageing).__name__, "must be a BatteryAgeing",
              "pass BatteryAgeing(model='cycles')")
        if self.genset_overhaul_interval_hours is not None:
            number(self.genset_overhaul_interval_hours,
                    "LifeOfMine.genset_overhaul_interval_hours", minimum=0.0, strict=True,
                    fix="running hours between overhauls, e.g. 20000")
        number(self.genset_overhaul_fraction, "LifeOfMine.genset_overhaul_fraction",
                minimum=0.0, maximum=1.0, fix="a fraction of the fleet's capital, e.g. 0.3")
        for c in COMPONENTS:
            name = f"relocation_fraction_{c}"
            if getattr(self, name) is not None:
                number(getattr(self, name), f"LifeOfMine.{name}", minimum=0.0, maximum=1.0,
                        fix="a fraction of capital in [0, 1]")
        check(isinstance(self.chain_soc, bool), "LifeOfMine.chain_soc", self.chain_soc,
              "must be True or False", "chain_soc=True or False")
        s = self.representative_stride_years
        check(isinstance(s, int | np.integer) and not isinstance(s, bool) and s >= 1,
              "LifeOfMine.representative_stride_years", s, "must be a whole number >= 1",
              "e.g. 4")
        number(self.representative_load_tolerance, "LifeOfMine.representative_load_tolerance",
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
        from ..mine import MineLoad, ProductionPlan

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


