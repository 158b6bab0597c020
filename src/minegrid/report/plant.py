"""The report's genset-plant section: per-type and per-fuel tables of a plant of genset types.

:func:`plant_section` writes the tables of :attr:`SimulationResult.fleets`
and :attr:`SimulationResult.fuels` (``docs/theory/gensets.md``);
:func:`is_plant`, :func:`base_label` and :func:`fuel_cost` are what the other
sections ask of a result to name its base case ("gensets only" for a plant)
and to weigh fuels of different units. Type and fuel names are text, escaped
where they enter the page (:func:`~minegrid.report.markup.html_table`).
"""

from __future__ import annotations

from .markup import Html, esc, genset_life, html_table, millions, num

__all__ = ["is_plant", "base_label", "fuel_cost", "fuel_rows", "plant_section"]


def is_plant(result) -> bool:
    """True for a plant of genset types (``System.is_plant``) with its per-type tables."""
    return bool(result.system.is_plant) and result.fleets is not None \
        and result.fuels is not None


def base_label(result) -> str:
    """The base case's name: ``"gensets only"`` for a plant, else ``"diesel only"``."""
    base = result.base if result.base is not None else result
    return "gensets only" if base.system.is_plant else "diesel only"


def fuel_cost(result) -> float:
    """Fuel bought per year, every fuel at its price (0 without a per-fuel table). [currency/yr]"""
    if result.fuels is None or not len(result.fuels):
        return 0.0
    return float(result.fuels["cost_per_year"].sum())


def fuel_rows(result) -> dict[tuple[str, str], float]:
    """Quantity burnt per year of each ``(fuel, unit)``, summed over the types. [unit/yr]"""
    out: dict[tuple[str, str], float] = {}
    if result.fuels is None:
        return out
    for f, u, q in zip(result.fuels["fuel"], result.fuels["unit"],
                       result.fuels["quantity_per_year"], strict=True):
        out[(str(f), str(u))] = out.get((str(f), str(u)), 0.0) + float(q)
    return out


def plant_section(result) -> str:
    """The genset plant: what each type is and does, what it costs, and every fuel burnt."""
    from ..economics import CATEGORIES

    cur = esc(result.costs.currency)
    fleets, fuels = result.fleets, result.fuels
    order = {"cost": "cheapest full-load running cost per kWh first",
             "given": "in the order listed"}.get(result.system.merit_order,
                                                 result.system.merit_order)
    out = [Html(f"<p>{len(fleets)} genset type(s), committed in merit order "
                f"({esc(order)}). Owned units cost no capital; their replacements, O&amp;M "
                "and fuel are paid. Fuel is in each fuel's own unit (a dual-fuel engine's "
                "curve in litres of diesel equivalent).</p>")]
    rows = []
    n_years = result.project.lifetime_years
    for name, f in fleets.iterrows():
        units = float(f["units"])
        per_unit = float(f["running [unit-h/yr]"]) / units if units else 0.0
        rows.append([name, num(f["units"]), num(f["existing units"]), num(f["unit [kW]"]),
                     f["burns"], num(f["running [unit-h/yr]"]), num(f["starts [1/yr]"]),
                     num(f["energy [MWh/yr]"]),
                     Html(f"{num(f['fuel burnt [unit/yr]'])} {esc(f['fuel unit'])}"),
                     genset_life(f["life [yr]"], per_unit, n_years),
                     num(f["worst availability [-]"], 3)])
    head = ["Genset type", "Units", "Owned", Html("Unit <span class='unit'>[kW]</span>"), "Fuel",
            Html("Running <span class='unit'>[unit-h/yr]</span>"),
            Html("Starts <span class='unit'>[1/yr]</span>"),
            Html("Energy <span class='unit'>[MWh/yr]</span>"),
            Html("Fuel burnt <span class='unit'>[/yr]</span>"), "Life",
            Html("Worst derating <span class='unit'>[-]</span>")]
    out.append(html_table(head, rows, text_cols=(0, 4, 9)))
    labels = {"capital": "Capital", "replacement": "Replacement", "om": "O&M", "fuel": "Fuel",
              "carbon": "Carbon", "salvage": "Salvage"}
    rows = [[name] + [millions(f[cat]) for cat in CATEGORIES] + [millions(f["total"])]
            for name, f in fleets.iterrows()]
    rows.append(["Total"] + [millions(fleets[cat].sum()) for cat in CATEGORIES]
                + [millions(fleets["total"].sum())])
    out.append(Html(f"<h3>Present cost of each type <span class='unit'>[M{cur}]</span></h3>"))
    out.append(html_table(["Genset type"] + [labels.get(c, c) for c in CATEGORIES] + ["Total"],
                          rows, total_last=True))
    rows = []
    for _, f in fuels.iterrows():
        unit = esc(f["unit"])
        rows.append([f["type"], f["fuel"], f["delivery"],
                     Html(f"{num(f['quantity_per_year'])} {unit}"),
                     Html(f"{num(f['price_per_unit'], 3)} {cur}/{unit}"),
                     millions(f["cost_per_year"]), num(f["co2_t_per_year"])])
    rows.append(["Total", "", "", "", "", millions(fuels["cost_per_year"].sum()),
                 num(fuels["co2_t_per_year"].sum())])
    out.append(Html("<h3>Fuels</h3>"))
    out.append(html_table(["Genset type", "Fuel", "Delivery",
                           Html("Quantity <span class='unit'>[/yr]</span>"), "Price",
                           Html(f"Cost <span class='unit'>[M{cur}/yr]</span>"),
                           Html("CO2 <span class='unit'>[t/yr]</span>")], rows,
                          total_last=True, text_cols=(0, 1, 2)))
    out.append(Html("<p class='note'>A fuel price path is levelised over the project "
                    "(discount rate); CO2 is the quantity times the fuel's factor per "
                    "unit.</p>"))
    return Html("".join(out))
