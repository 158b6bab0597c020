"""The genset plant outside the kernel: fuels, validation, costs per type, batch = single."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import minegrid as mg
from minegrid.dispatch import plant as P
from minegrid.economics import lifecycle_factors, present_worth_factor
from minegrid.plantcosts import price_plant

GAS = mg.Fuel(name="pipeline gas", kind="natural_gas", unit="Nm3", price_per_unit=0.30,
              co2_kg_per_unit=1.89, delivery="pipeline")


def small_profiles(n=48):
    t = np.arange(n)
    load = 3000 + 800 * np.sin(2 * np.pi * t / 24)
    pv = np.clip(np.sin(np.pi * ((t % 24) - 6) / 12), 0, None)
    return mg.Profiles(load_kw=load, pv_kw_per_kw=pv, genset_availability=0.9)


@pytest.mark.parametrize("kwargs, field", [
    (dict(min_load_ratio=1.2), "GensetFleet.min_load_ratio"),
    (dict(part_load_fuel_per_h=(100, 90, 240, 310)), "GensetFleet.part_load_fuel_per_h"),
    (dict(n_units=2, existing_units=1, existing_remaining_life_hours=-5.0),
     "GensetFleet.existing_remaining_life_hours"),
    (dict(fuel=GAS), "GensetFleet.fuel_slope_per_kwh"),
    (dict(fuel=GAS, fuel_slope_l_per_kwh=0.25, fuel_intercept_per_h_per_kw=0.03,
          fuel_slope_per_kwh=0.25), "GensetFleet.fuel_slope_l_per_kwh"),
])
def test_bad_genset_types_name_the_field(kwargs, field):
    with pytest.raises(mg.InputError, match=field.replace(".", r"\.")) as err:
        mg.GensetFleet(**kwargs)
    assert "Fix:" in str(err.value)


def test_bad_fuels_name_the_field_and_the_fix():
    with pytest.raises(mg.InputError, match=r"Fuel\.unit = 'L'.*Nm3"):
        mg.Fuel(name="gas", kind="natural_gas", unit="L", price_per_unit=1.1,
                co2_kg_per_unit=2.0)
    with pytest.raises(mg.InputError, match=r"Fuel\.co2_kg_per_unit.*1\.89"):
        mg.Fuel(name="gas", kind="natural_gas", unit="Nm3", price_per_unit=0.3)
    with pytest.raises(mg.InputError, match=r"Fuel\.price_per_unit"):
        mg.Fuel(name="gas", kind="natural_gas", unit="GJ", co2_kg_per_unit=56.1)
    with pytest.raises(mg.InputError, match=r"System\.gensets.*twice"):
        mg.System(gensets=(mg.GensetFleet(n_units=1), mg.GensetFleet(n_units=2)))


def test_dual_fuel_splits_the_curve_by_energy():
    dual = mg.DualFuel(gas=GAS, gas_energy_share=0.7)
    (gas, per_l_gas), (diesel, per_l_diesel) = dual.parts()
    assert gas is GAS and diesel.kind == "diesel"
    assert per_l_diesel == pytest.approx(0.3)
    # 0.7 of the energy of a litre (36.12 MJ) as gas of 33.7 MJ/Nm3
    assert per_l_gas == pytest.approx(0.7 * 36.12 / 33.7)


def test_merit_order_by_cost_and_given():
    cheap = mg.GensetFleet(name="gas", fuel=GAS, n_units=2, fuel_intercept_per_h_per_kw=0.03,
                           fuel_slope_per_kwh=0.25)  # 0.30 USD/Nm3: about 0.09 USD/kWh
    dear = mg.GensetFleet(name="diesel", n_units=2)  # 1.10 USD/L: about 0.3 USD/kWh
    system = mg.System(gensets=(dear, cheap))
    assert P.merit_order(system, mg.Project()) == (1, 0)
    assert P.merit_order(system.replace(merit_order="given"), mg.Project()) == (0, 1)


def test_one_type_plant_priced_as_one_fleet():
    """A one-fleet system forced through the plant path (a 1-step minimum run time, which
    is no rule) prices like the one-fleet path."""
    prof = small_profiles()
    fleet = mg.GensetFleet(unit_rated_kw=1000, n_units=5, existing_units=2)
    one = mg.System(pv=mg.PVPlant(rated_kw=2000), battery=mg.Battery(energy_kwh=1000),
                    genset=fleet)
    forced = one.replace(genset=fleet.replace(min_run_h=1.0))
    assert forced.is_plant and not one.is_plant
    a = mg.simulate(one, prof, base_case=False)
    b = mg.simulate(forced, prof, base_case=False)
    for name in ("fuel_l", "co2_t", "unit_running_hours", "starts", "genset_kwh"):
        assert getattr(b.stats, name) == pytest.approx(getattr(a.stats, name), rel=1e-12)
    for cat in ("capital", "replacement", "om", "fuel", "carbon", "salvage"):
        assert getattr(b.costs.genset, cat) == pytest.approx(getattr(a.costs.genset, cat),
                                                             rel=1e-9, abs=1e-6)
    assert b.costs.npc == pytest.approx(a.costs.npc, rel=1e-12)


def test_costs_of_a_type_by_hand():
    """Owned units with a remaining life, O&M per kW-hour and per kW-year, starts, overhauls
    and gas bought per Nm3, priced by hand."""
    fleet = mg.GensetFleet(name="g", fuel=GAS, unit_rated_kw=1000, n_units=3, existing_units=2,
                           existing_remaining_life_hours=4000, life_hours=20000,
                           fuel_intercept_per_h_per_kw=0.03, fuel_slope_per_kwh=0.25,
                           om_per_unit_hour=5.0, om_per_kw_hour=0.01, om_per_kw_year=2.0,
                           start_cost=30.0, start_fuel_per_start=4.0, overhaul_cost_per_kw=60.0,
                           overhaul_interval_hours=10000, capex_per_kw=800.0)
    system = mg.System(gensets=(fleet,))
    project = mg.Project(lifetime_years=10, discount_rate=0.05, carbon_price_per_t=20.0)
    year = np.array([[6000.0, 100.0, 4.0e6, 1.1e6, 3.0, 5000.0]])  # 2000 h per unit and year
    out = price_plant(system, year, project)
    t = out["types"]["g"]
    pwf = present_worth_factor(0.05, 10)
    om = 6000 * 5 + 6000 * 1000 * 0.01 + 3 * 1000 * 2 + 100 * 30 + 6000 / 10000 * 1000 * 60
    gas_nm3 = 1.1e6 + 100 * 4.0
    assert t["om"] == pytest.approx(om * pwf)
    assert t["fuel"] == pytest.approx(gas_nm3 * 0.30 * pwf)
    assert t["carbon"] == pytest.approx(gas_nm3 * 1.89 / 1000 * 20 * pwf)
    assert t["capital"] == pytest.approx(1 * 1000 * 800)  # one new unit
    # life 20000 h / 2000 h = 10 years: the new unit is never replaced within 10 years;
    # the owned ones after 4000 / 2000 = 2 years, then at 12 (outside): one replacement
    d = 1 / 1.05
    rep_new, salv_new = lifecycle_factors(10.0, 10, 0.05)
    assert float(rep_new) == 0.0
    assert t["replacement"] == pytest.approx(2 * 800e3 * d**2)
    # salvage: the new unit has no life left at year 10; the owned ones 2 of 10 years
    assert t["salvage"] == pytest.approx(-(800e3 * float(salv_new) + 2 * 800e3 * 0.2 * d**10))
    fuels = out["fuels"]
    assert fuels["quantity_per_year"].tolist() == pytest.approx([gas_nm3])
    assert fuels["unit"].tolist() == ["Nm3"]
    assert math.isclose(t["life_years"], 10.0)


def test_plant_batch_equals_single_designs():
    prof = small_profiles()
    owned = mg.GensetFleet(name="owned gas", fuel=GAS, unit_rated_kw=1600, n_units=2,
                           existing_units=2, part_load_fuel_per_h=(160, 270, 380, 490),
                           min_run_h=2)
    new = mg.GensetFleet(name="new diesel", unit_rated_kw=800, n_units=1, min_down_h=2)
    system = mg.System(pv=mg.PVPlant(rated_kw=1500), battery=mg.Battery(energy_kwh=2000),
                       gensets=(owned, new))
    designs = pd.DataFrame({"pv_kw": [0.0, 1500.0, 3000.0], "battery_kwh": [0.0, 2000.0, 500.0],
                            "n_units[new diesel]": [1, 2, 3]})
    table = mg.simulate_batch(system, prof, designs)
    for i, row in designs.iterrows():
        one = P.with_counts(system, [2, row["n_units[new diesel]"]]).replace(
            pv=mg.PVPlant(rated_kw=row["pv_kw"]),
            battery=mg.Battery(energy_kwh=row["battery_kwh"]))
        r = mg.simulate(one, prof, base_case=False)
        assert table["npc"][i] == pytest.approx(r.costs.npc, rel=1e-12)
        assert table["fuel_l"][i] == pytest.approx(r.stats.fuel_l, rel=1e-12)
        assert table["co2_t"][i] == pytest.approx(r.stats.co2_t, rel=1e-12)
        assert table["unit_h[owned gas]"][i] == pytest.approx(
            r.fleets.loc["owned gas", "running [unit-h/yr]"])
    with pytest.raises(mg.InputError, match="owns"):
        mg.simulate_batch(system, prof, {"n_units[owned gas]": [1]})


def test_plant_result_tables_and_base_case():
    prof = small_profiles()
    owned = mg.GensetFleet(name="owned gas", fuel=GAS, unit_rated_kw=1000, n_units=2,
                           existing_units=2, fuel_intercept_per_h_per_kw=0.03,
                           fuel_slope_per_kwh=0.26)
    new = mg.GensetFleet(name="new diesel", unit_rated_kw=500, n_units=1)
    system = mg.System(pv=mg.PVPlant(rated_kw=1000), gensets=(owned, new))
    r = mg.simulate(system, prof, dispatch=True)
    assert list(r.fleets.index) == ["owned gas", "new diesel"]
    assert set(r.fuels["unit"]) == {"Nm3", "L"}
    assert r.stats.fuel_l == pytest.approx(r.fuels.set_index("unit").loc["L",
                                                                         "quantity_per_year"])
    assert r.stats.co2_t == pytest.approx(r.fuels["co2_t_per_year"].sum())
    d = r.dispatch
    total = d["genset_kw[owned gas]"] + d["genset_kw[new diesel]"]
    np.testing.assert_allclose(total, d["genset_kw"], rtol=1e-12, atol=1e-9)
    # the base case: gensets alone, the largest type topped up to carry peak + reserve
    base = r.base.system
    assert base.pv is None and [f.name for f in base.fleets] == ["owned gas", "new diesel"]
    firm = sum(f.n_units * f.unit_rated_kw * 0.9 for f in base.fleets)
    assert firm >= prof.peak_kw * 1.1
    assert r.base.stats.unserved_kwh == 0.0


def _plant_for_sizing():
    owned = mg.GensetFleet(name="owned gas", fuel=GAS, unit_rated_kw=1000, n_units=2,
                           existing_units=2, fuel_intercept_per_h_per_kw=0.03,
                           fuel_slope_per_kwh=0.26, min_run_h=2)
    new = mg.GensetFleet(name="new diesel", unit_rated_kw=600, n_units=0)
    return mg.System(pv=mg.PVPlant(rated_kw=0), battery=mg.Battery(energy_kwh=0),
                     gensets=(owned, new))


def test_size_a_plant_with_integer_counts_per_type():
    prof = small_profiles(72)
    system = _plant_for_sizing()
    space = mg.DesignSpace(pv_kw=(0, 4000), type_units={"new diesel": (0, 8)})
    req = mg.Requirements(max_unserved_fraction=0.0, n_plus_1=True)
    r = mg.size(system, prof, space, req, maxiter=8, popsize=6, progress=False, seed=1)
    assert r.variables == ("pv_kw", "n_units[new diesel]")
    new = r.design.fleets[1].n_units
    assert new == r.values["n_units[new diesel]"] and new == int(new)
    assert r.design.fleets[0].n_units == 2 and r.design.fleets[0].existing_units == 2
    # N+1 on the derated plant (availability 0.9): 2 x 900 + new x 540 - 900 >= peak 3800
    firm = 2 * 900 + new * 540 - 900
    assert r.success and firm >= prof.peak_kw
    assert firm - 540 < prof.peak_kw  # one unit fewer would not do
    assert r.constraints["n_plus_1"]["value"] == pytest.approx(firm)
    # the history holds each type's count, the result the chosen design's tables
    assert {"n_units[owned gas]", "n_units[new diesel]"} <= set(r.history.columns)
    assert (r.history["n_units[owned gas]"] == 2).all()
    assert r.result.fleets.loc["new diesel", "units"] == new
    best = r.history.loc[r.history["feasible"], "npc"].min()
    assert r.fun == pytest.approx(best)


def test_plant_space_refuses_one_fleet_fields():
    prof = small_profiles(24)
    system = _plant_for_sizing()
    with pytest.raises(mg.InputError, match=r"space\.n_units.*type_units"):
        mg.size(system, prof, mg.DesignSpace(pv_kw=(0, 10), n_units=(0, 2)),
                mg.Requirements(), progress=False, maxiter=1)
    with pytest.raises(mg.InputError, match=r"space\.type_units.*\['old'\]"):
        mg.size(system, prof, mg.DesignSpace(type_units={"old": (0, 2)}),
                mg.Requirements(), progress=False, maxiter=1)
    with pytest.raises(mg.InputError, match=r"DesignSpace\.n_units.*type_units"):
        mg.DesignSpace(n_units=(0, 2), type_units={"a": (0, 2)})
