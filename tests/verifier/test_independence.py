"""The verifier is a check on the compiler only while it shares none of the compiler's logic.

It may use the error type and the hardened YAML reading (depth and hostile-input guards), never
the model, normalization, planning or emitting code.
"""

from __future__ import annotations

import ast
from pathlib import Path

VERIFIER = Path(__file__).resolve().parents[2] / "compiler" / "verifier"
ALLOWED = {"compiler.errors", "compiler.yamlguard"}


def compiler_imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name == "compiler" or name.startswith("compiler.")}


def test_the_verifier_imports_nothing_of_the_compiler_but_errors_and_yaml_guards() -> None:
    modules = sorted(VERIFIER.glob("*.py"))
    assert len(modules) > 20
    outside = {path.name: sorted(name for name in compiler_imports(path)
                                 if not name.startswith("compiler.verifier") and name not in ALLOWED)
               for path in modules}
    assert {name: imports for name, imports in outside.items() if imports} == {}
