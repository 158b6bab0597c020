"""N-1 reserve and motor-start checks (docs/theory/reliability.md): hand-worked cases,
properties, inputs, results and sizing. Plants of several genset types and predictive
dispatch: ``tests/test_reliability_plant.py``."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import minegrid as mg
from minegrid import dispatch

NO_RESERVE = {"reserve_load_fraction": 0.0, "reserve_pv_fraction": 0.0,
              "reserve_wind_fraction": 0.0}
#: a start of exactly its rated power in kW and kVA (power factors and efficiency 1)
PLAIN = {"power_factor": 1.0, "efficiency": 1.0, "starter": None,
         "start_current_multiple": 1.0, "start_power_factor": 1.0}


def _prof(load, pv=None, wind=None):
    n = len(load)
    return dispatch.Profiles(load_kw=np.asarray(load, float),
                             pv_kw_per_kw=np.zeros(n) if pv is None else np.asarray(pv, float),
                             wind_kw_per_turbine=(np.zeros(n) if wind is None
                                                  else np.asarray(wind, float)))


def _run(system, prof):
    tot, traj = dispatch.run(system, prof, trajectories=True)
    T = {name: traj[:, i] for i, name in enumerate(dispatch.TRAJ_NAMES)}
    return tot, T


def _gensets(**dispatch_kw):
    return mg.System(genset=mg.GensetFleet(unit_rated_kw=400, n_units=5, min_load_ratio=0.0),
                     dispatch=mg.Dispatch(**NO_RESERVE, **dispatch_kw))


# ------------------------------------------------------------------ hand-worked cases
def test_losing_a_running_genset():
    # 1000 kW on 400 kW units: the load rule runs 3 (1200 kW); one trips and 800 kW
    # remain, 200 kW short. The N-1 rule runs 4: 1200 kW remain, no shortfall.
    tot, T = _run(_gensets(), _prof([1000.0]))
    assert T["units_online"][0] == 3
    assert T["n1_shortfall_kw"][0] == pytest.approx(200.0)
    assert (tot["n1_h"], tot["n1_kwh"], tot["n1_max_kw"]) == pytest.approx((1, 200, 200))
    tot, T = _run(_gensets(n_minus_1_reserve=True), _prof([1000.0]))
    assert T["units_online"][0] == 4
    assert tot["n1_h"] == 0 and tot["n1_kwh"] == 0.0


def test_fleet_too_small_for_n_minus_1_counts_the_shortfall():
    # three units and 1000 kW: the rule wants 4, gets 3; 200 kW short each step
    system = mg.System(genset=mg.GensetFleet(unit_rated_kw=400, n_units=3),
                       dispatch=mg.Dispatch(**NO_RESERVE, n_minus_1_reserve=True))
    tot, _ = _run(system, _prof([1000.0, 1000.0]))
    assert tot["n1_h"] == 2 and tot["n1_kwh"] == pytest.approx(400.0)


def test_losing_the_battery_inverter():
    # battery first: the battery (600 kW) and one unit (400 kW) carry 1000 kW; the
    # battery trips and one unit is left: 600 kW short. The rule runs 3 units.
    battery = mg.Battery(energy_kwh=10_000.0, power_kw=600.0, soc_initial=0.9)
    fleet = mg.GensetFleet(unit_rated_kw=400, n_units=5, min_load_ratio=0.0)
    for rule, units, short in ((False, 1, 600.0), (True, 3, 0.0)):
        system = mg.System(battery=battery, genset=fleet, dispatch=mg.Dispatch(
            **NO_RESERVE, battery_dispatch="battery_first", n_minus_1_reserve=rule))
        _, T = _run(system, _prof([1000.0]))
        assert T["units_online"][0] == units
        assert T["n1_shortfall_kw"][0] == pytest.approx(short)


def test_losing_a_pv_block_or_a_turbine():
    # 2000 kWp at 0.5 kW/kWp carries the whole 1000 kW load; a 500 kWp block (a quarter:
    # 250 kW) trips. Without the rule no genset runs: 250 kW short. With it one unit runs,
    # and then the largest source is that unit (400 kW), which the PV covers.
    pv = mg.PVPlant(rated_kw=2000)
    fleet = mg.GensetFleet(unit_rated_kw=400, n_units=5, min_load_ratio=0.0)
    for rule, units, short in ((False, 0, 250.0), (True, 1, 0.0)):
        system = mg.System(pv=pv, genset=fleet, dispatch=mg.Dispatch(
            **NO_RESERVE, n_minus_1_reserve=rule, pv_block_kw=500.0))
        _, T = _run(system, _prof([1000.0], pv=[0.5]))
        assert T["units_online"][0] == units
        assert T["n1_shortfall_kw"][0] == pytest.approx(short)
    # the whole plant as one block (the default): all 1000 kW can trip
    _, T = _run(mg.System(pv=pv, dispatch=mg.Dispatch(**NO_RESERVE)), _prof([1000.0], pv=[0.5]))
    assert T["n1_shortfall_kw"][0] == pytest.approx(1000.0)
    # two turbines at 300 kW each under a 1000 kW load: 400 kW of net load D
    wind = mg.System(wind=mg.WindPlant(n_turbines=2, turbine_rated_kw=3000), genset=fleet,
                     dispatch=mg.Dispatch(**NO_RESERVE))
    _, T = _run(wind, _prof([1000.0], wind=[300.0]))
    # one unit carries D; it trips and the turbines' 600 kW are left for 1000 kW: 400 short
    assert T["units_online"][0] == 1
    assert T["n1_shortfall_kw"][0] == pytest.approx(400.0)
    _, T = _run(wind, _prof([700.0], wind=[300.0]))
    # D = 100 on one unit: losing the unit (400) or a turbine (300): 100 + 400 - 400 = 100
    assert T["units_online"][0] == 1
    assert T["n1_shortfall_kw"][0] == pytest.approx(100.0)


def test_motor_start_acceptance_in_kw_and_kva():
    mill = mg.MotorStart(name="mill", rated_kw=300.0, **PLAIN)
    # 3 units at 1000 kW: step min(0.33 * 1200, 200) = 200 < 300 kW: refused.
    # 4 units (N-1 rule): min(0.33 * 1600, 600) = 528 >= 300: accepted.
    tot, T = _run(_gensets(motor_starts=(mill,)), _prof([1000.0]))
    assert T["step_capability_kw"][0] == pytest.approx(200.0)
    assert tot["start_refused_h"] == 1
    tot, T = _run(_gensets(motor_starts=(mill,), n_minus_1_reserve=True), _prof([1000.0]))
    assert T["step_capability_kw"][0] == pytest.approx(0.33 * 1600)
    assert tot["start_refused_h"] == 0
    # apparent power: a DOL start of 250 kW draws 6.5 * 250 / (0.9 * 0.96) = 1881 kVA, above
    # 0.5 kVA/kW * 1600 kW = 800 kVA of alternators: refused although its 564 kW fit in
    # the 600 kW of headroom
    dol = mg.MotorStart(name="pump", rated_kw=250.0)
    assert dol.start_kva == pytest.approx(6.5 * 250 / (0.9 * 0.96))
    assert dol.start_kw == pytest.approx(dol.start_kva * 0.30)
    system = _gensets(motor_starts=(dol,), n_minus_1_reserve=True, genset_step_fraction=1.0,
                      genset_start_kva_per_kw=0.5)
    tot, T = _run(system, _prof([1000.0]))
    assert T["start_capability_kva"][0] == pytest.approx(800.0)
    assert tot["start_refused_h"] == 1
    tot, _ = _run(system.replace(dispatch=system.dispatch.replace(genset_start_kva_per_kw=2.5)),
                  _prof([1000.0]))
    assert tot["start_refused_h"] == 0


def test_battery_headroom_accepts_a_start():
    # one unit at full load cannot take a step; the battery's 500 kW headroom can
    mill = mg.MotorStart(name="mill", rated_kw=300.0, **PLAIN)
    fleet = mg.GensetFleet(unit_rated_kw=400, n_units=1, min_load_ratio=0.0)
    bat = mg.Battery(energy_kwh=5000.0, power_kw=500.0, soc_initial=0.9)
    d = mg.Dispatch(**NO_RESERVE, motor_starts=(mill,), allow_diesel_off=False)
    tot, T = _run(mg.System(genset=fleet, dispatch=d), _prof([400.0]))
    assert T["step_capability_kw"][0] == 0.0 and tot["start_refused_h"] == 1
    tot, T = _run(mg.System(genset=fleet, battery=bat, dispatch=d), _prof([400.0]))
    assert T["step_capability_kw"][0] == pytest.approx(500.0)
    assert tot["start_refused_h"] == 0


# ------------------------------------------------------------------ properties
@st.composite
def designs(draw):
    n = draw(st.integers(4, 48))
    rng = np.random.default_rng(draw(st.integers(0, 10_000)))
    hour = np.arange(n) % 24
    load = 900 + 250 * np.sin(2 * np.pi * hour / 24) + rng.normal(0, 80, n)
    pv = np.clip(np.sin(np.pi * (hour - 6) / 12), 0, None) * rng.uniform(0.3, 0.9, n)
    wind = np.clip(rng.weibull(2.0, n) * 1000, 0, 3000)
    prof = dispatch.Profiles(load_kw=load, pv_kw_per_kw=pv, wind_kw_per_turbine=wind)
    system = mg.System(
        pv=mg.PVPlant(rated_kw=draw(st.floats(0, 2000))),
        wind=mg.WindPlant(n_turbines=draw(st.integers(0, 1)), turbine_rated_kw=3000),
        battery=mg.Battery(energy_kwh=draw(st.floats(0, 3000)),
                           power_kw=draw(st.floats(0, 800))),
        genset=mg.GensetFleet(unit_rated_kw=draw(st.floats(150, 600)),
                              n_units=draw(st.integers(1, 6)),
                              min_load_ratio=draw(st.floats(0, 0.5))),
        dispatch=mg.Dispatch(strategy=draw(st.sampled_from(["load_following",
                                                            "cycle_charging"])),
                             n_minus_1_reserve=True,
                             pv_block_kw=draw(st.none() | st.floats(100, 2000)),
                             battery_block_kw=draw(st.none() | st.floats(50, 800))),
    )
    return system, prof


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(designs())
def test_the_rule_never_leaves_a_shortfall_it_could_have_avoided(case):
    """With the N-1 rule, a step is short only when every unit is already online."""
    system, prof = case
    _, T = _run(system, prof)
    short = T["n1_shortfall_kw"] > 1e-9 * max(1.0, float(prof.load_kw.max()))
    n_units = system.genset.n_units
    available = prof.genset_availability > 0
    assert np.all(T["units_online"][short & available] == n_units)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(designs())
def test_the_rule_reduces_the_shortfall_and_more_units_never_add_to_it(case):
    system, prof = case
    tol = 1e-9 * max(1.0, float(prof.load_kw.sum()))
    with_rule, _ = dispatch.run(system, prof)
    without, _ = dispatch.run(system.replace(
        dispatch=system.dispatch.replace(n_minus_1_reserve=False)), prof)
    assert with_rule["n1_kwh"] <= without["n1_kwh"] + tol
    # one unit more: the rule commits what the smaller fleet could not
    bigger = system.replace(genset=system.genset.replace(n_units=system.genset.n_units + 1))
    more, _ = dispatch.run(bigger, prof)
    assert more["n1_h"] <= with_rule["n1_h"]
    # a fleet large enough for every step leaves no shortfall at all
    enough = system.replace(genset=system.genset.replace(n_units=60))
    assert dispatch.run(enough, prof)[0]["n1_h"] == 0


# ------------------------------------------------------------------ scope and inputs
@pytest.mark.filterwarnings("ignore::minegrid.MinegridWarning")
def test_plants_and_predictive_check_and_take_the_rule():
    # a plant of 3 x 400 + 2 x 800 kW, 1000 and 1200 kW of load: the rule holds N-1 (its
    # hand-worked cases are in test_reliability_plant.py); so does predictive dispatch
    a = mg.GensetFleet(name="a", unit_rated_kw=400, n_units=3)
    b = mg.GensetFleet(name="b", unit_rated_kw=800, n_units=2)
    prof = _prof([1000.0, 1200.0])
    mill = (mg.MotorStart(name="mill", rated_kw=300.0, **PLAIN),)
    for system in (mg.System(gensets=(a, b)), mg.System(
            genset=a.replace(n_units=5), battery=mg.Battery(energy_kwh=500, power_kw=200),
            dispatch=mg.Dispatch(strategy="predictive"))):
        without = mg.simulate(system.replace(dispatch=system.dispatch.replace(
            motor_starts=mill, **NO_RESERVE)), prof, dispatch=True)
        with_rule = mg.simulate(system.replace(dispatch=system.dispatch.replace(
            motor_starts=mill, n_minus_1_reserve=True, **NO_RESERVE)), prof, dispatch=True)
        assert without.stats.n1_hours > 0 and with_rule.stats.n1_hours == 0
        assert not math.isnan(without.stats.motor_start_refused_hours)
        assert without.dispatch["n1_shortfall_kw"].gt(0).all()
        assert {c["name"] for c in with_rule.design_checks()} >= {"n_minus_1", "motor_start"}


@pytest.mark.parametrize("field, value, words", [
    ("rated_kw", 0.0, "rated_kw"), ("power_factor", 1.5, "power_factor"),
    ("start_current_multiple", 12.0, "start_current_multiple"),
    ("starter", "hydraulic", "starter"),
])
def test_bad_motor_start_names_the_field(field, value, words):
    kwargs = {"name": "mill", "rated_kw": 1000.0, field: value}
    with pytest.raises(mg.InputError, match=words):
        mg.MotorStart(**kwargs)


def test_bad_reliability_settings_name_the_field():
    with pytest.raises(mg.InputError, match="genset_step_fraction"):
        mg.Dispatch(genset_step_fraction=0.0)
    with pytest.raises(mg.InputError, match="pv_block_kw"):
        mg.Dispatch(pv_block_kw=-5.0)
    with pytest.raises(mg.InputError, match="motor_starts"):
        mg.Dispatch(motor_starts=("mill",))


# ------------------------------------------------------------------ results, sizing, files
def _mine_system(**dispatch_kw):
    ex = mg.datasets.andean_gold_mine()
    d = ex.system.dispatch.replace(pv_block_kw=2500.0, battery_block_kw=4000.0, **dispatch_kw)
    system = ex.system.replace(pv=mg.PVPlant(rated_kw=12000),
                               battery=mg.Battery(energy_kwh=20000, power_kw=8000),
                               dispatch=d)
    return ex, system


def test_design_checks_and_motor_table_agree_with_the_kernel():
    mill = mg.MotorStart(name="SAG mill", rated_kw=2300, starter="vfd")
    pump = mg.MotorStart(name="pump", rated_kw=400, starter="star_delta")
    ex, system = _mine_system(motor_starts=(pump, mill))
    r = mg.simulate(system, ex.profiles, project=ex.project, dispatch=True)
    checks = {c["name"]: c for c in r.design_checks()}
    assert checks["n_minus_1"]["value"] == r.stats.n1_hours
    assert checks["n_minus_1"]["met"] == (r.stats.n1_hours == 0)
    assert "SAG mill" in checks["motor_start"]["text"]
    table = mg.motor_start_table(r)
    # the kernel's count is the largest start's, and a smaller start is refused less often
    assert table.loc["SAG mill", "refused [h/yr]"] == r.stats.motor_start_refused_hours
    assert table.loc["pump", "refused [h/yr]"] <= table.loc["SAG mill", "refused [h/yr]"]
    assert r.dispatch["n1_shortfall_kw"].sum() * 1.0 == pytest.approx(
        r.stats.n1_shortfall_kwh)


def test_sizing_holds_n_minus_1_and_pays_for_it():
    ex, system = _mine_system()
    space, req = ex.design_space, ex.requirements
    free = mg.size(system, ex.profiles, space, req, project=ex.project, progress=False,
                   maxiter=15)
    strict = mg.size(system.replace(dispatch=system.dispatch.replace(n_minus_1_reserve=True)),
                     ex.profiles, space, req.__class__(**{
                         **{f: getattr(req, f) for f in req.__dataclass_fields__},
                         "max_n1_hours": 0.0}), project=ex.project, progress=False,
                     maxiter=15)
    assert strict.success
    assert strict.result.stats.n1_hours == 0.0
    assert free.result.stats.n1_hours > 0.0
    assert strict.result.costs.npc >= free.result.costs.npc * (1 - 1e-9)


def test_scenario_takes_the_checks():
    from minegrid.scenario import bundled, parse_scenario

    text = bundled("andean_gold_mine").read_text(encoding="utf-8")
    assert "[dispatch]" in text
    text = text.replace("[dispatch]", "[dispatch]\nn_minus_1_reserve = true\n"
                        "pv_block_kw = 2500\n", 1)
    text += ('\n[[dispatch.motor_starts]]\nname = "SAG mill"\nrated_kw = 2300\n'
             'starter = "vfd"\n')
    d = parse_scenario(text, path="a.toml").system().dispatch
    assert d.n_minus_1_reserve and d.pv_block_kw == 2500.0
    assert d.motor_starts == (mg.MotorStart(name="SAG mill", rated_kw=2300, starter="vfd"),)
    with pytest.raises(mg.InputError, match=r"motor_starts.*rated_kw"):
        parse_scenario(text.replace("rated_kw = 2300", "rated_kw = -1"), path="a.toml").system()
    with pytest.raises(mg.InputError, match="did you mean 'starter'"):
        parse_scenario(text.replace('starter = "vfd"', 'startr = "vfd"'), path="a.toml")


def test_the_search_without_checks_equals_the_search_with_them_on_every_other_statistic():
    from minegrid.dispatch import design_matrix, run_batch

    K = dispatch._kernel
    rng = np.random.default_rng(4)
    n = 24 * 20
    hour = np.arange(n) % 24
    prof = dispatch.Profiles(load_kw=2000 + 400 * rng.random(n),
                             pv_kw_per_kw=np.clip(np.sin((hour - 6) / 12 * np.pi), 0, None),
                             wind_kw_per_turbine=np.zeros(n))
    base = mg.System(pv=mg.PVPlant(rated_kw=1000.0),
                     battery=mg.Battery(energy_kwh=1000.0, power_kw=500.0),
                     genset=mg.GensetFleet(unit_rated_kw=500.0, n_units=6),
                     dispatch=mg.Dispatch(motor_starts=(mg.MotorStart(name="m",
                                                                      rated_kw=600.0),)))
    m = 40
    designs = {"pv_kw": rng.uniform(0, 4000, m), "battery_kwh": rng.uniform(0, 4000, m),
               "n_units": rng.integers(4, 8, m)}
    params, _ = design_matrix(base, designs)
    rule = params.copy()
    rule[::2, K.P_N1] = 1.0  # half the rows commit by the N-1 rule
    rule[1::4, K.P_START_KW] = 0.0  # and a quarter have no drive to start
    names = dispatch.STAT_NAMES
    n1 = [names.index("n1_h")]  # the search counts the N-1 hours (the requirement's)
    start = names.index("start_refused_h")
    search_cols = [names.index(c) for c in dispatch.SEARCH_STAT_NAMES]
    other = [c for c in search_cols if c not in (*n1, start)]
    for p in (params, rule):
        on = run_batch(p, prof, statistics="search")
        ruled = p[:, K.P_N1] > 0
        drives = p[:, K.P_START_KW] > 0
        for checks in (False, ("n1",), ("start",)):
            off = run_batch(p, prof, statistics="search", checks=checks)
            np.testing.assert_array_equal(off[:, other], on[:, other])
            kept = ruled if checks is False or "n1" not in checks else np.ones(m, bool)
            assert np.isnan(off[np.ix_(~kept, n1)]).all()
            np.testing.assert_array_equal(off[np.ix_(kept, n1)], on[np.ix_(kept, n1)])
            if checks is False or "start" not in checks:
                assert np.isnan(off[drives, start]).all()
                assert (off[~drives, start] == 0).all()  # no drive: exactly none refused
            else:
                np.testing.assert_array_equal(off[:, start], on[:, start])
        assert np.isfinite(on[:, [*n1, start]]).all()
    assert (on[drives, start] > 0).any()
    # the full path: blocks without drives leave the start test out; each row as alone
    full = run_batch(rule, prof)
    for i in range(m):
        alone, _ = dispatch.run_params(rule[i], prof)
        np.testing.assert_array_equal(full[i], [alone[k] for k in names])
    with pytest.raises(mg.errors.InputError, match="checks"):
        run_batch(rule, prof, statistics="search", checks=("n2",))
