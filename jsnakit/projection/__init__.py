"""Demand projection: the cohort-component model, its scenarios, baselines and back-test (:mod:`.model`), and the
person-level state-transition projection (:mod:`.transitions`). ``jsnakit.projection.project`` and the other public
names of :mod:`.model` are importable from here."""
from . import transitions
from .model import *  # noqa: F401,F403 - the public names of the model, listed in its __all__
from .model import __all__ as _model

__all__ = [*_model, "transitions"]
