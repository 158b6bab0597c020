"""The sections of the report, each written as an HTML snippet from a result.

:func:`kpi_cards` (the key figures), :func:`design_section` (the chosen
design), :func:`energy_section` (energy, fuel and emissions),
:func:`costs_section` (present costs, in millions, with
:func:`~minegrid.report.readable.salvage_note` on why a little-used genset
keeps a large salvage value), :func:`comparison_section` (against the
diesel-only base case, or for a plant of genset types the types alone),
:func:`lp_section` (the LP-bound gap),
:func:`sizing_section` (the optimiser and the best designs),
:func:`weather_banner` (a warning when the weather is synthetic),
:func:`checks_section` (the design checks in words) and
:func:`assumptions_table` (every input behind a result).
"""

from __future__ import annotations

import math
from dataclasses import fields, is_dataclass

from .markup import (
    Html,
    esc,
    figure_html,
    genset_life,
    html_table,
    millions,
    new_figure,
    num,
    pct,
    plain_value,
)
from .plant import base_label, fuel_cost, fuel_rows, is_plant
from .readable import genset_lives, quantity, salvage_note

__all__ = ["assumptions_table", "kpi_cards", "design_section", "energy_section",
           "costs_section", "comparison_section", "lp_section", "sizing_section",
           "weather_banner", "checks_section"]


def weather_banner(result) -> str:
    """A warning box when the result is built on synthetic weather ("" otherwise)."""
    if not getattr(result, "synthetic_weather", False):
        return ""
    return ('<div class="warning"><b>Built on synthetic weather.</b> '
            f"{esc(result.weather_source)}. PV and wind yields follow that model, not "
            "measurements: calibrate it to the site's monthly irradiation (an atlas such as "
            "Global Solar Atlas or Explorador Solar) or use a measured weather file before "
            "relying on them.</div>")


def checks_section(result) -> str:
    """The design checks of :meth:`SimulationResult.design_checks`, in words."""
    items = []
    for c in result.design_checks():
        cls = "met" if c["met"] else "failed"
        items.append(f'<li class="{cls}">{esc(c["text"])}</li>')
    source = getattr(result, "weather_source", None)
    if source:
        items.append(f'<li class="{"warn" if result.synthetic_weather else "met"}">Weather: '
                     f"{esc(source)}.</li>")
    return '<ul class="checks">' + "".join(items) + "</ul>"


def assumptions_table(result) -> list[tuple[str, str, str]]:
    """Every input behind a result: project finance, component fields and dispatch rules.

    Parameters
    ----------
    result : SimulationResult

    Returns
    -------
    list of (group, field, value) tuples
        Field names keep their units (``capex_per_kw``); values are formatted.
    """
    from ..components import DualFuel

    rows: list[tuple[str, str, str]] = []
    sys_ = result.system
    groups = [("Project", result.project), ("PV plant", sys_.pv),
              ("Wind farm", sys_.wind), ("Battery", sys_.battery)]
    if sys_.genset is not None:
        groups.append(("Gensets", sys_.genset))
    groups += [(f"Genset type: {g.name}", g) for g in sys_.gensets]
    fuels = {}
    for g in sys_.fleets:
        supply = g.fuel
        parts = (supply.gas, supply.diesel) if isinstance(supply, DualFuel) else ()
        for fuel in (*parts, supply):
            fuels.setdefault(fuel.name, fuel)
    groups += [(f"Fuel: {name}", fuel) for name, fuel in fuels.items()]
    groups += [("Dispatch", sys_.dispatch)]
    for group, obj in groups:
        if obj is None or not is_dataclass(obj):
            continue
        for f in fields(obj):
            value = getattr(obj, f.name)
            if f.name in ("fuel", "gas", "diesel") and hasattr(value, "name"):
                value = value.name  # the fuel's fields are in its own group
            rows.append((group, f.name, plain_value(value)))
    if sys_.gensets:
        rows.append(("Dispatch", "merit_order", plain_value(sys_.merit_order)))
    return rows


