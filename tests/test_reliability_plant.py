"""N-1 and motor-start checks for plants of several genset types and for predictive dispatch
(docs/theory/reliability.md, "Plants and predictive dispatch").

The kernels are compared with the plain references (``tests/naive_plant.py``,
``tests/naive_predictive.py``, which write the checks out plainly): counts exactly, sums
to 1e-9, on hand-worked cases, fixed systems and hypothesis cases. Properties: adding a
unit never raises the N-1 hours; with the rule on, a step is short only when every unit
that may run runs. Then the results, the design checks and sizing with the requirements.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import minegrid as mg
from minegrid import dispatch
from minegrid.dispatch import plant
from test_plant_kernel import check_invariants
from test_plant_kernel import compare as compare_plant
from test_predictive_reference import KERNEL
from test_predictive_reference import compare as compare_predictive

NO_RESERVE = {"reserve_load_fraction": 0.0, "reserve_pv_fraction": 0.0,
              "reserve_wind_fraction": 0.0}
#: a start of exactly its rated power in kW and kVA (power factors and efficiency 1)
PLAIN = {"power_factor": 1.0, "efficiency": 1.0, "starter": None,
         "start_current_multiple": 1.0, "start_power_factor": 1.0}
COL = {name: i for i, name in enumerate(dispatch.TRAJ_NAMES)}


def _prof(load, **kw):
    return dispatch.Profiles(load_kw=np.asarray(load, float), **kw)


def _small(n=2, **kw):
    return mg.GensetFleet(name="small", unit_rated_kw=1000.0, n_units=n, min_load_ratio=0.0,
                          **kw)


def _big(n=1, **kw):
    return mg.GensetFleet(name="big", unit_rated_kw=2000.0, n_units=n, min_load_ratio=0.0,
                          **kw)


def _plant(fleets, battery=None, **dispatch_kw):
    """A plant committed in the order listed, no reserve beyond the N-1 rule's."""
    return mg.System(gensets=fleets, battery=battery, merit_order="given",
                     dispatch=mg.Dispatch(**NO_RESERVE, **dispatch_kw))


def _checked(system, prof, project=None):
    """Kernel against naive_plant (the checks included), invariants; named trajectories."""
    stats, fstats, traj, ftraj, _ = compare_plant(system, prof, project)
    check_invariants(system, prof, stats, traj, ftraj)
    T = {name: traj[:, i] for name, i in COL.items()}
    units = {f.name: ftraj[:, i, 0] for i, f in enumerate(system.fleets)}
    return stats, T, units


# ------------------------------------------------------------------ hand-worked: plants
def test_losing_the_2000_kw_unit():
    # 2 x 1000 kW + 1 x 2000 kW, the big unit first in merit order, 1500 kW of load.
    # The load rule runs the big unit alone (ceil(1500/2000) = 1): it trips and nothing is
    # left, 1500 kW short. The N-1 rule: the big type is full; the small type adds
    # ceil((1500 + 2000 - 2000)/1000) = 2 units: losing the big one leaves 2000 kW.
    stats, T, units = _checked(_plant((_big(), _small())), _prof([1500.0]))
    assert (units["big"][0], units["small"][0]) == (1, 0)
    assert T["n1_shortfall_kw"][0] == 1500.0
    assert (stats["n1_h"], stats["n1_kwh"], stats["n1_max_kw"]) == (1.0, 1500.0, 1500.0)
    stats, T, units = _checked(_plant((_big(), _small()), n_minus_1_reserve=True),
                               _prof([1500.0]))
    assert (units["big"][0], units["small"][0]) == (1, 2)
    assert T["n1_shortfall_kw"][0] == 0.0 and stats["n1_h"] == 0.0


