"""Readers of weather file formats, one function per format, and format detection.

Each reader returns a :class:`RawWeather`: the file's values in pvlib names and
SI units (pressure in Pa) with the file's own timestamp labelling, time zone,
site metadata and notes. :func:`minegrid.read_weather` detects the format
(:func:`detect_format`), calls the reader (:data:`READERS`, or
:func:`read_generic_csv` for ``format="csv"``) and applies the common steps
(labelling convention, typical year, gaps, checks); see :mod:`minegrid.weather`
for the conventions.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import warnings
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
import pvlib

from minegrid.errors import InputError, cell, check
from minegrid.weather.frame import (
    DEFAULT_YEAR,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    TIMESTAMP_LABELS,
)
from minegrid.weather.site import Site, standard_tz

__all__ = ["FORMATS", "READERS", "RawWeather", "detect_format", "read_generic_csv"]

#: Format names accepted by :func:`minegrid.read_weather`.
FORMATS: tuple[str, ...] = (
    "epw", "tmy3", "tmy2", "pvgis", "nsrdb", "explorador_sam", "explorador", "csv",
)


class RawWeather(NamedTuple):
    """A reader's output before standardisation."""

    frame: pd.DataFrame  # standard names and units, NaN for missing
    index_label: str  # "start" | "middle" | "end", of frame.index
    file_tz: str  # zone of the file's own timestamps (frame.index is tz-aware in it)
    meta_site: Site | None  # site from the file's metadata
    typical: bool  # months from several years: coerce to one year
    notes: list[str]


def detect_format(path: Path) -> str:
    """The format of a weather file, from its extension and first three lines.

    Parameters
    ----------
    path : pathlib.Path
        The file.

    Returns
    -------
    str
        One of :data:`FORMATS` other than ``"csv"`` (a generic table is never guessed).

    Raises
    ------
    InputError
        When no format matches.
    """
    suffix = path.suffix.lower()
    with open(path, encoding="utf-8", errors="replace") as fh:
        head = [fh.readline() for _ in range(3)]
    first, second = head[0].strip(), head[1].strip()
    if suffix == ".epw" or first.startswith("LOCATION,"):
        return "epw"
    if suffix in (".tm2", ".tmy2"):
        return "tmy2"
    if suffix == ".json" or first.startswith("Latitude (decimal degrees)"):
        return "pvgis"
    if first.startswith("Source,"):
        if second.startswith("NSRDB"):
            return "nsrdb"
        if second.startswith("ExpSolar"):
            return "explorador_sam"
    if second.startswith("Date (MM/DD/YYYY)"):
        return "tmy3"
    text = _fold("".join(head)).lower()
    if "explorador" in text or "latitud" in text or "fecha" in text:
        return "explorador"
    raise InputError(  # the file's lines are not quoted: it may be any file at all
        f"could not detect the weather format of {str(path)!r} from its extension and first "
        f"lines. Fix: pass format= one of {list(FORMATS)}; for any other table use "
        "format='csv' with columns= and units=."
    )


