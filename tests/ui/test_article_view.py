"""Pilot tests of the article body on its own: progressive layout of long articles."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.strip import Strip

from reader.model.article import Article
from reader.ui.themes import variable_defaults
from reader.ui.widgets.article_view import ArticleView, build_lines

PARAGRAPH = "قال المتحدث إن الاجتماع المقبل سيعقد في دمشق (في 12 كانون الثاني) بحضور الوفود."


class BodyOnly(App[None]):
    def get_theme_variable_defaults(self) -> dict[str, str]:
        return variable_defaults(self.current_theme)

    def compose(self) -> ComposeResult:
        yield ArticleView(id="body")


async def test_a_long_article_shows_its_top_first_and_the_rest_after_the_frame() -> None:
    article = Article(title="مقال طويل", paragraphs=tuple(f"{i} {PARAGRAPH}" for i in range(300)))
    app = BodyOnly()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(ArticleView)
        view.show(article)
        first = view.virtual_size.height
        assert 24 <= first < 300, "only what fills the pane (and a screen more) before the frame"
        await pilot.pause()
        full = build_lines(article, view.measure)
        assert view.virtual_size.height == len(full)
        assert [line.line.text for line in view.lines if line.line] == [
            line.line.text for line in full if line.line
        ]


async def test_lines_asked_for_before_the_frame_are_complete() -> None:
    article = Article(title="t", paragraphs=tuple(PARAGRAPH for _ in range(200)))
    app = BodyOnly()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(ArticleView)
        view.show(article)
        assert len(view.lines) == len(build_lines(article, view.measure))
        await pilot.pause()


class RecordingView(ArticleView):
    """Keeps the text of every line it draws, in order."""

    drawn: list[str]

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        self.drawn.append(strip.text)
        return strip


class ShownBeforeLayout(BodyOnly):
    """Shows an article in on_mount, before any widget has a size: as the reader does at start."""

    def compose(self) -> ComposeResult:
        view = RecordingView(id="body")
        view.drawn = []
        yield view

    def on_mount(self) -> None:
        self.query_one(RecordingView).show(Article(title="عنوان المقال", paragraphs=(PARAGRAPH,)))


async def test_an_article_shown_before_the_first_layout_is_drawn_at_the_panes_width() -> None:
    """The first frame once showed the article one character per line (laid out before the
    pane had a width) until the Resize message re-laid it out."""
    app = ShownBeforeLayout()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.query_one(RecordingView)
        first_text = next(line for line in view.drawn if line.strip())
        assert len(first_text.strip()) > 5, first_text
        assert view.measure == 80 - 2 - 1  # margins, and the scrollbar's gutter
