"""Plots of simulation and sizing results (matplotlib), for notebooks and reports.

Every plotting function takes a result (or a table) and an optional ``ax``
(a :class:`matplotlib.axes.Axes`) and returns the Axes it drew on, so plots
compose into your own figures::

    import matplotlib.pyplot as plt
    import minegrid as mg

    fig, axes = plt.subplots(2, 1, figsize=(10, 7))
    mg.plots.dispatch_week(result, "2023-07-01", ax=axes[0])
    mg.plots.monthly_energy(result, ax=axes[1])

Without ``ax`` a new figure is made with :func:`matplotlib.pyplot.subplots`
(shown inline in a notebook). matplotlib is imported on first use, so
``import minegrid`` stays fast.

Plots of hourly behaviour need the step-by-step dispatch: simulate with
``minegrid.simulate(..., dispatch=True)``.

:func:`cash_flows` builds the year-by-year cash-flow table behind
:func:`cash_flow` with the conventions of :mod:`minegrid.economics`.
"""

from __future__ import annotations

import math

import numpy as np

from .errors import InputError, check

__all__ = [
    "COLORS",
    "cash_flows",
    "dispatch_week",
    "monthly_energy",
    "genset_units",
    "genset_loading",
    "soc_heatmap",
    "cost_breakdown",
    "cash_flow",
    "pareto_front",
    "base_case_comparison",
]

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
    "capital": "#0072B2",
    "replacement": "#56B4E9",
    "om": "#009E73",
    "fuel": "#7F7F7F",
    "carbon": "#CC79A7",
    "salvage": "#E69F00",
    "design": "#0072B2",
    "base": "#7F7F7F",
}

_CATEGORY_LABELS = {"capital": "Capital", "replacement": "Replacement", "om": "O&M",
                    "fuel": "Fuel", "carbon": "Carbon", "salvage": "Salvage"}
_COMPONENT_LABELS = {"pv": "PV", "wind": "Wind", "battery": "Battery", "genset": "Gensets"}


