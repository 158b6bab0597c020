"""Online genset capacity in the LP bound: commitment, minimum load and operating reserve.

Without this module the LP (:mod:`minegrid.sizing.lp`) relaxes commitment
completely: the online capacity is ``g_t / a_t`` (units always fully loaded),
so the no-load fuel ``F0``, the O&M per unit-hour and the operating reserve
cost nothing beyond the output itself. For a one-fleet system whose unit size
is fixed, or a plant of genset types (each type's unit size is fixed),
:func:`lp_commitment` adds one variable per type and step, the online rated
capacity ``z_t = n_t·P_u`` [kW] (continuous), with rows that every dispatch of
:mod:`minegrid.dispatch` satisfies (load following, cycle charging, economic
and predictive dispatch all commit at least the units of
``docs/theory/dispatch.md`` section 3; the plant's commitment of
``docs/theory/gensets.md`` covers the same capacity):

* ``g_t <= a_t·z_t`` and ``z_t <= Cap`` (a unit gives at most its available
  capacity; at most ``n_max`` units);
* minimum load ``g_t >= min(m, a_t)·z_t`` (``G >= n·P_lo``, ``P_lo = min(m·P_u, u)``);
* the operating reserve ``a_t·z_t >= c_t(e_t)``, with
  ``c_t = L(1 + r_L) + R_fix + r_peak·L_peak − (1 − r_w)·P_w − η_inv·((1 − r_pv)·P_pv
  + P_d)`` for both ``P_d = (e_t − E_min)·η_d/Δt`` and ``P_d = P_dis``
  (``P_d,avail`` is the smaller; leaving out the inverter cap of
  ``reserve_through_inverter`` only lowers ``c``; a plant sums ``a_k·z_k`` over its
  types). The rules commit
  ``n = min(n_max, max(n_r, ...))``, so ``n·u >= c`` holds only where the fleet can
  cover ``c``: in dispatch mode these rows are written at the steps where
  ``c`` with ``P_d = 0`` is at most ``n_max·u_t``; in sizing mode only when the
  requirements forbid any capacity shortage (``max_capacity_shortage_fraction=0``),
  which makes ``n·u >= c`` hold at every step of every admissible design. A plant
  with a minimum down time (which may keep units off) gets no reserve rows;
* one fleet in dispatch mode (sizes known): the integer floor ``z_t >= P_u·min(n_max, max(
  ⌈c_best/u⌉, ⌈(D − B_max)/u⌉, n_min))``, ``c_best`` and ``B_max`` at the battery's
  full discharge power (the most any energy could give), and in both modes
  ``z_t >= min(n_min·P_u, Cap_lo)`` for ``units_always_online``; the floor's
  running hours also bound the genset life from above, so its replacement factor
  is the least over lives up to that bound (not over every life).

The fuel is then HOMER's own ``m_t·(F0·z_t + F1·g_t)`` (a part-load table's
lower line, :func:`~minegrid.sizing.lpplant.lower_fuel_line`) and the O&M per
unit-hour ``o_u·z_t/P_u`` (exact), O&M per kW-hour and overhauls on ``z_t``
(exact). Each row holds for the trajectory of any dispatch, so the LP stays a
lower bound (``docs/theory/sizing.md``, "Online capacity"); it is tighter by
what commitment, minimum load and reserve cost.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..components import Project, System
from ..economics import present_worth_factor
from .lpplant import fleet_fuel_cost, lower_fuel_line, overhaul_per_kw_h, salvage_fraction
from .lpscale import min_lifecycle_factor

__all__ = ["Commitment", "lp_commitment", "commitment_rows"]


@dataclass(frozen=True, eq=False)
class Commitment:
    """The online-capacity variables of the LP (one row per genset type) and their rows."""

    c_on: np.ndarray  # (K, T) present cost per kW online at step t [currency/kW]
    c_g: np.ndarray  # (K, T) present cost per kW of output, fuel slope only [currency/kW]
    fuel_on: np.ndarray  # (K, T) fuel per kW online per hour: m_t·F0 [unit/(kW·h)]
    fuel_g: np.ndarray  # (K, T) fuel per kWh of output: m_t·F1 [unit/kWh]
    lo_frac: np.ndarray  # (K, T) minimum output per kW online: min(m, a_t) [-]
    z_lo: np.ndarray  # (K, T) least online capacity [kW]
    a: np.ndarray  # (K, T) available-capacity factor [-]
    reserve: np.ndarray  # bool (T,): steps with the reserve rows
    base: np.ndarray  # L(1 + r_L) + R_fix + r_peak·L_peak [kW]
    wind_coef: np.ndarray  # (1 − r_w)·w_t per turbine [kW]
    pv_coef: np.ndarray  # η_inv·(1 − r_pv)·p_t per kW of PV [kW]
    eta_inv: float  # [-]
    k_dis: float  # η_d/Δt [1/h]
    soc_min: float  # [-]
    c_cap: float | None = None  # one fleet in dispatch mode: the block's cost per kW
    #   installed with the genset life bounded by the floor's running hours [currency/kW]


def _ceil_units(x, u):
    """⌈x/u⌉ (0 where x <= 0 or u <= 0), a relative 1e-9 below to stay a floor."""
    ratio = np.where(u > 0, x / np.where(u > 0, u, 1.0), 0.0)
    return np.where(ratio > 0, np.ceil(ratio - 1e-9 * np.maximum(1.0, ratio)), 0.0)


def _reserve_terms(system: System, profiles, fine_profiles):
    """``(base, wind_coef, pv_coef, eta_inv, p_inv, c_worst)`` of the reserve rows;
    ``c_worst`` [kW] is c at the system's sizes with no battery discharge."""
    dis, conv = system.dispatch, system.converter
    eta_inv = 1.0 if conv is None else conv.inverter_efficiency
    p_inv = math.inf if conv is None else conv.inverter_kw
    base = profiles.load_kw * (1.0 + dis.reserve_load_fraction) + (
        dis.reserve_fixed_kw + dis.reserve_peak_load_fraction * fine_profiles.peak_kw)
    wind_coef = (1.0 - dis.reserve_wind_fraction) * profiles.wind_kw_per_turbine
    pv_coef = eta_inv * (1.0 - dis.reserve_pv_fraction) * profiles.pv_kw_per_kw
    c_worst = base - wind_coef * system.wind_or_zero.n_turbines - (
        pv_coef * system.pv_or_zero.rated_kw)
    return base, wind_coef, pv_coef, eta_inv, p_inv, c_worst


