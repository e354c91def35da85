"""A compile killed at any moment leaves the whole old tree or the whole new one, never a mix.

Each round starts `authmap compile` as a real process and SIGKILLs it after a random delay drawn
over the length of a whole compile, so kills land in start-up, planning, writing the staging
tree and the swap. The suite runs a modest number of rounds; set AUTHMAP_CRASH_ROUNDS for a
longer run (e.g. AUTHMAP_CRASH_ROUNDS=500).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROUNDS = int(os.environ.get("AUTHMAP_CRASH_ROUNDS", "20"))


def compile_cmd(policies: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "compiler", "compile", str(policies), "-o", str(out)]


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def two_versions(example_policies: Path, tmp_path: Path) -> tuple[Path, Path]:
    other = tmp_path / "other"
    shutil.copytree(example_policies, other)
    (other / "teams/search.yaml").unlink()
    return example_policies, other


def reference_trees(old: Path, new: Path, tmp_path: Path) -> list[dict[str, bytes]]:
    found = []
    for name, policies in (("ref-old", old), ("ref-new", new)):
        subprocess.run(compile_cmd(policies, tmp_path / name), check=True, capture_output=True)
        found.append(tree(tmp_path / name))
    assert found[0] != found[1]
    return found


def test_sigkill_at_random_moments_never_leaves_a_mixed_tree(example_policies: Path, tmp_path: Path) -> None:
    old, new = two_versions(example_policies, tmp_path)
    expected = reference_trees(old, new, tmp_path)
    out = tmp_path / "manifests"
    started = time.perf_counter()
    subprocess.run(compile_cmd(old, out), check=True, capture_output=True)
    duration = time.perf_counter() - started
    rng = random.Random(20261124)
    outcomes = {"old": 0, "new": 0}
    for round_number in range(ROUNDS):
        target = new if round_number % 2 == 0 else old
        process = subprocess.Popen(compile_cmd(target, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, duration * 1.2))
        process.send_signal(signal.SIGKILL)
        process.wait()
        state = tree(out)
        assert state in expected, f"round {round_number}: the manifests directory is neither tree"
        outcomes["old" if state == expected[0] else "new"] += 1
    subprocess.run(compile_cmd(new, out), check=True, capture_output=True)
    assert tree(out) == expected[1]
    assert not list(tmp_path.glob(".manifests.authmap-*")), "the next compile cleans up what killed ones left"
    assert sum(outcomes.values()) == ROUNDS


def test_two_compiles_into_the_same_directory_are_serialized(example_policies: Path, tmp_path: Path) -> None:
    old, new = two_versions(example_policies, tmp_path)
    expected = reference_trees(old, new, tmp_path)
    out = tmp_path / "manifests"
    for _ in range(5):
        first = subprocess.Popen(compile_cmd(old, out), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        second = subprocess.Popen(compile_cmd(new, out), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert first.wait() == 0 and second.wait() == 0
        assert tree(out) in expected
    assert not list(tmp_path.glob(".manifests.authmap-*"))


def kill_at(step: int, policies: Path, out: Path) -> subprocess.CompletedProcess[str]:
    script = Path(__file__).with_name("kill_at.py")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    return subprocess.run([sys.executable, str(script), str(step), str(policies), str(out)], env=env,
                          capture_output=True, text=True, check=False)


def test_a_kill_at_every_file_system_step_leaves_a_whole_tree(example_policies: Path, tmp_path: Path) -> None:
    old, new = two_versions(example_policies, tmp_path)
    expected = reference_trees(old, new, tmp_path)
    out = tmp_path / "manifests"
    subprocess.run(compile_cmd(old, out), check=True, capture_output=True)
    (out / "README.md").write_text("not authmap's\n")
    counted = kill_at(0, new, out)
    steps = int(counted.stderr.strip().splitlines()[-1])
    assert steps > 30
    subprocess.run(compile_cmd(old, out), check=True, capture_output=True)
    for step in range(1, steps + 1):
        killed = kill_at(step, new, out)
        assert killed.returncode == -signal.SIGKILL
        state = {k: v for k, v in tree(out).items() if k != "README.md"}
        assert state in expected, f"killed at step {step} of {steps}: mixed tree"
        assert (out / "README.md").read_text() == "not authmap's\n"
        if state == expected[1]:
            subprocess.run(compile_cmd(old, out), check=True, capture_output=True)
