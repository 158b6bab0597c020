"""A perfect-foresight linear programme: a lower bound on the cost of any rule-based design.

:func:`lp_bound` solves, with scipy's HiGHS (``linprog(method="highs")``, sparse
matrices), the cheapest operation of the system over the whole period knowing
every future step, either at the system's fixed sizes (``mode="dispatch"``) or
with the sizes as continuous variables within a :class:`~minegrid.DesignSpace`
(``mode="sizing"``). Every relaxation is chosen so that the rule-based
dispatch of :mod:`minegrid.dispatch` with any sizes in the space is a feasible
point of the LP whose LP cost is no higher than its NPC as
:mod:`minegrid.economics` prices it; hence the LP optimum is a true lower
bound, and the gap of a rule-based design above it (its "dispatch regret",
plus the price of integer sizes) measures how much any dispatch or sizing
could still gain. The formulation, with units, and the proof are in
``docs/theory/sizing.md``. It is built in three stages: :func:`_build` writes
the cost vector, bounds and sparse constraint matrices, :func:`_solve` calls
HiGHS, :func:`_read_back` turns the solution into an :class:`LPBound`. In short:

* the gensets have their online capacity ``z_t`` per type
  (:mod:`minegrid.sizing.lpcommit`): HOMER's fuel ``m_t·(F0·z_t + F1·g_t)``, the
  minimum load, the operating reserve (where every dispatch must hold it) and,
  for one fleet at fixed sizes, the integer floor of the committed units;
  otherwise (aggregated steps, a one-fleet space varying the unit size,
  ``commitment=False``) commitment is relaxed: the online capacity is
  ``g_t / a_t`` and the unit O&M ``om · g_t / (a_t · P_u,max)``;
* unit counts (turbines, gensets) are continuous;
* a genset plant (:attr:`System.is_plant`) is one block per type
  (:mod:`minegrid.sizing.lpplant`): its own capacity, availability, fuel
  multiplier, fuel (a part-load table's lower line) and price, and O&M per
  unit-hour, per kW-hour and overhauls relaxed per kW of output as above;
  starts, start fuel and minimum run and down times are dropped;
* replacement and salvage depend on usage (genset running hours, battery
  cycles): their factor is replaced by its minimum over every life the
  component could have (``(0, ∞]`` for gensets, ``(0, calendar life]`` for the
  battery), so it is never overestimated;
* the battery has the same efficiencies, power limits, SoC window and initial
  energy; it may charge from gensets and charge and discharge in the same
  step (more freedom than the rules); renewable output may be curtailed and
  genset output dumped (a ``≥`` energy balance);
* the unserved energy is at most the rule-based design's (dispatch mode) or
  the requirement's limit (sizing mode); the other requirements
  (renewable fraction, CO2, fuel, capital, N+1, motor start, battery C-rate) are linear
  constraints implied by their rule-based counterparts (a plant's N+1, whose
  largest unit depends on the types built, by linear rows it implies).
"""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass, field

import numpy as np

from ..components import Project, System
from ..economics import capital_recovery_factor, lifecycle_factors, present_worth_factor
from ..errors import check, is_number
from ..profiles import as_profiles
from .lpcommit import Commitment, commitment_rows, lp_commitment
from .lpplant import Gensets, lp_gensets, salvage_fraction
from .lpscale import (
    DEFAULT_MAX_MEMORY_GB,
    aggregate_profiles,
    check_lp_memory,
    min_lifecycle_factor,
    size_bounds,
)
from .space import DesignSpace, Requirements

__all__ = ["LPBound", "lp_bound", "min_lifecycle_factor"]


