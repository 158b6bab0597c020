"""The LP lower bound: below every rule-based design, tight where the rules are optimal."""

from __future__ import annotations

import math

import numpy as np
import pytest

import minegrid as mg
from minegrid.dispatch import Profiles
from minegrid.economics import lifecycle_factors
from minegrid.sizing.lp import LPBound, lp_bound, min_lifecycle_factor

# the bound may exceed a cost by HiGHS's feasibility/optimality tolerances only
LP_RTOL = 1e-6

# up to 12 units: N+1 at the datasheet derating of 4,200 m (0.643) needs 11 of 1,000 kW
SPACE = mg.DesignSpace(pv_kw=(0.0, 12000.0), n_turbines=(0, 4), battery_kwh=(0.0, 16000.0),
                       n_units=(5, 12))


@pytest.fixture(scope="module")
def sized(example, prof):
    return mg.size(example.system, prof, SPACE, project=example.project, seed=0,
                   progress=False)


@pytest.mark.parametrize(("repl", "salv", "life", "years", "rate"), [
    (1.0, 1.0, 15.0, 20, 0.0), (1.0, 1.0, 15.0, 15, 0.08), (0.7, 1.0, 12.0, 25, 0.05),
    (1.0, 0.5, math.inf, 20, 0.08), (1.2, 1.0, 40.0, 10, 0.1), (1.0, 1.0, 3.0, 20, 0.03),
])
def test_min_lifecycle_factor_is_below_every_life(repl, salv, life, years, rate):
    low = min_lifecycle_factor(repl, salv, life, years, rate)
    top = life if math.isfinite(life) else 10 * years
    lives = np.concatenate([np.random.default_rng(0).uniform(0.05, top, 20000),
                            years / np.arange(1, 200), [top]])
    lives = lives[lives <= top]
    r, s = lifecycle_factors(lives, years, rate)
    assert np.all(repl * r - salv * s >= low - 1e-12)
    if not math.isfinite(life):
        assert low == pytest.approx(-salv * (1 + rate) ** -years)


def test_negative_rate_is_refused():
    with pytest.raises(mg.InputError, match="discount_rate"):
        min_lifecycle_factor(1.0, 1.0, 10.0, 20, -0.01)


def test_dispatch_bound_below_each_evaluated_design(example, prof, sized):
    """Dispatch-mode bound <= rule-based NPC, for feasible and infeasible evaluated designs."""
    h = sized.history
    rng = np.random.default_rng(3)
    rows = h.iloc[rng.choice(len(h), size=12, replace=False)]
    for _, row in rows.iterrows():
        system = example.system.replace(
            pv=example.system.pv.replace(rated_kw=float(row["pv_kw"])),
            wind=example.system.wind.replace(n_turbines=int(row["n_turbines"])),
            battery=example.system.battery.replace(
                energy_kwh=float(row["battery_kwh"]), power_kw=float(row["battery_kw"]),
                charge_power_kw=float(row["battery_kw"]),
                discharge_power_kw=float(row["battery_kw"])),
            genset=example.system.genset.replace(n_units=int(row["n_units"])))
        b = lp_bound(system, prof, project=example.project)
        assert b.success, b.message
        assert b.rule_npc == pytest.approx(row["npc"], rel=1e-9)
        assert b.npc <= row["npc"] * (1 + LP_RTOL)
        assert b.dispatch_regret >= -LP_RTOL
        assert b.operating_npc <= b.rule_operating_npc * (1 + LP_RTOL)


def test_sizing_bound_below_every_feasible_design(example, prof, sized):
    b = lp_bound(example.system, prof, project=example.project, space=SPACE, mode="sizing")
    assert b.success
    feasible = sized.history[sized.history["feasible"]]
    assert b.npc <= feasible["npc"].min() * (1 + LP_RTOL)
    assert sized.fun >= b.npc
    assert 0 <= b.gap(sized.fun) < 0.5  # the rule-based optimum sits above, not absurdly far
    # the LP's sizes are within the space
    for name, (lo, hi) in zip(SPACE.free, SPACE.bounds(), strict=True):
        v = {"pv_kw": b.pv_kw, "n_turbines": b.n_turbines, "battery_kwh": b.battery_kwh,
             "n_units": b.genset_kw / example.system.genset.unit_rated_kw}[name]
        assert lo - 1e-6 <= v <= hi + 1e-6


