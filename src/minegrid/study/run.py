"""Running a study: points -> distinct dispatches packed into chunks -> executor -> table.

Points whose kernel rows and profiles agree share one dispatch; their
economics are computed again from the stored statistics. Chunks run on an
executor (:mod:`minegrid.executors`) and are kept in the :class:`Store` so a
study resumes where it stopped.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass

import numpy as np

from .. import dispatch as _dispatch
from ..components import System
from ..errors import check
from ..executors import get_executor, kernel_lock
from ..progress import StudyProgress
from ..progress import reporter as progress_reporter
from .points import (
    SIZE_ALIASES,
    BaseCase,
    as_base,
    base_value,
    fingerprint,
    plain,
    point_profiles,
    points_table,
    resolve_point,
)
from .store import STORE_VERSION, Store, digest

__all__ = ["sweep", "run_points", "OUTPUTS", "SIZE_COLUMNS"]

#: Outputs of every point.
OUTPUTS = ("npc", "lcoe", "annualised", "capital", "fuel_l", "co2_t", "renewable_fraction",
           "unserved_fraction", "unserved_kwh", "served_kwh")
#: Design sizes reported for every point.
SIZE_COLUMNS = ("pv_kw", "n_turbines", "battery_kwh", "battery_kw", "n_units", "unit_kw")


def _run_chunk(shared, task):
    """Kernel statistics of one chunk: ``[(profile key, params (m, N)), ...]`` -> (sum m, N)."""
    _, groups = task
    with kernel_lock:
        return np.vstack([_dispatch.run_batch(params, shared[pkey]) for pkey, params in groups])


def _size_row(res) -> dict:
    d, r = res.design, res.result
    row = {"pv_kw": d.pv_or_zero.rated_kw, "n_turbines": float(d.wind_or_zero.n_turbines),
           "battery_kwh": d.battery_or_zero.energy_kwh,
           "battery_kw": float(d.battery_or_zero.discharge_power_kw),
           "n_units": float(d.genset_or_zero.n_units), "unit_kw": d.genset_or_zero.unit_rated_kw}
    s, c = r.stats, r.costs
    row.update(npc=c.npc, lcoe=c.lcoe, annualised=c.annualised, capital=c.capital,
               fuel_l=s.fuel_l, co2_t=s.co2_t, renewable_fraction=s.renewable_fraction,
               unserved_fraction=s.unserved_fraction, unserved_kwh=s.unserved_kwh,
               served_kwh=s.served_kwh)
    row = {k: float(v) for k, v in row.items()}
    row.update(success=bool(res.success), message=str(res.message))
    return row


def _run_size(shared, task):
    """Re-size one point with :func:`minegrid.size`; returns a row of floats."""
    from ..sizing import size

    _, pkey, system, project, space, requirements, options = task
    with kernel_lock:
        res = size(system, shared[pkey], space, requirements, project=project,
                   **dict(options, progress=False))
    return _size_row(res)


# ---------------------------------------------------------------------------------------------
# the sweep
# ---------------------------------------------------------------------------------------------
def _execute(executor, fn, tasks, keys, shared, store, ext, progress, label, valid=None):
    """Run the tasks not in the store; returns results by key and chunk counts.

    A task is run only after its chunk's lock is claimed (:meth:`Store.claim`);
    chunks another process has claimed are read from the store once it has
    saved them, or computed here if that process died first.
    """
    results = {}
    todo = []
    for key, task in zip(keys, tasks, strict=True):
        stored = store.load(key, ext, valid(key) if valid else None)
        if stored is None:
            todo.append((key, task))
        else:
            results[key] = stored
    reporter = progress_reporter(progress, StudyProgress, label)
    t0 = time.perf_counter()
    info = {"total": len(tasks), "reused": len(results), "computed": 0}
    info.update(done=info["reused"], elapsed_s=0.0)
    ex = get_executor(executor)
    own = ex is not executor
    try:
        while todo:
            waiting: list = []
            pulled: list[str] = []

            def claimed(batch=todo, waiting=waiting, pulled=pulled):
                for key, task in batch:  # pulled lazily: a chunk is claimed when it starts
                    if not store.claim(key):
                        waiting.append((key, task))
                        continue
                    stored = store.load(key, ext, valid(key) if valid else None)
                    if stored is not None:  # another process stored it meanwhile
                        store.release(key)
                        _reused(results, info, key, stored, reporter, t0)
                        continue
                    pulled.append(key)
                    yield task

            gen = ex.map(fn, claimed(), shared)
            try:
                for i, result in gen:
                    key = pulled[i]
                    store.save(key, ext, result)
                    store.release(key)
                    results[key] = (store.load(key, ext) if store.path is not None
                                    else result)
                    info["computed"] += 1
                    info["done"] += 1
                    info["elapsed_s"] = time.perf_counter() - t0
                    reporter.update(**info)
            finally:
                gen.close()
            todo = _wait_for_others(waiting, store, ext, valid, results, info, reporter, t0)
    finally:
        store.release_all()
        if own:
            ex.close()
    reporter.close(**info)
    return results, info


def _reused(results, info, key, value, reporter, t0) -> None:
    results[key] = value
    info["reused"] += 1
    info["done"] += 1
    info["elapsed_s"] = time.perf_counter() - t0
    reporter.update(**info)


def _wait_for_others(waiting, store, ext, valid, results, info, reporter, t0,
                     poll_s: float = 0.2) -> list:
    """Read the chunks other processes are computing as they appear; return those left to us.

    Returns as soon as one of them has no live owner any more (its process
    died or stopped before saving it): the caller computes those.
    """
    while waiting:
        still, orphaned = [], []
        for key, task in waiting:
            stored = store.load(key, ext, valid(key) if valid else None)
            if stored is not None:
                _reused(results, info, key, stored, reporter, t0)
            elif store.held_elsewhere(key):
                still.append((key, task))
            else:
                orphaned.append((key, task))
        if orphaned:
            return orphaned + still
        waiting = still
        if waiting:
            time.sleep(poll_s)
    return []


@dataclass(frozen=True)
class _GroupPrices:
    """A project whose fuel and carbon prices are arrays (one per point of a pricing group).

    :func:`minegrid.economics.price_designs` uses the two prices only as factors of
    the yearly fuel and CO2, so one call prices points that differ in them.
    """

    lifetime_years: int
    discount_rate: float
    fuel_price_per_l: np.ndarray
    carbon_price_per_t: np.ndarray
    currency: str


def _price(resolved, totals_by_point, profiles_by_key):
    """Economics of every point from its kernel statistics (no dispatch).

    Points are priced together when they share profiles, project life,
    discount rate and CO2 factor: one :func:`~minegrid.simulation.batch_frame`
    call per group.
    """
    import pandas as pd

    from ..dispatch import design_matrix
    from ..simulation import batch_frame

    groups: dict[tuple, list[int]] = {}
    for i, (system, project, pkey) in enumerate(resolved):
        gkey = (pkey, project.lifetime_years, project.discount_rate, project.currency,
                system.genset_or_zero.co2_kg_per_l)
        groups.setdefault(gkey, []).append(i)
    frames = []
    for (pkey, life, rate, currency, _co2), idx in groups.items():
        uniq: dict[System, int] = {}
        inv = np.array([uniq.setdefault(resolved[i][0], len(uniq)) for i in idx])
        ps, qs = [], []
        for system in uniq:  # kernel parameters and unit costs of each distinct system
            p, q = design_matrix(system, {}, resolved[idx[0]][1])
            ps.append(p[0])
            qs.append(q)
        params = np.vstack(ps)[inv]
        q = {k: np.array([np.asarray(qi[k], float).ravel()[0] for qi in qs])[inv]
             for k in qs[0]}
        prices = _GroupPrices(
            lifetime_years=life, discount_rate=rate, currency=currency,
            fuel_price_per_l=np.array([resolved[i][1].fuel_price_per_l for i in idx]),
            carbon_price_per_t=np.array([resolved[i][1].carbon_price_per_t for i in idx]))
        totals = np.vstack([totals_by_point[i] for i in idx])
        frame = batch_frame(params, q, totals, profiles_by_key[pkey], resolved[idx[0]][0],
                            prices)
        frame.index = pd.Index(idx)
        frames.append(frame)
    return pd.concat(frames).sort_index()


def _sizes_only(table) -> bool:
    """True when every parameter of the table is a design size (a vectorised sweep)."""
    names = [c for c in table.columns if c != "varied"]
    return bool(names) and all(c in SIZE_ALIASES for c in names)


def _size_rows(base: BaseCase, table):
    """Kernel parameters and unit costs of a sizes-only table (empty cells: base sizes)."""
    from ..dispatch import design_matrix

    designs = {}
    for name in table.columns:
        if name == "varied":
            continue
        values = np.array([plain(v) for v in table[name]], dtype=float)
        values = np.where(np.isnan(values), float(base_value(base, name)), values)
        designs[name] = values
    return design_matrix(base.system, designs, base.project)


def run_points(base: BaseCase, table, *, mode, executor, store, progress, chunk_size,
                all_outputs, label):
    import pandas as pd

    check(mode in ("simulate", "size"), "mode", mode, "must be 'simulate' or 'size'",
          "use mode='size' to re-size each point")
    check(isinstance(chunk_size, int) and chunk_size >= 1, "chunk_size", chunk_size,
          "must be an int >= 1", "e.g. 512 designs per task")
    fast = mode == "simulate" and _sizes_only(table)
    if fast:
        # sizes only: every point's kernel parameters and unit costs from one
        # design_matrix call, the same numbers the per-point path would build
        system0, project0, key0 = resolve_point(base, {})
        fast_params, fast_q = _size_rows(base, table)
        resolved = None
        systems = projects = None
        pkeys = [key0] * len(table)
    else:
        resolved = [resolve_point(base, row) for row in table.to_dict("records")]
        systems = [r[0] for r in resolved]
        projects = [r[1] for r in resolved]
        pkeys = [r[2] for r in resolved]
    profiles_by_key = {}
    for k in pkeys:
        if k not in profiles_by_key:
            profiles_by_key[k] = point_profiles(base, k)
    fps = {k: fingerprint(p) for k, p in profiles_by_key.items()}
    store_ = Store(store)
    if mode == "size":
        out_cols, info = _run_size_mode(base, systems, projects, pkeys, profiles_by_key, fps,
                                        executor, store_, progress, label)
    else:
        jobs: dict[tuple, int] = {}
        job_of_point = []
        job_params = []
        job_pkey = []
        params_of: dict[tuple, np.ndarray] = {}
        for i, pkey in enumerate(pkeys):
            if fast:
                params = fast_params[i]
            else:
                params = params_of.get((systems[i], projects[i]))
                if params is None:
                    # the project too: economic dispatch weighs its prices
                    params = params_of[systems[i], projects[i]] = _dispatch.design_params(
                        systems[i], projects[i])
            jk = (pkey, params.tobytes())
            if jk not in jobs:
                jobs[jk] = len(jobs)
                job_params.append(params)
                job_pkey.append(pkey)
            job_of_point.append(jobs[jk])
        # pack the distinct dispatches, grouped by profile set, into chunks
        rank = {k: r for r, k in enumerate(profiles_by_key)}
        order = sorted(range(len(job_params)), key=lambda j: (rank[job_pkey[j]], j))
        tasks, keys, chunk_jobs = [], [], []
        for start in range(0, len(order), chunk_size):
            js = order[start:start + chunk_size]
            groups = []
            for pkey, grp in itertools.groupby(js, key=lambda j: job_pkey[j]):
                grp = list(grp)
                groups.append((pkey, np.vstack([job_params[j] for j in grp])))
            key = digest(STORE_VERSION, "kernel",
                          *[(fps[pk], p.tobytes()) for pk, p in groups])
            tasks.append((key, groups))
            keys.append(key)
            chunk_jobs.append(js)
        shared = {k: profiles_by_key[k] for k in profiles_by_key}
        rows_of = {key: len(js) for key, js in zip(keys, chunk_jobs, strict=True)}
        n_stats = len(_dispatch.STAT_NAMES)

        def valid(key):
            def reason(value):
                if value.shape != (rows_of[key], n_stats):
                    return (f"has shape {value.shape}, not the chunk's "
                            f"({rows_of[key]}, {n_stats})")
                return None
            return reason

        results, info = _execute(executor, _run_chunk, tasks, keys, shared, store_, "npy",
                                 progress, label, valid)
        job_totals = [None] * len(job_params)
        for key, js in zip(keys, chunk_jobs, strict=True):
            tot = np.asarray(results[key], dtype=float)
            for row, j in enumerate(js):
                job_totals[j] = tot[row]
        totals_by_point = [job_totals[j] for j in job_of_point]
        if fast:
            from ..simulation import batch_frame

            frame = batch_frame(fast_params, fast_q, np.vstack(totals_by_point),
                                profiles_by_key[key0], system0, project0)
        else:
            frame = _price(resolved, totals_by_point, profiles_by_key)
        info = dict(info, designs=len(job_params), points=len(table))
        cols = list(frame.columns) if all_outputs else [*SIZE_COLUMNS, *OUTPUTS]
        out_cols = frame[cols].reset_index(drop=True)
    table = table.reset_index(drop=True)
    rename = {c: f"{c}_out" for c in out_cols.columns if c in table.columns}
    result = pd.concat([table, out_cols.rename(columns=rename)], axis=1)
    result.index.name = "point"
    result.attrs["chunks"] = {k: info[k] for k in ("total", "computed", "reused")}
    result.attrs["designs"] = info.get("designs", len(table))
    result.attrs["points"] = len(table)
    result.attrs["mode"] = mode
    return result


def _run_size_mode(base, systems, projects, pkeys, profiles_by_key, fps, executor, store,
                   progress, label):
    import pandas as pd

    check(base.space is not None, "BaseCase.space", None, "is needed with mode='size'",
          "pass space=minegrid.DesignSpace(...) to the base case")
    options = dict(base.size_options)
    check("progress" not in options, "size_options", options, "must not set progress",
          "use the study's progress argument")
    jobs: dict[tuple, int] = {}
    job_of_point, tasks, keys = [], [], []
    for system, project, pkey in zip(systems, projects, pkeys, strict=True):
        jk = (pkey, system, project)
        if jk not in jobs:
            jobs[jk] = len(jobs)
            key = digest(STORE_VERSION, "size", fps[pkey], system, project, base.space,
                          base.requirements, sorted(options.items()))
            tasks.append((key, pkey, system, project, base.space, base.requirements, options))
            keys.append(key)
        job_of_point.append(jobs[jk])
    shared = {k: profiles_by_key[k] for k in set(pkeys)}
    columns = {*SIZE_COLUMNS, *OUTPUTS, "success", "message"}

    def valid(key):
        def reason(value):
            if not isinstance(value, dict) or set(value) != columns:
                return "does not hold one sizing row"
            return None
        return reason

    results, info = _execute(executor, _run_size, tasks, keys, shared, store, "json",
                             progress, label, valid)
    rows = [results[keys[j]] for j in job_of_point]
    return pd.DataFrame(rows), dict(info, designs=len(tasks))


def sweep(base, parameters, *, kind: str = "one_at_a_time", mode: str = "simulate",
          executor=None, store=None, progress=True, chunk_size: int = 512,
          all_outputs: bool = False):
    """Run a sensitivity sweep: every point simulated (or re-sized) and priced.

    Parameters
    ----------
    base : BaseCase or example
        The base case (a bundled :class:`minegrid.datasets.Example` is accepted).
    parameters : mapping or pandas.DataFrame
        ``{name: values}`` (names in the module docstring), or a table of
        points with one column per parameter (``kind`` is then ignored; empty
        cells keep the base value).
    kind : {"one_at_a_time", "full_factorial"}
        One at a time: the base point, then each value of each parameter with
        the others at their base values (column ``varied`` names the
        parameter). Full factorial: every combination.
    mode : {"simulate", "size"}
        Simulate each point's design, or re-size it with :func:`minegrid.size`
        (``BaseCase.space``, ``requirements``, ``size_options``).
    executor : None, str, Executor or distributed.Client
        Where to run (:func:`minegrid.executors.get_executor`): in-process by
        default, ``"processes"``, ``"dask"`` (the current client, else a local
        cluster started for this study and shut down at its end, also on
        Ctrl-C) or a client.
    store : path, optional
        Directory for completed chunks; a rerun resumes from it.
    progress : bool, callable or object
        True: a line on stderr per second; False: silent; a callable is called
        with ``done, total, computed, reused, elapsed_s`` keywords after each
        chunk (raise ``KeyboardInterrupt`` there to stop the study).
    chunk_size : int
        Distinct designs per task (simulate mode); results do not depend on it,
        but stored chunks do.
    all_outputs : bool
        Every statistic and cost column of :func:`minegrid.simulate_batch`
        instead of the main ones (simulate mode).

    Returns
    -------
    pandas.DataFrame
        One row per point (index ``point``): the parameters, the design sizes
        (``pv_kw`` [kW DC], ``n_turbines``, ``battery_kwh``, ``battery_kw``,
        ``n_units``, ``unit_kw`` [kW]; re-sized ones in size mode, with
        ``success`` and ``message``), ``npc`` [currency], ``lcoe``
        [currency/kWh], ``annualised`` [currency/yr], ``capital`` [currency],
        ``fuel_l`` [L/yr], ``co2_t`` [t/yr], ``renewable_fraction``,
        ``unserved_fraction`` [-], ``unserved_kwh`` and ``served_kwh``
        [kWh/yr]. An output whose name is also a parameter gets the suffix
        ``_out``. ``attrs["chunks"]`` counts the chunks (``total``,
        ``computed``, ``reused`` from the store); ``attrs["designs"]`` the
        distinct dispatches (or sizings) run.
    """
    base = as_base(base)
    table = points_table(base, parameters, kind)
    return run_points(base, table, mode=mode, executor=executor, store=store,
                       progress=progress, chunk_size=chunk_size, all_outputs=all_outputs,
                       label="minegrid.sweep")


