"""Kernel totals -> operating statistics per year: the one aggregation, named columns.

The kernel returns totals over the simulated period (:data:`STAT_NAMES`, one
row per design). :func:`aggregate` turns a batch of them into the yearly
statistics of :class:`Stats`, vectorised over designs: flows (energies,
hours, starts, fuel) are scaled to a year of 8760 h by
``profiles.year_factor``; maxima and single-event durations are not. One
design's :class:`Stats` is row ``i`` of the same columns
(:meth:`Stats.from_columns`), so ``simulate``, ``simulate_batch``, sizing,
studies and the life of mine all read the same numbers.

Definitions (``docs/glossary.md``): renewable fraction
``1 − genset energy / served energy`` (HOMER, electric-only); equivalent full
cycles ``(charge + discharge) / (2·E_rated)``; battery losses
``charge − discharge − (E_end − E_start)``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

import numpy as np

from . import _kernel as K
from ._lower import design_column

__all__ = ["STAT_NAMES", "Stats", "aggregate"]

#: Names of the kernel totals over the period, in the column order of
#: :func:`minegrid.dispatch.run_batch`.
STAT_NAMES = (
    "load_kwh", "served_kwh", "unserved_kwh", "unserved_max_kw", "unserved_h",
    "unserved_longest_h", "pv_kwh", "wind_kwh", "curtailed_kwh", "dumped_kwh", "gen_kwh",
    "gen_max_kw", "unit_h", "fleet_h", "starts", "fuel_l", "ch_kwh", "dis_kwh", "ch_gen_kwh",
    "e_end_kwh", "cap_short_kwh", "cap_short_max_kw", "max_units", "cap_short_h",
    "curtailed_max_kw", "curtailed_pv_kwh", "inverter_kwh", "rectifier_kwh", "n1_kwh", "n1_h",
    "n1_max_kw", "start_refused_h",
)
assert len(STAT_NAMES) == K.N_STATS


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
    curtailed_pv_kwh, curtailed_wind_kwh : float
        Curtailment by source. [kWh/year]
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
    battery_drawn_kwh : float
        Energy drawn from storage, ``discharge / η_d`` (HOMER's throughput). [kWh/year]
    inverter_output_kwh, rectifier_input_kwh : float
        Converter flows (0 on one AC bus). [kWh/year]
    converter_losses_kwh : float
        ``inverter·(1/η_inv − 1) + rectifier·(1 − η_rec)``. [kWh/year]
    renewable_fraction : float
        ``1 − genset_kwh / served_kwh`` (HOMER, electric-only). [-]
    n1_shortfall_kwh, n1_hours, n1_max_kw : float
        N-1 shortfall: load the sources in service could not cover after losing the
        largest of them (``docs/theory/reliability.md``): energy [kWh/year], time
        [h/year], largest [kW]; every kernel computes them (the one-fleet rules, a
        plant of genset types, predictive dispatch).
    motor_start_refused_hours : float
        Time in which the largest motor start (``Dispatch.motor_starts``) could not be
        accepted by the online gensets and battery (0 without motor starts). [h/year]
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
    curtailed_pv_kwh: float
    curtailed_wind_kwh: float
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
    battery_drawn_kwh: float
    inverter_output_kwh: float
    rectifier_input_kwh: float
    converter_losses_kwh: float
    renewable_fraction: float
    n1_shortfall_kwh: float
    n1_hours: float
    n1_max_kw: float
    motor_start_refused_hours: float
    period_h: float

    _UNITS = {"fraction": "-", "kwh": "kWh/yr", "_kw": "kW", "hours": "h/yr", "_h": "h",
              "fuel_l": "L/yr", "co2_t": "t/yr", "cycles": "1/yr", "starts": "1/yr"}

    @classmethod
    def from_columns(cls, columns: dict, i: int = 0) -> Stats:
        """Design ``i`` of the columns of :func:`aggregate`."""
        values = {f.name: float(columns[f.name][i]) for f in fields(cls)}
        values["max_units_online"] = int(values["max_units_online"])
        return cls(**values)

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


def _ratio(num, den):
    """``num / den`` where ``den > 0``, else 0."""
    return np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.0)


def aggregate(totals: np.ndarray, params: np.ndarray, profiles,
              co2_kg_per_l) -> dict[str, np.ndarray]:
    """Yearly statistics of a batch: kernel totals -> one array per :class:`Stats` field.

    Parameters
    ----------
    totals : numpy.ndarray
        (m, len(STAT_NAMES)) totals over the period, from
        :func:`minegrid.dispatch.run_batch`.
    params : numpy.ndarray
        The (m, N_PARAMS) kernel rows that produced them (battery energy and
        initial state of charge).
    profiles : minegrid.Profiles
        The profiles simulated (their period and :attr:`~minegrid.Profiles.year_factor`).
    co2_kg_per_l : float or array
        CO2 emitted per litre of fuel. [kg/L]

    Returns
    -------
    dict
        The fields of :class:`Stats` (arrays of m values, ``period_h`` too),
        plus ``battery_end_kwh``, the stored energy at the end of the period
        (not scaled). [kWh]
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        return _aggregate(totals, params, profiles, co2_kg_per_l)


