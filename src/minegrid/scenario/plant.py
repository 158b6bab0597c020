"""Scenario files: a plant of genset types (``[[gensets]]``) and their fuels (``[fuels.<name>]``).

A plant replaces the one ``[genset]`` table by one ``[[gensets]]`` table per
genset type (the fields of :class:`minegrid.GensetFleet`, a ``name`` each)::

    [[gensets]]
    name = "existing gas"
    fuel = "pipeline gas"            # a [fuels.<name>] table, or "diesel" (the default)
    unit_rated_kw = 1600.0
    n_units = 6
    existing_units = 6               # owned: no capital
    part_load_fuel_per_h = [5.1, 8.4, 11.6, 14.9]   # MMBtu/h at 25, 50, 75, 100 % load
    min_run_h = 2.0
    derating_engine = "gas_lean_burn_turbocharged"  # its own derating (derating.ENGINES)

    [[gensets]]
    name = "new diesel"
    unit_rated_kw = 1000.0
    n_units = 2

    [fuels."pipeline gas"]           # the fields of minegrid.Fuel; the key is its name
    kind = "natural_gas"
    unit = "MMBtu"
    price_per_unit = 6.5
    co2_kg_per_unit = 59.19
    delivery = "pipeline"

    [fuels.dual]                     # a dual-fuel supply (minegrid.DualFuel)
    gas = "pipeline gas"             # a natural-gas fuel above
    gas_energy_share = 0.7           # diesel = "<a diesel fuel>"; default the project's

    [dispatch]
    merit_order = "given"            # or "cost" (default): how the types are committed

A type burns diesel at the project's ``fuel_price_per_l`` unless ``fuel``
names a fuel (``fuel = "diesel"`` is that diesel unless a ``[fuels.diesel]``
table says otherwise). ``derating_engine`` (a key of
:data:`minegrid.derating.ENGINES`) or a ``[gensets.derating]`` table (the
options of :func:`minegrid.genset_derating`, written after that type's
``[[gensets]]``) derates the type on its own, from the site and the weather
(``Profiles.fleet_availability`` and ``fleet_fuel_multiplier``); a type
without either has the site's derating. ``[genset]`` also takes
``fuel = "<name>"``.
"""

from __future__ import annotations

import difflib

from .schema import Context, build, check_table, dataclass_spec, function_spec, table_key, tuplify

__all__ = ["validate_plant", "plant_fuels", "supply", "plant_fleets", "fleet_derating",
           "DUAL_FUEL_KEYS"]

#: Keys of a dual-fuel ``[fuels.<name>]`` table (:class:`minegrid.DualFuel`).
DUAL_FUEL_KEYS = {"kind": (str,), "gas": (str,), "diesel": (str,), "gas_energy_share": (float,)}
#: Keys of a ``[[gensets]]`` entry besides the GensetFleet fields.
_EXTRA_KEYS = {"fuel": (str,), "derating_engine": (str,)}


def _fuel_table(name: str) -> str:
    return table_key("fuels", name)


def _is_dual(table: dict) -> bool:
    return "gas" in table or table.get("kind") == "dual_fuel"


def _longest_first(keys) -> list[str]:
    """Keys to locate an error at, longest first: a message naming ``part_load_fuel_per_h``
    is located there, not at ``fuel`` (see :meth:`Context.locate`)."""
    return sorted(keys, key=len, reverse=True)


def _derating_label(index: int) -> str:
    return f"[gensets.derating] of [[gensets]] #{index + 1}"


