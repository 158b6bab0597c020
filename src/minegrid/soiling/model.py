"""Soiling of PV modules: daily build-up, resets by rain and by cleaning.

:class:`Soiling` describes how fast dust builds up at a site and what washes it
off; :class:`CleaningSchedule` when the plant is cleaned and what a cleaning
costs. :func:`soiling_loss` turns them into the loss fraction of every interval
of a weather frame (a :class:`SoilingLoss`), which :func:`minegrid.pv_profile`
takes as ``soiling=``. ``docs/theory/soiling.md`` gives the model.

The model is Kimber's (Kimber et al., IEEE 4th WCPEC 2006): the loss grows
linearly at ``rate_per_day`` up to ``max_loss``; rain of more than
``rain_threshold_mm`` within 24 h washes the modules and they stay clean for a
grace period while the ground is damp. With no cleaning or cleaning every N days,
the loss comes from :func:`pvlib.soiling.kimber` itself; cleaning when the loss
passes a threshold is a plain loop here (:func:`accumulate_soiling`; pvlib has no
such schedule), and the tests check the loop against pvlib for the other schedules.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from ..errors import check, choice, is_number, number

__all__ = ["CleaningSchedule", "Soiling", "SoilingLoss", "SOILING_SITES", "accumulate_soiling",
           "rain_resets", "scheduled_washes", "hourly_soiling", "soiling_loss"]

#: Site classes for :meth:`Soiling.for_site`: name -> (rate_per_day, max_loss). The Atacama
#: classes are calibrated here (linear build-up, no rain, one year) to the annual energy
#: losses of uncleaned modules measured by Cordero et al. (Sci. Rep. 8, 13943, 2018): up to
#: 39 % on the northern coast, 3 % or less at high sites, about 7 % in Santiago. The
#: Kimber rates are those of Kimber et al. (2006) as tabulated in pvlib. [1/day], [-]
SOILING_SITES: dict[str, tuple[float, float]] = {
    "atacama_coast": (0.003, 0.5),     # mean loss over an uncleaned year ~0.385
    "atacama_high": (0.00015, 0.3),    # mean ~0.027 (> 2,000 m, few dust sources)
    "santiago_urban": (0.0004, 0.3),   # mean ~0.073 without rain (rain lowers it)
    "kimber_desert": (0.003, 0.3),     # Kimber 2006, US desert southwest
    "kimber_rural": (0.0011, 0.3),     # Kimber 2006, Central Valley rural
}


@dataclass(frozen=True, slots=True, kw_only=True)
class CleaningSchedule:
    """When the PV plant is cleaned and what one cleaning costs.

    Parameters
    ----------
    interval_days : float, optional
        Clean every this many days from the first row of the weather, in
        [1, 3650]. [day]
    threshold_loss : float, optional
        Clean when the soiling loss reaches this fraction, in (0, 1). [-]
        Give at most one of ``interval_days`` and ``threshold_loss``; neither
        means the plant is never cleaned (only rain washes it).
    cost_per_mwp : float
        Labour, equipment and transport of one cleaning of 1 MWp of modules
        (about 5,000 m² of modules at 20 % efficiency). [currency/MWp]
    water_m3_per_mwp : float
        Water used by one cleaning of 1 MWp (about 1.5 L/m² for wet brushing;
        0 for dry robots). [m³/MWp]
    water_cost_per_m3 : float
        Delivered price of the water: at a remote site it is trucked in like
        the diesel. [currency/m³]

    Notes
    -----
    The defaults (400 per MWp, 7.5 m³/MWp, 8 per m³) are placeholders of the
    right order for manual wet cleaning in northern Chile: quote the site's own.
    """

    interval_days: float | None = None
    threshold_loss: float | None = None
    cost_per_mwp: float = 400.0
    water_m3_per_mwp: float = 7.5
    water_cost_per_m3: float = 8.0

    def __post_init__(self):
        check(self.interval_days is None or self.threshold_loss is None,
              "CleaningSchedule.interval_days/threshold_loss",
              (self.interval_days, self.threshold_loss), "cannot both be given",
              "clean every N days or when the loss passes a threshold, not both")
        if self.interval_days is not None:
            number(self.interval_days, "CleaningSchedule.interval_days", minimum=1.0,
                   maximum=3650.0, fix="give days between cleanings, e.g. 30, or None")
        if self.threshold_loss is not None:
            number(self.threshold_loss, "CleaningSchedule.threshold_loss", minimum=0.0,
                   maximum=1.0, strict=True, strict_max=True,
                   fix="give a loss fraction, e.g. 0.05 for 5 %, or None")
        for name in ("cost_per_mwp", "water_m3_per_mwp", "water_cost_per_m3"):
            number(getattr(self, name), f"CleaningSchedule.{name}", minimum=0.0)

    @property
    def kind(self) -> str:
        """``"never"``, ``"interval"`` or ``"threshold"``."""
        if self.interval_days is not None:
            return "interval"
        return "never" if self.threshold_loss is None else "threshold"

    @property
    def cost_per_mwp_cleaning(self) -> float:
        """Cost of one cleaning of 1 MWp, water included. [currency/MWp]"""
        return self.cost_per_mwp + self.water_m3_per_mwp * self.water_cost_per_m3

    def describe(self) -> str:
        """One line: the schedule in words."""
        if self.kind == "interval":
            return f"every {self.interval_days:g} days"
        if self.kind == "threshold":
            return f"when the loss reaches {100 * self.threshold_loss:g} %"
        return "never (rain only)"

    def replace(self, **changes) -> CleaningSchedule:
        return replace(self, **changes)


@dataclass(frozen=True, slots=True, kw_only=True)
class Soiling:
    """Dust on the modules: how fast it builds up, its ceiling, and what washes it off.

    Parameters
    ----------
    rate_per_day : float
        Loss added per day of dry weather, in [0, 0.05]; see
        :data:`SOILING_SITES` and :meth:`for_site` for site classes. [1/day]
    max_loss : float
        Ceiling of the loss, in (0, 1). [-]
    rain_threshold_mm : float
        Rain within 24 h that washes the modules (Kimber: 6 mm). [mm]
    grace_period_days : float
        Days the modules stay clean after such rain (damp ground), > 0. [day]
    initial_loss : float
        Loss at the first row of the weather, in [0, max_loss]. [-]
    cleaning : CleaningSchedule
        When the plant is cleaned (default: never).
    """

    rate_per_day: float = 0.0015
    max_loss: float = 0.3
    rain_threshold_mm: float = 6.0
    grace_period_days: float = 14.0
    initial_loss: float = 0.0
    cleaning: CleaningSchedule = field(default_factory=CleaningSchedule)

    def __post_init__(self):
        number(self.rate_per_day, "Soiling.rate_per_day", minimum=0.0, maximum=0.05,
               fix="give a loss fraction per day, e.g. 0.003 (0.3 %/day) on the Atacama coast")
        number(self.max_loss, "Soiling.max_loss", minimum=0.0, maximum=1.0, strict=True,
               strict_max=True, fix="give a fraction, e.g. 0.3")
        number(self.rain_threshold_mm, "Soiling.rain_threshold_mm", minimum=0.0,
               fix="give millimetres of rain in 24 h, e.g. 6")
        number(self.grace_period_days, "Soiling.grace_period_days", minimum=0.0, strict=True,
               maximum=365.0, fix="give days, e.g. 14")
        number(self.initial_loss, "Soiling.initial_loss", minimum=0.0, maximum=self.max_loss,
               fix=f"give a fraction in [0, max_loss = {self.max_loss:g}]")
        check(isinstance(self.cleaning, CleaningSchedule), "Soiling.cleaning",
              type(self.cleaning).__name__, "must be a CleaningSchedule",
              "pass minegrid.CleaningSchedule(interval_days=30)")

    @classmethod
    def for_site(cls, site_class: str, **changes) -> Soiling:
        """A :class:`Soiling` with the rate and ceiling of a class of :data:`SOILING_SITES`.

        >>> Soiling.for_site("atacama_coast").rate_per_day
        0.003
        """
        choice(site_class, tuple(SOILING_SITES), "site_class",
               "pick one of the site classes, or give rate_per_day and max_loss")
        rate, cap = SOILING_SITES[site_class]
        return cls(**{"rate_per_day": rate, "max_loss": cap, **changes})

    def replace(self, **changes) -> Soiling:
        return replace(self, **changes)

    def with_cleaning(self, **changes) -> Soiling:
        """The same soiling with a cleaning schedule changed (``interval_days=30``...)."""
        return replace(self, cleaning=replace(self.cleaning, **changes))


@dataclass(frozen=True, slots=True, kw_only=True)
class SoilingLoss:
    """Loss fraction of every interval, and the cleanings and rain washes behind it.

    Attributes
    ----------
    loss : pandas.Series
        Soiling loss on the weather's index, in [0, max_loss]. [-]
    cleanings : pandas.DatetimeIndex
        When the plant was cleaned.
    rain_washes : int
        Rain events that washed the modules (starts of grace periods). [-]
    rain_source : str
        Where the rain came from (or that there was none).
    method : str
        ``"pvlib.soiling.kimber"`` or ``"minegrid loop"`` (threshold cleaning).
    soiling : Soiling
        The model.
    """

    loss: pd.Series
    cleanings: pd.DatetimeIndex
    rain_washes: int
    rain_source: str
    method: str
    soiling: Soiling

    @property
    def years(self) -> float:
        """Length of the period. [yr]"""
        idx = self.loss.index
        step = (idx[1] - idx[0]) if len(idx) > 1 else pd.Timedelta(hours=1)
        return (len(idx) * step) / pd.Timedelta(days=365)

    @property
    def cleanings_per_year(self) -> float:
        """Cleanings per year. [1/yr]"""
        return len(self.cleanings) / self.years

    @property
    def mean_loss(self) -> float:
        """Time-mean soiling loss (the energy-weighted loss is in the PV results). [-]"""
        return float(self.loss.mean())

    def cleaning_cost_per_year(self, pv_kw: float) -> float:
        """Cleaning cost of a ``pv_kw`` kWp plant, water included. [currency/yr]"""
        return self.cleanings_per_year * pv_kw / 1000.0 * \
            self.soiling.cleaning.cost_per_mwp_cleaning

    def water_m3_per_year(self, pv_kw: float) -> float:
        """Water trucked in for the cleanings of a ``pv_kw`` kWp plant. [m³/yr]"""
        return self.cleanings_per_year * pv_kw / 1000.0 * self.soiling.cleaning.water_m3_per_mwp

    def om_per_kw_year(self) -> float:
        """Cleaning cost per kW DC and year, to add to the PV plant's O&M. [currency/(kW·yr)]"""
        return self.cleanings_per_year * self.soiling.cleaning.cost_per_mwp_cleaning / 1000.0

    def to_frame(self) -> pd.DataFrame:
        """``soiling_loss`` [-] and ``cleaned`` [bool] on the weather's index."""
        cleaned = pd.Series(False, index=self.loss.index)
        cleaned[self.cleanings] = True
        return pd.DataFrame({"soiling_loss": self.loss, "cleaned": cleaned})

    def __repr__(self) -> str:
        return (f"SoilingLoss(mean {100 * self.mean_loss:.2f} %, max "
                f"{100 * float(self.loss.max()):.2f} %, cleaning "
                f"{self.soiling.cleaning.describe()}: {self.cleanings_per_year:.1f}/yr, "
                f"rain washes {self.rain_washes}, {self.rain_source})")


