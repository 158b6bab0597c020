"""Electrified haul fleets (issue 21): cycle energy, charging schedules, load, wire-up."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minegrid.errors import InputError
from minegrid.mine import OperatingCalendar
from minegrid.mine.charging import smart_charging, unmanaged_charging
from minegrid.mine.haul import HaulCycle, HaulFleet, cycle_energy, wheel_work_kwh
from minegrid.mine.haulload import haul_load, operating_fraction, with_haul_load
from naive_charging import naive_best_surplus, naive_cheapest, naive_unmanaged
from scenarios import with_uncommented

CYCLE = HaulCycle(ramp_length_km=3.0, ramp_grade_pct=10.0, flat_length_km=2.0,
                  rolling_resistance_pct=2.0)


def fleet(**kw):
    args = dict(n_trucks=1, payload_t=230.0, empty_mass_t=170.0, cycle=CYCLE,
                drivetrain_efficiency=0.9, regen_efficiency=0.8, auxiliary_kw=36.0,
                trolley=True, trolley_share=0.5, line_efficiency=0.95,
                charger_efficiency=0.95, battery_kwh=1000.0)
    args.update(kw)
    return HaulFleet(**args)


# --------------------------------------------------------------------------- one cycle


def test_energy_per_cycle_hand_worked():
    e = cycle_energy(fleet())
    # loaded 230 + 170 = 400 t; kWh = t x 9.81 x (grade + rr) x km / 3.6
    assert e.loaded_ramp_kwh == pytest.approx(400 * 9.81 * 0.12 * 3 / 3.6)  # 392.4
    assert e.loaded_ramp_kwh == pytest.approx(392.4)
    assert e.loaded_flat_kwh == pytest.approx(43.6)        # 400 x 9.81 x 0.02 x 2 / 3.6
    assert e.empty_ramp_kwh == pytest.approx(-111.18)      # 170 x 9.81 x (0.02 - 0.10) x 3 / 3.6
    assert e.empty_flat_kwh == pytest.approx(18.53)        # 170 x 9.81 x 0.02 x 2 / 3.6
    # times: wire 1.5 km at 12 km/h = 7.5 min; off-wire ramp 7.5 + flat 2/30 h = 4 min;
    # empty 5 km at 35 km/h = 8.5714 min; load + dump + queue = 6 min
    assert e.trolley_time_min == pytest.approx(7.5)
    assert e.cycle_time_min == pytest.approx(7.5 + 7.5 + 4 + 5 / 35 * 60 + 6)  # 33.5714
    # trolley: (half the ramp at the wheel / 0.9 + 36 kW x 7.5 min) / 0.95
    assert e.trolley_kwh == pytest.approx((0.5 * 392.4 / 0.9 + 36 * 7.5 / 60) / 0.95)  # 234.21
    # battery: (196.2 + 43.6 + 18.53)/0.9 - 0.8 x 111.18 + 36 kW x (33.5714 - 7.5) min
    battery = (196.2 + 43.6 + 18.53) / 0.9 - 0.8 * 111.18 + 36 * (e.cycle_time_min - 7.5) / 60
    assert battery == pytest.approx(213.732, abs=1e-3)
    assert e.battery_kwh == pytest.approx(battery)
    assert e.regen_kwh == pytest.approx(88.944)
    assert e.resistor_kwh == 0.0
    assert e.grid_charge_kwh == pytest.approx(battery / 0.95)
    # diesel truck: positive work 392.4 + 43.6 + 18.53 = 454.53 kWh / 0.32 / 9.94 kWh/L
    # plus 20 L/h idle for 6 min = 2 L
    assert e.diesel_l == pytest.approx(454.53 / 0.32 / 9.94 + 2.0)  # 144.90 L
    assert e.diesel_l == pytest.approx(144.898, abs=1e-3)


def test_trolley_split_moves_ramp_energy_from_battery_to_line():
    no_line = cycle_energy(fleet(trolley=False))
    full = cycle_energy(fleet(trolley_share=1.0))
    half = cycle_energy(fleet(trolley_share=0.5))
    assert no_line.trolley_kwh == 0.0 and no_line.trolley_time_min == 0.0
    # the ramp's traction moves to the line in proportion to the share, with the
    # auxiliaries of the 7.5 min on the line: 392.4 / 0.9 x 0.5 + 36 kW x 7.5 min = 222.5
    moved = 392.4 / 0.9 * 0.5 + 36 * 7.5 / 60
    assert no_line.battery_kwh - half.battery_kwh == pytest.approx(moved)
    assert half.trolley_kwh * 0.95 == pytest.approx(moved)
    # with the whole ramp on the line, regen exceeds the rest: the battery gains per cycle
    assert full.battery_kwh == 0.0 and full.resistor_kwh > 0.0
    # the grid energy grows only by the line losses (aux and traction are the same work)
    assert wheel_work_kwh(400, 10, 2, 3) == pytest.approx(392.4)


def test_no_regen_on_a_gentle_ramp():
    flat = HaulCycle(ramp_length_km=1.0, ramp_grade_pct=1.0, flat_length_km=0.0)
    e = cycle_energy(fleet(cycle=flat, trolley=False, auxiliary_kw=0.0))
    # 1 % grade < 2 % rolling resistance: the empty truck drives down, nothing to recover
    assert e.regen_kwh == 0.0
    assert e.empty_ramp_kwh == pytest.approx(170 * 9.81 * 0.01 * 1 / 3.6)
    assert e.battery_kwh == pytest.approx((400 * 9.81 * 0.03 / 3.6 + e.empty_ramp_kwh) / 0.9)


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(("kwargs", "field", "value"), [
    ({"n_trucks": 0}, "HaulFleet.n_trucks", "0"),
    ({"payload_t": -5.0}, "HaulFleet.payload_t", "-5.0"),
    ({"soc_min": 0.9, "soc_max": 0.5}, "HaulFleet.soc_min", "0.9"),
    ({"drivetrain_efficiency": 1.2}, "HaulFleet.drivetrain_efficiency", "1.2"),
    ({"charger_count": 0}, "HaulFleet.charger_count", "0"),
    ({"trolley": "yes"}, "HaulFleet.trolley", "'yes'"),
    ({"battery_kwh": 100.0}, "HaulFleet.battery_kwh", "100.0"),
])
def test_bad_fleet_input_names_field_value_and_fix(kwargs, field, value):
    with pytest.raises(InputError) as err:
        fleet(**kwargs)
    msg = str(err.value)
    assert msg.startswith(f"{field} = {value}") and "Fix:" in msg


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"ramp_grade_pct": 25.0}, "HaulCycle.ramp_grade_pct"),
    ({"ramp_length_km": 0.0, "flat_length_km": 0.0}, "HaulCycle.ramp_length_km"),
    ({"rolling_resistance_pct": 0.0}, "HaulCycle.rolling_resistance_pct"),
    ({"empty_speed_km_h": float("nan")}, "HaulCycle.empty_speed_km_h"),
])
def test_bad_cycle_input(kwargs, field):
    args = dict(ramp_length_km=3.0, ramp_grade_pct=10.0)
    args.update(kwargs)
    with pytest.raises(InputError, match=f"^{field} = .*Fix:"):
        HaulCycle(**args)


def test_too_few_chargers_is_an_input_error():
    f = fleet(n_trucks=10, trolley=False, charger_count=1, charger_kw=200.0)
    index = pd.date_range("2023-01-01", periods=24 * 14, freq="h")
    with pytest.raises(InputError, match=r"HaulFleet.charger_count = 1 \(x 200 kW\).*Fix:"):
        haul_load(f, index)


def test_price_signal_moves_charging_to_cheap_hours():
    index = pd.date_range("2023-03-01", periods=24 * 7, freq="h")
    f = fleet(n_trucks=3, availability=0.4, battery_kwh=2000.0)
    price = pd.Series(np.where((index.hour >= 1) & (index.hour < 6), 0.05, 0.20), index=index)
    dumb = haul_load(f, index)
    cheap = haul_load(f, index, smart_charging_on=True, price_per_kwh=price)
    cost = (cheap.frame["charging_kw"] * price).sum()
    assert cost < (dumb.frame["charging_kw"] * price).sum()
    assert cheap.schedule.energy_cost == pytest.approx(cost)
    assert cheap.frame["charging_kw"].sum() == pytest.approx(dumb.frame["charging_kw"].sum())


def test_smart_charging_needs_a_surplus():
    index = pd.date_range("2023-01-01", periods=48, freq="h")
    with pytest.raises(InputError, match="surplus_kw"):
        haul_load(fleet(), index, smart_charging_on=True)


# --------------------------------------------------------------------------- schedules


def test_unmanaged_against_plain_reference_fixed_case():
    d = [300.0, 500.0, 0.0, 0.0, 800.0, 100.0]
    s = unmanaged_charging(d, 400.0, e_min_kwh=200.0, e_max_kwh=1200.0, efficiency=0.9)
    grid, stored = naive_unmanaged(d, 400.0, 200.0, 1200.0, 1200.0, 0.9)
    np.testing.assert_allclose(s.grid_kwh, grid, rtol=1e-12)
    np.testing.assert_allclose(s.stored_kwh, stored, rtol=1e-12)


schedules = st.integers(min_value=1, max_value=7).flatmap(lambda n: st.tuples(
    st.lists(st.integers(0, 3), min_size=n, max_size=n),   # consumption
    st.lists(st.integers(0, 4), min_size=n, max_size=n),   # surplus
    st.integers(1, 3),                                      # charger limit per step
    st.integers(0, 2),                                      # floor
    st.integers(1, 5),                                      # window width
    st.integers(0, 5)))                                     # start above the floor (clipped)


@settings(max_examples=60, deadline=None)
@given(schedules)
def test_smart_equals_plain_dynamic_programme(case):
    d, s, cap, lo, width, up = case
    hi = lo + width
    start = min(lo + up, hi)
    ref = naive_unmanaged(d, cap, lo, hi, start)
    if ref is None:  # unmanaged breaks the floor: no schedule can, both refuse
        with pytest.raises(InputError):
            smart_charging(d, cap, s, e_min_kwh=lo, e_max_kwh=hi, start_kwh=start)
        return
    grid_u, stored_u = ref
    end = stored_u[-1]
    smart = smart_charging(d, cap, s, e_min_kwh=lo, e_max_kwh=hi, start_kwh=start)
    assert smart.success
    best = naive_best_surplus(d, cap, s, lo, hi, start, int(round(end)))
    assert smart.surplus_used_kwh == pytest.approx(best, abs=1e-6)
    # the same energy as unmanaged, and never more; window and charger limits hold
    assert smart.grid_kwh.sum() == pytest.approx(sum(grid_u), abs=1e-6)
    assert smart.grid_kwh.sum() <= sum(grid_u) + 1e-6
    assert (smart.grid_kwh >= -1e-9).all() and (smart.grid_kwh <= cap + 1e-9).all()
    assert (smart.stored_kwh >= lo - 1e-6).all() and (smart.stored_kwh <= hi + 1e-6).all()
    # and the unmanaged one never uses the surplus better
    assert sum(min(g, x) for g, x in zip(grid_u, s, strict=True)) <= best + 1e-9


@settings(max_examples=60, deadline=None)
@given(schedules, st.lists(st.integers(-3, 5), min_size=7, max_size=7))
def test_price_signal_equals_plain_dynamic_programme(case, prices):
    d, _, cap, lo, width, up = case
    hi, price = lo + width, prices[:len(d)]
    start = min(lo + up, hi)
    ref = naive_unmanaged(d, cap, lo, hi, start)
    if ref is None:
        return
    end = int(round(ref[1][-1]))
    smart = smart_charging(d, cap, e_min_kwh=lo, e_max_kwh=hi, start_kwh=start, price=price)
    assert smart.success
    assert smart.energy_cost == pytest.approx(naive_cheapest(d, cap, price, lo, hi, start, end),
                                              abs=1e-6)
    assert smart.grid_kwh.sum() == pytest.approx(sum(ref[0]), abs=1e-6)
    assert smart.energy_cost <= sum(p * g for p, g in zip(price, ref[0], strict=True)) + 1e-6


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0, 600), min_size=1, max_size=48), st.floats(100, 800),
       st.floats(0.5, 1.0))
def test_unmanaged_energy_balance_window_and_limits(d, cap, eta):
    lo, hi = 1000.0, 4000.0
    try:
        s = unmanaged_charging(d, cap, e_min_kwh=lo, e_max_kwh=hi, efficiency=eta)
    except InputError:
        assert naive_unmanaged(d, cap, lo, hi, hi, eta) is None
        return
    assert (s.grid_kwh >= 0).all() and (s.grid_kwh <= cap + 1e-9).all()
    assert (s.stored_kwh >= lo - 1e-6).all() and (s.stored_kwh <= hi + 1e-6).all()
    assert s.stored_kwh[-1] - hi == pytest.approx(eta * s.grid_kwh.sum() - sum(d), abs=1e-6)


# --------------------------------------------------------------------------- hourly load


def test_operating_fraction_from_the_calendar():
    index = pd.date_range("2023-01-01", periods=8760, freq="h")
    cal = OperatingCalendar(shifts_per_day=2, shift_start_h=8.0, shift_change_duration_h=1.0)
    op = operating_fraction(fleet(calendar=cal), index)
    # parked 08-09 and 20-21: 22 of 24 hours
    assert op.mean() == pytest.approx(22 / 24)
    assert op.iloc[8] == 0.0 and op.iloc[20] == 0.0 and op.iloc[9] == 1.0


def test_hourly_load_diesel_base_case_hand_worked():
    index = pd.date_range("2023-01-01", periods=8760, freq="h")
    f = fleet(n_trucks=4, availability=0.5, charger_count=2, charger_kw=500.0)
    h = haul_load(f, index)
    e = h.energy
    # 4 x 0.5 = 2 trucks hauling 22 h a day: 2 x 8030 h x 60 / 33.5714 min cycles a year
    cycles = 2 * 8760 * 22 / 24 * 60 / e.cycle_time_min
    assert h.cycles_per_year == pytest.approx(cycles)            # 28,703 cycles
    assert h.tonnes_per_year == pytest.approx(cycles * 230)
    assert h.diesel_l_per_year == pytest.approx(cycles * 144.898, rel=1e-5)  # 4.16 ML
    assert h.co2_t_per_year == pytest.approx(h.diesel_l_per_year * 2.68 / 1e3)
    # grid energy: trolley per cycle + what the chargers put back (the year ends full)
    assert h.trolley_mwh_per_year == pytest.approx(cycles * e.trolley_kwh / 1e3)
    assert h.charging_mwh_per_year == pytest.approx(cycles * e.grid_charge_kwh / 1e3, rel=1e-3)
    # fleet energy balance over the period
    fr = h.frame
    balance = 0.95 * fr["charging_kw"].sum() - (fr["cycles"] * e.battery_kwh).sum()
    assert fr["battery_kwh"].iloc[-1] - 4 * 1000 * 0.9 == pytest.approx(balance, abs=1e-6)
    assert fr["soc"].between(0.2 - 1e-9, 0.9 + 1e-9).all()
    assert (fr["charging_kw"] <= 1000.0 + 1e-9).all()
    assert h.load_kw.name == "haul_load_kw" and h.load_kw.attrs["unit"] == "kW"
    assert "trucks" in repr(h) and "kL/yr" in repr(h)
    assert math.isnan(h.surplus_share)


def _pv_surplus(index, peak_kw):
    hour = index.hour.to_numpy() + 0.5
    shape = np.clip(np.sin((hour - 6.0) / 12.0 * np.pi), 0.0, None)
    return pd.Series(peak_kw * shape, index=index)


def test_smart_charging_moves_charging_into_pv_hours():
    index = pd.date_range("2023-03-01", periods=24 * 14, freq="h")
    f = fleet(n_trucks=6, trolley_share=0.3, availability=0.3, battery_kwh=2000.0,
              charger_count=4, charger_kw=800.0)  # 10 h of hauling in the SoC window
    surplus = _pv_surplus(index, 3000.0)
    dumb = haul_load(f, index, surplus_kw=surplus)
    smart = haul_load(f, index, smart_charging_on=True, surplus_kw=surplus)
    assert smart.smart and not dumb.smart
    assert smart.surplus_share > dumb.surplus_share + 0.2
    day = smart.frame["charging_kw"][(index.hour >= 9) & (index.hour < 16)].sum()
    day_dumb = dumb.frame["charging_kw"][(index.hour >= 9) & (index.hour < 16)].sum()
    assert day > day_dumb
    # never more energy than unmanaged; same trolley load; window and chargers respected
    assert smart.charging_mwh_per_year <= dumb.charging_mwh_per_year * (1 + 1e-9)
    np.testing.assert_allclose(smart.frame["trolley_kw"], dumb.frame["trolley_kw"])
    assert smart.frame["soc"].between(0.2 - 1e-9, 0.9 + 1e-9).all()
    assert (smart.frame["charging_kw"] <= f.charger_total_kw + 1e-6).all()


def test_with_haul_load_adds_to_the_mine_load():
    import minegrid as mg

    index = pd.date_range("2023-01-01", periods=48, freq="h")
    load = pd.Series(1000.0, index=index)
    prof = mg.Profiles(load_kw=load, pv_kw_per_kw=pd.Series(0.0, index=index))
    h = haul_load(fleet(n_trucks=2), index)
    both = with_haul_load(prof, h)
    np.testing.assert_allclose(both.load_kw, 1000.0 + h.frame["load_kw"].to_numpy())


# --------------------------------------------------------------------------- scenario, CLI


HAUL_TOML = """
[haul_fleet]
n_trucks = 2
payload_t = 230
empty_mass_t = 165
trolley = true
trolley_share = 0.5
battery_kwh = 1000
charger_kw = 500
charger_count = 2
smart_charging = true

