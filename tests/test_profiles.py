"""Issue 14: series with timestamps are paired by instant, not by position.

Before, a PV series on another time zone or another year, or a naive load beside an aware PV
series, was paired by position without a word (a 4 h shift changed fuel and curtailment).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import minegrid as mg
from minegrid.errors import InputError, MinegridWarning
from minegrid.profiles import align_series


def _year(tz="Etc/GMT+4", year=2023, freq="h"):
    index = pd.date_range(f"{year}-01-01", f"{year + 1}-01-01", freq=freq, inclusive="left",
                          tz=tz)
    hour = index.hour.to_numpy()
    load = pd.Series(4000.0 + 1000.0 * (hour >= 19), index=index)  # evening peak
    pv = pd.Series(np.clip(np.sin((hour - 6) / 12 * np.pi), 0, None), index=index)
    return load, pv


SYSTEM = mg.System(pv=mg.PVPlant(rated_kw=5000.0),
                   battery=mg.Battery(energy_kwh=4000.0, power_kw=2000.0),
                   genset=mg.GensetFleet(unit_rated_kw=1000.0, n_units=7))


def test_same_instants_in_another_zone_are_aligned_not_shifted():
    load, pv = _year()
    utc = pv.tz_convert("UTC")
    p = mg.Profiles(load_kw=load, pv_kw_per_kw=utc)
    np.testing.assert_array_equal(p.pv_kw_per_kw, pv.to_numpy())
    # shuffled rows are put back in order
    p = mg.Profiles(load_kw=load, pv_kw_per_kw=pv.sample(frac=1.0, random_state=1))
    np.testing.assert_array_equal(p.pv_kw_per_kw, pv.to_numpy())
    a = mg.simulate(SYSTEM, load, pv, base_case=False)
    b = mg.simulate(SYSTEM, load, utc, base_case=False)
    assert a.stats.fuel_l == b.stats.fuel_l


def test_a_4h_shift_is_an_error_not_a_silent_change_of_fuel():
    load, pv = _year()
    shifted = pv.set_axis(pv.index.tz_localize(None).tz_localize("UTC"))  # labels read as UTC
    with pytest.raises(InputError,
                       match=r"pv_kw_per_kw and load_kw .*-4 h from load_kw .another time zone"):
        mg.simulate(SYSTEM, load, shifted)


def test_other_year_needs_typical_year_alignment():
    load, _ = _year(year=2025)
    _, pv = _year(year=2023)
    with pytest.raises(InputError, match=r"dated \[2023\] and load_kw \[2025\].*typical_year"):
        mg.Profiles(load_kw=load, pv_kw_per_kw=pv)
    p = mg.Profiles(load_kw=load, pv_kw_per_kw=pv, align="typical_year")
    np.testing.assert_array_equal(p.pv_kw_per_kw, pv.to_numpy())
    leap, _ = _year(year=2024)
    with pytest.warns(MinegridWarning, match="29 February"):
        q = mg.Profiles(load_kw=leap, pv_kw_per_kw=pv, align="typical_year")
    assert q.n_steps == 8784


def test_naive_beside_aware_and_other_coverage_are_errors():
    load, pv = _year()
    with pytest.raises(InputError, match="naive.*tz_localize"):
        mg.Profiles(load_kw=load.tz_localize(None), pv_kw_per_kw=pv)
    with pytest.raises(InputError, match="covers"):
        mg.Profiles(load_kw=load.iloc[:4000], pv_kw_per_kw=pv.iloc[100:4100])
    with pytest.raises(InputError, match="align"):
        mg.Profiles(load_kw=load, pv_kw_per_kw=pv, align="by_position")


def test_bare_arrays_keep_positional_pairing():
    load, pv = _year()
    p = mg.Profiles(load_kw=load.to_numpy(), pv_kw_per_kw=np.roll(pv.to_numpy(), 4))
    np.testing.assert_array_equal(p.pv_kw_per_kw, np.roll(pv.to_numpy(), 4))
    p = mg.Profiles(load_kw=load, pv_kw_per_kw=pv.to_numpy())  # one timestamped series
    assert p.index.equals(load.index)
    named, ref = align_series({"a": np.ones(3), "b": None})
    assert ref is None and named["b"] is None


def test_read_load_and_weather_on_the_same_instants_pass(tmp_path):
    load, pv = _year()
    path = tmp_path / "meter.csv"
    load.tz_convert("UTC").to_csv(path, index_label="time", header=["kw"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MinegridWarning)
        metered = mg.read_load(path, column="kw", tz="Etc/GMT+4", spike_factor=None)
    p = mg.Profiles(load_kw=metered, pv_kw_per_kw=pv)
    assert p.n_steps == 8760 and p.dt_h == 1.0
