"""Building a mine load from process areas and an operating calendar.

No metered data yet (a project at feasibility stage): describe the plant's areas, the
shifts, the weekly maintenance, the yearly shutdowns and random trips.
"""

# %% Process areas
import minegrid as mg
from minegrid.mine import MaintenanceWindow, Shutdown

areas = [
    mg.ProcessArea(name="Crushing", kind="crushing", installed_kw=500.0, largest_motor_kw=250.0),
    mg.ProcessArea(name="Ball mill", kind="grinding_ball", installed_kw=1800.0,
                   largest_motor_kw=1800.0, variability=0.03),
    mg.ProcessArea(name="Flotation", kind="flotation", installed_kw=600.0),
    mg.ProcessArea(name="Water", kind="water_pumping", installed_kw=300.0),
    mg.ProcessArea(name="Camp", kind="camp", installed_kw=250.0),
]

# %% Operating calendar
calendar = mg.OperatingCalendar(
    shifts_per_day=2, shift_start_h=7.0,
    maintenance=(MaintenanceWindow(weekday=1, start_h=8.0, duration_h=8.0,
                                   areas=("Crushing",)),),
    shutdowns=(Shutdown(name="Mill reline", start="06-10 06:00", duration_h=48.0,
                        areas=("Ball mill", "Flotation"), load_fraction=0.05),),
    trips_per_year=8.0,
)

# %% The load and its statistics
load = mg.build_mine_load(areas, calendar, year=2024, tz="Etc/GMT+5", seed=1)
print(mg.load_stats(load, largest_motor_kw=1800.0))
by_area = mg.build_mine_load(areas, calendar, year=2024, tz="Etc/GMT+5", seed=1, by_area=True)
print((by_area.mean() / 1e3).round(2).rename("mean [MW]"))

# %% Plot a week around the reline (inline in a notebook)
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(10, 3.5), layout="constrained")
by_area.loc["2024-06-07":"2024-06-14"].plot.area(ax=ax, linewidth=0)
ax.set_ylabel("Power [kW]")
