"""Studies: sweeps, reuse of the dispatch, resuming, uncertainty, many sites, plots."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

import minegrid as mg
from minegrid import dispatch, study
from minegrid.dispatch import Profiles
from minegrid.errors import InputError


def _profiles(seed=7, n=8760):
    rng = np.random.default_rng(seed)
    hour = np.arange(n) % 24
    load = 3000.0 + 600.0 * rng.random(n)
    pv = np.clip(np.sin((hour - 6) / 12 * np.pi), 0, None) * 0.8
    wind = 2300.0 * rng.random(n) ** 2
    return Profiles(load_kw=load, pv_kw_per_kw=pv, wind_kw_per_turbine=wind,
                    genset_availability=0.9)


SYSTEM = mg.System(pv=mg.PVPlant(rated_kw=3000.0),
                   wind=mg.WindPlant(n_turbines=1, turbine_rated_kw=2300.0),
                   battery=mg.Battery(energy_kwh=4000.0, power_kw=2000.0),
                   genset=mg.GensetFleet(unit_rated_kw=1000.0, n_units=5))
PROJECT = mg.Project(lifetime_years=15, discount_rate=0.08, fuel_price_per_l=1.1,
                     carbon_price_per_t=5.0)


@pytest.fixture(scope="module")
def base():
    return study.BaseCase(system=SYSTEM, profiles=_profiles(), project=PROJECT)


@pytest.fixture
def kernel_calls(monkeypatch):
    """Counts calls of the batch kernel (in-process runs only)."""
    calls = []
    real = dispatch.run_batch

    def counting(params, profiles):
        calls.append(params.shape[0])
        return real(params, profiles)

    monkeypatch.setattr(dispatch, "run_batch", counting)
    return calls


# --- sweeps ----------------------------------------------------------------------------------
def test_one_at_a_time_points_match_simulate(base):
    table = study.sweep(base, {"project.fuel_price_per_l": [0.8, 1.4],
                               "battery.energy_kwh": [0.0, 8000.0],
                               "load_scale": [1.2]}, progress=False)
    assert list(table["varied"]) == ["base", *["project.fuel_price_per_l"] * 2,
                                     *["battery.energy_kwh"] * 2, "load_scale"]
    # base values fill the parameters that a row does not vary
    assert table.loc[0, "project.fuel_price_per_l"] == 1.1
    assert table.loc[3, "project.fuel_price_per_l"] == 1.1
    assert table.loc[1, "battery.energy_kwh"] == 4000.0
    cases = {
        0: (SYSTEM, PROJECT, base.profiles),
        2: (SYSTEM, PROJECT.replace(fuel_price_per_l=1.4), base.profiles),
        4: (SYSTEM.replace(battery=SYSTEM.battery.replace(energy_kwh=8000.0)), PROJECT,
            base.profiles),
        5: (SYSTEM, PROJECT, Profiles(load_kw=base.profiles.load_kw * 1.2,
                                      pv_kw_per_kw=base.profiles.pv_kw_per_kw,
                                      wind_kw_per_turbine=base.profiles.wind_kw_per_turbine,
                                      genset_availability=0.9)),
    }
    for i, (system, project, profiles) in cases.items():
        r = mg.simulate(system, profiles, project=project, base_case=False)
        row = table.loc[i]
        assert row["npc"] == pytest.approx(r.costs.npc, rel=1e-12)
        assert row["lcoe"] == pytest.approx(r.costs.lcoe, rel=1e-12)
        assert row["capital"] == pytest.approx(r.costs.capital, rel=1e-12)
        assert row["fuel_l"] == pytest.approx(r.stats.fuel_l, rel=1e-12)
        assert row["co2_t"] == pytest.approx(r.stats.co2_t, rel=1e-12)
        assert row["renewable_fraction"] == pytest.approx(r.stats.renewable_fraction, rel=1e-12)
        assert row["unserved_fraction"] == pytest.approx(r.stats.unserved_fraction, abs=1e-15)


def test_full_factorial_and_table_of_points(base):
    params = {"pv_kw": [0.0, 4000.0], "capex_multiplier.pv": [0.8, 1.0, 1.2]}
    table = study.sweep(base, params, kind="full_factorial", progress=False)
    assert len(table) == 6 and "varied" not in table.columns
    assert table.attrs["designs"] == 2
    # capex of PV scales the PV capital; with no PV it changes nothing
    no_pv = table[table["pv_kw"] == 0.0]
    assert no_pv["npc"].nunique() == 1
    pv = table[table["pv_kw"] == 4000.0].set_index("capex_multiplier.pv")
    price = base.system.pv.capex_per_kw  # the PVPlant default (950 USD/kW since issue 14)
    assert pv.loc[1.2, "capital"] - pv.loc[1.0, "capital"] == pytest.approx(0.2 * 4000 * price)
    # the same points as an explicit table; empty cells keep the base value
    points = pd.DataFrame({"pv_kw": [4000.0, None], "capex_multiplier.pv": [1.2, None]})
    again = study.sweep(base, points, progress=False)
    assert again.loc[0, "npc"] == pv.loc[1.2, "npc"]
    assert again.loc[1, "npc"] == study.sweep(base, {"load_scale": [1.0]},
                                              progress=False).loc[0, "npc"]


def test_economics_only_points_reuse_one_dispatch(base, kernel_calls):
    table = study.sweep(base, {"project.fuel_price_per_l": [0.6, 0.9, 1.5, 2.0],
                               "project.discount_rate": [0.05, 0.12],
                               "project.carbon_price_per_t": [0.0, 50.0],
                               "pv.capex_per_kw": [500.0, 1000.0],
                               "capex_multiplier.battery": [0.7, 1.3],
                               "capex_multiplier.all": [1.1],
                               "genset.life_hours": [40000.0]}, progress=False)
    assert len(table) == 15  # base point + 14 values
    assert kernel_calls == [1]  # one kernel call, one design
    assert table.attrs["designs"] == 1
    assert table["fuel_l"].nunique() == 1
    assert table["npc"].is_monotonic_increasing is False  # prices did change the costs
    fuel = table[table["varied"] == "project.fuel_price_per_l"].set_index(
        "project.fuel_price_per_l")["npc"]
    assert np.all(np.diff(fuel.to_numpy()) > 0)


def test_physics_points_batched_per_profile_set(base, kernel_calls):
    table = study.sweep(base, {"load_scale": [0.9, 1.1], "pv_kw": [0.0, 2000.0, 6000.0],
                               "battery_kwh": [2000.0, 6000.0],
                               "project.fuel_price_per_l": [0.9, 1.3]},
                        kind="full_factorial", progress=False)
    assert len(table) == 24 and table.attrs["designs"] == 12
    assert kernel_calls == [6, 6]  # one call per load scale, six designs each
    kernel_calls.clear()
    study.sweep(base, {"pv_kw": list(np.linspace(0, 6000, 10))}, kind="full_factorial",
                progress=False, chunk_size=4)
    assert kernel_calls == [4, 4, 2]


def test_battery_kwh_keeps_ratio_and_power_follows(base):
    t = study.sweep(base, {"battery_kwh": [8000.0], "battery.power_kw": [500.0]},
                    progress=False)
    assert t.loc[1, "battery_kw"] == 4000.0  # ratio 0.5 of the base battery kept
    assert t.loc[2, "battery_kw"] == 500.0  # charge and discharge follow power_kw


# --- store and resume ------------------------------------------------------------------------
PARAMS = {"pv_kw": [0.0, 1500.0, 3000.0, 4500.0, 6000.0],
          "battery_kwh": [0.0, 3000.0, 6000.0], "project.fuel_price_per_l": [0.9, 1.3]}


def test_interrupted_study_resumes_without_recomputing(base, tmp_path, kernel_calls):
    full = study.sweep(base, PARAMS, kind="full_factorial", progress=False, chunk_size=3)
    assert full.attrs["chunks"] == {"total": 5, "computed": 5, "reused": 0}
    store = tmp_path / "store"

    def stop_after_two(**info):
        if info["done"] == 2:
            raise KeyboardInterrupt

    kernel_calls.clear()
    with pytest.raises(KeyboardInterrupt):
        study.sweep(base, PARAMS, kind="full_factorial", progress=stop_after_two,
                    chunk_size=3, store=store)
    assert len(kernel_calls) == 2
    assert len(list(store.glob("*.chunk"))) == 2
    kernel_calls.clear()
    resumed = study.sweep(base, PARAMS, kind="full_factorial", progress=False, chunk_size=3,
                          store=store)
    assert resumed.attrs["chunks"] == {"total": 5, "computed": 3, "reused": 2}
    assert len(kernel_calls) == 3
    pd.testing.assert_frame_equal(resumed, full, check_exact=True)
    kernel_calls.clear()
    again = study.sweep(base, PARAMS, kind="full_factorial", progress=False, chunk_size=3,
                        store=store)
    assert again.attrs["chunks"] == {"total": 5, "computed": 0, "reused": 5}
    assert kernel_calls == []
    pd.testing.assert_frame_equal(again, full, check_exact=True)


def test_store_keys_depend_on_inputs(base, tmp_path):
    store = tmp_path / "s"
    study.sweep(base, {"pv_kw": [1000.0]}, progress=False, store=store)
    n = len(list(store.glob("*.chunk")))
    other = study.BaseCase(system=SYSTEM, profiles=_profiles(seed=8), project=PROJECT)
    t = study.sweep(other, {"pv_kw": [1000.0]}, progress=False, store=store)
    assert t.attrs["chunks"]["reused"] == 0
    assert len(list(store.glob("*.chunk"))) == 2 * n


def test_progress_reporter_writes_lines(base):
    stream = io.StringIO()
    study.sweep(base, {"pv_kw": [0.0, 1000.0, 2000.0]}, chunk_size=1,
                progress=study.StudyProgress(stream=stream, interval_s=0.0))
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("minegrid.sweep: 1/4 chunks")  # base point + 3
    assert lines[-1].endswith("- done")


# --- uncertainty -----------------------------------------------------------------------------
def test_quantiles_hand_checked():
    mean, p50, p90 = study.uncertain.quantiles(np.arange(1.0, 11.0))
    assert (mean, p50, p90) == (5.5, 5.5, pytest.approx(9.1))
    assert study.uncertain.quantiles([3.0, 1.0, 2.0]) == (2.0, 2.0, pytest.approx(2.8))


def test_levelised_price():
    p = mg.Project(lifetime_years=3, discount_rate=0.1)
    d = np.array([1.1**-1, 1.1**-2, 1.1**-3])
    assert study.levelised_price([1.0, 2.0, 3.0], p) == pytest.approx(
        (d @ [1.0, 2.0, 3.0]) / d.sum(), rel=1e-15)
    assert study.levelised_price(1.7, p) == pytest.approx(1.7, rel=1e-15)
    with pytest.raises(InputError, match="one price per project year"):
        study.levelised_price([1.0, 2.0], p)


def test_uncertainty_p50_p90_on_linear_fuel_prices(base, kernel_calls):
    """Ten constant fuel prices 0.5..5 $/L: NPC is linear in the price, so its P50 and P90
    are the NPCs at 2.75 and 4.55 $/L; fuel use does not depend on the price. (Plausible
    prices: above 6 $/L a Project warns of a unit slip.)"""
    paths = {f"p{k}": 0.5 * k for k in range(1, 11)}
    res = study.uncertainty(base, fuel_price_paths=paths, progress=False)
    assert kernel_calls == [1]
    assert res.n_scenarios == 10 and list(res.summary.index) == ["base"]
    s = res.summary.loc["base"]
    for price, col in ((2.75, "npc_p50"), (4.55, "npc_p90")):
        r = mg.simulate(SYSTEM, base.profiles, project=PROJECT.replace(fuel_price_per_l=price),
                        base_case=False)
        assert s[col] == pytest.approx(r.costs.npc, rel=1e-12)
    assert s["fuel_l_p50"] == s["fuel_l_p90"] == res.table["fuel_l"].iloc[0]
    assert s["npc_mean"] == pytest.approx(s["npc_p50"], rel=1e-12)


def test_uncertainty_best_designs_and_load_variants(base):
    designs = pd.DataFrame({"pv_kw": [0.0, 3000.0, 8000.0], "battery_kwh": [0.0, 4000.0, 0.0]},
                           index=["diesel", "hybrid", "pv_heavy"])
    loads = {"plan_low": base.profiles.load_kw * 0.8, "plan_high": base.profiles.load_kw * 1.15}
    paths = {"flat": 1.1, "rising": list(np.linspace(0.8, 2.5, 15)), "falling": 0.7}
    res = study.uncertainty(base, designs=designs, load_variants=loads, fuel_price_paths=paths,
                            progress=False)
    assert len(res.table) == 3 * 2 * 3 and res.n_scenarios == 6
    manual = res.table.groupby("design")["npc"]
    assert res.best_expected == manual.mean().idxmin()
    assert res.best_p90 == manual.quantile(0.9).idxmin()
    for label, grp in res.table.groupby("design"):
        assert res.summary.loc[label, "npc_p90"] == pytest.approx(grp["npc"].quantile(0.9))
        assert res.summary.loc[label, "unserved_kwh_p50"] == pytest.approx(
            grp["unserved_kwh"].median())
    assert "cheapest in expectation" in repr(res)


def test_uncertainty_generated_weather_years(base, monkeypatch):
    calls = []
    real = study.ProfileRecipe.resource

    def counting(self, weather, site):
        calls.append(len(weather))
        return real(self, weather, site)

    monkeypatch.setattr(study.ProfileRecipe, "resource", counting)
    site = mg.Site(latitude_deg=-24.3, longitude_deg=-69.1, altitude_m=3100.0, tz="Etc/GMT+4")
    designs = {"small": SYSTEM, "big_pv": SYSTEM.replace(pv=SYSTEM.pv.replace(rated_kw=6000.0))}
    res = study.uncertainty(base, designs=designs, site=site, n_years=2, year=2023, seed=3,
                            progress=False)
    assert calls == [8760, 8784]  # once per whole weather year
    assert sorted(res.table["weather_year"].unique()) == [2023, 2024]
    assert res.table.attrs["designs"] == 4  # 2 designs x 2 years; 2024 lost 29 February
    assert res.n_scenarios == 2
    by_year = res.table[res.table["design"] == "big_pv"].set_index("weather_year")["npc"]
    assert by_year[2023] != by_year[2024]


def test_uncertainty_bad_input(base):
    with pytest.raises(InputError, match="needs at least one uncertain input"):
        study.uncertainty(base, progress=False)
    with pytest.raises(InputError, match="site"):
        study.uncertainty(base, n_years=2, progress=False)


# --- many sites ------------------------------------------------------------------------------
def test_many_sites_profiles_once_per_site(monkeypatch):
    calls = []
    real = study.ProfileRecipe.resource

    def counting(self, weather, site):
        calls.append(site.name)
        return real(self, weather, site)

    monkeypatch.setattr(study.ProfileRecipe, "resource", counting)
    sites = [mg.Site(latitude_deg=-20.9, longitude_deg=-68.7, altitude_m=4400.0,
                     tz="Etc/GMT+4", name="altiplano"),
             mg.Site(latitude_deg=-23.6, longitude_deg=-70.4, altitude_m=100.0,
                     tz="Etc/GMT+4", name="coast")]
    load = _profiles().load_kw
    table = study.many_sites(sites, SYSTEM, load_kw=load, project=PROJECT,
                             parameters={"project.fuel_price_per_l": [0.8, 1.4]},
                             progress=False)
    assert calls == ["altiplano", "coast"]
    assert list(table.columns[:3]) == ["site", "project.fuel_price_per_l", "varied"]
    assert len(table) == 6
    alt = table[table["site"] == "altiplano"]
    coast = table[table["site"] == "coast"]
    assert alt["npc"].to_numpy()[0] != coast["npc"].to_numpy()[0]
    # a site given as ready profiles reproduces the sweep on those profiles
    prof = _profiles()
    t2 = study.many_sites({"a": prof, "b": _profiles(seed=9)}, SYSTEM, project=PROJECT,
                          progress=False)
    ref = study.sweep(study.BaseCase(system=SYSTEM, profiles=prof, project=PROJECT),
                      {"load_scale": [1.0]}, progress=False)
    assert t2.loc[0, "npc"] == ref.loc[0, "npc"]


# --- re-sizing -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def size_base():
    space = mg.DesignSpace(pv_kw=(0.0, 6000.0), battery_kwh=(0.0, 8000.0))
    return study.BaseCase(system=SYSTEM, profiles=_profiles(), project=PROJECT, space=space,
                          requirements=mg.Requirements(max_unserved_fraction=0.0),
                          size_options={"method": "grid", "grid": 4})


def test_size_mode_matches_size(size_base, tmp_path):
    params = {"project.fuel_price_per_l": [0.5, 2.5]}
    table = study.sweep(size_base, params, mode="size", progress=False, store=tmp_path)
    assert table.attrs["designs"] == 3 and table["success"].all()
    for i, price in ((0, 1.1), (2, 2.5)):
        r = mg.size(SYSTEM, size_base.profiles, size_base.space, size_base.requirements,
                    project=PROJECT.replace(fuel_price_per_l=price), method="grid", grid=4,
                    progress=False)
        assert table.loc[i, "pv_kw"] == r.design.pv_or_zero.rated_kw
        assert table.loc[i, "battery_kwh"] == r.design.battery_or_zero.energy_kwh
        assert table.loc[i, "npc"] == r.result.costs.npc
    # dearer fuel never buys less PV
    assert table.loc[2, "pv_kw"] >= table.loc[1, "pv_kw"]
    again = study.sweep(size_base, params, mode="size", progress=False, store=tmp_path)
    assert again.attrs["chunks"] == {"total": 3, "computed": 0, "reused": 3}
    pd.testing.assert_frame_equal(again, table, check_exact=True)


def test_size_mode_needs_space(base):
    with pytest.raises(InputError, match="space"):
        study.sweep(base, {"load_scale": [1.1]}, mode="size", progress=False)


# --- plots -----------------------------------------------------------------------------------
def test_tornado_and_spider(base):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    table = study.sweep(base, {"project.fuel_price_per_l": [0.8, 1.4],
                               "capex_multiplier.pv": [0.7, 1.3],
                               "load_scale": [0.9, 1.1]}, progress=False)
    fig, (a1, a2) = plt.subplots(1, 2)
    ax = study.tornado(table, "npc", ax=a1)
    assert ax is a1 and len(ax.get_yticklabels()) == 3
    # largest swing on top: the load scale or the fuel price, never PV capex
    assert ax.get_yticklabels()[-1].get_text() != "capex_multiplier.pv"
    ax2 = study.spider(table, "lcoe", ax=a2)
    assert ax2 is a2 and len(ax2.get_lines()) == 3 + 1  # three parameters and the 0 % line
    plt.close(fig)
    ax3 = study.tornado(table)
    plt.close(ax3.figure)
    with pytest.raises(InputError, match="one-at-a-time"):
        study.tornado(table.drop(columns="varied"))


# --- bad input -------------------------------------------------------------------------------
def test_bad_input(base):
    with pytest.raises(InputError, match="did you mean 'project.fuel_price_per_l'"):
        study.sweep(base, {"project.fuel_price": [1.0]}, progress=False)
    with pytest.raises(InputError, match="did you mean 'pv.capex_per_kw'"):
        study.sweep(base, {"pv.capex_kw": [1.0]}, progress=False)
    with pytest.raises(InputError, match="is empty"):
        study.sweep(base, {}, progress=False)
    with pytest.raises(InputError, match="is empty"):
        study.sweep(base, {"load_scale": []}, progress=False)
    with pytest.raises(InputError, match="must be a finite number"):
        study.sweep(base, {"project.fuel_price_per_l": ["1.1"]}, progress=False)
    with pytest.raises(InputError, match="must be a list"):
        study.sweep(base, {"project.fuel_price_per_l": 1.1}, progress=False)
    with pytest.raises(InputError, match="mapping"):
        study.sweep(base, [("load_scale", [1.0])], progress=False)
    with pytest.raises(InputError, match="kind"):
        study.sweep(base, {"load_scale": [1.0]}, kind="latin", progress=False)
    with pytest.raises(InputError, match="mode"):
        study.sweep(base, {"load_scale": [1.0]}, mode="optimise", progress=False)
    with pytest.raises(InputError, match="Project.discount_rate"):
        study.sweep(base, {"project.discount_rate": [5.0]}, progress=False)
    with pytest.raises(InputError, match="load_scale"):
        study.sweep(base, {"load_scale": [-1.0]}, progress=False)
    with pytest.raises(InputError, match="not a key of BaseCase.weather_years"):
        study.sweep(base, {"weather_year": [1999]}, progress=False)
    with pytest.raises(InputError, match="base case"):
        study.sweep(SYSTEM, {"load_scale": [1.0]}, progress=False)
    with pytest.raises(InputError, match="progress"):
        study.sweep(base, {"load_scale": [1.0]}, progress="yes")
    with pytest.raises(InputError, match="BaseCase.profiles"):
        study.BaseCase(system=SYSTEM, profiles=np.ones(24))


def test_top_level_names():
    assert mg.sweep is study.sweep
    assert mg.uncertainty is study.uncertainty
    assert mg.many_sites is study.many_sites
    assert mg.study is study
    assert "project.fuel_price_per_l" in study.parameter_names()


@pytest.mark.parametrize("kind", ["full_factorial", "one_at_a_time"])
def test_size_only_sweeps_take_the_vectorised_path_with_identical_results(base, kind):
    sizes = {"pv_kw": [0.0, 2500.0, 6000.0], "battery_kwh": [0.0, 3000.0, 9000.0],
             "n_units": [4, 6]}
    fast = study.sweep(base, sizes, kind=kind, progress=False)
    # a no-op price column forces the per-point path (resolve each point's dataclasses)
    slow = study.sweep(base, {**sizes, "project.fuel_price_per_l": [PROJECT.fuel_price_per_l]},
                       kind=kind, progress=False)
    if kind == "one_at_a_time":
        slow = slow[slow["varied"] != "project.fuel_price_per_l"].reset_index(drop=True)
    for col in ("npc", "lcoe", "fuel_l", "renewable_fraction", "unserved_fraction",
                "battery_kw", "capital"):
        np.testing.assert_array_equal(fast[col].to_numpy(), slow[col].to_numpy(), err_msg=col)
    # and both equal a direct simulation of one of the points
    row = fast.iloc[-1]
    system = SYSTEM.replace(
        pv=SYSTEM.pv.replace(rated_kw=row["pv_kw"]),
        battery=SYSTEM.battery.replace(energy_kwh=row["battery_kwh"],
                                       power_kw=row["battery_kw"],
                                       charge_power_kw=None, discharge_power_kw=None),
        genset=SYSTEM.genset.replace(n_units=int(row["n_units"])))
    r = mg.simulate(system, base.profiles, project=PROJECT, base_case=False)
    assert r.costs.npc == pytest.approx(row["npc"], rel=1e-12)
