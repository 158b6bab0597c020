"""The small scenario the command-line tests run: a 600 kW mill at 4,000 m, synthetic weather."""

from __future__ import annotations


def small_mine(*, maxiter=3, popsize: int = 4, search: bool = True, name: str = '"cli"',
               title: str = '"CLI test"', description: str | None = None,
               site_name: str | None = None, area: str = '"mill"',
               currency: str | None = None) -> str:
    """TOML text of the scenario.

    ``maxiter`` may be a format field such as ``"{maxiter}"``; ``search=False``
    leaves out the design space and the sizing. The text fields (``name``,
    ``title``, ``description``, ``site_name``, ``area``, ``currency``) are TOML
    values, written as given (quoted strings); ``None`` leaves the key out.
    """
    def line(key, value):
        return "" if value is None else f"{key} = {value}\n"

    search_text = f"""
[design_space]
pv_kw = [0.0, 1500.0]
battery_kwh = [0.0, 2000.0]

[sizing]
maxiter = {maxiter}
popsize = {popsize}
""" if search else ""
    project = f"\n[project]\n{line('currency', currency)}" if currency is not None else ""
    return f"""\
[study]
name = {name}
title = {title}
{line("description", description)}
[site]
{line("name", site_name)}latitude_deg = -20.0
longitude_deg = -69.0
altitude_m = 4000.0  # the terrain there is about 4,450 m
tz = "Etc/GMT+4"

[weather]
seed = 3

[load]
source = "areas"

[[load.areas]]
name = {area}
kind = "grinding_ball"
installed_kw = 600.0

[pv]
rated_kw = 300.0

[battery]
energy_kwh = 400.0

[genset]
unit_rated_kw = 300.0
n_units = 3
{search_text}{project}"""


def plant_mine(*, gas_name: str = '"owned gas"', diesel_name: str = '"new diesel"',
               fuel_name: str = '"pipeline gas"', extra: str = "", **kwargs) -> str:
    """The small mine with a plant of two genset types instead of ``[genset]``: two owned
    250 kW gas engines (vendor part-load table in MMBtu/h, minimum run time, their own
    derating) and two new 300 kW diesels, with a ``[fuels.<name>]`` table for the gas.

    The names are TOML strings, written as given (``fuel_name`` is also the fuel's table
    key); ``extra`` is appended; other keywords go to :func:`small_mine`.
    """
    kwargs.setdefault("search", False)
    text = small_mine(**kwargs)
    one = "[genset]\nunit_rated_kw = 300.0\nn_units = 3\n"
    assert one in text
    return text.replace(one, f"""\
[[gensets]]
name = {gas_name}
fuel = {fuel_name}
unit_rated_kw = 250.0
n_units = 2
existing_units = 2
part_load_fuel_per_h = [0.85, 1.35, 1.85, 2.35]  # MMBtu/h at 25, 50, 75, 100 % load
min_run_h = 2.0
derating_engine = "gas_lean_burn_turbocharged"

[[gensets]]
name = {diesel_name}
unit_rated_kw = 300.0
n_units = 2

[fuels.{fuel_name}]
kind = "natural_gas"
unit = "MMBtu"
price_per_unit = 6.5
co2_kg_per_unit = 59.19
delivery = "pipeline"
""") + extra


def with_uncommented(text: str, start: str, end: str = "\n# ----") -> str:
    """``text`` (a bundled scenario) with its commented block from ``start`` up to ``end``
    (the next commented section) appended uncommented: ``# key = v`` -> ``key = v``."""
    block = text[text.index(start):].split(end)[0]
    lines = [ln[2:] if ln.startswith("# ") else ("" if ln == "#" else ln)
             for ln in block.splitlines()]
    return text + "\n" + "\n".join(lines) + "\n"
