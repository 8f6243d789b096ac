"""Findings and exit codes: the one list every output format is made from."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import IntEnum, StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class ExitCode(IntEnum):
    """The gate's three exit codes."""

    CLEAN = 0
    FINDINGS = 1
    USAGE = 2


@dataclass(frozen=True)
class Finding:
    """One problem, pointing at the file and line (or JSON path) the text came from."""

    code: str
    name: str
    severity: Severity
    message: str
    file: str
    section: str
    line: int = 0
    col: int = 0
    json_path: str | None = None
    figure: float | None = None
    threshold: float | None = None
    suggestion: str | None = None

    @property
    def location(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.col or 1}"
        return f"{self.file}:{self.json_path}" if self.json_path else self.file

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return {k: v for k, v in data.items() if v is not None}

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.col, self.code, self.message)


def exit_code(findings: list[Finding]) -> ExitCode:
    return ExitCode.FINDINGS if any(f.severity is Severity.ERROR for f in findings) else ExitCode.CLEAN
