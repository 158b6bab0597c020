"""How diesel reaches the site: the tank, the trucks, the road and its closures.

:class:`FuelSupply` describes the site's diesel tank and its resupply by road
tanker; :class:`RoadClosures` the days the road is shut (a fixed schedule, seeded
random closures by month, or both). ``docs/theory/logistics.md`` gives the model:
an (s, Q) reorder policy in whole truckloads, delivery after a lead time on the
first hour the road is open, and a dry tank that stops the diesel gensets until
the next delivery.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace

from ..errors import check, number, numbers, whole

__all__ = ["FuelSupply", "RoadClosures"]

_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")
#: Days in each month of a common (non-leap) year.
MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def day_of_year(text: str, field: str) -> int:
    """Day of a common year (1..365) of a ``"MM-DD"`` date; an InputError names ``field``."""
    m = _MONTH_DAY.match(text) if isinstance(text, str) else None
    check(m is not None, field, text, "must be a month and day as 'MM-DD'",
          "e.g. '07-10' for 10 July")
    month, day = int(m.group(1)), int(m.group(2))
    check(1 <= month <= 12 and 1 <= day <= MONTH_DAYS[month - 1], field, text,
          "is not a day of a common year", "give a real date, e.g. '02-28' (no 29 February)")
    return sum(MONTH_DAYS[: month - 1]) + day


@dataclass(frozen=True, slots=True, kw_only=True)
class RoadClosures:
    """Days the supply road is closed (snow, landslides, strikes), when no tanker gets through.

    Parameters
    ----------
    periods : sequence of (str, str), optional
        Fixed closures repeated every year, each from its first to its last day
        inclusive as ``"MM-DD"`` dates, e.g. ``[("07-10", "07-16")]``. A period may
        wrap the new year (``("12-28", "01-03")``).
    events_per_month : sequence of 12 floats, optional
        Expected number of random closures starting in each month, January first
        (a Poisson number each month of each year). [1/month]
    mean_duration_days : float
        Mean length of a random closure; lengths are exponential with this mean,
        rounded up to whole time steps. [day]
    seed : int
        Seed of the random closures (the same seed gives the same closures).
    """

    periods: tuple[tuple[str, str], ...] = ()
    events_per_month: tuple[float, ...] | None = None
    mean_duration_days: float = 3.0
    seed: int = 0

    def __post_init__(self):
        check(not isinstance(self.periods, str), "RoadClosures.periods", self.periods,
              "must be a list of (first day, last day) pairs", "e.g. [('07-10', '07-16')]")
        pairs = []
        for k, pair in enumerate(self.periods):
            field = f"RoadClosures.periods[{k}]"
            check(isinstance(pair, tuple | list) and len(pair) == 2, field, pair,
                  "must be a (first day, last day) pair", "e.g. ('07-10', '07-16')")
            day_of_year(pair[0], field)
            day_of_year(pair[1], field)
            pairs.append((str(pair[0]), str(pair[1])))
        object.__setattr__(self, "periods", tuple(pairs))
        if self.events_per_month is not None:
            rates = numbers(self.events_per_month, "RoadClosures.events_per_month", 12,
                            minimum=0.0, fix="12 expected closures per month, January first")
            object.__setattr__(self, "events_per_month", rates)
        _finite(self, "mean_duration_days", minimum=0.0, strict=True,
                fix="the mean length of a closure in days, e.g. 3")
        object.__setattr__(self, "seed", whole(self.seed, "RoadClosures.seed"))

    def day_ranges(self) -> list[tuple[int, int]]:
        """The fixed periods as (first, last) days of a common year, 1-based, inclusive."""
        return [(day_of_year(a, "RoadClosures.periods"), day_of_year(b, "RoadClosures.periods"))
                for a, b in self.periods]


@dataclass(frozen=True, slots=True, kw_only=True)
class FuelSupply:
    """The site's diesel tank and its resupply by road tanker.

    Parameters
    ----------
    tank_capacity_l : float, optional
        Usable capacity of the site's tank farm. ``None`` sizes it to hold
        ``min_autonomy_days`` of the design's mean daily diesel use. [L]
    existing_tank_l : float
        Tank capacity already on site (no capital cost). [L]
    initial_level_l : float, optional
        Level at the start of the period; full when omitted. [L]
    truck_capacity_l : float
        One tanker's load; orders are whole truckloads. [L]
    lead_time_h : float
        From placing an order to the tanker's arrival with the road open. [h]
    reorder_level_l : float, optional
        An order is placed when the level plus what is on order falls to this;
        default the diesel use of ``lead_time_h + min_autonomy_days`` at the
        design's mean rate, at most a tank less one truckload. [L]
    min_autonomy_days : float
        Days of mean diesel use the tank must hold: sizes the tank when
        ``tank_capacity_l`` is None, sets the default reorder level and is the
        autonomy the report checks. [day]
    price_at_port_per_l : float, optional
        Diesel price at the port or refinery; the delivered price adds the
        haulage. ``None``: the project's ``fuel_price_per_l`` is the delivered
        price. [currency/L]
    road_km : float
        One-way road distance from the port or depot to the site. [km]
    haulage_per_l_km : float
        Haulage tariff per litre and km of road (one way). [currency/(L·km)]
    truck_co2_kg_per_km : float
        CO2 of the tanker per km driven, counted over the round trip. [kg/km]
    tank_capex_per_l : float
        Installed cost of new tank capacity (bunded steel tanks). [currency/L]
    closures : RoadClosures, optional
        When the road is shut; always open when omitted.
    """

    tank_capacity_l: float | None = None
    existing_tank_l: float = 0.0
    initial_level_l: float | None = None
    truck_capacity_l: float = 30_000.0
    lead_time_h: float = 72.0
    reorder_level_l: float | None = None
    min_autonomy_days: float = 10.0
    price_at_port_per_l: float | None = None
    road_km: float = 0.0
    haulage_per_l_km: float = 0.0
    truck_co2_kg_per_km: float = 1.0
    tank_capex_per_l: float = 1.0
    closures: RoadClosures | None = None

    def __post_init__(self):
        for name, fix in (("tank_capacity_l", "the usable tank capacity in litres"),
                          ("initial_level_l", "the level at the start in litres"),
                          ("reorder_level_l", "the level that triggers an order, in litres"),
                          ("price_at_port_per_l", "the diesel price at the port per litre")):
            if getattr(self, name) is not None:
                _finite(self, name, minimum=0.0, strict=name == "tank_capacity_l", fix=fix)
        _finite(self, "existing_tank_l", fix="litres of tank already on site, 0 for none")
        _finite(self, "truck_capacity_l", strict=True, fix="one tanker's load, e.g. 30000 L")
        _finite(self, "lead_time_h", fix="hours from order to delivery, e.g. 72")
        _finite(self, "min_autonomy_days", fix="days of diesel use the tank holds, e.g. 10")
        _finite(self, "road_km", fix="one-way road distance in km")
        _finite(self, "haulage_per_l_km", fix="haulage tariff per litre and km")
        _finite(self, "truck_co2_kg_per_km", fix="about 1 kg CO2/km for a road tanker")
        _finite(self, "tank_capex_per_l", fix="installed cost per litre of new tank")
        check(self.closures is None or isinstance(self.closures, RoadClosures),
              "FuelSupply.closures", type(self.closures).__name__,
              "must be a minegrid.RoadClosures or None", "pass RoadClosures(periods=[...])")
        cap = self.tank_capacity_l
        if cap is not None:
            check(self.truck_capacity_l <= cap, "FuelSupply.truck_capacity_l",
                  self.truck_capacity_l, f"must be at most the tank capacity ({cap:g} L)",
                  "a truckload must fit in the tank: use a smaller truck or a larger tank")
            if self.initial_level_l is not None:
                check(self.initial_level_l <= cap, "FuelSupply.initial_level_l",
                      self.initial_level_l, f"must be at most the tank capacity ({cap:g} L)",
                      "give a level the tank can hold")
            if self.reorder_level_l is not None:
                check(self.reorder_level_l <= cap - self.truck_capacity_l,
                      "FuelSupply.reorder_level_l", self.reorder_level_l,
                      f"must be at most the tank less one truckload ({cap:g} - "
                      f"{self.truck_capacity_l:g} L)", "lower it so that a truckload fits")
        if self.tank_capacity_l is None and self.min_autonomy_days == 0:
            check(False, "FuelSupply.min_autonomy_days", 0.0,
                  "must be > 0 when tank_capacity_l is None (it sizes the tank)",
                  "give tank_capacity_l or the days of autonomy to size the tank for")

    def replace(self, **changes) -> FuelSupply:
        """A copy with some fields changed (validated again)."""
        return replace(self, **changes)

    def to_dict(self) -> dict:
        """Fields as a plain dict (units in the keys)."""
        return asdict(self)

    @property
    def lead_time_days(self) -> float:
        """``lead_time_h`` in days. [day]"""
        return self.lead_time_h / 24.0

    def delivered_price(self, project) -> float:
        """Delivered diesel price: ``price at port + haulage_per_l_km × road_km``, or the
        project's ``fuel_price_per_l`` when no port price is given. [currency/L]"""
        if self.price_at_port_per_l is None:
            return float(project.fuel_price_per_l)
        return self.price_at_port_per_l + self.haulage_per_l_km * self.road_km

    def tank_for(self, mean_daily_l: float) -> float:
        """The tank capacity for a design using ``mean_daily_l`` of diesel a day: the given
        capacity, else ``min_autonomy_days`` of it, never below one truckload. [L]"""
        if self.tank_capacity_l is not None:
            return self.tank_capacity_l
        return max(self.min_autonomy_days * mean_daily_l, self.truck_capacity_l)

    def tank_capital(self, capacity_l: float) -> float:
        """Capital cost of the tank capacity beyond what is on site. [currency]"""
        return self.tank_capex_per_l * max(capacity_l - self.existing_tank_l, 0.0)

    def reorder_for(self, capacity_l: float, mean_daily_l: float) -> float:
        """The reorder level for a tank of ``capacity_l`` and a mean use of ``mean_daily_l``
        a day: the given level, else the use over the lead time and the autonomy days,
        at most a tank less one truckload. [L]"""
        if self.reorder_level_l is not None:
            return self.reorder_level_l
        days = self.lead_time_days + self.min_autonomy_days
        return min(days * mean_daily_l, capacity_l - self.truck_capacity_l)


def _finite(obj, name: str, *, minimum: float = 0.0, strict: bool = False, fix: str = ""):
    value = number(getattr(obj, name), f"{type(obj).__name__}.{name}", minimum=minimum,
                   strict=strict, fix=fix)
    object.__setattr__(obj, name, value)
