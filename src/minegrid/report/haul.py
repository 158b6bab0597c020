"""The report's haul-fleet section and the CLI's haul-fleet lines (``[haul_fleet]``).

Shown for a scenario with an electrified haul fleet (:class:`minegrid.HaulLoad`): the
trucks, cycles and tonnes, the grid energy of the trolley line and the chargers, the
energy of one cycle, the diesel the same cycles would burn in diesel trucks, and the
charging over a typical day against the renewable surplus (``docs/theory/haulage.md``).
"""

from __future__ import annotations

from .markup import Html, esc, figure_html, html_table, new_figure, num

__all__ = ["haul_section", "haul_text", "unmanaged_twin"]


def unmanaged_twin(haul):
    """The same fleet with unmanaged charging on the same surplus (for comparison), or
    ``haul`` itself when it is unmanaged."""
    if not haul.smart:
        return haul
    from ..mine import haul_load

    surplus = haul.frame["surplus_kw"] if "surplus_kw" in haul.frame else None
    return haul_load(haul.fleet, haul.frame.index, surplus_kw=surplus)


def _pct(x: float) -> str:
    return "n/a" if x != x else f"{100 * x:.1f} %"


def haul_text(haul) -> str:
    """The haul-fleet lines of ``minegrid run``."""
    f = haul.fleet
    line = f"trolley on {f.trolley_share:.0%} of the ramp" if f.trolley else "no trolley"
    mode = "smart" if haul.smart else "unmanaged"
    return (f"Haul fleet: {f.n_trucks} trucks x {f.payload_t:g} t ({line}), "
            f"{haul.cycles_per_year:,.0f} cycles/yr, {haul.tonnes_per_year / 1e6:,.2f} Mt/yr\n"
            f"  grid energy {haul.energy_mwh_per_year:,.0f} MWh/yr (trolley "
            f"{haul.trolley_mwh_per_year:,.0f}, chargers {haul.charging_mwh_per_year:,.0f}), "
            f"peak {haul.peak_kw:,.0f} kW, {haul.kwh_per_t:.2f} kWh/t; {mode} charging, "
            f"{_pct(haul.surplus_share)} of it in the renewable surplus\n"
            f"  against diesel trucks: diesel saved {haul.diesel_l_per_year:,.0f} L/yr, CO2 saved "
            f"{haul.co2_t_per_year:,.0f} t/yr at the trucks (the plant's extra fuel for the "
            "haul load is in the system's results)")


def haul_section(haul, figures: bool = True) -> str:
    """The haul-fleet section of the report ('' without a haul fleet)."""
    if haul is None:
        return ""
    f, e = haul.fleet, haul.energy
    twin = unmanaged_twin(haul)
    line = (f"a trolley line on {100 * f.trolley_share:.0f} % of the loaded ramp"
            if f.trolley else "no trolley line")
    out = [Html(
        f"<p>{f.n_trucks} battery haul trucks of {num(f.payload_t)} t payload "
        f"({num(f.empty_mass_t)} t empty) with {line}, {num(f.battery_kwh)} kWh batteries used "
        f"between {100 * f.soc_min:.0f} and {100 * f.soc_max:.0f} % and "
        f"{f.charger_count} chargers of {num(f.charger_kw)} kW. Energy per cycle from the "
        "tractive work m·g·(grade + rolling resistance)·distance over the drivetrain "
        "efficiency, regenerative braking down the ramp; the fleet's batteries are one store "
        f"(docs/theory/haulage.md). Charging is <b>{'smart' if haul.smart else 'unmanaged'}"
        "</b>: smart charging places the same energy in the hours of PV and wind surplus "
        "over the mine load, within the state-of-charge window and the chargers' power. "
        "The haul load is added to the mine load before the simulation"
        + ("; smart charging is planned on the surplus of the design reported here (after "
           "a sizing, the sized design: the search itself used the charging planned for "
           "the scenario's design)" if haul.smart else "") + ".</p>")]
    rows = [
        ["Trucks hauling (mean)", num(haul.frame["trucks_hauling"].mean(), 1)],
        ["Cycle time [min]", num(e.cycle_time_min, 1)],
        ["Cycles [1/yr]", num(haul.cycles_per_year)],
        ["Tonnes moved [Mt/yr]", num(haul.tonnes_per_year / 1e6, 2)],
        ["Trolley line per cycle (grid) [kWh]", num(e.trolley_kwh, 1)],
        ["Battery per cycle, net of regen [kWh]", num(e.battery_kwh, 1)],
        ["Regenerative braking per cycle [kWh]", num(e.regen_kwh, 1)],
        ["Grid energy: trolley line [MWh/yr]", num(haul.trolley_mwh_per_year)],
        ["Grid energy: chargers [MWh/yr]", num(haul.charging_mwh_per_year)],
        ["Peak haul load (hourly mean) [kW]", num(haul.peak_kw)],
        ["Grid energy per tonne [kWh/t]", num(haul.kwh_per_t, 2)],
        ["Charging in the renewable surplus", _pct(haul.surplus_share)
         + (f" (unmanaged: {_pct(twin.surplus_share)})" if haul.smart else "")],
        ["Diesel trucks, same cycles: fuel per cycle [L]", num(e.diesel_l, 1)],
        ["Diesel saved at the trucks [L/yr]", num(haul.diesel_l_per_year)],
        ["CO2 saved at the trucks [t/yr]", num(haul.co2_t_per_year)],
    ]
    out.append(html_table(["Quantity", esc(f.name)], rows))
    if figures:
        from .. import plots

        fig = new_figure(8.0, 3.4)
        hauls = (haul, twin) if haul.smart else (haul,)
        plots.haul_charging(*hauls, ax=fig.subplots())
        out.append(figure_html(fig, "Mean charging load by hour of the day against the mean "
                               "renewable surplus over the mine load; the trolley line dashed."))
    return "".join(str(o) for o in out)
