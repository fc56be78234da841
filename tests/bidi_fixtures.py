"""Fixtures of docs/bidi.md section 8, in logical order as they come from a feed."""

from __future__ import annotations

H10 = "אחת שתיים שלוש ארבע חמש שש שבע שמונה תשע עשר"
MIX = "הספרייה Textual היא framework לבניית ממשקים (בטרמינל)."
AR = "السلام عليكم (مرحبا) 2024 بِسْمِ اللَّهِ"
HEB_NIQQUD = "שָׁלוֹם"
SPOOF = "invoice_\u202efdp.exe"
ESCAPES = "A\x1b]0;PWNED\x1b\\B \x1b[2J \x9b31m \x1b]8;;http://evil\x1b\\x\x1b]8;;\x1b\\"
MARKUP = "[@click=app.quit]x[/] [link='http://evil']y[/]"
CRLF = "שלום\r\nabc"
