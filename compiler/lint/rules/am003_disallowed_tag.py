"""Policy files use YAML's core schema only. Language-specific tags (`!!python/object`), custom tags
(`!Ref`) and YAML 1.1 merge keys (`<<`) are read differently, or not at all, by other tools.

Failing::

    spec: !!python/object:os.system {}

Passing::

    spec: {}

Reported by the load pass.
"""

from __future__ import annotations

from compiler.lint.diagnostic import Rule, Severity

RULE = Rule(
    code="AM003",
    name="disallowed-tag",
    summary="a tag or merge key outside YAML's core schema",
    severity=Severity.ERROR,
    doc=__doc__ or "",
)
