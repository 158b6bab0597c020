"""Plots of the operation of one design: the step-by-step dispatch, month by month and per source.

:func:`dispatch_week` (the sources' power to the load stacked up to the load,
battery charging and losses below zero, and the state of charge over a week),
:func:`monthly_energy` (the same split month by month), :func:`genset_units` and
:func:`genset_loading` (how the genset fleet runs) and :func:`soc_heatmap`
(the battery state of charge by hour and day). They all need a result
simulated with ``minegrid.simulate(..., dispatch=True)``.
"""

from __future__ import annotations

import math

import numpy as np

from ..errors import check
from ..profiles import HOURS_PER_YEAR
from .flows import dispatch_flows
from .style import COLORS, GENSET_TYPE_COLORS, get_axes, plain_text

__all__ = ["dispatch_week", "monthly_energy", "genset_units", "genset_loading", "soc_heatmap"]


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


def dispatch_week(result, start=None, *, days: float = 7.0, ax=None, soc: bool = True,
                  soc_ax=None, legend: bool = True):
    """Dispatch over a week: what serves the load, what charges the battery, what is lost.

    Above zero the sources' power **to the load** is stacked (PV, wind,
    battery discharge, gensets, one area per genset type for a plant, then
    unserved load in red), so the top of the stack is the load line every
    step. Below zero, apart, what **charges the battery** (from PV, wind and
    gensets) and what is **lost** (PV and wind curtailed, genset surplus
    dumped). The split is :func:`minegrid.plots.flows.dispatch_flows`
    (``docs/theory/dispatch.md``, section 6); with a converter, PV to the load
    and battery discharge are AC, after the inverter. The battery state of
    charge is in a panel below (or on a right-hand axis).

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
        The power axes; its stacked areas have ``gid`` ``"to-load"`` (above
        zero) and ``"from-load"`` (below zero).
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
    flows = dispatch_flows(result).iloc[i0:i0 + n]
    x = window.index
    if ax is None and soc and soc_ax is None:
        import matplotlib.pyplot as plt

        _, (ax, soc_ax) = plt.subplots(2, 1, figsize=(10.0, 5.0), sharex=True,
                                       height_ratios=(3, 1), layout="constrained")
    ax = get_axes(ax)
    above, below = _week_layers(result, flows)
    for layers, sign, gid in ((above, 1.0, "to-load"), (below, -1.0, "from-load")):
        base = np.zeros(len(flows))
        for label, values, style in layers:
            if not np.any(values > 0):
                continue  # nothing of it this week: neither drawn nor in the legend
            top = base + sign * values
            ax.fill_between(x, base / 1e3, top / 1e3, label=label, linewidth=0, gid=gid,
                            **style)
            base = top
    ax.plot(x, flows["load_kw"].to_numpy() / 1e3, color=COLORS["load"], linewidth=1.2,
            label="Load [MW]")
    ax.axhline(0.0, color="0.3", linewidth=0.6)
    ax.set_ylabel("Power [MW]")
    if any(np.any(v > 0) for _, v, _ in below):
        ax.text(0.005, 0.02, "below zero: battery charging, curtailed and dumped power",
                transform=ax.transAxes, fontsize="x-small", color="0.35", va="bottom")
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
            labs += ["State of charge [%]"]
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


def _week_layers(result, flows):
    """(label, values [kW], fill style) of the layers above zero (to the load, bottom first)
    and below zero (charging, then losses, from zero down)."""
    fleets = _typed_fleets(result, flows)
    above = [("PV to load [MW]", flows["pv_to_load_kw"], {"color": COLORS["pv"]}),
             ("Wind to load [MW]", flows["wind_to_load_kw"], {"color": COLORS["wind"]}),
             ("Battery discharge to load [MW]", flows["battery_to_load_kw"],
              {"color": COLORS["battery"]})]
    if fleets:
        for k, f in enumerate(fleets):
            above.append((f"Gensets {plain_text(f.name)} to load [MW]",
                          flows[f"genset_to_load_kw[{f.name}]"],
                          {"color": GENSET_TYPE_COLORS[k % len(GENSET_TYPE_COLORS)]}))
    else:
        above.append(("Gensets to load [MW]", flows["genset_to_load_kw"],
                      {"color": COLORS["genset"]}))
    above.append(("Unserved load [MW]", flows["unserved_kw"], {"color": COLORS["unserved"]}))
    charging = {"edgecolor": COLORS["battery"], "hatch": "////", "alpha": 0.55}
    below = [("Battery charging from PV [MW]", flows["pv_to_battery_kw"],
              {"facecolor": COLORS["pv"], **charging}),
             ("Battery charging from wind [MW]", flows["wind_to_battery_kw"],
              {"facecolor": COLORS["wind"], **charging}),
             ("Battery charging from gensets [MW]", flows["genset_to_battery_kw"],
              {"facecolor": COLORS["genset"], **charging}),
             ("Curtailed PV and wind [MW]", flows["pv_curtailed_kw"]
              + flows["wind_curtailed_kw"], {"color": COLORS["curtailed"]}),
             ("Dumped genset surplus [MW]", flows["genset_dumped_kw"],
              {"color": COLORS["dumped"]})]
    return ([(a, v.to_numpy(), s) for a, v, s in above],
            [(a, v.to_numpy(), s) for a, v, s in below])


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


#: Monthly-table columns of the energy to the load (bottom of the stack first) and to the
#: battery, with the :func:`~minegrid.plots.flows.dispatch_flows` column of each.
_MONTHLY_FLOWS = (("PV to load", "pv_to_load_kw"), ("Wind to load", "wind_to_load_kw"),
                  ("Battery to load", "battery_to_load_kw"),
                  ("Gensets to load", "genset_to_load_kw"), ("Unserved", "unserved_kw"),
                  ("PV to battery", "pv_to_battery_kw"), ("Wind to battery", "wind_to_battery_kw"),
                  ("Gensets to battery", "genset_to_battery_kw"))
#: The columns of the monthly table that stack up to the load (a plant's genset types
#: replace ``Gensets to load`` by one column each).
MONTHLY_TO_LOAD = ("PV to load", "Wind to load", "Battery to load", "Gensets to load",
                   "Unserved")


def _monthly_table(result):
    """Energy by month of each flow of :func:`~minegrid.plots.flows.dispatch_flows`. [MWh]

    Columns: ``Load``; what stacks up to it (:data:`MONTHLY_TO_LOAD`, plus one
    ``Gensets to load: <type>`` column per type of a plant), which sums to the
    load, ``Unserved`` included; what charges the battery (``PV to battery``,
    ``Wind to battery``, ``Gensets to battery``, at the source) and what is lost
    (``Curtailed``, PV and wind, and ``Dumped``).
    """
    import pandas as pd

    frame = _dispatch(result)
    check(isinstance(frame.index, pd.DatetimeIndex), "result.dispatch.index", "not dates",
          "must be a DatetimeIndex for monthly totals", "simulate with time-indexed profiles")
    flows = dispatch_flows(result)
    cols = {"Load": flows["load_kw"]}
    cols.update({name: flows[col] for name, col in _MONTHLY_FLOWS})
    for f in _typed_fleets(result, flows):
        cols[f"Gensets to load: {f.name}"] = flows[f"genset_to_load_kw[{f.name}]"]
    cols["Curtailed"] = flows["pv_curtailed_kw"] + flows["wind_curtailed_kw"]
    cols["Dumped"] = flows["genset_dumped_kw"]
    table = pd.DataFrame({k: v.to_numpy(dtype=float) for k, v in cols.items()},
                         index=frame.index) * _dt_h(frame) / 1e3
    return table.groupby(frame.index.month).sum()


def _typed_fleets(result, flows):
    """The genset types of a plant when the flows split the gensets by type, else ()."""
    fleets = result.system.fleets
    typed = len(fleets) > 1 and all(f"genset_to_load_kw[{f.name}]" in flows for f in fleets)
    return fleets if typed else ()


def monthly_energy(result, *, ax=None, legend: bool = True):
    """Monthly energy mix: what serves the load, what charges the battery, what is lost.

    The same split as :func:`dispatch_week` (:func:`~minegrid.plots.flows.dispatch_flows`),
    month by month: above zero each source's energy **to the load** is stacked
    (PV, wind, battery discharge, gensets, one bar per genset type for a plant,
    then unserved load), so the top of every bar is the month's load, marked in
    black. Below zero, apart, the energy **charging the battery** (from PV, wind
    and gensets, hatched) and the energy **lost** (PV and wind curtailed, genset
    surplus dumped). Nothing is counted twice: energy stored and later
    discharged is in the battery's bar above zero, the charging below.

    Parameters
    ----------
    result : SimulationResult
        Simulated with ``dispatch=True`` on time-indexed profiles.
    ax : matplotlib.axes.Axes, optional
    legend : bool

    Returns
    -------
    matplotlib.axes.Axes
        Its bars have ``gid`` ``"to-load"`` (above zero) and ``"from-load"``
        (below zero).
    """
    table = _monthly_table(result)
    ax = get_axes(ax)
    months = np.asarray(table.index)
    names = ["J", "F", "M", "A", "M", "J", "J", "A", "S", "O", "N", "D"]
    fleets = [f for f in result.system.fleets if f"Gensets to load: {f.name}" in table]
    above = [("PV to load", "PV", {"color": COLORS["pv"]}),
             ("Wind to load", "Wind", {"color": COLORS["wind"]}),
             ("Battery to load", "Battery discharge", {"color": COLORS["battery"]})]
    if fleets:
        above += [(f"Gensets to load: {f.name}", f"Gensets {plain_text(f.name)}",
                   {"color": GENSET_TYPE_COLORS[k % len(GENSET_TYPE_COLORS)]})
                  for k, f in enumerate(fleets)]
    else:
        above.append(("Gensets to load", "Gensets", {"color": COLORS["genset"]}))
    above.append(("Unserved", "Unserved", {"color": COLORS["unserved"]}))
    charging = {"edgecolor": COLORS["battery"], "hatch": "////", "alpha": 0.55}
    below = [("PV to battery", "Charging from PV", {"facecolor": COLORS["pv"], **charging}),
             ("Wind to battery", "Charging from wind",
              {"facecolor": COLORS["wind"], **charging}),
             ("Gensets to battery", "Charging from gensets",
              {"facecolor": COLORS["genset"], **charging}),
             ("Curtailed", "Curtailed PV and wind", {"color": COLORS["curtailed"]}),
             ("Dumped", "Dumped genset surplus", {"color": COLORS["dumped"]})]
    for layers, sign, gid in ((above, 1.0, "to-load"), (below, -1.0, "from-load")):
        bottom = np.zeros(len(table))
        for col, label, style in layers:
            values = table[col].to_numpy()
            if not np.any(values > 0):
                continue  # none of it in the period: neither drawn nor in the legend
            ax.bar(months, sign * values, bottom=bottom, label=label, width=0.75, gid=gid,
                   linewidth=0, **style)
            bottom = bottom + sign * values
    ax.plot(months, table["Load"].to_numpy(), "k_", markersize=22, markeredgewidth=2,
            label="Load")
    ax.axhline(0.0, color="0.3", linewidth=0.6)
    ax.set_xticks(months, [names[m - 1] for m in months])
    ax.set_ylabel("Energy [MWh]")
    ax.set_title("Monthly energy: to the load (above zero), to the battery and lost (below)")
    ax.grid(axis="y", alpha=0.3)
    if legend:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=5, frameon=False,
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
    installed = sum(f.n_units for f in result.system.fleets)  # every genset type together
    n_units = max(int(installed), int(frame["units_online"].max()))
    counts = np.bincount(frame["units_online"].to_numpy().astype(int), minlength=n_units + 1)
    hours = counts * dt * (HOURS_PER_YEAR / (len(frame) * dt))
    ax = get_axes(ax, (6.0, 4.0))
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
    fleets = result.system.fleets
    dt = _dt_h(frame)
    units = frame["units_online"].to_numpy()
    if len(fleets) > 1 and all(f"units_online[{f.name}]" in frame for f in fleets):
        # a plant: the output over the rated power of the running units of every type
        rated = sum(frame[f"units_online[{f.name}]"].to_numpy() * f.unit_rated_kw
                    for f in fleets)
    else:
        rated = units * result.system.genset_or_zero.unit_rated_kw
    running = units > 0
    loading = frame["genset_kw"].to_numpy()[running] / rated[running]
    loading = np.sort(loading)[::-1]
    hours = np.arange(1, loading.size + 1) * dt * (HOURS_PER_YEAR / (len(frame) * dt))
    ax = get_axes(ax, (6.0, 4.0))
    if loading.size:
        ax.step(hours, 100 * loading, where="post", color=COLORS["genset"], linewidth=1.5,
                label="Loading of running units")
        ax.set_xlim(0, hours[-1])
    mins: dict[float, list[str]] = {}
    for f in fleets or (result.system.genset_or_zero,):
        mins.setdefault(f.min_load_ratio, []).append(f.name)
    for ratio, names in mins.items():
        who = f", {plain_text(' and '.join(names))}" if len(mins) > 1 else ""
        ax.axhline(100 * ratio, color=COLORS["unserved"], linestyle=":", linewidth=1.2,
                   label=f"Minimum load ({100 * ratio:.0f} %{who})")
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
    ax = get_axes(ax, (10.0, 3.5))
    image = ax.imshow(grid, aspect="auto", origin="lower", cmap="viridis", vmin=0, vmax=100,
                      extent=(0.5, n_days + 0.5, 0, 24), interpolation="nearest")
    ax.set_yticks([0, 6, 12, 18, 24])
    ax.set_ylabel("Hour of day [h]")
    ax.set_xlabel("Day of the period [d]")
    ax.set_title("Battery state of charge")
    if colorbar:
        ax.figure.colorbar(image, ax=ax, label="SoC [%]", pad=0.01)
    return ax

