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


def test_hostile_names_in_the_tui_never_reach_the_terminal(tmp_path: Path) -> None:
    # A short path of a fixed length: toasts wrap each name at the same place in every run.
    folder = Path(tempfile.mkdtemp(prefix="h", dir="/tmp")) / "in"
    write_hostile_folder(folder)
    write_bad_files(folder)
    try:
        with PtyRun(tmp_path / "home", reader_argv(folder)) as run:
            run.wait_for_text("Article")
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
    # Toasts for the last names are still on screen: each name escaped (a toast is cut into
    # lines that fit it, so a name is cut too, at the same place in every run).
    text = CSI.sub(b"", output)
    assert b"emptyevil\\u202etxt" in text and b"emptytwo\\nlines.tx" in text
