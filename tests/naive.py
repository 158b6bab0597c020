"""Plain-Python reference ("oracle") of the minegrid dispatch.

Written from docs/theory/dispatch.md alone, without looking at the compiled
kernel, so the tests compare two independent implementations. Slow and simple
on purpose: one loop over the steps, plain Python floats, the rules in the
order the specification gives them (sections 1 to 7), the floating-point
grouping of its "Arithmetic" section.

Interface::

    naive_dispatch(load, pv_pu, wind_pu, avail, dt, params) -> (totals, steps)

``params`` keys: pv_kw, wind_n, e_kwh, pch_kw, pdis_kw, eta_c, eta_d, soc_min,
soc_max, soc_ini, unit_kw, n_units, min_load, f0, f1, strategy, cc_setpoint,
r_load, r_pv, r_wind; optional r_fixed (0), cc_hold (True), r_peak (0), n_min
(0), battery_dispatch ("genset_first"), cc_limit ("full"), alpha (None: tau =
1), inv_kw (inf), inv_eta (1), rec_kw (inf), rec_eta (1),
reserve_through_inverter (False), c_fix, c_mar, c_wear (0); the N-1 and
motor-start checks of docs/theory/reliability.md: n1 (False: count only),
pv_block_kw (inf), battery_block_kw (inf), start_kw, start_kva (0), step_fraction (0.33),
gen_kva_per_kw (2.5), inverter_overload (1.5).

``totals``: load_kwh, served_kwh, unserved_kwh, unserved_max_kw, unserved_h,
unserved_longest_h, pv_kwh, wind_kwh, curtailed_kwh, curtailed_pv_kwh,
curtailed_max_kw, dumped_kwh, gen_kwh, gen_max_kw, unit_h, fleet_h, starts,
fuel_l, ch_kwh, dis_kwh, ch_gen_kwh, e_end_kwh, cap_short_kwh,
cap_short_max_kw, cap_short_h, max_units, inverter_kwh, rectifier_kwh, n1_kwh,
n1_h, n1_max_kw, start_refused_h.
``steps`` (one entry per step): load, pv, wind, gen, units, batt, soc,
unserved, curtailed, curtailed_pv, dumped, reserve, cap_short, fuel,
inverter, rectifier, n1, step_cap, kva_cap.

Readings chosen where the specification leaves room (the most literal one):

1. Grouping. The "Arithmetic" section is followed to the letter: k_dis =
   eta_d/dt; k_ch = tau*(1/(eta_c*dt)); k_sp = 1/(eta_c*dt) (no tau);
   u = P_u*a; G_lo = n*P_lo, G_hi = n*u; ceilings (x*(1/P_u))*(1/a) with 1/P_u
   computed once per run and 1/a once per step; c = ((L + R_ac) - P_w) - X;
   R_ac = (r_L*L + r_w*P_w) + (R_fix + r_peak*L_peak); X = ((P_pv + P_d,avail)
   - R_pv)*eta_inv; F = n*(F0*P_u) + F1*G. iota = 1/eta_inv and rho = 1/eta_rec
   are computed once and multiplied (``room1*rho``, ``pv_ac*iota``,
   ``dis_ac*iota``). Every other formula is evaluated as printed, left to
   right: E + P_ch*(eta_c*dt) - P_dis*(dt/eta_d) is (E + ...) - ...;
   P_ch = ch_pv + (ch_w + ch_g)*eta_rec; U_G = (D - G_G) - dis_G; cost =
   (n*c_fix + c_mar*G) + c_bat*dis; curtailed = curtailed PV + curtailed wind.
2. tau = 1 - exp(-alpha*dt) is computed with ``1.0 - math.exp(...)`` (not
   -expm1), once per run; alpha = None gives tau = 1 (k_ch then equals
   1/(eta_c*dt) exactly). alpha = 0 gives tau = 0: the battery never charges.
3. QUESTION - U_G. Section 4 prints ``U_G = D - G_G - dis_G``, which is
   negative whenever G_G > D (minimum load, cycle charging or n_min pushes the
   gensets above the deficit; the surplus is X_G = G_G - D). A negative U would
   break the AC balance of section 6, so the reference uses
   ``U_G = max(D - G_G - dis_G, 0)``. When G_G < D this is the printed value
   bit for bit (dis_G <= D - G_G, so the difference is >= 0 already).
4. QUESTION - cycle charging with n = 0 under "genset_first" and
   "battery_first": the table of section 5 only says "gensets first when
   n >= 1". The reference uses the battery-first candidate when n = 0 (as the
   load-following "genset_first" cell says and the "economic" cell's "else"
   implies); gensets first would always start a unit for any deficit.
5. The n of section 5's table is n after the set-point hold of section 3.
   The chosen candidate's units (n_G for gensets first, which may exceed n)
   are n_used: they drive fuel, starts, unit and fleet hours, max_units and
   the capacity shortage max(0, c - n_used*u).
6. The battery term of the economic cost is at the terminals, as the
   specification's grouping pins it: ``cost = (n*c_fix + c_mar*G) +
   c_bat*(dis_ac*iota)`` with ``c_bat = (c_wear + q)*(1/eta_d)`` (the first
   draft of this file used the AC-side dis; answered by the lead engineer).
7. QUESTION - ``q`` in the Q update of section 6 is not defined. Reading: q is
   the running average cost of the stored energy, q = Q/E with E at the start
   of the step (the same Q/E as in c_bat). Q/E is taken as 0 when E <= 0 (the
   specification leaves 0/0 open; then B = 0 whenever E_min >= 0, so only the
   cost of a zero discharge is affected). Q starts at 0 and is tracked only
   under economic dispatch; genset charging adds (c_mar*ch_g)*dt with ch_g the
   rectifier input, as printed (no charging losses are priced in).
8. Economic tie: the battery-first candidate is used unless ``U_G < U_B or
   (U_G <= U_B and cost_G < cost_B)`` (equal cost: battery first).
9. "n = 0 when u = 0" (and n_G = 0) is tested on the product ``u = P_u*a ==
   0.0``; the ceilings (and 1/a) are then not evaluated, so P_u = 0 or a = 0
   never divides by zero. A ceiling of +inf (a subnormal a) is taken as a
   count above any n_max, so min(n_max, ...) gives n_max.
10. The set-point hold: ``holding`` starts False ("once units have run"), is
    updated after every step under cycle charging (also when cc_hold is
    False, where it has no effect), and is applied only when strategy is
    cycle charging and cc_hold is True. E < E_hold uses E at the start of the
    step; E_hold = min(s_sp*E_r, E_max) - 1e-9*E_r.
11. Nothing is clamped that the page does not clamp: e.g. S_pv = P_pv -
    pv_ac*iota may be an ulp below 0 when pv_ac = P_pv*eta_inv; ch_pv is then
    that tiny negative number and the curtailed PV 0, as printed. room_sp
    (cc_limit "setpoint") is not limited by tau or P_ch,max, only through
    min(rec, room2*rho, room_sp*rho).
12. The battery-first candidate with n = 0 has G_B = 0 ("0 when n = 0"); its
    ``if G_B > resid`` step is evaluated after that (never true for G_B = 0).
13. L_peak = max(load) over the whole input passed in (the period is the
    "year"); 0 for an empty input.
14. Hour statistics (unserved_h, unserved_longest_h, unit_h, fleet_h,
    cap_short_h) are integer step counts times dt; energies are sums of x*dt
    accumulated step by step. cap_short_h counts steps with shortage > 0.
    ch_gen_kwh sums (ch_g*eta_rec)*dt; inverter_kwh (pv_ac + dis_ac)*dt;
    rectifier_kwh (ch_w + ch_g)*dt. steps["reserve"] is R = R_ac + R_pv.
15. The other period statistics of section 7 (renewable fraction, cycles,
    losses, throughput, converter losses, CO2) are derived from these totals
    and are not part of the oracle.
16. strategy also accepts 0 / 1 for load following / cycle charging; n_units
    and n_min are converted with int().
"""

