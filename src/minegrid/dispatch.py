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
from dataclasses import dataclass

import numpy as np

from . import _kernels as K
from .components import System
from .errors import InputError, check

__all__ = ["Profiles", "run", "run_batch", "design_params", "STAT_NAMES", "TRAJ_NAMES",
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


def _series(values, name: str, n: int | None):
    """Validate one profile; return (float64 array, index or None)."""
    index = None
    if hasattr(values, "index") and hasattr(values, "to_numpy"):
        if getattr(values, "ndim", 1) != 1:
            raise InputError(f"{name} has {values.shape[1]} columns; it must be one series. "
                             "Fix: pass a single column, e.g. df['load_kw'].")
        index = values.index
        values = values.to_numpy(dtype=float, na_value=np.nan)
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{name} must be numbers; got {type(values).__name__}. "
                         "Fix: pass a 1-D array or pandas Series of floats.") from exc
    if arr.ndim == 0 and n is not None:
        arr = np.full(n, float(arr))
    check(arr.ndim == 1, name, f"array of shape {arr.shape}", "must be one-dimensional",
          "pass a 1-D array or Series")
    arr = np.ascontiguousarray(arr)
    check(arr.size > 0, name, "an empty series", "must not be empty",
          "pass at least one time step")
    if n is not None:
        check(arr.size == n, name, f"{arr.size} steps", f"must have {n} steps like load_kw",
              "give every profile the same length and time step")
    bad = ~np.isfinite(arr)
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        where = index[first] if index is not None else first
        raise InputError(f"{name} has {int(bad.sum())} NaN or infinite values (first at "
                         f"{where!r}). Fix: fill or repair the gaps before simulating "
                         "(minegrid.read_load can repair loads explicitly).")
    return arr, index


def _dt_from_index(index) -> float | None:
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover
        return None
    if not isinstance(index, pd.DatetimeIndex) or len(index) < 2:
        return None
    deltas = index[1:] - index[:-1]
    unique = pd.unique(deltas)
    if len(unique) != 1:
        raise InputError(f"the profiles' time index is not regular ({len(unique)} different "
                         "step lengths). Fix: resample to a fixed step (minegrid.read_load "
                         "does it conserving energy).")
    return pd.Timedelta(unique[0]).total_seconds() / 3600.0


@dataclass(frozen=True, eq=False)
class Profiles:
    """Time series shared by every design of a study, validated once.

    Parameters
    ----------
    load_kw : array-like or pandas.Series
        Load. [kW]
    pv_kw_per_kw : array-like or Series, optional
        PV output per kW DC installed (AC at the bus). Zeros when omitted. [kW/kW]
    wind_kw_per_turbine : array-like or Series, optional
        Output of one turbine. Zeros when omitted. [kW]
    genset_availability : array-like, Series or float, optional
        Available capacity of a genset as a fraction of rating (altitude and
        temperature derating, from :func:`minegrid.genset_derating`); 1.0
        when omitted. Values in [0, 1]. [-]
    dt_h : float, optional
        Time step. Taken from a regular DatetimeIndex when not given, else 1.0. [h]

    Notes
    -----
    Negative load or generation, NaN or inf, and mismatched lengths raise
    :class:`~minegrid.InputError`; nothing is clipped.
    """

    load_kw: np.ndarray
    pv_kw_per_kw: np.ndarray | None = None
    wind_kw_per_turbine: np.ndarray | None = None
    genset_availability: np.ndarray | float | None = None
    dt_h: float | None = None

    def __post_init__(self):
        load, index = _series(self.load_kw, "load_kw", None)
        n = load.size
        check(bool((load >= 0).all()), "load_kw", f"minimum {load.min():g} kW",
              "must be >= 0", "loads are consumption in kW; remove export or sign errors")
        out = {"load_kw": load}
        for name in ("pv_kw_per_kw", "wind_kw_per_turbine"):
            value = getattr(self, name)
            if value is None:
                arr = np.zeros(n)
            else:
                arr, idx = _series(value, name, n)
                index = index if index is not None else idx
                check(bool((arr >= 0).all()), name, f"minimum {arr.min():g}", "must be >= 0",
                      "generation profiles are output per installed unit, never negative")
            out[name] = arr
        avail = self.genset_availability
        avail_arr = np.ones(n) if avail is None else _series(avail, "genset_availability", n)[0]
        check(bool(((avail_arr >= 0) & (avail_arr <= 1)).all()), "genset_availability",
              f"range [{avail_arr.min():g}, {avail_arr.max():g}]", "must lie in [0, 1]",
              "give the available capacity as a fraction of rating (1.0 = no derating)")
        out["genset_availability"] = avail_arr
        dt = self.dt_h
        if dt is None:
            dt = _dt_from_index(index) if index is not None else None
            dt = 1.0 if dt is None else dt
        else:
            idx_dt = _dt_from_index(index) if index is not None else None
            if idx_dt is not None and abs(idx_dt - float(dt)) > 1e-9:
                raise InputError(f"dt_h = {dt!r} h disagrees with the profiles' index step "
                                 f"{idx_dt:g} h. Fix: omit dt_h or resample the profiles.")
        check(np.isfinite(dt) and 0 < dt <= 24, "dt_h", dt, "must be in (0, 24] hours",
              "use 1.0 for hourly data, 0.25 for 15 minutes")
        out["dt_h"] = float(dt)
        for k, v in out.items():
            object.__setattr__(self, k, v)
        object.__setattr__(self, "index", index)
        with np.errstate(divide="ignore", over="ignore"):
            inv = np.where(avail_arr > 0, 1.0 / np.where(avail_arr > 0, avail_arr, 1.0), 0.0)
        # kept finite so that 0·(1/a) stays 0 in the kernel (a below 1e-300 is 0 in effect)
        inv = np.minimum(inv, 1e300)
        object.__setattr__(self, "_inv_avail", np.ascontiguousarray(inv))

    @property
    def n_steps(self) -> int:
        """Number of time steps."""
        return int(self.load_kw.size)

    @property
    def period_h(self) -> float:
        """Length of the simulated period. [h]"""
        return self.n_steps * self.dt_h

    def kernel_args(self) -> tuple:
        return (self.load_kw, self.pv_kw_per_kw, self.wind_kw_per_turbine, self._inv_avail,
                self.genset_availability, self.dt_h)


def as_profiles(profiles_or_load, pv_kw_per_kw=None, wind_kw_per_turbine=None,
                genset_availability=None, dt_h=None) -> Profiles:
    """Return ``profiles_or_load`` if it is a :class:`Profiles`, else build one."""
    if isinstance(profiles_or_load, Profiles):
        extra = (pv_kw_per_kw, wind_kw_per_turbine, genset_availability, dt_h)
        if any(x is not None for x in extra):
            raise InputError("profiles were given as a Profiles object and again as arrays. "
                             "Fix: pass either a Profiles or the separate series, not both.")
        return profiles_or_load
    return Profiles(load_kw=profiles_or_load, pv_kw_per_kw=pv_kw_per_kw,
                    wind_kw_per_turbine=wind_kw_per_turbine,
                    genset_availability=genset_availability, dt_h=dt_h)


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
        K.run_block_recorded(*profiles.kernel_args(), params, cycle_charging, out, traj)
    else:
        K.run_block(*profiles.kernel_args(), params, cycle_charging, out)
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
    args = (*profiles.kernel_args(), params, order, starts)
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
