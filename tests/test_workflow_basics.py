"""The consultant's workflow, basics (issue 18): numeric summaries, batch tables that keep the
user's labels, ``executor="dask"`` without a running client, ``mg.pareto``, the licence."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import minegrid as mg
from minegrid import executors, study

ROOT = Path(__file__).resolve().parents[1]
GAS = mg.Fuel(name="pipeline gas", kind="natural_gas", unit="Nm3", price_per_unit=0.30,
              co2_kg_per_unit=1.89, delivery="pipeline")


def _day_profiles(n=48):
    t = np.arange(n)
    load = 3000 + 800 * np.sin(2 * np.pi * t / 24)
    pv = np.clip(np.sin(np.pi * ((t % 24) - 6) / 12), 0, None)
    return mg.Profiles(load_kw=load, pv_kw_per_kw=pv, genset_availability=0.9)


def _plant():
    owned = mg.GensetFleet(name="owned gas", fuel=GAS, unit_rated_kw=1000, n_units=2,
                           existing_units=2, fuel_intercept_per_h_per_kw=0.03,
                           fuel_slope_per_kwh=0.26)
    new = mg.GensetFleet(name="new diesel", unit_rated_kw=500, n_units=1)
    return mg.System(pv=mg.PVPlant(rated_kw=1000), gensets=(owned, new))


ONE_FLEET = mg.System(pv=mg.PVPlant(rated_kw=1500), battery=mg.Battery(energy_kwh=2000),
                      genset=mg.GensetFleet(unit_rated_kw=1000, n_units=5))


# --------------------------------------------------------------------------- summary()


def test_summary_is_numeric_with_units_in_the_row_labels():
    r = mg.simulate(ONE_FLEET, _day_profiles())
    table = r.summary()
    assert list(table.columns) == ["design", "diesel only"]
    assert (table.dtypes == np.float64).all()
    assert table.loc["genset units [-]", "design"] == 5.0
    assert table.loc["genset unit [kW]", "design"] == 1000.0
    assert table.loc["genset units [-]", "diesel only"] == r.base.system.genset.n_units
    assert table.loc["PV [kW DC]", "design"] == 1500.0
    assert not [label for label in table.index if "[" not in label]  # every row has a unit
    assert table.loc["NPC [MUSD]", "design"] == pytest.approx(r.costs.npc / 1e6)
    no_gensets = mg.simulate(mg.System(pv=mg.PVPlant(rated_kw=100)), np.zeros(24),
                             base_case=False).summary()
    assert no_gensets.loc["genset units [-]", "design"] == 0.0


def test_plant_summary_has_a_row_per_type():
    r = mg.simulate(_plant(), _day_profiles())
    table = r.summary()
    assert list(table.columns) == ["design", "gensets only"]
    assert (table.dtypes == np.float64).all()
    assert table.loc["units [owned gas]", "design"] == 2.0
    assert table.loc["unit kW [owned gas]", "design"] == 1000.0
    assert table.loc["units [new diesel]", "design"] == 1.0
    assert table.loc["unit kW [new diesel]", "design"] == 500.0
    base_units = {f.name: f.n_units for f in r.base.system.fleets}
    assert table.loc["units [new diesel]", "gensets only"] == base_units["new diesel"]
    assert "genset units [-]" not in table.index
    assert "pipeline gas [Nm3/yr]" in table.index


# --------------------------------------------------------------------------- simulate_batch


def test_batch_keeps_the_designs_index():
    prof = _day_profiles()
    names = pd.Index(["small", "medium", "large"], name="design")
    designs = pd.DataFrame({"pv_kw": [0.0, 1500.0, 3000.0],
                            "battery_kwh": [0.0, 2000.0, 500.0]}, index=names)
    table = mg.simulate_batch(ONE_FLEET, prof, designs)
    assert table.index.equals(names) and table.index.name == "design"
    assert table.loc["large", "pv_kw"] == 3000.0
    plain = mg.simulate_batch(ONE_FLEET, prof, designs.to_dict("list"))
    assert isinstance(plain.index, pd.RangeIndex)
    np.testing.assert_array_equal(plain["npc"].to_numpy(), table["npc"].to_numpy())
    of_series = mg.simulate_batch(ONE_FLEET, prof, {c: designs[c] for c in designs})
    assert of_series.index.equals(names)
    shuffled = designs.iloc[[2, 0, 1]]
    again = mg.simulate_batch(ONE_FLEET, prof, shuffled)
    assert list(again.index) == ["large", "small", "medium"]
    assert again.loc["small", "npc"] == table.loc["small", "npc"]  # labels follow the rows


def test_plant_batch_keeps_the_designs_index():
    designs = pd.DataFrame({"pv_kw": [0.0, 2000.0], "n_units[new diesel]": [1, 3]},
                           index=["A", "B"])
    table = mg.simulate_batch(_plant(), _day_profiles(), designs)
    assert list(table.index) == ["A", "B"]
    assert table.loc["B", "n_units[new diesel]"] == 3


# --------------------------------------------------------------------------- dask


def _tiny_base():
    n = 8760
    rng = np.random.default_rng(7)
    hour = np.arange(n) % 24
    profiles = mg.Profiles(load_kw=3000.0 + 600.0 * rng.random(n),
                           pv_kw_per_kw=np.clip(np.sin((hour - 6) / 12 * np.pi), 0, None) * 0.8)
    system = mg.System(pv=mg.PVPlant(rated_kw=3000.0),
                       genset=mg.GensetFleet(unit_rated_kw=1000.0, n_units=5))
    return study.BaseCase(system=system, profiles=profiles, project=mg.Project())


PARAMS = {"pv_kw": [1000.0, 2500.0, 5000.0], "project.fuel_price_per_l": [0.8, 1.2]}


def _no_client():
    distributed = pytest.importorskip("distributed")
    with pytest.raises(ValueError):
        distributed.get_client()


def test_dask_without_a_client_starts_and_closes_a_local_cluster():
    _no_client()
    base = _tiny_base()
    ref = study.sweep(base, PARAMS, kind="full_factorial", progress=False, chunk_size=2)
    out = study.sweep(base, PARAMS, kind="full_factorial", progress=False, chunk_size=2,
                      executor="dask")
    assert out.equals(ref)
    _no_client()  # closed at the end of the study, and never made the default
    assert multiprocessing.active_children() == []


def test_dask_local_cluster_closed_on_ctrl_c():
    _no_client()

    def stop(**info):
        if info["done"] == 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        study.sweep(_tiny_base(), PARAMS, kind="full_factorial", progress=stop, chunk_size=1,
                    executor="dask")
    _no_client()
    assert multiprocessing.active_children() == []


def test_dask_executor_starts_its_cluster_lazily():
    _no_client()
    ex = executors.get_executor("dask")
    assert isinstance(ex, executors.DaskExecutor)
    assert "not started" in repr(ex) and ex.n_workers == (os.cpu_count() or 1)
    ex.close()  # nothing started, nothing to close
    with executors.DaskExecutor(n_workers=1) as ex:
        assert dict(ex.map(_square, range(4), 3)) == {i: 3 * i * i for i in range(4)}
        assert ex.n_workers == 1 and "local cluster" in repr(ex)
    assert multiprocessing.active_children() == []
    with pytest.raises(mg.InputError, match="n_workers"):
        executors.DaskExecutor(n_workers=0)


def _square(shared, task):
    return shared * task * task


SCRIPT = textwrap.dedent("""\
    import sys
    import numpy as np
    import minegrid as mg
    from minegrid import study

    def main():
        n = 8760
        rng = np.random.default_rng(7)
        profiles = mg.Profiles(load_kw=3000 + 600 * rng.random(n))
        system = mg.System(pv=mg.PVPlant(rated_kw=3000.0),
                           battery=mg.Battery(energy_kwh=4000.0, power_kw=2000.0),
                           genset=mg.GensetFleet(unit_rated_kw=1000.0, n_units=5))
        base = study.BaseCase(system=system, profiles=profiles, project=mg.Project())
        params = {"pv_kw": list(np.linspace(0, 8000, 200)),
                  "battery_kwh": list(np.linspace(0, 8000, 40))}
        def report(**info):
            print("done", info["done"], flush=True)
        study.sweep(base, params, kind="full_factorial", progress=report, chunk_size=40,
                    executor="dask")

    if __name__ == "__main__":
        main()
