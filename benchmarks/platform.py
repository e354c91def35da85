"""The four organisation-wide teams: each reaches every cluster of a kind, with a fixed set of principals.

Their principals live in central accounts and do not grow with the organisation, so the work
they add grows with the number of clusters only, as in a real company.
"""

from __future__ import annotations

import random
from typing import Any

from benchmarks.shapes import FIRST_NAMES, LAST_NAMES
from benchmarks.teams import Entry, team_document
from benchmarks.units import central_accounts

_EKS: dict[str, Any] = {"matchLabels": {"platform": "eks"}}
_KOPS: dict[str, Any] = {"matchLabels": {"platform": "kops"}}


def platform_teams(seed: int) -> list[dict[str, Any]]:
    accounts = central_accounts(seed)
    rng = random.Random(f"{seed}:platform")
    return [_sre(rng, accounts["identity"]), _security(accounts["audit"]), _break_glass(accounts["identity"]),
            _observability(rng, accounts["identity"])]


def _people(rng: random.Random, account: str, count: int, prefix: str) -> list[Entry]:
    names = (f"{prefix}.{rng.choice(FIRST_NAMES)}.{rng.choice(LAST_NAMES)}{n}" for n in range(count))
    return [{"arn": f"arn:aws:iam::{account}:user/{prefix}/{name}", "username": name} for name in names]


def _sre(rng: random.Random, account: str) -> dict[str, Any]:
    roles = [{"arn": f"arn:aws:iam::{account}:role/aws-reserved/sso.amazonaws.com/"
                     f"AWSReservedSSO_PlatformEngineer_{rng.getrandbits(64):016x}"},
             {"arn": f"arn:aws:iam::{account}:role/platform-oncall"}]
    access: list[dict[str, Any]] = [
        {"clusters": _EKS, "namespaces": ["platform", "monitoring"], "role": "namespace-ops"},
        {"clusters": _EKS, "clusterWide": True, "role": "cluster-reader"},
        {"clusters": _KOPS, "clusterWide": True, "role": "read-only"}]
    return team_document("platform-sre", _people(rng, account, 6, "sre"), roles, access)


def _security(account: str) -> dict[str, Any]:
    roles = [{"arn": f"arn:aws:iam::{account}:role/SecurityAudit"}]
    access = [{"clusters": {"matchLabels": {"env": env}}, "clusterWide": True, "role": "read-only"}
              for env in ("prod", "staging")]
    return team_document("security-audit", [], roles, access)


def _break_glass(account: str) -> dict[str, Any]:
    # The session name (the on-call engineer) shows up in every audit log line through the username.
    roles = [{"arn": f"arn:aws:iam::{account}:role/BreakGlassAdmin", "username": "break-glass:{{SessionName}}"}]
    access = [{"clusters": selector, "clusterWide": True, "role": "break-glass"} for selector in (_EKS, _KOPS)]
    return team_document("break-glass", [], roles, access)


def _observability(rng: random.Random, account: str) -> dict[str, Any]:
    roles = [{"arn": f"arn:aws:iam::{account}:role/observability-agent"}]
    access: list[dict[str, Any]] = [
        {"clusters": _EKS, "namespaces": ["monitoring"], "role": "monitoring-editor"},
        {"clusters": {"matchLabels": {"env": "prod"}}, "clusterWide": True, "role": "node-viewer"}]
    return team_document("observability", _people(rng, account, 2, "obs"), roles, access)
