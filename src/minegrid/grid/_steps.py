"""The time axis of a grid bill (private to :mod:`minegrid.grid`).

One set of checks and conversions of a model DatetimeIndex that every grid module shares:
its step, the local calendar fields (month, weekday, hour) a tariff is read on, the billing
months, and the alignment of a scalar, an array or a timestamped Series onto the steps.

Conventions: a step is labelled by its START and lasts ``dt`` (regular, at most 1 h and
dividing the hour, so no step straddles two clock hours); a tz-aware index is regular in
absolute time (a DST change moves the wall clock, not the step).
"""

from __future__ import annotations

import calendar
from dataclasses import asdict, replace

import numpy as np
import pandas as pd

from ..errors import InputError, check

#: Weekday names for messages, Monday = 0 (the pandas/ISO convention).
WEEKDAYS = tuple(calendar.day_name)
#: Tolerance of the limit checks: float noise of a kernel, not a real excess. [kW]
ABS_TOL_KW = 1e-6
REL_TOL = 1e-9


class Record:
    """Mixin of the grid dataclasses: dict conversion and copy-with-changes."""

    __slots__ = ()

    def to_dict(self) -> dict:
        """Fields as a plain dict (units in the keys)."""
        return asdict(self)

    def replace(self, **changes):
        """A copy with some fields changed (validated again)."""
        return replace(self, **changes)


def step_hours(index, field: str = "index") -> float:
    """Check a model time axis and return its step. [h]

    The index must be a DatetimeIndex of at least two steps, sorted, unique and regular, with
    a step that divides the hour, and labels on that step's grid within each hour.
    """
    check(isinstance(index, pd.DatetimeIndex), field, type(index).__name__,
          "must be a pandas DatetimeIndex", "pass series.index, or pd.date_range(...)")
    check(len(index) >= 2, field, f"{len(index)} timestamps", "must hold at least two steps",
          "give the whole simulated horizon (the step is read from the spacing)")
    check(bool(index.is_unique), field, "duplicate timestamps", "must be unique",
          "drop duplicates (a DST fall-back on a naive index repeats an hour: use a fixed "
          "offset such as 'Etc/GMT+4', or a tz-aware index)")
    check(bool(index.is_monotonic_increasing), field, "unsorted timestamps",
          "must be sorted", "sort the index (series.sort_index())")
    seconds = np.diff(index.values) / np.timedelta64(1, "s")
    dt_s = float(seconds[0])
    irregular = np.flatnonzero(np.abs(seconds - dt_s) > 1e-6)
    if irregular.size:
        k = int(irregular[0])
        raise InputError(f"{field} is not regular: step {dt_s / 3600:g} h, but "
                         f"{index[k]} -> {index[k + 1]} is {seconds[k] / 3600:g} h. Fix: give a "
                         "gap-free index with one step (reindex and fill the gap first).")
    check(dt_s <= 3600.0 + 1e-6 and round(3600.0 / dt_s, 9).is_integer(), field,
          f"step of {dt_s / 3600:g} h", "must divide the hour (at most 1 h)",
          "resample to 1 h, 30 min, 15 min ... (minegrid.load.resample_energy)")
    wall = _wall(index)
    into_hour = (wall.minute * 60 + wall.second).to_numpy(dtype=np.float64)
    off = np.flatnonzero(np.abs(into_hour / dt_s - np.round(into_hour / dt_s)) > 1e-6)
    if off.size:
        raise InputError(f"{field} = {index[int(off[0])]} ... is not on the {dt_s / 60:g}-min "
                         "grid of the clock hour, so its steps straddle two hours (and two "
                         "tariff periods). Fix: label each step by its start on the clock "
                         "(e.g. shift mid-interval labels hh:30 by -30 min).")
    return dt_s / 3600.0


def _wall(index: pd.DatetimeIndex, tz: str | None = None) -> pd.DatetimeIndex:
    """The index on the wall clock the tariff is read on (``tz``, else its own)."""
    if tz is not None and index.tz is not None:
        return index.tz_convert(tz)
    return index


def local_fields(index: pd.DatetimeIndex, tz: str | None = None, holidays=(),
                 holiday_weekday: int = 6) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(month 1-12, weekday 0-6 with holidays mapped, hour 0-23) of each step, as int arrays."""
    wall = _wall(index, tz)
    month = wall.month.to_numpy(dtype=np.int64)
    weekday = wall.weekday.to_numpy(dtype=np.int64)
    hour = wall.hour.to_numpy(dtype=np.int64)
    if len(holidays):
        days = wall.normalize()
        if days.tz is not None:
            days = days.tz_localize(None)
        hol = days.isin(pd.DatetimeIndex([pd.Timestamp(d) for d in holidays]))
        weekday = np.where(np.asarray(hol), holiday_weekday, weekday)
    return month, weekday, hour


def billing_months(index: pd.DatetimeIndex, tz: str | None = None
                   ) -> tuple[np.ndarray, np.ndarray, list[pd.Period]]:
    """Billing months of the steps: (code 0..m-1 per step, first step of each month, labels).

    The months are calendar months on the tariff's wall clock; a sorted index makes each one
    a contiguous block of steps.
    """
    wall = _wall(index, tz)
    key = wall.year.to_numpy(dtype=np.int64) * 12 + wall.month.to_numpy(dtype=np.int64) - 1
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    code = np.cumsum(np.r_[False, key[1:] != key[:-1]]).astype(np.int64)
    labels = [pd.Period(year=int(k // 12), month=int(k % 12) + 1, freq="M") for k in key[starts]]
    return code, starts, labels


def _same_clock(a: pd.DatetimeIndex, b: pd.DatetimeIndex, field: str) -> pd.DatetimeIndex:
    """``a`` expressed on ``b``'s clock; naive and aware do not mix."""
    check((a.tz is None) == (b.tz is None), field,
          f"tz={a.tz} against the model index tz={b.tz}", "must match the model index in "
          "time zone awareness", "localise both (tz_localize) or give both naive")
    return a.tz_convert(b.tz) if a.tz is not None else a


