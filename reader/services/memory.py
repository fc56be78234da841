"""How much freed memory the C allocator keeps (glibc; a no-op on any other C library).

Python hands memory it frees back to ``malloc``, and glibc keeps it: one arena per thread that
ever allocated (up to eight per core; Textual runs every thread worker in a thread of its own),
and the free pages of each heap, until asked for them. A reading session frees a lot in bursts
(a search's rows, the layouts of the articles read), so the reader's process asks once at start
for few arenas and, whenever the user rests, for the free pages back.
"""

from __future__ import annotations

import ctypes
import sys
from functools import cache
from typing import Protocol, cast

M_ARENA_MAX = -8  # mallopt's parameter number for the arena limit (glibc's malloc.h)
READING_ARENAS = 1  # threads rarely allocate at once here: they take turns under the GIL


class _Glibc(Protocol):
    def mallopt(self, parameter: int, value: int) -> int: ...

    def malloc_trim(self, pad: int) -> int: ...


@cache
def _glibc() -> _Glibc | None:
    """The process's glibc, or None (another C library, another system)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)  # the symbols the process already has
    except OSError:
        return None
    if not all(hasattr(libc, name) for name in ("gnu_get_libc_version", "mallopt",
                                                "malloc_trim")):
        return None  # musl and others have no malloc_trim, and their own allocators
    return cast(_Glibc, libc)


def limit_arenas(count: int = READING_ARENAS) -> bool:
    """Let at most ``count`` malloc arenas serve every thread from now on (call it before the
    threads start). Whether the limit was set."""
    libc = _glibc()
    return libc is not None and libc.mallopt(M_ARENA_MAX, count) == 1


def release_free_memory() -> bool:
    """Give the allocator's free pages back to the system. Whether any were."""
    libc = _glibc()
    return libc is not None and libc.malloc_trim(0) == 1