def kpi_cards(result) -> str:
    """The key-figure cards at the top of the report."""
    s, c = result.stats, result.costs
    cur = esc(c.currency)  # every card value and detail below is markup: the currency escaped
    cards = [
        ("Net present cost", f"{millions(c.npc)} M{cur}",
         f"over {result.project.lifetime_years} years at {pct(result.project.discount_rate, 1)}"),
        ("Cost of electricity", f"{num(c.lcoe, 3)} {cur}/kWh",
         f"annualised {millions(c.annualised)} M{cur}/yr"),
        ("Renewable fraction", pct(s.renewable_fraction),
         f"unserved energy {pct(s.unserved_fraction, 2)}"),
    ]
    sv = result.savings
    plant = is_plant(result)
    if sv is not None:
        good = "good" if sv.npc >= 0 else "bad"
        label = base_label(result)
        if plant:  # fuels of different units: weighed by what they cost
            saved, before = fuel_cost(result.base) - fuel_cost(result), fuel_cost(result.base)
            share = pct(saved / before if before else 0)
            fuel_card = ("Fuel cost saved", f"{millions(saved)} M{cur}/yr",
                         f"{share} of the {esc(label.replace(' ', '-'))} fuel bill")
        else:
            before = result.base.stats.fuel_l
            fuel_card = ("Fuel saved", f"{num(sv.fuel_l / 1e3, 0)} kL/yr",
                         f"{pct(sv.fuel_l / before if before else 0)} of the diesel-only fuel")
        cards += [
            (f"Saving against {label}", Html(f'<span class="{good}">{millions(sv.npc)} '
                                             f"M{cur}</span>"),
             f"net present value; extra capital {millions(sv.capital_extra)} M{cur}"),
            fuel_card,
            ("CO2 avoided", f"{num(sv.co2_t, 0)} t/yr",
             f"{num(sv.co2_t * result.project.lifetime_years / 1e3, 0)} kt over the project"),
        ]
    else:
        fuel_card = (("Fuel cost", f"{millions(fuel_cost(result))} M{cur}/yr",
                      "every fuel at its price") if plant
                     else ("Fuel", f"{num(s.fuel_l / 1e3, 0)} kL/yr", ""))
        cards += [("Capital", f"{millions(c.capital)} M{cur}", "initial investment"),
                  fuel_card, ("CO2", f"{num(s.co2_t, 0)} t/yr", "")]
    out = ['<div class="kpis">']
    for label, value, detail in cards:
        out.append(f'<div class="kpi"><div class="label">{esc(label)}</div>'
                   f'<div class="value">{Html(value)}</div><div class="detail">{Html(detail)}'
                   "</div></div>")
    out.append("</div>")
    return Html("".join(out))


