"""Summary statistics of a load: mean, peak, energy, load factor, ramps, largest motor."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from minegrid.errors import check
from minegrid.load.timeaxis import to_hours
from minegrid.profiles import HOURS_PER_YEAR

__all__ = ["LoadStats", "load_stats"]


@dataclass(frozen=True, slots=True, kw_only=True)
class LoadStats:
    """Summary of a load series.

    Attributes
    ----------
    mean_kw : float
        Mean power. [kW]
    peak_kw : float
        Largest step-average power. [kW]
    min_kw : float
        Smallest step-average power. [kW]
    energy_kwh : float
        Energy over the whole series. [kWh]
    annual_energy_kwh : float
        Energy scaled to one year of 8760 h (``mean_kw * 8760``). [kWh/yr]
    load_factor : float
        ``mean_kw / peak_kw``, in [0, 1].
    max_ramp_up_kw_per_h : float
        Largest increase between consecutive steps, divided by the step. [kW/h]
    max_ramp_down_kw_per_h : float
        Largest decrease between consecutive steps (positive number). [kW/h]
    largest_motor_step_kw : float or None
        Largest single motor start (from a mine builder); None when unknown. [kW]
    duration_h : float
        Length of the series. [h]
    dt_h : float
        Time step. [h]
    """

    mean_kw: float
    peak_kw: float
    min_kw: float
    energy_kwh: float
    annual_energy_kwh: float
    load_factor: float
    max_ramp_up_kw_per_h: float
    max_ramp_down_kw_per_h: float
    largest_motor_step_kw: float | None
    duration_h: float
    dt_h: float

    def to_dict(self) -> dict:
        """Fields as a plain ``dict``."""
        return asdict(self)

    def __repr__(self) -> str:
        motor = ("unknown" if self.largest_motor_step_kw is None
                 else f"{self.largest_motor_step_kw:,.0f} kW")
        return (
            "LoadStats(\n"
            f"  mean            {self.mean_kw:,.1f} kW\n"
            f"  peak            {self.peak_kw:,.1f} kW\n"
            f"  min             {self.min_kw:,.1f} kW\n"
            f"  energy          {self.energy_kwh:,.0f} kWh over {self.duration_h:,.6g} h "
            f"({self.annual_energy_kwh / 1e3:,.1f} MWh/yr)\n"
            f"  load factor     {self.load_factor:.3f}\n"
            f"  max ramp up     {self.max_ramp_up_kw_per_h:,.1f} kW/h\n"
            f"  max ramp down   {self.max_ramp_down_kw_per_h:,.1f} kW/h\n"
            f"  largest motor   {motor}\n"
            f"  step            {self.dt_h:.6g} h\n)"
        )


def load_stats(
    load,
    *,
    dt_h: float | None = None,
    largest_motor_kw: float | None = None,
) -> LoadStats:
    """Mean, peak, energy, load factor, ramp rates and largest motor step of a load.

    Parameters
    ----------
    load : pandas.Series or array-like
        Step-average power. [kW]
    dt_h : float, optional
        Time step; inferred from a DatetimeIndex when omitted (required for arrays). [h]
    largest_motor_kw : float, optional
        Largest single motor start; default ``load.attrs['largest_motor_kw']`` (set by
        :func:`minegrid.build_mine_load`), else None. [kW]

    Returns
    -------
    LoadStats

    Examples
    --------
    >>> load_stats([0.0, 10.0, 5.0], dt_h=1.0).max_ramp_up_kw_per_h
    10.0
    """
    if largest_motor_kw is None and isinstance(load, pd.Series):
        largest_motor_kw = load.attrs.get("largest_motor_kw")
    if dt_h is None:
        check(isinstance(load, pd.Series) and isinstance(load.index, pd.DatetimeIndex)
              and len(load) >= 2, "dt_h", None,
              "is required unless load is a Series on a DatetimeIndex with >= 2 values",
              "pass dt_h= (hours per step)")
        steps = np.unique(to_hours(load.index[1:] - load.index[:-1]))
        check(len(steps) == 1, "load.index", f"steps {steps[:4]} h", "must be regular",
              "read the load with minegrid.read_load first")
        dt_h = float(steps[0])
    check(dt_h > 0, "dt_h", dt_h, "must be > 0", "give the step in hours")
    values = np.asarray(load, dtype=np.float64)
    check(values.ndim == 1 and len(values) >= 1, "load", f"shape {values.shape}",
          "must be one-dimensional and non-empty", "pass one load series")
    check(bool(np.isfinite(values).all()), "load", "non-finite values", "must be finite",
          "repair the data with read_load(..., repair='interpolate')")
    check(largest_motor_kw is None or largest_motor_kw >= 0, "largest_motor_kw",
          largest_motor_kw, "must be >= 0 or None", "give the rating of the largest drive")
    mean = float(values.mean())
    peak = float(values.max())
    diffs = np.diff(values) / dt_h
    up = float(max(diffs.max(), 0.0)) if len(diffs) else 0.0
    down = float(max(-diffs.min(), 0.0)) if len(diffs) else 0.0
    return LoadStats(
        mean_kw=mean,
        peak_kw=peak,
        min_kw=float(values.min()),
        energy_kwh=float(values.sum() * dt_h),
        annual_energy_kwh=mean * HOURS_PER_YEAR,
        load_factor=mean / peak if peak > 0 else 0.0,
        max_ramp_up_kw_per_h=up,
        max_ramp_down_kw_per_h=down,
        largest_motor_step_kw=None if largest_motor_kw is None else float(largest_motor_kw),
        duration_h=len(values) * float(dt_h),
        dt_h=float(dt_h),
    )
