"""The output folder of ``minegrid run`` and ``minegrid demo``: which files, and writing them.

:data:`OUTPUT_FILES` lists every file the command may write; :func:`prepare_out`
refuses a non-empty folder without ``--force``; :func:`write_outputs` writes what a
run's state holds (CSV tables, the workbook, the HTML report), every file inside
the folder and never through a link planted there. The files are described in
:mod:`minegrid.cli`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

__all__ = ["OUTPUT_FILES", "prepare_out", "output_path", "clear", "is_plant", "write_outputs"]

#: Every file the command writes in its output folder.
OUTPUT_FILES = ("scenario.toml", "summary.csv", "costs.csv", "cash_flows.csv", "dispatch.csv",
                "assumptions.csv", "fleets.csv", "fuels.csv", "sizing.csv", "designs.csv",
                "architectures.csv", "sensitivity.csv", "architecture_map.csv", "fuel_tank.csv",
                "haul_load.csv", "soiling.csv", "shedding.csv", "weather_years.csv",
                "year_percentiles.csv", "report.html")


def prepare_out(out: Path, force: bool) -> None:
    """Refuse a non-empty output folder without ``--force``; with it, drop minegrid's old files."""
    from .errors import InputError

    if out.exists() and not out.is_dir():
        raise InputError(f"--out = {str(out)!r} is a file, not a folder. Fix: name a folder "
                         "with --out DIR.")
    if out.is_dir() and any(out.iterdir()):
        if not force:
            raise InputError(f"--out = {str(out)!r} exists and is not empty. Fix: pass --force "
                             "to replace minegrid's files in it, or choose another --out DIR.")
        for name in OUTPUT_FILES:  # so no file of an earlier run is mistaken for this one's
            target = out / name
            if target.is_symlink() or target.is_file():
                target.unlink()
    out.mkdir(parents=True, exist_ok=True)


def output_path(out: Path, name: str) -> Path:
    """``out / name`` for one of :data:`OUTPUT_FILES`, never a link to elsewhere."""
    assert name in OUTPUT_FILES, name
    target = out / name
    if target.is_symlink():
        target.unlink()
    return target


def write_outputs(out: Path, state: dict, *, report: bool, partial: str | None = None,
                   csv: bool = True) -> list[str]:
    """Write what ``state`` holds; returns the file names written (all inside ``out``)."""
    from .plots import cash_flows
    from .report import write_report

    out.mkdir(parents=True, exist_ok=True)
    written = []
    result = state.get("result")
    sizing = state.get("sizing")
    scenario = state.get("scenario")
    if csv and scenario is not None and scenario.path is not None:
        dest = output_path(out, "scenario.toml")
        if scenario.path.resolve() != dest.resolve():
            shutil.copyfile(scenario.path, dest)
            written.append(dest.name)
    if not csv:
        result = sizing = None
    if result is not None:
        summary = result.summary()
        if state.get("soiling") is not None:
            from .report.soiling import with_soiling_rows

            summary = with_soiling_rows(summary, state["soiling"], result)
        summary.to_csv(output_path(out, "summary.csv"))
        result.costs.to_frame().to_csv(output_path(out, "costs.csv"))
        cash_flows(result).to_csv(output_path(out, "cash_flows.csv"))
        written += ["summary.csv", "costs.csv", "cash_flows.csv"]
        if is_plant(result):
            result.fleets.to_csv(output_path(out, "fleets.csv"))
            result.fuels.to_csv(output_path(out, "fuels.csv"), index=False)
            written += ["fleets.csv", "fuels.csv"]
        if result.dispatch is not None:
            result.dispatch.to_csv(output_path(out, "dispatch.csv"))
            written.append("dispatch.csv")
        if getattr(result, "logistics", None) is not None:
            result.logistics.tank.to_csv(output_path(out, "fuel_tank.csv"))
            written.append("fuel_tank.csv")
    if csv and state.get("haul") is not None:
        state["haul"].to_frame().to_csv(output_path(out, "haul_load.csv"))
        written.append("haul_load.csv")
    if csv and state.get("soiling") is not None:
        from .report.soiling import soiling_frame

        soiling_frame(state["soiling"]).to_csv(output_path(out, "soiling.csv"))
        written.append("soiling.csv")
    if csv and state.get("shedding") is not None:
        state["shedding"].to_frame().to_csv(output_path(out, "shedding.csv"))
        written.append("shedding.csv")
    if csv and state.get("assumptions"):
        import pandas as pd

        pd.Series(state["assumptions"], name="value").rename_axis("assumption").to_csv(
            output_path(out, "assumptions.csv"))
        written.append("assumptions.csv")
    if sizing is not None:
        sizing.to_frame().to_csv(output_path(out, "sizing.csv"))
        written.append("sizing.csv")
        if sizing.history is not None:
            sizing.history.to_csv(output_path(out, "designs.csv"))
            written.append("designs.csv")
        if sizing.years is not None:
            sizing.years.to_csv(output_path(out, "weather_years.csv"))
            written.append("weather_years.csv")
    if csv and state.get("year_percentiles") is not None:
        state["year_percentiles"].to_csv(output_path(out, "year_percentiles.csv"))
        written.append("year_percentiles.csv")
    if csv and state.get("architectures") is not None:
        state["architectures"].frame.to_csv(output_path(out, "architectures.csv"))
        written.append("architectures.csv")
    sens = state.get("sensitivity")
    for name, frame in (("sensitivity.csv", getattr(sens, "table", None)),
                        ("architecture_map.csv", getattr(sens, "winners", None))):
        if csv and frame is not None:
            frame.to_csv(output_path(out, name))
            written.append(name)
    if result is not None and state.get("xlsx"):
        from .report import write_workbook

        write_workbook(result, clear(out / state["xlsx"]), sizing=sizing,
                       assumptions=state.get("assumptions"), partial=partial, study=sens,
                       architectures=state.get("architectures"),
                       shedding=state.get("shedding"))
        written.append(state["xlsx"])
    result = state.get("result")
    sizing = state.get("sizing")
    if report and result is not None:
        write_report(result, output_path(out, "report.html"), sizing=sizing,
                     lp_gap=state.get("lp_gap"), lp_strategies=state.get("lp_strategies"),
                     assumptions=state.get("assumptions"),
                     title=state.get("title", "Hybrid power system study"),
                     subtitle=state.get("subtitle"), partial=partial,
                     architectures=state.get("architectures"),
                     sensitivity=state.get("sensitivity"), haul=state.get("haul"),
                     soiling=state.get("soiling"), cleaning=state.get("cleaning"),
                     year_percentiles=state.get("year_percentiles"),
                     year_percentile=state.get("year_percentile"),
                     shedding=state.get("shedding"))
        written.append("report.html")
    return written


def clear(target: Path) -> Path:
    """``target`` with no file of an earlier run nor a planted link at it."""
    if target.is_symlink() or target.is_file():
        target.unlink()
    return target


def is_plant(result) -> bool:
    """True for a result of a plant of genset types, with its per-type and per-fuel tables."""
    return (result.system.is_plant and result.fleets is not None
            and result.fuels is not None)
