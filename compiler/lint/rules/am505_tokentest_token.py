"""A TokenTest that expects to authenticate with a token the authenticator would refuse outright.

The token's own checks (size, `k8s-aws-v1.` prefix, base64url, https, an STS host of the cluster's
partition, path `/`, only the allowed query parameters, none twice, `Action=GetCallerIdentity`, the
cluster ID among the signed headers, `X-Amz-Expires` and the 15-minute expiry at the test's `at`)
come before STS is asked, so such a test can never pass. A test that is about a rejection says so
with `expect: {authenticated: false, reason: ...}`.

Failing::

    spec:
      cluster: prod-use1
      token: k8s-aws-v1.aHR0cDovL2V2aWwuZXhhbXBsZS5jb20v   # http://evil.example.com/
      expect: {authenticated: true}

Passing::

    spec:
      cluster: prod-use1
      token: k8s-aws-v1.aHR0cDovL2V2aWwuZXhhbXBsZS5jb20v
      expect: {authenticated: false, reason: not-https}
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from compiler.lint.context import Context
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.model import Cluster, Model


def check(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    for test in model.token_tests.values():
        spec = test.ref.document.data["spec"]
        cluster = model.clusters.get(test.cluster)
        if "token" not in spec or cluster is None or not spec["expect"]["authenticated"]:
            continue
        problem = _refusal(spec["token"], cluster, spec.get("at"))
        if problem:
            yield ctx.at(RULE, test.ref.child("spec", "token"),
                         f"TokenTest {test.name} expects to authenticate, but the authenticator refuses this token "
                         f"before asking STS ({problem}); mint a fresh one with `authmap token --sample`, or expect "
                         "authenticated: false with a reason")


def _refusal(token: str, cluster: Cluster, at_text: str | None) -> str | None:
    from compiler.verifier.token import TokenRejected, iso_time, signed_at, verify_token

    try:
        at = iso_time(at_text) if at_text else signed_at(token)
    except ValueError:
        at = None
    try:
        verify_token(token, cluster_id=cluster.cluster_id, partition=cluster.partition, region=None,
                     at=at or datetime.now(UTC))
    except TokenRejected as rejected:
        return f"{rejected.rule}: {rejected.message}"
    return None


RULE = Rule(
    code="AM505",
    name="tokentest-token",
    summary="a TokenTest expecting success with a token the authenticator refuses",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
)