def design_section(result) -> str:
    """The chosen design: size, life and capital of each component, and the dispatch.

    Genset lives are capped at the project (``"> 20 yr (project)"``) with the
    running hours per unit per year beside them (:func:`~minegrid.report.markup.genset_life`).
    """
    sys_, cur = result.system, result.costs.currency
    n_years = result.project.lifetime_years
    lives = result.costs.lives  # as priced: ComponentCosts.life_years of each component
    life = {k: ("∞ (never runs)" if not math.isfinite(v) else f"{num(v, 1)} yr")
            for k, v in lives.items()}
    runs = {name: genset_life(years, hours, n_years)
            for name, years, hours in genset_lives(result)}
    rows = []
    if sys_.pv is not None and sys_.pv.rated_kw > 0:
        rows.append(["PV plant", f"{num(sys_.pv.rated_kw)} kW DC", life["pv"],
                     millions(result.costs.pv.capital)])
    if sys_.wind is not None and sys_.wind.n_turbines > 0:
        w = sys_.wind
        rows.append(["Wind farm", f"{w.n_turbines} × {num(w.turbine_rated_kw)} kW "
                     f"= {num(w.rated_kw)} kW", life["wind"],
                     millions(result.costs.wind.capital)])
    if sys_.battery is not None and sys_.battery.energy_kwh > 0:
        b = sys_.battery
        rows.append(["Battery", f"{num(b.energy_kwh)} kWh, {num(b.power_kw)} kW "
                     f"({num(b.energy_kwh / b.power_kw if b.power_kw else 0, 1)} h)",
                     life["battery"], millions(result.costs.battery.capital)])
    if sys_.genset is not None and sys_.genset.n_units > 0:
        g = sys_.genset
        rows.append(["Gensets", f"{g.n_units} × {num(g.unit_rated_kw)} kW = {num(g.rated_kw)} "
                     f"kW (min. load {pct(g.min_load_ratio, 0)})", runs[g.name],
                     millions(result.costs.genset.capital)])
    table = result.fleets if sys_.gensets and result.fleets is not None else None
    for g in sys_.gensets if table is not None else ():
        row = table.loc[g.name]
        owned = f", {g.existing_units} owned" if g.existing_units else ""
        rows.append([f"Gensets: {g.name}", f"{g.n_units} × {num(g.unit_rated_kw)} kW = "
                     f"{num(g.rated_kw)} kW{owned}, {g.fuel.name} (min. load "
                     f"{pct(g.min_load_ratio, 0)})", runs[g.name],
                     millions(float(row["capital"]))])
    if sys_.converter is not None:
        cv = sys_.converter
        size = (f"inverter {num(cv.inverter_kw)} kW ({pct(cv.inverter_efficiency, 0)}), "
                f"rectifier {num(cv.rectifier_kw)} kW ({pct(cv.rectifier_efficiency, 0)})")
        rows.append(["Converter", size, life["converter"],
                     millions(result.costs.converter.capital)])
    rows.append(["Total", "", "", millions(result.costs.capital)])
    d = sys_.dispatch
    who = {"genset_first": "gensets carry the load when they run",
           "battery_first": "the battery serves first",
           "economic": "the cheaper of battery and gensets each hour"}[d.battery_dispatch]
    online = (f"; at least {d.units_always_online} unit(s) always online"
              if d.units_always_online else "")
    text = Html(f"<p>Dispatch: <b>{esc(d.strategy.replace('_', ' '))}</b> (HOMER rules), {who}"
                f"{online}; operating reserve {pct(d.reserve_load_fraction, 0)} of load, "
                f"{pct(d.reserve_pv_fraction, 0)} of PV and {pct(d.reserve_wind_fraction, 0)} "
                "of wind output, with renewables counted as operating capacity.</p>")
    head = Html(f"Capital <span class='unit'>[M{esc(cur)}]</span>")
    return Html(html_table(["Component", "Size", "Life", head], rows, total_last=True,
                           text_cols=(0, 1, 2)) + text)


def energy_section(result) -> str:
    """Energy, fuel and emissions per year: two tables side by side."""
    s = result.stats
    rows = [
        ["Load", num(s.load_kwh / 1e3), ""],
        ["Served", num(s.served_kwh / 1e3), ""],
        ["Unserved", num(s.unserved_kwh / 1e3, 1), pct(s.unserved_fraction, 2) + " of load"],
        ["PV output (before curtailment)", num(s.pv_kwh / 1e3), ""],
        ["Wind output (before curtailment)", num(s.wind_kwh / 1e3), ""],
        ["Renewable energy curtailed", num(s.curtailed_kwh / 1e3),
         pct(s.curtailed_fraction) + " of renewable output"],
        ["Genset production", num(s.genset_kwh / 1e3), f"incl. {num(s.dumped_kwh / 1e3)} "
         "dumped"],
        ["Battery discharge", num(s.battery_discharge_kwh / 1e3),
         f"{num(s.battery_cycles, 0)} equivalent full cycles/yr"],
        ["Battery losses", num(s.battery_losses_kwh / 1e3), ""],
        ["Renewable fraction", "", pct(s.renewable_fraction)],
        ["Capacity shortage (reserve not met)", num(s.capacity_shortage_kwh / 1e3, 1),
         f"{num(s.capacity_shortage_hours)} h/yr"],
    ]
    energy = html_table(["Energy", Html("<span class='unit'>[MWh/yr]</span>"), "Note"], rows,
                        text_cols=(0, 2))
    if is_plant(result):  # every fuel in its unit and the fuel bill (no litres per kWh of gas)
        cur = result.costs.currency
        rows = [[f"Fuel burnt: {f}", num(q), f"{u}/yr"] for (f, u), q in fuel_rows(result).items()]
        rows += [["Fuel cost", millions(fuel_cost(result)), f"M{cur}/yr"],
                 ["CO2 emitted", num(s.co2_t), "t/yr"]]
    else:
        rows = [
            ["Fuel burnt", num(s.fuel_l / 1e3), "kL/yr"],
            ["CO2 emitted", num(s.co2_t), "t/yr"],
            ["Specific fuel", num(s.fuel_l / s.genset_kwh if s.genset_kwh > 0 else 0, 3),
             "L/kWh generated"],
        ]
    rows += [
        ["Genset running hours", num(s.unit_running_hours), "unit-h/yr"],
        ["Fleet running hours", num(s.fleet_running_hours), "h/yr"],
        ["Genset starts", num(s.starts), "1/yr"],
        ["Most units online", num(s.max_units_online), "–"],
    ]
    fuel = html_table(["Fuel and emissions", "Value", "Unit"], rows, text_cols=(0, 2))
    return Html(f'<div class="two"><div>{energy}</div><div>{fuel}</div></div>')


