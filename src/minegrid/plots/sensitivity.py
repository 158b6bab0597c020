"""Sensitivity charts: the tornado and the spider of a sweep, and the architecture map.

:func:`tornado` ranks the parameters of a :func:`minegrid.sweep` table
(``kind="one_at_a_time"``) by the swing of an output; :func:`spider` draws the
output against the relative change of each numeric parameter;
:func:`architecture_map` colours each point of a two-parameter grid by the
architecture that wins there (:func:`minegrid.study.architecture_winners`,
HOMER's optimal system type plot). All are also reachable from
:mod:`minegrid.study`.
"""

from __future__ import annotations

import numpy as np

from ..errors import check
from .style import get_axes, plain_text

__all__ = ["tornado", "spider", "architecture_map", "ARCHITECTURE_COLORS"]

#: Colour of each architecture's cells (colour-blind-safe; "none feasible" is hatched white).
ARCHITECTURE_COLORS = {
    "diesel only": "#7F7F7F", "gensets only": "#7F7F7F", "PV + gensets": "#E69F00",
    "wind + gensets": "#56B4E9", "battery + gensets": "#009E73",
    "PV + battery + gensets": "#F0E442", "wind + battery + gensets": "#0072B2",
    "PV + wind + gensets": "#D55E00", "PV + wind + battery + gensets": "#CC79A7",
}
_SHORT = {"PV": "PV", "wind": "W", "battery": "B"}


def _plain(value):
    """A numpy scalar as the Python number it holds; anything else as it is."""
    return value.item() if isinstance(value, np.generic) else value


def _oat(table, output: str):
    """The base output and base row of a one-at-a-time sweep table, after checking it."""
    from ..study import OUTPUTS  # at call time: minegrid.study re-exports these plots

    check(hasattr(table, "columns") and "varied" in table.columns, "table", type(table).__name__,
          "must be a one-at-a-time sweep (with a 'varied' column)",
          "run minegrid.sweep(..., kind='one_at_a_time')")
    check(output in table.columns, "output", output, "is not a column of the table",
          f"pick one of {list(OUTPUTS)}")
    base_rows = table[table["varied"] == "base"]
    check(len(base_rows) == 1, "table", f"{len(base_rows)} base rows", "must have one base row",
          "pass the table sweep returned")
    return float(base_rows[output].iloc[0]), base_rows.iloc[0]


def tornado(table, output: str = "npc", *, ax=None):
    """Tornado chart of a one-at-a-time sweep: the swing of ``output`` per parameter.

    Each bar spans the lowest and highest ``output`` over the values of one
    parameter, drawn from the base value; parameters are sorted by swing, the
    largest on top, and labelled with the range of values tried.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`minegrid.sweep` with ``kind="one_at_a_time"``.
    output : str
        Output column, e.g. ``"npc"`` [currency] or ``"lcoe"`` [currency/kWh].
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    base_out, _ = _oat(table, output)
    bars = []
    for name, grp in table[table["varied"] != "base"].groupby("varied", sort=False):
        lo_i, hi_i = grp[output].idxmin(), grp[output].idxmax()
        lo, hi = min(float(grp[output].min()), base_out), max(float(grp[output].max()),
                                                               base_out)
        vals = f"{grp.loc[lo_i, name]!s} .. {grp.loc[hi_i, name]!s}"
        bars.append((hi - lo, name, lo, hi, vals))
    bars.sort(key=lambda b: b[0])
    ax = get_axes(ax, (7.0, 4.0))
    for y, (_, _name, lo, hi, vals) in enumerate(bars):
        ax.barh(y, base_out - lo, left=lo, color="#4c72b0")
        ax.barh(y, hi - base_out, left=base_out, color="#dd8452")
        ax.text(hi, y, f" {plain_text(vals)}", va="center", fontsize=8)
    ax.set_yticks(range(len(bars)), [plain_text(b[1]) for b in bars])
    ax.axvline(base_out, color="k", lw=0.8)
    ax.set_xlabel(output)
    ax.set_title(f"Sensitivity of {output} (low values blue, high values orange)")
    return ax


def spider(table, output: str = "npc", *, ax=None):
    """Spider plot of a one-at-a-time sweep: ``output`` against the relative parameter change.

    One line per numeric parameter with a non-zero base value, through the
    base point at 0 %; x is ``100·(value / base value − 1)`` [%].

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`minegrid.sweep` with ``kind="one_at_a_time"``.
    output : str
        Output column.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    base_out, base_row = _oat(table, output)
    ax = get_axes(ax, (7.0, 4.0))
    for name, grp in table[table["varied"] != "base"].groupby("varied", sort=False):
        b = base_row[name]
        numeric = isinstance(_plain(b), int | float) and not isinstance(_plain(b), bool)
        if not numeric or b == 0 or not all(isinstance(_plain(v), int | float)
                                            for v in grp[name]):
            continue
        x = [0.0, *(100.0 * (float(v) / float(b) - 1.0) for v in grp[name])]
        y = [base_out, *grp[output].astype(float)]
        order = np.argsort(x, kind="stable")
        ax.plot(np.asarray(x)[order], np.asarray(y)[order], marker="o", label=plain_text(name))
    ax.axvline(0.0, color="k", lw=0.8)
    ax.set_xlabel("change from base value [%]")
    ax.set_ylabel(output)
    ax.legend(fontsize=8)
    return ax


