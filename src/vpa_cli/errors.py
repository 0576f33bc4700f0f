"""The errors the core raises, and the exit code each one means.

The core never prints or exits; `cli.main` is the one place that turns these
into a line on stderr and an exit status.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FAILURE = 1
    USAGE = 2
    INTERRUPTED = 130


class VpaError(Exception):
    """Base of every error vpa reports to the user; its message is one line."""

    exit_code: ExitCode = ExitCode.FAILURE

    def __init__(self, message: str, *, suggestions: Iterable[str] = (), then: str = "") -> None:
        """`message`, then the close `suggestions` if any, then `then` (what to do)."""
        self.suggestions = list(suggestions)
        if self.suggestions:
            message += " (did you mean: " + ", ".join(self.suggestions) + "?)"
        if then:
            message += "; " + then
        super().__init__(message)


class UsageError(VpaError):
    """The command line itself is wrong: a bad value for an option or argument."""

    exit_code = ExitCode.USAGE


class NotFound(VpaError):
    """A well-formed name or id that matches nothing in the dataset."""


class DataError(VpaError):
    """A data file cannot be read or does not follow the format."""


class MissingPath(DataError):
    """A data path that does not exist or is a directory: a usage error."""

    exit_code = ExitCode.USAGE
