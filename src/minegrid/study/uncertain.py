"""Uncertainty: the cost, fuel and unserved energy of designs over equally likely futures."""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from ..errors import check
from ..profiles import ProfileRecipe, Resource
from .points import SIZE_ALIASES, BaseCase, as_base, plain, resolve_point
from .run import run_points

__all__ = ["uncertainty", "UncertaintyResult", "UNCERTAIN_OUTPUTS", "quantiles"]


# ---------------------------------------------------------------------------------------------
# uncertainty
# ---------------------------------------------------------------------------------------------
#: Quantities summarised by :func:`uncertainty` (more is worse for each).
UNCERTAIN_OUTPUTS = ("npc", "lcoe", "fuel_l", "co2_t", "unserved_kwh", "unserved_fraction")


def quantiles(values) -> tuple[float, float, float]:
    """Mean, P50 and P90 (90th percentile, numpy's linear interpolation) of ``values``.

    Examples
    --------
    >>> quantiles([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0])
    (5.5, 5.5, 9.1)
    """
    arr = np.asarray(values, dtype=float)
    p50, p90 = np.percentile(arr, [50.0, 90.0], method="linear")
    return float(arr.mean()), float(p50), float(p90)


@dataclass(frozen=True, kw_only=True, eq=False)
class UncertaintyResult:
    """What :func:`uncertainty` returns.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per design and scenario (columns ``design``, ``weather_year``,
        ``load_variant``, ``fuel_price_path`` as used, then the outputs of
        :func:`sweep`).
    summary : pandas.DataFrame
        One row per design: ``{q}_mean``, ``{q}_p50``, ``{q}_p90`` for each
        quantity ``q`` of :data:`UNCERTAIN_OUTPUTS` (units as in :func:`sweep`).
    best_expected : hashable
        Label of the design with the lowest mean NPC over the scenarios.
    best_p90 : hashable
        Label of the design with the lowest P90 (90th-percentile) NPC.
    n_scenarios : int
        Equally likely scenarios per design.
    """

    table: object
    summary: object
    best_expected: Hashable
    best_p90: Hashable
    n_scenarios: int

    def __repr__(self) -> str:
        s = self.summary
        lines = [f"UncertaintyResult({len(s)} designs x {self.n_scenarios} scenarios,"]
        for label, row in s.iterrows():
            lines.append(f"  {label!s:>12}: NPC mean {row['npc_mean']:,.0f}, P50 "
                         f"{row['npc_p50']:,.0f}, P90 {row['npc_p90']:,.0f}; fuel P90 "
                         f"{row['fuel_l_p90']:,.0f} L/yr; unserved P90 "
                         f"{row['unserved_kwh_p90']:,.1f} kWh/yr")
        lines.append(f"  cheapest in expectation: {self.best_expected!r}; "
                     f"cheapest at P90: {self.best_p90!r})")
        return "\n".join(lines)


def _year_resources(frame, n_steps: int, recipe: ProfileRecipe, site, *, warn: bool) -> dict:
    """A weather frame -> {calendar year: Resource}, each computed once.

    Profiles are computed on whole calendar years; 29 February is then dropped
    from a leap year's profiles when the load has one step fewer per hour of it
    (e.g. 8760 steps).
    """
    import warnings

    from ..errors import MinegridWarning

    out = {}
    for year, part in frame.groupby(frame.index.year, sort=True):
        keep = np.ones(len(part), dtype=bool)
        if len(part) != n_steps:
            leap = np.asarray((part.index.month == 2) & (part.index.day == 29))
            if leap.any() and len(part) - int(leap.sum()) == n_steps:
                if warn:
                    warnings.warn(f"weather year {year}: 29 February dropped so that the year "
                                  f"has {n_steps} steps like the load", MinegridWarning,
                                  stacklevel=3)
                keep = ~leap
        check(int(keep.sum()) == n_steps, f"weather year {year}", f"{len(part)} steps",
              f"must have as many steps as the load ({n_steps})",
              "give whole calendar years of weather at the load's time step")
        res = recipe.resource(part, site)
        avail = np.broadcast_to(np.asarray(res.genset_availability, float), (len(part),))
        fuel = np.broadcast_to(np.asarray(res.genset_fuel_multiplier, float), (len(part),))
        out[int(year)] = Resource(pv_kw_per_kw=np.asarray(res.pv_kw_per_kw)[keep],
                                  wind_kw_per_turbine=np.asarray(res.wind_kw_per_turbine)[keep],
                                  genset_availability=avail[keep],
                                  genset_fuel_multiplier=fuel[keep],
                                  weather_source=res.weather_source)
    return out


def _designs_mapping(base: BaseCase, designs) -> dict:
    import pandas as pd

    if designs is None:
        return {}
    if isinstance(designs, pd.DataFrame):
        for name in designs.columns:
            check(name in SIZE_ALIASES, "designs column", name,
                  f"is not one of {tuple(SIZE_ALIASES)}", "name the columns like the sizes")
        out = {}
        for label, row in zip(designs.index, designs.to_dict("records"), strict=True):
            out[plain(label)] = resolve_point(base, row)[0]
        return out
    if isinstance(designs, Mapping):
        return dict(designs)
    check(isinstance(designs, Sequence) and not isinstance(designs, str), "designs",
          type(designs).__name__, "must be a mapping {label: System}, a list of Systems or a "
          "DataFrame of sizes", "e.g. {'small': system_a, 'large': system_b}")
    return dict(enumerate(designs))


