"""Runners of the one-fleet kernel over blocks of designs. Private to :mod:`minegrid.dispatch`.

:func:`_run_blocks` drives :func:`~minegrid.dispatch._kernel._steps` over blocks of
``BLOCK`` designs; each runner (:func:`runner`: one per kind of block, with full
statistics or the statistics a search reads, :data:`~minegrid.dispatch._kernel.SEARCH_STATS`)
passes it the kind of block as literals, so it holds copies of the loop specialised to
its kind and variant:

* a vectorised copy for blocks of several designs (all ``BLOCK`` slots advance in
  lockstep; empty slots hold copies of the block's first design);
* a scalar copy (slot 0 only) for a block of one design, which also records the
  trajectories of one design: one design alone, in ``simulate`` or a polish step, does
  not pay for fifteen copies of itself. It keeps every statistic in both variants, so
  the two variants of a kind share it (numba compiles it once).

The arithmetic per design is the same in both copies and in both variants, so a
design's result does not depend on its block, its neighbours or the number of
threads (tested), and the search variant's statistics equal the full ones (the
fuel to rounding). numba compiles a runner on its first call only.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from . import _kernel as K

BLOCK = K.BLOCK
_NOT_SEARCH = tuple(k for k in range(K.N_STATS) if k not in K.SEARCH_STATS)


@njit(cache=True, nogil=True)
def _run_blocks(load, pv_pu, wind_pu, inv_avail, avail, fuel_mult, dt, peak, params, order,
                starts, b0, b1, out, traj, cycle_charging, economic, one_bus, battery_first,
                full, checks, motor, rule):
    """Statistics for blocks ``b0 .. b1 - 1`` of a batch: ``params`` (m, N_PARAMS) -> ``out``.

    ``order`` lists the designs grouped by kind (strategy, and economic
    dispatch or not) and ``starts`` the first position of each block in
    ``order`` (plus a final end marker); a block holds at most ``BLOCK``
    designs of one kind. Each block writes only its own designs' rows of
    ``out`` (m, N_STATS), and the function releases the GIL, so threads can
    run disjoint block ranges at once. ``cycle_charging``, ``economic``,
    ``one_bus``, ``battery_first``, ``checks``, ``motor`` (the kind of every block in the
    range: with ``checks`` or ``motor`` False the blocks of several designs leave out the
    N-1 or the motor-start check; with ``rule`` False, the N-1 rule's commitment)
    and ``full`` (all statistics, or the search's) are literals of the runners
    (:func:`runner`).

    With a non-empty ``traj`` (n, N_TRAJ), only the first design of block
    ``b0`` is simulated and its trajectories are written into ``traj``.
    """
    P = np.empty((K.N_PARAMS, BLOCK))
    res = np.empty((K.N_STATS, BLOCK))
    C = K._aligned(K.N_C * BLOCK)
    A = K._aligned(K.N_A * BLOCK)
    record = traj.shape[0] > 0
    for b in range(b0, b0 + 1 if record else b1):
        lo = starts[b]
        size = 1 if record else starts[b + 1] - lo
        for j in range(BLOCK):
            src = order[lo + j] if j < size else order[lo]
            for k in range(K.N_PARAMS):
                P[k, j] = params[src, k]
        K._fill_constants(P, dt, peak, C, A)
        if size == 1:  # slot 0 alone: the other slots hold copies of it. Every statistic
            # (one compiled copy for both variants: the search's finish reads its own)
            K._steps(load, pv_pu, wind_pu, inv_avail, avail, fuel_mult, dt, C, A,
                     cycle_charging, economic, traj, record, 1, True, one_bus, battery_first)
        else:
            K._steps(load, pv_pu, wind_pu, inv_avail, avail, fuel_mult, dt, C, A,
                     cycle_charging, economic, traj, False, BLOCK, full, one_bus,
                     battery_first, checks, motor, rule)
        if full:
            K._finish(load, pv_pu, wind_pu, P, A, dt, res)
        else:
            _finish_search(load, pv_pu, wind_pu, P, C, A, dt, fuel_mult[0], res)
        for j in range(size):
            for k in range(K.N_STATS):
                out[order[lo + j], k] = res[k, j]


@njit(cache=True, nogil=True)
def _finish_search(load, pv_pu, wind_pu, P, C, A, dt, fuel_mult, out):
    """The kernel's ``_finish`` for the search variant: the statistics of ``SEARCH_STATS``,
    the others NaN; fuel ``(F0·P_u·unit-h + F1·genset energy)·multiplier`` with the
    constant multiplier ``fuel_mult``."""
    K._finish(load, pv_pu, wind_pu, P, A, dt, out)
    for j in range(K.BLOCK):
        fuel = (A[K.S_UNIT_H * BLOCK + j] * C[K.C_F0U * BLOCK + j]
                + C[K.C_F1 * BLOCK + j] * A[K.S_GEN_KWH * BLOCK + j]) * fuel_mult
        for k in _NOT_SEARCH:
            out[k, j] = np.nan
        out[K.S_FUEL_L, j] = fuel * dt


_RUNNERS = {}


def runner(kind: int, full: bool):
    """The compiled runner of blocks of one kind: ``kind`` is cycle charging + 2 economic
    dispatch + 4 one AC bus + 8 battery first + 16 without the N-1 check + 32 without the
    motor-start check + 64 without the N-1 rule
    (:func:`minegrid.dispatch.run.kinds`),
    ``full`` all statistics or the search's. Its flags are literals in it, so LLVM
    compiles copies of the loop specialised to them, dropping the rules and statistics
    they do not use. Created on first use; numba compiles it on its first call (or loads
    it from its cache, which keys closures by their flags): a session that simulates one
    kind and sizes it compiles two runners."""
    key = (int(kind), bool(full))
    if key in _RUNNERS:
        return _RUNNERS[key]
    cc, ec, one_bus, battery_first = (bool(kind & 1), bool(kind & 2), bool(kind & 4),
                                      bool(kind & 8))
    checks = not kind & 16
    motor = not kind & 32
    rule = not kind & 64
    full = bool(full)

    @njit(cache=True, nogil=True)
    def run(load, pv_pu, wind_pu, inv_avail, avail, fuel_mult, dt, peak, params, order,
            starts, b0, b1, out, traj):
        _run_blocks(load, pv_pu, wind_pu, inv_avail, avail, fuel_mult, dt, peak, params,
                    order, starts, b0, b1, out, traj, cc, ec, one_bus, battery_first, full,
                    checks, motor, rule)

    _RUNNERS[key] = run
    return run


#: Number of kinds of block (the ``kind`` of :func:`runner`).
N_KINDS = 128
