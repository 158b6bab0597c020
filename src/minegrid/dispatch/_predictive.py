"""The compiled predictive dispatch (numba). Private to :mod:`minegrid.dispatch`.

A rolling-horizon dynamic programme over the stored energy
(``docs/theory/predictive.md``): every ``replan`` steps a backward recursion
over the next ``horizon`` steps of the forecast gives the value
``V_k(E)`` of ending step ``k`` with energy ``E`` on a grid of ``levels``
points between ``E_min`` and ``E_max``; each step then takes, with the
actual load and resource, the battery target that minimises the step's cost
plus the plan's value of the energy it leaves. One function,
:func:`_step`, simulates a step from a battery target (commitment with the
operating reserve, minimum load, charging from surplus and gensets,
unserved load, the N-1 rule of ``docs/theory/reliability.md``): the plan calls it
on forecasts, the execution on actuals, so both obey the same rules. The N-1 and
motor-start checks of the step taken are booked by :func:`_book` (with the scalar
functions of :mod:`._checks`).

Designs run one at a time; :func:`run_predictive` releases the GIL so threads
run disjoint ranges. Constants come from the one-fleet kernel's
:func:`._kernel._constants` (slot 0 of a block).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from . import _checks as X
from . import _kernel as K
from ._kernel import BLOCK

# outputs of _step, by index
O_E = 0  # stored energy at the end of the step [kWh]
O_COST = 1  # cost of the step [currency]
O_UNITS = 2
O_GEN = 3  # genset output [kW]
O_UNSERVED = 4
O_CH = 5  # battery charge at its terminals [kW]
O_DIS = 6  # battery discharge at its terminals [kW]
O_CH_GEN = 7  # rectifier input from gensets [kW AC]
O_DUMPED = 8
O_CURT_PV = 9
O_CURT_W = 10
O_CAP_SHORT = 11
O_FUEL = 12  # [L/h]
O_RESERVE = 13
O_PV_AC = 14
O_DIS_AC = 15
O_CH_W = 16
O_D = 17  # net load after wind and PV [kW AC]
O_B = 18  # the battery's discharge capability at the AC bus [kW]
O_SW = 19  # wind surplus [kW]
N_OUT = 20


@njit(cache=True, nogil=True, inline="always")
def _step(C, e, target, load_t, pv_t, wind_t, a_t, inv_a, fm_t, dt, voll, out, surplus=False):
    """One step from stored energy ``e`` aiming at ``target`` [kWh]; flows into ``out``.

    ``surplus``: charge what the renewable surplus gives, up to the battery's
    room, and ask nothing of the gensets (``target`` is then not read).
    """
    unit_kw = C[K.C_UNIT_KW * BLOCK]
    nu = C[K.C_NU * BLOCK]
    invu = C[K.C_INVU * BLOCK]
    eta_inv = C[K.C_INVETA * BLOCK]
    iota = C[K.C_IOTA * BLOCK]
    p_inv = C[K.C_PINV * BLOCK]
    eta_rec = C[K.C_RECETA * BLOCK]
    rho = C[K.C_RHO * BLOCK]
    p_rec = C[K.C_PREC * BLOCK]
    ppv = C[K.C_PV_KW * BLOCK] * pv_t
    pwind = C[K.C_WIND_N * BLOCK] * wind_t
    pd_avail = min(max((e - C[K.C_EMIN * BLOCK]) * C[K.C_KDIS * BLOCK], 0.0), C[K.C_PDIS * BLOCK])
    pc_avail = min(max((C[K.C_EMAX * BLOCK] - e) * C[K.C_KCH * BLOCK], 0.0), C[K.C_PCH * BLOCK])
    nac = load_t - pwind
    d0 = max(nac, 0.0)
    s_w = max(-nac, 0.0)
    pv_ac = min(min(ppv * eta_inv, p_inv), d0)
    s_pv = ppv - pv_ac * iota
    d = d0 - pv_ac
    b = min(pd_avail * eta_inv, p_inv - pv_ac)
    # reserve and the units it commits (as the rules: docs/theory/dispatch.md section 3)
    r_ac = ((C[K.C_RL * BLOCK] * load_t + C[K.C_RW * BLOCK] * pwind) + C[K.C_RFIX * BLOCK])
    r_pv = C[K.C_RPV * BLOCK] * ppv
    x = ((ppv + pd_avail) - r_pv) * eta_inv
    x = min(x, p_inv) if C[K.C_INVRES * BLOCK] > 0.0 else x
    c_req = ((load_t + r_ac) - pwind) - x
    u = unit_kw * a_t
    has_u = 1.0 if u > 0.0 else 0.0
    n_r = max(0.0, np.ceil(c_req * invu * inv_a))
    n_1 = 0.0
    if C[K.C_N1 * BLOCK] > 0.0:  # the N-1 rule (reliability.md): the one-fleet n_N-1
        l_oth = X.other_loss(pv_ac, C[K.C_PVSH * BLOCK], wind_t, C[K.C_HASW * BLOCK], pwind,
                             s_w, b, C[K.C_BATSH * BLOCK])
        n_1 = X.n1_units(0.0, nu, u, invu, inv_a, d - b, l_oth, 0.0, 0.0)
    # the battery's part: discharge towards the target, or charge from surplus then gensets
    want = 0.0 if surplus else target - e
    dis_ac = 0.0
    want_ch = pc_avail if surplus else 0.0
    if surplus:
        pass
    elif want < 0.0:
        dis_ac = min(min((-want) * C[K.C_KDIS * BLOCK], pd_avail) * eta_inv, b, d)
    else:
        want_ch = min(want * C[K.C_KSP * BLOCK], pc_avail)
    ch_pv = 0.0
    ch_w = 0.0
    want_g = 0.0
    if want >= 0.0:  # a discharge step charges nothing (and asks no genset power)
        ch_pv = min(s_pv, want_ch)
        room1 = want_ch - ch_pv
        ch_w = min(min(s_w, p_rec), room1 * rho)
        room2 = room1 - ch_w * eta_rec
        if not surplus:  # genset power still asked [kW AC]
            want_g = max(min(p_rec - ch_w, room2 * rho), 0.0)
    rec = p_rec - ch_w
    resid = d - dis_ac
    n_l = max(0.0, np.ceil((resid + want_g) * invu * inv_a))
    units = min(max(max(max(n_r, n_l), n_1), C[K.C_NMIN * BLOCK]), nu) * has_u
    p_lo = min(C[K.C_UMIN * BLOCK], u)
    g_hi = units * u
    g = min(max(resid + want_g, units * p_lo), g_hi)
    # a genset surplus (minimum load) first replaces discharge: the battery never
    # charges and discharges in one step
    excess = max(g - resid, 0.0)
    cut = min(excess, dis_ac)
    if cut > 0.0:  # the gensets carry what the battery gave up: nothing unserved
        dis_ac = dis_ac - cut
        excess = excess - cut
        unserved = 0.0
    else:
        unserved = max(resid - g, 0.0)
    # surplus of the gensets (the charge asked for, then minimum load) into the battery
    ch_g = min(min(excess, rec), (pc_avail - ch_pv - ch_w * eta_rec) * rho)
    ch_g = max(ch_g, 0.0)
    dumped = excess - ch_g
    ch = ch_pv + (ch_w + ch_g) * eta_rec
    dis = dis_ac * iota
    e_drawn = dis * C[K.C_CDIS * BLOCK]
    fuel = (units * C[K.C_F0U * BLOCK] + C[K.C_F1 * BLOCK] * g) * fm_t
    out[O_E] = e + ch * C[K.C_CCH * BLOCK] - e_drawn
    out[O_COST] = ((units * C[K.C_CFIX * BLOCK] + C[K.C_CMAR * BLOCK] * g * fm_t)
                   + voll * unserved) * dt + C[K.C_CWEAR * BLOCK] * e_drawn
    out[O_UNITS] = units
    out[O_GEN] = g
    out[O_UNSERVED] = unserved
    out[O_CH] = ch
    out[O_DIS] = dis
    out[O_CH_GEN] = ch_g
    out[O_DUMPED] = dumped
    out[O_CURT_PV] = s_pv - ch_pv
    out[O_CURT_W] = s_w - ch_w
    out[O_CAP_SHORT] = max(c_req - units * u, 0.0)
    out[O_FUEL] = fuel
    out[O_RESERVE] = r_ac + r_pv
    out[O_PV_AC] = pv_ac
    out[O_DIS_AC] = dis_ac
    out[O_CH_W] = ch_w
    out[O_D] = d
    out[O_B] = b
    out[O_SW] = s_w


@njit(cache=True, nogil=True, inline="always")
def _value(V, k, e, e_min, step_e, levels):
    """Linear interpolation of the plan's value ``V[k]`` at energy ``e`` [kWh]."""
    if step_e <= 0.0:
        return V[k, 0]
    x = (e - e_min) / step_e
    if x <= 0.0:
        return V[k, 0]
    if x >= levels - 1:
        return V[k, levels - 1]
    i = int(x)
    w = x - i
    return V[k, i] * (1.0 - w) + V[k, i + 1] * w


