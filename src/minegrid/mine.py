"""Mine electric load built from process areas and an operating calendar.

No public hourly mine load exists, so early studies build one from what the engineer
knows: the process areas (installed power, utilisation, a daily pattern), the
operating calendar (shifts, weekly maintenance, planned shutdowns such as mill
relines, random trips, seasons) and the life-of-mine production plan.

The power of area *a* over step *k* is

.. math::

    P_{a,k} = \\min\\bigl(\\max(0,\\ P_{\\mathrm{inst}}\\,u\\,s(h_k)\\,
              [1 - \\sigma\\,d\\,c_k]\\,m_{\\mathrm{month}}\\,[1 + v\\,\\varepsilon_k]),
              \\ P_{\\mathrm{inst}}\\bigr)\\ A_{a,k}

with installed power :math:`P_{\\mathrm{inst}}` [kW], utilisation :math:`u` (mean fraction
of installed power drawn while running), daily pattern :math:`s` (mean 1 over the day),
shift-change dip depth :math:`d` times the area's sensitivity :math:`\\sigma` and the
fraction :math:`c_k` of the step inside a shift-change window, the monthly factor, a
seeded AR(1) noise :math:`\\varepsilon` (unit variance, 1 h correlation time) scaled by the
area's variability :math:`v`, and the availability :math:`A_{a,k}` in [0, 1] (the lowest of
the maintenance, shutdown and trip factors of the step, each averaged over the step).
See ``docs/load.md``.
"""

from __future__ import annotations

import calendar as _calendar
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from scipy.signal import lfilter

from minegrid.errors import InputError, check
from minegrid.load import LOAD_NAME, LoadStats, check_dt_h, load_stats

__all__ = [
    "KINDS",
    "PATTERNS",
    "MaintenanceWindow",
    "MineLoad",
    "OperatingCalendar",
    "ProcessArea",
    "ProductionPlan",
    "Shutdown",
    "build_mine_load",
    "example_copper_concentrator",
    "example_gold_mine",
    "life_of_mine_loads",
]


# --------------------------------------------------------------------------- catalogues


@dataclass(frozen=True, slots=True)
class _Kind:
    pattern: str
    utilisation: float
    shift_sensitivity: float
    throughput_linked: bool


#: Catalogue of process-area kinds: default pattern, utilisation (mean fraction of
#: installed power while running), sensitivity to shift-change dips (0 = none, 1 = full
#: dip) and whether the load follows ore throughput (life-of-mine scaling, trips).
KINDS: dict[str, _Kind] = {
    "crushing": _Kind("steady", 0.65, 1.0, True),
    "grinding_sag": _Kind("steady", 0.92, 0.0, True),
    "grinding_ball": _Kind("steady", 0.92, 0.0, True),
    "flotation": _Kind("steady", 0.85, 0.0, True),
    "thickening_filtration": _Kind("steady", 0.70, 0.0, True),
    "tailings_pumping": _Kind("steady", 0.80, 0.0, True),
    "water_pumping": _Kind("steady", 0.80, 0.0, True),
    "desalination": _Kind("steady", 0.85, 0.0, True),
    "ventilation": _Kind("steady", 0.85, 0.0, False),
    "workshops": _Kind("day_shift", 0.50, 1.0, False),
    "offices": _Kind("office", 0.50, 0.0, False),
    "camp": _Kind("camp", 0.60, 0.0, False),
    "haulage_electric": _Kind("steady", 0.60, 1.0, True),
    "trolley_assist": _Kind("steady", 0.50, 1.0, True),
    "other": _Kind("steady", 0.70, 0.0, False),
}


def _norm(values: Sequence[float]) -> np.ndarray:
    arr = np.asarray(values, dtype=np.float64)
    return arr / arr.mean()


#: Daily patterns: 24 values, one per local hour (value at the middle of hour h),
#: normalised to mean 1. ``day_shift`` is built from the calendar's shifts instead.
PATTERNS: dict[str, np.ndarray | None] = {
    "steady": np.ones(24),
    # mining camp: low at night, breakfast and evening peaks (engineering assumption)
    "camp": _norm([0.70, 0.65, 0.65, 0.65, 0.70, 0.90, 1.25, 1.30, 1.05, 0.90, 0.85, 0.90,
                   1.00, 0.95, 0.90, 0.90, 0.95, 1.10, 1.35, 1.45, 1.40, 1.25, 1.05, 0.85]),
    # offices and laboratory: office hours 08-18 (engineering assumption)
    "office": _norm([0.35] * 7 + [0.80] + [1.60] * 10 + [1.00, 0.60] + [0.35] * 4),
    # workshops: busier on the first shift of the day (1.25) than the others
    "day_shift": None,
}

#: Weekday factors of the ``office`` pattern (Monday first), normalised to mean 1.
OFFICE_WEEK = _norm([1.0, 1.0, 1.0, 1.0, 1.0, 0.8, 0.6])

_DAY_SHIFT_FACTOR = 1.25
_NOISE_TAU_H = 1.0


def _is_number(x) -> bool:
    return isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(x, bool) \
        and math.isfinite(x)


# --------------------------------------------------------------------------- process area


