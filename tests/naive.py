"""Plain-Python reference ("oracle") of the minegrid dispatch.

Written from docs/theory/dispatch.md only, without looking at the compiled
kernel, so the tests can compare two independent implementations. Slow and
simple on purpose: one loop over the steps, plain floats, the rules in the
order the specification gives them.

Readings chosen where the specification leaves room (most literal reading):

1. Floating-point grouping follows the spec's "Arithmetic" section (k_dis,
   k_ch, a·P_u and F0·P_u as single factors) and otherwise the written
   formulas left to right. (A first version grouped ``(E - E_min)*eta_d/dt``
   left to right; 1-ulp SoC differences then decided whether a 2e-309 kW
   residual counted as an unserved hour, so the spec now pins the grouping.)
2. Cycle charging with n = 0 (no unit needed): G = 0 and the 3b "otherwise"
   branch applies (battery covers what it can, the rest is unserved).
3. Cycle charging ``room_sp`` is capped by P_ch,max but not by soc_max
   (P_ch,avail); if s_sp > soc_max the extra genset output is dumped in
   section 4. Likewise it is clamped at 0 when E is above the set-point.
4. Load following when G > residual and G == D exactly: the spec's
   "P_dis = D - G when G < D, else P_dis = 0 and X = G - D" gives P_dis = 0,
   X = 0 (both branches agree).
5. "n = 0 when a*P_u = 0" is tested on the product ``a * unit_kw == 0``
   (this also avoids dividing by zero in the ceiling).
6. Hour statistics (unserved_h, unserved_longest_h, fleet_h, cap_short_h,
   unit_h) are integer step counts times dt; energies are sums of x*dt
   accumulated step by step ("all energies are sum x*dt").
7. The spec's other period statistics (renewable fraction, cycles, losses,
   CO2) are derived quantities and not part of this oracle's totals.
"""

from __future__ import annotations

import math


def _clip(x: float, lo: float, hi: float) -> float:
    """numpy-style clip: max with ``lo`` first, then min with ``hi``."""
    return min(max(x, lo), hi)


