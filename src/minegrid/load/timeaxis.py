"""A load's time axis: the model time step, the step of a series, energy-conserving
resampling and moving a load onto another calendar year.

These are the transforms of a load series that neither read nor repair data;
:mod:`minegrid.load.read`, :mod:`minegrid.load.stats` and the mine builder
(:mod:`minegrid.mine`) share them. :func:`check_dt_h` is the one check of a model
time step ``dt_h``.
"""

from __future__ import annotations

import calendar
import math
import warnings

import numpy as np
import pandas as pd

from minegrid.errors import InputError, MinegridWarning, check

__all__ = [
    "HOUR",
    "LOAD_NAME",
    "check_dt_h",
    "describe_times",
    "grid_start",
    "infer_step",
    "resample_energy",
    "set_year",
    "to_hours",
]

#: Name given to load Series returned by minegrid.
LOAD_NAME = "load_kw"

#: One hour, the unit of every ``*_h`` value.
HOUR = pd.Timedelta(hours=1)


# --------------------------------------------------------------------------- helpers


def check_dt_h(dt_h: float, field: str = "dt_h") -> pd.Timedelta:
    """Check a model time step and return it as a Timedelta.

    The one check of ``dt_h`` for every load function and the mine builder: a positive
    number of hours that is a whole number of minutes dividing a day.

    Parameters
    ----------
    dt_h : float
        Time step. [h]
    field : str, default "dt_h"
        Name of the argument in the error message.

    Returns
    -------
    pandas.Timedelta
        The step, a whole number of minutes.

    Raises
    ------
    InputError
        ``dt_h`` is not a positive number, or not a whole number of minutes that
        divides a day (1440 min).

    Examples
    --------
    >>> check_dt_h(0.25)
    Timedelta('0 days 00:15:00')
    """
    ok = isinstance(dt_h, (int, float, np.floating, np.integer)) and math.isfinite(dt_h)
    check(ok and dt_h > 0, field, dt_h, "must be a positive number of hours",
          "use e.g. 1.0 (hourly), 0.25 (15 min) or 1/60 (1 min)")
    minutes = dt_h * 60.0
    whole = round(minutes)
    check(abs(minutes - whole) < 1e-6 and whole >= 1 and 1440 % whole == 0, field, dt_h,
          "must be a whole number of minutes that divides a day",
          "use a step such as 1/60, 5/60, 0.25, 0.5, 1, 2, 3, 6 h")
    return pd.Timedelta(minutes=whole)


def to_hours(delta):
    """Timedelta(s) in hours: float for a scalar, float64 array otherwise."""
    out = np.asarray(delta / HOUR, dtype=np.float64)
    return float(out) if out.ndim == 0 else out


def infer_step(index: pd.DatetimeIndex) -> pd.Timedelta:
    """Most common spacing of a sorted, unique index."""
    diffs = index[1:] - index[:-1]
    values, counts = np.unique(to_hours(diffs), return_counts=True)
    step_h = float(values[np.argmax(counts)])
    return pd.Timedelta(hours=step_h).round("s")


def describe_times(times: pd.DatetimeIndex, n_max: int = 3) -> str:
    """The first ``n_max`` timestamps of ``times`` for a message, and how many in all."""
    shown = ", ".join(str(t) for t in times[:n_max])
    return shown + (f" ... ({len(times)} in all)" if len(times) > n_max else "")


def grid_start(t: pd.Timestamp, step: pd.Timedelta) -> pd.Timestamp:
    """First timestamp of the ``step`` grid at or after ``t`` (on the local wall clock)."""
    return t.ceil(step) if t.tz is None else _ceil_aware(t, step)


# --------------------------------------------------------------------------- resampling


