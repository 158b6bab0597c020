"""Plots of the economics of one design: present cost, cash flow, and the diesel-only base case.

:func:`cost_breakdown` (net present cost by component and category),
:func:`cash_flow` (yearly cash flows and the cumulative present cost, with the
pay-back against diesel only), :func:`base_case_comparison` (the design as a
percentage of the base case), and :func:`cash_flows`, the table behind
:func:`cash_flow` (from :func:`minegrid.economics.cash_flows`).
"""

from __future__ import annotations

import numpy as np

from .. import economics
from ..economics import CATEGORIES
from ..errors import check
from .style import CATEGORY_LABELS, COLORS, COMPONENT_LABELS, get_axes, plain_text

__all__ = ["cost_breakdown", "cash_flows", "cash_flow", "base_case_comparison"]


def cost_breakdown(result, *, ax=None, legend: bool = True):
    """Net present cost by component and category (salvage as a negative bar).

    Parameters
    ----------
    result : SimulationResult
    ax : matplotlib.axes.Axes, optional
    legend : bool

    Returns
    -------
    matplotlib.axes.Axes
    """
    costs = result.costs
    table = costs.to_frame().drop(index="system")
    present = [c for c in table.index if table.loc[c, list(CATEGORIES)].abs().sum() > 0]
    table = table.loc[present or list(table.index)]
    ax = get_axes(ax, (8.0, 3.5))
    y = np.arange(len(table))[::-1]
    left_pos = np.zeros(len(table))
    left_neg = np.zeros(len(table))
    for cat in CATEGORIES:
        values = table[cat].to_numpy() / 1e6
        if not np.any(values != 0):
            continue
        left = np.where(values >= 0, left_pos, left_neg)
        ax.barh(y, values, left=left, color=COLORS[cat], label=CATEGORY_LABELS[cat],
                height=0.6)
        left_pos += np.maximum(values, 0)
        left_neg += np.minimum(values, 0)
    for yi, total in zip(y, table["total"].to_numpy() / 1e6, strict=True):
        ax.annotate(f"{total:,.1f}", (max(left_pos[len(y) - 1 - yi], 0), yi), va="center",
                    xytext=(4, 0), textcoords="offset points", fontsize="small")
    ax.set_yticks(y, [COMPONENT_LABELS.get(c, c) for c in table.index])
    ax.axvline(0, color="0.3", linewidth=0.6)
    cur = plain_text(costs.currency)
    ax.set_xlabel(f"Present value [M{cur}]")
    ax.set_title(f"Net present cost by component: {costs.npc / 1e6:,.1f} M{cur}")
    ax.grid(axis="x", alpha=0.3)
    ax.margins(x=0.08)
    if legend:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=6, frameon=False,
                  fontsize="small")
    return ax


def cash_flows(result, *, by_component: bool = False):
    """Year-by-year cash flows of a design, with the conventions of :mod:`minegrid.economics`.

    The table of :func:`minegrid.economics.cash_flows` for ``result.costs``
    and ``result.project``: capital is spent at year 0; O&M, fuel and carbon
    at the end of each year 1..N; a component of life L (the life it was
    priced with, ``ComponentCosts.life_years``) is replaced at ``L, 2L, ...``
    before the end of the project (booked in the year ``ceil(j·L)`` that
    contains the replacement, discounted at the exact time ``j·L``); the
    linear salvage value is credited at year N. The discounted column
    therefore sums to the net present cost of :attr:`SimulationResult.costs`.

    A result that carries its own cash-flow table (an attribute
    ``cash_flows`` holding a DataFrame, as a life-of-mine result may) is
    returned as it is.

    Parameters
    ----------
    result : SimulationResult
    by_component : bool
        Return one column per component and category
        (``"battery_replacement"``, ...) instead of one per category.

    Returns
    -------
    pandas.DataFrame
        Index ``year`` 0..N. Columns: ``capital``, ``replacement``, ``om``,
        ``fuel``, ``carbon``, ``salvage`` (costs positive, salvage negative),
        ``total``, ``discounted`` and ``cumulative_discounted``. [currency]

    Examples
    --------
    >>> import numpy as np, minegrid as mg
    >>> system = mg.System(genset=mg.GensetFleet(unit_rated_kw=400, n_units=2))
    >>> r = mg.simulate(system, np.full(8760, 500.0), base_case=False)
    >>> flows = mg.plots.cash_flows(r)
    >>> bool(np.isclose(flows["discounted"].sum(), r.costs.npc))
    True
    """
    own = getattr(result, "cash_flows", None)
    if own is not None and not callable(own):
        return own
    return economics.cash_flows(result.costs, result.project, by_component=by_component)


