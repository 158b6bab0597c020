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
from .dispatch import DESIGN_COLUMNS, Stats, aggregate, design_matrix
from .economics import CATEGORIES, COMPONENTS, Costs, costs_from_prices, price_designs
from .errors import check
from .lazy import Deferred, Table
from .profiles import Profiles, as_profiles
from .reliability import reliability_checks

__all__ = ["C_RATE_RANGE", "Stats", "Savings", "SimulationResult", "simulate", "simulate_batch",
           "diesel_only", "batch_frame", "evaluate", "DESIGN_COLUMNS"]


#: Battery C-rates (power per kWh of energy) a design check accepts: 1-hour to 4-hour batteries.
C_RATE_RANGE = (0.25, 1.0)


@dataclass(frozen=True, slots=True)
class Savings:
    """Hybrid design against its base case (positive = hybrid better).

    ``fuel_l`` is diesel in litres (a plant's other fuels are in ``fuels``);
    ``base_label`` names the base case: ``"diesel only"``, or ``"gensets
    only"`` for a plant of genset types (:func:`minegrid.plantsim.gensets_only`).
    ``fuels`` holds ``(fuel, unit, quantity saved per year)`` for every fuel
    the plant burns, in the fuel's unit (empty without per-fuel tables).
    """

    npc: float
    annualised: float
    lcoe: float
    fuel_l: float
    co2_t: float
    capital_extra: float
    currency: str = "USD"
    base_label: str = "diesel only"
    fuels: tuple[tuple[str, str, float], ...] = ()

    def to_dict(self) -> dict:
        return asdict(self)

    @staticmethod
    def fuel_savings(base_fuels, fuels) -> tuple[tuple[str, str, float], ...]:
        """``(fuel, unit, base − design quantity per year)`` from two per-fuel tables
        (:attr:`SimulationResult.fuels`), summed over the types; () without them."""
        if base_fuels is None or fuels is None:
            return ()
        key = ["fuel", "unit"]
        b = base_fuels.groupby(key, sort=False)["quantity_per_year"].sum()
        d = fuels.groupby(key, sort=False)["quantity_per_year"].sum()
        names = list(dict.fromkeys([*b.index, *d.index]))
        return tuple((str(f), str(u), float(b.get((f, u), 0.0)) - float(d.get((f, u), 0.0)))
                     for f, u in names)

    def __repr__(self) -> str:
        c = self.currency
        if self.base_label == "diesel only":
            fuel = f"fuel={self.fuel_l:,.0f} L/yr"
            head = ""
        else:
            fuel = "fuel=" + (", ".join(f"{f} {q:,.0f} {u}/yr" for f, u, q in self.fuels)
                              or f"{self.fuel_l:,.0f} L/yr")
            head = f"vs {self.base_label}: "
        return (f"Savings({head}npc={self.npc:,.0f} {c}, annualised={self.annualised:,.0f} "
                f"{c}/yr, lcoe={self.lcoe:.4f} {c}/kWh, {fuel}, "
                f"co2={self.co2_t:,.1f} t/yr, extra capital={self.capital_extra:,.0f} {c})")


