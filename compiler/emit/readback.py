"""Reading emitted YAML back as the authenticator (YAML 1.1) and newer tools (YAML 1.2) would.

Both readers parse with libyaml (PyYAML's C loader; ruamel.yaml through ruamel.yaml.clib) and
differ only in how a *plain* scalar resolves: PyYAML by YAML 1.1 rules (`yes`, `on` are
booleans, `0777` octal), ruamel.yaml by the YAML 1.2 core schema (`0o17`, `1e3` are numbers).
So for text whose intended values are strings, lists and mappings (every embedded string authmap
writes), the text is composed once and each plain scalar is resolved by *both* readers'
resolvers: the result is what each reader would construct, at half the cost of two full loads.
Anything else is loaded in full by both readers.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from compiler.composer import Composer
from compiler.emit.yamltext import EmitError

_STR = "tag:yaml.org,2002:str"


@cache
def _yaml12() -> Any:
    from ruamel.yaml import YAML  # imported on first use: only compile needs the second reader

    return YAML(typ="safe")


@cache
def _yaml12_resolver() -> Any:
    from ruamel.yaml.nodes import ScalarNode as RuamelScalar
    from ruamel.yaml.resolver import VersionedResolver

    resolver = VersionedResolver(version=(1, 2))
    # ruamel.yaml files its implicit resolvers by first character; a plain scalar whose first
    # character has none (most ARNs and usernames) is a string without asking.
    table = resolver.versioned_resolver
    first_characters = {key for key in table if key is not None}
    anything = bool(table.get(None))

    def resolve(value: str) -> str:
        if value and value[0] not in first_characters and not anything:
            return _STR
        return str(resolver.resolve(RuamelScalar, value, (True, False)))

    return resolve


class _NotOnlyStrings(Exception):
    """The intended value holds numbers, booleans or nulls: compare full loads instead."""


def read_back(text: str, intended: Any, what: str) -> None:
    """Both readers must read exactly `intended` from `text`, or an EmitError says where they differ."""
    root = yaml.compose(text, Loader=Composer)
    try:
        if _matches(root, intended):
            return
    except _NotOnlyStrings:
        _full_read_back(text, intended, what)
        return
    raise EmitError(f"{what}: {_difference(root, intended, '')}")


def _matches(node: Node | None, intended: Any) -> bool:
    """The quick check (no messages): true when both readers read exactly `intended`."""
    if isinstance(intended, str):
        return isinstance(node, ScalarNode) and node.value == intended and node.tag == _STR and \
            (bool(node.style) or _yaml12_resolver()(intended) == _STR)
    if isinstance(intended, dict):
        if not isinstance(node, MappingNode) or len(node.value) != len(intended):
            return False
        return all(isinstance(k, ScalarNode) and k.value in intended and _matches(k, k.value)
                   and _matches(v, intended[k.value]) for k, v in node.value)
    if isinstance(intended, list):
        return isinstance(node, SequenceNode) and len(node.value) == len(intended) and \
            all(_matches(n, i) for n, i in zip(node.value, intended, strict=True))
    raise _NotOnlyStrings


def _difference(node: Node | None, intended: Any, path: str) -> str | None:
    """Where the readers and `intended` part, for the message (run only when the quick check failed)."""
    if isinstance(intended, dict):
        return _mapping_difference(node, intended, path)
    if isinstance(intended, list):
        if not isinstance(node, SequenceNode) or len(node.value) != len(intended):
            return _mismatch(path, intended, node)
        for index, (item, wanted) in enumerate(zip(node.value, intended, strict=True)):
            found = _difference(item, wanted, f"{path}[{index}]")
            if found:
                return found
        return None
    return _scalar_difference(node, intended, path)


def _mapping_difference(node: Node | None, intended: dict[str, Any], path: str) -> str | None:
    if not isinstance(node, MappingNode) or len(node.value) != len(intended):
        return _mismatch(path, intended, node)
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, ScalarNode) else None
        if key not in intended:
            return _mismatch(path, intended, node)
        found = _scalar_difference(key_node, key, f"{path}.{key}") or \
            _difference(value_node, intended[key], f"{path}.{key}")
        if found:
            return found
    return None


def _scalar_difference(node: Node | None, intended: str, path: str) -> str | None:
    if not isinstance(node, ScalarNode) or node.value != intended or node.tag != _STR:
        return _mismatch(path, intended, node, "a YAML 1.1 reader (as the authenticator uses)")
    if not node.style and _yaml12_resolver()(node.value) != _STR:  # plain: the C loader gives style ""
        return f"a YAML 1.2 reader reads {node.value!r} at {path or 'top'} as {_yaml12_resolver()(node.value)}"
    return None


def _mismatch(path: str, intended: Any, node: Node | None, reader: str = "the readers") -> str:
    found = node.value if isinstance(node, ScalarNode) else type(node).__name__
    return f"{reader} read {found!r} at {path or 'top'} where {intended!r} was meant"


def _full_read_back(text: str, intended: Any, what: str) -> None:
    if yaml.load(text, Loader=yaml.CSafeLoader) != intended:
        raise EmitError(f"{what}: a YAML 1.1 reader (as the authenticator uses) reads the emitted text differently")
    if _yaml12().load(text) != intended:
        raise EmitError(f"{what}: a YAML 1.2 reader reads the emitted text differently")