def test_sizing_bound_with_requirements_below_constrained_optimum(example, prof):
    req = mg.Requirements(min_renewable_fraction=0.55, n_plus_1=True, largest_motor_kw=2351.0,
                          max_capital=35e6)
    r = mg.size(example.system, prof, SPACE, req, project=example.project, progress=False)
    assert r.success
    b = lp_bound(example.system, prof, project=example.project, space=SPACE,
                 requirements=req, mode="sizing")
    assert b.success
    assert b.renewable_fraction >= 0.55 - 1e-6
    assert b.npc <= r.fun
    feasible = r.history[r.history["feasible"]]
    assert b.npc <= feasible["npc"].min() * (1 + LP_RTOL)
    # tighter requirements never lower the bound
    free = lp_bound(example.system, prof, project=example.project, space=SPACE, mode="sizing")
    assert free.npc <= b.npc * (1 + LP_RTOL)


def test_bound_is_tight_where_the_rules_are_optimal():
    """PV + one genset, no battery, no reserve, no minimum load, no no-load fuel, no O&M and
    a genset that never wears out: the rule-based dispatch is optimal, so bound == cost."""
    n = 24 * 14
    hour = np.arange(n) % 24
    load = 800 + 200 * np.sin(2 * np.pi * hour / 24)
    pv = np.clip(np.sin(np.pi * (hour - 6) / 12), 0, None)
    prof = Profiles(load_kw=load, pv_kw_per_kw=pv, dt_h=1.0)
    system = mg.System(
        pv=mg.PVPlant(rated_kw=600.0),
        genset=mg.GensetFleet(unit_rated_kw=1200.0, n_units=1, min_load_ratio=0.0,
                              fuel_intercept_l_per_h_per_kw=0.0, om_per_unit_hour=0.0,
                              life_hours=1e15),
        dispatch=mg.Dispatch(reserve_load_fraction=0.0, reserve_pv_fraction=0.0,
                             reserve_wind_fraction=0.0))
    b = lp_bound(system, prof, project=mg.Project(discount_rate=0.06))
    assert b.success
    assert b.npc == pytest.approx(b.rule_npc, rel=1e-7)
    assert abs(b.dispatch_regret) < 1e-7


def test_infeasible_lp(example, prof):
    b = lp_bound(example.system, prof, project=example.project, space=SPACE, mode="sizing",
                 requirements=mg.Requirements(max_capital=1e5))
    assert not b.success and b.status == 2 and "infeasible" in b.message
    assert math.isnan(b.npc)


def test_bad_input(example, prof):
    with pytest.raises(mg.InputError, match="mode"):
        lp_bound(example.system, prof, mode="both")
    with pytest.raises(mg.InputError, match="space"):
        lp_bound(example.system, prof, mode="sizing")
    with pytest.raises(mg.InputError, match="sizing mode"):
        lp_bound(example.system, prof, space=SPACE)
    with pytest.raises(mg.InputError, match="discount_rate"):
        lp_bound(example.system, prof, project=mg.Project(discount_rate=-0.02))


def test_top_level_name_and_repr(example, prof):
    assert mg.lp_bound is lp_bound
    b = mg.lp_bound(example.system, prof, project=example.project)
    assert isinstance(b, LPBound)
    assert "dispatch regret" in repr(b)
    assert b.to_dict()["mode"] == "dispatch"


@pytest.mark.parametrize("dispatch", [
    mg.Dispatch(),
    mg.Dispatch(strategy="cycle_charging", allow_diesel_off=False),
    mg.Dispatch(battery_dispatch="economic", reserve_peak_load_fraction=0.1),
])
def test_bound_holds_with_a_converter_and_homer_salvage(example, prof, dispatch):
    """A converter (relaxed to one lossless bus in the LP), salvage on a replacement cost above
    capital, and every dispatch rule: the bound stays below the rule-based NPC."""
    s = example.system
    system = s.replace(
        pv=s.pv.replace(replacement_ratio=1.4), battery=s.battery.replace(replacement_ratio=1.3),
        converter=mg.Converter(inverter_kw=5000.0, inverter_efficiency=0.95, rectifier_kw=3000.0),
        dispatch=dispatch)
    project = example.project.replace(salvage_basis="replacement")
    b = lp_bound(system, prof, project=project)
    assert b.success
    assert b.npc <= b.rule_npc * (1 + LP_RTOL)
    # the converter's fixed cost is in the bound
    free = lp_bound(system.replace(converter=system.converter.replace(capex_per_kw=0.0)), prof,
                    project=project)
    assert b.npc > free.npc


