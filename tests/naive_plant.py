"""Plain-Python reference ("oracle") of the genset-plant dispatch (K unit types).

Written from docs/theory/gensets.md and docs/theory/dispatch.md (sections 1-7
and "Arithmetic") alone, without looking at the compiled plant kernel
(``minegrid.dispatch._plant``), so the tests compare two independent
implementations. It extends ``tests/naive.py`` (the one-fleet reference) to K
types: the same loop over the steps, plain Python floats, the rules in the
order the pages give them; the battery, renewables, reserve and balance rules
are those of naive.py, re-written here line for line so that the plant rules
(commitment, loading, fuel, timing) sit where they apply.

Interface::

    naive_plant(load, pv_pu, wind_pu, avail, fuel_mult, dt, params, types)
        -> (totals, per_type, steps)

``params``: the keys of naive.py's params (pv_kw, wind_n, e_kwh, pch_kw,
pdis_kw, eta_c, eta_d, soc_min, soc_max, soc_ini, strategy, cc_setpoint,
r_load, r_pv, r_wind; optional r_fixed, cc_hold, r_peak, n_min,
battery_dispatch, cc_limit, alpha, inv_kw, inv_eta, rec_kw, rec_eta,
reserve_through_inverter, c_wear; and the N-1 and motor-start keys n1, pv_block_kw,
battery_block_kw, start_kw, start_kva, step_fraction, gen_kva_per_kw,
inverter_overload); its unit_kw, n_units, min_load, f0, f1, c_fix and c_mar are
ignored in favour of ``types``.

``types``: list of K dicts IN MERIT ORDER (k = 1..K of gensets.md), each with
unit_kw (P_k), n_units (N_k), min_load (m_k), f0 (F0_k, per h per kW rated),
f1 (F1_k, per kWh), table (None, or the fuel of one unit at 25, 50, 75 and
100 % of rating), mr_steps (MR_k), md_steps (MD_k), c_fix and c_mar (the
economic-dispatch costs of the type, per running unit-hour and per kWh).

``avail`` and ``fuel_mult``: K per-type series (lists of n floats each), in
the same (merit) order: a_k(t) and phi_k(t).

Returns:

* ``totals``: the keys of naive.py's totals (n1_kwh, n1_h, n1_max_kw and
  start_refused_h included); ``fuel_l`` is the sum over the types of their fuel
  (multiplied by their fuel multiplier), each in its own curve unit (L, Nm3, ...;
  L of diesel equivalent for dual fuel).
* ``per_type``: K dicts (merit order) with unit_h, starts, gen_kwh, curve_fuel,
  max_units, fleet_h.
* ``steps``: naive.py's step keys (``units`` = units online of all types,
  ``gen`` = total genset output, ``fuel`` = total fuel rate, ``n1``, ``step_cap``,
  ``kva_cap``) plus
  ``units_k``, ``kw_k`` and ``fuel_k``: one list of K values per step (merit
  order): units online, output [kW] and fuel rate [unit/h] of each type.

Readings chosen where the specification leaves room (the most literal one).
Readings 1-16 of naive.py hold here unchanged for the rules they describe
(grouping, tau, U_G clamped at 0, cycle charging with n = 0 battery first,
n_used, the economic battery term at the terminals, q = Q/E, the economic
tie, "n = 0 when u = 0", the hold, nothing clamped that is not printed,
G_B = 0 when n = 0, L_peak, hour statistics); the plant adds:

P1. Sums over types are accumulated in merit order k = 1..K, left to right,
    starting from 0.0: G_lo = sum n_k*p_k, G_hi = sum n_k*u_k, covered, the
    economic cost terms, the fuel rate. With one type every sum is 0.0 + x = x
    exactly, so the one-fleet results are reproduced bit for bit.
P2. u_k = P_k*a_k, p_k = min(m_k*P_k, u_k); 1/P_k once per run, 1/a_k once
    per step and type (only when u_k > 0). The commitment ceiling is
    ceil(((C - covered)*(1/P_k))*(1/a_k)), then ``max(0, ...)``; it is
    evaluated whenever u_k > 0 and skipped when u_k = 0 (then hi_k = 0 = n_k
    and add = 0, as "n = 0 when u = 0" of dispatch.md).
P3. lo_k and hi_k are the literal sums over the previous MR_k - 1 and
    MD_k - 1 steps of the recorded starts_k and stops_k (steps before t = 0
    have none), whatever caused them. QUESTION: units forced off by
    availability (u_k = 0) or capped by hi_k still count in lo_k for the rest
    of their window: when the type is available again inside the window they
    are forced back on (a new start). The page's "units started less than
    MR_k steps ago" does not say whether a unit that has meanwhile stopped
    still counts; the formula counts it.
P4. The top-up loop ``for k: while sum n < n_floor: add = min(n_floor -
    sum n, hi_k - n_k); n_k += add`` is read as ONE addition per type (as a
    ``while`` it would never end when hi_k - n_k = 0; after one addition
    either the floor is reached or the type is full).
P5. n_floor = max(n_min, 1 when the hold applies): the hold applies when the
    strategy is cycle charging, cc_hold is True, ``holding`` (section 6 of
    dispatch.md) is set, E < E_hold (E at the start of the step) and some
    u_k > 0. The gensets-first floor is max(n_floor, [D > 0]).
P6. The n of section 5's table ("n >= 1") is sum_k n^B_k, the battery-first
    commitment (the one-fleet n). The gensets-first candidate uses n^G and
    its own G_lo, G_hi (sums over n^G).
P7. Loading (gensets.md "Loading") of a candidate's total G over its units:
    sigma_K = 0, sigma_k = sigma_{k+1} + n_{k+1}*p_{k+1} (from the last type
    down); g_k = min(max(G_rem - sigma_k, n_k*p_k), n_k*u_k), G_rem -= g_k.
    Under economic dispatch both candidates are loaded to price them:
    cost = (sum_k n_k*c_fix_k + sum_k c_mar_k*g_k) + c_bat*(dis_ac*iota),
    each sum accumulated separately (P1) and then added.
P8. The marginal type that values genset energy put into the battery (Q
    update): the last type k (merit order) with n_k > 0 and g_k > n_k*p_k
    (strictly above its minimum), else the first type with n_k > 0, else
    c_mar = 0 (no unit runs, ch_g = 0 then).
P9. Fuel rate of type k: linear curve (n_k*(F0_k*P_k) + F1_k*g_k)*phi_k;
    part-load table: the points T = (2*f25 - f50, f25, f50, f75, f100) at
    x = 0..4, x = (4*g_k)/(n_k*P_k), i = min(floor(x), 3),
    f = T[i] + (x - i)*(T[i+1] - T[i]) (linear interpolation; x cannot
    exceed 4 but for rounding, where the last segment is extended), fuel rate
    (n_k*f)*phi_k; 0 when n_k = 0. Start fuel (GensetFleet.start_fuel_per_start)
    is not part of the curve fuel and not modelled here (the page adds it to
    the type's fuel in the economics).
P10. Plant totals: ``starts`` = sum over types of their starts ("a start is
    counted for each unit that comes online": a unit of one type starting
    while one of another stops is a start); ``units`` (step) and ``unit_h``,
    ``max_units``, ``fleet_h`` use the total units online sum_k n_k (fleet_h:
    steps with some unit online). Capacity shortage max(0, c - G_hi(n_used)).
P11. MR_k and MD_k are given in steps (``mr_steps``, ``md_steps``); 0 or 1
    means no rule (the windows are then empty). N_k and the step counts are
    converted with int().

The N-1 and motor-start checks (docs/theory/reliability.md, "Plants"), after
naive.py's (its L_o, the PV block's and the battery block's shares, the inverter's kVA):

P12. The largest source in service among the gensets is the largest u_k of a type
    with n_k > 0 (0 when none runs); the shortfall is max(0, (D - B) + max(L_o,
    largest) - sum_k n_k*u_k), the capacity summed as G_hi (reading P1), for the
    chosen candidate's units.
P13. The N-1 rule, when asked for (``n1``), runs on each candidate after its
    commit(C, n_floor): for k = 1..K (skipping u_k = 0), with the units as they are
    (cap = sum n_i*u_i, then += (new - n_k)*u_k), a type with no unit running is
    skipped when the shortfall is already zero; else n_k = max(n_k, min(hi_k,
    max(0, ceil(((D - B) + max(L_o, big) - (cap - n_k*u_k))*(1/P_k)*(1/a_k))))),
    big = max(largest, u_k) when D - B > 0, else 0 (then losing a genset leaves the
    others carrying D - B <= 0: only L_o counts). With one type this is naive.py's
    rule (one ceiling, before or after the floor alike).
P14. Step acceptance: sum_k min(f_step*(n_k*u_k), max(n_k*u_k - g_k, 0)), each type
    within its own headroom, accumulated from 0.0 in merit order, plus max(B - dis_ac,
    0); apparent power (sum_k n_k*u_k)*k_gen + k_inv*min(P_dis,max*eta_inv, P_inv).
"""

