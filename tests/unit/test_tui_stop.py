"""A signal that ends the session ends the process even when the orderly exit never finishes."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time

import pytest

# An app whose orderly exit never returns: what a reader whose terminal was gone did (Textual's
# writer blocked for ever on the dead terminal), found asleep an hour after tmux was killed.
_STUCK_APP = textwrap.dedent("""
    import signal, time
    from reader.cli.tui import stop_handler

    class StuckApp:
        def exit(self, *, return_code: int) -> None:
            time.sleep(3600)

    signal.signal(signal.SIGHUP, stop_handler(StuckApp(), grace=0.5))
    print("ready", flush=True)
    while True:
        time.sleep(1)
""")


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")
def test_a_stuck_exit_still_ends_the_process_after_the_grace() -> None:
    process = subprocess.Popen([sys.executable, "-c", _STUCK_APP], stdout=subprocess.PIPE,
                               text=True)
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
        sent = time.monotonic()
        process.send_signal(signal.SIGHUP)
        assert process.wait(timeout=30) == 128 + signal.SIGHUP
        assert time.monotonic() - sent >= 0.5
    finally:
        process.kill()
        process.wait()
