"""The documented cloudiness of five climates of the Andes and the coast, and a site's climate.

:data:`CLIMATES` holds the parameters of the clear-sky-index model
(:class:`~minegrid.weather.cloudiness.Cloudiness`) of each climate with their
sources; :func:`climate_of` picks a site's climate from its latitude,
longitude and altitude, and :func:`default_cloudiness` gives its parameters
(on the altiplano, following the site's altitude and latitude). The rules,
numbers and references are in ``docs/resource.md``.
"""

from __future__ import annotations

import warnings

import numpy as np

from minegrid.errors import MinegridWarning, check
from minegrid.weather.cloudiness import Cloudiness, beta_quantiles, table_mean
from minegrid.weather.site import Site

__all__ = ["CLIMATES", "climate_of", "default_cloudiness"]

_FILES = "the weather files of ../shared/data/weather (docs/resource.md)"
_AREQUIPA = {"clear_quantiles": (0.902, 0.938, 0.97, 0.977, 0.985, 0.99, 0.992, 0.994, 0.997,
                                 1.0, 1.006),
             "cloudy_quantiles": (0.34, 0.483, 0.593, 0.664, 0.744, 0.783, 0.802, 0.821, 0.849,
                                  0.87, 0.898),
             "clear_level_range": 0.0, "daily_persistence": 0.45, "hourly_sd_clear": 0.02,
             "hourly_sd_broken": 0.3, "hourly_persistence": 0.69}

