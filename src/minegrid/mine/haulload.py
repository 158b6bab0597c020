"""The hourly load of a haul fleet (trolley line plus chargers) and its diesel base case.

:func:`haul_load` turns a :class:`~minegrid.mine.haul.HaulFleet` and a time index into a
:class:`HaulLoad`: trucks hauling in each step (the fleet's calendar: shifts, shift
changes, maintenance, shutdowns; times its availability), cycles and tonnes, the trolley
load, the charging load (unmanaged, or smart with a surplus signal:
:mod:`minegrid.mine.charging`), the fleet's state of charge, and the diesel trucks the
fleet replaces. :func:`haul_for_design` takes the surplus signal from a design's PV and
wind; :func:`with_haul_load` adds the haul load to the mine load of a
:class:`~minegrid.Profiles` for :func:`minegrid.simulate`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from minegrid.errors import InputError, check
from minegrid.mine.charging import ChargeSchedule, smart_charging, unmanaged_charging
from minegrid.mine.haul import CycleEnergy, HaulFleet, cycle_energy
from minegrid.profiles import HOURS_PER_YEAR

__all__ = ["HAUL_LOAD_NAME", "HaulLoad", "haul_load", "operating_fraction", "haul_for_design",
           "renewable_surplus", "with_haul_load"]

#: Name of the haul fleet's load series.
HAUL_LOAD_NAME = "haul_load_kw"


def operating_fraction(fleet: HaulFleet, index: pd.DatetimeIndex) -> pd.Series:
    """Fraction of the operating hours in each step, from the fleet's calendar (shift
    changes stop ``shift_change_stop`` of the fleet; maintenance and shutdowns named for
    the fleet or for all areas apply). [-]"""
    from minegrid.mine.areas import ProcessArea
    from minegrid.mine.builder import MineLoad

    check(isinstance(index, pd.DatetimeIndex) and len(index) > 1, "index",
          type(index).__name__, "must be a DatetimeIndex of at least 2 steps",
          "pass the weather's or the load's index")
    dt_h = float((index[1] - index[0]) / pd.Timedelta(hours=1))
    area = ProcessArea(name=fleet.name, kind="haulage_electric", installed_kw=1.0,
                       utilisation=1.0, pattern="steady", shift_sensitivity=1.0,
                       throughput_linked=False)
    cal = replace(fleet.calendar, shift_change_dip=fleet.shift_change_stop)
    mine = MineLoad(areas=(area,), calendar=cal, name=fleet.name)
    parts = []
    for year in sorted(set(index.year)):
        frame = mine.breakdown(int(year), dt_h=dt_h, tz=index.tz)
        parts.append(frame[fleet.name])
    op = pd.concat(parts).reindex(index)
    if op.isna().any():
        raise InputError(f"index = {len(index)} steps from {index[0]} is not on the calendar's "
                         f"{dt_h:g} h grid. Fix: pass a regular index starting on the hour.")
    return op.rename("operating_fraction")


@dataclass(frozen=True, eq=False)
class HaulLoad:
    """The hourly load and operation of a haul fleet.

    Attributes
    ----------
    fleet : HaulFleet
    energy : CycleEnergy
        One truck's cycle.
    frame : pandas.DataFrame
        Per step: ``trucks_hauling`` [-], ``cycles`` [1/step], ``cycles_per_h`` [1/h],
        ``tonnes`` [t/step],
        ``trolley_kw``, ``charging_kw``, ``load_kw`` [kW], ``battery_kwh`` [kWh] (fleet,
        end of step), ``soc`` [-] (fleet, fraction of rated) and, with a surplus signal,
        ``surplus_kw`` [kW].
    smart : bool
        Whether the charging was smart (shifted into the surplus).
    schedule : ChargeSchedule
        The charging schedule behind ``charging_kw``.
    dt_h : float
        Time step. [h]
    """

    fleet: HaulFleet
    energy: CycleEnergy
    frame: pd.DataFrame
    smart: bool
    schedule: ChargeSchedule
    dt_h: float

    @property
    def load_kw(self) -> pd.Series:
        """Trolley plus charging load, named ``haul_load_kw`` (``attrs['unit'] = 'kW'``). [kW]"""
        s = self.frame["load_kw"].rename(HAUL_LOAD_NAME)
        s.attrs["unit"] = "kW"
        return s

    @property
    def year_factor(self) -> float:
        """Years per period: 8760 h over the period's hours. [-]"""
        return HOURS_PER_YEAR / (len(self.frame) * self.dt_h)

    def _per_year(self, column: str, energy: bool = False) -> float:
        total = float(self.frame[column].sum()) * (self.dt_h if energy else 1.0)
        return total * self.year_factor

    @property
    def cycles_per_year(self) -> float:
        """Haul cycles of the fleet. [1/yr]"""
        return self._per_year("cycles")

    @property
    def tonnes_per_year(self) -> float:
        """Tonnes moved. [t/yr]"""
        return self._per_year("tonnes")

    @property
    def energy_mwh_per_year(self) -> float:
        """Grid energy of the fleet (trolley plus chargers). [MWh/yr]"""
        return self._per_year("load_kw", energy=True) / 1e3

    @property
    def trolley_mwh_per_year(self) -> float:
        """Grid energy of the trolley line. [MWh/yr]"""
        return self._per_year("trolley_kw", energy=True) / 1e3

    @property
    def charging_mwh_per_year(self) -> float:
        """Grid energy at the chargers. [MWh/yr]"""
        return self._per_year("charging_kw", energy=True) / 1e3

    @property
    def peak_kw(self) -> float:
        """Highest step-mean load. [kW]"""
        return float(self.frame["load_kw"].max())

    @property
    def kwh_per_t(self) -> float:
        """Grid energy per tonne moved. [kWh/t]"""
        return self.energy.grid_kwh / self.energy.payload_t

    @property
    def diesel_l_per_year(self) -> float:
        """Diesel the same cycles would take with diesel trucks (the base case). [L/yr]"""
        return self.cycles_per_year * self.energy.diesel_l

    @property
    def co2_t_per_year(self) -> float:
        """CO2 of the diesel-truck base case, i.e. CO2 saved at the trucks. [t/yr]"""
        return self.diesel_l_per_year * self.fleet.co2_kg_per_l / 1e3

    @property
    def surplus_share(self) -> float:
        """Share of the charging energy covered by the surplus signal (NaN without one). [-]"""
        if "surplus_kw" not in self.frame:
            return float("nan")
        total = float(self.schedule.grid_kwh.sum())
        return self.schedule.surplus_used_kwh / total if total > 0 else float("nan")

    def summary(self) -> dict:
        """The headline numbers (units in the keys)."""
        return {"n_trucks": self.fleet.n_trucks, "smart_charging": self.smart,
                "cycles_per_year": self.cycles_per_year, "tonnes_per_year": self.tonnes_per_year,
                "energy_mwh_per_year": self.energy_mwh_per_year,
                "trolley_mwh_per_year": self.trolley_mwh_per_year,
                "charging_mwh_per_year": self.charging_mwh_per_year, "peak_kw": self.peak_kw,
                "kwh_per_t": self.kwh_per_t, "diesel_saved_l_per_year": self.diesel_l_per_year,
                "co2_saved_t_per_year": self.co2_t_per_year,
                "charging_in_surplus": self.surplus_share}

    def to_dict(self) -> dict:
        """:meth:`summary` and the energy of one cycle."""
        return dict(self.summary(), **{f"cycle_{k}": getattr(self.energy, k) for k in
                                       self.energy.__dataclass_fields__})

    def to_frame(self) -> pd.DataFrame:
        """The per-step frame (a copy)."""
        return self.frame.copy()

    def __repr__(self) -> str:
        mode = "smart" if self.smart else "unmanaged"
        return (f"HaulLoad({self.fleet.n_trucks} trucks x {self.fleet.payload_t:g} t, "
                f"{self.cycles_per_year:,.0f} cycles/yr, {self.tonnes_per_year / 1e6:,.2f} Mt/yr, "
                f"{self.energy_mwh_per_year:,.0f} MWh/yr, peak {self.peak_kw:,.0f} kW, "
                f"{mode} charging; diesel saved {self.diesel_l_per_year / 1e3:,.0f} kL/yr, "
                f"{self.co2_t_per_year:,.0f} t CO2/yr)")


