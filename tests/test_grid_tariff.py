"""Tariffs: TOU periods onto a time axis, coverage of the year, hourly price series."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minegrid.errors import InputError
from minegrid.grid import (
    WEEKDAYS_MON_FRI,
    ContractedCapacity,
    DemandCharge,
    GridConnection,
    Tariff,
    TariffPeriod,
    chargeable_steps,
    import_price,
    period_of_step,
)

# Peru-style: "hora punta" 18:00-23:00 every day, off-peak the rest.
PUNTA = TariffPeriod(name="punta", price_per_kwh=0.20, hours=range(18, 23))
FUERA = TariffPeriod(name="fuera", price_per_kwh=0.10, hours=[*range(18), 23])
PERU = Tariff(periods=(PUNTA, FUERA))


def chile_tariff() -> Tariff:
    """Chile-style: peak 18:00-23:00 on weekdays, April-September only."""
    peak = TariffPeriod(name="punta", price_per_kwh=0.30, hours=range(18, 23),
                        weekdays=WEEKDAYS_MON_FRI, months=range(4, 10))
    rest = [TariffPeriod(name="resto invierno", price_per_kwh=0.10, hours=[*range(18), 23],
                         weekdays=WEEKDAYS_MON_FRI, months=range(4, 10)),
            TariffPeriod(name="fin de semana invierno", price_per_kwh=0.10,
                         weekdays=(5, 6), months=range(4, 10)),
            TariffPeriod(name="verano", price_per_kwh=0.08, months=[1, 2, 3, 10, 11, 12])]
    return Tariff(periods=(peak, *rest))


def test_peak_hours_are_18_to_23():
    idx = pd.date_range("2025-01-06 16:00", periods=9, freq="h")  # a Monday
    # 16, 17 off-peak; 18..22 peak; 23, 00 off-peak
    assert import_price(PERU, idx).tolist() == [0.1, 0.1, 0.2, 0.2, 0.2, 0.2, 0.2, 0.1, 0.1]


def test_chile_peak_only_on_winter_weekdays():
    t = chile_tariff()
    # Monday 7 Apr 2025 19:00 is peak; Saturday 12 Apr 19:00 is not; Monday 6 Jan 19:00 is summer
    idx = pd.DatetimeIndex(["2025-04-07 19:00", "2025-04-12 19:00", "2025-01-06 19:00"])
    prices = [float(import_price(t, pd.date_range(s, periods=2, freq="h")).iloc[0]) for s in idx]
    assert prices == [0.30, 0.10, 0.08]


def test_sub_hourly_steps_take_the_price_of_their_clock_hour():
    idx = pd.date_range("2025-01-06 17:30", periods=4, freq="15min")
    assert import_price(PERU, idx).tolist() == [0.1, 0.1, 0.2, 0.2]


def test_tz_aware_index_is_read_on_the_tariff_clock():
    # 23:00 UTC is 18:00 in Lima (UTC-5, no DST): peak
    t = Tariff(periods=PERU.periods, timezone="America/Lima")
    idx = pd.date_range("2025-01-06 22:00", periods=3, freq="h", tz="UTC")
    assert import_price(t, idx).tolist() == [0.1, 0.2, 0.2]
    # without a tariff timezone the index's own (UTC) clock is used
    assert import_price(PERU, idx).tolist() == [0.2, 0.1, 0.1]  # 22:00, 23:00, 00:00 UTC


def test_holidays_are_billed_as_sundays():
    t = chile_tariff().replace(holidays=("2025-05-01",))  # Thursday, Labour Day
    idx = pd.date_range("2025-05-01 19:00", periods=2, freq="h")
    assert import_price(t, idx).iloc[0] == 0.10
    assert import_price(chile_tariff(), idx).iloc[0] == 0.30


def test_gap_in_the_periods_names_them_a_slot_and_the_fix():
    winter_peak = TariffPeriod(name="punta", price_per_kwh=0.3, hours=range(18, 23),
                               weekdays=WEEKDAYS_MON_FRI, months=range(4, 10))
    rest = TariffPeriod(name="fuera", price_per_kwh=0.1, hours=[*range(18), 23])
    with pytest.raises(InputError) as err:
        Tariff(periods=(winter_peak, rest))
    msg = str(err.value)
    assert "['punta', 'fuera']" in msg
    # first uncovered slot: January (no peak then), Monday 18:00
    assert "(month 1, Monday, hour 18:00-19:00)" in msg
    assert "Fix:" in msg and "without a price" in msg


def test_overlapping_periods_are_named():
    a = TariffPeriod(name="punta", price_per_kwh=0.3, hours=range(17, 23))
    b = TariffPeriod(name="fuera", price_per_kwh=0.1, hours=[*range(18), 23])
    with pytest.raises(InputError) as err:
        Tariff(periods=(a, b))
    msg = str(err.value)
    assert "['punta', 'fuera'] overlap" in msg and "hour 17:00-18:00" in msg
    assert "Fix:" in msg


@pytest.mark.parametrize("kwargs, field, value", [
    ({"hours": [24]}, "TariffPeriod.hours", "24"),
    ({"hours": [3, 3]}, "TariffPeriod.hours", "[3]"),
    ({"months": [0]}, "TariffPeriod.months", "0"),
    ({"weekdays": [7]}, "TariffPeriod.weekdays", "7"),
    ({"price_per_kwh": -0.1}, "TariffPeriod.price_per_kwh", "-0.1"),
    ({"hours": "18-23"}, "TariffPeriod.hours", "18-23"),
])
def test_bad_period_fields(kwargs, field, value):
    with pytest.raises(InputError) as err:
        TariffPeriod(**({"name": "p", "price_per_kwh": 0.1} | kwargs))
    msg = str(err.value)
    assert field in msg and value in msg and "Fix:" in msg


def test_negative_demand_charge_names_field_value_fix():
    with pytest.raises(InputError) as err:
        DemandCharge(price_per_kw_month=-8.0)
    msg = str(err.value)
    assert "DemandCharge.price_per_kw_month = -8.0" in msg and "Fix:" in msg


def test_window_by_periods_or_hours_not_both():
    with pytest.raises(InputError, match="not both"):
        DemandCharge(price_per_kw_month=5, periods=("punta",), hours=range(18, 23))


def test_unknown_period_name_in_a_charge_is_refused_by_the_connection():
    with pytest.raises(InputError) as err:
        GridConnection(tariff=PERU, import_limit_kw=1000, co2_kg_per_kwh=0.2,
                       demand_charges=(DemandCharge(price_per_kw_month=5, periods=("HP",)),))
    assert "['HP']" in str(err.value) and "['punta', 'fuera']" in str(err.value)


def test_chargeable_window_by_hours():
    charge = DemandCharge(price_per_kw_month=5, hours=range(18, 23), weekdays=WEEKDAYS_MON_FRI)
    idx = pd.date_range("2025-01-10 17:00", periods=26, freq="h")  # Friday 17:00 .. Sat 18:00
    mask = chargeable_steps(charge, PERU, idx)
    assert mask.sum() == 5 and mask[1:6].all() and not mask[-1]
    by_name = chargeable_steps(ContractedCapacity(capacity_kw=1, penalty_per_kw_month=1,
                                                  periods=("punta",)), PERU, idx)
    assert by_name.sum() == 6  # Saturday 18:00 is "punta" in the Peru-style tariff


def test_hourly_price_series_on_quarter_hours():
    prices = pd.Series([0.05, 0.07, 0.09],
                       index=pd.date_range("2025-03-01", periods=3, freq="h"))
    t = Tariff(hourly_price_per_kwh=prices)
    idx = pd.date_range("2025-03-01", periods=12, freq="15min")
    assert import_price(t, idx).tolist() == [0.05] * 4 + [0.07] * 4 + [0.09] * 4


def test_hourly_price_series_must_cover_the_horizon():
    prices = pd.Series([0.05, 0.07], index=pd.date_range("2025-03-01", periods=2, freq="h"))
    t = Tariff(hourly_price_per_kwh=prices)
    with pytest.raises(InputError, match="must cover the model horizon"):
        import_price(t, pd.date_range("2025-03-01", periods=3, freq="h"))
    with pytest.raises(InputError, match="time zone"):
        import_price(t, pd.date_range("2025-03-01", periods=2, freq="h", tz="UTC"))


def test_a_price_series_finer_than_the_step_must_be_averaged_first():
    prices = pd.Series(0.1, index=pd.date_range("2025-03-01", periods=8, freq="15min"))
    t = Tariff(hourly_price_per_kwh=prices)
    with pytest.raises(InputError, match=r"resample\(\.\.\.\)\.mean"):
        import_price(t, pd.date_range("2025-03-01", periods=2, freq="h"))


def test_price_series_with_nan_or_negative_is_refused():
    idx = pd.date_range("2025-03-01", periods=3, freq="h")
    with pytest.raises(InputError, match="NaN"):
        Tariff(hourly_price_per_kwh=pd.Series([0.1, np.nan, 0.1], index=idx))
    with pytest.raises(InputError, match=">= 0"):
        Tariff(hourly_price_per_kwh=pd.Series([0.1, -0.2, 0.1], index=idx))


def test_both_or_neither_price_source_is_refused():
    with pytest.raises(InputError, match="exactly one"):
        Tariff()


@pytest.mark.parametrize("index, match", [
    (pd.date_range("2025-01-01 00:30", periods=3, freq="h"), "straddle"),
    (pd.DatetimeIndex(["2025-01-01 00:00", "2025-01-01 01:00", "2025-01-01 03:00"]),
     "not regular"),
    (pd.date_range("2025-01-01", periods=3, freq="2h"), "divide the hour"),
    (pd.RangeIndex(3), "DatetimeIndex"),
])
def test_bad_time_axes(index, match):
    with pytest.raises(InputError, match=match):
        import_price(PERU, index)


def naive_period(periods, t: pd.Timestamp) -> int:
    """Reference: the period of one timestamp, by looking through the list."""
    hits = [k for k, p in enumerate(periods)
            if t.month in p.months and t.weekday() in p.weekdays and t.hour in p.hours]
    assert len(hits) == 1
    return hits[0]


@settings(max_examples=40, deadline=None)
@given(peak_hours=st.sets(st.integers(0, 23), min_size=1, max_size=23),
       peak_months=st.sets(st.integers(1, 12), min_size=1, max_size=11),
       start=st.integers(0, 360 * 24))
def test_any_partition_of_the_year_is_accepted_and_mapped_like_the_reference(
        peak_hours, peak_months, start):
    off_hours = sorted(set(range(24)) - peak_hours)
    off_months = sorted(set(range(1, 13)) - peak_months)
    periods = (TariffPeriod(name="peak", price_per_kwh=0.3, hours=sorted(peak_hours),
                            months=sorted(peak_months)),
               TariffPeriod(name="peak-month off hours", price_per_kwh=0.1, hours=off_hours,
                            months=sorted(peak_months)),
               TariffPeriod(name="other months", price_per_kwh=0.05, months=off_months))
    t = Tariff(periods=periods)
    idx = pd.date_range("2025-01-01", periods=100, freq="h") + pd.Timedelta(hours=start)
    got = period_of_step(t, idx)
    assert got.tolist() == [naive_period(periods, ts) for ts in idx]
    assert import_price(t, idx).tolist() == [periods[k].price_per_kwh for k in got]


def test_a_dst_change_keeps_the_steps_regular_and_the_wall_clock_prices():
    # Chile leaves DST on 6 April 2025 at 00:00 (-03 -> -04): 23:00 happens twice, both off-peak
    idx = pd.date_range("2025-04-05 21:00", periods=5, freq="h", tz="America/Santiago")
    assert idx.strftime("%H").tolist() == ["21", "22", "23", "23", "00"]
    assert import_price(PERU, idx).tolist() == [0.2, 0.2, 0.1, 0.1, 0.1]
