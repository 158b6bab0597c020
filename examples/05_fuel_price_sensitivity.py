"""Fuel-price sensitivity: how the savings of the hybrid design move with the diesel price.

Delivered diesel at a remote Andean mine ranges from about 0.8 to 1.6 USD/L.
"""

# %% Inputs
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import minegrid as mg

ex = mg.datasets.andean_gold_mine()

# %% Sweep the fuel price (the dispatch does not change, only the economics)
rows = []
for price in np.arange(0.8, 1.61, 0.1):
    project = ex.project.replace(fuel_price_per_l=float(price))
    r = mg.simulate(ex.system, ex.profiles, project=project)
    rows.append({"fuel_price_per_l": price, "npc_hybrid": r.costs.npc,
                 "npc_diesel_only": r.base.costs.npc, "lcoe_hybrid": r.costs.lcoe,
                 "lcoe_diesel_only": r.base.costs.lcoe, "saving": r.savings.npc})
table = pd.DataFrame(rows).set_index("fuel_price_per_l")
print((table / [1e6, 1e6, 1, 1, 1e6]).round(3))

# %% Plot
fig, ax = plt.subplots(figsize=(7, 4), layout="constrained")
ax.plot(table.index, table["lcoe_hybrid"], "o-", label="Hybrid design")
ax.plot(table.index, table["lcoe_diesel_only"], "s--", label="Diesel only")
ax.set_xlabel("Delivered fuel price [USD/L]")
ax.set_ylabel("LCOE [USD/kWh]")
ax.legend()
ax.grid(alpha=0.3)
