"""The import contract in pyproject.toml covers every core module, so a new module
cannot slip past `lint-imports` (which CI runs) by not being listed."""

from __future__ import annotations

import pytest
from conftest import REPO

tomllib = pytest.importorskip("tomllib", reason="tomllib is in Python 3.11 and later")

# The only modules that may import typer or rich: the command line and the renderers.
EDGE = {"vpa_cli.cli", "vpa_cli.commands", "vpa_cli.render", "vpa_cli.options", "vpa_cli.__main__"}


def test_every_core_module_is_in_the_import_contract() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = config["tool"]["importlinter"]["contracts"]
    assert set(contract["forbidden_modules"]) == {"typer", "rich"}
    listed = set(contract["source_modules"])
    package = REPO / "src" / "vpa_cli"
    top = {
        "vpa_cli." + (p.stem if p.is_file() else p.name)
        for p in package.iterdir()
        if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").is_file()
    }
    assert top - EDGE == listed
