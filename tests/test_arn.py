"""ARN normalization: the authenticator's own canonical form, and what authmap writes and matches."""

from __future__ import annotations

import pytest

from compiler import arn as arns


def test_sts_resource_other_than_assumed_role_or_federated_user_is_not_an_identity() -> None:
    with pytest.raises(arns.ArnError) as raised:
        arns.principal("arn:aws:sts::111122223333:session/Admin/alice")
    assert raised.value.kind == "resource"
    assert "'session'" in raised.value.message
    assert "only assumed-role and federated-user sts ARNs are identities" in raised.value.message


@pytest.mark.parametrize("text", ["arn:aws:sts::111122223333:federated-user",
                                  "arn:aws:sts::111122223333:federated-user/"])
def test_federated_user_without_a_name_is_not_an_identity(text: str) -> None:
    with pytest.raises(arns.ArnError) as raised:
        arns.principal(text)
    assert raised.value.kind == "resource"
    assert raised.value.message == f"{text!r} names no federated-user (expected federated-user/NAME)"
