"""The manifests directory: written whole, foreign files kept, stale owned files removed, --check."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from compiler import write
from compiler.cli import cli


def compile_into(policies: Path, out: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["compile", str(policies), "-o", str(out), *extra])
    return result.exit_code, result.output


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_check_is_clean_after_compile_and_catches_edit_delete_and_extra(example_policies: Path,
                                                                         tmp_path: Path) -> None:
    out = tmp_path / "manifests"
    assert compile_into(example_policies, out)[0] == 0
    assert compile_into(example_policies, out, "--check")[0] == 0

    (out / "prod-use1/aws-auth.yaml").write_text("edited by hand\n")
    (out / "staging-use1/kustomization.yaml").unlink()
    (example_policies / "teams/security-audit.yaml").unlink()
    code, output = compile_into(example_policies, out, "--check")
    assert code == 1
    assert f"drifted: {out}/prod-use1/aws-auth.yaml" in output
    assert f"missing: {out}/staging-use1/kustomization.yaml" in output
    assert f"extra: {out}/prod-use1/rbac/cluster/clusterrolebinding-authmap.security-audit.read-only.yaml" in output


def test_check_writes_nothing(example_policies: Path, tmp_path: Path) -> None:
    out = tmp_path / "manifests"
    code, _ = compile_into(example_policies, out, "--check")
    assert code == 1
    assert not out.exists()


def test_foreign_files_survive_and_stale_owned_files_go(example_policies: Path, tmp_path: Path) -> None:
    out = tmp_path / "manifests"
    compile_into(example_policies, out)
    (out / "README.md").write_text("ours, not authmap's\n")
    (out / "prod-use1/overlay.yaml").write_text("kind: Something\n")
    (example_policies / "teams/security-audit.yaml").unlink()
    assert compile_into(example_policies, out)[0] == 0
    assert (out / "README.md").read_text() == "ours, not authmap's\n"
    assert (out / "prod-use1/overlay.yaml").read_text() == "kind: Something\n"
    assert not (out / "prod-use1/rbac/cluster/clusterrolebinding-authmap.security-audit.read-only.yaml").exists()
    owned = json.loads((out / ".authmap-owned").read_text())["files"]
    assert "README.md" not in owned and "prod-use1/aws-auth.yaml" in owned


def test_a_foreign_file_where_authmap_would_write_is_never_overwritten(example_policies: Path,
                                                                       tmp_path: Path) -> None:
    out = tmp_path / "manifests"
    (out / "prod-use1").mkdir(parents=True)
    (out / "prod-use1/aws-auth.yaml").write_text("hand-written\n")
    before = snapshot(out)
    code, output = compile_into(example_policies, out)
    assert code == 2
    assert "was not written by authmap" in output
    assert snapshot(out) == before


def test_lint_errors_write_nothing_and_leave_the_old_tree(example_policies: Path, tmp_path: Path) -> None:
    out = tmp_path / "manifests"
    compile_into(example_policies, out)
    before = snapshot(out)
    team = example_policies / "teams/payments.yaml"
    team.write_text(team.read_text().replace("role: developer", "role: developr"))
    code, output = compile_into(example_policies, out)
    assert code == 1
    assert "AM301" in output and "nothing was written" in output
    assert snapshot(out) == before


def test_a_crash_before_the_swap_leaves_the_old_tree_and_the_next_run_cleans_up(
        example_policies: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "manifests"
    compile_into(example_policies, out)
    before = snapshot(out)
    (example_policies / "teams/security-audit.yaml").unlink()

    def crash(staging: Path, target: Path) -> None:
        raise KeyboardInterrupt("killed between build and swap")

    monkeypatch.setattr(write, "_swap_in", crash)
    with pytest.raises(KeyboardInterrupt):
        write.write_tree(out, {"prod-use1/aws-auth.yaml": "new\n"})
    assert snapshot(out) == before
    assert list(tmp_path.glob(".manifests.authmap-new-*"))
    monkeypatch.undo()
    assert compile_into(example_policies, out)[0] == 0
    assert not list(tmp_path.glob(".manifests.authmap-*"))


def test_a_file_system_error_is_a_usage_error_and_keeps_the_old_tree(
        example_policies: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "manifests"
    compile_into(example_policies, out)
    before = snapshot(out)
    real_build = write._build

    def disk_full(staging: Path, target: Path, files: dict[str, str], owned: set[str]) -> None:
        real_build(staging, target, dict(list(files.items())[:3]), owned)
        raise OSError(28, "No space left on device", str(staging / "prod-use1/aws-auth.yaml"))

    monkeypatch.setattr(write, "_build", disk_full)
    code, output = compile_into(example_policies, out)
    assert code == 2
    assert f"authmap: cannot write the manifests into {out}: No space left on device (" in output
    assert output.rstrip().endswith("; the previous manifests are unchanged")
    assert snapshot(out) == before
    assert not list(tmp_path.glob(".manifests.authmap-*"))


def test_a_failed_fallback_swap_puts_the_old_tree_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, staging = tmp_path / "manifests", tmp_path / ".manifests.authmap-new-1"
    out.mkdir()
    (out / "old.yaml").write_text("old\n")
    staging.mkdir()
    real_rename = write.os.rename

    def rename(source: Path, target: Path) -> None:
        if Path(source) == staging:
            raise OSError(30, "Read-only file system", str(target))
        real_rename(source, target)

    monkeypatch.setattr(write, "_exchange", lambda first, second: False)
    monkeypatch.setattr(write.os, "rename", rename)
    with pytest.raises(OSError):
        write._swap_in(staging, out)
    assert (out / "old.yaml").read_text() == "old\n"


def test_an_output_directory_that_cannot_be_created_is_a_usage_error(example_policies: Path) -> None:
    code, output = compile_into(example_policies, Path("/proc/authmap-cannot-be-here"))
    assert code == 2
    assert "cannot write the manifests into /proc/authmap-cannot-be-here: " in output
    assert output.rstrip().endswith("; nothing was written")
    assert "Traceback" not in output


def test_an_interrupted_fallback_swap_is_recovered(example_policies: Path, tmp_path: Path) -> None:
    out = tmp_path / "manifests"
    compile_into(example_policies, out)
    before = snapshot(out)
    retired = tmp_path / ".manifests.authmap-old-12345"
    shutil.move(out, retired)
    assert compile_into(example_policies, out, "--check")[0] == 1
    assert compile_into(example_policies, out)[0] == 0
    assert snapshot(out) == before
    assert not retired.exists()


def test_the_exchange_swaps_two_directories(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "f").write_text("A")
    (second / "f").write_text("B")
    assert write._exchange(first, second)
    assert ((first / "f").read_text(), (second / "f").read_text()) == ("B", "A")


def test_a_damaged_ownership_record_is_an_input_error(example_policies: Path, tmp_path: Path) -> None:
    out = tmp_path / "manifests"
    compile_into(example_policies, out)
    (out / ".authmap-owned").write_text("{not json")
    code, output = compile_into(example_policies, out)
    assert code == 2
    assert "ownership record is damaged" in output


def test_a_record_cannot_make_authmap_delete_outside_the_directory(tmp_path: Path) -> None:
    out = tmp_path / "manifests"
    out.mkdir()
    (out / ".authmap-owned").write_text(json.dumps({"files": ["../victim.txt", "/etc/passwd", "ok.yaml"]}))
    assert write.owned_files(out) == {"ok.yaml"}


def test_a_directory_without_policy_files_or_clusters_never_empties_the_manifests(
        example_policies: Path, tmp_path: Path) -> None:
    out = tmp_path / "manifests"
    compile_into(example_policies, out)
    before = snapshot(out)
    empty = tmp_path / "empty"
    empty.mkdir()
    code, output = compile_into(empty, out)
    assert code == 2
    assert f"no policy files (*.yaml, *.yml) under {empty}; give the policy directory" in output
    roles_only = tmp_path / "roles-only"
    shutil.copytree(example_policies / "roles", roles_only)
    code, output = compile_into(roles_only, out)
    assert code == 2
    assert f"{roles_only} defines no Cluster, so there is nothing to compile; {out} is left as it is" in output
    assert snapshot(out) == before
