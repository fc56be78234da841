"""Everything that turns the outside world into articles: files and folders, RSS/Atom feeds,
OPML lists, HTTP fetches, watched folders and Telegram channel exports.

Each kind of source that can be subscribed to implements :class:`reader.sources.base.Source`
and is listed in :mod:`reader.sources.registry`. Nothing here writes to the library: that is
:mod:`reader.services.intake`. No module here imports Textual or the store.
"""
