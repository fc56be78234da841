"""Where things live: bundled data inside the package, and the user's XDG directories."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "reader"
_PACKAGE_DIR = Path(__file__).resolve().parent


def bundled_dir(name: str) -> Path:
    """A data folder shipped with the app (``seeds`` or ``themes``).

    A built wheel carries them in ``reader/_data``; a source checkout has them beside the package.
    """
    for candidate in (_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled folder {name!r} is missing from this installation")


def _xdg_home(variable: str, default: str) -> Path:
    value = os.environ.get(variable, "")
    base = Path(value) if value and Path(value).is_absolute() else Path.home() / default
    return base / APP_NAME


def config_dir() -> Path:
    """``$XDG_CONFIG_HOME/reader`` (default ``~/.config/reader``); not created here."""
    return _xdg_home("XDG_CONFIG_HOME", ".config")


def data_dir() -> Path:
    """``$XDG_DATA_HOME/reader`` (default ``~/.local/share/reader``); not created here."""
    return _xdg_home("XDG_DATA_HOME", ".local/share")


def config_file() -> Path:
    """The user's configuration file, ``config.toml`` in the config directory."""
    override = os.environ.get("READER_CONFIG", "")
    return Path(override) if override else config_dir() / "config.toml"
