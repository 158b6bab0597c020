"""The summary ``minegrid run`` prints: every number rounded for reading.

Money in millions with 2 decimals (``[MUSD]``), a price per kWh with 3,
percentages with 1 (unserved energy with 2), kW, kWh, MWh, litres, tonnes,
hours and counts as whole numbers; genset lives capped at the project with the
running hours per unit beside them (:func:`~minegrid.report.markup.genset_life`).
The CSV files the command writes keep every digit: only the printed text is
rounded. :func:`summary_text` is the whole summary; :func:`number`,
:func:`summary_cell`, :func:`savings_line`, :func:`sizing_block`,
:func:`plant_tables`, :func:`genset_life_line` and :func:`text_table` its parts.
"""

from __future__ import annotations

import numbers

from .markup import genset_life
from .plant import base_label, is_plant
from .readable import genset_lives, quantity

__all__ = ["summary_text", "number", "summary_cell", "savings_line", "sizing_block",
           "plant_tables", "genset_life_line", "text_table"]


def number(value, digits: int = 0) -> str:
    """A number for reading: thousands separated, ``digits`` decimals, no ``-0``, '-' for NaN."""
    v = float(value)
    if v != v:
        return "-"
    if v in (float("inf"), float("-inf")):
        return "inf" if v > 0 else "-inf"
    if round(v, digits) == 0:
        v = 0.0
    return f"{v:,.{digits}f}"


