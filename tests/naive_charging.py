"""Plain-Python references of the fleet charging schedules (docs/theory/haulage.md).

Written from the documentation, not from minegrid.mine.charging:

* ``naive_unmanaged``: one loop, charge at full power up to the top of the window;
* ``naive_best_surplus``: a dynamic programme over whole kWh for integer cases (grid
  to store efficiency 1): the largest charging energy inside the surplus any schedule can
  reach that keeps the store in its window and ends at ``end``. Integer data make the
  linear programme's optimum whole (it is a flow problem), so the two must agree exactly;
* ``naive_cheapest``: the same programme for the lowest sum of price times charge.
"""

from __future__ import annotations


def naive_unmanaged(consumption, cap, lo, hi, start, eta=1.0):
    """(grid energy per step, stored at each step's end), or None if the floor is broken."""
    e = start
    grid, stored = [], []
    for d in consumption:
        room = (hi - e + d) / eta
        g = cap if cap < room else room
        if g < 0:
            g = 0.0
        e = e + eta * g - d
        if e > hi:
            e = hi
        if e < lo - 1e-9:
            return None
        grid.append(g)
        stored.append(e)
    return grid, stored


def naive_best_surplus(consumption, cap, surplus, lo, hi, start, end):
    """Best sum of min(g, s) over whole-kWh schedules (g in 0..cap), or None if none exists."""
    best = {start: 0}  # stored energy -> best surplus use so far
    for d, s in zip(consumption, surplus, strict=True):
        nxt = {}
        for e, value in best.items():
            for g in range(cap + 1):
                e2 = e + g - d
                if e2 < lo or e2 > hi:
                    continue
                v = value + min(g, s)
                if nxt.get(e2, -1) < v:
                    nxt[e2] = v
        best = nxt
    return best.get(end)


def naive_cheapest(consumption, cap, price, lo, hi, start, end):
    """Lowest sum of price x g over whole-kWh schedules (g in 0..cap), or None if none."""
    best = {start: 0}  # stored energy -> lowest cost so far
    for d, p in zip(consumption, price, strict=True):
        nxt = {}
        for e, value in best.items():
            for g in range(cap + 1):
                e2 = e + g - d
                if lo <= e2 <= hi and (e2 not in nxt or value + p * g < nxt[e2]):
                    nxt[e2] = value + p * g
        best = nxt
    return best.get(end)
