"""The sensitivity of a scenario (``[sensitivity]``), for people: printed and in the report.

:func:`sensitivity_text` is what ``minegrid run`` prints, :func:`sensitivity_section`
the report's section (the table, the tornado, the spider and the map of which
architecture wins where), :func:`sensitivity_rows` and :func:`winner_grid` their
parts. They round as the rest of the output does: money in millions with 2
decimals, the LCOE with 3, percentages with 1, kL whole; ``sensitivity.csv``
and ``architecture_map.csv`` keep every digit.
"""

from __future__ import annotations

from .markup import Html, esc, figure_html, html_table, new_figure, num
from .text import number, text_table
from .units import column_unit, with_unit

__all__ = ["sensitivity_text", "sensitivity_section", "sensitivity_rows", "winner_grid"]

_SIZES = (("pv_kw", "PV", "kW DC"), ("battery_kwh", "battery", "kWh"),
          ("n_turbines", "wind", "turbines"), ("n_units", "gensets", "units"))


def _value(name: str, value, currency: str) -> str:
    """A parameter value with its unit: ``1.2 USD/L``, ``0.8 ×`` for a multiplier."""
    if isinstance(value, float | int) and not isinstance(value, bool):
        text = f"{float(value):g}"
    else:
        text = str(value)
    if name.startswith("capex_multiplier.") or name == "load_scale":
        return f"{text} ×"
    unit = column_unit(name, currency)
    if unit == "1/yr" and isinstance(value, float | int):  # a rate: 0.08 -> 8 %/yr
        return f"{100 * float(value):g} %/yr"
    return f"{text} {unit}" if unit and unit != "-" else text


def _sizes(table, mode: str) -> list[tuple[str, str, str]]:
    """The design sizes worth a column: re-sized ones that change (mode "size")."""
    if mode != "size":
        return []
    return [s for s in _SIZES if s[0] in table.columns and table[s[0]].abs().sum() > 0]


def sensitivity_rows(result, fmt=number) -> tuple[list[str], list[str], list[list[str]]]:
    """``(header, units, rows)`` of the one-at-a-time table, rounded by ``fmt(value, digits)``:
    the base point first, then each value of each parameter, with the change of the NPC."""
    table, cur = result.table, result.currency
    sizes = _sizes(table, result.mode)
    header = ["parameter", "value", "NPC", "change", "LCOE", "renewable", "fuel",
              *(s[1] for s in sizes)]
    units = ["", "", f"M{cur}", f"M{cur}", f"{cur}/kWh", "%", "kL/yr", *(s[2] for s in sizes)]
    base_npc = float(table.loc[table["varied"] == "base", "npc"].iloc[0])
    rows = []
    for _, row in table.iterrows():
        name = str(row["varied"])
        value = "" if name == "base" else _value(name, row[name], cur)
        rows.append([name if name != "base" else "base case", value,
                     fmt(row["npc"] / 1e6, 2), fmt((row["npc"] - base_npc) / 1e6, 2),
                     fmt(row["lcoe"], 3), fmt(100 * row["renewable_fraction"], 1),
                     fmt(row["fuel_l"] / 1e3), *(fmt(row[s[0]]) for s in sizes)])
    return header, units, rows


def winner_grid(winners) -> tuple[list[str], list[list[str]]]:
    """``(header, rows)``: the winner at each point, y values down, x values across."""
    x, y = winners.attrs["x"], winners.attrs["y"]
    cur = winners.attrs.get("currency", "USD")
    xs = list(dict.fromkeys(winners[x]))
    ys = list(dict.fromkeys(winners[y]))
    cell = {(a, b): str(w) for a, b, w in zip(winners[x], winners[y], winners["winner"],
                                             strict=True)}
    header = [f"{y} \\ {x}", *(_value(x, v, cur) for v in xs)]
    rows = [[_value(y, b, cur), *(cell.get((a, b), "") for a in xs)] for b in reversed(ys)]
    return header, rows