def _aggregate(totals, params, profiles, co2_kg_per_l):
    k = profiles.year_factor
    T = dict(zip(STAT_NAMES, totals.T, strict=True))
    Y = dict(zip(STAT_NAMES, (totals * k).T, strict=True))  # every total scaled to a year
    e_rated = design_column(params, "battery_kwh")
    e_start = design_column(params, "soc_initial") * e_rated
    load = T["load_kwh"]
    served = Y["served_kwh"]
    throughput = (T["ch_kwh"] + T["dis_kwh"]) * k
    re = T["pv_kwh"] + T["wind_kwh"]
    fuel = Y["fuel_l"]
    return {
        "load_kwh": Y["load_kwh"], "served_kwh": served, "unserved_kwh": Y["unserved_kwh"],
        "unserved_fraction": _ratio(T["unserved_kwh"], load),
        "unserved_max_kw": T["unserved_max_kw"], "unserved_hours": Y["unserved_h"],
        "unserved_longest_event_h": T["unserved_longest_h"],
        "capacity_shortage_kwh": Y["cap_short_kwh"],
        "capacity_shortage_fraction": _ratio(T["cap_short_kwh"], load),
        "capacity_shortage_hours": Y["cap_short_h"],
        "pv_kwh": Y["pv_kwh"], "wind_kwh": Y["wind_kwh"],
        "curtailed_kwh": Y["curtailed_kwh"], "curtailed_max_kw": T["curtailed_max_kw"],
        "curtailed_fraction": _ratio(T["curtailed_kwh"], re),
        "curtailed_pv_kwh": Y["curtailed_pv_kwh"],
        "curtailed_wind_kwh": (T["curtailed_kwh"] - T["curtailed_pv_kwh"]) * k,
        "renewable_kwh": (re - T["curtailed_kwh"]) * k, "dumped_kwh": Y["dumped_kwh"],
        "genset_kwh": Y["gen_kwh"], "genset_max_kw": T["gen_max_kw"],
        "unit_running_hours": Y["unit_h"], "fleet_running_hours": Y["fleet_h"],
        "starts": Y["starts"], "max_units_online": T["max_units"],
        "fuel_l": fuel, "co2_t": fuel * co2_kg_per_l / 1000.0,
        "battery_charge_kwh": Y["ch_kwh"], "battery_discharge_kwh": Y["dis_kwh"],
        "battery_charge_from_genset_kwh": Y["ch_gen_kwh"],
        "battery_losses_kwh": (T["ch_kwh"] - T["dis_kwh"] - (T["e_end_kwh"] - e_start)) * k,
        "battery_throughput_kwh": throughput,
        "battery_cycles": _ratio(throughput, 2.0 * e_rated),
        "battery_drawn_kwh": Y["dis_kwh"] / design_column(params, "discharge_efficiency"),
        "inverter_output_kwh": Y["inverter_kwh"], "rectifier_input_kwh": Y["rectifier_kwh"],
        "converter_losses_kwh": (Y["inverter_kwh"] * (
            1.0 / design_column(params, "inverter_efficiency") - 1.0)
            + Y["rectifier_kwh"] * (1.0 - design_column(params, "rectifier_efficiency"))),
        "renewable_fraction": np.where(served > 0, 1.0 - _ratio(Y["gen_kwh"], served), 0.0),
        "n1_shortfall_kwh": Y["n1_kwh"], "n1_hours": Y["n1_h"], "n1_max_kw": T["n1_max_kw"],
        "motor_start_refused_hours": Y["start_refused_h"],
        "period_h": np.full(load.shape, profiles.period_h),
        "battery_end_kwh": T["e_end_kwh"],
    }
