"""`python -m sweetspot` is the same as the `sweetspot` command."""

import sys

from sweetspot.cli import main

sys.exit(main())
