"""The evaluator: decision vectors -> designs -> a model -> objective, constraints and history.

One evaluation of S designs maps their decision vectors onto kernel rows of a
template system (:func:`minegrid.dispatch.design_matrix`), asks a *model*
for their metrics, and turns the metrics into the objective and the
normalised constraint values of :meth:`Requirements.violations`. The model is
the objective hook:

* :class:`YearModel` (what :func:`minegrid.size` uses): one batch-kernel run
  of the profiles, statistics and economics over the project. It runs the
  kernel's search variant (``run_batch(..., statistics="search")``): the
  statistics that pricing and the requirements read, about 1.5x faster, so its
  history holds those (energies served and unserved, genset energy and hours,
  starts, fuel, CO2, battery flows and cycles, capacity shortage, renewable
  fraction) and not curtailment, dumping, maxima or converter flows; the
  chosen design's ``result`` has them all;
* :class:`minegrid.lifeofmine.LifeModel`: the same designs simulated over the
  life of mine.

A model has ``peak_kw`` and ``worst_availability`` (for N+1 and firm
capacity), ``metrics(params, q) -> (metrics, raw)``, ``history(params, q, raw)
-> DataFrame`` and ``result(design)`` (the full result of the chosen design).
Its metrics are arrays keyed ``npc``, ``annualised``, ``lcoe``, ``capital``
and the metrics of :data:`~minegrid.sizing.space.CONSTRAINTS`.
"""

from __future__ import annotations

import time

import numpy as np

from .. import dispatch as _dispatch
from ..components import System
from ..dispatch import Stats
from ..errors import check
from .space import FEASIBILITY_TOLERANCE, VARIABLES, type_variable

__all__ = ["Evaluator", "YearModel", "battery_c_rate", "violation", "better"]

STATS_FIELDS = tuple(f for f in Stats.__dataclass_fields__ if f != "period_h")


def battery_c_rate(params: np.ndarray, requirements) -> np.ndarray:
    """C-rate ``max(P_ch, P_dis) / E`` of each design [1/h]; a design without a battery
    gets a value that meets both C-rate requirements (their lower bound, or 0)."""
    energy = _dispatch.design_column(params, "battery_kwh")
    power = np.maximum(_dispatch.design_column(params, "battery_charge_kw"),
                       _dispatch.design_column(params, "battery_discharge_kw"))
    none = requirements.min_battery_c_rate or 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(energy > 0, power / np.where(energy > 0, energy, 1.0), none)


def violation(g: np.ndarray) -> np.ndarray:
    """Total violation of each design (0 when feasible within the tolerance)."""
    v = np.clip(g, 0.0, None).sum(axis=1)
    return np.where(v > FEASIBILITY_TOLERANCE, v, 0.0)


def better(f1, v1, f2, v2) -> bool:
    """Feasibility-first order: is (objective f1, violation v1) better than (f2, v2)?"""
    if v1 == 0 and v2 == 0:
        return f1 < f2
    if v1 == 0 or v2 == 0:
        return v1 == 0
    return v1 < v2


