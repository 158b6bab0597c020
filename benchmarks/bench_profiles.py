"""Time PV + wind profiles for one site-year (after import and a warm-up call).

Usage: python benchmarks/bench_profiles.py [--repeat N]

Uses pvlib's bundled TMY3 file (always available) and, when present, the
Antofagasta-region Explorador Solar file of ../shared/data/weather. Reports the
median of N runs; it asserts nothing (benchmarks report, tests assert).
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings
from pathlib import Path

import pandas as pd
import pvlib

from minegrid.generation import genset_derating, pv_profile, wind_profile
from minegrid.weather import read_weather, synthetic_weather

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "weather"


def _median_s(func, repeat: int) -> float:
    func()  # warm-up (caches, lazy imports)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    warnings.simplefilter("ignore", pd.errors.Pandas4Warning)
    files = {"TMY3 Greensboro (pvlib)": Path(pvlib.__file__).parent / "data" / "723170TYA.CSV"}
    explorador = SHARED / "CHL_Antofagasta-region_-22.92_-69.91_1635m_ExploradorSolar_SAM.csv"
    if explorador.is_file():
        files["Explorador Antofagasta"] = explorador
    print(f"median of {args.repeat} runs, one site-year (8760 h)")
    for label, path in files.items():
        _bench_file(label, path, args.repeat)


def _bench_file(label: str, path: Path, repeat: int) -> None:
    weather, site = read_weather(path)
    turbine = {"turbine_type": "V126/3300", "hub_height_m": 117}
    rows = {
        "read_weather": lambda: read_weather(path),
        "pv_profile fixed": lambda: pv_profile(weather, site),
        "pv_profile single-axis": lambda: pv_profile(weather, site, tracking="single_axis"),
        "wind_profile V126/3300": lambda: wind_profile(weather, **turbine),
        "genset_derating": lambda: genset_derating(weather, site),
        "PV fixed + wind (target <= 200 ms)": lambda: (pv_profile(weather, site),
                                                      wind_profile(weather, **turbine)),
        "synthetic_weather (1 yr)": lambda: synthetic_weather(site, seed=1),
    }
    print(f"{label}:")
    for name, func in rows.items():
        print(f"  {name:<36} {_median_s(func, repeat) * 1e3:7.1f} ms")

if __name__ == "__main__":
    main()
