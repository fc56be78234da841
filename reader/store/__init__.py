"""The library: articles, reading state, subscriptions, cached analysis and full-text search.

A SQLite file (stdlib ``sqlite3``) or a desk's PostgreSQL database (psycopg, imported only
then), see :mod:`reader.store.engine`; no Textual import. The UI and the CLI use
:class:`Library`, the views in :mod:`reader.store.views`; imports and refresh are
:mod:`reader.services.intake`.
"""

from __future__ import annotations

from reader.store.db import damaged_library, library_fault
from reader.store.errors import LibraryError
from reader.store.library import Library, default_path
from reader.store.models import (
    ArticleRow,
    ArticleState,
    CachedAnalysis,
    CachedEntity,
    CachedKeyword,
    EntityCount,
    ImportResult,
    KeywordCount,
    Stats,
    StoredArticle,
    Subscription,
    ViewCount,
)
from reader.store.views import (
    FIXED_VIEWS,
    All,
    Archive,
    Dated,
    Entity,
    Incoming,
    Sort,
    Source,
    Starred,
    Tag,
    Unread,
    View,
)

__all__ = [
    "FIXED_VIEWS",
    "All",
    "Archive",
    "Dated",
    "ArticleRow",
    "ArticleState",
    "CachedAnalysis",
    "CachedEntity",
    "CachedKeyword",
    "Entity",
    "EntityCount",
    "ImportResult",
    "Incoming",
    "KeywordCount",
    "Library",
    "LibraryError",
    "damaged_library",
    "library_fault",
    "Sort",
    "Source",
    "Starred",
    "Stats",
    "StoredArticle",
    "Subscription",
    "Tag",
    "Unread",
    "View",
    "ViewCount",
    "default_path",
]
