"""Tests of minegrid.weather: Site, read_weather and the standard weather frame."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pvlib
import pytest

from conftest import SHARED_FILES
from minegrid.errors import InputError, MinegridWarning
from minegrid.weather import (
    REQUIRED_COLUMNS,
    Site,
    interval_midpoints,
    read_weather,
    standard_tz,
    validate_weather,
)

PVLIB_DATA = Path(pvlib.__file__).parent / "data"
TMY3 = PVLIB_DATA / "723170TYA.CSV"
TMY3_ALASKA = PVLIB_DATA / "703165TY.csv"
TMY2 = PVLIB_DATA / "12839.tm2"


@pytest.fixture(scope="module", params=sorted(SHARED_FILES))
def shared_file(request, shared_weather) -> tuple[str, Path]:
    return request.param, shared_weather / SHARED_FILES[request.param]


# --------------------------------------------------------------------------- Site
def test_site_validates_latitude():
    with pytest.raises(InputError, match=r"latitude_deg = 95"):
        Site(latitude_deg=95, longitude_deg=-70, altitude_m=100, tz="Etc/GMT+4")


def test_site_rejects_dst_zone_and_names_the_fix():
    with pytest.raises(InputError, match=r"Etc/GMT\+4"):
        Site(latitude_deg=-33.4, longitude_deg=-70.6, altitude_m=500, tz="America/Santiago")


def test_site_rejects_unknown_zone():
    with pytest.raises(InputError, match="not a known time zone"):
        Site(latitude_deg=-33.4, longitude_deg=-70.6, altitude_m=500, tz="Mars/Olympus")


def test_site_defaults_altitude_offline_and_never_guesses_tz():
    """Issue 14: no time zone from the longitude (solar time is not legal time)."""
    site = Site(latitude_deg=-20.97, longitude_deg=-68.70)  # Collahuasi, ~4,400 m
    assert 3000.0 < site.altitude_m < 5200.0
    assert site.tz is None  # it used to guess Etc/GMT+5 for Chile (UTC-4)
    with pytest.raises(InputError, match=r"Site.tz = None is required.*Etc/GMT\+4"):
        _ = site.location
    with pytest.raises(InputError, match="Site.tz"):
        _ = site.utc_offset_h
    site = Site(latitude_deg=-20.97, longitude_deg=-68.70, tz="Etc/GMT+4")
    loc = site.location
    assert isinstance(loc, pvlib.location.Location)
    assert loc.altitude == site.altitude_m and site.utc_offset_h == -4.0


def test_site_accepts_iana_zone_without_dst():
    assert Site(latitude_deg=-12, longitude_deg=-77, altitude_m=10, tz="America/Lima").tz


def test_standard_tz():
    assert standard_tz(-4) == "Etc/GMT+4"
    assert standard_tz(5) == "Etc/GMT-5"
    with pytest.raises(InputError):
        standard_tz(5.5)


# --------------------------------------------------------------------------- bundled US files
def _assert_standard(frame: pd.DataFrame, n: int = 8760) -> None:
    validate_weather(frame)
    assert list(frame.columns[:6]) == list(REQUIRED_COLUMNS)
    assert all(frame.dtypes == "float64")
    assert len(frame) == n
    assert frame.index.is_monotonic_increasing
    assert frame.index[0].year == frame.index[-1].year == 2023


def test_tmy3_matches_pvlib_with_end_labels_shifted():
    weather, site = read_weather(TMY3)
    _assert_standard(weather)
    raw, meta = pvlib.iotools.read_tmy3(TMY3, coerce_year=2023)
    assert weather.index[0] == pd.Timestamp("2023-01-01 00:00", tz="Etc/GMT+5")
    assert weather.index[-1] == pd.Timestamp("2023-12-31 23:00", tz="Etc/GMT+5")
    # the hour ending 01:00 is the interval starting 00:00
    np.testing.assert_allclose(weather["ghi"].to_numpy(), raw["ghi"].to_numpy())
    np.testing.assert_allclose(weather["pressure"].to_numpy(), raw["pressure"].to_numpy() * 100)
    # the last TMY3 hour (24:00 on 31 Dec -> 1 Jan of next year) wraps to 23:00 on 31 Dec
    assert weather["temp_air"].iloc[-1] == raw["temp_air"].iloc[-1]
    assert site.latitude_deg == meta["latitude"] and site.altitude_m == meta["altitude"]
    assert "albedo" not in weather.columns  # TMY3 -9900 markers: all missing -> dropped


def test_tmy3_keeps_real_albedo():
    weather, _ = read_weather(TMY3_ALASKA)
    assert "albedo" in weather.columns
    assert 0.0 < weather["albedo"].mean() < 1.0


def test_tmy2_units_converted():
    weather, site = read_weather(TMY2)
    _assert_standard(weather)
    raw, _ = pvlib.iotools.read_tmy2(str(TMY2))
    np.testing.assert_allclose(weather["temp_air"].to_numpy(),
                               raw["DryBulb"].astype(float).to_numpy() / 10)
    np.testing.assert_allclose(weather["wind_speed"].to_numpy(),
                               raw["Wspd"].astype(float).to_numpy() / 10)
    assert 99_000 < weather["pressure"].mean() < 103_000
    assert site.name == "Miami"


def test_interval_midpoints():
    idx = pd.date_range("2023-01-01", periods=4, freq="15min", tz="UTC")
    assert (interval_midpoints(idx) - idx == pd.Timedelta("7.5min")).all()


def _noon_offset_min(weather: pd.DataFrame, site: Site) -> float:
    """Irradiance-weighted mean of (interval midpoint - solar noon). [min]"""
    mid = interval_midpoints(weather.index)
    transit = pvlib.solarposition.sun_rise_set_transit_spa(
        mid.normalize() + pd.Timedelta("12h"), site.latitude_deg, site.longitude_deg)
    delta = (mid - pd.DatetimeIndex(transit["transit"])).total_seconds() / 60.0
    ghi = weather["ghi"].to_numpy()
    return float(np.sum(ghi * delta) / np.sum(ghi))


def test_tmy3_timestamps_centre_on_solar_noon():
    weather, site = read_weather(TMY3)
    assert abs(_noon_offset_min(weather, site)) < 12.0


# --------------------------------------------------------------------------- Peru / Chile files
def test_shared_files_read_to_standard_frame(shared_file):
    key, path = shared_file
    weather, site = read_weather(path)
    _assert_standard(weather)
    assert weather.attrs["source_format"] == {
        "arequipa": "epw", "lima": "epw", "antofagasta": "explorador_sam",
        "tarapaca": "nsrdb"}[key]
    # station pressure in Pa matches the altitude (barometric formula within 4 %)
    expected = pvlib.atmosphere.alt2pres(site.altitude_m)
    assert weather["pressure"].mean() == pytest.approx(expected, rel=0.04)
    assert "albedo" not in weather.columns  # IWEC all-zero placeholder dropped
    assert str(weather.index.tz) == site.tz


def test_shared_files_timestamps_centre_on_solar_noon(shared_file):
    """Each reader's shift puts the irradiance-weighted midpoint at solar noon."""
    _, path = shared_file
    weather, site = read_weather(path)
    assert abs(_noon_offset_min(weather, site)) < 12.0


