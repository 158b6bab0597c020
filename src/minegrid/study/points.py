"""A study's base case and its table of points: parameter names, values and what a point means.

A point overrides some parameters of the :class:`BaseCase`, addressed by name
(see :mod:`minegrid.study`); :func:`resolve_point` turns it into a system, a
project and the key of its profiles, :func:`point_profiles` builds those.
"""

from __future__ import annotations

import difflib
import hashlib
import itertools
import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field, fields

import numpy as np

from ..components import Battery, Dispatch, GensetFleet, Project, PVPlant, System, WindPlant
from ..economics import levelised_price
from ..errors import InputError, check
from ..profiles import Profiles, Resource

__all__ = ["BaseCase", "parameter_names", "as_base", "points_table", "resolve_point",
           "point_profiles", "fingerprint", "plain", "base_value", "SIZE_ALIASES"]


COMPONENT_CLASSES = {"pv": PVPlant, "wind": WindPlant, "battery": Battery, "genset": GensetFleet,
               "dispatch": Dispatch}
CAPEX_FIELDS = {"pv": ("capex_per_kw",), "wind": ("capex_per_kw",),
                 "battery": ("capex_per_kwh", "capex_per_kw"), "genset": ("capex_per_kw",)}
SIZE_ALIASES = {"pv_kw": "pv.rated_kw", "n_turbines": "wind.n_turbines",
                 "battery_kwh": "battery.energy_kwh", "battery_kw": "battery.power_kw",
                 "n_units": "genset.n_units", "unit_kw": "genset.unit_rated_kw"}
LABELS = {"weather_year": "weather_years", "load_variant": "load_variants", "site": "sites",
           "design": "designs", "fuel_price_path": "fuel_price_paths"}
NON_NUMERIC = {"dispatch.strategy"}


# ---------------------------------------------------------------------------------------------
# ingredients: resources per weather year, recipes, the base case
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True, eq=False)
class BaseCase:
    """The base case of a study and the alternatives its points may select.

    Parameters
    ----------
    system : System
        Base design (components, costs, dispatch).
    profiles : minegrid.Profiles
        Base load and per-unit profiles.
    project : Project, optional
        Finance; ``Project()`` when omitted.
    weather_years : mapping, optional
        ``{label: Resource or Profiles}``: alternative PV, wind and derating
        series (the load is kept), selected by the ``weather_year`` parameter.
    load_variants : mapping, optional
        ``{label: load}``: alternative load profiles [kW], selected by ``load_variant``.
    sites : mapping, optional
        ``{label: Profiles}``: each site's own profiles, selected by ``site``.
    designs : mapping, optional
        ``{label: System}``: alternative designs, selected by ``design``.
    fuel_price_paths : mapping, optional
        ``{label: prices}``: one fuel price per project year (or one number),
        selected by ``fuel_price_path``. [currency/L]
    space : minegrid.DesignSpace, optional
        Design space for ``mode="size"``.
    requirements : minegrid.Requirements, optional
        Requirements for ``mode="size"``.
    size_options : dict, optional
        Further keyword arguments of :func:`minegrid.size` (``method``,
        ``seed``, ``maxiter``, ``grid``, ...).
    """

    system: System
    profiles: Profiles
    project: Project | None = None
    weather_years: Mapping = field(default_factory=dict)
    load_variants: Mapping = field(default_factory=dict)
    sites: Mapping = field(default_factory=dict)
    designs: Mapping = field(default_factory=dict)
    fuel_price_paths: Mapping = field(default_factory=dict)
    space: object = None
    requirements: object = None
    size_options: Mapping = field(default_factory=dict)

    def __post_init__(self):
        check(isinstance(self.system, System), "BaseCase.system", type(self.system).__name__,
              "must be a minegrid.System", "pass minegrid.System(...)")
        check(isinstance(self.profiles, Profiles), "BaseCase.profiles",
              type(self.profiles).__name__, "must be a minegrid.Profiles",
              "build one with minegrid.Profiles(load_kw=..., pv_kw_per_kw=...)")
        project = Project() if self.project is None else self.project
        check(isinstance(project, Project), "BaseCase.project", type(project).__name__,
              "must be a minegrid.Project", "pass minegrid.Project(...)")
        object.__setattr__(self, "project", project)
        for name in ("weather_years", "load_variants", "sites", "designs", "fuel_price_paths",
                     "size_options"):
            value = getattr(self, name)
            check(isinstance(value, Mapping), f"BaseCase.{name}", type(value).__name__,
                  "must be a mapping {label: value}", "pass a dict")
        for label, value in self.designs.items():
            check(isinstance(value, System), f"BaseCase.designs[{label!r}]",
                  type(value).__name__, "must be a minegrid.System", "pass Systems")
        for label, value in self.sites.items():
            check(isinstance(value, Profiles), f"BaseCase.sites[{label!r}]",
                  type(value).__name__, "must be a minegrid.Profiles",
                  "compute each site's profiles once (see minegrid.many_sites)")
        for label, value in self.weather_years.items():
            check(isinstance(value, Resource | Profiles),
                  f"BaseCase.weather_years[{label!r}]", type(value).__name__,
                  "must be a Resource or a Profiles", "see ProfileRecipe.resource")

    @classmethod
    def from_example(cls, example, **kwargs) -> BaseCase:
        """A base case from a bundled example (:mod:`minegrid.datasets`)."""
        return cls(system=example.system, profiles=example.profiles, project=example.project,
                   **kwargs)


