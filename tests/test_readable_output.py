"""Output for people: the dispatch week stacks up to the load, genset lives are capped at the
project, the CLI and the report round numbers for reading, and the CSV files keep every digit.

The stack is checked on what is drawn (the vertices of the filled areas), on the demo, on a
converter case and on a plant of two genset types; the flows behind it are checked against
each source's output (to the load + to the battery + curtailed or dumped = its output).
"""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

import minegrid as mg
from minegrid.cli import main
from minegrid.plots.flows import LOST, TO_BATTERY, TO_LOAD
from minegrid.report.markup import genset_life, salvage_fraction
from minegrid.report.readable import quantity, salvage_note
from minegrid.report.text import number, summary_cell, summary_text
from scenarios import plant_mine, small_mine

HOURS = 24 * 21


def _profiles():
    index = pd.date_range("2023-03-01", periods=HOURS, freq="h", tz="Etc/GMT+4")
    hour = index.hour.to_numpy()
    step = np.arange(HOURS)
    pv = pd.Series(np.clip(np.sin((hour - 6) / 12 * np.pi), 0, None), index=index)
    load = pd.Series(700.0 + 120 * np.cos(hour / 24 * 2 * np.pi), index=index)
    # wind above the load on some nights: a wind surplus that charges and is curtailed
    wind = pd.Series(np.minimum(350.0 * (1 + np.sin(step / 23)) * (1 + 0.4 * np.sin(step / 5)),
                                900.0), index=index)
    return load, pv, wind


def _system(**kw):
    return mg.System(pv=mg.PVPlant(rated_kw=1200.0),
                     wind=mg.WindPlant(n_turbines=1, turbine_rated_kw=900.0),
                     battery=mg.Battery(energy_kwh=2500.0, power_kw=700.0),
                     genset=kw.pop("genset", mg.GensetFleet(unit_rated_kw=300.0, n_units=4)),
                     dispatch=mg.Dispatch(strategy="cycle_charging"), **kw)


@pytest.fixture(scope="module")
def one_bus():
    load, pv, wind = _profiles()
    return mg.simulate(_system(), load, pv, wind, dispatch=True, base_case=False)


@pytest.fixture(scope="module")
def converter():
    load, pv, wind = _profiles()
    system = _system(converter=mg.Converter(inverter_kw=800.0, rectifier_kw=400.0,
                                            inverter_efficiency=0.95,
                                            rectifier_efficiency=0.9))
    return mg.simulate(system, load, 1.1 * pv, wind, dispatch=True, base_case=False)


@pytest.fixture(scope="module")
def plant():
    load, pv, wind = _profiles()
    gas = mg.Fuel(name="pipeline gas", kind="natural_gas", unit="MMBtu", price_per_unit=6.5,
                  co2_kg_per_unit=59.19, delivery="pipeline")
    owned = mg.GensetFleet(name="owned gas", fuel=gas, unit_rated_kw=250.0, n_units=2,
                           existing_units=2, part_load_fuel_per_h=(0.85, 1.35, 1.85, 2.35),
                           min_run_h=2.0)
    new = mg.GensetFleet(name="new diesel", unit_rated_kw=300.0, n_units=2)
    system = mg.System(pv=mg.PVPlant(rated_kw=1200.0),
                       wind=mg.WindPlant(n_turbines=1, turbine_rated_kw=900.0),
                       battery=mg.Battery(energy_kwh=2500.0, power_kw=700.0),
                       gensets=(owned, new), dispatch=mg.Dispatch(strategy="cycle_charging"))
    return mg.simulate(system, load, pv, wind, dispatch=True, base_case=False)


@pytest.fixture(scope="module")
def demo():
    case = mg.datasets.andean_gold_mine()
    return mg.simulate(case.system, case.profiles, project=case.project, dispatch=True)


