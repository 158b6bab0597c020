"""minegrid against two published HOMER runs (../shared/data; skip cleanly without it).

* ``homer-radiantlabs-genset``: two HOMER Pro hourly exports of small systems with a
  diesel genset (PV + genset + lead-acid in cycle charging; PV + wind + genset in load
  following), with a converter between the DC bus (PV, battery) and the AC bus;
* ``homer-pvpmc2022``: a HOMER Legacy run of 30 off-grid PV + battery designs with every
  input, HOMER's exported results, NPC and COE.

The tolerances are the issue's (docs/validation.md lists the measured gaps); the
parameters come from the data's README, and where HOMER's kinetic battery model has no
counterpart the choice is stated next to it.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import minegrid as mg

# ------------------------------------------------------------------ the genset case


def _radiantlabs(shared_dir, name):
    import pandas as pd

    return pd.read_csv(shared_dir / "homer-radiantlabs-genset" / f"{name}.csv.gz")


def _small_turbine():
    """HOMER's "Generic 1 kW" turbine: far below mine scale, so minegrid warns; expected here."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", mg.MinegridWarning)
        return mg.WindPlant(n_turbines=1, turbine_rated_kw=1.0)


def _genset_case(d, *, cycle_charging: bool):
    """The README's parameters on minegrid's model (converter between DC and AC buses)."""
    wind = d["wind_kw"].to_numpy() if "wind_kw" in d else np.zeros(len(d))
    # the export gives PV output in kW (peak 2.0 kW): on a 2-kW plant, the profile per kW is
    # half of it (halving and doubling are exact in binary floating point)
    prof = mg.Profiles(load_kw=d["load_kw"].to_numpy(),
                       pv_kw_per_kw=d["pv_dc_kw"].to_numpy() / 2.0,
                       wind_kw_per_turbine=wind, dt_h=1.0)
    soc = d["batt_soc_pct"].to_numpy() / 100.0
    e_rated = float(d["batt_energy_kwh"].iloc[0] / soc[0])  # 14.86 (cc), 13.71 (lf) kWh
    system = mg.System(
        pv=mg.PVPlant(rated_kw=2.0),
        wind=_small_turbine() if wind.any() else None,
        battery=mg.Battery(
            energy_kwh=e_rated, power_kw=10.0,
            # charge and discharge efficiency read off the export (energy change per kWh)
            charge_efficiency=0.917, discharge_efficiency=0.917,
            # HOMER's kinetic model keeps the bank above 52.6 % SoC in both runs: minegrid's
            # one-tank battery gets that floor; the maximum charge rate is HOMER's default
            soc_min=0.526, soc_max=1.0, soc_initial=float(soc[0]), max_charge_rate_per_h=1.0),
        genset=mg.GensetFleet(unit_rated_kw=2.7, n_units=1, min_load_ratio=0.25,
                              fuel_intercept_l_per_h_per_kw=0.150915 / 2.7,
                              fuel_slope_l_per_kwh=0.235976),
        converter=mg.Converter(inverter_kw=0.901 if cycle_charging else 0.903,
                               inverter_efficiency=0.95, rectifier_kw=1.0435,
                               rectifier_efficiency=0.95),
        dispatch=mg.Dispatch(
            strategy="cycle_charging" if cycle_charging else "load_following",
            cycle_charging_setpoint=0.8, reserve_load_fraction=0.10, reserve_pv_fraction=0.80,
            reserve_wind_fraction=0.50),
    )
    return system, prof


def _homer_sums(d):
    gen = d["gen_kw"].to_numpy()
    on = gen > 0
    served = float(d["load_kw"].sum() - d["unmet_kw"].sum())
    return {"hours": float(on.sum()), "starts": float((on & ~np.roll(on, 1)).sum()),
            "gen_kwh": float(gen.sum()), "fuel_l": float(d["gen_fuel_l"].sum()),
            "rf": 1.0 - float(gen.sum()) / served, "excess_kwh": float(d["excess_kw"].sum()),
            "unmet_kwh": float(d["unmet_kw"].sum())}


