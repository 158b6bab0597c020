"""Studies at scale: sensitivity sweeps, uncertainty and many-site studies.

A study is a **base case** (:class:`BaseCase`: a system, its profiles, a
project, and optional alternatives: weather years, load variants, sites,
designs, fuel-price paths) and a **table of points**; each point overrides
some parameters, addressed by name:

==============================  ===========================================================
name                            meaning
==============================  ===========================================================
``project.<field>``             a :class:`~minegrid.Project` field, e.g.
                                ``project.fuel_price_per_l``, ``project.discount_rate``,
                                ``project.carbon_price_per_t``, ``project.lifetime_years``
``pv.<field>``, ``wind.<field>``  a component field, e.g. ``pv.capex_per_kw``,
``battery.<field>``,            ``battery.energy_kwh``, ``genset.min_load_ratio``,
``genset.<field>``,             ``dispatch.strategy`` (a missing component is created
``dispatch.<field>``            with its defaults)
``capex_multiplier.<c>``        multiplies the capital costs per unit of component ``c``
                                (``pv``, ``wind``, ``battery``, ``genset`` or ``all``) [-]
``load_scale``                  multiplies the load profile [-]
``pv_kw``, ``n_turbines``,      design sizes, as in :func:`minegrid.simulate_batch`
``battery_kwh``, ``battery_kw``,  (``battery_kwh`` alone keeps the power-to-energy ratio)
``n_units``, ``unit_kw``
``weather_year``                a key of ``BaseCase.weather_years`` (PV, wind, derating)
``load_variant``                a key of ``BaseCase.load_variants`` (a load profile)
``site``                        a key of ``BaseCase.sites`` (a site's own profiles)
``design``                      a key of ``BaseCase.designs`` (a whole system)
``fuel_price_path``             a key of ``BaseCase.fuel_price_paths``: yearly prices,
                                priced as their levelised value (see below)
==============================  ===========================================================

Unknown names raise :class:`~minegrid.InputError` with the closest valid names.

Reuse of work
-------------
Each point resolves to a system, a project and a profile set. Points whose
kernel parameters (sizes, efficiencies, dispatch rules) and profiles agree
share one dispatch: prices, rates, capex and lifetimes change only the
economics, which are computed again from the stored yearly statistics with
:func:`minegrid.economics.price_designs`. Distinct dispatches are packed into
chunks of up to ``chunk_size`` designs; a chunk is one task for the executor
(:mod:`minegrid.executors`) and one call of the batch kernel per profile set
in it, so scheduler overhead (milliseconds per task) stays small next to the
kernel's tens of microseconds per design-year.

Resuming
--------
With ``store=<directory>``, each completed chunk is written as one file named
by a SHA-256 hash of its inputs (profiles, kernel parameters; for re-sizing
also system, project, design space, requirements and options): ``.npy`` for
the kernel's statistics, JSON for re-sized points (both round-trip floats
exactly). Running the same study again loads the chunks already there and
computes only the missing ones, so an interrupted study resumes where it
stopped and gives the same table. The table's ``attrs`` say how many chunks
were computed and reused. Delete the store after changing minegrid's kernel.

Fuel-price paths
----------------
A path ``p_1 .. p_N`` [currency/L] (one price per project year) is priced
as its levelised value ``p̄ = Σ p_k d_k / Σ d_k`` with ``d_k = (1 + i)^-k``:
the constant price with the same present value of fuel cost, exact because
the yearly fuel use of a design is the same every year.

Uncertainty definitions
-----------------------
The scenarios of :func:`uncertainty` (weather year × load variant ×
fuel-price path) are equally likely. For a quantity where more is worse
(cost, fuel, unserved energy), **P50** is its median over the scenarios and
**P90** its 90th percentile: the value not exceeded in 90 % of the
scenarios (linear interpolation between order statistics, numpy's default
``method="linear"``). The design **cheapest in expectation** has the lowest
mean NPC over the scenarios; the design **cheapest at P90** the lowest P90
NPC.
"""

from __future__ import annotations

import difflib
import hashlib
import itertools
import json
import math
import os
import time
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

import numpy as np

from . import dispatch as _dispatch
from .components import Battery, Dispatch, GensetFleet, Project, PVPlant, System, WindPlant
from .economics import levelised_price
from .errors import InputError, check
from .executors import get_executor, kernel_lock
from .profiles import ProfileRecipe, Resource
from .progress import StudyProgress
from .progress import reporter as progress_reporter

__all__ = ["BaseCase", "Resource", "ProfileRecipe", "UncertaintyResult", "StudyProgress",
           "sweep", "uncertainty", "many_sites", "tornado", "spider", "parameter_names",
           "levelised_price", "OUTPUTS", "SIZE_COLUMNS", "UNCERTAIN_OUTPUTS"]

#: Outputs of every point.
OUTPUTS = ("npc", "lcoe", "annualised", "capital", "fuel_l", "co2_t", "renewable_fraction",
           "unserved_fraction", "unserved_kwh", "served_kwh")
#: Design sizes reported for every point.
SIZE_COLUMNS = ("pv_kw", "n_turbines", "battery_kwh", "battery_kw", "n_units", "unit_kw")
#: Bumped when the content of a stored chunk changes meaning.
STORE_VERSION = 1

_COMPONENTS = {"pv": PVPlant, "wind": WindPlant, "battery": Battery, "genset": GensetFleet,
               "dispatch": Dispatch}
_CAPEX_FIELDS = {"pv": ("capex_per_kw",), "wind": ("capex_per_kw",),
                 "battery": ("capex_per_kwh", "capex_per_kw"), "genset": ("capex_per_kw",)}
_SIZE_ALIASES = {"pv_kw": "pv.rated_kw", "n_turbines": "wind.n_turbines",
                 "battery_kwh": "battery.energy_kwh", "battery_kw": "battery.power_kw",
                 "n_units": "genset.n_units", "unit_kw": "genset.unit_rated_kw"}
_LABELS = {"weather_year": "weather_years", "load_variant": "load_variants", "site": "sites",
           "design": "designs", "fuel_price_path": "fuel_price_paths"}
