"""windpowerlib's turbine library and user power curves: names, ratings, checked curves.

* :func:`turbine_types`: the bundled turbines that have a power curve (offline).
* :func:`turbine_rated_kw`: the rating of one of them. [kW]

Used by :func:`minegrid.generation.wind_profile`, which re-exports both.
"""

from __future__ import annotations

import difflib
import functools

import numpy as np
import pandas as pd
import windpowerlib

from minegrid.errors import InputError, check, number_array

__all__ = ["turbine_rated_kw", "turbine_types"]


@functools.lru_cache(maxsize=1)
def _turbine_table() -> pd.DataFrame:
    table = windpowerlib.get_turbine_types(print_out=False)
    return table[table["has_power_curve"]].reset_index(drop=True)


def turbine_types() -> list[str]:
    """Names of windpowerlib's bundled turbines with a power curve (offline).

    Returns
    -------
    list of str
        E.g. ``"V126/3300"``, ``"E-126/4200"``.
    """
    return sorted(_turbine_table()["turbine_type"])


def check_turbine_type(turbine_type: str) -> None:
    names = turbine_types()
    if turbine_type in names:
        return
    close = difflib.get_close_matches(str(turbine_type), names, n=5, cutoff=0.5)
    close = close or [n for n in names if str(turbine_type).lower() in n.lower()][:5]
    hint = f"close matches: {close}" if close else f"known types: {names}"
    raise InputError(
        f"turbine_type = {turbine_type!r} is not in windpowerlib's turbine library. "
        f"Fix: use one of its names ({hint}; see minegrid.generation.turbine_types()), "
        "or pass power_curve= with your turbine's curve."
    )


@functools.lru_cache(maxsize=64)
def library_turbine_curve(turbine_type: str) -> tuple[pd.DataFrame, float]:
    turbine = windpowerlib.WindTurbine(turbine_type=turbine_type, hub_height=100.0)
    return turbine.power_curve.copy(), float(turbine.nominal_power)


def turbine_rated_kw(turbine_type: str) -> float:
    """Rated (nominal) power of a windpowerlib library turbine.

    Parameters
    ----------
    turbine_type : str
        A name from :func:`turbine_types`, e.g. ``"V126/3300"``.

    Returns
    -------
    float
        Rated power. [kW]

    Examples
    --------
    >>> turbine_rated_kw("V126/3300")
    3300.0
    """
    check_turbine_type(turbine_type)
    return library_turbine_curve(turbine_type)[1] / 1000.0


def _is_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def user_power_curve(power_curve) -> tuple[pd.DataFrame, float]:
    """Validate a user curve -> (windpowerlib curve in W, nominal power in W)."""
    if isinstance(power_curve, dict):
        power_curve = pd.DataFrame({"wind_speed": list(power_curve),
                                    "power_kw": list(power_curve.values())})
    check(isinstance(power_curve, pd.DataFrame)
          and {"wind_speed", "power_kw"} <= set(power_curve.columns),
          "power_curve", type(power_curve).__name__,
          "must be a DataFrame with columns 'wind_speed' [m/s] and 'power_kw' [kW], "
          "or a dict {wind speed [m/s]: power [kW]}",
          "e.g. power_curve={3.0: 0.0, 10.0: 2000.0, 25.0: 2300.0}")
    keys = [float(k) if isinstance(k, str) and _is_float(k) else k
            for k in power_curve["wind_speed"]]  # TOML table keys are strings
    speed = number_array(keys, "power_curve['wind_speed']")
    power = number_array(power_curve["power_kw"].to_numpy(), "power_curve['power_kw']")
    check(len(speed) >= 3 and np.all(np.diff(speed) > 0) and speed[0] >= 0,
          "power_curve['wind_speed']", speed.tolist()[:5],
          "must be >= 3 strictly increasing speeds >= 0 [m/s]",
          "give the curve's wind speeds in increasing order")
    check(np.all(np.isfinite(power)) and np.all(power >= 0) and power.max() > 0,
          "power_curve['power_kw']", power.tolist()[:5], "must be finite, >= 0, not all 0 [kW]",
          "give the turbine's output in kW at each speed")
    curve = pd.DataFrame({"wind_speed": speed, "value": power * 1000.0})
    return curve, float(power.max() * 1000.0)