def _ours(system, prof):
    r = mg.simulate(system, prof, dispatch=True, base_case=False)
    units = r.dispatch["units_online"].to_numpy()
    on = units > 0
    s = r.stats
    return {"hours": float(on.sum()), "starts": s.starts, "gen_kwh": s.genset_kwh,
            "fuel_l": s.fuel_l, "rf": s.renewable_fraction,
            "excess_kwh": s.curtailed_kwh + s.dumped_kwh, "unmet_kwh": s.unserved_kwh}


@pytest.mark.parametrize(("name", "cc", "tol"), [
    ("cc", True, {"hours": 0.18, "starts": 0.06, "gen_kwh": 0.05, "fuel_l": 0.07,
                  "excess_kwh": 0.25}),
    ("lf", False, {"hours": 0.07, "starts": 0.06, "gen_kwh": 0.06, "fuel_l": 0.06,
                   "excess_kwh": 0.12}),
])
def test_genset_case_matches_homer(shared_dir, name, cc, tol):
    d = _radiantlabs(shared_dir, name)
    system, prof = _genset_case(d, cycle_charging=cc)
    homer, ours = _homer_sums(d), _ours(system, prof)
    for key, rel in tol.items():
        assert ours[key] == pytest.approx(homer[key], rel=rel), (key, ours[key], homer[key])
    assert abs(ours["rf"] - homer["rf"]) <= 0.02
    assert abs(ours["unmet_kwh"] - homer["unmet_kwh"]) <= 0.5


def test_genset_case_homer_behaviour(shared_dir):
    """What the exports show, reproduced: the battery is idle whenever the genset runs, and
    under cycle charging a genset also starts above the set-point (load beyond the inverter)
    and keeps charging."""
    d = _radiantlabs(shared_dir, "cc")
    system, prof = _genset_case(d, cycle_charging=True)
    r = mg.simulate(system, prof, dispatch=True, base_case=False)
    f = r.dispatch
    on = f["units_online"].to_numpy() > 0
    assert (f["battery_kw"].to_numpy()[on] <= 1e-12).all()  # never discharging with a genset
    soc_before = np.concatenate([[system.battery.soc_initial], f["soc"].to_numpy()[:-1]])
    started_full = on & (soc_before >= 0.8)
    assert started_full.sum() > 100  # HOMER: 502 hours
    # the battery-first rule (minegrid 0.1) discharges alongside the genset instead
    first = mg.simulate(system.replace(dispatch=system.dispatch.replace(
        strategy="load_following", battery_dispatch="battery_first")), prof, dispatch=True,
        base_case=False).dispatch
    on1 = first["units_online"].to_numpy() > 0
    assert (first["battery_kw"].to_numpy()[on1] > 1e-9).any()


# ------------------------------------------------------------------ the PV + battery case


def _pvpmc(shared_dir):
    import pandas as pd

    folder = shared_dir / "homer-pvpmc2022"
    return pd.read_csv(folder / "inputs.csv"), pd.read_csv(folder / "homer_results.csv")


ETA = math.sqrt(0.86)  # round trip 86 % at the battery's terminals


def _pvpmc_system(pv_kw: float, n_units: int) -> mg.System:
    """The README's case: PV and battery on the DC bus, a free 100 kW converter at 96 %.

    The battery is priced per kWh only (its power electronics are the converter) at the
    case's 30 USD/kWh, below minegrid's plausible range for a mine: the warning is expected.
    """
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", mg.MinegridWarning)
        return _pvpmc_components(pv_kw, n_units)


def _pvpmc_components(pv_kw: float, n_units: int) -> mg.System:
    return mg.System(
        pv=mg.PVPlant(rated_kw=pv_kw, capex_per_kw=2000.0, om_per_kw_year=0.0,
                      lifetime_years=20.0),
        battery=mg.Battery(
            energy_kwh=10.0 * n_units, power_kw=5.0 * 10.0 * n_units,  # 5 kW per kWh
            charge_efficiency=ETA, discharge_efficiency=ETA, soc_min=0.1, soc_max=1.0,
            soc_initial=1.0, lifetime_throughput_kwh=14153.0 * n_units,
            calendar_life_years=20.0, cycle_life=1e12, capex_per_kwh=30.0, capex_per_kw=0.0,
            om_per_kwh_year=0.0,
            # HOMER's default maximum charge rate, 1 A/Ah (the README: without a taper the
            # unmet load comes out 14-26 kWh/yr low)
            max_charge_rate_per_h=1.0),
        converter=mg.Converter(inverter_kw=100.0, inverter_efficiency=0.96,
                               rectifier_efficiency=0.96, capex_per_kw=0.0, om_per_kw_year=0.0),
        dispatch=mg.Dispatch(reserve_load_fraction=0.10, reserve_pv_fraction=0.25))


