"""The AWS identity behind a token: what STS answered, turned into what the authenticator maps.

Three ways to get STS's answer exist (recorded, offline signature check, live replay); all of
them end here, in `identity_from_sts_answer`, which builds the same `Identity` the
authenticator builds from a GetCallerIdentity result.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.errors import InputError
from compiler.verifier.arn import ArnError, PrincipalType, canonicalize, parse_arn
from compiler.verifier.token import AuthenticationFailure, PresignedRequest

# For these principals the whole STS UserId is kept: it is not "ID:session".
_WHOLE_USER_ID = (PrincipalType.FEDERATED_USER, PrincipalType.USER, PrincipalType.ROOT)


class StsRejected(AuthenticationFailure):
    """STS (or a stand-in for it) did not vouch for the token; `code` is STS's error code."""

    source = "sts "


@dataclass(frozen=True)
class StsAnswer:
    """The three fields of a GetCallerIdentity result."""

    arn: str
    user_id: str
    account: str


@dataclass(frozen=True)
class Identity:
    """An authenticated AWS principal, as the authenticator hands it to its mappers."""

    arn: str
    canonical_arn: str
    principal_type: PrincipalType
    account_id: str
    user_id: str
    session_name: str
    access_key_id: str = ""
    sts_endpoint: str = ""


def identity_from_sts_answer(answer: StsAnswer, request: PresignedRequest | None = None) -> Identity:
    """Build the identity from STS's answer; a malformed answer raises `StsRejected`."""
    try:
        principal_type, canonical_arn = canonicalize(answer.arn)
    except ArnError as err:
        raise StsRejected("MalformedAnswer", str(err)) from err
    user_id, session_name = answer.user_id, ""
    if principal_type not in _WHOLE_USER_ID:
        parts = answer.user_id.split(":")
        if len(parts) != 2:
            raise StsRejected("MalformedAnswer", f"UserId {answer.user_id!r} of a role is not 'ID:SESSION'")
        user_id, session_name = parts
    return Identity(answer.arn, canonical_arn, principal_type, answer.account, user_id, session_name,
                    request.access_key_id if request else "", request.host if request else "")


def recorded_identity(arn: str, user_id: str | None = None,
                      request: PresignedRequest | None = None) -> Identity:
    """The identity for an STS answer given by hand (`--arn`, `--identity-arn`, a TokenTest).

    Without a user ID, a role session takes its session name from the ARN and the user ID
    stays empty (the uid then cannot be built). Bad input raises `InputError`.
    """
    try:
        account = parse_arn(arn).account
        principal_type, canonical_arn = canonicalize(arn)
    except ArnError as err:
        raise InputError(f"the identity ARN is not an identity the authenticator accepts: {err}") from err
    if user_id is not None:
        try:
            return identity_from_sts_answer(StsAnswer(arn, user_id, account), request)
        except StsRejected as err:
            raise InputError(f"the user ID does not fit the identity ARN: {err.message}") from err
    session = arn.rsplit("/", 1)[-1] if principal_type is PrincipalType.ASSUMED_ROLE else ""
    return Identity(arn, canonical_arn, principal_type, account, "", session,
                    request.access_key_id if request else "", request.host if request else "")
