"""Every lint rule against its case files: `cases/<CODE>/bad.yaml` must report exactly `expected.txt`,
`good.yaml` must report nothing at all.

`AUTHMAP_UPDATE_GOLDEN=1` rewrites `expected.txt` from what `bad.yaml` reports (see tests/README.md);
read every rewritten file before committing it.
"""

from __future__ import annotations

import os
import re
import warnings
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from compiler.cli import cli
from compiler.lint.context import Context
from compiler.lint.diagnostic import Diagnostic, Rule, Severity
from compiler.lint.engine import run_rules
from compiler.lint.registry import BY_CODE, RULES
from compiler.load import load_text
from compiler.model import Model
from compiler.normalize import normalize
from compiler.validate import validate

CASES = Path(__file__).parent / "cases"
UPDATE_GOLDEN = os.environ.get("AUTHMAP_UPDATE_GOLDEN") == "1"
# Reported by the load pass before any document exists: tests/test_load.py covers each of them.
LOAD_PASS_CODES = frozenset({"AM001", "AM002", "AM003", "AM004", "AM005", "AM006", "AM007", "AM008"})
# Reported by the engine when a rule crashes: covered below with a rule that raises.
# Reported by the compile pass (sizes, read-back): covered by tests/compile.
ENGINE_CODES = frozenset({"AM900", "AM401", "AM402"})
CASE_CODES = sorted(p.name for p in CASES.iterdir() if p.is_dir())
TEXT_LINE = re.compile(r"^bad\.yaml:(\d+):(\d+): (error|warning|info) (AM\d{3}) (.+) \[([a-z0-9-]+)\]$")


def _lint(case: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[str], str]:
    """Lint one case file from its directory, so reported paths are relative to it."""
    monkeypatch.chdir(case)
    result = CliRunner().invoke(cli, ["lint", name])
    *diagnostics, summary = result.stdout.splitlines()
    return result.exit_code, diagnostics, summary


def _expected(case: Path, actual: list[str]) -> list[str]:
    path = case / "expected.txt"
    if UPDATE_GOLDEN:
        path.write_text("".join(line + "\n" for line in actual))
        warnings.warn(f"rewrote {path.relative_to(CASES.parent)}: review it before committing", stacklevel=2)
    return path.read_text().splitlines()


def _summary_of(lines: list[str]) -> str:
    counts = Counter(m.group(3) for m in map(TEXT_LINE.match, lines) if m)
    return f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info"


def test_every_registered_rule_has_a_case_directory() -> None:
    assert set(CASE_CODES) == set(BY_CODE) - LOAD_PASS_CODES - ENGINE_CODES


def test_rules_without_a_case_directory_are_reported_outside_the_model_rules() -> None:
    assert {r.code for r in RULES if r.check is not None}.isdisjoint(LOAD_PASS_CODES | ENGINE_CODES)
    assert set(BY_CODE) >= LOAD_PASS_CODES | ENGINE_CODES


@pytest.mark.parametrize("code", CASE_CODES)
def test_bad_case_reports_exactly_the_expected_diagnostics(code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    case = CASES / code
    exit_code, diagnostics, summary = _lint(case, "bad.yaml", monkeypatch)
    expected = _expected(case, diagnostics)
    assert diagnostics == expected
    assert summary == _summary_of(expected)
    assert exit_code == (1 if any(" error AM" in line for line in expected) else 0)


@pytest.mark.parametrize("code", CASE_CODES)
def test_bad_case_expectation_is_its_own_rule_and_nothing_else(code: str) -> None:
    lines = (CASES / code / "expected.txt").read_text().splitlines()
    matches = [TEXT_LINE.match(line) for line in lines]
    assert lines and all(matches), "expected.txt must hold text-format diagnostics of bad.yaml"
    assert {(m.group(4), m.group(6)) for m in matches if m} == {(code, BY_CODE[code].name)}


@pytest.mark.parametrize("code", CASE_CODES)
def test_good_case_is_clean(code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    exit_code, diagnostics, summary = _lint(CASES / code, "good.yaml", monkeypatch)
    assert (exit_code, diagnostics, summary) == (0, [], "0 error(s), 0 warning(s), 0 info")


def _crashing_check(model: Model, ctx: Context) -> Iterator[Diagnostic]:
    raise KeyError("spec")
    yield  # a generator, like every rule's check


def test_a_crashing_rule_becomes_an_internal_error_and_the_other_rules_still_report() -> None:
    text = (CASES / "AM501" / "bad.yaml").read_text()
    model = normalize(validate(load_text(text, "bad.yaml")).documents).model
    crashing = Rule("AM999", "crashes", "always raises", Severity.WARNING, _crashing_check)
    found = run_rules(model, (crashing, BY_CODE["AM501"]))
    assert [(d.code, d.severity, d.message, d.file, d.line) for d in found] == [
        ("AM900", Severity.ERROR, "rule AM999 (crashes) failed: KeyError: 'spec'; please report this bug", "bad.yaml",
         1),
        ("AM501", Severity.WARNING,
         "team payments has no access entries: it is mapped nowhere; add a grant", "bad.yaml", 15),
    ]
