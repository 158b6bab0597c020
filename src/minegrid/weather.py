"""Sites and weather files: one standard hourly weather frame for every source.

The standard weather frame
--------------------------
Every reader in this module (and :func:`minegrid.synthetic_weather`) returns a
:class:`pandas.DataFrame` with

* float64 columns named as in pvlib:

  =====================  ==========================================  =========
  column                 meaning                                     unit
  =====================  ==========================================  =========
  ``ghi``                global horizontal irradiance                [W m⁻²]
  ``dni``                direct normal irradiance                    [W m⁻²]
  ``dhi``                diffuse horizontal irradiance               [W m⁻²]
  ``temp_air``           dry-bulb air temperature (about 2 m)        [°C]
  ``wind_speed``         wind speed at 10 m (see ``attrs``)          [m s⁻¹]
  ``pressure``           STATION air pressure (not sea-level)        [Pa]
  ``relative_humidity``  optional, only when the file has it         [%]
  ``wind_direction``     optional, degrees clockwise from north      [°]
  ``albedo``             optional, only when the file has REAL data  [-]
  =====================  ==========================================  =========

  Irradiance and the other values are averages over the interval.

* **Timestamp convention.** A tz-aware :class:`pandas.DatetimeIndex` in the
  site's *standard* (no daylight-saving) time zone, strictly increasing with a
  constant step, whose labels mark the **start** of each interval: the row
  labelled 10:00 holds the averages from 10:00 to 11:00. Solar position for
  such a row must be computed at the middle of the interval: use
  :func:`interval_midpoints`. Readers convert each source to this convention:

  ================  ==========================  ============================
  source            file labels                 shift to start labels
  ================  ==========================  ============================
  EPW               start (pvlib: hour 1→00:00)  none
  TMY3              end of the hour             −1 h
  TMY2              start (pvlib: hour 1→00:00)  none
  NSRDB PSM3/PSM4   middle (UTC, hh:30)         −30 min, then UTC→local std
  Explorador (SAM)  middle (local std, hh:00)   −30 min (rows start at hh:30)
  PVGIS TMY         middle (UTC, hh:00)         −30 min, then UTC→local std
  generic CSV       as told by ``label=``       as needed
  ================  ==========================  ============================

  The EPW, TMY3, NSRDB and Explorador conventions were checked on real files by
  matching the irradiance-weighted mean time of each day to solar noon (see
  ``tests/test_weather.py``). The PVGIS one follows the PVGIS documentation
  (hourly values are satellite estimates representative of the labelled time);
  its few-minute "irradiance time offset" is ignored.

* Typical-year files (EPW, TMY2/3, PVGIS TMY, NSRDB TMY, Explorador) take their
  months from different calendar years. Their timestamps are moved to one
  non-leap year (``coerce_year``, default 2023), wrapping the rows that a shift
  pushes across New Year (e.g. TMY3's final hour labelled 24:00 on 31 December)
  to the other end of the same year, so the index covers exactly one year.

* ``frame.attrs`` records ``source_format``, ``source`` (the path),
  ``wind_speed_height_m`` (10.0 for every supported source) and ``notes`` (a
  list of strings describing what the reader did, e.g. a placeholder albedo
  column dropped).

Missing-value markers (EPW ``9999``, ``99.9``, ``999999``; TMY ``-9900``) become
NaN. Any NaN or missing timestamp then raises :class:`~minegrid.errors.InputError`
unless ``max_fill_steps`` allows short runs to be interpolated linearly, which
warns with :class:`~minegrid.errors.MinegridWarning`.
"""

from __future__ import annotations

import math
import warnings
import zoneinfo
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
import pvlib

from minegrid.errors import InputError, MinegridWarning, check

__all__ = [
    "DEFAULT_YEAR",
    "FORMATS",
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "Site",
    "WeatherData",
    "interval_midpoints",
    "read_weather",
    "standard_tz",
    "validate_weather",
]

#: Columns every weather frame has.
REQUIRED_COLUMNS: tuple[str, ...] = ("ghi", "dni", "dhi", "temp_air", "wind_speed", "pressure")
#: Columns kept when a source provides them.
OPTIONAL_COLUMNS: tuple[str, ...] = ("relative_humidity", "wind_direction", "albedo")
#: Format names accepted by :func:`read_weather`.
FORMATS: tuple[str, ...] = (
    "epw", "tmy3", "tmy2", "pvgis", "nsrdb", "explorador_sam", "explorador", "csv",
)
#: Calendar year given to typical-year data (a non-leap year).
DEFAULT_YEAR = 2023

_LABELS = ("start", "middle", "end")

