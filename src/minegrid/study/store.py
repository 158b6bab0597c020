"""The study store: one file per completed chunk, named by the hash of its inputs.

A chunk file is a one-line JSON header, then the payload (a ``.npy`` array or
JSON)::

    {"minegrid_chunk": 2, "kind": "npy", "sha256": "...", "bytes": 4096}\\n<payload>

:meth:`Store.load` checks the header, the payload's SHA-256 and the shape the
study expects; a chunk that fails (truncated, empty, garbage, edited) is
reported by name with a :class:`~minegrid.errors.MinegridWarning`, removed, and
computed again. The hash guards against damage, not against someone who
rewrites both the payload and its hash.

Several processes may share a store: a process computes a chunk only after
claiming it with a lock file (``<key>.lock``, created exclusively, holding its
host, pid and start time). A chunk another live process has claimed is
skipped and read once that process has stored it; the lock of a process that
died (same host: its pid is gone or was reused; another host: older than
:data:`LOCK_STALE_S`) is taken over.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import socket
import time
import warnings
from pathlib import Path

import numpy as np

from ..errors import InputError, MinegridWarning

__all__ = ["Store", "digest", "STORE_VERSION", "LOCK_STALE_S"]

#: Bumped when the content of a stored chunk changes meaning (2: hashed chunk files).
STORE_VERSION = 2
#: A lock of another host older than this is taken to be left by a dead process. [s]
LOCK_STALE_S = 6 * 3600.0
_KINDS = ("npy", "json")


def _start_time(pid: int) -> str | None:
    """The start time of a process (Linux ``/proc``), to tell a reused pid from the owner."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - another user's process
        return True
    except OSError:  # pragma: no cover
        return False
    return True


class Store:
    """One file per completed chunk in a directory; ``None`` keeps nothing.

    Parameters
    ----------
    path : path-like or None
        The directory (created when missing).

    Raises
    ------
    InputError
        ``path`` is a file, or the directory cannot be created.
    """

    def __init__(self, path):
        self.path = None if path is None else Path(path)
        self._mine: set[str] = set()  # keys this process holds the lock of
        if self.path is None:
            return
        if self.path.exists() and not self.path.is_dir():
            raise InputError(f"store = {str(self.path)!r} is a file, not a folder. Fix: pass "
                             "the path of a folder for the study's chunks (created if missing).")
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"store = {str(self.path)!r} cannot be created "
                             f"({exc.strerror}). Fix: pass a folder you can write to.") from None

    def file(self, key: str) -> Path:
        """The chunk file of ``key``."""
        return self.path / f"{key}.chunk"

    # ---------------------------------------------------------------------------- chunks
    def load(self, key: str, kind: str, valid=None):
        """The stored value of ``key``, or None when absent or failing its checks.

        ``valid(value)`` may return a reason (str) why a decoded value does not
        fit the study (e.g. its shape); such a chunk is treated as damaged.
        """
        if self.path is None:
            return None
        f = self.file(key)
        try:
            raw = f.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            return self._damaged(f, f"cannot be read: {exc.strerror}")
        head, sep, payload = raw.partition(b"\n")
        try:
            meta = json.loads(head.decode("utf-8")) if sep else None
        except (UnicodeDecodeError, ValueError):
            meta = None
        if not isinstance(meta, dict) or meta.get("minegrid_chunk") != STORE_VERSION:
            return self._damaged(f, "no minegrid chunk header (empty or not a chunk file)")
        if meta.get("kind") != kind:
            return self._damaged(f, f"holds {meta.get('kind')!r} data, not {kind!r}")
        if meta.get("bytes") != len(payload):
            return self._damaged(f, f"is truncated ({len(payload)} of {meta.get('bytes')} "
                                 "payload bytes)")
        if meta.get("sha256") != hashlib.sha256(payload).hexdigest():
            return self._damaged(f, "fails its SHA-256 content hash (edited or damaged)")
        try:
            if kind == "npy":
                value = np.load(io.BytesIO(payload), allow_pickle=False)
            else:
                value = json.loads(payload.decode("utf-8"))
        except (ValueError, UnicodeDecodeError, OSError, EOFError) as exc:
            return self._damaged(f, f"cannot be decoded ({type(exc).__name__})")
        reason = valid(value) if valid is not None else None
        if reason:
            return self._damaged(f, reason)
        return value

    def _damaged(self, f: Path, reason: str):
        warnings.warn(f"study store: chunk file {f} {reason}; it is removed and computed "
                      "again", MinegridWarning, stacklevel=4)
        try:
            f.unlink()
        except OSError:
            pass
        return None

    def save(self, key: str, kind: str, value) -> None:
        """Store ``value`` under ``key``, atomically (the file is complete or absent)."""
        if self.path is None:
            return
        if kind == "npy":
            buf = io.BytesIO()
            np.save(buf, np.asarray(value, dtype=np.float64), allow_pickle=False)
            payload = buf.getvalue()
        else:
            payload = json.dumps(value).encode("utf-8")
        head = json.dumps({"minegrid_chunk": STORE_VERSION, "kind": kind,
                           "sha256": hashlib.sha256(payload).hexdigest(),
                           "bytes": len(payload)}).encode("ascii")
        f = self.file(key)
        tmp = f.with_name(f".{f.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            fh.write(head + b"\n" + payload)
        os.replace(tmp, f)

    # ---------------------------------------------------------------------------- locks
    def _lock(self, key: str) -> Path:
        return self.path / f"{key}.lock"

    def claim(self, key: str) -> bool:
        """Take the lock of chunk ``key``: True when this process may compute it."""
        if self.path is None or key in self._mine:
            return True
        lock = self._lock(key)
        for _ in range(2):
            try:
                fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                if self.held_elsewhere(key):
                    return False
                try:  # stale: its owner is dead
                    lock.unlink()
                except FileNotFoundError:
                    pass
                continue
            with os.fdopen(fd, "w") as fh:
                json.dump({"host": socket.gethostname(), "pid": os.getpid(),
                           "start": _start_time(os.getpid()), "time": time.time()}, fh)
            self._mine.add(key)
            return True
        return False

    def held_elsewhere(self, key: str) -> bool:
        """True when another live process holds the lock of chunk ``key``."""
        if self.path is None or key in self._mine:
            return False
        lock = self._lock(key)
        try:
            text = lock.read_text(encoding="utf-8")
            age = time.time() - lock.stat().st_mtime
        except FileNotFoundError:
            return False
        except OSError:  # pragma: no cover
            return True
        try:
            owner = json.loads(text)
            host, pid = owner["host"], int(owner["pid"])
        except (ValueError, KeyError, TypeError):
            return age < 60.0  # being written, or garbage left by a crash
        if host != socket.gethostname():
            return age < LOCK_STALE_S
        if pid == os.getpid():
            return False
        if not _alive(pid):
            return False
        start = owner.get("start")
        return start is None or _start_time(pid) in (None, start)

    def release(self, key: str) -> None:
        """Drop this process's lock of chunk ``key`` (when it holds it)."""
        if self.path is None or key not in self._mine:
            return
        self._mine.discard(key)
        try:
            self._lock(key).unlink()
        except FileNotFoundError:
            pass

    def release_all(self) -> None:
        """Drop every lock this process holds (after an interruption)."""
        for key in list(self._mine):
            self.release(key)


def digest(*parts) -> str:
    """A short SHA-256 of the parts (bytes, or their repr)."""
    h = hashlib.sha256()
    for p in parts:
        h.update(p if isinstance(p, bytes) else repr(p).encode())
        h.update(b"\x00")
    return h.hexdigest()[:32]
