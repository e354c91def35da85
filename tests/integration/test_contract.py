"""The SPEC's command-line contract, checked against the installed `authmap` by the shared checker."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECKER = ROOT.parent / "shared" / "contract" / "check.py"


@pytest.mark.skipif(not CHECKER.is_file(), reason="the shared contract checker is not beside this checkout")
def test_the_cli_contract_holds() -> None:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run([sys.executable, str(CHECKER)], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().splitlines()[-1].endswith(" 0 failed")
