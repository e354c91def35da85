"""Pass 1, load: policy files into documents that remember where every value came from.

Only `*.yaml`/`*.yml` files inside the policy directory are read, UTF-8 only and at most 16 MiB
each; `compiler.yamlguard` turns their text into values. The composed node tree is kept so a later
pass can turn a path inside a document into file:line:col only when it reports something.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from compiler.errors import InputError, InputErrors
from compiler.yamlguard import compose, construct

MAX_FILE_BYTES = 16 * 1024 * 1024
POLICY_SUFFIXES = (".yaml", ".yml")

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Document:
    """One YAML document of one policy file: its value and the node tree that locates values."""

    file: str
    index: int
    data: Any
    root: Node = field(repr=False, compare=False)
    text_lines: tuple[str, ...] = field(default=(), repr=False, compare=False)

    def locate(self, path: Path_) -> tuple[int, int]:
        """1-based (line, column) of the value at `path`, or of its nearest existing ancestor."""
        node, _ = self._walk(path)
        return node.start_mark.line + 1, node.start_mark.column + 1

    def locate_key(self, path: Path_) -> tuple[int, int]:
        """Like `locate`, but for a mapping entry point at its key, where an editor's eye goes."""
        if not path:
            return self.locate(path)
        parent = self.locate_node(path[:-1])
        if isinstance(parent, MappingNode):
            for key, _ in parent.value:
                if isinstance(key, ScalarNode) and key.value == path[-1]:
                    return key.start_mark.line + 1, key.start_mark.column + 1
        return self.locate(path)

    def locate_node(self, path: Path_) -> Node:
        """The node at `path`, or its nearest existing ancestor."""
        return self._walk(path)[0]

    def value_tag(self, path: Path_) -> str | None:
        """The resolved YAML tag of the node exactly at `path` (None when the path is missing)."""
        node, complete = self._walk(path)
        return node.tag if complete else None

    def _walk(self, path: Path_) -> tuple[Node, bool]:
        node = self.root
        for step in path:
            child = _child(node, step)
            if child is None:
                return node, False
            node = child
        return node, True


def _child(node: Node, step: str | int) -> Node | None:
    if isinstance(node, MappingNode) and isinstance(step, str):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value == step:
                found: Node = value
                return found
    if isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
        item: Node = node.value[step]
        return item
    return None


def discover(root: Path) -> list[Path]:
    """Policy files under `root` in a stable order; dotfiles and dot-directories are not policy."""
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise InputError("no such policy directory or file (expected a folder of *.yaml)", str(root), code="AM007")
    found: list[Path] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        _refuse_linked_folders(Path(folder), dirs)
        found.extend(Path(folder) / f for f in sorted(files)
                     if f.endswith(POLICY_SUFFIXES) and not f.startswith("."))
    return found


def _refuse_linked_folders(folder: Path, names: list[str]) -> None:
    """A symlinked folder is never followed, and silently skipping its policies would hide them."""
    for name in names:
        if (folder / name).is_symlink():
            raise InputError(f"{name} is a symlinked folder, which authmap does not follow; copy its policies into "
                             "the repository", str(folder / name), 1, code="AM007")


def load_paths(root: Path) -> list[Document]:
    """Load every policy file under `root`; every unreadable file is reported, then the run stops."""
    documents: list[Document] = []
    errors: list[InputError] = []
    real_root = root.resolve()
    for path in discover(root):
        try:
            _refuse_escaping_symlink(path, real_root, root.is_dir())
            documents.extend(load_file(path))
        except InputError as err:
            errors.append(err)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise InputErrors(errors)
    return documents


def _refuse_escaping_symlink(path: Path, real_root: Path, root_is_dir: bool) -> None:
    if not root_is_dir or not path.is_symlink():
        return
    target = path.resolve()
    if real_root != target and real_root not in target.parents:
        raise InputError(f"symlink points outside the policy directory (to {target}); "
                         "copy the file into the policy repository instead", str(path), 1, code="AM007")


def load_file(path: Path) -> list[Document]:
    text = read_text(path)
    return load_text(text, str(path))


def read_text(path: Path) -> str:
    """The file's text: UTF-8 only (a UTF-8 BOM is tolerated), at most MAX_FILE_BYTES."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"file is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit for a policy "
                             "file; split it into several files", name, 1, code="AM005")
        raw = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror or err}", name, 1, code="AM007") from None
    return decode_utf8(raw, name)


def decode_utf8(raw: bytes, name: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8", name, 1,
                         code="AM006")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise InputError(f"file is not valid UTF-8 (byte 0x{raw[err.start]:02x} at offset {err.start}); "
                         "save it as UTF-8", name, line, code="AM006") from None
    return text.removeprefix("\ufeff")


def load_text(text: str, name: str) -> list[Document]:
    """Compose and construct every document of one file's text."""
    lines = tuple(text.splitlines())
    anchors = "&" in text
    return [Document(name, index, construct(root, name, anchors=anchors), root, lines)
            for index, root in compose(text, name, lines)]
