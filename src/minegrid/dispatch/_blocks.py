"""Runners of the one-fleet kernel over blocks of designs. Private to :mod:`minegrid.dispatch`.

:func:`_run_blocks` drives :func:`~minegrid.dispatch._kernel._steps` over blocks of
``BLOCK`` designs; the runners in :data:`RUN_BLOCKS` (full statistics) and
:data:`RUN_BLOCKS_SEARCH` (the statistics a search reads,
:data:`~minegrid.dispatch._kernel.SEARCH_STATS`) pass it the kind of block as literals,
so each holds copies of the loop specialised to its kind and variant:

* a vectorised copy for blocks of several designs (all ``BLOCK`` slots advance in
  lockstep; empty slots hold copies of the block's first design);
* a scalar copy (slot 0 only) for a block of one design, which also records the
  trajectories of one design: one design alone, in ``simulate`` or a polish step, does
  not pay for fifteen copies of itself.

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


@njit(cache=True, nogil=True)
def _run_blocks(load, pv_pu, wind_pu, inv_avail, avail, fuel_mult, dt, peak, params, order,
                starts, b0, b1, out, traj, cycle_charging, economic, full):
    """Statistics for blocks ``b0 .. b1 - 1`` of a batch: ``params`` (m, N_PARAMS) -> ``out``.

    ``order`` lists the designs grouped by kind (strategy, and economic
    dispatch or not) and ``starts`` the first position of each block in
    ``order`` (plus a final end marker); a block holds at most ``BLOCK``
    designs of one kind. Each block writes only its own designs' rows of
    ``out`` (m, N_STATS), and the function releases the GIL, so threads can
    run disjoint block ranges at once. ``cycle_charging``, ``economic`` (the
    kind of every block in the range) and ``full`` (all statistics, or the
    search's) are literals of the runners below.

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
        if size == 1:  # slot 0 alone: the other slots hold copies of it
            K._steps(load, pv_pu, wind_pu, inv_avail, avail, fuel_mult, dt, C, A,
                     cycle_charging, economic, traj, record, 1, full)
        else:
            K._steps(load, pv_pu, wind_pu, inv_avail, avail, fuel_mult, dt, C, A,
                     cycle_charging, economic, traj, False, BLOCK, full)
        if full:
            K._finish(load, pv_pu, wind_pu, P, A, dt, res)
        else:
            K._finish_search(load, pv_pu, wind_pu, P, C, A, dt, fuel_mult[0], res)
        for j in range(size):
            for k in range(K.N_STATS):
                out[order[lo + j], k] = res[k, j]


# One runner per kind of block and variant. Each passes literal flags, so LLVM inlines
# copies of the loop specialised to them, dropping the rules and statistics they do not
# use. numba compiles a runner on its first call only: a session that simulates one kind
# and sizes it compiles two.

@njit(cache=True, nogil=True)
def run_blocks_lf(load, pv_pu, wind_pu, inv_avail, avail, fuel_mult, dt, peak, params,
                  order, starts, b0, b1, out, traj):
    """Load following, gensets first or battery first."""
    _run_blocks(load, pv_pu, wind_pu, inv_avail, avail, fuel_mult, dt, peak, params, order,
                starts, b0, b1, out, traj, False, False, True)


@njit(cache=True, nogil=True)
def run_blocks_cc(load, pv_pu, wind_pu, inv_avail, avail, fuel_mult, dt, peak, params,
                  order, starts, b0, b1, out, traj):
    """Cycle charging, gensets first."""
    _run_blocks(load, pv_pu, wind_pu, inv_avail, avail, fuel_mult, dt, peak, params, order,
                starts, b0, b1, out, traj, True, False, True)


@njit(cache=True, nogil=True)
def run_blocks_lf_economic(load, pv_pu, wind_pu, inv_avail, avail, fuel_mult, dt, peak, params,
                           order, starts, b0, b1, out, traj):
    """Load following, economic dispatch."""
    _run_blocks(load, pv_pu, wind_pu, inv_avail, avail, fuel_mult, dt, peak, params, order,
                starts, b0, b1, out, traj, False, True, True)


@njit(cache=True, nogil=True)
def run_blocks_cc_economic(load, pv_pu, wind_pu, inv_avail, avail, fuel_mult, dt, peak, params,
                           order, starts, b0, b1, out, traj):
    """Cycle charging, economic dispatch."""
    _run_blocks(load, pv_pu, wind_pu, inv_avail, avail, fuel_mult, dt, peak, params, order,
                starts, b0, b1, out, traj, True, True, True)


@njit(cache=True, nogil=True)
def search_blocks_lf(load, pv_pu, wind_pu, inv_avail, avail, fuel_mult, dt, peak, params,
                     order, starts, b0, b1, out, traj):
    """Load following, the statistics a search reads."""
    _run_blocks(load, pv_pu, wind_pu, inv_avail, avail, fuel_mult, dt, peak, params, order,
                starts, b0, b1, out, traj, False, False, False)


@njit(cache=True, nogil=True)
def search_blocks_cc(load, pv_pu, wind_pu, inv_avail, avail, fuel_mult, dt, peak, params,
                     order, starts, b0, b1, out, traj):
    """Cycle charging, the statistics a search reads."""
    _run_blocks(load, pv_pu, wind_pu, inv_avail, avail, fuel_mult, dt, peak, params, order,
                starts, b0, b1, out, traj, True, False, False)


@njit(cache=True, nogil=True)
def search_blocks_lf_economic(load, pv_pu, wind_pu, inv_avail, avail, fuel_mult, dt, peak,
                              params, order, starts, b0, b1, out, traj):
    """Load following, economic dispatch, the statistics a search reads."""
    _run_blocks(load, pv_pu, wind_pu, inv_avail, avail, fuel_mult, dt, peak, params, order,
                starts, b0, b1, out, traj, False, True, False)


@njit(cache=True, nogil=True)
def search_blocks_cc_economic(load, pv_pu, wind_pu, inv_avail, avail, fuel_mult, dt, peak,
                              params, order, starts, b0, b1, out, traj):
    """Cycle charging, economic dispatch, the statistics a search reads."""
    _run_blocks(load, pv_pu, wind_pu, inv_avail, avail, fuel_mult, dt, peak, params, order,
                starts, b0, b1, out, traj, True, True, False)


#: The runners by kind: index ``cycle_charging + 2 * economic``.
RUN_BLOCKS = (run_blocks_lf, run_blocks_cc, run_blocks_lf_economic, run_blocks_cc_economic)
#: The search variant's runners, indexed as :data:`RUN_BLOCKS`.
RUN_BLOCKS_SEARCH = (search_blocks_lf, search_blocks_cc, search_blocks_lf_economic,
                     search_blocks_cc_economic)
