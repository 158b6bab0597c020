"""The gensets of the LP bound: one fleet, or a plant of genset types, as blocks of the LP.

:func:`lp_gensets` turns the system's gensets into one :class:`GenBlock` per
genset type (one for a one-fleet system): the bounds of the type's installed
capacity ``Cap_k`` [kW], its cost per kW installed and per kW of output at
each step, its fuel and CO2 per kW of output, and the rows of the N+1
requirement. :mod:`minegrid.sizing.lp` assembles them into the LP. A one-fleet
system (not :attr:`System.is_plant`) gets the numbers the LP bound always had
(:func:`fleet_gensets`); a plant gets one block per type (:func:`plant_gensets`)
with the type's own fuel, fuel curve (a part-load table's lower line),
derating, costs and owned units. Every cost is a lower bound of what
:func:`minegrid.plantcosts.price_plant` charges the same operation; the proof
is in ``docs/theory/sizing.md`` ("The genset plant in the LP").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..components import Project, System
from ..economics import present_worth_factor
from ..errors import check
from .lpscale import min_lifecycle_factor

__all__ = ["GenBlock", "Gensets", "lp_gensets", "fleet_gensets", "plant_gensets",
           "lower_fuel_line", "salvage_fraction", "overhaul_per_kw_h", "fleet_fuel_cost"]


@dataclass(frozen=True, eq=False)
class GenBlock:
    """One genset type in the LP: capacity ``Cap`` in [lo, hi] and output ``g_t <= a_t·Cap``."""

    name: str
    c_cap: float  # present cost per kW installed: capital·(1 + h*) + fixed O&M·PWF [currency/kW]
    lo: float  # least capacity [kW]
    hi: float  # most capacity [kW]
    a: np.ndarray  # available-capacity factor on the LP's steps (T,) [-]
    c_g: np.ndarray  # present cost per kW of output at step t (T,) [currency/kW]
    fuel_per_kwh: np.ndarray  # curve fuel per kWh of output, fuel multiplier included (T,)
    diesel_per_unit: float  # litres of diesel per unit of the curve [L/unit]
    co2_kg_per_unit: float  # CO2 per unit of the curve [kg/unit]
    capex_per_kw: float  # capital of a new kW (the max_capital row) [currency/kW]
    a_firm: float  # availability of the firm-capacity requirements (N+1, motor start) [-]


@dataclass(frozen=True, eq=False)
class Gensets:
    """Every genset block of the LP and the constants that go with them."""

    blocks: tuple[GenBlock, ...]
    credit: float  # subtracted from the objective: owned capital (and its lifecycle) [currency]
    capital_credit: float  # capital of the owned units, added to max_capital [currency]
    n_plus_1: tuple  # rows sum_k coef_k·Cap_k >= rhs: ((coefs (K,), rhs [kW]), ...)
    peak_kw: float  # peak load of the motor-start requirement [kW]
    plant: bool


def lp_gensets(system: System, profiles, fine_profiles, project: Project, space) -> Gensets:
    """The genset blocks of ``system`` on the LP's ``profiles`` (``space``: sizing mode)."""
    if system.is_plant:
        return plant_gensets(system, profiles, fine_profiles, project, space)
    return fleet_gensets(system, profiles, project, space)


def salvage_fraction(c, project: Project) -> float:
    """Salvage per unit of capital: on the replacement cost with HOMER's basis."""
    basis = c.replacement_ratio if project.salvage_basis == "replacement" else 1.0
    return c.salvage_ratio * basis


def _inverse(a: np.ndarray) -> np.ndarray:
    on = a > 0
    return np.where(on, 1.0 / np.where(on, a, 1.0), 0.0)


