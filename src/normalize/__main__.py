"""Run the command line as ``python -m normalize``."""

import sys

from .cli import main

sys.exit(main())
