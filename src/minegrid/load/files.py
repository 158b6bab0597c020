"""Load files as engineers have them: HOMER's bare column of values, or a meter export.

Two layouts are told apart by their content, not by their name (``.csv``, ``.txt``, ``.dmd``):

* a **bare column**: one value per line, with or without one header line (``kW``,
  ``Load [kW]``) -- the load file HOMER imports and exports. The number of values gives the
  step: 8,760 × k values (8,784 × k for a leap year) are a year at ``60 / k`` minutes, with
  k in :data:`STEPS_PER_HOUR` (8,760: hourly; 35,040: 15 min; 525,600: 1 min). A bare column
  has no dates: :func:`date_bare_column` gives it an index from ``start=`` (the timestamp of
  the first value), else 1 January 00:00 of :data:`BARE_YEAR` (:data:`BARE_LEAP_YEAR` for a
  leap-year length), with a :class:`~minegrid.errors.MinegridWarning`.
* a **table**: a timestamp column (or a date and a time column, HOMER's three-column format)
  beside one or more value columns, with or without a header line; a first column that only
  numbers the rows (1, 2, 3 ... or 0, 1, 2 ...) makes the rest a bare column.

Separators: comma, semicolon, tab or runs of spaces, detected from the data lines (quoted
fields are kept whole); numbers take a decimal point. Text where a number should be raises
:class:`~minegrid.errors.InputError` naming the line, the cell and the fix; a blank line inside
a bare column is a missing value (never skipped, which would shift every later hour).
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from minegrid.errors import InputError, MinegridWarning, cell, check, file_error

__all__ = ["BARE_LEAP_YEAR", "BARE_YEAR", "LoadFile", "STEPS_PER_HOUR", "bare_steps",
           "date_bare_column", "parse_timestamps", "read_load_file", "unit_in_name"]

#: Calendar year given to a bare column of 365 days without ``start=``/``year=``: the
#: weather readers' typical year (:data:`minegrid.weather.frame.DEFAULT_YEAR`), so that both
#: pair by instant.
BARE_YEAR = 2023
#: The year given to a bare column of 366 days (8,784 × k values) without ``start=``/``year=``.
BARE_LEAP_YEAR = 2024
#: Values per hour a bare column may hold: steps of 60, 30, 20, 15, 12, 10, 6, 5, 4, 3, 2, 1 min.
STEPS_PER_HOUR = (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60)

_MISSING = {"", "nan", "na", "n/a", "null"}
_TIME_OF_DAY = re.compile(r"^\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
_UNIT_TOKENS = {"w": "W", "kw": "kW", "mw": "MW", "wh": "Wh", "kwh": "kWh", "mwh": "MWh"}
_SEPARATORS = ("\t", ";", ",")


@dataclass(frozen=True)
class LoadFile:
    """A load file's content: a table indexed by timestamps, or a bare column.

    Attributes
    ----------
    frame : pandas.DataFrame
        Indexed by timestamps (a table) or by position (a bare column: one column).
    bare : bool
        True for a bare column of values.
    lines : numpy.ndarray or None
        Line of the file (1-based) that holds each value of a bare column.
    """

    frame: pd.DataFrame
    bare: bool
    lines: np.ndarray | None = None


# --------------------------------------------------------------------------- helpers


def unit_in_name(name) -> str | None:
    """The unit a column name states (``"load_kw"``: kW, ``"Energy [kWh]"``: kWh), or None.

    Raises when the name states several units (``"kW (kWh)"``): the unit must then be given.

    >>> unit_in_name("Energy [kWh]"), unit_in_name("load_kw"), unit_in_name("P")
    ('kWh', 'kW', None)
    """
    if name is None or not isinstance(name, str):
        return None
    found = sorted({_UNIT_TOKENS[t] for t in re.split(r"[^0-9a-z]+", name.lower())
                    if t in _UNIT_TOKENS})
    check(len(found) <= 1, "column", name, f"names several units ({', '.join(found)})",
          "pass unit= with the unit of its values, e.g. unit='kWh' (energy per interval)")
    return found[0] if found else None


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _fields(line: str, sep: str | None) -> list[str]:
    if sep is None:
        return [line.strip()]
    if sep == "whitespace":
        return line.split()
    return [f.strip() for f in next(csv.reader([line], delimiter=sep), [""])]


def _separator(lines: list[str]) -> str | None:
    """The separator most data lines split on (tab, semicolon, comma, spaces), or None."""
    data = lines[1:] if len(lines) > 1 else lines  # the first line may be a header
    sample = data[:50] + data[-10:]
    need = sum(bool(line.strip()) for line in sample) / 2
    best, best_score = None, 0
    for sep in _SEPARATORS:
        score = sum(len(_fields(line, sep)) > 1 for line in sample if line.strip())
        if score > best_score:
            best, best_score = sep, score
    if best_score >= need:
        return best
    spaced = sum(len(_fields(line, "whitespace")) > 1 for line in sample if line.strip())
    return "whitespace" if spaced >= need else None


def _decode(path: Path) -> str:
    data = path.read_bytes()
    check(b"\x00" not in data[:65536], "source", path.name, "is not a text file",
          "give a CSV or text file of load values (one per line, or timestamp and value)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # Excel's CSV on Windows


def parse_timestamps(column: pd.Series, time_column):
    """The timestamps of a file's column (mixed UTC offsets kept as absolute time)."""
    with warnings.catch_warnings():  # pandas' note on a slow parse is not the user's
        warnings.filterwarnings("ignore", "Could not infer format", UserWarning)
        try:
            return pd.to_datetime(column)
        except (ValueError, TypeError, OverflowError):
            pass
        # mixed UTC offsets (e.g. across a daylight-saving change): keep absolute time
        try:
            return pd.to_datetime(column, utc=True)
        except (ValueError, TypeError, OverflowError) as exc:
            stamps = pd.to_datetime(column, utc=True, errors="coerce")
            bad = np.flatnonzero(stamps.isna().to_numpy())
            first = cell(column.iloc[bad[0]]) if len(bad) else None
            raise InputError(
                f"time_column = {cell(time_column)!r} holds values that are not "
                f"timestamps (first: {first!r}, data row {bad[0] + 1 if len(bad) else '?'}"
                "). Fix: use ISO timestamps such as '2025-01-01 00:00'."
            ) from exc


