"""Generation profiles per installed unit, computed once per site and technology.

* :func:`pv_profile`: PV AC output per kW DC installed [kW/kWp], through pvlib.
* :func:`wind_profile`: output of one wind turbine [kW], through windpowerlib,
  always with the air-density correction of the power curve.
* :func:`genset_derating` and :func:`genset_fuel_multiplier`: available
  capacity of a genset as a fraction of its rating, and its specific fuel
  consumption relative to the fuel curve, from altitude, station pressure and
  air temperature (defined in :mod:`minegrid.derating`, re-exported here with
  :data:`GENSET_RULES`, :data:`ENGINES` and :data:`ISO3046_EXPONENTS`).
* :func:`build_resource` and :func:`build_profiles`: the one assembly of
  weather into the per-unit profiles of all three.

Each returns a float64 :class:`pandas.Series` on the weather's index, so the
dispatch engine takes ``.to_numpy()`` once and reuses it across every design.
The weather is a standard frame from :mod:`minegrid.weather` (start-labelled
intervals; solar position is computed at the interval midpoints). Models are
chosen by explicit name; unknown names raise :class:`~minegrid.errors.InputError`.
The equations and references are in ``docs/resource.md``.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Mapping

import numpy as np
import pandas as pd
import pvlib
import windpowerlib

from minegrid.bifacial import check_bifacial, rear_irradiance
from minegrid.derating import (
    ENGINES,
    GENSET_RULES,
    ISO3046_EXPONENTS,
    genset_derating,
    genset_fuel_multiplier,
)
from minegrid.errors import InputError, check, choice, number
from minegrid.profiles import Profiles, Resource
from minegrid.soiling.model import hourly_soiling
from minegrid.turbines import (
    check_turbine_type,
    library_turbine_curve,
    turbine_rated_kw,
    turbine_types,
    user_power_curve,
)
from minegrid.weather import Site, interval_midpoints, validate_weather

__all__ = [
    "ENGINES",
    "GENSET_RULES",
    "build_profiles",
    "weather_years",
    "build_resource",
    "ISO3046_EXPONENTS",
    "TEMPERATURE_MODELS",
    "TRANSPOSITION_MODELS",
    "genset_derating",
    "genset_fuel_multiplier",
    "pv_profile",
    "weather_source",
    "turbine_rated_kw",
    "turbine_types",
    "wind_profile",
]

#: Transposition (sky-diffuse) models accepted by :func:`pv_profile`.
TRANSPOSITION_MODELS = ("perez", "haydavies", "isotropic")
#: Cell-temperature models accepted by :func:`pv_profile`: name -> (pvlib family, parameters).
TEMPERATURE_MODELS: dict[str, tuple[str, dict[str, float]]] = {
    **{f"sapm_{k}": ("sapm", v)
       for k, v in pvlib.temperature.TEMPERATURE_MODEL_PARAMETERS["sapm"].items()},
    **{f"pvsyst_{k}": ("pvsyst", v)
       for k, v in pvlib.temperature.TEMPERATURE_MODEL_PARAMETERS["pvsyst"].items()},
    "faiman": ("faiman", {"u0": 25.0, "u1": 6.84}),
}
_IAM_MODELS = ("physical", "ashrae", "none")
_TRACKING = ("fixed", "single_axis")


_MODEL_FIX = "pick one of the listed model names"  # the fix of an unknown model name


# --------------------------------------------------------------------------- PV
def pv_profile(
    weather: pd.DataFrame,
    site: Site,
    *,
    tracking: str | bool = "fixed",
    tilt_deg: float | None = None,
    azimuth_deg: float | None = None,
    max_angle_deg: float = 60.0,
    gcr: float = 0.35,
    dc_ac_ratio: float = 1.2,
    losses_percent: float = 12.0,
    soiling_percent: float = 2.0,
    soiling=None,
    bifaciality: float = 0.0,
    row_height_m: float = 1.5,
    collector_width_m: float = 2.0,
    degradation_per_year: float = 0.0,
    age_years: float = 0.0,
    gamma_pdc: float = -0.0037,
    inverter_efficiency: float = 0.96,
    albedo: float = 0.25,
    transposition_model: str = "perez",
    temperature_model: str = "sapm_open_rack_glass_polymer",
    iam_model: str = "physical",
    output: str = "ac",
) -> pd.Series:
    """AC output of a PV plant per kW of DC (nameplate) capacity, per interval.

    The chain (all pvlib): solar position at the interval midpoints (NREL SPA,
    with the weather's pressure and temperature for refraction); single-axis
    tracker angles (``pvlib.tracking.singleaxis``) or a fixed plane; plane-of-
    array irradiance with the named transposition model; incidence-angle loss
    on the beam component; soiling on the effective irradiance; cell
    temperature with the named model; PVWatts DC power (``pvwatts_dc``); other
    DC losses; the PVWatts inverter (``pvlib.inverter.pvwatts``) whose AC
    rating per kW DC is ``1 / dc_ac_ratio`` (clipping). Night-time output is 0.

    Parameters
    ----------
    weather : pandas.DataFrame
        Standard weather frame (:mod:`minegrid.weather`). An ``albedo``
        column, when present, replaces ``albedo``.
    site : Site
        Where the plant is.
    tracking : {"fixed", "single_axis"} or bool, optional
        Fixed plane or horizontal single-axis tracker with north-south axis
        (``True`` means ``"single_axis"``).
    tilt_deg : float, optional
        Fixed plane's tilt from horizontal in [0, 90]; default ``abs(latitude)``. [°]
    azimuth_deg : float, optional
        Fixed plane's azimuth, clockwise from north (pvlib convention: 180 =
        facing south); default facing the equator (0 south of it, 180 north). [°]
    max_angle_deg : float, optional
        Tracker rotation limit. [°]
    gcr : float, optional
        Ground-coverage ratio, in (0, 1): backtracking, and bifacial row pitch. [-]
    dc_ac_ratio : float, optional
        DC nameplate over inverter AC rating, in [0.5, 3]. [-]
    losses_percent : float, optional
        DC losses other than soiling (wiring, mismatch, LID, nameplate,
        availability...), in [0, 100). With the default soiling of 2 % the
        total is 13.8 %, close to PVWatts' 14 %. [%]
    soiling_percent : float, optional
        Irradiance lost to dust on the modules, in [0, 100): 2 % is a regularly
        cleaned plant; uncleaned Atacama arrays lose 5-10 % or more. [%]
        Ignored when ``soiling`` is given.
    soiling : Soiling, SoilingLoss, float or array-like, optional
        Soiling that varies in time instead of ``soiling_percent``: a
        :class:`~minegrid.Soiling` model (build-up, rain, cleaning:
        :func:`minegrid.soiling_loss`), its result, or a loss fraction per row. [-]
    bifaciality : float, optional
        Rear/front efficiency of bifacial modules in [0, 1]; 0 (default) is
        monofacial. The rear irradiance comes from pvlib's infinite sheds
        (:func:`minegrid.bifacial.rear_irradiance`) with rows ``gcr`` apart. [-]
    row_height_m, collector_width_m : float, optional
        Height of the rows' centre above the ground and a row's slant width
        (pitch = ``collector_width_m / gcr``), for ``bifaciality > 0``. [m]
    degradation_per_year : float, optional
        Fractional DC capacity lost per year, in [0, 0.1); applied as
        ``(1 - d) ** (age_years + whole years elapsed since the first row)``. [1/yr]
    age_years : float, optional
        Age of the plant at the first row of ``weather``. [yr]
    gamma_pdc : float, optional
        Temperature coefficient of DC power. [1/°C]
    inverter_efficiency : float, optional
        Nominal inverter efficiency (PVWatts ``eta_inv_nom``), in (0.5, 1]. [-]
    albedo : float, optional
        Ground reflectance, in [0, 1]. [-]
    transposition_model : str, optional
        One of :data:`TRANSPOSITION_MODELS`.
    temperature_model : str, optional
        One of :data:`TEMPERATURE_MODELS` (SAPM and PVsyst parameter sets of
        pvlib, or Faiman with its default parameters).
    iam_model : {"physical", "ashrae", "none"}, optional
        Incidence-angle modifier applied to the beam irradiance.
    output : {"ac", "dc"}, optional
        ``"ac"``: after the PV inverter (for one AC bus, the default);
        ``"dc"``: the array's DC output before any inverter, for systems
        with a :class:`~minegrid.Converter` (PV on the DC bus; the
        converter's inverter then does the DC → AC step). [-]

    Returns
    -------
    pandas.Series
        ``pv_kw_per_kwp`` on ``weather.index``, float64, in [0, 1/dc_ac_ratio]. [kW/kWp]
    """
    if isinstance(tracking, bool):
        tracking = "single_axis" if tracking else "fixed"
    choice(tracking, _TRACKING, "tracking", _MODEL_FIX)
    choice(transposition_model, TRANSPOSITION_MODELS, "transposition_model", _MODEL_FIX)
    choice(temperature_model, tuple(TEMPERATURE_MODELS), "temperature_model", _MODEL_FIX)
    choice(iam_model, _IAM_MODELS, "iam_model", _MODEL_FIX)
    choice(output, ("ac", "dc"), "output", _MODEL_FIX)
    _check_pv_numbers(dc_ac_ratio, losses_percent, soiling_percent, degradation_per_year,
                      age_years, inverter_efficiency, albedo, gcr, max_angle_deg, gamma_pdc,
                      tilt_deg, azimuth_deg)
    check_bifacial(bifaciality, row_height_m, collector_width_m)
    validate_weather(weather)
    check(isinstance(site, Site), "site", type(site).__name__, "must be a minegrid Site",
          "pass minegrid.Site(...)")
    dirt = soiling_percent / 100.0 if soiling is None else hourly_soiling(soiling, weather)

    times = interval_midpoints(weather.index)
    solpos = pvlib.solarposition.get_solarposition(
        times, site.latitude_deg, site.longitude_deg, altitude=site.altitude_m,
        pressure=weather["pressure"].to_numpy(), temperature=weather["temp_air"].to_numpy(),
    )
    zenith = solpos["zenith"].to_numpy()
    app_zenith = solpos["apparent_zenith"].to_numpy()
    sun_azimuth = solpos["azimuth"].to_numpy()
    if tracking == "single_axis":
        check(tilt_deg is None and azimuth_deg is None, "tilt_deg/azimuth_deg",
              (tilt_deg, azimuth_deg), "apply only to fixed planes", "drop them")
        angles = pvlib.tracking.singleaxis(app_zenith, sun_azimuth, axis_tilt=0.0,
                                           axis_azimuth=180.0, max_angle=max_angle_deg,
                                           backtrack=True, gcr=gcr)
        surface_tilt = np.nan_to_num(np.asarray(angles["surface_tilt"], dtype=float))
        surface_azimuth = np.nan_to_num(np.asarray(angles["surface_azimuth"], dtype=float),
                                        nan=180.0)
    else:
        surface_tilt = abs(site.latitude_deg) if tilt_deg is None else float(tilt_deg)
        default_az = 0.0 if site.latitude_deg < 0 else 180.0
        surface_azimuth = default_az if azimuth_deg is None else float(azimuth_deg)
        check(0.0 <= surface_tilt <= 90.0, "tilt_deg", tilt_deg, "must lie in [0, 90]",
              "give the plane's tilt in degrees")
        check(0.0 <= surface_azimuth <= 360.0, "azimuth_deg", azimuth_deg,
              "must lie in [0, 360] (clockwise from north)", "give degrees from north")

    ghi = weather["ghi"].to_numpy()
    dni = weather["dni"].to_numpy()
    dhi = weather["dhi"].to_numpy()
    ground = weather["albedo"].to_numpy() if "albedo" in weather.columns else albedo
    dni_extra = pvlib.irradiance.get_extra_radiation(times).to_numpy()
    airmass = pvlib.atmosphere.get_relative_airmass(app_zenith)
    poa = pvlib.irradiance.get_total_irradiance(
        surface_tilt, surface_azimuth, app_zenith, sun_azimuth, dni, ghi, dhi,
        dni_extra=dni_extra, airmass=airmass, albedo=ground, model=transposition_model,
    )
    aoi = pvlib.irradiance.aoi(surface_tilt, surface_azimuth, app_zenith, sun_azimuth)
    iam = 1.0 if iam_model == "none" else getattr(pvlib.iam, iam_model)(aoi)
    poa_direct = np.nan_to_num(np.asarray(poa["poa_direct"], dtype=float))
    poa_diffuse = np.nan_to_num(np.asarray(poa["poa_diffuse"], dtype=float))
    rear = rear_irradiance(surface_tilt, surface_azimuth, app_zenith, sun_azimuth, ghi, dhi, dni,
                           ground, gcr=gcr, bifaciality=bifaciality, row_height_m=row_height_m,
                           collector_width_m=collector_width_m, dni_extra=dni_extra,
                           transposition_model=transposition_model)
    poa_global = poa_direct + poa_diffuse + rear
    effective = (poa_direct * iam + poa_diffuse) * (1.0 - dirt) + rear

    temp_cell = _cell_temperature(temperature_model, poa_global, weather)
    pdc = pvlib.pvsystem.pvwatts_dc(effective, temp_cell, pdc0=1.0, gamma_pdc=gamma_pdc)
    pdc = np.asarray(pdc, dtype=float) * (1.0 - losses_percent / 100.0)
    pdc *= _degradation(weather.index, degradation_per_year, age_years)
    if output == "dc":
        pdc = np.clip(np.nan_to_num(pdc), 0.0, None)
        pdc[(ghi <= 0.0) | (zenith >= 95.0)] = 0.0
        return pd.Series(pdc, index=weather.index, name="pv_dc_kw_per_kwp", dtype="float64")
    pac_max = 1.0 / dc_ac_ratio
    pac = pvlib.inverter.pvwatts(pdc, pdc0=pac_max / inverter_efficiency,
                                 eta_inv_nom=inverter_efficiency)
    pac = np.clip(np.nan_to_num(np.asarray(pac, dtype=float)), 0.0, pac_max)
    pac[(ghi <= 0.0) | (zenith >= 95.0)] = 0.0
    return pd.Series(pac, index=weather.index, name="pv_kw_per_kwp", dtype="float64")


def _check_pv_numbers(dc_ac_ratio, losses_percent, soiling_percent, degradation_per_year,
                      age_years, inverter_efficiency, albedo, gcr, max_angle_deg, gamma_pdc,
                      tilt_deg, azimuth_deg) -> None:
    number(dc_ac_ratio, "dc_ac_ratio", minimum=0.5, maximum=3.0)
    pct = "a percentage in [0, 100)"
    number(losses_percent, "losses_percent", minimum=0.0, maximum=100.0, strict_max=True,
           fix=f"give {pct}")
    number(soiling_percent, "soiling_percent", minimum=0.0, maximum=100.0, strict_max=True,
           fix=f"give {pct}")
    number(degradation_per_year, "degradation_per_year", minimum=0.0, maximum=0.1,
           strict_max=True, fix="a fraction per year in [0, 0.1): 0.005 is 0.5 %/yr")
    number(age_years, "age_years", minimum=0.0)
    number(inverter_efficiency, "inverter_efficiency", minimum=0.5, maximum=1.0, strict=True)
    number(albedo, "albedo", minimum=0.0, maximum=1.0)
    number(gcr, "gcr", minimum=0.0, maximum=1.0, strict=True, strict_max=True)
    number(max_angle_deg, "max_angle_deg", minimum=0.0, maximum=90.0, strict=True)
    number(gamma_pdc, "gamma_pdc", minimum=-0.02, maximum=0.0,
           fix="a power temperature coefficient in [-0.02, 0] 1/K, e.g. -0.0037")
    if tilt_deg is not None:
        number(tilt_deg, "tilt_deg", minimum=0.0, maximum=90.0)
    if azimuth_deg is not None:
        number(azimuth_deg, "azimuth_deg", minimum=0.0, maximum=360.0,
               fix="give degrees clockwise from north in [0, 360]")


def _cell_temperature(model: str, poa_global: np.ndarray, weather: pd.DataFrame) -> np.ndarray:
    family, params = TEMPERATURE_MODELS[model]
    temp_air = weather["temp_air"].to_numpy()
    wind = weather["wind_speed"].to_numpy()
    if family == "sapm":
        return pvlib.temperature.sapm_cell(poa_global, temp_air, wind, **params)
    if family == "pvsyst":
        return pvlib.temperature.pvsyst_cell(poa_global, temp_air, wind, **params)
    return pvlib.temperature.faiman(poa_global, temp_air, wind, **params)


def _degradation(index: pd.DatetimeIndex, per_year: float, age_years: float) -> np.ndarray:
    if per_year == 0.0:
        return np.ones(len(index))
    elapsed = np.asarray((index - index[0]) / pd.Timedelta(days=365), dtype=float)
    return (1.0 - per_year) ** (age_years + np.floor(elapsed))


# --------------------------------------------------------------------------- wind

def wind_profile(
    weather: pd.DataFrame,
    *,
    hub_height_m: float,
    turbine_type: str | None = None,
    power_curve: pd.DataFrame | dict | None = None,
    roughness_length_m: float = 0.1,
    measurement_height_m: float | None = None,
    availability: float = 0.97,
    wake_losses: float = 0.0,
    wind_speed_model: str = "logarithmic",
) -> pd.Series:
    """Electrical output of one wind turbine, per interval, via windpowerlib.

    The weather's wind speed is extrapolated from its measurement height to the
    hub with ``wind_speed_model`` (``"logarithmic"`` profile with
    ``roughness_length_m``, or ``"hellman"`` with its 1/7 exponent); air density
    at hub height comes from the STATION pressure and air temperature with the
    barometric height equation and a linear temperature gradient
    (windpowerlib's ``"barometric"`` and ``"linear_gradient"`` models); and the
    power curve is always density-corrected (``density_correction=True``,
    Svenningsen's method), which at 4,000 m lowers yields by roughly a third
    compared with the sea-level curve. The result is multiplied by
    ``availability * (1 - wake_losses)``.

    Parameters
    ----------
    weather : pandas.DataFrame
        Standard weather frame; ``pressure`` is station pressure in Pa.
    hub_height_m : float
        Hub height above ground, in (0, 300]. [m]
    turbine_type : str, optional
        A windpowerlib library name (see :func:`turbine_types`), e.g.
        ``"V126/3300"``; an unknown name raises InputError with close matches.
    power_curve : pandas.DataFrame or dict, optional
        Instead of ``turbine_type``: columns ``wind_speed`` [m/s] and
        ``power_kw`` [kW] (sea-level air density, 1.225 kg m⁻³), or a dict
        ``{wind speed: power}``.
    roughness_length_m : float, optional
        Surface roughness length, in (0, 2]: 0.0002 water, 0.03 open flat
        desert, 0.1 open terrain with obstacles, 0.5-1 rough hills/forest. [m]
    measurement_height_m : float, optional
        Height of ``weather["wind_speed"]``; default
        ``weather.attrs["wind_speed_height_m"]`` or 10. [m]
    availability : float, optional
        Fraction of time the turbine is available, in (0, 1]. [-]
    wake_losses : float, optional
        Fraction of energy lost to wakes of other turbines, in [0, 1). [-]
    wind_speed_model : {"logarithmic", "hellman"}, optional
        Vertical wind-speed extrapolation.

    Returns
    -------
    pandas.Series
        ``wind_kw_per_turbine`` on ``weather.index``, float64, >= 0. Its
        ``attrs["turbine_rated_kw"]`` holds the rated power. [kW]
    """
    check((turbine_type is None) != (power_curve is None), "turbine_type/power_curve",
          (turbine_type, type(power_curve).__name__), "need exactly one of the two",
          "name a library turbine or pass your power curve")
    number(hub_height_m, "hub_height_m", minimum=0.0, maximum=300.0, strict=True)
    number(roughness_length_m, "roughness_length_m", minimum=0.0, maximum=2.0, strict=True)
    number(availability, "availability", minimum=0.0, maximum=1.0, strict=True)
    number(wake_losses, "wake_losses", minimum=0.0, maximum=1.0, strict_max=True)
    choice(wind_speed_model, ("logarithmic", "hellman"), "wind_speed_model", _MODEL_FIX)
    validate_weather(weather)
    height = measurement_height_m
    if height is None:
        height = float(weather.attrs.get("wind_speed_height_m", 10.0))
    number(height, "measurement_height_m", minimum=0.0, maximum=300.0, strict=True)

    if turbine_type is not None:
        check_turbine_type(turbine_type)
        curve, nominal_w = library_turbine_curve(turbine_type)
    else:
        curve, nominal_w = user_power_curve(power_curve)
    turbine = windpowerlib.WindTurbine(hub_height=hub_height_m, power_curve=curve.copy(),
                                       nominal_power=nominal_w)
    chain = windpowerlib.ModelChain(
        turbine, wind_speed_model=wind_speed_model, density_model="barometric",
        temperature_model="linear_gradient", power_output_model="power_curve",
        density_correction=True, obstacle_height=0,
    )
    with _keep_root_logging():
        chain.run_model(_windpowerlib_weather(weather, height, roughness_length_m))
    power_kw = np.asarray(chain.power_output, dtype=float) / 1000.0
    power_kw = np.clip(np.nan_to_num(power_kw), 0.0, None) * availability * (1.0 - wake_losses)
    out = pd.Series(power_kw, index=weather.index, name="wind_kw_per_turbine", dtype="float64")
    out.attrs["turbine_rated_kw"] = nominal_w / 1000.0
    return out


@contextlib.contextmanager
def _keep_root_logging():
    """Stop windpowerlib's module-level ``logging.debug`` calls from configuring logging.

    Python's ``logging.debug()`` runs ``logging.basicConfig()`` when the root logger
    has no handler, which would make every library's INFO messages (dask's, for
    instance) print in the user's session. A temporary NullHandler prevents that.
    """
    root = logging.getLogger()
    guard = logging.NullHandler() if not root.handlers else None
    if guard is not None:
        root.addHandler(guard)
    try:
        yield
    finally:
        if guard is not None:
            root.removeHandler(guard)


def _windpowerlib_weather(weather: pd.DataFrame, height: float,
                          roughness: float) -> pd.DataFrame:
    """windpowerlib's two-level weather frame: (variable, height in m)."""
    columns = pd.MultiIndex.from_tuples([
        ("wind_speed", height), ("temperature", 2.0), ("pressure", 0.0),
        ("roughness_length", 0.0),
    ], names=["variable_name", "height"])
    data = np.column_stack([
        weather["wind_speed"].to_numpy(dtype=float),
        weather["temp_air"].to_numpy(dtype=float) + 273.15,  # degC -> K
        weather["pressure"].to_numpy(dtype=float),  # Pa
        np.full(len(weather), roughness),
    ])
    return pd.DataFrame(data, index=weather.index, columns=columns)


# --------------------------------------------------------------------------- weather -> profiles
def build_resource(weather: pd.DataFrame, site: Site, *, pv: Mapping | None = None,
                   wind: Mapping | None = None, derating: Mapping | None = None,
                   labels: Mapping | None = None) -> Resource:
    """PV, wind and genset derating profiles from one weather frame, computed once.

    The one assembly of weather into per-unit generation that the bundled
    examples, scenario files and studies all use.

    Parameters
    ----------
    weather : pandas.DataFrame
        Standard weather frame (:mod:`minegrid.weather`).
    site : Site
        Where the plant is.
    pv : mapping, optional
        Keyword arguments of :func:`pv_profile` (e.g. ``{"tracking": "single_axis"}``);
        ``None``: no PV (zeros).
    wind : mapping, optional
        Keyword arguments of :func:`wind_profile` (``turbine_type`` or
        ``power_curve``, and ``hub_height_m``); ``None``: no wind (zeros).
    derating : mapping, optional
        Keyword arguments of :func:`genset_derating`.
    labels : mapping, optional
        How errors name each part (keys ``"pv"``, ``"wind"``, ``"derating"``),
        e.g. the scenario-file table and line; an InputError raised while
        computing a part starts with its label.

    Returns
    -------
    minegrid.profiles.Resource
        pandas Series on ``weather.index``: ``pv_kw_per_kw`` [kW/kW],
        ``wind_kw_per_turbine`` [kW], ``genset_availability`` [-] and
        ``genset_fuel_multiplier`` [-], with ``weather_source``
        (:func:`weather_source`).

    Raises
    ------
    InputError
        Besides the parts' own errors: irradiance above the extraterrestrial
        value or in kWh/m2 (:func:`minegrid.weather.checks.check_irradiance`).
    """
    from minegrid.weather.checks import check_irradiance

    names = {"pv": "PV profile", "wind": "wind profile", "derating": "genset derating",
             **dict(labels or {})}

    def part(name, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except InputError as exc:
            raise InputError(f"{names[name]}: {exc}") from None

    zeros = pd.Series(np.zeros(len(weather)), index=weather.index)
    if pv is not None:
        validate_weather(weather)
        check_irradiance(weather, site)
    pv_kw = zeros if pv is None else part("pv", pv_profile, weather, site, **dict(pv))
    wind_kw = zeros if wind is None else part("wind", wind_profile, weather, **dict(wind))
    derate = part("derating", genset_derating, weather, site, **dict(derating or {}))
    fuel = part("derating", genset_fuel_multiplier, weather, site, **dict(derating or {}))
    return Resource(pv_kw_per_kw=pv_kw, wind_kw_per_turbine=wind_kw, genset_availability=derate,
                    genset_fuel_multiplier=fuel, weather_source=weather_source(weather))


def weather_source(weather: pd.DataFrame) -> str:
    """One line saying where a weather frame came from, for results and reports.

    ``"SYNTHETIC weather (...)"`` for :func:`minegrid.synthetic_weather` frames
    (with what the generator was given), else the file and its format.

    Examples
    --------
    >>> import pandas as pd
    >>> w = pd.DataFrame(index=pd.DatetimeIndex([], tz="UTC"))
    >>> w.attrs = {"source_format": "epw", "source": "/data/PER_Arequipa.epw"}
    >>> weather_source(w)
    'weather file PER_Arequipa.epw (epw)'
    """
    attrs = getattr(weather, "attrs", {}) or {}
    fmt = attrs.get("source_format")
    if fmt == "synthetic":
        return "SYNTHETIC weather (" + str(attrs.get("description", "minegrid.synthetic_weather"))\
            + ")"
    if fmt is None:
        return "weather frame of unknown origin"
    name = str(attrs.get("source", "")).replace("\\", "/").rsplit("/", 1)[-1]
    return f"weather file {name} ({fmt})" if name else f"weather ({fmt})"


def weather_years(site: Site, load_kw, n_years: int, *, seed: int = 0,
                  ghi_year_sd: float = 0.03, wind_year_sd: float = 0.06,
                  pv: Mapping | None = None, wind: Mapping | None = None,
                  derating: Mapping | None = None, year: int = 2023, **weather) -> list:
    """``n_years`` synthetic weather years for sizing for the bad year, as a list of
    :class:`~minegrid.Profiles` with the same load [kW] and calendar ``year``.

    Year ``k`` is a draw of :func:`minegrid.synthetic_weather` (seed ``seed + k``;
    ``weather`` its other options) whose irradiance and wind speed are scaled by the
    year factors of :func:`minegrid.weather.synthetic.year_variation` (``ghi_year_sd``,
    ``wind_year_sd``). Pass the list to :func:`minegrid.size`; for measured years build
    each with :func:`build_profiles` and pass those.
    """
    from .errors import whole
    from .weather import synthetic_weather
    from .weather.synthetic import year_variation

    n = whole(n_years, "n_years", minimum=1, fix="the number of weather years, e.g. 10")
    out = []
    for k in range(n):
        w = year_variation(synthetic_weather(site, year=year, seed=seed + k, **weather), seed,
                           k, ghi_year_sd=ghi_year_sd, wind_year_sd=wind_year_sd)
        p = build_profiles(w, site, load_kw, pv=pv, wind=wind, derating=derating)
        out.append(with_year_source(p, w))
    return out


def with_year_source(profiles, weather):
    """``profiles`` whose weather source names the year factors of ``weather`` (from
    :func:`minegrid.weather.synthetic.year_variation`)."""
    f = weather.attrs["year_factors"]
    object.__setattr__(profiles, "weather_source", f"{profiles.weather_source}; year factors "
                       f"irradiance {f['irradiance']:.3f}, wind {f['wind_speed']:.3f}")
    return profiles


def build_profiles(weather: pd.DataFrame, site: Site, load_kw, *, pv: Mapping | None = None,
                   wind: Mapping | None = None, derating: Mapping | None = None) -> Profiles:
    """:func:`build_resource` with a load: the :class:`~minegrid.Profiles` of a study.

    Parameters
    ----------
    load_kw : array-like or pandas.Series
        The load, one value per row of ``weather``. [kW]
    weather, site, pv, wind, derating
        As for :func:`build_resource`.
    """
    return Profiles.from_resource(load_kw, build_resource(weather, site, pv=pv, wind=wind,
                                                          derating=derating))
