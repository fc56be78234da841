"""Feed HTML read by the fast path (one regex) gives what html.parser gives, whatever it holds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.sources import html_text
from reader.sources.html_text import html_to_text_and_links

# html.parser's events, every one (imported here, not in the first example's timed run)
PARSE_WITH_HTML_PARSER = html_text._html_parser_collect()


def by_html_parser(html: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    collector = PARSE_WITH_HTML_PARSER(html)
    collector.flush()
    return tuple(collector.paragraphs), tuple(collector.links)


TAGS = ["p", "P", "br", "div", "a", "b", "li", "script", "style", "svg", "h1", "span", "img"]
ATTRIBUTES = ['', ' href="https://x.example/?a=1&amp;b=2"', " href='y'", ' class="c"', " alt",
              ' href = "z"', " HREF=\"Q\"", " href=unquoted", ' data-x="<"']  # fmt: skip
TEXTS = ["سوريا", " ", "\n", "\r\n", "&amp;", "&lt;b&gt;", "&nbsp;", "&#1587;", "a < b", "&",
         "&amp", "\u00a0", "\u2028", "x", "<!-- c -->", "<![CDATA[z]]>", "<?pi?>", ">"]  # fmt: skip


@st.composite
def markup(draw: st.DrawFn) -> str:
    pieces = []
    for _ in range(draw(st.integers(0, 12))):
        tag = draw(st.sampled_from(TAGS))
        kind = draw(st.sampled_from(["open", "close", "self", "text", "text"]))
        if kind == "open":
            pieces.append(f"<{tag}{draw(st.sampled_from(ATTRIBUTES))}>")
        elif kind == "close":
            pieces.append(f"</{tag}{draw(st.sampled_from(['', ' ']))}>")
        elif kind == "self":
            pieces.append(f"<{tag}{draw(st.sampled_from(ATTRIBUTES))}/>")
        else:
            pieces.append(draw(st.sampled_from(TEXTS)))
    return "".join(pieces)


@settings(max_examples=500)
@given(markup())
def test_the_fast_path_reads_as_html_parser_does(html: str) -> None:
    assert html_to_text_and_links(html) == by_html_parser(html)


def test_the_fast_path_is_taken_for_simple_markup_only() -> None:
    seen = html_text._Collector()
    assert html_text._read_simple_markup('<p class="x">a &amp; b</p><br/>', seen)
    assert not html_text._read_simple_markup("<p>a</p><!-- c -->", html_text._Collector())
    assert not html_text._read_simple_markup("<script>x</script>", html_text._Collector())
    assert not html_text._read_simple_markup("<a href=x>y</a>", html_text._Collector())
