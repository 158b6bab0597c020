"""The genset plant over the life of mine: the plant kernel each year, costs type by type.

A plant (``System.is_plant``) over a flat life of mine reproduces the one-year model
(``minegrid.simulate``, priced by ``minegrid.plantcosts``); a one-type plant forced
through the plant path reproduces the one-fleet life of mine; fuel with a yearly price
path is priced at each year's price; the one-fleet overhaul model is refused; and
``size_life`` sizes a plant's types with whole counts.
"""

from __future__ import annotations

import numpy as np
import pytest

import minegrid as mg
from minegrid.lifeofmine import BatteryAgeing, CarbonTax, LifeOfMine, PricePath, size_life

NONE = BatteryAgeing(model="none")
GAS = mg.Fuel(name="pipeline gas", kind="natural_gas", unit="Nm3", price_per_unit=0.30,
              co2_kg_per_unit=1.89, delivery="pipeline")


def _profiles(days: int = 14, seed: int = 3) -> mg.Profiles:
    rng = np.random.default_rng(seed)
    t = np.arange(24 * days)
    load = 3000.0 + 800.0 * np.sin(2 * np.pi * t / 24) + rng.normal(0.0, 80.0, t.size)
    pv = np.clip(np.sin(np.pi * ((t % 24) - 6) / 12), 0.0, None)
    return mg.Profiles(load_kw=load, pv_kw_per_kw=pv, genset_availability=0.9)


PROF = _profiles()


def _gas(**kw) -> mg.GensetFleet:
    args = dict(name="owned gas", fuel=GAS, unit_rated_kw=1000, n_units=3, existing_units=2,
                life_hours=20000, fuel_intercept_per_h_per_kw=0.03, fuel_slope_per_kwh=0.26)
    args.update(kw)
    return mg.GensetFleet(**args)


def _plant(remaining=None, **system) -> mg.System:
    """Owned gas units (with or without a remaining life) with rules, start fuel, O&M per
    kW-hour and kW-year, starts and overhauls, and a new diesel type."""
    gas = _gas(existing_remaining_life_hours=remaining, min_run_h=2, om_per_kw_hour=0.005,
               om_per_kw_year=3.0, start_cost=20.0, start_fuel_per_start=3.0,
               overhaul_cost_per_kw=50.0, overhaul_interval_hours=8000)
    diesel = mg.GensetFleet(name="new diesel", unit_rated_kw=600, n_units=2, life_hours=15000,
                            om_per_kw_year=4.0)
    parts = dict(pv=mg.PVPlant(rated_kw=1500, lifetime_years=7),
                 battery=mg.Battery(energy_kwh=2000, calendar_life_years=6))
    parts.update(system)
    return mg.System(gensets=(gas, diesel), **parts)


# --------------------------------------------------------------------------- flat life of mine


@pytest.mark.parametrize("remaining", [None, 3000.0, 0.0])
@pytest.mark.parametrize("rate", [0.07, 0.0])
def test_flat_life_of_mine_reproduces_the_one_year_plant(remaining, rate):
    """Every year alike, no ageing, constant prices, project life = mine life: the NPC,
    LCOE, base case, fuels and CO2 of the one-year model (plantcosts prices replacements
    at their exact times r/H + j·L too, so the conventions agree and the match is exact
    up to rounding)."""
    system = _plant(remaining)
    project = mg.Project(lifetime_years=12, discount_rate=rate, fuel_price_per_l=1.2,
                         carbon_price_per_t=8.0)
    single = mg.simulate(system, PROF, project=project)
    life = LifeOfMine(horizon_years=12, battery_ageing=NONE, chain_soc=False)
    res = mg.simulate_life(system, life, PROF, project=project)
    assert res.npc == pytest.approx(single.costs.npc, rel=1e-9)
    assert res.lcoe == pytest.approx(single.costs.lcoe, rel=1e-9)
    assert res.base.npc == pytest.approx(single.base.costs.npc, rel=1e-9)
    cf = res.cash_flow
    assert cf.loc[0, "capex"] == pytest.approx(single.costs.capital, rel=1e-12)
    # two fuels: diesel litres in fuel_l, CO2 of both
    assert set(single.fuels["unit"]) == {"Nm3", "L"}
    assert cf.loc[1:, "fuel_l"].to_numpy() == pytest.approx([single.stats.fuel_l] * 12,
                                                            rel=1e-12)
    assert cf.loc[1:, "co2_t"].to_numpy() == pytest.approx([single.stats.co2_t] * 12, rel=1e-12)
    fuel_cost = single.fuels["cost_per_year"].sum()
    assert cf.loc[1:, "fuel"].to_numpy() == pytest.approx([fuel_cost] * 12, rel=1e-12)
    # per-type tables: yearly unit-hours and starts as in the one-year result
    year1 = res.fleets[res.fleets["year"] == 1].set_index("type")
    for name in ("owned gas", "new diesel"):
        assert year1.loc[name, "unit_h"] == pytest.approx(
            single.fleets.loc[name, "running [unit-h/yr]"], rel=1e-12)
        assert year1.loc[name, "starts"] == pytest.approx(
            single.fleets.loc[name, "starts [1/yr]"], rel=1e-12)
    genset = single.costs.genset
    gen_pv = sum(getattr(genset, c) for c in ("capital", "replacement", "om", "fuel", "carbon",
                                              "salvage"))
    assert np.isfinite(gen_pv) and gen_pv > 0