def rain_resets(rain_mm: pd.Series, threshold_mm: float, grace_period_days: float) -> np.ndarray:
    """Intervals in a grace period after rain washed the modules (Kimber's rule, as pvlib).

    Rain over the trailing 24 h above ``threshold_mm`` is a wash; every interval
    within ``grace_period_days`` after a wash (the wash included) stays clean.

    Returns
    -------
    numpy.ndarray of bool
    """
    accumulated = rain_mm.rolling(datetime.timedelta(hours=24), closed="right").sum()
    events = (accumulated > threshold_mm).astype(float)
    grace = events.rolling(datetime.timedelta(days=grace_period_days), closed="right").sum()
    return grace.to_numpy() > 0


def accumulate_soiling(step_days: float, rate_per_day: float, max_loss: float, *,
                       reset, wash=None, threshold_loss: float | None = None,
                       initial_loss: float = 0.0):
    """The soiling loss step by step: a plain loop (build-up, cap, resets, cleanings).

    ``loss[0] = initial_loss``, ``loss[k] = min(loss[k-1] + rate_per_day·step_days,
    max_loss)``; a step of ``reset`` (rain grace) or ``wash`` (a scheduled cleaning)
    sets it to 0; with ``threshold_loss``, a step whose loss reaches it is cleaned
    (set to 0) too.

    Returns
    -------
    loss : numpy.ndarray
        Loss of each step. [-]
    cleaned : numpy.ndarray of bool
        Steps with a cleaning (scheduled or on threshold).

    Examples
    --------
    >>> loss, cleaned = accumulate_soiling(1.0, 0.01, 0.5, reset=[False] * 6,
    ...                                    threshold_loss=0.03)
    >>> [round(x, 2) for x in loss], cleaned.nonzero()[0].tolist()
    ([0.0, 0.01, 0.02, 0.0, 0.01, 0.02], [3])
    """
    reset = np.asarray(reset, dtype=bool)
    n = len(reset)
    wash = np.zeros(n, dtype=bool) if wash is None else np.asarray(wash, dtype=bool)
    step = rate_per_day * step_days
    thr = math.inf if threshold_loss is None else threshold_loss
    loss = np.empty(n)
    cleaned = wash.copy()
    current = min(initial_loss, max_loss)
    for k in range(n):
        if k > 0:
            current = min(current + step, max_loss)
        if reset[k] or wash[k]:
            current = 0.0
        elif current >= thr:
            current = 0.0
            cleaned[k] = True
        loss[k] = current
    return loss, cleaned