@dataclass(frozen=True, slots=True, kw_only=True)
class ProcessArea:
    """One process area of a mine: a building block of the load.

    Parameters
    ----------
    name : str
        Unique name, used by the calendar to refer to the area.
    kind : str
        One of :data:`KINDS`: crushing, grinding_sag, grinding_ball, flotation,
        thickening_filtration, tailings_pumping, water_pumping, desalination,
        ventilation, workshops, offices, camp, haulage_electric, trolley_assist, other.
    installed_kw : float
        Installed (connected) electric power. [kW]
    utilisation : float, optional
        Mean fraction of installed power drawn while the area runs, in [0, 1]
        (downtime is the calendar's job). Default: the kind's catalogue value.
    pattern : str, optional
        Daily pattern, one of :data:`PATTERNS` (steady, camp, office, day_shift).
        Default: the kind's catalogue pattern.
    largest_motor_kw : float, optional
        Rating of the largest single drive (its start is the largest load step), at most
        ``installed_kw``. [kW]
    variability : float, default 0.0
        Standard deviation of the seeded AR(1) noise (1 h correlation time) as a
        fraction of the area's power, in [0, 1].
    shift_sensitivity : float, optional
        Fraction of the calendar's shift-change dip that applies, in [0, 1]. Default:
        the kind's catalogue value (1 for crushing, haulage, workshops; 0 for mills).
    throughput_linked : bool, optional
        Whether the load scales with ore throughput (production plan) and trips with
        the plant. Default: the kind's catalogue value.
    throughput_t_per_h : float, optional
        Ore throughput when sized by :meth:`from_throughput` (for the record). [t/h]
    specific_energy_kwh_per_t : float, optional
        Specific energy when sized by :meth:`from_throughput` (for the record). [kWh/t]

    Examples
    --------
    >>> a = ProcessArea(name="SAG", kind="grinding_sag", installed_kw=2000.0)
    >>> a.mean_running_kw
    1840.0
    """

    name: str
    kind: str
    installed_kw: float
    utilisation: float | None = None
    pattern: str | None = None
    largest_motor_kw: float | None = None
    variability: float = 0.0
    shift_sensitivity: float | None = None
    throughput_linked: bool | None = None
    throughput_t_per_h: float | None = None
    specific_energy_kwh_per_t: float | None = None

    def __post_init__(self) -> None:
        check(isinstance(self.name, str) and self.name.strip() != "", "ProcessArea.name",
              self.name, "must be a non-empty string", "give the area a name, e.g. 'SAG mill'")
        where = f"ProcessArea({self.name!r})"
        check(self.kind in KINDS, f"{where}.kind", self.kind, "is not a known kind",
              f"use one of {sorted(KINDS)}")
        spec = KINDS[self.kind]
        check(_is_number(self.installed_kw) and self.installed_kw > 0, f"{where}.installed_kw",
              self.installed_kw, "must be a positive number of kW", "give the installed power")
        if self.utilisation is None:
            object.__setattr__(self, "utilisation", spec.utilisation)
        check(_is_number(self.utilisation) and 0.0 <= self.utilisation <= 1.0,
              f"{where}.utilisation", self.utilisation, "must be a fraction in [0, 1]",
              "give the mean fraction of installed power drawn while running, e.g. 0.85")
        if self.pattern is None:
            object.__setattr__(self, "pattern", spec.pattern)
        check(self.pattern in PATTERNS, f"{where}.pattern", self.pattern,
              "is not a known pattern", f"use one of {sorted(PATTERNS)}")
        check(self.largest_motor_kw is None or (_is_number(self.largest_motor_kw)
              and 0 < self.largest_motor_kw <= self.installed_kw), f"{where}.largest_motor_kw",
              self.largest_motor_kw, f"must be in (0, installed_kw = {self.installed_kw}]",
              "give the rating of the largest single drive, or None")
        check(_is_number(self.variability) and 0.0 <= self.variability <= 1.0,
              f"{where}.variability", self.variability, "must be a fraction in [0, 1]",
              "use e.g. 0.03 for a mill, 0.15 for haulage")
        if self.shift_sensitivity is None:
            object.__setattr__(self, "shift_sensitivity", spec.shift_sensitivity)
        check(_is_number(self.shift_sensitivity) and 0.0 <= self.shift_sensitivity <= 1.0,
              f"{where}.shift_sensitivity", self.shift_sensitivity,
              "must be a fraction in [0, 1]", "use 0 (no dip) to 1 (full dip)")
        if self.throughput_linked is None:
            object.__setattr__(self, "throughput_linked", spec.throughput_linked)
        check(isinstance(self.throughput_linked, (bool, np.bool_)), f"{where}.throughput_linked",
              self.throughput_linked, "must be True or False", "")
        for name in ("throughput_t_per_h", "specific_energy_kwh_per_t"):
            value = getattr(self, name)
            check(value is None or (_is_number(value) and value > 0), f"{where}.{name}", value,
                  "must be > 0 or None", "")

    @classmethod
    def from_throughput(
        cls,
        name: str,
        kind: str,
        *,
        throughput_t_per_h: float,
        specific_energy_kwh_per_t: float,
        motor_loading: float = 0.92,
        **kwargs,
    ) -> ProcessArea:
        """Size an area from ore throughput and specific energy.

        The mean running power is ``throughput_t_per_h * specific_energy_kwh_per_t``;
        the installed power is that divided by ``motor_loading`` (which becomes the
        utilisation).

        Parameters
        ----------
        name, kind : str
            As for :class:`ProcessArea`.
        throughput_t_per_h : float
            Ore treated while running. [t/h]
        specific_energy_kwh_per_t : float
            Electric energy per tonne of ore for this area. [kWh/t]
        motor_loading : float, default 0.92
            Mean fraction of installed power drawn while running, in (0, 1].
        **kwargs
            Other :class:`ProcessArea` fields (``largest_motor_kw``, ``variability``...).

        Examples
        --------
        >>> a = ProcessArea.from_throughput("Ball mill", "grinding_ball",
        ...     throughput_t_per_h=200.0, specific_energy_kwh_per_t=12.0, motor_loading=0.8)
        >>> a.installed_kw, a.mean_running_kw
        (3000.0, 2400.0)
        """
        check(_is_number(throughput_t_per_h) and throughput_t_per_h > 0, "throughput_t_per_h",
              throughput_t_per_h, "must be > 0", "give the ore throughput in t/h")
        check(_is_number(specific_energy_kwh_per_t) and specific_energy_kwh_per_t > 0,
              "specific_energy_kwh_per_t", specific_energy_kwh_per_t, "must be > 0",
              "give the electric energy per tonne, e.g. 8 kWh/t for a SAG mill")
        check(_is_number(motor_loading) and 0 < motor_loading <= 1, "motor_loading",
              motor_loading, "must be in (0, 1]", "use e.g. 0.9")
        power = throughput_t_per_h * specific_energy_kwh_per_t
        return cls(name=name, kind=kind, installed_kw=power / motor_loading,
                   utilisation=motor_loading, throughput_t_per_h=throughput_t_per_h,
                   specific_energy_kwh_per_t=specific_energy_kwh_per_t, **kwargs)

    @property
    def mean_running_kw(self) -> float:
        """Mean power while running, ``installed_kw * utilisation``. [kW]"""
        return float(self.installed_kw * self.utilisation)


