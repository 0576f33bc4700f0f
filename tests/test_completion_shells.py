"""Completion in the real shells, as a user has it: installed by `vpa
--install-completion` run from bash, zsh or fish, on a data file (VPA_DATA)
whose aliases try to run commands, beside names with spaces, an apostrophe and
non-ASCII letters.

Each shell runs interactively in a pseudo-terminal. The test types a prefix and
presses Tab, reads the command line back through a key bound to print it, and
presses Enter: a `vpa` shell function (completion itself runs the real vpa)
prints the words it was given, and any command that ran would have left its
marker file. What the shell was offered comes from its own machinery: bash's
`_vpa_completion` with COMP_WORDS set, zsh's `compadd` (wrapped to log what
it adds) and fish's `complete -C`. A shell that is not installed is skipped;
.ci/run installs all three.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import shlex
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SHELLS = ("bash", "zsh", "fish")
VPA = Path(sys.executable).with_name("vpa")
TIMEOUT = 30.0  # seconds for one step: each Tab starts a vpa process

# Each would leave a file named pwned-... in the shell's working folder if a
# shell ran it. The test types the part before the first special character.
HOSTILE = [
    "ZzSubst$(touch${IFS}pwned-subst)",  # the alias of the issue
    "ZzTick`touch${IFS}pwned-tick`",
    "ZzSemi;touch${IFS}pwned-semi",
    "ZzPipe|touch${IFS}pwned-pipe",
    "ZzAmp&touch${IFS}pwned-amp",
    "ZzRedir>pwned-redir",
    "ZzSlash\\$(touch pwned-slash)",  # a backslash undoes Typer's escaping for zsh
    "ZzQuote'$(touch${IFS}pwned-quote)'",
    'ZzDquote"$(touch${IFS}pwned-dquote)"',
    "ZzBrace${IFS}{touch,pwned-brace}",
    "ZzGlob*",
    "ZzNewline\ntouch${IFS}pwned-newline",
    "ZzEscape\x1b[2J",
]
# Typed (after `vpa partner `) -> the one word vpa must receive, or None where
# that shell is offered nothing (the line stays as typed).
GOOD: dict[str, dict[str, str | None]] = {
    "Rurit": dict.fromkeys(SHELLS, "Ruritania Free State"),
    "Ödl": dict.fromkeys(SHELLS, "Ödland"),
    "Xứ": dict.fromkeys(SHELLS, "Xứ Đoài"),
    "'Ruritania F": dict.fromkeys(SHELLS, "Ruritania Free State"),  # a quoted space
    '"Xứ Đ': dict.fromkeys(SHELLS, "Xứ Đoài"),
    # Typer's zsh script cannot carry an apostrophe; bash and fish get it quoted.
    "Queen": {"bash": "Queen's Reach", "zsh": None, "fish": "Queen's Reach"},
    # Issue 24: case ignored when nothing matches as typed, as vpa reads names.
    "zzhelp": dict.fromkeys(SHELLS, "ZzHelp Land"),
    "ZZL": dict.fromkeys(SHELLS, "ZzLong"),
    # zsh's matcher pairs the cases of ASCII letters only.
    "ödl": {"bash": "Ödland", "zsh": None, "fish": "Ödland"},
    "ÖDL": dict.fromkeys(SHELLS, "Ödland"),
    "xỨ": {"bash": "Xứ Đoài", "zsh": None, "fish": "Xứ Đoài"},
}
PARTNERS = [
    {"id": "ruritania", "name": "Ruritania Free State", "aliases": ["Ödland", "Xứ Đoài"]},
    {"id": "queens-reach", "name": "Queen's Reach"},
    {"id": "hostile", "name": "Hostile", "aliases": HOSTILE},
    # Help is shown beside a value in zsh and fish: a backslash in it would undo
    # Typer's escaping in zsh, and help longer than a line wraps onto a line of
    # its own, which fish takes for one more value.
    {"id": "zz\\$(touch pwned-help)", "name": "ZzHelp Land"},
    {"id": "ZzLong", "name": "ZzLong " + "words " * 20 + "ZzWrapped$(touch${IFS}pwned-wrap)"},
]
# `vpa partner Zz<Tab>` offers these and no other value.
ZZ_VALUES = {"ZzHelp Land", "ZzLong"}

# Lines added to each shell's start-up file after vpa's own: a prompt, DONE-CMD
# when a command line has run, Ctrl-T printing the command line, `vpa` printing
# its words (to stderr: a hostile value could pipe or redirect its stdout).
# Completion runs the vpa program all the same: Typer's scripts call it
# through `env`.
RC = {
    "bash": (
        ".bashrc",
        """
