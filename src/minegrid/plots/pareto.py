"""The Pareto front of a multi-objective sizing: cost against a second objective.

:func:`pareto_front` draws the table of :func:`minegrid.sizing.pareto`
(or any table of Pareto-optimal designs), with money in millions, fractions
in percent and fuel in kL.
"""

from __future__ import annotations

from ..errors import InputError, check
from .style import COLORS, get_axes, plain_text

__all__ = ["pareto_front"]


_PARETO_X = ("renewable_fraction", "co2_t", "fuel_l", "unserved_fraction", "capital")
_PARETO_Y = ("npc", "lcoe", "annualised")


def _pick(frame, given, candidates, name):
    if given is not None:
        check(given in frame.columns, name, given, f"is not a column of the table "
              f"({list(frame.columns)})", "name one of those columns")
        return given
    for c in candidates:
        if c in frame.columns:
            return c
    raise InputError(f"{name} = None and the table has none of {list(candidates)}. "
                     f"Fix: pass {name}= with one of {list(frame.columns)}.")


def _label(col: str, currency: str = "") -> str:
    currency = plain_text(currency)
    labels = {
        "renewable_fraction": "Renewable fraction [%]", "npc": f"Net present cost [M{currency}]",
        "lcoe": f"LCOE [{currency}/kWh]", "co2_t": "CO2 [t/yr]", "fuel_l": "Fuel [kL/yr]",
        "unserved_fraction": "Unserved energy [%]", "capital": f"Capital [M{currency}]",
        "annualised": f"Annualised cost [M{currency}/yr]",
    }
    return labels.get(col, col)


def _scale(col: str) -> float:
    if col in ("npc", "capital", "annualised"):
        return 1e-6
    if col in ("renewable_fraction", "unserved_fraction"):
        return 100.0
    if col == "fuel_l":
        return 1e-3
    return 1.0


def pareto_front(frame, *, x: str | None = None, y: str | None = None,
                 highlight=None, all_points=None, ax=None, currency: str = ""):
    """Pareto front of a multi-objective sizing: cost against a second objective.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per Pareto-optimal design, e.g. :func:`minegrid.sizing.pareto`
        (whose ``front`` column selects the front of ``x`` and whose
        ``dominated`` rows are dropped).
    x, y : str, optional
        Columns to plot; by default the first present of ``renewable_fraction``,
        ``co2_t``, ``fuel_l``, ``unserved_fraction``, ``capital`` for ``x`` and of
        ``npc``, ``lcoe``, ``annualised`` for ``y``. Money is shown in millions,
        fractions in percent, fuel in kL.
    highlight : int or label, optional
        Row (index label) of the chosen design, drawn as a star.
    all_points : pandas.DataFrame, optional
        Every evaluated design (e.g. a sizing history), drawn in light grey
        behind the front.
    ax : matplotlib.axes.Axes, optional
    currency : str
        Currency label of money columns.

    Returns
    -------
    matplotlib.axes.Axes
    """
    import pandas as pd

    check(isinstance(frame, pd.DataFrame) and len(frame) > 0, "frame", type(frame).__name__,
          "must be a non-empty pandas DataFrame", "pass the table of Pareto-optimal designs")
    x = _pick(frame, x, _PARETO_X, "x")
    y = _pick(frame, y, _PARETO_Y, "y")
    if "front" in frame.columns and x in set(frame["front"]):
        frame = frame[frame["front"] == x]  # minegrid.sizing.pareto: one front per quantity
    if "dominated" in frame.columns and not frame["dominated"].all():
        frame = frame[~frame["dominated"].astype(bool)]
    ax = get_axes(ax, (7.0, 4.5))
    sx, sy = _scale(x), _scale(y)
    if all_points is not None and x in all_points and y in all_points:
        ax.scatter(all_points[x] * sx, all_points[y] * sy, s=8, color="0.8",
                   label="Evaluated designs", zorder=1)
    order = frame.sort_values(x)
    ax.plot(order[x] * sx, order[y] * sy, "-o", color=COLORS["design"], markersize=5,
            label="Pareto front", zorder=2)
    if highlight is not None and highlight in frame.index:
        row = frame.loc[highlight]
        ax.scatter([row[x] * sx], [row[y] * sy], marker="*", s=250, color=COLORS["unserved"],
                   zorder=3, label="Chosen design")
    ax.set_xlabel(_label(x, currency))
    ax.set_ylabel(_label(y, currency))
    ax.set_title("Pareto front")
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small", frameon=False)
    return ax

