"""`authmap token`: an ExecCredential like `aws eks get-token`, and offline sample tokens for fixtures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from compiler.cli import cli
from compiler.verifier.keyring import sample_keyring
from compiler.verifier.sigv4 import check_signature
from compiler.verifier.token import verify_token

from .support import parse_time


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner(env=env).invoke(cli, ["token", *args])


def signer(credential: dict[str, object], cluster_id: str) -> str:
    status = credential["status"]
    assert isinstance(status, dict)
    at = parse_time(str(status["expirationTimestamp"]))
    request = verify_token(str(status["token"]), cluster_id=cluster_id, partition="aws", region=None, at=at)
    return check_signature(request, sample_keyring()).arn


def test_sample_exec_credential_is_fixed_and_verifiable() -> None:
    result = run("--sample", "--cluster-id", "prod")
    assert result.exit_code == 0, result.output
    credential = json.loads(result.stdout)
    assert credential["kind"] == "ExecCredential"
    assert credential["apiVersion"] == "client.authentication.k8s.io/v1beta1"
    assert credential["status"]["expirationTimestamp"] == "2026-11-24T07:14:00Z"
    assert result.stdout == run("--sample", "--cluster-id", "prod").stdout
    assert signer(credential, "prod") == "arn:aws:sts::111122223333:assumed-role/Dev/alice@example.com"


def test_sample_tokens_for_a_role_principal_time_and_api_version() -> None:
    exec_info = '{"apiVersion": "client.authentication.k8s.io/v1", "kind": "ExecCredential"}'
    nodes = "arn:aws:iam::111122223333:role/prod-use1-nodes"
    result = run("--sample", "--cluster-id", "prod", "--role-arn", nodes, "--at", "2026-12-01T10:00:00Z",
                 env={"KUBERNETES_EXEC_INFO": exec_info})
    credential = json.loads(result.stdout)
    assert credential["apiVersion"] == "client.authentication.k8s.io/v1"
    assert credential["status"]["expirationTimestamp"] == "2026-12-01T10:14:00Z"
    assert signer(credential, "prod").endswith("assumed-role/prod-use1-nodes/i-0123456789abcdef0")


def test_sample_tokens_from_another_keyring(tmp_path: Path) -> None:
    alice = sample_keyring().credentials[1]
    keyring = tmp_path / "ring.yaml"
    keyring.write_text(f"credentials:\n  - {{accessKeyId: {alice.access_key_id}, secretAccessKey: "
                       f"'{alice.secret_access_key}', arn: '{alice.arn}', userId: {alice.user_id}}}\n")
    result = run("--sample", "--cluster-id", "prod", "--keyring", str(keyring))
    assert signer(json.loads(result.stdout), "prod") == alice.arn
    unknown = run("--sample", "--cluster-id", "prod", "--keyring", str(keyring),
                  "--principal", "arn:aws:iam::1:user/x")
    assert unknown.exit_code == 2
    assert "no credential in" in unknown.stderr


@pytest.mark.parametrize("args", [["--keyring", "k.yaml"], ["--principal", "arn:aws:iam::1:user/x"],
                                  ["--at", "2026-11-24T07:00:00Z"]])
def test_sample_only_flags_need_sample(args: list[str]) -> None:
    result = run("--cluster-id", "prod", *args)
    assert result.exit_code == 2
    assert "only go with --sample" in result.stderr


def test_the_cluster_id_is_required() -> None:
    result = run("--sample")
    assert result.exit_code == 2
    assert "--cluster-id" in result.stderr