def as_base(base) -> BaseCase:
    if isinstance(base, BaseCase):
        return base
    if all(hasattr(base, a) for a in ("system", "profiles", "project")):
        return BaseCase.from_example(base)
    raise InputError(f"base = {type(base).__name__} is not a study base case. Fix: pass "
                     "minegrid.study.BaseCase(system=..., profiles=..., project=...) or a "
                     "bundled example such as minegrid.datasets.andean_gold_mine().")


# ---------------------------------------------------------------------------------------------
# parameter names and points
# ---------------------------------------------------------------------------------------------
def parameter_names() -> list[str]:
    """Every parameter name a point may set (see the module docstring)."""
    names = [f"project.{f.name}" for f in fields(Project) if f.name != "currency"]
    for comp, cls in COMPONENT_CLASSES.items():
        names += [f"{comp}.{f.name}" for f in fields(cls)]
    names += [f"capex_multiplier.{c}" for c in (*CAPEX_FIELDS, "all")]
    names += ["load_scale", *SIZE_ALIASES, *LABELS]
    return names


def check_name(name) -> None:
    valid = parameter_names()
    check(isinstance(name, str), "parameter name", name, "must be a string",
          "e.g. 'project.fuel_price_per_l'")
    if name not in valid:
        close = difflib.get_close_matches(name, valid, n=3, cutoff=0.5)
        hint = f"did you mean {' or '.join(repr(c) for c in close)}?" if close else (
            "see minegrid.study.parameter_names() for the list")
        raise InputError(f"parameter name {name!r} is not a study parameter. Fix: {hint}")


def plain(value):
    return value.item() if isinstance(value, np.generic) else value


def check_value(name: str, value) -> None:
    if name in LABELS:
        check(isinstance(value, Hashable), name, value, "must be a label (hashable)",
              "use the keys of the base case's mapping")
        return
    if name in NON_NUMERIC:
        return
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    check(ok and math.isfinite(value), name, value, "must be a finite number",
          "give numbers, e.g. [0.9, 1.1, 1.3]")


def base_value(base: BaseCase, name: str):
    """Value of a parameter in the base case (None for labels: the base profiles/design)."""
    if name in LABELS:
        return None
    if name in ("load_scale",) or name.startswith("capex_multiplier."):
        return 1.0
    name = SIZE_ALIASES.get(name, name)
    group, attr = name.split(".", 1)
    if group == "project":
        return getattr(base.project, attr)
    comp = base.system.dispatch if group == "dispatch" else getattr(base.system,
                                                                    f"{group}_or_zero")
    return getattr(comp, attr)


