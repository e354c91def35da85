"""Read a directory of Kubernetes manifests (authmap's output, or a dump of a live cluster).

Every `*.yaml`/`*.yml` below the directory is read (kustomization files excepted), documents
may be many per file, `kind: List` (and `...List`) objects are flattened, empty documents are
skipped. A directory holding several clusters (sub-folders with a kustomization) needs
`--cluster NAME`. Anything unreadable raises `InputError` naming the file and line.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from compiler.errors import InputError
from compiler.yamlguard import refuse_deep_nesting

CLUSTER_ID_ANNOTATION = "authmap.io/cluster-id"
KUSTOMIZATION_FILES = ("kustomization.yaml", "kustomization.yml", "Kustomization")
IAM_IDENTITY_MAPPING_GROUP = "iamauthenticator.k8s.aws"


class _ManifestLoader(yaml.CSafeLoader):
    """The C loader, refusing duplicate keys and keeping dates as text (as Kubernetes reads them)."""

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: dict[Any, Any] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value in seen:
                first = seen[key_node.value].line + 1
                raise yaml.constructor.ConstructorError(None, None, f"key {key_node.value!r} is repeated "
                                                        f"(first at line {first}); keep one",
                                                        key_node.start_mark)
            seen[getattr(key_node, "value", None)] = key_node.start_mark
        return super().construct_mapping(node, deep=deep)


_ManifestLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class ManifestObject:
    """One Kubernetes object and where it was written."""

    body: Mapping[str, Any]
    file: str
    line: int

    @property
    def kind(self) -> str:
        return str(self.body.get("kind", ""))

    @property
    def name(self) -> str:
        return str(_mapping(self.body.get("metadata")).get("name", ""))

    @property
    def namespace(self) -> str:
        return str(_mapping(self.body.get("metadata")).get("namespace", ""))

    @property
    def annotations(self) -> Mapping[str, Any]:
        return _mapping(_mapping(self.body.get("metadata")).get("annotations"))

    @property
    def source(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class ManifestSet:
    """The objects of one cluster's manifests, with the lookups the verifier needs."""

    root: Path
    objects: tuple[ManifestObject, ...]

    def find(self, kind: str, name: str, namespace: str = "") -> ManifestObject | None:
        """The object of that kind, name and namespace; of several, the last (as a later apply wins)."""
        found = [o for o in self.objects if (o.kind, o.name, o.namespace) == (kind, name, namespace)]
        return found[-1] if found else None

    @property
    def aws_auth(self) -> ManifestObject | None:
        return self.find("ConfigMap", "aws-auth", "kube-system")

    @property
    def authenticator_configmap(self) -> ManifestObject | None:
        return self.find("ConfigMap", "aws-iam-authenticator", "kube-system")

    @property
    def authenticator_config_text(self) -> str | None:
        """The `config.yaml` the self-managed authenticator is started with, if the manifests carry it."""
        configmap = self.authenticator_configmap
        text = _mapping(configmap.body.get("data")).get("config.yaml") if configmap else None
        return text if isinstance(text, str) else None

    @property
    def iam_identity_mappings(self) -> tuple[ManifestObject, ...]:
        return tuple(o for o in self.objects if o.kind == "IAMIdentityMapping"
                     and str(o.body.get("apiVersion", "")).startswith(IAM_IDENTITY_MAPPING_GROUP + "/"))

    @property
    def annotated_cluster_id(self) -> str | None:
        """The cluster ID authmap wrote on the ConfigMaps it emits (`authmap.io/cluster-id`)."""
        for configmap in (self.authenticator_configmap, self.aws_auth):
            value = configmap.annotations.get(CLUSTER_ID_ANNOTATION) if configmap else None
            if isinstance(value, str) and value:
                return value
        return None

    @property
    def raw_objects(self) -> tuple[Mapping[str, Any], ...]:
        return tuple(o.body for o in self.objects)


def load_manifests(directory: Path, cluster: str | None = None) -> ManifestSet:
    """Read the manifests of one cluster below `directory` (see the module docstring)."""
    root = select_cluster_directory(directory, cluster)
    objects: list[ManifestObject] = []
    for path in sorted(root.rglob("*")):
        if path.suffix in (".yaml", ".yml") and path.is_file() and path.name not in KUSTOMIZATION_FILES:
            objects.extend(read_manifest_file(path))
    return ManifestSet(root, tuple(objects))


def select_cluster_directory(directory: Path, cluster: str | None) -> Path:
    if not directory.is_dir():
        raise InputError("the manifests directory does not exist or is not a directory", str(directory))
    clusters = sorted(d.name for d in directory.iterdir()
                      if d.is_dir() and any((d / name).is_file() for name in KUSTOMIZATION_FILES))
    if cluster is not None:
        if not (directory / cluster).is_dir():
            raise InputError(f"there is no cluster folder {cluster!r} here; cluster folders: "
                             f"{', '.join(clusters) or 'none'}", str(directory))
        return directory / cluster
    if len(clusters) > 1:
        raise InputError(f"this holds manifests of several clusters ({', '.join(clusters)}); "
                         "choose one with --cluster NAME", str(directory))
    return directory / clusters[0] if clusters else directory


def read_manifest_file(path: Path) -> list[ManifestObject]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read this file: {err}", str(path)) from err
    loader = _ManifestLoader(text)
    try:
        refuse_deep_nesting(text, tuple(text.splitlines()), str(path))
        return [obj for node in _document_nodes(loader) for obj in _objects(loader, node, str(path))]
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        fix = "" if isinstance(err, yaml.constructor.ConstructorError) else "; fix the YAML syntax"
        raise InputError(f"not valid YAML: {err.problem or err.context}{fix}",
                         str(path), mark.line + 1 if mark else None) from err
    except yaml.YAMLError as err:
        raise InputError(f"not valid YAML: {err}", str(path)) from err
    finally:
        loader.dispose()


def _document_nodes(loader: _ManifestLoader) -> Iterator[yaml.Node]:
    while loader.check_node():
        node = loader.get_node()
        if node is not None and not (isinstance(node, yaml.ScalarNode) and node.value == ""):
            yield node


def _objects(loader: _ManifestLoader, node: yaml.Node, file: str) -> list[ManifestObject]:
    body = loader.construct_document(node)
    line = node.start_mark.line + 1
    if body is None:
        return []
    if not isinstance(body, dict) or not isinstance(body.get("kind"), str):
        raise InputError("expected a Kubernetes object (a mapping with a kind)", file, line)
    items = body.get("items")
    if body["kind"].endswith("List") and isinstance(items, list):
        lines = _item_lines(node, len(items), line)
        return [_listed_object(item, file, item_line) for item, item_line in zip(items, lines, strict=True)]
    return [ManifestObject(body, file, line)]


def _item_lines(node: yaml.Node, count: int, default: int) -> list[int]:
    for key_node, value_node in node.value if isinstance(node, yaml.MappingNode) else []:
        if getattr(key_node, "value", None) == "items" and isinstance(value_node, yaml.SequenceNode):
            return [child.start_mark.line + 1 for child in value_node.value]
    return [default] * count


def _listed_object(item: Any, file: str, line: int) -> ManifestObject:
    if not isinstance(item, dict) or not isinstance(item.get("kind"), str):
        raise InputError("expected a Kubernetes object (a mapping with a kind) among the list's items",
                         file, line)
    return ManifestObject(item, file, line)


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}
