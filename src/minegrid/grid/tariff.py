"""Grid tariffs: time-of-use energy prices, demand charges and contracted capacity.

A :class:`Tariff` prices imported energy either by time-of-use periods
(:class:`TariffPeriod`: the hours of the day, weekdays and months it applies to) or by an
hourly price series (a marginal-cost or spot index). The periods must cover every
(month, weekday, hour) of the year exactly once. A :class:`DemandCharge` bills the monthly
peak import in chargeable hours per kW-month (Peru's and Chile's "potencia en horas de
punta", or the monthly maximum demand in any hour); :class:`ContractedCapacity` bills the
monthly peak above a contracted power ("potencia contratada") at a penalty per kW-month.

Hours are clock hours 0-23 (hour 18 is 18:00-19:00, so 18:00-23:00 is ``range(18, 23)``);
weekdays are Monday = 0 ... Sunday = 6; months are 1-12. ``docs/theory/grid.md`` gives the
equations.

>>> punta = TariffPeriod(name="punta", price_per_kwh=0.12, hours=range(18, 23))
>>> fuera = TariffPeriod(name="fuera de punta", price_per_kwh=0.07,
...                      hours=[*range(0, 18), 23])
>>> tariff = Tariff(periods=(punta, fuera))
>>> idx = pd.date_range("2025-01-06 17:00", periods=3, freq="h")
>>> import_price(tariff, idx).tolist()
[0.07, 0.12, 0.12]
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import InputError, check, number, whole
from ._steps import WEEKDAYS, Record, align, local_fields, step_hours

__all__ = ["TariffPeriod", "Tariff", "DemandCharge", "ContractedCapacity", "import_price",
           "period_of_step", "chargeable_steps", "ALL_HOURS", "ALL_WEEKDAYS", "ALL_MONTHS",
           "WEEKDAYS_MON_FRI", "SATURDAY", "SUNDAY"]

ALL_HOURS = tuple(range(24))
ALL_WEEKDAYS = tuple(range(7))
ALL_MONTHS = tuple(range(1, 13))
#: Monday to Friday.
WEEKDAYS_MON_FRI = (0, 1, 2, 3, 4)
SATURDAY, SUNDAY = 5, 6


# --------------------------------------------------------------------------- functions


def _slots(field: str, values, low: int, high: int, what: str) -> tuple[int, ...]:
    """A sorted tuple of whole numbers in [low, high], none repeated."""
    if isinstance(values, int | np.integer) and not isinstance(values, bool):
        values = (values,)
    check(not isinstance(values, str | bytes) and hasattr(values, "__iter__"), field,
          values, f"must be a sequence of {what}",
          f"give e.g. range({low}, {high + 1}) or a list of whole numbers {low}-{high}")
    out = [whole(v, field, minimum=low, fix=f"{what} are whole numbers {low}-{high}")
           for v in values]
    bad = [v for v in out if v > high]
    check(not bad, field, bad, f"holds {what} above {high}",
          f"{what} run {low}-{high}" + (" (hour 23 is 23:00-24:00)" if high == 23 else ""))
    dup = sorted({v for v in out if out.count(v) > 1})
    check(not dup, field, dup, "repeats values", "list each value once")
    check(len(out) > 0, field, (), "must not be empty", "drop the period instead")
    return tuple(sorted(out))


def _coverage(periods: tuple[TariffPeriod, ...]) -> np.ndarray:
    """(12, 7, 24) count of the periods applying to each (month, weekday, hour)."""
    count = np.zeros((12, 7, 24), dtype=np.int64)
    for p in periods:
        m = np.asarray(p.months) - 1
        count[np.ix_(m, np.asarray(p.weekdays), np.asarray(p.hours))] += 1
    return count


def _slot_text(m: int, d: int, h: int) -> str:
    return f"(month {m + 1}, {WEEKDAYS[d]}, hour {h}:00-{h + 1}:00)"


def _check_coverage(periods: tuple[TariffPeriod, ...]) -> None:
    """Every (month, weekday, hour) in exactly one period; else name what is wrong."""
    count = _coverage(periods)
    gaps = np.argwhere(count == 0)
    if gaps.size:
        m, d, h = (int(x) for x in gaps[0])
        raise InputError(
            f"Tariff.periods {[p.name for p in periods]} leave {len(gaps)} of the 2016 "
            f"(month, weekday, hour) slots without a price, e.g. {_slot_text(m, d, h)}. Fix: "
            "add a period for them, or extend a period's hours/weekdays/months (an "
            "off-peak period usually takes every hour the peak periods do not).")
    over = np.argwhere(count > 1)
    if over.size:
        m, d, h = (int(x) for x in over[0])
        names = [p.name for p in periods
                 if m + 1 in p.months and d in p.weekdays and h in p.hours]
        raise InputError(
            f"Tariff.periods {names} overlap in {len(over)} (month, weekday, hour) slots, "
            f"e.g. {_slot_text(m, d, h)}. Fix: each hour belongs to exactly one period: "
            "remove those hours from all but one of them.")


def period_of_step(tariff: Tariff, index: pd.DatetimeIndex) -> np.ndarray:
    """Position in ``tariff.periods`` of the period each step falls in.

    Parameters
    ----------
    tariff : Tariff
        A time-of-use tariff (with ``periods``).
    index : pandas.DatetimeIndex
        Model steps, labelled by their start.

    Returns
    -------
    numpy.ndarray
        One int per step (0 = first period).
    """
    check(tariff.periods is not None, "Tariff.periods", None,
          "are needed to name a step's period", "give TOU periods, not only a price series")
    step_hours(index)
    table = np.full((12, 7, 24), -1, dtype=np.int64)
    for k, p in enumerate(tariff.periods):
        table[np.ix_(np.asarray(p.months) - 1, np.asarray(p.weekdays), np.asarray(p.hours))] = k
    month, weekday, hour = local_fields(index, tariff.timezone, tariff.holidays,
                                        tariff.holiday_weekday)
    return table[month - 1, weekday, hour]


def import_price(tariff: Tariff, index: pd.DatetimeIndex) -> pd.Series:
    """Import energy price of each step.

    Parameters
    ----------
    tariff : Tariff
        TOU periods or an hourly price series.
    index : pandas.DatetimeIndex
        Model steps (hourly or sub-hourly, naive or tz-aware), labelled by their start.
        A tz-aware index is read on ``tariff.timezone`` when given, else on its own clock;
        a naive index is taken as the tariff's local clock time.

    Returns
    -------
    pandas.Series
        ``import_price_per_kwh`` on ``index``. [currency/kWh]
    """
    step_hours(index)
    if tariff.periods is not None:
        prices = np.array([p.price_per_kwh for p in tariff.periods])
        values = prices[period_of_step(tariff, index)]
    else:
        values = align(tariff.hourly_price_per_kwh, index, "Tariff.hourly_price_per_kwh",
                       minimum=0.0, unit=" /kWh")
    return pd.Series(values, index=index, name="import_price_per_kwh", dtype="float64")


def chargeable_steps(window, tariff: Tariff, index: pd.DatetimeIndex) -> np.ndarray:
    """Boolean mask of the steps in a charge's window (a DemandCharge or ContractedCapacity).

    The window is the tariff periods it names (``periods``), else its own ``hours``,
    ``weekdays`` and ``months`` (on the tariff's clock and holidays).
    """
    field = type(window).__name__
    if window.periods is not None:
        check(tariff.periods is not None, f"{field}.periods", window.periods,
              "name TOU periods, but the tariff is an hourly price series",
              "give the window as hours=, weekdays=, months= instead")
        names = [p.name for p in tariff.periods]
        unknown = [n for n in window.periods if n not in names]
        check(not unknown, f"{field}.periods", unknown, f"are not periods of the tariff "
              f"({names})", "name periods of the tariff, spelled as in TariffPeriod.name")
        wanted = np.array([n in window.periods for n in names])
        return wanted[period_of_step(tariff, index)]
    step_hours(index)
    month, weekday, hour = local_fields(index, tariff.timezone, tariff.holidays,
                                        tariff.holiday_weekday)
    return (np.isin(month, window.months) & np.isin(weekday, window.weekdays)
            & np.isin(hour, window.hours))


def _window(obj) -> None:
    """Check the window fields shared by DemandCharge and ContractedCapacity."""
    cls = type(obj).__name__
    object.__setattr__(obj, "hours", _slots(f"{cls}.hours", obj.hours, 0, 23, "hours"))
    object.__setattr__(obj, "weekdays", _slots(f"{cls}.weekdays", obj.weekdays, 0, 6,
                                               "weekdays"))
    object.__setattr__(obj, "months", _slots(f"{cls}.months", obj.months, 1, 12, "months"))
    if obj.periods is not None:
        names = obj.periods
        if isinstance(names, str):
            names = (names,)
        check(all(isinstance(n, str) for n in names) and len(names) > 0, f"{cls}.periods",
              obj.periods, "must be a list of tariff period names", "e.g. periods=('punta',)")
        default = (obj.hours, obj.weekdays, obj.months) == (ALL_HOURS, ALL_WEEKDAYS, ALL_MONTHS)
        check(default, f"{cls}.periods", obj.periods,
              "are given together with hours/weekdays/months",
              "give either the tariff periods or the hours, weekdays and months, not both")
        object.__setattr__(obj, "periods", tuple(names))


# --------------------------------------------------------------------------- classes


@dataclass(frozen=True, slots=True, kw_only=True)
class TariffPeriod(Record):
    """A time-of-use period: the hours, weekdays and months one energy price applies to.

    Parameters
    ----------
    name : str
        Label, e.g. ``"punta"``, ``"fuera de punta"``.
    price_per_kwh : float
        Energy price of imports in this period, >= 0. [currency/kWh]
    hours : sequence of int
        Clock hours 0-23 (hour ``h`` is h:00 to h+1:00); 18:00-23:00 is ``range(18, 23)``.
    weekdays : sequence of int
        Monday = 0 ... Sunday = 6 (holidays count as ``Tariff.holiday_weekday``).
    months : sequence of int
        Months 1-12; Chile's April-September peak is ``range(4, 10)``.
    """

    name: str
    price_per_kwh: float
    hours: tuple[int, ...] = ALL_HOURS
    weekdays: tuple[int, ...] = ALL_WEEKDAYS
    months: tuple[int, ...] = ALL_MONTHS

    def __post_init__(self):
        check(isinstance(self.name, str) and self.name.strip() != "", "TariffPeriod.name",
              self.name, "must be a non-empty label", "e.g. name='punta'")
        object.__setattr__(self, "price_per_kwh", number(
            self.price_per_kwh, f"TariffPeriod.price_per_kwh ({self.name})", minimum=0.0,
            fix="give the energy price per kWh (currency/kWh, not per MWh), >= 0"))
        object.__setattr__(self, "hours", _slots(f"TariffPeriod.hours ({self.name})",
                                                 self.hours, 0, 23, "hours"))
        object.__setattr__(self, "weekdays", _slots(f"TariffPeriod.weekdays ({self.name})",
                                                    self.weekdays, 0, 6, "weekdays"))
        object.__setattr__(self, "months", _slots(f"TariffPeriod.months ({self.name})",
                                                  self.months, 1, 12, "months"))


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Tariff(Record):
    """Energy price of imports: TOU periods covering the year, or an hourly price series.

    Parameters
    ----------
    periods : sequence of TariffPeriod, optional
        Periods covering every (month, weekday, hour) exactly once.
    hourly_price_per_kwh : pandas.Series, optional
        Price on a DatetimeIndex (hourly or finer, covering the model horizon), read
        step-wise; instead of ``periods``. [currency/kWh]
    holidays : sequence of date, optional
        Dates billed as ``holiday_weekday`` (Peru and Chile bill national holidays as
        Sundays: no peak hours).
    holiday_weekday : int
        Weekday a holiday is billed as, default 6 (Sunday).
    timezone : str, optional
        IANA zone or fixed offset of the tariff's clock (e.g. ``"America/Lima"``,
        ``"Etc/GMT+4"``); a tz-aware model index is converted to it. None: the index's own
        clock.
    """

    periods: tuple[TariffPeriod, ...] | None = None
    hourly_price_per_kwh: pd.Series | None = None
    holidays: tuple[_dt.date, ...] = ()
    holiday_weekday: int = SUNDAY
    timezone: str | None = None

    def __post_init__(self):
        check((self.periods is None) != (self.hourly_price_per_kwh is None), "Tariff",
              "periods and hourly_price_per_kwh" if self.periods is not None else "neither",
              "needs exactly one of periods and hourly_price_per_kwh",
              "give TOU periods, or an hourly price series, not both")
        if self.periods is not None:
            periods = (self.periods,) if isinstance(self.periods, TariffPeriod) else (
                tuple(self.periods))
            wrong = [type(p).__name__ for p in periods if not isinstance(p, TariffPeriod)]
            check(not wrong and len(periods) > 0, "Tariff.periods", wrong or periods,
                  "must be a non-empty list of TariffPeriod",
                  "give TariffPeriod(name=..., price_per_kwh=..., hours=...) objects")
            names = [p.name for p in periods]
            dup = sorted({n for n in names if names.count(n) > 1})
            check(not dup, "Tariff.periods", dup, "repeat period names",
                  "give each period its own name (charges refer to periods by name)")
            _check_coverage(periods)
            object.__setattr__(self, "periods", periods)
        else:
            s = self.hourly_price_per_kwh
            check(isinstance(s, pd.Series) and isinstance(s.index, pd.DatetimeIndex),
                  "Tariff.hourly_price_per_kwh", type(s).__name__,
                  "must be a pandas Series on a DatetimeIndex",
                  "pd.Series(prices, index=pd.date_range(..., freq='h'))")
            s = s.sort_index().astype("float64")
            check(len(s) >= 2, "Tariff.hourly_price_per_kwh", f"{len(s)} values",
                  "must hold at least two prices", "give the prices of the whole horizon")
            align(s, s.index, "Tariff.hourly_price_per_kwh", minimum=0.0, unit=" /kWh")
            object.__setattr__(self, "hourly_price_per_kwh", s.copy())
        days = []
        for d in self.holidays:
            try:
                days.append(pd.Timestamp(d).date())
            except (TypeError, ValueError):
                raise InputError(f"Tariff.holidays holds {d!r}, not a date. Fix: give dates "
                                 "such as '2025-07-28' or datetime.date(2025, 7, 28).") from None
        object.__setattr__(self, "holidays", tuple(sorted(set(days))))
        object.__setattr__(self, "holiday_weekday", _slots(
            "Tariff.holiday_weekday", self.holiday_weekday, 0, 6, "weekdays")[0])
        if self.timezone is not None:
            try:
                pd.Timestamp("2025-01-01", tz=self.timezone)
            except Exception:  # any failure means an unknown zone
                raise InputError(f"Tariff.timezone = {self.timezone!r} is not a known time "
                                 "zone. Fix: give an IANA name such as 'America/Lima' or a "
                                 "fixed offset such as 'Etc/GMT+4'.") from None

    def __repr__(self) -> str:
        if self.periods is None:
            s = self.hourly_price_per_kwh
            return (f"Tariff(hourly series, {len(s)} prices, mean {s.mean():.4g}/kWh, "
                    f"{s.index[0]} .. {s.index[-1]})")
        inner = ", ".join(f"{p.name}: {p.price_per_kwh:g}/kWh" for p in self.periods)
        return f"Tariff({inner})"


@dataclass(frozen=True, slots=True, kw_only=True)
class DemandCharge(Record):
    """A charge per kW-month on the monthly peak import in chargeable hours.

    Parameters
    ----------
    name : str
        Label, e.g. ``"potencia en punta"``, ``"demanda máxima"``.
    price_per_kw_month : float
        Charge on the billed demand of each month, >= 0. [currency/(kW·month)]
    periods : sequence of str, optional
        Names of the tariff periods whose hours are chargeable; None: the hours, weekdays
        and months below (default every hour).
    hours, weekdays, months : sequence of int
        The chargeable window when ``periods`` is None (as in :class:`TariffPeriod`).
    lookback_months : int
        Ratchet: the billed demand is at least ``lookback_fraction`` times the highest peak
        of the previous ``lookback_months`` billing months of the horizon (REopt's demand
        lookback); 0: no ratchet.
    lookback_fraction : float
        Share of the earlier peak that sets the floor, in [0, 1]. [-]

    Notes
    -----
    The peak is the largest step-average import: with hourly steps it understates a demand
    metered on 15-min intervals (simulate at 15 min when the charge matters).
    """

    name: str = "demand"
    price_per_kw_month: float
    periods: tuple[str, ...] | None = None
    hours: tuple[int, ...] = ALL_HOURS
    weekdays: tuple[int, ...] = ALL_WEEKDAYS
    months: tuple[int, ...] = ALL_MONTHS
    lookback_months: int = 0
    lookback_fraction: float = 0.0

    def __post_init__(self):
        check(isinstance(self.name, str) and self.name.strip() != "", "DemandCharge.name",
              self.name, "must be a non-empty label", "e.g. name='potencia en punta'")
        object.__setattr__(self, "price_per_kw_month", number(
            self.price_per_kw_month, "DemandCharge.price_per_kw_month", minimum=0.0,
            fix="a demand charge is a cost >= 0 per kW-month; a credit for low demand is not "
                "a demand charge (leave it out)"))
        _window(self)
        object.__setattr__(self, "lookback_months", whole(
            self.lookback_months, "DemandCharge.lookback_months", minimum=0,
            fix="months of the ratchet, e.g. 11; 0 for none"))
        object.__setattr__(self, "lookback_fraction", number(
            self.lookback_fraction, "DemandCharge.lookback_fraction", minimum=0.0, maximum=1.0,
            fix="a share in [0, 1] of the earlier peak, e.g. 0.8 (not a percentage)"))


@dataclass(frozen=True, slots=True, kw_only=True)
class ContractedCapacity(Record):
    """A contracted import power and the penalty per kW-month on the monthly peak above it.

    Parameters
    ----------
    capacity_kw : float
        Contracted power ("potencia contratada"), > 0. [kW]
    penalty_per_kw_month : float
        Charge on each kW of the month's peak above ``capacity_kw``, >= 0.
        [currency/(kW·month)]
    charge_per_kw_month : float
        Charge on the contracted power itself, every month whatever the import, >= 0.
        [currency/(kW·month)]
    periods, hours, weekdays, months
        The window in which the peak is measured (as in :class:`DemandCharge`); default
        every hour.
    """

    capacity_kw: float
    penalty_per_kw_month: float
    charge_per_kw_month: float = 0.0
    periods: tuple[str, ...] | None = None
    hours: tuple[int, ...] = ALL_HOURS
    weekdays: tuple[int, ...] = ALL_WEEKDAYS
    months: tuple[int, ...] = ALL_MONTHS

    def __post_init__(self):
        object.__setattr__(self, "capacity_kw", number(
            self.capacity_kw, "ContractedCapacity.capacity_kw", minimum=0.0, strict=True,
            fix="the contracted power in kW, > 0 (leave contracted=None for no contract)"))
        for f in ("penalty_per_kw_month", "charge_per_kw_month"):
            object.__setattr__(self, f, number(
                getattr(self, f), f"ContractedCapacity.{f}", minimum=0.0,
                fix="a charge >= 0 per kW-month"))
        _window(self)
