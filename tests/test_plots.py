"""Plots: every function draws on a given Axes (Agg) and the cash-flow table matches the NPC."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

import minegrid as mg
from minegrid import plots
from minegrid.plots import operation


@pytest.fixture(scope="module")
def result():
    index = pd.date_range("2023-01-01", periods=24 * 28, freq="h", tz="Etc/GMT+4")
    hour = index.hour.to_numpy()
    pv = np.clip(np.sin((hour - 6) / 12 * np.pi), 0, None)
    load = pd.Series(800.0 + 100 * np.cos(hour / 24 * 2 * np.pi), index=index)
    wind = pd.Series(300.0 * (1 + np.sin(np.arange(len(index)) / 17)), index=index)
    system = mg.System(pv=mg.PVPlant(rated_kw=900.0),
                       wind=mg.WindPlant(n_turbines=1, turbine_rated_kw=600.0),
                       battery=mg.Battery(energy_kwh=1500.0, power_kw=500.0),
                       genset=mg.GensetFleet(unit_rated_kw=300.0, n_units=4))
    project = mg.Project(lifetime_years=20, discount_rate=0.07)
    return mg.simulate(system, load, pd.Series(pv, index=index), wind, project=project,
                       dispatch=True)


def _ax():
    return Figure().subplots()


@pytest.mark.parametrize("func", [plots.dispatch_week, plots.monthly_energy, plots.genset_units,
                                  plots.genset_loading, plots.soc_heatmap, plots.cost_breakdown,
                                  plots.cash_flow, plots.base_case_comparison])
def test_each_plot_draws_on_the_given_axes(result, func):
    ax = _ax()
    assert func(result, ax=ax) is ax
    assert ax.has_data() or ax.images


def test_dispatch_week_start_and_stack_top_is_the_load(result):
    ax = _ax()
    plots.dispatch_week(result, "2023-01-08", days=2, ax=ax, soc=False)
    assert "08 Jan 2023" in ax.get_title()
    f = plots.dispatch_flows(result)
    # what is stacked above zero is the load, every step
    np.testing.assert_allclose(f[list(plots.flows.TO_LOAD)].sum(axis=1), f["load_kw"],
                               atol=1e-6)


def test_dispatch_week_bad_start(result):
    with pytest.raises(mg.InputError, match="outside"):
        plots.dispatch_week(result, "2030-01-01", ax=_ax())


def test_hourly_plots_need_dispatch(result):
    r = mg.simulate(result.system, result.dispatch["load_kw"].to_numpy(), base_case=False)
    with pytest.raises(mg.InputError, match="dispatch=True"):
        plots.dispatch_week(r, ax=_ax())
    with pytest.raises(mg.InputError, match="base_case=True"):
        plots.base_case_comparison(r, ax=_ax())


def test_cash_flows_discount_to_npc(result):
    for r in (result, result.base):
        flows = plots.cash_flows(r)
        assert list(flows.index) == list(range(r.project.lifetime_years + 1))
        assert flows.loc[0, "capital"] == pytest.approx(r.costs.capital)
        assert flows["discounted"].sum() == pytest.approx(r.costs.npc, rel=1e-12)
        assert flows["cumulative_discounted"].iloc[-1] == pytest.approx(r.costs.npc, rel=1e-12)
        assert flows.loc[r.project.lifetime_years, "salvage"] <= 0


def test_cash_flows_replacement_years_and_by_component(result):
    flows = plots.cash_flows(result, by_component=True)
    # PV lives 25 years in a 20-year project: never replaced, salvaged
    assert flows["pv_replacement"].sum() == 0
    assert flows["pv_salvage"].iloc[-1] < 0
    bat_life = result.costs.battery.life_years
    years = flows.index[flows["battery_replacement"] > 0]
    assert len(years) == int(np.ceil(20 / bat_life) - 1)


def test_monthly_energy_totals(result):
    table = operation._monthly_table(result)
    load = result.dispatch["load_kw"].sum() / 1e3
    assert table["Load"].sum() == pytest.approx(load)


def _bar_heights(ax, gid):
    """Month -> total height of the bars with ``gid`` (their x centre gives the month)."""
    out: dict[int, float] = {}
    for patch in ax.patches:
        if patch.get_gid() == gid:
            month = int(round(patch.get_x() + patch.get_width() / 2))
            out[month] = out.get(month, 0.0) + patch.get_height()
    return out


def _monthly_case(system):
    """Two months of hourly dispatch, with a battery that cycles every day."""
    index = pd.date_range("2023-05-01", periods=24 * 61, freq="h", tz="Etc/GMT+4")
    hour = index.hour.to_numpy()
    pv = pd.Series(np.clip(np.sin((hour - 6) / 12 * np.pi), 0, None), index=index)
    load = pd.Series(800.0 + 150 * np.cos(hour / 24 * 2 * np.pi), index=index)
    wind = pd.Series(250.0 * (1 + np.sin(np.arange(len(index)) / 13)), index=index)
    return mg.simulate(system, load, pv, wind, dispatch=True, base_case=False)


@pytest.mark.parametrize("plant", [False, True], ids=["one fleet", "plant of two types"])
def test_monthly_energy_stacks_to_the_load_and_shows_charging_apart(plant):
    """Issue 18: the monthly bars use the split of the dispatch week: the sources' energy to
    the load stacks up to the month's load (unserved included, so the bars without it are
    the load served), and the battery charging (and the losses) are below zero, apart, so
    energy stored and discharged is not counted twice."""
    gensets = dict(gensets=(mg.GensetFleet(name="big <b>", unit_rated_kw=300.0, n_units=2),
                            mg.GensetFleet(name="small", unit_rated_kw=150.0, n_units=2))) \
        if plant else dict(genset=mg.GensetFleet(unit_rated_kw=300.0, n_units=3))
    system = mg.System(pv=mg.PVPlant(rated_kw=1600.0),
                       wind=mg.WindPlant(n_turbines=1, turbine_rated_kw=500.0),
                       battery=mg.Battery(energy_kwh=3000.0, power_kw=900.0), **gensets)
    r = _monthly_case(system)
    table = operation._monthly_table(r)
    assert list(table.index) == [5, 6]
    flows = plots.dispatch_flows(r)
    month = flows.index.month
    monthly = flows.groupby(month).sum() / 1e3  # MWh (1-h steps)
    stack = table[list(operation.MONTHLY_TO_LOAD)].sum(axis=1)
    np.testing.assert_allclose(stack, table["Load"], rtol=1e-9)
    served = r.dispatch["load_kw"] - r.dispatch["unserved_kw"]
    np.testing.assert_allclose(stack - table["Unserved"], served.groupby(month).sum() / 1e3,
                               rtol=1e-9)
    charging = table[["PV to battery", "Wind to battery", "Gensets to battery"]].sum(axis=1)
    np.testing.assert_allclose(charging, monthly[list(plots.flows.TO_BATTERY)].sum(axis=1),
                               rtol=1e-9)
    assert (table["Battery to load"] > 10).all() and (charging > 10).all()  # it cycles
    # over the two months the battery returns to the load what went in, less its losses
    assert table["Battery to load"].sum() < charging.sum()
    ax = _ax()
    plots.monthly_energy(r, ax=ax)
    above, below = _bar_heights(ax, "to-load"), _bar_heights(ax, "from-load")
    for m in (5, 6):
        assert above[m] == pytest.approx(table.loc[m, "Load"], rel=1e-9)  # up to the load
        lost = table.loc[m, "Curtailed"] + table.loc[m, "Dumped"]
        assert -below[m] == pytest.approx(charging[m] + lost, rel=1e-9)
    labels = ax.get_legend_handles_labels()[1]
    assert "Battery discharge" in labels and "Charging from PV" in labels
    if plant:
        assert {"Gensets big <b>", "Gensets small"} <= set(labels)
        per_type = table["Gensets to load: big <b>"] + table["Gensets to load: small"]
        np.testing.assert_allclose(per_type, table["Gensets to load"], rtol=1e-9)


def test_pareto_front_from_sizing_style_table():
    frame = pd.DataFrame({"front": ["renewable_fraction"] * 4 + ["co2_t"] * 2,
                          "renewable_fraction": [0.1, 0.3, 0.5, 0.6, 0.1, 0.2],
                          "co2_t": [9.0, 7.0, 5.0, 4.0, 9.0, 8.0],
                          "npc": [10e6, 11e6, 13e6, 12e6, 10e6, 10.5e6],
                          "dominated": [False, False, True, False, False, False]})
    ax = _ax()
    plots.pareto_front(frame, ax=ax, highlight=1)
    line = ax.get_lines()[0]
    assert len(line.get_xdata()) == 3  # one front, dominated point dropped
    assert ax.get_xlabel().startswith("Renewable fraction")
    with pytest.raises(mg.InputError, match="not a column"):
        plots.pareto_front(frame, x="nope", ax=_ax())


def test_plots_without_ax_use_pyplot(result):
    import matplotlib.pyplot as plt

    ax = plots.dispatch_week(result)
    ax2 = plots.cash_flow(result)
    assert ax.figure is not ax2.figure
    plt.close("all")
