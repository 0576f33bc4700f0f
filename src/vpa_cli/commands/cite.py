"""`vpa cite` (being built)."""

from __future__ import annotations

from vpa_cli.errors import VpaError


def cite() -> None:
    """(not yet available)"""
    raise VpaError("'cite' is not implemented yet")