from __future__ import annotations

import math

_STEP_KEYS = (
    "load", "pv", "wind", "gen", "units", "batt", "soc", "unserved", "curtailed",
    "curtailed_pv", "dumped", "reserve", "cap_short", "fuel", "inverter", "rectifier",
    "n1", "step_cap", "kva_cap",
)


def _ceil(x: float) -> int:
    """⌈x⌉ as an int; +inf (a subnormal availability a makes 1/a infinite) is a count no
    fleet reaches, so it maps to a number larger than any n_max without raising."""
    if x == math.inf:
        return 1 << 62
    return math.ceil(x)


def naive_dispatch(load, pv_pu, wind_pu, avail, dt, params) -> tuple[dict, dict]:
    """Simulate the dispatch of docs/theory/dispatch.md step by step.

    Returns ``(totals, steps)``; the keys are listed in the module docstring.
    """
    n_steps = len(load)
    if not (len(pv_pu) == len(wind_pu) == len(avail) == n_steps):
        raise ValueError("load, pv_pu, wind_pu and avail must have equal length")
    dt = float(dt)

    # --- parameters (symbols of the specification) -----------------------------
    pv_size = float(params["pv_kw"])            # S_pv [kW DC] (the spec's S_pv in "Symbols")
    N_wt = float(params["wind_n"])
    E_r = float(params["e_kwh"])
    P_ch_max = float(params["pch_kw"])
    P_dis_max = float(params["pdis_kw"])
    eta_c = float(params["eta_c"])
    eta_d = float(params["eta_d"])
    E_min = float(params["soc_min"]) * E_r
    E_max = float(params["soc_max"]) * E_r
    P_u = float(params["unit_kw"])
    n_max = int(params["n_units"])
    m = float(params["min_load"])
    F0 = float(params["f0"])
    F1 = float(params["f1"])
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
    c_fix = float(params.get("c_fix", 0.0))
    c_mar = float(params.get("c_mar", 0.0))
    c_wear = float(params.get("c_wear", 0.0))
    # N-1 and motor starts (docs/theory/reliability.md)
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

    # --- constants of the period (Arithmetic section) ----------------------------
    L_peak = max((float(x) for x in load), default=0.0)
    tau = 1.0 if alpha is None else 1.0 - math.exp(-float(alpha) * dt)
    k_dis = eta_d / dt
    k_ch = tau * (1.0 / (eta_c * dt))
    k_sp = 1.0 / (eta_c * dt)
    iota = 1.0 / eta_inv
    rho = 1.0 / eta_rec
    inv_Pu = 1.0 / P_u if P_u != 0.0 else math.inf   # used only when u = P_u·a > 0
    E_hold = min(s_sp * E_r, E_max) - 1e-9 * E_r

    # --- state -------------------------------------------------------------------
    E = float(params["soc_ini"]) * E_r   # stored energy at the start of the step
    Q = 0.0                              # cost of the stored energy (economic dispatch)
    holding = False                      # cycle-charging set-point hold
    n_prev = 0                           # n_{-1} = 0

    steps: dict[str, list] = {k: [] for k in _STEP_KEYS}
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
    pv_share = min(pv_block / pv_size, 1.0) if pv_size > 0.0 else 0.0
    bat_share = min(bat_block / P_dis_max, 1.0) if P_dis_max > 0.0 else 0.0
    bat_kva = k_inv * min(P_dis_max * eta_inv, P_inv)

    for t in range(n_steps):
        L = float(load[t])
        P_pv = pv_size * float(pv_pu[t])
        P_w = N_wt * float(wind_pu[t])
        a = float(avail[t])

        # --- 1. Battery capability ---------------------------------------------------
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

        # --- 3. Operating reserve and commitment ------------------------------------
        R_ac = (r_L * L + r_w * P_w) + (R_fix + r_peak * L_peak)
        R_pv = r_pv * P_pv
        R = R_ac + R_pv
        X_dc = ((P_pv + P_d_avail) - R_pv) * eta_inv
        if reserve_through_inverter:
            X_dc = min(X_dc, P_inv)
        c = ((L + R_ac) - P_w) - X_dc
        u = P_u * a
        if u == 0.0:
            n = 0
            inv_a = 0.0  # never used: every ceiling below is skipped when u = 0
        else:
            inv_a = 1.0 / a
            n_r = _ceil(c * inv_Pu * inv_a) if c > 0.0 else 0
            n_l = _ceil((D - B) * inv_Pu * inv_a) if D > B else 0
            n = min(n_max, max(n_r, n_l, n_min))
        # N-1: the largest source in service that can trip other than a genset
        L_pv_block = pv_ac * pv_share
        L_turbine = min(float(wind_pu[t]), P_w - S_w) if N_wt > 0 else 0.0
        L_other = max(L_pv_block, L_turbine, B * bat_share)
        if n1_rule and u > 0.0:
            # n units must cover D - B + L_other, and n - 1 units D - B (a genset trips)
            need = D - B + max(L_other, u if D - B > 0.0 else 0.0)
            n = min(n_max, max(n, _ceil(need * inv_Pu * inv_a) if need > 0.0 else 0))
        if cycle_charging and cc_hold and holding and E < E_hold and u > 0.0:
            n = max(n, min(1, n_max))

        # --- 4. Two candidates ---------------------------------------------------------
        P_lo = min(m * P_u, u)
        G_lo = n * P_lo
        G_hi = n * u
        # battery first, with the n units
        dis_B = min(D, B)
        resid = D - dis_B
        G_B = min(max(resid, G_lo), G_hi) if n > 0 else 0.0
        if G_B > resid:
            dis_B = max(D - G_B, 0.0)
        U_B = max(resid - G_B, 0.0)
        X_B = max(G_B - D, 0.0)
        # gensets first, with n_G units
        if u == 0.0:
            n_G = 0
        else:
            n_G = min(n_max, max(n, _ceil(D * inv_Pu * inv_a), 1 if D > 0.0 else 0))
        if not cycle_charging:
            room_cc = 0.0
        elif cc_limit == "full":
            room_cc = min(rec, room2 * rho)
        else:
            room_sp = max(((s_sp * E_r - E) * k_sp - ch_pv) - ch_w * eta_rec, 0.0)
            room_cc = min(rec, room2 * rho, room_sp * rho)
        G_G = min(max(D + room_cc, n_G * P_lo), n_G * u)
        dis_G = min(max(D - G_G, 0.0), B)
        U_G = max(D - G_G - dis_G, 0.0)   # reading 3: the formula as printed is < 0 if G_G > D
        X_G = max(G_G - D, 0.0)

        # --- 5. Choosing the candidate ----------------------------------------------
        q = (Q / E if E > 0.0 else 0.0) if economic else 0.0
        if n >= 1 and (cycle_charging or battery_dispatch == "genset_first"):
            genset_first = True
        elif economic:
            c_bat = (c_wear + q) * (1.0 / eta_d)
            cost_B = (n * c_fix + c_mar * G_B) + c_bat * (dis_B * iota)
            cost_G = (n_G * c_fix + c_mar * G_G) + c_bat * (dis_G * iota)
            genset_first = U_G < U_B or (U_G <= U_B and cost_G < cost_B)
        else:
            genset_first = False
        if genset_first:
            n_used, G, dis_ac, U, X = n_G, G_G, dis_G, U_G, X_G
        else:
            n_used, G, dis_ac, U, X = n, G_B, dis_B, U_B, X_B

        # --- 6. Genset surplus, battery and balance --------------------------------
        ch_g = min(X, rec, room2 * rho)
        dumped = X - ch_g
        P_ch = ch_pv + (ch_w + ch_g) * eta_rec
        P_dis = dis_ac * iota
        E = E + P_ch * (eta_c * dt) - P_dis * (dt / eta_d)
        if economic:
            Q = max(Q - q * (P_dis * (dt / eta_d)), 0.0) + (c_mar * ch_g) * dt
        if cycle_charging:
            holding = n_used > 0 and E < E_hold
        cap_short = max(0.0, c - n_used * u)
        L_largest = max(L_other, u if n_used > 0 else 0.0)
        n1_short = max(0.0, D - B + L_largest - n_used * u)
        step_cap = min(f_step * (n_used * u), max(n_used * u - G, 0.0)) + max(B - dis_ac, 0.0)
        kva_cap = n_used * u * k_gen + bat_kva
        # the gensets must give the start's kVA that the battery inverter does not
        refused = start_kw > 0.0 and (start_kw > step_cap
                                      or start_kva - bat_kva > n_used * u * k_gen)
        curtailed = curt_pv + curt_w
        inverter = pv_ac + dis_ac
        rectifier = ch_w + ch_g

        # --- 7. Fuel, starts ---------------------------------------------------------
        F = n_used * (F0 * P_u) + F1 * G
        starts += max(0, n_used - n_prev)
        n_prev = n_used

        # --- per-step records ----------------------------------------------------------
        steps["load"].append(L)
        steps["pv"].append(P_pv)
        steps["wind"].append(P_w)
        steps["gen"].append(G)
        steps["units"].append(n_used)
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

        # --- statistics over the period ----------------------------------------------
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
        unit_steps += n_used
        if n_used > 0:
            fleet_steps += 1
        max_units = max(max_units, n_used)
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
    return totals, steps


