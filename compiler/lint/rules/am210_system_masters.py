"""`system:masters` bypasses RBAC and no RBAC object can take it away again.

authmap emits it only for a team that asks explicitly with `systemMasters.justification`, and lint
reports every such team so that each one stays visible in review. A blank justification is an
error. Prefer a grant of the `cluster-admin` Role, which RBAC can revoke.

Reported (warning)::

    spec:
      systemMasters: {justification: "bootstrap team until the RBAC migration (PLAT-142)"}

Failing (error)::

    spec:
      systemMasters: {justification: " "}
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler.lint.context import Context
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.model import Model


def check(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    for team in model.teams.values():
        if team.system_masters is None:
            continue
        ref = team.ref.child("spec", "systemMasters")
        if not team.system_masters.strip():
            yield ctx.at(RULE, ref, f"team {team.name} asks for system:masters without a justification; "
                                    "say why, or grant the cluster-admin Role instead", severity=Severity.ERROR)
        else:
            yield ctx.at(RULE, ref, f"team {team.name} is mapped into system:masters, which bypasses RBAC "
                                    f"(justification: {team.system_masters.strip()!r})")


RULE = Rule(
    code="AM210",
    name="system-masters",
    summary="a team mapped into system:masters",
    severity=Severity.WARNING,
    check=check,
    doc=__doc__ or "",
)
