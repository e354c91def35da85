"""The `authmap` command line: parse flags, call a pass, render. Nothing else lives here."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

import click

from compiler import __version__
from compiler.errors import EXIT_INPUT, EXIT_INTERNAL, InputError, InputErrors
from compiler.verifier import commands as verifier_commands


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


def main() -> None:
    """Console-script entry point; click's usage errors exit 2 as the SPEC asks."""
    entry: Callable[..., Any] = cli
    entry(prog_name="authmap")


cli.add_command(verifier_commands.explain)
cli.add_command(verifier_commands.token)
