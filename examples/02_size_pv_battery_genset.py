"""Sizing a PV-battery-genset system: the cheapest design with no unserved energy.

Uses :func:`minegrid.size` (differential evolution over PV kW, battery kWh and kW and the
number of gensets) on the bundled Andean mine, with the requirements an engineer signs (N+1
on the derated fleet, no capacity shortage, a 1-to-4-hour battery), then writes the report
with the sizing section and the design checks.
"""

# %% Inputs
import os
import tempfile

import minegrid as mg

ex = mg.datasets.andean_gold_mine()
template = mg.System(pv=mg.PVPlant(), battery=mg.Battery(),
                     genset=mg.GensetFleet(unit_rated_kw=1000, min_load_ratio=0.3))

# %% Design space and requirements
space = mg.DesignSpace(pv_kw=(0.0, 20000.0), battery_kwh=(0.0, 40000.0),
                       battery_kw=(0.0, 15000.0), n_units=(7, 14))
requirements = mg.Requirements(max_unserved_fraction=0.0, n_plus_1=True,
                               max_capacity_shortage_fraction=0.0,
                               min_battery_c_rate=0.25, max_battery_c_rate=1.0)

# %% Size (progress on stderr; Ctrl-C returns the best design so far)
sizing = mg.size(template, ex.profiles, space, requirements, project=ex.project,
                 maxiter=20, popsize=8, seed=0)
print(sizing)

# %% The chosen design with its hourly dispatch, and the report
result = mg.simulate(sizing.design, ex.profiles, project=ex.project, dispatch=True)
print(result.summary())
for check in result.design_checks():
    print(check["text"])
out = os.environ.get("MINEGRID_EXAMPLE_OUT", tempfile.mkdtemp())
path = mg.write_report(result, os.path.join(out, "sizing_report.html"), sizing=sizing,
                       title="PV-battery-genset sizing", subtitle=ex.site.name)
print("report:", path)
