"""Lowering: components <-> the kernel's parameter rows. The only code that knows the row layout.

A design reaches the kernel as one float64 row of ``N_PARAMS`` numbers
(:func:`design_params`); many designs as an (m, N_PARAMS) matrix
(:func:`design_matrix`), built from a template :class:`~minegrid.System` and
columns of sizes (:data:`DESIGN_COLUMNS`). Everything else in minegrid speaks
components and named columns: :func:`design_column` reads a named column of a
matrix, :func:`replace_columns` writes some, and :func:`system_from_row` turns a
row back into a System.

The battery power rule lives here once: a design that sets the battery energy
and not its power keeps the template battery's power-to-energy ratios
(:attr:`minegrid.Battery.power_ratios`; a 1-hour battery without a template
battery).
"""

from __future__ import annotations

import numpy as np

from ..components import (
    BATTERY_DISPATCH,
    CYCLE_CHARGING_LIMITS,
    FORECASTS,
    STRATEGIES,
    Battery,
    GensetFleet,
    PVPlant,
    System,
    WindPlant,
)
from ..economics import system_prices
from ..errors import InputError, check, number_array
from . import _kernel as K

__all__ = ["DESIGN_COLUMNS", "ROW_COLUMNS", "design_params", "design_matrix", "design_column",
           "replace_columns", "system_from_row", "is_cycle_charging", "is_economic",
           "is_predictive",
           "dispatch_costs"]

#: Columns a table of designs may set (see :func:`design_matrix`).
DESIGN_COLUMNS = ("pv_kw", "n_turbines", "battery_kwh", "battery_kw", "n_units", "unit_kw")

#: Named columns of a parameter matrix that :func:`design_column` reads and
#: :func:`replace_columns` writes.
ROW_COLUMNS = {
    "pv_kw": K.P_PV_KW,  # installed PV [kW DC]
    "n_turbines": K.P_WIND_N,  # wind turbines [-]
    "battery_kwh": K.P_E_KWH,  # battery rated energy [kWh]
    "battery_charge_kw": K.P_PCH_KW,  # charge limit [kW]
    "battery_discharge_kw": K.P_PDIS_KW,  # discharge limit [kW]
    "soc_min": K.P_SOC_MIN,  # [-]
    "soc_max": K.P_SOC_MAX,  # [-]
    "soc_initial": K.P_SOC_INI,  # [-]
    "charge_efficiency": K.P_ETA_C,  # [-]
    "discharge_efficiency": K.P_ETA_D,  # [-]
    "inverter_efficiency": K.P_INV_ETA,  # [-]
    "rectifier_efficiency": K.P_REC_ETA,  # [-]
    "genset_fixed_cost": K.P_C_FIX,  # economic dispatch [currency/h]
    "genset_marginal_cost": K.P_C_MAR,  # economic dispatch [currency/kWh]
    "unit_kw": K.P_UNIT_KW,  # genset unit rating [kW]
    "n_units": K.P_N_UNITS,  # genset units installed [-]
}


