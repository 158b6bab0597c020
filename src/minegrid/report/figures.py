"""The report's figures: the plots of :mod:`minegrid.plots`, drawn on matplotlib Figures.

Figures are drawn on :class:`matplotlib.figure.Figure` objects (not pyplot),
so writing a report never opens a window nor touches the pyplot state.
"""

from __future__ import annotations

from .markup import figure_html, new_figure

__all__ = ["report_figures"]


def report_figures(result) -> dict[str, str]:
    """The report's figures as HTML snippets, keyed by section."""
    from .. import plots
    from .plant import base_label

    base = base_label(result).replace(" ", "-")  # "diesel-only" or "gensets-only"
    out: dict[str, str] = {}
    has_dispatch = getattr(result, "dispatch", None) is not None
    if has_dispatch:
        fig = new_figure(10.0, 4.8)
        ax, soc_ax = fig.subplots(2, 1, sharex=True, height_ratios=(3, 1))
        plots.dispatch_week(result, ax=ax, soc_ax=soc_ax)
        out["dispatch"] = figure_html(
            fig, "Hourly dispatch over the most demanding week (most unserved energy, or least "
            "renewable output). Above zero, each source's power to the load, stacked up to the "
            "load line; below zero, apart, the power charging the battery (from PV, wind and "
            "gensets) and the power curtailed or dumped; the lower panel is the battery state "
            "of charge.")
        import pandas as pd

        if isinstance(result.dispatch.index, pd.DatetimeIndex):
            fig = new_figure(10.0, 3.8)
            plots.monthly_energy(result, ax=fig.subplots())
            out["monthly"] = figure_html(fig, "Energy each month: above zero, each "
                                         "source's energy to the load, stacked up to the load "
                                         "(black marks); below zero, apart, the energy "
                                         "charging the battery and the energy curtailed or "
                                         "dumped.")
        else:
            out["monthly"] = ('<p class="note">No monthly energy mix: the profiles had no '
                              "dates (simulate with time-indexed pandas Series to get it).</p>")
        fig = new_figure(10.0, 3.6)
        a1, a2 = fig.subplots(1, 2)
        plots.genset_units(result, ax=a1)
        plots.genset_loading(result, ax=a2)
        out["genset"] = figure_html(fig, "Genset fleet: hours per year with each number of "
                                    "units online (every type together), and the loading of "
                                    "running units sorted from the highest.")
        if result.system.battery_or_zero.energy_kwh > 0:
            fig = new_figure(10.0, 3.4)
            plots.soc_heatmap(result, ax=fig.subplots())
            out["soc"] = figure_html(fig, "Battery state of charge by hour of day (vertical) "
                                     "and day of the year (horizontal).")
    fig = new_figure(10.0, 3.6)
    plots.cost_breakdown(result, ax=fig.subplots())
    out["costs"] = figure_html(fig, "Net present cost by component and category; salvage "
                               "value is a credit (negative).")
    fig = new_figure(10.0, 4.0)
    a1, a2 = fig.subplots(1, 2, width_ratios=(3, 2))
    plots.cash_flow(result, ax=a1, cumulative_ax=a2)
    out["cashflow"] = figure_html(
        fig, "Left: yearly cash flows by category, undiscounted, in real terms. Right: "
        f"cumulative present cost; where the design's line falls below the {base} line, "
        "the extra investment has paid back.")
    if result.base is not None:
        fig = new_figure(10.0, 3.6)
        plots.base_case_comparison(result, ax=fig.subplots())
        out["base"] = figure_html(fig, f"The design as a percentage of the {base} base "
                                  "case (dashed line).")
    return out
