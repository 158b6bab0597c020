"""Speed of the genset plant: design-years per second with 1, 2 and 4 genset types.

Run from the repository root (after installing with the test extras)::

    python benchmarks/bench_fleets.py [--designs 400] [--repeat 5]

Prints, from one run, medians of repeated timings of the kernels alone
(statistics of a batch, 1 thread; the machine is shared, so compare ratios):

* one type: the one-fleet kernel that runs it (today's path, since a plant of
  one diesel type without timing rules, start fuel or a table is a one-fleet
  system) and, for comparison, the same design forced through the plant kernel;
* 2 and 4 types through the plant kernel, with and without minimum run and
  down times.

A process that has just compiled a kernel runs it slower than one that loads
it from the cache; run the script twice and read the second run.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

import minegrid as mg
from minegrid import dispatch
from minegrid.dispatch import design_matrix
from minegrid.dispatch import plant as P


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def profiles() -> mg.Profiles:
    rng = np.random.default_rng(7)
    t = np.arange(8760)
    load = 9000 + 2000 * np.sin(2 * np.pi * t / 24) + rng.normal(0, 300, t.size).clip(-900, 900)
    pv = np.clip(np.sin(np.pi * ((t % 24) - 6) / 12), 0, None) * rng.uniform(0.6, 1.0, t.size)
    return mg.Profiles(load_kw=load, pv_kw_per_kw=pv, genset_availability=0.88)


def plant(n_types: int, rules: bool) -> mg.System:
    ratings = (1600.0, 1000.0, 2000.0, 800.0)
    fleets = tuple(mg.GensetFleet(name=f"type {k}", unit_rated_kw=ratings[k],
                                  n_units=8 // n_types + 1,
                                  fuel_slope_l_per_kwh=0.23 + 0.01 * k,
                                  min_run_h=2.0 if rules else 0.0,
                                  min_down_h=1.0 if rules else 0.0)
                   for k in range(n_types))
    return mg.System(pv=mg.PVPlant(rated_kw=6000), battery=mg.Battery(energy_kwh=8000),
                     gensets=fleets)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--designs", type=int, default=400)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    prof = profiles()
    project = mg.Project()
    m = args.designs
    rng = np.random.default_rng(0)
    pv = rng.uniform(0, 12000, m)
    bat = rng.uniform(0, 20000, m)
    dispatch.set_threads(1)
    rows = []

    one = mg.System(pv=mg.PVPlant(rated_kw=6000), battery=mg.Battery(energy_kwh=8000),
                    genset=mg.GensetFleet(unit_rated_kw=1600, n_units=9))
    params, _ = design_matrix(one, {"pv_kw": pv, "battery_kwh": bat}, project)
    dispatch.run_batch(params[:16], prof)
    rows.append(("1 type, one-fleet kernel (today's path)",
                 median_time(lambda: dispatch.run_batch(params, prof), args.repeat)))
    forced = mg.System(pv=one.pv, battery=one.battery, gensets=(one.genset,))
    fleets = np.tile(P.fleet_rows(forced, project, prof.dt_h), (m, 1, 1))
    P.run_plant_batch(forced, params[:2], fleets[:2], prof, project)
    rows.append(("1 type through the plant kernel",
                 median_time(lambda: P.run_plant_batch(forced, params, fleets, prof, project),
                             args.repeat)))
    for n_types in (2, 4):
        for rules in (False, True):
            system = plant(n_types, rules)
            pm, fl, _, _ = P.plant_matrix(system, {"pv_kw": pv, "battery_kwh": bat}, project,
                                          prof.dt_h)
            P.run_plant_batch(system, pm[:2], fl[:2], prof, project)
            label = f"{n_types} types{', min run 2 h / down 1 h' if rules else ''}"
            rows.append((label, median_time(
                lambda s=system, a=pm, b=fl: P.run_plant_batch(s, a, b, prof, project),
                args.repeat)))
    base = rows[0][1]
    print(f"{m} designs x 8760 h, 1 thread, median of {args.repeat}")
    print(f"{'case':45s} {'design-years/s':>15s} {'vs today':>9s}")
    for label, sec in rows:
        print(f"{label:45s} {m / sec:15,.0f} {base / sec:9.2f}")


if __name__ == "__main__":
    main()
