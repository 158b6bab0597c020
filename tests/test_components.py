"""Components validate on construction: bad input names the field, the value and the fix."""

from __future__ import annotations

import dataclasses
import math
import subprocess
import sys

import numpy as np
import pytest

import minegrid as mg
from minegrid import InputError


@pytest.mark.parametrize(
    ("factory", "field", "match"),
    [
        (lambda: mg.PVPlant(rated_kw=-1), "PVPlant.rated_kw", ">= 0"),
        (lambda: mg.PVPlant(rated_kw=float("nan")), "PVPlant.rated_kw", "finite"),
        (lambda: mg.PVPlant(rated_kw=10, lifetime_years=0), "PVPlant.lifetime_years", "> 0"),
        (lambda: mg.PVPlant(rated_kw=10, salvage_ratio=1.5), "PVPlant.salvage_ratio", "<= 1"),
        (lambda: mg.PVPlant(capex_per_kw=-5), "PVPlant.capex_per_kw", ">= 0"),
        (lambda: mg.WindPlant(n_turbines=-2), "WindPlant.n_turbines", ">= 0"),
        (lambda: mg.WindPlant(n_turbines=1.5), "WindPlant.n_turbines", "whole number"),
        (lambda: mg.WindPlant(n_turbines=1, turbine_rated_kw=0), "WindPlant.turbine_rated_kw",
         "> 0"),
        (lambda: mg.Battery(energy_kwh=-10), "Battery.energy_kwh", ">= 0"),
        (lambda: mg.Battery(energy_kwh=10, charge_efficiency=0), "Battery.charge_efficiency",
         "> 0"),
        (lambda: mg.Battery(energy_kwh=10, discharge_efficiency=1.2),
         "Battery.discharge_efficiency", "<= 1"),
        (lambda: mg.Battery(energy_kwh=10, charge_efficiency=95), "Battery.charge_efficiency",
         "in (0, 1]"),
        (lambda: mg.Battery(energy_kwh=10, soc_min=0.8, soc_max=0.8, soc_initial=0.8),
         "Battery.soc_min", "< soc_max"),
        (lambda: mg.Battery(energy_kwh=10, soc_min=0.9, soc_max=0.5), "Battery.soc_min",
         "< soc_max"),
        (lambda: mg.Battery(energy_kwh=10, soc_initial=0.05), "Battery.soc_initial",
         "SoC window"),
        (lambda: mg.Battery(energy_kwh=10, power_kw=-1), "Battery.power_kw", ">= 0"),
        (lambda: mg.Battery(energy_kwh=10, duration_h=0), "Battery.duration_h", "> 0"),
        (lambda: mg.GensetFleet(unit_rated_kw=0), "GensetFleet.unit_rated_kw", "> 0"),
        (lambda: mg.GensetFleet(n_units=-1), "GensetFleet.n_units", ">= 0"),
        (lambda: mg.GensetFleet(min_load_ratio=1.0), "GensetFleet.min_load_ratio", "<= 0.99"),
        (lambda: mg.GensetFleet(fuel_slope_l_per_kwh=-0.2), "GensetFleet.fuel_slope_l_per_kwh",
         ">= 0"),
        (lambda: mg.GensetFleet(life_hours=0), "GensetFleet.life_hours", "> 0"),
        (lambda: mg.Dispatch(strategy="peak_shaving"), "Dispatch.strategy", "load_following"),
        (lambda: mg.Dispatch(reserve_load_fraction=10.5), "Dispatch.reserve_load_fraction",
         "<= 10"),
        (lambda: mg.Dispatch(cycle_charging_setpoint=1.1), "Dispatch.cycle_charging_setpoint",
         "<= 1"),
        (lambda: mg.Project(lifetime_years=0), "Project.lifetime_years", ">= 1"),
        (lambda: mg.Project(lifetime_years=2.5), "Project.lifetime_years", "whole number"),
        (lambda: mg.Project(discount_rate=8), "Project.discount_rate", "<= 1"),
        (lambda: mg.Project(fuel_price_per_l=-1), "Project.fuel_price_per_l", ">= 0"),
        (lambda: mg.System(pv=mg.Battery()), "System.pv", "minegrid.PVPlant"),
        (lambda: mg.System(genset=5), "System.genset", "minegrid.GensetFleet"),
    ],
)
def test_bad_input_names_field_value_and_fix(factory, field, match):
    with pytest.raises(InputError) as info:
        factory()
    message = str(info.value)
    assert field in message
    assert match in message
    assert "Fix:" in message or "must be" in message


def test_input_error_is_a_value_error():
    assert issubclass(InputError, ValueError)


