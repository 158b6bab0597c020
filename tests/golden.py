"""Golden results: record every headline number of the public API, and compare two records.

Used to prove that a restructuring changes nothing: record on the old tree, record on the
new tree, compare. Only the public API is called (``minegrid.simulate``, ``size``,
``sweep``, ``simulate_life``, ``lp_bound`` ...), so the same script runs on both.

    python tests/golden.py record before.json
    python tests/golden.py record after.json
    python tests/golden.py compare before.json after.json

``compare`` prints, for each section, how many numbers are bit-identical and the largest
relative difference of the others; it exits 1 if any differs by more than ``--rtol``
(default 1e-12) or if the two records hold different keys or non-numbers.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys

import numpy as np


def _plain(value):
    """JSON-able copy: floats stay floats (json writes repr, which round-trips)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value.tolist()]
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        v = float(value)
        return v if math.isfinite(v) else repr(v)
    if value is None:
        return None
    return str(value)


def _untimed(d: dict) -> dict:
    """Drop wall-clock fields (they differ between runs)."""
    return {k: v for k, v in d.items() if not k.endswith(("time_s", "elapsed_s"))}


def _frame(df):
    return {str(c): _plain(df[c].tolist()) for c in df.columns}


def _result(r):
    out = {"stats": r.stats.to_dict(), "costs": r.costs.to_dict()}
    if r.base is not None:
        out["base_stats"] = r.base.stats.to_dict()
        out["base_costs"] = r.base.costs.to_dict()
        out["savings"] = r.savings.to_dict()
    if r.dispatch is not None:
        d = r.dispatch
        out["dispatch_sums"] = {c: float(d[c].sum()) for c in d.columns}
        out["dispatch_sha256"] = hashlib.sha256(
            np.ascontiguousarray(d.to_numpy(dtype=float)).tobytes()).hexdigest()
    return out


def _sizing(res):
    h = res.history
    return {"x": list(res.x), "fun": res.fun, "nfev": res.nfev, "nit": res.nit,
            "success": res.success, "status": res.status, "message": res.message,
            "constraints": res.constraints, "variables": list(res.variables),
            "result": _result(res.result), "history_shape": list(h.shape),
            "history_columns": [str(c) for c in h.columns],
            "history_sums": {str(c): float(h[c].astype(float).sum())
                             for c in h.columns if h[c].dtype.kind in "fib"}}