# --------------------------------------------------------------------------- the flows
@pytest.mark.parametrize("name", ["one_bus", "converter", "plant", "demo"])
def test_flows_add_up_to_the_load_and_to_each_source(name, request):
    r = request.getfixturevalue(name)
    f = mg.plots.dispatch_flows(r)
    d = r.dispatch
    assert (f.drop(columns="load_kw") >= 0).all().all()
    np.testing.assert_allclose(f[list(TO_LOAD)].sum(axis=1), d["load_kw"], rtol=0, atol=1e-6)
    conv = r.system.converter
    eta_inv = 1.0 if conv is None else conv.inverter_efficiency
    eta_rec = 1.0 if conv is None else conv.rectifier_efficiency
    # each source's output: to the load + to the battery + curtailed (or dumped)
    np.testing.assert_allclose(f["pv_to_load_kw"] / eta_inv + f["pv_to_battery_kw"]
                               + f["pv_curtailed_kw"], d["pv_kw"], rtol=0, atol=1e-6)
    np.testing.assert_allclose(f["wind_to_load_kw"] + f["wind_to_battery_kw"]
                               + f["wind_curtailed_kw"], d["wind_kw"], rtol=0, atol=1e-6)
    np.testing.assert_allclose(f["genset_to_load_kw"] + f["genset_to_battery_kw"]
                               + f["genset_dumped_kw"], d["genset_kw"], rtol=0, atol=1e-6)
    # what enters the battery, and its discharge to the load (AC)
    np.testing.assert_allclose(f["pv_to_battery_kw"] + eta_rec * (f["wind_to_battery_kw"]
                               + f["genset_to_battery_kw"]), (-d["battery_kw"]).clip(lower=0),
                               rtol=0, atol=1e-6)
    np.testing.assert_allclose(f["battery_to_load_kw"], eta_inv * d["battery_kw"].clip(lower=0),
                               rtol=0, atol=1e-6)


def test_the_cases_exercise_every_flow(one_bus, converter, plant):
    for r in (one_bus, converter, plant):
        f = mg.plots.dispatch_flows(r)
        for col in ("pv_to_load_kw", "wind_to_load_kw", "battery_to_load_kw",
                    "genset_to_load_kw", *TO_BATTERY, "pv_curtailed_kw"):
            assert f[col].max() > 1.0, col
    f = mg.plots.dispatch_flows(converter)
    assert f["pv_to_load_kw"].max() <= 800.0 + 1e-6  # through the inverter
    assert f["wind_to_battery_kw"].add(f["genset_to_battery_kw"]).max() <= 400.0 + 1e-6


def test_plant_flows_by_type(plant):
    f = mg.plots.dispatch_flows(plant)
    names = [g.name for g in plant.system.gensets]
    for kind in ("genset_to_load_kw", "genset_to_battery_kw", "genset_dumped_kw"):
        parts = f[[f"{kind}[{n}]" for n in names]].sum(axis=1)
        np.testing.assert_allclose(parts, f[kind], rtol=0, atol=1e-6)
    for n in names:  # each type's share is its output's share
        out = f[f"genset_to_load_kw[{n}]"] + f[f"genset_to_battery_kw[{n}]"] \
            + f[f"genset_dumped_kw[{n}]"]
        np.testing.assert_allclose(out, plant.dispatch[f"genset_kw[{n}]"], rtol=0, atol=1e-6)


def test_flows_by_hand_with_a_converter():
    """Two hand steps: PV through a full inverter charging the battery and curtailed; and a
    step where the battery discharges while a genset at minimum load charges it."""
    from types import SimpleNamespace

    conv = mg.Converter(inverter_kw=800.0, rectifier_kw=400.0, inverter_efficiency=0.96,
                        rectifier_efficiency=0.96)
    system = mg.System(pv=mg.PVPlant(rated_kw=1000.0),
                       battery=mg.Battery(energy_kwh=1000.0, power_kw=500.0),
                       genset=mg.GensetFleet(unit_rated_kw=300.0, n_units=1), converter=conv)
    frame = pd.DataFrame({
        "load_kw": [700.0, 700.0], "pv_kw": [1000.0, 0.0], "wind_kw": [100.0, 400.0],
        "genset_kw": [0.0, 90.0], "battery_kw": [-300.0, 240.0 / 0.96 - 30.0 * 0.96],
        "unserved_kw": [0.0, 0.0], "curtailed_kw": [75.0, 0.0], "dumped_kw": [0.0, 0.0],
        "curtailed_pv_kw": [75.0, 0.0], "inverter_kw": [600.0, 240.0],
        "rectifier_kw": [0.0, 30.0]})
    f = mg.plots.dispatch_flows(SimpleNamespace(dispatch=frame, system=system))
    expect = {"pv_to_load_kw": [600.0, 0.0], "wind_to_load_kw": [100.0, 400.0],
              "battery_to_load_kw": [0.0, 240.0], "genset_to_load_kw": [0.0, 60.0],
              "pv_to_battery_kw": [300.0, 0.0], "wind_to_battery_kw": [0.0, 0.0],
              "genset_to_battery_kw": [0.0, 30.0], "battery_charge_kw": [300.0, 28.8],
              "pv_curtailed_kw": [75.0, 0.0], "wind_curtailed_kw": [0.0, 0.0]}
    for col, values in expect.items():
        np.testing.assert_allclose(f[col], values, rtol=0, atol=1e-9, err_msg=col)