def naive_dispatch(load, pv_pu, wind_pu, avail, dt, params) -> tuple[dict, dict]:
    """Simulate the dispatch of docs/theory/dispatch.md step by step.

    Returns ``(totals, steps)``; see the module's tests for the keys.
    """
    n_steps = len(load)
    if not (len(pv_pu) == len(wind_pu) == len(avail) == n_steps):
        raise ValueError("load, pv_pu, wind_pu and avail must have equal length")

    # --- parameters -------------------------------------------------------
    S_pv = float(params["pv_kw"])
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
    R_fixed = float(params.get("r_fixed", 0.0))  # fixed contingency reserve [kW]
    strategy = params["strategy"]
    if strategy in ("load_following", 0):
        cycle_charging = False
    elif strategy in ("cycle_charging", 1):
        cycle_charging = True
    else:
        raise ValueError(f"unknown strategy {strategy!r}")
    dt = float(dt)

    # --- state and accumulators ---------------------------------------------
    E = float(params["soc_ini"]) * E_r  # stored energy at the start of the step
    n_prev = 0  # n_{-1} = 0
    # cycle-charging hold (HOMER's set-point rule, opt-in): ends at the set-point or full
    hold_rule = bool(params.get("cc_hold", False))
    E_hold_end = min(s_sp * E_r, E_max) - 1e-9 * E_r
    holding = False

    steps: dict[str, list] = {
        k: []
        for k in (
            "load", "pv", "wind", "gen", "units", "batt", "soc", "unserved",
            "curtailed", "dumped", "reserve", "cap_short", "fuel",
        )
    }
    load_kwh = served_kwh = unserved_kwh = 0.0
    unserved_max_kw = 0.0
    unserved_steps = 0
    run_steps = 0
    longest_run_steps = 0
    pv_kwh = wind_kwh = curtailed_kwh = dumped_kwh = 0.0
    curtailed_max_kw = 0.0
    gen_kwh = 0.0
    gen_max_kw = 0.0
    unit_steps = 0  # sum of n_t
    fleet_steps = 0  # steps with n_t > 0
    starts = 0
    fuel_l = 0.0
    ch_kwh = dis_kwh = ch_gen_kwh = 0.0
    cap_short_kwh = 0.0
    cap_short_max_kw = 0.0
    cap_short_steps = 0
    max_units = 0

    for t in range(n_steps):
        # --- Symbols: renewables, net load, deficit and surplus -----------
        L = float(load[t])
        P_pv = S_pv * float(pv_pu[t])
        P_w = N_wt * float(wind_pu[t])
        a = float(avail[t])
        N = L - (P_pv + P_w)
        D = max(N, 0.0)
        S = max(-N, 0.0)

        # --- 1. Battery availability ---------------------------------------
        # grouping pinned by the spec: k_dis = eta_d/dt and k_ch = 1/(eta_c*dt)
        k_dis = eta_d / dt
        k_ch = 1.0 / (eta_c * dt)
        P_dis_avail = _clip((E - E_min) * k_dis, 0.0, P_dis_max)
        P_ch_avail = _clip((E_max - E) * k_ch, 0.0, P_ch_max)

        # --- 2. Operating reserve and commitment ----------------------------
        R = r_L * L + r_pv * P_pv + r_w * P_w + R_fixed
        c = D + R - P_dis_avail
        if c <= 0.0 or a * P_u == 0.0:
            n = 0
        else:
            n = min(n_max, math.ceil(c * (1.0 / P_u) * (1.0 / a)))
        n = max(n, 0)  # n_units = 0 (or negative nonsense) -> no units
        # 3b'. Cycle-charging hold: one unit keeps running until the set-point is reached
        if cycle_charging and hold_rule and holding and E < E_hold_end and P_u * a > 0.0:
            n = max(n, min(1, n_max))
        P_unit_avail = P_u * a  # one unit's available capacity
        cap_short = max(0.0, c - n * P_unit_avail)
        P_lo = min(m * P_u, P_unit_avail)
        G_lo = n * P_lo
        G_hi = n * P_unit_avail

        # --- 3a / 3b. Genset output, battery discharge, unserved, excess ----
        P_dis = 0.0
        U = 0.0
        X = 0.0
        if not cycle_charging:
            # 3a. Load following: battery first, gensets the rest.
            P_dis = min(D, P_dis_avail)
            residual = D - P_dis
            G = _clip(residual, G_lo, G_hi) if n > 0 else 0.0
            if G > residual:
                # Minimum load forces more output: battery discharges less.
                if G < D:
                    P_dis = D - G
                else:
                    P_dis = 0.0
                    X = G - D
            else:
                U = residual - G
        else:
            # 3b. Cycle charging: running units also charge towards s_sp.
            if n >= 1:
                ch_re_cc = min(S, P_ch_avail)
                room_sp = max(0.0, min((s_sp * E_r - E) * k_ch, P_ch_max) - ch_re_cc)
                G = _clip(D + room_sp, G_lo, G_hi)
            else:
                G = 0.0
            if G >= D:
                X = G - D
            else:
                P_dis = min(D - G, P_dis_avail)
                U = D - G - P_dis

        # --- 4. Charging, curtailment and dumping ----------------------------
        ch_re = min(S, P_ch_avail)
        curtailed = S - ch_re
        ch_gen = min(X, P_ch_avail - ch_re)
        dumped = X - ch_gen
        P_ch = ch_re + ch_gen
        E = E + P_ch * (eta_c * dt) - P_dis * (dt / eta_d)
        if cycle_charging:
            holding = n > 0 and E < E_hold_end

        # --- 5. Fuel and starts ------------------------------------------------
        F = n * (F0 * P_u) + F1 * G
        starts += max(0, n - n_prev)
        n_prev = n

        # --- per-step records ------------------------------------------------
        steps["load"].append(L)
        steps["pv"].append(P_pv)
        steps["wind"].append(P_w)
        steps["gen"].append(G)
        steps["units"].append(n)
        steps["batt"].append(P_dis - P_ch)
        steps["soc"].append(E / E_r if E_r != 0.0 else 0.0)
        steps["unserved"].append(U)
        steps["curtailed"].append(curtailed)
        steps["dumped"].append(dumped)
        steps["reserve"].append(R)
        steps["cap_short"].append(cap_short)
        steps["fuel"].append(F)

        # --- 5. Statistics over the period -----------------------------------
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
        curtailed_max_kw = max(curtailed_max_kw, curtailed)
        dumped_kwh += dumped * dt
        gen_kwh += G * dt
        gen_max_kw = max(gen_max_kw, G)
        unit_steps += n
        if n > 0:
            fleet_steps += 1
        max_units = max(max_units, n)
        fuel_l += F * dt
        ch_kwh += P_ch * dt
        dis_kwh += P_dis * dt
        ch_gen_kwh += ch_gen * dt
        if cap_short > 0.0:
            cap_short_kwh += cap_short * dt
            cap_short_max_kw = max(cap_short_max_kw, cap_short)
            cap_short_steps += 1

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
        "max_units": max_units,
        "cap_short_h": cap_short_steps * dt,
        "curtailed_max_kw": curtailed_max_kw,
    }
    return totals, steps


