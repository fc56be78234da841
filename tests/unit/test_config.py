"""The configuration file: defaults, validation, round trip, and where it lives."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.config import Config, ConfigError, load_config, save_config
from reader.locations import config_file


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path / "absent.toml") == Config()


def test_round_trip(tmp_path: Path) -> None:
    config = Config(theme="reader-light", bidi="terminal", keymap={"app.quit": "ctrl+q"},
                    watch=("/srv/news",), layout="stacked",
                    list_columns=("source", "title", "entities"),
                    library="postgresql://alice@db.example/desk", analyzer="accurate")
    path = tmp_path / "config.toml"
    save_config(config, path)
    assert load_config(path) == config


def test_lives_in_the_xdg_config_dir(isolated_user_dirs: Path) -> None:
    assert config_file() == isolated_user_dirs / ".config" / "reader" / "config.toml"
    save_config(Config(theme="reader-ansi"))
    assert load_config().theme == "reader-ansi"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("theme = 3", "'theme' must be a str"),
        ("bidi = 'sideways'", "'bidi' must be one of auto, app, terminal"),
        ("[keymap]\n'app.quit' = 1", "'keymap.app.quit' must be a str"),
        ("theme = ", "not valid TOML"),
        ("layout = 'diagonal'", "'layout' must be one of auto, stacked, side"),
        ("list_columns = 'title'", "'list_columns' must be a list"),
        ("list_columns = ['title', 'size']", "not 'size'"),
        ("list_columns = ['date', 'source']", "must name 'title'"),
        ("list_columns = ['title', 'title']", "each column once"),
        ("library = 5", "'library' must be a str"),
        ("analyzer = 'bert'", "'analyzer' must be one of default, accurate, not 'bert'"),
        ("analyzer = true", "'analyzer' must be a str"),
    ],
)
def test_bad_values_give_one_clear_message(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert message in str(error.value)
    assert str(path) in str(error.value)


@pytest.mark.parametrize("choice", ["default", "accurate"])
def test_the_analyzer_is_default_or_accurate(tmp_path: Path, choice: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f"analyzer = '{choice}'", encoding="utf-8")
    assert load_config(path).analyzer == choice
    assert Config().analyzer == "default"
