"""The LP's online capacity (minegrid.sizing.lpcommit): tighter, still a lower bound."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import minegrid as mg
from minegrid.dispatch import Profiles

LP_RTOL = 1e-6


def _short(prof, start=24 * 7 * 10, n=96):
    sl = slice(start, start + n)
    return Profiles(load_kw=prof.load_kw[sl], pv_kw_per_kw=prof.pv_kw_per_kw[sl],
                    wind_kw_per_turbine=prof.wind_kw_per_turbine[sl],
                    genset_availability=prof.genset_availability[sl], dt_h=1.0)


@pytest.mark.parametrize("strategy", ["load_following", "cycle_charging"])
def test_without_a_battery_the_bound_is_the_rules_cost(example, prof, strategy):
    """No battery: nothing to decide, so the floor of committed units is the rules' own
    commitment and the bound equals the NPC (reserve, minimum load and no-load fuel on)."""
    s = example.system
    system = s.replace(battery=None, dispatch=s.dispatch.replace(strategy=strategy))
    relaxed = mg.lp_bound(system, prof, project=example.project, commitment=False)
    tight = mg.lp_bound(system, prof, project=example.project)
    assert tight.success and relaxed.success
    assert tight.npc == pytest.approx(tight.rule_npc, rel=1e-7)
    assert relaxed.npc < tight.npc * (1 - 0.02)     # the relaxed bound is well below
    rule = mg.simulate(system, prof, project=example.project, base_case=False)
    assert tight.fuel_l == pytest.approx(rule.stats.fuel_l, rel=1e-7)


@pytest.mark.filterwarnings("ignore::minegrid.MinegridWarning")
@settings(max_examples=25, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(pv=st.floats(0, 15000), e=st.floats(0, 40000), c_rate=st.floats(0.25, 1.0),
       n=st.integers(6, 12), m=st.sampled_from([0.0, 0.25, 0.4]),
       r_load=st.sampled_from([0.0, 0.1, 0.2]), r_pv=st.sampled_from([0.0, 0.25, 0.8]),
       strategy=st.sampled_from(["load_following", "cycle_charging", "predictive"]),
       converter=st.booleans(), diesel_off=st.booleans(), start=st.integers(0, 300))
def test_tighter_and_still_below_every_dispatch(example, pv, e, c_rate, n, m, r_load, r_pv,
                                               strategy, converter, diesel_off, start):
    s = example.system
    prof = _short(example.profiles, start=24 * start)
    battery = None if e < 500 else s.battery.with_energy(e).replace(
        power_kw=e * c_rate, charge_power_kw=e * c_rate, discharge_power_kw=e * c_rate)
    system = s.replace(
        pv=s.pv.replace(rated_kw=pv), battery=battery,
        genset=s.genset.replace(n_units=n, min_load_ratio=m),
        converter=(mg.Converter(inverter_kw=max(pv, e * c_rate, 1.0), inverter_efficiency=0.95)
                   if converter else None),
        dispatch=s.dispatch.replace(strategy=strategy, reserve_load_fraction=r_load,
                                    reserve_pv_fraction=r_pv, allow_diesel_off=diesel_off,
                                    **({"horizon_h": 24.0, "replan_h": 12.0}
                                       if strategy == "predictive" else {})))
    relaxed = mg.lp_bound(system, prof, project=example.project, commitment=False)
    tight = mg.lp_bound(system, prof, project=example.project)
    assert tight.success, tight.message
    assert relaxed.npc <= tight.npc * (1 + LP_RTOL)
    assert tight.npc <= tight.rule_npc * (1 + LP_RTOL)
    assert tight.operating_npc <= tight.rule_operating_npc * (1 + LP_RTOL)


def test_sizing_bound_is_tighter_and_below_the_sized_design(example, prof):
    space = mg.DesignSpace(pv_kw=(0.0, 12000.0), battery_kwh=(0.0, 16000.0), n_units=(5, 12))
    req = mg.Requirements(max_capacity_shortage_fraction=0.0)
    sized = mg.size(example.system, prof, space, req, project=example.project, seed=0,
                    progress=False)
    assert sized.success
    kw = dict(project=example.project, space=space, requirements=req, mode="sizing")
    relaxed = mg.lp_bound(example.system, prof, commitment=False, **kw)
    tight = mg.lp_bound(example.system, prof, **kw)
    assert tight.success
    assert relaxed.npc < tight.npc <= sized.fun * (1 + LP_RTOL)
    feasible = sized.history[sized.history["feasible"]]
    assert tight.npc <= feasible["npc"].min() * (1 + LP_RTOL)
    # without the capacity-shortage requirement the reserve rows are not valid: left out
    loose = mg.lp_bound(example.system, prof, commitment=True, project=example.project,
                        space=space, requirements=mg.Requirements(), mode="sizing")
    assert loose.n_constraints < tight.n_constraints


def test_commitment_does_not_apply_to_aggregated_steps(example, prof):
    s = example.system
    a = mg.lp_bound(s, prof, project=example.project, aggregate=2)
    b = mg.lp_bound(s, prof, project=example.project, aggregate=2, commitment=False)
    assert a.npc == b.npc and a.n_variables == b.n_variables
    full = mg.lp_bound(s, prof, project=example.project)
    assert full.n_variables > mg.lp_bound(s, prof, project=example.project,
                                          commitment=False).n_variables
    assert np.isfinite(full.npc)


GAS = mg.Fuel(name="pipeline gas", kind="natural_gas", unit="Nm3", price_per_unit=0.35,
              co2_kg_per_unit=1.89, delivery="pipeline")


@pytest.mark.filterwarnings("ignore::minegrid.MinegridWarning")
@settings(max_examples=20, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(pv=st.floats(0, 12000), e=st.floats(0, 30000), n_gas=st.integers(1, 6),
       n_diesel=st.integers(2, 8), m=st.sampled_from([0.0, 0.3, 0.5]),
       run_h=st.sampled_from([0.0, 3.0]), down_h=st.sampled_from([0.0, 2.0]),
       strategy=st.sampled_from(["load_following", "cycle_charging"]),
       start=st.integers(0, 300))
def test_plant_bound_tighter_and_below_the_plant_rules(example, pv, e, n_gas, n_diesel, m,
                                                      run_h, down_h, strategy, start):
    s = example.system
    prof = _short(example.profiles, start=24 * start)
    gas = mg.GensetFleet(name="gas", fuel=GAS, unit_rated_kw=1500.0, n_units=n_gas,
                         min_load_ratio=m, fuel_intercept_per_h_per_kw=0.03,
                         fuel_slope_per_kwh=0.25, min_run_h=run_h, min_down_h=down_h)
    diesel = s.genset.replace(name="diesel", n_units=n_diesel, min_load_ratio=m)
    battery = None if e < 500 else s.battery.with_energy(e).replace(
        power_kw=e / 2, charge_power_kw=e / 2, discharge_power_kw=e / 2)
    system = s.replace(pv=s.pv.replace(rated_kw=pv), battery=battery, genset=None,
                       gensets=(gas, diesel), dispatch=s.dispatch.replace(strategy=strategy))
    relaxed = mg.lp_bound(system, prof, project=example.project, commitment=False)
    tight = mg.lp_bound(system, prof, project=example.project)
    assert tight.success, tight.message
    assert relaxed.npc <= tight.npc * (1 + LP_RTOL)
    assert tight.npc <= tight.rule_npc * (1 + LP_RTOL)


def test_sizing_bound_keeps_the_battery_c_rate(example, prof):
    """The C-rate requirement is linear (Pb >= c_min·E, Pb <= c_max·E) and every design
    meeting it satisfies it: the LP's battery keeps it, and the bound only rises."""
    space = mg.DesignSpace(pv_kw=(0.0, 12000.0), battery_kwh=(0.0, 40000.0),
                           battery_kw=(0.0, 20000.0), n_units=(5, 12))
    free = mg.Requirements()
    rate = mg.Requirements(min_battery_c_rate=0.5, max_battery_c_rate=0.8)
    kw = dict(project=example.project, space=space, mode="sizing")
    a = mg.lp_bound(example.system, prof, requirements=free, **kw)
    b = mg.lp_bound(example.system, prof, requirements=rate, **kw)
    assert a.success and b.success
    assert b.npc >= a.npc * (1 - LP_RTOL)
    if b.battery_kwh > 1e-6:
        assert 0.5 - 1e-6 <= b.battery_kw / b.battery_kwh <= 0.8 + 1e-6
    sized = mg.size(example.system, prof, space, rate, project=example.project, seed=1,
                    progress=False)
    assert sized.success and b.npc <= sized.fun * (1 + LP_RTOL)
