"""The Textual application: themes, keymap, loading articles, and the screens."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.actions import ActionParseResult
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.filter import ANSIToTruecolor, LineFilter, Monochrome, NoColor
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

from reader.config import DEFAULT_THEME, Config, ConfigError, save_config
from reader.services.reading import ReadingService, open_library
from reader.store import Library, LibraryError, library_fault
from reader.terminal import TerminalAdvice
from reader.text.direction import first_rtl_index
from reader.text.logical import TextLayout, text_layout
from reader.text.output import visible
from reader.ui.screens.feed_actions import FeedActions
from reader.ui.screens.main import LAYOUT_CSS, MainScreen
from reader.ui.themes import ThemeFileError, discover_themes, variable_defaults
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.feeds_pane import FeedsPane
from reader.ui.widgets.panes import ReadingPanes
from reader.ui.widgets.side_panel import SidePanel

if TYPE_CHECKING:
    from reader.ui.screens.help import HelpSection

EXIT_LIBRARY_FAULT = 3  # as the library commands exit when the library cannot be used
TOAST_WIDTH = 36  # cells of text a toast shows at 80 columns without wrapping


def toast_text(message: str, layout: TextLayout) -> str:
    """A message with right-to-left text as a toast shows it: laid out (shaped and in visual
    order in bidi mode "app", logical for a terminal that does bidi) and cut into lines that
    fit a toast, so Textual never wraps (and so never re-orders) them. The result is plain
    text: a message quoting outside text is never read as markup."""
    return "\n".join(line.text for line in layout.text(message, TOAST_WIDTH))


class ReaderApp(App[None]):
    """A keyboard-first reader for right-to-left and mixed-direction news."""

    TITLE = "reader"
    ENABLE_COMMAND_PALETTE = True
    # Textual reads a screen's CSS_PATH when the screen is pushed, never for the default screen;
    # read here, it is parsed with the rest at start (a later read would parse everything again).
    CSS_PATH = [LAYOUT_CSS]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
        # Textual has the action but binds no key; in raw mode Ctrl+Z arrives as a key.
        Binding("ctrl+z", "suspend_process", "Suspend to the shell (fg resumes)", show=False,
                id="app.suspend"),
    ]

    def __init__(
        self,
        paths: Sequence[Path],
        *,
        library: Library | None = None,
        config: Config | None = None,
        theme_override: str | None = None,
        remember_theme: bool = True,
        bidi_advice: TerminalAdvice | None = None,
        watch: Sequence[Path] = (),
        start_warnings: Sequence[str] = (),
    ) -> None:
        """``start_warnings``: what went wrong before the app started (a bad setting), shown
        as notifications once it is on screen."""
        super().__init__()
        self.bidi_advice = bidi_advice or TerminalAdvice("app", "unknown")
        self.paths = list(paths)
        self.watch_folders = list(watch)
        self.library = library or open_library(paths)
        self.config = config or Config()
        self._remember_theme = remember_theme
        self._start_warnings = list(start_warnings)
        self._session_theme = ""
        self._no_color_filter = NoColor()
        for theme in self._load_themes():
            self.register_theme(theme)
        self._start_with_theme(theme_override or self.config.theme)

    def _load_themes(self) -> Iterable[Theme]:
        for found in discover_themes():
            if isinstance(found, ThemeFileError):
                self._start_warnings.append(f"Theme skipped: {found}")
            else:
                yield found

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification (the screens' ``self.notify`` comes here too) goes through the
        output gate: escapes, controls and bidi overrides in a quoted name are shown as escapes
        (``\\x1b``; Textual would write them to the terminal as they are). Then, when it is plain
        text or quotes right-to-left text, through :func:`toast_text`: tags, entities, file names
        and feed titles are laid out like any text, in the app's bidi mode (Textual's own
        messages, in markup and left to right, are left as they are)."""
        message, title = visible(message), visible(title)
        if not markup or first_rtl_index(message) is not None:
            message, markup = toast_text(message, text_layout(self.bidi_advice.mode)), False
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Under ``NO_COLOR`` every colour goes, backgrounds included: Textual's own filter
        keeps them as greys (a separator grey on grey is invisible); the cursor and the
        highlights are drawn in reverse video and bold instead (``:nocolor`` rules)."""
        filters = super().get_line_filters()
        if not self.no_color:
            return filters
        kept = [f for f in filters if not isinstance(f, Monochrome | ANSIToTruecolor | NoColor)]
        return [*kept, self._no_color_filter]

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """A library fault in an action (a full disk on ``s``, a damaged file on ``G``) is a
        message, not a crash: the write was rolled back, the app keeps running, and the key
        can be pressed again."""
        try:
            return await super().run_action(action, default_namespace, namespaces)
        except (LibraryError, sqlite3.Error) as error:
            self.notify(str(self._library_fault(error)), title="Library", severity="error",
                        markup=False, timeout=10)
            return True

    def _library_fault(self, error: LibraryError | sqlite3.Error) -> LibraryError:
        if isinstance(error, sqlite3.Error):
            return library_fault(error, self.library.path)
        return error

    def _handle_exception(self, error: Exception) -> None:
        """A library fault outside an action (a damaged page met while the list is drawn) ends
        the session with the fault's message, not a traceback. Textual has no public hook for
        this; the widget that raised takes no more messages, so the session cannot go on."""
        if not isinstance(error, (LibraryError, sqlite3.Error)):
            super()._handle_exception(error)
            return
        message = f"reader: {self._library_fault(error)}"
        self.exit(return_code=EXIT_LIBRARY_FAULT, message=Text(visible(message)))

    def get_default_screen(self) -> Screen[None]:
        service = ReadingService(self.library, self.paths, watch=self.watch_folders)
        return MainScreen(service, text_layout(self.bidi_advice.mode), self.config)

    @property
    def main_screen(self) -> MainScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, MainScreen)
        return screen

    def on_mount(self) -> None:
        self._session_theme = self.theme
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self.config.keymap:
            self.set_keymap(self.config.keymap)
        for warning in self._start_warnings:
            self.notify(warning, severity="warning", markup=False)
        if self.bidi_advice.warning:
            self.main_screen.set_notice(self.bidi_advice.warning)

    def get_css_variables(self) -> dict[str, str]:
        # App.__init__ asks once for the default theme, before the reader's themes exist;
        # _start_with_theme sets the real ones (each answer builds a whole colour system).
        if not getattr(self, "_theme_chosen", False):
            return {}
        return super().get_css_variables()

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return variable_defaults(self.current_theme)

    def _start_with_theme(self, name: str) -> None:
        """Make ``name`` (or the default, if unknown) the theme before any CSS is parsed.

        Assigning ``App.theme`` runs Textual's watcher, which parses every stylesheet again with
        the theme's variables: at start-up that second parse cost a tenth of a bare Textual
        app's whole start. Before the first parse, setting the value, the theme classes, the
        ANSI filter and the CSS variables is the same change without the second parse.
        """
        if name not in self.available_themes:
            self._start_warnings.append(f"Unknown theme {name!r}; using {DEFAULT_THEME}.")
            name = DEFAULT_THEME
        self.set_reactive(App.theme, name)
        self._theme_chosen = True
        theme = self.current_theme
        self.set_class(True, f"-theme-{name}", update=False)
        self.set_class(theme.dark, "-dark-mode", update=False)
        self.set_class(not theme.dark, "-light-mode", update=False)
        # Private, and no public equivalent: App._watch_theme calls it to re-map ANSI colours.
        self._refresh_truecolor_filter(self.ansi_theme)
        self.stylesheet.set_variables(self.get_css_variables())

    def _theme_changed(self, theme: Theme) -> None:
        """Remember a theme the user picks; the one applied at start (maybe --theme) is not."""
        if theme.name == self._session_theme:
            return
        self._session_theme = theme.name
        if not self._remember_theme or theme.name == self.config.theme:
            return
        self.config = self.config.with_theme(theme.name)
        try:
            save_config(self.config)
        except (OSError, ConfigError) as error:
            self.notify(f"Could not save the theme choice: {error}", severity="error",
                        markup=False)

    def help_sections(self) -> list[HelpSection]:
        return [
            ("Everywhere", [*self.BINDINGS, Binding("ctrl+p", "command_palette",
                                                    "Command palette (themes, actions)")]),
            ("Reading and triage", MainScreen.BINDINGS),
            ("Article list", ArticleList.BINDINGS),
            ("Panes", ReadingPanes.BINDINGS),
            ("Article body", ArticleView.BINDINGS),
            ("Entities and keywords panel", SidePanel.BINDINGS),
            ("Links, full text and feeds", FeedActions.BINDINGS),
            ("Feeds pane", FeedsPane.BINDINGS),
        ]

    def action_help(self) -> None:
        from reader.ui.screens.help import HelpScreen  # the first '?' (most sessions never ask)

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.help_sections(), self.config.keymap))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, MainScreen):
            yield SystemCommand("Focus mode", "Show the article alone, full screen (z)",
                                screen.action_toggle_focus_mode)
            yield SystemCommand("Entities panel", "Show or hide the side panel (e)",
                                screen.action_toggle_side_panel)
            yield SystemCommand("Clear filter", "Show every article again (Esc)",
                                screen.action_clear_filter)
        yield SystemCommand("Help", "List every key (?)", self.action_help)
