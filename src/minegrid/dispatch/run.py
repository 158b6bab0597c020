"""Validated entry points to the compiled dispatch kernel: one design, or many in parallel.

:func:`run` simulates one system (statistics, and trajectories on request),
:func:`run_params` one kernel row, :func:`run_batch` many rows at once, in
parallel over blocks of designs on a few threads (:func:`set_threads`). The
rules are in ``docs/theory/dispatch.md``.
"""

from __future__ import annotations

import numbers
import os

import numpy as np

from ..components import BATTERY_DISPATCH, System
from ..errors import InputError, check
from ..profiles import Profiles
from . import _kernel as K
from ._blocks import N_KINDS, runner
from ._lower import design_params, is_cycle_charging, is_economic, is_predictive
from .stats import STAT_NAMES

__all__ = ["TRAJ_NAMES", "SEARCH_STAT_NAMES", "CHECK_STAT_NAMES", "CHECK_TRAJ_NAMES", "run",
           "run_params", "run_batch", "set_threads", "get_threads", "read_only"]

#: Names of the trajectory columns (kW unless stated).
TRAJ_NAMES = (
    "load_kw", "pv_kw", "wind_kw", "genset_kw", "units_online", "battery_kw", "soc",
    "unserved_kw", "curtailed_kw", "dumped_kw", "reserve_kw", "capacity_shortage_kw",
    "fuel_l_per_h", "curtailed_pv_kw", "inverter_kw", "rectifier_kw", "n1_shortfall_kw",
    "step_capability_kw", "start_capability_kva",
)
assert len(TRAJ_NAMES) == K.N_TRAJ


def read_only(a: np.ndarray) -> np.ndarray:
    """A read-only view of a float64 array: numba compiles one version of a kernel for
    read-only arrays and another for writable ones, so every profile reaches the kernels
    read-only (pandas hands out read-only arrays, numpy writable ones)."""
    view = a.view()
    view.flags.writeable = False
    return view


def _kernel_profiles(profiles: Profiles) -> tuple:
    """The profile arguments every kernel takes, in kernel order."""
    return (read_only(profiles.load_kw), read_only(profiles.pv_kw_per_kw),
            read_only(profiles.wind_kw_per_turbine), read_only(profiles.inverse_availability),
            read_only(profiles.genset_availability),
            read_only(profiles.genset_fuel_multiplier), profiles.dt_h, profiles.peak_kw)


def run(system: System, profiles: Profiles, *, trajectories: bool = False):
    """Simulate one system.

    Returns
    -------
    stats : dict[str, float]
        Totals over the simulated period, keyed by :data:`STAT_NAMES`.
    traj : numpy.ndarray or None
        (n_steps, len(TRAJ_NAMES)) array when ``trajectories`` is true.
    """
    return run_params(design_params(system), profiles, trajectories=trajectories)


def run_params(row: np.ndarray, profiles: Profiles, *, trajectories: bool = False):
    """Simulate one kernel row (:func:`design_params`); returns as :func:`run` does."""
    row = np.asarray(row, dtype=np.float64)[None, :]
    out = np.zeros((1, K.N_STATS))
    traj = np.zeros((profiles.n_steps if trajectories else 0, K.N_TRAJ))
    if is_predictive(row)[0]:
        from .predictive import run_rows

        run_rows(row, np.array([0]), profiles, out, traj if trajectories else None)
        stats = dict(zip(STAT_NAMES, out[0].tolist(), strict=True))
        return stats, (traj if trajectories else None)
    one = np.zeros(1, dtype=np.int64)
    runner(kinds(row)[0], True)(*_kernel_profiles(profiles), row, one,
                                 np.array([0, 1], dtype=np.int64), 0, 1, out, traj)
    stats = dict(zip(STAT_NAMES, out[0].tolist(), strict=True))
    return stats, (traj if trajectories else None)


