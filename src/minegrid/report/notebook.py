"""Results in a notebook: the compact HTML that Jupyter shows for a result (``_repr_html_``).

:func:`result_html` (a :class:`~minegrid.SimulationResult`), :func:`sizing_html`
(a :class:`~minegrid.SizingResult`) and :func:`life_html` (a
:class:`~minegrid.LifeOfMineResult`) each write one ``<div>``: the key figures
with their units (beside the base case's when there is one), the design's
sizes and, for a simulation, the design checks met or not. Numbers are
rounded as in the report and the printed summary (:mod:`minegrid.report.text`):
money in millions with 2 decimals, a price per kWh with 3, percentages with 1
(unserved energy with 2), everything else whole. The full precision stays in
the objects (``summary()``, ``to_frame()``, ``cash_flow``).

The HTML carries no script and no style sheet, only a few inline styles, so it
reads the same in JupyterLab, VS Code and a static notebook viewer; every
string from the study (names, currency, the weather source, messages) is text,
escaped where it enters the markup (:func:`~minegrid.report.markup.esc`).

>>> import numpy as np, minegrid as mg
>>> system = mg.System(genset=mg.GensetFleet(unit_rated_kw=400, n_units=2))
>>> result = mg.simulate(system, np.full(24, 500.0), project=mg.Project(currency="<i>"))
>>> view = result._repr_html_()
>>> "Net present cost" in view, "M&lt;i&gt;" in view, "<i>" not in view
(True, True, True)
"""

from __future__ import annotations

import math

from .markup import Html, esc, millions, num
from .plant import base_label, fuel_rows, is_plant
from .readable import quantity

__all__ = ["result_html", "sizing_html", "life_html", "design_sizes", "figures_table"]

_BOX = ("font-family:system-ui,'Segoe UI',Arial,sans-serif;font-size:13px;line-height:1.4;"
        "max-width:52em")
_CELL = "padding:2px 10px;border-bottom:1px solid #d9dee5;text-align:"
_HEAD = "background:#f3f6f9;font-weight:600;" + _CELL
_WARN = "color:#8a5300;background:#fff4e5;border-left:3px solid #c77700;padding:3px 8px"
_MET = "color:#1a7f37;font-weight:700"
_FAILED = "color:#b42318;font-weight:700"


def _cell(tag: str, value, left: bool = False) -> str:
    style = (_HEAD if tag == "th" else _CELL) + ("left" if left else "right")
    return f'<{tag} style="{style}">{esc(value)}</{tag}>'


def figures_table(header: list, rows: list[list]) -> Html:
    """A small table with inline styles: the first column (the quantity) and the last (the
    unit) to the left, numbers to the right; cells are text (escaped) or :class:`Html`."""
    last = len(header) - 1
    out = ['<table style="border-collapse:collapse;margin:4px 0 8px;font-size:inherit"><thead><tr>']
    out += [_cell("th", h, left=i in (0, last)) for i, h in enumerate(header)]
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append("<tr>" + "".join(_cell("td", c, left=i in (0, last))
                                    for i, c in enumerate(row)) + "</tr>")
    out.append("</tbody></table>")
    return Html("".join(out))


def _box(title: str, parts: list[str]) -> Html:
    head = f'<div style="font-size:14px;font-weight:600;margin-bottom:2px">{esc(title)}</div>'
    return Html(f'<div class="minegrid-result" style="{_BOX}">{head}{"".join(parts)}</div>')


def _weather(source) -> str:
    if not source or not str(source).startswith("SYNTHETIC"):
        return ""
    return (f'<div style="{_WARN}"><b>Built on synthetic weather:</b> {esc(source)}. '
            "Calibrate it or use a measured weather file before relying on the yields.</div>")


