"""Time life-of-mine simulation and sizing; measure the representative-year error.

Usage: python benchmarks/bench_lifeofmine.py [--repeat N] [--threads N]

Uses the bundled Andean gold-mine example (hourly, 8760 steps). Reports:

1. one design, one year (``minegrid.simulate``) against one design over a
   15-year life of mine (``minegrid.simulate_life``, full mode: 15 kernel runs
   with chained SoC, battery fade, PV degradation), as times and their ratio;
2. the representative-year scheme against the full simulation: NPC and LCOE
   errors for a constant load and for a ramp-up / plateau / decline / closure plan;
3. sizing against the life-of-mine NPC (4 variables: PV kW, turbines,
   battery kWh, genset units; 15 years) with differential evolution, after a
   warm-up run that compiles the kernels.

Medians of N runs; it asserts nothing (benchmarks report, tests assert).
"""

from __future__ import annotations

import argparse
import statistics
import time

import minegrid as mg
from minegrid import dispatch
from minegrid.lifeofmine import BatteryAgeing, LifeOfMine, PricePath, size_life
from minegrid.mine import ProductionPlan


def _times_s(func, repeat: int) -> tuple[float, float]:
    """Median and minimum wall time (the minimum is the least disturbed on a shared machine)."""
    func()  # warm-up (compilation cache, lazy imports)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args()
    if args.threads:
        dispatch.set_threads(args.threads)
    ex = mg.datasets.andean_gold_mine()
    prof, system, project = ex.profiles, ex.system, ex.project
    life = LifeOfMine(horizon_years=15, pv_degradation_per_year=0.005,
                      fuel_price_per_l=PricePath.escalating(1.10, 0.02),
                      battery_ageing=BatteryAgeing(model="cycles"))
    r = args.repeat

    print(f"1. one design (example system), hourly, median of {r} runs")
    rows = {
        "one year: dispatch.run (kernel only)": lambda: dispatch.run(system, prof),
        "one year: simulate, no base case": lambda: mg.simulate(system, prof, project=project,
                                                                base_case=False),
        "one year: simulate, with base case": lambda: mg.simulate(system, prof,
                                                                  project=project),
        "15 years: simulate_life full, no base case": lambda: mg.simulate_life(
            system, life, prof, project=project, base_case=False),
        "15 years: simulate_life full, with base case": lambda: mg.simulate_life(
            system, life, prof, project=project),
        "15 years: simulate_life representative, no base case": lambda: mg.simulate_life(
            system, life, prof, project=project, base_case=False, mode="representative"),
        "15 years: simulate_life full, rainflow ageing": lambda: mg.simulate_life(
            system, life.replace(battery_ageing=BatteryAgeing(model="rainflow")), prof,
            project=project, base_case=False),
    }
    t, tmin = {}, {}
    print(f"   {'':55s} {'median':>8s} {'min':>8s}")
    for label, func in rows.items():
        t[label], tmin[label] = _times_s(func, r)
        print(f"   {label:55s} {1e3 * t[label]:8.2f} {1e3 * tmin[label]:8.2f} ms")
    for base in ("no base case", "with base case"):
        life_key, year_key = f"15 years: simulate_life full, {base}", f"one year: simulate, {base}"
        print(f"   ratio 15-year life / one year ({base}): median "
              f"{t[life_key] / t[year_key]:5.1f}x, min {tmin[life_key] / tmin[year_key]:5.1f}x"
              " (target <= 20x)")

    print("2. representative years (stride 4 + first/last + load changes) vs full")
    plan = ProductionPlan.standard(2023, ramp_up_years=2, plateau_years=9, decline_years=3,
                                   closure_years=1)
    cases = {
        "constant load, 15 years": life,
        "plan 2+9+3+1 years (throughput-scaled load)": LifeOfMine.from_plan(
            plan, pv_degradation_per_year=0.005,
            fuel_price_per_l=PricePath.escalating(1.10, 0.02)),
        "plan, per-area loads from the load builder": LifeOfMine.from_plan(
            plan, mine=mg.mine.example_gold_mine(), base_year=2023, tz=ex.site.tz, seed=2026,
            pv_degradation_per_year=0.005, fuel_price_per_l=PricePath.escalating(1.10, 0.02)),
    }
    for label, lf in cases.items():
        full = mg.simulate_life(system, lf, prof, project=project, base_case=False)
        rep = mg.simulate_life(system, lf, prof, project=project, base_case=False,
                               mode="representative")
        n_sim = int(rep.cash_flow["simulated"].sum())
        print(f"   {label:45s} years simulated {n_sim:2d}/{lf.last_year}, "
              f"NPC error {100 * (rep.npc / full.npc - 1):+.3f} %, "
              f"LCOE error {100 * (rep.lcoe / full.lcoe - 1):+.3f} %, "
              f"fuel error {100 * (rep.cash_flow.fuel_l.sum() / full.cash_flow.fuel_l.sum() - 1):+.3f} %")  # noqa: E501

    print("3. sizing against the 15-year life-of-mine NPC (4 variables)")
    bounds = {"pv_kw": (0.0, 30000.0), "n_turbines": (0, 8), "battery_kwh": (0.0, 80000.0),
              "n_units": (6, 12)}
    size_life(system, life, prof, bounds=bounds, project=project, popsize=4, maxiter=1)
    for mode, popsize, maxiter in (("full", 8, 30), ("representative", 8, 30),
                                   ("full", 15, 100)):
        times = []
        for _ in range(3):  # best of 3: the machine is shared
            start = time.perf_counter()
            res = size_life(system, life, prof, bounds=bounds, project=project, mode=mode,
                            popsize=popsize, maxiter=maxiter, seed=1)
            times.append(time.perf_counter() - start)
        print(f"   {mode:15s} popsize {popsize} maxiter {maxiter}: best {min(times):5.2f} s "
              f"(median {statistics.median(times):5.2f} s), "
              f"{res.nfev} designs x 15 years, nit {res.nit}, "
              f"NPC {res.result.npc / 1e6:.3f} MUSD "
              f"(diesel only {res.result.base.npc / 1e6:.3f}), x = "
              + ", ".join(f"{k}={v:,.0f}" for k, v in res.values.items()))


if __name__ == "__main__":
    main()