def _type_costs(fleet, unit_kw, fuel_cost, f0, f1, mult, scale):
    """``(c_on, c_g, fuel_on, fuel_g)`` of one type (T,) each; ``scale`` = PWF·k_yr·Δt."""
    per_kw_h = fleet.om_per_unit_hour / unit_kw + fleet.om_per_kw_hour + overhaul_per_kw_h(fleet)
    fuel_on = f0 * mult
    fuel_g = f1 * mult
    return (scale * (fuel_on * fuel_cost + per_kw_h), scale * fuel_g * fuel_cost, fuel_on,
            fuel_g)


def lp_commitment(system: System, profiles, fine_profiles, project: Project, space,
                  requirements, blocks) -> Commitment | None:
    """The online capacity of ``system``'s gensets (``blocks``: the LP's genset blocks,
    one per type), or None where it does not apply.

    None for aggregated LP steps (averaged steps do not keep the per-step rows), a
    one-fleet space that varies the unit size, or no gensets.
    """
    if profiles is not fine_profiles or not system.fleets:
        return None
    if system.is_plant:
        return _plant_commitment(system, profiles, fine_profiles, project, space,
                                 requirements, blocks)
    if space is not None and space.genset_kw is not None:
        return None
    block = blocks[0]
    gen, dis = system.genset, system.dispatch
    unit_kw = float(gen.unit_rated_kw if space is None or space.unit_kw is None
                    else space.unit_kw)
    if not unit_kw > 0:
        return None
    bat = system.battery_or_zero
    n_years, rate = project.lifetime_years, project.discount_rate
    pwf = present_worth_factor(rate, n_years)
    dt, kyr = profiles.dt_h, profiles.year_factor
    a = profiles.genset_availability
    L = profiles.load_kw
    T = L.size
    fuel_cost = fleet_fuel_cost(gen, project)
    c_on, c_g, fuel_on, fuel_g = _type_costs(
        gen, unit_kw, fuel_cost, gen.fuel_intercept_l_per_h_per_kw, gen.fuel_slope_l_per_kwh,
        profiles.genset_fuel_multiplier, pwf * kyr * dt)
    lo_frac = np.minimum(gen.min_load_ratio, a)
    n_min = dis.units_always_online
    on = a > 0
    z_lo = np.where(on, min(n_min * unit_kw, block.lo), 0.0)
    base, wind_coef, pv_coef, eta_inv, p_inv, c_worst = _reserve_terms(system, profiles,
                                                                         fine_profiles)
    k_dis = bat.discharge_efficiency / dt
    c_cap = None
    if space is None:
        n_max = float(gen.n_units)
        u = unit_kw * a
        P_pv = system.pv_or_zero.rated_kw * profiles.pv_kw_per_kw
        P_w = system.wind_or_zero.n_turbines * profiles.wind_kw_per_turbine
        p_dis = bat.discharge_power_kw if bat.energy_kwh > 0 else 0.0
        c_best = c_worst - eta_inv * p_dis
        d0 = np.maximum(L - P_w, 0.0)
        pv_ac = np.minimum(np.minimum(P_pv * eta_inv, p_inv), d0)
        deficit = d0 - pv_ac
        b_max = np.minimum(p_dis * eta_inv, p_inv - pv_ac)
        n_lo = np.maximum(np.maximum(_ceil_units(c_best, u), _ceil_units(deficit - b_max, u)),
                          float(n_min))
        z_lo = np.where(on, np.minimum(n_max, n_lo) * unit_kw, 0.0)
        reserve = on & (c_worst <= n_max * u)
        # the floor's running hours bound the genset life from above: life_hours per
        # running hour of a unit (economics); its lifecycle factor is the least over
        # lives up to that bound
        unit_h = float(np.sum(z_lo) / unit_kw * dt * kyr)
        if unit_h > 0 and gen.n_units > 0:
            h_gen = min_lifecycle_factor(gen.replacement_ratio, salvage_fraction(gen, project),
                                         gen.life_hours * gen.n_units / unit_h, n_years, rate)
            c_cap = gen.capex_per_kw * (1.0 + h_gen) + (
                gen.om_per_kw_year * pwf if gen.om_per_kw_year else 0.0)
    elif requirements is not None and requirements.max_capacity_shortage_fraction == 0:
        reserve = on.copy()
    else:
        reserve = np.zeros(T, bool)
    return Commitment(c_on=c_on[None], c_g=c_g[None], fuel_on=fuel_on[None],
                      fuel_g=fuel_g[None], lo_frac=lo_frac[None], z_lo=z_lo[None], a=a[None],
                      reserve=reserve, base=base, wind_coef=wind_coef, pv_coef=pv_coef,
                      eta_inv=eta_inv, k_dis=k_dis, soc_min=bat.soc_min, c_cap=c_cap)