[haul_fleet.cycle]
ramp_length_km = 2.0
ramp_grade_pct = 8
flat_length_km = 1.0

[haul_fleet.calendar]
shifts_per_day = 2
shift_start_h = 7.0
"""


def test_scenario_haul_fleet_round_trip_cli_and_report(tmp_path):
    from minegrid.cli import main
    from minegrid.mine import haul_for_design
    from minegrid.scenario import parse_scenario
    from test_scenario import BASE

    sc = parse_scenario(BASE + HAUL_TOML)
    fl, smart = sc.haul_fleet()
    assert smart is True
    direct = HaulFleet(n_trucks=2, payload_t=230.0, empty_mass_t=165.0, trolley=True,
                       trolley_share=0.5, battery_kwh=1000.0, charger_kw=500.0, charger_count=2,
                       cycle=HaulCycle(ramp_length_km=2.0, ramp_grade_pct=8.0,
                                       flat_length_km=1.0),
                       calendar=OperatingCalendar(shifts_per_day=2, shift_start_h=7.0))
    assert fl == direct
    plain = parse_scenario(BASE)
    b0, b = plain.build(), sc.build()
    # the haul load joins the mine load; the same load as built by hand on the design
    ref = haul_for_design(direct, b0.system, b0.profiles, smart_charging_on=True)
    np.testing.assert_allclose(b.haul.frame["load_kw"], ref.frame["load_kw"], rtol=1e-9,
                               atol=1e-6)
    np.testing.assert_allclose(b.profiles.load_kw, b0.profiles.load_kw + ref.frame["load_kw"],
                               rtol=1e-9, atol=1e-6)
    assert "Haul fleet" in sc.assumptions(b)
    path = tmp_path / "s.toml"
    path.write_text(BASE + HAUL_TOML, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(path), "--out", str(out), "-q"]) == 0
    frame = pd.read_csv(out / "haul_load.csv", index_col=0)
    assert {"trolley_kw", "charging_kw", "load_kw", "soc", "cycles", "tonnes"} <= set(frame)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Haul fleet" in html and "Diesel saved at the trucks [L/yr]" in html


def test_cli_prints_haul_lines(tmp_path, capsys):
    from minegrid.cli import main
    from test_scenario import BASE

    path = tmp_path / "s.toml"
    path.write_text(BASE + HAUL_TOML, encoding="utf-8")
    assert main(["run", str(path), "--out", str(tmp_path / "o"), "--no-report"]) == 0
    text = capsys.readouterr().out
    assert "Haul fleet: 2 trucks x 230 t" in text and "diesel saved" in text
    assert "MWh/yr" in text and "peak" in text and "t/yr" in text


@pytest.mark.parametrize("extra, where", [
    (HAUL_TOML.replace("n_trucks = 2", "n_truck = 2"), "n_truck"),
    (HAUL_TOML.replace("payload_t = 230", 'payload_t = "big"'), "payload_t"),
    (HAUL_TOML.replace("ramp_grade_pct = 8", "ramp_grade_pct = 30"), "ramp_grade_pct"),
    (HAUL_TOML.replace("charger_count = 2", "charger_count = 0"), "charger_count"),
    ("[haul_fleet]\nn_trucks = 2\npayload_t = 230\nempty_mass_t = 165\n", "haul_fleet.cycle"),
])
def test_scenario_haul_errors_name_the_key(extra, where):
    from minegrid.scenario import parse_scenario
    from test_scenario import BASE

    with pytest.raises(InputError, match=where) as info:
        parse_scenario(BASE + extra, path="s.toml").build()
    assert "s.toml" in str(info.value) and "Fix" in str(info.value)


def test_the_bundled_scenario_commented_haul_fleet_parses():
    from minegrid.scenario import bundled, parse_scenario

    text = bundled("andean_gold_mine").read_text(encoding="utf-8")
    fl, smart = parse_scenario(with_uncommented(text, "# [haul_fleet]",
                                                "# ---- diesel by road")).haul_fleet()
    assert fl.n_trucks == 4 and fl.cycle.ramp_length_km == 2.5 and smart


# --------------------------------------------------------------------------- invariants, plot


def test_half_hour_step_gives_the_hourly_year():
    f = fleet(n_trucks=6, trolley_share=0.3, availability=0.3, battery_kwh=2000.0,
              charger_count=4, charger_kw=800.0)
    hourly = pd.date_range("2023-01-01", periods=8760, freq="h")
    half = pd.date_range("2023-01-01", periods=2 * 8760, freq="30min")
    a, b = haul_load(f, hourly), haul_load(f, half)
    assert b.dt_h == 0.5
    assert b.cycles_per_year == pytest.approx(a.cycles_per_year, rel=1e-9)
    assert b.energy_mwh_per_year == pytest.approx(a.energy_mwh_per_year, rel=1e-4)
    assert b.frame["cycles_per_h"].max() == pytest.approx(a.frame["cycles_per_h"].max())


fleets = st.fixed_dictionaries({
    "n_trucks": st.integers(1, 8), "trolley_share": st.floats(0.0, 1.0),
    "battery_kwh": st.floats(600.0, 3000.0), "charger_kw": st.floats(200.0, 2000.0),
    "charger_count": st.integers(1, 4), "availability": st.floats(0.2, 1.0),
    "regen_efficiency": st.floats(0.0, 0.9)})


@settings(max_examples=25, deadline=None)
@given(fleets, st.floats(0.0, 8000.0), st.booleans())
def test_fleet_soc_and_chargers_within_limits(kw, pv_peak, smart):
    index = pd.date_range("2023-06-01", periods=72, freq="h")
    try:
        f = fleet(**kw)
    except InputError as exc:  # a battery that cannot hold one cycle
        assert str(exc).startswith("HaulFleet.battery_kwh = ") and "Fix:" in str(exc)
        return
    try:
        h = haul_load(f, index, smart_charging_on=smart, surplus_kw=_pv_surplus(index, pv_peak))
    except InputError as exc:  # the chargers cannot keep up: named, with the fix
        assert "HaulFleet.charger_count" in str(exc) and "Fix:" in str(exc)
        return
    fr = h.frame
    assert fr["soc"].between(f.soc_min - 1e-9, f.soc_max + 1e-9).all()
    assert (fr["charging_kw"] >= -1e-9).all()
    assert (fr["charging_kw"] <= f.charger_total_kw * (1 + 1e-9) + 1e-9).all()
    # energy balance of the fleet store: start full, charged in, hauled out
    drawn = (fr["cycles"] * h.energy.battery_kwh).sum()
    full = f.n_trucks * f.battery_kwh * f.soc_max
    e_end = full + f.charger_efficiency * fr["charging_kw"].sum() - drawn
    assert fr["battery_kwh"].iloc[-1] == pytest.approx(e_end, abs=1e-6 * max(1.0, drawn))


def test_haul_charging_plot():
    import matplotlib

    matplotlib.use("Agg")
    import minegrid as mg

    index = pd.date_range("2023-03-01", periods=24 * 7, freq="h")
    f = fleet(n_trucks=3, availability=0.5, battery_kwh=2000.0)
    surplus = _pv_surplus(index, 2000.0)
    smart = haul_load(f, index, smart_charging_on=True, surplus_kw=surplus)
    dumb = haul_load(f, index, surplus_kw=surplus)
    ax = mg.plots.haul_charging(smart, dumb)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert set(labels) == {"trolley line", "smart charging", "unmanaged charging",
                           "renewable surplus over the mine load"}
    with pytest.raises(InputError, match="hauls"):
        mg.plots.haul_charging("not a haul load")


def test_the_haul_charging_is_re_planned_for_another_design():
    from minegrid.mine import haul_for_design
    from minegrid.scenario import parse_scenario
    from test_scenario import BASE

    sc = parse_scenario(BASE + HAUL_TOML.replace("battery_kwh = 1000", "battery_kwh = 2000"))
    b = sc.build()  # the scenario's 500 kWp leave no surplus to charge in
    same = sc.haul_for(b, b.system)  # the scenario's own design: the same load
    np.testing.assert_allclose(same.profiles.load_kw, b.profiles.load_kw, rtol=1e-12)
    big = b.system.replace(pv=b.system.pv.replace(rated_kw=20 * b.system.pv.rated_kw))
    other = sc.haul_for(b, big)
    ref = haul_for_design(other.haul.fleet, big, b.mine_profiles, smart_charging_on=True)
    np.testing.assert_allclose(other.haul.frame["load_kw"], ref.frame["load_kw"], rtol=1e-12)
    np.testing.assert_allclose(other.profiles.load_kw,
                               b.mine_profiles.load_kw + ref.frame["load_kw"].to_numpy(),
                               rtol=1e-12)
    np.testing.assert_allclose(np.asarray(other.load_kw), other.profiles.load_kw, rtol=1e-12)
    # the same energy, moved toward the larger design's surplus
    assert other.haul.energy_mwh_per_year == pytest.approx(b.haul.energy_mwh_per_year,
                                                           rel=1e-6)
    assert not np.allclose(other.haul.frame["charging_kw"], b.haul.frame["charging_kw"])
    assert b.haul.surplus_share == 0.0 and other.haul.surplus_share > 0.6
    plain = parse_scenario(BASE).build()
    assert sc.haul_for(plain, big) is plain  # no haul fleet: unchanged