def align(values, index: pd.DatetimeIndex, field: str, *, minimum: float | None = None,
          maximum: float | None = None, unit: str = "") -> np.ndarray:
    """A scalar, an array of one value per step, or a timestamped Series, as one value per step.

    A Series is read step-wise: each model step takes the value of the latest Series
    timestamp at or before its start, and the Series must cover the model horizon. Its step
    must be a whole multiple of the model step (an hourly price on 15-min steps is fine; a
    15-min price on hourly steps must be averaged to the hour first).
    """
    n = len(index)
    if isinstance(values, pd.Series):
        check(isinstance(values.index, pd.DatetimeIndex), field,
              type(values.index).__name__, "must be indexed by timestamps",
              "give a Series on a DatetimeIndex, or a plain array of one value per step")
        s = values.sort_index()
        check(bool(s.index.is_unique), field, "duplicate timestamps", "must be unique",
              "drop duplicated timestamps")
        own = step_hours(s.index, f"{field}.index") if len(s) >= 2 else None
        dt = step_hours(index)
        check(own is None or own >= dt - 1e-9 and round(own / dt, 9).is_integer(), field,
              f"a step of {own:g} h", f"must be a whole multiple of the model step ({dt:g} h)",
              "average the series to the model step (Series.resample(...).mean())")
        times = _same_clock(s.index, index, field)
        span = own if own is not None else dt
        first_ok = index[0] >= times[0]
        last_ok = index[-1] < times[-1] + pd.Timedelta(hours=span)
        check(first_ok and last_ok, field, f"{times[0]} .. {times[-1]}",
              f"must cover the model horizon {index[0]} .. {index[-1]}",
              "give values for every model step (same year and time zone as the index)")
        pos = np.searchsorted(times.values, index.values, side="right") - 1
        arr = _finite(s.to_numpy(), field, unit)[pos]
    elif np.ndim(values) == 0:
        arr = np.full(n, _finite(np.asarray([values]), field, unit)[0])
    else:
        arr = _finite(np.asarray(values), field, unit).ravel()
        check(arr.size == n, field, f"{arr.size} values", f"must hold one value per model step "
              f"({n})", "give an array as long as the index, or a timestamped Series")
    if minimum is not None and (arr < minimum).any():
        k = int(np.flatnonzero(arr < minimum)[0])
        raise InputError(f"{field} = {arr[k]:g}{unit} at {index[k]} must be >= {minimum:g}. "
                         f"Fix: give values >= {minimum:g}{unit}.")
    if maximum is not None and (arr > maximum).any():
        k = int(np.flatnonzero(arr > maximum)[0])
        raise InputError(f"{field} = {arr[k]:g}{unit} at {index[k]} must be <= {maximum:g}. "
                         f"Fix: give values <= {maximum:g}{unit}.")
    return arr


def _finite(arr: np.ndarray, field: str, unit: str) -> np.ndarray:
    """A float64 copy of ``arr``; text, NaN and inf are refused."""
    try:
        out = np.asarray(arr, dtype=np.float64)
    except (TypeError, ValueError):
        raise InputError(f"{field} holds values that are not numbers. Fix: give numbers"
                         f"{unit and ' in ' + unit.strip()}, without quotes.") from None
    bad = ~np.isfinite(out)
    if bad.any():
        raise InputError(f"{field} holds {int(bad.sum())} NaN or infinite values (first at "
                         f"position {int(np.flatnonzero(bad)[0])}). Fix: fill the gaps; every "
                         "step needs a finite value.")
    return out


def power_array(values, n: int, field: str) -> np.ndarray:
    """Hourly powers of one design (1-D) or a batch (2-D, designs x steps) as float64 >= 0."""
    if isinstance(values, pd.Series | pd.DataFrame):
        values = values.to_numpy()
    arr = _finite(np.asarray(values), field, " kW")
    check(arr.ndim in (1, 2) and arr.shape[-1] == n, field, f"shape {arr.shape}",
          f"must hold one value per step ({n}), or be (n_designs, {n})",
          "give the kernel's series on the same index")
    neg = arr < -ABS_TOL_KW
    if neg.any():
        raise InputError(f"{field} = {arr[neg].ravel()[0]:g} kW must be >= 0 (import and "
                         "export are both magnitudes). Fix: split a signed net power p into "
                         "import = max(p, 0) and export = max(-p, 0).")
    return np.maximum(arr, 0.0)