@dataclass(frozen=True, kw_only=True)
class LPBound:
    """What :func:`lp_bound` returns.

    Attributes
    ----------
    mode : {"dispatch", "sizing"}
    success : bool
        True when HiGHS found the optimum (then ``npc`` is a valid lower bound).
    status : int
        scipy's ``linprog`` status (0 optimal, 2 infeasible, ...).
    message : str
    npc : float
        Lower bound on the net present cost. [currency]
    annualised : float
        ``npc × crf``. [currency/year]
    lcoe : float
        Lower bound on the LCOE: annualised bound over the load energy (served
        energy never exceeds it). [currency/kWh]
    pv_kw, n_turbines, battery_kwh, battery_kw, genset_kw : float
        Sizes of the LP optimum (continuous; ``genset_kw`` every genset type
        together). [kW DC, -, kWh, kW, kW]
    fuel_l, co2_t : float
        Diesel and the CO2 of every fuel in the LP optimum. [L/year, t/year]
    renewable_fraction, unserved_fraction : float
        Of the LP optimum. [-]
    operating_npc : float
        Present value of fuel, carbon and genset O&M in the LP optimum. [currency]
    rule_npc : float or None
        Dispatch mode: NPC of the same design under the rule-based dispatch. [currency]
    rule_operating_npc : float or None
        Dispatch mode: its fuel, carbon and genset O&M. [currency]
    n_variables, n_constraints : int
    solve_time_s : float
        HiGHS time including building the matrices. [s]
    currency : str
    genset_kw_by_type : dict[str, float]
        Installed capacity of each genset type (the one fleet's name for a
        one-fleet system), types as listed. [kW]
    genset_kwh_by_type : dict[str, float]
        Output of each genset type in the LP optimum. [kWh/year]
    """

    mode: str
    success: bool
    status: int
    message: str
    npc: float
    annualised: float
    lcoe: float
    pv_kw: float
    n_turbines: float
    battery_kwh: float
    battery_kw: float
    genset_kw: float
    fuel_l: float
    co2_t: float
    renewable_fraction: float
    unserved_fraction: float
    operating_npc: float
    rule_npc: float | None = None
    rule_operating_npc: float | None = None
    n_variables: int = 0
    n_constraints: int = 0
    solve_time_s: float = 0.0
    currency: str = "USD"
    genset_kw_by_type: dict = field(default_factory=dict)
    genset_kwh_by_type: dict = field(default_factory=dict)

    def gap(self, npc: float) -> float:
        """Relative gap of a cost above the bound: ``(npc − bound) / bound``. [-]"""
        return (npc - self.npc) / abs(self.npc) if self.npc else math.inf

    @property
    def dispatch_regret(self) -> float | None:
        """Dispatch mode: gap of the rule-based NPC above the bound. [-]"""
        return None if self.rule_npc is None else self.gap(self.rule_npc)

    def to_dict(self) -> dict:
        return asdict(self)

    def __repr__(self) -> str:
        cur = self.currency
        lines = [f"LPBound(mode={self.mode!r}, success={self.success}: {self.message}",
                 f"  NPC >= {self.npc / 1e6:,.4f} M{cur}, LCOE >= {self.lcoe:.4f} {cur}/kWh",
                 f"  sizes: PV {self.pv_kw:,.0f} kW, {self.n_turbines:.2f} turbines, battery "
                 f"{self.battery_kwh:,.0f} kWh / {self.battery_kw:,.0f} kW, gensets "
                 f"{self.genset_kw:,.0f} kW",
                 *([("  genset types: " + ", ".join(f"{n} {kw:,.0f} kW" for n, kw in
                                                   self.genset_kw_by_type.items()))]
                   if len(self.genset_kw_by_type) > 1 else []),
                 f"  fuel {self.fuel_l / 1e3:,.1f} kL/yr, renewable fraction "
                 f"{100 * self.renewable_fraction:.1f} %",
                 f"  {self.n_variables:,} variables, {self.n_constraints:,} constraints, "
                 f"{self.solve_time_s:.2f} s"]
        if self.rule_npc is not None:
            lines.append(f"  rule-based NPC {self.rule_npc / 1e6:,.4f} M{cur}: dispatch regret "
                         f"{100 * self.dispatch_regret:.2f} %")
        return "\n".join(lines) + "\n)"


