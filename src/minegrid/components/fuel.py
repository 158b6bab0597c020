"""Fuels: diesel, natural gas (pipeline, LNG, CNG) and dual-fuel supply, with prices and CO2.

A :class:`Fuel` is measured in one physical unit (``unit``: litres, normal cubic
metres, GJ or MMBtu) and every quantity of it carries that unit: its price per
unit, its CO2 per unit, its heating value per unit, and the fuel curves of the
gensets that burn it (:class:`~minegrid.GensetFleet`). A :class:`DualFuel`
supply feeds a dual-fuel engine: the engine's curve is in litres of diesel
equivalent and a share of that energy comes as gas.

Default factors (lower heating values and CO2 per unit) are the IPCC 2006
Guidelines' defaults (Vol. 2, ch. 1, tables 1.2 and 1.4): diesel (gas/diesel
oil) 43.0 MJ/kg and 74.1 kg CO2/GJ at 0.84 kg/L, i.e. 36.1 MJ/L and
2.68 kg CO2/L; natural gas 56.1 kg CO2/GJ, i.e. 1.89 kg CO2/Nm3 at
33.7 MJ/Nm3 (LHV of a lean pipeline gas at 0 °C, 101.325 kPa), 56.1 kg/GJ and
59.2 kg CO2/MMBtu (1 MMBtu = 1.055056 GJ). ``docs/theory/gensets.md`` gives
the equations.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError, check, choice, number, numbers
from ._fields import Component, _finite

__all__ = ["Fuel", "DualFuel", "FUEL_KINDS", "FUEL_UNITS", "DELIVERIES", "DIESEL",
           "fuel_of"]

#: What a fuel is.
FUEL_KINDS = ("diesel", "natural_gas")
#: The units a fuel may be measured in, by kind.
FUEL_UNITS = {"diesel": ("L",), "natural_gas": ("Nm3", "GJ", "MMBtu")}
#: How a fuel reaches the site (a label, and the default price basis in reports).
DELIVERIES = ("truck", "pipeline", "lng", "cng")

#: Lower heating value per unit, IPCC 2006 defaults (see the module docstring). [MJ/unit]
_LHV_MJ = {"L": 36.12, "Nm3": 33.7, "GJ": 1000.0, "MMBtu": 1055.056}
#: CO2 per unit, IPCC 2006 defaults. [kg/unit]
_CO2_KG = {"L": 2.68, "Nm3": 1.89, "GJ": 56.1, "MMBtu": 59.19}


@dataclass(frozen=True, slots=True, kw_only=True)
class Fuel(Component):
    """A fuel bought for the gensets, in one physical unit.

    Parameters
    ----------
    name : str
        Label used in tables, e.g. ``"diesel"``, ``"pipeline gas"``.
    kind : {"diesel", "natural_gas"}
        What it is: fixes the units it may be measured in (:data:`FUEL_UNITS`).
    unit : str
        ``"L"`` for diesel; ``"Nm3"``, ``"GJ"`` or ``"MMBtu"`` for gas.
    price_per_unit : float, optional
        Delivered price at site. ``None`` for diesel means the project's
        ``fuel_price_per_l``; a gas fuel must give it. [currency/unit]
    price_path_per_unit : sequence of float, optional
        Prices at project years 1..N instead of one price; levelised with the
        discount rate (:func:`minegrid.economics.levelised_price`). [currency/unit]
    co2_kg_per_unit : float
        CO2 emitted per unit burnt; required (no default) for gas, whose
        unit decides it. [kg/unit]
    lhv_mj_per_unit : float, optional
        Lower heating value; IPCC default for the unit when omitted. [MJ/unit]
    delivery : {"truck", "pipeline", "lng", "cng"}
        How it reaches the site (a label for reports).
    """

    name: str = "diesel"
    kind: str = "diesel"
    unit: str = "L"
    price_per_unit: float | None = None
    price_path_per_unit: tuple[float, ...] | None = None
    co2_kg_per_unit: float | None = None
    lhv_mj_per_unit: float | None = None
    delivery: str = "truck"

    def __post_init__(self):
        check(isinstance(self.name, str) and self.name.strip() != "" and self.name.isprintable(),
              "Fuel.name", self.name, "must be a non-empty one-line label",
              "e.g. name='pipeline gas'")
        choice(self.kind, FUEL_KINDS, "Fuel.kind", "use 'diesel' or 'natural_gas'")
        units = FUEL_UNITS[self.kind]
        if self.unit not in units:
            hint = ("diesel is measured in litres: unit='L'" if self.kind == "diesel" else
                    "natural gas is bought by volume or energy: unit='Nm3', 'GJ' or 'MMBtu', "
                    "with its price in currency per that unit (a diesel price per litre does "
                    "not apply)")
            raise InputError(f"Fuel.unit = {self.unit!r} is not a unit of {self.kind} "
                             f"({list(units)}). Fix: {hint}.")
        choice(self.delivery, DELIVERIES, "Fuel.delivery", f"use one of {list(DELIVERIES)}")
        if self.price_per_unit is not None:
            _finite(self, "price_per_unit", fix=f"delivered price per {self.unit}")
        elif self.kind != "diesel" and self.price_path_per_unit is None:
            raise InputError(f"Fuel.price_per_unit = None for {self.name!r} ({self.kind}). "
                             f"Fix: give the delivered price per {self.unit}; only diesel "
                             "falls back on the project's fuel_price_per_l.")
        if self.price_path_per_unit is not None:
            path = numbers(self.price_path_per_unit, "Fuel.price_path_per_unit", minimum=0.0,
                           fix=f"yearly delivered prices per {self.unit}, >= 0")
            check(len(path) >= 1, "Fuel.price_path_per_unit", path, "must not be empty",
                  "give one price per project year")
            object.__setattr__(self, "price_path_per_unit", path)
        if self.co2_kg_per_unit is None:
            if self.kind != "diesel":
                raise InputError(f"Fuel.co2_kg_per_unit = None for {self.name!r} "
                                 f"({self.kind}, per {self.unit}). Fix: give the CO2 factor "
                                 f"per {self.unit}, e.g. {_CO2_KG[self.unit]} kg/{self.unit} "
                                 "(IPCC 2006 default).")
            object.__setattr__(self, "co2_kg_per_unit", _CO2_KG[self.unit])
        _finite(self, "co2_kg_per_unit", fix=f"kg of CO2 per {self.unit} burnt")
        if self.lhv_mj_per_unit is None:
            object.__setattr__(self, "lhv_mj_per_unit", _LHV_MJ[self.unit])
        _finite(self, "lhv_mj_per_unit", strict=True, fix=f"heating value in MJ per {self.unit}")

    def price(self, project) -> float:
        """Delivered price used in the economics: the path levelised, or the one price.

        [currency/unit]
        """
        from ..economics import levelised_price

        if self.price_path_per_unit is not None:
            path = self.price_path_per_unit
            check(len(path) == project.lifetime_years, "Fuel.price_path_per_unit",
                  f"{len(path)} prices", f"must have one price per project year "
                  f"({project.lifetime_years})", "give lifetime_years prices")
            return levelised_price(list(path), project)
        if self.price_per_unit is None:
            return float(project.fuel_price_per_l)
        return float(self.price_per_unit)

    @property
    def label(self) -> str:
        """``name [unit]``, as in tables."""
        return f"{self.name} [{self.unit}]"


#: Diesel at the project's price per litre.
DIESEL = Fuel()


@dataclass(frozen=True, slots=True, kw_only=True)
class DualFuel(Component):
    """Supply of a dual-fuel engine: gas with a diesel pilot.

    The engine's fuel curve is in litres of diesel equivalent (what it would
    burn on diesel alone); a fraction ``gas_energy_share`` of that energy comes
    as gas: per litre-equivalent the engine burns ``1 − s`` L of diesel and
    ``s · LHV_diesel / LHV_gas`` units of gas.

    Parameters
    ----------
    gas : Fuel
        The gas (``kind="natural_gas"``).
    diesel : Fuel
        The pilot diesel; diesel at the project's price by default.
    gas_energy_share : float
        Share of the fuel energy supplied as gas, in [0, 1); 0.6-0.8 is typical
        of retrofitted diesels. [-]
    """

    gas: Fuel
    diesel: Fuel = DIESEL
    gas_energy_share: float = 0.7

    def __post_init__(self):
        check(isinstance(self.gas, Fuel) and self.gas.kind == "natural_gas", "DualFuel.gas",
              getattr(self.gas, "kind", type(self.gas).__name__), "must be a natural-gas Fuel",
              "pass Fuel(kind='natural_gas', unit='Nm3', price_per_unit=..., co2_kg_per_unit=...)")
        check(isinstance(self.diesel, Fuel) and self.diesel.kind == "diesel", "DualFuel.diesel",
              getattr(self.diesel, "kind", type(self.diesel).__name__), "must be a diesel Fuel",
              "pass Fuel() (diesel at the project's price) or Fuel(price_per_unit=...)")
        object.__setattr__(self, "gas_energy_share",
                           number(self.gas_energy_share, "DualFuel.gas_energy_share",
                                  minimum=0.0, maximum=1.0, strict_max=True,
                                  fix="the gas share of fuel energy in [0, 1), e.g. 0.7"))

    @property
    def name(self) -> str:
        return f"{self.gas.name} + {self.diesel.name} pilot"

    def parts(self) -> tuple[tuple[Fuel, float], ...]:
        """``(fuel, units of it per litre of diesel equivalent)`` for the gas and the diesel."""
        s = self.gas_energy_share
        lhv_d = self.diesel.lhv_mj_per_unit
        return ((self.gas, s * lhv_d / self.gas.lhv_mj_per_unit), (self.diesel, 1.0 - s))


def fuel_of(supply) -> tuple[tuple[Fuel, float], ...]:
    """``(fuel, units per unit of the curve)`` pairs of a genset's supply (Fuel or DualFuel)."""
    if isinstance(supply, DualFuel):
        return supply.parts()
    return ((supply, 1.0),)
