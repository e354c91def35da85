"""Regenerate authmap's copy of Kubernetes' bootstrap RBAC policy.

    python -m compiler.verifier.bootstrap_gen REFERENCE_DIR -o compiler/data/k8s-bootstrap-rbac.json

REFERENCE_DIR holds `k8s-bootstrap-cluster-roles.yaml` and
`k8s-bootstrap-cluster-role-bindings.yaml`, the bootstrap ClusterRoles and ClusterRoleBindings
of a Kubernetes release; their header comments say which release and are kept in the output's
`provenance`, with each file's SHA-256. Each object keeps only what authorization depends on
(kind, name, labels, rules, aggregationRule, roleRef, subjects); objects are sorted by name and
keys are sorted, so the same input always gives the same bytes. The objects are read back
through the verifier's own reader before anything is written, so data the verifier would refuse
never ships.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import yaml

from compiler.verifier.rbac_objects import read_rbac_objects

ROLES_FILE = "k8s-bootstrap-cluster-roles.yaml"
BINDINGS_FILE = "k8s-bootstrap-cluster-role-bindings.yaml"
KEPT_FIELDS = ("apiVersion", "kind", "rules", "aggregationRule", "roleRef", "subjects")
SOURCE_PATTERN = re.compile(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}")


def header_comment(text: str) -> list[str]:
    """The comment lines at the top of a YAML file, without their `#`."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line[1:].strip())
    return lines


def _objects(text: str, kind: str) -> Iterator[dict[str, Any]]:
    for document in yaml.safe_load_all(text):
        items = document.get("items", [document]) if isinstance(document, dict) else []
        yield from (item for item in items if isinstance(item, dict) and item.get("kind") == kind)


def _trimmed(obj: dict[str, Any]) -> dict[str, Any]:
    metadata = obj.get("metadata") or {}
    kept = {key: obj[key] for key in KEPT_FIELDS if obj.get(key) is not None}
    kept["metadata"] = {"name": metadata["name"]}
    if metadata.get("labels"):
        kept["metadata"]["labels"] = metadata["labels"]
    return kept


def bootstrap_data(reference_dir: Path) -> dict[str, Any]:
    """The data file's content for the reference files in `reference_dir`."""
    texts = {name: (reference_dir / name).read_text(encoding="utf-8") for name in (ROLES_FILE, BINDINGS_FILE)}
    roles = sorted((_trimmed(o) for o in _objects(texts[ROLES_FILE], "ClusterRole")),
                   key=lambda o: str(o["metadata"]["name"]))
    bindings = sorted((_trimmed(o) for o in _objects(texts[BINDINGS_FILE], "ClusterRoleBinding")),
                      key=lambda o: str(o["metadata"]["name"]))
    files = {name: {"header": header_comment(text), "sha256": hashlib.sha256(text.encode()).hexdigest()}
             for name, text in sorted(texts.items())}
    headers = "\n".join(line for text in texts.values() for line in header_comment(text))
    sources = sorted(set(SOURCE_PATTERN.findall(headers)))
    provenance = {"generatedBy": f"python -m {__name__}", "files": files, "sources": sources}
    return {"provenance": provenance, "clusterRoles": roles, "clusterRoleBindings": bindings}


def render(data: dict[str, Any]) -> str:
    """Deterministic JSON: sorted keys, one value per line, trailing newline."""
    return json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def _check_readable(data: dict[str, Any]) -> list[str]:
    parsed = read_rbac_objects([*data["clusterRoles"], *data["clusterRoleBindings"]])
    problems = list(parsed.warnings)
    read_back = len(parsed.roles) + len(parsed.bindings)
    if read_back != len(data["clusterRoles"]) + len(data["clusterRoleBindings"]):
        problems.append("some objects were not read back")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m compiler.verifier.bootstrap_gen", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("reference_dir", type=Path,
                        help=f"directory holding {ROLES_FILE} and {BINDINGS_FILE}")
    parser.add_argument("-o", "--output", type=Path, required=True, help="JSON file to write")
    args = parser.parse_args(argv)
    try:
        data = bootstrap_data(args.reference_dir)
    except (OSError, yaml.YAMLError, KeyError) as err:
        print(f"bootstrap_gen: cannot read {args.reference_dir}: {err}", file=sys.stderr)
        return 2
    problems = _check_readable(data)
    if problems:
        print("bootstrap_gen: the reference data does not read back cleanly:", *problems,
              sep="\n", file=sys.stderr)
        return 1
    args.output.write_text(render(data), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