@dataclass(frozen=True, eq=False)
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
    weather_source : str or None
        Where the weather behind the profiles came from
        (:attr:`minegrid.Profiles.weather_source`); ``"SYNTHETIC weather ..."``
        for generated weather, which the repr, the report and the command line
        say in words.
    peak_load_kw : float
        Highest load of the period. [kW]
    worst_availability : float
        Lowest genset available-capacity factor of the period (the worst
        hour's derating). [-]
    fleets : pandas.DataFrame or None
        One row per genset type (as listed): units, rating, yearly running
        hours, starts, energy and fuel (in the fuel's unit), and its
        present-value costs by category. [various, named in the columns]
    fuels : pandas.DataFrame or None
        One row per type and fuel burnt: quantity per year in the fuel's unit,
        price, cost per year and CO2 (:func:`minegrid.plantcosts.plant_fuel_summary`).
    logistics : FuelLogistics or None
        The diesel tank, deliveries and dry spells when simulated with a
        :class:`~minegrid.FuelSupply` (``simulate(..., fuel_supply=)``).
    """

    system: System
    project: Project
    stats: Stats
    costs: Costs
    base: SimulationResult | None = None
    dispatch: object = None
    weather_source: str | None = None
    peak_load_kw: float = math.nan
    worst_availability: float = math.nan
    fleets: object = Table()
    fuels: object = Table()
    logistics: object = None

    def __getstate__(self):  # deferred tables are built before pickling
        return {**self.__dict__, "_fleets": self.fleets, "_fuels": self.fuels}

    def replace(self, **changes) -> SimulationResult:
        """A copy with some fields changed (deferred tables stay deferred)."""
        kept = {f.name: (type(self).__dict__[f.name].stored(self) if f.name in ("fleets", "fuels")
                         else getattr(self, f.name)) for f in fields(self)}
        return SimulationResult(**{**kept, **changes})

    def with_costs(self, costs: Costs) -> SimulationResult:
        """A copy with other costs (e.g. a cost outside the dispatch added)."""
        return self.replace(costs=costs)

    @property
    def synthetic_weather(self) -> bool:
        """True when the result was built on synthetic weather."""
        return bool(self.weather_source) and self.weather_source.startswith("SYNTHETIC")

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
            base_label="gensets only" if b.system.is_plant else "diesel only",
            fuels=Savings.fuel_savings(b.fuels, self.fuels),
        )

    def design_checks(self) -> list[dict]:
        """The checks an engineer signs, each with its verdict in words.

        * N+1 on the derated fleet: with one unit out, the gensets carry the
          peak load at the worst hour's derating,
          ``(n − 1) · P_u · min(a) ≥ max(L)``;
        * no capacity shortage: the operating reserve is held every hour;
        * battery C-rate: its power per kWh, ``max(P_ch, P_dis) / E``, lies in
          :data:`C_RATE_RANGE` (a battery of 1 to 4 hours).

        Returns
        -------
        list of dict
            ``name``, ``met`` (bool, or None when it does not apply), ``value``,
            ``limit`` and ``text`` (one sentence).
        """
        out = []
        fleets = [f for f in self.system.fleets if f.n_units > 0]
        peak = self.peak_load_kw
        worst = self._worst_by_type()
        if fleets and math.isfinite(peak) and all(math.isfinite(w) for w in worst.values()):
            firm_units = [(f.unit_rated_kw * worst[f.name], f) for f in fleets]
            largest, big = max(firm_units, key=lambda x: x[0])
            firm = sum(f.n_units * kw for kw, f in firm_units) - largest
            met = firm >= peak * (1 - 1e-9)
            if len(fleets) == 1:
                what = (f"fleet {'met' if met else 'NOT MET'}: with one of {big.n_units} "
                        f"units of {big.unit_rated_kw:,.0f} kW out")
            else:
                plant = " + ".join(f"{f.n_units} x {f.unit_rated_kw:,.0f} kW" for f in fleets)
                what = (f"plant {'met' if met else 'NOT MET'}: with the largest unit "
                        f"({big.unit_rated_kw:,.0f} kW) of {plant} out")
            out.append({"name": "n_plus_1", "met": met, "value": firm, "limit": peak,
                        "text": f"N+1 on the derated {what}, the "
                        f"others give {firm:,.0f} kW at the worst hour's derating "
                        f"({min(worst.values()):.3f} of rating) against a peak load of "
                        f"{peak:,.0f} kW."})
        s = self.stats
        met = s.capacity_shortage_kwh <= 0.0
        out.append({"name": "capacity_shortage", "met": met, "value": s.capacity_shortage_kwh,
                    "limit": 0.0,
                    "text": "No capacity shortage: the operating reserve is held every hour."
                    if met else f"Capacity shortage NOT zero: the operating reserve is short "
                    f"in {s.capacity_shortage_hours:,.0f} h/yr "
                    f"({s.capacity_shortage_kwh / 1e3:,.1f} MWh/yr)."})
        bat = self.system.battery_or_zero
        if bat.energy_kwh > 0:
            c_rate = max(bat.charge_power_kw, bat.discharge_power_kw) / bat.energy_kwh
            lo, hi = C_RATE_RANGE
            met = lo * (1 - 1e-6) <= c_rate <= hi * (1 + 1e-6)
            out.append({"name": "battery_c_rate", "met": met, "value": c_rate, "limit": (lo, hi),
                        "text": f"Battery C-rate {c_rate:.2f} per hour "
                        f"({bat.energy_kwh:,.0f} kWh, {bat.power_kw:,.0f} kW, "
                        f"{1 / c_rate if c_rate else math.inf:.1f} h) "
                        + (f"is within {lo:g}-{hi:g}." if met else
                           f"is OUTSIDE {lo:g}-{hi:g}: check the battery's power.")})
        return out + reliability_checks(s, self.system.dispatch)

    def _worst_by_type(self) -> dict:
        """Each genset type's worst available-capacity factor of the period. [-]"""
        table = self.fleets
        if table is not None and "worst availability [-]" in table:
            return table["worst availability [-]"].to_dict()
        return {f.name: self.worst_availability for f in self.system.fleets}

    def summary(self):
        """Key figures of the design (and base case) as a pandas DataFrame.

        Every column is float64; each row label carries its unit. The gensets are
        counted in rows ``"genset units [-]"`` and ``"genset unit [kW]"`` (the
        rating of one unit), or for a plant of genset types one pair per type,
        ``"units [<type>]"`` and ``"unit kW [<type>]"`` (NaN where a column's
        system has no such type). The base case's column is ``"diesel only"``, or
        ``"gensets only"`` for a plant of genset types, where ``"diesel [kL/yr]"``
        replaces ``"fuel [kL/yr]"`` and every other fuel gets a row
        (``"pipeline gas [MMBtu/yr]"``).
        """
        import pandas as pd

        plant = self.system.is_plant
        types = list(dict.fromkeys(f.name for r in (self, self.base) if r is not None
                                   for f in r.system.fleets))
        fuel_rows = []
        for r in (self, self.base):
            if plant and r is not None and r.fuels is not None:
                fuel_rows += [(f, u) for f, u in zip(r.fuels["fuel"], r.fuels["unit"],
                                                     strict=True)
                              if u != "L" and (f, u) not in fuel_rows]

        def per_fuel(r):
            out = {}
            for f, u in fuel_rows if r.fuels is not None else ():
                rows = r.fuels[(r.fuels["fuel"] == f) & (r.fuels["unit"] == u)]
                out[f"{f} [{u}/yr]"] = float(rows["quantity_per_year"].sum())
            return out

        def gensets(r):
            if not plant:
                fleet = r.system.fleets[0] if r.system.fleets else None
                return {"genset units [-]": float(fleet.n_units) if fleet else 0.0,
                        "genset unit [kW]": float(fleet.unit_rated_kw) if fleet else 0.0}
            by_type = {f.name: f for f in r.system.fleets}
            out = {}
            for name in types:
                f = by_type.get(name)
                out[f"units [{name}]"] = float(f.n_units) if f is not None else math.nan
                out[f"unit kW [{name}]"] = float(f.unit_rated_kw) if f is not None else math.nan
            return out

        def col(r):
            s, c = r.stats, r.costs
            return {
                "PV [kW DC]": r.system.pv_or_zero.rated_kw,
                "wind [kW]": r.system.wind_or_zero.rated_kw,
                "battery [kWh]": r.system.battery_or_zero.energy_kwh,
                "battery [kW]": r.system.battery_or_zero.power_kw,
                **gensets(r),
                "load [MWh/yr]": s.load_kwh / 1e3,
                "unserved [%]": 100 * s.unserved_fraction,
                "renewable fraction [%]": 100 * s.renewable_fraction,
                "diesel [kL/yr]" if plant else "fuel [kL/yr]": s.fuel_l / 1e3,
                **per_fuel(r),
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
            data["gensets only" if self.base.system.is_plant else "diesel only"] = col(self.base)
        return pd.DataFrame(data, dtype="float64")

    def _repr_html_(self) -> str:
        """Key figures, sizes and design checks as compact HTML, for notebooks."""
        from .report.notebook import result_html

        return result_html(self)

    def __repr__(self) -> str:
        s, c = self.stats, self.costs
        cur = c.currency
        parts = ["SimulationResult("]
        if self.synthetic_weather:
            parts.append(f"  built on {self.weather_source}")
        fuel = f"fuel {s.fuel_l / 1e3:,.1f} kL/yr"
        if self.system.is_plant and self.fuels is not None and len(self.fuels):
            used = self.fuels.groupby(["fuel", "unit"], sort=False)["quantity_per_year"].sum()
            fuel = "fuel: " + ", ".join(f"{f} {q:,.0f} {u}/yr" for (f, u), q in used.items())
        parts += [
            f"  served {s.served_kwh / 1e3:,.1f} MWh/yr, unserved {100 * s.unserved_fraction:.3f} %"
            f", renewable fraction {100 * s.renewable_fraction:.1f} %",
            f"  {fuel}, CO2 {s.co2_t:,.0f} t/yr, "
            f"curtailed {s.curtailed_kwh / 1e3:,.1f} MWh/yr",
            f"  NPC {c.npc / 1e6:,.3f} M{cur}, LCOE {c.lcoe:.4f} {cur}/kWh, "
            f"capital {c.capital / 1e6:,.3f} M{cur}",
        ]
        sv = self.savings
        if sv is not None and sv.base_label == "diesel only":
            parts.append(f"  vs diesel only: NPC saving {sv.npc / 1e6:,.3f} M{cur}, "
                         f"fuel saving {sv.fuel_l / 1e3:,.1f} kL/yr")
        elif sv is not None:
            saved = ", ".join(f"{f} {q:,.0f} {u}/yr" for f, u, q in sv.fuels if q) or "none"
            parts.append(f"  vs {sv.base_label}: NPC saving {sv.npc / 1e6:,.3f} M{cur}, "
                         f"fuel saving {saved}, CO2 saving {sv.co2_t:,.0f} t/yr")
        return "\n".join(parts) + "\n)"


def diesel_only(system: System, profiles: Profiles) -> System:
    """The diesel-only base case of ``system``.

    No PV, wind or battery; the same genset unit (or the default
    :class:`~minegrid.GensetFleet` when the design has none), with enough units
    that the fleet covers the peak load plus the load-based operating reserve
    at the worst derating of the period, and never fewer units than the design.
    """
    if len(system.fleets) > 1 or system.is_plant:
        from .plantsim import gensets_only

        return gensets_only(system, profiles)
    gen = system.genset if system.genset is not None else GensetFleet()
    avail = profiles.genset_availability
    worst = float(np.min(avail)) if np.size(avail) else 1.0
    check(worst > 0, "genset_availability", worst, "reaches 0, so no diesel-only fleet can "
          "serve the load", "pass base_case=False or check the derating profile")
    need = profiles.load_kw.max() * (1.0 + system.dispatch.reserve_load_fraction)
    units = max(gen.n_units, math.ceil(need / (gen.unit_rated_kw * worst)))
    return System(genset=gen.replace(n_units=units), dispatch=system.dispatch)


def evaluate(params: np.ndarray, q: dict, totals: np.ndarray, profiles: Profiles, project,
             co2_kg_per_l) -> tuple[dict, dict]:
    """Aggregation and economics of a batch: kernel totals -> (statistics, prices).

    The one pipeline behind every result: :func:`minegrid.dispatch.aggregate`
    turns the totals of the rows ``params`` into yearly statistics, and
    :func:`minegrid.economics.price_designs` prices them with the sizes and
    unit costs ``q`` (from :func:`minegrid.dispatch.design_matrix`).

    Returns
    -------
    stats : dict
        Arrays keyed by the fields of :class:`Stats`.
    prices : dict
        :func:`~minegrid.economics.price_designs` output.
    """
    cols = aggregate(totals, params, profiles, co2_kg_per_l)
    q = dict(q, cycles=cols["battery_cycles"], unit_h=cols["unit_running_hours"],
             fuel_l=cols["fuel_l"], co2_t=cols["co2_t"], served_kwh=cols["served_kwh"],
             starts=cols["starts"],
             battery_drawn_kwh=cols["battery_drawn_kwh"])
    return cols, price_designs(q, project)


def trajectory_frame(traj: np.ndarray, profiles: Profiles, system=None, fleet_traj=None):
    import pandas as pd

    index = profiles.index
    if index is None:
        index = pd.RangeIndex(profiles.n_steps, name="step")
    frame = pd.DataFrame(traj, index=index, columns=list(_dispatch.TRAJ_NAMES))
    frame["units_online"] = frame["units_online"].astype(int)
    if fleet_traj is not None:
        for k, fleet in enumerate(system.fleets):
            frame[f"units_online[{fleet.name}]"] = fleet_traj[:, k, 0].astype(int)
            frame[f"genset_kw[{fleet.name}]"] = fleet_traj[:, k, 1]
            frame[f"fuel_{fleet.curve_unit}_per_h[{fleet.name}]"] = fleet_traj[:, k, 2]
    return frame


def _simulate_one(system: System, profiles: Profiles, project: Project, trajectories: bool):
    from .plausible import check_against_profiles

    check_against_profiles(system, profiles)
    if system.is_plant:
        from .plantsim import simulate_plant

        return simulate_plant(system, profiles, project, trajectories)
    params, q = design_matrix(system, {}, project)
    tot, traj = _dispatch.run_params(params[0], profiles, trajectories=trajectories)
    totals = np.array([[tot[name] for name in _dispatch.STAT_NAMES]])
    cols, prices = evaluate(params, q, totals, profiles, project,
                            system.genset_or_zero.co2_kg_per_l)
    stats = Stats.from_columns(cols, 0)
    costs = costs_from_prices(prices, 0, stats.served_kwh, project.currency)
    frame = trajectory_frame(traj, profiles) if trajectories else None
    tables = []

    def table(i):
        if not tables:  # the two tables come from one call
            from .plantsim import one_fleet_tables

            tables.extend(one_fleet_tables(system, stats, costs, project, profiles))
        return tables[i]

    return SimulationResult(system=system, project=project, stats=stats, costs=costs,
                            dispatch=frame, fleets=Deferred(lambda: table(0)),
                            fuels=Deferred(lambda: table(1)), **result_inputs(profiles))


def result_inputs(profiles: Profiles) -> dict:
    """The profile facts a result carries: weather source, peak load, worst derating."""
    avail = profiles.genset_availability
    return {"weather_source": profiles.weather_source,
            "peak_load_kw": float(np.max(profiles.load_kw)),
            "worst_availability": float(np.min(avail)) if np.size(avail) else 1.0}


def simulate(system: System, profiles, pv_kw_per_kw=None, wind_kw_per_turbine=None, *,
             genset_availability=None, dt_h=None, project: Project | None = None,
             dispatch: bool = False, base_case: bool = True,
             fuel_supply=None) -> SimulationResult:
    """Simulate a system over the profiles and price it.

    Parameters
    ----------
    system : System
        Components, sizes and dispatch rules.
    profiles : Profiles, array-like or pandas.Series
        A :class:`~minegrid.Profiles`, or the load [kW] with the other
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
    fuel_supply : FuelSupply, optional
        The site's diesel tank and its trucks: the tank is followed through the
        period, a dry tank stops the diesel gensets until the next delivery
        (``result.logistics``; ``docs/theory/logistics.md``), the delivered price
        and the tank's capital enter the costs; the base case gets the same supply.

    Returns
    -------
    SimulationResult
    """
    check(isinstance(system, System), "system", type(system).__name__,
          "must be a minegrid.System", "build one with minegrid.System(pv=..., genset=...)")
    project = Project() if project is None else project
    check(isinstance(project, Project), "project", type(project).__name__,
          "must be a minegrid.Project", "pass minegrid.Project(...)")
    profiles = as_profiles(profiles, pv_kw_per_kw, wind_kw_per_turbine, genset_availability,
                           dt_h)
    if fuel_supply is not None:
        from .logistics.run import simulate_with_supply

        def one(s, p, j):
            return _simulate_one(s, p, j, True)

        result, logistics = simulate_with_supply(one, system, profiles, project, fuel_supply)
        result = result.replace(logistics=logistics, **result_inputs(profiles),
                                dispatch=result.dispatch if dispatch else None)
        if base_case:
            base, base_log = simulate_with_supply(one, diesel_only(system, profiles), profiles,
                                                  project, fuel_supply)
            result = result.replace(base=base.replace(logistics=base_log, dispatch=None))
        return result
    result = _simulate_one(system, profiles, project, dispatch)
    if base_case:
        base = _simulate_one(diesel_only(system, profiles), profiles, project, False)
        result = result.replace(base=base, **result_inputs(profiles))
    return result


def simulate_batch(system: System, profiles, designs, *, project: Project | None = None,
                   genset_availability=None, dt_h=None):
    """Simulate and price many variants of ``system`` at once.

    Parameters
    ----------
    system : System
        Template: every parameter a design does not set comes from here.
    profiles : Profiles or load
        As for :func:`simulate` (a :class:`~minegrid.Profiles` is reused as is).
    designs : dict or pandas.DataFrame
        Columns among :data:`DESIGN_COLUMNS` (``pv_kw``, ``n_turbines``,
        ``battery_kwh``, ``battery_kw``, ``n_units``, ``unit_kw``), one row per design;
        for a plant of genset types, ``n_units[<type name>]`` instead of
        ``n_units`` / ``unit_kw``.
    project : Project, optional

    Returns
    -------
    pandas.DataFrame
        One row per design: the design columns, yearly statistics (as in
        :class:`Stats`) and economics (``npc``, ``annualised``, ``lcoe``,
        ``capital`` and each ``{component}_{category}``). Its index is the
        index of ``designs`` (a DataFrame, or a dict of Series sharing one
        index), e.g. the designs' names; a RangeIndex for plain arrays.

    Examples
    --------
    >>> import numpy as np, pandas as pd, minegrid as mg
    >>> designs = pd.DataFrame({"pv_kw": [0.0, 500.0]}, index=["no PV", "500 kW PV"])
    >>> table = mg.simulate_batch(mg.System(genset=mg.GensetFleet(unit_rated_kw=400,
    ...                                                          n_units=2)),
    ...                           np.full(24, 300.0), designs)
    >>> table["pv_kw"].to_dict()
    {'no PV': 0.0, '500 kW PV': 500.0}
    """
    import pandas as pd

    from .plausible import check_against_profiles

    project = Project() if project is None else project
    profiles = as_profiles(profiles, None, None, genset_availability, dt_h)
    check_against_profiles(system, profiles)
    if system.is_plant:
        from .plantsim import plant_batch_frame

        frame = plant_batch_frame(system, profiles, designs, project)
    else:
        params, q = design_matrix(system, designs, project)
        totals = _dispatch.run_batch(params, profiles)
        frame = batch_frame(params, q, totals, profiles, system, project)
    # the user's row labels (a DataFrame's index, or the one index of a dict of Series)
    index = designs.index if isinstance(designs, pd.DataFrame) else None
    if isinstance(designs, dict) and designs:
        given = [v.index for v in designs.values() if isinstance(v, pd.Series)]
        if len(given) == len(designs) and all(ix.equals(given[0]) for ix in given):
            index = given[0]
    if index is not None and len(index) == len(frame):
        frame.index = index
    return frame


#: The design columns of a batch table, read from the kernel rows.
SIZE_COLUMNS = (("pv_kw", "pv_kw"), ("n_turbines", "n_turbines"),
                 ("battery_kwh", "battery_kwh"), ("battery_kw", "battery_discharge_kw"),
                 ("n_units", "n_units"), ("unit_kw", "unit_kw"))


def batch_frame(params, q, totals, profiles, system, project):
    """Statistics and prices of a batch run as a DataFrame (one row per design).

    ``params`` and ``q`` come from :func:`minegrid.dispatch.design_matrix`,
    ``totals`` from :func:`minegrid.dispatch.run_batch`; ``system`` is the
    template (its CO2 factor), ``project`` the finance.
    """
    import pandas as pd

    cols, prices = evaluate(params, q, totals, profiles, project,
                            system.genset_or_zero.co2_kg_per_l)
    data = {name: _dispatch.design_column(params, col) for name, col in SIZE_COLUMNS}
    data.update({f.name: cols[f.name] for f in fields(Stats) if f.name != "period_h"})
    data.update(npc=prices["npc"], annualised=prices["annualised"], lcoe=prices["lcoe"],
                capital=prices["capital"])
    for c in COMPONENTS:
        for cat in CATEGORIES:
            data[f"{c}_{cat}"] = prices[f"{c}_{cat}"]
    frame = pd.DataFrame(data)
    frame.attrs["weather_source"] = profiles.weather_source
    return frame