#: Default parameters of each climate, with their sources (``docs/resource.md``).
CLIMATES: dict[str, Cloudiness] = {
    "atacama_interior": Cloudiness(
        climate="atacama_interior",
        monthly_clearness=(0.973, 0.990, 1.016, 1.024, 1.025, 1.011, 1.004, 1.029, 1.032,
                           1.020, 1.024, 1.009),
        clear_level=1.07,
        monthly_cloudy_share=(0.226, 0.161, 0.064, 0.066, 0.129, 0.133, 0.146, 0.065, 0.034,
                              0.113, 0.05, 0.064),
        clear_quantiles=(0.907, 0.948, 0.962, 0.971, 0.975, 0.981, 0.988, 0.992, 0.997, 1.001,
                         1.023),
        cloudy_quantiles=(0.372, 0.618, 0.698, 0.74, 0.784, 0.817, 0.838, 0.853, 0.865, 0.883,
                          0.897),
        clear_level_range=0.04, daily_persistence=0.6, hourly_sd_clear=0.01,
        hourly_sd_broken=0.35, hourly_persistence=0.37,
        source="the Explorador Solar typical year (Molina et al. 2017) at -22.92, -69.91, "
               "1,635 m and the NREL NSRDB PSM3 TMY at -20.63, -69.90, 922 m, averaged "
               f"({_FILES})"),
    "andean_western_slope": Cloudiness(
        climate="andean_western_slope",
        monthly_clearness=(0.688, 0.702, 0.714, 0.833, 0.855, 0.865, 0.882, 0.882, 0.853,
                           0.842, 0.807, 0.703),
        clear_level=0.92,
        monthly_cloudy_share=(0.839, 0.857, 0.71, 0.2, 0.29, 0.133, 0.129, 0.161, 0.233, 0.194,
                              0.433, 0.839),
        **_AREQUIPA,
        source="the ASHRAE IWEC typical year of Arequipa (WMO 847520, -16.32, -71.55, "
               f"2,520 m; {_FILES}); its December-March cloud season is the altiplanic winter"),
    "altiplano": Cloudiness(
        climate="altiplano",
        monthly_clearness=(0.79, 0.79, 0.82, 0.88, 0.90, 0.90, 0.90, 0.90, 0.90, 0.895,
                           0.885, 0.84),
        clear_level=0.93, **_AREQUIPA,
        source="annual level: the surface solar maximum of the Atacama, about 310 W/m2 on "
               "the Domeyko Cordillera at 3,500-5,000 m and 24-25 S (Rondanelli, Molina & "
               "Falvey 2015, BAMS 96, 405) and 308 W/m2 measured on the Chajnantor plateau, "
               "5,100 m (Cordero et al. 2023, BAMS 104(6)); seasonal cycle: the "
               "altiplanic winter (December-March convective cloud, weaker to the south-west: "
               "Garreaud et al. 2003, Palaeo3 194, 5; Vuille & Keimig 2004, J. Climate 17, "
               "3334) and mid-latitude winter fronts south of 25 S (Garreaud 2009, Adv. "
               "Geosci. 22, 3); day-to-day statistics: the Arequipa file (the nearest "
               "measured analogue)"),
    "pacific_coast": Cloudiness(
        climate="pacific_coast",
        monthly_clearness=(0.751, 0.720, 0.832, 0.804, 0.676, 0.508, 0.478, 0.440, 0.467,
                           0.562, 0.582, 0.664),
        clear_level=0.983,
        monthly_cloudy_share=(0.645, 0.786, 0.484, 0.567, 0.839, 0.9, 0.968, 1.0, 1.0, 0.903,
                              0.9, 0.839),
        clear_quantiles=(0.903, 0.916, 0.93, 0.95, 0.969, 0.985, 0.991, 0.998, 1.008, 1.034,
                         1.055),
        cloudy_quantiles=(0.386, 0.393, 0.402, 0.409, 0.42, 0.516, 0.588, 0.665, 0.74, 0.818,
                          0.899),
        clear_level_range=0.0, daily_persistence=0.3, hourly_sd_clear=0.13,
        hourly_sd_broken=0.06, hourly_persistence=0.8, decomposition="erbs",
        source="the ASHRAE IWEC typical year of Lima (WMO 846280, -12.00, -77.12, 13 m; "
               f"{_FILES}): the winter stratocumulus deck of the Humboldt current "
               "(Klein & Hartmann 1993, J. Climate 6, 1587)"),
    "generic": Cloudiness(
        climate="generic", monthly_clearness=(0.75,) * 12, clear_level=1.0,
        clear_quantiles=beta_quantiles(0.95, 40.0), cloudy_quantiles=beta_quantiles(0.55, 6.0),
        daily_persistence=0.5,
        source="the global mean ratio of all-sky to clear-sky surface solar irradiance, "
               "about 185/247 W/m2 (Wild et al. 2015, Clim. Dyn. 44, 3393; Wild et al. 2019, "
               "Clim. Dyn. 52, 4787), with no seasonal cycle: a placeholder, calibrate it"),
}

# approximate Peru-Chile coastline: (latitude, longitude of the shore) [deg]
_COAST = np.array([(-3.5, -80.5), (-6.0, -81.1), (-8.0, -79.2), (-10.0, -78.2), (-12.0, -77.1),
                   (-14.0, -76.2), (-15.5, -75.0), (-16.5, -73.2), (-17.5, -71.4),
                   (-18.5, -70.35), (-20.0, -70.15), (-22.0, -70.22), (-23.5, -70.5),
                   (-25.0, -70.5), (-26.5, -70.7), (-28.0, -71.2), (-30.0, -71.4)])


