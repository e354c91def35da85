"""Inline `# authmap: disable=...` suppressions and the per-repository `.authmap.yaml`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from compiler.cli import cli

SSO_ROLE = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Dev_1"
CLUSTER = """\
apiVersion: authmap/v1
kind: Cluster
metadata: {name: prod-use1}
spec:
  clusterID: prod-use1
  accountID: "111122223333"
  nodeRoles: [arn:aws:iam::111122223333:role/prod-use1-nodes]
BEFORE_ACCOUNTS  accounts: ["444455556666"]ACCOUNTS_COMMENT
"""
TEAM = f"""\
apiVersion: authmap/v1
kind: Team
metadata: {{name: payments}}
spec:
  members:
    - arn: {SSO_ROLE}MEMBER_COMMENT
"""
# What the two files report with no suppression and no configuration.
AM213 = ("cluster.yaml:8:3: warning AM213 cluster prod-use1 lets every principal of account(s) 444455556666 "
         "authenticate (mapAccounts); map roles instead [map-accounts]")
AM203 = ("team.yaml:6:12: info AM203 role path /aws-reserved/sso.amazonaws.com/ removed: written as "
         "arn:aws:iam::111122223333:role/AWSReservedSSO_Dev_1 because STS reports assumed roles without their "
         "path and aws-auth compares the ARN as written [role-path-removed]")
AM215 = ("team.yaml:6:12: warning AM215 arn:aws:iam::111122223333:role/AWSReservedSSO_Dev_1 is a role: list it "
         "under roles, not members [principal-list]")
AM501 = ("team.yaml:3:18: warning AM501 team payments has no access entries: it is mapped nowhere; add a grant "
         "[team-without-access]")


Lint = Callable[..., tuple[int, list[str]]]


@pytest.fixture
def lint_policy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Lint:
    """Write the two files (and `.authmap.yaml` when `config` is given), then lint from inside the
    policy directory so that reported paths are the bare file names."""
    def run(**options: str) -> tuple[int, list[str]]:
        root = tmp_path / "policies"
        root.mkdir()
        cluster = CLUSTER.replace("BEFORE_ACCOUNTS", options.get("before_accounts", ""))
        (root / "cluster.yaml").write_text(cluster.replace("ACCOUNTS_COMMENT", options.get("accounts_comment", "")))
        team = options.get("team_header", "") + TEAM.replace("MEMBER_COMMENT", options.get("member_comment", ""))
        (root / "team.yaml").write_text(team)
        if "config" in options:
            (root / ".authmap.yaml").write_text(options["config"])
        monkeypatch.chdir(root)
        result = CliRunner().invoke(cli, ["lint", "."])
        return result.exit_code, result.stdout.splitlines()
    return run


def test_without_suppressions_every_finding_is_reported(lint_policy: Lint) -> None:
    assert lint_policy() == (0, [AM213, AM501, AM203, AM215, "0 error(s), 3 warning(s), 1 info"])


def test_directive_on_the_same_line_suppresses_that_line(lint_policy: Lint) -> None:
    found = lint_policy(accounts_comment="  # authmap: disable=AM213")
    assert found == (0, [AM501, AM203, AM215, "0 error(s), 2 warning(s), 1 info"])


def test_directive_alone_on_the_line_before_suppresses_the_next_line(lint_policy: Lint) -> None:
    found = lint_policy(before_accounts="  # authmap: disable=AM213\n")
    assert found == (0, [AM501, AM203, AM215, "0 error(s), 2 warning(s), 1 info"])


def test_directive_alone_covers_only_the_very_next_line(lint_policy: Lint) -> None:
    found = lint_policy(before_accounts="  # authmap: disable=AM213\n\n")
    assert found == (0, [AM213.replace(":8:3:", ":10:3:"), AM501, AM203, AM215, "0 error(s), 3 warning(s), 1 info"])


def test_several_codes_in_one_directive_are_all_suppressed(lint_policy: Lint) -> None:
    found = lint_policy(member_comment="  # authmap: disable=AM203, AM215")
    assert found == (0, [AM213, AM501, "0 error(s), 2 warning(s), 0 info"])


def test_codes_not_named_by_a_directive_are_still_reported(lint_policy: Lint) -> None:
    found = lint_policy(accounts_comment="  # authmap: disable=AM501",
                 member_comment="  # authmap: disable=AM203")
    assert found == (0, [AM213, AM501, AM215, "0 error(s), 3 warning(s), 0 info"])


def test_disable_file_covers_the_whole_file_and_no_other(lint_policy: Lint) -> None:
    found = lint_policy(team_header="# authmap: disable-file=AM203,AM501,AM213\n")
    shifted = [line.replace("team.yaml:6:", "team.yaml:7:") for line in (AM215,)]
    assert found == (0, [AM213, *shifted, "0 error(s), 2 warning(s), 0 info"])


def test_a_reason_after_the_codes_does_not_cancel_the_suppression(lint_policy: Lint) -> None:
    found = lint_policy(accounts_comment="  # authmap: disable=AM213 audit reads every account")
    assert found == (0, [AM501, AM203, AM215, "0 error(s), 2 warning(s), 1 info"])


def test_config_raises_a_warning_to_an_error_and_lint_exits_1(lint_policy: Lint) -> None:
    found = lint_policy(config="rules:\n  AM213: error\n")
    assert found == (1, [AM213.replace("warning AM213", "error AM213"), AM501, AM203, AM215,
                         "1 error(s), 2 warning(s), 1 info"])


def test_config_lowers_a_warning_to_info(lint_policy: Lint) -> None:
    found = lint_policy(config="rules:\n  AM501: info\n")
    assert found == (0, [AM213, AM501.replace("warning AM501", "info AM501"), AM203, AM215,
                         "0 error(s), 2 warning(s), 2 info"])


def test_config_turns_a_rule_off_although_yaml_reads_off_as_false(lint_policy: Lint) -> None:
    found = lint_policy(config="rules:\n  AM203: off\n  AM215: OFF\n")
    assert found == (0, [AM213, AM501, "0 error(s), 2 warning(s), 0 info"])


def test_config_takes_rule_names_as_well_as_codes(lint_policy: Lint) -> None:
    found = lint_policy(config="rules:\n  map-accounts: error\n  role-path-removed: off\n")
    assert found == (1, [AM213.replace("warning AM213", "error AM213"), AM501, AM215,
                         "1 error(s), 2 warning(s), 0 info"])


def test_config_with_an_unknown_rule_exits_2_saying_how_to_list_rules(lint_policy: Lint) -> None:
    found = lint_policy(config="rules:\n  AM999: off\n")
    assert found == (2, [".authmap.yaml:1:1: error AM007 unknown rule 'AM999' in 'rules'; `authmap lint "
                         "--list-rules` lists them [unreadable-path]", "1 error(s), 0 warning(s), 0 info"])


def test_config_with_a_bad_severity_exits_2_listing_the_severities(lint_policy: Lint) -> None:
    found = lint_policy(config="rules:\n  AM213: loud\n")
    assert found == (2, [".authmap.yaml:1:1: error AM007 rule AM213: severity must be error, warning, info or off; "
                         "found 'loud' [unreadable-path]", "1 error(s), 0 warning(s), 0 info"])


def test_config_without_a_rules_mapping_exits_2(lint_policy: Lint) -> None:
    found = lint_policy(config="rules: [AM213]\n")
    assert found == (2, [".authmap.yaml:1:1: error AM007 expected a mapping 'rules: {CODE: error|warning|info|off}' "
                         "[unreadable-path]", "1 error(s), 0 warning(s), 0 info"])


def test_config_with_an_unknown_key_exits_2_naming_its_line(lint_policy: Lint) -> None:
    found = lint_policy(config="# severities for this repository\nseverities:\n  AM213: off\n")
    assert found == (2, [".authmap.yaml:2:1: error AM007 unknown key 'severities'; the configuration has one key, "
                         "'rules: {CODE: error|warning|info|off}' [unreadable-path]",
                         "1 error(s), 0 warning(s), 0 info"])
