"""Diesel logistics: the road's closures, the tank step by step, dry spells in the dispatch,
the tank in the costs and in sizing (issue 21)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import minegrid as mg
from minegrid.logistics import road_open, run_tank, tank_capacity
from scenarios import with_uncommented

GAS = mg.Fuel(name="pipeline gas", kind="natural_gas", unit="Nm3", price_per_unit=0.30,
              co2_kg_per_unit=1.89, delivery="pipeline")


def reference_tank(use, open_, capacity, initial, truck, lead, reorder, dt):
    """The tank written event by event: a list of orders, each (due hour, truckloads)."""
    orders = []
    level, empty = initial, False
    rows = []
    for t, u in enumerate(use):
        now = t * dt
        arrived = 0
        if open_[t]:
            keep = []
            for due, k in orders:
                if due <= now + 1e-9:
                    arrived += k
                else:
                    keep.append((due, k))
            orders = keep
        level += arrived * truck
        if arrived:
            empty = False
        dry = False
        if empty:
            dry = True
        elif level + 1e-9 >= u:
            level = max(level - u, 0.0)
        else:
            dry, empty = True, True
        pending = sum(k for _, k in orders) * truck
        ordered = 0
        if level + pending <= reorder + 1e-9:
            ordered = int((capacity - level - pending) // truck + 1e-9)
            if ordered >= 1:
                orders.append((now + dt + lead, ordered))
            else:
                ordered = 0
        rows.append((level, arrived * truck, arrived, ordered, dry))
    return [np.array(c) for c in zip(*rows, strict=True)]


def tank(use, open_=None, **kw):
    use = np.asarray(use, float)
    open_ = np.ones(use.size, bool) if open_ is None else open_
    return run_tank(use, open_, **kw)


HAND = dict(capacity_l=10_000, initial_l=10_000, truck_l=4_000, lead_h=3, reorder_l=5_000,
            dt_h=1.0)


def test_tank_by_hand_open_road():
    r = tank(np.full(16, 1000.0), **HAND)
    # 1000 L/h from a full 10,000 L tank: the order goes at the end of hour 4 (level 5,000),
    # a 4,000 L truck arrives at the start of hour 8 (4 + 1 + 3), and so on every 4 h
    np.testing.assert_allclose(r.level_l[:9], [9000, 8000, 7000, 6000, 5000, 4000, 3000,
                                               2000, 5000])
    assert list(np.flatnonzero(r.ordered_trucks)) == [4, 8, 12]
    assert list(np.flatnonzero(r.trucks)) == [8, 12]
    assert not r.dry.any()


def test_tank_by_hand_closed_road_runs_dry_until_the_delivery():
    open_ = np.ones(16, bool)
    open_[8:12] = False  # the truck due at hour 8 waits for hour 12
    r = tank(np.full(16, 1000.0), open_, **HAND)
    np.testing.assert_allclose(r.level_l[7:10], [2000, 1000, 0])
    # the second order (end of hour 8: 1,000 + 4,000 on order <= 5,000) is due at 12 too
    assert list(np.flatnonzero(r.ordered_trucks)) == [4, 8, 14]
    assert list(np.flatnonzero(r.dry)) == [10, 11]
    assert r.delivered_l[12] == 8000 and r.level_l[12] == 7000
    assert r.episode_end(10) == 12 and r.first_new_dry(np.zeros(16, bool)) == 10


@pytest.mark.parametrize("seed", range(12))
def test_tank_equals_the_event_reference(seed):
    rng = np.random.default_rng(seed)
    n = 500
    dt = float(rng.choice([0.5, 1.0, 2.0]))
    use = rng.gamma(2.0, 300.0, n) * (rng.random(n) > 0.1)
    open_ = rng.random(n) > rng.uniform(0.0, 0.4)
    capacity = rng.uniform(5_000, 40_000)
    truck = rng.uniform(1_000, capacity / 2)
    reorder = rng.uniform(0, capacity - truck)
    kw = dict(capacity_l=capacity, initial_l=rng.uniform(0, capacity), truck_l=truck,
              lead_h=float(rng.uniform(0, 30)), reorder_l=reorder, dt_h=dt)
    r = tank(use, open_, **kw)
    ref = reference_tank(use, open_, kw["capacity_l"], kw["initial_l"], truck, kw["lead_h"],
                         reorder, dt)
    np.testing.assert_allclose(r.level_l, ref[0], rtol=0, atol=1e-6)
    np.testing.assert_allclose(r.delivered_l, ref[1], rtol=0, atol=1e-6)
    np.testing.assert_array_equal(r.trucks, ref[2])
    np.testing.assert_array_equal(r.ordered_trucks, ref[3])
    np.testing.assert_array_equal(r.dry, ref[4])
    # the balance: start + delivered - burnt = end; never below 0 nor above the tank
    burnt = np.where(r.dry, 0.0, use)
    assert r.level_l[-1] == pytest.approx(kw["initial_l"] + r.delivered_l.sum() - burnt.sum(),
                                          abs=1e-6)
    assert r.level_l.min() >= 0 and r.level_l.max() <= capacity + 1e-6


def test_road_open_fixed_periods_and_wrap():
    idx = pd.date_range("2019-01-01", periods=8760, freq="h")
    shut = mg.RoadClosures(periods=[("07-01", "07-14"), ("12-30", "01-02")])
    o = road_open(shut, idx, 8760, 1.0)
    closed = idx[~o]
    assert (~o).sum() == (14 + 4) * 24
    assert closed[0] == pd.Timestamp("2019-01-01")
    assert closed[-1] == pd.Timestamp("2019-12-31 23:00")
    assert pd.Timestamp("2019-07-14 23:00") in closed and pd.Timestamp("2019-07-15") not in closed
    # no index: a common year from 1 January, 2-hour steps
    o2 = road_open(mg.RoadClosures(periods=[("02-01", "02-01")]), None, 4380, 2.0)
    assert list(np.flatnonzero(~o2)) == list(range(31 * 12, 32 * 12))


def test_random_closures_are_seeded_and_follow_the_months():
    idx = pd.date_range("2019-01-01", periods=8760 * 3, freq="h")
    rates = [3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    c = mg.RoadClosures(events_per_month=rates, mean_duration_days=1.0, seed=5)
    a = road_open(c, idx, idx.size, 1.0)
    np.testing.assert_array_equal(a, road_open(c, idx, idx.size, 1.0))
    assert not np.array_equal(a, road_open(c.__class__(events_per_month=rates, seed=6),
                                           idx, idx.size, 1.0))
    months = idx[~a].month
    assert (~a).sum() > 0 and set(months) <= {1, 2}  # January closures, some spill over
    none = mg.RoadClosures(events_per_month=[0] * 12)
    assert road_open(none, idx, idx.size, 1.0).all()


def _mine(n_days=60):
    t = np.arange(24 * n_days)
    load = 4000 + 600 * np.sin(2 * np.pi * t / 24)
    pv = np.clip(np.sin(np.pi * ((t % 24) - 6) / 12), 0, None)
    idx = pd.date_range("2019-06-01", periods=t.size, freq="h")
    prof = mg.Profiles(load_kw=pd.Series(load, idx), pv_kw_per_kw=pd.Series(pv, idx),
                       genset_availability=0.9)
    system = mg.System(pv=mg.PVPlant(rated_kw=3000), battery=mg.Battery(energy_kwh=6000),
                       genset=mg.GensetFleet(unit_rated_kw=1000, n_units=6))
    return system, prof


def test_dry_spell_stops_the_gensets_and_is_unserved():
    system, prof = _mine()
    shut = mg.RoadClosures(periods=[("07-01", "07-12")])
    sup = mg.FuelSupply(tank_capacity_l=60_000, truck_capacity_l=30_000, lead_time_h=48,
                        closures=shut)
    r = mg.simulate(system, prof, fuel_supply=sup, dispatch=True)
    log = r.logistics
    d, tk = r.dispatch, log.tank
    assert log.dry_hours_per_year > 0 and log.redispatches >= 2
    dry = tk["dry"].to_numpy()
    assert (d["genset_kw"].to_numpy()[dry] == 0).all()
    assert (d["unserved_kw"].to_numpy()[dry] > 0).any()
    # energy balance every step, with the dry spells in it
    supply = d["pv_kw"] + d["genset_kw"] + d["battery_kw"] + d["unserved_kw"] - d["curtailed_kw"]
    np.testing.assert_allclose(supply - d.get("dumped_kw", 0), d["load_kw"], atol=1e-6)
    # the tank follows the dispatch's diesel use: level(t) = level(t-1) + delivered - used
    used = np.where(dry, 0.0, d["fuel_l_per_h"].to_numpy())
    lvl = np.concatenate([[60_000.0], tk["level_l"].to_numpy()])
    np.testing.assert_allclose(np.diff(lvl), tk["delivered_l"].to_numpy() - used, atol=1e-6)
    assert r.stats.unserved_kwh * prof.period_h / 8760 == pytest.approx(
        float(d["unserved_kw"].sum()), rel=1e-9)
    assert log.dry_unserved_kwh_per_year == pytest.approx(
        float(d["unserved_kw"][dry].sum()) * 8760 / prof.period_h, rel=1e-9)
    assert log.longest_closure_days == 12.0
    assert log.tank_autonomy_days == pytest.approx(60_000 / log.mean_daily_l)
    assert log.autonomy_met == (log.tank_autonomy_days >= 10)
    # the base case (diesel only) burns more, so more trucks and more dry hours
    assert r.base.logistics.deliveries_per_year > log.deliveries_per_year


def test_no_closure_large_tank_costs_are_the_delivered_price_plus_the_tank():
    system, prof = _mine()
    sup = mg.FuelSupply(tank_capacity_l=500_000, existing_tank_l=100_000, tank_capex_per_l=2.0,
                        price_at_port_per_l=0.80, road_km=500, haulage_per_l_km=0.0005)
    r = mg.simulate(system, prof, fuel_supply=sup)
    plain = mg.simulate(system, prof, project=mg.Project(fuel_price_per_l=0.80 + 0.25))
    assert r.logistics.dry_hours_per_year == 0
    assert r.stats.fuel_l == pytest.approx(plain.stats.fuel_l, rel=1e-12)
    assert r.logistics.tank_capital == pytest.approx(800_000.0)
    assert r.costs.npc == pytest.approx(plain.costs.npc + 800_000.0, rel=1e-12)
    assert r.costs.genset.capital == pytest.approx(plain.costs.genset.capital + 800_000.0)
    assert r.project.fuel_price_per_l == pytest.approx(1.05)
    # deliveries carry the fuel burnt (less what is left of the start level)
    log = r.logistics
    assert log.delivered_l_per_year == pytest.approx(
        log.deliveries_per_year * 30_000.0, rel=1e-12)
    assert log.truck_km_per_year == pytest.approx(log.deliveries_per_year * 1000.0)
    assert log.haulage_co2_t_per_year == pytest.approx(log.truck_km_per_year / 1000.0)


def test_a_plant_stops_only_its_diesel_types():
    t = np.arange(24 * 20)
    prof = mg.Profiles(load_kw=3000 + 500 * np.sin(2 * np.pi * t / 24), genset_availability=1.0)
    gas = mg.GensetFleet(name="gas", fuel=GAS, unit_rated_kw=1000, n_units=2,
                         fuel_intercept_per_h_per_kw=0.03, fuel_slope_per_kwh=0.26)
    diesel = mg.GensetFleet(name="diesel", unit_rated_kw=1000, n_units=3)
    system = mg.System(gensets=(gas, diesel))
    sup = mg.FuelSupply(tank_capacity_l=40_000, truck_capacity_l=20_000, lead_time_h=24,
                        closures=mg.RoadClosures(periods=[("01-05", "01-09")]))
    r = mg.simulate(system, prof, fuel_supply=sup, dispatch=True, base_case=False)
    dry = r.logistics.tank["dry"].to_numpy()
    assert dry.any()
    d = r.dispatch
    assert (d["genset_kw[diesel]"].to_numpy()[dry] == 0).all()
    assert (d["genset_kw[gas]"].to_numpy()[dry] > 0).all()
    used = d["fuel_L_per_h[diesel]"].to_numpy()
    lvl = np.concatenate([[40_000.0], r.logistics.tank["level_l"].to_numpy()])
    np.testing.assert_allclose(np.diff(lvl), r.logistics.tank["delivered_l"] - used, atol=1e-6)


def test_sizing_counts_the_tank_and_bounds_autonomy():
    system, prof = _mine(30)
    space = mg.DesignSpace(pv_kw=(0, 8000), battery_kwh=(0, 12000))
    sup = mg.FuelSupply(min_autonomy_days=20, tank_capex_per_l=3.0)
    r = mg.size(system, prof, space, fuel_supply=sup, progress=False, maxiter=10, popsize=6,
                seed=2)
    log = r.result.logistics
    fuel = r.result.stats.fuel_l
    assert log.tank_capacity_l == pytest.approx(max(20 * fuel / 365, 30_000), rel=1e-9)
    assert r.fun == pytest.approx(r.result.costs.npc, rel=1e-9)
    assert r.history["npc"].min() >= 0
    # a fixed tank: autonomy V / (F / 365) is a requirement
    fixed = sup.replace(tank_capacity_l=400_000)
    req = mg.Requirements(min_fuel_autonomy_days=25)
    r2 = mg.size(system, prof, space, req, fuel_supply=fixed, progress=False, maxiter=10,
                 popsize=6, seed=2)
    c = r2.constraints["min_fuel_autonomy_days"]
    assert c["met"] and c["value"] == pytest.approx(400_000 / (r2.result.stats.fuel_l / 365),
                                                    rel=1e-6)
    assert tank_capacity(fixed, 1e6) == 400_000


def test_sizing_flags_a_design_that_runs_dry():
    system, prof = _mine(45)
    space = mg.DesignSpace(pv_kw=(0, 2000))
    sup = mg.FuelSupply(tank_capacity_l=60_000, truck_capacity_l=30_000,
                        closures=mg.RoadClosures(periods=[("06-20", "06-30")]))
    r = mg.size(system, prof, space, fuel_supply=sup, progress=False, maxiter=5, popsize=5)
    assert not r.success and "runs dry" in r.message
    assert not r.constraints["max_unserved_fraction"]["met"]


@pytest.mark.parametrize("kwargs, field", [
    (dict(tank_capacity_l=10_000, truck_capacity_l=30_000), "FuelSupply.truck_capacity_l"),
    (dict(tank_capacity_l=100_000, reorder_level_l=90_000), "FuelSupply.reorder_level_l"),
    (dict(tank_capacity_l=100_000, initial_level_l=200_000), "FuelSupply.initial_level_l"),
    (dict(tank_capacity_l=None, min_autonomy_days=0), "FuelSupply.min_autonomy_days"),
    (dict(lead_time_h=-1), "FuelSupply.lead_time_h"),
    (dict(road_km="600"), "FuelSupply.road_km"),
    (dict(closures="July"), "FuelSupply.closures"),
])
def test_bad_supply_names_the_field(kwargs, field):
    with pytest.raises(mg.InputError, match=field.replace(".", r"\.")):
        mg.FuelSupply(**kwargs)


@pytest.mark.parametrize("kwargs, field", [
    (dict(periods=[("07-32", "08-01")]), r"RoadClosures\.periods\[0\]"),
    (dict(periods=[("02-29", "03-01")]), r"RoadClosures\.periods\[0\]"),
    (dict(periods=[("7/1", "7/3")]), r"RoadClosures\.periods\[0\]"),
    (dict(events_per_month=[1, 2, 3]), r"RoadClosures\.events_per_month"),
    (dict(events_per_month=[-1] * 12), r"RoadClosures\.events_per_month"),
    (dict(mean_duration_days=0), r"RoadClosures\.mean_duration_days"),
])
def test_bad_closures_name_the_field(kwargs, field):
    with pytest.raises(mg.InputError, match=field):
        mg.RoadClosures(**kwargs)


def test_supply_without_diesel_or_with_two_prices_is_refused():
    system, prof = _mine(5)
    gas_only = mg.System(gensets=(mg.GensetFleet(name="gas", fuel=GAS, unit_rated_kw=1000,
                                                 n_units=6, fuel_intercept_per_h_per_kw=0.03,
                                                 fuel_slope_per_kwh=0.26),))
    with pytest.raises(mg.InputError, match="no genset of the system burns diesel"):
        mg.simulate(gas_only, prof, fuel_supply=mg.FuelSupply(tank_capacity_l=50_000))
    priced = mg.GensetFleet(name="d", unit_rated_kw=1000, n_units=6,
                            fuel=mg.Fuel(price_per_unit=1.2))
    two = mg.System(gensets=(priced,))
    with pytest.raises(mg.InputError, match="second diesel price"):
        mg.simulate(two, prof, fuel_supply=mg.FuelSupply(tank_capacity_l=50_000,
                                                         price_at_port_per_l=0.8))
    with pytest.raises(mg.InputError, match="min_fuel_autonomy_days"):
        mg.size(system, prof, mg.DesignSpace(pv_kw=(0, 10)),
                mg.Requirements(min_fuel_autonomy_days=5), progress=False)


SUPPLY_TOML = """
[fuel_supply]
tank_capacity_l = 40000
truck_capacity_l = 20000
lead_time_h = 48
price_at_port_per_l = 0.8
road_km = 500
haulage_per_l_km = 0.0004

