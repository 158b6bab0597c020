"""Components of a hybrid mine power system, with their costs.

Every component is a frozen, keyword-only dataclass whose fields carry their
unit in the name (``rated_kw``, ``capex_per_kw``, ``life_hours``); fractions
carry no suffix and state their range. Values are validated on construction:
bad input raises :class:`~minegrid.errors.InputError` naming the field, the
value and the fix.

Time series (load, PV and wind per installed unit, genset derating) live
outside the components, so one set of profiles serves thousands of designs.

The cost defaults of :class:`PVPlant`, :class:`WindPlant`, :class:`Battery`
and :class:`Project` are indicative 2026 figures for a remote, high-altitude
(3,000-4,500 m) mine site in Chile or Peru, in USD; ``docs/costs.md`` gives
the basis and sources of each. They are starting points for a study, not
quotations: replace them with your own. Values far outside the plausible
ranges of :mod:`minegrid.plausible` warn, naming the likely unit slip.
"""

from __future__ import annotations

from .fuel import DELIVERIES, DIESEL, FUEL_KINDS, FUEL_UNITS, DualFuel, Fuel
from .motors import STARTERS, MotorStart
from .plant import Battery, Converter, GensetFleet, PVPlant, WindPlant
from .project import SALVAGE_BASES, Project
from .rules import BATTERY_DISPATCH, CYCLE_CHARGING_LIMITS, FORECASTS, STRATEGIES, Dispatch
from .system import MERIT_ORDERS, System

__all__ = ["PVPlant", "WindPlant", "Battery", "GensetFleet", "Converter", "Dispatch", "Project",
           "System", "Fuel", "DualFuel", "DIESEL", "FUEL_KINDS", "FUEL_UNITS",
           "DELIVERIES", "MERIT_ORDERS", "STRATEGIES", "BATTERY_DISPATCH", "CYCLE_CHARGING_LIMITS",
           "SALVAGE_BASES", "FORECASTS", "MotorStart", "STARTERS"]
