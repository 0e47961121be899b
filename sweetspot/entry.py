"""The `sweetspot` command's first step: answer `--version` before the CLI module is imported.

`sweetspot --version` is what installers, scripts and support calls run most; importing the
CLI (argparse, pathlib and the command table) would triple its start-up for one printed line.
Everything else goes to `sweetspot.cli.main` unchanged.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from sweetspot import __version__


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--version"]:
        # The same line argparse's version action prints.
        print(f"SweetSpot {__version__}", flush=True)
        return 0
    from sweetspot.cli import main as cli_main

    return cli_main(args)
