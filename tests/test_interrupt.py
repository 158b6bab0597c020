"""Interruption: no worker outlives its parent, the LP stops on Ctrl-C, the CLI keeps what finished.

The process tests run a script in its own session and send SIGINT to its whole
process group, as a terminal's Ctrl-C does. Waits are hang guards (a process
that never ends fails the test), not timings: speed is in ``benchmarks/``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import minegrid as mg
from minegrid.cli import main
from scenarios import small_mine

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="process checks read /proc (Linux)")
SRC = str(Path(mg.__file__).resolve().parents[1])


def _env() -> dict:
    return dict(os.environ, PYTHONPATH=os.pathsep.join([SRC, os.environ.get("PYTHONPATH", "")]),
                MPLBACKEND="Agg")


def _terminal(**kwargs) -> dict:
    """Popen options of a program started from a terminal: its own session (a Ctrl-C goes to
    its process group) and SIGINT at its default action. A shell runs a background job with
    SIGINT ignored, and an ignored signal stays ignored across exec, so a test suite started
    in the background would otherwise run these programs deaf to Ctrl-C."""
    return dict(env=_env(), start_new_session=True,
                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL), **kwargs)


def _running(pid: int) -> bool:
    """True while ``pid`` is a process that has not exited (a zombie has exited)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def _gone(pids, guard_s: float = 20.0) -> list[int]:
    """The pids still running once they have had ``guard_s`` to end (hang guard)."""
    end = time.monotonic() + guard_s
    left = [p for p in pids if _running(p)]
    while left and time.monotonic() < end:
        time.sleep(0.1)
        left = [p for p in left if _running(p)]
    return left


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii") as fh:
                    if int(fh.read().rsplit(")", 1)[1].split()[1]) == pid:
                        out.append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    return out


SWEEP_SCRIPT = textwrap.dedent("""\
    import json, os, signal, sys, threading, time
    import numpy as np
    import minegrid as mg
    from minegrid import executors, study
    from minegrid.dispatch import Profiles

    CHUNK = 4


    def workers():
        # this process's children but multiprocessing's resource tracker
        out = []
        for entry in os.listdir("/proc"):
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
                with open(f"/proc/{entry}/cmdline") as fh:
                    cmd = fh.read()
            except (OSError, ValueError, IndexError):
                continue
            if ppid == os.getpid() and "resource_tracker" not in cmd:
                out.append(int(entry))
        return out

    def main():
        rng = np.random.default_rng(1)
        n = 8760 * 2
        profiles = Profiles(load_kw=3000 + 500 * rng.random(n),
                            pv_kw_per_kw=np.clip(np.sin((np.arange(n) % 24 - 6) / 12 * np.pi),
                                                 0, None))
        system = mg.System(pv=mg.PVPlant(rated_kw=3000.0),
                           battery=mg.Battery(energy_kwh=4000.0, power_kw=2000.0),
                           genset=mg.GensetFleet(unit_rated_kw=1000.0, n_units=5))
        base = study.BaseCase(system=system, profiles=profiles, project=mg.Project())
        # large enough that no run ends before its Ctrl-C (at most 2.5 s) on a fast machine
        params = {"pv_kw": list(np.linspace(0, 8000, 120)),
                  "battery_kwh": list(np.linspace(0, 8000, 120))}
        # everything imported first: a Ctrl-C inside an import would break the next runs
        study.sweep(base, {"pv_kw": [0.0, 10.0]}, progress=False)
        runs, delays = int(sys.argv[1]), [float(x) for x in sys.argv[2].split(",")]
        report = []
        for i in range(runs):
            delay = delays[i % len(delays)]
            seen = []

            def ctrl_c():
                time.sleep(delay)
                seen.extend(workers())
                os.killpg(os.getpgrp(), signal.SIGINT)

            timer = threading.Thread(target=ctrl_c)
            timer.start()
            finished = False
            try:
                study.sweep(base, params, kind="full_factorial", progress=False,
                            chunk_size=CHUNK, executor=executors.LocalProcesses(2))
                finished = True
                time.sleep(delay + 5)  # finished first: the signal lands here
            except KeyboardInterrupt:
                pass
            interrupted = not finished
            timer.join()
            report.append({"delay": delay, "interrupted": interrupted, "workers": seen})
            print(json.dumps(report[-1]), flush=True)

    if __name__ == "__main__":
        main()
""")


