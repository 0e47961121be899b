"""The core stays Qt-free: screens call the core, the core never knows about screens."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORE = ROOT / "sweetspot" / "core"
FORBIDDEN = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "matplotlib.pyplot", "sweetspot.ui")

# Makes every Qt binding unimportable, then runs the given code.
BLOCK_QT = (
    "import sys\n"
    "for name in ('PySide6', 'PyQt5', 'PyQt6', 'shiboken6'):\n"
    "    sys.modules[name] = None\n"
)


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_core_source_never_imports_qt_or_pyplot() -> None:
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted(CORE.glob("*.py"))
        for name in _imports(path)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN)
    ]
    assert offenders == []


def test_every_core_module_imports_with_qt_unimportable() -> None:
    modules = [f"sweetspot.core.{p.stem}" for p in sorted(CORE.glob("*.py"))]
    code = BLOCK_QT + "".join(f"import {m}\n" for m in modules) + "import sweetspot.cli\n"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr


def test_core_tests_pass_without_qt() -> None:
    """Runs the whole core suite in a process where PySide6 cannot be imported."""
    code = (
        BLOCK_QT
        + "import pytest\n"
        + "sys.exit(pytest.main(['tests/core', '-q', '-p', 'no:pytest-qt',"
        + " '-p', 'no:cacheprovider', '-x', '--no-header']))\n"
    )
    env = dict(os.environ, MPLBACKEND="Agg")
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    tail = "\n".join(done.stdout.splitlines()[-25:])
    assert done.returncode == 0, tail + done.stderr[-2000:]
    assert " passed" in tail
