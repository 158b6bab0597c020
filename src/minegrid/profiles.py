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

__all__ = ["HOURS_PER_YEAR", "Profiles", "ProfileRecipe", "Resource", "as_profiles"]

#: Hours in the year that flows are scaled to (365 days; typical-year data drop 29 February).
HOURS_PER_YEAR = 8760.0


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

    Notes
    -----
    Negative load or generation, NaN or inf, and mismatched lengths raise
    :class:`~minegrid.InputError`; nothing is clipped.
    """

    load_kw: np.ndarray
    pv_kw_per_kw: np.ndarray | None = None
    wind_kw_per_turbine: np.ndarray | None = None
    genset_availability: np.ndarray | float | None = None
    dt_h: float | None = None

    def __post_init__(self):
        load, index = _series(self.load_kw, "load_kw", None)
        n = load.size
        check(bool((load >= 0).all()), "load_kw", f"minimum {load.min():g} kW",
              "must be >= 0", "loads are consumption in kW; remove export or sign errors")
        out = {"load_kw": load}
        for name in ("pv_kw_per_kw", "wind_kw_per_turbine"):
            value = getattr(self, name)
            if value is None:
                arr = np.zeros(n)
            else:
                arr, idx = _series(value, name, n)
                index = index if index is not None else idx
                check(bool((arr >= 0).all()), name, f"minimum {arr.min():g}", "must be >= 0",
                      "generation profiles are output per installed unit, never negative")
            out[name] = arr
        avail = self.genset_availability
        avail_arr = np.ones(n) if avail is None else _series(avail, "genset_availability", n)[0]
        check(bool(((avail_arr >= 0) & (avail_arr <= 1)).all()), "genset_availability",
              f"range [{avail_arr.min():g}, {avail_arr.max():g}]", "must lie in [0, 1]",
              "give the available capacity as a fraction of rating (1.0 = no derating)")
        out["genset_availability"] = avail_arr
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
    def year_factor(self) -> float:
        """Factor from totals over the period to totals per year: ``8760 h / period_h``. [-]"""
        return HOURS_PER_YEAR / self.period_h

    @classmethod
    def from_resource(cls, load_kw, resource: Resource, dt_h: float | None = None) -> Profiles:
        """The profiles of ``load_kw`` [kW] with the PV, wind and derating of ``resource``."""
        return cls(load_kw=load_kw, pv_kw_per_kw=resource.pv_kw_per_kw,
                   wind_kw_per_turbine=resource.wind_kw_per_turbine,
                   genset_availability=resource.genset_availability, dt_h=dt_h)

    def with_load(self, load_kw) -> Profiles:
        """The same resource with another load of the same length and step. [kW]"""
        return Profiles(load_kw=load_kw, pv_kw_per_kw=self.pv_kw_per_kw,
                        wind_kw_per_turbine=self.wind_kw_per_turbine,
                        genset_availability=self.genset_availability, dt_h=self.dt_h)

    def with_resource(self, resource: Resource) -> Profiles:
        """The same load with the PV, wind and derating of ``resource``."""
        return Profiles.from_resource(self.load_kw, resource, dt_h=self.dt_h)

    @property
    def resource(self) -> Resource:
        """The weather-driven part: PV, wind and derating."""
        return Resource(pv_kw_per_kw=self.pv_kw_per_kw,
                        wind_kw_per_turbine=self.wind_kw_per_turbine,
                        genset_availability=self.genset_availability)


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
    """

    pv_kw_per_kw: object
    wind_kw_per_turbine: object
    genset_availability: object = 1.0

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
                        genset_availability=np.asarray(res.genset_availability, float))


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
