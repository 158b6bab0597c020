"""The compiled dispatch kernel (numba). Private to :mod:`minegrid.dispatch`.

The kernels see only float64 arrays and scalars. Validation happens in the
public wrappers; nothing here raises, allocates inside the time loop, or
touches pandas.

One loop body, :func:`_steps`, simulates a block of ``BLOCK`` designs in
lockstep: time is the outer loop and designs the inner one. A single design's
state of charge is a serial chain of dependent operations; interleaving
independent designs lets LLVM vectorise across them (AVX2: 4 designs per
instruction), about 5x faster per design than one design at a time. For that:

* the inner body has no data-dependent branches (min/max and selects only);
* ``BLOCK`` is a compile-time constant and the per-design constants and
  accumulators live in two flat arrays indexed ``row * BLOCK + j``, so LLVM
  can prove that rows do not overlap (with a run-time block size it cannot,
  and falls back to scalar code 5x slower).

One body, :func:`_steps`, serves every mode through two literal arguments: the
recording flag and the number of active slots. :func:`run_block` (statistics:
16 slots, no recording) is vectorised and also serves single designs, as a
block of copies (one compiled path keeps the cold start short);
:func:`run_block_recorded` (one design with trajectories) runs slot 0 only, as
a scalar loop. The arithmetic per design is the same in every mode, so the
modes agree exactly (tested), and a design's result does not depend on the
block it lands in or on its neighbours.

Design parameters travel as a (N_PARAMS, BLOCK) array indexed by the ``P_*``
constants; statistics come back as (N_STATS, BLOCK) indexed by ``S_*``;
trajectories (one design) as (n_steps, N_TRAJ) indexed by ``T_*``. Only the
modules of :mod:`minegrid.dispatch` know these layouts: ``_lower`` builds the
parameter rows from components, ``stats`` names the totals.
"""

from __future__ import annotations

import numpy as np
from numba import njit

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
P_R_FIXED = 20  # fixed contingency reserve, e.g. the largest motor start [kW]
P_CC_HOLD = 21  # 1: HOMER's set-point rule under cycle charging (keep charging to it)
N_PARAMS = 22

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


#: Designs simulated in lockstep (a compile-time constant: see the module docstring).
BLOCK = 16


# rows of the per-design constants array C (N_C, B) used inside the time loop
C_PV_KW = 0
C_WIND_N = 1
C_PCH = 2
C_PDIS = 3
C_NU = 4
C_UNIT_KW = 5
C_F1 = 6
C_RL = 7
C_RPV = 8
C_RW = 9
C_EMIN = 10
C_EMAX = 11
C_ESP = 12
C_UMIN = 13
C_F0U = 14
C_INVU = 15
C_KDIS = 16
C_KCH = 17
C_CCH = 18
C_CDIS = 19
C_E_RATED = 20  # rated energy [kWh]
C_RFIX = 21
C_HOLD = 22
C_EHOLD = 23  # energy at which a hold ends [kWh]
N_C = 24
# extra rows of the state array A (N_A, B) after the N_STATS accumulators
A_E = N_STATS
A_UPREV = N_STATS + 1
A_RUN = N_STATS + 2
A_HOLD = N_STATS + 3  # 1 while a cycle-charging hold is on
N_A = N_STATS + 4