def costs_section(result) -> str:
    """Present costs by component and category, and the key economic figures."""
    from ..economics import CATEGORIES

    c = result.costs
    frame = c.to_frame()
    labels = {"pv": "PV", "wind": "Wind", "battery": "Battery", "genset": "Gensets",
              "converter": "Converter", "system": "System"}
    header = ["Component", "Capital", "Replacement", "O&M", "Fuel", "Carbon", "Salvage",
              "Total"]
    rows = []
    for comp in frame.index:
        values = frame.loc[comp]
        if comp != "system" and not values.abs().sum() > 0:
            continue
        rows.append([labels.get(comp, comp)] + [millions(values[cat]) for cat in CATEGORIES]
                    + [millions(values["total"])])
    table = html_table(header, rows, total_last=True)
    cur = esc(c.currency)
    note = salvage_note(result)
    text = Html(f"<p class='note'>Present values in millions of {cur} (M{cur}"
                f"); salvage is a credit. Net present cost {millions(c.npc)} M{cur}, "
                f"annualised {millions(c.annualised)} M{cur}/yr (capital recovery "
                f"factor {c.crf:.4f}), levelised cost of electricity {num(c.lcoe, 3)} "
                f"{cur}/kWh served.</p>" + (f"<p class='note'>{esc(note)}</p>" if note else ""))
    return Html(table + text)


def _gensets(r) -> str:
    fleets = r.system.fleets
    if not fleets:
        return "0 × 0 kW"
    return " + ".join(f"{f.n_units} × {num(f.unit_rated_kw)} kW"
                      + (f" {f.name}" if len(fleets) > 1 else "") for f in fleets)


def comparison_section(result) -> str:
    """The design against the base case (diesel only; for a plant, gensets only)."""
    b = result.base
    cur = result.costs.currency
    if is_plant(result):
        names = list(dict.fromkeys([*fuel_rows(b), *fuel_rows(result)]))
        fuel = [(f"Fuel: {f}", lambda r, k=(f, u): fuel_rows(r).get(k, 0.0), 0, f"{u}/yr")
                for f, u in names]
        fuel.append(("Fuel cost", lambda r: fuel_cost(r) / 1e6, 2, f"M{cur}/yr"))
    else:
        fuel = [("Fuel", lambda r: r.stats.fuel_l / 1e3, 0, "kL/yr")]
    metrics = [
        ("Gensets", _gensets, None, ""),
        ("Capital", lambda r: r.costs.capital / 1e6, 2, f"M{cur}"),
        ("Net present cost", lambda r: r.costs.npc / 1e6, 2, f"M{cur}"),
        ("Annualised cost", lambda r: r.costs.annualised / 1e6, 2, f"M{cur}/yr"),
        ("LCOE", lambda r: r.costs.lcoe, 3, f"{cur}/kWh"),
        ("Renewable fraction", lambda r: 100 * r.stats.renewable_fraction, 1, "%"),
        *fuel,
        ("CO2", lambda r: r.stats.co2_t, 0, "t/yr"),
        ("Genset running hours", lambda r: r.stats.unit_running_hours, 0, "unit-h/yr"),
        ("Unserved energy", lambda r: 100 * r.stats.unserved_fraction, 2, "%"),
    ]
    rows = []
    for name, get, digits, unit in metrics:
        d, base = get(result), get(b)
        if digits is None:
            rows.append([name, d, base, "", ""])
            continue
        rows.append([name, num(d, digits), num(base, digits), num(d - base, digits), unit])
    return html_table(["", "Design", base_label(result).capitalize(), "Difference", "Unit"], rows,
                      text_cols=(0, 4))