# plausible ranges of the standard columns, used by validate_weather
_RANGES: dict[str, tuple[float, float, str]] = {
    "ghi": (-10.0, 1600.0, "W/m2"),
    "dni": (-10.0, 1600.0, "W/m2"),
    "dhi": (-10.0, 1000.0, "W/m2"),
    "temp_air": (-70.0, 65.0, "degC"),
    "wind_speed": (0.0, 80.0, "m/s"),
    "pressure": (25_000.0, 110_000.0, "Pa"),
    "relative_humidity": (0.0, 100.5, "%"),
    "wind_direction": (0.0, 360.0, "deg"),
    "albedo": (0.0, 1.0, "-"),
}


# --------------------------------------------------------------------------- site
def standard_tz(utc_offset_h: float) -> str:
    """Name of the fixed-offset zone for a standard-time UTC offset.

    Parameters
    ----------
    utc_offset_h : float
        Offset from UTC, positive east (Chile's standard time is -4). [h]

    Returns
    -------
    str
        ``"UTC"`` or ``"Etc/GMT±N"`` (note the POSIX sign: ``Etc/GMT+4`` is UTC-4).

    Examples
    --------
    >>> standard_tz(-4)
    'Etc/GMT+4'
    >>> standard_tz(0)
    'UTC'
    """
    check(float(utc_offset_h).is_integer() and -12 <= utc_offset_h <= 14, "utc_offset_h",
          utc_offset_h, "must be a whole number of hours in [-12, 14]",
          "pass an IANA zone without daylight saving time as Site(tz=...)")
    hours = int(utc_offset_h)
    return "UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"


def _zone_offsets_h(zone: zoneinfo.ZoneInfo) -> set[float]:
    """UTC offsets of ``zone`` in mid-January and mid-July of 2015-2035. [h]"""
    offsets = set()
    for year in range(2015, 2036):
        for month in (1, 7):
            stamp = pd.Timestamp(year=year, month=month, day=15, tz=zone)
            offsets.add(stamp.utcoffset().total_seconds() / 3600.0)
    return offsets


@dataclass(frozen=True, slots=True, kw_only=True)
class Site:
    """A mine site: where the weather and the generators are.

    Parameters
    ----------
    latitude_deg : float
        Latitude, positive north, in [-90, 90]. [°]
    longitude_deg : float
        Longitude, positive east, in [-180, 180]. [°]
    altitude_m : float, optional
        Elevation above sea level, in [-450, 6500]. When None it is looked up
        offline in pvlib's bundled ``Altitude.h5`` (about 1 km resolution: give
        the real value for a mountain site when you know it). [m]
    tz : str, optional
        Time zone WITHOUT daylight saving time, as every hourly profile must be
        a regular series: ``"Etc/GMT+4"`` (UTC-4, Chile's standard time),
        ``"Etc/GMT+5"`` (Peru), ``"UTC"``, or an IANA zone without DST
        (``"America/Lima"``). A zone with DST (``"America/Santiago"``) raises
        :class:`~minegrid.errors.InputError` naming the fixed-offset zone to
        use. When None, the whole-hour offset nearest to ``longitude_deg / 15``.
    name : str, optional
        Label for reports.

    Examples
    --------
    >>> site = Site(latitude_deg=-22.92, longitude_deg=-69.91, altitude_m=1635, tz="Etc/GMT+4")
    >>> site.utc_offset_h
    -4.0
    >>> site.location.altitude
    1635.0
    """

    latitude_deg: float
    longitude_deg: float
    altitude_m: float | None = None
    tz: str | None = None
    name: str = ""

    def __post_init__(self) -> None:
        lat, lon = self.latitude_deg, self.longitude_deg
        check(_is_real(lat) and -90.0 <= lat <= 90.0, "Site.latitude_deg", lat,
              "must be a number in [-90, 90]", "latitude in decimal degrees, south negative")
        check(_is_real(lon) and -180.0 <= lon <= 180.0, "Site.longitude_deg", lon,
              "must be a number in [-180, 180]", "longitude in decimal degrees, west negative")
        object.__setattr__(self, "latitude_deg", float(lat))
        object.__setattr__(self, "longitude_deg", float(lon))
        alt = self.altitude_m
        if alt is None:
            alt = float(pvlib.location.lookup_altitude(lat, lon))
        check(_is_real(alt) and -450.0 <= alt <= 6500.0, "Site.altitude_m", alt,
              "must be a number in [-450, 6500]", "elevation above sea level in metres")
        object.__setattr__(self, "altitude_m", float(alt))
        tz = self.tz if self.tz is not None else standard_tz(round(lon / 15.0))
        object.__setattr__(self, "tz", _check_tz(tz))
        check(isinstance(self.name, str), "Site.name", self.name, "must be a string")

    @property
    def utc_offset_h(self) -> float:
        """Standard-time offset from UTC, positive east. [h]"""
        (offset,) = _zone_offsets_h(zoneinfo.ZoneInfo(self.tz))
        return offset

    @property
    def location(self) -> pvlib.location.Location:
        """The equivalent :class:`pvlib.location.Location`."""
        return pvlib.location.Location(
            self.latitude_deg, self.longitude_deg, tz=self.tz,
            altitude=self.altitude_m, name=self.name or None,
        )


