"""When the mine runs: weekly maintenance, yearly shutdowns and the operating calendar.

:class:`OperatingCalendar` holds the shifts, the :class:`MaintenanceWindow` and
:class:`Shutdown` events, the random plant trips and the seasons; the builder
(:mod:`minegrid.mine.builder`) turns them into the availability of each area.
"""

from __future__ import annotations

import calendar as _calendar
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from minegrid.errors import InputError, check, is_number

__all__ = ["MaintenanceWindow", "OperatingCalendar", "Shutdown"]


def _parse_month_day(text: str, field_name: str, year: int = 2000) -> float:
    """'MM-DD' or 'MM-DD HH:MM' -> hours since 1 January of ``year``."""
    check(isinstance(text, str), field_name, text, "must be a string 'MM-DD' or 'MM-DD HH:MM'",
          "e.g. '04-14' or '04-14 08:00'")
    try:
        stamp = pd.Timestamp(f"{year}-{text.strip()}")
    except ValueError as exc:
        raise InputError(f"{field_name} = {text!r} is not a date 'MM-DD' or 'MM-DD HH:MM' "
                         f"in {year} ({exc}). Fix: e.g. '04-14' or '04-14 08:00'.") from exc
    check(len(text.strip()) in (5, 11) and text.strip()[2] == "-", field_name, text,
          "must be 'MM-DD' or 'MM-DD HH:MM' (no year: the calendar repeats every year)",
          "e.g. '04-14 08:00'")
    return float((stamp - pd.Timestamp(year, 1, 1)) / pd.Timedelta(hours=1))


def _names(areas, field_name: str) -> tuple[str, ...] | None:
    if areas is None:
        return None
    if isinstance(areas, str):
        areas = (areas,)
    areas = tuple(areas)
    check(len(areas) > 0 and all(isinstance(a, str) for a in areas), field_name, areas,
          "must be None (all areas) or a non-empty list of area names", "e.g. ('SAG mill',)")
    return areas


@dataclass(frozen=True, slots=True, kw_only=True)
class MaintenanceWindow:
    """A weekly maintenance window.

    Parameters
    ----------
    weekday : int
        Day of the week, 0 = Monday ... 6 = Sunday.
    start_h : float
        Local start hour, in [0, 24). [h]
    duration_h : float
        Duration, in (0, 168]. [h]
    areas : sequence of str, optional
        Names of the areas concerned; None means all areas.
    load_fraction : float, default 0.1
        Fraction of normal power drawn during the window, in [0, 1].
    """

    weekday: int
    start_h: float
    duration_h: float
    areas: tuple[str, ...] | None = None
    load_fraction: float = 0.1

    def __post_init__(self) -> None:
        check(isinstance(self.weekday, (int, np.integer)) and 0 <= self.weekday <= 6,
              "MaintenanceWindow.weekday", self.weekday, "must be an integer 0 (Mon) to 6 (Sun)",
              "e.g. weekday=1 for Tuesday")
        check(is_number(self.start_h) and 0 <= self.start_h < 24, "MaintenanceWindow.start_h",
              self.start_h, "must be in [0, 24)", "give the local start hour")
        check(is_number(self.duration_h) and 0 < self.duration_h <= 168,
              "MaintenanceWindow.duration_h", self.duration_h, "must be in (0, 168] h",
              "give the duration in hours")
        object.__setattr__(self, "areas", _names(self.areas, "MaintenanceWindow.areas"))
        check(is_number(self.load_fraction) and 0 <= self.load_fraction <= 1,
              "MaintenanceWindow.load_fraction", self.load_fraction, "must be in [0, 1]",
              "e.g. 0.1 (lights, sump pumps)")


