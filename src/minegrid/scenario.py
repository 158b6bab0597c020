"""Scenario files: a whole study in one TOML file.

A scenario names the site, where the weather comes from (a file or
generated), the load (metered data, a bundled example mine, or process areas
and an operating calendar), the components and their costs, the finance, the
dispatch rules, and for sizing the design space and the requirements::

    [study]
    name = "Andean gold mine"
    year = 2023

    [site]
    latitude_deg = -26.95
    longitude_deg = -69.25
    altitude_m = 4200
    tz = "Etc/GMT+4"

    [weather]
    source = "synthetic"        # or "file" with path = "site.epw"
    seed = 2026

    [load]
    source = "example"          # or "file" (path = "meter.csv") or "areas"
    example = "gold_mine"

    [pv]                        # PVPlant fields + pv_profile options
    rated_kw = 6000
    tracking = "single_axis"

    [project]
    lifetime_years = 15
    discount_rate = 0.08

Tables and keys (the unit is in each key's name):

``[study]``
    ``name``, ``title`` (report title), ``year`` (calendar year of the hourly
    index, default 2023), ``description``.
``[site]``
    The fields of :class:`minegrid.Site`. Required for synthetic weather; for
    a weather file it overrides the file's metadata.
``[weather]``
    ``source = "synthetic"`` with ``seed`` and the options of
    :func:`minegrid.synthetic_weather` (``monthly_clearness``, ...), or
    ``source = "file"`` with ``path`` (relative to the scenario file) and the
    options of :func:`minegrid.read_weather` (``format``, ``max_fill_steps``, ...).
``[load]``
    ``source = "example"`` with ``example`` (``"gold_mine"`` or
    ``"copper_concentrator"``) and ``seed``; ``source = "file"`` with
    ``path`` and the options of :func:`minegrid.read_load` (``column``,
    ``unit``, ...); or ``source = "areas"`` with ``[[load.areas]]`` tables
    (fields of :class:`minegrid.ProcessArea`), an optional
    ``[load.calendar]`` (fields of :class:`minegrid.OperatingCalendar`, with
    ``[[load.calendar.maintenance]]`` and ``[[load.calendar.shutdowns]]``)
    and ``seed``. ``scale`` multiplies the load (default 1).
``[pv]``, ``[wind]``, ``[battery]``, ``[genset]``, ``[dispatch]``, ``[project]``
    The fields of :class:`minegrid.PVPlant`, :class:`~minegrid.WindPlant`,
    :class:`~minegrid.Battery`, :class:`~minegrid.GensetFleet`,
    :class:`~minegrid.Dispatch` and :class:`~minegrid.Project`. ``[pv]`` also
    takes the options of :func:`minegrid.pv_profile` (``tracking``,
    ``tilt_deg``, ...); ``[wind]`` those of :func:`minegrid.wind_profile`
    (``turbine_type``, ``hub_height_m``, ...; ``turbine_rated_kw`` defaults to
    the library turbine's rating); ``[genset.derating]`` the options of
    :func:`minegrid.genset_derating` (``rule``, ``engine``, ...). A missing
    component table means no such component.
``[design_space]``, ``[requirements]``, ``[sizing]``
    For ``minegrid run --size``: the fields of :class:`minegrid.DesignSpace`
    (a range is a two-element array, ``pv_kw = [0, 15000]``),
    :class:`minegrid.Requirements`, and options of :func:`minegrid.size`
    (``method``, ``maxiter``, ``popsize``, ``seed``, ``objective``).

Every problem raises :class:`~minegrid.errors.InputError` naming the file,
the line, the table and key, and the fix; an unknown key suggests the
closest known ones.

Examples
--------
>>> import minegrid as mg
>>> sc = mg.load_scenario(mg.scenario.bundled("andean_gold_mine"))
>>> sc.name
'andean_gold_mine'
"""

from __future__ import annotations

import dataclasses
import difflib
import inspect
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError

__all__ = ["Scenario", "load_scenario", "parse_scenario", "bundled", "bundled_scenarios"]

_DATA = Path(__file__).resolve().parent / "data"

_TOP = ("study", "site", "weather", "load", "pv", "wind", "battery", "genset", "dispatch",
        "project", "design_space", "requirements", "sizing")