@dataclass(frozen=True, eq=False)
class _Problem:
    """A built LP: ``min c·x`` s.t. ``A_ub x <= b_ub``, ``A_eq x = b_eq``, ``lb <= x <= ub``."""

    c: np.ndarray
    A_ub: object
    b_ub: np.ndarray
    A_eq: object
    b_eq: np.ndarray
    lb: np.ndarray
    ub: np.ndarray
    T: int  # time steps
    ig: int  # offset of the genset output variables g_{k,t} (type k at ig + k·T)
    iu: int  # offset of the unserved power variables u_t
    gens: Gensets  # the genset blocks (costs, fuel per kWh of output)
    credit: float  # owned gensets' credit less the fixed converter's cost [currency]
    load_kwh: float  # load over the period [kWh]
    dt: float  # [h]
    kyr: float  # period -> year factor [-]
    commit: Commitment | None = None  # the online capacity z_t (lpcommit), if modelled
    iz: int = -1  # offset of z_t


def lp_bound(system: System, profiles, *, project: Project | None = None, space=None,
             requirements=None, mode: str = "dispatch", time_limit_s: float | None = None,
             aggregate: int | None = None, max_memory_gb: float | None = DEFAULT_MAX_MEMORY_GB,
             commitment: bool = True) -> LPBound:
    """Perfect-foresight LP lower bound on the cost of ``system`` (or of any design in ``space``).

    Parameters
    ----------
    system : System
        The design (dispatch mode) or the template (sizing mode): costs,
        efficiencies, fuel curve and sizes not in ``space``.
    profiles : minegrid.Profiles
        Load, per-unit PV and wind, genset availability.
    project : Project, optional
        Finance (the discount rate must be >= 0).
    space : DesignSpace, optional
        Sizing mode: bounds of the sizes (unit counts relaxed to continuous).
    requirements : Requirements, optional
        Sizing mode: the same requirements as :func:`minegrid.size`;
        default no unserved energy.
    mode : {"dispatch", "sizing"}
        Fixed sizes with optimal dispatch, or joint sizing and dispatch.
    time_limit_s : float, optional
        Time limit of the solve; past it the result has ``success=False``. [s]
    aggregate : int, optional
        Average this many consecutive steps into one LP step, e.g. 60 for
        1-minute profiles solved hourly: a looser but still valid bound, about
        ``aggregate`` times less memory (:func:`~minegrid.sizing.lpscale.aggregate_profiles`).
    max_memory_gb : float or None
        Refuse (InputError naming an ``aggregate`` that fits) an LP estimated
        to need more (:func:`~minegrid.sizing.lpscale.lp_memory_gb`). [GB]
    commitment : bool
        Model the online genset capacity (no-load fuel, minimum load, operating
        reserve; :mod:`~minegrid.sizing.lpcommit`) where it applies: a plant, or
        one fleet with a fixed unit size, on unaggregated steps. A tighter bound;
        False gives the fully relaxed one (units always fully loaded).

    Returns
    -------
    LPBound
        ``npc`` is a lower bound on the NPC that :func:`minegrid.simulate` gives
        the design (dispatch mode, which also reports ``rule_npc`` and
        ``dispatch_regret``) or any design of the space meeting the
        requirements (sizing mode).

    Notes
    -----
    Ctrl-C stops the solve within a second: an LP of more than
    :data:`IN_PROCESS_MAX_STEPS` steps is solved in a child process that
    ``KeyboardInterrupt`` kills (:func:`minegrid.executors.call_in_child`).
    """
    from ..simulation import simulate

    t0 = time.perf_counter()
    check(isinstance(system, System), "system", type(system).__name__,
          "must be a minegrid.System", "pass minegrid.System(...)")
    check(mode in ("dispatch", "sizing"), "mode", mode, "is not 'dispatch' or 'sizing'",
          "pick one of those")
    profiles = as_profiles(profiles)
    project = Project() if project is None else project
    check(isinstance(project, Project), "project", type(project).__name__,
          "must be a minegrid.Project", "pass minegrid.Project(...)")
    if mode == "sizing":
        check(isinstance(space, DesignSpace), "space", type(space).__name__,
              "must be a minegrid.DesignSpace in sizing mode", "pass the sizing design space")
        requirements = Requirements() if requirements is None else requirements
        check(isinstance(requirements, Requirements), "requirements",
              type(requirements).__name__, "must be a minegrid.Requirements",
              "pass minegrid.Requirements(...) or None")
    else:
        check(space is None, "space", space, "is only used in sizing mode",
              "pass mode='sizing' or leave space out")
    check(time_limit_s is None or (is_number(time_limit_s) and time_limit_s > 0),
          "time_limit_s", time_limit_s, "must be None or a number of seconds > 0",
          "e.g. time_limit_s=600")
    fine_profiles = profiles
    profiles = aggregate_profiles(profiles, aggregate)
    check_lp_memory(profiles.n_steps, mode, max_memory_gb, fine_profiles.n_steps)
    rule = None
    if mode == "dispatch":
        rule = simulate(system, fine_profiles, project=project, base_case=False)
        max_unserved_kwh = rule.stats.unserved_kwh / fine_profiles.year_factor
    else:
        max_unserved_kwh = requirements.max_unserved_fraction * float(
            profiles.load_kw.sum() * profiles.dt_h)
    space = space if mode == "sizing" else None
    gens = lp_gensets(system, profiles, fine_profiles, project, space)
    commit = (lp_commitment(system, profiles, fine_profiles, project, space, requirements,
                            gens.blocks) if commitment else None)
    problem = _build(system, profiles, project, space, requirements, max_unserved_kwh, gens,
                     commit)
    res = _solve_interruptible(problem, time_limit_s)
    return _read_back(problem, res, system, project, mode, rule,
                      time.perf_counter() - t0)