# --------------------------------------------------------------------------- the drawn week
def _edge(ax, gid, top: bool):
    """The top (or bottom) edge of the areas with ``gid``, as {x: y} [MW], from the vertices."""
    edge: dict[float, float] = {}
    for coll in ax.collections:
        if coll.get_gid() != gid:
            continue
        for path in coll.get_paths():
            for x, y in path.vertices:
                best = edge.get(x)
                edge[x] = y if best is None else (max(best, y) if top else min(best, y))
    return edge


def _draw(result, start):
    ax = Figure().subplots()
    mg.plots.dispatch_week(result, start, days=7, ax=ax, soc=False)
    return ax


@pytest.mark.parametrize("name, start", [("one_bus", "2023-03-05"), ("converter", "2023-03-05"),
                                         ("plant", "2023-03-05"), ("demo", None),
                                         ("demo", "2023-01-10")])
def test_drawn_stack_top_is_the_load_and_charging_is_below(name, start, request):
    r = request.getfixturevalue(name)
    ax = _draw(r, start)
    load = next(line for line in ax.get_lines() if line.get_label() == "Load [MW]")
    xs, ys = load.get_xydata().T
    top = _edge(ax, "to-load", top=True)
    assert len(top) == len(xs)
    drawn = np.array([top[x] for x in xs])
    np.testing.assert_allclose(drawn * 1e3, ys * 1e3, rtol=0, atol=1e-6)  # kW
    # below zero: charging plus losses, every hour
    f = mg.plots.dispatch_flows(r)
    window = f.loc[pd.DatetimeIndex(load.get_xdata())]
    np.testing.assert_allclose(window["load_kw"], ys * 1e3, rtol=0, atol=1e-9)
    down = window[list(TO_BATTERY) + list(LOST)].sum(axis=1).to_numpy()
    bottom = _edge(ax, "from-load", top=False)
    if down.max() > 0:
        drawn_down = np.array([min(bottom.get(x, 0.0), 0.0) for x in xs])
        np.testing.assert_allclose(-drawn_down * 1e3, down, rtol=0, atol=1e-6)
    else:
        assert not bottom


def test_the_week_legend_names_each_flow_with_its_unit(one_bus, plant):
    ax = _draw(one_bus, "2023-03-05")
    labels = ax.get_legend_handles_labels()[1]
    for word in ("PV to load", "Wind to load", "Battery discharge to load", "Gensets to load",
                 "Battery charging from PV", "Battery charging from wind",
                 "Battery charging from gensets", "Curtailed PV and wind", "Load"):
        assert any(lab.startswith(word) for lab in labels), word
    assert all(lab.endswith("[MW]") for lab in labels)
    labels = _draw(plant, "2023-03-05").get_legend_handles_labels()[1]
    assert "Gensets owned gas to load [MW]" in labels
    assert "Gensets new diesel to load [MW]" in labels
    assert "Gensets to load [MW]" not in labels
    # with the state of charge on a twin axis, it has its unit too
    ax = Figure().subplots()
    mg.plots.dispatch_week(one_bus, "2023-03-05", ax=ax)
    assert "State of charge [%]" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_demo_week_no_longer_overshoots(demo):
    """The issue's case: before, the stack stood up to ~2 MW above the load in the demo."""
    f = mg.plots.dispatch_flows(demo)
    stacked = f[list(TO_LOAD)].sum(axis=1)
    assert (stacked - f["load_kw"]).abs().max() < 1e-6
    assert f[list(TO_BATTERY)].sum(axis=1).max() > 100.0  # charging exists, drawn apart