@njit(cache=True, nogil=True)
def _constants(P, dt):
    """Per-design constants C and initial state A, flat (row * BLOCK + j)."""
    C = np.empty(N_C * BLOCK)
    A = np.zeros(N_A * BLOCK)
    for j in range(BLOCK):
        e_rated = P[P_E_KWH, j]
        unit_kw = P[P_UNIT_KW, j]
        C[C_PV_KW * BLOCK + j] = P[P_PV_KW, j]
        C[C_WIND_N * BLOCK + j] = P[P_WIND_N, j]
        C[C_PCH * BLOCK + j] = P[P_PCH_KW, j]
        C[C_PDIS * BLOCK + j] = P[P_PDIS_KW, j]
        C[C_NU * BLOCK + j] = P[P_N_UNITS, j]
        C[C_UNIT_KW * BLOCK + j] = unit_kw
        C[C_F1 * BLOCK + j] = P[P_F1, j]
        C[C_RL * BLOCK + j] = P[P_R_LOAD, j]
        C[C_RPV * BLOCK + j] = P[P_R_PV, j]
        C[C_RW * BLOCK + j] = P[P_R_WIND, j]
        C[C_EMIN * BLOCK + j] = P[P_SOC_MIN, j] * e_rated
        C[C_EMAX * BLOCK + j] = P[P_SOC_MAX, j] * e_rated
        C[C_ESP * BLOCK + j] = P[P_CC_SP, j] * e_rated
        C[C_UMIN * BLOCK + j] = P[P_MIN_LOAD, j] * unit_kw
        C[C_F0U * BLOCK + j] = P[P_F0, j] * unit_kw
        C[C_INVU * BLOCK + j] = 1.0 / unit_kw if unit_kw > 0.0 else 0.0
        # battery limits from stored energy: P_dis <= (E − E_min)·η_d/Δt,
        # P_ch <= (E_max − E)/(η_c·Δt); update E += P_ch·(η_c·Δt) − P_dis·(Δt/η_d)
        C[C_KDIS * BLOCK + j] = P[P_ETA_D, j] / dt
        C[C_KCH * BLOCK + j] = 1.0 / (P[P_ETA_C, j] * dt)
        C[C_CCH * BLOCK + j] = P[P_ETA_C, j] * dt
        C[C_CDIS * BLOCK + j] = dt / P[P_ETA_D, j]
        C[C_E_RATED * BLOCK + j] = e_rated
        C[C_RFIX * BLOCK + j] = P[P_R_FIXED, j]
        C[C_HOLD * BLOCK + j] = P[P_CC_HOLD, j]
        # a hold ends at the set-point (or full charge), less a hair for rounding
        C[C_EHOLD * BLOCK + j] = (min(P[P_CC_SP, j] * e_rated, P[P_SOC_MAX, j] * e_rated)
                                  - 1e-9 * e_rated)
        A[A_E * BLOCK + j] = P[P_SOC_INI, j] * e_rated
    return C, A


