"""The value of lost load in a sizing's objective: ``size(..., objective="npc_plus_lost_value")``.

:class:`LostValueModel` wraps the year model of :mod:`minegrid.sizing.evaluator`: each
design's metrics gain ``lost_value_per_year`` (the value of the production its unserved
energy costs, shed from the process areas in shedding order, :mod:`minegrid.shedding`),
``lost_value_npc`` (its present value over the project) and ``npc_plus_lost_value``
(``npc + lost_value_npc``, the objective).

How it is evaluated, and what it costs
--------------------------------------
The cost of a step is a piecewise-linear function of that step's unserved power (one
segment per area, of slope the area's value, as long as the area's load), so it needs
each design's unserved *trajectory*, which the batch kernel does not return (it keeps
totals only). The model therefore:

1. reads the unserved energy of every design from the batch run the search makes anyway;
   a design with none costs exactly 0 and needs nothing more;
2. when every area has the same value ``v``, prices the others as ``v × unserved energy``
   (exact: the sheds of a step add up to its unserved power), again from the totals;
3. otherwise re-runs each design with unserved energy through the kernel's recording
   path (one design at a time, :func:`minegrid.dispatch.run_params` with trajectories,
   in parallel over the batch threads), and prices its unserved trajectory with
   :func:`minegrid.shedding.lost_value_per_year`, the same allocation as
   :func:`minegrid.shedding.allocate_shedding`.

Case 3 costs about 7-11 batch evaluations per design with unserved energy (the recording
path is a scalar loop, the batch one vectorised over 16 designs), so a search whose
designs all fall short runs several times slower than ``objective="npc"`` and one whose
designs serve the whole load runs at the same speed; ``benchmarks/README.md`` ("Load
shedding") has the measured figures.

One Profiles (one weather year) and one genset fleet: a plant of genset types or a list
of weather years is refused (InputError).
"""

from __future__ import annotations

import numpy as np

from .. import dispatch as _dispatch
from ..errors import check
from ..shedding import (
    LOST_VALUE_OBJECTIVE,
    AreaLoads,
    lost_value_npc,
    lost_value_per_year,
    uniform_value,
)

__all__ = ["LOST_VALUE_OBJECTIVE", "COLUMNS", "LostValueModel", "lost_value_model",
           "unserved_trajectories"]

_UNSERVED_KWH = _dispatch.STAT_NAMES.index("unserved_kwh")
_UNSERVED_KW = _dispatch.TRAJ_NAMES.index("unserved_kw")
#: Metrics the model adds, as columns of the history.
COLUMNS = ("lost_value_per_year", "lost_value_npc", "npc_plus_lost_value")


def unserved_trajectories(params: np.ndarray, profiles) -> np.ndarray:
    """Unserved power of each kernel row per step, ``(m, n)``, from the kernel's recording
    path (one design per call, the calls spread over the batch threads). [kW]"""
    params = np.atleast_2d(np.asarray(params, dtype=np.float64))
    out = np.empty((params.shape[0], profiles.n_steps))

    def one(i):
        _, traj = _dispatch.run_params(params[i], profiles, trajectories=True)
        out[i] = traj[:, _UNSERVED_KW]

    if params.shape[0] == 0:
        return out
    one(0)  # the first call compiles (or loads) the runner, once
    threads = min(_dispatch.get_threads(), params.shape[0] - 1)
    if threads <= 1:
        for i in range(1, params.shape[0]):
            one(i)
        return out
    from ..dispatch.run import thread_pool

    for future in [thread_pool().submit(one, i) for i in range(1, params.shape[0])]:
        future.result()
    return out


class LostValueModel:
    """A year model whose metrics also hold the value of the production lost to shedding.

    Parameters
    ----------
    model : YearModel
        The model it wraps (its profiles, project and system).
    area_loads : AreaLoads
        The process areas' loads on the profiles' steps, priorities and values.
    """

    def __init__(self, model, area_loads: AreaLoads):
        self.model = model
        self.area_loads = area_loads
        self.value = uniform_value(area_loads)

    def __getattr__(self, name):  # peak_kw, worst_availability, project, profiles, ...
        if name in ("model", "area_loads", "value"):
            raise AttributeError(name)
        return getattr(self.model, name)

    def lost_value(self, params, raw) -> np.ndarray:
        """Value of lost production per year of each design. [currency/yr]"""
        unserved = raw[:, _UNSERVED_KWH]
        out = np.zeros(params.shape[0])
        short = np.flatnonzero(unserved > 0)
        if short.size == 0:
            return out
        if self.value is not None:
            factor = self.model.profiles.year_factor
            out[short] = self.value * unserved[short] * factor / 1000.0
            return out
        u = unserved_trajectories(params[short], self.model.profiles)
        out[short] = lost_value_per_year(self.area_loads, u)
        return out

    def metrics(self, params, q):
        m, raw = self.model.metrics(params, q)
        per_year = self.lost_value(params, raw)
        m["lost_value_per_year"] = per_year
        m["lost_value_npc"] = lost_value_npc(per_year, self.model.project)
        m[LOST_VALUE_OBJECTIVE] = m["npc"] + m["lost_value_npc"]
        return m, np.column_stack([raw, per_year])

    def history(self, params, q, raw):
        frame = self.model.history(params, q, raw[:, :-1])
        frame["lost_value_per_year"] = raw[:, -1]
        frame["lost_value_npc"] = lost_value_npc(raw[:, -1], self.model.project)
        frame[LOST_VALUE_OBJECTIVE] = frame["npc"] + frame["lost_value_npc"]
        return frame

    def result(self, design):
        return self.model.result(design)


def lost_value_model(model, objective: str, shedding, system, profiles):
    """``model`` wrapped in a :class:`LostValueModel` for the lost-value objective (checked),
    else ``model`` itself; ``shedding`` is refused with another objective."""
    if objective != LOST_VALUE_OBJECTIVE:
        check(shedding is None, "shedding", type(shedding).__name__,
              f"is only read by objective={LOST_VALUE_OBJECTIVE!r} (the objective is "
              f"{objective!r})", f"pass objective={LOST_VALUE_OBJECTIVE!r}, or drop shedding")
        return model
    check(isinstance(shedding, AreaLoads), "shedding", type(shedding).__name__,
          f"must be a minegrid.AreaLoads for objective={LOST_VALUE_OBJECTIVE!r}",
          "pass shedding=minegrid.AreaLoads.from_areas(mine.areas, mine.breakdown(year)) on "
          "the profiles' steps")
    check(not isinstance(profiles, list), "profiles", "a list of Profiles",
          f"is several weather years; objective={LOST_VALUE_OBJECTIVE!r} takes one",
          "size over one Profiles, or use objective='npc'")
    check(not system.is_plant, "system", "a plant of genset types",
          f"is not sized with objective={LOST_VALUE_OBJECTIVE!r} yet (one genset fleet only)",
          "size one GensetFleet, or use objective='npc'")
    check(shedding.load_kw.shape[0] == profiles.n_steps, "shedding.load_kw",
          f"{shedding.load_kw.shape[0]} steps", f"must have the profiles' {profiles.n_steps}",
          "build the area loads on the profiles' steps")
    check(abs(shedding.dt_h - profiles.dt_h) <= 1e-9 * profiles.dt_h, "shedding.dt_h",
          shedding.dt_h, f"differs from the profiles' step {profiles.dt_h} h",
          "build the area loads at the profiles' step")
    shedding.check_load(profiles.load_kw, "profiles.load_kw")
    return LostValueModel(model, shedding)
