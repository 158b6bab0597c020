"""The life-of-mine engine: the kernel once per year for all designs, ageing and cash flow.

:func:`simulate_life` runs the compiled dispatch kernel once per year (one
:func:`minegrid.dispatch.run_batch` call per year for all the designs at
once), chaining the battery's stored energy from year to year and applying,
year by year, the load of the year, PV degradation, battery fade with
replacement or augmentation, genset overhauls and replacements by running
hours, price paths and carbon rules, and closure salvage. Statistics come from
:func:`minegrid.dispatch.aggregate` and capital costs from
:func:`minegrid.economics.capital_costs`, as for every other result. A genset
plant (``System.is_plant``) runs on the plant kernel each year and its gensets
are priced type by type (:mod:`minegrid.lifeofmine.plant`).
Equations and references: ``docs/theory/lifeofmine.md``.

>>> import numpy as np, minegrid as mg
>>> system = mg.System(genset=mg.GensetFleet(unit_rated_kw=400, n_units=2))
>>> life = mg.LifeOfMine(horizon_years=3, load_scale=(0.5, 1.0, 1.0))
>>> r = mg.simulate_life(system, life, np.full(24, 500.0), base_case=False)
>>> r.cash_flow["served_kwh"].round().tolist()
[0.0, 2190000.0, 4380000.0, 4380000.0]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .. import dispatch as _dispatch
from ..components import Project, System
from ..dispatch import design_column, design_params, dispatch_costs, replace_columns
from ..dispatch.plant import count_column
from ..economics import COMPONENTS as PRICED
from ..economics import capital_costs, genset_extra_om, owned_capital, system_prices
from ..errors import InputError, check, is_number
from ..profiles import Profiles, as_profiles
from .ageing import advance_life, rainflow_cycles
from .inputs import BatteryAgeing, CarbonTax, LifeOfMine
from .plant import PlantLife
from .results import LifeOfMineResult, cash_flow_frame

__all__ = ["simulate_life", "engine", "resolve", "year_profiles", "Inputs", "prices"]

# statistics kept per year (flows scaled to 8760 h, as in minegrid.Stats): key -> Stats field
_YEAR_STATS = {"load_kwh": "load_kwh", "served_kwh": "served_kwh",
               "unserved_kwh": "unserved_kwh", "pv_kwh": "pv_kwh", "wind_kwh": "wind_kwh",
               "curtailed_kwh": "curtailed_kwh", "genset_kwh": "genset_kwh",
               "fuel_l": "fuel_l", "unit_h": "unit_running_hours", "starts": "starts",
               "ch_kwh": "battery_charge_kwh", "dis_kwh": "battery_discharge_kwh",
               "cap_short_kwh": "capacity_shortage_kwh"}


@dataclass(frozen=True, slots=True)
class Inputs:
    """Resolved per-year inputs (arrays indexed by year − 1)."""

    n: int
    last: int
    rate: float
    fuel: np.ndarray
    carbon: CarbonTax
    carbon_price: np.ndarray
    pv_deg: np.ndarray
    ageing: BatteryAgeing
    ovh_hours: float | None
    ovh_frac: float
    relocation: dict
    chain_soc: bool
    project: Project


def resolve(life: LifeOfMine, project: Project) -> Inputs:
    n = life.horizon_years
    fuel = (np.full(n, project.fuel_price_per_l) if life.fuel_price_per_l is None
            else life.fuel_price_per_l.at(n, "LifeOfMine.fuel_price_per_l"))
    carbon = life.carbon if life.carbon is not None else CarbonTax(
        price_per_t=project.carbon_price_per_t)
    deg = life.pv_degradation_per_year
    deg = np.full(n, deg) if is_number(deg) else np.asarray(deg, dtype=float)
    rate = project.discount_rate if life.discount_rate is None else life.discount_rate
    reloc = {c: getattr(life, f"relocation_fraction_{c}", None) for c in PRICED}
    return Inputs(n=n, last=life.last_year, rate=float(rate), fuel=fuel, carbon=carbon,
                   carbon_price=carbon.price_per_t.at(n, "LifeOfMine.carbon.price_per_t"),
                   pv_deg=deg, ageing=life.battery_ageing,
                   ovh_hours=life.genset_overhaul_interval_hours,
                   ovh_frac=life.genset_overhaul_fraction, relocation=reloc,
                   chain_soc=life.chain_soc, project=project)


def year_profiles(life: LifeOfMine, profiles) -> list:
    """One :class:`~minegrid.Profiles` per year of the horizon."""
    n = life.horizon_years
    if isinstance(profiles, Sequence) and not isinstance(profiles, str):
        check(life.load_scale is None and life.load_kw_by_year is None, "profiles",
              "a list of Profiles", "cannot be combined with LifeOfMine.load_scale or "
              "load_kw_by_year", "give the per-year load in one place only")
        check(len(profiles) == n, "profiles", f"{len(profiles)} years",
              f"must have one Profiles per year of the horizon ({n})", f"give {n} Profiles")
        out = []
        for i, p in enumerate(profiles):
            check(isinstance(p, Profiles), f"profiles[{i}]", type(p).__name__,
                  "must be a minegrid.Profiles", "build one per year")
            out.append(p)
        return out
    base = as_profiles(profiles)
    if life.load_scale is None and life.load_kw_by_year is None:
        return [base] * n

    def with_load(load, i):
        check(load.size == base.n_steps, f"LifeOfMine.load_kw_by_year[{i}]",
              f"{load.size} steps", f"must have {base.n_steps} steps like the profiles",
              "build every year's load for the profiles' calendar year and time step "
              "(LifeOfMine.from_plan(..., base_year=...))")
        return base.with_load(load)

    out, cache = [], {}
    if life.load_scale is not None:
        for s in life.load_scale:
            if s not in cache:
                cache[s] = base if s == 1.0 else with_load(base.load_kw * s, 0)
            out.append(cache[s])
        return out
    return [with_load(load, i) for i, load in enumerate(life.load_kw_by_year)]


def engine(params0: np.ndarray, q: dict, inp: Inputs, years: list, *, mode: str,
           stride: int = 1, load_tol: float = 0.05, co2_kg_per_l: float = 2.68,
           one_by_one: bool = False, plant: System | None = None):
    """Simulate and price ``m`` designs over the life of mine.

    ``plant``: the template System of a genset plant (``System.is_plant``), whose
    types' counts are in ``q`` under ``n_units[<type>]``; its gensets are then run
    by the plant kernel and priced type by type (:class:`~.plant.PlantLife`).

    Returns a dict of (n + 1, m) arrays (row 0 = year 0) and a list of events.
    """
    m = params0.shape[0]
    n, last, i = inp.n, inp.last, inp.rate
    age = inp.ageing
    fade_model = age.model != "none"
    rainflow = age.model == "rainflow"
    augment = age.response == "augment"
    eol = age.end_of_life_soh
    qa = {key: np.broadcast_to(np.asarray(v, dtype=float), (m,)) for key, v in q.items()}
    f = qa.__getitem__
    e0 = design_column(params0, "battery_kwh").copy()
    pv0 = design_column(params0, "pv_kw").copy()
    capital = capital_costs(qa)
    rep_cost = {c: capital[c] * f(f"{c}_replacement_ratio") for c in PRICED}
    salv_ratio = {c: (f(f"{c}_salvage_ratio") if inp.relocation[c] is None
                      else np.full(m, inp.relocation[c])) for c in PRICED}
    cal_life = np.broadcast_to(np.asarray(age.calendar_life_years if age.calendar_life_years
                                          is not None else f("battery_calendar_life_years"),
                                          dtype=float), (m,))
    cyc_life = np.broadcast_to(np.asarray(age.cycle_life if age.cycle_life is not None
                                          else f("battery_cycle_life"), dtype=float), (m,))
    n_units = f("genset_n_units")
    life_h = f("genset_life_hours")
    step = (None if inp.ovh_hours is None or inp.ovh_frac <= 0
            else float(inp.ovh_hours) / life_h)
    if step is not None and np.ndim(step) and np.unique(step).size == 1:
        step = float(step[0])
    elif step is not None:
        raise InputError("genset life_hours must be the same for every design when "
                         "overhauls are modelled. Fix: use one genset model per study.")

    gp = None if plant is None else PlantLife(plant, qa, inp, m)
    keys = (*_YEAR_STATS, *(gp.keys if gp is not None else ()))
    rows = n + 1
    z = lambda: np.zeros((rows, m))  # noqa: E731
    out = {c: z() for c in ("capex", "replacements", "overhauls", "om", "fuel", "carbon",
                            "salvage", "pv_replacements", "co2_taxed_t")}
    out["replacements_pv_disc"] = z()  # Σ cost·d^t of the year's replacements and overhauls
    st = {s: z() for s in keys}
    extra = {c: np.full((rows, m), np.nan) for c in ("battery_soh", "battery_capacity_kwh",
                                                      "battery_life_used", "pv_factor",
                                                      "battery_cycles")}
    simulated = np.zeros(rows, dtype=bool)
    events: list[tuple] = []
    out["capex"][0] = sum(capital[c] for c in PRICED)
    credit = owned_capital(qa)  # gensets the mine owns cost no capital
    if credit is not None:
        out["capex"][0] = out["capex"][0] - credit
    if gp is not None:  # the plant's new units (owned ones cost no capital)
        out["capex"][0] = out["capex"][0] + gp.capital

    used = {c: np.zeros(m) for c in PRICED}
    pv_fac = np.ones(m)
    cap = e0.copy()           # augment: pool capacity [kWh]
    installed = e0.copy()     # augment: nameplate bought [kWh]
    aug_spend = np.zeros(m)
    soc = design_column(params0, "soc_initial").copy()
    soc_min = design_column(params0, "soc_min")
    soc_max = design_column(params0, "soc_max")
    last_sim_load = None
    held = None
    prev_e_end = None
    for k in range(1, last + 1):
        prof = years[k - 1]
        kf = prof.year_factor
        if augment:
            cap_k = cap.copy()
        elif fade_model:
            cap_k = e0 * (1.0 - (1.0 - eol) * used["battery"])
        else:
            cap_k = e0.copy()
        if inp.chain_soc and prev_e_end is not None:
            with np.errstate(divide="ignore", invalid="ignore"):
                s = np.where(cap_k > 0, prev_e_end / np.where(cap_k > 0, cap_k, 1.0), soc)
            soc = np.clip(s, soc_min, soc_max)
        p = replace_columns(params0, battery_kwh=cap_k, pv_kw=pv0 * pv_fac, soc_initial=soc)
        economic = design_column(params0, "genset_marginal_cost") > 0
        # economic dispatch weighs the year's fuel and carbon prices (a plant: in its rows)
        if economic.any() and gp is None:
            c_fix, c_mar, _ = dispatch_costs(qa, inp.project, fuel_price_per_l=inp.fuel[k - 1],
                                             carbon_price_per_t=inp.carbon_price[k - 1])
            p = replace_columns(p, genset_fixed_cost=np.where(economic, c_fix, 0.0),
                                genset_marginal_cost=np.where(economic, c_mar, 0.0))
        load_e = float(prof.load_kw.sum())
        run = (mode == "full" or k == 1 or k == last or (k - 1) % stride == 0
               or last_sim_load is None
               or abs(load_e - last_sim_load) > load_tol * max(last_sim_load, 1e-12))
        damage = np.zeros(m)
        if run:
            if gp is not None:  # the plant kernel, at the year's prices
                tot, type_year = gp.run(p, prof, k)
            elif one_by_one:
                # one design at a time: the serial kernel avoids the thread start-up of
                # the batch kernel for one or two designs, and rainflow needs each
                # design's state-of-charge trajectory
                tot_rows = []
                for r in range(m):
                    rf = rainflow and cap_k[r] > 0
                    tot_r, traj = _dispatch.run_params(p[r], prof, trajectories=rf)
                    tot_rows.append([tot_r[name] for name in _dispatch.STAT_NAMES])
                    if rf:
                        soc_traj = traj[:, _dispatch.TRAJ_NAMES.index("soc")]
                        rr, cc = rainflow_cycles(np.concatenate(([soc[r]], soc_traj)))
                        damage[r] = float(np.sum(cc * rr ** age.dod_exponent)) * kf
                damage = damage / cyc_life
                tot = np.array(tot_rows)
            else:
                tot = _dispatch.run_batch(p, prof)
            cols = _dispatch.aggregate(tot, p, prof, co2_kg_per_l if gp is None else 0.0)
            year = {s: cols[name] for s, name in _YEAR_STATS.items()}
            if gp is not None:
                year.update(type_year)
            e_end = cols["battery_end_kwh"]
            held = (year, e_end / np.where(cap_k > 0, cap_k, 1.0), damage)
            last_sim_load = load_e
            simulated[k] = True
        else:
            year, soc_end, damage = held
            e_end = soc_end * cap_k
        prev_e_end = e_end
        for s in keys:
            st[s][k] = year[s]
        with np.errstate(divide="ignore", invalid="ignore"):
            cycles = np.where(cap_k > 0, (year["ch_kwh"] + year["dis_kwh"])
                              / (2.0 * np.where(cap_k > 0, cap_k, 1.0)), 0.0)
            cycles_e0 = np.where(e0 > 0, (year["ch_kwh"] + year["dis_kwh"])
                                 / (2.0 * np.where(e0 > 0, e0, 1.0)), 0.0)
        extra["battery_cycles"][k] = cycles
        extra["battery_capacity_kwh"][k] = cap_k
        extra["pv_factor"][k] = pv_fac

        # ---- wear: PV and wind by age, gensets by running hours, battery by model
        def book(comp, res, cost, kind, k=k):
            u_new, n_rep, f_rep, n_ovh, f_ovh, t_rep, t_ovh = res
            out["replacements"][k] += n_rep * cost
            out["replacements_pv_disc"][k] += f_rep * cost
            if m <= 2 and n_rep.any():
                for r in np.flatnonzero(n_rep):
                    events.append((r, k, float(t_rep[r]), comp, kind, float(n_rep[r] * cost[r]),
                                   float(f_rep[r] * cost[r])))
            return u_new, n_rep, n_ovh, f_ovh, t_rep, t_ovh

        for comp in ("pv", "wind", "converter"):
            life = f(f"{comp}_life_years")
            rate = np.where(capital[comp] > 0, 1.0 / life, 0.0)
            used[comp], n_rep, _, _, t_rep, _ = book(
                comp, advance_life(used[comp], rate, k, last, i), rep_cost[comp], "replacement")
            if comp == "pv":
                d = inp.pv_deg[k - 1]
                if n_rep.any():
                    pv_fac = np.where(n_rep > 0, (1.0 - d) ** (k - np.where(n_rep > 0, t_rep, 0)),
                                      pv_fac * (1.0 - d))
                else:
                    pv_fac = pv_fac * (1.0 - d)
        if gp is not None:  # each genset type (its new and owned units) by its hours
            gp.wear(year, k, last, i, book)
        else:
            with np.errstate(divide="ignore", invalid="ignore"):
                hpu = np.where(n_units > 0, year["unit_h"] / np.where(n_units > 0, n_units, 1),
                               0.0)
            g_rate = np.where(capital["genset"] > 0, hpu / life_h, 0.0)
            used["genset"], _, n_ovh, f_ovh, _, t_ovh = book(
                "genset", advance_life(used["genset"], g_rate, k, last, i, step),
                rep_cost["genset"], "replacement")
            ovh_cost = capital["genset"] * inp.ovh_frac
            out["overhauls"][k] = n_ovh * ovh_cost
            out["replacements_pv_disc"][k] += f_ovh * ovh_cost
            if m <= 2 and step is not None and n_ovh.any():
                for r in np.flatnonzero(n_ovh):
                    label = "overhaul" if n_ovh[r] == 1 else f"overhaul x{int(n_ovh[r])} (last)"
                    events.append((r, k, float(t_ovh[r]), "genset", label,
                                   float(n_ovh[r] * ovh_cost[r]), float(f_ovh[r] * ovh_cost[r])))

        has_bat = e0 > 0
        if fade_model:
            dmg = damage if rainflow else cycles / cyc_life
            delta = np.where(has_bat, (1.0 - eol) * (1.0 / cal_life + dmg), 0.0)
        if augment:
            cap = np.maximum(cap - delta * installed, 0.0)
            # (nothing is bought at the end of the last year of operation)
            add = np.where(has_bat & (k < last),
                           np.maximum(age.augment_to_soh * e0 - cap, 0.0), 0.0)
            cost = add * f("battery_capex_per_kwh") * f("battery_replacement_ratio")
            out["replacements"][k] += cost
            out["replacements_pv_disc"][k] += cost * (1.0 + i) ** -k
            aug_spend += cost
            if m <= 2:
                for r in np.flatnonzero(add > 0):
                    events.append((r, k, float(k), "battery", f"augmentation {add[r]:,.0f} kWh",
                                   float(cost[r]), float(cost[r] * (1.0 + i) ** -k)))
            installed = installed + add
            cap = cap + add
            extra["battery_soh"][k] = np.where(has_bat, cap / np.where(has_bat, e0, 1.0), np.nan)
            with np.errstate(divide="ignore", invalid="ignore"):
                used["battery"] = np.where(
                    has_bat, np.clip((1.0 - cap / np.where(has_bat, installed, 1.0))
                                     / (1.0 - eol), 0.0, 1.0), 0.0)
        else:
            b_rate = (delta / (1.0 - eol) if fade_model else
                      np.where(has_bat, np.maximum(1.0 / cal_life, cycles_e0 / cyc_life), 0.0))
            used["battery"], *_ = book("battery", advance_life(used["battery"], b_rate, k, last, i),
                                       rep_cost["battery"], "replacement")
            if fade_model:
                extra["battery_soh"][k] = np.where(
                    has_bat, 1.0 - (1.0 - eol) * used["battery"], np.nan)
        extra["battery_life_used"][k] = np.where(has_bat, used["battery"], np.nan)
        # fixed O&M (variable genset O&M is priced with the operating costs below)
        out["om"][k] = (f("pv_kw") * f("pv_om_per_kw_year") + f("wind_kw")
                        * f("wind_om_per_kw_year")
                        + (installed if augment else f("battery_kwh"))
                        * f("battery_om_per_kwh_year")
                        + f("converter_kw") * f("converter_om_per_kw_year"))

    # ---- representative years: interpolate the skipped years' statistics
    sim_years = np.flatnonzero(simulated)
    load_e = [0.0] + [float(years[k - 1].load_kw.sum()) for k in range(1, last + 1)]
    if mode != "full" and sim_years.size >= 2:
        for k in range(1, last + 1):
            if simulated[k]:
                continue
            a = sim_years[sim_years < k].max()
            b = sim_years[sim_years > k].min()
            # interpolate towards b only when b has this year's load; else hold year a
            same = abs(load_e[b] - load_e[k]) <= load_tol * max(load_e[k], 1e-12)
            w = (k - a) / (b - a) if same else 0.0
            for s in keys:
                st[s][k] = (1.0 - w) * st[s][a] + w * st[s][b]

    # ---- operating costs and closure salvage
    if gp is not None:  # per type and fuel, at each year's prices
        plant_ops = gp.operating(st, last)
        st["fuel_l"] = plant_ops["fuel_l"]  # the plant's diesel [L]
        co2 = plant_ops["co2_t"]  # every fuel [t]
    else:
        co2 = st["fuel_l"] * co2_kg_per_l / 1000.0
    fuel_l = st["fuel_l"]
    own_price = np.broadcast_to(np.asarray(qa.get("genset_fuel_price_per_l", np.nan), float),
                                (m,))
    for k in range(1, last + 1):
        if gp is not None:
            out["om"][k] += plant_ops["om"][k]
            out["fuel"][k] = plant_ops["fuel"][k]
        else:
            # O&M per unit-hour, plus per kW-hour, per kW-year, per start and overhauls
            out["om"][k] += st["unit_h"][k] * f("genset_om_per_unit_hour") + genset_extra_om(
                dict(qa, unit_h=st["unit_h"][k], starts=st["starts"][k]))
            # the fleet's own diesel price when its Fuel has one, else the year's
            out["fuel"][k] = fuel_l[k] * np.where(np.isnan(own_price), inp.fuel[k - 1],
                                                  own_price)
        out["carbon"][k], out["co2_taxed_t"][k] = inp.carbon.cost(co2[k], inp.carbon_price[k - 1])
    sal = np.zeros(m)
    for c in PRICED:
        base = capital[c] + (aug_spend if (c == "battery" and augment) else 0.0)
        sal += base * salv_ratio[c] * np.clip(1.0 - used[c], 0.0, 1.0)
    if gp is not None:
        sal += gp.salvage()
    out["salvage"][last] = -sal

    money = ("capex", "replacements", "overhauls", "om", "fuel", "carbon", "salvage")
    total = sum(out[c] for c in money)
    years_idx = np.arange(rows, dtype=float)
    disc = (1.0 + i) ** -years_idx
    # replacements and overhauls are discounted from their exact times, the rest from year ends
    disc_total = (total - out["replacements"] - out["overhauls"]) * disc[:, None] \
        + out["replacements_pv_disc"]
    res = {c: out[c] for c in money}
    res.update(total=total, discount_factor=np.repeat(disc[:, None], m, axis=1),
               discounted_total=disc_total, co2_taxed_t=out["co2_taxed_t"])
    res.update(st)
    res["co2_t"] = co2
    res.update(extra)
    res["simulated"] = np.repeat(simulated[:, None], m, axis=1)
    res["plant"] = gp
    served_disc = (st["served_kwh"] * disc[:, None]).sum(axis=0)
    npc = disc_total.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        lcoe = np.where(served_disc > 0, npc / np.where(served_disc > 0, served_disc, 1), np.inf)
    return res, events, npc, lcoe


def prices(systems: list[System], project: Project) -> tuple[np.ndarray, dict]:
    """Kernel rows and pricing quantities of whole systems (one row each); for genset
    plants (of the same types) each type's count under ``n_units[<type>]``."""
    params = np.vstack([design_params(s, project) for s in systems])
    qs = [{k: np.atleast_1d(np.asarray(v, dtype=float)) for k, v in system_prices(s).items()}
          for s in systems]
    if systems[0].is_plant:
        for s, q in zip(systems, qs, strict=True):
            q.update({count_column(f): np.array([float(f.n_units)]) for f in s.fleets})
    return params, {k: np.concatenate([q[k] for q in qs]) for k in qs[0]}