_STUDY_KEYS = {"name": str, "title": str, "year": int, "description": str}
_WEATHER_SOURCES = ("synthetic", "file")
_LOAD_SOURCES = ("example", "file", "areas")
_EXAMPLES = {"gold_mine": "example_gold_mine",
             "copper_concentrator": "example_copper_concentrator"}
_SIZING_KEYS = {"method": str, "objective": str, "maxiter": int, "popsize": int, "seed": int,
                "tol": float, "polish": bool, "grid": (int, dict), "max_designs": int,
                "threads": int}


def bundled_scenarios() -> list[str]:
    """Names of the scenario files shipped with minegrid (``minegrid/data/*.toml``)."""
    return sorted(p.stem for p in _DATA.glob("*.toml"))


def bundled(name: str) -> Path:
    """Path of a bundled scenario file, e.g. ``bundled("andean_gold_mine")``.

    Raises
    ------
    InputError
        Unknown name (with the closest names).
    """
    path = _DATA / f"{name}.toml"
    if not path.is_file():
        names = bundled_scenarios()
        close = difflib.get_close_matches(str(name), names, n=3)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise InputError(f"bundled scenario {name!r} does not exist. Fix: {hint}"
                         f"pick one of {names}.")
    return path


# ----------------------------------------------------------------------------- locations


class _Lines:
    """Where each table and key of a TOML text is (tomllib gives no positions)."""

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
                current = m.group(2).replace(" ", "").replace('"', "")
                if m.group(1) == "[[":
                    index = counts.get(current, -1) + 1
                    counts[current] = index
                else:
                    index = 0
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
class _Ctx:
    path: str
    lines: _Lines

    def where(self, table: str, key: str | None = None, index: int | None = None) -> str:
        n = self.lines.line(table, key, index or 0)
        name = f"[{table}]" if index is None else f"[[{table}]] #{index + 1}"
        loc = f"{self.path}, line {n}" if n else self.path
        return f"{loc}: {name}" + (f" {key}" if key else "")

    def error(self, table, key, message, fix, index=None) -> InputError:
        return InputError(f"{self.where(table, key, index)} {message}. Fix: {fix}")


def _type_name(t) -> str:
    if isinstance(t, tuple):
        return " or ".join(_type_name(x) for x in t)
    return {str: "a string", int: "a whole number", float: "a number", bool: "true or false",
            list: "an array", dict: "a table"}.get(t, getattr(t, "__name__", str(t)))


def _type_ok(value, t) -> bool:
    if isinstance(t, tuple):
        return any(_type_ok(value, x) for x in t)
    if t is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if t is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, t)


def _expected(annotation, default):
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


def _dataclass_spec(cls) -> dict[str, tuple | None]:
    return {f.name: _expected(f.type, f.default if f.default is not dataclasses.MISSING
                              else None) for f in dataclasses.fields(cls)}


def _required(cls) -> list[str]:
    return [f.name for f in dataclasses.fields(cls)
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]


def _function_spec(func, skip=()) -> dict[str, tuple | None]:
    sig = inspect.signature(func)
    return {n: _expected(p.annotation, p.default) for n, p in sig.parameters.items()
            if p.kind == p.KEYWORD_ONLY and n not in skip}


def _check_table(ctx: _Ctx, table: str, data, spec: dict, *, index=None,
                 subtables: tuple[str, ...] = ()) -> dict:
    """Unknown keys (with suggestions) and wrong types; returns the non-subtable keys."""
    if not isinstance(data, dict):
        raise ctx.error(table, None, f"must be a table, not {type(data).__name__}",
                        f"write it as [{table}] with key = value lines", index)
    known = list(spec) + list(subtables)
    out = {}
    for key, value in data.items():
        if key in subtables:
            continue
        if key not in spec:
            close = difflib.get_close_matches(key, known, n=3, cutoff=0.6)
            hint = (f"did you mean {' or '.join(repr(c) for c in close)}? " if close else "")
            raise ctx.error(table, key, "is not a known key",
                            f"{hint}known keys of [{table}]: {', '.join(sorted(known))}", index)
        kinds = spec[key]
        if kinds is not None and not _type_ok(value, kinds):
            raise ctx.error(table, key, f"= {value!r} has the wrong type "
                            f"({type(value).__name__})", f"give {_type_name(kinds)}", index)
        out[key] = value
    return out


