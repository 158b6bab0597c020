"""Exceptions and warnings raised by minegrid.

Every problem with user input raises :class:`InputError` (a ``ValueError``)
whose message names the field, the value received and how to fix it. Every
repair minegrid makes to data on the user's behalf (a gap filled, a leap day
dropped) warns with :class:`MinegridWarning`.
"""

from __future__ import annotations

__all__ = ["InputError", "MinegridWarning", "check"]


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
