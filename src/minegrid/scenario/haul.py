"""The ``[haul_fleet]`` table of a scenario file: electrified haul trucks and their charging.

::

    [haul_fleet]
    n_trucks = 12
    payload_t = 230
    empty_mass_t = 165
    trolley = true
    trolley_share = 0.6             # of the loaded ramp under the line
    battery_kwh = 1200
    charger_kw = 1500
    charger_count = 4
    smart_charging = true           # charge in the design's PV/wind surplus

    [haul_fleet.cycle]
    ramp_length_km = 3.0
    ramp_grade_pct = 10
    flat_length_km = 2.0

    [haul_fleet.calendar]           # optional: the fleet's shifts (OperatingCalendar)
    shifts_per_day = 2
    shift_start_h = 7

The haul load (trolley line plus chargers, :func:`minegrid.haul_for_design` on the
scenario's design) is added to the mine load before the simulation, the sizing and the
sensitivity; with ``smart_charging = true`` the charging is placed in the surplus of the
scenario's PV and wind over the mine load (fixed for that design: a sizing that changes
the PV keeps the haul load of the scenario's design). ``minegrid run`` prints the fleet's
lines, writes ``haul_load.csv`` and the report gets a "Haul fleet" section.
"""

from __future__ import annotations

from .schema import Context, build, check_table, dataclass_spec, tuplify

__all__ = ["validate_haul_fleet", "haul_fleet"]

_SUBTABLES = ("cycle", "calendar")


def validate_haul_fleet(data: dict, ctx: Context) -> None:
    """Check the keys and types of ``[haul_fleet]`` and its sub-tables."""
    from ..mine import HaulCycle, HaulFleet, MaintenanceWindow, OperatingCalendar, Shutdown

    if "haul_fleet" not in data:
        return
    table = data["haul_fleet"]
    spec = dataclass_spec(HaulFleet)
    for sub in _SUBTABLES:
        spec.pop(sub)
    spec["smart_charging"] = (bool,)
    check_table(ctx, "haul_fleet", table, spec, subtables=_SUBTABLES)
    if "cycle" not in table:
        raise ctx.error("haul_fleet", None, "is missing its [haul_fleet.cycle] table",
                        "add [haul_fleet.cycle] with ramp_length_km and ramp_grade_pct")
    check_table(ctx, "haul_fleet.cycle", table["cycle"], dataclass_spec(HaulCycle))
    cal = table.get("calendar", {})
    check_table(ctx, "haul_fleet.calendar", cal, dataclass_spec(OperatingCalendar),
                subtables=("maintenance", "shutdowns"))
    for sub, cls in (("maintenance", MaintenanceWindow), ("shutdowns", Shutdown)):
        for i, item in enumerate(cal.get(sub, [])):
            check_table(ctx, f"haul_fleet.calendar.{sub}", item, dataclass_spec(cls), index=i)


def haul_fleet(data: dict, ctx: Context):
    """``(HaulFleet, smart_charging)`` of ``[haul_fleet]``, or ``(None, False)`` without it."""
    from ..mine import HaulCycle, HaulFleet, MaintenanceWindow, OperatingCalendar, Shutdown

    if "haul_fleet" not in data:
        return None, False
    kwargs = dict(data["haul_fleet"])
    smart = bool(kwargs.pop("smart_charging", False))
    kwargs["cycle"] = build(ctx, "haul_fleet.cycle", HaulCycle, dict(kwargs.pop("cycle")))
    cal = dict(kwargs.pop("calendar", {}))
    maint = [build(ctx, "haul_fleet.calendar.maintenance", MaintenanceWindow,
                   {k: tuplify(v) for k, v in m.items()}, index=i)
             for i, m in enumerate(cal.pop("maintenance", []))]
    shut = [build(ctx, "haul_fleet.calendar.shutdowns", Shutdown,
                  {k: tuplify(v) for k, v in s.items()}, index=i)
            for i, s in enumerate(cal.pop("shutdowns", []))]
    cal = {k: tuplify(v) for k, v in cal.items()}
    kwargs["calendar"] = build(ctx, "haul_fleet.calendar", OperatingCalendar,
                               dict(cal, maintenance=tuple(maint), shutdowns=tuple(shut)))
    return build(ctx, "haul_fleet", HaulFleet, kwargs), smart
