"""Can-i traffic for one compiled cluster: every mapped identity asks a mix of questions.

Identities come from the cluster's aws-auth (usernames rendered as a session would render them,
groups plus `system:authenticated`, as the authenticator adds it). Questions are in the team's
own namespaces (mostly allowed), in other teams' namespaces (mostly denied), cluster-wide, and
non-resource URLs, so both the allow and the deny paths of the authorizer are exercised.
"""

from __future__ import annotations

import random
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

from compiler.verifier.rbac import Request, UserInfo

Question = tuple[UserInfo, Request]

_IN_NAMESPACE = (
    ("get", "pods", "", ""), ("list", "deployments", "apps", ""), ("create", "deployments", "apps", ""),
    ("delete", "pods", "", ""), ("get", "pods", "", "log"), ("update", "deployments", "apps", "scale"),
    ("create", "jobs", "batch", ""), ("get", "secrets", "", ""), ("patch", "configmaps", "", ""),
    ("create", "pods", "", "exec"),
)
_CLUSTER_WIDE = (
    ("list", "namespaces", "", ""), ("get", "nodes", "", ""),
    ("list", "customresourcedefinitions", "apiextensions.k8s.io", ""), ("delete", "nodes", "", ""),
)
_URLS = ("/healthz", "/version", "/metrics")


def cluster_objects(cluster_dir: Path) -> list[dict[str, Any]]:
    """Every object of the cluster's manifests (RBAC and ConfigMaps; the authorizer ignores the rest)."""
    objects = []
    for path in sorted(cluster_dir.rglob("*.yaml")):
        if path.name != "kustomization.yaml":
            objects.append(yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader))
    return objects


def identities(objects: list[dict[str, Any]]) -> list[UserInfo]:
    aws_auth = next(o for o in objects if o.get("kind") == "ConfigMap" and o["metadata"]["name"] == "aws-auth")
    entries = [entry for key in ("mapRoles", "mapUsers")
               for entry in yaml.load(aws_auth["data"].get(key, "[]"), Loader=yaml.CSafeLoader)]
    return [UserInfo(_rendered(entry["username"], serial), (*entry["groups"], "system:authenticated"))
            for serial, entry in enumerate(entries)]


def _rendered(username: str, serial: int) -> str:
    return (username.replace("{{SessionName}}", f"person{serial}-example.com")
            .replace("{{EC2PrivateDNSName}}", f"ip-10-0-{serial // 256}-{serial % 256}.ec2.internal"))


def namespaces_by_group(objects: list[dict[str, Any]]) -> dict[str, list[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for obj in objects:
        if obj.get("kind") == "RoleBinding":
            for subject in obj["subjects"]:
                found[subject["name"]].add(obj["metadata"]["namespace"])
    return {group: sorted(namespaces) for group, namespaces in found.items()}


def questions(objects: list[dict[str, Any]], count: int, seed: int) -> list[Question]:
    rng = random.Random(f"{seed}:can-i")
    users = identities(objects)
    own = namespaces_by_group(objects)
    every_namespace = sorted({ns for namespaces in own.values() for ns in namespaces})
    found = []
    for serial in range(count):
        user = users[serial % len(users)]
        mine = [ns for group in user.groups for ns in own.get(group, ())]
        found.append((user, _question(rng, mine, every_namespace)))
    return found


def _question(rng: random.Random, mine: list[str], every_namespace: list[str]) -> Request:
    draw = rng.random()
    if draw < 0.55 and mine:
        return _namespaced(rng, rng.choice(mine))
    if draw < 0.80 and every_namespace:
        return _namespaced(rng, rng.choice(every_namespace))
    if draw < 0.95:
        verb, resource, group, sub = rng.choice(_CLUSTER_WIDE)
        return Request(verb, resource, group, sub)
    return Request("get", path=rng.choice(_URLS))


def _namespaced(rng: random.Random, namespace: str) -> Request:
    verb, resource, group, sub = rng.choice(_IN_NAMESPACE)
    return Request(verb, resource, group, sub, namespace=namespace)