def test_no_worker_outlives_thirty_interrupted_runs(tmp_path):
    """Ctrl-C to the process group, 30 times, at times from worker start-up to mid-study."""
    script = tmp_path / "sweep.py"
    script.write_text(SWEEP_SCRIPT)
    delays = "0.05,0.4,0.8,1.0,1.2,1.4,1.6,1.8,2.0,2.5"
    proc = subprocess.Popen([sys.executable, str(script), "30", delays],
                            **_terminal(stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    try:
        out, err = proc.communicate(timeout=600)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 0, err[-3000:]
    runs = [json.loads(line) for line in out.splitlines()]
    assert len(runs) == 30
    interrupted = [r for r in runs if r["interrupted"]]
    assert len(interrupted) == 30, runs  # every run was stopped by its Ctrl-C
    assert sum(bool(r["workers"]) for r in runs) >= 15  # most had workers running
    workers = [p for r in runs for p in r["workers"]]
    assert _gone(workers) == []  # none left, and the parent ended (communicate returned)


def test_workers_end_when_the_parent_is_killed(tmp_path):
    script = tmp_path / "killed.py"
    script.write_text(SWEEP_SCRIPT.replace("os.killpg(os.getpgrp(), signal.SIGINT)",
                                           "print(json.dumps({'workers': seen}), flush=True);"
                                           " time.sleep(600)"))
    proc = subprocess.Popen([sys.executable, str(script), "1", "2.5"],
                            **_terminal(stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                        text=True))
    try:
        workers = json.loads(proc.stdout.readline())["workers"]
        assert workers and all(_running(p) for p in workers)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the parent dies without cleaning up
        proc.wait()
        proc.stdout.close()
    assert _gone(workers) == []


LP_SCRIPT = textwrap.dedent("""\
    import numpy as np
    import minegrid as mg
    from minegrid.dispatch import Profiles

    n = 8760 * 6
    rng = np.random.default_rng(0)
    hour = np.arange(n) % 24
    p = Profiles(load_kw=2000 + 400 * rng.random(n),
                 pv_kw_per_kw=np.clip(np.sin((hour - 6) / 12 * np.pi), 0, None),
                 genset_availability=0.9, dt_h=1 / 6)
    system = mg.System(pv=mg.PVPlant(rated_kw=2000.0),
                       battery=mg.Battery(energy_kwh=3000.0, power_kw=1500.0),
                       genset=mg.GensetFleet(unit_rated_kw=600.0, n_units=5))
    space = mg.DesignSpace(pv_kw=(0.0, 8000.0), battery_kwh=(0.0, 20000.0), n_units=(2, 8))
    try:
        mg.lp_bound(system, p, space=space, mode="sizing")
        print("finished")
    except KeyboardInterrupt:
        print("interrupted", flush=True)
""")


def test_lp_bound_stops_on_ctrl_c_and_leaves_no_solver(tmp_path):
    script = tmp_path / "lp.py"
    script.write_text(LP_SCRIPT)
    proc = subprocess.Popen([sys.executable, str(script)],
                            **_terminal(stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    try:
        solver = []
        end = time.monotonic() + 120
        while not solver and time.monotonic() < end and proc.poll() is None:
            time.sleep(0.2)
            solver = [c for c in _children(proc.pid)
                      if "_child_main" in Path(f"/proc/{c}/cmdline").read_text(errors="ignore")]
        assert solver, "the LP was not solved in a child process"
        time.sleep(1.0)  # HiGHS is busy now
        os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=30)  # hang guard
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert out.strip() == "interrupted", err[-2000:]
    assert _gone(solver) == []


def test_call_in_child_returns_and_raises():
    from minegrid.executors import call_in_child

    assert call_in_child(divmod, 17, 5) == (3, 2)
    with pytest.raises(ZeroDivisionError):
        call_in_child(divmod, 1, 0)
    with pytest.raises(TimeoutError):
        call_in_child(time.sleep, 30, timeout_s=0.5)


# --------------------------------------------------------------------------- the command
CLI_SCENARIO = small_mine(maxiter="{maxiter}", popsize=6)


def test_ctrl_c_during_sizing_writes_the_best_design_partial_130(tmp_path):
    """A real SIGINT while the search runs: best design kept, no LP, report PARTIAL, 130."""
    path = tmp_path / "s.toml"
    path.write_text(CLI_SCENARIO.format(maxiter=100000))
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "minegrid", "run", str(path), "--size",
                             "--out", str(out)],
                            **_terminal(stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    try:
        for line in proc.stderr:  # progress lines: wait for the search to report designs
            if "design" in line and "sizing" not in line and "[" not in line[:2]:
                break
        time.sleep(1.0)
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, err[-2000:]
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "PARTIAL" in report and "best design the sizing search had found" in report
    assert "Lower bound from linear programming" not in report
    assert (out / "sizing.csv").is_file() and (out / "summary.csv").is_file()
    assert "interrupted" in (out / "sizing.csv").read_text() or "PARTIAL" in err


def test_ctrl_c_during_lp_keeps_sizing_and_report(tmp_path, monkeypatch, capsys):
    pytest.importorskip("minegrid.sizing")
    from minegrid import sizing

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(sizing, "lp_bound", interrupted)
    path = tmp_path / "s.toml"
    path.write_text(CLI_SCENARIO.format(maxiter=2))
    out = tmp_path / "out"
    assert main(["run", str(path), "--size", "--out", str(out), "-q"]) == 130
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "PARTIAL" in report and "best design the sizing search had found" in report
    assert (out / "sizing.csv").is_file() and (out / "designs.csv").is_file()
    assert "PARTIAL" in capsys.readouterr().err


def test_ctrl_c_before_the_first_design_keeps_the_simulation(tmp_path, monkeypatch):
    import importlib

    search = importlib.import_module("minegrid.sizing.search")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(search, "_run_de", interrupted)
    path = tmp_path / "s.toml"
    path.write_text(CLI_SCENARIO.format(maxiter=2))
    out = tmp_path / "out"
    assert main(["run", str(path), "--size", "--out", str(out), "-q"]) == 130
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "PARTIAL" in report and "the simulation of the scenario" in report
    assert (out / "summary.csv").is_file() and not (out / "sizing.csv").exists()


def test_ctrl_c_while_building_writes_no_result(tmp_path, monkeypatch):
    from minegrid import scenario as sc_mod

    def interrupted(self, *args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(sc_mod.Scenario, "build", interrupted)
    path = tmp_path / "s.toml"
    path.write_text(CLI_SCENARIO.format(maxiter=2))
    out = tmp_path / "out"
    assert main(["run", str(path), "--out", str(out), "-q"]) == 130
    assert not (out / "report.html").exists() and not (out / "summary.csv").exists()
    assert (out / "scenario.toml").is_file()  # the one finished thing: the input, copied
