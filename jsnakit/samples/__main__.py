"""``python -m jsnakit.samples``: write the synthetic sample data."""
import sys

from .generator import main

sys.exit(main())
