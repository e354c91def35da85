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
from compiler.compile import compile_path
from compiler.emit.tree import CONFIGMAP_LIMIT
from compiler.errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, InputError, InputErrors
from compiler.lint.diagnostic import Severity
from compiler.lint.engine import lint_path, load_failures
from compiler.lint.formats import FORMATS, render_text
from compiler.lint.registry import RULES
from compiler.load import discover
from compiler.schemas_store import KINDS, bundled
from compiler.verifier import access_commands
from compiler.verifier import commands as verifier_commands
from compiler.write import Drift, check_tree, write_tree


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


def _require_policy_files(policies: Path) -> None:
    """A directory without a single policy file is a wrong path, not an empty organisation."""
    if not discover(policies):
        raise InputError(f"no policy files (*.yaml, *.yml) under {policies}; give the policy directory",
                         str(policies), code="AM007")


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
        _require_policy_files(policies)
        result = lint_path(policies)
    except (InputError, InputErrors) as err:
        click.echo(render(load_failures(err)), nl=False)
        sys.exit(EXIT_INPUT)
    click.echo(render(result.diagnostics), nl=False)
    sys.exit(EXIT_FINDINGS if result.errors else EXIT_OK)


@cli.command(name="compile")
@POLICIES_ARG
@click.option("-o", "--output", "output", default="manifests", show_default=True, type=click.Path(path_type=Path),
              help="The manifests directory: one folder per cluster.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 listing every drifted, missing or extra file.")
def compile_command(policies: Path, output: Path, check: bool) -> None:
    """Compile policies into aws-auth, aws-iam-authenticator and RBAC manifests.

    The output directory is replaced as a whole (never half-written); files authmap did not
    write are kept. With lint errors nothing is written and the exit code is 1.
    """
    _require_policy_files(policies)
    compiled = compile_path(policies)
    if not compiled.ok:
        findings = [d for d in compiled.lint.diagnostics if d.severity is Severity.ERROR] + list(compiled.refusals)
        click.echo(render_text(findings), nl=False, err=True)
        click.echo("authmap: nothing was written", err=True)
        sys.exit(EXIT_FINDINGS)
    if not compiled.clusters:
        raise InputError(f"{policies} defines no Cluster, so there is nothing to compile; {output} is left as it is")
    if check:
        _report_drift(check_tree(output, compiled.tree), output)
        return
    write_tree(output, compiled.tree)
    for size in compiled.sizes:
        click.echo(f"{output / size.path}: {size.bytes:,} bytes of data ({size.bytes / CONFIGMAP_LIMIT:.1%} of the "
                   "1 MiB ConfigMap limit)", err=True)
    click.echo(f"authmap: wrote {len(compiled.tree)} files for {len(compiled.clusters)} cluster(s) into {output}",
               err=True)


def _report_drift(drift: Drift, output: Path) -> None:
    if drift.clean:
        click.echo(f"authmap: {output} is up to date", err=True)
        return
    for label, paths in (("drifted", drift.drifted), ("missing", drift.missing), ("extra", drift.extra)):
        for path in paths:
            click.echo(f"{label}: {output / path}")
    click.echo(f"authmap: {output} does not match the policies; run `authmap compile` and commit the result",
               err=True)
    sys.exit(EXIT_FINDINGS)


@cli.command(name="diff")
@click.argument("base")
@click.argument("head")
@click.option("--format", "output_format", type=click.Choice(["markdown", "text", "json"]), default="text",
              show_default=True, help="markdown for a pull-request comment, text for terminals, json for tools.")
@click.option("--fail-on", "fail_on", type=click.Choice(["escalation"]), default=None,
              help="Exit 1 when the diff holds an escalation.")
def diff_command(base: str, head: str, output_format: str, fail_on: str | None) -> None:
    """Show who gains or loses which access where between two policy versions, escalations first.

    BASE and HEAD are policy directories or git revisions (REV, or REV:PATH for a folder other
    than policies/); a revision is read from git objects without touching the work tree.
    """
    from compiler.diff.render import FORMATS as DIFF_FORMATS
    from compiler.diff.report import Uncompilable, diff

    try:
        report = diff(base, head)
    except Uncompilable as err:
        errors = [d for d in err.compiled.lint.diagnostics if d.severity is Severity.ERROR]
        click.echo(render_text(errors + list(err.compiled.refusals)), nl=False, err=True)
        click.echo(f"authmap: {err.side} does not compile, so there is nothing sound to compare", err=True)
        sys.exit(EXIT_FINDINGS)
    click.echo(DIFF_FORMATS[output_format](report), nl=False)
    if fail_on == "escalation" and report.escalations:
        sys.exit(EXIT_FINDINGS)


@cli.command()
@POLICIES_ARG
@click.option("--manifests", "manifests_dir", type=click.Path(path_type=Path),
              help="Manifests to verify against (default: the policies compiled into a temporary directory).")
def verify(policies: Path, manifests_dir: Path | None) -> None:
    """Replay every TokenTest against the manifests as the authenticator and RBAC would; exit 1 on a failure."""
    from compiler.verification import cases_of, manifests_for, report, run_cases

    _require_policy_files(policies)
    result = lint_path(policies)
    if result.errors:
        click.echo(render_text(result.errors), nl=False, err=True)
        click.echo("authmap: the policies have lint errors; fix them before verifying", err=True)
        sys.exit(EXIT_FINDINGS)
    cases = cases_of(result)
    with manifests_for(policies, manifests_dir) as manifests:
        outcomes = run_cases(cases, manifests)
    click.echo(report(outcomes))
    sys.exit(EXIT_FINDINGS if any(not o.passed for o in outcomes) else EXIT_OK)


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


cli.add_command(verifier_commands.explain)
cli.add_command(access_commands.can_i)
cli.add_command(verifier_commands.token)
