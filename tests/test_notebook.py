"""`!vpa ...` in a Jupyter notebook: plain lines, no escape codes, never a pager.

ipykernel (7.4, `ZMQInteractiveShell.init_environment` and `IPKernelApp.init_gui_pylab`)
runs a cell's `!` command on a pseudo-terminal with TERM=xterm-color, CLICOLOR=1,
FORCE_COLOR=1, CLICOLOR_FORCE=1, PAGER=cat, GIT_PAGER=cat and
MPLBACKEND=module://matplotlib_inline.backend_inline. These tests run vpa the same way.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from test_terminal import _env, _on_a_terminal, _vpa

POSIX = os.name == "posix"
pytestmark = pytest.mark.skipif(not POSIX, reason="needs a pseudo-terminal")

INLINE = "module://matplotlib_inline.backend_inline"
IPYKERNEL = {
    "TERM": "xterm-color",
    "CLICOLOR": "1",
    "FORCE_COLOR": "1",
    "CLICOLOR_FORCE": "1",
    "PAGER": "cat",
    "GIT_PAGER": "cat",
    "MPLBACKEND": INLINE,
}


def _piped(*args: str) -> bytes:
    done = subprocess.run(
        _vpa(*args), capture_output=True, env=_env(), stdin=subprocess.DEVNULL, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_terminal_without_the_notebook_gets_colour_and_a_table() -> None:
    # The control case: the same pseudo-terminal, not in a notebook.
    out = _on_a_terminal(_vpa("timeline"), _env(TERM="xterm-256color"), size=(24, 80))
    assert b"\x1b[" in out


@pytest.mark.parametrize(
    "signal",
    [
        pytest.param(IPYKERNEL, id="ipykernel"),
        pytest.param({"MPLBACKEND": INLINE, "TERM": "xterm-256color"}, id="inline-plots"),
        pytest.param(
            {"TERM": "xterm-color", "PAGER": "cat", "GIT_PAGER": "cat", "FORCE_COLOR": "1"},
            id="kernel-environment",
        ),
    ],
)
def test_a_notebook_gets_what_a_pipe_gets(signal: dict[str, str]) -> None:
    """Plain lines, exactly as piped, on a 24-line terminal the output is taller than
    (a pager would start, and `less` is not `cat`: PAGER is unset here for that)."""
    env = _env(**signal)
    if "PAGER" not in signal:
        env["PAGER"] = "less -R"
    out = _on_a_terminal(_vpa("timeline"), env, size=(24, 80))
    assert b"\x1b" not in out
    assert out.replace(b"\r\n", b"\n") == _piped("timeline")


def test_in_a_notebook_every_command_is_plain() -> None:
    for args in (("partner", "russia"), ("search", "peacekeeping"), ("sources",)):
        out = _on_a_terminal(_vpa(*args), _env(**IPYKERNEL), size=(24, 80))
        assert b"\x1b" not in out, args
        assert out.replace(b"\r\n", b"\n") == _piped(*args), args


def test_in_notebook_reads_the_signals() -> None:
    from vpa_cli.render import in_notebook

    saved = dict(os.environ)
    try:
        for key in ("MPLBACKEND", "TERM", "PAGER", "GIT_PAGER"):
            os.environ.pop(key, None)
        assert not in_notebook()
        os.environ["MPLBACKEND"] = "agg"  # a user's own backend is no notebook
        assert not in_notebook()
        os.environ["MPLBACKEND"] = INLINE
        assert in_notebook()
        del os.environ["MPLBACKEND"]
        os.environ.update(TERM="xterm-color", PAGER="cat", GIT_PAGER="cat")
        assert in_notebook()
        os.environ["PAGER"] = "less"
        assert not in_notebook()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    assert sys.modules["vpa_cli.render"]
