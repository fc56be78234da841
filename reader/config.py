"""The user's configuration: a small TOML file in the XDG config directory."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reader.locations import config_file

BIDI_MODES = ("auto", "app", "terminal")
PANE_LAYOUTS = ("auto", "stacked", "side")
"""auto: the list above the article below 100 columns (as newsboat and mutt), beside it above."""
LIST_FIELDS = ("date", "source", "title", "entities")
DEFAULT_LIST_COLUMNS = ("date", "source", "title")
"""Like newsboat and mutt: the date first, then where it came from, then the title."""
DEFAULT_THEME = "reader-dark"
ANALYZERS = ("default", "accurate")
"""default: the fast extractor; accurate: Arabic names from the slower neural tagger, run only by
the background analysis process (see README, Configuration)."""


class ConfigError(Exception):
    """The configuration file exists but cannot be used; the message says why."""


@dataclass(frozen=True)
class Config:
    """Settings read from ``config.toml``; unknown keys are ignored, bad values rejected."""

    theme: str = DEFAULT_THEME
    bidi: str = "auto"
    keymap: dict[str, str] = field(default_factory=dict)
    watch: tuple[str, ...] = ()
    layout: str = "auto"
    list_columns: tuple[str, ...] = DEFAULT_LIST_COLUMNS
    refresh_minutes: int = 30  # automatic refresh of the subscriptions in the app; 0 = off
    browser: str = ""  # the command that opens links ("%s" = the URL); "" = $BROWSER
    browser_in_terminal: bool = False  # the browser runs in the terminal: suspend the app
    library: str = ""  # the library: a file or a postgresql:// URL; "" = the XDG file
    analyzer: str = "default"  # one of ANALYZERS: which extractor analyses the library

    def with_theme(self, theme: str) -> Config:
        return replace(self, theme=theme)


def _expect(value: Any, kind: type, key: str) -> Any:
    if not isinstance(value, kind):
        raise ConfigError(f"'{key}' must be a {kind.__name__}, not {type(value).__name__}")
    return value


def config_from_dict(data: dict[str, Any]) -> Config:
    """Validate a parsed TOML table into a Config."""
    config = Config()
    if "theme" in data:
        config = replace(config, theme=_expect(data["theme"], str, "theme"))
    if "bidi" in data:
        bidi = _expect(data["bidi"], str, "bidi")
        if bidi not in BIDI_MODES:
            raise ConfigError(f"'bidi' must be one of {', '.join(BIDI_MODES)}, not {bidi!r}")
        config = replace(config, bidi=bidi)
    if "keymap" in data:
        keymap = _expect(data["keymap"], dict, "keymap")
        for action_id, keys in keymap.items():
            _expect(keys, str, f"keymap.{action_id}")
        config = replace(config, keymap=dict(keymap))
    if "watch" in data:
        watch = _expect(data["watch"], list, "watch")
        config = replace(config, watch=tuple(_expect(item, str, "watch[]") for item in watch))
    if "layout" in data:
        layout = _expect(data["layout"], str, "layout")
        if layout not in PANE_LAYOUTS:
            raise ConfigError(f"'layout' must be one of {', '.join(PANE_LAYOUTS)}, not {layout!r}")
        config = replace(config, layout=layout)
    if "list_columns" in data:
        config = replace(config, list_columns=_list_columns(data["list_columns"]))
    if "refresh_minutes" in data:
        minutes = _expect(data["refresh_minutes"], int, "refresh_minutes")
        if minutes < 0 or isinstance(minutes, bool):
            raise ConfigError("'refresh_minutes' must be 0 (off) or a number of minutes")
        config = replace(config, refresh_minutes=minutes)
    if "browser" in data:
        config = replace(config, browser=_expect(data["browser"], str, "browser"))
    if "library" in data:
        config = replace(config, library=_expect(data["library"], str, "library"))
    if "analyzer" in data:
        analyzer = _expect(data["analyzer"], str, "analyzer")
        if analyzer not in ANALYZERS:
            raise ConfigError(f"'analyzer' must be one of {', '.join(ANALYZERS)}, "
                              f"not {analyzer!r}")
        config = replace(config, analyzer=analyzer)
    if "browser_in_terminal" in data:
        in_terminal = _expect(data["browser_in_terminal"], bool, "browser_in_terminal")
        config = replace(config, browser_in_terminal=in_terminal)
    return config


def _list_columns(value: Any) -> tuple[str, ...]:
    columns = tuple(_expect(item, str, "list_columns[]")
                    for item in _expect(value, list, "list_columns"))
    unknown = [name for name in columns if name not in LIST_FIELDS]
    if unknown:
        raise ConfigError(f"'list_columns' knows {', '.join(LIST_FIELDS)}, not {unknown[0]!r}")
    if "title" not in columns or len(set(columns)) != len(columns):
        raise ConfigError("'list_columns' must name 'title' and each column once")
    return columns


def config_to_dict(config: Config) -> dict[str, Any]:
    data: dict[str, Any] = {"theme": config.theme, "bidi": config.bidi}
    if config.keymap:
        data["keymap"] = dict(config.keymap)
    if config.watch:
        data["watch"] = list(config.watch)
    if config.layout != "auto":
        data["layout"] = config.layout
    if config.list_columns != DEFAULT_LIST_COLUMNS:
        data["list_columns"] = list(config.list_columns)
    defaults = Config()
    for key in ("refresh_minutes", "browser", "browser_in_terminal", "library", "analyzer"):
        if getattr(config, key) != getattr(defaults, key):
            data[key] = getattr(config, key)
    return data


def load_config(path: Path | None = None) -> Config:
    """Read the configuration; a missing file gives the defaults, a broken one a ConfigError."""
    path = path or config_file()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config()
    except OSError as error:
        raise ConfigError(f"cannot read {path}: {error.strerror}") from error
    import tomllib  # only a config file needs the TOML parser (a tenth of a command's start)

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path} is not valid TOML: {error}") from error
    try:
        return config_from_dict(data)
    except ConfigError as error:
        raise ConfigError(f"{path}: {error}") from error


def save_config(config: Config, path: Path | None = None) -> None:
    """Write the configuration atomically (a temporary file renamed over the old one)."""
    import tomli_w  # only needed when saving, kept off the start-up path

    path = path or config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".toml.tmp")
    temporary.write_text(tomli_w.dumps(config_to_dict(config)), encoding="utf-8")
    temporary.replace(path)