from __future__ import annotations

import math

from naive import _STEP_KEYS, _ceil

_TYPE_KEYS = ("unit_h", "starts", "gen_kwh", "curve_fuel", "max_units", "fleet_h")


def _table_fuel(points, g, n, P):
    """Fuel rate of n units of rating P sharing g [kW] on the 5-point table (reading P9)."""
    x = (4.0 * g) / (n * P)
    i = min(int(math.floor(x)), 3)
    i = max(i, 0)
    return points[i] + (x - i) * (points[i + 1] - points[i])


def _commit(C, n_floor, lo, hi, u, inv_P, inv_a):
    """gensets.md ``commit(C, n_floor)``: every type's lo_k, then the capacity C in
    merit order, then the top-up to n_floor units (readings P2, P4)."""
    K = len(lo)
    n = list(lo)
    covered = 0.0
    for k in range(K):
        covered += lo[k] * u[k]
    for k in range(K):
        if u[k] == 0.0:
            add = 0                          # hi_k = 0 = n_k (reading P2)
        else:
            add = min(hi[k] - n[k], max(0, _ceil((C - covered) * inv_P[k] * inv_a[k])))
        n[k] += add
        covered += add * u[k]
    for k in range(K):                       # one addition per type (reading P4)
        if sum(n) < n_floor:
            add = min(n_floor - sum(n), hi[k] - n[k])
            n[k] += add
    return n