def cash_flow(result, *, ax=None, cumulative_ax=None, base: bool = True,
              legend: bool = True):
    """Cash flow over the project: yearly costs by category and cumulative present cost.

    Bars are the undiscounted yearly flows (capital at year 0, replacements
    in their year, O&M, fuel and carbon every year, salvage credited in the
    last year). The lines, in a second panel, are the cumulative discounted
    cost of the design and, when present, of the diesel-only base case: where
    they cross, the design has paid back its extra investment.

    Parameters
    ----------
    result : SimulationResult or pandas.DataFrame
        A result, or a table from :func:`cash_flows`.
    ax : matplotlib.axes.Axes, optional
        Axes for the yearly bars. Without it a new figure is made with the bars
        on the left and the cumulative present cost on the right.
    cumulative_ax : matplotlib.axes.Axes, optional
        Axes for the cumulative present cost; when ``ax`` is given and this is
        not, the cumulative lines are not drawn.
    base : bool
        Also draw the base case's cumulative discounted cost.
    legend : bool

    Returns
    -------
    matplotlib.axes.Axes
        The axes of the yearly bars.
    """
    import pandas as pd

    frame = result if isinstance(result, pd.DataFrame) else cash_flows(result)
    currency = plain_text(frame.attrs.get("currency", ""))
    if ax is None and cumulative_ax is None:
        import matplotlib.pyplot as plt

        _, (ax, cumulative_ax) = plt.subplots(1, 2, figsize=(11.0, 4.0), layout="constrained",
                                              width_ratios=(3, 2))
    ax = get_axes(ax)
    years = frame.index.to_numpy()
    pos = np.zeros(len(frame))
    neg = np.zeros(len(frame))
    for cat in CATEGORIES:
        if cat not in frame:
            continue
        values = frame[cat].to_numpy() / 1e6
        if not np.any(values != 0):
            continue
        bottom = np.where(values >= 0, pos, neg)
        ax.bar(years, values, bottom=bottom, color=COLORS[cat], label=CATEGORY_LABELS[cat],
               width=0.75)
        pos += np.maximum(values, 0)
        neg += np.minimum(values, 0)
    ax.axhline(0, color="0.3", linewidth=0.6)
    ax.set_xlabel("Project year")
    ax.set_ylabel(f"Yearly cash flow [M{currency}]")
    ax.set_title("Yearly cash flow (undiscounted, real)")
    ax.grid(axis="y", alpha=0.3)
    ax.set_xticks(years if len(years) <= 26 else years[::5])
    if legend:
        ax.legend(loc="upper right", frameon=False, fontsize="small", ncol=2)
    if cumulative_ax is not None and "cumulative_discounted" in frame:
        cax = cumulative_ax
        cax.plot(years, frame["cumulative_discounted"].to_numpy() / 1e6, color=COLORS["design"],
                 marker="o", markersize=3, linewidth=1.8, label="Design")
        base_result = getattr(result, "base", None) if base else None
        if base_result is not None:
            bflows = cash_flows(base_result)
            bx = bflows.index.to_numpy()
            by = bflows["cumulative_discounted"].to_numpy() / 1e6
            cax.plot(bx, by, color=COLORS["base"], marker="o", markersize=3, linewidth=1.8,
                     linestyle="--", label=_base_label(base_result).capitalize())
            diff = by - frame["cumulative_discounted"].to_numpy() / 1e6
            paid = np.nonzero(diff >= 0)[0]
            if diff[0] < 0 and paid.size:
                k = int(paid[0])
                cax.annotate(f"pays back in year {k}", (years[k], by[k]), xytext=(18, -34),
                             textcoords="offset points", ha="left", fontsize="small",
                             arrowprops={"arrowstyle": "->", "color": "0.3"})
        cax.set_ylim(bottom=0)
        from matplotlib.ticker import MaxNLocator

        cax.xaxis.set_major_locator(MaxNLocator(integer=True))
        cax.set_xlabel("Project year")
        cax.set_ylabel(f"Cumulative present cost [M{currency}]")
        cax.set_title("Cumulative present cost")
        cax.grid(alpha=0.3)
        if legend:
            cax.legend(loc="upper left", frameon=False, fontsize="small")
    return ax


