"""The docs' equations: every formula in docs/ converts to MathML Core at build time
(docs/hooks.py), Markdown mangles none of them, and headless Chromium lays them out.

The pages are rendered with the Markdown extensions and the hook mkdocs.yml configures, as
``mkdocs build`` does; nothing is downloaded (no MathJax, no KaTeX).
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))

pytest.importorskip("mkdocs")
pytest.importorskip("mkdocstrings")  # mkdocs.yml loads it
pytest.importorskip("pymdownx.arithmatex")
pytest.importorskip("latex2mathml")


@pytest.fixture(scope="module")
def config():
    from mkdocs.config import load_config

    return load_config(config_file=str(ROOT / "mkdocs.yml"))


@pytest.fixture(scope="module")
def hook(config):
    """docs/hooks.py as mkdocs itself loaded it from mkdocs.yml."""
    (module,) = [m for m in config.hooks.values() if hasattr(m, "render_math")]
    return module


def _render(text: str, config, hook) -> tuple[str, list[str], int]:
    """A page's HTML as mkdocs makes it: Markdown with the configured extensions, then the hook.

    Returns the HTML, the hook's errors and the number of formulas arithmatex found.
    """
    import markdown

    md = markdown.Markdown(extensions=config.markdown_extensions,
                           extension_configs=config.mdx_configs)
    body = md.convert(text)
    page_html, errors = hook.render_math(body)
    return page_html, errors, len(hook.ARITHMATEX.findall(body))


def _prose(page_html: str) -> str:
    """The page without its code (where ``$`` and ``\\(`` are literal)."""
    return re.sub(r"<pre>.*?</pre>|<code[^>]*>.*?</code>|<math.*?</math>", " ", page_html,
                  flags=re.S)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_every_formula_converts_and_no_raw_tex_is_left(page, config, hook):
    # a dollar meant as money is written \$; mark it so that any other "$" left is raw TeX
    text = page.read_text(encoding="utf-8").replace("\\$", "DOLLAR")
    page_html, errors, n = _render(text, config, hook)
    assert not errors, "\n".join(errors)
    assert page_html.count("<math ") == n
    prose = _prose(page_html)
    for raw in ("$", "\\(", "\\)", "\\[", "\\]"):
        at = prose.find(raw)
        assert at < 0, f"raw TeX {raw!r} left: ...{prose[max(0, at - 80):at + 80]}..."
    # markdown emphasis cut out of a formula (r_{PV} ... P_{PV} read as _..._) shows as
    # <em> holding TeX or symbols
    for em in re.findall(r"<(em|strong)>(.*?)</\1>", page_html, flags=re.S):
        assert not re.search(r"[{}^\\=·≤≥]", _prose(em[1])), f"mangled: {em[1][:200]!r}"


def test_the_theory_pages_have_their_equations(config, hook):
    for page, least in (("theory/economics.md", 20), ("theory/reserve.md", 15),
                        ("load.md", 30), ("glossary.md", 15)):
        page_html, _, n = _render((DOCS / page).read_text(encoding="utf-8"), config, hook)
        assert n >= least, page
        assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">' in (
            page_html) or page == "glossary.md", page


@pytest.mark.parametrize("tex", [r"\foo x", r"\min\!\left(a\right)", r"\boldsymbol{x}",
                                 r"\text{shift\_change}", r"\frac{1}{"])
def test_a_formula_that_would_not_render_is_an_error(hook, tex):
    with pytest.raises(hook.MathError):
        hook.tex_to_mathml(tex)


def test_a_failed_formula_is_shown_as_code_and_reported(hook):
    page_html, errors = hook.render_math(
        '<p><span class="arithmatex">\\(\\foo &lt; 1\\)</span> and '
        '<span class="arithmatex">\\(r_{PV}\\)</span></p>')
    assert len(errors) == 1 and "\\foo" in errors[0]
    assert '<code class="math-error">\\foo &lt; 1</code>' in page_html
    assert page_html.count("<math ") == 1 and "<msub>" in page_html


# ------------------------------------------------------------------ in a browser

def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--hide-scrollbars"]

# run after layout (at the end of the body): what Chromium made of the <math> elements
MEASURE = """<script>
(function () {
  const box = (e) => e.getBoundingClientRect();
  const maths = Array.from(document.querySelectorAll("math"));
  const frac = document.querySelector("math[display=block] mfrac");
  const sub = document.querySelector("math msub");
  const out = {
    n: maths.length,
    blocks: maths.filter((m) => m.getAttribute("display") === "block").length,
    displays: Array.from(new Set(maths.map((m) => getComputedStyle(m).display))).sort(),
    empty: maths.filter((m) => !(box(m).width > 0 && box(m).height > 0)).length,
    frac: [box(frac.children[0]).bottom, box(frac.children[1]).top],
    sub: [box(sub.children[0]).top, box(sub.children[1]).top,
          box(sub.children[0]).bottom, box(sub.children[1]).bottom],
    text: document.body.innerText,
  };
  const pre = document.createElement("pre");
  pre.id = "layout";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>"""


def _build_one_page(source: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` of one page with the project's Markdown extensions and hook
    (the API plugin and the nav left out: seconds, not minutes) into ``tmp_path / "site"``."""
    import yaml

    project = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    docs = tmp_path / "docs"
    docs.mkdir()
    # links to other pages would not resolve in a one-page site
    source = re.sub(r"\[([^\]]+)\]\([^)]+\.md[^)]*\)", r"\1", source)
    (docs / "index.md").write_text(source, encoding="utf-8")
    conf = {"site_name": "math check", "docs_dir": str(docs), "site_dir": str(tmp_path / "site"),
            "theme": {"name": "mkdocs", "highlightjs": False},  # no CDN script: offline
            "hooks": [str(ROOT / h) for h in project["hooks"]],
            "markdown_extensions": project["markdown_extensions"], "plugins": []}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(conf), encoding="utf-8")
    # not -q: mkdocs counts the warnings it prints, and a quiet strict build passes them
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                           str(tmp_path / "mkdocs.yml")], capture_output=True, text=True,
                          timeout=120)


