"""Fixtures for Pilot tests: a small folder of articles and an app factory."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.articles import write_articles
from support.pilot import AppFactory, RecordingApp

from reader.config import Config


@pytest.fixture
def articles_dir(tmp_path: Path) -> Path:
    return write_articles(tmp_path / "articles")


@pytest.fixture
def make_app(articles_dir: Path) -> AppFactory:
    def factory(*paths: Path, **kwargs: object) -> RecordingApp:
        config = kwargs.pop("config", None) or Config()
        assert isinstance(config, Config)
        return RecordingApp(list(paths) or [articles_dir], config=config, **kwargs)

    return factory
