"""The ``[pv.soiling]`` table of a scenario file: dust on the modules, rain and cleaning.

::

    [pv]
    rated_kw = 6000
    tracking = "single_axis"
    bifaciality = 0.7               # bifacial modules (pvlib infinite sheds), optional

    [pv.soiling]
    site_class = "atacama_coast"    # or rate_per_day = 0.003 and max_loss = 0.5
    rain_threshold_mm = 6           # rain in 24 h that washes the modules
    grace_period_days = 14
    optimise_cleaning = true        # also search the interval of least NPC (the CLI)
    intervals_days = [7, 14, 21, 30, 45, 60, 90]   # its candidates (optional)

    [pv.soiling.cleaning]
    interval_days = 20              # or threshold_loss = 0.05; neither: never cleaned
    cost_per_mwp = 400
    water_m3_per_mwp = 7.5
    water_cost_per_m3 = 8

The keys are the fields of :class:`minegrid.Soiling` (``site_class`` picks the rate
and ceiling of :data:`minegrid.soiling.SOILING_SITES`; keys given with it override
them) and of :class:`minegrid.CleaningSchedule`. Rain comes from the weather's
``precipitation`` column (an EPW file's liquid precipitation depth, or a CSV column
mapped to it); without one, only cleaning resets the dust, and the report says so.

Every stage then uses the soiled PV profile and prices the cleanings into the PV
O&M (:func:`minegrid.soiling.with_cleaning_cost`); ``minegrid run`` writes
``soiling.csv`` and a report section, and with ``optimise_cleaning`` the table of
:func:`minegrid.soiling.optimise_cleaning` for the final design.
"""

from __future__ import annotations

from dataclasses import dataclass

from .schema import Context, build, check_table, dataclass_spec

__all__ = ["SoilingSpec", "validate_soiling", "soiling_spec"]

_OPTIONS = {"site_class": (str,), "optimise_cleaning": (bool,), "intervals_days": (list,)}


@dataclass(frozen=True)
class SoilingSpec:
    """What ``[pv.soiling]`` asks for.

    Attributes
    ----------
    soiling : minegrid.Soiling
        The model, with its cleaning schedule.
    optimise_cleaning : bool
        Search the cleaning interval of least NPC for the final design.
    intervals_days : tuple of float or None
        Candidate intervals of that search (None: the library's default). [day]
    """

    soiling: object
    optimise_cleaning: bool = False
    intervals_days: tuple[float, ...] | None = None


def validate_soiling(data: dict, ctx: Context) -> None:
    """Check the keys and types of ``[pv.soiling]`` and ``[pv.soiling.cleaning]``."""
    from ..soiling import SOILING_SITES, CleaningSchedule, Soiling

    table = data.get("pv", {}).get("soiling")
    if table is None:
        return
    spec = dataclass_spec(Soiling)
    spec.pop("cleaning")
    spec.update(_OPTIONS)
    check_table(ctx, "pv.soiling", table, spec, subtables=("cleaning",))
    site = table.get("site_class")
    if site is not None and site not in SOILING_SITES:
        raise ctx.error("pv.soiling", "site_class", f"= {site!r} is not a known site class",
                        f"pick one of {list(SOILING_SITES)}, or give rate_per_day and "
                        "max_loss")
    if "cleaning" in table:
        check_table(ctx, "pv.soiling.cleaning", table["cleaning"],
                    dataclass_spec(CleaningSchedule))
    days = table.get("intervals_days")
    if days is not None and not (days and all(isinstance(d, int | float)
                                              and not isinstance(d, bool) for d in days)):
        raise ctx.error("pv.soiling", "intervals_days", f"= {days!r} must be an array of "
                        "numbers", "give days between cleanings, e.g. [7, 14, 30, 60]")


def soiling_spec(data: dict, ctx: Context) -> SoilingSpec | None:
    """The :class:`SoilingSpec` of ``[pv.soiling]``, or None without that table."""
    from ..soiling import SOILING_SITES, CleaningSchedule, Soiling

    table = data.get("pv", {}).get("soiling")
    if table is None:
        return None
    kwargs = {k: v for k, v in table.items() if k not in _OPTIONS and k != "cleaning"}
    site = table.get("site_class")
    if site is not None:
        rate, cap = SOILING_SITES[site]
        kwargs = {"rate_per_day": rate, "max_loss": cap, **kwargs}
    cleaning = build(ctx, "pv.soiling.cleaning", CleaningSchedule,
                     dict(table.get("cleaning", {})))
    soiling = build(ctx, "pv.soiling", Soiling, dict(kwargs, cleaning=cleaning),
                    keys=list(kwargs))
    days = table.get("intervals_days")
    return SoilingSpec(soiling=soiling, optimise_cleaning=bool(table.get("optimise_cleaning")),
                       intervals_days=None if days is None else tuple(float(d) for d in days))
