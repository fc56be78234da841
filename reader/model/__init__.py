"""Plain data classes for articles and what is derived from them."""

from reader.model.article import Article

__all__ = ["Article"]
