"""Statistical disclosure control: the gate between the statistics and everything that is published.

:func:`apply` withholds small counts and protects them (:mod:`jsnakit.disclosure.gate`), :func:`audit` proves the
protection by linear programming over everything published (:mod:`jsnakit.disclosure.audit`), and
:func:`apply_projection` rounds a demand projection and :func:`round_modelled` any other modelled figure
(:mod:`jsnakit.disclosure.projections`). The published sums the
audit solves are described in :mod:`jsnakit.disclosure.cells`, the choice of cells in
:mod:`jsnakit.disclosure.protect`.
"""
from .audit import AUDIT_COLUMNS, audit
from .gate import (PROTECTING, SECONDARY, SMALL, SUPPRESSED, UNCOUNTED, UNCOUNTED_MARGIN, Disclosed, Rules, apply, describe_note, require, restore, withhold_uncounted)
from .projections import PROJECTED_SMALL, Projected, apply_projection, require_projection, round_modelled

__all__ = ["Rules", "Disclosed", "apply", "restore", "require", "audit", "AUDIT_COLUMNS", "SUPPRESSED", "SECONDARY",
           "SMALL", "PROTECTING", "describe_note", "UNCOUNTED", "UNCOUNTED_MARGIN", "withhold_uncounted",
           "Projected", "apply_projection", "require_projection", "round_modelled", "PROJECTED_SMALL"]