def test_the_largest_running_unit_counts_once_it_runs():
    # The small type first: two units carry 1500 kW; losing one leaves 1000: 500 short.
    # The rule: the small type is full, the big one adds a unit, which then is the
    # largest in service: ceil((1500 + 2000 - 2000)/2000) = 1; losing it leaves 2000.
    stats, T, units = _checked(_plant((_small(), _big())), _prof([1500.0]))
    assert (units["small"][0], units["big"][0]) == (2, 0)
    assert T["n1_shortfall_kw"][0] == 500.0
    stats, T, units = _checked(_plant((_small(), _big()), n_minus_1_reserve=True),
                               _prof([1500.0]))
    assert (units["small"][0], units["big"][0]) == (2, 1)
    assert T["n1_shortfall_kw"][0] == 0.0
    # 2500 kW: every unit runs (4000 kW) and losing the big one leaves 2000: 500 short,
    # with the rule or without; 1000 kW: one small unit runs and N-1 wants a second
    for rule in (False, True):
        stats, T, units = _checked(_plant((_small(), _big()), n_minus_1_reserve=rule),
                                   _prof([2500.0, 1000.0]))
        assert units["small"].tolist() == [2, 2 if rule else 1]
        assert units["big"].tolist() == [1, 0]
        assert T["n1_shortfall_kw"].tolist() == [500.0, 0.0 if rule else 1000.0]
        assert stats["n1_h"] == (1.0 if rule else 2.0)


def test_an_unavailable_type_is_skipped():
    # the big type is out (availability 0) in the second step: the rule runs every small
    # unit and 500 kW stay short, as much as the plant in service allows
    prof = _prof([1500.0, 1500.0], fleet_availability={"big": [1.0, 0.0]})
    stats, T, units = _checked(_plant((_small(), _big()), n_minus_1_reserve=True), prof)
    assert units["small"].tolist() == [2, 2] and units["big"].tolist() == [1, 0]
    assert T["n1_shortfall_kw"].tolist() == [0.0, 500.0]


def test_the_battery_counts_as_reserve_in_a_plant():
    # A 600 kW battery (idle: the gensets carry the load first) is reserve: with the small
    # type's two units running, losing one leaves 1000 kW of gensets + 600 kW of battery
    # for 1500 kW, so the rule starts no big unit (D - B = 900, losing a unit of 1000 is
    # the largest loss: 900 + 1000 - 2000 < 0). Losing the battery instead (600) is
    # smaller. A 200 kW battery is not enough: 1300 + 1000 - 2000 = 300 short, the rule
    # starts the big unit.
    for power, big in ((600.0, 0), (200.0, 1)):
        bat = mg.Battery(energy_kwh=10_000.0, power_kw=power, soc_initial=0.9)
        system = _plant((_small(), _big()), battery=bat, n_minus_1_reserve=True)
        stats, T, units = _checked(system, _prof([1500.0]))
        assert units["small"][0] == 2 and units["big"][0] == big
        assert T["n1_shortfall_kw"][0] == 0.0
        assert T["battery_kw"][0] == 0.0


def test_motor_start_acceptance_sums_the_types():
    # big first, 1500 kW, the rule: big runs at 1500 (500 kW of headroom), the two small
    # units idle. Step accepted: big min(0.33 * 2000, 500) = 500, small min(0.33 * 2000,
    # 2000) = 660: 1160 kW (the plant as one machine would give min(0.33 * 4000, 2500) =
    # 1320). Apparent power 2.5 kVA/kW * 4000 kW = 10000 kVA. Without the rule only the
    # big unit's 500 kW and 5000 kVA.
    starts = (mg.MotorStart(name="mill", rated_kw=1100.0, **PLAIN),)
    stats, T, _ = _checked(_plant((_big(), _small()), n_minus_1_reserve=True,
                                  motor_starts=starts), _prof([1500.0]))
    assert T["genset_kw"][0] == 1500.0
    assert T["step_capability_kw"][0] == pytest.approx(500.0 + 0.33 * 2000)
    assert T["start_capability_kva"][0] == pytest.approx(10_000.0)
    assert stats["start_refused_h"] == 0.0
    stats, T, _ = _checked(_plant((_big(), _small()), motor_starts=starts), _prof([1500.0]))
    assert T["step_capability_kw"][0] == 500.0 and T["start_capability_kva"][0] == 5000.0
    assert stats["start_refused_h"] == 1.0
    # a start of 1200 kW is refused even with the rule (1160 kW accepted), and so is one
    # of 10 x 1050 = 10500 kVA at a power factor of 0.1 (1050 kW fit, the kVA do not)
    big = (mg.MotorStart(name="mill", rated_kw=1200.0, **PLAIN),)
    stats, _, _ = _checked(_plant((_big(), _small()), n_minus_1_reserve=True,
                                  motor_starts=big), _prof([1500.0]))
    assert stats["start_refused_h"] == 1.0
    dol = mg.MotorStart(name="pump", rated_kw=1050.0, power_factor=1.0, efficiency=1.0,
                        starter=None, start_current_multiple=10.0, start_power_factor=0.1)
    assert dol.start_kw == pytest.approx(1050.0) and dol.start_kva == pytest.approx(10_500.0)
    stats, T, _ = _checked(_plant((_big(), _small()), n_minus_1_reserve=True,
                                  motor_starts=(dol,)), _prof([1500.0]))
    assert dol.start_kw <= T["step_capability_kw"][0]
    assert stats["start_refused_h"] == 1.0


