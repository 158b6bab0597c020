"""The plant kernel's lockstep loop (numba). Private to :mod:`minegrid.dispatch`.

:mod:`._plant` says how designs run in blocks, :mod:`._plant_rows` holds the row
layouts and this module the loop, :func:`_steps`. The loop over designs is written out
in full, with no call inside but the scalar N-1 and motor-start functions of
:mod:`._checks`, which numba inlines: numba's ``inline="always"`` helpers that take
arrays stop LLVM from vectorising it, and LLVM does not always inline plain ones.
Every branch of the rules is a select between values computed on both sides,
so the loop over designs has no data-dependent branch; the number of types
``nt`` is a literal, so LLVM unrolls the loops over types inside it and the
row offsets are constants.
"""

from __future__ import annotations

from numba import njit, types
from numba.core import cgutils
from numba.extending import intrinsic

from . import _checks as X
from . import _kernel as K
from . import _plant_rows as R
from ._checks import _ceil
from ._kernel import BLOCK


@intrinsic
def _copy_row(typingctx, dst, dst_at, src, src_at):
    """``dst[dst_at : dst_at + BLOCK] = src[src_at : src_at + BLOCK]`` as one memcpy: a
    block row between the ring and the block's array, at offsets known at run time only
    (as a loop, LLVM could not vectorise it: it cannot tell the arrays apart)."""
    def codegen(context, builder, signature, args):
        d = context.make_array(signature.args[0])(context, builder, args[0])
        s = context.make_array(signature.args[2])(context, builder, args[2])
        cgutils.raw_memcpy(builder, builder.gep(d.data, [args[1]]), builder.gep(s.data, [args[3]]),
                           context.get_constant(types.intp, BLOCK), 8)
        return context.get_dummy_value()
    return types.void(dst, types.intp, src, types.intp), codegen


@njit(cache=True, nogil=True, error_model="numpy")
def _fuel_tables(S, nt):
    """The step's fuel of each type and of the plant in a block with part-load tables, from
    the units and output of the types (rows NU and G), accumulated (the lockstep loop added
    0.0 instead): the line, or the table in x = 4 g / (n P) (segment min(int(x), 3), as a
    ladder of selects)."""
    B = BLOCK
    span = nt * B
    c_unit = (K.N_C + R.TC_UNIT_KW * nt) * B
    c_f0u = (K.N_C + R.TC_F0U * nt) * B
    c_f1 = (K.N_C + R.TC_F1 * nt) * B
    c_table = (K.N_C + R.TC_TABLE * nt) * B
    c_t0 = (K.N_C + R.TC_T0 * nt) * B
    p_fm = (K.N_C + R.N_TC * nt) * B + 2 * span
    a0 = (K.N_C + (R.N_TC + 3) * nt) * B
    a_nu = a0 + (K.N_A + R.TA_NU * nt) * B
    a_g = a0 + (K.N_A + R.TA_G * nt) * B
    a_f = a0 + (K.N_A + R.TA_F * nt) * B
    a_fuel = a0 + (K.N_A + (R.TA_FS + R.FS_FUEL) * nt) * B
    a_tr = a0 + (K.N_A + R.N_TA * nt) * B
    for j in range(B):
        fuel_rate = 0.0
        for k in range(nt):
            kj = k * B + j
            n = S[a_nu + kj]
            g = S[a_g + kj]
            line = n * S[c_f0u + kj] + S[c_f1 + kj] * g
            x = 4.0 * g / (n * S[c_unit + kj])
            t0 = S[c_t0 + kj]
            t1 = S[c_t0 + span + kj]
            t2 = S[c_t0 + 2 * span + kj]
            t3 = S[c_t0 + 3 * span + kj]
            t4 = S[c_t0 + 4 * span + kj]
            seg = 3.0 if x >= 3.0 else (2.0 if x >= 2.0 else (1.0 if x >= 1.0 else 0.0))
            f_lo = t3 if x >= 3.0 else (t2 if x >= 2.0 else (t1 if x >= 1.0 else t0))
            f_hi = t4 if x >= 3.0 else (t3 if x >= 2.0 else (t2 if x >= 1.0 else t1))
            table = n * (f_lo + (f_hi - f_lo) * (x - seg))
            rate = table if S[c_table + kj] != 0.0 else line
            f = (rate if n > 0.0 else 0.0) * S[p_fm + kj]
            fuel_rate += f
            S[a_fuel + kj] += f
            S[a_f + kj] = f
        S[a0 + K.S_FUEL_L * B + j] += fuel_rate
        S[a_tr + K.T_FUEL * B + j] = fuel_rate


