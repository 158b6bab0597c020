"""The ``minegrid`` command.

``minegrid demo``
    Runs the bundled Andean gold-mine scenario fully offline: simulates the
    design and its diesel-only base case, sizes PV, wind and battery when
    :mod:`minegrid.sizing` is available, prints a summary table and writes the
    results and the HTML report to ``minegrid-demo/``.
``minegrid run SCENARIO.toml [--out DIR] [--size]``
    The same for your own scenario file (see :mod:`minegrid.scenario`).
``minegrid new FILE.toml [--from NAME]``
    Writes a copy of a bundled scenario to start from.
``minegrid scenarios``
    Lists the bundled scenarios.

Output folder: ``summary.csv`` (design and base case), ``costs.csv``
(present values by component and category), ``cash_flows.csv`` (year by
year), ``dispatch.csv`` (hourly), ``assumptions.csv``, with ``--size`` also
``sizing.csv`` (decision variables and requirement checks) and
``designs.csv`` (every design evaluated), and ``report.html``. Progress goes
to stderr; Ctrl-C keeps what has been computed (sizing returns its best
design so far) and writes it.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

__all__ = ["main", "build_parser"]


def _print(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


class _Progress:
    """Numbered stage lines on stderr: ``[2/5] simulating ... done in 0.3 s``."""

    def __init__(self, total: int, quiet: bool = False):
        self.total, self.n, self.quiet = total, 0, quiet
        self.t0 = time.perf_counter()

    def stage(self, text: str) -> None:
        self.n += 1
        self.t0 = time.perf_counter()
        if not self.quiet:
            sys.stderr.write(f"[{self.n}/{self.total}] {text} ...\n")
            sys.stderr.flush()

    def done(self, text: str = "") -> None:
        if not self.quiet:
            extra = f" ({text})" if text else ""
            sys.stderr.write(f"      done in {time.perf_counter() - self.t0:.1f} s{extra}\n")
            sys.stderr.flush()


def _sizing_available() -> bool:
    try:
        import minegrid.sizing  # noqa: F401
    except ImportError:
        return False
    return True


def _write_outputs(out: Path, state: dict, *, report: bool, partial: bool = False,
                   csv: bool = True) -> list[str]:
    """Write what ``state`` holds; returns the file names written."""
    from .plots import cash_flows
    from .report import write_report

    out.mkdir(parents=True, exist_ok=True)
    written = []
    result = state.get("result")
    sizing = state.get("sizing")
    scenario = state.get("scenario")
    if scenario is not None and scenario.path is not None:
        target = out / "scenario.toml"
        if scenario.path.resolve() != target.resolve():
            shutil.copyfile(scenario.path, target)
            written.append(target.name)
    if not csv:
        result = sizing = scenario = None
    if result is not None:
        result.summary().to_csv(out / "summary.csv")
        result.costs.to_frame().to_csv(out / "costs.csv")
        cash_flows(result).to_csv(out / "cash_flows.csv")
        written += ["summary.csv", "costs.csv", "cash_flows.csv"]
        if result.dispatch is not None:
            result.dispatch.to_csv(out / "dispatch.csv")
            written.append("dispatch.csv")
    if csv and state.get("assumptions"):
        import pandas as pd

        pd.Series(state["assumptions"], name="value").rename_axis("assumption").to_csv(
            out / "assumptions.csv")
        written.append("assumptions.csv")
    if sizing is not None:
        sizing.to_frame().to_csv(out / "sizing.csv")
        written.append("sizing.csv")
        if sizing.history is not None:
            sizing.history.to_csv(out / "designs.csv")
            written.append("designs.csv")
    result = state.get("result")
    sizing = state.get("sizing")
    if report and result is not None:
        title = state.get("title", "Hybrid power system study")
        if partial:
            title += " (PARTIAL: run interrupted)"
        write_report(result, out / "report.html", sizing=sizing, lp_gap=state.get("lp_gap"),
                     assumptions=state.get("assumptions"), title=title,
                     subtitle=state.get("subtitle"))
        written.append("report.html")
    return written


def _summary_table(result, sizing=None) -> str:
    import pandas as pd

    with pd.option_context("display.float_format", "{:,.3f}".format, "display.width", 120):
        text = result.summary().to_string()
    if sizing is not None:
        text = f"{sizing!r}\n\n{text}"
    if result.savings is not None:
        text += f"\n\n{result.savings!r}"
    text += "\n\nDesign checks:\n" + "\n".join(
        f"  [{'ok' if c['met'] else '!!'}] {c['text']}" for c in result.design_checks())
    return text


def _weather_line(result) -> str:
    """The weather source in words; synthetic weather is said loudly."""
    source = getattr(result, "weather_source", None)
    if not source:
        return ""
    if result.synthetic_weather:
        return (f"WARNING: built on {source}. PV and wind follow that model: calibrate it "
                "([weather] monthly_ghi_kwh_m2 = [...]) or use a measured file.")
    return f"Weather: {source}"


def _run_scenario(scenario, args, *, size: bool) -> int:
    from .simulation import simulate

    out = Path(args.out)
    report = not args.no_report
    state: dict = {"scenario": scenario, "title": scenario.title}
    lp = size and not getattr(args, "no_lp", False)
    stages = 3 + int(size) + int(lp) + int(report)
    progress = _Progress(stages, quiet=args.quiet)
    try:
        progress.stage(f"building weather, load and generation profiles for {scenario.name!r}")
        built = scenario.build()
        state["assumptions"] = scenario.assumptions(built)
        state["subtitle"] = built.site.name if built.site is not None else None
        progress.done(f"{len(built.load_kw):,} steps, mean load "
                      f"{built.load_kw.mean() / 1e3:,.2f} MW")
        progress.stage("simulating the design and the diesel-only base case")
        state["result"] = scenario.run(built=built)
        progress.done()
        if size:
            progress.stage("sizing (Ctrl-C stops and keeps the best design so far)")
            sizing = scenario.size(built=built, progress=not args.quiet)
            state["sizing"] = sizing
            # the report shows the sized design with its hourly dispatch
            state["result"] = simulate(sizing.design, built.profiles, project=built.project,
                                       dispatch=True)
            progress.done(sizing.message)
            if lp:
                from .sizing import lp_bound

                progress.stage("perfect-foresight LP lower bound on cost (HiGHS)")
                bound = lp_bound(built.system, built.profiles, project=built.project,
                                 space=scenario.design_space(),
                                 requirements=scenario.requirements(), mode="sizing")
                if bound.success:
                    state["lp_gap"] = bound
                    progress.done(f"bound {bound.npc / 1e6:,.3f} M{built.project.currency}; "
                                  f"the sized design is {100 * bound.gap(sizing.fun):.2f} % "
                                  "above it")
                else:
                    progress.done(f"not solved: {bound.message}")
        progress.stage(f"writing results to {out}/")
        written = _write_outputs(out, state, report=False)
        progress.done(", ".join(written))
        if report:
            progress.stage("drawing the plots and writing the HTML report")
            _write_outputs(out, state, report=True, csv=False)
            progress.done(str(out / "report.html"))
    except KeyboardInterrupt:
        sys.stderr.write("minegrid: interrupted; writing what has been computed\n")
        try:
            written = _write_outputs(out, state, report=report and "result" in state,
                                     partial=True)
            sys.stderr.write(f"minegrid: wrote {', '.join(written) or 'nothing'} to {out}/\n")
        except KeyboardInterrupt:
            pass
        return 130
    _print(f"minegrid: {scenario.title}")
    if state.get("subtitle"):
        _print(f"  {state['subtitle']}")
    if _weather_line(state["result"]):
        _print(_weather_line(state["result"]))
    _print()
    _print(_summary_table(state["result"], state.get("sizing")))
    _print()
    _print(f"Results and report in {out}/" + (" (open report.html in a browser)"
                                               if report else ""))
    return 0


def _demo(args: argparse.Namespace) -> int:
    from .scenario import bundled, load_scenario

    scenario = load_scenario(bundled("andean_gold_mine"))
    if args.seed is not None:
        data = dict(scenario.data)
        data["weather"] = dict(data["weather"], seed=args.seed)
        data["load"] = dict(data["load"], seed=args.seed)
        scenario = type(scenario)(data=data, path=scenario.path, name=scenario.name,
                                  title=scenario.title, _ctx=scenario._ctx)
    size = not args.no_size and _sizing_available()
    if not args.no_size and not size and not args.quiet:
        sys.stderr.write("minegrid: minegrid.sizing is not available; simulating only\n")
    return _run_scenario(scenario, args, size=size)


def _run(args: argparse.Namespace) -> int:
    from .errors import InputError
    from .scenario import load_scenario

    scenario = load_scenario(args.scenario)
    if args.size:
        if not _sizing_available():
            raise InputError("--size needs minegrid.sizing, which is not installed. Fix: "
                             "update minegrid, or run without --size.")
        scenario.design_space()  # fail early, before building profiles
    out = args.out if args.out is not None else f"{scenario.name}-results"
    args.out = out
    return _run_scenario(scenario, args, size=args.size)


def _new(args: argparse.Namespace) -> int:
    from .errors import InputError
    from .scenario import bundled

    src = bundled(args.template)
    dest = Path(args.file)
    if dest.exists() and not args.force:
        raise InputError(f"{dest} already exists. Fix: pick another name or pass --force.")
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dest)
    _print(f"wrote {dest} (from the bundled {args.template!r} scenario); edit it, then run "
           f"`minegrid run {dest}`")
    return 0


def _scenarios(args: argparse.Namespace) -> int:
    from .scenario import bundled, bundled_scenarios, load_scenario

    for name in bundled_scenarios():
        sc = load_scenario(bundled(name))
        _print(f"{name:24s} {sc.title}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``minegrid`` command."""
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="minegrid",
        description="Size hybrid solar-wind-diesel-battery power systems for mines.")
    parser.add_argument("--version", action="version", version=f"minegrid {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p, default_out):
        p.add_argument("--out", default=default_out, metavar="DIR",
                       help="folder for the CSV results and report.html"
                       + (f" (default: {default_out})" if default_out else
                          " (default: NAME-results)"))
        p.add_argument("--no-report", action="store_true", help="write the CSV files only")
        p.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
        p.add_argument("--no-lp", action="store_true",
                       help="after sizing, skip the linear-programming lower bound on cost")

    demo = sub.add_parser("demo", help="run the bundled Andean gold-mine example (offline) "
                          "and write its report")
    demo.add_argument("--seed", type=int, default=None,
                      help="weather and load seed (default: the scenario's, 2026)")
    demo.add_argument("--no-size", action="store_true", help="simulate only, do not size")
    common(demo, "minegrid-demo")
    demo.set_defaults(func=_demo)

    run = sub.add_parser("run", help="run a TOML scenario: simulate (or size with --size)")
    run.add_argument("scenario", metavar="SCENARIO.toml",
                     help="scenario file, or the name of a bundled scenario")
    run.add_argument("--size", action="store_true",
                     help="size the system over [design_space] with [requirements]")
    common(run, None)
    run.set_defaults(func=_run)

    new = sub.add_parser("new", help="write a scenario file to start from")
    new.add_argument("file", metavar="FILE.toml")
    new.add_argument("--from", dest="template", default="andean_gold_mine", metavar="NAME",
                     help="bundled scenario to copy (see `minegrid scenarios`)")
    new.add_argument("--force", action="store_true", help="overwrite an existing file")
    new.set_defaults(func=_new)

    lst = sub.add_parser("scenarios", help="list the bundled scenarios")
    lst.set_defaults(func=_scenarios)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``minegrid`` command; returns the exit status."""
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
