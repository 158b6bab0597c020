"""The HTML building blocks of the report: style sheet, escaping, number formats, tables, figures.

Every section of :mod:`minegrid.report` is written with these: :data:`CSS`
(the inline style sheet), :class:`Html` (markup that is already safe) and
:func:`esc` (HTML escaping), :func:`num`, :func:`millions`,
:func:`pct` and :func:`plain_value` (formatted numbers and values),
:func:`genset_life` and :func:`salvage_fraction` (a genset's life in words,
capped at the project, and the share of it left at the end),
:func:`html_table` (a table of pre-formatted cells), :func:`new_figure` and
:func:`figure_html` (a matplotlib figure embedded as a base64 PNG).

Escaping rule: every string that is not an :class:`Html` is text, and is
escaped once where it enters the page (:func:`esc`, :func:`html_table`);
markup the report writes itself is wrapped in :class:`Html`, with every
user string inside it (names, currency, notes, messages) passed through
:func:`esc`. So a scenario's ``currency = "<img src=x onerror=...>"`` shows
as text and never runs.

>>> esc("<b>")
'&lt;b&gt;'
>>> esc(Html("<b>ok</b>"))
'<b>ok</b>'
>>> table = html_table(["<x>"], [["a&b", Html("<i>c</i>")]])
>>> table.count("&lt;x&gt;"), "a&amp;b" in table, "<i>c</i>" in table
(1, True, True)
"""

from __future__ import annotations

import base64
import html
import io
import math

__all__ = ["CSS", "Html", "esc", "num", "millions", "pct", "plain_value", "genset_life",
           "salvage_fraction", "html_table", "figure_html", "new_figure"]

