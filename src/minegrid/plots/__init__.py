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

The plots live in one module per idea, and share one look:

* :mod:`minegrid.plots.operation`: the dispatch of one design
  (:func:`dispatch_week`, :func:`monthly_energy`, :func:`genset_units`,
  :func:`genset_loading`, :func:`soc_heatmap`);
* :mod:`minegrid.plots.flows`: where each source's power goes, step by step
  (:func:`dispatch_flows`: to the load, to the battery, curtailed or dumped),
  what :func:`dispatch_week` draws;
* :mod:`minegrid.plots.costs`: its economics (:func:`cost_breakdown`,
  :func:`cash_flows`, :func:`cash_flow`, :func:`base_case_comparison`);
* :mod:`minegrid.plots.pareto`: the Pareto front of a sizing
  (:func:`pareto_front`);
* :mod:`minegrid.plots.sensitivity`: the tornado and spider charts of a
  one-at-a-time sweep (:func:`tornado`, :func:`spider`) and the map of which
  architecture wins where over two parameters (:func:`architecture_map`);
* :mod:`minegrid.plots.logistics`: the diesel tank of a design simulated with its
  fuel supply (:func:`fuel_tank`);
* :mod:`minegrid.plots.haul`: the charging of an electrified haul fleet over a typical
  day, smart against unmanaged (:func:`haul_charging`);
* :mod:`minegrid.plots.reliability`: the step load the online sources accept over the
  year against the drives' starts (:func:`start_capability`);
* :mod:`minegrid.plots.soiling`: the soiling loss of the PV modules over the year, with
  cleanings and rain washes (:func:`soiling_year`);
* :mod:`minegrid.plots.style`: the colours (:data:`COLORS`), labels and the
  Axes helper (:func:`get_axes`) they all use.
"""

from __future__ import annotations

from .costs import base_case_comparison, cash_flow, cash_flows, cost_breakdown
from .flows import dispatch_flows
from .haul import haul_charging
from .logistics import fuel_tank
from .operation import dispatch_week, genset_loading, genset_units, monthly_energy, soc_heatmap
from .pareto import pareto_front
from .reliability import start_capability
from .sensitivity import architecture_map, spider, tornado
from .soiling import soiling_year
from .style import COLORS, get_axes

__all__ = [
    "COLORS",
    "cash_flows",
    "dispatch_week",
    "dispatch_flows",
    "monthly_energy",
    "genset_units",
    "genset_loading",
    "soc_heatmap",
    "fuel_tank",
    "haul_charging",
    "soiling_year",
    "start_capability",
    "cost_breakdown",
    "cash_flow",
    "pareto_front",
    "base_case_comparison",
    "tornado",
    "spider",
    "architecture_map",
    "get_axes",
]
