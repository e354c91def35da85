"""Inline `# authmap: disable=...` suppressions and the per-repository `.authmap.yaml`."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from compiler.cli import cli

CLUSTER_WITH_ACCOUNTS = """\
apiVersion: authmap/v1
kind: Cluster
metadata: {name: prod-use1}
spec:
  clusterID: prod-use1
  accountID: "111122223333"
  nodeRoles: [arn:aws:iam::111122223333:role/prod-use1-nodes]
  accounts: ["444455556666"]COMMENT
"""


def _lint(path: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, ["lint", str(path)])
    return result.exit_code, result.stdout.splitlines()


def test_a_reason_after_the_codes_does_not_cancel_the_suppression(tmp_path: Path) -> None:
    path = tmp_path / "cluster.yaml"
    path.write_text(CLUSTER_WITH_ACCOUNTS.replace("COMMENT", "  # authmap: disable=AM213 audit reads every account"))
    assert _lint(path) == (0, ["0 error(s), 0 warning(s), 0 info"])