# ---------------------------------------------------------------------------
# Hand-computed examples (run ``python tests/naive.py``)
# ---------------------------------------------------------------------------


def _close(x: float, y: float) -> bool:
    return math.isclose(x, y, rel_tol=1e-12, abs_tol=1e-12)


def _check(got: dict, want: dict) -> None:
    for key, value in want.items():
        g = got[key]
        if isinstance(value, list):
            assert len(g) == len(value), (key, g, value)
            for x, y in zip(g, value, strict=True):
                assert _close(x, y), (key, g, value)
        else:
            assert _close(g, value), (key, g, value)


def _check_balance(steps: dict, params: dict, dt: float) -> None:
    """Section 6 balances, every step, from the step records alone.

    AC:  L - U = pv_ac + dis_ac + (P_w - ch_w - curt_w) + (G - dumped - ch_g)
             = inverter + (P_w - curt_w) + (G - dumped) - rectifier
    DC:  P_pv = pv_ac*iota + ch_pv + curt_pv, with P_ch = ch_pv + rectifier*eta_rec
         and P_dis = dis_ac*iota:  P_pv + batt = inverter*iota - rectifier*eta_rec
         + curt_pv  (batt = P_dis - P_ch).
    Storage: E_t = E_{t-1} + P_ch*eta_c*dt - P_dis*dt/eta_d (never both in a step).
    """
    iota = 1.0 / params.get("inv_eta", 1.0)
    eta_rec = params.get("rec_eta", 1.0)
    E_r = params["e_kwh"]
    E = params["soc_ini"] * E_r
    for i in range(len(steps["load"])):
        curt_w = steps["curtailed"][i] - steps["curtailed_pv"][i]
        lhs = steps["load"][i] - steps["unserved"][i]
        rhs = (steps["inverter"][i] + (steps["wind"][i] - curt_w)
               + (steps["gen"][i] - steps["dumped"][i]) - steps["rectifier"][i])
        assert math.isclose(lhs, rhs, abs_tol=1e-9), ("AC", i, lhs, rhs)
        lhs = steps["pv"][i] + steps["batt"][i]
        rhs = (steps["inverter"][i] * iota - steps["rectifier"][i] * eta_rec
               + steps["curtailed_pv"][i])
        assert math.isclose(lhs, rhs, abs_tol=1e-9), ("DC", i, lhs, rhs)
        for key in ("unserved", "curtailed", "curtailed_pv", "dumped", "gen",
                    "inverter", "rectifier", "cap_short"):
            assert steps[key][i] >= -1e-12, (key, i, steps[key][i])
        b = steps["batt"][i]
        if b >= 0.0:
            E = E - b * dt / params["eta_d"]
        else:
            E = E - b * params["eta_c"] * dt
        if E_r > 0:
            assert math.isclose(steps["soc"][i], E / E_r, abs_tol=1e-9), ("E", i)


def _run(load, pv, wind, avail, dt, params):
    totals, steps = naive_dispatch(load, pv, wind, avail, dt, params)
    _check_balance(steps, params, dt)
    # totals are the step records summed (x*dt) / counted
    for tkey, skey in (("load_kwh", "load"), ("unserved_kwh", "unserved"),
                       ("pv_kwh", "pv"), ("wind_kwh", "wind"), ("gen_kwh", "gen"),
                       ("curtailed_kwh", "curtailed"), ("dumped_kwh", "dumped"),
                       ("curtailed_pv_kwh", "curtailed_pv"), ("fuel_l", "fuel"),
                       ("inverter_kwh", "inverter"), ("rectifier_kwh", "rectifier"),
                       ("cap_short_kwh", "cap_short")):
        assert math.isclose(totals[tkey], sum(steps[skey]) * dt, abs_tol=1e-9), tkey
    assert totals["unit_h"] == sum(steps["units"]) * dt
    assert totals["max_units"] == max(steps["units"], default=0)
    return totals, steps


_BASE = {
    "pv_kw": 10.0, "wind_n": 0, "e_kwh": 10.0, "pch_kw": 4.0, "pdis_kw": 4.0,
    "eta_c": 1.0, "eta_d": 1.0, "soc_min": 0.2, "soc_max": 1.0, "soc_ini": 0.5,
    "unit_kw": 10.0, "n_units": 1, "min_load": 0.3, "f0": 0.1, "f1": 0.25,
    "strategy": "load_following", "cc_setpoint": 0.8,
    "r_load": 0.1, "r_pv": 0.0, "r_wind": 0.0,
}
# In every case below unless said otherwise: one bus (eta_inv = eta_rec = 1,
# P_inv = P_rec = inf, so iota = rho = 1, B = P_d,av, rec = inf), P_u = 10,
# 1/P_u = 0.1, F0*P_u = 1 L/h per running unit, F1 = 0.25 L/kWh.
# Notation per step: E (start), P_d = P_d,avail, P_c = P_c,avail, D, B, c,
# n_r, n_l, n (after the hold), n_G, G, dis (dis_ac), U, X, ch_g, E (after).


