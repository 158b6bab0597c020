"""Load shedding by process area in scenario files (``[load] source = "areas"``).

The ``[[load.areas]]`` tables take the shedding fields of :class:`minegrid.ProcessArea`
(``priority``, ``lost_value_per_mwh``, or ``lost_value_per_t`` with ``tonnes_per_mwh``)::

    [[load.areas]]
    name = "Ball mill"
    kind = "grinding_ball"
    installed_kw = 900.0
    priority = 1
    lost_value_per_t = 18.0     # USD per tonne of ore not milled
    tonnes_per_mwh = 55.0       # t of ore per MWh of the mill's load

    [sizing]
    objective = "npc_plus_lost_value"   # NPC + present value of the production lost

:func:`area_loads` gives the areas' loads on the study's steps, built exactly as the
load (same calendar, seed and ``scale``); a ``[haul_fleet]`` load, which is not a process
area, joins as the area ``"haul fleet"``, shed last and without a value (so the valued
areas carry the shortfall, and the cost is not understated). ``minegrid run`` writes
``shedding.csv`` (:meth:`minegrid.shedding.Shedding.to_frame`) and a report section.
"""

from __future__ import annotations

from ..errors import InputError
from ..shedding import LOST_VALUE_OBJECTIVE

__all__ = ["HAUL_AREA", "area_loads", "shedding_of", "sizing_options", "validate_shedding"]

#: Name of the area a ``[haul_fleet]`` load becomes in the shedding.
HAUL_AREA = "haul fleet"


def _is_areas(data: dict) -> bool:
    return data.get("load", {}).get("source", "example") == "areas"


def validate_shedding(data: dict, ctx) -> None:
    """The lost-value objective needs process areas, and is not re-sized by ``[sensitivity]``."""
    if data.get("sizing", {}).get("objective") != LOST_VALUE_OBJECTIVE:
        return
    if not _is_areas(data):
        raise ctx.error("sizing", "objective", f'= "{LOST_VALUE_OBJECTIVE}" needs the load '
                        'built from process areas ([load] source = "areas")',
                        'give the load as [[load.areas]] tables with their values, or use '
                        'objective = "npc"')
    sens = data.get("sensitivity", {})
    if isinstance(sens, dict) and (sens.get("mode") == "size" or "two_way" in sens):
        raise ctx.error("sensitivity", "mode" if sens.get("mode") == "size" else None,
                        f're-sizes with [sizing] objective = "{LOST_VALUE_OBJECTIVE}", which '
                        "the sensitivity's re-sizings do not carry yet",
                        'use mode = "simulate" without [sensitivity.two_way], or objective '
                        '= "npc"')


def area_loads(scenario, built):
    """The :class:`minegrid.AreaLoads` of ``[load] source = "areas"`` on ``built``'s steps
    (None for another load source)."""
    if not _is_areas(scenario.data):
        return None
    from ..load import align_to
    from ..shedding import AreaLoads

    ld = scenario.data["load"]
    mine = scenario._mine()
    index = built.load_kw.index
    frame = mine.breakdown(scenario.year, tz=built.site.tz if built.site else None,
                           seed=ld.get("seed", 0))
    if len(frame) == len(index):
        frame = frame.set_axis(index)
    else:  # as Scenario.load aligns the total
        frame = frame.apply(lambda c: align_to(c, index, repair=ld.get("repair", False)))
    loads = AreaLoads.from_areas(mine, frame * float(ld.get("scale", 1.0)))
    if getattr(built, "haul", None) is not None:
        loads = loads.with_area(HAUL_AREA, built.haul.frame["load_kw"].to_numpy(),
                                priority=max(loads.priority) + 1)
    return loads


def shedding_of(scenario, built, result):
    """:func:`minegrid.shedding_for` of ``result`` (simulated with ``dispatch=True`` on
    ``built``'s profiles) with the scenario's areas; None for another load source."""
    loads = area_loads(scenario, built)
    if loads is None or result is None or result.dispatch is None:
        return None
    from ..shedding import shedding_for

    try:
        return shedding_for(result, loads)
    except InputError as exc:
        raise scenario._ctx.locate(exc, "load", ["areas"]) from None


def sizing_options(scenario, built) -> dict:
    """``[sizing]`` as options of :func:`minegrid.size`, with ``shedding`` (the area loads)
    for the lost-value objective."""
    opts = dict(scenario.data.get("sizing", {}))
    if opts.get("objective") == LOST_VALUE_OBJECTIVE:
        opts["shedding"] = area_loads(scenario, built)
    return opts
