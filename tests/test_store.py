"""The study store: hashed chunks that heal, and lock files shared by several processes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import numpy as np
import pytest

import minegrid as mg
from minegrid import study
from minegrid.dispatch import Profiles
from minegrid.errors import MinegridWarning
from minegrid.study.store import Store

PARAMS = {"pv_kw": [0.0, 1000.0, 2000.0, 3000.0], "battery_kwh": [0.0, 2000.0, 4000.0]}


def make_base():
    rng = np.random.default_rng(3)
    n = 24 * 28
    hour = np.arange(n) % 24
    profiles = Profiles(load_kw=1500 + 300 * rng.random(n),
                        pv_kw_per_kw=np.clip(np.sin((hour - 6) / 12 * np.pi), 0, None))
    system = mg.System(pv=mg.PVPlant(rated_kw=1000.0),
                       battery=mg.Battery(energy_kwh=2000.0, power_kw=1000.0),
                       genset=mg.GensetFleet(unit_rated_kw=500.0, n_units=5))
    return study.BaseCase(system=system, profiles=profiles, project=mg.Project())


@pytest.fixture(scope="module")
def base():
    return make_base()


def _sweep(base, store, chunk_size=2, **kw):
    return study.sweep(base, PARAMS, kind="full_factorial", progress=kw.pop("progress", False),
                       chunk_size=chunk_size, store=store, **kw)


@pytest.fixture(scope="module")
def reference(base):
    return _sweep(base, None)


def test_damaged_chunks_are_named_and_computed_again(base, reference, tmp_path):
    store = tmp_path / "store"
    first = _sweep(base, store)
    assert first.equals(reference) and first.attrs["chunks"]["computed"] == 6
    files = sorted(store.glob("*.chunk"))
    assert len(files) == 6
    truncated, empty, garbage, tampered, reshaped = files[:5]
    truncated.write_bytes(truncated.read_bytes()[:-40])
    empty.write_bytes(b"")
    garbage.write_bytes(os.urandom(300))
    head, payload = tampered.read_bytes().split(b"\n", 1)
    payload = payload[:-8] + np.float64(1e9).tobytes()  # a valid number, edited in place
    tampered.write_bytes(head + b"\n" + payload)
    other = Store(tmp_path / "other")  # a valid chunk of the wrong shape, hash and all
    other.save("x", "npy", np.zeros((3, 4)))
    shutil.copyfile(other.file("x"), reshaped)
    with pytest.warns(MinegridWarning) as caught:
        healed = _sweep(base, store)
    messages = " ".join(str(w.message) for w in caught)
    for f in (truncated, empty, garbage, tampered, reshaped):
        assert f.name in messages
    assert "truncated" in messages and "SHA-256" in messages and "shape" in messages
    assert healed.attrs["chunks"] == {"total": 6, "computed": 5, "reused": 1}
    assert healed.equals(reference)  # the edited number is not used
    again = _sweep(base, store)
    assert again.attrs["chunks"] == {"total": 6, "computed": 0, "reused": 6}


def test_chunk_file_layout(tmp_path):
    s = Store(tmp_path)
    s.save("k", "json", {"a": 1})
    head, payload = s.file("k").read_bytes().split(b"\n", 1)
    meta = json.loads(head)
    assert meta["kind"] == "json" and meta["bytes"] == len(payload)
    assert s.load("k", "json") == {"a": 1}
    with pytest.warns(MinegridWarning, match="holds 'json' data"):
        assert s.load("k", "npy") is None


def test_store_that_is_a_file_is_refused(tmp_path, base):
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(mg.InputError, match="is a file, not a folder"):
        _sweep(base, f)


def _owner(store: Path, key: str, pid: int, start) -> None:
    (store / f"{key}.lock").write_text(json.dumps(
        {"host": __import__("socket").gethostname(), "pid": pid, "start": start,
         "time": time.time()}))


def test_a_chunk_claimed_by_a_live_process_is_waited_for_then_read(base, reference,
                                                                   tmp_path):
    from minegrid.study.store import _start_time

    store = tmp_path / "store"
    _sweep(base, store)
    chunk = sorted(store.glob("*.chunk"))[2]
    key = chunk.name.split(".")[0]
    aside = tmp_path / "aside.chunk"
    chunk.rename(aside)
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        _owner(store, key, other.pid, _start_time(other.pid))
        out = {}
        runner = threading.Thread(target=lambda: out.update(table=_sweep(base, store)))
        runner.start()
        time.sleep(1.0)
        assert runner.is_alive()  # waiting for the other process's chunk
        aside.rename(chunk)  # the other process stores it and releases its lock
        (store / f"{key}.lock").unlink()
        runner.join(timeout=60)
        assert not runner.is_alive()
    finally:
        other.kill()
        other.wait()
    assert out["table"].attrs["chunks"] == {"total": 6, "computed": 0, "reused": 6}
    assert out["table"].equals(reference)


def test_a_lock_left_by_a_dead_process_is_taken_over(base, reference, tmp_path):
    store = tmp_path / "store"
    _sweep(base, store)
    chunk = sorted(store.glob("*.chunk"))[1]
    key = chunk.name.split(".")[0]
    chunk.unlink()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    _owner(store, key, dead.pid, "0")
    table = _sweep(base, store)
    assert table.attrs["chunks"] == {"total": 6, "computed": 1, "reused": 5}
    assert table.equals(reference)
    assert not list(store.glob("*.lock"))


def test_an_interrupted_sweep_releases_its_locks(base, tmp_path):
    store = tmp_path / "store"

    def stop(**info):
        if info["done"] == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _sweep(base, store, progress=stop)
    assert len(list(store.glob("*.chunk"))) == 2 and not list(store.glob("*.lock"))


WRITER = textwrap.dedent("""\
    import json, sys, time
    sys.path.insert(0, sys.argv[2])
    import test_store as T
    base = T.make_base()

    def slow(**info):
        time.sleep(0.5)  # a slow machine: the two processes overlap

    table = T._sweep(base, sys.argv[1], chunk_size=1, progress=slow)
    print(json.dumps({"chunks": table.attrs["chunks"], "npc": table["npc"].tolist()}))
""")


def test_two_processes_on_one_store_compute_each_chunk_once(base, reference, tmp_path):
    store = tmp_path / "store"
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    here = str(Path(__file__).resolve().parent)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(Path(mg.__file__).resolve().parents[1]), os.environ.get("PYTHONPATH", "")]))
    cmd = [sys.executable, str(script), str(store), here]
    first = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=env)
    end = time.monotonic() + 120
    while not list(store.glob("*.chunk")) and time.monotonic() < end:
        time.sleep(0.05)
    second = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=env)
    outs = []
    for proc in (first, second):
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-2000:]
        outs.append(json.loads(out.strip().splitlines()[-1]))
    computed = [o["chunks"]["computed"] for o in outs]
    assert sum(computed) == 12, outs  # no chunk twice
    assert all(o["chunks"]["total"] == 12 for o in outs)
    for o in outs:
        np.testing.assert_array_equal(o["npc"], reference["npc"].to_numpy())
    assert not list(store.glob("*.lock"))
