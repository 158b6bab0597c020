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

One body, :func:`_steps`, serves every mode through literal arguments: the kind of block
(cycle charging or not, economic dispatch or not), the recording flag, the number of active
slots, one AC bus (no converter: its efficiencies and limits drop out of the loop), battery
first (load following without economic dispatch: the gensets-first candidate drops out),
the checks computed and the statistics kept (``full``: all of them; otherwise the search
variant, :data:`SEARCH_STATS`, what pricing and a sizing search read, a third fewer
instructions per step). The runners in :mod:`minegrid.dispatch._blocks`, one per kind and
variant, compile only on first use, so the cold start pays for the kinds a session runs. A
block of one design (``simulate``, a polish step) runs slot 0 alone as a scalar loop, which
also records trajectories. The arithmetic per design is the same in every mode, so the
modes agree exactly (tested), and a design's result does not depend on its block.

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
P_PCH_KW = 3  # battery charge limit at its terminals [kW]
P_PDIS_KW = 4  # battery discharge limit at its terminals [kW]
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
P_CC_HOLD = 21  # 1: HOMER's set-point hold under cycle charging
P_R_PEAK = 22  # reserve fraction of the annual peak load [-]
P_N_MIN = 23  # units that stay online [-]
P_BDISPATCH = 24  # 0 gensets first, 1 battery first, 2 economic
P_CC_LIMIT = 25  # 0 charge fully, 1 only towards the set-point
P_ALPHA = 26  # maximum charge rate [1/h] (inf: none)
P_INV_KW = 27  # inverter capacity, AC out [kW] (inf: one bus)
P_INV_ETA = 28  # inverter efficiency [-]
P_REC_KW = 29  # rectifier capacity, AC in [kW]
P_REC_ETA = 30  # rectifier efficiency [-]
P_INV_RESERVE = 31  # 1: the DC side's operating capacity is capped at the inverter rating
P_C_FIX = 32  # economic dispatch: genset cost per running unit-hour [currency/h]
P_C_MAR = 33  # economic dispatch: genset marginal cost [currency/kWh]
P_C_WEAR = 34  # economic dispatch: battery wear per kWh drawn from storage [currency/kWh]
P_HORIZON = 35  # predictive: steps a plan looks ahead [-]
P_REPLAN = 36  # predictive: steps between plans [-]
P_LEVELS = 37  # predictive: energy levels of the plans' grid [-]
P_VOLL = 38  # predictive: cost of unserved energy [currency/kWh]
P_WORTH = 39  # predictive: value of stored energy at a plan's end [currency/kWh]
P_FORECAST = 40  # predictive: 0 perfect, 1 persistence, 2 noisy
P_FC_ERROR = 41  # predictive: relative error of the noisy forecast [-]
P_FC_SEED = 42  # predictive: seed of the noisy forecast
P_N1 = 43  # 1: commit gensets for the loss of the largest source (N-1 reserve)
P_PV_BLOCK = 44  # DC size of the largest PV block that trips at once [kW] (inf: all)
P_START_KW = 45  # largest motor start, real power [kW] (0: none)
P_START_KVA = 46  # largest motor start, apparent power [kVA]
P_STEP_FRAC = 47  # gensets' load acceptance per step, fraction of the online rating [-]
P_GEN_KVA = 48  # alternators' short-time kVA per kW online [kVA/kW]
P_INV_OVL = 49  # battery inverter's short-time kVA over its rated kW [-]
P_BAT_BLOCK = 50  # discharge power of the largest battery block that trips at once [kW]
N_PARAMS = 51

