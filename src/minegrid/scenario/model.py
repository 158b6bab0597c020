"""The :class:`Scenario`: a checked scenario file that builds and runs its study."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, is_number
from .schema import EXAMPLE_MINES, Context, build, check_table, dataclass_spec, tuplify

__all__ = ["Scenario"]


@dataclass(frozen=True, eq=False)
class Scenario:
    """A study read from a TOML scenario file (see the module docstring for the format).

    Attributes
    ----------
    data : dict
        The parsed, checked TOML content.
    path : pathlib.Path or None
        The file it came from (relative paths in it are resolved from its folder).
    name : str
        ``[study] name``, or the file's stem.
    title : str
        Report title.
    """

    data: dict
    path: Path | None = None
    name: str = "scenario"
    title: str = "Hybrid power system study"
    _ctx: Context | None = field(default=None, repr=False)

    @property
    def year(self) -> int:
        """Calendar year of the hourly index. [year]"""
        return int(self.data.get("study", {}).get("year", 2023))

    @property
    def can_size(self) -> bool:
        """True when the scenario has a ``[design_space]`` table."""
        return "design_space" in self.data

    def _resolve(self, p: str) -> Path:
        path = Path(p)
        if not path.is_absolute() and self.path is not None:
            path = self.path.parent / path
        return path

    # ------------------------------------------------------------------ pieces
    def site(self):
        """The :class:`minegrid.Site` of ``[site]`` (None without that table)."""
        from ..weather import Site

        if "site" not in self.data:
            return None
        return build(self._ctx, "site", Site, dict(self.data["site"]))

    def weather(self, *, seed: int | None = None, path: str | None = None):
        """``(weather, site)``: the hourly weather frame and its site.

        ``seed`` replaces the synthetic weather's seed, ``path`` the weather file (both
        for ``[weather_years]``: other draws or other measured years)."""
        from ..weather import read_weather, synthetic_weather

        w = dict(self.data.get("weather", {"source": "synthetic"}))
        source = w.pop("source", "synthetic")
        if seed is not None:
            w["seed"] = seed
        if path is not None:
            w["path"] = path
        site = self.site()
        ctx = self._ctx
        if source == "synthetic":
            if site is None:
                raise ctx.error("site", None, "is missing (synthetic weather needs the site)",
                                "add [site] with latitude_deg, longitude_deg, altitude_m, tz")
            w.setdefault("year", self.year)
            for key in ("monthly_clearness", "monthly_wind_speed_m_s", "monthly_temp_air_c",
                        "monthly_ghi_kwh_m2", "daily_ghi_kwh_m2"):
                if key in w:
                    w[key] = list(w[key])
            if "cloudiness" in w:
                raise ctx.error("weather", "cloudiness", "cannot be given in a scenario file",
                                "use monthly_ghi_kwh_m2, daily_ghi_kwh_m2, climate or "
                                "calibrate_from = \"nearby.epw\"")
            try:
                if "calibrate_from" in w:
                    w["cloudiness"] = self._cloudiness_from_file(w.pop("calibrate_from"), w)
                return synthetic_weather(site, **w), site
            except InputError as exc:
                raise ctx.locate(exc, "weather", w) from None
        path = self._resolve(w.pop("path"))
        try:
            weather, file_site = read_weather(path, site=site, **w)
        except InputError as exc:
            raise ctx.locate(exc, "weather", [*w, "path"], default="path") from None
        return weather, site if site is not None else file_site

    def _cloudiness_from_file(self, path: str, w: dict):
        """Cloudiness fitted to a nearby weather file (its clear-sky index, at its own site);
        its monthly wind and temperature too unless the table gives them."""
        from ..weather import calibrate_cloudiness, monthly_climate, read_weather

        weather, file_site = read_weather(self._resolve(path))
        means = monthly_climate(weather, file_site)
        w.setdefault("monthly_wind_speed_m_s", list(means["wind_speed"]))
        w.setdefault("monthly_temp_air_c", list(means["temp_air"]))
        cloud = calibrate_cloudiness(file_site, weather=weather, climate=w.pop("climate", None))
        return cloud.replace(calibration=f"fitted to {self._resolve(path).name}")

    def load(self, index, site):
        """The load on the weather's ``index``. [kW]"""
        from .. import mine as _mine
        from ..load import align_to, read_load

        ld = dict(self.data.get("load", {}))
        keys = list(ld)
        repair = ld.get("repair", False)  # read_load's repair also fills uncovered days
        source = ld.pop("source", "example")
        scale = ld.pop("scale", 1.0)
        ctx = self._ctx
        if not (is_number(scale) and 0.0 <= scale < float("inf")):
            raise ctx.error("load", "scale", f"= {scale!r} must be a finite number >= 0",
                            "give the factor the load is multiplied by, e.g. 1.0")
        seed = ld.pop("seed", 0)
        try:
            if source == "example":
                mine = getattr(_mine, EXAMPLE_MINES[ld.pop("example", "gold_mine")])()
                load = mine.build(self.year, tz=site.tz, seed=seed)
            elif source == "file":
                path = self._resolve(ld.pop("path"))
                ld.setdefault("tz", site.tz)
                load = read_load(path, **ld)
            else:
                mine = self._mine()
                load = mine.build(self.year, tz=site.tz, seed=seed)
        except InputError as exc:
            raise ctx.locate(exc, "load", keys) from None
        if len(load) == len(index) and (load.index == index).all():
            pass
        elif len(load) == len(index) and source != "file":
            load = load.set_axis(index)
        else:
            try:
                load = align_to(load, index, repair=repair)
            except InputError as exc:
                raise ctx.locate(exc, "load", keys) from None
        return load * scale

    def _mine(self):
        from ..mine import MaintenanceWindow, MineLoad, OperatingCalendar, ProcessArea, Shutdown

        ctx = self._ctx
        ld = self.data["load"]
        areas = [build(ctx, "load.areas", ProcessArea, dict(a), index=i)
                 for i, a in enumerate(ld["areas"])]
        cal = dict(ld.get("calendar", {}))
        maint = [build(ctx, "load.calendar.maintenance", MaintenanceWindow,
                        {k: tuplify(v) for k, v in m.items()}, index=i)
                 for i, m in enumerate(cal.pop("maintenance", []))]
        shut = [build(ctx, "load.calendar.shutdowns", Shutdown,
                       {k: tuplify(v) for k, v in s.items()}, index=i)
                for i, s in enumerate(cal.pop("shutdowns", []))]
        cal = {k: tuplify(v) for k, v in cal.items()}
        calendar = build(ctx, "load.calendar", OperatingCalendar,
                          dict(cal, maintenance=tuple(maint), shutdowns=tuple(shut)))
        return build(ctx, "load", MineLoad,
                      {"areas": tuple(areas), "calendar": calendar,
                       "name": self.name})

    @property
    def is_plant(self) -> bool:
        """True when the scenario has a plant of genset types (``[[gensets]]``)."""
        return "gensets" in self.data

    def system(self):
        """The :class:`minegrid.System` of the component tables (a plant: ``[[gensets]]``)."""
        from ..components import Battery, Dispatch, GensetFleet, PVPlant, System, WindPlant
        from .plant import plant_fleets, plant_fuels, supply

        ctx = self._ctx
        d = self.data
        parts = {}
        for name, cls in (("pv", PVPlant), ("wind", WindPlant), ("battery", Battery),
                          ("genset", GensetFleet), ("dispatch", Dispatch)):
            if name not in d:
                continue
            fields_ = {f.name for f in dataclasses.fields(cls)}
            kwargs = {k: v for k, v in d[name].items() if k in fields_}
            if name == "wind" and "turbine_rated_kw" not in kwargs and "turbine_type" in d[name]:
                from ..generation import turbine_rated_kw

                kwargs["turbine_rated_kw"] = turbine_rated_kw(d[name]["turbine_type"])
            keys = None
            if name == "dispatch" and isinstance(kwargs.get("motor_starts"), list):
                from ..components import MotorStart

                kwargs["motor_starts"] = tuple(
                    build(ctx, "dispatch.motor_starts", MotorStart, m, i)
                    for i, m in enumerate(kwargs["motor_starts"]))
            if name == "genset" and "fuel" in kwargs:  # a fuel of [fuels.<name>]
                kwargs = {k: tuplify(v) for k, v in kwargs.items()}
                kwargs["fuel"] = supply(plant_fuels(d, ctx), kwargs["fuel"])
                keys = sorted(kwargs, key=len, reverse=True)  # not "fuel" for "fuel_..."
            parts[name] = build(ctx, name, cls, kwargs, keys=keys)
        if self.is_plant:
            parts["gensets"] = plant_fleets(d, ctx)
        if "merit_order" in d.get("dispatch", {}):
            parts["merit_order"] = d["dispatch"]["merit_order"]
        return System(**parts)

    def fuel_supply(self):
        """The :class:`minegrid.FuelSupply` of ``[fuel_supply]`` (None without it)."""
        from .logistics import fuel_supply

        return fuel_supply(self.data, self._ctx)

    def haul_fleet(self):
        """``(HaulFleet, smart_charging)`` of ``[haul_fleet]`` (``(None, False)`` without it)."""
        from .haul import haul_fleet

        return haul_fleet(self.data, self._ctx)

    def project(self):
        """The :class:`minegrid.Project` of ``[project]``."""
        from ..components import Project

        return build(self._ctx, "project", Project, dict(self.data.get("project", {})))

    # ------------------------------------------------------------------ whole study
    def build(self, *, weather=None, soiling_detail: bool = True):
        """Weather, load, profiles, system and project of the study.

        ``weather``: a ``(weather, site)`` pair to use instead of ``[weather]`` (one of
        the years of :meth:`weather_years`). ``soiling_detail=False`` leaves out the
        clean-module PV profile of ``[pv.soiling]`` (``soiling`` None; the profiles are
        the same), for the weather years, which read the profiles only.

        Returns
        -------
        minegrid.datasets.Example
            With ``site``, ``weather``, ``load_kw``, ``pv_kw_per_kw``,
            ``wind_kw_per_turbine``, ``genset_availability``, ``profiles``,
            ``system`` and ``project``.
        """
        from ..components import WindPlant
        from ..datasets import Example
        from ..generation import build_resource
        from ..profiles import Profiles
        from .plant import fleet_derating

        ctx = self._ctx
        system = self.system()
        project = self.project()
        supply = self.fuel_supply()
        if supply is not None:  # every stage prices diesel at the delivered price
            from ..logistics.run import supplied_project

            try:
                project = supplied_project(system, project, supply)
            except InputError as exc:
                raise ctx.locate(exc, "fuel_supply", ["price_at_port_per_l"]) from None
        weather, site = self.weather() if weather is None else weather
        load = self.load(weather.index, site)
        d = self.data
        pv_opts = self.pv_options()
        run, clean, system = self._soiling(weather, site, pv_opts, system, soiling_detail)
        wind_opts = {k: v for k, v in d.get("wind", {}).items()
                     if k not in {f.name for f in dataclasses.fields(WindPlant)}}
        turbine = wind_opts.get("turbine_type", "")
        if "wind" in d:
            if "hub_height_m" not in wind_opts:
                raise ctx.error("wind", None, "is missing hub_height_m",
                                "add hub_height_m = 80 (the turbine's hub height in m)")
            if "power_curve" in wind_opts:
                wind_opts["power_curve"] = dict(wind_opts["power_curve"])
        res = build_resource(
            weather, site, pv=pv_opts if "pv" in d else None,
            wind=wind_opts if "wind" in d else None,
            derating=dict(d.get("genset", {}).get("derating", {})),
            labels={"pv": ctx.where("pv"), "wind": ctx.where("wind"),
                    "derating": ctx.where("genset.derating")})
        soiling = None
        if run is not None and soiling_detail:
            from ..soiling import PVSoiling

            soiling = PVSoiling(run=run, pv_kw=system.pv.rated_kw, clean_kw_per_kw=clean,
                                soiled_kw_per_kw=res.pv_kw_per_kw)
        own_a, own_f = fleet_derating(d, ctx, weather, site)
        try:
            if own_a:  # genset types with their own derating (Profiles.fleet_availability)
                profiles = Profiles(load_kw=load, pv_kw_per_kw=res.pv_kw_per_kw,
                                    wind_kw_per_turbine=res.wind_kw_per_turbine,
                                    genset_availability=res.genset_availability,
                                    genset_fuel_multiplier=res.genset_fuel_multiplier,
                                    weather_source=res.weather_source,
                                    fleet_availability=own_a, fleet_fuel_multiplier=own_f)
            else:
                profiles = Profiles.from_resource(load, res)
        except InputError as exc:
            raise ctx.locate(exc, "load", list(d.get("load", {}))) from None
        fleet, smart = self.haul_fleet()
        haul = mine_profiles = None
        if fleet is not None:  # [haul_fleet]: its load joins the mine's (docs/theory/haulage.md)
            from ..mine import haul_for_design, with_haul_load

            try:
                haul = haul_for_design(fleet, system, profiles, smart_charging_on=smart)
            except InputError as exc:
                raise ctx.locate(exc, "haul_fleet", ["charger_count", "battery_kwh"]) from None
            mine_profiles = profiles
            profiles = with_haul_load(profiles, haul)
            load = load + haul.frame["load_kw"].to_numpy()
        return Example(name=self.name, description=d.get("study", {}).get("description", ""),
                       site=site, weather=weather, load_kw=load,
                       pv_kw_per_kw=res.pv_kw_per_kw, wind_kw_per_turbine=res.wind_kw_per_turbine,
                       genset_availability=res.genset_availability, profiles=profiles,
                       system=system, project=project, turbine_type=turbine,
                       design_space=self.design_space() if self.can_size else None,
                       requirements=self.requirements() if "requirements" in d else None,
                       haul=haul, soiling=soiling, mine_profiles=mine_profiles)

    def weather_years(self, progress=None):
        """The profiles of each year of ``[weather_years]`` (None without that table), each
        built like the scenario's own (load, soiling, haul fleet, derating) on that year's
        weather: see :mod:`minegrid.scenario.years`."""
        from .years import years_profiles

        return years_profiles(self, progress=progress)

    def haul_for(self, built, system):
        """``built`` with the haul fleet's charging re-planned for ``system`` (e.g. a sized
        design): smart charging follows that design's PV and wind surplus. ``built``
        itself without ``[haul_fleet]``.

        Returns
        -------
        minegrid.datasets.Example
            With ``haul``, ``profiles`` (mine plus haul load) and ``load_kw`` for ``system``.
        """
        if built.haul is None or built.mine_profiles is None:
            return built
        from ..mine import haul_for_design, with_haul_load

        try:
            haul = haul_for_design(built.haul.fleet, system, built.mine_profiles,
                                   smart_charging_on=built.haul.smart)
        except InputError as exc:
            raise self._ctx.locate(exc, "haul_fleet", ["charger_count", "battery_kwh"]) \
                from None
        load = built.load_kw - built.haul.frame["load_kw"].to_numpy() \
            + haul.frame["load_kw"].to_numpy()
        return dataclasses.replace(built, haul=haul, load_kw=load,
                                   profiles=with_haul_load(built.mine_profiles, haul))

    def soiling_spec(self):
        """The checked ``[pv.soiling]`` table (None without it): see
        :mod:`minegrid.scenario.soiling`."""
        from .soiling import soiling_spec

        return soiling_spec(self.data, self._ctx)

    def pv_options(self) -> dict:
        """The :func:`minegrid.pv_profile` options of ``[pv]`` (not the plant's fields, nor
        the ``[pv.soiling]`` table)."""
        from ..components import PVPlant

        fields_ = {f.name for f in dataclasses.fields(PVPlant)} | {"soiling"}
        return {k: v for k, v in self.data.get("pv", {}).items() if k not in fields_}

    def optimise_cleaning(self, built, system=None):
        """The cleaning interval of least NPC (:func:`minegrid.soiling.optimise_cleaning`)
        for ``system`` (default the scenario's), or None without ``[pv.soiling]``.

        ``system`` carries the cleaning cost of the scenario's schedule in its PV O&M, as
        every stage of a scenario does; it is taken out before each candidate is priced.
        """
        spec = self.soiling_spec()
        if spec is None or built.soiling is None:
            return None
        from ..soiling import DEFAULT_INTERVALS_DAYS, optimise_cleaning, without_cleaning_cost

        system = built.system if system is None else system
        try:
            return optimise_cleaning(
                without_cleaning_cost(system, built.soiling.run), built.profiles,
                built.weather, built.site, spec.soiling, pv=self.pv_options(),
                project=built.project, intervals_days=spec.intervals_days or
                DEFAULT_INTERVALS_DAYS)
        except InputError as exc:
            raise self._ctx.locate(exc, "pv.soiling", ["intervals_days"]) from None

    def _soiling(self, weather, site, pv_opts: dict, system, clean_profile: bool = True):
        """``(SoilingLoss, clean PV per kW, system)``, or ``(None, None, system)`` without
        ``[pv.soiling]``: the loss goes into ``pv_opts`` (so the PV profile is the soiled
        one) and the cleanings into the PV O&M; ``clean_profile`` False: no clean PV."""
        spec = self.soiling_spec()
        if spec is None:
            return None, None, system
        from ..generation import pv_profile
        from ..soiling import soiling_loss, with_cleaning_cost

        try:
            run = soiling_loss(weather, spec.soiling)
            clean = (pv_profile(weather, site, **dict(pv_opts, soiling=0.0))
                     if clean_profile else None)
        except InputError as exc:
            raise self._ctx.locate(exc, "pv.soiling", list(self.data["pv"]["soiling"])) \
                from None
        pv_opts["soiling"] = run
        return run, clean, with_cleaning_cost(system, run)

    def run(self, *, dispatch: bool = True, built=None):
        """Simulate the scenario's system and its base case (diesel only; for a plant of
        genset types, the types alone: :func:`minegrid.plantsim.gensets_only`).

        Parameters
        ----------
        dispatch : bool
            Keep the hourly dispatch (``result.dispatch``).
        built : minegrid.datasets.Example, optional
            The output of :meth:`build`, to avoid building twice.

        Returns
        -------
        SimulationResult
        """
        from ..simulation import simulate

        b = self.build() if built is None else built
        return simulate(b.system, b.profiles, project=b.project, dispatch=dispatch,
                        fuel_supply=self.fuel_supply())

    def design_space(self):
        """The :class:`minegrid.DesignSpace` of ``[design_space]``."""
        from ..sizing import DesignSpace

        ctx = self._ctx
        if "design_space" not in self.data:
            raise ctx.error("design_space", None, "is missing (sizing needs it)",
                            "add [design_space] with ranges, e.g. pv_kw = [0, 15000]")
        kwargs = {k: tuple(v) if isinstance(v, list) else v
                  for k, v in self.data["design_space"].items()}
        if isinstance(kwargs.get("type_units"), dict):  # [design_space.type_units] of a plant
            kwargs["type_units"] = {k: tuplify(v) for k, v in kwargs["type_units"].items()}
        check_table(ctx, "design_space", kwargs, {f.name: None for f in
                                                   dataclasses.fields(DesignSpace)})
        return build(ctx, "design_space", DesignSpace, kwargs)

    def requirements(self):
        """The :class:`minegrid.Requirements` of ``[requirements]``."""
        from ..sizing import Requirements

        ctx = self._ctx
        data = dict(self.data.get("requirements", {}))
        check_table(ctx, "requirements", data, dataclass_spec(Requirements))
        return build(ctx, "requirements", Requirements, data)

    def size(self, *, built=None, progress=True, years=None, **options):
        """Size the system over ``[design_space]`` with ``[requirements]`` (needs minegrid.sizing).

        Parameters
        ----------
        built : minegrid.datasets.Example, optional
            The output of :meth:`build`.
        progress : bool or object
            Passed to :func:`minegrid.size`.
        years : list of Profiles, optional
            Size over these weather years (:meth:`weather_years`) instead of the
            scenario's own weather.
        **options
            Override ``[sizing]`` options of :func:`minegrid.size`.

        Returns
        -------
        SizingResult
        """
        from ..sizing import size

        b = self.build() if built is None else built
        opts = self.sizing_options(b)
        opts.update(options)
        try:
            return size(b.system, b.profiles if years is None else years, self.design_space(),
                        self.requirements(), project=b.project, progress=progress,
                        fuel_supply=self.fuel_supply(), **opts)
        except InputError as exc:
            table = "requirements" if "year_percentile" in str(exc) else "sizing"
            raise self._ctx.locate(exc, table, opts if table == "sizing" else
                                   ["year_percentile"]) from None

    def size_for_years(self, years, *, built=None, progress=False):
        """The design sized for each of ``[weather_years] percentiles`` over ``years``
        (:func:`minegrid.size_for_years`): ``(table, results)``, or None without
        percentiles."""
        from ..sizing import size_for_years
        from .years import years_options

        pct = years_options(self.data).get("percentiles")
        if not pct:
            return None
        b = self.build() if built is None else built
        opts = self.sizing_options(b)
        return size_for_years(b.system, years, self.design_space(), self.requirements(),
                              percentiles=pct, project=b.project, progress=progress,
                              fuel_supply=self.fuel_supply(), **opts)

    def sizing_options(self, built) -> dict:
        """``[sizing]`` as options of :func:`minegrid.size` (with the process areas' loads
        for ``objective = "npc_plus_lost_value"``: :mod:`minegrid.scenario.shedding`)."""
        from .shedding import sizing_options

        return sizing_options(self, built)

    def area_loads(self, built):
        """The process areas' loads on ``built``'s steps, with their priorities and values (a
        :class:`minegrid.AreaLoads`), or None unless ``[load] source = "areas"``."""
        from .shedding import area_loads

        return area_loads(self, built)

    def shedding(self, built, result):
        """Load shedding by process area of ``result`` (simulated with ``dispatch=True`` on
        ``built``): a :class:`minegrid.Shedding`, or None unless ``[load] source =
        "areas"`` (:mod:`minegrid.scenario.shedding`)."""
        from .shedding import shedding_of

        return shedding_of(self, built, result)

    def sensitivity_spec(self):
        """The checked ``[sensitivity]`` table (None without it): see
        :mod:`minegrid.scenario.sensitivity`."""
        from .sensitivity import sensitivity_spec

        return sensitivity_spec(self.data, self._ctx)

    def sensitivity(self, *, built=None, system=None, progress=True):
        """Run ``[sensitivity]``: the one-at-a-time sweep and the ``[sensitivity.two_way]``
        architecture map (:func:`minegrid.scenario.sensitivity.run_sensitivity`).

        Parameters
        ----------
        built : minegrid.datasets.Example, optional
            The output of :meth:`build`.
        system : System, optional
            The base design of the sweep (default the scenario's), e.g. a sized one.
        progress : bool or object
            As for :func:`minegrid.sweep`.

        Returns
        -------
        SensitivityResult
        """
        from .sensitivity import run_sensitivity

        return run_sensitivity(self, built, system=system, progress=progress)

    def assumptions(self, built=None) -> dict[str, str]:
        """Study-level rows for the report's assumptions table."""
        from .assumptions import scenario_assumptions

        return scenario_assumptions(self, built)
