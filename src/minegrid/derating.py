"""Genset derating: the available capacity of a diesel genset at altitude and in heat.

:func:`genset_derating` gives, for every row of a standard weather frame, the
capacity of a genset as a fraction of its rating, by one of three named rules
(:data:`GENSET_RULES`): ISO 3046-1 (exponents by engine type in
:data:`ISO3046_EXPONENTS`), a linear datasheet rule, or a vendor table
interpolated bilinearly. It is also importable from :mod:`minegrid.generation`.
The equations and references are in ``docs/resource.md``.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from minegrid.errors import MinegridWarning, check, choice, number
from minegrid.weather import Site, validate_weather

__all__ = ["GENSET_RULES", "ISO3046_EXPONENTS", "genset_derating"]

_MODEL_FIX = "pick one of the listed model names"  # the fix of an unknown rule or engine

#: Rules accepted by :func:`genset_derating`.
GENSET_RULES = ("iso3046", "linear", "table")
#: ISO 3046-1 exponents (a on pressure, b on temperature) by engine type.
ISO3046_EXPONENTS: dict[str, tuple[float, float]] = {
    "naturally_aspirated": (1.0, 0.75),
    "turbocharged": (0.7, 2.0),
    "turbocharged_aftercooled": (0.7, 1.2),
}
_P_REF_PA = 100_000.0  # ISO 3046-1 standard reference pressure [Pa]
_T_REF_K = 298.15  # ISO 3046-1 standard reference temperature, 25 degC [K]


#: Lowest available-capacity factor a derating rule may return (with a warning). [-]
_MIN_CAPACITY_FACTOR = 0.05


def genset_derating(
    weather: pd.DataFrame,
    site: Site,
    *,
    rule: str = "iso3046",
    engine: str = "turbocharged_aftercooled",
    mechanical_efficiency: float = 0.8,
    altitude_threshold_m: float = 1000.0,
    percent_per_300m: float = 3.0,
    temperature_threshold_c: float = 25.0,
    percent_per_5c: float = 1.0,
    table: pd.DataFrame | None = None,
) -> pd.Series:
    """Available capacity of a diesel genset as a fraction of its rating.

    Rules (all results are capped at 1.0 and floored at 0.05):

    ``"iso3046"``
        ISO 3046-1 power adjustment for ambient conditions:
        ``k = (p / 100 kPa)**a * (298.15 K / T)**b`` and
        ``alpha = k - 0.7 * (1 - k) * (1 / eta_m - 1)`` with the hourly station
        pressure ``p`` and air temperature ``T`` of the weather, exponents
        ``(a, b)`` of :data:`ISO3046_EXPONENTS` for ``engine``, and
        ``eta_m = mechanical_efficiency``. Humidity and charge-air-coolant
        terms are neglected (dry, cool Andean air).
    ``"linear"``
        A datasheet-style rule: ``percent_per_300m`` % per 300 m above
        ``altitude_threshold_m`` (site altitude) plus ``percent_per_5c`` % per
        5 °C above ``temperature_threshold_c`` (hourly air temperature). The
        defaults, 3 %/300 m above 1,000 m and 1 %/5 °C above 25 °C, are the
        order of magnitude of turbocharged-engine datasheets (MSHA's altitude
        rule for turbocharged mine engines is 1 % per 100 m from 1,000 m);
        vendor data differ: use your engine's.
    ``"table"``
        The vendor's table: a DataFrame whose index is altitude [m], columns
        air temperature [°C] and values the capacity fraction, interpolated
        bilinearly at (site altitude, hourly temperature). Points outside the
        table are clamped to its edge, with a MinegridWarning.

    Parameters
    ----------
    weather : pandas.DataFrame
        Standard weather frame (uses ``temp_air`` [°C] and ``pressure`` [Pa]).
    site : Site
        The site (its altitude) [m].
    rule : {"iso3046", "linear", "table"}, optional
        See above; passing ``table=`` implies ``rule="table"``.
    engine : str, optional
        ``"iso3046"`` only: a key of :data:`ISO3046_EXPONENTS`.
    mechanical_efficiency : float, optional
        ``"iso3046"`` only: engine mechanical efficiency, in (0.5, 1]. [-]
    altitude_threshold_m, percent_per_300m, temperature_threshold_c, percent_per_5c : float
        ``"linear"`` only: see above. [m], [%], [°C], [%]
    table : pandas.DataFrame, optional
        ``"table"`` only: see above.

    Returns
    -------
    pandas.Series
        ``genset_capacity_factor`` on ``weather.index``, float64, in (0, 1]. [-]
    """
    if table is not None:
        rule = "table"
    choice(rule, GENSET_RULES, "rule", _MODEL_FIX)
    validate_weather(weather)
    for name, value in (("mechanical_efficiency", mechanical_efficiency),
                        ("altitude_threshold_m", altitude_threshold_m),
                        ("percent_per_300m", percent_per_300m),
                        ("temperature_threshold_c", temperature_threshold_c),
                        ("percent_per_5c", percent_per_5c)):
        number(value, name)  # every option is a number, whichever rule uses it
    temp_c = weather["temp_air"].to_numpy(dtype=float)
    if rule == "iso3046":
        choice(engine, tuple(ISO3046_EXPONENTS), "engine", _MODEL_FIX)
        number(mechanical_efficiency, "mechanical_efficiency", minimum=0.5, maximum=1.0,
               strict=True)
        a, b = ISO3046_EXPONENTS[engine]
        k = (weather["pressure"].to_numpy(dtype=float) / _P_REF_PA) ** a * (
            _T_REF_K / (temp_c + 273.15)) ** b
        factor = k - 0.7 * (1.0 - k) * (1.0 / mechanical_efficiency - 1.0)
    elif rule == "linear":
        for name, value in (("percent_per_300m", percent_per_300m),
                            ("percent_per_5c", percent_per_5c)):
            number(value, name, minimum=0.0, maximum=50.0,
                   fix="give a percentage in [0, 50]")

        alt_excess = max(site.altitude_m - altitude_threshold_m, 0.0)
        temp_excess = np.clip(temp_c - temperature_threshold_c, 0.0, None)
        factor = 1.0 - percent_per_300m / 100.0 * alt_excess / 300.0 \
            - percent_per_5c / 100.0 * temp_excess / 5.0
    else:
        check(table is not None, "table", None, "is required for rule='table'",
              "pass table= a DataFrame of available fractions (altitude x temperature)")
        factor = _interpolate_table(table, site.altitude_m, temp_c)
    factor = np.asarray(factor, dtype=float)
    floor = factor < _MIN_CAPACITY_FACTOR
    if floor.any():
        warnings.warn(f"genset derating rule {rule!r} gives {int(floor.sum())} hours below "
                      f"{_MIN_CAPACITY_FACTOR} of rating (lowest {factor.min():.3f}); they are "
                      f"raised to {_MIN_CAPACITY_FACTOR}. Check the rule's parameters.",
                      MinegridWarning, stacklevel=2)
    # an engine never delivers more than its rating, however cold and dense the air
    factor = np.clip(factor, _MIN_CAPACITY_FACTOR, 1.0)
    return pd.Series(factor, index=weather.index, name="genset_capacity_factor",
                     dtype="float64")


def _interpolate_table(table: pd.DataFrame, altitude_m: float, temp_c: np.ndarray) -> np.ndarray:
    check(isinstance(table, pd.DataFrame) and table.shape[0] >= 1 and table.shape[1] >= 1,
          "table", type(table).__name__,
          "must be a DataFrame: index altitude [m], columns temperature [degC]",
          "pass a table of available fractions indexed by altitude, one column per temperature")
    alts = np.asarray(table.index, dtype=float)
    temps = np.asarray(table.columns, dtype=float)
    values = table.to_numpy(dtype=float)
    check(np.all(np.diff(alts) > 0) and np.all(np.diff(temps) > 0), "table axes",
          (alts.tolist(), temps.tolist()), "must be strictly increasing",
          "sort the altitudes (index) and temperatures (columns) upwards")
    check(np.all((values > 0) & (values <= 1)), "table values", values.min(),
          "must lie in (0, 1] (fraction of rated power)", "give fractions, e.g. 0.85")
    outside = (altitude_m < alts[0]) or (altitude_m > alts[-1]) or (
        (temp_c < temps[0]) | (temp_c > temps[-1])).any()
    if outside:
        warnings.warn("genset derating table does not cover the site altitude "
                      f"({altitude_m:g} m) or all temperatures ({temp_c.min():.1f} to "
                      f"{temp_c.max():.1f} degC): clamped to its edges",
                      MinegridWarning, stacklevel=3)
    # interpolate along altitude first (one value per temperature column), then temperature
    at_alt = np.array([np.interp(altitude_m, alts, values[:, j]) for j in range(len(temps))])
    return np.interp(temp_c, temps, at_alt)
