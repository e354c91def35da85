"""Run several authmap verbs in one interpreter and print each outcome as JSON (for the corpus test).

Usage: python -m tests.hostile.drive POLICIES MANIFESTS
"""

from __future__ import annotations

import json
import sys
import traceback

from click.testing import CliRunner

from compiler.cli import cli


def main(policies: str, manifests: str) -> None:
    outcomes = []
    for args in (["lint", policies], ["compile", policies, "-o", manifests], ["verify", policies]):
        result = CliRunner().invoke(cli, args)
        output = result.output
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            output += "".join(traceback.format_exception(result.exception))
        outcomes.append({"verb": args[0], "exit": result.exit_code, "output": output})
    json.dump(outcomes, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