#: LPs of at most this many steps are solved in this process (well under a second).
IN_PROCESS_MAX_STEPS = 2_000


def _solve_interruptible(problem: _Problem, time_limit_s: float | None):
    """:func:`_solve`, in a child process for a large LP, so that Ctrl-C stops it at once."""
    from types import SimpleNamespace

    from ..executors import call_in_child

    if problem.T <= IN_PROCESS_MAX_STEPS:
        return _solve(problem, time_limit_s)
    wall = None if time_limit_s is None else float(time_limit_s) + 30.0  # HiGHS stops first
    try:
        return call_in_child(_solve, problem, time_limit_s, timeout_s=wall)
    except TimeoutError:
        return SimpleNamespace(status=1, x=None, fun=None,
                               message=f"time limit of {time_limit_s} s reached")


def _build(system: System, profiles, project: Project, space, requirements,
           max_unserved_kwh: float, gens: Gensets, commit: Commitment | None = None
           ) -> _Problem:
    """Cost vector, bounds and sparse constraints of the LP (sizing mode when ``space``)."""
    import scipy.sparse as sp

    pv_c, wind_c, bat_c = system.pv_or_zero, system.wind_or_zero, system.battery_or_zero
    n_years, rate = project.lifetime_years, project.discount_rate
    pwf = present_worth_factor(rate, n_years)
    dt = profiles.dt_h
    kyr = profiles.year_factor
    L = profiles.load_kw
    p_pv = profiles.pv_kw_per_kw
    p_w = profiles.wind_kw_per_turbine
    T = L.size
    load_kwh = float(L.sum() * dt)
    blocks = gens.blocks
    K = len(blocks)

    b, power = size_bounds(system, space)

    # ---- cost coefficients (present values) -------------------------------------------------
    def exact_factor(comp_life, repl, salv):
        rep, sal = lifecycle_factors(comp_life, n_years, rate)
        return float(repl * rep - salv * sal)

    def salvage(c):
        return salvage_fraction(c, project)

    c_pv = (pv_c.capex_per_kw * (1.0 + exact_factor(pv_c.lifetime_years, pv_c.replacement_ratio,
                                                     salvage(pv_c)))
            + pv_c.om_per_kw_year * pwf)
    c_wind = wind_c.turbine_rated_kw * (
        wind_c.capex_per_kw * (1.0 + exact_factor(wind_c.lifetime_years,
                                                  wind_c.replacement_ratio, salvage(wind_c)))
        + wind_c.om_per_kw_year * pwf)
    h_bat = min_lifecycle_factor(bat_c.replacement_ratio, salvage(bat_c),
                                 bat_c.calendar_life_years, n_years, rate)
    c_e = bat_c.capex_per_kwh * (1.0 + h_bat) + bat_c.om_per_kwh_year * pwf
    c_p = bat_c.capex_per_kw * (1.0 + h_bat)
    # the converter keeps its size; its losses and capacities are relaxed (one lossless
    # bus), which only lowers the bound
    conv = system.converter_or_zero
    fixed = conv.inverter_kw * (conv.capex_per_kw * (1.0 + exact_factor(
        conv.lifetime_years, conv.replacement_ratio, salvage(conv))) + conv.om_per_kw_year * pwf)

    # ---- variables: [pv, nw, E, Pb, Cap_1..K | g_1..g_K (K·T) | ch | dis | e (T+1) | u] ----
    NS = 4 + K
    ig = NS
    ich = ig + K * T
    idis, ie = ich + T, ich + 2 * T
    iu = ie + T + 1
    iz = iu + T  # online capacity z_{k,t} of type k at iz + k·T (lpcommit), when modelled
    nvar = iz + (K * T if commit is not None else 0)
    c = np.zeros(nvar)
    c[0], c[1], c[2], c[3] = c_pv, c_wind, c_e, c_p
    lb = np.zeros(nvar)
    ub = np.full(nvar, np.inf)
    for j, name in enumerate(("pv_kw", "n_turbines", "battery_kwh")):
        lb[j], ub[j] = b[name]
    cap_fixed = []
    for k, blk in enumerate(blocks):
        c[4 + k] = blk.c_cap
        c[ig + k * T:ig + (k + 1) * T] = blk.c_g
        lb[4 + k], ub[4 + k] = blk.lo, blk.hi
        cap_fixed.append(blk.lo == blk.hi)
        if cap_fixed[k]:
            ub[ig + k * T:ig + (k + 1) * T] = blk.a * blk.lo
    if commit is not None:  # fuel slope on g_t, no-load fuel and unit O&M on z_t
        for k in range(K):
            c[ig + k * T:ig + (k + 1) * T] = commit.c_g[k]
            c[iz + k * T:iz + (k + 1) * T] = commit.c_on[k]
            lb[iz + k * T:iz + (k + 1) * T] = commit.z_lo[k]
        if commit.c_cap is not None:
            c[4] = commit.c_cap
    if power[0] == "fixed":
        pch, pdis = float(power[1]), float(power[2])
        lb[3] = ub[3] = float(power[3])  # priced as economics.system_prices does
        ub[ich:ich + T] = pch
        ub[idis:idis + T] = pdis
    elif power[0] == "variable":
        lb[3], ub[3] = power[1]
    e_fixed = lb[2] == ub[2]
    if e_fixed:
        lb[ie:ie + T + 1] = bat_c.soc_min * lb[2]
        ub[ie:ie + T + 1] = bat_c.soc_max * lb[2]

    rows_ub, rhs_ub, rows_eq, rhs_eq = [], [], [], []
    r = np.arange(T)
    g_cols = [ig + k * T + r for k in range(K)]

    def block(rows, cols, vals, n_rows):
        return sp.csr_matrix((vals, (rows, cols)), shape=(n_rows, nvar))

    # energy balance: -(pv_t·S + w_t·N + Σ_k g_k + dis - ch + u) <= -L
    rr = np.concatenate([r] * (K + 5))
    cc = np.concatenate([np.zeros(T, int), np.ones(T, int), *g_cols, idis + r, ich + r, iu + r])
    vv = np.concatenate([-p_pv, -p_w, *[-np.ones(T)] * K, -np.ones(T), np.ones(T),
                         -np.ones(T)])
    rows_ub.append(block(rr, cc, vv, T))
    rhs_ub.append(-L)
    # storage: e_{t+1} - e_t - η_c·Δt·ch_t + Δt/η_d·dis_t = 0 ; e_0 - soc_ini·E = 0
    eta_c, eta_d = bat_c.charge_efficiency, bat_c.discharge_efficiency
    rr = np.concatenate([r, r, r, r, [T, T]])
    cc = np.concatenate([ie + r + 1, ie + r, ich + r, idis + r, [ie, 2]])
    vv = np.concatenate([np.ones(T), -np.ones(T), np.full(T, -eta_c * dt),
                         np.full(T, dt / eta_d), [1.0, -bat_c.soc_initial]])
    rows_eq.append(block(rr, cc, vv, T + 1))
    rhs_eq.append(np.zeros(T + 1))
    if not e_fixed:
        rt = np.arange(T + 1)
        rows_ub.append(block(np.concatenate([rt, rt]), np.concatenate([ie + rt, np.full(
            T + 1, 2)]), np.concatenate([-np.ones(T + 1), np.full(T + 1, bat_c.soc_min)]), T + 1))
        rhs_ub.append(np.zeros(T + 1))
        rows_ub.append(block(np.concatenate([rt, rt]), np.concatenate([ie + rt, np.full(
            T + 1, 2)]), np.concatenate([np.ones(T + 1), np.full(T + 1, -bat_c.soc_max)]), T + 1))
        rhs_ub.append(np.zeros(T + 1))
    # battery power
    if power[0] != "fixed":
        if power[0] == "ratio":
            rc, rd = power[1], power[2]
            top = max(rc, rd, 1e-300)
            k_ch, k_dis = rc / top, rd / top
            # Pb = max(rc, rd)·E
            rows_eq.append(block([0, 0], [3, 2], [1.0, -top], 1))
            rhs_eq.append(np.zeros(1))
        else:
            k_ch = k_dis = 1.0
            if power[0] == "duration":
                rows_eq.append(block([0, 0], [3, 2], [1.0, -1.0 / power[1]], 1))
                rhs_eq.append(np.zeros(1))
        for base, kk in ((ich, k_ch), (idis, k_dis)):
            rows_ub.append(block(np.concatenate([r, r]), np.concatenate([base + r, np.full(T, 3)]),
                                 np.concatenate([np.ones(T), np.full(T, -kk)]), T))
            rhs_ub.append(np.zeros(T))
    else:
        k_dis = 1.0
    # gensets: g_{k,t} <= a_k(t)·Cap_k (through z_t <= Cap with the online capacity)
    if commit is not None:
        for mat, rhs in commitment_rows(commit, block, g_cols=g_cols,
                                        z_cols=[iz + k * T + r for k in range(K)],
                                        e_col=ie + r, cap_cols=[4 + k for k in range(K)],
                                        power=power, k_dis_ratio=k_dis):
            rows_ub.append(mat)
            rhs_ub.append(rhs)
    for k, blk in enumerate(blocks):
        if not cap_fixed[k] and commit is None:
            rows_ub.append(block(np.concatenate([r, r]), np.concatenate(
                [g_cols[k], np.full(T, 4 + k)]), np.concatenate([np.ones(T), -blk.a]), T))
            rhs_ub.append(np.zeros(T))
    # unserved energy
    rows_ub.append(block(np.zeros(T, int), iu + r, np.full(T, dt), 1))
    rhs_ub.append(np.array([max_unserved_kwh * (1 + 1e-12) + 1e-9]))
    if space is not None:
        _requirements(requirements, gens, rows_ub, rhs_ub, block, g_cols, iu + r, load_kwh,
                      dt, kyr, k_dis,
                      [pv_c.capex_per_kw, wind_c.turbine_rated_kw * wind_c.capex_per_kw,
                       bat_c.capex_per_kwh, bat_c.capex_per_kw])

    return _Problem(c=c, A_ub=sp.vstack(rows_ub, format="csr"), b_ub=np.concatenate(rhs_ub),
                    A_eq=sp.vstack(rows_eq, format="csr"), b_eq=np.concatenate(rhs_eq),
                    lb=lb, ub=ub, T=T, ig=ig, iu=iu, gens=gens, credit=gens.credit - fixed,
                    load_kwh=load_kwh, dt=dt, kyr=kyr, commit=commit, iz=iz)


