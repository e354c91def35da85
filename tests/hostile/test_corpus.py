"""Hostile policy files: lint, compile and verify each end with exit 1 or 2 and a message naming the file and line,
no traceback, within bounded time (60 s) and memory (2 GiB of address space), and the manifests
directory is left exactly as it was.

Each corpus entry is dropped into a copy of the example org, as a pull request would add it.
"""

from __future__ import annotations

import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import EXAMPLE_POLICIES
from tests.hostile.harness import Run, authmap, drive, entries, place, snapshot

EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "expected.yaml").read_text())


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[list[Run], bool]]:
    base = tmp_path_factory.mktemp("hostile")
    manifests = base / "manifests"
    authmap("compile", str(EXAMPLE_POLICIES), "-o", str(manifests))
    before = snapshot(manifests)

    def run_entry(entry: str) -> tuple[str, tuple[list[Run], bool]]:
        case = base / entry
        shutil.copytree(EXAMPLE_POLICIES, case / "policies")
        shutil.copytree(manifests, case / "manifests")
        place(entry, case / "policies")
        runs = drive(case / "policies", case / "manifests")
        return entry, (runs, snapshot(case / "manifests") == before)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(run_entry, entries()))


def test_the_corpus_is_large_and_every_entry_has_an_expected_outcome() -> None:
    assert len(entries()) >= 60
    assert sorted(EXPECTED) == entries()


@pytest.mark.parametrize("entry", entries())
def test_every_verb_fails_cleanly_naming_file_and_line(entry: str, results: dict[str, tuple[list[Run], bool]]) -> None:
    expected = EXPECTED[entry]
    runs, manifests_untouched = results[entry]
    where = re.escape(f"zz-hostile/{entry}:{expected['line']}") + r"\b"
    for run in runs:
        assert run.exit_code == expected["exit"], f"{run.verb}: {run.output[-500:]}"
        assert "Traceback" not in run.output, f"{run.verb} printed a traceback"
        assert re.search(rf"{where}.* {expected['code']} |{expected['code']} .*{where}", run.output), \
            f"{run.verb} does not report {expected['code']} at {entry}:{expected['line']}:\n{run.output[-800:]}"
    assert manifests_untouched, "compile changed the manifests directory"
