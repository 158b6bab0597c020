"""Issue 14: costs, prices and sizes outside plausible ranges warn with the likely slip;
per-unit profiles beyond physics are refused."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import minegrid as mg
from minegrid.errors import InputError, MinegridWarning
from minegrid.plausible import RANGES, implausible


@pytest.mark.parametrize("make, field, slip", [
    (lambda: mg.PVPlant(capex_per_kw=0.95), "PVPlant.capex_per_kw", "price per W"),
    (lambda: mg.WindPlant(capex_per_kw=2_100_000.0), "WindPlant.capex_per_kw", "per MW"),
    (lambda: mg.Battery(energy_kwh=100.0, capex_per_kwh=0.26), "Battery.capex_per_kwh",
     "per Wh"),
    (lambda: mg.WindPlant(n_turbines=2, turbine_rated_kw=3.3), "WindPlant.turbine_rated_kw",
     "MW typed for kW"),
    (lambda: mg.Project(fuel_price_per_l=1100.0), "Project.fuel_price_per_l", "m³"),
    (lambda: mg.Project(carbon_price_per_t=50_000.0), "Project.carbon_price_per_t",
     "kilotonne"),
    (lambda: mg.Project(discount_rate=0.8), "Project.discount_rate", "percentage"),
])
def test_slips_warn_naming_field_value_range_and_slip(make, field, slip):
    with pytest.warns(MinegridWarning) as caught:
        make()
    text = " ".join(str(w.message) for w in caught)
    assert field in text and "plausible range" in text and slip in text


def test_defaults_zeros_and_other_currencies_are_quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        mg.PVPlant(), mg.WindPlant(), mg.Battery(), mg.Project()
        mg.PVPlant(capex_per_kw=0.0, om_per_kw_year=0.0)  # a cost left out on purpose
        mg.WindPlant(turbine_rated_kw=3.3)  # no turbines: the rating does not matter
        mg.Project(fuel_price_per_l=1100.0, currency="CLP")  # pesos per litre
    assert implausible(mg.System()) == []
    assert set(RANGES) == {"PVPlant", "WindPlant", "Battery", "Project"}


def test_battery_power_is_priced_by_default():
    b = mg.Battery(energy_kwh=8000.0, power_kw=4000.0)
    assert b.capex_per_kw > 100.0 and b.capex_per_kwh > 200.0
    r = mg.simulate(mg.System(battery=b, genset=mg.GensetFleet(n_units=2)),
                    np.full(48, 500.0), base_case=False)
    assert r.costs.battery.capital == pytest.approx(8000 * b.capex_per_kwh
                                                    + 4000 * b.capex_per_kw)


def test_pv_profile_in_kw_instead_of_per_kw_is_refused():
    load = np.full(24, 500.0)
    pv = np.clip(np.sin((np.arange(24) - 6) / 12 * np.pi), 0, None)
    with pytest.raises(InputError, match=r"pv_kw_per_kw.*1.1 kW per kW.*rated kW"):
        mg.Profiles(load_kw=load, pv_kw_per_kw=800.0 * pv)
    mg.Profiles(load_kw=load, pv_kw_per_kw=pv)


def test_wind_profile_above_the_turbine_rating_is_refused():
    load = np.full(24, 500.0)
    wind = np.full(24, 1150.0)
    farm = mg.WindPlant(n_turbines=2, turbine_rated_kw=2300.0)
    system = mg.System(wind=farm, genset=mg.GensetFleet(n_units=1))
    for scale, slip in ((100.0, "in W"), (1000.0, "in W"), (4.0, "farm's output"),
                        (3.0, "another turbine")):
        with pytest.raises(InputError, match=slip):
            mg.simulate(system, load, None, wind * scale, base_case=False)
    mg.simulate(system, load, None, wind, base_case=False)
    # a sizing template with no turbines yet is checked too
    with pytest.raises(InputError, match="turbine_rated_kw"):
        mg.size(system.replace(wind=farm.replace(n_turbines=0)),
                mg.Profiles(load_kw=load, wind_kw_per_turbine=wind * 100),
                mg.DesignSpace(n_turbines=(0, 2)), progress=False)