def summary_cell(label: str, value, currency: str) -> str:
    """A value of ``result.summary()`` rounded for reading, by the unit in its row label:
    money in millions with 2 decimals, a price per kWh with 3, percentages with 1 (2 for
    unserved energy), everything else (kW, kWh, MWh, kL, t, hours, counts) whole."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return str(value)  # a text row ("11 x 1000") as it is
    if label.endswith((f"[M{currency}]", f"[M{currency}/yr]")):
        return number(value, 2)
    if label.endswith(f"[{currency}/kWh]"):
        return number(value, 3)
    if label.endswith("[%]"):
        return number(value, 2 if "unserved" in label else 1)
    return number(value)


def savings_line(sv) -> str:
    """The savings against the base case, rounded for reading."""
    c = sv.currency
    fuels = ", ".join(f"{f} {number(q)} {u}/yr" for f, u, q in sv.fuels) \
        if sv.base_label != "diesel only" and sv.fuels else f"{number(sv.fuel_l / 1e3)} kL/yr"
    return (f"Savings(vs {sv.base_label}: NPC {number(sv.npc / 1e6, 2)} M{c}, annualised "
            f"{number(sv.annualised / 1e6, 2)} M{c}/yr, LCOE {number(sv.lcoe, 3)} {c}/kWh, "
            f"fuel {fuels}, CO2 {number(sv.co2_t)} t/yr, extra capital "
            f"{number(sv.capital_extra / 1e6, 2)} M{c})")


def text_table(header: list[str], rows: list[list[str]], left: tuple[int, ...] = (0,)) -> str:
    """Rows of text cells as aligned columns: ``left`` columns to the left, numbers right."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells):
        return "  ".join(str(c).ljust(w) if i in left else str(c).rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    return "\n".join([line(header), *(line(r) for r in rows)])


def sizing_block(sizing, currency: str) -> str:
    """The sizing's status, decision variables, objective and requirement checks, rounded."""
    state = "success" if sizing.success else "NOT successful"
    lines = [f"SizingResult: {state} (status {sizing.status}), {sizing.message}",
             f"  {sizing.method}: {sizing.nit:,} iterations, {sizing.nfev:,} designs evaluated "
             f"in {sizing.elapsed_s:.1f} s"]
    rows = []
    for name, row in sizing.to_frame().iterrows():
        unit = str(row.get("unit") or "")
        value, shown = quantity(name, unit, row["value"], currency)
        limit = row.get("limit")
        met = row.get("met")
        rows.append([name, value, "" if limit is None or limit != limit
                     else quantity(name, unit, limit, currency)[0], shown,
                     "" if met is None or met != met else ("met" if met else "NOT MET")])
    table = text_table(["quantity", "value", "limit", "unit", ""], rows, left=(0, 3, 4))
    lines += ["  " + line for line in table.splitlines()]
    for n, side in sizing.at_bounds.items():
        lines.append(f"  note: {n} is at the {side} bound of the design space; widen it")
    return "\n".join(lines)


def plant_tables(result) -> str:
    """The per-type and per-fuel tables of a plant, rounded for reading."""
    import pandas as pd

    cur = result.costs.currency
    n_years = result.project.lifetime_years
    rows = []
    for name, f in result.fleets.iterrows():
        units = float(f["units"])
        per_unit = float(f["running [unit-h/yr]"]) / units if units else 0.0
        rows.append({
            "genset type": name, "units": f"{int(f['units'])}",
            "owned": f"{int(f['existing units'])}", "unit [kW]": f"{f['unit [kW]']:,.0f}",
            "fuel": f["burns"], "running [unit-h/yr]": f"{f['running [unit-h/yr]']:,.0f}",
            "starts [1/yr]": f"{f['starts [1/yr]']:,.0f}",
            "energy [MWh/yr]": f"{f['energy [MWh/yr]']:,.0f}",
            "fuel burnt [/yr]": f"{f['fuel burnt [unit/yr]']:,.0f} {f['fuel unit']}",
            "life": genset_life(f["life [yr]"], per_unit, n_years),
            f"cost [M{cur}]": number(f["total"] / 1e6, 2)})
    types = pd.DataFrame(rows).to_string(index=False)
    rows = []
    for _, f in result.fuels.iterrows():
        rows.append({
            "genset type": f["type"], "fuel": f["fuel"], "delivery": f["delivery"],
            "quantity [/yr]": f"{f['quantity_per_year']:,.0f} {f['unit']}",
            "price": f"{f['price_per_unit']:,.2f} {cur}/{f['unit']}",
            f"cost [M{cur}/yr]": number(f["cost_per_year"] / 1e6, 2),
            "CO2 [t/yr]": f"{f['co2_t_per_year']:,.0f}"})
    fuels = pd.DataFrame(rows).to_string(index=False)
    return (f"Genset types (per year; cost: present value of the type's capital, "
            f"replacements, O&M, fuel and salvage):\n{types}\n\nFuels (per year):\n{fuels}")


def genset_life_line(result) -> str:
    """The life of one genset fleet, capped at the project, with its hours per unit a year."""
    parts = []
    for label, r in (("design", result), (base_label(result), result.base)):
        lives = genset_lives(r) if r is not None else []
        if lives:
            _, years, hours = lives[0]
            parts.append(f"{label} {genset_life(years, hours, r.project.lifetime_years)}")
    return "genset life: " + ("; ".join(parts) if parts else "no gensets")


def summary_text(result, sizing=None) -> str:
    """What ``minegrid run`` prints, rounded for reading (the CSV files keep every digit)."""
    import pandas as pd

    summary = result.summary()
    cur = result.costs.currency
    shown = pd.DataFrame({col: [summary_cell(str(label), v, cur)
                                for label, v in summary[col].items()]
                          for col in summary.columns}, index=summary.index)
    with pd.option_context("display.width", 120):
        text = shown.to_string()
    if sizing is not None:
        text = f"{sizing_block(sizing, cur)}\n\n{text}"
    if is_plant(result):
        text += "\n\n" + plant_tables(result)
    else:
        text += "\n\n" + genset_life_line(result)
    if result.savings is not None:
        text += f"\n\n{savings_line(result.savings)}"
    text += "\n\nDesign checks:\n" + "\n".join(
        f"  [{'ok' if c['met'] else '!!'}] {c['text']}" for c in result.design_checks())
    log = getattr(result, "logistics", None)
    if log is not None:
        text += "\n\n" + logistics_text(result)
    return text


def logistics_text(result) -> str:
    """The fuel-logistics lines of ``minegrid run`` (a result simulated with a fuel supply)."""
    log = result.logistics
    base = getattr(result.base, "logistics", None) if result.base is not None else None
    vs = (f" (base case {base.deliveries_per_year:,.0f} trucks, "
          f"{base.haulage_co2_t_per_year:,.0f} t CO2)" if base is not None else "")
    ok = "ok" if log.autonomy_met and log.dry_hours_per_year == 0 else "!!"
    return (f"Fuel logistics: tank {log.tank_capacity_l:,.0f} L, delivered diesel "
            f"{log.delivered_price_per_l:.3f} {result.costs.currency}/L, "
            f"{log.deliveries_per_year:,.0f} trucks/yr, {log.truck_km_per_year:,.0f} km/yr, "
            f"{log.haulage_co2_t_per_year:,.0f} t CO2/yr of haulage{vs}\n"
            f"  [{ok}] a full tank holds {log.tank_autonomy_days:,.1f} days of mean use "
            f"(required {log.supply.min_autonomy_days:g}), the lowest level "
            f"{log.min_autonomy_days:,.1f} days; tank dry {log.dry_hours_per_year:,.0f} h/yr, "
            f"{log.dry_unserved_kwh_per_year:,.0f} kWh/yr unserved; road closed "
            f"{log.closed_days_per_year:,.1f} days/yr, longest {log.longest_closure_days:,.1f}")
