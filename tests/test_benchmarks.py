"""The bench command the README documents runs end to end (on the small organisation, one run each)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_bench_command_writes_every_section_of_the_results(tmp_path: Path) -> None:
    out = tmp_path / "results.md"
    proc = subprocess.run([sys.executable, "-m", "benchmarks.run", "--sizes", "S", "--repeat", "1",
                           "--wall-repeat", "1", "--questions", "1000", "--skip-xl", "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    text = out.read_text(encoding="utf-8")
    sections = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert sections == ["Machine", "Targets", "Organisations", "All figures", "Pre-commit path", "Performance work",
                        "Definitions"]
    assert re.search(r"^\| S \| 10 \| \d[\d,]* \|", text, re.MULTILINE)
    lint_target = r"^\| example-org `authmap lint` wall time \(pre-commit\) \| \d\.\d+ s \| ≤ 0\.3 s \| "
    assert re.search(lint_target + r"(met|\*\*missed\*\*) \|$", text, re.MULTILINE)
    assert "| AWS SDK modules loaded after authmap compile | none |" in text
