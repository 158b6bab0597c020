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

Parameters
----------
:data:`CLIMATES` holds the parameters of five climates with their sources;
:func:`climate_of` picks one from a site's latitude, longitude and altitude
(:func:`default_cloudiness` adds the altiplano's dependence on altitude and
latitude). :func:`calibrate_cloudiness` fits the monthly means in one call
from monthly GHI (an atlas: Global Solar Atlas, Explorador Solar) or from a
weather file (then every parameter). ``docs/resource.md`` gives the sources
and the validation against four real Peru/Chile files.
"""

from __future__ import annotations

import dataclasses
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special, stats

from minegrid.errors import InputError, MinegridWarning, check
from minegrid.weather.frame import interval_midpoints
from minegrid.weather.site import Site

__all__ = ["CLIMATES", "CLEAR_THRESHOLD", "Cloudiness", "QUANTILE_PROBABILITIES", "ar1_series",
           "beta_quantiles", "calibrate_cloudiness", "calibrated", "climate_of",
           "daily_clear_sky_index", "default_cloudiness", "sample_daily_index", "sample_ghi"]

#: Probabilities of the quantiles that describe the clear and disturbed days.
QUANTILE_PROBABILITIES = tuple(np.round(np.linspace(0.0, 1.0, 11), 2))
#: A day is clear when its index is at least this fraction of the clear-day level. [-]
CLEAR_THRESHOLD = 0.9


def beta_quantiles(mean: float, concentration: float) -> tuple[float, ...]:
    """Quantiles of a Beta(mean·κ, (1 − mean)·κ) at :data:`QUANTILE_PROBABILITIES`.

    The end points are the 0.5 % and 99.5 % quantiles (a table needs finite ends).
    """
    probs = np.clip(np.asarray(QUANTILE_PROBABILITIES), 0.005, 0.995)
    q = stats.beta.ppf(probs, mean * concentration, (1.0 - mean) * concentration)
    return tuple(round(float(x), 4) for x in q)


def _table_mean(q) -> float:
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
          f"must lie in [{lo:g}, {hi:g}] (relative to the clear-day level)")
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
              "must have 12 monthly values (January first)")
        check(bool(np.all((kc >= 0.05) & (kc <= 1.2))), "Cloudiness.monthly_clearness",
              np.round(kc, 3).tolist(), "must lie in [0.05, 1.2]",
              "a monthly clear-sky index (GHI over clear-sky GHI), not irradiation")
        object.__setattr__(self, "monthly_clearness", tuple(round(float(x), 4) for x in kc))
        check(0.5 <= self.clear_level <= 1.2, "Cloudiness.clear_level", self.clear_level,
              "must lie in [0.5, 1.2]")
        if self.monthly_cloudy_share is not None:
            share = np.asarray(self.monthly_cloudy_share, dtype=float)
            check(share.shape == (12,) and bool(np.all((share >= 0) & (share <= 1))),
                  "Cloudiness.monthly_cloudy_share", self.monthly_cloudy_share,
                  "must be 12 fractions in [0, 1] (January first)")
            object.__setattr__(self, "monthly_cloudy_share",
                               tuple(round(float(x), 4) for x in share))
        check(0.0 <= self.clear_level_range <= 0.3, "Cloudiness.clear_level_range",
              self.clear_level_range, "must lie in [0, 0.3]")
        object.__setattr__(self, "clear_quantiles",
                           _check_table(self.clear_quantiles, "clear_quantiles", 0.5, 1.2))
        object.__setattr__(self, "cloudy_quantiles",
                           _check_table(self.cloudy_quantiles, "cloudy_quantiles", 0.0, 1.0))
        check(_table_mean(self.cloudy_quantiles) < _table_mean(self.clear_quantiles),
              "Cloudiness.cloudy_quantiles", self.cloudy_quantiles,
              "must describe days darker on average than clear_quantiles")
        check(self.decomposition in ("dirindex", "erbs"), "Cloudiness.decomposition",
              self.decomposition, "is not one of ['dirindex', 'erbs']")
        for name, hi in (("daily_persistence", 0.95), ("hourly_persistence", 0.95),
                         ("hourly_sd_clear", 0.5), ("hourly_sd_broken", 1.0)):
            check(0.0 <= getattr(self, name) <= hi, f"Cloudiness.{name}", getattr(self, name),
                  f"must lie in [0, {hi}]")

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
        q_s, q_c = _table_mean(self.clear_quantiles), _table_mean(self.cloudy_quantiles)
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


# --------------------------------------------------------------------------- climates
_FILES = "the weather files of ../shared/data/weather (docs/resource.md)"
_AREQUIPA = {"clear_quantiles": (0.902, 0.938, 0.97, 0.977, 0.985, 0.99, 0.992, 0.994, 0.997,
                                 1.0, 1.006),
             "cloudy_quantiles": (0.34, 0.483, 0.593, 0.664, 0.744, 0.783, 0.802, 0.821, 0.849,
                                  0.87, 0.898),
             "clear_level_range": 0.0, "daily_persistence": 0.45, "hourly_sd_clear": 0.02,
             "hourly_sd_broken": 0.3, "hourly_persistence": 0.69}

#: Default parameters of each climate, with their sources (``docs/resource.md``).
CLIMATES: dict[str, Cloudiness] = {
    "atacama_interior": Cloudiness(
        climate="atacama_interior",
        monthly_clearness=(0.973, 0.990, 1.016, 1.024, 1.025, 1.011, 1.004, 1.029, 1.032,
                           1.020, 1.024, 1.009),
        clear_level=1.07,
        monthly_cloudy_share=(0.226, 0.161, 0.064, 0.066, 0.129, 0.133, 0.146, 0.065, 0.034,
                              0.113, 0.05, 0.064),
        clear_quantiles=(0.907, 0.948, 0.962, 0.971, 0.975, 0.981, 0.988, 0.992, 0.997, 1.001,
                         1.023),
        cloudy_quantiles=(0.372, 0.618, 0.698, 0.74, 0.784, 0.817, 0.838, 0.853, 0.865, 0.883,
                          0.897),
        clear_level_range=0.04, daily_persistence=0.6, hourly_sd_clear=0.01,
        hourly_sd_broken=0.35, hourly_persistence=0.37,
        source="the Explorador Solar typical year (Molina et al. 2017) at -22.92, -69.91, "
               "1,635 m and the NREL NSRDB PSM3 TMY at -20.63, -69.90, 922 m, averaged "
               f"({_FILES})"),
    "andean_western_slope": Cloudiness(
        climate="andean_western_slope",
        monthly_clearness=(0.688, 0.702, 0.714, 0.833, 0.855, 0.865, 0.882, 0.882, 0.853,
                           0.842, 0.807, 0.703),
        clear_level=0.92,
        monthly_cloudy_share=(0.839, 0.857, 0.71, 0.2, 0.29, 0.133, 0.129, 0.161, 0.233, 0.194,
                              0.433, 0.839),
        **_AREQUIPA,
        source="the ASHRAE IWEC typical year of Arequipa (WMO 847520, -16.32, -71.55, "
               f"2,520 m; {_FILES}); its December-March cloud season is the altiplanic winter"),
    "altiplano": Cloudiness(
        climate="altiplano",
        monthly_clearness=(0.79, 0.79, 0.82, 0.88, 0.90, 0.90, 0.90, 0.90, 0.90, 0.895,
                           0.885, 0.84),
        clear_level=0.93, **_AREQUIPA,
        source="annual level: the surface solar maximum of the Atacama, about 310 W/m2 on "
               "the Domeyko Cordillera at 3,500-5,000 m and 24-25 S (Rondanelli, Molina & "
               "Falvey 2015, BAMS 96, 405) and 308 W/m2 measured on the Chajnantor plateau, "
               "5,100 m (Cordero et al. 2023, BAMS 104, E1206); seasonal cycle: the "
               "altiplanic winter (December-March convective cloud, weaker to the south-west: "
               "Garreaud et al. 2003, Palaeo3 194, 5; Vuille & Keimig 2004, J. Climate 17, "
               "3334) and mid-latitude winter fronts south of 25 S (Garreaud 2009, Adv. "
               "Geosci. 22, 3); day-to-day statistics: the Arequipa file (the nearest "
               "measured analogue)"),
    "pacific_coast": Cloudiness(
        climate="pacific_coast",
        monthly_clearness=(0.751, 0.720, 0.832, 0.804, 0.676, 0.508, 0.478, 0.440, 0.467,
                           0.562, 0.582, 0.664),
        clear_level=0.983,
        monthly_cloudy_share=(0.645, 0.786, 0.484, 0.567, 0.839, 0.9, 0.968, 1.0, 1.0, 0.903,
                              0.9, 0.839),
        clear_quantiles=(0.903, 0.916, 0.93, 0.95, 0.969, 0.985, 0.991, 0.998, 1.008, 1.034,
                         1.055),
        cloudy_quantiles=(0.386, 0.393, 0.402, 0.409, 0.42, 0.516, 0.588, 0.665, 0.74, 0.818,
                          0.899),
        clear_level_range=0.0, daily_persistence=0.3, hourly_sd_clear=0.13,
        hourly_sd_broken=0.06, hourly_persistence=0.8, decomposition="erbs",
        source="the ASHRAE IWEC typical year of Lima (WMO 846280, -12.00, -77.12, 13 m; "
               f"{_FILES}): the winter stratocumulus deck of the Humboldt current "
               "(Garreaud et al. 2008, J. Climate 21, 4395)"),
    "generic": Cloudiness(
        climate="generic", monthly_clearness=(0.75,) * 12, clear_level=1.0,
        clear_quantiles=beta_quantiles(0.95, 40.0), cloudy_quantiles=beta_quantiles(0.55, 6.0),
        daily_persistence=0.5,
        source="the global mean ratio of all-sky to clear-sky surface solar irradiance, "
               "about 185/247 W/m2 (Wild et al. 2015, Clim. Dyn. 44, 3393; Wild et al. 2019, "
               "Clim. Dyn. 52, 4787), with no seasonal cycle: a placeholder, calibrate it"),
}

# approximate Peru-Chile coastline: (latitude, longitude of the shore) [deg]
_COAST = np.array([(-3.5, -80.5), (-6.0, -81.1), (-8.0, -79.2), (-10.0, -78.2), (-12.0, -77.1),
                   (-14.0, -76.2), (-15.5, -75.0), (-16.5, -73.2), (-17.5, -71.4),
                   (-18.5, -70.35), (-20.0, -70.15), (-22.0, -70.22), (-23.5, -70.5),
                   (-25.0, -70.5), (-26.5, -70.7), (-28.0, -71.2), (-30.0, -71.4)])


def climate_of(site: Site) -> str:
    """The climate of :data:`CLIMATES` for a site (rules in ``docs/resource.md``).

    * ``"pacific_coast"``: 3-30 S, below 800 m and within 0.35° of the
      Peru-Chile shore;
    * ``"altiplano"``: 13-28 S, 72.5-64 W, at or above 3,000 m;
    * ``"andean_western_slope"``: 13-18.5 S, 76-69 W, 1,000-3,000 m (southern Peru);
    * ``"atacama_interior"``: 18.5-27.5 S, 70.6-67 W, below 3,000 m, inland;
    * ``"generic"`` elsewhere.

    Examples
    --------
    >>> climate_of(Site(latitude_deg=-26.95, longitude_deg=-69.25, altitude_m=4200,
    ...                 tz="Etc/GMT+4"))
    'altiplano'
    """
    lat, lon, alt = site.latitude_deg, site.longitude_deg, site.altitude_m
    if -30.0 <= lat <= -3.0 and alt < 800.0:
        shore = float(np.interp(lat, _COAST[::-1, 0], _COAST[::-1, 1]))
        if lon <= shore + 0.35:
            return "pacific_coast"
    if -28.0 <= lat <= -13.0 and -72.5 <= lon <= -64.0 and alt >= 3000.0:
        return "altiplano"
    if -18.5 <= lat <= -13.0 and -76.0 <= lon <= -69.0 and 1000.0 <= alt < 3000.0:
        return "andean_western_slope"
    if -27.5 <= lat <= -18.5 and -70.6 <= lon <= -67.0 and alt < 3000.0:
        return "atacama_interior"
    return "generic"


# seasonal weights of the altiplanic winter (Dec-Mar) and of winter fronts (May-Sep), Jan first
_SUMMER = np.array([1.0, 1.0, 0.7, 0.25, 0.0, 0.0, 0.0, 0.0, 0.0, 0.05, 0.15, 0.55])
_WINTER = np.array([0.0, 0.0, 0.0, 0.0, 0.3, 1.0, 1.0, 0.8, 0.3, 0.0, 0.0, 0.0])


def _altiplano_clearness(latitude_deg: float, altitude_m: float) -> np.ndarray:
    """Monthly index of the altiplano at a latitude and altitude (docs/resource.md)."""
    dry = float(np.clip(0.893 - 6.2e-5 * (altitude_m - 4000.0), 0.80, 0.97))
    south = abs(latitude_deg)
    summer = float(np.clip(0.25 - 0.02 * (south - 17.0), 0.05, 0.25))
    winter = float(np.clip(0.016 * (south - 25.0), 0.0, 0.08))
    return dry * (1.0 - summer * _SUMMER - winter * _WINTER)


def default_cloudiness(site: Site, climate: str | None = None) -> Cloudiness:
    """The documented default cloudiness of a site.

    Parameters
    ----------
    site : Site
    climate : str, optional
        A key of :data:`CLIMATES`; default :func:`climate_of` the site. For
        ``"altiplano"`` the monthly indices follow the site: a dry-season index
        ``0.893 − 6.2·10⁻⁵ (z − 4000 m)`` lowered by the altiplanic winter
        (``0.25 − 0.02 (|φ| − 17°)``, at most 0.25, at least 0.05, in
        December-March) and by winter fronts south of 25° S.

    Returns
    -------
    Cloudiness
        With ``calibration=""``. The ``"generic"`` climate warns: it is a
        placeholder to calibrate with :func:`calibrate_cloudiness`.
    """
    name = climate_of(site) if climate is None else climate
    check(name in CLIMATES, "climate", name, f"is not one of {list(CLIMATES)}",
          "pick a climate by name, or calibrate_cloudiness(site, monthly_ghi_kwh_m2=...)")
    cloud = CLIMATES[name]
    if name == "altiplano":
        kc = _altiplano_clearness(site.latitude_deg, site.altitude_m)
        cloud = cloud.replace(monthly_clearness=tuple(kc),
                              clear_level=float(kc.max() / _table_mean(cloud.clear_quantiles)))
    if name == "generic":
        warnings.warn(
            f"no documented cloudiness for the site at ({site.latitude_deg:g}, "
            f"{site.longitude_deg:g}, {site.altitude_m:,.0f} m): synthetic weather uses the "
            "global mean clear-sky index 0.75 with no seasons. Calibrate it: "
            "synthetic_weather(site, monthly_ghi_kwh_m2=[...12 values from an atlas...]).",
            MinegridWarning, stacklevel=3)
    return cloud


# --------------------------------------------------------------------------- calibration
def _clear_sky(site: Site, year: int = 2023) -> pd.Series:
    index = pd.date_range(f"{year}-01-01", f"{year + 1}-01-01", freq="h", inclusive="left",
                          tz=site.require_tz("the clear-sky irradiance"), name="time")
    ghi = site.location.get_clearsky(interval_midpoints(index), model="ineichen")["ghi"]
    return pd.Series(ghi.to_numpy(), index=index)


def daily_clear_sky_index(weather: pd.DataFrame, site: Site) -> pd.Series:
    """Daily clear-sky index ``Σ GHI / Σ GHI_cs`` of a weather frame (Ineichen clear sky). [-]"""
    mid = interval_midpoints(weather.index)
    cs = site.location.get_clearsky(mid, model="ineichen")["ghi"].to_numpy()
    ghi = pd.Series(weather["ghi"].to_numpy(dtype=float), index=weather.index)
    clear = pd.Series(cs, index=weather.index)
    day = weather.index.normalize()
    out = ghi.groupby(day).sum() / clear.groupby(day).sum()
    return out.rename("clear_sky_index")


def calibrate_cloudiness(site: Site, *, monthly_ghi_kwh_m2=None, daily_ghi_kwh_m2=None,
                         weather: pd.DataFrame | None = None,
                         climate: str | None = None) -> Cloudiness:
    """Cloudiness calibrated to monthly GHI or to a weather file, in one call.

    Parameters
    ----------
    site : Site
        The site (its clear sky; its climate gives the parameters not calibrated).
    monthly_ghi_kwh_m2 : sequence of 12 floats, optional
        Monthly GHI totals, January first (Global Solar Atlas monthly table). [kWh m⁻² per month]
    daily_ghi_kwh_m2 : sequence of 12 floats, optional
        Monthly means of daily GHI, January first (Explorador Solar, NASA POWER). [kWh m⁻² d⁻¹]
    weather : pandas.DataFrame, optional
        A standard weather frame at the site (a year or more): the monthly means
        and also the clear-day level, the spreads of clear and disturbed days,
        the daily persistence and the hourly variability are fitted to it.
    climate : str, optional
        Climate whose other parameters are kept (default :func:`climate_of`).

    Returns
    -------
    Cloudiness
        ``calibration`` says what it was fitted to.

    Raises
    ------
    InputError
        Not exactly one source; values that are not 12 monthly irradiations, or
        brighter than the clear sky (daily means given as monthly totals, Wh
        for kWh...).

    Examples
    --------
    >>> site = Site(latitude_deg=-23.0, longitude_deg=-68.2, altitude_m=2400, tz="Etc/GMT+4")
    >>> cloud = calibrate_cloudiness(site, daily_ghi_kwh_m2=[8.4, 8.0, 7.3, 6.3, 5.3, 4.8,
    ...                                                      5.1, 6.0, 7.2, 8.2, 8.8, 8.8])
    >>> cloud.calibration
    'monthly means of daily GHI'
    """
    given = [x is not None for x in (monthly_ghi_kwh_m2, daily_ghi_kwh_m2, weather)]
    check(sum(given) == 1, "calibrate_cloudiness", "arguments",
          f"need exactly one of monthly_ghi_kwh_m2, daily_ghi_kwh_m2, weather (got {sum(given)})",
          "give the 12 monthly GHI values of an atlas, or a weather frame")
    with warnings.catch_warnings():  # the generic climate's warning: it is being calibrated
        warnings.simplefilter("ignore", MinegridWarning)
        base = default_cloudiness(site, climate)
    if weather is not None:
        return _fit_weather(base, weather, site)
    clear = _clear_sky(site)
    clear_month = clear.groupby(clear.index.month).sum().to_numpy() / 1000.0  # kWh/m2
    days = clear.groupby(clear.index.month).size().to_numpy() / 24.0
    if monthly_ghi_kwh_m2 is not None:
        name, values, unit = "monthly_ghi_kwh_m2", monthly_ghi_kwh_m2, "kWh/m2 per month"
        ghi = _twelve(values, name)
        check(not (ghi.max() < 13.0), name, ghi.round(2).tolist(),
              "looks like daily means (kWh/m2 per day), not monthly totals",
              "pass them as daily_ghi_kwh_m2=...")
        how = "monthly GHI totals"
    else:
        name, values, unit = "daily_ghi_kwh_m2", daily_ghi_kwh_m2, "kWh/m2 per day"
        ghi = _twelve(values, name)
        check(not (ghi.max() > 13.0), name, ghi.round(2).tolist(),
              "looks like monthly totals (kWh/m2 per month), not daily means",
              "pass them as monthly_ghi_kwh_m2=...")
        ghi = ghi * days
        how = "monthly means of daily GHI"
    kc = ghi / clear_month
    bright = kc > 1.15
    if bright.any():
        m = int(np.flatnonzero(bright)[0])
        raise InputError(
            f"{name}[{m}] = {np.asarray(values, float)[m]:g} {unit} is "
            f"{kc[m]:.2f} times the clear-sky irradiation of that month at the site "
            f"({clear_month[m] / (1 if name.startswith('monthly') else days[m]):.1f} {unit}). "
            "Fix: check the unit (Wh or MJ for kWh? monthly totals for daily means?), the "
            "month order (January first) and the site's latitude sign.")
    check(bool((kc >= 0.05).all()), name, np.round(ghi, 2).tolist(),
          "is below 5 % of the clear sky in some month", "check the values and their unit")
    return calibrated(base, kc, how)


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


def _twelve(values, name: str) -> np.ndarray:
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{name} must be 12 numbers, January first. Fix: pass a list of "
                         "12 monthly values.") from exc
    check(arr.shape == (12,), name, arr.tolist() if arr.size < 20 else f"<{arr.size} values>",
          "must have 12 monthly values (January first)")
    check(bool(np.all(np.isfinite(arr) & (arr > 0))), name, arr.tolist(),
          "must be finite and > 0")
    return arr


def _fit_weather(base: Cloudiness, weather: pd.DataFrame, site: Site) -> Cloudiness:
    """Every parameter fitted to a weather frame (monthly means, days, hours)."""
    from minegrid.weather.frame import validate_weather

    validate_weather(weather)
    mid = interval_midpoints(weather.index)
    cs = site.location.get_clearsky(mid, model="ineichen")["ghi"].to_numpy()
    month = weather.index.month
    ghi = weather["ghi"].to_numpy(dtype=float)
    kc = (pd.Series(ghi).groupby(month).sum() / pd.Series(cs).groupby(month).sum()).to_numpy()
    check(len(kc) == 12, "weather", f"<{len(kc)} months>", "must cover all 12 months",
          "give a year of weather")
    daily = daily_clear_sky_index(weather, site)
    daily = daily[np.isfinite(daily)]
    kd = daily.to_numpy()
    level = float(np.clip(np.quantile(kd, 0.95), 0.5, 1.2))
    # days relative to the clear-day level: the month's own (its 90th percentile, at least
    # 0.95 of the annual level) where clear days dominate and the monthly index follows the
    # clear-sky bias (the Atacama), the annual one where the share of disturbed days
    # carries the seasons (the coast, the altiplanic winter)
    months = np.asarray(daily.index.month)
    month_level = np.maximum(daily.groupby(months).quantile(0.9), 0.95 * level)
    clear_driven = float(np.mean(kd / level < CLEAR_THRESHOLD)) < 0.25
    ref = month_level.reindex(months).to_numpy() if clear_driven else level
    r = np.clip(kd / ref, 0.0, 1.2)
    clear = r >= CLEAR_THRESHOLD
    probs = np.asarray(QUANTILE_PROBABILITIES)
    q_s = tuple(np.quantile(r[clear], probs)) if clear.sum() >= 8 else base.clear_quantiles
    q_c = tuple(np.clip(np.quantile(r[~clear], probs), 0.0, 1.0)) if (~clear).sum() >= 8 \
        else base.cloudy_quantiles
    share = pd.Series(~clear).groupby(months).mean().reindex(range(1, 13))
    share = share.fillna(float(np.mean(~clear))).to_numpy()
    spread = float(np.ptp(month_level.to_numpy()) / (2.0 * level)) if clear_driven else 0.0
    # persistence of the latent process: lag-1 correlation of the normal scores of the
    # daily index once each month's mean is removed (the seasons are the months' p_m)
    anomaly = (daily - daily.groupby(daily.index.month).transform("mean")).to_numpy()
    z = special.ndtri(stats.rankdata(anomaly) / (len(anomaly) + 1))
    phi = float(np.clip(np.corrcoef(z[:-1], z[1:])[0, 1], 0.0, 0.95))
    hourly = _hourly_fit(weather, cs, daily, level, base)
    return base.replace(monthly_clearness=tuple(np.clip(kc, 0.05, 1.2)), clear_level=level,
                        monthly_cloudy_share=tuple(share), clear_quantiles=q_s,
                        cloudy_quantiles=q_c, clear_level_range=min(spread, 0.3),
                        daily_persistence=phi,
                        hourly_sd_clear=hourly[0], hourly_sd_broken=hourly[1],
                        hourly_persistence=hourly[2],
                        calibration="fitted to a weather frame (monthly means, days and hours)")


def _hourly_fit(weather, cs, daily: pd.Series, level: float, base: Cloudiness
                ) -> tuple[float, float, float]:
    """Hourly fluctuation ``σ_0, σ_1, φ_h`` around each day's index."""
    kd_h = daily.reindex(weather.index.normalize()).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        dev = weather["ghi"].to_numpy(dtype=float) / cs / kd_h - 1.0
    ok = (cs > 200.0) & np.isfinite(dev)
    if ok.sum() < 200:
        return base.hourly_sd_clear, base.hourly_sd_broken, base.hourly_persistence
    r = np.clip(kd_h[ok] / level, 0.0, 1.0)
    x = 4.0 * r * (1.0 - r)
    # sd(r) = s0 + s1 x: least squares on |dev| * sqrt(pi / 2) (mean absolute value of a normal)
    y = np.abs(dev[ok]) * np.sqrt(np.pi / 2.0)
    s0, s1 = np.linalg.lstsq(np.column_stack([np.ones_like(x), x]), y, rcond=None)[0]
    phi_h = pd.Series(np.where(ok, dev, np.nan)).autocorr(1)
    phi_h = base.hourly_persistence if not np.isfinite(phi_h) else float(phi_h)
    return (float(np.clip(s0, 0.0, 0.5)), float(np.clip(s1, 0.0, 1.0)),
            float(np.clip(phi_h, 0.0, 0.95)))


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
