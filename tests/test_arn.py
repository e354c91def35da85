"""ARN normalization: the authenticator's own canonical form, and what authmap writes and matches.

`tests/verifier/vectors/authenticator_arn.json` holds aws-iam-authenticator's ARN test tables, ported
case for case (its `source` names the files and commit); the verifier runs them against its own ARN
code, and this file runs them against the compiler's. authmap's own rules for principals follow.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from compiler import arn as arns
from compiler.cli import cli

VECTORS: dict[str, Any] = json.loads(
    (Path(__file__).parent / "verifier" / "vectors" / "authenticator_arn.json").read_text())
# SPEC §2, written out here rather than imported, so the test checks the code against the SPEC.
SPEC_PARTITIONS = ("aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc")


def test_vectors_name_their_upstream_source() -> None:
    source = VECTORS["source"]
    assert source["repository"] == "kubernetes-sigs/aws-iam-authenticator"
    assert "pkg/arn/arn_test.go" in source["paths"]
    assert len(source["commit"]) == 40


@pytest.mark.parametrize("case", VECTORS["canonicalize"], ids=lambda c: c["arn"])
def test_authenticator_canonicalize_cases(case: dict[str, Any]) -> None:
    if case.get("error"):
        with pytest.raises(arns.ArnError):
            arns.authenticator_canonical(case["arn"])
        return
    kind, canonical = arns.authenticator_canonical(case["arn"])
    assert (kind, canonical) == (case["type"], case["canonical"])


@pytest.mark.parametrize("case", VECTORS["strip_path"], ids=lambda c: c["arn"])
def test_authenticator_strip_path_cases(case: dict[str, Any]) -> None:
    if case.get("error"):
        with pytest.raises(arns.ArnError):
            arns.strip_path(case["arn"])
        return
    assert arns.strip_path(case["arn"]) == case["stripped"]


def _fields(principal: arns.PrincipalArn) -> dict[str, str]:
    return {"canonical": principal.canonical, "kind": principal.kind, "partition": principal.partition,
            "account": principal.account, "name": principal.name, "path": principal.path,
            "match_key": principal.match_key}


PRINCIPALS = {
    "arn:aws:iam::111122223333:user/Alice": {
        "canonical": "arn:aws:iam::111122223333:user/Alice", "kind": "user", "partition": "aws",
        "account": "111122223333", "name": "Alice", "path": "/", "match_key": "arn:aws:iam::111122223333:user/alice"},
    "arn:aws:iam::111122223333:user/division/ops/Bob": {
        "canonical": "arn:aws:iam::111122223333:user/division/ops/Bob", "kind": "user", "partition": "aws",
        "account": "111122223333", "name": "Bob", "path": "/division/ops/",
        "match_key": "arn:aws:iam::111122223333:user/division/ops/bob"},
    "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Payments_0123456789abcdef": {
        "canonical": "arn:aws:iam::111122223333:role/AWSReservedSSO_Payments_0123456789abcdef", "kind": "role",
        "partition": "aws", "account": "111122223333", "name": "AWSReservedSSO_Payments_0123456789abcdef",
        "path": "/aws-reserved/sso.amazonaws.com/",
        "match_key": "arn:aws:iam::111122223333:role/awsreservedsso_payments_0123456789abcdef"},
    "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Payments_0123456789abcdef/alice@example.com": {
        "canonical": "arn:aws:iam::111122223333:role/AWSReservedSSO_Payments_0123456789abcdef",
        "kind": "assumed-role", "partition": "aws", "account": "111122223333",
        "name": "AWSReservedSSO_Payments_0123456789abcdef", "path": "/",
        "match_key": "arn:aws:iam::111122223333:role/awsreservedsso_payments_0123456789abcdef"},
    "arn:aws:sts::111122223333:assumed-role/Org/Team/Admin/alice": {
        "canonical": "arn:aws:iam::111122223333:role/Admin", "kind": "assumed-role", "partition": "aws",
        "account": "111122223333", "name": "Admin", "path": "/", "match_key": "arn:aws:iam::111122223333:role/admin"},
    "arn:aws:sts::111122223333:federated-user/Bob": {
        "canonical": "arn:aws:sts::111122223333:federated-user/Bob", "kind": "federated-user", "partition": "aws",
        "account": "111122223333", "name": "Bob", "path": "/",
        "match_key": "arn:aws:sts::111122223333:federated-user/bob"},
    "arn:aws:iam::111122223333:root": {
        "canonical": "arn:aws:iam::111122223333:root", "kind": "root", "partition": "aws",
        "account": "111122223333", "name": "root", "path": "/", "match_key": "arn:aws:iam::111122223333:root"},
    "arn:aws-cn:iam::011122223333:role/Dev": {
        "canonical": "arn:aws-cn:iam::011122223333:role/Dev", "kind": "role", "partition": "aws-cn",
        "account": "011122223333", "name": "Dev", "path": "/", "match_key": "arn:aws-cn:iam::011122223333:role/dev"},
}


@pytest.mark.parametrize("text", sorted(PRINCIPALS))
def test_principal_fields(text: str) -> None:
    assert _fields(arns.principal(text)) == PRINCIPALS[text]


def test_sso_role_path_is_removed_and_reported_as_had_path() -> None:
    sso = arns.principal("arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_X_1")
    plain = arns.principal("arn:aws:iam::111122223333:role/AWSReservedSSO_X_1")
    assert (sso.canonical, sso.had_path, plain.had_path) == (plain.canonical, True, False)


def test_assumed_role_and_its_role_share_a_match_key_but_only_the_role_kind_has_a_path() -> None:
    session = arns.principal("arn:aws:sts::111122223333:assumed-role/Dev/alice@example.com")
    role = arns.principal("arn:aws:iam::111122223333:role/dev")
    assert session.match_key == role.match_key == "arn:aws:iam::111122223333:role/dev"
    assert (session.is_role, session.had_path, role.is_role) == (True, False, True)


@pytest.mark.parametrize("partition", SPEC_PARTITIONS)
def test_every_partition_of_the_spec_is_accepted(partition: str) -> None:
    principal = arns.principal(f"arn:{partition}:iam::111122223333:role/Dev")
    assert (principal.partition, principal.canonical) == (partition, f"arn:{partition}:iam::111122223333:role/Dev")


@pytest.mark.parametrize("partition", ["aws-mars", "AWS", "aws-iso-z"])
def test_unknown_partition_is_refused_listing_the_known_ones(partition: str) -> None:
    with pytest.raises(arns.ArnError) as raised:
        arns.principal(f"arn:{partition}:iam::111122223333:role/Dev")
    assert raised.value.kind == "partition"
    assert raised.value.message == (f"'arn:{partition}:iam::111122223333:role/Dev' has partition {partition!r}; "
                                    "expected one of " + ", ".join(SPEC_PARTITIONS))


REFUSED = {
    # The nine-digit account of the field reports' examples: the authenticator accepts it and never matches.
    "arn:aws:iam::123456789:role/KubernetesAdmin": (
        "account", "'arn:aws:iam::123456789:role/KubernetesAdmin' has account '123456789'; an AWS account ID is "
                   "exactly 12 digits (keep leading zeros)"),
    "arn:aws:iam::1111222233334:user/alice": (
        "account", "'arn:aws:iam::1111222233334:user/alice' has account '1111222233334'; an AWS account ID is "
                   "exactly 12 digits (keep leading zeros)"),
    "arn:aws:iam::111122223333:group/developers": (
        "group", "'arn:aws:iam::111122223333:group/developers' is an IAM group, which is not a principal: nobody "
                 "authenticates as a group. Map an IAM role the group's members can assume instead"),
    "arn:aws:s3:::bucket": (
        "resource", "'arn:aws:s3:::bucket' is a s3 ARN; only iam users, roles and root, and sts assumed-roles "
                    "and federated users are identities"),
    "arn:aws:iam::111122223333:user": (
        "resource", "'arn:aws:iam::111122223333:user' names no user (expected user/NAME)"),
    "arn:aws:iam::111122223333:role/ops/": (
        "resource", "'arn:aws:iam::111122223333:role/ops/' names no role (expected role/NAME)"),
    "arn:aws:iam::111122223333:policy/ReadOnly": (
        "resource", "'arn:aws:iam::111122223333:policy/ReadOnly' is an iam 'policy'; only users, roles and root "
                    "are identities"),
    "arn:aws:sts::111122223333:assumed-role/Dev": (
        "resource", "assumed-role ARN 'arn:aws:sts::111122223333:assumed-role/Dev' names no role and session "
                    "(expected assumed-role/ROLE/SESSION)"),
    "arn:aws:sts::111122223333:session/Admin/alice": (
        "resource", "'arn:aws:sts::111122223333:session/Admin/alice' is an sts 'session'; only assumed-role and "
                    "federated-user sts ARNs are identities"),
    "arn:aws:sts::111122223333:federated-user": (
        "resource", "'arn:aws:sts::111122223333:federated-user' names no federated-user "
                    "(expected federated-user/NAME)"),
    "arn:aws:sts::111122223333:federated-user/": (
        "resource", "'arn:aws:sts::111122223333:federated-user/' names no federated-user "
                    "(expected federated-user/NAME)"),
    "arn:aws:iam::111122223333": (
        "syntax", "'arn:aws:iam::111122223333' is not an ARN (expected arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE)"),
    "arn::iam::111122223333:user/alice": (
        "syntax", "'arn::iam::111122223333:user/alice' is not an ARN: the partition, service and resource must not "
                  "be empty"),
    "ARN:aws:iam::111122223333:user/alice": (
        "syntax", "'ARN:aws:iam::111122223333:user/alice' is not an ARN (expected "
                  "arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE)"),
}


@pytest.mark.parametrize("text", sorted(REFUSED))
def test_principal_refuses_what_is_not_an_identity(text: str) -> None:
    with pytest.raises(arns.ArnError) as raised:
        arns.principal(text)
    assert (raised.value.kind, raised.value.message) == REFUSED[text]


def test_arn_command_prints_every_field_and_the_path_note() -> None:
    result = CliRunner().invoke(cli, ["arn", "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/"
                                             "AWSReservedSSO_X_1"])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "input:     arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_X_1",
        "canonical: arn:aws:iam::111122223333:role/AWSReservedSSO_X_1",
        "kind:      role",
        "partition: aws",
        "account:   111122223333",
        "matchKey:  arn:aws:iam::111122223333:role/awsreservedsso_x_1",
        "note: role path /aws-reserved/sso.amazonaws.com/ removed: STS reports assumed roles without it",
    ]


def test_arn_command_notes_that_a_session_arn_maps_its_role() -> None:
    result = CliRunner().invoke(cli, ["arn", "arn:aws:sts::111122223333:assumed-role/Dev/alice@example.com"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1:3] == ["canonical: arn:aws:iam::111122223333:role/Dev",
                                               "kind:      assumed-role"]
    assert result.stdout.splitlines()[-1] == "note: an STS session ARN: it is mapped as its role, for every session"


def test_arn_command_json_has_exactly_the_spec_keys() -> None:
    text = "arn:aws-us-gov:sts::111122223333:assumed-role/Dev/alice@example.com"
    result = CliRunner().invoke(cli, ["arn", text, "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "input": text,
        "canonical": "arn:aws-us-gov:iam::111122223333:role/Dev",
        "kind": "assumed-role",
        "partition": "aws-us-gov",
        "account": "111122223333",
        "matchKey": "arn:aws-us-gov:iam::111122223333:role/dev",
    }


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_arn_command_refuses_an_invalid_arn_with_exit_2_and_the_reason(output_format: str) -> None:
    result = CliRunner().invoke(cli, ["arn", "arn:aws:iam::123456789:role/KubernetesAdmin", "--format",
                                      output_format])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == ("authmap: not a valid identity ARN: 'arn:aws:iam::123456789:role/KubernetesAdmin' "
                             "has account '123456789'; an AWS account ID is exactly 12 digits (keep leading zeros)\n")
    assert isinstance(result.exception, SystemExit)


def test_arn_command_refuses_an_iam_group_suggesting_a_role() -> None:
    result = CliRunner().invoke(cli, ["arn", "arn:aws:iam::111122223333:group/developers"])
    assert result.exit_code == 2
    assert "is an IAM group, which is not a principal" in result.stderr
    assert "Map an IAM role the group's members can assume instead" in result.stderr
    assert "Traceback" not in result.output


def test_an_identity_arn_with_a_region_is_refused() -> None:
    with pytest.raises(arns.ArnError) as raised:
        arns.principal("arn:aws:iam:us-east-1:111122223333:role/dev")
    assert raised.value.kind == "syntax"
    assert "never carry a region" in raised.value.message
