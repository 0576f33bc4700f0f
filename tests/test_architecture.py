"""The shape of the tree: the import contract in pyproject.toml covers every core
module (so a new one cannot slip past `lint-imports`, which CI runs), no import cycle
is allowed (type-only imports included), few modules stay at the top, and every
format the registry names has its renderer."""

from __future__ import annotations

import pytest
from conftest import REPO

tomllib = pytest.importorskip("tomllib", reason="tomllib is in Python 3.11 and later")

# The only modules that may import typer or rich: the command line and the renderers.
EDGE = {"vpa_cli.cli", "vpa_cli.commands", "vpa_cli.render", "vpa_cli.options", "vpa_cli.__main__"}


def test_every_core_module_is_in_the_import_contract() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = [
        c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "forbidden"
    ]
    assert set(contract["forbidden_modules"]) == {"typer", "rich"}
    listed = set(contract["source_modules"])
    package = REPO / "src" / "vpa_cli"
    top = {
        "vpa_cli." + (p.stem if p.is_file() else p.name)
        for p in package.iterdir()
        if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").is_file()
    }
    assert top - EDGE == listed


def test_no_import_cycle_is_allowed_type_only_imports_included() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    linter = config["tool"]["importlinter"]
    assert linter["exclude_type_checking_imports"] is False
    (acyclic,) = [c for c in linter["contracts"] if c["type"] == "acyclic_siblings"]
    assert acyclic["ancestors"] == ["vpa_cli"]
    assert "ignore_imports" not in acyclic and "skip_descendants" not in acyclic


def test_at_most_twelve_modules_at_the_top() -> None:
    package = REPO / "src" / "vpa_cli"
    modules = sorted(p.name for p in package.glob("*.py"))
    assert len(modules) <= 12, modules


def _registry() -> list[tuple[str, object]]:
    from vpa_cli import formats

    return [
        (name, kind) for name, kind in vars(formats).items() if isinstance(kind, formats.Formats)
    ]


def test_every_registered_format_has_its_renderer_as_an_object() -> None:
    """Each kind of result names its render module; that module's RENDERERS holds a
    function for exactly the formats the registry lists, and nothing else."""
    import importlib

    from vpa_cli.formats import Formats

    kinds = _registry()
    assert len(kinds) == 15
    covered: dict[str, set[str]] = {}
    for name, kind in kinds:
        assert isinstance(kind, Formats)
        module = importlib.import_module(kind.module)
        renderers = module.RENDERERS
        assert kind in renderers, f"{kind.module}.RENDERERS has no entry for {name}"
        assert tuple(renderers[kind]) == kind.formats, name
        assert all(callable(f) for f in renderers[kind].values()), name
        covered.setdefault(kind.module, set()).add(name)
    for module_name, names in covered.items():
        module = importlib.import_module(module_name)
        assert len(module.RENDERERS) == len(names), f"{module_name} renders an unregistered kind"


def test_the_tree_in_docs_development_names_every_part() -> None:
    """docs/development.md draws the tree: every package and every module at the top of
    src/vpa_cli is in it, and it names nothing that is not there."""
    import re

    text = (REPO / "docs" / "development.md").read_text(encoding="utf-8")
    tree = text[text.index("```\nsrc/vpa_cli/") : text.index("```", text.index("src/vpa_cli/"))]
    package = REPO / "src" / "vpa_cli"
    packages = {p.name for p in package.iterdir() if (p / "__init__.py").is_file()}
    modules = {p.name for p in package.glob("*.py") if p.name != "__init__.py"}
    for name in sorted(packages):
        assert re.search(rf"^  {name}/", tree, re.M), f"{name}/ is not in the tree"
    for name in sorted(modules):
        assert re.search(rf"^  (\S+, )*{re.escape(name)}\b", tree, re.M), (
            f"{name} is not in the tree"
        )
    drawn = set(re.findall(r"^  (\w+)/", tree, re.M))
    assert drawn <= packages, drawn - packages
