"""Department for Education publications: *Special educational needs in England* (school census), *Education,
health and care plans* (SEN2) and *Outcomes for children in need*, as published on explore-education-statistics, and
the children's services statistical neighbours.

One module per publication, all re-exported here (``from jsnakit.sources.dfe import read_ehc_caseload``):
:mod:`jsnakit.sources.dfe_census` (*Special educational needs in England*), :mod:`jsnakit.sources.dfe_sen2` (SEN2),
:mod:`jsnakit.sources.dfe_releases` (several SEN2 releases as one series), :mod:`jsnakit.sources.dfe_children_in_need`
(*Outcomes for children in need*) and :mod:`jsnakit.sources.dfe_neighbours` (statistical neighbours);
:mod:`jsnakit.sources.dfe_counts` builds the count frame they share.

Every reader returns a count frame (:data:`jsnakit.core.schema.COUNT_COLUMNS`). Suppression and other symbols
(``c``, ``x``, ``z``, ...) become a NaN count with the symbol in ``note``, never 0. Periods are ``2024/25`` for
academic years (``time_period`` 202425) and ``2024`` for calendar years.
"""
from __future__ import annotations

from .dfe_census import SEN_IN_ENGLAND, read_sen_primary_need, read_sen_provision, read_sen_provision_by_sex
from .dfe_children_in_need import CIN_OUTCOMES, read_cin_sen
from .dfe_neighbours import read_statistical_neighbours
from .dfe_releases import combine_releases
from .dfe_sen2 import (EHC_PLANS, NEED_AGE_COLUMNS, PLACEMENT_REST, plans_within_population, read_ehc_caseload,
                       read_ehc_needs, read_ehc_needs_by_age, read_ehc_new_plans, read_ehc_requests,
                       read_ehc_timeliness)

__all__ = [
    "read_sen_provision",
    "read_sen_primary_need",
    "read_ehc_caseload",
    "read_ehc_needs",
    "read_ehc_needs_by_age",
    "NEED_AGE_COLUMNS",
    "read_ehc_timeliness",
    "read_ehc_new_plans",
    "read_ehc_requests",
    "read_sen_provision_by_sex",
    "read_cin_sen",
    "combine_releases",
    "plans_within_population",
    "read_statistical_neighbours",
    "SEN_IN_ENGLAND",
    "EHC_PLANS",
    "CIN_OUTCOMES",
    "PLACEMENT_REST",
]
