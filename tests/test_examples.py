"""Every script in examples/ runs offline (Agg backend), each in its own process."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("[0-9][0-9]_*.py"))
NEEDS = {"02_size_pv_battery_genset.py": "minegrid.sizing"}


def test_examples_present():
    names = {p.name for p in EXAMPLES}
    assert {"01_quick_simulation.py", "02_size_pv_battery_genset.py", "03_wind_at_altitude.py",
            "04_build_mine_load.py", "05_fuel_price_sensitivity.py"} <= names


@pytest.mark.slow
@pytest.mark.parametrize("script", EXAMPLES, ids=lambda p: p.name)
def test_example_runs(script, tmp_path):
    module = NEEDS.get(script.name)
    if module is not None and importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not available yet")
    env = dict(os.environ, MPLBACKEND="Agg", MINEGRID_EXAMPLE_OUT=str(tmp_path),
               PYTHONWARNINGS="error::RuntimeWarning")
    proc = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip()