def _case_a() -> None:
    # -- A: load following (gensets first by default), one unit, dt = 1 ---------
    # E_r=10, E_min=2, E_max=10, E0=5, eta=1, P_ch/dis,max=4, m=0.3, r_L=0.1.
    # t0: L=5, P_pv=8, a=1. P_d=min(3,4)=3, P_c=min(5,4)=4. pv_ac=min(8,5)=5,
    #     S_pv=3, D=0, B=3. ch_pv=3, curt=0. R_ac=0.5, X=(8+3-0)*1=11,
    #     c=5.5-11=-5.5 -> n_r=0; D>B no -> n_l=0; n=0 -> battery first:
    #     dis=0, G=0. E=5+3=8. F=0. inverter=5.
    # t1: L=10, a=1. P_d=min(6,4)=4, P_c=2. D=10, B=4. R_ac=1, X=4, c=7 ->
    #     n_r=ceil(.7)=1, n_l=ceil(.6)=1, n=1 -> gensets first: n_G=max(1,
    #     ceil(1.0)=1,1)=1, G=min(max(10,3),10)=10, dis=0 (battery idle), U=0.
    #     E=8. F=1+2.5=3.5. short=max(0,7-10)=0. start 1.
    # t2: L=2, a=0.5. P_d=4, P_c=2. D=2, B=4. R_ac=.2, c=2.2-4<0 -> n_r=0,
    #     n_l=0 (D<=B), n=0 -> battery first: dis=2, G=0. E=6. F=0.
    #     (The old rule reserved 0.2 kW on a genset here; the battery counts.)
    # t3: L=30, a=1. P_d=4, P_c=4. D=30, B=4. R_ac=3, c=33-4=29 -> n_r=3,
    #     n=min(1,3)=1. n_G=min(1,ceil(3.0000000000000004)=4)=1. G=10,
    #     dis=min(20,4)=4, U=30-10-4=16. E=2. F=3.5. short=29-10=19. start 2.
    totals, steps = _run(
        [5.0, 10.0, 2.0, 30.0], [0.8, 0.0, 0.0, 0.0], [0.0] * 4, [1.0, 1.0, 0.5, 1.0],
        1.0, dict(_BASE),
    )
    _check(steps, {
        "units": [0, 1, 0, 1], "gen": [0, 10, 0, 10], "batt": [-3, 0, 2, 4],
        "soc": [0.8, 0.8, 0.6, 0.2], "unserved": [0, 0, 0, 16],
        "cap_short": [0, 0, 0, 19], "fuel": [0, 3.5, 0, 3.5],
        "reserve": [0.5, 1.0, 0.2, 3.0], "dumped": [0, 0, 0, 0],
        "inverter": [5, 0, 2, 4], "rectifier": [0, 0, 0, 0],
    })
    _check(totals, {
        "load_kwh": 47, "served_kwh": 31, "unserved_kwh": 16, "unserved_max_kw": 16,
        "unserved_h": 1, "unserved_longest_h": 1, "pv_kwh": 8, "wind_kwh": 0,
        "curtailed_kwh": 0, "curtailed_pv_kwh": 0, "curtailed_max_kw": 0,
        "dumped_kwh": 0, "gen_kwh": 20, "gen_max_kw": 10, "unit_h": 2, "fleet_h": 2,
        "starts": 2, "fuel_l": 7, "ch_kwh": 3, "dis_kwh": 6, "ch_gen_kwh": 0,
        "e_end_kwh": 2, "cap_short_kwh": 19, "cap_short_max_kw": 19,
        "max_units": 1, "cap_short_h": 1, "inverter_kwh": 11, "rectifier_kwh": 0,
    })


def _case_b() -> None:
    # -- B: cycle charging ("full", hold on), two 10 kW units, s_sp=0.8, no reserve,
    # dt=0.5: k_dis = k_ch = 2, E0=3, E_min=2, E_max=10, P_ch/dis,max=4, m=0.3.
    # E_hold = min(8,10) - 1e-8.
    # t0: L=12. P_d=min(1*2,4)=2, P_c=min(14,4)=4. D=12, B=2. c=12-2=10 ->
    #     n_r=ceil(1.0)=1, n_l=ceil(1.0)=1, n=1 -> gensets first:
    #     n_G=min(2,max(1,ceil(1.2000000000000002)=2,1))=2. room_cc=min(inf,4)=4,
    #     G=min(max(16,6),20)=16, dis=0, X=4, ch_g=min(4,inf,4)=4. E=3+4*.5=5.
    #     holding (5<8). F=2*1+.25*16=6. starts 2.
    # t1: L=4. P_d=min(6,4)=4, P_c=min(10,4)=4. D=4, B=4. c=0 -> n_r=0, n_l=0,
    #     n=0; hold -> n=1. n_G=max(1,ceil(.4)=1,1)=1, room_cc=4, G=min(8,10)=8,
    #     X=4, ch_g=4. E=7, holding. F=1+2=3.
    # t2: L=25. P_d=4, P_c=min(6,4)=4. D=25, B=4, c=21 -> n_r=ceil(2.1)=3,
    #     n=2; n_G=min(2,ceil(2.5)=3)=2, G=min(max(29,6),20)=20,
    #     dis=min(5,4)=4, U=1. E=7-4*.5=5, holding. short=21-20=1. F=2+5=7. +1 start.
    # t3: L=0, P_pv=10. P_d=4, P_c=4. D=0, S_pv=10, ch_pv=4, room1=0, curt=6.
    #     c=0-0-(10+4)=-14 -> n=0; hold -> n=1, n_G=1, room_cc=min(inf,0)=0,
    #     G=min(max(0,3),10)=3 (minimum load), X=3, ch_g=min(3,inf,0)=0,
    #     dumped=3. E=5+4*.5=7. F=1+.75=1.75.
    p = dict(_BASE, strategy="cycle_charging", n_units=2, soc_ini=0.3, r_load=0.0)
    totals, steps = _run(
        [12.0, 4.0, 25.0, 0.0], [0.0, 0.0, 0.0, 1.0], [0.0] * 4, [1.0] * 4, 0.5, p,
    )
    _check(steps, {
        "units": [2, 1, 2, 1], "gen": [16, 8, 20, 3], "batt": [-4, -4, 4, -4],
        "soc": [0.5, 0.7, 0.5, 0.7], "unserved": [0, 0, 1, 0],
        "curtailed": [0, 0, 0, 6], "dumped": [0, 0, 0, 3], "cap_short": [0, 0, 1, 0],
        "fuel": [6, 3, 7, 1.75], "rectifier": [4, 4, 0, 0], "inverter": [0, 0, 4, 0],
    })
    _check(totals, {
        "load_kwh": 20.5, "served_kwh": 20, "unserved_kwh": 0.5, "unserved_max_kw": 1,
        "unserved_h": 0.5, "unserved_longest_h": 0.5, "pv_kwh": 5, "curtailed_kwh": 3,
        "curtailed_pv_kwh": 3, "curtailed_max_kw": 6, "dumped_kwh": 1.5,
        "gen_kwh": 23.5, "gen_max_kw": 20, "unit_h": 3, "fleet_h": 2, "starts": 3,
        "fuel_l": 8.875, "ch_kwh": 6, "dis_kwh": 2, "ch_gen_kwh": 4, "e_end_kwh": 7,
        "cap_short_kwh": 0.5, "cap_short_max_kw": 1, "max_units": 2,
        "cap_short_h": 0.5, "inverter_kwh": 2, "rectifier_kwh": 4,
    })


