"""Errors that reach users.

Every message names the file (or model, or data row) and says what to do, so a batch log line is
enough to fix the problem without reading a traceback.
"""

from __future__ import annotations


class ClassifyError(Exception):
    """Base class: anything the toolkit raises on purpose."""


class InputError(ClassifyError):
    """An input page or article cannot be read or decoded."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class DataError(ClassifyError):
    """A labeled-data row is unusable; training stops rather than learn from it."""

    def __init__(self, source: str, line: int | None, reason: str) -> None:
        self.source = source
        self.line = line
        self.reason = reason
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {reason}")


class ModelError(ClassifyError):
    """A model bundle is missing, tampered with or unusable."""


class UsageError(ClassifyError):
    """The command or call cannot be carried out as given (exit code 2): say what to change."""
