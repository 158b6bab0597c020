"""Execution backends for studies: in-process, local processes, or a dask cluster.

Every backend runs a list of *tasks* through one module-level function
``fn(shared, task)``, where ``shared`` is data every task needs (the
profiles of the study) and ``task`` is small (a chunk of designs). The
backends differ only in where ``fn`` runs and how ``shared`` gets there:

=====================  =======================================================  ==================
backend                where tasks run                                          ``shared`` sent
=====================  =======================================================  ==================
:class:`InProcess`     this process; the batch kernel uses numba's threads      not copied
:class:`LocalProcesses` a :class:`concurrent.futures.ProcessPoolExecutor`       once per process
:class:`DaskExecutor`  the workers of a ``dask.distributed`` client             scattered once per
                                                                                 worker (broadcast)
=====================  =======================================================  ==================

:meth:`Executor.map` yields ``(task_index, result)`` pairs *as tasks
complete* (in any order), so the caller can store each result and report
progress while the rest still run. Closing the generator (for instance when
the caller raises ``KeyboardInterrupt``) cancels the tasks not yet started.

Results do not depend on the backend: every task computes the same numbers
wherever it runs (the kernel's results do not depend on the thread count).

Scheduling costs about 2-3 ms per task on a dask cluster and about 0.1-1 ms
with local processes, against about 25 µs per design-year in the kernel, so
the study code packs hundreds of designs into one task (see
:func:`minegrid.sweep`'s ``chunk_size``).

``dask.distributed`` is an optional dependency (``pip install
minegrid[distributed]``); it is imported only when a :class:`DaskExecutor` is
made.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Sequence

from .errors import InputError, check

__all__ = ["Executor", "InProcess", "LocalProcesses", "DaskExecutor", "get_executor",
           "kernel_lock"]

#: Serialises kernel calls made from several threads of one process (dask thread workers):
#: the batch kernel already uses every core through numba, and nested thread pools would
#: only oversubscribe them.
kernel_lock = threading.RLock()


class Executor:
    """Interface of the backends: ``map(fn, tasks, shared)`` yields results as they complete.

    Attributes
    ----------
    name : str
        Short label (``"in-process"``, ``"processes"``, ``"dask"``).
    n_workers : int
        Number of workers that run tasks concurrently (1 in-process).
    """

    name = "executor"
    n_workers = 1

    def map(self, fn: Callable, tasks: Sequence, shared) -> Iterator[tuple[int, object]]:
        """Run ``fn(shared, task)`` for every task; yield ``(index, result)`` as each completes.

        Parameters
        ----------
        fn : callable
            A module-level (picklable) function ``fn(shared, task) -> result``.
        tasks : sequence
            Small, picklable task descriptions.
        shared : object
            Data every task needs; sent to each worker once.
        """
        raise NotImplementedError

    def close(self) -> None:
        """Release what the executor started (pools, clients it created)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(n_workers={self.n_workers})"


class InProcess(Executor):
    """Run tasks one after the other in this process (the kernel uses numba's threads).

    Parameters
    ----------
    threads : int, optional
        Numba threads for the batch kernel during :meth:`map` (restored after);
        ``None`` keeps the current setting.
    """

    name = "in-process"

    def __init__(self, threads: int | None = None):
        check(threads is None or (isinstance(threads, int) and threads >= 1), "threads",
              threads, "must be None or an int >= 1", "e.g. threads=2")
        self.threads = threads

    def map(self, fn, tasks, shared):
        from .dispatch import set_threads

        previous = set_threads(self.threads) if self.threads is not None else None
        try:
            for i, task in enumerate(tasks):
                yield i, fn(shared, task)
        finally:
            if previous is not None:
                set_threads(previous)


# --- local processes ----------------------------------------------------------------------
_WORKER_SHARED = None


def _init_worker(shared, threads: int | None) -> None:
    """Process-pool initializer: keep ``shared`` for every task of this worker."""
    global _WORKER_SHARED
    _WORKER_SHARED = shared
    if threads is not None:
        from .dispatch import set_threads

        set_threads(threads)


def _call_in_worker(fn, task):
    return fn(_WORKER_SHARED, task)