# ---------------------------------------------------------------------------
# Hand-computed examples (run ``python tests/naive.py``)
# ---------------------------------------------------------------------------


def _check(got: dict, want: dict) -> None:
    for key, value in want.items():
        g = got[key]
        if isinstance(value, list):
            assert len(g) == len(value), (key, g, value)
            for x, y in zip(g, value, strict=True):
                assert math.isclose(x, y, rel_tol=1e-12, abs_tol=1e-12), (key, g, value)
        else:
            assert math.isclose(g, value, rel_tol=1e-12, abs_tol=1e-12), (key, g, value)


def _check_balance(steps: dict) -> None:
    # L - U = P_pv + P_w - curtailed + G - dumped + P_dis - P_ch  (batt = P_dis - P_ch)
    for i in range(len(steps["load"])):
        lhs = steps["load"][i] - steps["unserved"][i]
        rhs = (steps["pv"][i] + steps["wind"][i] - steps["curtailed"][i]
               + steps["gen"][i] - steps["dumped"][i] + steps["batt"][i])
        assert math.isclose(lhs, rhs, abs_tol=1e-9), (i, lhs, rhs)


_BASE = {
    "pv_kw": 10.0, "wind_n": 0, "e_kwh": 10.0, "pch_kw": 4.0, "pdis_kw": 4.0,
    "eta_c": 1.0, "eta_d": 1.0, "soc_min": 0.2, "soc_max": 1.0, "soc_ini": 0.5,
    "unit_kw": 10.0, "n_units": 1, "min_load": 0.3, "f0": 0.1, "f1": 0.25,
    "strategy": "load_following", "cc_setpoint": 0.8,
    "r_load": 0.1, "r_pv": 0.0, "r_wind": 0.0,
}


