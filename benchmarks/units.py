"""Business units and their clusters: accounts, regions, labels, node roles, declared namespaces."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from benchmarks.shapes import MONOLITH_CLUSTER, REGION_PAIRS, UNIT_NAMES

API_VERSION = "authmap/v1"
PLATFORM_NAMESPACES = ("platform", "monitoring")


@dataclass(frozen=True)
class Unit:
    index: int
    name: str
    accounts: dict[str, str]  # env -> 12-digit account ID
    regions: tuple[tuple[str, str], tuple[str, str]]  # (region, short code) primary, secondary
    kops_dev: bool

    @property
    def prod_clusters(self) -> tuple[str, str]:
        return self.cluster_name("prod", 0), self.cluster_name("prod", 1)

    @property
    def dev_cluster(self) -> str:
        return self.cluster_name("dev", 0)

    def cluster_name(self, env: str, region: int) -> str:
        return f"{self.name}-{env}-{self.regions[region][1]}"

    def sso_path(self) -> str:
        """IAM Identity Center outside us-east-1 puts its home region into the role path."""
        region = self.regions[0][0]
        return "aws-reserved/sso.amazonaws.com/" + ("" if region == "us-east-1" else f"{region}/")


def account_id(rng: random.Random) -> str:
    # Leading zeros happen in real account IDs and are why they must stay quoted strings.
    return f"{rng.randrange(10**12):012d}"


def make_unit(seed: int, index: int) -> Unit:
    rng = random.Random(f"{seed}:unit:{index}")
    base = UNIT_NAMES[index % len(UNIT_NAMES)]
    name = base if index < len(UNIT_NAMES) else f"{base}{index // len(UNIT_NAMES) + 1}"
    accounts = {env: account_id(rng) for env in ("prod", "staging", "dev")}
    return Unit(index, name, accounts, REGION_PAIRS[index % len(REGION_PAIRS)], kops_dev=index % 2 == 0)


def central_accounts(seed: int) -> dict[str, str]:
    """The identity account (platform roles, the monolith) and the security team's audit account."""
    rng = random.Random(f"{seed}:central")
    return {"identity": account_id(rng), "audit": account_id(rng)}


def unit_clusters(unit: Unit, namespaces: list[str]) -> list[dict[str, Any]]:
    declared = [*PLATFORM_NAMESPACES, *namespaces]
    found = [_eks_cluster(unit, env, region, declared) for env in ("prod", "staging") for region in (0, 1)]
    if unit.kops_dev:
        found.append(_kops_cluster(unit, declared))
    else:
        found.append(_eks_cluster(unit, "dev", 0, declared))
    return found


def _labels(unit: Unit, env: str, region: int, platform: str) -> dict[str, str]:
    tier = "sandbox" if env == "dev" else "serving"
    return {"env": env, "region": unit.regions[region][0], "platform": platform, "business-unit": unit.name,
            "tier": tier}


def _eks_cluster(unit: Unit, env: str, region: int, namespaces: list[str]) -> dict[str, Any]:
    name = unit.cluster_name(env, region)
    account = unit.accounts[env]
    spec = {"clusterID": name, "accountID": account, "outputs": ["aws-auth"],
            "nodeRoles": node_roles(account, name), "namespaces": namespaces}
    return _cluster(name, _labels(unit, env, region, "eks"), spec)


def _kops_cluster(unit: Unit, namespaces: list[str]) -> dict[str, Any]:
    # Self-managed: the authenticator's own ConfigMap, and nodes join with kubelet certificates.
    name = unit.dev_cluster
    spec = {"clusterID": f"{name}.k8s.example.com", "accountID": unit.accounts["dev"],
            "outputs": ["authenticator"], "namespaces": namespaces}
    return _cluster(name, _labels(unit, "dev", 0, "kops"), spec)


def monolith_cluster(seed: int) -> dict[str, Any]:
    account = central_accounts(seed)["identity"]
    labels = {"env": "prod", "region": "us-east-1", "platform": "eks", "business-unit": "legacy", "tier": "serving"}
    spec = {"clusterID": MONOLITH_CLUSTER, "accountID": account, "outputs": ["aws-auth"],
            "nodeRoles": node_roles(account, MONOLITH_CLUSTER), "namespaces": list(PLATFORM_NAMESPACES)}
    return _cluster(MONOLITH_CLUSTER, labels, spec)


def node_roles(account: str, cluster: str) -> list[str]:
    return [f"arn:aws:iam::{account}:role/{cluster}-nodes", f"arn:aws:iam::{account}:role/{cluster}-karpenter-nodes"]


def _cluster(name: str, labels: dict[str, str], spec: dict[str, Any]) -> dict[str, Any]:
    return {"apiVersion": API_VERSION, "kind": "Cluster", "metadata": {"name": name, "labels": labels}, "spec": spec}
