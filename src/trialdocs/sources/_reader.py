"""Path-tracking access to parsed JSON, so every error names its field.

A registry record is untrusted: any field may be missing, empty or of the wrong
type. ``Node`` wraps a dict with its JSONPath and turns a wrong type into a
:class:`~trialdocs.errors.FieldError` that ends in that path.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar

import pydantic

from trialdocs.errors import FieldError

E = TypeVar("E", bound=StrEnum)


class Node:
    """A JSON object and the path it was found at (``$.protocolSection``)."""

    __slots__ = ("data", "path")

    def __init__(self, data: Any, path: str = "$") -> None:
        if not isinstance(data, dict):
            raise FieldError(f"expected an object, got {type(data).__name__}", path=path)
        self.data: dict[str, Any] = data
        self.path = path

    def at(self, key: str) -> str:
        return f"{self.path}.{key}"

    def obj(self, key: str) -> Node:
        """The child object, or an empty one when it is missing."""
        value = self.data.get(key)
        return Node({} if value is None else value, self.at(key))

    def opt_obj(self, key: str) -> Node | None:
        value = self.data.get(key)
        return None if value is None else Node(value, self.at(key))

    def text(self, key: str, *, required: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None:
            if required:
                raise FieldError("missing value", path=self.at(key))
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise FieldError(f"expected text, got {type(value).__name__}", path=self.at(key))
        text = str(value).strip()
        if not text and required:
            raise FieldError("empty value", path=self.at(key))
        return text or None

    def req(self, key: str) -> str:
        value = self.text(key, required=True)
        assert value is not None
        return value

    def integer(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, str) and value.strip().isdigit():
                return int(value)
            raise FieldError(f"expected a whole number, got {value!r:.40}", path=self.at(key))
        return value

    def number(self, key: str) -> float | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise FieldError(f"expected a number, got {value!r:.40}", path=self.at(key))
        return float(value)

    def boolean(self, key: str) -> bool | None:
        value = self.data.get(key)
        if value is None or isinstance(value, bool):
            return value
        raise FieldError(f"expected true or false, got {value!r:.40}", path=self.at(key))

    def _list(self, key: str) -> list[Any]:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise FieldError(f"expected a list, got {type(value).__name__}", path=self.at(key))
        return value

    def strs(self, key: str) -> tuple[str, ...]:
        out: list[str] = []
        for i, value in enumerate(self._list(key)):
            if not isinstance(value, str):
                raise FieldError(f"expected text, got {type(value).__name__}", path=f"{self.at(key)}[{i}]")
            if value.strip():
                out.append(value.strip())
        return tuple(out)

    def objs(self, key: str) -> list[Node]:
        return [Node(value, f"{self.at(key)}[{i}]") for i, value in enumerate(self._list(key))]

    def enum(self, key: str, cls: type[E]) -> E | None:
        return to_enum(cls, self.text(key), self.at(key))

    def enums(self, key: str, cls: type[E]) -> tuple[E, ...]:
        return tuple(
            member
            for i, value in enumerate(self.strs(key))
            if (member := to_enum(cls, value, f"{self.at(key)}[{i}]")) is not None
        )


def model_error(exc: pydantic.ValidationError, paths: dict[str, str], nct_id: str | None = None) -> FieldError:
    """A pydantic error from building the model, as a FieldError naming the source field.

    ``paths`` maps a model field (``nct_id``) to where it came from in the
    source (``$.protocolSection.identificationModule.nctId``); other fields
    are named by their model path.
    """
    first = exc.errors()[0]
    loc = [str(p) for p in first["loc"]]
    path = paths.get(loc[0]) if loc else None
    if path is None:
        path = "$." + ".".join(loc) if loc else "$"
    message = first["msg"]
    return FieldError(message[:1].lower() + message[1:], path=path, nct_id=nct_id)


def to_enum(cls: type[E], value: str | None, path: str) -> E | None:
    """Look a registry value up in an enum, or raise a FieldError naming the path."""
    if value is None:
        return None
    try:
        return cls(value)
    except ValueError:
        raise FieldError(f"unknown {cls.__name__} value {value!r:.60}", path=path) from None
