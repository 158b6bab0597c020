"""Mine electric load from metered data: read, check, resample, align, summarise.

A load is a :class:`pandas.Series` of electric power [kW] (float64) on a regular
:class:`pandas.DatetimeIndex` at the model time step ``dt_h``. Each value is the
*average power over the interval that starts at its timestamp* (interval-beginning
labels), so the energy of a step is ``P[k] * dt_h`` [kWh].

Resampling conserves energy exactly: the input is treated as piecewise-constant
power over its own intervals, its cumulative energy ``E(t)`` is interpolated at the
edges of the target intervals, and each target value is ``(E(t_k + dt) - E(t_k)) / dt``.
This works when the input step does not divide the target step (e.g. 10 min or
7 min data to 15 min) and when the target step is finer than the input
(piecewise-constant upsampling).

Problems in the data (gaps, missing values, negative power, spikes, duplicated
timestamps) raise :class:`~minegrid.errors.InputError` unless the caller asks for a
repair (``repair="interpolate"``); every repair warns with
:class:`~minegrid.errors.MinegridWarning`. Nothing is clipped or dropped silently.
"""

from __future__ import annotations

import calendar
import math
import os
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from minegrid.errors import InputError, MinegridWarning, check

__all__ = [
    "LoadStats",
    "align_to",
    "load_stats",
    "read_load",
    "resample_energy",
    "set_year",
]

#: Name given to load Series returned by minegrid.
LOAD_NAME = "load_kw"

# unit -> (factor to kW or kWh, is_energy_per_interval)
_UNITS: dict[str, tuple[float, bool]] = {
    "W": (1e-3, False),
    "kW": (1.0, False),
    "MW": (1e3, False),
    "Wh": (1e-3, True),
    "kWh": (1.0, True),
    "MWh": (1e3, True),
}

_REPAIRS = (None, False, "interpolate")

_H = pd.Timedelta(hours=1)


# --------------------------------------------------------------------------- helpers


def _check_dt_h(dt_h: float, field: str = "dt_h") -> pd.Timedelta:
    """Validate a model time step and return it as a Timedelta."""
    ok = isinstance(dt_h, (int, float, np.floating, np.integer)) and math.isfinite(dt_h)
    check(ok and dt_h > 0, field, dt_h, "must be a positive number of hours",
          "use e.g. 1.0 (hourly), 0.25 (15 min) or 1/60 (1 min)")
    minutes = dt_h * 60.0
    whole = round(minutes)
    check(abs(minutes - whole) < 1e-6 and whole >= 1 and 1440 % whole == 0, field, dt_h,
          "must be a whole number of minutes that divides a day",
          "use a step such as 1/60, 5/60, 0.25, 0.5, 1, 2, 3, 6 h")
    return pd.Timedelta(minutes=whole)


def _hours(delta):
    """Timedelta(s) in hours: float for a scalar, float64 array otherwise."""
    out = np.asarray(delta / _H, dtype=np.float64)
    return float(out) if out.ndim == 0 else out


