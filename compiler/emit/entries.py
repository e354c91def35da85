"""The text of mapping entries, each distinct entry dumped and read back once per compile.

An organisation maps the same principal, with the same username and groups, on many clusters; its
`- rolearn: ...` entry is the same text everywhere. Each distinct entry is emitted once and read
back by both readers (YAML 1.1 and 1.2) together with the others first seen on the same cluster, in
one batch; an embedded `mapRoles`/`mapUsers` string is then the concatenation of verified entries.

Concatenation is sound because each entry is a complete block-sequence item at column 0 ending in a
newline: no emitted entry has a line starting at column 0 other than its own `- ` (block scalars and
multi-line quoted scalars are indented below their key), so items cannot run into one another.
`tests/compile/test_readback.py` reads whole concatenations back to keep this honest.
"""

from __future__ import annotations

from collections.abc import Sequence

from compiler.emit.objects import entry
from compiler.emit.readback import read_back
from compiler.emit.yamltext import dump
from compiler.plan import Mapping

EntryKey = tuple[str, str, str, tuple[str, ...]]


class EntryTexts:
    """Verified entry texts, keyed by what the entry says."""

    def __init__(self) -> None:
        self._texts: dict[EntryKey, str] = {}

    def join(self, arn_key: str, mappings: Sequence[Mapping], what: str) -> str:
        """The embedded list of `mappings`, each written as {ARN_KEY: arn, username, groups}."""
        keys = [(arn_key, m.arn, m.username, m.groups) for m in mappings]
        self._add_missing(arn_key, mappings, keys, what)
        return "".join(self._texts[key] for key in keys)

    def _add_missing(self, arn_key: str, mappings: Sequence[Mapping], keys: list[EntryKey], what: str) -> None:
        fresh: dict[EntryKey, Mapping] = {}
        for mapping, key in zip(mappings, keys, strict=True):
            if key not in self._texts:
                fresh.setdefault(key, mapping)
        if not fresh:
            return
        batch = [entry(arn_key, m) for m in fresh.values()]
        text = dump(batch)
        read_back(text, batch, what)
        for key, chunk in zip(fresh, split_items(text), strict=True):
            self._texts[key] = chunk


def split_items(text: str) -> list[str]:
    """A block sequence at column 0, cut into its items (each starts with `- ` at column 0)."""
    items: list[str] = []
    for line in text.splitlines(keepends=True):
        if line.startswith("- ") or line.rstrip("\n") == "-" or not items:
            items.append(line)
        else:
            items[-1] += line
    return items


