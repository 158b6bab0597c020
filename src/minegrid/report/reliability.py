"""The report's reliability section: N-1 and motor starts (``docs/theory/reliability.md``).

Shown when the design asks for the checks (the N-1 rule, a PV or battery block size,
or drives in ``Dispatch.motor_starts``): the N-1 shortfall in hours, energy at risk
and its largest value, the hours each drive's start would be refused, and the
duration curve of the step load the online sources accept.
"""

from __future__ import annotations

import math

from .markup import Html, esc, figure_html, html_table, new_figure, num

__all__ = ["reliability_section", "asks_for_checks"]


def asks_for_checks(result) -> bool:
    """Whether the design asks for the N-1 or motor-start checks and they were computed."""
    d = result.system.dispatch
    asked = (d.n_minus_1_reserve or d.pv_block_kw is not None
             or d.battery_block_kw is not None or bool(d.motor_starts))
    return asked and not math.isnan(result.stats.n1_hours)


def reliability_section(result, figures: bool = True) -> str:
    """The reliability section ('' when the design does not ask for the checks)."""
    if not asks_for_checks(result):
        return ""
    from ..reliability import motor_start_table

    d, s = result.system.dispatch, result.stats
    blocks = []
    if d.pv_block_kw is not None:
        blocks.append(f"a PV block of {num(d.pv_block_kw)} kW DC")
    if d.battery_block_kw is not None:
        blocks.append(f"a battery block of {num(d.battery_block_kw)} kW")
    rule = ("The gensets are committed for it (Dispatch(n_minus_1_reserve=True))."
            if d.n_minus_1_reserve else "The dispatch does not commit for it (no N-1 rule): "
            "the shortfall is counted, not prevented.")
    out = [Html(
        "<p><b>N-1.</b> Every hour the online sources, after losing the largest of them "
        "(the largest running genset, one wind turbine"
        f"{', ' + esc(' or '.join(blocks)) if blocks else ', the whole PV plant'}), plus "
        f"what the battery can still discharge, must cover the load. {esc(rule)} "
        "<b>Motor starts.</b> A start is accepted when the gensets' step-load acceptance "
        f"({num(100 * d.genset_step_fraction)} % of the online rating per step, ISO 8528-5, "
        "within their headroom) plus the battery's headroom covers its kW, and the "
        f"alternators ({num(d.genset_start_kva_per_kw, 1)} kVA per kW online) plus the "
        f"inverter ({num(d.inverter_start_overload, 2)} × its rating) its kVA.</p>")]
    rows = [["N-1 shortfall [h/yr]", num(s.n1_hours)],
            ["Largest N-1 shortfall [kW]", num(s.n1_max_kw)],
            ["Energy at risk (N-1 shortfall) [MWh/yr]", num(s.n1_shortfall_kwh / 1e3, 1)]]
    if d.motor_starts:
        big = max(d.motor_starts, key=lambda m: (m.start_kw, m.start_kva))
        rows.append([f"Largest start ({esc(big.name)}) refused [h/yr]",
                     num(s.motor_start_refused_hours)])
    out.append(html_table(["Check", "Value"], rows))
    if d.motor_starts and result.dispatch is not None:
        table = motor_start_table(result)
        body = [[esc(str(name)), num(r["start kW"]), num(r["start kVA"]),
                 num(r["refused [h/yr]"])] for name, r in table.iterrows()]
        out.append(html_table(["Drive", "Start [kW]", "Start [kVA]", "Refused [h/yr]"], body))
        if figures:
            from .. import plots

            fig = new_figure(8.0, 3.2)
            plots.start_capability(result, ax=fig.subplots())
            out.append(figure_html(fig, "Step load the online gensets and battery accept, "
                                   "hours of the year at or above each value, against each "
                                   "drive's start."))
    return "".join(str(o) for o in out)
