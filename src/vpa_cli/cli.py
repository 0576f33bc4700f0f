"""The `vpa` command line: the Typer app, and the one place errors become exit codes.

Every command lives in vpa_cli/commands/ and imports its core modules only
when it runs, so `vpa --help` and shell completion stay at Typer's start-up
cost. `VpaGroup.main` turns VpaError, usage errors, Ctrl-C, a closed pipe
and unexpected exceptions into one line on stderr and a named exit code, and
hands what was held for a terminal to the pager.

A reader that closes the pipe early (`vpa timeline | head -1`) ends vpa quietly
with status 0: the reader chose to stop, nothing failed, and a small output that
was written before the reader closed exits 0 anyway, so 0 is the one status both
can give every time (`set -o pipefail` scripts see success, as with most Python
CLIs; `cat` and git exit 141, killed by SIGPIPE, only when they were still writing).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from vpa_cli.errors import ExitCode, VpaError
from vpa_cli.options import NoColorOpt, NoPagerOpt

DEBUG_ENV = "VPA_DEBUG"


def _fail(message: str, code: int) -> NoReturn:
    from vpa_cli.render import clean_for

    sys.stderr.write(clean_for(sys.stderr, message) + "\n")
    sys.stderr.flush()
    sys.exit(code)


def _silence_stdout() -> None:
    # Python's documented recipe (signal module, "Note on SIGPIPE"): point
    # stdout at devnull so the interpreter's final flush cannot fail again.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _exit_quietly_on_broken_pipe() -> NoReturn:
    # 0, whether the reader closed the pipe before or after vpa finished writing.
    _silence_stdout()
    sys.exit(ExitCode.OK)


class _ReaderClosedPipe(Exception):
    """A BrokenPipeError on stdout, carried past Typer (which would exit 1 for it)."""


def _release_output(page: bool) -> None:
    """Write what was held for the terminal: through the pager when `page`."""
    render = sys.modules.get("vpa_cli.render")  # not imported: nothing was held
    if render is not None:
        render.finish(page=page)


def _drop_output() -> None:
    render = sys.modules.get("vpa_cli.render")
    if render is not None:
        render.reset()


class VpaGroup(TyperGroup):
    """Typer's group with vpa's error handling; used by `vpa` and by CliRunner alike."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError as exc:
            raise _ReaderClosedPipe from exc

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        _prepare_streams()
        _drop_output()  # a fresh start when CliRunner runs several commands
        if os.environ.get(complete_var or "_VPA_COMPLETE") == "complete_zsh":
            _use_any_case_in_zsh()
        try:
            code = super().main(
                args=list(args) if args is not None else None,
                prog_name=prog_name or "vpa",
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
            if code == ExitCode.INTERRUPTED:
                # Typer turns Ctrl-C inside a command into exit code 130.
                _drop_output()
                _fail("vpa: interrupted", ExitCode.INTERRUPTED)
            _release_output(page=True)
            sys.stdout.flush()
        except (Exception, KeyboardInterrupt) as exc:
            _exit_for(exc)
        if standalone_mode:
            sys.exit(code if isinstance(code, int) else 0)
        return code


# zsh's `_arguments` keeps only the values that begin with the word as typed, case and
# all; `_describe` takes a matcher, with which a lower-case letter matches an upper-case
# one and back, so the values vpa_cli.completion offers when nothing matches as typed stay.
_ZSH_ANY_CASE = "m:{[:lower:][:upper:]}={[:upper:][:lower:]}"
_ZSH_ARGUMENTS = "_arguments '*: :(("


def _use_any_case_in_zsh() -> None:
    """Have Typer's zsh completion offer its values through `_describe` with the
    any-case matcher. Typer writes each `"value":"help"` for `_arguments`, inside single
    quotes (an apostrophe doubled); here the same words go into an array, outside them."""
    from typer._click.shell_completion import add_completion_class
    from typer._completion_classes import ZshComplete

    class AnyCaseZsh(ZshComplete):
        def complete(self) -> str:
            said: str = super().complete()
            if not (said.startswith(_ZSH_ARGUMENTS) and said.endswith("))'")):
                return said
            pairs = said[len(_ZSH_ARGUMENTS) : -3].replace("''", "'")
            return (
                f"local -a _vpa_values; _vpa_values=({pairs}); "
                f"_describe -t values value _vpa_values -M '{_ZSH_ANY_CASE}'"
            )

    add_completion_class(AnyCaseZsh, "zsh")


def _exit_for(exc: BaseException) -> NoReturn:
    """The one line on stderr and the exit code for what stopped a command."""
    if isinstance(exc, VpaError):
        # What the command wrote before it failed, then why it failed.
        _release_output(page=False)
        _fail(f"vpa: error: {exc}", exc.exit_code)
    if isinstance(exc, KeyboardInterrupt):
        _drop_output()
        _fail("vpa: interrupted", ExitCode.INTERRUPTED)
    if isinstance(exc, (BrokenPipeError, _ReaderClosedPipe)):
        _exit_quietly_on_broken_pipe()
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc)
        if exc.filename is not None:
            # A file the core failed to open (it should have said so itself).
            _fail(f"vpa: error: {exc.filename}: {reason}", ExitCode.FAILURE)
        # Writing the output failed (a full disk, /dev/full): say so, and
        # drop what is left so the final flush cannot fail again.
        _silence_stdout()
        _fail(f"vpa: error: cannot write output: {reason}", ExitCode.FAILURE)
    if isinstance(exc, typer.Abort):
        _fail("vpa: aborted", ExitCode.FAILURE)
    # Typer's vendored click raises its own UsageError/ClickException;
    # they carry exit_code and format_message (we never import click).
    if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):
        where = ""
        ctx = getattr(exc, "ctx", None)
        if ctx is not None and getattr(ctx, "command_path", None):
            where = f" ({ctx.command_path} --help for usage)"
        _fail(f"vpa: error: {_usage_message(exc, ctx)}{where}", int(exc.exit_code))
    if os.environ.get(DEBUG_ENV, "") not in ("", "0"):
        import traceback

        traceback.print_exception(exc)
    detail = str(exc)
    if len(detail) > 200:
        detail = detail[:200] + "..."
    _fail(
        f"vpa: internal error: {type(exc).__name__}: {detail} "
        f"(a bug in vpa; run with {DEBUG_ENV}=1 for the traceback)",
        ExitCode.FAILURE,
    )


