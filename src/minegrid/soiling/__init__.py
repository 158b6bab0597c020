"""PV soiling and cleaning: dust build-up, rain and cleaning resets, cost and the best interval.

:class:`Soiling` and :class:`CleaningSchedule` describe the site and the schedule;
:func:`soiling_loss` gives the loss of every interval (pass it, or the model, to
:func:`minegrid.pv_profile` as ``soiling=``); :func:`with_cleaning_cost` puts the
cleaning cost in the PV plant's O&M; :func:`pv_soiling` gives the lost energy and the
cost for the tables; :func:`optimise_cleaning` the interval of least NPC for a design.
``docs/theory/soiling.md`` gives the model.
"""

from .cleaning import (
    DEFAULT_INTERVALS_DAYS,
    CleaningOptimum,
    PVSoiling,
    optimise_cleaning,
    pv_soiling,
    with_cleaning_cost,
    without_cleaning_cost,
)
from .model import (
    SOILING_SITES,
    CleaningSchedule,
    Soiling,
    SoilingLoss,
    accumulate_soiling,
    hourly_soiling,
    rain_resets,
    scheduled_washes,
    soiling_loss,
)

__all__ = ["CleaningSchedule", "Soiling", "SoilingLoss", "SOILING_SITES", "soiling_loss",
           "accumulate_soiling", "rain_resets", "scheduled_washes", "hourly_soiling",
           "with_cleaning_cost", "without_cleaning_cost", "PVSoiling", "pv_soiling",
           "CleaningOptimum",
           "optimise_cleaning", "DEFAULT_INTERVALS_DAYS"]
