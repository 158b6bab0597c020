"""What soiling and cleaning do to a design: lost PV energy, cleaning cost, the best interval.

* :func:`with_cleaning_cost`: the system with the cleaning cost in the PV plant's
  O&M (cleanings per year × cost per MWp per cleaning, water included, per kW), so
  that :func:`minegrid.simulate` prices it into the NPC and LCOE.
* :class:`PVSoiling` and :func:`pv_soiling`: the soiling loss in energy (kWh/yr
  lost against clean modules), the cleanings, their cost and water, for the
  tables of the CLI and the report.
* :func:`optimise_cleaning`: the cleaning interval of least NPC for a fixed design.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

import pandas as pd

from ..errors import check, numbers
from .model import Soiling, SoilingLoss, soiling_loss

__all__ = ["with_cleaning_cost", "without_cleaning_cost", "PVSoiling", "pv_soiling",
           "CleaningOptimum",
           "optimise_cleaning", "DEFAULT_INTERVALS_DAYS"]

#: Cleaning intervals :func:`optimise_cleaning` tries by default (besides never). [day]
DEFAULT_INTERVALS_DAYS = (7.0, 14.0, 21.0, 30.0, 45.0, 60.0, 90.0, 120.0, 180.0)


def with_cleaning_cost(system, run: SoilingLoss):
    """``system`` with the cleaning cost of ``run`` added to its PV O&M. [currency/(kW·yr)]

    The plant's own ``om_per_kw_year`` is kept: if it already covers cleaning
    (the default 18 per kW-year of :class:`~minegrid.PVPlant` is a whole-plant
    figure), lower it, or the cleaning is counted twice.
    """
    check(isinstance(run, SoilingLoss), "run", type(run).__name__, "must be a SoilingLoss",
          "pass minegrid.soiling_loss(weather, soiling)")
    extra = run.om_per_kw_year()
    if extra == 0.0:
        return system
    pv = system.pv
    return system.replace(pv=pv.replace(om_per_kw_year=pv.om_per_kw_year + extra))


def without_cleaning_cost(system, run: SoilingLoss):
    """``system`` with the cleaning cost of ``run`` taken out of its PV O&M again: the
    inverse of :func:`with_cleaning_cost`, e.g. to price another schedule."""
    check(isinstance(run, SoilingLoss), "run", type(run).__name__, "must be a SoilingLoss",
          "pass minegrid.soiling_loss(weather, soiling)")
    extra = run.om_per_kw_year()
    if extra == 0.0:
        return system
    pv = system.pv
    return system.replace(pv=pv.replace(om_per_kw_year=max(pv.om_per_kw_year - extra, 0.0)))


@dataclass(frozen=True, slots=True, kw_only=True)
class PVSoiling:
    """Soiling of one PV plant over the weather period, in energy and money.

    Attributes
    ----------
    run : SoilingLoss
        Loss, cleanings and rain washes.
    pv_kw : float
        Installed DC capacity. [kW]
    clean_kw_per_kw, soiled_kw_per_kw : pandas.Series
        PV output per kW DC with clean modules and with the soiling. [kW/kW]
    """

    run: SoilingLoss
    pv_kw: float
    clean_kw_per_kw: pd.Series
    soiled_kw_per_kw: pd.Series

    @property
    def _per_year(self) -> float:
        idx = self.clean_kw_per_kw.index
        dt_h = (idx[1] - idx[0]) / pd.Timedelta(hours=1)
        return dt_h / self.run.years

    @property
    def pv_kwh_lost_per_year(self) -> float:
        """PV energy lost to soiling against clean modules (before curtailment). [kWh/yr]"""
        lost = float((self.clean_kw_per_kw - self.soiled_kw_per_kw).sum())
        return lost * self.pv_kw * self._per_year

    @property
    def energy_loss(self) -> float:
        """Fraction of the clean modules' PV energy lost to soiling. [-]"""
        clean = float(self.clean_kw_per_kw.sum())
        return 0.0 if clean == 0.0 else 1.0 - float(self.soiled_kw_per_kw.sum()) / clean

    @property
    def cleaning_cost_per_year(self) -> float:
        """Cleaning cost, water included. [currency/yr]"""
        return self.run.cleaning_cost_per_year(self.pv_kw)

    @property
    def water_m3_per_year(self) -> float:
        """Water for the cleanings. [m³/yr]"""
        return self.run.water_m3_per_year(self.pv_kw)

    def to_dict(self) -> dict:
        """The figures of the tables, with units in the keys."""
        return {"cleaning": self.run.soiling.cleaning.describe(),
                "cleanings_per_year": self.run.cleanings_per_year,
                "soiling_energy_loss_percent": 100.0 * self.energy_loss,
                "soiling_mean_loss_percent": 100.0 * self.run.mean_loss,
                "pv_kwh_lost_per_year": self.pv_kwh_lost_per_year,
                "cleaning_cost_per_year": self.cleaning_cost_per_year,
                "water_m3_per_year": self.water_m3_per_year,
                "rain": self.run.rain_source}

    def __repr__(self) -> str:
        return (f"PVSoiling({self.pv_kw:,.0f} kWp: {100 * self.energy_loss:.2f} % of PV energy "
                f"lost, {self.pv_kwh_lost_per_year:,.0f} kWh/yr; cleaning "
                f"{self.run.soiling.cleaning.describe()}, {self.run.cleanings_per_year:.1f}/yr, "
                f"{self.cleaning_cost_per_year:,.0f}/yr, {self.water_m3_per_year:,.0f} m3/yr)")


