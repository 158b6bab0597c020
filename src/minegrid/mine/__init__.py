"""Mine electric load built from process areas and an operating calendar.

No public hourly mine load exists, so early studies build one from what the engineer
knows: the process areas (installed power, utilisation, a daily pattern), the
operating calendar (shifts, weekly maintenance, planned shutdowns such as mill
relines, random trips, seasons) and the life-of-mine production plan.

The power of area *a* over step *k* is

.. math::

    P_{a,k} = \\min\\bigl(\\max(0,\\ P_{\\mathrm{inst}}\\,u\\,s(h_k)\\,
              [1 - \\sigma\\,d\\,c_k]\\,m_{\\mathrm{month}}\\,[1 + v\\,\\varepsilon_k]),
              \\ P_{\\mathrm{inst}}\\bigr)\\ A_{a,k}

with installed power :math:`P_{\\mathrm{inst}}` [kW], utilisation :math:`u` (mean fraction
of installed power drawn while running), daily pattern :math:`s` (mean 1 over the day),
shift-change dip depth :math:`d` times the area's sensitivity :math:`\\sigma` and the
fraction :math:`c_k` of the step inside a shift-change window, the monthly factor, a
seeded AR(1) noise :math:`\\varepsilon` (unit variance, 1 h correlation time) scaled by the
area's variability :math:`v`, and the availability :math:`A_{a,k}` in [0, 1] (the lowest of
the maintenance, shutdown and trip factors of the step, each averaged over the step).
See ``docs/load.md``.

Layout: :mod:`minegrid.mine.areas` (:class:`ProcessArea`, :data:`KINDS`, :data:`PATTERNS`),
:mod:`minegrid.mine.calendar` (:class:`OperatingCalendar`, :class:`MaintenanceWindow`,
:class:`Shutdown`), :mod:`minegrid.mine.builder` (:class:`MineLoad`, :func:`build_mine_load`),
:mod:`minegrid.mine.plan` (:class:`ProductionPlan`, :func:`life_of_mine_loads`),
:mod:`minegrid.mine.examples`, and the electrified haul fleet (issue 21):
:mod:`minegrid.mine.haul` (:class:`HaulCycle`, :class:`HaulFleet`, :func:`cycle_energy`),
:mod:`minegrid.mine.charging` (unmanaged and smart charging schedules) and
:mod:`minegrid.mine.haulload` (:class:`HaulLoad`, :func:`haul_load`,
:func:`haul_for_design`, :func:`with_haul_load`); ``docs/theory/haulage.md``.
"""

from __future__ import annotations

from minegrid.mine.areas import KINDS, PATTERNS, ProcessArea
from minegrid.mine.areas import OFFICE_WEEK as OFFICE_WEEK  # public, outside __all__ as before
from minegrid.mine.builder import MineLoad, build_mine_load
from minegrid.mine.calendar import MaintenanceWindow, OperatingCalendar, Shutdown
from minegrid.mine.examples import example_copper_concentrator, example_gold_mine
from minegrid.mine.haul import CycleEnergy, HaulCycle, HaulFleet, cycle_energy
from minegrid.mine.haulload import HaulLoad, haul_for_design, haul_load, with_haul_load
from minegrid.mine.plan import ProductionPlan, life_of_mine_loads

__all__ = [
    "CycleEnergy",
    "HaulCycle",
    "HaulFleet",
    "HaulLoad",
    "KINDS",
    "PATTERNS",
    "MaintenanceWindow",
    "MineLoad",
    "OperatingCalendar",
    "ProcessArea",
    "ProductionPlan",
    "Shutdown",
    "build_mine_load",
    "cycle_energy",
    "example_copper_concentrator",
    "example_gold_mine",
    "haul_for_design",
    "haul_load",
    "life_of_mine_loads",
    "with_haul_load",
]
