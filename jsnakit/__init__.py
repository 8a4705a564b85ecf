"""jsnakit: needs profiling and gap mapping for the SEND chapter of a Joint Strategic Needs Assessment.

Layers (DESIGN.md), each importing only from those below it (the import-linter contract in ``pyproject.toml``)::

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
from . import _moved

__version__ = "0.1.0"

_moved.install()


def __getattr__(name: str):
    if name in _moved.MOVED:  # jsnakit.needs.profile and friends, for one release
        return _moved.resolve(name)
    raise AttributeError(f"module 'jsnakit' has no attribute {name!r}")
