"""Gap mapping: need set against provision by area, service type, need and commissioning partner
(:mod:`.analysis`, built from the need (:mod:`.need`), the provision (:mod:`.supply`), coverage and partners
(:mod:`.served`), capacity (:mod:`.places`) and distance (:mod:`.reach`)), whose public names are importable from
here."""
from .analysis import *  # noqa: F401,F403 - the public names of the analysis, listed in its __all__
from .analysis import __all__ as _analysis

__all__ = [*_analysis]