def _build(ctx: _Ctx, table: str, cls, kwargs: dict, index=None):
    """``cls(**kwargs)``, its InputError located in the file."""
    missing = [k for k in _required(cls) if k not in kwargs] if dataclasses.is_dataclass(cls) \
        else []
    if missing:
        raise ctx.error(table, None, f"is missing {', '.join(missing)}",
                        f"add {' and '.join(f'{m} = ...' for m in missing)} to [{table}]",
                        index)
    try:
        return cls(**kwargs)
    except InputError as exc:
        key = next((k for k in kwargs if re.search(rf"\b{re.escape(k)}\b", str(exc))), None)
        raise InputError(f"{ctx.where(table, key, index)}: {exc}") from None
    except TypeError as exc:
        raise ctx.error(table, None, f"could not be used: {exc}", "check the keys", index) \
            from None


def _tuplify(value):
    if isinstance(value, list):
        return tuple(_tuplify(v) for v in value)
    return value


# ----------------------------------------------------------------------------- scenario


@dataclass(frozen=True, eq=False)
class Scenario:
    """A study read from a TOML scenario file (see the module docstring for the format).

    Attributes
    ----------
    data : dict
        The parsed, checked TOML content.
    path : pathlib.Path or None
        The file it came from (relative paths in it are resolved from its folder).
    name : str
        ``[study] name``, or the file's stem.
    title : str
        Report title.
    """

    data: dict
    path: Path | None = None
    name: str = "scenario"
    title: str = "Hybrid power system study"
    _ctx: _Ctx | None = field(default=None, repr=False)

    @property
    def year(self) -> int:
        """Calendar year of the hourly index. [year]"""
        return int(self.data.get("study", {}).get("year", 2023))

    @property
    def can_size(self) -> bool:
        """True when the scenario has a ``[design_space]`` table."""
        return "design_space" in self.data

    def _resolve(self, p: str) -> Path:
        path = Path(p)
        if not path.is_absolute() and self.path is not None:
            path = self.path.parent / path
        return path

    # ------------------------------------------------------------------ pieces
    def site(self):
        """The :class:`minegrid.Site` of ``[site]`` (None without that table)."""
        from .weather import Site

        if "site" not in self.data:
            return None
        return _build(self._ctx, "site", Site, dict(self.data["site"]))

    def weather(self):
        """``(weather, site)``: the hourly weather frame and its site."""
        from .weather import read_weather, synthetic_weather

        w = dict(self.data.get("weather", {"source": "synthetic"}))
        source = w.pop("source", "synthetic")
        site = self.site()
        ctx = self._ctx
        if source == "synthetic":
            if site is None:
                raise ctx.error("site", None, "is missing (synthetic weather needs the site)",
                                "add [site] with latitude_deg, longitude_deg, altitude_m, tz")
            w.setdefault("year", self.year)
            for key in ("monthly_clearness", "monthly_wind_speed_m_s", "monthly_temp_air_c"):
                if key in w:
                    w[key] = list(w[key])
            try:
                return synthetic_weather(site, **w), site
            except InputError as exc:
                key = next((k for k in w if k in str(exc)), None)
                raise InputError(f"{ctx.where('weather', key)}: {exc}") from None
        path = self._resolve(w.pop("path"))
        try:
            weather, file_site = read_weather(path, site=site, **w)
        except InputError as exc:
            raise InputError(f"{ctx.where('weather', 'path')}: {exc}") from None
        return weather, site if site is not None else file_site

    def load(self, index, site):
        """The load on the weather's ``index``. [kW]"""
        from . import mine as _mine
        from .load import align_to, read_load

        ld = dict(self.data.get("load", {}))
        source = ld.pop("source", "example")
        scale = float(ld.pop("scale", 1.0))
        seed = ld.pop("seed", 0)
        ctx = self._ctx
        try:
            if source == "example":
                mine = getattr(_mine, _EXAMPLES[ld.pop("example", "gold_mine")])()
                load = mine.build(self.year, tz=site.tz, seed=seed)
            elif source == "file":
                path = self._resolve(ld.pop("path"))
                ld.setdefault("tz", site.tz)
                load = read_load(path, **ld)
            else:
                mine = self._mine()
                load = mine.build(self.year, tz=site.tz, seed=seed)
        except InputError as exc:
            raise InputError(f"{ctx.where('load')}: {exc}") from None
        if len(load) == len(index) and (load.index == index).all():
            pass
        elif len(load) == len(index) and source != "file":
            load = load.set_axis(index)
        else:
            try:
                load = align_to(load, index)
            except InputError as exc:
                raise InputError(f"{ctx.where('load')}: {exc}") from None
        return load * scale

    def _mine(self):
        from .mine import MaintenanceWindow, MineLoad, OperatingCalendar, ProcessArea, Shutdown

        ctx = self._ctx
        ld = self.data["load"]
        areas = [_build(ctx, "load.areas", ProcessArea, dict(a), index=i)
                 for i, a in enumerate(ld["areas"])]
        cal = dict(ld.get("calendar", {}))
        maint = [_build(ctx, "load.calendar.maintenance", MaintenanceWindow,
                        {k: _tuplify(v) for k, v in m.items()}, index=i)
                 for i, m in enumerate(cal.pop("maintenance", []))]
        shut = [_build(ctx, "load.calendar.shutdowns", Shutdown,
                       {k: _tuplify(v) for k, v in s.items()}, index=i)
                for i, s in enumerate(cal.pop("shutdowns", []))]
        cal = {k: _tuplify(v) for k, v in cal.items()}
        calendar = _build(ctx, "load.calendar", OperatingCalendar,
                          dict(cal, maintenance=tuple(maint), shutdowns=tuple(shut)))
        return _build(ctx, "load", MineLoad,
                      {"areas": tuple(areas), "calendar": calendar,
                       "name": self.name})

    def system(self):
        """The :class:`minegrid.System` of the component tables."""
        from .components import Battery, Dispatch, GensetFleet, PVPlant, System, WindPlant

        ctx = self._ctx
        d = self.data
        parts = {}
        for name, cls in (("pv", PVPlant), ("wind", WindPlant), ("battery", Battery),
                          ("genset", GensetFleet), ("dispatch", Dispatch)):
            if name not in d:
                continue
            fields_ = {f.name for f in dataclasses.fields(cls)}
            kwargs = {k: v for k, v in d[name].items() if k in fields_}
            if name == "wind" and "turbine_rated_kw" not in kwargs and "turbine_type" in d[name]:
                from .generation import turbine_rated_kw

                kwargs["turbine_rated_kw"] = turbine_rated_kw(d[name]["turbine_type"])
            parts[name] = _build(ctx, name, cls, kwargs)
        return System(**parts)

    def project(self):
        """The :class:`minegrid.Project` of ``[project]``."""
        from .components import Project

        return _build(self._ctx, "project", Project, dict(self.data.get("project", {})))

    # ------------------------------------------------------------------ whole study
    def build(self):
        """Weather, load, profiles, system and project of the study.

        Returns
        -------
        minegrid.datasets.Example
            With ``site``, ``weather``, ``load_kw``, ``pv_kw_per_kw``,
            ``wind_kw_per_turbine``, ``genset_availability``, ``profiles``,
            ``system`` and ``project``.
        """
        import numpy as np
        import pandas as pd

        from .components import PVPlant, WindPlant
        from .datasets import Example
        from .dispatch import Profiles
        from .generation import genset_derating, pv_profile, wind_profile

        ctx = self._ctx
        system = self.system()
        project = self.project()
        weather, site = self.weather()
        load = self.load(weather.index, site)
        d = self.data
        pv_opts = {k: v for k, v in d.get("pv", {}).items()
                   if k not in {f.name for f in dataclasses.fields(PVPlant)}}
        wind_opts = {k: v for k, v in d.get("wind", {}).items()
                     if k not in {f.name for f in dataclasses.fields(WindPlant)}}
        zeros = pd.Series(np.zeros(len(weather)), index=weather.index)
        try:
            pv = pv_profile(weather, site, **pv_opts) if "pv" in d else zeros
        except InputError as exc:
            raise InputError(f"{ctx.where('pv')}: {exc}") from None
        turbine = wind_opts.get("turbine_type", "")
        if "wind" in d:
            if "hub_height_m" not in wind_opts:
                raise ctx.error("wind", None, "is missing hub_height_m",
                                "add hub_height_m = 80 (the turbine's hub height in m)")
            if "power_curve" in wind_opts:
                wind_opts["power_curve"] = dict(wind_opts["power_curve"])
            try:
                wind = wind_profile(weather, **wind_opts)
            except InputError as exc:
                raise InputError(f"{ctx.where('wind')}: {exc}") from None
        else:
            wind = zeros
        der = dict(d.get("genset", {}).get("derating", {}))
        try:
            derate = genset_derating(weather, site, **der)
        except InputError as exc:
            raise InputError(f"{ctx.where('genset.derating')}: {exc}") from None
        profiles = Profiles(load_kw=load, pv_kw_per_kw=pv, wind_kw_per_turbine=wind,
                            genset_availability=derate)
        return Example(name=self.name, description=d.get("study", {}).get("description", ""),
                       site=site, weather=weather, load_kw=load, pv_kw_per_kw=pv,
                       wind_kw_per_turbine=wind, genset_availability=derate,
                       profiles=profiles, system=system, project=project,
                       turbine_type=turbine)

    def run(self, *, dispatch: bool = True, built=None):
        """Simulate the scenario's system (and its diesel-only base case).

        Parameters
        ----------
        dispatch : bool
            Keep the hourly dispatch (``result.dispatch``).
        built : minegrid.datasets.Example, optional
            The output of :meth:`build`, to avoid building twice.

        Returns
        -------
        SimulationResult
        """
        from .simulation import simulate

        b = self.build() if built is None else built
        return simulate(b.system, b.profiles, project=b.project, dispatch=dispatch)

    def design_space(self):
        """The :class:`minegrid.DesignSpace` of ``[design_space]``."""
        from .sizing import DesignSpace

        ctx = self._ctx
        if "design_space" not in self.data:
            raise ctx.error("design_space", None, "is missing (sizing needs it)",
                            "add [design_space] with ranges, e.g. pv_kw = [0, 15000]")
        kwargs = {k: tuple(v) if isinstance(v, list) else v
                  for k, v in self.data["design_space"].items()}
        _check_table(ctx, "design_space", kwargs, {f.name: None for f in
                                                   dataclasses.fields(DesignSpace)})
        return _build(ctx, "design_space", DesignSpace, kwargs)

    def requirements(self):
        """The :class:`minegrid.Requirements` of ``[requirements]``."""
        from .sizing import Requirements

        ctx = self._ctx
        data = dict(self.data.get("requirements", {}))
        _check_table(ctx, "requirements", data, _dataclass_spec(Requirements))
        return _build(ctx, "requirements", Requirements, data)

    def size(self, *, built=None, progress=True, **options):
        """Size the system over ``[design_space]`` with ``[requirements]`` (needs minegrid.sizing).

        Parameters
        ----------
        built : minegrid.datasets.Example, optional
            The output of :meth:`build`.
        progress : bool or object
            Passed to :func:`minegrid.size`.
        **options
            Override ``[sizing]`` options of :func:`minegrid.size`.

        Returns
        -------
        SizingResult
        """
        from .sizing import size

        b = self.build() if built is None else built
        opts = dict(self.data.get("sizing", {}))
        opts.update(options)
        try:
            return size(b.system, b.profiles, self.design_space(), self.requirements(),
                        project=b.project, progress=progress, **opts)
        except InputError as exc:
            raise InputError(f"{self._ctx.where('sizing')}: {exc}") from None

    def assumptions(self, built=None) -> dict[str, str]:
        """Study-level rows for the report's assumptions table."""
        d = self.data
        rows: dict[str, str] = {"Scenario": self.name}
        if self.path is not None:
            rows["Scenario file"] = self.path.name
        if built is not None and built.site is not None:
            s = built.site
            rows["Site"] = (f"{s.name + ', ' if s.name else ''}{s.latitude_deg:.3f}°, "
                            f"{s.longitude_deg:.3f}°, {s.altitude_m:,.0f} m, {s.tz}")
        w = d.get("weather", {"source": "synthetic"})
        if w.get("source", "synthetic") == "synthetic":
            rows["Weather"] = f"synthetic (minegrid.synthetic_weather), seed {w.get('seed')}"
        else:
            rows["Weather"] = f"file {w.get('path')}"
        ld = d.get("load", {})
        src = ld.get("source", "example")
        if src == "example":
            ex = ld.get("example", "gold_mine")
            rows["Load"] = f"example mine '{ex}', seed {ld.get('seed', 0)}"
        elif src == "file":
            rows["Load"] = f"metered data {ld.get('path')}"
        else:
            rows["Load"] = f"{len(ld.get('areas', []))} process areas and an operating calendar"
        if "scale" in ld:
            rows["Load"] += f", scaled by {ld['scale']}"
        if built is not None:
            rows["Load (mean / peak)"] = (f"{built.load_kw.mean():,.0f} / "
                                          f"{built.load_kw.max():,.0f} kW")
            rows["Genset derating (mean / worst)"] = (
                f"{float(built.genset_availability.mean()):.3f} / "
                f"{float(built.genset_availability.min()):.3f} of rating")
            if "pv" in d:
                rows["PV yield"] = f"{float(built.pv_kw_per_kw.sum()):,.0f} kWh/kWp/yr " \
                                   f"({d['pv'].get('tracking', 'fixed')})"
            if "wind" in d and built.system.wind is not None:
                cf = float(built.wind_kw_per_turbine.mean()) / built.system.wind.turbine_rated_kw
                rows["Wind turbine"] = (f"{d['wind'].get('turbine_type', 'custom curve')}, hub "
                                        f"{d['wind'].get('hub_height_m')} m, capacity factor "
                                        f"{cf:.3f} (density-corrected)")
        rows["Calendar year"] = str(self.year)
        return rows