# ------------------------------------------------------------------ hand-worked: predictive
def _predictive(**dispatch_kw):
    # the battery starts empty and the greedy plan (H = 1) does not charge it from the
    # gensets (a stored kWh is worth less than it costs): B = 0 every step
    bat = mg.Battery(energy_kwh=500.0, power_kw=200.0, soc_min=0.1, soc_initial=0.1)
    fleet = mg.GensetFleet(unit_rated_kw=400.0, n_units=5, min_load_ratio=0.0)
    return mg.System(genset=fleet, battery=bat, dispatch=mg.Dispatch(
        strategy="predictive", horizon_h=1, replan_h=1, soc_levels=3, **NO_RESERVE,
        **dispatch_kw))


@pytest.mark.filterwarnings("ignore::minegrid.MinegridWarning")
def test_predictive_losing_a_running_genset():
    # 1000 kW on 400 kW units: 3 run (1200 kW); one trips and 800 kW remain, 200 short.
    # With the rule the step model commits 4 (its plans and the step taken alike).
    mill = (mg.MotorStart(name="mill", rated_kw=300.0, **PLAIN),)
    tot, traj, _, _ = compare_predictive(_predictive(motor_starts=mill), _prof([1000.0] * 2),
                                         **KERNEL)
    assert traj[:, COL["units_online"]].tolist() == [3, 3]
    assert traj[:, COL["n1_shortfall_kw"]].tolist() == [200.0, 200.0]
    assert traj[:, COL["step_capability_kw"]].tolist() == [200.0, 200.0]
    assert (tot["n1_h"], tot["n1_kwh"], tot["start_refused_h"]) == (2.0, 400.0, 2.0)
    tot, traj, _, _ = compare_predictive(_predictive(motor_starts=mill,
                                                     n_minus_1_reserve=True),
                                         _prof([1000.0] * 2), **KERNEL)
    assert traj[:, COL["units_online"]].tolist() == [4, 4]
    assert (tot["n1_h"], tot["start_refused_h"]) == (0.0, 0.0)
    np.testing.assert_allclose(traj[:, COL["step_capability_kw"]], 0.33 * 1600)
    np.testing.assert_allclose(traj[:, COL["start_capability_kva"]], 2.5 * 1600 + 1.5 * 200)


# ------------------------------------------------------------------ fixed systems
def _week(seed=3, n=168):
    rng = np.random.default_rng(seed)
    hour = np.arange(n) % 24
    load = 5200 + 1500 * np.sin(2 * np.pi * hour / 24) + rng.normal(0, 250, n)
    pv = np.clip(np.sin(np.pi * (hour - 6) / 12), 0, None) * rng.uniform(0.4, 1.0, n)
    wind = rng.uniform(0, 3000, n)
    small_a = np.where(rng.random(n) < 0.05, 0.0, rng.uniform(0.85, 1.0, n))
    return dispatch.Profiles(load_kw=load, pv_kw_per_kw=pv, wind_kw_per_turbine=wind,
                             genset_availability=0.95, fleet_availability={"small": small_a})