def test_shared_annual_irradiation(shared_file):
    key, path = shared_file
    weather, _ = read_weather(path)
    ghi_kwh = weather["ghi"].sum() / 1000.0
    expected = {"arequipa": 2362, "lima": 1564, "antofagasta": 2689, "tarapaca": 2526}[key]
    assert ghi_kwh == pytest.approx(expected, rel=0.01)


def test_nsrdb_converted_from_utc_midpoints(shared_weather):
    path = shared_weather / SHARED_FILES["tarapaca"]
    weather, site = read_weather(path)
    raw, _ = pvlib.iotools.read_nsrdb_psm4(path)
    assert site.tz == "Etc/GMT+4"
    assert weather.index[0] == pd.Timestamp("2023-01-01 00:00", tz="Etc/GMT+4")
    # UTC 04:30 on 1 Jan (mid of 04:00-05:00 UTC) is the interval starting 00:00 local
    first = raw.loc[raw.index.strftime("%m-%d %H:%M") == "01-01 04:30", "temp_air"]
    assert weather["temp_air"].iloc[0] == first.iloc[0]
    assert 90_000 < weather["pressure"].mean() < 95_000


def test_explorador_sam_rows_start_at_half_hour(shared_weather):
    weather, site = read_weather(shared_weather / SHARED_FILES["antofagasta"])
    assert weather.index[0] == pd.Timestamp("2023-01-01 00:30", tz="Etc/GMT+4")
    assert site.altitude_m == 1635.0
    assert "relative_humidity" not in weather.columns


