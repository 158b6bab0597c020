"""The compiled dispatch kernel against the plain-Python reference, and invariants."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import minegrid as mg
from minegrid import dispatch
from naive import naive_dispatch

RTOL = 1e-9
EXACT = ("unserved_h", "unserved_longest_h", "unit_h", "fleet_h", "starts", "max_units",
         "cap_short_h", "n1_h", "start_refused_h")


def _naive_params(system: mg.System, project: mg.Project | None = None) -> dict:
    """The reference's inputs, read from the components (not from the kernel's rows).

    The economic-dispatch costs are written out here from the specification
    (docs/theory/dispatch.md, section 5), independently of minegrid's lowering.
    """
    project = mg.Project() if project is None else project
    pv, wind = system.pv_or_zero, system.wind_or_zero
    bat, gen, dis = system.battery_or_zero, system.genset_or_zero, system.dispatch
    conv = system.converter
    p = {
        "pv_kw": pv.rated_kw, "wind_n": float(wind.n_turbines), "e_kwh": bat.energy_kwh,
        "pch_kw": bat.charge_power_kw, "pdis_kw": bat.discharge_power_kw,
        "eta_c": bat.charge_efficiency, "eta_d": bat.discharge_efficiency,
        "soc_min": bat.soc_min, "soc_max": bat.soc_max, "soc_ini": bat.soc_initial,
        "alpha": bat.max_charge_rate_per_h,
        "unit_kw": gen.unit_rated_kw, "n_units": float(gen.n_units),
        "min_load": gen.min_load_ratio, "f0": gen.fuel_intercept_l_per_h_per_kw,
        "f1": gen.fuel_slope_l_per_kwh, "strategy": dis.strategy,
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
        "c_fix": 0.0, "c_mar": 0.0, "c_wear": 0.0,
        "n1": dis.n_minus_1_reserve,
        "pv_block_kw": math.inf if dis.pv_block_kw is None else dis.pv_block_kw,
        "battery_block_kw": math.inf if dis.battery_block_kw is None else dis.battery_block_kw,
        "start_kw": max((m.start_kw for m in dis.motor_starts), default=0.0),
        "start_kva": max((m.start_kva for m in dis.motor_starts), default=0.0),
        "step_fraction": dis.genset_step_fraction,
        "gen_kva_per_kw": dis.genset_start_kva_per_kw,
        "inverter_overload": dis.inverter_start_overload,
    }
    if dis.battery_dispatch == "economic":
        c_fuel = project.fuel_price_per_l + project.carbon_price_per_t * gen.co2_kg_per_l / 1000
        p["c_fix"] = (gen.om_per_unit_hour
                      + gen.replacement_ratio * gen.capex_per_kw * gen.unit_rated_kw
                      / gen.life_hours
                      + gen.fuel_intercept_l_per_h_per_kw * gen.unit_rated_kw * c_fuel)
        p["c_mar"] = gen.fuel_slope_l_per_kwh * c_fuel
        throughput = (bat.lifetime_throughput_kwh if bat.lifetime_throughput_kwh is not None
                      else bat.cycle_life * bat.energy_kwh)
        replacement = bat.replacement_ratio * (bat.energy_kwh * bat.capex_per_kwh
                                               + max(bat.charge_power_kw,
                                                     bat.discharge_power_kw)
                                               * bat.capex_per_kw)
        p["c_wear"] = replacement / throughput if throughput > 0 else 0.0
    return p


def _scale(totals: dict) -> float:
    return max(1.0, totals["load_kwh"], totals["pv_kwh"] + totals["wind_kwh"])


def compare(system: mg.System, prof: dispatch.Profiles):
    """Kernel (stats and trajectories) against the reference; returns kernel totals, traj."""
    tot, traj = dispatch.run(system, prof, trajectories=True)
    tot_only, none = dispatch.run(system, prof, trajectories=False)
    assert none is None
    assert tot_only == tot, "statistics-only and trajectory modes must agree exactly"
    ref, steps = naive_dispatch(prof.load_kw, prof.pv_kw_per_kw, prof.wind_kw_per_turbine,
                                prof.genset_availability, prof.dt_h, _naive_params(system))
    scale = _scale(ref)
    for name in dispatch.STAT_NAMES:
        got, want = tot[name], ref[name]
        if name in EXACT:
            assert got == want, f"{name}: kernel {got} != reference {want}"
        else:
            assert math.isclose(got, want, rel_tol=RTOL, abs_tol=RTOL * scale), (
                f"{name}: kernel {got!r} != reference {want!r}")
    cols = {"load": "load_kw", "pv": "pv_kw", "wind": "wind_kw", "gen": "genset_kw",
            "units": "units_online", "batt": "battery_kw", "soc": "soc",
            "unserved": "unserved_kw", "curtailed": "curtailed_kw", "dumped": "dumped_kw",
            "reserve": "reserve_kw", "cap_short": "capacity_shortage_kw",
            "fuel": "fuel_l_per_h", "curtailed_pv": "curtailed_pv_kw",
            "inverter": "inverter_kw", "rectifier": "rectifier_kw", "n1": "n1_shortfall_kw",
            "step_cap": "step_capability_kw", "kva_cap": "start_capability_kva"}
    for ref_name, name in cols.items():
        j = dispatch.TRAJ_NAMES.index(name)
        want = np.asarray(steps[ref_name], dtype=float)
        np.testing.assert_allclose(traj[:, j], want, rtol=RTOL, atol=RTOL * scale / prof.dt_h,
                                   err_msg=name)
    return tot, traj


def check_invariants(system: mg.System, prof: dispatch.Profiles, tot: dict, traj: np.ndarray):
    T = {name: traj[:, i] for i, name in enumerate(dispatch.TRAJ_NAMES)}
    scale = max(1.0, float(np.max(T["load_kw"] + T["pv_kw"] + T["wind_kw"])))
    # energy balance closes every step, on the AC bus and on the DC bus
    conv = system.converter
    eta_inv = 1.0 if conv is None else conv.inverter_efficiency
    eta_rec = 1.0 if conv is None else conv.rectifier_efficiency
    curt_w = T["curtailed_kw"] - T["curtailed_pv_kw"]
    lhs = T["load_kw"] - T["unserved_kw"]
    rhs = (T["inverter_kw"] + T["wind_kw"] - curt_w + T["genset_kw"] - T["dumped_kw"]
           - T["rectifier_kw"])
    np.testing.assert_allclose(lhs, rhs, rtol=0, atol=1e-9 * scale)
    dc_in = T["pv_kw"] - T["curtailed_pv_kw"] + T["battery_kw"] + T["rectifier_kw"] * eta_rec
    np.testing.assert_allclose(dc_in, T["inverter_kw"] / eta_inv, rtol=0, atol=1e-9 * scale)
    if conv is not None:
        assert (T["inverter_kw"] <= conv.inverter_kw * (1 + 1e-12) + 1e-9).all()
        assert (T["rectifier_kw"] <= conv.rectifier_kw * (1 + 1e-12) + 1e-9).all()
    for name in ("unserved_kw", "curtailed_kw", "dumped_kw", "genset_kw", "inverter_kw",
                 "rectifier_kw"):
        assert (T[name] >= -1e-12 * scale).all(), name
    bat = system.battery_or_zero
    if bat.energy_kwh > 0:
        tol = 1e-9
        assert (T["soc"] >= bat.soc_min - tol).all()
        assert (T["soc"] <= bat.soc_max + tol).all()
        assert (T["battery_kw"] <= bat.discharge_power_kw * (1 + 1e-12) + 1e-12).all()
        assert (-T["battery_kw"] <= bat.charge_power_kw * (1 + 1e-12) + 1e-12).all()
    gen = system.genset_or_zero
    assert (T["units_online"] <= gen.n_units).all()
    cap = T["units_online"] * gen.unit_rated_kw * prof.genset_availability
    assert (T["genset_kw"] <= cap * (1 + 1e-12) + 1e-9).all()
    running = T["units_online"] > 0
    lo = T["units_online"] * np.minimum(gen.min_load_ratio * gen.unit_rated_kw,
                                        gen.unit_rated_kw * prof.genset_availability)
    assert (T["genset_kw"][running] >= lo[running] * (1 - 1e-12) - 1e-9).all()
    # totals equal the sums of the trajectories
    dt = prof.dt_h
    assert math.isclose(tot["gen_kwh"], T["genset_kw"].sum() * dt, rel_tol=1e-9, abs_tol=1e-6)
    assert math.isclose(tot["unserved_kwh"], T["unserved_kw"].sum() * dt, rel_tol=1e-9,
                        abs_tol=1e-6)


# ------------------------------------------------------------------ fixed cases


def _profiles(n=240, dt=1.0, seed=0, derate=False):
    rng = np.random.default_rng(seed)
    t = np.arange(n) * dt
    hour = t % 24
    load = 900 + 250 * np.sin(2 * np.pi * hour / 24) + rng.normal(0, 60, n).clip(-200, 200)
    pv = np.clip(np.sin(np.pi * (hour - 6) / 12), 0, None) * rng.uniform(0.4, 0.85, n)
    wind = np.clip(rng.weibull(2.0, n) * 1200, 0, 3300)
    avail = rng.uniform(0.7, 1.0, n) if derate else None
    return dispatch.Profiles(load_kw=load, pv_kw_per_kw=pv, wind_kw_per_turbine=wind,
                             genset_availability=avail, dt_h=dt)


SYSTEMS = {
    "hybrid_lf": mg.System(
        pv=mg.PVPlant(rated_kw=1500), wind=mg.WindPlant(n_turbines=1, turbine_rated_kw=3300),
        battery=mg.Battery(energy_kwh=2000, power_kw=700),
        genset=mg.GensetFleet(unit_rated_kw=400, n_units=4, min_load_ratio=0.3),
    ),
    "hybrid_cc": mg.System(
        pv=mg.PVPlant(rated_kw=1500), battery=mg.Battery(energy_kwh=2000, power_kw=700),
        genset=mg.GensetFleet(unit_rated_kw=400, n_units=4, min_load_ratio=0.3),
        dispatch=mg.Dispatch(strategy="cycle_charging", cycle_charging_setpoint=0.9),
    ),
    "diesel_only": mg.System(genset=mg.GensetFleet(unit_rated_kw=300, n_units=6)),
    "short_fleet": mg.System(pv=mg.PVPlant(rated_kw=800),
                             genset=mg.GensetFleet(unit_rated_kw=250, n_units=3)),
    "pv_battery_only": mg.System(pv=mg.PVPlant(rated_kw=4000),
                                 battery=mg.Battery(energy_kwh=6000, power_kw=1500)),
    "nothing": mg.System(),
    "motor_reserve": mg.System(
        pv=mg.PVPlant(rated_kw=1500), battery=mg.Battery(energy_kwh=1000, power_kw=300),
        genset=mg.GensetFleet(unit_rated_kw=400, n_units=5, min_load_ratio=0.3),
        dispatch=mg.Dispatch(reserve_fixed_kw=600.0),
    ),
    "cc_hold": mg.System(
        pv=mg.PVPlant(rated_kw=1500), battery=mg.Battery(energy_kwh=3000, power_kw=800),
        genset=mg.GensetFleet(unit_rated_kw=400, n_units=4, min_load_ratio=0.3),
        dispatch=mg.Dispatch(strategy="cycle_charging", cycle_charging_setpoint=0.9,
                             cycle_charging_hold=True),
    ),
    "battery_first": mg.System(
        pv=mg.PVPlant(rated_kw=1500), wind=mg.WindPlant(n_turbines=1, turbine_rated_kw=3300),
        battery=mg.Battery(energy_kwh=2000, power_kw=700),
        genset=mg.GensetFleet(unit_rated_kw=400, n_units=4, min_load_ratio=0.3),
        dispatch=mg.Dispatch(battery_dispatch="battery_first"),
    ),
    "economic_lf": mg.System(
        pv=mg.PVPlant(rated_kw=1500), battery=mg.Battery(energy_kwh=2000, power_kw=700,
                                                         capex_per_kw=150.0),
        genset=mg.GensetFleet(unit_rated_kw=400, n_units=4, min_load_ratio=0.3),
        dispatch=mg.Dispatch(battery_dispatch="economic"),
    ),
    "economic_cc": mg.System(
        pv=mg.PVPlant(rated_kw=1500), battery=mg.Battery(energy_kwh=2000, power_kw=700,
                                                         lifetime_throughput_kwh=2e6),
        genset=mg.GensetFleet(unit_rated_kw=400, n_units=4, min_load_ratio=0.3),
        dispatch=mg.Dispatch(strategy="cycle_charging", battery_dispatch="economic"),
    ),
    "cc_setpoint_no_hold": mg.System(
        pv=mg.PVPlant(rated_kw=1500), battery=mg.Battery(energy_kwh=2000, power_kw=700),
        genset=mg.GensetFleet(unit_rated_kw=400, n_units=4, min_load_ratio=0.3),
        dispatch=mg.Dispatch(strategy="cycle_charging", cycle_charging_hold=False,
                             cycle_charging_limit="setpoint"),
    ),
    "no_diesel_off_taper_peak": mg.System(
        pv=mg.PVPlant(rated_kw=3000), battery=mg.Battery(energy_kwh=3000, power_kw=900,
                                                         max_charge_rate_per_h=0.5),
        genset=mg.GensetFleet(unit_rated_kw=400, n_units=4, min_load_ratio=0.3),
        dispatch=mg.Dispatch(allow_diesel_off=False, reserve_peak_load_fraction=0.1),
    ),
    "converter_lf": mg.System(
        pv=mg.PVPlant(rated_kw=2000), wind=mg.WindPlant(n_turbines=1, turbine_rated_kw=3300),
        battery=mg.Battery(energy_kwh=2500, power_kw=900),
        genset=mg.GensetFleet(unit_rated_kw=400, n_units=4, min_load_ratio=0.3),
        converter=mg.Converter(inverter_kw=800, inverter_efficiency=0.94, rectifier_kw=500,
                               rectifier_efficiency=0.92),
    ),
    "converter_cc_capped": mg.System(
        pv=mg.PVPlant(rated_kw=2000), battery=mg.Battery(energy_kwh=2500, power_kw=900),
        genset=mg.GensetFleet(unit_rated_kw=400, n_units=4, min_load_ratio=0.25),
        converter=mg.Converter(inverter_kw=700, reserve_through_inverter=True),
        dispatch=mg.Dispatch(strategy="cycle_charging", min_units_online=1),
    ),
    "n1_lf": mg.System(
        pv=mg.PVPlant(rated_kw=1500), wind=mg.WindPlant(n_turbines=1, turbine_rated_kw=3300),
        battery=mg.Battery(energy_kwh=2000, power_kw=700),
        genset=mg.GensetFleet(unit_rated_kw=400, n_units=6, min_load_ratio=0.3),
        dispatch=mg.Dispatch(n_minus_1_reserve=True, pv_block_kw=500.0, battery_block_kw=350.0,
                             motor_starts=(mg.MotorStart(name="mill", rated_kw=300,
                                                         starter="soft_starter"),)),
    ),
    "n1_cc_converter": mg.System(
        pv=mg.PVPlant(rated_kw=2000), battery=mg.Battery(energy_kwh=2500, power_kw=900),
        genset=mg.GensetFleet(unit_rated_kw=400, n_units=5, min_load_ratio=0.25),
        converter=mg.Converter(inverter_kw=700),
        dispatch=mg.Dispatch(strategy="cycle_charging", n_minus_1_reserve=True,
                             motor_starts=(mg.MotorStart(name="crusher", rated_kw=250),)),
    ),
    "high_min_load_cc": mg.System(
        wind=mg.WindPlant(n_turbines=1, turbine_rated_kw=3300),
        battery=mg.Battery(energy_kwh=500, power_kw=250, soc_min=0.2, soc_max=0.9),
        genset=mg.GensetFleet(unit_rated_kw=600, n_units=3, min_load_ratio=0.6),
        dispatch=mg.Dispatch(strategy="cycle_charging"),
    ),
}


@pytest.mark.parametrize("name", sorted(SYSTEMS))
@pytest.mark.parametrize("derate", [False, True])
def test_kernel_matches_reference_fixed(name, derate):
    prof = _profiles(derate=derate)
    tot, traj = compare(SYSTEMS[name], prof)
    check_invariants(SYSTEMS[name], prof, tot, traj)


def test_sub_hourly_steps_match_reference_and_stay_close_to_hourly():
    hourly = _profiles(n=24 * 14, dt=1.0)
    quarter = dispatch.Profiles(
        load_kw=np.repeat(hourly.load_kw, 4), pv_kw_per_kw=np.repeat(hourly.pv_kw_per_kw, 4),
        wind_kw_per_turbine=np.repeat(hourly.wind_kw_per_turbine, 4), dt_h=0.25)
    system = SYSTEMS["hybrid_lf"]
    tot_q, traj_q = compare(system, quarter)
    check_invariants(system, quarter, tot_q, traj_q)
    tot_h, _ = dispatch.run(system, hourly)
    assert math.isclose(tot_q["load_kwh"], tot_h["load_kwh"], rel_tol=1e-12)
    assert math.isclose(tot_q["gen_kwh"], tot_h["gen_kwh"], rel_tol=0.05)


def test_expected_behaviour_on_a_hand_case():
    # 3 steps, no renewables: 500 kW load on 2 x 400 kW units, reserve 10 % of load.
    system = mg.System(genset=mg.GensetFleet(unit_rated_kw=400, n_units=2, min_load_ratio=0.25,
                                             fuel_intercept_l_per_h_per_kw=0.02,
                                             fuel_slope_l_per_kwh=0.25))
    prof = dispatch.Profiles(load_kw=[500.0, 300.0, 900.0])
    tot, traj = dispatch.run(system, prof, trajectories=True)
    units = traj[:, dispatch.TRAJ_NAMES.index("units_online")]
    # 550 kW needs 2 units; 330 kW needs 1; 990 kW needs 3 but only 2 exist
    assert units.tolist() == [2, 1, 2]
    assert tot["unserved_kwh"] == pytest.approx(100.0)
    assert tot["cap_short_kwh"] == pytest.approx(990.0 - 800.0)
    # fuel: 2*0.02*400 + 0.25*500, then 0.02*400 + 0.25*300, then 16 + 0.25*800
    assert tot["fuel_l"] == pytest.approx(16 + 125 + 8 + 75 + 16 + 200)
    assert tot["starts"] == 2 + 0 + 1


def test_cycle_charging_hold_runs_a_unit_until_the_set_point():
    # 2 h of load the battery cannot cover, then 6 h that it could: with the hold, one unit
    # keeps running (charging) until the SoC reaches the 0.9 set-point
    load = [900.0, 900.0] + [100.0] * 6
    prof = dispatch.Profiles(load_kw=load)
    bat = mg.Battery(energy_kwh=1000, power_kw=300, soc_min=0.2, soc_initial=0.2,
                     charge_efficiency=1.0, discharge_efficiency=1.0)
    gen = mg.GensetFleet(unit_rated_kw=1000, n_units=2, min_load_ratio=0.0)
    base = mg.Dispatch(strategy="cycle_charging", cycle_charging_setpoint=0.9,
                       reserve_load_fraction=0.0, cycle_charging_hold=False,
                       cycle_charging_limit="setpoint")
    plain = mg.System(battery=bat, genset=gen, dispatch=base)
    held = plain.replace(dispatch=base.replace(cycle_charging_hold=True))
    for system in (plain, held):
        compare(system, prof)
    _, t_plain = dispatch.run(plain, prof, trajectories=True)
    _, t_held = dispatch.run(held, prof, trajectories=True)
    units = dispatch.TRAJ_NAMES.index("units_online")
    soc = dispatch.TRAJ_NAMES.index("soc")
    # the unit runs at 1000 kW for the 900 kW load, charging 100 kW: SoC 0.3, 0.4.
    # Without the hold the battery then serves 100 kW alone down to 0.2, and a unit must
    # start again at hour 4 (100 kW load + 300 kW charge)
    assert t_plain[:, units].tolist() == [1, 1, 0, 0, 1, 0, 0, 0]
    np.testing.assert_allclose(t_plain[:, soc], [0.3, 0.4, 0.3, 0.2, 0.5, 0.4, 0.3, 0.2])
    # with it, the unit keeps running (100 kW load + 300 kW, then + 200 kW charge) until the
    # 0.9 set-point, then stops: one start instead of two
    assert t_held[:, units].tolist() == [1, 1, 1, 1, 0, 0, 0, 0]
    np.testing.assert_allclose(t_held[:, soc], [0.3, 0.4, 0.7, 0.9, 0.8, 0.7, 0.6, 0.5])
    gen = dispatch.TRAJ_NAMES.index("genset_kw")
    assert t_held[:, gen].tolist() == [1000, 1000, 400, 300, 0, 0, 0, 0]
    assert not np.signbit(t_plain[:, units]).any()  # no -0.0 in the outputs


# ------------------------------------------------------------------ property-based

finite = dict(allow_nan=False, allow_infinity=False)


@st.composite
def cases(draw):
    n = draw(st.integers(1, 60))
    dt = draw(st.sampled_from([1.0, 0.5, 0.25, 1 / 6]))
    load = draw(st.lists(st.floats(0, 2000, **finite), min_size=n, max_size=n))
    pv = draw(st.lists(st.floats(0, 1.0, **finite), min_size=n, max_size=n))
    wind = draw(st.lists(st.floats(0, 3000, **finite), min_size=n, max_size=n))
    # availability 0 (unit down) or a physical derating; the kernel is safe below that too
    avail = draw(st.one_of(st.none(), st.lists(st.just(0.0) | st.floats(1e-3, 1), min_size=n,
                                               max_size=n)))
    soc_min = draw(st.floats(0, 0.5))
    soc_max = draw(st.floats(soc_min + 0.05, 1.0))
    # SoC = E/E_rated is meaningless for subnormal sizes: batteries are 0 or >= 1 Wh
    energy = draw(st.sampled_from([0.0, 1.0, 500.0, 3000.0]) | st.floats(1e-3, 5000))
    battery = mg.Battery(
        energy_kwh=energy,
        charge_power_kw=draw(st.floats(0, 2000)), discharge_power_kw=draw(st.floats(0, 2000)),
        charge_efficiency=draw(st.floats(0.5, 1.0)),
        discharge_efficiency=draw(st.floats(0.5, 1.0)),
        soc_min=soc_min, soc_max=soc_max,
        soc_initial=draw(st.floats(soc_min, soc_max)),
        max_charge_rate_per_h=draw(st.none() | st.floats(0.05, 5.0)),
        lifetime_throughput_kwh=draw(st.none() | st.floats(1.0, 1e7)),
        capex_per_kw=draw(st.just(0.0) | st.floats(30, 300)),
    )
    genset = mg.GensetFleet(
        unit_rated_kw=draw(st.floats(10, 1500)), n_units=draw(st.integers(0, 5)),
        min_load_ratio=draw(st.floats(0, 0.9)),
        fuel_intercept_l_per_h_per_kw=draw(st.floats(0, 0.1)),
        fuel_slope_l_per_kwh=draw(st.floats(0.1, 0.4)),
    )
    disp = mg.Dispatch(
        strategy=draw(st.sampled_from(["load_following", "cycle_charging"])),
        cycle_charging_setpoint=draw(st.floats(0, 1)),
        cycle_charging_hold=draw(st.booleans()),
        reserve_load_fraction=draw(st.floats(0, 0.5)),
        reserve_pv_fraction=draw(st.floats(0, 0.5)),
        reserve_wind_fraction=draw(st.floats(0, 1.0)),
        reserve_fixed_kw=draw(st.just(0.0) | st.floats(0, 1500)),
        reserve_peak_load_fraction=draw(st.just(0.0) | st.floats(0, 0.3)),
        battery_dispatch=draw(st.sampled_from(["genset_first", "battery_first", "economic"])),
        cycle_charging_limit=draw(st.sampled_from(["full", "setpoint"])),
        allow_diesel_off=draw(st.booleans()),
        min_units_online=draw(st.integers(0, 2)),
        n_minus_1_reserve=draw(st.booleans()),
        pv_block_kw=draw(st.none() | st.floats(1.0, 3000)),
        battery_block_kw=draw(st.none() | st.floats(1.0, 2000)),
        motor_starts=draw(st.lists(st.builds(
            lambda kw, starter: mg.MotorStart(name="m", rated_kw=kw, starter=starter),
            st.floats(1.0, 1500), st.sampled_from(sorted(mg.components.STARTERS))),
            max_size=2)),
        genset_step_fraction=draw(st.floats(0.05, 1.0)),
        genset_start_kva_per_kw=draw(st.floats(0, 4)),
        inverter_start_overload=draw(st.floats(0, 2)),
    )
    converter = draw(st.none() | st.builds(
        lambda kw, eta, rec, eta_r, cap: mg.Converter(
            inverter_kw=kw, inverter_efficiency=eta, rectifier_kw=rec,
            rectifier_efficiency=eta_r, reserve_through_inverter=cap),
        st.floats(0, 3000), st.floats(0.5, 1.0), st.floats(0, 3000), st.floats(0.5, 1.0),
        st.booleans()))
    system = mg.System(pv=mg.PVPlant(rated_kw=draw(st.floats(0, 3000))),
                       wind=mg.WindPlant(n_turbines=draw(st.integers(0, 2)),
                                         turbine_rated_kw=3000),
                       battery=battery, genset=genset, dispatch=disp, converter=converter)
    prof = dispatch.Profiles(load_kw=load, pv_kw_per_kw=pv, wind_kw_per_turbine=wind,
                             genset_availability=avail, dt_h=dt)
    return system, prof


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_kernel_matches_reference_property(case):
    system, prof = case
    tot, traj = compare(system, prof)
    check_invariants(system, prof, tot, traj)


@settings(max_examples=60, deadline=None)
@given(cases())
def test_two_half_pv_plants_equal_one(case):
    system, prof = case
    pv_kw = system.pv_or_zero.rated_kw
    # the drawn profile halved, so that doubling it stays a PV profile (<= 1.1 kW/kW)
    base = dispatch.Profiles(load_kw=prof.load_kw, pv_kw_per_kw=prof.pv_kw_per_kw / 2,
                             wind_kw_per_turbine=prof.wind_kw_per_turbine,
                             genset_availability=prof.genset_availability, dt_h=prof.dt_h)
    full, _ = dispatch.run(system, base)
    # half the size with twice the profile is the same plant (its PV block scaled with it:
    # a block is so many kW DC, and the N-1 check loses its output)
    half = system.replace(pv=system.pv_or_zero.replace(rated_kw=pv_kw / 2))
    if system.dispatch.pv_block_kw is not None:
        half = half.replace(dispatch=half.dispatch.replace(
            pv_block_kw=system.dispatch.pv_block_kw / 2))
    doubled = dispatch.Profiles(load_kw=prof.load_kw, pv_kw_per_kw=2 * base.pv_kw_per_kw,
                                wind_kw_per_turbine=prof.wind_kw_per_turbine,
                                genset_availability=prof.genset_availability, dt_h=prof.dt_h)
    other, _ = dispatch.run(half, doubled)
    for name in dispatch.STAT_NAMES:
        assert math.isclose(full[name], other[name], rel_tol=1e-9,
                            abs_tol=1e-7 * _scale(full)), name


@settings(max_examples=60, deadline=None)
@given(cases())
def test_zero_size_components_change_nothing(case):
    system, prof = case
    base, _ = dispatch.run(system, prof)
    zeroed = system
    if system.pv_or_zero.rated_kw == 0:
        zeroed = zeroed.replace(pv=None)
    if system.wind_or_zero.n_turbines == 0:
        zeroed = zeroed.replace(wind=None)
    if system.genset_or_zero.n_units == 0:
        zeroed = zeroed.replace(genset=None)
    other, _ = dispatch.run(zeroed, prof)
    assert other == base
    # a zero-size battery is the same as none at all
    if system.battery_or_zero.energy_kwh == 0:
        none, _ = dispatch.run(system.replace(battery=None), prof)
        for name in dispatch.STAT_NAMES:
            assert math.isclose(none[name], base[name], rel_tol=1e-12, abs_tol=1e-9), name


# ------------------------------------------------------------------ batch


def test_batch_equals_single_and_is_deterministic_across_threads():
    prof = _profiles(n=500, derate=True)
    systems = list(SYSTEMS.values())
    params = np.array([dispatch.design_params(s) for s in systems] * 7)
    single = np.array([list(dispatch.run(s, prof)[0].values()) for s in systems] * 7)
    previous = dispatch.set_threads(1)
    try:
        one = dispatch.run_batch(params, prof)
        dispatch.set_threads(None)
        many = dispatch.run_batch(params, prof)
    finally:
        dispatch.set_threads(previous)
    np.testing.assert_array_equal(one, single)
    np.testing.assert_array_equal(many, single)


def test_simulate_batch_matches_simulate():
    prof = _profiles(n=24 * 30)
    template = SYSTEMS["hybrid_lf"]
    designs = {"pv_kw": [0, 500, 1500], "battery_kwh": [0, 1000, 2000],
               "battery_kw": [0, 400, 700], "n_units": [4, 3, 4], "n_turbines": [0, 1, 1]}
    frame = mg.simulate_batch(template, prof, designs)
    for i in range(3):
        bat = template.battery.replace(energy_kwh=designs["battery_kwh"][i],
                                       power_kw=designs["battery_kw"][i],
                                       charge_power_kw=None, discharge_power_kw=None)
        system = template.replace(
            pv=template.pv.replace(rated_kw=designs["pv_kw"][i]),
            wind=template.wind.replace(n_turbines=designs["n_turbines"][i]), battery=bat,
            genset=template.genset.replace(n_units=designs["n_units"][i]))
        r = mg.simulate(system, prof, base_case=False)
        row = frame.iloc[i]
        for key, value in r.stats.to_dict().items():
            if key in row.index:
                assert math.isclose(row[key], value, rel_tol=1e-12, abs_tol=1e-9), key
        assert math.isclose(row["npc"], r.costs.npc, rel_tol=1e-12)
        assert math.isclose(row["lcoe"], r.costs.lcoe, rel_tol=1e-12)
        assert math.isclose(row["capital"], r.costs.capital, rel_tol=1e-12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_no_genset_where_renewables_alone_cover_load_and_reserve(case):
    """HOMER: renewable output counts as operating capacity, so no genset is started to hold
    reserve that renewables already cover (one bus; the cycle-charging hold and units kept
    online on purpose excepted: they run to charge the battery or to form the grid)."""
    system, prof = case
    dis = system.dispatch
    if (system.converter is not None or dis.units_always_online > 0
            or (dis.strategy == "cycle_charging" and dis.cycle_charging_hold)):
        return
    # the N-1 rule starts gensets on purpose: to ride through the loss of a PV block
    system = system.replace(dispatch=dis.replace(n_minus_1_reserve=False))
    _, traj = dispatch.run(system, prof, trajectories=True)
    T = {name: traj[:, i] for i, name in enumerate(dispatch.TRAJ_NAMES)}
    covered = T["pv_kw"] + T["wind_kw"] >= T["load_kw"] + T["reserve_kw"]
    assert (T["units_online"][covered] == 0).all()


def test_renewables_count_as_operating_capacity():
    """The issue's case: 2 units, load 100 kW, PV 150 kW, an empty battery: HOMER runs nothing
    (minegrid 0.1 started a unit at minimum load, dumped 30 kW and curtailed 50 kW)."""
    system = mg.System(pv=mg.PVPlant(rated_kw=150.0),
                       battery=mg.Battery(energy_kwh=100.0, soc_min=0.2, soc_initial=0.2),
                       genset=mg.GensetFleet(unit_rated_kw=100.0, n_units=2, min_load_ratio=0.3),
                       dispatch=mg.Dispatch(reserve_load_fraction=0.1, reserve_pv_fraction=0.25))
    prof = dispatch.Profiles(load_kw=[100.0] * 5, pv_kw_per_kw=[1.0] * 5)
    tot, traj = compare(system, prof)
    assert tot["unit_h"] == 0 and tot["dumped_kwh"] == 0 and tot["fuel_l"] == 0
    # reserve 10 + 37.5 kW is held by the 50 kW of PV above the load: no capacity shortage
    assert tot["cap_short_kwh"] == 0


# ------------------------------------------------------------------ search statistics

SEARCH_EXACT = ("unit_h", "starts")  # counts: exact; the others are sums (1e-12)


def _search_equals_full(params, prof):
    full = dispatch.run_batch(params, prof)
    fast = dispatch.run_batch(params, prof, statistics="search")
    for k, name in enumerate(dispatch.STAT_NAMES):
        if name not in dispatch.SEARCH_STAT_NAMES:
            assert np.isnan(fast[:, k]).all(), name
        elif name in SEARCH_EXACT:
            np.testing.assert_array_equal(fast[:, k], full[:, k], err_msg=name)
        else:
            np.testing.assert_allclose(fast[:, k], full[:, k], rtol=1e-12, atol=1e-12,
                                       err_msg=name)
    return full, fast


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), st.integers(1, 40))
def test_search_statistics_equal_the_full_ones(case, m):
    """The search variant keeps a search's statistics: counts exact, sums to 1e-12, in
    blocks of one design and of many, whatever the neighbours."""
    system, prof = case
    rng = np.random.default_rng(m)
    params = np.tile(dispatch.design_params(system), (m, 1))
    params[:, 0] *= rng.uniform(0, 2, m)  # PV
    params[:, 2] *= rng.uniform(0, 2, m)  # battery energy
    full, fast = _search_equals_full(params, prof)
    one = dispatch.run_batch(params[:1], prof, statistics="search")
    np.testing.assert_array_equal(one, fast[:1])  # a block of one = a slot of a block


def test_search_statistics_with_every_kind_and_a_varying_fuel_multiplier():
    prof = _profiles(n=24 * 14, derate=True)
    params = np.array([dispatch.design_params(s) for s in SYSTEMS.values()] * 5)
    _search_equals_full(params, prof)
    varying = dispatch.Profiles(load_kw=prof.load_kw, pv_kw_per_kw=prof.pv_kw_per_kw,
                                wind_kw_per_turbine=prof.wind_kw_per_turbine,
                                genset_fuel_multiplier=np.linspace(0.9, 1.2, prof.n_steps))
    # a varying fuel multiplier: the fuel cannot be rebuilt, so every statistic is kept
    np.testing.assert_array_equal(dispatch.run_batch(params, varying, statistics="search"),
                                  dispatch.run_batch(params, varying))
    with pytest.raises(mg.InputError, match="statistics"):
        dispatch.run_batch(params, prof, statistics="some")