def record() -> dict:
    import minegrid as mg
    from minegrid.dispatch import Profiles

    ex = mg.datasets.andean_gold_mine()
    p = ex.profiles
    sl = slice(24 * 7 * 10, 24 * 7 * 13)
    prof = Profiles(load_kw=p.load_kw[sl], pv_kw_per_kw=p.pv_kw_per_kw[sl],
                    wind_kw_per_turbine=p.wind_kw_per_turbine[sl],
                    genset_availability=p.genset_availability[sl], dt_h=1.0)
    sys0, project = ex.system, ex.project
    out: dict = {}

    # ---- simulate: the fixture systems, each rule and option
    cases = {
        "example_lf": sys0,
        "example_cc": sys0.replace(dispatch=mg.Dispatch(strategy="cycle_charging")),
        "example_cc_hold": sys0.replace(dispatch=mg.Dispatch(
            strategy="cycle_charging", cycle_charging_hold=True, cycle_charging_setpoint=0.9)),
        "diesel": mg.System(genset=mg.GensetFleet(unit_rated_kw=1000.0, n_units=9)),
        "pv_battery": mg.System(pv=mg.PVPlant(rated_kw=20000.0),
                                battery=mg.Battery(energy_kwh=60000.0, duration_h=4.0)),
        "reserve_fixed": sys0.replace(dispatch=mg.Dispatch(reserve_fixed_kw=1500.0)),
        "battery_split": sys0.replace(battery=mg.Battery(
            energy_kwh=12000.0, charge_power_kw=3000.0, discharge_power_kw=5000.0,
            capex_per_kw=120.0, soc_initial=0.9)),
    }
    sim = {}
    for name, system in cases.items():
        sim[f"{name}_year"] = _result(mg.simulate(system, p, project=project, dispatch=True))
        sim[f"{name}_weeks"] = _result(mg.simulate(system, prof, project=project))
    out["simulate"] = sim
    out["diesel_only"] = mg.simulation.diesel_only(sys0, p).to_dict()

    # ---- simulate_batch
    rng = np.random.default_rng(1)
    m = 40
    designs = {"pv_kw": rng.uniform(0, 30000, m), "n_turbines": rng.integers(0, 4, m),
               "battery_kwh": rng.uniform(0, 90000, m), "n_units": rng.integers(6, 12, m)}
    out["simulate_batch"] = _frame(mg.simulate_batch(sys0, p, designs, project=project))
    designs2 = dict(designs, battery_kw=rng.uniform(0, 20000, m), unit_kw=rng.uniform(500, 2000, m))
    out["simulate_batch_kw"] = _frame(mg.simulate_batch(sys0, prof, designs2, project=project))

    # ---- sizing: the demo, and every mapping of the design space
    sc = mg.load_scenario(mg.scenario.bundled("andean_gold_mine"))
    built = sc.build()
    out["demo_size"] = _sizing(sc.size(built=built, progress=False))
    sz = {}
    space = mg.DesignSpace(pv_kw=(0, 30000), battery_kwh=(0, 100000), n_units=(2, 8),
                           existing_units=3)
    req = mg.Requirements(max_unserved_fraction=0.0, n_plus_1=True, largest_motor_kw=800.0)
    sz["existing"] = _sizing(mg.size(sys0, prof, space, req, project=project, maxiter=15,
                                     popsize=8, progress=False))
    space = mg.DesignSpace(pv_kw=(0, 30000), battery_kwh=(0, 100000), battery_kw=(0, 30000),
                           genset_kw=(2000, 14000), genset_units=7)
    sz["genset_kw"] = _sizing(mg.size(sys0, prof, space, mg.Requirements(
        min_renewable_fraction=0.5, max_capacity_shortage_fraction=0.01), project=project,
        maxiter=15, popsize=8, objective="lcoe", progress=False))
    space = mg.DesignSpace(pv_kw=(0, 20000), n_units=(6, 10), battery_kwh=20000.0,
                           battery_duration_h=4.0)
    sz["grid"] = _sizing(mg.size(sys0, prof, space, project=project, method="grid", grid=6,
                                 progress=False))
    sz["infeasible"] = _sizing(mg.size(sys0, prof, mg.DesignSpace(pv_kw=(0, 1000)),
                                       mg.Requirements(min_renewable_fraction=0.9),
                                       project=project, maxiter=5, popsize=5, progress=False))
    out["size"] = sz
    front = mg.sizing.pareto(sys0, prof, mg.DesignSpace(pv_kw=(0, 30000), battery_kwh=(0, 90000),
                                                        n_units=(6, 10)),
                             project=project, n_points=3, maxiter=10, popsize=6)
    out["pareto"] = _frame(front)

    # ---- studies
    st = {}
    st["oat"] = _frame(mg.sweep(ex, {"project.fuel_price_per_l": [0.8, 1.4],
                                     "capex_multiplier.pv": [0.8, 1.2],
                                     "project.discount_rate": [0.05, 0.1],
                                     "load_scale": [0.9, 1.1],
                                     "battery.energy_kwh": [4000.0, 16000.0],
                                     "dispatch.strategy": ["cycle_charging"]},
                                progress=False, all_outputs=True))
    st["sizes"] = _frame(mg.sweep(ex, {"pv_kw": [0.0, 10000.0, 20000.0],
                                       "battery_kwh": [0.0, 40000.0]}, kind="full_factorial",
                                  progress=False, all_outputs=True))
    base = mg.study.BaseCase(system=sys0, profiles=prof, project=project,
                             space=mg.DesignSpace(pv_kw=(0, 20000), battery_kwh=(0, 60000)),
                             size_options={"maxiter": 8, "popsize": 6})
    st["size_mode"] = _frame(mg.sweep(base, {"project.fuel_price_per_l": [0.9, 1.3]},
                                      mode="size", progress=False))
    unc = mg.uncertainty(base, designs={"a": sys0, "b": sys0.replace(pv=mg.PVPlant(
        rated_kw=15000.0))}, load_variants={"hi": prof.load_kw * 1.1},
        fuel_price_paths={"flat": 1.1, "up": list(np.linspace(1.0, 1.6, 15))}, progress=False)
    st["uncertainty_table"] = _frame(unc.table)
    st["uncertainty_summary"] = _frame(unc.summary)
    week2 = Profiles(load_kw=prof.load_kw * 0.8, pv_kw_per_kw=prof.pv_kw_per_kw[::-1].copy(),
                     wind_kw_per_turbine=prof.wind_kw_per_turbine,
                     genset_availability=prof.genset_availability)
    st["many_sites"] = _frame(mg.many_sites({"a": prof, "b": week2}, sys0, project=project,
                                            parameters={"pv_kw": [5000.0, 9000.0]},
                                            progress=False))
    out["study"] = st

    # ---- life of mine
    lom = {}
    life = mg.LifeOfMine(horizon_years=12, pv_degradation_per_year=0.005,
                         fuel_price_per_l=mg.lifeofmine.PricePath.escalating(1.1, 0.02),
                         carbon=mg.lifeofmine.CarbonTax.chile_green_tax(),
                         genset_overhaul_interval_hours=20000.0, genset_overhaul_fraction=0.3,
                         start_year=2027)
    for name, lf, mode in (
            ("cycles", life, "full"),
            ("none", life.replace(battery_ageing=mg.lifeofmine.BatteryAgeing(model="none")),
             "full"),
            ("augment", life.replace(battery_ageing=mg.lifeofmine.BatteryAgeing(
                model="cycles", response="augment", augment_to_soh=0.95)), "full"),
            ("representative", life.replace(load_scale=tuple([0.6, 0.8] + [1.0] * 10)),
             "representative")):
        r = mg.simulate_life(sys0, lf, p, project=project, mode=mode)
        lom[name] = {"npc": r.npc, "lcoe": r.lcoe, "cash_flow": _frame(r.cash_flow),
                     "events": _frame(r.events), "base_npc": r.base.npc,
                     "base_cash_flow": _frame(r.base.cash_flow)}
    rf = mg.simulate_life(sys0, mg.LifeOfMine(horizon_years=3, battery_ageing=mg.lifeofmine.
                                              BatteryAgeing(model="rainflow", dod_exponent=1.3)),
                          prof, project=project, base_case=False)
    lom["rainflow"] = {"npc": rf.npc, "cash_flow": _frame(rf.cash_flow)}
    plan = mg.mine.ProductionPlan.standard(2027, plateau_years=4)
    r = mg.simulate_life(sys0, mg.LifeOfMine.from_plan(plan), prof, project=project)
    lom["plan"] = {"npc": r.npc, "cash_flow": _frame(r.cash_flow), "base_npc": r.base.npc}
    sl_ = mg.lifeofmine.size_life(sys0, mg.LifeOfMine(horizon_years=6), prof,
                                  bounds={"pv_kw": (0, 20000), "battery_kwh": (0, 60000),
                                          "n_units": (6, 10)}, project=project, maxiter=8,
                                  popsize=6)
    # size_life returned its own result type (x a dict) before it used size's driver
    x = sl_.values if hasattr(sl_, "values") else sl_.x
    lom["size_life"] = {"x": x, "fun": sl_.fun, "npc": sl_.result.npc}
    out["lifeofmine"] = lom

    # ---- LP bounds
    lp = {}
    b = mg.lp_bound(sys0, prof, project=project)
    lp["dispatch"] = _untimed(b.to_dict())
    b = mg.lp_bound(sys0, prof, project=project, mode="sizing",
                    space=mg.DesignSpace(pv_kw=(0, 30000), battery_kwh=(0, 100000),
                                         n_units=(2, 10), existing_units=2),
                    requirements=mg.Requirements(n_plus_1=True, min_renewable_fraction=0.3))
    lp["sizing"] = _untimed(b.to_dict())
    out["lp"] = lp
    return _plain(out)


