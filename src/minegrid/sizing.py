"""Sizing: the cheapest system that meets the mine's requirements.

:func:`size` searches a :class:`DesignSpace` (PV kW, wind turbines, battery
kWh and kW, genset units or total genset kW) for the design that minimises the
net present cost, the annualised cost or the LCOE subject to
:class:`Requirements` (unserved energy, renewable fraction, CO2 or fuel,
capital budget, N+1 genset redundancy, contingency reserve for the largest
motor start). Two methods:

* ``"de"``: scipy's differential evolution [1] with ``vectorized=True``: one
  generation (the whole population) is one call of the parallel batch kernel
  :func:`minegrid.dispatch.run_batch`; unit counts are integer variables
  (``integrality``); the requirements are scipy ``NonlinearConstraint``\\ s, so
  the search ranks designs feasibility first (Lampinen's rule, as scipy
  implements it) rather than by a penalty; a final compass search around the
  best design, on integer steps for unit counts, polishes the result.
* ``"grid"``: every combination of a grid over the space, returned as a table
  (what HOMER users know from its search space [2]).

:func:`pareto` traces the cost-renewable-fraction and cost-CO2 fronts by
sweeping a constraint and re-optimising, reusing the compiled kernel.

The theory, with the linear-programming lower bound of :func:`minegrid.lp_bound`,
is in ``docs/theory/sizing.md``.

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
from dataclasses import dataclass, field, replace

import numpy as np

from . import _kernels as K
from . import dispatch as _dispatch
from .components import Battery, GensetFleet, Project, PVPlant, System, WindPlant
from .economics import Costs, price_designs
from .errors import InputError, check
from .progress import SizingProgress
from .progress import reporter as progress_reporter

#: The progress line of :func:`size` (``progress=True``).
ProgressReporter = SizingProgress

__all__ = ["DesignSpace", "Requirements", "SizingResult", "size", "pareto", "plot_pareto",
           "ProgressReporter", "VARIABLES", "OBJECTIVES"]

#: Decision variables a :class:`DesignSpace` may leave free, in vector order.
VARIABLES = ("pv_kw", "n_turbines", "battery_kwh", "battery_kw", "n_units", "genset_kw")
_INTEGER = frozenset({"n_turbines", "n_units"})
_UNITS = {"pv_kw": "kW DC", "n_turbines": "-", "battery_kwh": "kWh", "battery_kw": "kW",
          "n_units": "-", "genset_kw": "kW"}
#: Objectives :func:`size` can minimise.
OBJECTIVES = ("npc", "annualised", "lcoe")
HOURS_PER_YEAR = 8760.0
_FEAS_TOL = 1e-9  # constraint slack tolerated as rounding


# ---------------------------------------------------------------------------------------------
# design space
# ---------------------------------------------------------------------------------------------
def _range_or_value(obj, name: str, *, integer: bool):
    """Validate one field: None, a number (fixed) or a (low, high) pair (free)."""
    value = getattr(obj, name)
    field_name = f"{type(obj).__name__}.{name}"
    if value is None:
        return None
    if isinstance(value, tuple | list | np.ndarray):
        check(len(value) == 2, field_name, value, "must be a (low, high) pair or one number",
              f"e.g. {name}=(0, 10)" if integer else f"e.g. {name}=(0.0, 5000.0)")
        lo, hi = (float(v) for v in value)
        check(math.isfinite(lo) and math.isfinite(hi), field_name, value,
              "must have finite bounds", "give both bounds as numbers")
        check(lo >= 0, field_name, value, "must have bounds >= 0", "sizes are never negative")
        check(lo <= hi, field_name, value, "has its bounds inverted (low > high)",
              f"write ({min(lo, hi):g}, {max(lo, hi):g})")
        if integer:
            check(math.ceil(lo) <= math.floor(hi), field_name, value,
                  "contains no whole number (empty range for a unit count)",
                  "widen the range to include an integer")
            lo, hi = float(math.ceil(lo)), float(math.floor(hi))
        return (lo, hi)
    check(isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool),
          field_name, value, "must be a number or a (low, high) pair", "e.g. 2000.0 or (0, 5000)")
    v = float(value)
    check(math.isfinite(v) and v >= 0, field_name, value, "must be finite and >= 0",
          "sizes are never negative")
    if integer:
        check(v == round(v), field_name, value, "must be a whole number", "round the count")
    return v


@dataclass(frozen=True, slots=True, kw_only=True)
class DesignSpace:
    """The sizes :func:`size` may choose, each fixed, free within bounds, or left as is.

    Every size field takes ``None`` (keep the template system's value), a
    number (fixed at that value) or a ``(low, high)`` pair (a decision variable
    within those bounds, inclusive). Unit counts are whole numbers.

    Parameters
    ----------
    pv_kw : float or (float, float), optional
        PV capacity. [kW DC]
    n_turbines : int or (int, int), optional
        Number of wind turbines of the template's turbine. [-]
    battery_kwh : float or (float, float), optional
        Battery rated energy. [kWh]
    battery_kw : float or (float, float), optional
        Battery charge and discharge limit. When neither this nor
        ``battery_duration_h`` is given, the template battery's power-to-energy
        ratio is kept (1 h without a template battery). [kW]
    battery_duration_h : float, optional
        Fixed energy-to-power ratio: ``battery_kw = battery_kwh / battery_duration_h``. [h]
    n_units : int or (int, int), optional
        Number of NEW genset units of ``unit_kw`` each, in addition to
        ``existing_units``. [-]
    unit_kw : float, optional
        Rating of one genset unit; default the template's (1000 kW without one). [kW]
    genset_kw : float or (float, float), optional
        Total rated power of the new gensets instead of a unit count: the
        fleet is ``genset_units`` equal units of ``genset_kw / genset_units``
        each (HOMER's generator "size"). Excludes ``n_units``, ``unit_kw`` and
        ``existing_units``. [kW]
    genset_units : int
        Number of units the ``genset_kw`` is split into. [-]
    existing_units : int
        Gensets of ``unit_kw`` already on site: always installed, they cost no
        capital (replacements, O&M and fuel are still paid). [-]
    """

    pv_kw: float | tuple[float, float] | None = None
    n_turbines: int | tuple[int, int] | None = None
    battery_kwh: float | tuple[float, float] | None = None
    battery_kw: float | tuple[float, float] | None = None
    battery_duration_h: float | None = None
    n_units: int | tuple[int, int] | None = None
    unit_kw: float | None = None
    genset_kw: float | tuple[float, float] | None = None
    genset_units: int = 1
    existing_units: int = 0

    def __post_init__(self):
        for name in VARIABLES:
            v = _range_or_value(self, name, integer=name in _INTEGER)
            object.__setattr__(self, name, v)
        if self.battery_duration_h is not None:
            d = self.battery_duration_h
            check(isinstance(d, int | float) and math.isfinite(d) and d > 0,
                  "DesignSpace.battery_duration_h", d, "must be a number > 0", "e.g. 2.0 hours")
            check(self.battery_kw is None, "DesignSpace.battery_kw", self.battery_kw,
                  "cannot be given with battery_duration_h", "give one of the two")
        if self.unit_kw is not None:
            u = self.unit_kw
            check(isinstance(u, int | float) and math.isfinite(u) and u > 0,
                  "DesignSpace.unit_kw", u, "must be a number > 0", "one unit's rating in kW")
        for name, minimum in (("genset_units", 1), ("existing_units", 0)):
            v = getattr(self, name)
            check(isinstance(v, int) and not isinstance(v, bool) and v >= minimum,
                  f"DesignSpace.{name}", v, f"must be a whole number >= {minimum}",
                  "pass an int")
        if self.genset_kw is not None:
            for other, default in (("n_units", None), ("unit_kw", None), ("existing_units", 0)):
                check(getattr(self, other) == default, f"DesignSpace.{other}",
                      getattr(self, other), "cannot be combined with genset_kw",
                      "size the fleet either by total kW (genset_kw) or by unit count")

    @property
    def free(self) -> tuple[str, ...]:
        """Names of the decision variables (fields given as a range), in vector order."""
        return tuple(n for n in VARIABLES if isinstance(getattr(self, n), tuple))

    def bounds(self) -> list[tuple[float, float]]:
        """Bounds of the free variables, in the order of :attr:`free`."""
        return [getattr(self, n) for n in self.free]


# ---------------------------------------------------------------------------------------------
# requirements
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True, kw_only=True)
class Requirements:
    """What the design must achieve; each limit is a hard constraint (None: no limit).

    Parameters
    ----------
    max_unserved_fraction : float
        Unserved energy as a fraction of load, in [0, 1]. [-]
    min_renewable_fraction : float, optional
        Renewable fraction ``1 − genset energy / served energy``, in [0, 1]. [-]
    max_co2_t_per_year : float, optional
        CO2 emitted. [t/year]
    max_fuel_l_per_year : float, optional
        Fuel burnt. [L/year]
    max_capital : float, optional
        Initial capital cost (existing assets excluded). [currency]
    n_plus_1 : bool
        N+1 genset redundancy: the fleet without one unit still covers the
        peak load at the worst derating of the period,
        ``(n − 1)·P_u·min(a) ≥ max(L)``.
    largest_motor_kw : float, optional
        Largest motor start (e.g. ``minegrid.load_stats(load).largest_motor_step_kw``).
        When given, the firm capacity must cover the peak load plus that
        step: ``n·P_u·min(a) + P_dis,max ≥ max(L) + largest_motor_kw``. [kW]
        This is a design check on installed capacity; for an hourly spinning
        reserve, also set ``Dispatch(reserve_fixed_kw=...)`` on the system and
        ``max_capacity_shortage_fraction=0``.
    max_capacity_shortage_fraction : float, optional
        HOMER's "maximum annual capacity shortage": operating-reserve shortfall
        (load + reserve not covered by online gensets and battery) as a
        fraction of load, in [0, 1]. [-]
    """

    max_unserved_fraction: float = 0.0
    min_renewable_fraction: float | None = None
    max_co2_t_per_year: float | None = None
    max_fuel_l_per_year: float | None = None
    max_capital: float | None = None
    n_plus_1: bool = False
    largest_motor_kw: float | None = None
    max_capacity_shortage_fraction: float | None = None

    def __post_init__(self):
        def num(name, hi=None, fix=""):
            v = getattr(self, name)
            if v is None:
                return
            check(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
                  and v >= 0, f"Requirements.{name}", v, "must be a finite number >= 0", fix)
            if hi is not None:
                check(v <= hi, f"Requirements.{name}", v, f"must be <= {hi}", fix)

        check(self.max_unserved_fraction is not None, "Requirements.max_unserved_fraction",
              None, "must be a number", "0.0 for no unserved energy")
        num("max_unserved_fraction", 1.0, "a fraction in [0, 1], e.g. 0.001 (not a percentage)")
        num("min_renewable_fraction", 1.0, "a fraction in [0, 1], e.g. 0.5 (not a percentage)")
        num("max_co2_t_per_year", fix="tonnes of CO2 per year")
        num("max_fuel_l_per_year", fix="litres per year")
        num("max_capital", fix="capital budget in the project's currency")
        num("largest_motor_kw", fix="rating of the largest drive in kW")
        num("max_capacity_shortage_fraction", 1.0,
            "a fraction in [0, 1], e.g. 0.0 (not a percentage)")
        check(isinstance(self.n_plus_1, bool), "Requirements.n_plus_1", self.n_plus_1,
              "must be True or False", "")

    def active(self) -> tuple[str, ...]:
        """Names of the constraints that apply."""
        names = ["max_unserved_fraction"]
        for n in ("min_renewable_fraction", "max_co2_t_per_year", "max_fuel_l_per_year",
                  "max_capital", "largest_motor_kw", "max_capacity_shortage_fraction"):
            if getattr(self, n) is not None:
                names.append(n)
        if self.n_plus_1:
            names.append("n_plus_1")
        return tuple(names)


# ---------------------------------------------------------------------------------------------
# the evaluator: decision vectors -> kernel -> objective and constraints
# ---------------------------------------------------------------------------------------------
class _Interrupted(Exception):
    pass


class _Evaluator:
    """Maps decision vectors to kernel parameters, runs the batch kernel, keeps the history.

    One evaluation of S designs = one :func:`~minegrid.dispatch.run_batch` call
    and one :func:`~minegrid.economics.price_designs` call (the single source
    of the cost formulas). Results of the last batch are cached so that
    scipy's separate constraint and objective calls run the kernel once.
    """

    def __init__(self, system, profiles, project, space, requirements, objective, reporter):
        from .simulation import design_matrix

        self._design_matrix = design_matrix
        self.system, self.profiles, self.project = system, profiles, project
        self.space, self.req, self.objective = space, requirements, objective
        self.reporter = reporter
        self.names = space.free
        self.fixed = {n: getattr(space, n) for n in VARIABLES
                      if isinstance(getattr(space, n), float)}
        self.constraints = requirements.active()
        gen = system.genset_or_zero
        self.unit_kw = float(space.unit_kw if space.unit_kw is not None else gen.unit_rated_kw)
        self.capex_per_kw = gen.capex_per_kw
        self.co2_kg_per_l = gen.co2_kg_per_l
        self.k_year = HOURS_PER_YEAR / profiles.period_h
        self.peak_kw = float(profiles.load_kw.max())
        self.a_min = float(np.min(profiles.genset_availability))
        self._cache_key = None
        self._cache = None
        self.batches, self.stage, self.gen_index = [], [], []
        self.stage_name = "de"
        self.nit = 0
        self.nfev = 0
        self.t0 = time.perf_counter()
        self.best = None  # (key, x, objective, violations)

    # ---- mapping ------------------------------------------------------------------------
    def columns(self, X: np.ndarray) -> tuple[dict, np.ndarray]:
        """Design columns for :func:`design_matrix`, and the capital credit of existing units."""
        X = np.atleast_2d(X)
        m = X.shape[0]
        v = {n: X[:, i] for i, n in enumerate(self.names)}
        for n, val in self.fixed.items():
            v[n] = np.full(m, val)
        sp = self.space
        cols = {}
        for n in ("pv_kw", "n_turbines", "battery_kwh"):
            if n in v:
                cols[n] = v[n]
        if "battery_kw" in v:
            cols["battery_kw"] = v["battery_kw"]
        elif sp.battery_duration_h is not None:
            e = v["battery_kwh"] if "battery_kwh" in v else np.full(
                m, self.system.battery_or_zero.energy_kwh)
            cols["battery_kw"] = e / sp.battery_duration_h
        elif "battery_kwh" in v and self.system.battery_or_zero.energy_kwh <= 0:
            cols["battery_kw"] = v["battery_kwh"]  # 1 h battery without a template battery
        credit = np.zeros(m)
        if "genset_kw" in v:
            kw = v["genset_kw"]
            units = float(sp.genset_units)
            cols["n_units"] = np.where(kw > 0, units, 0.0)
            cols["unit_kw"] = np.where(kw > 0, kw / units, self.unit_kw)
        else:
            base_units = (v["n_units"] if "n_units" in v
                          else np.full(m, float(self.system.genset_or_zero.n_units)))
            if "n_units" in v or sp.existing_units:
                cols["n_units"] = base_units + sp.existing_units
            cols["unit_kw"] = np.full(m, self.unit_kw)
            credit = np.full(m, sp.existing_units * self.unit_kw * self.capex_per_kw)
        return cols, credit

    def matrix(self, X):
        cols, credit = self.columns(X)
        params, q = self._design_matrix(self.system, cols)
        return params, q, credit

    # ---- metrics (hot path) -------------------------------------------------------------
    def metrics(self, params, q, credit, totals) -> dict:
        k = self.k_year
        T = totals
        load = T[:, K.S_LOAD_KWH]
        served = T[:, K.S_SERVED_KWH] * k
        e_rated = params[:, K.P_E_KWH]
        safe = lambda a: np.where(a > 0, a, 1.0)  # noqa: E731
        cycles = np.where(e_rated > 0, (T[:, K.S_CH_KWH] + T[:, K.S_DIS_KWH]) * k
                          / (2.0 * safe(e_rated)), 0.0)
        fuel = T[:, K.S_FUEL_L] * k
        co2 = fuel * self.co2_kg_per_l / 1000.0
        q = dict(q, cycles=cycles, unit_h=T[:, K.S_UNIT_H] * k, fuel_l=fuel, co2_t=co2,
                 served_kwh=served)
        prices = price_designs(q, self.project)
        crf = prices["crf"]
        npc = prices["npc"] - credit
        annualised = npc * crf
        with np.errstate(divide="ignore", invalid="ignore"):
            lcoe = np.where(served > 0, annualised / safe(served), np.inf)
        capital = sum(prices[f"{c}_capital"] for c in Costs.COMPONENTS) - credit
        n_tot = params[:, K.P_N_UNITS]
        unit = params[:, K.P_UNIT_KW]
        return {
            "npc": npc, "annualised": annualised, "lcoe": lcoe, "capital": capital,
            "unserved_fraction": np.where(load > 0, T[:, K.S_UNSERVED_KWH] / safe(load), 0.0),
            "capacity_shortage_fraction": np.where(
                load > 0, T[:, K.S_CAP_SHORT_KWH] / safe(load), 0.0),
            "renewable_fraction": np.where(served > 0,
                                           1.0 - T[:, K.S_GEN_KWH] * k / safe(served), 0.0),
            "co2_t": co2, "fuel_l": fuel,
            "redundant_kw": np.maximum(n_tot - 1.0, 0.0) * unit * self.a_min,
            "firm_kw": n_tot * unit * self.a_min + params[:, K.P_PDIS_KW],
        }

    def violations(self, m: dict) -> np.ndarray:
        """(S, M) normalised constraint values g; feasible where g <= 0."""
        r = self.req
        peak = max(self.peak_kw, 1.0)
        out = []
        for name in self.constraints:
            if name == "max_unserved_fraction":
                g = m["unserved_fraction"] - r.max_unserved_fraction
            elif name == "min_renewable_fraction":
                g = r.min_renewable_fraction - m["renewable_fraction"]
            elif name == "max_co2_t_per_year":
                g = (m["co2_t"] - r.max_co2_t_per_year) / max(r.max_co2_t_per_year, 1.0)
            elif name == "max_fuel_l_per_year":
                g = (m["fuel_l"] - r.max_fuel_l_per_year) / max(r.max_fuel_l_per_year, 1.0)
            elif name == "max_capital":
                g = (m["capital"] - r.max_capital) / max(r.max_capital, 1.0)
            elif name == "max_capacity_shortage_fraction":
                g = m["capacity_shortage_fraction"] - r.max_capacity_shortage_fraction
            elif name == "n_plus_1":
                g = (self.peak_kw - m["redundant_kw"]) / peak
            else:  # largest_motor_kw
                g = (self.peak_kw + r.largest_motor_kw - m["firm_kw"]) / peak
            out.append(g)
        return np.stack(out, axis=1)

    # ---- evaluation ---------------------------------------------------------------------
    def evaluate(self, X) -> tuple[np.ndarray, np.ndarray, dict]:
        """Objective (S,), constraint values (S, M) and metrics of the designs X (S, d)."""
        X = np.atleast_2d(np.asarray(X, dtype=float))
        if X.shape[0] == 0:
            return np.empty(0), np.empty((0, len(self.constraints))), {}
        if self._cache is not None:
            # scipy asks for the constraints of a population, then for the objective of
            # its feasible members: answer the second call from the first
            rows = [self._cache_key.get(x.tobytes()) for x in X]
            if all(i is not None for i in rows):
                f, g, m = self._cache
                idx = np.asarray(rows)
                return f[idx], g[idx], {k: v[idx] for k, v in m.items()}
        params, q, credit = self.matrix(X)
        totals = _dispatch.run_batch(params, self.profiles)
        m = self.metrics(params, q, credit, totals)
        g = self.violations(m)
        f = m[self.objective]
        self.batches.append((params, q, credit, totals))
        self.stage.extend([self.stage_name] * X.shape[0])
        self.gen_index.extend([self.nit] * X.shape[0])
        self.nfev += X.shape[0]
        self._track_best(X, f, g)
        self._cache_key = {x.tobytes(): i for i, x in enumerate(X)}
        self._cache = (f, g, m)
        self.reporter.update(stage=self.stage_name, nit=self.nit, nfev=self.nfev,
                             objective=self.objective, best=self.best[2],
                             feasible=self.best[3] <= 0, t0=self.t0)
        return self._cache

    def _track_best(self, X, f, g):
        viol = _viol(g)
        feasible = viol == 0
        if feasible.any():
            fi = np.where(feasible, f, np.inf)
            i = int(np.argmin(fi))
        else:
            i = int(np.argmin(viol))
        cand = (X[i].copy(), float(f[i]), float(viol[i]))
        if self.best is None or _better(cand[1], cand[2], self.best[2], self.best[3]):
            self.best = (None, cand[0], cand[1], cand[2])

    # ---- scipy interface ----------------------------------------------------------------
    def de_objective(self, x):  # x (d, S)
        f, _, _ = self.evaluate(np.asarray(x).T)
        return f

    def de_constraints(self, x):  # x (d, S) or (d,) -> (M, S) or (M,)
        x = np.asarray(x)
        if x.ndim == 1:
            _, g, _ = self.evaluate(x[None, :])
            return g[0]
        _, g, _ = self.evaluate(x.T)
        return g.T

    # ---- history ------------------------------------------------------------------------
    def stacked(self):
        """All evaluated batches joined: params, prices input q, credit, totals."""
        params = np.concatenate([b[0] for b in self.batches])
        credit = np.concatenate([b[2] for b in self.batches])
        totals = np.concatenate([b[3] for b in self.batches])
        q = {}
        for key, v in self.batches[0][1].items():
            if np.ndim(v) == 0:
                q[key] = v
            else:
                q[key] = np.concatenate([np.broadcast_to(b[1][key], b[0].shape[0])
                                         for b in self.batches])
        return params, q, credit, totals

    def history(self):
        """Every evaluated design as a DataFrame (built once, through ``batch_frame``)."""
        from .economics import capital_recovery_factor
        from .simulation import batch_frame

        params, q, credit, totals = self.stacked()
        frame = batch_frame(params, q, totals, self.profiles, self.system, self.project)
        if credit.any():
            crf = capital_recovery_factor(self.project.discount_rate,
                                          self.project.lifetime_years)
            frame["genset_capital"] -= credit
            frame["capital"] -= credit
            frame["npc"] -= credit
            frame["annualised"] = frame["npc"] * crf
            served = frame["served_kwh"].to_numpy()
            frame["lcoe"] = np.where(served > 0, frame["annualised"].to_numpy()
                                     / np.where(served > 0, served, 1.0), np.inf)
        g = self.violations(self.metrics(params, q, credit, totals))
        frame["violation"] = _viol(g)
        frame["feasible"] = frame["violation"] == 0
        for j, name in enumerate(self.constraints):
            frame[f"g_{name}"] = g[:, j]
        frame["objective"] = frame[self.objective]
        frame["stage"] = self.stage
        frame["generation"] = self.gen_index
        frame.index.name = "evaluation"
        return frame


def _better(f1, v1, f2, v2) -> bool:
    """Feasibility-first order: is (f1, v1) better than (f2, v2)?"""
    if v1 == 0 and v2 == 0:
        return f1 < f2
    if v1 == 0 or v2 == 0:
        return v1 == 0
    return v1 < v2


# ---------------------------------------------------------------------------------------------
# polish: compass search on the continuous variables, unit steps on the integers
# ---------------------------------------------------------------------------------------------
def _polish(ev: _Evaluator, x0: np.ndarray, bounds, integer, *, max_iter: int = 60,
            rel_tol: float = 1e-4):
    lo = np.array([b[0] for b in bounds])
    hi = np.array([b[1] for b in bounds])
    span = np.where(hi > lo, hi - lo, 1.0)
    step = np.where(integer, 1.0, 0.05 * span)
    min_step = np.where(integer, 1.0, rel_tol * span)
    x = x0.copy()
    f, g, _ = ev.evaluate(x[None, :])
    fx, vx = float(f[0]), float(_viol(g)[0])
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
        vy = _viol(gy)
        best_i = None
        for i in range(Y.shape[0]):
            if _better(fy[i], vy[i], fx if best_i is None else fy[best_i],
                       vx if best_i is None else vy[best_i]):
                best_i = i
        if best_i is not None:
            x, fx, vx = Y[best_i], float(fy[best_i]), float(vy[best_i])
            continue
        if np.all(step <= min_step):
            break
        step = np.where(integer, 1.0, np.maximum(step * 0.5, min_step))
    return x, fx, vx, n_it


def _viol(g):
    v = np.clip(g, 0.0, None).sum(axis=1)
    return np.where(v > _FEAS_TOL, v, 0.0)


# ---------------------------------------------------------------------------------------------
# result
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class SizingResult:
    """What :func:`size` returns, in the manner of ``scipy.optimize.OptimizeResult``.

    Attributes
    ----------
    success : bool
        True when the returned design meets every requirement and the search
        ended normally (converged, iteration budget spent, or grid complete).
    status : int
        0 converged or grid complete; 1 iteration limit reached (design
        feasible); 2 no feasible design found; 3 interrupted by the user.
    message : str
        What happened; names the binding constraint when none could be met.
    nfev : int
        Designs evaluated (kernel runs).
    nit : int
        Generations (DE), polish steps, or grid chunks.
    x : numpy.ndarray
        Best decision vector, in the order of ``variables``.
    fun : float
        Objective of ``x`` (``objective``: npc [currency], annualised
        [currency/year] or lcoe [currency/kWh]).
    variables : tuple of str
        Names of the decision variables.
    objective, method : str
    design : System
        The best design as a system.
    result : SimulationResult
        Its full simulation, economics and diesel-only base case.
    history : pandas.DataFrame
        Every evaluated design: sizes, yearly statistics, costs, constraint
        values ``g_*`` (feasible when <= 0), ``violation``, ``feasible``,
        ``stage`` and ``generation``.
    constraints : dict
        For each active requirement: its limit, the design's value and the slack.
    elapsed_s : float
        Wall time. [s]
    """

    success: bool
    status: int
    message: str
    nfev: int
    nit: int
    x: np.ndarray
    fun: float
    variables: tuple
    objective: str
    method: str
    design: System
    result: object
    history: object
    constraints: dict = field(default_factory=dict)
    elapsed_s: float = 0.0
    bounds: tuple = ()

    @property
    def at_bounds(self) -> dict[str, str]:
        """Decision variables that ended on a bound of the design space (``"upper"``
        or ``"lower"``, lower bounds of 0 excepted): the optimum may lie outside it,
        so widen the space there and size again."""
        out = {}
        for name, v, (lo, hi) in zip(self.variables, self.x, self.bounds, strict=False):
            tol = 1e-6 * max(hi - lo, 1.0)
            if hi > lo and v >= hi - tol:
                out[name] = "upper"
            elif hi > lo and lo > 0 and v <= lo + tol:
                out[name] = "lower"
        return out

    @property
    def values(self) -> dict[str, float]:
        """Decision variables by name."""
        return dict(zip(self.variables, (float(v) for v in self.x), strict=True))

    def to_frame(self):
        """Decision variables, objective and requirement checks as a DataFrame."""
        import pandas as pd

        rows = []
        for n, v in self.values.items():
            rows.append((n, v, None, _UNITS[n], None))
        rows.append((self.objective, self.fun, None, _OBJ_UNITS[self.objective], None))
        for n, c in self.constraints.items():
            rows.append((n, c["value"], c["limit"], c["unit"], c["met"]))
        return pd.DataFrame(rows, columns=["quantity", "value", "limit", "unit", "met"]
                            ).set_index("quantity")

    def __repr__(self) -> str:
        cur = self.result.project.currency if self.result is not None else ""
        vals = ", ".join(f"{n}={v:,.4g}" for n, v in self.values.items())
        lines = [
            "SizingResult(",
            f"  success={self.success}, status={self.status}: {self.message}",
            f"  {self.method}: nit={self.nit}, nfev={self.nfev}, {self.elapsed_s:.2f} s",
            f"  x: {vals}",
            f"  {self.objective} = {self.fun:,.6g} "
            f"{_OBJ_UNITS[self.objective].replace('currency', cur)}",
        ]
        for n, c in self.constraints.items():
            lines.append(f"  {n:24s} value {c['value']:>14,.6g}  limit {c['limit']:>14,.6g} "
                         f"{c['unit']:8s} {'met' if c['met'] else 'NOT MET'}")
        for n, side in self.at_bounds.items():
            lines.append(f"  note: {n} is at the {side} bound of the design space; widen it")
        return "\n".join(lines) + "\n)"


_OBJ_UNITS = {"npc": "currency", "annualised": "currency/yr", "lcoe": "currency/kWh"}
_CONSTRAINT_INFO = {
    "max_unserved_fraction": ("unserved_fraction", "-", "max"),
    "min_renewable_fraction": ("renewable_fraction", "-", "min"),
    "max_co2_t_per_year": ("co2_t", "t/yr", "max"),
    "max_fuel_l_per_year": ("fuel_l", "L/yr", "max"),
    "max_capital": ("capital", "currency", "max"),
    "n_plus_1": ("redundant_kw", "kW", "min"),
    "largest_motor_kw": ("firm_kw", "kW", "min"),
    "max_capacity_shortage_fraction": ("capacity_shortage_fraction", "-", "max"),
}


def _constraint_table(ev: _Evaluator, m: dict, g: np.ndarray) -> dict:
    out = {}
    r = ev.req
    for j, name in enumerate(ev.constraints):
        key, unit, _ = _CONSTRAINT_INFO[name]
        if name == "n_plus_1":
            limit = ev.peak_kw
        elif name == "largest_motor_kw":
            limit = ev.peak_kw + r.largest_motor_kw
        else:
            limit = getattr(r, name)
        out[name] = {"value": float(m[key][0]), "limit": float(limit), "unit": unit,
                     "met": bool(g[0, j] <= _FEAS_TOL), "g": float(g[0, j])}
    return out


def _infeasible_message(ev: _Evaluator, constraints: dict) -> str:
    """Name the binding constraint(s): those no evaluated design met, else the violated ones."""
    g_all = ev.violations(ev.metrics(*ev.stacked()))
    never = [n for j, n in enumerate(ev.constraints) if np.min(g_all[:, j]) > _FEAS_TOL]
    if never:
        parts = []
        for n in never:
            c = constraints[n]
            kind = _CONSTRAINT_INFO[n][2]
            parts.append(f"{n} (limit {c['limit']:,.6g} {c['unit']}, {kind}imum; best reached "
                         f"{_best_value(ev, n, g_all):,.6g} {c['unit']})")
        return ("no design in the space meets " + "; ".join(parts)
                + ". Relax that requirement or widen the design space.")
    # each requirement alone is met by some design, but not all together: name the ones
    # violated or (nearly) active at the least-violating design
    violated = [n for n, c in constraints.items() if not c["met"]]
    active = [n for n, c in constraints.items() if c["met"] and c["g"] > -0.05]
    parts = [f"{n} (value {constraints[n]['value']:,.6g}, limit {constraints[n]['limit']:,.6g} "
             f"{constraints[n]['unit']})" for n in violated]
    text = ("no evaluated design meets all requirements together; binding: "
            + "; ".join(parts))
    if active:
        text += f", in conflict with {', '.join(active)}"
    return text + (" (each requirement alone is met by some design). Relax one of them or "
                   "widen the design space.")


def _best_value(ev, name, g_all):
    """The constraint's quantity at the design closest to meeting it."""
    r = ev.req
    j = ev.constraints.index(name)
    gmin = float(np.min(g_all[:, j]))
    peak = max(ev.peak_kw, 1.0)
    if name == "max_unserved_fraction":
        return gmin + r.max_unserved_fraction
    if name == "max_capacity_shortage_fraction":
        return gmin + r.max_capacity_shortage_fraction
    if name == "min_renewable_fraction":
        return r.min_renewable_fraction - gmin
    if name in ("max_co2_t_per_year", "max_fuel_l_per_year", "max_capital"):
        lim = getattr(r, name)
        return lim + gmin * max(lim, 1.0)
    if name == "n_plus_1":
        return ev.peak_kw - gmin * peak
    return ev.peak_kw + r.largest_motor_kw - gmin * peak


def _design_system(system: System, params_row: np.ndarray) -> System:
    """The System whose kernel parameters are ``params_row``."""
    p = params_row
    pv = (system.pv or PVPlant()).replace(rated_kw=float(p[K.P_PV_KW]))
    wind = (system.wind or WindPlant()).replace(n_turbines=int(round(p[K.P_WIND_N])))
    bat0 = system.battery or Battery()
    pch, pdis = float(p[K.P_PCH_KW]), float(p[K.P_PDIS_KW])
    bat = bat0.replace(energy_kwh=float(p[K.P_E_KWH]), power_kw=max(pch, pdis),
                       charge_power_kw=pch, discharge_power_kw=pdis, duration_h=None)
    gen = (system.genset or GensetFleet()).replace(unit_rated_kw=float(p[K.P_UNIT_KW]),
                                                   n_units=int(round(p[K.P_N_UNITS])))
    return System(pv=pv if system.pv is not None or pv.rated_kw > 0 else None,
                  wind=wind if system.wind is not None or wind.n_turbines > 0 else None,
                  battery=bat if system.battery is not None or bat.energy_kwh > 0 else None,
                  genset=gen if system.genset is not None or gen.n_units > 0 else None,
                  dispatch=system.dispatch)


def _credit_result(res, credit_units: int, unit_kw: float):
    """Remove the capital of existing units from a SimulationResult (and its base case)."""
    if credit_units <= 0:
        return res
    from .economics import ComponentCosts

    def fix(r):
        gen = r.system.genset_or_zero
        credit = min(credit_units, gen.n_units) * unit_kw * gen.capex_per_kw
        c = r.costs
        g = c.genset
        genset = ComponentCosts(g.capital - credit, g.replacement, g.om, g.fuel, g.carbon,
                                g.salvage)
        npc = c.npc - credit
        ann = npc * c.crf
        lcoe = ann / c.served_kwh_per_year if c.served_kwh_per_year > 0 else math.inf
        return replace(r, costs=replace(c, genset=genset, npc=npc, annualised=ann, lcoe=lcoe))

    out = fix(res)
    if res.base is not None:
        out = replace(out, base=fix(res.base))
    return out


def _finish(ev: _Evaluator, *, method, status, message, interrupted, t0) -> SizingResult:
    from .simulation import simulate

    x = ev.best[1]
    params, q, credit = ev.matrix(x[None, :])
    totals = _dispatch.run_batch(params, ev.profiles)
    m = ev.metrics(params, q, credit, totals)
    g = ev.violations(m)
    constraints = _constraint_table(ev, m, g)
    feasible = all(c["met"] for c in constraints.values())
    design = _design_system(ev.system, params[0])
    result = simulate(design, ev.profiles, project=ev.project)
    result = _credit_result(result, ev.space.existing_units if "genset_kw" not in ev.space.free
                            else 0, ev.unit_kw)
    if interrupted:
        status = 3
        message = (f"interrupted by the user after {ev.nfev} designs; the best design found "
                   "so far is returned" + ("" if feasible else
                                           " (it does not meet every requirement)"))
    elif not feasible:
        status = 2
        message = _infeasible_message(ev, constraints)
    success = feasible and not interrupted
    fun = float(m[ev.objective][0])
    history = ev.history()
    ev.reporter.close(stage=method, nit=ev.nit, nfev=ev.nfev, objective=ev.objective,
                      best=fun, feasible=feasible, t0=ev.t0)
    return SizingResult(success=success, status=status, message=message, nfev=ev.nfev,
                        nit=ev.nit, x=np.asarray(x, dtype=float), fun=fun,
                        variables=ev.names, objective=ev.objective, method=method,
                        design=design, result=result, history=history,
                        constraints=constraints, elapsed_s=time.perf_counter() - t0,
                        bounds=tuple(ev.space.bounds()))


# ---------------------------------------------------------------------------------------------
# public entry point
# ---------------------------------------------------------------------------------------------
def _validate(system, profiles, space, requirements, project, objective, method):
    check(isinstance(system, System), "system", type(system).__name__,
          "must be a minegrid.System", "pass the template system, e.g. example.system")
    profiles = _dispatch.as_profiles(profiles)
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
    return profiles, requirements, project


def size(system: System, profiles, space: DesignSpace, requirements: Requirements | None = None,
         *, project: Project | None = None, objective: str = "npc", method: str = "de",
         seed: int | None = 0, maxiter: int = 100, popsize: int = 15, tol: float = 1e-3,
         polish: bool | None = None, grid: Mapping | int = 11, max_designs: int = 200_000,
         threads: int | None = None, progress=True, callback: Callable | None = None,
         ) -> SizingResult:
    """Find the design in ``space`` that minimises ``objective`` and meets ``requirements``.

    Parameters
    ----------
    system : System
        Template: components, costs and dispatch rules; sizes not in ``space``
        keep their values.
    profiles : minegrid.dispatch.Profiles
        Load, per-unit PV and wind, genset availability.
    space : DesignSpace
        Decision variables and fixed sizes.
    requirements : Requirements, optional
        Hard constraints; default: no unserved energy.
    project : Project, optional
        Finance; ``Project()`` when omitted.
    objective : {"npc", "annualised", "lcoe"}
        Net present cost [currency], annualised cost [currency/year] or LCOE
        [currency/kWh].
    method : {"de", "grid"}
        Differential evolution, or the exhaustive grid (every row in ``history``).
    seed : int, optional
        Seed of the differential evolution (reproducible for a given seed).
    maxiter, popsize, tol
        scipy's differential evolution settings (population ``popsize × d``).
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
        Numba threads for the batch kernel during the call (restored after).
    progress : bool or object
        True: a line on stderr every second; False: silent; or an object with
        ``update(**info)`` and ``close(**info)``.
    callback : callable, optional
        Called after each generation as ``callback(nit, x, fun, feasible)``;
        raise ``StopIteration`` to stop (success) or ``KeyboardInterrupt`` to abort.

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
    profiles, requirements, project = _validate(system, profiles, space, requirements,
                                                project, objective, method)
    check(isinstance(maxiter, int) and maxiter >= 1, "maxiter", maxiter, "must be an int >= 1",
          "e.g. 100")
    check(isinstance(popsize, int) and popsize >= 2, "popsize", popsize, "must be an int >= 2",
          "e.g. 15")
    polish = (method == "de") if polish is None else bool(polish)
    previous = _dispatch.set_threads(threads) if threads is not None else None
    reporter = progress_reporter(progress, SizingProgress)
    ev = _Evaluator(system, profiles, project, space, requirements, objective, reporter)
    bounds = space.bounds()
    integer = np.array([n in _INTEGER for n in space.free])
    interrupted = False
    status, message = 0, ""
    try:
        try:
            if method == "grid":
                status, message = _run_grid(ev, grid, max_designs)
            else:
                status, message = _run_de(ev, bounds, integer, seed=seed, maxiter=maxiter,
                                          popsize=popsize, tol=tol, callback=callback)
            if polish and ev.best is not None:
                ev.stage_name = "polish"
                x, _, _, n_it = _polish(ev, ev.best[1], bounds, integer)
                message += f"; polished in {n_it} steps"
        except KeyboardInterrupt:
            interrupted = True
        if ev.best is None:
            raise InputError("the search was stopped before any design was evaluated. "
                             "Fix: let it run at least one generation.")
        return _finish(ev, method=method, status=status, message=message,
                       interrupted=interrupted, t0=t0)
    finally:
        if previous is not None:
            _dispatch.set_threads(previous)


def _run_de(ev, bounds, integer, *, seed, maxiter, popsize, tol, callback):
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
            callback(ev.nit, best[1].copy(), best[2], best[3] == 0)

    res = differential_evolution(
        ev.de_objective, de_bounds, strategy="best1bin", maxiter=maxiter, popsize=popsize,
        tol=tol, rng=seed, polish=False, init="latinhypercube", updating="deferred",
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
        lo, hi = getattr(ev.space, name)
        if name in spec:
            vals = np.unique(np.asarray(spec[name], dtype=float).ravel())
            check(vals.size > 0 and bool(((vals >= lo) & (vals <= hi)).all()),
                  f"grid[{name!r}]", vals.tolist(), f"must be non-empty and within ({lo}, {hi})",
                  "give values inside the space's bounds")
            if name in _INTEGER:
                check(bool((vals == np.round(vals)).all()), f"grid[{name!r}]", vals.tolist(),
                      "must be whole numbers", "round unit counts")
        elif name in _INTEGER:
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


# ---------------------------------------------------------------------------------------------
# Pareto fronts
# ---------------------------------------------------------------------------------------------
def pareto(system: System, profiles, space: DesignSpace, requirements: Requirements | None = None,
           *, project: Project | None = None, against=("renewable_fraction", "co2_t"),
           n_points: int = 6, objective: str = "npc", seed: int | None = 0, maxiter: int = 60,
           popsize: int = 10, threads: int | None = None, progress=False):
    """Pareto fronts of cost against renewable fraction and against CO2, by constraint sweeps.

    For each quantity in ``against``, an unconstrained sizing gives one end of
    the front; the other end is the best value of that quantity seen among the
    feasible designs evaluated so far (most renewable, least CO2). Between them,
    ``n_points`` levels are imposed as a requirement (``min_renewable_fraction``
    or ``max_co2_t_per_year``) and the cost re-minimised with :func:`size`;
    every run reuses the compiled kernel. Dominated points are flagged.

    Returns
    -------
    pandas.DataFrame
        One row per level: ``front`` (the swept quantity), ``level``, the
        decision variables, ``objective`` value, ``npc``, ``annualised``,
        ``lcoe``, ``capital``, ``renewable_fraction``, ``co2_t``, ``fuel_l``,
        ``unserved_fraction``, ``success`` and ``dominated``.
        Plot it with :func:`plot_pareto`.
    """
    import pandas as pd

    requirements = Requirements() if requirements is None else requirements
    if isinstance(against, str):
        against = (against,)
    for a in against:
        check(a in ("renewable_fraction", "co2_t"), "against", a,
              "is not one of ('renewable_fraction', 'co2_t')", "pick those names")
    check(isinstance(n_points, int) and n_points >= 2, "n_points", n_points,
          "must be an int >= 2", "e.g. 6")
    kw = dict(project=project, objective=objective, seed=seed, maxiter=maxiter,
              popsize=popsize, threads=threads, progress=progress)
    base = size(system, profiles, space, requirements, **kw)
    hist = base.history
    feas = hist[hist["feasible"]]
    rows = []
    for a in against:
        if a == "renewable_fraction":
            lo = float(base.result.stats.renewable_fraction)
            hi = float(feas[a].max()) if len(feas) else lo
            levels = np.linspace(lo, hi, n_points)
        else:
            hi = float(base.result.stats.co2_t)
            lo = float(feas[a].min()) if len(feas) else hi
            levels = np.linspace(hi, lo, n_points)
        for i, level in enumerate(levels):
            if i == 0:
                res = base
            else:
                req = (replace(requirements, min_renewable_fraction=float(level))
                       if a == "renewable_fraction"
                       else replace(requirements, max_co2_t_per_year=float(level)))
                res = size(system, profiles, space, req, **kw)
            s, c = res.result.stats, res.result.costs
            row = {"front": a, "level": float(level), **res.values, "objective": res.fun,
                   "npc": c.npc, "annualised": c.annualised, "lcoe": c.lcoe,
                   "capital": c.capital, "renewable_fraction": s.renewable_fraction,
                   "co2_t": s.co2_t, "fuel_l": s.fuel_l,
                   "unserved_fraction": s.unserved_fraction, "success": res.success}
            rows.append(row)
    frame = pd.DataFrame(rows)
    dominated = np.zeros(len(frame), dtype=bool)
    for a in against:
        sel = np.flatnonzero(frame["front"].to_numpy() == a)
        cost = frame["objective"].to_numpy()[sel]
        val = frame[a].to_numpy()[sel]
        better_val = (lambda u, v: u >= v) if a == "renewable_fraction" else (
            lambda u, v: u <= v)
        for i_loc, i in enumerate(sel):
            others = [j for j in range(sel.size) if j != i_loc]
            dominated[i] = any(
                cost[j] <= cost[i_loc] and better_val(val[j], val[i_loc])
                and (cost[j] < cost[i_loc] or val[j] != val[i_loc]) for j in others)
    frame["dominated"] = dominated
    frame.attrs["objective"] = objective
    return frame


def plot_pareto(front, ax=None):
    """Plot the fronts of :func:`pareto`: cost against each swept quantity.

    Parameters
    ----------
    front : pandas.DataFrame
        Output of :func:`pareto`.
    ax : matplotlib Axes or sequence of Axes, optional
        One axes per front; created when omitted.

    Returns
    -------
    list of matplotlib Axes
    """
    import matplotlib.pyplot as plt

    names = list(dict.fromkeys(front["front"]))
    if ax is None:
        _, axes = plt.subplots(1, len(names), figsize=(5 * len(names), 4), squeeze=False)
        axes = list(axes[0])
    else:
        axes = list(np.atleast_1d(ax))
        check(len(axes) == len(names), "ax", len(axes), f"must hold {len(names)} axes",
              "pass one axes per front")
    from .plots import pareto_front

    obj = front.attrs.get("objective")
    y = obj if obj in front.columns else None
    for a, name in zip(axes, names, strict=True):
        # every design of this front (dominated ones included) in grey behind the front
        pareto_front(front, x=name, y=y, ax=a, all_points=front[front["front"] == name],
                     currency=front.attrs.get("currency", ""))
    return axes
