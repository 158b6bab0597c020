"""Dispatch: the compiled kernel that simulates the battery and genset fleet step by step.

Public entry points:

* :func:`run` (one :class:`~minegrid.System`), :func:`run_params` (one kernel
  row) and :func:`run_batch` (many rows, in parallel): totals over the period
  in the order of :data:`STAT_NAMES`, trajectories in :data:`TRAJ_NAMES`;
  ``run_batch(..., statistics="search")`` only :data:`SEARCH_STAT_NAMES`, faster;
* :func:`design_params` and :func:`design_matrix`: components -> kernel rows
  (:mod:`minegrid.dispatch._lower` is the only code that knows the row layout);
  :func:`design_column`, :func:`replace_columns` and :func:`system_from_row`
  read, write and invert rows by name;
* :func:`aggregate` and :class:`Stats`: totals -> yearly statistics;
* :func:`set_threads` / :func:`get_threads`.

:class:`~minegrid.Profiles` (the time series every design shares) is
re-exported here for convenience. The rules are in ``docs/theory/dispatch.md``.
"""

from ..profiles import Profiles, as_profiles
from ._lower import (
    DESIGN_COLUMNS,
    ROW_COLUMNS,
    design_column,
    design_matrix,
    design_params,
    dispatch_costs,
    is_cycle_charging,
    replace_columns,
    system_from_row,
)
from .run import (
    CHECK_STAT_NAMES,
    CHECK_TRAJ_NAMES,
    SEARCH_STAT_NAMES,
    TRAJ_NAMES,
    get_threads,
    run,
    run_batch,
    run_params,
    set_threads,
)
from .stats import STAT_NAMES, Stats, aggregate

__all__ = ["Profiles", "as_profiles", "run", "run_params", "run_batch", "design_params",
           "design_matrix", "design_column", "replace_columns", "system_from_row",
           "is_cycle_charging", "dispatch_costs", "aggregate", "Stats", "STAT_NAMES", "TRAJ_NAMES",
           "SEARCH_STAT_NAMES", "CHECK_STAT_NAMES", "CHECK_TRAJ_NAMES",
           "DESIGN_COLUMNS", "ROW_COLUMNS", "set_threads", "get_threads"]
