"""Shared fixtures: the example org and a way to copy it for tests that change it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_POLICIES = ROOT / "policies"


@pytest.fixture
def example_policies(tmp_path: Path) -> Path:
    """A private copy of the example org, free to edit."""
    target = tmp_path / "policies"
    shutil.copytree(EXAMPLE_POLICIES, target)
    return target
