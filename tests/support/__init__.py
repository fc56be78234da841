"""Helpers shared by the test suite and the benchmarks, kept out of the wheel (no Textual import).

pytest puts ``tests/`` on ``sys.path`` (rootdir-relative test modules, ``prepend`` import mode),
so tests import ``support.tmux``; the benchmarks add ``tests/`` themselves.
"""
