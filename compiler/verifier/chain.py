"""Which backends a cluster's authenticator asks, in which order, read from its manifests.

With an aws-iam-authenticator ConfigMap (self-managed clusters), its `config.yaml` and the
server's flags decide: `server.backendMode` (default MountedFile; `File` and `ConfigMap` are the
deprecated names of MountedFile and EKSConfigMap). Without one (EKS), `aws-auth` alone. Backends
configured in the manifests but not asked are kept as `dormant`, to explain a miss.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from compiler.verifier.arn import ArnError, parse_arn
from compiler.verifier.backends import (
    Backend,
    MappingsBackend,
    UnreadableBackend,
    crd_backend,
    eks_configmap_backend,
    mounted_file_backend,
)
from compiler.verifier.manifests import ManifestSet
from compiler.verifier.mappings import ConfigError
from compiler.verifier.server_config import DEPRECATED_MODES, AuthenticatorConfig, parse_authenticator_config
from compiler.verifier.server_flags import authenticator_flags


@dataclass(frozen=True)
class Chain:
    """The authenticator of one cluster, as far as mapping goes."""

    backends: tuple[Backend, ...] = ()
    failure: str | None = None
    scrubbed_accounts: frozenset[str] = frozenset()
    dormant: tuple[Backend, ...] = ()
    partition: str = "aws"
    cluster_id: str | None = None
    notes: tuple[str, ...] = ()


def build_chain(manifests: ManifestSet) -> Chain:
    """The chain the manifests configure; a configuration the server refuses gives `failure`."""
    text = manifests.authenticator_config_text
    if text is None:
        return _eks_chain(manifests)
    try:
        config = parse_authenticator_config(text, authenticator_flags(manifests.raw_objects))
        backends = tuple(_backend(mode, config, manifests) for mode in config.backend_modes)
    except ConfigError as err:
        return Chain(failure=f"aws-iam-authenticator would not start: {err}", notes=_config_source(manifests))
    dormant = _dormant_backends(config, manifests, {backend.name for backend in backends})
    notes = tuple(f"backend mode {mode!r} is deprecated; it reads as {DEPRECATED_MODES[mode]}"
                  for mode in config.backend_modes if mode in DEPRECATED_MODES)
    return Chain(backends, None, config.scrubbed_accounts, dormant, config.partition,
                 config.cluster_id or None, notes + _config_source(manifests))


def _config_source(manifests: ManifestSet) -> tuple[str, ...]:
    configmap = manifests.authenticator_configmap
    return (f"aws-iam-authenticator configuration: {configmap.source}",) if configmap else ()


def _eks_chain(manifests: ManifestSet) -> Chain:
    notes: tuple[str, ...] = ()
    if manifests.authenticator_configmap is not None:
        notes = ("the aws-iam-authenticator ConfigMap has no config.yaml; evaluating as EKS (aws-auth only)",)
    aws_auth = eks_configmap_backend(manifests.aws_auth)
    dormant = (crd_backend(manifests.iam_identity_mappings),) if manifests.iam_identity_mappings else ()
    return Chain((aws_auth,), None, frozenset(), dormant, _mapped_partition(aws_auth), None, notes)


def _mapped_partition(backend: MappingsBackend) -> str:
    """EKS runs in the partition of the ARNs it maps; guess it from aws-auth, else `aws`."""
    partitions = set()
    role_arns = [role.rolearn for role in backend.roles if role.rolearn]
    for arn in role_arns + [user.userarn for _, user in backend.users]:
        try:
            partitions.add(parse_arn(arn).partition)
        except ArnError:
            continue
    return partitions.pop() if len(partitions) == 1 else "aws"


def _backend(mode: str, config: AuthenticatorConfig, manifests: ManifestSet) -> Backend:
    mode = DEPRECATED_MODES.get(mode, mode)
    reserved = config.reserved_prefixes.get(mode, ())
    if mode == "MountedFile":
        source = manifests.authenticator_configmap.source if manifests.authenticator_configmap else ""
        try:
            return mounted_file_backend(config.mappings, source, reserved_prefixes=reserved,
                                        sso_role_match=config.sso_role_match)
        except ConfigError as err:
            raise ConfigError(f"backend MountedFile cannot load config.yaml: {err}") from err
    if mode == "EKSConfigMap":
        return eks_configmap_backend(manifests.aws_auth, reserved_prefixes=reserved,
                                     sso_role_match=config.sso_role_match)
    if mode == "CRD":
        return crd_backend(manifests.iam_identity_mappings, reserved_prefixes=reserved)
    return UnreadableBackend(mode)


def _dormant_backends(config: AuthenticatorConfig, manifests: ManifestSet,
                      asked: set[str]) -> tuple[Backend, ...]:
    """Backends the manifests hold data for but the chain does not ask (kept to explain a miss)."""
    found: list[Backend] = []
    if manifests.aws_auth is not None and "EKSConfigMap" not in asked:
        found.append(eks_configmap_backend(manifests.aws_auth))
    if manifests.iam_identity_mappings and "CRD" not in asked:
        found.append(crd_backend(manifests.iam_identity_mappings))
    mappings = config.mappings
    if (mappings.roles or mappings.users or mappings.accounts) and "MountedFile" not in asked:
        with contextlib.suppress(ConfigError):  # entries the server could not load explain nothing
            found.append(_backend("MountedFile", config, manifests))
    return tuple(found)
