"""The report's fuel-logistics section: the diesel tank, the trucks and the road.

Shown for a result simulated with a :class:`~minegrid.FuelSupply`
(``result.logistics``): the tank against the days of autonomy asked of it, the dry
spells road closures cause, and what renewables and batteries save in deliveries,
tanker km and haulage CO2 against the base case (``docs/theory/logistics.md``).
"""

from __future__ import annotations

from .markup import Html, esc, figure_html, html_table, new_figure, num

__all__ = ["logistics_section"]


def logistics_section(result, figures: bool = True) -> str:
    """The fuel-logistics section of the report ('' without ``result.logistics``)."""
    log = getattr(result, "logistics", None)
    if log is None:
        return ""
    cur = esc(result.costs.currency)
    s = log.supply
    base = getattr(result.base, "logistics", None) if result.base is not None else None
    need = s.min_autonomy_days
    verdict = ("met" if log.autonomy_met else
               Html(f"<b>NOT MET</b> (a full tank holds {log.tank_autonomy_days:,.1f} days)"))
    sized = ("sized to hold the autonomy at the design's mean use"
             if s.tank_capacity_l is None else "as given")
    out = [Html(
        f"<p>Diesel reaches the site by road tanker ({num(s.truck_capacity_l)} L each, "
        f"{num(s.road_km)} km one way, {num(s.lead_time_h)} h from order to delivery). The tank "
        f"holds {num(log.tank_capacity_l)} L ({sized}); an order for as many truckloads as fit "
        f"goes out when the level plus what is on order falls to {num(log.reorder_level_l)} L. "
        "A tanker due while the road is closed arrives on the first hour it opens. When the "
        "tank cannot cover an hour, the diesel gensets stop until the next delivery and the "
        "year is dispatched again: the battery and the renewables carry what they can and the "
        "rest is unserved.</p>")]
    if log.dry_hours_per_year > 0:
        out.append(Html(
            f"<div class='partial'><b>The tank runs dry {num(log.dry_hours_per_year)} h a year"
            f"</b> ({num(log.dry_unserved_kwh_per_year)} kWh unserved in those hours). Give "
            f"more days of autonomy than the longest closure "
            f"({log.longest_closure_days:,.1f} days) plus the lead time, or a larger tank."
            "</div>"))
    rows = [
        ["Tank capacity [L]", num(log.tank_capacity_l), num(base.tank_capacity_l) if base else ""],
        [f"Tank capital (new capacity) [{cur}]", num(log.tank_capital),
         num(base.tank_capital) if base else ""],
        [f"Delivered diesel price [{cur}/L]", num(log.delivered_price_per_l, 3),
         num(base.delivered_price_per_l, 3) if base else ""],
        [f"of which haulage [{cur}/L]", num(log.haulage_per_l, 3),
         num(base.haulage_per_l, 3) if base else ""],
        ["Mean diesel use [L/day]", num(log.mean_daily_l), num(base.mean_daily_l) if base else ""],
        ["Deliveries [trucks/yr]", num(log.deliveries_per_year, 1),
         num(base.deliveries_per_year, 1) if base else ""],
        ["Tanker distance (round trips) [km/yr]", num(log.truck_km_per_year),
         num(base.truck_km_per_year) if base else ""],
        ["Haulage CO2 [t/yr]", num(log.haulage_co2_t_per_year, 1),
         num(base.haulage_co2_t_per_year, 1) if base else ""],
        ["Full tank [days of mean use]", num(log.tank_autonomy_days, 1),
         num(base.tank_autonomy_days, 1) if base else ""],
        ["Lowest level of the year [days of mean use]", num(log.min_autonomy_days, 1),
         num(base.min_autonomy_days, 1) if base else ""],
        ["Hours with the tank dry [h/yr]", num(log.dry_hours_per_year),
         num(base.dry_hours_per_year) if base else ""],
        ["Unserved in dry hours [kWh/yr]", num(log.dry_unserved_kwh_per_year),
         num(base.dry_unserved_kwh_per_year) if base else ""],
    ]
    header = ["Quantity", "Design"] + (["Base case"] if base else [])
    out.append(html_table(header, [r[: len(header)] for r in rows]))
    out.append(Html(
        f"<p>Required autonomy: {need:g} days of mean use, {verdict}. Road closed "
        f"{num(log.closed_days_per_year, 1)} days a year, the longest closure "
        f"{log.longest_closure_days:,.1f} days. The tank's capital is counted in the genset "
        "plant's capital and the NPC; haulage is in the fuel price.</p>"))
    if figures:
        from .. import plots

        fig = new_figure(10.0, 3.2)
        plots.fuel_tank(result, ax=fig.subplots())
        out.append(figure_html(fig, "Diesel tank level in days of the design's mean use; road "
                               "closures shaded blue, dry spells red, the required autonomy "
                               "dashed."))
    return "".join(str(o) for o in out)
