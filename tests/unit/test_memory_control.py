"""The C allocator's controls (issue 16, memory): glibc's when the process has it, else nothing."""

from __future__ import annotations

import platform
import subprocess
import sys
from collections.abc import Iterator

import pytest

from reader.services import memory


class FakeGlibc:
    """Records the allocator calls; answers like glibc (1: done)."""

    def __init__(self, answer: int = 1) -> None:
        self.calls: list[tuple[object, ...]] = []
        self.answer = answer

    def mallopt(self, parameter: int, value: int) -> int:
        self.calls.append(("mallopt", parameter, value))
        return self.answer

    def malloc_trim(self, pad: int) -> int:
        self.calls.append(("malloc_trim", pad))
        return self.answer


@pytest.fixture(autouse=True)
def fresh_lookup() -> Iterator[None]:
    lookup = memory._glibc  # cached: looked up again for each test
    lookup.cache_clear()
    yield
    lookup.cache_clear()


def test_the_arena_limit_and_the_trim_ask_glibc(monkeypatch: pytest.MonkeyPatch) -> None:
    libc = FakeGlibc()
    monkeypatch.setattr(memory, "_glibc", lambda: libc)
    assert memory.limit_arenas(2)
    assert memory.release_free_memory()
    assert libc.calls == [("mallopt", memory.M_ARENA_MAX, 2), ("malloc_trim", 0)]


def test_a_refusal_or_nothing_to_give_back_is_said(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory, "_glibc", lambda: FakeGlibc(answer=0))
    assert not memory.limit_arenas()
    assert not memory.release_free_memory()


def test_without_glibc_both_are_no_ops(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory, "_glibc", lambda: None)
    assert not memory.limit_arenas()
    assert not memory.release_free_memory()


def test_off_linux_glibc_is_never_looked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    assert memory._glibc() is None
    assert not memory.limit_arenas()
    assert not memory.release_free_memory()


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc only")
def test_on_glibc_the_limit_is_set_in_a_fresh_process() -> None:
    code = ("from reader.services import memory; "
            "print(memory.limit_arenas(1), memory.release_free_memory() in (True, False))")
    printed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True).stdout.split()
    assert printed == ["True", "True"]