#: Statistics and trajectory columns of the N-1 and motor-start checks
#: (``docs/theory/reliability.md``), computed by every kernel.
CHECK_STAT_NAMES = tuple(STAT_NAMES[k] for k in K.CHECK_STATS)
CHECK_TRAJ_NAMES = tuple(TRAJ_NAMES[k] for k in K.CHECK_TRAJ)

#: Statistics a search reads (``run_batch(..., statistics="search")``); the others are NaN.
SEARCH_STAT_NAMES = tuple(STAT_NAMES[k] for k in K.SEARCH_STATS)


def run_batch(params: np.ndarray, profiles: Profiles, *, statistics: str = "full",
              checks=True) -> np.ndarray:
    """Statistics of many designs: ``params`` (m, N_PARAMS) -> (m, N_STATS) totals.

    Runs in parallel over blocks of designs on a few threads (see
    :func:`set_threads`); the compiled kernel releases the GIL, and the result
    does not depend on the number of threads.

    ``statistics="search"`` computes only :data:`SEARCH_STAT_NAMES`, what pricing
    and a sizing search read (served and unserved energy, genset energy,
    unit-hours, starts, fuel, battery charge and discharge, capacity shortage),
    about 1.5x faster; the other columns are NaN. The fuel is then rebuilt from the
    unit-hours and the genset energy, equal to the full path's to rounding
    (1e-12). Where the fuel multiplier varies over time, and for predictive
    dispatch, every statistic is computed.

    ``checks`` says which of the N-1 and motor-start checks a search computes: True (both),
    False (neither) or a tuple of ``"n1"`` and ``"start"``; with ``statistics="search"``
    the others are left out of the compiled loop and their statistics
    (:data:`CHECK_STAT_NAMES`) are NaN, for a search whose requirements do not read them.
    The search counts the N-1 hours (``n1_h``, what ``max_n1_hours`` reads); the
    shortfall's ``n1_kwh`` and ``n1_max_kw`` are the full path's.
    Rows with the N-1 commitment rule keep the N-1 check, since the rule commits by it. On
    every path, blocks of designs without a drive to start
    (``Dispatch.motor_starts`` empty) run without the motor-start test, whose count is
    then exactly 0.
    """
    check(statistics in ("full", "search"), "statistics", statistics,
          "is not one of ('full', 'search')", "pass 'full' (every statistic) or 'search'")
    params = np.ascontiguousarray(params, dtype=np.float64)
    if params.ndim != 2 or params.shape[1] != K.N_PARAMS:
        raise InputError(f"params has shape {params.shape}; it must be (m, {K.N_PARAMS}). "
                         "Fix: build rows with minegrid.dispatch.design_params.")
    m = params.shape[0]
    out = np.zeros((m, K.N_STATS))
    if m == 0:
        return out
    predictive = is_predictive(params)
    if predictive.any():  # the predictive kernel, then the rules on the other rows
        from .predictive import run_rows

        run_rows(params, np.flatnonzero(predictive), profiles, out,
                 threads=get_threads())
        if predictive.all():
            return out
        rest = np.flatnonzero(~predictive)
        out[rest] = run_batch(params[rest], profiles, statistics=statistics, checks=checks)
        return out
    fm = profiles.genset_fuel_multiplier
    search = statistics == "search" and bool(np.all(fm == fm[0]))
    # blocks of at most K.BLOCK designs, each of one kind, run by that kind's runner
    kind = kinds(params)
    want = {"n1", "start"} if checks is True else set() if checks is False else set(checks)
    check(want <= {"n1", "start"}, "checks", checks, "is not True, False or a tuple of "
          "'n1' and 'start'", "pass checks=('n1',) for the N-1 check alone")
    no_start = params[:, K.P_START_KW] <= 0.0  # no drive: nothing to refuse, exactly 0
    unchecked = {}
    if search and "n1" not in want:  # compiled out where no rule commits by it
        unchecked[K.CHECK_STATS[:3]] = params[:, K.P_N1] <= 0.0
        kind = kind + 16 * unchecked[K.CHECK_STATS[:3]]
    if search and "start" not in want:
        unchecked[K.CHECK_STATS[3:]] = ~no_start
        no_start = np.ones(m, dtype=bool)
    kind = kind + 32 * no_start + 64 * (params[:, K.P_N1] <= 0.0)  # no rule: exactly none
    order = np.argsort(kind, kind="stable").astype(np.int64)
    ends = np.cumsum(np.bincount(kind, minlength=N_KINDS))
    starts, ranges = [], []
    for k, (lo, hi) in enumerate(zip([0, *ends[:-1]], ends, strict=True)):
        if hi > lo:
            first = len(starts)
            starts.extend(range(lo, hi, K.BLOCK))
            ranges.append((k, first, len(starts)))
    starts = np.asarray([*starts, m], dtype=np.int64)
    args = (*_kernel_profiles(profiles), params, order, starts)
    none = np.empty((0, K.N_TRAJ))
    threads = min(get_threads(), starts.size - 1)
    if threads <= 1:
        for k, b0, b1 in ranges:
            runner(k, not search)(*args, b0, b1, out, none)
        return _unchecked(out, unchecked)
    # the kernel releases the GIL: threads run disjoint, contiguous ranges of blocks
    futures = []
    for k, b0, b1 in ranges:
        edges = np.linspace(b0, b1, min(threads, b1 - b0) + 1).round().astype(int)
        futures += [thread_pool().submit(runner(k, not search), *args, int(lo), int(hi), out, none)
                    for lo, hi in zip(edges[:-1], edges[1:], strict=True) if hi > lo]
    for future in futures:
        future.result()
    return _unchecked(out, unchecked)