def _bounds(n, p, u):
    """Output bounds of the units n: (G_lo, G_hi) = (sum n_k*p_k, sum n_k*u_k)."""
    g_lo = 0.0
    g_hi = 0.0
    for k in range(len(n)):
        g_lo += n[k] * p[k]
        g_hi += n[k] * u[k]
    return g_lo, g_hi


def _loading(n, G, p, u):
    """gensets.md "Loading": the total G split among the types (reading P7)."""
    K = len(n)
    sigma = [0.0] * K
    for k in range(K - 2, -1, -1):
        sigma[k] = sigma[k + 1] + n[k + 1] * p[k + 1]
    g = [0.0] * K
    G_rem = G
    for k in range(K):
        g[k] = min(max(G_rem - sigma[k], n[k] * p[k]), n[k] * u[k])
        G_rem = G_rem - g[k]
    return g


def _largest(n, u):
    """Available rating of the largest running unit (0 when none runs), reading P12."""
    return max((u[k] for k in range(len(n)) if n[k] > 0), default=0.0)


def _n1_commit(n, c0, L_other, hi, u, inv_P, inv_a):
    """reliability.md "Plants": the N-1 rule on a candidate's units (reading P13)."""
    n = list(n)
    cap = 0.0
    for k in range(len(n)):
        cap += n[k] * u[k]
    for k in range(len(n)):
        if u[k] == 0.0:
            continue
        largest = _largest(n, u)
        short = c0 + max(L_other, largest) - cap
        if n[k] == 0 and short <= 0.0:
            continue
        big = max(largest, u[k]) if c0 > 0.0 else 0.0
        want = max(0, _ceil((c0 + max(L_other, big) - (cap - n[k] * u[k]))
                            * inv_P[k] * inv_a[k]))
        new = max(n[k], min(want, hi[k]))
        cap += (new - n[k]) * u[k]
        n[k] = new
    return n