def _normalise_parameters(parameters) -> dict[str, list]:
    check(isinstance(parameters, Mapping), "parameters", type(parameters).__name__,
          "must be a mapping {name: values} or a DataFrame of points",
          "e.g. {'project.fuel_price_per_l': [0.8, 1.1, 1.4]}")
    check(len(parameters) > 0, "parameters", dict(parameters), "is empty",
          "give at least one parameter and its values")
    out = {}
    for name, values in parameters.items():
        check_name(name)
        if isinstance(values, str) or not isinstance(values, Sequence | np.ndarray):
            if hasattr(values, "tolist"):
                values = values.tolist()
            else:
                raise InputError(f"parameters[{name!r}] = {values!r} must be a list of values. "
                                 f"Fix: e.g. {{{name!r}: [value1, value2]}}.")
        values = [plain(v) for v in values]
        check(len(values) > 0, f"parameters[{name!r}]", values, "is empty",
              "give at least one value")
        for v in values:
            check_value(name, v)
        out[name] = values
    return out


def points_table(base: BaseCase, parameters, kind: str):
    """The table of points (pandas DataFrame, one row per point)."""
    import pandas as pd

    if isinstance(parameters, pd.DataFrame):
        check(len(parameters) > 0 and parameters.shape[1] > 0, "parameters", "empty DataFrame",
              "must hold at least one point and one column", "give a table of points")
        for name in parameters.columns:
            check_name(name)
            for v in parameters[name]:
                v = plain(v)
                if v is None or (isinstance(v, float) and math.isnan(v)):
                    continue  # an empty cell keeps the base value
                check_value(name, v)
        return parameters.reset_index(drop=True)
    params = _normalise_parameters(parameters)
    check(kind in ("one_at_a_time", "full_factorial"), "kind", kind,
          "must be 'one_at_a_time' or 'full_factorial'", "pick one of those")
    names = list(params)
    if kind == "full_factorial":
        rows = [dict(zip(names, combo, strict=True))
                for combo in itertools.product(*params.values())]
        return pd.DataFrame(rows, columns=names)
    base_row = {n: base_value(base, n) for n in names}
    rows = [dict(base_row, varied="base")]
    for n in names:
        for v in params[n]:
            rows.append(dict(base_row, **{n: v}, varied=n))
    return pd.DataFrame(rows, columns=[*names, "varied"])


def label_value(base: BaseCase, name: str, value):
    mapping = getattr(base, LABELS[name])
    if value not in mapping:
        known = list(mapping)[:10]
        raise InputError(f"{name} = {value!r} is not a key of BaseCase.{LABELS[name]} "
                         f"(known: {known}). Fix: add it to the base case or use a known label.")
    return mapping[value]


