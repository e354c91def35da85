"""Emitted YAML that would not read back exactly as intended is never written.

A YAML error in `mapRoles` drops every role mapping, node roles included, and a username that a
YAML 1.1 reader takes for a boolean breaks the whole string. authmap re-reads each embedded YAML
string with a YAML 1.1 and a YAML 1.2 reader; if either differs from what was meant, compile
stops. Seeing this means authmap's quoting missed a case: please report it with the value.

Reported by the compile pass.
"""

from __future__ import annotations

from compiler.lint.diagnostic import Rule, Severity

RULE = Rule(
    code="AM402",
    name="emit-readback",
    summary="emitted YAML that does not read back as intended",
    severity=Severity.ERROR,
    doc=__doc__ or "",
)