def lp_section(lp_gap, result, strategies=None) -> str:
    """The LP lower bound on the net present cost and the gap to the design (and to the
    design under each dispatch strategy of ``strategies``, ``{strategy: npc}``)."""
    cur = result.costs.currency
    rows = []
    gap = bound = None
    if isinstance(lp_gap, int | float):
        gap = float(lp_gap)
    else:
        get = (lp_gap.get if isinstance(lp_gap, dict)
               else lambda k, default=None: getattr(lp_gap, k, default))
        for key in ("gap", "relative_gap", "regret"):
            value = get(key)
            if value is not None and gap is None and not callable(value):
                gap = float(value)
        for key in ("npc", "lower_bound", "bound", "npc_bound", "lower_bound_npc", "fun"):
            if get(key) is not None and bound is None:
                try:
                    bound = float(get(key))
                except (TypeError, ValueError):
                    bound = None
    npc = result.costs.npc
    if gap is None and bound is not None and bound > 0:
        gap = (npc - bound) / bound  # what LPBound.gap(npc) computes
    if not isinstance(lp_gap, int | float | dict) and getattr(lp_gap, "success", True) is False:
        return Html(f"<p>The linear programme did not solve "
                    f"({esc(getattr(lp_gap, 'message', ''))}), so no lower bound is "
                    "reported.</p>")
    if bound is not None:
        # three decimals here (not two): the bound and the design are often within 0.1 %
        rows.append(["LP lower bound on net present cost", millions(bound, 3), f"M{cur}"])
    rows.append(["Net present cost of the rule-based design", millions(npc, 3), f"M{cur}"])
    if gap is not None:
        rows.append(["Gap (regret of the rule-based dispatch and sizing)", pct(gap, 2), ""])
    for name, value in (strategies or {}).items():
        label = f"The same design with {name.replace('_', ' ')} dispatch"
        rows.append([label, millions(value, 3), f"M{cur}"])
        if bound is not None and bound > 0:
            rows.append(["  its gap above the bound", pct(value / bound - 1.0, 2), ""])
    if getattr(lp_gap, "mode", None) == "sizing":
        text = Html("<p>The linear programme chooses the sizes and the hourly dispatch "
                    "together, with perfect foresight of the whole year and unit commitment "
                    "continuous (no-load fuel, minimum load and reserve kept where every "
                    "dispatch must hold them), so no design in the same design space, under "
                    "any operating strategy, can cost less. The gap measures how much a better "
                    "controller or design could still save at most.</p>")
    else:
        text = Html("<p>The linear programme optimises the dispatch of this design with perfect "
                "foresight of the whole year and unit commitment continuous, so no operating "
                "strategy of this system can cost less. The gap measures how much a better "
                "controller could still save at most.</p>")
    return Html(text + html_table(["", "Value", "Unit"], rows, text_cols=(0, 2)))