PS1='PROMPT> '
PROMPT_COMMAND='echo DONE-CMD'
bind -x '"\\C-t": printf "LINE<%s>\\n" "$READLINE_LINE"'
vpa() { { printf 'ARGS:'; printf '[%s]' "$@"; echo; } >&2; }
""",
    ),
    "zsh": (
        ".zshrc",
        """
PS1='PROMPT> '
precmd() { echo DONE-CMD; }
show-line() { print -r -- $'\\nLINE<'"$BUFFER"'>' >/dev/tty; }
zle -N show-line; bindkey '^T' show-line
vpa() { { printf 'ARGS:'; printf '[%s]' "$@"; echo; } >&2; }
compadd() {
  local -a added
  builtin compadd -O added "$@"
  print -rl -- $added >> ~/offered.log
  builtin compadd "$@"
}
""",
    ),
    "fish": (
        ".config/fish/config.fish",
        """
function fish_prompt; printf 'PROMPT> '; end
set -g fish_greeting
function done-cmd --on-event fish_postexec; echo DONE-CMD; end
bind \\ct 'printf "\\nLINE<%s>\\n" (commandline)'
function vpa; begin; printf 'ARGS:'; printf '[%s]' $argv; echo; end >&2; end
""",
    ),
}
INSTALLED = {
    "bash": ".bash_completions/vpa.sh",
    "zsh": ".zfunc/_vpa",
    "fish": ".config/fish/completions/vpa.fish",
}


@dataclass
class Machine:
    """A home with vpa's completion installed for one shell, a data file, a work folder."""

    shell: str
    home: Path
    work: Path
    env: dict[str, str]

    def markers(self) -> list[str]:
        return sorted(p.name for p in self.work.glob("pwned*"))