def _axes(ax, figsize=(10.0, 4.0)):
    """The given Axes, or a new one from pyplot."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _dispatch(result):
    frame = getattr(result, "dispatch", None)
    check(frame is not None, "result.dispatch", None, "is missing: this plot needs the "
          "step-by-step dispatch", "simulate with minegrid.simulate(..., dispatch=True)")
    return frame


def _dt_h(frame) -> float:
    import pandas as pd

    if isinstance(frame.index, pd.DatetimeIndex) and len(frame.index) > 1:
        return (frame.index[1] - frame.index[0]) / pd.Timedelta(hours=1)
    return 1.0


def _sources(frame):
    """Power delivered by each source to the load, per step. [kW]

    Curtailment is shared between PV and wind in proportion to their output;
    genset power is net of dumped energy; battery power is split into
    discharge (>= 0) and charge (<= 0).
    """
    re = frame["pv_kw"].to_numpy() + frame["wind_kw"].to_numpy()
    cur = frame["curtailed_kw"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        keep = np.where(re > 0, 1.0 - cur / np.where(re > 0, re, 1.0), 0.0)
    bat = frame["battery_kw"].to_numpy()
    return {
        "pv": frame["pv_kw"].to_numpy() * keep,
        "wind": frame["wind_kw"].to_numpy() * keep,
        "genset": np.maximum(frame["genset_kw"].to_numpy() - frame["dumped_kw"].to_numpy(), 0.0),
        "discharge": np.maximum(bat, 0.0),
        "charge": np.minimum(bat, 0.0),
        "unserved": frame["unserved_kw"].to_numpy(),
        "load": frame["load_kw"].to_numpy(),
    }


def dispatch_week(result, start=None, *, days: float = 7.0, ax=None, soc: bool = True,
                  soc_ax=None, legend: bool = True):
    """Dispatch over a week: stacked sources, battery charge, load, unserved and SoC.

    Sources are stacked above zero in the order PV, wind, gensets, battery
    discharge, then unserved load (red) on top, so the top of the stack is the
    load; battery charging is drawn below zero. The battery state of charge is
    on a right-hand axis.

    Parameters
    ----------
    result : SimulationResult
        Simulated with ``dispatch=True``.
    start : str, pandas.Timestamp or int, optional
        First day shown: a date (``"2023-07-01"``) for a time-indexed
        dispatch, or a step number. Default: the week with the largest
        unserved energy, or else the week with the lowest renewable output.
    days : float
        Length of the window. [d]
    ax : matplotlib.axes.Axes, optional
        Axes for the power plot. Without it a new figure is made with the power
        above and the state of charge in a smaller panel below.
    soc : bool
        Draw the state of charge.
    soc_ax : matplotlib.axes.Axes, optional
        Axes for the state of charge; by default a panel below the power plot
        in a new figure, or a twin (right-hand) axis of a given ``ax``.
    legend : bool
        Draw the legend.

    Returns
    -------
    matplotlib.axes.Axes
    """
    import pandas as pd

    frame = _dispatch(result)
    dt = _dt_h(frame)
    n = max(1, int(round(days * 24.0 / dt)))
    n = min(n, len(frame))
    if start is None:
        i0 = _worst_window(frame, n)
    elif isinstance(start, int | np.integer):
        i0 = int(start)
    else:
        check(isinstance(frame.index, pd.DatetimeIndex), "start", start,
              "needs a time-indexed dispatch", "pass a step number instead")
        ts = pd.Timestamp(start)
        if frame.index.tz is not None and ts.tz is None:
            ts = ts.tz_localize(frame.index.tz)
        i0 = int(frame.index.searchsorted(ts))
    check(0 <= i0 < len(frame), "start", start, f"is outside the simulated period "
          f"({frame.index[0]} to {frame.index[-1]})", "pick a date inside the period")
    window = frame.iloc[i0:i0 + n]
    s = _sources(window)
    x = window.index
    if ax is None and soc and soc_ax is None:
        import matplotlib.pyplot as plt

        _, (ax, soc_ax) = plt.subplots(2, 1, figsize=(10.0, 5.0), sharex=True,
                                       height_ratios=(3, 1), layout="constrained")
    ax = _axes(ax)
    stack = [s["pv"], s["wind"], s["genset"], s["discharge"], s["unserved"]]
    labels = ["PV", "Wind", "Gensets", "Battery discharge", "Unserved"]
    colors = [COLORS["pv"], COLORS["wind"], COLORS["genset"], COLORS["battery"],
              COLORS["unserved"]]
    keep = [i for i, arr in enumerate(stack) if np.any(arr > 0) or i < 3]
    ax.stackplot(x, *[stack[i] / 1e3 for i in keep], labels=[labels[i] for i in keep],
                 colors=[colors[i] for i in keep], step=None, linewidth=0)
    if np.any(s["charge"] < 0):
        ax.fill_between(x, s["charge"] / 1e3, 0.0, color=COLORS["charge"],
                        label="Battery charge", linewidth=0)
    ax.plot(x, s["load"] / 1e3, color=COLORS["load"], linewidth=1.2, label="Load")
    ax.axhline(0.0, color="0.3", linewidth=0.6)
    ax.set_ylabel("Power [MW]")
    ax.set_xlim(x[0], x[-1])
    ax.margins(x=0)
    ax.grid(alpha=0.3)
    handles, labs = ax.get_legend_handles_labels()
    bottom_ax = ax
    if soc and "soc" in window:
        twin = soc_ax is None
        ax2 = ax.twinx() if twin else soc_ax
        ax2.plot(x, 100 * window["soc"].to_numpy(), color=COLORS["soc"], linewidth=1.4,
                 linestyle="--" if twin else "-")
        if not twin:
            ax2.fill_between(x, 100 * window["soc"].to_numpy(), 0, color=COLORS["soc"],
                             alpha=0.15, linewidth=0)
            ax2.grid(alpha=0.3)
            ax2.set_xlim(x[0], x[-1])
            bottom_ax = ax2
        else:
            handles += ax2.get_lines()[-1:]
            labs += ["State of charge"]
        ax2.set_ylim(0, 105)
        ax2.set_ylabel("SoC [%]")
    if isinstance(x, pd.DatetimeIndex):
        import matplotlib.dates as mdates

        bottom_ax.xaxis.set_major_locator(mdates.DayLocator())
        bottom_ax.xaxis.set_major_formatter(mdates.DateFormatter("%a %d %b"))
        ax.set_title(f"Dispatch, {x[0]:%d %b %Y} to {x[-1]:%d %b %Y}")
    else:
        bottom_ax.set_xlabel("Step")
        ax.set_title("Dispatch")
    if legend:
        ax.legend(handles, labs, loc="upper left", bbox_to_anchor=(1.01, 1.0), ncol=1,
                  frameon=False, fontsize="small")
    return ax


def _worst_window(frame, n: int) -> int:
    """Start of the window with most unserved energy, else least renewable output."""
    unserved = frame["unserved_kw"].to_numpy()
    if unserved.sum() > 0:
        score = np.convolve(unserved, np.ones(n), mode="valid")
        return int(np.argmax(score))
    re = frame["pv_kw"].to_numpy() + frame["wind_kw"].to_numpy()
    if len(re) <= n:
        return 0
    score = np.convolve(re, np.ones(n), mode="valid")
    return int(np.argmin(score))


def _monthly_table(result):
    """Energy by source and month. [MWh]"""
    import pandas as pd

    frame = _dispatch(result)
    check(isinstance(frame.index, pd.DatetimeIndex), "result.dispatch.index", "not dates",
          "must be a DatetimeIndex for monthly totals", "simulate with time-indexed profiles")
    dt = _dt_h(frame)
    s = _sources(frame)
    table = pd.DataFrame({
        "PV": s["pv"], "Wind": s["wind"], "Gensets": s["genset"],
        "Battery (net)": s["discharge"] + s["charge"], "Unserved": s["unserved"],
        "Load": s["load"], "Curtailed": frame["curtailed_kw"].to_numpy(),
    }, index=frame.index) * dt / 1e3
    return table.groupby(frame.index.month).sum()


def monthly_energy(result, *, ax=None, legend: bool = True):
    """Monthly energy mix: energy delivered by PV, wind and gensets, and the load.

    Renewable energy is counted after curtailment and genset energy net of
    dumped energy; bars stack PV, wind, gensets and unserved load, and the
    load is marked for each month (the difference is the battery's net
    charge and losses).

    Parameters
    ----------
    result : SimulationResult
        Simulated with ``dispatch=True`` on time-indexed profiles.
    ax : matplotlib.axes.Axes, optional
    legend : bool

    Returns
    -------
    matplotlib.axes.Axes
    """
    table = _monthly_table(result)
    ax = _axes(ax)
    months = np.asarray(table.index)
    names = ["J", "F", "M", "A", "M", "J", "J", "A", "S", "O", "N", "D"]
    bottom = np.zeros(len(table))
    for col, color in (("PV", COLORS["pv"]), ("Wind", COLORS["wind"]),
                       ("Gensets", COLORS["genset"]), ("Unserved", COLORS["unserved"])):
        values = table[col].to_numpy()
        if col in ("Unserved", "Wind") and not np.any(values > 0):
            continue
        ax.bar(months, values, bottom=bottom, color=color, label=col, width=0.75)
        bottom += values
    ax.plot(months, table["Load"].to_numpy(), "k_", markersize=22, markeredgewidth=2,
            label="Load")
    ax.set_xticks(months, [names[m - 1] for m in months])
    ax.set_ylabel("Energy [MWh]")
    ax.set_title("Monthly energy mix")
    ax.grid(axis="y", alpha=0.3)
    if legend:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=6, frameon=False,
                  fontsize="small")
    return ax


def genset_units(result, *, ax=None):
    """Running hours of the genset fleet by number of units online.

    Parameters
    ----------
    result : SimulationResult
        Simulated with ``dispatch=True``.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    frame = _dispatch(result)
    dt = _dt_h(frame)
    n_units = max(int(result.system.genset_or_zero.n_units), int(frame["units_online"].max()))
    counts = np.bincount(frame["units_online"].to_numpy().astype(int), minlength=n_units + 1)
    hours = counts * dt * (8760.0 / (len(frame) * dt))
    ax = _axes(ax, (6.0, 4.0))
    k = np.arange(n_units + 1)
    ax.bar(k, hours, color=COLORS["genset"], width=0.75)
    for xi, h in zip(k, hours, strict=True):
        if h > 0:
            ax.annotate(f"{h:,.0f}", (xi, h), ha="center", va="bottom", fontsize="x-small",
                        xytext=(0, 2), textcoords="offset points")
    ax.set_xticks(k)
    ax.set_xlabel("Units online [-]")
    ax.set_ylabel("Time [h/yr]")
    ax.set_title("Gensets online")
    ax.grid(axis="y", alpha=0.3)
    return ax