_NON_NUMERIC = {"dispatch.strategy"}


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
    profiles : minegrid.dispatch.Profiles
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
    profiles: _dispatch.Profiles
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
        check(isinstance(self.profiles, _dispatch.Profiles), "BaseCase.profiles",
              type(self.profiles).__name__, "must be a minegrid.dispatch.Profiles",
              "build one with minegrid.dispatch.Profiles(load_kw=..., pv_kw_per_kw=...)")
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
            check(isinstance(value, _dispatch.Profiles), f"BaseCase.sites[{label!r}]",
                  type(value).__name__, "must be a minegrid.dispatch.Profiles",
                  "compute each site's profiles once (see minegrid.many_sites)")
        for label, value in self.weather_years.items():
            check(isinstance(value, Resource | _dispatch.Profiles),
                  f"BaseCase.weather_years[{label!r}]", type(value).__name__,
                  "must be a Resource or a Profiles", "see ProfileRecipe.resource")

    @classmethod
    def from_example(cls, example, **kwargs) -> BaseCase:
        """A base case from a bundled example (:mod:`minegrid.datasets`)."""
        return cls(system=example.system, profiles=example.profiles, project=example.project,
                   **kwargs)


def _as_base(base) -> BaseCase:
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
    for comp, cls in _COMPONENTS.items():
        names += [f"{comp}.{f.name}" for f in fields(cls)]
    names += [f"capex_multiplier.{c}" for c in (*_CAPEX_FIELDS, "all")]
    names += ["load_scale", *_SIZE_ALIASES, *_LABELS]
    return names


def _check_name(name) -> None:
    valid = parameter_names()
    check(isinstance(name, str), "parameter name", name, "must be a string",
          "e.g. 'project.fuel_price_per_l'")
    if name not in valid:
        close = difflib.get_close_matches(name, valid, n=3, cutoff=0.5)
        hint = f"did you mean {' or '.join(repr(c) for c in close)}?" if close else (
            "see minegrid.study.parameter_names() for the list")
        raise InputError(f"parameter name {name!r} is not a study parameter. Fix: {hint}")


def _plain(value):
    return value.item() if isinstance(value, np.generic) else value


def _check_value(name: str, value) -> None:
    if name in _LABELS:
        check(isinstance(value, Hashable), name, value, "must be a label (hashable)",
              "use the keys of the base case's mapping")
        return
    if name in _NON_NUMERIC:
        return
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    check(ok and math.isfinite(value), name, value, "must be a finite number",
          "give numbers, e.g. [0.9, 1.1, 1.3]")


def _base_value(base: BaseCase, name: str):
    """Value of a parameter in the base case (None for labels: the base profiles/design)."""
    if name in _LABELS:
        return None
    if name in ("load_scale",) or name.startswith("capex_multiplier."):
        return 1.0
    name = _SIZE_ALIASES.get(name, name)
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
        _check_name(name)
        if isinstance(values, str) or not isinstance(values, Sequence | np.ndarray):
            if hasattr(values, "tolist"):
                values = values.tolist()
            else:
                raise InputError(f"parameters[{name!r}] = {values!r} must be a list of values. "
                                 f"Fix: e.g. {{{name!r}: [value1, value2]}}.")
        values = [_plain(v) for v in values]
        check(len(values) > 0, f"parameters[{name!r}]", values, "is empty",
              "give at least one value")
        for v in values:
            _check_value(name, v)
        out[name] = values
    return out


def _points(base: BaseCase, parameters, kind: str):
    """The table of points (pandas DataFrame, one row per point)."""
    import pandas as pd

    if isinstance(parameters, pd.DataFrame):
        check(len(parameters) > 0 and parameters.shape[1] > 0, "parameters", "empty DataFrame",
              "must hold at least one point and one column", "give a table of points")
        for name in parameters.columns:
            _check_name(name)
            for v in parameters[name]:
                v = _plain(v)
                if v is None or (isinstance(v, float) and math.isnan(v)):
                    continue  # an empty cell keeps the base value
                _check_value(name, v)
        return parameters.reset_index(drop=True)
    params = _normalise_parameters(parameters)
    check(kind in ("one_at_a_time", "full_factorial"), "kind", kind,
          "must be 'one_at_a_time' or 'full_factorial'", "pick one of those")
    names = list(params)
    if kind == "full_factorial":
        rows = [dict(zip(names, combo, strict=True))
                for combo in itertools.product(*params.values())]
        return pd.DataFrame(rows, columns=names)
    base_row = {n: _base_value(base, n) for n in names}
    rows = [dict(base_row, varied="base")]
    for n in names:
        for v in params[n]:
            rows.append(dict(base_row, **{n: v}, varied=n))
    return pd.DataFrame(rows, columns=[*names, "varied"])


def _label(base: BaseCase, name: str, value):
    mapping = getattr(base, _LABELS[name])
    if value not in mapping:
        known = list(mapping)[:10]
        raise InputError(f"{name} = {value!r} is not a key of BaseCase.{_LABELS[name]} "
                         f"(known: {known}). Fix: add it to the base case or use a known label.")
    return mapping[value]