def test_a_bad_formula_fails_the_strict_build(tmp_path):
    build = _build_one_page("# Page\n\nA command latex2mathml does not know: $\\foo x$.\n",
                            tmp_path)
    assert build.returncode != 0
    assert "index.md: '\\foo' left as text" in build.stderr, build.stderr[-2000:]


@pytest.mark.parametrize("page", ["theory/economics.md", "theory/reserve.md"])
def test_chromium_lays_out_the_equations_of_a_built_page(page, tmp_path):
    """One theory page built by mkdocs as the site is, opened in headless Chromium."""
    browser = _chromium()
    if browser is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    build = _build_one_page((DOCS / page).read_text(encoding="utf-8"), tmp_path)
    assert build.returncode == 0, build.stderr[-3000:]
    built = tmp_path / "site" / "index.html"
    page_html = built.read_text(encoding="utf-8")
    assert "<math " in page_html and "$$" not in page_html
    built.write_text(page_html.replace("</body>", MEASURE + "</body>"), encoding="utf-8")

    dom = subprocess.run([browser, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                          "--window-size=1200,1600", "--dump-dom", built.as_uri()],
                         capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    found = re.search(r'<pre id="layout">(.*?)</pre>', dom.stdout, flags=re.S)
    assert found, dom.stdout[-2000:]
    layout = json.loads(html.unescape(found.group(1)))
    assert layout["n"] == page_html.count("<math ") > 10 and layout["blocks"] >= 2
    # Chromium's MathML layout ("block math", and "math" for inline), not unknown elements
    assert layout["displays"] == ["block math", "math"], layout["displays"]
    assert layout["empty"] == 0
    numerator_bottom, denominator_top = layout["frac"]
    assert numerator_bottom <= denominator_top + 0.5  # a fraction is stacked
    base_top, script_top, base_bottom, script_bottom = layout["sub"]
    assert script_top > base_top and script_bottom > base_bottom  # a subscript is lowered
    for raw in ("$$", "\\(", "\\frac", "\\mathrm", "_{"):
        assert raw not in layout["text"], raw