def _case_c() -> None:
    # -- C: no battery, wind, a=0 then a=1, m=0.5, both strategies, dt=1 ---------
    # E_r=0: E=E_min=E_max=0, P_d=P_c=0. P_w=2, L=5: N_ac=3, D=3, B=0.
    # t0: a=0 -> u=0 -> n=0 (n_G=0). c=5-2-0=3. battery first: U=3, short=3.
    # t1: a=1 -> n_r=n_l=ceil(.30000000000000004)=1, n=1 -> gensets first:
    #     n_G=1, P_lo=min(5,10)=5, room_cc=0 (LF) or min(inf,0)=0 (CC),
    #     G=min(max(3,5),10)=5, X=2, ch_g=min(2,inf,0)=0, dumped=2. F=1+1.25=2.25.
    #     E_hold=0-0: E<E_hold never, no hold.
    for strategy in ("load_following", "cycle_charging"):
        p = dict(_BASE, e_kwh=0.0, wind_n=2, min_load=0.5, r_load=0.0, strategy=strategy)
        totals, steps = _run([5.0, 5.0], [0.0, 0.0], [1.0, 1.0], [0.0, 1.0], 1.0, p)
        _check(steps, {
            "units": [0, 1], "gen": [0, 5], "unserved": [3, 0], "dumped": [0, 2],
            "cap_short": [3, 0], "soc": [0, 0], "batt": [0, 0], "fuel": [0, 2.25],
        })
        _check(totals, {
            "unserved_kwh": 3, "unserved_h": 1, "wind_kwh": 4, "dumped_kwh": 2,
            "gen_kwh": 5, "starts": 1, "fuel_l": 2.25, "e_end_kwh": 0, "cap_short_h": 1,
        })


def _case_d() -> None:
    # -- D: n_units = 0 -> never any unit (n = min(0, ...) = 0, n_G = 0), even with
    # n_min = 1; with no battery everything is unserved: U = D, short = c = L.
    for strategy in ("load_following", "cycle_charging"):
        for bd in ("genset_first", "battery_first", "economic"):
            p = dict(_BASE, n_units=0, e_kwh=0.0, r_load=0.0, n_min=1,
                     strategy=strategy, battery_dispatch=bd, c_fix=1.0, c_mar=1.0)
            totals, steps = _run([4.0, 6.0], [0.0, 0.0], [0.0, 0.0], [1.0, 1.0], 1.0, p)
            assert steps["units"] == [0, 0] and totals["starts"] == 0
            _check(totals, {"unserved_kwh": 10, "unserved_longest_h": 2,
                            "cap_short_kwh": 10, "gen_kwh": 0, "fuel_l": 0})


def _case_e() -> None:
    # -- E: battery first against gensets first, load following, one unit, dt=1 -----
    # E0=8 (soc .8), E_min=2, r_L=0.1, m=0.3 (P_lo=3). Loads 6, 12; no PV.
    # Commitment is the same for both (it does not depend on battery_dispatch):
    # t0: P_d=min(6,4)=4, P_c=min(2,4)=2. D=6, B=4. R=.6, c=6.6-4=2.6 ->
    #     n_r=ceil(.26)=1, n_l=ceil(.2)=1, n=1.
    # gensets first (default):
    # t0: n_G=max(1,ceil(.6000000000000001)=1,1)=1, G=min(max(6,3),10)=6, dis=0,
    #     E=8. F=1+1.5=2.5.
    # t1: E=8: P_d=4, P_c=2. D=12, B=4, R=1.2, c=13.2-4=9.2 -> n=1.
    #     n_G=min(1,ceil(1.2000000000000002)=2)=1, G=10, dis=min(2,4)=2, U=0.
    #     E=6. F=3.5. short=max(0,9.2-10)=0.
    p = dict(_BASE, soc_ini=0.8)
    totals, steps = _run([6.0, 12.0], [0.0, 0.0], [0.0, 0.0], [1.0, 1.0], 1.0, p)
    _check(steps, {"units": [1, 1], "gen": [6, 10], "batt": [0, 2], "soc": [0.8, 0.6],
                   "fuel": [2.5, 3.5], "unserved": [0, 0], "cap_short": [0, 0]})
    _check(totals, {"gen_kwh": 16, "dis_kwh": 2, "fuel_l": 6, "e_end_kwh": 6,
                    "starts": 1, "unit_h": 2, "cap_short_kwh": 0})
    # battery first:
    # t0: dis_B=min(6,4)=4, resid=2, G_B=min(max(2,3),10)=3 > 2 -> dis_B=6-3=3
    #     (minimum load: discharge less), U=0, X=0. E=5. F=1+.75=1.75.
    # t1: E=5: P_d=3, P_c=4. D=12, B=3, R=1.2, c=13.2-3=10.2 -> n_r=ceil(1.02)=2,
    #     n=min(1,2)=1. dis_B=3, resid=9, G_B=9, U=0. E=2. F=1+2.25=3.25.
    #     short=10.2-10=0.2.
    p = dict(_BASE, soc_ini=0.8, battery_dispatch="battery_first")
    totals, steps = _run([6.0, 12.0], [0.0, 0.0], [0.0, 0.0], [1.0, 1.0], 1.0, p)
    _check(steps, {"units": [1, 1], "gen": [3, 9], "batt": [3, 3], "soc": [0.5, 0.2],
                   "fuel": [1.75, 3.25], "unserved": [0, 0], "cap_short": [0, 13.2 - 3 - 10]})
    _check(totals, {"gen_kwh": 12, "dis_kwh": 6, "fuel_l": 5, "e_end_kwh": 2,
                    "starts": 1, "unit_h": 2, "cap_short_h": 1})


