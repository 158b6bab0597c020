"""The diesel tank of a design simulated with its fuel supply (``simulate(..., fuel_supply=)``).

:func:`fuel_tank` draws the tank level in days of autonomy over the period, with the
road's closures shaded, the dry spells marked and the required autonomy as a line.
"""

from __future__ import annotations

import numpy as np

from .style import COLORS, get_axes

__all__ = ["fuel_tank"]


def _spans(flags: np.ndarray):
    """(first, last + 1) index pairs of the runs of True in ``flags``."""
    f = np.concatenate([[0], np.asarray(flags, dtype=np.int8), [0]])
    edges = np.flatnonzero(np.diff(f))
    return list(zip(edges[::2], edges[1::2], strict=True))


def fuel_tank(result, *, ax=None, legend: bool = True):
    """Tank level over the period, in days of the design's mean diesel use.

    Parameters
    ----------
    result : SimulationResult
        Simulated with ``fuel_supply=`` (``result.logistics`` set).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.
    legend : bool
        Draw the legend.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from ..errors import check

    log = getattr(result, "logistics", None)
    check(log is not None, "result.logistics", None,
          "is needed (the result was simulated without a fuel supply)",
          "simulate with minegrid.simulate(..., fuel_supply=minegrid.FuelSupply(...))")
    ax = get_axes(ax, (10.0, 3.2))
    tank = log.tank
    x = tank.index
    days = tank["autonomy_days"].to_numpy()
    if not np.isfinite(days).any():
        days = tank["level_l"].to_numpy()
        ax.set_ylabel("tank level [L]")
    else:
        ax.set_ylabel("tank level [days of mean use]")
    ax.plot(x, days, color=COLORS["genset"], lw=1.0, label="tank level")
    for k, (a, b) in enumerate(_spans(~tank["road_open"].to_numpy())):
        ax.axvspan(x[a], x[min(b, len(x) - 1)], color=COLORS["wind"], alpha=0.25, lw=0,
                   label="road closed" if k == 0 else None)
    for k, (a, b) in enumerate(_spans(tank["dry"].to_numpy())):
        ax.axvspan(x[a], x[min(b, len(x) - 1)], color=COLORS["unserved"], alpha=0.45, lw=0,
                   label="tank dry, gensets stopped" if k == 0 else None)
    need = log.supply.min_autonomy_days
    if need > 0 and np.isfinite(days).any():
        ax.axhline(need, color=COLORS["unserved"], ls="--", lw=0.8,
                   label=f"required autonomy {need:g} days")
    ax.set_ylim(bottom=0)
    ax.margins(x=0)
    if legend:
        ax.legend(loc="upper right", fontsize=8, ncol=2, frameon=False)
    return ax
