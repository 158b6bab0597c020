"""Scenario-file schema: where each key is in the text, what type it takes, and the checks.

TOML gives no positions, so :class:`Lines` indexes the text and
:class:`Context` turns every problem into an InputError naming the file, the
line, the table and key, and the fix. :func:`validate` checks a parsed file's
tables, keys and types against the dataclasses and functions they feed.
"""

from __future__ import annotations

import dataclasses
import difflib
import inspect
import re
from dataclasses import dataclass

from ..errors import InputError, is_number

__all__ = ["Lines", "Context", "check_table", "build", "tuplify", "validate", "dataclass_spec",
           "function_spec", "table_key", "TABLES", "EXAMPLE_MINES", "SIZING_KEYS"]

TABLES = ("study", "site", "weather", "load", "pv", "wind", "battery", "genset", "gensets",
          "fuels", "dispatch", "project", "design_space", "requirements", "sizing",
          "sensitivity", "fuel_supply", "haul_fleet", "weather_years")
STUDY_KEYS = {"name": str, "title": str, "year": int, "description": str}
WEATHER_SOURCES = ("synthetic", "file")
LOAD_SOURCES = ("example", "file", "areas")
EXAMPLE_MINES = {"gold_mine": "example_gold_mine",
             "copper_concentrator": "example_copper_concentrator"}
SIZING_KEYS = {"method": str, "objective": str, "maxiter": int, "popsize": int, "seed": int,
                "tol": float, "polish": bool, "grid": (int, dict), "max_designs": int,
                "threads": int}


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def table_key(*parts: str) -> str:
    """The dotted name of a table as :class:`Lines` and the messages spell it: bare parts as
    they are, others quoted (``table_key("fuels", "pipeline gas")`` is
    ``'fuels."pipeline gas"'``)."""
    import json

    return ".".join(p if _BARE_KEY.fullmatch(p) else json.dumps(p, ensure_ascii=False)
                    for p in parts)


def _header_parts(header: str) -> list[str]:
    """The parts of a dotted table header, unquoted (``fuels . "a b"`` -> ``["fuels", "a b"]``)."""
    parts, buf, quote = [], "", None
    for ch in header:
        if quote is not None:
            if ch == quote:
                quote = None
            else:
                buf += ch
        elif ch in "\"'":
            quote = ch
        elif ch == ".":
            parts.append(buf)
            buf = ""
        elif not ch.isspace():
            buf += ch
    return [*parts, buf]


class Lines:
    """Where each table and key of a TOML text is (tomllib gives no positions).

    Tables are named by :func:`table_key`; a sub-table of an array entry
    (``[gensets.derating]`` after the second ``[[gensets]]``) has that entry's index.
    """

    _HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
    _KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+|\"[^\"]*\")\s*=")

    def __init__(self, text: str):
        self.tables: dict[tuple[str, int], int] = {}
        self.keys: dict[tuple[str, int, str], int] = {}
        counts: dict[str, int] = {}
        current, index = "", 0
        for number, line in enumerate(text.splitlines(), start=1):
            m = self._HEADER.match(line)
            if m:
                parts = _header_parts(m.group(2))
                current = table_key(*parts)
                if m.group(1) == "[[":
                    index = counts.get(current, -1) + 1
                    counts[current] = index
                else:
                    parents = (table_key(*parts[:n]) for n in range(len(parts) - 1, 0, -1))
                    index = next((counts[p] for p in parents if p in counts), 0)
                self.tables.setdefault((current, index), number)
                continue
            k = self._KEY.match(line)
            if k:
                key = k.group(1).strip('"')
                self.keys.setdefault((current, index, key), number)

    def line(self, table: str, key: str | None = None, index: int = 0) -> int | None:
        if key is not None:
            n = self.keys.get((table, index, key))
            if n is not None:
                return n
        return self.tables.get((table, index))


