"""simulate(): pandas in and out, results, base case, bad input, import cost."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import minegrid as mg
from minegrid import InputError
from minegrid.dispatch import Profiles


@pytest.fixture(scope="module")
def week():
    index = pd.date_range("2023-01-02", periods=24 * 7, freq="h", tz="Etc/GMT+4")
    hour = index.hour.to_numpy()
    load = pd.Series(1000 + 200 * np.sin(2 * np.pi * hour / 24), index=index)
    pv = pd.Series(np.clip(np.sin(np.pi * (hour - 6) / 12), 0, None) * 0.8, index=index)
    wind = pd.Series(np.full(len(index), 600.0), index=index)
    return load, pv, wind


SYSTEM = mg.System(
    pv=mg.PVPlant(rated_kw=1200), wind=mg.WindPlant(n_turbines=1, turbine_rated_kw=2000),
    battery=mg.Battery(energy_kwh=2000, power_kw=800),
    genset=mg.GensetFleet(unit_rated_kw=500, n_units=3),
)


def test_series_in_dataframe_out(week):
    load, pv, wind = week
    r = mg.simulate(SYSTEM, load, pv, wind, dispatch=True)
    assert r.dispatch.index.equals(load.index)
    assert list(r.dispatch.columns)[:3] == ["load_kw", "pv_kw", "wind_kw"]
    np.testing.assert_allclose(r.dispatch["pv_kw"], 1200 * pv.to_numpy())
    assert r.stats.period_h == 24 * 7
    # flows are scaled to a year of 8760 h
    assert math.isclose(r.stats.load_kwh, load.sum() * 8760 / (24 * 7), rel_tol=1e-12)
    assert 0 < r.stats.renewable_fraction < 1
    assert r.base is not None and r.base.stats.renewable_fraction == 0
    assert r.savings.fuel_l > 0
    text = repr(r)
    assert "NPC" in text and "USD/kWh" in text and "MWh/yr" in text
    assert "kWh/yr" in repr(r.stats)
    summary = r.summary()
    assert list(summary.columns) == ["design", "diesel only"]


def test_dt_from_index_and_mismatch(week):
    load, pv, wind = week
    quarter = load.resample("15min").ffill()
    prof = Profiles(load_kw=quarter)
    assert prof.dt_h == 0.25
    with pytest.raises(InputError, match="disagrees"):
        Profiles(load_kw=load, dt_h=0.5)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        (dict(load_kw=[]), "load_kw"),
        (dict(load_kw=[1.0, np.nan, 3.0]), "NaN"),
        (dict(load_kw=[1.0, np.inf]), "NaN or infinite"),
        (dict(load_kw=[1.0, -2.0]), "load_kw"),
        (dict(load_kw=[1.0, 2.0], pv_kw_per_kw=[0.1]), "must have 2 steps"),
        (dict(load_kw=[1.0, 2.0], wind_kw_per_turbine=[0.0, -1.0]), "wind_kw_per_turbine"),
        (dict(load_kw=[1.0, 2.0], genset_availability=[1.0, 1.5]), "genset_availability"),
        (dict(load_kw=[1.0, 2.0], dt_h=0.0), "dt_h"),
        (dict(load_kw=[[1.0, 2.0]]), "one-dimensional"),
        (dict(load_kw=["a", "b"]), "numbers"),
    ],
)
def test_bad_profiles(kwargs, match):
    with pytest.raises(InputError, match=match) as info:
        Profiles(**kwargs)
    assert "Fix" in str(info.value)


def test_nan_location_is_reported(week):
    load, _, _ = week
    bad = load.copy()
    bad.iloc[5] = np.nan
    with pytest.raises(InputError, match=str(load.index[5].year)):
        mg.simulate(SYSTEM, bad)


def test_bad_arguments():
    with pytest.raises(InputError, match="System"):
        mg.simulate("not a system", [1.0])
    with pytest.raises(InputError, match="both"):
        mg.simulate(SYSTEM, Profiles(load_kw=[1.0]), [0.5])
    with pytest.raises(InputError, match="designs"):
        mg.simulate_batch(SYSTEM, [1.0, 2.0], {"pv_mw": [1.0]})
    with pytest.raises(InputError, match="different lengths"):
        mg.simulate_batch(SYSTEM, [1.0, 2.0], {"pv_kw": [1.0, 2.0], "n_units": [1]})
    with pytest.raises(InputError, match="whole numbers"):
        mg.simulate_batch(SYSTEM, [1.0, 2.0], {"n_units": [1.5]})


def test_zero_load_and_nothing_installed():
    r = mg.simulate(mg.System(), np.zeros(24), base_case=False)
    assert r.stats.served_kwh == 0 and r.stats.unserved_fraction == 0
    assert math.isinf(r.costs.lcoe)
    r = mg.simulate(mg.System(), np.full(24, 10.0), base_case=False)
    assert r.stats.unserved_fraction == 1.0
    assert r.stats.unserved_longest_event_h == 24


def test_derating_limits_the_fleet():
    load = np.full(48, 900.0)
    system = mg.System(genset=mg.GensetFleet(unit_rated_kw=500, n_units=2),
                       dispatch=mg.Dispatch(reserve_load_fraction=0))
    full = mg.simulate(system, load, base_case=False)
    derated = mg.simulate(system, load, genset_availability=0.8, base_case=False)
    assert full.stats.unserved_kwh == 0
    # 2 x 500 x 0.8 = 800 kW < 900 kW
    assert derated.stats.unserved_kwh == pytest.approx(100 * 48 * 8760 / 48)
    base = mg.simulate(system, load, genset_availability=0.8)
    assert base.base.system.genset.n_units == 3  # ceil(900 / 400)
    assert base.base.stats.unserved_kwh == 0


def test_import_is_cheap_and_compiles_nothing():
    code = ("import sys, time; t = time.perf_counter(); import minegrid; "
            "dt = time.perf_counter() - t; "
            "heavy = [m for m in ('numba', 'pandas', 'pvlib', 'windpowerlib', 'scipy') "
            "if m in sys.modules]; print(dt, heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split(maxsplit=1)
    assert out[1].strip() == "[]", out
    assert float(out[0]) < 1.5