def test_epw_missing_marker_is_a_gap_then_filled(shared_weather, tmp_path):
    lines = (shared_weather / SHARED_FILES["arequipa"]).read_text().splitlines(keepends=True)
    fields = lines[8 + 12].split(",")  # 13th data row
    fields[6] = "99.9"  # dry-bulb temperature: missing
    lines[8 + 12] = ",".join(fields)
    path = tmp_path / "gap.epw"
    path.write_text("".join(lines))
    with pytest.raises(InputError, match="max_fill_steps"):
        read_weather(path)
    with pytest.warns(MinegridWarning, match="filled 1 missing"):
        weather, _ = read_weather(path, max_fill_steps=2)
    assert weather["temp_air"].iloc[12] < 40.0
    assert any("filled" in note for note in weather.attrs["notes"])


# --------------------------------------------------------------------------- generic CSV
def _write_generic(tmp_path: Path, frame: pd.DataFrame) -> Path:
    path = tmp_path / "station.csv"
    frame.to_csv(path, index_label="timestamp")
    return path


@pytest.fixture(scope="module")
def tmy3_weather():
    return read_weather(TMY3)


def test_generic_csv_roundtrip_with_units_and_end_labels(tmy3_weather, tmp_path):
    weather, site = tmy3_weather
    out = weather.copy()
    out.index = (out.index + pd.Timedelta("1h")).tz_localize(None)  # end labels, naive
    out = out.rename(columns={"ghi": "GHI", "pressure": "P_hPa", "temp_air": "T_K"})
    out["P_hPa"] = out["P_hPa"] / 100
    out["T_K"] = out["T_K"] + 273.15
    path = _write_generic(tmp_path, out)
    back, back_site = read_weather(
        path, format="csv", site=site, columns={"GHI": "ghi", "P_hPa": "pressure",
                                                "T_K": "temp_air"},
        units={"pressure": "hPa", "temp_air": "K"}, label="end")
    assert back_site is site
    pd.testing.assert_frame_equal(back, weather, check_freq=False, atol=1e-9,
                                  check_names=False)


def test_generic_csv_needs_site(tmy3_weather, tmp_path):
    path = _write_generic(tmp_path, tmy3_weather.weather)
    with pytest.raises(InputError, match="site"):
        read_weather(path, format="csv")


def test_missing_column_is_named(tmy3_weather, tmp_path):
    weather, site = tmy3_weather
    path = _write_generic(tmp_path, weather.drop(columns="dni"))
    with pytest.raises(InputError, match=r"lack \['dni'\]"):
        read_weather(path, format="csv", site=site)


def test_pressure_in_wrong_unit_is_caught(tmy3_weather, tmp_path):
    weather, site = tmy3_weather
    out = weather.copy()
    out["pressure"] /= 100.0  # hPa, but declared as Pa (the default)
    path = _write_generic(tmp_path, out)
    with pytest.raises(InputError, match="hPa"):
        read_weather(path, format="csv", site=site)


def test_gap_in_timestamps_raises_then_fills(tmy3_weather, tmp_path):
    weather, site = tmy3_weather
    path = _write_generic(tmp_path, weather.drop(weather.index[100:103]))
    with pytest.raises(InputError, match="longest run 3"):
        read_weather(path, format="csv", site=site)
    with pytest.warns(MinegridWarning, match="linear interpolation"):
        filled, _ = read_weather(path, format="csv", site=site, max_fill_steps=3)
    assert len(filled) == 8760


