"""The grid bill: a week worked by hand, sub-hourly steps, limits, batches, properties."""

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
    bill_arrays,
    billing_calendar,
    by_year,
    grid_bill,
    import_price,
    monthly_peak_kw,
)

# Two periods: "punta" 18:00-23:00 Monday-Friday at 0.20/kWh, "fuera" every other hour at 0.10.
PUNTA = TariffPeriod(name="punta", price_per_kwh=0.20, hours=range(18, 23),
                     weekdays=WEEKDAYS_MON_FRI)
FUERA_WD = TariffPeriod(name="fuera", price_per_kwh=0.10, hours=[*range(18), 23],
                        weekdays=WEEKDAYS_MON_FRI)
WEEKEND = TariffPeriod(name="fin de semana", price_per_kwh=0.10, weekdays=(5, 6))
TARIFF = Tariff(periods=(PUNTA, FUERA_WD, WEEKEND))
CHARGES = (DemandCharge(name="punta", price_per_kw_month=10.0, periods=("punta",)),
           DemandCharge(name="max", price_per_kw_month=2.0))
GRID = GridConnection(tariff=TARIFF, import_limit_kw=1000.0, co2_kg_per_kwh=0.25,
                      demand_charges=CHARGES,
                      contracted=ContractedCapacity(capacity_kw=400.0, penalty_per_kw_month=5.0))
WEEK = pd.date_range("2025-01-06", periods=168, freq="h")  # Monday 6 .. Sunday 12 January


def week_import() -> pd.Series:
    p = pd.Series(100.0, index=WEEK)
    p["2025-01-08 19:00"] = 300.0  # Wednesday, in "punta"
    p["2025-01-11 20:00"] = 500.0  # Saturday: not "punta"
    return p


def test_a_week_worked_by_hand():
    bill = grid_bill(GRID, week_import())
    row = bill.to_frame().iloc[0]
    # energy: 168 h x 100 kW + 200 (Wednesday) + 400 (Saturday) = 17,400 kWh
    assert row["energy_kwh"] == pytest.approx(17_400)
    # punta hours: 5 weekdays x 5 h = 25 h at 100 kW, + the 200 kWh spike = 2,700 kWh
    assert row["energy_kwh[punta]"] == pytest.approx(2_700)
    assert row["energy_kwh[fuera]"] + row["energy_kwh[fin de semana]"] == pytest.approx(14_700)
    # energy charge: 2,700 x 0.20 + 14,700 x 0.10 = 540 + 1,470 = 2,010
    assert row["energy_charge"] == pytest.approx(2_010)
    # punta demand: peak 300 kW (Saturday's 500 kW is outside punta) x 10 = 3,000
    assert row["peak_kw[punta]"] == 300 and row["demand_charge[punta]"] == pytest.approx(3_000)
    # maximum demand: 500 kW x 2 = 1,000; demand charges 4,000
    assert row["peak_kw[max]"] == 500 and row["demand_charge"] == pytest.approx(4_000)
    # contracted 400 kW: 100 kW above it x 5 = 500
    assert row["excess_kw"] == 100 and row["excess_penalty"] == pytest.approx(500)
    # CO2: 17,400 kWh x 0.25 kg/kWh = 4.35 t; net 2,010 + 4,000 + 500 = 6,510
    assert row["co2_t"] == pytest.approx(4.35)
    assert bill.net_cost == pytest.approx(6_510)
    assert len(bill.to_frame()) == 1 and "6,510" in repr(bill)


def test_quarter_hour_steps_give_the_same_bill_as_hourly_for_the_same_profile():
    hourly = week_import()
    idx = pd.date_range(WEEK[0], periods=4 * len(WEEK), freq="15min")
    quarter = pd.Series(np.repeat(hourly.to_numpy(), 4), index=idx)
    a, b = grid_bill(GRID, hourly).to_frame(), grid_bill(GRID, quarter).to_frame()
    pd.testing.assert_frame_equal(a, b)