def _validate(data: dict, ctx: _Ctx) -> None:
    """Check tables, keys and types of a parsed scenario."""
    from . import mine as _mine
    from .components import Battery, Dispatch, GensetFleet, Project, PVPlant, WindPlant
    from .generation import genset_derating, pv_profile, wind_profile
    from .load import read_load
    from .weather import Site, read_weather, synthetic_weather

    for key in data:
        if key not in _TOP:
            close = difflib.get_close_matches(key, _TOP, n=2, cutoff=0.6)
            hint = f"did you mean [{close[0]}]? " if close else ""
            raise ctx.error(key, None, "is not a known table",
                            f"{hint}known tables: {', '.join(_TOP)}")
    _check_table(ctx, "study", data.get("study", {}), dict(_STUDY_KEYS))
    if "site" in data:
        _check_table(ctx, "site", data["site"], _dataclass_spec(Site))
    w = data.get("weather", {})
    source = w.get("source", "synthetic") if isinstance(w, dict) else None
    if source not in _WEATHER_SOURCES:
        raise ctx.error("weather", "source", f"= {source!r} is not one of {_WEATHER_SOURCES}",
                        'use source = "synthetic" (with seed) or source = "file" (with path)')
    if source == "synthetic":
        spec = _function_spec(synthetic_weather)
        spec["seed"] = (int,)
    else:
        spec = _function_spec(read_weather)
        spec["path"] = (str,)
        if "path" not in w:
            raise ctx.error("weather", None, "is missing path", 'add path = "site.epw"')
    spec["source"] = (str,)
    _check_table(ctx, "weather", w, spec)
    ld = data.get("load", {})
    lsource = ld.get("source", "example") if isinstance(ld, dict) else None
    if lsource not in _LOAD_SOURCES:
        raise ctx.error("load", "source", f"= {lsource!r} is not one of {_LOAD_SOURCES}",
                        'use "example" (bundled mine), "file" (metered data) or "areas"')
    common = {"source": (str,), "scale": (float,), "seed": (int,)}
    if lsource == "example":
        _check_table(ctx, "load", ld, dict(common, example=(str,)))
        ex = ld.get("example", "gold_mine")
        if ex not in _EXAMPLES:
            close = difflib.get_close_matches(ex, list(_EXAMPLES), n=1)
            raise ctx.error("load", "example", f"= {ex!r} is not a bundled example mine",
                            (f"did you mean {close[0]!r}? " if close else "")
                            + f"pick one of {list(_EXAMPLES)}")
    elif lsource == "file":
        spec = dict(_function_spec(read_load), **common, path=(str,))
        _check_table(ctx, "load", ld, spec)
        if "path" not in ld:
            raise ctx.error("load", None, "is missing path", 'add path = "meter.csv"')
    else:
        _check_table(ctx, "load", ld, common, subtables=("areas", "calendar"))
        areas = ld.get("areas")
        if not isinstance(areas, list) or not areas:
            raise ctx.error("load", None, 'has source = "areas" but no [[load.areas]] tables',
                            "add one [[load.areas]] table per process area "
                            "(name, kind, installed_kw)")
        for i, a in enumerate(areas):
            _check_table(ctx, "load.areas", a, _dataclass_spec(_mine.ProcessArea), index=i)
        cal = ld.get("calendar", {})
        _check_table(ctx, "load.calendar", cal, _dataclass_spec(_mine.OperatingCalendar),
                     subtables=("maintenance", "shutdowns"))
        for sub, cls in (("maintenance", _mine.MaintenanceWindow),
                         ("shutdowns", _mine.Shutdown)):
            for i, item in enumerate(cal.get(sub, [])):
                _check_table(ctx, f"load.calendar.{sub}", item, _dataclass_spec(cls), index=i)
    comps = {"pv": (PVPlant, _function_spec(pv_profile)),
             "wind": (WindPlant, _function_spec(wind_profile)),
             "battery": (Battery, {}), "genset": (GensetFleet, {}),
             "dispatch": (Dispatch, {}), "project": (Project, {})}
    for name, (cls, extra) in comps.items():
        if name in data:
            spec = dict(_dataclass_spec(cls), **extra)
            subs = ("derating",) if name == "genset" else ()
            _check_table(ctx, name, data[name], spec, subtables=subs)
    der = data.get("genset", {}).get("derating")
    if der is not None:
        _check_table(ctx, "genset.derating", der, _function_spec(genset_derating))
    if "sizing" in data:
        _check_table(ctx, "sizing", data["sizing"], dict(_SIZING_KEYS))


