"""Read a metered load, check and repair it, and put it on the model's time axis.

:func:`read_load` reads a CSV file, Series or DataFrame, checks it (gaps, missing
values, negative power, spikes, duplicated timestamps), repairs it when asked
(``repair="interpolate"``, warned) and resamples it to the model step.
:func:`align_to` puts a load on exactly the timestamps of a weather index.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from minegrid.errors import InputError, MinegridWarning, cell, check, file_error, number
from minegrid.load.files import date_bare_column, read_load_file, unit_in_name
from minegrid.load.timeaxis import (
    HOUR,
    LOAD_NAME,
    check_dt_h,
    describe_times,
    grid_start,
    infer_step,
    resample_energy,
    set_year,
    to_hours,
)
from minegrid.profiles import check_coverage

__all__ = ["align_to", "read_load"]

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


# --------------------------------------------------------------------------- helpers


def _to_series(source, column, time_column, start, dated_later):
    """One numeric column from a path, Series, DataFrame or array, indexed by timestamps.

    Returns ``(series, locate)``: ``locate(k)`` names the k-th value of a bare column
    (``"line 12 of load.txt"``) for messages, None for timestamped data.
    """
    what = "source"
    lines = None
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        check(path.is_file(), "source", str(source), "is not an existing file",
              "give the path of a CSV or text file, or pass a pandas Series/DataFrame")
        try:
            content = read_load_file(path, time_column)
        except (ValueError, UnicodeDecodeError, pd.errors.ParserError,
                pd.errors.EmptyDataError) as exc:
            if isinstance(exc, InputError):
                raise
            raise file_error(path, "a load file", exc,
                             "give one load value per line, or a timestamp column and a load "
                             "column with the same number of fields on every line") from None
        source, what, lines = content.frame, path.name, content.lines
        if content.bare:
            time_column = None
    elif isinstance(source, np.ndarray | list | tuple):
        check(np.ndim(source) == 1, "source", f"array of shape {np.shape(source)}",
              "must be one column of values", "pass a 1-D array, list or Series")
        arr = np.asarray(source)
        source = pd.Series(arr if arr.dtype.kind in "iuf" else np.asarray(source, dtype=object))
    if isinstance(source, pd.DataFrame):
        if time_column is not None and time_column in source.columns:
            source = source.set_index(pd.DatetimeIndex(pd.to_datetime(source[time_column])))
            source = source.drop(columns=time_column)
        check(lines is not None or len(source.columns) <= 1
              or isinstance(source.index, pd.DatetimeIndex), "source.index",
              type(source.index).__name__, "must be a DatetimeIndex for a DataFrame of several "
              "columns", "pass time_column= with its timestamp column, or index it by "
              "timestamps (a bare column of a year's values is one column or a Series)")
        numeric = [c for c in source.columns if pd.api.types.is_numeric_dtype(source[c])]
        if column is None and len(source.columns) == 1:
            column = source.columns[0]  # the one column: its cells are checked below
        if column is None:
            check(len(numeric) == 1, "column", None,
                  f"is required: the data has numeric columns {[cell(c) for c in numeric[:8]]}"
                  + (" (a column with text or decimal commas is not numeric)" if not numeric
                     else ""),
                  "pass column= with the name of the load column")
            column = numeric[0]
        known = isinstance(column, str | int | np.integer) and column in source.columns
        check(known, "column", column, "is not a column of the data (columns: "
              f"{[cell(c) for c in source.columns[:8]]})",
              "pass column= with the name of the load column")
        series = source[column]
    elif isinstance(source, pd.Series):
        series = source
    else:
        raise InputError(
            f"source = {type(source).__name__} is not a file path, pandas Series or DataFrame. "
            "Fix: pass a file path, a Series/DataFrame indexed by timestamps, or a bare column "
            "of a year's values (array or Series, dated with start= or year=)."
        )
    bare = lines is not None or isinstance(series.index, pd.RangeIndex)
    check(bare or isinstance(series.index, pd.DatetimeIndex), "source.index",
          type(series.index).__name__, "must be a DatetimeIndex (or a RangeIndex for a bare "
          "column of a year's values)", "index the data by timestamps (pd.to_datetime, or "
          "give time_column=)")
    if lines is not None:
        def locate(k):
            return f"line {lines[k]} of {what}"
    else:
        def locate(k):
            return f"value {k + 1} (position {k})"
    if not pd.api.types.is_numeric_dtype(series):
        text = pd.to_numeric(series, errors="coerce").isna().to_numpy() & series.notna().to_numpy()
        k = int(np.flatnonzero(text)[0]) if text.any() else None
        first = (f", first {cell(series.iloc[k])!r} at "
                 f"{locate(k) if bare else series.index[k]}" if k is not None else "")
        raise InputError(f"column = {cell(series.name)!r} must hold numbers (dtype "
                         f"{series.dtype}{first}). Fix: convert the load column to numbers "
                         "(a decimal point, not a comma).")
    if bare:
        series = date_bare_column(series.astype("float64"), start=start,
                                  dated_later=dated_later, what=what, stacklevel=4)
        return series, locate
    check(start is None, "start", start, "applies only to a bare column of values, but the "
          "data has timestamps", "drop start= (the timestamps give the dates), or use year= "
          "to move them onto another year")
    check(len(series) >= 2, "source", f"{len(series)} values",
          "needs at least 2 timestamps to infer the time step", "give a longer load series")
    return series.astype("float64"), None


def _localise(series: pd.Series, tz, source_tz) -> pd.Series:
    """Apply time-zone rules (see :func:`read_load`)."""
    idx = series.index
    if idx.tz is None:
        zone = source_tz if source_tz is not None else tz
        if zone is None:
            return series
        try:
            idx = idx.tz_localize(zone, ambiguous="raise", nonexistent="raise")
        except (ValueError, TypeError, KeyError) as exc:  # ambiguity, or an unknown zone
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
        except (ValueError, TypeError, KeyError) as exc:
            raise InputError(f"tz = {tz!r} is not a valid time zone. Fix: use an IANA name "
                             "such as 'America/Santiago' or 'Etc/GMT+4'.") from exc
    return series.set_axis(idx)


def _unit(unit, name) -> str:
    """The unit of the values: ``unit``, or the one the column name states, else kW."""
    if unit is None:
        return unit_in_name(name) or "kW"
    try:
        stated = unit_in_name(name)
    except InputError:  # the name states several units: the one given decides
        return unit
    check(stated is None or stated == unit, "unit", unit,
          f"contradicts the column name {cell(name)!r}, which says {stated}",
          f"pass unit={stated!r} (or omit unit=), or rename the column if its name is wrong")
    return unit


def _spikes(values: np.ndarray, step: pd.Timedelta, spike_factor: float) -> np.ndarray:
    """Samples above ``spike_factor`` times the local (about 1 h, >= 5 samples) median."""
    n_window = max(5, int(round(HOUR / step)) | 1)
    local = pd.Series(values).rolling(n_window, center=True, min_periods=1).median().to_numpy()
    floor = np.nanmedian(values)
    return values > spike_factor * np.maximum(local, floor)


# --------------------------------------------------------------------------- reader


def read_load(
    source,
    *,
    column: str | None = None,
    time_column: str | None = None,
    tz=None,
    source_tz=None,
    dt_h: float = 1.0,
    unit: str | None = None,
    label: str = "start",
    repair: str | bool | None = False,
    max_gap_h: float = 24.0,
    spike_factor: float | None = 4.0,
    max_input_step_h: float = 1.0,
    year: int | None = None,
    start: str | None = None,
    partial_year: bool = False,
) -> pd.Series:
    """Read a metered load and return it at the model time step, energy conserved.

    Parameters
    ----------
    source : str, path-like, pandas.Series, pandas.DataFrame or array
        A file (CSV or text; comma, semicolon, tab or spaces; header line optional):
        timestamps (first column, or ``time_column``; or a date and a time column) beside
        the load, or a **bare column** of one value per line as HOMER imports and exports
        (see :mod:`minegrid.load.files`). Or a Series/DataFrame indexed by timestamps (or
        with ``time_column``), or a bare column as an array or a Series with a RangeIndex.
        A bare column holds exactly one year: 8,760 hourly values (8,784 for a leap year)
        or 8,760 × k values at ``60 / k`` minutes (35,040: 15 min; 525,600: 1 min).
    column : str, optional
        Load column of a file/DataFrame; required when there are several numeric columns.
    time_column : str, optional
        Timestamp column of a file/DataFrame; default the file's first column.
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
    unit : {'kW', 'W', 'MW', 'kWh', 'Wh', 'MWh'}, optional
        Unit of the values: power, or energy per interval (divided by the input step).
        Default: the unit the column's name states (``load_kw``, ``Energy [kWh]``), else
        kW. A unit that contradicts the name raises (a kWh column read as kW would be
        off by the step).
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
        Map the calendar (month, day, time) onto this year, see :func:`set_year`. A bare
        column is a year from 1 January 00:00 moved onto ``year`` (29 February dropped or
        copied from 28 February, warned, when the lengths differ).
    start : str or pandas.Timestamp, optional
        Timestamp of the first value of a bare column (e.g. ``'2025-07-01 00:00'``). A bare
        column without ``start`` or ``year`` is dated from 1 January 00:00 of 2023 (2024
        for 8,784 × k values), the weather readers' typical year, with a MinegridWarning.
        Timestamped data refuses ``start``.
    partial_year : bool, default False
        A FILE (``source`` a path) covering less than a year (364 days) raises
        InputError, since yearly results would scale its flows to a year;
        True accepts it with a MinegridWarning. Series and DataFrames are not
        checked (they are often deliberate slices).

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
        ``max_input_step_h``; a bare column that is not a whole year or holds text
        (the message names the line).

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.Series(100.0, index=pd.date_range("2024-01-01", periods=8, freq="30min"))
    >>> read_load(s).tolist()
    [100.0, 100.0, 100.0, 100.0]
    >>> year = read_load([500.0] * 8760, year=2025)  # a bare column, as HOMER has it
    >>> year.index[0], year.index[-1]
    (Timestamp('2025-01-01 00:00:00'), Timestamp('2025-12-31 23:00:00'))
    """
    step = check_dt_h(dt_h)
    check(unit is None or (isinstance(unit, str) and unit in _UNITS), "unit", unit,
          f"is not one of {sorted(_UNITS)}",
          "give the unit of the values, e.g. unit='kW' or unit='kWh' (energy per interval)")
    check(isinstance(label, str) and label in ("start", "end"), "label", label,
          "must be 'start' or 'end'",
          "use label='end' when each timestamp marks the end of its interval")
    check(isinstance(repair, str | bool | None) and repair in _REPAIRS, "repair", repair,
          "must be False or 'interpolate'",
          "use repair='interpolate' to fill gaps and replace bad values (with a warning)")
    number(max_gap_h, "max_gap_h", minimum=0.0, strict=True, fix="give a duration in hours")
    number(max_input_step_h, "max_input_step_h", minimum=0.0, strict=True,
           fix="give a duration in hours, e.g. 1.0")
    if year is not None:
        check(isinstance(year, int) and not isinstance(year, bool) and 1900 <= year <= 2200,
              "year", year, "must be a calendar year", "e.g. year=2023, or None")
    if spike_factor is not None:
        number(spike_factor, "spike_factor", fix="use e.g. 4.0, or None to disable the check")
    check(spike_factor is None or spike_factor > 1, "spike_factor", spike_factor,
          "must be > 1 or None", "use e.g. 4.0, or None to disable the spike check")

    check(start is None or year is None, "start", start, f"and year = {year!r} both date "
          "the data", "give start= (the first timestamp) or year= (a calendar year), not both")
    series, locate = _to_series(source, column, time_column, start, year is not None)
    unit = _unit(unit, series.name)
    series = _localise(series, tz, source_tz)
    series = series.sort_index()
    name = series.name if series.name is not None else "load"

    # duplicated timestamps
    dup = series.index.duplicated(keep=False)
    if dup.any():
        times = series.index[dup].unique()
        if not repair:
            raise InputError(
                f"timestamps of {name!r} = {describe_times(times)} are duplicated. "
                "Fix: remove the duplicates (check daylight-saving changes; use a fixed-offset "
                "zone), or pass repair='interpolate' to average them."
            )
        series = series.groupby(level=0).mean()
        warnings.warn(f"read_load: averaged values at {len(times)} duplicated timestamps "
                      f"({describe_times(times)}).", MinegridWarning, stacklevel=2)

    in_step = infer_step(series.index)
    check(in_step > pd.Timedelta(0), "source.index", "step 0", "must increase",
          "sort the timestamps and remove repeated ones")
    max_step = pd.Timedelta(hours=max_input_step_h)
    check(in_step <= max_step + pd.Timedelta(seconds=1), "source step",
          f"{to_hours(in_step):.4g} h", f"is coarser than max_input_step_h = {max_input_step_h} h",
          "give data at 1 h or finer, build the load with minegrid.build_mine_load, or raise "
          "max_input_step_h to accept a flat (piecewise-constant) spread over each interval")

    # every spacing must be a whole multiple of the step; larger ones are gaps
    ratio = to_hours(series.index[1:] - series.index[:-1]) / to_hours(in_step)
    irregular = np.abs(ratio - np.round(ratio)) > 1e-6
    check(not irregular.any(), "source.index",
          describe_times(series.index[1:][irregular]) if irregular.any() else "",
          f"is irregular: spacings are not multiples of the {in_step} step",
          "resample the data to a regular step before reading it")
    gap_starts = np.flatnonzero(np.round(ratio) > 1)
    if len(gap_starts):
        gap_h = (np.round(ratio[gap_starts]) - 1) * to_hours(in_step)
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
        series = series / to_hours(in_step)

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
            example = float(values[mask][0])
            if locate is not None:  # a bare column: name the line, not an invented date
                times = locate(int(np.flatnonzero(mask)[0])) + f" ({describe_times(times)})"
            else:
                times = describe_times(times)
            fix = {
                "negative values": "check the sign convention and meter (a load is >= 0 kW), "
                "or pass repair='interpolate' to replace them by interpolation",
                "spikes": f"check the meter; pass repair='interpolate' to replace them, or "
                f"spike_factor=None (or larger than {spike_factor}) if they are real",
            }.get(what, "supply the data, or pass repair='interpolate'")
            raise InputError(
                f"{name!r} has {mask.sum()} {what} (first = {example!r} kW at "
                f"{times}). Fix: {fix}."
            )
    else:
        bad = missing | negative | spikes
        if bad.any():
            values[bad] = np.nan
            filled = pd.Series(values, index=series.index)
            run = _longest_run(bad) * to_hours(in_step)
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
                        f"({describe_times(series.index[mask])}).", MinegridWarning, stacklevel=2)
            series = filled

    # resample to the model step (energy conserving)
    needs = in_step != step or (series.index[0] != grid_start(series.index[0], step))
    if needs:
        t_first, t_last = series.index[0], series.index[-1] + in_step
        out = resample_energy(series, dt_h, input_step_h=to_hours(in_step))
        lead = to_hours(out.index[0] - t_first)
        trail = to_hours(t_last - (out.index[-1] + step))
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
    if isinstance(source, str | os.PathLike):
        check_coverage(len(series) * dt_h, series.index[0], Path(source).name, partial_year)
    return series


def _longest_run(mask: np.ndarray) -> int:
    """Length of the longest run of True values."""
    best = run = 0
    for flag in mask:
        run = run + 1 if flag else 0
        best = max(best, run)
    return best


# --------------------------------------------------------------------------- alignment


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
    check(isinstance(repair, str | bool | None) and repair in _REPAIRS, "repair", repair,
          "must be False or 'interpolate'", "use repair='interpolate' to fill uncovered days")
    check((load.index.tz is None) == (index.tz is None), "load.index.tz", load.index.tz,
          f"must be both naive or both aware (index tz = {index.tz})",
          "read the load with tz= set to the weather's zone")
    if index.tz is not None:
        load = load.tz_convert(index.tz)
    years = np.unique(index.tz_localize(None).year if index.tz is not None else index.year)
    load_years = np.unique(load.index.year)
    if len(years) == 1 and not (len(load_years) == 1 and load_years[0] == years[0]):
        load = set_year(load, int(years[0]))
    step_h = to_hours(infer_step(index))
    load = resample_energy(load, step_h) if to_hours(infer_step(load.index)) != step_h else load
    out = load.reindex(index)
    miss = out.isna().to_numpy()
    if miss.any():
        if not repair:
            raise InputError(
                f"load does not cover {miss.sum()} timestamps of index "
                f"({describe_times(index[miss])}). "
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
                      f"({describe_times(index[miss])}) from the nearest covered day.",
                      MinegridWarning, stacklevel=2)
        out = pd.Series(values, index=index)
    return out.astype("float64").rename(LOAD_NAME)