def test_owned_units_with_a_remaining_life_are_first_replaced_after_r_over_h():
    system = _plant(3000.0)
    project = mg.Project(lifetime_years=12, discount_rate=0.07)
    life = LifeOfMine(horizon_years=12, battery_ageing=NONE, chain_soc=False)
    res = mg.simulate_life(system, life, PROF, project=project, base_case=False)
    hours = res.fleets.set_index(["year", "type"]).loc[(1, "owned gas"), "hours_per_unit"]
    owned = res.events[res.events["event"] == "owned gas: replacement of owned units"]
    new = res.events[res.events["event"] == "owned gas: replacement of new units"]
    first = 3000.0 / hours
    life_years = 20000.0 / hours
    expected = np.arange(first, 12.0, life_years)
    assert owned["time_years"].to_numpy() == pytest.approx(expected, rel=1e-9)
    assert (owned["cost"] == 2 * 1000 * 500.0).all()  # replacement of 2 units x 1000 kW
    assert new["time_years"].to_numpy() == pytest.approx(
        np.arange(life_years, 12.0, life_years), rel=1e-9)
    # capital: one new gas unit and two new diesel units; the owned ones cost nothing
    capital = 1 * 1000 * 500.0 + 2 * 600 * 500.0 + 1500 * 950.0 + 2000 * 260.0 + 2000 * 180.0
    assert res.cash_flow.loc[0, "capex"] == pytest.approx(capital)


# --------------------------------------------------------------------------- one type


@pytest.mark.parametrize("dispatch", [mg.Dispatch(), mg.Dispatch(strategy="cycle_charging"),
                                      mg.Dispatch(battery_dispatch="economic")])
@pytest.mark.parametrize("mode", ["full", "representative"])
def test_one_type_plant_equals_the_one_fleet_life_of_mine(dispatch, mode):
    """A one-fleet system forced through the plant path (a 1-step minimum run time, which
    is no rule) gives the one-fleet life of mine: ramp, closure, price paths, a carbon rule
    with threshold and offsets, battery fade, PV degradation, relocation, owned units."""
    fleet = mg.GensetFleet(unit_rated_kw=1000, n_units=5, existing_units=2, life_hours=15000)
    one = mg.System(pv=mg.PVPlant(rated_kw=2000), battery=mg.Battery(energy_kwh=3000),
                    genset=fleet, dispatch=dispatch)
    forced = one.replace(genset=fleet.replace(min_run_h=1.0))
    assert forced.is_plant and not one.is_plant
    life = LifeOfMine(horizon_years=10, closure_year=9,
                      load_scale=(0.5, 0.8, 1, 1, 1, 1.1, 1.1, 0.9, 0.6, 0.6),
                      fuel_price_per_l=PricePath.escalating(1.0, 0.03),
                      carbon=CarbonTax(price_per_t=PricePath.escalating(10.0, 0.1),
                                       threshold_t_per_year=5000.0, offset_fraction=0.1,
                                       offset_cost_per_t=3.0),
                      pv_degradation_per_year=0.005, relocation_fraction_genset=0.3)
    project = mg.Project(discount_rate=0.06)
    a = mg.simulate_life(one, life, PROF, project=project, mode=mode)
    b = mg.simulate_life(forced, life, PROF, project=project, mode=mode)
    assert b.npc == pytest.approx(a.npc, rel=1e-9)
    assert b.lcoe == pytest.approx(a.lcoe, rel=1e-9)
    assert b.base.npc == pytest.approx(a.base.npc, rel=1e-9)
    cols = [c for c in a.cash_flow.columns if c != "simulated"]
    np.testing.assert_allclose(b.cash_flow[cols].to_numpy(float),
                               a.cash_flow[cols].to_numpy(float), rtol=1e-9, atol=1e-6)
    assert b.events["time_years"].tolist() == pytest.approx(a.events["time_years"].tolist())
    assert a.fleets is None and b.fleets is not None


