"""Hostile scenario files: escaped reports, outputs confined to --out, no file lines in errors."""

from __future__ import annotations

import html.parser
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pytest

import minegrid as mg
from minegrid.cli import main, safe_name
from scenarios import small_mine


def payload(tag: str) -> str:
    """Markup that, if it ever ran, would set ``data-xss-<tag>`` on the page's root element."""
    js = f"document.documentElement.setAttribute('data-xss-{tag}','ran')"
    return (f'<img src=x onerror="{js}"><script>{js}</script>'
            f"\"'><svg onload=\"{js}\">")


def hostile_text(name: str = "../../escape") -> str:
    import json

    return small_mine(search=False, name=json.dumps(name), title=json.dumps(payload("title")),
                      description=json.dumps(payload("description")),
                      site_name=json.dumps(payload("site")), area=json.dumps(payload("area")),
                      currency=json.dumps(payload("currency")))


class _Tags(html.parser.HTMLParser):
    """Every element and attribute of a page, as a browser's tokenizer sees them."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _assert_inert(text: str) -> None:
    parser = _Tags()
    parser.feed(text)
    for tag, attrs in parser.tags:
        assert tag not in ("script", "svg", "iframe", "object", "embed"), tag
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        if tag == "img":
            assert attrs["src"].startswith("data:image/png;base64,"), attrs["src"][:40]


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    """``minegrid run`` on a hostile scenario (study name ``../../escape``)."""
    root = tmp_path_factory.mktemp("hostile")
    work = root / "a" / "b"
    work.mkdir(parents=True)
    scenario = work / "hostile.toml"
    scenario.write_text(hostile_text(), encoding="utf-8")
    import os

    cwd = os.getcwd()
    os.chdir(work)
    try:
        code = main(["run", str(scenario), "-q"])
    finally:
        os.chdir(cwd)
    return root, work, code


def test_hostile_scenario_report_is_inert(hostile_run):
    root, work, code = hostile_run
    assert code == 0
    out = work / "escape-results"  # the study name, sanitised, under the working folder
    text = (out / "report.html").read_text(encoding="utf-8")
    _assert_inert(text)
    assert "data-xss-currency" in text  # the payload is there, as text
    assert "&lt;img src=x onerror=" in text
    assert not list(root.glob("escape*")) and not list((root / "a").glob("escape*"))


def test_nothing_written_outside_the_output_folder(hostile_run):
    root, work, _ = hostile_run
    files = {p.relative_to(work) for p in work.rglob("*") if p.is_file()}
    assert all(p.parts[0] in ("escape-results", "hostile.toml") for p in files), files
    outside = [p for p in root.rglob("*") if p.is_file() and work not in p.parents]
    assert outside == []


@pytest.mark.parametrize(("name", "safe"), [
    ("../../x", "x"), ("/etc/passwd", "etc_passwd"), ("..", "scenario"), ("", "scenario"),
    ("C:\\Windows\\x", "C_Windows_x"), ("a/../../b", "a_b"), ("-rf", "rf"),
    (".hidden", "hidden"), ("Mina Sur 2", "Mina_Sur_2"),
])
def test_safe_name(name, safe):
    assert safe_name(name) == safe
    assert "/" not in safe_name(name) and ".." not in safe_name(name)


def test_non_empty_output_folder_needs_force(tmp_path, capsys):
    scenario = tmp_path / "s.toml"
    scenario.write_text(hostile_text("plain"), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    keep = out / "notes.txt"
    keep.write_text("mine")
    old = out / "sizing.csv"
    old.write_text("from an earlier run")
    assert main(["run", str(scenario), "--out", str(out), "-q", "--no-report"]) == 2
    err = capsys.readouterr().err
    assert "not empty" in err and "--force" in err
    assert old.read_text() == "from an earlier run"  # nothing touched
    assert main(["run", str(scenario), "--out", str(out), "-q", "--no-report",
                 "--force"]) == 0
    assert keep.read_text() == "mine"  # not minegrid's: left alone
    assert not old.exists()  # minegrid's file of the earlier run is not passed off as new
    assert (out / "summary.csv").is_file()
    target = tmp_path / "elsewhere.csv"
    target.write_text("do not overwrite")
    (out / "summary.csv").unlink()
    (out / "summary.csv").symlink_to(target)  # a link planted in the folder
    assert main(["run", str(scenario), "--out", str(out), "-q", "--no-report",
                 "--force"]) == 0
    assert target.read_text() == "do not overwrite"
    assert (out / "summary.csv").is_file() and not (out / "summary.csv").is_symlink()


def test_output_folder_that_is_a_file(tmp_path, capsys):
    scenario = tmp_path / "s.toml"
    scenario.write_text(hostile_text("plain"), encoding="utf-8")
    (tmp_path / "f").write_text("x")
    assert main(["run", str(scenario), "--out", str(tmp_path / "f"), "-q"]) == 2
    assert "is a file" in capsys.readouterr().err


SECRET = "root:x:0:0:root:/root:/bin/bash;SECRET-LINE-TOKEN,more,fields,here"


@pytest.mark.parametrize("table", ["weather", "load"])
def test_errors_never_quote_lines_of_a_pointed_file(tmp_path, capsys, table):
    """A scenario pointing at a system file: the error names it, but shows none of its lines."""
    secret = tmp_path / "passwd"
    secret.write_text("\n".join([SECRET] * 5) + "\n")
    text = hostile_text("plain")
    if table == "weather":
        text = text.replace('[weather]\nseed = 3', f'[weather]\nsource = "file"\npath = '
                            f'"{secret}"')
    else:
        text = text.replace('[load]\nsource = "areas"', f'[load]\nsource = "file"\npath = '
                            f'"{secret}"')
        text = re.sub(r"\[\[load\.areas\]\][^\[]*", "", text)
    scenario = tmp_path / "s.toml"
    scenario.write_text(text, encoding="utf-8")
    assert main(["run", str(scenario), "--out", str(tmp_path / "o"), "-q"]) == 2
    err = capsys.readouterr().err
    assert "minegrid: error:" in err and "Fix:" in err
    _quotes_at_most_a_cell(err)
    for fmt in (None, *mg.weather.FORMATS):
        if fmt == "csv":
            continue
        with pytest.raises(mg.InputError) as info:
            mg.read_weather(secret, format=fmt)
        _quotes_at_most_a_cell(str(info.value))


def _quotes_at_most_a_cell(message: str) -> None:
    """The message shows no line of the file: at most one cell of it, clipped to 40 characters."""
    assert SECRET not in message and "more,fields" not in message
    assert "SECRET-LINE-TOKEN" not in message  # beyond the 40 characters a cell is clipped to


# --------------------------------------------------------------------------- Chromium
def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _render(browser: str, page: Path) -> str:
    """The DOM of ``page`` after headless Chromium has loaded it and run its scripts."""
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={profile}", "--virtual-time-budget=3000",
             "--dump-dom", page.resolve().as_uri()],
            capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def _root_tag(dom: str) -> str:
    match = re.search(r"<html\b[^>]*>", dom)
    assert match, dom[:300]
    return match.group(0)


def test_hostile_report_runs_no_script_in_chromium(hostile_run, tmp_path):
    browser = _chromium()
    if browser is None:
        pytest.skip("headless Chromium is not installed (apt-get install chromium)")
    # the detector works: the raw payload, unescaped, does run in this browser
    control = tmp_path / "control.html"
    control.write_text(f"<!DOCTYPE html><html><body>{payload('control')}</body></html>")
    assert "data-xss-control" in _root_tag(_render(browser, control))
    _, work, _ = hostile_run
    dom = _render(browser, work / "escape-results" / "report.html")
    assert "data-xss" not in _root_tag(dom), _root_tag(dom)
    assert "<script" not in dom
    assert "Hybrid" in dom or "data-xss-title" in dom  # the page did render


def test_every_user_string_of_write_report_is_escaped(tmp_path):
    """Title, subtitle, assumptions, sizing message, names at bounds and LP message."""
    from types import SimpleNamespace

    import pandas as pd

    system = mg.System(pv=mg.PVPlant(rated_kw=200.0),
                       genset=mg.GensetFleet(unit_rated_kw=300.0, n_units=2))
    hours = np.arange(24 * 7)
    pv = np.clip(np.sin((hours % 24 - 6) / 12 * np.pi), 0, None)
    result = mg.simulate(system, np.full(hours.size, 250.0), pv,
                         project=mg.Project(currency=payload("cur")), dispatch=True)
    history = pd.DataFrame({"pv_kw": [200.0], "npc": [1e6], "feasible": [True]},
                           index=pd.Index([payload("idx")]))
    sizing = SimpleNamespace(result=result, history=history, success=True,
                             message=payload("msg"), nfev=1, nit=1,
                             at_bounds={payload("bound"): payload("side")})
    lp = SimpleNamespace(success=False, message=payload("lp"))
    path = mg.write_report(None, tmp_path / "r.html", sizing=sizing, lp_gap=lp,
                           title=payload("title"), subtitle=payload("sub"),
                           assumptions={payload("key"): payload("value")},
                           partial=payload("partial"))
    text = path.read_text(encoding="utf-8")
    _assert_inert(text)
    for tag in ("cur", "idx", "msg", "bound", "side", "lp", "title", "sub", "key", "value",
                "partial"):
        assert f"data-xss-{tag}" in text, tag  # shown, as text
    assert text.count("PARTIAL") >= 2


def test_currency_with_dollars_draws(tmp_path):
    """matplotlib would read ``$$`` as mathematics: the label is drawn as text."""
    system = mg.System(genset=mg.GensetFleet(unit_rated_kw=300.0, n_units=2))
    result = mg.simulate(system, np.full(48, 250.0), project=mg.Project(currency="$$"),
                         dispatch=True)
    path = mg.write_report(result, tmp_path / "r.html")
    assert "$$" in path.read_text(encoding="utf-8")
    with pytest.raises(mg.InputError, match="currency"):
        mg.Project(currency="USD\n<b>")
