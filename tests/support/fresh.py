"""A test script run in a fresh interpreter (what a module imports at start, a process of its
own), with the tests' support package importable."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent


def run_fresh(script: str, timeout: float = 300) -> list[str]:
    """The lines ``script`` (dedented) printed; fails the test with its stderr if it failed."""
    env = {**os.environ, "PYTHONPATH": str(TESTS)}
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], capture_output=True,
                            text=True, env=env, timeout=timeout, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.splitlines()
