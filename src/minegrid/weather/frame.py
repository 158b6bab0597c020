"""The standard weather frame: its columns, its start-labelled timestamps and its checks.

Every reader and :func:`~minegrid.weather.synthetic_weather` return this frame;
its conventions (columns, units, timestamp labels) are described in
:mod:`minegrid.weather`. :func:`validate_weather` checks a frame from any
source, :func:`interval_midpoints` gives the times for solar position.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from minegrid.errors import check

__all__ = [
    "DEFAULT_YEAR",
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "TIMESTAMP_LABELS",
    "interval_midpoints",
    "interval_step",
    "validate_weather",
]

#: Columns every weather frame has.
REQUIRED_COLUMNS: tuple[str, ...] = ("ghi", "dni", "dhi", "temp_air", "wind_speed", "pressure")
#: Columns kept when a source provides them.
OPTIONAL_COLUMNS: tuple[str, ...] = ("relative_humidity", "wind_direction", "albedo",
                                     "precipitation")
#: Calendar year given to typical-year data (a non-leap year).
DEFAULT_YEAR = 2023

#: Which point of each interval a source's timestamps may mark (the frame uses ``"start"``).
TIMESTAMP_LABELS: tuple[str, ...] = ("start", "middle", "end")

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
    "precipitation": (0.0, 500.0, "mm per interval"),
}


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
    return index + interval_step(index) / 2


def interval_step(index: pd.DatetimeIndex) -> pd.Timedelta:
    """The regular step of ``index`` (the most common difference).

    Parameters
    ----------
    index : pandas.DatetimeIndex
        At least 2 timestamps.

    Returns
    -------
    pandas.Timedelta
        The most common difference between consecutive timestamps.

    Examples
    --------
    >>> interval_step(pd.date_range("2023-01-01", periods=3, freq="h", tz="UTC"))
    Timedelta('0 days 01:00:00')
    """
    check(len(index) >= 2, "weather.index", f"<{len(index)} rows>",
          "must have at least 2 timestamps", "give a file with at least two rows of data")
    diffs = pd.Series(index[1:] - index[:-1])
    return diffs.mode().iloc[0]


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
    step = interval_step(idx)
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
