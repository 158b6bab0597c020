"""Soiling of the PV modules over the year (:class:`minegrid.soiling.PVSoiling`).

:func:`soiling_year` draws the daily mean soiling loss, the cleanings (ticks at the
bottom) and the rain washes (ticks at the top) of a :class:`~minegrid.soiling.SoilingLoss`
or a :class:`~minegrid.soiling.PVSoiling`.
"""

from __future__ import annotations

import numpy as np

from .style import COLORS, get_axes

__all__ = ["soiling_year"]


def soiling_year(soiling, ax=None, legend: bool = True):
    """Daily mean soiling loss with the cleanings and rain washes marked.

    Parameters
    ----------
    soiling : SoilingLoss or PVSoiling
        The soiling of a plant (:func:`minegrid.soiling_loss` or
        :func:`minegrid.soiling.pv_soiling`, or a scenario's ``built.soiling``).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.
    legend : bool
        Draw the legend.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from ..errors import check
    from ..soiling import PVSoiling, SoilingLoss

    run = soiling.run if isinstance(soiling, PVSoiling) else soiling
    check(isinstance(run, SoilingLoss), "soiling", type(soiling).__name__,
          "must be a SoilingLoss or PVSoiling", "pass minegrid.soiling_loss(weather, ...)")
    ax = get_axes(ax, (8.0, 3.0))
    daily = run.loss.resample("D").mean() * 100.0
    ax.fill_between(daily.index, daily.to_numpy(), step="mid", color=COLORS["pv"], alpha=0.5,
                    lw=0, label="soiling loss (daily mean)")
    top = max(float(daily.max()) * 1.15, 1.0)
    if len(run.cleanings):
        ax.vlines(run.cleanings, 0, top * 0.06, color=COLORS["battery"], lw=1.2,
                  label=f"cleaning ({len(run.cleanings)})")
    rain = run.loss.index[np.flatnonzero(np.diff(run.loss.to_numpy(), prepend=0.0) < 0)]
    washed = rain.difference(run.cleanings)
    if len(washed):
        ax.vlines(washed, top * 0.94, top, color=COLORS["soc"], lw=1.2,
                  label="reset by rain")
    ax.set_ylim(0, top)
    ax.set_ylabel("soiling loss [%]")
    ax.set_xlim(daily.index[0], daily.index[-1])
    if legend:
        ax.legend(loc="upper right", fontsize=8, frameon=False)
    return ax
