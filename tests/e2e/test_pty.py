"""Raw PTY capture (docs/bidi.md rules 1 and 11): run ``python -m reader`` on a pseudo-terminal and
record every byte it writes.

Rule 1: ``CSI 8 l`` (explicit mode) is written before any Hebrew or Arabic text, and the last
bidi-mode sequence on every exit path (``q``, SIGTERM, SIGINT) and while suspended (SIGTSTP,
Ctrl+Z) is ``CSI 8 h``; ``CSI 8 l`` comes back after the process is continued. Rule 11: no escape
sequence from article text reaches the terminal.
"""

from __future__ import annotations

import json
import os
import re
import select
import signal
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType

import pytest

try:
    import fcntl
    import pty
    import termios
except ImportError:  # pragma: no cover - Windows
    pty = None  # type: ignore[assignment]

from bidi_fixtures import ESCAPES

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(pty is None, reason="the pty module is unavailable on this platform"),
]

REPO = Path(__file__).resolve().parents[2]
COLUMNS, ROWS = 100, 30
EXPLICIT = b"\x1b[8l"
IMPLICIT = b"\x1b[8h"
BDSM = re.compile(rb"\x1b\[8[hl]")
SCP = re.compile(rb"\x1b\[[01] k")
# Hebrew, Arabic (letters, supplements, presentation forms A and B) as they appear on screen.
RTL_TEXT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
START_TIMEOUT = 8.0
EXIT_TIMEOUT = 5.0

HEBREW_TITLE = "עיריית חיפה מפעילה קו אוטובוס חדש"
HEBREW_BODY = "הקו החדש יחבר את מרכז העיר עם הנמל (בשעות היום) החל מ-2025."
ARABIC_TITLE = "مؤتمر في دمشق يبحث إعادة تأهيل شبكات الري"
ARABIC_BODY = "افتتح في العاصمة السورية دمشق صباح الجمعة مؤتمر إقليمي (تقرير) 2024."


