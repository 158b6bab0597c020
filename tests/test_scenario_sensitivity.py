"""The ``[sensitivity]`` table of scenario files: parsing and its errors, the run through
``minegrid run`` (CSV, workbook, report, printed tables) against direct study calls, the map
of which architecture wins where against size_architectures, and the charts."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import minegrid as mg
from minegrid.cli import main
from minegrid.scenario import bundled, parse_scenario
from minegrid.scenario.sensitivity import BUDGET, MAX_TWO_WAY_POINTS
from scenarios import small_mine

SMALL = small_mine()  # 600 kW mill, synthetic weather, [design_space] pv_kw and battery_kwh
SIMPLE = small_mine(search=False)


def _parse(extra: str, base: str = SMALL):
    return parse_scenario(base + extra, path="s.toml")


def _line(text: str, needle: str, after: str = "[sensitivity]") -> int:
    """The number of the first line holding ``needle`` after the line holding ``after``."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if after in line)
    return next(i for i, line in enumerate(lines[start:], start + 1) if needle in line)


# ---------------------------------------------------------------------------- parsing
def test_spec_parsed_with_defaults_order_and_unquoted_dotted_keys():
    sc = _parse('''
[sensitivity]
"project.fuel_price_per_l" = [0.9, 1.5]
capex_multiplier.pv = [0.8, 1.2]
load_scale = [0.9, 1.1]
"dispatch.strategy" = ["cycle_charging"]

[sensitivity.two_way]
"capex_multiplier.battery" = [0.5, 1.0, 1.5]
"project.fuel_price_per_l" = [0.8, 1.6]
''')
    spec = sc.sensitivity_spec()
    assert spec.parameters == {"project.fuel_price_per_l": [0.9, 1.5],
                               "capex_multiplier.pv": [0.8, 1.2], "load_scale": [0.9, 1.1],
                               "dispatch.strategy": ["cycle_charging"]}
    assert (spec.mode, spec.output) == ("simulate", "npc")
    assert list(spec.two_way) == ["capex_multiplier.battery", "project.fuel_price_per_l"]
    # the budget of re-sizings: the [sizing] values (maxiter 3, popsize 4) below the caps
    assert spec.size_options({"maxiter": 3, "popsize": 4, "seed": 1}) == {
        "maxiter": 3, "popsize": 4, "seed": 1}
    assert spec.size_options({"maxiter": 50}) == {"maxiter": BUDGET["maxiter"],
                                                  "popsize": BUDGET["popsize"]}
    own = _parse('\n[sensitivity]\nmaxiter = 40\npopsize = 2\nmode = "size"\n'
                 '"project.discount_rate" = [0.05]\n').sensitivity_spec()
    assert own.mode == "size" and own.size_options({"maxiter": 3}) == {"maxiter": 40,
                                                                       "popsize": 2}
    assert _parse("").sensitivity_spec() is None


def test_bundled_example_block_is_valid_when_uncommented():
    text = bundled("andean_gold_mine").read_text(encoding="utf-8")
    assert mg.load_scenario("andean_gold_mine").sensitivity_spec() is None  # commented out
    lines = text.splitlines()
    start = lines.index("# [sensitivity]")
    on = "\n".join(lines[:start] + [line[2:] if line.startswith("# ") else ""
                                    for line in lines[start:]])
    spec = parse_scenario(on, path="a.toml").sensitivity_spec()
    assert spec.parameters["project.fuel_price_per_l"] == [0.9, 1.5]
    assert set(spec.parameters) == {"project.fuel_price_per_l", "capex_multiplier.pv",
                                    "project.discount_rate", "load_scale"}
    assert list(spec.two_way) == ["project.fuel_price_per_l", "capex_multiplier.battery"]


