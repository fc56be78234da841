"""reader: a terminal news reader for right-to-left and mixed-direction news."""

__version__ = "0.1.0"
