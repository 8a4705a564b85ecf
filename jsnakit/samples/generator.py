"""Synthetic sample data in the exact published formats: ``python -m jsnakit.samples``.

Writes ``data_samples/``: made-up figures for England, its 9 regions and the 153 upper-tier local authorities (LAs),
laid out exactly as the real DfE and ONS files are (header, column order, geography columns, ``time_period`` coding,
symbols, BOM and line ends), so that every reader, test, notebook and demo can run without downloading anything.

**Nothing in these files is real.** Every count is drawn from a seeded random model (:data:`SEED`), so that a run
regenerates every file byte for byte. The model is drawn once per LA first (a :class:`Latent` table: population aged
0-25, a deprivation score, LA multipliers for EHC plan and SEN support prevalence, a need-mix draw, placement and
timeliness propensities) and every file is derived from it, so the files agree with one another: pupils follow the
population of school age, the EHC plan caseload is about 1.3 times the pupils with an EHC plan, the need and
placement breakdowns add up to their totals, and regional and England rows are the exact sums of their LAs.

National levels follow the published series (DfE *Special educational needs in England* 2025/26; *Education, health and
care plans* 2025); LA variation is invented. The City of London, the Isles of Scilly and Rutland are kept small, so
that genuinely small counts (1-4) appear in the breakdowns: disclosure control must catch them downstream. Nothing is
suppressed here except where the real format itself prints a symbol (``x``: not collected that year, not returned, or
a percentage of nothing).

The one file derived from a real one is the boundary GeoJSON, which is rebuilt only when the ONS source file is given
(``--boundaries-from``); see :func:`write_boundaries`.

For gap mapping, three areas (Islington, Rochdale, Cambridgeshire: :data:`PROVISION_AREAS`) also get synthetic
localities (MSOA centroids inside the real boundaries, with Census 2021 ages), a Local Offer in Open Referral UK form
and a commissioning register, with gaps planted in each (:data:`PLANTED_GAPS`); see :func:`write_localities`,
:func:`write_local_offers` and :func:`write_commissioning_register`.

The files are written by one module per publication, from the latent table of :mod:`.latent`:
:mod:`.sen_in_england`, :mod:`.ehc_plans` and :mod:`.requests` (DfE), :mod:`.lait` (DfE LAIT),
:mod:`.deprivation` (MHCLG), :mod:`.mid_year_estimates` (ONS), :mod:`.statistical_neighbours` (LAIT),
:mod:`.boundaries` (ONS), :mod:`.localities`, :mod:`.local_offer` (with the commissioning register) and
:mod:`.readme`. The gap-mapping areas are described in :mod:`.gap_areas` and drawn by :mod:`.catalogue`,
:mod:`.builder` and :mod:`.provision`; :mod:`.common` and :mod:`.xlsx` hold the shared machinery. This module runs
them all (:func:`generate`, and the command line :func:`main`), and the public names of those modules listed in
``__all__`` are importable from here, as when they were all defined here.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .boundaries import (BOUNDARY_DECIMALS, BOUNDARY_FILE, BOUNDARY_LICENCE_FILE, BOUNDARY_TOLERANCE_M,
                         write_boundaries, write_boundary_licence)
from .common import DEFAULT_OUT, SEED
from .ehc_plans import (CASELOAD_FILE, CASELOAD_HEADER, EXCEPTION_RATE, ISSUED_SHARE, NOT_RETURNED, OVER_A_YEAR_SHARE,
                        SEN_NEEDS_FILE, SEN_NEEDS_HEADER, TIMELINESS_FILE, TIMELINESS_HEADER, TIMELINESS_YEARS,
                        WITHIN_20_WEEKS_ENGLAND, write_caseload, write_sen_needs_all_plans, write_timeliness)
from .gap_areas import PLANTED_GAPS, PROVISION_AREAS
from .latent import (AGE_CATEGORIES, CASELOAD_ENGLAND, CASELOAD_X, EHC_PERCENT_ENGLAND, LEAF_NAMES, LEAVES, MAJORS,
                     POP_YEARS, PUPILS_ENGLAND, SC_NEED_YEARS, SEN2_BREAKDOWN_YEARS, SEN2_NEED_AGE_YEARS,
                     SEN2_NEED_YEARS, SEN2_NEEDS, SEN2_YEARS, SEN_YEARS, SIZE_BY_TYPE, SMALL_AREAS,
                     SUPPORT_PERCENT_ENGLAND, Latent, build_latent)
from .local_offer import (LOCAL_OFFER_DIR, LOCAL_OFFER_HEADERS, REGISTER_FILE, REGISTER_HEADER,
                          write_commissioning_register, write_local_offers)
from .localities import (CENSUS_AGE_FILE, CENSUS_AGE_HEADER, CENSUS_YEAR, CENTROIDS_FILE, FIRST_SYNTHETIC_MSOA,
                         write_localities)
from .mid_year_estimates import MYE_FILE, MYE_HEADER, MYE_TITLE_ROWS, MYE_YEARS, ONS_GEOGRAPHY, write_mid_year_estimates
from .readme import NOTICE_FILE, README_FILE, write_notice, write_readme
from .sen_in_england import (PROVISION_EHC, PROVISION_SUPPORT, SCHOOL_NEEDS, SEN_IN_ENGLAND_FILE, SEN_IN_ENGLAND_HEADER,
                             SEN_PRIMARY_NEED_FILE, SEN_PRIMARY_NEED_HEADER, write_sen_in_england,
                             write_sen_primary_need)
from .statistical_neighbours import (GO_REGION, INNER_LONDON, SN_CLOSENESS, SN_FILE, SN_HEADER,
                                     write_statistical_neighbours)
from .xlsx import FIXED_TIME
from .requests import NEW_PLANS_FILE, REQUESTS_FILE, write_new_plans, write_requests
from .lait import LAIT_FILE, write_lait
from .deprivation import IMD_FILE, write_imd_summary

__all__ = [
    "SEED",
    "DEFAULT_OUT",
    "Latent",
    "build_latent",
    "write_sen_in_england",
    "write_sen_primary_need",
    "write_caseload",
    "write_sen_needs_all_plans",
    "write_timeliness",
    "write_new_plans",
    "write_requests",
    "write_lait",
    "write_imd_summary",
    "write_mid_year_estimates",
    "write_statistical_neighbours",
    "write_boundaries",
    "write_boundary_licence",
    "write_localities",
    "write_local_offers",
    "write_commissioning_register",
    "PROVISION_AREAS",
    "PLANTED_GAPS",
    "write_readme",
    "generate",
    "main",
    # the other public names of the modules above, importable from here as when they were defined here
    "write_notice",
    "POP_YEARS", "SEN_YEARS", "SC_NEED_YEARS", "SEN2_YEARS", "SEN2_BREAKDOWN_YEARS", "SEN2_NEED_YEARS",
    "SEN2_NEED_AGE_YEARS", "PUPILS_ENGLAND", "EHC_PERCENT_ENGLAND", "SUPPORT_PERCENT_ENGLAND", "CASELOAD_ENGLAND",
    "SIZE_BY_TYPE", "SMALL_AREAS", "AGE_CATEGORIES", "MAJORS", "LEAVES", "LEAF_NAMES", "CASELOAD_X", "SEN2_NEEDS",
    "SEN_IN_ENGLAND_FILE", "SEN_PRIMARY_NEED_FILE", "SEN_IN_ENGLAND_HEADER", "SEN_PRIMARY_NEED_HEADER", "SCHOOL_NEEDS",
    "PROVISION_EHC", "PROVISION_SUPPORT",
    "CASELOAD_FILE", "SEN_NEEDS_FILE", "TIMELINESS_FILE", "CASELOAD_HEADER", "SEN_NEEDS_HEADER", "TIMELINESS_HEADER",
    "TIMELINESS_YEARS", "NOT_RETURNED", "ISSUED_SHARE", "WITHIN_20_WEEKS_ENGLAND", "OVER_A_YEAR_SHARE",
    "EXCEPTION_RATE",
    "FIXED_TIME", "MYE_FILE", "MYE_YEARS", "ONS_GEOGRAPHY", "MYE_TITLE_ROWS", "MYE_HEADER",
    "SN_FILE", "SN_HEADER", "SN_CLOSENESS", "GO_REGION", "INNER_LONDON",
    "BOUNDARY_FILE", "BOUNDARY_LICENCE_FILE", "BOUNDARY_TOLERANCE_M", "BOUNDARY_DECIMALS",
    "CENTROIDS_FILE", "CENSUS_AGE_FILE", "FIRST_SYNTHETIC_MSOA", "CENSUS_YEAR", "CENSUS_AGE_HEADER",
    "LOCAL_OFFER_DIR", "LOCAL_OFFER_HEADERS", "REGISTER_FILE", "REGISTER_HEADER",
    "README_FILE", "NOTICE_FILE", "NEW_PLANS_FILE", "REQUESTS_FILE", "LAIT_FILE", "IMD_FILE",
]


def generate(out_dir: Path | str = DEFAULT_OUT, *, boundaries_from: Path | str | None = None,
             seed: int = SEED) -> list[Path]:
    """Write every sample file into ``out_dir``.

    Parameters
    ----------
    out_dir : path, default :data:`DEFAULT_OUT`
        Destination folder (created if needed).
    boundaries_from : path, optional
        The real ONS CTYUA December 2023 GeoJSON; when given, the simplified boundary file is rebuilt from it.
        Otherwise the boundary file already in ``out_dir`` (if any) is left alone.
    seed : int, default :data:`SEED`
        Seed of the draws; the committed files use :data:`SEED`.

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    out = Path(out_dir)
    latent = build_latent(seed)
    written = []
    if boundaries_from is not None:  # first: the localities and services are drawn in these boundaries
        written.append(write_boundaries(out, Path(boundaries_from)))
    written += [
        write_sen_in_england(out, latent),
        write_sen_primary_need(out, latent),
        write_caseload(out, latent),
        write_sen_needs_all_plans(out, latent),
        write_timeliness(out, latent),
        write_new_plans(out, latent),
        write_requests(out, latent),
        write_lait(out, latent),
        write_imd_summary(out, latent),
        *(write_mid_year_estimates(out, latent, year) for year in MYE_YEARS),
        write_statistical_neighbours(out, latent),
        *write_localities(out, latent),
        *write_local_offers(out, latent),
        write_commissioning_register(out, latent),
        write_boundary_licence(out),
        write_readme(out, latent),
        write_notice(out),
    ]
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m jsnakit.samples [--out DIR] [--boundaries-from PATH]``.

    Parameters
    ----------
    argv : list of str, optional
        Arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        Exit status, 0.
    """
    parser = argparse.ArgumentParser(prog="python -m jsnakit.samples",
                                     description="Regenerate the synthetic sample data (data_samples/).")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default: {DEFAULT_OUT})")
    parser.add_argument("--boundaries-from", type=Path, default=None, metavar="PATH",
                        help="the real ONS CTYUA December 2023 GeoJSON, to rebuild the simplified boundaries")
    args = parser.parse_args(argv)
    for path in generate(args.out, boundaries_from=args.boundaries_from):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
