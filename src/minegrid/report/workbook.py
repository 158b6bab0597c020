"""The results as one Excel workbook (openpyxl): :func:`write_workbook`. Sheets:

* ``assumptions``: every input, one row per field with its unit (from the field's
  docstring): the study rows, then the groups of :func:`minegrid.report.assumptions_table`
  (project, components, genset types, fuels, dispatch) plus the converter; a sequence
  (price path, part-load table) one row per value, ``field[1]``, ``field[2]`` ...
* ``designs``: :meth:`SimulationResult.summary` (design and base case); with a sizing
  also its status and :meth:`SizingResult.to_frame` (variables, objective, requirements).
* ``sizing history`` (with a sizing): every evaluated design, feasible and cheapest first.
* ``architectures`` (with ``architectures=``): the best system of each architecture
  (:attr:`ArchitectureTable.frame`, the requirements each row misses and its notes).
* ``costs``: :meth:`Costs.to_frame` with each component's life, the key economic
  figures and, for a plant of genset types, ``result.fleets`` and ``result.fuels``.
* ``cash flow``: :func:`minegrid.economics.cash_flows` ``(by_component=True)``, year by
  year; components that cost nothing are left out.
* ``monthly energy``: each source's energy to the load and to the battery, the losses,
  running hours and fuel by month (:func:`minegrid.plots.dispatch_flows`), from
  ``result.dispatch`` or, given the ``profiles``, a simulation with ``dispatch=True``.
* ``sensitivity`` (with a study): a :func:`minegrid.sweep` table, the summary and
  table of a :func:`minegrid.uncertainty` result, or a scenario's sensitivity (the
  one-at-a-time table and the map of which architecture wins where).
* ``weather years`` (a sizing over several weather years): the sized design in each
  year (``SizingResult.years``).
* ``load shedding`` (with ``shedding=``): the energy shed from each process area, its
  hours and the value of the production lost (:attr:`minegrid.Shedding.table`).

Every header carries its unit (``NPC [MUSD]``, ``capital [USD]``, ``energy [MWh]``);
numbers are stored as numbers (16 significant digits, openpyxl's; Excel shows 15) with
a number format for reading; header rows and the label column are frozen. Text from the
scenario (names, currency, notes) is always stored as text, never as a formula: a name
beginning with ``=``, ``+``, ``-`` or ``@`` is written as a string cell with Excel's
quote prefix, and characters Excel cannot store are dropped.
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import fields, is_dataclass
from pathlib import Path

from ..errors import InputError, check
from .units import COSTS, column_unit, field_unit, plain_unit, with_unit

__all__ = ["write_workbook", "field_unit", "column_unit", "SHEETS"]

#: The sheets a workbook may hold, in order (``sizing history`` only with a sizing,
#: ``architectures`` with an ArchitectureTable, ``sensitivity`` only with a study).
SHEETS = ("assumptions", "designs", "sizing history", "architectures", "costs", "cash flow",
          "monthly energy", "sensitivity", "weather years", "load shedding")

_RISKY_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_MAX_TEXT = 32_767  # Excel's limit on the characters of one cell


# ---------------------------------------------------------------------------- cells

def _cell_value(value):
    """What a cell holds: a number, a date or text; None (empty) for None and NaN."""
    import numpy as np

    if value is None or isinstance(value, bool | np.bool_):
        return None if value is None else bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        v = float(value)
        if math.isnan(v):
            return None
        return ("∞" if v > 0 else "-∞") if math.isinf(v) else v + 0.0  # no -0.0
    if isinstance(value, _dt.date):  # Excel has no time zones
        return value.replace(tzinfo=None) if getattr(value, "tzinfo", None) else value
    return str(value)


def _format(values) -> str:
    """A number format readable for a column (or row) of numbers."""
    nums = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    if not nums:
        return "General"
    big = max(abs(v) for v in nums)
    if big >= 1000 or all(float(v).is_integer() for v in nums):
        return "#,##0"
    for limit, fmt in ((1, "#,##0.00"), (0.01, "0.0000")):
        if big >= limit:
            return fmt
    return "0.00E+00"


class _Sheet:
    """A worksheet written top to bottom in blocks: a title, a header row, rows."""

    def __init__(self, wb, title: str, heading: str, partial: str | None):
        from openpyxl.styles import Alignment, Font, PatternFill

        self.ws = wb.create_sheet(title)
        self.bold, self.fill = Font(bold=True), PatternFill("solid", fgColor="DCE6F1")
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.row, self.widths, self.frozen = 1, {}, None
        self.text(1, (f"PARTIAL: {partial} " if partial else "") + heading,
                  Font(bold=True, size=12), fit=False)
        self.row = 3

    def put(self, col: int, value, fmt: str = "General"):
        """One cell: numbers as numbers, dates as dates, everything else as plain text."""
        value = _cell_value(value)
        if isinstance(value, str):
            return self.text(col, value)
        cell = self.ws.cell(self.row, col)
        if value is None:
            return cell
        cell.value = value
        if isinstance(value, _dt.date):
            cell.number_format = fmt if fmt != "General" else "yyyy-mm-dd"
            self._width(col, 10)
        elif not isinstance(value, bool):
            cell.number_format = fmt
            self._width(col, len(f"{value:,.0f}" if abs(value) >= 1000 else f"{value:,.4g}"))
        return cell

    def text(self, col: int, value, font=None, *, fit: bool = True):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        text = ILLEGAL_CHARACTERS_RE.sub("", str(value))[:_MAX_TEXT]
        cell = self.ws.cell(self.row, col)
        cell.value = text
        cell.data_type = "s"  # openpyxl makes "=..." a formula: it stays text here
        if text.startswith(_RISKY_START):
            cell.quotePrefix = True  # and text again after an edit in Excel
        if font is not None:
            cell.font = font
        if fit:
            self._width(col, min(len(text), 60))
        return cell

    def _width(self, col: int, n: int) -> None:
        self.widths[col] = max(self.widths.get(col, 8), n + 2)

    def block(self, heading: str | None, header: list[str], rows: list[list], *,
              by_row: bool = False, note: str | None = None, date_fmt: str = "yyyy-mm-dd"):
        """A table: optional bold heading, a header row (frozen for the first block), rows."""
        if heading:
            self.text(1, heading, self.bold, fit=False)
            self.row += 1
        for col, h in enumerate(header, 1):
            cell = self.text(col, h, self.bold, fit=False)
            cell.fill, cell.alignment = self.fill, self.wrap
            self.widths[col] = max(self.widths.get(col, 8), min(len(str(h)), 26) + 2)
        first = self.frozen is None
        if first:
            self.frozen = f"B{self.row + 1}"
        self.row += 1
        rows = [[_cell_value(v) for v in r] for r in rows]
        if by_row:
            fmts = [[_format(r[1:])] * len(r) for r in rows]
        else:
            cols = [_format([r[j] for r in rows if j < len(r)]) for j in range(len(header))]
            fmts = [cols] * len(rows)
        for r, f in zip(rows, fmts, strict=True):
            for col, value in enumerate(r, 1):
                self.put(col, value, date_fmt if isinstance(value, _dt.date) else f[col - 1])
            self.row += 1
        if first:
            self.first = (self.row - len(rows) - 1, len(header), self.row - 1)
        if note:  # below a blank row, apart from the table
            self.row += 1
            self.text(1, note, fit=False)
            self.row += 1
        self.row += 1

    def finish(self, *, autofilter: bool = False) -> None:
        from openpyxl.utils import get_column_letter

        for col, width in self.widths.items():
            self.ws.column_dimensions[get_column_letter(col)].width = min(width, 62)
        if self.frozen is not None:
            self.ws.freeze_panes = self.frozen
            if autofilter:
                top, n, bottom = self.first
                self.ws.auto_filter.ref = f"A{top}:{get_column_letter(n)}{bottom}"


def _frame_rows(frame, index: bool = True) -> list[list]:
    return [([label] if index else []) + list(values)
            for label, values in zip(frame.index, frame.itertuples(index=False), strict=True)]


# ---------------------------------------------------------------------------- sheets

def _input_groups(result):
    """``(group, object)`` of every input: as :func:`assumptions_table`, plus the converter."""
    from ..components import DualFuel

    sys_ = result.system
    groups = [("Project", result.project), ("PV plant", sys_.pv), ("Wind farm", sys_.wind),
              ("Battery", sys_.battery), ("Converter", sys_.converter)]
    if sys_.genset is not None:
        groups.append(("Gensets", sys_.genset))
    groups += [(f"Genset type: {g.name}", g) for g in sys_.gensets]
    fuels: dict = {}
    for g in sys_.fleets:
        supply = g.fuel
        parts = (supply.gas, supply.diesel) if isinstance(supply, DualFuel) else ()
        for fuel in (*parts, supply):
            fuels.setdefault(getattr(fuel, "name", "dual fuel"), fuel)
    groups += [(f"Fuel: {name}", fuel) for name, fuel in fuels.items()]
    groups.append(("Dispatch", sys_.dispatch))
    return [(g, o) for g, o in groups if o is not None and is_dataclass(o)]


def _assumptions_sheet(wb, result, assumptions, partial) -> None:
    from .. import __version__

    cur = result.costs.currency
    sh = _Sheet(wb, "assumptions", "Assumptions: every input behind the results", partial)
    rows: list[list] = [["Study", "written by", None, f"minegrid {__version__}"]]
    study = dict(assumptions or {})
    if result.weather_source and "Weather" not in study:
        study["Weather"] = result.weather_source
    rows += [["Study", key, None, value] for key, value in study.items()]
    for group, obj in _input_groups(result):
        for f in fields(obj):
            value = getattr(obj, f.name)
            if f.name in ("fuel", "gas", "diesel") and hasattr(value, "name"):
                value = value.name  # the fuel's fields are in its own group
            if f.name == "motor_starts":  # one line: name, power and starter of each drive
                value = "; ".join(f"{m.name}: {m.rated_kw:g} kW, {m.starter or 'custom'} start"
                                  for m in value) or "none"
            unit = field_unit(obj, f.name, cur)
            if isinstance(value, tuple | list):
                rows += [[group, f"{f.name}[{k}]", unit, v] for k, v in enumerate(value, 1)]
            else:
                rows.append([group, f.name, unit, value])
    if result.system.gensets:
        rows.append(["Dispatch", "merit_order", None, result.system.merit_order])
    sh.block(None, ["group", "field", "unit", "value [unit]"], rows, by_row=True,
             note="Fractions are between 0 and 1; money in " f"{cur}, real terms.")
    sh.finish(autofilter=True)


def _designs_sheet(wb, result, sizing, partial) -> None:
    sh = _Sheet(wb, "designs", "The design and its base case", partial)
    summary = result.summary()
    sh.block(None, ["quantity [unit]", *map(str, summary.columns)], _frame_rows(summary),
             by_row=True)
    if sizing is None:
        sh.finish()
        return
    cur = result.costs.currency
    info = [[label, getattr(sizing, key)] for key, label in (
        ("success", "converged"), ("status", "status"), ("message", "message"),
        ("method", "method"), ("objective", "objective"), ("nfev", "designs evaluated"),
        ("nit", "iterations"), ("elapsed_s", "elapsed [s]")) if hasattr(sizing, key)]
    sh.block("Sizing", ["optimiser", "value"], info, by_row=True)
    checks = sizing.to_frame()
    rows = [[name, row["value"], row["limit"], plain_unit(str(row["unit"]), cur), row["met"]]
            for name, row in checks.iterrows()]
    sh.block("Decision variables, objective and requirements",
             ["quantity", "value [unit]", "limit [unit]", "unit", "met"], rows, by_row=True)
    for name, side in (getattr(sizing, "at_bounds", None) or {}).items():
        sh.text(1, f"Note: {name} ended on the {side} bound of the design space; widen it.",
                fit=False)
        sh.row += 1
    sh.finish()


def _history_sheet(wb, result, sizing, partial) -> None:
    history = getattr(sizing, "history", None)
    if history is None or not len(history):
        return
    sh = _Sheet(wb, "sizing history", f"Every design the sizing evaluated ({len(history):,}), "
                "feasible first, cheapest first", partial)
    keys = [c for c in ("objective", "npc") if c in history.columns][:1]
    top = history
    if "feasible" in history.columns:
        top = history.assign(_ok=~history["feasible"].astype(bool))
        keys = ["_ok", *keys]
    top = top.sort_values(keys, kind="stable") if keys else top
    top = top[list(history.columns)]
    cur, objective = result.costs.currency, getattr(sizing, "objective", "npc")
    header = [with_unit(history.index.name or "evaluation", None)]
    header += [with_unit(c, column_unit(c, cur, objective)) for c in history.columns]
    sh.block(None, header, _frame_rows(top))
    sh.finish(autofilter=True)


def _costs_sheet(wb, result, partial) -> None:
    c, cur = result.costs, result.costs.currency
    sh = _Sheet(wb, "costs", f"Present costs by component and category [{cur}] (salvage is a "
                "credit)", partial)
    frame = c.to_frame()
    lives = getattr(c, "lives", {}) or {}
    rows = [[comp, *values, lives.get(comp)] for comp, values in
            zip(frame.index, frame.itertuples(index=False), strict=True)]
    sh.block(None, ["component", *(with_unit(col, cur) for col in frame.columns), "life [yr]"],
             rows)
    p = result.project
    econ = [["net present cost", cur, c.npc], ["annualised cost", f"{cur}/yr", c.annualised],
            ["levelised cost of electricity", f"{cur}/kWh", c.lcoe],
            ["capital recovery factor", "1/yr", c.crf],
            ["energy served", "kWh/yr", c.served_kwh_per_year],
            ["real discount rate", "1/yr", p.discount_rate],
            ["project life", "yr", p.lifetime_years]]
    sh.block("Economics", ["quantity", "unit", "value [unit]"], econ, by_row=True)
    if result.system.is_plant and result.fleets is not None and result.fuels is not None:
        fleets = result.fleets

        def head(col):
            if "[" in str(col) or col in ("burns", "fuel unit"):
                return str(col)
            return with_unit(col, cur if col in (*COSTS, "total") else "-")
        sh.block("Genset types (costs: present value)",
                 [fleets.index.name or "genset type", *map(head, fleets.columns)],
                 _frame_rows(fleets))
        fuels = result.fuels
        names = {"quantity_per_year": "quantity [unit/yr]",
                 "price_per_unit": f"price [{cur}/unit]", "cost_per_year": f"cost [{cur}/yr]",
                 "co2_t_per_year": "CO2 [t/yr]"}
        sh.block("Fuels (per genset type and fuel; unit: the fuel's)",
                 [names.get(col, str(col)) for col in fuels.columns],
                 _frame_rows(fuels, index=False))
    sh.finish()


def _cash_flow_sheet(wb, result, partial) -> None:
    from ..economics import cash_flows

    cur = result.costs.currency
    flows = cash_flows(result.costs, result.project, by_component=True)
    keep = []
    for col in flows.columns:
        comp = str(col).split("_")[0]
        group = [c for c in flows.columns if str(c).startswith(comp + "_")]
        if col in ("total", "discounted", "cumulative_discounted") or (
                flows[group].abs().to_numpy().sum() > 0):
            keep.append(col)
    flows = flows[keep]
    sh = _Sheet(wb, "cash flow", f"Yearly cash flows [{cur}], real terms: costs positive, "
                "salvage negative; 'discounted' sums to the net present cost", partial)
    header = ["year"] + [with_unit(str(col).replace("_", " "), cur) for col in flows.columns]
    sh.block(None, header, _frame_rows(flows))
    sh.finish()


def _monthly_rows(result):
    """``(header, rows)`` of energy by month [MWh] (and fuel, running hours), or None."""
    import numpy as np
    import pandas as pd

    from ..plots import dispatch_flows

    frame = result.dispatch
    if not isinstance(frame.index, pd.DatetimeIndex) or len(frame.index) < 2:
        return None
    dt_h = (frame.index[1] - frame.index[0]) / pd.Timedelta(hours=1)
    flows = dispatch_flows(result)
    cols: dict[str, np.ndarray] = {
        "load [MWh]": flows["load_kw"], "PV output [MWh]": frame["pv_kw"],
        "wind output [MWh]": frame["wind_kw"], "genset output [MWh]": frame["genset_kw"]}
    fleets = result.system.fleets
    plant = len(fleets) > 1 and all(f"genset_to_load_kw[{f.name}]" in flows for f in fleets)
    words = {"pv": "PV", "genset": "gensets"}
    for name in ("pv_to_load", "wind_to_load", "battery_to_load", "genset_to_load", "unserved",
                 "pv_to_battery", "wind_to_battery", "genset_to_battery", "pv_curtailed",
                 "wind_curtailed", "genset_dumped"):
        cols[" ".join(words.get(w, w) for w in name.split("_")) + " [MWh]"] = flows[name + "_kw"]
        if name == "genset_to_load" and plant:
            for f in fleets:
                cols[f"gensets to load: {f.name} [MWh]"] = flows[f"genset_to_load_kw[{f.name}]"]
    cols["capacity shortage [MWh]"] = frame["capacity_shortage_kw"]
    energy = pd.DataFrame({k: np.asarray(v, dtype=float) * dt_h / 1e3
                           for k, v in cols.items()}, index=frame.index)
    energy["genset running [unit-h]"] = frame["units_online"].to_numpy(float) * dt_h
    by_type = {f"fuel {f.name} [{f.curve_unit}]": f"fuel_{f.curve_unit}_per_h[{f.name}]"
               for f in fleets}  # a plant's, each in its unit
    if fleets and all(col in frame for col in by_type.values()):
        for head, col in by_type.items():
            energy[head] = frame[col].to_numpy(float) * dt_h
    else:
        energy["fuel [kL]"] = frame["fuel_l_per_h"].to_numpy(float) * dt_h / 1e3
    idx = frame.index
    table = energy.groupby([idx.year, idx.month]).sum()
    rows = [[_dt.date(int(y), int(m), 1), *vals]
            for (y, m), vals in zip(table.index, table.itertuples(index=False), strict=True)]
    rows.append(["total", *energy.sum().to_numpy()])
    return ["month", *energy.columns], rows


def _monthly_sheet(wb, result, profiles, partial) -> None:
    heading = ("Energy by month: each source's energy to the load and to the battery, what is "
               "lost (renewables after curtailment, gensets net of dumping)")
    if result.dispatch is None and profiles is not None:
        from ..simulation import simulate

        result = simulate(result.system, profiles, project=result.project, dispatch=True,
                          base_case=False)
    sh = _Sheet(wb, "monthly energy", heading, partial)
    table = _monthly_rows(result) if result.dispatch is not None else None
    if table is None:
        why = ("the profiles had no dates (simulate with time-indexed pandas Series)"
               if result.dispatch is not None else "the result has no step-by-step dispatch: "
               "simulate with dispatch=True, or pass profiles= to write_workbook")
        sh.text(1, f"No monthly energy: {why}.", fit=False)
    else:
        sh.block(None, *table, date_fmt="mmm yyyy")
    sh.finish()


def _study_head(name, frame, cur: str) -> str:
    """A study column's header: its own unit (``NPC [MUSD]``), or the unit of its name."""
    import pandas as pd

    if "[" in str(name) or not pd.api.types.is_numeric_dtype(frame[name]):
        return str(name)
    return with_unit(name, column_unit(name, cur))


