"""Compiled dispatch kernels (numba). Private: see :mod:`minegrid.dispatch`.

The kernels see only float64 arrays and scalars. Validation happens in the
public wrappers; nothing here raises, allocates inside the time loop, or
touches pandas. One loop body (:func:`run_design`) serves both the
statistics-only mode and the trajectory mode, so the two agree exactly.

Design parameters travel in one float64 vector per design, indexed by the
``P_*`` constants; statistics come back in one vector indexed by ``S_*``;
trajectories in a (n_steps, N_TRAJ) array indexed by ``T_*``.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, prange

# ---- design parameter vector -------------------------------------------------------------
P_PV_KW = 0  # installed PV [kW DC]
P_WIND_N = 1  # number of turbines [-]
P_E_KWH = 2  # battery rated energy [kWh]
P_PCH_KW = 3  # battery charge limit [kW]
P_PDIS_KW = 4  # battery discharge limit [kW]
P_ETA_C = 5  # charge efficiency [-]
P_ETA_D = 6  # discharge efficiency [-]
P_SOC_MIN = 7
P_SOC_MAX = 8
P_SOC_INI = 9
P_UNIT_KW = 10  # genset unit rating [kW]
P_N_UNITS = 11  # genset units installed [-]
P_MIN_LOAD = 12  # minimum load ratio [-]
P_F0 = 13  # fuel intercept [L/(kW h)]
P_F1 = 14  # fuel slope [L/kWh]
P_STRATEGY = 15  # 0 load following, 1 cycle charging
P_CC_SP = 16  # cycle-charging set-point SoC [-]
P_R_LOAD = 17  # reserve fractions [-]
P_R_PV = 18
P_R_WIND = 19
N_PARAMS = 20

# ---- statistics vector (totals over the simulated period) ---------------------------------
S_LOAD_KWH = 0
S_SERVED_KWH = 1
S_UNSERVED_KWH = 2
S_UNSERVED_MAX_KW = 3
S_UNSERVED_H = 4
S_UNSERVED_LONGEST_H = 5
S_PV_KWH = 6  # PV potential (before curtailment)
S_WIND_KWH = 7  # wind potential
S_CURTAILED_KWH = 8  # renewable energy curtailed
S_DUMPED_KWH = 9  # genset energy dumped (from minimum load)
S_GEN_KWH = 10  # genset production (incl. dumped)
S_GEN_MAX_KW = 11
S_UNIT_H = 12  # unit running hours, summed over units
S_FLEET_H = 13  # hours with at least one unit running
S_STARTS = 14
S_FUEL_L = 15
S_CH_KWH = 16  # energy into the battery at the bus
S_DIS_KWH = 17  # energy out of the battery at the bus
S_CH_GEN_KWH = 18  # part of S_CH_KWH from gensets
S_E_END_KWH = 19  # stored energy at the end
S_CAP_SHORT_KWH = 20  # operating-capacity shortage (reserve not met)
S_CAP_SHORT_MAX_KW = 21
S_MAX_UNITS = 22  # most units online at once
S_CAP_SHORT_H = 23
S_CURTAILED_MAX_KW = 24
N_STATS = 25

# ---- trajectory columns -------------------------------------------------------------------
T_LOAD = 0
T_PV = 1  # PV potential [kW]
T_WIND = 2  # wind potential [kW]
T_GEN = 3  # genset output [kW]
T_UNITS = 4  # units online [-]
T_BATT = 5  # battery power at the bus, > 0 discharging [kW]
T_SOC = 6  # state of charge at the END of the step [-]
T_UNSERVED = 7
T_CURTAILED = 8
T_DUMPED = 9
T_RESERVE = 10  # operating reserve required [kW]
T_CAP_SHORT = 11  # operating-capacity shortage [kW]
T_FUEL = 12  # fuel rate [L/h]
N_TRAJ = 13


@njit(cache=True, nogil=True)
def run_design(load, pv_pu, wind_pu, inv_avail, avail, dt, p, out, traj, record):
    """Simulate one design over the profile; write totals into ``out``.

    Parameters
    ----------
    load, pv_pu, wind_pu : float64[n]
        Load [kW], PV [kW/kW DC], wind [kW/turbine].
    inv_avail, avail : float64[n]
        Genset available-capacity factor ``a`` [-] and ``1/a`` (0 where a = 0).
    dt : float
        Time step. [h]
    p : float64[N_PARAMS]
        Design parameters.
    out : float64[N_STATS]
        Statistics, overwritten.
    traj : float64[n, N_TRAJ]
        Trajectories, written only when ``record``.
    record : bool
    """
    n = load.shape[0]
    pv_kw = p[P_PV_KW]
    wind_n = p[P_WIND_N]
    e_rated = p[P_E_KWH]
    pch_max = p[P_PCH_KW]
    pdis_max = p[P_PDIS_KW]
    eta_c = p[P_ETA_C]
    eta_d = p[P_ETA_D]
    e_min = p[P_SOC_MIN] * e_rated
    e_max = p[P_SOC_MAX] * e_rated
    e = p[P_SOC_INI] * e_rated
    e_sp = p[P_CC_SP] * e_rated
    unit_kw = p[P_UNIT_KW]
    n_units = p[P_N_UNITS]
    unit_min_kw = p[P_MIN_LOAD] * unit_kw
    f0_unit = p[P_F0] * unit_kw
    f1 = p[P_F1]
    cycle_charging = p[P_STRATEGY] > 0.5
    r_load = p[P_R_LOAD]
    r_pv = p[P_R_PV]
    r_wind = p[P_R_WIND]
    inv_unit_kw = 1.0 / unit_kw if unit_kw > 0.0 else 0.0
    # battery power limits from stored energy: P_dis <= (E - E_min)·η_d/Δt,
    # P_ch <= (E_max - E)/(η_c·Δt); energy update E += (η_c·P_ch − P_dis/η_d)·Δt
    k_dis = eta_d / dt
    k_ch = 1.0 / (eta_c * dt)
    c_ch = eta_c * dt
    c_dis = dt / eta_d

    # hour statistics count steps and are multiplied by dt at the end (exact for dt < 1)
    load_kwh = 0.0
    unserved_kwh = 0.0
    unserved_max = 0.0
    unserved_h = 0.0
    run_h = 0.0
    longest_h = 0.0
    pv_kwh = 0.0
    wind_kwh = 0.0
    curtailed_kwh = 0.0
    dumped_kwh = 0.0
    gen_kwh = 0.0
    gen_max = 0.0
    unit_h = 0.0
    fleet_h = 0.0
    starts = 0.0
    fuel_l = 0.0
    ch_kwh = 0.0
    dis_kwh = 0.0
    ch_gen_kwh = 0.0
    cap_short_kwh = 0.0
    cap_short_max = 0.0
    cap_short_h = 0.0
    curtailed_max = 0.0
    max_units = 0.0
    units_prev = 0.0

    for t in range(n):
        load_t = load[t]
        ppv = pv_kw * pv_pu[t]
        pwind = wind_n * wind_pu[t]
        net = load_t - (ppv + pwind)
        deficit = net if net > 0.0 else 0.0
        surplus = -net if net < 0.0 else 0.0

        # what the battery can do this step
        pd_avail = (e - e_min) * k_dis
        if pd_avail > pdis_max:
            pd_avail = pdis_max
        if pd_avail < 0.0:
            pd_avail = 0.0
        pc_avail = (e_max - e) * k_ch
        if pc_avail > pch_max:
            pc_avail = pch_max
        if pc_avail < 0.0:
            pc_avail = 0.0

        # commitment: fewest units with  units·a·P_unit + P_dis,avail >= net load⁺ + reserve
        reserve = r_load * load_t + r_pv * ppv + r_wind * pwind
        c_req = deficit + reserve - pd_avail
        units = 0.0
        if c_req > 0.0:
            x = c_req * inv_unit_kw * inv_avail[t]
            # compare before ceil: x may be huge when a(t) is tiny
            units = n_units if x >= n_units else math.ceil(x)
        unit_max_kw = unit_kw * avail[t]
        unit_lo_kw = unit_min_kw if unit_min_kw < unit_max_kw else unit_max_kw
        cap_max = units * unit_max_kw
        cap_min = units * unit_lo_kw
        cap_short = c_req - cap_max
        if cap_short < 0.0:
            cap_short = 0.0

        # dispatch
        gen = 0.0
        dis = 0.0
        unserved = 0.0
        excess = 0.0  # genset output above the load (from minimum load or charging)
        if cycle_charging:
            if units > 0.0:
                # run as hard as load + charging towards the set-point can absorb
                re_ch = surplus if surplus < pc_avail else pc_avail
                sp_room = (e_sp - e) * k_ch
                if sp_room > pch_max:
                    sp_room = pch_max
                sp_room -= re_ch
                if sp_room < 0.0:
                    sp_room = 0.0
                gen = deficit + sp_room
                if gen < cap_min:
                    gen = cap_min
                if gen > cap_max:
                    gen = cap_max
            if gen >= deficit:
                excess = gen - deficit
            else:
                rest = deficit - gen
                dis = rest if rest < pd_avail else pd_avail
                unserved = rest - dis
        else:
            # load following: battery first, gensets cover the rest
            dis = deficit if deficit < pd_avail else pd_avail
            residual = deficit - dis
            if units > 0.0:
                gen = residual
                if gen < cap_min:
                    gen = cap_min
                if gen > cap_max:
                    gen = cap_max
            if gen > residual:
                # minimum load forces more genset output: discharge less
                if gen >= deficit:
                    dis = 0.0
                    excess = gen - deficit
                else:
                    dis = deficit - gen
            else:
                unserved = residual - gen

        # surplus (renewables first, then genset excess) charges the battery
        re_ch = surplus if surplus < pc_avail else pc_avail
        room = pc_avail - re_ch
        gen_ch = excess if excess < room else room
        curtailed = surplus - re_ch
        dumped = excess - gen_ch
        ch = re_ch + gen_ch
        e = e + ch * c_ch - dis * c_dis

        fuel_rate = units * f0_unit + f1 * gen

        # accumulate
        load_kwh += load_t * dt
        pv_kwh += ppv * dt
        wind_kwh += pwind * dt
        unserved_kwh += unserved * dt
        if unserved > 0.0:
            unserved_h += 1.0
            run_h += 1.0
            if run_h > longest_h:
                longest_h = run_h
            if unserved > unserved_max:
                unserved_max = unserved
        else:
            run_h = 0.0
        curtailed_kwh += curtailed * dt
        if curtailed > curtailed_max:
            curtailed_max = curtailed
        dumped_kwh += dumped * dt
        gen_kwh += gen * dt
        if gen > gen_max:
            gen_max = gen
        if units > 0.0:
            unit_h += units
            fleet_h += 1.0
            fuel_l += fuel_rate * dt
            if units > units_prev:
                starts += units - units_prev
            if units > max_units:
                max_units = units
        units_prev = units
        ch_kwh += ch * dt
        dis_kwh += dis * dt
        ch_gen_kwh += gen_ch * dt
        if cap_short > 0.0:
            cap_short_kwh += cap_short * dt
            cap_short_h += 1.0
            if cap_short > cap_short_max:
                cap_short_max = cap_short

        if record:
            traj[t, T_LOAD] = load_t
            traj[t, T_PV] = ppv
            traj[t, T_WIND] = pwind
            traj[t, T_GEN] = gen
            traj[t, T_UNITS] = units
            traj[t, T_BATT] = dis - ch
            traj[t, T_SOC] = e / e_rated if e_rated > 0.0 else 0.0
            traj[t, T_UNSERVED] = unserved
            traj[t, T_CURTAILED] = curtailed
            traj[t, T_DUMPED] = dumped
            traj[t, T_RESERVE] = reserve
            traj[t, T_CAP_SHORT] = cap_short
            traj[t, T_FUEL] = fuel_rate

    out[S_LOAD_KWH] = load_kwh
    out[S_SERVED_KWH] = load_kwh - unserved_kwh
    out[S_UNSERVED_KWH] = unserved_kwh
    out[S_UNSERVED_MAX_KW] = unserved_max
    out[S_UNSERVED_H] = unserved_h * dt
    out[S_UNSERVED_LONGEST_H] = longest_h * dt
    out[S_PV_KWH] = pv_kwh
    out[S_WIND_KWH] = wind_kwh
    out[S_CURTAILED_KWH] = curtailed_kwh
    out[S_DUMPED_KWH] = dumped_kwh
    out[S_GEN_KWH] = gen_kwh
    out[S_GEN_MAX_KW] = gen_max
    out[S_UNIT_H] = unit_h * dt
    out[S_FLEET_H] = fleet_h * dt
    out[S_STARTS] = starts
    out[S_FUEL_L] = fuel_l
    out[S_CH_KWH] = ch_kwh
    out[S_DIS_KWH] = dis_kwh
    out[S_CH_GEN_KWH] = ch_gen_kwh
    out[S_E_END_KWH] = e
    out[S_CAP_SHORT_KWH] = cap_short_kwh
    out[S_CAP_SHORT_MAX_KW] = cap_short_max
    out[S_MAX_UNITS] = max_units
    out[S_CAP_SHORT_H] = cap_short_h * dt
    out[S_CURTAILED_MAX_KW] = curtailed_max


@njit(cache=True, parallel=True)
def run_batch(load, pv_pu, wind_pu, inv_avail, avail, dt, params, out):
    """Statistics for many designs: ``params`` (m, N_PARAMS) -> ``out`` (m, N_STATS).

    Each design writes only its own row, so the result does not depend on the
    number of threads or the schedule.
    """
    m = params.shape[0]
    empty = np.empty((0, N_TRAJ))
    for i in prange(m):
        run_design(load, pv_pu, wind_pu, inv_avail, avail, dt, params[i], out[i], empty, False)
