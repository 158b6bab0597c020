"""The search driver: differential evolution or an exhaustive grid, then a polish.

:func:`size` searches a :class:`~minegrid.DesignSpace` (PV kW, wind turbines,
battery kWh and kW, genset units or total genset kW) for the design that
minimises the net present cost, the annualised cost or the LCOE subject to
:class:`~minegrid.Requirements` (unserved energy, renewable fraction, CO2 or
fuel, capital budget, N+1 genset redundancy, contingency reserve for the
largest motor start). Two methods:

* ``"de"``: scipy's differential evolution [1] with ``vectorized=True``: one
  generation (the whole population) is one evaluation, i.e. one call of the
  parallel batch kernel :func:`minegrid.dispatch.run_batch`; unit counts are
  integer variables (``integrality``); the requirements are scipy
  ``NonlinearConstraint``\\ s, so the search ranks designs feasibility first
  (Lampinen's rule, as scipy implements it) rather than by a penalty; a final
  compass search around the best design, on integer steps for unit counts,
  polishes the result.
* ``"grid"``: every combination of a grid over the space, returned as a table
  (what HOMER users know from its search space [2]).

:func:`search` is the driver itself, for any :class:`~minegrid.sizing.evaluator.Evaluator`:
:func:`size` runs it on one simulated year priced over the project, and
:func:`minegrid.lifeofmine.size_life` on the life of mine (another model, the
same driver). The theory, with the linear-programming lower bound of
:func:`minegrid.lp_bound`, is in ``docs/theory/sizing.md``.

References
----------
1. R. Storn, K. Price, "Differential evolution - a simple and efficient heuristic
   for global optimization over continuous spaces", J. Global Optim. 11, 341-359, 1997.
2. HOMER Pro user manual, "Search space", "Optimization results".
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping

import numpy as np

from .. import dispatch as _dispatch
from ..components import Project, System
from ..errors import InputError, check, whole
from ..plausible import check_against_profiles
from ..profiles import as_profiles
from ..progress import SizingProgress
from ..progress import reporter as progress_reporter
from .evaluator import Evaluator, YearModel, better, violation
from .lostvalue import lost_value_model
from .result import SizingResult, constraint_table, infeasible_message
from .space import OBJECTIVES, DesignSpace, Requirements, is_integer_variable

__all__ = ["size", "search", "ProgressReporter"]

#: The progress line of :func:`size` (``progress=True``).
ProgressReporter = SizingProgress


def check_inputs(system, space, requirements, project, objective, method, fuel_supply=None):
    """Validate what every sizing takes; returns (requirements, project) with defaults (the
    project with the delivered diesel price of ``fuel_supply`` when one is given)."""
    check(isinstance(system, System), "system", type(system).__name__,
          "must be a minegrid.System", "pass the template system, e.g. example.system")
    check(isinstance(space, DesignSpace), "space", type(space).__name__,
          "must be a minegrid.DesignSpace", "pass minegrid.DesignSpace(pv_kw=(0, 10000), ...)")
    requirements = Requirements() if requirements is None else requirements
    check(isinstance(requirements, Requirements), "requirements", type(requirements).__name__,
          "must be a minegrid.Requirements", "pass minegrid.Requirements(...) or None")
    project = Project() if project is None else project
    check(isinstance(project, Project), "project", type(project).__name__,
          "must be a minegrid.Project", "pass minegrid.Project(...)")
    check(objective in OBJECTIVES, "objective", objective, f"is not one of {OBJECTIVES}",
          "pick one of those names")
    check(method in ("de", "grid"), "method", method, "is not one of ('de', 'grid')",
          "use 'de' (differential evolution) or 'grid' (exhaustive)")
    check(len(space.free) > 0, "space", space, "has no decision variable (no field is a "
          "(low, high) range)", "give at least one size as a range, e.g. pv_kw=(0, 10000)")
    if "battery_kw" in space.free or space.battery_duration_h is not None:
        check("battery_kwh" in space.free or space.battery_kwh is not None
              or system.battery is not None, "space.battery_kwh", None,
              "is needed with battery_kw or battery_duration_h", "give battery_kwh")
    if fuel_supply is None:
        check(requirements.min_fuel_autonomy_days is None,
              "Requirements.min_fuel_autonomy_days", requirements.min_fuel_autonomy_days,
              "needs the site's fuel supply", "pass size(..., fuel_supply=minegrid.FuelSupply("
              "tank_capacity_l=...)) or drop the requirement")
        return requirements, project
    from ..logistics import FuelSupply, diesel_fleets
    from ..logistics.run import supplied_project

    check(isinstance(fuel_supply, FuelSupply), "fuel_supply", type(fuel_supply).__name__,
          "must be a minegrid.FuelSupply", "pass minegrid.FuelSupply(...)")
    check(bool(diesel_fleets(system)), "fuel_supply", "a FuelSupply",
          "is given but no genset of the system burns diesel",
          "drop fuel_supply, or give the system a diesel genset fleet")
    return requirements, supplied_project(system, project, fuel_supply)


def year_profiles(system, profiles, requirements):
    """The profiles of a sizing, checked: one Profiles, or a list of them (one per weather
    year) for :class:`~minegrid.sizing.years.YearsModel`."""
    if isinstance(profiles, list | tuple):
        profiles = [as_profiles(p) for p in profiles]
        for p in profiles:
            check_against_profiles(system, p, sizing=True)
        return profiles
    check(requirements.year_percentile is None, "Requirements.year_percentile",
          requirements.year_percentile, "needs several weather years",
          "pass a list of Profiles, one per year (minegrid.weather_years), or drop it")
    profiles = as_profiles(profiles)
    check_against_profiles(system, profiles, sizing=True)
    return profiles


def sizing_model(profiles, project, system, requirements, fuel_supply=None):
    """The model of a sizing: :class:`YearModel`, or :class:`YearsModel` over a list of
    weather years. The search computes the N-1 and motor-start checks only when a
    requirement reads them (the kernel leaves them out otherwise)."""
    checks = tuple(name for name, limit in (
        ("n1", requirements.max_n1_hours),
        ("start", requirements.max_motor_start_refused_hours)) if limit is not None)
    if isinstance(profiles, list):
        from .years import YearsModel

        return YearsModel(profiles, project, system, requirements.year_percentile or 100.0,
                          fuel_supply, checks=checks)
    return YearModel(profiles, project, system, fuel_supply, checks=checks)


def size(system: System, profiles, space: DesignSpace, requirements: Requirements | None = None,
         *, project: Project | None = None, objective: str = "npc", method: str = "de",
         seed: int | None = 0, maxiter: int = 100, popsize: int = 15, tol: float = 1e-3,
         polish: bool | None = None, grid: Mapping | int = 11, max_designs: int = 200_000,
         threads: int | None = None, progress=True, callback: Callable | None = None,
         init: str = "latinhypercube", screen: str | None = None,
         refine_designs: int = 30, fuel_supply=None, shedding=None) -> SizingResult:
    """Find the design in ``space`` that minimises ``objective`` and meets ``requirements``.

    Parameters
    ----------
    system : System
        Template: components, costs and dispatch rules; sizes not in ``space``
        keep their values.
    profiles : minegrid.Profiles or list of Profiles
        Load, per-unit PV and wind, genset availability; or one Profiles per weather
        year (:func:`minegrid.weather_years`): the objective is then the mean over the
        years and each requirement holds in every year, or at
        ``Requirements.year_percentile`` of them (:mod:`minegrid.sizing.years`).
    space : DesignSpace
        Decision variables and fixed sizes.
    requirements : Requirements, optional
        Hard constraints; default: no unserved energy.
    project : Project, optional
        Finance; ``Project()`` when omitted.
    objective : {"npc", "annualised", "lcoe", "npc_plus_lost_value"}
        Net present cost [currency], annualised cost [currency/year], LCOE
        [currency/kWh], or the NPC plus the present value of the production lost to
        load shedding [currency] (needs ``shedding``; :mod:`minegrid.sizing.lostvalue`
        says how it is evaluated and what it costs in speed).
    method : {"de", "grid"}
        Differential evolution, or the exhaustive grid (every row in ``history``).
    seed : int, optional
        Seed of the differential evolution (reproducible for a given seed).
    maxiter, popsize, tol, init
        scipy's differential evolution settings (population ``popsize × d``,
        initialisation ``"latinhypercube"``, ``"sobol"``, ...).
    polish : bool, optional
        Local search around the best design, integer steps for unit counts
        (default: on for ``"de"``, off for ``"grid"``).
    grid : int or mapping
        Grid mode: points per continuous variable (unit counts: every whole
        number if there are at most that many, else evenly spread ones), or
        ``{name: values}`` for chosen variables.
    max_designs : int
        Grid mode refuses larger grids (InputError).
    threads : int, optional
        Threads for the batch kernel during the call (restored after).
    progress : bool, callable or object
        True: a line on stderr every second; False: silent; a callable
        ``f(**info)``; or an object with ``update(**info)`` and ``close(**info)``
        (see :class:`minegrid.progress.SizingProgress` for ``info``).
    callback : callable, optional
        Called after each generation as ``callback(nit, x, fun, feasible)``;
        raise ``StopIteration`` to stop (success) or ``KeyboardInterrupt`` to abort.
    screen : {"load_following", "cycle_charging"}, optional
        For a predictive system (``Dispatch(strategy="predictive")``): search
        with this fast rule-based strategy first, then re-evaluate the
        ``refine_designs`` best designs it found (feasible first) with the
        predictive dispatch and polish the best of them with it. The result,
        its history and its design are the predictive ones (``stage``
        ``"screen"`` rows are not in the history: they were priced with the
        rules).
    refine_designs : int
        How many screened designs the predictive dispatch re-evaluates.
    fuel_supply : FuelSupply, optional
        The site's diesel supply: the delivered price prices the fuel, each
        design's tank (given, or sized to ``min_autonomy_days`` of its mean use)
        adds its capital, ``Requirements.min_fuel_autonomy_days`` may bound its
        autonomy, and the result is simulated with the tank (``result.result.logistics``).
    shedding : AreaLoads, optional
        For ``objective="npc_plus_lost_value"``: the process areas' loads on the
        profiles' steps (adding up to the profiles' load), their shedding priorities and
        values of lost production (:class:`minegrid.AreaLoads`); the history then has
        ``lost_value_per_year``, ``lost_value_npc`` and ``npc_plus_lost_value``.

    Returns
    -------
    SizingResult

    Notes
    -----
    Ctrl-C during the run returns the best design found so far, with
    ``success=False`` and ``status=3``. When no design meets the requirements,
    the least-violating one is returned with ``success=False`` and a message
    naming the binding constraint.
    """
    t0 = time.perf_counter()
    requirements, project = check_inputs(system, space, requirements, project, objective,
                                         method, fuel_supply)
    profiles = year_profiles(system, profiles, requirements)
    if screen is not None:
        return _screened(system, profiles, space, requirements, project, objective, method,
                         screen, refine_designs, t0=t0, seed=seed, maxiter=maxiter,
                         popsize=popsize, tol=tol, polish=polish, grid=grid,
                         max_designs=max_designs, threads=threads, progress=progress,
                         callback=callback, init=init, fuel_supply=fuel_supply,
                         shedding=shedding)
    model = lost_value_model(sizing_model(profiles, project, system, requirements, fuel_supply),
                             objective, shedding, system, profiles)
    ev = Evaluator(system, space, requirements, objective, model,
                   progress_reporter(progress, SizingProgress))
    return search(ev, method=method, seed=seed, maxiter=maxiter, popsize=popsize, tol=tol,
                  polish=polish, grid=grid, max_designs=max_designs, threads=threads,
                  callback=callback, init=init, t0=t0)


def _screened(system, profiles, space, requirements, project, objective, method, screen,
              refine_designs, *, t0, polish, threads, progress, fuel_supply=None,
              shedding=None, **options) -> SizingResult:
    """:func:`size` with a rule-based screen and a predictive refinement (``screen=``)."""
    check(system.dispatch.strategy == "predictive", "screen", screen,
          f"is for a predictive system; this one uses {system.dispatch.strategy!r}",
          "set Dispatch(strategy='predictive') on the system, or omit screen")
    check(screen in ("load_following", "cycle_charging"), "screen", screen,
          "is not one of ('load_following', 'cycle_charging')", "screen with a rule")
    refine_designs = whole(refine_designs, "refine_designs", minimum=1, fix="e.g. 30")
    rules = system.replace(dispatch=system.dispatch.replace(strategy=screen))
    reporter = progress_reporter(progress, SizingProgress)
    first = Evaluator(rules, space, requirements, objective, lost_value_model(
        sizing_model(profiles, project, rules, requirements, fuel_supply), objective,
        shedding, rules, profiles), reporter)
    previous = _dispatch.set_threads(threads) if threads is not None else None
    bounds = first.space.bounds()
    integer = np.array([is_integer_variable(n) for n in first.space.free])
    ev = None
    try:
        try:
            first.stage_name = "screen"
            if method == "grid":
                _run_grid(first, options["grid"], options["max_designs"])
            else:
                _run_de(first, bounds, integer, seed=options["seed"],
                        maxiter=whole(options["maxiter"], "maxiter", minimum=1),
                        popsize=whole(options["popsize"], "popsize", minimum=2),
                        tol=options["tol"], callback=options["callback"], init=options["init"])
            # the best screened designs, feasible first, then by objective
            X = np.array([np.frombuffer(key) for key in first._seen])
            f, g, _ = first.evaluate(X)
            order = np.lexsort((f, violation(g)))[:refine_designs]
            ev = Evaluator(system, space, requirements, objective, lost_value_model(
                sizing_model(profiles, project, system, requirements, fuel_supply),
                objective, shedding, system, profiles), reporter)
            ev.stage_name = "refine"
            ev.evaluate(X[order])
            message = (f"screened {first.nfev} designs with {screen}, refined the best "
                       f"{order.size} with predictive dispatch")
            if (method == "de") if polish is None else bool(polish):
                ev.stage_name = "polish"
                message += f"; polished in {_polish(ev, ev.best[0], bounds, integer)} steps"
        except KeyboardInterrupt:
            if ev is None or ev.best is None:
                raise
            return _finish(ev, method=method, status=3, message="", interrupted=True, t0=t0)
        return _finish(ev, method=method, status=0, message=message, interrupted=False, t0=t0)
    finally:
        if previous is not None:
            _dispatch.set_threads(previous)


def search(ev: Evaluator, *, method: str = "de", seed: int | None = 0, maxiter: int = 100,
           popsize: int = 15, tol: float = 1e-3, polish: bool | None = None,
           grid: Mapping | int = 11, max_designs: int = 200_000, threads: int | None = None,
           callback: Callable | None = None, init: str = "latinhypercube",
           t0: float | None = None) -> SizingResult:
    """Run the search on an evaluator and return its :class:`SizingResult`.

    The options are those of :func:`size`; ``t0`` is the start time for
    ``elapsed_s`` (``time.perf_counter()``).
    """
    t0 = time.perf_counter() if t0 is None else t0
    maxiter = whole(maxiter, "maxiter", minimum=1, fix="e.g. 100")
    popsize = whole(popsize, "popsize", minimum=2, fix="e.g. 15")
    polish = (method == "de") if polish is None else bool(polish)
    previous = _dispatch.set_threads(threads) if threads is not None else None
    bounds = ev.space.bounds()
    integer = np.array([is_integer_variable(n) for n in ev.space.free])
    interrupted = False
    status, message = 0, ""
    try:
        try:
            if method == "grid":
                status, message = _run_grid(ev, grid, max_designs)
            else:
                status, message = _run_de(ev, bounds, integer, seed=seed, maxiter=maxiter,
                                          popsize=popsize, tol=tol, callback=callback,
                                          init=init)
            if polish and ev.best is not None:
                ev.stage_name = "polish"
                n_it = _polish(ev, ev.best[0], bounds, integer)
                message += f"; polished in {n_it} steps"
        except KeyboardInterrupt:
            interrupted = True
        if ev.best is None:
            if interrupted:  # nothing to keep: the interruption goes on to the caller
                raise KeyboardInterrupt
            raise InputError("the search was stopped before any design was evaluated. "
                             "Fix: let it run at least one generation.")
        return _finish(ev, method=method, status=status, message=message,
                       interrupted=interrupted, t0=t0)
    finally:
        if previous is not None:
            _dispatch.set_threads(previous)


def _finish(ev: Evaluator, *, method, status, message, interrupted, t0) -> SizingResult:
    x = ev.best[0]
    params, q = ev.matrix(x[None, :])
    m, _ = ev.metrics(params, q)
    g = ev.violations(m)
    constraints = constraint_table(ev.limits, m, g)
    feasible = all(c["met"] for c in constraints.values())
    design = ev.design(params, q)
    result = ev.model.result(design)
    note, searched = "", feasible
    if getattr(result, "logistics", None) is not None:
        from ..logistics.run import recheck_with_tank

        constraints, feasible, note = recheck_with_tank(constraints, result)
    if interrupted:
        status = 3
        message = (f"interrupted by the user after {ev.nfev} designs; the best design found "
                   "so far is returned" + ("" if feasible else
                                           " (it does not meet every requirement)"))
    elif not feasible:
        status = 2
        message = ("the best design meets every requirement on the search's yearly sums, but "
                   "not with its diesel tank followed through the year" if searched else
                   infeasible_message(ev.limits, constraints, ev.all_violations()))
    message += note
    success = feasible and not interrupted
    fun = float(m[ev.objective][0])
    history = ev.history()
    ev.reporter.close(stage=method, nit=ev.nit, nfev=ev.nfev, objective=ev.objective,
                      best=fun, feasible=feasible, t0=ev.t0)
    years = ev.model.year_table(design) if hasattr(ev.model, "year_table") else None
    return SizingResult(success=success, status=status, message=message, nfev=ev.nfev,
                        nit=ev.nit, x=np.asarray(x, dtype=float), fun=fun,
                        variables=ev.names, objective=ev.objective, method=method,
                        design=design, result=result, history=history,
                        constraints=constraints, elapsed_s=time.perf_counter() - t0,
                        bounds=tuple(ev.space.bounds()), years=years)


def _run_de(ev, bounds, integer, *, seed, maxiter, popsize, tol, callback, init):
    from scipy.optimize import NonlinearConstraint, differential_evolution

    lo = np.array([b[0] for b in bounds])
    hi = np.array([b[1] for b in bounds])
    fixed = hi <= lo
    # scipy needs lo < hi: a degenerate range is widened by a hair (integers by rounding)
    hi_de = np.where(fixed, lo + np.where(integer, 0.0, 1e-9), hi)
    de_bounds = list(zip(lo, np.where(fixed & integer, lo + 0.0, hi_de), strict=True))
    de_bounds = [(a, b if b > a else a + 1e-9) for a, b in de_bounds]
    constraint = NonlinearConstraint(ev.de_constraints, -np.inf, 0.0)

    def de_callback(intermediate_result):
        ev.nit += 1
        if callback is not None:
            best = ev.best
            callback(ev.nit, best[0].copy(), best[1], best[2] == 0)

    res = differential_evolution(
        ev.de_objective, de_bounds, strategy="best1bin", maxiter=maxiter, popsize=popsize,
        tol=tol, rng=seed, polish=False, init=init, updating="deferred",
        vectorized=True, integrality=integer, constraints=(constraint,), callback=de_callback)
    status = 0 if res.success else 1
    if not res.success and "Maximum number" in res.message:
        msg = f"iteration limit ({ev.nit} generations) reached"
    elif not res.success:
        msg = str(res.message)
    else:
        msg = f"differential evolution converged in {ev.nit} generations"
    if not res.success and "callback" in str(res.message).lower():
        status, msg = 0, f"stopped by the callback after {ev.nit} generations"
    return status, msg


def _grid_axes(ev, grid, max_designs):
    axes = []
    spec = grid if isinstance(grid, Mapping) else {}
    n_points = grid if isinstance(grid, int) and not isinstance(grid, bool) else 11
    for name in spec:
        check(name in ev.names, "grid", name, f"is not a free variable of the space {ev.names}",
              "give values only for variables given as ranges")
    check(n_points >= 1, "grid", grid, "must be >= 1 points", "e.g. grid=11")
    for name in ev.names:
        lo, hi = ev.space.bound(name)
        if name in spec:
            vals = np.unique(np.asarray(spec[name], dtype=float).ravel())
            check(vals.size > 0 and bool(((vals >= lo) & (vals <= hi)).all()),
                  f"grid[{name!r}]", vals.tolist(), f"must be non-empty and within ({lo}, {hi})",
                  "give values inside the space's bounds")
            if is_integer_variable(name):
                check(bool((vals == np.round(vals)).all()), f"grid[{name!r}]", vals.tolist(),
                      "must be whole numbers", "round unit counts")
        elif is_integer_variable(name):
            count = int(hi - lo) + 1
            vals = (np.arange(lo, hi + 1.0) if count <= max(n_points, 2)
                    else np.unique(np.round(np.linspace(lo, hi, n_points))))
        else:
            vals = np.unique(np.linspace(lo, hi, n_points))
        axes.append(vals)
    total = math.prod(a.size for a in axes)
    check(total <= max_designs, "grid", f"{total:,} designs", f"exceeds max_designs = "
          f"{max_designs:,}", "use fewer points, fix some sizes, or method='de'")
    return axes, total


def _run_grid(ev, grid, max_designs, chunk: int = 4096):
    axes, total = _grid_axes(ev, grid, max_designs)
    mesh = np.stack([a.ravel() for a in np.meshgrid(*axes, indexing="ij")], axis=1)
    ev.stage_name = "grid"
    for start in range(0, total, chunk):
        ev.nit += 1
        ev.evaluate(mesh[start:start + chunk])
    return 0, f"exhaustive grid of {total:,} designs evaluated"


def _polish(ev: Evaluator, x0: np.ndarray, bounds, integer, *, max_iter: int = 60,
            rel_tol: float = 1e-4) -> int:
    """Compass search from ``x0``: continuous steps halving, unit steps on integers.

    Every candidate goes through ``ev.evaluate``, which keeps the best design
    (feasibility first); returns the number of steps.
    """
    lo = np.array([b[0] for b in bounds])
    hi = np.array([b[1] for b in bounds])
    span = np.where(hi > lo, hi - lo, 1.0)
    step = np.where(integer, 1.0, 0.05 * span)
    min_step = np.where(integer, 1.0, rel_tol * span)
    x = x0.copy()
    f, g, _ = ev.evaluate(x[None, :])
    fx, vx = float(f[0]), float(violation(g)[0])
    d = x.size
    n_it = 0
    for _ in range(max_iter):
        n_it += 1
        ev.nit += 1
        cands = []
        for i in range(d):
            mults = (1.0, 2.0) if integer[i] else (1.0, 0.25)
            for s in mults:
                for sign in (-1.0, 1.0):
                    y = x.copy()
                    y[i] = y[i] + sign * s * step[i]
                    cands.append(y)
        # pairs of integer moves with compensating continuous moves (e.g. one genset less,
        # more battery) - coupled variables are where coordinate search stalls
        Y = np.clip(np.array(cands), lo, hi)
        Y[:, integer] = np.round(Y[:, integer])
        Y = np.unique(Y, axis=0)
        Y = Y[~np.all(Y == x, axis=1)]
        if Y.shape[0] == 0:
            break
        fy, gy, _ = ev.evaluate(Y)
        vy = violation(gy)
        best_i = None
        for i in range(Y.shape[0]):
            if better(fy[i], vy[i], fx if best_i is None else fy[best_i],
                       vx if best_i is None else vy[best_i]):
                best_i = i
        if best_i is not None:
            x, fx, vx = Y[best_i], float(fy[best_i]), float(vy[best_i])
            continue
        if np.all(step <= min_step):
            break
        step = np.where(integer, 1.0, np.maximum(step * 0.5, min_step))
    return n_it
