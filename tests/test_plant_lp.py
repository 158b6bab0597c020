"""The LP lower bound of a genset plant: below every rule-based plant, exact by hand.

``lp_bound`` takes a plant of genset types (``System.is_plant``) as one block per
type (``minegrid.sizing.lpplant``, ``docs/theory/sizing.md``). Here: the bound is
never above ``simulate``'s NPC on random plants (fuels, tables, owned units,
timing rules, derating per type); in sizing mode it is below random feasible
designs and below ``size``; a two-type case is checked by hand; and the pieces
(the table's lower line, the owned units' lifecycle factor, the N+1 rows) are
checked on their own.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import minegrid as mg
from minegrid.plantcosts import _owned_schedule
from minegrid.sizing.lpplant import lower_fuel_line

# the bound may exceed a cost by HiGHS's feasibility/optimality tolerances only
LP_RTOL = 1e-6
GAS = mg.Fuel(name="pipeline gas", kind="natural_gas", unit="Nm3", price_per_unit=0.30,
              co2_kg_per_unit=1.89, delivery="pipeline")
LNG = mg.Fuel(name="lng", kind="natural_gas", unit="GJ", price_per_unit=11.0,
              co2_kg_per_unit=56.1, delivery="lng")
finite = dict(allow_nan=False, allow_infinity=False)


def _below(bound: float, cost: float) -> bool:
    return bound <= cost + LP_RTOL * abs(cost) + 1e-6


# ------------------------------------------------------------------ the pieces


@settings(max_examples=200, deadline=None, database=None)
@given(st.floats(0.0, 60.0, **finite), st.floats(0.05, 80.0, **finite), st.integers(1, 30),
       st.floats(0.0, 0.2, **finite), st.floats(0.0, 2.0, **finite),
       st.floats(0.0, 1.0, **finite))
def test_owned_units_replacement_minus_salvage_is_never_negative(first, life, years, rate,
                                                                 ratio, salvage):
    """Why the LP prices owned units with a remaining life at h* = 0: a replacement at t
    costs ratio·d^t ≥ ratio·d^N, more than the salvage it leaves at N."""
    rep, salv = _owned_schedule(first, life, years, rate)
    assert ratio * rep - ratio * salvage * salv >= -1e-12
    # and 0 is reached: units that run too little to be replaced in the project
    assert _owned_schedule(math.inf, life, years, rate) == (0.0, 0.0)


@pytest.mark.parametrize("table", [(160, 270, 380, 490), (10, 20, 60, 200), (50, 60, 61, 62),
                                   (100, 200, 300, 400), (0.0001, 0.0002, 0.0003, 9.0)])
def test_lower_fuel_line_is_below_the_table_with_a_nonnegative_intercept(table):
    """A table's lower line may cut the axis below 0 (a convex table): the LP then uses the
    line through the origin under the table, so that ``F0·y ≥ F0·g/a`` stays true."""
    f = mg.GensetFleet(unit_rated_kw=1000.0, part_load_fuel_per_h=table)
    f0, f1 = lower_fuel_line(f)
    assert f0 >= 0.0
    x = np.linspace(0.0, 1000.0, 4001)
    table_fuel = np.interp(x, np.linspace(0, 1000.0, 5), f.table_points())
    assert np.all(f0 * 1000.0 + f1 * x <= table_fuel + 1e-9)
    if f.linear_curve()[0] >= 0:
        assert (f0, f1) == f.linear_curve()


# ------------------------------------------------------------------ random plants


@st.composite
def _fleet(draw, name: str) -> mg.GensetFleet:
    p = draw(st.floats(100, 1200, **finite))
    kind = draw(st.sampled_from(["diesel", "own diesel", "gas", "lng", "dual"]))
    table = None
    if draw(st.booleans()):
        f100 = p * draw(st.floats(0.2, 0.3))
        r25, r50 = draw(st.floats(0.3, 0.4)), draw(st.floats(0.5, 0.6))  # f50 <= 2 f25
        table = (f100 * r25, f100 * r50, f100 * draw(st.floats(0.7, 0.85)), f100)
    n = draw(st.integers(1 if name == "type0" else 0, 4))  # the plant has a unit
    owned = draw(st.integers(0, n))
    kw = dict(name=name, unit_rated_kw=p, n_units=n, existing_units=owned,
              min_load_ratio=draw(st.floats(0, 0.6)),
              min_run_h=draw(st.sampled_from([0.0, 1.0, 2.0, 4.0])),
              min_down_h=draw(st.sampled_from([0.0, 1.0, 3.0])),
              part_load_fuel_per_h=table, life_hours=draw(st.floats(300, 80000)),
              om_per_unit_hour=draw(st.floats(0, 40)), om_per_kw_hour=draw(st.floats(0, 0.01)),
              om_per_kw_year=draw(st.floats(0, 20)), capex_per_kw=draw(st.floats(0, 900)),
              replacement_ratio=draw(st.floats(0.5, 1.3)), salvage_ratio=draw(st.floats(0, 1)),
              start_cost=draw(st.floats(0, 50)), start_fuel_per_start=draw(st.floats(0, 5)))
    if draw(st.booleans()):
        kw.update(overhaul_cost_per_kw=draw(st.floats(0, 150)),
                  overhaul_interval_hours=draw(st.floats(200, 30000)))
    if owned and draw(st.booleans()):
        kw.update(existing_remaining_life_hours=draw(st.floats(0, 60000)))
    if kind in ("gas", "lng"):
        kw.update(fuel=GAS if kind == "gas" else LNG)
        if table is None:
            scale = 1.0 if kind == "gas" else 0.0357  # GJ per Nm3
            kw.update(fuel_intercept_per_h_per_kw=draw(st.floats(0.0, 0.05)) * scale,
                      fuel_slope_per_kwh=draw(st.floats(0.2, 0.32)) * scale)
    else:
        if kind == "dual":
            kw.update(fuel=mg.DualFuel(gas=GAS, gas_energy_share=draw(st.floats(0, 0.9))))
        elif kind == "own diesel":
            kw.update(fuel=mg.Fuel(price_per_unit=draw(st.floats(0.4, 1.6))))
        kw.update(fuel_intercept_l_per_h_per_kw=draw(st.floats(0.0, 0.05)),
                  fuel_slope_l_per_kwh=draw(st.floats(0.18, 0.3)))
    return mg.GensetFleet(**kw)


@st.composite
def plants(draw):
    """A plant of 2-3 types, 48-168 h of profiles, random PV, wind, battery and rules."""
    k = draw(st.integers(2, 3))
    names = [f"type{i}" for i in range(k)]
    fleets = tuple(draw(_fleet(name)) for name in names)
    n = draw(st.integers(48, 168))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    cap = max(300.0, sum(f.n_units * f.unit_rated_kw for f in fleets))
    hour = np.arange(n) % 24
    load = cap * rng.uniform(0.1, 1.1, n) * (0.7 + 0.3 * np.sin(2 * np.pi * hour / 24))
    pv = np.clip(np.sin(np.pi * (hour - 6) / 12), 0, None) * rng.uniform(0.3, 0.9, n)
    own_a, own_f = {}, {}
    for name in names:
        if draw(st.booleans()):
            a = rng.uniform(0.5, 1.0, n)
            if draw(st.booleans()):
                a[rng.random(n) < 0.1] = 0.0
            own_a[name] = a
        if draw(st.booleans()):
            own_f[name] = rng.uniform(0.6, 1.5, n)
    prof = mg.Profiles(load_kw=load, pv_kw_per_kw=pv, wind_kw_per_turbine=rng.uniform(0, 500, n),
                       genset_availability=rng.uniform(0.7, 1.0, n),
                       genset_fuel_multiplier=draw(st.sampled_from([1.0, 0.8, 1.1])),
                       fleet_availability=own_a or None, fleet_fuel_multiplier=own_f or None)
    energy = draw(st.sampled_from([0.0, 0.3, 1.0, 2.0])) * cap
    battery = mg.Battery(energy_kwh=energy, power_kw=energy * draw(st.floats(0.2, 1.0)),
                         soc_initial=draw(st.floats(0.1, 1.0)),
                         calendar_life_years=draw(st.floats(3, 20)))
    disp = mg.Dispatch(
        strategy=draw(st.sampled_from(["load_following", "cycle_charging"])),
        battery_dispatch=draw(st.sampled_from(["genset_first", "battery_first", "economic"])),
        reserve_load_fraction=draw(st.floats(0, 0.3)),
        min_units_online=draw(st.integers(0, 1)))
    converter = (mg.Converter(inverter_kw=cap * draw(st.floats(0.2, 1.0)))
                 if draw(st.integers(0, 3)) == 0 else None)
    system = mg.System(
        pv=mg.PVPlant(rated_kw=draw(st.sampled_from([0.0, 0.5, 1.5])) * cap),
        wind=mg.WindPlant(n_turbines=draw(st.integers(0, 1)), turbine_rated_kw=500.0),
        battery=battery, gensets=fleets, converter=converter, dispatch=disp,
        merit_order=draw(st.sampled_from(["cost", "given"])))
    project = mg.Project(discount_rate=draw(st.floats(0.0, 0.12)),
                         lifetime_years=draw(st.integers(5, 25)),
                         carbon_price_per_t=draw(st.sampled_from([0.0, 60.0])),
                         salvage_basis=draw(st.sampled_from(["capital", "replacement"])))
    return system, prof, project


@settings(max_examples=60, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(plants())
def test_plant_dispatch_bound_is_below_the_simulated_npc(case):
    system, prof, project = case
    assert system.is_plant
    b = mg.lp_bound(system, prof, project=project)
    assert b.success, b.message
    r = mg.simulate(system, prof, project=project, base_case=False)
    assert b.rule_npc == r.costs.npc
    assert _below(b.npc, r.costs.npc), (b.npc, r.costs.npc)
    assert set(b.genset_kw_by_type) == {f.name for f in system.fleets}
    for f in system.fleets:
        assert b.genset_kw_by_type[f.name] == f.n_units * f.unit_rated_kw
    assert b.genset_kw == pytest.approx(sum(b.genset_kw_by_type.values()))
    # at fixed sizes only the operation is optimised: fuel, carbon and O&M per output
    # (the LP may burn more of one fuel and less of another, not cost more)
    assert _below(b.operating_npc, b.rule_operating_npc)


def test_one_type_plant_bound_equals_the_one_fleet_bound(example, prof):
    """A rule that changes nothing (a 1-step minimum run time) sends the fleet down the plant
    path: the same LP, the same bound without the online capacity; with it the plant LP
    lacks only the one fleet's integer floor (and the life it bounds), so it lies between."""
    s = example.system
    plant = s.replace(genset=s.genset.replace(min_run_h=1.0))
    assert plant.is_plant and not s.is_plant
    relaxed = mg.lp_bound(plant, prof, project=example.project, commitment=False)
    online = mg.lp_bound(plant, prof, project=example.project)
    full = mg.lp_bound(s, prof, project=example.project)
    assert relaxed.npc < online.npc <= full.npc * (1 + 1e-9)
    assert online.npc <= online.rule_npc
    one = mg.lp_bound(s, prof, project=example.project, commitment=False)
    two = relaxed
    assert two.rule_npc == pytest.approx(one.rule_npc, rel=1e-9)
    assert two.npc == pytest.approx(one.npc, rel=1e-9)
    assert two.genset_kw_by_type == one.genset_kw_by_type


