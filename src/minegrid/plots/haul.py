"""The charging of an electrified haul fleet over a typical day (:class:`minegrid.HaulLoad`).

:func:`haul_charging` draws the mean charging load by hour of the day of one or more
haul loads (e.g. unmanaged and smart) over the mean surplus that smart charging aims at
(PV and wind the rest of the mine does not use), with the trolley load as a line.
"""

from __future__ import annotations

import numpy as np

from .style import COLORS, get_axes

__all__ = ["haul_charging"]

_LINES = ("#CC79A7", "#009E73", "#0072B2", "#D55E00")


def _by_hour(series) -> np.ndarray:
    """Mean of a Series by local hour of the day (0-23)."""
    return series.groupby(series.index.hour).mean().reindex(range(24)).to_numpy()


def haul_charging(*hauls, labels=None, ax=None, legend: bool = True):
    """Mean charging load by hour of the day, over the mean surplus.

    Parameters
    ----------
    *hauls : HaulLoad
        One or more haul loads on the same index (e.g. unmanaged and smart).
    labels : sequence of str, optional
        Their legend labels; default "smart charging" / "unmanaged charging".
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.
    legend : bool
        Draw the legend.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from ..errors import check
    from ..mine import HaulLoad

    check(len(hauls) > 0 and all(isinstance(h, HaulLoad) for h in hauls), "hauls",
          [type(h).__name__ for h in hauls], "must be one or more HaulLoad",
          "pass the result of minegrid.haul_load or minegrid.haul_for_design")
    ax = get_axes(ax, (8.0, 3.4))
    hours = np.arange(24) + 0.5
    with_surplus = next((h for h in hauls if "surplus_kw" in h.frame), None)
    if with_surplus is not None:
        ax.fill_between(hours, _by_hour(with_surplus.frame["surplus_kw"]) / 1e3, step="mid",
                        color=COLORS["pv"], alpha=0.35, lw=0,
                        label="renewable surplus over the mine load")
    ax.step(hours, _by_hour(hauls[0].frame["trolley_kw"]) / 1e3, where="mid",
            color=COLORS["genset"], ls="--", lw=1.0, label="trolley line")
    names = labels or [("smart" if h.smart else "unmanaged") + " charging" for h in hauls]
    for k, (h, name) in enumerate(zip(hauls, names, strict=True)):
        ax.step(hours, _by_hour(h.frame["charging_kw"]) / 1e3, where="mid",
                color=_LINES[k % len(_LINES)], lw=1.8, label=name)
    ax.set_xlim(0, 24)
    ax.set_xticks(range(0, 25, 3))
    ax.set_xlabel("hour of the day (local)")
    ax.set_ylabel("mean power [MW]")
    ax.set_ylim(bottom=0)
    if legend:
        ax.legend(loc="upper left", fontsize=8, frameon=False)
    return ax
