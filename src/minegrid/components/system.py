"""A hybrid system: the components and how they are dispatched."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import check
from ._fields import Component
from .plant import Battery, Converter, GensetFleet, PVPlant, WindPlant
from .rules import Dispatch

__all__ = ["System"]


@dataclass(frozen=True, slots=True, kw_only=True)
class System(Component):
    """A hybrid system: the components and how they are dispatched.

    A missing component is ``None`` and behaves as a zero-size one; without a
    ``converter`` every source and the load share one AC bus.
    """

    pv: PVPlant | None = None
    wind: WindPlant | None = None
    battery: Battery | None = None
    genset: GensetFleet | None = None
    converter: Converter | None = None
    dispatch: Dispatch = field(default_factory=Dispatch)

    def __post_init__(self):
        for name, cls in (("pv", PVPlant), ("wind", WindPlant), ("battery", Battery),
                          ("genset", GensetFleet), ("converter", Converter),
                          ("dispatch", Dispatch)):
            value = getattr(self, name)
            if value is None and name != "dispatch":
                continue
            check(isinstance(value, cls), f"System.{name}", type(value).__name__,
                  f"must be a minegrid.{cls.__name__}", f"pass minegrid.{cls.__name__}(...)")

    # zero-size stand-ins keep the rest of the code free of None checks
    @property
    def pv_or_zero(self) -> PVPlant:
        return self.pv if self.pv is not None else PVPlant()

    @property
    def wind_or_zero(self) -> WindPlant:
        return self.wind if self.wind is not None else WindPlant()

    @property
    def battery_or_zero(self) -> Battery:
        return self.battery if self.battery is not None else Battery()

    @property
    def converter_or_zero(self) -> Converter:
        """The converter, or a free zero-size one (one AC bus) when there is none."""
        return self.converter if self.converter is not None else Converter(
            inverter_kw=0.0, capex_per_kw=0.0, om_per_kw_year=0.0)

    @property
    def genset_or_zero(self) -> GensetFleet:
        return self.genset if self.genset is not None else GensetFleet()

