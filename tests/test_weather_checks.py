"""Issue 14: the site checked against the weather file, a full year, irradiance against the sun.

Each test is a finding of the issue that ran silently before: a km slip or a
wrong-sign latitude against the file's header, a time zone guessed from the
longitude, an EPW cut to 100 hours scaled up to a year, irradiance in kWh/m2
in W/m2 columns, timestamps in the wrong zone.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pvlib
import pytest

from conftest import SHARED_FILES
from minegrid.errors import InputError, MinegridWarning
from minegrid.weather import Site, read_weather

TMY3 = Path(pvlib.__file__).parent / "data" / "723170TYA.CSV"  # Greensboro NC, 273 m, UTC-5


@pytest.fixture(scope="module")
def tmy3():
    return read_weather(TMY3)


def _site(file_site: Site, **changes) -> Site:
    fields = {"latitude_deg": file_site.latitude_deg, "longitude_deg": file_site.longitude_deg,
              "altitude_m": file_site.altitude_m, "tz": file_site.tz}
    fields.update(changes)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MinegridWarning)  # the terrain check of Site itself
        return Site(**fields)


# --------------------------------------------------------------------------- site vs header
def test_km_slip_in_altitude_is_refused(shared_weather):
    path = shared_weather / SHARED_FILES["arequipa"]
    file_site = read_weather(path).site
    with pytest.raises(InputError, match=r"altitude_m = 2.52 m .*kilometres.*2,520 m"):
        read_weather(path, site=_site(file_site, altitude_m=2.52))


def test_wrong_sign_latitude_is_refused(tmy3):
    _, file_site = tmy3
    with pytest.raises(InputError, match="wrong sign"):
        read_weather(TMY3, site=_site(file_site, latitude_deg=-file_site.latitude_deg))


def test_other_time_zone_is_refused_and_missing_tz_taken_from_file(tmy3):
    weather, file_site = tmy3
    with pytest.raises(InputError, match=r"Site.tz = 'Etc/GMT\+4'.*tz='Etc/GMT\+5'"):
        read_weather(TMY3, site=_site(file_site, tz="Etc/GMT+4"))
    read, site = read_weather(TMY3, site=_site(file_site, tz=None))
    assert site.tz == "Etc/GMT+5"
    pd.testing.assert_frame_equal(read, weather)
    # on purpose: another zone, with the check off
    read, site = read_weather(TMY3, site=_site(file_site, tz="Etc/GMT+4"), check_site=False)
    assert str(read.index.tz) == "Etc/GMT+4" and len(read) == 8760


def test_nearby_site_within_tolerance_is_accepted(tmy3):
    _, file_site = tmy3
    near = _site(file_site, latitude_deg=file_site.latitude_deg + 0.2,
                 altitude_m=file_site.altitude_m + 200)
    _, site = read_weather(TMY3, site=near)
    assert site is near


def test_site_altitude_far_from_terrain_warns_with_the_slip():
    with pytest.warns(MinegridWarning, match=r"kilometres: give 4,200 m"):
        Site(latitude_deg=-26.95, longitude_deg=-69.25, altitude_m=4.2, tz="Etc/GMT+4")
    with pytest.warns(MinegridWarning, match=r"latitude may have the wrong sign"):
        Site(latitude_deg=26.95, longitude_deg=-69.25, altitude_m=4200.0, tz="Etc/GMT+4")


def test_shared_file_with_the_wrong_hemisphere(shared_weather):
    path = shared_weather / SHARED_FILES["arequipa"]
    north = _site(read_weather(path).site, latitude_deg=16.32)  # Arequipa is at 16.32 S
    with pytest.raises(InputError, match="latitude has the wrong sign"):
        read_weather(path, site=north)


# --------------------------------------------------------------------------- coverage
def _cut_epw(src: Path, dest: Path, hours: int) -> Path:
    lines = src.read_text().splitlines(keepends=True)
    dest.write_text("".join(lines[:8 + hours]))
    return dest


def test_epw_cut_to_100_hours_is_an_error_unless_scaling_is_asked(shared_weather, tmp_path):
    path = _cut_epw(shared_weather / SHARED_FILES["arequipa"], tmp_path / "short.epw", 100)
    with pytest.raises(InputError, match=r"covers 100 h .*less than a year.*partial_year=True"):
        read_weather(path)
    with pytest.warns(MinegridWarning, match="scale it by 87.60"):
        weather, _ = read_weather(path, partial_year=True)
    assert len(weather) == 100


def test_generic_csv_shorter_than_a_year(tmy3, tmp_path):
    weather, site = tmy3
    path = tmp_path / "week.csv"
    weather.iloc[:24 * 7].to_csv(path, index_label="timestamp")
    with pytest.raises(InputError, match="less than a year"):
        read_weather(path, format="csv", site=site)


# --------------------------------------------------------------------------- irradiance units
def test_irradiance_in_kwh_per_m2_is_caught_and_the_unit_fixes_it(tmy3, tmp_path):
    weather, site = tmy3
    out = weather.copy()
    for col in ("ghi", "dni", "dhi"):
        out[col] = out[col] / 1000.0  # kWh/m2 per hour, in the W/m2 columns
    path = tmp_path / "kwh.csv"
    out.to_csv(path, index_label="timestamp")
    with pytest.raises(InputError, match=r"\['ghi'\].*W/m2.*multiply by 1000"):
        read_weather(path, format="csv", site=site)
    back, _ = read_weather(path, format="csv", site=site,
                           units={c: "kWh/m2" for c in ("ghi", "dni", "dhi")})
    np.testing.assert_allclose(back["ghi"].to_numpy(), weather["ghi"].to_numpy())


def test_timestamps_in_utc_declared_local_are_caught(tmy3, tmp_path):
    weather, site = tmy3
    out = weather.copy()
    out.index = out.index.tz_convert("UTC").tz_localize(None)  # UTC clock, no zone
    path = tmp_path / "utc.csv"
    out.to_csv(path, index_label="timestamp")
    with pytest.raises(InputError, match=r"extraterrestrial.*shifted by -5 h"):
        read_weather(path, format="csv", site=site)  # naive stamps taken as UTC-5


def test_the_four_real_files_pass_the_sun_check(shared_weather):
    for name in SHARED_FILES.values():
        weather, site = read_weather(shared_weather / name)
        assert len(weather) == 8760, name