BAD = [
    ('"project.fuel_pric_per_l" = [1.0]', "project.fuel_pric_per_l",
     r"is not a study parameter.*did you mean 'project.fuel_price_per_l'"),
    ("weather_year = [2021, 2022]", "weather_year", r"cannot define.*weather_years"),
    ('"fuel_price_path" = ["high"]', "fuel_price_path", r"cannot define"),
    ('mode = "sizes"\nload_scale = [1.1]', "mode", r"'sizes' is not 'simulate' or 'size'"),
    ('output = "NPC"\nload_scale = [1.1]', "output", r"did you mean 'npc'"),
    ("load_scale = []", "load_scale", r"must be a non-empty array"),
    ("load_scale = 1.1", "load_scale", r"must be a non-empty array"),
    ('load_scale = ["big"]', "load_scale", r"must be finite numbers"),
    ("load_scale = [0.0]", "load_scale", r"must be > 0"),
    ('"capex_multiplier.pv" = [-0.5]', "capex_multiplier.pv", r"must be >= 0"),
    ('mode = "size"\npv_kw = [100.0]', "pv_kw", r"is a design size"),
    ("maxiter = 0\nload_scale = [1.1]", "maxiter", r"must be >= 1"),
    ('maxiter = "ten"\nload_scale = [1.1]', "maxiter", r"wrong type"),
    ('mode = "simulate"', None, r"names no parameter"),
]


@pytest.mark.parametrize("body, key, message", BAD)
def test_errors_name_line_key_and_fix(body, key, message):
    extra = f"\n[sensitivity]\n{body}\n"
    text = SMALL + extra
    with pytest.raises(mg.InputError, match=message) as info:
        parse_scenario(text, path="s.toml")
    msg = str(info.value)
    needle = key if key is not None else "[sensitivity]"
    assert msg.startswith(f"s.toml, line {_line(text, needle)}: [sensitivity]"), msg
    if key is not None:
        assert f"[sensitivity] {key}" in msg
    assert "Fix:" in msg


TWO_WAY_BAD = [
    ('"project.fuel_price_per_l" = [1.0]', SMALL, r"names 1 parameter"),
    ('"project.fuel_price_per_l" = [1.0]\nload_scale = [1.0]\n"capex_multiplier.pv" = [1.0]',
     SMALL, r"names 3 parameter"),
    ('"project.fuel_price_per_l" = [1.0]\nbattery_kwh = [100.0]', SMALL, r"is a design size"),
    ('"project.fuel_price_per_l" = [1.0]\nload_scale = [1.0]', SIMPLE,
     r"needs \[design_space\]"),
    (f'"project.fuel_price_per_l" = {np.linspace(0.5, 2, 13).tolist()}\n'
     f'load_scale = {np.linspace(0.5, 2, 12).tolist()}', SMALL,
     rf"has 156 points \(at most {MAX_TWO_WAY_POINTS}\)"),
]


@pytest.mark.parametrize("body, base, message", TWO_WAY_BAD)
def test_two_way_errors(body, base, message):
    text = base + f"\n[sensitivity]\n\n[sensitivity.two_way]\n{body}\n"
    with pytest.raises(mg.InputError, match=message) as info:
        parse_scenario(text, path="s.toml")
    assert "[sensitivity.two_way]" in str(info.value) and "Fix:" in str(info.value)
    assert re.match(r"s\.toml, line \d+: ", str(info.value))


def test_mode_size_needs_a_design_space_and_bad_tables():
    with pytest.raises(mg.InputError, match=r"line \d+: \[sensitivity\] mode .*design_space"):
        _parse('\n[sensitivity]\nmode = "size"\nload_scale = [1.1]\n', SIMPLE)
    with pytest.raises(mg.InputError, match=r"\[sensitivity\] must be a table"):
        parse_scenario("sensitivity = 3\n" + SMALL, path="s.toml")
    with pytest.raises(mg.InputError, match=r"\[sensitivity\.two_way\] must be a table"):
        _parse("\n[sensitivity]\ntwo_way = 3\n")


@pytest.fixture(scope="module")
def small():
    sc = _parse('\n[sensitivity]\n"project.fuel_price_per_l" = [0.9, 1.5]\n'
                '"capex_multiplier.pv" = [0.8]\n"project.discount_rate" = [0.06]\n')
    return sc, sc.build()


def test_a_bad_value_found_at_run_time_is_located(small):
    _, built = small
    text = SMALL + '\n[sensitivity]\nload_scale = [1.0]\n"pv.capex_per_kw" = [-5.0]\n'
    sc = parse_scenario(text, path="s.toml")  # a component's own range: checked when run
    with pytest.raises(mg.InputError) as info:
        sc.sensitivity(built=built, progress=False)
    msg = str(info.value)
    assert msg.startswith(f"s.toml, line {_line(text, 'pv.capex_per_kw')}: [sensitivity] "
                          "pv.capex_per_kw"), msg
    assert "-5" in msg


