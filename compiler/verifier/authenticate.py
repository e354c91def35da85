"""From "who is asking" (an ARN, or a bearer token and a way to learn its identity) to the cluster's answer.

Identity modes for a token:
- recorded: STS's answer is given (`--identity-arn`/`--user-id`, a TokenTest's `identity`); nothing is
  sent anywhere and the signature is not checked;
- keyring: the signature is checked offline (`compiler.verifier.sigv4`);
- live: the request is replayed against an explicit STS endpoint (`compiler.verifier.sts`).
The token's own checks (`compiler.verifier.token`) run first in every mode.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from compiler.errors import InputError
from compiler.verifier.chain import Chain, build_chain
from compiler.verifier.identity import Identity, identity_from_sts_answer, recorded_identity
from compiler.verifier.keyring import Keyring
from compiler.verifier.manifests import ManifestSet
from compiler.verifier.mapper import Ec2Names, MappingResult, map_identity, not_authenticated
from compiler.verifier.sigv4 import check_signature
from compiler.verifier.sts import DEFAULT_TIMEOUT_SECONDS, StsEndpoint, call_sts
from compiler.verifier.token import AuthenticationFailure, PresignedRequest, verify_token


@dataclass(frozen=True)
class IdentityInput:
    """The identity to replay: `arn` (+ `user_id`), or `token` with one way to learn who signed it."""

    arn: str | None = None
    user_id: str | None = None
    token: str | None = None
    at: datetime | None = None
    identity_arn: str | None = None
    keyring: Keyring | None = None
    sts_endpoint: StsEndpoint | None = None
    cluster_id: str | None = None
    ec2: Ec2Names = field(default_factory=Ec2Names)
    sts_timeout: float = DEFAULT_TIMEOUT_SECONDS


@dataclass(frozen=True)
class Authentication:
    """The cluster's answer, the identity it was given for (None if the token failed), and the chain."""

    identity: Identity | None
    result: MappingResult
    chain: Chain


def authenticate(manifests: ManifestSet, request: IdentityInput) -> Authentication:
    """Replay `request` against the authenticator these manifests configure."""
    chain = build_chain(manifests)
    try:
        identity, notes = resolve_identity(manifests, chain, request)
    except AuthenticationFailure as failure:
        reason = chain.failure or f"the token is refused: {failure.reason}"
        return Authentication(None, not_authenticated(reason, chain.notes), chain)
    result = map_identity(chain, identity, request.ec2)
    return Authentication(identity, replace(result, notes=result.notes + notes), chain)


def expected_cluster_id(manifests: ManifestSet, chain: Chain, override: str | None = None) -> str | None:
    """The cluster ID tokens must be signed for: the override, authmap's annotation, the authenticator's."""
    return override or manifests.annotated_cluster_id or chain.cluster_id


def resolve_identity(manifests: ManifestSet, chain: Chain,
                     request: IdentityInput) -> tuple[Identity, tuple[str, ...]]:
    """The identity and notes on how it was learnt; a refused token raises `AuthenticationFailure`."""
    if request.token is None:
        if request.arn is None:
            raise InputError("name the identity: --arn ARN, or --token TOKEN")
        return recorded_identity(request.arn, request.user_id), ()
    cluster_id = expected_cluster_id(manifests, chain, request.cluster_id)
    endpoint_host = request.sts_endpoint.netloc if request.sts_endpoint else None
    at = request.at or datetime.now(UTC)
    presigned = verify_token(request.token, cluster_id=cluster_id or "", partition=chain.partition,
                             region=None, at=at, extra_allowed_host=endpoint_host)
    if request.identity_arn is not None:
        note = "the token's signature is not checked: its identity is the recorded STS answer"
        return recorded_identity(request.identity_arn, request.user_id, presigned), (note,)
    if cluster_id is None:
        raise InputError("checking a token's signature needs the cluster ID it must be signed for, and the "
                         "manifests name none (authmap.io/cluster-id, clusterID): give --cluster-id")
    return _identity_from_sts(presigned, request), (f"signature checked for cluster ID {cluster_id!r}",)


def _identity_from_sts(presigned: PresignedRequest, request: IdentityInput) -> Identity:
    if request.keyring is not None:
        answer = check_signature(presigned, request.keyring)
    elif request.sts_endpoint is not None:
        answer = call_sts(presigned, request.sts_endpoint, request.sts_timeout)
    else:
        raise InputError("a token needs one of --identity-arn, --keyring or --sts-endpoint")
    return identity_from_sts_answer(answer, presigned)