def design_params(system: System, project=None) -> np.ndarray:
    """Kernel parameter row (float64[N_PARAMS]) of a :class:`~minegrid.System`.

    ``project`` (default ``Project()``) gives the fuel and carbon prices that
    economic dispatch weighs (``Dispatch(battery_dispatch="economic")``).
    """
    p = np.zeros(K.N_PARAMS)
    pv, wind = system.pv_or_zero, system.wind_or_zero
    bat, dis = system.battery_or_zero, system.dispatch
    gen = _row_fleet(system)
    p[K.P_PV_KW] = pv.rated_kw
    p[K.P_WIND_N] = wind.n_turbines
    p[K.P_E_KWH] = bat.energy_kwh
    p[K.P_PCH_KW] = bat.charge_power_kw
    p[K.P_PDIS_KW] = bat.discharge_power_kw
    p[K.P_ETA_C] = bat.charge_efficiency
    p[K.P_ETA_D] = bat.discharge_efficiency
    p[K.P_SOC_MIN] = bat.soc_min
    p[K.P_SOC_MAX] = bat.soc_max
    p[K.P_SOC_INI] = bat.soc_initial
    p[K.P_ALPHA] = np.inf if bat.max_charge_rate_per_h is None else bat.max_charge_rate_per_h
    p[K.P_UNIT_KW] = gen.unit_rated_kw
    p[K.P_N_UNITS] = gen.n_units
    p[K.P_MIN_LOAD] = gen.min_load_ratio
    p[K.P_F0] = gen.fuel_intercept_l_per_h_per_kw
    p[K.P_F1] = gen.fuel_slope_l_per_kwh
    p[K.P_STRATEGY] = dis.strategy_code
    p[K.P_CC_SP] = dis.cycle_charging_setpoint
    p[K.P_CC_HOLD] = float(dis.cycle_charging_hold)
    p[K.P_CC_LIMIT] = CYCLE_CHARGING_LIMITS.index(dis.cycle_charging_limit)
    p[K.P_BDISPATCH] = BATTERY_DISPATCH.index(dis.battery_dispatch)
    p[K.P_R_LOAD] = dis.reserve_load_fraction
    p[K.P_R_PV] = dis.reserve_pv_fraction
    p[K.P_R_WIND] = dis.reserve_wind_fraction
    p[K.P_R_PEAK] = dis.reserve_peak_load_fraction
    p[K.P_R_FIXED] = dis.reserve_fixed_kw
    p[K.P_N_MIN] = dis.units_always_online
    conv = system.converter
    p[K.P_INV_KW] = np.inf if conv is None else conv.inverter_kw
    p[K.P_INV_ETA] = 1.0 if conv is None else conv.inverter_efficiency
    p[K.P_REC_KW] = np.inf if conv is None else conv.rectifier_kw
    p[K.P_REC_ETA] = 1.0 if conv is None else conv.rectifier_efficiency
    p[K.P_INV_RESERVE] = 0.0 if conv is None else float(conv.reserve_through_inverter)
    p[K.P_N1] = float(dis.n_minus_1_reserve)
    p[K.P_PV_BLOCK] = np.inf if dis.pv_block_kw is None else dis.pv_block_kw
    p[K.P_BAT_BLOCK] = np.inf if dis.battery_block_kw is None else dis.battery_block_kw
    p[K.P_START_KW] = dis.largest_start_kw
    p[K.P_START_KVA] = dis.largest_start_kva
    p[K.P_STEP_FRAC] = dis.genset_step_fraction
    p[K.P_GEN_KVA] = dis.genset_start_kva_per_kw
    p[K.P_INV_OVL] = dis.inverter_start_overload
    if _weighs_costs(dis):  # other modes never read prices: rows stay alike
        c_fix, c_mar, c_wear = dispatch_costs(system_prices(system), _project(project))
        p[K.P_C_FIX], p[K.P_C_MAR], p[K.P_C_WEAR] = c_fix, c_mar, c_wear
    if dis.strategy == "predictive":
        p[K.P_REPLAN] = dis.replan_h  # hours
        p[K.P_LEVELS] = dis.soc_levels
        p[K.P_VOLL] = dis.value_of_lost_load_per_kwh
        p[K.P_WORTH] = p[K.P_C_MAR] * p[K.P_ETA_D] * p[K.P_INV_ETA]
        p[K.P_FORECAST] = FORECASTS.index(dis.forecast)
        p[K.P_FC_ERROR] = dis.forecast_error
        p[K.P_FC_SEED] = dis.forecast_seed
        p[K.P_HORIZON] = dis.horizon_h  # hours here: the runner turns them into steps
    return p


def _weighs_costs(dis) -> bool:
    """Whether the dispatch weighs prices (economic dispatch, predictive dispatch)."""
    return dis.battery_dispatch == "economic" or dis.strategy == "predictive"


def _row_fleet(system: System) -> GensetFleet:
    """The fleet the one-fleet row holds: the fleet, or for a plant of several types
    the first listed with the plant's total unit count (the plant kernel reads the
    types from their own rows; the row's count bounds ``units_always_online``)."""
    fleets = system.fleets
    if len(fleets) <= 1:
        return system.genset_or_zero
    return fleets[0].replace(n_units=sum(f.n_units for f in fleets), existing_units=0,
                             existing_remaining_life_hours=None)


def _project(project):
    from ..components import Project

    return Project() if project is None else project