@njit(cache=True, nogil=True)
def _plan(C, t0, horizon, fc_load, fc_pv, fc_wind, avail, inv_avail, fuel_mult, dt, voll,
          worth, levels, V, out):
    """Backward recursion over the forecast from step ``t0``: fills ``V[0 .. h]``."""
    n = fc_load.shape[0]
    e_min = C[K.C_EMIN * BLOCK]
    e_max = C[K.C_EMAX * BLOCK]
    step_e = (e_max - e_min) / (levels - 1)
    h = min(horizon, n - t0)
    for i in range(levels):  # energy left at the end is worth what it saves later
        V[h, i] = -worth * (step_e * i)
    # levels a step can reach from level i: within the power limits (one more on each
    # side, since a target beyond them gives the same step as the limit)
    down = C[K.C_PDIS * BLOCK] * C[K.C_CDIS * BLOCK]
    up = C[K.C_PCH * BLOCK] * C[K.C_CCH * BLOCK]
    reach_down = levels if step_e <= 0.0 else int(np.ceil(down / step_e)) + 1
    reach_up = levels if step_e <= 0.0 else int(np.ceil(up / step_e)) + 1
    for k in range(h - 1, -1, -1):
        t = t0 + k
        for i in range(levels):
            e = e_min + step_e * i
            best = np.inf
            for j in range(max(0, i - reach_down), min(levels, i + reach_up + 1)):
                _step(C, e, e_min + step_e * j, fc_load[t], fc_pv[t], fc_wind[t], avail[t],
                      inv_avail[t], fuel_mult[t], dt, voll, out)
                v = out[O_COST] + _value(V, k + 1, out[O_E], e_min, step_e, levels)
                if v < best:
                    best = v
            # and the renewable surplus alone into the battery
            _step(C, e, e, fc_load[t], fc_pv[t], fc_wind[t], avail[t], inv_avail[t],
                  fuel_mult[t], dt, voll, out, True)
            v = out[O_COST] + _value(V, k + 1, out[O_E], e_min, step_e, levels)
            if v < best:
                best = v
            V[k, i] = best
    return h


