"""The command line's frame: version, help, and `python -m compiler` matching the console script."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from compiler import __version__
from compiler.cli import cli


def test_version_flag_prints_the_package_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"authmap, version {__version__}"


def test_python_dash_m_runs_the_same_cli() -> None:
    proc = subprocess.run([sys.executable, "-m", "compiler", "--version"], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"authmap, version {__version__}"


def test_unknown_verb_is_a_usage_error_with_exit_2() -> None:
    result = CliRunner().invoke(cli, ["frobnicate"])
    assert result.exit_code == 2
    assert "No such command" in result.output
