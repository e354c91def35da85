"""YAML text into plain values, refusing what a policy must not contain.

Text is composed with PyYAML's C composer (fast, and its nodes carry line/column marks) and turned
into plain Python values by a small constructor of our own, which is where the hostile cases are
refused: duplicate keys, tags beyond YAML's core schema, merge keys, recursive aliases, alias
expansion beyond a bound (the "billion laughs"), and nesting deep enough to overflow the C
composer's stack, which is measured first with the (non-recursive) event parser.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from compiler.composer import Composer
from compiler.errors import InputError

# Anchors may repeat a node, but the expanded document may not be much bigger than what was written.
ALIAS_EXPANSION_FACTOR = 4
ALIAS_EXPANSION_SLACK = 10_000
MAX_DEPTH = 100
FLOW_BRACKETS_WITHOUT_CHECK = 1_000
LINE_LENGTH_WITHOUT_CHECK = 1_000

_CORE = "tag:yaml.org,2002:"
_STR = _CORE + "str"
_SCALAR_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null")}
# Not in YAML 1.2's core schema: a timestamp written without quotes stays the string that was written.
_STRING_LIKE_TAGS = {_CORE + "timestamp"}
_CONSTRUCTOR = yaml.SafeLoader("")


def compose(text: str, name: str, lines: tuple[str, ...]) -> list[tuple[int, Node]]:
    """The root node of every non-empty document in `text`, with the document's position in the file."""
    try:
        refuse_deep_nesting(text, lines, name)
        roots = list(yaml.compose_all(text, Loader=Composer))
    except yaml.MarkedYAMLError as err:
        if "maximum nesting depth" in (err.problem or ""):
            # libyaml 0.2.6 and later stop at 1,000 levels while scanning ahead, before the
            # depth count above reaches its limit: the same refusal, where libyaml stopped.
            raise _too_deep(name, err.problem_mark) from None
        raise _syntax_error(err, name, lines) from None
    except yaml.reader.ReaderError as err:
        raise _reader_error(err, text, name) from None
    except yaml.YAMLError as err:
        raise InputError(f"not valid YAML: {err}", name, 1, code="AM001") from None
    except RecursionError:
        raise InputError(f"nesting is too deep (more than {MAX_DEPTH} levels)", name, code="AM008") from None
    return [(index, root) for index, root in enumerate(roots) if not _is_empty_document(root)]


def construct(root: Node, name: str, *, anchors: bool = True) -> Any:
    """The plain value of one composed document (dicts, lists, str, int, float, bool, None).

    `anchors=False` promises the text has no `&`: then no node can be shared and the alias
    bookkeeping (the expansion budget, recursion detection) is skipped, which halves the cost.
    """
    return (_AliasAwareConstructor(name) if anchors else _Constructor(name)).build(root)


def _is_empty_document(root: Node | None) -> bool:
    """A document with no content, as between two `---` or after a trailing one: not a policy, skipped."""
    return root is None or (isinstance(root, ScalarNode) and root.tag == _CORE + "null" and root.value == "")


def refuse_deep_nesting(text: str, lines: tuple[str, ...], name: str) -> None:
    """The C composer recurses per nesting level and can overflow the C stack on hostile input.

    Flow collections (`[[[[...`) nest one level per bracket; block collections need one more column
    of indentation per level or two (`- - - - x` nests a level every two characters). So a file with
    few brackets and short lines cannot nest deeply, and only otherwise must the (non-recursive)
    event parser measure the depth first.
    """
    few_brackets = text.count("[") + text.count("{") <= FLOW_BRACKETS_WITHOUT_CHECK
    if few_brackets and max(map(len, lines), default=0) <= LINE_LENGTH_WITHOUT_CHECK:
        return
    depth = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep(name, event.start_mark)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _too_deep(name: str, mark: Any) -> InputError:
    """`mark`: a pure-Python or a libyaml mark (both have line and column), or None."""
    return InputError(f"nesting is deeper than {MAX_DEPTH} levels", name, mark.line + 1 if mark else None,
                      mark.column + 1 if mark else None, "AM008")


def _reader_error(err: yaml.reader.ReaderError, text: str, name: str) -> InputError:
    """A character YAML does not allow (NUL, BEL, ...): located by its offset in the text."""
    before = text[: err.position]
    line = before.count("\n") + 1
    column = err.position - (before.rfind("\n") + 1) + 1
    return InputError(f"YAML does not allow the control character #x{err.character:04x} "
                      f"({err.reason}); remove it", name, line, column, "AM001")


def _syntax_error(err: yaml.MarkedYAMLError, name: str, lines: tuple[str, ...]) -> InputError:
    mark = err.problem_mark or err.context_mark
    problem = err.problem or "syntax error"
    context = ""
    if err.context:
        started = f" started at line {err.context_mark.line + 1}" if err.context_mark else ""
        context = f" ({err.context}{started})"
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    source = lines[line - 1] if line and line <= len(lines) else ""
    return InputError(f"YAML syntax error: {problem}{context}{_syntax_hint(source)}", name, line, column,
                      "AM001")


