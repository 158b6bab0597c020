"""Execution backends for studies: in-process, local processes, or a dask cluster.

Every backend runs a list of *tasks* through one module-level function
``fn(shared, task)``, where ``shared`` is data every task needs (the
profiles of the study) and ``task`` is small (a chunk of designs). The
backends differ only in where ``fn`` runs and how ``shared`` gets there:

=====================  =======================================================  ==================
backend                where tasks run                                          ``shared`` sent
=====================  =======================================================  ==================
:class:`InProcess`     this process; the batch kernel uses numba's threads      not copied
:class:`LocalProcesses` worker processes that never outlive this one            once per process
:class:`DaskExecutor`  the workers of a ``dask.distributed`` client (or of a    scattered once per
                       local cluster it starts when none is running)            worker (broadcast)
=====================  =======================================================  ==================

:meth:`Executor.map` yields ``(task_index, result)`` pairs *as tasks
complete* (in any order), so the caller can store each result and report
progress while the rest still run. Closing the generator (for instance when
the caller raises ``KeyboardInterrupt``) cancels the tasks not yet started;
local worker processes are terminated at once, not waited for.
:func:`call_in_child` runs one long call into compiled code (the LP solve)
in a child process that Ctrl-C stops at once.

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

import contextlib
import itertools
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence

from .errors import InputError, check

__all__ = ["Executor", "InProcess", "LocalProcesses", "DaskExecutor", "get_executor",
           "kernel_lock", "call_in_child"]

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
        tasks : iterable
            Small, picklable task descriptions; the index yielded with a
            result is the task's position in this iterable.
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


# --- child processes that never outlive this one ------------------------------------------
@contextlib.contextmanager
def _sigint_blocked():
    """Block SIGINT in this thread while a child starts: the child inherits the mask.

    A Ctrl-C to the process group then reaches only this process (a pending
    one is raised here when the block ends); the child, which ignores SIGINT
    from its first line on, never dies half-started with a traceback.
    """
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _watch_parent(parent_pid: int, period_s: float = 0.2) -> None:
    while True:
        if os.getppid() != parent_pid:
            os._exit(1)
        time.sleep(period_s)


def _child_setup(parent_pid: int, death_signal: bool) -> None:
    """First thing a child does: leave Ctrl-C to the parent, and die with the parent.

    The parent stops its children itself on Ctrl-C. On Linux the kernel kills
    the child when the parent's thread that started it ends
    (``PR_SET_PDEATHSIG``, used when that is the main thread); everywhere a
    watchdog thread ends the child within 0.2 s of the parent's death.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    if death_signal and sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - no libc prctl
            pass
    if os.getppid() != parent_pid:  # the parent died before the line above
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True,
                     name="minegrid-parent-watch").start()


def _stop(processes, *, graceful: bool, grace_s: float = 2.0) -> None:
    """End child processes: let finished ones exit, terminate (then kill) the rest."""
    for p in processes:
        p.join(timeout=grace_s if graceful else 0.0)
    for p in processes:
        if p.is_alive():
            p.terminate()
    for p in processes:
        p.join(timeout=1.0)
        if p.is_alive():  # pragma: no cover - a child that ignores SIGTERM
            p.kill()
            p.join()


def _child_main() -> None:
    """Entry of :func:`call_in_child`'s process: ``fn(*args)`` from stdin, result to stdout."""
    import pickle
    import traceback

    result_file = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything a library prints goes to stderr, not into the result
    _child_setup(int(sys.argv[1]), sys.argv[2] == "1")
    fn, args, kwargs = pickle.load(sys.stdin.buffer)
    try:
        out = ("ok", fn(*args, **kwargs))
    except BaseException as exc:  # sent back and raised in the parent
        out = ("error", exc, traceback.format_exc())
    try:
        data = pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:
        data = pickle.dumps(("error", RuntimeError(f"cannot send the result back: {exc!r}"),
                             ""))
    result_file.write(data)
    result_file.flush()


