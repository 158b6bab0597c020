"""Pareto fronts of cost against renewable fraction and against CO2, by constraint sweeps."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..components import Project, System
from ..errors import check
from .search import size
from .space import DesignSpace, Requirements

__all__ = ["pareto", "plot_pareto"]


def pareto(system: System, profiles, space: DesignSpace, requirements: Requirements | None = None,
           *, project: Project | None = None, against=("renewable_fraction", "co2_t"),
           n_points: int = 6, objective: str = "npc", seed: int | None = 0, maxiter: int = 60,
           popsize: int = 10, threads: int | None = None, progress=False):
    """Pareto fronts of cost against renewable fraction and against CO2, by constraint sweeps.

    For each quantity in ``against``, an unconstrained sizing gives one end of
    the front; the other end is the best value of that quantity seen among the
    feasible designs evaluated so far (most renewable, least CO2). Between them,
    ``n_points`` levels are imposed as a requirement (``min_renewable_fraction``
    or ``max_co2_t_per_year``) and the cost re-minimised with :func:`size`;
    every run reuses the compiled kernel. Dominated points are flagged.

    Returns
    -------
    pandas.DataFrame
        One row per level: ``front`` (the swept quantity), ``level``, the
        decision variables, ``objective`` value, ``npc``, ``annualised``,
        ``lcoe``, ``capital``, ``renewable_fraction``, ``co2_t``, ``fuel_l``,
        ``unserved_fraction``, ``success`` and ``dominated``.
        Plot it with :func:`plot_pareto`.
    """
    import pandas as pd

    requirements = Requirements() if requirements is None else requirements
    if isinstance(against, str):
        against = (against,)
    for a in against:
        check(a in ("renewable_fraction", "co2_t"), "against", a,
              "is not one of ('renewable_fraction', 'co2_t')", "pick those names")
    check(isinstance(n_points, int) and n_points >= 2, "n_points", n_points,
          "must be an int >= 2", "e.g. 6")
    kw = dict(project=project, objective=objective, seed=seed, maxiter=maxiter,
              popsize=popsize, threads=threads, progress=progress)
    base = size(system, profiles, space, requirements, **kw)
    hist = base.history
    feas = hist[hist["feasible"]]
    rows = []
    for a in against:
        if a == "renewable_fraction":
            lo = float(base.result.stats.renewable_fraction)
            hi = float(feas[a].max()) if len(feas) else lo
            levels = np.linspace(lo, hi, n_points)
        else:
            hi = float(base.result.stats.co2_t)
            lo = float(feas[a].min()) if len(feas) else hi
            levels = np.linspace(hi, lo, n_points)
        for i, level in enumerate(levels):
            if i == 0:
                res = base
            else:
                req = (replace(requirements, min_renewable_fraction=float(level))
                       if a == "renewable_fraction"
                       else replace(requirements, max_co2_t_per_year=float(level)))
                res = size(system, profiles, space, req, **kw)
            s, c = res.result.stats, res.result.costs
            row = {"front": a, "level": float(level), **res.values, "objective": res.fun,
                   "npc": c.npc, "annualised": c.annualised, "lcoe": c.lcoe,
                   "capital": c.capital, "renewable_fraction": s.renewable_fraction,
                   "co2_t": s.co2_t, "fuel_l": s.fuel_l,
                   "unserved_fraction": s.unserved_fraction, "success": res.success}
            rows.append(row)
    frame = pd.DataFrame(rows)
    dominated = np.zeros(len(frame), dtype=bool)
    for a in against:
        sel = np.flatnonzero(frame["front"].to_numpy() == a)
        cost = frame["objective"].to_numpy()[sel]
        val = frame[a].to_numpy()[sel]
        better_val = (lambda u, v: u >= v) if a == "renewable_fraction" else (
            lambda u, v: u <= v)
        for i_loc, i in enumerate(sel):
            others = [j for j in range(sel.size) if j != i_loc]
            dominated[i] = any(
                cost[j] <= cost[i_loc] and better_val(val[j], val[i_loc])
                and (cost[j] < cost[i_loc] or val[j] != val[i_loc]) for j in others)
    frame["dominated"] = dominated
    frame.attrs["objective"] = objective
    return frame


def plot_pareto(front, ax=None):
    """Plot the fronts of :func:`pareto`: cost against each swept quantity.

    Parameters
    ----------
    front : pandas.DataFrame
        Output of :func:`pareto`.
    ax : matplotlib Axes or sequence of Axes, optional
        One axes per front; created when omitted.

    Returns
    -------
    list of matplotlib Axes
    """
    import matplotlib.pyplot as plt

    names = list(dict.fromkeys(front["front"]))
    if ax is None:
        _, axes = plt.subplots(1, len(names), figsize=(5 * len(names), 4), squeeze=False)
        axes = list(axes[0])
    else:
        axes = list(np.atleast_1d(ax))
        check(len(axes) == len(names), "ax", len(axes), f"must hold {len(names)} axes",
              "pass one axes per front")
    from ..plots import pareto_front

    obj = front.attrs.get("objective")
    y = obj if obj in front.columns else None
    for a, name in zip(axes, names, strict=True):
        # every design of this front (dominated ones included) in grey behind the front
        pareto_front(front, x=name, y=y, ax=a, all_points=front[front["front"] == name],
                     currency=front.attrs.get("currency", ""))
    return axes