# --------------------------------------------------------------------------- calendar


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
        check(_is_number(self.start_h) and 0 <= self.start_h < 24, "MaintenanceWindow.start_h",
              self.start_h, "must be in [0, 24)", "give the local start hour")
        check(_is_number(self.duration_h) and 0 < self.duration_h <= 168,
              "MaintenanceWindow.duration_h", self.duration_h, "must be in (0, 168] h",
              "give the duration in hours")
        object.__setattr__(self, "areas", _names(self.areas, "MaintenanceWindow.areas"))
        check(_is_number(self.load_fraction) and 0 <= self.load_fraction <= 1,
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
        check(_is_number(self.duration_h) and 0 < self.duration_h <= 8760,
              f"{where}.duration_h", self.duration_h, "must be in (0, 8760] h",
              "give the duration in hours, e.g. 72 for a 3-day reline")
        object.__setattr__(self, "areas", _names(self.areas, f"{where}.areas"))
        check(_is_number(self.load_fraction) and 0 <= self.load_fraction <= 1,
              f"{where}.load_fraction", self.load_fraction, "must be in [0, 1]", "e.g. 0.05")
        check(_is_number(self.ramp_h) and 0 <= self.ramp_h <= 168, f"{where}.ramp_h",
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
        check(_is_number(self.shift_start_h) and 0 <= self.shift_start_h < 24,
              f"{c}.shift_start_h", self.shift_start_h, "must be in [0, 24)", "e.g. 8.0")
        check(_is_number(self.shift_change_dip) and 0 <= self.shift_change_dip <= 1,
              f"{c}.shift_change_dip", self.shift_change_dip, "must be in [0, 1]",
              "e.g. 0.3 (30 % less load during the change); 0 disables it")
        shift_h = 24.0 / self.shifts_per_day
        check(_is_number(self.shift_change_duration_h)
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
        check(_is_number(self.trips_per_year) and self.trips_per_year >= 0,
              f"{c}.trips_per_year", self.trips_per_year, "must be >= 0", "e.g. 12")
        check(_is_number(self.trip_duration_h) and 0 < self.trip_duration_h <= 168,
              f"{c}.trip_duration_h", self.trip_duration_h, "must be in (0, 168] h", "e.g. 1.0")
        check(_is_number(self.trip_ramp_min) and 0 <= self.trip_ramp_min <= 1440,
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


# --------------------------------------------------------------------------- time helpers


def _periodic_cover(x: np.ndarray, start: float, length: float, period: float) -> np.ndarray:
    """Antiderivative of the indicator of ``[start, start+length) + n*period`` (any n).

    ``_periodic_cover(b) - _periodic_cover(a)`` is the time of ``[a, b)`` inside the window.
    """
    full, rest = np.divmod(x - start % period, period)
    return full * length + np.clip(rest, 0.0, length)


def _window_fraction(t0: np.ndarray, dt: float, start: float, length: float,
                     period: float | None) -> np.ndarray:
    """Fraction of each step ``[t0, t0+dt)`` inside a (periodic) window. All in hours."""
    if length <= 0:
        return np.zeros_like(t0)
    if period is None:
        lo = np.maximum(t0, start)
        hi = np.minimum(t0 + dt, start + length)
        return np.clip(hi - lo, 0.0, None) / dt
    return (_periodic_cover(t0 + dt, start, length, period)
            - _periodic_cover(t0, start, length, period)) / dt


def _ramp_deficit(t0: np.ndarray, dt: float, end: float, ramp_h: float) -> np.ndarray:
    """Step-average of ``1 - (s - end)/ramp_h`` for ``s`` in ``[end, end + ramp_h)``."""
    if ramp_h <= 0:
        return np.zeros_like(t0)

    def cum(x):
        u = np.clip(x - end, 0.0, ramp_h)
        return u - u * u / (2.0 * ramp_h)

    return (cum(t0 + dt) - cum(t0)) / dt


def _pattern_values(pattern: str, hour_mid: np.ndarray, weekday: np.ndarray,
                    cal: OperatingCalendar) -> np.ndarray:
    """Pattern multiplier at local hour-of-day ``hour_mid`` (middle of each step)."""
    if pattern == "day_shift":
        n = cal.shifts_per_day
        if n == 1:
            return np.ones_like(hour_mid)
        other = (n - _DAY_SHIFT_FACTOR) / (n - 1)
        in_first = ((hour_mid - cal.shift_start_h) % 24.0) < 24.0 / n
        return np.where(in_first, _DAY_SHIFT_FACTOR, other)
    shape = PATTERNS[pattern]
    # periodic linear interpolation between the hourly values placed at h + 0.5
    xp = np.arange(-0.5, 25.0, 1.0)
    fp = np.concatenate([[shape[-1]], shape, [shape[0]]])
    values = np.interp(hour_mid % 24.0, xp, fp)
    if pattern == "office":
        values = values * OFFICE_WEEK[weekday]
    return values


def _ar1(rng: np.random.Generator, n: int, dt_h: float) -> np.ndarray:
    """Stationary AR(1) noise, unit variance, correlation time ``_NOISE_TAU_H``."""
    phi = math.exp(-dt_h / _NOISE_TAU_H)
    e = rng.standard_normal(n + 1)
    # x_k = phi x_{k-1} + sqrt(1 - phi^2) e_k, with x_0 = e_0 (stationary start)
    out, _ = lfilter([math.sqrt(1.0 - phi * phi)], [1.0, -phi], e[1:], zi=[phi * e[0]])
    return np.asarray(out, dtype=np.float64)


# --------------------------------------------------------------------------- builder


@dataclass(frozen=True, slots=True, kw_only=True)
class MineLoad:
    """A mine's load model: process areas plus an operating calendar.

    Parameters
    ----------
    areas : sequence of ProcessArea
        The process areas; names must be unique.
    calendar : OperatingCalendar, optional
        Operating calendar; default ``OperatingCalendar()`` (2 x 12 h shifts, no events).
    name : str, default ""
        Label of the mine.
    description : str, default ""
        Free text: sources and assumptions.

    Examples
    --------
    >>> mine = MineLoad(areas=[ProcessArea(name="mill", kind="grinding_ball",
    ...                                    installed_kw=1000.0, utilisation=0.9)])
    >>> load = mine.build(year=2025)
    >>> len(load), round(float(load.mean()), 1)
    (8760, 900.0)
    """

    areas: tuple[ProcessArea, ...]
    calendar: OperatingCalendar = field(default_factory=OperatingCalendar)
    name: str = ""
    description: str = ""

    def __post_init__(self) -> None:
        areas = tuple(self.areas) if isinstance(self.areas, Iterable) else (self.areas,)
        check(len(areas) > 0, "MineLoad.areas", areas, "must hold at least one ProcessArea",
              "add the mine's process areas")
        for a in areas:
            check(isinstance(a, ProcessArea), "MineLoad.areas", a,
                  "must hold ProcessArea objects", "use ProcessArea(...)")
        names = [a.name for a in areas]
        dups = sorted({n for n in names if names.count(n) > 1})
        check(not dups, "MineLoad.areas", dups, "has duplicated area names",
              "give each area a unique name")
        object.__setattr__(self, "areas", areas)
        check(isinstance(self.calendar, OperatingCalendar), "MineLoad.calendar",
              self.calendar, "must be an OperatingCalendar", "use OperatingCalendar(...)")
        unknown = sorted(self.calendar.referenced_areas() - set(names))
        check(not unknown, "OperatingCalendar areas", unknown,
              f"are not areas of the mine (areas: {names})",
              "fix the names in maintenance/shutdowns/trip_areas/seasonal_areas")

    @property
    def installed_kw(self) -> float:
        """Total installed power. [kW]"""
        return float(sum(a.installed_kw for a in self.areas))

    @property
    def largest_motor_kw(self) -> float | None:
        """Largest ``largest_motor_kw`` over the areas (biggest drive start), or None. [kW]"""
        motors = [a.largest_motor_kw for a in self.areas if a.largest_motor_kw is not None]
        return float(max(motors)) if motors else None

    def breakdown(self, year: int, *, dt_h: float = 1.0, tz=None, seed: int | None = 0,
                  factors: dict[str, float] | None = None) -> pd.DataFrame:
        """Power of each area over one calendar year.

        Parameters
        ----------
        year : int
            Calendar year (local time).
        dt_h : float, default 1.0
            Time step. [h]
        tz : str or tzinfo, optional
            Zone of the index; None gives naive local time. Patterns and events follow
            the local wall clock; prefer fixed-offset zones (e.g. ``'Etc/GMT+4'``).
        seed : int or None, default 0
            Seed of the random trips and noise; the same seed gives the same load.
            None draws fresh entropy (not reproducible).
        factors : dict of str to float, optional
            Per-area multipliers (life-of-mine scaling), default 1.

        Returns
        -------
        pandas.DataFrame
            One float64 column per area (area names), index at ``dt_h``
            (interval-start labels). [kW]
        """
        step = check_dt_h(dt_h)
        check(isinstance(year, (int, np.integer)) and 1900 <= year <= 2200, "year", year,
              "must be a calendar year in [1900, 2200]", "e.g. year=2025")
        year = int(year)
        dt = float(step / pd.Timedelta(hours=1))
        start = pd.Timestamp(year, 1, 1)
        end = pd.Timestamp(year + 1, 1, 1)
        if tz is None:
            index = pd.date_range(start, end, freq=step, inclusive="left", name="time")
            wall = index
        else:
            try:
                index = pd.date_range(start.tz_localize(tz), end.tz_localize(tz), freq=step,
                                      inclusive="left", name="time")
            except (ValueError, TypeError) as exc:
                raise InputError(f"tz = {tz!r} is not usable ({exc}). Fix: give an IANA zone "
                                 "such as 'Etc/GMT+4'.") from exc
            wall = index.tz_localize(None)
        t0 = np.asarray((wall - start) / pd.Timedelta(hours=1), dtype=np.float64)
        n = len(t0)
        hour_mid = (t0 + dt / 2.0) % 24.0
        weekday = np.asarray(wall.day_of_week)
        week_offset = start.weekday() * 24.0  # hours from the Monday before 1 January
        month = np.asarray(wall.month) - 1
        cal = self.calendar
        factors = dict(factors or {})
        unknown = sorted(set(factors) - {a.name for a in self.areas})
        check(not unknown, "factors", unknown, "are not area names", "use the areas' names")

        # shift-change dip fraction (same for all areas, scaled by their sensitivity)
        shift_frac = np.zeros(n)
        if cal.shift_change_dip > 0 and cal.shift_change_duration_h > 0:
            for j in range(cal.shifts_per_day):
                change = cal.shift_start_h + j * 24.0 / cal.shifts_per_day
                shift_frac += _window_fraction(t0, dt, change, cal.shift_change_duration_h, 24.0)

        seeds = np.random.SeedSequence(seed).spawn(len(self.areas) + 1)
        trip_rng = np.random.default_rng(seeds[0])
        hours_in_year = float((end - start) / pd.Timedelta(hours=1))
        n_trips = trip_rng.poisson(cal.trips_per_year * hours_in_year / 8760.0)
        trip_starts = np.sort(trip_rng.uniform(0.0, hours_in_year, n_trips))
        trip_avail = np.ones(n)
        for ts in trip_starts:
            deficit = _window_fraction(t0, dt, ts, cal.trip_duration_h, None)
            deficit = deficit + _ramp_deficit(t0, dt, ts + cal.trip_duration_h,
                                              cal.trip_ramp_min / 60.0)
            trip_avail = np.minimum(trip_avail, 1.0 - np.clip(deficit, 0.0, 1.0))
        trip_names = (set(cal.trip_areas) if cal.trip_areas is not None
                      else {a.name for a in self.areas if a.throughput_linked})

        columns = {}
        for a, area_seed in zip(self.areas, seeds[1:], strict=True):
            power = a.installed_kw * a.utilisation * _pattern_values(a.pattern, hour_mid,
                                                                     weekday, cal)
            power = power * (1.0 - a.shift_sensitivity * cal.shift_change_dip * shift_frac)
            if cal.monthly_factors is not None and (cal.seasonal_areas is None
                                                    or a.name in cal.seasonal_areas):
                power = power * np.asarray(cal.monthly_factors)[month]
            if a.variability > 0:
                noise = _ar1(np.random.default_rng(area_seed), n, dt)
                power = power * (1.0 + a.variability * noise)
            power = np.clip(power, 0.0, a.installed_kw)

            avail = np.ones(n)
            for m in cal.maintenance:
                if m.areas is None or a.name in m.areas:
                    frac = _window_fraction(t0 + week_offset, dt, m.weekday * 24.0 + m.start_h,
                                            m.duration_h, 168.0)
                    avail = np.minimum(avail, 1.0 - frac * (1.0 - m.load_fraction))
            for s in cal.shutdowns:
                if s.areas is None or a.name in s.areas:
                    s0, s1 = s.window_h(year)
                    frac = _window_fraction(t0, dt, s0, s1 - s0, None)
                    deficit = frac * (1.0 - s.load_fraction) + _ramp_deficit(t0, dt, s1, s.ramp_h) \
                        * (1.0 - s.load_fraction)
                    avail = np.minimum(avail, 1.0 - np.clip(deficit, 0.0, 1.0))
            if a.name in trip_names:
                avail = np.minimum(avail, trip_avail)
            columns[a.name] = power * avail * float(factors.get(a.name, 1.0))
        frame = pd.DataFrame(columns, index=index, dtype="float64")
        frame.attrs["largest_motor_kw"] = self.largest_motor_kw
        frame.attrs["trip_starts_h"] = tuple(float(x) for x in trip_starts)
        return frame

    def build(self, year: int, *, dt_h: float = 1.0, tz=None, seed: int | None = 0,
              factors: dict[str, float] | None = None) -> pd.Series:
        """Total mine load over one calendar year (see :meth:`breakdown`).

        Returns
        -------
        pandas.Series
            ``load_kw``, float64; ``attrs['largest_motor_kw']`` carries the largest
            motor step for :func:`minegrid.load_stats`. [kW]
        """
        frame = self.breakdown(year, dt_h=dt_h, tz=tz, seed=seed, factors=factors)
        total = frame.sum(axis=1).rename(LOAD_NAME)
        total.attrs["largest_motor_kw"] = self.largest_motor_kw
        return total

    def stats(self, year: int, *, dt_h: float = 1.0, tz=None, seed: int | None = 0) -> LoadStats:
        """:func:`minegrid.load_stats` of :meth:`build`, with the largest motor step."""
        return load_stats(self.build(year, dt_h=dt_h, tz=tz, seed=seed),
                          largest_motor_kw=self.largest_motor_kw)


def build_mine_load(
    areas: Sequence[ProcessArea] | MineLoad,
    calendar: OperatingCalendar | None = None,
    *,
    year: int,
    dt_h: float = 1.0,
    tz=None,
    seed: int | None = 0,
    by_area: bool = False,
) -> pd.Series | pd.DataFrame:
    """Build a mine load from process areas and an operating calendar.

    Parameters
    ----------
    areas : sequence of ProcessArea, or MineLoad
        Process areas (or a ready :class:`MineLoad`, whose calendar is then used unless
        ``calendar`` is given).
    calendar : OperatingCalendar, optional
        Default ``OperatingCalendar()``.
    year : int
        Calendar year.
    dt_h : float, default 1.0
        Time step. [h]
    tz : str or tzinfo, optional
        Zone of the index (None: naive local time).
    seed : int or None, default 0
        Seed for trips and noise: same seed, same load.
    by_area : bool, default False
        Return the per-area DataFrame instead of the total.

    Returns
    -------
    pandas.Series or pandas.DataFrame
        Total ``load_kw`` [kW], or one column per area [kW].

    Examples
    --------
    >>> areas = [ProcessArea(name="camp", kind="camp", installed_kw=500.0)]
    >>> round(float(build_mine_load(areas, year=2025).mean()), 6)
    300.0
    """
    if isinstance(areas, MineLoad):
        mine = areas if calendar is None else replace(areas, calendar=calendar)
    else:
        mine = MineLoad(areas=tuple(areas), calendar=calendar or OperatingCalendar())
    if by_area:
        return mine.breakdown(year, dt_h=dt_h, tz=tz, seed=seed)
    return mine.build(year, dt_h=dt_h, tz=tz, seed=seed)


# --------------------------------------------------------------------------- life of mine


@dataclass(frozen=True, slots=True, kw_only=True)
class ProductionPlan:
    """Yearly ore throughput over the life of mine, as a fraction of design.

    Parameters
    ----------
    years : sequence of int
        Consecutive calendar years.
    throughput_fraction : sequence of float
        Throughput of each year as a fraction of design, in [0, 1.5]; 0 is closure.
    closure_fixed_fraction : float, default 0.3
        Fraction of the non-throughput-linked load (camp, offices, workshops,
        ventilation) kept in years with zero throughput (care and maintenance), in [0, 1].

    Examples
    --------
    >>> plan = ProductionPlan.standard(2026, ramp_up_years=2, plateau_years=2,
    ...                                decline_years=2, closure_years=1)
    >>> plan.throughput_fraction
    (0.6, 0.8, 1.0, 1.0, 0.75, 0.5, 0.0)
    """

    years: tuple[int, ...]
    throughput_fraction: tuple[float, ...]
    closure_fixed_fraction: float = 0.3

    def __post_init__(self) -> None:
        years = tuple(self.years)
        fractions = tuple(self.throughput_fraction)
        check(len(years) > 0, "ProductionPlan.years", years, "is empty",
              "give at least one year, e.g. ProductionPlan.standard(2026)")
        check(len(fractions) == len(years), "ProductionPlan.throughput_fraction",
              f"{len(fractions)} values", f"must have one value per year ({len(years)} years)",
              "give as many fractions as years")
        check(all(isinstance(y, (int, np.integer)) for y in years), "ProductionPlan.years",
              years, "must be integers", "e.g. (2026, 2027, 2028)")
        years = tuple(int(y) for y in years)
        check(all(b - a == 1 for a, b in zip(years, years[1:], strict=False)),
              "ProductionPlan.years", years, "must be consecutive and increasing",
              "list every year of the plan in order (use 0 for idle years)")
        check(all(_is_number(f) and 0 <= f <= 1.5 for f in fractions),
              "ProductionPlan.throughput_fraction", fractions, "must be in [0, 1.5]",
              "give fractions of design throughput, e.g. 1.0 at plateau")
        check(_is_number(self.closure_fixed_fraction) and 0 <= self.closure_fixed_fraction <= 1,
              "ProductionPlan.closure_fixed_fraction", self.closure_fixed_fraction,
              "must be in [0, 1]", "e.g. 0.3")
        object.__setattr__(self, "years", years)
        object.__setattr__(self, "throughput_fraction", tuple(float(f) for f in fractions))

    @classmethod
    def standard(
        cls,
        start_year: int,
        *,
        ramp_up_years: int = 2,
        plateau_years: int = 10,
        decline_years: int = 3,
        closure_years: int = 1,
        ramp_start_fraction: float = 0.6,
        decline_end_fraction: float = 0.5,
        closure_fixed_fraction: float = 0.3,
    ) -> ProductionPlan:
        """Ramp-up, plateau, decline and closure.

        Ramp-up rises linearly from ``ramp_start_fraction`` towards 1 (excluded);
        plateau years are 1; decline falls linearly to ``decline_end_fraction``
        (reached in its last year); closure years are 0.
        """
        for name, value in (("ramp_up_years", ramp_up_years), ("plateau_years", plateau_years),
                            ("decline_years", decline_years), ("closure_years", closure_years)):
            check(isinstance(value, (int, np.integer)) and value >= 0, name, value,
                  "must be an integer >= 0", "")
        check(0 <= ramp_start_fraction <= 1, "ramp_start_fraction", ramp_start_fraction,
              "must be in [0, 1]", "")
        check(0 <= decline_end_fraction <= 1, "decline_end_fraction", decline_end_fraction,
              "must be in [0, 1]", "")
        ramp = [ramp_start_fraction + (1 - ramp_start_fraction) * i / ramp_up_years
                for i in range(ramp_up_years)]
        decline = [1 - (1 - decline_end_fraction) * (i + 1) / decline_years
                   for i in range(decline_years)]
        fractions = [*ramp, *([1.0] * plateau_years), *decline, *([0.0] * closure_years)]
        fractions = [round(f, 12) for f in fractions]
        years = tuple(range(int(start_year), int(start_year) + len(fractions)))
        return cls(years=years, throughput_fraction=tuple(fractions),
                   closure_fixed_fraction=closure_fixed_fraction)

    def area_factors(self, areas: Sequence[ProcessArea] | MineLoad) -> pd.DataFrame:
        """Per-year multiplier of each area's load.

        Throughput-linked areas follow ``throughput_fraction``; the others stay at 1
        while the mine produces and drop to ``closure_fixed_fraction`` in years of zero
        throughput.

        Returns
        -------
        pandas.DataFrame
            Index ``year``, one column per area.
        """
        if isinstance(areas, MineLoad):
            areas = areas.areas
        rows = {}
        for a in areas:
            rows[a.name] = [f if a.throughput_linked
                            else (1.0 if f > 0 else self.closure_fixed_fraction)
                            for f in self.throughput_fraction]
        return pd.DataFrame(rows, index=pd.Index(self.years, name="year"), dtype="float64")


def life_of_mine_loads(
    mine: MineLoad,
    plan: ProductionPlan,
    *,
    years: Sequence[int] | None = None,
    dt_h: float = 1.0,
    tz=None,
    seed: int | None = 0,
) -> dict[int, pd.Series]:
    """One load Series per year of the plan, each scaled by :meth:`ProductionPlan.area_factors`.

    Parameters
    ----------
    mine : MineLoad
    plan : ProductionPlan
    years : sequence of int, optional
        Subset of the plan's years; each must be in the plan.
    dt_h : float, default 1.0
        Time step. [h]
    tz : optional
        Zone of the index.
    seed : int or None, default 0
        A year at full throughput equals ``mine.build(year, seed=seed)``.

    Returns
    -------
    dict of int to pandas.Series
        ``{year: load_kw}``. [kW]
    """
    check(isinstance(mine, MineLoad), "mine", type(mine).__name__, "must be a MineLoad",
          "wrap the areas: MineLoad(areas=..., calendar=...)")
    check(isinstance(plan, ProductionPlan), "plan", type(plan).__name__,
          "must be a ProductionPlan", "use ProductionPlan(...) or ProductionPlan.standard(...)")
    wanted = plan.years if years is None else tuple(years)
    missing = [y for y in wanted if y not in plan.years]
    check(not missing, "years", missing,
          f"are not in the production plan ({plan.years[0]}-{plan.years[-1]})",
          "ask only for years of the plan, or extend the plan")
    factors = plan.area_factors(mine)
    return {int(y): mine.build(int(y), dt_h=dt_h, tz=tz, seed=seed,
                               factors=factors.loc[y].to_dict()) for y in wanted}


# --------------------------------------------------------------------------- examples

_GOLD_SOURCES = """\
Example off-grid gold mine (open pit + 1.5 Mt/yr CIL plant), about 5.6 MW mean.
Sources and assumptions:
- Total plant: a small gold mine with a ball-mill processing plant 'running continuously at
  6 MW' is the typical case in 'Technology Choices for Remote Gold Mine' (public slide deck,
  https://pdfslide.us/documents/download-technology-choices-for-remote-gold-mine.html).
- Throughput 1.5 Mt/yr at 92 % plant availability -> 186 t/h (engineering assumption).
- SAG 7 kWh/t and ball mill 12 kWh/t: within the Andean porphyry benchmarks of
  wiki.sagmilling.com 'Benchmarking: Bond - Esperanza' (E_SAG 3.9-7.2 kWh/t, ball-mill work
  index 17.6 kWh/t) for a softer gold ore; mill power utilisation 0.92-0.95 from the same page.
- CIL, elution and gold room, crushing, tailings, water, workshops, offices: engineering
  assumptions (installed kW and utilisation), not measured data.
- Camp: 400 beds at 1.0 kW installed per bed, utilisation 0.6 (engineering assumption; no
  public per-bed figure was found).
- Calendar: 2 x 12 h shifts from 07:00, weekly 8 h crusher maintenance, two 60 h mill relines
  a year, 12 plant trips/yr of 1 h with a 30 min restart ramp (engineering assumptions).
"""

_COPPER_SOURCES = """\
Example Andean copper concentrator (open pit, 30 kt/d SAG-ball-flotation, ~4,000 m), about
29 MW mean.
Sources and assumptions:
- Throughput 30 kt/d at 93 % availability -> 1,345 t/h; plant availability 93 %, SAG power
  utilisation 92.3 % and ball-mill 95 % from wiki.sagmilling.com 'Benchmarking: Bond -
  Esperanza' (Villanueva & Soto, IMPC 2014): Esperanza E_SAG 5.5 kWh/t (3.9-7.2) and
  ball-mill work index 17.6 kWh/t. Used: SAG 6.5 kWh/t, ball mills 8.5 kWh/t (two mills).
- Concentrator share: Cochilco's 2018 energy report (Informe de actualizacion del consumo
  energetico de la mineria del cobre al ano 2018, DEPP 07/2019) finds the concentrator uses
  55 % of the copper industry's electricity; total concentrator intensity here is about
  20 kWh/t of ore, the low end of the 20-30 kWh/t usually quoted (engineering assumption).
- Largest drives: one SAG mill motor (installed power of the SAG area) and two ball-mill
  motors; the SAG start is the largest single motor step.
- Flotation 2.0 kWh/t, crushing 0.5 kWh/t, thickening/filtration, tailings and water pumping,
  workshops, offices: engineering assumptions.
- Camp: 1,500 beds at 1.0 kW installed per bed, utilisation 0.6, with winter heating
  (June-August x1.2, December-February x0.9) at altitude (engineering assumption).
- Altitude does not change the electric load here; it derates the gensets (see
  minegrid.genset_derating). Calendar: 2 x 12 h shifts from 08:00, weekly 12 h crusher
  maintenance, SAG reline 96 h and ball-mill reline 48 h a year, 8 trips/yr of 2 h with a
  60 min ramp (engineering assumptions).
"""


def example_gold_mine() -> MineLoad:
    """An off-grid gold mine of about 5.6 MW mean (1.5 Mt/yr CIL plant, 400-bed camp).

    Sources and assumptions are in the returned object's ``description`` and in
    ``docs/load.md``.

    Examples
    --------
    >>> mine = example_gold_mine()
    >>> 5000 < float(mine.build(2025).mean()) < 8000
    True
    """
    t_per_h = 1.5e6 / (8760 * 0.92)
    areas = (
        ProcessArea(name="Primary crushing", kind="crushing", installed_kw=600.0,
                    utilisation=0.6, largest_motor_kw=250.0, variability=0.10),
        ProcessArea.from_throughput("SAG mill", "grinding_sag", throughput_t_per_h=t_per_h,
                                    specific_energy_kwh_per_t=7.0, motor_loading=0.92,
                                    variability=0.03),
        ProcessArea.from_throughput("Ball mill", "grinding_ball", throughput_t_per_h=t_per_h,
                                    specific_energy_kwh_per_t=12.0, motor_loading=0.95,
                                    variability=0.02),
        ProcessArea(name="CIL, elution and gold room", kind="other", installed_kw=900.0,
                    utilisation=0.75, throughput_linked=True, largest_motor_kw=110.0,
                    variability=0.03),
        ProcessArea(name="Thickener and tailings pumps", kind="tailings_pumping",
                    installed_kw=500.0, utilisation=0.8, largest_motor_kw=160.0),
        ProcessArea(name="Raw water supply", kind="water_pumping", installed_kw=350.0,
                    utilisation=0.8, largest_motor_kw=110.0),
        ProcessArea(name="Workshops", kind="workshops", installed_kw=250.0, variability=0.1),
        ProcessArea(name="Offices and laboratory", kind="offices", installed_kw=150.0),
        ProcessArea(name="Camp (400 beds)", kind="camp", installed_kw=400.0, variability=0.05),
    )
    # the SAG and ball-mill areas are single drives
    areas = tuple(replace(a, largest_motor_kw=a.installed_kw)
                  if a.kind in ("grinding_sag", "grinding_ball") else a for a in areas)
    cal = OperatingCalendar(
        shifts_per_day=2, shift_start_h=7.0, shift_change_dip=0.3, shift_change_duration_h=1.0,
        maintenance=(MaintenanceWindow(weekday=1, start_h=8.0, duration_h=8.0,
                                       areas=("Primary crushing",), load_fraction=0.1),),
        shutdowns=(
            Shutdown(name="Mill reline 1", start="04-14 06:00", duration_h=60.0,
                     areas=("SAG mill", "Ball mill", "CIL, elution and gold room"),
                     load_fraction=0.05, ramp_h=4.0),
            Shutdown(name="Mill reline 2", start="10-13 06:00", duration_h=60.0,
                     areas=("SAG mill", "Ball mill", "CIL, elution and gold room"),
                     load_fraction=0.05, ramp_h=4.0),
        ),
        trips_per_year=12.0, trip_duration_h=1.0, trip_ramp_min=30.0,
    )
    return MineLoad(areas=areas, calendar=cal, name="Example off-grid gold mine",
                    description=_GOLD_SOURCES)


def example_copper_concentrator() -> MineLoad:
    """An Andean copper concentrator of about 29 MW mean (30 kt/d, ~4,000 m altitude).

    Sources and assumptions are in the returned object's ``description`` and in
    ``docs/load.md``.

    Examples
    --------
    >>> mine = example_copper_concentrator()
    >>> 20000 < float(mine.build(2025).mean()) < 40000
    True
    """
    t_per_h = 30_000 / (24 * 0.93)
    sag = ProcessArea.from_throughput("SAG mill", "grinding_sag", throughput_t_per_h=t_per_h,
                                      specific_energy_kwh_per_t=6.5, motor_loading=0.923,
                                      variability=0.03)
    sag = replace(sag, largest_motor_kw=sag.installed_kw)
    ball = ProcessArea.from_throughput("Ball mills (2)", "grinding_ball",
                                       throughput_t_per_h=t_per_h,
                                       specific_energy_kwh_per_t=8.5, motor_loading=0.95,
                                       variability=0.02)
    ball = replace(ball, largest_motor_kw=ball.installed_kw / 2)
    areas = (
        ProcessArea.from_throughput("Primary crushing and conveying", "crushing",
                                    throughput_t_per_h=t_per_h, specific_energy_kwh_per_t=0.5,
                                    motor_loading=0.6, largest_motor_kw=750.0, variability=0.10),
        sag,
        ball,
        ProcessArea.from_throughput("Flotation", "flotation", throughput_t_per_h=t_per_h,
                                    specific_energy_kwh_per_t=2.0, motor_loading=0.85,
                                    largest_motor_kw=400.0, variability=0.03),
        ProcessArea(name="Thickening and filtration", kind="thickening_filtration",
                    installed_kw=900.0, utilisation=0.7, largest_motor_kw=250.0),
        ProcessArea(name="Tailings pumping", kind="tailings_pumping", installed_kw=1800.0,
                    utilisation=0.8, largest_motor_kw=600.0),
        ProcessArea(name="Water supply pumping", kind="water_pumping", installed_kw=2500.0,
                    utilisation=0.8, largest_motor_kw=800.0),
        ProcessArea(name="Workshops", kind="workshops", installed_kw=800.0, variability=0.1),
        ProcessArea(name="Offices and laboratory", kind="offices", installed_kw=300.0),
        ProcessArea(name="Camp (1,500 beds)", kind="camp", installed_kw=1500.0, variability=0.05),
    )
    mills = ("SAG mill", "Ball mills (2)", "Flotation")
    cal = OperatingCalendar(
        shifts_per_day=2, shift_start_h=8.0, shift_change_dip=0.3, shift_change_duration_h=1.0,
        maintenance=(MaintenanceWindow(weekday=2, start_h=8.0, duration_h=12.0,
                                       areas=("Primary crushing and conveying",),
                                       load_fraction=0.1),),
        shutdowns=(
            Shutdown(name="SAG reline", start="05-05 08:00", duration_h=96.0, areas=mills,
                     load_fraction=0.05, ramp_h=6.0),
            Shutdown(name="Ball mill reline", start="11-10 08:00", duration_h=48.0,
                     areas=("Ball mills (2)",), load_fraction=0.5, ramp_h=2.0),
        ),
        trips_per_year=8.0, trip_duration_h=2.0, trip_ramp_min=60.0,
        monthly_factors=(0.9, 0.9, 1.0, 1.0, 1.1, 1.2, 1.2, 1.2, 1.1, 1.0, 1.0, 0.9),
        seasonal_areas=("Camp (1,500 beds)",),
    )
    return MineLoad(areas=areas, calendar=cal, name="Example Andean copper concentrator",
                    description=_COPPER_SOURCES)
