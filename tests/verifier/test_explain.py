"""The nearest configured entries for an identity the cluster does not map."""

from __future__ import annotations

from pathlib import Path

from compiler.verifier.authenticate import IdentityInput, authenticate
from compiler.verifier.explain import Explanation, explain, format_text
from compiler.verifier.manifests import load_manifests

from .support import authenticator, aws_auth, write_manifests

# The kops + Okta field report: a 9-digit account, roleARN keys, and an unmapped Administrator role.
FIELD_REPORT_CONFIG = """clusterID: dev.cluster
server:
  mapRoles:
  - roleARN: arn:aws:iam::123456789:role/KubernetesAdmin
    username: kubernetes-admin
    groups:
    - system:masters
  - roleARN: arn:aws:iam::123456789:role/Engineering
    username: kubernetes-admin
    groups:
    - developer
"""


def explained(tmp_path: Path, manifests: str, arn: str) -> Explanation:
    loaded = load_manifests(write_manifests(tmp_path / "m", manifests))
    return explain(authenticate(loaded, IdentityInput(arn=arn, user_id=None)))


def whys(explanation: Explanation) -> list[tuple[str, str]]:
    return [(candidate.configured, candidate.why) for candidate in explanation.candidates]


def test_the_unmapped_administrator_role_lists_what_its_account_has(tmp_path: Path) -> None:
    explanation = explained(tmp_path, authenticator(FIELD_REPORT_CONFIG),
                            "arn:aws:sts::123456789:assumed-role/Administrator/garland.kan@example.com")
    assert not explanation.authentication.result.authenticated
    assert "arn:aws:iam::123456789:role/administrator" in explanation.authentication.result.reason
    assert whys(explanation) == [
        ("arn:aws:iam::123456789:role/KubernetesAdmin", "configured for the same account"),
        ("arn:aws:iam::123456789:role/Engineering", "configured for the same account")]


def test_the_mapped_engineering_role_needs_no_candidates(tmp_path: Path) -> None:
    explanation = explained(tmp_path, authenticator(FIELD_REPORT_CONFIG),
                            "arn:aws:sts::123456789:assumed-role/Engineering/garland.kan@example.com")
    assert explanation.authentication.result.username == "kubernetes-admin"
    assert explanation.candidates == ()


SSO_NAME = "AWSReservedSSO_Payments_0123456789abcdef"
SSO_ROLE = f"arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/{SSO_NAME}"
SSO_SESSION = f"arn:aws:sts::111122223333:assumed-role/{SSO_NAME}/alice@example.com"


def test_a_role_written_with_its_path_is_named(tmp_path: Path) -> None:
    explanation = explained(tmp_path, aws_auth(f"- {{rolearn: '{SSO_ROLE}', username: pay}}\n"), SSO_SESSION)
    [(configured, why)] = whys(explanation)
    assert configured == SSO_ROLE
    assert why == ("configured with an IAM path; STS reports roles without one: write "
                   "arn:aws:iam::111122223333:role/AWSReservedSSO_Payments_0123456789abcdef")


def test_an_identity_asked_about_with_its_path_is_told_what_sts_reports(tmp_path: Path) -> None:
    pathless = f"arn:aws:iam::111122223333:role/{SSO_NAME}"
    explanation = explained(tmp_path, aws_auth(f"- {{rolearn: '{pathless}', username: pay}}\n"), SSO_ROLE)
    assert not explanation.authentication.result.authenticated
    assert whys(explanation) == [(pathless, "this identity is written with an IAM path, which STS never reports "
                                            f"for a role session: its sessions arrive as {pathless} and match this "
                                            "entry")]


def test_roles_configured_and_asked_about_with_different_paths(tmp_path: Path) -> None:
    configured = f"arn:aws:iam::111122223333:role/other/{SSO_NAME}"
    [(_, why)] = whys(explained(tmp_path, aws_auth(f"- {{rolearn: '{configured}', username: pay}}\n"), SSO_ROLE))
    assert why == ("configured with an IAM path; STS reports roles without one: write "
                   f"arn:aws:iam::111122223333:role/{SSO_NAME}")


