"""`vpa search` and `vpa show` (being built)."""

from __future__ import annotations

from vpa_cli.errors import VpaError


def search() -> None:
    """(not yet available)"""
    raise VpaError("'search' is not implemented yet")


def show() -> None:
    """(not yet available)"""
    raise VpaError("'show' is not implemented yet")