def _to_series(source, column, time_column) -> pd.Series:
    """Extract one numeric column with a DatetimeIndex from a path, Series or DataFrame."""
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        check(path.is_file(), "source", str(source), "is not an existing file",
              "give the path of a CSV file, or pass a pandas Series/DataFrame")
        frame = pd.read_csv(path)
        if time_column is None:
            time_column = frame.columns[0]
        check(time_column in frame.columns, "time_column", time_column,
              f"is not a column of {path.name} (columns: {list(frame.columns)})",
              "pass time_column= with the name of the timestamp column")
        try:
            times = pd.to_datetime(frame[time_column])
        except (ValueError, TypeError):
            # mixed UTC offsets (e.g. across a daylight-saving change): keep absolute time
            try:
                times = pd.to_datetime(frame[time_column], utc=True)
            except (ValueError, TypeError) as exc:
                raise InputError(
                    f"time_column = {time_column!r} holds values that are not timestamps "
                    f"({exc}). Fix: use ISO timestamps such as '2025-01-01 00:00'."
                ) from exc
        frame = frame.drop(columns=time_column).set_axis(pd.DatetimeIndex(times), axis=0)
        source = frame
    if isinstance(source, pd.DataFrame):
        if time_column is not None and time_column in source.columns:
            source = source.set_index(pd.DatetimeIndex(pd.to_datetime(source[time_column])))
            source = source.drop(columns=time_column)
        numeric = [c for c in source.columns if pd.api.types.is_numeric_dtype(source[c])]
        if column is None:
            check(len(numeric) == 1, "column", None,
                  f"is required: the data has numeric columns {numeric}",
                  "pass column= with the name of the load column")
            column = numeric[0]
        check(column in source.columns, "column", column,
              f"is not a column of the data (columns: {list(source.columns)})",
              "pass column= with the name of the load column")
        series = source[column]
    elif isinstance(source, pd.Series):
        series = source
    else:
        raise InputError(
            f"source = {type(source).__name__} is not a CSV path, pandas Series or DataFrame. "
            "Fix: pass a file path, or a Series/DataFrame indexed by timestamps."
        )
    check(isinstance(series.index, pd.DatetimeIndex), "source.index", type(series.index).__name__,
          "must be a DatetimeIndex", "index the data by timestamps (or give time_column=)")
    check(pd.api.types.is_numeric_dtype(series), "column", series.name,
          f"must hold numbers (dtype {series.dtype})", "convert the load column to numbers")
    check(len(series) >= 2, "source", f"{len(series)} values",
          "needs at least 2 timestamps to infer the time step", "give a longer load series")
    return series.astype("float64")


def _localise(series: pd.Series, tz, source_tz) -> pd.Series:
    """Apply time-zone rules (see :func:`read_load`)."""
    idx = series.index
    if idx.tz is None:
        zone = source_tz if source_tz is not None else tz
        if zone is None:
            return series
        try:
            idx = idx.tz_localize(zone, ambiguous="raise", nonexistent="raise")
        except (ValueError, TypeError) as exc:  # pytz/zoneinfo ambiguity or bad zone
            raise InputError(
                f"source_tz/tz = {zone!r} cannot localise the naive timestamps ({exc}). "
                "Fix: give a fixed-offset zone such as 'Etc/GMT+4' (no daylight saving), "
                "or timestamps that carry their own UTC offset."
            ) from exc
    else:
        check(source_tz is None, "source_tz", source_tz,
              f"must be None: the timestamps already carry a zone ({idx.tz})",
              "drop source_tz=, or strip the zone first")
    if tz is not None:
        try:
            idx = idx.tz_convert(tz)
        except (ValueError, TypeError) as exc:
            raise InputError(f"tz = {tz!r} is not a valid time zone. Fix: use an IANA name "
                             "such as 'America/Santiago' or 'Etc/GMT+4'.") from exc
    return series.set_axis(idx)


def _infer_step(index: pd.DatetimeIndex) -> pd.Timedelta:
    """Most common spacing of a sorted, unique index."""
    diffs = index[1:] - index[:-1]
    values, counts = np.unique(_hours(diffs), return_counts=True)
    step_h = float(values[np.argmax(counts)])
    return pd.Timedelta(hours=step_h).round("s")


def _spikes(values: np.ndarray, step: pd.Timedelta, spike_factor: float) -> np.ndarray:
    """Samples above ``spike_factor`` times the local (about 1 h, >= 5 samples) median."""
    n_window = max(5, int(round(_H / step)) | 1)
    local = pd.Series(values).rolling(n_window, center=True, min_periods=1).median().to_numpy()
    floor = np.nanmedian(values)
    return values > spike_factor * np.maximum(local, floor)


