"""The README tells the truth: its reference sections match docs/, its commands exist."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _sync_module():
    spec = importlib.util.spec_from_file_location("sync_readme", ROOT / "docs" / "sync_readme.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_reference_sections_are_the_docs_files_verbatim() -> None:
    sync = _sync_module()
    sections = sync.sections(README)
    assert {"docs/input-format.md", "docs/how-scores-work.md", "docs/export.md"} <= set(sections)
    for name, body in sections.items():
        assert body == (ROOT / name).read_text(encoding="utf-8").rstrip("\n") + "\n", (
            f"README section {name} is out of date: run python docs/sync_readme.py"
        )


def test_quick_start_has_exactly_two_commands_and_ci_runs_the_test_one() -> None:
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", quick, re.S)
    assert len(blocks) == 2, blocks
    run, test = (b.strip() for b in blocks)
    assert "sweetspot open sample_data/retail_bank.xlsx" in run
    assert "pytest" in test
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    # CI runs the same command, with the interpreter it picked (>= 3.12) in place of python3.
    assert test.replace("python3 -m venv", '"$PY" -m venv', 1) in ci


def test_every_picture_and_path_the_readme_names_exists() -> None:
    for target in re.findall(
        r"\]\(((?:docs|sample_data|benchmarks|packaging|resources)/[^)#]+)\)", README
    ):
        assert (ROOT / target).exists(), target
    for sample in re.findall(r"sample_data/[\w./-]+\.(?:xlsx|ods|csv)", README):
        assert (ROOT / sample).exists(), sample