def _numbers(texts: list[str], first_line: int, name: str) -> np.ndarray:
    """Float values of a bare column's cells; blank or 'nan' cells are NaN (missing)."""
    raw = pd.Series(texts, dtype=object)
    values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=np.float64)
    text = np.isnan(values) & ~raw.str.strip().str.lower().isin(_MISSING).to_numpy()
    if text.any():
        k = int(np.flatnonzero(text)[0])
        comma = "," in texts[k]
        raise InputError(
            f"{name} line {first_line + k}: {cell(texts[k].strip())!r} is not a number "
            f"({int(text.sum())} such value(s)). Fix: give one number per line in kW"
            + (" with a decimal point, not a comma" if comma else "")
            + " (a blank line or 'nan' marks a missing value).")
    return values


# --------------------------------------------------------------------------- reader


def read_load_file(path: Path, time_column=None) -> LoadFile:
    """Read a load file: a bare column of values, or timestamps with value columns.

    Parameters
    ----------
    path : pathlib.Path
        An existing text file.
    time_column : str or int, optional
        The timestamp column of a table; default its first column (date and time columns
        side by side are joined).

    Returns
    -------
    LoadFile

    Raises
    ------
    InputError
        Not a text file, empty, ragged, text where a number should be, numbers where
        timestamps should be.
    """
    lines = _decode(path).splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    check(first is not None, "source", path.name, "is empty",
          "give a CSV or text file with one load value per line, or timestamps and values")
    last = max(i for i, line in enumerate(lines) if line.strip())
    lines = lines[first:last + 1]
    sep = _separator(lines)
    head = _fields(lines[0], sep)
    header = not _is_number(head[-1].strip().strip('"')) and not (
        sep is not None and _looks_like_time(head[0]))
    if sep is None:
        texts = lines[1:] if header else lines
        start_line = first + 1 + header
        name = head[0] if header else "load"
        values = _numbers(texts, start_line, path.name)
        frame = pd.DataFrame({name: values})
        return LoadFile(frame, True, np.arange(start_line, start_line + len(values)))
    try:
        frame = pd.read_csv(io.StringIO("\n".join(lines)),
                            sep=r"\s+" if sep == "whitespace" else sep,
                            header=0 if header else None)
    except (ValueError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise file_error(path, "a load file", exc,
                         "give a file with the same number of fields on every line: one "
                         "value per line, or a timestamp and a value") from None
    check(isinstance(frame.index, pd.RangeIndex), "source", path.name,
          "has data lines with more fields than its header line",
          "give every line the same number of fields as the header (no trailing separators "
          "on the data lines only)")
    if header:
        frame.columns = [str(c).strip() for c in frame.columns]
    empty = [c for c in frame.columns  # trailing separators (';;' from a spreadsheet)
             if frame[c].isna().all() and (not header or str(c).startswith("Unnamed"))]
    frame = frame.drop(columns=empty)
    return _table(frame, path, time_column, sep, first + 1 + header)


def _looks_like_time(text: str) -> bool:
    """True for a cell that starts like a date or time (``2025-01-01``, ``1/1/2025``, ``0:00``)."""
    return bool(re.match(r"^\d{1,4}[-/.:]\d{1,2}", text.strip().strip('"')))


def _table(frame: pd.DataFrame, path: Path, time_column, sep, first_line: int) -> LoadFile:
    """Index a parsed table by its timestamps, or recognise a bare column with row numbers."""
    columns = list(frame.columns)
    check(len(columns) >= 2 or (len(columns) == 1 and time_column is None
                                and pd.api.types.is_numeric_dtype(frame[columns[0]])),
          "source", path.name, "has no load values beside its timestamps",
          "give a timestamp column and a load column, or one load value per line")
    if len(columns) == 1:  # the other fields were empty: a bare column after all
        return LoadFile(frame.astype("float64"), True,
                        np.arange(first_line, first_line + len(frame)))
    if time_column is None:
        time_column = columns[0]
    check(time_column in columns, "time_column", time_column,
          f"is not a column of {path.name} (columns: {[cell(c) for c in columns[:8]]})",
          "pass time_column= with the name of the timestamp column")
    stamps = frame[time_column]
    if pd.api.types.is_numeric_dtype(stamps):
        rows = stamps.to_numpy()
        counted = (len(rows) > 0 and np.isfinite(rows).all()
                   and rows[0] in (0, 1) and (np.diff(rows) == 1).all())
        if counted and len(columns) == 2:  # HOMER-style "hour, kW": the rows are numbered
            other = [c for c in columns if c != time_column][0]
            values = frame[other]
            if not pd.api.types.is_numeric_dtype(values):
                _numbers([str(v) for v in values], first_line, path.name)
            return LoadFile(frame[[other]].astype("float64"), True,
                            np.arange(first_line, first_line + len(frame)))
        comma = (" (a column of numbers with decimal commas such as '1234,5' reads as two "
                 "columns: use a decimal point)" if sep == "," else "")
        raise InputError(
            f"time_column = {cell(time_column)!r} of {path.name} holds numbers, not timestamps "
            f"(first: {rows[0].item() if len(rows) else None!r}){comma}. Fix: give ISO "
            "timestamps such as '2025-01-01 00:00', or one load value per line (a bare "
            "column, dated with start= or year=).")
    if len(columns) >= 3 and columns.index(time_column) == 0:
        second = frame[columns[1]].astype(str).str.strip()
        if len(second) and second.str.match(_TIME_OF_DAY).all():  # date, time, value
            stamps = frame[columns[0]].astype(str).str.strip() + " " + second
            frame = frame.drop(columns=[columns[1]])
    times = parse_timestamps(stamps, time_column)
    frame = frame.drop(columns=time_column).set_axis(pd.DatetimeIndex(times), axis=0)
    return LoadFile(frame, False)


# --------------------------------------------------------------------------- dating


def bare_steps(n: int, what: str = "source") -> tuple[int, bool]:
    """(values per hour, leap year?) of a bare column of ``n`` values; raises otherwise."""
    for per_hour in STEPS_PER_HOUR:
        for days, leap in ((365, False), (366, True)):
            if n == days * 24 * per_hour:
                return per_hour, leap
    near = min((abs(n - 8760 * k), 8760 * k) for k in STEPS_PER_HOUR)[1]
    diff = n - near
    hint = (f" ({abs(diff):,} {'more' if diff > 0 else 'fewer'} than {near:,}: "
            + ("a total or second header line?" if 0 < diff <= 3 else "a missing day or "
               "hours cut at the end?" if diff < 0 else "more than a year?") + ")"
            if abs(diff) <= 48 * near // 8760 else "")
    raise InputError(
        f"{what} = {n:,} values without timestamps is not a whole year{hint}: a bare column "
        "must hold one value per hour of a year (8,760, or 8,784 for a leap year) or per "
        "sub-hourly step (35,040 for 15 min, 525,600 for 1 min; any step dividing an hour). "
        "Fix: give exactly one year of values, or give timestamps beside the values (a "
        "DatetimeIndex, or a timestamp column in the file) to read a partial year.")


def date_bare_column(values: pd.Series, *, start=None, dated_later: bool = False,
                     what: str = "source", stacklevel: int = 2) -> pd.Series:
    """Index a bare column of a year's values by time.

    Parameters
    ----------
    values : pandas.Series
        The values, in order. [kW or kWh per interval]
    start : str, datetime or pandas.Timestamp, optional
        Timestamp of the first value. Default: 1 January 00:00 of :data:`BARE_YEAR`
        (:data:`BARE_LEAP_YEAR` for a leap-year length), warned unless ``dated_later``.
    dated_later : bool
        The caller moves the calendar itself (``read_load(year=...)``): no warning.
    what : str
        The source, for messages.
    stacklevel : int
        Of the warning.

    Returns
    -------
    pandas.Series
        The values on a regular DatetimeIndex named ``time`` at the step the length gives.

    Examples
    --------
    >>> s = date_bare_column(pd.Series(1.0, index=range(35040)), start="2025-01-01")
    >>> s.index[1], s.index[-1]
    (Timestamp('2025-01-01 00:15:00'), Timestamp('2025-12-31 23:45:00'))
    """
    per_hour, leap = bare_steps(len(values), what)
    if start is None:
        t0 = pd.Timestamp(BARE_LEAP_YEAR if leap else BARE_YEAR, 1, 1)
        if not dated_later:
            warnings.warn(
                f"read_load: {what} is a bare column of {len(values):,} values without dates; "
                f"dated from {t0:%Y-%m-%d %H:%M} ({60 // per_hour} min steps). Pass "
                "start='YYYY-MM-DD HH:MM' (timestamp of the first value) or year=YYYY to "
                "choose its dates.", MinegridWarning, stacklevel=stacklevel)
    else:
        try:
            t0 = pd.Timestamp(start)
        except (ValueError, TypeError) as exc:
            raise InputError(f"start = {cell(start)!r} is not a timestamp. Fix: give the time "
                             "of the first value, e.g. start='2025-01-01 00:00'.") from exc
        check(not pd.isna(t0), "start", start, "is not a timestamp",
              "give the time of the first value, e.g. start='2025-01-01 00:00'")
    index = pd.date_range(t0, periods=len(values), freq=pd.Timedelta(minutes=60 // per_hour),
                          name="time")
    return pd.Series(values.to_numpy(), index=index, name=values.name)
