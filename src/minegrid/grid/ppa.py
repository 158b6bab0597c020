"""Power purchase agreements: renewable energy bought at a contract price, take-or-pay.

A :class:`PPA` buys the output of a renewable plant (off-site or on-site) of
``contracted_capacity_kw`` with an output ``profile`` (kW per kW contracted). Two kinds:

* **physical** (``displaces_import=True``): the energy reaches the site (on-site plant, or
  wheeled through the grid) and the dispatch takes what it can use, at most the plant's
  output each step, in place of grid import or genset energy. The buyer pays the contract
  price for what it takes and, each contract year, a take-or-pay payment on the shortfall
  between ``take_or_pay`` times the plant's available energy and the energy taken;
* **virtual** (``displaces_import=False``): a financial contract for difference. The plant's
  whole output is settled: the buyer pays the contract price and is credited the
  reference (market) price for each kWh; the site's own supply does not change.

The simulated year (8760 or 8784 h) stands for every contract year; the contract price
escalates by ``escalation_per_year``. ``docs/theory/grid.md`` gives the equations.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import InputError, check, number, whole
from ._steps import ABS_TOL_KW, REL_TOL, Record, align, power_array, step_hours

__all__ = ["PPA", "PPACost", "ppa_available_kw", "ppa_year_costs", "ppa_cost"]


# --------------------------------------------------------------------------- functions


def ppa_available_kw(ppa: PPA, index: pd.DatetimeIndex) -> pd.Series:
    """Output of the contracted plant each step: capacity x profile. [kW]

    For a physical PPA this is the most the dispatch may take each step.
    """
    step_hours(index)
    profile = align(ppa.profile, index, "PPA.profile", minimum=0.0, maximum=1.0)
    return pd.Series(ppa.contracted_capacity_kw * profile, index=index,
                     name="ppa_available_kw", dtype="float64")


def ppa_year_costs(ppa: PPA, available_kwh, used_kwh, settlement_credit=0.0
                   ) -> dict[str, np.ndarray]:
    """Costs of each contract year from one simulated year's energy (vectorised over designs).

    Parameters
    ----------
    ppa : PPA
        The contract.
    available_kwh : float or array_like
        Plant output over the simulated year. [kWh]
    used_kwh : float or array_like
        Energy taken over the year (physical), one per design; the available energy for a
        virtual PPA. [kWh]
    settlement_credit : float or array_like
        Reference-price value of the settled energy (virtual PPA), per year. [currency]

    Returns
    -------
    dict of str to numpy.ndarray
        ``available_kwh``, ``used_kwh``, ``take_or_pay_kwh``, ``shortfall_kwh``,
        ``price_per_kwh``, ``energy_cost``, ``shortfall_payment``, ``settlement_credit``,
        ``total_cost``; each ``(..., term_years)``.
    """
    avail = np.asarray(available_kwh, dtype=np.float64)[..., None]
    used = np.asarray(used_kwh, dtype=np.float64)[..., None]
    credit = np.asarray(settlement_credit, dtype=np.float64)[..., None]
    years = np.arange(ppa.term_years)
    shape = np.broadcast_shapes(avail.shape, used.shape, credit.shape, years.shape)
    factor = (1.0 + ppa.escalation_per_year) ** years
    price = ppa.price_per_kwh * factor
    short_price = ppa.shortfall_price_per_kwh * factor
    floor = ppa.take_or_pay * avail
    shortfall = np.maximum(floor - used, 0.0)
    energy_cost = used * price
    short_pay = shortfall * short_price
    out = {"available_kwh": avail, "used_kwh": used, "take_or_pay_kwh": floor,
           "shortfall_kwh": shortfall, "price_per_kwh": price, "energy_cost": energy_cost,
           "shortfall_payment": short_pay, "settlement_credit": credit,
           "total_cost": energy_cost + short_pay - credit}
    return {k: np.broadcast_to(v, shape).copy() for k, v in out.items()}


def ppa_cost(ppa: PPA, index: pd.DatetimeIndex, used_kw=None) -> PPACost:
    """The cost of a PPA per contract year, from the energy the site actually used.

    Parameters
    ----------
    ppa : PPA
        The contract.
    index : pandas.DatetimeIndex
        Model steps of one simulated year (8760 or 8784 h).
    used_kw : array_like or pandas.Series, optional
        Power taken from the PPA each step, at most the plant's output (physical PPA,
        required); None for a virtual PPA (its whole output is settled). [kW]

    Returns
    -------
    PPACost

    Raises
    ------
    InputError
        A horizon that is not one year, ``used_kw`` above the plant's output (a dispatch
        bug), ``used_kw`` missing for a physical PPA or given for a virtual one.
    """
    dt_h = step_hours(index)
    horizon_h = len(index) * dt_h
    check(8760 - 1e-6 <= horizon_h <= 8784 + 1e-6, "index", f"{horizon_h:g} h",
          "must span one year (8760 or 8784 h): take-or-pay is settled per contract year",
          "simulate one full year of steps")
    avail = ppa_available_kw(ppa, index).to_numpy()
    avail_kwh = float(avail.sum() * dt_h)
    if ppa.displaces_import:
        check(used_kw is not None, "used_kw", None, "is required for a physical PPA",
              "pass the power the dispatch took from the PPA each step")
        used = power_array(used_kw, len(index), "used_kw")
        check(used.ndim == 1, "used_kw", f"shape {used.shape}", "must be one design's series",
              "call ppa_year_costs for a batch of designs")
        over = used > avail * (1 + REL_TOL) + ABS_TOL_KW
        if over.any():
            k = int(np.flatnonzero(over)[0])
            raise InputError(
                f"used_kw = {used[k]:.6g} kW at {index[k]} exceeds the PPA plant's output "
                f"{avail[k]:.6g} kW (contracted_capacity_kw x profile) in {int(over.sum())} "
                "steps. This is a dispatch bug or a wrong profile. Fix: cap the PPA energy "
                "taken at ppa_available_kw(ppa, index).")
        used_kwh, credit = float(used.sum() * dt_h), 0.0
    else:
        check(used_kw is None, "used_kw", "a series", "is given for a virtual PPA",
              "a virtual PPA settles the plant's whole output: pass used_kw=None")
        ref = align(ppa.reference_price_per_kwh, index, "PPA.reference_price_per_kwh",
                    unit=" /kWh")
        used_kwh, credit = avail_kwh, float((avail * dt_h * ref).sum())
    arrays = ppa_year_costs(ppa, avail_kwh, used_kwh, credit)
    table = pd.DataFrame(arrays, index=pd.RangeIndex(1, ppa.term_years + 1, name="year"))
    return PPACost(name=ppa.name, displaces_import=ppa.displaces_import, table=table)


# --------------------------------------------------------------------------- classes


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class PPA(Record):
    """A power purchase agreement with a renewable plant.

    Parameters
    ----------
    price_per_kwh : float
        Contract price in year 1, >= 0. [currency/kWh]
    contracted_capacity_kw : float
        Capacity contracted, > 0. [kW]
    profile : pandas.Series or array
        Output per kW contracted, in [0, 1]: a timestamped Series read step-wise, or one
        value per model step. [kW/kW]
    take_or_pay : float
        Share of the plant's available energy paid for each contract year whether taken or
        not, in [0, 1]; 1 is an as-generated contract. [-]
    term_years : int
        Length of the contract, >= 1. [year]
    displaces_import : bool
        True: physical delivery, the dispatch uses the energy on site; False: virtual
        (financial) PPA settled against ``reference_price_per_kwh``.
    reference_price_per_kwh : float or pandas.Series or array, optional
        Market price of the virtual settlement (required when virtual, scalar or per step).
        [currency/kWh]
    shortfall_price_per_kwh : float, optional
        Price of the take-or-pay shortfall in year 1; None: the contract price.
        [currency/kWh]
    escalation_per_year : float
        Yearly escalation of the contract and shortfall prices, in (-1, 1), e.g. 0.02. [-]
    name : str
        Label in tables.
    """

    price_per_kwh: float
    contracted_capacity_kw: float
    profile: pd.Series | np.ndarray
    take_or_pay: float
    term_years: int
    displaces_import: bool = True
    reference_price_per_kwh: float | pd.Series | np.ndarray | None = None
    shortfall_price_per_kwh: float | None = None
    escalation_per_year: float = 0.0
    name: str = "PPA"

    def __post_init__(self):
        check(isinstance(self.name, str) and self.name.strip() != "", "PPA.name", self.name,
              "must be a non-empty label", "e.g. name='wind PPA'")
        object.__setattr__(self, "price_per_kwh", number(
            self.price_per_kwh, "PPA.price_per_kwh", minimum=0.0,
            fix="the contract price per kWh (not per MWh), >= 0"))
        object.__setattr__(self, "contracted_capacity_kw", number(
            self.contracted_capacity_kw, "PPA.contracted_capacity_kw", minimum=0.0,
            strict=True, fix="the plant capacity contracted in kW, > 0"))
        object.__setattr__(self, "take_or_pay", number(
            self.take_or_pay, "PPA.take_or_pay", minimum=0.0, maximum=1.0,
            fix="a share in [0, 1] (0.8, not 80)"))
        object.__setattr__(self, "term_years", whole(
            self.term_years, "PPA.term_years", minimum=1, fix="the contract term, e.g. 15"))
        object.__setattr__(self, "escalation_per_year", number(
            self.escalation_per_year, "PPA.escalation_per_year", minimum=-1.0, strict=True,
            maximum=1.0, strict_max=True, fix="a yearly fraction such as 0.02 (not 2)"))
        check(isinstance(self.displaces_import, bool | np.bool_), "PPA.displaces_import",
              self.displaces_import, "must be True or False",
              "True for physical delivery, False for a virtual (financial) PPA")
        object.__setattr__(self, "displaces_import", bool(self.displaces_import))
        p = self.profile
        if isinstance(p, pd.Series):
            check(isinstance(p.index, pd.DatetimeIndex) and len(p) >= 2, "PPA.profile",
                  f"{type(p.index).__name__} of {len(p)} values",
                  "must be a Series of >= 2 values on timestamps",
                  "give the plant's output per kW on a DatetimeIndex, or a plain array")
            p = p.sort_index().astype("float64")
            align(p, p.index, "PPA.profile", minimum=0.0, maximum=1.0)
            object.__setattr__(self, "profile", p.copy())
        else:
            check(np.ndim(p) == 1 and np.size(p) > 0, "PPA.profile", f"shape {np.shape(p)}",
                  "must be a 1-D array of output per kW contracted",
                  "give one value per model step, in [0, 1]")
            arr = align(np.asarray(p), pd.RangeIndex(np.size(p)), "PPA.profile", minimum=0.0,
                        maximum=1.0)
            arr.flags.writeable = False
            object.__setattr__(self, "profile", arr)
        if self.shortfall_price_per_kwh is None:
            object.__setattr__(self, "shortfall_price_per_kwh", self.price_per_kwh)
        object.__setattr__(self, "shortfall_price_per_kwh", number(
            self.shortfall_price_per_kwh, "PPA.shortfall_price_per_kwh", minimum=0.0,
            fix="the price of energy paid but not taken, >= 0 (None: the contract price)"))
        ref = self.reference_price_per_kwh
        if self.displaces_import:
            check(ref is None, "PPA.reference_price_per_kwh", "given",
                  "applies only to a virtual PPA (displaces_import=False)",
                  "drop it, or set displaces_import=False")
        else:
            check(ref is not None, "PPA.reference_price_per_kwh", None,
                  "is required for a virtual PPA",
                  "give the market price the plant's output is settled at (scalar or series)")
            if np.ndim(ref) == 0:
                object.__setattr__(self, "reference_price_per_kwh", number(
                    ref, "PPA.reference_price_per_kwh",
                    fix="the market price per kWh of the settlement"))

    def __repr__(self) -> str:
        kind = "physical" if self.displaces_import else "virtual"
        return (f"PPA({self.name!r}, {kind}, {self.contracted_capacity_kw:g} kW at "
                f"{self.price_per_kwh:g}/kWh, take-or-pay {self.take_or_pay:.0%}, "
                f"{self.term_years} years)")


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class PPACost:
    """A PPA's cost per contract year.

    Attributes
    ----------
    name : str
        The PPA's label.
    displaces_import : bool
        Physical (True) or virtual (False).
    table : pandas.DataFrame
        One row per contract year 1..term: ``available_kwh``, ``used_kwh``,
        ``take_or_pay_kwh``, ``shortfall_kwh`` [kWh], ``price_per_kwh`` [currency/kWh],
        ``energy_cost``, ``shortfall_payment``, ``settlement_credit``, ``total_cost``
        [currency].
    """

    name: str
    displaces_import: bool
    table: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        """The yearly table (see the class docstring)."""
        return self.table.copy()

    @property
    def total_cost(self) -> float:
        """Undiscounted cost over the term. [currency]"""
        return float(self.table["total_cost"].sum())

    @property
    def year_one_cost(self) -> float:
        """Cost of the first contract year. [currency]"""
        return float(self.table["total_cost"].iloc[0])

    def to_dict(self) -> dict[str, float]:
        return {"total_cost": self.total_cost, "year_one_cost": self.year_one_cost,
                "shortfall_kwh_per_year": float(self.table["shortfall_kwh"].iloc[0])}

    def __repr__(self) -> str:
        t = self.table
        return (f"PPACost({self.name!r}, {len(t)} years: year 1 {self.year_one_cost:,.0f} "
                f"(used {t['used_kwh'].iloc[0] / 1000:,.1f} MWh, shortfall "
                f"{t['shortfall_kwh'].iloc[0] / 1000:,.1f} MWh), term {self.total_cost:,.0f})")
