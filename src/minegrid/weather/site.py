"""Sites: where the weather and the generators are, and their standard-time zones.

:class:`Site` holds a location, its altitude and a time zone without daylight
saving time; :func:`standard_tz` names the fixed-offset zone of a UTC offset.
"""

from __future__ import annotations

import warnings
import zoneinfo
from dataclasses import dataclass

import pandas as pd
import pvlib

from minegrid.errors import InputError, MinegridWarning, check, is_number

__all__ = ["ALTITUDE_TOLERANCE_M", "Site", "standard_tz"]


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
        use. None means "not given": :func:`~minegrid.read_weather` then takes
        the weather file's zone, and anything that needs the clock
        (:attr:`location`, :func:`~minegrid.synthetic_weather`) raises and asks
        for it. The zone is never guessed from the longitude (solar time is not
        legal time: mainland Chile at 70° W is UTC-4, not UTC-5).
    name : str, optional
        Label for reports.

    Notes
    -----
    A given altitude more than :data:`ALTITUDE_TOLERANCE_M` away from the
    terrain elevation of pvlib's ``Altitude.h5`` at the location warns with
    :class:`~minegrid.errors.MinegridWarning`, naming the likely slip
    (kilometres typed for metres, a latitude or longitude of the wrong sign).

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
        check(is_number(lat) and -90.0 <= lat <= 90.0, "Site.latitude_deg", lat,
              "must be a number in [-90, 90]", "latitude in decimal degrees, south negative")
        check(is_number(lon) and -180.0 <= lon <= 180.0, "Site.longitude_deg", lon,
              "must be a number in [-180, 180]", "longitude in decimal degrees, west negative")
        object.__setattr__(self, "latitude_deg", float(lat))
        object.__setattr__(self, "longitude_deg", float(lon))
        given = self.altitude_m is not None
        alt = self.altitude_m if given else float(pvlib.location.lookup_altitude(lat, lon))
        check(is_number(alt) and -450.0 <= alt <= 6500.0, "Site.altitude_m", alt,
              "must be a number in [-450, 6500]", "elevation above sea level in metres")
        if given:
            _warn_terrain(float(lat), float(lon), float(alt))
        object.__setattr__(self, "altitude_m", float(alt))
        if self.tz is not None:
            object.__setattr__(self, "tz", _check_tz(self.tz))
        check(isinstance(self.name, str), "Site.name", self.name, "must be a string",
              "e.g. name='Mine site'")

    def require_tz(self, what: str = "this") -> str:
        """The site's zone; raise InputError naming ``what`` needs it when it was not given."""
        check(self.tz is not None, "Site.tz", None, f"is required for {what}",
              "give the site's standard time, e.g. Site(..., tz='Etc/GMT+4') for Chile, "
              "'Etc/GMT+5' for Peru (no guess from the longitude: solar time is not legal "
              "time)")
        return self.tz

    @property
    def utc_offset_h(self) -> float:
        """Standard-time offset from UTC, positive east. [h]"""
        (offset,) = _zone_offsets_h(zoneinfo.ZoneInfo(self.require_tz("its UTC offset")))
        return offset

    @property
    def location(self) -> pvlib.location.Location:
        """The equivalent :class:`pvlib.location.Location` (needs ``tz``)."""
        self.require_tz("solar geometry (Site.location)")
        return pvlib.location.Location(
            self.latitude_deg, self.longitude_deg, tz=self.tz,
            altitude=self.altitude_m, name=self.name or None,
        )


#: A given altitude further than this from the terrain of ``Altitude.h5`` warns. [m]
ALTITUDE_TOLERANCE_M = 1500.0


def _warn_terrain(lat: float, lon: float, alt: float) -> None:
    """Warn when ``alt`` is far from the terrain at (lat, lon), naming the likely slip."""
    terrain = float(pvlib.location.lookup_altitude(lat, lon))
    if abs(alt - terrain) <= ALTITUDE_TOLERANCE_M:
        return
    slip = "check the altitude, latitude and longitude"
    if abs(alt * 1000.0 - terrain) <= ALTITUDE_TOLERANCE_M:
        slip = f"the altitude looks like kilometres: give {alt * 1000:,.0f} m"
    elif abs(float(pvlib.location.lookup_altitude(-lat, lon)) - alt) <= ALTITUDE_TOLERANCE_M:
        slip = f"the latitude may have the wrong sign (south is negative): {-lat:g}?"
    elif abs(float(pvlib.location.lookup_altitude(lat, -lon)) - alt) <= ALTITUDE_TOLERANCE_M:
        slip = f"the longitude may have the wrong sign (west is negative): {-lon:g}?"
    warnings.warn(
        f"Site.altitude_m = {alt:g} m is {abs(alt - terrain):,.0f} m from the terrain "
        f"elevation at ({lat:g}, {lon:g}), {terrain:,.0f} m (pvlib Altitude.h5, about 1 km "
        f"grid; plausible within {ALTITUDE_TOLERANCE_M:,.0f} m). Likely slip: {slip}.",
        MinegridWarning, stacklevel=4)


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
