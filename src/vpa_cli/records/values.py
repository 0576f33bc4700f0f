"""A light base for value classes, used instead of dataclasses on the start-up path.

`@dataclass` builds each class at import time by generating and compiling
code, about half a millisecond per class; vpa defines over a dozen record
classes that every command imports, so they are written out by hand with
`__slots__` (also less memory per record), and share equality and repr here.
"""

from __future__ import annotations

from typing import Any


class Value:
    """Equality, hashing and repr over `__slots__`; subclasses write their own `__init__`."""

    __slots__: tuple[str, ...] = ()

    def _fields(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash((type(self).__name__, *self._fields()))

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({inner})"