def _study_tables(study) -> list:
    """``(heading, frame)`` of a sweep table, an uncertainty or a scenario's sensitivity."""
    import pandas as pd

    if isinstance(study, pd.DataFrame):
        return [(None, study)]
    if hasattr(study, "winners") and hasattr(study, "mode"):  # a SensitivityResult
        what = "re-sized" if study.mode == "size" else f"{study.design}, simulated"
        out = [] if study.table is None else [
            (f"One parameter at a time ({what} at each point)", study.table)]
        if study.winners is not None:
            opts = study.size_options
            out.append((f"Which architecture wins where (each architecture sized at each "
                        f"point, maxiter {opts.get('maxiter')}, popsize "
                        f"{opts.get('popsize')}; NPC: ... NaN where it misses a "
                        "requirement)", study.winners))
        return out
    if isinstance(getattr(study, "summary", None), pd.DataFrame) and isinstance(
            getattr(study, "table", None), pd.DataFrame):
        return [("Summary over the scenarios, per design", study.summary),
                ("Every design and scenario", study.table)]
    raise InputError(f"study = {type(study).__name__} is not a study result. Fix: pass "
                     "the table of minegrid.sweep(...), a minegrid.uncertainty(...) result "
                     "or a Scenario.sensitivity() result.")


def _sensitivity_sheet(wb, result, study, partial) -> None:
    cur = result.costs.currency
    tables = _study_tables(study)
    sh = _Sheet(wb, "sensitivity", "Sensitivity: one row per point (fractions between 0 and 1)",
                partial)
    for heading, frame in tables:
        header = [with_unit(frame.index.name or "point", None)]
        header += [_study_head(c, frame, cur) for c in frame.columns]
        sh.block(heading, header, _frame_rows(frame))
    sh.finish(autofilter=len(tables) == 1)