@pytest.mark.parametrize("change", ["multiplier", "own price"])
def test_one_fleet_bound_uses_the_fuel_multiplier_and_the_fleets_own_price(example, prof, change):
    """Both were ignored before the plant LP: a multiplier of 0.6 or a diesel of 0.5 USD/L put
    the old bound (95.0 M USD) above the rule-based NPC (76.0 M, 65.9 M)."""
    s = example.system
    if change == "multiplier":
        prof = mg.Profiles(load_kw=prof.load_kw, pv_kw_per_kw=prof.pv_kw_per_kw,
                           wind_kw_per_turbine=prof.wind_kw_per_turbine,
                           genset_availability=prof.genset_availability,
                           genset_fuel_multiplier=0.6)
    else:
        s = s.replace(genset=s.genset.replace(fuel=mg.Fuel(price_per_unit=0.5)))
    assert not s.is_plant
    b = mg.lp_bound(s, prof, project=example.project)
    assert b.success and b.npc <= b.rule_npc * (1 + LP_RTOL)


# ------------------------------------------------------------------ by hand


def test_two_types_by_hand_cheaper_type_first():
    """Four steps of a flat 1,000 kW load, no PV or battery, capital 0, rate 0, 10 years.

    * gas, 1 x 600 kW: (F1 + F0) = 0.25 + 0.03 = 0.28 Nm3/kWh at full availability,
      x 0.30 USD/Nm3 = 0.084 USD/kWh, plus O&M 0.006 USD/(kW·h) = 0.090 USD/kWh;
    * diesel, 2 x 500 kW: 0.25 + 0.02 = 0.27 L/kWh x 1.00 USD/L = 0.270 USD/kWh, plus
      O&M 5 USD per unit-hour / 500 kW = 0.010 USD/kWh: 0.280 USD/kWh.

    The LP runs the gas unit flat out and the diesels on the rest:
    600 x 0.090 + 400 x 0.280 = 54 + 112 = 166 USD/h; x 8,760 h = 1,454,160 USD/yr;
    x PWF = 10 (rate 0) = 14,541,600 USD.
    """
    gas = mg.GensetFleet(name="gas", fuel=GAS, unit_rated_kw=600.0, n_units=1,
                         fuel_intercept_per_h_per_kw=0.03, fuel_slope_per_kwh=0.25,
                         om_per_unit_hour=0.0, om_per_kw_hour=0.006, capex_per_kw=0.0)
    diesel = mg.GensetFleet(name="diesel", unit_rated_kw=500.0, n_units=2,
                            fuel_intercept_l_per_h_per_kw=0.02, fuel_slope_l_per_kwh=0.25,
                            om_per_unit_hour=5.0, capex_per_kw=0.0)
    system = mg.System(gensets=(diesel, gas))
    prof = mg.Profiles(load_kw=np.full(4, 1000.0))
    project = mg.Project(discount_rate=0.0, lifetime_years=10, fuel_price_per_l=1.0)
    online = mg.lp_bound(system, prof, project=project)
    assert online.success
    assert online.npc == pytest.approx(14_804_400.0, rel=1e-9)
    assert online.fuel_l == pytest.approx((400.0 * 0.25 + 500 * 0.02) * 8760)
    b = mg.lp_bound(system, prof, project=project, commitment=False)
    assert b.success
    assert b.npc == pytest.approx(14_541_600.0, rel=1e-9)
    assert b.genset_kwh_by_type["gas"] == pytest.approx(600.0 * 8760)
    assert b.genset_kwh_by_type["diesel"] == pytest.approx(400.0 * 8760)
    assert b.fuel_l == pytest.approx(400.0 * 8760 * 0.27)  # diesel litres only
    assert b.co2_t == pytest.approx((400 * 0.27 * 2.68 + 600 * 0.28 * 1.89) * 8760 / 1e3)
    # the rules (cheaper type first, but units at part load and a reserve) cost more
    assert b.npc <= online.npc <= online.rule_npc
    # swap the prices: the diesel now runs first
    cheap = system.replace(gensets=(diesel, gas.replace(fuel=GAS.replace(price_per_unit=3.0))))
    assert mg.lp_bound(cheap, prof, project=project, commitment=False).genset_kwh_by_type[
        "diesel"] == pytest.approx(1000.0 * 8760)
    # with the reserve, 100 kW of gas must be online, at its minimum load at least
    m = gas.min_load_ratio
    assert mg.lp_bound(cheap, prof, project=project).genset_kwh_by_type["diesel"] == (
        pytest.approx((1000.0 - m * 100.0) * 8760))