def _fold(text: str) -> str:
    """Strip accents (presión -> presion)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


# --------------------------------------------------------------------------- EPW
_EPW_MISSING = {  # column: smallest value meaning "missing" (EnergyPlus Auxiliary Programs)
    "temp_air": 99.9, "relative_humidity": 999.0, "atmospheric_pressure": 999999.0,
    "ghi": 9999.0, "dni": 9999.0, "dhi": 9999.0, "wind_direction": 999.0,
    "wind_speed": 999.0, "albedo": 999.0, "liquid_precipitation_depth": 999.0,
}


def _read_epw(path: Path) -> RawWeather:
    data, meta = pvlib.iotools.read_epw(path)
    frame = data[list(_EPW_MISSING)].astype(float)
    for col, marker in _EPW_MISSING.items():
        frame.loc[frame[col] >= marker, col] = np.nan
    frame = frame.rename(columns={"atmospheric_pressure": "pressure",  # already Pa
                                  "liquid_precipitation_depth": "precipitation"})  # mm
    tz = standard_tz(meta["TZ"])
    site = _meta_site(meta["latitude"], meta["longitude"], meta["altitude"], tz,
                      str(meta.get("city", "")).strip().title())
    frame.index = data.index.tz_convert(tz)
    return RawWeather(frame, "start", tz, site, True, [])


def _meta_site(lat, lon, alt, tz, name) -> Site:
    return Site(latitude_deg=float(lat), longitude_deg=float(lon), altitude_m=float(alt),
                tz=tz, name=name)


# --------------------------------------------------------------------------- TMY3 / TMY2
def _read_tmy3(path: Path) -> RawWeather:
    data, meta = pvlib.iotools.read_tmy3(path, map_variables=True)
    cols = ["ghi", "dni", "dhi", "temp_air", "wind_speed", "pressure", "relative_humidity",
            "wind_direction", "albedo"]
    frame = data[[c for c in cols if c in data.columns]].astype(float)
    frame = frame.mask(frame <= -9900.0)
    frame["pressure"] = frame["pressure"] * 100.0  # mbar -> Pa
    tz = standard_tz(meta["TZ"])
    site = _meta_site(meta["latitude"], meta["longitude"], meta["altitude"], tz,
                      str(meta.get("Name", "")).strip('" ').title())
    frame.index = data.index.tz_convert(tz)
    return RawWeather(frame, "end", tz, site, True, [])


_TMY2_COLUMNS = {  # TMY2 name: (standard name, factor to standard unit)
    "GHI": ("ghi", 1.0), "DNI": ("dni", 1.0), "DHI": ("dhi", 1.0),
    "DryBulb": ("temp_air", 0.1), "Wspd": ("wind_speed", 0.1),
    "Pressure": ("pressure", 100.0), "RHum": ("relative_humidity", 1.0),
    "Wdir": ("wind_direction", 1.0),
}


def _read_tmy2(path: Path) -> RawWeather:
    data, meta = pvlib.iotools.read_tmy2(str(path))
    frame = pd.DataFrame(index=data.index)
    for name, (std, factor) in _TMY2_COLUMNS.items():
        raw = pd.to_numeric(data[name], errors="coerce").astype(float)
        raw = raw.mask(raw >= 9999.0) if name not in ("RHum", "Wdir") else raw.mask(raw >= 999)
        frame[std] = raw * factor
    tz = standard_tz(meta["TZ"])
    site = _meta_site(meta["latitude"], meta["longitude"], meta["altitude"], tz,
                      str(meta.get("City", "")).strip().title())
    frame.index = data.index.tz_convert(tz)
    notes = ["TMY2 tenths of degC and of m/s converted"]
    return RawWeather(frame, "start", tz, site, True, notes)


# --------------------------------------------------------------------------- NSRDB
def _read_nsrdb(path: Path) -> RawWeather:
    data, meta = pvlib.iotools.read_nsrdb_psm4(path, map_variables=True)
    cols = [c for c in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS) if c in data.columns]
    frame = data[cols].astype(float)
    unit = str(meta.get("Pressure Units", "mbar")).lower()
    frame["pressure"] = frame["pressure"] * _PRESSURE_FACTORS.get(unit, 100.0)
    local = standard_tz(meta["Local Time Zone"])
    file_tz = standard_tz(meta["Time Zone"])
    site = _meta_site(meta["latitude"], meta["longitude"], meta["altitude"], local,
                      f"NSRDB {meta.get('Location ID', '')}".strip())
    idx = data.index
    typical = (not idx.is_monotonic_increasing) or (idx[-1] - idx[0]) > pd.Timedelta(days=366)
    return RawWeather(frame, "middle", file_tz, site, bool(typical), [])


# --------------------------------------------------------------------------- Explorador (SAM)
def _read_explorador_sam(path: Path) -> RawWeather:
    with open(path, encoding="utf-8", errors="replace", newline="") as fh:
        rows = list(csv.reader([fh.readline(), fh.readline()]))
    meta = dict(zip([k.strip() for k in rows[0]], [v.strip() for v in rows[1]], strict=False))
    data = pd.read_csv(path, skiprows=2)
    missing = [c for c in ("Month", "Day", "Hour", "GHI", "DNI", "DHI", "Tdry", "Pres", "Wspd")
               if c not in data.columns]
    check(not missing, "explorador_sam columns", [cell(c) for c in data.columns[:8]],
          f"lack {missing}", "is this a SAM CSV exported by Explorador Solar?")
    tz = standard_tz(float(meta.get("Time Zone", -4)))
    frame = pd.DataFrame({
        "ghi": data["GHI"], "dni": data["DNI"], "dhi": data["DHI"], "temp_air": data["Tdry"],
        "wind_speed": data["Wspd"], "pressure": data["Pres"] * 100.0,  # mbar -> Pa
    }).astype(float)
    if "Wdir" in data.columns:
        frame["wind_direction"] = data["Wdir"].astype(float)
    year = data["Year"] if "Year" in data.columns else DEFAULT_YEAR
    stamps = pd.to_datetime(pd.DataFrame({
        "year": year, "month": data["Month"], "day": data["Day"], "hour": data["Hour"],
        "minute": data["Minute"] if "Minute" in data.columns else 0,
    }))
    frame.index = pd.DatetimeIndex(stamps).tz_localize(tz)
    site = _meta_site(meta["Latitude"], meta["Longitude"], meta["Elevation"], tz,
                      f"Explorador Solar {meta.get('City', '')}".strip())
    notes = ["Tdew and RH of Explorador SAM exports are unreliable: not read"]
    return RawWeather(frame, "middle", tz, site, True, notes)


# --------------------------------------------------------------------------- PVGIS
def _read_pvgis(path: Path) -> RawWeather:
    if path.suffix.lower() == ".epw":
        return _read_epw(path)
    data, meta = pvlib.iotools.read_pvgis_tmy(path, map_variables=True)
    cols = [c for c in (*REQUIRED_COLUMNS, "relative_humidity", "wind_direction")
            if c in data.columns]
    check("pressure" in cols, "pvgis columns", [cell(c) for c in data.columns[:8]],
          "lack pressure (SP)", "download the PVGIS TMY with all variables")
    frame = data[cols].astype(float)  # PVGIS SP is already in Pa
    inputs = meta.get("inputs", {})
    loc = inputs.get("location", inputs)
    lat, lon = float(loc["latitude"]), float(loc["longitude"])
    alt = float(loc.get("elevation", pvlib.location.lookup_altitude(lat, lon)))
    # PVGIS files carry no local zone: the site takes the file's UTC clock (pass site= with
    # the local standard time to convert them)
    site = Site(latitude_deg=lat, longitude_deg=lon, altitude_m=alt, tz="UTC", name="PVGIS TMY")
    frame.index = data.index.tz_convert("UTC")
    notes = ["PVGIS hourly values taken as centred on their UTC label"]
    return RawWeather(frame, "middle", "UTC", site, True, notes)


# --------------------------------------------------------------------------- Explorador (Spanish)
# Header keywords of Explorador Solar's Spanish typical-year export (accents
# stripped, lower case), checked in this order; the first match wins.
_ES_COLUMNS: tuple[tuple[str, str], ...] = (
    ("glb", "ghi"), ("ghi", "ghi"), ("global", "ghi"),
    ("dni", "dni"), ("directa", "dni"), ("dir", "dni"),
    ("dhi", "dhi"), ("difusa", "dhi"), ("dif", "dhi"),
    ("temp", "temp_air"),
    ("direccion", "wind_direction"), ("wdir", "wind_direction"),
    ("vel", "wind_speed"), ("viento", "wind_speed"), ("wspd", "wind_speed"),
    ("presion", "pressure"), ("pres", "pressure"),
    ("humedad", "relative_humidity"), ("hr", "relative_humidity"),
)
_ES_TIME = ("fecha", "hora", "mes", "dia", "ano", "anio", "year")


def _read_explorador(path: Path) -> RawWeather:
    """Explorador Solar's Spanish-header CSV (see ``docs/resource.md`` for the assumptions)."""
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    lines = text.splitlines()
    header_at = next((i for i, line in enumerate(lines) if _es_is_header(line)), None)
    check(header_at is not None, "explorador file", str(path),
          "has no header row naming irradiance columns (glb/ghi, dir/dni, dif/dhi)",
          "use format='csv' with columns= and units=")
    sep = ";" if lines[header_at].count(";") > lines[header_at].count(",") else ","
    meta = _es_metadata(lines[:header_at])
    body = "\n".join(lines[header_at:])
    decimal = "," if sep == ";" else "."
    data = pd.read_csv(io.StringIO(body), sep=sep, decimal=decimal)
    mapping = _es_map_columns(data.columns)
    missing = [c for c in REQUIRED_COLUMNS if c not in mapping.values() and c != "pressure"]
    check(not missing, "explorador columns", [cell(c) for c in data.columns[:8]], f"lack {missing}",
          "use format='csv' with columns= and units=")
    frame = pd.DataFrame({std: pd.to_numeric(data[src], errors="coerce")
                          for src, std in mapping.items()}).astype(float)
    notes = []
    lat, lon = meta.get("latitud"), meta.get("longitud")
    check(lat is not None and lon is not None, "explorador metadata", sorted(meta),
          "lack 'Latitud' and 'Longitud'", "pass site=Site(...) and format='csv'")
    alt = meta.get("elevacion", meta.get("altitud"))
    tz = standard_tz(meta.get("utc", -4.0))
    site = Site(latitude_deg=lat, longitude_deg=lon, altitude_m=alt, tz=tz,
                name="Explorador Solar")
    if "pressure" in frame.columns:
        unit = _es_unit(next(s for s, t in mapping.items() if t == "pressure"))
        frame["pressure"] = frame["pressure"] * _PRESSURE_FACTORS[unit]
    else:
        frame["pressure"] = pvlib.atmosphere.alt2pres(site.altitude_m)
        notes.append("no pressure column: constant station pressure from altitude "
                     "(pvlib.atmosphere.alt2pres)")
    frame.index = _es_index(data, tz)
    return RawWeather(frame, "middle", tz, site, True, notes)


