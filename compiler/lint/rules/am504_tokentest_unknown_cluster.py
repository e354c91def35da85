"""A TokenTest must name a declared Cluster, or the verifier has nothing to replay it against.

Failing::

    spec: {cluster: prod-us-east-1, ...}

Passing::

    spec: {cluster: prod-use1, ...}
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from compiler.lint.context import Context
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.model import Model


def check(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    for test in model.token_tests.values():
        if test.cluster not in model.clusters:
            guess = difflib.get_close_matches(test.cluster, list(model.clusters), n=1)
            hint = f" (did you mean {guess[0]!r}?)" if guess else ""
            yield ctx.at(RULE, test.ref.child("spec", "cluster"),
                         f"TokenTest {test.name} names cluster {test.cluster!r}, which is not defined{hint}")


RULE = Rule(
    code="AM504",
    name="tokentest-unknown-cluster",
    summary="a TokenTest naming an undefined cluster",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
)
