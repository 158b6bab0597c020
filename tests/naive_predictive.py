"""Plain-Python reference ("oracle") of the predictive dispatch.

Written from docs/theory/predictive.md and docs/theory/dispatch.md (sections 1-7
and "Arithmetic") alone, without looking at the compiled kernel
(``minegrid.dispatch._predictive``), so the tests compare two independent
implementations. Slow and simple on purpose: plain Python floats and loops, the
step model written once and used by the plans and by the step taken.

Interface::

    naive_predictive(load, pv_pu, wind_pu, avail, fuel_mult, fc_load, fc_pv, fc_wind, dt,
                     params, *, horizon, replan, levels, voll, worth=None,
                     arithmetic="left_to_right", surplus_room="battery") -> (totals, steps)

``load, pv_pu, wind_pu, avail, fuel_mult``: the actual series (load [kW], PV [kW/kW],
wind [kW/turbine], genset availability a [-], fuel multiplier phi [-]);
``fc_load, fc_pv, fc_wind``: what the plans see (same units). ``horizon`` H and
``replan`` R in steps, ``levels`` M (``soc_levels``), ``voll`` [currency/kWh],
``worth`` w [currency/kWh] (None: (c_mar*eta_d)*eta_inv). ``params``: tests/naive.py's
keys (pv_kw, wind_n, e_kwh, pch_kw, pdis_kw, eta_c, eta_d, soc_min, soc_max, soc_ini,
unit_kw, n_units, min_load, f0, f1, r_load, r_pv, r_wind; optional r_fixed, r_peak,
n_min, alpha, inv_kw, inv_eta, rec_kw, rec_eta, reserve_through_inverter) plus c_fix,
c_mar, c_wear (0 when absent) and optional l_peak (default max(load)), and the N-1 and
motor-start keys of tests/naive.py (n1, pv_block_kw, battery_block_kw, start_kw, start_kva,
step_fraction, gen_kva_per_kw, inverter_overload); the rule-based keys (strategy, cc_*,
battery_dispatch) are not read. ``totals`` and ``steps`` have tests/naive.py's keys;
``steps["target"]`` is the E* taken each step.

Readings chosen where the specification leaves room (the most literal one):

1. Shared arithmetic. Sections 1-3 are computed as tests/naive.py computes them (its
   reading 1): k_dis = eta_d/dt, k_ch = tau*(1/(eta_c*dt)), tau = 1 - exp(-alpha*dt)
   (1 without alpha), P_d,avail and P_c,avail, the rooms, u = P_u*a, P_lo =
   min(m*P_u, u), ceilings (x*(1/P_u))*(1/a), c = ((L + R_ac) - P_w) - X, R_ac =
   (r_L*L + r_w*P_w) + (R_fix + r_peak*L_peak), X = ((P_pv + P_d,avail) - R_pv)*eta_inv
   (capped at P_inv with reserve_through_inverter), iota = 1/eta_inv and rho =
   1/eta_rec multiplied; fuel F = (n*(F0*P_u) + F1*G)*phi (section 7).
2. The page's own formulas are evaluated as printed, left to right:
   dis_ac = min(min(((E - E*)*eta_d)/dt, P_d,avail)*eta_inv, B, D);
   P* = min((E* - E)/(eta_c*dt), P_c,avail); need = (D - dis_ac) + want_g;
   G = min(max(need, n*P_lo), n*u); U = max((D - dis_ac) - G, 0);
   X = max(G - (D - dis_ac), 0); P_ch = ch_pv + (ch_w + ch_g)*eta_rec and P_dis =
   dis_ac*iota (section 6); E' = (E + (P_ch*eta_c)*dt) - (P_dis*dt)/eta_d;
   c = (((n*c_fix + (c_mar*G)*phi) + VOLL*U)*dt) + ((c_wear*P_dis)*dt)/eta_d;
   terminal V_H(e_i) = (-w)*(e_i - E_min).
3. Charge (E* >= E): section 2's chain with P_c,avail replaced by P*: ch_pv =
   min(S_pv, P*), room1 = P* - ch_pv, ch_w = min(S_w, P_rec, room1*rho), room2 = room1
   - ch_w*eta_rec, rec = P_rec - ch_w, want_g = min(rec, room2*rho); the rest of S_pv
   and S_w is curtailed. dis_ac = 0. E* = E is this branch with P* = 0.
4. QUESTION - the room of the genset surplus. The page writes ch_g = min(X, rec,
   room*rho), "room" (not room2): read as the battery's room left after PV and wind,
   (P_c,avail - ch_pv) - ch_w*eta_rec, so a minimum-load surplus may charge beyond
   P* (``surplus_room="target"``: room2, i.e. only up to P*). The rest is dumped.
5. Discharge (E* < E): "no charging" is read as ch_pv = ch_w = 0 and want_g = 0 (all
   of S_pv and S_w is curtailed, no unit is committed to charge). A genset surplus
   (minimum load, n_min, reserve) first replaces discharge: cut = min(max(G - (D -
   dis_ac), 0), dis_ac), dis_ac <- dis_ac - cut; the rest X = max(G - (D - dis_ac), 0)
   charges the battery's room (reading 4, here P_c,avail) and the rest is dumped. When
   a cut was made the gensets carry all of D - dis_ac: U = 0 (the page's "the gensets
   carry what the battery gave up"; computed, D - dis_ac - G can be an ulp above 0).
6. Units: n = min(n_max, max(n_r, n_l, n_min)), 0 when u = P_u*a == 0; n_r is section
   3's (c with the P_d,avail of the E at the start of the step, whatever the target),
   n_l = ceil(need*(1/P_u)*(1/a)) if need > 0 else 0. No section-3 n_l (D > B), no
   gensets-first n_G, no cycle-charging hold. This n is n_used for the statistics and
   the capacity shortage max(0, c - n*u). n_min = Dispatch.units_always_online.
7. The cost multiplies only c_mar*G by phi, as printed (not c_fix, which holds the
   no-load fuel F0*P_u*c_fuel, O&M and replacement).
8. Grid: dE = (E_max - E_min)/(M - 1), e_i = E_min + i*dE (e_{M-1} may differ from
   E_max in the last ulp; both are candidates of the step taken).
9. QUESTION - interpolation. x = (E' - E_min)/dE; V(E') = V[0] if x <= 0, V[M-1] if
   x >= M - 1, else V[i] + f*(V[i+1] - V[i]) with i = floor(x), f = x - i. With
   dE = 0 (only E_r = 0: Battery requires soc_min < soc_max) V(E') = V[0]; E' = 0 then.
10. Levels tried in a plan: all M (the page tries those "within one step's power
    limits, plus one on each side"). The minimum is the same: a target beyond the first
    level past a limit clips to the same P* (or dis_ac) as that level, bit for bit.
11. Plans are made at t = 0, R, 2R, ... for H_eff = min(H, T - t) steps: V_{H_eff} is
    the terminal value, V_k for k = H_eff-1 .. 1 (V_0 is never used, not computed).
    Step k of the plan made at t0 uses the forecast load, PV and wind at t0 + k and the
    actual availability and phi at t0 + k ("known"). The step taken at t = t0 + k uses
    V_{k+1}. The plan minimises over values, so its ties do not matter.
12. Step taken: candidates in the order [e_0, ..., e_{M-1}, E, E_min, E_max, surplus],
    with the actual series; the first with the least c + V_{k+1}(E') is kept (strict <).
    "surplus" (also tried from every level in the plans) charges the renewable surplus
    alone: reading 3 with P* = P_c,avail and want_g = 0 (a genset surplus still charges
    the room, reading 4).
13. L_peak = max(load) of the actual series (Profiles.peak_kw), also in the plans.
14. Statistics are booked from the step taken as tests/naive.py books them (its
    readings 13-16); fuel includes phi; steps["reserve"] is R = R_ac + R_pv.
15. N-1 and motor starts (docs/theory/reliability.md) as tests/naive.py: L_o (a PV
    block's share of pv_ac, one turbine at most the wind serving the load, a battery
    block's share of B) with the B of the E at the start of the step, whatever the
    target. The rule ``n1`` adds naive.py's n_{N-1} = ceil((D - B + max(L_o, u*[D - B >
    0]))*(1/P_u)*(1/a)) (0 when that is <= 0) to the units of reading 6, in the plans and
    in the step taken alike. The checks are booked from the step taken: the shortfall
    max(0, D - B + max(L_o, u*[n > 0]) - n*u), the step accepted min(f_step*(n*u),
    max(n*u - G, 0)) + max(B - dis_ac, 0) (dis_ac after a cut), the kVA (n*u)*k_gen +
    k_inv*min(P_dis,max*eta_inv, P_inv).

Keyword choices reproducing what the kernel was found to do (by comparing outputs
only, on hand-made and random cases; the kernel's source was not read):

* ``arithmetic="kernel"``. QUESTION - the page pins no grouping for its formulas, and
  the plans' values have exact ties in real arithmetic (flat or linear stretches of V,
  a genset kWh stored at exactly its worth), which the last ulp breaks; two
  implementations agree on counts only with the same grouping. The kernel's:
  P* = min((E* - E)*k_sp, P_c,avail) with k_sp = 1/(eta_c*dt); E' = E +
  P_ch*(eta_c*dt) - P_dis*(dt/eta_d) (section 6's grouping); wear c_wear*(P_dis*
  (dt/eta_d)); interpolation (1 - f)*V[i] + f*V[i+1]; terminal (-w)*(i*dE); the
  room of reading 4 is clamped at 0 (it is an ulp below 0 when wind fills P_c,avail
  through the rectifier, and a negative ch_g would lower E' by an ulp).

The kernel once departed from readings 5 and 7 (a discharge step that committed a unit
for an ulp-negative PV surplus, a surplus dumped instead of replacing discharge, phi on
c_fix); this reference found them and the kernel was fixed to the page.
"""

