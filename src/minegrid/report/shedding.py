"""The report's load-shedding section: the energy shed from each process area and its cost.

Shown for a load built from process areas (a scenario's ``[load] source = "areas"``, or
``write_report(..., shedding=minegrid.shedding_for(result, area_loads))``): the rule that
decides which area loses supply first, then per area its priority, value of lost
production, energy and hours shed and the cost (``docs/theory/reliability.md``).
"""

from __future__ import annotations

from .markup import Html, esc, html_table, num

__all__ = ["shedding_section", "shedding_text"]


def _value(row, cur: str) -> str:
    if not row["value_given"]:
        return "not given (0)"
    return f"{num(row['lost_value_per_mwh'])} {cur}/MWh"


def shedding_text(shedding) -> str:
    """One line for the command line: unserved energy and the value of lost production."""
    c = shedding.currency
    line = (f"Load shedding: {shedding.unserved_kwh_per_year / 1e3:,.2f} MWh/yr unserved, "
            f"lost production {shedding.cost_per_year:,.0f} {c}/yr")
    if shedding.npc is not None:
        line += f" ({shedding.npc / 1e6:,.2f} M{c} over the project)"
    return line


def shedding_section(shedding) -> str:
    """The load-shedding section of the report ('' without a shedding result)."""
    if shedding is None:
        return ""
    cur = esc(shedding.currency)
    t = shedding.table.sort_values("order")
    out = [Html(
        "<p>When the supply cannot serve the whole load, the shortfall of each hour is taken "
        "from the process areas in shedding order: the lowest <code>priority</code> first; "
        "within a priority, the lowest value of lost production per MWh first; each area "
        "at most its own load of the hour, so an area loses supply only once every area "
        "before it is off. The value of the production lost is the energy shed times the "
        "area's value (given per MWh, or per tonne of ore times the tonnes it treats per "
        "MWh), scaled to a year and, over the project, discounted as every yearly cost.</p>")]
    missing = [str(n) for n, r in t.iterrows() if not r["value_given"]]
    if missing:
        out.append(Html(
            f"<p class='note'>No value of lost production is given for {esc(', '.join(missing))}"
            ": those areas count as 0 "
            f"{cur}/MWh, so the cost below leaves them out. Give <code>lost_value_per_mwh</code> "
            "(or <code>lost_value_per_t</code> with <code>tonnes_per_mwh</code>) in their "
            "<code>[[load.areas]]</code> tables.</p>"))
    if shedding.unserved_kwh_per_year <= 0:
        out.append(Html("<p>The design serves the whole load: <b>nothing is shed</b>.</p>"))
    rows = [[str(n), num(r["order"]), num(r["priority"]), _value(r, cur),
             num(r["load_kwh_per_year"] / 1e3, 1), num(r["shed_kwh_per_year"] / 1e3, 2),
             f"{100 * r['shed_fraction']:.2f} %", num(r["shed_hours_per_year"]),
             num(r["max_shed_kw"]), num(r["cost_per_year"])]
            for n, r in t.iterrows()]
    rows.append(["Total", "", "", "", num(t["load_kwh_per_year"].sum() / 1e3, 1),
                 num(t["shed_kwh_per_year"].sum() / 1e3, 2), "", "", "",
                 num(shedding.cost_per_year)])
    header = ["Area", "Order", "Priority", "Value of lost production", "Load [MWh/yr]",
              "Shed [MWh/yr]", "Share shed", "Hours shed [h/yr]", "Largest shed [kW]",
              f"Cost [{shedding.currency}/yr]"]
    out.append(html_table(header, rows, total_last=True, text_cols=(0, 3)))
    if shedding.npc is not None:
        out.append(Html(
            f"<p>Lost production over the project: <b>{num(shedding.npc)} {cur}</b> (present "
            "value). It is not in the NPC of the costs section; a sizing with "
            "<code>objective = \"npc_plus_lost_value\"</code> adds it to each design's NPC.</p>"))
    return "".join(str(o) for o in out)