def fleet_gensets(system: System, profiles, project: Project, space) -> Gensets:
    """The one fleet of a system that is not a plant: one block, as the LP always had it.

    The unit O&M is bounded with the largest unit of the space; O&M per kW-hour,
    overhauls and fixed O&M (zero in most one-fleet systems) and the fuel
    multiplier are added so that they are exact no-ops when absent.
    """
    gen = system.genset_or_zero
    n_years, rate = project.lifetime_years, project.discount_rate
    pwf = present_worth_factor(rate, n_years)
    dt, kyr = profiles.dt_h, profiles.year_factor
    a = profiles.genset_availability
    if space is None:
        lo = hi = gen.n_units * gen.unit_rated_kw
        unit_max, credit_kw, unit_kw, units_fixed = (gen.unit_rated_kw, gen.existing_units
                                                     * gen.unit_rated_kw, gen.unit_rated_kw, None)
    elif space.genset_kw is not None:
        lo, hi = (space.genset_kw if isinstance(space.genset_kw, tuple)
                  else (space.genset_kw, space.genset_kw))
        unit_max = unit_kw = hi / space.genset_units
        credit_kw, units_fixed = 0.0, space.genset_units
    else:
        unit_max = unit_kw = float(space.unit_kw if space.unit_kw is not None
                                   else gen.unit_rated_kw)
        owned = space.existing_units or gen.existing_units
        # as the sizing evaluator: free counts are new units besides the owned ones
        ex = owned if space.n_units is not None and isinstance(space.n_units, tuple) else (
            space.existing_units)
        n = space.n_units
        lo_n, hi_n = (n if isinstance(n, tuple) else
                      (float(gen.n_units),) * 2 if n is None else (float(n), float(n)))
        lo, hi = (lo_n + ex) * unit_kw, (hi_n + ex) * unit_kw
        credit_kw, units_fixed = owned * unit_kw, None
    h_gen = min_lifecycle_factor(gen.replacement_ratio, salvage_fraction(gen, project), math.inf,
                                 n_years, rate)
    c_cap = gen.capex_per_kw * (1.0 + h_gen)
    if gen.om_per_kw_year:
        c_cap = c_cap + gen.om_per_kw_year * pwf
    f0, f1 = gen.fuel_intercept_l_per_h_per_kw, gen.fuel_slope_l_per_kwh
    fuel_cost = fleet_fuel_cost(gen, project)
    inv_a = _inverse(a)
    fuel_per_kwh = (f1 + f0 * inv_a) * profiles.genset_fuel_multiplier  # [L/kWh] at step t
    om_per_kwh = (gen.om_per_unit_hour / unit_max) * inv_a if unit_max > 0 else 0.0 * inv_a
    per_kw_h = gen.om_per_kw_hour + overhaul_per_kw_h(gen)
    if per_kw_h:
        om_per_kwh = om_per_kwh + per_kw_h * inv_a
    c_g = pwf * kyr * dt * (fuel_per_kwh * fuel_cost + om_per_kwh)
    a_min, peak = float(np.min(a)), float(np.max(profiles.load_kw))
    if units_fixed is None:
        need = peak / a_min + unit_kw if a_min > 0 else math.inf
    else:
        need = (units_fixed / (units_fixed - 1) * peak / a_min
                if units_fixed > 1 and a_min > 0 else math.inf)
    block = GenBlock(name=gen.name, c_cap=c_cap, lo=float(lo), hi=float(hi), a=a, c_g=c_g,
                     fuel_per_kwh=fuel_per_kwh, diesel_per_unit=1.0,
                     co2_kg_per_unit=gen.co2_kg_per_l, capex_per_kw=gen.capex_per_kw,
                     a_firm=a_min)
    credit = credit_kw * gen.capex_per_kw
    return Gensets(blocks=(block,), credit=credit, capital_credit=credit,
                   n_plus_1=((np.array([1.0]), need if math.isfinite(need) else 1e30),),
                   peak_kw=peak, plant=False)


def fleet_fuel_cost(gen, project: Project) -> float:
    """One fleet's diesel price plus the carbon price of its CO2 per litre. [currency/L]"""
    return gen.fuel.price(project) + project.carbon_price_per_t * gen.co2_kg_per_l / 1e3