FIXED = {
    "load following, blocks": _plant(
        (_small(4), _big(2)), battery=mg.Battery(energy_kwh=4000, power_kw=1500),
        n_minus_1_reserve=True, pv_block_kw=1500.0, battery_block_kw=500.0,
        motor_starts=(mg.MotorStart(name="SAG mill", rated_kw=1500, starter="vfd"),)),
    "cycle charging, timing rules": _plant(
        (_small(4, min_run_h=2.0, min_down_h=1.0), _big(2)),
        battery=mg.Battery(energy_kwh=6000, power_kw=2000),
        strategy="cycle_charging", n_minus_1_reserve=True,
        motor_starts=(mg.MotorStart(name="crusher", rated_kw=900, starter="star_delta"),)),
    "economic, converter, no rule": _plant(
        (_big(2), _small(4)), battery=mg.Battery(energy_kwh=5000, power_kw=1800),
        battery_dispatch="economic", pv_block_kw=1000.0,
        motor_starts=(mg.MotorStart(name="mill", rated_kw=500, starter="soft_starter"),)),
}


def _fixed(name):
    system = FIXED[name].replace(pv=mg.PVPlant(rated_kw=4000),
                                 wind=mg.WindPlant(n_turbines=1, turbine_rated_kw=3000))
    if name.startswith("economic"):
        system = system.replace(converter=mg.Converter(inverter_kw=3000, rectifier_kw=1500))
    return system


@pytest.mark.parametrize("name", sorted(FIXED))
def test_fixed_plants_match_the_reference(name):
    system, prof = _fixed(name), _week()
    rule = system.dispatch.n_minus_1_reserve
    stats, _, traj, ftraj, _ = compare_plant(system, prof)
    other, _, _, _, _ = compare_plant(system.replace(
        dispatch=system.dispatch.replace(n_minus_1_reserve=not rule)), prof)
    with_rule, without = (stats, other) if rule else (other, stats)
    assert without["n1_h"] > with_rule["n1_h"]   # a week with N-1 at stake
    assert with_rule["unit_h"] > without["unit_h"]
    assert 0 < stats["start_refused_h"] < prof.n_steps
    if rule:  # short only with every unit that may run
        short = traj[:, COL["n1_shortfall_kw"]] > 0
        np.testing.assert_array_equal(ftraj[short, :, 0],
                                      _may_run(system, prof, ftraj)[short])


@pytest.mark.filterwarnings("ignore::minegrid.MinegridWarning")
def test_fixed_predictive_matches_the_reference():
    prof = _week(n=48)
    system = mg.System(
        pv=mg.PVPlant(rated_kw=4000), wind=mg.WindPlant(n_turbines=1, turbine_rated_kw=3000),
        battery=mg.Battery(energy_kwh=6000, power_kw=2000),
        genset=mg.GensetFleet(unit_rated_kw=1000, n_units=8),
        dispatch=mg.Dispatch(strategy="predictive", horizon_h=12, replan_h=6, soc_levels=7,
                             n_minus_1_reserve=True, pv_block_kw=1500.0,
                             battery_block_kw=1000.0,
                             motor_starts=(mg.MotorStart(name="mill", rated_kw=1500,
                                                         starter="vfd"),)))
    tot, traj, _, _ = compare_predictive(system, prof, **KERNEL)
    without, _, _, _ = compare_predictive(system.replace(dispatch=system.dispatch.replace(
        n_minus_1_reserve=False)), prof, **KERNEL)
    assert without["n1_h"] > 0 and tot["n1_h"] < without["n1_h"]
    assert tot["unit_h"] > without["unit_h"]   # the rule's units run, and cost