@njit(cache=True, nogil=True)
def _simulate(load, pv_pu, wind_pu, inv_avail, avail, fuel_mult, fc_load, fc_pv, fc_wind, dt,
              C, A, horizon, replan, levels, voll, worth, traj, record):
    n = load.shape[0]
    V = np.zeros((horizon + 1, levels))
    out = np.zeros(N_OUT)
    best_out = np.zeros(N_OUT)
    e_min = C[K.C_EMIN * BLOCK]
    e_max = C[K.C_EMAX * BLOCK]
    step_e = (e_max - e_min) / (levels - 1)
    t_plan = 0
    h = 0
    for t in range(n):
        if t % replan == 0 or t - t_plan >= h:
            t_plan = t
            h = _plan(C, t, horizon, fc_load, fc_pv, fc_wind, avail, inv_avail, fuel_mult, dt,
                      voll, worth, levels, V, out)
        k = t - t_plan
        e = A[K.A_E * BLOCK]
        best = np.inf
        # candidates: every grid level, no battery action, the reachable extremes, and
        # the renewable surplus alone into the battery
        for j in range(levels + 4):
            if j < levels:
                target = e_min + step_e * j
            elif j == levels or j == levels + 3:
                target = e
            elif j == levels + 1:
                target = e_min
            else:
                target = e_max
            _step(C, e, target, load[t], pv_pu[t], wind_pu[t], avail[t], inv_avail[t],
                  fuel_mult[t], dt, voll, out, j == levels + 3)
            v = out[O_COST] + _value(V, k + 1, out[O_E], e_min, step_e, levels)
            if v < best:
                best = v
                for s in range(N_OUT):
                    best_out[s] = out[s]
        _book(best_out, load[t], C[K.C_PV_KW * BLOCK] * pv_pu[t], wind_pu[t],
              C[K.C_WIND_N * BLOCK] * wind_pu[t], C[K.C_UNIT_KW * BLOCK] * avail[t], C, A, t,
              traj, record)