# ------------------------------------------------------------------ sizing mode


def _small_plant():
    owned = mg.GensetFleet(name="owned gas", fuel=GAS, unit_rated_kw=1000, n_units=2,
                           existing_units=2, part_load_fuel_per_h=(95, 160, 225, 290),
                           min_run_h=2, existing_remaining_life_hours=8000.0, life_hours=40000)
    new = mg.GensetFleet(name="new diesel", unit_rated_kw=600, n_units=0, min_down_h=2,
                         om_per_kw_year=12.0, overhaul_cost_per_kw=60.0,
                         overhaul_interval_hours=15000.0)
    small = mg.GensetFleet(name="new gas", fuel=GAS, unit_rated_kw=400, n_units=0,
                           fuel_intercept_per_h_per_kw=0.03, fuel_slope_per_kwh=0.26,
                           start_cost=20.0)
    return mg.System(pv=mg.PVPlant(rated_kw=0), battery=mg.Battery(energy_kwh=0),
                     gensets=(owned, new, small))


def _small_profiles(n=72):
    t = np.arange(n)
    load = 3000 + 800 * np.sin(2 * np.pi * t / 24)
    pv = np.clip(np.sin(np.pi * ((t % 24) - 6) / 12), 0, None)
    return mg.Profiles(load_kw=load, pv_kw_per_kw=pv, genset_availability=0.9,
                       fleet_availability={"owned gas": np.linspace(0.8, 0.95, n)})