def test_a_batch_mixing_the_rule_equals_its_designs_alone():
    # blocks of the plant kernel are of one kind, the N-1 rule or not (a literal of the
    # runner): a batch mixing both gives each design's own results
    from minegrid.dispatch import _kernel as K

    system, prof = _fixed("load following, blocks"), _week(n=72)
    rng = np.random.default_rng(5)
    m = 40
    cols = {"pv_kw": rng.uniform(0, 6000, m), "n_units[small]": rng.integers(0, 6, m),
            "n_units[big]": rng.integers(0, 3, m)}
    params, fleets, _, counts = plant.plant_matrix(system, cols, None, prof.dt_h)
    rule = rng.random(m) < 0.5
    params[:, K.P_N1] = rule
    out, _ = plant.run_plant_batch(system, params, fleets, prof)
    off, _ = plant.run_plant_batch(system, np.where(np.arange(K.N_PARAMS) == K.P_N1, 0.0,
                                                    params), fleets, prof)
    h = dispatch.STAT_NAMES.index("n1_h")
    assert (out[~rule] == off[~rule]).all() and (out[rule, h] < off[rule, h]).any()
    for i in (0, 1, 2, 3, 17, 39):
        one = plant.with_counts(system, counts[i]).replace(
            pv=mg.PVPlant(rated_kw=float(cols["pv_kw"][i])),
            dispatch=system.dispatch.replace(n_minus_1_reserve=bool(rule[i])))
        alone, _, _, _ = plant.run_plant(one, prof)
        assert dict(zip(dispatch.STAT_NAMES, out[i].tolist(), strict=True)) == alone


# ------------------------------------------------------------------ properties: plants
@st.composite
def rule_plants(draw, timing=True):
    """Plants of 2 or 3 types under load following or cycle charging (gensets or battery
    first), the N-1 rule on; with ``timing``, minimum run and down times too."""
    k = draw(st.integers(2, 3))
    fleets = tuple(mg.GensetFleet(
        name=f"type{i}", unit_rated_kw=draw(st.floats(150, 1200)),
        n_units=draw(st.integers(0, 4)), min_load_ratio=draw(st.floats(0, 0.5)),
        min_run_h=draw(st.sampled_from([0.0, 2.0, 3.0])) if timing else 0.0,
        min_down_h=draw(st.sampled_from([0.0, 2.0])) if timing else 0.0) for i in range(k))
    n = draw(st.integers(12, 48))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    cap = max(300.0, sum(f.rated_kw for f in fleets))
    hour = np.arange(n) % 24
    load = cap * rng.uniform(0.05, 0.9, n)
    pv = np.clip(np.sin(np.pi * (hour - 6) / 12), 0, None) * rng.uniform(0.3, 1.0, n)
    own = {f.name: np.where(rng.random(n) < 0.1, 0.0, rng.uniform(0.7, 1.0, n))
           for f in fleets if draw(st.booleans())}
    prof = dispatch.Profiles(load_kw=load, pv_kw_per_kw=pv,
                             wind_kw_per_turbine=rng.uniform(0, 800, n),
                             fleet_availability=own or None)
    energy = draw(st.sampled_from([0.0, 0.5])) * cap
    system = mg.System(
        pv=mg.PVPlant(rated_kw=draw(st.floats(0, 1.0)) * cap),
        wind=mg.WindPlant(n_turbines=draw(st.integers(0, 2)), turbine_rated_kw=800),
        battery=mg.Battery(energy_kwh=energy, power_kw=0.5 * energy) if energy else None,
        gensets=fleets, merit_order=draw(st.sampled_from(["cost", "given"])),
        dispatch=mg.Dispatch(
            strategy=draw(st.sampled_from(["load_following", "cycle_charging"])),
            battery_dispatch=draw(st.sampled_from(["genset_first", "battery_first"])),
            reserve_load_fraction=draw(st.floats(0, 0.2)), n_minus_1_reserve=True,
            pv_block_kw=draw(st.none() | st.floats(0.1, 1.0).map(lambda x: x * cap)),
            battery_block_kw=draw(st.none() | st.floats(0.1, 1.0).map(lambda x: x * cap)),
            motor_starts=(mg.MotorStart(name="mill", rated_kw=0.2 * cap),)))
    return system, prof


