"""Drive a program in a real terminal: a private tmux server, keys in, screen text out."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from types import TracebackType


def tmux_available() -> bool:
    return shutil.which("tmux") is not None


class TmuxSession:
    """One detached session on its own server socket, so tests never touch the user's tmux."""

    def __init__(self, command: Sequence[str], *, width: int, height: int,
                 env: Mapping[str, str] | None = None) -> None:
        self.socket = f"reader-test-{uuid.uuid4().hex[:10]}"
        assignments = [f"{key}={value}" for key, value in (env or {}).items()]
        # COLUMNS/LINES inherited from a test runner would pin the program's idea of its size.
        self.command = shlex.join(["env", "-u", "COLUMNS", "-u", "LINES", *assignments, *command])
        self.width = width
        self.height = height

    def _tmux(self, *args: str) -> str:
        result = subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", *args],
                                capture_output=True, text=True, check=False)
        return result.stdout

    def start(self) -> TmuxSession:
        self._tmux("new-session", "-d", "-x", str(self.width), "-y", str(self.height),
                   self.command)
        self._tmux("set-option", "-g", "remain-on-exit", "on")
        return self

    def capture(self) -> list[str]:
        """The screen as text, one string per row (what a user sees, cell by cell)."""
        return self._tmux("capture-pane", "-p").split("\n")[: self.height]

    def send(self, *keys: str) -> None:
        self._tmux("send-keys", *keys)

    def resize(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self._tmux("resize-window", "-x", str(width), "-y", str(height))

    def pane_pid(self) -> int:
        """The process id of the program in the pane (``env`` execs it, keeping the pid)."""
        return int(self._tmux("display", "-p", "#{pane_pid}").strip())

    def pane_dead(self) -> bool:
        return self._tmux("display", "-p", "#{pane_dead}").strip() == "1"

    def wait_for(self, predicate: Callable[[list[str]], bool], timeout: float = 20.0,
                 interval: float = 0.02) -> list[str]:
        """Poll the screen until ``predicate`` holds; raise TimeoutError with the last screen."""
        deadline = time.monotonic() + timeout
        screen = self.capture()
        while not predicate(screen):
            if time.monotonic() > deadline:
                raise TimeoutError("screen never matched:\n" + "\n".join(screen))
            time.sleep(interval)
            screen = self.capture()
        return screen

    def close(self) -> None:
        self._tmux("kill-server")

    def __enter__(self) -> TmuxSession:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def screen_contains(text: str) -> Callable[[list[str]], bool]:
    return lambda screen: any(text in row for row in screen)