def resample_energy(
    load: pd.Series,
    dt_h: float = 1.0,
    *,
    input_step_h: float | None = None,
) -> pd.Series:
    """Resample interval-average power to a new step, conserving energy exactly.

    Parameters
    ----------
    load : pandas.Series
        Average power of each interval, labelled by the interval start, on a regular,
        gap-free DatetimeIndex. [kW]
    dt_h : float, default 1.0
        Target time step. [h]
    input_step_h : float, optional
        Step of ``load``; inferred from the index when omitted. [h]

    Returns
    -------
    pandas.Series
        Average power over each target interval, float64. Only target intervals
        wholly covered by the input are kept. [kW]

    Notes
    -----
    With input edges :math:`\\tau_i` and cumulative energy
    :math:`E(\\tau_i)=\\sum_{j<i} P_j\\,\\Delta\\tau`, the target value is
    :math:`\\bar P_k = [E(t_k+\\Delta t) - E(t_k)] / \\Delta t`, with :math:`E` linear between
    input edges (exact for piecewise-constant power).

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.Series([1.0, 2.0, 3.0, 6.0],
    ...               index=pd.date_range("2024-01-01", periods=4, freq="15min"))
    >>> resample_energy(s, 1.0).tolist()
    [3.0]
    """
    step = check_dt_h(dt_h)
    index = load.index
    if input_step_h is None:
        check(len(index) >= 2, "input_step_h", None, "is required for a single value",
              "pass input_step_h= (hours per input step)")
        in_step = infer_step(index)
    else:
        in_step = pd.Timedelta(hours=float(input_step_h)).round("s")
    t0 = index[0]
    edges_h = np.append(to_hours(index - t0), to_hours(index[-1] - t0) + to_hours(in_step))
    values = load.to_numpy(dtype=np.float64)
    cum = np.concatenate([[0.0], np.cumsum(values * to_hours(in_step))])

    first = t0.ceil(step) if t0.tz is None else _ceil_aware(t0, step)
    last_edge = index[-1] + in_step
    n_out = int(np.floor(to_hours(last_edge - first) / to_hours(step) + 1e-9))
    if n_out <= 0:
        raise InputError(
            f"load covers {to_hours(last_edge - t0):.4g} h = too short for one {dt_h} h step. "
            "Fix: give a longer series or a smaller dt_h."
        )
    out_index = pd.date_range(first, periods=n_out, freq=step, name=index.name)
    out_edges = np.append(to_hours(out_index - t0), to_hours(out_index[-1] - t0) + to_hours(step))
    cum_out = np.interp(out_edges, edges_h, cum)
    power = np.diff(cum_out) / to_hours(step)
    return pd.Series(power, index=out_index, name=load.name, dtype="float64")


def _ceil_aware(t: pd.Timestamp, step: pd.Timedelta) -> pd.Timestamp:
    """Ceil an aware timestamp to ``step`` on the local wall clock, in absolute time."""
    local = t.tz_localize(None)
    shift = local.ceil(step) - local
    return t + shift


# --------------------------------------------------------------------------- calendar


def set_year(load: pd.Series, year: int) -> pd.Series:
    """Move a (typical-year) load onto calendar year ``year``, keeping month, day and time.

    Parameters
    ----------
    load : pandas.Series
        Load on a DatetimeIndex, possibly mixing years (typical-year data). [kW]
    year : int
        Target calendar year.

    Returns
    -------
    pandas.Series
        The same values re-stamped in ``year``, sorted. [kW]

    Notes
    -----
    Leap days: when ``year`` is not a leap year, 29 February is dropped (its energy is
    lost; a :class:`~minegrid.errors.MinegridWarning` says how much). When ``year`` is a
    leap year and the data has no 29 February, it is filled with a copy of 28 February
    (warned). Time zones: the wall-clock time is kept.
    """
    check(isinstance(load.index, pd.DatetimeIndex), "load.index", type(load.index).__name__,
          "must be a DatetimeIndex", "index the load by timestamps")
    check(isinstance(year, (int, np.integer)) and 1 <= year <= 9999, "year", year,
          "must be a calendar year", "give e.g. year=2025")
    year = int(year)
    idx = load.index
    tz = idx.tz
    wall = idx.tz_localize(None) if tz is not None else idx
    leap_day = (wall.month == 2) & (wall.day == 29)
    values = load.to_numpy(dtype=np.float64)
    if leap_day.any() and not calendar.isleap(year):
        step_h = to_hours(infer_step(idx)) if len(idx) > 1 else 1.0
        lost = float(values[leap_day].sum() * step_h)
        warnings.warn(f"set_year: {year} is not a leap year; dropped 29 February "
                      f"({leap_day.sum()} steps, {lost:.6g} kWh).", MinegridWarning, stacklevel=2)
        wall, values = wall[~leap_day], values[~leap_day]
    offsets = wall - wall.normalize()
    new_dates = pd.to_datetime(
        {"year": np.full(len(wall), year), "month": wall.month, "day": wall.day}
    )
    new = pd.DatetimeIndex(new_dates.to_numpy()) + offsets
    out = pd.Series(values, index=new, name=load.name).sort_index()
    if calendar.isleap(year) and not leap_day.any():
        feb28 = (out.index.month == 2) & (out.index.day == 28)
        if feb28.any():
            copy = out[feb28]
            copy.index = copy.index + pd.Timedelta(days=1)
            out = pd.concat([out, copy]).sort_index()
            warnings.warn(f"set_year: {year} is a leap year and the data has no 29 February; "
                          "filled it with a copy of 28 February.", MinegridWarning, stacklevel=2)
    dup = out.index.duplicated()
    check(not dup.any(), "load.index", describe_times(out.index[dup]),
          f"maps onto the same timestamps in {year} (the data spans more than one year)",
          "pass one year of data")
    if tz is not None:
        try:
            out.index = out.index.tz_localize(tz, ambiguous="raise", nonexistent="raise")
        except (ValueError, TypeError) as exc:
            raise InputError(f"load.index zone {tz} has daylight-saving changes in {year} "
                             f"({exc}). Fix: use a fixed-offset zone such as 'Etc/GMT+4'.") from exc
    out.index = out.index.rename(load.index.name)
    return out
