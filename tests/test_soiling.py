"""PV soiling and cleaning (issue 21): hand-worked cases, the loop against a plain reference and
against pvlib.soiling.kimber, bad input, the cleaning cost, the interval optimisation and the
bifacial rear side."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pvlib
import pytest

import minegrid as mg
from minegrid.soiling import accumulate_soiling, scheduled_washes, with_cleaning_cost

IDX = pd.date_range("2023-01-01", periods=24 * 120, freq="h", tz="Etc/GMT+4")


def reference_loss(n, step_days, rate, cap, reset, wash, threshold):
    """Soiling written plainly: a list, day by day, no numpy."""
    out, cleaned, loss = [], [], 0.0
    for k in range(n):
        if k:
            loss = loss + rate * step_days
            if loss > cap:
                loss = cap
        c = False
        if reset[k] or wash[k]:
            loss, c = 0.0, bool(wash[k])
        elif threshold is not None and loss >= threshold:
            loss, c = 0.0, True
        out.append(loss)
        cleaned.append(c)
    return np.array(out), np.array(cleaned)


@pytest.fixture(scope="module")
def gold():
    return mg.datasets.andean_gold_mine()


def test_linear_build_up_and_cap_by_hand():
    run = mg.soiling_loss(IDX, mg.Soiling(rate_per_day=0.01, max_loss=0.3))
    # 0.01 per day, hourly steps: after 10 days 0.1, capped at 0.3 from day 30
    assert run.loss.iloc[240] == pytest.approx(0.10)
    assert run.loss.iloc[24 * 29] == pytest.approx(0.29)
    assert run.loss.iloc[24 * 31:].eq(0.3).all()
    assert len(run.cleanings) == 0 and run.rain_washes == 0
    assert "no rain" in run.rain_source


def test_rain_resets_and_grace_period_by_hand():
    rain = np.zeros(len(IDX))
    rain[24 * 20 + 5] = 10.0  # 10 mm on day 20 at 05:00 (> 6 mm in 24 h)
    s = mg.Soiling(rate_per_day=0.01, max_loss=0.3, grace_period_days=2.0)
    run = mg.soiling_loss(IDX, s, rain_mm=rain)
    k = 24 * 20 + 5
    assert run.loss.iloc[k - 1] == pytest.approx(0.01 * (k - 1) / 24)
    # the 24-h rain sum stays above 6 mm for 24 h (hours k..k+23); each of those hours
    # starts a 2-day grace period (Kimber, as pvlib): clean up to hour k+23+47
    assert run.loss.iloc[k:k + 71].eq(0.0).all()
    assert run.loss.iloc[k + 72] == pytest.approx(2 * 0.01 / 24)  # builds up again after it
    assert run.rain_washes == 1
    # 5 mm is below the threshold: no wash
    small = mg.soiling_loss(IDX, s, rain_mm=np.where(rain > 0, 5.0, 0.0))
    assert small.rain_washes == 0 and small.loss.iloc[k] > 0.19


def test_rain_from_the_precipitation_column():
    w = pd.DataFrame({"precipitation": 0.0}, index=IDX)
    w.iloc[100, 0] = 8.0
    run = mg.soiling_loss(w, mg.Soiling(rate_per_day=0.01))
    assert run.rain_washes == 1 and "precipitation column" in run.rain_source


def test_cleaning_every_n_days_by_hand():
    s = mg.Soiling(rate_per_day=0.01, max_loss=0.3,
                   cleaning=mg.CleaningSchedule(interval_days=30))
    run = mg.soiling_loss(IDX, s)
    assert list(run.cleanings) == [IDX[0] + pd.Timedelta(days=d) for d in (30, 60, 90)]
    assert run.loss.iloc[24 * 30] == 0.0
    assert run.loss.iloc[24 * 30 - 1] == pytest.approx(0.01 * (24 * 30 - 1) / 24)
    assert run.cleanings_per_year == pytest.approx(3 / (120 / 365))
    assert run.method == "pvlib.soiling.kimber"


def test_threshold_cleaning_by_hand():
    s = mg.Soiling(rate_per_day=0.01, cleaning=mg.CleaningSchedule(threshold_loss=0.05))
    run = mg.soiling_loss(IDX, s)
    # 0.05 is reached after 5 days (120 h): cleaned then, every 5 days
    assert run.cleanings[0] == IDX[120]
    assert len(run.cleanings) == len(IDX) // 120 - (1 if len(IDX) % 120 == 0 else 0)
    assert run.loss.max() < 0.05 and run.method == "minegrid loop"


@pytest.mark.parametrize("threshold", [None, 0.04, 0.2])
def test_loop_against_plain_reference(threshold):
    rng = np.random.default_rng(3)
    n = 24 * 60
    reset = rng.random(n) < 0.01
    wash = rng.random(n) < 0.005
    got, cleaned = accumulate_soiling(1 / 24, 0.02, 0.25, reset=reset, wash=wash,
                                      threshold_loss=threshold)
    want, want_cleaned = reference_loss(n, 1 / 24, 0.02, 0.25, reset, wash, threshold)
    np.testing.assert_allclose(got, want, atol=1e-12)
    assert (cleaned[~reset] == want_cleaned[~reset]).all()


@pytest.mark.parametrize("interval", [None, 7.0, 45.0])
def test_loop_against_pvlib_kimber(interval):
    rng = np.random.default_rng(7)
    rain = pd.Series(np.where(rng.random(len(IDX)) < 0.002, 9.0, 0.0), index=IDX)
    s = mg.Soiling(rate_per_day=0.004, max_loss=0.2, grace_period_days=3.0, initial_loss=0.01)
    wash = scheduled_washes(IDX, interval)
    dates = IDX[wash] if wash.any() else None
    kimber = pvlib.soiling.kimber(rain, cleaning_threshold=6.0, soiling_loss_rate=0.004,
                                  grace_period=3.0, max_soiling=0.2, manual_wash_dates=dates,
                                  initial_soiling=0.01)
    reset = mg.soiling.rain_resets(rain, 6.0, 3.0)
    loop, _ = accumulate_soiling(1 / 24, 0.004, 0.2, reset=reset, wash=wash, initial_loss=0.01)
    np.testing.assert_allclose(loop, kimber.to_numpy(), atol=1e-9)
    run = mg.soiling_loss(IDX, s.with_cleaning(interval_days=interval), rain_mm=rain)
    np.testing.assert_allclose(run.loss.to_numpy(), kimber.to_numpy(), atol=1e-12)


@pytest.mark.parametrize("kwargs, field", [
    ({"rate_per_day": -0.1}, "Soiling.rate_per_day"),
    ({"rate_per_day": 0.5}, "Soiling.rate_per_day"),
    ({"max_loss": 1.0}, "Soiling.max_loss"),
    ({"grace_period_days": 0}, "Soiling.grace_period_days"),
    ({"initial_loss": 0.5, "max_loss": 0.3}, "Soiling.initial_loss"),
    ({"cleaning": 30}, "Soiling.cleaning"),
])
def test_bad_soiling_names_field_and_fix(kwargs, field):
    with pytest.raises(mg.InputError, match=field) as exc:
        mg.Soiling(**kwargs)
    assert "Fix:" in str(exc.value)


@pytest.mark.parametrize("kwargs, field", [
    ({"interval_days": 0.5}, "interval_days"),
    ({"threshold_loss": 1.5}, "threshold_loss"),
    ({"interval_days": 30, "threshold_loss": 0.05}, "interval_days/threshold_loss"),
    ({"cost_per_mwp": -1}, "cost_per_mwp"),
    ({"water_cost_per_m3": "8"}, "water_cost_per_m3"),
])
def test_bad_cleaning_schedule(kwargs, field):
    with pytest.raises(mg.InputError, match=field):
        mg.CleaningSchedule(**kwargs)


def test_unknown_site_class_and_bad_soiling_series(gold):
    with pytest.raises(mg.InputError, match="site_class"):
        mg.Soiling.for_site("mars")
    with pytest.raises(mg.InputError, match="soiling"):
        mg.pv_profile(gold.weather, gold.site, soiling=np.full(10, 0.02))
    with pytest.raises(mg.InputError, match="fractions"):
        mg.pv_profile(gold.weather, gold.site, soiling=np.full(len(gold.weather), 2.0))


def test_pv_profile_default_unchanged_and_constant_soiling_equal(gold):
    w, site = gold.weather, gold.site
    base = mg.pv_profile(w, site, tracking="single_axis")
    np.testing.assert_array_equal(base.to_numpy(), np.asarray(gold.pv_kw_per_kw))
    same = mg.pv_profile(w, site, tracking="single_axis", soiling=0.02)
    np.testing.assert_array_equal(same.to_numpy(), base.to_numpy())
    series = mg.pv_profile(w, site, tracking="single_axis",
                           soiling=pd.Series(0.02, index=w.index))
    np.testing.assert_array_equal(series.to_numpy(), base.to_numpy())


def test_soiled_profile_and_energy_loss(gold):
    w, site = gold.weather, gold.site
    coast = mg.Soiling.for_site("atacama_coast")
    high = mg.Soiling.for_site("atacama_high")
    lost = {k: mg.pv_soiling(w, site, s, 1000.0, pv={"tracking": "single_axis"})
            for k, s in (("coast", coast), ("high", high))}
    # Cordero et al. 2018: ~39 % on the coast, <= 3 % at high sites (uncleaned, one year)
    assert 0.30 < lost["coast"].energy_loss < 0.45
    assert 0.01 < lost["high"].energy_loss < 0.04
    assert lost["coast"].cleaning_cost_per_year == 0.0
    k = lost["high"]
    assert k.pv_kwh_lost_per_year == pytest.approx(
        1000.0 * float((k.clean_kw_per_kw - k.soiled_kw_per_kw).sum()), rel=1e-9)


def test_cleaning_cost_in_pv_om_and_npc(gold):
    s = mg.Soiling.for_site("atacama_coast", cleaning=mg.CleaningSchedule(
        interval_days=30, cost_per_mwp=500.0, water_m3_per_mwp=10.0, water_cost_per_m3=10.0))
    run = mg.soiling_loss(gold.weather, s)
    assert run.cleanings_per_year == pytest.approx(12.0)
    # 12/yr x (500 + 10 x 10) per MWp = 7.2 per kW-year
    assert run.om_per_kw_year() == pytest.approx(7.2)
    pv_kw = gold.system.pv.rated_kw
    assert run.cleaning_cost_per_year(pv_kw) == pytest.approx(7.2 * pv_kw)
    assert run.water_m3_per_year(pv_kw) == pytest.approx(12 * 10 * pv_kw / 1000)
    sys2 = with_cleaning_cost(gold.system, run)
    assert sys2.pv.om_per_kw_year == pytest.approx(gold.system.pv.om_per_kw_year + 7.2)
    a = mg.simulate(gold.system, gold.profiles, project=gold.project, base_case=False)
    b = mg.simulate(sys2, gold.profiles, project=gold.project, base_case=False)
    assert b.costs.npc > a.costs.npc
    never = mg.soiling_loss(gold.weather, s.with_cleaning(interval_days=None))
    assert with_cleaning_cost(gold.system, never) is gold.system


@pytest.mark.filterwarnings("ignore:PVPlant.om_per_kw_year:minegrid.errors.MinegridWarning")
def test_optimise_cleaning_follows_the_prices(gold):
    soil = mg.Soiling.for_site("atacama_coast")
    args = (gold.system, gold.profiles, gold.weather, gold.site)
    pv = {"tracking": "single_axis"}
    grid = (7.0, 30.0, 180.0)
    dear = mg.optimise_cleaning(*args, soil.with_cleaning(cost_per_mwp=5e6), pv=pv,
                                project=gold.project, intervals_days=grid, refine=False)
    assert dear.x is None  # cleaning at 5 MUSD per MWp is never worth it
    cheap = mg.optimise_cleaning(*args, soil.with_cleaning(cost_per_mwp=1.0,
                                                            water_m3_per_mwp=0.0),
                                 pv=pv, project=gold.project.replace(fuel_price_per_l=3.0),
                                 intervals_days=grid, refine=False)
    assert cheap.x == 7.0  # nearly free cleaning and dear diesel: clean often
    t = cheap.table
    assert list(t.columns) == ["interval_days", "cleanings_per_year", "soiling_loss_percent",
                               "pv_kwh", "fuel_l", "cleaning_cost_per_year", "npc"]
    assert np.isnan(t["interval_days"].iloc[0])  # never cleaned comes first
    assert t["soiling_loss_percent"].iloc[1:].is_monotonic_increasing
    assert t["soiling_loss_percent"].iloc[0] == t["soiling_loss_percent"].max()
    assert cheap.nfev == 4 and cheap.success


def test_optimise_cleaning_refines_between_grid_points(gold):
    soil = mg.Soiling.for_site("atacama_coast")
    opt = mg.optimise_cleaning(gold.system, gold.profiles, gold.weather, gold.site, soil,
                               pv={"tracking": "single_axis"}, project=gold.project,
                               intervals_days=(7.0, 30.0, 90.0))
    assert opt.x is not None and 7.0 <= opt.x <= 90.0
    assert "bounded Brent" in opt.message and opt.nfev > 4
    assert opt.fun == pytest.approx(opt.table["npc"].min())
    with pytest.raises(mg.InputError, match="intervals_days"):
        mg.optimise_cleaning(gold.system, gold.profiles, gold.weather, gold.site, soil,
                             intervals_days=(0.0,))


@pytest.mark.parametrize("tracking", ["single_axis", "fixed"])
def test_bifacial_zero_is_monofacial_and_gain_plausible(gold, tracking):
    w, site = gold.weather, gold.site
    mono = mg.pv_profile(w, site, tracking=tracking, albedo=0.35)
    zero = mg.pv_profile(w, site, tracking=tracking, albedo=0.35, bifaciality=0.0)
    np.testing.assert_array_equal(zero.to_numpy(), mono.to_numpy())
    gains = []
    for albedo in (0.25, 0.5):
        m = mg.pv_profile(w, site, tracking=tracking, albedo=albedo)
        b = mg.pv_profile(w, site, tracking=tracking, albedo=albedo, bifaciality=0.7)
        gains.append(float(b.sum() / m.sum()) - 1.0)
    assert 0.01 < gains[0] < gains[1] < 0.12  # more albedo, more rear light
    assert (mg.pv_profile(w, site, tracking=tracking, albedo=0.35, bifaciality=0.7)
            >= mono - 1e-12).all()


def test_bad_bifacial_input(gold):
    with pytest.raises(mg.InputError, match="bifaciality"):
        mg.pv_profile(gold.weather, gold.site, bifaciality=1.5)
    with pytest.raises(mg.InputError, match="row_height_m"):
        mg.pv_profile(gold.weather, gold.site, bifaciality=0.7, row_height_m=0.0)