def _resolve(base: BaseCase, point: Mapping):
    """A point -> (system, project, profile key)."""
    if "varied" in point:  # one-at-a-time row: only the varied parameter (and the site) apply
        point = {k: v for k, v in point.items() if k in (point["varied"], "site")}
    point = {k: _plain(v) for k, v in point.items()}
    # missing values in a table of points (NaN, None) mean "as in the base case"
    point = {k: v for k, v in point.items()
             if v is not None and not (isinstance(v, float) and math.isnan(v))}
    system = base.system
    if "design" in point:
        system = _label(base, "design", point["design"])
    comp_changes: dict[str, dict] = {}
    project_changes: dict = {}
    multipliers: dict[str, float] = {}
    for name, value in point.items():
        if name in _LABELS or name == "load_scale":
            continue
        if name.startswith("capex_multiplier."):
            check(value >= 0, name, value, "must be >= 0", "a multiplier such as 1.2")
            multipliers[name.split(".", 1)[1]] = float(value)
            continue
        target = _SIZE_ALIASES.get(name, name)
        group, attr = target.split(".", 1)
        if group == "project":
            project_changes[attr] = value
        else:
            comp_changes.setdefault(group, {})[attr] = value
    bat = comp_changes.get("battery", {})
    if "battery_kwh" in point and "battery_kw" not in point and "power_kw" not in bat:
        b0 = system.battery_or_zero  # keep the power-to-energy ratio (as simulate_batch does)
        for f in ("charge_power_kw", "discharge_power_kw"):
            ratio = getattr(b0, f) / b0.energy_kwh if b0.energy_kwh > 0 else 1.0
            bat.setdefault(f, point["battery_kwh"] * ratio)
        bat.setdefault("power_kw", max(bat["charge_power_kw"], bat["discharge_power_kw"]))
    if "power_kw" in bat or "duration_h" in bat:  # derived limits follow the new power
        if "power_kw" not in bat:
            bat["power_kw"] = None
        bat.setdefault("charge_power_kw", None)
        bat.setdefault("discharge_power_kw", None)
    parts = {}
    for group in _COMPONENTS:
        comp = system.dispatch if group == "dispatch" else getattr(system, group)
        changes = comp_changes.get(group, {})
        mult = multipliers.get(group, 1.0) * multipliers.get("all", 1.0)
        if group == "dispatch":
            mult = 1.0
        if changes or (mult != 1.0 and comp is not None):
            comp = comp if comp is not None else _COMPONENTS[group]()
            comp = comp.replace(**changes) if changes else comp
            if mult != 1.0:
                comp = comp.replace(**{f: getattr(comp, f) * mult for f in _CAPEX_FIELDS[group]})
        parts[group] = comp
    system = System(**parts)
    project = base.project.replace(**project_changes) if project_changes else base.project
    if "fuel_price_path" in point:
        check("fuel_price_per_l" not in project_changes, "fuel_price_path",
              point["fuel_price_path"], "cannot be combined with project.fuel_price_per_l",
              "vary one of the two")
        price = levelised_price(_label(base, "fuel_price_path", point["fuel_price_path"]),
                                project)
        project = project.replace(fuel_price_per_l=price)
    scale = point.get("load_scale", 1.0)
    check(scale > 0, "load_scale", scale, "must be > 0", "a multiplier such as 1.1")
    key = (point.get("site"), point.get("weather_year"), point.get("load_variant"), float(scale))
    for name, value in zip(("site", "weather_year", "load_variant"), key[:3], strict=True):
        if value is not None:
            _label(base, name, value)
    return system, project, key


def _build_profiles(base: BaseCase, key) -> _dispatch.Profiles:
    site, year, variant, scale = key
    p = base.profiles if site is None else base.sites[site]
    if year is None and variant is None and scale == 1.0:
        return p
    res = Resource.from_profiles(p) if year is None else base.weather_years[year]
    if isinstance(res, _dispatch.Profiles):
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
    return _dispatch.Profiles(load_kw=load, pv_kw_per_kw=res.pv_kw_per_kw,
                              wind_kw_per_turbine=res.wind_kw_per_turbine,
                              genset_availability=res.genset_availability, dt_h=p.dt_h)


def _fingerprint(profiles: _dispatch.Profiles) -> str:
    h = hashlib.sha256()
    for arr in (profiles.load_kw, profiles.pv_kw_per_kw, profiles.wind_kw_per_turbine,
                profiles.genset_availability):
        h.update(np.ascontiguousarray(arr, dtype=np.float64).tobytes())
    h.update(repr(float(profiles.dt_h)).encode())
    return h.hexdigest()


# ---------------------------------------------------------------------------------------------
# progress and store
# ---------------------------------------------------------------------------------------------
class _Store:
    """One file per completed chunk in a directory; ``None`` keeps nothing."""

    def __init__(self, path):
        self.path = None if path is None else Path(path)
        if self.path is not None:
            self.path.mkdir(parents=True, exist_ok=True)

    def _file(self, key: str, ext: str) -> Path:
        return self.path / f"{key}.{ext}"

    def load(self, key: str, ext: str):
        if self.path is None:
            return None
        f = self._file(key, ext)
        if not f.exists():
            return None
        if ext == "npy":
            return np.load(f, allow_pickle=False)
        return json.loads(f.read_text())

    def save(self, key: str, ext: str, value) -> None:
        if self.path is None:
            return
        f = self._file(key, ext)
        tmp = f.with_name(f".{f.name}.{os.getpid()}.tmp")
        if ext == "npy":
            with open(tmp, "wb") as fh:
                np.save(fh, np.asarray(value, dtype=np.float64), allow_pickle=False)
        else:
            tmp.write_text(json.dumps(value))
        os.replace(tmp, f)  # atomic: a chunk file is either complete or absent


# ---------------------------------------------------------------------------------------------
# task functions (run on the workers)
# ---------------------------------------------------------------------------------------------
def _run_chunk(shared, task):
    """Kernel statistics of one chunk: ``[(profile key, params (m, N)), ...]`` -> (sum m, N)."""
    _, groups = task
    with kernel_lock:
        return np.vstack([_dispatch.run_batch(params, shared[pkey]) for pkey, params in groups])


def _size_row(res) -> dict:
    d, r = res.design, res.result
    row = {"pv_kw": d.pv_or_zero.rated_kw, "n_turbines": float(d.wind_or_zero.n_turbines),
           "battery_kwh": d.battery_or_zero.energy_kwh,
           "battery_kw": float(d.battery_or_zero.discharge_power_kw),
           "n_units": float(d.genset_or_zero.n_units), "unit_kw": d.genset_or_zero.unit_rated_kw}
    s, c = r.stats, r.costs
    row.update(npc=c.npc, lcoe=c.lcoe, annualised=c.annualised, capital=c.capital,
               fuel_l=s.fuel_l, co2_t=s.co2_t, renewable_fraction=s.renewable_fraction,
               unserved_fraction=s.unserved_fraction, unserved_kwh=s.unserved_kwh,
               served_kwh=s.served_kwh)
    row = {k: float(v) for k, v in row.items()}
    row.update(success=bool(res.success), message=str(res.message))
    return row


def _run_size(shared, task):
    """Re-size one point with :func:`minegrid.size`; returns a row of floats."""
    from .sizing import size

    _, pkey, system, project, space, requirements, options = task
    with kernel_lock:
        res = size(system, shared[pkey], space, requirements, project=project,
                   **dict(options, progress=False))
    return _size_row(res)