def _short(name: str) -> str:
    """A cell's label: ``"PV+B"`` for "PV + battery + gensets", ``"D"`` for diesel only."""
    parts = [_SHORT[p] for p in name.split(" + ") if p in _SHORT]
    if parts:
        return "+".join(parts)
    return {"diesel only": "D", "gensets only": "G"}.get(name, "–")


def _tick(value) -> str:
    value = _plain(value)
    if isinstance(value, float):
        return f"{value:g}"
    return plain_text(value, 12)


def architecture_map(table, x: str | None = None, y: str | None = None, *, ax=None):
    """Which architecture wins where: one coloured cell per point of a two-parameter grid.

    Each cell is coloured by the winning architecture at that point
    (:data:`ARCHITECTURE_COLORS`, labelled with its initials: ``PV+B`` is PV +
    battery + gensets, ``D`` diesel only); a point where no architecture meets
    the requirements is hatched. Axes are the parameter values, evenly spaced
    in the order given, labelled with their units.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`minegrid.study.architecture_winners` (columns ``x``, ``y``
        and ``winner``).
    x, y : str, optional
        The parameters on each axis (default ``table.attrs["x"]`` and ``["y"]``).
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    from matplotlib.patches import Patch, Rectangle

    from ..report.units import column_unit, with_unit

    check(hasattr(table, "columns") and "winner" in table.columns, "table",
          type(table).__name__, "must be a table of winners (with a 'winner' column)",
          "run minegrid.study.architecture_winners(...)")
    attrs = getattr(table, "attrs", {}) or {}
    x = x if x is not None else attrs.get("x")
    y = y if y is not None else attrs.get("y")
    for name, axis in ((x, "x"), (y, "y")):
        check(name in table.columns, axis, name, "is not a column of the table",
              f"name one of {[c for c in table.columns if '[' not in str(c)]}")
    xs = list(dict.fromkeys(_plain(v) for v in table[x]))
    ys = list(dict.fromkeys(_plain(v) for v in table[y]))
    ax = get_axes(ax, (7.0, 4.5))
    seen: dict[str, str] = {}
    for xv, yv, winner in zip(table[x], table[y], table["winner"], strict=True):
        winner = str(winner)
        color = ARCHITECTURE_COLORS.get(winner, "#FFFFFF")
        ix, iy = xs.index(_plain(xv)), ys.index(_plain(yv))
        ax.add_patch(Rectangle((ix - 0.5, iy - 0.5), 1.0, 1.0, facecolor=color,
                               edgecolor="white", lw=1.5,
                               hatch=None if winner in ARCHITECTURE_COLORS else "//"))
        ax.text(ix, iy, _short(winner), ha="center", va="center", fontsize=8)
        seen.setdefault(winner, color)
    ax.set_xlim(-0.5, len(xs) - 0.5)
    ax.set_ylim(-0.5, len(ys) - 0.5)
    ax.set_xticks(range(len(xs)), [_tick(v) for v in xs])
    ax.set_yticks(range(len(ys)), [_tick(v) for v in ys])
    currency = str(attrs.get("currency", "USD"))
    ax.set_xlabel(plain_text(with_unit(x, column_unit(x, currency)), 60))
    ax.set_ylabel(plain_text(with_unit(y, column_unit(y, currency)), 60))
    order = list(ARCHITECTURE_COLORS)
    handles = [Patch(facecolor=seen[w], edgecolor="k", lw=0.5,
                     hatch=None if w in ARCHITECTURE_COLORS else "//",
                     label=f"{_short(w)}: {w}")
               for w in sorted(seen, key=lambda w: order.index(w) if w in order else 99)]
    ax.legend(handles=handles, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0),
              borderaxespad=0.0)
    ax.set_title("Which architecture wins where")
    return ax
