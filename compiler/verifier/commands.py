"""The `explain` and `token` commands (SPEC §3). Importing this module stays cheap: each command
imports the verifier's modules (and boto3) only when it runs.

`identity_options` and `identity_input` are the IDENTITY flags of SPEC §3, for any command that
replays an identity.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from compiler.verifier.authenticate import IdentityInput

F = TypeVar("F", bound=Callable[..., Any])

# The names of compiler.verifier.explain.FORMATTERS, listed here so that loading the CLI stays cheap.
EXPLAIN_FORMATS = ("text", "json")

_IDENTITY_OPTIONS = (
    click.option("--arn", help="Identity ARN, as `aws sts get-caller-identity` prints it."),
    click.option("--user-id", help="The UserId STS reports with it (ROLEID:SESSION for a role session)."),
    click.option("--token", help="A k8s-aws-v1. bearer token, put through every check of the authenticator."),
    click.option("--at", "at_text", metavar="TIME", help="Replay clock for token expiry (ISO 8601; now)."),
    click.option("--identity-arn", help="With --token: the ARN STS answered (recorded, no signature check)."),
    click.option("--keyring", type=click.Path(path_type=Path, dir_okay=False),
                 help="With --token: check the signature offline with test credentials (docs/keyring.md); "
                      "'sample' is the bundled sample keyring."),
    click.option("--sts-endpoint", metavar="URL", help="With --token: replay the request against this STS."),
)


def identity_options(command: F) -> F:
    """Add SPEC §3's IDENTITY flags (--arn/--user-id, --token with --at and one identity source)."""
    for option in reversed(_IDENTITY_OPTIONS):
        command = option(command)
    return command


def identity_input(*, arn: str | None, user_id: str | None, token: str | None, at_text: str | None,
                   identity_arn: str | None, keyring: Path | None, sts_endpoint: str | None,
                   cluster_id: str | None = None, ec2_private_dns_name: str | None = None) -> IdentityInput:
    """Check the IDENTITY flags together (usage errors exit 2) and load what they name."""
    from compiler.verifier.authenticate import IdentityInput
    from compiler.verifier.keyring import keyring_named
    from compiler.verifier.mapper import Ec2Names
    from compiler.verifier.sts import parse_sts_endpoint

    _check_identity_flags(arn, user_id, token, at_text, identity_arn, keyring, sts_endpoint)
    return IdentityInput(
        arn=arn, user_id=user_id, token=token, at=parse_time(at_text) if at_text else None,
        identity_arn=identity_arn, keyring=keyring_named(keyring) if keyring else None,
        sts_endpoint=parse_sts_endpoint(sts_endpoint) if sts_endpoint else None, cluster_id=cluster_id,
        ec2=Ec2Names(ec2_private_dns_name))


def _check_identity_flags(arn: str | None, user_id: str | None, token: str | None, at_text: str | None,
                          identity_arn: str | None, keyring: Path | None, sts_endpoint: str | None) -> None:
    if (arn is None) == (token is None):
        raise click.UsageError("name the identity with either --arn ARN or --token TOKEN")
    sources = [name for name, value in (("--identity-arn", identity_arn), ("--keyring", keyring),
                                        ("--sts-endpoint", sts_endpoint)) if value is not None]
    if arn is not None and (sources or at_text):
        raise click.UsageError(f"{', '.join(sources) or '--at'} only go with --token")
    if token is not None and len(sources) != 1:
        raise click.UsageError("with --token, give exactly one of --identity-arn, --keyring, --sts-endpoint")
    if user_id is not None and token is not None and identity_arn is None:
        raise click.UsageError("with --keyring or --sts-endpoint the user ID comes from STS's answer: "
                               "drop --user-id")


def parse_time(text: str) -> datetime:
    """An ISO 8601 time (`2026-11-24T07:00:00Z`); without a zone it is UTC."""
    from compiler.verifier.token import iso_time

    try:
        return iso_time(text.strip().replace("z", "Z"))
    except ValueError as err:
        raise click.BadParameter(f"{text!r} is not an ISO 8601 time such as 2026-11-24T07:00:00Z",
                                 param_hint="--at") from err


@click.command("explain")
@click.option("--manifests", "manifests_dir", required=True, type=click.Path(path_type=Path),
              help="Kubernetes manifests: authmap's output, or a dump of a live cluster.")
@click.option("--cluster", help="The cluster folder under --manifests, when it holds several.")
@identity_options
@click.option("--ec2-private-dns-name", metavar="NAME",
              help="What EC2 would answer for a node's private DNS name ({{EC2PrivateDNSName}}).")
@click.option("--cluster-id", help="The cluster ID tokens must be signed for (default: from the manifests).")
@click.option("--format", "output_format", type=click.Choice(EXPLAIN_FORMATS), default="text",
              show_default=True)
@click.pass_context
def explain(ctx: click.Context, /, manifests_dir: Path, cluster: str | None, output_format: str,
            ec2_private_dns_name: str | None, cluster_id: str | None, **identity: Any) -> None:
    """Show how the cluster would authenticate an identity, and why (exit 1 when it would not)."""
    from compiler.verifier.authenticate import authenticate
    from compiler.verifier.explain import FORMATTERS
    from compiler.verifier.explain import explain as explain_authentication
    from compiler.verifier.manifests import load_manifests

    request = identity_input(**identity, cluster_id=cluster_id, ec2_private_dns_name=ec2_private_dns_name)
    explanation = explain_authentication(authenticate(load_manifests(manifests_dir, cluster), request))
    click.echo(FORMATTERS[output_format](explanation))
    ctx.exit(0 if explanation.authentication.result.authenticated else 1)


@click.command("token")
@click.option("--cluster-id", required=True, help="The cluster ID (EKS cluster name) the token is for.")
@click.option("--role-arn", help="Assume this role first (with --sample: sign as its keyring session).")
@click.option("--region", help="STS region (default: the AWS configuration's, else us-east-1).")
@click.option("--sample", is_flag=True, help="Sign offline with test credentials, at a fixed time.")
@click.option("--keyring", type=click.Path(path_type=Path, dir_okay=False),
              help="With --sample: the keyring to sign with (default: authmap's sample keyring).")
@click.option("--principal", metavar="ARN", help="With --sample: the keyring identity to sign as.")
@click.option("--at", "at_text", metavar="TIME", help="With --sample: the signing time (ISO 8601).")
def token(cluster_id: str, role_arn: str | None, region: str | None, sample: bool, keyring: Path | None,
          principal: str | None, at_text: str | None) -> None:
    """Print an ExecCredential with a k8s-aws-v1. token, as `aws eks get-token` does."""
    import json

    from compiler.verifier.mint import exec_credential, mint_sample_token, mint_token

    if not sample and (keyring or principal or at_text):
        raise click.UsageError("--keyring, --principal and --at only go with --sample")
    if sample:
        from compiler.verifier.keyring import load_keyring, sample_keyring

        ring = load_keyring(keyring) if keyring else sample_keyring()
        minted = mint_sample_token(cluster_id=cluster_id, keyring=ring, principal=principal or role_arn,
                                   region=region, at=parse_time(at_text) if at_text else None)
    else:
        minted = mint_token(cluster_id=cluster_id, role_arn=role_arn, region=region)
    click.echo(json.dumps(exec_credential(minted, os.environ.get("KUBERNETES_EXEC_INFO"))))
