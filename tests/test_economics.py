"""Economics: closed forms against plainly written sums, and hand-computed cases."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import minegrid as mg
from minegrid.economics import capital_recovery_factor, lifecycle_factors, present_worth_factor


def explicit_lifecycle(life, n, rate):
    """Microgrids.jl's loop, written out: replacements at i·L while before N."""
    if not math.isfinite(life):
        return 0.0, (1 + rate) ** -n
    reps = math.ceil(n / life) - 1
    replacement = sum((1 + rate) ** -(i * life) for i in range(1, reps + 1))
    remaining = life * (1 + reps) - n
    return replacement, remaining / life * (1 + rate) ** -n


@given(life=st.floats(0.3, 60), n=st.integers(1, 40), rate=st.floats(0.0, 0.25))
def test_lifecycle_closed_form_equals_explicit_sum(life, n, rate):
    r, s = lifecycle_factors(life, n, rate)
    r2, s2 = explicit_lifecycle(life, n, rate)
    assert math.isclose(float(r), r2, rel_tol=1e-10, abs_tol=1e-12)
    assert math.isclose(float(s), s2, rel_tol=1e-10, abs_tol=1e-12)


def test_lifecycle_vectorised_and_edge_cases():
    r, s = lifecycle_factors(np.array([5.0, 25.0, np.inf, 7.5]), 25, 0.0)
    np.testing.assert_allclose(r, [4.0, 0.0, 0.0, 3.0])
    # 7.5-year life: replaced at 7.5, 15, 22.5; 5 years left of 7.5 at year 25
    np.testing.assert_allclose(s, [0.0, 0.0, 1.0, 5 / 7.5])


def test_annuity_edge_cases():
    assert present_worth_factor(0.0, 10) == 10.0
    assert math.isclose(capital_recovery_factor(0.1, 1), 1.1)
    # textbook value: CRF(8 %, 20 y) = 0.10185
    assert round(capital_recovery_factor(0.08, 20), 5) == 0.10185


def test_npc_of_a_diesel_only_system_by_hand():
    # one 1000 kW unit, constant 500 kW load for 8760 h, F0 = 0, F1 = 0.25 L/kWh
    gen = mg.GensetFleet(unit_rated_kw=1000, n_units=1, min_load_ratio=0.0,
                         fuel_intercept_l_per_h_per_kw=0.0, fuel_slope_l_per_kwh=0.25,
                         life_hours=20000, om_per_unit_hour=2.0, capex_per_kw=500,
                         salvage_ratio=1.0)
    system = mg.System(genset=gen, dispatch=mg.Dispatch(reserve_load_fraction=0.0))
    project = mg.Project(lifetime_years=10, discount_rate=0.0, fuel_price_per_l=1.0)
    r = mg.simulate(system, np.full(8760, 500.0), project=project, base_case=False)
    assert r.stats.fuel_l == pytest.approx(0.25 * 500 * 8760)
    assert r.stats.unit_running_hours == 8760
    life = 20000 / 8760  # years
    reps = math.ceil(10 / life) - 1  # 4 replacements
    remaining = life * (reps + 1) - 10
    expected = (500_000 * (1 + reps) + 2.0 * 8760 * 10 + 0.25 * 500 * 8760 * 10
                - 500_000 * remaining / life)
    assert r.costs.npc == pytest.approx(expected, rel=1e-12)
    assert r.costs.lcoe == pytest.approx(expected / 10 / (500 * 8760), rel=1e-12)
    table = r.costs.to_frame()
    assert table.loc["system", "total"] == pytest.approx(r.costs.npc)
    assert table.loc["genset", "fuel"] == pytest.approx(0.25 * 500 * 8760 * 10)


