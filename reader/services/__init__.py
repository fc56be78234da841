"""Headless services between the sources, the store and the interfaces; no Textual import."""