def dispatch_costs(q: dict, project, fuel_price_per_l=None, carbon_price_per_t=None):
    """The costs economic dispatch weighs, from sizes and unit costs ``q``.

    Returns ``(c_fix, c_mar, c_wear)``: a genset's fixed cost per running
    unit-hour (O&M + replacement cost per running hour + no-load fuel)
    [currency/h], its marginal cost [currency/kWh], and the battery's wear
    cost per kWh drawn from storage (replacement cost / lifetime throughput)
    [currency/kWh]. ``q`` is :func:`minegrid.economics.system_prices` (arrays
    or scalars); the fuel and carbon prices default to the project's.
    """
    fuel = project.fuel_price_per_l if fuel_price_per_l is None else fuel_price_per_l
    carbon = project.carbon_price_per_t if carbon_price_per_t is None else carbon_price_per_t
    c_fuel = fuel + carbon * q["genset_co2_kg_per_l"] / 1000.0
    unit_kw = q["genset_unit_kw"]
    interval = np.asarray(q.get("genset_overhaul_interval_hours", np.inf), float)
    overhaul = np.where(np.isfinite(interval), q.get("genset_overhaul_cost_per_kw", 0.0)
                        / np.where(np.isfinite(interval), interval, 1.0), 0.0)
    c_fix = (q["genset_om_per_unit_hour"]
             + (q.get("genset_om_per_kw_hour", 0.0) + overhaul) * unit_kw
             + q["genset_replacement_ratio"] * q["genset_capex_per_kw"] * unit_kw
             / q["genset_life_hours"]
             + q["genset_f0_l_per_h_per_kw"] * unit_kw * c_fuel)
    c_mar = q["genset_f1_l_per_kwh"] * c_fuel
    e = np.asarray(q["battery_kwh"], dtype=float)
    replacement = q["battery_replacement_ratio"] * (q["battery_kwh"] * q["battery_capex_per_kwh"]
                                                   + q["battery_kw"] * q["battery_capex_per_kw"])
    throughput = np.where(np.isfinite(q["battery_lifetime_throughput_kwh"]),
                          q["battery_lifetime_throughput_kwh"], q["battery_cycle_life"] * e)
    with np.errstate(divide="ignore", invalid="ignore"):
        c_wear = np.where(throughput > 0, replacement / np.where(throughput > 0, throughput, 1.0),
                          0.0)
    return c_fix, c_mar, c_wear if np.ndim(c_wear) else float(c_wear)


def is_cycle_charging(params: np.ndarray) -> np.ndarray:
    """Whether each row (or one row) is dispatched by cycle charging."""
    return np.asarray(params)[..., K.P_STRATEGY] == STRATEGIES.index("cycle_charging")


def is_predictive(params: np.ndarray) -> np.ndarray:
    """Whether each row (or one row) is dispatched by the predictive strategy."""
    return np.asarray(params)[..., K.P_STRATEGY] == STRATEGIES.index("predictive")


def is_economic(params: np.ndarray) -> np.ndarray:
    """Whether each row (or one row) chooses its operation by cost (economic dispatch)."""
    return np.asarray(params)[..., K.P_BDISPATCH] == BATTERY_DISPATCH.index("economic")


def _design_columns(designs) -> tuple[dict[str, np.ndarray], int]:
    """Validate a table of designs: {name: float array}, all of one length."""
    cols = {}
    for name, values in dict(designs).items():
        check(name in DESIGN_COLUMNS, "designs", name, f"is not one of {DESIGN_COLUMNS}",
              "rename the column")
        cols[name] = number_array(values, f"designs[{name!r}]", minimum=0.0,
                                  integer=name in ("n_turbines", "n_units"),
                                  fix="give sizes >= 0 (whole numbers for unit counts)")
    lengths = {v.size for v in cols.values()}
    if len(lengths) > 1:
        raise InputError(f"design columns have different lengths {sorted(lengths)}. "
                         "Fix: give every column one value per design.")
    m = lengths.pop() if lengths else 1
    check(m > 0, "designs", "no rows", "must hold at least one design", "pass arrays")
    return cols, m


