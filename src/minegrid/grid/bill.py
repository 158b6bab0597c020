"""The grid bill: energy and demand charges, contracted-capacity penalty, exports and CO2.

The dispatch produces, per step, the import and the export at the connection point (kW,
both >= 0, step averages); this module prices them month by month. Two forms share one
computation:

* :func:`grid_bill` for one design, returning a :class:`GridBill` with ``to_frame()`` (a
  monthly table) and ``annual_frame()`` (calendar-year totals);
* :func:`billing_calendar` + :func:`bill_arrays` for a batch: the calendar (prices, masks,
  billing months of the index) is computed once, then any number of designs
  ``(n_designs, n_steps)`` are billed with vectorised numpy (no Python loop over steps or
  designs). :func:`monthly_peak_kw` is the per-month, per-design peak alone.

Imports above the line limit, exports when not allowed or above the export limit, and
simultaneous import and export are refused: they mean a dispatch bug or a wrong input.
``docs/theory/grid.md`` gives the equations.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import InputError, check
from ._steps import ABS_TOL_KW, REL_TOL, billing_months, power_array, step_hours
from .connection import GridConnection, co2_factor, export_price
from .tariff import chargeable_steps, import_price, period_of_step

__all__ = ["BillingCalendar", "GridBill", "billing_calendar", "monthly_peak_kw", "monthly_sum",
           "check_grid_flows", "bill_arrays", "grid_bill", "by_year", "BILL_COLUMNS"]

#: Columns of every bill (per month, or per year), in order; demand charges and TOU periods
#: add ``peak_kw[name]``, ``demand_charge[name]`` and ``energy_kwh[period]`` columns.
BILL_COLUMNS = ("energy_kwh", "energy_charge", "demand_charge", "excess_kw", "excess_penalty",
                "capacity_charge", "fixed_charge", "export_kwh", "export_revenue", "co2_t",
                "net_cost")
#: Columns that are powers (a maximum over months, not a sum, in yearly totals).
_PEAKS = ("excess_kw", "peak_kw[")


# --------------------------------------------------------------------------- functions


def billing_calendar(connection: GridConnection, index: pd.DatetimeIndex) -> BillingCalendar:
    """What the bill needs of the time axis, computed once for any number of designs.

    Parameters
    ----------
    connection : GridConnection
        The connection and its tariff.
    index : pandas.DatetimeIndex
        Model steps (regular, at most 1 h, labelled by their start).

    Returns
    -------
    BillingCalendar
    """
    check(isinstance(connection, GridConnection), "connection", type(connection).__name__,
          "must be a GridConnection", "pass GridConnection(tariff=..., ...)")
    dt_h = step_hours(index)
    tariff = connection.tariff
    code, starts, labels = billing_months(index, tariff.timezone)
    contracted = connection.contracted
    return BillingCalendar(
        index=index, dt_h=dt_h, month=code, month_starts=starts, months=tuple(labels),
        import_price_per_kwh=import_price(tariff, index).to_numpy(),
        export_price_per_kwh=export_price(connection, index),
        co2_kg_per_kwh=co2_factor(connection, index),
        demand_masks=tuple(chargeable_steps(c, tariff, index)
                           for c in connection.demand_charges),
        contracted_mask=(None if contracted is None
                         else chargeable_steps(contracted, tariff, index)),
        period=None if tariff.periods is None else period_of_step(tariff, index))


def monthly_sum(values, calendar: BillingCalendar) -> np.ndarray:
    """Sum of per-step values over each billing month: (..., n_steps) -> (..., n_months)."""
    return np.add.reduceat(np.asarray(values, dtype=np.float64), calendar.month_starts,
                           axis=-1)


def monthly_peak_kw(power_kw, calendar: BillingCalendar, mask=None) -> np.ndarray:
    """Largest step-average power of each billing month, over the steps of ``mask``.

    Parameters
    ----------
    power_kw : array_like
        Import of one design ``(n_steps,)`` or a batch ``(n_designs, n_steps)``, >= 0. [kW]
    calendar : BillingCalendar
        From :func:`billing_calendar`.
    mask : array_like of bool, optional
        Steps that count (chargeable hours); None: every step.

    Returns
    -------
    numpy.ndarray
        ``(n_months,)`` or ``(n_designs, n_months)``; 0 in a month with no step in the mask.
        [kW]
    """
    p = np.asarray(power_kw, dtype=np.float64)
    if mask is not None:
        p = np.where(np.asarray(mask, dtype=bool), p, 0.0)
    return np.maximum.reduceat(p, calendar.month_starts, axis=-1)


def _first_bad(bad: np.ndarray, values: np.ndarray, calendar: BillingCalendar) -> str:
    """'design d, <timestamp>: v kW' of the first True of ``bad`` (1-D or 2-D)."""
    pos = np.argwhere(bad)[0]
    where = f"design {pos[0]}, " if bad.ndim == 2 else ""
    return f"{where}{calendar.index[pos[-1]]}: {values[tuple(pos)]:.6g} kW"


def check_grid_flows(connection: GridConnection, calendar: BillingCalendar, import_kw,
                     export_kw=None) -> tuple[np.ndarray, np.ndarray]:
    """Check a dispatch's grid flows against the connection; return them as float64 arrays.

    Raises
    ------
    InputError
        Negative or non-finite values, import above ``import_limit_kw``, any export when
        ``export_allowed`` is False, export above ``export_limit_kw``, or import and export
        in the same step. Each means a dispatch bug or a wrong connection input.
    """
    n = len(calendar.index)
    imp = power_array(import_kw, n, "import_kw")
    exp = (np.zeros_like(imp) if export_kw is None else power_array(export_kw, n, "export_kw"))
    check(exp.shape == imp.shape, "export_kw", f"shape {exp.shape}",
          f"must match import_kw's shape {imp.shape}", "give one export per import value")
    limit = connection.import_limit_kw
    over = imp > limit * (1 + REL_TOL) + ABS_TOL_KW
    if over.any():
        raise InputError(
            f"import_kw exceeds GridConnection.import_limit_kw = {limit:g} kW at "
            f"{_first_bad(over, imp, calendar)} ({int(over.sum())} steps). This is a dispatch "
            "bug (the kernel must cap the import at the line limit) or a wrong "
            "import_limit_kw. Fix: cap the import in the dispatch, or give the line's real "
            "capacity.")
    if not connection.export_allowed:
        some = exp > ABS_TOL_KW
        if some.any():
            raise InputError(
                f"export_kw > 0 at {_first_bad(some, exp, calendar)} ({int(some.sum())} steps) "
                "but GridConnection.export_allowed is False. This is a dispatch bug (surplus "
                "must be curtailed or stored) or a wrong input. Fix: curtail in the dispatch, "
                "or set export_allowed=True with a price and a limit.")
    else:
        elimit = connection.export_limit_kw
        over = exp > elimit * (1 + REL_TOL) + ABS_TOL_KW
        if over.any():
            raise InputError(
                f"export_kw exceeds GridConnection.export_limit_kw = {elimit:g} kW at "
                f"{_first_bad(over, exp, calendar)} ({int(over.sum())} steps). This is a "
                "dispatch bug or a wrong export_limit_kw. Fix: cap the export in the "
                "dispatch, or give the permitted export power.")
    both = (imp > ABS_TOL_KW) & (exp > ABS_TOL_KW)
    if both.any():
        raise InputError(
            f"import_kw and export_kw are both > 0 at {_first_bad(both, imp, calendar)} "
            f"imported ({int(both.sum())} steps). One meter cannot import and export in the "
            "same step: a dispatch bug. Fix: net them (import = max(p, 0), export = max(-p, 0)).")
    return imp, exp


def _ratchet(peak: np.ndarray, months: int, fraction: float) -> np.ndarray:
    """Billed demand: max(peak, fraction x the highest of the previous ``months`` peaks)."""
    if months == 0 or fraction == 0.0:
        return peak
    billed = peak.copy()
    for m in range(1, peak.shape[-1]):
        earlier = peak[..., max(0, m - months):m].max(axis=-1)
        billed[..., m] = np.maximum(peak[..., m], fraction * earlier)
    return billed


def bill_arrays(connection: GridConnection, calendar: BillingCalendar, import_kw,
                export_kw=None, *, checked: bool = False) -> dict[str, np.ndarray]:
    """The monthly bill of one design or a batch of designs, as arrays.

    Parameters
    ----------
    connection : GridConnection
        The connection billed.
    calendar : BillingCalendar
        From :func:`billing_calendar` for the same connection and index.
    import_kw, export_kw : array_like
        Step-average import and export at the connection point, ``(n_steps,)`` or
        ``(n_designs, n_steps)``, >= 0; ``export_kw`` None: no export. [kW]
    checked : bool
        True when the flows already passed :func:`check_grid_flows` (skips it).

    Returns
    -------
    dict of str to numpy.ndarray
        :data:`BILL_COLUMNS` and the per-charge and per-period columns, each
        ``(n_months,)`` or ``(n_designs, n_months)``. Money in the project's currency,
        energy in kWh, power in kW, CO2 in t.
    """
    if checked:
        imp = np.asarray(import_kw, dtype=np.float64)
        exp = np.zeros_like(imp) if export_kw is None else np.asarray(export_kw, np.float64)
    else:
        imp, exp = check_grid_flows(connection, calendar, import_kw, export_kw)
    dt = calendar.dt_h
    e_imp = imp * dt
    e_exp = exp * dt
    out: dict[str, np.ndarray] = {}
    out["energy_kwh"] = monthly_sum(e_imp, calendar)
    if calendar.period is not None:
        for k, p in enumerate(connection.tariff.periods):
            out[f"energy_kwh[{p.name}]"] = monthly_sum(
                np.where(calendar.period == k, e_imp, 0.0), calendar)
    out["energy_charge"] = monthly_sum(e_imp * calendar.import_price_per_kwh, calendar)
    demand = np.zeros_like(out["energy_kwh"])
    for charge, mask in zip(connection.demand_charges, calendar.demand_masks, strict=True):
        peak = monthly_peak_kw(imp, calendar, mask)
        billed = _ratchet(peak, charge.lookback_months, charge.lookback_fraction)
        out[f"peak_kw[{charge.name}]"] = peak
        if billed is not peak:
            out[f"billed_kw[{charge.name}]"] = billed
        out[f"demand_charge[{charge.name}]"] = billed * charge.price_per_kw_month
        demand = demand + out[f"demand_charge[{charge.name}]"]
    out["demand_charge"] = demand
    c = connection.contracted
    if c is None:
        out["excess_kw"] = np.zeros_like(demand)
        out["excess_penalty"] = np.zeros_like(demand)
        out["capacity_charge"] = np.zeros_like(demand)
    else:
        peak = monthly_peak_kw(imp, calendar, calendar.contracted_mask)
        out["excess_kw"] = np.maximum(peak - c.capacity_kw, 0.0)
        out["excess_penalty"] = out["excess_kw"] * c.penalty_per_kw_month
        out["capacity_charge"] = np.full_like(demand, c.capacity_kw * c.charge_per_kw_month)
    out["fixed_charge"] = np.full_like(demand, connection.fixed_charge_per_month)
    out["export_kwh"] = monthly_sum(e_exp, calendar)
    out["export_revenue"] = monthly_sum(e_exp * calendar.export_price_per_kwh, calendar)
    out["co2_t"] = monthly_sum(e_imp * calendar.co2_kg_per_kwh, calendar) / 1000.0
    out["net_cost"] = (out["energy_charge"] + demand + out["excess_penalty"]
                       + out["capacity_charge"] + out["fixed_charge"] - out["export_revenue"])
    return out


def by_year(arrays: dict[str, np.ndarray], calendar: BillingCalendar
            ) -> tuple[tuple[int, ...], dict[str, np.ndarray]]:
    """Monthly bill arrays grouped by calendar year: sums, and the maximum for powers.

    Returns
    -------
    years : tuple of int
    totals : dict of str to numpy.ndarray
        ``(n_years,)`` or ``(n_designs, n_years)`` per column.
    """
    year = np.array([p.year for p in calendar.months])
    starts = np.flatnonzero(np.r_[True, year[1:] != year[:-1]])
    out = {}
    for name, values in arrays.items():
        op = np.maximum if name.startswith(_PEAKS) or name.startswith("billed_kw[") else np.add
        out[name] = op.reduceat(values, starts, axis=-1)
    return tuple(int(y) for y in year[starts]), out


def grid_bill(connection: GridConnection, import_kw, export_kw=None,
              index: pd.DatetimeIndex | None = None) -> GridBill:
    """The grid bill of one design's dispatch.

    Parameters
    ----------
    connection : GridConnection
        The connection billed.
    import_kw : array_like or pandas.Series
        Step-average import at the connection point, >= 0. [kW]
    export_kw : array_like or pandas.Series, optional
        Step-average export, >= 0; None: none. [kW]
    index : pandas.DatetimeIndex, optional
        Model steps; taken from ``import_kw`` when it is a Series.

    Returns
    -------
    GridBill

    Notes
    -----
    Energy is :math:`P\\,\\Delta t`, so steps below 1 h are exact; the demand peak is the
    largest step average. Every billing month present in the index is billed in full
    (fixed, demand and capacity charges are per month, not pro-rated).

    Examples
    --------
    >>> from minegrid.grid import Tariff, TariffPeriod
    >>> flat = Tariff(periods=(TariffPeriod(name="flat", price_per_kwh=0.1),))
    >>> grid = GridConnection(tariff=flat, import_limit_kw=100, co2_kg_per_kwh=0.5)
    >>> idx = pd.date_range("2025-03-01", periods=4, freq="15min")
    >>> bill = grid_bill(grid, [40, 40, 80, 80], index=idx)
    >>> round(bill.energy_kwh, 6), round(bill.energy_charge, 6)
    (60.0, 6.0)
    """
    if index is None:
        check(isinstance(import_kw, pd.Series), "index", None,
              "is required when import_kw is not a Series", "pass index=the model steps")
        index = import_kw.index
    for name, s in (("import_kw", import_kw), ("export_kw", export_kw)):
        if isinstance(s, pd.Series):
            check(s.index.equals(index), name, "a Series on another index",
                  "must be on the model index", "reindex it onto the steps billed")
    check(np.ndim(import_kw) == 1, "import_kw", f"shape {np.shape(import_kw)}",
          "must be one design's series", "use bill_arrays for a batch of designs")
    calendar = billing_calendar(connection, index)
    arrays = bill_arrays(connection, calendar, import_kw, export_kw)
    table = pd.DataFrame(arrays, index=pd.PeriodIndex(calendar.months, name="month"))
    table = table[_ordered(table.columns)]
    return GridBill(name=connection.name, dt_h=calendar.dt_h, table=table)


def _ordered(columns) -> list[str]:
    """BILL_COLUMNS, with each family of bracketed columns after its total."""
    order = []
    for base in BILL_COLUMNS:
        order.append(base)
        if base == "energy_kwh":
            order += [c for c in columns if c.startswith("energy_kwh[")]
        if base == "demand_charge":
            order = order[:-1] + [c for c in columns if c.startswith(("peak_kw[", "billed_kw[",
                                                                      "demand_charge["))]
            order.append(base)
    return order


# --------------------------------------------------------------------------- classes


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class BillingCalendar:
    """The bill's view of a time axis: steps, billing months, prices and chargeable masks.

    Attributes
    ----------
    index : pandas.DatetimeIndex
        The model steps.
    dt_h : float
        Step. [h]
    month : numpy.ndarray
        Billing month of each step, 0 .. n_months-1 (contiguous blocks).
    month_starts : numpy.ndarray
        Position of the first step of each billing month.
    months : tuple of pandas.Period
        The billing months.
    import_price_per_kwh, export_price_per_kwh : numpy.ndarray
        Prices per step. [currency/kWh]
    co2_kg_per_kwh : numpy.ndarray
        Grid CO2 factor per step. [kg/kWh]
    demand_masks : tuple of numpy.ndarray
        Chargeable steps of each demand charge (bool).
    contracted_mask : numpy.ndarray or None
        Steps in which the contracted capacity is measured (bool).
    period : numpy.ndarray or None
        TOU period of each step (position in ``tariff.periods``).
    """

    index: pd.DatetimeIndex
    dt_h: float
    month: np.ndarray
    month_starts: np.ndarray
    months: tuple[pd.Period, ...]
    import_price_per_kwh: np.ndarray
    export_price_per_kwh: np.ndarray
    co2_kg_per_kwh: np.ndarray
    demand_masks: tuple[np.ndarray, ...]
    contracted_mask: np.ndarray | None
    period: np.ndarray | None

    @property
    def n_months(self) -> int:
        return len(self.months)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class GridBill:
    """A design's grid bill, month by month.

    Attributes
    ----------
    name : str
        The connection's label.
    dt_h : float
        Model step. [h]
    table : pandas.DataFrame
        One row per billing month; columns :data:`BILL_COLUMNS` with per-charge and
        per-period columns (see :meth:`to_frame`).
    """

    name: str
    dt_h: float
    table: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        """Monthly table: energy [kWh], energy charge, ``peak_kw[charge]`` in chargeable
        hours [kW], ``demand_charge[charge]`` and their total, ``excess_kw`` over the
        contracted capacity [kW], ``excess_penalty``, ``capacity_charge``,
        ``fixed_charge``, ``export_kwh`` [kWh], ``export_revenue``, ``co2_t`` [t] and
        ``net_cost`` (charges − export revenue), money in the project's currency."""
        return self.table.copy()

    def annual_frame(self) -> pd.DataFrame:
        """Totals per calendar year (powers: the year's maximum)."""
        t = self.table
        peaks = [c for c in t.columns if c.startswith(_PEAKS) or c.startswith("billed_kw[")]
        year = pd.Index([p.year for p in t.index], name="year")
        sums = t.drop(columns=peaks).groupby(year).sum()
        maxes = t[peaks].groupby(year).max()
        return pd.concat([sums, maxes], axis=1)[list(t.columns)]

    def _total(self, column: str) -> float:
        return float(self.table[column].sum())

    @property
    def energy_kwh(self) -> float:
        """Energy imported over the horizon. [kWh]"""
        return self._total("energy_kwh")

    @property
    def energy_charge(self) -> float:
        """Energy charges over the horizon. [currency]"""
        return self._total("energy_charge")

    @property
    def demand_charge(self) -> float:
        """Demand charges over the horizon. [currency]"""
        return self._total("demand_charge")

    @property
    def excess_penalty(self) -> float:
        """Penalties for peaks above the contracted capacity. [currency]"""
        return self._total("excess_penalty")

    @property
    def export_revenue(self) -> float:
        """Revenue of exports over the horizon. [currency]"""
        return self._total("export_revenue")

    @property
    def co2_t(self) -> float:
        """CO2 of the imports over the horizon. [t]"""
        return self._total("co2_t")

    @property
    def net_cost(self) -> float:
        """All charges less export revenue, over the horizon. [currency]"""
        return self._total("net_cost")

    def to_dict(self) -> dict[str, float]:
        """Horizon totals of the summed columns (units as in :meth:`to_frame`)."""
        return {c: self._total(c) for c in BILL_COLUMNS if not c.startswith(_PEAKS)}

    def __repr__(self) -> str:
        t = self.table
        months = f"{t.index[0]}..{t.index[-1]}" if len(t) > 1 else str(t.index[0])
        return (f"GridBill({self.name!r}, {len(t)} months {months}: import "
                f"{self.energy_kwh / 1000:,.1f} MWh, energy {self.energy_charge:,.0f}, demand "
                f"{self.demand_charge:,.0f}, excess {self.excess_penalty:,.0f}, export revenue "
                f"{self.export_revenue:,.0f}, net {self.net_cost:,.0f}, CO2 {self.co2_t:,.1f} t)")
