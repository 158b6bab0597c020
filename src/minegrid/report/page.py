"""The whole report page: :func:`write_report` assembles the sections into one HTML file."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from ..errors import check
from .architectures import architecture_section
from .figures import report_figures
from .markup import CSS, Html, esc, html_table, plain_value
from .plant import base_label, is_plant, plant_section
from .sections import (
    assumptions_table,
    checks_section,
    comparison_section,
    costs_section,
    design_section,
    energy_section,
    kpi_cards,
    lp_section,
    sizing_section,
    weather_banner,
)
from .sensitivity import sensitivity_section

__all__ = ["write_report"]


def write_report(result=None, path="report.html", *, sizing=None, pareto=None, lp_gap=None,
                 assumptions=None, title: str = "Hybrid power system study",
                 subtitle: str | None = None, figures: bool = True,
                 partial: str | None = None, architectures=None, sensitivity=None,
                 lp_strategies=None, haul=None, soiling=None, cleaning=None,
                 year_percentiles=None, year_percentile=None, shedding=None) -> Path:
    """Write a self-contained HTML report of a simulation (and optionally a sizing).

    Parameters
    ----------
    result : SimulationResult, optional
        The design to report, best simulated with ``dispatch=True`` (hourly
        plots) and ``base_case=True`` (the comparison). Defaults to
        ``sizing.result``.
    path : str or pathlib.Path
        Output file; its folder is created.
    sizing : SizingResult, optional
        A sizing result (:func:`minegrid.size`): adds a sizing section with
        the optimiser status and the best designs of ``sizing.history``.
    pareto : pandas.DataFrame, optional
        Pareto-optimal designs (e.g. ``sizing.pareto(...)``), plotted in the
        sizing section.
    lp_gap : float, dict or object, optional
        The LP-bound comparison (:func:`minegrid.lp_bound`): a relative gap
        (``0.03`` for 3 %), or a mapping/object with ``gap`` and/or a lower
        bound on the NPC (``lower_bound``, ``npc`` or ``bound``) [currency].
    assumptions : dict, optional
        Extra rows for the assumptions table (e.g. ``{"Weather": "synthetic,
        seed 2026"}``), listed before the component fields.
    title : str
        Report title.
    subtitle : str, optional
        Line under the title (e.g. the site).
    figures : bool
        Embed the plots (False writes tables only, faster).
    partial : str, optional
        The run behind the report was interrupted: the title is marked
        ``PARTIAL`` and this note (what finished) is shown in a banner.
    architectures : ArchitectureTable, optional
        The best system of each architecture (:func:`minegrid.size_architectures`):
        adds a section with that table after the sizing.
    lp_strategies : dict, optional
        NPC of the design under each dispatch strategy, ``{strategy: npc}``
        [currency]: the LP section then gives each one's gap above the bound.
    sensitivity : SensitivityResult, optional
        The sensitivity of a scenario (:meth:`minegrid.scenario.Scenario.sensitivity`):
        adds a section with its table, tornado, spider and architecture map.
    haul : HaulLoad, optional
        The electrified haul fleet whose load is in the result (a scenario's
        ``[haul_fleet]``): adds a "Haul fleet" section.
    soiling : PVSoiling, optional
        The PV soiling whose loss is in the result (a scenario's ``[pv.soiling]``):
        adds a "PV soiling and cleaning" section, scaled to the result's PV.
    cleaning : CleaningOptimum, optional
        The cleaning intervals tried for the design
        (:func:`minegrid.soiling.optimise_cleaning`), shown in that section.
    year_percentiles : pandas.DataFrame, optional
        The designs sized for each percentile of the weather years
        (:func:`minegrid.size_for_years`' table), shown with ``sizing.years`` in a
        "Sizing for the bad weather year" section.
    year_percentile : float, optional
        ``Requirements.year_percentile`` of the sizing (None: every year). [%]
    shedding : Shedding, optional
        Load shedding by process area (:func:`minegrid.shedding_for`; a scenario with
        ``[load] source = "areas"``): adds a "Load shedding by process area" section.

    Returns
    -------
    pathlib.Path
        The written file.

    Examples
    --------
    >>> import numpy as np, minegrid as mg, tempfile, os
    >>> system = mg.System(genset=mg.GensetFleet(unit_rated_kw=400, n_units=2))
    >>> r = mg.simulate(system, np.full(8760, 500.0))
    >>> out = mg.write_report(r, os.path.join(tempfile.mkdtemp(), "r.html"), figures=False)
    >>> out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    True
    """
    from .. import __version__
    from ..simulation import SimulationResult

    if result is None and sizing is not None:
        result = getattr(sizing, "result", None)
    check(isinstance(result, SimulationResult), "result", type(result).__name__,
          "must be a minegrid.SimulationResult", "pass minegrid.simulate(...)'s result, or "
          "sizing= a SizingResult")
    check(assumptions is None or isinstance(assumptions, dict), "assumptions",
          type(assumptions).__name__, "must be a dict", "pass {'name': 'value', ...}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    figs = report_figures(result) if figures else {}
    check(partial is None or isinstance(partial, str), "partial", partial,
          "must be None or a note saying what finished", "e.g. partial='sizing interrupted'")
    if partial is not None:
        title = f"PARTIAL: {title}"
    now = _dt.datetime.now().strftime("%d %B %Y")
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body><div class='page'>",
        f"<header><h1>{esc(title)}</h1>",
    ]
    if subtitle:
        parts.append(f'<div class="sub">{esc(subtitle)}</div>')
    parts.append(f'<div class="meta">Prepared {now} with minegrid {esc(__version__)} · all '
                 f"money in {esc(result.costs.currency)}, real terms</div></header><main>")
    parts.append(weather_banner(result))
    if partial is not None:
        parts.append(f'<div class="partial"><b>PARTIAL RESULTS.</b> {esc(partial)}</div>')
    parts.append(kpi_cards(result))
    n = 0

    def section(name: str) -> str:
        nonlocal n
        n += 1
        return f"<h2>{n}. {esc(name)}</h2>"

    parts += [section("Recommended design"), design_section(result)]
    parts += ["<h3>Design checks</h3>", checks_section(result)]
    from .reliability import asks_for_checks, reliability_section

    if asks_for_checks(result):
        parts += [section("Reliability: N-1 and motor starts"),
                  reliability_section(result, figures)]
    parts += [section("Energy, fuel and emissions"), energy_section(result)]
    parts += [figs.get("monthly", ""), figs.get("dispatch", "")]
    if is_plant(result):
        parts += [section("Genset plant"), plant_section(result)]
    if getattr(result, "logistics", None) is not None:
        from .logistics import logistics_section

        parts += [section("Fuel logistics"), logistics_section(result, figures)]
    if haul is not None:
        from .haul import haul_section

        parts += [section("Haul fleet"), haul_section(haul, figures)]
    if soiling is not None:
        from .soiling import soiling_section

        pv_kw = result.system.pv.rated_kw if result.system.pv is not None else None
        parts += [section("PV soiling and cleaning"),
                  soiling_section(soiling, cleaning, figures, pv_kw=pv_kw)]
    if shedding is not None:
        from .shedding import shedding_section

        parts += [section("Load shedding by process area"), shedding_section(shedding)]
    if "genset" in figs or "soc" in figs:
        parts += [section("Operation of the gensets and the battery"), figs.get("genset", ""),
                  figs.get("soc", "")]
    if "dispatch" not in figs and figures:
        parts.append("<p class='note'>Hourly plots need the step-by-step dispatch: simulate with "
                     "<code>dispatch=True</code>.</p>")
    parts += [section("Costs"), costs_section(result), figs.get("costs", ""),
              figs.get("cashflow", "")]
    if result.base is not None and base_label(result) == "gensets only":
        parts += [section("Comparison with the gensets-only base case"),
                  "<p>The base case serves the same load with the plant's genset types alone "
                  "(no PV, wind or battery): the same types and units, with extra units of "
                  "the largest type when they cannot cover the peak load plus reserve at each "
                  "type's worst derating of the year.</p>", comparison_section(result),
                  figs.get("base", "")]
    elif result.base is not None:
        parts += [section("Comparison with the diesel-only base case"),
                  "<p>The base case serves the same load with gensets only: the same unit, with "
                  "enough units to cover the peak load plus reserve at the worst derating "
                  "of the year.</p>", comparison_section(result), figs.get("base", "")]
    if sizing is not None or pareto is not None:
        parts += [section("Sizing"), sizing_section(sizing, pareto, result, figures)]
        if getattr(sizing, "years", None) is not None:
            from .years import years_section

            parts += [section("Sizing for the bad weather year"),
                      years_section(sizing, year_percentiles, result.costs.currency,
                                    year_percentile)]
    if architectures is not None:
        parts += [section("Results by architecture"), architecture_section(architectures)]
    if lp_gap is not None:
        parts += [section("Lower bound from linear programming"), lp_section(lp_gap, result,
                                                                            lp_strategies)]
    if sensitivity is not None:
        parts += [section("Sensitivity"), sensitivity_section(sensitivity, figures)]
    parts.append(section("Assumptions"))
    rows = [[esc(k), plain_value(v) if not isinstance(v, str) else esc(v)]
            for k, v in (assumptions or {}).items()]
    if rows:
        parts.append(html_table(["Study", ""], rows, text_cols=(0, 1)))
    grouped: dict[str, list[list[str]]] = {}
    for group, name, value in assumptions_table(result):
        grouped.setdefault(group, []).append([Html(f"<code>{esc(name)}</code>"), value])
    blocks = [f"<div><h3>{esc(g)}</h3>{html_table(['Field', 'Value'], r)}</div>"
              for g, r in grouped.items()]
    parts.append('<div class="two">' + "".join(blocks) + "</div>")
    parts.append(
        "<p class='note'>Units are in the field names (kW, kWh, h, L, t, years); fractions are "
        "between 0 and 1. Economics: capital at year 0, yearly costs at the end of each year, "
        "discounted at the real rate; replacements at the end of each component's life; linear "
        "salvage value at the end of the project (HOMER conventions).</p>")
    parts.append(
        "</main><footer>Generated by minegrid, an open-source tool for sizing hybrid "
        "solar-wind-diesel-battery systems for mines. Results depend on the assumptions above; "
        "indicative cost defaults are not quotations.</footer></div></body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")
    return path