#: The report's inline style sheet (screen and print).
CSS = """
:root { --ink:#1d2733; --muted:#5b6675; --line:#d9dee5; --accent:#0b5394; --soft:#f3f6f9;
        --good:#1a7f37; --bad:#b42318; }
* { box-sizing: border-box; }
body { margin:0; background:#e9edf1; color:var(--ink);
       font: 15px/1.5 "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", sans-serif; }
.page { max-width: 1060px; margin: 24px auto; background:#fff; padding: 0 0 32px;
        box-shadow: 0 1px 4px rgba(0,0,0,.12); }
header { background: var(--accent); color:#fff; padding: 28px 44px 22px; }
header h1 { margin:0 0 4px; font-size: 27px; font-weight: 600; letter-spacing: .2px; }
header .sub { font-size: 16px; opacity: .92; }
header .meta { font-size: 12.5px; opacity: .8; margin-top: 10px; }
main { padding: 8px 44px 0; }
h2 { font-size: 20px; color: var(--accent); border-bottom: 2px solid var(--accent);
     padding-bottom: 4px; margin: 34px 0 12px; }
h3 { font-size: 16px; margin: 20px 0 8px; }
p { margin: 6px 0 10px; }
.note { color: var(--muted); font-size: 13px; }
.partial { background: #fdecea; border-left: 4px solid var(--bad); color: var(--bad);
           padding: 10px 14px; margin: 18px 0 0; }
.kpis { display: grid; grid-template-columns: repeat(3, 1fr); gap: 12px; margin: 22px 0 4px; }
.kpi { background: var(--soft); border-left: 4px solid var(--accent); padding: 10px 14px; }
.kpi .label { font-size: 12.5px; color: var(--muted); text-transform: uppercase;
              letter-spacing: .4px; }
.kpi .value { font-size: 23px; font-weight: 600; }
.kpi .detail { font-size: 12.5px; color: var(--muted); }
.kpi .good { color: var(--good); } .kpi .bad { color: var(--bad); }
table { border-collapse: collapse; width: 100%; margin: 8px 0 14px; font-size: 13.5px; }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: right;
         vertical-align: top; }
td { overflow-wrap: break-word; }
/* a table of many columns (html_table: 8 or more) fits an A4 page: smaller type, narrow
   cells, headers wrapped at their spaces; on a narrower screen it scrolls sideways */
.table-wrap { overflow-x: auto; margin: 8px 0 14px; }
.table-wrap > table { margin: 0; }
table.wide { font-size: 12px; }
table.wide th, table.wide td { padding: 4px 5px; }
table.wide th { font-size: 11.5px; line-height: 1.25; }
th { background: var(--soft); font-weight: 600; color: var(--ink); }
th:first-child, td:first-child { text-align: left; }
td.text, th.text { text-align: left; }
tr.total td { font-weight: 600; border-top: 2px solid var(--ink); }
tbody tr:nth-child(even) td { background: #fafbfc; }
.two { display: grid; grid-template-columns: 1fr 1fr; gap: 22px; }
figure { margin: 14px 0 20px; page-break-inside: avoid; }
figure img { width: 100%; max-width: 100%; height: auto; display: block;
             border: 1px solid var(--line); }
img, svg { max-width: 100%; }
figcaption { font-size: 13px; color: var(--muted); margin-top: 5px; }
.unit { color: var(--muted); font-weight: normal; }
.warning { background: #fff4e5; border-left: 4px solid #c77700; padding: 10px 14px;
           margin: 18px 0 4px; font-size: 14px; }
ul.checks { list-style: none; padding: 0; margin: 8px 0 14px; }
ul.checks li { padding: 6px 10px 6px 34px; border-bottom: 1px solid var(--line);
               position: relative; }
ul.checks li::before { position: absolute; left: 10px; font-weight: 700; }
ul.checks li.met::before { content: "✓"; color: var(--good); }
ul.checks li.failed::before { content: "✗"; color: var(--bad); }
ul.checks li.warn::before { content: "!"; color: #c77700; }
footer { margin: 36px 44px 0; padding-top: 12px; border-top: 1px solid var(--line);
         font-size: 12px; color: var(--muted); }
@media (max-width: 640px) {
  header, main { padding-left: 16px; padding-right: 16px; }
  footer { margin-left: 16px; margin-right: 16px; }
  .two { grid-template-columns: 1fr; }
  .kpis { grid-template-columns: repeat(2, 1fr); }
}
/* printed on A4 (to paper or PDF): the page margins frame the text */
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { background: #fff; font-size: 12.5px; }
  .page { box-shadow: none; margin: 0; max-width: none; padding: 0; }
  header { padding: 16px 20px 14px; }
  main { padding: 0; }
  footer { margin: 24px 0 0; }
  h2 { page-break-after: avoid; break-after: avoid; }
  h3 { page-break-after: avoid; break-after: avoid; }
  tr, .kpi, ul.checks li { page-break-inside: avoid; break-inside: avoid; }
  thead { display: table-header-group; }
  .table-wrap { overflow: visible; }
  figure img { border: none; }
  header, .kpi, th, .warning, .partial { -webkit-print-color-adjust: exact;
                                         print-color-adjust: exact; }
}
"""


#: Columns from which :func:`html_table` sets a table in smaller type (``class="wide"``).
WIDE_COLUMNS = 8


class Html(str):
    """A string of HTML that is safe to insert as it is (the report's own markup)."""

    __slots__ = ()


def esc(value) -> Html:
    """``str(value)`` escaped for HTML (quotes too); an :class:`Html` is returned unchanged."""
    if isinstance(value, Html):
        return value
    return Html(html.escape(str(value), quote=True))


def num(value, digits: int = 0) -> str:
    """Thousands-separated number; '–' for None/NaN; '∞' for infinity."""
    if value is None:
        return Html("–")
    if isinstance(value, str):
        return esc(value)
    try:
        v = float(value)
    except (TypeError, ValueError):
        return esc(value)
    if math.isnan(v):
        return Html("–")
    if math.isinf(v):
        return Html("∞")
    if round(v, digits) == 0:
        v = 0.0
    return Html(f"{v:,.{digits}f}".replace("-", "−"))


def millions(value, digits: int = 2) -> str:
    """Money in millions, for reading: ``23_660_000`` -> ``'23.66'`` (the unit is said beside)."""
    return num(None if value is None else float(value) / 1e6, digits)