def _plant_commitment(system: System, profiles, fine_profiles, project: Project, space,
                      requirements, blocks) -> Commitment:
    """One online capacity per genset type of a plant (types as listed, as the blocks)."""
    from ..dispatch.plant import fuel_cost_per_unit, listed_profiles

    fleets = system.fleets
    avail, _, mult = listed_profiles(system, profiles)
    n_years, rate = project.lifetime_years, project.discount_rate
    scale = present_worth_factor(rate, n_years) * profiles.year_factor * profiles.dt_h
    rows = []
    for k, f in enumerate(fleets):
        a = np.ascontiguousarray(avail[k])
        f0, f1 = lower_fuel_line(f)
        rows.append((*_type_costs(f, f.unit_rated_kw, fuel_cost_per_unit(f, project), f0, f1,
                                  mult[k], scale), np.minimum(f.min_load_ratio, a), a))
    c_on, c_g, fuel_on, fuel_g, lo_frac, a = (np.array([r[i] for r in rows]) for i in range(6))
    base, wind_coef, pv_coef, eta_inv, _, c_worst = _reserve_terms(system, profiles,
                                                                     fine_profiles)
    # a minimum down time may keep units off with capacity to spare: no reserve rows then
    free = all(math.ceil(round(f.min_down_h / profiles.dt_h, 9)) <= 1 for f in fleets)
    on = (a > 0).any(axis=0)
    if not free:
        reserve = np.zeros(a.shape[1], bool)
    elif space is None:
        cap = sum(blk.lo * blk.a for blk in blocks)
        reserve = on & (c_worst <= cap)
    elif requirements is not None and requirements.max_capacity_shortage_fraction == 0:
        reserve = on.copy()
    else:
        reserve = np.zeros(a.shape[1], bool)
    bat = system.battery_or_zero
    return Commitment(c_on=c_on, c_g=c_g, fuel_on=fuel_on, fuel_g=fuel_g, lo_frac=lo_frac,
                      z_lo=np.zeros_like(a), a=a, reserve=reserve, base=base,
                      wind_coef=wind_coef, pv_coef=pv_coef, eta_inv=eta_inv,
                      k_dis=bat.discharge_efficiency / profiles.dt_h, soc_min=bat.soc_min)


