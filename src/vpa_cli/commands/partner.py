"""`vpa partner` (being built)."""

from __future__ import annotations

from vpa_cli.errors import VpaError


def partner() -> None:
    """(not yet available)"""
    raise VpaError("'partner' is not implemented yet")
