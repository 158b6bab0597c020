"""Synthetic hourly weather for any site, offline and seedable.

For sites with no weather file (most high-Andean mines), or for studies of
year-to-year variability, :func:`synthetic_weather` builds a standard weather
frame (see :mod:`minegrid.weather`) from a location and, optionally, monthly
means taken from a nearby file or an atlas (:func:`monthly_climate` computes
them from any weather frame).

Model (one hourly step, start-labelled; solar geometry at interval midpoints)
---------------------------------------------------------------------------
Irradiance
    Clear-sky GHI, DNI from pvlib's Ineichen-Perez model with the Linke
    turbidity of the bundled ``LinkeTurbidities.h5`` and the site altitude,
    times a clear-sky index drawn from a :class:`~minegrid.weather.cloudiness.Cloudiness`
    (daily clear and disturbed days in autocorrelated spells, monthly shares
    of disturbed days for the seasonal regimes, hourly fluctuation; see
    :mod:`minegrid.weather.cloudiness`). By default its parameters are the
    documented ones of the site's climate (:func:`~minegrid.weather.climates.default_cloudiness`);
    ``monthly_ghi_kwh_m2``, ``daily_ghi_kwh_m2`` or ``calibrate_from``
    calibrate it in the same call. Each calendar month's irradiation is
    exactly its clear-sky index times its clear-sky irradiation. DNI and DHI
    come from a named decomposition: ``"dirindex"`` (DIRINT adjusted to the
    clear-sky DNI: right for the very clear Atacama skies) or ``"erbs"``.
Temperature
    Monthly means (given, or by default ``T = 21.5 °C - 4.0 K/km * altitude``
    with a ±3 K annual cycle, warmest in January south of the equator), plus
    a daily AR(1) anomaly (sd 1.5 K) and a cosine diurnal cycle peaking at
    14:00 whose range (default 12 K, desert-like) shrinks on cloudy days.
Wind (10 m)
    Weibull distribution (shape ``weibull_k``) for the de-seasonalised speed,
    made persistent by an hourly Gaussian AR(1) process (``wind_persistence``)
    mapped to the Weibull quantile function, multiplied by a diurnal cycle
    ``1 + A cos(2 pi (h - 15) / 24)`` (afternoon maximum of the Atacama
    valley and sea-breeze winds), then rescaled to the monthly means.
Pressure
    Station pressure from the altitude (``pvlib.atmosphere.alt2pres``, the
    standard-atmosphere barometric formula) plus a 1 hPa semidiurnal tide.

Every frame says it is synthetic: ``attrs["source_format"] == "synthetic"``
and ``attrs["description"]`` (seed, climate, calibration), which
:func:`minegrid.generation.build_resource` carries to the profiles and every
result built on them.

Limits: no cloud advection or spatial structure, no diurnal cloud cycle (the
coastal morning stratus, afternoon convection), no link between wind and
cloud, no humidity, no extremes beyond what the distributions give; monthly
means are matched by construction, daily and hourly statistics only
approximately (tests check them against four real Peru/Chile files,
``docs/resource.md``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pvlib
from scipy import special

from minegrid.errors import check, number, number_array, whole
from minegrid.weather.calibration import calibrate_cloudiness
from minegrid.weather.climates import CLIMATES, default_cloudiness
from minegrid.weather.cloudiness import Cloudiness, ar1_series, calibrated, sample_ghi
from minegrid.weather.frame import interval_midpoints
from minegrid.weather.site import Site

__all__ = [
    "DEFAULT_MONTHLY_CLEARNESS",
    "DEFAULT_MONTHLY_WIND_SPEED_M_S",
    "monthly_climate",
    "synthetic_weather",
    "year_variation",
]

#: Monthly clear-sky index of the Atacama interior (its climate in
#: :data:`~minegrid.weather.climates.CLIMATES`; no longer the default of every site).
DEFAULT_MONTHLY_CLEARNESS: tuple[float, ...] = CLIMATES["atacama_interior"].monthly_clearness
#: Monthly mean wind speed at 10 m, Atacama interior (Explorador Solar file). [m/s]
DEFAULT_MONTHLY_WIND_SPEED_M_S: tuple[float, ...] = (
    4.7, 4.8, 4.3, 3.7, 3.9, 3.9, 4.1, 4.2, 4.8, 4.7, 4.5, 4.6)

LAPSE_RATE_K_PER_M = 0.0040  # surface lapse rate of the default temperatures [K/m]
SEA_LEVEL_TEMP_C = 21.5  # default annual mean temperature at sea level [degC]
_DECOMPOSITIONS = ("dirindex", "erbs")


def _monthly(values, default, name: str, lo: float, hi: float) -> np.ndarray:
    given = default if values is None else values
    check(not isinstance(given, str | dict) and np.ndim(given) == 1 and len(given) == 12,
          name, values, "must have 12 monthly values (January first)",
          "give a list of 12 numbers, January first")
    arr = number_array(given, name)
    check(bool(np.all((arr >= lo) & (arr <= hi))), name, arr.tolist(),
          f"must lie in [{lo:g}, {hi:g}]", f"give 12 values in [{lo:g}, {hi:g}]")
    return arr


def synthetic_weather(
    site: Site,
    *,
    year: int = 2023,
    n_years: int = 1,
    seed: int | np.random.Generator | None = None,
    cloudiness: Cloudiness | None = None,
    climate: str | None = None,
    monthly_ghi_kwh_m2=None,
    daily_ghi_kwh_m2=None,
    calibrate_from: pd.DataFrame | None = None,
    monthly_clearness=None,
    monthly_wind_speed_m_s=None,
    monthly_temp_air_c=None,
    weibull_k: float = 3.0,
    wind_persistence: float = 0.85,
    diurnal_wind_amplitude: float = 0.5,
    diurnal_temp_range_c: float = 12.0,
    decomposition: str | None = None,
) -> pd.DataFrame:
    """Hourly synthetic weather for a site (standard weather frame).

    Parameters
    ----------
    site : Site
        Location, altitude and time zone.
    year : int, optional
        First calendar year. [year]
    n_years : int, optional
        Number of consecutive calendar years (each different; leap years have
        8784 hours), in [1, 100].
    seed : int or numpy.random.Generator, optional
        Seed for reproducible weather; None draws fresh entropy.
    cloudiness : Cloudiness, optional
        The clear-sky-index model (e.g. from
        :func:`~minegrid.weather.calibration.calibrate_cloudiness`). Default:
        the documented defaults of the site's climate
        (:func:`~minegrid.weather.climates.default_cloudiness`).
    climate : str, optional
        A climate of :data:`~minegrid.weather.climates.CLIMATES` instead of the
        site's (:func:`~minegrid.weather.climates.climate_of`).
    monthly_ghi_kwh_m2 : sequence of 12 floats, optional
        Calibrate to these monthly GHI totals (an atlas). [kWh m⁻² per month]
    daily_ghi_kwh_m2 : sequence of 12 floats, optional
        Calibrate to these monthly means of daily GHI. [kWh m⁻² d⁻¹]
    calibrate_from : pandas.DataFrame, optional
        Calibrate to a weather frame at the site: every cloudiness parameter,
        and the monthly wind and temperature unless given.
    monthly_clearness : sequence of 12 floats, optional
        Monthly clear-sky index Kc = GHI / clear-sky GHI, in [0.05, 1.2],
        replacing the cloudiness model's. [-]
    monthly_wind_speed_m_s : sequence of 12 floats, optional
        Monthly mean wind speed at 10 m, in [0.3, 25]; default
        :data:`DEFAULT_MONTHLY_WIND_SPEED_M_S`. [m/s]
    monthly_temp_air_c : sequence of 12 floats, optional
        Monthly mean air temperature, in [-40, 45]; default from altitude
        (module docstring). [°C]
    weibull_k : float, optional
        Weibull shape of the de-seasonalised wind speed, in [1, 5]. The default
        3 with ``diurnal_wind_amplitude=0.5`` reproduces the diurnally driven
        winds of the Chilean files (overall speed sd/mean about 0.5); gustier
        or calmer-night sites need a lower shape (Arequipa: about 1.5). [-]
    wind_persistence : float, optional
        Lag-1 (hourly) correlation of the wind process, in [0, 0.99]. [-]
    diurnal_wind_amplitude : float, optional
        Relative amplitude A of the diurnal wind cycle, in [0, 0.9]. [-]
    diurnal_temp_range_c : float, optional
        Mean daily max-min temperature range on clear days, in [0, 30]. [K]
    decomposition : {"dirindex", "erbs"}, optional
        GHI -> DNI model (pvlib.irradiance.dirindex or erbs); default the
        cloudiness model's (Erbs on the foggy coast, DIRINDEX elsewhere).

    Returns
    -------
    pandas.DataFrame
        Standard weather frame (``ghi, dni, dhi, temp_air, wind_speed,
        pressure``), hourly, start-labelled, in ``site.tz``; ``attrs`` say it
        is synthetic and how it was made.

    Raises
    ------
    InputError
        A site without ``tz``; more than one cloudiness source; bad values.

    Examples
    --------
    >>> site = Site(latitude_deg=-20.97, longitude_deg=-68.7, altitude_m=4400, tz="Etc/GMT+4")
    >>> w = synthetic_weather(site, seed=1)
    >>> len(w), round(w["pressure"].mean() / 100), w.attrs["source_format"]
    (8760, 585, 'synthetic')
    """
    check(isinstance(site, Site), "site", type(site).__name__, "must be a minegrid Site",
          "pass minegrid.Site(latitude_deg=..., longitude_deg=..., ...)")
    check(isinstance(n_years, int) and 1 <= n_years <= 100, "n_years", n_years,
          "must be an integer in [1, 100]", "e.g. n_years=1")
    check(isinstance(year, int) and 1900 <= year <= 2200, "year", year,
          "must be an integer in [1900, 2200]", "e.g. year=2023")
    check(decomposition is None or (isinstance(decomposition, str)
                                    and decomposition in _DECOMPOSITIONS), "decomposition",
          decomposition, f"is not one of {list(_DECOMPOSITIONS)}",
          "pick one of those, or None for the cloudiness model's")
    if seed is not None:
        whole(seed, "seed", fix="a whole number >= 0, e.g. seed=2026, or None")
    number(weibull_k, "weibull_k", minimum=1.0, maximum=5.0)
    number(wind_persistence, "wind_persistence", minimum=0.0, maximum=0.99)
    number(diurnal_wind_amplitude, "diurnal_wind_amplitude", minimum=0.0, maximum=0.9)
    number(diurnal_temp_range_c, "diurnal_temp_range_c", minimum=0.0, maximum=30.0)
    tz = site.require_tz("synthetic weather (its clock)")
    cloud = _cloudiness(site, cloudiness, climate, monthly_ghi_kwh_m2, daily_ghi_kwh_m2,
                        calibrate_from)
    if monthly_clearness is not None:
        kc = _monthly(monthly_clearness, None, "monthly_clearness", 0.05, 1.2)
        cloud = calibrated(cloud, kc, "monthly_clearness given")
    if calibrate_from is not None:
        from minegrid.weather.frame import validate_weather

        validate_weather(calibrate_from, name="calibrate_from")
        climate_means = monthly_climate(calibrate_from, site)
        if monthly_wind_speed_m_s is None:
            monthly_wind_speed_m_s = climate_means["wind_speed"].to_numpy()
        if monthly_temp_air_c is None:
            monthly_temp_air_c = climate_means["temp_air"].to_numpy()
    ws_month = _monthly(monthly_wind_speed_m_s, DEFAULT_MONTHLY_WIND_SPEED_M_S,
                        "monthly_wind_speed_m_s", 0.3, 25.0)
    t_month = _monthly(monthly_temp_air_c, _default_temperatures(site), "monthly_temp_air_c",
                       -40.0, 45.0)
    decomposition = cloud.decomposition if decomposition is None else decomposition
    rng = np.random.default_rng(seed)

    index = pd.date_range(f"{year}-01-01", f"{year + n_years}-01-01", freq="h",
                          inclusive="left", tz=tz, name="time")
    mid = interval_midpoints(index)
    clear = site.location.get_clearsky(mid, model="ineichen")
    month = index.month.to_numpy() - 1
    day = ((index - index[0]) // pd.Timedelta(days=1)).to_numpy()
    hour = (mid.hour + mid.minute / 60.0).to_numpy()
    year_month = (index.year.to_numpy() - year) * 12 + month  # groups for the rescaling

    ghi, kc_day = sample_ghi(rng, cloud, clear["ghi"].to_numpy(), month, day, year_month)
    dni, dhi = _decompose(decomposition, ghi, _clear_day_sky(site, mid, cloud, month), mid,
                          site)
    temp = _temperature(rng, t_month, month, day, hour, kc_day / cloud.clear_level,
                        diurnal_temp_range_c, site.latitude_deg)
    wind = _wind(rng, ws_month, month, year_month, hour, weibull_k, wind_persistence,
                 diurnal_wind_amplitude)
    pressure = pvlib.atmosphere.alt2pres(site.altitude_m) + 100.0 * np.cos(
        2 * np.pi * (hour - 10.0) / 12.0)
    frame = pd.DataFrame({"ghi": ghi, "dni": dni, "dhi": dhi, "temp_air": temp,
                          "wind_speed": wind, "pressure": pressure}, index=index)
    frame = frame.astype("float64")
    seed_text = "fresh entropy" if seed is None else (
        f"seed {seed}" if not isinstance(seed, np.random.Generator) else "a Generator")
    description = f"minegrid.synthetic_weather, {seed_text}, {cloud.describe()}"
    frame.attrs = {"source_format": "synthetic", "source": "minegrid.synthetic_weather",
                   "wind_speed_height_m": 10.0, "description": description,
                   "cloudiness": cloud,
                   "notes": [f"synthetic, seed={seed!r}, decomposition={decomposition}",
                             cloud.describe()]}
    return frame


def _cloudiness(site, cloudiness, climate, monthly_ghi, daily_ghi, weather) -> Cloudiness:
    """The cloudiness model from at most one of its sources."""
    given = {k: v for k, v in (("cloudiness", cloudiness), ("monthly_ghi_kwh_m2", monthly_ghi),
                               ("daily_ghi_kwh_m2", daily_ghi),
                               ("calibrate_from", weather)) if v is not None}
    check(len(given) <= 1, "synthetic_weather", sorted(given),
          "takes at most one cloudiness source", "give one of them")
    if cloudiness is not None:
        check(isinstance(cloudiness, Cloudiness), "cloudiness", type(cloudiness).__name__,
              "must be a minegrid.weather.Cloudiness", "use calibrate_cloudiness(...)")
        check(climate is None, "climate", climate, "cannot be given with cloudiness",
              "the cloudiness has its climate")
        return cloudiness
    if not given:
        return default_cloudiness(site, climate)
    return calibrate_cloudiness(site, monthly_ghi_kwh_m2=monthly_ghi,
                                daily_ghi_kwh_m2=daily_ghi, weather=weather, climate=climate)


def _default_temperatures(site: Site) -> np.ndarray:
    mean = SEA_LEVEL_TEMP_C - LAPSE_RATE_K_PER_M * site.altitude_m
    warmest = 0 if site.latitude_deg < 0 else 6  # January south, July north
    months = np.arange(12)
    return mean + 3.0 * np.cos(2 * np.pi * (months - warmest) / 12.0)


def _clear_day_sky(site: Site, mid: pd.DatetimeIndex, cloud: Cloudiness, month: np.ndarray,
                   ) -> pd.DataFrame:
    """Ineichen clear sky with the Linke turbidity lowered so that its GHI is each month's
    clear-day level times the standard clear-sky GHI, where that level is above 1: a sky
    clearer than the Linke climatology (the dry Atacama) has more beam. A level below 1
    keeps the climatology (the deficit is then not a turbidity: the Arequipa file's clear
    days have their full beam)."""
    loc = site.location
    solpos = loc.get_solarposition(mid)
    am = pvlib.atmosphere.get_absolute_airmass(
        pvlib.atmosphere.get_relative_airmass(solpos["apparent_zenith"]),
        pvlib.atmosphere.alt2pres(site.altitude_m))
    tl = pvlib.clearsky.lookup_linke_turbidity(mid, site.latitude_deg, site.longitude_deg)
    extra = pvlib.irradiance.get_extra_radiation(mid)
    args = (solpos["apparent_zenith"], am)

    def sky(factor: np.ndarray) -> pd.DataFrame:
        return pvlib.clearsky.ineichen(*args, tl * factor[month], altitude=site.altitude_m,
                                       dni_extra=extra)

    base = sky(np.ones(12))
    target = np.maximum(cloud.regimes()["level"], 1.0)
    base_m = pd.Series(base["ghi"].to_numpy()).groupby(month).sum().to_numpy()
    lo, hi = np.full(12, 0.3), np.full(12, 3.0)
    for _ in range(25):  # bisection on the turbidity factor of each month
        mid_f = np.sqrt(lo * hi)
        got = pd.Series(sky(mid_f)["ghi"].to_numpy()).groupby(month).sum().to_numpy()
        brighter = got / np.maximum(base_m, 1e-9) > target
        lo = np.where(brighter, mid_f, lo)
        hi = np.where(brighter, hi, mid_f)
    return sky(np.sqrt(lo * hi))


def _decompose(model: str, ghi, clear: pd.DataFrame, mid: pd.DatetimeIndex, site: Site):
    solpos = site.location.get_solarposition(mid)
    zenith = solpos["zenith"].to_numpy()
    if model == "erbs":
        dni = pvlib.irradiance.erbs(ghi, zenith, mid)["dni"].to_numpy()
    else:
        dni = pvlib.irradiance.dirindex(
            pd.Series(ghi, index=mid), clear["ghi"], clear["dni"], solpos["zenith"], mid,
            pressure=pvlib.atmosphere.alt2pres(site.altitude_m),
        ).to_numpy()
    cosz = np.cos(np.radians(zenith))
    dni = np.nan_to_num(dni)
    dni = np.clip(dni, 0.0, 1.1 * clear["dni"].to_numpy())
    beam_h = dni * np.clip(cosz, 0.0, None)
    over = beam_h > ghi
    dni[over] = ghi[over] / np.maximum(cosz[over], 1e-3)
    dni[(ghi <= 0.0) | (zenith >= 90.0)] = 0.0
    dhi = np.clip(ghi - dni * np.clip(cosz, 0.0, None), 0.0, None)
    return dni, dhi


def _temperature(rng, t_month, month, day, hour, kc_d, dtr, latitude) -> np.ndarray:
    n_days = int(day[-1]) + 1
    anomaly = 1.5 * ar1_series(rng, n_days, 0.7)[day]
    range_k = dtr * (0.4 + 0.6 * np.clip(kc_d, 0.0, 1.0))
    diurnal = 0.5 * range_k * np.cos(2 * np.pi * (hour - 14.0) / 24.0)
    return t_month[month] + anomaly + diurnal


def _wind(rng, ws_month, month, year_month, hour, k, phi, amplitude) -> np.ndarray:
    u = special.ndtr(ar1_series(rng, len(month), phi))
    # the Weibull quantile as scipy.stats.weibull_min.ppf computes it (importing scipy.stats
    # for it costs more than half a second)
    q = np.clip(u, 1e-12, 1 - 1e-12)
    base = np.power(-special.log1p(-q), 1.0 / k) / special.gamma(1 + 1 / k)
    speed = base * (1.0 + amplitude * np.cos(2 * np.pi * (hour - 15.0) / 24.0))
    actual = pd.Series(speed).groupby(year_month).transform("mean").to_numpy()
    return speed * ws_month[month] / actual


def monthly_climate(weather: pd.DataFrame, site: Site) -> pd.DataFrame:
    """Monthly means of a weather frame, in the form :func:`synthetic_weather` takes.

    Parameters
    ----------
    weather : pandas.DataFrame
        Standard weather frame.
    site : Site
        Its site (for the clear-sky irradiance).

    Returns
    -------
    pandas.DataFrame
        Index month 1-12; columns ``clearness`` (GHI / Ineichen clear-sky GHI)
        [-], ``wind_speed`` [m/s], ``temp_air`` [°C], ``ghi_kwh_m2`` (monthly
        irradiation, averaged over the years present) [kWh m⁻²].
    """
    mid = interval_midpoints(weather.index)
    clear = site.location.get_clearsky(mid, model="ineichen")["ghi"].to_numpy()
    month = weather.index.month
    n_years = max(len(np.unique(weather.index.year)), 1)
    ghi = weather["ghi"]
    return pd.DataFrame({
        "clearness": ghi.groupby(month).sum() / pd.Series(clear).groupby(month).sum().values,
        "wind_speed": weather["wind_speed"].groupby(month).mean(),
        "temp_air": weather["temp_air"].groupby(month).mean(),
        "ghi_kwh_m2": ghi.groupby(month).sum() / 1000.0 / n_years,
    }).rename_axis("month")


def year_variation(weather: pd.DataFrame, seed: int, k: int, *, ghi_year_sd: float = 0.03,
                   wind_year_sd: float = 0.06) -> pd.DataFrame:
    """Weather year ``k`` of a set: ``weather`` with its irradiance (GHI, DNI, DHI) and
    wind speed scaled by year factors ``f ~ N(1, sd)``, at least 0.5, drawn from
    ``numpy.random.default_rng([seed, k])``; the factors are in
    ``attrs["year_factors"]``.

    The synthetic generator reproduces a typical year's monthly means; these factors
    add the year-to-year variability it lacks. Defaults: 3 % for irradiance (the
    interannual coefficient of variation of GHI at sunny arid sites, 2-5 %: Gueymard
    and Wilcox, Solar Energy 85, 2011) and 6 % for wind speed (Watson, WIREs Energy
    Environ. 3, 2014).
    """
    for name, sd in (("ghi_year_sd", ghi_year_sd), ("wind_year_sd", wind_year_sd)):
        number(sd, name, minimum=0.0, maximum=0.3, fix="a relative standard deviation, "
               "e.g. 0.03 for 3 %")
    rng = np.random.default_rng([seed, k])
    f_sun = max(1.0 + ghi_year_sd * rng.standard_normal(), 0.5)
    f_wind = max(1.0 + wind_year_sd * rng.standard_normal(), 0.5)
    w = weather.copy()
    for col in ("ghi", "dni", "dhi"):
        w[col] = w[col] * f_sun
    w["wind_speed"] = w["wind_speed"] * f_wind
    w.attrs = dict(weather.attrs, year_factors={"irradiance": f_sun, "wind_speed": f_wind})
    return w
