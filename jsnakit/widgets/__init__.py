"""Interactive explorers for JupyterLab and training (:mod:`.explorers`, whose public names are importable from
here) and the training course's exercise checks (:mod:`.training`)."""
from . import training
from .explorers import *  # noqa: F401,F403 - the public names of the explorers, listed in their __all__
from .explorers import __all__ as _explorers

__all__ = [*_explorers, "training"]
