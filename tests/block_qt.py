"""A pytest plugin that makes every Qt binding unimportable, for the core-only run in CI:
`python -m pytest tests/core -p tests.block_qt -p no:pytest-qt` proves the core needs no Qt."""

from __future__ import annotations

import sys

for _name in ("PySide6", "PyQt5", "PyQt6", "shiboken6"):
    sys.modules[_name] = None  # type: ignore[assignment]
