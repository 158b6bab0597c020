"""The same study at several sites, profiles computed once per site."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ..components import Project, System
from ..errors import check
from ..profiles import ProfileRecipe, Profiles
from .points import BaseCase, points_table
from .run import run_points

__all__ = ["many_sites"]


def many_sites(sites, system: System, *, load_kw=None, weather: Mapping | None = None,
               recipe: ProfileRecipe | None = None, project: Project | None = None,
               parameters=None, kind: str = "one_at_a_time", mode: str = "simulate",
               year: int = 2023, seed=0, space=None, requirements=None,
               size_options: Mapping | None = None, executor=None, store=None, progress=True,
               chunk_size: int = 512):
    """The same study at several sites, profiles computed once per site.

    Parameters
    ----------
    sites : mapping or sequence
        ``{label: Site}`` or ``{label: Profiles}`` (profiles already computed),
        or a list of Sites (labelled by ``Site.name``, else by position).
    system : System
        The design (or the template to re-size with ``mode="size"``).
    load_kw : array-like, Series or mapping, optional
        The load [kW], the same at every site, or ``{label: load}``; needed
        unless every site is given as Profiles.
    weather : mapping, optional
        ``{label: weather frame}``; a site without one gets one generated year
        from :func:`minegrid.synthetic_weather` (``year``, ``seed``).
    recipe : ProfileRecipe, optional
        How weather becomes profiles.
    project : Project, optional
    parameters : mapping or DataFrame, optional
        A sweep run at every site (see :func:`sweep`); default: the base point only.
    kind, mode, executor, store, progress, chunk_size
        As for :func:`sweep`.
    space, requirements, size_options
        For ``mode="size"`` (see :class:`BaseCase`).

    Returns
    -------
    pandas.DataFrame
        :func:`sweep`'s table with a first column ``site``.
    """
    import pandas as pd

    from ..weather import Site

    if isinstance(sites, Mapping):
        items = list(sites.items())
    else:
        check(isinstance(sites, Sequence) and not isinstance(sites, str), "sites",
              type(sites).__name__, "must be a mapping {label: Site} or a list of Sites",
              "e.g. [minegrid.Site(...), ...]")
        items = [(s.name if getattr(s, "name", "") else i, s) for i, s in enumerate(sites)]
    check(len(items) > 0, "sites", sites, "is empty", "give at least one site")
    labels = [label for label, _ in items]
    check(len(set(labels)) == len(labels), "sites", labels, "has duplicate labels",
          "give each site a distinct name")
    recipe = recipe if recipe is not None else ProfileRecipe()
    weather = dict(weather or {})
    profiles = {}
    for label, s in items:
        if isinstance(s, Profiles):
            profiles[label] = s
            continue
        check(isinstance(s, Site), f"sites[{label!r}]", type(s).__name__,
              "must be a minegrid.Site or Profiles", "pass minegrid.Site(...)")
        load = load_kw[label] if isinstance(load_kw, Mapping) else load_kw
        check(load is not None, "load_kw", None, f"is needed for site {label!r}",
              "pass the load profile in kW")
        frame = weather.get(label)
        if frame is None:
            from ..weather import synthetic_weather

            frame = synthetic_weather(s, year=year, seed=seed)
        load = np.asarray(load.to_numpy(dtype=float) if hasattr(load, "to_numpy") else load,
                          dtype=float)
        check(len(frame) == load.size, f"weather of site {label!r}", f"{len(frame)} steps",
              f"must have as many steps as the load ({load.size})",
              "give one year of weather at the load's time step")
        profiles[label] = Profiles.from_resource(load, recipe.resource(frame, s))
    base = BaseCase(system=system, profiles=profiles[labels[0]], project=project,
                    sites=profiles, space=space, requirements=requirements,
                    size_options=dict(size_options or {}))
    if parameters is None:
        points = pd.DataFrame({"site": labels})
    else:
        sweep_points = points_table(base, parameters, kind)
        check("site" not in sweep_points.columns, "parameters", "site",
              "must not vary the site", "many_sites adds the site column itself")
        points = pd.concat([sweep_points.assign(site=label) for label in labels],
                           ignore_index=True)
        points = points[["site", *sweep_points.columns]]
    return run_points(base, points, mode=mode, executor=executor, store=store,
                       progress=progress, chunk_size=chunk_size, all_outputs=False,
                       label="minegrid.many_sites")