def overhaul_per_kw_h(fleet) -> float:
    """Overhaul cost per kW rated per running hour. [currency/(kW·h)]"""
    if not fleet.overhaul_interval_hours:
        return 0.0
    return fleet.overhaul_cost_per_kw / fleet.overhaul_interval_hours


def lower_fuel_line(fleet) -> tuple[float, float]:
    """``(F0, F1)`` with ``F0 >= 0`` and ``F0·P + F1·x`` at most the fuel of one unit at
    every output ``0 <= x <= P``. [unit/(h·kW), unit/kWh]

    The linear curve as it is; a part-load table's lower line
    (:meth:`GensetFleet.linear_curve`), or, should that line cut the axis below
    zero, the line through the origin under every point of the table
    (``F1 = min f_i / x_i``: the table is piecewise linear with ``f(0) >= 0``).
    """
    f0, f1 = fleet.linear_curve()
    if f0 >= 0.0:
        return f0, f1
    p = fleet.unit_rated_kw
    pts = fleet.table_points()
    return 0.0, min(f / (p * x) for f, x in zip(pts[1:], (0.25, 0.5, 0.75, 1.0), strict=True))


def _type_bounds(fleet, space) -> tuple[float, float]:
    """Units of a type: the template's count, or owned + the space's new units. [-]"""
    if space is None or fleet.name not in (space.type_units or {}):
        return float(fleet.n_units), float(fleet.n_units)
    v = space.type_units[fleet.name]
    lo, hi = v if isinstance(v, tuple) else (v, v)
    return lo + fleet.existing_units, hi + fleet.existing_units


def _check_plant_space(system: System, space) -> None:
    """The checks of the sizing evaluator: a plant is sized by ``type_units`` only."""
    for other in ("n_units", "unit_kw", "genset_kw"):
        check(getattr(space, other) is None, f"space.{other}", getattr(space, other),
              "sizes one genset fleet, but the system has a plant of genset types",
              "size the types with DesignSpace(type_units={'<type>': (low, high)})")
    check(not space.existing_units, "space.existing_units", space.existing_units,
          "is for one fleet", "give owned units as GensetFleet.existing_units of each type")
    names = [f.name for f in system.fleets]
    unknown = sorted(set(space.type_units or {}) - set(names))
    check(not unknown, "space.type_units", unknown, "names genset types the system does "
          "not have", f"use the types' names {names}")


