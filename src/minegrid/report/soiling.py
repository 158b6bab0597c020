"""The report's PV soiling section and the CLI's soiling lines (``[pv.soiling]``).

Shown for a scenario with a soiling model (:class:`minegrid.soiling.PVSoiling`): the
build-up rate and ceiling, the cleaning schedule and what it costs in money and
trucked water, the PV energy lost against clean modules, where the rain came from,
the loss over the year, and with ``optimise_cleaning`` the NPC of each cleaning
interval tried for the final design (``docs/theory/soiling.md``).
"""

from __future__ import annotations

import math

from .markup import Html, esc, figure_html, html_table, new_figure, num

__all__ = ["soiling_section", "soiling_text", "soiling_frame", "with_soiling_rows"]


def soiling_frame(soiling):
    """The hourly table of ``soiling.csv``: ``soiling_loss`` [-], ``cleaned`` [bool],
    ``pv_clean_kw_per_kw`` and ``pv_soiled_kw_per_kw`` [kW/kW]."""
    frame = soiling.run.to_frame()
    frame["pv_clean_kw_per_kw"] = soiling.clean_kw_per_kw.to_numpy()
    frame["pv_soiled_kw_per_kw"] = soiling.soiled_kw_per_kw.to_numpy()
    return frame


def with_soiling_rows(summary, soiling, result):
    """``summary`` (:meth:`minegrid.SimulationResult.summary`) with the soiling rows of the
    design's PV: energy lost, its share, cleanings, their cost and water (NaN for the
    base case, which has no PV)."""
    s = _scaled(soiling, result.system.pv.rated_kw if result.system.pv is not None else None)
    cur = result.costs.currency
    rows = {"PV lost to soiling [MWh/yr]": s.pv_kwh_lost_per_year / 1e3,
            "PV soiling loss [% of PV energy]": 100.0 * s.energy_loss,
            "PV cleanings [1/yr]": s.run.cleanings_per_year,
            f"PV cleaning, water included [{cur}/yr]": s.cleaning_cost_per_year,
            "PV cleaning water [m3/yr]": s.water_m3_per_year}
    out = summary.copy()
    for label, value in rows.items():
        out.loc[label] = float("nan")
        out.loc[label, out.columns[0]] = value
    return out


def _scaled(soiling, pv_kw):
    """``soiling`` for a plant of ``pv_kw`` (a sized design): per-kW figures unchanged."""
    from dataclasses import replace

    return soiling if pv_kw is None else replace(soiling, pv_kw=float(pv_kw))


def soiling_text(soiling, optimum=None, pv_kw=None) -> str:
    """The soiling lines of ``minegrid run`` (``pv_kw``: the final design's PV). [kW]"""
    s = _scaled(soiling, pv_kw)
    m = s.run.soiling
    lines = [f"PV soiling: {100 * m.rate_per_day:g} %/day up to {100 * m.max_loss:g} %, "
             f"cleaning {m.cleaning.describe()} ({s.run.cleanings_per_year:.1f}/yr); "
             f"{100 * s.energy_loss:.2f} % of the PV energy lost "
             f"({s.pv_kwh_lost_per_year / 1e3:,.0f} MWh/yr), cleaning "
             f"{s.cleaning_cost_per_year:,.0f}/yr and {s.water_m3_per_year:,.0f} m3 of water/yr; "
             f"{s.run.rain_source}"]
    if optimum is not None:
        best = ("never clean" if optimum.x is None else f"clean every {optimum.x:g} days")
        lines.append(f"  cleaning interval of least NPC for this design: {best} "
                     f"(NPC {optimum.fun / 1e6:,.2f} M, {optimum.nfev} simulations)")
    return "\n".join(lines)


def soiling_section(soiling, optimum=None, figures: bool = True, pv_kw=None) -> str:
    """The PV soiling section of the report ('' without soiling)."""
    if soiling is None:
        return ""
    s = _scaled(soiling, pv_kw)
    m = s.run.soiling
    c = m.cleaning
    rain = ("Rain from the weather file washes the modules" if
            s.run.rain_source.startswith("rain from") else "The weather has no rain "
            "data, so only cleaning resets the dust (conservative where it does rain)")
    out = [Html(
        f"<p>Dust builds up on the modules at {num(100 * m.rate_per_day, 3)} % of the "
        f"irradiance per dry day, up to {num(100 * m.max_loss)} % (Kimber et al. 2006, "
        f"via {esc(s.run.method)}). {esc(rain)}: rain of more than "
        f"{num(m.rain_threshold_mm, 1)} mm in 24 h cleans them for "
        f"{num(m.grace_period_days)} days. The plant is cleaned "
        f"<b>{esc(c.describe())}</b>; each cleaning of 1 MWp costs "
        f"{num(c.cost_per_mwp)} plus {num(c.water_m3_per_mwp, 1)} m³ of water at "
        f"{num(c.water_cost_per_m3, 1)} per m³, added to the PV O&amp;M of every design. "
        "The soiling applies to the beam and diffuse irradiance on the front of the "
        "modules (docs/theory/soiling.md).</p>")]
    rows = [["Mean soiling loss (time average) [%]", num(100 * s.run.mean_loss, 2)],
            ["Highest soiling loss [%]", num(100 * float(s.run.loss.max()), 2)],
            ["PV energy lost against clean modules [%]", num(100 * s.energy_loss, 2)],
            ["PV energy lost [MWh/yr]", num(s.pv_kwh_lost_per_year / 1e3)],
            ["Cleanings [1/yr]", num(s.run.cleanings_per_year, 1)],
            ["Rain washes [1/yr]", num(s.run.rain_washes / s.run.years, 1)],
            ["Cleaning cost, water included [/yr]", num(s.cleaning_cost_per_year)],
            ["Water trucked for cleaning [m³/yr]", num(s.water_m3_per_year)],
            ["Cleaning cost per kW DC [/kW/yr]", num(s.run.om_per_kw_year(), 2)]]
    out.append(html_table(["Quantity", f"{num(s.pv_kw)} kWp"], rows))
    if optimum is not None:
        t = optimum.table
        best = t["npc"].idxmin()
        body = []
        for i, r in t.iterrows():
            label = ("never" if math.isnan(r["interval_days"]) else
                     f"every {r['interval_days']:g} d")
            body.append([Html(f"<b>{esc(label)}</b>") if i == best else label,
                         num(r["cleanings_per_year"], 1), num(r["soiling_loss_percent"], 2),
                         num(r["fuel_l"]), num(r["cleaning_cost_per_year"]),
                         num(r["npc"] / 1e6, 3)])
        pick = "never clean" if optimum.x is None else f"every {optimum.x:g} days"
        out.append(Html(f"<p>Cleaning interval of least NPC for this design: "
                        f"<b>{esc(pick)}</b> ({esc(optimum.message)}).</p>"))
        out.append(html_table(["Cleaning", "Cleanings [1/yr]", "PV energy lost [%]",
                               "Fuel [L/yr]", "Cleaning cost [/yr]", "NPC [M]"], body))
    if figures:
        from .. import plots

        fig = new_figure(8.0, 3.0)
        plots.soiling_year(s, ax=fig.subplots())
        out.append(figure_html(fig, "Daily mean soiling loss of the modules, with the "
                               "cleanings (bottom ticks) and the rain washes (top ticks)."))
    return "".join(str(o) for o in out)
