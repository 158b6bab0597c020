"""Load shedding by process area (issue 20): allocation, cost, the sizing objective, errors.

Hand-worked cases, the plain reference of ``tests/naive_shedding.py`` on hypothesis
cases, the invariants of the rule, and the objective ``npc_plus_lost_value`` against the
plain computation (simulate with trajectories, then allocate).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import minegrid as mg
from minegrid.errors import InputError
from minegrid.shedding import (
    AreaLoads,
    allocate_shedding,
    lost_value_npc,
    lost_value_per_year,
    shedding_for,
    shedding_order,
)
from naive_shedding import naive_shedding


def three_areas(unserved, priority=(1, 1, 1)):
    """Offices 600 kW at 100/MWh, workshops 800 kW at 300/MWh, mill 2000 kW at 1000/MWh,
    over steps of 1 h."""
    n = len(unserved)
    frame = pd.DataFrame({"offices": np.full(n, 600.0), "workshops": np.full(n, 800.0),
                          "mill": np.full(n, 2000.0)},
                         index=pd.date_range("2023-01-01", periods=n, freq="h"))
    loads = AreaLoads(load_kw=frame, priority=priority,
                      lost_value_per_mwh=(100.0, 300.0, 1000.0), dt_h=1.0)
    return loads, pd.Series(np.asarray(unserved, dtype=float), index=frame.index)


# ---- hand-worked ------------------------------------------------------------------------
def test_one_megawatt_shed_from_the_lowest_value_first_then_the_next():
    loads, u = three_areas([0.0, 1000.0, 150.0])
    shed = allocate_shedding(loads, u)
    # 1 MW: offices give all their 600 kW, workshops the other 400 kW, the mill nothing
    assert shed.shed_kw.iloc[1].tolist() == [600.0, 400.0, 0.0]
    assert shed.shed_kw.iloc[2].tolist() == [150.0, 0.0, 0.0]
    assert shed.shed_kw.iloc[0].tolist() == [0.0, 0.0, 0.0]
    # per period: 750 kWh x 100/MWh + 400 kWh x 300/MWh = 75 + 120 = 195; 3 h -> x 2920
    assert shed.cost_per_year == pytest.approx(195.0 * 8760 / 3, rel=1e-12)
    t = shed.table
    assert t.loc["offices", "shed_kwh_per_year"] == pytest.approx(750.0 * 2920)
    assert t.loc["offices", "shed_hours_per_year"] == pytest.approx(2 * 2920)
    assert t.loc["workshops", "shed_hours_per_year"] == pytest.approx(2920)
    assert t.loc["mill", "shed_hours_per_year"] == 0.0
    assert t["order"].tolist() == [1, 2, 3]
    assert shed.shed_kwh_per_year == pytest.approx(shed.unserved_kwh_per_year)
    assert shed.npc is None and shed.currency == "USD"


def test_priority_before_value():
    # the mill (highest value) has the lowest priority: it is shed first
    loads, u = three_areas([2500.0], priority=(2, 2, 0))
    shed = allocate_shedding(loads, u)
    assert shed.shed_kw.iloc[0].tolist() == [500.0, 0.0, 2000.0]
    assert shed.table["order"].tolist() == [2, 3, 1]
    assert shed.cost_per_year == pytest.approx((500 * 0.1 + 2000 * 1.0) * 8760)


def test_whole_load_shed_and_ties_keep_the_listing_order():
    assert shedding_order([1, 1, 0], [5.0, 5.0, 5.0]) == (2, 0, 1)
    loads, u = three_areas([3400.0])
    shed = allocate_shedding(loads, u)
    assert shed.shed_kw.iloc[0].tolist() == [600.0, 800.0, 2000.0]
    assert shed.table["shed_fraction"].tolist() == [1.0, 1.0, 1.0]


def test_value_per_tonne_and_present_value():
    mill = mg.ProcessArea(name="mill", kind="grinding_ball", installed_kw=1000.0,
                          lost_value_per_t=25.0, tonnes_per_mwh=40.0)
    assert mill.value_per_mwh == 1000.0 and mill.value_given
    sized = mg.ProcessArea.from_throughput("SAG", "grinding_sag", throughput_t_per_h=100.0,
                                           specific_energy_kwh_per_t=8.0, lost_value_per_t=4.0)
    assert sized.tonnes_per_mwh == 125.0 and sized.value_per_mwh == 500.0
    camp = mg.ProcessArea(name="camp", kind="camp", installed_kw=100.0)
    assert camp.value_per_mwh == 0.0 and not camp.value_given and camp.priority == 2
    assert mg.ProcessArea(name="x", kind="other", installed_kw=1.0).priority == 1
    index = pd.date_range("2023-01-01", periods=2, freq="h")
    loads = AreaLoads.from_areas([camp, mill], pd.DataFrame(
        {"mill": [1000.0, 1000.0], "camp": [100.0, 100.0]}, index=index))
    assert loads.names == ("camp", "mill") and loads.valued == (False, True)
    project = mg.Project(lifetime_years=10, discount_rate=0.08)
    shed = allocate_shedding(loads, [300.0, 0.0], project=project)
    # camp (priority 2) is kept, the mill (priority 1) loses 300 kWh in 2 h -> x 4380
    assert shed.shed_kw["mill"].tolist() == [300.0, 0.0]
    assert shed.cost_per_year == pytest.approx(300.0 * 4380)
    pwf = sum(1.08 ** -k for k in range(1, 11))
    assert shed.npc == pytest.approx(300.0 * 4380 * pwf, rel=1e-12)
    assert lost_value_npc(1.0, project) == pytest.approx(pwf, rel=1e-12)
    assert not shed.all_valued
    assert "mill: 1,314.00 MWh/yr" in repr(shed)


def test_mine_breakdown_and_a_haul_column_add_up_to_the_simulated_load():
    mine = mg.MineLoad(areas=[
        mg.ProcessArea(name="offices", kind="offices", installed_kw=300.0,
                       lost_value_per_mwh=20.0),
        mg.ProcessArea(name="mill", kind="grinding_ball", installed_kw=1500.0,
                       lost_value_per_mwh=700.0)])
    loads = AreaLoads.from_mine(mine, 2023, scale=1.5)
    haul = np.full(8760, 100.0)
    loads = loads.with_area("haul fleet", haul, priority=9)
    load = pd.Series(loads.total_kw, index=loads.load_kw.index)
    system = mg.System(genset=mg.GensetFleet(unit_rated_kw=700.0, n_units=3))
    result = mg.simulate(system, load, dispatch=True, base_case=False)
    assert result.stats.unserved_kwh > 0
    shed = shedding_for(result, loads)
    assert shed.shed_kwh_per_year == pytest.approx(result.stats.unserved_kwh, rel=1e-9)
    assert shed.table.loc["haul fleet", "shed_kwh_per_year"] == 0.0  # shed last
    assert shed.table.loc["haul fleet", "order"] == 3
    assert shed.cost_per_year == pytest.approx(float(
        shed.table["cost_per_year"].sum()))


# ---- the reference and the invariants ---------------------------------------------------
@st.composite
def cases(draw):
    n_areas = draw(st.integers(1, 5))
    n = draw(st.integers(1, 24))
    load = st.floats(0.0, 1000.0, allow_nan=False)
    loads = [[draw(load) for _ in range(n_areas)] for _ in range(n)]
    priority = [draw(st.integers(0, 2)) for _ in range(n_areas)]
    value = [draw(st.sampled_from([0.0, 50.0, 50.0, 400.0, 1234.5])) for _ in range(n_areas)]
    share = [draw(st.floats(0.0, 1.0)) for _ in range(n)]
    unserved = [s * sum(row) for s, row in zip(share, loads, strict=True)]
    dt = draw(st.sampled_from([0.25, 1.0]))
    return loads, priority, value, unserved, dt


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_allocation_matches_the_plain_reference(case):
    loads, priority, value, unserved, dt = case
    n_areas = len(priority)
    names = [f"a{i}" for i in range(n_areas)]
    frame = pd.DataFrame(loads, columns=names)
    area_loads = AreaLoads(load_kw=frame, priority=priority, lost_value_per_mwh=value, dt_h=dt)
    shed = allocate_shedding(area_loads, unserved)
    ref, cost = naive_shedding(loads, priority, value, unserved, dt)
    scale = max(1.0, max(sum(r) for r in loads))
    got = shed.shed_kw.to_numpy()
    assert np.allclose(got, np.array(ref), rtol=0.0, atol=1e-9 * scale)
    k = 8760.0 / (len(loads) * dt)
    assert shed.cost_per_year == pytest.approx(cost * k, rel=1e-9, abs=1e-9 * scale)
    # the sheds of each step add up to the unserved power, and never exceed an area's load
    assert np.allclose(got.sum(axis=1), unserved, rtol=0.0, atol=1e-9 * scale)
    assert (got <= frame.to_numpy()).all() and (got >= 0).all()
    # an area is shed only when every area before it in the order is shed entirely
    order = area_loads.order
    for t in range(len(loads)):
        for pos, a in enumerate(order):
            if got[t, a] > 0:
                assert all(got[t, b] == loads[t][b] for b in order[:pos])
    # the vectorised cost of many trajectories is the allocation's
    many = np.array([unserved, [0.5 * u for u in unserved]])
    both = lost_value_per_year(area_loads, many)
    assert both[0] == pytest.approx(shed.cost_per_year, rel=1e-12, abs=1e-12)
    half = allocate_shedding(area_loads, many[1]).cost_per_year
    assert both[1] == pytest.approx(half, rel=1e-12, abs=1e-12)


# ---- the sizing objective ---------------------------------------------------------------
def _week():
    index = pd.date_range("2023-03-01", periods=168, freq="h")
    hour = index.hour.to_numpy()
    frame = pd.DataFrame({"workshops": np.where((hour >= 7) & (hour < 19), 400.0, 100.0),
                          "mill": np.full(168, 1200.0), "camp": 200.0 + 50.0 * (hour > 17)},
                         index=index)
    loads = AreaLoads(load_kw=frame, priority=(0, 1, 2),
                      lost_value_per_mwh=(30.0, 600.0, 2000.0))
    pv = pd.Series(np.clip(np.sin((hour - 6) / 12 * np.pi), 0.0, None), index=index)
    profiles = mg.Profiles(load_kw=pd.Series(loads.total_kw, index=index), pv_kw_per_kw=pv)
    system = mg.System(pv=mg.PVPlant(rated_kw=500.0),
                       battery=mg.Battery(energy_kwh=500.0, power_kw=250.0),
                       genset=mg.GensetFleet(unit_rated_kw=500.0, n_units=2))
    return loads, profiles, system


def test_objective_equals_the_plain_computation():
    from minegrid.dispatch import design_matrix, system_from_row
    from minegrid.sizing.evaluator import YearModel
    from minegrid.sizing.lostvalue import lost_value_model

    loads, profiles, system = _week()
    project = mg.Project(lifetime_years=12, discount_rate=0.07)
    model = lost_value_model(YearModel(profiles, project, system), "npc_plus_lost_value",
                             loads, system, profiles)
    cols = {"pv_kw": np.array([0.0, 800.0, 1500.0, 300.0, 2000.0]),
            "battery_kwh": np.array([0.0, 1000.0, 0.0, 2500.0, 3000.0]),
            "n_units": np.array([1.0, 2.0, 3.0, 2.0, 4.0]), "unit_kw": np.full(5, 500.0)}
    params, q = design_matrix(system, cols, project)
    previous = mg.dispatch.set_threads(2)
    try:
        m, raw = model.metrics(params, q)
    finally:
        mg.dispatch.set_threads(previous)
    m1, _ = model.metrics(params, q)  # one thread: the same numbers
    assert np.array_equal(m["lost_value_npc"], m1["lost_value_npc"])
    short = 0
    for i in range(params.shape[0]):
        design = system_from_row(system, params[i])
        result = mg.simulate(design, profiles, project=project, dispatch=True, base_case=False)
        plain = shedding_for(result, loads)
        short += plain.unserved_kwh_per_year > 0
        assert m["lost_value_per_year"][i] == pytest.approx(plain.cost_per_year, rel=1e-9,
                                                            abs=1e-6)
        assert m["npc_plus_lost_value"][i] == pytest.approx(result.costs.npc + plain.npc,
                                                            rel=1e-9)
    assert 2 <= short < params.shape[0]  # some designs fall short, some do not
    assert raw.shape[1] == mg.dispatch.run_batch(params[:1], profiles).shape[1] + 1


def test_one_value_for_every_area_prices_from_the_totals():
    from minegrid.dispatch import design_matrix
    from minegrid.sizing.evaluator import YearModel
    from minegrid.sizing.lostvalue import LostValueModel, unserved_trajectories

    loads, profiles, system = _week()
    same = AreaLoads(load_kw=loads.load_kw, priority=loads.priority,
                     lost_value_per_mwh=(450.0, 450.0, 450.0))
    model = LostValueModel(YearModel(profiles, mg.Project(), system), same)
    assert model.value == 450.0
    cols = {"pv_kw": np.array([0.0, 600.0]), "n_units": np.array([1.0, 2.0]),
            "unit_kw": np.full(2, 500.0)}
    params, q = design_matrix(system, cols, mg.Project())
    _, raw = model.metrics(params, q)
    plain = lost_value_per_year(same, unserved_trajectories(params, profiles))
    assert raw[:, -1] == pytest.approx(plain, rel=1e-9)
    assert (plain > 0).all()


def test_size_with_the_lost_value_objective():
    loads, profiles, system = _week()
    space = mg.DesignSpace(pv_kw=(0.0, 2000.0), n_units=(1, 4))
    req = mg.Requirements(max_unserved_fraction=0.3)
    r = mg.size(system, profiles, space, req, objective="npc_plus_lost_value",
                shedding=loads, method="grid", grid=3, progress=False)
    h = r.history
    assert np.allclose(h["objective"], h["npc"] + h["lost_value_npc"], rtol=1e-12)
    assert (h["lost_value_npc"] > 0).any() and (h["lost_value_npc"] == 0).any()
    feasible = h[h["feasible"]]
    assert r.fun == pytest.approx(feasible["objective"].min(), rel=1e-12)
    plain = shedding_for(mg.simulate(r.design, profiles, dispatch=True), loads)
    assert r.fun == pytest.approx(r.result.costs.npc + plain.npc, rel=1e-9)
    npc_only = mg.size(system, profiles, space, req, method="grid", grid=3, progress=False)
    assert "lost_value_npc" not in npc_only.history


def test_architectures_pass_the_area_loads_to_each_search():
    loads, profiles, system = _week()
    space = mg.DesignSpace(pv_kw=(0.0, 2000.0), battery_kwh=(0.0, 1000.0), n_units=(1, 3))
    table = mg.size_architectures(system, profiles, space, mg.Requirements(
        max_unserved_fraction=0.3), objective="npc_plus_lost_value", shedding=loads,
        method="grid", grid=2, progress=False)
    assert table.objective == "npc_plus_lost_value" and len(table.results) >= 2
    for r in table.results.values():
        assert r.fun == pytest.approx(r.result.costs.npc + shedding_for(
            mg.simulate(r.design, profiles, dispatch=True), loads).npc, rel=1e-9)


# ---- bad input --------------------------------------------------------------------------
def test_loads_that_do_not_add_up_or_misaligned_steps_are_refused():
    loads, u = three_areas([100.0, 200.0])
    with pytest.raises(InputError, match=r"load_kw = 3500.0 differs from the areas' total"):
        allocate_shedding(loads, u, load_kw=pd.Series([3400.0, 3500.0], index=u.index))
    with pytest.raises(InputError, match=r"unserved_kw.index .* is not the areas' index"):
        allocate_shedding(loads, u.set_axis(u.index + pd.Timedelta(hours=1)))
    with pytest.raises(InputError, match=r"load_kw.index"):
        loads.check_load(pd.Series([3400.0] * 2))
    with pytest.raises(InputError, match=r"unserved_kw = 3500.0 exceeds the areas' total"):
        allocate_shedding(loads, [0.0, 3500.0])
    with pytest.raises(InputError, match=r"unserved_kw .* must hold finite numbers >= 0"):
        allocate_shedding(loads, [-1.0, 0.0])
    with pytest.raises(InputError, match=r"must have the areas' 2 steps"):
        allocate_shedding(loads, [0.0])
    with pytest.raises(InputError, match=r"result.dispatch"):
        shedding_for(mg.simulate(mg.System(genset=mg.GensetFleet(unit_rated_kw=5000.0)),
                                 np.full(2, 100.0)), loads)


def test_bad_area_loads():
    frame = pd.DataFrame({"a": [1.0, 2.0], "b": [1.0, np.nan]})
    with pytest.raises(InputError, match=r"AreaLoads.load_kw\['b'\]"):
        AreaLoads(load_kw=frame, priority=(0, 0), lost_value_per_mwh=(0, 0), dt_h=1.0)
    frame = pd.DataFrame([[1.0, 2.0]], columns=["a", "a"])
    with pytest.raises(InputError, match="duplicated area names"):
        AreaLoads(load_kw=frame, priority=(0, 0), lost_value_per_mwh=(0, 0), dt_h=1.0)
    frame = pd.DataFrame({"a": [1.0], "b": [1.0]})
    with pytest.raises(InputError, match=r"AreaLoads.priority .* one value per area \(2\)"):
        AreaLoads(load_kw=frame, priority=(0,), lost_value_per_mwh=(0, 0), dt_h=1.0)
    with pytest.raises(InputError, match=r"AreaLoads.lost_value_per_mwh = -5"):
        AreaLoads(load_kw=frame, priority=(0, 0), lost_value_per_mwh=(0, -5), dt_h=1.0)
    with pytest.raises(InputError, match=r"AreaLoads.dt_h = None is needed"):
        AreaLoads(load_kw=frame, priority=(0, 0), lost_value_per_mwh=(0, 0))
    index = pd.date_range("2023-01-01", periods=2, freq="h")
    with pytest.raises(InputError, match=r"AreaLoads.dt_h = 0.5 disagrees"):
        AreaLoads(load_kw=frame.iloc[[0, 0]].set_axis(index), priority=(0, 0),
                  lost_value_per_mwh=(0, 0), dt_h=0.5)
    camp = mg.ProcessArea(name="camp", kind="camp", installed_kw=100.0)
    with pytest.raises(InputError, match=r"load_kw.columns .* \(missing \['camp'\]"):
        AreaLoads.from_areas([camp], pd.DataFrame({"mill": [1.0, 1.0]}, index=index))


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"priority": -1}, r"ProcessArea\('m'\).priority = -1 must be >= 0"),
    ({"priority": 1.5}, r"priority = 1.5 must be a whole number"),
    ({"lost_value_per_mwh": 10.0, "lost_value_per_t": 2.0, "tonnes_per_mwh": 5.0},
     r"lost_value_per_t = 2.0 is given with lost_value_per_mwh = 10.0"),
    ({"lost_value_per_t": 2.0}, r"tonnes_per_mwh = None is needed with lost_value_per_t"),
    ({"tonnes_per_mwh": 5.0}, r"tonnes_per_mwh = 5.0 is given without lost_value_per_t"),
    ({"lost_value_per_mwh": -1.0}, r"lost_value_per_mwh = -1.0 must be a finite number >= 0"),
    ({"lost_value_per_t": 1.0, "tonnes_per_mwh": 0.0}, r"tonnes_per_mwh = 0.0 must be > 0"),
])
def test_bad_process_area_values(kwargs, match):
    with pytest.raises(InputError, match=match):
        mg.ProcessArea(name="m", kind="grinding_ball", installed_kw=100.0, **kwargs)


def test_objective_and_shedding_must_go_together():
    loads, profiles, system = _week()
    space = mg.DesignSpace(pv_kw=(0.0, 2000.0))
    with pytest.raises(InputError, match=r"shedding = 'NoneType' must be a minegrid.AreaLoads"):
        mg.size(system, profiles, space, objective="npc_plus_lost_value", progress=False)
    with pytest.raises(InputError, match=r"shedding .* is only read by objective="):
        mg.size(system, profiles, space, shedding=loads, progress=False)
    with pytest.raises(InputError, match="is several weather years"):
        mg.size(system, [profiles, profiles], space, objective="npc_plus_lost_value",
                shedding=loads, progress=False)
    other = AreaLoads(load_kw=loads.load_kw * 1.01, priority=loads.priority,
                      lost_value_per_mwh=loads.lost_value_per_mwh)
    with pytest.raises(InputError, match=r"profiles.load_kw = .* differs from the areas' total"):
        mg.size(system, profiles, space, objective="npc_plus_lost_value", shedding=other,
                progress=False)
    plant = mg.System(gensets=(mg.GensetFleet(name="a", unit_rated_kw=500.0, n_units=2),
                               mg.GensetFleet(name="b", unit_rated_kw=300.0, n_units=1)))
    with pytest.raises(InputError, match="a plant of genset types"):
        mg.size(plant, profiles, mg.DesignSpace(pv_kw=(0.0, 100.0)),
                objective="npc_plus_lost_value", shedding=loads, progress=False)