@dataclass(frozen=True, slots=True, kw_only=True)
class Shutdown:
    """A planned shutdown repeated every year (e.g. a mill reline).

    Parameters
    ----------
    name : str
        Label, e.g. ``"SAG reline"``.
    start : str
        Local start ``'MM-DD'`` or ``'MM-DD HH:MM'`` (no year: it recurs yearly).
    duration_h : float
        Duration, in (0, 8760]; a shutdown is cut at the end of the year. [h]
    areas : sequence of str, optional
        Names of the areas stopped; None means all areas.
    load_fraction : float, default 0.05
        Fraction of normal power drawn while stopped, in [0, 1].
    ramp_h : float, default 0.0
        Linear restart ramp after the shutdown. [h]
    """

    name: str
    start: str
    duration_h: float
    areas: tuple[str, ...] | None = None
    load_fraction: float = 0.05
    ramp_h: float = 0.0

    def __post_init__(self) -> None:
        where = f"Shutdown({self.name!r})"
        _parse_month_day(self.start, f"{where}.start")
        check(is_number(self.duration_h) and 0 < self.duration_h <= 8760,
              f"{where}.duration_h", self.duration_h, "must be in (0, 8760] h",
              "give the duration in hours, e.g. 72 for a 3-day reline")
        object.__setattr__(self, "areas", _names(self.areas, f"{where}.areas"))
        check(is_number(self.load_fraction) and 0 <= self.load_fraction <= 1,
              f"{where}.load_fraction", self.load_fraction, "must be in [0, 1]", "e.g. 0.05")
        check(is_number(self.ramp_h) and 0 <= self.ramp_h <= 168, f"{where}.ramp_h",
              self.ramp_h, "must be in [0, 168] h", "e.g. 4 h")

    def window_h(self, year: int) -> tuple[float, float]:
        """(start, end) in hours since 1 January 00:00 of ``year``. [h]"""
        check(not (self.start.startswith("02-29") and not _calendar.isleap(year)),
              f"Shutdown({self.name!r}).start", self.start, f"does not exist in {year}",
              "move the shutdown off 29 February")
        start = _parse_month_day(self.start, "start", year)
        return start, start + self.duration_h


