"""Pipes, terminals, encodings and signals, tested on a real `vpa` process.

These run `python -m vpa_cli` in a subprocess with an environment built here
(not inherited), because CliRunner has no real pipe, terminal or signal.
"""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from conftest import run

from vpa_cli.render import Output, OutputFormat

POSIX = sys.platform != "win32"
# Variables that change colour, encoding or buffering; each test sets its own.
_STRIPPED = {
    "NO_COLOR",
    "FORCE_COLOR",
    "CLICOLOR_FORCE",
    "GITHUB_ACTIONS",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "TERM",
    "COLORTERM",
    "COLUMNS",
    "LINES",
    "VPA_DATA",
    "VPA_DEBUG",
    "PYTHONIOENCODING",
    "PYTHONUTF8",
    "PYTHONUNBUFFERED",
    "PYTHONCOERCECLOCALE",
    "LANG",
    "LANGUAGE",
}
QUOTED_TITLE = "The \u201cfour no\u2019s\u201d \u2014 restated"
VINH_LINE_4 = "General guidelines set out for defence diplomacy in 2015"


def _env(**extra: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _STRIPPED and not k.startswith("LC_")}
    env["LANG"] = "C.UTF-8"
    for key, value in extra.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def _vpa(*args: str) -> list[str]:
    return [sys.executable, "-m", "vpa_cli", *args]


