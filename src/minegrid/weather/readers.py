"""Reading a weather file: :func:`read_weather`, and the repairs it applies.

:func:`read_weather` detects the format, calls its reader from
:mod:`minegrid.weather.formats`, then applies the common steps to every source:
shift the timestamps to start labels, move a typical year to one calendar year
(dropping 29 February), drop a placeholder albedo column, fill short gaps (with
a warning) and validate the result. See :mod:`minegrid.weather` for the
conventions.
"""

from __future__ import annotations

import dataclasses
import warnings
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from minegrid.errors import InputError, MinegridWarning, check, file_error
from minegrid.profiles import check_coverage
from minegrid.weather.checks import check_irradiance, check_site
from minegrid.weather.formats import FORMATS, READERS, detect_format, read_generic_csv
from minegrid.weather.frame import (
    DEFAULT_YEAR,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    interval_step,
    validate_weather,
)
from minegrid.weather.site import Site

__all__ = ["WeatherData", "read_weather"]


class WeatherData(NamedTuple):
    """What :func:`read_weather` returns: ``weather, site = read_weather(path)``."""

    weather: pd.DataFrame
    """Standard weather frame (see :mod:`minegrid.weather`)."""
    site: Site
    """The site, from the file's metadata unless one was given."""


# --------------------------------------------------------------------------- reading
def read_weather(
    path: str | Path,
    format: str | None = None,
    *,
    site: Site | None = None,
    coerce_year: int = DEFAULT_YEAR,
    max_fill_steps: int = 0,
    columns: dict[str, str] | None = None,
    units: dict[str, str] | None = None,
    time_column: str | None = None,
    label: str = "start",
    typical_year: bool = False,
    check_site: bool = True,
    partial_year: bool = False,
) -> WeatherData:
    """Read a weather file into the standard weather frame and its site.

    Parameters
    ----------
    path : str or pathlib.Path
        The file.
    format : str, optional
        One of :data:`FORMATS`. When None it is detected from the extension and
        the first lines; a generic CSV always needs ``format="csv"``.
    site : Site, optional
        The site, checked against the one in the file's header (see
        ``check_site``); when its ``tz`` is None the file's zone is taken. The
        timestamps are interpreted with the file's own time zone, then
        converted to ``site.tz``. Required for ``format="csv"`` (with ``tz``).
    coerce_year : int, optional
        Non-leap calendar year given to typical-year data. [year]
    max_fill_steps : int, optional
        Longest run of missing values or timestamps to fill by linear
        interpolation, with a :class:`~minegrid.errors.MinegridWarning`. The
        default 0 raises :class:`~minegrid.errors.InputError` on any gap.
    columns : dict, optional
        ``format="csv"`` only: file column -> standard column name.
    units : dict, optional
        ``format="csv"`` only: standard column -> unit of the file. Accepted:
        pressure ``Pa``, ``hPa``, ``mbar``, ``kPa``; temp_air ``degC``, ``K``;
        wind_speed ``m/s``, ``km/h``; irradiance ``W/m2``, ``kW/m2`` or
        ``kWh/m2`` (hourly data only); relative_humidity
        ``%``, ``fraction``; precipitation ``mm``, ``cm``, ``in`` (per interval).
        Unlisted columns are taken in the standard unit.
    time_column : str, optional
        ``format="csv"`` only: the timestamp column (default: the first).
        Naive timestamps are taken in ``site.tz``.
    label : {"start", "middle", "end"}, optional
        ``format="csv"`` only: which point of each interval the timestamps mark.
    typical_year : bool, optional
        ``format="csv"`` only: the rows are a typical year to be moved to
        ``coerce_year``.
    check_site : bool, optional
        Compare ``site`` with the file's header: more than
        ``SITE_TOLERANCE["distance_km"]`` (50 km) apart, altitudes more than
        ``SITE_TOLERANCE["altitude_m"]`` (500 m) apart, or another UTC offset
        raise InputError naming the likely slip. False uses the file for
        another site on purpose.
    partial_year : bool, optional
        Accept a file shorter than a year (364 days), whose flows the
        simulation scales to a year, with a MinegridWarning; the default
        raises InputError.

    Returns
    -------
    WeatherData
        ``(weather, site)``.

    Raises
    ------
    InputError
        Unknown or undetectable format, missing column, implausible units,
        gaps (unless filled), a leap ``coerce_year``, a site far from the
        file's, less than a year of data, irradiance above the
        extraterrestrial value or in kWh/m2.
    """
    check(isinstance(path, str | Path), "path", type(path).__name__, "must be a file path",
          "pass the path of a weather file")
    path = Path(path)
    check(path.is_file(), "path", str(path), "is not a readable file", "check the path")
    check(site is None or isinstance(site, Site), "site", type(site).__name__,
          "must be None or a minegrid.Site", "pass site=minegrid.Site(...), or put the site in "
          "[site] of a scenario")
    check(max_fill_steps is not True and max_fill_steps is not False, "max_fill_steps",
          max_fill_steps, "must be an integer >= 0", "e.g. max_fill_steps=3")
    check(isinstance(coerce_year, int) and not _is_leap(coerce_year), "coerce_year",
          coerce_year, "must be a non-leap year (typical years have 8760 hours)", "e.g. 2023")
    check(isinstance(max_fill_steps, int) and max_fill_steps >= 0, "max_fill_steps",
          max_fill_steps, "must be an integer >= 0", "e.g. max_fill_steps=3")
    check(format is None or isinstance(format, str), "format", format,
          f"must be one of {list(FORMATS)}", "name the format as a string, e.g. format='epw'")
    fmt = detect_format(path) if format is None else format.lower()
    check(fmt in FORMATS, "format", format, f"is not one of {list(FORMATS)}",
          "name the format explicitly, or use format='csv' with columns= and units=")
    generic_args = {"columns": columns, "units": units, "time_column": time_column}
    if fmt != "csv":
        given = [k for k, v in generic_args.items() if v is not None]
        check(not given and label == "start" and not typical_year, "read_weather arguments",
              given or label, f"apply only to format='csv', not {fmt!r}", "drop them")
    name = _FORMAT_NAMES.get(fmt, fmt)
    fix = (f"check that the file is a complete {name} file as exported, or pass the right "
           "format= (format='csv' with columns= and units= for any other table)")
    try:
        if fmt == "csv":
            raw = read_generic_csv(path, site, columns, units, time_column, label,
                                   typical_year)
        else:
            raw = READERS[fmt](path)
    except InputError:
        raise
    except Exception as exc:  # whatever a parser raises on a damaged file
        raise file_error(path, f"weather in the {name} format", exc, fix) from None
    try:
        return _finish(raw, fmt, path, site, coerce_year, max_fill_steps, check_site,
                       partial_year)
    except InputError:
        raise
    except _CONTENT_ERRORS as exc:  # values the reader passed on that make no weather
        raise file_error(path, f"weather in the {name} format", exc, fix) from None


