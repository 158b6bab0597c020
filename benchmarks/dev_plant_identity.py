"""The lockstep plant kernel against the scalar one it replaced: every output, bit for bit.

Run from the repository root (after installing with the test extras)::

    python benchmarks/dev_plant_identity.py [--cases 40] [--designs 24] [--seed 0]

Draws ``--cases`` random plants (2 to 4 genset types: diesel, gas and dual fuel,
part-load tables, minimum run and down times, per-type availability with outages
and fuel multipliers, converter, reserves; ``tests/plant_batches.py``), each with
a batch of ``--designs`` designs whose rows mix every strategy, battery dispatch,
cycle-charging limit and hold, units online and unit counts (and, in half of the
cases, each row's own minimum run and down times, so that blocks of several
timing groups form). Runs each batch through ``minegrid.dispatch._plant.run_plant``
and through ``tests/plant_scalar.py`` (the kernel as it was, one design at a
time), statistics only and, for three designs of each batch, with trajectories,
and compares ``out``, ``fout``, ``traj`` and ``ftraj`` as 64-bit patterns (so
``-0.0`` differs from ``0.0``). Prints what differs, if anything, and a summary;
exits non-zero on a difference.

Compiles every runner it needs on first use (some minutes with an empty numba
cache).
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import plant_batches
from minegrid.dispatch import _kernel as K
from minegrid.dispatch import _plant as KP


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=40)
    ap.add_argument("--designs", type=int, default=24)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    rng = np.random.default_rng(args.seed)
    start = time.perf_counter()
    kinds = collections.Counter()
    designs = steps = recorded = failures = tables = timing = 0
    for case in range(args.cases):
        n_types = int(rng.integers(2, 5))
        system, prof, project = plant_batches.random_system(rng, n_types,
                                                            int(rng.integers(48, 400)))
        params, fleets = plant_batches.random_batch(rng, system, prof, project, args.designs,
                                                    mixed_timing=case % 2 == 1)
        rows = tuple(int(i) for i in rng.choice(args.designs, 3, replace=False))
        bad = plant_batches.compare_kernels(system, prof, project, params, fleets, rows)
        for i in range(args.designs):
            kinds[(n_types, int(params[i, K.P_STRATEGY]), int(params[i, K.P_BDISPATCH]))] += 1
        designs += args.designs
        tables += int((fleets[:, :, KP.F_TABLE] != 0).any(axis=1).sum())
        timing += int((fleets[:, :, [KP.F_MR, KP.F_MD]] > 1).any(axis=(1, 2)).sum())
        steps += args.designs * prof.n_steps
        recorded += len(rows)
        if bad:
            failures += 1
            print(f"case {case} ({n_types} types, {prof.n_steps} steps of {prof.dt_h} h): "
                  + "; ".join(bad))
    strategies = ("load following", "cycle charging")
    modes = ("genset first", "battery first", "economic")
    print(f"{args.cases} cases, {designs} designs ({steps:,} design-steps), "
          f"{recorded} with trajectories, {tables} with a part-load table, {timing} with a "
          f"minimum run or down time; {time.perf_counter() - start:.0f} s")
    for (n_types, s, b), count in sorted(kinds.items()):
        print(f"  {n_types} types, {strategies[s]:14s} {modes[b]:13s} {count:5d} designs")
    print("identical, bit for bit" if not failures else f"{failures} cases differ")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
