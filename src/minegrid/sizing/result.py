"""What a sizing returns: :class:`SizingResult`, its requirement checks and its messages."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .space import CONSTRAINTS, FEASIBILITY_TOLERANCE, OBJECTIVE_UNITS, VARIABLE_UNITS

__all__ = ["SizingResult", "constraint_table", "infeasible_message"]


@dataclass(frozen=True, kw_only=True)
class SizingResult:
    """What :func:`minegrid.size` returns, in the manner of ``scipy.optimize.OptimizeResult``.

    Attributes
    ----------
    success : bool
        True when the returned design meets every requirement and the search
        ended normally (converged, iteration budget spent, or grid complete).
    status : int
        0 converged or grid complete; 1 iteration limit reached (design
        feasible); 2 no feasible design found; 3 interrupted by the user.
    message : str
        What happened; names the binding constraint when none could be met.
    nfev : int
        Designs evaluated (kernel runs).
    nit : int
        Generations (DE), polish steps, or grid chunks.
    x : numpy.ndarray
        Best decision vector, in the order of ``variables``.
    fun : float
        Objective of ``x`` (``objective``: npc [currency], annualised
        [currency/year] or lcoe [currency/kWh]).
    variables : tuple of str
        Names of the decision variables.
    objective, method : str
    design : System
        The best design as a system.
    result : SimulationResult or LifeOfMineResult
        Its full simulation, economics and diesel-only base case.
    history : pandas.DataFrame
        Every evaluated design: sizes, statistics, costs, constraint values
        ``g_*`` (feasible when <= 0), ``violation``, ``feasible``, ``stage``
        and ``generation``.
    constraints : dict
        For each active requirement: its limit, the design's value and the slack.
    elapsed_s : float
        Wall time. [s]
    years : pandas.DataFrame or None
        Sized over several weather years: the chosen design in each year (NPC, LCOE,
        unserved, renewable and capacity-shortage fractions, fuel, CO2); ``result``
        is its first year. The objective ``fun`` is the mean over the years.
    """

    success: bool
    status: int
    message: str
    nfev: int
    nit: int
    x: np.ndarray
    fun: float
    variables: tuple
    objective: str
    method: str
    design: object
    result: object
    history: object
    constraints: dict = field(default_factory=dict)
    elapsed_s: float = 0.0
    bounds: tuple = ()
    years: object = None

    @property
    def feasible(self) -> bool:
        """Whether the returned design meets every requirement."""
        return all(c["met"] for c in self.constraints.values())

    @property
    def at_bounds(self) -> dict[str, str]:
        """Decision variables that ended on a bound of the design space (``"upper"``
        or ``"lower"``, lower bounds of 0 excepted): the optimum may lie outside it,
        so widen the space there and size again."""
        out = {}
        for name, v, (lo, hi) in zip(self.variables, self.x, self.bounds, strict=False):
            tol = 1e-6 * max(hi - lo, 1.0)
            if hi > lo and v >= hi - tol:
                out[name] = "upper"
            elif hi > lo and lo > 0 and v <= lo + tol:
                out[name] = "lower"
        return out

    @property
    def values(self) -> dict[str, float]:
        """Decision variables by name."""
        return dict(zip(self.variables, (float(v) for v in self.x), strict=True))

    def to_frame(self):
        """Decision variables, objective and requirement checks as a DataFrame."""
        import pandas as pd

        rows = []
        for n, v in self.values.items():
            rows.append((n, v, None, VARIABLE_UNITS.get(n, "-"), None))
        rows.append((self.objective, self.fun, None, OBJECTIVE_UNITS[self.objective], None))
        for n, c in self.constraints.items():
            rows.append((n, c["value"], c["limit"], c["unit"], c["met"]))
        return pd.DataFrame(rows, columns=["quantity", "value", "limit", "unit", "met"]
                            ).set_index("quantity")

    def _repr_html_(self) -> str:
        """Status, decision variables, requirements and the chosen design as HTML (notebooks)."""
        from ..report.notebook import sizing_html

        return sizing_html(self)

    def __repr__(self) -> str:
        cur = self.result.project.currency if self.result is not None else ""
        vals = ", ".join(f"{n}={v:,.4g}" for n, v in self.values.items())
        source = getattr(self.result, "weather_source", None)
        lines = ["SizingResult("]
        if source and source.startswith("SYNTHETIC"):
            lines.append(f"  built on {source}")
        lines += [
            f"  success={self.success}, status={self.status}: {self.message}",
            f"  {self.method}: nit={self.nit}, nfev={self.nfev}, {self.elapsed_s:.2f} s",
            f"  x: {vals}",
            f"  {self.objective} = {self.fun:,.6g} "
            f"{OBJECTIVE_UNITS[self.objective].replace('currency', cur)}",
        ]
        for n, c in self.constraints.items():
            lines.append(f"  {n:24s} value {c['value']:>14,.6g}  limit {c['limit']:>14,.6g} "
                         f"{c['unit']:8s} {'met' if c['met'] else 'NOT MET'}")
        for n, side in self.at_bounds.items():
            lines.append(f"  note: {n} is at the {side} bound of the design space; widen it")
        return "\n".join(lines) + "\n)"


def constraint_table(limits: dict, m: dict, g: np.ndarray) -> dict:
    """Limit, value, unit and slack of each active requirement for design 0 of ``m``."""
    out = {}
    for j, (name, (limit, _scale)) in enumerate(limits.items()):
        key, unit, _ = CONSTRAINTS[name]
        out[name] = {"value": float(m[key][0]), "limit": float(limit), "unit": unit,
                     "met": bool(g[0, j] <= FEASIBILITY_TOLERANCE), "g": float(g[0, j])}
    return out


def infeasible_message(limits: dict, constraints: dict, g_all: np.ndarray) -> str:
    """Name the binding constraint(s): those no evaluated design met, else the violated ones.

    ``g_all`` holds the constraint values of every evaluated design.
    """
    names = list(limits)
    never = [n for j, n in enumerate(names) if np.min(g_all[:, j]) > FEASIBILITY_TOLERANCE]
    if never:
        parts = []
        for n in never:
            c = constraints[n]
            limit, scale = limits[n]
            kind = CONSTRAINTS[n][2]
            gmin = float(np.min(g_all[:, names.index(n)]))
            # the quantity at the design closest to meeting the constraint
            best = limit + gmin * scale if kind == "max" else limit - gmin * scale
            parts.append(f"{n} (limit {c['limit']:,.6g} {c['unit']}, {kind}imum; best reached "
                         f"{best:,.6g} {c['unit']})")
        return ("no design in the space meets " + "; ".join(parts)
                + ". Relax that requirement or widen the design space.")
    # each requirement alone is met by some design, but not all together: name the ones
    # violated or (nearly) active at the least-violating design
    violated = [n for n, c in constraints.items() if not c["met"]]
    active = [n for n, c in constraints.items() if c["met"] and c["g"] > -0.05]
    parts = [f"{n} (value {constraints[n]['value']:,.6g}, limit {constraints[n]['limit']:,.6g} "
             f"{constraints[n]['unit']})" for n in violated]
    text = ("no evaluated design meets all requirements together; binding: "
            + "; ".join(parts))
    if active:
        text += f", in conflict with {', '.join(active)}"
    return text + (" (each requirement alone is met by some design). Relax one of them or "
                   "widen the design space.")
