"""Exceptions and warnings raised by minegrid, and the input checks that raise them.

Every problem with user input raises :class:`InputError` (a ``ValueError``)
whose message names the field, the value received and how to fix it. Every
repair minegrid makes to data on the user's behalf (a gap filled, a leap day
dropped) warns with :class:`MinegridWarning`.

The checks below are the one set every module uses: :func:`check` for any
condition, :func:`number` and :func:`whole` for scalars (Python or numpy
numbers, never ``bool``), :func:`numbers` for sequences and :func:`choice`
for names picked from a list.

>>> number(np.float32(2.5), "Battery.energy_kwh", minimum=0.0)
2.5
>>> whole(np.int64(3), "WindPlant.n_turbines")
3
"""

from __future__ import annotations

import math
import numbers as _numbers
from collections.abc import Sequence

import numpy as np

__all__ = ["InputError", "MinegridWarning", "check", "is_number", "number", "whole",
           "numbers", "choice"]


class InputError(ValueError):
    """Bad input: the message says what was wrong, the value, and the fix."""


class MinegridWarning(UserWarning):
    """A repair or assumption minegrid made on the user's behalf."""


def check(condition: bool, field: str, value, requirement: str, fix: str = "") -> None:
    """Raise :class:`InputError` unless ``condition`` holds.

    Parameters
    ----------
    condition : bool
        What must be true.
    field : str
        Name of the offending field, e.g. ``"Battery.energy_kwh"``.
    value : object
        The value received (shown with ``repr``).
    requirement : str
        What the value must be, e.g. ``"must be >= 0"``.
    fix : str, optional
        How to fix it.
    """
    if not condition:
        msg = f"{field} = {value!r} {requirement}."
        if fix:
            msg += f" Fix: {fix}"
        raise InputError(msg)


def is_number(value) -> bool:
    """True for a real number: Python or numpy int or float, not ``bool``.

    >>> is_number(np.int64(3)), is_number(2.5), is_number(True), is_number("1")
    (True, True, False, False)
    """
    return isinstance(value, _numbers.Real) and not isinstance(value, bool | np.bool_)


def number(value, field: str, *, minimum: float | None = None, maximum: float | None = None,
           strict: bool = False, fix: str = "") -> float:
    """Check a finite real number within bounds and return it as a Python float.

    Parameters
    ----------
    value : object
        What was given.
    field : str
        Its name in the messages.
    minimum, maximum : float, optional
        Bounds; ``minimum`` is exclusive when ``strict``.
    fix : str
        How to fix a bad value.
    """
    check(is_number(value), field, value, "must be a number", fix or "pass a float")
    v = float(value)
    check(math.isfinite(v), field, value, "must be a finite number", fix or "pass a float")
    if minimum is not None:
        if strict:
            check(v > minimum, field, value, f"must be > {minimum}", fix)
        else:
            check(v >= minimum, field, value, f"must be >= {minimum}", fix)
    if maximum is not None:
        check(v <= maximum, field, value, f"must be <= {maximum}", fix)
    return v


def whole(value, field: str, *, minimum: int = 0, fix: str = "") -> int:
    """Check a whole number (an int, or a float with no fraction) >= ``minimum``; return an int."""
    ok = is_number(value) and math.isfinite(float(value)) and float(value) == int(value)
    check(ok, field, value, "must be a whole number", fix or "pass an int such as 3")
    check(int(value) >= minimum, field, value, f"must be >= {minimum}",
          fix or ("pass 0 for none" if minimum == 0 else ""))
    return int(value)


def numbers(values, field: str, n: int | None = None, *, minimum: float | None = None,
            maximum: float | None = None, fix: str = "") -> tuple[float, ...]:
    """Check a sequence of numbers (one per year when ``n`` is given); return a tuple of floats."""
    if hasattr(values, "to_numpy"):
        values = values.to_numpy()
    check(isinstance(values, Sequence | np.ndarray) and not isinstance(values, str), field,
          type(values).__name__, "must be a sequence of numbers", fix or "pass a list of floats")
    vals = list(np.asarray(values, dtype=object).ravel())
    if n is not None:
        check(len(vals) == n, field, f"{len(vals)} values",
              f"must have one value per year of the horizon ({n})",
              fix or f"give exactly {n} values, one per year")
    return tuple(number(v, field, minimum=minimum, maximum=maximum, fix=fix) for v in vals)


def choice(value, choices, field: str, fix: str = "pick one of the listed names") -> None:
    """Check that ``value`` is one of ``choices``."""
    check(value in tuple(choices), field, value, f"is not one of {list(choices)}", fix)
