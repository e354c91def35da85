"""Every document is checked against the JSON Schema of its kind (`authmap schema KIND` prints it), so
a misspelled field or a wrong type is reported at its line instead of being ignored.

Failing::

    spec:
      members:
        - arn: arn:aws:iam::111122223333:user/alice
          group: admins          # unknown field

Passing::

    spec:
      members:
        - arn: arn:aws:iam::111122223333:user/alice

Reported by the validate pass.
"""

from __future__ import annotations

from compiler.lint.diagnostic import Rule, Severity

RULE = Rule(
    code="AM101",
    name="schema",
    summary="a document does not match its kind's JSON Schema",
    severity=Severity.ERROR,
    doc=__doc__ or "",
)