def pv_soiling(weather: pd.DataFrame, site, soiling: Soiling, pv_kw: float, *,
               pv: Mapping | None = None) -> PVSoiling:
    """The :class:`PVSoiling` of a ``pv_kw`` kWp plant: ``pv_profile`` with and without
    ``soiling`` (``pv``: its other keyword arguments)."""
    from ..generation import pv_profile

    opts = {k: v for k, v in dict(pv or {}).items() if k not in ("soiling", "soiling_percent")}
    run = soiling_loss(weather, soiling)
    clean = pv_profile(weather, site, soiling=0.0, **opts)
    soiled = pv_profile(weather, site, soiling=run, **opts)
    return PVSoiling(run=run, pv_kw=float(pv_kw), clean_kw_per_kw=clean,
                     soiled_kw_per_kw=soiled)


@dataclass(frozen=True, slots=True, kw_only=True)
class CleaningOptimum:
    """The cleaning interval of least NPC for one design (scipy.optimize-like fields).

    Attributes
    ----------
    table : pandas.DataFrame
        One row per interval tried (``interval_days`` NaN: never cleaned), sorted by
        interval: ``cleanings_per_year`` [1/yr], ``soiling_loss_percent`` (of the clean
        PV energy) [%], ``pv_kwh`` [kWh/yr], ``fuel_l`` [L/yr], ``cleaning_cost_per_year``
        [currency/yr], ``npc`` [currency].
    x : float or None
        Best interval, None when never cleaning is cheapest. [day]
    fun : float
        Its NPC. [currency]
    success : bool
    message : str
    nfev : int
        Simulations run.
    """

    table: pd.DataFrame
    x: float | None
    fun: float
    success: bool
    message: str
    nfev: int

    @property
    def best_interval_days(self) -> float | None:
        """Alias of ``x``. [day]"""
        return self.x

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def __repr__(self) -> str:
        best = "never clean" if self.x is None else f"clean every {self.x:g} days"
        return f"CleaningOptimum({best}, NPC {self.fun:,.0f}, {self.nfev} simulations)"