def _rain(weather, rain_mm):
    """The rain series [mm per interval] and a line saying where it came from."""
    index = weather.index
    if rain_mm is not None:
        values = np.asarray(rain_mm, dtype=float)
        check(values.shape == (len(index),), "rain_mm", f"<{values.size} values>",
              f"must have one value per row of the weather ({len(index)})",
              "give millimetres of rain per interval on the weather's index")
        check(bool(np.all(np.isfinite(values) & (values >= 0))), "rain_mm", "<values>",
              "must be finite and >= 0", "give millimetres of rain per interval")
        return pd.Series(values, index=index), "rain from rain_mm"
    if isinstance(weather, pd.DataFrame) and "precipitation" in weather.columns:
        return (weather["precipitation"].astype(float).fillna(0.0),
                "rain from the weather's precipitation column")
    return pd.Series(0.0, index=index), "no precipitation column: no rain washes"


def soiling_loss(weather, soiling: Soiling, *, rain_mm=None) -> SoilingLoss:
    """The soiling loss of every interval of ``weather`` under ``soiling``.

    Parameters
    ----------
    weather : pandas.DataFrame or pandas.DatetimeIndex
        A standard weather frame (its ``precipitation`` column, mm per interval,
        when present, is the rain), or just its regular, tz-aware index.
    soiling : Soiling
        The model and its cleaning schedule.
    rain_mm : array-like, optional
        Rain per interval instead of the frame's column. [mm]

    Returns
    -------
    SoilingLoss
    """
    import pvlib

    check(isinstance(soiling, Soiling), "soiling", type(soiling).__name__,
          "must be a minegrid Soiling", "pass minegrid.Soiling(rate_per_day=...)")
    if isinstance(weather, pd.DatetimeIndex):
        weather = pd.DataFrame(index=weather)
    index = weather.index
    check(isinstance(index, pd.DatetimeIndex) and len(index) >= 2, "weather.index",
          type(index).__name__, "must be a DatetimeIndex of at least 2 rows",
          "pass a weather frame from read_weather() or synthetic_weather()")
    rain, source = _rain(weather, rain_mm)
    step = index[1] - index[0]
    step_days = step / pd.Timedelta(days=1)
    reset = rain_resets(rain, soiling.rain_threshold_mm, soiling.grace_period_days)
    washes = int(np.sum(reset[1:] & ~reset[:-1]) + reset[0])
    wash = scheduled_washes(index, soiling.cleaning.interval_days)
    clean = soiling.cleaning
    if clean.kind == "threshold":
        loss, cleaned = accumulate_soiling(step_days, soiling.rate_per_day, soiling.max_loss,
                                           reset=reset, wash=wash,
                                           threshold_loss=clean.threshold_loss,
                                           initial_loss=soiling.initial_loss)
        series, method = pd.Series(loss, index=index), "minegrid loop"
    else:
        dates = index[wash] if wash.any() else None
        series = pvlib.soiling.kimber(
            rain, cleaning_threshold=soiling.rain_threshold_mm,
            soiling_loss_rate=soiling.rate_per_day, grace_period=soiling.grace_period_days,
            max_soiling=soiling.max_loss, manual_wash_dates=dates,
            initial_soiling=soiling.initial_loss, rain_accum_period=24)
        series, cleaned, method = series.astype(float), wash, "pvlib.soiling.kimber"
    series = series.clip(0.0, soiling.max_loss).rename("soiling_loss")
    return SoilingLoss(loss=series, cleanings=index[cleaned], rain_washes=washes,
                       rain_source=source, method=method, soiling=soiling)