def genset_life(life_years, hours_per_unit, project_years) -> str:
    """A genset life for reading: capped at the project, with the running hours beside it.

    A little-used genset's life in years (``life_hours`` over the hours each
    unit runs a year) can be a century; what matters to the project is that it
    outlasts it.

    >>> genset_life(164.2, 365.4, 15), genset_life(13.39, 4481.0, 15)
    ('> 15 yr (project), 365 h/yr per unit', '13.4 yr, 4,481 h/yr per unit')
    >>> genset_life(float("inf"), 0.0, 20)
    '> 20 yr (project), never runs'
    """
    years, hours, n = float(life_years), float(hours_per_unit), int(project_years)
    if not math.isfinite(years) or not hours > 0:
        return f"> {n} yr (project), never runs"
    runs = f"{num(hours)} h/yr per unit"
    if years > n:
        return f"> {n} yr (project), {runs}"
    return f"{num(years, 1)} yr, {runs}"


def salvage_fraction(life_years, project_years) -> float:
    """Share of a component's life left at the end of the project (linear salvage).

    ``(L (R + 1) − N) / L`` with ``R = ceil(N / L) − 1`` replacements
    (``docs/theory/economics.md``); 1 for a life that never ends.

    >>> salvage_fraction(150.0, 15), salvage_fraction(10.0, 15), salvage_fraction(5.0, 15)
    (0.9, 0.5, 0.0)
    """
    years, n = float(life_years), float(project_years)
    if not math.isfinite(years) or years <= 0:
        return 1.0 if not math.isfinite(years) else 0.0
    replacements = math.ceil(n / years) - 1
    return (years * (replacements + 1) - n) / years


def pct(value, digits: int = 1) -> str:
    """A fraction as a percentage (``0.25`` -> ``'25.0 %'``); '–' for None."""
    return Html("–") if value is None else Html(f"{num(100 * float(value), digits)} %")


def html_table(header: list[str], rows: list[list], *, total_last: bool = False,
               text_cols: tuple[int, ...] = (0,)) -> str:
    """An HTML table; cells and headers are text (escaped here) or :class:`Html` (kept).

    A table of :data:`WIDE_COLUMNS` columns or more is ``class="wide"`` (smaller type and
    cells, so that it fits the width of an A4 page) inside a ``<div class="table-wrap">``
    that scrolls sideways on a narrower screen.
    """
    wide = len(header) >= WIDE_COLUMNS
    out = ['<div class="table-wrap"><table class="wide"><thead><tr>' if wide
           else "<table><thead><tr>"]
    for i, h in enumerate(header):
        cls = ' class="text"' if i in text_cols else ""
        out.append(f"<th{cls}>{esc(h)}</th>")
    out.append("</tr></thead><tbody>")
    for k, row in enumerate(rows):
        cls = ' class="total"' if total_last and k == len(rows) - 1 else ""
        out.append(f"<tr{cls}>")
        for i, cell in enumerate(row):
            c = ' class="text"' if i in text_cols else ""
            out.append(f"<td{c}>{esc(cell)}</td>")
        out.append("</tr>")
    out.append("</tbody></table></div>" if wide else "</tbody></table>")
    return Html("".join(out))


def figure_html(fig, caption: str) -> str:
    """A figure as an HTML ``<figure>``: an inline base64 PNG and its caption."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, facecolor="white")
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return Html(f'<figure><img alt="{esc(caption)}" src="data:image/png;base64,{data}">'
                f"<figcaption>{esc(caption)}</figcaption></figure>")


def new_figure(width: float, height: float):
    """A :class:`matplotlib.figure.Figure` (not pyplot) of the given size. [inch]"""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def plain_value(value):
    """A field value for the assumptions table: numbers formatted, sequences joined, escaped."""
    if value is None:
        return Html("–")
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value):
            return num(value, 0)
        return esc(f"{value:,.6g}")
    if isinstance(value, tuple | list):
        return esc(", ".join(str(v) for v in value)) or Html("–")
    return num(value) if isinstance(value, int) and not isinstance(value, bool) else esc(value)