@njit(cache=True, nogil=True)
def _steps(load, pv_pu, wind_pu, inv_avail, avail, C, A, cycle_charging, traj, record,
           n_active):
    """Advance the block over all steps, accumulating statistics in ``A``.

    The loop over designs ``j`` vectorises; see the module docstring.
    """
    for t in range(load.shape[0]):
        load_t = load[t]
        pv_t = pv_pu[t]
        wind_t = wind_pu[t]
        inv_a = inv_avail[t]
        a_t = avail[t]
        for j in range(n_active):
            pv_kw = C[C_PV_KW * BLOCK + j]
            wind_n = C[C_WIND_N * BLOCK + j]
            pch_max = C[C_PCH * BLOCK + j]
            pdis_max = C[C_PDIS * BLOCK + j]
            e_min = C[C_EMIN * BLOCK + j]
            e_max = C[C_EMAX * BLOCK + j]
            e_sp = C[C_ESP * BLOCK + j]
            k_dis = C[C_KDIS * BLOCK + j]
            k_ch = C[C_KCH * BLOCK + j]
            unit_kw = C[C_UNIT_KW * BLOCK + j]
            e = A[A_E * BLOCK + j]

            ppv = pv_kw * pv_t
            pwind = wind_n * wind_t
            net = load_t - (ppv + pwind)
            deficit = max(net, 0.0)
            surplus = max(-net, 0.0)

            # what the battery can do this step
            pd_avail = min(max((e - e_min) * k_dis, 0.0), pdis_max)
            pc_avail = min(max((e_max - e) * k_ch, 0.0), pch_max)

            # commitment: fewest units with units·a·P_unit + P_dis,avail >= deficit + reserve
            reserve = (C[C_RL * BLOCK + j] * load_t + C[C_RPV * BLOCK + j] * ppv
                       + C[C_RW * BLOCK + j] * pwind + C[C_RFIX * BLOCK + j])
            c_req = deficit + reserve - pd_avail
            x = c_req * C[C_INVU * BLOCK + j] * inv_a
            # max(0, ...) first: numba's max keeps its first argument on ties, so no -0.0
            units = min(max(0.0, np.ceil(x)), C[C_NU * BLOCK + j])
            unit_max_kw = unit_kw * a_t
            if cycle_charging:
                # HOMER's set-point rule (opt-in): once units have run, one keeps running
                # until the battery reaches the set-point
                hold = A[A_HOLD * BLOCK + j] * C[C_HOLD * BLOCK + j]
                keep = 1.0 if (hold > 0.0 and e < C[C_EHOLD * BLOCK + j]
                               and unit_max_kw > 0.0) else 0.0
                units = max(units, min(keep, C[C_NU * BLOCK + j]))
            cap_max = units * unit_max_kw
            cap_min = units * min(C[C_UMIN * BLOCK + j], unit_max_kw)
            cap_short = max(c_req - cap_max, 0.0)
            re_ch = min(surplus, pc_avail)

            if cycle_charging:
                # run as hard as the load and charging towards the set-point can absorb
                sp_room = max(min((e_sp - e) * k_ch, pch_max) - re_ch, 0.0)
                gen = min(max(deficit + sp_room, cap_min), cap_max)
                rest = max(deficit - gen, 0.0)
                dis = min(rest, pd_avail)
                unserved = rest - dis
            else:
                # load following: battery first, gensets cover the rest
                dis0 = min(deficit, pd_avail)
                residual = deficit - dis0
                gen = min(max(residual, cap_min), cap_max)
                # minimum load forcing more output than needed: discharge less
                dis = dis0 if gen <= residual else max(deficit - gen, 0.0)
                unserved = max(residual - gen, 0.0)
            excess = max(gen - deficit, 0.0)

            # surplus (renewables first, then genset excess) charges the battery
            gen_ch = min(excess, pc_avail - re_ch)
            curtailed = surplus - re_ch
            dumped = excess - gen_ch
            ch = re_ch + gen_ch
            e = e + ch * C[C_CCH * BLOCK + j] - dis * C[C_CDIS * BLOCK + j]
            A[A_E * BLOCK + j] = e
            if cycle_charging:
                A[A_HOLD * BLOCK + j] = 1.0 if (units > 0.0
                                                and e < C[C_EHOLD * BLOCK + j]) else 0.0
            fuel_rate = units * C[C_F0U * BLOCK + j] + C[C_F1 * BLOCK + j] * gen

            # accumulate sums of kW (and step counts); multiplied by dt once at the end
            has_unserved = 1.0 if unserved > 0.0 else 0.0
            run = (A[A_RUN * BLOCK + j] + 1.0) * has_unserved
            A[A_RUN * BLOCK + j] = run
            A[S_UNSERVED_LONGEST_H * BLOCK + j] = max(A[S_UNSERVED_LONGEST_H * BLOCK + j], run)
            A[S_UNSERVED_H * BLOCK + j] += has_unserved
            A[S_UNSERVED_KWH * BLOCK + j] += unserved
            A[S_UNSERVED_MAX_KW * BLOCK + j] = max(A[S_UNSERVED_MAX_KW * BLOCK + j], unserved)
            A[S_CURTAILED_KWH * BLOCK + j] += curtailed
            A[S_CURTAILED_MAX_KW * BLOCK + j] = max(A[S_CURTAILED_MAX_KW * BLOCK + j], curtailed)
            A[S_DUMPED_KWH * BLOCK + j] += dumped
            A[S_GEN_KWH * BLOCK + j] += gen
            A[S_GEN_MAX_KW * BLOCK + j] = max(A[S_GEN_MAX_KW * BLOCK + j], gen)
            A[S_UNIT_H * BLOCK + j] += units
            A[S_FLEET_H * BLOCK + j] += 1.0 if units > 0.0 else 0.0
            A[S_STARTS * BLOCK + j] += max(units - A[A_UPREV * BLOCK + j], 0.0)
            A[A_UPREV * BLOCK + j] = units
            A[S_MAX_UNITS * BLOCK + j] = max(A[S_MAX_UNITS * BLOCK + j], units)
            A[S_FUEL_L * BLOCK + j] += fuel_rate
            A[S_CH_KWH * BLOCK + j] += ch
            A[S_DIS_KWH * BLOCK + j] += dis
            A[S_CH_GEN_KWH * BLOCK + j] += gen_ch
            A[S_CAP_SHORT_KWH * BLOCK + j] += cap_short
            A[S_CAP_SHORT_MAX_KW * BLOCK + j] = max(A[S_CAP_SHORT_MAX_KW * BLOCK + j], cap_short)
            A[S_CAP_SHORT_H * BLOCK + j] += 1.0 if cap_short > 0.0 else 0.0

            if record and j == 0:
                traj[t, T_LOAD] = load_t
                traj[t, T_PV] = ppv
                traj[t, T_WIND] = pwind
                traj[t, T_GEN] = gen
                traj[t, T_UNITS] = units
                traj[t, T_BATT] = dis - ch
                e_rated = C[C_E_RATED * BLOCK + j]
                traj[t, T_SOC] = e / e_rated if e_rated > 0.0 else 0.0
                traj[t, T_UNSERVED] = unserved
                traj[t, T_CURTAILED] = curtailed
                traj[t, T_DUMPED] = dumped
                traj[t, T_RESERVE] = reserve
                traj[t, T_CAP_SHORT] = cap_short
                traj[t, T_FUEL] = fuel_rate