def resolve_point(base: BaseCase, point: Mapping):
    """A point -> (system, project, profile key)."""
    if "varied" in point:  # one-at-a-time row: only the varied parameter (and the site) apply
        point = {k: v for k, v in point.items() if k in (point["varied"], "site")}
    point = {k: plain(v) for k, v in point.items()}
    # missing values in a table of points (NaN, None) mean "as in the base case"
    point = {k: v for k, v in point.items()
             if v is not None and not (isinstance(v, float) and math.isnan(v))}
    system = base.system
    if "design" in point:
        system = label_value(base, "design", point["design"])
    comp_changes: dict[str, dict] = {}
    project_changes: dict = {}
    multipliers: dict[str, float] = {}
    for name, value in point.items():
        if name in LABELS or name == "load_scale":
            continue
        if name.startswith("capex_multiplier."):
            check(value >= 0, name, value, "must be >= 0", "a multiplier such as 1.2")
            multipliers[name.split(".", 1)[1]] = float(value)
            continue
        target = SIZE_ALIASES.get(name, name)
        group, attr = target.split(".", 1)
        if group == "project":
            project_changes[attr] = value
        else:
            comp_changes.setdefault(group, {})[attr] = value
    bat = comp_changes.get("battery", {})
    if "battery_kwh" in point and "battery_kw" not in point and "power_kw" not in bat:
        # keep the power-to-energy ratios (minegrid.Battery.power_ratios, as everywhere)
        r_c, r_d = system.battery_or_zero.power_ratios
        bat.setdefault("charge_power_kw", point["battery_kwh"] * r_c)
        bat.setdefault("discharge_power_kw", point["battery_kwh"] * r_d)
        bat.setdefault("power_kw", max(bat["charge_power_kw"], bat["discharge_power_kw"]))
    if "power_kw" in bat or "duration_h" in bat:  # derived limits follow the new power
        if "power_kw" not in bat:
            bat["power_kw"] = None
        bat.setdefault("charge_power_kw", None)
        bat.setdefault("discharge_power_kw", None)
    parts = {}
    for group in COMPONENT_CLASSES:
        comp = system.dispatch if group == "dispatch" else getattr(system, group)
        changes = comp_changes.get(group, {})
        mult = multipliers.get(group, 1.0) * multipliers.get("all", 1.0)
        if group == "dispatch":
            mult = 1.0
        if changes or (mult != 1.0 and comp is not None):
            comp = comp if comp is not None else COMPONENT_CLASSES[group]()
            comp = comp.replace(**changes) if changes else comp
            if mult != 1.0:
                comp = comp.replace(**{f: getattr(comp, f) * mult for f in CAPEX_FIELDS[group]})
        parts[group] = comp
    system = System(**parts)
    project = base.project.replace(**project_changes) if project_changes else base.project
    if "fuel_price_path" in point:
        check("fuel_price_per_l" not in project_changes, "fuel_price_path",
              point["fuel_price_path"], "cannot be combined with project.fuel_price_per_l",
              "vary one of the two")
        price = levelised_price(label_value(base, "fuel_price_path", point["fuel_price_path"]),
                                project)
        project = project.replace(fuel_price_per_l=price)
    scale = point.get("load_scale", 1.0)
    check(scale > 0, "load_scale", scale, "must be > 0", "a multiplier such as 1.1")
    key = (point.get("site"), point.get("weather_year"), point.get("load_variant"), float(scale))
    for name, value in zip(("site", "weather_year", "load_variant"), key[:3], strict=True):
        if value is not None:
            label_value(base, name, value)
    return system, project, key


def point_profiles(base: BaseCase, key) -> Profiles:
    """The profiles of a point's key (site, weather year, load variant, load scale)."""
    site, year, variant, scale = key
    p = base.profiles if site is None else base.sites[site]
    if year is None and variant is None and scale == 1.0:
        return p
    res = Resource.from_profiles(p) if year is None else base.weather_years[year]
    if isinstance(res, Profiles):
        res = Resource.from_profiles(res)
    load = p.load_kw if variant is None else base.load_variants[variant]
    if hasattr(load, "to_numpy"):
        load = load.to_numpy(dtype=float)
    load = np.asarray(load, dtype=float)
    if scale != 1.0:
        load = load * scale
    n = load.size
    for name in ("pv_kw_per_kw", "wind_kw_per_turbine"):
        arr = np.asarray(getattr(res, name), dtype=float)
        check(arr.size == n, f"{name} of weather_year {year!r}", f"{arr.size} steps",
              f"must have as many steps as the load ({n})",
              "give weather years and loads of the same length (drop 29 February)")
    return Profiles.from_resource(load, res, dt_h=p.dt_h)


def fingerprint(profiles: Profiles) -> str:
    """SHA-256 of the profiles' arrays and time step (the store's key)."""
    h = hashlib.sha256()
    for arr in (profiles.load_kw, profiles.pv_kw_per_kw, profiles.wind_kw_per_turbine,
                profiles.genset_availability):
        h.update(np.ascontiguousarray(arr, dtype=np.float64).tobytes())
    h.update(repr(float(profiles.dt_h)).encode())
    return h.hexdigest()


