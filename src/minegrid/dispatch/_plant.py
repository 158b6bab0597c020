"""The compiled plant kernel (numba): several genset types. Private to :mod:`minegrid.dispatch`.

The rules are those of the one-fleet kernel (:mod:`._kernel`), with the
gensets as a plant of ``K`` types in merit order (``docs/theory/gensets.md``):
commitment fills the capacity asked for type by type, each between the units
its minimum run and down times force on or keep off; output above the
running units' minimums goes to the types in merit order; fuel follows each
type's linear curve or part-load table. With one type and no timing rules it
gives the one-fleet kernel's results (tested to 1e-9; the one-fleet kernel
itself runs such plants).

Designs run as the one-fleet kernel's do, ``BLOCK`` at a time in lockstep
(time the outer loop, designs the inner one, no data-dependent branch inside,
so LLVM vectorises across designs; the loop is :func:`._plant_steps._steps`).
For the types:

* the number of types is a literal of the runner: one runner per number of
  types up to :data:`MAX_UNROLLED` and per kind of block (cycle charging or
  not, economic dispatch or not, the N-1 rule or not: a search without the rule
  does not pay for its loops), created and compiled on first use, so LLVM
  unrolls the loops over types inside the loop over designs (it vectorises
  inner loops only); more types share a generic runner, in lockstep but not
  vectorised;
* :func:`plan_blocks` groups designs into blocks of one kind, with the same
  minimum run and down times (in steps) per type, and with or without a
  part-load table: a block's windows of recent starts and stops are then read
  at the same slots, and a block without tables skips their arithmetic;
* a block's constants and state live in one flat array indexed
  ``row * BLOCK + j`` (one array, so that LLVM needs no run-time check that
  two arrays do not overlap): the one-fleet kernel's rows (from
  :func:`._kernel._constants`, so the two kernels share every battery, reserve
  and converter constant), then the types' rows, ``row0 + X * nt + k``.

Trajectories run the same loop (a recorded design fills its block), compiled
apart. The arithmetic of a design and the order of every sum over types are
those of the scalar kernel that simulated one design at a time
(``tests/plant_scalar.py``), its branches written as selects: the results are
that kernel's, bit for bit (tested), and a design's result does not depend on
the block it lands in or on its neighbours.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from . import _kernel as K
from ._kernel import BLOCK
from ._plant_rows import (  # noqa: F401 (the layouts of the fleet rows and results)
    F_C_FIX,
    F_C_MAR,
    F_F0,
    F_F1,
    F_MD,
    F_MIN_LOAD,
    F_MR,
    F_N,
    F_T0,
    F_TABLE,
    F_UNIT_KW,
    FS_FLEET_H,
    FS_FUEL,
    FS_GEN_KWH,
    FS_MAX_UNITS,
    FS_STARTS,
    FS_UNIT_H,
    FT_FUEL,
    FT_KW,
    FT_UNITS,
    N_FLEET,
    N_FLEET_STATS,
    N_FLEET_TRAJ,
    N_TA,
    N_TC,
    TA_FS,
    TC_CFIX,
    TC_CMAR,
    TC_F0U,
    TC_F1,
    TC_INVU,
    TC_N,
    TC_PMIN,
    TC_T0,
    TC_TABLE,
    TC_UNIT_KW,
    TC_WD,
    TC_WR,
    n_rows,
)
from ._plant_steps import _steps

#: Largest number of types with a runner of its own (loops over types unrolled).
MAX_UNROLLED = 8


@njit(cache=True, nogil=True, error_model="numpy")
def _prepare(params, fleets, order, lo, size, dt, peak, P, S, wr, wd, nt):
    """Fill ``P``, the block's rows ``S`` and windows ``wr``, ``wd`` for the designs
    ``order[lo : lo + size]`` (empty slots: copies of the first). Returns the one-fleet
    state rows (for ``_kernel._finish``) and the ring length."""
    B = BLOCK
    a0 = (K.N_C + (N_TC + 3) * nt) * B
    for j in range(B):
        src = order[lo + j] if j < size else order[lo]
        for r in range(K.N_PARAMS):
            P[r, j] = params[src, r]
    C1, A1 = K._constants(P, dt, peak)
    for r in range(S.shape[0]):
        S[r] = 0.0
    for r in range(K.N_C * B):
        S[r] = C1[r]
    for r in range(K.N_A * B):
        S[a0 + r] = A1[r]
    for j in range(B):
        F = fleets[order[lo + j] if j < size else order[lo]]
        for k in range(nt):
            unit_kw = F[k, F_UNIT_KW]
            row = K.N_C + k
            S[(row + TC_UNIT_KW * nt) * B + j] = unit_kw
            S[(row + TC_N * nt) * B + j] = F[k, F_N]
            S[(row + TC_PMIN * nt) * B + j] = F[k, F_MIN_LOAD] * unit_kw
            S[(row + TC_INVU * nt) * B + j] = 1.0 / unit_kw if unit_kw > 0.0 else 0.0
            S[(row + TC_F0U * nt) * B + j] = F[k, F_F0] * unit_kw
            S[(row + TC_F1 * nt) * B + j] = F[k, F_F1]
            S[(row + TC_TABLE * nt) * B + j] = F[k, F_TABLE]
            for p in range(5):
                S[(row + (TC_T0 + p) * nt) * B + j] = F[k, F_T0 + p]
            S[(row + TC_CFIX * nt) * B + j] = F[k, F_C_FIX]
            S[(row + TC_CMAR * nt) * B + j] = F[k, F_C_MAR]
    # the block's windows (the same for every design of the block), as range(1, int(MR))
    F = fleets[order[lo]]
    for k in range(nt):
        wr[k] = max(int(F[k, F_MR]) - 1, 0)
        wd[k] = max(int(F[k, F_MD]) - 1, 0)
        for j in range(B):
            S[(K.N_C + TC_WR * nt + k) * B + j] = 1.0 if wr[k] > 0 else 0.0
            S[(K.N_C + TC_WD * nt + k) * B + j] = 1.0 if wd[k] > 0 else 0.0
    return A1, max(wr.max(), wd.max()) + 1


@njit(cache=True, nogil=True, error_model="numpy")
def _collect(load, pv_pu, wind_pu, P, S, A1, dt, order, lo, size, out, fout, nt):
    """The block's statistics into the rows of its designs of ``out`` and ``fout``."""
    B = BLOCK
    a0 = (K.N_C + (N_TC + 3) * nt) * B
    res = np.empty((K.N_STATS, B))
    for r in range(K.N_A * B):
        A1[r] = S[a0 + r]
    K._finish(load, pv_pu, wind_pu, P, A1, dt, res)
    for j in range(size):
        i = order[lo + j]
        for r in range(K.N_STATS):
            out[i, r] = res[r, j]
        for k in range(nt):
            for s in range(N_FLEET_STATS):
                scale = 1.0 if s == FS_MAX_UNITS or s == FS_STARTS else dt
                fout[i, k, s] = S[a0 + (K.N_A + (TA_FS + s) * nt + k) * B + j] * scale


