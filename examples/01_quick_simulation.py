"""Quick simulation: the bundled Andean gold mine, one design, its report.

Run as a script or cell by cell (``# %%``) in VS Code / Jupyter. Offline, a few seconds.
"""

# %% Inputs: site, synthetic weather, mine load and generation profiles, all offline
import os
import tempfile

import minegrid as mg

ex = mg.datasets.andean_gold_mine()
print(ex.site.name, f"{ex.site.altitude_m:,.0f} m; mean load {ex.load_kw.mean():,.0f} kW")

# %% A hybrid design: PV, wind, battery and the genset fleet
system = mg.System(
    pv=mg.PVPlant(rated_kw=6000), wind=mg.WindPlant(n_turbines=2, turbine_rated_kw=2300),
    battery=mg.Battery(energy_kwh=8000, power_kw=4000),
    genset=mg.GensetFleet(unit_rated_kw=1000, n_units=10, min_load_ratio=0.3),
)
result = mg.simulate(system, ex.profiles, project=ex.project, dispatch=True)
print(result)
print(result.summary())

# %% Plots (inline in a notebook)
mg.plots.dispatch_week(result, "2023-07-01")
mg.plots.monthly_energy(result)
mg.plots.cash_flow(result)

# %% Report for the client
out = os.environ.get("MINEGRID_EXAMPLE_OUT", tempfile.mkdtemp())
path = mg.write_report(result, os.path.join(out, "quick_report.html"), subtitle=ex.site.name)
print("report:", path)