def design_matrix(system: System, designs, project=None) -> tuple[np.ndarray, dict]:
    """Kernel parameters and pricing quantities for a table of designs based on ``system``.

    Parameters
    ----------
    system : System
        Template: every parameter a design does not set comes from here.
    designs : mapping
        Some of :data:`DESIGN_COLUMNS` -> arrays of equal length (one value per
        design): ``pv_kw`` [kW DC], ``n_turbines`` [-], ``battery_kwh`` [kWh],
        ``battery_kw`` (charge and discharge limit) [kW], ``n_units`` [-],
        ``unit_kw`` [kW]. ``battery_kwh`` without ``battery_kw`` keeps the
        template battery's power-to-energy ratios.
    project : Project, optional
        The prices economic dispatch weighs (see :func:`design_params`).

    Returns
    -------
    params : numpy.ndarray
        (m, N_PARAMS) kernel rows.
    q : dict
        Sizes and unit costs keyed for :func:`minegrid.economics.price_designs`.
    """
    cols, m = _design_columns(designs)
    project = _project(project)
    params = np.tile(design_params(system, project), (m, 1))
    if "pv_kw" in cols:
        params[:, K.P_PV_KW] = cols["pv_kw"]
    if "n_turbines" in cols:
        params[:, K.P_WIND_N] = cols["n_turbines"]
    if "battery_kwh" in cols:
        params[:, K.P_E_KWH] = cols["battery_kwh"]
        if "battery_kw" not in cols:
            ratio_c, ratio_d = system.battery_or_zero.power_ratios
            params[:, K.P_PCH_KW] = cols["battery_kwh"] * ratio_c
            params[:, K.P_PDIS_KW] = cols["battery_kwh"] * ratio_d
    if "battery_kw" in cols:
        params[:, K.P_PCH_KW] = cols["battery_kw"]
        params[:, K.P_PDIS_KW] = cols["battery_kw"]
    if "n_units" in cols:
        params[:, K.P_N_UNITS] = cols["n_units"]
    if "unit_kw" in cols:
        check(bool((cols["unit_kw"] > 0).all()), "designs['unit_kw']",
              cols["unit_kw"][cols["unit_kw"] <= 0][:3].tolist(), "must be > 0",
              "give the genset unit rating in kW")
        params[:, K.P_UNIT_KW] = cols["unit_kw"]
    plant = system.is_plant  # its gensets are priced type by type (minegrid.plantcosts)
    check(not (plant and ("n_units" in cols or "unit_kw" in cols)), "designs",
          "n_units / unit_kw", "set one fleet's units, but the system has a plant of genset "
          "types", "size the types with columns 'n_units[<type name>]' (simulate_batch, size)")
    gen = GensetFleet() if plant else system.genset_or_zero
    q = system_prices(system)
    q["pv_kw"] = params[:, K.P_PV_KW]
    q["wind_kw"] = params[:, K.P_WIND_N] * system.wind_or_zero.turbine_rated_kw
    q["battery_kwh"] = params[:, K.P_E_KWH]
    q["battery_kw"] = np.maximum(params[:, K.P_PCH_KW], params[:, K.P_PDIS_KW])
    q["genset_n_units"] = params[:, K.P_N_UNITS] * (not plant)
    q["genset_kw"] = params[:, K.P_N_UNITS] * params[:, K.P_UNIT_KW] * (not plant)
    q["genset_existing_kw"] = gen.existing_units * params[:, K.P_UNIT_KW]
    q["genset_unit_kw"] = params[:, K.P_UNIT_KW]
    if cols and _weighs_costs(system.dispatch):  # sizes change the costs
        c_fix, c_mar, c_wear = dispatch_costs(q, project)
        params[:, K.P_C_FIX] = c_fix
        params[:, K.P_C_MAR] = c_mar
        params[:, K.P_C_WEAR] = c_wear
        if system.dispatch.strategy == "predictive":
            params[:, K.P_WORTH] = c_mar * params[:, K.P_ETA_D] * params[:, K.P_INV_ETA]
    return params, q


def design_column(params: np.ndarray, name: str) -> np.ndarray:
    """A named column of a parameter matrix (a view), or one value of a row.

    ``name`` is a key of :data:`ROW_COLUMNS`.
    """
    return np.asarray(params)[..., ROW_COLUMNS[name]]


def replace_columns(params: np.ndarray, **columns) -> np.ndarray:
    """A copy of ``params`` with some named columns (keys of :data:`ROW_COLUMNS`) replaced."""
    out = np.array(params, dtype=float)
    for name, values in columns.items():
        out[..., ROW_COLUMNS[name]] = values
    return out


def system_from_row(template: System, row: np.ndarray) -> System:
    """The System whose kernel parameters are ``row``: the template with the row's sizes.

    Sizes (PV, turbines, battery energy and charge/discharge limits, genset unit
    rating and count) come from the row, everything else (the converter, a
    plant's genset types) from ``template``; a component the template lacks is
    added only when the row gives it a size.
    """
    p = row
    pv = (template.pv or PVPlant()).replace(rated_kw=float(p[K.P_PV_KW]))
    wind = (template.wind or WindPlant()).replace(n_turbines=int(round(p[K.P_WIND_N])))
    pch, pdis = float(p[K.P_PCH_KW]), float(p[K.P_PDIS_KW])
    bat = (template.battery or Battery()).replace(
        energy_kwh=float(p[K.P_E_KWH]), power_kw=max(pch, pdis), charge_power_kw=pch,
        discharge_power_kw=pdis, duration_h=None)
    plant = template.is_plant
    if plant:  # the types' counts are not in the row (see minegrid.dispatch.plant.with_counts)
        gen = None
    else:
        gen = (template.genset or GensetFleet()).replace(
            unit_rated_kw=float(p[K.P_UNIT_KW]), n_units=int(round(p[K.P_N_UNITS])))
        gen = gen if template.genset is not None or gen.n_units > 0 else None
    return System(pv=pv if template.pv is not None or pv.rated_kw > 0 else None,
                  wind=wind if template.wind is not None or wind.n_turbines > 0 else None,
                  battery=bat if template.battery is not None or bat.energy_kwh > 0 else None,
                  genset=None if template.gensets else gen, gensets=template.gensets,
                  converter=template.converter, dispatch=template.dispatch,
                  merit_order=template.merit_order)
