"""A plant of genset types and fuels in a scenario file, on the command line and in the report."""

from __future__ import annotations

import html.parser
import json

import numpy as np
import pandas as pd
import pytest

import minegrid as mg
from minegrid.cli import main
from minegrid.components import DIESEL
from minegrid.derating import genset_derating
from minegrid.scenario import parse_scenario
from scenarios import plant_mine, small_mine

PLANT = plant_mine()


def _error(text: str) -> str:
    with pytest.raises(mg.InputError) as info:
        parse_scenario(text, path="p.toml").build()
    return str(info.value)


def _line(text: str, fragment: str) -> int:
    """Line number (from 1) of the first line of ``text`` containing ``fragment``."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


@pytest.fixture(scope="module")
def built():
    return parse_scenario(PLANT, path="p.toml").build()


# --------------------------------------------------------------------------- parsing
def test_plant_tables_build_the_system(built):
    system = built.system
    assert system.genset is None and system.is_plant
    gas, diesel = system.gensets
    assert (gas.name, gas.n_units, gas.existing_units, gas.min_run_h) == ("owned gas", 2, 2, 2.0)
    assert gas.part_load_fuel_per_h == (0.85, 1.35, 1.85, 2.35)
    assert gas.fuel == mg.Fuel(name="pipeline gas", kind="natural_gas", unit="MMBtu",
                               price_per_unit=6.5, co2_kg_per_unit=59.19, delivery="pipeline")
    assert diesel.fuel == DIESEL and diesel.unit_rated_kw == 300.0
    assert system.merit_order == "cost"


def test_derating_engine_fills_the_type_availability(built):
    """The gas type derates by its engine; the diesel keeps the site's series."""
    own = built.profiles.fleet_availability
    assert set(own) == {"owned gas"}
    expected = genset_derating(built.weather, built.site, engine="gas_lean_burn_turbocharged")
    np.testing.assert_allclose(own["owned gas"], expected.to_numpy())
    site = genset_derating(built.weather, built.site)  # the default: diesel_high_speed
    np.testing.assert_allclose(built.profiles.genset_availability, site.to_numpy())
    assert own["owned gas"].min() > built.profiles.genset_availability.min()  # 4,000 m
    rows = parse_scenario(PLANT, path="p.toml").assumptions(built)
    assert "Genset derating of owned gas (mean / worst)" in rows
    assert "Genset derating of new diesel (mean / worst)" in rows


def test_single_genset_table_unchanged():
    built = parse_scenario(small_mine(search=False), path="s.toml").build()
    assert built.system.gensets == () and built.system.genset.n_units == 3
    assert built.profiles.fleet_availability is None
    assert not built.system.is_plant


def test_dual_fuel_derating_table_and_merit_order():
    text = plant_mine(extra="""
[gensets.derating]                 # of the second type, "new diesel"
altitude_threshold_m = 1000.0
percent_per_300m = 3.5

[fuels.dual]
gas = "pipeline gas"
gas_energy_share = 0.6

[dispatch]
merit_order = "given"
""").replace('name = "new diesel"', 'name = "new diesel"\nfuel = "dual"')
    b = parse_scenario(text, path="d.toml").build()
    supply = b.system.gensets[1].fuel
    assert isinstance(supply, mg.DualFuel) and supply.gas_energy_share == 0.6
    assert supply.gas.unit == "MMBtu" and supply.diesel == DIESEL
    assert b.system.merit_order == "given"
    assert set(b.profiles.fleet_availability) == {"owned gas", "new diesel"}
    # 1 - 3.5 % per 300 m above 1,000 m at 4,000 m
    assert b.profiles.fleet_availability["new diesel"].min() == pytest.approx(0.65)


