"""Themes shipped as TOML files in ``themes/``, turned into Textual ``Theme`` objects."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.theme import Theme

from reader.locations import bundled_dir, config_dir

COLOUR_KEYS = (
    "primary", "secondary", "accent", "foreground", "background",
    "surface", "panel", "boost", "success", "warning", "error",
)


class ThemeFileError(Exception):
    """A theme file that cannot be used; the message names the file and the problem."""


def _colour(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise ThemeFileError(f"{where} must be a colour string")
    try:
        Color.parse(value)
    except ColorParseError as error:
        raise ThemeFileError(f"{where}: {value!r} is not a colour") from error
    return value


def theme_from_dict(data: dict[str, Any], origin: str) -> Theme:
    """Validate one theme table and build the Theme."""
    name = data.get("name")
    if not isinstance(name, str) or not name:
        raise ThemeFileError(f"{origin}: 'name' is missing")
    if "primary" not in data:
        raise ThemeFileError(f"{origin}: 'primary' is missing")
    colours = {
        key: _colour(data[key], f"{origin}: {key}") for key in COLOUR_KEYS if key in data
    }
    variables = {
        str(key): _colour(value, f"{origin}: variables.{key}")
        for key, value in dict(data.get("variables", {})).items()
    }
    return Theme(
        name=name,
        primary=colours.pop("primary"),
        secondary=colours.get("secondary"),
        accent=colours.get("accent"),
        foreground=colours.get("foreground"),
        background=colours.get("background"),
        surface=colours.get("surface"),
        panel=colours.get("panel"),
        boost=colours.get("boost"),
        success=colours.get("success"),
        warning=colours.get("warning"),
        error=colours.get("error"),
        dark=bool(data.get("dark", True)),
        ansi=bool(data.get("ansi", False)),
        variables=variables,
    )


def load_theme_file(path: Path) -> Theme:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ThemeFileError(f"{path.name}: {error}") from error
    return theme_from_dict(data, path.name)


def theme_dirs() -> list[Path]:
    """Bundled themes first, then the user's own (``$XDG_CONFIG_HOME/reader/themes``)."""
    return [bundled_dir("themes"), config_dir() / "themes"]


def discover_themes() -> Iterator[Theme | ThemeFileError]:
    """Every theme file found, or the error that made it unusable (never raises)."""
    for folder in theme_dirs():
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                yield load_theme_file(path)
            except ThemeFileError as error:
                yield error


def variable_defaults(theme: Theme) -> dict[str, str]:
    """Values of the reader's own CSS variables for a theme that does not set them (Textual's
    themes, a user's): derived from its accent, so any theme can be used."""
    accent = theme.accent or theme.primary
    try:
        background = Color.parse(theme.background or ("#000000" if theme.dark else "#ffffff"))
        highlight = background.blend(Color.parse(accent), 0.4).hex
    except ColorParseError:  # ANSI names: let the terminal's palette decide
        highlight = accent
    return {
        "highlight-background": highlight,
        "entity-person": theme.warning or accent,
        "entity-place": theme.success or accent,
        "entity-organization": theme.secondary or theme.primary,
        "entity-other": theme.foreground or accent,
    }