# --------------------------------------------------------------------------- genset lives
def test_genset_life_text():
    assert genset_life(141.2, 425.0, 20) == "> 20 yr (project), 425 h/yr per unit"
    assert genset_life(20.0, 3000.0, 20) == "20.0 yr, 3,000 h/yr per unit"
    assert genset_life(7.61, 7936.4, 15) == "7.6 yr, 7,936 h/yr per unit"
    assert genset_life(float("inf"), 0.0, 25) == "> 25 yr (project), never runs"
    assert salvage_fraction(141.2, 20) == pytest.approx(1 - 20 / 141.2)
    assert salvage_fraction(8.0, 20) == pytest.approx(0.5)  # replaced at 8, 16; 4 of 8 yr left
    assert salvage_fraction(10.0, 20) == pytest.approx(0.0)


@pytest.fixture(scope="module")
def little_used():
    """Ten 300 kW units for a 450 kW load: each runs a fifth of the year, lives ~34 years."""
    system = mg.System(genset=mg.GensetFleet(unit_rated_kw=300.0, n_units=10))
    return mg.simulate(system, np.full(8760, 450.0), project=mg.Project(lifetime_years=20))


def test_report_caps_the_life_and_explains_the_salvage(little_used, tmp_path):
    r = little_used
    hours = r.stats.unit_running_hours / 10
    assert r.costs.lives["genset"] > 20
    text = mg.write_report(r, tmp_path / "r.html", figures=False).read_text(encoding="utf-8")
    design = text.split("Recommended design")[1].split("<h2>")[0]
    assert f"&gt; 20 yr (project), {hours:,.0f} h/yr per unit" in design
    assert f"{r.costs.lives['genset']:,.1f} yr" not in text
    costs = text.split("Costs</h2>")[1].split("<h2>")[0]
    note = salvage_note(r)
    assert "remaining" in note or "running hours they have left" in note
    assert "linear salvage" in note
    keep = salvage_fraction(r.costs.lives["genset"], 20)
    assert f"{100 * keep:.0f} %" in note
    assert note.replace("'", "&#x27;") in costs
    # what the sentence says is what is priced: capital x share of life left, discounted
    discount = (1 + r.project.discount_rate) ** -20
    assert -r.costs.genset.salvage == pytest.approx(r.costs.genset.capital * keep * discount,
                                                    rel=1e-9)


def test_cli_prints_capped_lives(little_used):
    line = summary_text(little_used).split("genset life:")[1].splitlines()[0]
    assert "design > 20 yr (project)" in line and "h/yr per unit" in line


def test_plant_lives_in_report_and_cli(tmp_path):
    path = tmp_path / "plant.toml"
    path.write_text(plant_mine())
    out = tmp_path / "out"
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["run", str(path), "--out", str(out), "-q"]) == 0
    printed = buf.getvalue()
    types = printed.split("Genset types")[1].split("Fuels (per year)")[0]
    assert types.count("h/yr per unit") == 2  # each type's life with its hours beside
    page = (out / "report.html").read_text(encoding="utf-8")
    plant = page.split("Genset plant</h2>")[1].split("<h2>")[0]
    assert plant.count("h/yr per unit") == 2
    costs = page.split("Costs</h2>")[1].split("<h2>")[0]
    assert "linear salvage" in costs


