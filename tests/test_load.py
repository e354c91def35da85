"""The load pass: policy files into documents, and every way a file is refused before it is policy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from compiler import load
from compiler.errors import InputError
from compiler.load import load_file


def _lint_in_subprocess(path: Path) -> subprocess.CompletedProcess[str]:
    """A fresh interpreter, so that a crash of the C parser shows up as a signal, not a dead test run."""
    return subprocess.run([sys.executable, "-m", "compiler", "lint", str(path)], capture_output=True, text=True,
                          timeout=120, check=False)


def test_deep_block_nesting_is_refused_without_crashing_the_interpreter(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("- " * 100_000 + "x\n")
    proc = _lint_in_subprocess(path)
    assert proc.returncode == 2, proc.stderr
    assert f"{path}:1:201: error AM008 nesting is deeper than 100 levels [nesting-too-deep]" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


def test_empty_documents_between_and_after_separators_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    path.write_text("---\n---\n# nothing here\n---\napiVersion: authmap/v1\nkind: Team\n---\n")
    documents = load_file(path)
    assert [(d.index, d.data) for d in documents] == [(2, {"apiVersion": "authmap/v1", "kind": "Team"})]


def test_file_over_the_size_cap_is_reported_as_file_too_large(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "MAX_FILE_BYTES", 64)
    path = tmp_path / "teams.yaml"
    path.write_text("apiVersion: authmap/v1\nkind: Team\nmetadata: {name: payments}\nspec: {}\n")
    with pytest.raises(InputError) as raised:
        load_file(path)
    assert (raised.value.code, raised.value.file) == ("AM005", str(path))
