"""End to end in a real terminal: start ``reader`` in tmux and read what the screen shows."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.cells import cell_len
from support.tmux import TmuxSession, screen_contains, tmux_available

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not tmux_available(), reason="tmux is not installed (apt-get install tmux)"),
]

# Visual (shaped, reordered) forms of words of seeds/sample_ar_page.txt, as terminal cells.
TITLE_FIRST_WORD = "ﺮﻤﺗﺆﻣ"  # مؤتمر
PARAGRAPH_FIRST_WORD = "ﺢﺘﺘﻓﺍ"  # افتتح
PARAGRAPH_LAST_WORD = ".ﻕﺍﺮﻌﻟﺍﻭ"  # والعراق.
REAL_SEED_TITLE_WORD = "ﺕﺍﺭﺎﻴﻬﻧﺍ"  # انهيارات, the first word of seeds/000_eb7556d38df37801.txt
SEPARATOR = "▕"  # the list's right border
SIDE_SEPARATOR = "▏"  # the side panel's left border
SCROLLBAR = "▁▂▃▄▅▆▇█▔"


SEED = Path(__file__).resolve().parents[2] / "seeds" / "sample_ar_page.txt"


def reader_session(home: Path, width: int, height: int, *args: str) -> TmuxSession:
    """``reader`` (this interpreter's) in a private tmux server, with its own XDG dirs."""
    env = {"XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data"),
           "TERM": "xterm-256color"}
    return TmuxSession([sys.executable, "-m", "reader", *args], width=width, height=height,
                       env=env)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path


@pytest.fixture
def reader_80(home: Path) -> Iterator[TmuxSession]:
    """At 80 columns with the list beside the body (the default stacks them), which these
    tests read row by row on each side of the list's border."""
    config = home / "config" / "reader" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('layout = "side"\n', encoding="utf-8")
    with reader_session(home, 80, 24, str(SEED)) as session:
        yield session


def test_at_80x24_the_list_is_above_the_body_and_i_puts_it_beside(home: Path) -> None:
    with reader_session(home, 80, 24, str(SEED)) as session:
        screen = session.wait_for(screen_contains(PARAGRAPH_FIRST_WORD))
        title_row = next(row for row in screen if TITLE_FIRST_WORD in row)
        assert SEPARATOR not in title_row and "2024" in title_row, "date and title, full width"
        border = next(i for i, row in enumerate(screen) if set(row.strip()) == {"▁"})
        assert any(PARAGRAPH_FIRST_WORD in row for row in screen[border:]), "the body below"
        session.send("i")
        session.wait_for(lambda rows: any(  # the body beside the list (a whole frame: waited)
            row.split(SEPARATOR, 1)[1].rstrip().endswith(PARAGRAPH_FIRST_WORD)
            for row in rows if SEPARATOR in row))


def body_rows(screen: list[str]) -> list[str]:
    """The body pane of each row: between the list and the side panel, scrollbar removed."""
    rows = []
    for row in screen:
        text = row.split(SEPARATOR, 1)[1] if SEPARATOR in row else row
        text = text.split(SIDE_SEPARATOR, 1)[0]
        rows.append(text.rstrip().rstrip(SCROLLBAR).rstrip())
    return rows


def first_paragraph(rows: list[str]) -> list[str]:
    """The rows of the first paragraph; empty while the screen is still being redrawn."""
    start = next((i for i, row in enumerate(rows) if row.endswith(PARAGRAPH_FIRST_WORD)), None)
    if start is None:
        return []
    end = next((i for i in range(start, len(rows)) if not rows[i].strip()), len(rows))
    return rows[start:end]


def assert_reads_right_to_left(screen: list[str]) -> None:
    rows = body_rows(screen)
    paragraph = first_paragraph(rows)
    assert len(paragraph) >= 2, "the paragraph wraps over several lines"
    right_edges = {cell_len(row) for row in paragraph}
    assert len(right_edges) == 1, f"right-aligned lines end together: {paragraph}"
    assert paragraph[0].endswith(PARAGRAPH_FIRST_WORD), "the first line holds the first word"
    assert PARAGRAPH_LAST_WORD in paragraph[-1], "the last line holds the last word"


def article_drawn(screen: list[str]) -> bool:
    """The title in the list and the whole first paragraph in the body: a frame tmux has read
    to its end (a busy machine can show one half drawn)."""
    return all(screen_contains(word)(screen)
               for word in (TITLE_FIRST_WORD, PARAGRAPH_FIRST_WORD, PARAGRAPH_LAST_WORD))


def test_seed_title_in_the_list_and_body_right_to_left_at_80x24(
    reader_80: TmuxSession,
) -> None:
    screen = reader_80.wait_for(article_drawn)
    list_rows = [row.split(SEPARATOR, 1)[0] for row in screen if SEPARATOR in row]
    assert list_rows[0].rstrip().endswith(TITLE_FIRST_WORD), (
        "the seed's title is the first row, right-aligned, cut at its logical end")
    assert_reads_right_to_left(screen)
    assert not any(ch in "\u0627\u0644\u0645" for row in screen for ch in row), (
        "no unshaped Arabic letters reach the terminal")


def test_body_reads_right_to_left_at_160x50(home: Path) -> None:
    with reader_session(home, 160, 50, str(SEED)) as session:
        screen = session.wait_for(article_drawn)
        assert any(TITLE_FIRST_WORD in row.split(SEPARATOR, 1)[0] for row in screen)
        assert_reads_right_to_left(screen)


def test_resize_lays_the_body_out_again(reader_80: TmuxSession) -> None:
    narrow = body_rows(reader_80.wait_for(screen_contains(PARAGRAPH_FIRST_WORD)))
    reader_80.resize(140, 40)
    wide_screen = reader_80.wait_for(
        lambda screen: 0 < len(first_paragraph(body_rows(screen))) < len(first_paragraph(narrow)))
    assert_reads_right_to_left(wide_screen)


def test_focus_mode_shows_the_body_alone(reader_80: TmuxSession) -> None:
    reader_80.wait_for(screen_contains(PARAGRAPH_FIRST_WORD))
    reader_80.send("z")
    screen = reader_80.wait_for(lambda rows: not any(SEPARATOR in row for row in rows))
    assert_reads_right_to_left(screen)
    reader_80.send("z")
    reader_80.wait_for(screen_contains(SEPARATOR))


def test_first_start_seeds_the_library_and_lists_the_seed(home: Path) -> None:
    with reader_session(home, 120, 30) as session:
        screen = session.wait_for(screen_contains(TITLE_FIRST_WORD))
        assert any(row.startswith(" Incoming") for row in screen[:1])
        real_seed = [row for row in screen if REAL_SEED_TITLE_WORD in row]
        assert real_seed and "06 Dec" in real_seed[0], "the real seed, listed with its date"
        assert (home / "data" / "reader" / "library.db").exists()


def test_q_quits_and_restores_the_terminal(reader_80: TmuxSession) -> None:
    reader_80.wait_for(screen_contains(PARAGRAPH_FIRST_WORD))
    reader_80.send("q")
    reader_80.wait_for(lambda _: reader_80.pane_dead(), timeout=10)