def test_genset_table_takes_a_named_fuel():
    text = small_mine(search=False).replace("n_units = 3\n", """n_units = 3
fuel = "lng"
fuel_intercept_per_h_per_kw = 0.0008
fuel_slope_per_kwh = 0.0082

[fuels.lng]
kind = "natural_gas"
unit = "GJ"
price_per_unit = 12.0
co2_kg_per_unit = 56.1
delivery = "lng"
""")
    system = parse_scenario(text, path="g.toml").system()
    assert system.genset.fuel.name == "lng" and system.genset.fuel.unit == "GJ"
    assert system.is_plant  # gas runs on the plant path


def test_type_units_of_the_design_space():
    pytest.importorskip("minegrid.sizing")
    sc = parse_scenario(PLANT + '\n[design_space]\npv_kw = [0.0, 900.0]\n\n'
                        '[design_space.type_units]\n"new diesel" = [0, 3]\n', path="p.toml")
    space = sc.design_space()
    assert space.type_units == {"new diesel": (0, 3)}
    assert "n_units[new diesel]" in space.free


G1, G2 = "[[gensets]] #1", "[[gensets]] #2"
FUEL = '[fuels."pipeline gas"]'
BAD = [
    # (what, old, new, where, the line the error names (a fragment of it), words)
    ("unknown key", "min_run_h = 2.0", "min_run_hours = 2.0", f"{G1} min_run_hours",
     "min_run_hours", ["not a known key", "'min_run_h'"]),
    ("wrong type", "n_units = 2\nexisting", 'n_units = "two"\nexisting', f"{G1} n_units",
     '"two"', ["'two'", "whole number"]),
    ("unknown fuel", 'fuel = "pipeline gas"', 'fuel = "pipline gas"', f"{G1} fuel",
     "pipline", ["'pipline gas'", "did you mean 'pipeline gas'", "[fuels."]),
    ("bad engine", '"gas_lean_burn_turbocharged"', '"gas_lean_burn"', f"{G1} derating_engine",
     "derating_engine", ["'gas_lean_burn'", "ENGINES",
                         "did you mean 'gas_lean_burn_turbocharged'"]),
    ("same name twice", 'name = "new diesel"', 'name = "owned gas"', f"{G2} name",
     None, ["'owned gas'", "#1 again", "its own name"]),
    ("no name", 'name = "new diesel"\n', "", G2, None, ["has no name", 'name = "..."']),
    ("table of three", "[0.85, 1.35, 1.85, 2.35]", "[0.85, 1.35, 1.85]",
     f"{G1} part_load_fuel_per_h", "part_load", ["(0.85, 1.35, 1.85)", "4 values", "MMBtu/h"]),
    ("owned above installed", "existing_units = 2", "existing_units = 3",
     f"{G1} existing_units", "existing_units", ["= 3", "n_units = 2"]),
    ("gas without its curve", "part_load_fuel_per_h = [0.85, 1.35, 1.85, 2.35]", "", G1,
     None, ["fuel_slope_per_kwh", "gas fleet", "MMBtu"]),
    ("merit order in a type", "min_run_h = 2.0", 'min_run_h = 2.0\nmerit_order = "given"',
     f"{G1} merit_order", "merit_order", ["key of [dispatch]"]),
    ("fuel unit", 'unit = "MMBtu"', 'unit = "m3"', f"{FUEL} unit", '"m3"',
     ["'m3'", "'Nm3', 'GJ' or 'MMBtu'"]),
    ("fuel without price", "price_per_unit = 6.5\n", "", FUEL, "[fuels.",
     ["price_per_unit = None", "per MMBtu"]),
    ("fuel unknown key", "price_per_unit = 6.5", "price_per_l = 6.5", f"{FUEL} price_per_l",
     "price_per_l", ["did you mean 'price_per_unit'"]),
    ("name in a fuel table", 'kind = "natural_gas"', 'name = "gas"\nkind = "natural_gas"',
     f"{FUEL} name", '"gas"', ["named by its table"]),
]


@pytest.mark.parametrize(("what", "old", "new", "where", "line", "words"), BAD,
                         ids=[b[0] for b in BAD])