# --------------------------------------------------------------------------- rounding
def test_number_and_summary_cells():
    assert number(-0.0001, 2) == "0.00" and number(1234.5) == "1,234"  # no "-0.00"
    assert summary_cell("NPC [MUSD]", 103.85666, "USD") == "103.86"
    assert summary_cell("annualised [MUSD/yr]", 12.1335, "USD") == "12.13"
    assert summary_cell("LCOE [USD/kWh]", 0.2474088, "USD") == "0.247"
    assert summary_cell("renewable fraction [%]", 42.0202, "USD") == "42.0"
    assert summary_cell("unserved [%]", 0.01234, "USD") == "0.01"
    assert summary_cell("PV [kW DC]", 22807.27, "USD") == "22,807"
    assert summary_cell("genset running [unit-h/yr]", 49293.0, "USD") == "49,293"
    assert summary_cell("gensets [units x kW]", "11 x 1000", "USD") == "11 x 1000"
    assert summary_cell("pipeline gas [MMBtu/yr]", np.float64(28555.4), "USD") == "28,555"
    assert quantity("min_renewable_fraction", "-", 0.5, "USD") == ("50.00", "%")
    assert quantity("lcoe", "currency/kWh", 0.15123, "USD") == ("0.151", "USD/kWh")
    assert quantity("max_capital", "currency", 5.5e6, "EUR") == ("5.50", "MEUR")
    assert quantity("pv_kw", "kW DC", 22807.3, "USD") == ("22,807", "kW DC")


def _summary_rows(printed: str) -> dict[str, list[str]]:
    """The printed summary table: row label -> its cells."""
    lines = printed.splitlines()
    head = next(i for i, line in enumerate(lines) if line.split()[:1] == ["design"])
    rows = {}
    for line in lines[head + 1:]:
        if not line.strip():
            break
        label = line[:line.index("]") + 1] if "]" in line else line.split()[0]
        rows[label.strip()] = line[len(label):].split()
    return rows


def _run(tmp_path, text, *extra):
    import contextlib
    import io

    path = tmp_path / "s.toml"
    path.write_text(text)
    out = tmp_path / "out"
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["run", str(path), "--out", str(out), "-q", *extra]) == 0
    return path, out, buf.getvalue()


@pytest.fixture(scope="module")
def sized_run(tmp_path_factory):
    return _run(tmp_path_factory.mktemp("sized"), small_mine(), "--size", "--no-lp")


def test_cli_summary_is_rounded_for_reading(sized_run):
    _, _, printed = sized_run
    rows = _summary_rows(printed)
    whole = re.compile(r"^-?\d{1,3}(,\d{3})*$")
    for label in ("PV [kW DC]", "battery [kWh]", "battery [kW]", "load [MWh/yr]",
                  "fuel [kL/yr]", "CO2 [t/yr]", "genset running [unit-h/yr]",
                  "battery cycles [1/yr]"):
        assert all(whole.match(c) for c in rows[label]), (label, rows[label])
    for label, digits in (("NPC [MUSD]", 2), ("capital [MUSD]", 2),
                          ("annualised [MUSD/yr]", 2), ("LCOE [USD/kWh]", 3),
                          ("renewable fraction [%]", 1), ("unserved [%]", 2)):
        pattern = re.compile(rf"^-?\d{{1,3}}(,\d{{3}})*\.\d{{{digits}}}$")
        assert all(pattern.match(c) for c in rows[label]), (label, rows[label])
    # nowhere more than 3 decimals (the weather line and design checks have 3 at most)
    assert not re.search(r"\d\.\d{4,}", printed), re.search(r".*\d\.\d{4,}.*", printed)[0]
    savings = next(line for line in printed.splitlines() if line.startswith("Savings("))
    assert re.search(r"NPC -?[\d,]+\.\d\d MUSD", savings)
    assert re.search(r"extra capital -?[\d,]+\.\d\d MUSD", savings)
    sizing = printed.split("SizingResult")[1].split("\n\n")[0]
    npc_line = next(line for line in sizing.splitlines() if line.strip().startswith("npc "))
    assert re.search(r"\d\.\d\d\s+MUSD$", npc_line)
    pv_line = next(line for line in sizing.splitlines() if line.strip().startswith("pv_kw"))
    assert re.search(r"\s\d{1,3}(,\d{3})*\s+kW DC$", pv_line)
    unserved = next(line for line in sizing.splitlines() if "max_unserved_fraction" in line)
    assert " % " in unserved and unserved.rstrip().endswith("met")


