"""Sizing for the bad weather year: the same designs over several weather years.

:class:`YearsModel` is a sizing model (see :mod:`minegrid.sizing.evaluator`) over K
weather years (real typical-year files, or synthetic draws): each evaluation runs the
batch kernel once per year, the objective is the mean over the years, and each
requirement holds at a chosen percentile of the years (every year by default). For a
limit on a quantity that must stay low (unserved energy, CO2, fuel, capacity shortage)
the value checked is the ``p``-th percentile over the years; for one that must stay
high (renewable fraction, N+1 capacity) the ``(100 − p)``-th: with ``p = 90`` a design
meets a requirement in at least 90 % of the years (:func:`year_value`; the value is one
of the years'). ``docs/theory/sizing.md``,
"Several weather years", states it with equations.
"""

from __future__ import annotations

import numpy as np

from ..errors import check
from .evaluator import YearModel
from .space import CONSTRAINTS

__all__ = ["YearsModel", "year_value", "size_for_years", "MEAN_METRICS"]

#: Metrics averaged over the years (the objective's, and capital, which is the same).
MEAN_METRICS = ("npc", "annualised", "lcoe", "capital")


def year_value(values: np.ndarray, percentile: float, kind: str) -> np.ndarray:
    """The value over the years (axis 0) that a requirement of ``kind`` checks at
    ``percentile`` p: for a maximum the smallest of the years' values that at least p %
    of the years are at or below, for a minimum the largest that at least p % of the years
    are at or above. With the n values sorted, ``x[ceil(n·p/100)]`` and
    ``x[floor(n + 1 − n·p/100)]`` (1-based); p = 100 gives the worst year."""
    xs = np.sort(np.asarray(values, dtype=float), axis=0)
    n = xs.shape[0]
    if kind == "max":
        i = int(np.ceil(n * percentile / 100.0 - 1e-9))
    else:
        i = int(np.floor(n + 1 - n * percentile / 100.0 + 1e-9))
    return xs[min(max(i, 1), n) - 1]


class YearsModel:
    """Designs simulated over each of several weather years (see the module docstring).

    Parameters
    ----------
    profiles : sequence of Profiles
        One per weather year, all with the same number of steps and step.
    project : Project
    system : System
    percentile : float
        Share of the years in which each requirement must hold, in (0, 100]. [%]
    fuel_supply : FuelSupply, optional
        As for :func:`minegrid.size`.
    checks : bool or tuple of str
        The N-1 and motor-start checks the search computes (:class:`YearModel`).
    """

    def __init__(self, profiles, project, system, percentile: float = 100.0,
                 fuel_supply=None, checks=True):
        profiles = list(profiles)
        check(len(profiles) >= 2, "profiles", f"{len(profiles)} weather year(s)",
              "must hold at least two years to size for the bad year",
              "pass one Profiles per weather year (e.g. minegrid.weather_years(...))")
        n, dt = profiles[0].n_steps, profiles[0].dt_h
        for k, p in enumerate(profiles):
            check(p.n_steps == n and p.dt_h == dt, f"profiles[{k}]",
                  f"{p.n_steps} steps of {p.dt_h:g} h",
                  f"must match the first year ({n} steps of {dt:g} h)",
                  "build every year on the same time axis")
        self.models = [YearModel(p, project, system, fuel_supply, checks) for p in profiles]
        self.percentile = float(percentile)
        self.profiles, self.project, self.system = profiles[0], project, system
        self.fuel_supply = fuel_supply
        self.plant = system.is_plant
        self.peak_kw = max(m.peak_kw for m in self.models)
        self.worst_availability = min(m.worst_availability for m in self.models)
        if self.plant:
            self.worst_by_type = np.min([m.worst_by_type for m in self.models], axis=0)
        self.width = None  # columns of one year's kernel totals

    @property
    def n_years(self) -> int:
        """Number of weather years."""
        return len(self.models)

    def combine(self, per_year: list[dict]) -> dict:
        """One metric dict from the years': means for :data:`MEAN_METRICS`, the
        requirement's percentile for the others."""
        kinds = {metric: kind for metric, _, kind in CONSTRAINTS.values()}
        out = {}
        for name in per_year[0]:
            values = np.stack([m[name] for m in per_year])
            if name in MEAN_METRICS:
                out[name] = values.mean(axis=0)
            else:
                out[name] = year_value(values, self.percentile, kinds.get(name, "max"))
        return out

    def metrics(self, params, q):
        raws = [m.run(params, q) for m in self.models]
        self.width = raws[0].shape[1]
        per_year = [m.priced(params, q, r) for m, r in zip(self.models, raws, strict=True)]
        return self.combine(per_year), np.hstack(raws)

    def history(self, params, q, raw):
        """The first year's statistics, with the metrics over the years (the objective's
        mean and each requirement's percentile) in place of that year's."""
        w = self.width
        per_year = [m.priced(params, q, raw[:, k * w:(k + 1) * w])
                    for k, m in enumerate(self.models)]
        frame = self.models[0].history(params, q, raw[:, :w])
        for name, values in self.combine(per_year).items():
            if name in frame.columns:
                frame[name] = values
        frame["weather_years"] = self.n_years
        return frame

    def result(self, design):
        """The chosen design simulated in the first year (``SizingResult.years`` has every
        year)."""
        return self.models[0].result(design)

    def year_table(self, design):
        """The chosen design in each year: one row per year of its key figures."""
        import pandas as pd

        from ..simulation import simulate

        rows = []
        for k, m in enumerate(self.models):
            r = simulate(design, m.profiles, project=m.project, base_case=False,
                         fuel_supply=m.fuel_supply)
            s = r.stats
            rows.append({"year": k, "weather": m.profiles.weather_source or "",
                         "npc": r.costs.npc, "lcoe": r.costs.lcoe,
                         "unserved_fraction": s.unserved_fraction,
                         "renewable_fraction": s.renewable_fraction, "fuel_l": s.fuel_l,
                         "co2_t": s.co2_t,
                         "capacity_shortage_fraction": s.capacity_shortage_fraction})
        return pd.DataFrame(rows).set_index("year")


def size_for_years(system, years, space, requirements=None, *, percentiles=(50.0, 90.0),
                   **options):
    """Size ``system`` over the weather ``years`` once per percentile of
    :attr:`Requirements.year_percentile`, and compare the designs.

    Parameters
    ----------
    system, space, requirements
        As for :func:`minegrid.size` (``requirements.year_percentile`` is replaced).
    years : list of Profiles
        One per weather year (:func:`minegrid.weather_years`).
    percentiles : sequence of float
        The percentiles to size for, e.g. ``(50, 90)``: the P50 and P90 designs. [%]
    **options
        Passed to :func:`minegrid.size`.

    Returns
    -------
    (pandas.DataFrame, dict)
        One row per percentile (success, the mean NPC over the years, capital, the
        decision variables and the NPC above the first row's), and the
        :class:`~minegrid.SizingResult` of each percentile.
    """
    import dataclasses

    import pandas as pd

    from .search import size
    from .space import Requirements

    req = Requirements() if requirements is None else requirements
    results, rows = {}, []
    for p in percentiles:
        r = size(system, years, space, dataclasses.replace(req, year_percentile=p),
                 **options)
        results[float(p)] = r
        rows.append({"percentile": float(p), "success": r.success, "npc_mean": r.fun,
                     "capital": r.result.costs.capital, **r.values})
    table = pd.DataFrame(rows).set_index("percentile")
    table["npc_above_first"] = table["npc_mean"] - table["npc_mean"].iloc[0]
    return table, results
