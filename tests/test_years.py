"""Sizing for the bad weather year: several weather years, requirements at a percentile
(issue 20)."""

from __future__ import annotations

import numpy as np
import pytest

import minegrid as mg
from minegrid.dispatch import design_matrix
from minegrid.sizing.years import YearsModel, year_value


def test_year_value_by_hand():
    v = np.array([[0.1], [0.3], [0.2], [0.5]])
    assert year_value(v, 100, "max")[0] == 0.5  # every year: the worst
    assert year_value(v, 50, "max")[0] == 0.2  # half the years at or below it
    assert year_value(v, 75, "max")[0] == 0.3
    assert year_value(v, 100, "min")[0] == 0.1  # a minimum: the lowest year
    assert year_value(v, 75, "min")[0] == 0.2


def _years(k=4, n=24 * 20):
    t = np.arange(n)
    load = 3000 + 500 * np.sin(2 * np.pi * t / 24)
    sun = np.clip(np.sin(np.pi * ((t % 24) - 6) / 12), 0, None)
    scale = np.linspace(0.8, 1.1, k)
    return [mg.Profiles(load_kw=load, pv_kw_per_kw=sun * f, genset_availability=0.9)
            for f in scale]


SYSTEM = mg.System(pv=mg.PVPlant(rated_kw=2000), battery=mg.Battery(energy_kwh=4000),
                   genset=mg.GensetFleet(unit_rated_kw=800, n_units=5))


def test_metrics_are_the_mean_cost_and_the_percentile_requirement():
    years = _years()
    designs = {"pv_kw": np.array([0.0, 2000.0, 5000.0]),
               "battery_kwh": np.array([0.0, 4000.0, 8000.0])}
    params, q = design_matrix(SYSTEM, designs)
    model = YearsModel(years, mg.Project(), SYSTEM, percentile=100.0)
    m, raw = model.metrics(params, q)
    tables = [mg.simulate_batch(SYSTEM, p, designs) for p in years]
    npc = np.mean([t["npc"].to_numpy() for t in tables], axis=0)
    np.testing.assert_allclose(m["npc"], npc, rtol=1e-12)
    ren = np.min([t["renewable_fraction"].to_numpy() for t in tables], axis=0)
    np.testing.assert_allclose(m["renewable_fraction"], ren, rtol=1e-12)
    co2 = np.max([t["co2_t"].to_numpy() for t in tables], axis=0)
    np.testing.assert_allclose(m["co2_t"], co2, rtol=1e-9)
    assert raw.shape[0] == 3
    frame = model.history(params, q, raw)
    np.testing.assert_allclose(frame["npc"], npc, rtol=1e-12)
    assert (frame["weather_years"] == 4).all()


def test_sizing_every_year_holds_in_every_year_and_costs_more_than_p50():
    years = _years()
    space = mg.DesignSpace(pv_kw=(0, 8000), battery_kwh=(0, 12000))
    req = mg.Requirements(min_renewable_fraction=0.35)
    grid = {"pv_kw": np.linspace(0, 8000, 9), "battery_kwh": np.linspace(0, 12000, 5)}
    every = mg.size(SYSTEM, years, space, req, method="grid", grid=grid, progress=False)
    assert every.success
    assert (every.years["renewable_fraction"] >= 0.35 - 1e-9).all()
    assert every.fun == pytest.approx(every.years["npc"].mean(), rel=1e-9)
    table, results = mg.size_for_years(SYSTEM, years, space, req, percentiles=(50, 100),
                                       method="grid", grid=grid, progress=False)
    # the designs meeting it in every year also meet it in half of them: P50 costs less
    assert table.loc[50.0, "npc_mean"] <= table.loc[100.0, "npc_mean"] + 1e-6
    assert table.loc[100.0, "npc_mean"] == pytest.approx(every.fun)
    assert (results[50.0].years["renewable_fraction"] >= 0.35 - 1e-9).sum() >= 2
    assert table["npc_above_first"].iloc[0] == 0.0


def test_weather_years_are_seeded_and_vary():
    site = mg.Site(latitude_deg=-23.0, longitude_deg=-68.2, altitude_m=2500, tz="Etc/GMT+4")
    load = np.full(8760, 2000.0)
    a = mg.weather_years(site, load, 2, seed=3, pv={})
    b = mg.weather_years(site, load, 2, seed=3, pv={})
    assert len(a) == 2
    np.testing.assert_array_equal(a[1].pv_kw_per_kw, b[1].pv_kw_per_kw)
    assert not np.array_equal(a[0].pv_kw_per_kw, a[1].pv_kw_per_kw)
    assert "year factors irradiance" in a[0].weather_source
    # without year factors a year is the plain synthetic draw of its seed
    from minegrid.generation import build_profiles

    flat = mg.weather_years(site, load, 1, seed=3, ghi_year_sd=0.0, wind_year_sd=0.0, pv={})
    base = build_profiles(mg.synthetic_weather(site, seed=3), site, load, pv={})
    np.testing.assert_allclose(flat[0].pv_kw_per_kw, base.pv_kw_per_kw, rtol=1e-12)
    # a year factor scales the irradiance: more sun, more PV (clipping aside)
    assert a[0].pv_kw_per_kw.sum() != pytest.approx(base.pv_kw_per_kw.sum(), rel=1e-6)


def test_bad_years_input_names_the_field():
    years = _years(2)
    space = mg.DesignSpace(pv_kw=(0, 1000))
    with pytest.raises(mg.InputError, match="year_percentile"):
        mg.size(SYSTEM, years[0], space, mg.Requirements(year_percentile=90), progress=False)
    with pytest.raises(mg.InputError, match="year_percentile"):
        mg.Requirements(year_percentile=0)
    short = mg.Profiles(load_kw=np.full(48, 3000.0))
    with pytest.raises(mg.InputError, match=r"profiles\[1\]"):
        mg.size(SYSTEM, [years[0], short], space, progress=False)
    with pytest.raises(mg.InputError, match="at least two years"):
        YearsModel(years[:1], mg.Project(), SYSTEM)
    site = mg.Site(latitude_deg=-23.0, longitude_deg=-68.2, altitude_m=2500, tz="Etc/GMT+4")
    with pytest.raises(mg.InputError, match="ghi_year_sd"):
        mg.weather_years(site, np.full(8760, 1.0), 2, ghi_year_sd=0.5)