def _case_f() -> None:
    # -- F: cycle charging "full" with the hold against "setpoint" without it ------
    # One unit, m=0.3, no reserve, E_r=10, E_min=1 (soc_min .1), E0=5, P_ch/dis,max=4,
    # s_sp=0.6 (6 kWh), dt=1 (k's = 1). Loads 12, 2, 7, 7. E_hold = 6 - 1e-8.
    base = dict(_BASE, strategy="cycle_charging", r_load=0.0, soc_min=0.1, cc_setpoint=0.6)
    load = [12.0, 2.0, 7.0, 7.0]
    # full + hold:
    # t0: E=5: P_d=4, P_c=4. D=12, B=4, c=8 -> n=1. n_G=min(1,ceil(1.2..)=2)=1.
    #     room_cc=min(inf,4)=4, G=min(16,10)=10, dis=min(2,4)=2. E=3, holding.
    #     F=3.5.
    # t1: E=3: P_d=2, P_c=4. D=2, B=2, c=0 -> n_r=0, n_l=0 (2>2 false) -> n=0;
    #     hold (3<E_hold) -> n=1. n_G=1, room_cc=4, G=min(max(6,3),10)=6, X=4,
    #     ch_g=4. E=7 (past the set-point: "full"). holding ends. F=1+1.5=2.5.
    # t2: E=7: P_d=4, P_c=min(3,4)=3. D=7, B=4, c=3 -> n=1. room_cc=3,
    #     G=min(10,10)=10, X=3, ch_g=3. E=10. F=3.5.
    # t3: E=10: P_d=4, P_c=0. D=7, B=4, c=3 -> n=1. room_cc=0, G=7, dis=0.
    #     E=10. F=1+1.75=2.75.
    totals, steps = _run(load, [0.0] * 4, [0.0] * 4, [1.0] * 4, 1.0, dict(base))
    _check(steps, {"units": [1, 1, 1, 1], "gen": [10, 6, 10, 7], "batt": [2, -4, -3, 0],
                   "soc": [0.3, 0.7, 1.0, 1.0], "fuel": [3.5, 2.5, 3.5, 2.75],
                   "dumped": [0, 0, 0, 0], "unserved": [0, 0, 0, 0]})
    _check(totals, {"gen_kwh": 33, "fuel_l": 12.25, "dis_kwh": 2, "ch_kwh": 7,
                    "ch_gen_kwh": 7, "e_end_kwh": 10, "unit_h": 4, "fleet_h": 4,
                    "starts": 1})
    # setpoint, no hold (k_sp = 1):
    # t0: E=5: n=1 as above. room_sp=max((6-5)*1-0-0,0)=1, room_cc=min(inf,4,1)=1,
    #     G=min(13,10)=10, dis=2. E=3. F=3.5.
    # t1: E=3: n=0, no hold -> battery first: dis=min(2,2)=2, G=0. E=1. F=0.
    # t2: E=1: P_d=0, P_c=4. D=7, B=0, c=7 -> n=1. room_sp=5, room_cc=min(inf,4,5)=4,
    #     G=min(11,10)=10, X=3, ch_g=3. E=4. F=3.5.
    # t3: E=4: P_d=3, P_c=4. D=7, B=3, c=4 -> n=1. room_sp=2, room_cc=2 (the
    #     set-point binds; "full" would give 4 and G=10), G=9, X=2, ch_g=2. E=6.
    #     F=1+2.25=3.25.
    p = dict(base, cc_limit="setpoint", cc_hold=False)
    totals, steps = _run(load, [0.0] * 4, [0.0] * 4, [1.0] * 4, 1.0, p)
    _check(steps, {"units": [1, 0, 1, 1], "gen": [10, 0, 10, 9], "batt": [2, 2, -3, -2],
                   "soc": [0.3, 0.1, 0.4, 0.6], "fuel": [3.5, 0, 3.5, 3.25]})
    _check(totals, {"gen_kwh": 29, "fuel_l": 10.25, "dis_kwh": 4, "ch_kwh": 5,
                    "ch_gen_kwh": 5, "e_end_kwh": 6, "unit_h": 3, "fleet_h": 3,
                    "starts": 2})


def _case_g() -> None:
    # -- G: economic dispatch (cycle charging, cc_limit "setpoint", no hold) -------
    # E_r=10, E_min=0, E0=0, P_ch/dis,max=10, eta=1, one unit, m=0.3, no reserve,
    # s_sp=0.4 (4 kWh), dt=1. Costs: c_fix=0.1, c_mar=0.5, c_wear=0.1 per kWh.
    # Q (cost of the stored energy) starts at 0. Loads 2, 4, 0, 4; PV 0, 0, 6, 0.
    # t0: E=0, Q=0 (q=0: E=0). P_d=0, P_c=10. D=2, B=0, c=2 -> n=1 -> cycle
    #     charging, n>=1: gensets first. room_sp=4, room_cc=min(inf,10,4)=4,
    #     G=min(max(6,3),10)=6, X=4, ch_g=4. E=4. Q=0+0.5*4=2. F=1+1.5=2.5.
    # t1: E=4, Q=2: q=0.5, c_bat=(0.1+0.5)/1=0.6. P_d=4, P_c=6. D=4, B=4, c=0,
    #     n_l=0 -> n=0 -> the cheaper:
    #     battery first: n=0, G=0, dis=4, U=0: cost_B = 0 + 0 + 0.6*4 = 2.4
    #     gensets first: n_G=max(0,ceil(.4)=1,1)=1, room_sp=max((4-4)-0-0,0)=0,
    #     room_cc=0, G=min(max(4,3),10)=4, dis=0, U=0: cost_G = 0.1 + 0.5*4 = 2.1
    #     -> gensets (stored energy is expensive: genset-made at 0.5 plus wear).
    #     E=4, Q=max(2-0.5*0,0)+0=2. F=1+1=2.
    # t2: E=4: P_d=4, P_c=6. L=0, P_pv=6: ch_pv=6. c=0-0-(6+4)=-10 -> n=0. Both
    #     candidates cost 0 (n_G=0, G=0): battery first. E=10, Q=2 (PV is free),
    #     so Q/E=0.2.
    # t3: E=10, Q=2: q=0.2, c_bat=0.30000000000000004. P_d=10, P_c=0. D=4, B=10,
    #     c=-6 -> n=0 -> the cheaper:
    #     battery first: dis=4: cost_B = 0.3*4 = 1.2
    #     gensets first: n_G=1, room_cc=0, G=4: cost_G = 0.1 + 2 = 2.1
    #     -> battery (stored energy is cheap). E=6, Q=max(2-0.2*4,0)=1.2.
    p = dict(_BASE, strategy="cycle_charging", battery_dispatch="economic",
             cc_limit="setpoint", cc_hold=False, r_load=0.0, soc_min=0.0, soc_ini=0.0,
             pch_kw=10.0, pdis_kw=10.0, cc_setpoint=0.4, c_fix=0.1, c_mar=0.5,
             c_wear=0.1)
    load, pv = [2.0, 4.0, 0.0, 4.0], [0.0, 0.0, 0.6, 0.0]
    totals, steps = _run(load, pv, [0.0] * 4, [1.0] * 4, 1.0, p)
    _check(steps, {"units": [1, 1, 0, 0], "gen": [6, 4, 0, 0], "batt": [-4, 0, -6, 4],
                   "soc": [0.4, 0.4, 1.0, 0.6], "fuel": [2.5, 2, 0, 0]})
    _check(totals, {"gen_kwh": 10, "dis_kwh": 4, "ch_kwh": 10, "ch_gen_kwh": 4,
                    "e_end_kwh": 6, "starts": 1, "fuel_l": 4.5, "unit_h": 2})
    # the same with "genset_first": at t1 n=0 -> battery first (dis=4, E=0);
    # t2 PV charges 6 (E=6); t3 n=0 -> battery (E=2).
    totals, steps = _run(load, pv, [0.0] * 4, [1.0] * 4, 1.0,
                         dict(p, battery_dispatch="genset_first"))
    _check(steps, {"units": [1, 0, 0, 0], "gen": [6, 0, 0, 0], "batt": [-4, 4, -6, 4],
                   "soc": [0.4, 0.0, 0.6, 0.2]})
    # load following, economic, same costs: t0 E=0: P_d=0, D=2, n=1.
    #     battery first: dis=0, resid=2, G_B=min(max(2,3),10)=3, X_B=1: cost 0.1+1.5=1.6
    #     gensets first: n_G=1, G_G=min(max(2,3),10)=3, X_G=1: cost 1.6 (tie ->
    #     battery first, the same operation). ch_g=1, E=1, Q=0.5 (Q/E=0.5).
    # t1: E=1, Q=0.5: c_bat=0.6. P_d=1, D=4, B=1, c=3 -> n=1.
    #     battery first: dis=1, resid=3, G_B=3, U=0: cost 0.1+1.5+0.6=2.2
    #     gensets first: n_G=1, G_G=4, dis=0: cost 0.1+2=2.1 -> gensets; E=1.
    # t2: E=1: PV 6 -> ch_pv=min(6,9)=6, E=7, Q=0.5 (Q/E=1/14). c=0-(6+1)<0 -> n=0.
    # t3: E=7: c_bat=0.1+1/14=0.1714..: battery dis=4 costs 0.686 < gensets 2.1
    #     -> battery; E=3.
    p = dict(p, strategy="load_following")
    totals, steps = _run(load, pv, [0.0] * 4, [1.0] * 4, 1.0, p)
    _check(steps, {"units": [1, 1, 0, 0], "gen": [3, 4, 0, 0], "batt": [-1, 0, -6, 4],
                   "soc": [0.1, 0.1, 0.7, 0.3]})


