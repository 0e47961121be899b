"""Domain modules compute, `sweetspot.core.plot` draws: no core module outside `core/plot/`
imports matplotlib, at any depth (function level and `if TYPE_CHECKING:` included), and
importing them does not load it (`sweetspot rank` never pays for matplotlib)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "sweetspot" / "core"
PLOT = CORE / "plot"


def _domain_files() -> list[Path]:
    return [p for p in sorted(CORE.rglob("*.py")) if PLOT not in p.parents]


def _imported(path: Path) -> list[str]:
    """Every module an import statement anywhere in the file names."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
            names.extend(f"{node.module}.{a.name}" for a in node.names)
    return names


def test_the_checker_sees_imports_at_every_depth(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from matplotlib.axes import Axes\n"
        "def f():\n    import matplotlib.figure\n"
        "class C:\n    def g(self):\n        from matplotlib import patches\n",
        encoding="utf-8",
    )
    found = [n for n in _imported(source) if n.split(".")[0] == "matplotlib"]
    assert {"matplotlib.axes", "matplotlib.figure", "matplotlib"} <= set(found)


def test_no_core_module_outside_plot_imports_matplotlib() -> None:
    files = _domain_files()
    assert CORE / "lenses.py" in files and CORE / "robustness.py" in files
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in files
        for name in _imported(path)
        if name.split(".")[0] == "matplotlib"
    ]
    assert offenders == []


def test_the_drawing_lives_in_core_plot() -> None:
    import sweetspot.core.lenses as lenses
    import sweetspot.core.robustness as robustness
    import sweetspot.core.votes as votes
    from sweetspot.core.plot import charts

    for name in ("draw_bump_chart", "draw_rank_intervals", "draw_tornado", "draw_vote_spread"):
        assert hasattr(charts, name)
        assert not any(hasattr(m, name) for m in (lenses, robustness, votes)), name
    assert not (CORE / "plotting.py").exists()


def test_importing_the_domain_modules_does_not_load_matplotlib() -> None:
    modules = [
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for p in _domain_files()
    ]
    # sweetspot.core.lenses first: `sweetspot rank` imports it.
    modules.remove("sweetspot.core.lenses")
    code = (
        "import importlib, sys\n"
        f"for name in {['sweetspot.core.lenses', *modules]!r}:\n"
        "    importlib.import_module(name)\n"
        "    if 'matplotlib' in sys.modules:\n"
        "        sys.exit(f'{name} loads matplotlib')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
