"""`authmap lint` as a user runs it: exit codes (SPEC §3), formats, rule listing, start-up cost."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from compiler.cli import cli


def test_missing_policies_path_exits_2_naming_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    result = CliRunner().invoke(cli, ["lint", str(missing)])
    assert result.exit_code == 2
    assert result.stdout == (f"{missing}:1:1: error AM007 no such policy directory or file (expected a folder of "
                             "*.yaml) [unreadable-path]\n1 error(s), 0 warning(s), 0 info\n")
