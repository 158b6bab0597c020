"""The LP gap of a design under each dispatch strategy, in the CLI and the report."""

from __future__ import annotations

import pytest

import minegrid as mg
from minegrid.cli import strategy_costs
from minegrid.report.sections import lp_section


def test_strategy_costs_are_each_strategys_npc(example, prof):
    s = example.system
    by = strategy_costs(s, prof, example.project)
    assert list(by) == ["load_following", "cycle_charging", "predictive"]
    for name, npc in by.items():
        one = s.replace(dispatch=s.dispatch.replace(strategy=name))
        assert npc == mg.simulate(one, prof, project=example.project,
                                  base_case=False).costs.npc
    plant = s.replace(genset=s.genset.replace(min_run_h=2.0))
    assert list(strategy_costs(plant, prof, example.project)) == ["load_following",
                                                                  "cycle_charging"]


def test_report_gives_each_strategys_gap_above_the_bound(example, prof):
    s = example.system
    bound = mg.lp_bound(s, prof, project=example.project)
    result = mg.simulate(s, prof, project=example.project)
    by = strategy_costs(s, prof, example.project)
    html = str(lp_section(bound, result, by))
    for name, npc in by.items():
        assert f"with {name.replace('_', ' ')} dispatch" in html
        gap = f"{100 * (npc / bound.npc - 1):.2f}"
        assert gap in html, (name, gap)
    assert by["predictive"] >= bound.npc * (1 - 1e-6)
    assert "with predictive dispatch" not in str(lp_section(bound, result))


@pytest.mark.parametrize("mode", ["dispatch"])
def test_lp_text_says_commitment_is_continuous(example, prof, mode):
    bound = mg.lp_bound(example.system, prof, project=example.project, mode=mode)
    html = str(lp_section(bound, mg.simulate(example.system, prof, project=example.project)))
    assert "unit commitment continuous" in html and "relaxed, so" not in html


@pytest.mark.parametrize("flag", [False, True])
def test_cli_lp_relaxed_flag(tmp_path, monkeypatch, flag):
    import minegrid.sizing as sizing
    from minegrid.cli import main

    seen = {}

    def fake(*args, **kwargs):
        seen.update(kwargs)
        return mg.sizing.lp.LPBound(mode="sizing", success=False, status=1, message="stub",
                                    npc=float("nan"), annualised=float("nan"),
                                    lcoe=float("nan"), pv_kw=0.0, n_turbines=0.0,
                                    battery_kwh=0.0, battery_kw=0.0, genset_kw=0.0,
                                    fuel_l=0.0, co2_t=0.0, renewable_fraction=0.0,
                                    unserved_fraction=0.0, operating_npc=0.0, rule_npc=None,
                                    rule_operating_npc=None, n_variables=0, n_constraints=0,
                                    solve_time_s=0.0, currency="USD")

    monkeypatch.setattr(sizing, "lp_bound", fake)
    argv = ["demo", "--out", str(tmp_path / "o"), "-q", "--no-report", "--no-architectures"]
    assert main(argv + (["--lp-relaxed"] if flag else [])) == 0
    assert seen["mode"] == "sizing" and seen["commitment"] is (not flag)
