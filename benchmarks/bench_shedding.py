"""Load-shedding benchmark (issue 20): the allocation, and the lost-value objective's cost.

Run:  python benchmarks/bench_shedding.py [--quick]

On the bundled ``andean_gold_mine()`` (hourly year), its process areas given values of
lost production (offices and workshops 50, the camp 2,000, the process areas 600 to 900
per MWh, ventilation 5,000 USD/MWh, their kinds' priorities), 2 numba threads:

* ``allocate_shedding`` of one design's year, and ``lost_value_per_year`` of 64
  trajectories at once;
* one population of 64 random designs through the sizing model: ``objective="npc"``
  against ``"npc_plus_lost_value"``, with the share of designs that leave load unserved
  (only those are re-run through the kernel's recording path);
* the batch kernel's cost per design against the recording path's;
* whole ``size()`` runs with each objective on a space where the gensets may fall short.

Figures are reported, not asserted.
"""

from __future__ import annotations

import argparse
import dataclasses
import time

import numpy as np

import minegrid as mg
from minegrid import dispatch as _dispatch
from minegrid.mine import example_gold_mine
from minegrid.shedding import AreaLoads, allocate_shedding, lost_value_per_year
from minegrid.sizing.evaluator import YearModel
from minegrid.sizing.lostvalue import lost_value_model, unserved_trajectories

THREADS = 2
VALUES = {"offices": 50.0, "workshops": 50.0, "camp": 2000.0, "ventilation": 5000.0}


def best_of(fn, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def area_loads(ex):
    mine = example_gold_mine()
    areas = []
    for k, a in enumerate(mine.areas):
        value = VALUES.get(a.kind, 600.0 + 100.0 * (k % 4))
        areas.append(dataclasses.replace(a, lost_value_per_mwh=value))
    mine = dataclasses.replace(mine, areas=tuple(areas))
    return AreaLoads.from_mine(mine, 2023, tz=ex.site.tz, seed=2026, index=ex.weather.index)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    quick = parser.parse_args().quick
    repeat = 3 if quick else 7
    _dispatch.set_threads(THREADS)
    ex = mg.datasets.andean_gold_mine()
    loads = area_loads(ex)
    loads.check_load(ex.profiles.load_kw)
    print(f"{len(loads.names)} areas, {len(loads.load_kw)} steps")

    # a population of random designs, gensets from too few to enough
    rng = np.random.default_rng(0)
    m = 64
    cols = {"pv_kw": rng.uniform(0, 30000, m), "battery_kwh": rng.uniform(0, 60000, m),
            "n_units": rng.integers(2, 12, m).astype(float)}
    params, q = _dispatch.design_matrix(ex.system, cols, ex.project)
    plain = YearModel(ex.profiles, ex.project, ex.system)
    lost = lost_value_model(YearModel(ex.profiles, ex.project, ex.system),
                            "npc_plus_lost_value", loads, ex.system, ex.profiles)
    plain.metrics(params, q)
    lost.metrics(params, q)  # compile both paths
    t_npc, (m_npc, raw) = best_of(lambda: plain.metrics(params, q), repeat)
    t_lost, (m_lost, _) = best_of(lambda: lost.metrics(params, q), repeat)
    short = int(np.count_nonzero(m_lost["lost_value_per_year"] > 0))
    print(f"population of {m}: {short} designs leave load unserved")
    print(f"  objective npc:                 {1e3 * t_npc:8.1f} ms "
          f"({1e6 * t_npc / m:,.0f} us/design)")
    print(f"  objective npc_plus_lost_value: {1e3 * t_lost:8.1f} ms "
          f"({1e6 * t_lost / m:,.0f} us/design), {t_lost / t_npc:.2f}x")

    firm = dict(cols, n_units=rng.integers(10, 15, m).astype(float))
    fp, fq = _dispatch.design_matrix(ex.system, firm, ex.project)
    f_npc, _ = best_of(lambda: plain.metrics(fp, fq), repeat)
    f_lost, (fm, _) = best_of(lambda: lost.metrics(fp, fq), repeat)
    print(f"population of {m} with 10-14 units: "
          f"{int(np.count_nonzero(fm['lost_value_per_year'] > 0))} leave load unserved; "
          f"npc {1e3 * f_npc:.1f} ms, npc_plus_lost_value {1e3 * f_lost:.1f} ms "
          f"({f_lost / f_npc:.2f}x)")

    _dispatch.set_threads(1)
    t_batch, _ = best_of(lambda: _dispatch.run_batch(params, ex.profiles, statistics="search"),
                         repeat)
    t_rec, u = best_of(lambda: unserved_trajectories(params, ex.profiles), repeat)
    _dispatch.set_threads(THREADS)
    print(f"1 thread: batch kernel (search) {1e6 * t_batch / m:,.0f} us/design, recording "
          f"path {1e6 * t_rec / m:,.0f} us/design ({t_rec / t_batch:.1f}x)")

    i = int(np.argmax(m_lost["lost_value_per_year"]))
    t_alloc, _ = best_of(lambda: allocate_shedding(loads, u[i]), repeat)
    t_vec, _ = best_of(lambda: lost_value_per_year(loads, u), repeat)
    print(f"allocate_shedding, one year: {1e3 * t_alloc:.2f} ms; lost_value_per_year of "
          f"{m} trajectories: {1e3 * t_vec:.2f} ms ({1e6 * t_vec / m:,.0f} us each)")

    space = mg.DesignSpace(pv_kw=(0.0, 30000.0), battery_kwh=(0.0, 60000.0), n_units=(2, 12))
    req = mg.Requirements(max_unserved_fraction=0.05)
    opts = dict(maxiter=15 if quick else 40, popsize=8, seed=0, progress=False)
    for objective, extra in (("npc", {}), ("npc_plus_lost_value", {"shedding": loads})):
        t0 = time.perf_counter()
        r = mg.size(ex.system, ex.profiles, space, req, project=ex.project,
                    objective=objective, **opts, **extra)
        dt = time.perf_counter() - t0
        h = r.history
        with_u = float((h["unserved_fraction"] > 0).mean())
        print(f"size(objective={objective!r}): {dt:.1f} s, {r.nfev} designs "
              f"({1e3 * dt / r.nfev:.2f} ms/design), {100 * with_u:.0f} % with unserved "
              f"energy; design PV {r.values['pv_kw']:,.0f} kW, battery "
              f"{r.values['battery_kwh']:,.0f} kWh, {r.values['n_units']:.0f} units, "
              f"unserved {100 * r.result.stats.unserved_fraction:.3f} %")


if __name__ == "__main__":
    main()
