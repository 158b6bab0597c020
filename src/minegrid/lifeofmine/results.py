"""Results of a life-of-mine simulation: the year-by-year cash flow and savings."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..components import Project, System
from .inputs import LifeOfMine

__all__ = ["LifeOfMineResult", "LifeSavings", "CASH_FLOW_COLUMNS", "CASH_FLOW_UNITS",
           "cash_flow_frame"]

#: Money columns of :attr:`LifeOfMineResult.cash_flow`, nominal (undiscounted). [currency]
CASH_FLOW_COLUMNS = ("capex", "replacements", "overhauls", "om", "fuel", "carbon", "salvage",
                     "total")


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
    weather_source : str or None
        Where the weather of the profiles came from (``"SYNTHETIC weather ..."``
        for generated weather, which the repr says).
    fleets : pandas.DataFrame or None
        For a genset plant (``System.is_plant``), one row per year of operation
        and genset type: ``year``, ``type``, ``units``, ``unit_h`` [unit-h],
        ``hours_per_unit`` [h], ``starts`` [-], ``genset_kwh`` [kWh], ``fuel``
        (curve plus start fuel, in ``fuel_unit``), ``om`` and ``replacements``
        (nominal) [currency]. None for one fleet.
    fuels : pandas.DataFrame or None
        For a genset plant, one row per year, type and fuel burnt: ``year``,
        ``type``, ``fuel``, ``unit``, ``kind``, ``quantity`` [unit],
        ``price_per_unit`` (that year's) [currency/unit], ``cost`` [currency],
        ``co2_t`` [t]. The cash flow's ``fuel_l`` is the plant's diesel and
        ``co2_t`` the CO2 of every fuel. None for one fleet.
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
    weather_source: str | None = None
    fleets: object = None
    fuels: object = None

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

    def _repr_html_(self) -> str:
        """Life-of-mine totals beside the base case's and the sizes as HTML (notebooks)."""
        from ..report.notebook import life_html

        return life_html(self)

    def __repr__(self) -> str:
        cf, cur = self.cash_flow, self.currency
        served = cf["served_kwh"].sum()
        lines = ["LifeOfMineResult("]
        if self.weather_source and self.weather_source.startswith("SYNTHETIC"):
            lines.append(f"  built on {self.weather_source}")
        lines += [
            f"  {self.life.last_year} years of operation ({self.mode}), served "
            f"{served / 1e6:,.2f} GWh, unserved {cf['unserved_kwh'].sum() / 1e3:,.1f} MWh",
            f"  fuel {cf['fuel_l'].sum() / 1e6:,.3f} ML, CO2 {cf['co2_t'].sum():,.0f} t, "
            f"{len(self.events)} replacement/overhaul/augmentation events",
            f"  NPC {self.npc / 1e6:,.3f} M{cur}, LCOE {self.lcoe:.4f} {cur}/kWh, "
            f"capital {cf['capex'].iloc[0] / 1e6:,.3f} M{cur}",
        ]
        if self.fuels is not None and len(self.fuels):
            burnt = self.fuels.groupby(["fuel", "unit"], sort=False)["quantity"].sum()
            lines.append("  plant fuels: " + ", ".join(
                f"{name} {qty / 1e6:,.3f} M{unit}" for (name, unit), qty in burnt.items()))
        sv = self.savings
        if sv is not None:
            lines.append(f"  vs diesel only: NPC saving {sv.npc / 1e6:,.3f} M{cur}, LCOE "
                         f"saving {sv.lcoe:.4f} {cur}/kWh, fuel saving {sv.fuel_l / 1e6:,.3f} ML")
        return "\n".join(lines) + "\n)"


def cash_flow_frame(res: dict, events: list, row: int, start_year: int | None = None):
    """Year-by-year cash flow and events of design ``row`` of the engine's output."""
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


