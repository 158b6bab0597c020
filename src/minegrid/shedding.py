"""Load shedding by process area: which areas lose supply when it is short, and at what cost.

When the dispatch cannot serve the whole load (``unserved_kw`` of
``simulate(..., dispatch=True)``), the shortfall of each step is taken from the mine's
process areas (:class:`minegrid.ProcessArea`, their loads from
:meth:`minegrid.MineLoad.breakdown`) in **shedding order**: lowest ``priority`` first;
within a priority, lowest value of lost production per MWh first; then as listed. Each
area gives at most its own load of the step:

.. math::

    s_{a,t} = \\min\\Bigl(L_{a,t},\\ u_t - \\sum_{b \\prec a} s_{b,t}\\Bigr)

with :math:`u_t` the unserved power [kW], :math:`L_{a,t}` the area's load [kW] and
:math:`b \\prec a` the areas before :math:`a` in the order. So an area is shed only once
every area before it is shed entirely, and the areas' sheds add up to :math:`u_t`. The
value of the production lost is

.. math::

    C = k_y \\sum_t \\sum_a v_a\\, s_{a,t}\\, \\Delta t / 1000 \\quad [\\mathrm{currency/yr}]

with :math:`v_a` the area's value [currency/MWh] (:attr:`ProcessArea.value_per_mwh`; 0
when none is given), :math:`\\Delta t` the step [h] and :math:`k_y = 8760 / (n\\,\\Delta t)`
the scaling of the period to a year (as :class:`minegrid.Stats`). Over the project it is
worth :math:`C \\sum_{k=1}^{N} (1+i)^{-k}` (:func:`lost_value_npc`: end-of-year cash flows
at the real discount rate, as every yearly cost of :mod:`minegrid.economics`), which
``size(..., objective="npc_plus_lost_value")`` adds to each design's NPC.

Functions first: :func:`shedding_order`, :func:`allocate_shedding`,
:func:`shedding_for` (from a simulation), :func:`lost_value_per_year` (many unserved
trajectories at once, what the sizing objective uses) and :func:`lost_value_npc`;
:class:`AreaLoads` holds the areas' loads, priorities and values; :class:`Shedding` is
the result. See ``docs/theory/reliability.md``.

Examples
--------
>>> import numpy as np, pandas as pd
>>> loads = AreaLoads(load_kw=pd.DataFrame({"offices": [200.0], "mill": [1000.0]}),
...                   priority=(0, 1), lost_value_per_mwh=(0.0, 500.0), dt_h=1.0)
>>> shed = allocate_shedding(loads, [500.0])
>>> shed.shed_kw.iloc[0].tolist(), round(shed.cost_per_year)
([200.0, 300.0], 1314000)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .errors import check, number, number_array, whole

__all__ = ["AreaLoads", "Shedding", "LOAD_TOLERANCE", "LOST_VALUE_OBJECTIVE", "shedding_order",
           "allocate_shedding",
           "shedding_for", "lost_value_per_year", "lost_value_npc", "uniform_value"]

#: Largest gap tolerated between the areas' total load and the load the dispatch served,
#: and between the unserved power and the areas' total, as a fraction of the peak load
#: (at least 1 kW): rounding, not a missing area.
LOAD_TOLERANCE = 1e-6

#: The objective of :func:`minegrid.size` that adds the value of lost load to the NPC.
LOST_VALUE_OBJECTIVE = "npc_plus_lost_value"

_HOURS_PER_YEAR = 8760.0


def shedding_order(priority: Sequence[int], value_per_mwh: Sequence[float]) -> tuple[int, ...]:
    """Positions of the areas in shedding order: lowest priority first, then lowest value.

    Ties keep the listing order.

    >>> shedding_order([1, 0, 1], [100.0, 900.0, 50.0])
    (1, 2, 0)
    """
    check(len(priority) == len(value_per_mwh), "value_per_mwh", len(value_per_mwh),
          f"must have one value per priority ({len(priority)})", "give one per area")
    return tuple(sorted(range(len(priority)),
                        key=lambda i: (priority[i], value_per_mwh[i], i)))


def _step_h(index, dt_h) -> float:
    """The step of ``index`` in hours (a regular DatetimeIndex), or ``dt_h`` (checked)."""
    inferred = None
    if isinstance(index, pd.DatetimeIndex) and len(index) >= 2:
        steps = np.diff(index.as_unit("ns").asi8)
        check(bool(np.all(steps == steps[0])) and steps[0] > 0, "AreaLoads.load_kw.index",
              "irregular steps", "must be a regular, increasing time axis",
              "give the loads on the dispatch's steps (Profiles' index)")
        inferred = float(steps[0]) / 3.6e12
    if dt_h is None:
        check(inferred is not None, "AreaLoads.dt_h", None, "is needed: the index of load_kw "
              "is not a time axis of two steps or more", "give dt_h, the time step in hours")
        return inferred
    dt = number(dt_h, "AreaLoads.dt_h", minimum=0.0, strict=True, fix="the step in hours")
    check(inferred is None or math.isclose(dt, inferred, rel_tol=1e-9), "AreaLoads.dt_h",
          dt_h, f"disagrees with the step of load_kw's index ({inferred} h)",
          "leave dt_h out, or give the index's step")
    return dt


@dataclass(frozen=True, slots=True, kw_only=True)
class AreaLoads:
    """Each area's load on the dispatch's steps, with its shedding priority and value.

    Build it with :meth:`from_areas` (process areas and their loads) or :meth:`from_mine`.

    Parameters
    ----------
    load_kw : pandas.DataFrame
        One column per area (unique names), one row per step of the dispatch. [kW]
    priority : sequence of int
        Shedding priority of each column, whole numbers >= 0 (higher kept longer).
    lost_value_per_mwh : sequence of float
        Value of the production lost per MWh shed, per column, >= 0. [currency/MWh]
    valued : sequence of bool, optional
        Whether each value was given (False: 0 by default, which reports say).
        Default: True where the value is above 0.
    dt_h : float, optional
        Time step [h]; default from the index (a regular DatetimeIndex).
    """

    load_kw: pd.DataFrame
    priority: tuple[int, ...]
    lost_value_per_mwh: tuple[float, ...]
    valued: tuple[bool, ...] | None = None
    dt_h: float | None = None

    def __post_init__(self) -> None:
        frame = self.load_kw
        check(isinstance(frame, pd.DataFrame), "AreaLoads.load_kw", type(frame).__name__,
              "must be a pandas DataFrame", "one column of kW per area, e.g. "
              "MineLoad.breakdown(year)")
        names = [str(c) for c in frame.columns]
        check(len(names) > 0 and len(frame) > 0, "AreaLoads.load_kw", frame.shape,
              "must have at least one area column and one step", "give the areas' loads")
        dups = sorted({n for n in names if names.count(n) > 1})
        check(not dups, "AreaLoads.load_kw", dups, "has duplicated area names",
              "give each area a unique name")
        values = np.empty((len(frame), len(names)))
        for j, name in enumerate(frame.columns):
            values[:, j] = number_array(frame[name].to_numpy(), f"AreaLoads.load_kw[{name!r}]",
                                        minimum=0.0, fix="give finite loads >= 0 kW")
        object.__setattr__(self, "load_kw", pd.DataFrame(values, index=frame.index,
                                                         columns=names))
        k = len(names)
        for field in ("priority", "lost_value_per_mwh"):
            given = getattr(self, field)
            check(isinstance(given, Sequence | np.ndarray) and not isinstance(given, str)
                  and len(given) == k, f"AreaLoads.{field}", given,
                  f"must have one value per area ({k})", f"give {k} values, as the columns")
        object.__setattr__(self, "priority", tuple(
            whole(p, "AreaLoads.priority", fix="whole numbers >= 0") for p in self.priority))
        object.__setattr__(self, "lost_value_per_mwh", tuple(
            number(v, "AreaLoads.lost_value_per_mwh", minimum=0.0)
            for v in self.lost_value_per_mwh))
        valued = self.valued
        if valued is None:
            valued = tuple(v > 0 for v in self.lost_value_per_mwh)
        check(len(valued) == k and all(isinstance(b, bool | np.bool_) for b in valued),
              "AreaLoads.valued", valued, f"must hold {k} True/False values",
              "say for each area whether its value was given")
        object.__setattr__(self, "valued", tuple(bool(b) for b in valued))
        object.__setattr__(self, "dt_h", _step_h(frame.index, self.dt_h))

    # ---- constructors -----------------------------------------------------------------
    @classmethod
    def from_areas(cls, areas, load_kw: pd.DataFrame, *, dt_h: float | None = None) -> AreaLoads:
        """From process areas (or a :class:`minegrid.MineLoad`) and their loads.

        ``load_kw`` must have exactly one column per area, named as the area; the
        columns are put in the areas' order.
        """
        from .mine import MineLoad, ProcessArea

        areas = tuple(areas.areas if isinstance(areas, MineLoad) else areas)
        check(len(areas) > 0 and all(isinstance(a, ProcessArea) for a in areas), "areas",
              areas, "must be a sequence of ProcessArea", "pass mine.areas")
        check(isinstance(load_kw, pd.DataFrame), "load_kw", type(load_kw).__name__,
              "must be a pandas DataFrame", "pass MineLoad.breakdown(year)")
        names = [a.name for a in areas]
        columns = [str(c) for c in load_kw.columns]
        missing, extra = sorted(set(names) - set(columns)), sorted(set(columns) - set(names))
        check(not missing and not extra, "load_kw.columns", columns,
              f"must be the areas' names {names} (missing {missing}, not areas {extra})",
              "give one column per area, e.g. MineLoad.breakdown(year)")
        frame = load_kw.set_axis(columns, axis=1)[names]
        return cls(load_kw=frame, priority=tuple(a.priority for a in areas),
                   lost_value_per_mwh=tuple(a.value_per_mwh for a in areas),
                   valued=tuple(a.value_given for a in areas), dt_h=dt_h)

    @classmethod
    def from_mine(cls, mine, year: int, *, dt_h: float = 1.0, tz=None, seed: int | None = 0,
                  index=None, scale: float = 1.0) -> AreaLoads:
        """The loads of ``mine`` (:meth:`minegrid.MineLoad.breakdown`), on ``index`` when
        given (same length: e.g. the weather's) and multiplied by ``scale``."""
        frame = mine.breakdown(year, dt_h=dt_h, tz=tz, seed=seed)
        if index is not None:
            check(len(index) == len(frame), "index", f"{len(index)} steps",
                  f"must have as many steps as the mine's load ({len(frame)})",
                  "give the index of the same year and step")
            frame = frame.set_axis(index)
        scale = number(scale, "scale", minimum=0.0)
        return cls.from_areas(mine, frame * scale, dt_h=dt_h)

    def with_area(self, name: str, load_kw, *, priority: int, lost_value_per_mwh: float = 0.0,
                  valued: bool = False) -> AreaLoads:
        """A copy with one more area (a load that is not a process area, e.g. a haul fleet's
        charging): ``load_kw`` on the same steps. [kW]"""
        check(isinstance(name, str) and name.strip() != "" and name not in self.names,
              "name", name, "must be a new, non-empty area name", "pick another name")
        if isinstance(load_kw, pd.Series):
            check(load_kw.index.equals(self.load_kw.index), "load_kw.index", "other steps",
                  "must equal the areas' index", "give the load on the same steps")
            load_kw = load_kw.to_numpy()
        values = number_array(load_kw, f"load_kw of {name!r}", minimum=0.0)
        check(values.size == len(self.load_kw), f"load_kw of {name!r}", f"{values.size} values",
              f"must have one value per step ({len(self.load_kw)})", "give the same steps")
        frame = self.load_kw.copy()
        frame[name] = values
        return AreaLoads(load_kw=frame, priority=(*self.priority, priority),
                         lost_value_per_mwh=(*self.lost_value_per_mwh, lost_value_per_mwh),
                         valued=(*self.valued, valued), dt_h=self.dt_h)

    # ---- properties -------------------------------------------------------------------
    @property
    def names(self) -> tuple[str, ...]:
        """The areas, as the columns."""
        return tuple(self.load_kw.columns)

    @property
    def order(self) -> tuple[int, ...]:
        """Column positions in shedding order (:func:`shedding_order`)."""
        return shedding_order(self.priority, self.lost_value_per_mwh)

    @property
    def total_kw(self) -> np.ndarray:
        """Total load of the areas per step. [kW]"""
        return self.load_kw.to_numpy().sum(axis=1)

    @property
    def year_factor(self) -> float:
        """Scaling of the period to a year, ``8760 / (n dt)``. [-]"""
        return _HOURS_PER_YEAR / (len(self.load_kw) * self.dt_h)

    def tolerance_kw(self) -> float:
        """The gap :data:`LOAD_TOLERANCE` allows, ``1e-6 * max(peak, 1 kW)``. [kW]"""
        return LOAD_TOLERANCE * max(float(self.total_kw.max()), 1.0)

    def check_load(self, load_kw, field: str = "load_kw") -> None:
        """Raise InputError unless ``load_kw`` (the load the dispatch served, on the same
        steps) equals the areas' total within :meth:`tolerance_kw`."""
        if isinstance(load_kw, pd.Series):
            check(load_kw.index.equals(self.load_kw.index), f"{field}.index",
                  _span(load_kw.index), f"is not the areas' index ({_span(self.load_kw.index)})",
                  "build the area loads on the dispatch's steps (the Profiles' index)")
            load_kw = load_kw.to_numpy()
        load = number_array(load_kw, field)
        check(load.size == len(self.load_kw), field, f"{load.size} steps",
              f"must have the areas' {len(self.load_kw)} steps", "use the same period")
        gap = np.abs(self.total_kw - load)
        worst = int(np.argmax(gap))
        check(gap[worst] <= self.tolerance_kw(), field, float(load[worst]),
              f"differs from the areas' total {float(self.total_kw[worst]):,.3f} kW at step "
              f"{worst} ({self.load_kw.index[worst]})", "give every load of the dispatch as an "
              "area (AreaLoads.with_area for a haul fleet) and the same scaling")


def _span(index) -> str:
    return f"{len(index)} steps from {index[0]}" if len(index) else "empty"


def _shed_in_order(unserved: np.ndarray, loads: np.ndarray, order):
    """``(area position, shed [kW])`` in shedding order: ``min(area load, what is left)``;
    ``unserved`` may be (n,) or (m, n) for m trajectories, ``loads`` is (n, areas)."""
    left = np.array(unserved, dtype=np.float64, copy=True)
    for a in order:
        shed = np.minimum(left, loads[:, a])
        left -= shed
        yield a, shed


def lost_value_per_year(area_loads: AreaLoads, unserved_kw) -> np.ndarray | float:
    """Value of the production lost per year for one or many unserved trajectories.

    The piecewise-linear cost of each step (the allocation of :func:`allocate_shedding`,
    without building the per-area frame), summed over the steps and scaled to a year.

    Parameters
    ----------
    area_loads : AreaLoads
    unserved_kw : array_like
        (n,) or (m, n): unserved power of each step, for m designs. [kW]

    Returns
    -------
    float or numpy.ndarray
        One value per trajectory. [currency/yr]
    """
    u = np.asarray(unserved_kw, dtype=np.float64)
    n = len(area_loads.load_kw)
    check(u.ndim in (1, 2) and u.shape[-1] == n, "unserved_kw", u.shape,
          f"must be (n,) or (m, n) with n = {n} steps", "give one value per step")
    loads = area_loads.load_kw.to_numpy()
    values = area_loads.lost_value_per_mwh
    cost = np.zeros(u.shape[:-1])
    for a, shed in _shed_in_order(u, loads, area_loads.order):
        if values[a] > 0:
            cost = cost + values[a] * shed.sum(axis=-1)
    out = cost * area_loads.dt_h / 1000.0 * area_loads.year_factor
    return float(out) if u.ndim == 1 else out


def lost_value_npc(cost_per_year, project):
    """Present value of a yearly lost-production cost over the project:
    ``cost × Σ_{k=1..N} (1 + i)^-k`` (end-of-year, real rate). [currency]

    >>> from minegrid import Project
    >>> lost_value_npc(1000.0, Project(lifetime_years=10, discount_rate=0.0))
    10000.0
    """
    from .economics import present_worth_factor

    return cost_per_year * present_worth_factor(project.discount_rate, project.lifetime_years)


@dataclass(frozen=True, slots=True, kw_only=True)
class Shedding:
    """The load shed from each process area and the value of the production lost.

    Attributes
    ----------
    shed_kw : pandas.DataFrame
        Power shed from each area per step, columns as the areas. [kW]
    table : pandas.DataFrame
        One row per area (in listing order): ``order`` (1 = shed first), ``priority``,
        ``lost_value_per_mwh`` [currency/MWh], ``value_given``, ``load_kwh_per_year``,
        ``shed_kwh_per_year``, ``shed_fraction`` (of the area's energy),
        ``shed_hours_per_year`` (steps with shedding, in h/yr), ``max_shed_kw`` and
        ``cost_per_year`` [currency/yr].
    unserved_kwh_per_year : float
        The dispatch's unserved energy. [kWh/yr]
    cost_per_year : float
        Value of the production lost. [currency/yr]
    npc : float or None
        Its present value over the project (None without a project). [currency]
    currency : str
    """

    shed_kw: pd.DataFrame
    table: pd.DataFrame
    unserved_kwh_per_year: float
    cost_per_year: float
    npc: float | None = None
    currency: str = "USD"

    @property
    def shed_kwh_per_year(self) -> float:
        """Energy shed from the areas, equal to the unserved energy. [kWh/yr]"""
        return float(self.table["shed_kwh_per_year"].sum())

    @property
    def all_valued(self) -> bool:
        """Whether every area has a value of lost production given."""
        return bool(self.table["value_given"].all())

    def to_frame(self) -> pd.DataFrame:
        """The per-area table (a copy)."""
        return self.table.copy()

    def to_dict(self) -> dict:
        """The totals: unserved and shed energy [kWh/yr], cost [currency/yr], NPC."""
        return {"unserved_kwh_per_year": self.unserved_kwh_per_year,
                "shed_kwh_per_year": self.shed_kwh_per_year,
                "cost_per_year": self.cost_per_year, "npc": self.npc,
                "currency": self.currency}

    def __repr__(self) -> str:
        c = self.currency
        shed = self.table[self.table["shed_kwh_per_year"] > 0]
        parts = [f"Shedding(unserved {self.unserved_kwh_per_year / 1e3:,.2f} MWh/yr, lost "
                 f"production {self.cost_per_year:,.0f} {c}/yr"
                 + (f", {self.npc:,.0f} {c} over the project" if self.npc is not None else "")]
        for name, row in shed.iterrows():
            parts.append(f"  {name}: {row['shed_kwh_per_year'] / 1e3:,.2f} MWh/yr in "
                         f"{row['shed_hours_per_year']:,.0f} h/yr, "
                         f"{row['cost_per_year']:,.0f} {c}/yr")
        return "\n".join(parts) + ")"


def allocate_shedding(area_loads: AreaLoads, unserved_kw, *, load_kw=None, project=None,
                      currency: str | None = None) -> Shedding:
    """Allocate the unserved power of each step to the areas in shedding order.

    Parameters
    ----------
    area_loads : AreaLoads
        The areas' loads on the dispatch's steps, priorities and values.
    unserved_kw : pandas.Series or array_like
        Unserved power per step (``result.dispatch["unserved_kw"]``); a Series must
        have the areas' index. [kW]
    load_kw : pandas.Series or array_like, optional
        The load the dispatch served (``result.dispatch["load_kw"]``): checked against
        the areas' total (within :data:`LOAD_TOLERANCE`). [kW]
    project : minegrid.Project, optional
        For the present value of the cost (:func:`lost_value_npc`).
    currency : str, optional
        Label of the money (default the project's, else ``"USD"``).

    Returns
    -------
    Shedding

    Raises
    ------
    InputError
        Misaligned steps, loads that do not add up, unserved power above the areas'
        total load, negative or non-finite values.
    """
    check(isinstance(area_loads, AreaLoads), "area_loads", type(area_loads).__name__,
          "must be a minegrid.shedding.AreaLoads", "use AreaLoads.from_areas(areas, loads)")
    frame = area_loads.load_kw
    if isinstance(unserved_kw, pd.Series):
        check(unserved_kw.index.equals(frame.index), "unserved_kw.index",
              _span(unserved_kw.index), f"is not the areas' index ({_span(frame.index)})",
              "take both from the same period: result.dispatch['unserved_kw'] and the area "
              "loads on the Profiles' index")
        unserved_kw = unserved_kw.to_numpy()
    u = number_array(unserved_kw, "unserved_kw", minimum=0.0)
    check(u.size == len(frame), "unserved_kw", f"{u.size} steps",
          f"must have the areas' {len(frame)} steps", "use the same period")
    if load_kw is not None:
        area_loads.check_load(load_kw)
    total = area_loads.total_kw
    excess = u - total
    worst = int(np.argmax(excess))
    check(excess[worst] <= area_loads.tolerance_kw(), "unserved_kw", float(u[worst]),
          f"exceeds the areas' total load {float(total[worst]):,.3f} kW at step {worst} "
          f"({frame.index[worst]})", "give the unserved power of a dispatch of these loads")
    loads = frame.to_numpy()
    shed = np.zeros_like(loads)
    for a, s in _shed_in_order(u, loads, area_loads.order):
        shed[:, a] = s
    dt, k = area_loads.dt_h, area_loads.year_factor
    values = np.asarray(area_loads.lost_value_per_mwh)
    shed_kwh = shed.sum(axis=0) * dt * k
    load_kwh = loads.sum(axis=0) * dt * k
    cost = values * shed_kwh / 1000.0
    rank = np.empty(len(values), dtype=np.int64)
    rank[list(area_loads.order)] = np.arange(1, len(values) + 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        fraction = np.where(load_kwh > 0, shed_kwh / np.where(load_kwh > 0, load_kwh, 1.0), 0.0)
    table = pd.DataFrame({
        "order": rank, "priority": np.asarray(area_loads.priority, dtype=np.int64),
        "lost_value_per_mwh": values, "value_given": np.asarray(area_loads.valued),
        "load_kwh_per_year": load_kwh, "shed_kwh_per_year": shed_kwh,
        "shed_fraction": fraction,
        "shed_hours_per_year": np.count_nonzero(shed > 0, axis=0) * dt * k,
        "max_shed_kw": shed.max(axis=0), "cost_per_year": cost,
    }, index=pd.Index(area_loads.names, name="area"))
    if currency is None:
        currency = project.currency if project is not None else "USD"
    total_cost = float(cost.sum())
    return Shedding(shed_kw=pd.DataFrame(shed, index=frame.index, columns=area_loads.names),
                    table=table, unserved_kwh_per_year=float(u.sum() * dt * k),
                    cost_per_year=total_cost,
                    npc=None if project is None else float(lost_value_npc(total_cost, project)),
                    currency=str(currency))


def shedding_for(result, area_loads: AreaLoads) -> Shedding:
    """:func:`allocate_shedding` of a simulation: its unserved power and load
    (``simulate(..., dispatch=True)``), priced over its project."""
    frame = getattr(result, "dispatch", None)
    check(frame is not None, "result.dispatch", None, "holds no trajectories",
          "simulate with dispatch=True")
    return allocate_shedding(area_loads, frame["unserved_kw"], load_kw=frame["load_kw"],
                             project=result.project, currency=result.costs.currency)


def uniform_value(area_loads: AreaLoads) -> float | None:
    """The value every area shares, or None when they differ: with one value ``v`` the
    cost is ``v × unserved energy`` whatever the allocation. [currency/MWh]

    >>> uniform_value(AreaLoads(load_kw=pd.DataFrame({"a": [1.0], "b": [2.0]}),
    ...                         priority=(0, 1), lost_value_per_mwh=(80.0, 80.0), dt_h=1.0))
    80.0
    """
    v = area_loads.lost_value_per_mwh
    return float(v[0]) if all(x == v[0] for x in v) else None
