"""Genset derating: available capacity and specific fuel consumption at altitude and in heat.

:func:`genset_derating` gives, for every row of a standard weather frame, the
capacity of a genset as a fraction of its rating, by one of the named rules of
:data:`GENSET_RULES`:

* ``"manufacturer"`` (default): the datasheet form, full rating up to a
  threshold altitude and temperature, then a percentage per 300 m and per
  degree, with the parameters of an engine of :data:`ENGINES` (common diesel
  and gas gensets, each with its source);
* ``"iso3046"``: the ISO 3046-1 power adjustment (exponents by engine type in
  :data:`ISO3046_EXPONENTS`);
* ``"linear"``: the former datasheet-style rule (per 300 m, per 5 °C);
* ``"table"``: a vendor table interpolated bilinearly.

:func:`genset_fuel_multiplier` gives the matching specific-fuel-consumption
multiplier (1.0: the fuel curve as rated): the engine's datasheet slope for
``"manufacturer"``, ISO 3046-1's ``β = k / α`` for ``"iso3046"``, a vendor
fuel table for ``"table"``. Both are importable from :mod:`minegrid.generation`.
The equations and references are in ``docs/resource.md``.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from minegrid.errors import MinegridWarning, check, choice, number
from minegrid.weather import Site, validate_weather

__all__ = ["ENGINES", "EngineDerating", "GENSET_RULES", "ISO3046_EXPONENTS", "genset_derating",
           "genset_fuel_multiplier"]

_MODEL_FIX = "pick one of the listed model names"  # the fix of an unknown rule or engine

#: Rules accepted by :func:`genset_derating`.
GENSET_RULES = ("manufacturer", "iso3046", "linear", "table")
#: ISO 3046-1 exponents (a on pressure, b on temperature) by engine type.
ISO3046_EXPONENTS: dict[str, tuple[float, float]] = {
    "naturally_aspirated": (1.0, 0.75),
    "turbocharged": (0.7, 2.0),
    "turbocharged_aftercooled": (0.7, 1.2),
}
_P_REF_PA = 100_000.0  # ISO 3046-1 standard reference pressure [Pa]
_T_REF_K = 298.15  # ISO 3046-1 standard reference temperature, 25 degC [K]


@dataclass(frozen=True, slots=True)
class EngineDerating:
    """A genset's datasheet derating: full rating to a threshold, then linear.

    ``a = 1 − p_z/100 · max(z − z0, 0)/300 − p_T/100 · max(T − T0, 0)`` and the
    specific fuel consumption multiplier
    ``f = 1 + s_z/100 · max(z − z0, 0)/300 + s_T/100 · max(T − T0, 0)``.

    Attributes
    ----------
    fuel : {"diesel", "gas"}
    altitude_threshold_m : float
        Full rating up to this site altitude ``z0``. [m]
    percent_per_300m : float
        Capacity lost per 300 m above it, ``p_z``. [%]
    temperature_threshold_c : float
        Full rating up to this air temperature ``T0``. [°C]
    percent_per_degc : float
        Capacity lost per degree above it, ``p_T``. [%/K]
    sfc_percent_per_300m, sfc_percent_per_degc : float
        Specific fuel consumption gained per 300 m and per degree above the
        thresholds, ``s_z`` and ``s_T``; 0 where the source gives none. [%], [%/K]
    source : str
        Where the numbers come from.
    """

    fuel: str
    altitude_threshold_m: float
    percent_per_300m: float
    temperature_threshold_c: float
    percent_per_degc: float
    sfc_percent_per_300m: float = 0.0
    sfc_percent_per_degc: float = 0.0
    source: str = ""


_CUMMINS = ("Cummins generator-set datasheets: full rating to 1,525 m (5,000 ft) and 40 °C "
            "(104 °F), then 4 % per 305 m (1,000 ft) and 2 % per 11 °C (20 °F); fuel "
            "consumption is given against site output, with no altitude term")

#: Datasheet derating of common genset engines (keys for ``engine=`` with rule="manufacturer").
ENGINES: dict[str, EngineDerating] = {
    # generic high-speed (1,500/1,800 rpm) turbocharged-aftercooled diesel, 0.5-2.5 MW: the
    # published Cummins rule, typical of its class
    "diesel_high_speed": EngineDerating("diesel", 1525.0, 4.0, 40.0, 2.0 / 11.0, source=_CUMMINS),
    "cummins_qsk60": EngineDerating("diesel", 1525.0, 4.0, 40.0, 2.0 / 11.0, source=_CUMMINS),
    "diesel_portable_pramac": EngineDerating(
        "diesel", 1500.0, 3.5, 40.0, 0.6,
        source="Pramac P3000i operating manual, §7.4: 3.5 % per 300 m above 1,500 m and 3 % "
               "per 5 °C above 40 °C"),
    "diesel_portable_wacker": EngineDerating(
        "diesel", 1000.0, 1.8, 40.0, 0.6,
        source="Wacker Neuson G 3.3A operator's manual, §4.5: 3 % per 500 m above 1,000 m "
               "and 3 % per 5 °C above 40 °C"),
    "gas_naturally_aspirated": EngineDerating(
        "gas", 0.0, 3.0, 15.6, 1.0 / 5.56,
        source="natural-gas compressor-engine re-rating practice (midstreamcalculator.com, "
               "'Engine horsepower re-rating'): 3 % per 1,000 ft above sea level, 1 % per "
               "10 °F above 60 °F, on the 60 °F sea-level rating"),
    "gas_lean_burn_turbocharged": EngineDerating(
        "gas", 1067.0, 3.0, 25.0, 1.0 / 5.56,
        source="threshold: Cat G3516 gas genset technical data, 'altitude capability at 25 °C "
               "inlet air' 1,067 m; slopes above it: the naturally aspirated gas practice "
               "(no vendor slope available here: use rule='table' with your engine's)"),
}

#: Lowest available-capacity factor a derating rule may return (with a warning). [-]
_MIN_CAPACITY_FACTOR = 0.05
#: Default engine of each rule that takes one.
_DEFAULT_ENGINE = {"manufacturer": "diesel_high_speed", "iso3046": "turbocharged_aftercooled"}


def genset_derating(
    weather: pd.DataFrame,
    site: Site,
    *,
    rule: str = "manufacturer",
    engine: str | None = None,
    mechanical_efficiency: float = 0.8,
    altitude_threshold_m: float | None = None,
    percent_per_300m: float | None = None,
    temperature_threshold_c: float | None = None,
    percent_per_degc: float | None = None,
    percent_per_5c: float | None = None,
    table: pd.DataFrame | None = None,
    fuel_table: pd.DataFrame | None = None,
) -> pd.Series:
    """Available capacity of a genset as a fraction of its rating.

    Rules (all results are capped at 1.0 and floored at 0.05):

    ``"manufacturer"`` (default)
        The datasheet form of :class:`EngineDerating` with the parameters of
        ``engine`` (a key of :data:`ENGINES`, default ``"diesel_high_speed"``:
        full rating to 1,525 m and 40 °C, then 4 % per 300 m and 0.18 % per
        °C); ``altitude_threshold_m``, ``percent_per_300m``,
        ``temperature_threshold_c`` and ``percent_per_degc`` override it with
        your engine's datasheet. The altitude is the site's, the temperature
        the hourly air temperature.
    ``"iso3046"``
        ISO 3046-1 power adjustment for ambient conditions:
        ``k = (p / 100 kPa)**a * (298.15 K / T)**b`` and
        ``alpha = k - 0.7 * (1 - k) * (1 / eta_m - 1)`` with the hourly station
        pressure ``p`` and air temperature ``T`` of the weather, exponents
        ``(a, b)`` of :data:`ISO3046_EXPONENTS` for ``engine`` (default
        ``"turbocharged_aftercooled"``), and ``eta_m = mechanical_efficiency``.
        It starts derating at the standard's reference conditions (100 kPa,
        about sea level), so it is conservative for engines rated to 1,500 m.
    ``"linear"``
        ``percent_per_300m`` (3) % per 300 m above ``altitude_threshold_m``
        (1,000 m) plus ``percent_per_5c`` (1) % per 5 °C above
        ``temperature_threshold_c`` (25 °C).
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
    rule : {"manufacturer", "iso3046", "linear", "table"}, optional
        See above; passing ``table=`` implies ``rule="table"``.
    engine : str, optional
        ``"manufacturer"``: a key of :data:`ENGINES`; ``"iso3046"``: a key of
        :data:`ISO3046_EXPONENTS`.
    mechanical_efficiency : float, optional
        ``"iso3046"`` only: engine mechanical efficiency, in (0.5, 1]. [-]
    altitude_threshold_m, percent_per_300m, temperature_threshold_c : float, optional
        ``"manufacturer"`` and ``"linear"``: thresholds and altitude slope. [m], [%], [°C]
    percent_per_degc : float, optional
        ``"manufacturer"``: capacity lost per degree above the threshold. [%/K]
    percent_per_5c : float, optional
        ``"linear"``: capacity lost per 5 °C above the threshold. [%]
    table : pandas.DataFrame, optional
        ``"table"`` only: see above.
    fuel_table : pandas.DataFrame, optional
        ``"table"`` only, for :func:`genset_fuel_multiplier`: the vendor's
        specific-fuel-consumption multipliers on the same axes (ignored here).

    Returns
    -------
    pandas.Series
        ``genset_capacity_factor`` on ``weather.index``, float64, in (0, 1]. [-]

    Examples
    --------
    >>> import minegrid as mg
    >>> site = mg.Site(latitude_deg=-26.95, longitude_deg=-69.25, altitude_m=4200,
    ...                tz="Etc/GMT+4")
    >>> w = mg.synthetic_weather(site, seed=1)
    >>> round(float(genset_derating(w, site).min()), 3)  # 1 - 4 % x 2,675 m / 300 m
    0.643
    """
    capacity, _ = _derate(weather, site, rule, engine, mechanical_efficiency,
                          altitude_threshold_m, percent_per_300m, temperature_threshold_c,
                          percent_per_degc, percent_per_5c, table, fuel_table)
    floor = capacity < _MIN_CAPACITY_FACTOR
    if floor.any():
        warnings.warn(f"genset derating rule {rule!r} gives {int(floor.sum())} hours below "
                      f"{_MIN_CAPACITY_FACTOR} of rating (lowest {capacity.min():.3f}); they "
                      f"are raised to {_MIN_CAPACITY_FACTOR}. Check the rule's parameters.",
                      MinegridWarning, stacklevel=2)
    # an engine never delivers more than its rating, however cold and dense the air
    capacity = np.clip(capacity, _MIN_CAPACITY_FACTOR, 1.0)
    return pd.Series(capacity, index=weather.index, name="genset_capacity_factor",
                     dtype="float64")


def genset_fuel_multiplier(weather: pd.DataFrame, site: Site, **options) -> pd.Series:
    """Specific fuel consumption of a derated genset relative to its fuel curve.

    The same rules and options as :func:`genset_derating`:

    * ``"manufacturer"``: ``1 + s_z/100 · max(z − z0, 0)/300 + s_T/100 · max(T − T0, 0)``
      with the engine's ``sfc_percent_per_300m`` and ``sfc_percent_per_degc``
      (:data:`ENGINES`); 1.0 where the datasheet gives fuel against site
      output with no altitude term (every diesel entry);
    * ``"iso3046"``: ISO 3046-1's fuel consumption adjustment ``β = k / α``
      (more fuel per kWh when the mechanical losses are a larger share of the
      reduced power), at least 1;
    * ``"table"``: the vendor's ``fuel_table`` interpolated like ``table``
      (1.0 without one);
    * ``"linear"``: 1.0.

    Returns
    -------
    pandas.Series
        ``genset_fuel_multiplier`` on ``weather.index``, float64, >= 1. [-]
    """
    opts = {"rule": "manufacturer", "engine": None, "mechanical_efficiency": 0.8,
            "altitude_threshold_m": None, "percent_per_300m": None,
            "temperature_threshold_c": None, "percent_per_degc": None, "percent_per_5c": None,
            "table": None, "fuel_table": None}
    unknown = sorted(set(options) - set(opts))
    check(not unknown, "genset_fuel_multiplier options", unknown,
          f"are not options of genset_derating ({sorted(opts)})", "drop them")
    opts.update(options)
    _, fuel = _derate(weather, site, **opts)
    return pd.Series(np.clip(fuel, 1.0, 3.0), index=weather.index,
                     name="genset_fuel_multiplier", dtype="float64")


def _derate(weather, site, rule, engine, mechanical_efficiency, altitude_threshold_m,
            percent_per_300m, temperature_threshold_c, percent_per_degc, percent_per_5c,
            table, fuel_table) -> tuple[np.ndarray, np.ndarray]:
    """(capacity factor, fuel multiplier) of every row, before the capacity clip."""
    if table is not None:
        rule = "table"
    choice(rule, GENSET_RULES, "rule", _MODEL_FIX)
    validate_weather(weather)
    check(isinstance(site, Site), "site", type(site).__name__, "must be a minegrid Site",
          "pass site=minegrid.Site(...)")
    for name, value in (("mechanical_efficiency", mechanical_efficiency),
                        ("altitude_threshold_m", altitude_threshold_m),
                        ("percent_per_300m", percent_per_300m),
                        ("temperature_threshold_c", temperature_threshold_c),
                        ("percent_per_degc", percent_per_degc),
                        ("percent_per_5c", percent_per_5c)):
        if value is not None:
            number(value, name)  # every option given is a number, whichever rule uses it
    temp_c = weather["temp_air"].to_numpy(dtype=float)
    ones = np.ones(len(temp_c))
    engine = engine if engine is not None else _DEFAULT_ENGINE.get(rule)
    if rule == "manufacturer":
        choice(engine, tuple(ENGINES), "engine", _MODEL_FIX + " (minegrid.derating.ENGINES), "
               "or give your datasheet's altitude_threshold_m, percent_per_300m, "
               "temperature_threshold_c and percent_per_degc")
        e = ENGINES[engine]
        z0 = e.altitude_threshold_m if altitude_threshold_m is None else altitude_threshold_m
        pz = e.percent_per_300m if percent_per_300m is None else percent_per_300m
        t0 = e.temperature_threshold_c if temperature_threshold_c is None \
            else temperature_threshold_c
        pt = e.percent_per_degc if percent_per_degc is None else percent_per_degc
        _check_percent("percent_per_300m", pz)
        _check_percent("percent_per_degc", pt)
        alt_excess = max(site.altitude_m - z0, 0.0) / 300.0
        temp_excess = np.clip(temp_c - t0, 0.0, None)
        capacity = 1.0 - pz / 100.0 * alt_excess - pt / 100.0 * temp_excess
        fuel = 1.0 + e.sfc_percent_per_300m / 100.0 * alt_excess \
            + e.sfc_percent_per_degc / 100.0 * temp_excess
        return capacity, fuel
    if rule == "iso3046":
        choice(engine, tuple(ISO3046_EXPONENTS), "engine", _MODEL_FIX)
        number(mechanical_efficiency, "mechanical_efficiency", minimum=0.5, maximum=1.0,
               strict=True)
        a, b = ISO3046_EXPONENTS[engine]
        k = (weather["pressure"].to_numpy(dtype=float) / _P_REF_PA) ** a * (
            _T_REF_K / (temp_c + 273.15)) ** b
        alpha = k - 0.7 * (1.0 - k) * (1.0 / mechanical_efficiency - 1.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            beta = np.where(alpha > 0, k / np.where(alpha > 0, alpha, 1.0), 3.0)
        return alpha, np.maximum(beta, 1.0)
    if rule == "linear":
        z0 = 1000.0 if altitude_threshold_m is None else altitude_threshold_m
        pz = 3.0 if percent_per_300m is None else percent_per_300m
        t0 = 25.0 if temperature_threshold_c is None else temperature_threshold_c
        p5 = 1.0 if percent_per_5c is None else percent_per_5c
        _check_percent("percent_per_300m", pz)
        _check_percent("percent_per_5c", p5)
        alt_excess = max(site.altitude_m - z0, 0.0)
        temp_excess = np.clip(temp_c - t0, 0.0, None)
        return 1.0 - pz / 100.0 * alt_excess / 300.0 - p5 / 100.0 * temp_excess / 5.0, ones
    check(table is not None, "table", None, "is required for rule='table'",
          "pass table= with derating fractions by altitude and temperature")
    capacity = _interpolate_table(table, site.altitude_m, temp_c, "table", (0.0, 1.0))
    fuel = ones if fuel_table is None else _interpolate_table(fuel_table, site.altitude_m,
                                                              temp_c, "fuel_table", (0.5, 3.0))
    return capacity, fuel


def _check_percent(name: str, value) -> None:
    check(0.0 <= value <= 50.0, name, value, "must lie in [0, 50] (a percentage)",
          "give the datasheet's percentage, e.g. 3.0")


def _interpolate_table(table: pd.DataFrame, altitude_m: float, temp_c: np.ndarray, name: str,
                       bounds: tuple[float, float]) -> np.ndarray:
    check(isinstance(table, pd.DataFrame) and table.shape[0] >= 1 and table.shape[1] >= 1,
          name, type(table).__name__,
          "must be a DataFrame: index altitude [m], columns temperature [degC]",
          "pass a table indexed by altitude, one column per temperature")
    alts = np.asarray(table.index, dtype=float)
    temps = np.asarray(table.columns, dtype=float)
    values = table.to_numpy(dtype=float)
    check(np.all(np.diff(alts) > 0) and np.all(np.diff(temps) > 0), f"{name} axes",
          (alts.tolist(), temps.tolist()), "must be strictly increasing",
          "sort the altitudes (index) and temperatures (columns) upwards")
    lo, hi = bounds
    check(np.all((values > lo) & (values <= hi)), f"{name} values", values.min(),
          f"must lie in ({lo:g}, {hi:g}]"
          + (" (fraction of rated power)" if name == "table" else " (fuel multipliers)"),
          "give fractions of rated power, e.g. 0.85" if name == "table"
          else "give fuel multipliers, e.g. 1.05")
    outside = (altitude_m < alts[0]) or (altitude_m > alts[-1]) or (
        (temp_c < temps[0]) | (temp_c > temps[-1])).any()
    if outside:
        warnings.warn(f"genset derating {name} does not cover the site altitude "
                      f"({altitude_m:g} m) or all temperatures ({temp_c.min():.1f} to "
                      f"{temp_c.max():.1f} degC): clamped to its edges",
                      MinegridWarning, stacklevel=4)
    # interpolate along altitude first (one value per temperature column), then temperature
    at_alt = np.array([np.interp(altitude_m, alts, values[:, j]) for j in range(len(temps))])
    return np.interp(temp_c, temps, at_alt)
