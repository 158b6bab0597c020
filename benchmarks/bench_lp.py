"""LP-bound benchmark: time and peak memory against the number of time steps; Ctrl-C latency.

Run:  python benchmarks/bench_lp.py [--quick]

* The bundled ``andean_gold_mine()`` year, resampled to finer steps by holding
  each hourly value (1 h, 30, 15, 10 and 5 minutes: 8,760 to 105,120 steps),
  solved by :func:`minegrid.lp_bound` in dispatch mode (the example's sizes)
  and in sizing mode (the demo's design space), each in a fresh interpreter:
  wall time of ``lp_bound`` and peak resident memory of the Python process
  plus that of the HiGHS child process (``ru_maxrss`` of each; their sum is
  what the machine must hold at worst).
* The estimate :func:`minegrid.sizing.lpscale.lp_memory_gb` beside each
  measurement, and what it says of 1-minute steps (525,600), with and without
  ``aggregate=60``.
* Ctrl-C latency: SIGINT to a process solving a large LP, time until it has
  exited and no child is left.

Figures are reported, not asserted; the memory line of ``lpscale`` is fitted
to the figures printed here.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time

CHILD = r"""
import json, resource, signal, sys, time
signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started with it ignored
import numpy as np
import minegrid as mg
from minegrid.dispatch import Profiles

k, mode = int(sys.argv[1]), sys.argv[2]
agg = int(sys.argv[3]) if len(sys.argv) > 3 else None
ex = mg.datasets.andean_gold_mine()
p = ex.profiles
rep = lambda a: np.repeat(np.asarray(a, float), k)
fine = Profiles(load_kw=rep(p.load_kw), pv_kw_per_kw=rep(p.pv_kw_per_kw),
                wind_kw_per_turbine=rep(p.wind_kw_per_turbine),
                genset_availability=rep(p.genset_availability), dt_h=1.0 / k)
space = mg.DesignSpace(pv_kw=(0.0, 30000.0), n_turbines=(0, 4), battery_kwh=(0.0, 150000.0),
                       n_units=(6, 14), battery_duration_h=2.0)
kw = dict(space=space, mode="sizing") if mode == "sizing" else {}
print("ready", flush=True)
t0 = time.perf_counter()
try:
    b = mg.lp_bound(ex.system, fine, project=ex.project, max_memory_gb=None, aggregate=agg,
                    **kw)
except KeyboardInterrupt:
    print(f"interrupted {time.time()!r}", flush=True)
    raise
wall = time.perf_counter() - t0
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1e6
print(json.dumps({"steps": fine.n_steps, "mode": mode, "wall_s": wall, "success": b.success,
                  "npc": b.npc, "parent_gb": own, "child_gb": child}), flush=True)
"""


def measure(k: int, mode: str, aggregate: int | None = None) -> dict:
    extra = [] if aggregate is None else [str(aggregate)]
    proc = subprocess.run([sys.executable, "-c", CHILD, str(k), mode, *extra],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def interrupt_latency(k: int, after_s: float) -> tuple[float, float, int, int]:
    """SIGINT to a process solving the dispatch LP at 1/k h: seconds to KeyboardInterrupt
    in lp_bound's caller, seconds to the process's exit, children before and left after."""
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(k), "dispatch"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            start_new_session=True)
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(after_s)
    kids = subprocess.run(["ps", "-o", "pid=", "--ppid", str(proc.pid)], capture_output=True,
                          text=True).stdout.split()
    sent, t0 = time.time(), time.perf_counter()
    os.killpg(proc.pid, signal.SIGINT)
    line = proc.stdout.readline().split()
    raised = float(line[1]) - sent if line and line[0] == "interrupted" else float("nan")
    proc.wait()
    exited = time.perf_counter() - t0
    time.sleep(0.5)
    left = [pid for pid in kids if os.path.exists(f"/proc/{pid}")
            and open(f"/proc/{pid}/stat").read().split()[2] != "Z"]
    return raised, exited, len(kids), len(left)


def main() -> None:
    from minegrid.sizing.lpscale import lp_memory_gb

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 h and 30 min only")
    parser.add_argument("--interrupt-only", action="store_true",
                        help="only the Ctrl-C latency")
    args = parser.parse_args()
    per_hour = (1, 2) if args.quick else (1, 2, 4, 6, 12)
    if args.interrupt_only:
        per_hour = ()
    print(f"{'mode':9s} {'steps':>8s} {'time [s]':>9s} {'python [GB]':>12s} "
          f"{'HiGHS [GB]':>11s} {'sum [GB]':>9s} {'estimate':>9s}  bound [M USD]")
    for mode in ("dispatch", "sizing"):
        for k in per_hour:
            if mode == "sizing" and k == 12 and not args.quick:
                continue  # several minutes; the trend is clear by 10-minute steps
            r = measure(k, mode)
            total = r["parent_gb"] + r["child_gb"]
            print(f"{mode:9s} {r['steps']:8,d} {r['wall_s']:9.2f} {r['parent_gb']:12.2f} "
                  f"{r['child_gb']:11.2f} {total:9.2f} {lp_memory_gb(r['steps'], mode):9.2f}  "
                  f"{r['npc'] / 1e6:.3f}", flush=True)
    n = 525_600
    for mode in ("dispatch", "sizing"):
        print(f"1-minute year ({n:,} steps), {mode}: estimate {lp_memory_gb(n, mode):.1f} GB; "
              f"aggregate=60: {lp_memory_gb(n // 60, mode):.2f} GB")
    for mode in ("dispatch", "sizing"):
        r = measure(60, mode, aggregate=60)
        print(f"1-minute year, {mode}, aggregate=60: {r['wall_s']:.2f} s, "
              f"{r['parent_gb'] + r['child_gb']:.2f} GB, bound {r['npc'] / 1e6:.3f} M USD",
              flush=True)
    for after in (4.0, 8.0, 12.0):
        raised, exited, kids, left = interrupt_latency(12, after)
        print(f"Ctrl-C {after:.0f} s into the 105,120-step dispatch LP: KeyboardInterrupt "
              f"after {raised:.2f} s, process exited after {exited:.2f} s; {kids} child "
              f"process(es) before, {left} left after", flush=True)


if __name__ == "__main__":
    main()
