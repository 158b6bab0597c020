"""Where each source's power goes, step by step: to the load, to the battery, or lost.

:func:`dispatch_flows` splits the trajectories of ``result.dispatch`` into the
power each source delivers **to the load**, **to the battery** and what is
**curtailed** (PV, wind) or **dumped** (gensets), with the rules of
``docs/theory/dispatch.md``:

* wind serves the AC load first (``N_ac = L − P_w``): wind to load
  ``min(P_w, L)``, its surplus ``max(P_w − L, 0)`` charges the battery through
  the rectifier (``ch_w``) or is curtailed;
* PV serves what wind leaves of the load through the inverter
  (``pv_ac = min(P_pv·η_inv, P_inv, max(L − P_w, 0))``), what is left charges
  the battery (``ch_pv``) or is curtailed;
* the battery's discharge to the load is the rest of the inverter's output
  (``dis_ac = inverter − pv_ac``);
* the gensets' output less what is dumped and what charges the battery
  (``ch_g = rectifier − ch_w``) serves the load; what enters the battery is
  ``ch_pv + (ch_w + ch_g)·η_rec``, its net power ``dis_ac/η_inv`` less that.

So, every step, the AC balance (section 6 of the dispatch page)

    L − U = pv_ac + dis_ac + min(P_w, L) + (G − dumped − ch_g)

makes the powers to the load plus the unserved load add up to the load. The
split reads the inverter and rectifier columns, so it holds as well in a step
where the battery both discharges and is charged by running gensets. With
several genset types (``genset_kw[<type>]`` columns) the gensets' power to the
load, to the battery and dumped is shared among the types in proportion to
their output.
"""

from __future__ import annotations

import numpy as np

from ..errors import check

__all__ = ["dispatch_flows", "TO_LOAD", "TO_BATTERY", "LOST"]

#: Columns of :func:`dispatch_flows` that stack up to the load (the types' columns
#: ``genset_to_load_kw[<type>]`` split ``genset_to_load_kw`` of a plant).
TO_LOAD = ("pv_to_load_kw", "wind_to_load_kw", "battery_to_load_kw", "genset_to_load_kw",
           "unserved_kw")
#: Columns of the power that charges the battery, by source (at the source: DC for PV,
#: AC before the rectifier for wind and gensets).
TO_BATTERY = ("pv_to_battery_kw", "wind_to_battery_kw", "genset_to_battery_kw")
#: Columns of the power lost: renewables curtailed, genset surplus dumped.
LOST = ("pv_curtailed_kw", "wind_curtailed_kw", "genset_dumped_kw")

_NEEDED = ("load_kw", "pv_kw", "wind_kw", "genset_kw", "battery_kw", "unserved_kw",
           "curtailed_kw", "dumped_kw", "curtailed_pv_kw", "inverter_kw", "rectifier_kw")


def _positive(x: np.ndarray) -> np.ndarray:
    """Rounding noise (a few 1e-12 kW below zero) set to zero."""
    return np.maximum(x, 0.0)


