"""minegrid: size hybrid solar-wind-diesel-battery power systems for mines.

``import minegrid`` is cheap: it imports no numba, pandas, pvlib or
windpowerlib and compiles nothing. Each public name below is imported from
its module on first use.

>>> import minegrid
>>> minegrid.__version__
'0.1.0'
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

# public name -> module that defines it (imported lazily on first attribute access)
_LAZY: dict[str, str] = {
    # errors
    "InputError": "errors",
    "MinegridWarning": "errors",
    # the hand-off between resource and dispatch
    "Profiles": "profiles",
    # components (issue 2)
    "PVPlant": "components",
    "WindPlant": "components",
    "Battery": "components",
    "GensetFleet": "components",
    "Dispatch": "components",
    "MotorStart": "components",
    "Project": "components",
    "Converter": "components",
    "System": "components",
    "Fuel": "components",
    "DualFuel": "components",
    # simulation and economics (issue 2)
    "simulate": "simulation",
    "simulate_batch": "simulation",
    "SimulationResult": "simulation",
    "Stats": "simulation",
    "Costs": "economics",
    "diesel_only": "simulation",
    # resource and generation (issue 3)
    "Site": "weather",
    "read_weather": "weather",
    "synthetic_weather": "weather",
    "pv_profile": "generation",
    "wind_profile": "generation",
    "weather_years": "generation",
    "genset_derating": "derating",
    # mine loads (issue 4)
    "read_load": "load",
    "load_stats": "load",
    "ProcessArea": "mine",
    "OperatingCalendar": "mine",
    "MineLoad": "mine",
    "build_mine_load": "mine",
    # sizing (issue 5)
    "size": "sizing",
    "DesignSpace": "sizing",
    "Requirements": "sizing",
    "SizingResult": "sizing",
    "lp_bound": "sizing",
    "LPBound": "sizing",
    "pareto": "sizing",
    "size_architectures": "sizing",
    "size_for_years": "sizing",
    "ArchitectureTable": "sizing",
    # user side (issue 6)
    "Scenario": "scenario",
    "load_scenario": "scenario",
    "plots": "plots",
    "write_report": "report",
    "write_workbook": "report",
    # life of mine (issue 8)
    "simulate_life": "lifeofmine",
    "LifeOfMine": "lifeofmine",
    "LifeOfMineResult": "lifeofmine",
    # studies at scale (issue 7)
    "study": "study",
    "sweep": "study",
    "uncertainty": "study",
    "many_sites": "study",
    # remote-site realities (issue 21)
    "FuelSupply": "logistics",
    "motor_start_table": "reliability",
    "RoadClosures": "logistics",
    "FuelLogistics": "logistics",
    "Soiling": "soiling",
    "CleaningSchedule": "soiling",
    "soiling_loss": "soiling",
    "pv_soiling": "soiling",
    "optimise_cleaning": "soiling",
    "with_cleaning_cost": "soiling",
    "HaulCycle": "mine",
    "HaulFleet": "mine",
    "HaulLoad": "mine",
    "haul_load": "mine",
    "haul_for_design": "mine",
    "with_haul_load": "mine",
    # load shedding by process area (issue 20)
    "AreaLoads": "shedding",
    "Shedding": "shedding",
    "allocate_shedding": "shedding",
    "shedding_for": "shedding",
    # bundled examples
    "datasets": "datasets",
}

#: Subpackages and modules reachable as attributes (``mg.dispatch``, ``mg.economics`` ...).
_MODULES = ("components", "datasets", "dispatch", "economics", "errors", "executors",
            "derating", "generation", "grid", "lifeofmine", "load", "logistics", "mine", "plots",
            "profiles", "progress", "reliability", "report", "scenario", "shedding",
            "simulation", "sizing", "soiling", "study", "weather")

__all__ = ["__version__", *sorted(_LAZY)]


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None and name in _MODULES:
        module = name
    if module is None:
        raise AttributeError(f"module 'minegrid' has no attribute {name!r}")
    mod = importlib.import_module(f"minegrid.{module}")
    value = mod if name == module else getattr(mod, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY) | set(_MODULES))