def optimise_cleaning(system, profiles, weather: pd.DataFrame, site, soiling: Soiling, *,
                      pv: Mapping | None = None, project=None,
                      intervals_days=DEFAULT_INTERVALS_DAYS, refine: bool = True
                      ) -> CleaningOptimum:
    """The cleaning interval of least NPC for a fixed design.

    For each candidate (never, then every ``intervals_days``), the PV profile is
    rebuilt with the soiling of that schedule (:func:`minegrid.pv_profile` with
    ``soiling=``), the cleaning cost enters the PV O&M (:func:`with_cleaning_cost`)
    and the design is re-simulated (:func:`minegrid.simulate`, no base case) on
    ``profiles`` with the new PV. With ``refine``, scipy's bounded Brent search
    (``minimize_scalar(method="bounded")``) then looks between the grid
    neighbours of the best interval, on whole days (xatol 1 day). Build-up and
    cleaning are discrete, so the NPC is a step function of the interval: the grid
    finds the region, the refinement the day within it.

    Parameters
    ----------
    system : System
        The design (its PV plant is ``system.pv``).
    profiles : Profiles
        Load, wind and derating of the study; its PV is replaced.
    weather : pandas.DataFrame
        The weather the PV profiles were built from.
    site : Site
    soiling : Soiling
        The soiling model; its cleaning schedule is replaced by each candidate.
    pv : mapping, optional
        Other keyword arguments of :func:`minegrid.pv_profile` (``tracking``...).
    project : Project, optional
    intervals_days : sequence of float
        Candidate intervals, each in [1, 3650]. [day]
    refine : bool

    Returns
    -------
    CleaningOptimum
    """
    from scipy.optimize import minimize_scalar

    from ..generation import pv_profile
    from ..simulation import simulate

    grid = sorted(set(numbers(intervals_days, "intervals_days", minimum=1.0, maximum=3650.0)))
    check(isinstance(soiling, Soiling), "soiling", type(soiling).__name__,
          "must be a minegrid Soiling", "pass minegrid.Soiling(...)")
    opts = {k: v for k, v in dict(pv or {}).items() if k not in ("soiling", "soiling_percent")}
    clean_kwh = float(pv_profile(weather, site, soiling=0.0, **opts).sum())
    rows: dict[float, dict] = {}

    def evaluate(interval):
        key = math.nan if interval is None else float(interval)
        for k, row in rows.items():
            if (math.isnan(k) and math.isnan(key)) or k == key:
                return row["npc"]
        s = soiling.with_cleaning(interval_days=interval, threshold_loss=None)
        run = soiling_loss(weather, s)
        pv_kw = pv_profile(weather, site, soiling=run, **opts)
        prof = replace(profiles, pv_kw_per_kw=pv_kw.to_numpy())
        object.__setattr__(prof, "index", profiles.index)
        result = simulate(with_cleaning_cost(system, run), prof, project=project,
                          base_case=False)
        rows[key] = {"interval_days": key, "cleanings_per_year": run.cleanings_per_year,
                     "soiling_loss_percent": 100.0 * (1.0 - float(pv_kw.sum()) / clean_kwh)
                     if clean_kwh > 0 else 0.0,
                     "pv_kwh": result.stats.pv_kwh, "fuel_l": result.stats.fuel_l,
                     "cleaning_cost_per_year": run.cleaning_cost_per_year(system.pv.rated_kw),
                     "npc": result.costs.npc}
        return result.costs.npc

    evaluate(None)
    for d in grid:
        evaluate(d)
    best = min(rows.values(), key=lambda r: r["npc"])
    success, message = True, "grid of intervals"
    if refine and not math.isnan(best["interval_days"]) and len(grid) > 1:
        i = grid.index(best["interval_days"])
        lo, hi = grid[max(i - 1, 0)], grid[min(i + 1, len(grid) - 1)]
        if hi - lo > 2.0:
            res = minimize_scalar(lambda x: evaluate(float(round(x))), bounds=(lo, hi),
                                  method="bounded", options={"xatol": 1.0})
            success = bool(res.success)
            message = f"grid, then bounded Brent on [{lo:g}, {hi:g}] days: {res.message}"
            best = min(rows.values(), key=lambda r: r["npc"])
    table = pd.DataFrame(list(rows.values())).sort_values("interval_days", na_position="first")
    x = None if math.isnan(best["interval_days"]) else float(best["interval_days"])
    return CleaningOptimum(table=table.reset_index(drop=True), x=x, fun=float(best["npc"]),
                           success=success, message=message, nfev=len(rows))
