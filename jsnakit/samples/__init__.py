"""The synthetic sample data in the exact published formats: ``python -m jsnakit.samples``. One module per publication
writes its files; :mod:`.generator` runs them all, and its public names are importable from here."""
from .generator import *  # noqa: F401,F403 - the public names of the generator, listed in its __all__
from .generator import __all__