def validate_plant(data: dict, ctx: Context) -> None:
    """Check ``[fuels.*]``, ``[[gensets]]`` and ``[dispatch] merit_order`` of a parsed scenario:
    keys, types, the fuels each type names, unique names and derating engines."""
    from ..components import MERIT_ORDERS

    fuels = data.get("fuels", {})
    for name, table in fuels.items():
        _check_fuel(ctx, fuels, name, table)
    merit = data.get("dispatch", {}).get("merit_order")
    if merit is not None and merit not in MERIT_ORDERS:
        raise ctx.error("dispatch", "merit_order", f"= {merit!r} is not one of {MERIT_ORDERS}",
                        'use "cost" (cheapest full-load cost per kWh first) or "given" (the '
                        "order of the [[gensets]] tables)")
    g = data.get("genset")
    if isinstance(g, dict) and "fuel" in g:
        _check_reference(ctx, fuels, g["fuel"], "genset", "fuel")
    if "gensets" not in data:
        return
    gensets = data["gensets"]
    if isinstance(gensets, dict):
        raise ctx.error("gensets", None, "must be an array of tables, one per genset type",
                        "write each type as [[gensets]] (double brackets) with its name, "
                        "unit_rated_kw and n_units; or use one [genset] table for one fleet")
    if not isinstance(gensets, list) or not gensets:
        raise ctx.error("gensets", None, "has no genset types",
                        "add one [[gensets]] table per type (name, unit_rated_kw, n_units)")
    if isinstance(data.get("genset"), dict) and set(data["genset"]) == {"derating"}:
        raise ctx.error("genset.derating", None, "is given with [[gensets]]",
                        "derate each genset type in its own [[gensets]] table: "
                        'derating_engine = "..." (minegrid.derating.ENGINES) or a '
                        "[gensets.derating] table after it; types without one have the "
                        "site's default derating")
    if "genset" in data:
        raise ctx.error("genset", None, "is given with [[gensets]]",
                        "a scenario has one fleet ([genset]) or a plant of genset types "
                        "([[gensets]]), not both: move the [genset] fields into a [[gensets]] "
                        "table with a name")
    _check_gensets(ctx, fuels, gensets)


def _check_fuel(ctx: Context, fuels: dict, name: str, table) -> None:
    from ..components import Fuel

    where = _fuel_table(name)
    if not isinstance(table, dict):
        raise ctx.error("fuels", name, f"= {table!r} must be a table",
                        f"write it as [{where}] with the fields of minegrid.Fuel below it")
    if _is_dual(table):
        check_table(ctx, where, table, DUAL_FUEL_KEYS)
        kind = table.get("kind", "dual_fuel")
        if kind != "dual_fuel":
            raise ctx.error(where, "kind", f"= {kind!r} is not a dual-fuel supply, yet the "
                            "table has gas = ...", 'a dual-fuel supply has kind = "dual_fuel" '
                            "(or no kind); a plain fuel has no gas key")
        if "gas" not in table:
            raise ctx.error(where, None, "is a dual-fuel supply without gas",
                            'add gas = "<the name of a natural-gas [fuels.<name>] table>"')
        for key in ("gas", "diesel"):
            if key in table:
                _check_reference(ctx, fuels, table[key], where, key, plain=True)
        return
    if "name" in table:
        raise ctx.error(where, "name", "is not a key of a fuel table",
                        f"a fuel is named by its table: [{where}] is the fuel {name!r}; "
                        "drop the name key")
    spec = {k: v for k, v in dataclass_spec(Fuel).items() if k != "name"}
    check_table(ctx, where, table, spec)