def test_bad_plant_input_is_located(what, old, new, where, line, words):
    assert old in PLANT
    text = PLANT.replace(old, new, 1)
    msg = _error(text)
    assert f": {where}" in msg and "Fix:" in msg, msg
    if line is not None:
        assert f"p.toml, line {_line(text, line)}: {where}" in msg, msg
    for word in words:
        assert word in msg, (word, msg)


@pytest.mark.parametrize(("extra", "where", "words"), [
    ('\n[genset]\nunit_rated_kw = 300.0\n', "[genset]", ["given with [[gensets]]"]),
    ('\n[genset.derating]\nrule = "iso3046"\n', "[genset.derating]",
     ["given with [[gensets]]", "derating_engine"]),
    ('\n[dispatch]\nmerit_order = "cheapest"\n', "[dispatch] merit_order",
     ["'cheapest'", "'cost', 'given'"]),
    ('\n[fuels.dual]\ngas = "lng"\n', "[fuels.dual] gas", ["'lng'", "'pipeline gas'"]),
    ('\n[fuels.dual]\ngas = "pipeline gas"\ngas_energy_share = 1.5\n',
     "[fuels.dual] gas_energy_share", ["1.5", "[0, 1)"]),
    ('\n[fuels.dual]\ngas = "pipeline gas"\n\n[fuels.dual2]\ngas = "dual"\n',
     "[fuels.dual2] gas", ["dual-fuel supply, not a fuel"]),
    ('\n[fuels]\nlng = 3\n', "[fuels] lng", ["must be a table", "[fuels.lng]"]),
    ('\n[gensets.derating]\nrule = "iso3046"\nengin = "turbocharged"\n',
     "[gensets.derating] of [[gensets]] #2 engin", ["did you mean 'engine'"]),
    ('\n[gensets.derating]\nrule = "iso3046"\nengine = "turbo"\n',
     "[gensets.derating] of [[gensets]] #2 engine", ["'turbo'", "turbocharged_aftercooled"]),
])
def test_bad_plant_tables(extra, where, words):
    """Each error names the last line of the added text (its key) or its table."""
    text = PLANT + extra
    msg = _error(text)
    assert f": {where}" in msg and "Fix:" in msg, msg
    last = extra.strip().splitlines()[-1]
    key = last.split("=")[0].strip()
    line = text.splitlines().index(last) + 1 if where.endswith(f" {key}") else None
    if line is not None:
        assert f"line {line}: {where}" in msg, msg
    for word in words:
        assert word in msg, (word, msg)


def test_the_documented_plant_runs():
    """The plant example of docs/guide/cli.md, on the small mine's site, weather and load."""
    import re
    from pathlib import Path

    pytest.importorskip("minegrid.sizing")
    doc = (Path(__file__).resolve().parents[1] / "docs" / "guide" / "cli.md").read_text()
    section = doc.split("### A plant of genset types and fuels")[1]
    block = re.search(r"```toml\n(.*?)```", section, flags=re.S).group(1)
    head = small_mine(search=False).split("[genset]")[0]
    sc = parse_scenario(head + block, path="cli.md")
    b = sc.build()
    assert [f.name for f in b.system.gensets] == ["existing gas", "new diesel"]
    assert set(b.profiles.fleet_availability) == {"existing gas", "new diesel"}
    assert sc.design_space().type_units == {"new diesel": (0, 4)}
    r = sc.run(built=b, dispatch=False)
    assert r.savings.base_label == "gensets only"
    assert set(r.fuels["unit"]) == {"MMBtu", "L"}


def test_gensets_must_be_an_array_of_tables():
    one_type = PLANT.split('[[gensets]]\nname = "new diesel"')[0].replace("[[gensets]]",
                                                                         "[gensets]")
    one_type += PLANT.split("unit_rated_kw = 300.0\nn_units = 2\n\n")[1]
    msg = _error(one_type)
    assert "[gensets] must be an array of tables" in msg and "[[gensets]]" in msg