def write_articles(folder: Path, *, hostile: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a_hebrew.txt").write_text(f"{HEBREW_TITLE}\n\n{HEBREW_BODY}\n", encoding="utf-8")
    (folder / "b_arabic.txt").write_text(f"{ARABIC_TITLE}\n\n{ARABIC_BODY}\n", encoding="utf-8")
    if hostile:
        # The same hostile text through two loaders: plain text and JSON (where the escapes are
        # \u escapes that only exist once decoded).
        (folder / "0_escapes.txt").write_text(
            f"{ESCAPES} title\n\n{ESCAPES} body {ESCAPES}\n", encoding="utf-8")
        (folder / "0_escapes.json").write_text(json.dumps({
            "title": f"{ESCAPES} json title",
            "source": ESCAPES,
            "paragraphs": [f"{ESCAPES} json body", ESCAPES],
        }), encoding="utf-8")
    return folder


class PtyRun:
    """``python -m reader <folder>`` on a pseudo-terminal of COLUMNS x ROWS; every byte kept."""

    def __init__(self, home: Path, argv: list[str]) -> None:
        self.home = home
        self.argv = argv
        self.output = bytearray()
        self.pid = 0
        self.fd = -1
        self.status: int | None = None

    def __enter__(self) -> PtyRun:
        env = {key: value for key, value in os.environ.items()
               if key not in ("COLUMNS", "LINES", "TMUX", "TEXTUAL_ALLOW_SIGNALS")}
        env.update(TERM="xterm-256color", XDG_CONFIG_HOME=str(self.home / "config"),
                   XDG_DATA_HOME=str(self.home / "data"), PYTHONPATH=str(REPO),
                   LANG="C.UTF-8", LC_ALL="C.UTF-8")
        winsize = termios_winsize(ROWS, COLUMNS)
        pid, fd = pty.fork()
        if pid == 0:  # the child: size the terminal before the program looks at it
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, winsize)
                os.chdir(REPO)
                os.execve(self.argv[0], self.argv, env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, winsize)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if self.status is None:
            for sig in (signal.SIGCONT, signal.SIGKILL):
                try:
                    os.kill(self.pid, sig)
                except ProcessLookupError:
                    break
            self.wait_exit(EXIT_TIMEOUT)
        os.close(self.fd)

    # ----------------------------------------------------------------------------- reading

    def pump(self, timeout: float) -> bool:
        """Read what is available within `timeout` seconds; False once the PTY is closed."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        try:
            data = os.read(self.fd, 65536)
        except OSError:  # EIO: every process holding the slave side has gone
            return False
        self.output += data
        return bool(data)

    def wait_for(self, condition: Callable[[bytes], bool], timeout: float,
                 what: str) -> None:
        deadline = time.monotonic() + timeout
        while not condition(bytes(self.output)):
            if time.monotonic() > deadline or not self.pump(0.05) and self.exited():
                tail = bytes(self.output[-600:])
                raise AssertionError(f"timed out waiting for {what}; output ends {tail!r}")

    def wait_for_text(self, text: str, timeout: float = START_TIMEOUT) -> None:
        encoded = text.encode()
        self.wait_for(lambda output: encoded in output, timeout, repr(text))

    def settle(self, quiet: float = 0.3, timeout: float = 3.0) -> None:
        """Read until nothing arrives for `quiet` seconds (the screen is drawn)."""
        deadline = time.monotonic() + timeout
        size = -1
        while size != len(self.output) and time.monotonic() < deadline:
            size = len(self.output)
            if not self.pump(quiet):
                return

    def exited(self) -> bool:
        if self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = status
        return self.status is not None

    def wait_exit(self, timeout: float = EXIT_TIMEOUT) -> int:
        """Read until the program exits; its exit code (128 + n for a signal n)."""
        deadline = time.monotonic() + timeout
        while not self.exited():
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"the program did not exit; output ends {bytes(self.output[-600:])!r}")
            self.pump(0.05)
        while self.pump(0.05):  # what is still buffered in the PTY
            pass
        assert self.status is not None
        return os.waitstatus_to_exitcode(self.status)

    def wait_stopped(self, timeout: float = EXIT_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while True:
            pid, status = os.waitpid(self.pid, os.WNOHANG | os.WUNTRACED)
            if pid and os.WIFSTOPPED(status):
                return
            if time.monotonic() > deadline:
                raise AssertionError("the program did not stop")
            self.pump(0.05)

    # ----------------------------------------------------------------------------- writing

    def send(self, data: bytes) -> None:
        os.write(self.fd, data)

    def signal(self, sig: int) -> None:
        os.kill(self.pid, sig)

    @property
    def text(self) -> str:
        return bytes(self.output).decode("utf-8", errors="replace")


def termios_winsize(rows: int, columns: int) -> bytes:
    import struct

    return struct.pack("HHHH", rows, columns, 0, 0)


def reader_argv(folder: Path) -> list[str]:
    return [sys.executable, "-m", "reader", str(folder)]


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    return write_articles(tmp_path / "articles")


@pytest.fixture
def started(tmp_path: Path, articles: Path) -> Iterator[PtyRun]:
    """The reader, started and showing right-to-left text."""
    with PtyRun(tmp_path / "home", reader_argv(articles)) as run:
        run.wait_for(lambda output: RTL_TEXT.search(output.decode("utf-8", "replace"))
                     is not None, START_TIMEOUT, "right-to-left text on screen")
        run.settle()
        yield run


def bidi_modes(output: bytes) -> list[bytes]:
    return BDSM.findall(output)


def assert_implicit_at_the_end(output: bytes) -> None:
    modes = bidi_modes(output)
    assert modes, "no bidi mode sequence at all"
    assert modes[-1] == IMPLICIT, f"the terminal is left in explicit mode: {modes}"
    assert SCP.findall(output)[-1] == b"\x1b[0 k", "the presentation direction is not reset"


# --------------------------------------------------------------------------- rule 1: start


def test_explicit_mode_precedes_the_first_right_to_left_character(started: PtyRun) -> None:
    text = started.text
    first_rtl = RTL_TEXT.search(text)
    assert first_rtl is not None
    explicit = text.find(EXPLICIT.decode())
    assert 0 <= explicit < first_rtl.start(), (
        f"CSI 8 l at {explicit}, first RTL character at {first_rtl.start()}")
    assert text.find("\x1b[1 k") < first_rtl.start(), "SCP left-to-right also comes first"
    assert bidi_modes(bytes(started.output)) == [EXPLICIT], "explicit once, not undone meanwhile"


# --------------------------------------------------------------------------- rule 1: exits


def test_quit_with_q_restores_implicit_mode(started: PtyRun) -> None:
    started.send(b"q")
    assert started.wait_exit() == 0
    assert_implicit_at_the_end(bytes(started.output))


def test_sigterm_restores_implicit_mode(started: PtyRun) -> None:
    started.signal(signal.SIGTERM)
    assert started.wait_exit() == 128 + signal.SIGTERM
    assert_implicit_at_the_end(bytes(started.output))


def test_sigint_restores_implicit_mode(started: PtyRun) -> None:
    """Ctrl+C is a key in Textual (raw mode: no ISIG); `kill -INT` still reaches the process."""
    started.signal(signal.SIGINT)
    assert started.wait_exit() == 128 + signal.SIGINT
    assert_implicit_at_the_end(bytes(started.output))


IDLE_AFTER = 1.5  # seconds after the first screen: every start-up timer has fired, the loop sleeps
ALT_SCREEN = re.compile(rb"\x1b\[\?1049[hl]")
MOUSE_MODES = re.compile(rb"\x1b\[\?(1000|1003|1006|1015)([hl])")


def assert_terminal_restored(output: bytes) -> None:
    """Implicit bidi mode, the main screen again, and no mouse reporting left on."""
    assert_implicit_at_the_end(output)
    assert ALT_SCREEN.findall(output)[-1:] == [b"\x1b[?1049l"], "still in the alternate screen"
    last: dict[bytes, bytes] = {}
    for mode, state in MOUSE_MODES.findall(output):
        last[mode] = state
    assert all(state == b"l" for state in last.values()), f"mouse reporting left on: {last}"


@pytest.mark.parametrize("name", ["SIGHUP", "SIGTERM", "SIGQUIT", "SIGINT"])
def test_every_stop_signal_to_an_idle_app_restores_the_terminal(
    started: PtyRun, name: str
) -> None:
    """Signalled once the app is idle (its loop asleep in select): it exits now, not at the
    next key press, through the orderly exit (issue 14, case 11)."""
    time.sleep(IDLE_AFTER)
    started.settle(quiet=0.2)
    sig = getattr(signal, name)
    started.signal(sig)
    assert started.wait_exit() == 128 + sig
    assert_terminal_restored(bytes(started.output))


CRASHING_WORKER = """
import sys
from reader.cli import main
from reader.ui.screens.main import MainScreen