def climate_of(site: Site) -> str:
    """The climate of :data:`CLIMATES` for a site (rules in ``docs/resource.md``).

    * ``"pacific_coast"``: 3-30 S, below 800 m and within 0.35° of the
      Peru-Chile shore;
    * ``"altiplano"``: 13-28 S, 72.5-64 W, at or above 3,000 m;
    * ``"andean_western_slope"``: 13-18.5 S, 76-69 W, 1,000-3,000 m (southern Peru);
    * ``"atacama_interior"``: 18.5-27.5 S, 70.6-67 W, below 3,000 m, inland;
    * ``"generic"`` elsewhere.

    Examples
    --------
    >>> climate_of(Site(latitude_deg=-26.95, longitude_deg=-69.25, altitude_m=4200,
    ...                 tz="Etc/GMT+4"))
    'altiplano'
    """
    lat, lon, alt = site.latitude_deg, site.longitude_deg, site.altitude_m
    if -30.0 <= lat <= -3.0 and alt < 800.0:
        shore = float(np.interp(lat, _COAST[::-1, 0], _COAST[::-1, 1]))
        if lon <= shore + 0.35:
            return "pacific_coast"
    if -28.0 <= lat <= -13.0 and -72.5 <= lon <= -64.0 and alt >= 3000.0:
        return "altiplano"
    if -18.5 <= lat <= -13.0 and -76.0 <= lon <= -69.0 and 1000.0 <= alt < 3000.0:
        return "andean_western_slope"
    if -27.5 <= lat <= -18.5 and -70.6 <= lon <= -67.0 and alt < 3000.0:
        return "atacama_interior"
    return "generic"


# seasonal weights of the altiplanic winter (Dec-Mar) and of winter fronts (May-Sep), Jan first
_SUMMER = np.array([1.0, 1.0, 0.7, 0.25, 0.0, 0.0, 0.0, 0.0, 0.0, 0.05, 0.15, 0.55])
_WINTER = np.array([0.0, 0.0, 0.0, 0.0, 0.3, 1.0, 1.0, 0.8, 0.3, 0.0, 0.0, 0.0])


def _altiplano_clearness(latitude_deg: float, altitude_m: float) -> np.ndarray:
    """Monthly index of the altiplano at a latitude and altitude (docs/resource.md)."""
    dry = float(np.clip(0.893 - 6.2e-5 * (altitude_m - 4000.0), 0.80, 0.97))
    south = abs(latitude_deg)
    summer = float(np.clip(0.25 - 0.02 * (south - 17.0), 0.05, 0.25))
    winter = float(np.clip(0.016 * (south - 25.0), 0.0, 0.08))
    return dry * (1.0 - summer * _SUMMER - winter * _WINTER)


def default_cloudiness(site: Site, climate: str | None = None) -> Cloudiness:
    """The documented default cloudiness of a site.

    Parameters
    ----------
    site : Site
    climate : str, optional
        A key of :data:`CLIMATES`; default :func:`climate_of` the site. For
        ``"altiplano"`` the monthly indices follow the site: a dry-season index
        ``0.893 − 6.2·10⁻⁵ (z − 4000 m)`` lowered by the altiplanic winter
        (``0.25 − 0.02 (|φ| − 17°)``, at most 0.25, at least 0.05, in
        December-March) and by winter fronts south of 25° S.

    Returns
    -------
    Cloudiness
        With ``calibration=""``. The ``"generic"`` climate warns: it is a
        placeholder to calibrate with :func:`calibrate_cloudiness`.
    """
    name = climate_of(site) if climate is None else climate
    check(isinstance(name, str) and name in CLIMATES, "climate", name,
          f"is not one of {list(CLIMATES)}",
          "pick a climate by name, or calibrate_cloudiness(site, monthly_ghi_kwh_m2=...)")
    cloud = CLIMATES[name]
    if name == "altiplano":
        kc = _altiplano_clearness(site.latitude_deg, site.altitude_m)
        cloud = cloud.replace(monthly_clearness=tuple(kc),
                              clear_level=float(kc.max() / table_mean(cloud.clear_quantiles)))
    if name == "generic":
        warnings.warn(
            f"no documented cloudiness for the site at ({site.latitude_deg:g}, "
            f"{site.longitude_deg:g}, {site.altitude_m:,.0f} m): synthetic weather uses the "
            "global mean clear-sky index 0.75 with no seasons. Calibrate it: "
            "synthetic_weather(site, monthly_ghi_kwh_m2=[...12 values from an atlas...]).",
            MinegridWarning, stacklevel=3)
    return cloud
