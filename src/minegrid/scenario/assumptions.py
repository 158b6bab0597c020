"""The study-level rows of a scenario's assumptions table (report, CLI, workbook)."""

from __future__ import annotations

__all__ = ["scenario_assumptions"]


def scenario_assumptions(scenario, built=None) -> dict[str, str]:
    """Study-level rows for the report's assumptions table: the scenario, site, weather,
    load, haul fleet, soiling, derating, PV yield and wind turbine."""
    d = scenario.data
    rows: dict[str, str] = {"Scenario": scenario.name}
    if scenario.path is not None:
        rows["Scenario file"] = scenario.path.name
    if built is not None and built.site is not None:
        s = built.site
        rows["Site"] = (f"{s.name + ', ' if s.name else ''}{s.latitude_deg:.3f}°, "
                        f"{s.longitude_deg:.3f}°, {s.altitude_m:,.0f} m, {s.tz}")
    w = d.get("weather", {"source": "synthetic"})
    if built is not None and built.profiles.weather_source:
        rows["Weather"] = built.profiles.weather_source
    elif w.get("source", "synthetic") == "synthetic":
        rows["Weather"] = (f"SYNTHETIC weather (minegrid.synthetic_weather), seed "
                           f"{w.get('seed')}")
    else:
        rows["Weather"] = f"file {w.get('path')}"
    ld = d.get("load", {})
    src = ld.get("source", "example")
    if src == "example":
        ex = ld.get("example", "gold_mine")
        rows["Load"] = f"example mine '{ex}', seed {ld.get('seed', 0)}"
    elif src == "file":
        rows["Load"] = f"metered data {ld.get('path')}"
    else:
        rows["Load"] = f"{len(ld.get('areas', []))} process areas and an operating calendar"
    if "scale" in ld:
        rows["Load"] += f", scaled by {ld['scale']}"
    if built is not None and getattr(built, "haul", None) is not None:
        h = built.haul
        rows["Haul fleet"] = (f"{h.fleet.n_trucks} x {h.fleet.payload_t:g} t trucks, "
                              f"{'smart' if h.smart else 'unmanaged'} charging, "
                              f"{h.energy_mwh_per_year:,.0f} MWh/yr added to the load")
    if built is not None and getattr(built, "soiling", None) is not None:
        s = built.soiling
        rows["PV soiling"] = (f"{s.run.soiling.rate_per_day * 100:g} %/day up to "
                              f"{s.run.soiling.max_loss * 100:g} %, cleaning "
                              f"{s.run.soiling.cleaning.describe()}; "
                              f"{100 * s.energy_loss:.1f} % of the PV energy lost; "
                              f"{s.run.rain_source}")
    if built is not None:
        rows["Load (mean / peak)"] = (f"{built.load_kw.mean():,.0f} / "
                                      f"{built.load_kw.max():,.0f} kW")
        own = built.profiles.fleet_availability or {}
        others = [f.name for f in built.system.fleets if f.name not in own]
        if others or not own:  # the site's derating: every type without its own
            key = ("Genset derating (mean / worst)" if not own else
                   f"Genset derating of {', '.join(others)} (mean / worst)")
            rows[key] = (f"{float(built.genset_availability.mean()):.3f} / "
                         f"{float(built.genset_availability.min()):.3f} of rating")
        for name, a in own.items():
            rows[f"Genset derating of {name} (mean / worst)"] = (
                f"{float(a.mean()):.3f} / {float(a.min()):.3f} of rating")
        if "pv" in d:
            rows["PV yield"] = f"{float(built.pv_kw_per_kw.sum()):,.0f} kWh/kWp/yr " \
                               f"({d['pv'].get('tracking', 'fixed')})"
        if "wind" in d and built.system.wind is not None:
            cf = float(built.wind_kw_per_turbine.mean()) / built.system.wind.turbine_rated_kw
            rows["Wind turbine"] = (f"{d['wind'].get('turbine_type', 'custom curve')}, hub "
                                    f"{d['wind'].get('hub_height_m')} m, capacity factor "
                                    f"{cf:.3f} (density-corrected)")
    years = d.get("weather_years")
    if years is not None:
        p = d.get("requirements", {}).get("year_percentile")
        held = "every year" if p is None or p >= 100 else f"in {p:g} % of the years"
        what = (f"{years['n_years']} synthetic draws (seeds {years.get('seed', 1000)} on)"
                if "n_years" in years else f"{len(years['files'])} weather files")
        rows["Weather years (sizing)"] = f"{what}; requirements held {held}"
    rows["Calendar year"] = str(scenario.year)
    return rows