def _syntax_hint(source_line: str) -> str:
    if "\t" in source_line:
        return "; indent with spaces, not tabs"
    return "; check the indentation and quoting around this line"


class _Constructor:
    """Turns one composed document without anchors into plain values, refusing what a policy must not contain."""

    def __init__(self, name: str) -> None:
        self.name = name

    def build(self, root: Node) -> Any:
        return self.value(root, 0)

    def value(self, node: Node, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise self.error(node, f"nesting is deeper than {MAX_DEPTH} levels", "AM008")
        return self._construct(node, depth)

    def _construct(self, node: Node, depth: int) -> Any:
        if isinstance(node, ScalarNode):
            return node.value if node.tag == _STR else self.scalar(node)
        if isinstance(node, SequenceNode):
            self._check_tag(node, _CORE + "seq")
            return [self.value(item, depth + 1) for item in node.value]
        if isinstance(node, MappingNode):
            self._check_tag(node, _CORE + "map")
            return self.mapping(node, depth)
        raise self.error(node, f"unexpected YAML node {type(node).__name__}", "AM001")

    def scalar(self, node: ScalarNode) -> Any:
        if node.tag in _STRING_LIKE_TAGS:
            return node.value
        if node.tag == _CORE + "merge":
            raise self.error(node, "merge keys ('<<') are a YAML 1.1 extension that YAML 1.2 readers ignore; "
                                   "write the keys out", "AM003")
        if node.tag not in _SCALAR_TAGS:
            raise self._tag_error(node)
        return _CONSTRUCTOR.yaml_constructors[node.tag](_CONSTRUCTOR, node)

    def mapping(self, node: MappingNode, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_seen: dict[Any, Node] = {}
        for key_node, value_node in node.value:
            key = self.value(key_node, depth + 1)
            if isinstance(key, (dict, list)):
                raise self.error(key_node, "a mapping key must be a plain value, not a mapping or a list", "AM001")
            if key in first_seen:
                raise self.error(key_node, f"duplicate key {key!r} (first at line "
                                           f"{first_seen[key].start_mark.line + 1}); YAML readers disagree on "
                                           "which value wins, so remove one", "AM002")
            first_seen[key] = key_node
            result[key] = self.value(value_node, depth + 1)
        return result

    def _check_tag(self, node: Node, expected: str) -> None:
        if node.tag != expected:
            raise self._tag_error(node)

    def _tag_error(self, node: Node) -> InputError:
        written = "!!" + node.tag.removeprefix(_CORE) if node.tag.startswith(_CORE) else node.tag
        return self.error(node, f"tag {written!r} is not allowed: policy files use YAML's core schema only "
                                "(strings, numbers, booleans, null, lists, mappings); remove the tag", "AM003")

    def error(self, node: Node, message: str, code: str) -> InputError:
        mark = node.start_mark
        return InputError(message, self.name, mark.line + 1, mark.column + 1, code)


class _AliasAwareConstructor(_Constructor):
    """For documents with anchors: shared nodes are built once, expansion is bounded, cycles refused."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.values: dict[int, Any] = {}
        self.in_progress: set[int] = set()
        self.budget = 0

    def build(self, root: Node) -> Any:
        written = _count_written(root)
        self.budget = written * ALIAS_EXPANSION_FACTOR + ALIAS_EXPANSION_SLACK
        return self.value(root, 0)

    def value(self, node: Node, depth: int) -> Any:
        self._spend(node, 1)
        if depth > MAX_DEPTH:
            raise self.error(node, f"nesting is deeper than {MAX_DEPTH} levels", "AM008")
        key = id(node)
        if key in self.values:
            self._spend(node, _count_expanded(node))
            return self.values[key]
        if key in self.in_progress:
            raise self.error(node, "an alias refers to the node that contains it (a recursive structure)", "AM004")
        self.in_progress.add(key)
        result = self._construct(node, depth)
        self.in_progress.discard(key)
        self.values[key] = result
        return result

    def _spend(self, node: Node, nodes: int) -> None:
        self.budget -= nodes
        if self.budget < 0:
            raise self.error(node, "aliases expand this document far beyond what is written (an alias bomb?); "
                                   "write the repeated parts out or use fewer nested anchors", "AM004")


def _count_written(root: Node) -> int:
    """How many distinct nodes the author wrote (aliases counted once)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.extend(_children(node))
    return len(seen)


def _count_expanded(node: Node) -> int:
    """How many nodes an alias to `node` adds once expanded, memoized so counting stays linear."""
    sizes: dict[int, int] = {}
    for current in _post_order(node):
        sizes[id(current)] = 1 + sum(sizes.get(id(c), 1) for c in _children(current))
    return sizes[id(node)]


def _post_order(node: Node) -> Iterator[Node]:
    seen: set[int] = set()
    stack: list[tuple[Node, bool]] = [(node, False)]
    while stack:
        current, expanded = stack.pop()
        if expanded:
            yield current
            continue
        if id(current) in seen:
            continue
        seen.add(id(current))
        stack.append((current, True))
        stack.extend((child, False) for child in _children(current))


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    return []
