"""The study store: one file per completed chunk, named by the hash of its inputs."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import numpy as np

__all__ = ["Store", "digest", "STORE_VERSION"]

#: Bumped when the content of a stored chunk changes meaning.
STORE_VERSION = 1


class Store:
    """One file per completed chunk in a directory; ``None`` keeps nothing."""

    def __init__(self, path):
        self.path = None if path is None else Path(path)
        if self.path is not None:
            self.path.mkdir(parents=True, exist_ok=True)

    def _file(self, key: str, ext: str) -> Path:
        return self.path / f"{key}.{ext}"

    def load(self, key: str, ext: str):
        if self.path is None:
            return None
        f = self._file(key, ext)
        if not f.exists():
            return None
        if ext == "npy":
            return np.load(f, allow_pickle=False)
        return json.loads(f.read_text())

    def save(self, key: str, ext: str, value) -> None:
        if self.path is None:
            return
        f = self._file(key, ext)
        tmp = f.with_name(f".{f.name}.{os.getpid()}.tmp")
        if ext == "npy":
            with open(tmp, "wb") as fh:
                np.save(fh, np.asarray(value, dtype=np.float64), allow_pickle=False)
        else:
            tmp.write_text(json.dumps(value))
        os.replace(tmp, f)  # atomic: a chunk file is either complete or absent


def digest(*parts) -> str:
    """A short SHA-256 of the parts (bytes, or their repr)."""
    h = hashlib.sha256()
    for p in parts:
        h.update(p if isinstance(p, bytes) else repr(p).encode())
        h.update(b"\x00")
    return h.hexdigest()[:32]