def base_case_comparison(result, *, ax=None):
    """The design against its base case, as a percentage of the base case.

    Bars show capital, net present cost, LCOE, fuel, CO2 and genset running
    hours of the design relative to the base case (100 %), labelled with both
    absolute values. The base case is diesel only, or for a plant of genset
    types its types alone ("gensets only"), whose fuel is compared by its cost
    (the fuels have different units).

    Parameters
    ----------
    result : SimulationResult
        Simulated with ``base_case=True`` (the default).
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    base = getattr(result, "base", None)
    check(base is not None, "result.base", None, "is missing", "simulate with base_case=True")
    cur = plain_text(result.costs.currency)
    label = _base_label(base)
    if base.system.is_plant and result.fuels is not None and base.fuels is not None:
        # fuels of different units: compared by what they cost
        fuel = ("Fuel cost", result.fuels["cost_per_year"].sum() / 1e6,
                base.fuels["cost_per_year"].sum() / 1e6, f"M{cur}/yr", "{:,.2f}")
    else:
        fuel = ("Fuel", result.stats.fuel_l / 1e3, base.stats.fuel_l / 1e3, "kL/yr", "{:,.0f}")
    rows = [
        ("Capital", result.costs.capital / 1e6, base.costs.capital / 1e6, f"M{cur}", "{:,.1f}"),
        ("Net present cost", result.costs.npc / 1e6, base.costs.npc / 1e6, f"M{cur}",
         "{:,.1f}"),
        ("LCOE", result.costs.lcoe, base.costs.lcoe, f"{cur}/kWh", "{:.3f}"),
        fuel,
        ("CO2", result.stats.co2_t / 1e3, base.stats.co2_t / 1e3, "kt/yr", "{:,.1f}"),
        ("Genset running", result.stats.unit_running_hours / 1e3,
         base.stats.unit_running_hours / 1e3, "k unit-h/yr", "{:,.1f}"),
    ]
    ax = get_axes(ax, (8.0, 3.8))
    y = np.arange(len(rows))[::-1]
    pct = np.array([100 * d / b if b > 0 else np.nan for _, d, b, _, _ in rows])
    colors = [COLORS["design"] if p <= 100 else COLORS["unserved"] for p in pct]
    ax.barh(y, np.nan_to_num(pct), color=colors, height=0.6)
    ax.axvline(100, color=COLORS["base"], linestyle="--", linewidth=1.2)
    for yi, p, (_, d, b, unit, fmt) in zip(y, pct, rows, strict=True):
        text = f"{fmt.format(d)} vs {fmt.format(b)} {unit}"
        ax.annotate(text, (np.nan_to_num(p), yi), va="center", xytext=(5, 0),
                    textcoords="offset points", fontsize="small",
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "white",
                          "edgecolor": "none", "alpha": 0.85})
    ax.set_yticks(y, [r[0] for r in rows])
    xmax = np.nanmax(np.append(pct, 100.0))
    ax.set_xlim(0, max(150.0, 1.45 * xmax))
    ax.set_xlabel(f"Design as % of {label} (dashed line = 100 %)")
    ax.set_title(f"Design against the {label.replace(' ', '-')} base case")
    ax.grid(axis="x", alpha=0.3)
    return ax


def _base_label(base) -> str:
    """The base case's name: ``"gensets only"`` for a plant of genset types, else ``"diesel
    only"`` (:func:`minegrid.simulation.diesel_only`)."""
    return "gensets only" if base.system.is_plant else "diesel only"
