"""Corpus entries too big (or too odd) to keep as files: built at test time into the case directory."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

TEAM_HEAD = "apiVersion: authmap/v1\nkind: Team\nmetadata:\n  name: hostile\nspec:\n"
ACCESS = "  access:\n    - clusters: [prod-use1]\n      namespaces: [payments]\n      role: view\n"


def huge_file(folder: Path) -> None:
    """17 MiB: over the per-file cap, refused before it is read."""
    with (folder / "huge-file.yaml").open("w") as out:
        out.write(TEAM_HEAD + "  members:\n")
        line = "    - arn: arn:aws:iam::111122223333:user/u\n"
        out.write(line * (17 * 1024 * 1024 // len(line)))


def deep_flow_nesting(folder: Path) -> None:
    (folder / "deep-flow-nesting.yaml").write_text("a: " + "[" * 100_000 + "]" * 100_000 + "\n")


def deep_block_nesting(folder: Path) -> None:
    (folder / "deep-block-nesting.yaml").write_text("- " * 40_000 + "x\n")


def deep_mapping_nesting(folder: Path) -> None:
    levels = "".join("  " * i + "a:\n" for i in range(300))
    (folder / "deep-mapping-nesting.yaml").write_text(levels + "  " * 300 + "b\n")


def very_long_username(folder: Path) -> None:
    text = TEAM_HEAD + "  roles:\n    - arn: arn:aws:iam::111122223333:role/h\n      username: \"h:" + "A" * 2_000_000
    (folder / "very-long-username.yaml").write_text(text + "\"\n" + ACCESS)


def many_documents(folder: Path) -> None:
    doc = "apiVersion: authmap/v1\nkind: Teem\nmetadata: {name: x}\nspec: {}\n"
    (folder / "many-documents.yaml").write_text("---\n".join([doc] * 20_000))


def wide_mapping(folder: Path) -> None:
    keys = "".join(f"  k{i}: v\n" for i in range(100_000))
    (folder / "wide-mapping.yaml").write_text("apiVersion: authmap/v1\nkind: Team\nmetadata: {name: x}\nspec:\n" + keys)


def symlink_outside(folder: Path) -> None:
    os.symlink("/etc/hostname", folder / "symlink-outside.yaml")


def symlinked_folder(folder: Path) -> None:
    os.symlink("/etc", folder / "symlinked-folder", target_is_directory=True)


GENERATED: dict[str, Callable[[Path], None]] = {
    "huge-file.yaml": huge_file,
    "deep-flow-nesting.yaml": deep_flow_nesting,
    "deep-block-nesting.yaml": deep_block_nesting,
    "deep-mapping-nesting.yaml": deep_mapping_nesting,
    "very-long-username.yaml": very_long_username,
    "many-documents.yaml": many_documents,
    "wide-mapping.yaml": wide_mapping,
    "symlink-outside.yaml": symlink_outside,
    "symlinked-folder": symlinked_folder,
}