def test_a_15_min_spike_sets_the_peak_but_adds_little_energy():
    idx = pd.date_range(WEEK[0], periods=4 * len(WEEK), freq="15min")
    p = pd.Series(100.0, index=idx)
    p["2025-01-07 18:15"] = 400.0  # Tuesday, punta: one quarter hour
    row = grid_bill(GRID, p).to_frame().iloc[0]
    assert row["peak_kw[punta]"] == 400
    assert row["energy_kwh"] == pytest.approx(16_800 + 300 * 0.25)


def test_export_revenue_and_limits():
    grid = GRID.replace(export_allowed=True, export_price_per_kwh=0.05, export_limit_kw=200.0)
    imp = week_import()
    exp = pd.Series(0.0, index=WEEK)
    noon = WEEK.hour == 12
    imp[noon], exp[noon] = 0.0, 150.0  # 7 days x 1 h x 150 kW = 1,050 kWh
    row = grid_bill(grid, imp, exp).to_frame().iloc[0]
    assert row["export_kwh"] == pytest.approx(1_050)
    assert row["export_revenue"] == pytest.approx(52.5)
    assert row["net_cost"] == pytest.approx(row["energy_charge"] + row["demand_charge"]
                                            + row["excess_penalty"] - 52.5)
    exp[noon] = 250.0
    with pytest.raises(InputError) as err:
        grid_bill(grid, imp, exp)
    msg = str(err.value)
    assert "export_limit_kw = 200 kW" in msg and "250 kW" in msg and "dispatch bug" in msg


def test_export_when_not_allowed_is_a_dispatch_bug():
    exp = pd.Series(0.0, index=WEEK)
    exp.iloc[30] = 10.0
    imp = week_import()
    imp.iloc[30] = 0.0
    with pytest.raises(InputError) as err:
        grid_bill(GRID, imp, exp)
    msg = str(err.value)
    assert "export_allowed is False" in msg and str(WEEK[30]) in msg and "Fix:" in msg


def test_import_above_the_line_limit_names_the_step_and_the_fix():
    imp = week_import()
    imp.iloc[5] = 1200.0
    with pytest.raises(InputError) as err:
        grid_bill(GRID, imp)
    msg = str(err.value)
    assert "import_limit_kw = 1000 kW" in msg and "1200 kW" in msg and str(WEEK[5]) in msg
    assert "dispatch bug" in msg and "Fix:" in msg
    imp.iloc[5] = 1000.0 + 1e-9  # float noise of a kernel is not an excess
    grid_bill(GRID, imp)


def test_simultaneous_import_and_export_is_refused():
    grid = GRID.replace(export_allowed=True, export_price_per_kwh=0.05)
    exp = pd.Series(0.0, index=WEEK)
    exp.iloc[3] = 5.0
    with pytest.raises(InputError, match="both > 0"):
        grid_bill(grid, week_import(), exp)


def test_negative_or_nan_flows_are_refused():
    imp = week_import()
    imp.iloc[0] = -3.0
    with pytest.raises(InputError, match=r"import_kw = -3 kW must be >= 0"):
        grid_bill(GRID, imp)
    imp.iloc[0] = np.nan
    with pytest.raises(InputError, match="NaN"):
        grid_bill(GRID, imp)


@pytest.mark.parametrize("changes, field, value", [
    ({"import_limit_kw": 0.0}, "GridConnection.import_limit_kw", "0.0"),
    ({"co2_kg_per_kwh": -0.1}, "GridConnection.co2_kg_per_kwh", "-0.1"),
    ({"export_price_per_kwh": 0.05}, "GridConnection.export_price_per_kwh", "0.05"),
    ({"export_limit_kw": 100.0}, "GridConnection.export_limit_kw", "100.0"),
    ({"fixed_charge_per_month": -1}, "GridConnection.fixed_charge_per_month", "-1"),
])
def test_bad_connection_fields(changes, field, value):
    with pytest.raises(InputError) as err:
        GRID.replace(**changes)
    msg = str(err.value)
    assert field in msg and value in msg and "Fix:" in msg