class YearModel:
    """Designs simulated over the profiles' period and priced over the project."""

    def __init__(self, profiles, project, system: System, fuel_supply=None,
                 checks=True):
        self.profiles, self.project, self.system = profiles, project, system
        #: which of the N-1 and motor-start checks the search computes (``run_batch``'s
        #: ``checks``: those a requirement reads); the others are NaN in the history
        self.checks = checks
        #: the site's diesel supply (its tank's capital and autonomy), or None
        self.fuel_supply = fuel_supply
        self.plant = system.is_plant
        self.co2_kg_per_l = 0.0 if self.plant else system.genset_or_zero.co2_kg_per_l
        self.peak_kw = float(profiles.load_kw.max())
        self.worst_availability = float(np.min(profiles.genset_availability))
        if self.plant:
            from ..dispatch.plant import worst_availability

            #: each type's worst available-capacity factor, types as listed [-]
            self.worst_by_type = worst_availability(system, profiles)

    def metrics(self, params, q):
        raw = self.run(params, q)
        return self.priced(params, q, raw), raw

    def run(self, params, q) -> np.ndarray:
        """Kernel totals of the designs (the batch kernel's search variant: the statistics
        pricing and the search read; the plant kernel's totals for a plant)."""
        if self.plant:
            from ..plantsim import plant_run

            return plant_run(self.system, params, q, self.profiles, self.project)
        return _dispatch.run_batch(params, self.profiles, statistics="search",
                                   checks=self.checks)

    def priced(self, params, q, totals) -> dict:
        """The metrics of designs whose kernel totals are ``totals`` (:meth:`run`)."""
        from ..simulation import evaluate

        if self.plant:
            from ..plantsim import plant_evaluate

            cols, prices, _ = plant_evaluate(self.system, params, q, totals, self.profiles,
                                             self.project)
        else:
            cols, prices = evaluate(params, q, totals, self.profiles, self.project,
                                    self.co2_kg_per_l)
        m = {name: prices[name] for name in ("npc", "annualised", "lcoe", "capital")}
        for name in ("unserved_fraction", "capacity_shortage_fraction", "renewable_fraction",
                     "co2_t", "fuel_l", "n1_hours", "motor_start_refused_hours"):
            m[name] = cols[name]
        if self.fuel_supply is not None:
            self.add_tank(m, prices["crf"], cols["served_kwh"])
        return m

    def add_tank(self, m: dict, crf, served_kwh) -> None:
        """Count the tank in the costs (its capital on top of each design's) and give its
        days of autonomy, ``V / (F / 365)`` (``inf`` without diesel use)."""
        from ..logistics import tank_capacity

        supply = self.fuel_supply
        tank = tank_capacity(supply, m["fuel_l"])
        capital = supply.tank_capex_per_l * np.maximum(tank - supply.existing_tank_l, 0.0)
        m["capital"] = m["capital"] + capital
        m["npc"] = m["npc"] + capital
        m["annualised"] = m["annualised"] + capital * crf
        with np.errstate(divide="ignore", invalid="ignore"):
            m["lcoe"] = np.where(served_kwh > 0, m["annualised"] / served_kwh, np.inf)
            m["fuel_autonomy_days"] = np.where(m["fuel_l"] > 0, tank / (m["fuel_l"] / 365.0),
                                               np.inf)
        m["tank_l"] = tank

    def history(self, params, q, raw):
        from ..simulation import batch_frame

        if self.plant:
            from ..plantsim import plant_frame

            return plant_frame(self.system, params, q, raw, self.profiles, self.project)
        frame = batch_frame(params, q, raw, self.profiles, self.system, self.project)
        # statistics the search variant does not compute (NaN) are left out
        return frame.drop(columns=[f for f in STATS_FIELDS if frame[f].isna().all()])

    def result(self, design: System):
        from ..simulation import simulate

        return simulate(design, self.profiles, project=self.project,
                        fuel_supply=self.fuel_supply)


