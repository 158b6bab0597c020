"""A design simulated with its diesel supply: the tank, the deliveries and the dry spells.

The dispatch does not see the tank; the tank follows the dispatch's diesel use. Where
the tank runs dry (a step's use exceeds what is left), the diesel gensets are taken
out of service from that step until the next delivery arrives and the year is
dispatched again, so the battery and the renewables carry what they can and the
rest is unserved. The spells are found in time order, one re-dispatch each; with the
rule-based strategies the dispatch before a spell is unchanged by it, so each spell
found is final (``docs/theory/logistics.md``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from ..components.fuel import fuel_of
from ..errors import InputError, check
from .supply import FuelSupply
from .tank import TankRun, longest_closure_h, road_open, run_tank

__all__ = ["FuelLogistics", "simulate_with_supply", "diesel_fleets", "supplied_project",
           "tank_capacity", "recheck_with_tank"]


@dataclass(frozen=True, eq=False)
class FuelLogistics:
    """The diesel supply of one simulated design.

    Yearly figures are the period's scaled to a year (``Profiles.year_factor``).

    Attributes
    ----------
    supply : FuelSupply
        What was simulated.
    tank_capacity_l, reorder_level_l : float
        The tank used (given, or sized to ``min_autonomy_days``) and its reorder level. [L]
    tank_capital : float
        Capital cost of the new tank capacity, counted in the genset plant's capital
        and the NPC. [currency]
    delivered_price_per_l, haulage_per_l : float
        Delivered diesel price and the haulage part of it. [currency/L]
    mean_daily_l : float
        Mean diesel use per day. [L/day]
    tank : pandas.DataFrame
        Per step: ``level_l`` (end of step), ``delivered_l``, ``trucks``, ``road_open``,
        ``dry`` and ``autonomy_days`` (level over the mean daily use).
    deliveries_per_year, delivered_l_per_year : float
        Truckloads and litres delivered. [1/year], [L/year]
    truck_km_per_year, haulage_co2_t_per_year : float
        Tanker km driven (round trips) and their CO2. [km/year], [t/year]
    min_autonomy_days : float
        Lowest level of the period in days of mean use, the margin the design kept
        (``inf`` without diesel use); :attr:`tank_autonomy_days` is a full tank's. [day]
    dry_hours_per_year, dry_unserved_kwh_per_year : float
        Hours the gensets stood for want of diesel and the energy unserved in them.
    closed_days_per_year, longest_closure_days : float
        Days the road was closed [day/year] and its longest closure [day].
    redispatches : int
        Dispatches of the year run to place the dry spells (1 when none).
    """

    supply: FuelSupply
    tank_capacity_l: float
    reorder_level_l: float
    tank_capital: float
    delivered_price_per_l: float
    haulage_per_l: float
    mean_daily_l: float
    tank: object
    deliveries_per_year: float
    delivered_l_per_year: float
    truck_km_per_year: float
    haulage_co2_t_per_year: float
    min_autonomy_days: float
    dry_hours_per_year: float
    dry_unserved_kwh_per_year: float
    closed_days_per_year: float
    longest_closure_days: float
    redispatches: int

    @property
    def tank_autonomy_days(self) -> float:
        """Days of mean diesel use a full tank holds, ``V / (F / 365)`` (``inf`` without
        diesel use): what ``Requirements.min_fuel_autonomy_days`` bounds. [day]"""
        return self.tank_capacity_l / self.mean_daily_l if self.mean_daily_l > 0 else math.inf

    @property
    def autonomy_met(self) -> bool:
        """Whether a full tank holds ``supply.min_autonomy_days`` of mean use."""
        return self.tank_autonomy_days >= self.supply.min_autonomy_days - 1e-9

    def summary(self) -> dict:
        """Key figures with units in the keys."""
        return {"tank_capacity_l": self.tank_capacity_l, "reorder_level_l": self.reorder_level_l,
                "tank_capital": self.tank_capital,
                "delivered_price_per_l": self.delivered_price_per_l,
                "haulage_per_l": self.haulage_per_l, "mean_daily_l": self.mean_daily_l,
                "deliveries_per_year": self.deliveries_per_year,
                "delivered_l_per_year": self.delivered_l_per_year,
                "truck_km_per_year": self.truck_km_per_year,
                "haulage_co2_t_per_year": self.haulage_co2_t_per_year,
                "tank_autonomy_days": self.tank_autonomy_days,
                "min_autonomy_days": self.min_autonomy_days,
                "dry_hours_per_year": self.dry_hours_per_year,
                "dry_unserved_kwh_per_year": self.dry_unserved_kwh_per_year,
                "closed_days_per_year": self.closed_days_per_year,
                "longest_closure_days": self.longest_closure_days}

    def __repr__(self) -> str:
        return (f"FuelLogistics(tank={self.tank_capacity_l:,.0f} L, "
                f"{self.deliveries_per_year:,.1f} trucks/yr, "
                f"{self.truck_km_per_year:,.0f} km/yr, "
                f"min autonomy {self.min_autonomy_days:,.1f} d, "
                f"dry {self.dry_hours_per_year:,.0f} h/yr)")


def diesel_fleets(system) -> list[tuple[str, float]]:
    """``(fleet name, litres of diesel per unit of its fuel curve)`` of every genset type that
    burns diesel from the tank (diesel, or the pilot diesel of a dual-fuel engine)."""
    out = []
    for fleet in system.fleets:
        litres = sum(share for fuel, share in fuel_of(fleet.fuel) if fuel.kind == "diesel")
        if litres > 0:
            out.append((fleet.name, float(litres)))
    return out


def supplied_project(system, project, supply: FuelSupply):
    """The project with the delivered diesel price (port price plus haulage), refusing a
    diesel fuel with its own price when a port price is given."""
    if supply.price_at_port_per_l is None:
        return project
    for fleet in system.fleets:
        for fuel, _ in fuel_of(fleet.fuel):
            check(fuel.kind != "diesel" or (fuel.price_per_unit is None
                                            and fuel.price_path_per_unit is None),
                  f"GensetFleet({fleet.name!r}).fuel.price_per_unit", fuel.price_per_unit,
                  "is a second diesel price beside FuelSupply.price_at_port_per_l",
                  "give the diesel price once: the port price and haulage in FuelSupply, "
                  "and no price on the fleet's diesel")
    return project.replace(fuel_price_per_l=supply.delivered_price(project))


def tank_capacity(supply: FuelSupply, fuel_l_per_year: np.ndarray | float):
    """Tank capacity [L] for designs burning ``fuel_l_per_year`` of diesel (given, or
    ``min_autonomy_days`` of the mean daily use, at least one truckload)."""
    daily = np.asarray(fuel_l_per_year, dtype=float) / 365.0
    if supply.tank_capacity_l is not None:
        return np.full_like(daily, supply.tank_capacity_l)
    return np.maximum(supply.min_autonomy_days * daily, supply.truck_capacity_l)


def _masked(profiles, system, names, dry):
    """The profiles with the diesel gensets' availability zero in the dry steps."""
    keep = np.where(dry, 0.0, 1.0)
    if not system.is_plant:
        return profiles.with_availability(genset_availability=profiles.genset_availability * keep)
    own = dict(profiles.fleet_availability or {})
    for name in names:
        own[name] = np.asarray(own.get(name, profiles.genset_availability)) * keep
    return profiles.with_availability(fleet_availability=own)


