"""A cluster whose aws-auth would pass etcd's 1 MiB limit is refused, naming the biggest contributors."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from compiler.cli import cli
from tests.compile.helpers import CLUSTER, team, write_repo


def users(prefix: str, count: int) -> str:
    entries = "".join(f"\n    - arn: arn:aws:iam::111122223333:user/engineering/{prefix}-{i:05d}-with-a-long-name"
                      for i in range(count))
    return "members:" + entries


def test_an_aws_auth_over_one_mebibyte_fails_compile_naming_size_limit_and_contributors(tmp_path: Path) -> None:
    policies = write_repo(tmp_path, {
        "clusters/prod.yaml": CLUSTER,
        "teams/big.yaml": team("big", users("big", 3000)),
        "teams/bigger.yaml": team("bigger", users("bigger", 4000)),
        "teams/small.yaml": team("small", users("small", 10)),
    })
    out = tmp_path / "manifests"
    result = CliRunner().invoke(cli, ["compile", str(policies), "-o", str(out)])
    assert result.exit_code == 1
    assert "AM401" in result.output
    assert "prod/aws-auth.yaml would hold 1," in result.output
    assert "over the 1,048,576-byte limit" in result.output
    assert result.output.index("teams/bigger.yaml (") < result.output.index("teams/big.yaml (")
    assert "CRD backend or EKS access entries" in result.output
    assert not out.exists()


def test_compile_reports_each_configmap_size(tmp_path: Path) -> None:
    policies = write_repo(tmp_path, {"clusters/prod.yaml": CLUSTER, "teams/small.yaml": team("small", users("s", 3))})
    result = CliRunner().invoke(cli, ["compile", str(policies), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert "prod/aws-auth.yaml: " in result.output and "bytes of data" in result.output
