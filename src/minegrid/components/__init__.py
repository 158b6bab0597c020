"""Components of a hybrid mine power system, with their costs.

Every component is a frozen, keyword-only dataclass whose fields carry their
unit in the name (``rated_kw``, ``capex_per_kw``, ``life_hours``); fractions
carry no suffix and state their range. Values are validated on construction:
bad input raises :class:`~minegrid.errors.InputError` naming the field, the
value and the fix.

Time series (load, PV and wind per installed unit, genset derating) live
outside the components, so one set of profiles serves thousands of designs.

The cost defaults are indicative 2025 figures for remote mine sites in Chile
and Peru (USD); they are starting points for a study, not quotations. Replace
them with your own.
"""

from __future__ import annotations

from .plant import Battery, Converter, GensetFleet, PVPlant, WindPlant
from .project import SALVAGE_BASES, Project
from .rules import BATTERY_DISPATCH, CYCLE_CHARGING_LIMITS, STRATEGIES, Dispatch
from .system import System

__all__ = ["PVPlant", "WindPlant", "Battery", "GensetFleet", "Converter", "Dispatch", "Project",
           "System", "STRATEGIES", "BATTERY_DISPATCH", "CYCLE_CHARGING_LIMITS", "SALVAGE_BASES"]
