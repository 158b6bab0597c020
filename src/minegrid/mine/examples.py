"""Two example mines with their sources: a gold mine and an Andean copper concentrator."""

from __future__ import annotations

from dataclasses import replace

from minegrid.mine.areas import ProcessArea
from minegrid.mine.builder import MineLoad
from minegrid.mine.calendar import MaintenanceWindow, OperatingCalendar, Shutdown

__all__ = ["example_copper_concentrator", "example_gold_mine"]

_GOLD_SOURCES = """\
Example off-grid gold mine (open pit + 1.5 Mt/yr CIL plant), about 5.6 MW mean.
Sources and assumptions:
- Total plant: a small gold mine with a ball-mill processing plant 'running continuously at
  6 MW' is the typical case in 'Technology Choices for Remote Gold Mine' (public slide deck,
  https://pdfslide.us/documents/download-technology-choices-for-remote-gold-mine.html).
- Throughput 1.5 Mt/yr at 92 % plant availability -> 186 t/h (engineering assumption).
- SAG 7 kWh/t and ball mill 12 kWh/t: within the Andean porphyry benchmarks of
  wiki.sagmilling.com 'Benchmarking: Bond - Esperanza' (E_SAG 3.9-7.2 kWh/t, ball-mill work
  index 17.6 kWh/t) for a softer gold ore; mill power utilisation 0.92-0.95 from the same page.
- CIL, elution and gold room, crushing, tailings, water, workshops, offices: engineering
  assumptions (installed kW and utilisation), not measured data.
- Camp: 400 beds at 1.0 kW installed per bed, utilisation 0.6 (engineering assumption; no
  public per-bed figure was found).
- Calendar: 2 x 12 h shifts from 07:00, weekly 8 h crusher maintenance, two 60 h mill relines
  a year, 12 plant trips/yr of 1 h with a 30 min restart ramp (engineering assumptions).
"""

_COPPER_SOURCES = """\
Example Andean copper concentrator (open pit, 30 kt/d SAG-ball-flotation, ~4,000 m), about
29 MW mean.
Sources and assumptions:
- Throughput 30 kt/d at 93 % availability -> 1,345 t/h; plant availability 93 %, SAG power
  utilisation 92.3 % and ball-mill 95 % from wiki.sagmilling.com 'Benchmarking: Bond -
  Esperanza' (Villanueva & Soto, IMPC 2014): Esperanza E_SAG 5.5 kWh/t (3.9-7.2) and
  ball-mill work index 17.6 kWh/t. Used: SAG 6.5 kWh/t, ball mills 8.5 kWh/t (two mills).
- Concentrator share: Cochilco's 2018 energy report (Informe de actualizacion del consumo
  energetico de la mineria del cobre al ano 2018, DEPP 07/2019) finds the concentrator uses
  55 % of the copper industry's electricity; total concentrator intensity here is about
  20 kWh/t of ore, the low end of the 20-30 kWh/t usually quoted (engineering assumption).
- Largest drives: one SAG mill motor (installed power of the SAG area) and two ball-mill
  motors; the SAG start is the largest single motor step.
- Flotation 2.0 kWh/t, crushing 0.5 kWh/t, thickening/filtration, tailings and water pumping,
  workshops, offices: engineering assumptions.
- Camp: 1,500 beds at 1.0 kW installed per bed, utilisation 0.6, with winter heating
  (June-August x1.2, December-February x0.9) at altitude (engineering assumption).
- Altitude does not change the electric load here; it derates the gensets (see
  minegrid.genset_derating). Calendar: 2 x 12 h shifts from 08:00, weekly 12 h crusher
  maintenance, SAG reline 96 h and ball-mill reline 48 h a year, 8 trips/yr of 2 h with a
  60 min ramp (engineering assumptions).
"""