@dataclass(frozen=True)
class Context:
    """A scenario file's name and line index: locates every error in the file."""

    path: str
    lines: Lines

    def where(self, table: str, key: str | None = None, index: int | None = None, *,
              label: str | None = None) -> str:
        """``file, line N: [table] key``; ``label`` names the table instead (e.g.
        ``[gensets.derating] of [[gensets]] #2``)."""
        n = self.lines.line(table, key, index or 0)
        name = label or (f"[{table}]" if index is None else f"[[{table}]] #{index + 1}")
        loc = f"{self.path}, line {n}" if n else self.path
        return f"{loc}: {name}" + (f" {key}" if key else "")

    def error(self, table, key, message, fix, index=None, *, label=None) -> InputError:
        return InputError(f"{self.where(table, key, index, label=label)} {message}. Fix: {fix}")

    def locate(self, exc: InputError, table: str, keys=(), index=None,
               default: str | None = None, *, label: str | None = None) -> InputError:
        """``exc`` located in the file: at the first of ``keys`` its message names.

        An error already located in this file is returned unchanged (never a
        doubled prefix).
        """
        text = str(exc)
        if text.startswith(f"{self.path}:") or text.startswith(f"{self.path}, line"):
            return exc
        key = next((k for k in keys if re.search(rf"\b{re.escape(str(k))}\b", text)), default)
        return InputError(f"{self.where(table, key, index, label=label)}: {text}")


def type_name(t) -> str:
    """The TOML type(s) ``t`` in words, for messages."""
    if isinstance(t, tuple):
        return " or ".join(type_name(x) for x in t)
    return {str: "a string", int: "a whole number", float: "a number", bool: "true or false",
            list: "an array", dict: "a table"}.get(t, getattr(t, "__name__", str(t)))


def type_ok(value, t) -> bool:
    """Whether a TOML value has one of the accepted types (a whole number is a number)."""
    if isinstance(t, tuple):
        return any(type_ok(value, x) for x in t)
    if t is float:
        return is_number(value)
    if t is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, t)


def expected_types(annotation, default):
    """Accepted TOML types of a field from its annotation text and default."""
    text = str(annotation)
    kinds: list[type] = []
    if "bool" in text:
        kinds.append(bool)
    if "float" in text:
        kinds.append(float)
    elif "int" in text:
        kinds.append(int)
    if "str" in text:
        kinds.append(str)
    if any(s in text for s in ("tuple", "Sequence", "list", "dict", "DataFrame")):
        kinds += [list, dict]
    if not kinds and default is not None and default is not inspect.Parameter.empty:
        kinds.append(type(default))
    return tuple(kinds) if kinds else None


def dataclass_spec(cls) -> dict[str, tuple | None]:
    """Accepted TOML types of each field of a dataclass."""
    return {f.name: expected_types(f.type, f.default if f.default is not dataclasses.MISSING
                              else None) for f in dataclasses.fields(cls)}


def required_fields(cls) -> list[str]:
    """Fields of a dataclass without a default."""
    return [f.name for f in dataclasses.fields(cls)
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]


def function_spec(func, skip=()) -> dict[str, tuple | None]:
    """Accepted TOML types of the keyword-only options of a function."""
    sig = inspect.signature(func)
    return {n: expected_types(p.annotation, p.default) for n, p in sig.parameters.items()
            if p.kind == p.KEYWORD_ONLY and n not in skip}


def check_table(ctx: Context, table: str, data, spec: dict, *, index=None,
                 subtables: tuple[str, ...] = (), label: str | None = None) -> dict:
    """Unknown keys (with suggestions) and wrong types; returns the non-subtable keys."""
    name = label or f"[{table}]"
    if not isinstance(data, dict):
        raise ctx.error(table, None, f"must be a table, not {type(data).__name__}",
                        f"write it as {name} with key = value lines", index, label=label)
    known = list(spec) + list(subtables)
    out = {}
    for key, value in data.items():
        if key in subtables:
            continue
        if key not in spec:
            close = difflib.get_close_matches(key, known, n=3, cutoff=0.6)
            hint = (f"did you mean {' or '.join(repr(c) for c in close)}? " if close else "")
            raise ctx.error(table, key, "is not a known key",
                            f"{hint}known keys of {name}: {', '.join(sorted(known))}", index,
                            label=label)
        kinds = spec[key]
        if kinds is not None and not type_ok(value, kinds):
            raise ctx.error(table, key, f"= {value!r} has the wrong type "
                            f"({type(value).__name__})", f"give {type_name(kinds)}", index,
                            label=label)
        out[key] = value
    return out