def _es_is_header(line: str) -> bool:
    low = _fold(line).lower()
    return any(k in low for k in ("glb", "ghi", "global")) and any(
        k in low for k in ("dif", "dhi"))


def _es_metadata(lines: list[str]) -> dict[str, float]:
    """``Latitud: -22.9`` style lines -> {"latitud": -22.9, ...}; ``UTC-4`` -> {"utc": -4}."""
    meta: dict[str, float] = {}
    for line in lines:
        low = _fold(line).lower()
        zone = re.search(r"utc\s*([+-]\s*\d+)", low)
        if zone:
            meta["utc"] = float(zone.group(1).replace(" ", ""))
        match = re.match(r"\s*([a-z ]+?)\s*(?:\([^)]*\))?\s*[:;,=]\s*\"?(-?\d+(?:[.,]\d+)?)", low)
        if match:
            meta[match.group(1).split()[0]] = float(match.group(2).replace(",", "."))
    return meta


def _es_map_columns(names) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for name in names:
        low = _fold(str(name)).lower()
        if any(low.startswith(t) for t in _ES_TIME):
            continue
        for key, std in _ES_COLUMNS:
            if re.search(rf"\b{key}", low) and std not in mapping.values():
                mapping[name] = std
                break
    return mapping


def _es_unit(name: str) -> str:
    low = _fold(name).lower()
    for unit in ("kpa", "hpa", "mbar", "pa"):
        if unit in low:
            return unit
    return "hpa"


