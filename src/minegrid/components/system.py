"""A hybrid system: the components and how they are dispatched."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import check
from ._fields import Component
from .plant import Battery, Converter, GensetFleet, PVPlant, WindPlant
from .rules import Dispatch

__all__ = ["System", "MERIT_ORDERS"]

#: How a plant of several genset types commits them (see :class:`System`).
MERIT_ORDERS = ("cost", "given")


@dataclass(frozen=True, slots=True, kw_only=True)
class System(Component):
    """A hybrid system: the components and how they are dispatched.

    A missing component is ``None`` and behaves as a zero-size one; without a
    ``converter`` every source and the load share one AC bus.

    The gensets are one fleet of identical units (``genset``), or a plant of
    several unit types (``gensets``, a sequence of :class:`GensetFleet` with
    distinct names; give one or the other). ``merit_order`` says how a plant
    commits its types: ``"cost"`` (default) cheapest full-load running cost
    per kWh first (fuel at its price, O&M per hour and per kW-hour, overhaul),
    ``"given"`` in the order listed. ``docs/theory/gensets.md`` has the rules.
    """

    pv: PVPlant | None = None
    wind: WindPlant | None = None
    battery: Battery | None = None
    genset: GensetFleet | None = None
    converter: Converter | None = None
    dispatch: Dispatch = field(default_factory=Dispatch)
    gensets: tuple[GensetFleet, ...] = ()
    merit_order: str = "cost"

    def __post_init__(self):
        gensets = self.gensets
        check(isinstance(gensets, tuple | list), "System.gensets", type(gensets).__name__,
              "must be a sequence of minegrid.GensetFleet", "pass gensets=(fleet_a, fleet_b)")
        gensets = tuple(gensets)
        for i, g in enumerate(gensets):
            check(isinstance(g, GensetFleet), f"System.gensets[{i}]", type(g).__name__,
                  "must be a minegrid.GensetFleet", "pass minegrid.GensetFleet(...)")
        names = [g.name for g in gensets]
        dup = sorted({n for n in names if names.count(n) > 1})
        check(not dup, "System.gensets", dup, "names the same genset type twice",
              "give each GensetFleet its own name='...'")
        check(not (gensets and self.genset is not None), "System.genset", "given with gensets",
              "a system has one fleet (genset=) or a plant of types (gensets=), not both",
              "put every fleet in gensets=(...)")
        check(self.merit_order in MERIT_ORDERS, "System.merit_order", self.merit_order,
              f"is not one of {MERIT_ORDERS}", "use 'cost' or 'given'")
        object.__setattr__(self, "gensets", gensets)
        for name, cls in (("pv", PVPlant), ("wind", WindPlant), ("battery", Battery),
                          ("genset", GensetFleet), ("converter", Converter),
                          ("dispatch", Dispatch)):
            value = getattr(self, name)
            if value is None and name != "dispatch":
                continue
            check(isinstance(value, cls), f"System.{name}", type(value).__name__,
                  f"must be a minegrid.{cls.__name__}", f"pass minegrid.{cls.__name__}(...)")
        check(not (self.is_plant and self.dispatch.strategy == "predictive"),
              "Dispatch.strategy", "predictive", "takes one genset fleet; this system has a "
              "plant of genset types (or one with timing rules, a table or gas)",
              "use load_following or cycle_charging with a plant")

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
        """The one fleet (a zero-size one when there is none); refused for a plant of types."""
        if self.gensets:
            check(len(self.gensets) == 1, "System.gensets", f"{len(self.gensets)} types",
                  "reached code that takes one genset fleet",
                  "use System.fleets (every type); report this as a bug")
            return self.gensets[0]
        return self.genset if self.genset is not None else GensetFleet()

    @property
    def fleets(self) -> tuple[GensetFleet, ...]:
        """Every genset type, as listed (``(genset,)`` for one fleet, ``()`` for none)."""
        if self.gensets:
            return self.gensets
        return (self.genset,) if self.genset is not None else ()

    @property
    def is_plant(self) -> bool:
        """True when the gensets need the plant kernel: several types, or rules the
        one-fleet kernel does not have (timing, start fuel, a part-load table, gas)."""
        fleets = self.fleets
        return len(fleets) > 1 or any(f.uses_rules for f in fleets)