# ---------------------------------------------------------------------------------------------
# the sweep
# ---------------------------------------------------------------------------------------------
def _digest(*parts) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p if isinstance(p, bytes) else repr(p).encode())
        h.update(b"\x00")
    return h.hexdigest()[:32]


def _execute(executor, fn, tasks, keys, shared, store, ext, progress, label):
    """Run the tasks not in the store; returns results by key and chunk counts."""
    results = {}
    missing = []
    for key, task in zip(keys, tasks, strict=True):
        stored = store.load(key, ext)
        if stored is None:
            missing.append((key, task))
        else:
            results[key] = stored
    reporter = progress_reporter(progress, StudyProgress, label)
    t0 = time.perf_counter()
    info = {"total": len(tasks), "reused": len(results), "computed": 0}
    info.update(done=info["reused"], elapsed_s=0.0)
    ex = get_executor(executor)
    own = ex is not executor
    try:
        gen = ex.map(fn, [t for _, t in missing], shared)
        try:
            for i, result in gen:
                key = missing[i][0]
                store.save(key, ext, result)
                results[key] = store.load(key, ext) if store.path is not None else result
                info["computed"] += 1
                info["done"] += 1
                info["elapsed_s"] = time.perf_counter() - t0
                reporter.update(**info)
        finally:
            gen.close()
    finally:
        if own:
            ex.close()
    reporter.close(**info)
    return results, info


@dataclass(frozen=True)
class _GroupPrices:
    """A project whose fuel and carbon prices are arrays (one per point of a pricing group).

    :func:`minegrid.economics.price_designs` uses the two prices only as factors of
    the yearly fuel and CO2, so one call prices points that differ in them.
    """

    lifetime_years: int
    discount_rate: float
    fuel_price_per_l: np.ndarray
    carbon_price_per_t: np.ndarray
    currency: str


def _price(resolved, totals_by_point, profiles_by_key):
    """Economics of every point from its kernel statistics (no dispatch).

    Points are priced together when they share profiles, project life,
    discount rate and CO2 factor: one :func:`~minegrid.simulation.batch_frame`
    call per group.
    """
    import pandas as pd

    from .simulation import batch_frame, design_matrix

    groups: dict[tuple, list[int]] = {}
    for i, (system, project, pkey) in enumerate(resolved):
        gkey = (pkey, project.lifetime_years, project.discount_rate, project.currency,
                system.genset_or_zero.co2_kg_per_l)
        groups.setdefault(gkey, []).append(i)
    frames = []
    for (pkey, life, rate, currency, _co2), idx in groups.items():
        uniq: dict[System, int] = {}
        inv = np.array([uniq.setdefault(resolved[i][0], len(uniq)) for i in idx])
        ps, qs = [], []
        for system in uniq:  # kernel parameters and unit costs of each distinct system
            p, q = design_matrix(system, {})
            ps.append(p[0])
            qs.append(q)
        params = np.vstack(ps)[inv]
        q = {k: np.array([np.asarray(qi[k], float).ravel()[0] for qi in qs])[inv]
             for k in qs[0]}
        prices = _GroupPrices(
            lifetime_years=life, discount_rate=rate, currency=currency,
            fuel_price_per_l=np.array([resolved[i][1].fuel_price_per_l for i in idx]),
            carbon_price_per_t=np.array([resolved[i][1].carbon_price_per_t for i in idx]))
        totals = np.vstack([totals_by_point[i] for i in idx])
        frame = batch_frame(params, q, totals, profiles_by_key[pkey], resolved[idx[0]][0],
                            prices)
        frame.index = pd.Index(idx)
        frames.append(frame)
    return pd.concat(frames).sort_index()


def _sizes_only(table) -> bool:
    """True when every parameter of the table is a design size (a vectorised sweep)."""
    names = [c for c in table.columns if c != "varied"]
    return bool(names) and all(c in _SIZE_ALIASES for c in names)


def _size_rows(base: BaseCase, table):
    """Kernel parameters and unit costs of a sizes-only table (empty cells: base sizes)."""
    from .simulation import design_matrix

    designs = {}
    for name in table.columns:
        if name == "varied":
            continue
        values = np.array([_plain(v) for v in table[name]], dtype=float)
        values = np.where(np.isnan(values), float(_base_value(base, name)), values)
        designs[name] = values
    return design_matrix(base.system, designs)