def test_an_assumed_role_arn_in_aws_auth_is_named(tmp_path: Path) -> None:
    manifests = aws_auth(f"- {{rolearn: '{SSO_SESSION}', username: pay}}\n")
    [(_, why)] = whys(explained(tmp_path, manifests, SSO_SESSION))
    assert why.startswith("written as an STS assumed-role ARN, which EKSConfigMap compares as written")


def test_user_instead_of_role_other_account_other_partition_and_similar_names(tmp_path: Path) -> None:
    roles = ("- {rolearn: 'arn:aws:iam::444455556666:role/Dev', username: a}\n"
             "- {rolearn: 'arn:aws-cn:iam::111122223333:role/Dev', username: b}\n"
             "- {rolearn: 'arn:aws:iam::111122223333:role/Devs', username: c}\n"
             "- {rolearn: 'arn:aws:iam::111122223333:role/Ops', username: d}\n")
    users = "- {userarn: 'arn:aws:iam::111122223333:user/Dev', username: e}\n"
    explanation = explained(tmp_path, aws_auth(roles, users), "arn:aws:sts::111122223333:assumed-role/Dev/s")
    assert [why.split(":")[0] for _, why in whys(explanation)] == [
        "the same role in account 444455556666; this identity is in account 111122223333",
        "the same role in partition aws-cn; this identity is in aws",
        "a similar role name",
        "configured as a user (mapUsers), but this identity is a role"]


def test_an_entry_in_a_backend_the_authenticator_does_not_read(tmp_path: Path) -> None:
    eks = aws_auth("- {rolearn: 'arn:aws:iam::111122223333:role/Dev', username: dev}\n")
    manifests = eks + "---\n" + authenticator("clusterID: c\nserver:\n  mapRoles: []\n")
    explanation = explained(tmp_path, manifests, "arn:aws:sts::111122223333:assumed-role/Dev/s")
    [(_, why)] = whys(explanation)
    assert why == ("configured in EKSConfigMap, which this cluster's authenticator does not read "
                   "(its backends: MountedFile)")


def test_sso_matchers_that_cannot_match_are_named(tmp_path: Path) -> None:
    matcher = "permissionSetName: Payments, accountID: '111122223333'"
    roles = f"- sso: {{{matcher}}}\n  username: a\n- sso: {{{matcher}, partition: aws}}\n  username: b\n"
    explanation = explained(tmp_path, aws_auth(roles), SSO_SESSION)
    [gate_off, with_partition] = [why for _, why in whys(explanation)]
    assert gate_off.startswith("an sso matcher would match, but the authenticator's SSORoleMatch")
    assert with_partition.startswith("an sso matcher with an explicit partition")


def test_a_template_that_fails_is_the_nearest_candidate(tmp_path: Path) -> None:
    roles = "- {rolearn: 'arn:aws:iam::111122223333:role/nodes', username: 'node:{{EC2PrivateDNSName}}'}\n"
    explanation = explained(tmp_path, aws_auth(roles), "arn:aws:sts::111122223333:assumed-role/nodes/laptop")
    [candidate] = explanation.candidates
    assert "needs an EC2 instance ID as session name" in candidate.why
    assert explanation.authentication.result.matched["section"] == "mapRoles"


def test_entries_dropped_while_loading_are_problems(tmp_path: Path) -> None:
    roles = "- rolearn: arn:aws:iam::111122223333:role/Dev\n  username: [not, text]\n- username: orphan\n"
    explanation = explained(tmp_path, aws_auth(roles), "arn:aws:sts::111122223333:assumed-role/Ops/s")
    assert explanation.problems == (
        "EKSConfigMap: mapRoles[0].username is ['not', 'text'], not a string, so it is ignored",
        "EKSConfigMap: mapRoles[1] is dropped: a mapRoles entry needs rolearn or sso")
    text = format_text(explanation)
    assert "problem        EKSConfigMap: mapRoles[1] is dropped" in text
    assert text.splitlines()[1] == "authenticated  no"
