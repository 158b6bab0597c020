"""Speed of studies at scale: figures, not assertions.

Run from the repository root (after installing with the test extras)::

    python benchmarks/bench_study.py            # about 2 minutes on 2 cores
    python benchmarks/bench_study.py --quick    # smaller studies

On the bundled Andean gold mine (one hourly year, 8760 steps), prints:

* design-years per second of a sweep of distinct designs in-process (numba
  threads 1 and all) and on a 2-worker dask ``LocalCluster`` (processes, one
  thread each) and with 2 local processes, plus the cluster's start time;
* the overhead per task: a no-op task through each backend, and the same
  sweep cut into one-design tasks against 512-design tasks;
* how the cost of a study grows with its number of points, for points that
  change only economics (fuel price: one dispatch, re-priced) and points that
  change the physics (PV size: one dispatch each).

Timings are medians of ``--repeat`` runs (the machine may be shared; compare
ratios rather than absolute times).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np

import minegrid as mg
from minegrid import datasets, dispatch, executors, study


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def design_grid(n: int) -> dict:
    """About ``n`` distinct designs (full factorial of PV and battery sizes)."""
    k = int(np.ceil(np.sqrt(n)))
    return {"pv_kw": list(np.linspace(0.0, 12000.0, k)),
            "battery_kwh": list(np.linspace(0.0, 16000.0, k))}


def _noop(shared, task):
    return task


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="smaller studies")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    n_designs = 400 if args.quick else 2500
    ex = datasets.andean_gold_mine()
    base = study.BaseCase.from_example(ex)
    grid = design_grid(n_designs)
    m = len(grid["pv_kw"]) * len(grid["battery_kwh"])
    run = lambda executor=None, chunk=512: study.sweep(  # noqa: E731
        base, grid, kind="full_factorial", progress=False, executor=executor, chunk_size=chunk)
    run()  # compile / warm up
    cores = os.cpu_count()
    print(f"machine: {cores} cores; study: {m} distinct designs x 1 year (8760 h)\n")

    print("## Throughput (design-years per second, 512 designs per task)")
    for threads in (1, None):
        ex_in = executors.InProcess(threads=threads)
        t = timed(lambda ex_in=ex_in: run(ex_in), args.repeat)
        label = f"in-process, {threads or dispatch.set_threads(None)} numba thread(s)"
        dispatch.set_threads(None)
        print(f"  {label:38s} {m / t:10,.0f} design-years/s  ({t:.2f} s)")
    procs = executors.LocalProcesses(2, threads_per_worker=1)
    t = timed(lambda: run(procs), args.repeat)
    print(f"  {'2 local processes (incl. pool start)':38s} {m / t:10,.0f} design-years/s  "
          f"({t:.2f} s)")

    from distributed import Client, LocalCluster

    t0 = time.perf_counter()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster, Client(cluster) as client:
        t_start = time.perf_counter() - t0
        run(client)  # workers import minegrid and load the compiled kernel
        t = timed(lambda: run(client), args.repeat)
        print(f"  {'dask LocalCluster, 2 workers x 1 thread':38s} {m / t:10,.0f} "
              f"design-years/s  ({t:.2f} s; cluster start {t_start:.2f} s)")

        print("\n## Overhead per task")
        dask_ex = executors.DaskExecutor(client)
        n_tasks = 400
        for name, backend in (("in-process", executors.InProcess()),
                              ("dask, 2 workers", dask_ex)):
            t = timed(lambda b=backend: list(b.map(_noop, list(range(n_tasks)), {})),
                      args.repeat)
            print(f"  no-op task, {name:28s} {1e3 * t / n_tasks:8.3f} ms/task")
        sub = {"pv_kw": grid["pv_kw"][:10], "battery_kwh": grid["battery_kwh"][:10]}
        m_sub = 100
        for name, backend in (("in-process", executors.InProcess()),
                              ("dask, 2 workers", dask_ex)):
            t1 = timed(lambda b=backend: study.sweep(base, sub, kind="full_factorial",
                                                     progress=False, executor=b,
                                                     chunk_size=1), args.repeat)
            t512 = timed(lambda b=backend: study.sweep(base, sub, kind="full_factorial",
                                                       progress=False, executor=b,
                                                       chunk_size=512), args.repeat)
            print(f"  {m_sub} designs, {name:16s}: 1 design/task {t1:.3f} s, 512/task "
                  f"{t512:.3f} s -> {1e3 * (t1 - t512) / (m_sub - 1):.2f} ms per extra task")

    print("\n## Cost against the number of points (in-process)")
    sizes = (10, 100, 1000) if args.quick else (10, 100, 1000, 10000)
    print("  points | economics only (fuel price) | physics (PV size, 512/task)")
    for n in sizes:
        prices = {"project.fuel_price_per_l": list(np.linspace(0.5, 2.5, n))}
        pv = {"pv_kw": list(np.linspace(0.0, 12000.0, n))}
        te = timed(lambda p=prices: study.sweep(base, p, kind="full_factorial",
                                                progress=False), args.repeat)
        tp = timed(lambda p=pv: study.sweep(base, p, kind="full_factorial", progress=False),
                   args.repeat if n <= 1000 else 1)
        print(f"  {n:6d} | {te:8.3f} s ({1e6 * te / n:7.1f} us/point) | "
              f"{tp:8.3f} s ({1e6 * tp / n:7.1f} us/point)")
    print(f"\n(minegrid {mg.__version__})")


if __name__ == "__main__":
    main()
