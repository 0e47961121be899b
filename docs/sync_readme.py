"""Copy the reference sections in docs/ into README.md, between their BEGIN/END markers.

The docs files are the single source (tests check them against the code); the README carries
them verbatim so a reader on the repository's front page sees everything. Run after editing a
docs file: `python docs/sync_readme.py`. tests/test_readme.py fails when the two drift apart.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
MARKER = re.compile(
    r"(<!-- BEGIN (?P<name>[\w./-]+) -->\n)(?P<body>.*?)(<!-- END (?P=name) -->)", re.S
)


def synced(readme: str) -> str:
    """The README text with every marked section replaced by its docs file."""

    def fill(m: re.Match[str]) -> str:
        body = (ROOT / m["name"]).read_text(encoding="utf-8").rstrip("\n") + "\n"
        return m[1] + body + m[4]

    return MARKER.sub(fill, readme)


def sections(readme: str) -> dict[str, str]:
    return {m["name"]: m["body"] for m in MARKER.finditer(readme)}


def main() -> int:
    text = README.read_text(encoding="utf-8")
    new = synced(text)
    if new != text:
        README.write_text(new, encoding="utf-8")
        print("README.md updated")
    else:
        print("README.md already in sync")
    return 0


if __name__ == "__main__":
    sys.exit(main())