""")


def _children(pid):
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii") as fh:
                    if int(fh.read().rsplit(")", 1)[1].split()[1]) == pid:
                        out.append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    return out


def _running(pid):
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc (Linux)")
def test_ctrl_c_to_the_process_group_leaves_no_dask_worker(tmp_path):
    _no_client()
    script = tmp_path / "study.py"
    script.write_text(SCRIPT)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=env, cwd=tmp_path,
                            start_new_session=True)
    try:
        end = time.monotonic() + 120
        line = ""
        while not line.startswith("done 1") and time.monotonic() < end:
            line = proc.stdout.readline()
            assert line, "the study ended before its first chunk"
        workers = _children(proc.pid)
        assert workers  # the local cluster's worker processes
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
        rest, _ = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode != 0 and "KeyboardInterrupt" in rest
    assert rest.count("KeyboardInterrupt") == 1, rest  # the workers ignored it
    end = time.monotonic() + 20
    while any(_running(p) for p in workers) and time.monotonic() < end:
        time.sleep(0.1)
    assert not [p for p in workers if _running(p)]


# --------------------------------------------------------------------------- small things


def test_pareto_at_top_level():
    from minegrid.sizing import pareto

    assert mg.pareto is pareto and "pareto" in dir(mg) and "pareto" in mg.__all__
    front = mg.pareto(mg.System(genset=mg.GensetFleet(unit_rated_kw=1000, n_units=5)),
                      _day_profiles(), mg.DesignSpace(pv_kw=(0.0, 3000.0)),
                      against="renewable_fraction", n_points=2, maxiter=3, popsize=4)
    assert isinstance(front, pd.DataFrame) and {"npc", "renewable_fraction"} <= set(front)


def test_licence_is_mit():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert "Copyright (c) 2026 the minegrid authors" in text
    assert "WITHOUT WARRANTY OF ANY KIND" in text
    assert "MIT" in (ROOT / "README.md").read_text(encoding="utf-8")
