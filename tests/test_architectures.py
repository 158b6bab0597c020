"""Results by architecture (HOMER's categorised table): ``minegrid.size_architectures``.

Profiles are five days of the bundled Andean example (120 hourly steps), the searches short
(``maxiter=15``, ``popsize=8``), so one table of eight architectures costs about 0.2 s.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import minegrid as mg
from minegrid.sizing.architectures import ARCHITECTURES, allowed_architectures, restrict

#: The best row against one search over the full space: both are differential evolution
#: runs with scipy's tol=1e-3 on the population, not exact optima; on these profiles they
#: agree within 0.07 % (either may be the lower), so the check allows 0.2 %.
SEARCH_RTOL = 2e-3

SPACE = mg.DesignSpace(pv_kw=(0.0, 12000.0), n_turbines=(0, 4), battery_kwh=(0.0, 16000.0),
                       battery_kw=(0.0, 8000.0), n_units=(5, 12))
OPTIONS = dict(maxiter=15, popsize=8, seed=0, progress=False)
NAMES = ["diesel only", "PV + gensets", "wind + gensets", "battery + gensets",
         "PV + battery + gensets", "wind + battery + gensets", "PV + wind + gensets",
         "PV + wind + battery + gensets"]


@pytest.fixture(scope="module")
def days(example):
    p = example.profiles
    sl = slice(24 * 7 * 10, 24 * 7 * 10 + 24 * 5)
    return mg.Profiles(load_kw=p.load_kw[sl], pv_kw_per_kw=p.pv_kw_per_kw[sl],
                       wind_kw_per_turbine=p.wind_kw_per_turbine[sl],
                       genset_availability=p.genset_availability[sl])


@pytest.fixture(scope="module")
def table(example, days):
    return mg.size_architectures(example.system, days, SPACE, project=example.project,
                                 **OPTIONS)


def test_one_row_per_architecture_numeric_with_units(table):
    f = table.frame
    assert list(f.index) == NAMES and list(table.results) == NAMES
    assert f.index.name == "architecture"
    assert all(pd.api.types.is_numeric_dtype(f[c]) for c in f.columns)
    assert f["feasible"].dtype == bool
    assert all("[" in c for c in f.columns if c != "feasible"), list(f.columns)
    for col in ("NPC [MUSD]", "LCOE [USD/kWh]", "capital [MUSD]", "fuel [kL/yr]",
                "renewable fraction [%]", "CO2 [t/yr]", "NPC saving [MUSD]"):
        assert col in f.columns
    assert f["feasible"].all() and table.complete
    assert sorted(f["rank [-]"]) == list(range(1, 9))
    assert table.best == f["NPC [MUSD]"].idxmin()
    for name, r in table.results.items():
        assert isinstance(r, mg.SizingResult)
        assert f.loc[name, "NPC [MUSD]"] == pytest.approx(r.fun / 1e6, rel=1e-12)


def test_each_row_has_exactly_its_components(table):
    for name, r in table.results.items():
        d = r.design
        has = {"PV": d.pv_or_zero.rated_kw > 0, "wind": d.wind_or_zero.n_turbines > 0,
               "battery": d.battery_or_zero.energy_kwh > 0}
        parts = set(name.split(" + ")) - {"gensets", "diesel only"}
        assert {k for k, v in has.items() if v} == parts, (name, has)
        assert d.genset.n_units >= 5
        absent = {"PV": "pv_kw", "wind": "n_turbines", "battery": "battery_kwh"}
        assert not {v for k, v in absent.items() if k not in parts} & set(r.variables)


def test_diesel_only_equals_sizing_the_gensets_alone(example, days, table):
    alone = mg.size(example.system, days, mg.DesignSpace(
        pv_kw=0.0, n_turbines=0, battery_kwh=0.0, battery_kw=0.0, n_units=(5, 12)),
        project=example.project, **OPTIONS)
    row = table.results["diesel only"]
    assert row.variables == ("n_units",) == alone.variables
    np.testing.assert_array_equal(row.x, alone.x)
    assert row.fun == alone.fun


def test_best_row_no_worse_than_one_search_over_the_full_space(example, days, table):
    full = mg.size(example.system, days, SPACE, project=example.project, **OPTIONS)
    best = table.best_result
    assert best.fun <= full.fun * (1 + SEARCH_RTOL), (best.fun, full.fun)
    # the full search's design belongs to the best architecture
    d = full.design
    parts = {n for n, on in (("PV", d.pv_or_zero.rated_kw > 0),
                             ("wind", d.wind_or_zero.n_turbines > 0),
                             ("battery", d.battery_or_zero.energy_kwh > 0)) if on}
    assert mg.sizing.architectures.architecture_name(
        {"PV": "pv", "wind": "wind", "battery": "battery"}[p] for p in parts) == table.best


def test_savings_against_the_diesel_only_row(table):
    f = table.frame
    ref = f.loc["diesel only"]
    assert table.reference == "diesel only"
    np.testing.assert_allclose(f["NPC saving [MUSD]"], ref["NPC [MUSD]"] - f["NPC [MUSD]"])
    np.testing.assert_allclose(f["fuel saving [kL/yr]"], ref["fuel [kL/yr]"] - f["fuel [kL/yr]"])
    np.testing.assert_allclose(f["CO2 saving [t/yr]"], ref["CO2 [t/yr]"] - f["CO2 [t/yr]"])
    np.testing.assert_allclose(f["extra capital [MUSD]"],
                               f["capital [MUSD]"] - ref["capital [MUSD]"])
    assert (f.loc["diesel only", ["NPC saving [MUSD]", "fuel saving [kL/yr]"]] == 0).all()
    assert f["NPC saving [MUSD]"].idxmax() == table.best
    # the figures are the sized design's own
    r = table.results[table.best].result
    assert f.loc[table.best, "fuel [kL/yr]"] == pytest.approx(r.stats.fuel_l / 1e3)
    assert f.loc[table.best, "renewable fraction [%]"] == pytest.approx(
        100 * r.stats.renewable_fraction)


def test_infeasible_architectures_are_kept_with_the_binding_requirement(example, days):
    req = mg.Requirements(min_renewable_fraction=0.3)
    t = mg.size_architectures(example.system, days, SPACE, req, project=example.project,
                              architectures=["diesel only", "PV + battery + gensets"],
                              **OPTIONS)
    f = t.frame
    assert list(f.index) == ["diesel only", "PV + battery + gensets"]
    assert not f.loc["diesel only", "feasible"] and math.isnan(f.loc["diesel only", "rank [-]"])
    assert t.binding["diesel only"] == "min_renewable_fraction"
    assert t.binding["PV + battery + gensets"] == "" and t.best == "PV + battery + gensets"
    assert t.results["diesel only"].status == 2  # its least-violating design
    text = t.to_text()
    assert "infeasible, misses min_renewable_fraction" in text


def test_only_what_the_space_allows(example, days):
    # a field left out keeps the template's size: its two turbines are in every row
    space = mg.DesignSpace(pv_kw=(0.0, 12000.0), battery_kwh=(0.0, 16000.0), n_units=(5, 12))
    assert example.system.wind.n_turbines == 2
    assert allowed_architectures(example.system, space) == (
        ("wind",), ("wind", "battery"), ("pv", "wind"), ("pv", "wind", "battery"))
    # no wind range and a template without wind: no wind architecture
    system = example.system.replace(wind=None)
    assert allowed_architectures(system, space) == ((), ("pv",), ("battery",),
                                                    ("pv", "battery"))
    # PV fixed above 0: every row has PV, no diesel-only row, so no savings
    fixed = mg.DesignSpace(pv_kw=3000.0, battery_kwh=(0.0, 16000.0), n_units=(5, 12))
    t = mg.size_architectures(system, days, fixed, project=example.project, **OPTIONS)
    assert list(t.frame.index) == ["PV + gensets", "PV + battery + gensets"]
    assert t.reference is None and t.frame["NPC saving [MUSD]"].isna().all()
    assert "no savings" in mg.report.architectures.architecture_section(t)
    with pytest.raises(mg.InputError, match="not allowed by the design space"):
        mg.size_architectures(system, days, fixed, project=example.project,
                              architectures=["diesel only"], **OPTIONS)
    with pytest.raises(mg.InputError, match="unknown components"):
        mg.size_architectures(system, days, space, architectures=["PV + hydro"], **OPTIONS)
    assert len(ARCHITECTURES) == 8


def test_restricted_spaces():
    system = mg.System(genset=mg.GensetFleet(unit_rated_kw=500, n_units=3))
    sub = restrict(system, SPACE, ("pv", "wind"))
    assert sub.pv_kw == (120.0, 12000.0) and sub.n_turbines == (1.0, 4.0)
    assert sub.battery_kwh == 0.0 and sub.battery_kw == 0.0 and sub.n_units == (5.0, 12.0)
    # a genset range from 0 is raised to one unit: every architecture has gensets
    assert restrict(system, mg.DesignSpace(n_units=(0, 4)), ()).n_units == (1.0, 4.0)
    # a fixed duration keeps battery_kw out of the space
    dur = mg.DesignSpace(battery_kwh=(0.0, 800.0), battery_duration_h=2.0)
    assert restrict(system, dur, ()).battery_kw is None
    # nothing left to choose: the template's gensets as a range of one value
    assert restrict(system, dur, ()).n_units == (3.0, 3.0)


def test_fixed_gensets_and_options_passed_to_every_search(example, days):
    calls = []
    space = mg.DesignSpace(pv_kw=(0.0, 12000.0), n_turbines=0, battery_kwh=(0.0, 16000.0))
    t = mg.size_architectures(example.system, days, space, project=example.project,
                              method="grid", grid={"pv_kw": [0.0, 6000.0, 12000.0]},
                              progress=lambda **info: calls.append(info["stage"]))
    diesel = t.results["diesel only"]
    assert diesel.nfev == 1 and diesel.method == "grid"
    assert diesel.design.genset.n_units == example.system.genset.n_units
    assert t.results["PV + gensets"].nfev == 2  # 0 kW is not a PV design
    assert t.results["PV + battery + gensets"].nfev == 2 * 11
    assert set(calls) == {"grid"}
    again = mg.size_architectures(example.system, days, space, project=example.project,
                                  method="grid", grid={"pv_kw": [0.0, 6000.0, 12000.0]},
                                  progress=False, threads=1)
    pd.testing.assert_frame_equal(t.frame.drop(columns="time [s]"),
                                  again.frame.drop(columns="time [s]"))


def test_interrupt_keeps_the_rows_done(example, days):
    seen = []

    def stop(nit, x, fun, feasible):
        seen.append(len(x))
        if len(x) == 2:  # the second architecture (PV + gensets: pv_kw, n_units)
            raise KeyboardInterrupt

    t = mg.size_architectures(example.system, days, SPACE, project=example.project,
                              architectures=["diesel only", "PV + gensets", "wind + gensets"],
                              callback=stop, **OPTIONS)
    assert not t.complete and list(t.frame.index) == ["diesel only", "PV + gensets"]
    assert t.results["PV + gensets"].status == 3
    assert "PARTIAL" in t.to_text()


def test_plant_of_genset_types():
    gas = mg.Fuel(name="pipeline gas", kind="natural_gas", unit="Nm3", price_per_unit=0.30,
                  co2_kg_per_unit=1.89, delivery="pipeline")
    owned = mg.GensetFleet(name="owned <gas>", fuel=gas, unit_rated_kw=1000, n_units=2,
                           existing_units=2, fuel_intercept_per_h_per_kw=0.03,
                           fuel_slope_per_kwh=0.26, min_run_h=2)
    new = mg.GensetFleet(name="new diesel", unit_rated_kw=600, n_units=0)
    system = mg.System(pv=mg.PVPlant(rated_kw=0), gensets=(owned, new))
    t = np.arange(72)
    prof = mg.Profiles(load_kw=3000 + 800 * np.sin(2 * np.pi * t / 24),
                       pv_kw_per_kw=np.clip(np.sin(np.pi * ((t % 24) - 6) / 12), 0, None),
                       genset_availability=0.9)
    space = mg.DesignSpace(pv_kw=(0, 4000), type_units={"new diesel": (0, 8)})
    table = mg.size_architectures(system, prof, space, mg.Requirements(n_plus_1=True),
                                  maxiter=6, popsize=5, progress=False, seed=1)
    assert list(table.frame.index) == ["gensets only", "PV + gensets"]
    assert table.reference == "gensets only" and table.frame["feasible"].all()
    gensets_only = table.results["gensets only"]
    assert gensets_only.variables == ("n_units[new diesel]",)
    units = table.frame["genset units [-]"]
    assert (units >= 2).all()  # the owned gas units and the new diesels, counted together


def test_report_section_and_notebook_view_are_escaped(example, days, tmp_path):
    from test_security import _assert_inert, payload

    project = mg.Project(currency=payload("cur"))
    t = mg.size_architectures(example.system, days, SPACE, project=project,
                              architectures=["diesel only", "PV + battery + gensets"],
                              **OPTIONS)
    result = mg.simulate(t.best_result.design, days, project=project)
    path = mg.write_report(result, tmp_path / "r.html", architectures=t, figures=False)
    page = path.read_text(encoding="utf-8")
    _assert_inert(page)
    section = page.split("Results by architecture</h2>")[1].split("<h2>")[0]
    assert "PV + battery + gensets" in section and "<b>best</b>" in section
    assert "data-xss-cur" in section  # shown, as text
    _assert_inert(t._repr_html_())


def test_text_is_rounded_for_reading(table):
    import re

    text = table.to_text()
    assert "PV + wind + battery + gensets" in text and "best" in text
    assert not re.search(r"\d\.\d{4,}", text)
    row = next(line for line in text.splitlines() if line.startswith("PV + battery + gensets"))
    cells = row.split()
    assert re.match(r"^\d{1,3}(,\d{3})*$", cells[5])  # PV kW, whole
    assert any(re.match(r"^\d+\.\d\d$", c) for c in cells)  # money, 2 decimals


def test_cli_prints_and_writes_the_table(tmp_path, capsys):
    from minegrid.cli import main
    from scenarios import small_mine

    path = tmp_path / "s.toml"
    path.write_text(small_mine(maxiter=3, popsize=4))
    out = tmp_path / "out"
    assert main(["run", str(path), "--size", "--out", str(out), "-q", "--no-lp"]) == 0
    printed = capsys.readouterr().out
    assert "Results by architecture" in printed
    for name in ("diesel only", "PV + gensets", "battery + gensets", "PV + battery + gensets"):
        assert any(line.startswith(name) for line in printed.splitlines()), name
    frame = pd.read_csv(out / "architectures.csv", index_col=0)
    assert list(frame.index) == ["diesel only", "PV + gensets", "battery + gensets",
                                 "PV + battery + gensets"]
    assert "Results by architecture</h2>" in (out / "report.html").read_text(encoding="utf-8")
    skip = tmp_path / "skip"
    assert main(["run", str(path), "--size", "--out", str(skip), "-q", "--no-lp",
                 "--no-report", "--no-architectures"]) == 0
    assert "Results by architecture" not in capsys.readouterr().out
    assert not (skip / "architectures.csv").exists()


def test_cli_interrupt_during_the_architectures_writes_them_partial(tmp_path, monkeypatch,
                                                                     capsys):
    from minegrid import sizing
    from minegrid.cli import main
    from scenarios import small_mine

    real = sizing.size_architectures

    def stop_in_the_last(*args, **kwargs):
        def callback(nit, x, fun, feasible):
            if len(x) == 2:  # PV + battery + gensets (pv_kw, battery_kwh), the last one
                raise KeyboardInterrupt

        return real(*args, callback=callback, **kwargs)

    monkeypatch.setattr(sizing, "size_architectures", stop_in_the_last)
    path = tmp_path / "s.toml"
    path.write_text(small_mine(maxiter=3, popsize=4))
    out = tmp_path / "partial"
    assert main(["run", str(path), "--size", "--out", str(out), "-q", "--no-lp"]) == 130
    frame = pd.read_csv(out / "architectures.csv", index_col=0)
    assert list(frame.index)[-1] == "PV + battery + gensets" and len(frame) == 4
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "PARTIAL" in page and "Results by architecture</h2>" in page
    assert "the architectures sized before the stop" in page
    assert "interrupted" in capsys.readouterr().err