@pytest.fixture(params=SHELLS)
def machine(request: pytest.FixtureRequest, tmp_path: Path) -> Machine:
    shell: str = request.param
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed (CI installs it: apt-get install -y {shell})")
    if not VPA.exists():
        pytest.skip(f"the vpa script is not installed beside {sys.executable}")
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    data = tmp_path / "data.json"
    data.write_text(json.dumps({"partners": PARTNERS}), encoding="utf-8")
    env = {
        "HOME": str(home),
        "PATH": os.pathsep.join([str(VPA.parent), "/usr/local/bin", "/usr/bin", "/bin"]),
        "LANG": "C.UTF-8",
        "TERM": "dumb",
        "VPA_DATA": str(data),
        "VPA_CACHE_DIR": os.environ["VPA_CACHE_DIR"],
    }
    # As a user installs it: from the shell, which Typer finds out by itself.
    done = subprocess.run(
        [shell, "-c", "vpa --install-completion; true"],
        env=env,
        cwd=work,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert f"{shell} completion installed" in done.stdout, done.stdout + done.stderr
    assert (home / INSTALLED[shell]).is_file()
    rc, lines = RC[shell]
    (home / rc).parent.mkdir(parents=True, exist_ok=True)
    with (home / rc).open("a", encoding="utf-8") as file:
        file.write(lines)
    return Machine(shell, home, work, env)


class Session:
    """An interactive shell in a pseudo-terminal, typed at as a person types."""

    def __init__(self, machine: Machine) -> None:
        self.output = b""
        pid, self.fd = pty.fork()
        if pid == 0:  # the child: become the shell
            try:
                os.chdir(machine.work)
                os.execvpe(machine.shell, [machine.shell, "-i"], machine.env)
            finally:
                os._exit(127)
        self.pid = pid
        self.wait_for("PROMPT> ", 0)
        if machine.shell == "zsh":
            # compinit autoloads Typer's zsh script on the first Tab, which then only
            # defines its function: a user's first Tab in a new zsh offers nothing.
            self.complete("ZzWarmUp")

    def close(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)

    def send(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def wait_for(self, pattern: str, start: int) -> re.Match[bytes]:
        """The first match of `pattern` in what the shell wrote from byte `start` on."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            found = re.compile(pattern.encode()).search(self.output, start)
            if found:
                return found
            ready, _, _ = select.select([self.fd], [], [], deadline - time.monotonic())
            written = self.output[start:].decode(errors="replace")
            if not ready:
                raise AssertionError(f"no {pattern!r} in {TIMEOUT}s; the shell wrote:\n{written}")
            try:
                self.output += os.read(self.fd, 65536)
            except OSError as exc:  # the shell ended
                raise AssertionError(f"the shell ended; it wrote:\n{written}") from exc

    def complete(self, typed: str) -> tuple[str, list[str] | None]:
        """Type `vpa partner TYPED`, press Tab: the line then, and the words vpa gets on
        Enter (None: the line did not run vpa)."""
        self.send(f"vpa partner {typed}\t\x14")  # Ctrl-T prints the line
        line = self.wait_for(r"LINE<(.*?)>\r?\n", len(self.output))
        self.send("\r")
        done = self.wait_for("DONE-CMD", line.end())
        args = re.compile(rb"ARGS:(.*?)\r?\n").search(self.output, line.end(), done.start())
        self.wait_for("PROMPT> ", done.end())
        words = re.findall(r"\[(.*?)\]", args.group(1).decode()) if args else None
        return line.group(1).decode(), words

    def run(self, command: str) -> None:
        start = len(self.output)
        self.send(command + "\r")
        self.wait_for("PROMPT> ", self.wait_for("DONE-CMD", start).end())


@pytest.fixture
def session(machine: Machine) -> Iterator[Session]:
    running = Session(machine)
    yield running
    running.close()


def test_good_names_complete_to_one_word(machine: Machine, session: Session) -> None:
    for typed, expected in GOOD.items():
        line, words = session.complete(typed)
        wanted = expected[machine.shell]
        if wanted is None:
            assert (line, words) == (f"vpa partner {typed}", ["partner", typed.strip("'\"")])
        else:
            assert words == ["partner", wanted], (typed, line)
    if machine.shell == "bash":  # the one shell whose line vpa writes itself
        assert session.complete("Rurit")[0] == "vpa partner Ruritania\\ Free\\ State "
        assert session.complete("Queen")[0] == "vpa partner Queen\\'s\\ Reach "
        assert session.complete("'Ruritania F")[0] == "vpa partner 'Ruritania Free State' "


def test_hostile_aliases_are_not_offered_and_never_run(machine: Machine, session: Session) -> None:
    typed = {alias: re.split(r"\W", alias, maxsplit=1)[0] for alias in HOSTILE}
    done = {alias: session.complete(typed[alias]) for alias in HOSTILE}
    assert machine.markers() == []
    for alias, (line, words) in done.items():
        assert (line, words) == (f"vpa partner {typed[alias]}", ["partner", typed[alias]]), alias
    # The markers would be seen: a command that makes one, run in this session.
    session.run("touch pwned-control")
    assert machine.markers() == ["pwned-control"]


def test_the_shell_is_offered_no_hostile_value(machine: Machine, session: Session) -> None:
    line, words = session.complete("Zz")
    offered = _offered(machine, "Zz")
    assert machine.markers() == []
    assert (line, words) == ("vpa partner Zz", ["partner", "Zz"])
    expected = {"bash": {"ZzHelp\\ Land", "ZzLong"}}.get(machine.shell, ZZ_VALUES)
    assert offered == expected


def _offered(machine: Machine, typed: str) -> set[str]:
    """What the shell itself was offered for `vpa partner TYPED`."""
    if machine.shell == "zsh":  # logged by the session's compadd
        logged = (machine.home / "offered.log").read_text(encoding="utf-8")
        return set(logged.splitlines()) - {""}
    if machine.shell == "bash":
        words = shlex.join(["vpa", "partner", typed])
        script = (
            f"source ~/{INSTALLED['bash']}; COMP_WORDS=({words}); COMP_CWORD=2; "
            '_vpa_completion vpa; printf "%s\\n" "${COMPREPLY[@]}"'
        )
        command = ["bash", "-c", script]
    else:
        command = ["fish", "-c", f"complete -C {shlex.quote('vpa partner ' + typed)}"]
    done = subprocess.run(
        command,
        env=machine.env,
        cwd=machine.work,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=True,
    )
    assert done.stderr == ""
    return {row.split("\t")[0] for row in done.stdout.splitlines() if row}