class Evaluator:
    """Maps decision vectors to kernel rows, runs the model, keeps the history.

    Every design is evaluated once: a design asked for again (scipy's separate
    constraint and objective calls, its intermediate results, the polish) is
    answered from the record.

    Parameters
    ----------
    system : System
        Template: components, costs, dispatch; sizes not in ``space``.
    space : DesignSpace
    requirements : Requirements
    objective : str
        A metric of the model to minimise (``"npc"``, ``"annualised"``, ``"lcoe"``).
    model : YearModel or LifeModel
    reporter : object with ``update(**info)``
    """

    def __init__(self, system, space, requirements, objective, model, reporter):
        self.space, self.req, self.objective = space, requirements, objective
        self.model, self.reporter = model, reporter
        self.names = space.free
        self.fixed = {n: getattr(space, n) for n in VARIABLES
                      if isinstance(getattr(space, n), float)}
        self.constraints = requirements.active()
        self.plant = system.is_plant
        if self.plant:
            self._init_plant(system, space)
        else:
            self._init_fleet(system, space)
        self.peak_kw = model.peak_kw
        self.limits = requirements.limits(self.peak_kw)
        self._seen: dict[bytes, tuple[int, int]] = {}  # design -> (batch, row) evaluated
        self._results = []  # (objective, constraints, metrics) of each batch
        self.batches = []  # (params, q, raw, g) per evaluated batch
        self.stage, self.gen_index = [], []
        self.stage_name = "de"
        self.nit = 0
        self.nfev = 0
        self.t0 = time.perf_counter()
        self.best = None  # (x, objective, violation)

    def _init_plant(self, system, space):
        """A plant of genset types: each type's count is its owned units plus new ones."""
        names = [f.name for f in system.fleets]
        for other in ("n_units", "unit_kw", "genset_kw"):
            check(getattr(space, other) is None, f"space.{other}", getattr(space, other),
                  "sizes one genset fleet, but the system has a plant of genset types",
                  "size the types with DesignSpace(type_units={'<type>': (low, high)})")
        check(not space.existing_units, "space.existing_units", space.existing_units,
              "is for one fleet", "give owned units as GensetFleet.existing_units of each type")
        unknown = sorted(set(space.type_units or {}) - set(names))
        check(not unknown, "space.type_units", unknown, "names genset types the system does "
              "not have", f"use the types' names {names}")
        self.system = system

    def _init_fleet(self, system, space):
        gen = system.genset_or_zero
        check(not (space.existing_units and gen.existing_units), "space.existing_units",
              space.existing_units, "is given while the template's genset already has "
              f"existing_units = {gen.existing_units}", "give the owned units in one place")
        self.owned = space.existing_units or gen.existing_units
        self.unit_kw = float(space.unit_kw if space.unit_kw is not None else gen.unit_rated_kw)
        self.template_units = gen.n_units
        if space.existing_units and system.genset is not None:
            # the template carries the owned units (priced without capital by economics)
            system = system.replace(genset=gen.replace(n_units=gen.n_units + self.owned,
                                                       existing_units=self.owned))
        elif space.existing_units:
            system = system.replace(genset=gen.replace(n_units=self.owned,
                                                       existing_units=self.owned))
        self.system = system

    # ---- mapping ------------------------------------------------------------------------
    def columns(self, X: np.ndarray) -> dict:
        """Design columns of :func:`minegrid.dispatch.design_matrix` for decision vectors X."""
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
        if self.plant:
            types = sp.type_units or {}
            for f in self.system.fleets:
                name = type_variable(f.name)
                if name in v:
                    cols[name] = v[name] + f.existing_units
                elif isinstance(types.get(f.name), float):
                    cols[name] = np.full(m, types[f.name] + f.existing_units)
                else:
                    cols[name] = np.full(m, float(f.n_units))
        elif "genset_kw" in v:
            kw = v["genset_kw"]
            units = float(sp.genset_units)
            cols["n_units"] = np.where(kw > 0, units, 0.0)
            cols["unit_kw"] = np.where(kw > 0, kw / units, self.unit_kw)
        else:
            if "n_units" in v:
                cols["n_units"] = v["n_units"] + self.owned
            elif sp.existing_units:
                cols["n_units"] = np.full(m, float(self.template_units)) + sp.existing_units
            cols["unit_kw"] = np.full(m, self.unit_kw)
        return cols

    def matrix(self, X):
        """Kernel rows and pricing quantities of the decision vectors X (for a plant, ``q``
        holds each type's count under ``n_units[<type>]``)."""
        if self.plant:
            from ..dispatch.plant import plant_matrix

            params, _, q, _ = plant_matrix(self.system, self.columns(X), self.model.project,
                                           self.model.profiles.dt_h)
            return params, q
        return _dispatch.design_matrix(self.system, self.columns(X), self.model.project)

    def design(self, params, q, i: int = 0) -> System:
        """The System of row ``i`` of an evaluated batch."""
        design = _dispatch.system_from_row(self.system, params[i])
        if self.plant:
            from ..dispatch.plant import with_counts
            from ..plantsim import plant_counts

            design = with_counts(design, plant_counts(self.system, q)[i])
        return design

    def metrics(self, params, q):
        """The model's metrics plus the installed-capacity ones (N+1, firm capacity).

        With one fleet, ``redundant = (n − 1)·P_u·min(a)`` and ``firm = n·P_u·min(a) +
        P_dis``; for a plant, on each type's worst derating with the largest unit of any
        running type out: ``Σ n_k·P_k·min(a_k) − max_k P_k·min(a_k)`` (types with units).
        """
        m, raw = self.model.metrics(params, q)
        discharge = _dispatch.design_column(params, "battery_discharge_kw")
        if self.plant:
            from ..plantsim import plant_counts

            counts = plant_counts(self.system, q)
            unit = np.array([f.unit_rated_kw for f in self.system.fleets])
            derated = unit * self.model.worst_by_type
            firm = counts @ derated
            largest = np.max(np.where(counts > 0, derated, 0.0), axis=1)
            m["redundant_kw"] = firm - largest
            m["firm_kw"] = firm + discharge
        else:
            n_tot = _dispatch.design_column(params, "n_units")
            unit = _dispatch.design_column(params, "unit_kw")
            a_min = self.model.worst_availability
            m["redundant_kw"] = np.maximum(n_tot - 1.0, 0.0) * unit * a_min
            m["firm_kw"] = n_tot * unit * a_min + discharge
        m["battery_c_rate"] = battery_c_rate(params, self.req)
        return m, raw

    def violations(self, m: dict) -> np.ndarray:
        """(S, M) normalised constraint values; feasible where g <= 0."""
        return self.req.violations(m, self.peak_kw)

    # ---- evaluation ---------------------------------------------------------------------
    def evaluate(self, X) -> tuple[np.ndarray, np.ndarray, dict]:
        """Objective (S,), constraint values (S, M) and metrics of the designs X (S, d)."""
        X = np.atleast_2d(np.asarray(X, dtype=float))
        if X.shape[0] == 0:
            return np.empty(0), np.empty((0, len(self.constraints))), {}
        # every design is evaluated once: scipy asks for the constraints of a population,
        # then for the objective of its feasible members and for the best member again
        # (its intermediate result), and the polish revisits points; answer from the record
        hits = [self._seen.get(x.tobytes()) for x in X]
        if all(h is not None for h in hits):
            parts = [self._results[b] for b, _ in hits]
            rows = [r for _, r in hits]
            f = np.array([p[0][r] for p, r in zip(parts, rows, strict=True)])
            g = np.stack([p[1][r] for p, r in zip(parts, rows, strict=True)])
            m = {k: np.array([p[2][k][r] for p, r in zip(parts, rows, strict=True)])
                 for k in parts[0][2]}
            return f, g, m
        params, q = self.matrix(X)
        m, raw = self.metrics(params, q)
        g = self.violations(m)
        f = m[self.objective]
        self.batches.append((params, q, raw, g))
        self.stage.extend([self.stage_name] * X.shape[0])
        self.gen_index.extend([self.nit] * X.shape[0])
        self.nfev += X.shape[0]
        self._track_best(X, f, g)
        b = len(self._results)
        self._results.append((f, g, m))
        for i, x in enumerate(X):
            self._seen.setdefault(x.tobytes(), (b, i))
        self.reporter.update(stage=self.stage_name, nit=self.nit, nfev=self.nfev,
                             objective=self.objective, best=self.best[1],
                             feasible=self.best[2] <= 0, t0=self.t0)
        return f, g, m

    def _track_best(self, X, f, g):
        viol = violation(g)
        feasible = viol == 0
        if feasible.any():
            i = int(np.argmin(np.where(feasible, f, np.inf)))
        else:
            i = int(np.argmin(viol))
        cand = (X[i].copy(), float(f[i]), float(viol[i]))
        if self.best is None or better(cand[1], cand[2], self.best[1], self.best[2]):
            self.best = cand

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
    def all_violations(self) -> np.ndarray:
        """Constraint values of every evaluated design, in evaluation order."""
        return np.concatenate([b[3] for b in self.batches])

    def history(self):
        """Every evaluated design as a DataFrame (built once, through the model)."""
        params = np.concatenate([b[0] for b in self.batches])
        raw = np.concatenate([b[2] for b in self.batches])
        q = {}
        for key, v in self.batches[0][1].items():
            if np.ndim(v) == 0:
                q[key] = v
            else:
                q[key] = np.concatenate([np.broadcast_to(b[1][key], b[0].shape[0])
                                         for b in self.batches])
        frame = self.model.history(params, q, raw)
        g = self.all_violations()
        frame["violation"] = violation(g)
        frame["feasible"] = frame["violation"] == 0
        for j, name in enumerate(self.constraints):
            frame[f"g_{name}"] = g[:, j]
        frame["objective"] = frame[self.objective]
        frame["stage"] = self.stage
        frame["generation"] = self.gen_index
        frame.index.name = "evaluation"
        return frame
