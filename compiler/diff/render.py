"""Diff output formats: markdown for pull-request comments, text for terminals, json for tools.

The JSON layout is documented in docs/diff-json.md and versioned by `schemaVersion`.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from compiler.diff.classify import CATEGORIES, Change
from compiler.diff.report import ClusterReport, DiffReport

MARKDOWN_LIMIT = 65_536
SCHEMA_VERSION = 1
_TRUNCATED = ("\n> **Truncated**: this comment stops at GitHub's {limit:,}-character limit. The job summary "
              "and `authmap diff --format text` have the whole diff.\n")


def counts(changes: Iterable[Change]) -> dict[str, int]:
    found = Counter(c.category for c in changes)
    return {category: found.get(category, 0) for category in CATEGORIES}


def _change_json(change: Change) -> dict[str, Any]:
    return {"cluster": change.cluster, "category": change.category, "subject": change.subject,
            "summary": change.summary, "risks": list(change.risks), "details": list(change.details)}


def render_json(report: DiffReport) -> str:
    everything = [c for cluster in report.clusters for c in cluster.changes]
    payload = {
        "schemaVersion": SCHEMA_VERSION,
        "base": report.base,
        "head": report.head,
        "changed": report.changed,
        "summary": counts(everything),
        "escalations": [_change_json(c) for c in report.escalations],
        "clusters": {cluster.name: {"status": cluster.status, "counts": counts(cluster.changes),
                                    "changes": [_change_json(c) for c in cluster.changes]}
                     for cluster in report.clusters},
    }
    return json.dumps(payload, indent=2) + "\n"


def _line(change: Change, with_cluster: bool) -> str:
    where = f"{change.cluster}: " if with_cluster else ""
    risks = f" [{', '.join(change.risks)}]" if change.risks else ""
    return f"{where}{change.subject}: {change.summary}{risks}"


def render_text(report: DiffReport) -> str:
    if not report.changed:
        return f"no access changes between {report.base} and {report.head}\n"
    out = [f"access changes from {report.base} to {report.head}: " + _count_sentence(counts(
        c for cluster in report.clusters for c in cluster.semantic))]
    if report.escalations:
        out.append("\nESCALATIONS")
        out.extend(f"  ! {_line(c, True)}" for c in report.escalations)
    for cluster in report.clusters:
        if cluster.status == "unchanged":
            continue
        out.append(f"\n{cluster.name} ({cluster.status})")
        for change in cluster.changes:
            out.append(f"  {_MARK[change.category]} {_line(change, False)}")
            out.extend(f"      {detail}" for detail in change.details)
    return "\n".join(out) + "\n"


_MARK = {"escalation": "!", "grant": "+", "change": "~", "removal": "-", "cosmetic": "="}


def _count_sentence(found: dict[str, int]) -> str:
    names = {"escalation": "escalation", "grant": "grant", "change": "other change", "removal": "removal",
             "cosmetic": "cosmetic change"}
    parts = [f"{n} {names[k]}{'s' if n != 1 else ''}" for k, n in found.items() if n]
    return ", ".join(parts) or "only cosmetic changes"


def render_markdown(report: DiffReport, limit: int = MARKDOWN_LIMIT) -> str:
    head = _markdown_head(report)
    sections = [_markdown_cluster(c) for c in report.clusters if c.status != "unchanged"]
    text = head
    note = _TRUNCATED.format(limit=limit)
    for section in sections:
        if len(text) + len(section) + len(note) > limit:
            return _fit(text, limit - len(note)) + note
        text += section
    return text if len(text) <= limit else _fit(text, limit - len(note)) + note


def _fit(text: str, budget: int) -> str:
    if len(text) <= budget:
        return text
    cut = text[:budget]
    return cut[: cut.rfind("\n") + 1] if "\n" in cut else cut


def _markdown_head(report: DiffReport) -> str:
    title = f"## authmap: access changes `{report.base}` → `{report.head}`\n\n"
    if not report.changed:
        return title + "No access changes: who can do what is the same on every cluster.\n"
    rows = ["| cluster | status | escalations | grants | other changes | removals |", "|---|---|---|---|---|---|"]
    for cluster in report.clusters:
        c = counts(cluster.changes)
        if cluster.status != "unchanged":
            rows.append(f"| {cluster.name} | {cluster.status} | {_bold(c['escalation'])} | {c['grant']} | "
                        f"{c['change']} | {c['removal']} |")
    unchanged = [c.name for c in report.clusters if c.status == "unchanged"]
    out = title + "\n".join(rows) + "\n"
    if unchanged:
        out += f"\nUnchanged: {', '.join(unchanged)}.\n"
    if report.escalations:
        out += "\n### ⚠️ Escalations\n\n" + "".join(f"- **{c.cluster}** · {_md_change(c)}\n" for c in report.escalations)
    return out


def _bold(count: int) -> str:
    return f"**{count}**" if count else "0"


def _md_change(change: Change) -> str:
    risks = " " + " ".join(f"`{r}`" for r in change.risks) if change.risks else ""
    return f"{_escape(change.subject)}: {_escape(change.summary)}{risks}"


def _markdown_cluster(cluster: ClusterReport) -> str:
    c = counts(cluster.changes)
    summary = f"{cluster.name}: {cluster.status} ({_count_sentence({k: v for k, v in c.items()})})"
    lines = [f"\n<details><summary>{_escape(summary)}</summary>\n"]
    for category in CATEGORIES:
        group = [ch for ch in cluster.changes if ch.category == category]
        if not group:
            continue
        lines.append(f"\n#### {category.capitalize()}s\n")
        for change in group:
            lines.append(f"- {_md_change(change)}")
            lines.extend(f"  - `{_escape(d)}`" for d in change.details)
    lines.append("\n</details>\n")
    return "\n".join(lines)


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace("`", "'")


FORMATS: dict[str, Callable[[DiffReport], str]] = {
    "markdown": render_markdown,
    "text": render_text,
    "json": render_json,
}
