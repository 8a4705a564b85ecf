"""jsnakit: needs profiling and gap mapping for the SEND chapter of a Joint Strategic Needs Assessment.

Layers (docs/architecture.md), each importing only from those below it (the import-linter contract in
``pyproject.toml``)::

    cli, samples      the jsnakit command; the synthetic sample data
    factsheets        sections, shipped files, HTML export, the batch
    widgets           the explorers and the training checks
    render            charts, maps, tables, narrative
    gaps              need against provision
    projection        demand projection
    needs             the national profile and an area's comparisons
    disclosure        the only maker of published (disclosed) frames
    stats             proportions, rates, standardisation, funnels, comparison, ranking, trend
    catalog           a data folder, recognised by content, parsed once
    sources           one reader per publisher
    core              errors, schemas, indicator definitions, geography, atomic writes

Data flow (one way): published files -> :mod:`jsnakit.sources` -> tidy frames -> :mod:`jsnakit.stats` /
:mod:`jsnakit.needs` / :mod:`jsnakit.gaps` -> :mod:`jsnakit.disclosure` -> :mod:`jsnakit.render` -> factsheets.
"""
import importlib

from . import _moved
from .core import views as _views

__version__ = "0.1.0"

#: The layers, importable as ``jsnakit.<name>`` (each loaded on first use, so ``import jsnakit`` stays light).
SUBPACKAGES = ("core", "sources", "catalog", "stats", "disclosure", "needs", "projection", "gaps", "render", "widgets",
               "factsheets", "samples", "testing", "cli")
#: The entry points an analyst starts from: name -> the module that defines it.
API = {
    "Catalog": "jsnakit.catalog",
    "Rules": "jsnakit.disclosure",
    "published": "jsnakit.needs.profile",
    "published_need": "jsnakit.needs.profile",
    "area_profile": "jsnakit.needs.profile",
    "comparison_frame": "jsnakit.needs.profile",
    "standing": "jsnakit.needs.profile",
    "project": "jsnakit.projection",
    "analyse": "jsnakit.gaps",
    "audit": "jsnakit.disclosure",
    "AreaExplorer": "jsnakit.widgets",
    "GapExplorer": "jsnakit.widgets",
    "ProjectionPlayground": "jsnakit.widgets",
}
__all__ = ["__version__", *(p for p in SUBPACKAGES if p not in ("testing", "cli")), *API]

_moved.install()
# The composition root wires render's notebook views in, loaded the first time a disclosed frame or a gap analysis
# is shown (the layers below render cannot import it).
_views.on_first_view(lambda: importlib.import_module("jsnakit.render"))


def __getattr__(name: str):
    if name in API:
        return getattr(importlib.import_module(API[name]), name)
    if name in SUBPACKAGES:
        return importlib.import_module(f"jsnakit.{name}")
    if name in _moved.MOVED:  # jsnakit.profile and friends, for one release: warned once, then an attribute
        module = globals()[name] = _moved.resolve(name)
        return module
    raise AttributeError(f"module 'jsnakit' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
