"""Shared fixtures. ``../shared`` (test data) is optional: tests that need it skip."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # tests/naive.py, the reference implementation

SHARED = HERE.parents[1] / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only shared data folder beside the repository, or skip."""
    if not (SHARED / "data").is_dir():
        pytest.skip("../shared/data is not present (only developers and CI have it)")
    return SHARED / "data"
