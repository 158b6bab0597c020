"""Predictive dispatch: the forecasts its plans see, and its runs (``docs/theory/predictive.md``).

:func:`forecasts` builds what a plan sees of load, PV and wind: the actual
series (perfect foresight), the same step one day earlier (persistence), or
the actual series times seeded noise. :func:`run_rows` simulates rows of
predictive designs with the compiled kernel (:mod:`._predictive`), on a few
threads; :mod:`minegrid.dispatch.run` sends predictive rows here.
"""

from __future__ import annotations

import numpy as np

from ..components import FORECASTS
from ..errors import check
from . import _kernel as K
from . import _predictive as KP

__all__ = ["forecasts", "run_rows", "plan_settings"]


def forecasts(profiles, kind: str, error: float = 0.1, seed: int = 0):
    """``(load, pv, wind)`` as the plans see them. [kW, kW/kW, kW/turbine]

    ``"perfect"``: the actual series. ``"persistence"``: each step the value of
    the same step a day (``24 h / dt``) earlier; the first day sees itself.
    ``"noisy"``: the actual series times ``max(0, 1 + error·z_t)``, with ``z``
    an AR(1) series of unit variance and correlation ``exp(−Δt / 6 h)`` from
    one step to the next, seeded by ``seed`` (one stream per series); PV stays
    zero at night.
    """
    check(kind in FORECASTS, "Dispatch.forecast", kind, f"is not one of {FORECASTS}",
          "pick one of those names")
    series = (profiles.load_kw, profiles.pv_kw_per_kw, profiles.wind_kw_per_turbine)
    if kind == "perfect":
        return series
    n = profiles.n_steps
    if kind == "persistence":
        lag = max(1, int(round(24.0 / profiles.dt_h)))
        out = []
        for s in series:
            f = s.copy()
            if n > lag:
                f[lag:] = s[:-lag]
            out.append(np.ascontiguousarray(f))
        return tuple(out)
    rho = float(np.exp(-profiles.dt_h / 6.0))
    rng = np.random.default_rng(seed)
    out = []
    for s in series:
        eps = rng.standard_normal(n)
        z = np.empty(n)
        acc = 0.0
        for t in range(n):
            acc = rho * acc + np.sqrt(1.0 - rho * rho) * eps[t] if t else eps[0]
            z[t] = acc
        out.append(np.ascontiguousarray(s * np.maximum(0.0, 1.0 + error * z)))
    return tuple(out)


def plan_settings(row: np.ndarray, dt_h: float) -> tuple:
    """``(horizon, replan, levels, forecast, error, seed)`` of a predictive row, in steps."""
    horizon = max(1, int(round(row[K.P_HORIZON] / dt_h)))
    replan = max(1, min(horizon, int(round(row[K.P_REPLAN] / dt_h))))
    return (horizon, replan, int(row[K.P_LEVELS]), FORECASTS[int(row[K.P_FORECAST])],
            float(row[K.P_FC_ERROR]), int(row[K.P_FC_SEED]))


def run_rows(params: np.ndarray, rows: np.ndarray, profiles, out: np.ndarray, traj=None,
             threads: int = 1) -> None:
    """Simulate the predictive ``rows`` (indices into ``params``) into ``out`` (m, N_STATS).

    Rows are grouped by their plan settings (horizon, replan, grid, forecast);
    with ``traj`` (n, N_TRAJ) the single row given is recorded.
    """
    from .run import thread_pool

    settings = [plan_settings(params[i], profiles.dt_h) for i in rows]
    groups: dict[tuple, list[int]] = {}
    for i, s in zip(rows, settings, strict=True):
        groups.setdefault(s, []).append(int(i))
    none = np.zeros((0, K.N_TRAJ))
    for (horizon, replan, levels, kind, error, seed), idx in groups.items():
        fc = forecasts(profiles, kind, error, seed)
        sub = np.ascontiguousarray(params[idx])
        res = np.zeros((len(idx), K.N_STATS))
        voll = np.ascontiguousarray(sub[:, K.P_VOLL])
        worth = np.ascontiguousarray(sub[:, K.P_WORTH])
        args = (profiles.load_kw, profiles.pv_kw_per_kw, profiles.wind_kw_per_turbine,
                profiles.inverse_availability, profiles.genset_availability,
                profiles.genset_fuel_multiplier, *fc, profiles.dt_h, profiles.peak_kw, sub,
                horizon, replan, levels, voll, worth)
        m = len(idx)
        if traj is not None:
            KP.run_predictive(*args, 0, 1, res, traj)
        elif threads <= 1 or m < 2:
            KP.run_predictive(*args, 0, m, res, none)
        else:
            edges = np.linspace(0, m, min(threads, m) + 1).round().astype(int)
            futures = [thread_pool().submit(KP.run_predictive, *args, int(a), int(b), res, none)
                       for a, b in zip(edges[:-1], edges[1:], strict=True) if b > a]
            for future in futures:
                future.result()
        out[idx] = res
