"""The JSON Schemas of the policy kinds, read from the installed package (never the source tree)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

KINDS = ("Cluster", "Role", "Team", "TokenTest")
_COMMON = "common.json"
_COMMON_REF = _COMMON + "#/$defs/"


@cache
def raw_schema(name: str) -> dict[str, Any]:
    text = resources.files("compiler.schemas").joinpath(name).read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def kind_schema(kind: str) -> dict[str, Any]:
    return raw_schema(f"{kind}.json")


def bundled(kind: str) -> dict[str, Any]:
    """One self-contained schema for `kind` (shared definitions inlined) for editors to use."""
    schema: dict[str, Any] = _rewrite_refs(kind_schema(kind))
    schema["$defs"] = {**schema.get("$defs", {}), **_rewrite_refs(raw_schema(_COMMON)["$defs"])}
    return schema


def _rewrite_refs(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: (("#/$defs/" + v[len(_COMMON_REF):]) if k == "$ref" and v.startswith(_COMMON_REF)
                    else _rewrite_refs(v)) for k, v in node.items()}
    if isinstance(node, list):
        return [_rewrite_refs(v) for v in node]
    return node