def _es_index(data: pd.DataFrame, tz: str) -> pd.DatetimeIndex:
    """Timestamps from 'Fecha/Hora', 'Fecha' + 'Hora', or 'Mes' + 'Dia' + 'Hora' columns."""
    def find(key: str) -> str | None:
        return next((c for c in data.columns if _fold(str(c)).lower().startswith(key)), None)

    date, hour = find("fecha"), find("hora")
    if date is not None and (hour is None or "hora" in _fold(str(date)).lower()):
        with warnings.catch_warnings():  # pandas' note on a slow parse
            warnings.filterwarnings("ignore", "Could not infer format", UserWarning)
            stamps = pd.to_datetime(data[date], dayfirst=True)
        return pd.DatetimeIndex(stamps).tz_localize(tz)
    check(hour is not None, "explorador time columns", [cell(c) for c in data.columns[:8]],
          "lack 'Fecha/Hora', 'Fecha' + 'Hora' or 'Mes' + 'Dia' + 'Hora'",
          "use format='csv' with time_column=")
    if date is not None:
        with warnings.catch_warnings():  # pandas' note on a slow parse
            warnings.filterwarnings("ignore", "Could not infer format", UserWarning)
            dates = pd.to_datetime(data[date], dayfirst=True)
        month, day = dates.dt.month, dates.dt.day
    else:
        month, day = data[find("mes")], data[find("dia")]
    hours = pd.to_numeric(data[hour].astype(str).str.split(":").str[0])
    stamps = pd.to_datetime(pd.DataFrame({"year": DEFAULT_YEAR, "month": month, "day": day}))
    stamps = stamps + pd.to_timedelta(hours, unit="h")
    return pd.DatetimeIndex(stamps).tz_localize(tz)


