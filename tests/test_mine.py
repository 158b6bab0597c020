"""Tests of minegrid.mine: mine loads built from process areas and an operating calendar."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

import minegrid
from minegrid.errors import InputError
from minegrid.load import load_stats, resample_energy
from minegrid.mine import (
    KINDS,
    PATTERNS,
    MaintenanceWindow,
    MineLoad,
    OperatingCalendar,
    ProcessArea,
    ProductionPlan,
    Shutdown,
    build_mine_load,
    example_copper_concentrator,
    example_gold_mine,
    life_of_mine_loads,
)

NO_DIP = OperatingCalendar(shift_change_dip=0.0)


def mill(name="mill", installed_kw=1000.0, utilisation=0.9, **kwargs):
    return ProcessArea(name=name, kind="grinding_ball", installed_kw=installed_kw,
                       utilisation=utilisation, **kwargs)


# --------------------------------------------------------------------------- areas


def test_process_area_defaults_and_catalogue():
    camp = ProcessArea(name="camp", kind="camp", installed_kw=500.0)
    assert camp.pattern == "camp" and camp.utilisation == KINDS["camp"].utilisation
    assert camp.throughput_linked is False
    assert set(KINDS) >= {"crushing", "grinding_sag", "grinding_ball", "flotation",
                          "thickening_filtration", "tailings_pumping", "water_pumping",
                          "desalination", "ventilation", "workshops", "offices", "camp",
                          "haulage_electric", "trolley_assist", "other"}
    for name, shape in PATTERNS.items():
        if shape is not None:
            assert shape.mean() == pytest.approx(1.0), name


def test_from_throughput():
    sag = ProcessArea.from_throughput("SAG", "grinding_sag", throughput_t_per_h=1000.0,
                                      specific_energy_kwh_per_t=8.0, motor_loading=0.8)
    assert sag.installed_kw == pytest.approx(10_000.0)
    assert sag.utilisation == 0.8 and sag.mean_running_kw == pytest.approx(8000.0)
    assert sag.throughput_t_per_h == 1000.0 and sag.specific_energy_kwh_per_t == 8.0
    with pytest.raises(InputError, match="specific_energy_kwh_per_t"):
        ProcessArea.from_throughput("SAG", "grinding_sag", throughput_t_per_h=1000.0,
                                    specific_energy_kwh_per_t=-1.0)


@pytest.mark.parametrize("value", [-0.1, 1.5, float("nan")])
def test_utilisation_outside_unit_interval(value):
    with pytest.raises(InputError, match=r"ProcessArea\('mill'\)\.utilisation") as info:
        mill(utilisation=value)
    assert "[0, 1]" in str(info.value) and "Fix:" in str(info.value)


def test_bad_areas():
    with pytest.raises(InputError, match="kind"):
        ProcessArea(name="x", kind="smelter", installed_kw=10.0)
    with pytest.raises(InputError, match="installed_kw"):
        mill(installed_kw=0.0)
    with pytest.raises(InputError, match="largest_motor_kw"):
        mill(largest_motor_kw=2000.0)
    with pytest.raises(InputError, match="pattern"):
        mill(pattern="random")
    with pytest.raises(InputError, match="duplicated area names"):
        MineLoad(areas=[mill(), mill()])
    with pytest.raises(InputError, match="at least one"):
        MineLoad(areas=[])


# --------------------------------------------------------------------------- builder


def test_steady_area_is_exact():
    load = build_mine_load([mill()], NO_DIP, year=2025)
    assert len(load) == 8760 and load.name == "load_kw"
    assert load.index[0] == pd.Timestamp("2025-01-01") and load.index.tz is None
    np.testing.assert_allclose(load.to_numpy(), 900.0)


def test_patterns_keep_the_mean():
    areas = [ProcessArea(name="camp", kind="camp", installed_kw=500.0, utilisation=0.5),
             ProcessArea(name="offices", kind="offices", installed_kw=200.0, utilisation=0.5),
             ProcessArea(name="workshops", kind="workshops", installed_kw=300.0,
                         utilisation=0.5, shift_sensitivity=0.0)]
    # 2024-01-01 is a Monday: 52 whole weeks = 364 days
    frame = build_mine_load(areas, NO_DIP, year=2024, by_area=True).iloc[: 364 * 24]
    np.testing.assert_allclose(frame.mean().to_numpy(), [250.0, 100.0, 150.0], rtol=1e-12)
    camp = frame["camp"].iloc[:24]
    assert camp.idxmax().hour == 19 and camp.idxmin().hour in (1, 2, 3)
    office = frame["offices"]
    assert office["2024-01-01 10:00"] > 2 * office["2024-01-01 03:00"]
    assert office["2024-01-06 10:00"] < office["2024-01-05 10:00"]  # Saturday
    work = frame["workshops"]
    assert work["2024-01-01 10:00"] == pytest.approx(150.0 * 1.25)
    assert work["2024-01-01 22:00"] == pytest.approx(150.0 * 0.75)


def test_shift_change_dips_land_at_the_changes():
    crusher = ProcessArea(name="crusher", kind="crushing", installed_kw=1000.0, utilisation=0.5)
    cal = OperatingCalendar(shift_start_h=7.0, shift_change_dip=0.4, shift_change_duration_h=0.5)
    load = build_mine_load([crusher, mill()], cal, year=2025, by_area=True)
    crush = load["crusher"]
    dip_hours = crush.index.hour[crush.to_numpy() < 500.0 - 1e-9]
    assert set(dip_hours) == {7, 19}
    assert crush["2025-03-03 07:00"] == pytest.approx(500.0 * (1 - 0.4 * 0.5))
    np.testing.assert_allclose(load["mill"].to_numpy(), 900.0)  # mills ignore shift changes
    fine = build_mine_load([crusher], cal, year=2025, dt_h=0.25)
    assert fine["2025-03-03 07:00"] == pytest.approx(300.0)
    assert fine["2025-03-03 07:15"] == pytest.approx(300.0)
    assert fine["2025-03-03 07:30"] == pytest.approx(500.0)


def test_weekly_maintenance_lands_on_its_weekday():
    cal = OperatingCalendar(shift_change_dip=0.0, maintenance=(
        MaintenanceWindow(weekday=1, start_h=8.0, duration_h=4.0, areas=("mill",),
                          load_fraction=0.25),))
    frame = build_mine_load([mill(), mill("other")], cal, year=2025, by_area=True)
    low = frame["mill"] < 900.0 - 1e-9
    assert set(frame.index[low].day_of_week) == {1}  # Tuesdays only
    assert set(frame.index[low].hour) == {8, 9, 10, 11}
    assert low.sum() == 52 * 4  # 2025 has 52 Tuesdays
    np.testing.assert_allclose(frame["mill"][low].to_numpy(), 225.0)
    np.testing.assert_allclose(frame["other"].to_numpy(), 900.0)


def test_shutdown_lands_on_its_dates_with_restart_ramp():
    cal = OperatingCalendar(shift_change_dip=0.0, shutdowns=(
        Shutdown(name="reline", start="03-10 06:00", duration_h=48.0, areas=("mill",),
                 load_fraction=0.05, ramp_h=2.0),))
    load = build_mine_load([mill()], cal, year=2025)
    assert load["2025-03-10 05:00"] == pytest.approx(900.0)
    window = load["2025-03-10 06:00":"2025-03-12 05:00"]
    assert len(window) == 48
    np.testing.assert_allclose(window.to_numpy(), 45.0)
    # linear ramp from 5 % to 100 % over 2 h: step averages 1 - 0.95*(3/4) and 1 - 0.95*(1/4)
    assert load["2025-03-12 06:00"] == pytest.approx(900.0 * (1 - 0.95 * 0.75))
    assert load["2025-03-12 07:00"] == pytest.approx(900.0 * (1 - 0.95 * 0.25))
    assert load["2025-03-12 08:00"] == pytest.approx(900.0)


def test_overlapping_shutdowns_are_rejected():
    a = Shutdown(name="SAG reline", start="04-01", duration_h=96.0, areas=("SAG",))
    b = Shutdown(name="ball reline", start="04-03 12:00", duration_h=24.0, areas=("SAG", "ball"))
    with pytest.raises(InputError, match="overlap") as info:
        OperatingCalendar(shutdowns=(a, b))
    msg = str(info.value)
    assert "SAG reline" in msg and "ball reline" in msg and "Fix:" in msg
    # the same dates on different areas are fine
    OperatingCalendar(shutdowns=(a, Shutdown(name="ball", start="04-02", duration_h=24.0,
                                             areas=("ball",))))
    with pytest.raises(InputError, match="start"):
        Shutdown(name="x", start="2025-04-01", duration_h=1.0)


def test_calendar_validation():
    with pytest.raises(InputError, match="not areas of the mine") as info:
        MineLoad(areas=[mill()], calendar=OperatingCalendar(
            maintenance=(MaintenanceWindow(weekday=0, start_h=0.0, duration_h=1.0,
                                           areas=("crusher",)),)))
    assert "crusher" in str(info.value)
    with pytest.raises(InputError, match="weekday"):
        MaintenanceWindow(weekday=7, start_h=0.0, duration_h=1.0)
    with pytest.raises(InputError, match="monthly_factors"):
        OperatingCalendar(monthly_factors=(1.0,) * 11)
    with pytest.raises(InputError, match="shift_change_duration_h"):
        OperatingCalendar(shifts_per_day=2, shift_change_duration_h=12.0)


def test_monthly_factors():
    factors = tuple(0.5 + 0.05 * m for m in range(12))  # <= 1.05: no capping
    cal = OperatingCalendar(shift_change_dip=0.0, monthly_factors=factors,
                            seasonal_areas=("mill",))
    frame = build_mine_load([mill(), mill("fixed")], cal, year=2025, by_area=True)
    monthly = frame["mill"].groupby(frame.index.month).mean()
    np.testing.assert_allclose(monthly.to_numpy(), 900.0 * np.asarray(factors))
    np.testing.assert_allclose(frame["fixed"].to_numpy(), 900.0)


def test_trips_are_seeded_and_land_on_process_areas():
    cal = OperatingCalendar(shift_change_dip=0.0, trips_per_year=40.0, trip_duration_h=2.0,
                            trip_ramp_min=30.0)
    areas = [mill(), ProcessArea(name="camp", kind="camp", installed_kw=100.0,
                                 pattern="steady", utilisation=1.0)]
    mine = MineLoad(areas=areas, calendar=cal)
    frame = mine.breakdown(2025, seed=7)
    starts = frame.attrs["trip_starts_h"]
    assert 20 < len(starts) < 65
    for s in starts:
        k = int(s)
        # a 2 h trip covers at least one whole hour step: the mill is at zero there
        assert frame["mill"].iloc[k + 1] == pytest.approx(0.0, abs=1e-9)
    lost_h = (900.0 - frame["mill"]).sum() / 900.0
    assert lost_h == pytest.approx(len(starts) * (2.0 + 0.25), rel=0.05)
    np.testing.assert_allclose(frame["camp"].to_numpy(), 100.0)  # not throughput-linked


def test_seeded_builds_are_reproducible_and_differ_across_seeds():
    mine = example_gold_mine()
    a = mine.build(2025, seed=11)
    b = mine.build(2025, seed=11)
    c = mine.build(2025, seed=12)
    pd.testing.assert_series_equal(a, b)
    assert not np.allclose(a.to_numpy(), c.to_numpy())
    assert abs(a.mean() - c.mean()) / a.mean() < 0.02


def test_energy_is_consistent_across_time_steps():
    """Non-overlapping events are averaged over each step: 15-min and hourly energies agree."""
    cal = OperatingCalendar(
        shift_start_h=6.5, shift_change_dip=0.3, shift_change_duration_h=0.75,
        maintenance=(MaintenanceWindow(weekday=3, start_h=9.25, duration_h=5.5,
                                       areas=("crusher",)),),
        shutdowns=(Shutdown(name="reline", start="06-01 10:30", duration_h=50.0,
                            areas=("mill",), ramp_h=3.5),))
    areas = [mill(), ProcessArea(name="crusher", kind="crushing", installed_kw=400.0,
                                 utilisation=0.5),
             ProcessArea(name="camp", kind="camp", installed_kw=300.0, utilisation=0.5)]
    hourly = build_mine_load(areas, cal, year=2025, seed=3)
    fine = build_mine_load(areas, cal, year=2025, seed=3, dt_h=0.25)
    assert len(fine) == 4 * 8760
    assert fine.sum() * 0.25 == pytest.approx(hourly.sum(), rel=1e-12)
    # random trips overlap other events at random: then the step averages of the
    # product of factors differ slightly between time steps
    tripping = replace(cal, trips_per_year=20.0, trip_duration_h=1.3, trip_ramp_min=40.0)
    hourly = build_mine_load(areas, tripping, year=2025, seed=3)
    fine = build_mine_load(areas, tripping, year=2025, seed=3, dt_h=0.25)
    assert fine.sum() * 0.25 == pytest.approx(hourly.sum(), rel=1e-4)
    # steady areas agree hour by hour
    steady = [mill(), areas[1]]
    h = build_mine_load(steady, cal, year=2025, seed=3)
    f = build_mine_load(steady, cal, year=2025, seed=3, dt_h=0.25)
    np.testing.assert_allclose(resample_energy(f, 1.0).to_numpy(), h.to_numpy(), rtol=1e-9)


def test_time_zone_and_breakdown():
    mine = example_copper_concentrator()
    local = mine.build(2025, tz="Etc/GMT+4")
    assert str(local.index.tz) == "Etc/GMT+4" and len(local) == 8760
    naive = mine.build(2025)
    np.testing.assert_allclose(local.to_numpy(), naive.to_numpy())
    frame = build_mine_load(mine, year=2025, by_area=True)
    assert list(frame.columns) == [a.name for a in mine.areas]
    np.testing.assert_allclose(frame.sum(axis=1).to_numpy(), naive.to_numpy())
    assert (frame.to_numpy() >= 0).all()
    assert (frame.max().to_numpy() <= [a.installed_kw + 1e-9 for a in mine.areas]).all()


# --------------------------------------------------------------------------- statistics


def test_largest_motor_step_in_statistics():
    areas = [mill(largest_motor_kw=800.0), mill("pumps", largest_motor_kw=150.0),
             ProcessArea(name="camp", kind="camp", installed_kw=100.0)]
    mine = MineLoad(areas=areas, calendar=NO_DIP)
    assert mine.largest_motor_kw == 800.0
    stats = load_stats(mine.build(2025))
    assert stats.largest_motor_step_kw == 800.0
    assert mine.stats(2025).largest_motor_step_kw == 800.0
    assert MineLoad(areas=[mill()]).largest_motor_kw is None
    steady = load_stats(build_mine_load([mill()], NO_DIP, year=2025))
    assert steady.mean_kw == pytest.approx(900.0) and steady.load_factor == pytest.approx(1.0)
    assert steady.energy_kwh == pytest.approx(900.0 * 8760)
    assert steady.max_ramp_up_kw_per_h == pytest.approx(0.0, abs=1e-9)


# --------------------------------------------------------------------------- life of mine


def test_production_plan_standard_shape():
    plan = ProductionPlan.standard(2026, ramp_up_years=2, plateau_years=3, decline_years=2,
                                   closure_years=1, ramp_start_fraction=0.5)
    assert plan.years == tuple(range(2026, 2034))
    assert plan.throughput_fraction == (0.5, 0.75, 1.0, 1.0, 1.0, 0.75, 0.5, 0.0)


def test_production_plan_errors():
    with pytest.raises(InputError, match="ProductionPlan.years") as info:
        ProductionPlan(years=(), throughput_fraction=())
    assert "Fix:" in str(info.value)
    with pytest.raises(InputError, match="one value per year"):
        ProductionPlan(years=(2026, 2027, 2028), throughput_fraction=(0.5, 1.0))
    with pytest.raises(InputError, match="consecutive"):
        ProductionPlan(years=(2026, 2028), throughput_fraction=(0.5, 1.0))
    with pytest.raises(InputError, match="throughput_fraction"):
        ProductionPlan(years=(2026,), throughput_fraction=(-0.5,))
    plan = ProductionPlan(years=(2026, 2027), throughput_fraction=(0.5, 1.0))
    with pytest.raises(InputError, match="not in the production plan"):
        life_of_mine_loads(MineLoad(areas=[mill()]), plan, years=[2030])


def test_life_of_mine_scales_year_by_year():
    camp = ProcessArea(name="camp", kind="camp", installed_kw=200.0, utilisation=0.5)
    mine = MineLoad(areas=(mill(), camp), calendar=NO_DIP)
    plan = ProductionPlan(years=(2026, 2027, 2028), throughput_fraction=(0.5, 1.0, 0.0),
                          closure_fixed_fraction=0.2)
    factors = plan.area_factors(mine)
    assert factors.loc[2026].to_dict() == {"mill": 0.5, "camp": 1.0}
    assert factors.loc[2028].to_dict() == {"mill": 0.0, "camp": 0.2}
    loads = life_of_mine_loads(mine, plan)
    assert sorted(loads) == [2026, 2027, 2028]
    assert loads[2026].mean() == pytest.approx(450.0 + 100.0, rel=1e-9)
    pd.testing.assert_series_equal(loads[2027], mine.build(2027))
    assert loads[2028].mean() == pytest.approx(20.0, rel=1e-9)
    assert len(loads[2028]) == 8784  # leap year


# --------------------------------------------------------------------------- examples


def test_example_gold_mine():
    mine = example_gold_mine()
    stats = mine.stats(2025)
    assert 5000 < stats.mean_kw < 10_000 and stats.peak_kw < 10_000
    assert stats.largest_motor_step_kw == pytest.approx(
        max(a.installed_kw for a in mine.areas if a.kind == "grinding_ball"))
    assert "Sources" in mine.description and "sagmilling" in mine.description
    names = {a.name for a in mine.areas}
    assert {"SAG mill", "Ball mill", "Camp (400 beds)"} <= names


def test_example_copper_concentrator():
    mine = example_copper_concentrator()
    load = mine.build(2025)
    stats = load_stats(load)
    assert 20_000 < stats.mean_kw < 40_000
    sag = next(a for a in mine.areas if a.kind == "grinding_sag")
    assert stats.largest_motor_step_kw == pytest.approx(sag.installed_kw)
    # concentrator specific energy in the 15-30 kWh/t band
    linked = sum(a.mean_running_kw for a in mine.areas if a.throughput_linked)
    assert 15.0 < linked / sag.throughput_t_per_h < 30.0
    assert "Cochilco" in mine.description
    # the SAG reline (5 May, 96 h) shows in the load
    assert load["2025-05-06"].mean() < 0.6 * load["2025-04-20"].mean()


def test_top_level_names():
    assert minegrid.ProcessArea is ProcessArea
    assert minegrid.OperatingCalendar is OperatingCalendar
    assert minegrid.MineLoad is MineLoad
    assert minegrid.build_mine_load is build_mine_load
