"""Random batches of plant designs, and the lockstep plant kernel against the scalar one.

Used by ``tests/test_plant_kernel.py`` and ``benchmarks/dev_plant_identity.py``:
:func:`random_case` draws a plant system (2 to 4 types by default, diesel, gas and
dual fuel, part-load tables, minimum run and down times, per-type availability
with outages and fuel multipliers, converter, reserves) and a batch of designs
of it whose rows mix every strategy, battery dispatch, cycle-charging limit and
hold, units online, unit counts and timing rules; :func:`compare_kernels` runs
the batch through ``minegrid.dispatch._plant.run_plant`` (lockstep) and
``plant_scalar.run_plant`` (the kernel before it) and returns the outputs that
differ, bit for bit (``-0.0`` differs from ``0.0``), and whether a recorded design's
statistics are the batch's. The scalar kernel predates the N-1 and motor-start checks
(``docs/theory/reliability.md``): the batches keep the N-1 rule off and the check columns
(``K.CHECK_STATS``, ``K.CHECK_TRAJ``) are left out of the comparison; the checks are
compared with the plain reference instead (``tests/test_plant_kernel.py``,
``tests/test_reliability_plant.py``).
"""

from __future__ import annotations

import numpy as np

import minegrid as mg
import plant_scalar
from minegrid.dispatch import _kernel as K
from minegrid.dispatch import _plant as KP
from minegrid.dispatch import plant
from minegrid.dispatch.plant import fleet_profiles

GAS = mg.Fuel(name="gas", kind="natural_gas", unit="Nm3", price_per_unit=0.35,
              co2_kg_per_unit=1.89)


def _fleet(rng, name: str, tables: bool, rules: bool) -> mg.GensetFleet:
    p = float(rng.uniform(50, 800))
    kind = rng.choice(["diesel", "gas", "dual"])
    table = None
    if tables and rng.random() < 0.5:
        f100 = p * rng.uniform(0.2, 0.3)
        table = (f100 * rng.uniform(0.3, 0.4), f100 * rng.uniform(0.5, 0.6),
                 f100 * rng.uniform(0.7, 0.85), f100)
    hours = [0.0, 0.0, 0.5, 1.0, 2.0, 3.0, 4.0]
    kw = dict(name=name, unit_rated_kw=p, n_units=int(rng.integers(0, 5)),
              min_load_ratio=float(rng.uniform(0, 0.6)),
              min_run_h=float(rng.choice(hours)) if rules else 0.0,
              min_down_h=float(rng.choice(hours)) if rules else 0.0,
              part_load_fuel_per_h=table, om_per_unit_hour=float(rng.uniform(0, 40)),
              capex_per_kw=float(rng.uniform(0, 900)))
    if kind == "gas":
        kw.update(fuel=GAS)
        if table is None:
            kw.update(fuel_intercept_per_h_per_kw=float(rng.uniform(0, 0.05)),
                      fuel_slope_per_kwh=float(rng.uniform(0.2, 0.32)))
    else:
        if kind == "dual":
            kw.update(fuel=mg.DualFuel(gas=GAS, gas_energy_share=float(rng.uniform(0, 0.9))))
        kw.update(fuel_intercept_l_per_h_per_kw=float(rng.uniform(0, 0.05)),
                  fuel_slope_l_per_kwh=float(rng.uniform(0.18, 0.3)))
    return mg.GensetFleet(**kw)


