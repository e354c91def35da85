"""The GitHub Action and workflows are valid for GitHub, and call authmap the way the SPEC defines."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
ACTION = ROOT / ".github/actions/authmap-check/action.yml"
WORKFLOWS = [ROOT / ".github/workflows/ci.yml", ROOT / ".github/actions/authmap-check/example-workflow.yml"]


def check_jsonschema(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema,
                           *map(str, files)], capture_output=True, text=True, check=False)


def test_the_composite_action_is_a_valid_action() -> None:
    done = check_jsonschema("vendor.github-actions", ACTION)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_are_valid_workflows(workflow: Path) -> None:
    done = check_jsonschema("vendor.github-workflows", workflow)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_action_runs_every_check_of_a_policy_pr() -> None:
    steps = yaml.safe_load(ACTION.read_text())["runs"]["steps"]
    scripts = "\n".join(step.get("run", "") for step in steps)
    for command in ("authmap lint", "--format github", "--format sarif", "authmap compile", "--check",
                    "authmap verify", "authmap diff", "--format markdown", "GITHUB_STEP_SUMMARY",
                    "<!-- authmap-diff -->", "--method PATCH"):
        assert command in scripts, command


def test_the_project_ci_runs_the_readme_test_command() -> None:
    ci = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text())
    runs = [step.get("run", "") for step in ci["jobs"]["test"]["steps"]]
    assert "bash .ci/run" in runs
    readme = (ROOT / "README.md").read_text()
    test_command = (ROOT / ".ci/run").read_text().strip().splitlines()[-1]
    assert test_command in readme.splitlines()
