"""Dust on the modules: soiling, rain and cleaning at an Atacama mine, and bifacial trackers.

Uncleaned modules on the Atacama coast lose a third or more of their energy in a
year; at high sites a few percent (Cordero et al., Sci. Rep. 2018). How often should
the mine clean its 6 MWp tracker field, what does that cost with trucked water,
what does the summer rain of the altiplano ("invierno altiplánico") do, and what do
bifacial modules add?

All data are generated offline (the bundled Andean gold mine); prices are
indicative, in USD. ``docs/theory/soiling.md`` gives the model.
"""

# %% Inputs: the mine, its PV field and two site classes of dust
import matplotlib.pyplot as plt
import numpy as np

import minegrid as mg
from minegrid.soiling import optimise_cleaning, pv_soiling

ex = mg.datasets.andean_gold_mine()
pv = {"tracking": "single_axis"}  # the demo's PV options
cleaning = mg.CleaningSchedule(cost_per_mwp=400.0, water_m3_per_mwp=7.5, water_cost_per_m3=8.0)
coast = mg.Soiling.for_site("atacama_coast", cleaning=cleaning)
high = mg.Soiling.for_site("atacama_high", cleaning=cleaning)
print(f"coast: {100 * coast.rate_per_day:g} %/day up to {100 * coast.max_loss:g} %; "
      f"high site: {100 * high.rate_per_day:g} %/day up to {100 * high.max_loss:g} %")

# %% Never cleaned: what the dust takes
for name, s in (("coast", coast), ("high site", high)):
    lost = pv_soiling(ex.weather, ex.site, s, ex.system.pv.rated_kw, pv=pv)
    print(f"{name}, never cleaned: {lost}")

# %% The cleaning interval of least NPC, for the demo's design
best = {}
for name, s in (("coast", coast), ("high site", high)):
    opt = optimise_cleaning(ex.system, ex.profiles, ex.weather, ex.site, s, pv=pv,
                            project=ex.project)
    best[name] = opt
    never = opt.table[opt.table["interval_days"].isna()].iloc[0]
    print(f"{name}: {opt}; never cleaned NPC {never['npc'] / 1e6:.2f} MUSD")
print(best["coast"].table.round(2).to_string(index=False))

# %% Summer rain on the altiplano washes the modules (seeded showers, January-March)
rng = np.random.default_rng(7)
wet = ex.weather.index.month.isin([1, 2, 3]) & (ex.weather.index.hour == 16)
rain = np.where(wet & (rng.random(len(ex.weather)) < 0.25), rng.gamma(2.0, 4.0,
                len(ex.weather)), 0.0)
rainy = ex.weather.assign(precipitation=rain)
dry = mg.soiling_loss(ex.weather, coast)
washed = mg.soiling_loss(rainy, coast)
print(f"rain {rain.sum():.0f} mm/yr in {int((rain > 0).sum())} showers: "
      f"{washed.rain_washes} washes; mean loss {100 * dry.mean_loss:.1f} % dry, "
      f"{100 * washed.mean_loss:.1f} % with the rain (never cleaned)")

# %% Bifacial modules on the trackers (pvlib infinite sheds), ground albedo 0.25
mono = mg.pv_profile(ex.weather, ex.site, **pv)
bifi = mg.pv_profile(ex.weather, ex.site, bifaciality=0.7, albedo=0.25, **pv)
print(f"bifacial gain on the tracker: {100 * (bifi.sum() / mono.sum() - 1):.1f} % "
      f"({mono.sum():,.0f} -> {bifi.sum():,.0f} kWh/kWp/yr)")

# %% The coastal field cleaned at its best interval, over the year
interval = best["coast"].x
run = mg.soiling_loss(ex.weather, coast.with_cleaning(interval_days=interval))
ax = mg.plots.soiling_year(run)
ax.set_title(f"Coastal dust, cleaned every {interval:g} days")
plt.show()
