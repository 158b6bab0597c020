"""Cloudiness of synthetic weather: a seeded stochastic model of the clear-sky index.

The clear-sky index ``K = GHI / GHI_cs`` (Ineichen-Perez clear sky with the
bundled Linke turbidity) of :func:`minegrid.synthetic_weather` is drawn from a
:class:`Cloudiness`: its monthly means, and how days and hours scatter around
them.

Model
-----
Days. Each day is *clear* or *disturbed*. Relative to the month's clear-day
level ``L_m``, a day's index ``r = K_d / L_m`` is drawn from the clear or the
disturbed distribution of the climate, each given by its quantile function
(11 quantiles, at probabilities 0, 0.1, ..., 1, interpolated linearly:
``Q_s`` for clear days, ``Q_c`` for disturbed ones; clear days are those with
``r >= 0.9``). The month's share of disturbed days ``p_m`` and level ``L_m``
meet its mean index ``K̄_m``: the month keeps its climatological share ``p⁰_m``
and moves its level, ``L_m = K̄_m / ((1 − p⁰_m) q̄_s + p⁰_m q̄_c)`` (``q̄`` the
means of ``Q``), within ``±clear_level_range`` of the climate's ``K_clr``;
beyond that the level stops and the share moves,
``p_m = (q̄_s − K̄_m / L_m) / (q̄_s − q̄_c)`` clipped to [0, 1] (then the
clear or disturbed values are scaled to the mean). A latent standard-normal
AR(1) process ``z_d = φ z_{d−1} + √(1 − φ²) ε_d`` picks each day through
``u = Φ(z_d)``: ``u < p_m`` gives a disturbed day at quantile ``u / p_m``,
otherwise a clear day at quantile ``(u − p_m) / (1 − p_m)``. Disturbed days so
come in spells (persistence ``φ``), and the seasonal regimes (the altiplanic
winter of December-March, the coastal stratus of June-October) are the months'
``p⁰_m``.

Hours. ``K_h = K_d (1 + σ(r) y_h)`` with ``σ(r) = σ_0 + σ_1 · 4 r (1 − r)``
(smooth clear days, ragged broken-cloud days) and ``y_h`` an hourly AR(1)
process (lag-1 correlation ``φ_h``), renormalised so that each day keeps its
index and clipped to ``[0, 1.08 L_m]``. Each calendar month is finally
rescaled so that its irradiation is exactly ``K̄_m`` times its clear-sky
irradiation.

Where the parameters come from
------------------------------
:mod:`minegrid.weather.climates` holds the documented parameters of five
climates and picks one for a site; :mod:`minegrid.weather.calibration` fits
them to monthly GHI (an atlas: Global Solar Atlas, Explorador Solar) or to a
weather file in one call. ``docs/resource.md`` gives the sources and the
validation against four real Peru/Chile files.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pandas as pd

from minegrid.errors import check

__all__ = ["CLEAR_THRESHOLD", "Cloudiness", "QUANTILE_PROBABILITIES", "ar1_series",
           "beta_quantiles", "calibrated", "sample_daily_index", "sample_ghi", "table_mean"]

#: Probabilities of the quantiles that describe the clear and disturbed days.
QUANTILE_PROBABILITIES = tuple(np.round(np.linspace(0.0, 1.0, 11), 2))
#: A day is clear when its index is at least this fraction of the clear-day level. [-]
CLEAR_THRESHOLD = 0.9


def beta_quantiles(mean: float, concentration: float) -> tuple[float, ...]:
    """Quantiles of a Beta(mean·κ, (1 − mean)·κ) at :data:`QUANTILE_PROBABILITIES`.

    The end points are the 0.5 % and 99.5 % quantiles (a table needs finite ends).
    """
    probs = np.clip(np.asarray(QUANTILE_PROBABILITIES), 0.005, 0.995)
    from scipy import stats  # here: importing scipy.stats takes over half a second

    q = stats.beta.ppf(probs, mean * concentration, (1.0 - mean) * concentration)
    return tuple(round(float(x), 4) for x in q)


def table_mean(q) -> float:
    """Mean of a distribution given by its quantile function at equal steps (trapezoid)."""
    q = np.asarray(q, dtype=float)
    return float(np.mean((q[1:] + q[:-1]) / 2.0))


_U = (np.arange(400) + 0.5) / 400.0  # probabilities for the means of tilted quantile functions


def _tilt(table, target: float) -> tuple[float, float]:
    """Exponent g and scale c so that the mean of ``c · Q(u^g)`` over u ~ U(0, 1) is ``target``.

    ``g > 1`` leans on the low quantiles (a month darker than the table's mean),
    ``g < 1`` on the high ones; beyond the table's range the scale takes over.
    """
    q = np.asarray(table, dtype=float)

    def mean(g: float) -> float:
        return float(np.interp(_U ** g, QUANTILE_PROBABILITIES, q).mean())

    lo_g, hi_g = 1.0 / 30.0, 30.0
    if target >= mean(lo_g):
        return lo_g, min(target / mean(lo_g), 1.15)
    if target <= mean(hi_g):
        return hi_g, target / mean(hi_g)
    a, b = np.log(lo_g), np.log(hi_g)
    for _ in range(40):  # mean(g) decreases with g: bisection on log g
        m = 0.5 * (a + b)
        if mean(float(np.exp(m))) > target:
            a = m
        else:
            b = m
    return float(np.exp(0.5 * (a + b))), 1.0


def _check_table(values, name: str, lo: float, hi: float) -> tuple[float, ...]:
    q = np.asarray(values, dtype=float)
    check(q.shape == (len(QUANTILE_PROBABILITIES),) and bool(np.all(np.diff(q) >= 0)),
          f"Cloudiness.{name}", values,
          f"must be {len(QUANTILE_PROBABILITIES)} non-decreasing quantiles",
          "give the quantiles at probabilities 0, 0.1, ..., 1 (see beta_quantiles)")
    check(bool(np.all((q >= lo) & (q <= hi))), f"Cloudiness.{name}", values,
          f"must lie in [{lo:g}, {hi:g}] (relative to the clear-day level)",
          "give daily clear-sky indices divided by the clear-day level")
    return tuple(round(float(x), 4) for x in q)


@dataclass(frozen=True, slots=True, kw_only=True)
class Cloudiness:
    """Parameters of the clear-sky-index model (see the module docstring).

    Attributes
    ----------
    climate : str
        Name of the climate the parameters come from.
    monthly_clearness : tuple of 12 floats
        Monthly mean clear-sky index ``K̄_m`` (GHI / Ineichen clear-sky GHI), January first. [-]
    clear_level : float
        Clear-day index ``K_clr``: the index of a cloudless day, the 95th
        percentile of the daily index (the clear-sky model's bias at the site:
        above 1 in the dry Atacama, below 1 where aerosols or altitude make
        Ineichen too bright). [-]
    monthly_cloudy_share : tuple of 12 floats, optional
        Climatological share of disturbed days ``p⁰_m`` of each month, in [0, 1];
        None derives it from ``monthly_clearness`` at a constant ``clear_level``. [-]
    clear_level_range : float
        How far each month's clear-day level may move from ``clear_level``
        (relative) to meet its mean before its share of disturbed days moves,
        in [0, 0.3]: in the dry Atacama the monthly index follows the clear-sky
        bias (aerosols, water vapour: 0.04), in cloudy climates the share of
        disturbed days (0). [-]
    clear_quantiles, cloudy_quantiles : tuple of 11 floats
        Quantile functions ``Q_s`` and ``Q_c`` of clear and disturbed days,
        relative to the clear-day level, at :data:`QUANTILE_PROBABILITIES`. [-]
    daily_persistence : float
        ``φ``, lag-1 correlation of the latent daily process, in [0, 0.95]. [-]
    hourly_sd_clear, hourly_sd_broken : float
        ``σ_0`` and ``σ_1`` of the hourly fluctuation. [-]
    hourly_persistence : float
        ``φ_h``, lag-1 correlation of the hourly fluctuation. [-]
    decomposition : {"dirindex", "erbs"}
        The GHI -> DNI model that suits the climate: DIRINDEX where clear skies
        dominate, Erbs under the persistent coastal overcast (a smooth overcast
        index gets no spurious beam).
    source : str
        Where the parameters come from.
    calibration : str
        What they were calibrated to ("" for the climate's defaults).
    """

    climate: str
    monthly_clearness: tuple[float, ...]
    clear_level: float
    monthly_cloudy_share: tuple[float, ...] | None = None
    clear_level_range: float = 0.02
    clear_quantiles: tuple[float, ...] = beta_quantiles(0.965, 60.0)
    cloudy_quantiles: tuple[float, ...] = beta_quantiles(0.65, 9.0)
    daily_persistence: float = 0.5
    hourly_sd_clear: float = 0.05
    hourly_sd_broken: float = 0.3
    hourly_persistence: float = 0.6
    decomposition: str = "dirindex"
    source: str = dataclasses.field(default="", repr=False)
    calibration: str = ""

    def __post_init__(self):
        kc = np.asarray(self.monthly_clearness, dtype=float)
        check(kc.shape == (12,), "Cloudiness.monthly_clearness", self.monthly_clearness,
              "must have 12 monthly values (January first)",
              "give a list of 12 numbers, January first")
        check(bool(np.all((kc >= 0.05) & (kc <= 1.2))), "Cloudiness.monthly_clearness",
              np.round(kc, 3).tolist(), "must lie in [0.05, 1.2]",
              "a monthly clear-sky index (GHI over clear-sky GHI), not irradiation")
        object.__setattr__(self, "monthly_clearness", tuple(round(float(x), 4) for x in kc))
        check(0.5 <= self.clear_level <= 1.2, "Cloudiness.clear_level", self.clear_level,
              "must lie in [0.5, 1.2]", "the clear days' clear-sky index, e.g. 0.95")
        if self.monthly_cloudy_share is not None:
            share = np.asarray(self.monthly_cloudy_share, dtype=float)
            check(share.shape == (12,) and bool(np.all((share >= 0) & (share <= 1))),
                  "Cloudiness.monthly_cloudy_share", self.monthly_cloudy_share,
                  "must be 12 fractions in [0, 1] (January first)",
                  "give each month's share of cloudy days, or None")
            object.__setattr__(self, "monthly_cloudy_share",
                               tuple(round(float(x), 4) for x in share))
        check(0.0 <= self.clear_level_range <= 0.3, "Cloudiness.clear_level_range",
              self.clear_level_range, "must lie in [0, 0.3]",
              "the spread of the clear-day level between years, e.g. 0.05")
        object.__setattr__(self, "clear_quantiles",
                           _check_table(self.clear_quantiles, "clear_quantiles", 0.5, 1.2))
        object.__setattr__(self, "cloudy_quantiles",
                           _check_table(self.cloudy_quantiles, "cloudy_quantiles", 0.0, 1.0))
        check(table_mean(self.cloudy_quantiles) < table_mean(self.clear_quantiles),
              "Cloudiness.cloudy_quantiles", self.cloudy_quantiles,
              "must describe days darker on average than clear_quantiles",
              "swap the two tables, or lower cloudy_quantiles")
        check(self.decomposition in ("dirindex", "erbs"), "Cloudiness.decomposition",
              self.decomposition, "is not one of ['dirindex', 'erbs']",
              "pick one of those names")
        for name, hi in (("daily_persistence", 0.95), ("hourly_persistence", 0.95),
                         ("hourly_sd_clear", 0.5), ("hourly_sd_broken", 1.0)):
            check(0.0 <= getattr(self, name) <= hi, f"Cloudiness.{name}", getattr(self, name),
                  f"must lie in [0, {hi}]", f"give a value in [0, {hi}]")

    def regimes(self) -> dict[str, np.ndarray]:
        """Each month's clear-day level, share of disturbed days and value scales.

        The month keeps its climatological share ``p⁰_m`` and moves its clear-day
        level to meet its mean ``K̄_m`` (within ``clear_level_range``); beyond
        that range the share of disturbed days moves, and a month clearer than
        all-clear (or darker than all-disturbed) scales those days' values.

        Returns
        -------
        dict of numpy.ndarray (12,)
            ``level`` [-], ``share`` [-], and for an all-clear or all-disturbed
            month the exponent ``g`` and scale ``c`` of its days' quantiles,
            ``c · Q(u^g)``, that meet its mean (1 otherwise) [-].
        """
        kbar = np.asarray(self.monthly_clearness, dtype=float)
        q_s, q_c = table_mean(self.clear_quantiles), table_mean(self.cloudy_quantiles)
        p0 = (np.clip((q_s - kbar / self.clear_level) / (q_s - q_c), 0.0, 1.0)
              if self.monthly_cloudy_share is None
              else np.asarray(self.monthly_cloudy_share, dtype=float))
        mean_r = (1.0 - p0) * q_s + p0 * q_c
        lo = self.clear_level * (1.0 - self.clear_level_range)
        hi = min(self.clear_level * (1.0 + self.clear_level_range), 1.25)
        level = np.clip(kbar / mean_r, lo, hi)
        rel = kbar / level
        share = np.clip((q_s - rel) / (q_s - q_c), 0.0, 1.0)
        clear_tilt = [_tilt(self.clear_quantiles, x) if p <= 0.0 else (1.0, 1.0)
                      for x, p in zip(rel, share, strict=True)]
        cloudy_tilt = [_tilt(self.cloudy_quantiles, x) if p >= 1.0 else (1.0, 1.0)
                       for x, p in zip(rel, share, strict=True)]
        return {"level": level, "share": share,
                "clear_exponent": np.array([t[0] for t in clear_tilt]),
                "clear_scale": np.array([t[1] for t in clear_tilt]),
                "cloudy_exponent": np.array([t[0] for t in cloudy_tilt]),
                "cloudy_scale": np.array([t[1] for t in cloudy_tilt])}

    @property
    def annual_clearness_hint(self) -> float:
        """Unweighted mean of the monthly clear-sky indices. [-]"""
        return float(np.mean(self.monthly_clearness))

    def replace(self, **changes) -> Cloudiness:
        """A copy with some fields changed (validated again)."""
        return dataclasses.replace(self, **changes)

    def describe(self) -> str:
        """One line for results: the climate and what it was calibrated to."""
        how = self.calibration or "uncalibrated defaults"
        return (f"clear-sky-index model, climate {self.climate!r} ({how}), mean monthly index "
                f"{self.annual_clearness_hint:.3f}")


def calibrated(cloud: Cloudiness, monthly_clearness, how: str) -> Cloudiness:
    """``cloud`` with new monthly means, keeping its climatological shares of disturbed days.

    Each month then meets its mean by its clear-day level (within
    ``clear_level_range``) and beyond that by more or fewer disturbed days
    (:meth:`Cloudiness.regimes`).
    """
    kc = np.clip(np.asarray(monthly_clearness, dtype=float), 0.05, 1.2)
    share = cloud.monthly_cloudy_share
    if share is None:
        share = tuple(cloud.regimes()["share"])
    return cloud.replace(monthly_clearness=tuple(kc), monthly_cloudy_share=share,
                         calibration=how)


# --------------------------------------------------------------------------- sampling
def ar1_series(rng: np.random.Generator, n: int, phi: float) -> np.ndarray:
    """Standard-normal AR(1) series of length n with lag-1 correlation phi."""
    noise = rng.standard_normal(n) * np.sqrt(1.0 - phi**2)
    out = np.empty(n)
    out[0] = rng.standard_normal()
    for i in range(1, n):  # plain loop: 365 * n_years (daily) or 8760 * n_years steps
        out[i] = phi * out[i - 1] + noise[i]
    return out


def _quantile(u: np.ndarray, table) -> np.ndarray:
    return np.interp(u, QUANTILE_PROBABILITIES, table)


def sample_daily_index(rng: np.random.Generator, cloud: Cloudiness, day_month: np.ndarray,
                       day_group: np.ndarray | None = None) -> np.ndarray:
    """Daily clear-sky indices of days whose months (0-11) are ``day_month``.

    The days of each calendar month (``day_group``: one label per year and
    month) are stratified: ranked by the latent AR(1) process (which keeps the
    spells), the k-th of n days takes the month's distribution at
    ``u = (k + v) / n`` with ``v`` uniform, so each month holds its share of
    disturbed days and its distribution, in an order that persists.
    """
    reg = cloud.regimes()
    share = reg["share"][day_month]
    z = ar1_series(rng, len(day_month), cloud.daily_persistence)
    groups = day_month if day_group is None else day_group
    u = np.empty(len(z))
    for g in np.unique(groups):
        idx = np.flatnonzero(groups == g)
        rank = np.argsort(np.argsort(z[idx], kind="stable"), kind="stable")
        u[idx] = (rank + rng.uniform(size=len(idx))) / len(idx)
    cloudy = u < share
    r = np.empty(len(u))
    m = day_month[cloudy]
    r[cloudy] = _quantile((u[cloudy] / share[cloudy]) ** reg["cloudy_exponent"][m],
                          cloud.cloudy_quantiles) * reg["cloudy_scale"][m]
    clear = ~cloudy
    m = day_month[clear]
    v = (u[clear] - share[clear]) / np.maximum(1.0 - share[clear], 1e-12)
    r[clear] = _quantile(v ** reg["clear_exponent"][m], cloud.clear_quantiles) \
        * reg["clear_scale"][m]
    return reg["level"][day_month] * r


def sample_ghi(rng: np.random.Generator, cloud: Cloudiness, ghi_clear: np.ndarray,
               month: np.ndarray, day: np.ndarray, year_month: np.ndarray,
               ) -> tuple[np.ndarray, np.ndarray]:
    """Hourly GHI and each hour's daily index from the clear-sky GHI (module docstring).

    Parameters
    ----------
    rng : numpy.random.Generator
    cloud : Cloudiness
    ghi_clear : numpy.ndarray
        Clear-sky GHI of every step. [W m⁻²]
    month, day, year_month : numpy.ndarray
        Month (0-11), day number from the first row, and (year, month) group of every step.

    Returns
    -------
    (ghi, kc_day)
        GHI of every step [W m⁻²] and the daily clear-sky index of its day [-].
    """
    kc_month = np.asarray(cloud.monthly_clearness)
    n_days = int(day[-1]) + 1
    day_month = np.zeros(n_days, dtype=int)
    day_month[day] = month
    day_group = np.zeros(n_days, dtype=int)
    day_group[day] = year_month
    level = cloud.regimes()["level"][month]
    kc_day = sample_daily_index(rng, cloud, day_month, day_group)[day]
    r = np.clip(kc_day / level, 0.0, 1.0)
    sd = cloud.hourly_sd_clear + cloud.hourly_sd_broken * 4.0 * r * (1.0 - r)
    k_max = 1.08 * level
    wiggle = np.clip(1.0 + sd * ar1_series(rng, len(kc_day), cloud.hourly_persistence), 0.0,
                     None)
    # the hourly fluctuation keeps each day's irradiation (its daily index)
    weight = pd.Series(wiggle * ghi_clear).groupby(day).transform("sum").to_numpy()
    total = pd.Series(ghi_clear).groupby(day).transform("sum").to_numpy()
    wiggle = np.where(weight > 0, wiggle * total / np.where(weight > 0, weight, 1.0), 1.0)
    ghi = np.minimum(kc_day * wiggle, k_max) * ghi_clear
    # rescale each (year, month) so its irradiation is Kc * clear-sky irradiation, keeping
    # every hour below k_max * clear sky (a few passes converge unless Kc ~ k_max)
    target = pd.Series(kc_month[month] * ghi_clear).groupby(year_month).sum()
    for _ in range(6):
        actual = pd.Series(ghi).groupby(year_month).sum()
        scale = (target / actual.where(actual > 0)).fillna(1.0)
        ghi = np.minimum(ghi * scale.reindex(year_month).to_numpy(), k_max * ghi_clear)
    return ghi, kc_day
