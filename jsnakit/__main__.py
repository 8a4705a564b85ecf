"""``python -m jsnakit``: the same as the ``jsnakit`` command (see :mod:`jsnakit.cli`)."""
import sys

from .cli import main

sys.exit(main())
