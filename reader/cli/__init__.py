"""The ``reader`` command: the TUI by default, headless subcommands for scripts.

Subcommands are imported only when used, so ``reader show`` never loads Textual.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from reader import __version__

if TYPE_CHECKING:
    import argparse

# command -> (module under reader.cli, one-line help)
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "show": ("show", "print one article laid out for a terminal"),
    "analyze": ("analyze", "list the entities and keywords of articles"),
    "import": ("library", "add files, folders, feeds or OPML lists to the library"),
    "refresh": ("library", "fetch every subscribed feed"),
    "search": ("library", "search the library"),
    "export": ("library", "export articles as JSON, Markdown or OPML"),
    "stats": ("library", "counts of the library"),
    "tag": ("library", "tag articles (--shared: the desk's shared tag)"),
    "check": ("check", "check the library file (and repair it)"),
    "library": ("library_copy", "copy a whole library to another (file or PostgreSQL)"),
}


def _subcommand_epilog() -> str:
    lines = ["commands:"]
    lines += [f"  {name:<10} {text}" for name, (_, text) in SUBCOMMANDS.items()]
    lines.append("run 'reader COMMAND --help' for a command's options")
    return "\n".join(lines)


def build_tui_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="reader",
        description="A terminal news reader for right-to-left and mixed-direction news.",
        epilog=_subcommand_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="article files or folders to read in a session of their own, "
                        "nothing saved (default: your library, which the first start fills "
                        "with the bundled seed articles)")
    parser.add_argument("--theme", help="theme for this session (reader-dark, reader-light, "
                        "reader-high-contrast, reader-ansi, or any Textual theme)")
    parser.add_argument("--bidi", choices=("auto", "app", "terminal"),
                        help="who lays out right-to-left text: 'app' (the reader shapes and "
                        "orders it), 'terminal' (a terminal that does bidi itself, such as mlterm "
                        "or Konsole) or 'auto' (the app, with advice for terminals known to "
                        "reorder text); default: 'bidi' in the config file, else auto")
    parser.add_argument("--library", metavar="FILE|URL",
                        help="the library: a file, or postgresql://user@host/database for a "
                        "desk's shared library (default: READER_LIBRARY, else 'library' in the "
                        "config file, else the XDG data dir)")
    parser.add_argument("--watch", action="append", default=[], metavar="DIR",
                        help="import files dropped into DIR while the reader runs (repeatable)")
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    return parser


class TuiOptions(NamedTuple):
    """The TUI's command line, as :func:`build_tui_parser` reads it."""

    paths: list[str]
    theme: str | None
    bidi: str | None
    library: str | None
    watch: list[str]


def tui_options(argv: Sequence[str]) -> TuiOptions:
    """The TUI's options. With none given, the parser's defaults without the parser: building
    it imports argparse and gettext, a hundredth of a start to the titles (a test compares)."""
    if not argv:
        return TuiOptions(paths=[], theme=None, bidi=None, library=None, watch=[])
    return TuiOptions(**vars(build_tui_parser().parse_args(argv)))


def run_subcommand(name: str, argv: Sequence[str]) -> int:
    import argparse

    module_name, text = SUBCOMMANDS[name]
    module = importlib.import_module(f"reader.cli.{module_name}")
    parser = argparse.ArgumentParser(prog="reader", description=text)
    subparsers = parser.add_subparsers(dest="command", required=True)
    if hasattr(module, "add_parsers"):
        module.add_parsers(subparsers, only=name)  # the command's own parser, not its module's
    else:
        module.add_parser(subparsers)
    args = parser.parse_args([name, *argv])
    result: int = module.run(args)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    # The taggers' matrices are small: OpenBLAS's extra threads only spin on them (`analyze
    # --accurate` took 4.4 s of wall time for the seed, 2.6 s with one thread, on 2 cores). Set
    # before numpy loads; a user's own setting wins.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    try:
        if arguments and arguments[0] in SUBCOMMANDS:
            return run_subcommand(arguments[0], arguments[1:])
        # Start-up allocates what lives as long as the process: no collection until run_tui has
        # imported the app (then it freezes those objects and turns collection back on).
        gc.disable()
        options = tui_options(arguments)  # --version, --help and a usage error end here
        from reader.cli.tui import run_tui

        return run_tui(options)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    finally:
        gc.enable()


if __name__ == "__main__":
    raise SystemExit(main())
