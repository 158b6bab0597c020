"""Diesel by road to a 4,200 m gold mine: the tank, the tankers and the winter closures.

Diesel comes 640 km by road tanker from the port; the pass closes for a week or
so in the altiplanic winter (January-February snow, July storms) and now and then
at random. How big a tank does the site need, how often does it run dry, and how
many trucks do the PV, wind and battery take off the road?

All data are generated offline (the bundled Andean gold mine); prices are
indicative, in USD.
"""

# %% Inputs: the mine and its diesel supply
import matplotlib.pyplot as plt

import minegrid as mg

ex = mg.datasets.andean_gold_mine()
closures = mg.RoadClosures(
    periods=[("07-01", "07-08")],  # the July storm week, every year
    events_per_month=[1.0, 1.0, 0.5, 0, 0, 0.2, 0.5, 0.5, 0.2, 0, 0, 0.5],
    mean_duration_days=3.0, seed=11)
supply = mg.FuelSupply(tank_capacity_l=250_000, truck_capacity_l=30_000, lead_time_h=72,
                       price_at_port_per_l=0.82, road_km=640, haulage_per_l_km=0.0004,
                       tank_capex_per_l=1.2, min_autonomy_days=14, closures=closures)
print(f"delivered diesel {supply.delivered_price(ex.project):.3f} USD/L "
      f"(port 0.82 + haulage {0.0004 * 640:.3f})")

# %% The design with a 250,000 L tank: dry spells in the closures
result = mg.simulate(ex.system, ex.profiles, project=ex.project, fuel_supply=supply)
log = result.logistics
print(log)
print(f"a full tank holds {log.tank_autonomy_days:.1f} days; dry {log.dry_hours_per_year:,.0f} "
      f"h/yr, {log.dry_unserved_kwh_per_year / 1e3:,.1f} MWh/yr unserved "
      f"(unserved fraction {result.stats.unserved_fraction:.4%})")
print(f"diesel only: {result.base.logistics.deliveries_per_year:,.0f} trucks/yr, hybrid: "
      f"{log.deliveries_per_year:,.0f} trucks/yr "
      f"({result.base.logistics.haulage_co2_t_per_year - log.haulage_co2_t_per_year:,.0f} "
      "t/yr less haulage CO2)")

# %% A tank sized for the closures: autonomy beyond the longest closure plus the lead time
need = log.longest_closure_days + supply.lead_time_days + 4.0
sized = supply.replace(tank_capacity_l=None, min_autonomy_days=round(need))
result2 = mg.simulate(ex.system, ex.profiles, project=ex.project, fuel_supply=sized)
log2 = result2.logistics
print(f"{sized.min_autonomy_days:g} days of autonomy: tank {log2.tank_capacity_l:,.0f} L, "
      f"capital {log2.tank_capital / 1e6:.2f} MUSD, dry {log2.dry_hours_per_year:,.0f} h/yr, "
      f"NPC {result2.costs.npc / 1e6:.2f} MUSD (was {result.costs.npc / 1e6:.2f})")

# %% The tank through the year
ax = mg.plots.fuel_tank(result2)
ax.set_title("Diesel tank of the hybrid design")
plt.show()
