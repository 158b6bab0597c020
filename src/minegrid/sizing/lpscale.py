"""The size of the LP bound (aggregation, memory) and its bound on lifecycle costs.

:func:`aggregate_profiles` averages consecutive time steps into one before the
LP is built (a relaxation: the bound stays valid, only looser), and
:func:`lp_memory_gb` estimates the peak memory of :func:`minegrid.lp_bound`
from the number of steps, so that :func:`check_lp_memory` refuses an LP that
would not fit before anything is built, naming an aggregation that would.
:func:`min_lifecycle_factor` bounds a component's replacements minus salvage
from below, whatever its usage, so that the LP's cost stays a lower bound.
:func:`size_bounds` gives the LP's continuous size bounds and battery power mode.
"""

from __future__ import annotations

import math

import numpy as np

from ..economics import lifecycle_factors
from ..errors import InputError, check, choice, number, whole

__all__ = ["DEFAULT_MAX_MEMORY_GB", "lp_memory_gb", "check_lp_memory", "aggregate_profiles",
           "min_lifecycle_factor", "size_bounds"]

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
    """Profiles with ``steps`` consecutive steps averaged into one (availability: the maximum,
    fuel multiplier: the minimum; the per-type series of a plant likewise).

    Every solution of the fine LP, averaged over the blocks, is feasible in the
    coarse LP at no higher cost (the fuel per kWh ``φ·(F1 + F0/a)`` is least at
    the block's highest availability and lowest multiplier), so the coarse
    optimum is a lower bound of the fine one and still a valid bound.
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

    def per_type(series, how):
        return None if series is None else {t: how(blocks(v), axis=1) for t, v in series.items()}

    return Profiles(load_kw=blocks(profiles.load_kw).mean(axis=1),
                    pv_kw_per_kw=blocks(profiles.pv_kw_per_kw).mean(axis=1),
                    wind_kw_per_turbine=blocks(profiles.wind_kw_per_turbine).mean(axis=1),
                    genset_availability=blocks(profiles.genset_availability).max(axis=1),
                    genset_fuel_multiplier=blocks(profiles.genset_fuel_multiplier).min(axis=1),
                    fleet_availability=per_type(profiles.fleet_availability, np.max),
                    fleet_fuel_multiplier=per_type(profiles.fleet_fuel_multiplier, np.min),
                    dt_h=profiles.dt_h * k)


def min_lifecycle_factor(replacement_ratio: float, salvage_ratio: float, max_life_years: float,
                         project_years: int, rate: float) -> float:
    """Smallest ``replacement_ratio·R(L) − salvage_ratio·S(L)`` over lives ``0 < L ≤ max_life``.

    ``R`` and ``S`` are :func:`minegrid.economics.lifecycle_factors`. For a
    rate ``i ≥ 0`` the factor decreases in ``L`` between the break points
    ``L = N/k`` (where the number of replacements changes), so its infimum is
    at ``max_life`` or just below a break point; those candidates and a dense
    grid are evaluated and the least value returned. Multiplied by a
    component's capital cost it bounds its replacements minus salvage from
    below, whatever its usage. [-]

    >>> f = min_lifecycle_factor(1.0, 1.0, float("inf"), 20, 0.0)
    >>> f  # never worn out: salvaged as new at the end
    -1.0
    >>> round(min_lifecycle_factor(1.0, 1.0, 15.0, 20, 0.0), 4)  # 15 y: 1 spare, 2/3 used
    0.3333
    """
    check(rate >= 0, "Project.discount_rate", rate, "must be >= 0 for the LP bound",
          "the lower bound on replacement costs assumes a non-negative real rate")
    n = int(project_years)
    cands = [max_life_years]
    kmax = 400
    for k in range(1, kmax + 1):
        b = n / k
        if b < max_life_years or (math.isinf(max_life_years)):
            cands.append(b * (1.0 - 1e-12))
            cands.append(b)
    top = max_life_years if math.isfinite(max_life_years) else 4.0 * n
    cands.extend(np.geomspace(n / kmax, top, 2000).tolist())
    lives = np.array([c for c in cands if c > 0 and c <= max_life_years])
    rep, salv = lifecycle_factors(lives, n, rate)
    return float(np.min(replacement_ratio * rep - salvage_ratio * salv))


def size_bounds(system, space):
    """Continuous bounds of the PV, wind and battery sizes, and the battery power mode.

    Returns ``(bounds, power)``: the battery power mode is ``("fixed", charge,
    discharge, priced kW)``, ``("variable", (lo, hi))``, ``("duration", hours)``
    or ``("ratio", rc, rd)`` (the template's power-to-energy ratios). The
    gensets' bounds are their blocks' (:func:`~minegrid.sizing.lpplant.lp_gensets`).
    """
    pv, wind, bat = system.pv_or_zero, system.wind_or_zero, system.battery_or_zero

    def rng(value, default):
        if value is None:
            return (float(default), float(default))
        if isinstance(value, tuple):
            return value
        return (float(value), float(value))

    if space is None:
        b = {"pv_kw": rng(None, pv.rated_kw), "n_turbines": rng(None, wind.n_turbines),
             "battery_kwh": rng(None, bat.energy_kwh)}
        # fixed sizes: separate charge and discharge limits as they are, priced as
        # economics.system_prices does
        power = ("fixed", bat.charge_power_kw, bat.discharge_power_kw,
                 max(bat.charge_power_kw, bat.discharge_power_kw))
        return b, power
    b = {"pv_kw": rng(space.pv_kw, pv.rated_kw),
         "n_turbines": rng(space.n_turbines, wind.n_turbines),
         "battery_kwh": rng(space.battery_kwh, bat.energy_kwh)}
    if space.battery_kw is not None:
        power = ("variable", rng(space.battery_kw, 0.0))
    elif space.battery_duration_h is not None:
        power = ("duration", space.battery_duration_h)
    else:
        power = ("ratio", *bat.power_ratios)
    return b, power