# ---- statistics vector (totals over the simulated period) ---------------------------------
S_LOAD_KWH = 0
S_SERVED_KWH = 1
S_UNSERVED_KWH = 2
S_UNSERVED_MAX_KW = 3
S_UNSERVED_H = 4
S_UNSERVED_LONGEST_H = 5
S_PV_KWH = 6  # PV potential (before curtailment)
S_WIND_KWH = 7  # wind potential
S_CURTAILED_KWH = 8  # renewable energy curtailed (PV + wind)
S_DUMPED_KWH = 9  # genset energy dumped (from minimum load)
S_GEN_KWH = 10  # genset production (incl. dumped)
S_GEN_MAX_KW = 11
S_UNIT_H = 12  # unit running hours, summed over units
S_FLEET_H = 13  # hours with at least one unit running
S_STARTS = 14
S_FUEL_L = 15
S_CH_KWH = 16  # energy into the battery at its terminals
S_DIS_KWH = 17  # energy out of the battery at its terminals
S_CH_GEN_KWH = 18  # part of S_CH_KWH from gensets
S_E_END_KWH = 19  # stored energy at the end
S_CAP_SHORT_KWH = 20  # operating-capacity shortage (reserve not met)
S_CAP_SHORT_MAX_KW = 21
S_MAX_UNITS = 22  # most units online at once
S_CAP_SHORT_H = 23
S_CURTAILED_MAX_KW = 24
S_CURT_PV_KWH = 25  # PV curtailed
S_INV_KWH = 26  # inverter output (AC)
S_REC_KWH = 27  # rectifier input (AC)
S_N1_KWH = 28  # N-1 shortfall: load not covered after losing the largest source
S_N1_H = 29
S_N1_MAX_KW = 30
S_START_H = 31  # steps where the largest motor start could not be accepted
N_STATS = 32
#: Statistics and trajectory columns of the N-1 and motor-start checks (every kernel)
CHECK_STATS = (S_N1_KWH, S_N1_H, S_N1_MAX_KW, S_START_H)

# ---- trajectory columns -------------------------------------------------------------------
T_LOAD = 0
T_PV = 1  # PV potential [kW]
T_WIND = 2  # wind potential [kW]
T_GEN = 3  # genset output [kW]
T_UNITS = 4  # units online [-]
T_BATT = 5  # battery power at its terminals, > 0 discharging [kW]
T_SOC = 6  # state of charge at the END of the step [-]
T_UNSERVED = 7
T_CURTAILED = 8  # PV + wind curtailed
T_DUMPED = 9
T_RESERVE = 10  # operating reserve required [kW]
T_CAP_SHORT = 11  # operating-capacity shortage [kW]
T_FUEL = 12  # fuel rate [L/h]
T_CURT_PV = 13  # PV curtailed [kW]
T_INV = 14  # inverter output [kW AC]
T_REC = 15  # rectifier input [kW AC]
T_N1 = 16  # N-1 shortfall [kW]
T_STEP = 17  # largest sudden load step the online sources accept [kW]
T_KVA = 18  # short-time apparent power the online sources give a start [kVA]
N_TRAJ = 19
CHECK_TRAJ = (T_N1, T_STEP, T_KVA)


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
C_KCH = 17  # tau / (eta_c dt)
C_CCH = 18
C_CDIS = 19
C_E_RATED = 20  # rated energy [kWh]
C_RFIX = 21  # R_fix + r_peak * L_peak [kW]
C_HOLD = 22
C_EHOLD = 23  # energy at which a hold ends [kWh]
C_KSP = 24  # 1 / (eta_c dt), for the room to the set-point
C_NMIN = 25  # min(n_min, n_max)
C_INVETA = 26
C_IOTA = 27  # 1 / eta_inv
C_PINV = 28
C_RECETA = 29
C_RHO = 30  # 1 / eta_rec
C_PREC = 31
C_INVRES = 32
C_MODE_G = 33  # 1: gensets first
C_MODE_E = 34  # 1: economic
C_CCLIM = 35  # 1: charge only towards the set-point
C_CFIX = 36
C_CMAR = 37
C_CWEAR = 38
C_INVD = 39  # 1 / eta_d
C_N1 = 40  # 1: N-1 commitment
C_PVSH = 41  # share of the PV plant in its largest block [-]
C_HASW = 42  # 1 with wind turbines (one can trip)
C_START_KW = 43
C_START_KVA = 44
C_STEPF = 45
C_GENKVA = 46
C_BATKVA = 47  # the battery inverter's short-time kVA [kVA]
C_BATSH = 48  # share of the battery's power in its largest block [-]
C_KVA_NET = 49  # the start's kVA less the battery inverter's: what the gensets must give
N_C = 50
# extra rows of the state array A (N_A, B) after the N_STATS accumulators
A_E = N_STATS
A_UPREV = N_STATS + 1
A_RUN = N_STATS + 2
A_HOLD = N_STATS + 3  # 1 while a cycle-charging hold is on
A_Q = N_STATS + 4  # cost of the energy in the battery (economic dispatch) [currency]
N_A = N_STATS + 5


