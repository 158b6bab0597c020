"""A Peruvian gas-fired mine: existing gas engines, new PV, battery and new units.

The mine owns six 1.6 MW lean-burn gas engines (pipeline gas from Camisea,
ten years old, 20,000 running hours left before their major overhaul) and
considers adding PV, a battery and new high-speed diesel units. Gas engines
derate more with altitude than diesels, so each type gets its own derating
profile. The base case is the gas plant alone, with new gas units if the owned
ones cannot carry the peak load and reserve at the worst hour's derating.

All data are generated offline (the bundled Andean gold mine's weather and
load); prices are indicative, in USD.
"""

# %% Inputs
import numpy as np
import pandas as pd

import minegrid as mg
from minegrid.derating import genset_derating

ex = mg.datasets.andean_gold_mine()
load = ex.load_kw  # the gold mine's load: peak about 6 MW
gas = mg.Fuel(name="pipeline gas", kind="natural_gas", unit="MMBtu", price_per_unit=6.5,
              co2_kg_per_unit=59.19, delivery="pipeline")
existing = mg.GensetFleet(
    name="existing gas", fuel=gas, unit_rated_kw=1600, n_units=6, existing_units=6,
    existing_remaining_life_hours=20_000, life_hours=80_000, min_load_ratio=0.4,
    # vendor part-load table: MMBtu/h of one unit at 25, 50, 75 and 100 % load
    part_load_fuel_per_h=(5.1, 8.4, 11.6, 14.9),
    om_per_unit_hour=0.0, om_per_kw_hour=0.012, overhaul_cost_per_kw=90,
    overhaul_interval_hours=40_000, min_run_h=2, min_down_h=1, start_cost=40, capex_per_kw=900)
new_diesel = mg.GensetFleet(name="new diesel", unit_rated_kw=1000, n_units=0, min_load_ratio=0.3,
                            om_per_unit_hour=0.0, om_per_kw_hour=0.015, capex_per_kw=550)
system = mg.System(pv=mg.PVPlant(rated_kw=0), battery=mg.Battery(energy_kwh=0),
                   gensets=(existing, new_diesel))
derate = {"existing gas": genset_derating(ex.weather, ex.site, engine="gas_lean_burn_turbocharged"),
          "new diesel": genset_derating(ex.weather, ex.site, engine="diesel_high_speed")}
profiles = mg.Profiles(load_kw=load, pv_kw_per_kw=ex.pv_kw_per_kw,
                       genset_availability=ex.genset_availability, fleet_availability=derate,
                       weather_source=ex.profiles.weather_source)
project = ex.project

# %% The gas plant alone (base case)
base = mg.simulate(system, profiles, project=project).base
print("Gas plant alone:", " + ".join(f"{f.n_units} x {f.unit_rated_kw:,.0f} kW {f.name}"
                                     for f in base.system.fleets),
      f"NPC {base.costs.npc / 1e6:.2f} MUSD, LCOE {base.costs.lcoe:.4f} USD/kWh, "
      f"unserved {100 * base.stats.unserved_fraction:.3f} %")

# %% Search PV, battery and new diesel units (a grid: every design priced by the batch path)
pv, bat, units = np.meshgrid(np.arange(0, 30_001, 5_000.0), np.arange(0, 40_001, 10_000.0),
                             np.arange(0, 5), indexing="ij")
designs = pd.DataFrame({"pv_kw": pv.ravel(), "battery_kwh": bat.ravel(),
                        "n_units[new diesel]": units.ravel()})
table = mg.simulate_batch(system, profiles, designs, project=project)
# N+1 on the derated plant: the largest derated unit out, the rest carry the peak
w_gas, w_diesel = (float(derate[name].min()) for name in ("existing gas", "new diesel"))
n_new = table["n_units[new diesel]"]
units_kw = np.stack([np.full(len(table), 1600 * w_gas), np.where(n_new > 0, 1000 * w_diesel, 0)])
firm = 6 * 1600 * w_gas + n_new * 1000 * w_diesel - units_kw.max(axis=0)
ok = table[(table["unserved_fraction"] <= 0.001) & (firm >= load.max())]
best = ok.loc[ok["npc"].idxmin()]
print(f"{len(table)} designs; best with at most 0.1 % unserved and N+1:")
print(best[["pv_kw", "battery_kwh", "n_units[new diesel]", "npc", "lcoe", "renewable_fraction",
            "co2_t"]].to_string())

# %% The chosen design in full: per type and per fuel
chosen = mg.dispatch.plant.with_counts(system, [6, int(best["n_units[new diesel]"])]).replace(
    pv=mg.PVPlant(rated_kw=float(best["pv_kw"])),
    battery=mg.Battery(energy_kwh=float(best["battery_kwh"])))
result = mg.simulate(chosen, profiles, project=project)
print(result.fleets[["units", "running [unit-h/yr]", "starts [1/yr]", "energy [MWh/yr]",
                     "fuel burnt [unit/yr]", "fuel unit", "total"]].round(1).to_string())
print(result.fuels[["type", "fuel", "unit", "quantity_per_year", "cost_per_year",
                    "co2_t_per_year"]].round(1).to_string())
saving = base.costs.npc - result.costs.npc
print(f"Against the gas plant alone: NPC saving {saving / 1e6:.2f} MUSD, "
      f"CO2 {base.stats.co2_t - result.stats.co2_t:,.0f} t/yr less")
for check in result.design_checks():
    print("-", check["text"])
