"""N-1 and motor starts at a gold mine: what a mine's electrical engineer asks first.

The bundled Andean gold mine has a 2.3 MW SAG mill on a drive and a 1.5 MW primary
crusher on a soft starter. Can the grid lose its largest source (a genset, a 2.5 MW
PV inverter station, a 4 MW battery block) and keep the load? Can it start the crusher
at any hour? Size the plant without these checks, then with them, and see what each
costs.

All data are generated offline (the bundled Andean gold mine); prices are indicative,
in USD.
"""

# %% Inputs: the mine, its drives and how its sources trip
from dataclasses import replace

import minegrid as mg

ex = mg.datasets.andean_gold_mine()
mill = mg.MotorStart(name="SAG mill", rated_kw=2300, starter="vfd")
crusher = mg.MotorStart(name="primary crusher", rated_kw=1500, starter="soft_starter")
for m in (mill, crusher):
    print(f"{m.name}: start {m.start_kw:,.0f} kW, {m.start_kva:,.0f} kVA")
checks = dict(pv_block_kw=2500, battery_block_kw=4000, motor_starts=(mill, crusher))
system = ex.system.replace(dispatch=ex.system.dispatch.replace(**checks))

# %% Sized without the checks: how often would N-1 or a start fail?
plain = mg.size(system, ex.profiles, ex.design_space, ex.requirements, project=ex.project,
                progress=False)
s = plain.result.stats
print(f"without the checks: NPC {plain.result.costs.npc / 1e6:.2f} MUSD, "
      f"N-1 not held {s.n1_hours:,.0f} h/yr, largest start refused "
      f"{s.motor_start_refused_hours:,.0f} h/yr")
for c in plain.result.design_checks()[-2:]:
    print(" -", c["text"])

# %% The N-1 rule: commit gensets for the loss of the largest source
n1_system = system.replace(dispatch=system.dispatch.replace(n_minus_1_reserve=True))
n1_req = replace(ex.requirements, max_n1_hours=0.0)
n1 = mg.size(n1_system, ex.profiles, ex.design_space, n1_req, project=ex.project,
             progress=False)
print(f"with N-1 held every hour: NPC {n1.result.costs.npc / 1e6:.2f} MUSD "
      f"(+{(n1.result.costs.npc - plain.result.costs.npc) / 1e6:.2f} MUSD), "
      f"N-1 not held {n1.result.stats.n1_hours:,.0f} h/yr")

# %% And every start accepted at any hour
both_req = replace(n1_req, max_motor_start_refused_hours=0.0)
both = mg.size(n1_system, ex.profiles, ex.design_space, both_req, project=ex.project,
               progress=False)
r = mg.simulate(both.result.system, ex.profiles, project=ex.project, dispatch=True)
print(f"with N-1 and every start accepted: NPC {both.result.costs.npc / 1e6:.2f} MUSD "
      f"(+{(both.result.costs.npc - plain.result.costs.npc) / 1e6:.2f} MUSD over no checks)")
print(mg.motor_start_table(r))
for name, res in (("no checks", plain), ("N-1", n1), ("N-1 and starts", both)):
    d = res.result.system
    print(f"{name:>15}: PV {d.pv_or_zero.rated_kw / 1e3:5.1f} MW, battery "
          f"{d.battery_or_zero.energy_kwh / 1e3:5.1f} MWh / {d.battery_or_zero.power_kw / 1e3:4.1f}"
          f" MW, {d.genset.n_units} gensets")
# Accepting a 2.8 MW mill step at any hour takes a battery that always keeps that headroom:
# far cheaper to start the mill when the battery is charged, i.e. to schedule the start.

# %% Load shedding by process area: who loses supply when it is short, and what it costs
# Each area's shedding priority (its kind's by default: offices 0, production 1, pumping
# and the camp 2) and the value of the production it loses, per MWh or per tonne of ore
# (the mills: tonnes per MWh from their specific energy). Illustrative values, USD.
values = {"Primary crushing": {"lost_value_per_mwh": 300.0},
          "SAG mill": {"lost_value_per_t": 12.0}, "Ball mill": {"lost_value_per_t": 12.0},
          "CIL, elution and gold room": {"lost_value_per_mwh": 2500.0},
          "Thickener and tailings pumps": {"lost_value_per_mwh": 800.0},
          "Raw water supply": {"lost_value_per_mwh": 800.0},
          "Workshops": {"lost_value_per_mwh": 40.0},
          "Offices and laboratory": {"lost_value_per_mwh": 20.0},
          "Camp (400 beds)": {"lost_value_per_mwh": 1500.0}}
mine = mg.mine.example_gold_mine()
mine = replace(mine, areas=tuple(replace(a, **values[a.name]) for a in mine.areas))
loads = mg.AreaLoads.from_mine(mine, 2023, tz=ex.site.tz, seed=2026, index=ex.weather.index)
columns = ["order", "priority", "lost_value_per_mwh", "shed_kwh_per_year",
           "shed_hours_per_year", "cost_per_year"]
print(mg.shedding_for(r, loads))  # the sized design serves the whole load: nothing is shed
# what if three gensets are out for a year-long overhaul campaign?
design = r.system
out = design.replace(genset=design.genset.replace(n_units=design.genset.n_units - 3))
short = mg.shedding_for(mg.simulate(out, ex.profiles, project=ex.project, dispatch=True,
                                    base_case=False), loads)
print(short)
print(short.table[columns].round(1).to_string())