def _unchecked(out: np.ndarray, unchecked: dict) -> np.ndarray:
    """``out`` with the statistics left out set to NaN: ``{columns: row mask}``."""
    for cols, rows in unchecked.items():
        if rows.any():
            out[np.ix_(rows, list(cols))] = np.nan
    return out


def kinds(params: np.ndarray) -> np.ndarray:
    """Kind of each row, which selects its runner: cycle charging + 2 economic dispatch
    + 4 one AC bus (no converter: unlimited, lossless) + 8 battery first (load following
    without economic dispatch)."""
    one_bus = ((params[:, K.P_INV_KW] == np.inf) & (params[:, K.P_REC_KW] == np.inf)
               & (params[:, K.P_INV_ETA] == 1.0) & (params[:, K.P_REC_ETA] == 1.0))
    cc = is_cycle_charging(params)
    battery_first = (params[:, K.P_BDISPATCH] == BATTERY_DISPATCH.index("battery_first")) & ~cc
    return cc.astype(np.int64) + 2 * is_economic(params) + 4 * one_bus + 8 * battery_first


_THREADS: int | None = None
_POOL = None  # (ThreadPoolExecutor, its number of workers)


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def get_threads() -> int:
    """Threads used by :func:`run_batch` (default: the cores this process may use)."""
    return _THREADS if _THREADS is not None else max(1, _cores() or 1)


def set_threads(n: int | None) -> int:
    """Set the threads used by batch runs (``None``: all cores); returns the previous number."""
    global _THREADS
    previous = get_threads()
    if n is not None:
        check(isinstance(n, numbers.Integral) and not isinstance(n, bool) and n >= 1,
              "threads", n, "must be a whole number >= 1", "pass e.g. 2, or None for all cores")
    _THREADS = None if n is None else int(n)
    return previous


def thread_pool():
    """A process-wide thread pool, created on first use and grown when needed."""
    global _POOL
    from concurrent.futures import ThreadPoolExecutor

    want = max(get_threads(), 2)
    if _POOL is None or _POOL[1] < want:
        _POOL = (ThreadPoolExecutor(max_workers=want, thread_name_prefix="minegrid"), want)
    return _POOL[0]
