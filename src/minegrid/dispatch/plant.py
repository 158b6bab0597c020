"""The genset plant in the kernel: merit order, per-type rows and profiles, and the runs.

A :class:`~minegrid.System` whose gensets are several types, or one type with
rules the one-fleet kernel does not have (:attr:`System.is_plant`), is run by
the plant kernel (:mod:`._plant`). This module lowers its fleets to rows
(:func:`fleet_rows`, in merit order: :func:`merit_order`), their profiles to
(types, steps) arrays (:func:`fleet_profiles`), and runs one design or a
batch (:func:`run_plant`, :func:`run_plant_batch`). Per-type results come back
in the order the fleets are listed in the system. The rules are in
``docs/theory/gensets.md``.
"""

from __future__ import annotations

import math

import numpy as np

from ..components import System
from ..errors import InputError, check
from . import _kernel as K
from . import _plant as KP
from ._lower import design_params

__all__ = ["FLEET_STAT_NAMES", "FLEET_TRAJ_NAMES", "merit_order", "fuel_cost_per_unit",
           "fleet_rows", "fleet_profiles", "run_plant", "run_plant_batch", "count_column",
           "plant_matrix", "with_counts", "fleets_with_counts", "listed_profiles",
           "worst_availability"]

#: Per-type totals over the period, in the order of the kernel's columns.
FLEET_STAT_NAMES = ("unit_h", "starts", "gen_kwh", "curve_fuel", "max_units", "fleet_h")
#: Per-type trajectory columns: units online, output [kW], fuel rate [unit/h].
FLEET_TRAJ_NAMES = ("units_online", "kw", "fuel_per_h")


def fuel_cost_per_unit(fleet, project) -> float:
    """Cost of one unit of the fleet's curve (L, Nm3, ... or L of diesel equivalent):
    fuel price plus carbon price × CO2 / 1000, over its fuels. [currency/unit]"""
    from ..components.fuel import fuel_of

    carbon = project.carbon_price_per_t
    return float(sum(share * (fuel.price(project) + carbon * fuel.co2_kg_per_unit / 1000.0)
                     for fuel, share in fuel_of(fleet.fuel)))


def _hourly_costs(fleet, project) -> tuple[float, float]:
    """``(c_fix, c_mar)``: cost per running unit-hour [currency/h] and per kWh [currency/kWh]."""
    c_fuel = fuel_cost_per_unit(fleet, project)
    f0, f1 = fleet.linear_curve()
    p = fleet.unit_rated_kw
    overhaul = (fleet.overhaul_cost_per_kw / fleet.overhaul_interval_hours
                if fleet.overhaul_interval_hours else 0.0)  # [currency/(kW h)]
    c_fix = (fleet.om_per_unit_hour + (fleet.om_per_kw_hour + overhaul) * p
             + fleet.replacement_ratio * fleet.capex_per_kw * p / fleet.life_hours
             + f0 * p * c_fuel)
    return c_fix, f1 * c_fuel


def merit_order(system: System, project) -> tuple[int, ...]:
    """Indices of ``system.fleets`` in merit order (``System.merit_order``).

    ``"cost"``: cheapest full-load running cost per kWh first (fuel at its
    price and carbon, O&M, overhaul, wear), ties in the listed order;
    ``"given"``: as listed.
    """
    fleets = system.fleets
    if system.merit_order == "given":
        return tuple(range(len(fleets)))

    def full_load_cost(i):
        f = fleets[i]
        c_fix, _ = _hourly_costs(f, project)
        f0, f1 = f.linear_curve()
        p = f.unit_rated_kw
        full = f.table_points()[-1] if f.part_load_fuel_per_h is not None else f0 * p + f1 * p
        # the hourly cost without the curve's fuel, plus the fuel at full load
        return (c_fix - f0 * p * fuel_cost_per_unit(f, project)
                + full * fuel_cost_per_unit(f, project)) / p

    cost = [full_load_cost(i) for i in range(len(fleets))]
    order = sorted(range(len(fleets)), key=lambda i: (cost[i], i))
    # costs equal to rounding (1e-12) are ties: they keep the listed order
    changed = True
    while changed:
        changed = False
        for r in range(len(order) - 1):
            i, j = order[r], order[r + 1]
            if i > j and math.isclose(cost[i], cost[j], rel_tol=1e-12, abs_tol=1e-15):
                order[r], order[r + 1] = j, i
                changed = True
    return tuple(order)


def _steps(hours: float, dt: float) -> float:
    return float(math.ceil(hours / dt - 1e-9)) if hours > 0 else 0.0


def fleet_rows(system: System, project, dt_h: float) -> np.ndarray:
    """(K, N_FLEET) kernel rows of the system's fleets, in merit order."""
    order = merit_order(system, project)
    rows = np.zeros((len(order), KP.N_FLEET))
    for r, i in enumerate(order):
        f = system.fleets[i]
        row = rows[r]
        row[KP.F_UNIT_KW] = f.unit_rated_kw
        row[KP.F_N] = f.n_units
        row[KP.F_MIN_LOAD] = f.min_load_ratio
        row[KP.F_F0] = f.f0_per_h_per_kw
        row[KP.F_F1] = f.f1_per_kwh
        if f.part_load_fuel_per_h is not None:
            row[KP.F_TABLE] = 1.0
            row[KP.F_T0:KP.F_T0 + 5] = f.table_points()
        row[KP.F_MR] = _steps(f.min_run_h, dt_h)
        row[KP.F_MD] = _steps(f.min_down_h, dt_h)
        row[KP.F_C_FIX], row[KP.F_C_MAR] = _hourly_costs(f, project)
    return rows