def random_system(rng, n_types: int, n_steps: int):
    """(system, profiles, project): a random plant of ``n_types`` types (in a third of the
    plants no type has a part-load table, in another third none has a timing rule)."""
    dt = float(rng.choice([1.0, 1.0, 0.5, 0.25]))
    names = [f"type{i}" for i in range(n_types)]
    plain = rng.integers(0, 3)
    fleets = tuple(_fleet(rng, name, plain != 0, plain != 1) for name in names)
    cap = max(100.0, sum(f.n_units * f.unit_rated_kw for f in fleets))
    hour = np.arange(n_steps) * dt % 24
    load = cap * rng.uniform(0.02, 1.1, n_steps) * (0.7 + 0.3 * np.sin(2 * np.pi * hour / 24))
    pv = np.clip(np.sin(np.pi * (hour - 6) / 12), 0, None) * rng.uniform(0.3, 0.9, n_steps)
    wind = rng.uniform(0, 500.0, n_steps)

    def factor(lo, hi, zeros):
        x = rng.uniform(lo, hi, n_steps)
        if zeros:
            x[rng.random(n_steps) < 0.1] = 0.0
        return x

    site_a = rng.choice(["none", "series", "zeros"])
    site_avail = None if site_a == "none" else factor(0.6, 1.0, site_a == "zeros")
    site_mult = rng.choice(["none", "scalar", "series"])
    site_mult = (None if site_mult == "none" else 1.15 if site_mult == "scalar"
                 else factor(0.9, 1.3, False))
    own_a = {n: factor(0.5, 1.0, rng.random() < 0.5) for n in names if rng.random() < 0.5}
    own_f = {n: factor(0.8, 1.6, False) for n in names if rng.random() < 0.5}
    prof = mg.Profiles(load_kw=load, pv_kw_per_kw=pv, wind_kw_per_turbine=wind,
                       genset_availability=site_avail, genset_fuel_multiplier=site_mult,
                       fleet_availability=own_a or None, fleet_fuel_multiplier=own_f or None,
                       dt_h=dt)
    energy = float(rng.choice([0.3, 1.0])) * cap
    battery = mg.Battery(energy_kwh=energy, power_kw=energy * rng.uniform(0.2, 1.0),
                         charge_efficiency=rng.uniform(0.85, 1.0),
                         discharge_efficiency=rng.uniform(0.85, 1.0), soc_min=0.1,
                         soc_initial=rng.uniform(0.1, 1.0),
                         lifetime_throughput_kwh=(None if rng.random() < 0.5
                                                  else float(rng.uniform(1e3, 1e7))))
    disp = mg.Dispatch(
        strategy=str(rng.choice(["load_following", "cycle_charging"])),
        battery_dispatch=str(rng.choice(["genset_first", "battery_first", "economic"])),
        cycle_charging_setpoint=float(rng.uniform(0.3, 1.0)),
        reserve_load_fraction=float(rng.uniform(0, 0.3)),
        reserve_pv_fraction=float(rng.uniform(0, 0.8)),
        reserve_wind_fraction=float(rng.uniform(0, 0.5)),
        reserve_fixed_kw=float(rng.choice([0.0, rng.uniform(0, 300)])))
    converter = None
    if rng.random() < 0.3:
        converter = mg.Converter(inverter_kw=cap * rng.uniform(0.1, 0.8),
                                 inverter_efficiency=rng.uniform(0.9, 1.0),
                                 rectifier_kw=cap * rng.uniform(0.05, 0.5),
                                 rectifier_efficiency=rng.uniform(0.9, 1.0),
                                 reserve_through_inverter=bool(rng.random() < 0.5))
    system = mg.System(
        pv=mg.PVPlant(rated_kw=float(rng.choice([0.0, 0.5, 1.5])) * cap),
        wind=mg.WindPlant(n_turbines=int(rng.integers(0, 3)), turbine_rated_kw=500.0),
        battery=battery, gensets=fleets, converter=converter, dispatch=disp,
        merit_order=str(rng.choice(["cost", "given"])))
    project = mg.Project(carbon_price_per_t=float(rng.choice([0.0, 60.0])))
    return system, prof, project


