"""A ConfigMap is stored in etcd with a 1 MiB limit; past it the API server refuses the object.

authmap reports every emitted ConfigMap's size and refuses to compile one over the limit, naming
the policy files that contribute the most. The ways past it: the authenticator's CRD
(`IAMIdentityMapping`) or DynamicFile backends, or EKS access entries.

Failing: one cluster whose `aws-auth` maps tens of thousands of principals.

Passing: the same principals behind fewer, shared roles.

Reported by the compile pass.
"""

from __future__ import annotations

from compiler.lint.diagnostic import Rule, Severity

RULE = Rule(
    code="AM401",
    name="configmap-size",
    summary="an emitted ConfigMap over etcd's 1 MiB object limit",
    severity=Severity.ERROR,
    doc=__doc__ or "",
)