def fleet_profiles(system: System, profiles, project) -> tuple[np.ndarray, ...]:
    """(K, n) availability, its inverse and the fuel multiplier of each type, in merit order.

    A type uses its own series of ``profiles.fleet_availability`` /
    ``profiles.fleet_fuel_multiplier`` (keyed by fleet name) when there is
    one, else the site's ``genset_availability`` / ``genset_fuel_multiplier``.
    """
    order = merit_order(system, project)
    names = [system.fleets[i].name for i in order]
    own_a = profiles.fleet_availability or {}
    own_f = profiles.fleet_fuel_multiplier or {}
    unknown = sorted((set(own_a) | set(own_f)) - {f.name for f in system.fleets})
    check(not unknown, "Profiles.fleet_availability", unknown,
          "names genset types the system does not have",
          f"use the fleets' names {[f.name for f in system.fleets]}")
    avail = np.array([own_a.get(n, profiles.genset_availability) for n in names], float)
    mult = np.array([own_f.get(n, profiles.genset_fuel_multiplier) for n in names], float)
    with np.errstate(divide="ignore"):
        inv = np.where(avail > 0, 1.0 / np.where(avail > 0, avail, 1.0), 0.0)
    return (np.ascontiguousarray(avail), np.ascontiguousarray(np.minimum(inv, 1e300)),
            np.ascontiguousarray(mult))


def listed_profiles(system: System, profiles) -> tuple[np.ndarray, ...]:
    """:func:`fleet_profiles` with the types in the order the system lists them."""
    from ..components import Project

    return fleet_profiles(System(gensets=system.fleets, merit_order="given"), profiles,
                          Project())


def worst_availability(system: System, profiles) -> np.ndarray:
    """Each genset type's worst available-capacity factor over the period, types as listed
    (1 for an empty period). [-]"""
    avail = listed_profiles(system, profiles)[0]
    return avail.min(axis=1) if avail.shape[1] else np.ones(avail.shape[0])


def _unorder(values: np.ndarray, order) -> np.ndarray:
    """Per-type values (..., K, ...) on axis -2 from merit order back to the listed order."""
    out = np.empty_like(values)
    out[..., list(order), :] = values
    return out


def run_plant(system: System, profiles, project=None, *, trajectories: bool = False):
    """Simulate one plant system.

    Returns
    -------
    stats : dict[str, float]
        Totals over the period, keyed like :func:`minegrid.dispatch.run` (``fuel_l``
        is the sum of the types' curve fuel, in their units).
    fleet_stats : numpy.ndarray
        (K, len(FLEET_STAT_NAMES)) per-type totals, types as listed in the system.
    traj, fleet_traj : numpy.ndarray or None
        (n, N_TRAJ) and (n, K, 3) trajectories when asked for.
    """
    from ..components import Project
    from .stats import STAT_NAMES

    project = Project() if project is None else project
    row = design_params(system, project)[None, :]
    fleets = fleet_rows(system, project, profiles.dt_h)[None, :, :]
    n = profiles.n_steps if trajectories else 0
    traj = np.zeros((n, K.N_TRAJ))
    ftraj = np.zeros((n, fleets.shape[1], KP.N_FLEET_TRAJ))
    out, fout = _run(row, fleets, system, profiles, project, traj, ftraj)
    order = merit_order(system, project)
    stats = dict(zip(STAT_NAMES, out[0].tolist(), strict=True))
    fleet_traj = _unorder(ftraj, order) if n else None
    return stats, _unorder(fout[0], order), (traj if n else None), fleet_traj


def _run(params, fleets, system, profiles, project, traj, ftraj, threads: int = 1):
    avail, inv, mult = fleet_profiles(system, profiles, project)
    m = params.shape[0]
    out = np.zeros((m, K.N_STATS))
    fout = np.zeros((m, fleets.shape[1], KP.N_FLEET_STATS))
    args = (profiles.load_kw, profiles.pv_kw_per_kw, profiles.wind_kw_per_turbine, avail, inv,
            mult, profiles.dt_h, profiles.peak_kw, params, fleets)
    if threads <= 1 or m < 2 or traj.shape[0] > 0:
        KP.run_plant(*args, 0, m, out, fout, traj, ftraj)
        return out, fout
    from .run import thread_pool

    edges = np.linspace(0, m, min(threads, m) + 1).round().astype(int)
    futures = [thread_pool().submit(KP.run_plant, *args, int(a), int(b), out, fout, traj, ftraj)
               for a, b in zip(edges[:-1], edges[1:], strict=True) if b > a]
    for future in futures:
        future.result()
    return out, fout