[fuel_supply.closures]
periods = [["07-01", "07-06"]]
events_per_month = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
mean_duration_days = 2
seed = 3
"""


def test_scenario_fuel_supply_runs_and_reports(tmp_path):
    from minegrid.cli import main
    from minegrid.scenario import parse_scenario
    from test_scenario import BASE

    sc = parse_scenario(BASE + SUPPLY_TOML)
    sup = sc.fuel_supply()
    assert sup.closures.periods == (("07-01", "07-06"),) and sup.road_km == 500
    built = sc.build()
    assert built.project.fuel_price_per_l == pytest.approx(0.8 + 0.2)
    r = sc.run(built=built)
    assert r.logistics is not None and r.logistics.tank_capacity_l == 40_000
    assert r.base.logistics.deliveries_per_year > 0
    path = tmp_path / "s.toml"
    path.write_text(BASE + SUPPLY_TOML, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(path), "--out", str(out), "-q"]) == 0
    tank = pd.read_csv(out / "fuel_tank.csv", index_col=0)
    assert {"level_l", "delivered_l", "trucks", "road_open", "dry", "autonomy_days"} <= set(tank)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Fuel logistics" in html and "Deliveries [trucks/yr]" in html


@pytest.mark.parametrize("extra, where", [
    ("[fuel_supply]\ntank_capacity = 5\n", "tank_capacity"),
    ("[fuel_supply]\ntruck_capacity_l = \"big\"\n", "truck_capacity_l"),
    ("[fuel_supply]\n[fuel_supply.closures]\nperiods = [[\"13-01\", \"13-02\"]]\n",
     "RoadClosures.periods"),
    ("[fuel_supply]\n[fuel_supply.closures]\nduration = 3\n", "duration"),
])
def test_scenario_fuel_supply_errors_name_the_key(extra, where):
    from minegrid.scenario import parse_scenario
    from test_scenario import BASE

    with pytest.raises(mg.InputError, match=where) as info:
        sc = parse_scenario(BASE + "\n" + extra, path="s.toml")
        sc.run()
    assert "s.toml" in str(info.value) and "Fix" in str(info.value)


def test_the_bundled_scenario_commented_fuel_supply_parses():
    from minegrid.scenario import bundled, parse_scenario

    text = bundled("andean_gold_mine").read_text(encoding="utf-8")
    sc = parse_scenario(with_uncommented(text, "# [fuel_supply]"))
    sup = sc.fuel_supply()
    assert sup.min_autonomy_days == 21 and sup.tank_capacity_l is None
    assert sup.closures.events_per_month[0] == 1.0