def genset_loading(result, *, ax=None):
    """Duration curve of the loading of running gensets.

    Loading is the output of the running units over their rated power
    (``genset_kw / (units_online × unit_rated_kw)``), sorted from the
    highest; the minimum load ratio and the worst available capacity
    (derating) are drawn as references.

    Parameters
    ----------
    result : SimulationResult
        Simulated with ``dispatch=True``.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    frame = _dispatch(result)
    gen = result.system.genset_or_zero
    dt = _dt_h(frame)
    units = frame["units_online"].to_numpy()
    running = units > 0
    loading = frame["genset_kw"].to_numpy()[running] / (units[running] * gen.unit_rated_kw)
    loading = np.sort(loading)[::-1]
    hours = np.arange(1, loading.size + 1) * dt * (8760.0 / (len(frame) * dt))
    ax = _axes(ax, (6.0, 4.0))
    if loading.size:
        ax.step(hours, 100 * loading, where="post", color=COLORS["genset"], linewidth=1.5,
                label="Loading of running units")
        ax.set_xlim(0, hours[-1])
    ax.axhline(100 * gen.min_load_ratio, color=COLORS["unserved"], linestyle=":",
               linewidth=1.2, label=f"Minimum load ({100 * gen.min_load_ratio:.0f} %)")
    ax.set_ylim(0, 105)
    ax.set_xlabel("Fleet running time [h/yr]")
    ax.set_ylabel("Loading [% of rated]")
    ax.set_title("Genset loading duration curve")
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left", fontsize="small", frameon=False)
    return ax


def soc_heatmap(result, *, ax=None, colorbar: bool = True):
    """Battery state of charge as a heat map: hour of day × day of the period.

    Parameters
    ----------
    result : SimulationResult
        Simulated with ``dispatch=True``; a step that divides 24 h.
    ax : matplotlib.axes.Axes, optional
    colorbar : bool

    Returns
    -------
    matplotlib.axes.Axes
    """
    frame = _dispatch(result)
    dt = _dt_h(frame)
    per_day = int(round(24.0 / dt))
    check(per_day >= 1 and abs(per_day * dt - 24.0) < 1e-9, "time step", dt,
          "must divide 24 h for a day-by-hour map", "resample to 1 h")
    soc = 100 * frame["soc"].to_numpy()
    n_days = math.ceil(soc.size / per_day)
    grid = np.full(n_days * per_day, np.nan)
    grid[:soc.size] = soc
    grid = grid.reshape(n_days, per_day).T
    ax = _axes(ax, (10.0, 3.5))
    image = ax.imshow(grid, aspect="auto", origin="lower", cmap="viridis", vmin=0, vmax=100,
                      extent=(0.5, n_days + 0.5, 0, 24), interpolation="nearest")
    ax.set_yticks([0, 6, 12, 18, 24])
    ax.set_ylabel("Hour of day [h]")
    ax.set_xlabel("Day of the period [d]")
    ax.set_title("Battery state of charge")
    if colorbar:
        ax.figure.colorbar(image, ax=ax, label="SoC [%]", pad=0.01)
    return ax


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
    from .economics import CATEGORIES

    costs = result.costs
    table = costs.to_frame().drop(index="system")
    present = [c for c in table.index if table.loc[c, list(CATEGORIES)].abs().sum() > 0]
    table = table.loc[present or list(table.index)]
    ax = _axes(ax, (8.0, 3.5))
    y = np.arange(len(table))[::-1]
    left_pos = np.zeros(len(table))
    left_neg = np.zeros(len(table))
    for cat in CATEGORIES:
        values = table[cat].to_numpy() / 1e6
        if not np.any(values != 0):
            continue
        left = np.where(values >= 0, left_pos, left_neg)
        ax.barh(y, values, left=left, color=COLORS[cat], label=_CATEGORY_LABELS[cat],
                height=0.6)
        left_pos += np.maximum(values, 0)
        left_neg += np.minimum(values, 0)
    for yi, total in zip(y, table["total"].to_numpy() / 1e6, strict=True):
        ax.annotate(f"{total:,.1f}", (max(left_pos[len(y) - 1 - yi], 0), yi), va="center",
                    xytext=(4, 0), textcoords="offset points", fontsize="small")
    ax.set_yticks(y, [_COMPONENT_LABELS.get(c, c) for c in table.index])
    ax.axvline(0, color="0.3", linewidth=0.6)
    ax.set_xlabel(f"Present value [M{costs.currency}]")
    ax.set_title(f"Net present cost by component: {costs.npc / 1e6:,.1f} M{costs.currency}")
    ax.grid(axis="x", alpha=0.3)
    ax.margins(x=0.08)
    if legend:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=6, frameon=False,
                  fontsize="small")
    return ax


def _component_lives(result) -> dict[str, float]:
    """Component lives as priced by :func:`minegrid.economics.price_designs`. [year]"""
    s, sys_ = result.stats, result.system
    bat, gen = sys_.battery_or_zero, sys_.genset_or_zero
    cycle_life = bat.cycle_life / s.battery_cycles if s.battery_cycles > 0 else math.inf
    hours_per_unit = s.unit_running_hours / gen.n_units if gen.n_units > 0 else 0.0
    return {
        "pv": float(sys_.pv_or_zero.lifetime_years),
        "wind": float(sys_.wind_or_zero.lifetime_years),
        "battery": float(min(bat.calendar_life_years, cycle_life)),
        "genset": float(gen.life_hours / hours_per_unit) if hours_per_unit > 0 else math.inf,
    }


def cash_flows(result, *, by_component: bool = False):
    """Year-by-year cash flows of a design, with the conventions of :mod:`minegrid.economics`.

    Capital is spent at year 0; O&M, fuel and carbon at the end of each year
    1..N; a component of life L is replaced at ``L, 2L, ...`` before the end
    of the project (booked in the year ``ceil(j·L)`` that contains the
    replacement, discounted at the exact time ``j·L``); the linear salvage
    value is credited at year N. The discounted column therefore sums to the
    net present cost of :attr:`SimulationResult.costs`.

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
    import pandas as pd

    from .economics import CATEGORIES

    own = getattr(result, "cash_flows", None)
    if own is not None and not callable(own):
        return own
    project, costs = result.project, result.costs
    n = int(project.lifetime_years)
    rate = float(project.discount_rate)
    d = 1.0 / (1.0 + rate)
    years = np.arange(n + 1)
    disc_year = d ** years.astype(float)
    lives = _component_lives(result)
    ratios = {
        "pv": result.system.pv_or_zero.replacement_ratio,
        "wind": result.system.wind_or_zero.replacement_ratio,
        "battery": result.system.battery_or_zero.replacement_ratio,
        "genset": result.system.genset_or_zero.replacement_ratio,
    }
    pwf = float(np.sum(disc_year[1:]))
    flows: dict[str, np.ndarray] = {}
    discounted = np.zeros(n + 1)
    for comp in costs.COMPONENTS:
        cc = getattr(costs, comp)
        cols = {cat: np.zeros(n + 1) for cat in CATEGORIES}
        cols["capital"][0] = cc.capital
        for cat in ("om", "fuel", "carbon"):
            cols[cat][1:] = getattr(cc, cat) / pwf if pwf > 0 else 0.0
        life = lives[comp]
        if cc.capital > 0 and math.isfinite(life) and life > 0:
            reps = math.ceil(n / life) - 1
            for j in range(1, reps + 1):
                t = j * life
                year = min(n, max(1, math.ceil(t - 1e-9)))
                amount = cc.capital * ratios[comp]
                cols["replacement"][year] += amount
                discounted[year] += amount * d**t - amount * disc_year[year]
        cols["salvage"][n] = cc.salvage / disc_year[n] if disc_year[n] > 0 else 0.0
        for cat in CATEGORIES:
            flows[f"{comp}_{cat}"] = cols[cat]
    by_cat = {cat: sum(flows[f"{c}_{cat}"] for c in costs.COMPONENTS) for cat in CATEGORIES}
    total = sum(by_cat.values())
    discounted = discounted + total * disc_year
    frame = pd.DataFrame(flows if by_component else by_cat, index=pd.Index(years, name="year"))
    frame["total"] = total
    frame["discounted"] = discounted
    frame["cumulative_discounted"] = np.cumsum(discounted)
    frame.attrs["currency"] = costs.currency
    return frame


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

    from .economics import CATEGORIES

    frame = result if isinstance(result, pd.DataFrame) else cash_flows(result)
    currency = frame.attrs.get("currency", "")
    if ax is None and cumulative_ax is None:
        import matplotlib.pyplot as plt

        _, (ax, cumulative_ax) = plt.subplots(1, 2, figsize=(11.0, 4.0), layout="constrained",
                                              width_ratios=(3, 2))
    ax = _axes(ax)
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
        ax.bar(years, values, bottom=bottom, color=COLORS[cat], label=_CATEGORY_LABELS[cat],
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
                     linestyle="--", label="Diesel only")
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
    ax = _axes(ax, (7.0, 4.5))
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


