"""The compiler as one call: policies in, the manifests tree (path -> text) out, or the findings
that stop it. The CLI and the diff both use this; neither writes anything through it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from compiler.emit.tree import ClusterFiles, ConfigMapSize, Emitter
from compiler.emit.yamltext import EmitError
from compiler.gcpause import paused
from compiler.lint.context import located
from compiler.lint.diagnostic import Diagnostic, Rule
from compiler.lint.engine import LintResult, lint_path
from compiler.lint.rules import am401_configmap_size, am402_emit_readback
from compiler.model import Cluster, Model
from compiler.plan import ClusterPlan, plan


@dataclass(frozen=True)
class Compiled:
    lint: LintResult
    plans: tuple[ClusterPlan, ...]
    clusters: tuple[ClusterFiles, ...]
    refusals: tuple[Diagnostic, ...]

    @property
    def ok(self) -> bool:
        return not self.lint.errors and not self.refusals

    @property
    def tree(self) -> dict[str, str]:
        return {f"{c.name}/{path}": text for c in self.clusters for path, text in c.files.items()}

    @property
    def sizes(self) -> tuple[ConfigMapSize, ...]:
        return tuple(s for c in self.clusters for s in c.sizes)


def plan_path(policies: Path) -> Compiled:
    """Lint and plan, without emitting: everything a semantic comparison needs."""
    result = lint_path(policies)
    if result.errors:
        return Compiled(result, (), (), ())
    with paused():
        return Compiled(result, plan(result.model, relative_names(result.model, policies)), (), ())


def compile_path(policies: Path) -> Compiled:
    planned = plan_path(policies)
    if planned.lint.errors:
        return planned
    result, plans = planned.lint, planned.plans
    with paused():
        return _emitted(result, plans)


def _emitted(result: LintResult, plans: tuple[ClusterPlan, ...]) -> Compiled:
    clusters: list[ClusterFiles] = []
    refusals: list[Diagnostic] = []
    emitter = Emitter()
    for cluster_plan in plans:
        try:
            files = emitter.cluster(cluster_plan)
        except EmitError as err:
            refusals.append(_refusal(cluster_plan.cluster, am402_emit_readback.RULE, str(err)))
            continue
        clusters.append(files)
        refusals.extend(_size_refusal(cluster_plan.cluster, s) for s in files.sizes if s.over_limit)
    return Compiled(result, plans, tuple(clusters), tuple(refusals))


def relative_names(model: Model, policies: Path) -> dict[str, str]:
    """Policy files as objects cite them: relative to the policy root, so output is the same anywhere."""
    root = policies if policies.is_dir() else policies.parent
    names = {}
    for document in model.documents:
        path = Path(document.file)
        try:
            names[document.file] = path.relative_to(root).as_posix()
        except ValueError:
            names[document.file] = path.name
    return names


def _size_refusal(cluster: Cluster, size: ConfigMapSize) -> Diagnostic:
    biggest = ", ".join(f"{source} ({count:,} bytes)" for source, count in size.contributors)
    entries = size.roles + size.users
    message = (f"{size.path} would hold {size.bytes:,} bytes of data, over the 1,048,576-byte limit of a "
               f"ConfigMap in etcd: {entries:,} entries ({size.roles:,} roles, {size.users:,} IAM users), "
               f"about {size.bytes // max(entries, 1):,} bytes each; biggest contributors: {biggest}. Map fewer "
               "principals per cluster (shared roles instead of many users), or move to the authenticator's CRD "
               "backend or EKS access entries")
    return _refusal(cluster, am401_configmap_size.RULE, message)


def _refusal(cluster: Cluster, rule: Rule, message: str) -> Diagnostic:
    return located(rule, cluster.ref.document, ("metadata", "name"), message)
