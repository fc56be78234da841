"""Fixtures for snapshot tests: the fixture articles in a folder of the test's own."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.articles import write_rtl_articles


@pytest.fixture
def rtl_articles(tmp_path: Path) -> Path:
    """A folder whose first article is Arabic with brackets, numbers and Latin words."""
    return write_rtl_articles(tmp_path / "articles")