# --------------------------------------------------------------------------- load (issue 15)
def test_aggregated_bound_is_below_the_fine_bound(example, prof):
    """Averaging steps relaxes the LP: a looser bound, still below the fine one."""
    fine = lp_bound(example.system, prof, project=example.project, space=SPACE, mode="sizing")
    for k in (2, 3, 8):
        coarse = lp_bound(example.system, prof, project=example.project, space=SPACE,
                          mode="sizing", aggregate=k)
        assert coarse.success and coarse.npc <= fine.npc * (1 + LP_RTOL)
    d_fine = lp_bound(example.system, prof, project=example.project)
    d_coarse = lp_bound(example.system, prof, project=example.project, aggregate=4)
    assert d_coarse.npc <= d_fine.npc * (1 + LP_RTOL)
    assert d_coarse.rule_npc == d_fine.rule_npc  # the rule-based design is simulated finely


def test_aggregating_held_values_changes_nothing(example, prof):
    """Profiles that hold each value for k steps give the same bound aggregated by k."""
    k = 3
    rep = {n: np.repeat(getattr(prof, n), k) for n in
           ("load_kw", "pv_kw_per_kw", "wind_kw_per_turbine", "genset_availability")}
    fine = Profiles(**rep, dt_h=prof.dt_h / k)
    # aggregated steps keep the full commitment relaxation (lpcommit applies per step)
    a = lp_bound(example.system, prof, project=example.project, commitment=False)
    b = lp_bound(example.system, fine, project=example.project, aggregate=k)
    assert b.npc == pytest.approx(a.npc, rel=1e-6)


def test_aggregate_must_divide_the_steps(example, prof):
    with pytest.raises(mg.InputError, match="does not divide") as info:
        lp_bound(example.system, prof, project=example.project, aggregate=5)
    assert "Fix:" in str(info.value)
    with pytest.raises(mg.InputError, match="aggregate"):
        lp_bound(example.system, prof, project=example.project, aggregate="60")


def test_memory_estimate_refuses_clearly_with_an_aggregation_that_fits(example):
    from minegrid.sizing.lpscale import check_lp_memory, lp_memory_gb

    assert lp_memory_gb(525_600, "dispatch") > 4.0 > lp_memory_gb(8760, "dispatch")
    assert lp_memory_gb(52_560, "sizing") > lp_memory_gb(52_560, "dispatch")
    with pytest.raises(mg.InputError) as info:
        check_lp_memory(525_600, "dispatch", 4.0, 525_600)
    msg = str(info.value)
    assert "4.7 GB" in msg and "max_memory_gb = 4" in msg and "aggregate=2 " in msg
    check_lp_memory(525_600, "dispatch", None, 525_600)  # no limit
    with pytest.raises(mg.InputError, match="max_memory_gb"):
        lp_bound(example.system, example.profiles, project=example.project, max_memory_gb=0.1)


def test_time_limit_is_checked_and_reported(example, prof):
    with pytest.raises(mg.InputError, match="time_limit_s"):
        lp_bound(example.system, prof, project=example.project, time_limit_s=-1)
    b = lp_bound(example.system, prof, project=example.project, space=SPACE, mode="sizing",
                 time_limit_s=1e-6)
    assert not b.success and b.message


def test_large_lp_solved_in_a_child_matches_in_process(example, prof, monkeypatch):
    from minegrid.sizing import lp as lp_module

    here = lp_bound(example.system, prof, project=example.project)
    monkeypatch.setattr(lp_module, "IN_PROCESS_MAX_STEPS", 10)
    from minegrid import executors

    calls = []
    real = executors.call_in_child
    monkeypatch.setattr(executors, "call_in_child",
                        lambda fn, *a, **k: calls.append(fn.__name__) or real(fn, *a, **k))
    there = lp_bound(example.system, prof, project=example.project)
    assert there.npc == here.npc and there.fuel_l == here.fuel_l
    assert calls == ["_solve"]  # solved in a child process
