"""Battery-trolley haul trucks at a 4,200 m open pit: unmanaged against smart charging.

Twelve 230 t trucks (Cat 793F / Komatsu 830E class, about 165 t empty) climb a 3 km ramp
at 10 % out of the pit with a trolley line on 60 % of it and run their batteries for the
rest; they recharge at four 1 MW chargers. Their load dwarfs the mine's plant. How much
grid energy do they take, how much of the charging can smart charging move into the PV
surplus, and how much diesel do they save against diesel trucks on the same cycles once
the plant's extra genset fuel for the haul load is counted?

All data are generated offline (the bundled Andean site and its synthetic weather); the
plant is an illustrative design sized roughly for mine plus fleet, not an optimum.
"""

# %% Inputs: the pit, the trucks and a plant for mine plus fleet
import math

import matplotlib.pyplot as plt

import minegrid as mg

ex = mg.datasets.andean_gold_mine()
cycle = mg.HaulCycle(ramp_length_km=3.0, ramp_grade_pct=10.0, flat_length_km=2.0,
                     rolling_resistance_pct=2.0, loaded_ramp_speed_km_h=12.0)
fleet = mg.HaulFleet(n_trucks=12, payload_t=230.0, empty_mass_t=165.0, cycle=cycle,
                     trolley=True, trolley_share=0.6, battery_kwh=1600.0, soc_min=0.2,
                     soc_max=0.9, charger_kw=1000.0, charger_count=5, availability=0.85)
e = mg.mine.cycle_energy(fleet)
print(f"one cycle: {e.cycle_time_min:.1f} min, trolley {e.trolley_kwh:.0f} kWh, battery "
      f"{e.battery_kwh:.0f} kWh (after {e.regen_kwh:.0f} kWh of regen); a diesel truck "
      f"burns {e.diesel_l:.0f} L")
unit = mg.GensetFleet(unit_rated_kw=1000.0, n_units=1, min_load_ratio=0.3)
design = ex.system.replace(pv=mg.PVPlant(rated_kw=30000.0),
                           battery=mg.Battery(energy_kwh=20000.0, power_kw=8000.0))

# %% The haul load: unmanaged and smart charging in the design's PV and wind surplus
dumb = mg.haul_for_design(fleet, design, ex.profiles, smart_charging_on=False)
smart = mg.haul_for_design(fleet, design, ex.profiles, smart_charging_on=True)
print(dumb)
print(smart)
print(f"charging in the renewable surplus: unmanaged {dumb.surplus_share:.1%}, smart "
      f"{smart.surplus_share:.1%}; charging energy {dumb.charging_mwh_per_year:,.0f} and "
      f"{smart.charging_mwh_per_year:,.0f} MWh/yr")

# %% The plant with and without the fleet: the genset fuel the haul load costs
peak = (ex.profiles.load_kw + dumb.frame["load_kw"].to_numpy()).max()
n_units = math.ceil(peak / (1000.0 * float(ex.genset_availability.min()))) + 1
design = design.replace(genset=unit.replace(n_units=n_units))
mine_only = mg.simulate(design, ex.profiles, project=ex.project)
runs = {"unmanaged": mg.simulate(design, mg.with_haul_load(ex.profiles, dumb),
                                 project=ex.project),
        "smart": mg.simulate(design, mg.with_haul_load(ex.profiles, smart), project=ex.project)}
print(f"{n_units} x 1 MW gensets; mine alone: {mine_only.stats.fuel_l / 1e3:,.0f} kL/yr of "
      f"genset diesel, renewable fraction {mine_only.stats.renewable_fraction:.1%}")
for name, r in runs.items():
    extra = r.stats.fuel_l - mine_only.stats.fuel_l
    net = dumb.diesel_l_per_year - extra
    print(f"{name:>9} charging: genset diesel +{extra / 1e3:,.0f} kL/yr, renewable fraction "
          f"{r.stats.renewable_fraction:.1%}, NPC {r.costs.npc / 1e6:,.1f} MUSD; net diesel "
          f"saved against diesel trucks {net / 1e3:,.0f} kL/yr "
          f"({net * fleet.co2_kg_per_l / 1e3:,.0f} t CO2/yr)")

# %% Charging over a typical day
ax = mg.plots.haul_charging(smart, dumb)
ax.set_title("Haul-fleet charging against the PV surplus")
plt.show()
