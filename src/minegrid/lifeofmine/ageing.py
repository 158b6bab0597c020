"""Wear over the years: rainflow cycle counting and life fractions consumed, with replacements.

:func:`rainflow_cycles` counts the cycles of a state-of-charge series (ASTM
E1049-85, compiled with numba); :func:`advance_life` advances the consumed life
fraction of each design through one year, timing replacements and overhauls
at the exact moment the life runs out.
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["rainflow_cycles", "advance_life"]

_EPS_T = 1e-9  # [year] tolerance on event times (replacement at the very end = none)


def rainflow_cycles(series) -> tuple[np.ndarray, np.ndarray]:
    """Rainflow-count a series (ASTM E1049-85, three-point rule with half cycles).

    Parameters
    ----------
    series : array-like
        E.g. the state of charge over a year. [any unit]

    Returns
    -------
    ranges : numpy.ndarray
        Range of each counted cycle. [unit of the series]
    counts : numpy.ndarray
        1.0 for a full cycle, 0.5 for a half cycle. [-]

    Examples
    --------
    The example of ASTM E1049-85 (section 5.4.4, fig. 6): cycles per range

    >>> r, c = rainflow_cycles([-2, 1, -3, 5, -1, 3, -4, 4, -2])
    >>> {float(x): float(c[r == x].sum()) for x in np.unique(r)}
    {3.0: 0.5, 4.0: 1.5, 6.0: 0.5, 8.0: 1.0, 9.0: 0.5}
    """
    return _rainflow(np.ascontiguousarray(series, dtype=float).ravel())


@njit(cache=True, nogil=True)
def _rainflow(x):
    """Rainflow counting (ASTM E1049-85, three-point rule with half cycles).

    Parameters
    ----------
    x : float64[n]
        A series, e.g. the state of charge over a year.

    Returns
    -------
    ranges, counts : float64[k]
        Range of each cycle and 1.0 (full cycle) or 0.5 (half cycle).
    """
    n = x.shape[0]
    if n < 2:
        return np.zeros(0), np.zeros(0)
    # drop repeated values
    y = np.empty(n)
    y[0] = x[0]
    m = 1
    for i in range(1, n):
        if x[i] != y[m - 1]:
            y[m] = x[i]
            m += 1
    if m < 2:
        return np.zeros(0), np.zeros(0)
    # reversals: the ends and every change of direction
    pts = np.empty(m)
    pts[0] = y[0]
    p = 1
    for i in range(1, m - 1):
        if (y[i] > y[i - 1]) != (y[i + 1] > y[i]):
            pts[p] = y[i]
            p += 1
    pts[p] = y[m - 1]
    p += 1
    ranges = np.empty(p)
    counts = np.empty(p)
    stack = np.empty(p)
    k = 0
    s = 0
    for i in range(p):
        stack[s] = pts[i]
        s += 1
        while s >= 3:
            rx = abs(stack[s - 1] - stack[s - 2])
            ry = abs(stack[s - 2] - stack[s - 3])
            if rx < ry:
                break
            ranges[k] = ry
            if s == 3:  # the range includes the start: a half cycle; drop the start
                counts[k] = 0.5
                stack[0] = stack[1]
                stack[1] = stack[2]
                s = 2
            else:  # a full cycle: drop its two points, keep the newest
                counts[k] = 1.0
                stack[s - 3] = stack[s - 1]
                s -= 2
            k += 1
    for i in range(s - 1):  # the residue counts as half cycles
        ranges[k] = abs(stack[i + 1] - stack[i])
        counts[k] = 0.5
        k += 1
    return ranges[:k].copy(), counts[:k].copy()


def advance_life(u, rate, k, t_end, disc_rate, step=None):
    """Advance life fractions ``u`` (one per design) through year ``k``.

    Life is consumed at ``rate`` [1/year] from ``k − 1`` to ``k``. When it
    reaches 1 before ``t_end`` the component is replaced (``u`` back to 0);
    with ``step`` an overhaul happens at every multiple of ``step`` below 1.

    Returns
    -------
    u : array
        Life fraction at the end of the year. [-]
    n_rep, f_rep : array
        Replacements in the year and the sum of their discount factors
        ``(1 + i)^-t`` at their exact times t. [-]
    n_ovh, f_ovh : array
        The same for overhauls. [-]
    t_rep, t_ovh : array
        Time of the last replacement and overhaul in the year (NaN if none). [year]
    """
    u = np.array(u, dtype=float)
    rate = np.asarray(rate, dtype=float)
    m = u.size
    if step is None:
        end = u + rate
        if (end < 1.0 - 1e-9).all():  # fast path: nothing wears out this year
            z = np.zeros(m)
            return end, z, z, z, z, np.full(m, np.nan), np.full(m, np.nan)
    t = np.full(m, k - 1.0)
    n_rep, f_rep = np.zeros(m), np.zeros(m)
    n_ovh, f_ovh = np.zeros(m), np.zeros(m)
    t_rep = np.full(m, np.nan)
    t_ovh = np.full(m, np.nan)
    active = rate > 0.0
    safe = np.where(active, rate, 1.0)
    while active.any():
        target = np.ones(m)
        is_ovh = np.zeros(m, dtype=bool)
        if step is not None:
            nxt = (np.floor(u / step + 1e-9) + 1.0) * step
            is_ovh = nxt < 1.0 - 1e-9
            target = np.where(is_ovh, nxt, 1.0)
        t_ev = t + np.maximum(target - u, 0.0) / safe
        hit = active & (t_ev <= k + 1e-12) & (t_ev < t_end - _EPS_T)
        done = active & ~hit
        u = np.where(done, u + rate * (k - t), u)
        active = hit
        if not hit.any():
            break
        disc = (1.0 + disc_rate) ** -np.where(hit, t_ev, 0.0)
        rep = hit & ~is_ovh
        ovh = hit & is_ovh
        n_rep += rep
        f_rep += np.where(rep, disc, 0.0)
        n_ovh += ovh
        f_ovh += np.where(ovh, disc, 0.0)
        t_rep = np.where(rep, t_ev, t_rep)
        t_ovh = np.where(ovh, t_ev, t_ovh)
        u = np.where(rep, 0.0, np.where(ovh, target, u))
        t = np.where(hit, t_ev, t)
    return u, n_rep, f_rep, n_ovh, f_ovh, t_rep, t_ovh