from __future__ import annotations

import math

from naive import _STEP_KEYS, _ceil


def naive_predictive(load, pv_pu, wind_pu, avail, fuel_mult, fc_load, fc_pv, fc_wind, dt,
                     params, *, horizon, replan, levels, voll, worth=None,
                     arithmetic="left_to_right", surplus_room="battery"):
    """Simulate the predictive dispatch of docs/theory/predictive.md step by step.

    Returns ``(totals, steps)``; the keys, the readings and the keyword choices are in
    the module docstring.
    """
    T = len(load)
    series = (pv_pu, wind_pu, avail, fuel_mult, fc_load, fc_pv, fc_wind)
    if any(len(s) != T for s in series):
        raise ValueError("every series must have the length of load")
    dt = float(dt)
    H, R, M = int(horizon), int(replan), int(levels)
    if not (H >= 1 and 1 <= R <= H and M >= 2):
        raise ValueError("need horizon >= 1, 1 <= replan <= horizon, levels >= 2")

    # --- parameters ----------------------------------------------------------------
    pv_size = float(params["pv_kw"])
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
    r_L = float(params["r_load"])
    r_pv = float(params["r_pv"])
    r_w = float(params["r_wind"])
    R_fix = float(params.get("r_fixed", 0.0))
    r_peak = float(params.get("r_peak", 0.0))
    n_min = int(params.get("n_min", 0))
    alpha = params.get("alpha", None)
    P_inv = float(params.get("inv_kw", math.inf))
    eta_inv = float(params.get("inv_eta", 1.0))
    P_rec = float(params.get("rec_kw", math.inf))
    eta_rec = float(params.get("rec_eta", 1.0))
    rti = bool(params.get("reserve_through_inverter", False))
    c_fix = float(params.get("c_fix", 0.0))
    c_mar = float(params.get("c_mar", 0.0))
    c_wear = float(params.get("c_wear", 0.0))
    voll = float(voll)
    n1_rule = bool(params.get("n1", False))
    pv_block = float(params.get("pv_block_kw", math.inf))
    bat_block = float(params.get("battery_block_kw", math.inf))
    start_kw = float(params.get("start_kw", 0.0))
    start_kva = float(params.get("start_kva", 0.0))
    f_step = float(params.get("step_fraction", 0.33))
    k_gen = float(params.get("gen_kva_per_kw", 2.5))
    k_inv = float(params.get("inverter_overload", 1.5))
    pv_share = min(pv_block / pv_size, 1.0) if pv_size > 0.0 else 0.0
    bat_share = min(bat_block / P_dis_max, 1.0) if P_dis_max > 0.0 else 0.0
    bat_kva = k_inv * min(P_dis_max * eta_inv, P_inv)
    w = c_mar * eta_d * eta_inv if worth is None else float(worth)

    L_peak = float(params["l_peak"]) if "l_peak" in params else max(
        (float(x) for x in load), default=0.0)
    tau = 1.0 if alpha is None or alpha == math.inf else 1.0 - math.exp(-float(alpha) * dt)
    k_dis = eta_d / dt
    k_ch = tau * (1.0 / (eta_c * dt))
    k_sp = 1.0 / (eta_c * dt)
    if arithmetic not in ("left_to_right", "kernel"):
        raise ValueError(f"unknown arithmetic {arithmetic!r}")
    kernel_arith = arithmetic == "kernel"
    if surplus_room not in ("battery", "target"):
        raise ValueError(f"unknown surplus_room {surplus_room!r}")
    iota = 1.0 / eta_inv
    rho = 1.0 / eta_rec
    inv_Pu = 1.0 / P_u if P_u != 0.0 else math.inf  # used only when u = P_u*a > 0
    F0_Pu = F0 * P_u
    dE = (E_max - E_min) / (M - 1)
    grid = [E_min + i * dE for i in range(M)]

    # --- the step model ------------------------------------------------------------
    def site(L, pv, wind, a, phi):
        """What does not depend on the battery: section 2 before the battery, section 3's
        reserve and the units' capacities."""
        P_pv = pv_size * pv
        P_w = N_wt * wind
        N_ac = L - P_w
        D0 = max(N_ac, 0.0)
        S_w = max(-N_ac, 0.0)
        pv_ac = min(P_pv * eta_inv, P_inv, D0)
        S_pv = P_pv - pv_ac * iota
        D = D0 - pv_ac
        R_ac = (r_L * L + r_w * P_w) + (R_fix + r_peak * L_peak)
        R_pv = r_pv * P_pv
        u = P_u * a
        inv_a = 1.0 / a if u != 0.0 else 0.0
        P_lo = min(m * P_u, u)
        L_turbine = min(wind, P_w - S_w) if N_wt > 0 else 0.0   # reading 15
        return (L, P_pv, P_w, phi, S_w, pv_ac, S_pv, D, R_ac, R_pv, u, inv_a, P_lo, L_turbine)

    def battery(E, s):
        """What depends on E only: section 1, B, section 3's c and n_r, and N-1's L_o and
        n_{N-1} (reading 15)."""
        L, P_pv, P_w, _, _, pv_ac, _, D, R_ac, R_pv, u, inv_a, _, L_turbine = s
        P_d_avail = min(max((E - E_min) * k_dis, 0.0), P_dis_max)
        P_c_avail = min(max((E_max - E) * k_ch, 0.0), P_ch_max)
        B = min(P_d_avail * eta_inv, P_inv - pv_ac)
        X_dc = ((P_pv + P_d_avail) - R_pv) * eta_inv
        if rti:
            X_dc = min(X_dc, P_inv)
        c = ((L + R_ac) - P_w) - X_dc
        n_r = _ceil(c * inv_Pu * inv_a) if (u != 0.0 and c > 0.0) else 0
        L_other = max(pv_ac * pv_share, L_turbine, B * bat_share)
        n_1 = 0
        if n1_rule and u != 0.0:
            need = D - B + max(L_other, u if D - B > 0.0 else 0.0)
            n_1 = _ceil(need * inv_Pu * inv_a) if need > 0.0 else 0
        return (E, P_d_avail, P_c_avail, B, c, n_r, L_other, n_1)

    def action(b, E_star, s, full, surplus=False):
        """The step from E (in ``b``) aiming at E_star: (cost, E') or everything.
        ``surplus``: the renewable surplus alone into the battery (E_star not read)."""
        L, P_pv, P_w, phi, S_w, pv_ac, S_pv, D, _, _, u, inv_a, P_lo, _ = s
        E, P_d_avail, P_c_avail, B, c, n_r, L_other, n_1 = b
        discharging = E_star < E and not surplus
        if discharging:
            dis_ac = min(min((E - E_star) * eta_d / dt, P_d_avail) * eta_inv, B, D)
            P_star = 0.0
        elif surplus:    # as much as the battery takes, from the renewables only
            dis_ac = 0.0
            P_star = P_c_avail
        else:            # charge (E_star = E: P* = 0)
            dis_ac = 0.0
            if kernel_arith:
                P_star = min((E_star - E) * k_sp, P_c_avail)
            else:
                P_star = min((E_star - E) / (eta_c * dt), P_c_avail)
        if discharging:   # "no charging": nothing asked of the surpluses or the gensets
            ch_pv = ch_w = want_g = 0.0
            rec = P_rec
            room_g = P_c_avail
        else:   # section 2's chain on P*
            ch_pv = min(S_pv, P_star)
            room1 = P_star - ch_pv
            ch_w = min(S_w, P_rec, room1 * rho)
            room2 = room1 - ch_w * eta_rec
            rec = P_rec - ch_w
            want_g = 0.0 if surplus else min(rec, room2 * rho)
            room_g = room2 if surplus_room == "target" else (P_c_avail - ch_pv) - ch_w * eta_rec
        if kernel_arith:
            room_g = max(room_g, 0.0)   # never an ulp below 0
        resid = D - dis_ac
        need = resid + want_g
        if u == 0.0:
            n = 0
        else:
            n_l = _ceil(need * inv_Pu * inv_a) if need > 0.0 else 0
            n = min(n_max, max(n_r, n_l, n_min, n_1))
        G = min(max(need, n * P_lo), n * u)
        cut = min(max(G - resid, 0.0), dis_ac)   # a genset surplus replaces discharge
        if cut > 0.0:
            dis_ac = dis_ac - cut
            if kernel_arith:
                X = max(G - resid, 0.0) - cut
            else:
                X = max(G - (D - dis_ac), 0.0)
            U = 0.0
        else:
            U = max(resid - G, 0.0)
            X = max(G - resid, 0.0)
        ch_g = min(X, rec, room_g * rho)
        dumped = X - ch_g
        P_ch = ch_pv + (ch_w + ch_g) * eta_rec
        P_dis = dis_ac * iota
        gen_cost = n * c_fix + c_mar * G * phi
        if kernel_arith:
            E_new = E + P_ch * (eta_c * dt) - P_dis * (dt / eta_d)
            cost = (gen_cost + voll * U) * dt + c_wear * (P_dis * (dt / eta_d))
        else:
            E_new = E + P_ch * eta_c * dt - P_dis * dt / eta_d
            cost = (gen_cost + voll * U) * dt + c_wear * P_dis * dt / eta_d
        if not full:
            return cost, E_new
        return dict(cost=cost, E_new=E_new, n=n, G=G, U=U, dis_ac=dis_ac, ch_pv=ch_pv,
                    ch_w=ch_w, ch_g=ch_g, dumped=dumped, P_ch=P_ch, P_dis=P_dis,
                    curt_pv=S_pv - ch_pv, curt_w=S_w - ch_w, c=c, u=u, pv_ac=pv_ac, phi=phi,
                    P_pv=P_pv, P_w=P_w, D=D, B=B, S_pv=S_pv, want_g=want_g, X=X,
                    L_other=L_other)

    def value(V, E):
        """V interpolated linearly between the grid levels, constant beyond the ends."""
        if dE == 0.0:
            return V[0]
        x = (E - E_min) / dE
        if x <= 0.0:
            return V[0]
        if x >= M - 1:
            return V[M - 1]
        i = math.floor(x)
        f = x - i
        if kernel_arith:
            return (1.0 - f) * V[i] + f * V[i + 1]
        return V[i] + f * (V[i + 1] - V[i])

    if kernel_arith:
        terminal = [(-w) * (i * dE) for i in range(M)]
    else:
        terminal = [(-w) * (e - E_min) for e in grid]

    def plan(t0):
        """V_1 .. V_{H_eff} of the plan made at step t0 (index k holds V_k; V_0 is None)."""
        h = min(H, T - t0)
        V = [None] * (h + 1)
        V[h] = terminal
        for k in range(h - 1, 0, -1):
            t = t0 + k
            s = site(float(fc_load[t]), float(fc_pv[t]), float(fc_wind[t]), float(avail[t]),
                     float(fuel_mult[t]))
            nxt = V[k + 1]
            row = []
            for e_i in grid:
                b = battery(e_i, s)
                best = math.inf
                for e_j in grid:
                    cost, E_new = action(b, e_j, s, False)
                    best = min(best, cost + value(nxt, E_new))
                cost, E_new = action(b, e_i, s, False, surplus=True)
                best = min(best, cost + value(nxt, E_new))
                row.append(best)
            V[k] = row
        return V

    # --- the simulation ------------------------------------------------------------
    E = float(params["soc_ini"]) * E_r
    n_prev = 0
    steps: dict[str, list] = {k: [] for k in _STEP_KEYS}
    steps["target"] = []
    acc = dict.fromkeys(("load_kwh", "served_kwh", "unserved_kwh", "unserved_max_kw", "pv_kwh",
                         "wind_kwh", "curtailed_kwh", "curtailed_pv_kwh", "curtailed_max_kw",
                         "dumped_kwh", "gen_kwh", "gen_max_kw", "fuel_l", "ch_kwh", "dis_kwh",
                         "ch_gen_kwh", "cap_short_kwh", "cap_short_max_kw", "inverter_kwh",
                         "rectifier_kwh", "n1_kwh", "n1_max_kw"), 0.0)
    unserved_steps = run_steps = longest_run_steps = 0
    unit_steps = fleet_steps = starts = max_units = cap_short_steps = 0
    n1_steps = refused_steps = 0
    V = None
    t_plan = 0
    for t in range(T):
        if t % R == 0:
            V, t_plan = plan(t), t
        nxt = V[t - t_plan + 1]
        s = site(float(load[t]), float(pv_pu[t]), float(wind_pu[t]), float(avail[t]),
                 float(fuel_mult[t]))
        b = battery(E, s)
        best, best_f = None, math.inf
        for E_star in (*grid, E, E_min, E_max, None):
            r = action(b, E, s, True, surplus=True) if E_star is None else action(
                b, E_star, s, True)
            f = r["cost"] + value(nxt, r["E_new"])
            if f < best_f:   # ties keep the first
                best, best_f = r, f
                best["target"] = E_star if E_star is not None else r["E_new"]
        r = best
        n, G, U = r["n"], r["G"], r["U"]
        E = r["E_new"]
        L, P_pv, P_w, phi = s[0], s[1], s[2], s[3]
        R_ac, R_pv = s[8], s[9]
        cap_short = max(0.0, r["c"] - n * r["u"])
        curtailed = r["curt_pv"] + r["curt_w"]
        inverter = r["pv_ac"] + r["dis_ac"]
        rectifier = r["ch_w"] + r["ch_g"]
        F = (n * F0_Pu + F1 * G) * phi
        u, B, D = r["u"], r["B"], r["D"]          # reading 15
        n1_short = max(0.0, D - B + max(r["L_other"], u if n > 0 else 0.0) - n * u)
        step_cap = min(f_step * (n * u), max(n * u - G, 0.0)) + max(B - r["dis_ac"], 0.0)
        kva_cap = n * u * k_gen + bat_kva
        refused = start_kw > 0.0 and (start_kw > step_cap or start_kva > kva_cap)
        starts += max(0, n - n_prev)
        n_prev = n

        rec = {"load": L, "pv": P_pv, "wind": P_w, "gen": G, "units": n,
               "batt": r["P_dis"] - r["P_ch"], "soc": E / E_r if E_r != 0.0 else 0.0,
               "unserved": U, "curtailed": curtailed, "curtailed_pv": r["curt_pv"],
               "dumped": r["dumped"], "reserve": R_ac + R_pv, "cap_short": cap_short,
               "fuel": F, "inverter": inverter, "rectifier": rectifier,
               "n1": n1_short, "step_cap": step_cap, "kva_cap": kva_cap,
               "target": r["target"]}
        for key, val in rec.items():
            steps[key].append(val)

        acc["load_kwh"] += L * dt
        acc["served_kwh"] += (L - U) * dt
        acc["unserved_kwh"] += U * dt
        acc["unserved_max_kw"] = max(acc["unserved_max_kw"], U)
        if U > 0.0:
            unserved_steps += 1
            run_steps += 1
            longest_run_steps = max(longest_run_steps, run_steps)
        else:
            run_steps = 0
        acc["pv_kwh"] += P_pv * dt
        acc["wind_kwh"] += P_w * dt
        acc["curtailed_kwh"] += curtailed * dt
        acc["curtailed_pv_kwh"] += r["curt_pv"] * dt
        acc["curtailed_max_kw"] = max(acc["curtailed_max_kw"], curtailed)
        acc["dumped_kwh"] += r["dumped"] * dt
        acc["gen_kwh"] += G * dt
        acc["gen_max_kw"] = max(acc["gen_max_kw"], G)
        unit_steps += n
        fleet_steps += n > 0
        max_units = max(max_units, n)
        acc["fuel_l"] += F * dt
        acc["ch_kwh"] += r["P_ch"] * dt
        acc["dis_kwh"] += r["P_dis"] * dt
        acc["ch_gen_kwh"] += (r["ch_g"] * eta_rec) * dt
        if cap_short > 0.0:
            acc["cap_short_kwh"] += cap_short * dt
            acc["cap_short_max_kw"] = max(acc["cap_short_max_kw"], cap_short)
            cap_short_steps += 1
        acc["inverter_kwh"] += inverter * dt
        acc["rectifier_kwh"] += rectifier * dt
        if n1_short > 0.0:
            acc["n1_kwh"] += n1_short * dt
            acc["n1_max_kw"] = max(acc["n1_max_kw"], n1_short)
            n1_steps += 1
        refused_steps += int(refused)

    totals = dict(acc)
    totals.update({
        "unserved_h": unserved_steps * dt, "unserved_longest_h": longest_run_steps * dt,
        "unit_h": unit_steps * dt, "fleet_h": fleet_steps * dt, "starts": starts,
        "e_end_kwh": E, "max_units": max_units, "cap_short_h": cap_short_steps * dt,
        "n1_h": n1_steps * dt, "start_refused_h": refused_steps * dt,
    })
    return totals, steps
