"""The measured operations. Each returns its figures; the timer is around the measured call only.

Anything an operation needs but does not measure (parsing the compiled manifests to dump them
again, building the can-i questions) happens before the timer starts.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

Figures = dict[str, Any]


def policy_files(root: Path) -> list[Path]:
    """Every policy file, in a stable order (what the loader reads)."""
    found = (p for p in root.rglob("*.y*ml") if p.suffix in (".yaml", ".yml"))
    return sorted(p for p in found if not any(part.startswith(".") for part in p.relative_to(root).parts))


def load_floor(policies: Path) -> Figures:
    """Read and parse every input file with PyYAML's C loader: no checks, no positions, no model."""
    start = time.perf_counter()
    documents = 0
    for path in policy_files(policies):
        documents += sum(1 for _ in yaml.load_all(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader))
    return {"seconds": time.perf_counter() - start, "documents": documents}


def compose(policies: Path) -> Figures:
    """Read every input file and compose its node tree (with marks) with the C composer, as lint's loader does."""
    start = time.perf_counter()
    documents = 0
    for path in policy_files(policies):
        documents += len(list(yaml.compose_all(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)))
    return {"seconds": time.perf_counter() - start, "documents": documents}


def dump_floor(manifests: Path) -> Figures:
    """Dump the compiled objects (parsed back from the written manifests first) with the C dumper."""
    objects = [yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
               for p in sorted(manifests.rglob("*.yaml"))]
    start = time.perf_counter()
    written = sum(len(yaml.dump(obj, Dumper=yaml.CSafeDumper, default_flow_style=False, sort_keys=False,
                                width=4096)) for obj in objects)
    return {"seconds": time.perf_counter() - start, "objects": len(objects), "characters": written}


def lint(policies: Path) -> Figures:
    from compiler.lint.engine import lint_path

    start = time.perf_counter()
    result = lint_path(policies)
    return {"seconds": time.perf_counter() - start, "errors": len(result.errors),
            "diagnostics": len(result.diagnostics)}


def compile_and_write(policies: Path, out: Path) -> Figures:
    """compile_path in memory, then (timed apart) the write of the manifests tree into `out`."""
    from compiler.compile import compile_path
    from compiler.write import write_tree

    start = time.perf_counter()
    compiled = compile_path(policies)
    compiled_at = time.perf_counter()
    if not compiled.ok:
        return {"seconds": compiled_at - start, "ok": False}
    write_tree(out, compiled.tree)
    figures = {"seconds": compiled_at - start, "write_seconds": time.perf_counter() - compiled_at, "ok": True}
    return figures | {"shape": _shape(compiled)}


def _shape(compiled: Any) -> Figures:
    from dataclasses import asdict

    from benchmarks.orgstats import org_stats

    return asdict(org_stats(compiled))


def diff(base: Path, head: Path) -> Figures:
    from compiler.diff.report import diff as diff_policies

    start = time.perf_counter()
    report = diff_policies(str(base), str(head))
    seconds = time.perf_counter() - start
    changes = sum(len(cluster.semantic) for cluster in report.clusters)
    return {"seconds": seconds, "changed_clusters": sum(c.status != "unchanged" for c in report.clusters),
            "changes": changes, "escalations": len(report.escalations)}


def can_i(cluster_dir: Path, count: int, seed: int) -> Figures:
    """Load one cluster's manifests into the authorizer, then answer `count` mixed can-i questions."""
    from benchmarks.canitraffic import cluster_objects, questions
    from compiler.verifier.rbac import Authorizer

    objects = cluster_objects(cluster_dir)
    asked = questions(objects, count, seed)
    start = time.perf_counter()
    authorizer = Authorizer.from_objects(objects, builtins=True)
    loaded = time.perf_counter()
    allowed = sum(authorizer.authorize(user, request).allowed for user, request in asked)
    answered = time.perf_counter()
    return {"seconds": answered - loaded, "load_seconds": loaded - start, "questions": count,
            "answers_per_second": count / (answered - loaded), "allowed": allowed,
            "identities": len({user.name for user, _ in asked}), "objects": len(objects)}


OPERATIONS: dict[str, Callable[..., Figures]] = {
    "load": load_floor, "compose": compose, "dump": dump_floor, "lint": lint, "compile": compile_and_write,
    "diff": diff, "can-i": can_i,
}