SPACE = mg.DesignSpace(pv_kw=(0, 4000), battery_kwh=(0, 6000), battery_kw=(0, 3000),
                       type_units={"new diesel": (0, 6), "new gas": (0, 5)})


def _feasible(system, prof, table, req) -> pd.Series:
    """Which designs of a simulate_batch table meet ``req`` (as the sizing evaluator)."""
    worst = {"owned gas": 0.8, "new diesel": 0.9, "new gas": 0.9}
    derated = {f.name: f.unit_rated_kw * worst[f.name] for f in system.fleets}
    counts = pd.DataFrame({f.name: table[f"n_units[{f.name}]"] for f in system.fleets})
    firm = sum(counts[name] * d for name, d in derated.items())
    largest = pd.concat([(counts[name] > 0) * d for name, d in derated.items()], axis=1).max(1)
    peak, ok = prof.peak_kw, table["unserved_fraction"] <= req.max_unserved_fraction + 1e-12
    if req.n_plus_1:
        ok &= firm - largest >= peak
    if req.largest_motor_kw is not None:
        ok &= firm + table["battery_kw"] >= peak + req.largest_motor_kw
    if req.min_renewable_fraction is not None:
        ok &= table["renewable_fraction"] >= req.min_renewable_fraction
    for name, col in (("max_co2_t_per_year", "co2_t"), ("max_fuel_l_per_year", "fuel_l"),
                      ("max_capital", "capital")):
        if getattr(req, name) is not None:
            ok &= table[col] <= getattr(req, name)
    return ok


