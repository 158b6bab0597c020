"""Cost of the N-1 and motor-start checks in the batch kernel, as ratios in one run.

    python benchmarks/bench_checks.py [threads]

The demo's 10,000 random designs, 1 thread by default; each variant timed 7 times,
alternating, medians. "full" is the demo's designs (no drive to start: the start test is
left out exactly), "a drive" gives every design a 2,500 kW / 3,000 kVA start; the search
variants compute both checks, one (what a sizing with only ``max_n1_hours`` or only
``max_motor_start_refused_hours`` runs) or none (a sizing without either), and
"N-1 rule" commits by the rule (which needs the N-1 check).
"""
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
params, _ = design_matrix(ex.system, designs)
ruled = params.copy()
ruled[:, dispatch._kernel.P_N1] = 1.0
drive = params.copy()  # a 2 MW start (2,500 kW, 3,000 kVA) on every design
drive[:, dispatch._kernel.P_START_KW] = 2500.0
drive[:, dispatch._kernel.P_START_KVA] = 3000.0
variants = {
    "full": lambda: run_batch(params, prof),
    "full, a drive": lambda: run_batch(drive, prof),
    "search, both checks": lambda: run_batch(drive, prof, statistics="search"),
    "search, N-1 check": lambda: run_batch(drive, prof, statistics="search", checks=("n1",)),
    "search, start check": lambda: run_batch(drive, prof, statistics="search",
                                             checks=("start",)),
    "search, no checks": lambda: run_batch(drive, prof, statistics="search", checks=False),
    "search, N-1 rule": lambda: run_batch(ruled, prof, statistics="search", checks=False),
}
dispatch.set_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
for f in variants.values():
    f()
times = {k: [] for k in variants}
for _ in range(7):
    for k, f in variants.items():
        t = time.perf_counter()
        f()
        times[k].append(time.perf_counter() - t)
med = {k: float(np.median(v)) for k, v in times.items()}
base = med["search, no checks"]
print(json.dumps({k: {"median_s": round(v, 4), "design_years_per_s": round(m / v),
                      "vs_search_no_checks": round(v / base, 3)} for k, v in med.items()},
                 indent=1))
