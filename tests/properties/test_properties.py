"""Properties that must hold for every input, not just the examples: checked with hypothesis.

- ARN canonicalization is idempotent and agrees with the match key;
- the token decoder never raises anything but a TokenRejected that names its rule;
- the RBAC matcher is monotonic: adding a rule never removes an allowed request.
(The read-back property of emitted YAML lives in tests/compile/test_readback.py.)
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler import arn as arns
from compiler.verifier.rbac import Authorizer, Request, UserInfo
from compiler.verifier.token import TokenRejected, verify_token

PARTITIONS = st.sampled_from(arns.PARTITIONS)
ACCOUNTS = st.from_regex(r"[0-9]{12}", fullmatch=True)
NAMES = st.from_regex(r"[A-Za-z0-9+=,.@_-]{1,24}", fullmatch=True)
PATHS = st.lists(NAMES, max_size=3).map(lambda parts: "".join(p + "/" for p in parts))


@st.composite
def identity_arns(draw: st.DrawFn) -> str:
    partition, account = draw(PARTITIONS), draw(ACCOUNTS)
    kind = draw(st.sampled_from(["user", "role", "root", "assumed-role", "federated-user"]))
    if kind == "root":
        return f"arn:{partition}:iam::{account}:root"
    if kind == "assumed-role":
        return f"arn:{partition}:sts::{account}:assumed-role/{draw(NAMES)}/{draw(NAMES)}"
    if kind == "federated-user":
        return f"arn:{partition}:sts::{account}:federated-user/{draw(NAMES)}"
    return f"arn:{partition}:iam::{account}:{kind}/{draw(PATHS)}{draw(NAMES)}"


@given(identity_arns())
@settings(max_examples=500)
def test_canonicalization_is_idempotent_and_agrees_with_the_match_key(text: str) -> None:
    once = arns.principal(text)
    twice = arns.principal(once.canonical)
    assert twice.canonical == once.canonical
    assert once.match_key == once.canonical.lower() == twice.match_key
    assert (once.partition, once.account) == (twice.partition, twice.account)
    if once.is_role:
        assert once.canonical == f"arn:{once.partition}:iam::{once.account}:role/{once.name}"


@given(st.text(max_size=200))
@settings(max_examples=300)
def test_arbitrary_text_is_an_arn_or_an_arn_error(text: str) -> None:
    try:
        arns.principal(text)
    except arns.ArnError as err:
        assert err.kind in ("syntax", "partition", "account", "group", "resource")


TOKEN_TEXT = st.one_of(
    st.text(max_size=300),
    st.binary(max_size=300).map(lambda b: "k8s-aws-v1." + base64.urlsafe_b64encode(b).decode().rstrip("=")),
    st.text(max_size=300).map(lambda t: "k8s-aws-v1." + base64.urlsafe_b64encode(t.encode()).decode().rstrip("=")),
    st.lists(st.sampled_from(["https://", "sts.amazonaws.com", "/", "?", "&", "=", "Action=GetCallerIdentity",
                              "X-Amz-Date=20261124T070000Z", "X-Amz-Expires=60", "X-Amz-SignedHeaders=host",
                              "x-k8s-aws-id", "%", "%zz", ":443", "@", "#", "http://", "\x00", "é"]),
             max_size=12).map(lambda parts: "k8s-aws-v1." + base64.urlsafe_b64encode("".join(parts).encode())
                              .decode().rstrip("=")),
)


@given(TOKEN_TEXT)
@settings(max_examples=800, suppress_health_check=[HealthCheck.too_slow])
def test_the_token_decoder_only_ever_rejects_with_a_named_rule(token: str) -> None:
    try:
        verify_token(token, cluster_id="prod-use1", partition="aws", region=None,
                     at=datetime(2026, 11, 24, 7, 1, tzinfo=UTC))
    except TokenRejected as rejected:
        assert rejected.rule and rejected.message


VERBS = st.sampled_from(["get", "list", "create", "delete", "*"])
GROUPS = st.sampled_from(["", "apps", "*"])
RESOURCES = st.sampled_from(["pods", "pods/log", "secrets", "deployments", "*", "*/scale", "deployments/scale"])
NAMESPACES = st.sampled_from(["", "payments", "search"])


@st.composite
def rules(draw: st.DrawFn) -> dict[str, Any]:
    if draw(st.booleans()):
        return {"verbs": draw(st.lists(VERBS, min_size=1, max_size=2)),
                "nonResourceURLs": draw(st.lists(st.sampled_from(["/healthz", "/api/*", "*"]), min_size=1, max_size=2))}
    rule: dict[str, Any] = {"verbs": draw(st.lists(VERBS, min_size=1, max_size=2)),
                            "apiGroups": draw(st.lists(GROUPS, min_size=1, max_size=2)),
                            "resources": draw(st.lists(RESOURCES, min_size=1, max_size=2))}
    if draw(st.booleans()):
        rule["resourceNames"] = draw(st.lists(st.sampled_from(["web", "db"]), min_size=1, max_size=2))
    return rule


@st.composite
def requests(draw: st.DrawFn) -> Request:
    if draw(st.integers(0, 5)) == 0:
        return Request(draw(VERBS.filter(lambda v: v != "*")), path=draw(st.sampled_from(["/healthz", "/api/v1"])))
    resource = draw(st.sampled_from(["pods", "secrets", "deployments"]))
    return Request(draw(st.sampled_from(["get", "list", "create", "delete"])), resource=resource,
                   api_group=draw(st.sampled_from(["", "apps"])),
                   subresource=draw(st.sampled_from(["", "log", "scale"])),
                   name=draw(st.sampled_from(["", "web"])), namespace=draw(NAMESPACES))


def objects_for(rule_sets: list[tuple[str, list[dict[str, Any]]]]) -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = []
    for index, (namespace, rule_list) in enumerate(rule_sets):
        kind = "Role" if namespace else "ClusterRole"
        meta: dict[str, Any] = {"name": f"r{index}", **({"namespace": namespace} if namespace else {})}
        rules_for_kind = [r for r in rule_list if namespace == "" or "nonResourceURLs" not in r]
        objects.append({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind, "metadata": meta,
                        "rules": rules_for_kind})
        objects.append({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": f"{kind}Binding",
                        "metadata": {"name": f"b{index}", **({"namespace": namespace} if namespace else {})},
                        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": kind, "name": f"r{index}"},
                        "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "team"}]})
    return objects


@given(st.lists(st.tuples(NAMESPACES, st.lists(rules(), max_size=3)), max_size=3),
       st.tuples(NAMESPACES, st.lists(rules(), min_size=1, max_size=2)),
       st.lists(requests(), min_size=1, max_size=8))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_adding_a_rule_never_removes_an_allowed_request(base: list[tuple[str, list[dict[str, Any]]]],
                                                        extra: tuple[str, list[dict[str, Any]]],
                                                        asked: list[Request]) -> None:
    user = UserInfo("u", ("team",))
    before = Authorizer.from_objects(objects_for(base), builtins=False)
    after = Authorizer.from_objects(objects_for([*base, extra]), builtins=False)
    for request in asked:
        if before.authorize(user, request).allowed:
            assert after.authorize(user, request).allowed, request
