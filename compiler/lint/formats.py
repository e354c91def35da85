"""Lint output formats: a registry, so `--format` choices come from what exists here."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from compiler import __version__
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.lint.registry import RULES

Renderer = Callable[[Sequence[Diagnostic]], str]
INFORMATION_URI = "https://github.com/authmap/authmap"


def summary(diagnostics: Sequence[Diagnostic]) -> dict[str, int]:
    counts = Counter(d.severity.value for d in diagnostics)
    return {s.value: counts.get(s.value, 0) for s in Severity}


def render_text(diagnostics: Sequence[Diagnostic]) -> str:
    lines = [f"{d.file}:{d.line}:{d.column}: {d.severity.value} {d.code} {d.message} [{d.name}]"
             for d in diagnostics]
    counts = summary(diagnostics)
    lines.append(f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info")
    return "\n".join(lines) + "\n"


def render_json(diagnostics: Sequence[Diagnostic]) -> str:
    payload = {
        "diagnostics": [
            {"code": d.code, "name": d.name, "severity": d.severity.value, "message": d.message,
             "file": d.file, "line": d.line, "column": d.column, "path": d.path}
            for d in diagnostics
        ],
        "summary": summary(diagnostics),
    }
    return json.dumps(payload, indent=2) + "\n"


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(diagnostics: Sequence[Diagnostic]) -> str:
    """GitHub Actions workflow commands: each finding becomes an annotation on the pull request."""
    lines = [f"::{_GITHUB_LEVEL[d.severity]} file={_escape_property(d.file)},line={d.line},col={d.column},"
             f"title={_escape_property(f'{d.code} {d.name}')}::{_escape_data(d.message)}"
             for d in diagnostics]
    return "".join(line + "\n" for line in lines)


_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render_sarif(diagnostics: Sequence[Diagnostic]) -> str:
    """SARIF 2.1.0, for GitHub code scanning and other SARIF viewers."""
    index = {rule.code: i for i, rule in enumerate(RULES)}
    run = {
        "tool": {"driver": {"name": "authmap", "version": __version__, "informationUri": INFORMATION_URI,
                            "rules": [_sarif_rule(rule) for rule in RULES]}},
        "columnKind": "unicodeCodePoints",
        "results": [_sarif_result(d, index[d.code]) for d in diagnostics],
    }
    document = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2) + "\n"


def _sarif_rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.doc.strip() or rule.summary},
        "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
    }


def _sarif_result(diagnostic: Diagnostic, rule_index: int) -> dict[str, Any]:
    return {
        "ruleId": diagnostic.code,
        "ruleIndex": rule_index,
        "level": _SARIF_LEVEL[diagnostic.severity],
        "message": {"text": diagnostic.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": _uri(diagnostic.file)},
            "region": {"startLine": max(diagnostic.line, 1), "startColumn": max(diagnostic.column, 1)},
        }}],
    }


def _uri(file: str) -> str:
    path = Path(file)
    return path.as_posix() if not path.is_absolute() else path.as_uri()


FORMATS: dict[str, Renderer] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
    "sarif": render_sarif,
}
