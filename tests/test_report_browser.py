"""Issue 18: the report in headless Chromium: every figure visible, tables legible at A4 width.

Two reports (a sized design with the sizing, the results by architecture and the LP gap, whose
tables are the widest; and a gas plant of two genset types, with its per-type tables) are
opened in headless Chromium at the width of an A4 page (794 CSS px at 96 dpi) and, with the
print rules applied, at the width of an A4 page's text (210 mm less the margins of ``@page``).
The measurements come from the browser: a script injected into a temporary copy of the
report (the report itself stays script-free, as ``tests/test_security.py`` checks) runs after
the page has loaded and writes them, as JSON, into the DOM that ``--dump-dom`` prints. Every
figure must have loaded and be shown inside the text column, every table must fit that
column (or scroll sideways in a box of its own on screen) in type of at least 9 px, and no
element may stick out of the column or spill out of its table cell. Printed to PDF, every
page is A4.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import minegrid as mg

pytestmark = pytest.mark.slow

#: A4 at 96 CSS px per inch: 210 mm wide, and 186 mm of text between the 12 mm side margins
#: of the report's ``@page`` rule. [px]
A4_WIDTH_PX = 794
A4_TEXT_WIDTH_PX = round((210 - 2 * 12) / 25.4 * 96)
A4_PT = (595.28, 841.89)  # [pt]

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars"]

#: Measures the loaded page and appends them as JSON in ``<pre id="mg-measure">``.
MEASURE_JS = r"""
window.addEventListener("load", function () {
  var vw = document.documentElement.clientWidth;
  var all = function (sel) { return Array.prototype.slice.call(document.querySelectorAll(sel)); };
  function scroller(el) {  // the nearest ancestor that scrolls sideways
    for (var a = el.parentElement; a; a = a.parentElement) {
      var s = getComputedStyle(a).overflowX;
      if (s === "auto" || s === "scroll") return a;
    }
    return null;
  }
  function hidden(el) {
    for (var a = el; a; a = a.parentElement) {
      var cs = getComputedStyle(a);
      if (cs.display === "none" || cs.visibility === "hidden" || parseFloat(cs.opacity) === 0)
        return true;
    }
    return false;
  }
  function contentBox(el) {
    var r = el.getBoundingClientRect(), cs = getComputedStyle(el);
    var left = r.left + parseFloat(cs.paddingLeft) + parseFloat(cs.borderLeftWidth);
    var right = r.right - parseFloat(cs.paddingRight) - parseFloat(cs.borderRightWidth);
    return {left: left, right: right, width: right - left};
  }
  function text(el) { return (el.innerText || el.getAttribute("alt") || "").slice(0, 70); }
  var mainEl = document.querySelector("main");
  var main = contentBox(mainEl);
  var out = {viewport: vw, page_scroll_width: document.documentElement.scrollWidth,
             main: main, figures: [], tables: [], spills: []};
  all("img, svg").forEach(function (el) {
    var r = el.getBoundingClientRect(), img = el.tagName === "IMG";
    out.figures.push({tag: el.tagName.toLowerCase(), text: text(el),
                      complete: img ? el.complete : true,
                      natural_width: img ? el.naturalWidth : r.width,
                      left: r.left, right: r.right, width: r.width, height: r.height,
                      hidden: hidden(el)});
  });
  all("table").forEach(function (t) {
    var box = scroller(t), r = t.getBoundingClientRect();
    var fonts = Array.prototype.slice.call(t.querySelectorAll("th, td")).map(
      function (c) { return parseFloat(getComputedStyle(c).fontSize); });
    out.tables.push({text: text(t.rows[0] || t), scroll_width: t.scrollWidth,
                     width: r.width, left: r.left, right: r.right,
                     container_width: contentBox(t.parentElement).width,
                     scrolls: !!box, box_right: box ? box.getBoundingClientRect().right : null,
                     min_font_px: Math.min.apply(null, fonts)});
  });
  all("body *").forEach(function (el) {
    var r = el.getBoundingClientRect();
    if (el === mainEl || (r.width === 0 && r.height === 0)) return;
    var cs = getComputedStyle(el), tag = el.tagName.toLowerCase();
    var clips = /hidden|clip/.test(cs.overflowX + cs.overflowY) || cs.textOverflow === "ellipsis";
    var spills = (tag === "td" || tag === "th" || clips) && el.scrollWidth > el.clientWidth + 1;
    var inMain = mainEl.contains(el);
    var lo = inMain ? main.left : 0, hi = inMain ? main.right : vw;
    var outside = (r.right > hi + 0.5 || r.left < lo - 0.5) && !scroller(el);
    if (spills || outside)
      out.spills.push({tag: tag, text: text(el), left: r.left, right: r.right,
                       scroll_width: el.scrollWidth, client_width: el.clientWidth});
  });
  var pre = document.createElement("pre");
  pre.id = "mg-measure";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
"""


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.fixture(scope="module")
def browser() -> str:
    path = _chromium()
    if path is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return path


@pytest.fixture(scope="module")
def reports(example, tmp_path_factory) -> dict[str, Path]:
    """The two reports: a sized design with every sizing section, and a gas plant."""
    from minegrid.derating import genset_derating

    root = tmp_path_factory.mktemp("reports")
    ex = example
    sizing = mg.size(ex.system, ex.profiles, ex.design_space, ex.requirements,
                     project=ex.project, maxiter=3, popsize=4, seed=0, progress=False)
    archs = mg.size_architectures(ex.system, ex.profiles, ex.design_space, ex.requirements,
                                  project=ex.project, maxiter=2, popsize=4, seed=0,
                                  progress=False)
    result = mg.simulate(sizing.design, ex.profiles, project=ex.project, dispatch=True)
    out = {"sized": mg.write_report(result, root / "sized.html", sizing=sizing,
                                    architectures=archs, lp_gap=0.03,
                                    title="Hybrid power for an off-grid gold mine at 4,200 m",
                                    subtitle=ex.site.name)}
    gas = mg.Fuel(name="pipeline gas", kind="natural_gas", unit="MMBtu", price_per_unit=6.5,
                  co2_kg_per_unit=59.19, delivery="pipeline")
    engines = mg.GensetFleet(name="existing gas engines", fuel=gas, unit_rated_kw=1600,
                             n_units=6, existing_units=6, min_load_ratio=0.4,
                             part_load_fuel_per_h=(5.1, 8.4, 11.6, 14.9))
    diesel = mg.GensetFleet(name="new high-speed diesel", unit_rated_kw=1000, n_units=2,
                            min_load_ratio=0.3)
    plant = mg.System(pv=mg.PVPlant(rated_kw=10_000.0),
                      battery=mg.Battery(energy_kwh=20_000.0, power_kw=5_000.0),
                      gensets=(engines, diesel))
    derate = {"existing gas engines": genset_derating(ex.weather, ex.site,
                                                      engine="gas_lean_burn_turbocharged"),
              "new high-speed diesel": genset_derating(ex.weather, ex.site,
                                                       engine="diesel_high_speed")}
    profiles = mg.Profiles(load_kw=ex.load_kw, pv_kw_per_kw=ex.pv_kw_per_kw,
                           genset_availability=ex.genset_availability,
                           fleet_availability=derate, weather_source=ex.profiles.weather_source)
    r = mg.simulate(plant, profiles, project=ex.project, dispatch=True)
    out["plant"] = mg.write_report(r, root / "plant.html", title="Gas-fired mine plant",
                                   subtitle="Existing gas engines, new PV, battery and diesel")
    return out


def _measure(browser: str, report: Path, tmp: Path, width: int, print_rules: bool) -> dict:
    """The browser's measurements of ``report`` at ``width`` CSS px (print rules applied on
    screen when ``print_rules``), from a copy with :data:`MEASURE_JS` injected."""
    text = report.read_text(encoding="utf-8")
    assert "<script" not in text  # the report itself: no script
    if print_rules:
        assert "@media print" in text
        text = text.replace("@media print", "@media all")
    copy = tmp / f"measure-{report.stem}-{width}.html"
    copy.write_text(text.replace("</body>", f"<script>{MEASURE_JS}</script></body>"),
                    encoding="utf-8")
    proc = subprocess.run([browser, *FLAGS, f"--user-data-dir={tmp / 'profile'}",
                           f"--window-size={width},1123", "--virtual-time-budget=5000",
                           "--dump-dom", copy.as_uri()],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    found = re.search(r'<pre id="mg-measure">(.*?)</pre>', proc.stdout, re.S)
    assert found, proc.stdout[-2000:]
    return json.loads(html.unescape(found.group(1)))


LAYOUTS = {"screen at A4 width": (A4_WIDTH_PX, False),
           "print rules at A4 text width": (A4_TEXT_WIDTH_PX, True)}


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("name", ["sized", "plant"])
def test_figures_visible_and_tables_fit_a4(browser, reports, tmp_path, name, layout):
    width, print_rules = LAYOUTS[layout]
    report = reports[name]
    m = _measure(browser, report, tmp_path, width, print_rules)
    assert m["viewport"] == width
    assert m["page_scroll_width"] <= width  # nothing widens the page
    main = m["main"]
    assert main["width"] >= (0.85 if not print_rules else 0.99) * width
    # every figure: loaded, shown, with a size, inside the text column
    n_images = report.read_text(encoding="utf-8").count("<img ")
    assert len(m["figures"]) == n_images >= 6
    for f in m["figures"]:
        where = (name, layout, f["text"])
        assert f["complete"] and f["natural_width"] > 0, where
        assert not f["hidden"] and f["width"] > 100 and f["height"] > 50, where
        assert main["left"] - 0.5 <= f["left"] and f["right"] <= main["right"] + 0.5, where
    # every table: fits its column in legible type (or, on screen, scrolls in its own box)
    assert len(m["tables"]) >= 10
    for t in m["tables"]:
        where = (name, layout, t["text"], t["scroll_width"], t["container_width"])
        assert t["min_font_px"] >= 9, where
        fits = (t["scroll_width"] <= t["container_width"] + 0.5
                and t["right"] <= main["right"] + 0.5)
        assert fits or (t["scrolls"] and not print_rules
                        and t["box_right"] <= main["right"] + 0.5), where
    # no text clipped: nothing sticks out of the column or spills out of its cell
    assert m["spills"] == [], m["spills"][:5]


def _pdf_pages(pdf: Path) -> tuple[list[tuple[float, float]], int]:
    """Width and height of every page [pt] and the number of images, by pypdf when it is
    installed, else from the PDF's page dictionaries (Chromium writes them uncompressed)."""
    try:
        import pypdf
    except ImportError:
        data = pdf.read_bytes()
        boxes = re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]",
                           data)
        sizes = [(float(x1) - float(x0), float(y1) - float(y0)) for x0, y0, x1, y1 in boxes]
        return sizes, len(re.findall(rb"/Subtype\s*/Image", data))
    reader = pypdf.PdfReader(pdf)
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
    return sizes, sum(len(p.images) for p in reader.pages)


@pytest.mark.parametrize("name", ["sized", "plant"])
def test_report_prints_on_a4(browser, reports, tmp_path, name):
    report = reports[name]
    pdf = tmp_path / f"{name}.pdf"
    proc = subprocess.run([browser, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                           "--no-pdf-header-footer", f"--print-to-pdf={pdf}", report.as_uri()],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and pdf.is_file(), proc.stderr[-2000:]
    sizes, images = _pdf_pages(pdf)
    assert len(sizes) >= 3
    for w, h in sizes:
        assert w == pytest.approx(A4_PT[0], abs=1.0) and h == pytest.approx(A4_PT[1], abs=1.0)
    assert images >= report.read_text(encoding="utf-8").count("<img ")  # every figure printed
