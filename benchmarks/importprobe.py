"""Which AWS SDK modules a process holds after importing the CLI and after running lint, compile, diff.

Run as `python -m benchmarks.importprobe` (a fresh interpreter); prints one JSON object. The verbs
run on the example org through click, exactly as the console script runs them.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import tempfile
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent / "policies"
AWS_MODULES = ("boto3", "botocore")


def _aws_loaded() -> list[str]:
    return [name for name in AWS_MODULES if name in sys.modules]


def _run_verb(args: list[str]) -> None:
    from compiler.cli import cli

    quiet_out, quiet_err = contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO())
    with quiet_out, quiet_err, contextlib.suppress(SystemExit):
        cli.main(args=args, prog_name="authmap", standalone_mode=False)


def main() -> int:
    stages: dict[str, list[str]] = {}
    import compiler.cli  # noqa: F401  (the import is what is probed)

    stages["import compiler.cli"] = _aws_loaded()
    with tempfile.TemporaryDirectory(prefix="authmap-bench-probe-") as temp:
        for name, args in (("lint", ["lint", str(EXAMPLE)]),
                           ("compile", ["compile", str(EXAMPLE), "-o", str(Path(temp) / "out")]),
                           ("diff", ["diff", str(EXAMPLE), str(EXAMPLE)])):
            _run_verb(args)
            stages[f"authmap {name}"] = _aws_loaded()
    print(json.dumps(stages))
    return 0


if __name__ == "__main__":
    sys.exit(main())
