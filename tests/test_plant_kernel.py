"""The compiled plant kernel (several genset types) against the plain-Python reference.

``tests/naive_plant.py`` re-implements ``docs/theory/gensets.md`` from the pages
alone; here the kernel (``minegrid.dispatch.plant.run_plant``) is compared with
it on random plants, checked for the balance and timing invariants, compared
with the one-fleet kernel on one-type plants, and run on hand-worked cases. The
lockstep kernel is also compared, bit for bit, with the scalar kernel it replaced
(``tests/plant_scalar.py``) on random batches of designs.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import minegrid as mg
import plant_batches
from minegrid import dispatch
from minegrid.dispatch import _kernel as K
from minegrid.dispatch import _plant as KP
from minegrid.dispatch import plant
from naive import naive_dispatch
from naive_plant import naive_plant

RTOL = 1e-9
EXACT = ("unserved_h", "unserved_longest_h", "unit_h", "fleet_h", "starts", "max_units",
         "cap_short_h", "n1_h", "start_refused_h")
FLEET_EXACT = ("unit_h", "starts", "max_units", "fleet_h")
GAS = mg.Fuel(name="gas", kind="natural_gas", unit="Nm3", price_per_unit=0.35,
              co2_kg_per_unit=1.89)
COL = {name: i for i, name in enumerate(dispatch.TRAJ_NAMES)}
NO_RESERVE = dict(reserve_load_fraction=0.0, reserve_pv_fraction=0.0,
                  reserve_wind_fraction=0.0)


# ------------------------------------------------------------------ the reference's inputs


def _naive_params(system: mg.System, project: mg.Project) -> dict:
    """naive.py's params from the components (the genset keys are ignored by naive_plant)."""
    pv, wind = system.pv_or_zero, system.wind_or_zero
    bat, dis, conv = system.battery_or_zero, system.dispatch, system.converter
    p = {
        "pv_kw": pv.rated_kw, "wind_n": float(wind.n_turbines), "e_kwh": bat.energy_kwh,
        "pch_kw": bat.charge_power_kw, "pdis_kw": bat.discharge_power_kw,
        "eta_c": bat.charge_efficiency, "eta_d": bat.discharge_efficiency,
        "soc_min": bat.soc_min, "soc_max": bat.soc_max, "soc_ini": bat.soc_initial,
        "alpha": bat.max_charge_rate_per_h, "strategy": dis.strategy,
        "cc_setpoint": dis.cycle_charging_setpoint, "cc_hold": dis.cycle_charging_hold,
        "cc_limit": dis.cycle_charging_limit, "battery_dispatch": dis.battery_dispatch,
        "r_load": dis.reserve_load_fraction, "r_pv": dis.reserve_pv_fraction,
        "r_wind": dis.reserve_wind_fraction, "r_peak": dis.reserve_peak_load_fraction,
        "r_fixed": dis.reserve_fixed_kw,
        "n_min": max(dis.min_units_online, 0 if dis.allow_diesel_off else 1),
        "inv_kw": math.inf if conv is None else conv.inverter_kw,
        "inv_eta": 1.0 if conv is None else conv.inverter_efficiency,
        "rec_kw": math.inf if conv is None else conv.rectifier_kw,
        "rec_eta": 1.0 if conv is None else conv.rectifier_efficiency,
        "reserve_through_inverter": False if conv is None else conv.reserve_through_inverter,
        "c_wear": 0.0,
        # the N-1 and motor-start checks (docs/theory/reliability.md)
        "n1": dis.n_minus_1_reserve,
        "pv_block_kw": math.inf if dis.pv_block_kw is None else dis.pv_block_kw,
        "battery_block_kw": math.inf if dis.battery_block_kw is None else dis.battery_block_kw,
        "start_kw": dis.largest_start_kw, "start_kva": dis.largest_start_kva,
        "step_fraction": dis.genset_step_fraction,
        "gen_kva_per_kw": dis.genset_start_kva_per_kw,
        "inverter_overload": dis.inverter_start_overload,
    }
    if dis.battery_dispatch == "economic":
        throughput = (bat.lifetime_throughput_kwh if bat.lifetime_throughput_kwh is not None
                      else bat.cycle_life * bat.energy_kwh)
        replacement = bat.replacement_ratio * (
            bat.energy_kwh * bat.capex_per_kwh
            + max(bat.charge_power_kw, bat.discharge_power_kw) * bat.capex_per_kw)
        p["c_wear"] = replacement / throughput if throughput > 0 else 0.0
    return p


def _c_fuel(fleet: mg.GensetFleet, project: mg.Project) -> float:
    """Cost of one unit of the fleet's curve: price + carbon price x CO2 / 1000 (gensets.md),
    a dual-fuel litre of diesel equivalent split by energy share and heating values."""
    carbon = project.carbon_price_per_t

    def one(fuel: mg.Fuel) -> float:
        price = project.fuel_price_per_l if fuel.price_per_unit is None else fuel.price_per_unit
        return price + carbon * fuel.co2_kg_per_unit / 1000.0

    supply = fleet.fuel
    if isinstance(supply, mg.DualFuel):
        s = supply.gas_energy_share
        gas_per_l = s * supply.diesel.lhv_mj_per_unit / supply.gas.lhv_mj_per_unit
        return gas_per_l * one(supply.gas) + (1.0 - s) * one(supply.diesel)
    return one(supply)


def _spec_costs(fleet: mg.GensetFleet, project: mg.Project) -> tuple[float, float]:
    """Economic dispatch's (c_fix, c_mar) of a type: the one-fleet formulas of dispatch.md
    section 5 (O&M per unit-hour, per kW-hour and overhauls per running hour, wear, no-load
    fuel) with the curve (a table's lower line, GensetFleet.linear_curve)."""
    f0, f1 = fleet.linear_curve()
    c_fuel = _c_fuel(fleet, project)
    p = fleet.unit_rated_kw
    overhaul = (fleet.overhaul_cost_per_kw / fleet.overhaul_interval_hours
                if fleet.overhaul_interval_hours else 0.0)
    c_fix = (fleet.om_per_unit_hour + (fleet.om_per_kw_hour + overhaul) * p
             + fleet.replacement_ratio * fleet.capex_per_kw * p / fleet.life_hours
             + f0 * p * c_fuel)
    return c_fix, f1 * c_fuel


