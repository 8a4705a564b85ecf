"""The synthetic sample data in the exact published formats (:mod:`.generator`, whose public names are importable
from here): ``python -m jsnakit.samples``."""
from .generator import *  # noqa: F401,F403 - the public names of the generator, listed in its __all__
from .generator import __all__