# --------------------------------------------------------------------------- prices by year


def test_gas_price_path_priced_year_by_year_by_hand():
    """Each year's gas cost is that year's quantity × that year's price; diesel without a
    price of its own takes the life of mine's diesel price of the year; each year's
    quantities (and merit order) are those of the one-year model at that year's prices."""
    path = (0.30, 0.30, 0.60, 1.50, 1.50)  # gas dearer than diesel from year 4
    gas = GAS.replace(price_per_unit=None, price_path_per_unit=path)
    system = mg.System(gensets=(_gas(fuel=gas, start_fuel_per_start=3.0, start_cost=10.0),
                                mg.GensetFleet(name="new diesel", unit_rated_kw=600, n_units=4)))
    diesel_path = (1.0, 1.1, 1.2, 1.3, 1.4)
    life = LifeOfMine(horizon_years=5, load_scale=(0.6, 1.0, 1.0, 1.0, 0.8),
                      fuel_price_per_l=diesel_path, carbon=CarbonTax(price_per_t=12.0))
    project = mg.Project(discount_rate=0.05)
    res = mg.simulate_life(system, life, PROF, project=project, base_case=False)
    fuels, cf = res.fuels, res.cash_flow
    for k in range(1, 6):
        year = fuels[fuels["year"] == k].set_index("fuel")
        g, d = year.loc["pipeline gas"], year.loc["diesel"]
        assert g["price_per_unit"] == path[k - 1] and d["price_per_unit"] == diesel_path[k - 1]
        assert g["cost"] == pytest.approx(g["quantity"] * path[k - 1], rel=1e-12)
        assert cf.loc[k, "fuel"] == pytest.approx(
            g["quantity"] * path[k - 1] + d["quantity"] * diesel_path[k - 1], rel=1e-12)
        assert cf.loc[k, "fuel_l"] == pytest.approx(d["quantity"], rel=1e-12)
        co2 = g["quantity"] * 1.89e-3 + d["quantity"] * 2.68e-3
        assert cf.loc[k, "co2_t"] == pytest.approx(co2, rel=1e-12)
        assert cf.loc[k, "carbon"] == pytest.approx(co2 * 12.0, rel=1e-12)
        # the same year alone, at that year's prices
        scale = life.load_scale[k - 1]
        alone = system.replace(gensets=(system.fleets[0].replace(
            fuel=GAS.replace(price_per_unit=path[k - 1])), system.fleets[1]))
        one = mg.simulate(alone, PROF.with_load(PROF.load_kw * scale), base_case=False,
                          project=project.replace(fuel_price_per_l=diesel_path[k - 1],
                                                  carbon_price_per_t=12.0))
        by_fuel = one.fuels.set_index("fuel")["quantity_per_year"]
        assert g["quantity"] == pytest.approx(by_fuel["pipeline gas"], rel=1e-12)
        assert d["quantity"] == pytest.approx(by_fuel["diesel"], rel=1e-12)
    # O&M of a year by hand: unit-hours × 15 /h + starts × 10 (gas) and unit-hours × 15 (diesel)
    y2 = res.fleets[res.fleets["year"] == 2].set_index("type")
    om = (y2.loc["owned gas", "unit_h"] * 15.0 + y2.loc["owned gas", "starts"] * 10.0
          + y2.loc["new diesel", "unit_h"] * 15.0)
    assert cf.loc[2, "om"] == pytest.approx(om, rel=1e-12)
    # gas burnt = curve fuel + start fuel, as in the per-type table
    gas_y2 = fuels[(fuels["year"] == 2) & (fuels["fuel"] == "pipeline gas")]["quantity"].item()
    assert gas_y2 == pytest.approx(y2.loc["owned gas", "fuel"], rel=1e-12)
    # the merit order follows the year's prices: gas first while cheap, diesel after
    share = res.fleets.pivot(index="year", columns="type", values="genset_kwh")
    assert (share.loc[2, "owned gas"] > share.loc[2, "new diesel"]
            and share.loc[4, "owned gas"] < share.loc[4, "new diesel"])
    assert "plant fuels: pipeline gas" in repr(res)


