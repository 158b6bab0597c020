"""The layout rules of docs/architecture.md, checked on the source tree.

* no module in src/minegrid over 600 lines;
* no module uses another module's private (``_underscore``) name, except
  inside the package that defines it (``dispatch._kernel`` is private to
  ``minegrid.dispatch``): so the kernel's index constants are used only there;
* no import circles between modules (module-level imports);
* ruff is clean.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "minegrid"
MAX_LINES = 600


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _package(name: str, path: Path) -> str:
    """The package a module's relative imports are resolved against."""
    return name if path.name == "__init__.py" else name.rsplit(".", 1)[0]


def _resolve(name: str, path: Path, module: str | None, level: int) -> str:
    if level == 0:
        return module or ""
    base = _package(name, path).split(".")
    base = base[:len(base) - (level - 1)]
    return ".".join(base + ([module] if module else []))


def _imports(name: str, path: Path):
    """(target module, imported name or None, line, module level?) of every import."""
    tree = ast.parse(path.read_text())
    top = set(map(id, tree.body))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            target = _resolve(name, path, node.module, node.level)
            for alias in node.names:
                yield target, alias.name, node.lineno, id(node) in top
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None, node.lineno, id(node) in top


def _owner(private_module: str) -> str:
    """The package a private module or name belongs to: up to its first private part."""
    parts = private_module.split(".")
    for i, p in enumerate(parts):
        if p.startswith("_") and not p.startswith("__"):
            return ".".join(parts[:i])
    return private_module


def test_no_module_over_600_lines():
    long = {n: len(p.read_text().splitlines()) for n, p in MODULES.items()}
    assert {n: k for n, k in long.items() if k > MAX_LINES} == {}


def test_no_private_names_across_modules():
    bad = []
    for name, path in MODULES.items():
        aliases = {}
        for target, imported, line, _ in _imports(name, path):
            if not target.startswith("minegrid"):
                continue
            full = f"{target}.{imported}" if imported else target
            if full in MODULES and imported:
                aliases[imported] = full
            private = [p for p in full.split(".") if p.startswith("_") and p != "__future__"
                       and not (p.startswith("__") and p.endswith("__"))]
            if private and not (name + ".").startswith(_owner(full) + "."):
                bad.append(f"{name}:{line} imports {full}")
        # attribute access on an imported minegrid module: module._private
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in aliases and node.attr.startswith("_")
                    and not node.attr.startswith("__")):
                owner = aliases[node.value.id]
                if not (name + ".").startswith(owner + ".") and name != owner:
                    bad.append(f"{name}:{node.lineno} uses {owner}.{node.attr}")
    assert bad == []


def test_kernel_layout_known_only_inside_dispatch():
    for name, path in MODULES.items():
        if name.startswith("minegrid.dispatch"):
            continue
        for target, imported, line, _ in _imports(name, path):
            assert "_kernel" not in f"{target}.{imported}", f"{name}:{line}"


def test_no_import_circles():
    graph: dict[str, set[str]] = {n: set() for n in MODULES}
    for name, path in MODULES.items():
        for target, imported, _, top in _imports(name, path):
            if not top or not target.startswith("minegrid"):
                continue
            full = f"{target}.{imported}" if imported else target
            dep = full if full in MODULES else target
            if dep in MODULES and dep != name:
                graph[name].add(dep)
    # a package imported by its own submodule is a circle only through its __init__'s imports
    state: dict[str, int] = {}
    cycles = []

    def visit(node, stack):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    assert cycles == []


@pytest.mark.skipif(shutil.which("ruff") is None and not (Path(sys.executable).parent / "ruff")
                    .exists(), reason="ruff is not installed")
def test_ruff_is_clean():
    exe = Path(sys.executable).parent / "ruff"
    ruff = str(exe) if exe.exists() else shutil.which("ruff")
    proc = subprocess.run([ruff, "check", "--quiet", str(ROOT)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
