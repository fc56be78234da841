"""Hostile inputs shared by the hostile-input tests and ``bench/hostile_run.py``.

Names and texts an attacker controls: OSC title and clipboard writes, 8-bit CSI and OSC, bidi
overrides and isolates, a newline (a forged second message line), a byte that is not UTF-8.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

OSC_TITLE = "\x1b]0;PWN\x1b\\"
OSC_CLIPBOARD = "\x1b]52;c;UFdO\x1b\\"
C1_CSI = "\x9b31m"
C1_OSC = "\x9d0;T\x9c"
RLO = "\u202e"
LRI = "\u2066"
HOSTILE_PIECES = (OSC_TITLE, OSC_CLIPBOARD, C1_CSI, C1_OSC, RLO, LRI, "\n")
NOT_UTF8_NAME = os.fsdecode(b"z\xff.txt")

HOSTILE_NAMES = (
    f"{OSC_TITLE}.txt",
    f"{OSC_CLIPBOARD}.txt",
    f"c1{C1_CSI}{C1_OSC}.txt",
    f"evil{RLO}txt.exe.txt",
    f"iso{LRI}late.txt",
    "two\nlines.txt",
    NOT_UTF8_NAME,
)
HOSTILE_TEXT = "".join(HOSTILE_PIECES)

# What must never reach a terminal raw: ESC, C0 but tab/newline, DEL, C1, bidi embeddings,
# overrides and isolates, lone surrogates (they cannot even be encoded).
LEAK = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def leaks(output: str) -> list[str]:
    """Every dangerous character in ``output``, as escapes (empty: nothing leaked)."""
    return [ascii(match.group()) for match in LEAK.finditer(output)]


def leaks_in_bytes(output: bytes) -> list[str]:
    """The same for raw output bytes (a subprocess), decoded as UTF-8 with replacement."""
    return leaks(output.decode("utf-8", errors="replace"))


def article_text(title: str) -> str:
    """A plain-text article whose title and body carry every hostile piece."""
    return f"{title} {HOSTILE_TEXT} headline\n\nBody {HOSTILE_TEXT} of the article, long enough.\n"


def json_article(title: str) -> str:
    """A JSON article: the escapes only exist once decoded, plus a lone surrogate and an
    unknown field holding them too."""
    record = {
        "title": f"{title} {HOSTILE_TEXT} \ud800 json",
        "body": f"JSON body {HOSTILE_TEXT} \udfff text.",
        "author": f"{OSC_TITLE}\ud800",
        f"key{OSC_CLIPBOARD}": f"value{C1_OSC}",
    }
    return json.dumps(record)  # ensure_ascii: \u001b, \ud800 as escapes, the file is ASCII


def write_hostile_folder(folder: Path) -> list[Path]:
    """One good article under each hostile name, and a JSON one; the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for index, name in enumerate(HOSTILE_NAMES):
        path = folder / name
        path.write_text(article_text(f"Article {index}"), encoding="utf-8")
        written.append(path)
    json_path = folder / f"j{OSC_TITLE}.json"
    json_path.write_text(json_article("JSON"), encoding="utf-8")
    written.append(json_path)
    return written


def write_bad_files(folder: Path) -> list[Path]:
    """Files under hostile names that cannot be read (so every message quotes the name)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in HOSTILE_NAMES:
        path = folder / f"empty{name}"
        path.write_text("   \n", encoding="utf-8")
        paths.append(path)
    return paths