def _diesel_use(frame, system, fleets, dt_h) -> np.ndarray:
    if not system.is_plant:
        return frame["fuel_l_per_h"].to_numpy() * dt_h
    use = np.zeros(len(frame))
    by_name = {f.name: f for f in system.fleets}
    for name, litres in fleets:
        col = f"fuel_{by_name[name].curve_unit}_per_h[{name}]"
        use += frame[col].to_numpy() * litres * dt_h
    return use


def simulate_with_supply(simulate_one, system, profiles, project, supply: FuelSupply):
    """``(result, logistics)``: the design dispatched with its tank (see the module).

    ``simulate_one(system, profiles, project)`` simulates one design with its
    dispatch frame; the result's costs include the tank's capital.
    """
    check(isinstance(supply, FuelSupply), "fuel_supply", type(supply).__name__,
          "must be a minegrid.FuelSupply", "pass minegrid.FuelSupply(...)")
    fleets = diesel_fleets(system)
    if not fleets:
        raise InputError("fuel_supply is given but no genset of the system burns diesel. "
                         "Fix: drop fuel_supply, or give the system a diesel genset fleet.")
    names = [n for n, _ in fleets]
    project = supplied_project(system, project, supply)
    n, dt = profiles.n_steps, profiles.dt_h
    open_ = road_open(supply.closures, profiles.index, n, dt)
    dry = np.zeros(n, dtype=bool)
    result = simulate_one(system, profiles, project)
    use = _diesel_use(result.dispatch, system, fleets, dt)
    year = profiles.year_factor
    mean_daily = float(use.sum()) * year / 365.0
    capacity = float(tank_capacity(supply, use.sum() * year))
    initial = capacity if supply.initial_level_l is None else supply.initial_level_l
    check(initial <= capacity, "FuelSupply.initial_level_l", initial,
          f"must be at most the tank capacity ({capacity:,.0f} L)", "give a level it can hold")
    reorder = supply.reorder_for(capacity, mean_daily)
    kw = dict(capacity_l=capacity, initial_l=initial, truck_l=supply.truck_capacity_l,
              lead_h=supply.lead_time_h, reorder_l=reorder, dt_h=dt)
    runs = 1
    while True:
        tank = run_tank(use, open_, forced_dry=dry, **kw)
        t0 = tank.first_new_dry(dry)
        if t0 < 0:
            break
        dry[t0:tank.episode_end(t0)] = True
        result = simulate_one(system, _masked(profiles, system, names, dry), project)
        use = _diesel_use(result.dispatch, system, fleets, dt)
        runs += 1
    logistics = _logistics(supply, project, tank, open_, result, capacity, reorder, mean_daily,
                           year, dt, profiles, runs)
    return _with_tank_cost(result, logistics.tank_capital), logistics


