"""Predictive dispatch: cost against the rules and the LP bound, its speed, and the horizon.

Run from the repository root (after installing with the test extras)::

    python benchmarks/bench_predictive.py [--quick]

Prints, from one run:

* the time of one design-year through ``minegrid.simulate`` (median of 5),
  predictive against load following;
* for the demo design and 4 archetypes at fixed sizes: NPC with load following,
  cycle charging and predictive dispatch against the LP dispatch bound
  (gaps above the bound);
* the predictive NPC against the horizon (1 to 72 h) at fixed sizes, with the
  LP bound: the curve the dispatch approaches;
* sizing the demo's variables: the rules alone, predictive screened by the rules
  (``size(..., screen=...)``) at 11 and 41 energy levels, against the LP sizing
  bound, with the time of each (2 threads).
"""

from __future__ import annotations

import argparse
import statistics
import time

import minegrid as mg


def median_time(fn, repeat=5):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def with_strategy(system, strategy, **kw):
    return system.replace(dispatch=system.dispatch.replace(strategy=strategy, **kw))


def archetypes(ex):
    s = ex.system
    pv, bat, gen = s.pv_or_zero, s.battery_or_zero, s.genset_or_zero
    yield "demo design", s
    yield "diesel-heavy (small PV, no battery)", s.replace(
        pv=pv.replace(rated_kw=pv.rated_kw * 0.3), battery=None, wind=None)
    yield "high-PV (2x PV, 2x battery)", s.replace(
        pv=pv.replace(rated_kw=pv.rated_kw * 2), battery=bat.with_energy(bat.energy_kwh * 2))
    if s.wind is not None:
        yield "wind (3x turbines, no PV)", s.replace(
            pv=None, wind=s.wind.replace(n_turbines=max(3, 3 * s.wind.n_turbines)))
    yield "large battery (4x energy)", s.replace(battery=bat.with_energy(bat.energy_kwh * 4))
    del gen


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="skip the horizon curve")
    ap.add_argument("--table", action="store_true",
                    help="only the archetype table (no timing, sizing or horizon curve)")
    args = ap.parse_args(argv)
    ex = mg.datasets.andean_gold_mine()
    prof, project = ex.profiles, ex.project
    pred = with_strategy(ex.system, "predictive")
    mg.simulate(pred, prof, project=project, base_case=False)
    lf = with_strategy(ex.system, "load_following")
    mg.simulate(lf, prof, project=project, base_case=False)
    if not args.table:
        t_pred = median_time(lambda: mg.simulate(pred, prof, project=project, base_case=False))
        t_lf = median_time(lambda: mg.simulate(lf, prof, project=project, base_case=False))
        print(f"one design-year through simulate: predictive {t_pred * 1e3:.1f} ms, "
              f"load following {t_lf * 1e3:.2f} ms ({t_pred / t_lf:.0f}x), 1 thread")
        print()
    print(f"{'archetype':38s} {'relaxed':>9s} {'LP bound':>9s} {'LF':>9s} {'CC':>9s} "
          f"{'pred.':>9s}  gaps above the bound (LF / CC / pred.)  [MUSD]")
    for name, system in archetypes(ex):
        lf_sys = with_strategy(system, "load_following")
        relaxed = mg.lp_bound(lf_sys, prof, project=project, mode="dispatch",
                              commitment=False).npc
        bound = mg.lp_bound(lf_sys, prof, project=project, mode="dispatch").npc
        npc = {k: mg.simulate(with_strategy(system, k), prof, project=project,
                              base_case=False).costs.npc
               for k in ("load_following", "cycle_charging", "predictive")}
        gaps = " / ".join(f"{100 * (v / bound - 1):.2f} %" for v in npc.values())
        costs = " ".join(f"{v / 1e6:9.3f}" for v in npc.values())
        print(f"{name:38s} {relaxed / 1e6:9.3f} {bound / 1e6:9.3f} {costs}  {gaps}")
    if args.table:
        return
    print()
    _sizing(ex)
    if args.quick:
        return
    print()
    bound = mg.lp_bound(lf, prof, project=project, mode="dispatch").npc
    print(f"demo design, LP dispatch bound {bound / 1e6:.3f} MUSD; predictive against horizon:")
    for h in (1, 3, 6, 12, 24, 48, 72):
        s = with_strategy(ex.system, "predictive", horizon_h=float(h),
                          replan_h=float(min(h, 24)))
        t = time.perf_counter()
        npc = mg.simulate(s, prof, project=project, base_case=False).costs.npc
        print(f"  H = {h:3d} h: NPC {npc / 1e6:8.3f} MUSD, {100 * (npc / bound - 1):5.2f} % "
              f"above the bound ({time.perf_counter() - t:.2f} s)")


def _sizing(ex):
    prof, project = ex.profiles, ex.project
    lp = mg.lp_bound(ex.system, prof, project=project, space=ex.design_space,
                     requirements=ex.requirements, mode="sizing").npc
    print(f"sizing the demo's variables; LP sizing bound {lp / 1e6:.3f} MUSD")
    t = time.perf_counter()
    rules = mg.size(ex.system, prof, ex.design_space, ex.requirements, project=project,
                    progress=False, threads=2)
    print(f"  rules ({ex.system.dispatch.strategy}): {rules.fun / 1e6:.3f} MUSD "
          f"(+{100 * (rules.fun / lp - 1):.2f} %), {time.perf_counter() - t:.1f} s")
    for levels in (11, 41):
        pred = with_strategy(ex.system, "predictive", soc_levels=levels)
        t = time.perf_counter()
        r = mg.size(pred, prof, ex.design_space, ex.requirements, project=project,
                    progress=False, threads=2, screen=ex.system.dispatch.strategy)
        print(f"  predictive, {levels} levels, screened: {r.fun / 1e6:.3f} MUSD "
              f"(+{100 * (r.fun / lp - 1):.2f} %), {time.perf_counter() - t:.1f} s, "
              f"{r.nfev} predictive designs")


if __name__ == "__main__":
    main()
