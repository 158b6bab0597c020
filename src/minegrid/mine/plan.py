"""Life of mine: the yearly production plan and one load per year of it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from minegrid.errors import check, is_number, number
from minegrid.mine.areas import ProcessArea
from minegrid.mine.builder import MineLoad

__all__ = ["ProductionPlan", "life_of_mine_loads"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ProductionPlan:
    """Yearly ore throughput over the life of mine, as a fraction of design.

    Parameters
    ----------
    years : sequence of int
        Consecutive calendar years.
    throughput_fraction : sequence of float
        Throughput of each year as a fraction of design, in [0, 1.5]; 0 is closure.
    closure_fixed_fraction : float, default 0.3
        Fraction of the non-throughput-linked load (camp, offices, workshops,
        ventilation) kept in years with zero throughput (care and maintenance), in [0, 1].

    Examples
    --------
    >>> plan = ProductionPlan.standard(2026, ramp_up_years=2, plateau_years=2,
    ...                                decline_years=2, closure_years=1)
    >>> plan.throughput_fraction
    (0.6, 0.8, 1.0, 1.0, 0.75, 0.5, 0.0)
    """

    years: tuple[int, ...]
    throughput_fraction: tuple[float, ...]
    closure_fixed_fraction: float = 0.3

    def __post_init__(self) -> None:
        years = tuple(self.years)
        fractions = tuple(self.throughput_fraction)
        check(len(years) > 0, "ProductionPlan.years", years, "is empty",
              "give at least one year, e.g. ProductionPlan.standard(2026)")
        check(len(fractions) == len(years), "ProductionPlan.throughput_fraction",
              f"{len(fractions)} values", f"must have one value per year ({len(years)} years)",
              "give as many fractions as years")
        check(all(isinstance(y, (int, np.integer)) for y in years), "ProductionPlan.years",
              years, "must be integers", "e.g. (2026, 2027, 2028)")
        years = tuple(int(y) for y in years)
        check(all(b - a == 1 for a, b in zip(years, years[1:], strict=False)),
              "ProductionPlan.years", years, "must be consecutive and increasing",
              "list every year of the plan in order (use 0 for idle years)")
        check(all(is_number(f) and 0 <= f <= 1.5 for f in fractions),
              "ProductionPlan.throughput_fraction", fractions, "must be in [0, 1.5]",
              "give fractions of design throughput, e.g. 1.0 at plateau")
        check(is_number(self.closure_fixed_fraction) and 0 <= self.closure_fixed_fraction <= 1,
              "ProductionPlan.closure_fixed_fraction", self.closure_fixed_fraction,
              "must be in [0, 1]", "e.g. 0.3")
        object.__setattr__(self, "years", years)
        object.__setattr__(self, "throughput_fraction", tuple(float(f) for f in fractions))

    @classmethod
    def standard(
        cls,
        start_year: int,
        *,
        ramp_up_years: int = 2,
        plateau_years: int = 10,
        decline_years: int = 3,
        closure_years: int = 1,
        ramp_start_fraction: float = 0.6,
        decline_end_fraction: float = 0.5,
        closure_fixed_fraction: float = 0.3,
    ) -> ProductionPlan:
        """Ramp-up, plateau, decline and closure.

        Ramp-up rises linearly from ``ramp_start_fraction`` towards 1 (excluded);
        plateau years are 1; decline falls linearly to ``decline_end_fraction``
        (reached in its last year); closure years are 0.
        """
        for name, value in (("ramp_up_years", ramp_up_years), ("plateau_years", plateau_years),
                            ("decline_years", decline_years), ("closure_years", closure_years)):
            check(isinstance(value, (int, np.integer)) and value >= 0, name, value,
                  "must be an integer >= 0", "give whole years, 0 for none")
        number(ramp_start_fraction, "ramp_start_fraction", minimum=0.0, maximum=1.0)
        number(decline_end_fraction, "decline_end_fraction", minimum=0.0, maximum=1.0)
        ramp = [ramp_start_fraction + (1 - ramp_start_fraction) * i / ramp_up_years
                for i in range(ramp_up_years)]
        decline = [1 - (1 - decline_end_fraction) * (i + 1) / decline_years
                   for i in range(decline_years)]
        fractions = [*ramp, *([1.0] * plateau_years), *decline, *([0.0] * closure_years)]
        fractions = [round(f, 12) for f in fractions]
        years = tuple(range(int(start_year), int(start_year) + len(fractions)))
        return cls(years=years, throughput_fraction=tuple(fractions),
                   closure_fixed_fraction=closure_fixed_fraction)

    def area_factors(self, areas: Sequence[ProcessArea] | MineLoad) -> pd.DataFrame:
        """Per-year multiplier of each area's load.

        Throughput-linked areas follow ``throughput_fraction``; the others stay at 1
        while the mine produces and drop to ``closure_fixed_fraction`` in years of zero
        throughput.

        Returns
        -------
        pandas.DataFrame
            Index ``year``, one column per area.
        """
        if isinstance(areas, MineLoad):
            areas = areas.areas
        rows = {}
        for a in areas:
            rows[a.name] = [f if a.throughput_linked
                            else (1.0 if f > 0 else self.closure_fixed_fraction)
                            for f in self.throughput_fraction]
        return pd.DataFrame(rows, index=pd.Index(self.years, name="year"), dtype="float64")


def life_of_mine_loads(
    mine: MineLoad,
    plan: ProductionPlan,
    *,
    years: Sequence[int] | None = None,
    dt_h: float = 1.0,
    tz=None,
    seed: int | None = 0,
) -> dict[int, pd.Series]:
    """One load Series per year of the plan, each scaled by :meth:`ProductionPlan.area_factors`.

    Parameters
    ----------
    mine : MineLoad
    plan : ProductionPlan
    years : sequence of int, optional
        Subset of the plan's years; each must be in the plan.
    dt_h : float, default 1.0
        Time step. [h]
    tz : optional
        Zone of the index.
    seed : int or None, default 0
        A year at full throughput equals ``mine.build(year, seed=seed)``.

    Returns
    -------
    dict of int to pandas.Series
        ``{year: load_kw}``. [kW]
    """
    check(isinstance(mine, MineLoad), "mine", type(mine).__name__, "must be a MineLoad",
          "wrap the areas: MineLoad(areas=..., calendar=...)")
    check(isinstance(plan, ProductionPlan), "plan", type(plan).__name__,
          "must be a ProductionPlan", "use ProductionPlan(...) or ProductionPlan.standard(...)")
    wanted = plan.years if years is None else tuple(years)
    missing = [y for y in wanted if y not in plan.years]
    check(not missing, "years", missing,
          f"are not in the production plan ({plan.years[0]}-{plan.years[-1]})",
          "ask only for years of the plan, or extend the plan")
    factors = plan.area_factors(mine)
    return {int(y): mine.build(int(y), dt_h=dt_h, tz=tz, seed=seed,
                               factors=factors.loc[y].to_dict()) for y in wanted}