@njit(cache=True, nogil=True, error_model="numpy")
def _steps(load, pv_pu, wind_pu, avail, inv_avail, fuel_mult, dt, S, ring, wr, wd, nr,
           traj, ftraj, nt, cycle_charging, economic, n1_rule, tables, record):
    """Advance a block over all steps (``docs/theory/gensets.md``, the scalar kernel's
    arithmetic and order of sums, ``tests/plant_scalar.py``).

    ``S`` holds the block's constants and state (rows above), ``ring`` the starts
    (window ``wr[k]`` steps) and stops (window ``wd[k]``) of each type over the last
    ``nr`` steps, ``ring[((2 k + s) nr + slot) BLOCK + j]``; ``tables``: some type of
    the block has a part-load table. ``nt`` and ``record`` are literals, and so are
    ``cycle_charging``, ``economic`` and ``n1_rule`` (the N-1 rule of every design of the
    block) for statistics. numba's max(a, b) is
    ``b if b > a else a`` and its min ``b if b < a else a``: the selects below keep
    those.
    """
    B = BLOCK
    span = nt * B  # from one row of a per-type quantity to the next
    c_unit = (K.N_C + R.TC_UNIT_KW * nt) * B
    c_n = (K.N_C + R.TC_N * nt) * B
    c_pmin = (K.N_C + R.TC_PMIN * nt) * B
    c_invu = (K.N_C + R.TC_INVU * nt) * B
    c_f0u = (K.N_C + R.TC_F0U * nt) * B
    c_f1 = (K.N_C + R.TC_F1 * nt) * B
    c_cfix = (K.N_C + R.TC_CFIX * nt) * B
    c_cmar = (K.N_C + R.TC_CMAR * nt) * B
    p_a = (K.N_C + R.N_TC * nt) * B  # the step's availability of each type (in every slot)
    p_ia = p_a + span  # its inverse
    p_fm = p_a + 2 * span  # the fuel multiplier
    a0 = (K.N_C + (R.N_TC + 3) * nt) * B  # the state rows, after the constants
    a_prev = a0 + (K.N_A + R.TA_PREV * nt) * B
    a_must = a0 + (K.N_A + R.TA_MUST * nt) * B
    a_off = a0 + (K.N_A + R.TA_OFF * nt) * B
    a_st = a0 + (K.N_A + R.TA_ST * nt) * B
    a_sp = a0 + (K.N_A + R.TA_SP * nt) * B
    a_lr = a0 + (K.N_A + R.TA_LR * nt) * B
    a_ld = a0 + (K.N_A + R.TA_LD * nt) * B
    c_wr = (K.N_C + R.TC_WR * nt) * B
    c_wd = (K.N_C + R.TC_WD * nt) * B
    a_u = a0 + (K.N_A + R.TA_U * nt) * B
    a_plo = a0 + (K.N_A + R.TA_PLO * nt) * B
    a_hi = a0 + (K.N_A + R.TA_HI * nt) * B
    a_lo = a0 + (K.N_A + R.TA_LO * nt) * B
    a_nb = a0 + (K.N_A + R.TA_NB * nt) * B
    a_ng = a0 + (K.N_A + R.TA_NG * nt) * B
    a_nu = a0 + (K.N_A + R.TA_NU * nt) * B
    a_g = a0 + (K.N_A + R.TA_G * nt) * B
    a_gb = a0 + (K.N_A + R.TA_GB * nt) * B
    a_gg = a0 + (K.N_A + R.TA_GG * nt) * B
    a_f = a0 + (K.N_A + R.TA_F * nt) * B
    a_fs = a0 + (K.N_A + R.TA_FS * nt) * B
    a_tr = a0 + (K.N_A + R.N_TA * nt) * B
    not_tables = 0.0 if tables else 1.0
    for t in range(load.shape[0]):
        load_t = load[t]
        pv_t = pv_pu[t]
        wind_t = wind_pu[t]
        for k in range(nt):  # the step's profiles of the types, in every slot
            a_k = avail[k, t]
            ia_k = inv_avail[k, t]
            fm_k = fuel_mult[k, t]
            for j in range(B):
                S[p_a + k * B + j] = a_k
                S[p_ia + k * B + j] = ia_k
                S[p_fm + k * B + j] = fm_k
        # the windows of the timing rules: what leaves them after this step, the starts and
        # stops of w steps ago (none before the first step)
        for k in range(nt):
            if wr[k] > 0:
                _copy_row(S, a_lr + k * B, ring, ((2 * k) * nr + (t - wr[k]) % nr) * B)
            if wd[k] > 0:
                _copy_row(S, a_ld + k * B, ring, ((2 * k + 1) * nr + (t - wd[k]) % nr) * B)

        for j in range(B):
            aj = a0 + j
            eta_inv = S[K.C_INVETA * B + j]
            iota = S[K.C_IOTA * B + j]
            p_inv = S[K.C_PINV * B + j]
            eta_rec = S[K.C_RECETA * B + j]
            rho = S[K.C_RHO * B + j]
            e = S[aj + K.A_E * B]

            # 1-2. battery capability and renewables (as the one-fleet kernel)
            ppv = S[K.C_PV_KW * B + j] * pv_t
            pwind = S[K.C_WIND_N * B + j] * wind_t
            pd_avail = min(max((e - S[K.C_EMIN * B + j]) * S[K.C_KDIS * B + j], 0.0),
                           S[K.C_PDIS * B + j])
            pc_avail = min(max((S[K.C_EMAX * B + j] - e) * S[K.C_KCH * B + j], 0.0),
                           S[K.C_PCH * B + j])
            nac = load_t - pwind
            d0 = max(nac, 0.0)
            s_w = max(-nac, 0.0)
            pv_ac = min(min(ppv * eta_inv, p_inv), d0)
            s_pv = ppv - pv_ac * iota
            d = d0 - pv_ac
            b = min(pd_avail * eta_inv, p_inv - pv_ac)
            ch_pv = min(s_pv, pc_avail)
            room1 = pc_avail - ch_pv
            ch_w = min(min(s_w, S[K.C_PREC * B + j]), room1 * rho)
            room2 = room1 - ch_w * eta_rec
            rec = S[K.C_PREC * B + j] - ch_w

            # 3. reserve, and the units each type may and must run
            r_ac = ((S[K.C_RL * B + j] * load_t + S[K.C_RW * B + j] * pwind)
                    + S[K.C_RFIX * B + j])
            r_pv = S[K.C_RPV * B + j] * ppv
            x = ((ppv + pd_avail) - r_pv) * eta_inv
            x_cap = min(x, p_inv)
            x = x_cap if S[K.C_INVRES * B + j] > 0.0 else x
            c_req = ((load_t + r_ac) - pwind) - x
            any_u = 0.0
            for k in range(nt):
                kj = k * B + j
                u = S[c_unit + kj] * S[p_a + kj]
                free = S[c_n + kj] - S[a_off + kj]
                hi = free if u > 0.0 else 0.0
                S[a_u + kj] = u
                S[a_plo + kj] = min(S[c_pmin + kj], u)
                S[a_hi + kj] = hi
                S[a_lo + kj] = min(S[a_must + kj], hi)
                any_u = 1.0 if u > 0.0 else any_u
            floor = S[K.C_NMIN * B + j]
            if cycle_charging:
                hold = S[aj + K.A_HOLD * B] * S[K.C_HOLD * B + j]
                e_hold = S[K.C_EHOLD * B + j]
                held = max(floor, 1.0)
                floor = held if ((hold > 0.0) & (e < e_hold) & (any_u > 0.0)) else floor
            need_b = max(c_req, d - b)

            # commit(C, n_floor) of both candidates, side by side: battery first (NB,
            # capacity need_b) and gensets first (NG): every type's lo, then the capacity in
            # merit order, then the floor
            need_g = max(need_b, d)
            floor_g = max(floor, 1.0 if d > 0.0 else 0.0)
            cov_b = 0.0
            units = 0.0
            for k in range(nt):
                kj = k * B + j
                lo = S[a_lo + kj]
                S[a_nb + kj] = lo
                S[a_ng + kj] = lo
                cov_b += lo * S[a_u + kj]
                units += lo
            cov_g = cov_b
            n_gs = units
            for k in range(nt):
                kj = k * B + j
                hi = S[a_hi + kj]
                u = S[a_u + kj]
                scale_b = (need_b - cov_b) * S[c_invu + kj]
                scale_g = (need_g - cov_g) * S[c_invu + kj]
                n = S[a_nb + kj]
                add = min(max(0.0, _ceil(scale_b * S[p_ia + kj])), hi - n)
                fill = hi > n
                n_new = n + add
                cov_new = cov_b + add * u
                cnt_new = units + add
                S[a_nb + kj] = n_new if fill else n
                cov_b = cov_new if fill else cov_b
                units = cnt_new if fill else units
                n = S[a_ng + kj]
                add = min(max(0.0, _ceil(scale_g * S[p_ia + kj])), hi - n)
                fill = hi > n
                n_new = n + add
                cov_new = cov_g + add * u
                cnt_new = n_gs + add
                S[a_ng + kj] = n_new if fill else n
                cov_g = cov_new if fill else cov_g
                n_gs = cnt_new if fill else n_gs
            for k in range(nt):
                kj = k * B + j
                hi = S[a_hi + kj]
                n = S[a_nb + kj]
                add = min(floor - units, hi - n)
                top = (units < floor) & (hi > n)
                n_new = n + add
                cnt_new = units + add
                S[a_nb + kj] = n_new if top else n
                units = cnt_new if top else units
                n = S[a_ng + kj]
                add = min(floor_g - n_gs, hi - n)
                top = (n_gs < floor_g) & (hi > n)
                n_new = n + add
                cnt_new = n_gs + add
                S[a_ng + kj] = n_new if top else n
                n_gs = cnt_new if top else n_gs
            # the N-1 rule (reliability.md "Plants"): in merit order, each type adds the units
            # that hold the load after losing the largest source in service, the battery's
            # capability b counting as reserve
            c0 = d - b
            l_oth = X.other_loss(pv_ac, S[K.C_PVSH * B + j], wind_t, S[K.C_HASW * B + j],
                                 pwind, s_w, b, S[K.C_BATSH * B + j])
            if n1_rule:  # every design of the block, or none, has the rule
                cap_b = 0.0
                big_b = 0.0
                cap_g = 0.0
                big_g = 0.0
                for k in range(nt):
                    kj = k * B + j
                    u = S[a_u + kj]
                    nb = S[a_nb + kj]
                    ng = S[a_ng + kj]
                    cap_b += nb * u
                    cap_g += ng * u
                    big_b = max(big_b, u) if nb > 0.0 else big_b
                    big_g = max(big_g, u) if ng > 0.0 else big_g
                for k in range(nt):
                    kj = k * B + j
                    u = S[a_u + kj]
                    hi = S[a_hi + kj]
                    invu = S[c_invu + kj]
                    ia = S[p_ia + kj]
                    n = S[a_nb + kj]
                    n1 = X.n1_units(n, hi, u, invu, ia, c0, l_oth, big_b, cap_b)
                    S[a_nb + kj] = n1
                    cap_b += (n1 - n) * u
                    units += n1 - n
                    big_b = max(big_b, u) if n1 > 0.0 else big_b
                    n = S[a_ng + kj]
                    n1 = X.n1_units(n, hi, u, invu, ia, c0, l_oth, big_g, cap_g)
                    S[a_ng + kj] = n1
                    cap_g += (n1 - n) * u
                    n_gs += n1 - n
                    big_g = max(big_g, u) if n1 > 0.0 else big_g
            g_lo = 0.0
            g_hi = 0.0
            gg_lo = 0.0
            gg_hi = 0.0
            for k in range(nt):
                kj = k * B + j
                u = S[a_u + kj]
                p_lo = S[a_plo + kj]
                nb = S[a_nb + kj]
                ng = S[a_ng + kj]
                g_lo += nb * p_lo
                g_hi += nb * u
                gg_lo += ng * p_lo
                gg_hi += ng * u

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
                room_sp = max(((S[K.C_ESP * B + j] - e) * S[K.C_KSP * B + j] - ch_pv)
                              - ch_w * eta_rec, 0.0)
                room_cc = min(room_cc, room_sp * rho) if S[K.C_CCLIM * B + j] > 0.0 \
                    else room_cc
            g_g = min(max(d + room_cc, gg_lo), gg_hi)
            dis_g = min(max(d - g_g, 0.0), b)
            u_g = max((d - g_g) - dis_g, 0.0)
            x_g = max(g_g - d, 0.0)

            # 5. the rule of the mode, or the cheaper (economic dispatch)
            cheaper = 0.0
            q = 0.0
            q_avg = 0.0
            if economic:
                q = S[aj + K.A_Q * B]
                q_e = q / e
                q_avg = q_e if e > 0.0 else 0.0
                c_bat = (S[K.C_CWEAR * B + j] + q_avg) * S[K.C_INVD * B + j]
                # each candidate's loading (gensets.md "Loading", into GB and GG): the minimum
                # output of the types after k, summed from the last down, then the split
                suf_b = 0.0
                suf_g = 0.0
                for i in range(nt):
                    kj = (nt - 1 - i) * B + j
                    p_lo = S[a_plo + kj]
                    S[a_gb + kj] = suf_b
                    S[a_gg + kj] = suf_g
                    suf_b += S[a_nb + kj] * p_lo
                    suf_g += S[a_ng + kj] * p_lo
                rem_b = g_b
                rem_g = g_g
                fix_b = 0.0
                mar_b = 0.0
                fix_g = 0.0
                mar_g = 0.0
                for k in range(nt):
                    kj = k * B + j
                    p_lo = S[a_plo + kj]
                    u = S[a_u + kj]
                    n = S[a_nb + kj]
                    g = min(max(rem_b - S[a_gb + kj], n * p_lo), n * u)
                    S[a_gb + kj] = g
                    rem_b -= g
                    fix_b += n * S[c_cfix + kj]
                    mar_b += S[c_cmar + kj] * g
                    n = S[a_ng + kj]
                    g = min(max(rem_g - S[a_gg + kj], n * p_lo), n * u)
                    S[a_gg + kj] = g
                    rem_g -= g
                    fix_g += n * S[c_cfix + kj]
                    mar_g += S[c_cmar + kj] * g
                cost_b = (fix_b + mar_b) + c_bat * (dis_b * iota)
                cost_g = (fix_g + mar_g) + c_bat * (dis_g * iota)
                cheaper = 1.0 if ((u_g < u_b) | ((u_g <= u_b) & (cost_g < cost_b))) else 0.0
            by_rule = S[K.C_MODE_G * B + j] if not cycle_charging else 1.0
            mode_e = S[K.C_MODE_E * B + j]
            sel = ((units > 0.0) & (by_rule > 0.0)) | ((mode_e > 0.0) & (cheaper > 0.0))
            n_tot = n_gs if sel else units
            gen = g_g if sel else g_b
            dis_ac = dis_g if sel else dis_b
            unserved = u_g if sel else u_b
            excess = x_g if sel else x_b
            for k in range(nt):
                kj = k * B + j
                ng = S[a_ng + kj]
                nb = S[a_nb + kj]
                S[a_nu + kj] = ng if sel else nb
            if economic:  # the chosen candidate's loading, computed above
                for k in range(nt):
                    kj = k * B + j
                    gg = S[a_gg + kj]
                    gb = S[a_gb + kj]
                    S[a_g + kj] = gg if sel else gb
            else:
                suffix = 0.0
                for i in range(nt):
                    kj = (nt - 1 - i) * B + j
                    S[a_g + kj] = suffix
                    suffix += S[a_nu + kj] * S[a_plo + kj]
                rem = gen
                for k in range(nt):
                    kj = k * B + j
                    n = S[a_nu + kj]
                    g = min(max(rem - S[a_g + kj], n * S[a_plo + kj]), n * S[a_u + kj])
                    S[a_g + kj] = g
                    rem -= g

            # 6. genset surplus, battery, balance
            ch_g = min(min(excess, rec), room2 * rho)
            dumped = excess - ch_g
            ch = ch_pv + (ch_w + ch_g) * eta_rec
            dis = dis_ac * iota
            e_drawn = dis * S[K.C_CDIS * B + j]
            e = e + ch * S[K.C_CCH * B + j] - e_drawn
            S[aj + K.A_E * B] = e
            if economic:
                c_mar = 0.0
                first = 1.0
                for k in range(nt):  # the marginal type: the last above its minimum
                    kj = k * B + j
                    n = S[a_nu + kj]
                    above = S[a_g + kj] > n * S[a_plo + kj]
                    marginal = (n > 0.0) & ((first > 0.0) | above)
                    c_k = S[c_cmar + kj]
                    c_mar = c_k if marginal else c_mar
                    first = 0.0 if marginal else first
                S[aj + K.A_Q * B] = ((max(q - q_avg * e_drawn, 0.0) + (c_mar * ch_g) * dt)
                                    * mode_e)
            if cycle_charging:
                e_hold = S[K.C_EHOLD * B + j]
                S[aj + K.A_HOLD * B] = 1.0 if ((n_tot > 0.0) & (e < e_hold)) else 0.0
            # the running units: capacity, the largest, the step they accept (reliability.md)
            cap = 0.0
            big = 0.0
            step_kw = 0.0
            f_step = S[K.C_STEPF * B + j]
            for k in range(nt):
                kj = k * B + j
                n = S[a_nu + kj]
                u = S[a_u + kj]
                cap_k = n * u
                cap += cap_k
                big = max(big, u) if n > 0.0 else big
                step_kw += X.genset_step(f_step, cap_k, S[a_g + kj])
            cap_short = max(c_req - cap, 0.0)
            n1_short = X.n1_shortfall(c0, l_oth, big, cap)
            step_kw = step_kw + max(b - dis_ac, 0.0)
            kva = cap * S[K.C_GENKVA * B + j] + S[K.C_BATKVA * B + j]
            refused = X.start_refused(S[K.C_START_KW * B + j], S[K.C_START_KVA * B + j],
                                      step_kw, kva)
            starts = 0.0
            fuel_rate = 0.0
            for k in range(nt):
                kj = k * B + j
                n = S[a_nu + kj]
                g = S[a_g + kj]
                # fuel by the line (a block with part-load tables adds 0.0 here, and its fuel
                # after this loop: acc + 0.0 is acc, the accumulators are never -0.0)
                line = (n * S[c_f0u + kj] + S[c_f1 + kj] * g) * S[p_fm + kj]
                f = line if (n > 0.0) & (not_tables > 0.0) else 0.0
                fuel_rate += f
                S[a_fs + R.FS_FUEL * span + kj] += f
                if record:
                    S[a_f + kj] = f
                prev = S[a_prev + kj]
                st = max(n - prev, 0.0)
                sp = max(prev - n, 0.0)
                S[a_st + kj] = st
                S[a_sp + kj] = sp
                # the windows' sums for the next step, updated (sums of small whole numbers,
                # exact: the scalar kernel's sum over the window, whatever the order)
                must = (S[a_must + kj] + st) - S[a_lr + kj]
                off = (S[a_off + kj] + sp) - S[a_ld + kj]
                S[a_must + kj] = must if S[c_wr + kj] > 0.0 else 0.0
                S[a_off + kj] = off if S[c_wd + kj] > 0.0 else 0.0
                starts += st
                S[a_prev + kj] = n
                S[a_fs + R.FS_UNIT_H * span + kj] += n
                S[a_fs + R.FS_STARTS * span + kj] += st
                S[a_fs + R.FS_GEN_KWH * span + kj] += g
                S[a_fs + R.FS_MAX_UNITS * span + kj] = max(S[a_fs + R.FS_MAX_UNITS * span + kj], n)
                S[a_fs + R.FS_FLEET_H * span + kj] += 1.0 if n > 0.0 else 0.0
            curt_pv = s_pv - ch_pv
            curtailed = curt_pv + (s_w - ch_w)
            inverter = pv_ac + dis_ac
            rectifier = ch_w + ch_g

            has_unserved = 1.0 if unserved > 0.0 else 0.0
            run = (S[aj + K.A_RUN * B] + 1.0) * has_unserved
            S[aj + K.A_RUN * B] = run
            S[aj + K.S_UNSERVED_LONGEST_H * B] = max(S[aj + K.S_UNSERVED_LONGEST_H * B], run)
            S[aj + K.S_UNSERVED_H * B] += has_unserved
            S[aj + K.S_UNSERVED_KWH * B] += unserved
            S[aj + K.S_UNSERVED_MAX_KW * B] = max(S[aj + K.S_UNSERVED_MAX_KW * B], unserved)
            S[aj + K.S_CURTAILED_KWH * B] += curtailed
            S[aj + K.S_CURTAILED_MAX_KW * B] = max(S[aj + K.S_CURTAILED_MAX_KW * B], curtailed)
            S[aj + K.S_CURT_PV_KWH * B] += curt_pv
            S[aj + K.S_DUMPED_KWH * B] += dumped
            S[aj + K.S_GEN_KWH * B] += gen
            S[aj + K.S_GEN_MAX_KW * B] = max(S[aj + K.S_GEN_MAX_KW * B], gen)
            S[aj + K.S_UNIT_H * B] += n_tot
            S[aj + K.S_FLEET_H * B] += 1.0 if n_tot > 0.0 else 0.0
            S[aj + K.S_STARTS * B] += starts
            S[aj + K.S_FUEL_L * B] += fuel_rate
            S[aj + K.S_MAX_UNITS * B] = max(S[aj + K.S_MAX_UNITS * B], n_tot)
            S[aj + K.S_CH_KWH * B] += ch
            S[aj + K.S_DIS_KWH * B] += dis
            S[aj + K.S_CH_GEN_KWH * B] += ch_g * eta_rec
            S[aj + K.S_CAP_SHORT_KWH * B] += cap_short
            S[aj + K.S_CAP_SHORT_MAX_KW * B] = max(S[aj + K.S_CAP_SHORT_MAX_KW * B], cap_short)
            S[aj + K.S_CAP_SHORT_H * B] += 1.0 if cap_short > 0.0 else 0.0
            S[aj + K.S_INV_KWH * B] += inverter
            S[aj + K.S_REC_KWH * B] += rectifier
            S[aj + K.S_N1_KWH * B] += n1_short
            S[aj + K.S_N1_H * B] += 1.0 if n1_short > 0.0 else 0.0
            S[aj + K.S_N1_MAX_KW * B] = max(S[aj + K.S_N1_MAX_KW * B], n1_short)
            S[aj + K.S_START_H * B] += refused

            if record:  # the step's values, slot 0 copied out below
                S[a_tr + K.T_GEN * B + j] = gen
                S[a_tr + K.T_UNITS * B + j] = n_tot
                S[a_tr + K.T_BATT * B + j] = dis - ch
                S[a_tr + K.T_UNSERVED * B + j] = unserved
                S[a_tr + K.T_CURTAILED * B + j] = curtailed
                S[a_tr + K.T_DUMPED * B + j] = dumped
                S[a_tr + K.T_RESERVE * B + j] = r_ac + r_pv
                S[a_tr + K.T_CAP_SHORT * B + j] = cap_short
                S[a_tr + K.T_FUEL * B + j] = fuel_rate
                S[a_tr + K.T_CURT_PV * B + j] = curt_pv
                S[a_tr + K.T_INV * B + j] = inverter
                S[a_tr + K.T_REC * B + j] = rectifier
                S[a_tr + K.T_N1 * B + j] = n1_short
                S[a_tr + K.T_STEP * B + j] = step_kw
                S[a_tr + K.T_KVA * B + j] = kva

        if tables:  # the fuel of a block with part-load tables, in a loop of its own
            _fuel_tables(S, nt)

        if record:  # the trajectories of slot 0
            traj[t, K.T_LOAD] = load_t
            traj[t, K.T_PV] = S[K.C_PV_KW * B] * pv_t
            traj[t, K.T_WIND] = S[K.C_WIND_N * B] * wind_t
            for c in range(K.T_GEN, K.N_TRAJ):
                traj[t, c] = S[a_tr + c * B]
            e_rated = S[K.C_E_RATED * B]
            traj[t, K.T_SOC] = S[a0 + K.A_E * B] / e_rated if e_rated > 0.0 else 0.0
            for k in range(nt):
                ftraj[t, k, R.FT_UNITS] = S[a_nu + k * B]
                ftraj[t, k, R.FT_KW] = S[a_g + k * B]
                ftraj[t, k, R.FT_FUEL] = S[a_f + k * B]

        # this step's starts and stops into the windows
        for k in range(nt):
            if wr[k] > 0:
                _copy_row(ring, ((2 * k) * nr + t % nr) * B, S, a_st + k * B)
            if wd[k] > 0:
                _copy_row(ring, ((2 * k + 1) * nr + t % nr) * B, S, a_sp + k * B)
