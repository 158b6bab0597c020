"""The grid connection of a mine: tariff, charges, line limits, export terms, CO2 and cost.

A :class:`GridConnection` holds everything about the point of connection that does not
depend on the design or the dispatch: the :class:`~minegrid.grid.Tariff`, the demand
charges, the contracted capacity, the line's import limit, whether and at what price and
up to what power the site may export, the grid's CO2 factor and the connection's own capital
and O&M costs. Imports and exports are magnitudes (both >= 0) measured at the connection
point; :func:`minegrid.grid.grid_bill` prices them.

>>> from minegrid.grid import Tariff, TariffPeriod
>>> flat = Tariff(periods=(TariffPeriod(name="flat", price_per_kwh=0.09),))
>>> GridConnection(tariff=flat, import_limit_kw=20_000, co2_kg_per_kwh=0.25)
GridConnection('grid': line 20000 kW, Tariff(flat: 0.09/kWh), no export, CO2 0.25 kg/kWh)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import check, number
from ._steps import Record, align
from .tariff import ContractedCapacity, DemandCharge, Tariff

__all__ = ["GridConnection", "export_price", "co2_factor"]


# --------------------------------------------------------------------------- functions


def export_price(connection: GridConnection, index: pd.DatetimeIndex) -> np.ndarray:
    """Export price of each step (0 when export is not allowed). [currency/kWh]"""
    if not connection.export_allowed:
        return np.zeros(len(index))
    return align(connection.export_price_per_kwh, index, "GridConnection.export_price_per_kwh",
                 unit=" /kWh")


def co2_factor(connection: GridConnection, index: pd.DatetimeIndex) -> np.ndarray:
    """CO2 emitted per kWh imported, each step. [kg/kWh]"""
    return align(connection.co2_kg_per_kwh, index, "GridConnection.co2_kg_per_kwh",
                 minimum=0.0, unit=" kg/kWh")


def _series_or_number(obj, name: str, *, minimum: float | None, fix: str) -> None:
    """A scalar field stored as float; a Series or array is checked and kept read-only.

    A Series or array is aligned onto the model steps when the bill is computed.
    """
    value = getattr(obj, name)
    field = f"GridConnection.{name}"
    if isinstance(value, pd.Series):
        check(isinstance(value.index, pd.DatetimeIndex) and len(value) >= 2, field,
              type(value.index).__name__ if not isinstance(value.index, pd.DatetimeIndex)
              else f"{len(value)} values", "must be a Series of >= 2 values on timestamps",
              "give a Series on a DatetimeIndex, or an array of one value per model step")
        value = value.sort_index().astype("float64")
        align(value, value.index, field, minimum=minimum)
        object.__setattr__(obj, name, value.copy())
    elif np.ndim(value) == 0:
        object.__setattr__(obj, name, number(value, field, minimum=minimum, fix=fix))
    else:
        check(np.ndim(value) == 1, field, f"shape {np.shape(value)}", "must be one-dimensional",
              "give one value per model step")
        arr = align(np.asarray(value), pd.RangeIndex(np.size(value)), field, minimum=minimum)
        arr.flags.writeable = False
        object.__setattr__(obj, name, arr)


# --------------------------------------------------------------------------- class


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class GridConnection(Record):
    """A connection to the public grid (or a weak rural line) at the mine's substation.

    Parameters
    ----------
    tariff : Tariff
        Energy price of imports.
    import_limit_kw : float
        Most the line (or its transformer) can import, > 0. [kW]
    co2_kg_per_kwh : float or pandas.Series or array
        CO2 per kWh imported: the grid's annual average, or an hourly series (a timestamped
        Series read step-wise, or one value per model step). [kg/kWh]
    demand_charges : sequence of DemandCharge
        Charges on the monthly peak import in chargeable hours (Peru and Chile bill a
        peak-hours demand and often a maximum demand besides).
    contracted : ContractedCapacity, optional
        Contracted power, with its penalty above it; None: no contract.
    fixed_charge_per_month : float
        Fixed charge of each billing month ("cargo fijo"). [currency/month]
    export_allowed : bool
        Whether the site may feed power into the grid.
    export_price_per_kwh : float or pandas.Series or array
        Price paid for exports (a scalar, or per step as ``co2_kg_per_kwh``); 0 when export
        is not allowed. [currency/kWh]
    export_limit_kw : float, optional
        Most the site may export, > 0; None: ``import_limit_kw`` (the line). [kW]
    connection_capex : float
        Capital cost of the connection (line, substation, metering). [currency]
    connection_om_per_year : float
        O&M of the connection. [currency/year]
    name : str
        Label in tables.
    """

    tariff: Tariff
    import_limit_kw: float
    co2_kg_per_kwh: float | pd.Series | np.ndarray
    demand_charges: tuple[DemandCharge, ...] = ()
    contracted: ContractedCapacity | None = None
    fixed_charge_per_month: float = 0.0
    export_allowed: bool = False
    export_price_per_kwh: float | pd.Series | np.ndarray = 0.0
    export_limit_kw: float | None = None
    connection_capex: float = 0.0
    connection_om_per_year: float = 0.0
    name: str = "grid"

    def __post_init__(self):
        check(isinstance(self.tariff, Tariff), "GridConnection.tariff",
              type(self.tariff).__name__, "must be a Tariff",
              "pass Tariff(periods=(...)) or Tariff(hourly_price_per_kwh=series)")
        check(isinstance(self.name, str) and self.name.strip() != "", "GridConnection.name",
              self.name, "must be a non-empty label", "e.g. name='SEIN 220 kV'")
        object.__setattr__(self, "import_limit_kw", number(
            self.import_limit_kw, "GridConnection.import_limit_kw", minimum=0.0, strict=True,
            fix="the line's (or transformer's) import capacity in kW, > 0; for a site with no "
                "grid leave the connection out"))
        _series_or_number(self, "co2_kg_per_kwh", minimum=0.0,
                          fix="the grid's emission factor in kg CO2 per kWh, e.g. 0.2-0.4 for "
                              "Peru's SEIN or Chile's SEN (check the current official factor)")
        charges = self.demand_charges
        charges = (charges,) if isinstance(charges, DemandCharge) else tuple(charges)
        wrong = [type(c).__name__ for c in charges if not isinstance(c, DemandCharge)]
        check(not wrong, "GridConnection.demand_charges", wrong,
              "must be DemandCharge objects", "pass DemandCharge(price_per_kw_month=..., ...)")
        names = [c.name for c in charges]
        dup = sorted({n for n in names if names.count(n) > 1})
        check(not dup, "GridConnection.demand_charges", dup, "repeat names",
              "give each demand charge its own name (they label the bill's columns)")
        object.__setattr__(self, "demand_charges", charges)
        check(self.contracted is None or isinstance(self.contracted, ContractedCapacity),
              "GridConnection.contracted", type(self.contracted).__name__,
              "must be a ContractedCapacity or None",
              "pass ContractedCapacity(capacity_kw=..., penalty_per_kw_month=...)")
        for window in (*charges, *([self.contracted] if self.contracted else [])):
            if window.periods is None:
                continue
            check(self.tariff.periods is not None, f"{type(window).__name__}.periods",
                  window.periods, "name TOU periods, but the tariff is an hourly price "
                  "series", "give the window as hours=, weekdays=, months= instead")
            known = [p.name for p in self.tariff.periods]
            unknown = [n for n in window.periods if n not in known]
            check(not unknown, f"{type(window).__name__}.periods", unknown,
                  f"are not periods of the tariff ({known})",
                  "name periods of the tariff, spelled as in TariffPeriod.name")
        for f in ("fixed_charge_per_month", "connection_capex", "connection_om_per_year"):
            object.__setattr__(self, f, number(getattr(self, f), f"GridConnection.{f}",
                                               minimum=0.0, fix="costs are >= 0"))
        check(isinstance(self.export_allowed, bool | np.bool_), "GridConnection.export_allowed",
              self.export_allowed, "must be True or False", "export_allowed=True to sell")
        object.__setattr__(self, "export_allowed", bool(self.export_allowed))
        if not self.export_allowed:
            price = self.export_price_per_kwh
            check(np.ndim(price) == 0 and price == 0, "GridConnection.export_price_per_kwh",
                  price if np.ndim(price) == 0 else type(price).__name__,
                  "is given but export_allowed is False",
                  "set export_allowed=True to sell at that price, or drop the price")
            check(self.export_limit_kw is None, "GridConnection.export_limit_kw",
                  self.export_limit_kw, "is given but export_allowed is False",
                  "set export_allowed=True, or drop the limit")
            object.__setattr__(self, "export_price_per_kwh", 0.0)
            return
        _series_or_number(self, "export_price_per_kwh", minimum=None,
                          fix="the price paid per kWh exported (a negative price is a charge)")
        if self.export_limit_kw is None:
            object.__setattr__(self, "export_limit_kw", self.import_limit_kw)
        object.__setattr__(self, "export_limit_kw", number(
            self.export_limit_kw, "GridConnection.export_limit_kw", minimum=0.0, strict=True,
            fix="the most the site may export in kW, > 0 (export_allowed=False for none)"))

    @property
    def max_export_kw(self) -> float:
        """Most the site may export: ``export_limit_kw``, 0 when export is not allowed. [kW]"""
        return self.export_limit_kw if self.export_allowed else 0.0

    def __repr__(self) -> str:
        co2 = self.co2_kg_per_kwh
        co2_text = (f"CO2 {co2:g} kg/kWh" if np.ndim(co2) == 0 else
                    f"CO2 series (mean {float(np.mean(np.asarray(co2))):.3g} kg/kWh)")
        export = (f"export <= {self.export_limit_kw:g} kW" if self.export_allowed
                  else "no export")
        charges = "".join(f", {c.name} {c.price_per_kw_month:g}/kW-month"
                          for c in self.demand_charges)
        return (f"GridConnection({self.name!r}: line {self.import_limit_kw:g} kW, "
                f"{self.tariff!r}{charges}, {export}, {co2_text})")
