"""One set of kernel timings for the minegrid on sys.path, as JSON (for A/B runs of two trees:

    PYTHONPATH=/tmp/base/src python benchmarks/bench_kernel_ab.py 1   # alternate with the new tree
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
m = 10_000
designs = {"pv_kw": rng.uniform(0, 12000, m), "n_turbines": rng.integers(0, 5, m),
           "battery_kwh": rng.uniform(0, 20000, m), "n_units": rng.integers(6, 12, m)}
params, q = design_matrix(ex.system, designs)
cc = ex.system.replace(dispatch=mg.Dispatch(strategy="cycle_charging"))
pcc, _ = design_matrix(cc, designs)
has = "statistics" in inspect.signature(run_batch).parameters
v = {"full": lambda: run_batch(params, prof), "cc": lambda: run_batch(pcc, prof)}
if has:
    v["search"] = lambda: run_batch(params, prof, statistics="search")
row = params[:1].copy()
v["one"] = lambda: dispatch.run_params(row[0], prof)
for f in v.values():
    f()
out = {}
threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
dispatch.set_threads(threads)
for _rep in range(3):
    for k, f in v.items():
        n = 20 if k == "one" else 1
        t = time.perf_counter()
        for _ in range(n):
            f()
        dt = (time.perf_counter() - t) / n
        out.setdefault(k, []).append(dt)
print(json.dumps(out))
