"""Units of inputs and result columns, read from the docstrings that define them.

:func:`field_unit` gives the unit of a component or project field (the ``[unit]``
ending its entry in the class's numpydoc docstring), :func:`column_unit` that of a
column of a sweep, uncertainty or sizing-history table, and :func:`with_unit` a
header such as ``npc [USD]``. The workbook (:mod:`minegrid.report.workbook`), the
sensitivity section and the sensitivity plots label their numbers with them.
"""

from __future__ import annotations

import functools
import inspect
import re

__all__ = ["field_unit", "column_unit", "plain_unit", "with_unit", "COSTS"]

_UNIT_IN_DOC = re.compile(r"\[([^\[\]]*[A-Za-z\-/][^\[\]]*)\]")
#: The cost categories of :mod:`minegrid.economics` (columns ``<component>_<category>``).
COSTS = ("capital", "replacement", "om", "fuel", "carbon", "salvage")


@functools.lru_cache(maxsize=64)
def _doc_units(cls) -> dict[str, str | None]:
    """``{field: unit}`` from the ``[unit]`` ending each entry of a numpydoc docstring."""
    out: dict[str, str | None] = {}
    doc = inspect.cleandoc(cls.__doc__ or "") + "\n"
    # an entry: an unindented "name[, name ...][ : type]" line, then indented lines
    for head, body in re.findall(r"^(\w[\w, ]*?)(?: : .*)?\n((?:    .*\n)+)", doc, re.M):
        names = [n.strip() for n in head.split(",")]
        text = " ".join(line.strip() for line in body.splitlines())
        found = [u for u in _UNIT_IN_DOC.findall(text) if not re.search(r"\d\s*,", u)]
        last = found[-1] if found and text.rstrip(".").endswith(f"[{found[-1]}]") else None
        like = re.match(r"As for :class:`~?(?:minegrid\.)?(\w+)`", text)
        for k, n in enumerate(names):
            if len(names) > 1 and len(found) == len(names):
                out[n] = found[k]  # "F0 [L/(h·kW)] and F1 [L/kWh]": one each, in order
            elif last or not like:
                out[n] = last
            else:  # "As for :class:`PVPlant`."
                from .. import components

                other = getattr(components, like.group(1), None)
                out[n] = _doc_units(other).get(n) if other is not None else None
    return out


def plain_unit(unit: str | None, currency: str, fuel_unit: str | None = None) -> str | None:
    """A docstring unit as written in headers: ``yr`` for years, the currency for
    "currency", the fuel's unit for "unit"."""
    if unit is None:
        return None
    unit = re.sub(r"\byears?\b", "yr", unit).replace("currency", currency)
    if fuel_unit is not None:
        unit = re.sub(r"(?:fuel )?\bunit\b(?!-)", fuel_unit, unit)
    return unit


def field_unit(obj, name: str, currency: str = "USD") -> str | None:
    """The unit of a component or project field, from its class's docstring.

    ``currency`` replaces "currency"; a fuel's (or genset type's) own unit replaces
    "unit"; ``None`` for text, flags and fields without a unit.

    >>> import minegrid as mg
    >>> field_unit(mg.PVPlant(), "om_per_kw_year"), field_unit(mg.Project(), "discount_rate")
    ('USD/(kW·yr)', '1/yr')
    >>> field_unit(mg.Fuel(kind="natural_gas", unit="MMBtu", price_per_unit=6.5,
    ...                    co2_kg_per_unit=53.1), "price_per_unit", "EUR")
    'EUR/MMBtu'
    """
    cls = obj if isinstance(obj, type) else type(obj)
    fuel_unit = None
    if not isinstance(obj, type):  # a genset type's fuel-curve unit, or a fuel's own
        fuel_unit = getattr(obj, "curve_unit", None) or getattr(obj, "unit", None)
    return plain_unit(_doc_units(cls).get(name), currency,
                       fuel_unit if isinstance(fuel_unit, str) else None)


_SIZE_UNITS = {"pv_kw": "kW DC", "n_turbines": "-", "battery_kwh": "kWh", "battery_kw": "kW",
               "n_units": "-", "unit_kw": "kW", "genset_kw": "kW"}
_STUDY_CLASSES = {"project": "Project", "pv": "PVPlant", "wind": "WindPlant",
                  "battery": "Battery", "genset": "GensetFleet", "dispatch": "Dispatch"}


def column_unit(name: str, currency: str = "USD", objective: str = "npc") -> str | None:
    """The unit of a column of a sweep, uncertainty or sizing-history table.

    >>> column_unit("fuel_l"), column_unit("npc_p90", "EUR"), column_unit("pv.capex_per_kw")
    ('L/yr', 'EUR', 'USD/kW')
    """
    from .. import components
    from ..simulation import Stats

    name = re.sub(r"_(mean|p50|p90|out)$", "", str(name))
    typed = re.match(r"(n_units|unit_kw)\[.*\]$", name)
    if typed:
        name = typed.group(1)
    if name in _SIZE_UNITS:
        return _SIZE_UNITS[name]
    money = {"npc": "currency", "capital": "currency", "annualised": "currency/yr",
             "lcoe": "currency/kWh"}
    if name == "objective":
        name = objective
    if name in money:
        return plain_unit(money[name], currency)
    if re.fullmatch(r"(pv|wind|battery|genset|converter)_(" + "|".join(COSTS) + ")", name):
        return currency
    if name.startswith(("g_", "capex_multiplier.")) or name in ("violation", "load_scale"):
        return "-"
    head, _, tail = name.partition(".")
    if tail and head in _STUDY_CLASSES:
        return field_unit(getattr(components, _STUDY_CLASSES[head]), tail, currency)
    return plain_unit(_doc_units(Stats).get(name), currency)


def with_unit(name, unit: str | None) -> str:
    """``name [unit]``, or the name alone without a unit.

    >>> with_unit("npc", "USD"), with_unit("varied", None)
    ('npc [USD]', 'varied')
    """
    return f"{name} [{unit}]" if unit else str(name)