def test_dual_fuel_splits_into_gas_and_pilot_diesel_each_year():
    dual = mg.DualFuel(gas=GAS, gas_energy_share=0.7)
    system = mg.System(gensets=(mg.GensetFleet(name="dual", fuel=dual, unit_rated_kw=1000,
                                               n_units=5),))
    life = LifeOfMine(horizon_years=3, fuel_price_per_l=(1.0, 1.5, 2.0))
    res = mg.simulate_life(system, life, PROF, base_case=False)
    fleets = res.fleets.set_index("year")
    for k, diesel_price in zip((1, 2, 3), (1.0, 1.5, 2.0), strict=True):
        year = res.fuels[res.fuels["year"] == k].set_index("fuel")
        litres = fleets.loc[k, "fuel"]  # litres of diesel equivalent
        assert year.loc["diesel", "quantity"] == pytest.approx(0.3 * litres, rel=1e-12)
        assert year.loc["pipeline gas", "quantity"] == pytest.approx(
            0.7 * litres * 36.12 / 33.7, rel=1e-12)
        assert res.cash_flow.loc[k, "fuel"] == pytest.approx(
            0.3 * litres * diesel_price + 0.7 * litres * 36.12 / 33.7 * 0.30, rel=1e-12)


def test_each_year_keeps_the_types_own_derating():
    """The year's profiles (scaled load) keep ``fleet_availability``: each year is the
    one-year plant on that year's load with the gas units derated to 60 %."""
    avail = np.where(np.arange(PROF.n_steps) % 24 < 12, 0.6, 0.9)
    prof = mg.Profiles(load_kw=PROF.load_kw, pv_kw_per_kw=PROF.pv_kw_per_kw,
                       genset_availability=0.9, fleet_availability={"owned gas": avail})
    system = _plant(None, pv=None, battery=None)
    life = LifeOfMine(horizon_years=2, load_scale=(1.0, 0.8))
    res = mg.simulate_life(system, life, prof, base_case=False)
    table = res.fleets.set_index(["year", "type"])
    for k, scale in ((1, 1.0), (2, 0.8)):
        one = mg.simulate(system, prof.with_load(prof.load_kw * scale), base_case=False)
        for name in ("owned gas", "new diesel"):
            assert table.loc[(k, name), "unit_h"] == pytest.approx(
                one.fleets.loc[name, "running [unit-h/yr]"], rel=1e-12)
    plain = mg.simulate_life(system, life, PROF, base_case=False)
    assert plain.fleets["unit_h"].tolist() != pytest.approx(res.fleets["unit_h"].tolist())


# --------------------------------------------------------------------------- refused inputs


def test_one_fleet_overhaul_model_is_refused_for_a_plant():
    life = LifeOfMine(horizon_years=3, genset_overhaul_interval_hours=20000,
                      genset_overhaul_fraction=0.3)
    with pytest.raises(mg.InputError, match=r"genset_overhaul_interval_hours.*"
                                            r"overhaul_cost_per_kw") as err:
        mg.simulate_life(_plant(), life, PROF)
    assert "Fix:" in str(err.value)
    # the one-fleet system keeps its overhaul model
    one = mg.System(genset=mg.GensetFleet(unit_rated_kw=1000, n_units=5))
    assert mg.simulate_life(one, life, PROF).npc > 0


def test_plant_refuses_rainflow_and_a_path_of_the_wrong_length():
    with pytest.raises(mg.InputError, match=r"rainflow.*Fix: use BatteryAgeing"):
        mg.simulate_life(_plant(), LifeOfMine(horizon_years=2, battery_ageing=BatteryAgeing(
            model="rainflow")), PROF)
    gas = GAS.replace(price_per_unit=None, price_path_per_unit=(0.3, 0.3, 0.3))
    system = mg.System(gensets=(_gas(fuel=gas),))
    with pytest.raises(mg.InputError, match=r"price_path_per_unit.*3 prices.*5 years"):
        mg.simulate_life(system, LifeOfMine(horizon_years=5), PROF)