def _may_run(system, prof, ftraj):
    """Units of each type that may run each step (listed order): N_k less the units its
    minimum down time keeps off (as gensets.md's hi_k, from the kernel's units), 0 when the
    type is unavailable."""
    out = np.zeros(ftraj.shape[:2])
    own = prof.fleet_availability or {}
    for i, f in enumerate(system.fleets):
        a = np.broadcast_to(own.get(f.name, prof.genset_availability), prof.n_steps)
        n = ftraj[:, i, 0]
        stops = np.maximum(np.concatenate([[0.0], n[:-1]]) - n, 0.0)
        md = math.ceil(f.min_down_h / prof.dt_h) if f.min_down_h > 0 else 0
        for t in range(prof.n_steps):
            off = sum(stops[t - j] for j in range(1, md) if t - j >= 0)
            out[t, i] = 0.0 if a[t] * f.unit_rated_kw == 0 else f.n_units - off
    return out


@settings(max_examples=40, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rule_plants())
def test_with_the_rule_a_plant_is_short_only_when_every_unit_runs(case):
    system, prof = case
    stats, _, traj, ftraj, _ = compare_plant(system, prof)   # and equal to the reference
    short = traj[:, COL["n1_shortfall_kw"]] > 1e-9 * max(1.0, float(prof.load_kw.max()))
    may = _may_run(system, prof, ftraj)
    np.testing.assert_array_equal(ftraj[short, :, 0], may[short])


@settings(max_examples=30, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rule_plants(timing=False), st.data())
def test_adding_a_unit_never_raises_the_n1_hours(case, data):
    system, prof = case
    base, _, _, _ = plant.run_plant(system, prof)
    k = data.draw(st.integers(0, len(system.fleets) - 1))
    fleets = list(system.fleets)
    fleets[k] = fleets[k].replace(n_units=fleets[k].n_units + 1)
    more, _, _, _ = plant.run_plant(system.replace(gensets=tuple(fleets)), prof)
    assert more["n1_h"] <= base["n1_h"]
    # and the rule never leaves more shortfall than dispatch without it
    tol = 1e-9 * max(1.0, float(prof.load_kw.sum()))
    free, _, _, _ = plant.run_plant(system.replace(dispatch=system.dispatch.replace(
        n_minus_1_reserve=False)), prof)
    assert base["n1_kwh"] <= free["n1_kwh"] + tol


# ------------------------------------------------------------------ properties: predictive
@st.composite
def rule_predictive(draw):
    n = draw(st.integers(6, 30))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    fleet = mg.GensetFleet(unit_rated_kw=draw(st.floats(100, 800)),
                           n_units=draw(st.integers(1, 5)),
                           min_load_ratio=draw(st.floats(0, 0.6)))
    cap = fleet.rated_kw
    avail = np.where(rng.random(n) < 0.1, 0.0, rng.uniform(0.6, 1.0, n))
    prof = dispatch.Profiles(load_kw=cap * rng.uniform(0.05, 1.0, n),
                             pv_kw_per_kw=rng.uniform(0, 1, n),
                             wind_kw_per_turbine=rng.uniform(0, 500, n),
                             genset_availability=avail)
    energy = draw(st.floats(0.1, 2.0)) * cap
    horizon = draw(st.integers(1, 8))
    system = mg.System(
        pv=mg.PVPlant(rated_kw=draw(st.floats(0, 1.0)) * cap),
        wind=mg.WindPlant(n_turbines=draw(st.integers(0, 2)), turbine_rated_kw=500),
        battery=mg.Battery(energy_kwh=energy, power_kw=draw(st.floats(0.1, 1.0)) * energy,
                           soc_initial=draw(st.floats(0.2, 1.0))),
        genset=fleet,
        dispatch=mg.Dispatch(
            strategy="predictive", horizon_h=horizon, replan_h=draw(st.integers(1, horizon)),
            soc_levels=draw(st.integers(3, 7)),
            reserve_load_fraction=draw(st.floats(0, 0.2)), n_minus_1_reserve=True,
            pv_block_kw=draw(st.none() | st.floats(0.1, 1.0).map(lambda x: x * cap)),
            battery_block_kw=draw(st.none() | st.floats(0.1, 1.0).map(lambda x: x * cap)),
            motor_starts=(mg.MotorStart(name="mill", rated_kw=0.2 * cap),)))
    return system, prof