def _architectures_sheet(wb, table, partial) -> None:
    """The best system of each architecture (:class:`ArchitectureTable`), every digit."""
    frame = table.frame
    what = {"npc": "net present cost", "annualised": "annualised cost",
            "lcoe": "levelised cost"}.get(table.objective, table.objective)
    sh = _Sheet(wb, "architectures", "Results by architecture: the best system of each, "
                f"each sized on its own (rank 1: lowest {what} meeting every requirement)",
                partial)
    header = [frame.index.name or "architecture", *map(str, frame.columns),
              "requirements missed", "note"]
    rows = [[name, *values, table.binding.get(name, ""), table.notes.get(name, "")]
            for name, values in zip(frame.index, frame.itertuples(index=False), strict=True)]
    ref = (f"Savings against the sized {table.reference!r} row." if table.reference
           else "No diesel-only row: no savings.")
    sh.block(None, header, rows, note=ref + ("" if table.complete else
                                             " PARTIAL: interrupted before every row."))
    sh.finish(autofilter=True)


def _frame_sheet(wb, title: str, heading: str, frame, partial, note=None) -> None:
    """A sheet of one table, every digit: the index first, then the columns."""
    sh = _Sheet(wb, title, heading, partial)
    header = [str(frame.index.name or ""), *map(str, frame.columns)]
    sh.block(None, header, _frame_rows(frame), note=note)
    sh.finish(autofilter=True)