@njit(cache=True, nogil=True, error_model="numpy")
def _run_blocks(load, pv_pu, wind_pu, avail, inv_avail, fuel_mult, dt, peak, params, fleets,
                order, starts, b0, b1, out, fout, traj, ftraj, nt, cycle_charging, economic,
                n1_rule, record):
    """Statistics of the designs of blocks ``b0 .. b1 - 1``, as the one-fleet kernel's
    ``_run_blocks``: ``order`` lists the designs grouped into blocks, ``starts`` the first
    position of each block, plus an end marker. With ``record``, the first design of block
    ``b0`` alone (in every slot of its block), its trajectories written into ``traj``
    (n, N_TRAJ) and ``ftraj``. ``nt`` and ``record`` are literals of the runner, and so are
    ``cycle_charging``, ``economic`` and ``n1_rule`` (the kind of every block) for
    statistics."""
    B = BLOCK
    P = np.empty((K.N_PARAMS, B))
    # the block's rows 64-byte aligned (numba aligns arrays to 32 bytes): a row of BLOCK
    # float64 is then two AVX-512 vectors, none across two cache lines
    buf = np.empty(n_rows(nt) * B + 8)
    at = ((64 - buf.ctypes.data % 64) % 64) // 8
    S = buf[at:at + n_rows(nt) * B]
    wr = np.zeros(nt, dtype=np.int64)
    wd = np.zeros(nt, dtype=np.int64)
    for blk in range(b0, b0 + 1 if record else b1):
        lo = starts[blk]
        size = 1 if record else starts[blk + 1] - lo
        A1, nr = _prepare(params, fleets, order, lo, size, dt, peak, P, S, wr, wd, nt)
        ring = np.zeros(2 * nt * nr * B)
        with_table = 0.0  # types of designs of the block with a part-load table
        for r in range((K.N_C + TC_TABLE * nt) * B, (K.N_C + (TC_TABLE + 1) * nt) * B):
            with_table += 1.0 if S[r] != 0.0 else 0.0
        tables = with_table > 0.0
        _steps(load, pv_pu, wind_pu, avail, inv_avail, fuel_mult, dt, S, ring, wr, wd, nr,
               traj, ftraj, nt, cycle_charging, economic, n1_rule, tables, record)
        _collect(load, pv_pu, wind_pu, P, S, A1, dt, order, lo, size, out, fout, nt)


