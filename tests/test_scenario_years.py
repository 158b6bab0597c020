"""``[weather_years]`` in scenario files and ``minegrid run --size`` (issue 20, bad year).

The years a scenario builds are the library's (:func:`minegrid.weather_years` draws),
the sizing over them is :func:`minegrid.size` over that list, and the command writes
the per-year and per-percentile tables and the report section.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import minegrid as mg
from minegrid.cli import main
from minegrid.errors import InputError
from minegrid.scenario import parse_scenario
from scenarios import small_mine

YEARS = """
[weather_years]
n_years = 3
seed = 50
percentiles = [50, 100]

[requirements]
max_unserved_fraction = 0.01
"""


def test_the_years_are_the_librarys_synthetic_draws():
    sc = parse_scenario(small_mine(search=False) + YEARS)
    years = sc.weather_years()
    built = sc.build()
    assert len(years) == 3
    draws = mg.weather_years(built.site, built.load_kw.to_numpy(), 3, seed=50, pv={})
    for got, ref in zip(years, draws, strict=True):
        np.testing.assert_allclose(got.pv_kw_per_kw, ref.pv_kw_per_kw, rtol=1e-12)
        np.testing.assert_allclose(got.load_kw, built.profiles.load_kw, rtol=1e-12)
        assert "year factors" in got.weather_source
    assert not np.allclose(years[0].pv_kw_per_kw, years[1].pv_kw_per_kw)
    assert "Weather years (sizing)" in sc.assumptions(built)


def test_scenario_size_over_the_years_is_size_over_the_list():
    sc = parse_scenario(small_mine(maxiter=2, popsize=4) + YEARS)
    built = sc.build()
    years = sc.weather_years()
    got = sc.size(built=built, progress=False, years=years)
    ref = mg.size(built.system, years, sc.design_space(), sc.requirements(),
                  project=built.project, progress=False, maxiter=2, popsize=4)
    assert got.fun == pytest.approx(ref.fun, rel=1e-12)
    assert len(got.years) == 3
    assert got.fun == pytest.approx(got.years["npc"].mean(), rel=1e-9)


def test_year_percentile_without_years_names_the_requirement():
    text = small_mine(maxiter=2) + "\n[requirements]\nyear_percentile = 90\n"
    sc = parse_scenario(text)
    with pytest.raises(InputError, match="year_percentile") as err:
        sc.size(progress=False)
    assert "Fix" in str(err.value)


@pytest.mark.parametrize("table, match", [
    ("[weather_years]\nseed = 3\n", "exactly one of n_years and files"),
    ("[weather_years]\nn_years = 1\n", "too few"),
    ("[weather_years]\nn_years = 3\nfiles = [\"a.epw\", \"b.epw\"]\n", "exactly one"),
    ("[weather_years]\nfiles = [\"a.epw\", \"b.epw\"]\n", "source = 'synthetic'"),
    ("[weather_years]\nn_years = 3\nghi_year_sd = 0.5\n", "ghi_year_sd"),
    ("[weather_years]\nn_years = 3\npercentiles = [50, 120]\n", "percentiles"),
    ("[weather_years]\nn_year = 3\n", "n_years"),
])
def test_bad_weather_years_tables_name_the_key(table, match):
    with pytest.raises(InputError, match=match) as err:
        parse_scenario(small_mine(search=False) + table)
    assert "weather_years" in str(err.value) and "Fix" in str(err.value)


def test_minegrid_run_size_over_the_years_writes_the_tables_and_section(tmp_path, capsys):
    path = tmp_path / "s.toml"
    path.write_text(small_mine(maxiter=2, popsize=4) + YEARS)
    out = tmp_path / "out"
    assert main(["run", str(path), "--size", "--out", str(out), "--no-architectures",
                 "--no-lp", "--xlsx", "r.xlsx"]) == 0
    printed = capsys.readouterr().out
    assert "Sized over 3 weather years, requirements held every year" in printed
    assert "the P100 design costs" in printed
    per_year = pd.read_csv(out / "weather_years.csv", index_col=0)
    assert list(per_year.index) == [0, 1, 2]
    assert {"npc", "unserved_fraction", "renewable_fraction", "fuel_l"} <= set(per_year)
    pct = pd.read_csv(out / "year_percentiles.csv", index_col=0)
    assert list(pct.index) == [50.0, 100.0] and pct["npc_above_first"].iloc[0] == 0.0
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "Sizing for the bad weather year" in report
    assert "Designs sized for each percentile of the years" in report
    import openpyxl

    sheet = openpyxl.load_workbook(out / "r.xlsx")["weather years"]
    years = [row[0] for row in sheet.iter_rows(min_row=4, values_only=True)
             if isinstance(row[0], int)]
    assert years == [0, 1, 2]
