"""The N-1 margin and the motor-start capability of a design over the year.

:func:`start_capability` draws the duration curve of the step load the online
sources could accept (``step_capability_kw``: the gensets' ISO 8528-5 step within
their headroom plus the battery's headroom), with each drive of
``Dispatch.motor_starts`` as a line: where the curve is below a drive's line, that
drive's start would be refused (``docs/theory/reliability.md``).
"""

from __future__ import annotations

import numpy as np

from .style import COLORS, get_axes

__all__ = ["start_capability"]

_LINES = ("#D55E00", "#CC79A7", "#0072B2", "#009E73")


def start_capability(result, ax=None, legend: bool = True):
    """Duration curve of the accepted step load, with the drives' starts.

    Parameters
    ----------
    result : SimulationResult
        Simulated with ``dispatch=True``.
    ax : matplotlib.axes.Axes, optional
    legend : bool

    Returns
    -------
    matplotlib.axes.Axes
    """
    from ..errors import check

    frame = result.dispatch
    check(frame is not None and "step_capability_kw" in frame, "result.dispatch", None,
          "holds no step capability", "simulate with dispatch=True")
    step = frame["step_capability_kw"].to_numpy()
    check(bool(np.isfinite(step).all()), "result.dispatch['step_capability_kw']", "NaN",
          "was not computed for this design", "simulate it with minegrid.simulate(..., "
          "dispatch=True)")
    ax = get_axes(ax, (8.0, 3.2))
    hours = (np.arange(step.size) + 0.5) * (8760.0 / step.size)
    ax.plot(hours, np.sort(step)[::-1] / 1e3, color=COLORS["battery"], lw=1.8,
            label="step load the online sources accept")
    for k, m in enumerate(result.system.dispatch.motor_starts):
        ax.axhline(m.start_kw / 1e3, color=_LINES[k % len(_LINES)], ls="--", lw=1.0,
                   label=f"{m.name} start ({m.start_kw:,.0f} kW)")
    ax.set_xlim(0, 8760)
    ax.set_ylim(bottom=0)
    ax.set_xlabel("hours of the year at or above [h]")
    ax.set_ylabel("step load [MW]")
    if legend:
        ax.legend(loc="upper right", fontsize=8, frameon=False)
    return ax
