"""User-facing errors: Chinese messages that name the file, line and column."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Problem:
    message: str
    file: Path | None = None
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = str(self.file)
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        return where + self.message


@dataclass
class DrafterError(Exception):
    """An error in the user's input or environment (exit code 1), never a bug."""

    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def one(cls, message: str, file: Path | None = None, line: int | None = None,
            column: int | None = None) -> DrafterError:
        return cls([Problem(message, file, line, column)])

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)