#: What the common steps raise on values from a damaged file (besides InputError).
_CONTENT_ERRORS = (ValueError, KeyError, IndexError, TypeError, OverflowError)
_FORMAT_NAMES = {"epw": "EPW", "tmy3": "TMY3", "tmy2": "TMY2", "pvgis": "PVGIS",
                 "nsrdb": "NSRDB", "explorador_sam": "Explorador Solar (SAM)",
                 "explorador": "Explorador Solar", "csv": "CSV"}


def _finish(raw, fmt: str, path: Path, site: Site | None, coerce_year: int,
            max_fill_steps: int, check_site_: bool, partial_year: bool) -> WeatherData:
    if site is not None and raw.meta_site is not None and fmt != "csv":
        if check_site_:
            site = check_site(site, raw.meta_site, path.name, check_tz=fmt != "pvgis")
        elif site.tz is None:
            site = dataclasses.replace(site, tz=raw.meta_site.tz)
    site = site if site is not None else raw.meta_site
    check(site is not None, "site", None, f"is required for format {fmt!r}",
          "pass site=Site(latitude_deg=..., longitude_deg=..., tz=...)")
    site.require_tz(f"reading {path.name}")
    frame = raw.frame.copy()
    notes = list(raw.notes)
    if raw.typical:  # set the year on the file's own wall clock, before any shift
        frame = _set_year(frame, coerce_year)
        notes.append(f"typical year moved to {coerce_year}")
    idx = frame.index
    step = interval_step(idx.sort_values())
    if raw.index_label == "end":
        idx = idx - step
    elif raw.index_label == "middle":
        idx = idx - step / 2
    frame.index = idx.tz_convert(site.tz)
    if raw.typical:  # wrap the rows a shift pushed across New Year
        frame = _set_year(frame, coerce_year)
    frame = _drop_placeholder_albedo(frame, notes)
    frame = _drop_placeholder_rain(frame, notes)
    frame = frame[[c for c in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS) if c in frame.columns]]
    frame = frame.astype("float64")
    frame = _fix_gaps(frame, max_fill_steps, notes)
    frame.index.name = "time"
    validate_weather(frame)
    check_coverage(len(frame) * interval_step(frame.index) / pd.Timedelta(hours=1),
                   frame.index[0], path.name, partial_year)
    check_irradiance(frame, site, name=path.name)
    frame.attrs = {"source_format": fmt, "source": str(path), "wind_speed_height_m": 10.0,
                   "notes": notes}
    return WeatherData(frame, site)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _set_year(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """Give every row the same wall-clock time in ``year`` (wrapping across New Year)."""
    idx = frame.index
    feb29 = (idx.month == 2) & (idx.day == 29)
    if feb29.any():
        warnings.warn(f"dropped {int(feb29.sum())} rows dated 29 February from a typical year",
                      MinegridWarning, stacklevel=4)
        frame, idx = frame[~feb29], idx[~feb29]
    naive = pd.to_datetime(pd.DataFrame({
        "year": year, "month": idx.month, "day": idx.day, "hour": idx.hour,
        "minute": idx.minute,
    }))
    frame = frame.set_axis(pd.DatetimeIndex(naive).tz_localize(idx.tz)).sort_index()
    dup = frame.index.duplicated()
    check(not dup.any(), "weather.index", list(frame.index[dup][:3].astype(str)),
          "has duplicate timestamps after moving the typical year to one calendar year",
          "check that the file holds one typical year")
    return frame


def _drop_placeholder_albedo(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    if "albedo" not in frame.columns:
        return frame
    alb = frame["albedo"]
    if alb.isna().all() or (alb.fillna(0.0) == 0.0).all():
        notes.append("albedo column was all zero or missing (a placeholder): dropped")
        return frame.drop(columns="albedo")
    if alb.isna().any() or ((alb <= 0.0) | (alb >= 1.0)).any():
        warnings.warn("the albedo column has missing or out-of-range values: dropped it "
                      "(pv_profile then uses its albedo argument)", MinegridWarning, stacklevel=4)
        notes.append("albedo column with missing values: dropped")
        return frame.drop(columns="albedo")
    return frame


def _drop_placeholder_rain(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """Drop a precipitation column that holds no data: all zero or missing (IWEC and many
    other typical-year EPW files carry zeros there), so no one reads it as a rainless year."""
    if "precipitation" not in frame.columns:
        return frame
    rain = frame["precipitation"]
    if rain.isna().all() or (rain.fillna(0.0) == 0.0).all():
        notes.append("precipitation column was all zero or missing (a placeholder): dropped; "
                     "the soiling model then sees no rain washes")
        return frame.drop(columns="precipitation")
    if rain.isna().any():  # a gap in rain is no rain, not a value to interpolate
        notes.append(f"{int(rain.isna().sum())} missing precipitation values taken as 0 mm")
        frame = frame.assign(precipitation=rain.fillna(0.0))
    return frame


def _fix_gaps(frame: pd.DataFrame, max_fill_steps: int, notes: list[str]) -> pd.DataFrame:
    """Reindex to a regular index; fill runs <= max_fill_steps with a warning, else raise."""
    idx = frame.index
    check(idx.is_unique, "weather.index", list(idx[idx.duplicated()][:3].astype(str)),
          "has duplicate timestamps", "remove the duplicated rows")
    step = interval_step(idx)
    full = pd.date_range(idx[0], idx[-1], freq=step, tz=idx.tz)
    if len(full) == len(idx) and (full == idx).all():
        full = idx
    else:
        off_grid = idx.difference(full)
        check(len(off_grid) == 0, "weather.index", list(off_grid[:3].astype(str)),
              f"is not on a regular {step} grid", "resample the data to a regular step")
        frame = frame.reindex(full)
    missing = frame.isna().any(axis=1)
    if not missing.any():
        return frame
    runs = _run_lengths(missing.to_numpy())
    first = list(frame.index[missing.to_numpy()][:3].astype(str))
    if max_fill_steps == 0 or runs.max() > max_fill_steps:
        raise InputError(
            f"weather has {int(missing.sum())} missing time steps (missing values or "
            f"timestamps; longest run {int(runs.max())} steps, first at {first}). "
            f"Fix: pass max_fill_steps >= {int(runs.max())} to interpolate them linearly "
            "(with a warning), or fix the file."
        )
    filled = frame.interpolate(method="time", limit_direction="both")
    msg = (f"filled {int(missing.sum())} missing time steps by linear interpolation "
           f"(longest run {int(runs.max())} steps, first at {first})")
    warnings.warn(msg, MinegridWarning, stacklevel=4)
    notes.append(msg)
    return filled


def _run_lengths(mask: np.ndarray) -> np.ndarray:
    """Lengths of the runs of True in ``mask``."""
    padded = np.concatenate(([0], mask.astype(np.int8), [0]))
    edges = np.flatnonzero(np.diff(padded))
    return edges[1::2] - edges[0::2]
