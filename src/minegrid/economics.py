"""Life-cycle economics: net present cost, annualised cost and LCOE.

Conventions (HOMER [1] and Microgrids.jl [2]):

* capital at year 0; yearly cash flows (O&M, fuel, carbon) at the end of
  years 1..N, discounted at the real rate i: ``d_k = (1 + i)^-k``;
* a component of life L [year] is replaced at ``L, 2L, ...`` while that is
  before the end of the project: ``R = ceil(N/L) − 1`` replacements, each
  costing ``replacement_ratio × capital``, discounted at the (possibly
  fractional) replacement time;
* at the end of the project the component keeps a linear salvage value
  ``salvage_ratio × capital × (remaining life / L)``, discounted from year N;
* ``NPC = capital + replacements + O&M + fuel + carbon − salvage``;
  ``annualised cost = NPC × CRF`` with ``CRF = 1 / Σ_{k=1..N} d_k``;
  ``LCOE = annualised cost / served energy per year``.

Genset life in years is ``life_hours / (running hours per unit per year)``
(infinite when it never runs: it is then salvaged "as new"). Battery life is
``min(calendar_life_years, cycle_life / cycles_per_year,
lifetime_throughput_kwh / throughput_per_year)`` (HOMER's throughput: energy
drawn from storage). With ``Project(salvage_basis="replacement")`` the salvage
value is ``replacement cost × remaining life / L`` (HOMER).

All functions take numpy arrays (one value per design) or scalars, so the
same code prices one design or ten thousand.

References
----------
1. HOMER Pro user manual, "Net present cost", "Salvage value", "Capital recovery factor".
2. Microgrids.jl / microgrids 0.3.1, ``economics.py`` (``CostFactors.from_prices``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = [
    "present_worth_factor",
    "capital_recovery_factor",
    "lifecycle_factors",
    "levelised_price",
    "capital_costs",
    "owned_capital",
    "price_designs",
    "system_prices",
    "costs_from_prices",
    "cash_flows",
    "ComponentCosts",
    "Costs",
    "CATEGORIES",
    "COMPONENTS",
]

#: Cost categories, in table order.
CATEGORIES = ("capital", "replacement", "om", "fuel", "carbon", "salvage")
#: Priced components, in table order.
COMPONENTS = ("pv", "wind", "battery", "genset", "converter")


def present_worth_factor(rate: float, years: int) -> float:
    """Present value of 1 per year paid at the end of years 1..N.

    ``Σ_{k=1..N} (1 + i)^-k``; equals N at a zero rate.

    >>> present_worth_factor(0.0, 20)
    20.0
    >>> round(present_worth_factor(0.05, 25), 6)
    14.093945
    """
    return float(sum((1.0 + rate) ** -k for k in range(1, int(years) + 1)))


def capital_recovery_factor(rate: float, years: int) -> float:
    """Capital recovery factor ``1 / present_worth_factor``. [1/year]

    >>> round(capital_recovery_factor(0.08, 20), 6)
    0.101852
    """
    return 1.0 / present_worth_factor(rate, years)


def lifecycle_factors(life_years, project_years: int, rate: float):
    """Replacement and salvage factors for components of life ``life_years``.

    Parameters
    ----------
    life_years : float or array
        Component life; ``inf`` for a component that never wears. [year]
    project_years : int
        Project life N. [year]
    rate : float
        Real discount rate. [1/year]

    Returns
    -------
    replacement : array
        ``Σ_{j=1..R} (1 + i)^-(j·L)`` with ``R = ceil(N/L) − 1``: multiply by the
        replacement cost. [-]
    salvage : array
        ``(remaining life / L) · (1 + i)^-N``: multiply by the salvage value of a
        new component. [-]

    Examples
    --------
    A 10-year battery in a 25-year project is replaced at years 10 and 20 and
    has half its life left at year 25:

    >>> r, s = lifecycle_factors(10.0, 25, 0.0)
    >>> float(r), float(s)
    (2.0, 0.5)
    >>> r, s = lifecycle_factors(float("inf"), 25, 0.0)
    >>> float(r), float(s)
    (0.0, 1.0)
    """
    life = np.asarray(life_years, dtype=float)
    n = float(project_years)
    d = 1.0 / (1.0 + rate)
    finite = np.isfinite(life) & (life > 0)
    safe = np.where(finite, life, 1.0)
    reps = np.where(finite, np.ceil(n / safe) - 1.0, 0.0)
    # geometric series d^L + d^2L + ... + d^RL = d^L (1 - d^RL) / (1 - d^L), written with
    # expm1 so that it stays accurate for tiny rates; it tends to R as the rate goes to 0
    lr = -safe * np.log1p(rate)  # ln d^L
    dl = np.exp(lr)
    den = np.expm1(lr)
    with np.errstate(divide="ignore", invalid="ignore"):
        series = dl * np.expm1(reps * lr) / np.where(den != 0.0, den, 1.0)
    replacement = np.where(reps > 0, np.where(den != 0.0, series, reps), 0.0)
    remaining = np.where(finite, safe * (1.0 + reps) - n, 1.0)
    salvage = np.where(finite, remaining / safe, 1.0) * d**n
    return replacement, salvage


@dataclass(frozen=True, slots=True)
class ComponentCosts:
    """Present-value costs of one component over the project. [currency]

    ``salvage`` is negative (a credit). ``total`` is the component's NPC.
    ``life_years`` is the life the component was priced with (``inf`` when it
    never wears out) [year] and ``replacement_cost`` the nominal cost of one
    replacement [currency]; both are ``nan`` for the system total.
    """

    capital: float
    replacement: float
    om: float
    fuel: float
    carbon: float
    salvage: float
    life_years: float = math.nan
    replacement_cost: float = math.nan

    @property
    def total(self) -> float:
        """Net present cost of the component. [currency]"""
        return (self.capital + self.replacement + self.om + self.fuel + self.carbon
                + self.salvage)

    def to_dict(self) -> dict[str, float]:
        d = {c: float(getattr(self, c)) for c in CATEGORIES}
        d["total"] = float(self.total)
        return d


@dataclass(frozen=True, slots=True)
class Costs:
    """Economics of one design: per-component present values and key figures.

    Attributes
    ----------
    pv, wind, battery, genset, converter : ComponentCosts
        Present-value costs by category. [currency]
    npc : float
        Net present cost. [currency]
    annualised : float
        ``npc × crf``. [currency/year]
    lcoe : float
        Levelised cost of electricity served. [currency/kWh]
    crf : float
        Capital recovery factor. [1/year]
    served_kwh_per_year : float
        Energy served per year. [kWh/year]
    currency : str
        Label.
    """

    pv: ComponentCosts
    wind: ComponentCosts
    battery: ComponentCosts
    genset: ComponentCosts
    converter: ComponentCosts
    npc: float
    annualised: float
    lcoe: float
    crf: float
    served_kwh_per_year: float
    currency: str = "USD"

    COMPONENTS = COMPONENTS

    @property
    def system(self) -> ComponentCosts:
        """Sum over components. [currency]"""
        parts = [getattr(self, c) for c in self.COMPONENTS]
        return ComponentCosts(*(sum(getattr(p, cat) for p in parts) for cat in CATEGORIES))

    @property
    def lives(self) -> dict[str, float]:
        """Life of each component as priced (``inf``: never worn out). [year]"""
        return {c: getattr(self, c).life_years for c in self.COMPONENTS}

    @property
    def capital(self) -> float:
        """Initial capital cost of the system. [currency]"""
        return self.system.capital

    def to_frame(self):
        """Costs table: one row per component plus ``system``, one column per category."""
        import pandas as pd

        rows = {c: getattr(self, c).to_dict() for c in self.COMPONENTS}
        rows["system"] = self.system.to_dict()
        frame = pd.DataFrame.from_dict(rows, orient="index")
        frame.index.name = "component"
        frame.columns.name = f"present value [{self.currency}]"
        return frame

    def to_dict(self) -> dict:
        out = {"npc": self.npc, "annualised": self.annualised, "lcoe": self.lcoe,
               "crf": self.crf, "served_kwh_per_year": self.served_kwh_per_year,
               "currency": self.currency}
        for c in self.COMPONENTS:
            out[c] = getattr(self, c).to_dict()
        return out

    def __repr__(self) -> str:
        cur = self.currency
        lines = [f"Costs(npc={self.npc:,.0f} {cur}, annualised={self.annualised:,.0f} {cur}/yr, "
                 f"lcoe={self.lcoe:.4f} {cur}/kWh)"]
        for c in (*self.COMPONENTS, "system"):
            cc = self.system if c == "system" else getattr(self, c)
            lines.append(
                f"  {c:9s} capital {cc.capital:>14,.0f}  replacement {cc.replacement:>12,.0f}  "
                f"O&M {cc.om:>12,.0f}  fuel {cc.fuel:>14,.0f}  carbon {cc.carbon:>12,.0f}  "
                f"salvage {cc.salvage:>12,.0f}  total {cc.total:>14,.0f}")
        return "\n".join(lines)


def capital_costs(q: dict) -> dict[str, np.ndarray]:
    """Initial capital cost of each component, before any credit for owned units. [currency]

    ``q`` as for :func:`price_designs` (sizes and unit costs, arrays or scalars).
    """
    return {
        "pv": q["pv_kw"] * q["pv_capex_per_kw"],
        "wind": q["wind_kw"] * q["wind_capex_per_kw"],
        "battery": q["battery_kwh"] * q["battery_capex_per_kwh"]
        + q["battery_kw"] * q["battery_capex_per_kw"],
        "genset": q["genset_kw"] * q["genset_capex_per_kw"],
        "converter": q.get("converter_kw", 0.0) * q.get("converter_capex_per_kw", 0.0),
    }


def owned_capital(q: dict):
    """Capital of the gensets the mine already owns, credited once (None when it owns none).

    ``genset_existing_kw × genset_capex_per_kw`` [currency]: see :func:`price_designs`.
    """
    existing_kw = q.get("genset_existing_kw", 0.0)
    if not np.any(np.asarray(existing_kw) > 0):
        return None
    return existing_kw * q["genset_capex_per_kw"]


def price_designs(q: dict, project) -> dict[str, np.ndarray]:
    """Vectorised pricing: arrays of per-year quantities -> arrays of present values.

    ``q`` holds one array (or scalar) per key: sizes and unit costs of each
    component (``pv_kw``, ``pv_capex_per_kw``, ...; see :func:`system_prices`),
    and yearly operation figures (``fuel_l``, ``co2_t``, ``unit_h``,
    ``cycles``, ``served_kwh``). The single source of the cost formulas: used
    for one design and for ten thousand.

    Gensets the mine already owns (``genset_existing_kw`` of the fleet's rated
    power, optional) cost no capital: their capital is credited once, after
    replacements and salvage are priced on the whole fleet (their
    replacements, O&M and fuel are paid like the new units').

    Returns
    -------
    dict
        ``{f"{component}_{category}": array}`` [currency], ``npc`` [currency],
        ``annualised`` [currency/year], ``lcoe`` [currency/kWh], ``crf``
        [1/year], ``{component}_life_years`` [year] and
        ``{component}_replacement_cost`` (nominal, one replacement) [currency].
    """
    n = project.lifetime_years
    rate = project.discount_rate
    pwf = present_worth_factor(rate, n)
    out: dict[str, np.ndarray] = {}
    capital = capital_costs(q)
    with np.errstate(divide="ignore", invalid="ignore"):
        cycles = np.asarray(q["cycles"], float)
        cycle_life = np.where(cycles > 0, q["battery_cycle_life"] / np.where(cycles > 0, cycles, 1),
                              np.inf)
        unit_h = np.asarray(q["unit_h"], float)
        n_units = np.asarray(q["genset_n_units"], float)
        hours_per_unit = np.where(n_units > 0, unit_h / np.where(n_units > 0, n_units, 1), 0.0)
        genset_life = np.where(hours_per_unit > 0,
                               q["genset_life_hours"] / np.where(hours_per_unit > 0,
                                                                 hours_per_unit, 1), np.inf)
        drawn = np.asarray(q.get("battery_drawn_kwh", 0.0), float)
        throughput = np.asarray(q.get("battery_lifetime_throughput_kwh", np.inf), float)
        throughput_life = np.where(drawn > 0, throughput / np.where(drawn > 0, drawn, 1), np.inf)
    lives = {"pv": q["pv_life_years"], "wind": q["wind_life_years"],
             "battery": np.minimum(np.minimum(q["battery_calendar_life_years"], cycle_life),
                                   throughput_life),
             "genset": genset_life, "converter": q.get("converter_life_years", np.inf)}
    # every category of every component at once, one row per component (the
    # arithmetic is element-wise, so each value is what a per-component formula gives)
    shape = np.broadcast_shapes(*(v.shape for v in (*q.values(), project.fuel_price_per_l,
                                                     project.carbon_price_per_t)
                                  if isinstance(v, np.ndarray)), cycle_life.shape,
                                genset_life.shape)

    def rows(*values):
        arr = np.empty((len(COMPONENTS), *shape))
        for j, v in enumerate(values):
            arr[j] = v
        return arr

    life = rows(*lives.values())
    rep_f, salv_f = lifecycle_factors(life, n, rate)
    cap = rows(*capital.values())
    repl = rows(*(q.get(f"{c}_replacement_ratio", 1.0) for c in COMPONENTS))
    salv = rows(*(q.get(f"{c}_salvage_ratio", 1.0) for c in COMPONENTS))
    om = rows(q["pv_kw"] * q["pv_om_per_kw_year"], q["wind_kw"] * q["wind_om_per_kw_year"],
              q["battery_kwh"] * q["battery_om_per_kwh_year"],
              unit_h * q["genset_om_per_unit_hour"] + genset_extra_om(q),
              q.get("converter_kw", 0.0) * q.get("converter_om_per_kw_year", 0.0))
    # salvage values the remaining life on capital (default) or replacement cost (HOMER)
    basis = cap * repl if getattr(project, "salvage_basis", "capital") == "replacement" else cap
    values = {
        "capital": cap,
        "replacement": cap * repl * rep_f,
        "om": om * pwf,
        "fuel": rows(0.0, 0.0, 0.0, q["fuel_l"] * _diesel_price(q, project), 0.0) * pwf,
        "carbon": rows(0.0, 0.0, 0.0, q["co2_t"] * project.carbon_price_per_t, 0.0) * pwf,
        "salvage": -basis * salv * salv_f,
    }
    rep_cost = cap * repl
    for j, c in enumerate(COMPONENTS):
        for category in CATEGORIES:
            out[f"{c}_{category}"] = values[category][j]
        out[f"{c}_life_years"] = life[j]
        out[f"{c}_replacement_cost"] = rep_cost[j]
    npc = sum(out[f"{c}_{cat}"] for c in COMPONENTS for cat in CATEGORIES)
    credit = owned_capital(q)
    if credit is not None:
        npc = npc - credit
        out["genset_capital"] = out["genset_capital"] - credit
    crf = 1.0 / pwf
    out["npc"] = npc
    out["annualised"] = npc * crf
    with np.errstate(divide="ignore", invalid="ignore"):
        out["lcoe"] = np.where(q["served_kwh"] > 0, npc * crf / q["served_kwh"], np.inf)
    out["crf"] = crf
    out["capital"] = sum(out[f"{c}_capital"] for c in COMPONENTS)
    return out


def genset_extra_om(q: dict):
    """Genset O&M beyond the cost per unit-hour, per year: per kW-hour run, fixed per kW,
    per start and for overhauls (zero when a fleet has none of them). [currency/year]

    ``unit_h·P_u·om_per_kw_hour + P·om_per_kw_year + starts·start_cost
    + (unit_h / interval)·P_u·overhaul_cost_per_kw``.
    """
    unit_h = np.asarray(q.get("unit_h", 0.0), float)
    extra = (unit_h * q.get("genset_unit_kw", 0.0) * q.get("genset_om_per_kw_hour", 0.0)
             + q.get("genset_kw", 0.0) * q.get("genset_om_per_kw_year", 0.0)
             + np.asarray(q.get("starts", 0.0), float) * q.get("genset_start_cost", 0.0))
    interval = np.asarray(q.get("genset_overhaul_interval_hours", np.inf), float)
    if np.isfinite(interval).any():
        finite = np.isfinite(interval)
        per_h = np.where(finite, 1.0 / np.where(finite, interval, 1.0), 0.0)
        extra = extra + (unit_h * per_h) * q["genset_unit_kw"] * q["genset_overhaul_cost_per_kw"]
    return extra


def _diesel_price(q: dict, project) -> float:
    """Price of the one fleet's diesel: its Fuel's own price, else the project's. [currency/L]"""
    own = np.asarray(q.get("genset_fuel_price_per_l", np.nan), float)
    return np.where(np.isnan(own), project.fuel_price_per_l, own) if own.ndim else (
        project.fuel_price_per_l if np.isnan(own) else float(own))


def system_prices(system) -> dict[str, float]:
    """Sizes and unit costs of a :class:`~minegrid.System`, keyed for :func:`price_designs`."""
    pv, wind = system.pv_or_zero, system.wind_or_zero
    from .components import GensetFleet

    # a plant of genset types is priced type by type (minegrid.plantcosts), not here
    bat = system.battery_or_zero
    gen = GensetFleet() if system.is_plant else system.genset_or_zero
    conv = system.converter_or_zero
    return {
        "pv_kw": pv.rated_kw, "pv_capex_per_kw": pv.capex_per_kw,
        "pv_om_per_kw_year": pv.om_per_kw_year, "pv_life_years": pv.lifetime_years,
        "pv_replacement_ratio": pv.replacement_ratio, "pv_salvage_ratio": pv.salvage_ratio,
        "wind_kw": wind.rated_kw, "wind_capex_per_kw": wind.capex_per_kw,
        "wind_om_per_kw_year": wind.om_per_kw_year, "wind_life_years": wind.lifetime_years,
        "wind_replacement_ratio": wind.replacement_ratio,
        "wind_salvage_ratio": wind.salvage_ratio,
        # the converter is rated for the larger of the charge and discharge limits
        "battery_kwh": bat.energy_kwh,
        "battery_kw": max(bat.charge_power_kw, bat.discharge_power_kw),
        "battery_capex_per_kwh": bat.capex_per_kwh, "battery_capex_per_kw": bat.capex_per_kw,
        "battery_om_per_kwh_year": bat.om_per_kwh_year,
        "battery_calendar_life_years": bat.calendar_life_years,
        "battery_cycle_life": bat.cycle_life,
        "battery_replacement_ratio": bat.replacement_ratio,
        "battery_salvage_ratio": bat.salvage_ratio,
        "genset_kw": gen.rated_kw, "genset_n_units": float(gen.n_units),
        "genset_existing_kw": gen.existing_units * gen.unit_rated_kw,
        "genset_capex_per_kw": gen.capex_per_kw, "genset_life_hours": gen.life_hours,
        "genset_om_per_unit_hour": gen.om_per_unit_hour,
        "genset_replacement_ratio": gen.replacement_ratio,
        "genset_salvage_ratio": gen.salvage_ratio,
        "genset_unit_kw": gen.unit_rated_kw,
        "genset_co2_kg_per_l": gen.co2_kg_per_l,
        "genset_f0_l_per_h_per_kw": gen.fuel_intercept_l_per_h_per_kw,
        "genset_f1_l_per_kwh": gen.fuel_slope_l_per_kwh,
        "genset_om_per_kw_hour": gen.om_per_kw_hour, "genset_om_per_kw_year": gen.om_per_kw_year,
        "genset_start_cost": gen.start_cost,
        "genset_overhaul_cost_per_kw": gen.overhaul_cost_per_kw,
        "genset_overhaul_interval_hours": (np.inf if gen.overhaul_interval_hours is None
                                           else gen.overhaul_interval_hours),
        # the fleet's own diesel price (nan: the project's fuel_price_per_l)
        "genset_fuel_price_per_l": (np.nan if gen.fuel.price_per_unit is None
                                    else gen.fuel.price_per_unit),
        "battery_lifetime_throughput_kwh": (np.inf if bat.lifetime_throughput_kwh is None
                                            else bat.lifetime_throughput_kwh),
        "converter_kw": conv.inverter_kw, "converter_capex_per_kw": conv.capex_per_kw,
        "converter_om_per_kw_year": conv.om_per_kw_year,
        "converter_life_years": conv.lifetime_years,
        "converter_replacement_ratio": conv.replacement_ratio,
        "converter_salvage_ratio": conv.salvage_ratio,
    }


def costs_from_prices(prices: dict, i: int | None, served_kwh: float, currency: str) -> Costs:
    """Build a :class:`Costs` from :func:`price_designs` output (design ``i``, or scalars)."""

    def at(key):
        v = prices[key]
        return float(v if np.ndim(v) == 0 else v[i])

    comps = {c: ComponentCosts(*(at(f"{c}_{cat}") for cat in CATEGORIES),
                               life_years=at(f"{c}_life_years"),
                               replacement_cost=at(f"{c}_replacement_cost"))
             for c in COMPONENTS}
    return Costs(**comps, npc=at("npc"), annualised=at("annualised"), lcoe=at("lcoe"),
                 crf=float(prices["crf"]), served_kwh_per_year=float(served_kwh),
                 currency=currency)


def levelised_price(path, project) -> float:
    """Constant price with the same present value as a yearly price path.

    ``p̄ = Σ_k p_k (1 + i)^-k / Σ_k (1 + i)^-k`` over project years ``k = 1..N``.

    Parameters
    ----------
    path : float or sequence of float
        Prices at years 1..N (N = ``project.lifetime_years``), or one number. [currency/unit]
    project : Project

    Examples
    --------
    >>> from minegrid import Project
    >>> levelised_price([1.0, 2.0], Project(lifetime_years=2, discount_rate=0.0))
    1.5
    """
    from .errors import check

    n = project.lifetime_years
    arr = np.asarray(path, dtype=float)
    if arr.ndim == 0:
        arr = np.full(n, float(arr))
    check(arr.ndim == 1 and arr.size == n, "fuel_price_path", f"{arr.size} prices",
          f"must have one price per project year ({n})", "give lifetime_years prices")
    check(bool(np.isfinite(arr).all() and (arr >= 0).all()), "fuel_price_path", arr.tolist(),
          "must be finite and >= 0", "prices per litre")
    d = (1.0 + project.discount_rate) ** -np.arange(1, n + 1, dtype=float)
    return float(np.sum(arr * d) / np.sum(d))


def cash_flows(costs: Costs, project, *, by_component: bool = False):
    """Year-by-year cash flows behind a :class:`Costs`, with the conventions above.

    Capital is spent at year 0; O&M, fuel and carbon at the end of each year
    1..N; a component of life L is replaced at ``L, 2L, ...`` before the end
    of the project (booked in the year ``ceil(j·L)`` that contains the
    replacement, discounted at the exact time ``j·L``); the linear salvage
    value is credited at year N. The discounted column therefore sums to
    ``costs.npc``.

    Parameters
    ----------
    costs : Costs
        Economics of one design (``SimulationResult.costs``).
    project : Project
        Its finance (life N and discount rate).
    by_component : bool
        One column per component and category (``"battery_replacement"``, ...)
        instead of one per category.

    Returns
    -------
    pandas.DataFrame
        Index ``year`` 0..N. Columns: ``capital``, ``replacement``, ``om``,
        ``fuel``, ``carbon``, ``salvage`` (costs positive, salvage negative),
        ``total``, ``discounted`` and ``cumulative_discounted``. [currency]
    """
    import pandas as pd

    n = int(project.lifetime_years)
    rate = float(project.discount_rate)
    d = 1.0 / (1.0 + rate)
    years = np.arange(n + 1)
    disc_year = d ** years.astype(float)
    pwf = float(np.sum(disc_year[1:]))
    flows: dict[str, np.ndarray] = {}
    discounted = np.zeros(n + 1)
    for comp in COMPONENTS:
        cc = getattr(costs, comp)
        cols = {cat: np.zeros(n + 1) for cat in CATEGORIES}
        cols["capital"][0] = cc.capital
        for cat in ("om", "fuel", "carbon"):
            cols[cat][1:] = getattr(cc, cat) / pwf if pwf > 0 else 0.0
        life = cc.life_years
        if cc.replacement_cost > 0 and math.isfinite(life) and life > 0:
            reps = math.ceil(n / life) - 1
            for j in range(1, reps + 1):
                t = j * life
                year = min(n, max(1, math.ceil(t - 1e-9)))
                amount = cc.replacement_cost
                cols["replacement"][year] += amount
                discounted[year] += amount * d**t - amount * disc_year[year]
        cols["salvage"][n] = cc.salvage / disc_year[n] if disc_year[n] > 0 else 0.0
        for cat in CATEGORIES:
            flows[f"{comp}_{cat}"] = cols[cat]
    by_cat = {cat: sum(flows[f"{c}_{cat}"] for c in COMPONENTS) for cat in CATEGORIES}
    total = sum(by_cat.values())
    discounted = discounted + total * disc_year
    frame = pd.DataFrame(flows if by_component else by_cat, index=pd.Index(years, name="year"))
    frame["total"] = total
    frame["discounted"] = discounted
    frame["cumulative_discounted"] = np.cumsum(discounted)
    frame.attrs["currency"] = costs.currency
    return frame