def _check_reference(ctx: Context, fuels: dict, value, table: str, key: str, index=None,
                     plain: bool = False) -> None:
    """A fuel named by a genset type or a dual-fuel supply exists (and is plain if asked)."""
    if value == "diesel" and "diesel" not in fuels:
        return
    if value not in fuels:
        names = [n for n, t in fuels.items()
                 if not (plain and isinstance(t, dict) and _is_dual(t))]
        close = difflib.get_close_matches(str(value), names, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        known = ", ".join(repr(n) for n in names) or "none"
        raise ctx.error(table, key, f"= {value!r} is not a fuel of this scenario",
                        f"{hint}add a [{_fuel_table(str(value))}] table with the fields of "
                        f"minegrid.Fuel, or name one of the scenario's fuels ({known}) or "
                        '"diesel" (the project\'s fuel_price_per_l)', index)
    if plain and isinstance(fuels[value], dict) and _is_dual(fuels[value]):
        raise ctx.error(table, key, f"= {value!r} is a dual-fuel supply, not a fuel",
                        f"name a plain fuel: the {key} of a dual-fuel supply is a "
                        f"[fuels.<name>] table with kind = "
                        f"{'natural_gas' if key == 'gas' else 'diesel'}", index)


def _check_gensets(ctx: Context, fuels: dict, gensets: list) -> None:
    from ..components import GensetFleet
    from ..derating import ENGINES
    from ..generation import genset_derating

    spec = dict(dataclass_spec(GensetFleet), **_EXTRA_KEYS)
    seen: dict[str, int] = {}
    for i, g in enumerate(gensets):
        if isinstance(g, dict) and "merit_order" in g:
            raise ctx.error("gensets", "merit_order", "is not a key of a genset type",
                            "merit_order is a key of [dispatch] (it orders every type)", i)
        check_table(ctx, "gensets", g, spec, index=i, subtables=("derating",))
        if "name" not in g:
            raise ctx.error("gensets", None, "has no name",
                            'add name = "..." (each genset type is named in the tables and '
                            "in design_space.type_units)", i)
        name = g["name"]
        if name in seen:
            raise ctx.error("gensets", "name", f"= {name!r} names the genset type of "
                            f"[[gensets]] #{seen[name] + 1} again",
                            "give each [[gensets]] table its own name", i)
        seen[name] = i
        if "fuel" in g:
            _check_reference(ctx, fuels, g["fuel"], "gensets", "fuel", i)
        der = g.get("derating")
        if der is not None:
            check_table(ctx, "gensets.derating", der, function_spec(genset_derating), index=i,
                        label=_derating_label(i))
        engine = g.get("derating_engine")
        if engine is None:
            continue
        if der is not None and "engine" in der:
            raise ctx.error("gensets", "derating_engine", "is given with engine in its "
                            "[gensets.derating] table", "give the engine once", i)
        rule = (der or {}).get("rule", "table" if "table" in (der or {}) else "manufacturer")
        if rule == "manufacturer" and engine not in ENGINES:
            close = difflib.get_close_matches(str(engine), list(ENGINES), n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise ctx.error("gensets", "derating_engine", f"= {engine!r} is not an engine of "
                            "minegrid.derating.ENGINES", f"{hint}use one of {list(ENGINES)}, "
                            "or a [gensets.derating] table with your datasheet's thresholds", i)


# --------------------------------------------------------------------------- building
def plant_fuels(data: dict, ctx: Context) -> dict:
    """The scenario's fuels by name: :class:`minegrid.Fuel` and :class:`minegrid.DualFuel`."""
    from ..components import DIESEL, DualFuel, Fuel

    tables = data.get("fuels", {})
    out = {}
    for name, t in tables.items():
        if not _is_dual(t):
            kwargs = {k: tuplify(v) for k, v in t.items()}
            out[name] = build(ctx, _fuel_table(name), Fuel, dict(kwargs, name=name),
                              keys=_longest_first(t))
    for name, t in tables.items():
        if _is_dual(t):
            kwargs = {"gas": out[t["gas"]],
                      "diesel": out.get(t["diesel"], DIESEL) if "diesel" in t else DIESEL}
            if "gas_energy_share" in t:
                kwargs["gas_energy_share"] = t["gas_energy_share"]
            out[name] = build(ctx, _fuel_table(name), DualFuel, kwargs,
                              keys=_longest_first(t))
    return out


def supply(fuels: dict, name: str):
    """The fuel a genset names: one of ``fuels``, or diesel at the project's price."""
    from ..components import DIESEL

    return fuels.get(name, DIESEL)


def plant_fleets(data: dict, ctx: Context) -> tuple:
    """The :class:`minegrid.GensetFleet` of every ``[[gensets]]`` table, as listed."""
    from ..components import GensetFleet

    fuels = plant_fuels(data, ctx)
    out = []
    for i, g in enumerate(data["gensets"]):
        kwargs = {k: tuplify(v) for k, v in g.items() if k not in ("derating", "derating_engine")}
        if "fuel" in kwargs:
            kwargs["fuel"] = supply(fuels, kwargs["fuel"])
        out.append(build(ctx, "gensets", GensetFleet, kwargs, index=i,
                         keys=_longest_first(kwargs)))
    return tuple(out)


def fleet_derating(data: dict, ctx: Context, weather, site) -> tuple[dict, dict]:
    """Per-type derating of the ``[[gensets]]`` that ask for their own: ``({name:
    availability}, {name: fuel multiplier})``, pandas Series on the weather's index."""
    from ..errors import InputError
    from ..generation import genset_derating, genset_fuel_multiplier

    avail, fuel = {}, {}
    for i, g in enumerate(data.get("gensets", [])):
        if "derating" not in g and "derating_engine" not in g:
            continue
        opts = dict(g.get("derating", {}))
        if "derating_engine" in g:
            opts["engine"] = g["derating_engine"]
        try:
            avail[g["name"]] = genset_derating(weather, site, **opts)
            fuel[g["name"]] = genset_fuel_multiplier(weather, site, **opts)
        except InputError as exc:
            if "derating_engine" in g and "engine" in str(exc):
                raise ctx.locate(exc, "gensets", ["derating_engine"], i) from None
            raise ctx.locate(exc, "gensets.derating", _longest_first(opts), i,
                             label=_derating_label(i)) from None
    return avail, fuel
