"""The one error a source raises, with a message fit to show the user."""

from __future__ import annotations


class SourceError(Exception):
    """One import source cannot be read; ``str()`` names the source and the reason."""