def _run_points(base: BaseCase, table, *, mode, executor, store, progress, chunk_size,
                all_outputs, label):
    import pandas as pd

    check(mode in ("simulate", "size"), "mode", mode, "must be 'simulate' or 'size'",
          "use mode='size' to re-size each point")
    check(isinstance(chunk_size, int) and chunk_size >= 1, "chunk_size", chunk_size,
          "must be an int >= 1", "e.g. 512 designs per task")
    fast = mode == "simulate" and _sizes_only(table)
    if fast:
        # sizes only: every point's kernel parameters and unit costs from one
        # design_matrix call, the same numbers the per-point path would build
        system0, project0, key0 = _resolve(base, {})
        fast_params, fast_q = _size_rows(base, table)
        resolved = None
        systems = projects = None
        pkeys = [key0] * len(table)
    else:
        resolved = [_resolve(base, row) for row in table.to_dict("records")]
        systems = [r[0] for r in resolved]
        projects = [r[1] for r in resolved]
        pkeys = [r[2] for r in resolved]
    profiles_by_key = {}
    for k in pkeys:
        if k not in profiles_by_key:
            profiles_by_key[k] = _build_profiles(base, k)
    fps = {k: _fingerprint(p) for k, p in profiles_by_key.items()}
    store_ = _Store(store)
    if mode == "size":
        out_cols, info = _run_size_mode(base, systems, projects, pkeys, profiles_by_key, fps,
                                        executor, store_, progress, label)
    else:
        jobs: dict[tuple, int] = {}
        job_of_point = []
        job_params = []
        job_pkey = []
        params_of: dict[System, np.ndarray] = {}
        for i, pkey in enumerate(pkeys):
            if fast:
                params = fast_params[i]
            else:
                params = params_of.get(systems[i])
                if params is None:
                    params = params_of[systems[i]] = _dispatch.design_params(systems[i])
            jk = (pkey, params.tobytes())
            if jk not in jobs:
                jobs[jk] = len(jobs)
                job_params.append(params)
                job_pkey.append(pkey)
            job_of_point.append(jobs[jk])
        # pack the distinct dispatches, grouped by profile set, into chunks
        rank = {k: r for r, k in enumerate(profiles_by_key)}
        order = sorted(range(len(job_params)), key=lambda j: (rank[job_pkey[j]], j))
        tasks, keys, chunk_jobs = [], [], []
        for start in range(0, len(order), chunk_size):
            js = order[start:start + chunk_size]
            groups = []
            for pkey, grp in itertools.groupby(js, key=lambda j: job_pkey[j]):
                grp = list(grp)
                groups.append((pkey, np.vstack([job_params[j] for j in grp])))
            key = _digest(STORE_VERSION, "kernel",
                          *[(fps[pk], p.tobytes()) for pk, p in groups])
            tasks.append((key, groups))
            keys.append(key)
            chunk_jobs.append(js)
        shared = {k: profiles_by_key[k] for k in profiles_by_key}
        results, info = _execute(executor, _run_chunk, tasks, keys, shared, store_, "npy",
                                 progress, label)
        job_totals = [None] * len(job_params)
        for key, js in zip(keys, chunk_jobs, strict=True):
            tot = np.asarray(results[key], dtype=float)
            for row, j in enumerate(js):
                job_totals[j] = tot[row]
        totals_by_point = [job_totals[j] for j in job_of_point]
        if fast:
            from .simulation import batch_frame

            frame = batch_frame(fast_params, fast_q, np.vstack(totals_by_point),
                                profiles_by_key[key0], system0, project0)
        else:
            frame = _price(resolved, totals_by_point, profiles_by_key)
        info = dict(info, designs=len(job_params), points=len(table))
        cols = list(frame.columns) if all_outputs else [*SIZE_COLUMNS, *OUTPUTS]
        out_cols = frame[cols].reset_index(drop=True)
    table = table.reset_index(drop=True)
    rename = {c: f"{c}_out" for c in out_cols.columns if c in table.columns}
    result = pd.concat([table, out_cols.rename(columns=rename)], axis=1)
    result.index.name = "point"
    result.attrs["chunks"] = {k: info[k] for k in ("total", "computed", "reused")}
    result.attrs["designs"] = info.get("designs", len(table))
    result.attrs["points"] = len(table)
    result.attrs["mode"] = mode
    return result


def _run_size_mode(base, systems, projects, pkeys, profiles_by_key, fps, executor, store,
                   progress, label):
    import pandas as pd

    check(base.space is not None, "BaseCase.space", None, "is needed with mode='size'",
          "pass space=minegrid.DesignSpace(...) to the base case")
    options = dict(base.size_options)
    check("progress" not in options, "size_options", options, "must not set progress",
          "use the study's progress argument")
    jobs: dict[tuple, int] = {}
    job_of_point, tasks, keys = [], [], []
    for system, project, pkey in zip(systems, projects, pkeys, strict=True):
        jk = (pkey, system, project)
        if jk not in jobs:
            jobs[jk] = len(jobs)
            key = _digest(STORE_VERSION, "size", fps[pkey], system, project, base.space,
                          base.requirements, sorted(options.items()))
            tasks.append((key, pkey, system, project, base.space, base.requirements, options))
            keys.append(key)
        job_of_point.append(jobs[jk])
    shared = {k: profiles_by_key[k] for k in set(pkeys)}
    results, info = _execute(executor, _run_size, tasks, keys, shared, store, "json",
                             progress, label)
    rows = [results[keys[j]] for j in job_of_point]
    return pd.DataFrame(rows), dict(info, designs=len(tasks))


def sweep(base, parameters, *, kind: str = "one_at_a_time", mode: str = "simulate",
          executor=None, store=None, progress=True, chunk_size: int = 512,
          all_outputs: bool = False):
    """Run a sensitivity sweep: every point simulated (or re-sized) and priced.

    Parameters
    ----------
    base : BaseCase or example
        The base case (a bundled :class:`minegrid.datasets.Example` is accepted).
    parameters : mapping or pandas.DataFrame
        ``{name: values}`` (names in the module docstring), or a table of
        points with one column per parameter (``kind`` is then ignored; empty
        cells keep the base value).
    kind : {"one_at_a_time", "full_factorial"}
        One at a time: the base point, then each value of each parameter with
        the others at their base values (column ``varied`` names the
        parameter). Full factorial: every combination.
    mode : {"simulate", "size"}
        Simulate each point's design, or re-size it with :func:`minegrid.size`
        (``BaseCase.space``, ``requirements``, ``size_options``).
    executor : None, str, Executor or distributed.Client
        Where to run (:func:`minegrid.executors.get_executor`): in-process by
        default, ``"processes"``, ``"dask"`` or a client.
    store : path, optional
        Directory for completed chunks; a rerun resumes from it.
    progress : bool, callable or object
        True: a line on stderr per second; False: silent; a callable is called
        with ``done, total, computed, reused, elapsed_s`` keywords after each
        chunk (raise ``KeyboardInterrupt`` there to stop the study).
    chunk_size : int
        Distinct designs per task (simulate mode); results do not depend on it,
        but stored chunks do.
    all_outputs : bool
        Every statistic and cost column of :func:`minegrid.simulate_batch`
        instead of the main ones (simulate mode).

    Returns
    -------
    pandas.DataFrame
        One row per point (index ``point``): the parameters, the design sizes
        (``pv_kw`` [kW DC], ``n_turbines``, ``battery_kwh``, ``battery_kw``,
        ``n_units``, ``unit_kw`` [kW]; re-sized ones in size mode, with
        ``success`` and ``message``), ``npc`` [currency], ``lcoe``
        [currency/kWh], ``annualised`` [currency/yr], ``capital`` [currency],
        ``fuel_l`` [L/yr], ``co2_t`` [t/yr], ``renewable_fraction``,
        ``unserved_fraction`` [-], ``unserved_kwh`` and ``served_kwh``
        [kWh/yr]. An output whose name is also a parameter gets the suffix
        ``_out``. ``attrs["chunks"]`` counts the chunks (``total``,
        ``computed``, ``reused`` from the store); ``attrs["designs"]`` the
        distinct dispatches (or sizings) run.
    """
    base = _as_base(base)
    table = _points(base, parameters, kind)
    return _run_points(base, table, mode=mode, executor=executor, store=store,
                       progress=progress, chunk_size=chunk_size, all_outputs=all_outputs,
                       label="minegrid.sweep")


