"""The core stays Qt-free: screens call the core, the core never knows about screens."""

from __future__ import annotations

import ast
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
        for path in sorted(CORE.rglob("*.py"))
        for name in _imports(path)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN)
    ]
    assert offenders == []


def test_every_core_module_imports_with_qt_unimportable() -> None:
    modules = [
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for p in sorted(CORE.rglob("*.py"))
    ]
    code = BLOCK_QT + "".join(f"import {m}\n" for m in modules) + "import sweetspot.cli\n"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr


def test_ci_runs_the_core_tests_without_qt_and_the_linters() -> None:
    """The core suite runs once more in CI in a process where PySide6 cannot be imported (a
    separate fast pytest call, not a test re-running the suite), and ruff, mypy and the
    import contracts fail the run."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pytest tests/core -p tests.block_qt -p no:pytest-qt" in ci
    for command in ("ruff check", "ruff format --check", "mypy", "lint-imports"):
        assert f".venv/bin/{command}" in ci, command


def test_block_qt_plugin_really_blocks_qt() -> None:
    code = (
        "import tests.block_qt\n"
        "try:\n    import PySide6\nexcept ImportError:\n    print('blocked')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.strip() == "blocked", done.stderr