def build(ctx: Context, table: str, cls, kwargs: dict, index=None, *, keys=None):
    """``cls(**kwargs)``, its InputError located in the file (at the first of ``keys``,
    default those of ``kwargs``, that the message names)."""
    missing = ([k for k in required_fields(cls) if k not in kwargs]
               if dataclasses.is_dataclass(cls) else [])
    if missing:
        raise ctx.error(table, None, f"is missing {', '.join(missing)}",
                        f"add {' and '.join(f'{m} = ...' for m in missing)} to [{table}]",
                        index)
    try:
        return cls(**kwargs)
    except InputError as exc:
        raise ctx.locate(exc, table, kwargs if keys is None else keys, index) from None
    except TypeError as exc:
        raise ctx.error(table, None, f"could not be used: {exc}", "check the keys", index) \
            from None


def tuplify(value):
    """TOML arrays (lists) as tuples, recursively (frozen dataclasses take tuples)."""
    if isinstance(value, list):
        return tuple(tuplify(v) for v in value)
    return value


def validate(data: dict, ctx: Context) -> None:
    """Check tables, keys and types of a parsed scenario."""
    from .. import mine as _mine
    from ..components import Battery, Dispatch, GensetFleet, Project, PVPlant, WindPlant
    from ..generation import genset_derating, pv_profile, wind_profile
    from ..load import read_load
    from ..weather import Site, read_weather, synthetic_weather
    from .haul import validate_haul_fleet
    from .logistics import validate_fuel_supply
    from .plant import validate_plant
    from .sensitivity import validate_sensitivity
    from .shedding import validate_shedding
    from .soiling import validate_soiling
    from .years import validate_weather_years

    for key in data:
        if key not in TABLES:
            close = difflib.get_close_matches(key, TABLES, n=2, cutoff=0.6)
            hint = f"did you mean [{close[0]}]? " if close else ""
            if key == "merit_order":
                hint = "merit_order is a key of [dispatch]: "
            raise ctx.error(key, None, "is not a known table",
                            f"{hint}known tables: {', '.join(TABLES)}")
        if key == "gensets":
            continue  # an array of tables: validate_plant checks it
        if not isinstance(data[key], dict):
            hint = (" (a plant of several genset types is [[gensets]], one table per type)"
                    if key == "genset" else "")
            raise ctx.error(key, None, f"must be a table, not {type(data[key]).__name__}",
                            f"write it as [{key}] with key = value lines below it{hint}")
    check_table(ctx, "study", data.get("study", {}), dict(STUDY_KEYS))
    if "site" in data:
        check_table(ctx, "site", data["site"], dataclass_spec(Site))
    w = data.get("weather", {})
    source = w.get("source", "synthetic") if isinstance(w, dict) else None
    if source not in WEATHER_SOURCES:
        raise ctx.error("weather", "source", f"= {source!r} is not one of {WEATHER_SOURCES}",
                        'use source = "synthetic" (with seed) or source = "file" (with path)')
    if source == "synthetic":
        spec = function_spec(synthetic_weather)
        spec["seed"] = (int,)
        spec["calibrate_from"] = (str,)  # a weather file near the site
    else:
        spec = function_spec(read_weather)
        spec.pop("site")  # the site is [site]
        spec["format"] = (str,)
        spec["path"] = (str,)
        if "path" not in w:
            raise ctx.error("weather", None, "is missing path", 'add path = "site.epw"')
    if isinstance(w, dict) and "site" in w:
        raise ctx.error("weather", "site", "is not a key of [weather]",
                        "put the site's fields (latitude_deg, longitude_deg, altitude_m, tz) "
                        "in a [site] table")
    spec["source"] = (str,)
    check_table(ctx, "weather", w, spec)
    ld = data.get("load", {})
    lsource = ld.get("source", "example") if isinstance(ld, dict) else None
    if lsource not in LOAD_SOURCES:
        raise ctx.error("load", "source", f"= {lsource!r} is not one of {LOAD_SOURCES}",
                        'use "example" (bundled mine), "file" (metered data) or "areas"')
    common = {"source": (str,), "scale": (float,), "seed": (int,)}
    if lsource == "example":
        check_table(ctx, "load", ld, dict(common, example=(str,)))
        ex = ld.get("example", "gold_mine")
        if ex not in EXAMPLE_MINES:
            close = difflib.get_close_matches(ex, list(EXAMPLE_MINES), n=1)
            raise ctx.error("load", "example", f"= {ex!r} is not a bundled example mine",
                            (f"did you mean {close[0]!r}? " if close else "")
                            + f"pick one of {list(EXAMPLE_MINES)}")
    elif lsource == "file":
        spec = dict(function_spec(read_load), **common, path=(str,))
        check_table(ctx, "load", ld, spec)
        if "path" not in ld:
            raise ctx.error("load", None, "is missing path", 'add path = "meter.csv"')
    else:
        check_table(ctx, "load", ld, common, subtables=("areas", "calendar"))
        areas = ld.get("areas")
        if not isinstance(areas, list) or not areas:
            raise ctx.error("load", None, 'has source = "areas" but no [[load.areas]] tables',
                            "add one [[load.areas]] table per process area "
                            "(name, kind, installed_kw)")
        for i, a in enumerate(areas):
            check_table(ctx, "load.areas", a, dataclass_spec(_mine.ProcessArea), index=i)
        cal = ld.get("calendar", {})
        check_table(ctx, "load.calendar", cal, dataclass_spec(_mine.OperatingCalendar),
                     subtables=("maintenance", "shutdowns"))
        for sub, cls in (("maintenance", _mine.MaintenanceWindow),
                         ("shutdowns", _mine.Shutdown)):
            for i, item in enumerate(cal.get(sub, [])):
                check_table(ctx, f"load.calendar.{sub}", item, dataclass_spec(cls), index=i)
    comps = {"pv": (PVPlant, function_spec(pv_profile, skip=("soiling",))),
             "wind": (WindPlant, function_spec(wind_profile)),
             "battery": (Battery, {}), "genset": (GensetFleet, {"fuel": (str,)}),
             "dispatch": (Dispatch, {"merit_order": (str,)}), "project": (Project, {})}
    for name, (cls, extra) in comps.items():
        if name in data:
            spec = dict(dataclass_spec(cls), **extra)
            subs = {"genset": ("derating",), "pv": ("soiling",)}.get(name, ())
            check_table(ctx, name, data[name], spec, subtables=subs)
    motors = data.get("dispatch", {}).get("motor_starts", [])
    if not isinstance(motors, list):
        raise ctx.error("dispatch", "motor_starts", "must be an array of tables",
                        "write one [[dispatch.motor_starts]] table per drive (name, rated_kw)")
    from ..components import MotorStart

    for i, m in enumerate(motors):
        check_table(ctx, "dispatch.motor_starts", m, dataclass_spec(MotorStart), index=i)
    der = data.get("genset", {}).get("derating")
    if der is not None:
        check_table(ctx, "genset.derating", der, function_spec(genset_derating))
    validate_plant(data, ctx)
    if "sizing" in data:
        check_table(ctx, "sizing", data["sizing"], dict(SIZING_KEYS))
    validate_sensitivity(data, ctx)
    validate_fuel_supply(data, ctx)
    validate_haul_fleet(data, ctx)
    validate_soiling(data, ctx)
    validate_weather_years(data, ctx)
    validate_shedding(data, ctx)
