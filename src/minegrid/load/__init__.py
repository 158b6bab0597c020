"""Mine electric load from metered data: read, check, resample, align, summarise.

A load is a :class:`pandas.Series` of electric power [kW] (float64) on a regular
:class:`pandas.DatetimeIndex` at the model time step ``dt_h``. Each value is the
*average power over the interval that starts at its timestamp* (interval-beginning
labels), so the energy of a step is ``P[k] * dt_h`` [kWh].

Resampling conserves energy exactly: the input is treated as piecewise-constant
power over its own intervals, its cumulative energy ``E(t)`` is interpolated at the
edges of the target intervals, and each target value is ``(E(t_k + dt) - E(t_k)) / dt``.
This works when the input step does not divide the target step (e.g. 10 min or
7 min data to 15 min) and when the target step is finer than the input
(piecewise-constant upsampling).

Problems in the data (gaps, missing values, negative power, spikes, duplicated
timestamps) raise :class:`~minegrid.errors.InputError` unless the caller asks for a
repair (``repair="interpolate"``); every repair warns with
:class:`~minegrid.errors.MinegridWarning`. Nothing is clipped or dropped silently.

Files come as HOMER users have them: a bare column of a year's values (8,760 hourly, or
8,760 × k at ``60 / k`` minutes; header optional; dated with ``start=`` or ``year=``, else
from 1 January 2023 with a warning) or a meter export of timestamps and kW or kWh per
interval; comma, semicolon, tab or space separated (:mod:`minegrid.load.files`).

Layout: :mod:`minegrid.load.read` (:func:`read_load`, :func:`align_to`),
:mod:`minegrid.load.files` (file layouts, dating a bare column),
:mod:`minegrid.load.timeaxis` (:func:`check_dt_h`, :func:`resample_energy`,
:func:`set_year`) and :mod:`minegrid.load.stats` (:class:`LoadStats`, :func:`load_stats`).
"""

from __future__ import annotations

from minegrid.load.read import align_to, read_load
from minegrid.load.stats import LoadStats, load_stats
from minegrid.load.timeaxis import LOAD_NAME as LOAD_NAME  # public, outside __all__ as before
from minegrid.load.timeaxis import check_dt_h, resample_energy, set_year

__all__ = [
    "LoadStats",
    "align_to",
    "check_dt_h",
    "load_stats",
    "read_load",
    "resample_energy",
    "set_year",
]
