"""Calibrating the cloudiness of synthetic weather in one call: to monthly GHI or to a weather file.

:func:`calibrate_cloudiness` turns 12 monthly GHI values of an atlas (totals or
daily means) into monthly clear-sky indices, keeping the rest of the site's
climate, or fits every parameter of the clear-sky-index model to a weather
frame; :func:`daily_clear_sky_index` gives the daily index of any frame (what
the validation in ``docs/resource.md`` compares).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import special

from minegrid.errors import InputError, MinegridWarning, check
from minegrid.weather.climates import default_cloudiness
from minegrid.weather.cloudiness import (
    CLEAR_THRESHOLD,
    QUANTILE_PROBABILITIES,
    Cloudiness,
    calibrated,
)
from minegrid.weather.frame import interval_midpoints
from minegrid.weather.site import Site

__all__ = ["calibrate_cloudiness", "daily_clear_sky_index"]

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


def _twelve(values, name: str) -> np.ndarray:
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{name} must be 12 numbers, January first. Fix: pass a list of "
                         "12 monthly values.") from exc
    check(arr.shape == (12,), name, arr.tolist() if arr.size < 20 else f"<{arr.size} values>",
          "must have 12 monthly values (January first)", "give a list of 12 numbers, January first")
    check(bool(np.all(np.isfinite(arr) & (arr > 0))), name, arr.tolist(),
          "must be finite and > 0", "give 12 monthly totals > 0")
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
    from scipy import stats  # here: importing scipy.stats takes over half a second

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
