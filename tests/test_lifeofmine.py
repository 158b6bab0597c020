"""Tests of minegrid.lifeofmine: multi-year simulation, ageing, prices, carbon rules, closure."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import minegrid as mg
from minegrid.dispatch import Profiles
from minegrid.errors import InputError
from minegrid.lifeofmine import (
    BatteryAgeing,
    CarbonTax,
    LifeOfMine,
    PricePath,
    rainflow_cycles,
    size_life,
)

NONE = BatteryAgeing(model="none")


@pytest.fixture(scope="module")
def profiles() -> Profiles:
    """A synthetic hourly year: a mine-like load, a PV day shape, a windy-ish turbine."""
    rng = np.random.default_rng(7)
    h = np.arange(8760)
    hour = h % 24
    day = h // 24
    load = 2000.0 + 300.0 * np.sin(2 * np.pi * hour / 24) + rng.normal(0, 50, h.size)
    pv = np.clip(np.sin(np.pi * (hour - 6) / 12), 0, None) * (0.85 + 0.15 * np.cos(
        2 * np.pi * day / 365))
    wind = np.clip(rng.weibull(2.0, h.size) * 900.0, 0, 2300.0)
    return Profiles(load_kw=np.clip(load, 0, None), pv_kw_per_kw=pv, wind_kw_per_turbine=wind,
                    genset_availability=0.9)


# the hand-computed costs below use these prices (the component defaults before issue 14)
PV_PRICE, WIND_PRICE, BATTERY_PRICE = 750.0, 1600.0, 300.0


def hybrid(**battery) -> mg.System:
    bat = dict(energy_kwh=4000.0, power_kw=1500.0, calendar_life_years=6.0, cycle_life=3000.0,
               capex_per_kwh=BATTERY_PRICE, capex_per_kw=0.0)
    bat.update(battery)
    return mg.System(
        pv=mg.PVPlant(rated_kw=3000.0, lifetime_years=7.0, capex_per_kw=PV_PRICE),
        wind=mg.WindPlant(n_turbines=1, turbine_rated_kw=2300.0, capex_per_kw=WIND_PRICE),
        battery=mg.Battery(**bat),
        genset=mg.GensetFleet(unit_rated_kw=800.0, n_units=4, life_hours=25000.0),
    )


PROJECT = mg.Project(lifetime_years=12, discount_rate=0.07, fuel_price_per_l=1.2,
                     carbon_price_per_t=8.0)


# --------------------------------------------------------------------------- identical years


def test_owned_gensets_cost_no_capital_over_the_life_of_mine(profiles):
    """As in simulate: owned units are credited their capital, once, at year 0."""
    system = hybrid()
    owned = system.replace(genset=system.genset.replace(existing_units=2))
    life = LifeOfMine(horizon_years=12, battery_ageing=NONE, chain_soc=False)
    a = mg.simulate_life(system, life, profiles, project=PROJECT)
    b = mg.simulate_life(owned, life, profiles, project=PROJECT)
    credit = 2 * system.genset.unit_rated_kw * system.genset.capex_per_kw
    assert b.cash_flow.loc[0, "capex"] == pytest.approx(a.cash_flow.loc[0, "capex"] - credit)
    assert b.npc == pytest.approx(a.npc - credit, rel=1e-12)
    single = mg.simulate(owned, profiles, project=PROJECT)
    assert b.npc == pytest.approx(single.costs.npc, rel=1e-9)


@pytest.mark.parametrize("rate", [0.07, 0.0])
def test_identical_years_reproduce_single_year(profiles, rate):
    project = PROJECT.replace(discount_rate=rate)
    system = hybrid()
    single = mg.simulate(system, profiles, project=project)
    life = LifeOfMine(horizon_years=12, battery_ageing=NONE, chain_soc=False)
    res = mg.simulate_life(system, life, profiles, project=project)
    # replacements inside the horizon: PV at 7, battery and gensets by life
    assert set(res.events["component"]) >= {"pv", "battery", "genset"}
    assert res.npc == pytest.approx(single.costs.npc, rel=1e-9)
    assert res.lcoe == pytest.approx(single.costs.lcoe, rel=1e-9)
    assert res.base.npc == pytest.approx(single.base.costs.npc, rel=1e-9)
    assert res.savings.npc == pytest.approx(single.savings.npc, rel=1e-9)
    cf = res.cash_flow
    assert cf["discounted_total"].sum() == pytest.approx(res.npc, rel=1e-12)
    assert cf.loc[0, "capex"] == pytest.approx(single.costs.capital)
    assert cf.loc[1:, "fuel"].to_numpy() == pytest.approx(
        [single.stats.fuel_l * project.fuel_price_per_l] * 12, rel=1e-12)
    pv_rep = res.events[res.events.component == "pv"]
    assert pv_rep["time_years"].tolist() == pytest.approx([7.0])
    assert pv_rep["year"].tolist() == [7]
    # salvage: PV replaced at 7 has 2/7 of its life left at 12
    pv_cap = 3000.0 * 750.0
    assert single.costs.pv.salvage == pytest.approx(-pv_cap * 2 / 7 * (1 + rate) ** -12)


def _week() -> Profiles:
    rng = np.random.default_rng(11)
    n = 24 * 7
    hour = np.arange(n) % 24
    return Profiles(load_kw=800.0 + rng.normal(0, 40, n),
                    pv_kw_per_kw=np.clip(np.sin(np.pi * (hour - 6) / 12), 0, None),
                    wind_kw_per_turbine=np.clip(rng.weibull(2.0, n) * 400, 0, 1000.0))


WEEK = _week()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(years=st.integers(1, 25), rate=st.floats(0.0, 0.15),
       pv_life=st.floats(2.0, 30.0), bat_life=st.floats(1.5, 20.0),
       cycle_life=st.floats(200.0, 8000.0), gen_life_h=st.floats(3000.0, 100000.0),
       strategy=st.sampled_from(["load_following", "cycle_charging"]))
def test_identical_years_property(years, rate, pv_life, bat_life, cycle_life, gen_life_h,
                                  strategy):
    """Any lives, rate and horizon: the year-by-year NPC equals the single-year formula."""
    system = mg.System(
        pv=mg.PVPlant(rated_kw=600.0, lifetime_years=pv_life, salvage_ratio=0.7),
        wind=mg.WindPlant(n_turbines=1, turbine_rated_kw=1000.0, lifetime_years=pv_life + 3),
        battery=mg.Battery(energy_kwh=1500.0, power_kw=500.0, calendar_life_years=bat_life,
                           cycle_life=cycle_life, replacement_ratio=0.8),
        genset=mg.GensetFleet(unit_rated_kw=400.0, n_units=3, life_hours=gen_life_h),
        dispatch=mg.Dispatch(strategy=strategy))
    project = mg.Project(lifetime_years=years, discount_rate=rate, fuel_price_per_l=1.0,
                         carbon_price_per_t=3.0)
    single = mg.simulate(system, WEEK, project=project)
    life = LifeOfMine(horizon_years=years, battery_ageing=NONE, chain_soc=False)
    res = mg.simulate_life(system, life, WEEK, project=project)
    assert res.npc == pytest.approx(single.costs.npc, rel=1e-9)
    assert res.lcoe == pytest.approx(single.costs.lcoe, rel=1e-9)
    assert res.base.npc == pytest.approx(single.base.costs.npc, rel=1e-9)


def test_identical_years_with_chained_soc_genset_only(profiles):
    system = mg.System(genset=mg.GensetFleet(unit_rated_kw=800.0, n_units=4))
    single = mg.simulate(system, profiles, project=PROJECT, base_case=False)
    res = mg.simulate_life(system, LifeOfMine(horizon_years=12), profiles, project=PROJECT,
                           base_case=False)
    assert res.npc == pytest.approx(single.costs.npc, rel=1e-9)
    assert res.lcoe == pytest.approx(single.costs.lcoe, rel=1e-9)


def test_chained_soc_is_close_to_restarting(profiles):
    # battery first, so that the battery cycles every day and ends the year elsewhere
    system = hybrid().replace(dispatch=mg.Dispatch(battery_dispatch="battery_first"))
    a = mg.simulate_life(system, LifeOfMine(horizon_years=12, battery_ageing=NONE), profiles,
                         project=PROJECT, base_case=False)
    b = mg.simulate_life(system, LifeOfMine(horizon_years=12, battery_ageing=NONE,
                                            chain_soc=False), profiles, project=PROJECT,
                         base_case=False)
    assert a.npc == pytest.approx(b.npc, rel=1e-3)
    assert a.npc != b.npc  # the chain does change the start of years 2..N


# --------------------------------------------------------------------------- ageing, degradation


def test_pv_degradation_hand_computed(profiles):
    system = mg.System(pv=mg.PVPlant(rated_kw=1000.0, lifetime_years=30.0),
                       genset=mg.GensetFleet(unit_rated_kw=800.0, n_units=4))
    r = 0.01
    life = LifeOfMine(horizon_years=5, pv_degradation_per_year=r)
    res = mg.simulate_life(system, life, profiles, project=PROJECT, base_case=False)
    flat = mg.simulate_life(system, LifeOfMine(horizon_years=5), profiles, project=PROJECT,
                            base_case=False)
    cf = res.cash_flow
    pv1 = float(profiles.pv_kw_per_kw.sum()) * 1000.0
    expected = [pv1 * (1 - r) ** (k - 1) for k in range(1, 6)]
    assert cf.loc[1:, "pv_kwh"].to_numpy() == pytest.approx(expected, rel=1e-12)
    assert cf.loc[1:, "pv_factor"].to_numpy() == pytest.approx(
        [(1 - r) ** (k - 1) for k in range(1, 6)])
    assert (np.diff(cf.loc[1:, "fuel_l"].to_numpy()) > 0).all()
    assert res.npc > flat.npc


def test_calendar_fade_and_replacement_in_its_year(profiles):
    # no renewables and an empty battery that gensets never charge: it never cycles, so only
    # calendar fade acts: SoH falls by (1 - 0.8)/5 = 0.04 a year, replaced at exactly 5 years
    system = mg.System(battery=mg.Battery(energy_kwh=1000.0, calendar_life_years=5.0,
                                          soc_initial=0.1, capex_per_kwh=BATTERY_PRICE,
                                          capex_per_kw=0.0),
                       genset=mg.GensetFleet(unit_rated_kw=800.0, n_units=4, life_hours=1e6))
    life = LifeOfMine(horizon_years=8, battery_ageing=BatteryAgeing(model="cycles"),
                      chain_soc=False)
    res = mg.simulate_life(system, life, profiles, project=PROJECT, base_case=False)
    cf = res.cash_flow
    assert cf.loc[1:, "battery_cycles"].abs().max() == 0.0
    assert cf.loc[1:4, "battery_soh"].to_numpy() == pytest.approx([0.96, 0.92, 0.88, 0.84])
    assert cf.loc[1:4, "battery_capacity_kwh"].to_numpy() == pytest.approx(
        [1000.0, 960.0, 920.0, 880.0])
    cap = 1000.0 * 300.0
    assert cf.loc[5, "replacements"] == pytest.approx(cap)
    assert cf.loc[[1, 2, 3, 4, 6, 7, 8], "replacements"].abs().max() == 0.0
    assert cf.loc[5, "battery_soh"] == pytest.approx(1.0)
    assert cf.loc[6, "battery_capacity_kwh"] == pytest.approx(1000.0)
    # the replacement is discounted from its time (5.0) like every end-of-year flow
    d5 = (1 + PROJECT.discount_rate) ** -5
    assert cf.loc[5, "discounted_total"] == pytest.approx(cf.loc[5, "total"] * d5)
    ev = res.events
    assert ev[["year", "component"]].values.tolist() == [[5, "battery"]]
    assert ev["time_years"].iloc[0] == pytest.approx(5.0)


def test_cycle_fade_hand_computed(profiles):
    system = hybrid(calendar_life_years=20.0, cycle_life=2000.0)
    life = LifeOfMine(horizon_years=3, battery_ageing=BatteryAgeing(model="cycles",
                                                                     end_of_life_soh=0.7))
    res = mg.simulate_life(system, life, profiles, project=PROJECT, base_case=False)
    cf = res.cash_flow
    c1 = cf.loc[1, "battery_cycles"]
    assert c1 > 50
    soh1 = 1 - 0.3 * (1 / 20 + c1 / 2000)
    assert cf.loc[1, "battery_soh"] == pytest.approx(soh1, rel=1e-12)
    assert cf.loc[2, "battery_capacity_kwh"] == pytest.approx(4000.0 * soh1, rel=1e-12)
    # fade costs money: less storage, more fuel than without ageing
    none = mg.simulate_life(system, life.replace(battery_ageing=NONE), profiles,
                            project=PROJECT, base_case=False)
    assert cf.loc[3, "fuel_l"] > none.cash_flow.loc[3, "fuel_l"]


def test_battery_replacement_at_its_fractional_time(profiles):
    system = hybrid(calendar_life_years=30.0, cycle_life=400.0)
    life = LifeOfMine(horizon_years=6, battery_ageing=BatteryAgeing(model="cycles"))
    res = mg.simulate_life(system, life, profiles, project=PROJECT, base_case=False)
    ev = res.events[res.events.component == "battery"]
    assert len(ev) >= 1
    cost = 4000.0 * 300.0
    for _, e in ev.iterrows():
        assert e["year"] == math.ceil(e["time_years"])
        assert e["cost"] == pytest.approx(cost)
        assert e["present_value"] == pytest.approx(cost * 1.07 ** -e["time_years"])
    cf = res.cash_flow
    first = int(ev["year"].iloc[0])
    assert cf.loc[first, "replacements"] >= cost
    assert cf.loc[1:first - 1, "replacements"].sum() == 0.0
    # the new battery is simulated at full capacity the year after
    assert cf.loc[first + 1, "battery_capacity_kwh"] > cf.loc[first, "battery_capacity_kwh"]
    # time of the first replacement from the hand-computed yearly fade
    h, t = 1.0, 0.0
    for k in range(1, first + 1):
        d = 0.2 * (1 / 30 + cf.loc[k, "battery_cycles"] / 400.0)
        if h - d <= 0.8:
            t = k - 1 + (h - 0.8) / d
            break
        h -= d
    assert ev["time_years"].iloc[0] == pytest.approx(t, rel=1e-12)


def test_rainflow_counts():
    r, c = rainflow_cycles([-2, 1, -3, 5, -1, 3, -4, 4, -2])
    counts = {float(x): float(c[r == x].sum()) for x in np.unique(r)}
    assert counts == {3.0: 0.5, 4.0: 1.5, 6.0: 0.5, 8.0: 1.0, 9.0: 0.5}
    saw = np.tile([0.2, 0.8], 50)
    r, c = rainflow_cycles(saw)
    assert float((c * r).sum()) == pytest.approx(0.6 * 49.5)
    assert rainflow_cycles([0.5, 0.5])[0].size == 0


def test_rainflow_model_close_to_cycles_at_exponent_one_and_milder_above(profiles):
    system = hybrid(calendar_life_years=20.0)
    base = LifeOfMine(horizon_years=2, battery_ageing=BatteryAgeing(model="cycles"))
    cyc = mg.simulate_life(system, base, profiles, project=PROJECT, base_case=False)
    rf = mg.simulate_life(system, base.replace(battery_ageing=BatteryAgeing(model="rainflow")),
                          profiles, project=PROJECT, base_case=False)
    rf2 = mg.simulate_life(system, base.replace(battery_ageing=BatteryAgeing(
        model="rainflow", dod_exponent=2.0)), profiles, project=PROJECT, base_case=False)
    f_cyc = 1 - cyc.cash_flow.loc[1, "battery_soh"]
    f_rf = 1 - rf.cash_flow.loc[1, "battery_soh"]
    f_rf2 = 1 - rf2.cash_flow.loc[1, "battery_soh"]
    # rainflow ranges are SoC swings (inside the cell, after efficiency), throughput is at
    # the bus: they agree to within the round-trip losses
    assert f_rf == pytest.approx(f_cyc, rel=0.1)
    assert f_rf2 < f_rf  # cycles shallower than 100 % hurt less with k = 2


def test_augmentation_holds_capacity(profiles):
    system = hybrid(calendar_life_years=10.0)
    life = LifeOfMine(horizon_years=6, battery_ageing=BatteryAgeing(
        model="cycles", response="augment", augment_to_soh=0.95))
    res = mg.simulate_life(system, life, profiles, project=PROJECT, base_case=False)
    cf = res.cash_flow
    c1 = cf.loc[1, "battery_cycles"]
    soh1 = 1 - 0.2 * (1 / 10 + c1 / 3000)
    assert soh1 > 0.95  # no augmentation after year 1
    assert cf.loc[1, "replacements"] == 0.0
    assert cf.loc[2, "battery_capacity_kwh"] == pytest.approx(4000.0 * soh1, rel=1e-12)
    # from then on augmentation tops the pool up to 95 % of nameplate every year
    assert cf.loc[3:, "battery_capacity_kwh"].to_numpy() == pytest.approx([3800.0] * 4)
    assert (cf.loc[2:5, "replacements"] > 0).all()
    assert cf.loc[6, "replacements"] == 0.0  # nothing bought at closure
    c2 = cf.loc[2, "battery_cycles"]
    loss2 = 0.2 * (1 / 10 + c2 / 3000) * 4000.0
    assert cf.loc[2, "replacements"] == pytest.approx(
        (3800.0 - (4000.0 * soh1 - loss2)) * 300.0, rel=1e-9)
    assert (res.events["component"] == "battery").all()


def test_genset_overhauls_and_replacement_by_hours(profiles):
    system = mg.System(genset=mg.GensetFleet(unit_rated_kw=800.0, n_units=4,
                                             life_hours=40000.0))
    life = LifeOfMine(horizon_years=12, genset_overhaul_interval_hours=10000.0,
                      genset_overhaul_fraction=0.25)
    res = mg.simulate_life(system, life, profiles, project=PROJECT, base_case=False)
    cf = res.cash_flow
    hpu = cf.loc[1, "genset_unit_hours"] / 4
    total_h = 12 * hpu
    n_rep = math.floor(total_h / 40000.0)
    n_ovh = math.floor(total_h / 10000.0) - n_rep
    capital = 4 * 800.0 * 500.0
    assert cf["overhauls"].sum() == pytest.approx(n_ovh * 0.25 * capital)
    assert cf["replacements"].sum() == pytest.approx(n_rep * capital)
    first_ovh_year = math.ceil(10000.0 / hpu)
    assert cf.loc[first_ovh_year, "overhauls"] > 0
    assert cf.loc[:first_ovh_year - 1, "overhauls"].sum() == 0
    ovh = res.events[res.events.event.str.startswith("overhaul")]
    assert ovh["time_years"].iloc[0] == pytest.approx(10000.0 / hpu, rel=1e-12)
    assert ovh["present_value"].iloc[0] == pytest.approx(
        0.25 * capital * 1.07 ** -(10000.0 / hpu), rel=1e-12)


# --------------------------------------------------------------------------- prices and carbon


def test_price_paths(profiles):
    assert PricePath.escalating(1.0, 0.05).at(3).tolist() == pytest.approx([1.0, 1.05, 1.1025])
    assert PricePath.constant(2.0).at(2).tolist() == [2.0, 2.0]
    system = mg.System(genset=mg.GensetFleet(unit_rated_kw=800.0, n_units=4))
    life = LifeOfMine(horizon_years=4, fuel_price_per_l=PricePath.escalating(1.0, 0.1),
                      carbon=CarbonTax(price_per_t=[0.0, 10.0, 20.0, 30.0]))
    cf = mg.simulate_life(system, life, profiles, project=PROJECT, base_case=False).cash_flow
    assert (cf.loc[1:, "fuel"] / cf.loc[1:, "fuel_l"]).to_numpy() == pytest.approx(
        [1.0, 1.1, 1.21, 1.331])
    assert (cf.loc[1:, "carbon"] / cf.loc[1:, "co2_t"]).to_numpy() == pytest.approx(
        [0.0, 10.0, 20.0, 30.0])


def test_carbon_threshold_rule_hand_computed():
    tax = CarbonTax.chile_green_tax()
    price = tax.price_per_t.at(1)[0]
    cost, taxed = tax.cost(np.array([0.0, 24_999.0, 25_000.0, 40_000.0]), price)
    assert cost.tolist() == [0.0, 0.0, 125_000.0, 200_000.0]
    assert taxed.tolist() == [0.0, 0.0, 25_000.0, 40_000.0]
    off = CarbonTax.chile_green_tax(offset_fraction=0.2, offset_t_per_year=1000.0,
                                    offset_cost_per_t=2.0)
    cost, taxed = off.cost(np.array([24_000.0, 30_000.0]), 5.0)
    assert taxed.tolist() == [0.0, 23_000.0]
    assert cost.tolist() == [0.0, 23_000.0 * 5.0 + 7_000.0 * 2.0]
    flat = CarbonTax(price_per_t=5.0)
    assert flat.cost(np.array([100.0]), 5.0)[0].tolist() == [500.0]


def test_carbon_threshold_applies_only_above_25000_t(profiles):
    # ~2 MW genset-only: about 13-14 kt CO2/yr at scale 1; scale 2.5 is above 25 kt
    system = mg.System(genset=mg.GensetFleet(unit_rated_kw=800.0, n_units=12))
    life = LifeOfMine(horizon_years=3, load_scale=(1.0, 2.5, 1.0),
                      carbon=CarbonTax.chile_green_tax())
    cf = mg.simulate_life(system, life, profiles, project=PROJECT, base_case=False).cash_flow
    co2 = cf.loc[1:, "co2_t"].to_numpy()
    assert co2[0] < 25_000 <= co2[1]
    assert cf.loc[1:, "carbon"].to_numpy() == pytest.approx([0.0, 5.0 * co2[1], 0.0])
    assert cf.loc[1:, "co2_taxed_t"].to_numpy() == pytest.approx([0.0, co2[1], 0.0])


# --------------------------------------------------------------------------- load plan, closure


def test_load_scale_and_per_year_loads(profiles):
    system = mg.System(genset=mg.GensetFleet(unit_rated_kw=800.0, n_units=4))
    scale = (0.6, 0.8, 1.0)
    a = mg.simulate_life(system, LifeOfMine(horizon_years=3, load_scale=scale), profiles,
                         project=PROJECT, base_case=False)
    loads = [profiles.load_kw * s for s in scale]
    b = mg.simulate_life(system, LifeOfMine(horizon_years=3, load_kw_by_year=loads), profiles,
                         project=PROJECT, base_case=False)
    e1 = float(profiles.load_kw.sum())
    assert a.cash_flow.loc[1:, "load_kwh"].to_numpy() == pytest.approx(
        [e1 * s for s in scale])
    assert a.npc == pytest.approx(b.npc, rel=1e-12)
    years = [Profiles(load_kw=x, pv_kw_per_kw=profiles.pv_kw_per_kw) for x in loads]
    c = mg.simulate_life(system, LifeOfMine(horizon_years=3), years, project=PROJECT,
                         base_case=False)
    assert c.cash_flow.loc[1:, "load_kwh"].to_numpy() == pytest.approx(
        a.cash_flow.loc[1:, "load_kwh"].to_numpy())


def test_from_plan_scales_by_throughput(profiles):
    from minegrid.mine import ProductionPlan

    plan = ProductionPlan.standard(2026, ramp_up_years=1, plateau_years=2, decline_years=1,
                                   closure_years=1, closure_fixed_fraction=0.3)
    life = LifeOfMine.from_plan(plan, discount_rate=0.05)
    assert life.horizon_years == 5
    assert life.load_scale == pytest.approx((0.6, 1.0, 1.0, 0.5, 0.3))
    system = mg.System(genset=mg.GensetFleet(unit_rated_kw=800.0, n_units=4))
    cf = mg.simulate_life(system, life, profiles, base_case=False).cash_flow
    assert cf["calendar_year"].tolist() == [2025, 2026, 2027, 2028, 2029, 2030]


def test_from_plan_with_mine_builds_per_area_loads(profiles):
    from minegrid.mine import MineLoad, ProcessArea, ProductionPlan

    mine = MineLoad(areas=[
        ProcessArea(name="mill", kind="grinding_ball", installed_kw=1000.0, utilisation=0.9),
        ProcessArea(name="camp", kind="camp", installed_kw=200.0, utilisation=0.6),
    ])
    plan = ProductionPlan(years=(2023, 2024, 2025), throughput_fraction=(0.5, 1.0, 0.0),
                          closure_fixed_fraction=0.5)
    life = LifeOfMine.from_plan(plan, mine=mine, base_year=2023)
    loads = life.load_kw_by_year
    assert len(loads) == 3 and all(x.size == 8760 for x in loads)
    full = mine.build(2023).to_numpy()
    assert loads[1] == pytest.approx(full)
    assert loads[2].sum() < loads[0].sum() < loads[1].sum()
    system = mg.System(genset=mg.GensetFleet(unit_rated_kw=800.0, n_units=4))
    res = mg.simulate_life(system, life, profiles, project=PROJECT, base_case=False)
    assert res.cash_flow.loc[1:, "load_kwh"].to_numpy() == pytest.approx(
        [x.sum() for x in loads])


def test_closure_salvage_and_relocation(profiles):
    system = hybrid(calendar_life_years=20.0, cycle_life=1e9)
    life = LifeOfMine(horizon_years=10, closure_year=4, battery_ageing=NONE)
    res = mg.simulate_life(system, life, profiles, project=PROJECT, base_case=False)
    cf = res.cash_flow
    assert (cf.loc[5:, CASH_COLS] == 0).all().all()
    assert cf.loc[5:, "served_kwh"].sum() == 0
    pv_cap, wind_cap = 3000.0 * 750.0, 2300.0 * 1600.0
    bat_cap = 4000.0 * 300.0
    hpu = cf.loc[1:4, "genset_unit_hours"].to_numpy() / 4
    gen_left = 1 - hpu.sum() / 25000.0
    expected = (pv_cap * 3 / 7 + wind_cap * 21 / 25 + bat_cap * 16 / 20
                + 4 * 800.0 * 500.0 * gen_left)
    assert -cf.loc[4, "salvage"] == pytest.approx(expected, rel=1e-12)
    moved = mg.simulate_life(system, life.replace(relocation_fraction_battery=0.5,
                                                  relocation_fraction_pv=0.0), profiles,
                             project=PROJECT, base_case=False)
    delta = moved.cash_flow.loc[4, "salvage"] - cf.loc[4, "salvage"]
    assert delta == pytest.approx(pv_cap * 3 / 7 + 0.5 * bat_cap * 16 / 20, rel=1e-12)
    # LCOE: discounted cost over discounted energy of the operating years only
    d = (1 + PROJECT.discount_rate) ** -np.arange(11)
    assert res.lcoe == pytest.approx(res.npc / (cf["served_kwh"].to_numpy() * d).sum())


CASH_COLS = ["capex", "replacements", "overhauls", "om", "fuel", "carbon", "salvage", "total"]


# --------------------------------------------------------------------------- representative years


def test_representative_years_close_to_full(profiles):
    from minegrid.mine import ProductionPlan

    plan = ProductionPlan.standard(2026, ramp_up_years=2, plateau_years=9, decline_years=3,
                                   closure_years=1)
    life = LifeOfMine.from_plan(plan, pv_degradation_per_year=0.005,
                                representative_stride_years=4)
    system = hybrid(calendar_life_years=12.0)
    full = mg.simulate_life(system, life, profiles, project=PROJECT, base_case=False)
    rep = mg.simulate_life(system, life, profiles, project=PROJECT, base_case=False,
                           mode="representative")
    n_sim = int(rep.cash_flow["simulated"].sum())
    assert n_sim < 15
    assert rep.npc == pytest.approx(full.npc, rel=0.01)
    assert rep.lcoe == pytest.approx(full.lcoe, rel=0.01)


def test_representative_with_stride_one_is_full(profiles):
    life = LifeOfMine(horizon_years=5, load_scale=(0.7, 1.0, 1.0, 1.0, 0.6),
                      representative_stride_years=1)
    full = mg.simulate_life(hybrid(), life, profiles, project=PROJECT, base_case=False)
    rep = mg.simulate_life(hybrid(), life, profiles, project=PROJECT, base_case=False,
                           mode="representative")
    assert rep.npc == full.npc
    assert rep.cash_flow["simulated"].loc[1:].all()


# --------------------------------------------------------------------------- results


def test_result_repr_frame_and_savings(profiles):
    res = mg.simulate_life(hybrid(), LifeOfMine(horizon_years=5), profiles, project=PROJECT)
    text = repr(res)
    assert "NPC" in text and "MUSD" in text and "USD/kWh" in text and "diesel only" in text
    frame = res.to_frame()
    assert list(frame.index) == list(range(6))
    for col in (*CASH_COLS, "discount_factor", "discounted_total", "co2_t", "battery_soh"):
        assert col in frame.columns
    assert res.savings.npc == pytest.approx(res.base.npc - res.npc)
    assert res.to_dict()["npc"] == res.npc
    assert mg.LifeOfMineResult is type(res)


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(("kwargs", "field", "value"), [
    (dict(fuel_price_per_l=[1.0, 1.1]), "LifeOfMine.fuel_price_per_l", "2 values"),
    (dict(carbon=CarbonTax(price_per_t=PricePath.series([5.0] * 4))),
     "LifeOfMine.carbon.price_per_t", "4 values"),
    (dict(pv_degradation_per_year=-0.01), "LifeOfMine.pv_degradation_per_year", "-0.01"),
    (dict(closure_year=9), "LifeOfMine.closure_year", "9"),
    (dict(load_scale=(1.0, 1.0)), "LifeOfMine.load_scale", "2 values"),
])
def test_bad_input_names_field_value_and_fix(kwargs, field, value):
    with pytest.raises(InputError) as info:
        LifeOfMine(horizon_years=5, **kwargs)
    msg = str(info.value)
    assert field in msg and value in msg and "Fix:" in msg


def test_bad_input_other():
    with pytest.raises(InputError, match="BatteryAgeing.model"):
        BatteryAgeing(model="magic")
    with pytest.raises(InputError, match="PricePath"):
        PricePath(start=1.0, values=(1.0,))
    with pytest.raises(InputError, match="CarbonTax.offset_fraction"):
        CarbonTax(offset_fraction=1.5)
    with pytest.raises(InputError, match="horizon_years"):
        LifeOfMine(horizon_years=0)


def test_bad_per_year_profiles(profiles):
    system = mg.System(genset=mg.GensetFleet(unit_rated_kw=800.0, n_units=4))
    with pytest.raises(InputError, match="load_kw_by_year"):
        mg.simulate_life(system, LifeOfMine(horizon_years=2, load_kw_by_year=[np.ones(10)] * 2),
                         profiles)
    with pytest.raises(InputError, match="one Profiles per year"):
        mg.simulate_life(system, LifeOfMine(horizon_years=2), [profiles])
    with pytest.raises(InputError, match="mode"):
        mg.simulate_life(system, LifeOfMine(horizon_years=2), profiles, mode="fast")


# --------------------------------------------------------------------------- sizing


def test_size_life_small_case():
    rng = np.random.default_rng(3)
    n = 24 * 14
    hour = np.arange(n) % 24
    prof = Profiles(load_kw=1000.0 + rng.normal(0, 30, n),
                    pv_kw_per_kw=np.clip(np.sin(np.pi * (hour - 6) / 12), 0, None),
                    wind_kw_per_turbine=np.clip(rng.weibull(2.0, n) * 500, 0, 1000.0))
    template = mg.System(pv=mg.PVPlant(), wind=mg.WindPlant(turbine_rated_kw=1000.0),
                         battery=mg.Battery(energy_kwh=1000.0, power_kw=500.0),
                         genset=mg.GensetFleet(unit_rated_kw=400.0, n_units=4))
    life = LifeOfMine(horizon_years=6, load_scale=(0.8, 1, 1, 1, 1, 0.7),
                      fuel_price_per_l=PricePath.escalating(1.2, 0.02))
    bounds = {"pv_kw": (0, 3000), "n_turbines": (0, 2), "battery_kwh": (0, 4000),
              "n_units": (3, 6)}
    res = size_life(template, life, prof, bounds=bounds, project=PROJECT, popsize=6,
                    maxiter=12, seed=1)
    assert res.feasible and res.success  # size_life returns a SizingResult (as size does)
    for name, (lo, hi) in bounds.items():
        assert lo <= res.values[name] <= hi
    assert res.values["n_units"] == round(res.values["n_units"])
    assert res.fun == pytest.approx(res.result.npc, rel=1e-9)
    assert res.result.npc < res.result.base.npc
    again = size_life(template, life, prof, bounds=bounds, project=PROJECT, popsize=6,
                      maxiter=12, seed=1)
    assert again.values == res.values
    with pytest.raises(InputError, match="bounds"):
        size_life(template, life, prof, bounds={"volume": (0, 1)})


@pytest.mark.parametrize("ageing", [BatteryAgeing(model="rainflow", dod_exponent=1.5),
                                    BatteryAgeing(model="cycles", response="augment")])
def test_representative_mode_with_other_ageing_models(profiles, ageing):
    life = LifeOfMine(horizon_years=9, battery_ageing=ageing, representative_stride_years=3)
    full = mg.simulate_life(hybrid(), life, profiles, project=PROJECT, base_case=False)
    rep = mg.simulate_life(hybrid(), life, profiles, project=PROJECT, base_case=False,
                           mode="representative")
    assert int(rep.cash_flow["simulated"].sum()) == 4  # years 1, 4, 7, 9
    assert rep.npc == pytest.approx(full.npc, rel=0.01)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-50, 50), min_size=3, max_size=300).map(lambda v: np.array(v) / 10))
def test_rainflow_matches_the_rainflow_package(series):
    """Peer cross-check: the `rainflow` package (ASTM E1049-85) counts the same cycles."""
    rainflow = pytest.importorskip("rainflow")
    ranges, counts = rainflow_cycles(series)
    ours = sorted(zip(np.round(ranges, 9).tolist(), counts.tolist(), strict=True))
    peer = sorted((round(rng, 9), cnt) for rng, _mean, cnt, _i0, _i1
                  in rainflow.extract_cycles(series))
    if len(np.unique(series)) < 2:
        assert ours == []
    else:
        assert ours == peer