def _case_h() -> None:
    # -- H: n_min = 1 (diesel-off not allowed), load following, no reserve, dt=1 ---
    # E0=5, E_min=2, one unit, m=0.3. Loads 2, 0; P_pv 0, 10.
    # t0: P_d=3, P_c=4. D=2, B=3, c=2-3=-1 -> n_r=n_l=0, n=min(1,max(0,0,1))=1 ->
    #     gensets first: n_G=max(1,ceil(.2)=1,1)=1, G=min(max(2,3),10)=3, X=1,
    #     ch_g=min(1,inf,4)=1. E=6. F=1+.75=1.75.
    # t1: E=6: P_d=4, P_c=4. L=0, P_pv=10: D=0, S_pv=10, ch_pv=4, room1=0,
    #     curt=6. c=0-(10+4)=-14 -> n=1 (n_min). n_G=1, G=3, X=3,
    #     ch_g=min(3,inf,0)=0 -> dumped=3. E=10. F=1.75.
    p = dict(_BASE, r_load=0.0, n_min=1)
    totals, steps = _run([2.0, 0.0], [0.0, 1.0], [0.0, 0.0], [1.0, 1.0], 1.0, p)
    _check(steps, {"units": [1, 1], "gen": [3, 3], "batt": [-1, -4], "soc": [0.6, 1.0],
                   "dumped": [0, 3], "curtailed": [0, 6], "fuel": [1.75, 1.75]})
    _check(totals, {"gen_kwh": 6, "dumped_kwh": 3, "curtailed_kwh": 6,
                    "curtailed_pv_kwh": 6, "fuel_l": 3.5, "unit_h": 2, "fleet_h": 2,
                    "starts": 1, "ch_kwh": 5, "ch_gen_kwh": 1, "e_end_kwh": 10})
    # n_min = 0: t0 n=0 -> battery dis 2 (E=3); t1 PV charges 4 (E=7), curt 6.
    totals, steps = _run([2.0, 0.0], [0.0, 1.0], [0.0, 0.0], [1.0, 1.0], 1.0,
                         dict(p, n_min=0))
    _check(steps, {"units": [0, 0], "gen": [0, 0], "batt": [2, -4], "soc": [0.3, 0.7]})
    _check(totals, {"starts": 0, "fuel_l": 0})


def _case_i() -> None:
    # -- I: converter: eta_inv=0.9 (iota=1/0.9), P_inv=5, eta_rec=0.8 (rho=1.25),
    # P_rec=2. E_r=20, E_min=4, E_max=20, E0=10, P_ch/dis,max=4, eta_c=eta_d=1,
    # one unit, m=0.5 (P_lo=5), no reserve, PV 10 kW DC, one 1-kW-per-pu turbine.
    # t0: L=8, P_pv=10, P_w=0. P_d=4, P_c=4. D0=8, pv_ac=min(9,5,8)=5 (inverter
    #     limits), S_pv=10-5/0.9=4.444.., D=3, B=min(3.6,5-5)=0. ch_pv=4,
    #     room1=0, curt_pv=0.444... X=(10+4)*0.9=12.6, c=8-12.6=-4.6 -> n_r=0;
    #     D>B -> n_l=ceil(.3..)=1, n=1 -> gensets first: G=min(max(3,5),10)=5,
    #     X=2, ch_g=min(2,2,0)=0 -> dumped=2. P_ch=4, E=14. F=1+1.25=2.25.
    #     AC: 8 = 5 + 0 + 0 + (5-2-0). DC: 10 = 5/0.9 + 4 + 0.444...
    # t1: L=2, P_w=6. E=14: P_d=4, P_c=4. N_ac=-4: S_w=4, D=0, B=3.6.
    #     ch_w=min(4,2,4*1.25)=2 (rectifier limits), room2=4-2*0.8=2.4, rec=0,
    #     curt_w=2. c=2-6-3.6=-7.6 -> n=0. P_ch=2*0.8=1.6, E=15.6.
    #     AC: 2 = 0 + 0 + (6-2-2) + 0.
    # t2: L=13. E=15.6: P_d=4, P_c=4. D=13, B=min(3.6,5)=3.6, c=9.4 -> n=1;
    #     n_G=min(1,ceil(1.3)=2)=1, G=10, dis_ac=min(3,3.6)=3, U=0.
    #     P_dis=3/0.9=3.333.., E=15.6-3.333..=12.2666... inverter=3. F=3.5.
    # t3: L=7, P_pv=6. E=12.2666..: P_d=4, P_c=4. pv_ac=min(5.4,5,7)=5,
    #     S_pv=6-5/0.9=0.444.., D=2, B=0. ch_pv=0.444.., room1=room2=3.555..,
    #     rec=2. c=7-(6+4)*0.9=-2 -> n_r=0, n_l=ceil(.2)=1, n=1. G=5, X=3,
    #     ch_g=min(3,2,4.444..)=2 (rectifier limits), dumped=1.
    #     P_ch=0.444..+2*0.8=2.0444.., E=14.3111... F=2.25.
    #     AC: 7 = 5 + 0 + 0 + (5-1-2). DC: 6 = 5/0.9 + 0.444.. + 0.
    p = dict(_BASE, e_kwh=20.0, wind_n=1, min_load=0.5, r_load=0.0,
             inv_kw=5.0, inv_eta=0.9, rec_kw=2.0, rec_eta=0.8)
    totals, steps = _run([8.0, 2.0, 13.0, 7.0], [1.0, 0.0, 0.0, 0.6],
                         [0.0, 6.0, 0.0, 0.0], [1.0] * 4, 1.0, p)
    s_pv0 = 10 - 5 / 0.9
    s_pv3 = 6 - 5 / 0.9
    e2 = 15.6 - 3 / 0.9
    _check(steps, {
        "units": [1, 0, 1, 1], "gen": [5, 0, 10, 5], "inverter": [5, 0, 3, 5],
        "rectifier": [0, 2, 0, 2], "dumped": [2, 0, 0, 1],
        "curtailed": [s_pv0 - 4, 2, 0, 0], "curtailed_pv": [s_pv0 - 4, 0, 0, 0],
        "batt": [-4, -1.6, 3 / 0.9, -(s_pv3 + 1.6)],
        "soc": [14 / 20, 15.6 / 20, e2 / 20, (e2 + s_pv3 + 1.6) / 20],
        "fuel": [2.25, 0, 3.5, 2.25], "unserved": [0, 0, 0, 0], "cap_short": [0] * 4,
    })
    _check(totals, {"inverter_kwh": 13, "rectifier_kwh": 4, "dumped_kwh": 3,
                    "curtailed_kwh": s_pv0 - 4 + 2, "curtailed_pv_kwh": s_pv0 - 4,
                    "ch_gen_kwh": 1.6, "ch_kwh": 4 + 1.6 + s_pv3 + 1.6,
                    "dis_kwh": 3 / 0.9, "starts": 2})
    # I2: reserve through the inverter. One step, r_L=0.5: L=4, P_pv=10, E=10.
    #     P_d=4, P_c=4. pv_ac=min(9,5,4)=4, S_pv=10-4/0.9=5.555.., D=0,
    #     B=min(3.6,1)=1, ch_pv=4, curt_pv=1.555... R_ac=2.
    #     default: X=(10+4)*0.9=12.6, c=6-12.6<0 -> n=0; nothing runs. E=14.
    #     capped: X=min(12.6,5)=5, c=6-5=1 -> n_r=ceil(.1)=1, n=1 -> gensets
    #     first: n_G=1, G=min(max(0,5),10)=5, X=5, ch_g=min(5,2,0)=0, dumped=5.
    p2 = dict(p, r_load=0.5)
    for rti, units, gen in ((False, 0, 0.0), (True, 1, 5.0)):
        totals, steps = _run([4.0], [1.0], [0.0], [1.0], 1.0,
                             dict(p2, reserve_through_inverter=rti))
        _check(steps, {"units": [units], "gen": [gen], "dumped": [gen], "reserve": [2],
                       "inverter": [4], "curtailed_pv": [10 - 4 / 0.9 - 4],
                       "soc": [0.7], "cap_short": [0]})


