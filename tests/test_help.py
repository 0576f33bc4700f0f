"""The tool explains itself: every command has a description and examples."""

from __future__ import annotations

import gc
import re
import sys
from importlib.metadata import version
from typing import Any

import pytest
from conftest import run
from typer.testing import CliRunner

from vpa_cli import cli

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


@pytest.mark.parametrize(
    ("command", "option"),
    [(name, option) for name in cli.COMMANDS for option in ("--no-pager", "--no-color")],
)
def test_output_options_work_before_and_after_every_command(command: str, option: str) -> None:
    # Issue 24: the root's output options are every command's too, and --help says so.
    after = run(command, "--help")
    assert after.exit_code == 0
    assert re.search(rf"^\s+{option}\s", after.stdout, re.MULTILINE)
    for args in ([option, command, "--help"], [command, option, "--help"]):
        result = run(*args)
        assert result.exit_code == 0, result.stderr
        assert result.stdout == after.stdout


def test_output_options_after_a_command_take_effect() -> None:
    # On CliRunner's stream there is no terminal: the run succeeds with the same output.
    plain = run("timeline", "--limit", "2")
    for option in ("--no-pager", "--no-color"):
        for args in ([option, "timeline", "--limit", "2"], ["timeline", "--limit", "2", option]):
            result = run(*args)
            assert (result.exit_code, result.stdout, result.stderr) == (0, plain.stdout, "")


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


@pytest.mark.parametrize(
    "args", [["--help"], [], ["--version"], ["timelime"], ["-h"]], ids=" ".join
)
def test_the_listing_app_answers_as_the_full_app_does(args: list[str]) -> None:
    # `vpa`, `vpa --help` and `vpa --version` run no command, so `main` builds each
    # command's name and help but not its options (cli.make_app(listing=True)).
    full = CliRunner().invoke(cli.make_app(), args, env={"COLUMNS": "100"})
    listing = CliRunner().invoke(cli.make_app(listing=True), args, env={"COLUMNS": "100"})
    assert (listing.exit_code, listing.stdout, listing.stderr) == (
        full.exit_code,
        full.stdout,
        full.stderr,
    )


@pytest.mark.parametrize(
    ("argv", "built"),
    [
        (["--help"], ((), {"listing": True})),
        ([], ((), {"listing": True})),
        (["--version"], ((), {"listing": True})),
        (["timeline", "--help"], ((["timeline"],), {})),
        (["--no-pager", "cite"], ((), {"listing": False})),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_main_builds_only_what_the_command_line_needs(
    argv: list[str], built: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[Any, Any]] = []
    real = cli.make_app

    def recording(*args: Any, **kwargs: Any) -> Any:
        calls.append((args, kwargs))
        return real(*args, **kwargs)

    monkeypatch.setattr(cli, "make_app", recording)
    monkeypatch.setattr(sys, "argv", ["vpa", *argv])
    try:
        with pytest.raises(SystemExit):
            cli.main()
    finally:  # main switches the collector off for its one-shot process
        gc.unfreeze()
        gc.enable()
    assert calls == [built]