def plant_gensets(system: System, profiles, fine_profiles, project: Project,
                  space) -> Gensets:
    """One block per genset type of a plant (types as listed).

    Per type k (``docs/theory/sizing.md``): output cost
    ``PWF·k_yr·Δt·[φ_k(t)·(F1_k + F0_k/a_k(t))·c_fuel,k + (om_uh,k/P_k + om_kWh,k
    + overhaul_k/interval_k)/a_k(t)]`` per kW, capacity cost
    ``capex_k·(1 + h*_k) + om_kW-yr,k·PWF`` per kW, owned units credited their
    capital (and, with a remaining life, their lifecycle factor, whose minimum is 0).
    The firm-capacity requirements use each type's worst availability over the
    fine profiles, as the sizing evaluator does.
    """
    from ..dispatch.plant import fuel_cost_per_unit, listed_profiles, worst_availability

    if space is not None:
        _check_plant_space(system, space)
    fleets = system.fleets
    avail, _, mult = listed_profiles(system, profiles)
    worst = worst_availability(system, fine_profiles)
    n_years, rate = project.lifetime_years, project.discount_rate
    pwf = present_worth_factor(rate, n_years)
    dt, kyr = profiles.dt_h, profiles.year_factor
    blocks, credit, capital_credit = [], 0.0, 0.0
    for k, f in enumerate(fleets):
        p = f.unit_rated_kw
        lo_n, hi_n = _type_bounds(f, space)
        a = np.ascontiguousarray(avail[k])
        inv_a = _inverse(a)
        f0, f1 = lower_fuel_line(f)
        fuel_per_kwh = (f1 + f0 * inv_a) * mult[k]  # [curve unit/kWh]
        om_per_kwh = (f.om_per_unit_hour / p + f.om_per_kw_hour + overhaul_per_kw_h(f)) * inv_a
        c_g = pwf * kyr * dt * (fuel_per_kwh * fuel_cost_per_unit(f, project) + om_per_kwh)
        h_new = min_lifecycle_factor(f.replacement_ratio, salvage_fraction(f, project), math.inf,
                                     n_years, rate)
        owned_cap = f.existing_units * p * f.capex_per_kw
        capital_credit += owned_cap
        # owned units with a remaining life: replacement minus salvage >= 0 (h_own* = 0)
        credit += owned_cap * (1.0 + h_new if f.existing_remaining_life_hours is not None
                               else 1.0)
        parts = _fuel_parts(f)
        blocks.append(GenBlock(
            name=f.name, c_cap=f.capex_per_kw * (1.0 + h_new) + f.om_per_kw_year * pwf,
            lo=lo_n * p, hi=hi_n * p, a=a, c_g=c_g, fuel_per_kwh=fuel_per_kwh,
            diesel_per_unit=parts[0], co2_kg_per_unit=parts[1], capex_per_kw=f.capex_per_kw,
            a_firm=float(worst[k]) if worst.size else 1.0))
    peak = float(np.max(fine_profiles.load_kw))
    return Gensets(blocks=tuple(blocks), credit=credit, capital_credit=capital_credit,
                   n_plus_1=_plant_n_plus_1(fleets, blocks, peak), peak_kw=peak, plant=True)


def _fuel_parts(fleet) -> tuple[float, float]:
    """``(diesel L, CO2 kg)`` per unit of the type's curve."""
    from ..components.fuel import fuel_of

    parts = fuel_of(fleet.fuel)
    diesel = sum(share for fuel, share in parts if fuel.unit == "L")
    return float(diesel), float(sum(share * fuel.co2_kg_per_unit for fuel, share in parts))


def _plant_n_plus_1(fleets, blocks, peak: float) -> tuple:
    """Linear rows implied by the plant's N+1, ``Σ_k a_k·Cap_k − max_{k built} D_k ≥ peak``.

    ``D_k = P_k·a_k`` is a derated unit of type k, ``a_k`` its worst availability.
    With ``F = Σ_k a_k·Cap_k``, every design that meets N+1 has
    ``F ≥ peak + D_j`` for each type j it builds, hence:

    * ``F ≥ peak + D_min``, D_min the least positive D_k among types that may be
      built (when peak > 0 some type with D_k > 0 must be built);
    * ``F ≥ peak + D_j`` for each type that always has a unit (owned or a floor);
    * ``F ≥ peak + D_j·Cap_j/Cap_j,max`` for each type that may have none
      (0 units: ``F ≥ peak`` holds; ≥ 1 unit: ``Cap_j/Cap_j,max ≤ 1``).
    """
    a = np.array([b.a_firm for b in blocks])
    d = np.array([f.unit_rated_kw * b.a_firm for f, b in zip(fleets, blocks, strict=True)])
    possible = [k for k, b in enumerate(blocks) if b.hi > 0 and d[k] > 0]
    d_min = min((d[k] for k in possible), default=0.0) if peak > 0 else 0.0
    rows = [(a, peak + d_min)]
    for k, f in enumerate(fleets):
        b = blocks[k]
        if b.lo >= f.unit_rated_kw:
            rows.append((a, peak + d[k]))
        elif k in possible:
            coefs = a.copy()
            coefs[k] -= d[k] / b.hi
            rows.append((coefs, peak))
    return tuple(rows)