_RUNNERS = {}


def _runner(nt: int, kind: int, record: bool):
    """The compiled runner for ``nt`` types of blocks of one kind (cycle charging + 2
    economic + 4 the N-1 rule), or recording trajectories: the number of types, the mode and, for
    statistics, the kind are literals in it, so LLVM specialises the loop to them (a
    recording runner serves every kind, with the kind at run time). Created on first use;
    numba compiles it on its first call (or loads it from its cache). More than
    :data:`MAX_UNROLLED` types share one runner per kind, with ``nt`` at run time."""
    key = (nt if nt <= MAX_UNROLLED else 0, -1 if record else kind)
    if key in _RUNNERS:
        return _RUNNERS[key]
    cc, ec, n1 = bool(kind & 1), bool(kind & 2), bool(kind & 4)
    n_types = key[0]
    if record and n_types:
        @njit(cache=True, nogil=True)
        def run(load, pv_pu, wind_pu, avail, inv_avail, fuel_mult, dt, peak, params, fleets,
                order, starts, b0, b1, out, fout, traj, ftraj):
            i = order[starts[b0]]
            _run_blocks(load, pv_pu, wind_pu, avail, inv_avail, fuel_mult, dt, peak, params,
                        fleets, order, starts, b0, b1, out, fout, traj, ftraj, n_types,
                        params[i, K.P_STRATEGY] == 1.0, params[i, K.P_BDISPATCH] == 2.0,
                        params[i, K.P_N1] > 0.0, True)
    elif record:
        @njit(cache=True, nogil=True)
        def run(load, pv_pu, wind_pu, avail, inv_avail, fuel_mult, dt, peak, params, fleets,
                order, starts, b0, b1, out, fout, traj, ftraj):
            i = order[starts[b0]]
            _run_blocks(load, pv_pu, wind_pu, avail, inv_avail, fuel_mult, dt, peak, params,
                        fleets, order, starts, b0, b1, out, fout, traj, ftraj, fleets.shape[1],
                        params[i, K.P_STRATEGY] == 1.0, params[i, K.P_BDISPATCH] == 2.0,
                        params[i, K.P_N1] > 0.0, True)
    elif n_types:
        @njit(cache=True, nogil=True)
        def run(load, pv_pu, wind_pu, avail, inv_avail, fuel_mult, dt, peak, params, fleets,
                order, starts, b0, b1, out, fout, traj, ftraj):
            _run_blocks(load, pv_pu, wind_pu, avail, inv_avail, fuel_mult, dt, peak, params,
                        fleets, order, starts, b0, b1, out, fout, traj, ftraj, n_types, cc, ec,
                        n1, False)
    else:
        @njit(cache=True, nogil=True)
        def run(load, pv_pu, wind_pu, avail, inv_avail, fuel_mult, dt, peak, params, fleets,
                order, starts, b0, b1, out, fout, traj, ftraj):
            _run_blocks(load, pv_pu, wind_pu, avail, inv_avail, fuel_mult, dt, peak, params,
                        fleets, order, starts, b0, b1, out, fout, traj, ftraj, fleets.shape[1],
                        cc, ec, n1, False)
    _RUNNERS[key] = run
    return run


