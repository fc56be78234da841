"""Errors raised by the store, each with one message fit to show the user."""

from __future__ import annotations


class LibraryError(Exception):
    """The library database cannot be opened or used; ``str()`` says why."""


class SourceError(Exception):
    """One import source cannot be read; ``str()`` names the source and the reason."""
