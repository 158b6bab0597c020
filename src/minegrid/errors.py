"""Exceptions and warnings raised by minegrid, and the input checks that raise them.

Every problem with user input raises :class:`InputError` (a ``ValueError``)
whose message names the field, the value received and how to fix it. Every
repair minegrid makes to data on the user's behalf (a gap filled, a leap day
dropped) warns with :class:`MinegridWarning`.

The checks below are the one set every module uses: :func:`check` for any
condition, :func:`number` and :func:`whole` for scalars (Python or numpy
numbers, never ``bool``; ``number`` also takes an open or closed range),
:func:`numbers` for sequences, :func:`number_array` for arrays and
:func:`choice` for names picked from a list. :func:`cell` quotes a value read
from a file (at most one cell, clipped) and :func:`file_error` turns a
parser's exception into an InputError that names the file and never quotes
its lines.

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
           "numbers", "number_array", "choice", "cell", "file_error"]


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
           strict: bool = False, strict_max: bool = False, fix: str = "") -> float:
    """Check a finite real number within bounds and return it as a Python float.

    Parameters
    ----------
    value : object
        What was given.
    field : str
        Its name in the messages.
    minimum, maximum : float, optional
        Bounds; ``minimum`` is exclusive when ``strict``, ``maximum`` when
        ``strict_max``.
    fix : str
        How to fix a bad value (default: the range to give).

    Examples
    --------
    >>> try:
    ...     number("80", "hub_height_m", minimum=0, maximum=300, strict=True)
    ... except InputError as exc:
    ...     print(exc)
    hub_height_m = '80' must be a number. Fix: give a number in (0, 300], without quotes
    """
    lo = "" if minimum is None else ("(" if strict else "[") + f"{minimum:g}"
    hi = "" if maximum is None else f"{maximum:g}" + (")" if strict_max else "]")
    where = (f" in {lo}, {hi}" if lo and hi else f" {'>' if strict else '>='} {minimum:g}"
             if lo else f" {'<' if strict_max else '<='} {maximum:g}" if hi else "")
    default = f"give a number{where}"
    check(is_number(value), field, value, "must be a number",
          fix or default + (", without quotes" if isinstance(value, str) else ""))
    v = float(value)
    check(math.isfinite(v), field, value, "must be a finite number", fix or default)
    if minimum is not None:
        if strict:
            check(v > minimum, field, value, f"must be > {minimum:g}", fix or default)
        else:
            check(v >= minimum, field, value, f"must be >= {minimum:g}", fix or default)
    if maximum is not None:
        if strict_max:
            check(v < maximum, field, value, f"must be < {maximum:g}", fix or default)
        else:
            check(v <= maximum, field, value, f"must be <= {maximum:g}", fix or default)
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


def number_array(values, field: str, *, minimum: float | None = None,
                 integer: bool = False, fix: str = "") -> np.ndarray:
    """Check an array of finite numbers (no text, NaN or inf); return it as float64, 1-D.

    The message quotes the first offending values.

    >>> try:
    ...     number_array(["1,5", 2.0], "designs['pv_kw']")
    ... except InputError as exc:
    ...     print(str(exc)[:45])
    designs['pv_kw'] = ['1,5'] must hold numbers.
    """
    obj = np.asarray(values, dtype=object).ravel()
    text = [v for v in obj if not is_number(v)]
    check(not text, field, [cell(v) for v in text[:3]], "must hold numbers",
          fix or "give numbers (a decimal point, not a comma), without quotes")
    arr = obj.astype(np.float64)
    bad = ~np.isfinite(arr)
    if minimum is not None:
        bad |= arr < minimum
    what = "finite numbers" + (f" >= {minimum:g}" if minimum is not None else "")
    check(not bad.any(), field, arr[bad][:3].tolist(), f"must hold {what}",
          fix or f"give {what}")
    if integer:
        frac = arr != np.round(arr)
        check(not frac.any(), field, arr[frac][:3].tolist(), "must hold whole numbers",
              fix or "round the counts")
    return arr


def choice(value, choices, field: str, fix: str = "pick one of the listed names") -> None:
    """Check that ``value`` is one of ``choices`` (any unhashable value is refused too)."""
    try:
        ok = value in tuple(choices)
    except TypeError:  # pragma: no cover - tuple membership compares, it does not hash
        ok = False
    check(ok, field, value, f"is not one of {list(choices)}", fix)


def cell(value, limit: int = 40):
    """A value read from a file, clipped for a message: at most ``limit`` characters.

    Errors quote at most the offending cell of a file, never its lines.

    >>> cell("root:x:0:0:root:/root:/bin/bash" * 3)
    'root:x:0:0:root:/root:/bin/bashroot:x:0…'
    """
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    if isinstance(value, str) and len(value) > limit:
        return value[: limit - 1] + "…"
    return value


def file_error(path, what: str, exc: BaseException, fix: str) -> InputError:
    """An InputError for a file a parser could not read: names the file, not its lines.

    The parser's own message is kept only when it quotes nothing of the file
    (a line number, a column count); otherwise just its kind is given.

    >>> print(file_error("w.epw", "an EPW file", ValueError("could not convert "
    ...                  "string to float: 'root:x:0:0'"), "check the file"))
    w.epw could not be read as an EPW file (ValueError: a cell is not a number). Fix: check the file
    """
    import re

    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if re.search(r"could not convert|invalid literal|Unknown string format|does not match"
                 r" format|could not be converted", text):
        text = "a cell is not a number" if "float" in text or "int" in text else (
            "a cell is not a timestamp")
    elif "'" in text or '"' in text or len(text) > 120:
        text = {"UnicodeDecodeError": "not a text file (bytes that are not UTF-8)",
                "KeyError": "a field or column is missing"}.get(type(exc).__name__, "")
    detail = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return InputError(f"{path} could not be read as {what} ({detail}). Fix: {fix}")
