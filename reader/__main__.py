"""``python -m reader`` runs the same command as ``reader``."""

from reader.cli import main

raise SystemExit(main())
