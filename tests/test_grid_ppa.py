"""PPAs: energy taken at the contract price, take-or-pay shortfall, virtual settlement."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minegrid.errors import InputError
from minegrid.grid import PPA, ppa_available_kw, ppa_cost, ppa_year_costs

YEAR = pd.date_range("2025-01-01", periods=8760, freq="h")
DAYTIME = (YEAR.hour >= 8) & (YEAR.hour < 16)  # 8 h a day
PROFILE = np.where(DAYTIME, 0.5, 0.0)


def solar_ppa(**changes) -> PPA:
    args = {"price_per_kwh": 0.05, "contracted_capacity_kw": 1000.0, "profile": PROFILE,
            "take_or_pay": 0.9, "term_years": 3, "escalation_per_year": 0.02} | changes
    return PPA(**args)


def used_profile() -> np.ndarray:
    """All of the output 08:00-12:00 (500 kW), half of it 12:00-16:00 (250 kW)."""
    return np.where((YEAR.hour >= 8) & (YEAR.hour < 12), 500.0,
                    np.where(DAYTIME, 250.0, 0.0))


def test_physical_ppa_worked_by_hand():
    cost = ppa_cost(solar_ppa(), YEAR, used_profile())
    t = cost.to_frame()
    # available: 365 days x 8 h x 500 kW = 1,460,000 kWh
    assert t["available_kwh"].iloc[0] == pytest.approx(1_460_000)
    # used: 365 x (4 h x 500 + 4 h x 250) = 1,095,000 kWh
    assert t["used_kwh"].iloc[0] == pytest.approx(1_095_000)
    # take-or-pay 90 %: 1,314,000 kWh; shortfall 219,000 kWh
    assert t["take_or_pay_kwh"].iloc[0] == pytest.approx(1_314_000)
    assert t["shortfall_kwh"].iloc[0] == pytest.approx(219_000)
    # year 1: 1,095,000 x 0.05 + 219,000 x 0.05 = 54,750 + 10,950 = 65,700
    assert t["energy_cost"].iloc[0] == pytest.approx(54_750)
    assert t["shortfall_payment"].iloc[0] == pytest.approx(10_950)
    # escalation 2 %/year: 65,700 x (1 + 1.02 + 1.0404) = 65,700 x 3.0604 = 201,068.28
    assert t["total_cost"].tolist() == pytest.approx([65_700, 67_014, 68_354.28])
    assert cost.total_cost == pytest.approx(201_068.28)
    assert t.index.tolist() == [1, 2, 3]


def test_no_shortfall_when_the_site_takes_the_contract_share():
    used = ppa_available_kw(solar_ppa(), YEAR).to_numpy()
    t = ppa_cost(solar_ppa(), YEAR, used).to_frame()
    assert (t["shortfall_payment"] == 0).all()
    assert t["energy_cost"].iloc[0] == pytest.approx(1_460_000 * 0.05)


def test_virtual_ppa_settles_the_whole_output_against_the_reference():
    ppa = solar_ppa(displaces_import=False, reference_price_per_kwh=0.04, escalation_per_year=0.0)
    t = ppa_cost(ppa, YEAR).to_frame()
    # (0.05 - 0.04) x 1,460,000 kWh = 14,600 a year; nothing is short
    assert t["total_cost"].tolist() == pytest.approx([14_600] * 3)
    assert (t["shortfall_kwh"] == 0).all()
    with pytest.raises(InputError, match="used_kw=None"):
        ppa_cost(ppa, YEAR, used_profile())


def test_profile_as_a_timestamped_series():
    ppa = solar_ppa(profile=pd.Series(PROFILE, index=YEAR))
    assert ppa_available_kw(ppa, YEAR).sum() == pytest.approx(1_460_000)


def test_taking_more_than_the_plant_makes_is_a_dispatch_bug():
    used = used_profile()
    used[10] = 600.0  # 10:00 on 1 January: the plant makes 500 kW
    with pytest.raises(InputError) as err:
        ppa_cost(solar_ppa(), YEAR, used)
    msg = str(err.value)
    assert "used_kw = 600 kW" in msg and "2025-01-01 10:00" in msg and "dispatch bug" in msg


def test_take_or_pay_is_settled_on_a_year():
    with pytest.raises(InputError, match="must span one year"):
        ppa_cost(solar_ppa(profile=PROFILE[:24]), YEAR[:24], used_profile()[:24])


@pytest.mark.parametrize("changes, field, value", [
    ({"take_or_pay": 80}, "PPA.take_or_pay", "80"),
    ({"price_per_kwh": -0.01}, "PPA.price_per_kwh", "-0.01"),
    ({"term_years": 0}, "PPA.term_years", "0"),
    ({"contracted_capacity_kw": 0}, "PPA.contracted_capacity_kw", "0"),
    ({"escalation_per_year": 2.0}, "PPA.escalation_per_year", "2.0"),
    ({"profile": PROFILE * 3}, "PPA.profile", "1.5"),
    ({"displaces_import": False}, "PPA.reference_price_per_kwh", "None"),
    ({"reference_price_per_kwh": 0.04}, "PPA.reference_price_per_kwh", "given"),
])
def test_bad_ppa_fields(changes, field, value):
    with pytest.raises(InputError) as err:
        solar_ppa(**changes)
    msg = str(err.value)
    assert field in msg and value in msg and "Fix:" in msg


def test_physical_ppa_needs_the_energy_used():
    with pytest.raises(InputError, match="used_kw"):
        ppa_cost(solar_ppa(), YEAR)


@settings(max_examples=50, deadline=None)
@given(avail=st.floats(0, 1e7), used_share=st.floats(0, 1), top=st.floats(0, 1),
       esc=st.floats(-0.05, 0.1))
def test_cost_is_the_price_of_the_larger_of_used_and_take_or_pay(avail, used_share, top, esc):
    ppa = solar_ppa(take_or_pay=top, escalation_per_year=esc, term_years=5)
    used = used_share * avail
    out = ppa_year_costs(ppa, avail, used)
    price = 0.05 * (1 + esc) ** np.arange(5)
    np.testing.assert_allclose(out["total_cost"], price * max(used, top * avail), rtol=1e-12,
                               atol=1e-9)


def test_year_costs_vectorise_over_designs():
    avail = np.full(4, 1e6)
    used = np.array([0.0, 5e5, 9e5, 1e6])
    out = ppa_year_costs(solar_ppa(escalation_per_year=0.0), avail, used)
    assert out["total_cost"].shape == (4, 3)
    # floor 900,000 kWh: 45,000 until the site takes more, then 0.05 x used
    np.testing.assert_allclose(out["total_cost"][:, 0], [45_000, 45_000, 45_000, 50_000])