def _spec_full_load_cost(f: mg.GensetFleet, project: mg.Project) -> float:
    """gensets.md "Merit order": full-load running cost per kWh of one type."""
    p = f.unit_rated_kw
    full = (f.part_load_fuel_per_h[3] if f.part_load_fuel_per_h is not None
            else f.f0_per_h_per_kw * p + f.f1_per_kwh * p)
    overhaul = (f.overhaul_cost_per_kw * p / f.overhaul_interval_hours
                if f.overhaul_interval_hours else 0.0)
    return (full * _c_fuel(f, project) + f.om_per_unit_hour + f.om_per_kw_hour * p
            + overhaul + f.replacement_ratio * f.capex_per_kw * p / f.life_hours) / p


def _spec_merit_order(system: mg.System, project: mg.Project) -> tuple[int, ...]:
    """gensets.md "Merit order": cheapest full-load cost first, ties in the listed order."""
    fleets = system.fleets
    if system.merit_order == "given":
        return tuple(range(len(fleets)))
    return tuple(sorted(range(len(fleets)),
                        key=lambda i: (_spec_full_load_cost(fleets[i], project), i)))


def _check_merit_order(order, system: mg.System, project: mg.Project) -> None:
    """``order`` ranks the types as the spec does; costs equal to 1e-12 (equal in exact
    arithmetic, e.g. the same curve at another rating) are ties: listed order."""
    if system.merit_order == "given":
        assert order == tuple(range(len(system.fleets)))
        return
    assert sorted(order) == list(range(len(system.fleets)))
    cost = [_spec_full_load_cost(f, project) for f in system.fleets]
    for i, j in zip(order, order[1:], strict=False):
        if math.isclose(cost[i], cost[j], rel_tol=1e-12, abs_tol=1e-15):
            assert i < j, f"tie between types {i} and {j} must keep the listed order"
        else:
            assert cost[i] < cost[j], f"type {i} ({cost[i]}) ranked before {j} ({cost[j]})"


def _rule_steps(hours: float, dt: float) -> int:
    """MR_k, MD_k: ceil(h/dt) steps (0 for no rule)."""
    return math.ceil(hours / dt) if hours > 0 else 0


def _reference_inputs(system, prof, project):
    """(order, types, avail, mult) for naive_plant, the types in the kernel's merit order."""
    order = plant.merit_order(system, project)
    rows = plant.fleet_rows(system, project, prof.dt_h)
    own_a = prof.fleet_availability or {}
    own_f = prof.fleet_fuel_multiplier or {}
    types, avail, mult = [], [], []
    for r, i in enumerate(order):
        f = system.fleets[i]
        types.append({
            "unit_kw": f.unit_rated_kw, "n_units": f.n_units, "min_load": f.min_load_ratio,
            "f0": f.f0_per_h_per_kw, "f1": f.f1_per_kwh, "table": f.part_load_fuel_per_h,
            "mr_steps": _rule_steps(f.min_run_h, prof.dt_h),
            "md_steps": _rule_steps(f.min_down_h, prof.dt_h),
            # the kernel's own economic costs (checked against the spec in compare)
            "c_fix": float(rows[r, KP.F_C_FIX]), "c_mar": float(rows[r, KP.F_C_MAR]),
        })
        avail.append([float(x) for x in np.broadcast_to(
            own_a.get(f.name, prof.genset_availability), prof.n_steps)])
        mult.append([float(x) for x in np.broadcast_to(
            own_f.get(f.name, prof.genset_fuel_multiplier), prof.n_steps)])
    return order, rows, types, avail, mult


# ------------------------------------------------------------------ comparison and invariants


def _close(got, want, scale):
    return math.isclose(got, want, rel_tol=RTOL, abs_tol=RTOL * scale)


def compare(system: mg.System, prof: dispatch.Profiles, project: mg.Project | None = None):
    """Kernel against naive_plant; returns (stats, fleet_stats, traj, fleet_traj, ref)."""
    project = mg.Project() if project is None else project
    stats, fstats, traj, ftraj = plant.run_plant(system, prof, project, trajectories=True)
    s2, f2, t2, ft2 = plant.run_plant(system, prof, project)
    assert t2 is None and ft2 is None
    assert s2 == stats and np.array_equal(f2, fstats), "statistics-only mode must agree"

    order, rows, types, avail, mult = _reference_inputs(system, prof, project)
    # the kernel rows hold what the spec says (timing in steps, economic costs)
    for r, i in enumerate(order):
        f = system.fleets[i]
        # 0 and 1 step both mean "no rule" (a tiny h gives 0 in the kernel, 1 = ceil(h/dt))
        assert max(rows[r, KP.F_MR], 1) == max(types[r]["mr_steps"], 1)
        assert max(rows[r, KP.F_MD], 1) == max(types[r]["md_steps"], 1)
        c_fix, c_mar = _spec_costs(f, project)
        assert math.isclose(rows[r, KP.F_C_FIX], c_fix, rel_tol=1e-12, abs_tol=1e-12)
        assert math.isclose(rows[r, KP.F_C_MAR], c_mar, rel_tol=1e-12, abs_tol=1e-12)
    _check_merit_order(order, system, project)

    ref, per, steps = naive_plant(prof.load_kw, prof.pv_kw_per_kw, prof.wind_kw_per_turbine,
                                  avail, mult, prof.dt_h, _naive_params(system, project), types)
    scale = max(1.0, ref["load_kwh"], ref["pv_kwh"] + ref["wind_kwh"], ref["gen_kwh"],
                ref["fuel_l"])
    for name in dispatch.STAT_NAMES:
        got, want = stats[name], ref[name]
        if name in EXACT:
            assert got == want, f"{name}: kernel {got} != reference {want}"
        else:
            assert _close(got, want, scale), f"{name}: kernel {got!r} != reference {want!r}"
    for r, i in enumerate(order):
        for j, name in enumerate(plant.FLEET_STAT_NAMES):
            got, want = fstats[i, j], per[r][name]
            if name in FLEET_EXACT:
                assert got == want, f"type {i} {name}: kernel {got} != reference {want}"
            else:
                assert _close(got, want, scale), f"type {i} {name}: {got!r} != {want!r}"
    cols = {"load": "load_kw", "pv": "pv_kw", "wind": "wind_kw", "gen": "genset_kw",
            "units": "units_online", "batt": "battery_kw", "soc": "soc",
            "unserved": "unserved_kw", "curtailed": "curtailed_kw", "dumped": "dumped_kw",
            "reserve": "reserve_kw", "cap_short": "capacity_shortage_kw",
            "fuel": "fuel_l_per_h", "curtailed_pv": "curtailed_pv_kw",
            "inverter": "inverter_kw", "rectifier": "rectifier_kw",
            "n1": "n1_shortfall_kw", "step_cap": "step_capability_kw",
            "kva_cap": "start_capability_kva"}
    atol = RTOL * scale / prof.dt_h
    for ref_name, name in cols.items():
        np.testing.assert_allclose(traj[:, COL[name]], np.asarray(steps[ref_name], float),
                                   rtol=RTOL, atol=atol, err_msg=name)
    for j, key in enumerate(("units_k", "kw_k", "fuel_k")):
        want = np.asarray(steps[key], float).reshape(prof.n_steps, len(order))
        for r, i in enumerate(order):
            np.testing.assert_allclose(ftraj[:, i, j], want[:, r], rtol=RTOL, atol=atol,
                                       err_msg=f"type {i} {key}")
    return stats, fstats, traj, ftraj, ref


