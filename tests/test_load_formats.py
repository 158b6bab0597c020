"""Loads as HOMER users have them: bare columns of a year's values, and meter exports.

Small files are written to ``tmp_path``; every case checks the index, the values and that
energy is conserved, and every bad file ends in an InputError naming the line or value and
the fix.
"""

from __future__ import annotations

import textwrap
import warnings

import numpy as np
import pandas as pd
import pytest

import minegrid as mg
from minegrid.errors import InputError, MinegridWarning
from minegrid.load import files
from minegrid.weather.frame import DEFAULT_YEAR


def _year_kw(n=8760, seed=0):
    """A plausible year of hourly mine load, rounded to what a text file holds. [kW]"""
    rng = np.random.default_rng(seed)
    hour = np.arange(n)
    kw = 4000.0 + 600.0 * np.sin(2 * np.pi * hour / 24) + 200.0 * rng.random(n)
    return np.round(kw, 3)


def _write(path, lines, newline="\n", bom=False):
    text = newline.join(lines) + newline
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


# --------------------------------------------------------------------------- bare columns


@pytest.mark.parametrize("name", ["load.txt", "load.csv", "load.dmd"])
@pytest.mark.parametrize("header", [None, "kW", "Load [kW]", "Electric load, kW"])
def test_bare_hourly_column_with_or_without_header(tmp_path, name, header):
    kw = _year_kw()
    path = _write(tmp_path / name, ([header] if header else []) + [f"{v:.3f}" for v in kw])
    load = mg.read_load(path, year=2025)
    assert load.name == "load_kw" and load.dtype == np.float64
    assert load.index[0] == pd.Timestamp("2025-01-01 00:00")
    assert load.index[-1] == pd.Timestamp("2025-12-31 23:00") and len(load) == 8760
    np.testing.assert_array_equal(load.to_numpy(), kw)


def test_bare_column_windows_line_ends_bom_and_trailing_blank_lines(tmp_path):
    kw = _year_kw()
    path = _write(tmp_path / "excel.csv", ["Load (kW)"] + [f"{v:.3f}" for v in kw] + ["", ""],
                  newline="\r\n", bom=True)
    np.testing.assert_array_equal(mg.read_load(path, year=2023).to_numpy(), kw)


def test_bare_column_without_dates_gets_the_typical_year_and_a_warning(tmp_path):
    path = _write(tmp_path / "homer.txt", [f"{v:.3f}" for v in _year_kw()])
    with pytest.warns(MinegridWarning, match="without dates; dated from 2023-01-01 00:00"):
        load = mg.read_load(path)
    assert files.BARE_YEAR == DEFAULT_YEAR == load.index[0].year  # pairs with typical weather
    leap = _write(tmp_path / "leap.txt", [f"{v:.3f}" for v in _year_kw(8784)])
    with pytest.warns(MinegridWarning, match="dated from 2024-01-01"):
        load = mg.read_load(leap)
    assert load.index[-1] == pd.Timestamp("2024-12-31 23:00")


def test_start_dates_the_first_value_and_tz_localises(tmp_path):
    path = _write(tmp_path / "homer.txt", [f"{v:.3f}" for v in _year_kw()])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # start= is a choice: nothing to warn about
        load = mg.read_load(path, start="2024-07-01 00:00", tz="Etc/GMT+4")
    assert load.index[0] == pd.Timestamp("2024-07-01 00:00", tz="Etc/GMT+4")
    assert load.index[-1] == pd.Timestamp("2025-06-30 23:00", tz="Etc/GMT+4")
    aware = mg.read_load(path, start=pd.Timestamp("2025-01-01", tz="UTC"), tz="Etc/GMT+4")
    assert aware.index[0] == pd.Timestamp("2024-12-31 20:00", tz="Etc/GMT+4")


def test_year_moves_a_bare_column_with_leap_days_warned(tmp_path):
    kw = _year_kw()
    path = _write(tmp_path / "homer.txt", [f"{v:.3f}" for v in kw])
    with pytest.warns(MinegridWarning, match="copy of 28 February"):
        leap = mg.read_load(path, year=2024)
    assert len(leap) == 8784
    feb28 = leap["2024-02-28"].to_numpy()
    np.testing.assert_array_equal(leap["2024-02-29"].to_numpy(), feb28)


