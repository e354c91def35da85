"""Check strings (TokenTest `can`/`cannot`) and `authmap can-i` arguments, read as kubectl reads them."""

from __future__ import annotations

import pytest

from compiler.verifier.rbac import Authorizer, Request, UserInfo
from compiler.verifier.requests import parse_check, request_from_cli, resolve_resource


@pytest.mark.parametrize(("text", "expected"), [
    ("create deployments.apps -n payments", Request("create", "deployments", "apps", namespace="payments")),
    ("get pods/log -n payments", Request("get", "pods", subresource="log", namespace="payments")),
    ("delete nodes", Request("delete", "nodes")),
    ("get /healthz", Request("get", path="/healthz")),
    ("update deployments.apps/scale web -n shop",
     Request("update", "deployments", "apps", "scale", "web", "shop")),
    ("get pods web --namespace shop", Request("get", "pods", name="web", namespace="shop")),
    ("get pods --namespace=shop web", Request("get", "pods", name="web", namespace="shop")),
    ("get pods -nshop", Request("get", "pods", namespace="shop")),
    ("get pods -n=shop", Request("get", "pods", namespace="shop")),
    ("-n shop get pods", Request("get", "pods", namespace="shop")),
    ("get pods --subresource log -n shop", Request("get", "pods", subresource="log", namespace="shop")),
    ("get pods --subresource=exec web", Request("get", "pods", subresource="exec", name="web")),
    ("  list   secrets  ", Request("list", "secrets")),
    ("'*' '*'", Request("*", "*")),
    ("get /logs/*", Request("get", path="/logs/*")),
    ("list jobs.batch -n ci", Request("list", "jobs", "batch", namespace="ci")),
    ("approve certificatesigningrequests.certificates.k8s.io",
     Request("approve", "certificatesigningrequests", "certificates.k8s.io")),
    ("get widgets.example.com/status w -n x", Request("get", "widgets", "example.com", "status", "w", "x")),
])
def test_check_strings(text: str, expected: Request) -> None:
    assert parse_check(text) == expected


@pytest.mark.parametrize(("typed", "resolved"), [
    ("pods", ("pods", "")),
    ("Pods", ("pods", "")),
    ("po", ("pods", "")),
    ("pod", ("pods", "")),
    ("deployments", ("deployments", "apps")),      # served only by apps: kubectl finds it there
    ("deploy", ("deployments", "apps")),
    ("deploy.apps", ("deployments", "apps")),
    ("deployments.v1.apps", ("deployments", "apps")),
    ("deployments.extensions", ("deployments", "extensions")),
    ("events", ("events", "")),                    # core wins over events.k8s.io
    ("events.events.k8s.io", ("events", "events.k8s.io")),
    ("ingresses", ("ingresses", "networking.k8s.io")),
    ("hpa", ("horizontalpodautoscalers", "autoscaling")),
    ("rolebindings", ("rolebindings", "rbac.authorization.k8s.io")),
    ("csr", ("certificatesigningrequests", "certificates.k8s.io")),
    ("widgets", ("widgets", "")),                  # unknown without a group: core, as typed
    ("widgets.example.com", ("widgets", "example.com")),
    ("widgets.v1alpha1.example.com", ("widgets", "example.com")),
    ("*", ("*", "")),
    ("*.apps", ("*", "apps")),
])
def test_resource_resolution(typed: str, resolved: tuple[str, str]) -> None:
    assert resolve_resource(typed) == resolved


@pytest.mark.parametrize(("text", "message"), [
    ("get", "check 'get' has 1 word(s) besides flags"),
    ("", "check '' has 0 word(s) besides flags"),
    ("get pods web extra", "check 'get pods web extra' has 4 word(s) besides flags"),
    ("get pods -n", "check 'get pods -n': -n needs a value"),
    ("get pods --namespace=", "check 'get pods --namespace=': --namespace= needs a value"),
    ("get pods -n a -n b", "check 'get pods -n a -n b' gives the namespace twice"),
    ("get pods -A", "check 'get pods -A': unknown flag '-A'"),
    ("get pods/ -n x", "check 'get pods/ -n x': nothing follows the / in 'pods/'"),
    ("get pods/log --subresource exec", "names a subresource twice"),
    ("get /healthz -n x", "a non-resource URL such as '/healthz' is cluster-wide and takes no name, "
                          "namespace or subresource (found namespace 'x')"),
    ("get /healthz web", "(found name 'web')"),
    ("get 'pods", "check \"get 'pods\": No closing quotation"),
    ("get .apps", "'.apps' is not a resource; expected TYPE or TYPE.GROUP"),
])
def test_bad_check_strings_say_what_form_is_expected(text: str, message: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_check(text)
    assert message in str(raised.value)


@pytest.mark.parametrize(("args", "expected"), [
    (("get", "pods", None, "shop", None), Request("get", "pods", namespace="shop")),
    (("get", "pods", "web", "shop", "log"), Request("get", "pods", "", "log", "web", "shop")),
    (("get", "pods/web", None, "shop", None), Request("get", "pods", name="web", namespace="shop")),
    (("get", "pods/log", None, None, None), Request("get", "pods", name="log")),  # as kubectl: log is a name
    (("update", "deploy/web", None, "shop", "scale"),
     Request("update", "deployments", "apps", "scale", "web", "shop")),
    (("list", "jobs.batch", "", "", ""), Request("list", "jobs", "batch")),
    (("get", "/healthz", None, None, None), Request("get", path="/healthz")),
])
def test_cli_arguments_mirror_kubectl(args: tuple[str, str, str | None, str | None, str | None],
                                      expected: Request) -> None:
    assert request_from_cli(*args) == expected


@pytest.mark.parametrize(("args", "message"), [
    (("get", "pods/web", "db", None, None),
     "can-i get pods/web: the name is given twice ('web' after the /, and 'db')"),
    (("get", "pods/", None, None, None), "can-i get pods/: nothing follows the / in 'pods/'"),
    (("get", "/healthz", None, "shop", None), "(found namespace 'shop')"),
    (("get", "/healthz", "x", None, "log"), "(found name 'x', subresource 'log')"),
    (("", "pods", None, None, None), "can-i needs a verb and a resource or URL"),
])
def test_bad_cli_arguments(args: tuple[str, str, str | None, str | None, str | None], message: str) -> None:
    with pytest.raises(ValueError) as raised:
        request_from_cli(*args)
    assert message in str(raised.value)


def test_the_spec_token_test_checks_against_a_developer_role() -> None:
    developer = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
                 "metadata": {"name": "developer", "namespace": "payments"},
                 "rules": [{"apiGroups": ["", "apps"], "resources": ["pods", "pods/log", "deployments"],
                            "verbs": ["get", "list", "watch", "create"]}]}
    binding = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
               "metadata": {"name": "payments-developer", "namespace": "payments"},
               "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "developer"},
               "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "Group",
                             "name": "authmap:team:payments"}]}
    authz = Authorizer.from_objects([developer, binding])
    user = UserInfo("alice", ("authmap:team:payments", "system:authenticated"))
    verdicts = {check: authz.authorize(user, parse_check(check)).allowed for check in (
        "create deployments.apps -n payments", "get pods/log -n payments", "create deployments -n payments",
        "get secrets -n payments", "delete nodes", "create deployments.apps -n search")}
    assert verdicts == {"create deployments.apps -n payments": True, "get pods/log -n payments": True,
                        "create deployments -n payments": True, "get secrets -n payments": False,
                        "delete nodes": False, "create deployments.apps -n search": False}
