"""Sites, weather files and synthetic weather: one standard hourly weather frame for every source.

The package holds

* :mod:`~minegrid.weather.site`: :class:`Site` and :func:`standard_tz`;
* :mod:`~minegrid.weather.frame`: the standard weather frame (its columns,
  :func:`interval_midpoints`, :func:`validate_weather`);
* :mod:`~minegrid.weather.readers`: :func:`read_weather` and the repairs it
  applies to every source (timestamp shift, typical year, gaps);
* :mod:`~minegrid.weather.formats`: one reader per file format, and format
  detection;
* :mod:`~minegrid.weather.checks`: the site against a file's header, a full
  year, irradiance against the sun;
* :mod:`~minegrid.weather.cloudiness`: the clear-sky-index model of synthetic
  weather (:class:`Cloudiness`), :mod:`~minegrid.weather.climates` its documented
  defaults by climate (:data:`CLIMATES`, :func:`climate_of`) and
  :mod:`~minegrid.weather.calibration` its calibration (:func:`calibrate_cloudiness`);
* :mod:`~minegrid.weather.synthetic`: :func:`synthetic_weather` and
  :func:`monthly_climate` (these two are imported on first use: they need scipy).

Every public name is importable from ``minegrid.weather``.

The standard weather frame
--------------------------
Every reader in this package (and :func:`minegrid.synthetic_weather`) returns a
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
  ``precipitation``      optional, rain in the interval (EPW's       [mm]
                         liquid precipitation depth), only when the
                         file has REAL data (the soiling model's
                         rain washes, :mod:`minegrid.soiling`)
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

import importlib

from minegrid.weather.checks import SITE_TOLERANCE, check_irradiance, check_site
from minegrid.weather.formats import FORMATS, READERS, RawWeather, detect_format, read_generic_csv
from minegrid.weather.frame import (
    DEFAULT_YEAR,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    interval_midpoints,
    validate_weather,
)
from minegrid.weather.readers import WeatherData, read_weather
from minegrid.weather.site import Site, standard_tz

# every public name of the former modules weather, weather_formats and synthetic
__all__ = [
    "CLIMATES",
    "Cloudiness",
    "DEFAULT_MONTHLY_CLEARNESS",
    "DEFAULT_MONTHLY_WIND_SPEED_M_S",
    "DEFAULT_YEAR",
    "FORMATS",
    "LAPSE_RATE_K_PER_M",
    "OPTIONAL_COLUMNS",
    "READERS",
    "REQUIRED_COLUMNS",
    "RawWeather",
    "SEA_LEVEL_TEMP_C",
    "SITE_TOLERANCE",
    "Site",
    "WeatherData",
    "calibrate_cloudiness",
    "check_irradiance",
    "check_site",
    "climate_of",
    "daily_clear_sky_index",
    "default_cloudiness",
    "detect_format",
    "interval_midpoints",
    "monthly_climate",
    "read_generic_csv",
    "read_weather",
    "standard_tz",
    "synthetic_weather",
    "validate_weather",
]

# names imported on first use (they import scipy.stats), with their module
_LAZY = {
    **{name: "minegrid.weather.synthetic" for name in (
        "DEFAULT_MONTHLY_CLEARNESS", "DEFAULT_MONTHLY_WIND_SPEED_M_S", "monthly_climate",
        "synthetic_weather", "LAPSE_RATE_K_PER_M", "SEA_LEVEL_TEMP_C")},
    "Cloudiness": "minegrid.weather.cloudiness",
    **{name: "minegrid.weather.climates" for name in (
        "CLIMATES", "climate_of", "default_cloudiness")},
    **{name: "minegrid.weather.calibration" for name in (
        "calibrate_cloudiness", "daily_clear_sky_index")},
}


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module 'minegrid.weather' has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