@njit(cache=True, nogil=True)
def _finish(load, pv_pu, wind_pu, P, A, dt, out):
    # load, PV and wind energy do not depend on the dispatch: one sum per profile
    load_sum = 0.0
    pv_sum = 0.0
    wind_sum = 0.0
    for t in range(load.shape[0]):
        load_sum += load[t]
        pv_sum += pv_pu[t]
        wind_sum += wind_pu[t]
    for j in range(BLOCK):
        A[S_LOAD_KWH * BLOCK + j] = load_sum
        A[S_PV_KWH * BLOCK + j] = P[P_PV_KW, j] * pv_sum
        A[S_WIND_KWH * BLOCK + j] = P[P_WIND_N, j] * wind_sum
        for k in range(N_STATS):
            out[k, j] = A[k * BLOCK + j]
        out[S_E_END_KWH, j] = A[A_E * BLOCK + j]
        for k in (S_UNSERVED_H, S_UNSERVED_LONGEST_H, S_UNIT_H, S_FLEET_H, S_CAP_SHORT_H,
                  S_UNSERVED_KWH, S_LOAD_KWH, S_PV_KWH, S_WIND_KWH, S_CURTAILED_KWH,
                  S_DUMPED_KWH, S_GEN_KWH, S_FUEL_L, S_CH_KWH, S_DIS_KWH, S_CH_GEN_KWH,
                  S_CAP_SHORT_KWH):
            out[k, j] = A[k * BLOCK + j] * dt
        out[S_SERVED_KWH, j] = out[S_LOAD_KWH, j] - out[S_UNSERVED_KWH, j]


@njit(cache=True, nogil=True)
def run_block(load, pv_pu, wind_pu, inv_avail, avail, dt, P, cycle_charging, out):
    """Simulate ``BLOCK`` designs; write their totals into ``out`` (statistics only).

    Parameters
    ----------
    load, pv_pu, wind_pu : float64[n]
        Load [kW], PV [kW/kW DC], wind [kW/turbine].
    inv_avail, avail : float64[n]
        ``1/a`` (0 where a = 0, always finite) and the genset available-capacity
        factor a [-].
    dt : float
        Time step. [h]
    P : float64[N_PARAMS, BLOCK]
        Design parameters, one column per design, all of one strategy.
    cycle_charging : bool
        Strategy of the block (False: load following).
    out : float64[N_STATS, BLOCK]
        Statistics, overwritten.
    """
    C, A = _constants(P, dt)
    # the literal False lets LLVM drop the recording branch and vectorise the loop
    _steps(load, pv_pu, wind_pu, inv_avail, avail, C, A, cycle_charging,
           np.empty((0, N_TRAJ)), False, BLOCK)
    _finish(load, pv_pu, wind_pu, P, A, dt, out)


@njit(cache=True, nogil=True)
def run_block_recorded(load, pv_pu, wind_pu, inv_avail, avail, dt, P, cycle_charging, out,
                       traj):
    """Design 0 only, with its trajectories written into ``traj`` (n, N_TRAJ).

    Only column 0 of ``out`` is meaningful afterwards.
    """
    C, A = _constants(P, dt)
    # only slot 0 is recorded: the other slots hold copies of it and are not simulated
    _steps(load, pv_pu, wind_pu, inv_avail, avail, C, A, cycle_charging, traj, True, 1)
    _finish(load, pv_pu, wind_pu, P, A, dt, out)


@njit(cache=True, nogil=True)
def run_blocks(load, pv_pu, wind_pu, inv_avail, avail, dt, params, order, starts, b0, b1, out):
    """Statistics for blocks ``b0 .. b1 - 1`` of a batch: ``params`` (m, N_PARAMS) -> ``out``.

    ``order`` lists the designs grouped by strategy and ``starts`` the first
    position of each block in ``order`` (plus a final end marker); a block
    holds at most ``BLOCK`` designs of one strategy, and its empty slots are
    filled with copies of its first design. Each block writes only its own
    designs' rows of ``out`` (m, N_STATS), and the function releases the GIL,
    so threads can run disjoint block ranges at once; results do not depend
    on the number of threads.
    """
    P = np.empty((N_PARAMS, BLOCK))
    res = np.empty((N_STATS, BLOCK))
    for b in range(b0, b1):
        lo = starts[b]
        size = starts[b + 1] - lo
        for j in range(BLOCK):
            src = order[lo + j] if j < size else order[lo]
            for k in range(N_PARAMS):
                P[k, j] = params[src, k]
        run_block(load, pv_pu, wind_pu, inv_avail, avail, dt, P, P[P_STRATEGY, 0] > 0.5, res)
        for j in range(size):
            for k in range(N_STATS):
                out[order[lo + j], k] = res[k, j]