def test_simulate_mode_equals_a_direct_sweep(small):
    sc, built = small
    res = sc.sensitivity(built=built, progress=False)
    base = mg.study.BaseCase(system=built.system, profiles=built.profiles,
                             project=built.project)
    direct = mg.sweep(base, sc.sensitivity_spec().parameters, progress=False)
    pd.testing.assert_frame_equal(res.table, direct)
    assert res.winners is None and res.complete
    text = res.to_text()
    base_npc = direct.loc[0, "npc"]
    high = direct[direct["project.fuel_price_per_l"] == 1.5]["npc"].iloc[0]
    assert f"{high / 1e6:,.2f}" in text and f"{(high - base_npc) / 1e6:,.2f}" in text
    assert "1.5 USD/L" in text and "0.8 ×" in text and "6 %/yr" in text


def test_size_mode_equals_a_direct_sweep(small):
    _, built = small
    sc = _parse('\n[sensitivity]\nmode = "size"\nmaxiter = 2\npopsize = 3\n'
                '"project.fuel_price_per_l" = [1.6]\n')
    res = sc.sensitivity(built=built, progress=False)
    base = mg.study.BaseCase(system=built.system, profiles=built.profiles,
                             project=built.project, space=sc.design_space(),
                             requirements=sc.requirements(),
                             size_options={"maxiter": 2, "popsize": 3})
    direct = mg.sweep(base, {"project.fuel_price_per_l": [1.6]}, mode="size", progress=False)
    pd.testing.assert_frame_equal(res.table, direct)
    assert "battery" in res.to_text().splitlines()[1]  # re-sized sizes are shown


# ---------------------------------------------------------------------------- the winner map
def _tiny_base(**opts):
    system = mg.System(pv=mg.PVPlant(rated_kw=0.0), genset=mg.GensetFleet(unit_rated_kw=400))
    day = np.r_[np.zeros(6), np.sin(np.linspace(0, np.pi, 12)), np.zeros(6)]
    prof = mg.Profiles(load_kw=np.full(96, 500.0), pv_kw_per_kw=np.tile(day, 4))
    space = mg.DesignSpace(pv_kw=(0.0, 1500.0), battery_kwh=(0.0, 2000.0), n_units=(1, 4))
    return mg.study.BaseCase(system=system, profiles=prof, space=space,
                             size_options=dict({"maxiter": 3, "popsize": 4, "seed": 1}, **opts))


def test_architecture_winners_match_size_architectures_at_a_point():
    base = _tiny_base()
    grid = {"project.fuel_price_per_l": [0.3, 2.5], "capex_multiplier.pv": [0.5, 3.0]}
    calls = []
    table = mg.study.architecture_winners(base, grid, progress=lambda **k: calls.append(k))
    assert len(table) == 4 and [c["done"] for c in calls] == [1, 2, 3, 4]
    assert list(table["project.fuel_price_per_l"]) == [0.3, 2.5, 0.3, 2.5]  # x fastest
    assert table.attrs["x"] == "project.fuel_price_per_l" and table.attrs["complete"]
    for i in (1, 2):
        point = table.iloc[i]
        project = base.project.replace(fuel_price_per_l=point["project.fuel_price_per_l"])
        mult = point["capex_multiplier.pv"]
        pv = base.system.pv.replace(capex_per_kw=base.system.pv.capex_per_kw * mult)
        system = mg.System(pv=pv, genset=base.system.genset)
        direct = mg.size_architectures(system, base.profiles, base.space,
                                       project=project, progress=False, **base.size_options)
        assert point["winner"] == direct.best
        ref = direct.frame.loc[direct.best]
        for col in ("NPC [MUSD]", "PV [kW DC]", "battery [kWh]", "fuel [kL/yr]"):
            assert point[col] == ref[col], col
        for name, row in direct.frame.iterrows():
            value = point[f"NPC: {name} [MUSD]"]
            assert (value == row["NPC [MUSD]"]) if row["feasible"] else np.isnan(value)
        assert point["feasible architectures [-]"] == direct.frame["feasible"].sum()
    with pytest.raises(mg.InputError, match="design size"):
        mg.study.architecture_winners(base, {"pv_kw": [1.0], "load_scale": [1.0]})
    with pytest.raises(mg.InputError, match="exactly two"):
        mg.study.architecture_winners(base, {"load_scale": [1.0]})
    with pytest.raises(mg.InputError, match="space"):
        mg.study.architecture_winners(mg.study.BaseCase(system=base.system,
                                                        profiles=base.profiles),
                                      grid, progress=False)