def example_gold_mine() -> MineLoad:
    """An off-grid gold mine of about 5.6 MW mean (1.5 Mt/yr CIL plant, 400-bed camp).

    Sources and assumptions are in the returned object's ``description`` and in
    ``docs/load.md``.

    Examples
    --------
    >>> mine = example_gold_mine()
    >>> 5000 < float(mine.build(2025).mean()) < 8000
    True
    """
    t_per_h = 1.5e6 / (8760 * 0.92)
    areas = (
        ProcessArea(name="Primary crushing", kind="crushing", installed_kw=600.0,
                    utilisation=0.6, largest_motor_kw=250.0, variability=0.10),
        ProcessArea.from_throughput("SAG mill", "grinding_sag", throughput_t_per_h=t_per_h,
                                    specific_energy_kwh_per_t=7.0, motor_loading=0.92,
                                    variability=0.03),
        ProcessArea.from_throughput("Ball mill", "grinding_ball", throughput_t_per_h=t_per_h,
                                    specific_energy_kwh_per_t=12.0, motor_loading=0.95,
                                    variability=0.02),
        ProcessArea(name="CIL, elution and gold room", kind="other", installed_kw=900.0,
                    utilisation=0.75, throughput_linked=True, largest_motor_kw=110.0,
                    variability=0.03),
        ProcessArea(name="Thickener and tailings pumps", kind="tailings_pumping",
                    installed_kw=500.0, utilisation=0.8, largest_motor_kw=160.0),
        ProcessArea(name="Raw water supply", kind="water_pumping", installed_kw=350.0,
                    utilisation=0.8, largest_motor_kw=110.0),
        ProcessArea(name="Workshops", kind="workshops", installed_kw=250.0, variability=0.1),
        ProcessArea(name="Offices and laboratory", kind="offices", installed_kw=150.0),
        ProcessArea(name="Camp (400 beds)", kind="camp", installed_kw=400.0, variability=0.05),
    )
    # the SAG and ball-mill areas are single drives
    areas = tuple(replace(a, largest_motor_kw=a.installed_kw)
                  if a.kind in ("grinding_sag", "grinding_ball") else a for a in areas)
    cal = OperatingCalendar(
        shifts_per_day=2, shift_start_h=7.0, shift_change_dip=0.3, shift_change_duration_h=1.0,
        maintenance=(MaintenanceWindow(weekday=1, start_h=8.0, duration_h=8.0,
                                       areas=("Primary crushing",), load_fraction=0.1),),
        shutdowns=(
            Shutdown(name="Mill reline 1", start="04-14 06:00", duration_h=60.0,
                     areas=("SAG mill", "Ball mill", "CIL, elution and gold room"),
                     load_fraction=0.05, ramp_h=4.0),
            Shutdown(name="Mill reline 2", start="10-13 06:00", duration_h=60.0,
                     areas=("SAG mill", "Ball mill", "CIL, elution and gold room"),
                     load_fraction=0.05, ramp_h=4.0),
        ),
        trips_per_year=12.0, trip_duration_h=1.0, trip_ramp_min=30.0,
    )
    return MineLoad(areas=areas, calendar=cal, name="Example off-grid gold mine",
                    description=_GOLD_SOURCES)


def example_copper_concentrator() -> MineLoad:
    """An Andean copper concentrator of about 29 MW mean (30 kt/d, ~4,000 m altitude).

    Sources and assumptions are in the returned object's ``description`` and in
    ``docs/load.md``.

    Examples
    --------
    >>> mine = example_copper_concentrator()
    >>> 20000 < float(mine.build(2025).mean()) < 40000
    True
    """
    t_per_h = 30_000 / (24 * 0.93)
    sag = ProcessArea.from_throughput("SAG mill", "grinding_sag", throughput_t_per_h=t_per_h,
                                      specific_energy_kwh_per_t=6.5, motor_loading=0.923,
                                      variability=0.03)
    sag = replace(sag, largest_motor_kw=sag.installed_kw)
    ball = ProcessArea.from_throughput("Ball mills (2)", "grinding_ball",
                                       throughput_t_per_h=t_per_h,
                                       specific_energy_kwh_per_t=8.5, motor_loading=0.95,
                                       variability=0.02)
    ball = replace(ball, largest_motor_kw=ball.installed_kw / 2)
    areas = (
        ProcessArea.from_throughput("Primary crushing and conveying", "crushing",
                                    throughput_t_per_h=t_per_h, specific_energy_kwh_per_t=0.5,
                                    motor_loading=0.6, largest_motor_kw=750.0, variability=0.10),
        sag,
        ball,
        ProcessArea.from_throughput("Flotation", "flotation", throughput_t_per_h=t_per_h,
                                    specific_energy_kwh_per_t=2.0, motor_loading=0.85,
                                    largest_motor_kw=400.0, variability=0.03),
        ProcessArea(name="Thickening and filtration", kind="thickening_filtration",
                    installed_kw=900.0, utilisation=0.7, largest_motor_kw=250.0),
        ProcessArea(name="Tailings pumping", kind="tailings_pumping", installed_kw=1800.0,
                    utilisation=0.8, largest_motor_kw=600.0),
        ProcessArea(name="Water supply pumping", kind="water_pumping", installed_kw=2500.0,
                    utilisation=0.8, largest_motor_kw=800.0),
        ProcessArea(name="Workshops", kind="workshops", installed_kw=800.0, variability=0.1),
        ProcessArea(name="Offices and laboratory", kind="offices", installed_kw=300.0),
        ProcessArea(name="Camp (1,500 beds)", kind="camp", installed_kw=1500.0, variability=0.05),
    )
    mills = ("SAG mill", "Ball mills (2)", "Flotation")
    cal = OperatingCalendar(
        shifts_per_day=2, shift_start_h=8.0, shift_change_dip=0.3, shift_change_duration_h=1.0,
        maintenance=(MaintenanceWindow(weekday=2, start_h=8.0, duration_h=12.0,
                                       areas=("Primary crushing and conveying",),
                                       load_fraction=0.1),),
        shutdowns=(
            Shutdown(name="SAG reline", start="05-05 08:00", duration_h=96.0, areas=mills,
                     load_fraction=0.05, ramp_h=6.0),
            Shutdown(name="Ball mill reline", start="11-10 08:00", duration_h=48.0,
                     areas=("Ball mills (2)",), load_fraction=0.5, ramp_h=2.0),
        ),
        trips_per_year=8.0, trip_duration_h=2.0, trip_ramp_min=60.0,
        monthly_factors=(0.9, 0.9, 1.0, 1.0, 1.1, 1.2, 1.2, 1.2, 1.1, 1.0, 1.0, 0.9),
        seasonal_areas=("Camp (1,500 beds)",),
    )
    return MineLoad(areas=areas, calendar=cal, name="Example Andean copper concentrator",
                    description=_COPPER_SOURCES)
