"""``reader DIR`` on a real pseudo-terminal, with hostile and undecodable file names in DIR: the
warnings quote them escaped, and no title, clipboard or 8-bit sequence reaches the terminal."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pytest
from e2e.test_pty import PtyRun, reader_argv

from .inputs import write_bad_files, write_hostile_folder

pytestmark = pytest.mark.e2e
CSI = re.compile(rb"\x1b\[[0-9;?<>=$ ]*[a-zA-Z~]")  # the screen's own cursor and colour moves
# Toasts for the last names: each name escaped (a toast is cut into lines that fit it, so a name
# is cut too, at the same place in every run).
ESCAPED_NAMES = (b"emptyevil\\u202etxt", b"emptytwo\\nlines.tx")


def _toasts_shown(output: bytes) -> bool:
    text = CSI.sub(b"", output)
    return all(name in text for name in ESCAPED_NAMES)


def test_hostile_names_in_the_tui_never_reach_the_terminal(tmp_path: Path) -> None:
    # A short path of a fixed length: toasts wrap each name at the same place in every run.
    folder = Path(tempfile.mkdtemp(prefix="h", dir="/tmp")) / "in"
    write_hostile_folder(folder)
    write_bad_files(folder)
    try:
        with PtyRun(tmp_path / "home", reader_argv(folder)) as run:
            run.wait_for_text("Article")
            # On a loaded machine the warnings can come after the screen first settles.
            run.wait_for(_toasts_shown, 30, "the warnings naming the empty files")
            run.settle()
            assert not run.exited(), "no traceback screen: still running"
            run.send(b"q")
            assert run.wait_exit() == 0
            output = bytes(run.output)
    finally:
        shutil.rmtree(folder.parent)
    for payload in (b"\x1b]0;PWN", b"\x1b]52;c;UFdO", b"\xc2\x9b", b"\xc2\x9d",
                    "\u202e".encode(), "\u2066".encode(), b"Traceback"):
        assert payload not in output, payload
    assert _toasts_shown(output)
