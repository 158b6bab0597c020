"""Results of a genset plant: one design, a batch, the base case, per-type and per-fuel tables.

The plant path of :func:`minegrid.simulate` and :func:`minegrid.simulate_batch`
(``System.is_plant``: several genset types, or one with rules the one-fleet
kernel does not have): the plant kernel (:mod:`minegrid.dispatch.plant`), the
one aggregation (:func:`minegrid.dispatch.aggregate`), the other components
priced by :func:`minegrid.economics.price_designs` and the gensets type by type
(:func:`minegrid.plantcosts.price_plant`). Also the per-type and per-fuel tables
every result carries (``SimulationResult.fleets``, ``.fuels``) and the plant's
base case (:func:`gensets_only`). Rules: ``docs/theory/gensets.md``.
"""

from __future__ import annotations

import math
from dataclasses import fields

import numpy as np

from . import dispatch as _dispatch
from .components import Project, System
from .dispatch import aggregate, design_matrix
from .economics import CATEGORIES, COMPONENTS, Costs, costs_from_prices, price_designs
from .errors import check
from .profiles import Profiles
from .simulation import SIZE_COLUMNS, SimulationResult, Stats, result_inputs, trajectory_frame

__all__ = ["simulate_plant", "plant_batch_frame", "gensets_only", "one_fleet_tables",
           "plant_run", "plant_evaluate", "plant_frame", "plant_counts"]


def gensets_only(system: System, profiles: Profiles) -> System:
    """The base case of a plant: its genset types alone, the largest type (first listed
    among equals) given enough extra units that the plant covers the peak load plus the
    load-based reserve at each type's worst derating."""
    from .dispatch.plant import worst_availability

    fleets = list(system.fleets)
    worst = worst_availability(system, profiles)
    big = max(range(len(fleets)), key=lambda i: (fleets[i].unit_rated_kw * worst[i], -i))
    firm = sum(f.n_units * f.unit_rated_kw * w for f, w in zip(fleets, worst, strict=True))
    need = profiles.load_kw.max() * (1.0 + system.dispatch.reserve_load_fraction)
    per_unit = fleets[big].unit_rated_kw * worst[big]
    check(per_unit > 0, "genset_availability", float(worst[big]), "reaches 0 for the largest "
          "genset type, so no gensets-only base case can serve the load",
          "pass base_case=False or check the derating profiles")
    extra = max(0, math.ceil((need - firm) / per_unit - 1e-9))
    fleets[big] = fleets[big].replace(n_units=fleets[big].n_units + extra)
    return System(gensets=tuple(fleets), merit_order=system.merit_order,
                  dispatch=system.dispatch)


def _fleet_frame(system: System, fleet_year: np.ndarray, costs_by_type: dict, worst: dict):
    """The per-type table of a result (see :attr:`SimulationResult.fleets`)."""
    import pandas as pd

    rows = {}
    for k, f in enumerate(system.fleets):
        c = costs_by_type[f.name]
        rows[f.name] = {
            "units": f.n_units, "existing units": f.existing_units,
            "unit [kW]": f.unit_rated_kw, "burns": f.fuel.name,
            "running [unit-h/yr]": fleet_year[k, 0], "starts [1/yr]": fleet_year[k, 1],
            "energy [MWh/yr]": fleet_year[k, 2] / 1e3,
            "fuel burnt [unit/yr]": fleet_year[k, 3] + fleet_year[k, 1]
            * f.start_fuel_per_start, "fuel unit": f.curve_unit,
            "life [yr]": c["life_years"], "worst availability [-]": worst[f.name],
            **{cat: c[cat] for cat in CATEGORIES},
            "total": sum(c[cat] for cat in CATEGORIES),
        }
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "genset type"
    return frame