def test_architecture_winners_none_feasible_and_interrupt(monkeypatch):
    base = _tiny_base()
    strict = mg.study.BaseCase(system=base.system, profiles=base.profiles, space=base.space,
                               requirements=mg.Requirements(min_renewable_fraction=0.99),
                               size_options=base.size_options)
    table = mg.study.architecture_winners(strict, {"load_scale": [1.0],
                                                   "capex_multiplier.pv": [1.0]},
                                          progress=False)
    assert list(table["winner"]) == ["none feasible"]
    assert table.filter(like="NPC: ").isna().all(axis=None)

    # Ctrl-C in the second point's sizing: the first point is kept, marked incomplete
    import dataclasses

    import minegrid.sizing as sizing

    real, calls = sizing.size_architectures, []

    def interrupted(*args, **kwargs):
        calls.append(1)
        table = real(*args, **kwargs)
        return table if len(calls) == 1 else dataclasses.replace(table, complete=False)

    monkeypatch.setattr(sizing, "size_architectures", interrupted)
    grid = {"load_scale": [1.0, 1.2, 1.4], "capex_multiplier.pv": [1.0]}
    table = mg.study.architecture_winners(base, grid, progress=False)
    assert len(table) == 1 and table.attrs["complete"] is False and len(calls) == 2
    monkeypatch.setattr(sizing, "size_architectures",
                        lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt))
    with pytest.raises(KeyboardInterrupt):  # nothing finished: nothing to keep
        mg.study.architecture_winners(base, grid, progress=False)


# ---------------------------------------------------------------------------- charts
def _sweep_table():
    tiny = _tiny_base()
    system = mg.System(pv=mg.PVPlant(rated_kw=400.0),
                       battery=mg.Battery(energy_kwh=800.0, power_kw=400.0),
                       genset=mg.GensetFleet(unit_rated_kw=400.0, n_units=2))
    base = mg.study.BaseCase(system=system, profiles=tiny.profiles)
    return mg.sweep(base, {"project.fuel_price_per_l": [0.8, 1.4], "capex_multiplier.pv":
                           [0.5, 1.5], "dispatch.strategy": ["cycle_charging"]},
                    progress=False)


def test_charts_bars_lines_and_cells():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    table = _sweep_table()
    ax = mg.plots.tornado(table)
    assert len(ax.patches) == 2 * 3  # a low and a high bar per parameter
    base_npc = table.loc[0, "npc"]
    swing = {name: max(grp["npc"].max(), base_npc) - min(grp["npc"].min(), base_npc)
             for name, grp in table[table["varied"] != "base"].groupby("varied")}
    assert [t.get_text() for t in ax.get_yticklabels()] == sorted(swing, key=swing.get)
    ax = mg.plots.spider(table)
    assert len(ax.lines) == 2 + 1  # the two numeric parameters and the 0 % line
    winners = pd.DataFrame({"project.fuel_price_per_l": [0.8, 1.6, 0.8, 1.6, 0.8, 1.6],
                            "capex_multiplier.pv": [0.5, 0.5, 1.0, 1.0, 2.0, 2.0],
                            "winner": ["PV + battery + gensets", "PV + gensets",
                                       "diesel only", "PV + gensets", "diesel only",
                                       "none feasible"]})
    winners.attrs.update(x="project.fuel_price_per_l", y="capex_multiplier.pv",
                         currency="EUR")
    ax = mg.plots.architecture_map(winners)
    assert len(ax.patches) == 6
    assert sorted(t.get_text() for t in ax.texts) == sorted(
        ["PV+B", "PV", "D", "PV", "D", "–"])
    assert ax.get_xlabel() == "project.fuel_price_per_l [EUR/L]"
    assert ax.get_ylabel() == "capex_multiplier.pv [-]"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["0.5", "1", "2"]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["D: diesel only", "PV: PV + gensets", "PV+B: PV + battery + gensets",
                      "–: none feasible"]
    hatched = [p for p in ax.patches if p.get_hatch()]
    assert len(hatched) == 1
    with pytest.raises(mg.InputError, match="winner"):
        mg.plots.architecture_map(table)
    plt.close("all")