class LocalProcesses(Executor):
    """Run tasks in local worker processes (:class:`concurrent.futures.ProcessPoolExecutor`).

    A pool is started for each :meth:`map` call; its initializer receives the
    shared data once per process. Workers are started with ``"spawn"`` by
    default (safe with numba's OpenMP threads, which do not survive a fork):
    scripts that use this backend need the ``if __name__ == "__main__":`` guard.

    Parameters
    ----------
    max_workers : int, optional
        Number of processes; default ``os.cpu_count()``.
    threads_per_worker : int
        Numba threads per process (1 avoids oversubscribing the cores).
    mp_context : str
        Multiprocessing start method: ``"spawn"``, ``"forkserver"`` or ``"fork"``.
    """

    name = "processes"

    def __init__(self, max_workers: int | None = None, *, threads_per_worker: int = 1,
                 mp_context: str = "spawn"):
        check(max_workers is None or (isinstance(max_workers, int) and max_workers >= 1),
              "max_workers", max_workers, "must be None or an int >= 1", "e.g. max_workers=2")
        check(isinstance(threads_per_worker, int) and threads_per_worker >= 1,
              "threads_per_worker", threads_per_worker, "must be an int >= 1", "e.g. 1")
        check(mp_context in ("spawn", "forkserver", "fork"), "mp_context", mp_context,
              "must be 'spawn', 'forkserver' or 'fork'", "use 'spawn'")
        self.n_workers = max_workers or os.cpu_count() or 1
        self.threads_per_worker = threads_per_worker
        self.mp_context = mp_context

    def map(self, fn, tasks, shared):
        import multiprocessing
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

        if len(tasks) == 0:
            return
        ctx = multiprocessing.get_context(self.mp_context)
        pool = ProcessPoolExecutor(max_workers=min(self.n_workers, len(tasks)), mp_context=ctx,
                                   initializer=_init_worker,
                                   initargs=(shared, self.threads_per_worker))
        try:
            pending = {pool.submit(_call_in_worker, fn, task): i for i, task in enumerate(tasks)}
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    i = pending.pop(future)
                    yield i, future.result()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


# --- dask.distributed ---------------------------------------------------------------------
def _import_distributed():
    try:
        import distributed
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise InputError("the dask backend needs dask.distributed, which is not installed. "
                         "Fix: pip install 'minegrid[distributed]', or use "
                         "executor='in-process' or 'processes'.") from exc
    return distributed


def _dask_call(fn, shared, task):
    return fn(shared, task)


class DaskExecutor(Executor):
    """Run tasks on a ``dask.distributed`` cluster.

    The shared data is scattered once to every worker (``broadcast=True``);
    each task is one ``client.submit`` and results come back with
    ``distributed.as_completed``.

    Parameters
    ----------
    client : distributed.Client, optional
        An existing client (left open by :meth:`close`).
    address : str, optional
        Scheduler address to connect to (``"tcp://host:8786"``); the client
        made is closed by :meth:`close`. With neither ``client`` nor
        ``address``, the current default client is used
        (``distributed.get_client()``).
    """

    name = "dask"

    def __init__(self, client=None, *, address: str | None = None):
        distributed = _import_distributed()
        self._own = False
        if client is None and address is not None:
            client = distributed.Client(address)
            self._own = True
        elif client is None:
            try:
                client = distributed.get_client()
            except ValueError as exc:
                raise InputError("no dask client is running. Fix: pass "
                                 "DaskExecutor(client=distributed.Client(...)) or an "
                                 "address.") from exc
        check(isinstance(client, distributed.Client), "client", type(client).__name__,
              "must be a distributed.Client", "pass distributed.Client(...)")
        self.client = client

    @property
    def n_workers(self) -> int:
        info = self.client.scheduler_info()
        return max(1, sum(w.get("nthreads", 1) for w in info.get("workers", {}).values()))

    def map(self, fn, tasks, shared):
        distributed = _import_distributed()
        if len(tasks) == 0:
            return
        client = self.client
        [shared_future] = client.scatter([shared], broadcast=True, hash=False)
        futures = [client.submit(_dask_call, fn, shared_future, task, pure=False)
                   for task in tasks]
        index = {f.key: i for i, f in enumerate(futures)}
        try:
            for future in distributed.as_completed(futures):
                yield index[future.key], future.result()
        finally:
            client.cancel(futures)
            del futures
            client.cancel([shared_future])

    def close(self) -> None:
        if self._own:
            self.client.close()


def get_executor(executor=None) -> Executor:
    """An :class:`Executor` from a name, a dask client or an instance.

    Parameters
    ----------
    executor : None, str, Executor or distributed.Client
        ``None`` or ``"in-process"``: :class:`InProcess`; ``"processes"``:
        :class:`LocalProcesses` with one process per core; ``"dask"``: the
        current dask client; a ``distributed.Client``: :class:`DaskExecutor`
        on it; an :class:`Executor` is returned as is.
    """
    if executor is None:
        return InProcess()
    if isinstance(executor, Executor):
        return executor
    if isinstance(executor, str):
        names = {"in-process": InProcess, "inprocess": InProcess, "processes": LocalProcesses,
                 "dask": DaskExecutor}
        check(executor in names, "executor", executor,
              "is not one of 'in-process', 'processes', 'dask'",
              "or pass an Executor or a distributed.Client")
        return names[executor]()
    if type(executor).__name__ == "Client" and type(executor).__module__.startswith(
            "distributed"):
        return DaskExecutor(executor)
    raise InputError(f"executor = {type(executor).__name__} is not a backend. Fix: pass "
                     "'in-process', 'processes', 'dask', a minegrid.executors.Executor or a "
                     "distributed.Client.")
