"""Results by architecture, as HOMER's categorised table: the best system of each architecture.

An *architecture* is the set of components a system has besides its gensets:
none ("diesel only"; "gensets only" for a plant of genset types), PV, wind,
battery, or any combination of them. :func:`size_architectures` sizes each
architecture that the design space allows with its own :func:`minegrid.size`
over the space restricted to it: the components it lacks are fixed at 0, the
ones it has are kept within the user's ranges but at least ``min_share`` of
the upper bound (one turbine), so each row's design has exactly its
components. Every search uses the same options (seed, ``maxiter``,
``popsize``, method ...).

The result, :class:`ArchitectureTable`, holds one row per architecture with
its sizes, costs, fuel, renewable fraction, CO2 and the savings against the
diesel-only row (``.frame``), and every :class:`~minegrid.SizingResult`
(``.results``). An architecture that cannot meet the requirements is kept, as
infeasible, with its least-violating design and the requirements it misses
(``.binding``).

>>> import numpy as np, minegrid as mg
>>> system = mg.System(pv=mg.PVPlant(rated_kw=0), genset=mg.GensetFleet(unit_rated_kw=400))
>>> prof = mg.Profiles(load_kw=np.full(48, 500.0), pv_kw_per_kw=np.tile(
...     np.r_[np.zeros(6), np.sin(np.linspace(0, np.pi, 12)), np.zeros(6)], 2))
>>> space = mg.DesignSpace(pv_kw=(0.0, 1000.0), n_units=(1, 4))
>>> table = mg.size_architectures(system, prof, space, progress=False, maxiter=3, popsize=4)
>>> list(table.frame.index)
['diesel only', 'PV + gensets']
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..components import System
from ..errors import InputError, check, number
from ..progress import SizingProgress
from .search import check_inputs, size
from .space import DesignSpace, Requirements

__all__ = ["ARCHITECTURES", "COMPONENT_FIELDS", "ArchitectureTable", "size_architectures",
           "architecture_name", "allowed_architectures", "restrict"]

#: Components an architecture may add to the gensets, with their size field in a DesignSpace.
COMPONENT_FIELDS = {"pv": "pv_kw", "wind": "n_turbines", "battery": "battery_kwh"}
#: Every architecture, as the components it has besides the gensets, in the table's order.
ARCHITECTURES = ((), ("pv",), ("wind",), ("battery",), ("pv", "battery"), ("wind", "battery"),
                 ("pv", "wind"), ("pv", "wind", "battery"))
_LABELS = {"pv": "PV", "wind": "wind", "battery": "battery"}


def architecture_name(components: Iterable[str], plant: bool = False) -> str:
    """The row label of an architecture: ``"PV + battery + gensets"``, ``"diesel only"``
    (``"gensets only"`` for a plant of genset types)."""
    have = set(components)
    parts = [c for c in COMPONENT_FIELDS if c in have]
    if not parts:
        return "gensets only" if plant else "diesel only"
    return " + ".join([_LABELS[c] for c in parts] + ["gensets"])


def _parse(arch) -> tuple[str, ...]:
    """An architecture given as a name (``"PV + battery + gensets"``) or components."""
    if isinstance(arch, str):
        text = arch.strip().lower()
        if text in ("diesel only", "gensets only", "gensets", "diesel"):
            return ()
        words = [w.strip() for w in text.split("+")]
        unknown = [w for w in words if w not in (*COMPONENT_FIELDS, "gensets", "diesel")]
        check(not unknown, "architectures", arch, f"names unknown components {unknown}",
              "write e.g. 'PV + battery + gensets' or ('pv', 'battery')")
        parts = set(words)
    else:
        check(isinstance(arch, Iterable), "architectures", arch,
              "must hold names or tuples of components", "e.g. [(), ('pv',), ('pv', 'battery')]")
        parts = {str(c).lower() for c in arch} - {"gensets", "diesel"}
        unknown = sorted(parts - set(COMPONENT_FIELDS))
        check(not unknown, "architectures", arch, f"names unknown components {unknown}",
              f"use components of {tuple(COMPONENT_FIELDS)}")
    return tuple(c for c in COMPONENT_FIELDS if c in parts)


def _template_size(system: System, component: str) -> float:
    if component == "pv":
        return system.pv.rated_kw if system.pv is not None else 0.0
    if component == "wind":
        return float(system.wind.n_turbines) if system.wind is not None else 0.0
    return system.battery.energy_kwh if system.battery is not None else 0.0


def _span(space: DesignSpace, system: System, component: str) -> tuple[float, float]:
    """The least and largest size a component may take in the space."""
    value = getattr(space, COMPONENT_FIELDS[component])
    if value is None:
        value = _template_size(system, component)
    return value if isinstance(value, tuple) else (value, value)


def allowed_architectures(system: System, space: DesignSpace) -> tuple[tuple[str, ...], ...]:
    """The architectures of :data:`ARCHITECTURES` the space allows: each component it lacks
    may be 0, each it has may be above 0 (a field left ``None`` keeps the template's size)."""
    spans = {c: _span(space, system, c) for c in COMPONENT_FIELDS}
    return tuple(a for a in ARCHITECTURES
                 if all((spans[c][1] > 0) if c in a else (spans[c][0] == 0)
                        for c in COMPONENT_FIELDS))


def _floor(bound, share: float, integer: bool):
    """A present component's range raised to at least ``share`` of its top (one unit)."""
    if not isinstance(bound, tuple):
        return bound
    lo, hi = bound
    least = 1.0 if integer else share * hi
    return (max(lo, min(least, hi)), hi)


def restrict(system: System, space: DesignSpace, components: Iterable[str], *,
             min_share: float = 0.01) -> DesignSpace:
    """The design space of one architecture: absent components fixed at 0, present ones at
    least ``min_share`` of their upper bound (wind: one turbine), a one-fleet genset range
    that allows no unit raised to one; a space with no decision variable left gets its
    genset count as a range of one value, so it can still be searched (one design)."""
    have = set(_parse(components))
    changes = {}
    for c, name in COMPONENT_FIELDS.items():
        bound = getattr(space, name)
        if c not in have:
            changes[name] = 0.0
        else:
            changes[name] = _floor(bound, min_share, integer=c == "wind")
    if "battery" not in have:
        if space.battery_duration_h is None:
            changes["battery_kw"] = 0.0
    else:
        changes["battery_kw"] = _floor(space.battery_kw, min_share, integer=False)
    gen = None if system.is_plant else system.genset_or_zero
    owned = space.existing_units or (gen.existing_units if gen is not None else 0)
    if gen is not None and owned == 0:  # every architecture here has gensets
        if isinstance(space.n_units, tuple):
            changes["n_units"] = _floor(space.n_units, 0.0, integer=True)
        elif isinstance(space.genset_kw, tuple):
            changes["genset_kw"] = _floor(space.genset_kw, min_share, integer=False)
    out = dataclasses.replace(space, **changes)
    return out if out.free else _pinned(out, system)


def _pinned(space: DesignSpace, system: System) -> DesignSpace:
    """The space with its genset count (or total kW) as a range of its one value."""
    if system.is_plant:
        types = dict(space.type_units or {})
        f = system.fleets[0]
        value = types.get(f.name)
        new = value if isinstance(value, float) else float(f.n_units - f.existing_units)
        types[f.name] = (new, new)
        return dataclasses.replace(space, type_units=types)
    if space.genset_kw is not None:
        return dataclasses.replace(space, genset_kw=(space.genset_kw, space.genset_kw))
    gen = system.genset_or_zero
    if space.n_units is not None:
        new = space.n_units
    elif space.existing_units:
        new = float(gen.n_units)
    else:
        new = float(gen.n_units - gen.existing_units)
    return dataclasses.replace(space, n_units=(new, new))


@dataclass(frozen=True, eq=False)
class ArchitectureTable:
    """What :func:`size_architectures` returns: the best system of each architecture.

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per architecture (index ``architecture``), every column numeric
        with its unit in the name: ``feasible``, ``rank [-]`` (1 for the best
        feasible row by the objective, NaN when infeasible), the sizes
        (``PV [kW DC]``, ``wind turbines [-]``, ``wind [kW]``, ``battery
        [kWh]``, ``battery [kW]``, ``genset units [-]``, ``gensets [kW]``), the
        costs (``capital``, ``NPC``, ``annualised`` in millions of the
        currency, ``LCOE`` per kWh, ``fuel cost [M<cur>/yr]`` annualised), the
        energy (``fuel [kL/yr]`` of diesel, ``renewable fraction [%]``,
        ``CO2 [t/yr]``, ``unserved [%]``), the savings against the diesel-only
        row (``NPC saving``, ``fuel saving [kL/yr]``, ``CO2 saving [t/yr]``,
        ``extra capital``; NaN when the space allows no diesel-only design),
        and the search's ``designs evaluated [-]`` and ``time [s]``.
    results : dict
        The :class:`~minegrid.SizingResult` of each row, by architecture name.
    binding : dict
        The requirements each infeasible row misses ("" for a feasible row).
    objective : str
        What each search minimised (``"npc"``, ``"annualised"`` or ``"lcoe"``).
    currency : str
    reference : str or None
        The row the savings are counted against (``"diesel only"``, or
        ``"gensets only"`` for a plant), None when it is not in the table.
    complete : bool
        False when the user stopped the run (Ctrl-C): the table holds the rows
        finished, the last one the best design found before the stop.
    elapsed_s : float
        Wall time of every search together. [s]
    notes : dict
        Sizes that ended on a bound, by architecture ("" when none): a present
        component at its ``min_share`` floor does not pay for itself there; one
        at the top of its range may want a wider range.
    min_share : float
        The floor of a present component, as a share of its upper bound. [-]
    """

    frame: object
    results: dict
    binding: dict
    objective: str
    currency: str
    reference: str | None = None
    complete: bool = True
    elapsed_s: float = 0.0
    notes: dict = field(default_factory=dict)
    min_share: float = 0.01

    @property
    def best(self) -> str | None:
        """Name of the best feasible architecture (rank 1), None when none is feasible."""
        rank = self.frame["rank [-]"]
        return str(rank.idxmin()) if rank.notna().any() else None

    @property
    def best_result(self):
        """The :class:`~minegrid.SizingResult` of :attr:`best` (None when none is feasible)."""
        return None if self.best is None else self.results[self.best]

    def to_text(self) -> str:
        """The table rounded for reading (what ``minegrid run --size`` prints)."""
        from ..report.architectures import architecture_text

        return architecture_text(self)

    def __repr__(self) -> str:
        return f"ArchitectureTable(\n{self.to_text()}\n)"

    def _repr_html_(self) -> str:
        from ..report.architectures import architecture_table_html

        return architecture_table_html(self)


def _row(r, cur: str) -> dict:
    """The numbers of one sizing's design (full precision, units in the names)."""
    res = r.result
    sys_, s, c = res.system, res.stats, res.costs
    fleets = sys_.fleets
    return {
        "feasible": bool(r.feasible),
        "PV [kW DC]": sys_.pv_or_zero.rated_kw,
        "wind turbines [-]": float(sys_.wind_or_zero.n_turbines),
        "wind [kW]": sys_.wind_or_zero.rated_kw,
        "battery [kWh]": sys_.battery_or_zero.energy_kwh,
        "battery [kW]": sys_.battery_or_zero.power_kw,
        "genset units [-]": float(sum(f.n_units for f in fleets)),
        "gensets [kW]": float(sum(f.rated_kw for f in fleets)),
        f"capital [M{cur}]": c.capital / 1e6,
        f"NPC [M{cur}]": c.npc / 1e6,
        f"annualised [M{cur}/yr]": c.annualised / 1e6,
        f"LCOE [{cur}/kWh]": c.lcoe,
        f"fuel cost [M{cur}/yr]": c.system.fuel * c.crf / 1e6,
        "fuel [kL/yr]": s.fuel_l / 1e3,
        "renewable fraction [%]": 100 * s.renewable_fraction,
        "CO2 [t/yr]": s.co2_t,
        "unserved [%]": 100 * s.unserved_fraction,
        "designs evaluated [-]": float(r.nfev),
        "time [s]": float(r.elapsed_s),
    }


def _frame(results: dict, reference: str | None, cur: str):
    import pandas as pd

    rows = {name: _row(r, cur) for name, r in results.items()}
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "architecture"
    nan = math.nan
    ref = rows.get(reference) if reference is not None else None
    npc, cap = f"NPC [M{cur}]", f"capital [M{cur}]"
    frame[f"NPC saving [M{cur}]"] = (ref[npc] - frame[npc]) if ref else nan
    frame["fuel saving [kL/yr]"] = (ref["fuel [kL/yr]"] - frame["fuel [kL/yr]"]) if ref else nan
    frame["CO2 saving [t/yr]"] = (ref["CO2 [t/yr]"] - frame["CO2 [t/yr]"]) if ref else nan
    frame[f"extra capital [M{cur}]"] = (frame[cap] - ref[cap]) if ref else nan
    # rank by the objective, feasible rows only (the searches' own order)
    fun = pd.Series({name: r.fun for name, r in results.items()}, dtype="float64")
    feasible = frame["feasible"].astype(bool)
    rank = fun[feasible].rank(method="first")
    frame.insert(1, "rank [-]", rank.reindex(frame.index).astype("float64"))
    numeric = [col for col in frame.columns if col != "feasible"]
    frame[numeric] = frame[numeric].astype("float64")
    return frame


def _reporter(progress, name: str):
    """``progress=True``: a line per architecture, labelled with it; else as given."""
    if progress is True:
        return SizingProgress(label=f"minegrid.size [{name}]")
    return progress


def _options_for(space: DesignSpace, options: dict) -> dict:
    """The size options for one architecture: a grid mapping kept to its free variables and
    their bounds; a search of one design done as a grid."""
    opts = dict(options)
    grid = opts.get("grid")
    if isinstance(grid, Mapping):
        import numpy as np

        kept = {}
        for name, values in grid.items():
            if name in space.free:
                lo, hi = space.bound(name)
                vals = np.asarray(values, dtype=float).ravel()
                vals = vals[(vals >= lo) & (vals <= hi)]
                if vals.size:
                    kept[name] = vals
        opts["grid"] = kept
    if all(lo == hi for lo, hi in space.bounds()):
        opts["method"] = "grid"
    return opts


def size_architectures(system: System, profiles, space: DesignSpace,
                       requirements: Requirements | None = None, *, project=None,
                       architectures: Iterable | None = None, min_share: float = 0.01,
                       progress=True, **size_options) -> ArchitectureTable:
    """Size the best system of each architecture the design space allows, side by side.

    Parameters
    ----------
    system, profiles, space, requirements, project
        As for :func:`minegrid.size`: the template, the profiles, the full
        design space, the requirements (each architecture must meet them all)
        and the finance.
    architectures : iterable, optional
        Which architectures to size, by name (``"PV + battery + gensets"``,
        ``"diesel only"``) or components (``("pv", "battery")``); default every
        one of :data:`ARCHITECTURES` that the space allows. One the space does
        not allow is refused (InputError).
    min_share : float
        A component an architecture has is sized from this share of its
        range's upper bound (a wind farm from one turbine), so each row has
        exactly its components; default 1 %. A row whose size ends on that
        floor means the component does not pay for itself there. [-]
    progress : bool, callable or object
        As for :func:`minegrid.size`; ``True`` labels each search's line with
        its architecture.
    **size_options
        Passed to every search alike: ``objective``, ``method``, ``seed``,
        ``maxiter``, ``popsize``, ``tol``, ``polish``, ``grid`` (a mapping is
        kept to each architecture's variables), ``threads``, ``callback``,
        ``init``, ``screen``, ``refine_designs``, ...

    Returns
    -------
    ArchitectureTable

    Notes
    -----
    The architectures are sized one after another; Ctrl-C keeps the rows
    finished (and the best design so far of the one interrupted) with
    ``complete=False``. The best row is the cheapest design of the searches
    together; it is no worse than one :func:`minegrid.size` over the full
    space up to the search's tolerance, since that search's design belongs to
    one architecture (unless its component lies below the ``min_share`` floor).
    """
    t0 = time.perf_counter()
    objective = size_options.get("objective", "npc")
    method = size_options.get("method", "de")
    requirements, project = check_inputs(system, space, requirements, project, objective,
                                         method)
    min_share = number(min_share, "min_share", minimum=0.0, maximum=1.0,
                       fix="a fraction of the upper bound, e.g. 0.01")
    plant = system.is_plant
    allowed = allowed_architectures(system, space)
    if architectures is None:
        chosen = allowed
    else:
        check(not isinstance(architectures, str), "architectures", architectures,
              "must be a list of architectures", f"write [{architectures!r}]")
        chosen = tuple(dict.fromkeys(_parse(a) for a in architectures))
        check(len(chosen) > 0, "architectures", architectures, "is empty",
              "name at least one, or pass None for all")
        for a in chosen:
            check(a in allowed, "architectures", architecture_name(a, plant),
                  "is not allowed by the design space (a component it lacks cannot be 0, or "
                  "one it has cannot be above 0)",
                  f"choose among {[architecture_name(x, plant) for x in allowed]}")
    check(len(chosen) > 0, "space", space, "allows none of the architectures (some component "
          "can be neither 0 nor above 0)", "give each size as a (low, high) range from 0")
    results, binding, complete = {}, {}, True
    for arch in chosen:
        name = architecture_name(arch, plant)
        sub = restrict(system, space, arch, min_share=min_share)
        try:
            r = size(system, profiles, sub, requirements, project=project,
                     progress=_reporter(progress, name), **_options_for(sub, size_options))
        except KeyboardInterrupt:
            complete = False
            break
        except InputError as exc:
            raise InputError(f"sizing the {name} architecture: {exc}") from None
        results[name] = r
        binding[name] = ", ".join(n for n, c in r.constraints.items() if not c["met"])
        if r.status == 3:  # interrupted: keep what is done
            complete = False
            break
    if not results:
        raise KeyboardInterrupt
    cur = project.currency
    reference = architecture_name((), plant)
    reference = reference if reference in results else None
    notes = {name: _note(r, space) for name, r in results.items()}
    return ArchitectureTable(frame=_frame(results, reference, cur), results=results,
                             binding=binding, objective=objective, currency=cur,
                             reference=reference, complete=complete,
                             elapsed_s=time.perf_counter() - t0, notes=notes,
                             min_share=min_share)


_WORDS = {"pv_kw": "PV", "n_turbines": "wind turbines", "battery_kwh": "battery energy",
          "battery_kw": "battery power", "n_units": "new genset units",
          "genset_kw": "genset kW"}


def _note(r, space: DesignSpace) -> str:
    """Sizes that ended on a bound, in words: a present component at its floor (it does not
    pay for itself there), another on the lower bound of the range, or on its top."""
    parts = []
    for name, side in r.at_bounds.items():
        label = _WORDS.get(name, name.replace("n_units[", "new units of ").rstrip("]"))
        full = space.bound(name) if name in space.free else None
        if side == "upper":
            parts.append(f"{label} at the top of its range (widen it)")
        elif full is not None and r.values[name] > full[0]:
            parts.append(f"{label} at its least size here, so it does not pay for itself")
        else:
            parts.append(f"{label} at the lower bound of its range")
    return "; ".join(parts)