def _walk(a, b, path, report):
    if isinstance(a, dict) and isinstance(b, dict):
        if set(a) != set(b):
            report["structure"].append(f"{path}: keys differ {sorted(set(a) ^ set(b))}")
        for k in set(a) & set(b):
            _walk(a[k], b[k], f"{path}/{k}", report)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            report["structure"].append(f"{path}: lengths {len(a)} != {len(b)}")
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            _walk(x, y, f"{path}[{i}]", report)
    elif isinstance(a, float) and isinstance(b, float) or (
            isinstance(a, int | float) and isinstance(b, int | float)
            and not isinstance(a, bool) and not isinstance(b, bool)):
        section = path.split("/")[1]
        s = report["sections"].setdefault(section, {"n": 0, "identical": 0, "max_rel": 0.0,
                                                    "where": ""})
        s["n"] += 1
        if a == b:
            s["identical"] += 1
        else:
            rel = abs(a - b) / max(abs(a), abs(b), 1e-300)
            if rel > s["max_rel"]:
                s["max_rel"], s["where"] = rel, path
    elif a != b:
        report["structure"].append(f"{path}: {a!r} != {b!r}")


def compare(file_a: str, file_b: str, rtol: float) -> int:
    with open(file_a) as fa, open(file_b) as fb:
        a, b = json.load(fa), json.load(fb)
    report = {"sections": {}, "structure": []}
    _walk(a, b, "", report)
    bad = bool(report["structure"])
    print(f"{'section':22s} {'numbers':>8s} {'identical':>10s} {'max rel diff':>13s}  where")
    for name, s in sorted(report["sections"].items()):
        print(f"{name:22s} {s['n']:8d} {s['identical']:10d} {s['max_rel']:13.3g}  {s['where']}")
        bad |= s["max_rel"] > rtol
    for line in report["structure"][:50]:
        print("DIFFERENT:", line)
    print("FAIL" if bad else "OK")
    return 1 if bad else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("record")
    r.add_argument("path")
    c = sub.add_parser("compare")
    c.add_argument("a")
    c.add_argument("b")
    c.add_argument("--rtol", type=float, default=1e-12)
    args = parser.parse_args(argv)
    if args.cmd == "record":
        data = record()
        with open(args.path, "w") as fh:
            json.dump(data, fh, indent=0, sort_keys=True)
        print(f"recorded {args.path}")
        return 0
    return compare(args.a, args.b, args.rtol)


if __name__ == "__main__":
    sys.exit(main())
