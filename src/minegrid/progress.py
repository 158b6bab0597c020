"""Progress of long jobs: one line on stderr at most every second, or your own reporter.

Every long job (:func:`minegrid.size`, :func:`minegrid.sweep` and the other
studies) takes ``progress=``:

* ``True``: a :class:`Progress` line on stderr at most every second;
* ``False`` or ``None``: silent;
* a callable: called as ``fn(**info)`` after each step;
* an object with ``update(**info)`` and ``close(**info)`` methods.

``info`` is a dict of what the job knows (its keys are listed by each job).
"""

from __future__ import annotations

import math
import sys
import time

from .errors import check

__all__ = ["Progress", "SizingProgress", "StudyProgress", "reporter"]


class Progress:
    """Writes one line of progress to ``stream`` (stderr) at most every ``interval_s``.

    Subclasses say what a line holds (:meth:`text`).

    Parameters
    ----------
    stream : file-like, optional
        Where to write; ``sys.stderr`` when omitted.
    interval_s : float
        Least time between two lines. [s]
    label : str
        Start of each line.
    """

    label = "minegrid"

    def __init__(self, stream=None, interval_s: float = 1.0, label: str | None = None):
        self.stream = stream
        self.interval_s = float(interval_s)
        if label is not None:
            self.label = label
        self._last = -math.inf
        self._t0 = time.perf_counter()

    def text(self, info: dict) -> str:
        """The line for ``info`` (without the label)."""
        return ", ".join(f"{k} {v}" for k, v in info.items())

    def _write(self, text: str) -> None:
        stream = self.stream if self.stream is not None else sys.stderr
        stream.write(f"{self.label}: {text}\n")
        stream.flush()

    def update(self, **info) -> None:
        now = time.perf_counter()
        if now - self._last >= self.interval_s:
            self._last = now
            self._write(self.text(info))

    def close(self, **info) -> None:
        self._write(self.text(info) + " - done")


class SizingProgress(Progress):
    """Progress of a sizing search: stage, step, designs evaluated, best objective, time.

    ``info`` keys: ``stage``, ``nit``, ``nfev``, ``objective``, ``best``,
    ``feasible`` and ``t0`` (``time.perf_counter()`` at the start).
    """

    label = "minegrid.size"

    def text(self, info: dict) -> str:
        best = info.get("best")
        best_s = "none yet" if best is None or not math.isfinite(best) else f"{best:,.6g}"
        feas = "" if info.get("feasible", True) else " (no feasible design yet)"
        return (f"{info.get('stage', '')} step {info.get('nit', 0)}, "
                f"{info.get('nfev', 0)} designs, best {info.get('objective', '')} "
                f"{best_s}{feas}, {time.perf_counter() - info.get('t0', 0.0):.1f} s")


class StudyProgress(Progress):
    """Progress of a study: chunks done of the total, how many came from the store, time.

    ``info`` keys: ``done``, ``total``, ``computed``, ``reused`` (chunks) and
    ``elapsed_s``.
    """

    label = "minegrid.sweep"

    def text(self, info: dict) -> str:
        return (f"{info['done']}/{info['total']} chunks ({info['reused']} from the store), "
                f"{info['elapsed_s']:.1f} s")


class _Silent:
    def update(self, **info) -> None:
        pass

    def close(self, **info) -> None:
        pass


class _Callback:
    def __init__(self, fn):
        self.fn = fn

    def update(self, **info) -> None:
        self.fn(**info)

    def close(self, **info) -> None:
        pass


def reporter(progress, default: type[Progress], label: str | None = None):
    """The reporter for a job's ``progress=`` argument (see the module docstring).

    ``default`` is the :class:`Progress` class used for ``True``, with ``label``.
    """
    if progress is True:
        return default(label=label)
    if progress is False or progress is None:
        return _Silent()
    if hasattr(progress, "update") and hasattr(progress, "close"):
        return progress
    check(callable(progress), "progress", type(progress).__name__,
          "must be True, False, a callable f(**info) or an object with update() and close()",
          "pass progress=False to silence it")
    return _Callback(progress)