def _requirements(req, gens: Gensets, rows_ub, rhs_ub, block, g_cols, u_cols, load_kwh, dt, kyr,
                  k_dis, capex) -> None:
    """Sizing mode: the requirements' rows, each implied by its rule-based counterpart."""
    blocks = gens.blocks
    K, T = len(blocks), u_cols.size
    caps = np.arange(4, 4 + K)
    if req.min_renewable_fraction is not None:
        q = 1.0 - req.min_renewable_fraction
        rows_ub.append(block(np.zeros((K + 1) * T, int), np.concatenate([*g_cols, u_cols]),
                             np.concatenate([*[np.full(T, dt)] * K, np.full(T, q * dt)]), 1))
        rhs_ub.append(np.array([q * load_kwh]))
    fuel_vecs = [blk.fuel_per_kwh * dt * kyr for blk in blocks]  # curve unit/year per kW
    for lim, scales in ((req.max_fuel_l_per_year, [blk.diesel_per_unit for blk in blocks]),
                        (req.max_co2_t_per_year, [blk.co2_kg_per_unit / 1e3 for blk in blocks])):
        if lim is not None:
            rows_ub.append(block(np.zeros(K * T, int), np.concatenate(g_cols), np.concatenate(
                [v * scale for v, scale in zip(fuel_vecs, scales, strict=True)]), 1))
            rhs_ub.append(np.array([lim]))
    if req.max_capital is not None:
        rows_ub.append(block(np.zeros(4 + K, int), np.arange(4 + K),
                             [*capex, *(blk.capex_per_kw for blk in blocks)], 1))
        rhs_ub.append(np.array([req.max_capital + gens.capital_credit]))
    if req.n_plus_1:
        for coefs, need in gens.n_plus_1:
            rows_ub.append(block(np.zeros(K, int), caps, -np.asarray(coefs, float), 1))
            rhs_ub.append(np.array([-need]))
    # the battery's C-rate max(P_ch, P_dis)/E = Pb/E (a design without a battery: E = Pb = 0)
    if req.min_battery_c_rate is not None:
        rows_ub.append(block([0, 0], [2, 3], [req.min_battery_c_rate, -1.0], 1))
        rhs_ub.append(np.zeros(1))
    if req.max_battery_c_rate is not None:
        rows_ub.append(block([0, 0], [3, 2], [1.0, -req.max_battery_c_rate], 1))
        rhs_ub.append(np.zeros(1))
    if req.largest_motor_kw is not None:
        rows_ub.append(block(np.zeros(K + 1, int), np.concatenate([caps, [3]]),
                             [*(-blk.a_firm for blk in blocks), -k_dis], 1))
        rhs_ub.append(np.array([-(gens.peak_kw + req.largest_motor_kw)]))


