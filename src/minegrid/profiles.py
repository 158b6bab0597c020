"""The hand-off between resource and dispatch: the time series every design shares.

:class:`Profiles` holds the load and the per-unit generation of one period
(usually an hourly year): load [kW], PV output per kW DC [kW/kW], output of
one wind turbine [kW] and the genset available-capacity factor [-]. They are
validated once and stored as contiguous float64 arrays, so one set of
profiles serves thousands of designs. :class:`Resource` is the weather-driven
part alone (one weather year or one site), to combine with any load.

Time: flows of a period of ``n_steps × dt_h`` hours are scaled to a year of
:data:`HOURS_PER_YEAR` hours by :attr:`Profiles.year_factor` (exactly 1 for an
8760-h year).

Pairing: series with a :class:`pandas.DatetimeIndex` are paired by instant, not
by position (:func:`align_series`): a PV series in another time zone is
reordered onto the load's instants when it covers the same instants, and
another year, another coverage or a naive index beside an aware one raise
:class:`~minegrid.errors.InputError` naming the series and the fix;
``align="typical_year"`` reuses a typical year of weather for a load of any
year, matching month, day and hour. Bare arrays keep positional pairing.

>>> import numpy as np
>>> p = Profiles(load_kw=np.full(24, 500.0), pv_kw_per_kw=np.zeros(24))
>>> p.n_steps, p.dt_h, p.year_factor
(24, 1.0, 365.0)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from .errors import InputError, cell, check, is_number

__all__ = ["ALIGNMENTS", "FULL_YEAR_H", "HOURS_PER_YEAR", "PV_MAX_KW_PER_KW", "Profiles",
           "ProfileRecipe", "Resource", "align_series", "as_profiles", "check_coverage"]

#: Hours in the year that flows are scaled to (365 days; typical-year data drop 29 February).
HOURS_PER_YEAR = 8760.0
#: Shortest period a weather or load file may cover unasked (364 days: a typical year less a
#: day of slack). [h]
FULL_YEAR_H = 364 * 24.0
#: Highest PV output per kW DC a profile may hold (cloud enhancement, cold bright modules). [kW/kW]
PV_MAX_KW_PER_KW = 1.1
#: How series with timestamps are paired: ``"instant"`` or ``"typical_year"``.
ALIGNMENTS = ("instant", "typical_year")


def check_coverage(period_h: float, start, name: str, partial_year: bool,
                   option: str = "partial_year=True") -> None:
    """Refuse a file's period shorter than a year unless ``partial_year`` (then warn).

    Flows of a period are scaled to a year (:attr:`Profiles.year_factor`), which
    would turn a week of data into an annual answer; readers call this so that
    a short file is an error unless the user asks for the scaling.

    Parameters
    ----------
    period_h : float
        Length of the data. [h]
    start : object
        Its first timestamp, for messages.
    name : str
        What it is (the file), for messages.
    partial_year : bool
        The user accepts that the period's flows are scaled to a year.
    option : str
        The argument that accepts it, for messages.
    """
    if period_h >= FULL_YEAR_H:
        return
    msg = (f"{name} covers {period_h:,.0f} h ({period_h / 24:,.1f} days) from {start}, less "
           f"than a year; yearly results would scale it by {HOURS_PER_YEAR / period_h:,.2f}")
    if not partial_year:
        raise InputError(f"{msg}. Fix: give a full year (8,760 h), or pass {option} to accept "
                         "the scaling.")
    import warnings

    from .errors import MinegridWarning

    warnings.warn(f"{msg} ({option})", MinegridWarning, stacklevel=3)


def _is_datetime_index(index) -> bool:
    return index is not None and type(index).__name__ == "DatetimeIndex"


def _span(index) -> str:
    return f"{index[0]} to {index[-1]} ({len(index)} steps)"


def align_series(named: dict, align: str = "instant") -> tuple[dict, object]:
    """Pair series with timestamps by instant (or by wall clock for a typical year).

    Parameters
    ----------
    named : dict
        ``{name: value}``; a value with a DatetimeIndex is aligned, any other
        (bare arrays, scalars, None, a Series with another index) is kept as it is
        (positional pairing).
    align : {"instant", "typical_year"}
        ``"instant"``: every timestamped series must hold exactly the instants
        of the reference (the first timestamped one, normally ``load_kw``), in
        any order or time zone; it is reordered onto them. ``"typical_year"``:
        the other series are a typical year, taken at the reference's month,
        day and time of day in the reference's zone (29 February from 28
        February, with a MinegridWarning).

    Returns
    -------
    (dict, DatetimeIndex or None)
        The series (aligned ones as float arrays on the reference's order) and
        the reference index.

    Raises
    ------
    InputError
        A naive index beside an aware one, other instants (another year, time
        zone or coverage): the message names the two series and the fix.
    """
    check(align in ALIGNMENTS, "align", align, f"is not one of {list(ALIGNMENTS)}",
          "use 'instant' (pair by timestamp) or 'typical_year' (reuse a typical year)")
    stamped = [k for k, v in named.items() if _is_datetime_index(getattr(v, "index", None))
               and getattr(v, "ndim", 1) == 1]
    if len(stamped) < 2:
        ref = named[stamped[0]].index if stamped else None
        return dict(named), ref
    ref_name = stamped[0]
    ref = named[ref_name].index
    out = dict(named)
    for name in stamped[1:]:
        out[name] = _align_one(named[name], name, ref, ref_name, align)
    return out, ref


def _align_one(series, name: str, ref, ref_name: str, align: str):
    import pandas as pd

    idx = series.index
    if (idx.tz is None) != (ref.tz is None):
        aware, naive = (name, ref_name) if idx.tz is not None else (ref_name, name)
        zone = idx.tz if idx.tz is not None else ref.tz
        raise InputError(
            f"{aware} has a time-zone-aware index ({zone}) and {naive} a naive one, so their "
            f"hours cannot be paired. Fix: localise {naive} to its zone (e.g. "
            f"series.tz_localize('{zone}'), or read_load(..., tz='{zone}')), or pass both "
            "as bare arrays to pair them by position.")
    values = series.to_numpy(dtype=float, na_value=np.nan)
    if align == "typical_year":
        local = idx.tz_convert(ref.tz) if ref.tz is not None else idx
        key = pd.MultiIndex.from_arrays([local.month, local.day, local.hour, local.minute])
        check(key.is_unique, name, "<repeated month, day and hour>",
              "must be one typical year to be reused with align='typical_year'",
              "give one year of the resource (8,760 hourly steps)")
        month, day = ref.month.to_numpy(), ref.day.to_numpy()
        feb29 = (month == 2) & (day == 29)
        if feb29.any() and not ((local.month == 2) & (local.day == 29)).any():
            import warnings

            from .errors import MinegridWarning

            warnings.warn(f"{name}: the typical year has no 29 February; {ref_name}'s "
                          "29 February takes the values of 28 February", MinegridWarning,
                          stacklevel=5)
            day = np.where(feb29, 28, day)
        want = pd.MultiIndex.from_arrays([month, day, ref.hour, ref.minute])
        pos = key.get_indexer(want)
        missing = pos < 0
        if missing.any():
            raise InputError(
                f"{name} (a typical year, {_span(idx)}) has no value for {int(missing.sum())} "
                f"steps of {ref_name} (first at {ref[np.flatnonzero(missing)[0]]}). Fix: give "
                f"{name} at the same time step as {ref_name}, covering the whole year.")
        return values[pos]
    if len(idx) == len(ref) and idx.equals(ref):
        return values
    pos = ref.get_indexer(idx) if idx.is_unique else np.full(len(idx), -1)
    if len(idx) == len(ref) and (pos >= 0).all() and len(np.unique(pos)) == len(ref):
        aligned = np.empty(len(ref))
        aligned[pos] = values
        return aligned
    offset = idx[0] - ref[0]
    hours = offset / pd.Timedelta(hours=1)
    years = sorted(set(idx.year)), sorted(set(ref.year))
    if len(idx) == len(ref) and 0 < abs(hours) < 24 and float(hours).is_integer():
        why = (f"{name} starts {hours:+g} h from {ref_name} (another time zone? {name} "
               f"{idx.tz}, {ref_name} {ref.tz})")
        fix = ("convert both to the site's zone at the source (read_weather gives the site's "
               "zone; read_load(..., tz=...)), or put a load on the weather's instants with "
               f"minegrid.load.align_to({ref_name}, {name}.index)")
    elif years[0] != years[1]:
        why = f"{name} is dated {years[0]} and {ref_name} {years[1]}"
        fix = (f"give both on the same dates, or pass align='typical_year' to reuse "
               f"{name} as a typical year (by month, day and hour)")
    else:
        why = f"{name} covers {_span(idx)} and {ref_name} {_span(ref)}"
        fix = ("give series over the same period (minegrid.load.align_to puts a load on a "
               "weather index), or bare arrays to pair them by position")
    raise InputError(f"{name} and {ref_name} do not hold the same instants: {why}. Pairing "
                     f"them by position would shift one against the other. Fix: {fix}.")


def _series(values, name: str, n: int | None):
    """Validate one profile; return (float64 array, index or None)."""
    index = None
    if hasattr(values, "index") and hasattr(values, "to_numpy"):
        if getattr(values, "ndim", 1) != 1:
            raise InputError(f"{name} has {values.shape[1]} columns; it must be one series. "
                             "Fix: pass a single column, e.g. df['load_kw'].")
        index = values.index
        kind = getattr(getattr(values, "dtype", None), "kind", "O")
        values = (values.to_numpy(dtype=float, na_value=np.nan) if kind in "iuf"
                  else values.to_numpy())
    raw = np.asarray(values) if not isinstance(values, str | bytes | dict | set) else None
    if raw is None or raw.dtype.kind not in "iuf":  # text, objects, None: numbers only
        items = [] if raw is None else list(raw.ravel()) if raw.ndim else [raw.item()]
        text = [v for v in items if not is_number(v)][:3]
        check(raw is not None and not text, name,
              [cell(v) for v in text] if text else type(values).__name__,
              "must hold numbers", "pass a 1-D array or pandas Series of floats (a decimal "
              "point, not a comma; no text or None)")
    try:
        arr = np.asarray(raw, dtype=np.float64)
    except (TypeError, ValueError, OverflowError) as exc:
        raise InputError(f"{name} must be numbers; got {type(values).__name__}. "
                         "Fix: pass a 1-D array or pandas Series of floats.") from exc
    if arr.ndim == 0 and n is not None:
        arr = np.full(n, float(arr))
    check(arr.ndim == 1, name, f"array of shape {arr.shape}", "must be one-dimensional",
          "pass a 1-D array or Series")
    arr = np.ascontiguousarray(arr)
    check(arr.size > 0, name, "an empty series", "must not be empty",
          "pass at least one time step")
    if n is not None:
        check(arr.size == n, name, f"{arr.size} steps", f"must have {n} steps like load_kw",
              "give every profile the same length and time step")
    bad = ~np.isfinite(arr)
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        where = index[first] if index is not None else first
        raise InputError(f"{name} has {int(bad.sum())} NaN or infinite values (first at "
                         f"{where!r}). Fix: fill or repair the gaps before simulating "
                         "(minegrid.read_load can repair loads explicitly).")
    return arr, index


def _dt_from_index(index) -> float | None:
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover
        return None
    if not isinstance(index, pd.DatetimeIndex) or len(index) < 2:
        return None
    deltas = index[1:] - index[:-1]
    unique = pd.unique(deltas)
    if len(unique) != 1:
        raise InputError(f"the profiles' time index is not regular ({len(unique)} different "
                         "step lengths). Fix: resample to a fixed step (minegrid.read_load "
                         "does it conserving energy).")
    return pd.Timedelta(unique[0]).total_seconds() / 3600.0


def _factor(value, name: str, n: int, lo: float, hi: float, fix: str) -> np.ndarray:
    """A per-step factor (1.0 when omitted), checked to lie in [lo, hi]. [-]"""
    arr = np.ones(n) if value is None else _series(value, name, n)[0]
    check(bool(((arr >= lo) & (arr <= hi)).all()), name, f"range [{arr.min():g}, {arr.max():g}]",
          f"must lie in [{lo:g}, {hi:g}]", fix)
    return arr


@dataclass(frozen=True, eq=False)
class Profiles:
    """Time series shared by every design of a study, validated once.

    Parameters
    ----------
    load_kw : array-like or pandas.Series
        Load. [kW]
    pv_kw_per_kw : array-like or Series, optional
        PV output per kW DC installed (AC at the bus). Zeros when omitted. [kW/kW]
    wind_kw_per_turbine : array-like or Series, optional
        Output of one turbine. Zeros when omitted. [kW]
    genset_availability : array-like, Series or float, optional
        Available capacity of a genset as a fraction of rating (altitude and
        temperature derating, from :func:`minegrid.genset_derating`); 1.0
        when omitted. Values in [0, 1]. [-]
    dt_h : float, optional
        Time step. Taken from a regular DatetimeIndex when not given, else 1.0. [h]
    genset_fuel_multiplier : array-like, Series or float, optional
        Specific fuel consumption of a genset relative to its fuel curve (1.0:
        the datasheet curve; 1.02: 2 % more fuel per kWh), from
        :func:`minegrid.derating.genset_fuel_multiplier`; 1.0 when omitted.
        Values in [0.5, 3]. The dispatch kernel is to multiply each step's fuel
        by it. [-]
    weather_source : str, optional
        Where the weather behind the resource came from (a file, or
        ``"SYNTHETIC weather ..."``), carried to every result built on these
        profiles.
    fleet_availability, fleet_fuel_multiplier : dict, optional
        Per genset type of a plant (``{fleet name: series}``, each like
        ``genset_availability`` / ``genset_fuel_multiplier``): a gas engine
        derates more than the diesel the site's series was made for. Types
        without a series use the site's. [-]
    align : {"instant", "typical_year"}, optional
        How series with timestamps are paired (:func:`align_series`).

    Notes
    -----
    Negative load or generation, NaN or inf, mismatched lengths, PV above
    :data:`PV_MAX_KW_PER_KW` kW per kW and series on different instants raise
    :class:`~minegrid.InputError`; nothing is clipped.
    """

    load_kw: np.ndarray
    pv_kw_per_kw: np.ndarray | None = None
    wind_kw_per_turbine: np.ndarray | None = None
    genset_availability: np.ndarray | float | None = None
    dt_h: float | None = None
    genset_fuel_multiplier: np.ndarray | float | None = None
    weather_source: str | None = None
    align: str = "instant"
    fleet_availability: dict | None = None
    fleet_fuel_multiplier: dict | None = None

    def __post_init__(self):
        named, _ = align_series({"load_kw": self.load_kw, "pv_kw_per_kw": self.pv_kw_per_kw,
                                 "wind_kw_per_turbine": self.wind_kw_per_turbine,
                                 "genset_availability": self.genset_availability,
                                 "genset_fuel_multiplier": self.genset_fuel_multiplier},
                                self.align)
        load, index = _series(named["load_kw"], "load_kw", None)
        n = load.size
        check(bool((load >= 0).all()), "load_kw", f"minimum {load.min():g} kW",
              "must be >= 0", "loads are consumption in kW; remove export or sign errors")
        out = {"load_kw": load}
        for name in ("pv_kw_per_kw", "wind_kw_per_turbine"):
            value = named[name]
            if value is None:
                arr = np.zeros(n)
            else:
                arr, idx = _series(value, name, n)
                index = index if index is not None else idx
                check(bool((arr >= 0).all()), name, f"minimum {arr.min():g}", "must be >= 0",
                      "generation profiles are output per installed unit, never negative")
            out[name] = arr
        top = float(out["pv_kw_per_kw"].max())
        check(top <= PV_MAX_KW_PER_KW, "pv_kw_per_kw", f"maximum {top:g} kW/kW",
              f"must be at most {PV_MAX_KW_PER_KW} kW per kW DC installed",
              "it looks like the plant's output in kW (or W per kW): give the output per kW "
              "installed (divide by the plant's rated kW, or use minegrid.pv_profile)"
              if top > 10 else "check the profile's unit: output per kW DC installed")
        avail_arr = _factor(named["genset_availability"], "genset_availability", n, 0.0, 1.0,
                            "give the available capacity as a fraction of rating "
                            "(1.0 = no derating)")
        out["genset_availability"] = avail_arr
        out["genset_fuel_multiplier"] = _factor(
            named["genset_fuel_multiplier"], "genset_fuel_multiplier", n, 0.5, 3.0,
            "give specific fuel consumption relative to the fuel curve (1.0 = as rated)")
        for field_name, lo, hi in (("fleet_availability", 0.0, 1.0),
                                   ("fleet_fuel_multiplier", 0.5, 3.0)):
            given = getattr(self, field_name)
            if given is None:
                continue
            check(isinstance(given, dict), field_name, type(given).__name__,
                  "must be a dict {fleet name: series}", "key each series by GensetFleet.name")
            object.__setattr__(self, field_name, {
                str(name): _factor(series, f"{field_name}[{name!r}]", n, lo, hi,
                                   f"a factor per step in [{lo:g}, {hi:g}]")
                for name, series in given.items()})
        check(self.weather_source is None or isinstance(self.weather_source, str),
              "weather_source", self.weather_source, "must be a string or None",
              "describe the weather's source in words, e.g. 'EPW file site.epw'")
        dt = self.dt_h
        if dt is not None:
            check(is_number(dt), "dt_h", dt, "must be a number of hours",
                  "use 1.0 for hourly data, 0.25 for 15 minutes")
        if dt is None:
            dt = _dt_from_index(index) if index is not None else None
            dt = 1.0 if dt is None else dt
        else:
            idx_dt = _dt_from_index(index) if index is not None else None
            if idx_dt is not None and abs(idx_dt - float(dt)) > 1e-9:
                raise InputError(f"dt_h = {dt!r} h disagrees with the profiles' index step "
                                 f"{idx_dt:g} h. Fix: omit dt_h or resample the profiles.")
        check(np.isfinite(dt) and 0 < dt <= 24, "dt_h", dt, "must be in (0, 24] hours",
              "use 1.0 for hourly data, 0.25 for 15 minutes")
        out["dt_h"] = float(dt)
        for k, v in out.items():
            object.__setattr__(self, k, v)
        object.__setattr__(self, "index", index)
        with np.errstate(divide="ignore", over="ignore"):
            inv = np.where(avail_arr > 0, 1.0 / np.where(avail_arr > 0, avail_arr, 1.0), 0.0)
        # kept finite so that 0·(1/a) stays 0 in the kernel (a below 1e-300 is 0 in effect)
        inv = np.minimum(inv, 1e300)
        object.__setattr__(self, "inverse_availability", np.ascontiguousarray(inv))

    @property
    def n_steps(self) -> int:
        """Number of time steps."""
        return int(self.load_kw.size)

    @property
    def period_h(self) -> float:
        """Length of the simulated period. [h]"""
        return self.n_steps * self.dt_h

    @property
    def peak_kw(self) -> float:
        """Peak load of the period (HOMER's "annual peak load" for a year). [kW]"""
        return float(self.load_kw.max())

    @property
    def year_factor(self) -> float:
        """Factor from totals over the period to totals per year: ``8760 h / period_h``. [-]"""
        return HOURS_PER_YEAR / self.period_h

    @property
    def synthetic_weather(self) -> bool:
        """True when the resource was built on synthetic weather (see ``weather_source``)."""
        return bool(self.weather_source) and self.weather_source.startswith("SYNTHETIC")

    @classmethod
    def from_resource(cls, load_kw, resource: Resource, dt_h: float | None = None, *,
                      align: str = "instant") -> Profiles:
        """The profiles of ``load_kw`` [kW] with the PV, wind and derating of ``resource``."""
        return cls(load_kw=load_kw, pv_kw_per_kw=resource.pv_kw_per_kw,
                   wind_kw_per_turbine=resource.wind_kw_per_turbine,
                   genset_availability=resource.genset_availability, dt_h=dt_h,
                   genset_fuel_multiplier=resource.genset_fuel_multiplier,
                   weather_source=resource.weather_source, align=align)

    def with_load(self, load_kw) -> Profiles:
        """The same resource with another load of the same length and step. [kW]"""
        return Profiles(load_kw=load_kw, pv_kw_per_kw=self.pv_kw_per_kw,
                        wind_kw_per_turbine=self.wind_kw_per_turbine,
                        genset_availability=self.genset_availability, dt_h=self.dt_h,
                        genset_fuel_multiplier=self.genset_fuel_multiplier,
                        weather_source=self.weather_source,
                        fleet_availability=self.fleet_availability,
                        fleet_fuel_multiplier=self.fleet_fuel_multiplier)

    def with_availability(self, genset_availability=None, fleet_availability=None) -> Profiles:
        """The same profiles and index with other genset availability series (each as for
        the constructor; ``None`` keeps the present one). [-]"""
        from dataclasses import replace

        new = replace(self, genset_availability=self.genset_availability
                      if genset_availability is None else genset_availability,
                      fleet_availability=self.fleet_availability
                      if fleet_availability is None else fleet_availability)
        object.__setattr__(new, "index", self.index)
        return new

    def with_resource(self, resource: Resource) -> Profiles:
        """The same load with the PV, wind and derating of ``resource``."""
        return Profiles.from_resource(self.load_kw, resource, dt_h=self.dt_h)

    @property
    def resource(self) -> Resource:
        """The weather-driven part: PV, wind and derating."""
        return Resource(pv_kw_per_kw=self.pv_kw_per_kw,
                        wind_kw_per_turbine=self.wind_kw_per_turbine,
                        genset_availability=self.genset_availability,
                        genset_fuel_multiplier=self.genset_fuel_multiplier,
                        weather_source=self.weather_source)


@dataclass(frozen=True, kw_only=True, eq=False)
class Resource:
    """Per-unit generation and genset derating for one weather year (or one site).

    Parameters
    ----------
    pv_kw_per_kw : array-like
        PV output per kW DC. [kW/kW]
    wind_kw_per_turbine : array-like
        Output of one turbine. [kW]
    genset_availability : array-like or float
        Genset available capacity as a fraction of rating. [-]
    genset_fuel_multiplier : array-like or float
        Specific fuel consumption relative to the fuel curve (derating). [-]
    weather_source : str, optional
        Where the weather came from (see :class:`Profiles`).
    """

    pv_kw_per_kw: object
    wind_kw_per_turbine: object
    genset_availability: object = 1.0
    genset_fuel_multiplier: object = 1.0
    weather_source: str | None = None

    @classmethod
    def from_profiles(cls, profiles: Profiles) -> Resource:
        """The resource part of a :class:`Profiles`."""
        return profiles.resource


@dataclass(frozen=True, kw_only=True)
class ProfileRecipe:
    """How to turn a weather frame into a :class:`Resource` (pvlib, windpowerlib, derating).

    Parameters
    ----------
    tracking : str
        PV mounting for :func:`minegrid.pv_profile` (``"fixed"`` or ``"single_axis"``).
    turbine_type : str or None
        windpowerlib turbine for :func:`minegrid.wind_profile`; None: no wind.
    hub_height_m : float
        Hub height. [m]
    pv_options, wind_options, derating_options : dict
        Further keyword arguments of :func:`minegrid.pv_profile`,
        :func:`minegrid.wind_profile` and :func:`minegrid.genset_derating`.
    """

    tracking: str = "single_axis"
    turbine_type: str | None = "E-82/2300"
    hub_height_m: float = 78.0
    pv_options: Mapping = field(default_factory=dict)
    wind_options: Mapping = field(default_factory=dict)
    derating_options: Mapping = field(default_factory=dict)

    def resource(self, weather, site) -> Resource:
        """PV, wind and derating of ``weather`` at ``site`` as float arrays (computed once).

        Through :func:`minegrid.generation.build_resource` (pvlib, windpowerlib).
        """
        from .generation import build_resource

        wind = None if self.turbine_type is None else {
            "turbine_type": self.turbine_type, "hub_height_m": self.hub_height_m,
            **dict(self.wind_options)}
        res = build_resource(weather, site, pv={"tracking": self.tracking,
                                                **dict(self.pv_options)},
                             wind=wind, derating=self.derating_options)
        return Resource(pv_kw_per_kw=np.asarray(res.pv_kw_per_kw, float),
                        wind_kw_per_turbine=np.asarray(res.wind_kw_per_turbine, float),
                        genset_availability=np.asarray(res.genset_availability, float),
                        genset_fuel_multiplier=np.asarray(res.genset_fuel_multiplier, float),
                        weather_source=res.weather_source)


def as_profiles(profiles_or_load, pv_kw_per_kw=None, wind_kw_per_turbine=None,
                genset_availability=None, dt_h=None) -> Profiles:
    """Return ``profiles_or_load`` if it is a :class:`Profiles`, else build one."""
    if isinstance(profiles_or_load, Profiles):
        extra = (pv_kw_per_kw, wind_kw_per_turbine, genset_availability, dt_h)
        if any(x is not None for x in extra):
            raise InputError("profiles were given as a Profiles object and again as arrays. "
                             "Fix: pass either a Profiles or the separate series, not both.")
        return profiles_or_load
    return Profiles(load_kw=profiles_or_load, pv_kw_per_kw=pv_kw_per_kw,
                    wind_kw_per_turbine=wind_kw_per_turbine,
                    genset_availability=genset_availability, dt_h=dt_h)