# --------------------------------------------------------------------------- command line
@pytest.fixture(scope="module")
def plant_run(tmp_path_factory):
    """``minegrid run`` on the plant scenario: (output folder, printed text)."""
    import contextlib
    import io

    root = tmp_path_factory.mktemp("plant")
    path = root / "plant.toml"
    path.write_text(PLANT)
    out = root / "out"
    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):
        code = main(["run", str(path), "--out", str(out), "-q"])
    assert code == 0
    return out, stdout.getvalue()


def test_run_prints_the_plant_tables(plant_run):
    _, printed = plant_run
    assert "gensets only" in printed and "diesel only" not in printed
    assert "Savings(vs gensets only:" in printed
    types = printed.split("Genset types")[1].split("Fuels (per year)")[0]
    gas_row = next(line for line in types.splitlines() if line.strip().startswith("owned gas"))
    assert " MMBtu" in gas_row and "pipeline gas" in gas_row
    cells = gas_row.split()
    assert cells[2:5] == ["2", "2", "250"]  # units, owned, unit kW: integers
    fuels = printed.split("Fuels (per year)")[1].split("Savings")[0]
    assert "USD/MMBtu" in fuels and "USD/L" in fuels
    assert "pipeline gas [MMBtu/yr]" in printed and "diesel [kL/yr]" in printed


def test_run_writes_plant_csv(plant_run):
    out, _ = plant_run
    fleets = pd.read_csv(out / "fleets.csv", index_col=0)
    assert list(fleets.index) == ["owned gas", "new diesel"]
    assert list(fleets["fuel unit"]) == ["MMBtu", "L"]
    fuels = pd.read_csv(out / "fuels.csv")
    assert set(fuels["fuel"]) == {"pipeline gas", "diesel"}
    assert (fuels["quantity_per_year"] > 0).all()
    summary = pd.read_csv(out / "summary.csv", index_col=0)
    assert list(summary.columns) == ["design", "gensets only"]
    assert "pipeline gas [MMBtu/yr]" in summary.index


def test_one_fleet_run_still_says_diesel_only(tmp_path, capsys):
    path = tmp_path / "s.toml"
    path.write_text(small_mine(search=False))
    assert main(["run", str(path), "--out", str(tmp_path / "o"), "-q", "--no-report"]) == 0
    printed = capsys.readouterr().out
    assert "diesel only" in printed and "Genset types" not in printed
    assert not (tmp_path / "o" / "fleets.csv").exists()


def test_report_has_the_plant_section(plant_run):
    out, _ = plant_run
    text = (out / "report.html").read_text(encoding="utf-8")
    assert "Genset plant</h2>" in text
    assert "Comparison with the gensets-only base case" in text
    assert "diesel-only" not in text and "Diesel only" not in text
    assert "Saving against gensets only" in text
    plant = text.split("Genset plant</h2>")[1].split("<h2>")[0]
    for word in ("owned gas", "new diesel", "pipeline gas", "MMBtu", "USD/MMBtu", "Owned",
                 "Running", "Starts", "Life", "CO2", "Capital", "O&amp;M"):
        assert word in plant, word


# --------------------------------------------------------------------------- escaping
def _payload(tag: str) -> str:
    js = f"document.documentElement.setAttribute('data-xss-{tag}','ran')"
    return f'<img src=x onerror="{js}"><script>{js}</script>'


class _Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_type_and_fuel_names_are_escaped(tmp_path):
    text = plant_mine(gas_name=json.dumps(_payload("type")),
                      diesel_name=json.dumps(_payload("diesel") + " & co"),
                      fuel_name=json.dumps(_payload("fuel")))
    path = tmp_path / "hostile.toml"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(path), "--out", str(out), "-q"]) == 0
    page = (out / "report.html").read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(page)
    for tag, attrs in parser.tags:
        assert tag != "script", tag
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        if tag == "img":
            assert attrs["src"].startswith("data:image/png;base64,")
    for tag in ("type", "diesel", "fuel"):
        assert f"data-xss-{tag}" in page, tag  # shown, as text
    assert "&lt;img src=x onerror=" in page and " &amp; co" in page
    assert "Genset plant</h2>" in page
