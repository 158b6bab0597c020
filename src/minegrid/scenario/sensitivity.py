"""Scenario files: the sensitivity of a study (``[sensitivity]``), run by ``minegrid run``.

A ``[sensitivity]`` table names study parameters (:mod:`minegrid.study`) and the
values to try, one at a time around the base case; an optional
``[sensitivity.two_way]`` table names two parameters whose grid of values is
searched for the architecture that wins at each point (HOMER's optimal system
type plot)::

    [sensitivity]
    mode = "simulate"                       # re-price the base design; "size": re-size
    output = "npc"                          # what the tornado and spider show
    "project.fuel_price_per_l" = [0.9, 1.2, 1.5]
    "capex_multiplier.pv" = [0.8, 1.2]
    "project.discount_rate" = [0.06, 0.10]
    load_scale = [0.9, 1.1]

    [sensitivity.two_way]                   # needs [design_space]
    "project.fuel_price_per_l" = [0.8, 1.2, 1.6]    # x axis
    "capex_multiplier.pv" = [0.7, 1.0, 1.3]         # y axis

Keys of ``[sensitivity]``:

``mode``
    ``"simulate"`` (default): the base design (the scenario's, or the sized one
    with ``--size``) is simulated and priced at each point; ``"size"``: each
    point is re-sized over ``[design_space]`` with ``[requirements]``.
``output``
    The output the tornado and spider charts show (default ``"npc"``; any of
    :data:`minegrid.study.OUTPUTS`).
``maxiter``, ``popsize``
    The search budget of every re-sizing the sensitivity does (``mode =
    "size"`` and the two-way map): by default the ``[sizing]`` values, at most
    :data:`BUDGET` (10 and 6): a coarse search, so that a grid of points times
    eight architectures takes minutes, not hours. The other ``[sizing]``
    options (method, seed, objective) apply as they are.
any other key
    A study parameter (quote a dotted name) and a non-empty array of values:
    ``project.<field>``, ``pv.<field>``, ``wind.<field>``, ``battery.<field>``,
    ``genset.<field>``, ``dispatch.<field>``, ``capex_multiplier.<c>``
    (``pv``, ``wind``, ``battery``, ``genset`` or ``all``), ``load_scale``, and
    with ``mode = "simulate"`` the design sizes ``pv_kw``, ``n_turbines``,
    ``battery_kwh``, ``battery_kw``, ``n_units``, ``unit_kw``.

``weather_year``, ``load_variant``, ``site``, ``design`` and
``fuel_price_path`` select alternatives that a scenario file cannot define
(it has one weather source and one load): they are refused here; use
:func:`minegrid.sweep` with a :class:`minegrid.study.BaseCase` that holds them.

``[sensitivity.two_way]`` holds exactly two numeric parameters (not design
sizes, which each architecture's sizing decides), the first on the x axis; at
most :data:`MAX_TWO_WAY_POINTS` points. Each point is sized by
:func:`minegrid.study.architecture_winners` (every architecture the design
space allows, each with its own search).

Every problem raises :class:`~minegrid.InputError` naming the file, the line,
the table and key, and the fix.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field

from ..errors import InputError, is_number
from .schema import Context, table_key

__all__ = ["SensitivitySpec", "SensitivityResult", "sensitivity_spec", "validate_sensitivity",
           "run_sweep", "run_two_way", "run_sensitivity", "result_of", "OPTION_KEYS", "BUDGET",
           "MAX_TWO_WAY_POINTS", "NOT_IN_SCENARIOS"]

#: Option keys of ``[sensitivity]`` (every other key is a parameter).
OPTION_KEYS = {"mode": (str,), "output": (str,), "maxiter": (int,), "popsize": (int,)}
#: The largest search budget of a re-sizing by default (the ``[sizing]`` values if smaller).
BUDGET = {"maxiter": 10, "popsize": 6}
#: The most points of a two-way map.
MAX_TWO_WAY_POINTS = 144
#: Parameters that select alternatives a scenario file cannot define.
NOT_IN_SCENARIOS = ("weather_year", "load_variant", "site", "design", "fuel_price_path")
_TABLE = "sensitivity"
_TWO_WAY = table_key("sensitivity", "two_way")


@dataclass(frozen=True, slots=True, kw_only=True)
class SensitivitySpec:
    """A checked ``[sensitivity]`` table.

    Attributes
    ----------
    parameters : dict
        ``{name: [values]}`` tried one at a time (may be empty).
    mode : str
        ``"simulate"`` or ``"size"``.
    output : str
        Output of the tornado and spider charts.
    two_way : dict or None
        ``{x: [values], y: [values]}`` of the architecture map.
    budget : dict
        ``maxiter`` and ``popsize`` given in the table (the defaults are
        applied with the ``[sizing]`` options, :meth:`size_options`).
    """

    parameters: dict
    mode: str = "simulate"
    output: str = "npc"
    two_way: dict | None = None
    budget: dict = field(default_factory=dict)

    def size_options(self, sizing: dict) -> dict:
        """The options of each re-sizing: ``[sizing]`` with the budget of :data:`BUDGET`."""
        opts = dict(sizing)
        for key, cap in BUDGET.items():
            opts[key] = self.budget.get(key, min(int(opts.get(key, cap)), cap))
        return opts


def _flatten(table: dict, prefix: str = "") -> dict:
    """Dotted keys written unquoted (``project.fuel_price_per_l = [...]``) are nested tables
    in TOML: joined back into their names."""
    out = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and not (prefix == "" and key == "two_way"):
            out.update(_flatten(value, f"{name}."))
        else:
            out[name] = value
    return out


def _check_parameter(ctx: Context, table: str, name: str, values, mode: str,
                     two_way: bool) -> list:
    from ..study.points import LABELS, NON_NUMERIC, SIZE_ALIASES, parameter_names

    if name in NOT_IN_SCENARIOS:
        raise ctx.error(table, name, f"selects one of the base case's {LABELS[name]}, which a "
                        "scenario file cannot define (it has one weather source and one load)",
                        "vary load_scale or project.* here, or run minegrid.sweep in Python "
                        f"with minegrid.study.BaseCase({LABELS[name]}={{...}})")
    valid = [n for n in parameter_names() if n not in NOT_IN_SCENARIOS]
    if name not in valid:
        close = difflib.get_close_matches(name, valid, n=3, cutoff=0.5)
        hint = f"did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
        raise ctx.error(table, name, "is not a study parameter nor an option",
                        f'{hint}options: {", ".join(OPTION_KEYS)}; parameters such as '
                        '"project.fuel_price_per_l", "capex_multiplier.pv", load_scale '
                        "(minegrid.study.parameter_names())")
    if name in SIZE_ALIASES and (mode == "size" or two_way):
        where = "each architecture's sizing" if two_way else 'the sizing of mode = "size"'
        raise ctx.error(table, name, f"is a design size, which {where} decides",
                        "vary a price or a multiplier instead" + (
                            "" if two_way else ', or use mode = "simulate"'))
    if not isinstance(values, list) or not values:
        raise ctx.error(table, name, f"= {values!r} must be a non-empty array of values",
                        f"write e.g. {name} = [0.9, 1.1]" if "." not in name
                        else f'write e.g. "{name}" = [0.9, 1.1]')
    text_ok = name in NON_NUMERIC and not two_way
    for v in values:
        ok = (is_number(v) and math.isfinite(v)) or (text_ok and isinstance(v, str))
        if not ok:
            kind = "numbers or names" if text_ok else "finite numbers"
            raise ctx.error(table, name, f"holds {v!r}, but its values must be {kind}",
                            "give e.g. [0.9, 1.1]")
        if (name == "load_scale" and v <= 0) or (name.startswith("capex_multiplier.")
                                                 and v < 0):
            least = "> 0" if name == "load_scale" else ">= 0"
            raise ctx.error(table, name, f"holds {v!r}, but a multiplier must be {least}",
                            "give factors of the base value, e.g. [0.8, 1.2]")
    return list(values)


def sensitivity_spec(data: dict, ctx: Context) -> SensitivitySpec | None:
    """The checked ``[sensitivity]`` of a parsed scenario (None without the table).

    Raises
    ------
    InputError
        Unknown key (with the closest parameter names), wrong type, empty or
        non-numeric values, a parameter a scenario cannot vary, a two-way table
        without two parameters or without ``[design_space]``.
    """
    from ..study import OUTPUTS

    if _TABLE not in data:
        return None
    raw = data[_TABLE]
    if not isinstance(raw, dict):
        raise ctx.error(_TABLE, None, f"must be a table, not {type(raw).__name__}",
                        '[sensitivity] with lines such as "project.fuel_price_per_l" = [...]')
    table = _flatten(raw)
    opts = {}
    for key, kinds in OPTION_KEYS.items():
        if key in table:
            value = table.pop(key)
            if not (isinstance(value, kinds[0]) and not isinstance(value, bool)):
                raise ctx.error(_TABLE, key, f"= {value!r} has the wrong type",
                                f"give {'a string' if kinds[0] is str else 'a whole number'}")
            opts[key] = value
    mode = opts.get("mode", "simulate")
    if mode not in ("simulate", "size"):
        raise ctx.error(_TABLE, "mode", f"= {mode!r} is not 'simulate' or 'size'",
                        'use mode = "simulate" (re-price the base design) or "size" '
                        "(re-size at each point)")
    output = opts.get("output", "npc")
    if output not in OUTPUTS:
        close = difflib.get_close_matches(str(output).lower(), OUTPUTS, n=1)
        raise ctx.error(_TABLE, "output", f"= {output!r} is not an output of a sweep",
                        (f"did you mean {close[0]!r}? " if close else "")
                        + f"pick one of {', '.join(OUTPUTS)}")
    for key in ("maxiter", "popsize"):
        if key in opts and opts[key] < 1:
            raise ctx.error(_TABLE, key, f"= {opts[key]!r} must be >= 1",
                            f"e.g. {key} = {BUDGET[key]}")
    two = table.pop("two_way", None)
    params = {name: _check_parameter(ctx, _TABLE, name, values, mode, False)
              for name, values in table.items()}
    two_way = None if two is None else _two_way(ctx, two, data)
    if mode == "size" and "design_space" not in data:
        raise ctx.error(_TABLE, "mode", '= "size" needs [design_space] (and [requirements])',
                        'add [design_space] with ranges, or use mode = "simulate"')
    if not params and two_way is None:
        raise ctx.error(_TABLE, None, "names no parameter",
                        'add e.g. "project.fuel_price_per_l" = [0.9, 1.2, 1.5], or a '
                        "[sensitivity.two_way] table, or remove [sensitivity]")
    budget = {k: opts[k] for k in BUDGET if k in opts}
    return SensitivitySpec(parameters=params, mode=mode, output=output, two_way=two_way,
                           budget=budget)


def _two_way(ctx: Context, two, data: dict) -> dict:
    if not isinstance(two, dict):
        raise ctx.error(_TWO_WAY, None, f"must be a table, not {type(two).__name__}",
                        "write [sensitivity.two_way] with two parameters and their values")
    two = _flatten(two)
    if len(two) != 2:
        names = ", ".join(two) or "none"
        raise ctx.error(_TWO_WAY, None, f"names {len(two)} parameter(s) ({names})",
                        "give exactly two: the first is the x axis, the second the y axis, "
                        'e.g. "project.fuel_price_per_l" = [0.8, 1.2] and '
                        '"capex_multiplier.pv" = [0.7, 1.3]')
    out = {name: _check_parameter(ctx, _TWO_WAY, name, values, "size", True)
           for name, values in two.items()}
    n = math.prod(len(v) for v in out.values())
    if n > MAX_TWO_WAY_POINTS:
        raise ctx.error(_TWO_WAY, None, f"has {n} points (at most {MAX_TWO_WAY_POINTS})",
                        "each point sizes every architecture: use fewer values per axis")
    if "design_space" not in data:
        raise ctx.error(_TWO_WAY, None, "needs [design_space] (each point sizes each "
                        "architecture)", "add [design_space] with ranges, e.g. pv_kw = "
                        "[0, 15000], or remove [sensitivity.two_way]")
    return out


def validate_sensitivity(data: dict, ctx: Context) -> None:
    """Check ``[sensitivity]`` of a parsed scenario (see :func:`sensitivity_spec`)."""
    sensitivity_spec(data, ctx)


# ---------------------------------------------------------------------------- running
@dataclass(frozen=True, eq=False)
class SensitivityResult:
    """The sensitivity of a scenario: what :meth:`Scenario.sensitivity` returns.

    Attributes
    ----------
    table : pandas.DataFrame or None
        The one-at-a-time :func:`minegrid.sweep` table (full precision): the
        base point, then each value of each parameter (``varied`` names it).
    winners : pandas.DataFrame or None
        The two-way map of :func:`minegrid.study.architecture_winners`: one row
        per point with the winning architecture.
    output : str
        The output of the tornado and spider charts.
    mode : str
        ``"simulate"`` or ``"size"``.
    design : str
        The base design, in words.
    currency : str
    size_options : dict
        The options of each re-sizing (the budget).
    """

    table: object = None
    winners: object = None
    output: str = "npc"
    mode: str = "simulate"
    design: str = "the scenario's design"
    currency: str = "USD"
    size_options: dict = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        """False when the two-way map was interrupted (it holds the points finished)."""
        return self.winners is None or bool(self.winners.attrs.get("complete", True))

    def to_text(self) -> str:
        """The tables rounded for reading (what ``minegrid run`` prints)."""
        from ..report.sensitivity import sensitivity_text

        return sensitivity_text(self)

    def __repr__(self) -> str:
        return f"SensitivityResult(\n{self.to_text()}\n)"


def _base(scenario, built, system, options: dict | None):
    from ..study import BaseCase

    space = scenario.design_space() if scenario.can_size else None
    return BaseCase(system=system if system is not None else built.system,
                    profiles=built.profiles, project=built.project, space=space,
                    requirements=scenario.requirements() if space is not None else None,
                    size_options=options or {})


def _prevalidate(ctx: Context, base, table: str, params: dict) -> None:
    """Each value on the base case, so a bad one is reported at its key (a negative price)."""
    from ..study.points import resolve_point

    for name, values in params.items():
        for v in values:
            try:
                resolve_point(base, {name: v})
            except InputError as exc:
                raise ctx.locate(exc, table, (), default=name) from None


def run_sweep(scenario, built, *, system=None, progress=True):
    """The one-at-a-time sweep of ``[sensitivity]`` (None when it names no parameter).

    Parameters
    ----------
    scenario : Scenario
    built : minegrid.datasets.Example
        ``scenario.build()``.
    system : System, optional
        The base design (default the scenario's; ``minegrid run --size`` passes
        the sized one).
    progress : bool, callable or object
        As for :func:`minegrid.sweep`.

    Returns
    -------
    pandas.DataFrame or None
    """
    from ..study import sweep

    spec = scenario.sensitivity_spec()
    if spec is None or not spec.parameters:
        return None
    options = spec.size_options(scenario.data.get("sizing", {})) if spec.mode == "size" \
        else None
    base = _base(scenario, built, system, options)
    ctx = scenario._ctx
    _prevalidate(ctx, base, _TABLE, spec.parameters)
    try:
        return sweep(base, spec.parameters, kind="one_at_a_time", mode=spec.mode,
                     progress=progress)
    except InputError as exc:
        raise ctx.locate(exc, _TABLE, ["mode", *spec.parameters]) from None


def run_two_way(scenario, built, *, progress=True):
    """The architecture map of ``[sensitivity.two_way]`` (None without that table).

    Each point sizes every architecture the design space allows with the
    budget of :meth:`SensitivitySpec.size_options`.
    """
    from ..study import architecture_winners

    spec = scenario.sensitivity_spec()
    if spec is None or spec.two_way is None:
        return None
    base = _base(scenario, built, None, spec.size_options(scenario.data.get("sizing", {})))
    ctx = scenario._ctx
    _prevalidate(ctx, base, _TWO_WAY, spec.two_way)
    try:
        return architecture_winners(base, spec.two_way, progress=progress)
    except InputError as exc:
        raise ctx.locate(exc, _TWO_WAY, list(spec.two_way)) from None


def run_sensitivity(scenario, built=None, *, system=None, progress=True) -> SensitivityResult:
    """The whole ``[sensitivity]`` of a scenario: the sweep and the two-way map."""
    b = scenario.build() if built is None else built
    spec = scenario.sensitivity_spec()
    if spec is None:
        raise scenario._ctx.error(_TABLE, None, "is missing",
                                  'add [sensitivity] with e.g. "project.fuel_price_per_l" = '
                                  "[0.9, 1.2, 1.5]")
    table = run_sweep(scenario, b, system=system, progress=progress)
    winners = run_two_way(scenario, b, progress=progress)
    return result_of(scenario, b, table, winners, sized=system is not None)


def result_of(scenario, built, table, winners, *, sized: bool = False) -> SensitivityResult:
    """A :class:`SensitivityResult` of the pieces :func:`run_sweep` and :func:`run_two_way`
    returned (the command line runs them as two stages)."""
    spec = scenario.sensitivity_spec()
    return SensitivityResult(
        table=table, winners=winners, output=spec.output, mode=spec.mode,
        design="the sized design" if sized else "the scenario's design",
        currency=built.project.currency,
        size_options=spec.size_options(scenario.data.get("sizing", {})))
