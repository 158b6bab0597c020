"""The size of the LP bound: aggregation of the profiles and an estimate of its memory.

:func:`aggregate_profiles` averages consecutive time steps into one before the
LP is built (a relaxation: the bound stays valid, only looser), and
:func:`lp_memory_gb` estimates the peak memory of :func:`minegrid.lp_bound`
from the number of steps, so that :func:`check_lp_memory` refuses an LP that
would not fit before anything is built, naming an aggregation that would.
"""

from __future__ import annotations

import numpy as np

from ..errors import InputError, check, choice, number, whole

__all__ = ["DEFAULT_MAX_MEMORY_GB", "lp_memory_gb", "check_lp_memory", "aggregate_profiles"]

#: Default of ``lp_bound(max_memory_gb=...)``. [GB]
DEFAULT_MAX_MEMORY_GB = 4.0
# peak memory of lp_bound ~ _MEM_BASE_GB + steps x _MEM_PER_STEP_KB[mode] (parent and child
# process together): a line just above every point measured by benchmarks/bench_lp.py
# (dispatch 8,760-105,120 steps, sizing 8,760-52,560 steps; benchmarks/README.md)
_MEM_BASE_GB = 0.5
_MEM_PER_STEP_KB = {"dispatch": 8.0, "sizing": 15.0}


def lp_memory_gb(n_steps: int, mode: str = "sizing") -> float:
    """Estimated peak memory of :func:`lp_bound` over ``n_steps`` time steps. [GB]

    A straight line through the measured peaks (``benchmarks/bench_lp.py``,
    figures in ``benchmarks/README.md``): the Python process that builds the
    matrices and the HiGHS process together.

    >>> round(lp_memory_gb(8760), 2), round(lp_memory_gb(525600, "dispatch"), 1)
    (0.63, 4.7)
    """
    n = whole(n_steps, "n_steps", minimum=1)
    choice(mode, tuple(_MEM_PER_STEP_KB), "mode")
    return _MEM_BASE_GB + n * _MEM_PER_STEP_KB[mode] * 1e3 / 1e9


def check_lp_memory(n_steps: int, mode: str, max_memory_gb, fine_steps: int) -> None:
    """Refuse an LP whose estimated memory exceeds the limit, naming an aggregation that fits."""
    if max_memory_gb is None:
        return
    limit = number(max_memory_gb, "max_memory_gb", minimum=0.0, strict=True,
                   fix="a limit in GB, e.g. 4, or None for no limit")
    need = lp_memory_gb(n_steps, mode)
    if need <= limit:
        return
    fits = [k for k in range(2, fine_steps + 1)
            if fine_steps % k == 0 and lp_memory_gb(fine_steps // k, mode) <= limit]
    hint = (f"pass aggregate={fits[0]} ({fine_steps // fits[0]:,} LP steps, about "
            f"{lp_memory_gb(fine_steps // fits[0], mode):.1f} GB), " if fits
            else "no aggregation fits; ")
    raise InputError(f"the LP bound over {n_steps:,} time steps needs about {need:.1f} GB, "
                     f"more than max_memory_gb = {limit:g}. Fix: {hint}or raise max_memory_gb "
                     "if the machine has the memory.")


def aggregate_profiles(profiles, steps: int | None):
    """Profiles with ``steps`` consecutive steps averaged into one (availability: the maximum).

    Every solution of the fine LP, averaged over the blocks, is feasible in the
    coarse LP at no higher cost (the fuel per kWh ``F1 + F0/a`` is least at
    the block's highest availability), so the coarse optimum is a lower bound
    of the fine one and still a valid bound.
    """
    from ..profiles import Profiles

    if steps is None or steps == 1:
        return profiles
    k = whole(steps, "aggregate", minimum=1, fix="a number of steps, e.g. 60")
    n = profiles.n_steps
    check(n % k == 0, "aggregate", steps, f"does not divide the {n:,} time steps",
          f"pick a divisor of {n:,}, e.g. "
          f"{next((d for d in (60, 30, 24, 12, 6, 4, 3, 2) if n % d == 0), 1)}")

    def blocks(a):
        return np.asarray(a, dtype=float).reshape(n // k, k)

    return Profiles(load_kw=blocks(profiles.load_kw).mean(axis=1),
                    pv_kw_per_kw=blocks(profiles.pv_kw_per_kw).mean(axis=1),
                    wind_kw_per_turbine=blocks(profiles.wind_kw_per_turbine).mean(axis=1),
                    genset_availability=blocks(profiles.genset_availability).max(axis=1),
                    dt_h=profiles.dt_h * k)
