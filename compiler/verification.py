"""`authmap verify`: replay every TokenTest of a policy repository against its manifests.

The manifests are the given directory, or the policies compiled into a temporary one and read
back from disk like any other manifests: the verifier sees files, never the compiler's plan.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from compiler.lint.engine import LintResult
from compiler.verifier.manifests import load_manifests
from compiler.verifier.replay import ClusterView, Outcome, TokenTestCase, replay
from compiler.write import write_tree


def cases_of(result: LintResult) -> list[TokenTestCase]:
    return [TokenTestCase(test.name, test.ref.document.data["spec"], Path(test.ref.file),
                          test.ref.document.locate(("metadata", "name"))[0])
            for test in result.model.token_tests.values()]


@contextmanager
def manifests_for(policies: Path, given: Path | None) -> Iterator[Path]:
    if given is not None:
        yield given
        return
    from compiler.compile import compile_path

    compiled = compile_path(policies)
    with tempfile.TemporaryDirectory(prefix="authmap-verify-") as temp:
        out = Path(temp) / "manifests"
        write_tree(out, compiled.tree)
        yield out


def run_cases(cases: list[TokenTestCase], manifests: Path) -> list[Outcome]:
    views: dict[str, ClusterView] = {}
    outcomes = []
    for case in cases:
        cluster = case.spec["cluster"]
        if cluster not in views:
            views[cluster] = ClusterView(load_manifests(manifests, cluster))
        outcomes.append(replay(case, views[cluster]))
    return outcomes


def report(outcomes: list[Outcome]) -> str:
    lines = []
    for outcome in outcomes:
        if outcome.passed:
            lines.append(f"PASS {outcome.name} ({outcome.cluster})")
        else:
            lines.append(f"FAIL {outcome.name} ({outcome.cluster}) at {outcome.where}")
        lines.extend(f"     {failure}" for failure in outcome.failures)
    failed = sum(not o.passed for o in outcomes)
    lines.append(f"{len(outcomes) - failed} passed, {failed} failed")
    return "\n".join(lines)