def parse_scenario(text: str, *, path: str | Path | None = None) -> Scenario:
    """A :class:`Scenario` from TOML text.

    Parameters
    ----------
    text : str
        TOML content.
    path : str or pathlib.Path, optional
        Where it came from: named in errors, and the folder relative paths
        are resolved from.

    Returns
    -------
    Scenario

    Raises
    ------
    InputError
        Invalid TOML, unknown table or key, wrong type, missing field.
    """
    label = str(path) if path is not None else "<scenario>"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{label}: not valid TOML: {exc}. Fix: check the quoting, brackets "
                         "and commas on that line (strings need quotes, tables [name]).") \
            from None
    ctx = _Ctx(label, _Lines(text))
    _validate(data, ctx)
    study = data.get("study", {})
    name = study.get("name") or (Path(path).stem if path is not None else "scenario")
    title = study.get("title") or "Hybrid power system study"
    return Scenario(data=data, path=Path(path).resolve() if path is not None else None,
                    name=name, title=title, _ctx=ctx)


def load_scenario(path: str | Path) -> Scenario:
    """Read and check a TOML scenario file.

    Parameters
    ----------
    path : str or pathlib.Path
        The ``.toml`` file, or the name of a bundled scenario
        (:func:`bundled_scenarios`), e.g. ``"andean_gold_mine"``.

    Returns
    -------
    Scenario

    Raises
    ------
    InputError
        Missing file, invalid TOML, unknown table or key (with the closest
        known ones), wrong type or missing field: the message names the
        file, line, table and key, and the fix.
    """
    p = Path(path)
    if not p.is_file() and p.suffix == "" and (_DATA / f"{p.name}.toml").is_file():
        p = _DATA / f"{p.name}.toml"
    if not p.is_file():
        raise InputError(f"scenario file {str(path)!r} does not exist. Fix: check the path, "
                         f"or name a bundled scenario: {bundled_scenarios()}.")
    return parse_scenario(p.read_text(encoding="utf-8"), path=p)
