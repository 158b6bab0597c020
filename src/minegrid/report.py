"""A self-contained HTML report of a study, ready to hand to a client.

:func:`write_report` writes one HTML file with inline CSS and the plots of
:mod:`minegrid.plots` embedded as base64 PNG images: no external assets, no
scripts, so it opens offline in any browser, prints cleanly to PDF and can be
sent by e-mail. Sections: key figures, the chosen design, energy, fuel and
CO2, costs, the comparison with the diesel-only base case, the cash flow,
sizing (when a sizing result is given), the LP-bound gap (when given) and the
assumptions.

Figures are drawn on :class:`matplotlib.figure.Figure` objects (not pyplot),
so writing a report never opens a window nor touches the pyplot state.
"""

from __future__ import annotations

import base64
import datetime as _dt
import html
import io
import math
from dataclasses import fields, is_dataclass
from pathlib import Path

from .errors import check

__all__ = ["write_report", "assumptions_table"]

_CSS = """
:root { --ink:#1d2733; --muted:#5b6675; --line:#d9dee5; --accent:#0b5394; --soft:#f3f6f9;
        --good:#1a7f37; --bad:#b42318; }
* { box-sizing: border-box; }
body { margin:0; background:#e9edf1; color:var(--ink);
       font: 15px/1.5 "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", sans-serif; }
.page { max-width: 1060px; margin: 24px auto; background:#fff; padding: 0 0 32px;
        box-shadow: 0 1px 4px rgba(0,0,0,.12); }
header { background: var(--accent); color:#fff; padding: 28px 44px 22px; }
header h1 { margin:0 0 4px; font-size: 27px; font-weight: 600; letter-spacing: .2px; }
header .sub { font-size: 16px; opacity: .92; }
header .meta { font-size: 12.5px; opacity: .8; margin-top: 10px; }
main { padding: 8px 44px 0; }
h2 { font-size: 20px; color: var(--accent); border-bottom: 2px solid var(--accent);
     padding-bottom: 4px; margin: 34px 0 12px; }
h3 { font-size: 16px; margin: 20px 0 8px; }
p { margin: 6px 0 10px; }
.note { color: var(--muted); font-size: 13px; }
.kpis { display: grid; grid-template-columns: repeat(3, 1fr); gap: 12px; margin: 22px 0 4px; }
.kpi { background: var(--soft); border-left: 4px solid var(--accent); padding: 10px 14px; }
.kpi .label { font-size: 12.5px; color: var(--muted); text-transform: uppercase;
              letter-spacing: .4px; }
.kpi .value { font-size: 23px; font-weight: 600; }
.kpi .detail { font-size: 12.5px; color: var(--muted); }
.kpi .good { color: var(--good); } .kpi .bad { color: var(--bad); }
table { border-collapse: collapse; width: 100%; margin: 8px 0 14px; font-size: 13.5px; }
th, td { padding: 5px 10px; border-bottom: 1px solid var(--line); text-align: right;
         vertical-align: top; }
th { background: var(--soft); font-weight: 600; color: var(--ink); }
th:first-child, td:first-child { text-align: left; }
td.text, th.text { text-align: left; }
tr.total td { font-weight: 600; border-top: 2px solid var(--ink); }
tbody tr:nth-child(even) td { background: #fafbfc; }
.two { display: grid; grid-template-columns: 1fr 1fr; gap: 22px; }
figure { margin: 14px 0 20px; page-break-inside: avoid; }
figure img { width: 100%; height: auto; display: block; border: 1px solid var(--line); }
figcaption { font-size: 13px; color: var(--muted); margin-top: 5px; }
.unit { color: var(--muted); font-weight: normal; }
footer { margin: 36px 44px 0; padding-top: 12px; border-top: 1px solid var(--line);
         font-size: 12px; color: var(--muted); }
@media print {
  body { background: #fff; }
  .page { box-shadow: none; margin: 0; max-width: none; }
  h2 { page-break-after: avoid; }
  header { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


# ----------------------------------------------------------------------------- formatting


def _esc(value) -> str:
    return html.escape(str(value))


def _num(value, digits: int = 0) -> str:
    """Thousands-separated number; '–' for None/NaN; '∞' for infinity."""
    if value is None:
        return "–"
    if isinstance(value, str):
        return _esc(value)
    try:
        v = float(value)
    except (TypeError, ValueError):
        return _esc(value)
    if math.isnan(v):
        return "–"
    if math.isinf(v):
        return "∞"
    if round(v, digits) == 0:
        v = 0.0
    return f"{v:,.{digits}f}".replace("-", "−")


def _pct(value, digits: int = 1) -> str:
    return "–" if value is None else f"{_num(100 * float(value), digits)} %"


def _table(header: list[str], rows: list[list], *, total_last: bool = False,
           text_cols: tuple[int, ...] = (0,)) -> str:
    """An HTML table; cells are pre-formatted strings (escaped here)."""
    out = ["<table><thead><tr>"]
    for i, h in enumerate(header):
        cls = ' class="text"' if i in text_cols else ""
        out.append(f"<th{cls}>{h}</th>")
    out.append("</tr></thead><tbody>")
    for k, row in enumerate(rows):
        cls = ' class="total"' if total_last and k == len(rows) - 1 else ""
        out.append(f"<tr{cls}>")
        for i, cell in enumerate(row):
            c = ' class="text"' if i in text_cols else ""
            out.append(f"<td{c}>{cell}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _figure_html(fig, caption: str) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, facecolor="white")
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return (f'<figure><img alt="{_esc(caption)}" src="data:image/png;base64,{data}">'
            f"<figcaption>{_esc(caption)}</figcaption></figure>")


def _new_figure(width: float, height: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


# ----------------------------------------------------------------------------- content


def _plain(value):
    if value is None:
        return "–"
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value):
            return _num(value, 0)
        return _esc(f"{value:,.6g}")
    if isinstance(value, tuple | list):
        return _esc(", ".join(str(v) for v in value)) or "–"
    return _num(value) if isinstance(value, int) and not isinstance(value, bool) else _esc(value)


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
    rows: list[tuple[str, str, str]] = []
    groups = [("Project", result.project), ("PV plant", result.system.pv),
              ("Wind farm", result.system.wind), ("Battery", result.system.battery),
              ("Gensets", result.system.genset), ("Dispatch", result.system.dispatch)]
    for group, obj in groups:
        if obj is None or not is_dataclass(obj):
            continue
        for f in fields(obj):
            rows.append((group, f.name, _plain(getattr(obj, f.name))))
    return rows


def _kpis(result) -> str:
    s, c = result.stats, result.costs
    cur = c.currency
    cards = [
        ("Net present cost", f"{_num(c.npc / 1e6, 1)} M{cur}",
         f"over {result.project.lifetime_years} years at {_pct(result.project.discount_rate, 1)}"),
        ("Cost of electricity", f"{_num(c.lcoe, 3)} {cur}/kWh",
         f"annualised {_num(c.annualised / 1e6, 2)} M{cur}/yr"),
        ("Renewable fraction", _pct(s.renewable_fraction),
         f"unserved energy {_pct(s.unserved_fraction, 3)}"),
    ]
    sv = result.savings
    if sv is not None:
        good = "good" if sv.npc >= 0 else "bad"
        cards += [
            ("Saving against diesel only", f'<span class="{good}">{_num(sv.npc / 1e6, 1)} '
             f"M{cur}</span>", f"net present value; extra capital {_num(sv.capital_extra / 1e6, 1)}"
             f" M{cur}"),
            ("Fuel saved", f"{_num(sv.fuel_l / 1e3, 0)} kL/yr",
             f"{_pct(sv.fuel_l / result.base.stats.fuel_l if result.base.stats.fuel_l else 0)}"
             " of the diesel-only fuel"),
            ("CO2 avoided", f"{_num(sv.co2_t, 0)} t/yr",
             f"{_num(sv.co2_t * result.project.lifetime_years / 1e3, 0)} kt over the project"),
        ]
    else:
        cards += [("Capital", f"{_num(c.capital / 1e6, 1)} M{cur}", "initial investment"),
                  ("Fuel", f"{_num(s.fuel_l / 1e3, 0)} kL/yr", ""),
                  ("CO2", f"{_num(s.co2_t, 0)} t/yr", "")]
    out = ['<div class="kpis">']
    for label, value, detail in cards:
        out.append(f'<div class="kpi"><div class="label">{_esc(label)}</div>'
                   f'<div class="value">{value}</div><div class="detail">{_esc(detail)}'
                   "</div></div>")
    out.append("</div>")
    return "".join(out)


def _design(result) -> str:
    sys_, cur = result.system, result.costs.currency
    lives = result.costs.lives  # as priced: ComponentCosts.life_years of each component
    life = {k: ("∞ (never runs)" if not math.isfinite(v) else f"{_num(v, 1)} yr")
            for k, v in lives.items()}
    rows = []
    if sys_.pv is not None and sys_.pv.rated_kw > 0:
        rows.append(["PV plant", f"{_num(sys_.pv.rated_kw)} kW DC", life["pv"],
                     _num(result.costs.pv.capital / 1e6, 2)])
    if sys_.wind is not None and sys_.wind.n_turbines > 0:
        w = sys_.wind
        rows.append(["Wind farm", f"{w.n_turbines} × {_num(w.turbine_rated_kw)} kW "
                     f"= {_num(w.rated_kw)} kW", life["wind"],
                     _num(result.costs.wind.capital / 1e6, 2)])
    if sys_.battery is not None and sys_.battery.energy_kwh > 0:
        b = sys_.battery
        rows.append(["Battery", f"{_num(b.energy_kwh)} kWh, {_num(b.power_kw)} kW "
                     f"({_num(b.energy_kwh / b.power_kw if b.power_kw else 0, 1)} h)",
                     life["battery"], _num(result.costs.battery.capital / 1e6, 2)])
    if sys_.genset is not None and sys_.genset.n_units > 0:
        g = sys_.genset
        rows.append(["Gensets", f"{g.n_units} × {_num(g.unit_rated_kw)} kW = {_num(g.rated_kw)} "
                     f"kW (min. load {_pct(g.min_load_ratio, 0)})", life["genset"],
                     _num(result.costs.genset.capital / 1e6, 2)])
    rows.append(["Total", "", "", _num(result.costs.capital / 1e6, 2)])
    d = sys_.dispatch
    text = (f"<p>Dispatch: <b>{_esc(d.strategy.replace('_', ' '))}</b> (HOMER rules); operating "
            f"reserve {_pct(d.reserve_load_fraction, 0)} of load, "
            f"{_pct(d.reserve_pv_fraction, 0)} of PV and {_pct(d.reserve_wind_fraction, 0)} of "
            "wind output.</p>")
    return _table(["Component", "Size", "Life", f"Capital <span class='unit'>[M{cur}]</span>"],
                  rows, total_last=True, text_cols=(0, 1, 2)) + text


def _energy(result) -> str:
    s = result.stats
    rows = [
        ["Load", _num(s.load_kwh / 1e3), ""],
        ["Served", _num(s.served_kwh / 1e3), ""],
        ["Unserved", _num(s.unserved_kwh / 1e3, 1), _pct(s.unserved_fraction, 3) + " of load"],
        ["PV output (before curtailment)", _num(s.pv_kwh / 1e3), ""],
        ["Wind output (before curtailment)", _num(s.wind_kwh / 1e3), ""],
        ["Renewable energy curtailed", _num(s.curtailed_kwh / 1e3),
         _pct(s.curtailed_fraction) + " of renewable output"],
        ["Genset production", _num(s.genset_kwh / 1e3), f"incl. {_num(s.dumped_kwh / 1e3, 1)} "
         "dumped"],
        ["Battery discharge", _num(s.battery_discharge_kwh / 1e3),
         f"{_num(s.battery_cycles, 0)} equivalent full cycles/yr"],
        ["Battery losses", _num(s.battery_losses_kwh / 1e3), ""],
        ["Renewable fraction", "", _pct(s.renewable_fraction)],
        ["Capacity shortage (reserve not met)", _num(s.capacity_shortage_kwh / 1e3, 1),
         f"{_num(s.capacity_shortage_hours)} h/yr"],
    ]
    energy = _table(["Energy", "<span class='unit'>[MWh/yr]</span>", "Note"], rows,
                    text_cols=(0, 2))
    rows = [
        ["Fuel burnt", _num(s.fuel_l / 1e3, 1), "kL/yr"],
        ["CO2 emitted", _num(s.co2_t), "t/yr"],
        ["Specific fuel", _num(s.fuel_l / s.genset_kwh if s.genset_kwh > 0 else 0, 3),
         "L/kWh generated"],
        ["Genset running hours", _num(s.unit_running_hours), "unit-h/yr"],
        ["Fleet running hours", _num(s.fleet_running_hours), "h/yr"],
        ["Genset starts", _num(s.starts), "1/yr"],
        ["Most units online", _num(s.max_units_online), "–"],
    ]
    fuel = _table(["Fuel and emissions", "Value", "Unit"], rows, text_cols=(0, 2))
    return f'<div class="two"><div>{energy}</div><div>{fuel}</div></div>'


def _costs(result) -> str:
    from .economics import CATEGORIES

    c = result.costs
    frame = c.to_frame()
    labels = {"pv": "PV", "wind": "Wind", "battery": "Battery", "genset": "Gensets",
              "system": "System"}
    header = ["Component"] + [h for h in ("Capital", "Replacement", "O&amp;M", "Fuel", "Carbon",
                                          "Salvage", "Total")]
    rows = []
    for comp in frame.index:
        values = frame.loc[comp]
        if comp != "system" and not values.abs().sum() > 0:
            continue
        rows.append([labels.get(comp, comp)] + [_num(values[cat] / 1e3) for cat in CATEGORIES]
                    + [_num(values["total"] / 1e3)])
    table = _table(header, rows, total_last=True)
    cur = _esc(c.currency)
    text = (f"<p class='note'>Present values in thousands of {cur} (k{cur}"
            f"); salvage is a credit. Net present cost {_num(c.npc / 1e6, 2)} M{_esc(c.currency)}, "
            f"annualised {_num(c.annualised / 1e6, 3)} M{_esc(c.currency)}/yr (capital recovery "
            f"factor {c.crf:.4f}), levelised cost of electricity {_num(c.lcoe, 4)} "
            f"{_esc(c.currency)}/kWh served.</p>")
    return table + text


def _comparison(result) -> str:
    b = result.base
    cur = result.costs.currency
    metrics = [
        ("Gensets", lambda r: f"{r.system.genset_or_zero.n_units} × "
         f"{_num(r.system.genset_or_zero.unit_rated_kw)} kW", None, ""),
        ("Capital", lambda r: r.costs.capital / 1e6, 2, f"M{cur}"),
        ("Net present cost", lambda r: r.costs.npc / 1e6, 2, f"M{cur}"),
        ("Annualised cost", lambda r: r.costs.annualised / 1e6, 3, f"M{cur}/yr"),
        ("LCOE", lambda r: r.costs.lcoe, 4, f"{cur}/kWh"),
        ("Renewable fraction", lambda r: 100 * r.stats.renewable_fraction, 1, "%"),
        ("Fuel", lambda r: r.stats.fuel_l / 1e3, 0, "kL/yr"),
        ("CO2", lambda r: r.stats.co2_t, 0, "t/yr"),
        ("Genset running hours", lambda r: r.stats.unit_running_hours, 0, "unit-h/yr"),
        ("Unserved energy", lambda r: 100 * r.stats.unserved_fraction, 3, "%"),
    ]
    rows = []
    for name, get, digits, unit in metrics:
        d, base = get(result), get(b)
        if digits is None:
            rows.append([name, d, base, "", ""])
            continue
        rows.append([name, _num(d, digits), _num(base, digits), _num(d - base, digits), unit])
    return _table(["", "Design", "Diesel only", "Difference", "Unit"], rows, text_cols=(0, 4))


def _lp_section(lp_gap, result) -> str:
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
        return (f"<p>The linear programme did not solve ({_esc(getattr(lp_gap, 'message', ''))})"
                ", so no lower bound is reported.</p>")
    if bound is not None:
        rows.append(["LP lower bound on net present cost", _num(bound / 1e6, 3), f"M{cur}"])
    rows.append(["Net present cost of the rule-based design", _num(npc / 1e6, 3), f"M{cur}"])
    if gap is not None:
        rows.append(["Gap (regret of the rule-based dispatch and sizing)", _pct(gap, 2), ""])
    if getattr(lp_gap, "mode", None) == "sizing":
        text = ("<p>The linear programme chooses the sizes and the hourly dispatch together, with "
                "perfect foresight of the whole year and unit commitment relaxed, so no design in "
                "the same design space, under any operating strategy, can cost less. The gap "
                "measures how much a better controller or design could still save at most.</p>")
    else:
        text = ("<p>The linear programme optimises the dispatch of this design with perfect "
                "foresight of the whole year and unit commitment relaxed, so no operating "
                "strategy of this system can cost less. The gap measures how much a better "
                "controller could still save at most.</p>")
    return text + _table(["", "Value", "Unit"], rows, text_cols=(0, 2))


def _sizing_section(sizing, pareto, result, figs: bool) -> str:
    out = []
    info = []
    for key, label in (("success", "Converged"), ("message", "Message"),
                       ("nfev", "Designs evaluated"), ("nit", "Iterations")):
        value = getattr(sizing, key, None)
        if value is not None:
            info.append([label, _esc(value if not isinstance(value, bool)
                                     else ("yes" if value else "no"))])
    if info:
        out.append(_table(["Optimiser", ""], info, text_cols=(0, 1)))
    to_frame = getattr(sizing, "to_frame", None)
    if callable(to_frame):
        checks = to_frame()
        rows = []
        for name, row in checks.iterrows():
            met = row.get("met")
            rows.append([_esc(name), _num(row["value"], 4 if abs(row["value"]) < 10 else 0),
                         _num(row.get("limit"), 4) if row.get("limit") is not None else "",
                         _esc(str(row.get("unit") or "").replace("currency",
                                                                 result.costs.currency)),
                         "" if met is None else ("met" if met else "<b>NOT MET</b>")])
        out.append(_table(["Decision variable, objective or requirement", "Value", "Limit",
                           "Unit", ""], rows, text_cols=(0, 3, 4)))
    at_bounds = getattr(sizing, "at_bounds", None) or {}
    if at_bounds:
        names = ", ".join(f"{_esc(n)} ({side})" for n, side in at_bounds.items())
        out.append(f'<p class="note"><b>Note:</b> {names} ended on a bound of the design '
                   "space, so a better design may lie outside it: widen the space there "
                   "and size again.</p>")
    history = getattr(sizing, "history", None)
    if history is not None and len(history):
        cols = [c for c in ("pv_kw", "n_turbines", "battery_kwh", "battery_kw", "n_units",
                            "unit_kw", "renewable_fraction", "unserved_fraction", "fuel_l",
                            "npc", "lcoe", "feasible") if c in history.columns]
        top = history
        if "npc" in history.columns:
            ok = history
            if "feasible" in history.columns:
                ok = history[history["feasible"].astype(bool)]
                ok = ok if len(ok) else history
            top = ok.sort_values("npc")
        sizes = [c for c in cols if c in ("pv_kw", "n_turbines", "battery_kwh", "n_units")]
        if sizes:  # one row per distinct design (rounded to 1 %)
            key = top[sizes].apply(lambda v: (v / (abs(v).max() or 1)).round(2))
            top = top.loc[~key.duplicated()]
        top = top.head(10)
        rows = [[_esc(i)] + [_cell(c, row[c]) for c in cols] for i, row in top.iterrows()]
        out.append(f"<h3>Best distinct designs among the {len(history):,} evaluated</h3>")
        out.append(_table(["#"] + [_head(c) for c in cols], rows))
    if figs and pareto is not None and len(pareto):
        from .plots import pareto_front

        fig = _new_figure(9.0, 4.6)
        ax = fig.subplots()
        try:
            pareto_front(pareto, ax=ax, all_points=history, currency=result.costs.currency)
            out.append(_figure_html(fig, "Pareto front: net present cost against the second "
                                    "objective; grey points are all evaluated designs."))
        except ValueError:
            pass
    return "".join(out)


_HEADS = {"pv_kw": "PV [kW]", "n_turbines": "Turbines", "battery_kwh": "Battery [kWh]",
          "battery_kw": "Battery [kW]", "n_units": "Gensets", "unit_kw": "Genset [kW]",
          "renewable_fraction": "Renewable [%]", "unserved_fraction": "Unserved [%]",
          "fuel_l": "Fuel [kL/yr]", "npc": "NPC [M]", "lcoe": "LCOE", "feasible": "Feasible"}


def _head(col: str) -> str:
    return _esc(_HEADS.get(col, col))


def _cell(col: str, value) -> str:
    if col in ("renewable_fraction", "unserved_fraction"):
        return _num(100 * float(value), 2 if col == "unserved_fraction" else 1)
    if col == "npc":
        return _num(float(value) / 1e6, 2)
    if col == "fuel_l":
        return _num(float(value) / 1e3)
    if col == "lcoe":
        return _num(value, 4)
    if col == "feasible":
        return "yes" if bool(value) else "no"
    return _num(value)


def _figures(result) -> dict[str, str]:
    """The report's figures as HTML snippets, keyed by section."""
    from . import plots

    out: dict[str, str] = {}
    has_dispatch = getattr(result, "dispatch", None) is not None
    if has_dispatch:
        fig = _new_figure(10.0, 4.8)
        ax, soc_ax = fig.subplots(2, 1, sharex=True, height_ratios=(3, 1))
        plots.dispatch_week(result, ax=ax, soc_ax=soc_ax)
        out["dispatch"] = _figure_html(
            fig, "Hourly dispatch over the most demanding week (most unserved energy, or least "
            "renewable output). Sources are stacked up to the load; battery charging is below "
            "zero; the lower panel is the battery state of charge.")
        import pandas as pd

        if isinstance(result.dispatch.index, pd.DatetimeIndex):
            fig = _new_figure(10.0, 3.8)
            plots.monthly_energy(result, ax=fig.subplots())
            out["monthly"] = _figure_html(fig, "Energy delivered by source each month "
                                          "(renewables after curtailment) and the load (black "
                                          "marks).")
        else:
            out["monthly"] = ('<p class="note">No monthly energy mix: the profiles had no '
                              "dates (simulate with time-indexed pandas Series to get it).</p>")
        fig = _new_figure(10.0, 3.6)
        a1, a2 = fig.subplots(1, 2)
        plots.genset_units(result, ax=a1)
        plots.genset_loading(result, ax=a2)
        out["genset"] = _figure_html(fig, "Genset fleet: hours per year with each number of "
                                     "units online, and the loading of running units sorted "
                                     "from the highest.")
        if result.system.battery_or_zero.energy_kwh > 0:
            fig = _new_figure(10.0, 3.4)
            plots.soc_heatmap(result, ax=fig.subplots())
            out["soc"] = _figure_html(fig, "Battery state of charge by hour of day (vertical) "
                                      "and day of the year (horizontal).")
    fig = _new_figure(10.0, 3.6)
    plots.cost_breakdown(result, ax=fig.subplots())
    out["costs"] = _figure_html(fig, "Net present cost by component and category; salvage "
                                "value is a credit (negative).")
    fig = _new_figure(10.0, 4.0)
    a1, a2 = fig.subplots(1, 2, width_ratios=(3, 2))
    plots.cash_flow(result, ax=a1, cumulative_ax=a2)
    out["cashflow"] = _figure_html(
        fig, "Left: yearly cash flows by category, undiscounted, in real terms. Right: "
        "cumulative present cost; where the design's line falls below the diesel-only line, "
        "the extra investment has paid back.")
    if result.base is not None:
        fig = _new_figure(10.0, 3.6)
        plots.base_case_comparison(result, ax=fig.subplots())
        out["base"] = _figure_html(fig, "The design as a percentage of the diesel-only base "
                                   "case (dashed line).")
    return out


