"""Tests of minegrid.generation: PV and wind profiles, genset derating."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pvlib
import pytest
import windpowerlib

from conftest import SHARED_FILES
from minegrid.errors import InputError, MinegridWarning
from minegrid.generation import (
    genset_derating,
    pv_profile,
    turbine_rated_kw,
    turbine_types,
    wind_profile,
)
from minegrid.weather import Site, interval_midpoints, read_weather

TMY3 = Path(pvlib.__file__).parent / "data" / "723170TYA.CSV"
# README of the shared data: PVWatts chain (14 % losses, DC/AC 1.2), V126/3300 at 117 m
REFERENCE = {  # key: (fixed kWh/kWp, 1-axis kWh/kWp, wind capacity factor)
    "arequipa": (1957, 2326, 0.19),
    "lima": (1271, 1370, 0.31),
    "antofagasta": (2212, 2808, 0.33),
    "tarapaca": (2086, 2594, 0.10),
}


@pytest.fixture(scope="module")
def tmy3():
    return read_weather(TMY3)


@pytest.fixture(scope="module", params=sorted(SHARED_FILES))
def shared(request, shared_weather):
    weather, site = read_weather(shared_weather / SHARED_FILES[request.param])
    return request.param, weather, site


# --------------------------------------------------------------------------- PV
def test_pv_matches_pvlib_modelchain(tmy3):
    """Same models through pvlib's ModelChain, fed the interval midpoints."""
    weather, site = tmy3
    ours = pv_profile(weather, site, losses_percent=0.0, soiling_percent=0.0)
    mid = weather.copy()
    mid.index = interval_midpoints(weather.index)
    system = pvlib.pvsystem.PVSystem(
        surface_tilt=abs(site.latitude_deg), surface_azimuth=180.0, albedo=0.25,
        module_parameters={"pdc0": 1.0, "gamma_pdc": -0.0037},
        inverter_parameters={"pdc0": (1 / 1.2) / 0.96, "eta_inv_nom": 0.96},
        temperature_model_parameters=pvlib.temperature.TEMPERATURE_MODEL_PARAMETERS[
            "sapm"]["open_rack_glass_polymer"],
    )
    chain = pvlib.modelchain.ModelChain(
        system, site.location, aoi_model="physical", spectral_model="no_loss",
        transposition_model="perez", losses_model="no_loss")
    chain.run_model(mid)
    ref = chain.results.ac.clip(lower=0.0).to_numpy()
    np.testing.assert_allclose(ours.to_numpy(), ref, rtol=1e-6, atol=1e-6)


def test_pv_series_shape_and_bounds(tmy3):
    weather, site = tmy3
    pv = pv_profile(weather, site, dc_ac_ratio=1.4)
    assert pv.dtype == "float64" and pv.index.equals(weather.index)
    assert pv.min() >= 0.0 and pv.max() <= 1 / 1.4 + 1e-12
    assert (pv == 1 / 1.4).sum() > 0  # some clipping at DC/AC 1.4
    assert (pv[weather["ghi"] <= 0] == 0).all()


def test_pv_night_is_zero_by_solar_position(tmy3):
    weather, site = tmy3
    pv = pv_profile(weather, site, tracking="single_axis")
    sol = site.location.get_solarposition(interval_midpoints(weather.index))
    night = (sol["apparent_elevation"] < -5).to_numpy()
    assert night.sum() > 3000
    assert (pv.to_numpy()[night] == 0).all()


def test_pv_losses_and_degradation_scale_output(tmy3):
    weather, site = tmy3
    base = pv_profile(weather, site, losses_percent=0.0, soiling_percent=0.0, dc_ac_ratio=0.5)
    lossy = pv_profile(weather, site, losses_percent=10.0, soiling_percent=0.0, dc_ac_ratio=0.5)
    assert lossy.sum() / base.sum() == pytest.approx(0.9, rel=0.02)
    old = pv_profile(weather, site, degradation_per_year=0.01, age_years=10, dc_ac_ratio=0.5,
                     losses_percent=0.0, soiling_percent=0.0)
    assert old.sum() / base.sum() == pytest.approx(0.99**10, rel=0.02)


def test_pv_rejects_unknown_models(tmy3):
    weather, site = tmy3
    with pytest.raises(InputError, match="transposition_model"):
        pv_profile(weather, site, transposition_model="klucher2")
    with pytest.raises(InputError, match="temperature_model"):
        pv_profile(weather, site, temperature_model="noct")
    with pytest.raises(InputError, match="tracking"):
        pv_profile(weather, site, tracking="dual_axis")


def test_pv_missing_column(tmy3):
    weather, site = tmy3
    with pytest.raises(InputError, match=r"\['dni'\]"):
        pv_profile(weather.drop(columns="dni"), site)