def scheduled_washes(index: pd.DatetimeIndex, interval_days: float | None) -> np.ndarray:
    """Rows of a cleaning every ``interval_days`` from the first row (the first row at or
    after each multiple). No cleaning at the first row."""
    wash = np.zeros(len(index), dtype=bool)
    if interval_days is None:
        return wash
    elapsed = np.asarray((index - index[0]) / pd.Timedelta(days=1), dtype=float)
    k = np.arange(1, int(elapsed[-1] // interval_days) + 1) * interval_days
    pos = np.searchsorted(elapsed, k - 1e-9)
    wash[pos[pos < len(index)]] = True
    return wash


def hourly_soiling(soiling, weather: pd.DataFrame, field_name: str = "soiling") -> np.ndarray:
    """The loss fraction per row for :func:`minegrid.pv_profile`'s ``soiling=``: from a
    :class:`Soiling`, a :class:`SoilingLoss`, a number or an array/Series of fractions."""
    if isinstance(soiling, Soiling):
        soiling = soiling_loss(weather, soiling)
    if isinstance(soiling, SoilingLoss):
        soiling = soiling.loss
    if is_number(soiling):
        number(soiling, field_name, minimum=0.0, maximum=1.0, strict_max=True)
        return np.full(len(weather), float(soiling))
    check(isinstance(soiling, pd.Series | np.ndarray | list | tuple), field_name,
          type(soiling).__name__, "must be a Soiling, a SoilingLoss, a loss fraction or an "
          "array of them", "pass minegrid.Soiling(...) or soiling_loss(weather, ...).loss")
    if isinstance(soiling, pd.Series):
        check(soiling.index.equals(weather.index), field_name, "<Series>",
              "must be on the weather's index", "build it with soiling_loss(weather, ...)")
    values = np.asarray(soiling, dtype=object)
    check(all(is_number(v) for v in values.ravel()), field_name, "<values>",
          "must hold numbers", "give loss fractions as numbers")
    values = values.astype(float)
    check(values.shape == (len(weather),), field_name, f"<{values.size} values>",
          f"must have one loss fraction per row of the weather ({len(weather)})",
          "pass a Soiling model or soiling_loss(weather, ...).loss")
    check(bool(np.all(np.isfinite(values) & (values >= 0) & (values < 1))), field_name,
          "<values>", "must hold loss fractions in [0, 1)", "give fractions, not percent")
    return values
