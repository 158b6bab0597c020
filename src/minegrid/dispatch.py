"""Validated entry points to the compiled dispatch kernels.

:class:`Profiles` holds the hourly (or sub-hourly) series every design shares:
load, PV per kW DC, wind per turbine and the genset available-capacity
factor, checked once and stored as contiguous float64 arrays.
:func:`run` simulates one system; :func:`run_batch` many designs at once, in
parallel over designs. The rules are in ``docs/theory/dispatch.md``.
"""

from __future__ import annotations

import numbers
import os

import numpy as np

from . import _kernels as K
from .components import System
from .errors import InputError, check
from .profiles import Profiles, as_profiles

__all__ = ["Profiles", "as_profiles", "run", "run_batch", "design_params", "STAT_NAMES",
           "TRAJ_NAMES",
           "set_threads", "get_threads"]

#: Names of the kernel statistics, in kernel order (totals over the period).
STAT_NAMES = (
    "load_kwh", "served_kwh", "unserved_kwh", "unserved_max_kw", "unserved_h",
    "unserved_longest_h", "pv_kwh", "wind_kwh", "curtailed_kwh", "dumped_kwh", "gen_kwh",
    "gen_max_kw", "unit_h", "fleet_h", "starts", "fuel_l", "ch_kwh", "dis_kwh", "ch_gen_kwh",
    "e_end_kwh", "cap_short_kwh", "cap_short_max_kw", "max_units", "cap_short_h",
    "curtailed_max_kw",
)
#: Names of the trajectory columns (kW unless stated).
TRAJ_NAMES = (
    "load_kw", "pv_kw", "wind_kw", "genset_kw", "units_online", "battery_kw", "soc",
    "unserved_kw", "curtailed_kw", "dumped_kw", "reserve_kw", "capacity_shortage_kw",
    "fuel_l_per_h",
)
assert len(STAT_NAMES) == K.N_STATS and len(TRAJ_NAMES) == K.N_TRAJ


def _kernel_profiles(profiles: Profiles) -> tuple:
    """The profile arguments every kernel takes, in kernel order."""
    return (profiles.load_kw, profiles.pv_kw_per_kw, profiles.wind_kw_per_turbine,
            profiles.inverse_availability, profiles.genset_availability, profiles.dt_h)


def design_params(system: System) -> np.ndarray:
    """Kernel parameter vector (float64[N_PARAMS]) of a :class:`~minegrid.System`."""
    p = np.zeros(K.N_PARAMS)
    pv, wind = system.pv_or_zero, system.wind_or_zero
    bat, gen, dis = system.battery_or_zero, system.genset_or_zero, system.dispatch
    p[K.P_PV_KW] = pv.rated_kw
    p[K.P_WIND_N] = wind.n_turbines
    p[K.P_E_KWH] = bat.energy_kwh
    p[K.P_PCH_KW] = bat.charge_power_kw
    p[K.P_PDIS_KW] = bat.discharge_power_kw
    p[K.P_ETA_C] = bat.charge_efficiency
    p[K.P_ETA_D] = bat.discharge_efficiency
    p[K.P_SOC_MIN] = bat.soc_min
    p[K.P_SOC_MAX] = bat.soc_max
    p[K.P_SOC_INI] = bat.soc_initial
    p[K.P_UNIT_KW] = gen.unit_rated_kw
    p[K.P_N_UNITS] = gen.n_units
    p[K.P_MIN_LOAD] = gen.min_load_ratio
    p[K.P_F0] = gen.fuel_intercept_l_per_kwh
    p[K.P_F1] = gen.fuel_slope_l_per_kwh
    p[K.P_STRATEGY] = dis.strategy_code
    p[K.P_CC_SP] = dis.cycle_charging_setpoint
    p[K.P_R_LOAD] = dis.reserve_load_fraction
    p[K.P_R_PV] = dis.reserve_pv_fraction
    p[K.P_R_WIND] = dis.reserve_wind_fraction
    p[K.P_R_FIXED] = dis.reserve_fixed_kw
    p[K.P_CC_HOLD] = float(dis.cycle_charging_hold)
    return p


def run(system: System, profiles: Profiles, *, trajectories: bool = False):
    """Simulate one system.

    Returns
    -------
    stats : dict[str, float]
        Totals over the simulated period, keyed by :data:`STAT_NAMES`.
    traj : numpy.ndarray or None
        (n_steps, len(TRAJ_NAMES)) array when ``trajectories`` is true.
    """
    out = np.zeros((K.N_STATS, K.BLOCK))
    traj = np.zeros((profiles.n_steps, K.N_TRAJ)) if trajectories else None
    params = np.repeat(design_params(system)[:, None], K.BLOCK, axis=1)
    cycle_charging = system.dispatch.strategy == "cycle_charging"
    if trajectories:
        K.run_block_recorded(*_kernel_profiles(profiles), params, cycle_charging, out, traj)
    else:
        K.run_block(*_kernel_profiles(profiles), params, cycle_charging, out)
    stats = dict(zip(STAT_NAMES, out[:, 0].tolist(), strict=True))
    return stats, (traj if trajectories else None)


def run_batch(params: np.ndarray, profiles: Profiles) -> np.ndarray:
    """Statistics of many designs: ``params`` (m, N_PARAMS) -> (m, N_STATS) totals.

    Runs in parallel over blocks of designs on a few threads (see
    :func:`set_threads`); the compiled kernel releases the GIL, and the result
    does not depend on the number of threads.
    """
    params = np.ascontiguousarray(params, dtype=np.float64)
    if params.ndim != 2 or params.shape[1] != K.N_PARAMS:
        raise InputError(f"params has shape {params.shape}; it must be (m, {K.N_PARAMS}). "
                         "Fix: build rows with minegrid.dispatch.design_params.")
    m = params.shape[0]
    out = np.zeros((m, K.N_STATS))
    if m == 0:
        return out
    # blocks of at most K.BLOCK designs, each of one strategy
    strategy = params[:, K.P_STRATEGY] > 0.5
    order = np.argsort(strategy, kind="stable").astype(np.int64)
    n_lf = int((~strategy).sum())
    starts = np.asarray([*range(0, n_lf, K.BLOCK), *range(n_lf, m, K.BLOCK), m], dtype=np.int64)
    n_blocks = starts.size - 1
    args = (*_kernel_profiles(profiles), params, order, starts)
    threads = min(get_threads(), n_blocks)
    if threads <= 1:
        K.run_blocks(*args, 0, n_blocks, out)
        return out
    # the kernel releases the GIL: threads run disjoint, contiguous ranges of blocks
    edges = np.linspace(0, n_blocks, threads + 1).round().astype(int)
    futures = [_pool().submit(K.run_blocks, *args, int(lo), int(hi), out)
               for lo, hi in zip(edges[:-1], edges[1:], strict=True) if hi > lo]
    for future in futures:
        future.result()
    return out


_THREADS: int | None = None
_POOL = None


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
        check(isinstance(n, numbers.Integral) and n >= 1, "threads", n,
              "must be a whole number >= 1",
              "pass e.g. 2, or None for all cores")
    _THREADS = None if n is None else int(n)
    return previous


def _pool():
    """A process-wide thread pool, created on first use and grown when needed."""
    global _POOL
    from concurrent.futures import ThreadPoolExecutor

    want = max(get_threads(), 2)
    if _POOL is None or _POOL._max_workers < want:
        _POOL = ThreadPoolExecutor(max_workers=want, thread_name_prefix="minegrid")
    return _POOL
