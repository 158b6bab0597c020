"""The scalar plant kernel (one design at a time), kept verbatim as the lockstep one's reference.

``src/minegrid/dispatch/_plant.py`` as it was before designs ran in lockstep
blocks (one design at a time, the type loops at run time): the tests and
``benchmarks/dev_plant_identity.py`` compare the lockstep kernel with it, output
by output and bit for bit. Only the imports differ (absolute, from the tests).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from minegrid.dispatch import _kernel as K
from minegrid.dispatch._kernel import BLOCK

# ---- fleet parameter rows F (m, n_types, N_FLEET) --------------------------------------------
F_UNIT_KW = 0  # unit rating [kW]
F_N = 1  # units installed [-]
F_MIN_LOAD = 2  # minimum load ratio [-]
F_F0 = 3  # fuel intercept [unit/(h kW rated)]
F_F1 = 4  # fuel slope [unit/kWh]
F_TABLE = 5  # 1: part-load table instead of the line
F_T0 = 6  # fuel of one unit at 0, 25, 50, 75, 100 % of rating: rows F_T0 .. F_T0 + 4 [unit/h]
F_MR = 11  # minimum run time [steps]
F_MD = 12  # minimum down time [steps]
F_C_FIX = 13  # economic dispatch: cost per running unit-hour [currency/h]
F_C_MAR = 14  # economic dispatch: marginal cost [currency/kWh]
N_FLEET = 15

# ---- per-type statistics (m, n_types, N_FLEET_STATS), totals over the period --------------------
FS_UNIT_H = 0  # unit running hours
FS_STARTS = 1
FS_GEN_KWH = 2
FS_FUEL = 3  # fuel by the curve (before start fuel) [unit]
FS_MAX_UNITS = 4
FS_FLEET_H = 5  # hours with at least one unit of the type running
N_FLEET_STATS = 6

# ---- per-type trajectory columns (n, n_types, N_FLEET_TRAJ) ---------------------------------
FT_UNITS = 0
FT_KW = 1
FT_FUEL = 2  # [unit/h]
N_FLEET_TRAJ = 3


@njit(cache=True, nogil=True)
def _commit(cap, floor, lo, hi, u, invu, inva, out):
    """Units of each type, in merit order, covering ``cap`` [kW]; at least ``floor`` units.

    Each type starts from ``lo`` (units that must run) and adds at most up to
    ``hi`` (units that may run). Returns the number of units.
    """
    n_types = out.shape[0]
    covered = 0.0
    count = 0.0
    for k in range(n_types):
        out[k] = lo[k]
        covered += lo[k] * u[k]
        count += lo[k]
    for k in range(n_types):
        if hi[k] > out[k]:
            need = max(0.0, np.ceil((cap - covered) * invu[k] * inva[k]))
            add = min(need, hi[k] - out[k])
            out[k] += add
            covered += add * u[k]
            count += add
    for k in range(n_types):
        if count < floor and hi[k] > out[k]:
            add = min(floor - count, hi[k] - out[k])
            out[k] += add
            count += add
    return count


@njit(cache=True, nogil=True)
def _load_types(gen, n, p_lo, u, out):
    """Split ``gen`` [kW] among the types: minimums first, the rest in merit order."""
    n_types = out.shape[0]
    suffix = 0.0
    for k in range(n_types - 1, -1, -1):  # minimum output of the types after k
        out[k] = suffix
        suffix += n[k] * p_lo[k]
    rem = gen
    for k in range(n_types):
        g = min(max(rem - out[k], n[k] * p_lo[k]), n[k] * u[k])
        out[k] = g
        rem -= g


@njit(cache=True, nogil=True)
def _fuel_rate(F, k, n, g):
    """Fuel rate of ``n`` units of type ``k`` giving ``g`` kW together. [unit/h]"""
    if n <= 0.0:
        return 0.0
    unit_kw = F[k, F_UNIT_KW]
    if F[k, F_TABLE] == 0.0:
        return n * (F[k, F_F0] * unit_kw) + F[k, F_F1] * g
    x = 4.0 * g / (n * unit_kw)
    seg = min(int(x), 3)
    lo = F[k, F_T0 + seg]
    return n * (lo + (F[k, F_T0 + seg + 1] - lo) * (x - seg))


@njit(cache=True, nogil=True)
def _simulate(load, pv_pu, wind_pu, avail, inv_avail, fuel_mult, dt, P, F, A, C, fstats,
              traj, ftraj, record, cycle_charging, economic):
    """Advance one design (slot 0 of ``P``, ``C``, ``A``) over all steps."""
    n_types = F.shape[0]
    ring = 1
    for k in range(n_types):
        ring = max(ring, int(F[k, F_MR]), int(F[k, F_MD]))
    started = np.zeros((n_types, ring))
    stopped = np.zeros((n_types, ring))
    n_prev = np.zeros(n_types)
    lo = np.zeros(n_types)
    hi = np.zeros(n_types)
    u = np.zeros(n_types)
    p_lo = np.zeros(n_types)
    invu = np.zeros(n_types)
    inva = np.zeros(n_types)
    n_b = np.zeros(n_types)
    n_g = np.zeros(n_types)
    g_k = np.zeros(n_types)
    for k in range(n_types):
        invu[k] = 1.0 / F[k, F_UNIT_KW] if F[k, F_UNIT_KW] > 0.0 else 0.0
    eta_inv = C[K.C_INVETA * BLOCK]
    iota = C[K.C_IOTA * BLOCK]
    p_inv = C[K.C_PINV * BLOCK]
    eta_rec = C[K.C_RECETA * BLOCK]
    rho = C[K.C_RHO * BLOCK]
    for t in range(load.shape[0]):
        load_t = load[t]
        e = A[K.A_E * BLOCK]

        # 1-2. battery capability and renewables (as the one-fleet kernel)
        ppv = C[K.C_PV_KW * BLOCK] * pv_pu[t]
        pwind = C[K.C_WIND_N * BLOCK] * wind_pu[t]
        pd_avail = min(max((e - C[K.C_EMIN * BLOCK]) * C[K.C_KDIS * BLOCK], 0.0),
                       C[K.C_PDIS * BLOCK])
        pc_avail = min(max((C[K.C_EMAX * BLOCK] - e) * C[K.C_KCH * BLOCK], 0.0),
                       C[K.C_PCH * BLOCK])
        nac = load_t - pwind
        d0 = max(nac, 0.0)
        s_w = max(-nac, 0.0)
        pv_ac = min(min(ppv * eta_inv, p_inv), d0)
        s_pv = ppv - pv_ac * iota
        d = d0 - pv_ac
        b = min(pd_avail * eta_inv, p_inv - pv_ac)
        ch_pv = min(s_pv, pc_avail)
        room1 = pc_avail - ch_pv
        ch_w = min(min(s_w, C[K.C_PREC * BLOCK]), room1 * rho)
        room2 = room1 - ch_w * eta_rec
        rec = C[K.C_PREC * BLOCK] - ch_w

        # 3. reserve, and the units each type may and must run
        r_ac = ((C[K.C_RL * BLOCK] * load_t + C[K.C_RW * BLOCK] * pwind) + C[K.C_RFIX * BLOCK])
        r_pv = C[K.C_RPV * BLOCK] * ppv
        x = ((ppv + pd_avail) - r_pv) * eta_inv
        x = min(x, p_inv) if C[K.C_INVRES * BLOCK] > 0.0 else x
        c_req = ((load_t + r_ac) - pwind) - x
        any_u = False
        for k in range(n_types):
            u[k] = F[k, F_UNIT_KW] * avail[k, t]
            inva[k] = inv_avail[k, t]
            p_lo[k] = min(F[k, F_MIN_LOAD] * F[k, F_UNIT_KW], u[k])
            must = 0.0
            for j in range(1, int(F[k, F_MR])):
                must += started[k, (t - j) % ring]
            off = 0.0
            for j in range(1, int(F[k, F_MD])):
                off += stopped[k, (t - j) % ring]
            hi[k] = F[k, F_N] - off if u[k] > 0.0 else 0.0
            lo[k] = min(must, hi[k])
            any_u = any_u or u[k] > 0.0
        floor = C[K.C_NMIN * BLOCK]
        if cycle_charging:
            hold = A[K.A_HOLD * BLOCK] * C[K.C_HOLD * BLOCK]
            if hold > 0.0 and e < C[K.C_EHOLD * BLOCK] and any_u:
                floor = max(floor, 1.0)
        need_b = max(c_req, d - b)
        units = _commit(need_b, floor, lo, hi, u, invu, inva, n_b)
        n_gs = _commit(max(need_b, d), max(floor, 1.0 if d > 0.0 else 0.0), lo, hi, u, invu,
                       inva, n_g)
        g_lo = 0.0
        g_hi = 0.0
        gg_lo = 0.0
        gg_hi = 0.0
        for k in range(n_types):
            g_lo += n_b[k] * p_lo[k]
            g_hi += n_b[k] * u[k]
            gg_lo += n_g[k] * p_lo[k]
            gg_hi += n_g[k] * u[k]

        # 4. two candidates: battery first (B), gensets first (G)
        dis_b0 = min(d, b)
        resid = d - dis_b0
        g_b = min(max(resid, g_lo), g_hi)
        dis_b = dis_b0 if g_b <= resid else max(d - g_b, 0.0)
        u_b = max(resid - g_b, 0.0)
        x_b = max(g_b - d, 0.0)
        room_cc = 0.0
        if cycle_charging:
            room_cc = min(rec, room2 * rho)
            room_sp = max(((C[K.C_ESP * BLOCK] - e) * C[K.C_KSP * BLOCK] - ch_pv)
                          - ch_w * eta_rec, 0.0)
            if C[K.C_CCLIM * BLOCK] > 0.0:
                room_cc = min(room_cc, room_sp * rho)
        g_g = min(max(d + room_cc, gg_lo), gg_hi)
        dis_g = min(max(d - g_g, 0.0), b)
        u_g = max((d - g_g) - dis_g, 0.0)
        x_g = max(g_g - d, 0.0)

        # 5. the rule of the mode, or the cheaper (economic dispatch)
        cheaper = False
        q = 0.0
        q_avg = 0.0
        if economic:
            q = A[K.A_Q * BLOCK]
            q_avg = q / e if e > 0.0 else 0.0
            c_bat = (C[K.C_CWEAR * BLOCK] + q_avg) * C[K.C_INVD * BLOCK]
            fix_b = 0.0
            mar_b = 0.0
            _load_types(g_b, n_b, p_lo, u, g_k)
            for k in range(n_types):
                fix_b += n_b[k] * F[k, F_C_FIX]
                mar_b += F[k, F_C_MAR] * g_k[k]
            fix_g = 0.0
            mar_g = 0.0
            _load_types(g_g, n_g, p_lo, u, g_k)
            for k in range(n_types):
                fix_g += n_g[k] * F[k, F_C_FIX]
                mar_g += F[k, F_C_MAR] * g_k[k]
            cost_b = (fix_b + mar_b) + c_bat * (dis_b * iota)
            cost_g = (fix_g + mar_g) + c_bat * (dis_g * iota)
            cheaper = u_g < u_b or (u_g <= u_b and cost_g < cost_b)
        by_rule = C[K.C_MODE_G * BLOCK] > 0.0 or cycle_charging
        sel = (units > 0.0 and by_rule) or (C[K.C_MODE_E * BLOCK] > 0.0 and cheaper)
        n_used = n_g if sel else n_b
        n_tot = n_gs if sel else units
        gen = g_g if sel else g_b
        dis_ac = dis_g if sel else dis_b
        unserved = u_g if sel else u_b
        excess = x_g if sel else x_b
        _load_types(gen, n_used, p_lo, u, g_k)

        # 6. genset surplus, battery, balance
        ch_g = min(min(excess, rec), room2 * rho)
        dumped = excess - ch_g
        ch = ch_pv + (ch_w + ch_g) * eta_rec
        dis = dis_ac * iota
        e_drawn = dis * C[K.C_CDIS * BLOCK]
        e = e + ch * C[K.C_CCH * BLOCK] - e_drawn
        A[K.A_E * BLOCK] = e
        if economic:
            c_mar = 0.0
            first = True
            for k in range(n_types):  # the marginal type: the last above its minimum
                if n_used[k] > 0.0 and (first or g_k[k] > n_used[k] * p_lo[k]):
                    c_mar = F[k, F_C_MAR]
                    first = False
            A[K.A_Q * BLOCK] = ((max(q - q_avg * e_drawn, 0.0) + (c_mar * ch_g) * dt)
                                * C[K.C_MODE_E * BLOCK])
        if cycle_charging:
            A[K.A_HOLD * BLOCK] = 1.0 if (n_tot > 0.0 and e < C[K.C_EHOLD * BLOCK]) else 0.0
        cap = 0.0
        for k in range(n_types):
            cap += n_used[k] * u[k]
        cap_short = max(c_req - cap, 0.0)
        fuel_rate = 0.0
        starts = 0.0
        slot = t % ring
        for k in range(n_types):
            f = _fuel_rate(F, k, n_used[k], g_k[k]) * fuel_mult[k, t]
            fuel_rate += f
            st = max(n_used[k] - n_prev[k], 0.0)
            started[k, slot] = st
            stopped[k, slot] = max(n_prev[k] - n_used[k], 0.0)
            starts += st
            n_prev[k] = n_used[k]
            fstats[k, FS_UNIT_H] += n_used[k]
            fstats[k, FS_STARTS] += st
            fstats[k, FS_GEN_KWH] += g_k[k]
            fstats[k, FS_FUEL] += f
            fstats[k, FS_MAX_UNITS] = max(fstats[k, FS_MAX_UNITS], n_used[k])
            fstats[k, FS_FLEET_H] += 1.0 if n_used[k] > 0.0 else 0.0
            if record:
                ftraj[t, k, FT_UNITS] = n_used[k]
                ftraj[t, k, FT_KW] = g_k[k]
                ftraj[t, k, FT_FUEL] = f
        curt_pv = s_pv - ch_pv
        curtailed = curt_pv + (s_w - ch_w)
        inverter = pv_ac + dis_ac
        rectifier = ch_w + ch_g

        has_unserved = 1.0 if unserved > 0.0 else 0.0
        run = (A[K.A_RUN * BLOCK] + 1.0) * has_unserved
        A[K.A_RUN * BLOCK] = run
        A[K.S_UNSERVED_LONGEST_H * BLOCK] = max(A[K.S_UNSERVED_LONGEST_H * BLOCK], run)
        A[K.S_UNSERVED_H * BLOCK] += has_unserved
        A[K.S_UNSERVED_KWH * BLOCK] += unserved
        A[K.S_UNSERVED_MAX_KW * BLOCK] = max(A[K.S_UNSERVED_MAX_KW * BLOCK], unserved)
        A[K.S_CURTAILED_KWH * BLOCK] += curtailed
        A[K.S_CURTAILED_MAX_KW * BLOCK] = max(A[K.S_CURTAILED_MAX_KW * BLOCK], curtailed)
        A[K.S_CURT_PV_KWH * BLOCK] += curt_pv
        A[K.S_DUMPED_KWH * BLOCK] += dumped
        A[K.S_GEN_KWH * BLOCK] += gen
        A[K.S_GEN_MAX_KW * BLOCK] = max(A[K.S_GEN_MAX_KW * BLOCK], gen)
        A[K.S_UNIT_H * BLOCK] += n_tot
        A[K.S_FLEET_H * BLOCK] += 1.0 if n_tot > 0.0 else 0.0
        A[K.S_STARTS * BLOCK] += starts
        A[K.S_MAX_UNITS * BLOCK] = max(A[K.S_MAX_UNITS * BLOCK], n_tot)
        A[K.S_FUEL_L * BLOCK] += fuel_rate
        A[K.S_CH_KWH * BLOCK] += ch
        A[K.S_DIS_KWH * BLOCK] += dis
        A[K.S_CH_GEN_KWH * BLOCK] += ch_g * eta_rec
        A[K.S_CAP_SHORT_KWH * BLOCK] += cap_short
        A[K.S_CAP_SHORT_MAX_KW * BLOCK] = max(A[K.S_CAP_SHORT_MAX_KW * BLOCK], cap_short)
        A[K.S_CAP_SHORT_H * BLOCK] += 1.0 if cap_short > 0.0 else 0.0
        A[K.S_INV_KWH * BLOCK] += inverter
        A[K.S_REC_KWH * BLOCK] += rectifier

        if record:
            traj[t, K.T_LOAD] = load_t
            traj[t, K.T_PV] = ppv
            traj[t, K.T_WIND] = pwind
            traj[t, K.T_GEN] = gen
            traj[t, K.T_UNITS] = n_tot
            traj[t, K.T_BATT] = dis - ch
            e_rated = C[K.C_E_RATED * BLOCK]
            traj[t, K.T_SOC] = e / e_rated if e_rated > 0.0 else 0.0
            traj[t, K.T_UNSERVED] = unserved
            traj[t, K.T_CURTAILED] = curtailed
            traj[t, K.T_DUMPED] = dumped
            traj[t, K.T_RESERVE] = r_ac + r_pv
            traj[t, K.T_CAP_SHORT] = cap_short
            traj[t, K.T_FUEL] = fuel_rate
            traj[t, K.T_CURT_PV] = curt_pv
            traj[t, K.T_INV] = inverter
            traj[t, K.T_REC] = rectifier


@njit(cache=True, nogil=True)
def run_plant(load, pv_pu, wind_pu, avail, inv_avail, fuel_mult, dt, peak, params, fleets, i0,
              i1, out, fout, traj, ftraj):
    """Statistics of designs ``i0 .. i1 - 1``: ``params`` (m, N_PARAMS) and ``fleets``
    (m, n_types, N_FLEET) -> ``out`` (m, N_STATS) and ``fout`` (m, n_types, N_FLEET_STATS).

    ``avail``, ``inv_avail`` and ``fuel_mult`` are (n_types, n): each type's
    available-capacity factor, its inverse and its fuel multiplier. With a
    non-empty ``traj`` (n, N_TRAJ), design ``i0`` alone is simulated and its
    trajectories written into ``traj`` and ``ftraj`` (n, n_types, N_FLEET_TRAJ).
    Each design writes only its own rows; the GIL is released.
    """
    P = np.empty((K.N_PARAMS, BLOCK))
    res = np.empty((K.N_STATS, BLOCK))
    record = traj.shape[0] > 0
    last = i0 + 1 if record else i1
    for i in range(i0, last):
        for j in range(BLOCK):
            for k in range(K.N_PARAMS):
                P[k, j] = params[i, k]
        C, A = K._constants(P, dt, peak)
        cycle_charging = params[i, K.P_STRATEGY] > 0.5
        economic = params[i, K.P_BDISPATCH] == 2.0
        fstats = np.zeros((fleets.shape[1], N_FLEET_STATS))
        _simulate(load, pv_pu, wind_pu, avail, inv_avail, fuel_mult, dt, P, fleets[i], A, C,
                  fstats, traj, ftraj, record, cycle_charging, economic)
        K._finish(load, pv_pu, wind_pu, P, A, dt, res)
        for k in range(K.N_STATS):
            out[i, k] = res[k, 0]
        for k in range(fleets.shape[1]):
            for s in range(N_FLEET_STATS):
                scale = 1.0 if s == FS_MAX_UNITS or s == FS_STARTS else dt
                fout[i, k, s] = fstats[k, s] * scale
