"""Mine-grade reliability checks in words: N-1 and motor starts (``docs/theory/reliability.md``).

Every dispatch kernel (the one-fleet rules, a plant of genset types, predictive dispatch)
counts, every step, the N-1 shortfall (load the sources in service could not cover after
losing the largest of them, a running unit of any type among them) and whether the largest
motor start of ``Dispatch.motor_starts`` could be accepted (:class:`~minegrid.dispatch.Stats`
fields ``n1_*`` and ``motor_start_refused_hours``). :func:`reliability_checks` turns them into
the verdicts of :meth:`minegrid.SimulationResult.design_checks`; :func:`motor_start_table`
gives, from a simulation's trajectories, the hours each drive's start would be refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["reliability_checks", "motor_start_table"]


def reliability_checks(stats, dispatch) -> list[dict]:
    """The N-1 and motor-start verdicts of a design.

    N-1 is judged when asked for (the N-1 rule, or a PV or battery block size given), the
    motor start when ``Dispatch.motor_starts`` lists drives; the statistics are kept
    either way.

    Parameters
    ----------
    stats : minegrid.dispatch.Stats
        The design's yearly statistics.
    dispatch : minegrid.Dispatch
        Its dispatch settings (the N-1 rule, the motor starts).

    Returns
    -------
    list of dict
        ``{"name", "met", "value", "limit", "text"}`` per check, as
        :meth:`~minegrid.SimulationResult.design_checks`.
    """
    out = []
    asked = dispatch.n_minus_1_reserve or dispatch.pv_block_kw is not None \
        or dispatch.battery_block_kw is not None
    if asked:
        out.append(_n1_check(stats, dispatch))
    if dispatch.motor_starts:
        out.append(_start_check(stats, dispatch))
    return out


def _n1_check(stats, dispatch) -> dict:
    met = stats.n1_hours <= 0.0
    rule = ("with the N-1 commitment rule" if dispatch.n_minus_1_reserve
            else "without the N-1 rule (Dispatch(n_minus_1_reserve=True) commits for it)")
    return {"name": "n_minus_1", "met": met, "value": stats.n1_hours, "limit": 0.0,
                "text": f"N-1 held every hour {rule}: the loss of the largest source in "
                "service (a running genset, a PV block, a turbine, a battery block) leaves "
                "the load covered." if met else
                f"N-1 NOT held in {stats.n1_hours:,.0f} h/yr {rule}: losing the largest "
                f"source would leave up to {stats.n1_max_kw:,.0f} kW uncovered "
                f"({stats.n1_shortfall_kwh / 1e3:,.1f} MWh/yr at risk)."}


def _start_check(stats, dispatch) -> dict:
    big = max(dispatch.motor_starts, key=lambda m: (m.start_kw, m.start_kva))
    h = stats.motor_start_refused_hours
    return {"name": "motor_start", "met": h <= 0.0, "value": h, "limit": 0.0,
                    "text": f"The largest start ({big.name}: {big.start_kw:,.0f} kW, "
                    f"{big.start_kva:,.0f} kVA) is accepted every hour." if h <= 0.0 else
                    f"The largest start ({big.name}: {big.start_kw:,.0f} kW, "
                    f"{big.start_kva:,.0f} kVA) could NOT be accepted in {h:,.0f} h/yr: "
                    "schedule it, add battery power, or use a softer starter."}


def motor_start_table(result) -> pd.DataFrame:
    """Hours per year in which each drive's start could not be accepted.

    From the trajectories of ``result`` (``simulate(..., dispatch=True)``): a start of
    ``P`` kW and ``S`` kVA is refused in a step when ``P > step_capability_kw`` or
    ``S > start_capability_kva``.

    Returns
    -------
    pandas.DataFrame
        One row per drive of ``Dispatch.motor_starts``: ``start kW``, ``start kVA``,
        ``refused [h/yr]``.
    """
    import pandas as pd

    from .errors import check

    frame = result.dispatch
    check(frame is not None, "result.dispatch", None, "holds no trajectories",
          "simulate with dispatch=True")
    scale = 8760.0 / len(frame)  # steps -> hours per year: dt · 8760 / (n · dt)
    step = frame["step_capability_kw"].to_numpy()
    kva = frame["start_capability_kva"].to_numpy()
    rows = {}
    for m in result.system.dispatch.motor_starts:
        refused = (m.start_kw > step) | (m.start_kva > kva)
        rows[m.name] = {"start kW": m.start_kw, "start kVA": m.start_kva,
                        "refused [h/yr]": float(np.count_nonzero(refused)) * scale}
    return pd.DataFrame.from_dict(rows, orient="index")