def naive_plant(load, pv_pu, wind_pu, avail, fuel_mult, dt, params, types):
    """Simulate the plant dispatch of docs/theory/gensets.md step by step.

    Returns ``(totals, per_type, steps)``; see the module docstring.
    """
    n_steps = len(load)
    K = len(types)
    if not (len(pv_pu) == len(wind_pu) == n_steps):
        raise ValueError("load, pv_pu and wind_pu must have equal length")
    if len(avail) != K or len(fuel_mult) != K:
        raise ValueError("avail and fuel_mult need one series per type")
    for k in range(K):
        if len(avail[k]) != n_steps or len(fuel_mult[k]) != n_steps:
            raise ValueError("every per-type series needs one value per step")
    dt = float(dt)

    # --- parameters (symbols of the specification) -----------------------------
    pv_size = float(params["pv_kw"])
    N_wt = float(params["wind_n"])
    E_r = float(params["e_kwh"])
    P_ch_max = float(params["pch_kw"])
    P_dis_max = float(params["pdis_kw"])
    eta_c = float(params["eta_c"])
    eta_d = float(params["eta_d"])
    E_min = float(params["soc_min"]) * E_r
    E_max = float(params["soc_max"]) * E_r
    s_sp = float(params["cc_setpoint"])
    r_L = float(params["r_load"])
    r_pv = float(params["r_pv"])
    r_w = float(params["r_wind"])
    R_fix = float(params.get("r_fixed", 0.0))
    r_peak = float(params.get("r_peak", 0.0))
    n_min = int(params.get("n_min", 0))
    cc_hold = bool(params.get("cc_hold", True))
    alpha = params.get("alpha", None)
    P_inv = float(params.get("inv_kw", math.inf))
    eta_inv = float(params.get("inv_eta", 1.0))
    P_rec = float(params.get("rec_kw", math.inf))
    eta_rec = float(params.get("rec_eta", 1.0))
    reserve_through_inverter = bool(params.get("reserve_through_inverter", False))
    c_wear = float(params.get("c_wear", 0.0))
    # N-1 and motor starts (docs/theory/reliability.md), as naive.py
    n1_rule = bool(params.get("n1", False))
    pv_block = float(params.get("pv_block_kw", math.inf))
    bat_block = float(params.get("battery_block_kw", math.inf))
    start_kw = float(params.get("start_kw", 0.0))
    start_kva = float(params.get("start_kva", 0.0))
    f_step = float(params.get("step_fraction", 0.33))
    k_gen = float(params.get("gen_kva_per_kw", 2.5))
    k_inv = float(params.get("inverter_overload", 1.5))

    strategy = params["strategy"]
    if strategy in ("load_following", 0):
        cycle_charging = False
    elif strategy in ("cycle_charging", 1):
        cycle_charging = True
    else:
        raise ValueError(f"unknown strategy {strategy!r}")
    battery_dispatch = params.get("battery_dispatch", "genset_first")
    if battery_dispatch not in ("genset_first", "battery_first", "economic"):
        raise ValueError(f"unknown battery_dispatch {battery_dispatch!r}")
    economic = battery_dispatch == "economic"
    cc_limit = params.get("cc_limit", "full")
    if cc_limit not in ("full", "setpoint"):
        raise ValueError(f"unknown cc_limit {cc_limit!r}")

    # --- the types (merit order) ----------------------------------------------------
    P = [float(ty["unit_kw"]) for ty in types]
    N = [int(ty["n_units"]) for ty in types]
    m = [float(ty["min_load"]) for ty in types]
    F0P = [float(ty["f0"]) * float(ty["unit_kw"]) for ty in types]    # F0_k*P_k
    F1 = [float(ty["f1"]) for ty in types]
    tables = []
    for ty in types:
        tab = ty.get("table")
        if tab is None:
            tables.append(None)
        else:
            f25, f50, f75, f100 = (float(v) for v in tab)
            tables.append((2.0 * f25 - f50, f25, f50, f75, f100))
    MR = [int(ty.get("mr_steps", 0)) for ty in types]
    MD = [int(ty.get("md_steps", 0)) for ty in types]
    c_fix = [float(ty.get("c_fix", 0.0)) for ty in types]
    c_mar = [float(ty.get("c_mar", 0.0)) for ty in types]
    inv_P = [1.0 / p if p != 0.0 else math.inf for p in P]   # used only when u_k > 0

    # --- constants of the period -------------------------------------------------------
    L_peak = max((float(x) for x in load), default=0.0)
    tau = 1.0 if alpha is None else 1.0 - math.exp(-float(alpha) * dt)
    k_dis = eta_d / dt
    k_ch = tau * (1.0 / (eta_c * dt))
    k_sp = 1.0 / (eta_c * dt)
    iota = 1.0 / eta_inv
    rho = 1.0 / eta_rec
    E_hold = min(s_sp * E_r, E_max) - 1e-9 * E_r
    pv_share = min(pv_block / pv_size, 1.0) if pv_size > 0.0 else 0.0
    bat_share = min(bat_block / P_dis_max, 1.0) if P_dis_max > 0.0 else 0.0
    bat_kva = k_inv * min(P_dis_max * eta_inv, P_inv)

    # --- state -------------------------------------------------------------------------
    E = float(params["soc_ini"]) * E_r
    Q = 0.0
    holding = False
    n_prev = [0] * K                       # n_k(-1) = 0
    starts_hist = [[] for _ in range(K)]   # starts_k(0..t-1)
    stops_hist = [[] for _ in range(K)]

    steps: dict[str, list] = {k: [] for k in _STEP_KEYS}
    steps["units_k"] = []
    steps["kw_k"] = []
    steps["fuel_k"] = []
    per = [{key: 0 if key in ("starts", "max_units") else 0.0 for key in _TYPE_KEYS}
           for _ in range(K)]
    unit_steps_k = [0] * K
    fleet_steps_k = [0] * K

    load_kwh = served_kwh = unserved_kwh = unserved_max_kw = 0.0
    unserved_steps = run_steps = longest_run_steps = 0
    pv_kwh = wind_kwh = 0.0
    curtailed_kwh = curtailed_pv_kwh = curtailed_max_kw = dumped_kwh = 0.0
    gen_kwh = gen_max_kw = 0.0
    unit_steps = fleet_steps = starts = max_units = 0
    fuel_l = 0.0
    ch_kwh = dis_kwh = ch_gen_kwh = 0.0
    cap_short_kwh = cap_short_max_kw = 0.0
    cap_short_steps = 0
    inverter_kwh = rectifier_kwh = 0.0
    n1_kwh = n1_max_kw = 0.0
    n1_steps = refused_steps = 0

    for t in range(n_steps):
        L = float(load[t])
        P_pv = pv_size * float(pv_pu[t])
        P_w = N_wt * float(wind_pu[t])

        # --- 1. Battery capability (dispatch.md) ------------------------------------
        P_d_avail = min(max((E - E_min) * k_dis, 0.0), P_dis_max)
        P_c_avail = min(max((E_max - E) * k_ch, 0.0), P_ch_max)

        # --- 2. Renewables before any genset decision --------------------------------
        N_ac = L - P_w
        D0 = max(N_ac, 0.0)
        S_w = max(-N_ac, 0.0)
        pv_ac = min(P_pv * eta_inv, P_inv, D0)
        S_pv = P_pv - pv_ac * iota
        D = D0 - pv_ac
        B = min(P_d_avail * eta_inv, P_inv - pv_ac)
        ch_pv = min(S_pv, P_c_avail)
        room1 = P_c_avail - ch_pv
        ch_w = min(S_w, P_rec, room1 * rho)
        room2 = room1 - ch_w * eta_rec
        rec = P_rec - ch_w
        curt_pv = S_pv - ch_pv
        curt_w = S_w - ch_w

        # --- 3. Operating reserve: the capacity c the gensets must provide ------------
        R_ac = (r_L * L + r_w * P_w) + (R_fix + r_peak * L_peak)
        R_pv = r_pv * P_pv
        R = R_ac + R_pv
        X_dc = ((P_pv + P_d_avail) - R_pv) * eta_inv
        if reserve_through_inverter:
            X_dc = min(X_dc, P_inv)
        c = ((L + R_ac) - P_w) - X_dc

        # --- the types this step: capacity, minimum, timing window (gensets.md) -------
        u = [0.0] * K
        p = [0.0] * K
        inv_a = [0.0] * K
        lo = [0] * K
        hi = [0] * K
        for k in range(K):
            a_k = float(avail[k][t])
            u[k] = P[k] * a_k
            p[k] = min(m[k] * P[k], u[k])
            if u[k] != 0.0:
                inv_a[k] = 1.0 / a_k
            lo_k = 0
            for j in range(1, MR[k]):        # units started less than MR_k steps ago
                if t - j >= 0:
                    lo_k += starts_hist[k][t - j]
            down = 0
            for j in range(1, MD[k]):        # units stopped less than MD_k steps ago
                if t - j >= 0:
                    down += stops_hist[k][t - j]
            hi_k = N[k] - down
            if u[k] == 0.0:
                hi_k = 0
            lo[k] = min(lo_k, hi_k)
            hi[k] = hi_k
        any_u = any(x > 0.0 for x in u)

        hold = (cycle_charging and cc_hold and holding and E < E_hold and any_u)
        n_floor = max(n_min, 1 if hold else 0)
        nB = _commit(max(c, D - B), n_floor, lo, hi, u, inv_P, inv_a)
        nG = _commit(max(c, D - B, D), max(n_floor, 1 if D > 0.0 else 0), lo, hi, u,
                     inv_P, inv_a)
        # N-1: the largest source in service other than a genset (naive.py), the rule
        L_pv_block = pv_ac * pv_share
        L_turbine = min(float(wind_pu[t]), P_w - S_w) if N_wt > 0 else 0.0
        L_other = max(L_pv_block, L_turbine, B * bat_share)
        if n1_rule:
            nB = _n1_commit(nB, D - B, L_other, hi, u, inv_P, inv_a)
            nG = _n1_commit(nG, D - B, L_other, hi, u, inv_P, inv_a)
        n_tot = sum(nB)

        # --- 4. Two candidates -------------------------------------------------------------
        G_lo, G_hi = _bounds(nB, p, u)
        dis_B = min(D, B)
        resid = D - dis_B
        G_B = min(max(resid, G_lo), G_hi) if n_tot > 0 else 0.0
        if G_B > resid:
            dis_B = max(D - G_B, 0.0)
        U_B = max(resid - G_B, 0.0)
        X_B = max(G_B - D, 0.0)
        if not cycle_charging:
            room_cc = 0.0
        elif cc_limit == "full":
            room_cc = min(rec, room2 * rho)
        else:
            room_sp = max(((s_sp * E_r - E) * k_sp - ch_pv) - ch_w * eta_rec, 0.0)
            room_cc = min(rec, room2 * rho, room_sp * rho)
        G_loG, G_hiG = _bounds(nG, p, u)
        G_G = min(max(D + room_cc, G_loG), G_hiG)
        dis_G = min(max(D - G_G, 0.0), B)
        U_G = max(D - G_G - dis_G, 0.0)     # naive.py reading 3
        X_G = max(G_G - D, 0.0)

        # --- 5. Choosing the candidate --------------------------------------------------
        q = (Q / E if E > 0.0 else 0.0) if economic else 0.0
        gB = gG = None
        if n_tot >= 1 and (cycle_charging or battery_dispatch == "genset_first"):
            genset_first = True
        elif economic:
            c_bat = (c_wear + q) * (1.0 / eta_d)
            gB = _loading(nB, G_B, p, u)
            gG = _loading(nG, G_G, p, u)
            fixB = marB = fixG = marG = 0.0
            for k in range(K):
                fixB += nB[k] * c_fix[k]
                marB += c_mar[k] * gB[k]
                fixG += nG[k] * c_fix[k]
                marG += c_mar[k] * gG[k]
            cost_B = (fixB + marB) + c_bat * (dis_B * iota)
            cost_G = (fixG + marG) + c_bat * (dis_G * iota)
            genset_first = U_G < U_B or (U_G <= U_B and cost_G < cost_B)
        else:
            genset_first = False
        if genset_first:
            n_used, G, dis_ac, U, X = nG, G_G, dis_G, U_G, X_G
            g = gG if gG is not None else _loading(nG, G_G, p, u)
        else:
            n_used, G, dis_ac, U, X = nB, G_B, dis_B, U_B, X_B
            g = gB if gB is not None else _loading(nB, G_B, p, u)
        n_used_tot = sum(n_used)

        # --- 6. Genset surplus, battery and balance ------------------------------------
        ch_g = min(X, rec, room2 * rho)
        dumped = X - ch_g
        P_ch = ch_pv + (ch_w + ch_g) * eta_rec
        P_dis = dis_ac * iota
        E = E + P_ch * (eta_c * dt) - P_dis * (dt / eta_d)
        if economic:
            marginal = None                  # reading P8
            for k in range(K):
                if n_used[k] > 0 and g[k] > n_used[k] * p[k]:
                    marginal = k
            if marginal is None:
                for k in range(K):
                    if n_used[k] > 0:
                        marginal = k
                        break
            c_m = c_mar[marginal] if marginal is not None else 0.0
            Q = max(Q - q * (P_dis * (dt / eta_d)), 0.0) + (c_m * ch_g) * dt
        if cycle_charging:
            holding = n_used_tot > 0 and E < E_hold
        _, G_hi_used = _bounds(n_used, p, u)
        cap_short = max(0.0, c - G_hi_used)
        n1_short = max(0.0, D - B + max(L_other, _largest(n_used, u)) - G_hi_used)
        step_cap = 0.0
        for k in range(K):
            cap_k = n_used[k] * u[k]
            step_cap += min(f_step * cap_k, max(cap_k - g[k], 0.0))
        step_cap = step_cap + max(B - dis_ac, 0.0)
        kva_cap = G_hi_used * k_gen + bat_kva
        refused = start_kw > 0.0 and (start_kw > step_cap or start_kva > kva_cap)
        curtailed = curt_pv + curt_w
        inverter = pv_ac + dis_ac
        rectifier = ch_w + ch_g

        # --- 7. Fuel, starts (per type) ----------------------------------------------------
        fuel_k = [0.0] * K
        F = 0.0
        for k in range(K):
            phi = float(fuel_mult[k][t])
            if n_used[k] == 0:
                f_k = 0.0
            elif tables[k] is None:
                f_k = (n_used[k] * F0P[k] + F1[k] * g[k]) * phi
            else:
                f_k = (n_used[k] * _table_fuel(tables[k], g[k], n_used[k], P[k])) * phi
            fuel_k[k] = f_k
            F += f_k
            st_k = max(0, n_used[k] - n_prev[k])
            sp_k = max(0, n_prev[k] - n_used[k])
            starts_hist[k].append(st_k)
            stops_hist[k].append(sp_k)
            n_prev[k] = n_used[k]
            starts += st_k
            rec_k = per[k]
            rec_k["starts"] += st_k
            unit_steps_k[k] += n_used[k]
            if n_used[k] > 0:
                fleet_steps_k[k] += 1
            rec_k["gen_kwh"] += g[k] * dt
            rec_k["curve_fuel"] += f_k * dt
            rec_k["max_units"] = max(rec_k["max_units"], n_used[k])

        # --- per-step records ----------------------------------------------------------------
        steps["load"].append(L)
        steps["pv"].append(P_pv)
        steps["wind"].append(P_w)
        steps["gen"].append(G)
        steps["units"].append(n_used_tot)
        steps["batt"].append(P_dis - P_ch)
        steps["soc"].append(E / E_r if E_r != 0.0 else 0.0)
        steps["unserved"].append(U)
        steps["curtailed"].append(curtailed)
        steps["curtailed_pv"].append(curt_pv)
        steps["dumped"].append(dumped)
        steps["reserve"].append(R)
        steps["cap_short"].append(cap_short)
        steps["fuel"].append(F)
        steps["inverter"].append(inverter)
        steps["rectifier"].append(rectifier)
        steps["n1"].append(n1_short)
        steps["step_cap"].append(step_cap)
        steps["kva_cap"].append(kva_cap)
        steps["units_k"].append(list(n_used))
        steps["kw_k"].append(list(g))
        steps["fuel_k"].append(fuel_k)

        # --- statistics over the period ----------------------------------------------------
        load_kwh += L * dt
        served_kwh += (L - U) * dt
        unserved_kwh += U * dt
        unserved_max_kw = max(unserved_max_kw, U)
        if U > 0.0:
            unserved_steps += 1
            run_steps += 1
            longest_run_steps = max(longest_run_steps, run_steps)
        else:
            run_steps = 0
        pv_kwh += P_pv * dt
        wind_kwh += P_w * dt
        curtailed_kwh += curtailed * dt
        curtailed_pv_kwh += curt_pv * dt
        curtailed_max_kw = max(curtailed_max_kw, curtailed)
        dumped_kwh += dumped * dt
        gen_kwh += G * dt
        gen_max_kw = max(gen_max_kw, G)
        unit_steps += n_used_tot
        if n_used_tot > 0:
            fleet_steps += 1
        max_units = max(max_units, n_used_tot)
        fuel_l += F * dt
        ch_kwh += P_ch * dt
        dis_kwh += P_dis * dt
        ch_gen_kwh += (ch_g * eta_rec) * dt
        if cap_short > 0.0:
            cap_short_kwh += cap_short * dt
            cap_short_max_kw = max(cap_short_max_kw, cap_short)
            cap_short_steps += 1
        inverter_kwh += inverter * dt
        rectifier_kwh += rectifier * dt
        if n1_short > 0.0:
            n1_kwh += n1_short * dt
            n1_max_kw = max(n1_max_kw, n1_short)
            n1_steps += 1
        refused_steps += int(refused)

    for k in range(K):
        per[k]["unit_h"] = unit_steps_k[k] * dt
        per[k]["fleet_h"] = fleet_steps_k[k] * dt

    totals = {
        "load_kwh": load_kwh,
        "served_kwh": served_kwh,
        "unserved_kwh": unserved_kwh,
        "unserved_max_kw": unserved_max_kw,
        "unserved_h": unserved_steps * dt,
        "unserved_longest_h": longest_run_steps * dt,
        "pv_kwh": pv_kwh,
        "wind_kwh": wind_kwh,
        "curtailed_kwh": curtailed_kwh,
        "curtailed_pv_kwh": curtailed_pv_kwh,
        "curtailed_max_kw": curtailed_max_kw,
        "dumped_kwh": dumped_kwh,
        "gen_kwh": gen_kwh,
        "gen_max_kw": gen_max_kw,
        "unit_h": unit_steps * dt,
        "fleet_h": fleet_steps * dt,
        "starts": starts,
        "fuel_l": fuel_l,
        "ch_kwh": ch_kwh,
        "dis_kwh": dis_kwh,
        "ch_gen_kwh": ch_gen_kwh,
        "e_end_kwh": E,
        "cap_short_kwh": cap_short_kwh,
        "cap_short_max_kw": cap_short_max_kw,
        "cap_short_h": cap_short_steps * dt,
        "max_units": max_units,
        "inverter_kwh": inverter_kwh,
        "rectifier_kwh": rectifier_kwh,
        "n1_kwh": n1_kwh,
        "n1_h": n1_steps * dt,
        "n1_max_kw": n1_max_kw,
        "start_refused_h": refused_steps * dt,
    }
    return totals, per, steps
