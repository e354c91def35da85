"""The hooks work as users run them: `pre-commit try-repo` against a policy repository.

This installs authmap into pre-commit's own environment (a real pip install), so it is the
slowest test in the suite; one run covers every hook.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
HOOKS = [hook["id"] for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())]


def run(cwd: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True, check=False)


def git(repo: Path, env: dict[str, str], *args: str) -> None:
    done = run(repo, "git", *args, env=env)
    assert done.returncode == 0, done.stderr


def policy_repo(tmp_path: Path, env: dict[str, str]) -> Path:
    repo = tmp_path / "policy-repo"
    shutil.copytree(ROOT / "policies", repo / "policies")
    git(repo, env, "init", "-q", "-b", "main")
    git(repo, env, "add", "-A")
    git(repo, env, "commit", "-qm", "policies")
    return repo


def try_repo(repo: Path, env: dict[str, str], *files: str) -> subprocess.CompletedProcess[str]:
    selection = ["--files", *files] if files else ["--all-files"]
    return run(repo, sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), *selection, env=env)


def test_hooks_through_pre_commit_try_repo(tmp_path: Path) -> None:
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    repo = policy_repo(tmp_path, env)

    first = try_repo(repo, env)
    assert first.returncode == 0, first.stdout + first.stderr
    for hook in HOOKS:
        assert f"authmap {hook.removeprefix('authmap-')}" in first.stdout
    assert (repo / "manifests/prod-use1/aws-auth.yaml").is_file()
    git(repo, env, "add", "-A")
    git(repo, env, "commit", "-qm", "manifests")

    team = repo / "policies/teams/payments.yaml"
    bob = "    - arn: arn:aws:iam::111122223333:user/bob\n      username: bob\n"
    team.write_text(team.read_text().replace(bob, ""))
    stale = try_repo(repo, env, "policies/teams/payments.yaml")
    assert stale.returncode == 1, "the compile hook rewrote aws-auth.yaml; pre-commit fails a hook that edits files"
    assert "files were modified by this hook" in stale.stdout
    assert "user/bob" not in (repo / "manifests/prod-use1/aws-auth.yaml").read_text()
    git(repo, env, "add", "-A")
    assert try_repo(repo, env, "policies/teams/payments.yaml").returncode == 0

    team.write_text(team.read_text().replace("role: developer", "role: developr"))
    broken = try_repo(repo, env, "policies/teams/payments.yaml")
    assert broken.returncode == 1
    assert "AM301" in broken.stdout and "Failed" in broken.stdout
