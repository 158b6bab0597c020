"""Issue 18: results show as compact HTML in a notebook (``_repr_html_``), rounded, with units,
and every user string escaped (a hostile genset, fuel, currency or weather name stays text)."""

from __future__ import annotations

import dataclasses
import html.parser
import re

import numpy as np
import pytest

import minegrid as mg
from minegrid.report import notebook

PAYLOAD = '<img src=x onerror="alert(1)"><script>alert(2)</script>"\'><svg onload="alert(3)">'


class _Tags(html.parser.HTMLParser):
    """Every element and attribute of the markup, as a browser's tokenizer sees them."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(markup: str) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(markup)
    parser.close()
    return parser.tags


def _inert(markup: str) -> None:
    for tag, attrs in _tags(markup):
        assert tag in {"div", "span", "b", "br", "table", "thead", "tbody", "tr", "th", "td",
                       "ul", "li", "code"}, tag
        assert set(attrs) <= {"style", "class"}, (tag, attrs)


def _text(markup: str) -> str:
    """The visible text: tags removed, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


@pytest.fixture(scope="module")
def demo(example):
    return mg.simulate(example.system, example.profiles, project=example.project)


def test_simulation_result_html_has_the_key_figures_with_units(demo):
    view = demo._repr_html_()
    _inert(view)
    text = _text(view)
    s, c = demo.stats, demo.costs
    assert f"Net present cost {c.npc / 1e6:,.2f} {demo.base.costs.npc / 1e6:,.2f} MUSD" in text
    assert f"LCOE {c.lcoe:.3f} {demo.base.costs.lcoe:.3f} USD/kWh" in text
    assert f"Renewable fraction {100 * s.renewable_fraction:.1f} 0.0 %" in text
    assert f"Fuel {s.fuel_l / 1e3:,.0f} {demo.base.stats.fuel_l / 1e3:,.0f} kL/yr" in text
    assert f"CO2 {s.co2_t:,.0f} {demo.base.stats.co2_t:,.0f} t/yr" in text
    assert f"Unserved energy {100 * s.unserved_fraction:.2f}" in text
    assert f"NPC saving vs diesel only {demo.savings.npc / 1e6:,.2f} MUSD" in text
    pv, bat, gen = demo.system.pv, demo.system.battery, demo.system.genset
    assert f"PV {pv.rated_kw:,.0f} kW DC" in text
    assert f"battery {bat.energy_kwh:,.0f} kWh, {bat.power_kw:,.0f} kW" in text
    assert f"gensets {gen.n_units} × {gen.unit_rated_kw:,.0f} kW" in text
    checks = demo.design_checks()
    assert text.count("✓") == sum(c["met"] for c in checks) == len(checks)
    for check in checks:
        assert check["text"] in text
    assert "Built on synthetic weather" in text
    # rounded for reading: no long runs of digits anywhere
    assert not re.search(r"\d{4,}\.\d|\.\d{4,}", text), text


def test_failed_check_and_no_base_case(example):
    short = example.system.replace(genset=example.system.genset.replace(n_units=7))
    r = mg.simulate(short, example.profiles, project=example.project, base_case=False)
    text = _text(r._repr_html_())
    assert "✗ NOT MET N+1 on the derated fleet NOT MET" in text
    assert "diesel only" not in text and "NPC saving" not in text
    assert f"Net present cost {r.costs.npc / 1e6:,.2f} MUSD" in text


def test_sizing_result_html_has_status_variables_requirements_and_design(example):
    sizing = mg.size(example.system, example.profiles, example.design_space,
                     example.requirements, project=example.project, maxiter=2, popsize=4,
                     seed=0, progress=False)
    view = sizing._repr_html_()
    _inert(view)
    text = _text(view)
    assert text.startswith("SizingResult")
    assert ("success" if sizing.success else "NOT successful") in text
    assert sizing.message in text
    for name in sizing.variables:
        assert f"<code>{name}</code>" in view
    for name, c in sizing.constraints.items():
        assert re.search(rf"{name} \S+ \S+ {'met' if c['met'] else 'NOT MET'}", text), name
    design = sizing.result
    assert "The chosen design" in text
    assert f"Net present cost {design.costs.npc / 1e6:,.2f}" in text
    assert f"npc {sizing.fun / 1e6:,.2f} MUSD" in text  # the objective, in millions