@pytest.mark.filterwarnings("ignore::minegrid.MinegridWarning")
@settings(max_examples=30, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rule_predictive())
def test_with_the_rule_predictive_is_short_only_when_every_unit_runs(case):
    system, prof = case
    _, traj, _, _ = compare_predictive(system, prof, **KERNEL)   # equal to the reference
    short = traj[:, COL["n1_shortfall_kw"]] > 1e-9 * max(1.0, float(prof.load_kw.max()))
    available = prof.genset_availability > 0
    assert (traj[short & available, COL["units_online"]] == system.genset.n_units).all()


# ------------------------------------------------------------------ results and sizing
def test_plant_results_carry_the_checks():
    mill = mg.MotorStart(name="mill", rated_kw=1500, starter="vfd")
    pump = mg.MotorStart(name="pump", rated_kw=300, starter="star_delta")
    system = _fixed("load following, blocks")
    system = system.replace(dispatch=system.dispatch.replace(motor_starts=(pump, mill)))
    prof = _week()
    r = mg.simulate(system, prof, dispatch=True)
    stats, _, _, _ = plant.run_plant(system, prof)
    assert r.stats.n1_hours == pytest.approx(stats["n1_h"] * 8760 / prof.period_h)
    checks = {c["name"]: c for c in r.design_checks()}
    assert checks["n_minus_1"]["value"] == r.stats.n1_hours
    assert checks["n_minus_1"]["met"] == (r.stats.n1_hours == 0)
    table = mg.motor_start_table(r)
    assert table.loc["mill", "refused [h/yr]"] == r.stats.motor_start_refused_hours
    assert table.loc["pump", "refused [h/yr]"] <= table.loc["mill", "refused [h/yr]"]


def test_sizing_a_plant_holds_n_minus_1():
    t = np.arange(72)
    prof = mg.Profiles(load_kw=3000 + 800 * np.sin(2 * np.pi * t / 24),
                       pv_kw_per_kw=np.clip(np.sin(np.pi * ((t % 24) - 6) / 12), 0, None))
    system = mg.System(gensets=(_small(1), _big(1)), battery=mg.Battery(energy_kwh=2000),
                       dispatch=mg.Dispatch(n_minus_1_reserve=True))
    space = mg.DesignSpace(pv_kw=(0, 4000), type_units={"small": (0, 6), "big": (0, 3)})
    req = mg.Requirements(max_unserved_fraction=0.0, max_n1_hours=0.0)
    r = mg.size(system, prof, space, req, maxiter=6, popsize=6, progress=False, seed=2)
    assert r.success and r.result.stats.n1_hours == 0.0
    assert r.constraints["max_n1_hours"]["value"] == 0.0
    # holding N-1 costs at least as much as the cheapest design that need not
    free = mg.size(system.replace(dispatch=mg.Dispatch()), prof, space,
                   mg.Requirements(max_unserved_fraction=0.0), maxiter=6, popsize=6,
                   progress=False, seed=2)
    assert r.fun >= free.fun * (1 - 1e-9)


@pytest.mark.filterwarnings("ignore::minegrid.MinegridWarning")
def test_sizing_predictive_takes_the_requirements():
    prof = _prof([1000.0, 1200.0, 900.0, 1100.0] * 6)
    system = _predictive(n_minus_1_reserve=True).replace(
        pv=mg.PVPlant(rated_kw=500.0))
    req = mg.Requirements(max_n1_hours=0.0, max_motor_start_refused_hours=8760.0)
    r = mg.size(system, prof, mg.DesignSpace(pv_kw=(0, 1000)), req, method="grid", grid=3,
                progress=False)
    assert r.success and r.result.stats.n1_hours == 0.0