def _describe(times: pd.DatetimeIndex, n_max: int = 3) -> str:
    shown = ", ".join(str(t) for t in times[:n_max])
    return shown + (f" ... ({len(times)} in all)" if len(times) > n_max else "")


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
    step = _check_dt_h(dt_h)
    index = load.index
    if input_step_h is None:
        check(len(index) >= 2, "input_step_h", None, "is required for a single value",
              "pass input_step_h= (hours per input step)")
        in_step = _infer_step(index)
    else:
        in_step = pd.Timedelta(hours=float(input_step_h)).round("s")
    t0 = index[0]
    edges_h = np.append(_hours(index - t0), _hours(index[-1] - t0) + _hours(in_step))
    values = load.to_numpy(dtype=np.float64)
    cum = np.concatenate([[0.0], np.cumsum(values * _hours(in_step))])

    first = t0.ceil(step) if t0.tz is None else _ceil_aware(t0, step)
    last_edge = index[-1] + in_step
    n_out = int(np.floor(_hours(last_edge - first) / _hours(step) + 1e-9))
    if n_out <= 0:
        raise InputError(
            f"load covers {_hours(last_edge - t0):.4g} h = too short for one {dt_h} h step. "
            "Fix: give a longer series or a smaller dt_h."
        )
    out_index = pd.date_range(first, periods=n_out, freq=step, name=index.name)
    out_edges = np.append(_hours(out_index - t0), _hours(out_index[-1] - t0) + _hours(step))
    cum_out = np.interp(out_edges, edges_h, cum)
    power = np.diff(cum_out) / _hours(step)
    return pd.Series(power, index=out_index, name=load.name, dtype="float64")


def _ceil_aware(t: pd.Timestamp, step: pd.Timedelta) -> pd.Timestamp:
    """Ceil an aware timestamp to ``step`` on the local wall clock, in absolute time."""
    local = t.tz_localize(None)
    shift = local.ceil(step) - local
    return t + shift


# --------------------------------------------------------------------------- reader


