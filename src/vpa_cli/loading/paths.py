"""Where the data lives: the bundled data files and seeds, and the paths users give."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

_ROOT: list[Path] = []


def package_root() -> Path:
    """The folder holding data/ and seeds/: inside the installed package, or the checkout."""
    if _ROOT:
        return _ROOT[0]
    from importlib.resources import files

    root = Path(str(files("vpa_cli")))
    if not (root / "data").is_dir():
        # An editable install (pip install -e .) maps only src/ into the
        # package; data/ and seeds/ then stay at the top of the checkout.
        root = Path(
            os.path.dirname(
                os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
            )
        )
    _ROOT.append(root)
    return root


def bundled_files() -> list[Path]:
    return sorted((package_root() / "data").glob("*.json"))


def user_paths(data: Sequence[str] = (), env: str | None = None) -> list[str]:
    """`VPA_DATA` paths (OS path separator) then `--data` paths, in that order."""
    raw = os.environ.get("VPA_DATA", "") if env is None else env
    from_env = [p for p in raw.split(os.pathsep) if p]
    return [*from_env, *data]


def use_root(root: Path) -> None:
    """Take `root` as the package root: the one a cached dataset was found in."""
    _ROOT[:] = [root]