def _case_j() -> None:
    # -- J: maximum charge rate alpha = ln 2 per hour (tau = 1 - exp(-ln2*dt)) -----
    # E_r=10, E_min=0, E0=0, P_ch,max=100 (not limiting), no load, P_pv=20.
    # dt=1: tau=0.5. P_c = 0.5*room: t0 5 (E=5), t1 2.5 (E=7.5), t2 1.25 (E=8.75);
    #     curtailed 15, 17.5, 18.75. Without alpha: t0 10 (full), then 0.
    p = dict(_BASE, soc_min=0.0, soc_ini=0.0, pch_kw=100.0, pv_kw=20.0, r_load=0.0,
             alpha=math.log(2.0))
    totals, steps = _run([0.0] * 3, [1.0] * 3, [0.0] * 3, [1.0] * 3, 1.0, p)
    _check(steps, {"soc": [0.5, 0.75, 0.875], "batt": [-5, -2.5, -1.25],
                   "curtailed": [15, 17.5, 18.75], "units": [0, 0, 0]})
    totals, steps = _run([0.0] * 3, [1.0] * 3, [0.0] * 3, [1.0] * 3, 1.0,
                         dict(p, alpha=None))
    _check(steps, {"soc": [1, 1, 1], "batt": [-10, 0, 0], "curtailed": [10, 20, 20]})
    # dt=0.5, eta_c=0.8: tau=1-2**-0.5, k_ch=tau/(0.8*0.5). The battery takes the
    #     fraction tau of its room each step: E = 10*tau, then 10*(1-0.5) = 5
    #     (half the room in one hour, as with dt=1). P_c = room*k_ch at terminals.
    tau = 1 - 2 ** -0.5
    totals, steps = _run([0.0] * 2, [1.0] * 2, [0.0] * 2, [1.0] * 2, 0.5,
                         dict(p, eta_c=0.8))
    _check(steps, {"soc": [tau, 0.5],
                   "batt": [-10 * tau / 0.4, -10 * (1 - tau) * tau / 0.4]})
    assert _close(totals["e_end_kwh"], 5.0)


def _case_k() -> None:
    # -- K: r_peak = 0.5 of the period's peak load (L_peak = 10): R = 5 every step --
    # Load following, one unit, m=0.3, r_L=0, E0=5, E_min=2. Loads 2, 2, 10;
    # P_pv 0, 3, 0.
    # t0: P_d=3, P_c=4. D=2, B=3. R_ac=(0+0)+(0+0.5*10)=5, X=3, c=7-3=4 ->
    #     n_r=ceil(.4)=1, n=1 -> gensets first: G=min(max(2,3),10)=3, X=1,
    #     ch_g=1. E=6. F=1.75. (Without r_peak: c=-1, n=0, battery serves.)
    # t1: E=6: P_d=4, P_c=4. P_pv=3: pv_ac=2, S_pv=1, D=0, ch_pv=1. X=(3+4)=7,
    #     c=(2+5)-0-7=0 -> n=0: PV output counts as operating capacity (the old
    #     rule D + R - P_d = 1 would have started a unit). E=7.
    # t2: E=7: P_d=4, P_c=3. D=10, B=4, c=15-4=11 -> n_r=ceil(1.1)=2, n=1,
    #     n_G=min(1,ceil(1.0)=1)=1, G=10, dis=0. E=7. short=11-10=1. F=3.5.
    p = dict(_BASE, r_load=0.0, r_peak=0.5)
    totals, steps = _run([2.0, 2.0, 10.0], [0.0, 0.3, 0.0], [0.0] * 3, [1.0] * 3, 1.0, p)
    _check(steps, {"reserve": [5, 5, 5], "units": [1, 0, 1], "gen": [3, 0, 10],
                   "batt": [-1, -1, 0], "soc": [0.6, 0.7, 0.7], "cap_short": [0, 0, 1],
                   "fuel": [1.75, 0, 3.5]})
    _check(totals, {"cap_short_kwh": 1, "cap_short_h": 1, "cap_short_max_kw": 1,
                    "starts": 2, "fuel_l": 5.25, "e_end_kwh": 7, "ch_kwh": 2,
                    "ch_gen_kwh": 1, "dis_kwh": 0})
    totals, steps = _run([2.0, 2.0, 10.0], [0.0, 0.3, 0.0], [0.0] * 3, [1.0] * 3, 1.0,
                         dict(p, r_peak=0.0))
    # without r_peak: t0 battery dis 2 (E=3); t1 E=3: P_d=1, ch_pv=1 -> E=4, c<0;
    # t2 E=4: P_d=2, D=10 -> n=1, G=10. No shortage.
    _check(steps, {"reserve": [0, 0, 0], "units": [0, 0, 1], "soc": [0.3, 0.4, 0.4],
                   "cap_short": [0, 0, 0]})


def _selfcheck() -> None:
    for case in (_case_a, _case_b, _case_c, _case_d, _case_e, _case_f, _case_g,
                 _case_h, _case_i, _case_j, _case_k):
        case()


if __name__ == "__main__":
    _selfcheck()
    print("naive.py self-check OK")