def test_carbon_price_and_battery_life_by_cycles():
    load = np.tile(np.r_[np.zeros(12), np.full(12, 800.0)], 365)
    pv = np.tile(np.r_[np.ones(12), np.zeros(12)], 365)
    system = mg.System(
        pv=mg.PVPlant(rated_kw=1000.0),
        battery=mg.Battery(energy_kwh=10_000, power_kw=1000, soc_min=0.0, soc_initial=0.0,
                           calendar_life_years=20, cycle_life=200,
                           charge_efficiency=1.0, discharge_efficiency=1.0,
                           capex_per_kwh=300.0, capex_per_kw=0.0),
        genset=mg.GensetFleet(unit_rated_kw=1000, n_units=1, min_load_ratio=0.0),
        dispatch=mg.Dispatch(reserve_load_fraction=0, reserve_pv_fraction=0))
    project = mg.Project(lifetime_years=10, discount_rate=0.05, carbon_price_per_t=50)
    r = mg.simulate(system, load, pv, project=project, base_case=False)
    # 12 MWh into the battery, 9.6 MWh out per day would exceed 10 MWh; check cycles
    cycles = (r.stats.battery_charge_kwh + r.stats.battery_discharge_kwh) / (2 * 10_000)
    assert r.stats.battery_cycles == pytest.approx(cycles)
    life = min(20, 200 / cycles)
    rep, salv = lifecycle_factors(life, 10, 0.05)
    capital = 10_000 * 300.0
    assert r.costs.battery.replacement == pytest.approx(capital * float(rep))
    assert r.costs.battery.salvage == pytest.approx(-capital * float(salv))
    carbon = r.stats.co2_t * 50 * present_worth_factor(0.05, 10)
    assert r.costs.genset.carbon == pytest.approx(carbon)
    assert r.stats.co2_t == pytest.approx(r.stats.fuel_l * 2.68 / 1000)


def test_nominal_discount_rate_and_inflation_give_homers_real_rate():
    p = mg.Project(nominal_discount_rate=0.10, inflation_rate=0.03)
    assert p.discount_rate == pytest.approx((0.10 - 0.03) / 1.03)
    assert mg.Project().discount_rate == 0.08
    with pytest.raises(mg.InputError, match="disagrees"):
        mg.Project(discount_rate=0.08, nominal_discount_rate=0.10, inflation_rate=0.03)
    # consistent values are accepted (a copy of a project keeps its derived real rate)
    assert p.replace(fuel_price_per_l=1.3).discount_rate == p.discount_rate


def test_salvage_on_replacement_cost_as_homer():
    """A 25-year PV plant in a 15-year project keeps 10/25 of its life: salvage is that
    fraction of its capital cost, or of its replacement cost with HOMER's basis."""
    load = np.full(8760, 100.0)
    system = mg.System(pv=mg.PVPlant(rated_kw=100.0, capex_per_kw=1000.0, om_per_kw_year=0.0,
                                     lifetime_years=25.0, replacement_ratio=0.6),
                       genset=mg.GensetFleet(unit_rated_kw=200.0, n_units=1))
    d = 1.08 ** -15
    for basis, value in (("capital", 100_000.0), ("replacement", 60_000.0)):
        project = mg.Project(lifetime_years=15, discount_rate=0.08, salvage_basis=basis)
        r = mg.simulate(system, load, project=project, base_case=False)
        assert r.costs.pv.salvage == pytest.approx(-value * 10 / 25 * d)


def test_battery_life_by_lifetime_throughput():
    """HOMER: life = lifetime throughput / energy drawn from storage per year."""
    load = np.tile(np.r_[np.full(12, 0.0), np.full(12, 100.0)], 365)
    pv = np.tile(np.r_[np.full(12, 1.0), np.full(12, 0.0)], 365)
    bat = mg.Battery(energy_kwh=2000.0, power_kw=500.0, charge_efficiency=1.0,
                     discharge_efficiency=0.9, soc_min=0.0, cycle_life=1e9,
                     calendar_life_years=30.0, lifetime_throughput_kwh=1_000_000.0)
    system = mg.System(pv=mg.PVPlant(rated_kw=300.0), battery=bat)
    r = mg.simulate(system, load, pv, project=mg.Project(lifetime_years=20), base_case=False)
    drawn = r.stats.battery_discharge_kwh / 0.9
    assert r.stats.battery_drawn_kwh == pytest.approx(drawn)
    assert r.costs.battery.life_years == pytest.approx(1_000_000.0 / drawn)
    assert r.costs.battery.life_years < 20  # replaced within the project