def haul_load(fleet: HaulFleet, index, *, smart_charging_on: bool = False,
              surplus_kw=None, price_per_kwh=None) -> HaulLoad:
    """The fleet's trolley and charging load on ``index``.

    Parameters
    ----------
    fleet : HaulFleet
    index : pandas.DatetimeIndex
        Regular time index (e.g. the weather's).
    smart_charging_on : bool, default False
        Shift the charging into the surplus (:func:`minegrid.mine.charging.smart_charging`);
        needs ``surplus_kw`` or ``price_per_kwh``.
    surplus_kw : array-like or pandas.Series, optional
        Power available for charging at no cost, e.g. PV output minus the rest of the
        mine's load; the trolley load is taken from it first. [kW]
    price_per_kwh : array-like or pandas.Series, optional
        Price of grid energy in each step: smart charging then minimises the cost of the
        charging energy instead of following the surplus. [currency/kWh]

    Returns
    -------
    HaulLoad
    """
    check(isinstance(fleet, HaulFleet), "fleet", type(fleet).__name__, "must be a HaulFleet",
          "build one with minegrid.HaulFleet(...)")
    if isinstance(index, pd.Series | pd.DataFrame):
        index = index.index
    op = operating_fraction(fleet, index).to_numpy()
    dt_h = float((index[1] - index[0]) / pd.Timedelta(hours=1))
    e = cycle_energy(fleet)
    trucks = fleet.n_trucks * fleet.availability * op
    cycles = trucks * dt_h * 60.0 / e.cycle_time_min
    trolley_kw = cycles * e.trolley_kwh / dt_h
    use = cycles * e.battery_kwh
    cap = fleet.charger_total_kw * dt_h
    lo = fleet.n_trucks * fleet.battery_kwh * fleet.soc_min
    hi = fleet.n_trucks * fleet.battery_kwh * fleet.soc_max
    where = f"HaulFleet.charger_count = {fleet.charger_count} (x {fleet.charger_kw:g} kW)"
    frame = {"trucks_hauling": trucks, "cycles": cycles, "cycles_per_h": cycles / dt_h,
             "tonnes": cycles * fleet.payload_t,
             "trolley_kw": trolley_kw}
    surplus = None
    if surplus_kw is not None:
        from minegrid.errors import number_array

        surplus = number_array(getattr(surplus_kw, "values", surplus_kw), "surplus_kw")
        check(surplus.size == len(index), "surplus_kw", f"{surplus.size} steps",
              f"must have one value per step of the index ({len(index)})",
              "give the surplus on the same index")
        surplus = np.clip(surplus, 0.0, None)
        frame["surplus_kw"] = surplus
    if smart_charging_on:
        check(surplus is not None or price_per_kwh is not None, "surplus_kw", None,
              "is needed for smart charging (or price_per_kwh)",
              "pass surplus_kw (e.g. minegrid.mine.haulload.renewable_surplus(system, "
              "profiles)) or use haul_for_design")
        free = None if surplus is None else np.clip(surplus - trolley_kw, 0.0, None) * dt_h
        price = None if price_per_kwh is None else getattr(price_per_kwh, "values",
                                                           price_per_kwh)
        sched = smart_charging(use, cap, free, e_min_kwh=lo, e_max_kwh=hi, price=price,
                               efficiency=fleet.charger_efficiency, field=where)
    else:
        sched = unmanaged_charging(use, cap, e_min_kwh=lo, e_max_kwh=hi,
                                   efficiency=fleet.charger_efficiency, field=where)
        if surplus is not None:
            free = np.clip(surplus - trolley_kw, 0.0, None) * dt_h
            sched = replace(sched, surplus_used_kwh=float(np.minimum(sched.grid_kwh,
                                                                     free).sum()))
    charging_kw = sched.grid_kwh / dt_h
    frame.update(charging_kw=charging_kw, load_kw=trolley_kw + charging_kw,
                 battery_kwh=sched.stored_kwh,
                 soc=sched.stored_kwh / (fleet.n_trucks * fleet.battery_kwh))
    df = pd.DataFrame(frame, index=index, dtype="float64")
    cols = ["trucks_hauling", "cycles", "cycles_per_h", "tonnes", "trolley_kw", "charging_kw",
            "load_kw", "battery_kwh", "soc"] + (["surplus_kw"] if surplus is not None else [])
    return HaulLoad(fleet=fleet, energy=e, frame=df[cols], smart=bool(smart_charging_on),
                    schedule=sched, dt_h=dt_h)