# ---------------------------------------------------------------------------- minegrid run
def _bundled_with_sensitivity() -> str:
    text = bundled("andean_gold_mine").read_text(encoding="utf-8")
    text = text[:text.index("# ---- sensitivity")]
    return text + '''
[sensitivity]
maxiter = 2
popsize = 3
"project.fuel_price_per_l" = [0.9, 1.5]
"capex_multiplier.pv" = [0.8, 1.2]

[sensitivity.two_way]
"project.fuel_price_per_l" = [0.8, 1.6]
"capex_multiplier.battery" = [1.0]
'''


def _sheet_blocks(ws) -> dict:
    """``{heading: DataFrame}`` of the blocks of a sheet (a heading row, a header row, rows)."""
    rows = [list(r) for r in ws.iter_rows(min_row=3, values_only=True)]
    out, k = {}, 0
    while k < len(rows):
        cells = [v for v in rows[k] if v is not None]
        if len(cells) == 1 and k + 1 < len(rows) and sum(v is not None for v in rows[k + 1]):
            header = [v for v in rows[k + 1] if v is not None]
            body = []
            k += 2
            while k < len(rows) and any(v is not None for v in rows[k]):
                body.append(rows[k][:len(header)])
                k += 1
            out[cells[0]] = pd.DataFrame(body, columns=header).set_index(header[0])
        k += 1
    return out


def test_cli_run_writes_sensitivity_against_direct_calls(tmp_path, capsys):
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "mine.toml"
    path.write_text(_bundled_with_sensitivity(), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(path), "--out", str(out), "-q", "--xlsx", "s.xlsx"]) == 0
    printed = capsys.readouterr().out
    assert "Sensitivity, one parameter at a time" in printed
    assert "Which architecture wins where (2 points)" in printed
    assert "maxiter 2, popsize 3" in printed
    # sensitivity.csv: the sweep of the scenario's design, every digit
    sc = mg.load_scenario(path)
    built = sc.build()
    base = mg.study.BaseCase(system=built.system, profiles=built.profiles,
                             project=built.project)
    params = {"project.fuel_price_per_l": [0.9, 1.5], "capex_multiplier.pv": [0.8, 1.2]}
    direct = mg.sweep(base, params, progress=False)
    csv = pd.read_csv(out / "sensitivity.csv", index_col="point")
    assert list(csv.columns) == list(direct.columns) and len(csv) == 5
    for col in ("npc", "lcoe", "fuel_l", "renewable_fraction", "capital",
                "project.fuel_price_per_l", "capex_multiplier.pv"):
        np.testing.assert_allclose(csv[col], direct[col], rtol=1e-15, atol=0)
    assert list(csv["varied"]) == list(direct["varied"])
    # architecture_map.csv: the winner of a point is size_architectures' best there
    winners = pd.read_csv(out / "architecture_map.csv", index_col="point")
    assert list(winners["project.fuel_price_per_l"]) == [0.8, 1.6]
    point = winners.iloc[1]
    direct_arch = mg.size_architectures(
        built.system, built.profiles, sc.design_space(), sc.requirements(),
        project=built.project.replace(fuel_price_per_l=1.6), progress=False,
        **dict(sc.data["sizing"], maxiter=2, popsize=3))
    assert point["winner"] == direct_arch.best
    np.testing.assert_allclose(point["NPC [MUSD]"],
                               direct_arch.frame.loc[direct_arch.best, "NPC [MUSD]"],
                               rtol=1e-15)
    for name, row in direct_arch.frame.iterrows():
        if row["feasible"]:
            np.testing.assert_allclose(point[f"NPC: {name} [MUSD]"], row["NPC [MUSD]"],
                                       rtol=1e-15)
    # the workbook's sensitivity sheet: the same numbers, units in the headers
    wb = openpyxl.load_workbook(out / "s.xlsx")
    assert wb.sheetnames[-1] == "sensitivity"
    blocks = _sheet_blocks(wb["sensitivity"])
    oat = next(v for k, v in blocks.items() if k.startswith("One parameter at a time"))
    for col, head in (("npc", "npc [USD]"), ("lcoe", "lcoe [USD/kWh]"),
                      ("fuel_l", "fuel_l [L/yr]"),
                      ("project.fuel_price_per_l", "project.fuel_price_per_l [USD/L]"),
                      ("capex_multiplier.pv", "capex_multiplier.pv [-]")):
        np.testing.assert_allclose(oat[head].to_numpy(float), direct[col].to_numpy(float),
                                   rtol=2e-15, atol=0)
    two = next(v for k, v in blocks.items() if k.startswith("Which architecture wins where"))
    assert list(two["winner"]) == list(winners["winner"])
    assert "project.fuel_price_per_l [USD/L]" in two.columns and "NPC [MUSD]" in two.columns
    # the report: a Sensitivity section with its table and three charts (two figures)
    html = (out / "report.html").read_text(encoding="utf-8")
    section = html[html.index(". Sensitivity</h2>"):html.index(". Assumptions</h2>")]
    assert section.count("<figure>") == 2 and "Which architecture wins where" in section
    assert "project.fuel_price_per_l" in section and "1.5 USD/L" in section
    # --no-sensitivity skips it
    assert main(["run", str(path), "--out", str(tmp_path / "plain"), "-q", "--no-report",
                 "--no-sensitivity"]) == 0
    assert not (tmp_path / "plain" / "sensitivity.csv").exists()
    assert "Sensitivity" not in capsys.readouterr().out


