"""Sizing: differential evolution against the exhaustive grid, constraints, results, bad input.

Profiles are three weeks of the bundled Andean example (504 hourly steps), so
an exhaustive grid of ~10,000 designs costs a fraction of a second and is the
oracle for the optimiser.
"""

from __future__ import annotations

import io
import math

import numpy as np
import pytest

import minegrid as mg
from minegrid import sizing

#: The optimiser must reach the dense grid's optimum within this relative tolerance.
GRID_RTOL = 1e-3


# up to 12 units: N+1 at the datasheet derating of 4,200 m (0.643) needs 11 of 1,000 kW
SPACE = mg.DesignSpace(pv_kw=(0.0, 12000.0), n_turbines=(0, 4), battery_kwh=(0.0, 16000.0),
                       n_units=(5, 12))


@pytest.fixture(scope="module")
def grid_result(example, prof):
    grid = {"pv_kw": np.linspace(0, 12000, 49), "battery_kwh": np.linspace(0, 16000, 33)}
    return mg.size(example.system, prof, SPACE, project=example.project, method="grid",
                   grid=grid, progress=False)


def test_grid_returns_the_whole_table(grid_result):
    h = grid_result.history
    assert len(h) == 49 * 33 * 5 * 8 == grid_result.nfev
    assert grid_result.success and grid_result.status == 0
    feasible = h[h["feasible"]]
    assert grid_result.fun == pytest.approx(feasible["npc"].min(), rel=1e-12)
    # every combination appears once
    assert not h.duplicated(["pv_kw", "n_turbines", "battery_kwh", "n_units"]).any()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_de_finds_the_grid_optimum(example, prof, grid_result, seed):
    r = mg.size(example.system, prof, SPACE, project=example.project, seed=seed,
                progress=False)
    assert r.success, r.message
    assert r.fun <= grid_result.fun * (1 + GRID_RTOL), (r.fun, grid_result.fun)
    lo, hi = np.array(SPACE.bounds()).T
    assert np.all(r.x >= lo) and np.all(r.x <= hi)
    for name in ("n_turbines", "n_units"):
        assert r.values[name] == round(r.values[name])


def test_same_seed_same_answer(example, prof):
    kw = dict(project=example.project, seed=7, maxiter=20, progress=False)
    a = mg.size(example.system, prof, SPACE, **kw)
    b = mg.size(example.system, prof, SPACE, **kw)
    np.testing.assert_array_equal(a.x, b.x)
    assert a.fun == b.fun and a.nfev == b.nfev


def test_result_is_consistent_with_simulate(example, prof):
    r = mg.size(example.system, prof, SPACE, project=example.project, maxiter=30,
                progress=False)
    again = mg.simulate(r.design, prof, project=example.project)
    assert r.fun == pytest.approx(again.costs.npc, rel=1e-9)
    assert r.result.costs.npc == pytest.approx(again.costs.npc, rel=1e-9)
    assert r.result.base is not None and r.result.savings.npc > 0
    # the design's kernel parameters are exactly those evaluated
    feasible = r.history[r.history["feasible"]]
    best = feasible.loc[feasible["objective"].idxmin()]
    assert best["npc"] == pytest.approx(r.fun, rel=1e-9)
    assert r.design.pv.rated_kw == pytest.approx(r.values["pv_kw"])
    assert r.design.genset.n_units == r.values["n_units"]
    # history: every evaluation, with statistics, costs and constraint values
    for col in ("npc", "lcoe", "renewable_fraction", "fuel_l", "feasible",
                "g_max_unserved_fraction", "stage"):
        assert col in r.history.columns
    assert len(r.history) == r.nfev
    assert set(r.history["stage"]) == {"de", "polish"}
    assert "SizingResult(" in repr(r) and "npc" in repr(r)
    frame = r.to_frame()
    assert {"pv_kw", "npc", "max_unserved_fraction"} <= set(frame.index)


def test_constraints_hold_in_the_returned_design(example, prof):
    motor = 2351.0
    req = mg.Requirements(max_unserved_fraction=0.0, min_renewable_fraction=0.55,
                          max_co2_t_per_year=16000.0, max_capital=35e6, n_plus_1=True,
                          largest_motor_kw=motor)
    r = mg.size(example.system, prof, SPACE, req, project=example.project, progress=False)
    assert r.success, r.message
    res = mg.simulate(r.design, prof, project=example.project)
    s, c = res.stats, res.costs
    assert s.unserved_fraction <= 0.0
    assert s.renewable_fraction >= 0.55
    assert s.co2_t <= 16000.0
    assert c.capital <= 35e6
    gen = r.design.genset
    a_min = prof.genset_availability.min()
    peak = prof.load_kw.max()
    assert (gen.n_units - 1) * gen.unit_rated_kw * a_min >= peak
    firm = gen.n_units * gen.unit_rated_kw * a_min + r.design.battery.discharge_power_kw
    assert firm >= peak + motor
    assert all(v["met"] for v in r.constraints.values())
    # the renewable requirement binds: the unconstrained optimum is below it
    free = mg.size(example.system, prof, SPACE, project=example.project, maxiter=30,
                   progress=False)
    assert free.result.stats.renewable_fraction < 0.55 or free.fun <= r.fun