@njit(cache=True, nogil=True)
def _constants(P, dt, peak):
    """Per-design constants C and initial state A, flat (row * BLOCK + j)."""
    C = np.empty(N_C * BLOCK)
    A = np.zeros(N_A * BLOCK)
    _fill_constants(P, dt, peak, C, A)
    return C, A


@njit(cache=True, nogil=True)
def _aligned(n):
    """A zeroed float64 array of ``n`` values starting on a 64-byte boundary.

    numba aligns arrays to 32 bytes; a row of ``BLOCK`` float64 that starts 32 bytes
    into a cache line makes every AVX-512 load and store of it span two lines.
    """
    buf = np.zeros(n + 8)
    at = ((64 - buf.ctypes.data % 64) % 64) // 8
    return buf[at:at + n]


@njit(cache=True, nogil=True)
def _fill_constants(P, dt, peak, C, A):
    """Fill the constants ``C`` and reset the state ``A`` of a block (see :func:`_constants`)."""
    A[:] = 0.0
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
        # P_ch <= τ·(E_max − E)/(η_c·Δt); update E += P_ch·(η_c·Δt) − P_dis·(Δt/η_d)
        tau = 1.0 - np.exp(-P[P_ALPHA, j] * dt)
        C[C_KDIS * BLOCK + j] = P[P_ETA_D, j] / dt
        C[C_KSP * BLOCK + j] = 1.0 / (P[P_ETA_C, j] * dt)
        C[C_KCH * BLOCK + j] = tau * (1.0 / (P[P_ETA_C, j] * dt))
        C[C_CCH * BLOCK + j] = P[P_ETA_C, j] * dt
        C[C_CDIS * BLOCK + j] = dt / P[P_ETA_D, j]
        C[C_INVD * BLOCK + j] = 1.0 / P[P_ETA_D, j]
        C[C_E_RATED * BLOCK + j] = e_rated
        C[C_RFIX * BLOCK + j] = P[P_R_FIXED, j] + P[P_R_PEAK, j] * peak
        C[C_HOLD * BLOCK + j] = P[P_CC_HOLD, j]
        # a hold ends at the set-point (or full charge), less a hair for rounding
        C[C_EHOLD * BLOCK + j] = (min(P[P_CC_SP, j] * e_rated, P[P_SOC_MAX, j] * e_rated)
                                  - 1e-9 * e_rated)
        C[C_NMIN * BLOCK + j] = min(P[P_N_MIN, j], P[P_N_UNITS, j])
        C[C_INVETA * BLOCK + j] = P[P_INV_ETA, j]
        C[C_IOTA * BLOCK + j] = 1.0 / P[P_INV_ETA, j]
        C[C_PINV * BLOCK + j] = P[P_INV_KW, j]
        C[C_RECETA * BLOCK + j] = P[P_REC_ETA, j]
        C[C_RHO * BLOCK + j] = 1.0 / P[P_REC_ETA, j]
        C[C_PREC * BLOCK + j] = P[P_REC_KW, j]
        C[C_INVRES * BLOCK + j] = P[P_INV_RESERVE, j]
        C[C_MODE_G * BLOCK + j] = 1.0 if P[P_BDISPATCH, j] == 0.0 else 0.0
        C[C_MODE_E * BLOCK + j] = 1.0 if P[P_BDISPATCH, j] == 2.0 else 0.0
        C[C_CCLIM * BLOCK + j] = P[P_CC_LIMIT, j]
        C[C_CFIX * BLOCK + j] = P[P_C_FIX, j]
        C[C_CMAR * BLOCK + j] = P[P_C_MAR, j]
        C[C_CWEAR * BLOCK + j] = P[P_C_WEAR, j]
        A[A_E * BLOCK + j] = P[P_SOC_INI, j] * e_rated
        pv_kw = P[P_PV_KW, j]
        C[C_N1 * BLOCK + j] = P[P_N1, j]
        C[C_PVSH * BLOCK + j] = min(P[P_PV_BLOCK, j] / pv_kw, 1.0) if pv_kw > 0.0 else 0.0
        C[C_HASW * BLOCK + j] = 1.0 if P[P_WIND_N, j] > 0.0 else 0.0
        p_dis = P[P_PDIS_KW, j]
        C[C_BATSH * BLOCK + j] = min(P[P_BAT_BLOCK, j] / p_dis, 1.0) if p_dis > 0.0 else 0.0
        has_drive = P[P_START_KW, j] > 0.0  # no drive: 0 kW and 0 kVA, never refused
        C[C_START_KW * BLOCK + j] = P[P_START_KW, j] if has_drive else 0.0
        C[C_START_KVA * BLOCK + j] = P[P_START_KVA, j] if has_drive else 0.0
        C[C_STEPF * BLOCK + j] = P[P_STEP_FRAC, j]
        C[C_GENKVA * BLOCK + j] = P[P_GEN_KVA, j]
        bat_kva = P[P_INV_OVL, j] * min(P[P_PDIS_KW, j] * P[P_INV_ETA, j], P[P_INV_KW, j])
        C[C_BATKVA * BLOCK + j] = bat_kva
        C[C_KVA_NET * BLOCK + j] = C[C_START_KVA * BLOCK + j] - bat_kva