def check_invariants(system, prof, stats, traj, ftraj):
    """Balance (dispatch.md section 6), per-type bounds, the split, and the timing rules."""
    T = {name: traj[:, i] for name, i in COL.items()}
    scale = max(1.0, float(np.max(T["load_kw"] + T["pv_kw"] + T["wind_kw"])))
    conv = system.converter
    eta_inv = 1.0 if conv is None else conv.inverter_efficiency
    eta_rec = 1.0 if conv is None else conv.rectifier_efficiency
    # AC: L - U = pv_ac + dis_ac + (P_w - ch_w - curt_w) + (G - dumped - ch_g)
    curt_w = T["curtailed_kw"] - T["curtailed_pv_kw"]
    lhs = T["load_kw"] - T["unserved_kw"]
    rhs = (T["inverter_kw"] + T["wind_kw"] - curt_w + T["genset_kw"] - T["dumped_kw"]
           - T["rectifier_kw"])
    np.testing.assert_allclose(lhs, rhs, rtol=0, atol=1e-9 * scale)
    # DC: P_pv = pv_ac*iota + ch_pv + curtailed PV (with the battery's terminal power)
    dc_in = T["pv_kw"] - T["curtailed_pv_kw"] + T["battery_kw"] + T["rectifier_kw"] * eta_rec
    np.testing.assert_allclose(dc_in, T["inverter_kw"] / eta_inv, rtol=0, atol=1e-9 * scale)
    for name in ("unserved_kw", "curtailed_kw", "dumped_kw", "genset_kw", "rectifier_kw"):
        assert (T[name] >= -1e-12 * scale).all(), name
    # the per-type split sums to the plant's output, units and fuel
    np.testing.assert_allclose(ftraj[:, :, 1].sum(axis=1), T["genset_kw"], rtol=0,
                               atol=1e-9 * scale)
    np.testing.assert_array_equal(ftraj[:, :, 0].sum(axis=1), T["units_online"])
    np.testing.assert_allclose(ftraj[:, :, 2].sum(axis=1), T["fuel_l_per_h"], rtol=1e-12,
                               atol=1e-9 * scale)
    own_a = prof.fleet_availability or {}
    for i, f in enumerate(system.fleets):
        a = np.broadcast_to(own_a.get(f.name, prof.genset_availability), prof.n_steps)
        n, kw = ftraj[:, i, 0], ftraj[:, i, 1]
        assert (n == np.round(n)).all() and (n >= 0).all() and (n <= f.n_units).all()
        u = f.unit_rated_kw * a
        p = np.minimum(f.min_load_ratio * f.unit_rated_kw, u)
        assert (n[u == 0] == 0).all(), "availability overrides every rule"
        run = n > 0
        assert (kw[run] >= (n * p)[run] * (1 - 1e-12) - 1e-9).all(), f"type {i} below minimum"
        assert (kw[run] <= (n * u)[run] * (1 + 1e-12) + 1e-9).all(), f"type {i} above capacity"
        assert (kw[~run] == 0).all()
        # minimum run and down times, in the units counted by the kernel
        mr, md = _rule_steps(f.min_run_h, prof.dt_h), _rule_steps(f.min_down_h, prof.dt_h)
        prev = np.concatenate([[0.0], n[:-1]])
        starts, stops = np.maximum(n - prev, 0), np.maximum(prev - n, 0)
        for t in range(prof.n_steps):
            lo = sum(starts[t - j] for j in range(1, mr) if t - j >= 0)
            hi = f.n_units - sum(stops[t - j] for j in range(1, md) if t - j >= 0)
            hi = 0 if u[t] == 0 else hi
            assert n[t] <= hi, f"type {i} step {t}: {n[t]} units, {hi} allowed (min down)"
            assert n[t] >= min(lo, hi), f"type {i} step {t}: {n[t]} units, {lo} must run"


# ------------------------------------------------------------------ random plants

finite = dict(allow_nan=False, allow_infinity=False)


@st.composite
def _fleet(draw, name: str) -> mg.GensetFleet:
    p = draw(st.floats(50, 800, **finite))
    kind = draw(st.sampled_from(["diesel", "gas", "dual"]))
    table = None
    if draw(st.booleans()):
        f100 = p * draw(st.floats(0.2, 0.3))
        r25, r50 = draw(st.floats(0.3, 0.4)), draw(st.floats(0.5, 0.6))  # f50 <= 2 f25
        table = (f100 * r25, f100 * r50, f100 * draw(st.floats(0.7, 0.85)), f100)
    kw = dict(name=name, unit_rated_kw=p, n_units=draw(st.integers(0, 4)),
              min_load_ratio=draw(st.floats(0, 0.6)),
              min_run_h=draw(st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0, 4.0])),
              min_down_h=draw(st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0, 4.0])),
              part_load_fuel_per_h=table,
              om_per_unit_hour=draw(st.floats(0, 40)), capex_per_kw=draw(st.floats(0, 900)))
    if kind == "gas":
        kw.update(fuel=GAS)
        if table is None:
            kw.update(fuel_intercept_per_h_per_kw=draw(st.floats(0.0, 0.05)),
                      fuel_slope_per_kwh=draw(st.floats(0.2, 0.32)))
    else:
        if kind == "dual":
            kw.update(fuel=mg.DualFuel(gas=GAS, gas_energy_share=draw(st.floats(0, 0.9))))
        kw.update(fuel_intercept_l_per_h_per_kw=draw(st.floats(0.0, 0.05)),
                  fuel_slope_l_per_kwh=draw(st.floats(0.18, 0.3)))
    return mg.GensetFleet(**kw)


