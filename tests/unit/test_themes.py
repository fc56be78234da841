"""Theme files: every bundled theme loads; a broken one is reported, not fatal."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.locations import bundled_dir
from reader.ui.themes import ThemeFileError, discover_themes, load_theme_file

BUNDLED = sorted(bundled_dir("themes").glob("*.toml"))


def test_the_four_kinds_of_theme_ship() -> None:
    names = {path.stem for path in BUNDLED}
    assert {"reader-dark", "reader-light", "reader-high-contrast", "reader-ansi"} <= names


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.stem)
def test_bundled_theme_loads(path: Path) -> None:
    theme = load_theme_file(path)
    assert theme.name == path.stem
    assert theme.variables["highlight-background"]


def test_ansi_theme_uses_only_the_16_terminal_colours() -> None:
    theme = load_theme_file(bundled_dir("themes") / "reader-ansi.toml")
    assert theme.ansi
    colours = [theme.primary, theme.secondary, theme.background, *theme.variables.values()]
    assert all(str(colour).startswith("ansi_") for colour in colours)


def test_user_theme_with_a_bad_colour_is_reported(isolated_user_dirs: Path) -> None:
    folder = isolated_user_dirs / ".config" / "reader" / "themes"
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text('name = "mine"\nprimary = "not-a-colour"\n')
    found = list(discover_themes())
    errors = [item for item in found if isinstance(item, ThemeFileError)]
    assert len(errors) == 1 and "mine.toml" in str(errors[0])
    assert len(found) - 1 == len(BUNDLED)