def test_spinning_reserve_for_the_largest_motor(example, prof):
    # hourly contingency reserve: gensets held online to pick up a 2.35 MW motor start
    motor = 2351.0
    system = example.system.replace(dispatch=example.system.dispatch.replace(
        reserve_fixed_kw=motor))
    req = mg.Requirements(max_capacity_shortage_fraction=0.0)
    # night: 5.6 MW load + 10 % + 2.35 MW on units derated to ~0.7 needs about 12 units
    space = mg.DesignSpace(pv_kw=(0.0, 12000.0), n_turbines=(0, 4),
                           battery_kwh=(0.0, 16000.0), n_units=(5, 16))
    r = mg.size(system, prof, space, req, project=example.project, progress=False, seed=1)
    assert r.success, r.message
    res = mg.simulate(r.design, prof, project=example.project, dispatch=True)
    assert res.stats.capacity_shortage_kwh == 0.0
    d = res.dispatch
    online = d["units_online"] * r.design.genset.unit_rated_kw * prof.genset_availability
    battery_room = res.system.battery.discharge_power_kw  # upper bound on what it can add
    net = (d["load_kw"] - d["pv_kw"] - d["wind_kw"]).clip(lower=0)
    assert (online + battery_room >= net + motor - 1e-6).all()
    # holding the reserve costs fuel against the same design without it
    plain = mg.simulate(r.design.replace(dispatch=example.system.dispatch), prof,
                        project=example.project)
    assert plain.stats.fuel_l < res.stats.fuel_l
    bad = mg.size(system.replace(genset=system.genset.replace(n_units=2)), prof,
                  mg.DesignSpace(pv_kw=(0.0, 1000.0), n_units=2), req,
                  project=example.project, progress=False, maxiter=5)
    assert not bad.success and "max_capacity_shortage_fraction" in bad.message


def test_fuel_limit_and_objectives(example, prof, grid_result):
    base = mg.size(example.system, prof, SPACE, project=example.project, maxiter=30,
                   progress=False)
    h = grid_result.history
    least_fuel = h.loc[h["unserved_fraction"] == 0, "fuel_l"].min()
    limit = 0.5 * (least_fuel + base.result.stats.fuel_l)  # feasible, and binding
    r = mg.size(example.system, prof, SPACE, mg.Requirements(max_fuel_l_per_year=limit),
                project=example.project, maxiter=40, progress=False)
    assert r.success and r.result.stats.fuel_l <= limit
    assert r.fun >= base.fun * (1 - GRID_RTOL)
    lc = mg.size(example.system, prof, SPACE, project=example.project, objective="lcoe",
                 maxiter=30, progress=False)
    assert lc.fun == pytest.approx(lc.result.costs.lcoe, rel=1e-9)
    an = mg.size(example.system, prof, SPACE, project=example.project, objective="annualised",
                 maxiter=30, progress=False)
    assert an.fun == pytest.approx(an.result.costs.annualised, rel=1e-9)


@pytest.mark.parametrize(("req", "name"), [
    (mg.Requirements(min_renewable_fraction=0.99), "min_renewable_fraction"),
    (mg.Requirements(max_capital=1e6), "max_capital"),
    (mg.Requirements(max_co2_t_per_year=10.0), "max_co2_t_per_year"),
    (mg.Requirements(n_plus_1=True), "n_plus_1"),
])
def test_infeasible_requirements_name_the_binding_constraint(example, prof, req, name):
    space = SPACE if name != "n_plus_1" else mg.DesignSpace(
        pv_kw=(0.0, 12000.0), battery_kwh=(0.0, 16000.0), n_units=(2, 6))
    r = mg.size(example.system, prof, space, req, project=example.project, maxiter=15,
                progress=False)
    assert not r.success
    assert r.status == 2
    assert name in r.message
    assert r.design is not None and r.result is not None
    assert not r.constraints[name]["met"]


def test_interrupt_returns_best_so_far(example, prof):
    def stop(nit, x, fun, feasible):
        if nit == 3:
            raise KeyboardInterrupt

    r = mg.size(example.system, prof, SPACE, project=example.project, callback=stop,
                progress=False)
    assert not r.success and r.status == 3
    assert "interrupted" in r.message
    assert r.nit == 3 and math.isfinite(r.fun)
    assert r.fun == pytest.approx(r.history.loc[r.history["feasible"], "npc"].min(), rel=1e-12)


def test_stop_iteration_from_callback_is_a_normal_end(example, prof):
    def stop(nit, x, fun, feasible):
        if nit == 2:
            raise StopIteration

    r = mg.size(example.system, prof, SPACE, project=example.project, callback=stop,
                polish=False, progress=False)
    assert r.success and r.nit == 2


