"""The results by architecture (:func:`minegrid.size_architectures`), for people.

:func:`architecture_text` is the table ``minegrid run --size`` prints and
:func:`architecture_section` the report's section (:func:`architecture_table_html`
its table alone, also the notebook view of an
:class:`~minegrid.sizing.architectures.ArchitectureTable`). Both round as the
rest of the output does: money in millions with 2 decimals, the LCOE with 3,
percentages with 1, kW, kWh, litres, tonnes and counts whole; the table's
``frame`` (and ``architectures.csv``) keeps every digit. Every text from the
study (currency, genset type names in the notes) is escaped.
"""

from __future__ import annotations

from .markup import Html, esc, html_table, num, pct
from .text import number, text_table

__all__ = ["architecture_text", "architecture_section", "architecture_table_html",
           "architecture_rows"]


def _status(table, name: str) -> str:
    if not bool(table.frame.loc[name, "feasible"]):
        return "infeasible"
    return "best" if name == table.best else ""


def architecture_rows(table, fmt=number) -> list[dict]:
    """One dict per row, every number rounded for reading by ``fmt(value, digits)`` (plain
    text; the report passes :func:`~minegrid.report.markup.num`), in the table's order."""
    cur = table.currency
    out = []
    for name, row in table.frame.iterrows():
        out.append({
            "architecture": str(name),
            "pv": fmt(row["PV [kW DC]"]),
            "turbines": fmt(row["wind turbines [-]"]),
            "battery_kwh": fmt(row["battery [kWh]"]),
            "battery_kw": fmt(row["battery [kW]"]),
            "units": fmt(row["genset units [-]"]),
            "gensets_kw": fmt(row["gensets [kW]"]),
            "capital": fmt(row[f"capital [M{cur}]"], 2),
            "npc": fmt(row[f"NPC [M{cur}]"], 2),
            "lcoe": fmt(row[f"LCOE [{cur}/kWh]"], 3),
            "fuel": fmt(row["fuel [kL/yr]"]),
            "renewable": fmt(row["renewable fraction [%]"], 1),
            "co2": fmt(row["CO2 [t/yr]"]),
            "saving": fmt(row[f"NPC saving [M{cur}]"], 2),
            "status": _status(table, str(name)),
        })
    return out


def _notes(table) -> list[str]:
    """One sentence per row that needs one: what an infeasible row misses, sizes on a bound."""
    out = []
    for name in table.frame.index:
        parts = []
        missed = table.binding.get(name, "")
        if missed:
            parts.append(f"infeasible, misses {missed} (its least-violating design is shown)")
        if table.notes.get(name):
            parts.append(table.notes[name])
        if parts:
            out.append(f"{name}: {'; '.join(parts)}.")
    return out


def _intro(table) -> str:
    what = {"npc": "net present cost", "annualised": "annualised cost",
            "lcoe": "levelised cost of electricity"}.get(table.objective, table.objective)
    ref = (f'Savings are counted against the "{table.reference}" row, itself sized (not '
           "the rule-of-thumb base case of the comparison section)." if table.reference
           else "The design space allows no design without PV, wind or battery, so no "
           "savings are shown.")
    return (f"Each architecture is sized by its own search (the same seed and settings) over "
            f"the design space restricted to it: the components it lacks fixed at 0, the "
            f"ones it has from {pct(table.min_share, 0)} of their range's top (one turbine). "
            f"The best is the lowest {what} among the designs that meet every requirement. {ref}")


def architecture_text(table) -> str:
    """The table rounded for reading, with a line per infeasible row or size on a bound."""
    cur = table.currency
    header = ["architecture", "PV", "wind", "battery", "gensets", "capital", "NPC", "LCOE",
              "fuel", "renewable", "CO2", "NPC saving", ""]
    units = ["", "kW DC", "turbines", "kWh", "kW", f"M{cur}", f"M{cur}", f"{cur}/kWh", "kL/yr",
             "%", "t/yr", f"M{cur}", ""]
    rows = [[r["architecture"], r["pv"], r["turbines"], r["battery_kwh"], r["gensets_kw"],
             r["capital"], r["npc"], r["lcoe"], r["fuel"], r["renewable"], r["co2"],
             r["saving"], r["status"]] for r in architecture_rows(table)]
    ref = (f'; savings against the sized "{table.reference}" row' if table.reference else "")
    lines = [f"Results by architecture (each sized on its own{ref}):",
             text_table(header, [units, *rows], left=(0, 12))]
    lines += [f"  {n}" for n in _notes(table)]
    if not table.complete:
        lines.append("  PARTIAL: interrupted; the architectures after the last row were not "
                     "sized.")
    return "\n".join(lines)


def architecture_table_html(table) -> str:
    """The table as HTML (cells rounded, text escaped), one column per architecture so that
    eight of them fit an A4 page; the best column and the infeasible ones are marked."""
    cur = esc(table.currency)
    data = architecture_rows(table, num)
    lines = [("PV", "kW DC", "pv"), ("Wind", "turbines", "turbines"),
             ("Battery", "kWh", "battery_kwh"), ("Battery", "kW", "battery_kw"),
             ("Gensets", "units", "units"), ("Gensets", "kW", "gensets_kw"),
             ("Capital", f"M{cur}", "capital"), ("Net present cost", f"M{cur}", "npc"),
             ("LCOE", f"{cur}/kWh", "lcoe"), ("Fuel", "kL/yr", "fuel"),
             ("Renewable fraction", "%", "renewable"), ("CO2", "t/yr", "co2"),
             (f"NPC saving vs {table.reference}" if table.reference else "NPC saving",
              f"M{cur}", "saving")]
    header = [""]
    for r in data:
        mark = {"best": "<br><b>best</b>", "infeasible": "<br><b>NOT MET</b>"}.get(
            r["status"], "")
        header.append(Html(esc(r["architecture"]) + mark))
    rows = [[Html(f"{esc(name)} <span class='unit'>[{unit}]</span>")]
            + [r[key] for r in data] for name, unit, key in lines]
    rows.append(["Requirements"] + ["NOT MET" if r["status"] == "infeasible" else "met"
                                    for r in data])
    return html_table(header, rows)


def architecture_section(table) -> str:
    """The report's section: what was done, the table, and a note per row that needs one."""
    out = [Html(f"<p>{esc(_intro(table))}</p>"), architecture_table_html(table)]
    notes = _notes(table)
    if not table.complete:
        notes.append("PARTIAL: the run was interrupted; the architectures after the last row "
                     "were not sized.")
    if notes:
        out.append('<ul class="note">' + "".join(f"<li>{esc(n)}</li>" for n in notes)
                   + "</ul>")
    out.append(Html(f"<p class='note'>{num(sum(r.nfev for r in table.results.values()))} "
                    f"designs evaluated in {num(table.elapsed_s, 1)} s. Full precision in "
                    "<code>ArchitectureTable.frame</code> (and <code>architectures.csv</code> "
                    "of <code>minegrid run --size</code>).</p>"))
    return Html("".join(out))