# --------------------------------------------------------------------------- generic CSV
_PRESSURE_FACTORS = {"pa": 1.0, "hpa": 100.0, "mbar": 100.0, "mb": 100.0, "kpa": 1000.0}
_UNITS: dict[str, dict[str, tuple[float, float]]] = {  # column: unit -> (factor, offset)
    "pressure": {k: (v, 0.0) for k, v in _PRESSURE_FACTORS.items()},
    "temp_air": {"degc": (1.0, 0.0), "c": (1.0, 0.0), "k": (1.0, -273.15)},
    "wind_speed": {"m/s": (1.0, 0.0), "km/h": (1.0 / 3.6, 0.0)},
    # kWh/m2 is the energy of an HOURLY interval (its mean power in kW/m2)
    **{col: {"w/m2": (1.0, 0.0), "kw/m2": (1000.0, 0.0), "kwh/m2": (1000.0, 0.0)}
       for col in ("ghi", "dni", "dhi")},
    "relative_humidity": {"%": (1.0, 0.0), "fraction": (100.0, 0.0)},
    "wind_direction": {"deg": (1.0, 0.0)}, "albedo": {"-": (1.0, 0.0)},
    "precipitation": {"mm": (1.0, 0.0), "cm": (10.0, 0.0), "in": (25.4, 0.0)},
}


def read_generic_csv(path: Path, site: Site | None, columns, units, time_column, label,
                      typical_year) -> RawWeather:
    """Read a generic CSV table (``format="csv"``); the arguments are those of read_weather.

    ``columns`` maps file columns to standard names, ``units`` standard columns
    to the file's units (see :func:`minegrid.read_weather`), ``time_column`` names the
    timestamps (naive ones are taken in ``site.tz``), ``label`` is one of
    :data:`~minegrid.weather.frame.TIMESTAMP_LABELS`.
    """
    check(site is not None, "site", None, "is required for format='csv'",
          "pass site=Site(latitude_deg=..., longitude_deg=..., tz=...)")
    check(isinstance(label, str) and label in TIMESTAMP_LABELS, "label", label,
          f"must be one of {list(TIMESTAMP_LABELS)}", "e.g. label='start'")
    for name, value in (("columns", columns), ("units", units)):
        check(value is None or (isinstance(value, dict) and all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items())), name,
            value, "must be a mapping of names to names",
            "e.g. columns={'GHI (W/m2)': 'ghi'}, units={'pressure': 'hPa'}")
    check(time_column is None or isinstance(time_column, str), "time_column", time_column,
          "must be a column name", "e.g. time_column='timestamp'")
    site.require_tz("a generic CSV (naive timestamps are taken in site.tz)")
    data = pd.read_csv(path)
    time_column = data.columns[0] if time_column is None else time_column
    check(time_column in data.columns, "time_column", time_column,
          f"is not a column of the file {[cell(c) for c in data.columns[:8]]}",
          "name the timestamp column")
    columns = dict(columns or {})
    unknown = sorted(set(columns.values()) - set(_UNITS))
    check(not unknown, "columns", columns, f"map to unknown names {unknown}",
          f"map file columns to {list(_UNITS)}")
    absent = sorted(set(columns) - set(data.columns))
    check(not absent, "columns", columns, f"name file columns that do not exist {absent}",
          f"the file has {[cell(c) for c in data.columns[:8]]}")
    frame = data.rename(columns=columns)
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    check(not missing, "csv columns", [cell(c) for c in data.columns[:8]], f"lack {missing}",
          "map them with columns={'file name': 'ghi', ...}")
    keep = [c for c in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS) if c in frame.columns]
    frame = frame[keep].apply(pd.to_numeric, errors="coerce").astype(float)
    for col, unit in (units or {}).items():
        table = _UNITS.get(col)
        supported = {k: list(v) for k, v in _UNITS.items()}
        check(table is not None and str(unit).lower() in table, f"units[{col!r}]", unit,
              "is not a supported column/unit", f"supported: {supported}")
        factor, offset = table[str(unit).lower()]
        frame[col] = frame[col] * factor + offset
    with warnings.catch_warnings():  # pandas' note on a slow parse
        warnings.filterwarnings("ignore", "Could not infer format", UserWarning)
        stamps = pd.DatetimeIndex(pd.to_datetime(data[time_column]))
    stamps = stamps.tz_localize(site.tz) if stamps.tz is None else stamps.tz_convert(site.tz)
    frame.index = stamps
    return RawWeather(frame, label, site.tz, site, bool(typical_year), [])


READERS = {
    "epw": _read_epw,
    "tmy3": _read_tmy3,
    "tmy2": _read_tmy2,
    "nsrdb": _read_nsrdb,
    "explorador_sam": _read_explorador_sam,
    "pvgis": _read_pvgis,
    "explorador": _read_explorador,
}
