"""Grid-connected and weak-grid mines: tariffs, the grid bill, outages and PPAs.

The data model and the money of a grid connection, independent of the dispatch: the
dispatch produces step-average import and export at the connection point (kW, both >= 0)
and, with outages, runs the site as an island where ``grid_available`` is False; these
functions price the flows.

* :mod:`~minegrid.grid.tariff`: :class:`TariffPeriod`, :class:`Tariff`,
  :class:`DemandCharge`, :class:`ContractedCapacity`, :func:`import_price`;
* :mod:`~minegrid.grid.connection`: :class:`GridConnection`;
* :mod:`~minegrid.grid.bill`: :func:`grid_bill` (one design) and
  :func:`billing_calendar` + :func:`bill_arrays` (a batch of designs);
* :mod:`~minegrid.grid.outages`: :func:`grid_available`, :func:`random_outages`,
  :func:`outage_summary`;
* :mod:`~minegrid.grid.ppa`: :class:`PPA`, :func:`ppa_available_kw`, :func:`ppa_cost`.

``docs/theory/grid.md`` gives the equations and their sources.
"""

from __future__ import annotations

from .bill import (
    BILL_COLUMNS,
    BillingCalendar,
    GridBill,
    bill_arrays,
    billing_calendar,
    by_year,
    check_grid_flows,
    grid_bill,
    monthly_peak_kw,
    monthly_sum,
)
from .connection import GridConnection, co2_factor, export_price
from .outages import (
    HOURS_PER_YEAR,
    OutageSummary,
    expected_availability,
    grid_available,
    outage_summary,
    random_outage_events,
    random_outages,
)
from .ppa import PPA, PPACost, ppa_available_kw, ppa_cost, ppa_year_costs
from .tariff import (
    ALL_HOURS,
    ALL_MONTHS,
    ALL_WEEKDAYS,
    SATURDAY,
    SUNDAY,
    WEEKDAYS_MON_FRI,
    ContractedCapacity,
    DemandCharge,
    Tariff,
    TariffPeriod,
    chargeable_steps,
    import_price,
    period_of_step,
)

__all__ = [
    "TariffPeriod", "Tariff", "DemandCharge", "ContractedCapacity", "import_price",
    "period_of_step", "chargeable_steps", "ALL_HOURS", "ALL_WEEKDAYS", "ALL_MONTHS",
    "WEEKDAYS_MON_FRI", "SATURDAY", "SUNDAY",
    "GridConnection", "export_price", "co2_factor",
    "BillingCalendar", "GridBill", "billing_calendar", "monthly_peak_kw", "monthly_sum",
    "check_grid_flows", "bill_arrays", "grid_bill", "by_year", "BILL_COLUMNS",
    "grid_available", "random_outage_events", "random_outages", "outage_summary",
    "OutageSummary", "expected_availability", "HOURS_PER_YEAR",
    "PPA", "PPACost", "ppa_available_kw", "ppa_year_costs", "ppa_cost",
]
