"""`authmap diff`: semantic changes keyed by principal and object, classified by risk."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from compiler.cli import cli
from compiler.diff.render import render_markdown
from compiler.diff.report import diff


def run_diff(base: Path | str, head: Path | str, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["diff", str(base), str(head), *extra])
    return result.exit_code, result.output


def json_diff(base: Path | str, head: Path | str) -> dict[str, Any]:
    code, output = run_diff(base, head, "--format", "json")
    assert code == 0, output
    parsed: dict[str, Any] = json.loads(output)
    return parsed


def changes(report: dict[str, Any], cluster: str) -> list[tuple[str, str, str]]:
    return [(c["category"], c["subject"], c["summary"]) for c in report["clusters"][cluster]["changes"]]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


@pytest.fixture
def head(example_policies: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "head"
    shutil.copytree(example_policies, copy)
    return copy


def test_identical_policies_give_an_empty_diff(example_policies: Path, head: Path) -> None:
    report = json_diff(example_policies, head)
    assert report["changed"] is False
    assert report["escalations"] == []
    assert all(c["status"] == "unchanged" and c["changes"] == [] for c in report["clusters"].values())
    assert run_diff(example_policies, head)[1].startswith("no access changes")


def test_reordered_recased_and_moved_policy_is_no_semantic_change(example_policies: Path, head: Path) -> None:
    team = head / "teams/payments.yaml"
    edit(team, "role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_PaymentsDeveloper_5f2c1a9b8e7d6c40",
         "role/awsreservedsso_paymentsdeveloper_5f2c1a9b8e7d6c40")
    edit(team, """    - arn: arn:aws:iam::111122223333:user/alice
      username: alice
    - arn: arn:aws:iam::111122223333:user/bob
      username: bob""", """    - arn: arn:aws:iam::111122223333:user/bob
      username: bob
    - arn: arn:aws:iam::111122223333:user/alice
      username: alice""")
    (head / "teams/moved").mkdir()
    (head / "teams/search.yaml").rename(head / "teams/moved/search-team.yaml")
    report = json_diff(example_policies, head)
    assert report["changed"] is False
    cosmetic = [c for c in report["clusters"]["prod-use1"]["changes"]]
    assert [(c["category"], c["subject"]) for c in cosmetic] == [
        ("cosmetic", "principal arn:aws:iam::111122223333:role/awsreservedsso_paymentsdeveloper_5f2c1a9b8e7d6c40")]


def test_adding_a_member_with_write_access_is_an_escalation(example_policies: Path, head: Path) -> None:
    edit(head / "teams/payments.yaml", "      username: bob\n",
         "      username: bob\n    - arn: arn:aws:iam::111122223333:user/carol\n")
    report = json_diff(example_policies, head)
    (carol,) = [c for c in report["escalations"] if c["cluster"] == "prod-use1"]
    assert carol["subject"] == "principal arn:aws:iam::111122223333:user/carol"
    assert "new-principal-with-write" in carol["risks"]
    assert "+ in payments: create, get, list, patch, update, watch on daemonsets.apps, deployments.apps, " \
           "replicasets.apps, statefulsets.apps" in carol["details"]
    staging = [c for c in report["escalations"] if c["cluster"] == "staging-use1"]
    assert "cross-account" in staging[0]["risks"]


def test_adding_a_read_only_member_from_the_right_account_is_a_grant(example_policies: Path, head: Path) -> None:
    edit(head / "teams/security-audit.yaml", "    - arn: arn:aws:iam::999900001111:role/SecurityAudit\n",
         "    - arn: arn:aws:iam::999900001111:role/SecurityAudit\n"
         "    - arn: arn:aws:iam::111122223333:role/Auditor\n")
    report = json_diff(example_policies, head)
    assert ("grant", "principal arn:aws:iam::111122223333:role/Auditor",
            "added as 'arn:aws:sts::111122223333:assumed-role/Auditor/{{SessionName}}' in "
            "authmap:team:security-audit") in changes(report, "prod-use1")
    assert [c for c in report["escalations"] if c["cluster"] == "prod-use1"] == []


def test_removing_a_team_is_a_set_of_removals(example_policies: Path, head: Path) -> None:
    (head / "teams/search.yaml").unlink()
    report = json_diff(example_policies, head)
    prod = changes(report, "prod-use1")
    assert {category for category, _, _ in prod} == {"removal"}
    assert ("removal", "RoleBinding search/authmap:search:developer", "RoleBinding removed") in prod
    assert any(subject == "team search" and summary.startswith("loses in search:") for _, subject, summary in prod)
    assert report["escalations"] == []


def test_widening_a_role_with_secrets_is_an_escalation_and_shows_the_rule(example_policies: Path,
                                                                          head: Path) -> None:
    edit(head / "roles/developer.yaml", "      resources: [pods]\n      verbs: [delete]\n",
         "      resources: [pods]\n      verbs: [delete]\n    - apiGroups: [\"\"]\n"
         "      resources: [secrets]\n      verbs: [get]\n")
    report = json_diff(example_policies, head)
    teams = [c for c in report["escalations"] if c["subject"] in ("team payments", "team search")]
    assert {(c["cluster"], c["subject"]) for c in teams} >= {("prod-use1", "team payments"),
                                                             ("prod-use1", "team search")}
    assert all("secrets-read" in c["risks"] for c in teams)
    role_changes = [c for c in report["clusters"]["prod-use1"]["changes"]
                    if c["subject"] == "Role payments/authmap:developer"]
    assert role_changes[0]["category"] == "change"
    assert any("secrets" in d for d in role_changes[0]["details"])


def test_widening_a_role_harmlessly_is_a_grant(example_policies: Path, head: Path) -> None:
    edit(head / "roles/developer.yaml", "      resources: [horizontalpodautoscalers]",
         "      resources: [horizontalpodautoscalers, poddisruptionbudgets]")
    report = json_diff(example_policies, head)
    assert report["escalations"] == []
    assert ("grant", "team payments", "gains in payments: get, list, patch, update, watch on "
            "poddisruptionbudgets.autoscaling") in changes(report, "prod-use1")


def test_binding_cluster_admin_is_an_escalation_and_fail_on_exits_1(example_policies: Path, head: Path) -> None:
    with (head / "teams/payments.yaml").open("a") as team:
        team.write("    - clusters: [prod-use1]\n      clusterWide: true\n      role: break-glass\n")
    report = json_diff(example_policies, head)
    subjects = {(c["subject"], tuple(c["risks"])) for c in report["escalations"]}
    assert ("ClusterRoleBinding authmap:payments:break-glass", ("cluster-admin",)) in subjects
    assert run_diff(example_policies, head, "--fail-on", "escalation")[0] == 1
    assert run_diff(example_policies, example_policies, "--fail-on", "escalation")[0] == 0
    assert run_diff(example_policies, head)[0] == 0


def test_a_head_that_does_not_compile_exits_1_with_its_errors(example_policies: Path, head: Path) -> None:
    edit(head / "teams/payments.yaml", "role: developer", "role: developr")
    code, output = run_diff(example_policies, head)
    assert code == 1
    assert "AM301" in output and "HEAD does not compile" in output


def test_markdown_never_exceeds_the_comment_limit(example_policies: Path, head: Path) -> None:
    users = "".join(f"    - arn: arn:aws:iam::111122223333:user/user{i:04d}\n" for i in range(400))
    edit(head / "teams/payments.yaml", "  roles:\n", users + "  roles:\n")
    report = diff(str(example_policies), str(head))
    full = render_markdown(report, limit=10**9)
    assert len(full) > 65_536
    capped = render_markdown(report)
    assert len(capped) <= 65_536
    assert "Truncated" in capped and "job summary" in capped
    assert capped.startswith(full[:200])


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True,
                          env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
                               "GIT_COMMITTER_EMAIL": "t@example.com", "HOME": str(repo), "PATH": "/usr/bin:/bin"})
    return done.stdout


def test_git_revisions_are_read_from_objects_without_touching_the_work_tree(
        example_policies: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(example_policies, repo / "policies")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    with (repo / "policies/teams/payments.yaml").open("a") as team:
        team.write("    - clusters: [prod-use1]\n      clusterWide: true\n      role: break-glass\n")
    git(repo, "commit", "-qam", "payments gains cluster-admin")
    (repo / "policies/teams/search.yaml").write_text("uncommitted: [work, in progress\n")
    status_before = git(repo, "status", "--porcelain")
    monkeypatch.chdir(repo)
    report = json_diff("HEAD~1", "HEAD")
    assert [c["subject"] for c in report["escalations"]][:1] == ["ClusterRoleBinding authmap:payments:break-glass"]
    assert json_diff("HEAD~1:policies", "HEAD~1")["changed"] is False
    assert git(repo, "status", "--porcelain") == status_before
    code, output = run_diff("no-such-rev", "HEAD")
    assert code == 2 and "neither a policy directory nor a git revision" in output


def test_a_revision_before_the_first_policies_is_compared_as_no_policies(
        example_policies: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "commit", "-q", "--allow-empty", "-m", "empty repository")
    shutil.copytree(example_policies, repo / "policies")
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(cli, ["diff", "HEAD", "policies", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("authmap: note: policies does not exist at HEAD (")
    report = json.loads(result.stdout)
    assert report["changed"] is True
    assert "ClusterRoleBinding authmap:break-glass:break-glass" in [c["subject"] for c in report["escalations"]]
    assert sorted(report["clusters"]) == ["dev-kops", "prod-use1", "staging-use1"]