def test_unknown_format_lists_supported(tmp_path):
    path = tmp_path / "mystery.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(InputError, match="explorador_sam"):
        read_weather(path)
    with pytest.raises(InputError, match="is not one of"):
        read_weather(TMY3, format="meteonorm")


def test_generic_arguments_rejected_for_named_format():
    with pytest.raises(InputError, match="apply only to format='csv'"):
        read_weather(TMY3, units={"pressure": "hPa"})


def test_leap_coerce_year_rejected():
    with pytest.raises(InputError, match="non-leap"):
        read_weather(TMY3, coerce_year=2024)


def test_validate_weather_catches_kelvin_and_naive_index(tmy3_weather):
    weather, _ = tmy3_weather
    hot = weather.assign(temp_air=weather["temp_air"] + 273.15)
    with pytest.raises(InputError, match="kelvin"):
        validate_weather(hot)
    with pytest.raises(InputError, match="tz-aware"):
        validate_weather(weather.tz_localize(None))


# --------------------------------------------------------------------------- Explorador (Spanish)
def test_explorador_spanish_export(tmp_path):
    """A synthetic file in the assumed layout of Explorador Solar's Spanish export."""
    from minegrid.weather import synthetic_weather

    # weather of the header's own site: the reader checks the irradiance against its sun
    weather = synthetic_weather(Site(latitude_deg=-22.92, longitude_deg=-69.91,
                                     altitude_m=1635.0, tz="Etc/GMT+4"), seed=5)
    local = weather.index.tz_convert("Etc/GMT+4") + pd.Timedelta("30min")  # centred labels
    body = pd.DataFrame({
        "Fecha/Hora": local.strftime("%d-%m-%Y %H:%M"),
        "glb (W/m2)": weather["ghi"].to_numpy(), "dir (W/m2)": weather["dni"].to_numpy(),
        "dif (W/m2)": weather["dhi"].to_numpy(), "temp (°C)": weather["temp_air"].to_numpy(),
        "vel (m/s)": weather["wind_speed"].to_numpy(),
    })
    head = ("Explorador Solar - Reporte año típico\nLatitud: -22,92\nLongitud: -69,91\n"
            "Elevación (m): 1635\nHora local UTC-4\n")
    path = tmp_path / "explorador.csv"
    path.write_text(head + body.to_csv(sep=";", decimal=",", index=False), encoding="utf-8")
    read, site = read_weather(path)
    assert read.attrs["source_format"] == "explorador"
    assert site.latitude_deg == -22.92 and site.altitude_m == 1635.0 and site.tz == "Etc/GMT+4"
    assert len(read) == 8760 and read.index[0].minute == 0
    assert read["ghi"].sum() == pytest.approx(weather["ghi"].sum())
    assert read["pressure"].iloc[0] == pytest.approx(pvlib.atmosphere.alt2pres(1635.0))


# --------------------------------------------------------------------------- PVGIS
def test_pvgis_json(tmy3_weather, tmp_path):
    """A PVGIS TMY JSON file built from the TMY3 data (UTC, centred labels)."""
    weather, _ = tmy3_weather
    # label each row one hour after its start: read back as centred, rows start at hh:30
    utc = (weather.index + pd.Timedelta("1h")).tz_convert("UTC")
    utc = pd.DatetimeIndex([t.replace(year=2010) for t in utc])
    rows = [{"time(UTC)": t.strftime("%Y%m%d:%H%M"), "T2m": ta, "RH": 50.0, "G(h)": g,
             "Gb(n)": b, "Gd(h)": d, "IR(h)": 300.0, "WS10m": ws, "WD10m": 180.0, "SP": p}
            for t, ta, g, b, d, ws, p in zip(
                utc, weather["temp_air"], weather["ghi"], weather["dni"], weather["dhi"],
                weather["wind_speed"], weather["pressure"], strict=True)]
    location = {"latitude": 36.1, "longitude": -79.95, "elevation": 273.0}
    doc = {"inputs": {"location": location}, "meta": {"inputs": {}},
           "outputs": {"months_selected": [], "tmy_hourly": rows}}
    path = tmp_path / "pvgis.json"
    path.write_text(json.dumps(doc))
    site = Site(latitude_deg=36.1, longitude_deg=-79.95, altitude_m=273.0, tz="Etc/GMT+5")
    read, _ = read_weather(path, site=site)
    assert read.attrs["source_format"] == "pvgis"
    assert read.index[0] == pd.Timestamp("2023-01-01 00:30", tz="Etc/GMT+5")
    np.testing.assert_allclose(read["ghi"].to_numpy(), weather["ghi"].to_numpy())
    np.testing.assert_allclose(read["pressure"].to_numpy(), weather["pressure"].to_numpy())