def dispatch_flows(result):
    """The power each source sends to the load, to the battery and to waste, per step.

    Parameters
    ----------
    result : SimulationResult
        Simulated with ``minegrid.simulate(..., dispatch=True)``.

    Returns
    -------
    pandas.DataFrame
        Indexed as ``result.dispatch``, in kW: ``load_kw``; what stacks up to
        the load (:data:`TO_LOAD`: ``pv_to_load_kw`` (AC, after the inverter),
        ``wind_to_load_kw``, ``battery_to_load_kw`` (AC), ``genset_to_load_kw``
        and, for a plant of genset types, ``genset_to_load_kw[<type>]``, then
        ``unserved_kw``), which sum to ``load_kw`` every step; what charges the
        battery (:data:`TO_BATTERY`, at the source: DC for PV, AC before the
        rectifier for wind and gensets; ``battery_charge_kw`` is what enters
        the battery after the rectifier); and what is lost (:data:`LOST`).

    Examples
    --------
    >>> import numpy as np, minegrid as mg
    >>> system = mg.System(pv=mg.PVPlant(rated_kw=600.0),
    ...                    battery=mg.Battery(energy_kwh=800.0, power_kw=400.0),
    ...                    genset=mg.GensetFleet(unit_rated_kw=300.0, n_units=3))
    >>> pv = np.clip(np.sin((np.arange(48) % 24 - 6) / 12 * np.pi), 0, None)
    >>> r = mg.simulate(system, np.full(48, 500.0), pv, dispatch=True, base_case=False)
    >>> f = mg.plots.dispatch_flows(r)
    >>> bool(np.allclose(f[list(mg.plots.flows.TO_LOAD)].sum(axis=1), f["load_kw"]))
    True
    """
    import pandas as pd

    frame = getattr(result, "dispatch", None)
    check(frame is not None, "result.dispatch", None, "is missing: the power flows need the "
          "step-by-step dispatch", "simulate with minegrid.simulate(..., dispatch=True)")
    missing = [c for c in _NEEDED if c not in frame]
    check(not missing, "result.dispatch", ", ".join(missing), "lacks these columns",
          "simulate again with this version of minegrid")
    col = {c: frame[c].to_numpy(dtype=float) for c in _NEEDED}
    conv = result.system.converter
    eta_inv = 1.0 if conv is None else float(conv.inverter_efficiency)
    eta_rec = 1.0 if conv is None else float(conv.rectifier_efficiency)
    p_inv = np.inf if conv is None else float(conv.inverter_kw)
    load, p_w = col["load_kw"], col["wind_kw"]
    # section 2 of the rules, as the kernels compute it
    pv_ac = np.minimum(np.minimum(col["pv_kw"] * eta_inv, p_inv), np.maximum(load - p_w, 0.0))
    dis_ac = _positive(col["inverter_kw"] - pv_ac)
    charge = _positive(dis_ac / eta_inv - col["battery_kw"])  # at the battery's terminals
    wind_load = np.minimum(p_w, load)
    wind_curt = _positive(col["curtailed_kw"] - col["curtailed_pv_kw"])
    ch_w = _positive(np.maximum(p_w - load, 0.0) - wind_curt)
    ch_g = _positive(col["rectifier_kw"] - ch_w)
    ch_pv = _positive(charge - col["rectifier_kw"] * eta_rec)
    gen_load = _positive(col["genset_kw"] - col["dumped_kw"] - ch_g)
    out = {
        "load_kw": load,
        "pv_to_load_kw": pv_ac,
        "wind_to_load_kw": wind_load,
        "battery_to_load_kw": dis_ac,
        "genset_to_load_kw": gen_load,
        "unserved_kw": col["unserved_kw"],
        "pv_to_battery_kw": ch_pv,
        "wind_to_battery_kw": ch_w,
        "genset_to_battery_kw": ch_g,
        "battery_charge_kw": charge,
        "pv_curtailed_kw": col["curtailed_pv_kw"],
        "wind_curtailed_kw": wind_curt,
        "genset_dumped_kw": col["dumped_kw"],
    }
    fleets = result.system.fleets
    if len(fleets) > 1 and all(f"genset_kw[{f.name}]" in frame for f in fleets):
        gen = col["genset_kw"]
        with np.errstate(divide="ignore", invalid="ignore"):
            share_of = {f.name: np.where(gen > 0, frame[f"genset_kw[{f.name}]"].to_numpy(float)
                                         / np.where(gen > 0, gen, 1.0), 0.0) for f in fleets}
        for name, share in share_of.items():
            out[f"genset_to_load_kw[{name}]"] = gen_load * share
            out[f"genset_to_battery_kw[{name}]"] = ch_g * share
            out[f"genset_dumped_kw[{name}]"] = col["dumped_kw"] * share
    return pd.DataFrame(out, index=frame.index)
