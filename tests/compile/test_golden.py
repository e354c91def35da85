"""The example org compiles to exactly the committed golden manifests, and they are valid Kubernetes.

Regenerate after an intended change with:  AUTHMAP_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/compile
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from compiler.compile import compile_path
from tests.conftest import EXAMPLE_POLICIES

GOLDEN = Path(__file__).parent / "golden" / "example-org"
KUBERNETES_VERSION = "1.37.0"


@pytest.fixture(scope="module")
def example_tree() -> dict[str, str]:
    compiled = compile_path(EXAMPLE_POLICIES)
    assert compiled.ok, compiled.lint.errors
    return compiled.tree


def test_example_org_matches_golden_files(example_tree: dict[str, str]) -> None:
    if os.environ.get("AUTHMAP_UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for relative, text in example_tree.items():
            (GOLDEN / relative).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / relative).write_text(text)
    on_disk = {p.relative_to(GOLDEN).as_posix(): p.read_text() for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(on_disk) == sorted(example_tree)
    for relative, text in example_tree.items():
        assert on_disk[relative] == text, f"{relative} differs from its golden file"


def test_every_emitted_object_is_valid_kubernetes(example_tree: dict[str, str]) -> None:
    validated = 0
    for relative, text in example_tree.items():
        if relative.endswith("kustomization.yaml"):
            continue
        obj = yaml.safe_load(text)
        kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
        validated += 1
    assert validated == len([r for r in example_tree if not r.endswith("kustomization.yaml")])


def test_every_object_is_labelled_and_names_its_sources(example_tree: dict[str, str]) -> None:
    for relative, text in example_tree.items():
        obj = yaml.safe_load(text)
        if obj["kind"] == "Kustomization":
            continue
        assert obj["metadata"]["labels"]["app.kubernetes.io/managed-by"] == "authmap", relative
        sources = obj["metadata"]["annotations"]["authmap.io/source"].split(",")
        assert sources and all((EXAMPLE_POLICIES / s).is_file() for s in sources), relative


def test_kustomization_lists_exactly_the_cluster_objects(example_tree: dict[str, str]) -> None:
    clusters = {r.split("/")[0] for r in example_tree}
    assert clusters == {"prod-use1", "staging-use1", "dev-kops"}
    for cluster in clusters:
        kustomization = yaml.safe_load(example_tree[f"{cluster}/kustomization.yaml"])
        expected = sorted(r.split("/", 1)[1] for r in example_tree
                          if r.startswith(cluster + "/") and not r.endswith("kustomization.yaml"))
        assert kustomization["resources"] == expected