def uncertainty(base, *, designs=None, weather=None, site=None, n_years: int | None = None,
                seed=None, year: int = 2023, recipe: ProfileRecipe | None = None,
                load_variants: Mapping | None = None, fuel_price_paths: Mapping | None = None,
                executor=None, store=None, progress=True, chunk_size: int = 512
                ) -> UncertaintyResult:
    """Cost, fuel and unserved energy of designs over equally likely futures.

    The scenarios are every combination of the weather years, load variants
    and fuel-price paths given. PV, wind and derating profiles are computed
    once per weather year; every design x scenario is one point of a
    :func:`sweep` (fuel-price paths reuse the dispatch).

    Parameters
    ----------
    base : BaseCase or example
        Base design, profiles (their load is the default load) and project.
    designs : mapping, list or DataFrame, optional
        Candidate designs: ``{label: System}``, a list of Systems (labels 0,
        1, ...) or a DataFrame of sizes (``pv_kw``, ``battery_kwh``, ... applied
        to the base system; labels from its index). Default: the base design,
        labelled ``"base"``.
    weather : DataFrame, list or mapping of DataFrames, optional
        Real weather (standard frames); each calendar year in them is one
        weather year (29 February is dropped, with a warning, when the load
        has 8760 steps).
    site : Site, optional
        Where the weather is; default ``base.site`` when the base is an example.
    n_years : int, optional
        Generate this many weather years with :func:`minegrid.synthetic_weather`
        (``year``, ``seed``) instead of (or besides) ``weather``.
    recipe : ProfileRecipe, optional
        How weather becomes profiles (PV mounting, turbine, derating).
    load_variants : mapping, optional
        ``{label: load}`` alternative load profiles [kW] (e.g. built from
        production-plan variants with :mod:`minegrid.mine`).
    fuel_price_paths : mapping, optional
        ``{label: prices}``: one fuel price per project year (or one number). [currency/L]
    executor, store, progress, chunk_size
        As for :func:`sweep`.

    Returns
    -------
    UncertaintyResult

    Notes
    -----
    P50 is the median over the scenarios, P90 the 90th percentile (the value
    not exceeded in 90 % of them; numpy's linear interpolation); the design
    cheapest in expectation minimises the mean NPC, the one cheapest at P90
    the P90 NPC.
    """
    import pandas as pd

    example_site = getattr(base, "site", None)
    base = as_base(base)
    site = site if site is not None else example_site
    recipe = recipe if recipe is not None else ProfileRecipe()
    n = base.profiles.n_steps
    resources: dict = {}
    if weather is not None:
        check(site is not None, "site", None, "is needed to compute profiles from weather",
              "pass site=minegrid.Site(...)")
        if isinstance(weather, Mapping):
            items = list(weather.items())
        else:
            items = [(None, f) for f in ([weather] if isinstance(weather, pd.DataFrame)
                                         else weather)]
        for label, frame in items:
            years = _year_resources(frame, n, recipe, site, warn=True)
            for y, res in years.items():
                # a labelled one-year frame keeps its label; other years are named by year
                key = y if label is None else (label if len(years) == 1 else (label, y))
                check(key not in resources, "weather year", key, "is given twice",
                      "give each year once")
                resources[key] = res
    if n_years is not None:
        from ..weather import synthetic_weather

        check(site is not None, "site", None, "is needed to generate weather",
              "pass site=minegrid.Site(...)")
        generated = synthetic_weather(site, year=year, n_years=n_years, seed=seed)
        for y, res in _year_resources(generated, n, recipe, site, warn=False).items():
            check(y not in resources, "weather year", y, "is both given and generated",
                  "generate other years (year=...) or drop one")
            resources[y] = res
    design_map = _designs_mapping(base, designs)
    base = replace(base, weather_years={**base.weather_years, **resources},
                   load_variants={**base.load_variants, **dict(load_variants or {})},
                   fuel_price_paths={**base.fuel_price_paths, **dict(fuel_price_paths or {})},
                   designs={**base.designs, **design_map})
    axes = {}
    axes["design"] = list(design_map) if design_map else [None]
    for name, values in (("weather_year", list(resources)),
                         ("load_variant", list(load_variants or {})),
                         ("fuel_price_path", list(fuel_price_paths or {}))):
        if values:
            axes[name] = values
    check(len(axes) > 1, "uncertainty", "no weather years, load variants or fuel-price paths",
          "needs at least one uncertain input", "pass weather=, n_years=, load_variants= or "
          "fuel_price_paths=")
    rows = [dict(zip(axes, combo, strict=True)) for combo in itertools.product(*axes.values())]
    table = pd.DataFrame(rows, columns=list(axes))
    out = run_points(base, table, mode="simulate", executor=executor, store=store,
                      progress=progress, chunk_size=chunk_size, all_outputs=False,
                      label="minegrid.uncertainty")
    out["design"] = out["design"].map(lambda d: "base" if d is None else d)
    summary = {}
    for label, grp in out.groupby("design", sort=False):
        stats = {}
        for q in UNCERTAIN_OUTPUTS:
            mean, p50, p90 = quantiles(grp[q])
            stats.update({f"{q}_mean": mean, f"{q}_p50": p50, f"{q}_p90": p90})
        summary[label] = stats
    summary = pd.DataFrame.from_dict(summary, orient="index")
    summary.index.name = "design"
    n_scen = len(out) // len(summary)
    return UncertaintyResult(table=out, summary=summary,
                             best_expected=summary["npc_mean"].idxmin(),
                             best_p90=summary["npc_p90"].idxmin(), n_scenarios=n_scen)