def plan_blocks(params, fleets, i0, i1):
    """Group designs ``i0 .. i1 - 1`` into blocks: ``(order, starts, ranges)``.

    ``order`` lists the designs by group (kind, part-load table or not, then minimum run and
    down times per type, in steps),
    ``starts`` the first position of each block of at most ``BLOCK`` designs of one group
    (plus an end marker) and ``ranges`` ``(kind, b0, b1)`` the runs of blocks of one kind.
    """
    idx = np.arange(i0, i1, dtype=np.int64)
    kind = ((params[idx, K.P_STRATEGY] == 1.0).astype(np.int64)
            + 2 * (params[idx, K.P_BDISPATCH] == 2.0) + 4 * (params[idx, K.P_N1] > 0.0))
    tables = (fleets[idx, :, F_TABLE] != 0.0).any(axis=1)
    windows = np.maximum(np.trunc(fleets[idx][:, :, [F_MR, F_MD]]) - 1.0, 0.0)
    key = np.column_stack([kind, tables, windows.reshape(idx.size, -1)])
    groups, inverse = np.unique(key, axis=0, return_inverse=True)
    inverse = inverse.ravel()
    order = idx[np.argsort(inverse, kind="stable")]
    ends = np.cumsum(np.bincount(inverse, minlength=len(groups)))
    starts, ranges = [], []
    for g, (lo, hi) in enumerate(zip([0, *ends[:-1]], ends, strict=True)):
        first = len(starts)
        starts.extend(range(int(lo), int(hi), BLOCK))
        k = int(groups[g, 0])
        if ranges and ranges[-1][0] == k:  # blocks of one kind run by one call
            ranges[-1] = (k, ranges[-1][1], len(starts))
        else:
            ranges.append((k, first, len(starts)))
    return order, np.asarray([*starts, idx.size], dtype=np.int64), ranges


def run_plant(load, pv_pu, wind_pu, avail, inv_avail, fuel_mult, dt, peak, params, fleets, i0,
              i1, out, fout, traj, ftraj):
    """Statistics of designs ``i0 .. i1 - 1``: ``params`` (m, N_PARAMS) and ``fleets``
    (m, n_types, N_FLEET) -> ``out`` (m, N_STATS) and ``fout`` (m, n_types, N_FLEET_STATS).

    ``avail``, ``inv_avail`` and ``fuel_mult`` are (n_types, n): each type's
    available-capacity factor, its inverse and its fuel multiplier. With a
    non-empty ``traj`` (n, N_TRAJ), design ``i0`` alone is simulated and its
    trajectories written into ``traj`` and ``ftraj`` (n, n_types, N_FLEET_TRAJ).
    Each design writes only its own rows; the compiled runners release the GIL.
    """
    if traj.shape[0] > 0:
        i1 = i0 + 1
    if i1 <= i0:
        return
    order, starts, ranges = plan_blocks(params, fleets, i0, i1)
    nt = fleets.shape[1]
    record = traj.shape[0] > 0
    for kind, b0, b1 in ranges:
        _runner(nt, kind, record)(load, pv_pu, wind_pu, avail, inv_avail, fuel_mult, dt, peak,
                                   params, fleets, order, starts, b0, b1, out, fout, traj, ftraj)
