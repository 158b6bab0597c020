"""Scenario files: the bundled ones run; errors name the line, table, key and the fix."""

from __future__ import annotations

import textwrap

import pytest

import minegrid as mg
from minegrid.scenario import bundled, bundled_scenarios, parse_scenario

BASE = textwrap.dedent("""\
    [study]
    name = "t"
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
    source = "areas"
    seed = 1

    [[load.areas]]
    name = "mill"
    kind = "grinding_ball"
    installed_kw = 1000.0

    [[load.areas]]
    name = "camp"
    kind = "camp"
    installed_kw = 200.0

    [pv]
    rated_kw = 500.0

    [genset]
    unit_rated_kw = 400.0
    n_units = 4

    [project]
    lifetime_years = 10
""")


def test_bundled_scenarios_listed():
    assert {"andean_gold_mine", "small_mine_areas"} <= set(bundled_scenarios())
    with pytest.raises(mg.InputError, match="andean_gold_mine"):
        bundled("andean_gold")


@pytest.mark.slow
def test_bundled_demo_scenario_reproduces_the_dataset():
    ex = mg.datasets.andean_gold_mine()
    ref = mg.simulate(ex.system, ex.profiles, project=ex.project)
    sc = mg.load_scenario("andean_gold_mine")
    r = sc.run(dispatch=False)
    assert r.costs.npc == pytest.approx(ref.costs.npc, rel=1e-12)
    assert r.stats.fuel_l == pytest.approx(ref.stats.fuel_l, rel=1e-12)


def test_areas_scenario_builds_and_runs():
    sc = parse_scenario(BASE)
    built = sc.build()
    assert len(built.load_kw) == 8760
    assert built.load_kw.index.equals(built.weather.index)
    assert 900 < built.load_kw.mean() < 1200
    r = sc.run()
    assert r.system.pv.rated_kw == 500.0 and r.system.battery is None
    assert r.dispatch is not None and r.base is not None
    rows = sc.assumptions(built)
    assert "process areas" in rows["Load"]


def _error(text):
    with pytest.raises(mg.InputError) as info:
        parse_scenario(text, path="s.toml").build()
    return str(info.value)


def test_unknown_key_suggests_and_gives_line():
    msg = _error(BASE.replace("rated_kw = 500.0", "rated_kww = 500.0"))
    line = BASE.splitlines().index("rated_kw = 500.0") + 1
    assert f"s.toml, line {line}: [pv] rated_kww" in msg
    assert "did you mean 'rated_kw'" in msg


def test_unknown_table():
    msg = _error(BASE + "\n[batery]\nenergy_kwh = 1.0\n")
    assert "[batery]" in msg and "did you mean [battery]" in msg


def test_wrong_type_names_key_and_type():
    msg = _error(BASE.replace("n_units = 4", 'n_units = "four"'))
    assert "[genset] n_units" in msg and "whole number" in msg


def test_unknown_key_in_array_of_tables():
    msg = _error(BASE.replace('kind = "camp"', 'knd = "camp"'))
    assert "[[load.areas]] #2 knd" in msg and "'kind'" in msg


def test_missing_field_and_value_errors_are_located():
    msg = _error(BASE.replace('kind = "camp"\n', ""))
    assert "[[load.areas]] #2" in msg and "missing kind" in msg
    msg = _error(BASE.replace("lifetime_years = 10", "lifetime_years = 0"))
    line = BASE.splitlines().index("lifetime_years = 10") + 1
    assert f"line {line}: [project] lifetime_years" in msg and "Fix" in msg


def test_bad_sources_and_toml():
    assert "source" in _error(BASE.replace('source = "synthetic"', 'source = "nasa"'))
    assert "missing path" in _error(BASE.replace('source = "synthetic"', 'source = "file"'))
    assert "not valid TOML" in _error(BASE + "\n[pv\n")


def test_missing_file():
    with pytest.raises(mg.InputError, match="does not exist"):
        mg.load_scenario("no/such/file.toml")


def test_load_file_and_scale(tmp_path):
    import numpy as np
    import pandas as pd

    idx = pd.date_range("2023-01-01", periods=8760, freq="h")
    pd.DataFrame({"time": idx, "kw": np.full(8760, 400.0)}).to_csv(tmp_path / "m.csv",
                                                                    index=False)
    text = BASE.split("[load]")[0] + textwrap.dedent("""\
        [load]
        source = "file"
        path = "m.csv"
        column = "kw"
        scale = 1.5

        [genset]
        unit_rated_kw = 400.0
        n_units = 3
    """)
    (tmp_path / "s.toml").write_text(text)
    built = mg.load_scenario(tmp_path / "s.toml").build()
    assert built.load_kw.mean() == pytest.approx(600.0)
