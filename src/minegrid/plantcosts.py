"""Costs of a genset plant, type by type, and its fuels (``docs/theory/gensets.md``).

:func:`price_plant` prices the genset types of one design from their yearly
operation (unit-hours, starts, fuel by the curve) with the conventions of
:mod:`minegrid.economics` (capital at year 0, replacements at each life,
linear salvage, yearly costs discounted), and :func:`fuel_use` turns each
type's curve fuel into quantities, costs and CO2 per fuel.

Owned units (``existing_units``) cost no capital. Without a remaining life they
are replaced and salvaged like new ones (the whole type is priced, then the
owned capital credited, as for one fleet); with ``existing_remaining_life_hours``
r they are first replaced after ``r / H`` years (H running hours per unit per
year), then every life, and valued at the end on their replacement cost (an
owned unit never replaced within the project has no salvage: it was not paid).
"""

from __future__ import annotations

import math

import numpy as np

from .components.fuel import fuel_of
from .economics import CATEGORIES, lifecycle_factors, present_worth_factor

__all__ = ["fuel_use", "price_plant", "plant_fuel_summary"]


def fuel_use(fleet, curve_fuel: float, starts: float) -> list[tuple]:
    """``(fuel, quantity)`` burnt by a type in a year: curve fuel plus start fuel, split
    over its fuels (a :class:`~minegrid.DualFuel` burns gas and pilot diesel). [unit/year]"""
    total = curve_fuel + starts * fleet.start_fuel_per_start
    return [(fuel, total * share) for fuel, share in fuel_of(fleet.fuel)]


def _owned_schedule(first_years: float, life_years: float, n: int, rate: float):
    """Replacement and salvage factors of owned units first replaced after ``first_years``.

    Returns ``(replacement, salvage)``: ``Σ d^t`` over replacement times
    ``t = first, first + L, ... < N`` and ``(remaining / L)·d^N`` after the last
    one (0 when none falls within the project). [-]
    """
    d = 1.0 / (1.0 + rate)
    if not math.isfinite(first_years) or first_years >= n:
        return 0.0, 0.0
    times = []
    t = first_years
    while t < n:
        times.append(t)
        if not math.isfinite(life_years) or life_years <= 0:
            break
        t += life_years
    replacement = float(sum(d**x for x in times))
    if not math.isfinite(life_years):
        return replacement, d**n
    remaining = times[-1] + life_years - n
    return replacement, (remaining / life_years) * d**n


def price_plant(system, fleet_year: np.ndarray, project, *, table: bool = True) -> dict:
    """Present-value costs of each genset type of one design and their sum.

    Parameters
    ----------
    system : System
        The design (its ``fleets``).
    fleet_year : numpy.ndarray
        (K, 6) yearly per-type totals, types as listed, columns
        :data:`minegrid.dispatch.plant.FLEET_STAT_NAMES` (unit_h, starts,
        gen_kwh, curve_fuel, max_units, fleet_h). [per year]
    project : Project

    Returns
    -------
    dict
        ``types``: {name: {category: value, "life_years", "replacement_cost"}}
        [currency, year]; ``genset``: the same summed over types (life: the
        shortest); ``fuels``: the :func:`plant_fuel_summary` table (its rows as
        dicts when ``table`` is false, which is faster for batches).
    """
    n = project.lifetime_years
    rate = project.discount_rate
    pwf = present_worth_factor(rate, n)
    types = {}
    fuels = []
    for k, fleet in enumerate(system.fleets):
        unit_h, starts = float(fleet_year[k, 0]), float(fleet_year[k, 1])
        curve_fuel = float(fleet_year[k, 3])
        p_u, n_units, owned = fleet.unit_rated_kw, fleet.n_units, fleet.existing_units
        hours = unit_h / n_units if n_units > 0 else 0.0
        life = fleet.life_hours / hours if hours > 0 else math.inf
        cap_all = n_units * p_u * fleet.capex_per_kw
        cap_owned = owned * p_u * fleet.capex_per_kw
        rep_f, salv_f = (float(v) for v in lifecycle_factors(life, n, rate))
        ratio = fleet.replacement_ratio
        basis = ratio if project.salvage_basis == "replacement" else 1.0
        if fleet.existing_remaining_life_hours is None:
            replacement = cap_all * ratio * rep_f
            salvage = -cap_all * basis * fleet.salvage_ratio * salv_f
        else:
            cap_new = cap_all - cap_owned
            first = fleet.existing_remaining_life_hours / hours if hours > 0 else math.inf
            o_rep, o_salv = _owned_schedule(first, life, n, rate)
            replacement = cap_new * ratio * rep_f + cap_owned * ratio * o_rep
            salvage = -(cap_new * basis * fleet.salvage_ratio * salv_f
                        + cap_owned * ratio * fleet.salvage_ratio * o_salv)
        overhaul = (unit_h / fleet.overhaul_interval_hours * p_u * fleet.overhaul_cost_per_kw
                    if fleet.overhaul_interval_hours else 0.0)
        om_year = (unit_h * fleet.om_per_unit_hour + unit_h * p_u * fleet.om_per_kw_hour
                   + n_units * p_u * fleet.om_per_kw_year + starts * fleet.start_cost + overhaul)
        fuel_year = carbon_year = 0.0
        for fuel, qty in fuel_use(fleet, curve_fuel, starts):
            price = fuel.price(project)
            co2_t = qty * fuel.co2_kg_per_unit / 1000.0
            fuel_year += qty * price
            carbon_year += co2_t * project.carbon_price_per_t
            fuels.append({"type": fleet.name, "fuel": fuel.name, "unit": fuel.unit,
                          "kind": fuel.kind, "delivery": fuel.delivery,
                          "quantity_per_year": qty, "price_per_unit": price,
                          "cost_per_year": qty * price, "co2_t_per_year": co2_t})
        types[fleet.name] = {
            "capital": cap_all - cap_owned, "replacement": replacement, "om": om_year * pwf,
            "fuel": fuel_year * pwf, "carbon": carbon_year * pwf, "salvage": salvage,
            "life_years": life, "replacement_cost": cap_all * ratio,
        }
    total = {c: sum(t[c] for t in types.values()) for c in CATEGORIES}
    total["life_years"] = min((t["life_years"] for t in types.values()), default=math.inf)
    total["replacement_cost"] = sum(t["replacement_cost"] for t in types.values())
    return {"types": types, "genset": total,
            "fuels": plant_fuel_summary(fuels) if table else fuels}


def plant_fuel_summary(rows: list[dict]):
    """Rows of fuel use per type and fuel as a DataFrame, plus totals per fuel.

    Columns: type, fuel, unit, kind, delivery, quantity_per_year [unit/year],
    price_per_unit [currency/unit], cost_per_year [currency/year],
    co2_t_per_year [t/year].
    """
    import pandas as pd

    return pd.DataFrame(rows, columns=["type", "fuel", "unit", "kind", "delivery",
                                       "quantity_per_year", "price_per_unit", "cost_per_year",
                                       "co2_t_per_year"])