def commitment_rows(cm: Commitment, block, *, g_cols, z_cols, e_col: np.ndarray,
                    cap_cols, power, k_dis_ratio: float):
    """The rows ``A x <= b`` of the online capacity, as a list of (matrix, rhs).

    ``block(rows, cols, vals, n_rows)`` builds a sparse block over the LP's
    columns; ``g_cols[k]``, ``z_cols[k]`` the columns of type k's g_t and z_t,
    ``e_col`` those of e_t (T each, e_t the energy at the start of step t),
    ``cap_cols[k]`` type k's installed capacity, ``power`` the battery power mode
    of the LP (``("fixed", ch, dis, kw)`` or a variable ``Pb`` in column 3 with
    ``P_dis = k_dis_ratio·Pb``).
    """
    T = e_col.size
    r = np.arange(T)
    ones = np.ones(T)
    out = []
    for k in range(len(g_cols)):
        g_col, z_col = g_cols[k], z_cols[k]
        # g_t − a_t·z_t <= 0 ;  z_t − Cap <= 0 ;  min(m, a_t)·z_t − g_t <= 0
        out.append((block(np.concatenate([r, r]), np.concatenate([g_col, z_col]),
                          np.concatenate([ones, -cm.a[k]]), T), np.zeros(T)))
        out.append((block(np.concatenate([r, r]), np.concatenate(
            [z_col, np.full(T, cap_cols[k])]), np.concatenate([ones, -ones]), T), np.zeros(T)))
        out.append((block(np.concatenate([r, r]), np.concatenate([z_col, g_col]),
                          np.concatenate([cm.lo_frac[k], -ones]), T), np.zeros(T)))
    t = np.flatnonzero(cm.reserve)
    n = t.size
    if n == 0:
        return out
    j = np.arange(n)
    K = len(z_cols)
    zr = np.concatenate([j] * K)
    zc = np.concatenate([z_cols[k][t] for k in range(K)])
    zv = np.concatenate([-cm.a[k][t] for k in range(K)])
    ek = cm.eta_inv * cm.k_dis
    # -Σ a z - (1-r_w) w N - η(1-r_pv) p S - η k_dis (e - soc_min E) <= -base
    rows = np.concatenate([zr, j, j, j, j])
    cols = np.concatenate([zc, np.ones(n, int), np.zeros(n, int), e_col[t], np.full(n, 2)])
    vals = np.concatenate([zv, -cm.wind_coef[t], -cm.pv_coef[t], np.full(n, -ek),
                           np.full(n, ek * cm.soc_min)])
    out.append((block(rows, cols, vals, n), -cm.base[t]))
    # the same with P_d = P_dis
    if power[0] == "fixed":
        rows = np.concatenate([zr, j, j])
        cols = np.concatenate([zc, np.ones(n, int), np.zeros(n, int)])
        vals = np.concatenate([zv, -cm.wind_coef[t], -cm.pv_coef[t]])
        rhs = -cm.base[t] + cm.eta_inv * float(power[2])
    else:
        rows = np.concatenate([zr, j, j, j])
        cols = np.concatenate([zc, np.ones(n, int), np.zeros(n, int), np.full(n, 3)])
        vals = np.concatenate([zv, -cm.wind_coef[t], -cm.pv_coef[t],
                               np.full(n, -cm.eta_inv * k_dis_ratio)])
        rhs = -cm.base[t]
    out.append((block(rows, cols, vals, n), rhs))
    return out
