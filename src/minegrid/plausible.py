"""Plausible ranges of the numbers an engineer types, and the slips that put a value outside them.

A value can be valid (a finite, non-negative price) and still be a slip: a PV
price of 0.95 typed in USD/W where the field wants USD/kW, a fuel price per
cubic metre typed per litre, a turbine rating in MW. The components check
their fields against :data:`RANGES` when they are built and warn with
:class:`~minegrid.errors.MinegridWarning`, naming the field, the value, the
plausible range and the likely slip (the unit factor that would bring the value
into the range). Nothing is changed: a warning, not a repair.

The ranges are deliberately wide (they bracket every remote, high-altitude and
low-cost case of ``docs/costs.md``); money ranges are in USD, and those of
:class:`~minegrid.Project` are checked only when its currency is USD. A zero is
never flagged: it is the deliberate way to leave a cost out.

>>> import warnings, minegrid as mg
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     pv = mg.PVPlant(capex_per_kw=0.95)
>>> print(caught[0].message)  # doctest: +NORMALIZE_WHITESPACE
PVPlant.capex_per_kw = 0.95 USD/kW is outside the plausible range 300 to 3,000 USD/kW.
Likely slip: a price per W typed for a price per kW: multiply by 1,000 (950).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

from .errors import InputError, MinegridWarning

__all__ = ["Range", "RANGES", "check_against_profiles", "implausible", "warn_implausible"]


@dataclass(frozen=True, slots=True)
class Range:
    """A plausible range of one field and the unit slips that lead out of it.

    Attributes
    ----------
    low, high : float
        Plausible bounds, inclusive, in the field's unit.
    unit : str
        The field's unit, for messages.
    slips : tuple of (factor, text)
        Each slip's factor (multiply the value by it to undo the slip) and what it is.
    """

    low: float
    high: float
    unit: str
    slips: tuple[tuple[float, str], ...] = ()


_PER_W = (1000.0, "a price per W typed for a price per kW: multiply by 1,000")
_PER_MW = (0.001, "a price per MW typed for a price per kW: divide by 1,000")
_PER_WH = (1000.0, "a price per Wh typed for a price per kWh: multiply by 1,000")
_PER_MWH = (0.001, "a price per MWh typed for a price per kWh: divide by 1,000")
_MW = (1000.0, "a power in MW typed for kW: multiply by 1,000")
_PERCENT = (0.01, "a percentage typed for a fraction: divide by 100")

#: Plausible range of each checked field, by class name then field name.
RANGES: dict[str, dict[str, Range]] = {
    "PVPlant": {
        "capex_per_kw": Range(300.0, 3000.0, "USD/kW", (_PER_W, _PER_MW)),
        "om_per_kw_year": Range(3.0, 80.0, "USD/(kW·yr)", (_PER_W, _PER_MW)),
    },
    "WindPlant": {
        "capex_per_kw": Range(700.0, 5000.0, "USD/kW", (_PER_W, _PER_MW)),
        "om_per_kw_year": Range(10.0, 150.0, "USD/(kW·yr)", (_PER_W, _PER_MW)),
        "turbine_rated_kw": Range(10.0, 20000.0, "kW", (_MW,)),
    },
    "Battery": {
        "capex_per_kwh": Range(80.0, 1500.0, "USD/kWh", (_PER_WH, _PER_MWH)),
        "capex_per_kw": Range(30.0, 1500.0, "USD/kW", (_PER_W, _PER_MW)),
        "om_per_kwh_year": Range(0.5, 40.0, "USD/(kWh·yr)", (_PER_WH, _PER_MWH)),
    },
    "Project": {
        "fuel_price_per_l": Range(0.2, 6.0, "USD/L", (
            (0.001, "a price per m³ (1,000 L) typed for a price per litre: divide by 1,000"),
            (1 / 3.785, "a price per US gallon typed for a price per litre: divide by 3.785"),
            (1 / 159.0, "a price per barrel typed for a price per litre: divide by 159"))),
        "carbon_price_per_t": Range(0.0, 500.0, "USD/t", (
            (0.001, "a price per kilotonne typed for a price per tonne: divide by 1,000"),)),
        "discount_rate": Range(-0.05, 0.25, "1/yr", (_PERCENT,)),
    },
}

#: Fields of RANGES whose unit is money (checked only in USD).
_MONEY = ("capex_per_kw", "capex_per_kwh", "om_per_kw_year", "om_per_kwh_year",
          "fuel_price_per_l", "carbon_price_per_t")


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.4g}"


def implausible(obj) -> list[str]:
    """Messages for the fields of ``obj`` outside their plausible range (empty if none).

    Parameters
    ----------
    obj : PVPlant, WindPlant, Battery or Project
        A component (other objects have no ranges and give no messages).

    Returns
    -------
    list of str
        One message per implausible field: field, value, range and the likely slip.
    """
    name = type(obj).__name__
    table = RANGES.get(name, {})
    currency = getattr(obj, "currency", "USD")
    if name == "WindPlant" and getattr(obj, "n_turbines", 0) == 0:
        table = {k: v for k, v in table.items() if k != "turbine_rated_kw"}
    out = []
    for field, rng in table.items():
        if field in _MONEY and currency != "USD":
            continue
        value = getattr(obj, field)
        if value is None or value == 0 or rng.low <= value <= rng.high:
            continue
        msg = (f"{name}.{field} = {value:g} {rng.unit} is outside the plausible range "
               f"{_fmt(rng.low)} to {_fmt(rng.high)} {rng.unit}.")
        fixes = [(f, text) for f, text in rng.slips if rng.low <= value * f <= rng.high]
        if fixes:
            f, text = fixes[0]
            msg += f" Likely slip: {text} ({_fmt(value * f)})."
        else:
            msg += " Check the value and its unit."
        out.append(msg)
    return out


def warn_implausible(obj, stacklevel: int = 4) -> None:
    """Warn (:class:`~minegrid.errors.MinegridWarning`) for each implausible field of ``obj``."""
    for msg in implausible(obj):
        warnings.warn(msg, MinegridWarning, stacklevel=stacklevel)


#: A turbine profile may exceed the turbine's rating by this fraction (rounding, curve tails).
WIND_RATING_TOLERANCE = 0.02


def check_against_profiles(system, profiles, *, sizing: bool = False) -> None:
    """Raise InputError when per-unit profiles contradict the system's units.

    The output of one wind turbine cannot exceed the turbine's rating
    (``WindPlant.turbine_rated_kw``) by more than :data:`WIND_RATING_TOLERANCE`;
    the message names the likely slip (W for kW, a farm for one turbine,
    another turbine's profile). PV per kW is bounded in :class:`minegrid.Profiles`.
    ``sizing=True`` checks a template whose turbine count is still to be chosen.
    """
    wind = system.wind
    if wind is None or (wind.n_turbines == 0 and not sizing):
        return
    top = float(profiles.wind_kw_per_turbine.max())
    rated = wind.turbine_rated_kw
    if top <= rated * (1.0 + WIND_RATING_TOLERANCE):
        return
    ratio = top / rated
    if ratio > 20.0 and top / 1000.0 <= rated * (1.0 + WIND_RATING_TOLERANCE):
        slip = "the profile is in W: divide it by 1,000"
    elif wind.n_turbines > 1 and abs(ratio - wind.n_turbines) <= 0.1 * wind.n_turbines:
        slip = f"the profile is the farm's output: divide it by n_turbines = {wind.n_turbines}"
    else:
        slip = ("the profile is for another turbine, or not per turbine: build it with "
                "minegrid.wind_profile for this turbine and set turbine_rated_kw to its rating")
    raise InputError(
        f"wind_kw_per_turbine reaches {top:,.0f} kW, {ratio:,.2f} times "
        f"WindPlant.turbine_rated_kw = {rated:,.0f} kW: one turbine cannot exceed its rating. "
        f"Likely slip: {slip}. Fix: correct the profile or the rating so that they agree.")