def random_batch(rng, system, prof, project, m: int, mixed_timing: bool):
    """(params, fleets) of ``m`` designs of ``system``: random sizes and unit counts, every
    row with its own strategy, battery dispatch, cycle-charging limit and hold and units
    online; with ``mixed_timing``, each row's own minimum run and down times too."""
    cap = max(100.0, sum(f.n_units * f.unit_rated_kw for f in system.fleets))
    cols = {"pv_kw": rng.uniform(0, 1.5, m) * cap, "battery_kwh": rng.uniform(0, 1.0, m) * cap}
    for f in system.fleets:
        cols[plant.count_column(f)] = rng.integers(0, 5, m).astype(float)
    params, fleets, _, _ = plant.plant_matrix(system, cols, project, prof.dt_h)
    params[:, K.P_STRATEGY] = rng.integers(0, 2, m)
    params[:, K.P_BDISPATCH] = rng.integers(0, 3, m)
    params[:, K.P_CC_LIMIT] = rng.integers(0, 2, m)
    params[:, K.P_CC_HOLD] = rng.integers(0, 2, m)
    params[:, K.P_N_MIN] = rng.integers(0, 3, m)
    params[:, K.P_N1] = 0.0  # the scalar kernel has no N-1 rule
    if mixed_timing:
        steps = np.array([0.0, 1.0, 2.0, 3.0, 5.0])
        fleets[:, :, KP.F_MR] = rng.choice(steps, fleets.shape[:2])
        fleets[:, :, KP.F_MD] = rng.choice(steps, fleets.shape[:2])
    return params, fleets


def _bits(x: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(x).view(np.int64)


def _unchecked(x: np.ndarray, cols=K.CHECK_STATS) -> np.ndarray:
    """``x`` without the columns ``cols`` (last axis)."""
    return np.delete(x, list(cols), axis=-1)


def compare_kernels(system, prof, project, params, fleets, traj_rows=()):
    """Names of the outputs where the lockstep kernel differs from the scalar one, bit for
    bit: the statistics of the whole batch, and the trajectories of ``traj_rows``."""
    avail, inv, mult = fleet_profiles(system, prof, project)
    m, nt = fleets.shape[:2]
    args = (prof.load_kw, prof.pv_kw_per_kw, prof.wind_kw_per_turbine, avail, inv, mult,
            prof.dt_h, prof.peak_kw, params, fleets)
    none, fnone = np.zeros((0, K.N_TRAJ)), np.zeros((0, nt, KP.N_FLEET_TRAJ))
    got = []
    for kernel in (KP.run_plant, plant_scalar.run_plant):
        out, fout = np.zeros((m, K.N_STATS)), np.zeros((m, nt, KP.N_FLEET_STATS))
        kernel(*args, 0, m, out, fout, none, fnone)
        trajs = []
        for i in traj_rows:
            traj, ftraj = np.zeros((prof.n_steps, K.N_TRAJ)), np.zeros(
                (prof.n_steps, nt, KP.N_FLEET_TRAJ))
            o1, f1 = np.zeros((m, K.N_STATS)), np.zeros((m, nt, KP.N_FLEET_STATS))
            kernel(*args, i, i + 1, o1, f1, traj, ftraj)
            trajs.append((traj, ftraj, o1[i], f1[i]))
        got.append((out, fout, trajs))
    (out, fout, trajs), (out0, fout0, trajs0) = got
    bad = []
    for i, (_, _, o, fo) in zip(traj_rows, trajs, strict=True):  # the checks included
        if not (np.array_equal(_bits(o), _bits(out[i]))
                and np.array_equal(_bits(fo), _bits(fout[i]))):
            bad.append(f"design {i}: recorded statistics differ from the batch's")
    # the check columns, which the scalar kernel does not compute, are left out
    out, out0 = _unchecked(out), _unchecked(out0)
    trajs = [(_unchecked(t, K.CHECK_TRAJ), ft, _unchecked(o), fo) for t, ft, o, fo in trajs]
    trajs0 = [(_unchecked(t, K.CHECK_TRAJ), ft, _unchecked(o), fo) for t, ft, o, fo in trajs0]
    if not np.array_equal(_bits(out), _bits(out0)):
        rows, cols = np.nonzero(_bits(out) != _bits(out0))
        bad.append(f"out: {len(set(rows))} designs, stats {sorted(set(cols.tolist()))}")
    if not np.array_equal(_bits(fout), _bits(fout0)):
        bad.append(f"fout: {len(set(np.nonzero(_bits(fout) != _bits(fout0))[0]))} designs")
    for i, (a, a0) in zip(traj_rows, zip(trajs, trajs0, strict=True), strict=True):
        for name, x, x0 in zip(("traj", "ftraj", "out", "fout"), a, a0, strict=True):
            if not np.array_equal(_bits(x), _bits(x0)):
                bad.append(f"design {i} (recorded): {name}")
    return bad
