"""The ``minegrid`` command.

``minegrid demo`` simulates the bundled Andean gold-mine example fully offline
and prints its summary against the diesel-only base case; ``--out DIR`` also
writes the summary, the cost table and the hourly dispatch as CSV files.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

__all__ = ["main"]


def _print(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _demo(args: argparse.Namespace) -> int:
    import pandas as pd

    from . import __version__
    from .datasets import andean_gold_mine
    from .simulation import simulate

    t0 = time.perf_counter()
    ex = andean_gold_mine(seed=args.seed)
    t1 = time.perf_counter()
    result = simulate(ex.system, ex.profiles, project=ex.project, dispatch=args.out is not None)
    t2 = time.perf_counter()

    _print(f"minegrid {__version__} demo: {ex.site.name}")
    _print(f"  site {ex.site.latitude_deg:.2f}, {ex.site.longitude_deg:.2f}, "
           f"{ex.site.altitude_m:,.0f} m; synthetic weather (seed {args.seed}); "
           f"load {ex.load_kw.mean() / 1e3:.2f} MW mean, {ex.load_kw.max() / 1e3:.2f} MW peak")
    _print(f"  genset derating at site: {ex.genset_availability.mean():.3f} of rating (mean); "
           f"PV {ex.pv_kw_per_kw.sum():,.0f} kWh/kWp/yr; "
           f"wind ({ex.turbine_type}) capacity factor "
           f"{ex.wind_kw_per_turbine.mean() / ex.system.wind.turbine_rated_kw:.3f}")
    _print()
    with pd.option_context("display.float_format", "{:,.3f}".format, "display.width", 120):
        _print(result.summary().to_string())
    _print()
    _print(repr(result.savings))
    _print(f"\n(inputs {t1 - t0:.2f} s, simulation of design and base case {t2 - t1:.3f} s)")
    if args.out is not None:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        result.summary().to_csv(out / "summary.csv")
        result.costs.to_frame().to_csv(out / "costs.csv")
        result.dispatch.to_csv(out / "dispatch.csv")
        _print(f"wrote {out / 'summary.csv'}, {out / 'costs.csv'}, {out / 'dispatch.csv'}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="minegrid",
        description="Size hybrid solar-wind-diesel-battery power systems for mines.")
    parser.add_argument("--version", action="version", version=f"minegrid {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="simulate the bundled Andean gold-mine example (offline)")
    demo.add_argument("--seed", type=int, default=2026, help="weather and load seed")
    demo.add_argument("--out", default=None, metavar="DIR",
                      help="also write summary, costs and hourly dispatch CSVs to DIR")
    demo.set_defaults(func=_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``minegrid`` command."""
    from .errors import InputError

    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except InputError as exc:
        sys.stderr.write(f"minegrid: error: {exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("minegrid: interrupted\n")
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
