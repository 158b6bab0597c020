"""The ``[fuel_supply]`` table of a scenario file: the diesel tank, its trucks and the road.

::

    [fuel_supply]
    tank_capacity_l = 600000        # or leave out to size it to min_autonomy_days
    min_autonomy_days = 21
    truck_capacity_l = 30000
    lead_time_h = 72
    price_at_port_per_l = 0.82      # delivered price = port + haulage_per_l_km x road_km
    road_km = 640
    haulage_per_l_km = 0.0004

    [fuel_supply.closures]          # the road: fixed closures and random ones
    periods = [["07-01", "07-10"]]
    events_per_month = [1.0, 1.0, 0.5, 0, 0, 0.3, 0.6, 0.6, 0.3, 0, 0, 0.5]
    mean_duration_days = 3
    seed = 7

``minegrid run`` and ``minegrid run --size`` then follow the tank through the year
(:func:`minegrid.simulate` with ``fuel_supply=``) and the report shows it.
"""

from __future__ import annotations

from .schema import Context, build, check_table, dataclass_spec, tuplify

__all__ = ["validate_fuel_supply", "fuel_supply"]


def validate_fuel_supply(data: dict, ctx: Context) -> None:
    """Check the keys and types of ``[fuel_supply]`` and ``[fuel_supply.closures]``."""
    from ..logistics import FuelSupply, RoadClosures

    if "fuel_supply" not in data:
        return
    spec = dataclass_spec(FuelSupply)
    spec.pop("closures")
    table = data["fuel_supply"]
    check_table(ctx, "fuel_supply", table, spec, subtables=("closures",))
    if "closures" in table:
        cspec = dataclass_spec(RoadClosures)
        cspec["periods"] = (list,)
        cspec["events_per_month"] = (list,)
        check_table(ctx, "fuel_supply.closures", table["closures"], cspec)


def fuel_supply(data: dict, ctx: Context):
    """The :class:`minegrid.FuelSupply` of ``[fuel_supply]``, or None without that table."""
    from ..logistics import FuelSupply, RoadClosures

    if "fuel_supply" not in data:
        return None
    kwargs = dict(data["fuel_supply"])
    closures = kwargs.pop("closures", None)
    if closures is not None:
        ckw = {k: tuplify(v) for k, v in closures.items()}
        kwargs["closures"] = build(ctx, "fuel_supply.closures", RoadClosures, ckw)
    return build(ctx, "fuel_supply", FuelSupply, kwargs)
