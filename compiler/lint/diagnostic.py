"""The one record lint stages exchange, and the rule metadata that stamps it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from compiler.load import Path_

if TYPE_CHECKING:
    from compiler.lint.context import Context
    from compiler.model import Model


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Diagnostic:
    code: str
    name: str
    severity: Severity
    message: str
    file: str
    line: int
    column: int
    path: str

    def with_severity(self, severity: Severity) -> Diagnostic:
        return replace(self, severity=severity)

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return self.file, self.line, self.column, self.code, self.message


class Check(Protocol):
    def __call__(self, model: Model, ctx: Context) -> Iterator[Diagnostic]: ...


@dataclass(frozen=True)
class Rule:
    """A lint rule's identity: a stable code, a name, a one-line summary, a default severity.

    `check` is None for rules that a pipeline pass reports itself (loading, schema validation).
    """

    code: str
    name: str
    summary: str
    severity: Severity
    check: Check | None = None
    doc: str = ""


def format_path(path: Path_) -> str:
    """`spec.members[0].arn`: how a document path reads in a message."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text
