"""Checks of weather against its site, against a full year and against the sun.

* :func:`check_site` compares the site a user gives with the one in a weather
  file's header (latitude, longitude, altitude, time zone);
* :func:`check_irradiance` holds the irradiance under the extraterrestrial
  value and catches irradiance in kWh/m² or kW/m², and timestamps shifted from
  the sun (another time zone, end labels).

Each raises :class:`~minegrid.errors.InputError` naming the field, the value
and the fix. :data:`SITE_TOLERANCE` holds the tolerances of :func:`check_site`.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from minegrid.errors import InputError, check
from minegrid.weather.frame import interval_step
from minegrid.weather.site import Site

__all__ = ["SITE_TOLERANCE", "check_irradiance", "check_site", "extraterrestrial_horizontal"]

#: How far a given site may be from a weather file's own site before read_weather refuses.
SITE_TOLERANCE = {"distance_km": 50.0, "altitude_m": 500.0}
_SOLAR_CONSTANT = 1361.0  # W/m2 (Kopp & Lean 2011)


def _distance_km(a: Site, b: Site) -> float:
    """Great-circle distance between two sites (haversine, R = 6371 km). [km]"""
    p1, p2 = math.radians(a.latitude_deg), math.radians(b.latitude_deg)
    dp = p2 - p1
    dl = math.radians(b.longitude_deg - a.longitude_deg)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def check_site(site: Site, file_site: Site, source: str, *, check_tz: bool = True) -> Site:
    """The given ``site`` checked against a weather file's ``file_site``.

    Parameters
    ----------
    site : Site
        What the user gave (``tz`` may be None: the file's is taken).
    file_site : Site
        The site of the file's header.
    source : str
        The file, for messages.
    check_tz : bool
        Compare the time zones (False for files whose header has no local zone).

    Returns
    -------
    Site
        ``site``, with the file's time zone when it had none.

    Raises
    ------
    InputError
        The sites are more than ``SITE_TOLERANCE["distance_km"]`` apart, their
        altitudes differ by more than ``SITE_TOLERANCE["altitude_m"]``, or their
        UTC offsets differ. The message names the likely slip.
    """
    fix_off = ("or, to use this file for another site on purpose, pass check_site=False "
               "(the file's pressure and temperature are then those of its own site)")
    dist = _distance_km(site, file_site)
    if dist > SITE_TOLERANCE["distance_km"]:
        mirrored = Site(latitude_deg=-site.latitude_deg, longitude_deg=site.longitude_deg,
                        altitude_m=site.altitude_m, tz=site.tz)
        hint = ""
        if _distance_km(mirrored, file_site) <= SITE_TOLERANCE["distance_km"]:
            hint = "the latitude has the wrong sign (south is negative); "
        elif abs(site.longitude_deg + file_site.longitude_deg) < 1.0:
            hint = "the longitude has the wrong sign (west is negative); "
        raise InputError(
            f"Site (latitude_deg={site.latitude_deg:g}, longitude_deg={site.longitude_deg:g}) "
            f"is {dist:,.0f} km from the site in the header of {source} "
            f"({file_site.latitude_deg:g}, {file_site.longitude_deg:g}); more than "
            f"{SITE_TOLERANCE['distance_km']:g} km. Fix: {hint}check the site's coordinates, "
            f"{fix_off}.")
    d_alt = abs(site.altitude_m - file_site.altitude_m)
    if d_alt > SITE_TOLERANCE["altitude_m"]:
        hint = ""
        if abs(site.altitude_m * 1000.0 - file_site.altitude_m) <= SITE_TOLERANCE["altitude_m"]:
            hint = f"the altitude looks like kilometres (give {site.altitude_m * 1000:,.0f} m); "
        raise InputError(
            f"Site.altitude_m = {site.altitude_m:g} m differs by {d_alt:,.0f} m from the "
            f"altitude in the header of {source} ({file_site.altitude_m:,.0f} m); more than "
            f"{SITE_TOLERANCE['altitude_m']:g} m. Fix: {hint}check the altitude, {fix_off}.")
    if site.tz is None:
        return Site(latitude_deg=site.latitude_deg, longitude_deg=site.longitude_deg,
                    altitude_m=site.altitude_m, tz=file_site.tz, name=site.name)
    if check_tz and file_site.tz is not None and site.utc_offset_h != file_site.utc_offset_h:
        raise InputError(
            f"Site.tz = {site.tz!r} (UTC{site.utc_offset_h:+g}) differs from the local "
            f"standard time of {source} ({file_site.tz!r}, UTC{file_site.utc_offset_h:+g}). "
            f"Fix: use tz={file_site.tz!r} (or omit tz to take the file's), or pass "
            "check_site=False to convert the file to your zone on purpose.")
    return site


def extraterrestrial_horizontal(index: pd.DatetimeIndex, site: Site, samples: int = 6,
                                offsets: tuple[float, ...] = (0.0,)) -> list[np.ndarray]:
    """Mean extraterrestrial irradiance on a horizontal plane over each interval. [W m⁻²]

    ``E0 · max(cos θz, 0)`` averaged over ``samples`` points of each
    start-labelled interval (pvlib's ephemeris solar position), once for each
    of ``offsets``: the interval moved by that many steps (-0.5: half a step
    earlier). Offsets that are multiples of ``1 / samples`` share the sun positions.
    """
    import pvlib

    step = interval_step(index)
    e0 = pvlib.irradiance.get_extra_radiation(index + step / 2).to_numpy()
    e0 = e0 * (_SOLAR_CONSTANT / 1366.1)
    cosz: dict[int, np.ndarray] = {}
    out = []
    for offset in offsets:
        total = np.zeros(len(index))
        for k in range(samples):
            key = round((offset + (k + 0.5) / samples) * samples * 2)
            if key not in cosz:
                pos = pvlib.solarposition.ephemeris(index + step * (key / (2 * samples)),
                                                    site.latitude_deg, site.longitude_deg)
                cosz[key] = np.clip(np.cos(np.radians(pos["zenith"].to_numpy())), 0.0, None)
            total += cosz[key]
        out.append(e0 * total / samples)
    return out


def _best_shift_h(ghi: np.ndarray, etr: np.ndarray, step_h: float) -> float:
    """The shift of ``ghi`` (in hours) that best lines it up with ``etr``."""
    best, best_c = 0, -np.inf
    n = max(1, round(12 / step_h))
    for k in range(-n, n + 1):
        c = float(np.dot(np.roll(ghi, k), etr))
        if c > best_c:
            best, best_c = k, c
    return best * step_h


def check_irradiance(weather: pd.DataFrame, site: Site, *, name: str = "weather") -> None:
    """Irradiance against the sun: under the extraterrestrial value, in W/m², on time.

    Raises InputError when GHI is in kWh/m² or kW/m² (a year of values all
    below 5), or when GHI exceeds the extraterrestrial horizontal irradiance by
    more than 10 % + 30 W/m² in more than 1 % of daylight intervals (timestamps
    in another zone or labelled at the end of the hour, or a unit error),
    naming the shift that would line the data up with the sun. The bound is
    the larger of the interval's own value and that of the interval moved by
    half a step either way, so the half-step ambiguity of centred labels
    (PVGIS's few-minute offsets, Explorador's centred hours) passes and a
    whole-step error does not. DNI and DHI get the same unit check.
    """
    if "ghi" not in weather.columns or len(weather) < 24:
        return
    for col in ("ghi", "dni", "dhi"):
        if col not in weather.columns:
            continue
        values = weather[col].to_numpy(dtype=float)
        top = float(values.max()) if len(values) else 0.0
        check(not (0.0 < top < 5.0), f"{name}[{col!r}]", f"<max {top:.4g}>",
              "must be irradiance in W/m2 (a clear noon is 800-1,400 W/m2)",
              "it looks like kWh/m2 per hour or kW/m2: multiply by 1000 (read_weather(..., "
              f"format='csv', units={{{col!r}: 'kWh/m2'}}))")
    ghi = weather["ghi"].to_numpy(dtype=float)
    etr, *moved = extraterrestrial_horizontal(weather.index, site, offsets=(0.0, -0.5, 0.5))
    bound = np.maximum.reduce([etr, *moved])
    over = ghi > 1.1 * bound + 30.0
    day = (etr > 0) | (ghi > 0)
    if over.sum() <= 0.01 * max(int(day.sum()), 1):
        return
    step_h = interval_step(weather.index) / pd.Timedelta(hours=1)
    shift = _best_shift_h(ghi, etr, step_h)
    hint = "check the units and the timestamps"
    if shift != 0:
        hint = (f"the irradiance lines up with the sun when shifted by {shift:+g} h: the "
                "timestamps are probably in another time zone (UTC?) or mark the end of each "
                "interval; give the file's zone and label (read_weather(..., label='end') for "
                "a generic CSV) or the site's tz")
    first = weather.index[over][0]
    raise InputError(
        f"{name}['ghi'] exceeds the extraterrestrial horizontal irradiance (the sunlight at "
        f"the top of the atmosphere) in {int(over.sum())} of {int(day.sum())} daylight "
        f"intervals (first at {first}: {ghi[over][0]:,.0f} W/m2 against at most "
        f"{bound[over][0]:,.0f} W/m2). Fix: {hint}.")
