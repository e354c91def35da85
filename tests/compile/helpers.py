"""Small policy repositories written on the fly for compile tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

CLUSTER = """
apiVersion: authmap/v1
kind: Cluster
metadata: {name: prod, labels: {env: prod}}
spec:
  clusterID: prod
  accountID: "111122223333"
  outputs: [aws-auth]
  nodeRoles: [arn:aws:iam::111122223333:role/nodes]
"""


def write_repo(root: Path, files: dict[str, str]) -> Path:
    """Write `files` (relative path -> YAML) under root/policies and return that folder."""
    policies = root / "policies"
    for relative, text in files.items():
        path = policies / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip())
    return policies


def team(name: str, principals: str, access: str = "[{clusters: [prod], namespaces: [apps], role: view}]",
         extra: str = "") -> str:
    return f"""
apiVersion: authmap/v1
kind: Team
metadata: {{name: {name}}}
spec:
  {principals}
  access: {access}
  {extra}
"""
