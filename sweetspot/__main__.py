"""`python -m sweetspot` is the same as the `sweetspot` command."""

import sys

from sweetspot.entry import main

sys.exit(main())