def _logistics(supply, project, tank: TankRun, open_, result, capacity, reorder, mean_daily,
               year, dt, profiles, runs) -> FuelLogistics:
    import pandas as pd

    index = result.dispatch.index
    with np.errstate(divide="ignore", invalid="ignore"):
        autonomy = np.where(mean_daily > 0, tank.level_l / mean_daily, np.inf)
    frame = pd.DataFrame({"level_l": tank.level_l, "delivered_l": tank.delivered_l,
                          "trucks": tank.trucks, "road_open": open_, "dry": tank.dry,
                          "autonomy_days": autonomy}, index=index)
    trucks = float(tank.trucks.sum()) * year
    km = trucks * 2.0 * supply.road_km
    unserved = result.dispatch["unserved_kw"].to_numpy()
    price = supply.delivered_price(project)
    port = supply.price_at_port_per_l is not None
    haul = supply.haulage_per_l_km * supply.road_km if port else 0.0
    return FuelLogistics(
        supply=supply, tank_capacity_l=capacity, reorder_level_l=float(reorder),
        tank_capital=supply.tank_capital(capacity), delivered_price_per_l=float(price),
        haulage_per_l=float(haul), mean_daily_l=mean_daily, tank=frame,
        deliveries_per_year=trucks, delivered_l_per_year=float(tank.delivered_l.sum()) * year,
        truck_km_per_year=km, haulage_co2_t_per_year=km * supply.truck_co2_kg_per_km / 1000.0,
        min_autonomy_days=float(autonomy.min()) if autonomy.size else math.inf,
        dry_hours_per_year=float(tank.dry.sum()) * dt * year,
        dry_unserved_kwh_per_year=float(unserved[tank.dry].sum()) * dt * year,
        closed_days_per_year=float((~open_).sum()) * dt / 24.0 * year,
        longest_closure_days=longest_closure_h(open_, dt) / 24.0, redispatches=runs)


def _with_tank_cost(result, tank_capital: float):
    """``result`` with the tank's capital in the genset plant's capital and the NPC."""
    if tank_capital == 0.0:
        return result
    costs = result.costs
    genset = replace(costs.genset, capital=costs.genset.capital + tank_capital)
    npc = costs.npc + tank_capital
    annualised = npc * costs.crf
    lcoe = annualised / costs.served_kwh_per_year if costs.served_kwh_per_year > 0 else math.inf
    costs = replace(costs, genset=genset, npc=npc, annualised=annualised, lcoe=lcoe)
    return result.with_costs(costs)


def recheck_with_tank(constraints: dict, result):
    """A sizing's constraint table checked again on the design simulated with its tank.

    The search prices the tank and bounds its autonomy from yearly sums; only the
    final simulation follows the tank and sees the dry spells of road closures. The
    unserved fraction of that simulation replaces the search's, and a dry design
    says so in a note for the message. Returns ``(constraints, feasible, note)``.
    """
    log = result.logistics
    out = dict(constraints)
    c = out.get("max_unserved_fraction")
    if c is not None:
        value = float(result.stats.unserved_fraction)
        out["max_unserved_fraction"] = dict(c, value=value, met=value <= c["limit"] + 1e-12,
                                            g=value - c["limit"])
    note = ""
    if log.dry_hours_per_year > 0:
        note = (f"; followed through the year with its tank, the design runs dry "
                    f"{log.dry_hours_per_year:,.0f} h/yr in road closures "
                    f"({log.dry_unserved_kwh_per_year:,.0f} kWh/yr unserved): raise "
                    "FuelSupply.min_autonomy_days or tank_capacity_l, or the reorder level")
    return out, all(v["met"] for v in out.values()), note