def _usage_message(exc: Any, ctx: Any) -> str:
    """Click's message, but an unknown option names the one meant, or none: click's
    own guesses (--kind, --source, --strict for --since) are rarely it."""
    typed = getattr(exc, "option_name", None)
    command = getattr(ctx, "command", None)
    if type(exc).__name__ != "NoSuchOption" or not typed or command is None:
        return str(exc.format_message())
    from vpa_cli.errors import VpaError
    from vpa_cli.queries.resolve import option_hints

    options = [o for p in command.params for o in (*p.opts, *p.secondary_opts)]
    return str(VpaError(f"no such option: {typed}", suggestions=option_hints(typed, options)))


def _prepare_streams() -> None:
    """Never crash on an encoding that cannot show a character: replace it."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"vpa {version('vpa-cli')}")
        except PackageNotFoundError:
            typer.echo("vpa (version unknown: package metadata not found)")
        raise typer.Exit()


# Every command: its name, and the module and function that define it, in `--help` order.
COMMANDS: dict[str, tuple[str, str]] = {
    "timeline": ("vpa_cli.commands.timeline", "timeline"),
    "facts": ("vpa_cli.commands.facts", "facts"),
    "partner": ("vpa_cli.commands.partner", "partner"),
    "sources": ("vpa_cli.commands.sources", "sources"),
    "search": ("vpa_cli.commands.search", "search"),
    "show": ("vpa_cli.commands.search", "show"),
    "cite": ("vpa_cli.commands.cite", "cite"),
    "disputes": ("vpa_cli.commands.disputes", "disputes"),
    "check": ("vpa_cli.commands.check", "check"),
    "schema": ("vpa_cli.commands.schema", "schema"),
    "export": ("vpa_cli.commands.export", "export"),
    "quote": ("vpa_cli.commands.quote", "quote"),
    "init": ("vpa_cli.commands.init", "init"),
}

HELP = """Timeline and fact lookup on the defence diplomacy of the Vietnam People's Army.

Every event, fact and partner statement cites a verbatim quote from one of
five source articles, with its line; `vpa check` proves it.

\b
Examples:
  vpa timeline --from 1995 --to 2015
  vpa timeline --partner russia --format json
  vpa partner russia
  vpa search "four no's"
  vpa cite 2015-03-02-defence-diplomacy-guidelines --style apa
  vpa check

vpa with no command prints this help and exits 0.
"""


def _root(
    ctx: typer.Context,
    no_pager: NoPagerOpt = False,
    no_color: NoColorOpt = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
) -> None:
    """Timeline and fact lookup on the defence diplomacy of the Vietnam People's Army."""
    if ctx.invoked_subcommand is None:
        # Bare `vpa` asks what vpa can do: the help, as `vpa --help` lays it out, and
        # success (nothing was asked that could fail).
        typer.echo(ctx.get_help())
        raise typer.Exit(0)


def _listed_only() -> None:
    """Stands in for a command that is listed in `vpa --help` but not run."""


def make_app(names: Sequence[str] | None = None, *, listing: bool = False) -> typer.Typer:
    """The `vpa` app with the commands named (default: every command), in `--help` order.

    Each command's module is imported here, so a run of `vpa NAME` imports and
    builds only NAME's (measured by benchmarks/bench.py); shell completion gets
    every command. With `listing`, each command has its name and help but none
    of its options: enough for `vpa`, `vpa --help` and `vpa --version`, which
    list the commands and run none.
    """
    import importlib

    application = typer.Typer(
        cls=VpaGroup,
        name="vpa",
        help=HELP,
        invoke_without_command=True,
        add_completion=True,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    application.callback()(_root)
    wanted = set(COMMANDS if names is None else names)
    for name, (module, function) in COMMANDS.items():
        if name in wanted:
            command = getattr(importlib.import_module(module), function)
            if listing:
                application.command(name, help=command.__doc__)(_listed_only)
            else:
                application.command(name)(command)
    return application


def __getattr__(name: str) -> Any:
    """`app`: vpa with every command (for typer's CliRunner and tools), built on first use."""
    if name == "app":
        application = make_app()
        globals()["app"] = application
        return application
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """The `vpa` script: one command, then exit."""
    import gc

    # What one command allocates lives until exit and holds no cycles worth
    # collecting. With the collector off, a large data file is not walked again
    # and again while it loads; frozen at the end, nothing is walked at exit.
    # benchmarks/bench.py times vpa with the collector left on beside it.
    gc.disable()
    # `vpa NAME` needs only NAME's module and options; completion needs every
    # command; `vpa`, `vpa --help` and `vpa --version` need only the list of them.
    args = sys.argv[1:]
    completing = "_VPA_COMPLETE" in os.environ
    try:
        if not completing and args and args[0] in COMMANDS:
            application = make_app([args[0]])
        else:
            listing = not completing and not any(a in COMMANDS for a in args)
            application = make_app(listing=listing)
        application()
    finally:
        gc.freeze()