# ---------------------------------------------------------------------------------------------
# uncertainty
# ---------------------------------------------------------------------------------------------
#: Quantities summarised by :func:`uncertainty` (more is worse for each).
UNCERTAIN_OUTPUTS = ("npc", "lcoe", "fuel_l", "co2_t", "unserved_kwh", "unserved_fraction")


def _quantiles(values) -> tuple[float, float, float]:
    """Mean, P50 and P90 (90th percentile, numpy's linear interpolation) of ``values``.

    >>> _quantiles([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0])
    (5.5, 5.5, 9.1)
    """
    arr = np.asarray(values, dtype=float)
    p50, p90 = np.percentile(arr, [50.0, 90.0], method="linear")
    return float(arr.mean()), float(p50), float(p90)


@dataclass(frozen=True, kw_only=True, eq=False)
class UncertaintyResult:
    """What :func:`uncertainty` returns.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per design and scenario (columns ``design``, ``weather_year``,
        ``load_variant``, ``fuel_price_path`` as used, then the outputs of
        :func:`sweep`).
    summary : pandas.DataFrame
        One row per design: ``{q}_mean``, ``{q}_p50``, ``{q}_p90`` for each
        quantity ``q`` of :data:`UNCERTAIN_OUTPUTS` (units as in :func:`sweep`).
    best_expected : hashable
        Label of the design with the lowest mean NPC over the scenarios.
    best_p90 : hashable
        Label of the design with the lowest P90 (90th-percentile) NPC.
    n_scenarios : int
        Equally likely scenarios per design.
    """

    table: object
    summary: object
    best_expected: Hashable
    best_p90: Hashable
    n_scenarios: int

    def __repr__(self) -> str:
        s = self.summary
        lines = [f"UncertaintyResult({len(s)} designs x {self.n_scenarios} scenarios,"]
        for label, row in s.iterrows():
            lines.append(f"  {label!s:>12}: NPC mean {row['npc_mean']:,.0f}, P50 "
                         f"{row['npc_p50']:,.0f}, P90 {row['npc_p90']:,.0f}; fuel P90 "
                         f"{row['fuel_l_p90']:,.0f} L/yr; unserved P90 "
                         f"{row['unserved_kwh_p90']:,.1f} kWh/yr")
        lines.append(f"  cheapest in expectation: {self.best_expected!r}; "
                     f"cheapest at P90: {self.best_p90!r})")
        return "\n".join(lines)


def _year_resources(frame, n_steps: int, recipe: ProfileRecipe, site, *, warn: bool) -> dict:
    """A weather frame -> {calendar year: Resource}, each computed once.

    Profiles are computed on whole calendar years; 29 February is then dropped
    from a leap year's profiles when the load has one step fewer per hour of it
    (e.g. 8760 steps).
    """
    import warnings

    from .errors import MinegridWarning

    out = {}
    for year, part in frame.groupby(frame.index.year, sort=True):
        keep = np.ones(len(part), dtype=bool)
        if len(part) != n_steps:
            leap = np.asarray((part.index.month == 2) & (part.index.day == 29))
            if leap.any() and len(part) - int(leap.sum()) == n_steps:
                if warn:
                    warnings.warn(f"weather year {year}: 29 February dropped so that the year "
                                  f"has {n_steps} steps like the load", MinegridWarning,
                                  stacklevel=3)
                keep = ~leap
        check(int(keep.sum()) == n_steps, f"weather year {year}", f"{len(part)} steps",
              f"must have as many steps as the load ({n_steps})",
              "give whole calendar years of weather at the load's time step")
        res = recipe.resource(part, site)
        avail = np.broadcast_to(np.asarray(res.genset_availability, float), (len(part),))
        out[int(year)] = Resource(pv_kw_per_kw=np.asarray(res.pv_kw_per_kw)[keep],
                                  wind_kw_per_turbine=np.asarray(res.wind_kw_per_turbine)[keep],
                                  genset_availability=avail[keep])
    return out


def _designs_mapping(base: BaseCase, designs) -> dict:
    import pandas as pd

    if designs is None:
        return {}
    if isinstance(designs, pd.DataFrame):
        for name in designs.columns:
            check(name in _SIZE_ALIASES, "designs column", name,
                  f"is not one of {tuple(_SIZE_ALIASES)}", "name the columns like the sizes")
        out = {}
        for label, row in zip(designs.index, designs.to_dict("records"), strict=True):
            out[_plain(label)] = _resolve(base, row)[0]
        return out
    if isinstance(designs, Mapping):
        return dict(designs)
    check(isinstance(designs, Sequence) and not isinstance(designs, str), "designs",
          type(designs).__name__, "must be a mapping {label: System}, a list of Systems or a "
          "DataFrame of sizes", "e.g. {'small': system_a, 'large': system_b}")
    return dict(enumerate(designs))