@dataclass(frozen=True, slots=True, kw_only=True)
class OperatingCalendar:
    """When the mine runs: shifts, maintenance, shutdowns, trips and seasons.

    Parameters
    ----------
    shifts_per_day : int, default 2
        Number of equal shifts (1 to 4); 2 means 2 x 12 h.
    shift_start_h : float, default 8.0
        Local start hour of the first shift of the day. [h]
    shift_change_dip : float, default 0.3
        Fractional load reduction during a shift change for areas with
        ``shift_sensitivity`` 1, in [0, 1].
    shift_change_duration_h : float, default 1.0
        Length of the dip, which starts at each shift change; shorter than a shift. [h]
    maintenance : sequence of MaintenanceWindow, default ()
        Weekly maintenance windows.
    shutdowns : sequence of Shutdown, default ()
        Planned yearly shutdowns; two shutdowns may not overlap on the same area.
    trips_per_year : float, default 0.0
        Mean number of random plant trips per year (Poisson, seeded). [1/yr]
    trip_duration_h : float, default 1.0
        Duration of each trip. [h]
    trip_ramp_min : float, default 30.0
        Linear restart ramp after each trip. [min]
    trip_areas : sequence of str, optional
        Areas that trip together; None means every throughput-linked area.
    monthly_factors : sequence of 12 float, optional
        Seasonal multipliers, January first, each in [0, 2].
    seasonal_areas : sequence of str, optional
        Areas the monthly factors apply to; None means all areas.
    """

    shifts_per_day: int = 2
    shift_start_h: float = 8.0
    shift_change_dip: float = 0.3
    shift_change_duration_h: float = 1.0
    maintenance: tuple[MaintenanceWindow, ...] = ()
    shutdowns: tuple[Shutdown, ...] = ()
    trips_per_year: float = 0.0
    trip_duration_h: float = 1.0
    trip_ramp_min: float = 30.0
    trip_areas: tuple[str, ...] | None = None
    monthly_factors: tuple[float, ...] | None = None
    seasonal_areas: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        c = "OperatingCalendar"
        check(isinstance(self.shifts_per_day, (int, np.integer)) and 1 <= self.shifts_per_day <= 4,
              f"{c}.shifts_per_day", self.shifts_per_day, "must be an integer 1 to 4",
              "use 2 for 2 x 12 h or 3 for 3 x 8 h")
        check(is_number(self.shift_start_h) and 0 <= self.shift_start_h < 24,
              f"{c}.shift_start_h", self.shift_start_h, "must be in [0, 24)", "e.g. 8.0")
        check(is_number(self.shift_change_dip) and 0 <= self.shift_change_dip <= 1,
              f"{c}.shift_change_dip", self.shift_change_dip, "must be in [0, 1]",
              "e.g. 0.3 (30 % less load during the change); 0 disables it")
        shift_h = 24.0 / self.shifts_per_day
        check(is_number(self.shift_change_duration_h)
              and 0 <= self.shift_change_duration_h < shift_h, f"{c}.shift_change_duration_h",
              self.shift_change_duration_h, f"must be in [0, {shift_h}) h (shorter than a shift)",
              "e.g. 1.0")
        maint = tuple(self.maintenance)
        for m in maint:
            check(isinstance(m, MaintenanceWindow), f"{c}.maintenance", m,
                  "must hold MaintenanceWindow objects", "use MaintenanceWindow(...)")
        object.__setattr__(self, "maintenance", maint)
        shut = tuple(self.shutdowns)
        for s in shut:
            check(isinstance(s, Shutdown), f"{c}.shutdowns", s, "must hold Shutdown objects",
                  "use Shutdown(...)")
        object.__setattr__(self, "shutdowns", shut)
        self._check_overlaps(shut)
        # the only open range here: isfinite rejects inf (nan fails the comparison)
        check(is_number(self.trips_per_year) and math.isfinite(self.trips_per_year)
              and self.trips_per_year >= 0,
              f"{c}.trips_per_year", self.trips_per_year, "must be >= 0", "e.g. 12")
        check(is_number(self.trip_duration_h) and 0 < self.trip_duration_h <= 168,
              f"{c}.trip_duration_h", self.trip_duration_h, "must be in (0, 168] h", "e.g. 1.0")
        check(is_number(self.trip_ramp_min) and 0 <= self.trip_ramp_min <= 1440,
              f"{c}.trip_ramp_min", self.trip_ramp_min, "must be in [0, 1440] min", "e.g. 30")
        object.__setattr__(self, "trip_areas", _names(self.trip_areas, f"{c}.trip_areas"))
        object.__setattr__(self, "seasonal_areas",
                           _names(self.seasonal_areas, f"{c}.seasonal_areas"))
        if self.monthly_factors is not None:
            factors = tuple(float(x) for x in self.monthly_factors)
            check(len(factors) == 12 and all(math.isfinite(x) and 0 <= x <= 2 for x in factors),
                  f"{c}.monthly_factors", self.monthly_factors,
                  "must be 12 multipliers in [0, 2], January first",
                  "give one factor per month, e.g. (1.0,) * 12")
            object.__setattr__(self, "monthly_factors", factors)

    @staticmethod
    def _check_overlaps(shutdowns: tuple[Shutdown, ...]) -> None:
        """Two shutdowns overlapping in time on a shared area are an error."""
        for i, a in enumerate(shutdowns):
            a0, a1 = a.window_h(2000)
            for b in shutdowns[i + 1:]:
                b0, b1 = b.window_h(2000)
                shared = (a.areas is None or b.areas is None
                          or bool(set(a.areas) & set(b.areas)))
                if shared and a0 < b1 and b0 < a1:
                    raise InputError(
                        f"OperatingCalendar.shutdowns = {a.name!r} ({a.start}, {a.duration_h} h) "
                        f"and {b.name!r} ({b.start}, {b.duration_h} h) overlap on the same "
                        "area(s). Fix: move one of them, or merge them into one Shutdown."
                    )

    def referenced_areas(self) -> set[str]:
        """Every area name the calendar refers to."""
        names: set[str] = set()
        for item in (*self.maintenance, *self.shutdowns):
            names |= set(item.areas or ())
        names |= set(self.trip_areas or ()) | set(self.seasonal_areas or ())
        return names