def _is_real(value) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and math.isfinite(value)


def _check_tz(tz) -> str:
    check(isinstance(tz, str) and tz != "", "Site.tz", tz, "must be a time-zone name",
          "e.g. 'Etc/GMT+4' for UTC-4")
    try:
        zone = zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise InputError(f"Site.tz = {tz!r} is not a known time zone. Fix: use an IANA name "
                         "without daylight saving time or 'Etc/GMT+4' style (UTC-4).") from exc
    offsets = _zone_offsets_h(zone)
    if len(offsets) > 1:
        std = min(offsets)
        suggestion = standard_tz(std) if float(std).is_integer() else "a fixed-offset zone"
        raise InputError(
            f"Site.tz = {tz!r} observes daylight saving time (UTC offsets {sorted(offsets)} h); "
            "hourly profiles need a regular clock without DST jumps. "
            f"Fix: use its standard time, tz={suggestion!r}."
        )
    return tz


# --------------------------------------------------------------------------- helpers
def interval_midpoints(index: pd.DatetimeIndex) -> pd.DatetimeIndex:
    """Middle of each interval of a start-labelled index (for solar position).

    Parameters
    ----------
    index : pandas.DatetimeIndex
        Start-labelled, regular index of a standard weather frame.

    Returns
    -------
    pandas.DatetimeIndex
        ``index + step / 2``.

    Examples
    --------
    >>> idx = pd.date_range("2023-01-01", periods=3, freq="h", tz="Etc/GMT+4")
    >>> interval_midpoints(idx)[0]
    Timestamp('2023-01-01 00:30:00-0400', tz='Etc/GMT+4')
    """
    return index + _step(index) / 2


def _step(index: pd.DatetimeIndex) -> pd.Timedelta:
    """The regular step of ``index`` (the most common difference)."""
    check(len(index) >= 2, "weather.index", f"<{len(index)} rows>",
          "must have at least 2 timestamps")
    diffs = pd.Series(index[1:] - index[:-1])
    return diffs.mode().iloc[0]


class WeatherData(NamedTuple):
    """What :func:`read_weather` returns: ``weather, site = read_weather(path)``."""

    weather: pd.DataFrame
    """Standard weather frame (see the module docstring)."""
    site: Site
    """The site, from the file's metadata unless one was given."""


# --------------------------------------------------------------------------- validation
def validate_weather(weather: pd.DataFrame, *, name: str = "weather") -> None:
    """Check that ``weather`` is a standard weather frame; raise InputError if not.

    Checks the required columns, a tz-aware, strictly increasing, regular
    index, no NaN, and plausible values for each column's unit (pressure in Pa,
    not hPa or kPa; temperature in °C, not K).

    Parameters
    ----------
    weather : pandas.DataFrame
        Frame to check.
    name : str, optional
        Name used in error messages.
    """
    check(isinstance(weather, pd.DataFrame), name, type(weather).__name__,
          "must be a pandas DataFrame", "use read_weather() or synthetic_weather()")
    missing = [c for c in REQUIRED_COLUMNS if c not in weather.columns]
    check(not missing, f"{name} columns", list(weather.columns),
          f"lack the required column(s) {missing}",
          f"provide {list(REQUIRED_COLUMNS)} (pvlib names; pressure in Pa)")
    idx = weather.index
    check(isinstance(idx, pd.DatetimeIndex) and idx.tz is not None, f"{name}.index",
          type(idx).__name__, "must be a tz-aware DatetimeIndex",
          "localise it to the site's standard time, e.g. index.tz_localize('Etc/GMT+4')")
    check(idx.is_monotonic_increasing and idx.is_unique, f"{name}.index", "<unsorted>",
          "must be strictly increasing", "sort it and drop duplicate timestamps")
    step = _step(idx)
    irregular = idx[1:][(idx[1:] - idx[:-1]) != step]
    check(len(irregular) == 0, f"{name}.index", f"step {step}",
          f"has missing timestamps (gaps before {list(irregular[:3].astype(str))})",
          "read the file with read_weather(..., max_fill_steps=N) or fill the gaps")
    for col in [c for c in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS) if c in weather.columns]:
        values = weather[col].to_numpy(dtype=float)
        nan = np.isnan(values)
        check(not nan.any(), f"{name}[{col!r}]", f"<{int(nan.sum())} NaN>",
              "must not contain NaN", "use read_weather(..., max_fill_steps=N) or fill them")
        _check_unit(col, values, name)