def test_pv_yields_match_reference(shared):
    key, weather, site = shared
    fixed_ref, tracking_ref, _ = REFERENCE[key]
    fixed = pv_profile(weather, site).sum()
    tracking = pv_profile(weather, site, tracking="single_axis").sum()
    assert fixed == pytest.approx(fixed_ref, rel=0.05)
    assert tracking == pytest.approx(tracking_ref, rel=0.05)
    assert tracking > fixed


def test_pv_peak_at_solar_noon(shared):
    """The daily PV peak of a tracker-free equator-facing plane falls at solar noon."""
    _, weather, site = shared
    pv = pv_profile(weather, site, dc_ac_ratio=0.8)  # no clipping
    mid = interval_midpoints(weather.index)
    transit = pvlib.solarposition.sun_rise_set_transit_spa(
        mid.normalize() + pd.Timedelta("12h"), site.latitude_deg, site.longitude_deg)
    delta_h = (mid - pd.DatetimeIndex(transit["transit"])).total_seconds() / 3600.0
    centroid = np.sum(pv.to_numpy() * delta_h) / pv.sum()
    assert abs(centroid) < 0.2  # hours


# --------------------------------------------------------------------------- wind
def test_turbine_library_and_rating():
    names = turbine_types()
    assert "V126/3300" in names and len(names) > 50
    assert turbine_rated_kw("E-126/4200") == 4200.0


def test_unknown_turbine_lists_close_matches(tmy3):
    weather, _ = tmy3
    with pytest.raises(InputError, match="V126/3300"):
        wind_profile(weather, turbine_type="V126/330", hub_height_m=117)
    with pytest.raises(InputError, match="exactly one"):
        wind_profile(weather, hub_height_m=117)


def test_wind_matches_windpowerlib(tmy3):
    weather, _ = tmy3
    ours = wind_profile(weather, turbine_type="V126/3300", hub_height_m=117,
                        roughness_length_m=0.1, availability=1.0)
    cols = pd.MultiIndex.from_tuples([("wind_speed", 10), ("temperature", 2),
                                      ("pressure", 0), ("roughness_length", 0)])
    wpl = pd.DataFrame(np.column_stack([
        weather["wind_speed"], weather["temp_air"] + 273.15, weather["pressure"],
        np.full(len(weather), 0.1)]), index=weather.index, columns=cols)
    turbine = windpowerlib.WindTurbine(turbine_type="V126/3300", hub_height=117)
    chain = windpowerlib.ModelChain(turbine, density_correction=True).run_model(wpl)
    np.testing.assert_allclose(ours.to_numpy(), chain.power_output.to_numpy() / 1000,
                               rtol=1e-9, atol=1e-9)
    assert ours.attrs["turbine_rated_kw"] == 3300.0


def test_density_correction_at_altitude(tmy3):
    """Moving the same wind to 4,300 m lowers the yield by roughly a third."""
    weather, _ = tmy3
    high = weather.assign(pressure=pvlib.atmosphere.alt2pres(4300.0),
                          temp_air=weather["temp_air"] - 4300 * 0.0065)
    kwargs = {"turbine_type": "E-126/4200", "hub_height_m": 135, "availability": 1.0}
    sea = wind_profile(weather.assign(pressure=101_325.0), **kwargs).sum()
    alt = wind_profile(high, **kwargs).sum()
    rho_ratio = (pvlib.atmosphere.alt2pres(4300.0) / 101_325.0) * (288.15 / (288.15 - 28))
    assert rho_ratio == pytest.approx(0.66, abs=0.02)
    assert 0.55 < alt / sea < 0.85


def test_user_power_curve_equals_library_curve(tmy3):
    weather, _ = tmy3
    curve = windpowerlib.WindTurbine(turbine_type="V126/3300", hub_height=117).power_curve
    user = pd.DataFrame({"wind_speed": curve["wind_speed"], "power_kw": curve["value"] / 1000})
    a = wind_profile(weather, turbine_type="V126/3300", hub_height_m=117)
    b = wind_profile(weather, power_curve=user, hub_height_m=117)
    np.testing.assert_allclose(a.to_numpy(), b.to_numpy())
    half = wind_profile(weather, power_curve=user, hub_height_m=117, availability=0.5,
                        wake_losses=0.2)
    assert half.sum() == pytest.approx(b.sum() * 0.5 * 0.8 / 0.97)


def test_bad_power_curve(tmy3):
    weather, _ = tmy3
    with pytest.raises(InputError, match="strictly increasing"):
        wind_profile(weather, power_curve={3: 0, 2: 100, 12: 2000}, hub_height_m=80)