def call_in_child(fn: Callable, *args, timeout_s: float | None = None, **kwargs):
    """``fn(*args, **kwargs)`` in a fresh Python process that Ctrl-C stops at once.

    For long calls into compiled code that Python cannot interrupt (a HiGHS
    solve): this process waits on the child, so ``KeyboardInterrupt`` is raised
    here at once and the child is killed; the child ignores SIGINT and dies
    with this process. ``fn`` must be importable (a module-level function) and
    its arguments and result picklable. No ``__main__`` guard is needed (the
    child runs ``python -c``, not this script).

    Parameters
    ----------
    fn : callable
    *args, **kwargs
        Its arguments.
    timeout_s : float, optional
        Wall-clock limit; the child is killed and :class:`TimeoutError` raised. [s]

    Returns
    -------
    object
        What ``fn`` returned; an exception it raised is raised here.
    """
    import pickle
    import subprocess
    from pathlib import Path

    payload = pickle.dumps((fn, args, kwargs), protocol=pickle.HIGHEST_PROTOCOL)
    root = str(Path(__file__).resolve().parent.parent)  # the folder minegrid is imported from
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [root, *[p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]]))
    main = threading.current_thread() is threading.main_thread()
    cmd = [sys.executable, "-c", "from minegrid.executors import _child_main; _child_main()",
           str(os.getpid()), "1" if main else "0"]
    with _sigint_blocked():
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
    try:
        out, _ = proc.communicate(payload, timeout=timeout_s)
    except subprocess.TimeoutExpired:
        raise TimeoutError(f"{getattr(fn, '__name__', fn)} did not finish within "
                           f"{timeout_s} s") from None
    finally:  # KeyboardInterrupt above all: kill the child, never wait for its work
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for pipe in (proc.stdin, proc.stdout):
            try:
                pipe.close()
            except OSError:  # pragma: no cover - a broken pipe to a killed child
                pass
    if proc.returncode != 0 or not out:
        raise RuntimeError(f"the child process of {getattr(fn, '__name__', fn)} ended with "
                           f"exit code {proc.returncode} and no result (killed for lack of "
                           "memory?)")
    status, value, *tb = pickle.loads(out)
    if status == "error":
        if tb and tb[0]:
            value.add_note(f"in the child process:\n{tb[0]}")
        raise value
    return value


# --- local processes ----------------------------------------------------------------------
def _worker_main(conn, fn, shared, threads, parent_pid, death_signal) -> None:
    """Loop of a :class:`LocalProcesses` worker: tasks in, ``("ok"|"error", ...)`` out."""
    import traceback

    _child_setup(parent_pid, death_signal)
    if threads is not None:
        from .dispatch import set_threads

        set_threads(threads)
    while True:
        try:
            task = conn.recv()
        except EOFError:  # the parent is gone
            return
        if task is None:
            return
        try:
            out = ("ok", fn(shared, task))
        except BaseException as exc:
            out = ("error", exc, traceback.format_exc())
        try:
            conn.send(out)
        except Exception as exc:
            conn.send(("error", RuntimeError(f"cannot send the result back: {exc!r}"), ""))


