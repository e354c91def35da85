"""What a rule gets besides the model: a way to turn a reference into a located diagnostic."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.lint.diagnostic import Diagnostic, Rule, Severity, format_path
from compiler.load import Document, Path_
from compiler.model import Ref


@dataclass(frozen=True)
class Context:
    """Positions are resolved here, from the node marks the loader kept, only when a rule reports."""

    def at(self, rule: Rule, ref: Ref, message: str, *, key: bool = False,
           severity: Severity | None = None) -> Diagnostic:
        return located(rule, ref.document, ref.path, message, key=key, severity=severity)


def located(rule: Rule, document: Document, path: Path_, message: str, *, key: bool = False,
            severity: Severity | None = None) -> Diagnostic:
    line, column = document.locate_key(path) if key else document.locate(path)
    return Diagnostic(rule.code, rule.name, severity or rule.severity, message, document.file, line, column,
                      format_path(path))
