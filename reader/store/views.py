"""The views of the library (Incoming, Starred, …) and the SQL that selects each.

Every filter is written against the ``state`` table (alias ``s``, one row per article), so
:meth:`Library.count` runs on ``state`` and its indexes alone, without touching article text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import ClassVar

from reader.model.wording import entity_kind

SHARED_MARK = " (shared)"  # after a shared desk tag's name: "#urgent (shared)"


class StateView:
    """A view selected by the read, starred and archived flags alone, without parameters:
    equal to every other instance of its class.

    Not a dataclass: the reader creates these classes on every start, and a frozen dataclass
    costs about a millisecond each to create.
    """

    __slots__ = ()
    label: ClassVar[str]

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class Incoming(StateView):
    """Unread and not archived: the inbox."""

    __slots__ = ()
    label = "Incoming"


class Unread(StateView):
    """Every unread article, archived or not."""

    __slots__ = ()
    label = "Unread"


class Starred(StateView):
    """Starred articles (archived or not)."""

    __slots__ = ()
    label = "Starred"


class Archive(StateView):
    """Archived articles."""

    __slots__ = ()
    label = "Archive"


class All(StateView):
    """Every article in the library."""

    __slots__ = ()
    label = "All"


@dataclass(frozen=True, slots=True)
class Tag:
    """Articles carrying the tag ``name`` (case-insensitive): the reader's own tag, or with
    ``shared`` the desk's shared tag of that name (marked in its label)."""

    name: str
    shared: bool = False

    @property
    def label(self) -> str:
        return f"#{self.name}{SHARED_MARK if self.shared else ''}"


@dataclass(frozen=True, slots=True)
class Source:
    """Articles from one source (a feed title, an outlet)."""

    name: str

    @property
    def label(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class Entity:
    """Articles whose cached analysis mentions the entity; ``label=None`` means any label."""

    text: str
    label_name: str | None = None

    @property
    def label(self) -> str:
        return f"{self.text} ({entity_kind(self.label_name)})" if self.label_name else self.text


@dataclass(frozen=True, slots=True)
class Dated:
    """Articles dated from ``start`` to ``end`` inclusive (publication date, else import date)."""

    start: date
    end: date

    @property
    def label(self) -> str:
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()} – {self.end.isoformat()}"


@dataclass(frozen=True, slots=True)
class Narrowed:
    """The articles of ``view`` that are also in ``within``: a filter applied to the list
    being read (an entity of Archive is looked for in Archive, not the whole library)."""

    view: View
    within: View

    @property
    def label(self) -> str:
        # The list first: a status line starting with a Latin view name reads left to right
        # even when the filter is an Arabic name ("Archive › دمشق (place)").
        return f"{self.within.label} › {self.view.label}"


def narrowed(view: View, within: View) -> View:
    """``view`` within ``within``; ``view`` itself when ``within`` is the whole library."""
    return view if isinstance(within, All) else Narrowed(view, within)


View = Incoming | Unread | Starred | Archive | All | Tag | Source | Entity | Dated | Narrowed
FIXED_VIEWS: tuple[View, ...] = (Incoming(), Starred(), Archive(), All())


class Sort(StrEnum):
    """Orders for :meth:`Library.query`."""

    NEWEST = "newest"
    OLDEST = "oldest"
    ADDED = "added"
    TITLE = "title"
    SOURCE = "source"


ORDER_BY: dict[Sort, str] = {
    Sort.NEWEST: "s.sort_date DESC, s.article_pk DESC",
    Sort.OLDEST: "s.sort_date ASC, s.article_pk ASC",
    Sort.ADDED: "s.article_pk DESC",
    Sort.TITLE: "{title} ASC, a.pk ASC",
    Sort.SOURCE: "{source} ASC, a.sort_date DESC, a.pk DESC",
}


def order_by(sort: Sort, nocase: Callable[[str], str]) -> str:
    """The ORDER BY clause of ``sort``; ``nocase`` spells a case-insensitive column (the
    engine's :meth:`~reader.store.engine.Engine.nocase`)."""
    return ORDER_BY[sort].format(title=nocase("a.title"), source=nocase("a.source"))

_ENTITY_SQL = (
    "s.article_pk IN (SELECT em.article_pk FROM entity_mentions em "
    "JOIN analysis an ON an.article_pk = em.article_pk "
    "WHERE em.text = ?{label}{version})"
)


def view_filter(view: View, analyzer_version: str | None) -> tuple[str, tuple[object, ...]]:
    """The WHERE clause (over ``state s``) and its parameters selecting ``view``."""
    match view:
        case Incoming():
            return "s.archived = 0 AND s.read = 0", ()
        case Unread():
            return "s.read = 0", ()
        case Starred():
            return "s.starred = 1", ()
        case Archive():
            return "s.archived = 1", ()
        case All():
            return "1 = 1", ()
        case Tag(name=name, shared=shared):
            return (
                "s.article_pk IN (SELECT at.article_pk FROM article_tags at "
                "JOIN tags t ON t.id = at.tag_id WHERE lower(t.name) = lower(?) "
                f"AND t.owner {'=' if shared else '!='} '')",
                (name,),
            )
        case Source(name=name):
            return "s.article_pk IN (SELECT pk FROM articles WHERE source = ?)", (name,)
        case Entity():
            return _entity_filter(view, analyzer_version)
        case Narrowed(view=inner, within=within):
            inner_sql, inner_params = view_filter(inner, analyzer_version)
            within_sql, within_params = view_filter(within, analyzer_version)
            return f"({inner_sql}) AND ({within_sql})", inner_params + within_params
        case Dated(start=start, end=end):
            # ISO dates and timestamps sort as text; the day after ``end`` is the bound.
            return ("s.sort_date >= ? AND s.sort_date < ?",
                    (start.isoformat(), (end + timedelta(days=1)).isoformat()))
    raise TypeError(f"not a view: {view!r}")


def _entity_filter(view: Entity, version: str | None) -> tuple[str, tuple[object, ...]]:
    params: list[object] = [view.text]
    label = ""
    if view.label_name is not None:
        label = " AND em.label = ?"
        params.append(view.label_name)
    version_sql = ""
    if version is not None:
        version_sql = " AND an.version = ?"
        params.append(version)
    return _ENTITY_SQL.format(label=label, version=version_sql), tuple(params)