def test_demand_ratchet_bills_a_share_of_the_earlier_peak():
    charge = DemandCharge(name="max", price_per_kw_month=10.0, lookback_months=11,
                          lookback_fraction=0.8)
    grid = GridConnection(tariff=TARIFF, import_limit_kw=2000, co2_kg_per_kwh=0.0,
                          demand_charges=(charge,))
    idx = pd.date_range("2025-01-01", "2025-03-31 23:00", freq="h")
    p = pd.Series(100.0, index=idx)
    p["2025-01-15 10:00"] = 1000.0
    p["2025-03-10 10:00"] = 900.0
    t = grid_bill(grid, p).to_frame()
    # January 1,000 kW; February max(100, 0.8 x 1,000) = 800; March max(900, 800) = 900
    assert t["billed_kw[max]"].tolist() == [1000, 800, 900]
    assert t["demand_charge"].tolist() == pytest.approx([10_000, 8_000, 9_000])


def test_fixed_and_capacity_charges_every_month_and_yearly_totals():
    grid = GRID.replace(fixed_charge_per_month=50.0, contracted=ContractedCapacity(
        capacity_kw=400.0, penalty_per_kw_month=5.0, charge_per_kw_month=1.0))
    idx = pd.date_range("2024-12-01", "2025-01-31 23:00", freq="h")
    p = pd.Series(100.0, index=idx)
    p["2025-01-20 10:00"] = 450.0
    bill = grid_bill(grid, p)
    t = bill.to_frame()
    assert [str(m) for m in t.index] == ["2024-12", "2025-01"]
    assert t["fixed_charge"].tolist() == [50.0, 50.0]
    assert t["capacity_charge"].tolist() == [400.0, 400.0]
    assert t["excess_kw"].tolist() == [0.0, 50.0]
    y = bill.annual_frame()
    assert y.index.tolist() == [2024, 2025]
    assert y.loc[2025, "excess_kw"] == 50.0  # a power: the year's maximum
    assert y["energy_kwh"].sum() == pytest.approx(t["energy_kwh"].sum())


def test_billing_months_follow_the_tariff_clock():
    # 01:00 UTC on 1 February is still 31 January 21:00 at UTC-4
    grid = GRID.replace(tariff=TARIFF.replace(timezone="Etc/GMT+4"))
    idx = pd.date_range("2025-01-31 20:00", periods=10, freq="h", tz="UTC")
    t = grid_bill(grid, np.full(10, 100.0), index=idx).to_frame()
    assert [str(m) for m in t.index] == ["2025-01", "2025-02"]
    assert t["energy_kwh"].tolist() == [800.0, 200.0]  # 16:00-23:00 local, then 00:00-01:00


def test_hourly_co2_and_export_price_series():
    hours = pd.date_range("2025-01-06", periods=168, freq="h")
    co2 = pd.Series(np.where(hours.hour < 12, 0.1, 0.3), index=hours)
    grid = GRID.replace(co2_kg_per_kwh=co2)
    row = grid_bill(grid, pd.Series(100.0, index=WEEK)).to_frame().iloc[0]
    # 7 days x (12 h x 100 x 0.1 + 12 h x 100 x 0.3) = 7 x 480 kg = 3.36 t
    assert row["co2_t"] == pytest.approx(3.36)


def naive_bill(connection, imp, index):
    """Reference: the bill month by month with pandas groupby, written plainly."""
    dt = (index[1] - index[0]) / pd.Timedelta(hours=1)
    price = import_price(connection.tariff, index)
    df = pd.DataFrame({"p": imp, "price": price.to_numpy()}, index=index)
    out = []
    for _, g in df.groupby([index.year, index.month]):
        energy = (g["p"] * dt).sum()
        charge = (g["p"] * dt * g["price"]).sum()
        peak = g["p"].max()
        out.append((energy, charge, peak))
    return np.array(out)


