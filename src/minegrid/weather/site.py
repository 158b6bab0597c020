"""Sites: where the weather and the generators are, and their standard-time zones.

:class:`Site` holds a location, its altitude and a time zone without daylight
saving time; :func:`standard_tz` names the fixed-offset zone of a UTC offset.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass

import pandas as pd
import pvlib

from minegrid.errors import InputError, check, is_number

__all__ = ["Site", "standard_tz"]


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
        check(is_number(lat) and -90.0 <= lat <= 90.0, "Site.latitude_deg", lat,
              "must be a number in [-90, 90]", "latitude in decimal degrees, south negative")
        check(is_number(lon) and -180.0 <= lon <= 180.0, "Site.longitude_deg", lon,
              "must be a number in [-180, 180]", "longitude in decimal degrees, west negative")
        object.__setattr__(self, "latitude_deg", float(lat))
        object.__setattr__(self, "longitude_deg", float(lon))
        alt = self.altitude_m
        if alt is None:
            alt = float(pvlib.location.lookup_altitude(lat, lon))
        check(is_number(alt) and -450.0 <= alt <= 6500.0, "Site.altitude_m", alt,
              "must be a number in [-450, 6500]", "elevation above sea level in metres")
        object.__setattr__(self, "altitude_m", float(alt))
        tz = self.tz if self.tz is not None else standard_tz(round(lon / 15.0))
        object.__setattr__(self, "tz", _check_tz(tz))
        check(isinstance(self.name, str), "Site.name", self.name, "must be a string",
              "e.g. name='Mine site'")

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
