"""Adding wind at altitude: thin air lowers the yield of every turbine.

windpowerlib's density correction (with the station pressure of the synthetic weather at
4,200 m) against the sea-level power curve, then the value of adding turbines.
"""

# %% Weather at the mine and at sea level
import minegrid as mg

ex = mg.datasets.andean_gold_mine()
weather = ex.weather
sea_level = weather.assign(pressure=101325.0, temp_air=15.0)

# %% One turbine's output with and without the thin air
turbine = "E-82/2300"
rated = 2300.0
at_site = mg.wind_profile(weather, turbine_type=turbine, hub_height_m=78.0)
at_sea = mg.wind_profile(sea_level, turbine_type=turbine, hub_height_m=78.0)
print(f"capacity factor at 4,200 m: {at_site.mean() / rated:.3f}; "
      f"same wind at sea level: {at_sea.mean() / rated:.3f}")

# %% Value of 0 to 4 turbines on top of the PV-battery-genset design
for n in range(5):
    system = ex.system.replace(wind=ex.system.wind.replace(n_turbines=n))
    r = mg.simulate(system, ex.profiles, project=ex.project)
    print(f"{n} turbines: NPC {r.costs.npc / 1e6:6.2f} M{r.costs.currency}, renewable "
          f"fraction {100 * r.stats.renewable_fraction:5.1f} %, curtailed "
          f"{r.stats.curtailed_kwh / 1e3:7,.0f} MWh/yr")