def simulate_plant(system: System, profiles: Profiles, project: Project, trajectories: bool):
    """One design with a genset plant: the plant kernel, then per-type costs and fuels."""
    from .dispatch.plant import run_plant
    from .plantcosts import price_plant

    params, q = design_matrix(system, {}, project)
    tot, fstats, traj, ftraj = run_plant(system, profiles, project, trajectories=trajectories)
    totals = np.array([[tot[name] for name in _dispatch.STAT_NAMES]])
    fleet_year = fstats * profiles.year_factor
    fleet_year[:, 4] = fstats[:, 4]  # the most units online is not a flow
    plant = price_plant(system, fleet_year, project)
    fuels = plant["fuels"]
    q = dict(q, genset_kw=0.0, genset_n_units=0.0, genset_existing_kw=0.0)
    cols = aggregate(totals, params, profiles, 0.0)
    cols["fuel_l"] = np.array([fuels.loc[fuels["unit"] == "L", "quantity_per_year"].sum()])
    cols["co2_t"] = np.array([fuels["co2_t_per_year"].sum()])
    q = dict(q, cycles=cols["battery_cycles"], unit_h=0.0, fuel_l=0.0, co2_t=0.0, starts=0.0,
             served_kwh=cols["served_kwh"], battery_drawn_kwh=cols["battery_drawn_kwh"])
    prices = price_designs(q, project)
    gen = plant["genset"]
    for cat in CATEGORIES:
        prices[f"genset_{cat}"] = np.array([gen[cat]])
    prices["genset_life_years"] = np.array([gen["life_years"]])
    prices["genset_replacement_cost"] = np.array([gen["replacement_cost"]])
    npc = sum(prices[f"{c}_{cat}"] for c in COMPONENTS for cat in CATEGORIES)
    prices["npc"] = npc
    prices["annualised"] = npc * prices["crf"]
    with np.errstate(divide="ignore", invalid="ignore"):
        prices["lcoe"] = np.where(cols["served_kwh"] > 0,
                                  npc * prices["crf"] / cols["served_kwh"], np.inf)
    prices["capital"] = sum(prices[f"{c}_capital"] for c in COMPONENTS)
    stats = Stats.from_columns(cols, 0)
    costs = costs_from_prices(prices, 0, stats.served_kwh, project.currency)
    frame = trajectory_frame(traj, profiles, system, ftraj) if trajectories else None
    return SimulationResult(system=system, project=project, stats=stats, costs=costs,
                            dispatch=frame, fleets=_fleet_frame(system, fleet_year,
                                                                plant["types"],
                                                                _worst(system, profiles)),
                            fuels=fuels, **result_inputs(profiles))


def _worst(system: System, profiles: Profiles) -> dict:
    """Worst available-capacity factor of each genset type over the period. [-]"""
    from .dispatch.plant import worst_availability

    return dict(zip((f.name for f in system.fleets),
                    worst_availability(system, profiles).tolist(), strict=True))


def one_fleet_tables(system: System, stats: Stats, costs: Costs, project: Project,
                      profiles: Profiles):
    """The per-type and per-fuel tables of a one-fleet result (one row each, or none)."""
    from .plantcosts import plant_fuel_summary

    if not system.fleets:
        return None, None
    f = system.fleets[0]
    year = np.array([[stats.unit_running_hours, stats.starts, stats.genset_kwh, stats.fuel_l,
                      stats.max_units_online, stats.fleet_running_hours]])
    g = costs.genset
    c = {cat: getattr(g, cat) for cat in CATEGORIES}
    c["life_years"] = g.life_years
    price = f.fuel.price(project)
    fuels = plant_fuel_summary([{
        "type": f.name, "fuel": f.fuel.name, "unit": "L", "kind": "diesel",
        "delivery": f.fuel.delivery, "quantity_per_year": stats.fuel_l, "price_per_unit": price,
        "cost_per_year": stats.fuel_l * price, "co2_t_per_year": stats.co2_t}])
    return _fleet_frame(system, year, {f.name: c}, _worst(system, profiles)), fuels




def plant_batch_frame(system: System, profiles: Profiles, designs, project: Project):
    """:func:`simulate_batch` for a plant of genset types: one row per design.

    The columns of :func:`batch_frame`, with ``n_units[<type>]`` per type for
    ``n_units`` / ``unit_kw``, and ``unit_h[<type>]``, ``starts[<type>]``,
    ``genset_kwh[<type>]``; ``fuel_l`` is the plant's diesel and ``co2_t`` the
    CO2 of every fuel. The plant kernel runs the batch on threads; each
    design's gensets are priced type by type (:func:`minegrid.plantcosts.price_plant`).
    """
    from .dispatch.plant import plant_matrix

    params, _, q, _ = plant_matrix(system, designs, project, profiles.dt_h)
    raw = plant_run(system, params, q, profiles, project)
    return plant_frame(system, params, q, raw, profiles, project)


def plant_counts(system: System, q: dict) -> np.ndarray:
    """(m, K) unit counts of each type (as listed) held in ``q`` by :func:`plant_matrix`."""
    from .dispatch.plant import count_column

    return np.stack([np.asarray(q[count_column(f)], float) for f in system.fleets], axis=1)