def test_components_are_frozen_keyword_only_and_carry_units():
    pv = mg.PVPlant(rated_kw=100)
    with pytest.raises(dataclasses.FrozenInstanceError):
        pv.rated_kw = 5  # type: ignore[misc]
    with pytest.raises(TypeError):
        mg.PVPlant(100)  # type: ignore[misc]
    for cls in (mg.PVPlant, mg.WindPlant, mg.Battery, mg.GensetFleet, mg.Project):
        names = [f.name for f in dataclasses.fields(cls)]
        dimensional = [n for n in names if n.startswith(("capex", "om", "rated", "energy"))]
        units = ("_kw", "_kwh", "_year", "_hour", "_l", "_t", "_years", "_hours")
        assert all(n.endswith(units) for n in dimensional), (cls, dimensional)


def test_battery_power_defaults():
    assert mg.Battery(energy_kwh=4000).power_kw == 4000  # 1 h battery
    b = mg.Battery(energy_kwh=4000, duration_h=4)
    assert b.power_kw == 1000 and b.charge_power_kw == 1000 and b.discharge_power_kw == 1000
    b = mg.Battery(energy_kwh=4000, power_kw=2000, charge_power_kw=500)
    assert (b.charge_power_kw, b.discharge_power_kw) == (500, 2000)
    assert math.isclose(mg.Battery(energy_kwh=100, soc_min=0.2, soc_max=0.9).usable_kwh, 70)


def test_replace_revalidates():
    gen = mg.GensetFleet(n_units=3)
    assert gen.replace(n_units=5).n_units == 5
    with pytest.raises(InputError, match="GensetFleet.n_units"):
        gen.replace(n_units=-1)


def test_totals():
    assert mg.WindPlant(n_turbines=3, turbine_rated_kw=2300).rated_kw == 6900
    assert mg.GensetFleet(unit_rated_kw=1000, n_units=4).rated_kw == 4000
    assert mg.System().battery_or_zero.energy_kwh == 0


def test_numpy_scalars_are_accepted_wherever_a_number_is_taken():
    f32, i64 = np.float32, np.int64
    system = mg.System(
        pv=mg.PVPlant(rated_kw=f32(5000)),
        wind=mg.WindPlant(n_turbines=i64(3), turbine_rated_kw=np.float64(2300)),
        battery=mg.Battery(energy_kwh=np.int32(8000), power_kw=f32(4000), soc_min=f32(0.2)),
        genset=mg.GensetFleet(unit_rated_kw=i64(1000), n_units=i64(6), existing_units=np.int8(2)),
        dispatch=mg.Dispatch(reserve_fixed_kw=f32(500)))
    assert type(system.wind.n_turbines) is int and system.wind.n_turbines == 3
    assert type(system.pv.rated_kw) is float and system.pv.rated_kw == 5000.0
    assert type(system.genset.existing_units) is int
    project = mg.Project(lifetime_years=i64(10), discount_rate=f32(0.08))
    assert type(project.lifetime_years) is int
    profiles = mg.Profiles(load_kw=np.full(24, 3000.0), dt_h=f32(1.0))
    r = mg.simulate(system, profiles, project=project)
    assert r.stats.unserved_fraction == 0.0
    space = mg.DesignSpace(pv_kw=(f32(0), i64(5000)), n_units=(i64(2), i64(6)),
                           battery_duration_h=f32(2), existing_units=i64(1))
    assert space.bounds() == [(0.0, 5000.0), (2.0, 6.0)] and space.existing_units == 1
    req = mg.Requirements(max_unserved_fraction=np.float64(0.01), max_capital=i64(10**7))
    assert req.max_capital == 1e7
    life = mg.LifeOfMine(horizon_years=i64(5), closure_year=np.int32(4),
                         pv_degradation_per_year=f32(0.005))
    assert life.last_year == 4


def test_bools_are_not_numbers():
    with pytest.raises(InputError, match="must be a number"):
        mg.PVPlant(rated_kw=True)
    with pytest.raises(InputError, match="whole number"):
        mg.WindPlant(n_turbines=np.bool_(True))


def test_subpackages_are_attributes_of_the_package():
    code = ("import types, minegrid as mg; "
            "mods = [mg.dispatch, mg.economics, mg.study, mg.sizing, mg.lifeofmine, "
            "mg.profiles, mg.progress, mg.plots, mg.weather, mg.load, mg.mine]; "
            "assert all(isinstance(m, types.ModuleType) for m in mods); "
            "assert mg.Profiles is mg.profiles.Profiles is mg.dispatch.Profiles; "
            "assert callable(mg.study.sweep) and callable(mg.economics.price_designs)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