def base_case_comparison(result, *, ax=None):
    """The design against the diesel-only base case, as a percentage of the base case.

    Bars show capital, net present cost, LCOE, fuel, CO2 and genset running
    hours of the design relative to diesel only (100 %), labelled with both
    absolute values.

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
    cur = result.costs.currency
    rows = [
        ("Capital", result.costs.capital / 1e6, base.costs.capital / 1e6, f"M{cur}", "{:,.1f}"),
        ("Net present cost", result.costs.npc / 1e6, base.costs.npc / 1e6, f"M{cur}",
         "{:,.1f}"),
        ("LCOE", result.costs.lcoe, base.costs.lcoe, f"{cur}/kWh", "{:.3f}"),
        ("Fuel", result.stats.fuel_l / 1e3, base.stats.fuel_l / 1e3, "kL/yr", "{:,.0f}"),
        ("CO2", result.stats.co2_t / 1e3, base.stats.co2_t / 1e3, "kt/yr", "{:,.1f}"),
        ("Genset running", result.stats.unit_running_hours / 1e3,
         base.stats.unit_running_hours / 1e3, "k unit-h/yr", "{:,.1f}"),
    ]
    ax = _axes(ax, (8.0, 3.8))
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
    ax.set_xlabel("Design as % of diesel only (dashed line = 100 %)")
    ax.set_title("Design against the diesel-only base case")
    ax.grid(axis="x", alpha=0.3)
    return ax
