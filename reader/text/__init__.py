"""Text layer: sanitizing, shaping, bidi and layout of right-to-left text (no Textual import).

`PYTHON_ARABIC_RESHAPER_CONFIGURATION_FILE` is removed from the environment here, before any
module of this package can import `arabic_reshaper`: the library reads the variable at import time
(a missing file makes the import raise, an existing one silently changes settings). See
docs/bidi.md section 3.
"""

from __future__ import annotations

import os

os.environ.pop("PYTHON_ARABIC_RESHAPER_CONFIGURATION_FILE", None)