def plant_run(system: System, params, q, profiles: Profiles, project: Project) -> np.ndarray:
    """Plant kernel totals of a batch as one (m, N_STATS + 6 K) array: the totals, then
    each type's six per-type totals (:data:`~minegrid.dispatch.plant.FLEET_STAT_NAMES`)."""
    from .dispatch.plant import fleets_with_counts, run_plant_batch

    fleets = fleets_with_counts(system, plant_counts(system, q), project, profiles.dt_h)
    totals, fout = run_plant_batch(system, params, fleets, profiles, project)
    return np.hstack([totals, fout.reshape(params.shape[0], -1)])


def plant_evaluate(system: System, params, q, raw, profiles: Profiles, project: Project):
    """Statistics and prices of a batch of plant designs from :func:`plant_run` totals.

    Returns ``(cols, prices, fleet_year)`` as :func:`minegrid.simulation.evaluate`
    does, plus the (m, K, 6) yearly per-type totals.
    """
    from .dispatch.plant import with_counts
    from .plantcosts import price_plant

    n_stats = len(_dispatch.STAT_NAMES)
    m, k = params.shape[0], len(system.fleets)
    totals = raw[:, :n_stats]
    fout = raw[:, n_stats:].reshape(m, k, -1)
    counts = plant_counts(system, q)
    cols = aggregate(totals, params, profiles, 0.0)
    fleet_year = fout * profiles.year_factor
    fleet_year[:, :, 4] = fout[:, :, 4]
    gen = {cat: np.zeros(m) for cat in (*CATEGORIES, "life_years", "replacement_cost")}
    diesel = np.zeros(m)
    co2 = np.zeros(m)
    for i in range(m):
        plant = price_plant(with_counts(system, counts[i]), fleet_year[i], project, table=False)
        for key in gen:
            gen[key][i] = plant["genset"][key]
        diesel[i] = sum(r["quantity_per_year"] for r in plant["fuels"] if r["unit"] == "L")
        co2[i] = sum(r["co2_t_per_year"] for r in plant["fuels"])
    cols["fuel_l"], cols["co2_t"] = diesel, co2
    q = dict(q, genset_kw=0.0, genset_n_units=0.0, genset_existing_kw=0.0,
             cycles=cols["battery_cycles"], unit_h=0.0, fuel_l=0.0, co2_t=0.0, starts=0.0,
             served_kwh=cols["served_kwh"], battery_drawn_kwh=cols["battery_drawn_kwh"])
    prices = price_designs(q, project)
    for key, values in gen.items():
        prices[f"genset_{key}"] = values
    npc = sum(prices[f"{c}_{cat}"] for c in COMPONENTS for cat in CATEGORIES)
    prices["npc"] = npc
    prices["annualised"] = npc * prices["crf"]
    with np.errstate(divide="ignore", invalid="ignore"):
        prices["lcoe"] = np.where(cols["served_kwh"] > 0,
                                  npc * prices["crf"] / cols["served_kwh"], np.inf)
    prices["capital"] = sum(prices[f"{c}_capital"] for c in COMPONENTS)
    return cols, prices, fleet_year


def plant_frame(system: System, params, q, raw, profiles: Profiles, project: Project):
    """The :func:`plant_batch_frame` table of a batch already run (:func:`plant_run`)."""
    import pandas as pd

    from .dispatch.plant import count_column

    cols, prices, fleet_year = plant_evaluate(system, params, q, raw, profiles, project)
    counts = plant_counts(system, q)
    data = {name: _dispatch.design_column(params, col) for name, col in SIZE_COLUMNS
            if name not in ("n_units", "unit_kw")}
    for k, f in enumerate(system.fleets):
        data[count_column(f)] = counts[:, k]
    data.update({f.name: cols[f.name] for f in fields(Stats) if f.name != "period_h"})
    data.update({name: prices[name] for name in ("npc", "annualised", "lcoe", "capital")})
    for c in COMPONENTS:
        for cat in CATEGORIES:
            data[f"{c}_{cat}"] = prices[f"{c}_{cat}"]
    for k, f in enumerate(system.fleets):
        data[f"unit_h[{f.name}]"] = fleet_year[:, k, 0]
        data[f"starts[{f.name}]"] = fleet_year[:, k, 1]
        data[f"genset_kwh[{f.name}]"] = fleet_year[:, k, 2]
    frame = pd.DataFrame(data)
    frame.attrs["weather_source"] = profiles.weather_source
    return frame