def test_batch_equals_one_design_at_a_time_and_the_reference():
    rng = np.random.default_rng(3)
    idx = pd.date_range("2025-01-01", "2025-03-31 23:00", freq="h")
    batch = rng.uniform(0, 900, size=(5, len(idx)))
    cal = billing_calendar(GRID, idx)
    arrays = bill_arrays(GRID, cal, batch)
    assert arrays["net_cost"].shape == (5, 3)
    for d in range(5):
        one = grid_bill(GRID, batch[d], index=idx).to_frame()
        for col in one.columns:
            np.testing.assert_allclose(arrays[col][d], one[col].to_numpy(), rtol=1e-12)
        ref = naive_bill(GRID, batch[d], idx)
        np.testing.assert_allclose(one["energy_kwh"], ref[:, 0], rtol=1e-12)
        np.testing.assert_allclose(one["energy_charge"], ref[:, 1], rtol=1e-12)
        np.testing.assert_allclose(one["peak_kw[max]"], ref[:, 2])
    np.testing.assert_array_equal(monthly_peak_kw(batch, cal), arrays["peak_kw[max]"])
    years, totals = by_year(arrays, cal)
    assert years == (2025,) and totals["net_cost"].shape == (5, 1)
    np.testing.assert_allclose(totals["net_cost"][:, 0], arrays["net_cost"].sum(axis=1))


def test_batch_limit_error_names_the_design():
    idx = pd.date_range("2025-01-01", periods=48, freq="h")
    batch = np.full((3, 48), 100.0)
    batch[2, 7] = 5000.0
    with pytest.raises(InputError, match=r"design 2, 2025-01-01 07:00:00: 5000 kW"):
        bill_arrays(GRID, billing_calendar(GRID, idx), batch)


@settings(max_examples=30, deadline=None)
@given(values=st.lists(st.floats(0, 1000), min_size=48, max_size=48),
       quarter=st.booleans())
def test_energy_charge_is_the_sum_of_price_times_energy(values, quarter):
    freq, dt = ("15min", 0.25) if quarter else ("h", 1.0)
    idx = pd.date_range("2025-06-30 12:00", periods=48, freq=freq)
    imp = np.asarray(values)
    bill = grid_bill(GRID, imp, index=idx)
    price = import_price(TARIFF, idx).to_numpy()
    assert bill.energy_charge == pytest.approx(float((price * imp * dt).sum()), abs=1e-9)
    assert bill.energy_kwh == pytest.approx(float(imp.sum() * dt), abs=1e-9)
    t = bill.to_frame()
    # demand charges are on the peak in chargeable hours, never above the overall peak
    assert (t["peak_kw[punta]"] <= t["peak_kw[max]"]).all()
    assert bill.net_cost == pytest.approx(
        bill.energy_charge + bill.demand_charge + bill.excess_penalty, abs=1e-9)


def test_export_price_per_step_as_an_array():
    price = np.where(WEEK.hour < 12, 0.02, 0.06)  # one value per model step
    grid = GRID.replace(export_allowed=True, export_price_per_kwh=price, export_limit_kw=300.0)
    imp = pd.Series(0.0, index=WEEK)
    exp = pd.Series(100.0, index=WEEK)
    row = grid_bill(grid, imp, exp).to_frame().iloc[0]
    # 7 days x (12 h x 100 kWh x 0.02 + 12 h x 100 kWh x 0.06) = 7 x 96 = 672
    assert row["export_revenue"] == pytest.approx(672.0)
    with pytest.raises(InputError, match=r"one value per model step \(24\)"):
        grid_bill(grid, imp[:24], exp[:24])
