"""Headless services between the sources, the store and the interfaces: what the UI shows and does,
no Textual."""