@njit(cache=True, nogil=True)
def _book(o, load_t, ppv, wind_t, pwind, u, C, A, t, traj, record):
    """Accumulate the step's statistics in ``A`` (the one-fleet kernel's layout), with the
    N-1 and motor-start checks of the step taken (``u``: one unit's available rating)."""
    e = o[O_E]
    A[K.A_E * BLOCK] = e
    units = o[O_UNITS]
    gen = o[O_GEN]
    unserved = o[O_UNSERVED]
    curt_pv = o[O_CURT_PV]
    curtailed = curt_pv + o[O_CURT_W]
    dumped = o[O_DUMPED]
    cap_short = o[O_CAP_SHORT]
    inverter = o[O_PV_AC] + o[O_DIS_AC]
    rectifier = o[O_CH_W] + o[O_CH_GEN]
    b = o[O_B]
    c0 = o[O_D] - b
    l_oth = X.other_loss(o[O_PV_AC], C[K.C_PVSH * BLOCK], wind_t, C[K.C_HASW * BLOCK], pwind,
                         o[O_SW], b, C[K.C_BATSH * BLOCK])
    cap = units * u
    n1_short = X.n1_shortfall(c0, l_oth, u if units > 0.0 else 0.0, cap)
    step_kw = X.genset_step(C[K.C_STEPF * BLOCK], cap, gen) + max(b - o[O_DIS_AC], 0.0)
    kva = cap * C[K.C_GENKVA * BLOCK] + C[K.C_BATKVA * BLOCK]
    refused = X.start_refused(C[K.C_START_KW * BLOCK], C[K.C_START_KVA * BLOCK], step_kw, kva)
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
    A[K.S_UNIT_H * BLOCK] += units
    A[K.S_FLEET_H * BLOCK] += 1.0 if units > 0.0 else 0.0
    A[K.S_STARTS * BLOCK] += max(units - A[K.A_UPREV * BLOCK], 0.0)
    A[K.A_UPREV * BLOCK] = units
    A[K.S_MAX_UNITS * BLOCK] = max(A[K.S_MAX_UNITS * BLOCK], units)
    A[K.S_FUEL_L * BLOCK] += o[O_FUEL]
    A[K.S_CH_KWH * BLOCK] += o[O_CH]
    A[K.S_DIS_KWH * BLOCK] += o[O_DIS]
    A[K.S_CH_GEN_KWH * BLOCK] += o[O_CH_GEN] * C[K.C_RECETA * BLOCK]
    A[K.S_CAP_SHORT_KWH * BLOCK] += cap_short
    A[K.S_CAP_SHORT_MAX_KW * BLOCK] = max(A[K.S_CAP_SHORT_MAX_KW * BLOCK], cap_short)
    A[K.S_CAP_SHORT_H * BLOCK] += 1.0 if cap_short > 0.0 else 0.0
    A[K.S_INV_KWH * BLOCK] += inverter
    A[K.S_REC_KWH * BLOCK] += rectifier
    A[K.S_N1_KWH * BLOCK] += n1_short
    A[K.S_N1_H * BLOCK] += 1.0 if n1_short > 0.0 else 0.0
    A[K.S_N1_MAX_KW * BLOCK] = max(A[K.S_N1_MAX_KW * BLOCK], n1_short)
    A[K.S_START_H * BLOCK] += refused
    if record:
        traj[t, K.T_LOAD] = load_t
        traj[t, K.T_PV] = ppv
        traj[t, K.T_WIND] = pwind
        traj[t, K.T_GEN] = gen
        traj[t, K.T_UNITS] = units
        traj[t, K.T_BATT] = o[O_DIS] - o[O_CH]
        e_rated = C[K.C_E_RATED * BLOCK]
        traj[t, K.T_SOC] = e / e_rated if e_rated > 0.0 else 0.0
        traj[t, K.T_UNSERVED] = unserved
        traj[t, K.T_CURTAILED] = curtailed
        traj[t, K.T_DUMPED] = dumped
        traj[t, K.T_RESERVE] = o[O_RESERVE]
        traj[t, K.T_CAP_SHORT] = cap_short
        traj[t, K.T_FUEL] = o[O_FUEL]
        traj[t, K.T_CURT_PV] = curt_pv
        traj[t, K.T_INV] = inverter
        traj[t, K.T_REC] = rectifier
        traj[t, K.T_N1] = n1_short
        traj[t, K.T_STEP] = step_kw
        traj[t, K.T_KVA] = kva


@njit(cache=True, nogil=True)
def run_predictive(load, pv_pu, wind_pu, inv_avail, avail, fuel_mult, fc_load, fc_pv, fc_wind,
                   dt, peak, params, horizon, replan, levels, voll, worth, i0, i1, out, traj):
    """Statistics of designs ``i0 .. i1 - 1`` (rows of ``params``) -> ``out`` (m, N_STATS).

    ``fc_*`` are the forecasts the plans see (the actual series for a perfect
    forecast); ``voll`` [currency/kWh] prices unserved energy and ``worth``
    [currency/kWh] (one per design) values the energy left at the end of a
    plan's horizon. With a non-empty ``traj`` (n, N_TRAJ) design ``i0`` alone is
    simulated and its trajectories recorded.
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
        _simulate(load, pv_pu, wind_pu, inv_avail, avail, fuel_mult, fc_load, fc_pv, fc_wind,
                  dt, C, A, horizon, replan, levels, voll[i], worth[i], traj, record)
        K._finish(load, pv_pu, wind_pu, P, A, dt, res)
        for k in range(K.N_STATS):
            out[i, k] = res[k, 0]
