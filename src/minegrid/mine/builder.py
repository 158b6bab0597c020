"""The mine load builder: :class:`MineLoad` (areas plus calendar) and :func:`build_mine_load`.

The step-average window, ramp and noise helpers here turn the calendar's events and
the areas' patterns into power per area and step (the formula is in :mod:`minegrid.mine`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from minegrid.errors import InputError, check
from minegrid.load import LOAD_NAME, LoadStats, check_dt_h, load_stats
from minegrid.mine.areas import ProcessArea, pattern_values
from minegrid.mine.calendar import OperatingCalendar
from minegrid.profiles import HOURS_PER_YEAR

__all__ = ["MineLoad", "build_mine_load"]

_NOISE_TAU_H = 1.0


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


def _ar1(rng: np.random.Generator, n: int, dt_h: float) -> np.ndarray:
    """Stationary AR(1) noise, unit variance, correlation time ``_NOISE_TAU_H``.

    ``x_k = phi x_{k-1} + sqrt(1 - phi^2) e_k`` with ``x_0 = e_0`` (stationary start),
    in the order of operations of ``scipy.signal.lfilter`` (the same numbers, without
    the second it takes to import scipy.signal).
    """
    phi = math.exp(-dt_h / _NOISE_TAU_H)
    b0 = math.sqrt(1.0 - phi * phi)
    e = rng.standard_normal(n + 1)
    out = np.empty(n)
    x = e[0]
    for k, ek in enumerate(e[1:].tolist()):
        x = b0 * ek + phi * x
        out[k] = x
    return out


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
        n_trips = trip_rng.poisson(cal.trips_per_year * hours_in_year / HOURS_PER_YEAR)
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
            power = a.installed_kw * a.utilisation * pattern_values(a.pattern, hour_mid,
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

