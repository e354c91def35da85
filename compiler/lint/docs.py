"""docs/rules.md, generated from the rules themselves: `python -m compiler.lint.docs > docs/rules.md`."""

from __future__ import annotations

import sys
import textwrap

from compiler.lint.diagnostic import Rule
from compiler.lint.registry import RULES

_RANGES = (("AM0", "Loading"), ("AM1", "Schema"), ("AM2", "Principals and mapping"), ("AM3", "RBAC and risk"),
           ("AM4", "Output limits"), ("AM5", "Hygiene and tests"), ("AM9", "authmap itself"))


def render() -> str:
    out = ["# Lint rules", "",
           "Generated from the rule modules by `python -m compiler.lint.docs`; do not edit by hand.",
           "Silence a rule where it is written with `# authmap: disable=CODE`, or change its severity in",
           "`.authmap.yaml` at the root of the policy directory (see the README).", ""]
    out += ["| code | name | default | summary |", "|---|---|---|---|"]
    out += [f"| [{r.code}](#{r.code.lower()}) | {r.name} | {r.severity.value} | {r.summary} |" for r in RULES]
    for prefix, title in _RANGES:
        rules = [r for r in RULES if r.code.startswith(prefix)]
        if rules:
            out += ["", f"## {title}"]
            out += [section for rule in rules for section in _section(rule)]
    return "\n".join(out) + "\n"


def _section(rule: Rule) -> list[str]:
    return ["", f"### {rule.code}", "", f"`{rule.name}` · default severity **{rule.severity.value}**", "",
            textwrap.dedent(rule.doc).strip().replace("::\n", ":\n")]


if __name__ == "__main__":
    sys.stdout.write(render())
