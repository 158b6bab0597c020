"""A genset plant over the life of mine: the plant kernel each year, wear and costs per type.

A :class:`~minegrid.System` whose gensets need the plant path
(:attr:`System.is_plant`: several genset types, or one with rules, fuels or
prices the one-fleet kernel does not have) is simulated each year by the plant
kernel (:func:`minegrid.plantsim.plant_run`) and its gensets are priced type by
type here instead of as one fleet (:func:`minegrid.economics.system_prices`
prices no genset of a plant). :class:`PlantLife` holds what the engine
(:func:`minegrid.lifeofmine.engine.engine`) needs:

* the prices of year k: a fuel's ``price_path_per_unit[k − 1]``, else its
  ``price_per_unit``, else (diesel) the life of mine's diesel price of year k;
  the merit order and economic dispatch's per-type costs are those of the
  year's prices (:meth:`PlantLife.year_system`);
* per-type yearly statistics (unit-hours, starts, energy, curve fuel), kept by
  the engine with the other statistics (held or interpolated in representative
  mode);
* per type, parts that wear by running hours per unit: the whole type, or, when
  the owned units have a remaining life r, the new units (as new) and the owned
  ones (life used ``1 − r/life_hours`` at the start, salvaged on their
  replacement cost only if replaced within the life of mine), as
  :mod:`minegrid.plantcosts` prices them over a project;
* O&M, fuel per fuel and CO2 per year, and the closure salvage.

Equations: ``docs/theory/lifeofmine.md`` (section "A genset plant").
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from ..components.fuel import DualFuel
from ..dispatch import STAT_NAMES
from ..dispatch.plant import FLEET_STAT_NAMES, count_column
from ..errors import InputError, MinegridWarning
from ..plantcosts import fuel_use
from ..plantsim import plant_counts, plant_run
from .ageing import advance_life

__all__ = ["PlantLife", "TYPE_STATS", "year_price"]

#: Per-type statistics of a year kept by the engine (flows scaled to 8760 h):
#: unit running hours [unit-h], starts [-], energy [kWh], fuel by the curve [curve unit].
TYPE_STATS = ("unit_h", "starts", "gen_kwh", "curve_fuel")
_COLUMN = {name: FLEET_STAT_NAMES.index(name) for name in TYPE_STATS}


def year_price(fuel, k: int, diesel_price: float) -> float:
    """Price of ``fuel`` in year k (1-based): its path's price of year k, else its own
    price, else (diesel without a price) ``diesel_price``, the life of mine's diesel price
    of year k. [currency/unit]"""
    if fuel.price_path_per_unit is not None:
        return float(fuel.price_path_per_unit[k - 1])
    if fuel.price_per_unit is not None:
        return float(fuel.price_per_unit)
    return float(diesel_price)


def _fuel_of_year(fuel, k: int):
    if fuel.price_path_per_unit is None:
        return fuel
    return fuel.replace(price_per_unit=float(fuel.price_path_per_unit[k - 1]),
                        price_path_per_unit=None)


def _supply_of_year(supply, k: int):
    if isinstance(supply, DualFuel):
        return supply.replace(gas=_fuel_of_year(supply.gas, k),
                              diesel=_fuel_of_year(supply.diesel, k))
    return _fuel_of_year(supply, k)


@dataclass
class _Part:
    """Units of one type that wear together: the whole type, its new or its owned units."""

    t: int                    # type index, as listed
    label: str                # event label
    capital: np.ndarray       # capital basis: what wears [currency]
    cost: np.ndarray          # one replacement [currency]
    salvage: np.ndarray       # value at closure with all its life left [currency]
    u: np.ndarray             # life used [-]
    if_replaced: bool = False  # owned units: salvaged only once replaced (paid for)
    replaced: np.ndarray | None = None


class PlantLife:
    """The genset plant of ``m`` designs of one template over the life of mine.

    Parameters
    ----------
    system : System
        The template: its genset types (names, ratings, fuels, costs, rules).
    q : dict
        Pricing quantities holding each type's unit count of each design under
        ``n_units[<type>]`` (:func:`minegrid.dispatch.plant.count_column`). [-]
    inp : Inputs
        The resolved life of mine (:func:`minegrid.lifeofmine.engine.resolve`).
    m : int
        Number of designs.
    """

    def __init__(self, system, q: dict, inp, m: int):
        self.system, self.inp, self.m = system, inp, m
        self.fleets = system.fleets
        self._check(inp)
        self.counts = np.broadcast_to(plant_counts(system, q), (m, len(self.fleets))).copy()
        self.keys = tuple(f"{name}[{t}]" for t in range(len(self.fleets)) for name in TYPE_STATS)
        reloc = inp.relocation["genset"]
        self.parts: list[_Part] = []
        self.capital = np.zeros(m)  # paid at year 0: the new units [currency]
        for t, f in enumerate(self.fleets):
            n = self.counts[:, t]
            per_unit = f.unit_rated_kw * f.capex_per_kw  # [currency]
            salv = f.salvage_ratio if reloc is None else reloc
            owned = float(f.existing_units)
            self.capital += (n - owned) * per_unit
            if f.existing_remaining_life_hours is None:
                # owned units as new: the whole type wears, is replaced and salvaged
                # together, its owned capital credited once (as for one fleet)
                self._part(t, "replacement", n * per_unit, f.replacement_ratio, salv)
            else:
                self._part(t, "replacement of new units", (n - owned) * per_unit,
                           f.replacement_ratio, salv)
                owned_cap = np.full(m, owned * per_unit)
                self.parts.append(_Part(
                    t=t, label="replacement of owned units", capital=owned_cap,
                    cost=owned_cap * f.replacement_ratio,
                    salvage=owned_cap * f.replacement_ratio * salv,
                    u=np.full(m, 1.0 - f.existing_remaining_life_hours / f.life_hours),
                    if_replaced=True, replaced=np.zeros(m, dtype=bool)))
        rows = inp.n + 1
        self.replacements = np.zeros((rows, m, len(self.fleets)))  # nominal [currency]
        self._years: dict[int, tuple] = {}

    def _part(self, t, label, capital, ratio, salv):
        self.parts.append(_Part(t=t, label=label, capital=capital, cost=capital * ratio,
                                salvage=capital * salv, u=np.zeros(self.m)))

    def _check(self, inp) -> None:
        if inp.ovh_hours is not None:
            raise InputError(
                f"LifeOfMine.genset_overhaul_interval_hours = {inp.ovh_hours:g} is the one-fleet "
                "overhaul model, but the system has a genset plant (System.is_plant). Fix: "
                "give each type's overhauls as GensetFleet.overhaul_cost_per_kw and "
                "overhaul_interval_hours, and leave genset_overhaul_interval_hours unset.")
        if inp.ageing.model == "rainflow":
            raise InputError(
                "LifeOfMine.battery_ageing.model = 'rainflow' is not available with a genset "
                "plant (System.is_plant): the plant kernel runs a batch without state-of-charge "
                "trajectories. Fix: use BatteryAgeing(model='cycles').")
        for f in self.fleets:
            supply = f.fuel
            for fuel in ((supply.gas, supply.diesel) if isinstance(supply, DualFuel)
                         else (supply,)):
                path = fuel.price_path_per_unit
                if path is not None and len(path) != inp.n:
                    raise InputError(
                        f"Fuel.price_path_per_unit of {fuel.name!r} (genset type {f.name!r}) "
                        f"has {len(path)} prices, but the life of mine has {inp.n} years. "
                        f"Fix: give one price per {fuel.unit} for each year 1..{inp.n} "
                        "(LifeOfMine.horizon_years).")

    # ---- the year's prices and kernel run ----------------------------------------------
    def year_system(self, k: int):
        """``(system, project)`` at the prices of year k: fuels with a path at that year's
        price, the project at the year's diesel and carbon prices (for the merit order
        and economic dispatch's per-type costs)."""
        if k not in self._years:
            inp = self.inp
            fleets = tuple(f.replace(fuel=_supply_of_year(f.fuel, k)) for f in self.fleets)
            with warnings.catch_warnings():  # the user's inputs were checked already
                warnings.simplefilter("ignore", MinegridWarning)
                system = (self.system.replace(gensets=fleets) if self.system.gensets
                          else self.system.replace(genset=fleets[0]))
                project = inp.project.replace(fuel_price_per_l=float(inp.fuel[k - 1]),
                                              carbon_price_per_t=float(inp.carbon_price[k - 1]))
            self._years[k] = (system, project)
        return self._years[k]

    def run(self, params: np.ndarray, profiles, k: int) -> tuple[np.ndarray, dict]:
        """Run year k: kernel totals (m, N_STATS) and the per-type statistics of the
        year (scaled to 8760 h), keyed as :attr:`keys`."""
        system, project = self.year_system(k)
        q = {count_column(f): self.counts[:, t] for t, f in enumerate(self.fleets)}
        raw = plant_run(system, params, q, profiles, project)
        n_stats = len(STAT_NAMES)
        fout = raw[:, n_stats:].reshape(self.m, len(self.fleets), len(FLEET_STAT_NAMES))
        year = {f"{name}[{t}]": fout[:, t, col] * profiles.year_factor
                for t in range(len(self.fleets)) for name, col in _COLUMN.items()}
        return raw[:, :n_stats], year

    # ---- wear --------------------------------------------------------------------------
    def wear(self, year: dict, k: int, last: int, rate: float, book) -> None:
        """Advance every part through year k by its running hours per unit; ``book`` (the
        engine's) books replacements at their exact times."""
        for part in self.parts:
            f = self.fleets[part.t]
            n = self.counts[:, part.t]
            unit_h = year[f"unit_h[{part.t}]"]
            with np.errstate(divide="ignore", invalid="ignore"):
                hours = np.where(n > 0, unit_h / np.where(n > 0, n, 1.0), 0.0)  # per unit [h]
            wear = np.where(part.capital > 0, hours / f.life_hours, 0.0)  # [1/year]
            part.u, n_rep, *_ = book("genset", advance_life(part.u, wear, k, last, rate),
                                     part.cost, f"{f.name}: {part.label}")
            self.replacements[k, :, part.t] += n_rep * part.cost
            if part.if_replaced:
                part.replaced |= n_rep > 0

    def salvage(self) -> np.ndarray:
        """Value of the plant at closure: each part's salvage value × its life left. [currency]"""
        total = np.zeros(self.m)
        for part in self.parts:
            value = part.salvage * np.clip(1.0 - part.u, 0.0, 1.0)
            total += np.where(part.replaced, value, 0.0) if part.if_replaced else value
        return total

    # ---- operating costs ---------------------------------------------------------------
    def operating(self, st: dict, last: int) -> dict:
        """O&M, fuel and CO2 of years 1..last from the yearly per-type statistics ``st``
        ((n + 1, m) arrays keyed as :attr:`keys`).

        Returns (n + 1, m) arrays ``om``, ``fuel`` [currency], ``fuel_l`` (diesel) [L],
        ``co2_t`` (every fuel) [t], and keeps the per-type and per-fuel figures for
        :meth:`tables`.
        """
        rows, m, n_types = self.inp.n + 1, self.m, len(self.fleets)
        z = lambda: np.zeros((rows, m))  # noqa: E731
        tot = {c: z() for c in ("om", "fuel", "fuel_l", "co2_t")}
        self.om = np.zeros((rows, m, n_types))
        self.fuel_rows = []  # (type index, Fuel, quantity (rows, m), price (rows,))
        years = slice(1, last + 1)
        for t, f in enumerate(self.fleets):
            p_u, n = f.unit_rated_kw, self.counts[:, t]
            unit_h, starts = st[f"unit_h[{t}]"], st[f"starts[{t}]"]
            om = (unit_h * f.om_per_unit_hour + unit_h * p_u * f.om_per_kw_hour
                  + n * p_u * f.om_per_kw_year + starts * f.start_cost)
            if f.overhaul_interval_hours:
                om = om + unit_h / f.overhaul_interval_hours * p_u * f.overhaul_cost_per_kw
            om[0] = 0.0
            om[last + 1:] = 0.0
            self.om[:, :, t] = om
            tot["om"] += om
            for fuel, qty in fuel_use(f, st[f"curve_fuel[{t}]"], starts):
                qty = np.array(qty, dtype=float)
                qty[0] = 0.0
                qty[last + 1:] = 0.0
                price = np.zeros(rows)
                price[years] = [year_price(fuel, k, self.inp.fuel[k - 1])
                                for k in range(1, last + 1)]
                self.fuel_rows.append((t, fuel, qty, price))
                tot["fuel"] += qty * price[:, None]
                tot["co2_t"] += qty * fuel.co2_kg_per_unit / 1000.0
                if fuel.kind == "diesel":
                    tot["fuel_l"] += qty
        return tot

    # ---- result tables -----------------------------------------------------------------
    def tables(self, st: dict, row: int, last: int):
        """Per-type and per-fuel yearly tables of design ``row`` (years 1..last).

        ``fleets``: year, type, units, unit_h [unit-h], hours_per_unit [h], starts [-],
        genset_kwh [kWh], fuel [curve unit: curve fuel + start fuel], fuel_unit, om,
        replacements (nominal) [currency]. ``fuels``: year, type, fuel, unit, kind,
        quantity [unit], price_per_unit [currency/unit], cost [currency], co2_t [t].
        """
        import pandas as pd

        fleet_rows, fuel_rows = [], []
        for k in range(1, last + 1):
            for t, f in enumerate(self.fleets):
                n = float(self.counts[row, t])
                unit_h = float(st[f"unit_h[{t}]"][k, row])
                starts = float(st[f"starts[{t}]"][k, row])
                fleet_rows.append({
                    "year": k, "type": f.name, "units": n, "unit_h": unit_h,
                    "hours_per_unit": unit_h / n if n > 0 else 0.0, "starts": starts,
                    "genset_kwh": float(st[f"gen_kwh[{t}]"][k, row]),
                    "fuel": float(st[f"curve_fuel[{t}]"][k, row]) + starts
                    * f.start_fuel_per_start, "fuel_unit": f.curve_unit,
                    "om": float(self.om[k, row, t]),
                    "replacements": float(self.replacements[k, row, t])})
            for t, fuel, qty, price in self.fuel_rows:
                q = float(qty[k, row])
                fuel_rows.append({
                    "year": k, "type": self.fleets[t].name, "fuel": fuel.name, "unit": fuel.unit,
                    "kind": fuel.kind, "quantity": q, "price_per_unit": float(price[k]),
                    "cost": q * float(price[k]), "co2_t": q * fuel.co2_kg_per_unit / 1000.0})
        return pd.DataFrame(fleet_rows), pd.DataFrame(fuel_rows)
