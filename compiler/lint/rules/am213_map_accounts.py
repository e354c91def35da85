"""`accounts` (mapAccounts) lets every principal of an account authenticate.

Each gets its ARN as username and no groups, so RBAC still decides, but anything bound to
`system:authenticated` (and every future mistake of that kind) reaches the whole account.

Reported::

    spec:
      accounts: ["444455556666"]

Not reported: no `accounts`, with the account's roles mapped individually through teams.
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler.lint.context import Context
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.model import Model


def check(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    for cluster in model.clusters.values():
        if cluster.accounts:
            yield ctx.at(RULE, cluster.ref.child("spec", "accounts"), key=True,
                         message=f"cluster {cluster.name} lets every principal of account(s) "
                                 f"{', '.join(cluster.accounts)} authenticate (mapAccounts); map roles instead")


RULE = Rule(
    code="AM213",
    name="map-accounts",
    summary="mapAccounts authenticates whole accounts",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
)