def _solve(problem: _Problem, time_limit_s: float | None):
    """Solve with HiGHS (``scipy.optimize.linprog``); returns scipy's result."""
    from scipy.optimize import linprog

    # devex pricing: 1.3-1.5x faster than HiGHS's default on these LPs (benchmarks/README.md)
    options = {"presolve": True, "simplex_dual_edge_weight_strategy": "devex"}
    if time_limit_s is not None:
        options["time_limit"] = float(time_limit_s)
    p = problem
    return linprog(p.c, A_ub=p.A_ub, b_ub=p.b_ub, A_eq=p.A_eq, b_eq=p.b_eq,
                   bounds=np.column_stack([p.lb, p.ub]), method="highs", options=options)


def _read_back(problem: _Problem, res, system: System, project: Project, mode: str, rule,
               elapsed: float) -> LPBound:
    """The :class:`LPBound` of a solved (or failed) LP."""
    p = problem
    crf = capital_recovery_factor(project.discount_rate, project.lifetime_years)
    T, ig, iu, dt, kyr, load_kwh = p.T, p.ig, p.iu, p.dt, p.kyr, p.load_kwh
    blocks, credit = p.gens.blocks, p.credit
    K = len(blocks)
    nvar = p.c.size
    ncons = p.A_ub.shape[0] + p.A_eq.shape[0]
    rule_npc = None if rule is None else rule.costs.npc
    rule_op = None
    if rule is not None:
        g = rule.costs.genset
        rule_op = g.fuel + g.carbon + g.om
    if res.status != 0 or res.x is None:
        msg = ("the LP is infeasible: no design in the space, even with continuous sizes and "
               "perfect foresight, meets the requirements" if res.status == 2
               else f"HiGHS stopped: {res.message}")
        nan = math.nan
        return LPBound(mode=mode, success=False, status=int(res.status), message=msg, npc=nan,
                       annualised=nan, lcoe=nan, pv_kw=nan, n_turbines=nan, battery_kwh=nan,
                       battery_kw=nan, genset_kw=nan, fuel_l=nan, co2_t=nan,
                       renewable_fraction=nan, unserved_fraction=nan, operating_npc=nan,
                       rule_npc=rule_npc, rule_operating_npc=rule_op, n_variables=nvar,
                       n_constraints=ncons, solve_time_s=elapsed, currency=project.currency)
    x = res.x
    g_all = x[ig:ig + K * T]
    u = x[iu:iu + T]
    npc = float(res.fun) - credit
    fuel = co2 = op = 0.0
    kw_by_type, kwh_by_type = {}, {}
    cm = p.commit
    for k, blk in enumerate(blocks):
        g = g_all[k * T:(k + 1) * T]
        if cm is None:
            units = float(np.sum(blk.fuel_per_kwh * g) * dt * kyr)  # curve units per year
            op += float(np.dot(blk.c_g, g))
        else:  # HOMER's fuel on the online capacity z_t
            z = x[p.iz + k * T:p.iz + (k + 1) * T]
            units = float((np.sum(cm.fuel_g[k] * g) + np.sum(cm.fuel_on[k] * z)) * dt * kyr)
            op += float(np.dot(cm.c_g[k], g) + np.dot(cm.c_on[k], z))
        fuel += units * blk.diesel_per_unit
        co2 += units * blk.co2_kg_per_unit / 1e3
        kw_by_type[blk.name] = float(x[4 + k])
        kwh_by_type[blk.name] = float(g.sum() * dt * kyr)
    served = load_kwh - float(u.sum() * dt)
    return LPBound(
        mode=mode, success=True, status=0, message="optimal (HiGHS)", npc=npc,
        annualised=npc * crf, lcoe=npc * crf / (load_kwh * kyr) if load_kwh > 0 else math.inf,
        pv_kw=float(x[0]), n_turbines=float(x[1]), battery_kwh=float(x[2]),
        battery_kw=float(x[3]), genset_kw=float(sum(kw_by_type.values())), fuel_l=fuel,
        co2_t=co2,
        renewable_fraction=1.0 - float(g_all.sum() * dt) / served if served > 0 else 0.0,
        unserved_fraction=float(u.sum() * dt) / load_kwh if load_kwh > 0 else 0.0,
        operating_npc=op, rule_npc=rule_npc, rule_operating_npc=rule_op, n_variables=nvar,
        n_constraints=ncons, solve_time_s=elapsed, currency=project.currency,
        genset_kw_by_type=kw_by_type, genset_kwh_by_type=kwh_by_type)