def test_progress_goes_to_the_reporter(example, prof):
    buf = io.StringIO()
    reporter = sizing.ProgressReporter(stream=buf, interval_s=0.0)
    mg.size(example.system, prof, SPACE, project=example.project, maxiter=3, polish=False,
            progress=reporter)
    text = buf.getvalue()
    assert "minegrid.size:" in text and "designs" in text and "done" in text


def test_silent_without_progress(example, prof, capsys):
    mg.size(example.system, prof, SPACE, project=example.project, maxiter=3, polish=False,
            progress=False)
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""


def test_existing_units_cost_no_capital(example, prof):
    space = mg.DesignSpace(pv_kw=(0.0, 12000.0), battery_kwh=(0.0, 16000.0),
                           battery_duration_h=2.0, n_units=(0, 6), existing_units=5)
    r = mg.size(example.system, prof, space, project=example.project, maxiter=30,
                progress=False)
    assert r.success
    gen = r.design.genset
    assert gen.n_units == 5 + r.values["n_units"]
    assert r.design.battery.power_kw == pytest.approx(r.design.battery.energy_kwh / 2.0)
    # the design carries the owned units: simulating it prices them without capital
    assert gen.existing_units == 5
    assert mg.simulate(r.design, prof, project=example.project).costs.npc == pytest.approx(
        r.fun, rel=1e-12)
    bought = r.design.replace(genset=gen.replace(existing_units=0))
    full = mg.simulate(bought, prof, project=example.project)
    credit = 5 * gen.unit_rated_kw * gen.capex_per_kw
    assert r.fun == pytest.approx(full.costs.npc - credit, rel=1e-9)
    assert r.result.costs.capital == pytest.approx(full.costs.capital - credit, rel=1e-9)


def test_total_genset_kw_as_one_unit(example, prof):
    space = mg.DesignSpace(pv_kw=(0.0, 12000.0), battery_kwh=(0.0, 16000.0),
                           genset_kw=(0.0, 12000.0))
    r = mg.size(example.system, prof, space, project=example.project, maxiter=30,
                progress=False)
    assert r.success
    assert r.design.genset.n_units == 1
    assert r.design.genset.unit_rated_kw == pytest.approx(r.values["genset_kw"])
    # one unit must cover the peak at the worst derating, or energy goes unserved
    assert r.result.stats.unserved_fraction == 0.0


@pytest.mark.parametrize(("kwargs", "words"), [
    (dict(pv_kw=(5000.0, 1000.0)), "inverted"),
    (dict(n_turbines=(0.2, 0.8)), "no whole number"),
    (dict(pv_kw=()), "pair"),
    (dict(pv_kw=(0.0, math.inf)), "finite"),
    (dict(battery_kwh=(-10.0, 10.0)), ">= 0"),
    (dict(n_units=2.5), "whole number"),
    (dict(battery_kw=(0.0, 10.0), battery_duration_h=2.0), "battery_duration_h"),
    (dict(genset_kw=(0.0, 10.0), n_units=(1, 3)), "genset_kw"),
])
def test_bad_design_space(kwargs, words):
    with pytest.raises(mg.InputError, match=words):
        mg.DesignSpace(**kwargs)


def test_bad_calls(example, prof):
    with pytest.raises(mg.InputError, match="no decision variable"):
        mg.size(example.system, prof, mg.DesignSpace(pv_kw=1000.0), progress=False)
    with pytest.raises(mg.InputError, match="objective"):
        mg.size(example.system, prof, SPACE, objective="cheap", progress=False)
    with pytest.raises(mg.InputError, match="method"):
        mg.size(example.system, prof, SPACE, method="anneal", progress=False)
    with pytest.raises(mg.InputError, match="max_designs"):
        mg.size(example.system, prof, SPACE, method="grid", grid=1000, progress=False)
    with pytest.raises(mg.InputError, match="fraction"):
        mg.Requirements(min_renewable_fraction=60.0)
    with pytest.raises(mg.InputError, match="Requirements.max_capital"):
        mg.Requirements(max_capital=-1.0)


@pytest.mark.slow
def test_pareto_fronts(example, prof):
    import matplotlib

    matplotlib.use("Agg")
    space = mg.DesignSpace(pv_kw=(0.0, 12000.0), n_turbines=(0, 4), battery_kwh=(0.0, 16000.0),
                           n_units=(5, 10))
    front = sizing.pareto(example.system, prof, space, project=example.project, n_points=4,
                          maxiter=40)
    assert set(front["front"]) == {"renewable_fraction", "co2_t"}
    assert len(front) == 8
    rf = front[(front["front"] == "renewable_fraction") & front["success"]]
    # each level is met, and cost rises (within optimiser tolerance) as the level tightens
    assert (rf["renewable_fraction"] >= rf["level"] - 1e-9).all()
    assert (np.diff(rf["objective"].to_numpy()) >= -2e-3 * rf["objective"].iloc[0]).all()
    co2 = front[(front["front"] == "co2_t") & front["success"]]
    assert (co2["co2_t"] <= co2["level"] * (1 + 1e-9)).all()
    axes = sizing.plot_pareto(front)
    assert len(axes) == 2
    import matplotlib.pyplot as plt

    plt.close("all")