@pytest.mark.parametrize("req", [
    mg.Requirements(n_plus_1=True),
    mg.Requirements(max_unserved_fraction=0.01, min_renewable_fraction=0.2,
                    max_co2_t_per_year=15_000.0, max_fuel_l_per_year=3e6, max_capital=9e6,
                    largest_motor_kw=1500.0),
])
def test_sizing_bound_is_below_random_feasible_designs(req):
    system, prof = _small_plant(), _small_profiles()
    b = mg.lp_bound(system, prof, space=SPACE, requirements=req, mode="sizing")
    assert b.success, b.message
    rng = np.random.default_rng(7)
    m = 300
    designs = pd.DataFrame({
        "pv_kw": rng.uniform(0, 4000, m), "battery_kwh": rng.uniform(0, 6000, m),
        "battery_kw": rng.uniform(0, 3000, m),
        "n_units[owned gas]": np.full(m, 2), "n_units[new diesel]": rng.integers(0, 7, m),
        "n_units[new gas]": rng.integers(0, 6, m)})
    table = mg.simulate_batch(system, prof, designs)
    ok = _feasible(system, prof, table, req)
    assert ok.sum() >= 10  # enough feasible designs to mean something
    assert (b.npc <= table.loc[ok, "npc"] * (1 + LP_RTOL)).all()
    # the LP's capacities are within the space (owned units included)
    kw = b.genset_kw_by_type
    assert kw["owned gas"] == pytest.approx(2000.0)
    assert -1e-6 <= kw["new diesel"] <= 6 * 600 + 1e-6
    assert -1e-6 <= kw["new gas"] <= 5 * 400 + 1e-6


def test_sizing_bound_is_below_the_sized_plant():
    system, prof = _small_plant(), _small_profiles()
    req = mg.Requirements(n_plus_1=True)
    r = mg.size(system, prof, SPACE, req, maxiter=6, popsize=6, progress=False, seed=2)
    assert r.success
    b = mg.lp_bound(system, prof, space=SPACE, requirements=req, mode="sizing")
    assert b.success and b.npc <= r.fun
    feasible = r.history[r.history["feasible"]]
    assert (b.npc <= feasible["npc"] * (1 + LP_RTOL)).all()
    assert 0 <= b.gap(r.fun) < 0.6
    # requirements only raise the bound
    free = mg.lp_bound(system, prof, space=SPACE, mode="sizing")
    assert free.npc <= b.npc * (1 + LP_RTOL)


