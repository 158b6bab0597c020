"""Diesel logistics of a remote site: the tank, road tankers, road closures and dry spells.

:class:`FuelSupply` and :class:`RoadClosures` describe the supply; pass the supply to
:func:`minegrid.simulate` (``fuel_supply=``) to follow the tank through the period, or to
:func:`minegrid.size` to count the tank's cost and require days of autonomy.
``docs/theory/logistics.md`` gives the model.
"""

from .run import FuelLogistics, diesel_fleets, simulate_with_supply, tank_capacity
from .supply import FuelSupply, RoadClosures
from .tank import TankRun, road_open, run_tank

__all__ = ["FuelSupply", "RoadClosures", "FuelLogistics", "TankRun", "road_open", "run_tank",
           "simulate_with_supply", "diesel_fleets", "tank_capacity"]
