"""The ``minegrid`` command.

``minegrid demo``
    Runs the bundled Andean gold-mine scenario fully offline: simulates the
    design and its diesel-only base case, sizes PV, wind and battery when
    :mod:`minegrid.sizing` is available, prints a summary table and writes the
    results and the HTML report to ``minegrid-demo/``.
``minegrid run SCENARIO.toml [--out DIR] [--size] [--xlsx NAME.xlsx]``
    The same for your own scenario file (see :mod:`minegrid.scenario`);
    ``--xlsx`` also writes every table in one Excel workbook
    (:func:`minegrid.write_workbook`) inside the output folder.
``minegrid new FILE.toml [--from NAME]``
    Writes a copy of a bundled scenario to start from.
``minegrid scenarios``
    Lists the bundled scenarios.

Output folder: ``summary.csv`` (design and base case), ``costs.csv``
(present values by component and category), ``cash_flows.csv`` (year by
year), ``dispatch.csv`` (hourly), ``assumptions.csv``, for a plant of genset
types (``[[gensets]]``) also ``fleets.csv`` (per type: units, running hours,
starts, energy, fuel, costs) and ``fuels.csv`` (per type and fuel: quantity in
its unit, price, cost, CO2), with ``--size`` also
``sizing.csv`` (decision variables and requirement checks),
``designs.csv`` (every design evaluated) and ``architectures.csv`` (the best
system of each architecture, each sized on its own: HOMER's categorised
table, also printed and in the report; ``--no-architectures`` skips it), with a
``[sensitivity]`` table (:mod:`minegrid.scenario.sensitivity`) also ``sensitivity.csv``
(one parameter at a time around the design: the scenario's, or the sized one with
``--size``) and, with ``[sensitivity.two_way]``, ``architecture_map.csv`` (the
winning architecture at each point of the grid; ``--no-sensitivity`` skips both), with
a ``[fuel_supply]`` table (:mod:`minegrid.scenario.logistics`) also ``fuel_tank.csv``
(the diesel tank hour by hour: level, deliveries, road open, dry), with a
``[haul_fleet]`` table (:mod:`minegrid.scenario.haul`) also ``haul_load.csv`` (the haul
fleet hour by hour: trolley, charging, fleet SoC, cycles) and haul-fleet lines, with a
``[pv.soiling]`` table (:mod:`minegrid.scenario.soiling`) also ``soiling.csv`` (the
soiling loss, the cleanings and the PV per kW clean and soiled, hour by hour) and the
soiling lines (with ``optimise_cleaning``, the cleaning interval of least NPC for the
final design), with
``[load] source = "areas"`` also ``shedding.csv`` (the energy shed from each process area,
its hours and the value of the production lost: :mod:`minegrid.scenario.shedding`), and
``report.html``. The printed
summary of a plant has the per-type and per-fuel tables too, and its base
case is the genset types alone ("gensets only"). The printed summary is rounded
for reading (:mod:`minegrid.report.text`: money in millions with 2 decimals,
counts and kW whole, percentages with 1-2 decimals, genset lives capped at the
project); the CSV files keep every digit. Every file
is written inside the output folder (``--out``, default ``NAME-results``
with ``NAME`` the ``[study] name`` reduced to letters, digits, ``.``, ``_``
and ``-``); a folder that exists and is not empty is refused unless
``--force`` is given (then minegrid's own files in it are replaced, other
files are left alone). Progress goes to stderr.

Interruption (Ctrl-C) at any stage writes everything finished so far (the
simulation, the best design of an interrupted sizing), marks the report
PARTIAL and exits with status 130; the LP bound stops within a second.
Bad input exits with status 2 and one ``minegrid: error:`` line.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import time
from pathlib import Path

from .outputs import OUTPUT_FILES, clear, prepare_out, write_outputs

__all__ = ["main", "build_parser", "safe_name", "OUTPUT_FILES"]

def safe_name(name, default: str = "scenario") -> str:
    """A file-name component from a user string: letters, digits, ``.``, ``_``, ``-`` only.

    Path separators, ``..``, spaces and every other character become ``_``;
    leading dots and dashes are dropped, so the result never climbs out of a
    folder nor names a hidden file or an option.

    >>> safe_name("../../x"), safe_name("/etc/passwd"), safe_name("Mina Sur 2"), safe_name("..")
    ('x', 'etc_passwd', 'Mina_Sur_2', 'scenario')
    """
    text = re.sub(r"[^A-Za-z0-9._-]+", "_", str(name))
    text = re.sub(r"_{2,}", "_", re.sub(r"\.{2,}", "_", text)).strip("._-")[:80].strip("._-")
    return text or default


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


def _xlsx_name(name) -> str:
    """The ``--xlsx`` name: a plain ``NAME.xlsx``, written inside the output folder."""
    from .errors import InputError

    text = str(name)
    if safe_name(text) != text or Path(text).suffix.lower() != ".xlsx":
        raise InputError(f"--xlsx = {text!r} is not a plain file name ending in .xlsx. Fix: "
                         f"give a name such as --xlsx {safe_name(Path(text).stem)}.xlsx; the "
                         "workbook is written inside the output folder (--out DIR).")
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


def strategy_costs(system, profiles, project, fuel_supply=None) -> dict:
    """NPC of ``system`` under each dispatch strategy that applies to it (with the tank of
    ``fuel_supply`` when given). [currency]"""
    from .simulation import simulate

    names = ("load_following", "cycle_charging") + (() if system.is_plant else ("predictive",))
    return {k: simulate(system.replace(dispatch=system.dispatch.replace(strategy=k)), profiles,
                        project=project, base_case=False, fuel_supply=fuel_supply).costs.npc
            for k in names}


def _lp_stage(state: dict, built, scenario, sizing, args, progress) -> None:
    """The LP lower bound after sizing; a refusal (memory, time) is reported, not fatal."""
    from .errors import InputError
    from .sizing import lp_bound

    progress.stage("perfect-foresight LP lower bound on cost (HiGHS; Ctrl-C stops it)")
    try:
        bound = lp_bound(built.system, built.profiles, project=built.project,
                         space=scenario.design_space(), requirements=scenario.requirements(),
                         mode="sizing", time_limit_s=args.lp_time_limit,
                         commitment=not getattr(args, "lp_relaxed", False),
                         aggregate=args.lp_aggregate)
    except InputError as exc:
        progress.done(f"skipped: {exc}")
        return
    if bound.success:
        state["lp_gap"] = bound
        by = strategy_costs(sizing.result.system, built.profiles, built.project,
                            scenario.fuel_supply())
        state["lp_strategies"] = by
        each = ", ".join(f"{k.replace('_', ' ')} {100 * bound.gap(v):+.2f} %"
                         for k, v in by.items())
        progress.done(f"bound {bound.npc / 1e6:,.3f} M{built.project.currency}; "
                      f"the sized design is {100 * bound.gap(sizing.fun):.2f} % above it "
                      f"({each})")
    else:
        progress.done(f"not solved: {bound.message}")


# ---- results by architecture (minegrid.size_architectures) after --size --------------------
def _architectures_stage(state: dict, built, scenario, args, progress) -> str | None:
    """Size each architecture on its own (HOMER's categorised table); returns what was
    interrupted, if anything."""
    from .sizing import size_architectures

    progress.stage("sizing each architecture on its own (Ctrl-C keeps the rows done)")
    table = size_architectures(built.system, built.profiles, scenario.design_space(),
                               scenario.requirements(), project=built.project,
                               progress=not args.quiet, **scenario.sizing_options(built))
    state["architectures"] = table
    progress.done(f"{len(table.frame)} architectures, best: {table.best or 'none feasible'}")
    return None if table.complete else "the sizing by architecture"


# ---- [sensitivity] of the scenario (minegrid.scenario.sensitivity) -------------------------
def _sensitivity_stages(state: dict, built, scenario, progress, quiet: bool) -> str | None:
    """The one-at-a-time sweep, then the two-way map; returns what was interrupted."""
    from .scenario.sensitivity import result_of, run_sweep, run_two_way

    spec = scenario.sensitivity_spec()
    sizing = state.get("sizing")
    system = sizing.design if sizing is not None else None
    table = None
    if spec.parameters:
        n = 1 + sum(len(v) for v in spec.parameters.values())
        progress.stage(f"sensitivity: {n} points, one parameter at a time ({spec.mode})")
        table = run_sweep(scenario, built, system=system, progress=not quiet)
        state["sensitivity"] = result_of(scenario, built, table, None, sized=system is not None)
        progress.done(f"{len(spec.parameters)} parameters")
    if spec.two_way is None:
        return None
    x, y = spec.two_way
    n = len(spec.two_way[x]) * len(spec.two_way[y])
    progress.stage(f"which architecture wins where: {n} points of {x} x {y}, every "
                   "architecture sized at each (Ctrl-C keeps the points done)")
    winners = run_two_way(scenario, built, progress=not quiet)
    state["sensitivity"] = result_of(scenario, built, table, winners, sized=system is not None)
    progress.done(f"winners: {', '.join(sorted(set(winners['winner'])))}")
    return None if state["sensitivity"].complete else "the two-way sensitivity"


def _run_scenario(scenario, args, *, size: bool) -> int:
    from .report.text import summary_text
    from .simulation import simulate

    out = Path(args.out)
    prepare_out(out, getattr(args, "force", False))
    report = not args.no_report
    state: dict = {"scenario": scenario, "title": scenario.title,
                   "xlsx": getattr(args, "xlsx", None)}
    if state["xlsx"]:
        clear(out / state["xlsx"])  # an earlier run's (--force), never passed off as new
    lp = size and not getattr(args, "no_lp", False)
    arch = size and not getattr(args, "no_architectures", False)
    spec = None if getattr(args, "no_sensitivity", False) else scenario.sensitivity_spec()
    n_sens = 0 if spec is None else int(bool(spec.parameters)) + int(spec.two_way is not None)
    soil = scenario.soiling_spec()
    clean = soil is not None and soil.optimise_cleaning
    years_n = size and "weather_years" in scenario.data
    pct = years_n and bool(scenario.data["weather_years"].get("percentiles"))
    stages = (3 + int(size) + int(lp) + int(arch) + int(report) + n_sens + int(clean)
              + int(years_n) + int(pct))
    progress = _Progress(stages, quiet=args.quiet)
    interrupted = None  # what was interrupted, once something was
    try:
        progress.stage(f"building weather, load and generation profiles for {scenario.name!r}")
        built = scenario.build()
        state["assumptions"] = scenario.assumptions(built)
        state["haul"] = built.haul  # [haul_fleet], its load already in built.profiles
        state["soiling"] = built.soiling  # [pv.soiling], its loss already in the PV profile
        state["subtitle"] = built.site.name if built.site is not None else None
        progress.done(f"{len(built.load_kw):,} steps, mean load "
                      f"{built.load_kw.mean() / 1e3:,.2f} MW")
        base = "gensets-only" if built.system.is_plant else "diesel-only"
        progress.stage(f"simulating the design and the {base} base case")
        state["result"] = scenario.run(built=built)
        progress.done()
        years = None
        if years_n:
            progress.stage("building the weather years of [weather_years]")
            years = scenario.weather_years()
            progress.done(f"{len(years)} years")
        if size:
            progress.stage("sizing (Ctrl-C stops and keeps the best design so far)"
                           + (f" over {len(years)} weather years" if years else ""))
            sizing = scenario.size(built=built, progress=not args.quiet, years=years)
            state["sizing"] = sizing
            state["result"] = sizing.result  # the sized design, then with its hourly dispatch
            if sizing.status == 3:
                interrupted = "the sizing search"
            if built.haul is not None:  # smart charging re-planned for the sized design
                built = scenario.haul_for(built, sizing.design)
                state["haul"] = built.haul
            state["result"] = simulate(sizing.design, built.profiles, project=built.project,
                                       dispatch=True, fuel_supply=scenario.fuel_supply())
            progress.done(sizing.message)
            if years:
                state["year_percentile"] = scenario.requirements().year_percentile
            if pct and interrupted is None:
                progress.stage("sizing for each percentile of [weather_years] percentiles")
                state["year_percentiles"] = scenario.size_for_years(years, built=built)[0]
                progress.done()
            if lp and interrupted is None:
                _lp_stage(state, built, scenario, sizing, args, progress)
            if arch and interrupted is None:
                interrupted = _architectures_stage(state, built, scenario, args, progress)
        if clean and interrupted is None:
            progress.stage("searching the PV cleaning interval of least NPC for the design")
            design = state["result"].system
            state["cleaning"] = scenario.optimise_cleaning(built, design)
            progress.done(repr(state["cleaning"]))
        state["shedding"] = scenario.shedding(built, state["result"])  # [load] source = "areas"
        if n_sens and interrupted is None:
            interrupted = _sensitivity_stages(state, built, scenario, progress, args.quiet)
        if interrupted is None:
            progress.stage(f"writing results to {out}/")
            written = write_outputs(out, state, report=False)
            progress.done(", ".join(written))
            if report:
                progress.stage("drawing the plots and writing the HTML report")
                write_outputs(out, state, report=True, csv=False)
                progress.done(str(out / "report.html"))
    except KeyboardInterrupt:
        interrupted = "the run"
    if interrupted is not None:
        return _write_partial(out, state, report, interrupted)
    _print(f"minegrid: {scenario.title}")
    if state.get("subtitle"):
        _print(f"  {state['subtitle']}")
    if _weather_line(state["result"]):
        _print(_weather_line(state["result"]))
    _print()
    _print(summary_text(state["result"], state.get("sizing")))
    if state.get("haul") is not None:
        from .report.haul import haul_text

        _print(f"\n{haul_text(state['haul'])}")
    if getattr(state.get("sizing"), "years", None) is not None:
        from .report.years import years_text

        text = years_text(state["sizing"], state.get("year_percentiles"),
                          state.get("year_percentile"))
        _print(f"\n{text}")
    if state.get("soiling") is not None:
        from .report.soiling import soiling_text

        pv = state["result"].system.pv
        _print(f"\n{soiling_text(state['soiling'], state.get('cleaning'), pv.rated_kw)}")
    if state.get("shedding") is not None:
        from .report.shedding import shedding_text

        _print(f"\n{shedding_text(state['shedding'])}")
    if state.get("architectures") is not None:
        _print()
        _print(state["architectures"].to_text())
    if state.get("sensitivity") is not None:
        _print()
        _print(state["sensitivity"].to_text())
    _print()
    _print(f"Results and report in {out}/" + (" (open report.html in a browser)"
                                               if report else ""))
    return 0


def _write_partial(out: Path, state: dict, report: bool, what: str) -> int:
    """After an interruption: write everything finished, the report marked PARTIAL; 130."""
    finished = []
    if "sizing" in state:
        finished.append("the best design the sizing search had found")
    elif "result" in state:
        finished.append("the simulation of the scenario's design")
    if "lp_gap" in state:
        finished.append("the LP bound")
    if "architectures" in state:
        finished.append("the architectures sized before the stop")
    if "sensitivity" in state:
        finished.append("the sensitivity points computed before the stop")
    note = (f"{what.capitalize()} was interrupted (Ctrl-C): this report shows only what had "
            f"finished ({' and '.join(finished) or 'nothing'}).")
    sys.stderr.write("minegrid: interrupted; writing what has been computed\n")
    written: list[str] = []
    for attempt in range(2):  # a second Ctrl-C while writing: try once more, then give up
        try:
            written = write_outputs(out, state, report=report, partial=note)
            break
        except KeyboardInterrupt:
            if attempt:
                sys.stderr.write("minegrid: interrupted again; some files may be missing\n")
    sys.stderr.write(f"minegrid: wrote {', '.join(written) or 'nothing'} to {out}/ "
                     "(PARTIAL)\n")
    return 130


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
    if args.xlsx is not None:
        _xlsx_name(args.xlsx)
    out = args.out if args.out is not None else f"{safe_name(scenario.name)}-results"
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
        p.add_argument("--force", action="store_true",
                       help="write into an output folder that is not empty, replacing "
                       "minegrid's files there")
        p.add_argument("--no-lp", action="store_true",
                       help="after sizing, skip the linear-programming lower bound on cost")
        p.add_argument("--lp-time-limit", type=float, default=600.0, metavar="S",
                       help="time limit of the LP bound in seconds (default: 600)")
        p.add_argument("--lp-aggregate", type=int, default=None, metavar="N",
                       help="average N consecutive time steps into one in the LP bound "
                       "(a looser bound that needs N times less memory)")
        p.add_argument("--lp-relaxed", action="store_true",
                       help="relax unit commitment in the LP bound (no no-load fuel, minimum "
                       "load or reserve: a looser bound, about 4x faster in sizing mode)")
        p.add_argument("--no-architectures", action="store_true",
                       help="after sizing, skip sizing each architecture (diesel only, PV + "
                       "gensets, ...) on its own for the results-by-architecture table")
        p.add_argument("--no-sensitivity", action="store_true",
                       help="skip the scenario's [sensitivity] table (the one-at-a-time "
                       "sweep and the two-way map of which architecture wins where)")

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
    run.add_argument("--xlsx", metavar="NAME.xlsx", default=None,
                     help="also write the results as one Excel workbook NAME.xlsx in the "
                     "output folder (assumptions, designs, costs, cash flow, monthly energy, "
                     "architectures and sensitivity when computed)")
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