def design_sizes(system) -> Html:
    """The sizes of a system in one line: PV, wind, battery, gensets (each type), converter."""
    parts = []
    if system.pv is not None and system.pv.rated_kw > 0:
        parts.append(f"PV {num(system.pv.rated_kw)} kW DC")
    if system.wind is not None and system.wind.n_turbines > 0:
        w = system.wind
        parts.append(f"wind {w.n_turbines} × {num(w.turbine_rated_kw)} kW")
    b = system.battery
    if b is not None and b.energy_kwh > 0:
        hours = b.energy_kwh / b.power_kw if b.power_kw else math.inf
        parts.append(f"battery {num(b.energy_kwh)} kWh, {num(b.power_kw)} kW "
                     f"({num(hours, 1)} h)")
    for g in system.fleets:
        if g.n_units > 0:
            name = f" {esc(g.name)}" if len(system.fleets) > 1 else ""
            owned = f" ({g.existing_units} owned)" if g.existing_units else ""
            parts.append(f"gensets{name} {g.n_units} × {num(g.unit_rated_kw)} kW{owned}")
    if system.converter is not None:
        parts.append(f"converter {num(system.converter.inverter_kw)} kW")
    return Html("<div><b>Design:</b> " + (" · ".join(parts) or "nothing installed") + "</div>")


def _fuel(r) -> tuple[Html, str]:
    """The fuel burnt a year, ``(value, unit)``: each fuel in its unit for a plant."""
    if is_plant(r):
        used = fuel_rows(r)
        return Html(", ".join(f"{num(q)} {esc(u)} {esc(f)}" for (f, u), q in used.items())
                    or "0"), "/yr"
    return num(r.stats.fuel_l / 1e3), "kL/yr"


def _figures(r, cur: str) -> list[tuple[str, Html, str]]:
    """(quantity, value, unit) of a simulation's key figures."""
    s, c = r.stats, r.costs
    fuel, fuel_unit = _fuel(r)
    return [("Net present cost", millions(c.npc), f"M{cur}"),
            ("LCOE", num(c.lcoe, 3), f"{cur}/kWh"),
            ("Capital", millions(c.capital), f"M{cur}"),
            ("Renewable fraction", num(100 * s.renewable_fraction, 1), "%"),
            ("Fuel", fuel, fuel_unit),
            ("CO2", num(s.co2_t), "t/yr"),
            ("Unserved energy", num(100 * s.unserved_fraction, 2), "%"),
            ("Load served", num(s.served_kwh / 1e3), "MWh/yr")]


def _checks(r) -> str:
    items = []
    for check in r.design_checks():
        mark = (f'<span style="{_MET}">✓</span>' if check["met"]
                else f'<span style="{_FAILED}">✗ NOT MET</span>')
        items.append(f'<li style="list-style:none;margin:1px 0">{mark} {esc(check["text"])}'
                     "</li>")
    return ('<div><b>Design checks:</b><ul style="margin:2px 0 4px;padding-left:6px">'
            + "".join(items) + "</ul></div>") if items else ""


def _simulation_parts(result) -> list[str]:
    cur = result.costs.currency  # text: the table escapes the units
    design = _figures(result, cur)
    if result.base is not None:
        label = base_label(result)
        base = {q: v for q, v, _ in _figures(result.base, cur)}
        rows = [[q, v, base[q], u] for q, v, u in design]
        sv = result.savings
        rows.append([f"NPC saving vs {label}", millions(sv.npc), "", f"M{cur}"])
        table = figures_table(["", "design", label, "unit"], rows)
    else:
        table = figures_table(["", "design", "unit"], [list(row) for row in design])
    return [_weather(result.weather_source), design_sizes(result.system), table,
            _checks(result)]


def result_html(result) -> Html:
    """A :class:`~minegrid.SimulationResult` for a notebook: key figures beside the base
    case's, the design's sizes and its design checks, rounded and escaped."""
    return _box("SimulationResult", _simulation_parts(result))


def _life_fuel(r) -> tuple[str, Html, str]:
    """The fuel burnt over the life of mine: diesel in kL, or each fuel of a plant."""
    if r.fuels is not None and len(r.fuels):
        burnt = r.fuels.groupby(["fuel", "unit"], sort=False)["quantity"].sum()
        return ("Fuel", Html(", ".join(f"{num(q)} {esc(u)} {esc(f)}"
                                       for (f, u), q in burnt.items())), "")
    return "Fuel", num(float(r.cash_flow["fuel_l"].sum()) / 1e3), "kL"


