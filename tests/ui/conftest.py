"""Fixtures for Pilot tests: a small folder of articles and an app factory."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reader.config import Config
from reader.ui.app import ReaderApp

ARABIC_TITLE = "مؤتمر في دمشق يبحث إعادة تأهيل شبكات الري (تقرير) 2024"
ARABIC_PARAGRAPH = (
    "افتتح في العاصمة السورية دمشق صباح الجمعة مؤتمر إقليمي يناقش خططاً لإعادة تأهيل شبكات "
    "الري وقنوات المياه في محافظات الجنوب، بمشاركة ممثلين عن الأمم المتحدة (UN) ومنظمة الصحة "
    "العالمية، وقال الوزير إن نحو 40 في المئة من القنوات تحتاج إلى صيانة عاجلة."
)
ENGLISH_TITLE = "Aqaba desalination plant enters its second phase"
HEBREW_TITLE = "עיריית חיפה מפעילה קו אוטובוס חדש"


def write_articles(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    arabic = "\n\n".join([ARABIC_TITLE] + [f"{ARABIC_PARAGRAPH} ({n})" for n in range(12)])
    (folder / "a_arabic.txt").write_text(arabic, encoding="utf-8")
    english = f"{ENGLISH_TITLE}\n\n" + "\n\n".join(
        f"Paragraph {n}: the plant in Aqaba, Jordan, will supply 300 million cubic metres."
        for n in range(6))
    (folder / "b_english.txt").write_text(english, encoding="utf-8")
    hebrew = f"{HEBREW_TITLE}\n\nהקו החדש יחבר את מרכז העיר עם הנמל (בשעות היום) החל מ-2025."
    (folder / "c_hebrew.txt").write_text(hebrew, encoding="utf-8")
    return folder


AppFactory = Callable[..., ReaderApp]


@pytest.fixture
def articles_dir(tmp_path: Path) -> Path:
    return write_articles(tmp_path / "articles")


@pytest.fixture
def make_app(articles_dir: Path) -> AppFactory:
    def factory(*paths: Path, **kwargs: object) -> ReaderApp:
        config = kwargs.pop("config", None) or Config()
        assert isinstance(config, Config)
        return ReaderApp(list(paths) or [articles_dir], config=config, **kwargs)  # type: ignore[arg-type]

    return factory