def test_representative_years_of_a_plant_stay_close_to_full():
    life = LifeOfMine(horizon_years=9, load_scale=(0.5, 1, 1, 1, 1, 1, 1, 0.8, 0.8),
                      pv_degradation_per_year=0.005, representative_stride_years=3)
    system = _plant(3000.0)
    full = mg.simulate_life(system, life, PROF, base_case=False)
    rep = mg.simulate_life(system, life, PROF, base_case=False, mode="representative")
    assert not rep.cash_flow["simulated"].iloc[1:].all()
    assert rep.npc == pytest.approx(full.npc, rel=0.01)


# --------------------------------------------------------------------------- sizing


def test_size_life_sizes_a_plant_with_whole_counts():
    prof = _profiles(days=3)
    owned = _gas(n_units=2, existing_units=2, min_run_h=2)
    new = mg.GensetFleet(name="new diesel", unit_rated_kw=600, n_units=0)
    system = mg.System(pv=mg.PVPlant(rated_kw=0), battery=mg.Battery(energy_kwh=0),
                       gensets=(owned, new))
    life = LifeOfMine(horizon_years=4, load_scale=(0.7, 1.0, 1.0, 0.9), battery_ageing=NONE,
                      fuel_price_per_l=PricePath.escalating(1.1, 0.02))
    r = size_life(system, life, prof, bounds={"pv_kw": (0, 3000)},
                  type_units={"new diesel": (0, 8)}, popsize=5, maxiter=4, polish=False)
    assert r.variables == ("pv_kw", "n_units[new diesel]")
    n_new = r.design.fleets[1].n_units
    assert n_new == r.values["n_units[new diesel]"] and n_new == int(n_new)
    assert r.design.fleets[0].n_units == 2 and r.design.fleets[0].existing_units == 2
    assert r.success and r.result.cash_flow["unserved_kwh"].sum() == 0.0
    # the search's NPC is the full life-of-mine result's
    assert r.fun == pytest.approx(r.result.npc, rel=1e-9)
    assert set(r.result.fleets["units"][r.result.fleets["type"] == "new diesel"]) == {n_new}
    assert (r.history["n_units[owned gas]"] == 2).all()
    assert r.history["n_units[new diesel]"].between(0, 8).all()
    with pytest.raises(mg.InputError, match=r"space\.n_units.*type_units"):
        size_life(system, life, prof, bounds={"n_units": (0, 3)}, maxiter=1)


@pytest.mark.parametrize("fields", [
    {"om_per_kw_year": 10.0}, {"om_per_kw_hour": 0.01}, {"start_cost": 40.0},
    {"overhaul_cost_per_kw": 80.0, "overhaul_interval_hours": 10_000.0},
    {"fuel": mg.Fuel(price_per_unit=0.5)},
])
def test_one_fleet_life_of_mine_prices_the_new_genset_costs(fields):
    """A one-fleet system (the fast path, not a plant) with the fleet's O&M per kW-year or
    kW-hour, start cost, overhauls or its own diesel price: the life of mine moves with
    them as the one-year model does (they were ignored: -0.7 % to +86 % on the NPC)."""
    n = 24 * 30
    t = np.arange(n)
    prof = mg.Profiles(load_kw=3000 + 800 * np.sin(2 * np.pi * t / 24),
                       pv_kw_per_kw=np.clip(np.sin(np.pi * ((t % 24) - 6) / 12), 0, None),
                       genset_availability=0.9)
    project = mg.Project(lifetime_years=10)
    life = mg.LifeOfMine(horizon_years=10)

    def both(**kw):
        system = mg.System(pv=mg.PVPlant(rated_kw=2000), battery=mg.Battery(energy_kwh=2000),
                           genset=mg.GensetFleet(unit_rated_kw=1000, n_units=5, **kw))
        assert not system.is_plant
        one = mg.simulate(system, prof, project=project, base_case=False).costs.npc
        whole = mg.simulate_life(system, life, prof, project=project, base_case=False).npc
        return one, whole

    one0, life0 = both()
    one, whole = both(**fields)
    assert one != one0
    # the same change in both models (their conventions differ by 0.03 % on the base)
    assert whole - life0 == pytest.approx(one - one0, rel=2e-3)
