"""The Excel workbook (minegrid.write_workbook and ``minegrid run --xlsx``): sheets, numbers
equal to the result's at full precision, units in the headers, no formula from hostile names."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

openpyxl = pytest.importorskip("openpyxl")

import minegrid as mg  # noqa: E402
from minegrid.cli import main  # noqa: E402
from minegrid.economics import cash_flows  # noqa: E402
from minegrid.report.workbook import column_unit, field_unit  # noqa: E402
from scenarios import plant_mine, small_mine  # noqa: E402

HOSTILE = ('=HYPERLINK("http://evil.example","click")', "+1+2", "-2+3", "@SUM(1,1)")


def same(actual, expected) -> None:
    """Equal to the 16 significant digits a workbook stores (openpyxl writes ``%.16g``)."""
    np.testing.assert_allclose(np.asarray(actual, float), np.asarray(expected, float),
                               rtol=2e-16 * 10, atol=0)


def _profiles(days: int = 365):
    index = pd.date_range("2023-01-01", periods=24 * days, freq="h", tz="Etc/GMT+4")
    hour = np.asarray(index.hour)
    load = pd.Series(500.0 + 80.0 * np.sin(2 * np.pi * hour / 24), index=index)
    pv = pd.Series(np.clip(np.sin((hour - 6) / 12 * np.pi), 0.0, None), index=index)
    return mg.Profiles(load, pv, genset_availability=0.9)


@pytest.fixture(scope="module")
def profiles():
    return _profiles()


@pytest.fixture(scope="module")
def one_fleet(profiles):
    system = mg.System(pv=mg.PVPlant(rated_kw=400.0),
                       battery=mg.Battery(energy_kwh=600.0, power_kw=300.0),
                       genset=mg.GensetFleet(unit_rated_kw=300.0, n_units=3, name=HOSTILE[3]))
    return mg.simulate(system, profiles, dispatch=True)


@pytest.fixture(scope="module")
def plant(profiles):
    gas = mg.Fuel(name=HOSTILE[2], kind="natural_gas", unit="MMBtu", price_per_unit=6.5,
                  co2_kg_per_unit=53.1, delivery="pipeline")
    system = mg.System(
        pv=mg.PVPlant(rated_kw=400.0), battery=mg.Battery(energy_kwh=600.0, power_kw=300.0),
        gensets=(mg.GensetFleet(name=HOSTILE[0], unit_rated_kw=250.0, n_units=2,
                                existing_units=2, fuel=gas,
                                part_load_fuel_per_h=(0.85, 1.35, 1.85, 2.35)),
                 mg.GensetFleet(name=HOSTILE[1], unit_rated_kw=300.0, n_units=2)))
    project = mg.Project(currency="=USD")
    return mg.simulate(system, profiles, project=project, dispatch=True)


def _blocks(ws) -> dict:
    """``{heading: (header, rows)}`` of a sheet written in blocks; the first one is ``None``."""
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    out, k, heading = {}, 0, None
    while k < len(rows):
        row = [v for v in rows[k] if v is not None]
        if not row:
            k += 1
            continue
        if len(row) == 1 and isinstance(row[0], str) and k + 1 < len(rows) and \
                sum(v is not None for v in rows[k + 1]) > 1:
            heading, k = row[0], k + 1
            continue
        header = [v for v in rows[k] if v is not None]
        body = []
        k += 1
        while k < len(rows) and any(v is not None for v in rows[k]):
            body.append(list(rows[k][:len(header)]))
            k += 1
        out[heading] = (header, body)
        heading = "?"  # a note or a block without heading
    return out


def _table(ws, heading=None) -> pd.DataFrame:
    header, body = _blocks(ws)[heading]
    return pd.DataFrame(body, columns=header).set_index(header[0])


def _cells(wb):
    for ws in wb:
        for row in ws.iter_rows():
            yield from (c for c in row if c.value is not None)


def test_one_fleet_workbook(one_fleet, tmp_path):
    r = one_fleet
    path = mg.write_workbook(r, tmp_path / "sub" / "one.xlsx", assumptions={"Scenario": "t"})
    assert path.is_file()
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["assumptions", "designs", "costs", "cash flow", "monthly energy"]
    # designs: the summary, every digit
    summary = _table(wb["designs"])
    expected = r.summary()
    assert list(summary.index) == list(expected.index)
    assert list(summary.columns) == ["design", "diesel only"]
    same(summary.to_numpy(float), expected.to_numpy(float))
    # costs by component, with the unit in each header
    costs = _table(wb["costs"])
    frame = r.costs.to_frame()
    assert list(costs.columns[:-1]) == [f"{c} [USD]" for c in frame.columns]
    assert costs.columns[-1] == "life [yr]"
    same(costs.iloc[:, :-1].to_numpy(float), frame.to_numpy(float))
    econ = _table(wb["costs"], "Economics")
    same(econ.loc["net present cost", "value [unit]"], r.costs.npc)
    assert econ.loc["levelised cost of electricity", "unit"] == "USD/kWh"
    # cash flow by component: the components that cost something, every year
    flows = _table(wb["cash flow"])
    full = cash_flows(r.costs, r.project, by_component=True)
    assert list(flows.index) == list(full.index)
    assert all(h.endswith("[USD]") for h in flows.columns)
    assert "wind capital [USD]" not in flows.columns  # no wind: left out
    for col in ("battery_replacement", "genset_fuel", "pv_capital", "total", "discounted"):
        same(flows[f"{col.replace('_', ' ')} [USD]"].to_numpy(float),
                                      full[col].to_numpy(float))
    assert flows["discounted [USD]"].sum() == pytest.approx(r.costs.npc, rel=1e-12)
    # monthly energy: twelve months and a total equal to the year's statistics
    monthly = _table(wb["monthly energy"])
    assert len(monthly) == 13 and monthly.index[-1] == "total"
    assert [(m.year, m.month) for m in monthly.index[:12]] == [(2023, k) for k in range(1, 13)]
    total, s = monthly.loc["total"], r.stats
    assert total["load [MWh]"] == pytest.approx(s.load_kwh / 1e3, rel=1e-12)
    assert total["genset output [MWh]"] == pytest.approx(s.genset_kwh / 1e3, rel=1e-9)
    assert total["fuel [kL]"] == pytest.approx(s.fuel_l / 1e3, rel=1e-9)
    assert total["genset running [unit-h]"] == pytest.approx(s.unit_running_hours, rel=1e-12)
    months = monthly.iloc[:12]
    to_load = [c for c in monthly.columns if " to load " in c or c.startswith("unserved")]
    np.testing.assert_allclose(months[to_load].sum(axis=1), months["load [MWh]"], rtol=1e-9)
    assert all("[" in c for c in monthly.columns)
    # the header row and the label column are frozen; numbers are numbers, formatted
    for ws in wb:
        assert ws.freeze_panes == "B4", ws.title
    cell = wb["costs"]["B4"]
    assert isinstance(cell.value, float | int) and cell.number_format != "General"
    assert wb["monthly energy"]["A4"].number_format == "mmm yyyy"
    assert wb["costs"].column_dimensions["A"].width >= len("converter")


def test_assumptions_every_input_with_units(one_fleet, tmp_path):
    wb = openpyxl.load_workbook(mg.write_workbook(one_fleet, tmp_path / "a.xlsx"))
    header, rows = _blocks(wb["assumptions"])[None]
    assert header == ["group", "field", "unit", "value [unit]"]
    got = {(g, f): (u, v) for g, f, u, v in rows}
    system, project = one_fleet.system, one_fleet.project
    for group, obj in (("Project", project), ("PV plant", system.pv),
                       ("Battery", system.battery), ("Gensets", system.genset),
                       ("Dispatch", system.dispatch)):
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if f.name == "fuel":
                value = value.name
            if f.name == "motor_starts" and not value:
                value = "none"
            unit, shown = got[(group, f.name)]
            assert shown == value, (group, f.name)
    for (group, name), (unit, _) in got.items():
        if group != "Study" and name.endswith(("_kw", "_kwh", "_per_kw", "_years")) and \
                name != "fuel_intercept_l_per_kwh":  # a former name, None
            assert unit, (group, name)
    assert got[("Project", "fuel_price_per_l")][0] == "USD/L"
    assert got[("Battery", "om_per_kwh_year")][0] == "USD/(kWh·yr)"
    assert got[("Gensets", "life_hours")] == ("h", 60000)
    # the report's assumption rows are all there
    from minegrid.report import assumptions_table

    assert {(g, f) for g, f, _ in assumptions_table(one_fleet)} <= set(got)


def test_plant_workbook_and_hostile_names(plant, tmp_path):
    r = plant
    path = mg.write_workbook(r, tmp_path / "plant.xlsx")
    wb = openpyxl.load_workbook(path)
    # nothing became a formula; the hostile names are there, as text, quote-prefixed
    cells = list(_cells(wb))
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = {c.value for c in cells if isinstance(c.value, str)}
    for name in (*HOSTILE[:3], "=USD"):
        assert name in texts, name
    risky = [c for c in cells if isinstance(c.value, str) and c.value.startswith(("=", "+", "@"))]
    assert risky and all(c.quotePrefix for c in risky)
    assert "capital [=USD]" in _blocks(wb["costs"])[None][0]
    # per type and per fuel, every digit
    fleets = _table(wb["costs"], "Genset types (costs: present value)")
    assert list(fleets.index) == list(r.fleets.index) == list(HOSTILE[:2])
    for col in ("capital", "fuel", "total"):
        same(fleets[f"{col} [=USD]"].to_numpy(float),
                                      r.fleets[col].to_numpy(float))
    same(fleets["running [unit-h/yr]"].to_numpy(float),
                                  r.fleets["running [unit-h/yr]"].to_numpy(float))
    fuels = _table(wb["costs"], "Fuels (per genset type and fuel; unit: the fuel's)")
    same(fuels["quantity [unit/yr]"].to_numpy(float),
                                  r.fuels["quantity_per_year"].to_numpy(float))
    assert list(fuels["unit"]) == list(r.fuels["unit"])
    assert "cost [=USD/yr]" in fuels.columns and "CO2 [t/yr]" in fuels.columns
    # the monthly energy per type, each fuel in its unit
    monthly = _table(wb["monthly energy"])
    total = monthly.loc["total"]
    for name, row in r.fleets.iterrows():
        unit = row["fuel unit"]
        assert total[f"fuel {name} [{unit}]"] == pytest.approx(row["fuel burnt [unit/yr]"],
                                                                rel=1e-9)
        assert total[f"gensets to load: {name} [MWh]"] > 0
    # the assumptions list each type and its fuel, with the fuel's unit
    got = {(g, f): (u, v) for g, f, u, v in _blocks(wb["assumptions"])[None][1]}
    assert got[(f"Genset type: {HOSTILE[0]}", "part_load_fuel_per_h[4]")] == ("MMBtu/h", 2.35)
    assert got[(f"Fuel: {HOSTILE[2]}", "price_per_unit")] == ("=USD/MMBtu", 6.5)
    assert got[(f"Genset type: {HOSTILE[0]}", "fuel")][1] == HOSTILE[2]


def test_control_characters_are_dropped(one_fleet, tmp_path):
    path = mg.write_workbook(one_fleet, tmp_path / "c.xlsx", assumptions={"Note": "bell\x07"})
    assert "bell" in {c.value for c in _cells(openpyxl.load_workbook(path))}


def test_no_dispatch_simulates_again_with_the_profiles(one_fleet, profiles, tmp_path):
    bare = mg.simulate(one_fleet.system, profiles)
    assert bare.dispatch is None
    wb = openpyxl.load_workbook(mg.write_workbook(bare, tmp_path / "p.xlsx",
                                                  profiles=profiles))
    ref = openpyxl.load_workbook(mg.write_workbook(one_fleet, tmp_path / "d.xlsx"))
    pd.testing.assert_frame_equal(_table(wb["monthly energy"]), _table(ref["monthly energy"]))
    wb = openpyxl.load_workbook(mg.write_workbook(bare, tmp_path / "n.xlsx"))
    text = wb["monthly energy"]["A3"].value
    assert "dispatch=True" in text and "profiles=" in text


def test_sizing_and_sensitivity_sheets(one_fleet, profiles, tmp_path):
    system = one_fleet.system
    sizing = mg.size(system, profiles, mg.DesignSpace(pv_kw=(0.0, 1500.0),
                                                      battery_kwh=(0.0, 2000.0)),
                     mg.Requirements(max_unserved_fraction=0.0), maxiter=2, popsize=3,
                     progress=False)
    base = mg.study.BaseCase(system=system, profiles=profiles)
    sweep = mg.sweep(base, {"project.fuel_price_per_l": [0.8, 1.4],
                            "capex_multiplier.pv": [0.8, 1.2]}, progress=False)
    result = mg.simulate(sizing.design, profiles, dispatch=True)
    path = mg.write_workbook(result, tmp_path / "s.xlsx", sizing=sizing, study=sweep)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["assumptions", "designs", "sizing history", "costs", "cash flow",
                             "monthly energy", "sensitivity"]
    checks = _table(wb["designs"], "Decision variables, objective and requirements")
    frame = sizing.to_frame()
    same(checks["value [unit]"].to_numpy(float),
                                  frame["value"].to_numpy(float))
    assert checks.loc["npc", "unit"] == "USD"
    history = _table(wb["sizing history"])
    assert len(history) == len(sizing.history)
    assert history.index[0] in sizing.history.index
    assert "npc [USD]" in history.columns and "fuel_l [L/yr]" in history.columns
    best = sizing.history[sizing.history["feasible"]]["objective"].min()
    same(history["objective [USD]"].iloc[0], best)
    table = _table(wb["sensitivity"])
    assert len(table) == len(sweep)
    for col, head in (("npc", "npc [USD]"), ("lcoe", "lcoe [USD/kWh]"),
                      ("project.fuel_price_per_l", "project.fuel_price_per_l [USD/L]"),
                      ("capex_multiplier.pv", "capex_multiplier.pv [-]")):
        same(table[head].to_numpy(float), sweep[col].to_numpy(float))
    assert list(table["varied"]) == list(sweep["varied"])
    assert wb["sensitivity"].auto_filter.ref.startswith("A3:")


def test_bad_arguments(one_fleet, tmp_path):
    with pytest.raises(mg.InputError, match="SimulationResult"):
        mg.write_workbook("not a result", tmp_path / "x.xlsx")
    with pytest.raises(mg.InputError, match="study"):
        mg.write_workbook(one_fleet, tmp_path / "x.xlsx", study=[1, 2])
    assert not (tmp_path / "x.xlsx").exists()


def test_units():
    assert field_unit(mg.GensetFleet, "fuel_slope_l_per_kwh") == "L/kWh"
    assert field_unit(mg.WindPlant(), "lifetime_years") == "yr"  # "As for PVPlant"
    assert field_unit(mg.Project(), "carbon_price_per_t", "EUR") == "EUR/t"
    assert column_unit("unserved_hours") == "h/yr" and column_unit("g_n_plus_1") == "-"
    assert column_unit("n_units[new diesel]") == "-" and column_unit("varied") is None
    from minegrid import components

    # every number of every component has a unit in its docstring (a new field needs one)
    missing = []
    for name in ("PVPlant", "WindPlant", "Battery", "GensetFleet", "Converter", "Fuel",
                 "DualFuel", "Dispatch", "Project"):
        cls = getattr(components, name)
        for f in dataclasses.fields(cls):
            if "float" in str(f.type) and field_unit(cls, f.name) is None:
                missing.append(f"{name}.{f.name}")
    assert missing == ["GensetFleet.fuel_intercept_l_per_kwh"]  # the former name


def test_cli_run_xlsx(tmp_path, capsys):
    path = tmp_path / "s.toml"
    path.write_text(small_mine(search=False))
    out = tmp_path / "out"
    assert main(["run", str(path), "--out", str(out), "-q", "--no-report",
                 "--xlsx", "client.xlsx"]) == 0
    wb = openpyxl.load_workbook(out / "client.xlsx")
    # the scenario's load is process areas: its shedding table too (nothing shed here)
    assert wb.sheetnames == ["assumptions", "designs", "costs", "cash flow", "monthly energy",
                             "load shedding"]
    study = {f: v for g, f, _, v in _blocks(wb["assumptions"])[None][1] if g == "Study"}
    assert study["Scenario"] == "cli" and study["Weather"].startswith("SYNTHETIC")
    summary = pd.read_csv(out / "summary.csv", index_col=0)
    same(_table(wb["designs"]), summary)
    assert len(_table(wb["monthly energy"])) == 13
    # refused names: nothing outside the output folder, exit status 2
    for bad in ("../x.xlsx", "/tmp/x.xlsx", "my book.xlsx", "x.csv"):
        capsys.readouterr()
        assert main(["run", str(path), "--out", str(tmp_path / "o2"), "-q",
                     "--xlsx", bad]) == 2
        assert "--xlsx" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists() and not (tmp_path / "o2").exists()
    # --force replaces the workbook of an earlier run
    (out / "client.xlsx").write_text("old")
    assert main(["run", str(path), "--out", str(out), "-q", "--no-report", "--force",
                 "--xlsx", "client.xlsx"]) == 0
    assert openpyxl.load_workbook(out / "client.xlsx").sheetnames[0] == "assumptions"


def test_cli_plant_xlsx_hostile_names(tmp_path):
    import json

    path = tmp_path / "p.toml"
    path.write_text(plant_mine(gas_name=json.dumps(HOSTILE[0]), diesel_name=json.dumps("@x"),
                               fuel_name=json.dumps("=gas")))
    out = tmp_path / "out"
    assert main(["run", str(path), "--out", str(out), "-q", "--no-report",
                 "--xlsx", "plant.xlsx"]) == 0
    wb = openpyxl.load_workbook(out / "plant.xlsx")
    cells = list(_cells(wb))
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert {HOSTILE[0], "@x", "=gas"} <= {c.value for c in cells}
    fleets = _table(wb["costs"], "Genset types (costs: present value)")
    assert list(fleets.index) == [HOSTILE[0], "@x"]


def test_cli_interrupt_writes_a_partial_workbook(tmp_path, monkeypatch, capsys):
    from minegrid import scenario as sc_mod

    def boom(self, *a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(sc_mod.Scenario, "size", boom)
    path = tmp_path / "s.toml"
    path.write_text(small_mine())
    out = tmp_path / "partial"
    assert main(["run", str(path), "--size", "--out", str(out), "-q", "--no-report",
                 "--xlsx", "p.xlsx"]) == 130
    wb = openpyxl.load_workbook(out / "p.xlsx")
    assert all(ws["A1"].value.startswith("PARTIAL: ") for ws in wb)
    assert "p.xlsx" in capsys.readouterr().err


def test_architectures_sheet_and_a_scenario_sensitivity(one_fleet, profiles, tmp_path):
    from minegrid.scenario import SensitivityResult

    system = one_fleet.system
    space = mg.DesignSpace(pv_kw=(0.0, 1500.0), battery_kwh=(0.0, 2000.0))
    table = mg.size_architectures(system, profiles, space, maxiter=2, popsize=3, seed=0,
                                  progress=False)
    base = mg.study.BaseCase(system=system, profiles=profiles, space=space,
                             size_options={"maxiter": 2, "popsize": 3, "seed": 0})
    sweep = mg.sweep(base, {"project.discount_rate": [0.05, 0.12]}, progress=False)
    winners = mg.study.architecture_winners(base, {"project.fuel_price_per_l": [0.6, 1.8],
                                                   "capex_multiplier.pv": [1.0]},
                                            progress=False)
    sens = SensitivityResult(table=sweep, winners=winners, size_options=base.size_options)
    path = mg.write_workbook(one_fleet, tmp_path / "a.xlsx", architectures=table, study=sens)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["assumptions", "designs", "architectures", "costs", "cash flow",
                             "monthly energy", "sensitivity"]
    arch = _table(wb["architectures"])
    assert list(arch.index) == list(table.frame.index)
    numeric = [c for c in table.frame.columns if c != "feasible"]
    assert list(arch.columns) == [*table.frame.columns, "requirements missed", "note"]
    assert all("[" in c for c in numeric)  # every number's header has its unit
    same(arch[numeric].to_numpy(float), table.frame[numeric].to_numpy(float))
    assert list(arch["feasible"]) == list(table.frame["feasible"])
    blocks = _blocks(wb["sensitivity"])
    oat = next(h for h in blocks if h and h.startswith("One parameter at a time"))
    header, rows = blocks[oat]
    got = pd.DataFrame(rows, columns=header).set_index(header[0])
    same(got["project.discount_rate [1/yr]"].to_numpy(float),
         sweep["project.discount_rate"].to_numpy(float))
    same(got["npc [USD]"].to_numpy(float), sweep["npc"].to_numpy(float))
    two = next(h for h in blocks if h and h.startswith("Which architecture wins where"))
    header, rows = blocks[two]
    got = pd.DataFrame(rows, columns=header).set_index(header[0])
    assert list(got["winner"]) == list(winners["winner"])
    same(got["project.fuel_price_per_l [USD/L]"].to_numpy(float), [0.6, 1.8])
    for col in [c for c in winners.columns if c.startswith("NPC")]:
        same(got[col].to_numpy(float), winners[col].to_numpy(float))
    with pytest.raises(mg.InputError, match="ArchitectureTable"):
        mg.write_workbook(one_fleet, tmp_path / "b.xlsx", architectures=sweep)
