"""The ``[weather_years]`` table of a scenario file: sizing for the bad weather year.

::

    [weather_years]
    n_years = 10                    # synthetic draws (seeds seed, seed + 1, ...)
    seed = 1000
    ghi_year_sd = 0.03              # year-to-year spread of irradiance and wind speed
    wind_year_sd = 0.06
    percentiles = [50, 90]          # minegrid run --size also sizes these and compares

    # or measured years, each read with the [weather] options:
    # files = ["site_2019.epw", "site_2020.epw", "site_2021.epw"]

    [requirements]
    max_unserved_fraction = 0.001
    year_percentile = 90            # each requirement holds in 90 % of the years

With synthetic weather (``[weather] source = "synthetic"``), year ``k`` is the
scenario's generator with seed ``seed + k`` and the year factors of
:func:`minegrid.weather.synthetic.year_variation`; with ``files`` (a weather file
source), each file is one year. Every year is built like the scenario itself (load,
soiling, haul fleet, derating) on its own weather, and ``minegrid run --size`` sizes
over all of them (:func:`minegrid.size` over a list of Profiles: the mean NPC, each
requirement at ``[requirements] year_percentile``, every year by default), writes
``weather_years.csv`` (the sized design in each year) and, with ``percentiles``,
``year_percentiles.csv`` (the design sized for each percentile and what it costs over
the first: :func:`minegrid.size_for_years`), and the report shows both. The design is
then reported in the scenario's own weather.
"""

from __future__ import annotations

from .schema import Context

__all__ = ["validate_weather_years", "years_options", "years_profiles"]

_KEYS = {"n_years": (int,), "seed": (int,), "ghi_year_sd": (float,),
         "wind_year_sd": (float,), "files": (list,), "percentiles": (list,)}


def validate_weather_years(data: dict, ctx: Context) -> None:
    """Check ``[weather_years]``: its keys and types, one of ``n_years`` and ``files``,
    each matching the ``[weather]`` source."""
    from .schema import check_table

    table = data.get("weather_years")
    if table is None:
        return
    check_table(ctx, "weather_years", table, _KEYS)
    source = data.get("weather", {}).get("source", "synthetic")
    if ("n_years" in table) == ("files" in table):
        raise ctx.error("weather_years", None, "needs exactly one of n_years and files",
                        "give n_years = 10 (synthetic draws) or files = [...] (measured "
                        "years)")
    if "n_years" in table:
        if source != "synthetic":
            raise ctx.error("weather_years", "n_years", "draws synthetic years, but [weather] "
                            f"source = {source!r}", "list the measured years with files = "
                            "[...], or use source = \"synthetic\"")
        if table["n_years"] < 2:
            raise ctx.error("weather_years", "n_years", f"= {table['n_years']} is too few",
                            "give at least 2 years, e.g. 10")
    else:
        files = table["files"]
        if source != "file":
            raise ctx.error("weather_years", "files", "are weather files, but [weather] "
                            f"source = {source!r}", "set [weather] source = \"file\" "
                            "(with the path of the scenario's own year), or use n_years")
        if len(files) < 2 or not all(isinstance(f, str) for f in files):
            raise ctx.error("weather_years", "files", f"= {files!r} must list at least two "
                            "file paths", 'give files = ["2019.epw", "2020.epw", ...]')
    for key in ("ghi_year_sd", "wind_year_sd"):
        if key in table and not 0.0 <= table[key] <= 0.3:
            raise ctx.error("weather_years", key, f"= {table[key]!r} is outside [0, 0.3]",
                            "give a relative standard deviation, e.g. 0.03 for 3 %")
    pct = table.get("percentiles", [])
    if "files" in table and ("ghi_year_sd" in table or "wind_year_sd" in table):
        raise ctx.error("weather_years", "ghi_year_sd", "applies to synthetic draws only",
                        "drop it: measured years carry their own variability")
    if not all(isinstance(p, int | float) and not isinstance(p, bool) and 0 < p <= 100
               for p in pct):
        raise ctx.error("weather_years", "percentiles", f"= {pct!r} must hold percentiles in "
                        "(0, 100]", "give e.g. percentiles = [50, 90]")


def years_options(data: dict) -> dict:
    """``{"percentiles": (...)}`` of ``[weather_years]`` (empty without it)."""
    table = data.get("weather_years")
    if table is None:
        return {}
    return {"percentiles": tuple(float(p) for p in table.get("percentiles", []))}


def years_profiles(scenario, progress=None) -> list | None:
    """One :class:`~minegrid.Profiles` per year of ``[weather_years]`` (None without it).

    ``progress``: a callable given ``(k, n)`` after each year is built.
    """
    from ..errors import InputError
    from ..generation import with_year_source
    from ..weather.synthetic import year_variation

    table = scenario.data.get("weather_years")
    if table is None:
        return None
    ctx = scenario._ctx
    out = []
    if "n_years" in table:
        seed = int(table.get("seed", 1000))
        n = int(table["n_years"])
        sds = {k: float(table[k]) for k in ("ghi_year_sd", "wind_year_sd") if k in table}
        for k in range(n):
            weather, site = scenario.weather(seed=seed + k)
            try:
                weather = year_variation(weather, seed, k, **sds)
            except InputError as exc:
                raise ctx.locate(exc, "weather_years", list(sds)) from None
            built = scenario.build(weather=(weather, site), soiling_detail=False)
            out.append(with_year_source(built.profiles, weather))
            if progress is not None:
                progress(k + 1, n)
        return out
    files = list(table["files"])
    for k, path in enumerate(files):
        try:
            weather, site = scenario.weather(path=path)
        except InputError as exc:
            raise ctx.locate(exc, "weather_years", ["files"]) from None
        out.append(scenario.build(weather=(weather, site), soiling_detail=False).profiles)
        if progress is not None:
            progress(k + 1, len(files))
    return out

