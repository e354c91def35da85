"""The flags the aws-iam-authenticator server runs with, read from its workload in the manifests.

`--backend-mode`, `--feature-gates`, `--partition` and `--cluster-id` (`-i`) are often given on
the command line of the authenticator's DaemonSet (kops renders `backendMode` that way) rather
than in `config.yaml`; viper lets such a flag win over the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

_AUTHENTICATOR = "aws-iam-authenticator"
_WORKLOAD_KINDS = ("DaemonSet", "Deployment", "Pod", "StatefulSet")
_FLAG_KEYS = {"--backend-mode": "backendMode", "--feature-gates": "featureGates", "--partition": "partition",
              "--cluster-id": "clusterID", "-i": "clusterID"}


def authenticator_flags(objects: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """The server flags of the aws-iam-authenticator container found among `objects`, by viper key."""
    for obj in objects:
        for container in _containers(obj):
            words = [str(word) for word in [*_list(container.get("command")), *_list(container.get("args"))]]
            if "server" in words and _AUTHENTICATOR in " ".join([str(container.get("image")), *words]):
                return _parse_flags(words)
    return {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _containers(obj: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    if obj.get("kind") not in _WORKLOAD_KINDS:
        return []
    spec = _mapping(obj.get("spec"))
    pod_spec = spec if obj.get("kind") == "Pod" else _mapping(_mapping(spec.get("template")).get("spec"))
    return [container for container in _list(pod_spec.get("containers")) if isinstance(container, Mapping)]


def _parse_flags(words: list[str]) -> dict[str, str]:
    flags: dict[str, str] = {}
    for index, word in enumerate(words):
        name, equals, value = word.partition("=")
        if name not in _FLAG_KEYS:
            continue
        following = words[index + 1] if index + 1 < len(words) else ""
        flags[_FLAG_KEYS[name]] = value if equals else following
    return flags
