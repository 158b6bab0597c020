"""Project and finance assumptions: :class:`Project`."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import check
from ..plausible import warn_implausible
from ._fields import Component, _count, _finite

__all__ = ["Project", "SALVAGE_BASES"]

#: What the salvage value of a component is based on (see :class:`Project`).
SALVAGE_BASES = ("capital", "replacement")


@dataclass(frozen=True, slots=True, kw_only=True)
class Project(Component):
    """Project and finance assumptions.

    Parameters
    ----------
    lifetime_years : int
        Project life; cash flows at the end of years 1..N. [year]
    discount_rate : float, optional
        Real discount rate, e.g. 0.08; default 0.08, or derived from
        ``nominal_discount_rate`` and ``inflation_rate``. [1/year]
    fuel_price_per_l : float
        Delivered fuel price at site. [currency/L]
    carbon_price_per_t : float
        Price of CO2 emissions. [currency/t]
    currency : str
        Label only (no conversion).
    nominal_discount_rate : float, optional
        HOMER's nominal discount rate i'; with ``inflation_rate`` f the real
        rate is ``i = (i' − f) / (1 + f)``. [1/year]
    inflation_rate : float
        Expected inflation f (used with ``nominal_discount_rate``). [1/year]
    salvage_basis : {"capital", "replacement"}
        What a component's remaining life is valued on at the end of the
        project: its capital cost (default, Microgrids.jl) or its replacement
        cost (HOMER).
    """

    lifetime_years: int = 20
    discount_rate: float | None = None
    fuel_price_per_l: float = 1.10
    carbon_price_per_t: float = 0.0
    currency: str = "USD"
    nominal_discount_rate: float | None = None
    inflation_rate: float = 0.0
    salvage_basis: str = "capital"

    def __post_init__(self):
        _count(self, "lifetime_years")
        check(self.lifetime_years >= 1, "Project.lifetime_years", self.lifetime_years,
              "must be >= 1", "give the project life in whole years")
        _finite(self, "inflation_rate", minimum=-0.5, maximum=1.0,
                fix="expected inflation as a fraction, e.g. 0.03 for 3 %")
        if self.nominal_discount_rate is not None:
            _finite(self, "nominal_discount_rate", minimum=-0.5, maximum=2.0,
                    fix="a nominal rate as a fraction, e.g. 0.1 for 10 %")
            real = (self.nominal_discount_rate - self.inflation_rate) / (1.0 + self.inflation_rate)
            check(self.discount_rate is None or abs(self.discount_rate - real) <= 1e-12,
                  "Project.discount_rate", self.discount_rate,
                  f"disagrees with nominal_discount_rate and inflation_rate (real rate {real:g})",
                  "give either the real discount_rate or the nominal rate and inflation "
                  "(set discount_rate=None)")
            object.__setattr__(self, "discount_rate", real)
        elif self.discount_rate is None:
            object.__setattr__(self, "discount_rate", 0.08)
        _finite(self, "discount_rate", minimum=-0.5, maximum=1.0,
                fix="a real rate as a fraction, e.g. 0.08 for 8 %")
        check(self.salvage_basis in SALVAGE_BASES, "Project.salvage_basis", self.salvage_basis,
              f"is not one of {SALVAGE_BASES}", "pick one of those names")
        _finite(self, "fuel_price_per_l", fix="price per litre delivered at site")
        _finite(self, "carbon_price_per_t", fix="price per tonne of CO2, 0 for none")
        check(isinstance(self.currency, str) and self.currency.strip() != ""
              and self.currency.isprintable(), "Project.currency", self.currency,
              "must be a non-empty one-line label", "e.g. currency = 'USD'")
        warn_implausible(self)


