"""The project's own errors: each names the file (and line) and carries a hint."""

from __future__ import annotations


class PipelineError(Exception):
    """An error in the user's input or setup, reported as one line by the CLI."""

    def __init__(self, message: str, path: str = "", line: int | None = None, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.hint = hint

    def __reduce__(self):  # keeps path, line and hint when a worker process sends the error back
        return self.__class__, (self.message, self.path, self.line, self.hint)

    def __str__(self) -> str:
        where = self.path
        if where and self.line is not None:
            where = f"{where}:{self.line}"
        text = f"{where}: {self.message}" if where else self.message
        return f"{text} ({self.hint})" if self.hint else text


class UsageError(PipelineError):
    """The command cannot run as asked (a path that does not exist, an output that would replace an input):
    exit status 2, nothing written."""


class InputError(PipelineError):
    """The input cannot be read as text."""


class OptionError(PipelineError):
    """An option names something that does not exist or cannot be done (an unknown pass to skip)."""


class TemplateError(PipelineError):
    """A template is missing or malformed."""


class TranslationError(PipelineError):
    """A translation does not match the document."""


class WriterError(PipelineError):
    """A writer cannot represent the document."""
