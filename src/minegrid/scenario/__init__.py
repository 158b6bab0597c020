"""Scenario files: a whole study in one TOML file.

A scenario names the site, where the weather comes from (a file or
generated), the load (metered data, a bundled example mine, or process areas
and an operating calendar), the components and their costs, the finance, the
dispatch rules, and for sizing the design space and the requirements::

    [study]
    name = "Andean gold mine"
    year = 2023

    [site]
    latitude_deg = -26.95
    longitude_deg = -69.25
    altitude_m = 4200
    tz = "Etc/GMT+4"

    [weather]
    source = "synthetic"        # or "file" with path = "site.epw"
    seed = 2026

    [load]
    source = "example"          # or "file" (path = "meter.csv") or "areas"
    example = "gold_mine"

    [pv]                        # PVPlant fields + pv_profile options
    rated_kw = 6000
    tracking = "single_axis"

    [project]
    lifetime_years = 15
    discount_rate = 0.08

Tables and keys (the unit is in each key's name):

``[study]``
    ``name``, ``title`` (report title), ``year`` (calendar year of the hourly
    index, default 2023), ``description``.
``[site]``
    The fields of :class:`minegrid.Site`. Required for synthetic weather; for
    a weather file it overrides the file's metadata.
``[weather]``
    ``source = "synthetic"`` with ``seed`` and the options of
    :func:`minegrid.synthetic_weather`: calibrate its cloudiness with
    ``monthly_ghi_kwh_m2`` or ``daily_ghi_kwh_m2`` (12 values from an atlas),
    ``calibrate_from = "nearby.epw"`` (a weather file near the site: its
    clear-sky index, wind and temperature) or ``climate``; or
    ``source = "file"`` with ``path`` (relative to the scenario file) and the
    options of :func:`minegrid.read_weather` (``format``, ``max_fill_steps``,
    ``check_site``, ``partial_year``, ...).
``[load]``
    ``source = "example"`` with ``example`` (``"gold_mine"`` or
    ``"copper_concentrator"``) and ``seed``; ``source = "file"`` with
    ``path`` and the options of :func:`minegrid.read_load` (``column``,
    ``unit``, ...); or ``source = "areas"`` with ``[[load.areas]]`` tables
    (fields of :class:`minegrid.ProcessArea`), an optional
    ``[load.calendar]`` (fields of :class:`minegrid.OperatingCalendar`, with
    ``[[load.calendar.maintenance]]`` and ``[[load.calendar.shutdowns]]``)
    and ``seed``. ``scale`` multiplies the load (default 1). An area's ``priority``
    and value of lost production (``lost_value_per_mwh``, or ``lost_value_per_t`` with
    ``tonnes_per_mwh``) decide the load shedding that ``minegrid run`` reports
    (``shedding.csv``; :mod:`minegrid.scenario.shedding`).
``[pv]``, ``[wind]``, ``[battery]``, ``[genset]``, ``[dispatch]``, ``[project]``
    The fields of :class:`minegrid.PVPlant`, :class:`~minegrid.WindPlant`,
    :class:`~minegrid.Battery`, :class:`~minegrid.GensetFleet`,
    :class:`~minegrid.Dispatch` and :class:`~minegrid.Project`. ``[pv]`` also
    takes the options of :func:`minegrid.pv_profile` (``tracking``,
    ``tilt_deg``, ...); ``[wind]`` those of :func:`minegrid.wind_profile`
    (``turbine_type``, ``hub_height_m``, ...; ``turbine_rated_kw`` defaults to
    the library turbine's rating); ``[genset.derating]`` the options of
    :func:`minegrid.genset_derating` (``rule``, ``engine``, ...). A missing
    component table means no such component.
``[[gensets]]``, ``[fuels.<name>]``
    A plant of several genset types instead of ``[genset]``: one
    ``[[gensets]]`` table per type (the fields of
    :class:`~minegrid.GensetFleet` with a ``name``; ``fuel = "<name>"`` of a
    ``[fuels.<name>]`` table, default diesel at the project's price;
    ``derating_engine``, a key of :data:`minegrid.derating.ENGINES`, or a
    ``[gensets.derating]`` table for the type's own derating), the fuels
    (the fields of :class:`~minegrid.Fuel`, or ``gas``, ``diesel`` and
    ``gas_energy_share`` of a :class:`~minegrid.DualFuel`), and
    ``[dispatch] merit_order`` (``"cost"`` or ``"given"``). ``[genset]`` also
    takes ``fuel = "<name>"``. See :mod:`minegrid.scenario.plant`.
``[design_space]``, ``[requirements]``, ``[sizing]``
    For ``minegrid run --size``: the fields of :class:`minegrid.DesignSpace`
    (a range is a two-element array, ``pv_kw = [0, 15000]``),
    :class:`minegrid.Requirements`, and options of :func:`minegrid.size`
    (``method``, ``maxiter``, ``popsize``, ``seed``, ``objective``; ``objective =
    "npc_plus_lost_value"`` adds the value of the production lost to shedding, for a load
    of ``[[load.areas]]``).
``[sensitivity]``, ``[sensitivity.two_way]``
    Study parameters and the values to try one at a time (``"project.fuel_price_per_l"
    = [0.9, 1.2, 1.5]``, ``"capex_multiplier.pv" = [0.8, 1.2]``, ``load_scale``), with
    ``mode`` (``"simulate"`` or ``"size"``) and ``output``; and two parameters whose
    grid is searched for the winning architecture. Run by ``minegrid run``. See
    :mod:`minegrid.scenario.sensitivity`.
``[fuel_supply]``, ``[fuel_supply.closures]``
    The fields of :class:`minegrid.FuelSupply` and :class:`minegrid.RoadClosures`
    (``periods = [["07-01", "07-10"]]``): the diesel tank, its trucks and the road;
    ``minegrid run`` follows the tank through the year and every stage prices diesel
    at the delivered price. See :mod:`minegrid.scenario.logistics`.
``[haul_fleet]``, ``[haul_fleet.cycle]``, ``[haul_fleet.calendar]``
    The fields of :class:`minegrid.HaulFleet`, :class:`minegrid.HaulCycle` and the
    fleet's :class:`~minegrid.mine.OperatingCalendar`, and ``smart_charging = true``:
    electrified haul trucks whose trolley and charging load joins the mine load (smart
    charging in the design's PV and wind surplus). See :mod:`minegrid.scenario.haul`.
``[pv.soiling]``, ``[pv.soiling.cleaning]``
    The fields of :class:`minegrid.Soiling` (or ``site_class``, a key of
    :data:`minegrid.soiling.SOILING_SITES`) and :class:`minegrid.CleaningSchedule`, with
    ``optimise_cleaning = true`` and ``intervals_days``: dust that builds up on the modules
    and resets on rain (the weather's ``precipitation``) or cleaning, the cleaning cost in
    the PV O&M; ``minegrid run`` writes ``soiling.csv``. See :mod:`minegrid.scenario.soiling`.

Every problem raises :class:`~minegrid.errors.InputError` naming the file,
the line, the table and key, and the fix; an unknown key suggests the
closest known ones.

Examples
--------
>>> import minegrid as mg
>>> sc = mg.load_scenario(mg.scenario.bundled("andean_gold_mine"))
>>> sc.name
'andean_gold_mine'
"""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path

