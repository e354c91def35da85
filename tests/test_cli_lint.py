"""`authmap lint` as a user runs it: exit codes (SPEC §3), formats, rule listing, start-up cost."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from compiler.cli import cli
from compiler.lint.registry import RULES

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_ORG = REPO / "policies"
CLUSTER = """\
apiVersion: authmap/v1
kind: Cluster
metadata: {name: prod-use1}
spec:
  clusterID: prod-use1
  accountID: "111122223333"
  nodeRoles: [arn:aws:iam::111122223333:role/prod-use1-nodes]
"""
TEAM_WITHOUT_ACCESS = """\
apiVersion: authmap/v1
kind: Team
metadata: {name: payments}
spec:
  members: [{arn: "arn:aws:iam::111122223333:user/alice"}]
"""
TEAM_WITH_UNKNOWN_CLUSTER = TEAM_WITHOUT_ACCESS + "  access: [{clusters: [prod-usw2], clusterWide: true, role: view}]\n"
CLEAN_SUMMARY = "0 error(s), 0 warning(s), 6 info"


def _policy(tmp_path: Path, *documents: str) -> Path:
    (tmp_path / "org.yaml").write_text("---\n".join(documents))
    return tmp_path


def test_example_org_lints_clean_with_exit_0() -> None:
    result = CliRunner().invoke(cli, ["lint", str(EXAMPLE_ORG)])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[-1] == CLEAN_SUMMARY
    assert all(" info AM203 role path /aws-reserved/sso.amazonaws.com/ removed" in line for line in lines[:-1])


def test_policies_argument_defaults_to_the_policies_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(cli, ["lint"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("policies/teams/payments.yaml:16:12: info AM203 ")


def test_an_error_finding_exits_1(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["lint", str(_policy(tmp_path, CLUSTER, TEAM_WITH_UNKNOWN_CLUSTER))])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{tmp_path / 'org.yaml'}:14:24: error AM302 cluster 'prod-usw2' is not defined (did you mean "
        "'prod-use1'?) [unknown-cluster]",
        "1 error(s), 0 warning(s), 0 info",
    ]


def test_only_warnings_exit_0(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["lint", str(_policy(tmp_path, CLUSTER, TEAM_WITHOUT_ACCESS))])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"{tmp_path / 'org.yaml'}:11:18: warning AM501 team payments has no access entries: it is mapped nowhere; "
        "add a grant [team-without-access]",
        "0 error(s), 1 warning(s), 0 info",
    ]


def test_a_single_file_can_be_linted(tmp_path: Path) -> None:
    path = _policy(tmp_path, CLUSTER, TEAM_WITHOUT_ACCESS) / "org.yaml"
    result = CliRunner().invoke(cli, ["lint", str(path)])
    assert (result.exit_code, result.stdout.splitlines()[-1]) == (0, "0 error(s), 1 warning(s), 0 info")


def test_unreadable_input_exits_2_even_beside_valid_files(tmp_path: Path) -> None:
    _policy(tmp_path, CLUSTER, TEAM_WITH_UNKNOWN_CLUSTER)
    (tmp_path / "broken.yaml").write_text("kind: Team\nmetadata: {name: [payments}\n")
    result = CliRunner().invoke(cli, ["lint", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{tmp_path / 'broken.yaml'}:2:27: error AM001 YAML syntax error: did not find expected ',' or ']' (while "
        "parsing a flow sequence started at line 2); check the indentation and quoting around this line "
        "[yaml-syntax]",
        "1 error(s), 0 warning(s), 0 info",
    ]
    assert "Traceback" not in result.output


def test_missing_policies_path_exits_2_naming_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    result = CliRunner().invoke(cli, ["lint", str(missing)])
    assert result.exit_code == 2
    assert result.stdout == (f"{missing}:1:1: error AM007 no such policy directory or file (expected a folder of "
                             "*.yaml) [unreadable-path]\n1 error(s), 0 warning(s), 0 info\n")


def test_a_folder_without_policy_files_exits_2_as_a_wrong_path(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("not a policy\n")
    result = CliRunner().invoke(cli, ["lint", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stdout == (f"{tmp_path}:1:1: error AM007 no policy files (*.yaml, *.yml) under {tmp_path}; give "
                             "the policy directory [unreadable-path]\n1 error(s), 0 warning(s), 0 info\n")


def test_unknown_format_is_a_usage_error_with_exit_2() -> None:
    result = CliRunner().invoke(cli, ["lint", str(EXAMPLE_ORG), "--format", "xml"])
    assert result.exit_code == 2
    assert "Invalid value for '--format': 'xml' is not one of 'github', 'json', 'sarif', 'text'." in result.output


def test_a_bug_in_authmap_exits_3_with_a_message_and_no_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(policies: Path) -> None:
        raise RuntimeError("model table missing")

    monkeypatch.setattr("compiler.cli.lint_path", broken)
    monkeypatch.delenv("AUTHMAP_DEBUG", raising=False)
    result = CliRunner().invoke(cli, ["lint", str(EXAMPLE_ORG)])
    assert result.exit_code == 3
    assert result.stderr == ("authmap: internal error: RuntimeError: model table missing (set AUTHMAP_DEBUG=1 for a "
                             "traceback, and please report it)\n")


def test_list_rules_prints_every_rule_in_code_order_with_its_metadata() -> None:
    result = CliRunner().invoke(cli, ["lint", "--list-rules"])
    lines = result.stdout.splitlines()
    assert result.exit_code == 0
    assert [line.split()[0] for line in lines] == [rule.code for rule in RULES]
    assert "AM213  map-accounts                 warning  mapAccounts authenticates whole accounts" in lines
    assert "AM001  yaml-syntax                  error    the file is not valid YAML" in lines
    assert "AM203  role-path-removed            info     a role ARN with an IAM path, normalized to role/NAME" in lines


def test_python_dash_m_compiler_lints_the_example_org() -> None:
    proc = subprocess.run([sys.executable, "-m", "compiler", "lint", "policies"], cwd=REPO, capture_output=True,
                          text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == CLEAN_SUMMARY
    assert proc.stderr == ""


def test_installed_console_script_exits_1_on_an_error_finding(tmp_path: Path) -> None:
    authmap = Path(sys.executable).parent / "authmap"
    proc = subprocess.run([str(authmap), "lint", str(_policy(tmp_path, CLUSTER, TEAM_WITH_UNKNOWN_CLUSTER)),
                           "--format", "github"], capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == (f"::error file={tmp_path / 'org.yaml'},line=14,col=24,title=AM302 unknown-cluster::"
                           "cluster 'prod-usw2' is not defined (did you mean 'prod-use1'?)\n")


def test_importing_the_cli_does_not_import_boto3() -> None:
    code = "import sys, compiler.cli; print(sorted(m for m in ('boto3', 'botocore') if m in sys.modules))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert proc.stdout.strip() == "[]"
