"""Issue 18: the examples as Jupyter notebooks, run offline by the tests (nbclient, ipykernel).

Every script ``examples/NN_*.py`` has a notebook ``examples/notebooks/NN_*.ipynb`` stored
without outputs, whose code makes the same minegrid calls; each notebook runs in a fresh
``python3`` kernel with the test's temporary folder as its working directory (the reports
it writes go there), every cell without an error, and shows what its script prints: the
rich HTML view of the results (``_repr_html_``) where the script printed a result.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SCRIPTS = sorted(EXAMPLES.glob("[0-9][0-9]_*.py"))
NOTEBOOKS = sorted((EXAMPLES / "notebooks").glob("[0-9][0-9]_*.ipynb"))

#: What each notebook must show (in its text or HTML outputs) and the files it writes.
EXPECTED = {
    "01_quick_simulation": (("SimulationResult", "Net present cost", "MUSD", "NPC saving vs "
                             "diesel only", "Design checks: ✗ NOT MET N+1 on the derated fleet"),
                            ("quick_report.html",)),
    "02_size_pv_battery_genset": (("SizingResult", "success", "The chosen design",
                                   "No capacity shortage", "Battery C-rate"),
                                  ("sizing_report.html",)),
    "03_wind_at_altitude": (("capacity factor at 4,200 m", "4 turbines: NPC"), ()),
    "04_build_mine_load": (("mean [MW]", "Ball mill"), ()),
    "05_fuel_price_sensitivity": (("npc_hybrid", "lcoe_diesel_only"), ()),
    "06_gas_mine_plant": (("Gas plant alone", "Against the gas plant alone: NPC saving",
                           "SimulationResult", "NPC saving vs gensets only"), ()),
    "07_pv_soiling": (("34.14 % of PV energy lost", "clean every 20 days",
                       "washes; mean loss", "bifacial gain on the tracker"), ()),
    "09_mine_reliability": (("SAG mill: start 2,782 kW", "N-1 NOT held in",
                             "with N-1 held every hour", "refused [h/yr]",
                             "Shedding(unserved 11.27 MWh/yr", "Offices and laboratory"), ()),
    "08_haul_fleet": (("HaulLoad(12 trucks x 230 t", "charging in the renewable surplus",
                       "net diesel saved against diesel trucks", "smart charging:"), ()),
    "10_fuel_logistics": (("delivered diesel 1.076 USD/L", "FuelLogistics(tank=250,000 L",
                           "trucks/yr", "days of autonomy: tank"), ()),
}
#: Notebooks whose figures must come out as images (matplotlib inline).
FIGURES = {"01_quick_simulation": 3, "04_build_mine_load": 1, "05_fuel_price_sensitivity": 1,
           "07_pv_soiling": 1, "08_haul_fleet": 1, "10_fuel_logistics": 1}


def _nbformat():
    return pytest.importorskip("nbformat", reason="nbformat is in the test extra")


def _code(path: Path) -> str:
    nb = _nbformat().read(path, as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "code")


def _calls(code: str) -> set[str]:
    """The minegrid functions and classes a piece of code calls (``mg.x.y(``)."""
    return set(re.findall(r"\bmg(?:\.\w+)+(?=\()", code))


def test_every_script_has_its_notebook_with_the_same_calls():
    assert [p.stem for p in NOTEBOOKS] == [p.stem for p in SCRIPTS]
    assert set(EXPECTED) == {p.stem for p in NOTEBOOKS}
    for script, notebook in zip(SCRIPTS, NOTEBOOKS, strict=True):
        calls = _calls(script.read_text(encoding="utf-8"))
        assert calls, script.name
        assert calls <= _calls(_code(notebook)), (notebook.name,
                                                  calls - _calls(_code(notebook)))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_are_stored_without_outputs(path):
    nb = _nbformat().read(path, as_version=4)
    _nbformat().validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    # markdown cells explain the steps: at least one for every two code cells
    kinds = "".join("m" if c.cell_type == "markdown" else "c" for c in nb.cells)
    assert kinds.count("m") >= kinds.count("c") / 2, kinds


def _visible(markup: str) -> str:
    """The text of HTML as a reader sees it: tags removed, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _outputs(nb) -> tuple[str, int]:
    """All text the cells showed (HTML as its visible text), and the number of PNG images."""
    texts, images = [], 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                texts.append(out.text)
            elif out.output_type in ("execute_result", "display_data"):
                data = out.get("data", {})
                texts += [data.get("text/plain", ""), _visible(data.get("text/html", ""))]
                images += "image/png" in data
    return "\n".join(texts), images


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path, tmp_path):
    nbformat = _nbformat()
    nbclient = pytest.importorskip("nbclient", reason="nbclient is in the test extra")
    pytest.importorskip("ipykernel", reason="ipykernel is in the test extra")
    nb = nbformat.read(path, as_version=4)
    # the kernel of this interpreter (ipykernel's python3), figures inline, warnings as in
    # the examples' test
    env = dict(os.environ, MPLBACKEND="module://matplotlib_inline.backend_inline",
               PYTHONWARNINGS="error::RuntimeWarning", JUPYTER_PLATFORM_DIRS="1")
    env.pop("MINEGRID_EXAMPLE_OUT", None)
    client = nbclient.NotebookClient(nb, timeout=240, kernel_name="python3",
                                     allow_errors=False, startup_timeout=120,
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute(env=env)  # raises CellExecutionError on any cell's error
    text, images = _outputs(nb)
    words, files = EXPECTED[path.stem]
    for word in words:
        assert word in text, (path.name, word)
    for name in files:
        written = tmp_path / name
        assert written.is_file(), name
        assert written.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert images >= FIGURES.get(path.stem, 0), (path.name, images)
    assert "Traceback" not in text