from ..errors import InputError
from .model import Scenario
from .schema import Context, Lines, validate
from .sensitivity import SensitivityResult, SensitivitySpec

__all__ = ["Scenario", "SensitivityResult", "SensitivitySpec", "load_scenario",
           "parse_scenario", "bundled", "bundled_scenarios"]

_DATA = Path(__file__).resolve().parent.parent / "data"


def bundled_scenarios() -> list[str]:
    """Names of the scenario files shipped with minegrid (``minegrid/data/*.toml``)."""
    return sorted(p.stem for p in _DATA.glob("*.toml"))


def bundled(name: str) -> Path:
    """Path of a bundled scenario file, e.g. ``bundled("andean_gold_mine")``.

    Raises
    ------
    InputError
        Unknown name (with the closest names).
    """
    path = _DATA / f"{name}.toml"
    if not path.is_file():
        names = bundled_scenarios()
        close = difflib.get_close_matches(str(name), names, n=3)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise InputError(f"bundled scenario {name!r} does not exist. Fix: {hint}"
                         f"pick one of {names}.")
    return path


def parse_scenario(text: str, *, path: str | Path | None = None) -> Scenario:
    """A :class:`Scenario` from TOML text.

    Parameters
    ----------
    text : str
        TOML content.
    path : str or pathlib.Path, optional
        Where it came from: named in errors, and the folder relative paths
        are resolved from.

    Returns
    -------
    Scenario

    Raises
    ------
    InputError
        Invalid TOML, unknown table or key, wrong type, missing field.
    """
    label = str(path) if path is not None else "<scenario>"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{label}: not valid TOML: {exc}. Fix: check the quoting, brackets "
                         "and commas on that line (strings need quotes, tables [name]).") \
            from None
    ctx = Context(label, Lines(text))
    validate(data, ctx)
    study = data.get("study", {})
    name = study.get("name") or (Path(path).stem if path is not None else "scenario")
    title = study.get("title") or "Hybrid power system study"
    return Scenario(data=data, path=Path(path).resolve() if path is not None else None,
                    name=name, title=title, _ctx=ctx)


def load_scenario(path: str | Path) -> Scenario:
    """Read and check a TOML scenario file.

    Parameters
    ----------
    path : str or pathlib.Path
        The ``.toml`` file, or the name of a bundled scenario
        (:func:`bundled_scenarios`), e.g. ``"andean_gold_mine"``.

    Returns
    -------
    Scenario

    Raises
    ------
    InputError
        Missing file, invalid TOML, unknown table or key (with the closest
        known ones), wrong type or missing field: the message names the
        file, line, table and key, and the fix.
    """
    p = Path(path)
    if not p.is_file() and p.suffix == "" and (_DATA / f"{p.name}.toml").is_file():
        p = _DATA / f"{p.name}.toml"
    if not p.is_file():
        raise InputError(f"scenario file {str(path)!r} does not exist. Fix: check the path, "
                         f"or name a bundled scenario: {bundled_scenarios()}.")
    return parse_scenario(p.read_text(encoding="utf-8"), path=p)
