"""A self-contained HTML report of a study, ready to hand to a client.

:func:`write_report` writes one HTML file with inline CSS and the plots of
:mod:`minegrid.plots` embedded as base64 PNG images: no external assets, no
scripts, so it opens offline in any browser, prints cleanly to PDF and can be
sent by e-mail. Sections: key figures, the chosen design, energy, fuel and
CO2, the genset plant (for a plant of genset types: per type and per fuel),
costs, the comparison with the diesel-only base case (for a plant, the
gensets-only one), the cash flow, sizing (when a sizing result is given), the
LP-bound gap (when given) and the assumptions.

Figures are drawn on :class:`matplotlib.figure.Figure` objects (not pyplot),
so writing a report never opens a window nor touches the pyplot state.

The report is built in five modules: :mod:`minegrid.report.markup` (the HTML
building blocks), :mod:`minegrid.report.sections` (one HTML snippet per
section), :mod:`minegrid.report.plant` (the genset-plant section),
:mod:`minegrid.report.figures` (the embedded plots) and
:mod:`minegrid.report.page` (:func:`write_report`, which assembles them).
:func:`write_workbook` (:mod:`minegrid.report.workbook`) writes the same results
as one Excel workbook, numbers unrounded.
"""

from __future__ import annotations

from .page import write_report
from .sections import assumptions_table
from .workbook import write_workbook

__all__ = ["write_report", "assumptions_table", "write_workbook"]
