"""Errors that end a run: the CLI turns each into one message and an exit code (SPEC §3)."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3


class InputError(Exception):
    """Input that cannot be read as policy or manifests at all (exit 2).

    The message names the file and line when there is one, says what was found and how to fix it.
    """

    def __init__(self, message: str, file: str | None = None, line: int | None = None,
                 column: int | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = self.file or ""
        if self.file and self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        label = f"{self.code} " if self.code else ""
        return f"{where}: {label}{self.message}" if where else self.message


class InputErrors(Exception):
    """Several files that could not be read; reported together, one line each (exit 2)."""

    def __init__(self, errors: list[InputError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors
