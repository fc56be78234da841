"""Pilot tests of the article body on its own: progressive layout of long articles."""

from __future__ import annotations

from textual.app import App, ComposeResult

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
