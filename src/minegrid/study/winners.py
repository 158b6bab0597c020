"""Which architecture wins where: the best architecture over a grid of two parameters.

HOMER's *optimal system type* plot: at each point of a grid of two study
parameters (a fuel price and a PV capex multiplier, say), every architecture
the design space allows (diesel only, PV + gensets, ...) is sized on its own
with :func:`minegrid.size_architectures`, and the cheapest feasible one wins.
:func:`architecture_winners` returns the table, :func:`minegrid.plots.architecture_map`
draws it.

Cost: a grid of ``n`` points sizes up to eight architectures at each, so
``8 n`` searches; give the base case a modest budget (``size_options`` such as
``maxiter=10, popsize=6``): a winner near the boundary between two
architectures may change with a finer search.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping

from ..errors import InputError, check
from ..progress import StudyProgress
from ..progress import reporter as progress_reporter
from .points import (
    SIZE_ALIASES,
    as_base,
    check_name,
    check_value,
    plain,
    point_profiles,
    resolve_point,
)

__all__ = ["architecture_winners", "WinnerProgress", "NONE_FEASIBLE"]

#: The ``winner`` of a point where no architecture meets the requirements.
NONE_FEASIBLE = "none feasible"


class WinnerProgress(StudyProgress):
    """Progress of :func:`architecture_winners`: points sized of the total, and time."""

    label = "minegrid.architecture_winners"

    def text(self, info: dict) -> str:
        return (f"{info['done']}/{info['total']} points (every architecture sized at each), "
                f"{info['elapsed_s']:.1f} s")


def _axes(parameters) -> tuple[str, list, str, list]:
    check(isinstance(parameters, Mapping) and len(parameters) == 2, "parameters",
          parameters, "must be a mapping of exactly two parameters to their values",
          "e.g. {'project.fuel_price_per_l': [0.8, 1.2], 'capex_multiplier.pv': [0.7, 1.3]}")
    out = []
    for name, values in parameters.items():
        check_name(name)
        check(name not in SIZE_ALIASES, name, values, "is a design size, which each "
              "architecture's sizing decides", "vary a price or a multiplier instead")
        values = [plain(v) for v in (values.tolist() if hasattr(values, "tolist")
                                     else values)]
        check(len(values) > 0, f"parameters[{name!r}]", values, "is empty",
              "give at least one value")
        for v in values:
            check_value(name, v)
        out += [name, values]
    return tuple(out)


def architecture_winners(base, parameters, *, architectures=None, progress=True):
    """Size every architecture at each point of a grid of two parameters; the winner of each.

    Parameters
    ----------
    base : BaseCase
        The base case, with ``space`` (the full design space), ``requirements``
        and ``size_options`` (the search of each architecture at each point:
        keep it modest, see the module docstring).
    parameters : mapping
        ``{x: [values], y: [values]}``: two study parameters (names of
        :mod:`minegrid.study`, not design sizes), the first on the x axis.
    architectures : iterable, optional
        As for :func:`minegrid.size_architectures` (default every one the space
        allows).
    progress : bool, callable or object
        One update per point (:class:`WinnerProgress`); ``done``, ``total``,
        ``computed``, ``reused`` and ``elapsed_s`` keywords.

    Returns
    -------
    pandas.DataFrame
        One row per point (index ``point``, x varying fastest): the two
        parameters, ``winner`` (the best feasible architecture, or
        ``"none feasible"``), ``feasible architectures [-]``, the winner's row
        of :attr:`ArchitectureTable.frame` (sizes, costs and energy, the unit in
        each name) and ``NPC: <architecture> [M<currency>]`` of every
        architecture (NaN where it misses a requirement). ``attrs`` holds
        ``x``, ``y``, ``architectures`` (in the table's order), ``currency``,
        ``objective``, ``size_options`` and ``complete`` (False when Ctrl-C
        stopped it: the points finished are kept).

    Examples
    --------
    >>> import numpy as np, minegrid as mg
    >>> system = mg.System(pv=mg.PVPlant(rated_kw=0), genset=mg.GensetFleet(unit_rated_kw=400))
    >>> prof = mg.Profiles(load_kw=np.full(48, 500.0), pv_kw_per_kw=np.tile(
    ...     np.r_[np.zeros(6), np.sin(np.linspace(0, np.pi, 12)), np.zeros(6)], 2))
    >>> base = mg.study.BaseCase(system=system, profiles=prof, space=mg.DesignSpace(
    ...     pv_kw=(0.0, 1000.0), n_units=(1, 4)), size_options={"maxiter": 3, "popsize": 4})
    >>> table = mg.study.architecture_winners(base, {"project.fuel_price_per_l": [0.5, 2.0],
    ...     "capex_multiplier.pv": [1.0]}, progress=False)
    >>> len(table), table.attrs["x"]
    (2, 'project.fuel_price_per_l')
    """
    import pandas as pd

    from ..sizing import size_architectures

    base = as_base(base)
    check(base.space is not None, "BaseCase.space", None, "is needed to size architectures",
          "pass space=minegrid.DesignSpace(...) to the base case")
    options = dict(base.size_options)
    check("progress" not in options, "size_options", options, "must not set progress",
          "use the progress argument")
    x, xs, y, ys = _axes(parameters)
    points = [{x: xv, y: yv} for yv in ys for xv in xs]
    reporter = progress_reporter(progress, WinnerProgress)
    t0 = time.perf_counter()
    rows, names, complete = [], [], True
    currency, objective = base.project.currency, options.get("objective", "npc")
    for i, point in enumerate(points):
        system, project, key = resolve_point(base, point)
        try:
            table = size_architectures(system, point_profiles(base, key), base.space,
                                       base.requirements, project=project,
                                       architectures=architectures, progress=False, **options)
        except KeyboardInterrupt:
            complete = False
            break
        except InputError as exc:
            raise InputError(f"at {x} = {point[x]!r}, {y} = {point[y]!r}: {exc}") from None
        if not table.complete:
            complete = False
            break
        names = list(dict.fromkeys([*names, *table.frame.index]))
        currency = table.currency
        rows.append(_row(point, table))
        done = dict(done=i + 1, total=len(points), computed=i + 1, reused=0,
                    elapsed_s=time.perf_counter() - t0)
        reporter.update(**done)
    if not rows:
        raise KeyboardInterrupt
    reporter.close(done=len(rows), total=len(points), computed=len(rows), reused=0,
                   elapsed_s=time.perf_counter() - t0)
    frame = pd.DataFrame(rows)
    npc = [f"NPC: {n} [M{currency}]" for n in names]
    order = [c for c in frame.columns if not c.startswith("NPC: ")]
    frame = frame[order + [c for c in npc if c in frame.columns]]
    frame.index.name = "point"
    frame.attrs.update(x=x, y=y, architectures=names, currency=currency, objective=objective,
                       size_options=options, complete=complete, points=len(points))
    return frame


def _row(point: dict, table) -> dict:
    """One point: its parameters, the winner and its numbers, every architecture's NPC."""
    cur = table.currency
    best = table.best
    frame = table.frame
    feasible = frame["feasible"].astype(bool)
    row = dict(point)
    row["winner"] = best if best is not None else NONE_FEASIBLE
    row["feasible architectures [-]"] = float(feasible.sum())
    if best is not None:
        row.update({c: v for c, v in frame.loc[best].items()
                    if c not in ("feasible", "rank [-]")})
    for name in frame.index:
        value = float(frame.loc[name, f"NPC [M{cur}]"])
        row[f"NPC: {name} [M{cur}]"] = value if feasible[name] else math.nan
    return row