def _selfcheck() -> None:
    # -- Case A: load following, battery + one 10 kW unit, dt = 1 h ------------
    # E_r=10, E_min=2, E_max=10, E0=5, eta=1, P_ch/dis,max=4, m=0.3, r_L=0.1.
    # t0: L=5, P_pv=8 -> D=0, S=3. P_dis,av=clip(3,0,4)=3, P_ch,av=clip(5,0,4)=4.
    #     R=0.5, c=0.5-3<0 -> n=0. G=0, U=0. ch_re=3, curt=0. E=8 (soc .8), F=0.
    # t1: L=10, pv=0 -> D=10. P_dis,av=clip(6,0,4)=4, P_ch,av=2. R=1, c=7,
    #     n=ceil(7*.1*1)=1, short=max(0,7-10)=0. P_dis=4, res=6, P_lo=3,
    #     G=clip(6,3,10)=6 (not > res) -> U=0. E=8-4=4. F=1*.1*10+.25*6=2.5. start.
    # t2: L=2, a=0.5 -> D=2. P_dis,av=clip(2,0,4)=2, P_ch,av=4. R=.2, c=.2,
    #     n=ceil(.2*.1*2)=1, short=max(0,.2-5)=0. P_dis=2, res=0, P_lo=min(3,5)=3,
    #     G=clip(0,3,5)=3>res and G>=D -> P_dis=0, X=1. ch_gen=1, dump=0. E=5.
    #     F=1+.75=1.75.
    # t3: L=30, a=1 -> D=30. P_dis,av=clip(3,0,4)=3, P_ch,av=4. R=3, c=30,
    #     n=min(1,3)=1, short=30-10=20. P_dis=3, res=27, G=10, U=17. E=2. F=3.5.
    totals, steps = naive_dispatch(
        [5.0, 10.0, 2.0, 30.0], [0.8, 0.0, 0.0, 0.0], [0.0] * 4, [1.0, 1.0, 0.5, 1.0],
        1.0, dict(_BASE),
    )
    _check(steps, {
        "units": [0, 1, 1, 1], "gen": [0, 6, 3, 10], "batt": [-3, 4, -1, 3],
        "soc": [0.8, 0.4, 0.5, 0.2], "unserved": [0, 0, 0, 17],
        "cap_short": [0, 0, 0, 20], "fuel": [0, 2.5, 1.75, 3.5],
        "reserve": [0.5, 1.0, 0.2, 3.0], "dumped": [0, 0, 0, 0],
    })
    _check(totals, {
        "load_kwh": 47, "served_kwh": 30, "unserved_kwh": 17, "unserved_max_kw": 17,
        "unserved_h": 1, "unserved_longest_h": 1, "pv_kwh": 8, "wind_kwh": 0,
        "curtailed_kwh": 0, "dumped_kwh": 0, "gen_kwh": 19, "gen_max_kw": 10,
        "unit_h": 3, "fleet_h": 3, "starts": 1, "fuel_l": 7.75, "ch_kwh": 4,
        "dis_kwh": 7, "ch_gen_kwh": 1, "e_end_kwh": 2, "cap_short_kwh": 20,
        "cap_short_max_kw": 20, "max_units": 1, "cap_short_h": 1,
    })
    _check_balance(steps)

    # -- Case B: cycle charging, two 10 kW units, s_sp=0.8, no reserve, dt=0.5 --
    # E0=3 (soc .3), E_min=2, E_max=10, eta=1, P_ch/dis,max=4, m=0.3.
    # t0: L=12 -> D=12. P_dis,av=clip(1/.5=2)=2, P_ch,av=clip(7/.5=14,0,4)=4.
    #     c=10, n=ceil(10*.1)=1. room=max(0,min((8-3)/.5=10,4)-0)=4,
    #     G=clip(16,3,10)=10<D -> P_dis=min(2,2)=2, U=0. E=3-2*.5=2. F=3.5.
    # t1: L=4 -> D=4. P_dis,av=0, P_ch,av=4. c=4, n=1. room=min(12,4)=4,
    #     G=clip(8,3,10)=8>=D -> X=4, ch_gen=4, dump=0. E=2+4*.5=4. F=3.
    # t2: L=25 -> D=25. P_dis,av=clip(2/.5=4)=4, P_ch,av=4. c=21,
    #     n=min(2,ceil(2.1)=3)=2, short=21-20=1. room=min(8,4)=4,
    #     G=clip(29,6,20)=20<D -> P_dis=min(5,4)=4, U=1. E=4-2=2. F=2+5=7. +1 start.
    # t3: L=0, P_pv=10 -> S=10, D=0. c=0 -> n=0, G=0. ch_re=4, curt=6. E=4.
    p = dict(_BASE, strategy="cycle_charging", n_units=2, soc_ini=0.3, r_load=0.0)
    totals, steps = naive_dispatch(
        [12.0, 4.0, 25.0, 0.0], [0.0, 0.0, 0.0, 1.0], [0.0] * 4, [1.0] * 4, 0.5, p,
    )
    _check(steps, {
        "units": [1, 1, 2, 0], "gen": [10, 8, 20, 0], "batt": [2, -4, 4, -4],
        "soc": [0.2, 0.4, 0.2, 0.4], "unserved": [0, 0, 1, 0],
        "curtailed": [0, 0, 0, 6], "cap_short": [0, 0, 1, 0], "fuel": [3.5, 3, 7, 0],
    })
    _check(totals, {
        "load_kwh": 20.5, "served_kwh": 20, "unserved_kwh": 0.5, "unserved_max_kw": 1,
        "unserved_h": 0.5, "unserved_longest_h": 0.5, "pv_kwh": 5, "curtailed_kwh": 3,
        "dumped_kwh": 0, "gen_kwh": 19, "gen_max_kw": 20, "unit_h": 2, "fleet_h": 1.5,
        "starts": 2, "fuel_l": 6.75, "ch_kwh": 4, "dis_kwh": 3, "ch_gen_kwh": 2,
        "e_end_kwh": 4, "cap_short_kwh": 0.5, "cap_short_max_kw": 1, "max_units": 2,
        "cap_short_h": 0.5,
    })
    _check_balance(steps)

    # -- Case C: no battery, wind, a=0 then a=1, m=0.5, both strategies, dt=1 ---
    # P_w=2*1=2, L=5 -> D=3 each step; E_r=0 so both availabilities are 0.
    # t0: a=0 -> n=0, short=c=3, G=0, U=3.
    # t1: a=1 -> n=ceil(3*.1)=1, P_lo=5, G=clip(3,5,10)=5 > 3 -> X=2,
    #     ch_gen=min(2,0)=0, dumped=2. F=1+.25*5=2.25. (CC: room=0 -> same.)
    for strategy in ("load_following", "cycle_charging"):
        p = dict(_BASE, e_kwh=0.0, wind_n=2, min_load=0.5, r_load=0.0, strategy=strategy)
        totals, steps = naive_dispatch([5.0, 5.0], [0.0, 0.0], [1.0, 1.0], [0.0, 1.0], 1.0, p)
        _check(steps, {
            "units": [0, 1], "gen": [0, 5], "unserved": [3, 0], "dumped": [0, 2],
            "cap_short": [3, 0], "soc": [0, 0], "batt": [0, 0], "fuel": [0, 2.25],
        })
        _check(totals, {
            "unserved_kwh": 3, "unserved_h": 1, "wind_kwh": 4, "dumped_kwh": 2,
            "gen_kwh": 5, "starts": 1, "fuel_l": 2.25, "e_end_kwh": 0, "cap_short_h": 1,
        })
        _check_balance(steps)

    # -- Case D: n_units = 0 -> never any unit, everything not covered is unserved
    p = dict(_BASE, n_units=0, e_kwh=0.0, r_load=0.0)
    totals, steps = naive_dispatch([4.0, 6.0], [0.0, 0.0], [0.0, 0.0], [1.0, 1.0], 1.0, p)
    assert steps["units"] == [0, 0] and totals["starts"] == 0
    _check(totals, {"unserved_kwh": 10, "unserved_longest_h": 2, "cap_short_kwh": 10})


if __name__ == "__main__":
    _selfcheck()
    print("naive.py self-check OK")