@njit(cache=True, nogil=True)
def _steps(load, pv_pu, wind_pu, inv_avail, avail, fuel_mult, dt, C, A, cycle_charging, economic,
           traj, record, n_active, full=True, one_bus=False, battery_first=False, checks=True,
           starts=True, rule=True):
    """Advance the block over all steps, accumulating statistics in ``A``.

    The loop over designs ``j`` vectorises; see the module docstring. The rules
    and their floating-point grouping are those of ``docs/theory/dispatch.md``.
    Literals of the runners leave parts out: ``checks`` the N-1 check, ``starts`` the
    motor-start test (statistics 0), ``rule`` the N-1 rule (exact without the rule).
    """
    for t in range(load.shape[0]):
        load_t = load[t]
        pv_t = pv_pu[t]
        wind_t = wind_pu[t]
        inv_a = inv_avail[t]
        a_t = avail[t]
        fm_t = fuel_mult[t]
        for j in range(n_active):
            unit_kw = C[C_UNIT_KW * BLOCK + j]
            nu = C[C_NU * BLOCK + j]
            invu = C[C_INVU * BLOCK + j]
            if one_bus:  # no converter: efficiencies 1, unlimited; the same numbers, fewer steps
                eta_inv, iota, p_inv, eta_rec, rho = 1.0, 1.0, np.inf, 1.0, 1.0
            else:
                eta_inv, iota = C[C_INVETA * BLOCK + j], C[C_IOTA * BLOCK + j]
                p_inv, eta_rec = C[C_PINV * BLOCK + j], C[C_RECETA * BLOCK + j]
                rho = C[C_RHO * BLOCK + j]
            e = A[A_E * BLOCK + j]

            # 1. battery capability at its terminals
            ppv = C[C_PV_KW * BLOCK + j] * pv_t
            pwind = C[C_WIND_N * BLOCK + j] * wind_t
            pd_avail = min(max((e - C[C_EMIN * BLOCK + j]) * C[C_KDIS * BLOCK + j], 0.0),
                           C[C_PDIS * BLOCK + j])
            pc_avail = min(max((C[C_EMAX * BLOCK + j] - e) * C[C_KCH * BLOCK + j], 0.0),
                           C[C_PCH * BLOCK + j])

            # 2. renewables before any genset decision
            nac = load_t - pwind
            d0 = max(nac, 0.0)
            s_w = max(-nac, 0.0)
            pv_ac = min(ppv, d0) if one_bus else min(min(ppv * eta_inv, p_inv), d0)
            s_pv = ppv - pv_ac * iota
            d = d0 - pv_ac
            b = pd_avail if one_bus else min(pd_avail * eta_inv, p_inv - pv_ac)
            ch_pv = min(s_pv, pc_avail)
            room1 = pc_avail - ch_pv
            ch_w = min(s_w, room1) if one_bus else min(min(s_w, C[C_PREC * BLOCK + j]),
                                                        room1 * rho)
            room2 = room1 - ch_w * eta_rec
            rec = np.inf if one_bus else C[C_PREC * BLOCK + j] - ch_w

            # 3. operating reserve and commitment
            r_ac = ((C[C_RL * BLOCK + j] * load_t + C[C_RW * BLOCK + j] * pwind)
                    + C[C_RFIX * BLOCK + j])
            r_pv = C[C_RPV * BLOCK + j] * ppv
            x = ((ppv + pd_avail) - r_pv) * eta_inv
            if not one_bus:
                x = min(x, p_inv) if C[C_INVRES * BLOCK + j] > 0.0 else x
            c_req = ((load_t + r_ac) - pwind) - x
            u = unit_kw * a_t
            has_u = 1.0 if u > 0.0 else 0.0
            # max(0, ceil(.)) keeps no -0.0 (numba's max keeps its first argument on ties)
            n_r = max(0.0, np.ceil(c_req * invu * inv_a))
            n_l = max(0.0, np.ceil((d - b) * invu * inv_a))
            # N-1 (docs/theory/reliability.md): the rest covers the load after losing the
            # largest source in service; the battery's capability b counts as reserve
            c0 = d - b
            l_non = n_1 = 0.0
            if checks:
                # one turbine: wind_t (>= 0); with none, pwind - s_w is 0 and so is the min
                l_non = max(max(pv_ac * C[C_PVSH * BLOCK + j], min(wind_t, pwind - s_w)),
                            b * C[C_BATSH * BLOCK + j])
                c_n1 = c0 + max(l_non, u if c0 > 0.0 else 0.0)
                if rule:
                    n_1 = max(0.0, np.ceil(c_n1 * invu * inv_a)) if C[C_N1 * BLOCK + j] > 0.0 \
                        else 0.0
            units = min(max(max(max(n_r, n_l), n_1), C[C_NMIN * BLOCK + j]), nu) * has_u
            if cycle_charging:
                hold = A[A_HOLD * BLOCK + j] * C[C_HOLD * BLOCK + j]
                keep = 1.0 if (hold > 0.0 and e < C[C_EHOLD * BLOCK + j]
                               and u > 0.0) else 0.0
                units = max(units, min(keep, nu))

            # 4. two candidates: battery first (B), gensets first (G). A kind that chooses by
            # rule computes only what its rule can pick: battery first (load following) B
            # alone; gensets first (or cycle charging) G, or with no unit committed B
            # without gensets (no genset power, the battery up to its limit)
            b_only = battery_first and not cycle_charging and not economic
            g_rule = not economic and not b_only
            p_lo = min(C[C_UMIN * BLOCK + j], u)
            dis_b0 = min(d, b)
            resid = d - dis_b0
            g_b = 0.0
            dis_b = dis_b0
            u_b = resid
            x_b = 0.0
            if not g_rule:
                g_lo = units * p_lo
                g_hi = units * u
                g_b = min(max(resid, g_lo), g_hi)
                dis_b = dis_b0 if g_b <= resid else max(d - g_b, 0.0)
                u_b = max(resid - g_b, 0.0)
                x_b = max(g_b - d, 0.0)
            n_g = 0.0
            g_g = 0.0
            dis_g = 0.0
            u_g = 0.0
            x_g = 0.0
            if not b_only:
                n_d = max(0.0, np.ceil(d * invu * inv_a))
                n_g = min(max(max(units, n_d), 1.0 if d > 0.0 else 0.0), nu) * has_u
                room_cc = 0.0
                if cycle_charging:
                    room_cc = room2 if one_bus else min(rec, room2 * rho)
                    room_sp = max(((C[C_ESP * BLOCK + j] - e) * C[C_KSP * BLOCK + j] - ch_pv)
                                  - ch_w * eta_rec, 0.0)
                    room_cc = min(room_cc, room_sp * rho) if C[C_CCLIM * BLOCK + j] > 0.0 \
                        else room_cc
                g_g = min(max(d + room_cc, n_g * p_lo), n_g * u)
                dis_g = min(max(d - g_g, 0.0), b)
                u_g = max((d - g_g) - dis_g, 0.0)
                x_g = max(g_g - d, 0.0)

            # 5. choosing: the rule of the mode, or the cheaper (economic dispatch)
            q = 0.0
            q_avg = 0.0
            if economic:
                q = A[A_Q * BLOCK + j]
                q_avg = q / e if e > 0.0 else 0.0
                c_bat = (C[C_CWEAR * BLOCK + j] + q_avg) * C[C_INVD * BLOCK + j]
                c_fix = C[C_CFIX * BLOCK + j]
                c_mar = C[C_CMAR * BLOCK + j]
                cost_b = (units * c_fix + c_mar * g_b) + c_bat * (dis_b * iota)
                cost_g = (n_g * c_fix + c_mar * g_g) + c_bat * (dis_g * iota)
                cheaper = 1.0 if (u_g < u_b or (u_g <= u_b and cost_g < cost_b)) else 0.0
                by_rule = 1.0 if cycle_charging else 0.0
                sel = 1.0 if ((units > 0.0 and by_rule > 0.0) or cheaper > 0.0) else 0.0
            elif b_only:
                sel = 0.0
            else:
                sel = 1.0 if units > 0.0 else 0.0
            n_used = n_g if sel > 0.0 else units
            gen = g_g if sel > 0.0 else g_b
            dis_ac = dis_g if sel > 0.0 else dis_b
            unserved = u_g if sel > 0.0 else u_b
            excess = x_g if sel > 0.0 else x_b

            # 6. genset surplus, battery, balance
            ch_g = min(excess, room2) if one_bus else min(min(excess, rec), room2 * rho)
            dumped = excess - ch_g
            ch = ch_pv + (ch_w + ch_g) * eta_rec
            dis = dis_ac * iota
            e_drawn = dis * C[C_CDIS * BLOCK + j]
            e = e + ch * C[C_CCH * BLOCK + j] - e_drawn
            A[A_E * BLOCK + j] = e
            if economic:
                A[A_Q * BLOCK + j] = (max(q - q_avg * e_drawn, 0.0)
                                      + (C[C_CMAR * BLOCK + j] * ch_g) * dt) \
                    * C[C_MODE_E * BLOCK + j]
            if cycle_charging:
                A[A_HOLD * BLOCK + j] = 1.0 if (n_used > 0.0
                                                and e < C[C_EHOLD * BLOCK + j]) else 0.0
            cap_short = max(c_req - n_used * u, 0.0)
            cap_on = n_used * u
            n1_short = n1_hit = step_cap = kva_cap = refused = 0.0
            if checks:  # the search counts the hours only: n1_hit == (n1_short > 0), exactly
                n1_need = c0 + max(l_non, min(u, cap_on))  # u·[n >= 1]: n·u >= u, exactly
                n1_hit = 1.0 if n1_need > cap_on else 0.0
                if full:
                    n1_short = max(n1_need - cap_on, 0.0)
            if starts or record:
                head_b = max(b - dis_ac, 0.0)
                # gen <= cap_on exactly (each candidate caps it at the same product n·u), so
                # max(cap_on - gen, 0) is cap_on - gen
                step_cap = min(C[C_STEPF * BLOCK + j] * cap_on, cap_on - gen) + head_b
                kva_cap = cap_on * C[C_GENKVA * BLOCK + j] + C[C_BATKVA * BLOCK + j]
                # bitwise |, no short-circuit branch (it would stop the loop vectorising);
                # without a drive both starts are 0 (_fill_constants), never refused
                over = (C[C_START_KW * BLOCK + j] > step_cap) | \
                    (C[C_KVA_NET * BLOCK + j] > cap_on * C[C_GENKVA * BLOCK + j])
                refused = 1.0 if over else 0.0
            fuel_rate = (n_used * C[C_F0U * BLOCK + j] + C[C_F1 * BLOCK + j] * gen) * fm_t
            curt_pv = s_pv - ch_pv
            curtailed = curt_pv + (s_w - ch_w)
            inverter = pv_ac + dis_ac
            rectifier = ch_w + ch_g

            # sums of kW and step counts (times dt at the end); every variant: SEARCH_STATS
            A[S_UNSERVED_KWH * BLOCK + j] += unserved
            A[S_GEN_KWH * BLOCK + j] += gen
            A[S_UNIT_H * BLOCK + j] += n_used
            A[S_STARTS * BLOCK + j] += max(n_used - A[A_UPREV * BLOCK + j], 0.0)
            A[A_UPREV * BLOCK + j] = n_used
            A[S_CH_KWH * BLOCK + j] += ch
            A[S_DIS_KWH * BLOCK + j] += dis
            A[S_CAP_SHORT_KWH * BLOCK + j] += cap_short
            if checks:
                A[S_N1_H * BLOCK + j] += n1_hit
            if starts:
                A[S_START_H * BLOCK + j] += refused
            if full:
                has_unserved = 1.0 if unserved > 0.0 else 0.0
                run = (A[A_RUN * BLOCK + j] + 1.0) * has_unserved
                A[A_RUN * BLOCK + j] = run
                A[S_UNSERVED_LONGEST_H * BLOCK + j] = max(A[S_UNSERVED_LONGEST_H * BLOCK + j],
                                                          run)
                A[S_UNSERVED_H * BLOCK + j] += has_unserved
                A[S_UNSERVED_MAX_KW * BLOCK + j] = max(A[S_UNSERVED_MAX_KW * BLOCK + j],
                                                       unserved)
                A[S_CURTAILED_KWH * BLOCK + j] += curtailed
                A[S_CURTAILED_MAX_KW * BLOCK + j] = max(A[S_CURTAILED_MAX_KW * BLOCK + j],
                                                        curtailed)
                A[S_CURT_PV_KWH * BLOCK + j] += curt_pv
                A[S_DUMPED_KWH * BLOCK + j] += dumped
                A[S_GEN_MAX_KW * BLOCK + j] = max(A[S_GEN_MAX_KW * BLOCK + j], gen)
                A[S_FLEET_H * BLOCK + j] += 1.0 if n_used > 0.0 else 0.0
                A[S_MAX_UNITS * BLOCK + j] = max(A[S_MAX_UNITS * BLOCK + j], n_used)
                A[S_FUEL_L * BLOCK + j] += fuel_rate
                A[S_CH_GEN_KWH * BLOCK + j] += ch_g * eta_rec
                A[S_CAP_SHORT_MAX_KW * BLOCK + j] = max(A[S_CAP_SHORT_MAX_KW * BLOCK + j],
                                                        cap_short)
                A[S_CAP_SHORT_H * BLOCK + j] += 1.0 if cap_short > 0.0 else 0.0
                A[S_INV_KWH * BLOCK + j] += inverter
                A[S_REC_KWH * BLOCK + j] += rectifier
                if checks:
                    A[S_N1_KWH * BLOCK + j] += n1_short
                    A[S_N1_MAX_KW * BLOCK + j] = max(A[S_N1_MAX_KW * BLOCK + j], n1_short)

            if record and j == 0:
                traj[t, T_LOAD] = load_t
                traj[t, T_PV] = ppv
                traj[t, T_WIND] = pwind
                traj[t, T_GEN] = gen
                traj[t, T_UNITS] = n_used
                traj[t, T_BATT] = dis - ch
                e_rated = C[C_E_RATED * BLOCK + j]
                traj[t, T_SOC] = e / e_rated if e_rated > 0.0 else 0.0
                traj[t, T_UNSERVED] = unserved
                traj[t, T_CURTAILED] = curtailed
                traj[t, T_DUMPED] = dumped
                traj[t, T_RESERVE] = r_ac + r_pv
                traj[t, T_CAP_SHORT] = cap_short
                traj[t, T_FUEL] = fuel_rate
                traj[t, T_CURT_PV] = curt_pv
                traj[t, T_INV] = inverter
                traj[t, T_REC] = rectifier
                traj[t, T_N1] = n1_short
                traj[t, T_STEP] = step_cap
                traj[t, T_KVA] = kva_cap


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
                  S_CAP_SHORT_KWH, S_CURT_PV_KWH, S_INV_KWH, S_REC_KWH, S_N1_KWH, S_N1_H,
                  S_START_H):
            out[k, j] = A[k * BLOCK + j] * dt
        out[S_SERVED_KWH, j] = out[S_LOAD_KWH, j] - out[S_UNSERVED_KWH, j]


#: The statistics of the search variant (``full=False``): what pricing and a sizing search
#: read. The fuel is not summed in it: :func:`_finish_search` rebuilds it from the unit-hours
#: and the genset energy, exact to rounding where the fuel multiplier is one constant.
SEARCH_STATS = (S_LOAD_KWH, S_SERVED_KWH, S_UNSERVED_KWH, S_PV_KWH, S_WIND_KWH, S_GEN_KWH,
                S_UNIT_H, S_STARTS, S_FUEL_L, S_CH_KWH, S_DIS_KWH, S_E_END_KWH,
                S_CAP_SHORT_KWH, S_N1_H, S_START_H)
