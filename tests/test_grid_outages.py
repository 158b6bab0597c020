"""Grid outages: schedules, seeded random failures, their availability and summary."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minegrid.errors import InputError
from minegrid.grid import (
    expected_availability,
    grid_available,
    outage_summary,
    random_outage_events,
    random_outages,
)

DAY = pd.date_range("2025-01-01", periods=24, freq="h")


def test_schedule_marks_every_step_an_outage_touches():
    # 02:30 for 1 h touches the 02:00 and 03:00 steps; 10:00 for 2 h exactly 10:00 and 11:00
    avail = grid_available(DAY, [("2025-01-01 02:30", 1.0), ("2025-01-01 10:00", 2.0)])
    assert avail.name == "grid_available" and avail.dtype == bool
    assert np.flatnonzero(~avail.to_numpy()).tolist() == [2, 3, 10, 11]
    s = outage_summary(avail)
    assert (s.n_outages, s.outage_hours, s.longest_h) == (2, 4.0, 2.0)
    assert s.availability == pytest.approx(20 / 24)


def test_schedule_on_quarter_hours_is_exact():
    idx = pd.date_range("2025-01-01", periods=96, freq="15min")
    avail = grid_available(idx, [("2025-01-01 02:30", 1.0)])
    assert np.flatnonzero(~avail.to_numpy()).tolist() == [10, 11, 12, 13]
    assert outage_summary(avail).outage_hours == 1.0


def test_schedule_as_a_frame_and_tz_aware():
    idx = pd.date_range("2025-01-01", periods=24, freq="h", tz="America/Santiago")
    events = pd.DataFrame({"start": [pd.Timestamp("2025-01-01 05:00", tz="UTC")],
                           "duration_h": [2.0]})
    avail = grid_available(idx, events)  # 05:00 UTC = 02:00 in Santiago (UTC-3 in January)
    assert np.flatnonzero(~avail.to_numpy()).tolist() == [2, 3]


def test_no_events_means_always_available():
    assert grid_available(DAY, []).all()


@pytest.mark.parametrize("events, field, value, match", [
    ([("2025-01-01 00:00", 30.0)], "events.duration_h", "30.0", "longer than the horizon"),
    ([("2025-01-01 05:00", -2.0)], "events[0].duration_h", "-2.0", "> 0"),
    ([("2025-01-01 05:00", 0.0)], "events[0].duration_h", "0.0", "> 0"),
    ([("2025-01-01 20:00", 6.0)], "events", "6 h", "ends after the horizon"),
    ([("2024-12-31 20:00", 1.0)], "events.start", "2024-12-31 20:00", "outside the horizon"),
    ([("2025-01-01 05:00", 3.0), ("2025-01-01 07:00", 1.0)], "events", "05:00", "overlap"),
    ([("tomorrow-ish", 1.0)], "events[0].start", "tomorrow-ish", "not a timestamp"),
    ([("2025-01-01 05:00+00:00", 1.0)], "events[0].start", "05:00", "time zone"),
])
def test_bad_schedules_name_field_value_and_fix(events, field, value, match):
    with pytest.raises(InputError) as err:
        grid_available(DAY, events)
    msg = str(err.value)
    assert field in msg and value in msg and match in msg and "Fix:" in msg


def test_random_outages_are_reproducible_with_the_seed():
    year = pd.date_range("2025-01-01", periods=8760, freq="h")
    a = random_outages(year, 12.0, 6.0, seed=7)
    b = random_outages(year, 12.0, 6.0, seed=7)
    c = random_outages(year, 12.0, 6.0, seed=8)
    pd.testing.assert_series_equal(a, b)
    assert not a.equals(c)
    pd.testing.assert_frame_equal(random_outage_events(year, 12.0, 6.0, seed=7),
                                  random_outage_events(year, 12.0, 6.0, seed=7))


def test_zero_failure_rate_never_fails():
    year = pd.date_range("2025-01-01", periods=8760, freq="h")
    assert random_outages(year, 0.0, 6.0, seed=1).all()


@pytest.mark.parametrize("kwargs, match", [
    ({"failures_per_year": -1.0}, "failures_per_year = -1.0"),
    ({"mean_repair_h": 0.0}, "mean_repair_h = 0.0"),
    ({"seed": 1.5}, "seed = 1.5"),
])
def test_bad_random_outage_inputs(kwargs, match):
    args = {"failures_per_year": 4.0, "mean_repair_h": 5.0, "seed": 1} | kwargs
    with pytest.raises(InputError, match=match):
        random_outages(DAY, **args)


def test_random_events_stay_inside_the_horizon_and_do_not_overlap():
    idx = pd.date_range("2025-01-01", periods=24 * 365 * 5, freq="h")
    ev = random_outage_events(idx, 50.0, 20.0, seed=3)
    start_h = ((pd.DatetimeIndex(ev["start"]) - idx[0]) / pd.Timedelta(hours=1)).to_numpy()
    end_h = start_h + ev["duration_h"].to_numpy()
    assert start_h[0] >= 0 and end_h[-1] <= len(idx) + 1e-6
    assert (start_h[1:] >= end_h[:-1] - 1e-6).all()
    grid_available(idx, ev)  # a generated schedule passes the schedule's own checks


@settings(max_examples=8, deadline=None)
@given(lam=st.floats(2.0, 40.0), mttr=st.floats(1.0, 24.0), seed=st.integers(0, 2**31))
def test_long_run_availability_is_close_to_the_theory(lam, mttr, seed):
    years = 60
    idx = pd.date_range("2000-01-01", periods=8760 * years, freq="h")
    ev = random_outage_events(idx, lam, mttr, seed=seed)
    u_theory = 1.0 - expected_availability(lam, mttr)
    u_seen = ev["duration_h"].sum() / len(idx)
    # cycles seen ~ years * lam; the unavailability's relative standard error is about
    # sqrt(2 / cycles) for exponential up and down times: a 6-sigma band, loose on purpose
    cycles = years * lam * (1 - u_theory)
    assert abs(u_seen - u_theory) <= 6 * np.sqrt(2 / cycles) * u_theory
    # the mask rounds outages out to whole steps: never more available than the events say
    avail = random_outages(idx, lam, mttr, seed=seed)
    assert outage_summary(avail).outage_hours >= ev["duration_h"].sum() - 1e-6


def test_number_of_failures_matches_the_rate():
    idx = pd.date_range("2000-01-01", periods=8760 * 100, freq="h")
    ev = random_outage_events(idx, 10.0, 8.0, seed=11)
    expected = 100 * 10.0 * expected_availability(10.0, 8.0)  # failures happen only when up
    assert abs(len(ev) - expected) < 5 * np.sqrt(expected)


def test_summary_of_a_hand_mask():
    idx = pd.date_range("2025-01-01", periods=8, freq="30min")
    avail = pd.Series([True, False, False, True, False, True, True, False], index=idx)
    s = outage_summary(avail)
    assert (s.n_outages, s.outage_hours, s.longest_h, s.horizon_h) == (3, 2.0, 1.0, 4.0)
    assert "3 outages" in repr(s)
    with pytest.raises(InputError, match="boolean Series"):
        outage_summary(avail.astype(int))
