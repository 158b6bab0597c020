"""The documentation site builds with warnings as errors (mkdocs --strict), and what the pages
say about the code is true of the code."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import re
import subprocess
import sys
import types
import typing
from pathlib import Path

import pytest

import minegrid as mg

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_docs_build_strict(tmp_path):
    pytest.importorskip("mkdocs")
    pytest.importorskip("mkdocstrings")
    pytest.importorskip("mkdocstrings_handlers.python")
    pytest.importorskip("pymdownx.arithmatex")
    pytest.importorskip("latex2mathml")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                           str(ROOT / "mkdocs.yml"), "-d", str(tmp_path / "site")],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-4000:]
    site = tmp_path / "site"
    api = (site / "api" / "index.html").read_text(encoding="utf-8")
    for name in ("simulate", "write_report", "load_scenario", "cash_flows"):
        assert name in api
    for page in ("glossary", "validation", "theory/economics", "guide/cli", "homer"):
        assert (site / page / "index.html").is_file(), page
    # the equations are MathML on the built pages, the hook itself is not published
    economics = (site / "theory" / "economics" / "index.html").read_text(encoding="utf-8")
    assert economics.count("<math ") > 20 and 'display="block"' in economics
    for html in site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert 'class="math-error"' not in text and "$$" not in text, html
    assert not (site / "hooks.py").exists() and not (site / "__pycache__").exists()


def test_docs_pages_in_nav_exist():
    nav = re.findall(r":\s*([\w/]+\.md)", (ROOT / "mkdocs.yml").read_text())
    missing = [p for p in nav if not (ROOT / "docs" / p).is_file()]
    assert not missing
    assert "homer.md" in nav
    assert "(homer.md)" in (ROOT / "docs" / "index.md").read_text(encoding="utf-8")


# ------------------------------------------------ the names docs/homer.md cites are real

# what a first name on the page stands for: the package, the results, and a sweep's prefixes
# (``project.fuel_price_per_l`` addresses ``Project.fuel_price_per_l``)
ALIASES = {"mg": mg, "minegrid": mg, "result": mg.SimulationResult, "sizing": mg.SizingResult,
           "project": mg.Project, "pv": mg.PVPlant, "wind": mg.WindPlant,
           "battery": mg.Battery, "genset": mg.GensetFleet, "dispatch": mg.Dispatch}
FILES = re.compile(r"\.(csv|html|toml|md|py|xlsx)$")


def _class_of(hint):
    """The class a type hint names (the first class of ``X | None``)."""
    if isinstance(hint, type) and not isinstance(hint, types.GenericAlias):
        return hint
    for arg in typing.get_args(hint):
        if isinstance(arg, type) and arg is not type(None):
            return arg
    return object


def _member(obj, name: str):
    """What ``obj.name`` is: a field's or property's class, else the attribute itself."""
    if isinstance(obj, type) and dataclasses.is_dataclass(obj):
        if name in {f.name for f in dataclasses.fields(obj)}:
            return _class_of(typing.get_type_hints(obj).get(name, object))
    if isinstance(obj, types.ModuleType):
        return getattr(obj, name)  # minegrid's modules load some names lazily
    attr = inspect.getattr_static(obj, name)  # AttributeError when it does not exist
    if isinstance(attr, property):
        return _class_of(typing.get_type_hints(attr.fget).get("return", object))
    return getattr(obj, name)


def _resolve(node: ast.expr):
    if isinstance(node, ast.Name):
        if node.id in ALIASES:
            return ALIASES[node.id]
        return getattr(mg, node.id)
    if isinstance(node, ast.Attribute):
        return _member(_resolve(node.value), node.attr)
    raise ValueError(f"not a dotted name: {ast.unparse(node)}")


def _check(code: str) -> bool:
    """Resolve one backticked expression on the real classes; False if it is not code."""
    if FILES.search(code) or code.startswith("["):
        return False
    try:
        node = ast.parse(code, mode="eval").body
    except SyntaxError:
        return False
    call = node if isinstance(node, ast.Call) else None
    target = call.func if call else node
    if isinstance(target, ast.Name) and not (call or target.id[0].isupper()):
        return False  # a lone lower-case word: not a name of the library
    if not isinstance(target, (ast.Name, ast.Attribute)):
        return False
    obj = _resolve(target)
    if call:
        params = inspect.signature(obj).parameters
        if not any(p.kind is p.VAR_KEYWORD for p in params.values()):
            unknown = {k.arg for k in call.keywords} - set(params)
            assert not unknown, f"{code}: no parameter {sorted(unknown)}"
        if isinstance(obj, type) and not call.args:
            try:
                kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
            except ValueError:
                kwargs = None
            if kwargs is not None:
                obj(**kwargs)  # the values are valid too (InputError otherwise)
    return True


def test_homer_page_cites_only_real_names():
    text = (ROOT / "docs" / "homer.md").read_text(encoding="utf-8")
    checked, failed = [], []
    for code in re.findall(r"`([^`\n]+)`", text):
        try:
            if _check(code):
                checked.append(code)
        except (AttributeError, ValueError, TypeError, AssertionError) as exc:
            failed.append(f"{code}: {exc!r}")
    assert not failed, "\n".join(failed)
    assert len(set(checked)) > 100  # the page is mostly names: the check saw them
    for name in ("Battery.soc_min", "GensetFleet.fuel_intercept_l_per_h_per_kw",
                 "Requirements.max_capacity_shortage_fraction", "result.costs.npc",
                 "result.stats.battery_drawn_kwh", "Dispatch.cycle_charging_setpoint"):
        assert name in checked, name


@pytest.mark.parametrize("code", ["Battery.soc_minimum", "result.stats.fuel_litres",
                                  "Dispatch(strategy=\"load_follow\")",
                                  "mg.pv_profile(derating=0.8)", "result.costs.genset.opex"])
def test_homer_name_check_catches_a_wrong_name(code):
    with pytest.raises((AttributeError, ValueError, TypeError, AssertionError)):
        _check(code)