def write_report(result=None, path="report.html", *, sizing=None, pareto=None, lp_gap=None,
                 assumptions=None, title: str = "Hybrid power system study",
                 subtitle: str | None = None, figures: bool = True) -> Path:
    """Write a self-contained HTML report of a simulation (and optionally a sizing).

    Parameters
    ----------
    result : SimulationResult, optional
        The design to report, best simulated with ``dispatch=True`` (hourly
        plots) and ``base_case=True`` (the comparison). Defaults to
        ``sizing.result``.
    path : str or pathlib.Path
        Output file; its folder is created.
    sizing : SizingResult, optional
        A sizing result (:func:`minegrid.size`): adds a sizing section with
        the optimiser status and the best designs of ``sizing.history``.
    pareto : pandas.DataFrame, optional
        Pareto-optimal designs (e.g. ``sizing.pareto(...)``), plotted in the
        sizing section.
    lp_gap : float, dict or object, optional
        The LP-bound comparison (:func:`minegrid.lp_bound`): a relative gap
        (``0.03`` for 3 %), or a mapping/object with ``gap`` and/or a lower
        bound on the NPC (``lower_bound``, ``npc`` or ``bound``) [currency].
    assumptions : dict, optional
        Extra rows for the assumptions table (e.g. ``{"Weather": "synthetic,
        seed 2026"}``), listed before the component fields.
    title : str
        Report title.
    subtitle : str, optional
        Line under the title (e.g. the site).
    figures : bool
        Embed the plots (False writes tables only, faster).

    Returns
    -------
    pathlib.Path
        The written file.

    Examples
    --------
    >>> import numpy as np, minegrid as mg, tempfile, os
    >>> system = mg.System(genset=mg.GensetFleet(unit_rated_kw=400, n_units=2))
    >>> r = mg.simulate(system, np.full(8760, 500.0))
    >>> out = mg.write_report(r, os.path.join(tempfile.mkdtemp(), "r.html"), figures=False)
    >>> out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    True
    """
    from . import __version__
    from .simulation import SimulationResult

    if result is None and sizing is not None:
        result = getattr(sizing, "result", None)
    check(isinstance(result, SimulationResult), "result", type(result).__name__,
          "must be a minegrid.SimulationResult", "pass minegrid.simulate(...)'s result, or "
          "sizing= a SizingResult")
    check(assumptions is None or isinstance(assumptions, dict), "assumptions",
          type(assumptions).__name__, "must be a dict", "pass {'name': 'value', ...}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    figs = _figures(result) if figures else {}
    now = _dt.datetime.now().strftime("%d %B %Y")
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_esc(title)}</title><style>{_CSS}</style></head><body><div class='page'>",
        f"<header><h1>{_esc(title)}</h1>",
    ]
    if subtitle:
        parts.append(f'<div class="sub">{_esc(subtitle)}</div>')
    parts.append(f'<div class="meta">Prepared {now} with minegrid {_esc(__version__)} · all '
                 f"money in {_esc(result.costs.currency)}, real terms</div></header><main>")
    parts.append(_kpis(result))
    n = 0

    def section(name: str) -> str:
        nonlocal n
        n += 1
        return f"<h2>{n}. {_esc(name)}</h2>"

    parts += [section("Recommended design"), _design(result)]
    parts += [section("Energy, fuel and emissions"), _energy(result)]
    parts += [figs.get("monthly", ""), figs.get("dispatch", "")]
    if "genset" in figs or "soc" in figs:
        parts += [section("Operation of the gensets and the battery"), figs.get("genset", ""),
                  figs.get("soc", "")]
    if "dispatch" not in figs and figures:
        parts.append("<p class='note'>Hourly plots need the step-by-step dispatch: simulate with "
                     "<code>dispatch=True</code>.</p>")
    parts += [section("Costs"), _costs(result), figs.get("costs", ""), figs.get("cashflow", "")]
    if result.base is not None:
        parts += [section("Comparison with the diesel-only base case"),
                  "<p>The base case serves the same load with gensets only: the same unit, with "
                  "enough units to cover the peak load plus reserve at the worst derating "
                  "of the year.</p>", _comparison(result), figs.get("base", "")]
    if sizing is not None or pareto is not None:
        parts += [section("Sizing"), _sizing_section(sizing, pareto, result, figures)]
    if lp_gap is not None:
        parts += [section("Lower bound from linear programming"), _lp_section(lp_gap, result)]
    parts.append(section("Assumptions"))
    rows = [[_esc(k), _plain(v) if not isinstance(v, str) else _esc(v)]
            for k, v in (assumptions or {}).items()]
    if rows:
        parts.append(_table(["Study", ""], rows, text_cols=(0, 1)))
    grouped: dict[str, list[list[str]]] = {}
    for group, name, value in assumptions_table(result):
        grouped.setdefault(group, []).append([f"<code>{_esc(name)}</code>", value])
    blocks = [f"<div><h3>{_esc(g)}</h3>{_table(['Field', 'Value'], r)}</div>"
              for g, r in grouped.items()]
    parts.append('<div class="two">' + "".join(blocks) + "</div>")
    parts.append(
        "<p class='note'>Units are in the field names (kW, kWh, h, L, t, years); fractions are "
        "between 0 and 1. Economics: capital at year 0, yearly costs at the end of each year, "
        "discounted at the real rate; replacements at the end of each component's life; linear "
        "salvage value at the end of the project (HOMER conventions).</p>")
    parts.append(
        "</main><footer>Generated by minegrid, an open-source tool for sizing hybrid "
        "solar-wind-diesel-battery systems for mines. Results depend on the assumptions above; "
        "indicative cost defaults are not quotations.</footer></div></body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")
    return path
