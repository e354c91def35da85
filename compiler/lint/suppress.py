"""Inline suppression: `# authmap: disable=AM203,AM206` silences those codes where it is written.

On a line with YAML it covers that line; alone on its line it covers the next line;
`# authmap: disable-file=CODE` covers the whole file; text after the codes is a reason, and ignored.
Comments are gone after parsing, so the file's text is scanned, once per file, and only when it
mentions `authmap:` at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from compiler.lint.diagnostic import Diagnostic
from compiler.load import Document

# A comma-separated list of codes; whatever follows it on the line is the author's reason.
_DIRECTIVE = re.compile(r"#\s*authmap:\s*(disable|disable-file)=(\w+(?:\s*,\s*\w+)*)")


@dataclass
class FileSuppressions:
    by_line: dict[int, set[str]] = field(default_factory=dict)
    whole_file: set[str] = field(default_factory=set)

    def covers(self, diagnostic: Diagnostic) -> bool:
        codes = self.whole_file | self.by_line.get(diagnostic.line, set())
        return diagnostic.code in codes or "all" in codes


def scan(lines: Iterable[str]) -> FileSuppressions:
    found = FileSuppressions()
    for number, text in enumerate(lines, start=1):
        if "authmap:" not in text:
            continue
        for match in _DIRECTIVE.finditer(text):
            codes = {c.strip().upper() if c.strip() != "all" else "all"
                     for c in match.group(2).split(",") if c.strip()}
            _record(found, match.group(1), codes, number, text[: match.start()].strip() == "")
    return found


def _record(found: FileSuppressions, directive: str, codes: set[str], line: int, alone: bool) -> None:
    if directive == "disable-file":
        found.whole_file |= codes
        return
    target = line + 1 if alone else line
    found.by_line.setdefault(target, set()).update(codes)


def apply(diagnostics: Iterable[Diagnostic], documents: Iterable[Document]) -> list[Diagnostic]:
    text_of = {d.file: d.text_lines for d in documents}
    cache: dict[str, FileSuppressions] = {}
    kept = []
    for diagnostic in diagnostics:
        lines = text_of.get(diagnostic.file, ())
        if diagnostic.file not in cache:
            cache[diagnostic.file] = scan(lines)
        if not cache[diagnostic.file].covers(diagnostic):
            kept.append(diagnostic)
    return kept