def uncertainty(base, *, designs=None, weather=None, site=None, n_years: int | None = None,
                seed=None, year: int = 2023, recipe: ProfileRecipe | None = None,
                load_variants: Mapping | None = None, fuel_price_paths: Mapping | None = None,
                executor=None, store=None, progress=True, chunk_size: int = 512
                ) -> UncertaintyResult:
    """Cost, fuel and unserved energy of designs over equally likely futures.

    The scenarios are every combination of the weather years, load variants
    and fuel-price paths given. PV, wind and derating profiles are computed
    once per weather year; every design x scenario is one point of a
    :func:`sweep` (fuel-price paths reuse the dispatch).

    Parameters
    ----------
    base : BaseCase or example
        Base design, profiles (their load is the default load) and project.
    designs : mapping, list or DataFrame, optional
        Candidate designs: ``{label: System}``, a list of Systems (labels 0,
        1, ...) or a DataFrame of sizes (``pv_kw``, ``battery_kwh``, ... applied
        to the base system; labels from its index). Default: the base design,
        labelled ``"base"``.
    weather : DataFrame, list or mapping of DataFrames, optional
        Real weather (standard frames); each calendar year in them is one
        weather year (29 February is dropped, with a warning, when the load
        has 8760 steps).
    site : Site, optional
        Where the weather is; default ``base.site`` when the base is an example.
    n_years : int, optional
        Generate this many weather years with :func:`minegrid.synthetic_weather`
        (``year``, ``seed``) instead of (or besides) ``weather``.
    recipe : ProfileRecipe, optional
        How weather becomes profiles (PV mounting, turbine, derating).
    load_variants : mapping, optional
        ``{label: load}`` alternative load profiles [kW] (e.g. built from
        production-plan variants with :mod:`minegrid.mine`).
    fuel_price_paths : mapping, optional
        ``{label: prices}``: one fuel price per project year (or one number). [currency/L]
    executor, store, progress, chunk_size
        As for :func:`sweep`.

    Returns
    -------
    UncertaintyResult

    Notes
    -----
    P50 is the median over the scenarios, P90 the 90th percentile (the value
    not exceeded in 90 % of them; numpy's linear interpolation); the design
    cheapest in expectation minimises the mean NPC, the one cheapest at P90
    the P90 NPC.
    """
    import pandas as pd

    example_site = getattr(base, "site", None)
    base = _as_base(base)
    site = site if site is not None else example_site
    recipe = recipe if recipe is not None else ProfileRecipe()
    n = base.profiles.n_steps
    resources: dict = {}
    if weather is not None:
        check(site is not None, "site", None, "is needed to compute profiles from weather",
              "pass site=minegrid.Site(...)")
        if isinstance(weather, Mapping):
            items = list(weather.items())
        else:
            items = [(None, f) for f in ([weather] if isinstance(weather, pd.DataFrame)
                                         else weather)]
        for label, frame in items:
            years = _year_resources(frame, n, recipe, site, warn=True)
            for y, res in years.items():
                # a labelled one-year frame keeps its label; other years are named by year
                key = y if label is None else (label if len(years) == 1 else (label, y))
                check(key not in resources, "weather year", key, "is given twice",
                      "give each year once")
                resources[key] = res
    if n_years is not None:
        from .weather import synthetic_weather

        check(site is not None, "site", None, "is needed to generate weather",
              "pass site=minegrid.Site(...)")
        generated = synthetic_weather(site, year=year, n_years=n_years, seed=seed)
        for y, res in _year_resources(generated, n, recipe, site, warn=False).items():
            check(y not in resources, "weather year", y, "is both given and generated",
                  "generate other years (year=...) or drop one")
            resources[y] = res
    design_map = _designs_mapping(base, designs)
    base = replace(base, weather_years={**base.weather_years, **resources},
                   load_variants={**base.load_variants, **dict(load_variants or {})},
                   fuel_price_paths={**base.fuel_price_paths, **dict(fuel_price_paths or {})},
                   designs={**base.designs, **design_map})
    axes = {}
    axes["design"] = list(design_map) if design_map else [None]
    for name, values in (("weather_year", list(resources)),
                         ("load_variant", list(load_variants or {})),
                         ("fuel_price_path", list(fuel_price_paths or {}))):
        if values:
            axes[name] = values
    check(len(axes) > 1, "uncertainty", "no weather years, load variants or fuel-price paths",
          "needs at least one uncertain input", "pass weather=, n_years=, load_variants= or "
          "fuel_price_paths=")
    rows = [dict(zip(axes, combo, strict=True)) for combo in itertools.product(*axes.values())]
    table = pd.DataFrame(rows, columns=list(axes))
    out = _run_points(base, table, mode="simulate", executor=executor, store=store,
                      progress=progress, chunk_size=chunk_size, all_outputs=False,
                      label="minegrid.uncertainty")
    out["design"] = out["design"].map(lambda d: "base" if d is None else d)
    summary = {}
    for label, grp in out.groupby("design", sort=False):
        stats = {}
        for q in UNCERTAIN_OUTPUTS:
            mean, p50, p90 = _quantiles(grp[q])
            stats.update({f"{q}_mean": mean, f"{q}_p50": p50, f"{q}_p90": p90})
        summary[label] = stats
    summary = pd.DataFrame.from_dict(summary, orient="index")
    summary.index.name = "design"
    n_scen = len(out) // len(summary)
    return UncertaintyResult(table=out, summary=summary,
                             best_expected=summary["npc_mean"].idxmin(),
                             best_p90=summary["npc_p90"].idxmin(), n_scenarios=n_scen)


