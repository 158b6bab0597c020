"""The report's reliability section and the start-capability plot (issue 20)."""

from __future__ import annotations

import numpy as np
import pytest

import minegrid as mg
from minegrid.errors import InputError
from minegrid.report.reliability import asks_for_checks, reliability_section

MILL = mg.MotorStart(name="SAG mill", rated_kw=1500.0, starter="soft_starter")
PUMP = mg.MotorStart(name="pump", rated_kw=200.0, starter="vfd")


def _result(**dispatch_kw):
    n = 24 * 14
    hour = np.arange(n) % 24
    load = 2500.0 + 300.0 * np.sin(hour / 24 * 2 * np.pi)
    pv = np.clip(np.sin((hour - 6) / 12 * np.pi), 0.0, None)
    system = mg.System(pv=mg.PVPlant(rated_kw=2000.0),
                       battery=mg.Battery(energy_kwh=2000.0, power_kw=1000.0),
                       genset=mg.GensetFleet(unit_rated_kw=800.0, n_units=6),
                       dispatch=mg.Dispatch(**dispatch_kw))
    profiles = mg.dispatch.Profiles(load_kw=load, pv_kw_per_kw=pv,
                                    wind_kw_per_turbine=np.zeros(n))
    return mg.simulate(system, profiles, dispatch=True)


def test_no_section_when_the_design_does_not_ask():
    r = _result()
    assert not asks_for_checks(r) and reliability_section(r) == ""


def test_the_section_gives_the_kernels_counts_and_each_drive():
    r = _result(motor_starts=(MILL, PUMP), pv_block_kw=500.0)
    assert asks_for_checks(r)
    html = reliability_section(r, figures=False)
    table = mg.reliability.motor_start_table(r)
    assert f"{r.stats.n1_hours:,.0f}" in html and "a PV block of 500 kW DC" in html
    for name, row in table.iterrows():
        assert name in html and f"{row['refused [h/yr]']:,.0f}" in html
    # the largest start is the mill's; its refused hours are the kernel's statistic
    assert table.loc["SAG mill", "refused [h/yr]"] == pytest.approx(
        r.stats.motor_start_refused_hours)
    assert table.loc["pump", "refused [h/yr]"] <= table.loc["SAG mill", "refused [h/yr]"]


def test_the_report_has_the_section_and_the_plot(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    r = _result(motor_starts=(MILL,), n_minus_1_reserve=True)
    page = mg.write_report(r, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Reliability: N-1 and motor starts" in page
    assert "Step load the online gensets and battery accept" in page
    ax = mg.plots.start_capability(r)
    curve = ax.get_lines()[0].get_ydata()
    assert np.all(np.diff(curve) <= 0)  # a duration curve
    assert curve[0] == pytest.approx(r.dispatch["step_capability_kw"].max() / 1e3)


def test_the_plot_refuses_a_result_without_trajectories():
    r = _result(motor_starts=(MILL,))
    with pytest.raises(InputError, match="dispatch"):
        mg.plots.start_capability(r.replace(dispatch=None))