def test_plant_n_plus_1_rows_hold_for_every_design_that_meets_it():
    """Every count vector meeting the plant's N+1 meets each LP row; subtracting the
    largest unit any type may have would cut off feasible designs (not a relaxation)."""
    from minegrid.sizing.lpplant import plant_gensets

    system, prof = _small_plant(), _small_profiles()
    gens = plant_gensets(system, prof, prof, mg.Project(), SPACE)
    a = np.array([b.a_firm for b in gens.blocks])
    unit = np.array([f.unit_rated_kw for f in system.fleets])
    d = unit * a
    peak = prof.peak_kw
    met = 0
    for n_new in np.ndindex(7, 6):
        counts = np.array([2, *n_new], float)
        firm = counts @ d
        if firm - np.max(np.where(counts > 0, d, 0.0)) < peak:
            continue
        met += 1
        cap = counts * unit
        for coefs, need in gens.n_plus_1:
            assert coefs @ cap >= need - 1e-9
    assert met > 0
    # two new types, neither owned: ten small units (10 x 450 - 450 = 4,050 kW >= 3,800)
    # meet N+1 without any big one, so "firm >= peak + the largest unit any type may have"
    # (3,800 + 1,800 = 5,600 > 4,500) would cut a feasible design off; the LP's rows do not
    big = mg.GensetFleet(name="big", unit_rated_kw=2000, n_units=0)
    little = mg.GensetFleet(name="little", unit_rated_kw=500, n_units=0)
    two = mg.System(gensets=(big, little))
    space = mg.DesignSpace(type_units={"big": (0, 3), "little": (0, 10)})
    flat = mg.Profiles(load_kw=np.full(4, 3800.0), genset_availability=0.9)
    gens = plant_gensets(two, flat, flat, mg.Project(), space)
    cap = np.array([0.0, 10 * 500.0])
    assert cap @ np.array([0.9, 0.9]) < 3800.0 + 2000 * 0.9
    for coefs, need in gens.n_plus_1:
        assert coefs @ cap >= need - 1e-9
    b = mg.lp_bound(two, flat, space=space, requirements=mg.Requirements(n_plus_1=True),
                    mode="sizing")
    table = mg.simulate_batch(two, flat, {"n_units[big]": [0], "n_units[little]": [10]})
    assert table["unserved_fraction"][0] == 0.0
    assert b.success and b.npc <= table["npc"][0] * (1 + LP_RTOL)


def test_aggregated_plant_bound_is_below_the_fine_bound():
    system, prof = _small_plant(), _small_profiles()
    system = system.replace(gensets=tuple(f.replace(n_units=f.n_units + 3 * (f.n_units == 0))
                                          for f in system.fleets))
    n = prof.n_steps
    prof = mg.Profiles(load_kw=prof.load_kw, pv_kw_per_kw=prof.pv_kw_per_kw,
                       genset_availability=0.9,
                       fleet_availability={"owned gas": np.linspace(0.8, 0.95, n)},
                       fleet_fuel_multiplier={"new diesel": 1 + 0.2 * np.sin(np.arange(n))})
    fine = mg.lp_bound(system, prof)
    for k in (2, 3, 6):
        coarse = mg.lp_bound(system, prof, aggregate=k)
        assert coarse.success and coarse.npc <= fine.npc * (1 + LP_RTOL)
    assert fine.npc <= fine.rule_npc * (1 + LP_RTOL)
    s_fine = mg.lp_bound(system, prof, space=SPACE, mode="sizing")
    s_coarse = mg.lp_bound(system, prof, space=SPACE, mode="sizing", aggregate=4)
    assert s_coarse.npc <= s_fine.npc * (1 + LP_RTOL)


def test_plant_space_refuses_one_fleet_fields():
    system, prof = _small_plant(), _small_profiles(24)
    with pytest.raises(mg.InputError, match=r"space\.n_units.*type_units"):
        mg.lp_bound(system, prof, space=mg.DesignSpace(n_units=(0, 2)), mode="sizing")
    with pytest.raises(mg.InputError, match=r"space\.type_units.*\['old'\]"):
        mg.lp_bound(system, prof, space=mg.DesignSpace(type_units={"old": (0, 2)}),
                    mode="sizing")
