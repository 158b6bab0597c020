"""Rear-side irradiance of bifacial modules in long rows, from pvlib's infinite-sheds model.

:func:`rear_irradiance` is the part of :func:`minegrid.pv_profile` that adds the
back of bifacial modules: ``bifaciality`` × the rear plane-of-array irradiance of
``pvlib.bifacial.infinite_sheds.get_irradiance`` (view factors of sky and ground
between infinitely long rows; Mikofski et al., IEEE PVSC 2019), with the row
pitch ``collector_width_m / gcr`` and the height of the rows' centre above the
ground. The front side keeps the monofacial chain of ``pv_profile`` (its
transposition model and incidence-angle loss), so ``bifaciality = 0`` is the
monofacial result exactly. ``docs/theory/soiling.md`` (section "Bifacial
modules") gives the equations.
"""

from __future__ import annotations

import numpy as np

from .errors import number

__all__ = ["rear_irradiance", "check_bifacial"]


def check_bifacial(bifaciality: float, row_height_m: float, collector_width_m: float) -> None:
    """Range checks of the bifacial options (InputError naming the field)."""
    number(bifaciality, "bifaciality", minimum=0.0, maximum=1.0,
           fix="give the rear/front efficiency ratio, 0 for monofacial, 0.7-0.9 bifacial")
    number(row_height_m, "row_height_m", minimum=0.0, maximum=20.0, strict=True,
           fix="give the height of the rows' centre above the ground in m, e.g. 1.5")
    number(collector_width_m, "collector_width_m", minimum=0.0, maximum=20.0, strict=True,
           fix="give the width of a row's modules (slant height) in m, e.g. 2.0 (1P)")


def rear_irradiance(surface_tilt, surface_azimuth, solar_zenith, solar_azimuth, ghi, dhi, dni,
                    albedo, *, gcr: float, bifaciality: float, row_height_m: float,
                    collector_width_m: float, dni_extra, transposition_model: str,
                    shade_factor: float = -0.02, transmission_factor: float = 0.0):
    """Rear irradiance counted in the effective irradiance of bifacial rows. [W/m²]

    ``bifaciality · (1 + shade_factor) · (1 + transmission_factor) · E_back``, with
    ``E_back`` the rear plane-of-array irradiance of pvlib's infinite sheds
    (``poa_global - poa_front`` of ``get_irradiance``). Its sky-diffuse model is
    ``"haydavies"`` for the Perez and Hay-Davies chains (infinite sheds has no
    Perez) and ``"isotropic"`` otherwise.

    Parameters
    ----------
    surface_tilt, surface_azimuth : float or array
        Orientation of the front of the rows. [°]
    solar_zenith, solar_azimuth : array
        Apparent solar zenith and azimuth. [°]
    ghi, dhi, dni : array
        Irradiance. [W/m²]
    albedo : float or array
        Ground reflectance. [-]
    gcr : float
        Ground-coverage ratio (collector width / pitch). [-]
    bifaciality : float
        Rear/front efficiency ratio. [-]
    row_height_m, collector_width_m : float
        Height of the rows' centre; slant width of a row. [m]
    dni_extra : array
        Extraterrestrial irradiance. [W/m²]
    transposition_model : str
        The front side's model name.
    shade_factor, transmission_factor : float
        pvlib's rear shading by the structure (-2 %) and transmission through
        the module gaps (0). [-]

    Returns
    -------
    numpy.ndarray
    """
    import pvlib

    if bifaciality == 0.0:
        return np.zeros(np.shape(ghi))
    model = "isotropic" if transposition_model == "isotropic" else "haydavies"
    pitch = collector_width_m / gcr
    out = pvlib.bifacial.infinite_sheds.get_irradiance(
        surface_tilt, surface_azimuth, solar_zenith, solar_azimuth, gcr,
        row_height_m, pitch, ghi, dhi, dni, albedo,
        model=model, dni_extra=dni_extra, bifaciality=bifaciality, shade_factor=shade_factor,
        transmission_factor=transmission_factor)
    rear = np.asarray(out["poa_global"], dtype=float) - np.asarray(out["poa_front"], dtype=float)
    return np.clip(np.nan_to_num(rear), 0.0, None)
