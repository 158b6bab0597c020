"""Tests of minegrid.load: reading, checking, resampling and summarising metered loads."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import minegrid
from minegrid.errors import InputError, MinegridWarning
from minegrid.load import LoadStats, align_to, load_stats, read_load, resample_energy, set_year

SHARED = Path(__file__).resolve().parents[2] / "shared"
OUESSANT = SHARED / "data" / "load" / "Ouessant_data_2016.csv"


def _series(values, freq, start="2025-01-01 00:00", tz=None):
    index = pd.date_range(start, periods=len(values), freq=freq, tz=tz)
    return pd.Series(np.asarray(values, dtype=float), index=index, name="P")


def _energy(load: pd.Series, step_h: float) -> float:
    return float(load.sum() * step_h)


# --------------------------------------------------------------------------- resampling


@pytest.mark.parametrize(
    ("in_min", "dt_h"),
    [(1, 1.0), (5, 1.0), (15, 1.0), (10, 1.0), (60, 0.25), (10, 0.25), (7, 0.5), (30, 1 / 12)],
)
def test_resampling_conserves_energy(in_min, dt_h):
    rng = np.random.default_rng(in_min)
    n = 840 // in_min  # 14 h: a whole number of input and target steps
    load = _series(rng.uniform(50.0, 500.0, n), f"{in_min}min")
    out = read_load(load, dt_h=dt_h, spike_factor=None)
    assert out.name == "load_kw"
    assert out.dtype == np.float64
    assert len(out) == round(14 / dt_h)
    assert out.index[0] == load.index[0]
    assert (np.diff(out.index.asi8) == np.diff(out.index.asi8)[0]).all()
    assert _energy(out, dt_h) == pytest.approx(_energy(load, in_min / 60), rel=1e-12)


def test_resampling_hand_computed_10min_to_15min():
    # 10-min steps 1, 2, 3 over 30 min: the first 15 min hold 10 min at 1 and 5 min at 2
    out = resample_energy(_series([1.0, 2.0, 3.0], "10min"), 0.25)
    np.testing.assert_allclose(out.to_numpy(), [(10 * 1 + 5 * 2) / 15, (5 * 2 + 10 * 3) / 15])


def test_upsampling_is_piecewise_constant():
    out = read_load(_series([100.0, 200.0, 150.0], "h"), dt_h=0.25)
    np.testing.assert_allclose(out.to_numpy(), np.repeat([100.0, 200.0, 150.0], 4))


@settings(max_examples=60, deadline=None)
@given(
    in_min=st.sampled_from([1, 2, 3, 5, 6, 7, 10, 12, 15, 20, 30, 60]),
    dt_min=st.sampled_from([5, 10, 15, 30, 60, 120]),
    n_target=st.integers(min_value=1, max_value=30),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
)
def test_resampling_conserves_energy_property(in_min, dt_min, n_target, seed):
    """Whenever input and output cover the same span, their energies are equal."""
    lcm = np.lcm(in_min, dt_min)
    total_min = lcm * max(1, (n_target * dt_min) // lcm)
    values = np.random.default_rng(seed).uniform(0.0, 1000.0, total_min // in_min)
    load = _series(values, f"{in_min}min")
    out = resample_energy(load, dt_min / 60, input_step_h=in_min / 60)
    assert len(out) == total_min // dt_min
    assert _energy(out, dt_min / 60) == pytest.approx(_energy(load, in_min / 60), rel=1e-9)
    assert out.min() >= -1e-9 and out.max() <= values.max() + 1e-9


def test_partial_edges_are_trimmed_with_a_warning():
    load = _series(np.full(15, 60.0), "10min", start="2025-01-01 00:20")  # 00:20 - 02:50
    with pytest.warns(MinegridWarning, match="partial steps"):
        out = read_load(load, dt_h=1.0)
    assert list(out.index.hour) == [1]
    assert out.iloc[0] == pytest.approx(60.0)


# --------------------------------------------------------------------------- real data


@pytest.fixture(scope="module")
def ouessant():
    if not OUESSANT.is_file():
        pytest.skip(f"shared data not available: {OUESSANT}")
    return OUESSANT


def test_ouessant_round_trips(ouessant):
    raw = pd.read_csv(ouessant)
    load = read_load(ouessant, column="Load", time_column="time")
    assert len(load) == 8760
    assert load.index[0] == pd.Timestamp("2016-01-01 00:00")
    assert load.index.tz is None
    assert load.sum() == pytest.approx(raw["Load"].sum(), rel=1e-12)
    np.testing.assert_allclose(load.to_numpy(), raw["Load"].to_numpy())
    # through 15 min and back: identical
    fine = read_load(load, dt_h=0.25)
    assert len(fine) == 4 * 8760
    assert _energy(fine, 0.25) == pytest.approx(load.sum(), rel=1e-12)
    np.testing.assert_allclose(read_load(fine, dt_h=1.0).to_numpy(), load.to_numpy())
    stats = load_stats(load)
    assert stats.mean_kw == pytest.approx(773.4, abs=0.1)
    assert stats.peak_kw == 1707.0 and stats.min_kw == 294.0


def test_ouessant_onto_a_non_leap_weather_year(ouessant):
    load = read_load(ouessant, column="Load")
    index = pd.date_range("2023-01-01", "2023-12-31 23:00", freq="h")
    with pytest.warns(MinegridWarning):  # 29 Feb dropped; 31 Dec filled from 30 Dec
        aligned = align_to(load, index, repair="interpolate")
    assert len(aligned) == 8760 and aligned.index.equals(index)
    assert aligned.notna().all()


# --------------------------------------------------------------------------- sources


def test_reads_csv_path_and_dataframe(tmp_path):
    frame = pd.DataFrame({"stamp": pd.date_range("2025-01-01", periods=8, freq="30min"),
                          "kw": [10.0, 30.0] * 4, "temp": 5.0})
    path = tmp_path / "load.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(InputError, match="less than a year.*partial_year=True"):
        read_load(path, column="kw")  # 4 hours of a file: not a year (issue 14)
    with pytest.warns(MinegridWarning, match="scale it by 2,190"):
        from_csv = read_load(path, column="kw", partial_year=True)
    from_frame = read_load(frame, column="kw", time_column="stamp")
    np.testing.assert_allclose(from_csv.to_numpy(), [20.0] * 4)
    pd.testing.assert_series_equal(from_csv, from_frame)
    with pytest.raises(InputError, match="column"):
        read_load(path, partial_year=True)  # two numeric columns
    with pytest.raises(InputError, match="column"):
        read_load(path, column="nope", partial_year=True)
    with pytest.raises(InputError, match="source"):
        read_load(tmp_path / "missing.csv")


def test_units_and_end_labels():
    load = _series([1.0, 2.0, 3.0, 4.0], "15min")
    np.testing.assert_allclose(read_load(load, unit="MW").to_numpy(), [2500.0])
    # kWh per 15-min interval -> kW: x4
    np.testing.assert_allclose(read_load(load, unit="kWh").to_numpy(), [10.0])
    ends = _series([5.0, 5.0, 5.0, 5.0], "15min", start="2025-01-01 00:15")
    out = read_load(ends, label="end")
    assert out.index[0] == pd.Timestamp("2025-01-01 00:00") and len(out) == 1
    with pytest.raises(InputError, match="unit"):
        read_load(load, unit="amps")


def test_coarser_than_hourly_is_refused():
    daily = _series([1000.0] * 5, "D")
    with pytest.raises(InputError, match="max_input_step_h"):
        read_load(daily)
    out = read_load(daily, max_input_step_h=24.0)
    assert len(out) == 120 and out.sum() == pytest.approx(5 * 1000.0 * 24)


# --------------------------------------------------------------------------- time zones


def test_time_zones():
    naive = _series(np.arange(1.0, 5.0), "h")
    local = read_load(naive, tz="Etc/GMT+4")
    assert str(local.index.tz) == "Etc/GMT+4"
    assert local.index[0] == pd.Timestamp("2025-01-01 00:00", tz="Etc/GMT+4")
    utc = read_load(naive, source_tz="UTC", tz="Etc/GMT+4")
    assert utc.index[0] == pd.Timestamp("2024-12-31 20:00", tz="Etc/GMT+4")
    aware = read_load(naive.tz_localize("UTC"), tz="America/Santiago")
    np.testing.assert_allclose(aware.to_numpy(), naive.to_numpy())
    assert read_load(naive).index.tz is None
    with pytest.raises(InputError, match="source_tz"):
        read_load(naive.tz_localize("UTC"), source_tz="UTC")
    # 2 April 2022, 23:00-24:00 local happened twice in Santiago: ambiguous
    dst = _series(np.ones(6), "h", start="2022-04-02 21:00")
    with pytest.raises(InputError, match="Etc/GMT"):
        read_load(dst, tz="America/Santiago")


# --------------------------------------------------------------------------- bad input


def test_duplicated_timestamps():
    index = pd.date_range("2025-01-01", periods=6, freq="h").tolist()
    index.insert(3, index[2])
    dup = pd.Series([10.0, 10.0, 10.0, 20.0, 10.0, 10.0, 10.0], index=pd.DatetimeIndex(index))
    with pytest.raises(InputError, match="duplicated") as info:
        read_load(dup)
    assert "Fix:" in str(info.value) and "2025-01-01 02:00" in str(info.value)
    with pytest.warns(MinegridWarning, match="duplicated"):
        out = read_load(dup, repair="interpolate", spike_factor=None)
    assert out["2025-01-01 02:00"] == pytest.approx(15.0)


def test_gaps():
    load = _series(np.arange(10.0, 20.0), "h").drop(
        [pd.Timestamp("2025-01-01 03:00"), pd.Timestamp("2025-01-01 04:00")])
    with pytest.raises(InputError, match="gap") as info:
        read_load(load)
    assert "repair='interpolate'" in str(info.value) and "2025-01-01 02:00" in str(info.value)
    with pytest.warns(MinegridWarning, match="missing"):
        out = read_load(load, repair="interpolate")
    np.testing.assert_allclose(out.to_numpy(), np.arange(10.0, 20.0))
    with pytest.raises(InputError, match="max_gap_h"):
        read_load(load, repair="interpolate", max_gap_h=1.0)


def test_missing_values():
    load = _series([10.0, np.nan, 30.0, 40.0], "h")
    with pytest.raises(InputError, match="missing"):
        read_load(load)
    with pytest.warns(MinegridWarning):
        np.testing.assert_allclose(read_load(load, repair="interpolate").to_numpy(),
                                   [10, 20, 30, 40])


def test_negative_power():
    load = _series([10.0, -5.0, 30.0, 40.0], "h")
    with pytest.raises(InputError, match="negative") as info:
        read_load(load)
    assert "-5.0" in str(info.value) and "Fix:" in str(info.value)
    with pytest.warns(MinegridWarning, match="negative"):
        out = read_load(load, repair="interpolate")
    np.testing.assert_allclose(out.to_numpy(), [10, 20, 30, 40])


def test_spikes():
    values = np.full(24, 100.0)
    values[10] = 5000.0
    load = _series(values, "h")
    with pytest.raises(InputError, match="spikes") as info:
        read_load(load)
    assert "spike_factor" in str(info.value)
    assert read_load(load, spike_factor=None).iloc[10] == 5000.0
    with pytest.warns(MinegridWarning, match="spikes"):
        assert read_load(load, repair="interpolate").iloc[10] == pytest.approx(100.0)


def test_bad_arguments():
    load = _series(np.ones(4), "h")
    for kwargs, word in [({"dt_h": 0.0}, "dt_h"), ({"dt_h": 0.35}, "dt_h"),
                         ({"repair": "clip"}, "repair"), ({"label": "middle"}, "label")]:
        with pytest.raises(InputError, match=word):
            read_load(load, **kwargs)
    with pytest.raises(InputError, match="DatetimeIndex"):
        read_load(pd.Series([1.0, 2.0]))
    with pytest.raises(InputError, match="irregular"):
        read_load(pd.Series([1.0, 2.0, 3.0, 4.0], index=pd.to_datetime(
            ["2025-01-01 00:00", "2025-01-01 01:00", "2025-01-01 02:00", "2025-01-01 02:30"])))


# --------------------------------------------------------------------------- calendar


def test_set_year_leap_day_handling():
    leap = _series(np.ones(366 * 24), "h", start="2024-01-01")
    with pytest.warns(MinegridWarning, match="29 February"):
        moved = set_year(leap, 2025)
    assert len(moved) == 8760 and moved.index[0] == pd.Timestamp("2025-01-01")
    plain = _series(np.arange(8760.0), "h", start="2023-01-01")
    with pytest.warns(MinegridWarning, match="copy of 28 February"):
        moved = set_year(plain, 2024)
    assert len(moved) == 8784
    np.testing.assert_allclose(moved["2024-02-29"].to_numpy(), moved["2024-02-28"].to_numpy())
    same = set_year(plain, 2027)
    np.testing.assert_allclose(same.to_numpy(), plain.to_numpy())
    with pytest.warns(MinegridWarning, match="29 February"):
        via_reader = read_load(leap, year=2025)
    assert via_reader.index[-1] == pd.Timestamp("2025-12-31 23:00")


def test_align_to_weather_index():
    load = _series(np.arange(48 * 4.0), "15min", start="2025-03-01")
    index = pd.date_range("2025-03-01", periods=48, freq="h")
    aligned = align_to(load, index)
    assert aligned.index.equals(index)
    assert _energy(aligned, 1.0) == pytest.approx(_energy(load, 0.25))
    longer = pd.date_range("2025-03-01", periods=72, freq="h")
    with pytest.raises(InputError, match="does not cover"):
        align_to(load, longer)
    with pytest.warns(MinegridWarning, match="nearest covered day"):
        filled = align_to(load, longer, repair="interpolate")
    np.testing.assert_allclose(filled.iloc[48:].to_numpy(), filled.iloc[24:48].to_numpy())
    with pytest.raises(InputError, match="naive"):
        align_to(load, index.tz_localize("UTC"))


# --------------------------------------------------------------------------- statistics


def test_load_stats_hand_computed():
    load = _series([0.0, 10.0, 5.0, 5.0], "30min")
    stats = load_stats(load)
    assert isinstance(stats, LoadStats)
    assert stats.dt_h == 0.5 and stats.duration_h == 2.0
    assert stats.mean_kw == 5.0 and stats.peak_kw == 10.0 and stats.min_kw == 0.0
    assert stats.energy_kwh == 10.0
    assert stats.annual_energy_kwh == 5.0 * 8760
    assert stats.load_factor == 0.5
    assert stats.max_ramp_up_kw_per_h == 20.0   # +10 kW in 0.5 h
    assert stats.max_ramp_down_kw_per_h == 10.0  # -5 kW in 0.5 h
    assert stats.largest_motor_step_kw is None
    assert stats.to_dict()["energy_kwh"] == 10.0
    text = repr(stats)
    assert "kW" in text and "kW/h" in text and "MWh/yr" in text


def test_load_stats_arrays_and_motor():
    stats = load_stats([1.0, 1.0, 1.0], dt_h=1.0, largest_motor_kw=250.0)
    assert stats.largest_motor_step_kw == 250.0
    assert stats.max_ramp_up_kw_per_h == 0.0 and stats.max_ramp_down_kw_per_h == 0.0
    flagged = _series([1.0, 2.0], "h")
    flagged.attrs["largest_motor_kw"] = 99.0
    assert load_stats(flagged).largest_motor_step_kw == 99.0
    with pytest.raises(InputError, match="dt_h"):
        load_stats([1.0, 2.0])
    with pytest.raises(InputError, match="finite"):
        load_stats([1.0, np.nan], dt_h=1.0)


def test_top_level_names():
    assert minegrid.read_load is read_load
    assert minegrid.load_stats is load_stats


def test_csv_with_mixed_utc_offsets(tmp_path):
    # Chile's DST ends on 3 April 2022 00:00 local: 23:00 occurs twice, with two offsets
    path = tmp_path / "dst.csv"
    path.write_text("time,kw\n2022-04-02 22:00-03:00,1\n2022-04-02 23:00-03:00,2\n"
                    "2022-04-02 23:00-04:00,3\n2022-04-03 00:00-04:00,4\n")
    with pytest.warns(MinegridWarning, match="less than a year"):
        out = read_load(path, tz="Etc/GMT+4", spike_factor=None, partial_year=True)
    assert list(out.index.hour) == [21, 22, 23, 0]
    np.testing.assert_allclose(out.to_numpy(), [1, 2, 3, 4])
