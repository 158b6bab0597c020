"""Result fields computed on first access: :class:`Deferred` values behind a :class:`Table`
descriptor (used by :class:`minegrid.SimulationResult` for its per-type tables)."""

from __future__ import annotations

__all__ = ["Deferred", "Table"]


class Deferred:
    """A table computed on first access (see :class:`Table`): ``Deferred(fn)`` calls ``fn()``
    once, when the field is first read."""

    __slots__ = ("fn",)

    def __init__(self, fn):
        self.fn = fn


class Table:
    """A result's table field that may be given as :class:`Deferred`.

    Building a pandas table costs more than simulating a year (about 0.2 ms each),
    so :func:`simulate` defers the per-type tables of a one-fleet result until they
    are read; reading the field gives the table (or None) as if it had been stored.
    """

    def __set_name__(self, owner, name):
        self.key = "_" + name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return None  # the field's default
        value = obj.__dict__.get(self.key)
        if isinstance(value, Deferred):
            value = value.fn()
            obj.__dict__[self.key] = value
        return value

    def __set__(self, obj, value):
        obj.__dict__[self.key] = value

    def stored(self, obj):
        """The field's value as stored (a :class:`Deferred` stays deferred)."""
        return obj.__dict__.get(self.key)
