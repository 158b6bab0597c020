"""Tests of minegrid.weather.synthetic: seedable offline weather for any site."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pvlib
import pytest

from conftest import SHARED_FILES
from minegrid.errors import InputError
from minegrid.generation import pv_profile, wind_profile
from minegrid.weather import (
    Site,
    interval_midpoints,
    monthly_climate,
    read_weather,
    synthetic_weather,
    validate_weather,
)

COLLAHUASI = Site(latitude_deg=-20.97, longitude_deg=-68.70, altitude_m=4400.0,
                  tz="Etc/GMT+4", name="Collahuasi-like")


@pytest.fixture(scope="module")
def high_site_weather():
    return synthetic_weather(COLLAHUASI, seed=42)


def test_standard_frame(high_site_weather):
    weather = high_site_weather
    validate_weather(weather)
    assert len(weather) == 8760 and str(weather.index.tz) == "Etc/GMT+4"
    assert weather.index[0] == pd.Timestamp("2023-01-01 00:00", tz="Etc/GMT+4")
    assert all(weather.dtypes == "float64")


def test_physics(high_site_weather):
    weather = high_site_weather
    mid = interval_midpoints(weather.index)
    solpos = COLLAHUASI.location.get_solarposition(mid)
    zenith = solpos["zenith"].to_numpy()
    assert (weather["ghi"].to_numpy()[solpos["apparent_zenith"].to_numpy() >= 90] == 0).all()
    closure = weather["dhi"] + weather["dni"] * np.cos(np.radians(zenith)).clip(0)
    np.testing.assert_allclose(closure, weather["ghi"], atol=1e-6)
    # station pressure from altitude; cold at 4,400 m
    assert weather["pressure"].mean() == pytest.approx(pvlib.atmosphere.alt2pres(4400), rel=1e-3)
    assert 0.0 < weather["temp_air"].mean() < 8.0
    assert weather["wind_speed"].min() >= 0.0


def test_seed_reproducible_and_years_distinct():
    a = synthetic_weather(COLLAHUASI, seed=7, n_years=3)
    b = synthetic_weather(COLLAHUASI, seed=7, n_years=3)
    pd.testing.assert_frame_equal(a, b)
    assert len(a) == 8760 + 8784 + 8760  # 2023, 2024 (leap), 2025
    daily = a["ghi"].resample("D").sum()
    y1, y3 = daily["2023"].to_numpy(), daily["2025"].to_numpy()
    assert np.abs(y1 - y3).mean() > 0.02 * y1.mean()  # different weather, same climate
    assert y3.sum() == pytest.approx(y1.sum(), rel=0.02)
    c = synthetic_weather(COLLAHUASI, seed=8)
    assert not np.allclose(a["wind_speed"].to_numpy()[:8760], c["wind_speed"].to_numpy())


def test_monthly_means_are_honoured():
    clearness = np.linspace(0.6, 0.95, 12)
    wind = np.linspace(3.0, 8.0, 12)
    temps = np.linspace(-2.0, 9.0, 12)
    weather = synthetic_weather(COLLAHUASI, seed=3, monthly_clearness=clearness,
                                monthly_wind_speed_m_s=wind, monthly_temp_air_c=temps)
    climate = monthly_climate(weather, COLLAHUASI)
    np.testing.assert_allclose(climate["clearness"], clearness, rtol=0.01)
    np.testing.assert_allclose(climate["wind_speed"], wind, rtol=1e-9)
    np.testing.assert_allclose(climate["temp_air"], temps, atol=1.5)


def test_clear_sky_peak_at_solar_noon(high_site_weather):
    weather = high_site_weather
    mid = interval_midpoints(weather.index)
    transit = pvlib.solarposition.sun_rise_set_transit_spa(
        mid.normalize() + pd.Timedelta("12h"), COLLAHUASI.latitude_deg,
        COLLAHUASI.longitude_deg)
    delta_min = (mid - pd.DatetimeIndex(transit["transit"])).total_seconds() / 60
    ghi = weather["ghi"].to_numpy()
    assert abs(np.sum(ghi * delta_min) / ghi.sum()) < 5.0


def test_bad_input():
    with pytest.raises(InputError, match="12 monthly values"):
        synthetic_weather(COLLAHUASI, monthly_clearness=[0.9] * 11)
    with pytest.raises(InputError, match="decomposition"):
        synthetic_weather(COLLAHUASI, decomposition="disc2")
    with pytest.raises(InputError, match="n_years"):
        synthetic_weather(COLLAHUASI, n_years=0)


# --------------------------------------------------------------------------- vs real files
@pytest.fixture(scope="module", params=sorted(SHARED_FILES))
def real_and_synthetic(request, shared_weather):
    weather, site = read_weather(shared_weather / SHARED_FILES[request.param])
    climate = monthly_climate(weather, site)
    synth = synthetic_weather(site, seed=11, monthly_clearness=climate["clearness"],
                              monthly_wind_speed_m_s=climate["wind_speed"],
                              monthly_temp_air_c=climate["temp_air"])
    return request.param, weather, synth, site


def test_monthly_irradiation_and_wind_match_file(real_and_synthetic):
    """Given a file's monthly means: monthly irradiation within 1 %, wind within 1 %."""
    _, weather, synth, site = real_and_synthetic
    real, fake = monthly_climate(weather, site), monthly_climate(synth, site)
    np.testing.assert_allclose(fake["ghi_kwh_m2"], real["ghi_kwh_m2"], rtol=0.01)
    np.testing.assert_allclose(fake["wind_speed"], real["wind_speed"], rtol=0.01)
    # day-to-day variability of irradiation within 30 % of the file's
    cv = [w["ghi"].resample("D").sum().std() / w["ghi"].resample("D").sum().mean()
          for w in (weather, synth)]
    assert cv[1] == pytest.approx(cv[0], rel=0.3)


def test_yields_match_file(real_and_synthetic):
    """PV yields within 3 % (fixed) / 6 % (tracking); wind energy within 15 % in
    Chile (diurnal winds, default shape) and 35 % in Peru (other wind regimes)."""
    key, weather, synth, site = real_and_synthetic
    for tracking, tol in (("fixed", 0.03), ("single_axis", 0.06)):
        real = pv_profile(weather, site, tracking=tracking).sum()
        fake = pv_profile(synth, site, tracking=tracking).sum()
        assert fake == pytest.approx(real, rel=tol)
    kwargs = {"turbine_type": "V126/3300", "hub_height_m": 117}
    real = wind_profile(weather, **kwargs).sum()
    fake = wind_profile(synth, **kwargs).sum()
    assert fake == pytest.approx(real, rel=0.15 if key in ("antofagasta", "tarapaca") else 0.35)