def _budget(result) -> str:
    opts = result.size_options
    seed = f", seed {opts['seed']}" if "seed" in opts else ""
    return (f"each architecture searched with maxiter {opts.get('maxiter')}, popsize "
            f"{opts.get('popsize')} (method {opts.get('method', 'de')}{seed}): a coarse "
            "search, so a winner next to the boundary between two architectures may change "
            "with a finer one")


def sensitivity_text(result) -> str:
    """The sensitivity rounded for reading (what ``minegrid run`` prints)."""
    lines = []
    if result.table is not None:
        header, units, rows = sensitivity_rows(result)
        what = ("re-sized at each point" if result.mode == "size"
                else f"{result.design}, simulated and priced at each point")
        lines += [f"Sensitivity, one parameter at a time ({what}):",
                  text_table(header, [units, *rows], left=(0, 1))]
    w = result.winners
    if w is not None:
        if lines:
            lines.append("")
        header, rows = winner_grid(w)
        lines += [f"Which architecture wins where ({len(w)} points):",
                  text_table(header, rows, left=tuple(range(len(header)))),
                  f"  {_budget(result).capitalize()}."]
        if not result.complete:
            lines.append("  PARTIAL: interrupted; the points after the last one shown were "
                         "not sized.")
    return "\n".join(lines)


def _figures(result) -> list[str]:
    from .. import plots

    out = []
    table, cur, output = result.table, result.currency, result.output
    if table is not None and (table["varied"] != "base").any():
        fig = new_figure(10.0, 4.0)
        a1, a2 = fig.subplots(1, 2)
        plots.tornado(table, output, ax=a1)
        plots.spider(table, output, ax=a2)
        label = with_unit(output, column_unit(output, cur))
        a1.set_xlabel(label)
        a1.set_title(f"Tornado: swing of {output}", fontsize=10)
        a2.set_ylabel(label)
        a2.set_title(f"Spider: {output} against the change", fontsize=10)
        out.append(figure_html(fig, f"Left: the range of {output} over the values of each "
                               "parameter, the widest on top (blue: values below the base "
                               "case's output, orange: above). Right: the same against the "
                               "change of each numeric parameter from its base value."))
    if result.winners is not None and len(result.winners):
        fig = new_figure(10.0, 4.2)
        plots.architecture_map(result.winners, ax=fig.subplots())
        out.append(figure_html(fig, "The architecture with the lowest cost that meets every "
                               "requirement at each point of the grid; hatched: none meets "
                               "them."))
    return out


def sensitivity_section(result, figures: bool = True) -> str:
    """The report's section: what was varied, the table, the charts and the winner map."""
    out = []
    if result.table is not None:
        what = ("each point re-sized over the design space" if result.mode == "size" else
                f"{esc(result.design)} simulated and priced at each point")
        out.append(Html(f"<p>One parameter at a time around the base case, {what}. The "
                        "change is the net present cost against the base case.</p>"))
        header, units, rows = sensitivity_rows(result, num)
        head = [Html(f"{esc(h)} <span class='unit'>[{esc(u)}]</span>") if u else h
                for h, u in zip(header, units, strict=True)]
        out.append(html_table(head, rows, text_cols=(0, 1)))
    if figures:
        out += _figures(result)
    w = result.winners
    if w is not None:
        header, rows = winner_grid(w)
        out.append(Html(f"<h3>Which architecture wins where</h3><p>At each of the {len(w)} "
                        f"points every architecture is sized on its own; {esc(_budget(result))}."
                        "</p>"))
        out.append(html_table(header, rows, text_cols=tuple(range(len(header)))))
        if not result.complete:
            out.append(Html("<p class='note'>PARTIAL: the run was interrupted; the points "
                            "after the last one shown were not sized.</p>"))
    out.append(Html("<p class='note'>Full precision in <code>sensitivity.csv</code> and "
                    "<code>architecture_map.csv</code> of <code>minegrid run</code>.</p>"))
    return Html("".join(out))
