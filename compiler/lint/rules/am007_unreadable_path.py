"""authmap reads only what is inside the policy directory: a missing path, an unreadable file or a
symlink pointing outside the directory is refused rather than followed.

Failing: `teams/ops.yaml -> /etc/passwd`.

Passing: `teams/ops.yaml` as a regular file in the repository.

Reported by the load pass.
"""

from __future__ import annotations

from compiler.lint.diagnostic import Rule, Severity

RULE = Rule(
    code="AM007",
    name="unreadable-path",
    summary="a path cannot be read, or a symlink leaves the policy directory",
    severity=Severity.ERROR,
    doc=__doc__ or "",
)
