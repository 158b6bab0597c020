"""One set of kernel timings for the minegrid on sys.path, as JSON (for A/B runs of two trees:

    PYTHONPATH=/tmp/base/src python benchmarks/bench_kernel_ab.py 1   # alternate with the new tree
    PYTHONPATH=/tmp/base/src python benchmarks/bench_kernel_ab.py 1 plant   # the plant kernel

The first argument is the number of threads. ``plant``: batches of 2000 designs of a plant
of two genset types (1600 kW and 1000 kW units) and of four, load following and cycle
charging, and the two-type plant with the N-1 rule's parameter set (a tree without the
rule for plants ignores it); the one-fleet kernel's cases otherwise.
"""
import inspect
import json
import sys
import time

import numpy as np

import minegrid as mg
from minegrid import dispatch
from minegrid.dispatch import design_matrix, run_batch

ex = mg.datasets.andean_gold_mine()
prof = ex.profiles
rng = np.random.default_rng(0)
threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
mode = sys.argv[2] if len(sys.argv) > 2 else "fleet"


def fleet_cases():
    m = 10_000
    designs = {"pv_kw": rng.uniform(0, 12000, m), "n_turbines": rng.integers(0, 5, m),
               "battery_kwh": rng.uniform(0, 20000, m), "n_units": rng.integers(6, 12, m)}
    params, _ = design_matrix(ex.system, designs)
    cc = ex.system.replace(dispatch=mg.Dispatch(strategy="cycle_charging"))
    pcc, _ = design_matrix(cc, designs)
    has = "statistics" in inspect.signature(run_batch).parameters
    v = {"full": lambda: run_batch(params, prof), "cc": lambda: run_batch(pcc, prof)}
    if has:
        v["search"] = lambda: run_batch(params, prof, statistics="search")
    row = params[:1].copy()
    v["one"] = lambda: dispatch.run_params(row[0], prof)
    return v


def plant_cases():
    from minegrid.dispatch import _kernel as K
    from minegrid.dispatch import plant as P

    m = 2000
    v = {}
    for n_types in (2, 4):
        ratings = (1600.0, 1000.0, 2000.0, 800.0)[:n_types]
        fleets = tuple(mg.GensetFleet(name=f"type {k}", unit_rated_kw=kw,
                                      fuel_slope_l_per_kwh=0.23 + 0.01 * k)
                       for k, kw in enumerate(ratings))
        for strategy in ("load_following", "cycle_charging"):
            system = mg.System(pv=ex.system.pv, battery=ex.system.battery, gensets=fleets,
                               dispatch=mg.Dispatch(strategy=strategy))
            cols = {"pv_kw": rng.uniform(0, 12000, m), "battery_kwh": rng.uniform(0, 20000, m)}
            for f in fleets:
                cols[P.count_column(f)] = rng.integers(1, 12 // n_types + 2, m).astype(float)
            pm, fl, _, _ = P.plant_matrix(system, cols, None, prof.dt_h)
            key = f"plant{n_types}" + ("_cc" if strategy == "cycle_charging" else "")
            v[key] = lambda s=system, a=pm, b=fl: P.run_plant_batch(s, a, b, prof)
            if key == "plant2":
                rule = pm.copy()
                rule[:, K.P_N1] = 1.0
                v["plant2_n1"] = lambda s=system, a=rule, b=fl: P.run_plant_batch(s, a, b, prof)
    return v


v = plant_cases() if mode == "plant" else fleet_cases()
dispatch.set_threads(threads)
for f in v.values():
    f()
out = {}
for _rep in range(3):
    for k, f in v.items():
        n = 20 if k == "one" else 1
        t = time.perf_counter()
        for _ in range(n):
            f()
        dt = (time.perf_counter() - t) / n
        out.setdefault(k, []).append(dt)
print(json.dumps(out))