def _check_unit(col: str, values: np.ndarray, name: str) -> None:
    lo, hi, unit = _RANGES[col]
    median = float(np.median(values))
    if col == "pressure":
        hint = ""
        if 250.0 <= median <= 1100.0:
            hint = "it looks like hPa/mbar: multiply by 100"
        elif 25.0 <= median <= 110.0:
            hint = "it looks like kPa: multiply by 1000"
        check(not hint, f"{name}['pressure']", f"<median {median:.6g}>",
              "must be station pressure in Pa", hint)
    if col == "temp_air":
        check(median < 150.0, f"{name}['temp_air']", f"<median {median:.6g}>",
              "must be in degC", "it looks like kelvin: subtract 273.15")
    bad = (values < lo) | (values > hi)
    check(not bad.any(), f"{name}[{col!r}]",
          f"<min {values.min():.6g}, max {values.max():.6g}>",
          f"must lie in [{lo:g}, {hi:g}] {unit}", "check the units and missing-value markers")


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
        Overrides the site in the file's metadata (the timestamps are still
        interpreted with the file's own time zone, then converted to
        ``site.tz``). Required for ``format="csv"``.
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
        wind_speed ``m/s``, ``km/h``; irradiance ``W/m2``; relative_humidity
        ``%``, ``fraction``. Unlisted columns are taken in the standard unit.
    time_column : str, optional
        ``format="csv"`` only: the timestamp column (default: the first).
        Naive timestamps are taken in ``site.tz``.
    label : {"start", "middle", "end"}, optional
        ``format="csv"`` only: which point of each interval the timestamps mark.
    typical_year : bool, optional
        ``format="csv"`` only: the rows are a typical year to be moved to
        ``coerce_year``.

    Returns
    -------
    WeatherData
        ``(weather, site)``.

    Raises
    ------
    InputError
        Unknown or undetectable format, missing column, implausible units,
        gaps (unless filled), a leap ``coerce_year``.
    """
    path = Path(path)
    check(path.is_file(), "path", str(path), "is not a readable file", "check the path")
    check(isinstance(coerce_year, int) and not _is_leap(coerce_year), "coerce_year",
          coerce_year, "must be a non-leap year (typical years have 8760 hours)", "e.g. 2023")
    check(isinstance(max_fill_steps, int) and max_fill_steps >= 0, "max_fill_steps",
          max_fill_steps, "must be an integer >= 0")
    from minegrid import weather_formats as formats

    fmt = formats.detect_format(path) if format is None else str(format).lower()
    check(fmt in FORMATS, "format", format, f"is not one of {list(FORMATS)}",
          "name the format explicitly, or use format='csv' with columns= and units=")
    generic_args = {"columns": columns, "units": units, "time_column": time_column}
    if fmt != "csv":
        given = [k for k, v in generic_args.items() if v is not None]
        check(not given and label == "start" and not typical_year, "read_weather arguments",
              given or label, f"apply only to format='csv', not {fmt!r}", "drop them")
    if fmt == "csv":
        raw = formats.read_generic_csv(path, site, columns, units, time_column, label,
                                       typical_year)
    else:
        raw = formats.READERS[fmt](path)
    return _finish(raw, fmt, path, site, coerce_year, max_fill_steps)


def _finish(raw, fmt: str, path: Path, site: Site | None, coerce_year: int,
            max_fill_steps: int) -> WeatherData:
    site = site if site is not None else raw.meta_site
    check(site is not None, "site", None, f"is required for format {fmt!r}",
          "pass site=Site(latitude_deg=..., longitude_deg=..., tz=...)")
    frame = raw.frame.copy()
    notes = list(raw.notes)
    if raw.typical:  # set the year on the file's own wall clock, before any shift
        frame = _set_year(frame, coerce_year)
        notes.append(f"typical year moved to {coerce_year}")
    idx = frame.index
    step = _step(idx.sort_values())
    if raw.index_label == "end":
        idx = idx - step
    elif raw.index_label == "middle":
        idx = idx - step / 2
    frame.index = idx.tz_convert(site.tz)
    if raw.typical:  # wrap the rows a shift pushed across New Year
        frame = _set_year(frame, coerce_year)
    frame = _drop_placeholder_albedo(frame, notes)
    frame = frame[[c for c in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS) if c in frame.columns]]
    frame = frame.astype("float64")
    frame = _fix_gaps(frame, max_fill_steps, notes)
    frame.index.name = "time"
    validate_weather(frame)
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


def _fix_gaps(frame: pd.DataFrame, max_fill_steps: int, notes: list[str]) -> pd.DataFrame:
    """Reindex to a regular index; fill runs <= max_fill_steps with a warning, else raise."""
    idx = frame.index
    check(idx.is_unique, "weather.index", list(idx[idx.duplicated()][:3].astype(str)),
          "has duplicate timestamps", "remove the duplicated rows")
    step = _step(idx)
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


# --------------------------------------------------------------------------- detection
