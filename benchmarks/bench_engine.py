"""Speed of the dispatch engine: figures, not assertions.

Run from the repository root (after installing with the test extras)::

    python benchmarks/bench_engine.py

Prints, from one run (medians of repeated timings; the machine is shared, so
compare the ratios rather than absolute times):

* microseconds per design-year, including economics, for load following and
  cycle charging on a hybrid design and on a diesel-only design (batch path,
  1 thread), and the cost of one ``minegrid.simulate`` call;
* design-years per second for a batch of 10,000 designs on 1 and 2 threads, with
  full statistics and with the search variant (``statistics="search"``), and the
  parallel efficiency;
* the speed ratio against ``microgrids`` 0.3.1 on identical inputs.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

import minegrid as mg
from minegrid import dispatch
from minegrid.dispatch import design_matrix
from minegrid.simulation import batch_frame


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def per_design_year_us(system, profiles, project, m: int, repeat: int) -> float:
    """Batch path for m copies of one design: kernel + vectorised economics."""
    params, q = design_matrix(system, {"pv_kw": np.full(m, system.pv_or_zero.rated_kw)})

    def run():
        totals = dispatch.run_batch(params, profiles)
        batch_frame(params, q, totals, profiles, system, project)

    run()
    return median_time(run, repeat) / m * 1e6


def peer_ratio(profiles, repeat: int):
    """Same system in microgrids 0.3.1 and in minegrid (the peer's model)."""
    try:
        import microgrids
    except ImportError:
        return None
    load = profiles.load_kw
    irr = profiles.pv_kw_per_kw
    cf = profiles.wind_kw_per_turbine / 2300.0
    peer = microgrids.Microgrid(
        microgrids.Project(15, 0.08, 1.0, "USD"), load,
        microgrids.DispatchableGenerator(power_rated=8000.0, fuel_intercept=0.0165,
                                         fuel_slope=0.2366, fuel_price=1.1,
                                         investment_price=500.0, om_price_hours=0.015,
                                         lifetime_hours=60000.0),
        microgrids.Battery(energy_kwh_rated := 8000.0, investment_price=300.0, om_price=5.0,
                           lifetime_calendar=15.0, lifetime_cycles=6000.0, charge_rate=0.5,
                           discharge_rate=0.5, loss_factor=0.05),
        {"pv": microgrids.Photovoltaic(6000.0, irr, 750.0, 12.0, 25.0, derating_factor=1.0),
         "wind": microgrids.WindPower(4600.0, cf, 1600.0, 45.0, 25.0)})
    ours = mg.System(
        pv=mg.PVPlant(rated_kw=6000.0), wind=mg.WindPlant(n_turbines=2, turbine_rated_kw=2300),
        battery=mg.Battery(energy_kwh=energy_kwh_rated, power_kw=4000.0, charge_efficiency=0.95,
                           discharge_efficiency=1 / 1.05, soc_min=0.0, soc_initial=0.0),
        genset=mg.GensetFleet(unit_rated_kw=8000.0, n_units=1, min_load_ratio=0.0),
        dispatch=mg.Dispatch(battery_dispatch="battery_first", reserve_load_fraction=0,
                             reserve_pv_fraction=0,
                             reserve_wind_fraction=0))
    project = mg.Project(lifetime_years=15, discount_rate=0.08, fuel_price_per_l=1.1)
    peer_s = median_time(peer.simulate, max(3, repeat // 3))
    ours_us = per_design_year_us(ours, profiles, project, 2000, repeat)
    single = median_time(lambda: mg.simulate(ours, profiles, project=project, base_case=False),
                         repeat)
    return peer_s, ours_us, single


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    import numba

    ex = mg.datasets.andean_gold_mine()
    profiles, project = ex.profiles, ex.project
    hybrid = ex.system
    diesel = mg.simulation.diesel_only(hybrid, profiles)
    cc = mg.Dispatch(strategy="cycle_charging")
    cores = numba.config.NUMBA_NUM_THREADS
    print(f"minegrid {mg.__version__}, numba {numba.__version__}, {cores} threads available; "
          f"profile {profiles.n_steps} steps of {profiles.dt_h} h; medians of {args.repeat}")

    dispatch.set_threads(1)
    print("\nper design-year, kernel + economics, batch of 2,000, 1 thread:")
    rows = {}
    for name, system in [("hybrid, load following", hybrid),
                         ("hybrid, cycle charging", hybrid.replace(dispatch=cc)),
                         ("diesel only, load following", diesel),
                         ("diesel only, cycle charging", diesel.replace(dispatch=cc))]:
        rows[name] = per_design_year_us(system, profiles, project, 2000, args.repeat)
        print(f"  {name:30s} {rows[name]:8.1f} us")
    print(f"  diesel-only / hybrid (load following): "
          f"{rows['diesel only, load following'] / rows['hybrid, load following']:.2f}x")

    one = median_time(lambda: mg.simulate(hybrid, profiles, project=project, base_case=False),
                      args.repeat)
    print(f"  one mg.simulate() call (block of one design, with Python overhead): "
          f"{one * 1e6:8.0f} us")

    rng = np.random.default_rng(0)
    m = 10_000
    designs = {"pv_kw": rng.uniform(0, 12000, m), "n_turbines": rng.integers(0, 5, m),
               "battery_kwh": rng.uniform(0, 20000, m), "n_units": rng.integers(6, 12, m)}
    params, q = design_matrix(hybrid, designs)
    print(f"\nbatch of {m:,} random designs (kernel + economics):")
    rates = {}
    for threads in (1, 2):
        if threads > cores:
            continue
        dispatch.set_threads(threads)

        def run(params=params, q=q):
            batch_frame(params, q, dispatch.run_batch(params, profiles), profiles, hybrid,
                        project)

        def search(params=params, q=q):
            batch_frame(params, q, dispatch.run_batch(params, profiles, statistics="search"),
                        profiles, hybrid, project)

        run()
        search()
        t = median_time(run, max(3, args.repeat // 2))
        ts = median_time(search, max(3, args.repeat // 2))
        rates[threads] = (m / t, m / ts)
        print(f"  {threads} thread(s): {m / t:10,.0f} design-years/s full statistics, "
              f"{m / ts:10,.0f} search statistics")
    if 2 in rates:
        print(f"  parallel efficiency on 2 threads: full {rates[2][0] / rates[1][0] / 2:.2f}, "
              f"search {rates[2][1] / rates[1][1] / 2:.2f}")
    dispatch.set_threads(1)

    peer = peer_ratio(profiles, args.repeat)
    if peer is None:
        print("\nmicrogrids not installed: no peer ratio")
    else:
        peer_s, ours_us, single = peer
        print("\nagainst microgrids 0.3.1 on identical inputs (one genset, no reserve):")
        print(f"  microgrids simulate(): {peer_s * 1e3:8.1f} ms per design-year")
        print(f"  minegrid batch path:   {ours_us:8.1f} us per design-year "
              f"-> {peer_s * 1e6 / ours_us:,.0f}x")
        print(f"  minegrid simulate():   {single * 1e6:8.0f} us per call "
              f"-> {peer_s / single:,.0f}x")


if __name__ == "__main__":
    main()
