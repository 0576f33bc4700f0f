"""The tool explains itself: every command has a description and examples."""

from __future__ import annotations

import re
from importlib.metadata import version

import pytest
from conftest import run

COMMANDS = ["timeline", "partner", "search", "show", "cite", "check"]


def test_root_help_lists_every_command_with_a_description() -> None:
    result = run("--help")
    assert result.exit_code == 0
    listing = result.stdout.split("Commands:")[1]
    for command in COMMANDS:
        match = re.search(rf"^\s+{command}\s+(\S.*)$", listing, re.MULTILINE)
        assert match, command
        assert not match.group(1).endswith("..."), f"{command}: description is cut off"
        assert "not yet" not in match.group(1)
    assert "Examples:" in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_command_help_has_examples(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    examples = result.stdout.split("Examples:")[1]
    assert re.search(rf"^\s+vpa {command}\b", examples, re.MULTILINE)


def test_version_comes_from_package_metadata() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"vpa {version('vpa-cli')}"


def test_unknown_command_is_a_usage_error() -> None:
    result = run("timelime")
    assert result.exit_code == 2
    assert "timelime" in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_bare_vpa_prints_the_help_as_vpa_help_does_and_succeeds() -> None:
    bare = run()
    assert bare.exit_code == 0
    assert bare.stderr == ""
    assert bare.stdout == run("--help").stdout
    assert bare.stdout.startswith("Usage: vpa [OPTIONS] COMMAND [ARGS]...")
    assert "vpa with no command prints this help and exits 0." in bare.stdout