def simulate_life(system: System, life: LifeOfMine, profiles, *,
                  project: Project | None = None, base_case: bool = True,
                  mode: str = "full") -> LifeOfMineResult:
    """Simulate and price a design over the life of mine, year by year.

    Parameters
    ----------
    system : System
        Components, sizes and dispatch rules. A genset plant (``System.is_plant``)
        runs on the plant kernel each year and is priced type by type, its fuels at
        each year's price (``Fuel.price_path_per_unit[k − 1]``, else its price,
        else the life of mine's diesel price); ``result.fleets`` and
        ``result.fuels`` then hold the yearly per-type and per-fuel figures.
    life : LifeOfMine
        Horizon, per-year load, degradation, prices, ageing and closure.
    profiles : Profiles, load array, or list of Profiles
        The profiles of a typical year (scaled or replaced per year by
        ``life.load_scale`` / ``life.load_kw_by_year``), or one
        :class:`~minegrid.Profiles` per year of the horizon.
    project : Project, optional
        Currency, and the discount rate, fuel and carbon prices that ``life``
        does not override. ``Project()`` when omitted; its ``lifetime_years``
        is ignored (the horizon is ``life.horizon_years``).
    base_case : bool
        Also simulate the diesel-only base case (``result.base``, ``result.savings``).
    mode : {"full", "representative"}
        Simulate every year, or only representative years (every
        ``life.representative_stride_years``, the first and last years and
        each change of load) with the statistics of the others interpolated
        linearly; see ``docs/theory/lifeofmine.md`` for the measured error.

    Returns
    -------
    LifeOfMineResult
    """
    from ..simulation import diesel_only

    check(isinstance(system, System), "system", type(system).__name__,
          "must be a minegrid.System", "build one with minegrid.System(pv=..., genset=...)")
    check(isinstance(life, LifeOfMine), "life", type(life).__name__,
          "must be a minegrid.LifeOfMine", "pass minegrid.LifeOfMine(horizon_years=...)")
    project = Project() if project is None else project
    check(isinstance(project, Project), "project", type(project).__name__,
          "must be a minegrid.Project", "pass minegrid.Project(...)")
    check(mode in ("full", "representative"), "mode", mode,
          "is not 'full' or 'representative'", "pick one of those")
    inp = resolve(life, project)
    years = year_profiles(life, profiles)
    systems = [system]
    if base_case:
        peak = max(range(inp.last), key=lambda j: float(years[j].load_kw.max()))
        systems.append(diesel_only(system, years[peak]))
    params, q = prices(systems, project)
    plant = system.is_plant  # gensets run by the plant kernel and priced type by type
    co2 = 0.0 if plant else system.genset_or_zero.co2_kg_per_l
    stride = life.representative_stride_years if mode == "representative" else 1
    res, events, npc, lcoe = engine(params, q, inp, years, mode=mode, stride=stride,
                                    load_tol=life.representative_load_tolerance,
                                    co2_kg_per_l=co2, one_by_one=True,
                                    plant=system if plant else None)
    source = next((p.weather_source for p in years if p.weather_source), None)
    results = []
    for r, s in enumerate(systems):
        cf, ev = cash_flow_frame(res, events, r, life.start_year)
        fleets, fuels = (res["plant"].tables(res, r, inp.last) if plant else (None, None))
        results.append(LifeOfMineResult(system=s, project=project, life=life, cash_flow=cf,
                                        events=ev, npc=float(npc[r]), lcoe=float(lcoe[r]),
                                        mode=mode, weather_source=source, fleets=fleets,
                                        fuels=fuels))
    if base_case:
        a, b = results
        return LifeOfMineResult(system=system, project=project, life=life,
                                cash_flow=a.cash_flow, events=a.events, npc=a.npc, lcoe=a.lcoe,
                                mode=mode, base=b, weather_source=source, fleets=a.fleets,
                                fuels=a.fuels)
    return results[0]