@st.composite
def plants(draw):
    k = draw(st.integers(2, 4))
    names = [f"type{i}" for i in range(k)]
    fleets = tuple(draw(_fleet(name)) for name in names)
    n = draw(st.integers(24, 96))
    dt = draw(st.sampled_from([1.0, 1.0, 0.5]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    cap = max(100.0, sum(f.n_units * f.unit_rated_kw for f in fleets))
    hour = np.arange(n) * dt % 24
    load = cap * rng.uniform(0.02, 1.1, n) * (0.7 + 0.3 * np.sin(2 * np.pi * hour / 24))
    pv = np.clip(np.sin(np.pi * (hour - 6) / 12), 0, None) * rng.uniform(0.3, 0.9, n)
    turbine_kw = 500.0
    wind = rng.uniform(0, turbine_kw, n)

    def factor(lo, hi, zeros):
        x = rng.uniform(lo, hi, n)
        if zeros:
            x[rng.random(n) < 0.12] = 0.0
        return x

    site_a = draw(st.sampled_from(["none", "series", "zeros"]))
    site_avail = None if site_a == "none" else factor(0.6, 1.0, site_a == "zeros")
    site_mult = draw(st.sampled_from([None, "scalar", "series"]))
    site_mult = (None if site_mult is None else 1.15 if site_mult == "scalar"
                 else factor(0.9, 1.3, False))
    own_a, own_f = {}, {}
    for name in names:
        if draw(st.booleans()):
            own_a[name] = factor(0.5, 1.0, draw(st.booleans()))
        if draw(st.booleans()):
            own_f[name] = factor(0.8, 1.6, False)
    prof = dispatch.Profiles(load_kw=load, pv_kw_per_kw=pv, wind_kw_per_turbine=wind,
                             genset_availability=site_avail, genset_fuel_multiplier=site_mult,
                             fleet_availability=own_a or None, fleet_fuel_multiplier=own_f or None,
                             dt_h=dt)
    energy = draw(st.sampled_from([0.0, 0.3, 1.0])) * cap
    battery = None if energy == 0 and draw(st.booleans()) else mg.Battery(
        energy_kwh=energy, power_kw=energy * draw(st.floats(0.2, 1.0)),
        charge_efficiency=draw(st.floats(0.85, 1.0)),
        discharge_efficiency=draw(st.floats(0.85, 1.0)),
        soc_min=0.1, soc_initial=draw(st.floats(0.1, 1.0)),
        lifetime_throughput_kwh=draw(st.none() | st.floats(1e3, 1e7)))
    disp = mg.Dispatch(
        strategy=draw(st.sampled_from(["load_following", "cycle_charging"])),
        battery_dispatch=draw(st.sampled_from(["genset_first", "battery_first", "economic"])),
        cycle_charging_setpoint=draw(st.floats(0.3, 1.0)),
        cycle_charging_hold=draw(st.booleans()),
        cycle_charging_limit=draw(st.sampled_from(["full", "setpoint"])),
        reserve_load_fraction=draw(st.floats(0, 0.3)),
        reserve_pv_fraction=draw(st.floats(0, 0.8)),
        reserve_wind_fraction=draw(st.floats(0, 0.5)),
        reserve_fixed_kw=draw(st.just(0.0) | st.floats(0, 300)),
        min_units_online=draw(st.integers(0, 2)),
        # the N-1 rule and the checks (docs/theory/reliability.md)
        n_minus_1_reserve=draw(st.booleans()),
        pv_block_kw=draw(st.none() | st.floats(0.05, 1.0).map(lambda x: x * cap)),
        battery_block_kw=draw(st.none() | st.floats(0.05, 1.0).map(lambda x: x * cap)),
        motor_starts=draw(st.just(()) | st.floats(0.02, 0.5).map(lambda x: (
            mg.MotorStart(name="mill", rated_kw=x * cap, starter="soft_starter"),))),
        genset_step_fraction=draw(st.floats(0.1, 1.0)),
        genset_start_kva_per_kw=draw(st.floats(0.5, 3.0)),
    )
    converter = None
    if draw(st.integers(0, 3)) == 0:
        converter = mg.Converter(inverter_kw=cap * draw(st.floats(0.1, 0.8)),
                                 inverter_efficiency=draw(st.floats(0.9, 1.0)),
                                 rectifier_kw=cap * draw(st.floats(0.05, 0.5)),
                                 rectifier_efficiency=draw(st.floats(0.9, 1.0)))
    system = mg.System(
        pv=mg.PVPlant(rated_kw=draw(st.sampled_from([0.0, 0.5, 1.5])) * cap),
        wind=mg.WindPlant(n_turbines=draw(st.integers(0, 2)), turbine_rated_kw=turbine_kw),
        battery=battery, gensets=fleets, converter=converter, dispatch=disp,
        merit_order=draw(st.sampled_from(["cost", "given"])))
    project = mg.Project(carbon_price_per_t=draw(st.sampled_from([0.0, 60.0])))
    return system, prof, project


@settings(max_examples=60, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(plants())
def test_plant_kernel_matches_reference_property(case):
    system, prof, project = case
    stats, _, traj, ftraj, _ = compare(system, prof, project)
    check_invariants(system, prof, stats, traj, ftraj)


# ------------------------------------------------------------------ one type = one fleet


@st.composite
def one_type(draw):
    n = draw(st.integers(24, 72))
    dt = draw(st.sampled_from([1.0, 0.5]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    fleet = mg.GensetFleet(unit_rated_kw=draw(st.floats(100, 800)),
                           n_units=draw(st.integers(0, 4)),
                           min_load_ratio=draw(st.floats(0, 0.6)),
                           fuel_intercept_l_per_h_per_kw=draw(st.floats(0, 0.05)),
                           fuel_slope_l_per_kwh=draw(st.floats(0.18, 0.3)))
    cap = max(100.0, fleet.rated_kw)
    hour = np.arange(n) * dt % 24
    avail = rng.uniform(0.6, 1.0, n)
    avail[rng.random(n) < 0.1] = 0.0
    prof = dispatch.Profiles(
        load_kw=cap * rng.uniform(0.05, 1.1, n),
        pv_kw_per_kw=np.clip(np.sin(np.pi * (hour - 6) / 12), 0, None),
        wind_kw_per_turbine=rng.uniform(0, 500, n), genset_availability=avail,
        genset_fuel_multiplier=rng.uniform(0.9, 1.3, n), dt_h=dt)
    energy = draw(st.sampled_from([0.0, 0.5, 1.5])) * cap
    system = mg.System(
        pv=mg.PVPlant(rated_kw=draw(st.sampled_from([0.0, 1.0])) * cap),
        wind=mg.WindPlant(n_turbines=draw(st.integers(0, 1)), turbine_rated_kw=500.0),
        battery=mg.Battery(energy_kwh=energy, power_kw=0.5 * energy),
        gensets=(fleet,),
        dispatch=mg.Dispatch(
            strategy=draw(st.sampled_from(["load_following", "cycle_charging"])),
            battery_dispatch=draw(st.sampled_from(["genset_first", "battery_first",
                                                   "economic"])),
            reserve_load_fraction=draw(st.floats(0, 0.3)),
            min_units_online=draw(st.integers(0, 1)),
            n_minus_1_reserve=draw(st.booleans()),
            pv_block_kw=draw(st.none() | st.floats(0.1, 1.0).map(lambda x: x * cap)),
            battery_block_kw=draw(st.none() | st.floats(0.1, 1.0).map(lambda x: x * cap)),
            motor_starts=(mg.MotorStart(name="mill", rated_kw=draw(st.floats(0.02, 0.4)) * cap,
                                        starter="soft_starter"),)))
    return system, prof


@settings(max_examples=12, deadline=None, database=None)
@given(one_type())
def test_one_type_plant_equals_one_fleet_kernel(case):
    system, prof = case
    assert not system.is_plant
    stats, fstats, traj, ftraj = plant.run_plant(system, prof, trajectories=True)
    want, want_traj = dispatch.run(system, prof, trajectories=True)
    scale = max(1.0, want["load_kwh"], want["pv_kwh"] + want["wind_kwh"])
    for name in dispatch.STAT_NAMES:  # the N-1 rule and the checks included
        if name in EXACT:
            assert stats[name] == want[name], (name, stats[name], want[name])
        assert _close(stats[name], want[name], scale), (name, stats[name], want[name])
    np.testing.assert_allclose(traj, want_traj, rtol=RTOL, atol=RTOL * scale / prof.dt_h)
    for j, name in enumerate(plant.FLEET_STAT_NAMES):
        total = want["fuel_l" if name == "curve_fuel" else name]
        assert _close(fstats[0, j], total, scale), name
    np.testing.assert_array_equal(ftraj[:, 0, 0], want_traj[:, COL["units_online"]])


# ------------------------------------------------------------------ lockstep = scalar kernel


@pytest.mark.parametrize("case", range(8))
def test_lockstep_kernel_equals_scalar_kernel(case):
    """Batches mixing every strategy, battery dispatch and cycle-charging option, unit counts,
    part-load tables and (odd cases) each design's own minimum run and down times: the
    lockstep kernel's statistics and trajectories are the scalar kernel's, bit for bit."""
    rng = np.random.default_rng(1000 + case)
    n_types = (1, 2, 3, 4)[case % 4]
    system, prof, project = plant_batches.random_system(rng, n_types, 96)
    params, fleets = plant_batches.random_batch(rng, system, prof, project, 40, case % 2 == 1)
    order, starts, ranges = KP.plan_blocks(params, fleets, 0, 40)
    assert sorted(order.tolist()) == list(range(40))
    assert len(starts) - 1 > 40 // K.BLOCK  # kinds and timing groups split the blocks
    assert not plant_batches.compare_kernels(system, prof, project, params, fleets,
                                             (0, 17, 39))


def test_lockstep_kernel_with_more_types_than_unrolled():
    """More types than the runners unroll run the generic runner, with the same results."""
    rng = np.random.default_rng(7)
    system, prof, project = plant_batches.random_system(rng, KP.MAX_UNROLLED + 1, 48)
    params, fleets = plant_batches.random_batch(rng, system, prof, project, 20, True)
    params[:, K.P_STRATEGY] = 1.0  # one kind: one runner to compile
    params[:, K.P_BDISPATCH] = 0.0
    assert not plant_batches.compare_kernels(system, prof, project, params, fleets, (3,))


def test_reference_with_one_type_is_naive_py():
    """naive_plant with one type and no rules is naive.py's naive_dispatch, bit for bit (the
    N-1 rule and the checks too)."""
    rng = np.random.default_rng(7)
    for _ in range(60):
        n = int(rng.integers(5, 40))
        p = dict(_NAIVE_BASE,
                 strategy=str(rng.choice(["load_following", "cycle_charging"])),
                 battery_dispatch=str(rng.choice(["genset_first", "battery_first",
                                                  "economic"])),
                 cc_limit=str(rng.choice(["full", "setpoint"])),
                 n_units=int(rng.integers(0, 5)), unit_kw=float(rng.uniform(2, 20)),
                 min_load=float(rng.uniform(0, 0.6)), n_min=int(rng.integers(0, 3)),
                 c_fix=float(rng.uniform(0, 2)), c_mar=float(rng.uniform(0, 1)),
                 c_wear=float(rng.uniform(0, 0.5)), r_load=float(rng.uniform(0, 0.3)),
                 wind_n=int(rng.integers(0, 3)), inv_kw=float(rng.choice([math.inf, 8.0])),
                 inv_eta=float(rng.choice([1.0, 0.9])), rec_kw=float(rng.choice([math.inf, 5.0])),
                 rec_eta=float(rng.choice([1.0, 0.85])),
                 n1=bool(rng.integers(0, 2)), pv_block_kw=float(rng.choice([math.inf, 3.0])),
                 battery_block_kw=float(rng.choice([math.inf, 2.0])),
                 start_kw=float(rng.uniform(0, 12)), start_kva=float(rng.uniform(0, 40)),
                 step_fraction=float(rng.uniform(0.1, 1.0)))
        load, pv, wind = (rng.uniform(0, 40, n).tolist(), rng.uniform(0, 1, n).tolist(),
                          rng.uniform(0, 5, n).tolist())
        if rng.random() < 0.3:  # whole numbers: exact ties of the N-1 rule's ceiling
            p["unit_kw"] = float(round(p["unit_kw"]))
            load = [float(round(x)) for x in load]
        a = np.where(rng.random(n) < 0.15, 0.0, rng.uniform(0.3, 1.0, n)).tolist()
        dt = float(rng.choice([1.0, 0.5]))
        want, want_steps = naive_dispatch(load, pv, wind, a, dt, p)
        ty = {"unit_kw": p["unit_kw"], "n_units": p["n_units"], "min_load": p["min_load"],
              "f0": p["f0"], "f1": p["f1"], "table": None, "mr_steps": 0, "md_steps": 0,
              "c_fix": p["c_fix"], "c_mar": p["c_mar"]}
        got, per, steps = naive_plant(load, pv, wind, [a], [[1.0] * n], dt, p, [ty])
        assert got == want  # the N-1 rule and the checks included
        for key, values in want_steps.items():
            assert steps[key] == values, key
        assert per[0]["curve_fuel"] == pytest.approx(want["fuel_l"], rel=1e-12)


_NAIVE_BASE = {
    "pv_kw": 10.0, "wind_n": 0, "e_kwh": 10.0, "pch_kw": 4.0, "pdis_kw": 4.0,
    "eta_c": 0.95, "eta_d": 0.9, "soc_min": 0.2, "soc_max": 1.0, "soc_ini": 0.5,
    "unit_kw": 10.0, "n_units": 1, "min_load": 0.3, "f0": 0.1, "f1": 0.25,
    "strategy": "load_following", "cc_setpoint": 0.8, "r_load": 0.1, "r_pv": 0.2,
    "r_wind": 0.1,
}


# ------------------------------------------------------------------ hand-worked cases
# Common to every case: dt = 1 h, no renewables, no reserve (so c = L + 0 - X with
# X = P_d,avail), one bus, Project() (diesel 1.10/L, no carbon price). Units of 100 kW
# (1/P = 0.01), F0 = 0.02 L/(h kW) so F0*P = 2 L/h per running unit.


def _profiles(load, **kw):
    return dispatch.Profiles(load_kw=np.asarray(load, float), dt_h=1.0, **kw)


def _unit(name, **kw):
    base = dict(name=name, unit_rated_kw=100.0, n_units=1, min_load_ratio=0.3,
                fuel_intercept_l_per_h_per_kw=0.02, fuel_slope_l_per_kwh=0.25)
    return mg.GensetFleet(**{**base, **kw})


def _run_checked(system, prof, project=None):
    """Kernel results, after comparing them with the reference and checking invariants."""
    stats, fstats, traj, ftraj, _ = compare(system, prof, project)
    check_invariants(system, prof, stats, traj, ftraj)
    return stats, fstats, traj, ftraj


def test_hand_merit_order_and_loading():
    # "dear" (F1 = 0.3) listed first, "cheap" (F1 = 0.2) second; same rating, O&M, capex.
    # Full-load cost per kWh (gensets.md): (f(P)*1.1 + 15 + 500*100/60000)/100:
    # cheap f(100) = 2 + 20 = 22 -> 0.4003; dear f(100) = 2 + 30 = 32 -> 0.5103.
    dear = _unit("dear", fuel_slope_l_per_kwh=0.3)
    cheap = _unit("cheap", fuel_slope_l_per_kwh=0.2)
    base = mg.System(gensets=(dear, cheap), dispatch=mg.Dispatch(**NO_RESERVE))
    prof = _profiles([150.0, 60.0])
    # "cost": cheap first. t0 L=150: c = D = 150, B = 0. commit(150): cheap add
    #   min(1, ceil(1.5)) = 1, covered 100; dear add min(1, ceil(0.5)) = 1. Gensets first:
    #   G = min(max(150, 30 + 30), 200) = 150. Loading: sigma_cheap = 1*30 = 30,
    #   g_cheap = min(max(150 - 30, 30), 100) = 100, g_dear = min(max(50, 30), 100) = 50.
    #   Fuel: cheap 2 + 0.2*100 = 22, dear 2 + 0.3*50 = 17 (39 L/h).
    # t1 L=60: cheap add ceil(0.6) = 1, covered 100; dear add max(0, ceil(-0.4)) = 0.
    #   g_cheap = 60, fuel 2 + 12 = 14. dear stops.
    system = base.replace(merit_order="cost")
    assert plant.merit_order(system, mg.Project()) == (1, 0)
    stats, fstats, traj, ftraj = _run_checked(system, prof)
    np.testing.assert_allclose(ftraj[:, :, 1], [[50, 100], [0, 60]])     # listed: dear, cheap
    np.testing.assert_allclose(ftraj[:, :, 0], [[1, 1], [0, 1]])
    np.testing.assert_allclose(ftraj[:, :, 2], [[17, 22], [0, 14]])
    np.testing.assert_allclose(traj[:, COL["fuel_l_per_h"]], [39, 14])
    fs = dict(zip(plant.FLEET_STAT_NAMES, fstats.T, strict=True))
    np.testing.assert_allclose(fs["gen_kwh"], [50, 160])
    np.testing.assert_allclose(fs["curve_fuel"], [17, 36])
    np.testing.assert_array_equal(fs["unit_h"], [1, 2])
    np.testing.assert_array_equal(fs["starts"], [1, 1])
    np.testing.assert_array_equal(fs["fleet_h"], [1, 2])
    assert stats["fuel_l"] == pytest.approx(53) and stats["gen_kwh"] == pytest.approx(210)
    assert (stats["starts"], stats["unit_h"], stats["fleet_h"], stats["max_units"]) == (
        2, 3, 2, 2)
    # "given": dear first. t0: g_dear = 100 (2 + 30 = 32), g_cheap = 50 (2 + 10 = 12);
    #   t1: dear alone at 60 (2 + 18 = 20). 64 L in all, 11 L more.
    system = base.replace(merit_order="given")
    assert plant.merit_order(system, mg.Project()) == (0, 1)
    stats, fstats, traj, ftraj = _run_checked(system, prof)
    np.testing.assert_allclose(ftraj[:, :, 1], [[100, 50], [60, 0]])
    np.testing.assert_allclose(ftraj[:, :, 2], [[32, 12], [20, 0]])
    assert stats["fuel_l"] == pytest.approx(64)
    # Two units kept online (min_units_online = 2), "cost": every running unit at its
    # minimum, the rest to the cheap one.
    # t0 L=70: commit(70): cheap ceil(0.7) = 1, covered 100; dear ceil(-0.3) = 0; top-up
    #   to 2: cheap full, dear +1. G = min(max(70, 60), 200) = 70: sigma_cheap = 30,
    #   g_cheap = min(max(40, 30), 100) = 40, g_dear = 30. Fuel 2 + 8 = 10, 2 + 9 = 11.
    # t1 L=20: G = min(max(20, 60), 200) = 60 (minimum load): 30 each, 40 kW dumped (no
    #   battery). Fuel 2 + 6 = 8, 2 + 9 = 11.
    system = base.replace(dispatch=mg.Dispatch(min_units_online=2, **NO_RESERVE))
    stats, fstats, traj, ftraj = _run_checked(system, _profiles([70.0, 20.0]))
    np.testing.assert_allclose(ftraj[:, :, 1], [[30, 40], [30, 30]])
    np.testing.assert_allclose(ftraj[:, :, 2], [[11, 10], [11, 8]])
    np.testing.assert_allclose(traj[:, COL["dumped_kw"]], [0, 40])
    np.testing.assert_allclose(traj[:, COL["genset_kw"]], [70, 60])


def test_hand_minimum_run_time():
    # One 100 kW unit, min_run_h = 3 (MR = 3), m = 0.3 (30 kW), F1 = 0.25. Battery 100 kWh,
    # 50 kW, efficiencies 1, soc_min 0 (k_dis = k_ch = 1). Loads 80, 10, 10, 10.
    # Charging (E0 = 50):
    # t0: P_d = 50, P_c = 50. D = 80, B = 50, c = 80 - 50 = 30 -> commit(30) = 1 unit;
    #     gensets first: commit(80) = 1, G = min(max(80, 30), 100) = 80, battery idle.
    #     Fuel 2 + 20 = 22. One start.
    # t1: E = 50: D = 10, B = 50, c = -40: no capacity needed, but lo = starts(t0) = 1 ->
    #     n = 1 (>= 1: gensets first), G = min(max(10, 30), 100) = 30, X = 20,
    #     ch_g = min(20, inf, 50) = 20 -> E = 70. Fuel 2 + 7.5 = 9.5.
    # t2: E = 70: P_c = 30. lo = starts(t1) + starts(t0) = 1 -> G = 30, ch_g = 20 -> E = 90.
    # t3: E = 90: lo = starts(t2) + starts(t1) = 0 -> n = 0: the battery serves 10 -> E = 80.
    bat = mg.Battery(energy_kwh=100, power_kw=50, charge_efficiency=1.0,
                     discharge_efficiency=1.0, soc_min=0.0, soc_initial=0.5)
    gen = _unit("g", min_run_h=3.0)
    system = mg.System(battery=bat, gensets=(gen,), dispatch=mg.Dispatch(**NO_RESERVE))
    assert system.is_plant
    prof = _profiles([80.0, 10.0, 10.0, 10.0])
    stats, _, traj, ftraj = _run_checked(system, prof)
    np.testing.assert_array_equal(traj[:, COL["units_online"]], [1, 1, 1, 0])
    np.testing.assert_allclose(traj[:, COL["genset_kw"]], [80, 30, 30, 0])
    np.testing.assert_allclose(traj[:, COL["battery_kw"]], [0, -20, -20, 10])
    np.testing.assert_allclose(traj[:, COL["soc"]], [0.5, 0.7, 0.9, 0.8])
    np.testing.assert_allclose(traj[:, COL["dumped_kw"]], [0, 0, 0, 0])
    np.testing.assert_allclose(traj[:, COL["fuel_l_per_h"]], [22, 9.5, 9.5, 0])
    assert stats["starts"] == 1 and stats["unit_h"] == 3
    # Without the rule the battery serves 10 kW from t1 on: units 1, 0, 0, 0.
    free = system.replace(gensets=(gen.replace(min_run_h=0.0),))
    _, traj_free = dispatch.run(free, prof, trajectories=True)
    np.testing.assert_array_equal(traj_free[:, COL["units_online"]], [1, 0, 0, 0])
    # Dumping (E0 = 100, full: P_c = 0): t0 as above (G = 80, battery idle); t1, t2 the unit
    # runs at 30 kW with nowhere to put 20 kW: dumped 20; t3 the battery serves 10 -> E = 90.
    full = system.replace(battery=bat.replace(soc_initial=1.0))
    _, _, traj, _ = _run_checked(full, prof)
    np.testing.assert_array_equal(traj[:, COL["units_online"]], [1, 1, 1, 0])
    np.testing.assert_allclose(traj[:, COL["dumped_kw"]], [0, 20, 20, 0])
    np.testing.assert_allclose(traj[:, COL["soc"]], [1.0, 1.0, 1.0, 0.9])


def test_hand_minimum_down_time():
    # A (listed first, min_down_h = 3: MD = 3) and B (no rule), merit order "given", no
    # battery. Loads 50, 0, 50, 50, 50.
    # t0: commit(50): A add ceil(0.5) = 1 -> (1, 0), G_A = 50. Fuel 2 + 12.5 = 14.5.
    # t1: L = 0: nothing needed -> (0, 0): A stops.
    # t2: hi_A = 1 - (stops(t1) + stops(t0)) = 0: A add min(0, 1) = 0; B add ceil(0.5) = 1
    #     -> (0, 1), G_B = 50 (fuel 2 + 0.3*50 = 17).
    # t3: hi_A = 1 - (stops(t2) + stops(t1)) = 0 -> (0, 1).
    # t4: hi_A = 1 - (stops(t3) + stops(t2)) = 1 -> A add 1, covered 100; B add
    #     max(0, ceil(-0.5)) = 0 -> (1, 0). A was off for 3 steps (t1..t3).
    a = _unit("A", min_down_h=3.0)
    b = _unit("B", fuel_slope_l_per_kwh=0.3)
    prof = _profiles([50.0, 0.0, 50.0, 50.0, 50.0])
    system = mg.System(gensets=(a, b), merit_order="given", dispatch=mg.Dispatch(**NO_RESERVE))
    stats, fstats, traj, ftraj = _run_checked(system, prof)
    np.testing.assert_array_equal(ftraj[:, :, 0], [[1, 0], [0, 0], [0, 1], [0, 1], [1, 0]])
    np.testing.assert_allclose(ftraj[:, :, 2], [[14.5, 0], [0, 0], [0, 17], [0, 17],
                                                [14.5, 0]])
    np.testing.assert_allclose(traj[:, COL["unserved_kw"]], 0)
    np.testing.assert_array_equal(fstats[:, plant.FLEET_STAT_NAMES.index("starts")], [2, 1])
    assert stats["starts"] == 3
    # A alone: t2 and t3 go unserved (50 kW each), capacity shortage c - 0 = 50.
    alone = system.replace(gensets=(a,))
    stats, _, traj, _ = _run_checked(alone, prof)
    np.testing.assert_array_equal(traj[:, COL["units_online"]], [1, 0, 0, 0, 1])
    np.testing.assert_allclose(traj[:, COL["unserved_kw"]], [0, 0, 50, 50, 0])
    np.testing.assert_allclose(traj[:, COL["capacity_shortage_kw"]], [0, 0, 50, 50, 0])
    assert stats["unserved_kwh"] == pytest.approx(100) and stats["unserved_h"] == 2


def test_hand_part_load_table():
    # Two 100 kW units, m = 0.05 (5 kW), table 9, 15, 22, 30 L/h at 25, 50, 75, 100 %:
    # points at x = 0..4 (x = 4 g / (n P)): 2*9 - 15 = 3, 9, 15, 22, 30.
    # t0 L=60: 1 unit, x = 2.4: 15 + 0.4*(22 - 15) = 17.8 (between the 50 and 75 % points).
    # t1 L=10: x = 0.4: 3 + 0.4*(9 - 3) = 5.4 (below 25 %, along the first segment).
    # t2 L=120: ceil(1.2) = 2 units of 60 kW: 2 * 17.8 = 35.6.
    # t3 L=200: 2 units at 100 %: 2 * 30 = 60.   t4 L=25: x = 1: 9.
    gen = _unit("t", n_units=2, min_load_ratio=0.05, part_load_fuel_per_h=(9, 15, 22, 30))
    system = mg.System(gensets=(gen,), dispatch=mg.Dispatch(**NO_RESERVE))
    assert system.is_plant
    stats, fstats, traj, ftraj = _run_checked(system, _profiles([60, 10, 120, 200, 25]))
    np.testing.assert_array_equal(traj[:, COL["units_online"]], [1, 1, 2, 2, 1])
    np.testing.assert_allclose(traj[:, COL["fuel_l_per_h"]], [17.8, 5.4, 35.6, 60, 9])
    np.testing.assert_allclose(ftraj[:, 0, 2], [17.8, 5.4, 35.6, 60, 9])
    assert stats["fuel_l"] == pytest.approx(17.8 + 5.4 + 35.6 + 60 + 9)
    assert fstats[0, plant.FLEET_STAT_NAMES.index("curve_fuel")] == pytest.approx(127.8)


def test_hand_fuel_multiplier_per_type():
    # "a" diesel (F1 0.25) and "b" gas (F0 0.03 Nm3/(h kW) -> 3 Nm3/h, F1 0.26 Nm3/kWh),
    # merit order "given", loads 150, 150: a at 100 kW, b at 50 kW each step.
    # a has its own multiplier 1.2 then 1.5: (2 + 25)*1.2 = 32.4, (2 + 25)*1.5 = 40.5.
    # b uses the site's 1.1: (3 + 0.26*50)*1.1 = 16*1.1 = 17.6 Nm3/h, both steps.
    # fuel_l adds the types in their units: 32.4 + 40.5 + 2*17.6 = 108.1.
    a = _unit("a")
    b = mg.GensetFleet(name="b", unit_rated_kw=100.0, n_units=1, min_load_ratio=0.3, fuel=GAS,
                       fuel_intercept_per_h_per_kw=0.03, fuel_slope_per_kwh=0.26)
    system = mg.System(gensets=(a, b), merit_order="given", dispatch=mg.Dispatch(**NO_RESERVE))
    prof = _profiles([150.0, 150.0], genset_fuel_multiplier=1.1,
                     fleet_fuel_multiplier={"a": [1.2, 1.5]})
    stats, fstats, traj, ftraj = _run_checked(system, prof)
    np.testing.assert_allclose(ftraj[:, :, 1], [[100, 50], [100, 50]])
    np.testing.assert_allclose(ftraj[:, :, 2], [[32.4, 17.6], [40.5, 17.6]])
    np.testing.assert_allclose(traj[:, COL["fuel_l_per_h"]], [50.0, 58.1])
    np.testing.assert_allclose(fstats[:, plant.FLEET_STAT_NAMES.index("curve_fuel")],
                               [72.9, 35.2])
    assert stats["fuel_l"] == pytest.approx(108.1)


# ------------------------------------------------- merit order and economic costs (spec cases)


def test_merit_order_of_a_part_load_table_uses_its_full_load_point():
    # "tab": table 10, 15, 25, 40 L/h at 25..100 % of 100 kW (0 % point 2*10 - 15 = 5);
    # "lin": F0 = 0, F1 = 0.36 L/kWh. Same O&M (15/h) and capex (500/kW over 60000 h).
    # Spec, full-load cost per kWh: tab (40*1.1 + 15 + 0.8333)/100 = 0.5983,
    # lin (36*1.1 + 15.8333)/100 = 0.5543 -> lin first: order (1, 0).
    # The table's lower line (linear_curve: slope 0.34, intercept -2 L/h) is 32 L/h at
    # 100 %: (32*1.1 + 15.8333)/100 = 0.5103 -> the kernel ranks tab first.
    tab = mg.GensetFleet(name="tab", unit_rated_kw=100.0, n_units=1,
                         part_load_fuel_per_h=(10.0, 15.0, 25.0, 40.0))
    lin = mg.GensetFleet(name="lin", unit_rated_kw=100.0, n_units=1,
                         fuel_intercept_l_per_h_per_kw=0.0, fuel_slope_l_per_kwh=0.36)
    system = mg.System(gensets=(tab, lin), dispatch=mg.Dispatch(**NO_RESERVE))
    project = mg.Project()
    assert _spec_merit_order(system, project) == (1, 0)
    # L = 60: one unit of the first type in merit order serves it (commit(60) = 1)
    _, _, _, ftraj = plant.run_plant(system, _profiles([60.0]), project, trajectories=True)
    assert plant.merit_order(system, project) == (1, 0)
    np.testing.assert_allclose(ftraj[0, :, 1], [0.0, 60.0])


def test_economic_fixed_cost_of_a_type_is_the_one_fleet_c_fix():
    # One 100 kW unit, m = 0.3, om_per_kw_hour = 0.5 (50 per running hour). Battery 100 kWh,
    # 50 kW, efficiencies 1, soc_min 0, E0 = 50; wear cost (100*260 + 50*180)/7000 = 5/kWh.
    # Economic, load following, L = 10: n = 0 (D = 10 <= B = 50, c = -40) -> the cheaper:
    #   battery: dis = 10 at c_bat = 5: cost 50.
    #   gensets: n_G = 1, G = max(10, 30) = 30: c_fix + 0.275*30, with
    #   c_fix = 15 + 0.5*100 + 500*100/60000 + 2*1.1 = 68.033: 76.28 > 50 -> the battery
    #   serves, in both kernels (without the 50 per hour of om_per_kw_hour a unit would run).
    bat = mg.Battery(energy_kwh=100, power_kw=50, charge_efficiency=1.0,
                     discharge_efficiency=1.0, soc_min=0.0, soc_initial=0.5,
                     lifetime_throughput_kwh=7000.0)
    gen = _unit("g", om_per_kw_hour=0.5)
    system = mg.System(battery=bat, gensets=(gen,),
                       dispatch=mg.Dispatch(battery_dispatch="economic", **NO_RESERVE))
    project = mg.Project()
    prof = _profiles([10.0])
    _, one_fleet = dispatch.run(system, prof, trajectories=True)
    assert one_fleet[:, COL["units_online"]].tolist() == [0]
    _, _, traj, _ = plant.run_plant(system, prof, project, trajectories=True)
    assert traj[:, COL["units_online"]].tolist() == [0]
    cheaper = system.replace(gensets=(gen.replace(om_per_kw_hour=0.0),))
    _, one_fleet = dispatch.run(cheaper, prof, trajectories=True)
    assert one_fleet[:, COL["units_online"]].tolist() == [1]
    rows = plant.fleet_rows(system, project, 1.0)
    assert math.isclose(rows[0, KP.F_C_FIX], _spec_costs(gen, project)[0], rel_tol=1e-12)
