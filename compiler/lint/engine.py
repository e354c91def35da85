"""The lint run: validate, normalize, then every model rule; suppressions and severities last."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from compiler.errors import InputError, InputErrors
from compiler.gcpause import paused
from compiler.lint import suppress
from compiler.lint.config import LintConfig, find_config, load_config
from compiler.lint.context import Context, located
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.lint.registry import BY_CODE, RULES
from compiler.lint.rules import am900_internal_error
from compiler.load import Document, load_paths
from compiler.model import Model
from compiler.normalize import normalize
from compiler.validate import validate


@dataclass(frozen=True)
class LintResult:
    model: Model
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity is Severity.ERROR)


def lint_path(policies: Path) -> LintResult:
    """Load and lint a policy directory; unreadable input raises InputError(s) (exit 2)."""
    with paused():
        documents = load_paths(policies)
        config = load_config(find_config(policies), RULES)
        return lint_documents(documents, config)


def lint_documents(documents: list[Document], config: LintConfig | None = None) -> LintResult:
    validated = validate(documents)
    normalized = normalize(validated.documents)
    found = [*validated.diagnostics, *normalized.diagnostics, *run_rules(normalized.model)]
    kept = suppress.apply(found, documents)
    if config is not None:
        kept = config.apply(kept)
    return LintResult(normalized.model, tuple(sorted(kept, key=lambda d: d.sort_key)))


def run_rules(model: Model, rules: Iterable[Rule] = RULES) -> list[Diagnostic]:
    ctx = Context()
    found: list[Diagnostic] = []
    for rule in rules:
        if rule.check is None:
            continue
        try:
            found.extend(rule.check(model, ctx))
        except Exception as err:  # a crashing rule must not hide every other finding
            found.append(_crash(rule, model, err))
    return found


def _crash(rule: Rule, model: Model, err: Exception) -> Diagnostic:
    message = f"rule {rule.code} ({rule.name}) failed: {type(err).__name__}: {err}; please report this bug"
    first = model.documents[0] if model.documents else None
    if first is None:
        return Diagnostic(am900_internal_error.RULE.code, am900_internal_error.RULE.name, Severity.ERROR,
                          message, "", 0, 0, "")
    return located(am900_internal_error.RULE, first, (), message)


def load_failures(error: InputError | InputErrors) -> tuple[Diagnostic, ...]:
    """Unreadable files as diagnostics, so machine formats (SARIF, GitHub) can show them too."""
    errors = error.errors if isinstance(error, InputErrors) else [error]
    return tuple(_load_diagnostic(e) for e in errors)


def _load_diagnostic(error: InputError) -> Diagnostic:
    rule = BY_CODE.get(error.code or "AM007", BY_CODE["AM007"])
    return Diagnostic(rule.code, rule.name, Severity.ERROR, error.message, error.file or "", error.line or 1,
                      error.column or 1, "")
