"""The N-1 and motor-start checks of one step (numba). Private to :mod:`minegrid.dispatch`.

Scalar functions of ``docs/theory/reliability.md``, shared by the plant kernel's
lockstep loop (:mod:`._plant_steps`) and the predictive kernel (:mod:`._predictive`);
the one-fleet rule kernel (:mod:`._kernel`) writes the same arithmetic out in its loop.
They take and return floats only and are inlined by numba (``inline="always"``), so
the plant's loop over designs stays one body without calls, which LLVM vectorises
(a helper that takes arrays would stop it). Symbols of one step: ``c0 = D − B`` the
net load left after wind, PV and the battery's whole capability [kW]; ``l_other`` the
largest loss of a source other than a genset [kW]; ``largest`` the available rating
of the largest running unit (0 with none) [kW]; ``cap`` the running units' available
capacity ``Σ n_k·u_k`` [kW].
"""

from __future__ import annotations

from llvmlite import ir
from numba import njit, types
from numba.extending import intrinsic


@intrinsic
def _ceil(typingctx, x):
    """``np.ceil`` of a float64 (the same LLVM intrinsic), without numba's ufunc typing, which
    costs seconds of compile time over the ceilings of the plant's unrolled loops."""
    def codegen(context, builder, signature, args):
        fn = builder.module.declare_intrinsic("llvm.ceil", [ir.DoubleType()])
        return builder.call(fn, args)
    return types.float64(types.float64), codegen


@njit(cache=True, nogil=True, inline="always")
def other_loss(pv_ac, pv_share, wind_t, has_wind, pwind, s_w, b, bat_share):
    """The largest loss other than a genset: a PV block at its share of the PV serving the
    load, one turbine (its output, at most the wind serving the load), a battery block at
    its share of the capability ``b``. [kW]"""
    return max(max(pv_ac * pv_share, min(wind_t * has_wind, pwind - s_w)), b * bat_share)


@njit(cache=True, nogil=True, inline="always")
def n1_shortfall(c0, l_other, largest, cap):
    """``max(0, (D − B) + max(L_o, largest) − cap)``: load left uncovered after losing the
    largest source in service. [kW]"""
    return max((c0 + max(l_other, largest)) - cap, 0.0)


@njit(cache=True, nogil=True, inline="always")
def n1_units(n, hi, u, invu, inv_a, c0, l_other, largest, cap):
    """A type's units after the N-1 rule, the others as they are: ``n`` running of ``hi``
    that may, of available rating ``u = P·a`` (``invu = 1/P``, ``inv_a = 1/a``).

    The fewest that make the shortfall zero with this type running,
    ``⌈((D − B) + max(L_o, max(largest, u)·[D − B > 0]) − (cap − n·u))·(1/P)·(1/a)⌉``
    (with ``D − B ≤ 0`` losing a genset leaves the others carrying ``D − B``), at most
    ``hi``, never fewer than ``n``. A type with no unit running is skipped when the
    shortfall is already zero (for a running type the ceiling gives ``n`` then, in exact
    arithmetic; with one type this is the one-fleet rule's ceiling exactly).
    """
    short = n1_shortfall(c0, l_other, largest, cap)
    big = max(largest, u) if c0 > 0.0 else 0.0
    want = max(0.0, _ceil(((c0 + max(l_other, big)) - (cap - n * u)) * invu * inv_a))
    grown = max(n, min(want, hi))
    return grown if (u > 0.0) & ((short > 0.0) | (n > 0.0)) else n


@njit(cache=True, nogil=True, inline="always")
def genset_step(step_fraction, cap, gen):
    """Load step running units of capacity ``cap`` carrying ``gen`` accept:
    ``min(f_step·cap, max(cap − gen, 0))`` (ISO 8528-5 within the spinning headroom). [kW]"""
    return min(step_fraction * cap, max(cap - gen, 0.0))


@njit(cache=True, nogil=True, inline="always")
def start_refused(start_kw, start_kva, step_kw, start_cap_kva):
    """1 when the largest start (``start_kw > 0``) exceeds the accepted step in kW or the
    short-time capability in kVA, else 0. [-]"""
    big = (start_kw > step_kw) | (start_kva > start_cap_kva)
    return 1.0 if (start_kw > 0.0) & big else 0.0