def test_cli_run_with_size_sweeps_the_sized_design(tmp_path, capsys):
    path = tmp_path / "s.toml"
    path.write_text(SMALL + '\n[sensitivity]\n"project.fuel_price_per_l" = [1.5]\n')
    out = tmp_path / "out"
    assert main(["run", str(path), "--size", "--no-lp", "--no-architectures", "--out",
                 str(out), "-q", "--no-report"]) == 0
    assert "the sized design, simulated" in capsys.readouterr().out
    table = pd.read_csv(out / "sensitivity.csv", index_col="point")
    sizing = pd.read_csv(out / "sizing.csv", index_col=0)
    np.testing.assert_allclose(table["pv_kw"], float(sizing.loc["pv_kw", "value"]),
                               rtol=1e-15)
    summary = pd.read_csv(out / "summary.csv", index_col=0)
    np.testing.assert_allclose(table.loc[0, "npc"] / 1e6, summary.loc["NPC [MUSD]", "design"],
                               rtol=1e-12)
    # an error in the table exits with status 2 before anything is built
    path.write_text(SMALL + '\n[sensitivity]\nweather_year = [1]\n')
    assert main(["run", str(path), "--out", str(tmp_path / "o2"), "-q"]) == 2
    assert "[sensitivity] weather_year" in capsys.readouterr().err


def test_cli_interrupted_map_keeps_the_points_done(tmp_path, monkeypatch, capsys):
    import dataclasses

    import minegrid.sizing as sizing

    real, calls = sizing.size_architectures, []

    def interrupted(*args, **kwargs):  # Ctrl-C during the second point's sizing
        calls.append(1)
        table = real(*args, **kwargs)
        return table if len(calls) == 1 else dataclasses.replace(table, complete=False)

    monkeypatch.setattr(sizing, "size_architectures", interrupted)
    path = tmp_path / "s.toml"
    path.write_text(SMALL + '\n[sensitivity]\nload_scale = [1.1]\n\n[sensitivity.two_way]\n'
                    '"project.fuel_price_per_l" = [0.8, 1.6]\n"capex_multiplier.pv" = [1.0]\n')
    out = tmp_path / "out"
    assert main(["run", str(path), "--out", str(out), "-q"]) == 130
    assert "interrupted" in capsys.readouterr().err
    winners = pd.read_csv(out / "architecture_map.csv", index_col="point")
    assert list(winners["project.fuel_price_per_l"]) == [0.8]
    assert len(pd.read_csv(out / "sensitivity.csv")) == 2
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "PARTIAL" in html and "the points after the last one shown were not sized" in html
