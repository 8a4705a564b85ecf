"""Interactive explorers for JupyterLab and training (:mod:`.explorers`, whose public names are importable from
here), the whole SEND picture explorer (:mod:`.picture`) and the training course's exercise checks
(:mod:`.training`)."""
from . import training
from .area import (AREA_PARTS, NEIGHBOURS_SHOWN, area_view, AreaExplorer, AreaView)
from .gap import (gap_view, GapExplorer, GapView)
from .playground import (PLAYGROUND_DEFAULTS, SCENARIO_WORDS, describe_settings, projection_view, ProjectionPlayground,
    ProjectionView)
from .base import SIMULATIONS
from .picture import (PICTURE_TOPICS, picture_view, PictureExplorer, PictureView)

__all__ = ["AREA_PARTS", "NEIGHBOURS_SHOWN", "PLAYGROUND_DEFAULTS", "SCENARIO_WORDS", "SIMULATIONS", "area_view",
    "AreaExplorer", "AreaView", "describe_settings", "gap_view", "GapExplorer", "GapView", "projection_view",
    "ProjectionPlayground", "ProjectionView", "training", "PICTURE_TOPICS", "picture_view", "PictureExplorer",
    "PictureView"]
