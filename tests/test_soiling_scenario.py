"""Soiling wired through the weather readers, scenario files, the CLI and the report (issue 21).

The model itself is checked in ``test_soiling.py``; here: the rain reaches it from the
files, ``[pv.soiling]`` builds the same PV profile and O&M as the library calls, the
cleaning search of a scenario prices each interval once (no double-counted cleaning),
and ``minegrid run`` writes ``soiling.csv`` and the report section.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import minegrid as mg
from minegrid.cli import main
from minegrid.errors import InputError
from minegrid.scenario import parse_scenario
from minegrid.soiling import with_cleaning_cost, without_cleaning_cost
from scenarios import small_mine, with_uncommented

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "weather"
LIMA = SHARED / "PER_Lima.846280_IWEC.epw"
SITE = mg.Site(latitude_deg=-20.0, longitude_deg=-69.0, altitude_m=3000.0, tz="Etc/GMT+4")

SOILING = """
[pv.soiling]
site_class = "atacama_coast"
optimise_cleaning = true
intervals_days = [15, 30, 90]

[pv.soiling.cleaning]
interval_days = 30
cost_per_mwp = 500
"""


def _scenario(extra: str = SOILING, **kw) -> str:
    text = small_mine(search=False, **kw)
    return text.replace("[battery]", extra.strip() + "\n\n[battery]", 1)


# --------------------------------------------------------------------------- rain in the files
def _csv(tmp_path, rain):
    idx = pd.date_range("2023-01-01", periods=8760, freq="h")
    frame = pd.DataFrame({"t": idx, "ghi": 0.0, "dni": 0.0, "dhi": 0.0, "temp_air": 10.0,
                          "wind_speed": 3.0, "pressure": 80000.0, "rain": rain})
    path = tmp_path / "w.csv"
    frame.to_csv(path, index=False)
    return path


def test_a_csv_rain_column_becomes_precipitation_in_mm(tmp_path):
    rain = np.where(np.arange(8760) % 500 == 0, 1.0, 0.0)  # cm
    path = _csv(tmp_path, rain)
    weather, _ = mg.read_weather(path, format="csv", site=SITE,
                                 columns={"rain": "precipitation"},
                                 units={"precipitation": "cm"})
    assert weather["precipitation"].sum() == pytest.approx(10.0 * rain.sum())
    run = mg.soiling_loss(weather, mg.Soiling(rate_per_day=0.01, max_loss=0.5))
    assert run.rain_washes == int(rain.sum()) and "precipitation column" in run.rain_source


def test_negative_rain_is_refused_naming_the_column(tmp_path):
    path = _csv(tmp_path, np.full(8760, -1.0))
    with pytest.raises(InputError, match="precipitation"):
        mg.read_weather(path, format="csv", site=SITE, columns={"rain": "precipitation"})


@pytest.mark.skipif(not LIMA.is_file(), reason="needs ../shared weather files")
def test_an_iwec_file_of_zero_rain_has_no_precipitation_column_and_says_so():
    weather, _ = mg.read_weather(LIMA)
    assert "precipitation" not in weather.columns
    assert any("precipitation column was all zero" in n for n in weather.attrs["notes"])


@pytest.mark.skipif(not LIMA.is_file(), reason="needs ../shared weather files")
def test_an_epw_liquid_precipitation_depth_is_read_as_rain(tmp_path):
    lines = LIMA.read_text(encoding="latin-1").splitlines()
    rows = lines[8:]
    for k in (100, 101, 102, 2000, 5000):  # 3 mm in three hours, then two 7 mm showers
        cells = rows[k].split(",")
        cells[33] = "1" if k < 103 else "7"
        rows[k] = ",".join(cells)
    path = tmp_path / "lima_rain.epw"
    path.write_text("\n".join(lines[:8] + rows) + "\n", encoding="latin-1")
    weather, _ = mg.read_weather(path)
    assert weather["precipitation"].sum() == pytest.approx(17.0)
    assert int((weather["precipitation"] > 0).sum()) == 5
    run = mg.soiling_loss(weather, mg.Soiling(rate_per_day=0.01, max_loss=0.5))
    assert run.rain_washes == 2  # the 3 mm of the first day stay below the 6 mm threshold


# --------------------------------------------------------------------------- scenario files
def test_pv_soiling_builds_the_library_profile_and_cleaning_cost():
    sc = parse_scenario(_scenario())
    built = sc.build()
    plain = parse_scenario(_scenario(extra="")).build()
    soiling = mg.Soiling.for_site("atacama_coast",
                                  cleaning=mg.CleaningSchedule(interval_days=30,
                                                               cost_per_mwp=500.0))
    run = mg.soiling_loss(built.weather, soiling)
    expected = mg.pv_profile(built.weather, built.site, soiling=run)
    np.testing.assert_allclose(built.pv_kw_per_kw.to_numpy(), expected.to_numpy(), rtol=1e-12)
    assert built.soiling.run.cleanings_per_year == pytest.approx(run.cleanings_per_year)
    extra = run.cleanings_per_year * (500.0 + 7.5 * 8.0) / 1000.0
    assert built.system.pv.om_per_kw_year == pytest.approx(
        plain.system.pv.om_per_kw_year + extra)
    assert without_cleaning_cost(built.system, run).pv.om_per_kw_year == pytest.approx(
        plain.system.pv.om_per_kw_year)
    assert with_cleaning_cost(without_cleaning_cost(built.system, run), run) == built.system
    assert "PV soiling" in sc.assumptions(built)
    assert built.soiling.energy_loss > 0
    # the weather years build without the clean-module profile: the same profiles
    lean = sc.build(soiling_detail=False)
    assert lean.soiling is None
    np.testing.assert_array_equal(lean.pv_kw_per_kw.to_numpy(), built.pv_kw_per_kw.to_numpy())
    assert lean.system == built.system


def test_the_cleaning_search_prices_the_scenarios_own_interval_as_the_run_does():
    sc = parse_scenario(_scenario())
    built = sc.build()
    opt = sc.optimise_cleaning(built)
    row = opt.table.set_index("interval_days").loc[30.0]
    assert row["npc"] == pytest.approx(sc.run(built=built).costs.npc, rel=1e-12)
    assert set(opt.table["interval_days"].dropna()) >= {15.0, 30.0, 90.0}
    assert opt.fun == opt.table["npc"].min()


@pytest.mark.parametrize("extra, match", [
    ('[pv.soiling]\nsite_class = "atacama"\n', "site_class"),
    ("[pv.soiling]\nrate_per_dya = 0.01\n", "rate_per_day"),
    ("[pv.soiling]\nrate_per_day = 0.2\n", "rate_per_day"),
    ("[pv.soiling]\nintervals_days = [10, \"x\"]\n", "intervals_days"),
    ("[pv.soiling]\n\n[pv.soiling.cleaning]\ninterval_days = 30\nthreshold_loss = 0.05\n",
     "interval_days"),
    ("[pv.soiling]\n\n[pv.soiling.cleaning]\nevery_days = 30\n", "interval_days"),
])
def test_bad_soiling_tables_name_the_key(extra, match):
    with pytest.raises(InputError, match=match) as err:
        parse_scenario(_scenario(extra=extra)).build()
    assert "pv.soiling" in str(err.value) and "Fix" in str(err.value)


# --------------------------------------------------------------------------- the command
def test_minegrid_run_writes_soiling_csv_and_the_report_section(tmp_path, capsys):
    path = tmp_path / "s.toml"
    path.write_text(_scenario())
    out = tmp_path / "out"
    assert main(["run", str(path), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "PV soiling: 0.3 %/day up to 50 %, cleaning every 30 days" in printed
    assert "cleaning interval of least NPC for this design" in printed
    table = pd.read_csv(out / "soiling.csv", index_col=0)
    assert list(table.columns) == ["soiling_loss", "cleaned", "pv_clean_kw_per_kw",
                                   "pv_soiled_kw_per_kw"]
    assert len(table) == 8760 and int(table["cleaned"].sum()) == 12
    assert (table["pv_soiled_kw_per_kw"] <= table["pv_clean_kw_per_kw"] + 1e-12).all()
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "PV soiling and cleaning" in report and "Cleaning interval of least NPC" in report
    assert "only cleaning resets the dust" in report  # synthetic weather: no rain column
    summary = pd.read_csv(out / "summary.csv", index_col=0)
    assert summary.loc["PV cleanings [1/yr]", "design"] == 12.0
    assert summary.loc["PV lost to soiling [MWh/yr]", "design"] > 0
    assert np.isnan(summary.loc["PV lost to soiling [MWh/yr]", "diesel only"])


def test_the_soiling_plot_marks_the_cleanings():
    import matplotlib

    matplotlib.use("Agg")
    idx = pd.date_range("2023-01-01", periods=8760, freq="h", tz="Etc/GMT+4")
    run = mg.soiling_loss(idx, mg.Soiling(rate_per_day=0.003, max_loss=0.5,
                                          cleaning=mg.CleaningSchedule(interval_days=60)))
    ax = mg.plots.soiling_year(run)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "cleaning (6)" in labels
    with pytest.raises(InputError, match="soiling"):
        mg.plots.soiling_year(run.loss)


def test_bifacial_modules_from_the_pv_table():
    pv = '[pv]\nrated_kw = 300.0\ntracking = "single_axis"\nalbedo = 0.3\n'
    mono = parse_scenario(small_mine(search=False).replace("[pv]\nrated_kw = 300.0\n", pv))
    bifi = parse_scenario(small_mine(search=False).replace(
        "[pv]\nrated_kw = 300.0\n", pv + "bifaciality = 0.7\n"))
    a, b = mono.build(), bifi.build()
    ref = mg.pv_profile(b.weather, b.site, tracking="single_axis", albedo=0.3, bifaciality=0.7)
    np.testing.assert_allclose(b.pv_kw_per_kw.to_numpy(), ref.to_numpy(), rtol=1e-12)
    assert 1.0 < b.pv_kw_per_kw.sum() / a.pv_kw_per_kw.sum() < 1.1


def test_the_bundled_scenario_commented_soiling_and_years_parse():
    from minegrid.scenario import bundled

    text = bundled("andean_gold_mine").read_text(encoding="utf-8")
    sc = parse_scenario(with_uncommented(text, "# [pv.soiling]"))
    spec = sc.soiling_spec()
    assert spec.optimise_cleaning and spec.soiling.cleaning.interval_days == 30
    assert spec.soiling.rate_per_day == mg.soiling.SOILING_SITES["atacama_coast"][0]
    sc = parse_scenario(with_uncommented(text, "# [weather_years]", "# [requirements]"))
    assert sc.data["weather_years"]["n_years"] == 10
