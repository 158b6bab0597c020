"""Sizing: the cheapest system that meets the mine's requirements, and a lower bound on its cost.

* :mod:`~minegrid.sizing.space`: :class:`DesignSpace` (what may be chosen) and
  :class:`Requirements` (hard constraints);
* :mod:`~minegrid.sizing.evaluator`: decision vectors -> kernel rows -> a
  model (one year, or the life of mine) -> objective, constraints, history;
* :mod:`~minegrid.sizing.search`: :func:`size`, and the one search driver
  :func:`search` (differential evolution or a grid, then a polish);
* :mod:`~minegrid.sizing.result`: :class:`SizingResult`;
* :mod:`~minegrid.sizing.architectures`: :func:`size_architectures`, the best
  system of each architecture (HOMER's categorised table), an :class:`ArchitectureTable`;
* :mod:`~minegrid.sizing.pareto`: :func:`pareto` fronts and :func:`plot_pareto`;
* :mod:`~minegrid.sizing.lp`: :func:`lp_bound`, a perfect-foresight LP lower bound.

The theory is in ``docs/theory/sizing.md``.
"""

from .architectures import ArchitectureTable, size_architectures
from .lp import LPBound, lp_bound, min_lifecycle_factor
from .pareto import pareto, plot_pareto
from .result import SizingResult
from .search import ProgressReporter, search, size
from .space import OBJECTIVES, VARIABLES, DesignSpace, Requirements
from .years import YearsModel, size_for_years

__all__ = ["DesignSpace", "Requirements", "SizingResult", "size", "search", "pareto",
           "size_for_years", "YearsModel",
           "plot_pareto", "lp_bound", "LPBound", "min_lifecycle_factor", "ProgressReporter",
           "VARIABLES", "OBJECTIVES", "size_architectures", "ArchitectureTable"]
