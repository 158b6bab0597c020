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
    s = operation._sources(result.dispatch)
    top = s["pv"] + s["wind"] + s["genset"] + s["discharge"] + s["unserved"]
    # what is stacked above zero = load + battery charge
    np.testing.assert_allclose(top + s["charge"], s["load"], atol=1e-6)


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