def _pvgis_csv(weather: pd.DataFrame, lat: float, lon: float, elev: float) -> str:
    """A PVGIS TMY CSV (layout of PVGIS 5: header, months table, data, legend, footer)."""
    utc = (weather.index + pd.Timedelta("1h")).tz_convert("UTC")
    years = {m: 2010 + m % 7 for m in range(1, 13)}
    utc = pd.DatetimeIndex([t.replace(year=years[t.month]) for t in utc])
    lines = [f"Latitude (decimal degrees): {lat:.3f}", f"Longitude (decimal degrees): {lon:.3f}",
             f"Elevation (m): {elev:.1f}", "month,year"]
    lines += [f"{m},{y}" for m, y in years.items()]
    lines.append("time(UTC),T2m,RH,G(h),Gb(n),Gd(h),IR(h),WS10m,WD10m,SP")
    for t, ta, g, b, d, ws, p in zip(utc, weather["temp_air"], weather["ghi"], weather["dni"],
                                     weather["dhi"], weather["wind_speed"], weather["pressure"],
                                     strict=True):
        lines.append(f"{t:%Y%m%d:%H%M},{ta:.2f},50.0,{g:.2f},{b:.2f},{d:.2f},300.0,{ws:.2f},"
                     f"180.0,{p:.1f}")
    lines += ["", "T2m: 2-m air temperature (degree Celsius)", "RH: relative humidity (%)",
              "G(h): Global irradiance on the horizontal plane (W/m2)",
              "Gb(n): Beam/direct irradiance on a plane always normal to sun rays (W/m2)",
              "Gd(h): Diffuse irradiance on the horizontal plane (W/m2)",
              "IR(h): Surface infrared (thermal) irradiance on a horizontal plane (W/m2)",
              "WS10m: 10-m total wind speed (m/s)", "WD10m: 10-m wind direction (0 = N, 90 = E) "
              "(degree)", "SP: Surface (air) pressure (Pa)", "",
              "PVGIS (c) European Communities, 2001-2020", ""]
    return "\n".join(lines)


def test_pvgis_csv_andean_site(tmp_path):
    """PVGIS TMY CSV at a 4,000 m Andean site: format detected, units, UTC -> local, site."""
    from minegrid.weather import synthetic_weather

    site = Site(latitude_deg=-15.5, longitude_deg=-70.1, altitude_m=3900.0, tz="Etc/GMT+5")
    weather = synthetic_weather(site, seed=3)
    path = tmp_path / "tmy_-15.500_-70.100_2010_2020.csv"
    path.write_text(_pvgis_csv(weather, -15.5, -70.1, 3900.0))
    read, found = read_weather(path, site=site)
    assert read.attrs["source_format"] == "pvgis"
    assert len(read) == 8760
    # values centred on their UTC label become rows starting at hh:30 local standard time
    assert read.index[0] == pd.Timestamp("2023-01-01 00:30", tz="Etc/GMT+5")
    np.testing.assert_allclose(read["ghi"].to_numpy(), weather["ghi"].round(2).to_numpy())
    np.testing.assert_allclose(read["pressure"].to_numpy(), weather["pressure"].round(1))
    assert 55_000 < read["pressure"].mean() < 70_000  # Pa at 3,900 m, not hPa
    read2, site2 = read_weather(path)  # the site comes from the header
    assert (site2.latitude_deg, site2.longitude_deg, site2.altitude_m) == (-15.5, -70.1, 3900.0)
    assert len(read2) == 8760
