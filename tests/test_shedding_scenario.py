"""Load shedding by process area in scenario files, the command line and the report (issue 20)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from minegrid.errors import InputError
from minegrid.scenario import parse_scenario

#: Three areas on two 250 kW gensets: the supply is short much of the year.
SHORT = """\
[study]
name = "shed"
title = "Shedding test"

[site]
latitude_deg = -20.0
longitude_deg = -69.0
altitude_m = 4000.0
tz = "Etc/GMT+4"

[weather]
seed = 3

[load]
source = "areas"
scale = 1.1

[[load.areas]]
name = "mill"
kind = "grinding_ball"
installed_kw = 600.0
lost_value_per_t = 20.0
tonnes_per_mwh = 40.0

[[load.areas]]
name = "offices"
kind = "offices"
installed_kw = 200.0

[[load.areas]]
name = "camp"
kind = "camp"
installed_kw = 200.0
priority = 5
lost_value_per_mwh = 3000.0

[pv]
rated_kw = 300.0

[battery]
energy_kwh = 400.0

[genset]
unit_rated_kw = 250.0
n_units = 2
"""

SIZING = """
[design_space]
pv_kw = [0.0, 1500.0]
n_units = [0, 3]

[requirements]
max_unserved_fraction = 0.5

[sizing]
method = "grid"
grid = 3
objective = "npc_plus_lost_value"
"""


def test_scenario_areas_carry_priority_and_value_and_the_shedding_adds_up():
    sc = parse_scenario(SHORT)
    mine = sc._mine()
    mill, offices, camp = mine.areas
    assert mill.value_per_mwh == 800.0 and offices.priority == 0 and camp.priority == 5
    assert not offices.value_given
    built = sc.build()
    loads = sc.area_loads(built)
    assert loads.names == ("mill", "offices", "camp")
    np.testing.assert_allclose(loads.total_kw, built.load_kw.to_numpy(), rtol=1e-12)
    result = sc.run(built=built)
    shed = sc.shedding(built, result)
    assert shed.unserved_kwh_per_year == pytest.approx(result.stats.unserved_kwh, rel=1e-9)
    t = shed.table
    # offices (priority 0) first, then the mill; the camp (priority 5) is kept
    assert t["order"].tolist() == [2, 1, 3]
    assert t.loc["offices", "shed_kwh_per_year"] > 0 and t.loc["camp", "shed_kwh_per_year"] == 0
    assert shed.cost_per_year == pytest.approx(800.0 * t.loc["mill", "shed_kwh_per_year"] / 1e3)
    # another load source has no areas to shed
    other = parse_scenario(SHORT.replace('source = "areas"', 'source = "example"')
                           .split("[[load.areas]]")[0] + "[genset]\nunit_rated_kw = 500.0\n")
    assert other.area_loads(other.build()) is None


def test_scenario_sizing_with_the_lost_value_objective():
    sc = parse_scenario(SHORT + SIZING)
    built = sc.build()
    r = sc.size(built=built, progress=False)
    assert r.objective == "npc_plus_lost_value"
    plain = sc.shedding(built, __import__("minegrid").simulate(r.design, built.profiles,
                                                              project=built.project,
                                                              dispatch=True))
    assert r.fun == pytest.approx(r.result.costs.npc + plain.npc, rel=1e-9)
    assert (r.history["lost_value_npc"] > 0).any()


def test_cli_writes_shedding_csv_and_the_report_section(tmp_path, capsys):
    from minegrid.cli import main

    path = tmp_path / "s.toml"
    path.write_text(SHORT)
    out = tmp_path / "out"
    assert main(["run", str(path), "--out", str(out), "-q", "--xlsx", "r.xlsx"]) == 0
    printed = capsys.readouterr().out
    assert "Load shedding:" in printed and "lost production" in printed
    import openpyxl

    sheet = openpyxl.load_workbook(out / "r.xlsx")["load shedding"]
    names = [row[0] for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]]
    assert names[:3] == ["mill", "offices", "camp"]
    table = pd.read_csv(out / "shedding.csv", index_col="area")
    assert list(table.index) == ["mill", "offices", "camp"]
    dispatch = pd.read_csv(out / "dispatch.csv", index_col=0)
    scale = 8760 / len(dispatch)
    assert table["shed_kwh_per_year"].sum() == pytest.approx(
        dispatch["unserved_kw"].sum() * scale, rel=1e-6)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Load shedding by process area" in html
    assert "No value of lost production is given for offices" in html


def test_haul_fleet_is_shed_last_without_a_value():
    from test_haul import HAUL_TOML

    sc = parse_scenario(SHORT + HAUL_TOML)
    built = sc.build()
    loads = sc.area_loads(built)
    assert loads.names[-1] == "haul fleet" and loads.priority[-1] == 6
    assert loads.valued[-1] is False and loads.lost_value_per_mwh[-1] == 0.0
    shed = sc.shedding(built, sc.run(built=built))
    assert shed.unserved_kwh_per_year == pytest.approx(shed.shed_kwh_per_year, rel=1e-9)


@pytest.mark.parametrize(("text", "where"), [
    (SHORT.replace("tonnes_per_mwh = 40.0\n", ""),
     r"line 22: \[\[load.areas\]\] #1 lost_value_per_t: .*tonnes_per_mwh = None is needed"),
    (SHORT.replace("priority = 5", "priority = 1.5"), r"line 34: \[\[load.areas\]\] #3 priority"),
    (SHORT.replace("priority = 5", "priorty = 5"), r"did you mean 'priority'"),
    (SHORT.replace("lost_value_per_t = 20.0", "lost_value_per_t = 20.0\nlost_value_per_mwh = 1.0"),
     r"\[\[load.areas\]\] #1 lost_value_per_t: .* is given with lost_value_per_mwh"),
])
def test_bad_area_fields_are_located(text, where):
    with pytest.raises(InputError, match=where) as info:
        parse_scenario(text, path="s.toml")._mine()
    assert "Fix:" in str(info.value)


def test_lost_value_objective_needs_areas_and_no_resizing_sensitivity():
    example = SHORT.replace('source = "areas"', 'source = "example"').split("[[load.areas]]")[0]
    with pytest.raises(InputError, match=r'\[sizing\] objective = "npc_plus_lost_value" needs'):
        parse_scenario(example + SIZING.replace('pv_kw', 'pv_kw'), path="s.toml")
    sens = '\n[sensitivity]\nmode = "size"\n"project.fuel_price_per_l" = [1.0, 1.5]\n'
    with pytest.raises(InputError, match=r"\[sensitivity\] mode re-sizes with"):
        parse_scenario(SHORT + SIZING + sens, path="s.toml")