def read_load(
    source,
    *,
    column: str | None = None,
    time_column: str | None = None,
    tz=None,
    source_tz=None,
    dt_h: float = 1.0,
    unit: str = "kW",
    label: str = "start",
    repair: str | bool | None = False,
    max_gap_h: float = 24.0,
    spike_factor: float | None = 4.0,
    max_input_step_h: float = 1.0,
    year: int | None = None,
) -> pd.Series:
    """Read a metered load and return it at the model time step, energy conserved.

    Parameters
    ----------
    source : str, path-like, pandas.Series or pandas.DataFrame
        A CSV file (first column, or ``time_column``, holds timestamps), a Series
        indexed by timestamps, or a DataFrame indexed by timestamps (or with
        ``time_column``).
    column : str, optional
        Load column of a CSV/DataFrame; required when there are several numeric columns.
    time_column : str, optional
        Timestamp column of a CSV/DataFrame; default the first CSV column.
    tz : str or tzinfo, optional
        Zone of the result. Naive timestamps are localised to it (unless ``source_tz``
        is given); aware timestamps are converted to it. ``None`` keeps the timestamps
        as they are (naive stays naive).
    source_tz : str or tzinfo, optional
        Zone in which naive input timestamps are expressed, when it differs from ``tz``.
        Zones with daylight saving can make local timestamps ambiguous or non-existent:
        that raises; use a fixed-offset zone such as ``'Etc/GMT+4'``.
    dt_h : float, default 1.0
        Model time step of the result. [h]
    unit : {'kW', 'W', 'MW', 'kWh', 'Wh', 'MWh'}, default 'kW'
        Unit of the values: power, or energy per interval (divided by the input step).
    label : {'start', 'end'}, default 'start'
        Whether timestamps mark the start or the end of their interval.
    repair : {False, 'interpolate'}, default False
        ``False`` raises on gaps, missing values, negative values, spikes and duplicated
        timestamps. ``'interpolate'`` averages duplicated timestamps and replaces missing,
        negative and spike values by linear interpolation in time (gaps up to
        ``max_gap_h``), warning with :class:`~minegrid.errors.MinegridWarning` for each kind.
    max_gap_h : float, default 24.0
        Longest gap that ``repair='interpolate'`` will fill. [h]
    spike_factor : float or None, default 4.0
        A value above ``spike_factor`` times the larger of its local median (about 1 h
        window, at least 5 samples) and the overall median is a spike. ``None`` disables
        the check.
    max_input_step_h : float, default 1.0
        Coarsest input step accepted. Coarser data (e.g. daily) would be spread evenly
        over each interval, hiding the daily shape, so it is refused unless raised. [h]
    year : int, optional
        Map the calendar (month, day, time) onto this year, see :func:`set_year`.

    Returns
    -------
    pandas.Series
        ``load_kw``: average power of each step, float64, regular index at ``dt_h``
        (interval-start labels). [kW]

    Raises
    ------
    InputError
        Bad file, column, unit or time zone; gaps, missing, negative or spike values
        or duplicated timestamps without ``repair``; input step coarser than
        ``max_input_step_h``.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.Series(100.0, index=pd.date_range("2024-01-01", periods=8, freq="30min"))
    >>> read_load(s).tolist()
    [100.0, 100.0, 100.0, 100.0]
    """
    step = _check_dt_h(dt_h)
    check(unit in _UNITS, "unit", unit, f"is not one of {sorted(_UNITS)}",
          "give the unit of the values, e.g. unit='kW' or unit='kWh' (energy per interval)")
    check(label in ("start", "end"), "label", label, "must be 'start' or 'end'",
          "use label='end' when each timestamp marks the end of its interval")
    check(repair in _REPAIRS, "repair", repair, "must be False or 'interpolate'",
          "use repair='interpolate' to fill gaps and replace bad values (with a warning)")
    check(max_gap_h > 0, "max_gap_h", max_gap_h, "must be > 0", "give a duration in hours")
    check(spike_factor is None or spike_factor > 1, "spike_factor", spike_factor,
          "must be > 1 or None", "use e.g. 4.0, or None to disable the spike check")

    series = _to_series(source, column, time_column)
    series = _localise(series, tz, source_tz)
    series = series.sort_index()
    name = series.name if series.name is not None else "load"

    # duplicated timestamps
    dup = series.index.duplicated(keep=False)
    if dup.any():
        times = series.index[dup].unique()
        if not repair:
            raise InputError(
                f"timestamps of {name!r} = {_describe(times)} are duplicated. "
                "Fix: remove the duplicates (check daylight-saving changes; use a fixed-offset "
                "zone), or pass repair='interpolate' to average them."
            )
        series = series.groupby(level=0).mean()
        warnings.warn(f"read_load: averaged values at {len(times)} duplicated timestamps "
                      f"({_describe(times)}).", MinegridWarning, stacklevel=2)

    in_step = _infer_step(series.index)
    check(in_step > pd.Timedelta(0), "source.index", "step 0", "must increase", "")
    max_step = pd.Timedelta(hours=max_input_step_h)
    check(in_step <= max_step + pd.Timedelta(seconds=1), "source step",
          f"{_hours(in_step):.4g} h", f"is coarser than max_input_step_h = {max_input_step_h} h",
          "give data at 1 h or finer, build the load with minegrid.build_mine_load, or raise "
          "max_input_step_h to accept a flat (piecewise-constant) spread over each interval")

    # every spacing must be a whole multiple of the step; larger ones are gaps
    ratio = _hours(series.index[1:] - series.index[:-1]) / _hours(in_step)
    irregular = np.abs(ratio - np.round(ratio)) > 1e-6
    check(not irregular.any(), "source.index",
          _describe(series.index[1:][irregular]) if irregular.any() else "",
          f"is irregular: spacings are not multiples of the {in_step} step",
          "resample the data to a regular step before reading it")
    gap_starts = np.flatnonzero(np.round(ratio) > 1)
    if len(gap_starts):
        gap_h = (np.round(ratio[gap_starts]) - 1) * _hours(in_step)
        where = ", ".join(f"{series.index[i]} (+{g:.4g} h)"
                          for i, g in zip(gap_starts[:3], gap_h[:3], strict=False))
        if not repair:
            raise InputError(
                f"timestamps of {name!r} have {len(gap_starts)} gap(s) after {where}; "
                f"longest {gap_h.max():.4g} h. Fix: supply the missing data, or pass "
                "repair='interpolate' to fill gaps by linear interpolation."
            )
        full = pd.date_range(series.index[0], series.index[-1], freq=in_step,
                             name=series.index.name)
        series = series.reindex(full)

    if label == "end":
        series = series.set_axis(series.index - in_step)

    factor, per_interval = _UNITS[unit]
    series = series * factor
    if per_interval:
        series = series / _hours(in_step)

    values = series.to_numpy(dtype=np.float64, copy=True)
    missing = ~np.isfinite(values)
    negative = np.isfinite(values) & (values < 0)
    spikes = np.zeros_like(missing)
    if spike_factor is not None:
        clean = np.where(missing | negative, np.nan, values)
        spikes = _spikes(clean, in_step, spike_factor)

    problems = [("missing (NaN/inf) values", missing), ("negative values", negative),
                ("spikes", spikes)]
    if not repair:
        for what, mask in problems:
            if not mask.any():
                continue
            times = series.index[mask]
            example = values[mask][0]
            fix = {
                "negative values": "check the sign convention and meter (a load is >= 0 kW), "
                "or pass repair='interpolate' to replace them by interpolation",
                "spikes": f"check the meter; pass repair='interpolate' to replace them, or "
                f"spike_factor=None (or larger than {spike_factor}) if they are real",
            }.get(what, "supply the data, or pass repair='interpolate'")
            raise InputError(
                f"{name!r} has {mask.sum()} {what} (first = {example!r} kW at "
                f"{_describe(times)}). Fix: {fix}."
            )
    else:
        bad = missing | negative | spikes
        if bad.any():
            values[bad] = np.nan
            filled = pd.Series(values, index=series.index)
            run = _longest_run(bad) * _hours(in_step)
            check(run <= max_gap_h + 1e-9, "max_gap_h", max_gap_h,
                  f"is shorter than the longest run of bad data ({run:.4g} h)",
                  "supply the missing data, or raise max_gap_h if interpolating is acceptable")
            check(not bad[0] and not bad[-1], "source", "bad value at the first/last timestamp",
                  "cannot be interpolated (no neighbour on one side)",
                  "trim the series so that it starts and ends with valid data")
            filled = filled.interpolate(method="time")
            for what, mask in problems:
                if mask.any():
                    warnings.warn(
                        f"read_load: replaced {mask.sum()} {what} by linear interpolation "
                        f"({_describe(series.index[mask])}).", MinegridWarning, stacklevel=2)
            series = filled

    # resample to the model step (energy conserving)
    needs = in_step != step or (series.index[0] != _grid_start(series.index[0], step))
    if needs:
        t_first, t_last = series.index[0], series.index[-1] + in_step
        out = resample_energy(series, dt_h, input_step_h=_hours(in_step))
        lead = _hours(out.index[0] - t_first)
        trail = _hours(t_last - (out.index[-1] + step))
        if lead > 1e-9 or trail > 1e-9:
            warnings.warn(
                f"read_load: the data does not start/end on the {dt_h} h grid; dropped "
                f"{lead:.4g} h at the start and {trail:.4g} h at the end (partial steps).",
                MinegridWarning, stacklevel=2)
        series = out
    series = series.astype("float64").rename(LOAD_NAME)
    series.index = series.index.rename("time")
    if year is not None:
        series = set_year(series, year)
    return series


