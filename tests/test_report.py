"""HTML report: self-contained, sections present, optional sizing and LP-gap sections."""

from __future__ import annotations

import re
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

import minegrid as mg


@pytest.fixture(scope="module")
def result():
    index = pd.date_range("2023-03-01", periods=24 * 21, freq="h", tz="Etc/GMT+5")
    hour = index.hour.to_numpy()
    pv = pd.Series(np.clip(np.sin((hour - 6) / 12 * np.pi), 0, None), index=index)
    load = pd.Series(np.full(len(index), 700.0), index=index)
    system = mg.System(pv=mg.PVPlant(rated_kw=800.0),
                       battery=mg.Battery(energy_kwh=1200.0, power_kw=400.0),
                       genset=mg.GensetFleet(unit_rated_kw=300.0, n_units=4))
    return mg.simulate(system, load, pv, project=mg.Project(lifetime_years=10), dispatch=True)


def _images(text):
    return re.findall(r'<img [^>]*src="data:image/png;base64,[A-Za-z0-9+/=]+"', text)


def test_report_is_self_contained(result, tmp_path):
    path = mg.write_report(result, tmp_path / "sub" / "r.html", title="Test <study>",
                           assumptions={"Weather": "synthetic, seed 1"}, subtitle="Site X")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
    assert "Test &lt;study&gt;" in text  # escaped
    # no external assets: no links, scripts or remote URLs
    assert "<script" not in text and "<link" not in text
    assert not re.search(r'(src|href)="(https?:)?//', text)
    assert len(_images(text)) >= 7
    for heading in ("Recommended design", "Energy, fuel and emissions", "Costs",
                    "Comparison with the diesel-only base case", "Assumptions"):
        assert heading in text
    assert "synthetic, seed 1" in text and "fuel_price_per_l" in text
    assert f"{result.costs.npc / 1e6:,.2f}" in text
    assert "Lower bound" not in text and "Sizing" not in text


def test_lp_gap_and_sizing_sections(result, tmp_path):
    history = pd.DataFrame({"pv_kw": [800.0, 900.0], "battery_kwh": [1200.0, 0.0],
                            "npc": [5e6, 6e6], "renewable_fraction": [0.3, 0.2],
                            "feasible": [True, True]})
    sizing = SimpleNamespace(result=result, history=history, success=True, message="ok",
                             nfev=2, nit=1)
    path = mg.write_report(None, tmp_path / "s.html", sizing=sizing,
                           lp_gap={"lower_bound": 0.9 * result.costs.npc}, figures=False)
    text = path.read_text(encoding="utf-8")
    assert "Sizing" in text and "Best distinct designs" in text
    assert "Lower bound from linear programming" in text
    assert "11.11 %" in text  # (npc - bound) / bound
    text = mg.write_report(result, tmp_path / "g.html", lp_gap=0.025,
                           figures=False).read_text(encoding="utf-8")
    assert "2.50 %" in text


def test_without_dispatch_or_base(result, tmp_path):
    r = mg.simulate(result.system, result.dispatch["load_kw"], base_case=False)
    text = mg.write_report(r, tmp_path / "n.html").read_text(encoding="utf-8")
    assert "dispatch=True" in text
    assert "diesel-only base case" not in text.split("<main>")[1].split("Assumptions")[0] \
        or "Comparison" not in text


def test_bad_input(tmp_path):
    with pytest.raises(mg.InputError, match="SimulationResult"):
        mg.write_report("nope", tmp_path / "x.html")


def test_report_takes_an_lp_bound_object(tmp_path):
    import numpy as np
    import pandas as pd

    import minegrid as mg

    load = pd.Series(np.full(48, 300.0),
                     index=pd.date_range("2023-01-01", periods=48, freq="h", tz="Etc/GMT+4"))
    system = mg.System(genset=mg.GensetFleet(unit_rated_kw=200, n_units=2, min_load_ratio=0.0),
                       dispatch=mg.Dispatch(reserve_load_fraction=0.0))
    result = mg.simulate(system, load, dispatch=True)
    bound = mg.lp_bound(system, mg.dispatch.Profiles(load_kw=load), project=result.project)
    assert bound.success
    path = mg.write_report(result, tmp_path / "r.html", lp_gap=bound)
    html = path.read_text() if hasattr(path, "read_text") else (tmp_path / "r.html").read_text()
    assert "LP lower bound on net present cost" in html
    assert f"{bound.npc / 1e6:,.3f}" in html
    assert "unit commitment continuous" in html


def test_report_from_plain_arrays(tmp_path):
    """Results simulated from numpy arrays (no dates) still give a full report."""
    import numpy as np

    import minegrid as mg

    hour = np.arange(24 * 14) % 24
    load = 800 + 200 * np.sin(2 * np.pi * hour / 24)
    pv = np.clip(np.sin(np.pi * (hour - 6) / 12), 0, None)
    system = mg.System(pv=mg.PVPlant(rated_kw=900), battery=mg.Battery(energy_kwh=1500),
                       genset=mg.GensetFleet(unit_rated_kw=400, n_units=3))
    result = mg.simulate(system, load, pv, dispatch=True)
    mg.write_report(result, tmp_path / "r.html")
    html = (tmp_path / "r.html").read_text()
    assert "No monthly energy mix" in html
    assert html.count("data:image/png;base64") >= 5