started = MainScreen.on_mount


def crash() -> None:
    raise RuntimeError("a worker crashed")


def on_mount(self: MainScreen) -> None:
    started(self)
    self.set_timer(1.0, lambda: self.run_worker(crash, thread=True))


MainScreen.on_mount = on_mount
sys.exit(main(sys.argv[1:]))
"""


def test_a_crash_inside_a_worker_restores_the_terminal(tmp_path: Path, articles: Path) -> None:
    argv = [sys.executable, "-c", CRASHING_WORKER, str(articles)]
    with PtyRun(tmp_path / "home", argv) as run:
        run.wait_for(lambda output: RTL_TEXT.search(output.decode("utf-8", "replace"))
                     is not None, START_TIMEOUT, "right-to-left text on screen")
        assert run.wait_exit() != 0
        output = bytes(run.output)
    assert b"a worker crashed" in output
    assert_terminal_restored(output)


def test_ctrl_c_key_does_not_leave_explicit_mode_behind(started: PtyRun) -> None:
    """Textual binds Ctrl+C to a "press q to quit" hint: still running, then q exits cleanly."""
    started.send(b"\x03")
    started.settle()
    assert not started.exited()
    started.send(b"q")
    assert started.wait_exit() == 0
    assert_implicit_at_the_end(bytes(started.output))


def test_sigtstp_suspends_in_implicit_mode_and_resumes_explicit(started: PtyRun) -> None:
    """`kill -TSTP` (or Ctrl+Z where it is a signal): implicit while stopped, explicit again."""
    before = len(started.output)
    started.signal(signal.SIGTSTP)
    started.wait_stopped()
    started.settle(quiet=0.2)
    while_stopped = bytes(started.output[before:])
    assert bidi_modes(while_stopped)[-1:] == [IMPLICIT], (
        f"stopped with the terminal in explicit mode: {bidi_modes(while_stopped)}")
    resumed_at = len(started.output)
    started.signal(signal.SIGCONT)
    started.wait_for(lambda output: EXPLICIT in output[resumed_at:], START_TIMEOUT,
                     "CSI 8 l after SIGCONT")
    started.settle()
    after = bytes(started.output[resumed_at:])
    first_rtl = RTL_TEXT.search(after.decode("utf-8", "replace"))
    if first_rtl is not None:  # the screen is redrawn: explicit mode first
        assert after.decode("utf-8", "replace").find(EXPLICIT.decode()) < first_rtl.start()
    started.send(b"q")
    assert started.wait_exit() == 0
    assert_implicit_at_the_end(bytes(started.output))


def test_ctrl_z_key_suspends_in_implicit_mode_and_resumes_explicit(started: PtyRun) -> None:
    """Ctrl+Z pressed in the app (a key in raw mode) suspends it like a shell job."""
    before = len(started.output)
    started.send(b"\x1a")
    started.wait_stopped()
    started.settle(quiet=0.2)
    assert bidi_modes(bytes(started.output[before:]))[-1:] == [IMPLICIT]
    resumed_at = len(started.output)
    started.signal(signal.SIGCONT)
    started.wait_for(lambda output: EXPLICIT in output[resumed_at:], START_TIMEOUT,
                     "CSI 8 l after SIGCONT")
    started.send(b"q")
    assert started.wait_exit() == 0
    assert_implicit_at_the_end(bytes(started.output))


# --------------------------------------------------------------------------- rule 11


def test_no_escape_sequence_from_content_reaches_the_terminal(tmp_path: Path) -> None:
    folder = write_articles(tmp_path / "hostile", hostile=True)
    with PtyRun(tmp_path / "home", reader_argv(folder)) as run:
        run.wait_for_text("title")
        run.settle()
        for key in (b"j", b"j", b"k", b"\r"):  # move through the list, open an article
            run.send(key)
            run.settle(quiet=0.2)
        run.send(b"q")
        run.wait_exit()
        output = bytes(run.output)
    assert b"title" in output and b"body" in output, "the hostile articles were shown"
    assert b"\x1b]0;PWNED" not in output and b"PWNED" not in output
    assert b"\x1b]8;;http://evil" not in output and b"http://evil" not in output
    assert b"\xc2\x9b" not in output, "no 8-bit CSI"
    assert b"\x9b31m" not in output
    assert b"\x1b[2J" not in output, "the content's clear-screen never reaches the terminal"