def test_wind_capacity_factors_match_reference(shared):
    key, weather, _ = shared
    wind = wind_profile(weather, turbine_type="V126/3300", hub_height_m=117, availability=1.0)
    assert wind.mean() / 3300 == pytest.approx(REFERENCE[key][2], abs=0.02)


# --------------------------------------------------------------------------- genset
def _flat_weather(temp_c: float, pressure_pa: float, n: int = 24) -> pd.DataFrame:
    idx = pd.date_range("2023-01-01", periods=n, freq="h", tz="UTC")
    return pd.DataFrame({"ghi": 0.0, "dni": 0.0, "dhi": 0.0, "temp_air": temp_c,
                         "wind_speed": 3.0, "pressure": pressure_pa}, index=idx)


SEA = Site(latitude_deg=-23.6, longitude_deg=-70.4, altitude_m=0.0, tz="Etc/GMT+4")
HIGH = Site(latitude_deg=-20.97, longitude_deg=-68.70, altitude_m=4400.0, tz="Etc/GMT+4")


def test_genset_full_capacity_at_reference_conditions():
    for rule in ("iso3046", "linear"):
        factor = genset_derating(_flat_weather(20.0, 101_325.0), SEA, rule=rule)
        assert (factor == 1.0).all() and factor.dtype == "float64"


def test_genset_derates_at_altitude_and_heat():
    p_high = pvlib.atmosphere.alt2pres(4400.0)
    iso = genset_derating(_flat_weather(5.0, p_high), HIGH, rule="iso3046").iloc[0]
    assert 0.6 < iso < 0.8
    linear = genset_derating(_flat_weather(35.0, p_high), HIGH, rule="linear").iloc[0]
    assert linear == pytest.approx(1 - 0.03 * 3400 / 300 - 0.01 * 10 / 5)
    hot = genset_derating(_flat_weather(45.0, 101_325.0), SEA, rule="iso3046").iloc[0]
    assert 0.85 < hot < 1.0


def test_genset_derating_real_site(shared):
    key, weather, site = shared
    factor = genset_derating(weather, site, rule="iso3046")
    assert ((factor > 0) & (factor <= 1)).all()
    if key == "arequipa":
        assert 0.78 < factor.mean() < 0.88


def test_genset_table_interpolates_and_warns_outside():
    table = pd.DataFrame([[1.0, 0.95], [0.8, 0.7]], index=[0.0, 4000.0], columns=[20.0, 40.0])
    site = Site(latitude_deg=-22, longitude_deg=-69, altitude_m=2000.0, tz="Etc/GMT+4")
    factor = genset_derating(_flat_weather(30.0, 80_000.0), site, table=table)
    assert factor.iloc[0] == pytest.approx(((1.0 + 0.8) / 2 + (0.95 + 0.7) / 2) / 2)
    with pytest.warns(MinegridWarning, match="clamped"):
        genset_derating(_flat_weather(50.0, 80_000.0), site, table=table)


def test_genset_unknown_rule():
    with pytest.raises(InputError, match="rule"):
        genset_derating(_flat_weather(20.0, 101_325.0), SEA, rule="sae_j1349")


def test_wind_profile_leaves_logging_unconfigured():
    # windpowerlib's module-level logging.debug() would otherwise call basicConfig()
    import subprocess
    import sys

    code = ("import logging, minegrid as mg\n"
            "s = mg.Site(latitude_deg=-23, longitude_deg=-69, altitude_m=3000, tz='Etc/GMT+4')\n"
            "w = mg.synthetic_weather(s, seed=1)\n"
            "mg.wind_profile(w, turbine_type='E-82/2300', hub_height_m=78)\n"
            "print(len(logging.getLogger().handlers))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "0", out.stderr


def test_pv_dc_output_is_the_array_before_the_inverter():
    """output="dc" (PV on a converter's DC bus) is the DC array output: above the AC output
    by the inverter's losses, never clipped at the inverter rating, zero at night."""
    import minegrid as mg

    site = mg.Site(latitude_deg=-22.9, longitude_deg=-68.2, altitude_m=2400.0, tz="Etc/GMT+4")
    weather = mg.synthetic_weather(site, year=2023, seed=1)
    ac = mg.pv_profile(weather, site, dc_ac_ratio=1.3)
    dc = mg.pv_profile(weather, site, dc_ac_ratio=1.3, output="dc")
    assert dc.name == "pv_dc_kw_per_kwp"
    day = ac > 0.05
    assert (dc[day] > ac[day]).all()
    assert dc.max() > 1 / 1.3  # not clipped
    assert (dc[weather["ghi"] <= 0] == 0).all()
    with pytest.raises(mg.InputError, match="output"):
        mg.pv_profile(weather, site, output="both")
