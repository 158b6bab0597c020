"""Electrified haul trucks: the haul cycle, the fleet and the energy of one cycle.

A loaded truck climbs out of the pit on the ramp and runs along a flat stretch to the
crusher or the dump; it returns empty the same way, down the ramp. The tractive work at
the wheels on each leg is

.. math::

    W = m\\,g\\,(G + R)\\,L

with the truck's mass :math:`m` [t], :math:`g = 9.81` m s⁻², the grade :math:`G` (positive
uphill) and the rolling resistance :math:`R` as fractions and the length :math:`L` [km];
in kWh, :math:`W = m\\,g\\,(G + R)\\,L / 3.6`. An electric truck draws :math:`W/\\eta_d`
from its battery or the trolley line when :math:`W > 0` and recovers
:math:`\\eta_r\\,|W|` into its battery when braking (:math:`W < 0`, the empty truck going
down a ramp steeper than the rolling resistance). On the electrified share of the loaded
ramp (trolley assist) the line supplies the traction and the auxiliaries; the battery
supplies the rest of the cycle and is recharged at chargers. A diesel truck doing the
same cycle burns its positive work divided by its tank-to-wheel efficiency and diesel's
energy density, plus its idle fuel while loading, dumping and queueing; it recovers
nothing when braking. ``docs/theory/haulage.md`` gives the model and its sources.

:class:`HaulCycle` and :class:`HaulFleet` are the inputs; :func:`cycle_energy` gives the
:class:`CycleEnergy` of one cycle. The hourly load is built by
:func:`minegrid.mine.haulload.haul_load`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

from minegrid.errors import check, number, whole
from minegrid.mine.calendar import OperatingCalendar

__all__ = ["G_M_S2", "DIESEL_KWH_PER_L", "HaulCycle", "HaulFleet", "CycleEnergy",
           "cycle_energy", "wheel_work_kwh"]

#: Standard gravity as used here (rounded, as in hand calculations). [m/s²]
G_M_S2 = 9.81
#: Lower heating value of diesel: 42.6 MJ/kg x 0.84 kg/L = 35.8 MJ/L. [kWh/L]
DIESEL_KWH_PER_L = 9.94


def wheel_work_kwh(mass_t: float, grade_pct: float, rolling_resistance_pct: float,
                   length_km: float) -> float:
    """Tractive work at the wheels over a leg, ``m g (G + R) L``; negative when braking. [kWh]

    Parameters
    ----------
    mass_t : float
        Gross mass of the truck on the leg. [t]
    grade_pct : float
        Grade, positive uphill. [%]
    rolling_resistance_pct : float
        Rolling resistance. [%]
    length_km : float
        Length of the leg. [km]

    Examples
    --------
    >>> round(wheel_work_kwh(400.0, 10.0, 2.0, 3.0), 2)  # 400 x 9.81 x 0.12 x 3 / 3.6
    392.4
    """
    return mass_t * G_M_S2 * (grade_pct + rolling_resistance_pct) / 100.0 * length_km / 3.6


@dataclass(frozen=True, slots=True, kw_only=True)
class HaulCycle:
    """One haul cycle: loaded up the ramp and along the flat, empty back the same way.

    Parameters
    ----------
    ramp_length_km : float
        Length of the ramp, one way. [km]
    ramp_grade_pct : float
        Mean grade of the ramp, in [0, 20]; 8-10 % is usual for haul ramps. [%]
    flat_length_km : float, default 0.0
        Length of the flat stretch, one way. [km]
    rolling_resistance_pct : float, default 2.0
        Rolling resistance, in [0.5, 10]; 2 % for a hard, well-maintained haul road
        (Caterpillar Performance Handbook). [%]
    load_time_min, dump_time_min, queue_time_min : float, default 3.0, 1.0, 2.0
        Time spotting and loading, dumping, and waiting at the shovel. [min]
    loaded_ramp_speed_km_h : float, default 12.0
        Speed of the loaded truck on the ramp off the trolley line. [km/h]
    trolley_speed_km_h : float, optional
        Speed of the loaded truck on the trolley section; default the ramp speed
        (no speed gain credited). [km/h]
    loaded_flat_speed_km_h : float, default 30.0
        Speed of the loaded truck on the flat. [km/h]
    empty_speed_km_h : float, default 35.0
        Speed of the empty truck (ramp down and flat). [km/h]

    Examples
    --------
    >>> c = HaulCycle(ramp_length_km=3.0, ramp_grade_pct=10.0, flat_length_km=2.0)
    >>> round(c.cycle_time_min, 2)  # 15 + 4 min loaded, 8.57 min empty, 6 min at the ends
    33.57
    """

    ramp_length_km: float
    ramp_grade_pct: float
    flat_length_km: float = 0.0
    rolling_resistance_pct: float = 2.0
    load_time_min: float = 3.0
    dump_time_min: float = 1.0
    queue_time_min: float = 2.0
    loaded_ramp_speed_km_h: float = 12.0
    trolley_speed_km_h: float | None = None
    loaded_flat_speed_km_h: float = 30.0
    empty_speed_km_h: float = 35.0

    def __post_init__(self) -> None:
        c = "HaulCycle"
        number(self.ramp_length_km, f"{c}.ramp_length_km", minimum=0, maximum=50,
               fix="give the ramp length one way in km, e.g. 3.0")
        number(self.ramp_grade_pct, f"{c}.ramp_grade_pct", minimum=0, maximum=20,
               fix="give the mean ramp grade in %, e.g. 10")
        number(self.flat_length_km, f"{c}.flat_length_km", minimum=0, maximum=50,
               fix="give the flat haul length one way in km, e.g. 2.0")
        check(self.ramp_length_km + self.flat_length_km > 0, f"{c}.ramp_length_km",
              self.ramp_length_km, "and flat_length_km are both 0",
              "give the haul distance (ramp and/or flat) in km")
        number(self.rolling_resistance_pct, f"{c}.rolling_resistance_pct", minimum=0.5,
               maximum=10, fix="use 2 % for a good haul road, 3-4 % for a soft one")
        for name in ("load_time_min", "dump_time_min", "queue_time_min"):
            number(getattr(self, name), f"{c}.{name}", minimum=0, maximum=240,
                   fix="give the time in minutes, e.g. 3")
        for name in ("loaded_ramp_speed_km_h", "loaded_flat_speed_km_h", "empty_speed_km_h"):
            number(getattr(self, name), f"{c}.{name}", minimum=1, maximum=80,
                   fix="give the mean speed in km/h, e.g. 12 loaded up a 10 % ramp")
        if self.trolley_speed_km_h is not None:
            number(self.trolley_speed_km_h, f"{c}.trolley_speed_km_h", minimum=1, maximum=80,
                   fix="give the speed on the trolley line in km/h, or leave it out")

    @property
    def speed_on_trolley_km_h(self) -> float:
        """Speed on the trolley section (the ramp speed unless given). [km/h]"""
        return float(self.trolley_speed_km_h or self.loaded_ramp_speed_km_h)

    def time_min(self, trolley_share: float = 0.0) -> tuple[float, float]:
        """(cycle time, time on the trolley line) with ``trolley_share`` of the ramp
        electrified. [min]"""
        wire = trolley_share * self.ramp_length_km / self.speed_on_trolley_km_h * 60.0
        loaded = ((1.0 - trolley_share) * self.ramp_length_km / self.loaded_ramp_speed_km_h
                  + self.flat_length_km / self.loaded_flat_speed_km_h) * 60.0
        empty = (self.ramp_length_km + self.flat_length_km) / self.empty_speed_km_h * 60.0
        ends = self.load_time_min + self.dump_time_min + self.queue_time_min
        return wire + loaded + empty + ends, wire

    @property
    def cycle_time_min(self) -> float:
        """Cycle time without a trolley line. [min]"""
        return self.time_min(0.0)[0]


@dataclass(frozen=True, slots=True, kw_only=True)
class HaulFleet:
    """A fleet of battery haul trucks, with or without trolley assist on the loaded ramp.

    Parameters
    ----------
    n_trucks : int
        Trucks in the fleet (>= 1).
    payload_t : float
        Payload per cycle; 220-300 t for the Cat 793/794/798 and Komatsu 930E/980E
        class. [t]
    empty_mass_t : float
        Empty operating mass; about 165 t for a 230 t truck (Cat 793F: 390 t gross). [t]
    cycle : HaulCycle
        The haul cycle every truck repeats.
    drivetrain_efficiency : float, default 0.90
        Battery (or line) to wheel when driving, in (0, 1]. [-]
    regen_efficiency : float, default 0.80
        Wheel to battery when braking, in [0, 1]. [-]
    auxiliary_kw : float, default 40.0
        Hydraulics, cooling and cab drawn all through the cycle. [kW]
    trolley : bool, default True
        A trolley line on the loaded ramp.
    trolley_share : float, default 1.0
        Fraction of the ramp length under the line, in [0, 1] (ignored without a trolley).
    line_efficiency : float, default 0.95
        Grid to pantograph (rectifier substations and the line), in (0, 1]. [-]
    battery_kwh : float, default 1200.0
        Battery of each truck. [kWh]
    soc_min, soc_max : float, default 0.2, 0.9
        State-of-charge window of the batteries, 0 <= soc_min < soc_max <= 1. [-]
    charger_kw : float, default 1000.0
        Power of one charger at its grid connection. [kW]
    charger_count : int, default 3
        Chargers (>= 1).
    charger_efficiency : float, default 0.95
        Grid to battery at the charger, in (0, 1]. [-]
    availability : float, default 0.85
        Fraction of the trucks hauling in an operating hour (mechanical availability
        times use of availability), in (0, 1]. [-]
    shift_change_stop : float, default 1.0
        Fraction of the fleet parked during a shift change of the calendar, in [0, 1]. [-]
    calendar : OperatingCalendar, optional
        Shifts, shift changes, maintenance and shutdowns of the fleet (areas named in it
        must be the fleet's ``name``); default ``OperatingCalendar()``.
    diesel_efficiency : float, default 0.32
        Tank to wheel of the diesel-truck base case (engine about 0.38 in the cycle,
        diesel-electric drive about 0.85), in (0, 1]. [-]
    diesel_idle_l_per_h : float, default 20.0
        Fuel of an idling diesel truck while loading, dumping and queueing. [L/h]
    diesel_kwh_per_l : float, default 9.94
        Energy density of diesel (lower heating value). [kWh/L]
    co2_kg_per_l : float, default 2.68
        CO2 per litre of diesel burnt. [kg/L]
    name : str, default "haul fleet"
    """

    n_trucks: int
    payload_t: float
    empty_mass_t: float
    cycle: HaulCycle
    drivetrain_efficiency: float = 0.90
    regen_efficiency: float = 0.80
    auxiliary_kw: float = 40.0
    trolley: bool = True
    trolley_share: float = 1.0
    line_efficiency: float = 0.95
    battery_kwh: float = 1200.0
    soc_min: float = 0.2
    soc_max: float = 0.9
    charger_kw: float = 1000.0
    charger_count: int = 3
    charger_efficiency: float = 0.95
    availability: float = 0.85
    shift_change_stop: float = 1.0
    calendar: OperatingCalendar = field(default_factory=OperatingCalendar)
    diesel_efficiency: float = 0.32
    diesel_idle_l_per_h: float = 20.0
    diesel_kwh_per_l: float = DIESEL_KWH_PER_L
    co2_kg_per_l: float = 2.68
    name: str = "haul fleet"

    def __post_init__(self) -> None:
        f = "HaulFleet"
        whole(self.n_trucks, f"{f}.n_trucks", minimum=1, fix="give the number of trucks, e.g. 12")
        number(self.payload_t, f"{f}.payload_t", minimum=0, maximum=1000, strict=True,
               fix="give the payload in t, e.g. 230")
        number(self.empty_mass_t, f"{f}.empty_mass_t", minimum=0, maximum=1000, strict=True,
               fix="give the empty operating mass in t, e.g. 165 for a 230 t truck")
        check(isinstance(self.cycle, HaulCycle), f"{f}.cycle", type(self.cycle).__name__,
              "must be a HaulCycle", "pass cycle=HaulCycle(ramp_length_km=..., ...)")
        for name, lo, strict, fix in (
                ("drivetrain_efficiency", 0, True, "e.g. 0.90"),
                ("regen_efficiency", 0, False, "e.g. 0.80; 0 for no regenerative braking"),
                ("trolley_share", 0, False, "the electrified fraction of the ramp, e.g. 1.0"),
                ("line_efficiency", 0, True, "e.g. 0.95"),
                ("charger_efficiency", 0, True, "e.g. 0.95"),
                ("availability", 0, True, "e.g. 0.85"),
                ("shift_change_stop", 0, False, "1.0 parks the fleet at a shift change"),
                ("diesel_efficiency", 0, True, "tank to wheel, e.g. 0.32"),
                ("soc_min", 0, False, "e.g. 0.2"), ("soc_max", 0, True, "e.g. 0.9")):
            number(getattr(self, name), f"{f}.{name}", minimum=lo, maximum=1, strict=strict,
                   fix=f"give a fraction in {'(' if strict else '['}0, 1], {fix}")
        check(self.soc_min < self.soc_max, f"{f}.soc_min", self.soc_min,
              f"must be below soc_max = {self.soc_max}", "e.g. soc_min=0.2, soc_max=0.9")
        check(isinstance(self.trolley, bool), f"{f}.trolley", self.trolley,
              "must be True or False", "trolley = true for a line on the loaded ramp")
        for name, fix in (("auxiliary_kw", "e.g. 40 kW"), ("diesel_idle_l_per_h", "e.g. 20 L/h")):
            number(getattr(self, name), f"{f}.{name}", minimum=0, fix=fix)
        for name, fix in (("battery_kwh", "give each truck's battery in kWh, e.g. 1200"),
                          ("charger_kw", "give one charger's power in kW, e.g. 1000"),
                          ("diesel_kwh_per_l", "9.94 kWh/L for diesel"),
                          ("co2_kg_per_l", "2.68 kg/L for diesel")):
            number(getattr(self, name), f"{f}.{name}", minimum=0, strict=True, fix=fix)
        whole(self.charger_count, f"{f}.charger_count", minimum=1, fix="give at least 1 charger")
        check(isinstance(self.calendar, OperatingCalendar), f"{f}.calendar",
              type(self.calendar).__name__, "must be an OperatingCalendar",
              "pass calendar=OperatingCalendar(...)")
        usable = self.battery_kwh * (self.soc_max - self.soc_min)
        need = cycle_energy(self).battery_kwh
        check(need <= usable, f"{f}.battery_kwh", self.battery_kwh,
              f"is too small: one cycle takes {need:,.0f} kWh from the battery but the SoC "
              f"window holds {usable:,.0f} kWh",
              f"give at least {need / (self.soc_max - self.soc_min):,.0f} kWh, a wider SoC "
              "window, or more trolley")

    @property
    def usable_kwh(self) -> float:
        """Energy the fleet's batteries hold between soc_min and soc_max. [kWh]"""
        return float(self.n_trucks * self.battery_kwh * (self.soc_max - self.soc_min))

    @property
    def charger_total_kw(self) -> float:
        """Power of all chargers together. [kW]"""
        return float(self.charger_kw * self.charger_count)

    def replace(self, **changes) -> HaulFleet:
        """A copy with some fields changed (checked again)."""
        return replace(self, **changes)

    def to_dict(self) -> dict:
        """The fields, the cycle's and the calendar's as nested dicts."""
        out = {}
        for fl in fields(self):
            v = getattr(self, fl.name)
            out[fl.name] = ({g.name: getattr(v, g.name) for g in fields(v)}
                            if fl.name == "cycle" else v)
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class CycleEnergy:
    """Energy and fuel of one haul cycle of one truck.

    Attributes
    ----------
    loaded_ramp_kwh, loaded_flat_kwh, empty_ramp_kwh, empty_flat_kwh : float
        Tractive work at the wheels on each leg; negative when braking. [kWh]
    trolley_kwh : float
        Drawn from the grid by the trolley line (traction and auxiliaries on the line,
        over the line efficiency). [kWh]
    battery_kwh : float
        Net energy out of the truck's battery (after regenerative braking), >= 0. [kWh]
    regen_kwh : float
        Braking energy put back into the battery. [kWh]
    resistor_kwh : float
        Recovered braking energy the cycle cannot use (net battery gain), burnt in the
        brake resistors. [kWh]
    grid_charge_kwh : float
        Grid energy at the chargers to put ``battery_kwh`` back. [kWh]
    cycle_time_min, trolley_time_min : float
        Cycle time and time on the line. [min]
    diesel_l : float
        Fuel of a diesel truck doing the same cycle (base case). [L]
    payload_t : float
        Tonnes moved per cycle. [t]
    """

    loaded_ramp_kwh: float
    loaded_flat_kwh: float
    empty_ramp_kwh: float
    empty_flat_kwh: float
    trolley_kwh: float
    battery_kwh: float
    regen_kwh: float
    resistor_kwh: float
    grid_charge_kwh: float
    cycle_time_min: float
    trolley_time_min: float
    diesel_l: float
    payload_t: float

    @property
    def grid_kwh(self) -> float:
        """Grid energy per cycle: trolley line plus chargers. [kWh]"""
        return self.trolley_kwh + self.grid_charge_kwh


def cycle_energy(fleet: HaulFleet) -> CycleEnergy:
    """Energy per cycle of one truck of ``fleet`` (see the module docstring).

    Examples
    --------
    >>> fleet = HaulFleet(n_trucks=1, payload_t=230.0, empty_mass_t=170.0, cycle=HaulCycle(
    ...     ramp_length_km=3.0, ramp_grade_pct=10.0), auxiliary_kw=0.0, trolley=False,
    ...     battery_kwh=2000.0)
    >>> e = cycle_energy(fleet)
    >>> round(e.loaded_ramp_kwh, 1), round(e.battery_kwh, 1)  # 392.4/0.9 - 0.8 x 111.18
    (392.4, 347.1)
    """
    c = fleet.cycle
    loaded = fleet.empty_mass_t + fleet.payload_t
    empty = fleet.empty_mass_t
    rr = c.rolling_resistance_pct
    w_ramp = wheel_work_kwh(loaded, c.ramp_grade_pct, rr, c.ramp_length_km)
    w_flat = wheel_work_kwh(loaded, 0.0, rr, c.flat_length_km)
    w_down = wheel_work_kwh(empty, -c.ramp_grade_pct, rr, c.ramp_length_km)
    w_back = wheel_work_kwh(empty, 0.0, rr, c.flat_length_km)
    share = fleet.trolley_share if fleet.trolley else 0.0
    t_cycle, t_wire = c.time_min(share)
    eta = fleet.drivetrain_efficiency
    aux_wire = fleet.auxiliary_kw * t_wire / 60.0
    trolley = (share * w_ramp / eta + aux_wire) / fleet.line_efficiency
    regen = fleet.regen_efficiency * max(0.0, -w_down)
    drawn = ((1.0 - share) * w_ramp + w_flat + max(0.0, w_down) + w_back) / eta
    net = drawn - regen + fleet.auxiliary_kw * (t_cycle - t_wire) / 60.0
    battery = max(0.0, net)
    positive = w_ramp + w_flat + max(0.0, w_down) + w_back
    idle_h = (c.load_time_min + c.dump_time_min + c.queue_time_min) / 60.0
    diesel = positive / fleet.diesel_efficiency / fleet.diesel_kwh_per_l \
        + fleet.diesel_idle_l_per_h * idle_h
    return CycleEnergy(loaded_ramp_kwh=w_ramp, loaded_flat_kwh=w_flat, empty_ramp_kwh=w_down,
                       empty_flat_kwh=w_back, trolley_kwh=trolley, battery_kwh=battery,
                       regen_kwh=regen, resistor_kwh=max(0.0, -net),
                       grid_charge_kwh=battery / fleet.charger_efficiency,
                       cycle_time_min=t_cycle, trolley_time_min=t_wire, diesel_l=diesel,
                       payload_t=fleet.payload_t)