def test_life_of_mine_result_html(example):
    res = mg.simulate_life(example.system, mg.LifeOfMine(horizon_years=2), example.profiles,
                           project=example.project)
    view = res._repr_html_()
    _inert(view)
    text = _text(view)
    assert text.startswith("LifeOfMineResult")
    assert "2 years of operation (full mode)" in text
    assert f"Net present cost {res.npc / 1e6:,.2f} {res.base.npc / 1e6:,.2f} MUSD" in text
    assert f"LCOE {res.lcoe:.3f}" in text
    fuel_kl = res.cash_flow["fuel_l"].sum() / 1e3
    assert f"Fuel {fuel_kl:,.0f}" in text and "kL" in text
    assert f"NPC saving vs diesel only {res.savings.npc / 1e6:,.2f} MUSD" in text


def _hostile_plant():
    gas = mg.Fuel(name="gas " + PAYLOAD, kind="natural_gas", unit="MMBtu", price_per_unit=6.5,
                  co2_kg_per_unit=59.19)
    engines = mg.GensetFleet(name="engines " + PAYLOAD, fuel=gas, unit_rated_kw=400, n_units=2,
                             part_load_fuel_per_h=(1.0, 1.6, 2.2, 2.9))
    diesel = mg.GensetFleet(name="diesel " + PAYLOAD, unit_rated_kw=300, n_units=1)
    system = mg.System(pv=mg.PVPlant(rated_kw=300.0),
                       battery=mg.Battery(energy_kwh=400.0, power_kw=200.0),
                       gensets=(engines, diesel))
    hours = np.arange(24 * 7)
    pv = np.clip(np.sin((hours % 24 - 6) / 12 * np.pi), 0, None)
    profiles = mg.Profiles(load_kw=np.full(hours.size, 500.0), pv_kw_per_kw=pv,
                           weather_source="SYNTHETIC weather " + PAYLOAD)
    return system, profiles, mg.Project(currency="US" + PAYLOAD)


def test_hostile_names_are_escaped_everywhere():
    system, profiles, project = _hostile_plant()
    r = mg.simulate(system, profiles, project=project)
    life = mg.simulate_life(system, mg.LifeOfMine(horizon_years=1), profiles, project=project)
    sizing = mg.size(system, profiles, mg.DesignSpace(pv_kw=(0.0, 600.0)),
                     mg.Requirements(max_unserved_fraction=0.01), project=project, maxiter=2,
                     popsize=4, seed=0, progress=False)
    sizing = dataclasses.replace(sizing, message="stopped " + PAYLOAD)
    for view in (r._repr_html_(), life._repr_html_(), sizing._repr_html_()):
        _inert(view)
        assert "<script" not in view and "&amp;lt;" not in view  # escaped once
        text = _text(view)
        assert PAYLOAD in text  # shown, as text
    text = _text(r._repr_html_())
    assert f"engines {PAYLOAD} 2 × 400 kW" in text and f"diesel {PAYLOAD} 1 × 300 kW" in text
    assert f"MMBtu gas {PAYLOAD}" in text  # a plant's fuels, each in its unit
    assert f"MUS{PAYLOAD}" in text and f"US{PAYLOAD}/kWh" in text  # the currency, once
    assert "Built on synthetic weather" in text
    assert f"stopped {PAYLOAD}" in _text(sizing._repr_html_())


def test_figures_table_escapes_cells_and_keeps_markup():
    table = notebook.figures_table(["<x>", "unit"], [["a&b", notebook.Html("<b>c</b>")]])
    assert "&lt;x&gt;" in table and "a&amp;b" in table and "<b>c</b>" in table
