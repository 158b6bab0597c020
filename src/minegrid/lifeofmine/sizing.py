"""Sizing against the life of mine: :func:`minegrid.size`'s search with a life-of-mine model.

:class:`LifeModel` is the objective hook of :class:`minegrid.sizing.evaluator.Evaluator`
for the life of mine: a population of designs is simulated year by year (one
batch-kernel call per year for the whole population) and priced over the life
of mine. Its metrics are those of one simulated year, taken at the worst year:
unserved and capacity-shortage fractions, fuel and CO2 at their highest year,
renewable fraction at its lowest; NPC and LCOE are the life-of-mine ones
(:class:`~minegrid.lifeofmine.LifeOfMineResult`), capital the year-0 capex and
the annualised cost ``NPC × CRF(i, years of operation)``. A genset plant
(``System.is_plant``) is sized by the new units of each type
(``size_life(..., type_units={type: (low, high)})``), simulated by the plant
kernel and priced type by type (:mod:`minegrid.lifeofmine.plant`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ..components import Project, System
from ..economics import capital_recovery_factor
from ..errors import check, number
from .engine import engine, resolve, simulate_life, year_profiles
from .inputs import LifeOfMine

__all__ = ["LifeModel", "size_life", "SIZE_VARIABLES"]

#: Decision variables of :func:`size_life` (integers: turbines and genset units).
SIZE_VARIABLES = ("pv_kw", "n_turbines", "battery_kwh", "n_units")

#: Metrics of :class:`LifeModel`, in the column order of its raw output.
_METRICS = ("npc", "annualised", "lcoe", "capital", "unserved_fraction",
            "capacity_shortage_fraction", "renewable_fraction", "co2_t", "fuel_l")


def _ratio(num, den):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.0)


class LifeModel:
    """Designs simulated and priced over the life of mine (a model for the sizing evaluator).

    Parameters
    ----------
    life : LifeOfMine
    years : list of Profiles
        One per year of the horizon (:func:`minegrid.lifeofmine.engine.year_profiles`).
    project : Project
    system : System
        The template (its CO2 factor; for a genset plant, its types).
    mode : {"full", "representative"}
        How each design's years are simulated during the search.
    """

    def __init__(self, life: LifeOfMine, years: list, project: Project, system: System,
                 mode: str = "full"):
        self.life, self.years, self.project, self.mode = life, years, project, mode
        self.given_project = project
        self.inp = resolve(life, project)
        self.plant = system if system.is_plant else None
        self.co2_kg_per_l = 0.0 if self.plant else system.genset_or_zero.co2_kg_per_l
        self.stride = life.representative_stride_years if mode == "representative" else 1
        active = years[:self.inp.last]
        self.peak_kw = max(float(p.load_kw.max()) for p in active)
        self.worst_availability = min(float(np.min(p.genset_availability)) for p in active)
        self.crf = capital_recovery_factor(self.inp.rate, self.inp.last)
        #: the profiles whose step the evaluator counts a plant's minimum run and down times in
        self.profiles = years[0]
        if self.plant is not None:
            import warnings

            from ..dispatch.plant import worst_availability
            from ..errors import MinegridWarning

            #: each type's worst available-capacity factor over the years of operation [-]
            self.worst_by_type = np.min([worst_availability(system, p) for p in active],
                                        axis=0)
            # the evaluator lowers designs with this project: a fuel's price path has
            # one price per year of the life of mine (the project's own life is ignored)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", MinegridWarning)
                self.project = project.replace(lifetime_years=life.horizon_years)

    def metrics(self, params, q):
        res, _, npc, lcoe = engine(params, q, self.inp, self.years, mode=self.mode,
                                   stride=self.stride,
                                   load_tol=self.life.representative_load_tolerance,
                                   co2_kg_per_l=self.co2_kg_per_l, plant=self.plant)
        yrs = slice(1, self.inp.last + 1)
        load, served = res["load_kwh"][yrs], res["served_kwh"][yrs]
        m = {
            "npc": npc, "annualised": npc * self.crf, "lcoe": lcoe, "capital": res["capex"][0],
            "unserved_fraction": _ratio(res["unserved_kwh"][yrs], load).max(axis=0),
            "capacity_shortage_fraction": _ratio(res["cap_short_kwh"][yrs], load).max(axis=0),
            "renewable_fraction": np.where(served > 0, 1.0 - _ratio(res["genset_kwh"][yrs],
                                                                    served), 0.0).min(axis=0),
            "co2_t": res["co2_t"][yrs].max(axis=0), "fuel_l": res["fuel_l"][yrs].max(axis=0),
        }
        return m, np.column_stack([m[k] for k in _METRICS])

    def history(self, params, q, raw):
        import pandas as pd

        from .. import dispatch as _dispatch

        data = {name: _dispatch.design_column(params, col) for name, col in (
            ("pv_kw", "pv_kw"), ("n_turbines", "n_turbines"), ("battery_kwh", "battery_kwh"),
            ("battery_kw", "battery_discharge_kw"), ("n_units", "n_units"),
            ("unit_kw", "unit_kw"))}
        if self.plant is not None:  # each type's count instead of one fleet's
            from ..dispatch.plant import count_column

            del data["n_units"], data["unit_kw"]
            m = params.shape[0]
            for f in self.plant.fleets:
                data[count_column(f)] = np.broadcast_to(
                    np.asarray(q[count_column(f)], float), (m,)).copy()
        data.update({k: raw[:, j] for j, k in enumerate(_METRICS)})
        return pd.DataFrame(data)

    def result(self, design: System):
        bare = self.life.replace(load_scale=None, load_kw_by_year=None)
        return simulate_life(design, bare, self.years, project=self.given_project,
                             base_case=True, mode="full")


def size_life(system: System, life: LifeOfMine, profiles, *, bounds: dict | None = None,
              type_units: dict | None = None, project: Project | None = None, mode: str = "full",
              max_unserved_fraction: float = 0.0, popsize: int = 8, maxiter: int = 40,
              tol: float = 1e-3, seed: int | None = 0, init: str = "sobol", polish: bool = True,
              progress=False):
    """Size a design against its life-of-mine NPC: :func:`minegrid.size` on the life of mine.

    The search is :func:`minegrid.sizing.search` (differential evolution with
    integer turbine and genset counts, feasibility-first constraints, then a
    polish), on a :class:`LifeModel`: every generation is simulated as one
    :func:`minegrid.dispatch.run_batch` call per year for the whole population.

    Parameters
    ----------
    system : System
        Template: costs, unit ratings, battery power-to-energy ratio, dispatch.
    life : LifeOfMine
        Per-year inputs. The battery ageing model must not be ``"rainflow"``
        (it needs trajectories; size with ``"cycles"`` and check with rainflow).
    profiles : Profiles, load array or list of Profiles
        As for :func:`minegrid.simulate_life`.
    bounds : dict
        ``{name: (low, high)}`` for some of ``pv_kw`` [kW], ``n_turbines``,
        ``battery_kwh`` [kWh], ``n_units`` (one fleet).
    type_units : dict, optional
        For a genset plant: new units of each type by its name, a whole number
        or a ``(low, high)`` pair, on top of its owned units (as
        :class:`minegrid.DesignSpace`'s ``type_units``).
    project : Project, optional
    mode : {"full", "representative"}
        How each design's life is simulated during the search (the returned
        ``result`` is always a full simulation).
    max_unserved_fraction : float
        Largest unserved fraction allowed in any year, in [0, 1). [-]
    popsize, maxiter, tol, seed, init, polish, progress
        As for :func:`minegrid.size`.

    Returns
    -------
    minegrid.SizingResult
        ``x``/``values`` the best sizes, ``fun`` its life-of-mine NPC,
        ``design`` the system and ``result`` its full
        :class:`~minegrid.lifeofmine.LifeOfMineResult` (with the diesel-only base case).
    """
    import time

    from ..progress import SizingProgress
    from ..progress import reporter as progress_reporter
    from ..sizing.evaluator import Evaluator
    from ..sizing.search import check_inputs, search
    from ..sizing.space import DesignSpace, Requirements

    t0 = time.perf_counter()
    check(isinstance(system, System), "system", type(system).__name__,
          "must be a minegrid.System", "pass minegrid.System(...)")
    check(isinstance(life, LifeOfMine), "life", type(life).__name__,
          "must be a minegrid.LifeOfMine", "pass minegrid.LifeOfMine(horizon_years=...)")
    check(life.battery_ageing.model != "rainflow", "life.battery_ageing.model", "rainflow",
          "cannot be used for sizing (it needs each design's trajectory)",
          "size with model='cycles', then check the result with simulate_life")
    check(mode in ("full", "representative"), "mode", mode,
          "is not 'full' or 'representative'", "pick one of those")
    if bounds is None and type_units is not None:
        bounds = {}
    check(isinstance(bounds, Mapping) and (len(bounds) > 0 or type_units is not None),
          "bounds", bounds, "must be a non-empty dict {name: (low, high)}",
          f"use names among {SIZE_VARIABLES}")
    ranges = {}
    for name, b in bounds.items():
        check(name in SIZE_VARIABLES, "bounds", name, f"is not one of {SIZE_VARIABLES}",
              "rename the variable")
        check(isinstance(b, Sequence) and len(b) == 2, f"bounds[{name!r}]", b,
              "must be a (low, high) pair", "e.g. (0, 20000)")
        lo = number(b[0], f"bounds[{name!r}]", minimum=0.0, fix="sizes are >= 0")
        hi = number(b[1], f"bounds[{name!r}]", minimum=lo, fix="give low <= high")
        ranges[name] = (lo, hi)
    number(max_unserved_fraction, "max_unserved_fraction", minimum=0.0, maximum=0.999,
           fix="a fraction such as 0.001")
    space = DesignSpace(**ranges, type_units=type_units)
    requirements = Requirements(max_unserved_fraction=float(max_unserved_fraction))
    requirements, project = check_inputs(system, space, requirements, project, "npc", "de")
    years = year_profiles(life, profiles)
    model = LifeModel(life, years, project, system, mode)
    ev = Evaluator(system, space, requirements, "npc", model,
                   progress_reporter(progress, SizingProgress, "minegrid.size_life"))
    return search(ev, method="de", seed=seed, maxiter=maxiter, popsize=popsize, tol=tol,
                  polish=polish, init=init, t0=t0)
