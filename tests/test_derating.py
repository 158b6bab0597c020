"""Issue 14: genset derating in the manufacturer's form by default, and its fuel penalty.

ISO 3046-1 derates from its reference conditions (about sea level: 0.915 at 1,000 m) while
manufacturers rate full power to about 1,500 m and 40 °C; and fuel efficiency was not
affected by derating at all.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pvlib
import pytest

from minegrid.derating import ENGINES, GENSET_RULES, genset_derating, genset_fuel_multiplier
from minegrid.errors import InputError
from minegrid.weather import Site


def _weather(temp_c, altitude_m: float, n: int = 24) -> pd.DataFrame:
    idx = pd.date_range("2023-01-01", periods=n, freq="h", tz="Etc/GMT+4")
    return pd.DataFrame({"ghi": 0.0, "dni": 0.0, "dhi": 0.0, "temp_air": temp_c,
                         "wind_speed": 3.0, "pressure": pvlib.atmosphere.alt2pres(altitude_m)},
                        index=idx)


def _site(altitude_m: float) -> Site:
    return Site(latitude_deg=-26.95, longitude_deg=-69.25, altitude_m=altitude_m,
                tz="Etc/GMT+4")


def test_manufacturer_form_is_the_default_full_rating_to_1525_m_and_40_c():
    assert GENSET_RULES[0] == "manufacturer"
    # ISO 3046 would give about 0.92 at 1,000 m and 20 C; the datasheet rule gives full power
    at_1000 = genset_derating(_weather(20.0, 1000.0), Site(
        latitude_deg=-23.6, longitude_deg=-70.0, altitude_m=1000.0, tz="Etc/GMT+4"))
    assert (at_1000 == 1.0).all()
    iso = genset_derating(_weather(20.0, 1000.0), Site(
        latitude_deg=-23.6, longitude_deg=-70.0, altitude_m=1000.0, tz="Etc/GMT+4"),
        rule="iso3046")
    assert iso.iloc[0] < 0.95


def test_manufacturer_slopes_per_300_m_and_per_degree():
    site = _site(4200.0)
    factor = genset_derating(_weather(np.r_[np.full(12, 10.0), np.full(12, 45.0)], 4200.0),
                             site)
    e = ENGINES["diesel_high_speed"]
    alt = e.percent_per_300m / 100 * (4200.0 - e.altitude_threshold_m) / 300.0
    assert factor.iloc[0] == pytest.approx(1 - alt)  # 0.643 at 4,200 m
    assert factor.iloc[0] == pytest.approx(0.6433, abs=1e-4)
    assert factor.iloc[-1] == pytest.approx(1 - alt - e.percent_per_degc / 100 * 5.0)
    # your datasheet's numbers override the table's
    own = genset_derating(_weather(10.0, 4200.0), site, altitude_threshold_m=1000.0,
                          percent_per_300m=3.0)
    assert own.iloc[0] == pytest.approx(1 - 0.03 * 3200 / 300)


def test_engine_table_has_sources_and_gas_engines():
    assert {"diesel", "gas"} <= {e.fuel for e in ENGINES.values()}
    assert all(len(e.source) > 20 for e in ENGINES.values())
    site = _site(4200.0)
    values = {name: genset_derating(_weather(10.0, 4200.0), site, engine=name).iloc[0]
              for name in ENGINES}
    assert values["gas_naturally_aspirated"] < values["diesel_high_speed"]
    with pytest.raises(InputError, match="engine"):
        genset_derating(_weather(10.0, 4200.0), site, engine="cat_9999")


def test_iso3046_raises_specific_fuel_consumption():
    site = _site(4200.0)
    weather = _weather(10.0, 4200.0)
    alpha = genset_derating(weather, site, rule="iso3046").iloc[0]
    beta = genset_fuel_multiplier(weather, site, rule="iso3046").iloc[0]
    p = pvlib.atmosphere.alt2pres(4200.0)
    k = (p / 100_000.0) ** 0.7 * (298.15 / 283.15) ** 1.2
    assert alpha == pytest.approx(k - 0.7 * (1 - k) * (1 / 0.8 - 1))
    assert beta == pytest.approx(k / alpha) and beta > 1.02
    # datasheet diesels give fuel against site output: no penalty; at sea level none either
    assert (genset_fuel_multiplier(weather, site) == 1.0).all()
    sea = Site(latitude_deg=-23.6, longitude_deg=-70.4, altitude_m=0.0, tz="Etc/GMT+4")
    at_sea = genset_fuel_multiplier(_weather(25.0, 0.0), sea, rule="iso3046")
    assert at_sea.iloc[0] == pytest.approx(1.0, abs=0.02)


def test_vendor_fuel_table_and_the_profiles_carry_the_multiplier():
    import minegrid as mg
    from minegrid.generation import build_resource

    site = _site(4200.0)
    weather = _weather(10.0, 4200.0)
    fuel = pd.DataFrame([[1.0, 1.0], [1.08, 1.10]], index=[0.0, 5000.0], columns=[0.0, 40.0])
    cap = pd.DataFrame([[1.0, 0.9], [0.6, 0.5]], index=[0.0, 5000.0], columns=[0.0, 40.0])
    mult = genset_fuel_multiplier(weather, site, table=cap, fuel_table=fuel)
    cold, hot = 1.0 + 0.08 * 4200 / 5000, 1.0 + 0.10 * 4200 / 5000  # along altitude first
    assert mult.iloc[0] == pytest.approx(cold + (hot - cold) * 10 / 40, rel=1e-12)
    res = build_resource(weather, site, derating={"rule": "iso3046"})
    prof = mg.Profiles.from_resource(np.full(24, 500.0), res)
    assert prof.genset_fuel_multiplier.min() > 1.0
    assert mg.Profiles(load_kw=np.ones(3)).genset_fuel_multiplier.tolist() == [1.0] * 3
    with pytest.raises(InputError, match="genset_fuel_multiplier"):
        mg.Profiles(load_kw=np.ones(3), genset_fuel_multiplier=[1.0, 5.0, 1.0])
