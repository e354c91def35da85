"""The text of mapping entries, each distinct entry dumped and read back once per compile.

An organisation maps the same principal, with the same username and groups, on many clusters; its
`- rolearn: ...` entry is the same text everywhere. Each distinct entry is emitted once and read
back by both readers (YAML 1.1 and 1.2) together with the others first seen on the same cluster, in
one batch; an embedded `mapRoles`/`mapUsers` string is then the concatenation of verified entries.

Concatenation is sound because each entry is a complete block-sequence item at column 0 ending in a
newline: no emitted entry has a line starting at column 0 other than its own `- ` (block scalars and
multi-line quoted scalars are indented below their key), so items cannot run into one another.
`tests/compile/test_readback.py` reads whole concatenations back to keep this honest.

Nearly every entry holds only ARNs, `authmap:team:...` groups and usernames such as
`arn:aws:sts::...:assumed-role/ops/{{SessionName}}`: strings that every emitter writes plain. Such
an entry's text is formatted directly, as the dumper would write it byte for byte (a property test
holds the two together), which saves most of the dumper's time; the read-back still checks it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from compiler.emit.objects import entry
from compiler.emit.readback import read_back
from compiler.emit.yamltext import dump
from compiler.plan import Mapping

EntryKey = tuple[str, str, str, tuple[str, ...]]

# A string the emitter writes plain and every reader reads back as that string: it starts with a
# letter or `_` that begins no implicit type in YAML 1.1 or 1.2 (not f, n, o, t, y in either case,
# which begin booleans and null; not a digit, sign or dot, which begin numbers), holds no space,
# quote or comment sign, and does not end with `:`.
PLAIN = re.compile(r"[a-eg-mp-su-xzA-EG-MP-SU-XZ_][A-Za-z0-9_.:/@+=,{}-]*(?<!:)")


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
        direct = [plain_text(arn_key, m) for m in fresh.values()]
        others = [item for item, chunk in zip(batch, direct, strict=True) if chunk is None]
        dumped = iter(split_items(dump(others)) if others else [])
        chunks = [chunk if chunk is not None else next(dumped) for chunk in direct]
        read_back("".join(chunks), batch, what)
        self._texts.update(zip(fresh, chunks, strict=True))


def plain_text(arn_key: str, mapping: Mapping) -> str | None:
    """The entry as the dumper writes it when every value is PLAIN; None otherwise."""
    if not mapping.groups or not PLAIN.fullmatch(mapping.arn) or not PLAIN.fullmatch(mapping.username) \
            or not all(PLAIN.fullmatch(group) for group in mapping.groups):
        return None
    groups = "".join(f"  - {group}\n" for group in mapping.groups)
    return f"- {arn_key}: {mapping.arn}\n  username: {mapping.username}\n  groups:\n{groups}"


def split_items(text: str) -> list[str]:
    """A block sequence at column 0, cut into its items (each starts with `- ` at column 0)."""
    items: list[str] = []
    for line in text.splitlines(keepends=True):
        if line.startswith("- ") or line.rstrip("\n") == "-" or not items:
            items.append(line)
        else:
            items[-1] += line
    return items


