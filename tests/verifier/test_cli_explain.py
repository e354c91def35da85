"""`authmap explain` as a user runs it: flags, output, exit codes (SPEC §3)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from compiler.cli import cli
from compiler.verifier.keyring import sample_keyring
from compiler.verifier.mint import mint_sample_token

from .sts_standin import StsStandIn
from .support import aws_auth, write_manifests

DEV_SESSION = "arn:aws:sts::111122223333:assumed-role/Dev/alice@example.com"
CONTRACT = aws_auth("- rolearn: arn:aws:iam::111122223333:role/Dev\n  username: \"dev:{{SessionName}}\"\n"
                    "  groups: [devs]\n")
NODES = aws_auth("- rolearn: arn:aws:iam::111122223333:role/prod-use1-nodes\n"
                 "  username: system:node:{{EC2PrivateDNSName}}\n"
                 "  groups: [system:bootstrappers, system:nodes]\n")
CLUSTER_ID = "prod-use1.k8s.example.com"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["explain", *args])


@pytest.fixture
def manifests(tmp_path: Path) -> Path:
    return write_manifests(tmp_path / "manifests", CONTRACT + "---\n" + NODES.replace("aws-auth", "unused"))


def test_json_output_for_a_mapped_identity(manifests: Path) -> None:
    result = run("--manifests", str(manifests), "--arn", DEV_SESSION, "--user-id", "AROA1:alice@example.com",
                 "--format", "json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert {key: answer[key] for key in ("authenticated", "username", "groups", "uid")} == {
        "authenticated": True, "username": "dev:alice-example.com",
        "groups": ["devs", "system:authenticated"], "uid": "aws-iam-authenticator:111122223333:AROA1"}
    assert answer["matched"]["entry"] == {"rolearn": "arn:aws:iam::111122223333:role/Dev",
                                          "username": "dev:{{SessionName}}", "groups": ["devs"]}
    assert answer["reason"].startswith("EKSConfigMap mapRoles entry arn:aws:iam::111122223333:role/dev")


def test_text_output_and_exit_1_for_an_unmapped_identity(manifests: Path) -> None:
    result = run("--manifests", str(manifests), "--arn", "arn:aws:iam::111122223333:role/Administrator")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == ["identity       arn:aws:iam::111122223333:role/Administrator",
                                              "authenticated  no"]
    assert "nearest        EKSConfigMap mapRoles arn:aws:iam::111122223333:role/Dev" in result.stdout


def test_the_node_name_comes_from_the_flag(tmp_path: Path) -> None:
    folder = write_manifests(tmp_path, NODES)
    node = "arn:aws:sts::111122223333:assumed-role/prod-use1-nodes/i-0123456789abcdef0"
    result = run("--manifests", str(folder), "--arn", node, "--ec2-private-dns-name",
                 "ip-10-0-0-1.ec2.internal", "--format", "json")
    assert json.loads(result.stdout)["username"] == "system:node:ip-10-0-0-1.ec2.internal"
    unresolved = json.loads(run("--manifests", str(folder), "--arn", node, "--format", "json").stdout)
    assert unresolved["username"] == "system:node:{{EC2PrivateDNSName}}"
    assert any("--ec2-private-dns-name" in note for note in unresolved["notes"])


def sample_token(cluster_id: str = CLUSTER_ID) -> str:
    return mint_sample_token(cluster_id=cluster_id, keyring=sample_keyring()).token


def test_a_token_with_a_recorded_identity(manifests: Path) -> None:
    result = run("--manifests", str(manifests), "--token", sample_token(), "--at", "2026-11-24T07:05:00Z",
                 "--identity-arn", DEV_SESSION, "--user-id", "AROACKCEVSQ6C2EXAMPLE:alice@example.com",
                 "--format", "json")
    answer = json.loads(result.stdout)
    assert (result.exit_code, answer["username"]) == (0, "dev:alice-example.com")
    assert answer["identity"]["accessKeyId"] == "ASIAIOSFODNN7EXAMPLE"


def test_a_token_checked_with_a_keyring_for_this_cluster_only(manifests: Path, tmp_path: Path) -> None:
    keyring = Path(__file__).parents[2] / "compiler" / "data" / "sample-keyring.yaml"
    args = ["--manifests", str(manifests), "--token", sample_token(), "--at", "2026-11-24T07:05:00Z",
            "--keyring", str(keyring), "--format", "json"]
    assert run(*args, "--cluster-id", CLUSTER_ID).exit_code == 0
    refused = run(*args, "--cluster-id", "staging")
    assert refused.exit_code == 1
    assert "SignatureDoesNotMatch" in json.loads(refused.stdout)["reason"]
    missing = run(*args)
    assert missing.exit_code == 2
    assert "--cluster-id" in missing.stderr


def test_keyring_sample_names_the_bundled_keyring_unless_such_a_file_exists(
        manifests: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args = ["--manifests", str(manifests), "--token", sample_token(), "--at", "2026-11-24T07:05:00Z",
            "--keyring", "sample", "--cluster-id", CLUSTER_ID, "--format", "json"]
    monkeypatch.chdir(tmp_path)
    assert json.loads(run(*args).stdout)["username"] == "dev:alice-example.com"
    (tmp_path / "sample").write_text("credentials: []\n")
    result = run(*args)
    assert result.exit_code == 2 and "sample" in result.stderr


def test_an_expired_token_is_refused_with_its_rule(manifests: Path) -> None:
    result = run("--manifests", str(manifests), "--token", sample_token(), "--at", "2026-11-24T07:16:00Z",
                 "--identity-arn", DEV_SESSION)
    assert result.exit_code == 1
    assert "reason         the token is refused: expired:" in result.stdout


def test_a_token_replayed_against_an_sts_endpoint(manifests: Path) -> None:
    with StsStandIn(sample_keyring()) as sts:
        result = run("--manifests", str(manifests), "--token", sample_token(), "--at", "2026-11-24T07:05:00Z",
                     "--sts-endpoint", sts.url, "--cluster-id", CLUSTER_ID, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["uid"] == "aws-iam-authenticator:111122223333:AROACKCEVSQ6C2EXAMPLE"
    assert sts.received[0].headers["x-k8s-aws-id"] == CLUSTER_ID


@pytest.mark.parametrize(("args", "message"), [
    (["--arn", DEV_SESSION, "--token", "t"], "either --arn ARN or --token TOKEN"),
    ([], "either --arn ARN or --token TOKEN"),
    (["--token", "t"], "exactly one of --identity-arn, --keyring, --sts-endpoint"),
    (["--token", "t", "--identity-arn", DEV_SESSION, "--sts-endpoint", "https://sts.example"], "exactly one"),
    (["--arn", DEV_SESSION, "--at", "2026-11-24T07:05:00Z"], "only go with --token"),
    (["--token", "t", "--keyring", "k.yaml", "--user-id", "AROA1:s"], "drop --user-id"),
    (["--token", "t", "--identity-arn", DEV_SESSION, "--at", "yesterday"], "not an ISO 8601 time"),
    (["--arn", DEV_SESSION, "--format", "yaml"], "'yaml' is not one of"),
])
def test_usage_errors_exit_2(manifests: Path, args: list[str], message: str) -> None:
    result = run("--manifests", str(manifests), *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(("files", "args", "message"), [
    ({"bad.yaml": "kind: ConfigMap\nmetadata: {name: [\n"}, ["--arn", DEV_SESSION],
     "bad.yaml:3: not valid YAML"),
    ({}, ["--arn", "arn:aws:iam::111122223333:group/Admins"], "not an identity"),
    ({}, ["--arn", DEV_SESSION, "--user-id", "AROA1:a:b"], "does not fit the identity ARN"),
    ({}, ["--token", "t", "--keyring", "missing.yaml"], "missing.yaml: cannot read the keyring"),
    ({}, ["--token", "t", "--sts-endpoint", "ftp://sts.example"], "must be an http(s) URL"),
])
def test_input_errors_exit_2_with_one_message(tmp_path: Path, files: dict[str, str], args: list[str],
                                              message: str) -> None:
    folder = write_manifests(tmp_path, CONTRACT)
    for name, text in files.items():
        (folder / name).write_text(text)
    result = run("--manifests", str(folder), *args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_a_manifests_directory_with_several_clusters_needs_one(tmp_path: Path) -> None:
    for cluster in ("prod", "staging"):
        write_manifests(tmp_path / cluster, CONTRACT, "aws-auth.yaml")
        (tmp_path / cluster / "kustomization.yaml").write_text("resources: [aws-auth.yaml]\n")
    assert run("--manifests", str(tmp_path), "--arn", DEV_SESSION).exit_code == 2
    assert run("--manifests", str(tmp_path), "--cluster", "prod", "--arn", DEV_SESSION).exit_code == 0


def test_the_installed_authmap_runs_the_contract_example(manifests: Path) -> None:
    authmap = shutil.which("authmap", path=str(Path(sys.executable).parent))
    assert authmap is not None
    proc = subprocess.run([authmap, "explain", "--manifests", str(manifests), "--arn", DEV_SESSION,
                           "--format", "json"], capture_output=True, text=True, check=False, timeout=60)
    assert proc.returncode == 0, proc.stderr
    answer = json.loads(proc.stdout)
    assert (answer["authenticated"], answer["username"]) == (True, "dev:alice-example.com")


def test_importing_the_cli_does_not_load_the_verifier_or_boto3() -> None:
    prefixes = ("boto3", "botocore", "compiler.verifier.")
    code = f"import sys, compiler.cli; print(sorted(m for m in sys.modules if m.startswith({prefixes!r})))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "['compiler.verifier.access_commands', 'compiler.verifier.commands']"


def test_the_format_choices_are_the_formatter_registry() -> None:
    from compiler.verifier.commands import EXPLAIN_FORMATS
    from compiler.verifier.explain import FORMATTERS

    assert tuple(FORMATTERS) == EXPLAIN_FORMATS
