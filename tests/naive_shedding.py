"""Plain-Python reference of load shedding by process area (docs/theory/reliability.md).

Written from the documented rule, in its other form: with the areas sorted by priority
(lowest first), then value per MWh (lowest first), then listing order, area ``a`` sheds

    s_a = min(L_a, max(0, u - (sum of the loads of the areas before a)))

which equals the sequential ``min(L_a, what is left)`` of the library when the unserved
power ``u`` is at most the areas' total. One loop over the steps, one over the areas,
plain floats.
"""

from __future__ import annotations


def naive_shedding(loads, priority, value_per_mwh, unserved, dt_h):
    """``(shed, cost_per_period)``: ``shed[t][a]`` in kW, the cost in currency.

    ``loads[t][a]`` [kW], ``priority[a]``, ``value_per_mwh[a]`` [currency/MWh],
    ``unserved[t]`` [kW], ``dt_h`` [h].
    """
    n_areas = len(priority)
    order = sorted(range(n_areas), key=lambda a: (priority[a], value_per_mwh[a], a))
    shed = []
    cost = 0.0
    for row, u in zip(loads, unserved, strict=True):
        before = 0.0
        step = [0.0] * n_areas
        for a in order:
            s = min(row[a], max(0.0, u - before))
            step[a] = s
            before += row[a]
            cost += value_per_mwh[a] * s * dt_h / 1000.0
        shed.append(step)
    return shed, cost
