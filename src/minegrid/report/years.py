"""The report's "sizing for the bad weather year" section (``[weather_years]``).

Shown when the sizing ran over several weather years: the sized design in each year
(``SizingResult.years``: NPC, LCOE, unserved energy, renewable fraction, fuel), the
spread over the years, and with ``[weather_years] percentiles`` the design sized for
each percentile and what it costs over the first (:func:`minegrid.size_for_years`).
``docs/theory/sizing.md``, "Several weather years", gives the rule.
"""

from __future__ import annotations

from .markup import Html, esc, html_table, num

__all__ = ["years_section", "years_text"]

_SIZES = ("pv_kw", "n_turbines", "battery_kwh", "battery_kw", "n_units", "unit_kw")


def _held(p) -> str:
    return "every year" if p is None or p >= 100 else f"in {p:g} % of the years (P{p:g})"


def years_text(sizing, percentiles=None, year_percentile=None) -> str:
    """The weather-years lines of ``minegrid run --size`` (``year_percentile``: that of
    the requirements, None for every year). [%]"""
    t = sizing.years
    lines = [f"Sized over {len(t)} weather years, requirements held {_held(year_percentile)}: "
             f"NPC {t['npc'].min() / 1e6:,.2f} to {t['npc'].max() / 1e6:,.2f} M over the "
             f"years (mean {t['npc'].mean() / 1e6:,.2f}), unserved at most "
             f"{100 * t['unserved_fraction'].max():.3f} %, renewable fraction "
             f"{100 * t['renewable_fraction'].min():.1f}-"
             f"{100 * t['renewable_fraction'].max():.1f} %"]
    if percentiles is not None and len(percentiles) > 1:
        first = percentiles.index[0]
        for p, row in percentiles.iloc[1:].iterrows():
            lines.append(f"  the P{p:g} design costs {row['npc_above_first'] / 1e6:+,.2f} M "
                         f"(mean NPC over the years) against the P{first:g} design")
    return "\n".join(lines)


def years_section(sizing, percentiles=None, currency: str = "USD",
                  year_percentile=None) -> str:
    """The weather-years section ('' when the sizing used one year)."""
    t = getattr(sizing, "years", None)
    if t is None:
        return ""
    out = [Html(
        f"<p>The design was sized over {len(t)} weather years: the objective is the mean "
        f"NPC over the years and each requirement holds {esc(_held(year_percentile))} "
        "(for a limit on unserved energy, CO2 or fuel the percentile of the years' values, "
        "for a minimum renewable fraction the complementary one). The rest of this report "
        "shows the design in the scenario's own weather; here it is in each year.</p>")]
    rows = [[str(k), num(r["npc"] / 1e6, 2), num(r["lcoe"], 3),
             num(100 * r["unserved_fraction"], 3), num(100 * r["renewable_fraction"], 1),
             num(r["fuel_l"] / 1e3), num(r["co2_t"]), esc(str(r.get("weather", ""))[:90])]
            for k, r in t.iterrows()]
    out.append(html_table(["Year", f"NPC [M{currency}]", f"LCOE [{currency}/kWh]",
                           "Unserved [%]", "Renewable [%]", "Fuel [kL/yr]", "CO2 [t/yr]",
                           "Weather"], rows, text_cols=(0, 7)))
    if percentiles is not None and len(percentiles):
        cols = [c for c in _SIZES if c in percentiles.columns]
        body = [[f"P{p:g}", "yes" if r["success"] else "no", num(r["npc_mean"] / 1e6, 2),
                 num(r["npc_above_first"] / 1e6, 2), num(r["capital"] / 1e6, 2),
                 *[num(r[c]) for c in cols]] for p, r in percentiles.iterrows()]
        out.append(Html("<h3>Designs sized for each percentile of the years</h3><p>Each row "
                        "is its own sizing, with the requirements held at that percentile of "
                        "the weather years; the cost of designing for the bad year is the "
                        "difference in mean NPC.</p>"))
        out.append(html_table(["Design", "Converged", f"Mean NPC [M{currency}]",
                               f"Above the first [M{currency}]", f"Capital [M{currency}]",
                               *cols], body, text_cols=(0, 1)))
    return "".join(str(o) for o in out)