def life_html(result) -> Html:
    """A :class:`~minegrid.LifeOfMineResult` for a notebook: life-of-mine totals beside the
    base case's, the design's sizes and the number of replacement events."""
    cur = result.currency  # text: the table escapes the units

    def figures(r):
        cf = r.cash_flow
        served = float(cf["served_kwh"].sum())
        renewable = 1.0 - float(cf["genset_kwh"].sum()) / served if served > 0 else 0.0
        load = float(cf["load_kwh"].sum())
        unserved = float(cf["unserved_kwh"].sum()) / load if load > 0 else 0.0
        return [("Net present cost", millions(r.npc), f"M{cur}"),
                ("LCOE", num(r.lcoe, 3), f"{cur}/kWh"),
                ("Capital", millions(float(cf["capex"].iloc[0])), f"M{cur}"),
                ("Renewable fraction", num(100 * renewable, 1), "%"),
                _life_fuel(r),
                ("CO2", num(float(cf["co2_t"].sum())), "t"),
                ("Unserved energy", num(100 * unserved, 2), "%"),
                ("Load served", num(served / 1e6, 1), "GWh")]

    design = figures(result)
    if result.base is not None:
        base = {q: v for q, v, _ in figures(result.base)}
        rows = [[q, v, base[q], u] for q, v, u in design]
        label = base_label(result)
        rows.append([f"NPC saving vs {label}", millions(result.savings.npc), "", f"M{cur}"])
        table = figures_table(["", "design", label, "unit"], rows)
    else:
        table = figures_table(["", "design", "unit"], [list(row) for row in design])
    intro = Html(f"<div>{num(result.life.last_year)} years of operation "
                 f"({esc(result.mode)} mode), totals over the life of mine; "
                 f"{num(len(result.events))} replacement, overhaul and augmentation "
                 "events.</div>")
    return _box("LifeOfMineResult", [_weather(result.weather_source), intro,
                                     design_sizes(result.system), table])


def sizing_html(sizing) -> Html:
    """A :class:`~minegrid.SizingResult` for a notebook: the search's status, the decision
    variables and the requirements met or not, then the chosen design's result."""
    inner = sizing.result
    cur = inner.project.currency if inner is not None else ""
    state = (f'<span style="{_MET}">success</span>' if sizing.success
             else f'<span style="{_FAILED}">NOT successful</span>')
    head = Html(f"<div>{state} (status {num(sizing.status)}): {esc(sizing.message)}<br>"
                f"{esc(sizing.method)}: {num(sizing.nit)} iterations, {num(sizing.nfev)} "
                f"designs evaluated in {num(sizing.elapsed_s, 1)} s</div>")
    rows = []
    for name, row in sizing.to_frame().iterrows():
        unit = str(row.get("unit") or "")
        value, shown = quantity(str(name), unit, row["value"], cur)
        limit, met = row.get("limit"), row.get("met")
        has_limit = limit is not None and limit == limit
        verdict = "" if met is None or met != met else (
            Html(f'<span style="{_MET}">met</span>') if met
            else Html(f'<span style="{_FAILED}">NOT MET</span>'))
        rows.append([Html(f"<code>{esc(name)}</code>"), value,
                     quantity(str(name), unit, limit, cur)[0] if has_limit else "", verdict,
                     shown])
    parts = [_weather(getattr(inner, "weather_source", None)), head,
             figures_table(["", "value", "limit", "", "unit"], rows)]
    parts += [f"<div>note: <code>{esc(n)}</code> is at the {esc(side)} bound of the design "
              "space; widen it</div>" for n, side in sizing.at_bounds.items()]
    if inner is not None and hasattr(inner, "stats"):
        parts += ["<div style='margin-top:6px'><b>The chosen design</b></div>",
                  *_simulation_parts(inner)[1:]]  # the weather is said above
    elif inner is not None:
        parts += ["<div style='margin-top:6px'><b>The chosen design</b></div>",
                  life_html(inner)]
    return _box("SizingResult", parts)
