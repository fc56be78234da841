"""Errors raised by the store, each with one message fit to show the user."""

from __future__ import annotations


class LibraryError(Exception):
    """The library database cannot be opened or used; ``str()`` says why."""
