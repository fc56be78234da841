"""Headless services between the store and the screens: what the UI shows and does, no Textual."""
