"""Per-repository rule severities: `.authmap.yaml` at the root of the policy directory.

    rules:
      AM213: error      # mapAccounts is forbidden here
      AM502: off        # unused roles are fine in this repository
      role-never-used: info   # rule names work as well as codes
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from compiler.errors import InputError
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.load import Document, load_file

CONFIG_NAME = ".authmap.yaml"
OFF = "off"


@dataclass(frozen=True)
class LintConfig:
    severities: Mapping[str, Severity | None] = field(default_factory=dict)

    def apply(self, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
        result = []
        for diagnostic in diagnostics:
            if diagnostic.code not in self.severities:
                result.append(diagnostic)
                continue
            severity = self.severities[diagnostic.code]
            if severity is not None:
                result.append(diagnostic.with_severity(severity))
        return result


def find_config(policies: Path) -> Path | None:
    folder = policies if policies.is_dir() else policies.parent
    candidate = folder / CONFIG_NAME
    return candidate if candidate.is_file() else None


def load_config(path: Path | None, rules: Iterable[Rule]) -> LintConfig:
    if path is None:
        return LintConfig()
    documents = load_file(path)
    data = documents[0].data if documents else {}
    unknown = sorted(str(key) for key in data if key != "rules") if isinstance(data, dict) else []
    if unknown:
        raise InputError(f"unknown key {unknown[0]!r}; the configuration has one key, "
                         "'rules: {CODE: error|warning|info|off}'", str(path), _key_line(documents[0], unknown[0]))
    entries = data.get("rules", {}) if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        raise InputError("expected a mapping 'rules: {CODE: error|warning|info|off}'", str(path), 1)
    by_key = {r.code: r.code for r in rules} | {r.name: r.code for r in rules}
    return LintConfig({_code(k, by_key, path): _severity(v, k, path) for k, v in entries.items()})


def _key_line(document: Document, key: str) -> int:
    for key_node, _ in getattr(document.root, "value", []):
        if getattr(key_node, "value", None) == key:
            return int(key_node.start_mark.line) + 1
    return 1


def _code(key: object, by_key: Mapping[str, str], path: Path) -> str:
    if str(key) not in by_key:
        raise InputError(f"unknown rule {key!r} in 'rules'; `authmap lint --list-rules` lists them", str(path))
    return by_key[str(key)]


def _severity(value: object, key: object, path: Path) -> Severity | None:
    text = "off" if value is False else str(value).lower()
    if text == OFF:
        return None
    try:
        return Severity(text)
    except ValueError:
        raise InputError(f"rule {key}: severity must be error, warning, info or off; found {value!r}",
                         str(path)) from None