def sizing_section(sizing, pareto, result, figs: bool) -> str:
    """The optimiser's status, the requirements and the best distinct designs."""
    out = []
    info = []
    for key, label in (("success", "Converged"), ("message", "Message"),
                       ("nfev", "Designs evaluated"), ("nit", "Iterations")):
        value = getattr(sizing, key, None)
        if value is not None:
            info.append([label, ("yes" if value else "no") if isinstance(value, bool)
                         else num(value) if isinstance(value, int | float) else value])
    if info:
        out.append(html_table(["Optimiser", ""], info, text_cols=(0, 1)))
    to_frame = getattr(sizing, "to_frame", None)
    if callable(to_frame):
        checks = to_frame()
        rows = []
        for name, row in checks.iterrows():
            met = row.get("met")
            limit = row.get("limit")
            unit = str(row.get("unit") or "")
            value, shown = quantity(name, unit, row["value"], result.costs.currency)
            rows.append([name, value,
                         "" if limit is None or limit != limit else
                         quantity(name, unit, limit, result.costs.currency)[0], shown,
                         "" if met is None else ("met" if met else Html("<b>NOT MET</b>"))])
        out.append(html_table(["Decision variable, objective or requirement", "Value", "Limit",
                               "Unit", ""], rows, text_cols=(0, 3, 4)))
    at_bounds = getattr(sizing, "at_bounds", None) or {}
    if at_bounds:
        names = ", ".join(f"{esc(n)} ({esc(side)})" for n, side in at_bounds.items())
        out.append(f'<p class="note"><b>Note:</b> {names} ended on a bound of the design '
                   "space, so a better design may lie outside it: widen the space there "
                   "and size again.</p>")
    history = getattr(sizing, "history", None)
    if history is not None and len(history):
        types = [c for c in history.columns if str(c).startswith("n_units[")]  # a plant's
        cols = [c for c in ("pv_kw", "n_turbines", "battery_kwh", "battery_kw", "n_units",
                            "unit_kw", *types, "renewable_fraction", "unserved_fraction",
                            "fuel_l", "npc", "lcoe", "feasible") if c in history.columns]
        top = history
        if "npc" in history.columns:
            ok = history
            if "feasible" in history.columns:
                ok = history[history["feasible"].astype(bool)]
                ok = ok if len(ok) else history
            top = ok.sort_values("npc")
        sizes = [c for c in cols if c in ("pv_kw", "n_turbines", "battery_kwh", "n_units",
                                          *types)]
        if sizes:  # one row per distinct design (rounded to 1 %)
            key = top[sizes].apply(lambda v: (v / (abs(v).max() or 1)).round(2))
            top = top.loc[~key.duplicated()]
        top = top.head(10)
        rows = [[str(i)] + [_cell(c, row[c]) for c in cols] for i, row in top.iterrows()]
        out.append(f"<h3>Best distinct designs among the {len(history):,} evaluated</h3>")
        heads = dict(_HEADS, npc=f"NPC [M{result.costs.currency}]",
                     lcoe=f"LCOE [{result.costs.currency}/kWh]",
                     **{c: f"Units: {c[len('n_units['):-1]}" for c in types})
        if types:
            heads["fuel_l"] = "Diesel [kL/yr]"
        out.append(html_table(["#"] + [heads.get(c, c) for c in cols], rows))
    if figs and pareto is not None and len(pareto):
        from ..plots import pareto_front

        fig = new_figure(9.0, 4.6)
        ax = fig.subplots()
        try:
            pareto_front(pareto, ax=ax, all_points=history, currency=result.costs.currency)
            out.append(figure_html(fig, "Pareto front: net present cost against the second "
                                   "objective; grey points are all evaluated designs."))
        except ValueError:
            pass
    return Html("".join(out))


_HEADS = {"pv_kw": "PV [kW]", "n_turbines": "Turbines", "battery_kwh": "Battery [kWh]",
          "battery_kw": "Battery [kW]", "n_units": "Gensets", "unit_kw": "Genset [kW]",
          "renewable_fraction": "Renewable [%]", "unserved_fraction": "Unserved [%]",
          "fuel_l": "Fuel [kL/yr]", "npc": "NPC [M]", "lcoe": "LCOE", "feasible": "Feasible"}


def _cell(col: str, value) -> str:
    if col in ("renewable_fraction", "unserved_fraction"):
        return num(100 * float(value), 2 if col == "unserved_fraction" else 1)
    if col == "npc":
        return num(float(value) / 1e6, 2)
    if col == "fuel_l":
        return num(float(value) / 1e3)
    if col == "lcoe":
        return num(value, 3)
    if col == "feasible":
        return "yes" if bool(value) else "no"
    return num(value)
