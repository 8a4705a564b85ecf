"""Gap mapping: need set against provision by area, service type, need and commissioning partner
(:mod:`.analysis`), whose public names are importable from here."""
from .analysis import *  # noqa: F401,F403 - the public names of the analysis, listed in its __all__
from .analysis import __all__
