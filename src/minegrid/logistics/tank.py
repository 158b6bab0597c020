"""The road's open hours and the diesel tank's level, step by step.

:func:`road_open` turns :class:`~minegrid.RoadClosures` into one flag per time step;
:func:`run_tank` follows the tank through the period for a given diesel use per
step (compiled with numba; ``tests/test_logistics.py`` checks it against a plainly
written event-by-event reference). The equations are in ``docs/theory/logistics.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit

from .supply import MONTH_DAYS, RoadClosures

__all__ = ["road_open", "run_tank", "TankRun", "step_calendar", "longest_closure_h"]

#: Tolerance on litres when comparing a level with a step's use or the reorder level. [L]
LITRE_TOL = 1e-9


def step_calendar(index, n: int, dt_h: float):
    """(day of a common year 1..365, calendar year, hours since the first step's year
    began) of each step's start.

    A datetime index gives its wall-clock dates (29 February counts as 28 February);
    without one the steps start on 1 January 00:00 of a common year.
    """
    import pandas as pd

    if isinstance(index, pd.DatetimeIndex):
        idx = index.tz_localize(None) if index.tz is not None else index
        doy = idx.dayofyear.to_numpy().astype(np.int64)
        leap = idx.is_leap_year
        doy = np.where(leap & (doy > 59), doy - 1, doy)
        year = idx.year.to_numpy().astype(np.int64)
        start = pd.Timestamp(year=int(year[0]), month=1, day=1)
        hours = ((idx - start) / pd.Timedelta(hours=1)).to_numpy(dtype=float)
        return doy, year, hours
    hours = np.arange(n) * float(dt_h)
    doy = (np.floor(hours / 24.0).astype(np.int64) % 365) + 1
    year = np.floor(hours / 8760.0).astype(np.int64)
    return doy, year, hours


def road_open(closures: RoadClosures | None, index, n: int, dt_h: float) -> np.ndarray:
    """True where the road is open during the step (length ``n``).

    A step is closed when its start falls on a day of a fixed period, or when any
    part of it overlaps a random closure. Random closures: in each month of each
    calendar year the profiles cover, ``Poisson(events_per_month[m])`` closures
    start at uniformly random instants of the month and last an exponential time
    of mean ``mean_duration_days``.
    """
    open_ = np.ones(n, dtype=bool)
    if closures is None:
        return open_
    doy, year, hours = step_calendar(index, n, dt_h)
    for first, last in closures.day_ranges():
        if first <= last:
            open_ &= ~((doy >= first) & (doy <= last))
        else:  # wraps the new year
            open_ &= ~((doy >= first) | (doy <= last))
    if closures.events_per_month is not None:
        rng = np.random.default_rng(closures.seed)
        month_start = np.concatenate([[0], np.cumsum(MONTH_DAYS)]) * 24.0  # [h]
        y0 = int(year[0])
        for y in range(y0, int(year[-1]) + 1):
            base = _year_offset_h(y0, y, index)
            for m in range(12):
                k = rng.poisson(closures.events_per_month[m])
                for _ in range(k):
                    start = base + month_start[m] + rng.random() * MONTH_DAYS[m] * 24.0
                    end = start + rng.exponential(closures.mean_duration_days * 24.0)
                    open_ &= ~((hours < end) & (hours + dt_h > start))
    return open_


def longest_closure_h(open_: np.ndarray, dt_h: float) -> float:
    """Length of the longest run of closed steps. [h]"""
    closed = np.concatenate([[0], (~np.asarray(open_, dtype=bool)).astype(np.int8), [0]])
    edges = np.flatnonzero(np.diff(closed))
    return float((edges[1::2] - edges[::2]).max()) * dt_h if edges.size else 0.0


def _year_offset_h(y0: int, y: int, index) -> float:
    """Hours from 1 January of year ``y0`` to 1 January of ``y`` (common years without a
    datetime index)."""
    import pandas as pd

    if isinstance(index, pd.DatetimeIndex):
        return (pd.Timestamp(year=y, month=1, day=1)
                - pd.Timestamp(year=y0, month=1, day=1)) / pd.Timedelta(hours=1)
    return (y - y0) * 8760.0


@dataclass(frozen=True)
class TankRun:
    """The tank through the period, one value per step.

    ``level_l`` is the level at the end of the step [L]; ``delivered_l`` what arrived
    at its start [L]; ``trucks`` how many truckloads; ``ordered_trucks`` the
    truckloads ordered at its end; ``dry`` the steps the diesel gensets could not run
    (the tank could not cover the step's use, until the next delivery).
    """

    level_l: np.ndarray
    delivered_l: np.ndarray
    trucks: np.ndarray
    ordered_trucks: np.ndarray
    dry: np.ndarray

    def first_new_dry(self, known: np.ndarray) -> int:
        """First dry step not in ``known``, or -1."""
        new = np.flatnonzero(self.dry & ~known)
        return int(new[0]) if new.size else -1

    def episode_end(self, start: int) -> int:
        """The step after ``start`` at which a delivery next arrives (the end of the dry
        spell starting there), or the number of steps when none arrives."""
        later = np.flatnonzero(self.trucks[start + 1:] > 0)
        return start + 1 + int(later[0]) if later.size else self.dry.size


def run_tank(use_l, road_open_, *, capacity_l: float, initial_l: float, truck_l: float,
             lead_h: float, reorder_l: float, dt_h: float, forced_dry=None) -> TankRun:
    """Follow the tank through the period.

    Parameters
    ----------
    use_l : array
        Diesel the gensets burn in each step. [L]
    road_open_ : bool array
        Whether a tanker can arrive in the step.
    capacity_l, initial_l, truck_l, reorder_l : float
        Tank capacity, starting level, one truckload, reorder level. [L]
    lead_h, dt_h : float
        Order-to-arrival lead time and time step. [h]
    forced_dry : bool array, optional
        Steps already known to be dry (the gensets were kept off there): nothing is
        drawn.
    """
    use = np.ascontiguousarray(use_l, dtype=np.float64)
    n = use.size
    forced = (np.zeros(n, dtype=np.bool_) if forced_dry is None
              else np.ascontiguousarray(forced_dry, dtype=np.bool_))
    out = _tank(use, np.ascontiguousarray(road_open_, dtype=np.bool_), forced,
                float(capacity_l), float(initial_l), float(truck_l), float(lead_h),
                float(reorder_l), float(dt_h))
    return TankRun(*out)


@njit(cache=True)
def _tank(use, open_, forced, capacity, initial, truck, lead, reorder, dt):  # pragma: no cover
    n = use.size
    level_out = np.empty(n)
    delivered = np.zeros(n)
    trucks = np.zeros(n, dtype=np.int64)
    ordered = np.zeros(n, dtype=np.int64)
    dry = np.zeros(n, dtype=np.bool_)
    due = np.empty(n)  # pending orders: due time [h] and truckloads
    qty = np.zeros(n, dtype=np.int64)
    n_pending = 0
    level = initial
    empty = False
    for t in range(n):
        now = t * dt
        if open_[t]:
            j = 0
            while j < n_pending:
                if due[j] <= now + 1e-9:
                    level += qty[j] * truck
                    delivered[t] += qty[j] * truck
                    trucks[t] += qty[j]
                    n_pending -= 1
                    due[j] = due[n_pending]
                    qty[j] = qty[n_pending]
                else:
                    j += 1
            if trucks[t] > 0:
                empty = False
        if forced[t]:
            dry[t] = True
            empty = True
        elif empty:
            dry[t] = True
        elif level + 1e-9 >= use[t]:
            level = max(level - use[t], 0.0)
        else:
            dry[t] = True
            empty = True
        on_order = 0.0
        for j in range(n_pending):
            on_order += qty[j] * truck
        if level + on_order <= reorder + 1e-9:
            k = int(np.floor((capacity - level - on_order) / truck + 1e-9))
            if k >= 1:
                due[n_pending] = now + dt + lead
                qty[n_pending] = k
                n_pending += 1
                ordered[t] = k
        level_out[t] = level
    return level_out, delivered, trucks, ordered, dry
