"""The minegrid command: version, run, demo, new; outputs and errors."""

from __future__ import annotations

import subprocess
import sys

import pytest

from minegrid import __version__
from minegrid.cli import main
from scenarios import small_mine

SCENARIO = small_mine()


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_run_writes_results(tmp_path, capsys):
    path = tmp_path / "s.toml"
    path.write_text(SCENARIO)
    out = tmp_path / "out"
    assert main(["run", str(path), "--out", str(out), "-q"]) == 0
    printed = capsys.readouterr().out
    assert "CLI test" in printed and "LCOE" in printed
    for name in ("summary.csv", "costs.csv", "cash_flows.csv", "dispatch.csv",
                 "assumptions.csv", "report.html", "scenario.toml"):
        assert (out / name).is_file(), name
    assert (out / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_run_size(tmp_path, capsys):
    pytest.importorskip("minegrid.sizing")
    path = tmp_path / "s.toml"
    path.write_text(SCENARIO)
    out = tmp_path / "sized"
    assert main(["run", str(path), "--size", "--out", str(out), "-q", "--no-report"]) == 0
    assert (out / "sizing.csv").is_file() and (out / "designs.csv").is_file()
    assert not (out / "report.html").exists()
    assert "SizingResult" in capsys.readouterr().out


def test_errors_exit_2(tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_text(SCENARIO.replace("rated_kw = 300.0", "rated = 300.0"))
    assert main(["run", str(path), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "minegrid: error:" in err and "[pv] rated" in err and "line 23" in err
    assert main(["run", str(tmp_path / "missing.toml")]) == 2


def test_interrupt_keeps_partial_outputs(tmp_path, monkeypatch, capsys):
    from minegrid import scenario as sc_mod

    def boom(self, *a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(sc_mod.Scenario, "size", boom)
    path = tmp_path / "s.toml"
    path.write_text(SCENARIO)
    out = tmp_path / "partial"
    code = main(["run", str(path), "--size", "--out", str(out), "-q"])
    assert code == 130
    assert (out / "summary.csv").is_file()
    assert "PARTIAL" in (out / "report.html").read_text(encoding="utf-8")
    assert "interrupted" in capsys.readouterr().err


def test_new_and_scenarios(tmp_path, capsys):
    dest = tmp_path / "mine.toml"
    assert main(["new", str(dest)]) == 0
    assert "[design_space]" in dest.read_text()
    assert main(["new", str(dest)]) == 2  # exists
    assert main(["scenarios"]) == 0
    assert "andean_gold_mine" in capsys.readouterr().out


@pytest.mark.slow
def test_demo_end_to_end(tmp_path):
    out = tmp_path / "demo"
    proc = subprocess.run([sys.executable, "-m", "minegrid", "demo", "--out", str(out)],
                          capture_output=True, text=True, timeout=300,
                          env={"MPLBACKEND": "Agg", **__import__("os").environ})
    assert proc.returncode == 0, proc.stderr
    assert "Maricunga" in proc.stdout and "diesel only" in proc.stdout
    assert "[1/" in proc.stderr  # progress on stderr
    assert (out / "report.html").stat().st_size > 100_000
    assert (out / "dispatch.csv").is_file()
