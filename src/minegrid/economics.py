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
``min(calendar_life_years, cycle_life / cycles_per_year)``.

All functions take numpy arrays (one value per design) or scalars, so the
same code prices one design or ten thousand.

References
----------
1. HOMER Pro user manual, "Net present cost", "Salvage value", "Capital recovery factor".
2. Microgrids.jl / microgrids 0.3.1, ``economics.py`` (``CostFactors.from_prices``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = [
    "present_worth_factor",
    "capital_recovery_factor",
    "lifecycle_factors",
    "ComponentCosts",
    "Costs",
    "CATEGORIES",
]

#: Cost categories, in table order.
CATEGORIES = ("capital", "replacement", "om", "fuel", "carbon", "salvage")


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
    """

    capital: float
    replacement: float
    om: float
    fuel: float
    carbon: float
    salvage: float

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
    pv, wind, battery, genset : ComponentCosts
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
    npc: float
    annualised: float
    lcoe: float
    crf: float
    served_kwh_per_year: float
    currency: str = "USD"

    COMPONENTS = ("pv", "wind", "battery", "genset")

    @property
    def system(self) -> ComponentCosts:
        """Sum over components. [currency]"""
        parts = [getattr(self, c) for c in self.COMPONENTS]
        return ComponentCosts(*(sum(getattr(p, cat) for p in parts) for cat in CATEGORIES))

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
                f"  {c:8s} capital {cc.capital:>14,.0f}  replacement {cc.replacement:>12,.0f}  "
                f"O&M {cc.om:>12,.0f}  fuel {cc.fuel:>14,.0f}  carbon {cc.carbon:>12,.0f}  "
                f"salvage {cc.salvage:>12,.0f}  total {cc.total:>14,.0f}")
        return "\n".join(lines)


def price_designs(q: dict, project) -> dict[str, np.ndarray]:
    """Vectorised pricing: arrays of per-year quantities -> arrays of present values.

    ``q`` holds one array (or scalar) per key: sizes and unit costs of each
    component (``pv_kw``, ``pv_capex_per_kw``, ...), and yearly operation
    figures (``fuel_l``, ``co2_t``, ``unit_h``, ``cycles``, ``served_kwh``).
    Used by :func:`minegrid.simulate` (one design) and
    :func:`minegrid.simulate_batch` (many); see :func:`component_costs_from_system`.
    Returns a dict ``{f"{component}_{category}": array}`` plus ``npc``,
    ``annualised`` and ``lcoe``.
    """
    n = project.lifetime_years
    rate = project.discount_rate
    pwf = present_worth_factor(rate, n)
    out: dict[str, np.ndarray] = {}

    def component(name, capital, life, repl_ratio, salv_ratio, om, fuel=0.0, carbon=0.0):
        rep_f, salv_f = lifecycle_factors(life, n, rate)
        values = {
            "capital": capital,
            "replacement": capital * repl_ratio * rep_f,
            "om": om * pwf,
            "fuel": fuel * pwf,
            "carbon": carbon * pwf,
            "salvage": -capital * salv_ratio * salv_f,
        }
        # one array per category, all of the same shape (scalars for one design)
        arrays = np.broadcast_arrays(*(np.asarray(v, float) for v in values.values()))
        for category, array in zip(values, arrays, strict=True):
            out[f"{name}_{category}"] = array

    component("pv", q["pv_kw"] * q["pv_capex_per_kw"], q["pv_life_years"],
              q["pv_replacement_ratio"], q["pv_salvage_ratio"],
              q["pv_kw"] * q["pv_om_per_kw_year"])
    component("wind", q["wind_kw"] * q["wind_capex_per_kw"], q["wind_life_years"],
              q["wind_replacement_ratio"], q["wind_salvage_ratio"],
              q["wind_kw"] * q["wind_om_per_kw_year"])
    cycles = np.asarray(q["cycles"], float)
    with np.errstate(divide="ignore", invalid="ignore"):
        cycle_life = np.where(cycles > 0, q["battery_cycle_life"] / np.where(cycles > 0, cycles, 1),
                              np.inf)
    battery_life = np.minimum(q["battery_calendar_life_years"], cycle_life)
    component("battery",
              q["battery_kwh"] * q["battery_capex_per_kwh"]
              + q["battery_kw"] * q["battery_capex_per_kw"],
              battery_life, q["battery_replacement_ratio"], q["battery_salvage_ratio"],
              q["battery_kwh"] * q["battery_om_per_kwh_year"])
    unit_h = np.asarray(q["unit_h"], float)
    n_units = np.asarray(q["genset_n_units"], float)
    with np.errstate(divide="ignore", invalid="ignore"):
        hours_per_unit = np.where(n_units > 0, unit_h / np.where(n_units > 0, n_units, 1), 0.0)
        genset_life = np.where(hours_per_unit > 0,
                               q["genset_life_hours"] / np.where(hours_per_unit > 0,
                                                                 hours_per_unit, 1), np.inf)
    component("genset", q["genset_kw"] * q["genset_capex_per_kw"], genset_life,
              q["genset_replacement_ratio"], q["genset_salvage_ratio"],
              unit_h * q["genset_om_per_unit_hour"],
              fuel=q["fuel_l"] * project.fuel_price_per_l,
              carbon=q["co2_t"] * project.carbon_price_per_t)
    npc = sum(out[f"{c}_{cat}"] for c in Costs.COMPONENTS for cat in CATEGORIES)
    crf = 1.0 / pwf
    out["npc"] = npc
    out["annualised"] = npc * crf
    with np.errstate(divide="ignore", invalid="ignore"):
        out["lcoe"] = np.where(q["served_kwh"] > 0, npc * crf / q["served_kwh"], np.inf)
    out["crf"] = crf
    out["battery_life_years"] = battery_life
    out["genset_life_years"] = genset_life
    return out


def system_prices(system) -> dict[str, float]:
    """Sizes and unit costs of a :class:`~minegrid.System`, keyed for :func:`price_designs`."""
    pv, wind = system.pv_or_zero, system.wind_or_zero
    bat, gen = system.battery_or_zero, system.genset_or_zero
    return {
        "pv_kw": pv.rated_kw, "pv_capex_per_kw": pv.capex_per_kw,
        "pv_om_per_kw_year": pv.om_per_kw_year, "pv_life_years": pv.lifetime_years,
        "pv_replacement_ratio": pv.replacement_ratio, "pv_salvage_ratio": pv.salvage_ratio,
        "wind_kw": wind.rated_kw, "wind_capex_per_kw": wind.capex_per_kw,
        "wind_om_per_kw_year": wind.om_per_kw_year, "wind_life_years": wind.lifetime_years,
        "wind_replacement_ratio": wind.replacement_ratio,
        "wind_salvage_ratio": wind.salvage_ratio,
        "battery_kwh": bat.energy_kwh, "battery_kw": bat.power_kw,
        "battery_capex_per_kwh": bat.capex_per_kwh, "battery_capex_per_kw": bat.capex_per_kw,
        "battery_om_per_kwh_year": bat.om_per_kwh_year,
        "battery_calendar_life_years": bat.calendar_life_years,
        "battery_cycle_life": bat.cycle_life,
        "battery_replacement_ratio": bat.replacement_ratio,
        "battery_salvage_ratio": bat.salvage_ratio,
        "genset_kw": gen.rated_kw, "genset_n_units": float(gen.n_units),
        "genset_capex_per_kw": gen.capex_per_kw, "genset_life_hours": gen.life_hours,
        "genset_om_per_unit_hour": gen.om_per_unit_hour,
        "genset_replacement_ratio": gen.replacement_ratio,
        "genset_salvage_ratio": gen.salvage_ratio,
    }


def costs_from_prices(prices: dict, i: int | None, served_kwh: float, currency: str) -> Costs:
    """Build a :class:`Costs` from :func:`price_designs` output (design ``i``, or scalars)."""

    def at(key):
        v = np.asarray(prices[key])
        return float(v if v.ndim == 0 else v[i])

    comps = {c: ComponentCosts(*(at(f"{c}_{cat}") for cat in CATEGORIES))
             for c in Costs.COMPONENTS}
    return Costs(**comps, npc=at("npc"), annualised=at("annualised"), lcoe=at("lcoe"),
                 crf=float(prices["crf"]), served_kwh_per_year=float(served_kwh),
                 currency=currency)
