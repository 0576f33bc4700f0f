"""The output formats, in a module that imports nothing heavy.

Command signatures need this enum at start-up (to build `--help` and parse
`--format`), so it lives apart from the renderers, which load only when a
command runs.
"""

from __future__ import annotations

from enum import Enum


class OutputFormat(str, Enum):
    """`auto` is a table on a terminal and plain lines when piped."""

    auto = "auto"
    table = "table"
    plain = "plain"
    json = "json"
    csv = "csv"
    markdown = "markdown"
