"""Studies at scale: sensitivity sweeps, uncertainty and many-site studies.

Modules: :mod:`~minegrid.study.points` (the base case and its points),
:mod:`~minegrid.study.run` (chunks, executors, pricing, :func:`sweep`),
:mod:`~minegrid.study.store` (resumable results),
:mod:`~minegrid.study.uncertain` (:func:`uncertainty`),
:mod:`~minegrid.study.sites` (:func:`many_sites`),
:mod:`~minegrid.study.winners` (:func:`architecture_winners`: which architecture
wins where over a grid of two parameters);
the tornado, spider and architecture-map charts are :func:`minegrid.plots.tornado`,
:func:`minegrid.plots.spider` and :func:`minegrid.plots.architecture_map` (also
reachable here). A scenario file's ``[sensitivity]`` table runs a sweep and a
two-way map from ``minegrid run`` (:mod:`minegrid.scenario.sensitivity`).

A study is a **base case** (:class:`BaseCase`: a system, its profiles, a
project, and optional alternatives: weather years, load variants, sites,
designs, fuel-price paths) and a **table of points**; each point overrides
some parameters, addressed by name:

==============================  ===========================================================
name                            meaning
==============================  ===========================================================
``project.<field>``             a :class:`~minegrid.Project` field, e.g.
                                ``project.fuel_price_per_l``, ``project.discount_rate``,
                                ``project.carbon_price_per_t``, ``project.lifetime_years``
``pv.<field>``, ``wind.<field>``  a component field, e.g. ``pv.capex_per_kw``,
``battery.<field>``,            ``battery.energy_kwh``, ``genset.min_load_ratio``,
``genset.<field>``,             ``dispatch.strategy`` (a missing component is created
``dispatch.<field>``            with its defaults)
``capex_multiplier.<c>``        multiplies the capital costs per unit of component ``c``
                                (``pv``, ``wind``, ``battery``, ``genset`` or ``all``) [-]
``load_scale``                  multiplies the load profile [-]
``pv_kw``, ``n_turbines``,      design sizes, as in :func:`minegrid.simulate_batch`
``battery_kwh``, ``battery_kw``,  (``battery_kwh`` alone keeps the power-to-energy ratio)
``n_units``, ``unit_kw``
``weather_year``                a key of ``BaseCase.weather_years`` (PV, wind, derating)
``load_variant``                a key of ``BaseCase.load_variants`` (a load profile)
``site``                        a key of ``BaseCase.sites`` (a site's own profiles)
``design``                      a key of ``BaseCase.designs`` (a whole system)
``fuel_price_path``             a key of ``BaseCase.fuel_price_paths``: yearly prices,
                                priced as their levelised value (see below)
==============================  ===========================================================

Unknown names raise :class:`~minegrid.InputError` with the closest valid names.

Reuse of work
-------------
Each point resolves to a system, a project and a profile set. Points whose
kernel parameters (sizes, efficiencies, dispatch rules) and profiles agree
share one dispatch: prices, rates, capex and lifetimes change only the
economics, which are computed again from the stored yearly statistics with
:func:`minegrid.economics.price_designs`. Distinct dispatches are packed into
chunks of up to ``chunk_size`` designs; a chunk is one task for the executor
(:mod:`minegrid.executors`) and one call of the batch kernel per profile set
in it, so scheduler overhead (milliseconds per task) stays small next to the
kernel's tens of microseconds per design-year.

Resuming
--------
With ``store=<directory>``, each completed chunk is written as one file named
by a SHA-256 hash of its inputs (profiles, kernel parameters; for re-sizing
also system, project, design space, requirements and options): ``.npy`` for
the kernel's statistics, JSON for re-sized points (both round-trip floats
exactly). Running the same study again loads the chunks already there and
computes only the missing ones, so an interrupted study resumes where it
stopped and gives the same table. The table's ``attrs`` say how many chunks
were computed and reused. Delete the store after changing minegrid's kernel.

Fuel-price paths
----------------
A path ``p_1 .. p_N`` [currency/L] (one price per project year) is priced
as its levelised value ``p̄ = Σ p_k d_k / Σ d_k`` with ``d_k = (1 + i)^-k``:
the constant price with the same present value of fuel cost, exact because
the yearly fuel use of a design is the same every year.

Uncertainty definitions
-----------------------
The scenarios of :func:`uncertainty` (weather year × load variant ×
fuel-price path) are equally likely. For a quantity where more is worse
(cost, fuel, unserved energy), **P50** is its median over the scenarios and
**P90** its 90th percentile: the value not exceeded in 90 % of the
scenarios (linear interpolation between order statistics, numpy's default
``method="linear"``). The design **cheapest in expectation** has the lowest
mean NPC over the scenarios; the design **cheapest at P90** the lowest P90
NPC.
"""


from ..economics import levelised_price
from ..profiles import ProfileRecipe, Resource
from ..progress import StudyProgress
from .points import BaseCase, parameter_names
from .run import OUTPUTS, SIZE_COLUMNS, sweep
from .sites import many_sites
from .uncertain import UNCERTAIN_OUTPUTS, UncertaintyResult, uncertainty
from .winners import architecture_winners

__all__ = ["BaseCase", "Resource", "ProfileRecipe", "UncertaintyResult", "StudyProgress",
           "sweep", "uncertainty", "many_sites", "architecture_winners", "tornado", "spider",
           "architecture_map", "parameter_names",
           "levelised_price", "OUTPUTS", "SIZE_COLUMNS", "UNCERTAIN_OUTPUTS"]


def __getattr__(name: str):
    # the charts live in minegrid.plots; imported on first use (matplotlib is heavy)
    if name in ("tornado", "spider", "architecture_map"):
        from .. import plots

        return getattr(plots, name)
    raise AttributeError(f"module 'minegrid.study' has no attribute {name!r}")
