"""What Textual keeps alive after the widgets that needed it are gone.

Textual 8 caches ``StylesCache.get_inner_outer`` with ``functools.lru_cache`` on the method, so
the cache's keys hold the ``StylesCache`` of every widget that drew itself, up to 1,024 of them,
each with the rendered lines it kept (Textual issue #6665, open). The reader's footer builds its
keys again at every focus change, so after a few dozen searches the cache is full of the styles
of removed keys: at 10,000 articles, 50 searches left about 38,000 such objects alive. Clearing
the cache when the user rests lets them go; the next frame fills it again with what is on
screen, at the cost of a few colour sums.
"""

from __future__ import annotations

import gc
from typing import Protocol

from textual._styles_cache import StylesCache  # private, but the only way to the cache


class _Clearable(Protocol):
    def cache_clear(self) -> None: ...


def _inner_outer_cache() -> _Clearable | None:
    """The leaking cache, or None once a Textual release no longer has it."""
    cached = getattr(StylesCache, "get_inner_outer", None)
    return cached if hasattr(cached, "cache_clear") else None


def forget_removed_widgets() -> int:
    """Drop what Textual's caches hold of widgets no longer mounted, then collect the cycles
    they leave. How many objects the collector freed."""
    cache = _inner_outer_cache()
    if cache is not None:
        cache.cache_clear()
    return gc.collect()
