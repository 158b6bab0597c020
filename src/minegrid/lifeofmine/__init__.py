"""Life of mine: multi-year simulation with ageing, a load plan, price paths and a cash flow.

A mine is not a town: its load ramps up, plateaus and declines, and it closes
after 8-25 years. :func:`simulate_life` runs the compiled dispatch kernel once
per year for all the designs at once, chaining the battery's stored energy
from year to year and applying, year by year:

* the load of each year (a production plan, per-year loads or scale factors);
* PV degradation (a rate per year, compounded from installation);
* battery capacity fade from cycling (equivalent full cycles, or rainflow
  counted depth of discharge) and calendar time, with replacement at an
  end-of-life state of health or augmentation to hold capacity;
* genset overhauls and replacements by running hours, PV and wind
  replacements by life;
* fuel and carbon price paths, and carbon rules with a threshold and offsets
  (Chile's green tax);
* salvage or relocation of the assets when the mine closes.

It returns a year-by-year cash flow, the life-of-mine NPC and LCOE, and the
same for the diesel-only base case. :func:`size_life` sizes a design against
the life-of-mine NPC with :func:`minegrid.size`'s search driver. Modules:
:mod:`~minegrid.lifeofmine.inputs` (what changes over the years),
:mod:`~minegrid.lifeofmine.engine` (the year loop),
:mod:`~minegrid.lifeofmine.ageing` (rainflow and wear),
:mod:`~minegrid.lifeofmine.results` (the cash flow),
:mod:`~minegrid.lifeofmine.plant` (a genset plant of several types and fuels: the plant
kernel each year, wear and costs type by type),
:mod:`~minegrid.lifeofmine.sizing` (the life-of-mine model for the search).
Equations and references: ``docs/theory/lifeofmine.md``.
"""

from .ageing import rainflow_cycles
from .engine import simulate_life
from .inputs import AGEING_MODELS, AGEING_RESPONSES, BatteryAgeing, CarbonTax, LifeOfMine, PricePath
from .results import CASH_FLOW_COLUMNS, CASH_FLOW_UNITS, LifeOfMineResult, LifeSavings
from .sizing import SIZE_VARIABLES, LifeModel, size_life

__all__ = ["PricePath", "CarbonTax", "BatteryAgeing", "LifeOfMine", "LifeOfMineResult",
           "LifeSavings", "LifeModel", "simulate_life", "size_life", "rainflow_cycles",
           "AGEING_MODELS", "AGEING_RESPONSES", "CASH_FLOW_COLUMNS", "CASH_FLOW_UNITS",
           "SIZE_VARIABLES"]
