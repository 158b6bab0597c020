"""The one thin orchestrator: operation -> aggregation -> economics.

>>> import numpy as np, minegrid as mg
>>> load = np.full(24, 500.0)
>>> system = mg.System(genset=mg.GensetFleet(unit_rated_kw=400, n_units=2))
>>> result = mg.simulate(system, load, base_case=False)
>>> round(result.stats.renewable_fraction, 3), result.stats.unserved_fraction
(0.0, 0.0)
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields

import numpy as np

from . import dispatch as _dispatch
from .components import GensetFleet, Project, System
from .economics import Costs, costs_from_prices, price_designs, system_prices
from .errors import InputError, check

__all__ = ["Stats", "SimulationResult", "simulate", "simulate_batch", "diesel_only",
           "DESIGN_COLUMNS"]

HOURS_PER_YEAR = 8760.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Stats:
    """Operating statistics per year.

    Flows (energies, hours, starts, fuel) are totals over the simulated period
    scaled to a year of 8760 h (the factor is exactly 1 for an 8760-h year);
    maxima and durations of single events are not scaled. Energies in kWh/year.

    Attributes
    ----------
    load_kwh, served_kwh, unserved_kwh : float
        Load asked for, served, and not served. [kWh/year]
    unserved_fraction : float
        ``unserved_kwh / load_kwh``. [-]
    unserved_max_kw : float
        Largest unserved power in one step. [kW]
    unserved_hours : float
        Time with some load unserved. [h/year]
    unserved_longest_event_h : float
        Longest run of consecutive steps with unserved load. [h]
    capacity_shortage_kwh, capacity_shortage_fraction, capacity_shortage_hours
        Operating-reserve shortfall (load still met, reserve not): energy
        [kWh/year], fraction of load [-], time [h/year].
    pv_kwh, wind_kwh : float
        Renewable output before curtailment. [kWh/year]
    curtailed_kwh : float
        Renewable energy curtailed. [kWh/year]
    curtailed_max_kw : float
        Largest curtailed power in one step. [kW]
    curtailed_fraction : float
        ``curtailed_kwh / (pv_kwh + wind_kwh)`` (0 without renewables). [-]
    renewable_kwh : float
        Renewable energy used: ``pv_kwh + wind_kwh − curtailed_kwh``. [kWh/year]
    dumped_kwh : float
        Genset energy dumped (minimum load with a full battery). [kWh/year]
    genset_kwh : float
        Genset production, including dumped energy. [kWh/year]
    genset_max_kw : float
        Largest genset fleet output. [kW]
    unit_running_hours : float
        Running hours summed over units. [h/year]
    fleet_running_hours : float
        Hours with at least one unit running. [h/year]
    starts : float
        Unit starts. [1/year]
    max_units_online : int
        Most units running at once. [-]
    fuel_l : float
        Fuel burnt. [L/year]
    co2_t : float
        CO2 from fuel. [t/year]
    battery_charge_kwh, battery_discharge_kwh : float
        Energy into and out of the battery at the bus. [kWh/year]
    battery_charge_from_genset_kwh : float
        Part of the charge that came from gensets. [kWh/year]
    battery_losses_kwh : float
        ``charge − discharge − (E_end − E_start)``. [kWh/year]
    battery_throughput_kwh : float
        ``charge + discharge``. [kWh/year]
    battery_cycles : float
        Equivalent full cycles ``throughput / (2·E_rated)`` (0 without battery). [1/year]
    renewable_fraction : float
        ``1 − genset_kwh / served_kwh`` (HOMER, electric-only). [-]
    period_h : float
        Length of the simulated period. [h]
    """

    load_kwh: float
    served_kwh: float
    unserved_kwh: float
    unserved_fraction: float
    unserved_max_kw: float
    unserved_hours: float
    unserved_longest_event_h: float
    capacity_shortage_kwh: float
    capacity_shortage_fraction: float
    capacity_shortage_hours: float
    pv_kwh: float
    wind_kwh: float
    curtailed_kwh: float
    curtailed_max_kw: float
    curtailed_fraction: float
    renewable_kwh: float
    dumped_kwh: float
    genset_kwh: float
    genset_max_kw: float
    unit_running_hours: float
    fleet_running_hours: float
    starts: float
    max_units_online: int
    fuel_l: float
    co2_t: float
    battery_charge_kwh: float
    battery_discharge_kwh: float
    battery_charge_from_genset_kwh: float
    battery_losses_kwh: float
    battery_throughput_kwh: float
    battery_cycles: float
    renewable_fraction: float
    period_h: float

    _UNITS = {"fraction": "-", "kwh": "kWh/yr", "_kw": "kW", "hours": "h/yr", "_h": "h",
              "fuel_l": "L/yr", "co2_t": "t/yr", "cycles": "1/yr", "starts": "1/yr"}

    def to_dict(self) -> dict:
        return asdict(self)

    def to_series(self):
        """As a pandas Series (units in the names)."""
        import pandas as pd

        return pd.Series(self.to_dict(), name="stats")

    def __repr__(self) -> str:
        def unit(name):
            for key, u in self._UNITS.items():
                if name.endswith(key) or key in name:
                    return u
            return "-"

        rows = [f"  {f.name:32s} {getattr(self, f.name):>16,.4g} {unit(f.name)}"
                for f in fields(self)]
        return "Stats(\n" + "\n".join(rows) + "\n)"


def _stats_from_totals(tot: dict, e_rated: float, co2_kg_per_l: float, period_h: float,
                       e_start: float) -> Stats:
    k = HOURS_PER_YEAR / period_h
    load, served, unserved = tot["load_kwh"], tot["served_kwh"], tot["unserved_kwh"]
    ch, dis = tot["ch_kwh"], tot["dis_kwh"]
    throughput = ch + dis
    re = tot["pv_kwh"] + tot["wind_kwh"]
    return Stats(
        load_kwh=load * k, served_kwh=served * k, unserved_kwh=unserved * k,
        unserved_fraction=unserved / load if load > 0 else 0.0,
        unserved_max_kw=tot["unserved_max_kw"], unserved_hours=tot["unserved_h"] * k,
        unserved_longest_event_h=tot["unserved_longest_h"],
        capacity_shortage_kwh=tot["cap_short_kwh"] * k,
        capacity_shortage_fraction=tot["cap_short_kwh"] / load if load > 0 else 0.0,
        capacity_shortage_hours=tot["cap_short_h"] * k,
        pv_kwh=tot["pv_kwh"] * k, wind_kwh=tot["wind_kwh"] * k,
        curtailed_kwh=tot["curtailed_kwh"] * k, curtailed_max_kw=tot["curtailed_max_kw"],
        curtailed_fraction=tot["curtailed_kwh"] / re if re > 0 else 0.0,
        renewable_kwh=(re - tot["curtailed_kwh"]) * k, dumped_kwh=tot["dumped_kwh"] * k,
        genset_kwh=tot["gen_kwh"] * k, genset_max_kw=tot["gen_max_kw"],
        unit_running_hours=tot["unit_h"] * k, fleet_running_hours=tot["fleet_h"] * k,
        starts=tot["starts"] * k, max_units_online=int(tot["max_units"]),
        fuel_l=tot["fuel_l"] * k, co2_t=tot["fuel_l"] * k * co2_kg_per_l / 1000.0,
        battery_charge_kwh=ch * k, battery_discharge_kwh=dis * k,
        battery_charge_from_genset_kwh=tot["ch_gen_kwh"] * k,
        battery_losses_kwh=(ch - dis - (tot["e_end_kwh"] - e_start)) * k,
        battery_throughput_kwh=throughput * k,
        battery_cycles=throughput * k / (2.0 * e_rated) if e_rated > 0 else 0.0,
        renewable_fraction=1.0 - tot["gen_kwh"] / served if served > 0 else 0.0,
        period_h=period_h,
    )


@dataclass(frozen=True, slots=True)
class Savings:
    """Hybrid design against the diesel-only base case (positive = hybrid better)."""

    npc: float
    annualised: float
    lcoe: float
    fuel_l: float
    co2_t: float
    capital_extra: float
    currency: str = "USD"

    def to_dict(self) -> dict:
        return asdict(self)

    def __repr__(self) -> str:
        c = self.currency
        return (f"Savings(npc={self.npc:,.0f} {c}, annualised={self.annualised:,.0f} {c}/yr, "
                f"lcoe={self.lcoe:.4f} {c}/kWh, fuel={self.fuel_l:,.0f} L/yr, "
                f"co2={self.co2_t:,.1f} t/yr, extra capital={self.capital_extra:,.0f} {c})")


@dataclass(frozen=True, slots=True, eq=False)
class SimulationResult:
    """What :func:`simulate` returns.

    Attributes
    ----------
    system : System
    project : Project
    stats : Stats
        Operating statistics per year.
    costs : Costs
        Economics (``costs.npc``, ``costs.lcoe``, ``costs.to_frame()``).
    base : SimulationResult or None
        The diesel-only base case (see :func:`diesel_only`).
    dispatch : pandas.DataFrame or None
        Step-by-step trajectories when asked for (``dispatch=True``), indexed
        like the profiles; columns in kW unless named otherwise.
    """

    system: System
    project: Project
    stats: Stats
    costs: Costs
    base: SimulationResult | None = None
    dispatch: object = None

    @property
    def savings(self) -> Savings | None:
        """Savings against the diesel-only base case (None without a base case)."""
        if self.base is None:
            return None
        b = self.base
        return Savings(
            npc=b.costs.npc - self.costs.npc,
            annualised=b.costs.annualised - self.costs.annualised,
            lcoe=b.costs.lcoe - self.costs.lcoe,
            fuel_l=b.stats.fuel_l - self.stats.fuel_l,
            co2_t=b.stats.co2_t - self.stats.co2_t,
            capital_extra=self.costs.capital - b.costs.capital,
            currency=self.project.currency,
        )

    def summary(self):
        """Key figures of the design (and base case) as a pandas DataFrame."""
        import pandas as pd

        def col(r):
            s, c = r.stats, r.costs
            return {
                "PV [kW DC]": r.system.pv_or_zero.rated_kw,
                "wind [kW]": r.system.wind_or_zero.rated_kw,
                "battery [kWh]": r.system.battery_or_zero.energy_kwh,
                "battery [kW]": r.system.battery_or_zero.power_kw,
                "gensets [units x kW]": (f"{r.system.genset_or_zero.n_units} x "
                                         f"{r.system.genset_or_zero.unit_rated_kw:g}"),
                "load [MWh/yr]": s.load_kwh / 1e3,
                "unserved [%]": 100 * s.unserved_fraction,
                "renewable fraction [%]": 100 * s.renewable_fraction,
                "fuel [kL/yr]": s.fuel_l / 1e3,
                "CO2 [t/yr]": s.co2_t,
                "curtailed [MWh/yr]": s.curtailed_kwh / 1e3,
                "genset running [unit-h/yr]": s.unit_running_hours,
                "battery cycles [1/yr]": s.battery_cycles,
                f"capital [M{c.currency}]": c.capital / 1e6,
                f"NPC [M{c.currency}]": c.npc / 1e6,
                f"annualised [M{c.currency}/yr]": c.annualised / 1e6,
                f"LCOE [{c.currency}/kWh]": c.lcoe,
            }

        data = {"design": col(self)}
        if self.base is not None:
            data["diesel only"] = col(self.base)
        return pd.DataFrame(data)

    def __repr__(self) -> str:
        s, c = self.stats, self.costs
        cur = c.currency
        parts = [
            "SimulationResult(",
            f"  served {s.served_kwh / 1e3:,.1f} MWh/yr, unserved {100 * s.unserved_fraction:.3f} %"
            f", renewable fraction {100 * s.renewable_fraction:.1f} %",
            f"  fuel {s.fuel_l / 1e3:,.1f} kL/yr, CO2 {s.co2_t:,.0f} t/yr, "
            f"curtailed {s.curtailed_kwh / 1e3:,.1f} MWh/yr",
            f"  NPC {c.npc / 1e6:,.3f} M{cur}, LCOE {c.lcoe:.4f} {cur}/kWh, "
            f"capital {c.capital / 1e6:,.3f} M{cur}",
        ]
        sv = self.savings
        if sv is not None:
            parts.append(f"  vs diesel only: NPC saving {sv.npc / 1e6:,.3f} M{cur}, "
                         f"fuel saving {sv.fuel_l / 1e3:,.1f} kL/yr")
        return "\n".join(parts) + "\n)"


def diesel_only(system: System, profiles: _dispatch.Profiles) -> System:
    """The diesel-only base case of ``system``.

    No PV, wind or battery; the same genset unit (or the default
    :class:`~minegrid.GensetFleet` when the design has none), with enough units
    that the fleet covers the peak load plus the load-based operating reserve
    at the worst derating of the period, and never fewer units than the design.
    """
    gen = system.genset if system.genset is not None else GensetFleet()
    avail = profiles.genset_availability
    worst = float(np.min(avail)) if np.size(avail) else 1.0
    check(worst > 0, "genset_availability", worst, "reaches 0, so no diesel-only fleet can "
          "serve the load", "pass base_case=False or check the derating profile")
    need = profiles.load_kw.max() * (1.0 + system.dispatch.reserve_load_fraction)
    units = max(gen.n_units, math.ceil(need / (gen.unit_rated_kw * worst)))
    return System(genset=gen.replace(n_units=units), dispatch=system.dispatch)


def _trajectory_frame(traj: np.ndarray, profiles: _dispatch.Profiles):
    import pandas as pd

    index = profiles.index
    if index is None:
        index = pd.RangeIndex(profiles.n_steps, name="step")
    frame = pd.DataFrame(traj, index=index, columns=list(_dispatch.TRAJ_NAMES))
    frame["units_online"] = frame["units_online"].astype(int)
    return frame


def _simulate_one(system: System, profiles, project: Project, trajectories: bool):
    tot, traj = _dispatch.run(system, profiles, trajectories=trajectories)
    bat = system.battery_or_zero
    stats = _stats_from_totals(tot, bat.energy_kwh, system.genset_or_zero.co2_kg_per_l,
                               profiles.period_h, bat.soc_initial * bat.energy_kwh)
    q = system_prices(system)
    q.update(cycles=stats.battery_cycles, unit_h=stats.unit_running_hours,
             fuel_l=stats.fuel_l, co2_t=stats.co2_t, served_kwh=stats.served_kwh)
    costs = costs_from_prices(price_designs(q, project), None, stats.served_kwh,
                              project.currency)
    frame = _trajectory_frame(traj, profiles) if trajectories else None
    return SimulationResult(system=system, project=project, stats=stats, costs=costs,
                            dispatch=frame)


def simulate(system: System, profiles, pv_kw_per_kw=None, wind_kw_per_turbine=None, *,
             genset_availability=None, dt_h=None, project: Project | None = None,
             dispatch: bool = False, base_case: bool = True) -> SimulationResult:
    """Simulate a system over the profiles and price it.

    Parameters
    ----------
    system : System
        Components, sizes and dispatch rules.
    profiles : Profiles, array-like or pandas.Series
        A :class:`~minegrid.dispatch.Profiles`, or the load [kW] with the other
        series given as the next arguments.
    pv_kw_per_kw : array-like or Series, optional
        PV output per kW DC. [kW/kW]
    wind_kw_per_turbine : array-like or Series, optional
        Output of one turbine. [kW]
    genset_availability : array-like, Series or float, optional
        Genset available-capacity factor in [0, 1] (derating). [-]
    dt_h : float, optional
        Time step; from the index or 1.0 when omitted. [h]
    project : Project, optional
        Finance; ``Project()`` when omitted.
    dispatch : bool
        Also return the step-by-step dispatch as a DataFrame (``result.dispatch``).
    base_case : bool
        Also simulate the diesel-only base case (``result.base``, ``result.savings``).

    Returns
    -------
    SimulationResult
    """
    check(isinstance(system, System), "system", type(system).__name__,
          "must be a minegrid.System", "build one with minegrid.System(pv=..., genset=...)")
    project = Project() if project is None else project
    check(isinstance(project, Project), "project", type(project).__name__,
          "must be a minegrid.Project", "pass minegrid.Project(...)")
    profiles = _dispatch.as_profiles(profiles, pv_kw_per_kw, wind_kw_per_turbine,
                                     genset_availability, dt_h)
    result = _simulate_one(system, profiles, project, dispatch)
    if base_case:
        base = _simulate_one(diesel_only(system, profiles), profiles, project, False)
        result = SimulationResult(system=system, project=project, stats=result.stats,
                                  costs=result.costs, base=base, dispatch=result.dispatch)
    return result


#: Columns a design table may set in :func:`simulate_batch`.
DESIGN_COLUMNS = ("pv_kw", "n_turbines", "battery_kwh", "battery_kw", "n_units", "unit_kw")


def design_matrix(system: System, designs) -> tuple[np.ndarray, dict]:
    """Kernel parameters and price arrays for a table of designs based on ``system``.

    ``designs`` maps some of :data:`DESIGN_COLUMNS` to arrays of equal length;
    every other parameter comes from ``system``. ``battery_kw`` defaults to the
    base battery's power-to-energy ratio times ``battery_kwh``.
    """
    from . import _kernels as K

    cols = {}
    for name, values in dict(designs).items():
        check(name in DESIGN_COLUMNS, "designs", name, f"is not one of {DESIGN_COLUMNS}",
              "rename the column")
        arr = np.asarray(values, dtype=float).ravel()
        check(bool(np.isfinite(arr).all()) and bool((arr >= 0).all()), f"designs[{name!r}]",
              "values", "must be finite and >= 0", "remove negative or NaN sizes")
        if name in ("n_turbines", "n_units"):
            check(bool((arr == np.round(arr)).all()), f"designs[{name!r}]", "values",
                  "must be whole numbers", "round unit counts")
        cols[name] = arr
    lengths = {v.size for v in cols.values()}
    if len(lengths) > 1:
        raise InputError(f"design columns have different lengths {sorted(lengths)}. "
                         "Fix: give every column one value per design.")
    m = lengths.pop() if lengths else 1
    check(m > 0, "designs", "no rows", "must hold at least one design", "pass arrays")
    base = _dispatch.design_params(system)
    params = np.tile(base, (m, 1))
    bat = system.battery_or_zero
    if "pv_kw" in cols:
        params[:, K.P_PV_KW] = cols["pv_kw"]
    if "n_turbines" in cols:
        params[:, K.P_WIND_N] = cols["n_turbines"]
    if "battery_kwh" in cols:
        params[:, K.P_E_KWH] = cols["battery_kwh"]
        if "battery_kw" not in cols:
            ratio_c = bat.charge_power_kw / bat.energy_kwh if bat.energy_kwh > 0 else 1.0
            ratio_d = bat.discharge_power_kw / bat.energy_kwh if bat.energy_kwh > 0 else 1.0
            params[:, K.P_PCH_KW] = cols["battery_kwh"] * ratio_c
            params[:, K.P_PDIS_KW] = cols["battery_kwh"] * ratio_d
    if "battery_kw" in cols:
        params[:, K.P_PCH_KW] = cols["battery_kw"]
        params[:, K.P_PDIS_KW] = cols["battery_kw"]
    if "n_units" in cols:
        params[:, K.P_N_UNITS] = cols["n_units"]
    if "unit_kw" in cols:
        check(bool((cols["unit_kw"] > 0).all()), "designs['unit_kw']", "values", "must be > 0",
              "give the genset unit rating in kW")
        params[:, K.P_UNIT_KW] = cols["unit_kw"]
    q = system_prices(system)
    q["pv_kw"] = params[:, K.P_PV_KW]
    q["wind_kw"] = params[:, K.P_WIND_N] * system.wind_or_zero.turbine_rated_kw
    q["battery_kwh"] = params[:, K.P_E_KWH]
    q["battery_kw"] = np.maximum(params[:, K.P_PCH_KW], params[:, K.P_PDIS_KW])
    q["genset_n_units"] = params[:, K.P_N_UNITS]
    q["genset_kw"] = params[:, K.P_N_UNITS] * params[:, K.P_UNIT_KW]
    return params, q


def simulate_batch(system: System, profiles, designs, *, project: Project | None = None,
                   genset_availability=None, dt_h=None):
    """Simulate and price many variants of ``system`` at once.

    Parameters
    ----------
    system : System
        Template: every parameter a design does not set comes from here.
    profiles : Profiles or load
        As for :func:`simulate` (a :class:`~minegrid.dispatch.Profiles` is reused as is).
    designs : dict or pandas.DataFrame
        Columns among :data:`DESIGN_COLUMNS` (``pv_kw``, ``n_turbines``,
        ``battery_kwh``, ``battery_kw``, ``n_units``, ``unit_kw``), one row per design.
    project : Project, optional

    Returns
    -------
    pandas.DataFrame
        One row per design: the design columns, yearly statistics (as in
        :class:`Stats`) and economics (``npc``, ``annualised``, ``lcoe``,
        ``capital`` and each ``{component}_{category}``).
    """
    project = Project() if project is None else project
    profiles = _dispatch.as_profiles(profiles, None, None, genset_availability, dt_h)
    params, q = design_matrix(system, designs)
    totals = _dispatch.run_batch(params, profiles)
    return batch_frame(params, q, totals, profiles, system, project)


def batch_frame(params, q, totals, profiles, system, project):
    """Statistics and prices of a batch run as a DataFrame (one row per design).

    ``params`` and ``q`` come from :func:`design_matrix`, ``totals`` from
    :func:`minegrid.dispatch.run_batch`.
    """
    import pandas as pd

    from . import _kernels as K
    k = HOURS_PER_YEAR / profiles.period_h
    T = {name: totals[:, i] for i, name in enumerate(_dispatch.STAT_NAMES)}
    e_rated = params[:, K.P_E_KWH]
    e_start = params[:, K.P_SOC_INI] * e_rated
    load = T["load_kwh"]
    served = T["served_kwh"] * k
    throughput = (T["ch_kwh"] + T["dis_kwh"]) * k
    with np.errstate(divide="ignore", invalid="ignore"):
        cycles = np.where(e_rated > 0, throughput / (2.0 * np.where(e_rated > 0, e_rated, 1)),
                          0.0)
        frac = lambda x: np.where(load > 0, x / np.where(load > 0, load, 1), 0.0)  # noqa: E731
        rf = np.where(served > 0, 1.0 - T["gen_kwh"] * k / np.where(served > 0, served, 1), 0.0)
    re = T["pv_kwh"] + T["wind_kwh"]
    fuel = T["fuel_l"] * k
    co2 = fuel * system.genset_or_zero.co2_kg_per_l / 1000.0
    q = dict(q, cycles=cycles, unit_h=T["unit_h"] * k, fuel_l=fuel, co2_t=co2, served_kwh=served)
    prices = price_designs(q, project)
    data = {
        "pv_kw": params[:, K.P_PV_KW], "n_turbines": params[:, K.P_WIND_N],
        "battery_kwh": e_rated, "battery_kw": params[:, K.P_PDIS_KW],
        "n_units": params[:, K.P_N_UNITS], "unit_kw": params[:, K.P_UNIT_KW],
        "load_kwh": load * k, "served_kwh": served, "unserved_kwh": T["unserved_kwh"] * k,
        "unserved_fraction": frac(T["unserved_kwh"]), "unserved_max_kw": T["unserved_max_kw"],
        "unserved_hours": T["unserved_h"] * k,
        "unserved_longest_event_h": T["unserved_longest_h"],
        "capacity_shortage_kwh": T["cap_short_kwh"] * k,
        "capacity_shortage_fraction": frac(T["cap_short_kwh"]),
        "capacity_shortage_hours": T["cap_short_h"] * k,
        "pv_kwh": T["pv_kwh"] * k, "wind_kwh": T["wind_kwh"] * k,
        "curtailed_kwh": T["curtailed_kwh"] * k, "curtailed_max_kw": T["curtailed_max_kw"],
        "curtailed_fraction": np.where(re > 0, T["curtailed_kwh"] / np.where(re > 0, re, 1), 0.0),
        "renewable_kwh": (re - T["curtailed_kwh"]) * k, "dumped_kwh": T["dumped_kwh"] * k,
        "genset_kwh": T["gen_kwh"] * k, "genset_max_kw": T["gen_max_kw"],
        "unit_running_hours": T["unit_h"] * k, "fleet_running_hours": T["fleet_h"] * k,
        "starts": T["starts"] * k, "max_units_online": T["max_units"],
        "fuel_l": fuel, "co2_t": co2,
        "battery_charge_kwh": T["ch_kwh"] * k, "battery_discharge_kwh": T["dis_kwh"] * k,
        "battery_charge_from_genset_kwh": T["ch_gen_kwh"] * k,
        "battery_losses_kwh": (T["ch_kwh"] - T["dis_kwh"] - (T["e_end_kwh"] - e_start)) * k,
        "battery_throughput_kwh": throughput, "battery_cycles": cycles,
        "renewable_fraction": rf,
        "npc": prices["npc"], "annualised": prices["annualised"], "lcoe": prices["lcoe"],
        "capital": sum(prices[f"{c}_capital"] for c in Costs.COMPONENTS),
    }
    for c in Costs.COMPONENTS:
        for cat in ("capital", "replacement", "om", "fuel", "carbon", "salvage"):
            data[f"{c}_{cat}"] = prices[f"{c}_{cat}"]
    return pd.DataFrame(data)