def test_csv_files_keep_full_precision(sized_run):
    path, out, printed = sized_run
    summary = pd.read_csv(out / "summary.csv", index_col=0)
    npc = float(summary.loc["NPC [MUSD]", "design"])
    assert npc != round(npc, 2)  # not the printed 2 decimals
    assert f"{npc:,.2f}" in printed
    share = float(summary.loc["renewable fraction [%]", "design"])
    assert share != round(share, 3) and f"{share:,.1f}" in printed
    sizing = pd.read_csv(out / "sizing.csv", index_col=0)
    designs = pd.read_csv(out / "designs.csv", index_col=0)
    assert float(sizing.loc["npc", "value"]) == pytest.approx(1e6 * npc, rel=1e-12)
    assert (designs["npc"] != designs["npc"].round(0)).any()
    costs = pd.read_csv(out / "costs.csv", index_col=0)
    assert float(costs.loc["system", "total"]) == pytest.approx(1e6 * npc, rel=1e-12)
    dispatch = pd.read_csv(out / "dispatch.csv", index_col=0)
    frac = dispatch["fuel_l_per_h"] - dispatch["fuel_l_per_h"].round(3)
    assert (frac.abs() > 0).any()  # more than 3 decimals kept


def test_csv_equals_the_result_to_the_last_digit(tmp_path):
    from minegrid.scenario import load_scenario

    path, out, _ = _run(tmp_path, small_mine(search=False), "--no-report")
    result = load_scenario(path).run()
    summary = pd.read_csv(out / "summary.csv", index_col=0)
    expect = result.summary()
    numeric = [i for i in expect.index if not isinstance(expect.loc[i, "design"], str)]
    np.testing.assert_allclose(summary.loc[numeric].astype(float).to_numpy(),
                               expect.loc[numeric].astype(float).to_numpy(), rtol=1e-15)
    costs = pd.read_csv(out / "costs.csv", index_col=0)
    np.testing.assert_allclose(costs.to_numpy(), result.costs.to_frame().to_numpy(),
                               rtol=1e-15)
    if result.dispatch is not None:
        dispatch = pd.read_csv(out / "dispatch.csv", index_col=0)
        np.testing.assert_allclose(dispatch["genset_kw"], result.dispatch["genset_kw"],
                                   rtol=1e-15)


def test_plant_cli_money_in_millions(tmp_path):
    _, _, printed = _run(tmp_path, plant_mine(), "--no-report")
    types = printed.split("Genset types")[1].split("Fuels (per year)")[0]
    head, *lines = [line for line in types.splitlines()[1:] if line.strip()]
    assert "cost [MUSD]" in head
    assert all(re.search(r"\s\d+\.\d\d$", line) for line in lines)
    fuels = printed.split("Fuels (per year)")[1].split("Savings")[0]
    assert "cost [MUSD/yr]" in fuels
    assert not re.search(r"\d\.\d{4,}", printed)


def _cells(html_text: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", html_text)]


def test_report_rounds_for_reading(sized_run):
    _, out, _ = sized_run
    page = (out / "report.html").read_text(encoding="utf-8")
    body = page.split("Assumptions</h2>")[0]  # the inputs below are shown as given
    cells = _cells(body)
    assert cells and not [c for c in cells if re.search(r"\d\.\d{4,}", c)]
    kpis = body.split('class="kpis"')[1].split("<h2>")[0]
    assert re.search(r"[\d,]+\.\d\d MUSD</div>", kpis)  # the NPC card, 2 decimals
    costs = body.split("Costs</h2>")[1].split("<h2>")[0]
    assert "millions of USD" in costs
    money = _cells(costs.split("</table>")[0])
    numbers = [c for c in money if re.match(r"^[−\d]", c)]
    assert numbers and all(re.match(r"^−?[\d,]+\.\d\d$", c) for c in numbers), numbers
    energy = body.split("Energy, fuel and emissions</h2>")[1].split("<h2>")[0]
    assert re.search(r"\d\.\d\d % of load", energy)  # unserved share, 2 decimals
    sizing = body.split("Sizing</h2>")[1].split("<h2>")[0]
    assert "MUSD" in sizing and "Designs evaluated" in sizing