class LocalProcesses(Executor):
    """Run tasks in local worker processes that never outlive this one.

    Workers are started for each :meth:`map` call and receive the shared
    data once. They ignore Ctrl-C: on ``KeyboardInterrupt`` (or any error,
    or when the caller closes the generator) this process terminates them
    at once instead of waiting for their tasks, and a worker whose parent
    dies ends itself (Linux's parent-death signal, and a watchdog thread
    everywhere). Tasks are taken from ``tasks`` only when a worker is free,
    so ``tasks`` may be a generator. Workers are started with ``"spawn"`` by
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
        from multiprocessing.connection import wait

        source = iter(tasks)
        queue = list(itertools.islice(source, self.n_workers))
        if not queue:
            return
        ctx = multiprocessing.get_context(self.mp_context)
        death_signal = threading.current_thread() is threading.main_thread()
        procs, conns = [], []
        busy: dict = {}  # connection -> (task index, process)
        finished = False
        try:
            with _sigint_blocked():
                for _ in queue:
                    parent_end, child_end = ctx.Pipe()
                    proc = ctx.Process(target=_worker_main, daemon=True,
                                       name="minegrid-worker",
                                       args=(child_end, fn, shared, self.threads_per_worker,
                                             os.getpid(), death_signal))
                    proc.start()
                    child_end.close()
                    procs.append(proc)
                    conns.append(parent_end)
            idle = list(zip(conns, procs, strict=True))
            next_index = 0
            while True:
                while idle:
                    if not queue:
                        queue = list(itertools.islice(source, 1))
                        if not queue:
                            break
                    conn, proc = idle.pop()
                    conn.send(queue.pop(0))
                    busy[conn] = (next_index, proc)
                    next_index += 1
                if not busy:
                    break
                sentinels = {proc.sentinel: conn for conn, (_, proc) in busy.items()}
                for ready in wait([*busy, *sentinels]):
                    conn = sentinels.get(ready, ready)
                    if conn not in busy:
                        continue
                    i, proc = busy[conn]
                    try:
                        status, value, *tb = conn.recv() if conn.poll() else (None, None)
                    except EOFError:
                        status = None
                    if status is None:  # the process ended without a result
                        proc.join(timeout=1.0)
                        raise RuntimeError(f"worker process {proc.pid} ended (exit code "
                                           f"{proc.exitcode}) while running task {i} "
                                           "(killed for lack of memory?)")
                    del busy[conn]
                    idle.append((conn, proc))
                    if status == "error":
                        if tb and tb[0]:
                            value.add_note(f"in worker process {proc.pid}:\n{tb[0]}")
                        raise value
                    yield i, value
            finished = True
        finally:
            if finished:
                for conn in conns:
                    try:
                        conn.send(None)
                    except OSError:
                        pass
            _stop(procs, graceful=finished)
            for conn in conns:
                conn.close()


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


def _leave_ctrl_c_to_parent() -> None:
    """Run on each worker of a local cluster: ignore SIGINT (the parent shuts it down)."""
    with contextlib.suppress(ValueError):  # not the main thread: nothing to change
        signal.signal(signal.SIGINT, signal.SIG_IGN)


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
        (``distributed.get_client()``); when none is running, a local cluster
        is started on the first :meth:`map`: a ``distributed.LocalCluster`` of
        worker processes, one per core (``n_workers``), one thread each, no
        dashboard. :meth:`close` shuts it down; a study given ``executor="dask"``
        closes it when the study ends, also on Ctrl-C or an error.
    n_workers : int, optional
        Worker processes of the local cluster started when no client runs;
        default one per core (``os.cpu_count()``).

    Notes
    -----
    Worker processes are spawned, so a script that starts the local cluster
    needs the ``if __name__ == "__main__":`` guard (as for ``"processes"``).
    They ignore Ctrl-C: this process, which gets it, cancels the tasks and
    shuts the cluster down.
    """

    name = "dask"

    def __init__(self, client=None, *, address: str | None = None,
                 n_workers: int | None = None):
        distributed = _import_distributed()
        check(n_workers is None or (isinstance(n_workers, int) and n_workers >= 1),
              "n_workers", n_workers, "must be None or an int >= 1", "e.g. n_workers=2")
        self._own = False
        self._cluster = None
        self._client = None
        self._local_workers = n_workers or os.cpu_count() or 1
        if client is None and address is not None:
            client = distributed.Client(address)
            self._own = True
        elif client is None:
            try:
                client = distributed.get_client()
            except ValueError:  # no client is running: start a local cluster when needed
                return
        check(isinstance(client, distributed.Client), "client", type(client).__name__,
              "must be a distributed.Client", "pass distributed.Client(...)")
        self._client = client

    @property
    def client(self):
        """The dask client (starts the local cluster when none was running)."""
        if self._client is None:
            self._start_local()
        return self._client

    def _start_local(self) -> None:
        distributed = _import_distributed()
        cluster = client = None
        try:
            with _sigint_blocked():  # a Ctrl-C while starting is raised once all is up
                cluster = distributed.LocalCluster(
                    n_workers=self._local_workers, threads_per_worker=1, processes=True,
                    dashboard_address=None)
                client = distributed.Client(cluster, set_as_default=False)
                client.run(_leave_ctrl_c_to_parent)
        except BaseException:
            if client is not None:
                client.close()
            if cluster is not None:
                cluster.close()
            raise
        self._cluster, self._client, self._own = cluster, client, True

    @property
    def n_workers(self) -> int:
        if self._client is None:
            return self._local_workers
        info = self._client.scheduler_info()
        return max(1, sum(w.get("nthreads", 1) for w in info.get("workers", {}).values()))

    def map(self, fn, tasks, shared):
        distributed = _import_distributed()
        tasks = list(tasks)
        if len(tasks) == 0:
            return
        client = self.client
        [shared_future] = client.scatter([shared], broadcast=True, hash=False)
        futures = [client.submit(_dask_call, fn, shared_future, task, pure=False)
                   for task in tasks]
        index = {f.key: i for i, f in enumerate(futures)}
        try:
            for future in distributed.as_completed(futures, loop=client.loop):
                yield index[future.key], future.result()
        finally:
            client.cancel(futures)
            del futures
            client.cancel([shared_future])

    def close(self) -> None:
        """Close the client this executor made and shut down its local cluster."""
        if self._own and self._client is not None:
            client, cluster = self._client, self._cluster
            self._client = self._cluster = None
            self._own = False
            try:
                client.close()
            finally:
                if cluster is not None:
                    cluster.close()

    def __repr__(self) -> str:
        where = ("local cluster (not started)" if self._client is None else
                 "local cluster" if self._cluster is not None else "client")
        return f"DaskExecutor({where}, n_workers={self.n_workers})"


def get_executor(executor=None) -> Executor:
    """An :class:`Executor` from a name, a dask client or an instance.

    Parameters
    ----------
    executor : None, str, Executor or distributed.Client
        ``None`` or ``"in-process"``: :class:`InProcess`; ``"processes"``:
        :class:`LocalProcesses` with one process per core; ``"dask"``: the
        current dask client, or when none is running a local cluster of one
        worker process per core, started on the first task and shut down by
        :meth:`DaskExecutor.close` (a study closes the executors it made); a
        ``distributed.Client``: :class:`DaskExecutor` on it; an
        :class:`Executor` is returned as is.
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