def run_plant_batch(system: System, params: np.ndarray, fleets: np.ndarray, profiles,
                    project=None):
    """Statistics of many plant designs of ``system``'s kind.

    ``params`` (m, N_PARAMS) and ``fleets`` (m, K, N_FLEET), the fleets in merit
    order (:func:`fleet_rows`). Returns ``(out, fleet_out)``: (m, N_STATS) and
    (m, K, len(FLEET_STAT_NAMES)) with the types as listed in the system.
    Runs on :func:`minegrid.dispatch.get_threads` threads.
    """
    from ..components import Project
    from .run import get_threads

    project = Project() if project is None else project
    params = np.ascontiguousarray(params, dtype=np.float64)
    fleets = np.ascontiguousarray(fleets, dtype=np.float64)
    k = len(system.fleets)
    if params.ndim != 2 or params.shape[1] != K.N_PARAMS or fleets.shape != (
            params.shape[0], k, KP.N_FLEET):
        raise InputError(f"params {params.shape} and fleets {fleets.shape} do not match "
                         f"(m, {K.N_PARAMS}) and (m, {k}, {KP.N_FLEET}). Fix: build them with "
                         "minegrid.dispatch.design_matrix.")
    none = np.zeros((0, K.N_TRAJ))
    fnone = np.zeros((0, k, KP.N_FLEET_TRAJ))
    out, fout = _run(params, fleets, system, profiles, project, none, fnone, get_threads())
    return out, _unorder(fout, merit_order(system, project))



def count_column(fleet) -> str:
    """Name of the design column that sets a genset type's unit count: ``n_units[<name>]``."""
    return f"n_units[{fleet.name}]"


def plant_matrix(system: System, designs, project=None, dt_h: float = 1.0):
    """Kernel rows for a table of plant designs based on ``system``.

    ``designs`` may set the columns of :func:`minegrid.dispatch.design_matrix`
    except ``n_units`` / ``unit_kw``, and each type's count ``n_units[<name>]``
    (whole numbers, at least the type's ``existing_units``). Returns
    ``(params, fleets, q, counts)``: (m, N_PARAMS), (m, K, N_FLEET) in merit
    order, the pricing quantities of the non-genset components (with each type's
    count under ``n_units[<name>]``), and the (m, K) unit counts, types as listed.
    ``dt_h`` is the profiles' step (minimum run and down times are counted in
    steps). [h]
    """
    from ..components import Project
    from ..errors import number_array
    from ._lower import design_matrix

    project = Project() if project is None else project
    designs = dict(designs)
    names = {count_column(f): k for k, f in enumerate(system.fleets)}
    counts_given = {c: designs.pop(c) for c in list(designs) if c in names}
    unknown = [c for c in designs if c.startswith("n_units[")]
    check(not unknown, "designs", unknown, "names genset types the system does not have",
          f"use {sorted(names)}")
    sizes = {c: number_array(v, f"designs[{c!r}]", minimum=0.0, integer=True,
                             fix="whole unit counts >= 0") for c, v in counts_given.items()}
    lengths = {v.size for v in sizes.values()} | (
        {np.asarray(next(iter(designs.values()))).size} if designs else set())
    check(len(lengths) <= 1, "designs", sorted(lengths), "columns have different lengths",
          "give every column one value per design")
    m = lengths.pop() if lengths else 1
    if designs:
        params, q = design_matrix(system, designs, project)
    else:
        params, q = design_matrix(system, {}, project)
        params = np.repeat(params, m, axis=0)
        q = {k: (np.repeat(v, m) if isinstance(v, np.ndarray) and v.size == 1 else v)
             for k, v in q.items()}
    counts = np.tile(np.array([f.n_units for f in system.fleets], float), (m, 1))
    for c, v in sizes.items():
        k = names[c]
        owned = system.fleets[k].existing_units
        check(bool((v >= owned).all()), f"designs[{c!r}]", v[v < owned][:3].tolist(),
              f"is below the {owned} units the mine owns", "count the owned units too")
        counts[:, k] = v
    fleets = fleets_with_counts(system, counts, project, dt_h)
    params[:, K.P_N_UNITS] = counts.sum(axis=1)
    for k, f in enumerate(system.fleets):
        q[count_column(f)] = counts[:, k]
    return params, fleets, q, counts


def fleets_with_counts(system: System, counts: np.ndarray, project, dt_h: float) -> np.ndarray:
    """(m, K, N_FLEET) kernel rows, in merit order, of the designs whose unit counts per
    type (as listed) are the rows of ``counts`` (m, K)."""
    counts = np.atleast_2d(np.asarray(counts, dtype=float))
    fleets = np.tile(fleet_rows(system, project, dt_h), (counts.shape[0], 1, 1))
    fleets[:, :, KP.F_N] = counts[:, list(merit_order(system, project))]
    return fleets


def with_counts(system: System, counts) -> System:
    """``system`` with each genset type's unit count replaced (types as listed)."""
    fleets = tuple(f.replace(n_units=int(round(n)))
                   for f, n in zip(system.fleets, counts, strict=True))
    if system.gensets:
        return system.replace(gensets=fleets)
    return system.replace(genset=fleets[0])