def _grid_start(t: pd.Timestamp, step: pd.Timedelta) -> pd.Timestamp:
    return t.ceil(step) if t.tz is None else _ceil_aware(t, step)


def _longest_run(mask: np.ndarray) -> int:
    """Length of the longest run of True values."""
    best = run = 0
    for flag in mask:
        run = run + 1 if flag else 0
        best = max(best, run)
    return best


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
        step_h = _hours(_infer_step(idx)) if len(idx) > 1 else 1.0
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
    check(not dup.any(), "load.index", _describe(out.index[dup]),
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


def align_to(
    load: pd.Series,
    index: pd.DatetimeIndex,
    *,
    repair: str | bool | None = False,
) -> pd.Series:
    """Put a load on exactly the timestamps of a weather index.

    Steps: convert the time zone to ``index``'s; map the load's calendar onto the
    year of ``index`` when they differ (:func:`set_year`, leap days warned); resample
    to the step of ``index`` conserving energy; select the timestamps of ``index``.

    Parameters
    ----------
    load : pandas.Series
        Load, interval-start labels. [kW]
    index : pandas.DatetimeIndex
        Regular target index (e.g. of an hourly weather frame), one calendar year or less.
    repair : {False, 'interpolate'}, default False
        Timestamps of ``index`` that the load does not cover raise unless ``'interpolate'``,
        which fills them with the same time of day from the nearest covered day (warned).

    Returns
    -------
    pandas.Series
        ``load_kw`` on ``index``. [kW]
    """
    check(isinstance(index, pd.DatetimeIndex) and len(index) >= 2, "index", type(index).__name__,
          "must be a DatetimeIndex with at least 2 timestamps", "pass e.g. weather.index")
    check(repair in _REPAIRS, "repair", repair, "must be False or 'interpolate'",
          "use repair='interpolate' to fill uncovered days")
    check((load.index.tz is None) == (index.tz is None), "load.index.tz", load.index.tz,
          f"must be both naive or both aware (index tz = {index.tz})",
          "read the load with tz= set to the weather's zone")
    if index.tz is not None:
        load = load.tz_convert(index.tz)
    years = np.unique(index.tz_localize(None).year if index.tz is not None else index.year)
    load_years = np.unique(load.index.year)
    if len(years) == 1 and not (len(load_years) == 1 and load_years[0] == years[0]):
        load = set_year(load, int(years[0]))
    step_h = _hours(_infer_step(index))
    load = resample_energy(load, step_h) if _hours(_infer_step(load.index)) != step_h else load
    out = load.reindex(index)
    miss = out.isna().to_numpy()
    if miss.any():
        if not repair:
            raise InputError(
                f"load does not cover {miss.sum()} timestamps of index ({_describe(index[miss])}). "
                "Fix: give a load covering the whole index, or pass repair='interpolate' to "
                "copy the same time of day from the nearest covered day."
            )
        values = out.to_numpy(dtype=np.float64, copy=True)
        per_day = round(24.0 / step_h)
        for shift in range(1, 367):
            for sign in (-1, 1):
                holes = np.flatnonzero(np.isnan(values))
                if not len(holes):
                    break
                src = holes + sign * shift * per_day
                ok = (src >= 0) & (src < len(values))
                take = holes[ok][~np.isnan(values[src[ok]])]
                values[take] = values[take + sign * shift * per_day]
        check(not np.isnan(values).any(), "load", "too short", "cannot fill the index",
              "give at least one full day of load")
        warnings.warn(f"align_to: filled {miss.sum()} uncovered timestamps "
                      f"({_describe(index[miss])}) from the nearest covered day.",
                      MinegridWarning, stacklevel=2)
        out = pd.Series(values, index=index)
    return out.astype("float64").rename(LOAD_NAME)


# --------------------------------------------------------------------------- statistics


@dataclass(frozen=True, slots=True, kw_only=True)
class LoadStats:
    """Summary of a load series.

    Attributes
    ----------
    mean_kw : float
        Mean power. [kW]
    peak_kw : float
        Largest step-average power. [kW]
    min_kw : float
        Smallest step-average power. [kW]
    energy_kwh : float
        Energy over the whole series. [kWh]
    annual_energy_kwh : float
        Energy scaled to one year of 8760 h (``mean_kw * 8760``). [kWh/yr]
    load_factor : float
        ``mean_kw / peak_kw``, in [0, 1].
    max_ramp_up_kw_per_h : float
        Largest increase between consecutive steps, divided by the step. [kW/h]
    max_ramp_down_kw_per_h : float
        Largest decrease between consecutive steps (positive number). [kW/h]
    largest_motor_step_kw : float or None
        Largest single motor start (from a mine builder); None when unknown. [kW]
    duration_h : float
        Length of the series. [h]
    dt_h : float
        Time step. [h]
    """

    mean_kw: float
    peak_kw: float
    min_kw: float
    energy_kwh: float
    annual_energy_kwh: float
    load_factor: float
    max_ramp_up_kw_per_h: float
    max_ramp_down_kw_per_h: float
    largest_motor_step_kw: float | None
    duration_h: float
    dt_h: float

    def to_dict(self) -> dict:
        """Fields as a plain ``dict``."""
        return asdict(self)

    def __repr__(self) -> str:
        motor = ("unknown" if self.largest_motor_step_kw is None
                 else f"{self.largest_motor_step_kw:,.0f} kW")
        return (
            "LoadStats(\n"
            f"  mean            {self.mean_kw:,.1f} kW\n"
            f"  peak            {self.peak_kw:,.1f} kW\n"
            f"  min             {self.min_kw:,.1f} kW\n"
            f"  energy          {self.energy_kwh:,.0f} kWh over {self.duration_h:,.6g} h "
            f"({self.annual_energy_kwh / 1e3:,.1f} MWh/yr)\n"
            f"  load factor     {self.load_factor:.3f}\n"
            f"  max ramp up     {self.max_ramp_up_kw_per_h:,.1f} kW/h\n"
            f"  max ramp down   {self.max_ramp_down_kw_per_h:,.1f} kW/h\n"
            f"  largest motor   {motor}\n"
            f"  step            {self.dt_h:.6g} h\n)"
        )


def load_stats(
    load,
    *,
    dt_h: float | None = None,
    largest_motor_kw: float | None = None,
) -> LoadStats:
    """Mean, peak, energy, load factor, ramp rates and largest motor step of a load.

    Parameters
    ----------
    load : pandas.Series or array-like
        Step-average power. [kW]
    dt_h : float, optional
        Time step; inferred from a DatetimeIndex when omitted (required for arrays). [h]
    largest_motor_kw : float, optional
        Largest single motor start; default ``load.attrs['largest_motor_kw']`` (set by
        :func:`minegrid.build_mine_load`), else None. [kW]

    Returns
    -------
    LoadStats

    Examples
    --------
    >>> load_stats([0.0, 10.0, 5.0], dt_h=1.0).max_ramp_up_kw_per_h
    10.0
    """
    if largest_motor_kw is None and isinstance(load, pd.Series):
        largest_motor_kw = load.attrs.get("largest_motor_kw")
    if dt_h is None:
        check(isinstance(load, pd.Series) and isinstance(load.index, pd.DatetimeIndex)
              and len(load) >= 2, "dt_h", None,
              "is required unless load is a Series on a DatetimeIndex with >= 2 values",
              "pass dt_h= (hours per step)")
        steps = np.unique(_hours(load.index[1:] - load.index[:-1]))
        check(len(steps) == 1, "load.index", f"steps {steps[:4]} h", "must be regular",
              "read the load with minegrid.read_load first")
        dt_h = float(steps[0])
    check(dt_h > 0, "dt_h", dt_h, "must be > 0", "give the step in hours")
    values = np.asarray(load, dtype=np.float64)
    check(values.ndim == 1 and len(values) >= 1, "load", f"shape {values.shape}",
          "must be one-dimensional and non-empty", "pass one load series")
    check(bool(np.isfinite(values).all()), "load", "non-finite values", "must be finite",
          "repair the data with read_load(..., repair='interpolate')")
    check(largest_motor_kw is None or largest_motor_kw >= 0, "largest_motor_kw",
          largest_motor_kw, "must be >= 0 or None", "give the rating of the largest drive")
    mean = float(values.mean())
    peak = float(values.max())
    diffs = np.diff(values) / dt_h
    up = float(max(diffs.max(), 0.0)) if len(diffs) else 0.0
    down = float(max(-diffs.min(), 0.0)) if len(diffs) else 0.0
    return LoadStats(
        mean_kw=mean,
        peak_kw=peak,
        min_kw=float(values.min()),
        energy_kwh=float(values.sum() * dt_h),
        annual_energy_kwh=mean * 8760.0,
        load_factor=mean / peak if peak > 0 else 0.0,
        max_ramp_up_kw_per_h=up,
        max_ramp_down_kw_per_h=down,
        largest_motor_step_kw=None if largest_motor_kw is None else float(largest_motor_kw),
        duration_h=len(values) * float(dt_h),
        dt_h=float(dt_h),
    )
