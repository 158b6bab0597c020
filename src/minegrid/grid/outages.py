"""Grid outages: a schedule of events, or seeded random failures and repairs.

Both forms give a boolean ``grid_available`` mask on the model index; during an outage
the site runs as an island on its own gensets, battery and renewables. A step is
unavailable when an outage covers any part of it (conservative: the island must carry the
whole step, since the dispatch cannot represent a part of one).

Random outages are an alternating renewal process (a two-state Markov model of the line):
times to failure are exponential with mean :math:`8760/\\lambda` h (``failures_per_year``
counts failures per year of service), repair times exponential with mean ``mean_repair_h``;
the first state is drawn from the stationary distribution, so the expected availability is
:math:`A = 1 / (1 + \\lambda\\,\\mathrm{MTTR}/8760)` at every instant of the horizon.
``docs/theory/grid.md`` gives the model.

>>> idx = pd.date_range("2025-01-01", periods=6, freq="h")
>>> grid_available(idx, [("2025-01-01 02:30", 1.0)]).tolist()
[True, True, False, False, True, True]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import InputError, check, number, whole
from ._steps import step_hours

__all__ = ["grid_available", "random_outage_events", "random_outages", "outage_summary",
           "OutageSummary", "expected_availability", "HOURS_PER_YEAR"]

#: Hours in a year of the failure rate. [h]
HOURS_PER_YEAR = 8760.0


# --------------------------------------------------------------------------- functions


def _events_frame(events, index: pd.DatetimeIndex) -> pd.DataFrame:
    """Events as a frame (start on the index's clock, duration_h), checked, sorted."""
    if isinstance(events, pd.DataFrame):
        missing = [c for c in ("start", "duration_h") if c not in events.columns]
        check(not missing, "events", list(events.columns), f"lack the columns {missing}",
              "give a frame with columns 'start' (timestamp) and 'duration_h' (hours)")
        pairs = list(zip(events["start"], events["duration_h"], strict=True))
    else:
        try:
            pairs = [tuple(e) for e in events]
        except TypeError:
            raise InputError(f"events = {events!r} is not a list of (start, duration_h) "
                             "pairs. Fix: give e.g. [('2025-03-01 14:00', 6.0)].") from None
    starts, hours = [], []
    for k, pair in enumerate(pairs):
        check(len(pair) == 2, f"events[{k}]", pair, "must be a (start, duration_h) pair",
              "give e.g. ('2025-03-01 14:00', 6.0)")
        try:
            t = pd.Timestamp(pair[0])
        except (TypeError, ValueError):
            raise InputError(f"events[{k}].start = {pair[0]!r} is not a timestamp. Fix: give "
                             "e.g. '2025-03-01 14:00'.") from None
        check(t is not pd.NaT, f"events[{k}].start", pair[0], "is not a timestamp",
              "give e.g. '2025-03-01 14:00'")
        check((t.tz is None) == (index.tz is None), f"events[{k}].start", str(t),
              f"must match the index in time zone awareness (index tz={index.tz})",
              "give naive starts for a naive index, tz-aware ones for a tz-aware index")
        starts.append(t.tz_convert(index.tz) if t.tz is not None else t)
        hours.append(number(pair[1], f"events[{k}].duration_h", minimum=0.0, strict=True,
                            fix="an outage lasts > 0 h; drop events of no duration"))
    frame = pd.DataFrame({"start": pd.DatetimeIndex(starts, tz=index.tz) if starts else
                          pd.DatetimeIndex([], tz=index.tz), "duration_h": hours})
    return frame.sort_values("start", kind="stable").reset_index(drop=True)


def grid_available(index: pd.DatetimeIndex, events) -> pd.Series:
    """The grid-available mask of a schedule of outages.

    Parameters
    ----------
    index : pandas.DatetimeIndex
        Model steps (regular, labelled by their start).
    events : sequence of (start, duration_h) or pandas.DataFrame
        Outages: start timestamp (same time-zone awareness as ``index``) and duration [h];
        a frame with columns ``start`` and ``duration_h`` (as from
        :func:`random_outage_events`) is accepted.

    Returns
    -------
    pandas.Series
        ``grid_available`` (bool) on ``index``: False in every step an outage touches.

    Raises
    ------
    InputError
        A duration <= 0, an outage longer than the horizon, one starting before the
        horizon or ending after it, or two overlapping outages.
    """
    dt_h = step_hours(index)
    frame = _events_frame(events, index)
    t0 = index[0]
    horizon_h = len(index) * dt_h
    end = t0 + pd.Timedelta(hours=horizon_h)
    start_h = ((pd.DatetimeIndex(frame["start"]) - t0) / pd.Timedelta(hours=1)).to_numpy(
        dtype=np.float64) if len(frame) else np.zeros(0)
    dur = frame["duration_h"].to_numpy(dtype=np.float64)
    for k in range(len(frame)):
        s, d = frame["start"].iloc[k], dur[k]
        check(d <= horizon_h + 1e-9, "events.duration_h", d,
              f"(outage at {s}) is longer than the horizon ({horizon_h:g} h)",
              "give the outage's real duration, or simulate a longer horizon")
        check(start_h[k] >= -1e-9 and start_h[k] < horizon_h, "events.start", str(s),
              f"is outside the horizon {t0} .. {end}",
              "drop the event or give a start inside the simulated horizon")
        check(start_h[k] + d <= horizon_h + 1e-9, "events", f"({s}, {d:g} h)",
              f"ends after the horizon ({end})",
              "shorten it to end at the horizon, or simulate a longer horizon")
    if len(frame) > 1:
        gap = start_h[1:] - (start_h[:-1] + dur[:-1])
        if (gap < -1e-9).any():
            k = int(np.flatnonzero(gap < -1e-9)[0])
            raise InputError(
                f"events ({frame['start'].iloc[k]}, {dur[k]:g} h) and "
                f"({frame['start'].iloc[k + 1]}, {dur[k + 1]:g} h) overlap. Fix: merge them "
                "into one outage, or correct the start or duration.")
    return _mask(index, dt_h, start_h, dur)


def _mask(index: pd.DatetimeIndex, dt_h: float, start_h: np.ndarray, dur_h: np.ndarray
          ) -> pd.Series:
    """False in each step [i dt, (i+1) dt) that an interval [s, s + d) overlaps."""
    n = len(index)
    first = np.floor(start_h / dt_h + 1e-9).astype(np.int64)
    last = np.ceil((start_h + dur_h) / dt_h - 1e-9).astype(np.int64)  # exclusive
    change = np.zeros(n + 1, dtype=np.int64)
    np.add.at(change, np.clip(first, 0, n), 1)
    np.add.at(change, np.clip(last, 0, n), -1)
    down = np.cumsum(change[:-1]) > 0
    return pd.Series(~down, index=index, name="grid_available", dtype=bool)


def expected_availability(failures_per_year: float, mean_repair_h: float) -> float:
    """Stationary availability of the two-state model, :math:`1/(1 + \\lambda\\,MTTR/8760)`.

    >>> round(expected_availability(4.0, 8.0), 6)
    0.99636
    """
    lam = number(failures_per_year, "failures_per_year", minimum=0.0)
    mttr = number(mean_repair_h, "mean_repair_h", minimum=0.0, strict=True)
    return 1.0 / (1.0 + lam * mttr / HOURS_PER_YEAR)


def random_outage_events(index: pd.DatetimeIndex, failures_per_year: float,
                         mean_repair_h: float, seed: int) -> pd.DataFrame:
    """Seeded random outages over the horizon of ``index``.

    Parameters
    ----------
    index : pandas.DatetimeIndex
        Model steps; the horizon runs from its first step to the end of its last.
    failures_per_year : float
        Failure rate of the line, per year of service, >= 0. [1/year]
    mean_repair_h : float
        Mean time to repair (MTTR), > 0. [h]
    seed : int
        Seed of ``numpy.random.default_rng``: the same seed gives the same outages.

    Returns
    -------
    pandas.DataFrame
        Columns ``start`` (timestamp) and ``duration_h`` [h], one row per outage, sorted;
        an outage in progress at the start of the horizon starts there, one in progress at
        its end is cut at the end (the horizon is a window on a longer process).
    """
    dt_h = step_hours(index)
    lam = number(failures_per_year, "failures_per_year", minimum=0.0,
                 fix="failures per year of the line, >= 0 (e.g. 2-10 for a rural 33 kV line)")
    mttr = number(mean_repair_h, "mean_repair_h", minimum=0.0, strict=True,
                  fix="mean repair time in hours, > 0")
    seed = whole(seed, "seed", minimum=0, fix="an int >= 0, e.g. seed=1")
    horizon_h = len(index) * dt_h
    empty = pd.DataFrame({"start": pd.DatetimeIndex([], tz=index.tz), "duration_h": []})
    if lam == 0.0:
        return empty
    mttf = HOURS_PER_YEAR / lam
    rng = np.random.default_rng(seed)
    down_first = rng.random() < mttr / (mttf + mttr)  # stationary first state
    n = int(horizon_h / (mttf + mttr) * 1.5) + 16
    t, starts, durs = 0.0, [], []
    if down_first:
        first = rng.exponential(mttr)  # memoryless: the rest of the repair in progress
        starts.append(0.0)
        durs.append(first)
        t = first
    while t < horizon_h:
        up = rng.exponential(mttf, size=n)
        rep = rng.exponential(mttr, size=n)
        begin = t + np.cumsum(up) + np.r_[0.0, np.cumsum(rep)[:-1]]
        keep = begin < horizon_h
        starts.extend(begin[keep])
        durs.extend(rep[keep])
        t = begin[-1] + rep[-1]
    s = np.asarray(starts, dtype=np.float64)
    d = np.minimum(np.asarray(durs, dtype=np.float64), horizon_h - s)
    if s.size == 0:
        return empty
    return pd.DataFrame({"start": index[0] + pd.to_timedelta(s, unit="h"), "duration_h": d})


def random_outages(index: pd.DatetimeIndex, failures_per_year: float, mean_repair_h: float,
                   seed: int) -> pd.Series:
    """The grid-available mask of seeded random outages (see :func:`random_outage_events`).

    Returns
    -------
    pandas.Series
        ``grid_available`` (bool) on ``index``.
    """
    events = random_outage_events(index, failures_per_year, mean_repair_h, seed)
    dt_h = step_hours(index)
    start_h = ((pd.DatetimeIndex(events["start"]) - index[0]) / pd.Timedelta(hours=1)
               ).to_numpy(dtype=np.float64)
    return _mask(index, dt_h, start_h, events["duration_h"].to_numpy(dtype=np.float64))


def outage_summary(available: pd.Series) -> OutageSummary:
    """Outages of a grid-available mask: count, hours, longest, availability.

    Adjacent unavailable steps form one outage (two events with no available step between
    them count once).

    Parameters
    ----------
    available : pandas.Series of bool
        ``grid_available`` on the model index.
    """
    check(isinstance(available, pd.Series) and available.dtype == bool, "available",
          type(available).__name__, "must be a boolean Series on the model index",
          "pass the result of grid_available or random_outages")
    dt_h = step_hours(available.index, "available.index")
    down = ~available.to_numpy()
    edges = np.diff(np.r_[0, down.astype(np.int8), 0])
    begin = np.flatnonzero(edges == 1)
    length = np.flatnonzero(edges == -1) - begin
    return OutageSummary(n_outages=int(begin.size), outage_hours=float(down.sum() * dt_h),
                         longest_h=float(length.max() * dt_h) if length.size else 0.0,
                         horizon_h=float(len(down) * dt_h))


# --------------------------------------------------------------------------- classes


@dataclass(frozen=True, slots=True, kw_only=True)
class OutageSummary:
    """Outages seen on the model steps.

    Attributes
    ----------
    n_outages : int
        Number of outages (runs of unavailable steps).
    outage_hours : float
        Hours the site runs as an island. [h]
    longest_h : float
        Longest outage. [h]
    horizon_h : float
        Length of the horizon. [h]
    """

    n_outages: int
    outage_hours: float
    longest_h: float
    horizon_h: float

    @property
    def availability(self) -> float:
        """Share of the horizon with the grid available, in [0, 1]. [-]"""
        return 1.0 - self.outage_hours / self.horizon_h

    def to_dict(self) -> dict:
        return {"n_outages": self.n_outages, "outage_hours": self.outage_hours,
                "longest_h": self.longest_h, "horizon_h": self.horizon_h,
                "availability": self.availability}

    def __repr__(self) -> str:
        return (f"OutageSummary({self.n_outages} outages, {self.outage_hours:g} h island, "
                f"longest {self.longest_h:g} h, availability {self.availability:.4%})")
