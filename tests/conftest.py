"""Shared fixtures. ``../shared`` (test data) is optional: tests that need it skip."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # tests/naive.py, the reference implementation

SHARED = HERE.parents[1] / "shared"


#: The Peru/Chile sample weather files in ../shared/data/weather, by short name.
SHARED_FILES = {
    "arequipa": "PER_Arequipa.847520_IWEC.epw",
    "lima": "PER_Lima.846280_IWEC.epw",
    "antofagasta": "CHL_Antofagasta-region_-22.92_-69.91_1635m_ExploradorSolar_SAM.csv",
    "tarapaca": "CHL_Tarapaca_-20.63_-69.90_922m_NSRDB-PSM3-TMY.csv",
}


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only shared data folder beside the repository, or skip."""
    if not (SHARED / "data").is_dir():
        pytest.skip("../shared/data is not present (only developers and CI have it)")
    return SHARED / "data"


@pytest.fixture(scope="session")
def shared_weather() -> Path:
    """The Peru/Chile sample weather files (outside the repo); skip when absent."""
    folder = SHARED / "data" / "weather"
    if not folder.is_dir():
        pytest.skip("shared weather files not available")
    return folder


@pytest.fixture(scope="session")
def example():
    """The bundled Andean gold-mine example (built offline)."""
    import minegrid as mg

    return mg.datasets.andean_gold_mine()


@pytest.fixture(scope="session")
def prof(example):
    """Three weeks (504 hourly steps) of the example's profiles: cheap for grids."""
    from minegrid.dispatch import Profiles

    p = example.profiles
    sl = slice(24 * 7 * 10, 24 * 7 * 13)
    return Profiles(load_kw=p.load_kw[sl], pv_kw_per_kw=p.pv_kw_per_kw[sl],
                    wind_kw_per_turbine=p.wind_kw_per_turbine[sl],
                    genset_availability=p.genset_availability[sl], dt_h=1.0)
