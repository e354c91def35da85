"""compiler.composer gives exactly the node trees of PyYAML's stock C loader, with fewer Python calls."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from compiler.composer import Composer

ROOT = Path(__file__).resolve().parent.parent
SCALARS = ["arn:aws:iam::111122223333:role/x", "yes", "No", "~", "null", "", "0o17", "017", "1e3", "1_000", ".inf",
           "2001-12-14", "12:30", "=", "<<", "true", "-1", "+.5", "x: y", "'quoted'", '"dq"', "!!str 5", "!custom x",
           "@x", "{{SessionName}}", "a #comment", "|\n  block", ">\n  folded", "[1, a, null]", "{k: v, 5: 6}"]


def shape(node: Node | None, seen: dict[int, int] | None = None) -> Any:
    """Everything a node says: its type, tag, value or children, style and marks; a node met again
    (an alias) is written as a reference to its first visit, so alias bombs stay small."""
    seen = {} if seen is None else seen
    if node is None:
        return None
    if id(node) in seen:
        return ("seen", seen[id(node)])
    seen[id(node)] = len(seen)
    marks = (node.start_mark.line, node.start_mark.column, node.end_mark.line, node.end_mark.column)
    if isinstance(node, ScalarNode):
        return ("scalar", node.tag, node.value, node.style, marks)
    if isinstance(node, SequenceNode):
        return ("seq", node.tag, node.flow_style, marks, [shape(n, seen) for n in node.value])
    assert isinstance(node, MappingNode)
    return ("map", node.tag, node.flow_style, marks, [(shape(k, seen), shape(v, seen)) for k, v in node.value])


def both(text: str) -> tuple[Any, Any]:
    stock = [shape(n) for n in yaml.compose_all(text, Loader=yaml.CSafeLoader)]
    fast = [shape(n) for n in yaml.compose_all(text, Loader=Composer)]
    return stock, fast


def test_the_shortcuts_hold_for_this_pyyaml() -> None:
    assert None not in Composer.yaml_implicit_resolvers
    assert not Composer.yaml_path_resolvers


def nesting(text: str) -> int:
    """The deepest nesting, from the (non-recursive) event parser: the composers recurse per level."""
    depth = deepest = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        depth += isinstance(event, yaml.CollectionStartEvent) - isinstance(event, yaml.CollectionEndEvent)
        deepest = max(deepest, depth)
    return deepest


def test_every_policy_and_hostile_file_composes_the_same() -> None:
    files = [*sorted((ROOT / "policies").rglob("*.yaml")), *sorted((ROOT / "tests/hostile/corpus").glob("*.yaml"))]
    assert len(files) > 80
    compared = 0
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
            if nesting(text) > 100:
                continue
            stock, fast = both(text)
        except (UnicodeDecodeError, yaml.YAMLError):
            continue
        assert stock == fast, path
        compared += 1
    assert compared > 60


@given(st.lists(st.one_of(st.sampled_from(SCALARS), st.text(min_size=0, max_size=12)), min_size=1, max_size=6))
@settings(max_examples=300, deadline=None)
def test_any_scalars_compose_the_same_in_every_position(values: list[str]) -> None:
    for text in ("\n".join(f"- {v}" for v in values), "\n".join(f"k{i}: {v}" for i, v in enumerate(values)),
                 f"[{', '.join(values)}]", "\n---\n".join(values)):
        try:
            stock, fast = both(text)
        except yaml.YAMLError:
            continue
        assert stock == fast, text