# ---------------------------------------------------------------------------------------------
# many sites
# ---------------------------------------------------------------------------------------------
def many_sites(sites, system: System, *, load_kw=None, weather: Mapping | None = None,
               recipe: ProfileRecipe | None = None, project: Project | None = None,
               parameters=None, kind: str = "one_at_a_time", mode: str = "simulate",
               year: int = 2023, seed=0, space=None, requirements=None,
               size_options: Mapping | None = None, executor=None, store=None, progress=True,
               chunk_size: int = 512):
    """The same study at several sites, profiles computed once per site.

    Parameters
    ----------
    sites : mapping or sequence
        ``{label: Site}`` or ``{label: Profiles}`` (profiles already computed),
        or a list of Sites (labelled by ``Site.name``, else by position).
    system : System
        The design (or the template to re-size with ``mode="size"``).
    load_kw : array-like, Series or mapping, optional
        The load [kW], the same at every site, or ``{label: load}``; needed
        unless every site is given as Profiles.
    weather : mapping, optional
        ``{label: weather frame}``; a site without one gets one generated year
        from :func:`minegrid.synthetic_weather` (``year``, ``seed``).
    recipe : ProfileRecipe, optional
        How weather becomes profiles.
    project : Project, optional
    parameters : mapping or DataFrame, optional
        A sweep run at every site (see :func:`sweep`); default: the base point only.
    kind, mode, executor, store, progress, chunk_size
        As for :func:`sweep`.
    space, requirements, size_options
        For ``mode="size"`` (see :class:`BaseCase`).

    Returns
    -------
    pandas.DataFrame
        :func:`sweep`'s table with a first column ``site``.
    """
    import pandas as pd

    from .weather import Site

    if isinstance(sites, Mapping):
        items = list(sites.items())
    else:
        check(isinstance(sites, Sequence) and not isinstance(sites, str), "sites",
              type(sites).__name__, "must be a mapping {label: Site} or a list of Sites",
              "e.g. [minegrid.Site(...), ...]")
        items = [(s.name if getattr(s, "name", "") else i, s) for i, s in enumerate(sites)]
    check(len(items) > 0, "sites", sites, "is empty", "give at least one site")
    labels = [label for label, _ in items]
    check(len(set(labels)) == len(labels), "sites", labels, "has duplicate labels",
          "give each site a distinct name")
    recipe = recipe if recipe is not None else ProfileRecipe()
    weather = dict(weather or {})
    profiles = {}
    for label, s in items:
        if isinstance(s, _dispatch.Profiles):
            profiles[label] = s
            continue
        check(isinstance(s, Site), f"sites[{label!r}]", type(s).__name__,
              "must be a minegrid.Site or Profiles", "pass minegrid.Site(...)")
        load = load_kw[label] if isinstance(load_kw, Mapping) else load_kw
        check(load is not None, "load_kw", None, f"is needed for site {label!r}",
              "pass the load profile in kW")
        frame = weather.get(label)
        if frame is None:
            from .weather import synthetic_weather

            frame = synthetic_weather(s, year=year, seed=seed)
        load = np.asarray(load.to_numpy(dtype=float) if hasattr(load, "to_numpy") else load,
                          dtype=float)
        check(len(frame) == load.size, f"weather of site {label!r}", f"{len(frame)} steps",
              f"must have as many steps as the load ({load.size})",
              "give one year of weather at the load's time step")
        res = recipe.resource(frame, s)
        profiles[label] = _dispatch.Profiles(load_kw=load, pv_kw_per_kw=res.pv_kw_per_kw,
                                             wind_kw_per_turbine=res.wind_kw_per_turbine,
                                             genset_availability=res.genset_availability)
    base = BaseCase(system=system, profiles=profiles[labels[0]], project=project,
                    sites=profiles, space=space, requirements=requirements,
                    size_options=dict(size_options or {}))
    if parameters is None:
        points = pd.DataFrame({"site": labels})
    else:
        sweep_points = _points(base, parameters, kind)
        check("site" not in sweep_points.columns, "parameters", "site",
              "must not vary the site", "many_sites adds the site column itself")
        points = pd.concat([sweep_points.assign(site=label) for label in labels],
                           ignore_index=True)
        points = points[["site", *sweep_points.columns]]
    return _run_points(base, points, mode=mode, executor=executor, store=store,
                       progress=progress, chunk_size=chunk_size, all_outputs=False,
                       label="minegrid.many_sites")


# ---------------------------------------------------------------------------------------------
# plots
# ---------------------------------------------------------------------------------------------
def _oat(table, output: str):
    check(hasattr(table, "columns") and "varied" in table.columns, "table", type(table).__name__,
          "must be a one-at-a-time sweep (with a 'varied' column)",
          "run minegrid.sweep(..., kind='one_at_a_time')")
    check(output in table.columns, "output", output, "is not a column of the table",
          f"pick one of {list(OUTPUTS)}")
    base_rows = table[table["varied"] == "base"]
    check(len(base_rows) == 1, "table", f"{len(base_rows)} base rows", "must have one base row",
          "pass the table sweep returned")
    return float(base_rows[output].iloc[0]), base_rows.iloc[0]


def tornado(table, output: str = "npc", *, ax=None):
    """Tornado chart of a one-at-a-time sweep: the swing of ``output`` per parameter.

    Each bar spans the lowest and highest ``output`` over the values of one
    parameter, drawn from the base value; parameters are sorted by swing, the
    largest on top, and labelled with the range of values tried.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`sweep` with ``kind="one_at_a_time"``.
    output : str
        Output column, e.g. ``"npc"`` [currency] or ``"lcoe"`` [currency/kWh].
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    base_out, _ = _oat(table, output)
    bars = []
    for name, grp in table[table["varied"] != "base"].groupby("varied", sort=False):
        lo_i, hi_i = grp[output].idxmin(), grp[output].idxmax()
        lo, hi = min(float(grp[output].min()), base_out), max(float(grp[output].max()),
                                                               base_out)
        vals = f"{grp.loc[lo_i, name]!s} .. {grp.loc[hi_i, name]!s}"
        bars.append((hi - lo, name, lo, hi, vals))
    bars.sort(key=lambda b: b[0])
    from .plots import _axes

    ax = _axes(ax, (7.0, 4.0))
    for y, (_, _name, lo, hi, vals) in enumerate(bars):
        ax.barh(y, base_out - lo, left=lo, color="#4c72b0")
        ax.barh(y, hi - base_out, left=base_out, color="#dd8452")
        ax.text(hi, y, f" {vals}", va="center", fontsize=8)
    ax.set_yticks(range(len(bars)), [b[1] for b in bars])
    ax.axvline(base_out, color="k", lw=0.8)
    ax.set_xlabel(output)
    ax.set_title(f"Sensitivity of {output} (low values blue, high values orange)")
    return ax


def spider(table, output: str = "npc", *, ax=None):
    """Spider plot of a one-at-a-time sweep: ``output`` against the relative parameter change.

    One line per numeric parameter with a non-zero base value, through the
    base point at 0 %; x is ``100·(value / base value − 1)`` [%].

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`sweep` with ``kind="one_at_a_time"``.
    output : str
        Output column.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    base_out, base_row = _oat(table, output)
    from .plots import _axes

    ax = _axes(ax, (7.0, 4.0))
    for name, grp in table[table["varied"] != "base"].groupby("varied", sort=False):
        b = base_row[name]
        numeric = isinstance(_plain(b), int | float) and not isinstance(_plain(b), bool)
        if not numeric or b == 0 or not all(isinstance(_plain(v), int | float)
                                            for v in grp[name]):
            continue
        x = [0.0, *(100.0 * (float(v) / float(b) - 1.0) for v in grp[name])]
        y = [base_out, *grp[output].astype(float)]
        order = np.argsort(x, kind="stable")
        ax.plot(np.asarray(x)[order], np.asarray(y)[order], marker="o", label=name)
    ax.axvline(0.0, color="k", lw=0.8)
    ax.set_xlabel("change from base value [%]")
    ax.set_ylabel(output)
    ax.legend(fontsize=8)
    return ax
