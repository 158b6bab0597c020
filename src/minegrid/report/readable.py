"""Numbers for people: genset lives capped at the project, the salvage sentence, sizing units.

:func:`genset_lives` reads the life and the running hours per unit of each
genset type of a result; :func:`salvage_note` says in one sentence why a
little-used genset keeps a large salvage value (linear salvage on its
remaining running hours, ``docs/theory/economics.md``); :func:`quantity`
rounds a sizing quantity for reading (fractions in %, money in millions,
counts whole). The report (:mod:`minegrid.report.sections`) and the printed
summary of ``minegrid run`` (:mod:`minegrid.report.text`) use them alike.
"""

from __future__ import annotations

from .markup import genset_life, num, pct, salvage_fraction

__all__ = ["genset_lives", "salvage_note", "quantity", "genset_life"]


def genset_lives(result) -> list[tuple[str, float, float]]:
    """``(name, life [yr], running hours per unit [h/yr])`` of each genset type of a result.

    One fleet: ``Costs.lives["genset"]`` and ``Stats.unit_running_hours`` over its units;
    a plant: the ``life [yr]`` and ``running [unit-h/yr]`` columns of ``result.fleets``.
    """
    sys_ = result.system
    if sys_.gensets and result.fleets is not None:
        out = []
        for g in sys_.gensets:
            row = result.fleets.loc[g.name]
            units = float(row["units"])
            out.append((g.name, float(row["life [yr]"]),
                        float(row["running [unit-h/yr]"]) / units if units else 0.0))
        return out
    g = sys_.genset
    if g is None or g.n_units <= 0:
        return []
    return [(g.name, float(result.costs.lives["genset"]),
             result.stats.unit_running_hours / g.n_units)]


def salvage_note(result) -> str:
    """One sentence on why a genset keeps a salvage value ("" without gensets)."""
    lives = genset_lives(result)
    if not lives:
        return ""
    n_years = result.project.lifetime_years
    why = ("Gensets are valued at the end of the project on the running hours they have left "
           "(linear salvage, as HOMER)")
    if len(lives) > 1:
        return (f"{why}: the fewer hours a type's units run a year (the Life column of the "
                "design table), the more of their life is left at the end, and the larger "
                "their salvage credit.")
    _, years, hours = lives[0]
    left = salvage_fraction(years, n_years)
    if not hours > 0:
        return f"{why}: these never run, so they keep their whole value."
    life_h = years * hours  # life_hours: the life in years is life_hours / hours
    if years > n_years:
        return (f"{why}: at {num(hours)} h/yr per unit the {n_years} years use "
                f"{num(n_years * hours)} of their {num(life_h)} running hours, so they keep "
                f"{pct(left, 0)} of them, credited (discounted) at that share of their value.")
    return (f"{why}: at {num(hours)} h/yr per unit their {num(life_h)} running hours last "
            f"{num(years, 1)} years, so the units last replaced keep {pct(left, 0)} of them "
            f"at year {n_years}, credited (discounted) at that share of their value.")


def quantity(name: str, unit: str, value, currency: str) -> tuple[str, str]:
    """A sizing quantity for reading, ``(value, unit)``: fractions in %, money in millions,
    counts whole, kW and kWh without decimals.

    >>> quantity("max_unserved_fraction", "-", 0.0012, "USD")
    ('0.12', '%')
    >>> quantity("npc", "currency", 63_572_400.0, "USD"), quantity("n_units", "-", 11.0, "USD")
    (('63.57', 'MUSD'), ('11', '–'))
    """
    v = float(value)
    if unit == "-" and "fraction" in name:
        return num(100 * v, 2), "%"
    if unit.startswith("currency"):
        rest = unit[len("currency"):]
        if rest == "/kWh":
            return num(v, 3), f"{currency}/kWh"
        return num(v / 1e6, 2), f"M{currency}{rest}"
    if unit in ("1/h", "h"):
        return num(v, 2), unit
    return num(v), "–" if unit == "-" else unit
