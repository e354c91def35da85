"""The `can-i` command (SPEC §3): authenticate an identity (or take --as), then ask RBAC, as
`kubectl auth can-i` does, with the binding and rule that decided. Cheap to import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from compiler.verifier.commands import identity_input, identity_options


@click.command("can-i")
@click.argument("verb")
@click.argument("resource")
@click.argument("name", required=False)
@click.option("--manifests", "manifests_dir", required=True, type=click.Path(path_type=Path),
              help="Kubernetes manifests: authmap's output, or a dump of a live cluster.")
@click.option("--cluster", help="The cluster folder under --manifests, when it holds several.")
@click.option("-n", "--namespace", help="The request's namespace; without it the request is cluster-wide.")
@click.option("--subresource", help="A subresource, such as log or scale.")
@identity_options
@click.option("--as", "as_user", metavar="USER", help="Evaluate this username directly (no mapping).")
@click.option("--as-group", "as_groups", multiple=True, metavar="GROUP",
              help="With --as: a group of the user (repeat; add system:authenticated to model a logged-in user).")
@click.option("--ec2-private-dns-name", metavar="NAME", help="What EC2 answers for a node's private DNS name.")
@click.option("--cluster-id", help="The cluster ID tokens must be signed for (default: from the manifests).")
@click.option("--no-builtins", is_flag=True,
              help="Leave out Kubernetes' built-in ClusterRoles and bindings, and the Node authorizer.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def can_i(ctx: click.Context, /, verb: str, resource: str, name: str | None, manifests_dir: Path,
          cluster: str | None, namespace: str | None, subresource: str | None, as_user: str | None,
          as_groups: tuple[str, ...], ec2_private_dns_name: str | None, cluster_id: str | None,
          no_builtins: bool, output_format: str, **identity: Any) -> None:
    """Whether an identity may do VERB on RESOURCE (exit 0 yes, 1 no), and which binding and rule decide."""
    from compiler.verifier.access import decide, format_text, user_of
    from compiler.verifier.authenticate import authenticate
    from compiler.verifier.manifests import load_manifests
    from compiler.verifier.rbac import Authorizer, UserInfo
    from compiler.verifier.requests import request_from_cli, subresource_hint

    try:
        request = request_from_cli(verb, resource, name, namespace, subresource)
    except ValueError as err:
        raise click.UsageError(str(err)) from None
    manifests = load_manifests(manifests_dir, cluster)
    authorizer = Authorizer.from_objects(manifests.raw_objects, builtins=not no_builtins)
    if as_user is not None:
        if any(v is not None for v in identity.values()):
            raise click.UsageError("--as replaces the identity: drop --arn/--token and their options")
        answer = decide(authorizer, UserInfo(as_user, as_groups), request)
    else:
        if as_groups:
            raise click.UsageError("--as-group goes with --as")
        authentication = authenticate(manifests, identity_input(
            **identity, cluster_id=cluster_id, ec2_private_dns_name=ec2_private_dns_name))
        answer = decide(authorizer, user_of(authentication), request, authentication)
    click.echo(json.dumps(answer.to_json(request), indent=2) if output_format == "json"
               else format_text(answer, request))
    hint = subresource_hint(resource, subresource)
    if hint:
        click.echo(f"authmap: note: {hint}", err=True)
    ctx.exit(0 if answer.allowed else 1)