# ---------------------------------------------------------------------------- entry point

def write_workbook(result=None, path="results.xlsx", *, sizing=None, study=None, profiles=None,
                   assumptions: dict | None = None, partial: str | None = None,
                   architectures=None, shedding=None) -> Path:
    """Write the results as one Excel workbook (``.xlsx``): the sheets of the module docstring.

    Parameters
    ----------
    result : SimulationResult, optional
        The design; defaults to ``sizing.result``.
    path : str or pathlib.Path
        Output file; its folder is created.
    sizing : SizingResult, optional
        Adds the optimiser's status and checks to ``designs`` and a ``sizing history``.
    study : pandas.DataFrame, UncertaintyResult or SensitivityResult, optional
        A :func:`minegrid.sweep` table, a :func:`minegrid.uncertainty` result or a
        scenario's :meth:`~minegrid.scenario.Scenario.sensitivity` (its sweep and its
        architecture map): adds the ``sensitivity`` sheet.
    profiles : Profiles, optional
        The profiles behind ``result``: when it has no ``dispatch``, the design is simulated
        again with ``dispatch=True`` for the monthly energy.
    assumptions : dict, optional
        Study rows listed first on ``assumptions`` (``Scenario.assumptions()``).
    partial : str, optional
        The run was interrupted: every sheet's title starts ``PARTIAL:`` and this note.
    architectures : ArchitectureTable, optional
        The best system of each architecture (:func:`minegrid.size_architectures`): adds
        the ``architectures`` sheet.
    shedding : Shedding, optional
        Load shedding by process area (:func:`minegrid.shedding_for`): adds the
        ``load shedding`` sheet.

    Returns
    -------
    pathlib.Path
        The written file.

    Examples
    --------
    >>> import numpy as np, minegrid as mg, tempfile, os
    >>> system = mg.System(genset=mg.GensetFleet(unit_rated_kw=400, n_units=2))
    >>> r = mg.simulate(system, np.full(8760, 500.0))
    >>> out = mg.write_workbook(r, os.path.join(tempfile.mkdtemp(), "r.xlsx"))
    >>> import openpyxl
    >>> openpyxl.load_workbook(out).sheetnames
    ['assumptions', 'designs', 'costs', 'cash flow', 'monthly energy']
    """
    from ..simulation import SimulationResult

    if result is None and sizing is not None:
        result = getattr(sizing, "result", None)
    check(isinstance(result, SimulationResult), "result", type(result).__name__,
          "must be a minegrid.SimulationResult", "pass minegrid.simulate(...)'s result, or "
          "sizing= a SizingResult")
    check(assumptions is None or isinstance(assumptions, dict), "assumptions",
          type(assumptions).__name__, "must be a dict", "pass {'name': 'value', ...}")
    check(partial is None or isinstance(partial, str), "partial", partial,
          "must be None or a note saying what finished", "e.g. partial='sizing interrupted'")
    import openpyxl

    from .. import __version__

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    wb.properties.creator = f"minegrid {__version__}"
    wb.properties.title = "PARTIAL: minegrid results" if partial else "minegrid results"
    _assumptions_sheet(wb, result, assumptions, partial)
    _designs_sheet(wb, result, sizing, partial)
    if sizing is not None:
        _history_sheet(wb, result, sizing, partial)
    if architectures is not None:
        check(hasattr(architectures, "frame") and hasattr(architectures, "binding"),
              "architectures", type(architectures).__name__,
              "must be an ArchitectureTable", "pass minegrid.size_architectures(...)")
        _architectures_sheet(wb, architectures, partial)
    _costs_sheet(wb, result, partial)
    _cash_flow_sheet(wb, result, partial)
    _monthly_sheet(wb, result, profiles, partial)
    if study is not None:
        _sensitivity_sheet(wb, result, study, partial)
    if getattr(sizing, "years", None) is not None:
        _frame_sheet(wb, "weather years", "The sized design in each weather year of the "
                     "sizing (the objective is the mean over the years)", sizing.years,
                     partial)
    if shedding is not None:
        _frame_sheet(wb, "load shedding", "Load shedding by process area, in shedding "
                     f"order: energy shed, hours and the value lost [{result.costs.currency}"
                     "/yr]", shedding.table, partial,
                     note=None if shedding.npc is None else "Present value of the "
                     f"production lost: {shedding.npc:,.0f} {result.costs.currency}.")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
