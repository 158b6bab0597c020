"""Checks and conversions shared by the component dataclasses (private to the package)."""

from __future__ import annotations

from dataclasses import asdict, replace

from ..errors import number, whole


def _finite(obj, name: str, *, minimum: float | None = 0.0, strict: bool = False,
            maximum: float | None = None, fix: str = "") -> None:
    """Check a number field and store it as a Python float (numpy scalars are accepted)."""
    value = number(getattr(obj, name), f"{type(obj).__name__}.{name}", minimum=minimum,
                   maximum=maximum, strict=strict, fix=fix)
    object.__setattr__(obj, name, value)


def _fraction(obj, name: str, *, open_low: bool = False, fix: str = "") -> None:
    _finite(obj, name, minimum=0.0, strict=open_low, maximum=1.0,
            fix=fix or "give a fraction between 0 and 1 (not a percentage)")


def _count(obj, name: str, minimum: int = 0) -> None:
    """Check a whole-number field and store it as an int."""
    object.__setattr__(obj, name, whole(getattr(obj, name), f"{type(obj).__name__}.{name}",
                                        minimum=minimum))


def _costs(obj, *, life_field: str) -> None:
    for name in ("capex", "om"):
        for f in type(obj).__dataclass_fields__:
            if f.startswith(name):
                _finite(obj, f, minimum=0.0, fix="costs are >= 0 in the project's currency")
    _finite(obj, life_field, minimum=0.0, strict=True, fix="lifetimes are > 0")
    _finite(obj, "replacement_ratio", minimum=0.0,
            fix="replacement cost as a fraction of capital cost, e.g. 1.0")
    _finite(obj, "salvage_ratio", minimum=0.0, maximum=1.0,
            fix="salvage value as a fraction of capital cost, in [0, 1]")


class Component:
    """Mixin: dict conversion and copy-with-changes."""

    __slots__ = ()

    def to_dict(self) -> dict:
        """Fields as a plain dict (units in the keys)."""
        return asdict(self)

    def replace(self, **changes):
        """A copy with some fields changed (validated again)."""
        return replace(self, **changes)


