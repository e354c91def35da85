"""`authmap verify`: every TokenTest of the example org, and what a failing expectation looks like."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from compiler.cli import cli


def verify(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["verify", *args])
    return result.exit_code, result.output


def test_the_example_org_verifies(example_policies: Path) -> None:
    code, output = verify(str(example_policies))
    assert code == 0, output
    assert output.splitlines()[-1] == "14 passed, 0 failed"
    for name in ("token-for-another-cluster-is-refused", "okta-engineer-session-is-an-email", "node-joins-prod",
                 "administrator-role-is-not-mapped", "search-developer-is-mapped-but-forbidden-in-payments"):
        assert f"PASS {name} (" in output


def test_against_a_given_manifests_directory(example_policies: Path, tmp_path: Path) -> None:
    out = tmp_path / "manifests"
    CliRunner().invoke(cli, ["compile", str(example_policies), "-o", str(out)])
    assert verify(str(example_policies), "--manifests", str(out))[0] == 0
    aws_auth = out / "prod-use1/aws-auth.yaml"
    aws_auth.write_text(aws_auth.read_text().replace("user/alice", "user/alicia"))
    code, output = verify(str(example_policies), "--manifests", str(out))
    assert code == 1
    assert "FAIL alice-deploys-payments (prod-use1)" in output
    assert "expected authenticated: true, but not authenticated" in output


def test_a_wrong_expectation_fails_with_the_reason(example_policies: Path) -> None:
    tests = example_policies / "tests/prod-use1.yaml"
    tests.write_text(tests.read_text().replace('cannot: ["get secrets -n payments", "create pods/exec',
                                               'cannot: ["delete pods -n payments", "create pods/exec'))
    code, output = verify(str(example_policies))
    assert code == 1
    assert "FAIL alice-deploys-payments (prod-use1)" in output
    assert "expected 'delete pods -n payments' to be denied, but it is allowed" in output
    assert output.splitlines()[-1] == "13 passed, 1 failed"


def test_a_bad_check_string_is_a_failure_not_a_crash(example_policies: Path) -> None:
    tests = example_policies / "tests/prod-use1.yaml"
    tests.write_text(tests.read_text().replace('"delete pods -n payments"]', '"delete"]', 1))
    code, output = verify(str(example_policies))
    assert code == 1
    assert "check 'delete'" in output


def test_lint_errors_stop_verification(example_policies: Path) -> None:
    (example_policies / "tests/broken.yaml").write_text(
        "apiVersion: authmap/v1\nkind: TokenTest\nmetadata: {name: broken}\n"
        "spec: {cluster: nowhere, identity: {arn: 'arn:aws:iam::111122223333:user/x'}, "
        "expect: {authenticated: true}}\n")
    code, output = verify(str(example_policies))
    assert code == 1 and "AM504" in output


def test_the_installed_command_runs_as_a_real_process(tmp_path: Path) -> None:
    policies = Path(__file__).resolve().parents[2] / "policies"
    shutil.copytree(policies, tmp_path / "policies")
    done = subprocess.run([sys.executable, "-m", "compiler", "verify", "policies"], cwd=tmp_path,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "14 passed, 0 failed" in done.stdout