@pytest.mark.parametrize(("kwargs", "words"), [
    (dict(start="2025-01-01", year=2025), ["start", "year", "not both"]),
    (dict(start="the first of May"), ["start", "'the first of May'", "timestamp"]),
])
def test_bad_dating_options(tmp_path, kwargs, words):
    path = _write(tmp_path / "homer.txt", [f"{v:.3f}" for v in _year_kw()])
    with pytest.raises(InputError) as info:
        mg.read_load(path, **kwargs)
    for word in [*words, "Fix:"]:
        assert word in str(info.value)


@pytest.mark.parametrize(("per_hour", "unit_header", "factor"),
                         [(4, "kW", 1.0), (4, "kWh", 4.0), (2, "MW", 1e3), (60, "kW", 1.0)])
def test_sub_hourly_bare_columns_take_their_step_from_their_length(tmp_path, per_hour,
                                                                   unit_header, factor):
    rng = np.random.default_rng(per_hour)
    kw = np.round(1000.0 + 500.0 * rng.random(8760 * per_hour), 2)
    raw = kw / factor  # what the file holds: kW, kWh per interval or MW
    path = _write(tmp_path / "q.txt", [unit_header] + [repr(float(v)) for v in raw])
    hourly = mg.read_load(path, year=2023)
    assert len(hourly) == 8760
    assert (np.diff(hourly.index) == pd.Timedelta(hours=1)).all()
    # energy-conserving resampling (cumulative energy: round-off about 1e-11)
    np.testing.assert_allclose(hourly.to_numpy(), kw.reshape(-1, per_hour).mean(axis=1),
                               rtol=1e-9)
    assert hourly.sum() == pytest.approx(kw.sum() / per_hour, rel=1e-12)  # kWh conserved
    native = mg.read_load(path, year=2023, dt_h=1 / per_hour)
    np.testing.assert_allclose(native.to_numpy(), kw, rtol=1e-12)
    assert native.index[1] - native.index[0] == pd.Timedelta(minutes=60 // per_hour)


def test_numbered_rows_and_arrays_are_bare_columns(tmp_path):
    kw = _year_kw()
    path = _write(tmp_path / "hours.csv", ["hour,kW"] + [f"{i + 1},{v:.3f}"
                                                          for i, v in enumerate(kw)])
    np.testing.assert_array_equal(mg.read_load(path, year=2023).to_numpy(), kw)
    from_array = mg.read_load(kw, year=2023)
    from_series = mg.read_load(pd.Series(kw), year=2023)
    pd.testing.assert_series_equal(from_array, from_series)
    np.testing.assert_array_equal(from_array.to_numpy(), kw)


# --------------------------------------------------------------------------- bad bare columns


@pytest.mark.parametrize(("n", "words"), [
    (8759, ["8,759 values", "1 fewer than 8,760"]),
    (8761, ["8,761 values", "1 more than 8,760", "total or second header"]),
    (100, ["100 values"]),
    (8760 * 7, ["61,320 values"]),  # 7 values an hour: not a step dividing an hour
])
def test_bare_column_of_the_wrong_length(tmp_path, n, words):
    path = _write(tmp_path / "short.txt", ["kW"] + ["500.0"] * n)
    with pytest.raises(InputError) as info:
        mg.read_load(path, year=2023)
    msg = str(info.value)
    for word in [*words, "short.txt", "8,784", "Fix:"]:
        assert word in msg, msg


def test_bare_series_of_the_wrong_length_names_the_datetimeindex_fix():
    with pytest.raises(InputError, match="DatetimeIndex"):
        mg.read_load(pd.Series([1.0, 2.0, 3.0]))
    with pytest.raises(InputError, match="must be a DatetimeIndex"):
        mg.read_load(pd.Series(1.0, index=[f"2025-01-01 0{h}:00" for h in range(4)]))


def test_a_frame_with_a_timestamp_column_is_never_dated_by_position():
    stamps = pd.date_range("2025-06-01", periods=8760, freq="h").strftime("%Y-%m-%d %H:%M")
    frame = pd.DataFrame({"time": stamps, "kw": 100.0})
    with pytest.raises(InputError, match="time_column="):
        mg.read_load(frame, year=2025)
    assert mg.read_load(frame, time_column="time").index[0] == pd.Timestamp("2025-06-01")


def test_text_in_a_bare_column_names_the_line_and_the_value(tmp_path):
    lines = ["Load [kW]"] + ["500.0"] * 8760
    lines[42] = "n/d"
    with pytest.raises(InputError) as info:
        mg.read_load(_write(tmp_path / "t.txt", lines), year=2023)
    msg = str(info.value)
    assert "t.txt line 43" in msg and "'n/d'" in msg and "Fix:" in msg


def test_decimal_commas_are_refused_with_the_fix(tmp_path):
    with pytest.raises(InputError, match="decimal point"):
        mg.read_load(_write(tmp_path / "dc.txt", ["1234,5"] * 8760), year=2023)
    with pytest.raises(InputError, match="decimal point"):
        mg.read_load(_write(tmp_path / "dc2.txt", ["kW"] + ['"1234,5"'] * 8760), year=2023)


def test_negative_and_missing_values_name_the_line(tmp_path):
    lines = ["kW"] + ["500.0"] * 8760
    lines[11] = "-30.0"
    path = _write(tmp_path / "neg.txt", lines)
    with pytest.raises(InputError) as info:
        mg.read_load(path, year=2023)
    msg = str(info.value)
    assert "negative" in msg and "-30.0" in msg and "line 12 of neg.txt" in msg
    assert "repair='interpolate'" in msg
    with pytest.warns(MinegridWarning, match="negative"):
        repaired = mg.read_load(path, year=2023, repair="interpolate")
    assert repaired.iloc[10] == 500.0
    lines[11] = ""  # a blank line is a missing value, never skipped
    with pytest.raises(InputError, match=r"missing .* line 12 of blank.txt"):
        mg.read_load(_write(tmp_path / "blank.txt", lines), year=2023)


def test_start_is_refused_for_timestamped_data(tmp_path):
    idx = pd.date_range("2025-01-01", periods=8760, freq="h")
    path = _write(tmp_path / "m.csv", ["time,kW"] + [f"{t:%Y-%m-%d %H:%M},5" for t in idx])
    with pytest.raises(InputError, match="start.*only to a bare column"):
        mg.read_load(path, start="2025-01-01")


# --------------------------------------------------------------------------- meter exports


def _meter_lines(step_min, days, sep, header, value, stamp="%Y-%m-%d %H:%M", end=False):
    idx = pd.date_range("2025-03-01", periods=days * 1440 // step_min, freq=f"{step_min}min")
    rng = np.random.default_rng(step_min)
    kw = np.round(800.0 + 400.0 * rng.random(len(idx)), 3)
    stamps = idx + pd.Timedelta(minutes=step_min) if end else idx
    body = [f"{t.strftime(stamp)}{sep}{value(v)}" for t, v in zip(stamps, kw, strict=True)]
    return ([header] if header else []) + body, kw


@pytest.mark.parametrize(("sep", "header", "unit", "to_file"), [
    (",", "time,P [kW]", None, lambda kw: f"{kw:.3f}"),
    (";", "Zeitstempel;Energie [kWh]", None, lambda kw: f"{kw / 4:.6f}"),
    ("\t", "time\tdemand", "kW", lambda kw: f"{kw:.3f}"),
    (",", None, "kWh", lambda kw: f"{kw / 4:.6f}"),
])
def test_15_minute_meter_exports_resampled_with_energy_conserved(tmp_path, sep, header, unit,
                                                                 to_file):
    lines, kw = _meter_lines(15, 2, sep, header, to_file)
    path = _write(tmp_path / "meter.csv", lines)
    with pytest.warns(MinegridWarning, match="less than a year"):
        load = mg.read_load(path, unit=unit, partial_year=True)
    assert len(load) == 48 and load.index[0] == pd.Timestamp("2025-03-01 00:00")
    np.testing.assert_allclose(load.to_numpy(), kw.reshape(-1, 4).mean(axis=1), rtol=1e-6)
    assert load.sum() == pytest.approx(kw.sum() / 4, rel=1e-6)  # kWh conserved


def test_one_minute_export_with_date_and_time_columns_and_end_labels(tmp_path):
    lines, kw = _meter_lines(1, 1, "X", None, lambda v: f"{v:.3f}", end=True)
    three = [line.replace(" ", ",").replace("X", ",") for line in lines]  # date,time,kW
    path = _write(tmp_path / "one_minute.csv", ["Date,Time,kW"] + three)
    with pytest.warns(MinegridWarning, match="less than a year"):
        load = mg.read_load(path, label="end", partial_year=True, dt_h=0.25)
    assert len(load) == 96 and load.index[0] == pd.Timestamp("2025-03-01 00:00")
    np.testing.assert_allclose(load.to_numpy(), kw.reshape(-1, 15).mean(axis=1), rtol=1e-9)
    spaced = _write(tmp_path / "spaced.txt", [line.replace("X", "  ") for line in lines])
    with pytest.warns(MinegridWarning, match="less than a year"):
        again = mg.read_load(spaced, label="end", partial_year=True, dt_h=0.25)
    pd.testing.assert_series_equal(load, again)


def test_trailing_separators_from_a_spreadsheet_are_ignored(tmp_path):
    lines, kw = _meter_lines(15, 1, ";", "time;kW", lambda v: f"{v:.3f};;")
    with pytest.warns(MinegridWarning, match="less than a year"):
        load = mg.read_load(_write(tmp_path / "sheet.csv", [lines[0] + ";;", *lines[1:]]),
                            partial_year=True)
    np.testing.assert_allclose(load.to_numpy(), kw.reshape(-1, 4).mean(axis=1), rtol=1e-9)


def test_unit_from_the_column_name_and_contradictions(tmp_path):
    lines, kw = _meter_lines(15, 1, ",", "time,energy_kwh", lambda v: f"{v / 4:.6f}")
    path = _write(tmp_path / "e.csv", lines)
    with pytest.raises(InputError) as info:
        mg.read_load(path, unit="kW", partial_year=True)
    msg = str(info.value)
    assert "'energy_kwh'" in msg and "unit='kWh'" in msg and "Fix:" in msg
    with pytest.warns(MinegridWarning):
        np.testing.assert_allclose(mg.read_load(path, partial_year=True).to_numpy(),
                                   kw.reshape(-1, 4).mean(axis=1), rtol=1e-6)
    both = _write(tmp_path / "b.csv", ["time,kW (kWh)"] + lines[1:])
    with pytest.raises(InputError, match="several units"):
        mg.read_load(both, partial_year=True)
    with pytest.warns(MinegridWarning):
        mg.read_load(both, unit="kWh", partial_year=True)  # the unit given decides
    assert files.unit_in_name("P") is None and files.unit_in_name("load_kw") == "kW"


def test_numbers_where_timestamps_should_be(tmp_path):
    path = _write(tmp_path / "n.csv", ["a,b"] + [f"{1000 + 7 * i},{i}" for i in range(30)])
    with pytest.raises(InputError, match="holds numbers, not timestamps"):
        mg.read_load(path, partial_year=True)


def test_data_lines_longer_than_the_header(tmp_path):
    path = _write(tmp_path / "x.csv", ["time,kW", "2025-01-01 00:00,1,2", "2025-01-01 01:00,1,2"])
    with pytest.raises(InputError, match="more fields than its header"):
        mg.read_load(path, partial_year=True)


# --------------------------------------------------------------------------- pairing


def test_a_dated_bare_column_pairs_with_weather_by_instant(tmp_path):
    kw = _year_kw()
    path = _write(tmp_path / "homer.txt", [f"{v:.3f}" for v in kw])
    zone = "Etc/GMT+4"
    weather_index = pd.date_range("2023-01-01", periods=8760, freq="h", tz=zone, name="time")
    pv = pd.Series(np.clip(np.sin(2 * np.pi * (weather_index.hour - 6) / 24), 0, None),
                   index=weather_index)
    load = mg.read_load(path, tz=zone, year=2023)
    profiles = mg.Profiles(load_kw=load, pv_kw_per_kw=pv)
    np.testing.assert_array_equal(profiles.pv_kw_per_kw, pv.to_numpy())
    with pytest.raises(InputError, match="tz="):  # naive beside aware: never by position
        mg.Profiles(load_kw=mg.read_load(path, year=2023), pv_kw_per_kw=pv)
    other = mg.read_load(path, tz=zone, year=2025)
    with pytest.raises(InputError, match="typical_year"):
        mg.Profiles(load_kw=other, pv_kw_per_kw=pv)
    reused = mg.Profiles(load_kw=other, pv_kw_per_kw=pv, align="typical_year")
    np.testing.assert_array_equal(reused.pv_kw_per_kw, pv.to_numpy())


def test_scenario_file_reads_a_homer_column(tmp_path):
    kw = _year_kw()
    _write(tmp_path / "homer_load.txt", ["kW"] + [f"{v:.3f}" for v in kw])
    (tmp_path / "s.toml").write_text(textwrap.dedent("""\
        [study]
        name = "homer"
        year = 2023

        [site]
        latitude_deg = -20.0
        longitude_deg = -69.0
        altitude_m = 3000.0
        tz = "Etc/GMT+4"

        [weather]
        source = "synthetic"
        seed = 1

        [load]
        source = "file"
        path = "homer_load.txt"
        start = "2023-01-01 00:00"

        [genset]
        unit_rated_kw = 1000.0
        n_units = 6
    """))
    built = mg.load_scenario(tmp_path / "s.toml").build()
    np.testing.assert_allclose(np.asarray(built.load_kw), kw)