PVPMC_PROJECT = mg.Project(lifetime_years=25, discount_rate=0.06, salvage_basis="replacement")


def test_pv_battery_case_matches_homer_on_all_30_designs(shared_dir):
    inputs, homer = _pvpmc(shared_dir)
    prof = mg.Profiles(load_kw=inputs["load_kw"].to_numpy(),
                       pv_kw_per_kw=inputs["pv_dc_kw_per_kwp"].to_numpy())
    load = float(prof.load_kw.sum())
    for _, row in homer.iterrows():
        r = mg.simulate(_pvpmc_system(row["pv_kw"], int(row["n_batteries"])), prof,
                        project=PVPMC_PROJECT, base_case=False)
        s, c = r.stats, r.costs
        what = f"PV {row['pv_kw']:g} kW, {int(row['n_batteries'])} batteries"
        assert abs(s.unserved_kwh - row["Unmet Load"]) <= 0.005 * load, what
        assert abs(s.capacity_shortage_kwh - row["Cap. Shortage"]) <= 0.005 * load, what
        excess = s.curtailed_kwh + s.dumped_kwh  # HOMER's excess electricity
        assert abs(excess - row["Excess Electricity"]) <= 0.005 * row["PV Production"], what
        assert s.battery_drawn_kwh == pytest.approx(row["Battery Throughput"], rel=0.015), what
        assert c.npc == pytest.approx(row["Total NPC"], rel=0.005), what
        # HOMER rounds COE to 0.001; allow that and 0.1 % for the NPC and unmet tolerances
        assert abs(c.lcoe - row["COE"]) <= 0.0005 + 0.001 * row["COE"], what


@pytest.mark.slow
# the case's 30 USD/kWh battery is below the plausible range for a mine (see _pvpmc_system)
@pytest.mark.filterwarnings("ignore:Battery.capex_per_kwh:minegrid.errors.MinegridWarning")
def test_size_on_homers_grid_picks_homers_designs(shared_dir):
    inputs, homer = _pvpmc(shared_dir)
    prof = mg.Profiles(load_kw=inputs["load_kw"].to_numpy(),
                       pv_kw_per_kw=inputs["pv_dc_kw_per_kwp"].to_numpy())
    template = _pvpmc_system(5.0, 2)
    space = mg.DesignSpace(pv_kw=(5.0, 30.0), battery_kwh=(20.0, 100.0))
    grid = {"pv_kw": sorted(homer["pv_kw"].unique()),
            "battery_kwh": sorted(10.0 * homer["n_batteries"].unique())}
    # HOMER's run: capacity shortage allowed up to 100 %, no unmet-load limit
    best = mg.size(template, prof, space, mg.Requirements(max_unserved_fraction=1.0),
                   project=PVPMC_PROJECT, method="grid", grid=grid, progress=False)
    top = homer.loc[homer["Total NPC"].idxmin()]
    assert best.values == {"pv_kw": top["pv_kw"], "battery_kwh": 10.0 * top["n_batteries"]}
    # the cheapest design HOMER lists with no unmet load
    served = homer[homer["Unmet Load"] == 0]
    top0 = served.loc[served["Total NPC"].idxmin()]
    best0 = mg.size(template, prof, space, mg.Requirements(max_unserved_fraction=0.0),
                    project=PVPMC_PROJECT, method="grid", grid=grid, progress=False)
    assert best0.values == {"pv_kw": top0["pv_kw"], "battery_kwh": 10.0 * top0["n_batteries"]}
