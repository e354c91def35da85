"""The Node authorizer (EKS's and kubeadm's `--authorization-mode=Node,RBAC`).

`vectors/k8s_node_authorizer.json` holds Kubernetes' own TestNodeAuthorizer cases
(`plugin/pkg/auth/authorizer/node/node_authorizer_test.go`, commit in the file). Cases upstream
decides from its pod graph must come out "no opinion, depends on the pods bound to the node";
every other case must match upstream's decision.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from compiler.verifier.node_authorizer import NodeAuthorizer
from compiler.verifier.rbac import Authorizer, Request, UserInfo

VECTORS: dict[str, Any] = json.loads(
    (Path(__file__).parent / "vectors" / "k8s_node_authorizer.json").read_text(encoding="utf-8"))
NODE = NodeAuthorizer.with_bootstrap_rules()
NODE0 = UserInfo("system:node:node0", ("system:nodes", "system:authenticated"))


def test_the_vectors_cite_kubernetes() -> None:
    source = VECTORS["source"]
    assert (source["repository"], source["path"]) == ("kubernetes/kubernetes",
                                                      "plugin/pkg/auth/authorizer/node/node_authorizer_test.go")
    assert len(source["commit"]) == 40 and len(VECTORS["cases"]) > 90


@pytest.mark.parametrize("case", VECTORS["cases"], ids=lambda c: c["name"])
def test_upstream_node_authorizer_cases(case: dict[str, Any]) -> None:
    request = Request(case["verb"], case["resource"], case["apiGroup"], case["subresource"], case["objectName"],
                      case["namespace"])
    verdict = NODE.authorize(UserInfo(case["user"], tuple(case["groups"])), request)
    assert verdict is not None
    if case["needsPodGraph"]:
        assert not verdict.allowed
        assert "related to a pod bound to node" in verdict.reason
    else:
        assert verdict.allowed == (case["upstream"] == "allow"), verdict.reason


def test_only_node_identities_are_its_business() -> None:
    services = Request("get", "services")
    assert NODE.authorize(UserInfo("system:node:node0"), services) is None  # not in system:nodes
    assert NODE.authorize(UserInfo("alice", ("system:nodes",)), services) is None  # not a node user name
    nameless = NODE.authorize(UserInfo("system:node:", ("system:nodes",)), services)
    assert nameless is not None and not nameless.allowed and nameless.reason == 'user "system:node:" names no node'


def test_the_static_node_rules_answer_everything_else() -> None:
    allowed = NODE.authorize(NODE0, Request("get", "services"))
    assert allowed is not None and allowed.allowed and allowed.rule is not None
    assert allowed.rule.rule.to_dict()["resources"] == ["services"]
    denied = NODE.authorize(NODE0, Request("create", "deployments", "apps", namespace="ns0"))
    assert denied is not None and not denied.allowed


def test_through_the_authorizer_chain_node_first_then_rbac() -> None:
    authorizer = Authorizer.from_objects([])
    lease = authorizer.authorize(NODE0, Request("update", "leases", "coordination.k8s.io", name="node0",
                                                namespace="kube-node-lease"))
    assert lease.allowed and lease.reason == "the Node authorizer allows it: a node may update its own lease"
    assert lease.binding is None
    secret = authorizer.authorize(NODE0, Request("get", "secrets", name="db", namespace="shop"))
    assert not secret.allowed
    assert secret.reason.endswith("; the Node authorizer has no opinion: it allows this only if the secret is related "
                                  "to a pod bound to node 'node0'; the manifests do not say which pods run there")
    assert Authorizer.from_objects([], builtins=False).authorize(NODE0, Request("get", "services")).allowed is False
