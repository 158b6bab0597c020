"""Sensitivity charts of a one-at-a-time sweep: the tornado and the spider.

:func:`tornado` ranks the parameters of a :func:`minegrid.sweep` table
(``kind="one_at_a_time"``) by the swing of an output; :func:`spider` draws the
output against the relative change of each numeric parameter. Both are also
reachable as ``minegrid.study.tornado`` and ``minegrid.study.spider``.
"""

from __future__ import annotations

import numpy as np

from ..errors import check
from .style import get_axes, plain_text

__all__ = ["tornado", "spider"]


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
