"""Execution backends: identical results in-process, in local processes and on dask."""

from __future__ import annotations

import numpy as np
import pytest

import minegrid as mg
from minegrid import executors, study
from minegrid.dispatch import Profiles
from minegrid.errors import InputError

PARAMS = {"project.fuel_price_per_l": [0.8, 1.2], "pv_kw": [1000.0, 2500.0, 5000.0],
          "load_scale": [0.9, 1.1], "battery_kwh": [1000.0, 8000.0]}


@pytest.fixture(scope="module")
def base():
    rng = np.random.default_rng(7)
    n = 8760
    hour = np.arange(n) % 24
    load = 3000.0 + 600.0 * rng.random(n)
    pv = np.clip(np.sin((hour - 6) / 12 * np.pi), 0, None) * 0.8
    wind = 2300.0 * rng.random(n) ** 2
    profiles = Profiles(load_kw=load, pv_kw_per_kw=pv, wind_kw_per_turbine=wind,
                        genset_availability=0.9)
    system = mg.System(pv=mg.PVPlant(rated_kw=3000.0),
                       wind=mg.WindPlant(n_turbines=1, turbine_rated_kw=2300.0),
                       battery=mg.Battery(energy_kwh=4000.0, power_kw=2000.0),
                       genset=mg.GensetFleet(unit_rated_kw=1000.0, n_units=5))
    return study.BaseCase(system=system, profiles=profiles, project=mg.Project())


@pytest.fixture(scope="module")
def reference(base):
    return study.sweep(base, PARAMS, kind="full_factorial", progress=False, chunk_size=5)


@pytest.fixture(scope="module")
def dask_client():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(processes=False, n_workers=2, threads_per_worker=1,
                                  dashboard_address=":0") as cluster, \
            distributed.Client(cluster) as client:
        yield client


def test_in_process_threads_give_same_table(base, reference):
    one = study.sweep(base, PARAMS, kind="full_factorial", progress=False, chunk_size=5,
                      executor=executors.InProcess(threads=1))
    assert one.equals(reference)
    assert reference.attrs["chunks"] == {"total": 3, "computed": 3, "reused": 0}
    assert reference.attrs["designs"] == 12  # 3 pv x 2 load scales x 2 batteries
    assert len(reference) == 24


def test_local_processes_identical(base, reference):
    out = study.sweep(base, PARAMS, kind="full_factorial", progress=False, chunk_size=5,
                      executor=executors.LocalProcesses(2))
    assert out.equals(reference)


def test_dask_thread_cluster_identical(base, reference, dask_client):
    out = study.sweep(base, PARAMS, kind="full_factorial", progress=False, chunk_size=5,
                      executor=dask_client)
    assert out.equals(reference)
    out2 = study.sweep(base, PARAMS, kind="full_factorial", progress=False, chunk_size=5,
                       executor=executors.DaskExecutor(dask_client))
    assert out2.equals(reference)


@pytest.mark.slow
def test_dask_process_cluster_identical(base, reference):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(processes=True, n_workers=2, threads_per_worker=1,
                                  dashboard_address=":0") as cluster, \
            distributed.Client(cluster) as client:
        out = study.sweep(base, PARAMS, kind="full_factorial", progress=False, chunk_size=5,
                          executor=client)
    assert out.equals(reference)


def _square(shared, task):
    return shared["k"] * task * task


@pytest.mark.parametrize("make", [lambda: executors.InProcess(),
                                  lambda: executors.LocalProcesses(2, mp_context="spawn")])
def test_map_yields_every_task_once(make):
    with make() as ex:
        got = dict(ex.map(_square, list(range(7)), {"k": 3}))
    assert got == {i: 3 * i * i for i in range(7)}


def test_dask_map_sends_shared_once_and_yields_all(dask_client):
    ex = executors.DaskExecutor(dask_client)
    assert ex.n_workers == 2
    got = dict(ex.map(_square, list(range(9)), {"k": 2}))
    assert got == {i: 2 * i * i for i in range(9)}


def test_get_executor_names_and_errors(dask_client):
    assert isinstance(executors.get_executor(None), executors.InProcess)
    assert isinstance(executors.get_executor("processes"), executors.LocalProcesses)
    assert isinstance(executors.get_executor(dask_client), executors.DaskExecutor)
    assert isinstance(executors.get_executor("dask"), executors.DaskExecutor)  # default client
    with pytest.raises(InputError, match="executor"):
        executors.get_executor("cluster")
    with pytest.raises(InputError, match="executor"):
        executors.get_executor(42)
    with pytest.raises(InputError, match="max_workers"):
        executors.LocalProcesses(0)


def test_interrupted_in_process_resumed_on_dask(base, reference, dask_client, tmp_path):
    def stop(**info):
        if info["done"] == 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        study.sweep(base, PARAMS, kind="full_factorial", progress=stop, chunk_size=5,
                    store=tmp_path)
    out = study.sweep(base, PARAMS, kind="full_factorial", progress=False, chunk_size=5,
                      store=tmp_path, executor=dask_client)
    assert out.attrs["chunks"] == {"total": 3, "computed": 2, "reused": 1}
    assert out.equals(reference)


def test_interrupt_on_dask_cancels_and_resumes(base, reference, dask_client, tmp_path):
    seen = []

    def stop(**info):
        seen.append(info["done"])
        if info["done"] == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        study.sweep(base, PARAMS, kind="full_factorial", progress=stop, chunk_size=4,
                    store=tmp_path, executor=dask_client)
    assert seen == [1, 2]
    assert len(list(tmp_path.glob("*.chunk"))) == 2
    out = study.sweep(base, PARAMS, kind="full_factorial", progress=False, chunk_size=4,
                      store=tmp_path, executor=dask_client)
    assert out.attrs["chunks"] == {"total": 3, "computed": 1, "reused": 2}
    assert out.equals(reference)  # chunking changes the store's files, never the table


def test_size_mode_identical_on_every_backend(base, dask_client):
    sized = study.BaseCase(system=base.system, profiles=base.profiles, project=base.project,
                           space=mg.DesignSpace(pv_kw=(0.0, 6000.0), battery_kwh=(0.0, 8000.0)),
                           size_options={"method": "de", "seed": 1, "maxiter": 5,
                                         "popsize": 6})
    params = {"project.fuel_price_per_l": [0.6, 2.0]}
    ref = study.sweep(sized, params, mode="size", progress=False)
    assert ref.attrs["designs"] == 3 and {"pv_kw", "battery_kwh", "success"} <= set(ref.columns)
    on_dask = study.sweep(sized, params, mode="size", progress=False, executor=dask_client)
    assert on_dask.equals(ref)
    in_procs = study.sweep(sized, params, mode="size", progress=False,
                           executor=executors.LocalProcesses(2))
    assert in_procs.equals(ref)
