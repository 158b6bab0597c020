"""The shared look of every plot: colours, labels and the Axes helper they all draw through.

:data:`COLORS` maps energy sources and cost categories to a colour-blind-safe
palette (:data:`GENSET_TYPE_COLORS` the genset types of a plant),
:data:`CATEGORY_LABELS` and :data:`COMPONENT_LABELS` name the cost categories
and components of :mod:`minegrid.economics` on axes and legends, and
:func:`get_axes` returns the Axes a plot draws on (the caller's, or a new one
from pyplot). :func:`plain_text` makes a user string (a currency, a name)
safe for matplotlib, which would read ``$...$`` as mathematics.
"""

from __future__ import annotations

__all__ = ["COLORS", "GENSET_TYPE_COLORS", "CATEGORY_LABELS", "COMPONENT_LABELS", "get_axes",
           "plain_text"]

#: Colours of the energy sources and cost categories (colour-blind-safe palette).
COLORS = {
    "pv": "#E69F00",
    "wind": "#56B4E9",
    "genset": "#7F7F7F",
    "battery": "#009E73",
    "charge": "#8FD1BB",
    "unserved": "#D55E00",
    "load": "#000000",
    "soc": "#0072B2",
    "curtailed": "#F0E442",
    "dumped": "#CFCFCF",
    "capital": "#0072B2",
    "replacement": "#56B4E9",
    "om": "#009E73",
    "fuel": "#7F7F7F",
    "carbon": "#CC79A7",
    "salvage": "#E69F00",
    "design": "#0072B2",
    "base": "#7F7F7F",
}

#: Colours of the genset types of a plant, in the order of ``System.gensets`` (greys and
#: browns, so that they read as gensets beside the renewables).
GENSET_TYPE_COLORS = ("#7F7F7F", "#4D4D4D", "#A6761D", "#B3B3B3", "#6B4A12", "#262626")

#: Legend labels of the cost categories (:data:`minegrid.economics.CATEGORIES`).
CATEGORY_LABELS = {"capital": "Capital", "replacement": "Replacement", "om": "O&M",
                   "fuel": "Fuel", "carbon": "Carbon", "salvage": "Salvage"}
#: Axis labels of the priced components (:data:`minegrid.economics.COMPONENTS`).
COMPONENT_LABELS = {"pv": "PV", "wind": "Wind", "battery": "Battery", "genset": "Gensets",
                    "converter": "Converter"}


def plain_text(value, limit: int = 24) -> str:
    r"""``str(value)`` as literal matplotlib text: ``$`` escaped (never mathtext), one line,
    clipped to ``limit`` characters so that a long name cannot squeeze the axes away.

    >>> plain_text("$$"), plain_text("x" * 30)
    ('\\$\\$', 'xxxxxxxxxxxxxxxxxxxxxxx…')
    """
    text = " ".join(str(value).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text.replace("$", r"\$")


def get_axes(ax, figsize=(10.0, 4.0)):
    """The given Axes, or a new one from pyplot.

    Parameters
    ----------
    ax : matplotlib.axes.Axes or None
        Axes to draw on; ``None`` makes a new figure with
        :func:`matplotlib.pyplot.subplots` (constrained layout).
    figsize : tuple of float
        Size of the new figure (width, height). [inch]

    Returns
    -------
    matplotlib.axes.Axes
    """
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax
