"""An AWS account ID is exactly 12 digits; anything else matches no caller.

The authenticator does not check this, so `arn:aws:iam::123456789:role/KubernetesAdmin` (nine
digits, as in many copied examples) is accepted into `aws-auth` and silently never matches.
Leading zeros are part of the ID.

Failing::

    roles:
      - arn: arn:aws:iam::123456789:role/KubernetesAdmin

Passing::

    roles:
      - arn: arn:aws:iam::012345678901:role/KubernetesAdmin
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from compiler.lint.context import Context
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.lint.walk import all_principals
from compiler.model import Cluster, Model

_ACCOUNT = re.compile(r"[0-9]{12}")


def check(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    for principal in all_principals(model):
        if principal.arn_error is not None and principal.arn_error.kind == "account":
            yield ctx.at(RULE, principal.ref, principal.arn_error.message)
    for cluster in model.clusters.values():
        yield from _cluster_accounts(cluster, ctx)


def _cluster_accounts(cluster: Cluster, ctx: Context) -> Iterator[Diagnostic]:
    if not _ACCOUNT.fullmatch(cluster.account_id):
        yield ctx.at(RULE, cluster.ref.child("spec", "accountID"),
                     f"accountID {cluster.account_id!r} is not a 12-digit AWS account ID")
    for index, account in enumerate(cluster.accounts):
        if not _ACCOUNT.fullmatch(account):
            yield ctx.at(RULE, cluster.ref.child("spec", "accounts", index),
                         f"account {account!r} is not a 12-digit AWS account ID")


RULE = Rule(
    code="AM202",
    name="account-id",
    summary="an account ID that is not exactly 12 digits",
    severity=Severity.ERROR,
    check=check,
    doc=__doc__ or "",
)
