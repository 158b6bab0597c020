"""The small scenario the command-line tests run: a 600 kW mill at 4,000 m, synthetic weather."""

from __future__ import annotations


def small_mine(*, maxiter=3, popsize: int = 4) -> str:
    """TOML text of the scenario; ``maxiter`` may be a format field such as ``"{maxiter}"``."""
    return f"""\
[study]
name = "cli"
title = "CLI test"

[site]
latitude_deg = -20.0
longitude_deg = -69.0
altitude_m = 4000.0  # the terrain there is about 4,450 m
tz = "Etc/GMT+4"

[weather]
seed = 3

[load]
source = "areas"

[[load.areas]]
name = "mill"
kind = "grinding_ball"
installed_kw = 600.0

[pv]
rated_kw = 300.0

[battery]
energy_kwh = 400.0

[genset]
unit_rated_kw = 300.0
n_units = 3

[design_space]
pv_kw = [0.0, 1500.0]
battery_kwh = [0.0, 2000.0]

[sizing]
maxiter = {maxiter}
popsize = {popsize}
"""
