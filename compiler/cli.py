"""The `authmap` command line: parse flags, call a pass, render. Nothing else lives here."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from compiler import __version__
from compiler import arn as arns
from compiler.errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, InputError, InputErrors
from compiler.lint.engine import lint_path, load_failures
from compiler.lint.formats import FORMATS
from compiler.lint.registry import RULES
from compiler.schemas_store import KINDS, bundled


class AuthmapGroup(click.Group):
    """A click group that maps authmap's errors onto the SPEC's exit codes, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (InputError, InputErrors) as err:
            click.echo(f"authmap: {err}" if isinstance(err, InputError) else str(err), err=True)
            sys.exit(EXIT_INPUT)
        except click.exceptions.Exit:
            raise
        except (click.ClickException, click.Abort):
            raise
        except Exception as err:  # a bug in authmap, not in the user's input
            if os.environ.get("AUTHMAP_DEBUG"):
                raise
            click.echo(f"authmap: internal error: {type(err).__name__}: {err} "
                       "(set AUTHMAP_DEBUG=1 for a traceback, and please report it)", err=True)
            sys.exit(EXIT_INTERNAL)


@click.group(cls=AuthmapGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="authmap")
def cli() -> None:
    """Policy as code for Kubernetes access on AWS.

    Lint team and permission-set policies, compile them into aws-auth, aws-iam-authenticator
    and RBAC manifests, diff them for review, and verify sample tokens against the result.
    """


DEFAULT_POLICIES = "policies"
POLICIES_ARG = click.argument("policies", default=DEFAULT_POLICIES, type=click.Path(path_type=Path))


@cli.command()
@POLICIES_ARG
@click.option("--format", "output_format", type=click.Choice(sorted(FORMATS)), default="text", show_default=True,
              help="text for people, json for scripts, github for workflow annotations, sarif for code scanning.")
@click.option("--list-rules", is_flag=True, help="List every rule's code, name, default severity and summary.")
def lint(policies: Path, output_format: str, list_rules: bool) -> None:
    """Check policy files: schema, ARNs, mappings, grants and risky RBAC rules.

    Exit 0 when there are no errors, 1 when there are, 2 when a file cannot be read as YAML.
    """
    if list_rules:
        click.echo("".join(f"{r.code}  {r.name:<28} {r.severity.value:<8} {r.summary}\n" for r in RULES), nl=False)
        return
    render = FORMATS[output_format]
    try:
        result = lint_path(policies)
    except (InputError, InputErrors) as err:
        click.echo(render(load_failures(err)), nl=False)
        sys.exit(EXIT_INPUT)
    click.echo(render(result.diagnostics), nl=False)
    sys.exit(EXIT_FINDINGS if result.errors else EXIT_OK)


@cli.command()
@click.argument("arn")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def arn(arn: str, output_format: str) -> None:
    """Show how authmap normalizes an ARN and what the authenticator will match it against."""
    try:
        parsed = arns.principal(arn)
    except arns.ArnError as err:
        raise InputError(f"not a valid identity ARN: {err.message}") from None
    fields = {"input": arn, "canonical": parsed.canonical, "kind": parsed.kind, "partition": parsed.partition,
              "account": parsed.account, "matchKey": parsed.match_key}
    if output_format == "json":
        click.echo(json.dumps(fields, indent=2))
        return
    click.echo("".join(f"{k + ':':<11}{v}\n" for k, v in fields.items()), nl=False)
    for note in arn_notes(parsed):
        click.echo(f"note: {note}")


def arn_notes(parsed: arns.PrincipalArn) -> list[str]:
    notes = []
    if parsed.had_path:
        notes.append(f"role path {parsed.path} removed: STS reports assumed roles without it")
    if parsed.kind == "assumed-role":
        notes.append("an STS session ARN: it is mapped as its role, for every session")
    return notes


@cli.command()
@click.argument("kind", type=click.Choice(KINDS, case_sensitive=False))
def schema(kind: str) -> None:
    """Print the JSON Schema (Draft 2020-12) of a policy kind, for editors and other tools."""
    canonical = next(k for k in KINDS if k.lower() == kind.lower())
    click.echo(json.dumps(bundled(canonical), indent=2))


def main() -> None:
    """Console-script entry point; click's usage errors exit 2 as the SPEC asks."""
    entry: Callable[..., Any] = cli
    entry(prog_name="authmap")
