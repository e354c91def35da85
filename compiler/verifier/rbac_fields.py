"""Type-checked access to the fields of one parsed manifest object.

A field of the wrong YAML type raises `InputError` naming the object and the field path; a
missing or null field reads as empty, as the API server reads it. Content that is well typed
but that the API server's validation would refuse is noted with `refuse` and reading goes on,
so that a shape error later in the same object still stops the run.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from compiler.errors import InputError


def _type_name(value: Any) -> str:
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"the boolean {value}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"a {type(value).__name__}"


class Fields:
    """Reads fields of the object described by `where` (e.g. "RoleBinding/payments/dev")."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.refusals: list[str] = []

    def refuse(self, problem: str) -> None:
        """Note something the API server's validation would refuse this object for."""
        self.refusals.append(problem)

    def _wrong(self, path: str, expected: str, value: Any) -> InputError:
        return InputError(f"{self.where}: {path} must be {expected}, found {_type_name(value)}")

    def mapping(self, value: Any, path: str) -> Mapping[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            raise self._wrong(path, "a mapping", value)
        return value

    def string(self, value: Any, path: str) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            raise self._wrong(path, "a string", value)
        return value

    def items(self, value: Any, path: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self._wrong(path, "a list", value)
        return value

    def strings(self, value: Any, path: str) -> tuple[str, ...]:
        values = self.items(value, path)
        for i, item in enumerate(values):
            if not isinstance(item, str):
                raise self._wrong(f"{path}[{i}]", "a string (quote it in YAML)", item)
        return tuple(values)

    def string_map(self, value: Any, path: str) -> dict[str, str]:
        raw = self.mapping(value, path)
        for key, item in raw.items():
            if not isinstance(key, str) or not isinstance(item, str):
                raise self._wrong(f"{path}.{key}", "a string (quote it in YAML)", item)
        return dict(raw)
