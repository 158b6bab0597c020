"""The documentation site builds with warnings as errors (mkdocs --strict)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_docs_build_strict(tmp_path):
    pytest.importorskip("mkdocs")
    pytest.importorskip("mkdocstrings")
    pytest.importorskip("mkdocstrings_handlers.python")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                           str(ROOT / "mkdocs.yml"), "-d", str(tmp_path / "site")],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-4000:]
    api = (tmp_path / "site" / "api" / "index.html").read_text(encoding="utf-8")
    for name in ("simulate", "write_report", "load_scenario", "cash_flows"):
        assert name in api
    for page in ("glossary", "validation", "theory/economics", "guide/cli"):
        assert (tmp_path / "site" / page / "index.html").is_file(), page


def test_docs_pages_in_nav_exist():
    import re

    nav = re.findall(r":\s*([\w/]+\.md)", (ROOT / "mkdocs.yml").read_text())
    missing = [p for p in nav if not (ROOT / "docs" / p).is_file()]
    assert not missing