def _event(i: int, title: str) -> dict[str, Any]:
    return {
        "id": f"2015-user-{i}",
        "date": "2015",
        "date_basis": "stated",
        "title": title,
        "summary": "A user's event.",
        "kind": "policy-document",
        "partners": [],
        "citations": [{"source": "nguyen-chi-vinh-2015", "line": 4, "quote": VINH_LINE_4}],
    }


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A data file whose timeline is megabytes: far more than a pipe holds."""
    path = tmp_path_factory.mktemp("big") / "big.json"
    events = [_event(i, f"Event {i} " + "x" * 600) for i in range(3000)]
    path.write_text(json.dumps({"events": events}), encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def quoted(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("quoted") / "quoted.json"
    path.write_text(json.dumps({"events": [_event(1, QUOTED_TITLE)]}), encoding="utf-8")
    return str(path)


# ---------------------------------------------------------------- pipes


@pytest.mark.parametrize(("fmt", "unbuffered"), [("plain", None), ("json", None), ("plain", "1")])
def test_reader_closing_the_pipe_early_is_quiet(big: str, fmt: str, unbuffered: str | None) -> None:
    env = _env(PYTHONUNBUFFERED=unbuffered)
    proc = subprocess.Popen(
        _vpa("timeline", "--data", big, "--format", fmt),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # like `head -1` exiting
    err = proc.stderr.read().decode()
    code = proc.wait(timeout=60)
    assert first.strip()
    assert err == ""  # no traceback, no "Exception ignored"
    assert code == 0  # the reader's choice, not a failure (see vpa_cli.cli)


@pytest.mark.skipif(not POSIX, reason="needs a POSIX shell and head")
def test_timeline_piped_to_head(big: str) -> None:
    for data in ([], ["--data", big]):
        command = " ".join([*_vpa("timeline", *data)]) + " | head -1"
        done = subprocess.run(command, shell=True, capture_output=True, env=_env(), timeout=60)
        assert done.returncode == 0
        assert done.stderr == b""
        # The first event, as its date is shown (the founding in 1944).
        assert done.stdout.decode().split("\t")[0].endswith("1944\u2020")


# ---------------------------------------------------------------- encodings

ENCODINGS = [
    {"PYTHONIOENCODING": "ascii"},
    {"PYTHONIOENCODING": "latin-1"},
    {"LC_ALL": "C", "PYTHONUTF8": "0", "LANG": None},
    {"LC_ALL": "C", "PYTHONUTF8": "0", "LANG": None, "PYTHONCOERCECLOCALE": "0"},
]


def _name(settings: dict[str, str | None]) -> str:
    return " ".join(f"{k}={v}" for k, v in settings.items() if v is not None)


@pytest.mark.parametrize(
    ("settings", "fmt"),
    [(s, f) for s in ENCODINGS for f in ("plain", "table", "json")]
    + [(ENCODINGS[0], "csv"), (ENCODINGS[0], "markdown")],
    ids=lambda x: _name(x) if isinstance(x, dict) else x,
)
def test_narrow_encodings_degrade_typographic_quotes(
    quoted: str, settings: dict[str, str | None], fmt: str
) -> None:
    env = _env(**settings)
    done = subprocess.run(
        _vpa("timeline", "--data", quoted, "--format", fmt),
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    encoding = subprocess.run(
        [sys.executable, "-c", "import sys; print(sys.stdout.encoding)"],
        capture_output=True,
        env=env,
        text=True,
    ).stdout.strip()
    text = done.stdout.decode(encoding)  # what was written is valid in the stream's encoding
    if fmt == "json":
        assert QUOTED_TITLE in [e["title"] for e in json.loads(text)]
    elif encoding.lower().replace("_", "-").startswith("utf"):
        assert QUOTED_TITLE in text  # C.UTF-8 coercion kept UTF-8: nothing to degrade
    else:
        (line,) = [x for x in text.splitlines() if "restated" in x]
        assert "four no's" in line and "--" in line and "?" not in line


@pytest.mark.parametrize("settings", ENCODINGS[:2], ids=lambda s: str(s["PYTHONIOENCODING"]))
def test_narrow_encodings_error_messages(settings: dict[str, str]) -> None:
    done = subprocess.run(
        _vpa("partner", "\u201cAtlantis\u2019s\u201d"),
        capture_output=True,
        env=_env(**settings),
        timeout=60,
    )
    assert done.returncode == 1
    err = done.stderr.decode(settings["PYTHONIOENCODING"])
    assert err.count("\n") == 1 and "Traceback" not in err
    assert '"Atlantis\'s"' in err


def test_output_clean_degrades_for_a_non_utf_stream() -> None:
    stream = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    out = Output.detect(stream=stream)
    assert not out.utf
    assert out.clean("\u201cx\u2019s\u201d \u2014 a\u2026 \x1b[0m") == '"x\'s" -- a... ^[[0m'


# ---------------------------------------------------------------- colour


def _on_a_terminal(
    args: list[str], env: dict[str, str], size: tuple[int, int] | None = None
) -> bytes:
    """stdout of `args` run on a pseudo-terminal (stderr must be empty), of `size`
    (rows, columns) if given; a fresh pty reports 0x0."""
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    if size is not None:
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", *size, 0, 0))
    chunks: list[bytes] = []

    def read() -> None:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO once the last writer closes
                return
            if not chunk:
                return
            chunks.append(chunk)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        proc = subprocess.Popen(
            args, stdout=slave, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env
        )
        _, err = proc.communicate(timeout=60)
    finally:
        os.close(slave)
        reader.join(timeout=10)
        os.close(master)
    assert proc.returncode == 0, err
    assert err == b""
    return b"".join(chunks)


@pytest.mark.skipif(not POSIX, reason="needs a pseudo-terminal")
def test_a_web_page_is_not_written_to_a_terminal() -> None:
    """`--format html` on a terminal asks for a file (exit 2) and writes nothing there."""
    import pty

    master, slave = pty.openpty()
    try:
        proc = subprocess.run(
            _vpa("timeline", "--format", "html"),
            stdout=slave,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=_env(TERM="xterm-256color"),
            timeout=60,
            check=False,
        )
        os.set_blocking(master, False)
        try:
            written = os.read(master, 65536)
        except BlockingIOError:
            written = b""
    finally:
        os.close(slave)
        os.close(master)
    assert proc.returncode == 2
    assert b"<html" not in written.lower()
    assert proc.stderr.decode().startswith("vpa: error: --format html writes a whole web page")
    assert proc.stderr.count(b"\n") == 1


@pytest.mark.skipif(not POSIX, reason="needs a pseudo-terminal")
def test_a_terminal_gets_a_coloured_table() -> None:
    # The control case: without it the tests below could pass on empty output.
    out = _on_a_terminal(_vpa("timeline", "--limit", "3"), _env(TERM="xterm-256color"))
    assert b"\x1b[" in out
    assert b"1944-vpa-founding" in out


@pytest.mark.skipif(not POSIX, reason="needs a pseudo-terminal")
def test_a_terminal_reporting_zero_columns_still_gets_output() -> None:
    # A fresh pty (CI, containers) reports 0x0; vpa falls back to COLUMNS / 100.
    out = _on_a_terminal(_vpa("timeline", "--limit", "1"), _env(TERM="xterm", COLUMNS="80"))
    assert b"1944-vpa-founding" in out
    assert all(len(line) <= 80 * 4 for line in out.splitlines())


@pytest.mark.skipif(not POSIX, reason="needs a pseudo-terminal")
@pytest.mark.parametrize(
    ("setting", "flag", "args"),
    [
        ({"NO_COLOR": "1", "TERM": "xterm-256color"}, [], ["timeline", "--limit", "3"]),
        ({"NO_COLOR": "yes", "TERM": "xterm-256color"}, [], ["partner", "russia"]),
        ({"TERM": "dumb"}, [], ["partner"]),
        ({"TERM": "dumb"}, [], ["timeline", "--limit", "3"]),
        ({"TERM": "xterm-256color"}, ["--no-color"], ["timeline", "--limit", "3"]),
        ({"TERM": "xterm-256color"}, ["--no-color"], ["partner", "russia"]),
    ],
    ids=[
        "NO_COLOR=1",
        "NO_COLOR=",
        "TERM=dumb",
        "TERM=dumb timeline",
        "--no-color",
        "--no-color partner",
    ],
)
def test_no_colour_on_a_terminal_when_asked(
    setting: dict[str, str], flag: list[str], args: list[str]
) -> None:
    out = _on_a_terminal(_vpa(*args, *flag), _env(**setting))
    assert out.strip()
    assert b"\x1b" not in out


FORCING = {
    "FORCE_COLOR": "1",
    "CLICOLOR_FORCE": "1",
    "GITHUB_ACTIONS": "true",
    "TTY_COMPATIBLE": "1",
    "TTY_INTERACTIVE": "1",
    "TERM": "xterm-256color",
    "COLORTERM": "truecolor",
}


@pytest.mark.parametrize(
    "args",
    [
        ["timeline"],
        ["timeline", "--format", "table"],
        ["timeline", "--chart"],
        ["partner", "russia"],
        ["partner", "russia", "--format", "table"],
        ["partner", "--format", "table"],
        ["search", "peacekeeping"],
        ["search", "peacekeeping", "--format", "table"],
        ["check"],
        ["--help"],
        ["timeline", "--help"],
    ],
    ids=" ".join,
)
def test_piped_output_never_has_escape_codes_even_when_forced(args: list[str]) -> None:
    done = subprocess.run(_vpa(*args), capture_output=True, env=_env(**FORCING), timeout=60)
    assert done.returncode in (0, 1, 2), done.stderr
    assert done.stdout.strip() or done.stderr.strip()
    assert b"\x1b" not in done.stdout
    assert b"\x1b" not in done.stderr


def test_errors_piped_have_no_escape_codes_when_forced() -> None:
    done = subprocess.run(
        _vpa("timeline", "--format", "xml"), capture_output=True, env=_env(**FORCING), timeout=60
    )
    assert done.returncode == 2
    assert b"\x1b" not in done.stderr and done.stderr.count(b"\n") == 1


def test_output_detect_colour_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "xterm")
    assert Output.detect(stream=Tty()).color
    assert not Output.detect(no_color=True, stream=Tty()).color
    monkeypatch.setenv("TERM", "dumb")
    assert not Output.detect(stream=Tty()).color
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setenv("NO_COLOR", "")  # no-color.org: empty means unset
    assert Output.detect(stream=Tty()).color
    monkeypatch.setenv("NO_COLOR", "0")  # any other value: no colour
    assert not Output.detect(stream=Tty()).color
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    piped = Output.detect(stream=io.StringIO())
    assert not piped.color and not piped.is_terminal
    assert piped.resolve(OutputFormat.auto) is OutputFormat.plain


def test_table_without_colour_has_no_escape_codes() -> None:
    from rich.text import Text

    for color in (True, False):
        stream = io.StringIO()
        out = Output(stream, is_terminal=True, color=color, utf=True, width=80)
        out.console().print(Text("x", style="bold red"))
        assert ("\x1b[" in stream.getvalue()) is color


# ---------------------------------------------------------------- the pager


@pytest.fixture
def pager(tmp_path: Path) -> tuple[str, Path]:
    """A fake $PAGER that records what it is given, and the LESS it ran with."""
    record = tmp_path / "paged.txt"
    script = tmp_path / "pager.sh"
    script.write_text(
        f'#!/bin/sh\necho "LESS=$LESS" > "{record}.env"\ncat > "{record}"\n', encoding="utf-8"
    )
    script.chmod(0o755)
    return str(script), record


TALL = ["timeline", "--format", "table"]  # far more than 20 lines


@pytest.mark.skipif(not POSIX, reason="needs a pseudo-terminal")
def test_output_taller_than_the_terminal_goes_through_the_pager(pager: tuple[str, Path]) -> None:
    script, record = pager
    shown = _on_a_terminal(_vpa(*TALL), _env(TERM="xterm", PAGER=script), size=(20, 80))
    paged = record.read_text(encoding="utf-8")
    assert "\x1b[" in paged  # colour, which `less -R` shows
    plain = re.sub(r"\x1b\[[0-9;]*m", "", paged)
    assert "1944-vpa-founding" in plain
    assert all(len(line) <= 80 for line in plain.splitlines())  # laid out for the terminal
    assert b"Founding" not in shown  # the pager had it, not the terminal
    assert Path(f"{record}.env").read_text() == "LESS=FRX\n"  # as git sets it


@pytest.mark.skipif(not POSIX, reason="needs a pseudo-terminal")
def test_the_pager_keeps_a_users_less_setting(pager: tuple[str, Path]) -> None:
    script, record = pager
    _on_a_terminal(_vpa(*TALL), _env(TERM="xterm", PAGER=script, LESS="-S"), size=(20, 80))
    assert Path(f"{record}.env").read_text() == "LESS=-S\n"


@pytest.mark.skipif(not POSIX, reason="needs a pseudo-terminal")
@pytest.mark.parametrize(
    ("args", "extra", "size"),
    [
        (["--no-pager", *TALL], {}, (20, 80)),
        (TALL, {"PAGER": ""}, (20, 80)),
        (["timeline", "--limit", "1", "--format", "table"], {}, (40, 80)),
        (TALL, {}, None),  # a terminal that reports no height: never page
    ],
    ids=["--no-pager", "PAGER=", "shorter than the screen", "unknown height"],
)
def test_no_pager_when_off_or_not_needed(
    pager: tuple[str, Path], args: list[str], extra: dict[str, str], size: tuple[int, int] | None
) -> None:
    script, record = pager
    env = _env(TERM="xterm", PAGER=script, COLUMNS="80")
    env.update(extra)
    shown = _on_a_terminal(_vpa(*args), env, size=size)
    assert not record.exists()
    assert b"1944-vpa-founding" in shown


@pytest.mark.skipif(not POSIX, reason="needs a pseudo-terminal")
@pytest.mark.parametrize(
    "args",
    [
        ["--no-pager", *TALL],
        [TALL[0], "--no-pager", *TALL[1:]],
        [*TALL, "--no-pager"],
        ["partner", "united-states", "--no-pager"],
        ["--no-pager", "partner", "united-states"],
    ],
    ids=" ".join,
)
def test_no_pager_wherever_it_is_put(pager: tuple[str, Path], args: list[str]) -> None:
    # Issue 24: `vpa timeline --no-pager` was refused; it works before or after the command.
    script, record = pager
    shown = _on_a_terminal(
        _vpa(*args), _env(TERM="xterm", PAGER=script, COLUMNS="80"), size=(20, 80)
    )
    assert not record.exists()
    assert len(shown.splitlines()) > 20  # taller than the screen, and not paged


@pytest.mark.skipif(not POSIX, reason="needs a pseudo-terminal")
@pytest.mark.parametrize(
    "args",
    [
        ["--no-color", "timeline", "--limit", "3"],
        ["timeline", "--no-color", "--limit", "3"],
        ["--no-color", "partner", "russia"],
        ["--no-color", "sources"],
    ],
    ids=" ".join,
)
def test_no_colour_wherever_it_is_put(args: list[str]) -> None:
    coloured = _on_a_terminal(_vpa(*[a for a in args if a != "--no-color"]), _env(TERM="xterm"))
    assert b"\x1b[" in coloured  # the control: this output has colour without the option
    out = _on_a_terminal(_vpa(*args), _env(TERM="xterm"))
    assert out.strip()
    assert b"\x1b" not in out


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "plain", "html"])
def test_never_a_pager_when_piped(pager: tuple[str, Path], fmt: str) -> None:
    script, record = pager
    done = subprocess.run(
        _vpa("timeline", "--format", fmt),
        capture_output=True,
        env=_env(PAGER=script, LINES="5", TERM="xterm"),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert not record.exists()
    assert len(done.stdout.splitlines()) > 5


# ---------------------------------------------------------------- signals


@pytest.mark.skipif(not POSIX, reason="needs SIGINT")
@pytest.mark.parametrize("fmt", ["plain", "json"])
def test_ctrl_c_exits_130_without_a_traceback(big: str, fmt: str) -> None:
    proc = subprocess.Popen(
        _vpa("timeline", "--data", big, "--format", fmt),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(),
    )
    assert proc.stdout is not None
    # Once output starts, vpa is inside the command; the pipe (not read
    # further) fills and blocks it there until the signal comes.
    assert proc.stdout.read(1)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert err == b"vpa: interrupted\n"


def test_keyboard_interrupt_in_the_core_exits_130(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr("vpa_cli.loading.reading.load_dataset", interrupted)
    result = run("timeline")
    assert result.exit_code == 130
    assert result.stderr == "vpa: interrupted\n"


def test_write_error_is_one_line(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            _vpa("timeline"), stdout=full, stderr=subprocess.PIPE, env=_env(), timeout=60
        )
    assert done.returncode == 1
    assert done.stderr == b"vpa: error: cannot write output: No space left on device\n"


def test_a_file_error_escaping_the_core_names_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(*args: Any, **kwargs: Any) -> Any:
        raise FileNotFoundError(2, "No such file or directory", "notes/\x1btext.txt")

    monkeypatch.setattr("vpa_cli.loading.reading.load_dataset", missing)
    result = run("timeline")
    assert result.exit_code == 1
    assert result.stderr == "vpa: error: notes/\u241btext.txt: No such file or directory\n"