def renewable_surplus(system, profiles) -> pd.Series:
    """PV plus wind output of ``system`` above the load of ``profiles``, >= 0. [kW]"""
    pv = profiles.pv_kw_per_kw * (system.pv.rated_kw if system.pv is not None else 0.0)
    wind = profiles.wind_kw_per_turbine * (system.wind.n_turbines
                                           if system.wind is not None else 0)
    surplus = np.clip(np.asarray(pv + wind - profiles.load_kw, dtype=np.float64), 0.0, None)
    return pd.Series(surplus, index=profiles.index, name="surplus_kw")


def haul_for_design(fleet: HaulFleet, system, profiles, *, smart_charging_on: bool = True
                    ) -> HaulLoad:
    """:func:`haul_load` on the profiles' index, with the surplus of ``system``'s PV and wind
    over the profiles' (mine) load as the signal for smart charging."""
    check(profiles.index is not None, "profiles.index", None, "is needed (a time index)",
          "build the profiles from Series with a DatetimeIndex")
    return haul_load(fleet, profiles.index, smart_charging_on=smart_charging_on,
                     surplus_kw=renewable_surplus(system, profiles))


def with_haul_load(profiles, haul: HaulLoad):
    """``profiles`` with the haul load added to their load (the same resource). [kW]"""
    check(len(haul.frame) == profiles.n_steps, "haul", f"{len(haul.frame)} steps",
          f"must cover the profiles' {profiles.n_steps} steps", "build it on profiles.index")
    load = profiles.load_kw + haul.frame["load_kw"].to_numpy()
    if profiles.index is not None:
        load = pd.Series(load, index=profiles.index, name="load_kw")
    return profiles.with_load(load)
