"""Opening an article's link in the user's browser.

The browser is the ``browser`` setting of the configuration, else ``$BROWSER`` (its first
entry; ``%s`` stands for the URL), else ``xdg-open``, else Python's ``webbrowser``. A terminal
browser (lynx, w3m, elinks, links, or any one the configuration marks with
``browser_in_terminal = true``) needs the terminal: the app suspends while it runs. Only
http(s) links are ever handed to a browser: a ``javascript:`` or ``file:`` link in a hostile
feed is refused with the reason, shown escaped.
"""

from __future__ import annotations

import shlex
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath

from reader.sources.errors import SourceError
from reader.sources.http import checked_url

TERMINAL_BROWSERS = frozenset({"lynx", "w3m", "elinks", "links", "links2", "browsh", "carbonyl"})


@dataclass(frozen=True)
class BrowserCommand:
    """How to open one URL: the command line (empty: Python's ``webbrowser``) and whether it
    runs in this terminal."""

    argv: tuple[str, ...]
    in_terminal: bool


def browser_command(
    url: str,
    environ: Mapping[str, str],
    configured: str = "",
    in_terminal: bool = False,
) -> BrowserCommand:
    """The command that opens ``url``; SourceError when ``url`` is not an http(s) URL."""
    checked_url(url)
    chosen = configured.strip() or environ.get("BROWSER", "").split(":")[0].strip()
    if not chosen:
        opener = shutil.which("xdg-open")
        return BrowserCommand((opener, url) if opener else (), False)
    try:
        words = shlex.split(chosen)
    except ValueError as error:
        raise SourceError(f"the browser command cannot be read ({error})") from None
    if not words:
        return BrowserCommand((), False)
    argv = [word.replace("%s", url) for word in words]
    if not any("%s" in word for word in words):
        argv.append(url)
    terminal = in_terminal or PurePath(words[0]).name in TERMINAL_BROWSERS
    return BrowserCommand(tuple(argv), terminal)


def open_in_background(command: BrowserCommand, url: str) -> None:
    """Start a graphical browser (or ``webbrowser``) without waiting for it; OSError when it
    cannot be started."""
    if not command.argv:
        import webbrowser

        if not webbrowser.open(url):
            raise OSError("no browser found: set $BROWSER or 'browser' in config.toml")
        return
    import subprocess

    subprocess.Popen(  # noqa: S603 - the user's own browser command, with a checked URL
        command.argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def run_in_terminal(command: BrowserCommand) -> int:
    """Run a terminal browser in the foreground (the app is suspended); its exit status."""
    import subprocess

    return subprocess.call(command.argv)  # noqa: S603 - as above
