"""Reading a manifests directory: cluster folders, documents, lists, and clear errors for bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.errors import InputError
from compiler.verifier.manifests import load_manifests

CONFIGMAP = "apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: {name}, namespace: kube-system}}\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_documents_lists_and_empty_documents(tmp_path: Path) -> None:
    write(tmp_path / "b.yaml", CONFIGMAP.format(name="two") + "---\n---\n# only a comment\n---\n"
          + "apiVersion: v1\nkind: List\nitems:\n- " + CONFIGMAP.format(name="three").replace("\n", "\n  "))
    write(tmp_path / "a" / "one.yml", CONFIGMAP.format(name="one"))
    write(tmp_path / "kustomization.yaml", "resources: [b.yaml]\n")
    write(tmp_path / "notes.txt", "not yaml: [")
    manifests = load_manifests(tmp_path)
    assert [(o.name, Path(o.file).name, o.line) for o in manifests.objects] == [
        ("one", "one.yml", 1), ("two", "b.yaml", 1), ("three", "b.yaml", 11)]


def test_one_cluster_folder_is_used_and_several_need_a_choice(tmp_path: Path) -> None:
    for cluster in ("prod", "staging"):
        write(tmp_path / cluster / "kustomization.yaml", "resources: []\n")
        write(tmp_path / cluster / "aws-auth.yaml", CONFIGMAP.format(name=f"aws-auth-{cluster}"))
    with pytest.raises(InputError) as raised:
        load_manifests(tmp_path)
    assert "prod, staging" in str(raised.value) and "--cluster" in str(raised.value)
    assert [o.name for o in load_manifests(tmp_path, "staging").objects] == ["aws-auth-staging"]
    (tmp_path / "staging" / "kustomization.yaml").unlink()
    assert [o.name for o in load_manifests(tmp_path).objects] == ["aws-auth-prod"]


def test_an_unknown_cluster_or_directory_is_an_input_error(tmp_path: Path) -> None:
    write(tmp_path / "prod" / "kustomization.yaml", "resources: []\n")
    with pytest.raises(InputError) as raised:
        load_manifests(tmp_path, "dev")
    assert "'dev'" in str(raised.value) and "prod" in str(raised.value)
    with pytest.raises(InputError):
        load_manifests(tmp_path / "missing")


@pytest.mark.parametrize(("text", "line", "message"), [
    ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a\ndata: {}\n", 4, "not valid YAML"),
    ("apiVersion: v1\nkind: ConfigMap\nkind: Secret\n", 3, "'kind' is repeated"),
    ("- just\n- a list\n", 1, "expected a Kubernetes object"),
    ("apiVersion: v1\nmetadata: {name: a}\n", 1, "expected a Kubernetes object"),
    ("apiVersion: v1\nkind: List\nitems:\n- 42\n", 4, "among the list's items"),
    # The C composer recurses per level: deep nesting is refused before it runs, as for policies.
    ("kind: ConfigMap\ndata: " + "[" * 600 + "]" * 600 + "\n", 2, "nesting is deeper than 100 levels"),
])
def test_malformed_files_name_file_and_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    write(tmp_path / "bad.yaml", text)
    with pytest.raises(InputError) as raised:
        load_manifests(tmp_path)
    assert (Path(str(raised.value.file)).name, raised.value.line) == ("bad.yaml", line)
    assert message in raised.value.message


def test_a_file_that_is_not_utf8_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "latin1.yaml").write_bytes("kind: ConfigMap\nmetadata: {name: caf\xe9}\n".encode("latin-1"))
    with pytest.raises(InputError) as raised:
        load_manifests(tmp_path)
    assert "cannot read" in raised.value.message


def test_lookups_the_verifier_needs(tmp_path: Path) -> None:
    annotated = ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-iam-authenticator\n"
                 "  namespace: kube-system\n  annotations: {authmap.io/cluster-id: prod.example.com}\n"
                 "data:\n  config.yaml: |\n    clusterID: other\n")
    mappings = ("apiVersion: iamauthenticator.k8s.aws/v1alpha1\nkind: IAMIdentityMapping\n"
                "metadata: {name: m}\nspec: {arn: 'arn:aws:iam::111122223333:user/a', username: a}\n---\n"
                "apiVersion: example.com/v1\nkind: IAMIdentityMapping\nmetadata: {name: impostor}\n")
    write(tmp_path / "cm.yaml", annotated + "---\n" + mappings)
    manifests = load_manifests(tmp_path)
    assert manifests.annotated_cluster_id == "prod.example.com"
    assert manifests.authenticator_config_text == "clusterID: other\n"
    assert manifests.aws_auth is None
    assert [o.name for o in manifests.iam_identity_mappings] == ["m"]
    names = [o["metadata"]["name"] for o in manifests.raw_objects]
    assert names == ["aws-iam-authenticator", "m", "impostor"]


def test_dates_stay_text_as_kubernetes_reads_them(tmp_path: Path) -> None:
    write(tmp_path / "cm.yaml", CONFIGMAP.format(name="a") + "data: {since: 2024-01-01}\n")
    assert load_manifests(tmp_path).objects[0].body["data"] == {"since": "2024-01-01"}
