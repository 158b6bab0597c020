"""Charging schedules of a fleet's batteries: unmanaged (as soon as possible) and smart.

The fleet's batteries are treated as one store (the fleet-aggregate model): its energy
at the end of step *k* is

.. math::

    E_k = E_{k-1} + \\eta_c\\,g_k - D_k, \\qquad E_{\\min} \\le E_k \\le E_{\\max},
    \\qquad 0 \\le g_k \\le \\bar g_k

with the grid energy to the chargers :math:`g_k` [kWh], their efficiency
:math:`\\eta_c`, the energy the hauling takes out of the batteries :math:`D_k` [kWh] and
the chargers' limit :math:`\\bar g_k = n_c P_c \\Delta t` [kWh].

* **Unmanaged** (:func:`unmanaged_charging`): trucks plug in whenever they are below
  full and charge at full power, ``g_k = min(ḡ_k, (E_max - E_{k-1} + D_k)/η_c)``. It
  keeps the store as full as any schedule can at every step, so if it falls below
  :math:`E_{\\min}` no schedule can keep the fleet hauling: that raises an InputError.
* **Smart** (:func:`smart_charging`): the same total energy, placed where it is covered
  by a surplus signal :math:`s_k` (PV or renewable output the rest of the mine does not
  use) [kWh]. A linear programme (scipy's HiGHS) maximises
  :math:`\\sum_k \\min(g_k, s_k)` over the same constraints and the same final energy as
  the unmanaged schedule, with a tie-break of :math:`10^{-3}` per kWh over the period that
  prefers earlier steps (so without any surplus it charges as the unmanaged schedule does).
  With a price signal :math:`p_k` instead it minimises :math:`\\sum_k p_k g_k`.
  The tests check both against a plain dynamic programme over integer cases.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from minegrid.errors import InputError, MinegridWarning, check, number, number_array

__all__ = ["ChargeSchedule", "unmanaged_charging", "smart_charging"]

_TIE_BREAK = 1e-3


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargeSchedule:
    """A charging schedule of the fleet-aggregate battery.

    Attributes
    ----------
    grid_kwh : numpy.ndarray
        Grid energy to the chargers in each step. [kWh]
    stored_kwh : numpy.ndarray
        Energy stored at the end of each step. [kWh]
    start_kwh : float
        Energy stored at the start. [kWh]
    surplus_used_kwh : float
        Charging energy covered by the surplus signal (0 without one). [kWh]
    energy_cost : float
        Sum of price times grid energy with a price signal (NaN without one). [currency]
    success : bool
        False when the optimiser failed and the unmanaged schedule was kept.
    message : str
    """

    grid_kwh: np.ndarray
    stored_kwh: np.ndarray
    start_kwh: float
    surplus_used_kwh: float = 0.0
    energy_cost: float = float("nan")
    success: bool = True
    message: str = ""


def _inputs(consumption_kwh, max_charge_kwh, e_min_kwh, e_max_kwh, start_kwh, efficiency):
    d = number_array(consumption_kwh, "consumption_kwh", minimum=0.0)
    cap = np.broadcast_to(number_array(np.atleast_1d(max_charge_kwh), "max_charge_kwh",
                                       minimum=0.0), d.shape).astype(np.float64)
    lo = number(e_min_kwh, "e_min_kwh", minimum=0.0)
    hi = number(e_max_kwh, "e_max_kwh", minimum=lo, strict=True,
                fix="give e_max_kwh above e_min_kwh")
    e0 = hi if start_kwh is None else number(start_kwh, "start_kwh", minimum=lo, maximum=hi)
    eta = number(efficiency, "efficiency", minimum=0.0, maximum=1.0, strict=True)
    return d, cap, lo, hi, e0, eta


def unmanaged_charging(consumption_kwh, max_charge_kwh, *, e_min_kwh: float, e_max_kwh: float,
                       start_kwh: float | None = None, efficiency: float = 1.0,
                       field: str = "HaulFleet.charger_count") -> ChargeSchedule:
    """Charge as soon as possible at full power, up to ``e_max_kwh``.

    Parameters
    ----------
    consumption_kwh : array-like
        Energy taken out of the store in each step, >= 0. [kWh]
    max_charge_kwh : float or array-like
        Grid energy the chargers can take in each step. [kWh]
    e_min_kwh, e_max_kwh : float
        Bounds of the stored energy. [kWh]
    start_kwh : float, optional
        Stored at the start; default ``e_max_kwh``. [kWh]
    efficiency : float
        Grid to store, in (0, 1]. [-]
    field : str
        The input named in the error when the chargers cannot keep up.

    Returns
    -------
    ChargeSchedule

    Examples
    --------
    >>> s = unmanaged_charging([3.0, 3.0, 0.0, 0.0], 2.0, e_min_kwh=0.0, e_max_kwh=4.0)
    >>> s.grid_kwh.tolist(), s.stored_kwh.tolist()
    ([2.0, 2.0, 2.0, 0.0], [3.0, 2.0, 4.0, 4.0])
    """
    d, cap, lo, hi, e0, eta = _inputs(consumption_kwh, max_charge_kwh, e_min_kwh, e_max_kwh,
                                      start_kwh, efficiency)
    g = np.empty_like(d)
    stored = np.empty_like(d)
    e = e0
    tol = 1e-9 * max(1.0, hi)
    for k in range(d.size):
        gk = min(cap[k], max(0.0, (hi - e + d[k]) / eta))
        e = min(hi, e + eta * gk - d[k])
        if e < lo - tol:
            raise InputError(
                f"{field}: the chargers cannot keep the fleet hauling: at step {k} the "
                f"batteries fall to {e:,.0f} kWh, below the SoC floor {lo:,.0f} kWh. Fix: "
                "more chargers or charger power, larger batteries, more trolley line, or "
                "fewer trucks hauling.")
        g[k], stored[k] = gk, e
    return ChargeSchedule(grid_kwh=g, stored_kwh=stored, start_kwh=e0)


def smart_charging(consumption_kwh, max_charge_kwh, surplus_kwh=None, *, e_min_kwh: float,
                   e_max_kwh: float, start_kwh: float | None = None, efficiency: float = 1.0,
                   end_kwh: float | None = None, price=None,
                   field: str = "HaulFleet.charger_count") -> ChargeSchedule:
    """Charge the same energy as :func:`unmanaged_charging`, as much of it in the surplus
    (or, with ``price``, at the lowest cost).

    Parameters
    ----------
    consumption_kwh, max_charge_kwh, e_min_kwh, e_max_kwh, start_kwh, efficiency, field
        As for :func:`unmanaged_charging`.
    surplus_kwh : array-like, optional
        Energy available for charging at no cost in each step (e.g. PV the rest of the
        mine does not use), >= 0; needed unless ``price`` is given. [kWh]
    end_kwh : float, optional
        Stored at the end; default where the unmanaged schedule ends (the same total
        charging energy). [kWh]
    price : array-like, optional
        Price of grid energy in each step: the schedule then minimises the cost of the
        charging energy instead (``surplus_kwh``, if given, is only reported on).
        [currency/kWh]

    Returns
    -------
    ChargeSchedule
        The unmanaged schedule, with ``success=False`` and a warning, if the optimiser
        fails.

    Examples
    --------
    >>> s = smart_charging([2.0, 0.0, 0.0, 2.0], 2.0, [0.0, 0.0, 2.0, 0.0],
    ...                    e_min_kwh=0.0, e_max_kwh=4.0)
    >>> s.grid_kwh.round(6).tolist(), s.surplus_used_kwh
    ([0.0, 0.0, 2.0, 2.0], 2.0)
    """
    from scipy.optimize import linprog
    from scipy.sparse import coo_matrix, hstack, identity

    d, cap, lo, hi, e0, eta = _inputs(consumption_kwh, max_charge_kwh, e_min_kwh, e_max_kwh,
                                      start_kwh, efficiency)
    check(surplus_kwh is not None or price is not None, "surplus_kwh", None,
          "is needed (or a price)", "pass the surplus energy per step, or price=...")
    s = (np.zeros_like(d) if surplus_kwh is None
         else number_array(surplus_kwh, "surplus_kwh", minimum=0.0))
    p = None if price is None else number_array(price, "price")
    for name, arr in (("surplus_kwh", s), ("price", p)):
        check(arr is None or arr.shape == d.shape, name, f"{0 if arr is None else arr.size} "
              "steps", f"must have one value per step of the consumption ({d.size})",
              "give it on the same time index")
    base = unmanaged_charging(d, cap, e_min_kwh=lo, e_max_kwh=hi, start_kwh=e0,
                              efficiency=eta, field=field)
    e_end = float(base.stored_kwh[-1]) if end_kwh is None else number(
        end_kwh, "end_kwh", minimum=lo, maximum=hi)
    n = d.size
    # variables: g (n), u (n), E (n); E_k - E_{k-1} - eta g_k = -D_k, u_k <= g_k, u_k <= s_k
    ident = identity(n, format="coo")
    rows = np.arange(1, n)
    shift = coo_matrix((np.ones(n - 1), (rows, rows - 1)), shape=(n, n))
    a_eq = hstack([-eta * ident, coo_matrix((n, n)), ident - shift]).tocsr()
    b_eq = -d.copy()
    b_eq[0] += e0
    a_ub = hstack([-ident, ident, coo_matrix((n, n))]).tocsr()
    b_ub = np.zeros(n)
    early = np.arange(n) / max(n, 1)
    if p is None:
        cost = np.concatenate([_TIE_BREAK * early, -np.ones(n), np.zeros(n)])
    else:  # the tie-break a thousandth of the price spread per kWh over the period
        spread = float(np.ptp(p)) or 1.0
        cost = np.concatenate([p + 1e-3 * _TIE_BREAK * spread * early, np.zeros(n),
                               np.zeros(n)])
    e_bounds = [(lo, hi)] * (n - 1) + [(e_end, e_end)]
    bounds = [(0.0, c) for c in cap] + [(0.0, x) for x in s] + e_bounds
    res = linprog(cost, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds,
                  method="highs")
    if res.status != 0:
        msg = f"smart charging failed ({res.message}); the unmanaged schedule is kept"
        warnings.warn(msg, MinegridWarning, stacklevel=2)
        used = float(np.minimum(base.grid_kwh, s).sum())
        spent = float("nan") if p is None else float(p @ base.grid_kwh)
        return ChargeSchedule(grid_kwh=base.grid_kwh, stored_kwh=base.stored_kwh, start_kwh=e0,
                              surplus_used_kwh=used, energy_cost=spent, success=False,
                              message=msg)
    g = np.clip(res.x[:n], 0.0, cap)
    stored = e0 + np.cumsum(eta * g - d)
    return ChargeSchedule(grid_kwh=g, stored_kwh=stored, start_kwh=e0,
                          surplus_used_kwh=float(np.minimum(g, s).sum()),
                          energy_cost=float("nan") if p is None else float(p @ g), success=True,
                          message=str(res.message))
