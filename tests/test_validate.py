"""The validate pass and `authmap schema`: every document against its kind's JSON Schema."""

from __future__ import annotations

from compiler.lint.diagnostic import Diagnostic
from compiler.load import load_text
from compiler.validate import validate


def _validate(text: str) -> list[Diagnostic]:
    return list(validate(load_text(text, "policy.yaml")).diagnostics)


def _lines(diagnostics: list[Diagnostic]) -> list[str]:
    return [f"{d.file}:{d.line}:{d.column}: {d.severity.value} {d.code} {d.message}" for d in diagnostics]


def test_missing_kind_is_reported_as_missing_without_a_guess() -> None:
    found = _validate("apiVersion: authmap/v1\nmetadata: {name: payments}\nspec: {}\n")
    assert _lines(found) == [
        "policy.yaml:1:1: error AM104 missing field 'kind': it is one of Cluster, Role, Team, TokenTest"]


def test_constant_mismatch_spells_booleans_as_yaml_does() -> None:
    found = _validate("""\
apiVersion: authmap/v1
kind: Team
metadata: {name: payments}
spec:
  access:
    - clusters: [prod-use1]
      clusterWide: false
      role: view
""")
    assert _lines(found) == ["policy.yaml:7:20: error AM101 spec.access[0].clusterWide: must be true, found false"]
