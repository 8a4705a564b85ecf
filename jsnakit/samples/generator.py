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
"""
from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as _dt
import functools
import io
import json
import os
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..core import geography

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
]

#: Seed of every random draw; change it and every file changes.
SEED = 20250626

#: Where ``python -m jsnakit.samples`` writes by default: ``data_samples/`` next to the package.
DEFAULT_OUT = Path(__file__).resolve().parents[2] / "data_samples"

# --------------------------------------------------------------------------------------------------------------------
# Time coverage
# --------------------------------------------------------------------------------------------------------------------

#: Mid-years of the latent population model (mid-2017 .. mid-2025).
POP_YEARS = tuple(range(2017, 2026))
#: Mid-years written as ONS MYE2 workbooks.
MYE_YEARS = (2021, 2022, 2023, 2024)
#: Academic years of the school census ("Special educational needs in England"), January of the second year.
SEN_YEARS = (201819, 201920, 202021, 202122, 202223, 202324, 202425, 202526)
#: Academic years of the primary-need file.
SC_NEED_YEARS = (202122, 202223, 202324, 202425, 202526)
#: Academic years of the SEN2 caseload (January census of the second year).
SEN2_YEARS = (201819, 201920, 202021, 202122, 202223, 202324, 202425)
#: SEN2 years with age and sex breakdowns.
SEN2_BREAKDOWN_YEARS = (202324, 202425)
#: SEN2 years of the primary-need file, and the one with an age breakdown.
SEN2_NEED_YEARS = (202122, 202223, 202324, 202425)
SEN2_NEED_AGE_YEARS = (202425,)
#: Calendar years of the 20-week timeliness file.
TIMELINESS_YEARS = (2019, 2020, 2021, 2022, 2023, 2024)
#: The planted LA-year that did not return timeliness data (every value ``x``).
NOT_RETURNED = ("E08000005", 2021)  # Rochdale, 2021

#: Constant timestamp of the workbooks' properties and zip entries.
FIXED_TIME = _dt.datetime(2025, 1, 1, 0, 0, 0)

# --------------------------------------------------------------------------------------------------------------------
# National levels (the published England series, rounded) and modelling constants
# --------------------------------------------------------------------------------------------------------------------

#: England pupils (all schools), EHC plan % and SEN support % by SEN_YEARS.
PUPILS_ENGLAND = (8_819_000, 8_890_000, 8_912_000, 9_000_000, 9_074_000, 9_092_000, 9_032_000, 8_920_000)
EHC_PERCENT_ENGLAND = (3.1, 3.3, 3.7, 4.0, 4.3, 4.8, 5.3, 6.0)
SUPPORT_PERCENT_ENGLAND = (11.9, 12.1, 12.2, 12.6, 13.0, 13.6, 14.2, 14.8)
#: England EHC plans maintained (SEN2, January) by SEN2_YEARS.
CASELOAD_ENGLAND = (354_000, 390_100, 430_700, 473_300, 517_000, 576_500, 638_700)
#: Plans issued in a calendar year as a share of the caseload.
ISSUED_SHARE = 0.09
#: England % of plans issued within 20 weeks, excluding exceptions, by TIMELINESS_YEARS.
WITHIN_20_WEEKS_ENGLAND = (60.0, 58.0, 60.0, 51.0, 50.0, 46.0)
#: Share of late plans that took over a year, by TIMELINESS_YEARS.
OVER_A_YEAR_SHARE = (0.08, 0.09, 0.09, 0.10, 0.10, 0.13)
#: Chance that a plan issued within 20 weeks / in 20 weeks to a year / after a year falls under an exception.
EXCEPTION_RATE = (0.03, 0.09, 0.06)

#: Area types as geography.py spells them, with the labels the ONS MYE2 sheets use.
ONS_GEOGRAPHY = {
    "unitary authority": "Unitary Authority",
    "metropolitan district": "Metropolitan District",
    "london borough": "London Borough",
    "county": "County",
}
#: Population aged 0-25 by area type: (centre, log sd, low, high).
SIZE_BY_TYPE = {
    "county": (200_000, 0.30, 150_000, 400_000),
    "metropolitan district": (120_000, 0.45, 60_000, 350_000),
    "london borough": (80_000, 0.20, 60_000, 120_000),
    "unitary authority": (82_000, 0.50, 40_000, 300_000),
}
#: Planted small areas: population aged 0-25 and pupils per head of population aged 4-18 (relative).
SMALL_AREAS = {
    "E09000001": (1_500, 0.45),  # City of London: most children go to school elsewhere
    "E06000053": (500, 0.94),  # Isles of Scilly
    "E06000017": (11_000, 1.00),  # Rutland
}

# England persons by age (thousands) at mid-2017: anchors for ages 0-89, interpolated; 90+ separately.
_AGE_ANCHORS = (
    (0, 640), (1, 655), (2, 665), (3, 675), (4, 680), (5, 685), (7, 680), (10, 655), (12, 630), (14, 600),
    (16, 595), (18, 610), (20, 640), (23, 680), (26, 700), (30, 710), (35, 690), (40, 640), (45, 690), (50, 720),
    (55, 680), (60, 590), (65, 520), (70, 540), (75, 400), (80, 300), (85, 200), (89, 120),
)
_AGE_90_PLUS = 480
_MALE_SHARE_ANCHORS = ((0, 0.512), (19, 0.512), (20, 0.50), (59, 0.50), (60, 0.49), (69, 0.49), (70, 0.47),
                       (79, 0.47), (80, 0.42), (89, 0.42), (90, 0.31))
_DEATH_RATE_ANCHORS = ((0, 0.004), (1, 0.0002), (14, 0.0002), (15, 0.0005), (39, 0.0005), (40, 0.002), (59, 0.002),
                       (60, 0.008), (69, 0.008), (70, 0.025), (79, 0.025), (80, 0.08), (89, 0.08), (90, 0.22))
_BIRTH_TREND = 0.98

# --- SEN2 caseload: ages, placements ---------------------------------------------------------------------------------

#: SEN2 age categories, as the caseload file spells them.
AGE_CATEGORIES = ("under 3",) + tuple(f"age {a}" for a in range(3, 26))
#: England caseload by age, 2024/25 shape (relative weights).
_AGE_WEIGHTS = np.array([533, 4302, 22517, 30847, 31867, 34082, 36412, 38381, 41405, 46775, 47172, 47359, 47125,
                         44886, 42005, 36484, 28598, 20815, 14495, 9805, 6258, 4030, 2221, 371], dtype=float)
_AGE_YEARS = np.array([2] + list(range(3, 26)))

#: Placement groups: mainstream, special, AP/PRU, further education, elsewhere (home education, other arrangements,
#: NEET, other settings), non-maintained early years, unknown, awaiting provision / permanently excluded (to 2021/22).
MAJORS = ("M", "S", "AP", "FE", "ELSE", "EY", "UNK", "AWAIT")
#: Placement group shares (%) by age, 2024/25 shape; AWAIT is only used to 2021/22.
_PLACEMENT_BY_AGE = np.array([
    # M     S     AP    FE    ELSE  EY    UNK   AWAIT
    [16.5, 9.8, 0.8, 0.0, 16.1, 54.2, 2.6, 0.4],  # under 3
    [28.0, 6.9, 0.4, 0.1, 5.2, 57.3, 2.1, 0.6],  # 3
    [69.9, 20.3, 0.0, 0.0, 1.8, 5.9, 2.1, 1.0],  # 4
    [71.1, 24.3, 0.1, 0.0, 1.7, 0.7, 2.0, 1.3],
    [68.5, 26.9, 0.3, 0.0, 1.8, 0.2, 2.2, 1.3],
    [65.5, 30.0, 0.5, 0.0, 1.9, 0.1, 2.1, 1.3],
    [64.2, 30.8, 0.5, 0.0, 2.1, 0.1, 2.2, 1.3],
    [64.1, 30.7, 0.6, 0.0, 2.3, 0.1, 2.1, 1.3],
    [65.0, 29.7, 0.7, 0.0, 2.5, 0.1, 2.1, 1.3],  # 10
    [51.2, 42.0, 0.5, 0.0, 3.3, 0.0, 2.9, 1.5],
    [49.6, 43.5, 0.8, 0.1, 3.8, 0.0, 2.2, 1.3],
    [47.0, 44.7, 1.2, 0.1, 4.6, 0.0, 2.4, 1.3],
    [45.2, 44.4, 2.0, 0.2, 5.7, 0.0, 2.5, 1.3],
    [44.7, 42.8, 2.6, 0.4, 7.0, 0.0, 2.5, 1.3],  # 15
    [11.1, 24.6, 0.6, 44.6, 13.0, 0.0, 6.0, 1.5],
    [7.9, 22.6, 0.4, 48.5, 17.0, 0.0, 3.7, 1.2],
    [3.6, 19.0, 0.2, 51.0, 21.1, 0.0, 5.0, 1.0],
    [1.6, 5.0, 0.1, 62.2, 25.2, 0.0, 5.8, 0.8],
    [1.1, 2.7, 0.1, 65.0, 26.0, 0.0, 5.1, 0.5],  # 20
    [0.8, 2.4, 0.1, 65.3, 26.6, 0.0, 4.8, 0.5],
    [0.8, 2.2, 0.0, 63.1, 29.1, 0.0, 4.8, 0.5],
    [0.4, 1.5, 0.1, 60.4, 32.7, 0.0, 4.8, 0.5],
    [0.3, 2.1, 0.0, 58.8, 33.7, 0.0, 5.1, 0.5],
    [0.5, 1.6, 0.0, 53.4, 33.2, 0.0, 11.3, 0.5],  # 25
])
#: England placement group shares (% of caseload) by SEN2_YEARS (the published national rows, rounded).
_PLACEMENT_ENGLAND = np.array([
    [39.16, 38.60, 0.77, 16.16, 3.83, 0.48, 0.00, 1.00],
    [39.01, 37.22, 0.82, 16.52, 4.62, 0.52, 0.00, 1.30],
    [39.94, 35.76, 0.75, 16.65, 5.05, 0.52, 0.00, 1.33],
    [40.45, 34.78, 0.76, 16.56, 5.56, 0.53, 0.00, 1.36],
    [41.27, 33.21, 0.76, 14.79, 6.99, 0.63, 2.35, 0.00],
    [43.02, 32.07, 0.78, 14.53, 7.67, 0.76, 1.17, 0.00],
    [43.56, 30.35, 0.76, 13.80, 7.79, 0.71, 3.03, 0.00],
])
#: LA spread (log sd) of each placement group's propensity (mainstream is the reference).
_PLACEMENT_SPREAD = np.array([0.0, 0.20, 0.60, 0.15, 0.35, 0.30, 1.00, 0.80])

#: Caseload leaf columns, grouped by placement group, with (2018/19, 2024/25) shares within the group.
LEAVES = (
    ("M", "mainstream_la_maintained", 46.5, 34.3),
    ("M", "mainstream_la_maintained_resourced_provision", 4.5, 2.4),
    ("M", "mainstream_la_maintained_senunit", 2.5, 1.1),
    ("M", "mainstream_academy", 36.9, 50.9),
    ("M", "mainstream_academy_resourced_provision", 3.5, 3.1),
    ("M", "mainstream_academy_senunit", 2.2, 2.1),
    ("M", "mainstream_free_school", 1.24, 3.37),
    ("M", "mainstream_free_school_resourced_provision", 0.03, 0.08),
    ("M", "mainstream_free_school_senunit", 0.04, 0.03),
    ("M", "mainstream_independent", 2.6, 2.6),
    ("S", "special_la_maintained", 61.5, 44.3),
    ("S", "special_academy_free", 25.7, 38.1),
    ("S", "special_independent", 10.1, 15.3),
    ("S", "special_non_maintained", 2.8, 2.3),
    ("AP", "ap_pru_academy", 26.0, 40.5),
    ("AP", "ap_pru_free_school", 5.7, 12.3),
    ("AP", "ap_pru_la_maintained", 68.3, 47.2),
    ("FE", "general_fe_tertiary_colleges", 89.0, 80.5),
    ("FE", "specialist_post_16_institutions", 8.7, 11.0),
    ("FE", "ukrlp_provider", 6.0, 8.5),
    ("ELSE", "elective_home_education", None, None),
    ("ELSE", "other_arrangements_la", None, None),
    ("ELSE", "other_arrangements_parents", None, None),
    ("ELSE", "online_provider", None, None),
    ("ELSE", "w_settings", None, None),
    ("ELSE", "other_schools", None, None),
    ("ELSE", "other_placement_settings", None, None),
    ("ELSE", "neet", None, None),
    ("ELSE", "neet_ntci", None, None),
    ("ELSE", "neet_other", None, None),
    ("ELSE", "neet_other_csa", None, None),
    ("EY", "nm_early_years", 100.0, 100.0),
    ("UNK", "placement_unknown", 100.0, 100.0),
    ("AWAIT", "await_prov_2022", 98.0, 98.0),
    ("AWAIT", "perm_ex_2022", 2.0, 2.0),
)
LEAF_NAMES = tuple(leaf[1] for leaf in LEAVES)
#: "Elsewhere" leaves' weights by age band: under 5, 5-15, 16-25 (same order as the ELSE leaves above).
_ELSEWHERE_BY_BAND = np.array([
    [0.0, 15.0, 25.0, 0.0, 0.0, 5.0, 55.0, 0.0, 0.0, 0.0, 0.0],
    [40.0, 28.0, 5.0, 1.0, 2.0, 1.5, 12.0, 0.5, 0.0, 0.0, 0.0],
    [3.0, 14.0, 1.5, 0.3, 1.2, 0.3, 6.0, 52.0, 6.0, 9.0, 7.0],
])
_AGE_BAND = np.array([0, 0, 0] + [1] * 11 + [2] * 10)  # under 3, 3, 4 | 5..15 | 16..25

#: Caseload columns printed as ``x`` (not collected) by SEN2 year: the real file's columns for every row of a year.
CASELOAD_X = {
    201819: {"ukrlp_provider", "elective_home_education", "online_provider", "w_settings", "other_schools",
             "neet_ntci", "neet_other", "neet_other_csa", "placement_unknown", "placement_unknown_pc"},
    201920: {"ukrlp_provider", "online_provider", "w_settings", "other_schools", "neet_ntci", "neet_other",
             "neet_other_csa", "placement_unknown", "placement_unknown_pc"},
    202223: {"online_provider", "w_settings", "other_schools", "await_prov_2022", "perm_ex_2022"},
    202425: {"await_prov_2022", "perm_ex_2022"},
}
CASELOAD_X[202021] = CASELOAD_X[202122] = CASELOAD_X[201920]
CASELOAD_X[202324] = CASELOAD_X[202223]

# --- Needs --------------------------------------------------------------------------------------------------------

#: SEN2 need codes (the order of the ``number_*`` columns) and England shares (%) of all plans, 2024/25.
SEN2_NEEDS = ("asd", "hi", "mld", "msi", "oth", "pd", "pmld", "semh", "slcn", "sld", "spld", "vi", "unknown")
_SEN2_MIX_2425 = np.array([31.5, 1.4, 10.6, 0.3, 1.2, 3.9, 1.3, 20.7, 21.3, 4.0, 2.3, 0.8, 0.8])
#: ASD share (percentage points) gained per year up to 2024/25.
_ASD_TREND = 1.0
#: Need tilt by age band (under 5, 5-10, 11-15, 16-19, 20-25), SEN2_NEEDS order.
_NEED_BY_AGE_BAND = np.array([
    [0.8, 2.0, 0.3, 3.0, 1.5, 3.0, 3.0, 0.15, 2.0, 1.5, 0.05, 2.5, 1.5],
    [1.2, 1.0, 0.8, 1.0, 1.0, 1.0, 0.9, 0.7, 1.5, 0.9, 0.6, 1.0, 0.6],
    [1.05, 0.9, 1.2, 0.8, 0.9, 0.8, 0.7, 1.4, 0.7, 0.8, 1.4, 0.9, 0.7],
    [0.9, 1.0, 1.3, 1.0, 1.0, 1.0, 1.1, 1.3, 0.5, 1.3, 1.4, 1.0, 1.5],
    [0.8, 1.0, 1.4, 1.2, 1.2, 1.3, 1.6, 0.9, 0.4, 1.8, 1.1, 1.1, 3.0],
])
_NEED_AGE_BAND = np.array([0, 0, 0] + [1] * 6 + [2] * 5 + [3] * 4 + [4] * 6)

#: School census primary needs: (label as published, SEN2 code for the LA tilt or None, EHC % 2025/26, SEN support %
#: 2025/26, first year, last year). Years outside [first, last] have no such row.
SCHOOL_NEEDS = (
    ("Autistic spectrum disorder", "asd", 33.5, 10.2, 202122, 202526),
    ("Down syndrome", None, 0.45, 0.02, 202425, 202526),
    ("Hearing impairment", "hi", 1.3, 1.4, 202122, 202526),
    ("Moderate learning difficulty", "mld", 7.2, 13.3, 202122, 202526),
    ("Multi-sensory impairment", "msi", 0.3, 0.25, 202122, 202526),
    ("Other difficulty or disability", "oth", 1.9, 3.3, 202122, 202526),
    ("Physical disability", "pd", 3.0, 1.7, 202122, 202526),
    ("Profound and multiple learning difficulty", "pmld", 1.9, 0.04, 202122, 202526),
    ("SEN support but no specialist assessment of type of need", None, None, 5.4, 202122, 202526),
    ("Severe learning difficulty", "sld", 6.3, 0.13, 202122, 202526),
    ("Social, emotional and mental health", "semh", 16.9, 24.8, 202122, 202526),
    ("Specific learning difficulty", "spld", 4.3, 13.1, 202122, 202526),
    ("Speech, language and communications needs", "slcn", 22.1, 25.6, 202122, 202526),
    ("Unknown", None, 0.003, 0.005, 202122, 202526),
    ("Vision impairment", "vi", 0.8, 0.8, 202122, 202526),
)
#: Years in which the EHC plan need list has an "Unknown" row (as the 2025/26 release: 2024/25 yes, 2025/26 no).
_EHC_UNKNOWN_LAST = 202425
#: Changes per year before 2025/26, percentage points: (EHC ASD, SEN support ASD, SEN support MLD, SEN support SEMH).
_SCHOOL_NEED_TRENDS = {"ehc_asd": 0.75, "sup_asd": 0.55, "sup_mld": -0.55, "sup_semh": 0.45}

PROVISION_EHC = "Education, health and care plan"
PROVISION_SUPPORT = "SEN support / SEN without an EHC plan"

# --- Statistical neighbours ----------------------------------------------------------------------------------------

#: DfE government office region codes (GOInd) and names (GOReg) of the statistical neighbour file.
GO_REGION = {
    "E12000004": (1, "East Midlands"),
    "E12000006": (2, "East of England"),
    "E12000007": (3, "London"),
    "E12000001": (4, "North East"),
    "E12000002": (5, "North West"),
    "E12000008": (6, "South East"),
    "E12000009": (7, "South West"),
    "E12000005": (8, "West Midlands"),
    "E12000003": (9, "Yorkshire and the Humber"),
}
#: London boroughs the statistical neighbour file calls "London (Inner)" (DfE numbers); the rest are "London (Outer)".
INNER_LONDON = frozenset({"201", "202", "204", "205", "206", "207", "208", "209", "210", "211", "212", "213",
                          "309", "316"})

# --------------------------------------------------------------------------------------------------------------------
# Output files and headers
# --------------------------------------------------------------------------------------------------------------------

SEN_IN_ENGLAND_FILE = "dfe_sen_in_england/data-special-educational-needs-in-england.csv"
SEN_PRIMARY_NEED_FILE = "dfe_sen_in_england/sen_primary_need.csv"
CASELOAD_FILE = "dfe_ehc_plans/caseload.csv"
SEN_NEEDS_FILE = "dfe_ehc_plans/sen_needs_all_plans.csv"
TIMELINESS_FILE = "dfe_ehc_plans/timeliness_20_week.csv"
MYE_FILE = "ons_mye/ukpopestimatesmid{year}on2023geography.xlsx"
SN_FILE = "dfe_statistical_neighbours/sn_groups.xlsx"
BOUNDARY_FILE = "ons_boundaries/Counties_and_Unitary_Authorities_December_2023_Boundaries_EN_simplified.geojson"
BOUNDARY_LICENCE_FILE = "ons_boundaries/LICENCE.txt"
README_FILE = "README.md"
#: A short notice that :func:`jsnakit.render.narrative.methods_text` puts in every factsheet made from this folder.
NOTICE_FILE = "NOTICE.md"

_SCHOOL_GEO = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_name",
               "region_code", "old_la_code", "la_name", "new_la_code", "pcon_code", "pcon_name"]
SEN_IN_ENGLAND_HEADER = _SCHOOL_GEO + ["phase_type_grouping", "establishment_type", "hospital_school",
                                       "sen_provision", "pupil_count", "pupil_percent"]
SEN_PRIMARY_NEED_HEADER = _SCHOOL_GEO + ["phase_type_grouping", "sen_provision", "sen_primary_need",
                                         "total_pupil_count"]
_SEN2_GEO = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code",
             "region_name", "new_la_code", "old_la_code", "la_name", "breakdown_topic", "breakdown"]
CASELOAD_HEADER = _SEN2_GEO + [
    "ehcplans",
    "mainstream_la_maintained", "mainstream_la_maintained_resourced_provision", "mainstream_la_maintained_senunit",
    "mainstream_academy", "mainstream_academy_resourced_provision", "mainstream_academy_senunit",
    "mainstream_free_school", "mainstream_free_school_resourced_provision", "mainstream_free_school_senunit",
    "mainstream_independent", "mainstream_total", "mainstream_total_pc",
    "special_la_maintained", "special_academy_free", "special_independent", "special_non_maintained",
    "special_total", "special_total_pc",
    "ap_pru_academy", "ap_pru_free_school", "ap_pru_la_maintained", "ap_pru_total", "AP_PRU_total_pc",
    "general_fe_tertiary_colleges", "specialist_post_16_institutions", "ukrlp_provider", "fe_total", "fe_total_pc",
    "elective_home_education", "other_arrangements_la", "other_arrangements_parents", "online_provider",
    "w_settings", "other_schools", "other_placement_settings", "neet", "neet_ntci", "neet_other", "neet_other_csa",
    "ed_elsewhere", "ed_elsewhere_pc", "nm_early_years", "nm_early_years_pc", "placement_unknown",
    "placement_unknown_pc", "await_prov_2022", "perm_ex_2022",
]
SEN_NEEDS_HEADER = _SEN2_GEO + ["ehc_plans"] + [
    f"number_{'need_unknown' if n == 'unknown' else n}" for n in SEN2_NEEDS] + [f"{n}_pc" for n in SEN2_NEEDS]
TIMELINESS_HEADER = _SEN2_GEO + [
    "plans_issued_den", "plans_issued_den_ex", "plans_issued_within_20_weeks", "plans_issued_20_weeks_ex",
    "pc_plans_issued_within_20_weeks", "PC_plans_issued_20_weeks_ex",
    "plans_issued_gt20weeks_ltYear", "plans_issued_gt20weeks_ltYear_ex", "pc_plans_issued_gt20weeks_ltYear",
    "PC_plans_issued_gt20weeks_ltYear_ex",
    "plans_issued_gt_1_year", "plans_issued_gt_1_year_ex", "pc_plans_issued_gt_1_year", "PC_plans_issued_gt_1_year_ex",
]
MYE_TITLE_ROWS = (
    "MYE2: {sex} by single year of age and sex for local authorities in the UK, mid-{year}",
    "This worksheet contains one table. Freeze panes are turned on. ",
    "To turn off freeze panes select the 'View' ribbon then 'Freeze Panes' then 'Unfreeze Panes' or use [Alt W, F]",
    "Please choose from the links presented in the cells below to e-mail us your opinion on this table: ",
    "This met my needs, please produce it next year",
    "I need something slightly different (please specify)",
    "This is not what I need at all (please specify)",
)
MYE_HEADER = ["Code", "Name", "Geography", "All ages"] + [str(a) for a in range(91)]
SN_HEADER = ["LA num", "LA Name", "LA number", "GOInd", "GOReg"] + [
    x for n in range(1, 11) for x in (f"SN{n}", "SNP")]
SN_CLOSENESS = ("Very close", "Close", "Somewhat close")

_SYNTHETIC_NOTE = ("SYNTHETIC DATA generated by jsnakit.samples (python -m jsnakit.samples, seed {seed}); "
                   "not official statistics. Layout copied from the published file; every number is made up.")


# ====================================================================================================================
# The latent table
# ====================================================================================================================

@dataclass
class Latent:
    """Everything drawn once, from which every sample file is derived.

    Attributes
    ----------
    las : pandas.DataFrame
        The 153 LAs (columns of :func:`jsnakit.core.geography.areas`), ordered by region code then DfE number; every array
        below follows this order on its LA axis.
    regions : pandas.DataFrame
        The 9 regions, by code.
    params : pandas.DataFrame
        One row per LA: ``pop0_25`` (target population aged 0-25 at mid-2021), ``deprivation`` (z score), ``m_ehc``
        and ``m_support`` (prevalence multipliers), ``g_ehc`` and ``g_support`` (log trend per year), ``enrolment``,
        ``caseload_ratio``, ``male_share``, ``timeliness`` (logit offset), ``nsa_tilt`` (multiplier of the "no
        specialist assessment" SEN support category).
    need_tilt : numpy.ndarray
        (LA, 13) relative need-mix multipliers (a Dirichlet draw over :data:`SEN2_NEEDS` divided by its mean).
    females, males : numpy.ndarray
        (year of :data:`POP_YEARS`, LA, age 0..90) integer population; age 90 means 90 and over.
    pupils, ehc_pupils, support_pupils : numpy.ndarray
        (year of :data:`SEN_YEARS`, LA) integer counts.
    caseload : numpy.ndarray
        (year of :data:`SEN2_YEARS`, LA, age of :data:`AGE_CATEGORIES`, leaf of :data:`LEAF_NAMES`) plans maintained.
    caseload_male : numpy.ndarray
        Same shape, the males among them (drawn for the breakdown years only; zero elsewhere).
    sen2_needs : numpy.ndarray
        (year of :data:`SEN2_NEED_YEARS`, LA, age, need of :data:`SEN2_NEEDS`) plans by primary need.
    seed : int
        The seed used.
    """

    las: pd.DataFrame
    regions: pd.DataFrame
    params: pd.DataFrame
    need_tilt: np.ndarray
    females: np.ndarray
    males: np.ndarray
    pupils: np.ndarray
    ehc_pupils: np.ndarray
    support_pupils: np.ndarray
    caseload: np.ndarray
    caseload_male: np.ndarray
    sen2_needs: np.ndarray
    seed: int = SEED

    def rng(self, stream: str) -> np.random.Generator:
        """Return a generator of its own for one output file, so that files do not depend on each other's draws."""
        return np.random.default_rng([self.seed, sum(ord(c) * 31 ** i for i, c in enumerate(stream)) % 2**32])


def _normalise(weights: np.ndarray) -> np.ndarray:
    """Scale the last axis to sum to 1 (rows of zeros stay zero)."""
    total = weights.sum(axis=-1, keepdims=True)
    return np.divide(weights, total, out=np.zeros_like(weights, dtype=float), where=total > 0)


def _calibrate(weights: np.ndarray, profile: np.ndarray, target: np.ndarray, iterations: int = 200) -> np.ndarray:
    """Category factors that make a weighted mix of row-normalised profiles hit a target mix.

    Parameters
    ----------
    weights : numpy.ndarray
        (..., age) how many cases of each LA and age.
    profile : numpy.ndarray
        (..., age, category) category weights, broadcastable against ``weights[..., None]``.
    target : numpy.ndarray
        (category,) the overall mix wanted (any scale).

    Returns
    -------
    numpy.ndarray
        (category,) factors ``f`` such that ``sum w * normalise(profile * f)`` over LAs and ages is proportional to
        ``target``.
    """
    target = target / target.sum()
    factors = np.where(target > 0, 1.0, 0.0)
    for _ in range(iterations):
        mix = (weights[..., None] * _normalise(profile * factors)).reshape(-1, len(target)).sum(axis=0)
        mix = mix / mix.sum()
        step = np.divide(target, mix, out=np.ones_like(mix), where=mix > 0)
        factors = np.where(mix > 0, factors * step, 0.0)
        if np.abs(step - 1.0).max() < 1e-9:
            break
    return factors


def _draw_params(las: pd.DataFrame, rng: np.random.Generator) -> tuple[pd.DataFrame, np.ndarray]:
    """Draw the per-LA latent characteristics (see :class:`Latent`)."""
    n = len(las)
    kind = las["area_type"].to_numpy()
    centre = np.array([SIZE_BY_TYPE[k][0] for k in kind], dtype=float)
    spread = np.array([SIZE_BY_TYPE[k][1] for k in kind])
    low = np.array([SIZE_BY_TYPE[k][2] for k in kind], dtype=float)
    high = np.array([SIZE_BY_TYPE[k][3] for k in kind], dtype=float)
    pop = np.clip(centre * np.exp(rng.normal(0.0, 1.0, n) * spread), low, high)
    enrol = rng.normal(1.0, 0.03, n)
    for code, (size, ratio) in SMALL_AREAS.items():
        i = int(np.flatnonzero(las["area_code"].to_numpy() == code)[0])
        pop[i], enrol[i] = size, ratio
    shift = pd.Series(kind).map({"metropolitan district": 0.55, "london borough": 0.25, "county": -0.75,
                                 "unitary authority": 0.0}).to_numpy()
    z = rng.normal(0.0, 1.0, n) + shift
    z = (z - z.mean()) / z.std()
    m_ehc = np.clip(np.exp(rng.normal(0.0, 0.15, n) + 0.08 * z), 0.55, 1.30)
    m_sup = np.clip(np.exp(rng.normal(0.0, 0.11, n) + 0.06 * z), 0.70, 1.33)
    params = pd.DataFrame({
        "pop0_25": np.rint(pop),
        "deprivation": z,
        "m_ehc": m_ehc,
        "m_support": m_sup,
        "g_ehc": rng.normal(0.0, 0.025, n),
        "g_support": rng.normal(0.0, 0.012, n),
        "enrolment": enrol,
        "caseload_ratio": np.exp(rng.normal(0.0, 0.06, n)),
        "male_share": np.clip(rng.normal(0.71, 0.015, n), 0.65, 0.77),
        "timeliness": rng.normal(0.0, 1.3, n),
        "nsa_tilt": np.exp(rng.normal(0.0, 0.5, n)),
    }, index=las["area_code"].to_numpy())
    base = _SEN2_MIX_2425 / _SEN2_MIX_2425.sum()
    need_tilt = rng.dirichlet(150.0 * base, size=n) / base
    return params, need_tilt


# --------------------------------------------------------------------------------------------------------------------
# Population
# --------------------------------------------------------------------------------------------------------------------

def _national_age_profile() -> tuple[np.ndarray, np.ndarray]:
    """England persons by single year of age (0..89, 90+) at mid-2017, and the male share by age."""
    ages, values = zip(*_AGE_ANCHORS)
    persons = np.append(np.interp(np.arange(90), ages, values), _AGE_90_PLUS) * 1000.0
    m_ages, m_values = zip(*_MALE_SHARE_ANCHORS)
    return persons, np.interp(np.arange(91), m_ages, m_values)


def _draw_population(las: pd.DataFrame, pop0_25: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    """Project each LA's population by sex and single year of age from mid-2017 to mid-2025.

    The starting age structure is England's, tilted per LA (more young adults in London, more older people in
    counties); cohorts then age a year at a time with deaths, a little net migration and falling births. Finally
    every LA is scaled so that its population aged 0-25 at mid-2021 equals its latent size ``pop0_25``.

    Returns
    -------
    tuple of numpy.ndarray
        Females and males, each (year, LA, age) rounded to whole people.
    """
    n = len(las)
    kind = las["area_type"].to_numpy()
    persons, male_share = _national_age_profile()
    age = np.arange(91)
    young_adult = np.exp(-(((age - 29) / 8.0) ** 2))
    older = np.clip((age - 55) / 25.0, 0.0, 1.0)
    child = (age < 18).astype(float)
    means = {"london borough": (0.30, -0.35, 0.0), "metropolitan district": (0.10, -0.05, 0.03),
             "county": (-0.15, 0.20, -0.02), "unitary authority": (0.0, 0.05, 0.0)}
    mu = np.array([means[k] for k in kind])
    tilt = mu + rng.normal(0.0, 0.12, (n, 3))
    codes = las["area_code"].to_numpy()
    tilt[codes == "E09000001"] = (0.9, -0.3, -0.9)
    tilt[codes == "E06000053"] = (-0.2, 0.5, -0.1)
    log_shape = (tilt[:, [0]] * young_adult + tilt[:, [1]] * older + tilt[:, [2]] * child
                 + rng.normal(0.0, 0.02, (n, 91)))
    start = persons * np.exp(log_shape)
    females = np.empty((len(POP_YEARS), n, 91))
    males = np.empty_like(females)
    females[0], males[0] = start * (1 - male_share), start * male_share
    d_ages, d_values = zip(*_DEATH_RATE_ANCHORS)
    survive = 1.0 - np.interp(age, d_ages, d_values)
    migration_shape = np.exp(-(((age - 24) / 7.0) ** 2))
    net_migration = 0.001 + 0.005 * migration_shape
    la_migration = rng.normal(0.0, 0.004, n)
    for t in range(1, len(POP_YEARS)):
        mig = 1.0 + net_migration + la_migration[:, None] * migration_shape
        births = (females[t - 1, :, 0] + males[t - 1, :, 0]) * _BIRTH_TREND * np.exp(rng.normal(0.0, 0.01, n))
        for sex, arr in ((0, females), (1, males)):
            prev = arr[t - 1]
            new = np.empty_like(prev)
            new[:, 1:90] = prev[:, 0:89] * survive[0:89] * mig[:, 0:89]
            new[:, 90] = prev[:, 89] * survive[89] * mig[:, 89] + prev[:, 90] * survive[90]
            new[:, 0] = births * (male_share[0] if sex else 1 - male_share[0])
            arr[t] = new
    t2021 = POP_YEARS.index(2021)
    scale = pop0_25 / (females[t2021, :, :26] + males[t2021, :, :26]).sum(axis=1)
    return np.rint(females * scale[None, :, None]), np.rint(males * scale[None, :, None])


# --------------------------------------------------------------------------------------------------------------------
# School census counts
# --------------------------------------------------------------------------------------------------------------------

def _draw_pupils(persons: np.ndarray, params: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """Pupils per LA and SEN year: population aged 4-18 at the mid-year before the census, times enrolment."""
    out = np.empty((len(SEN_YEARS), persons.shape[1]), dtype=np.int64)
    for k, year in enumerate(SEN_YEARS):
        school_age = persons[POP_YEARS.index(year // 100), :, 4:19].sum(axis=1)
        raw = school_age * params["enrolment"].to_numpy() * np.exp(rng.normal(0.0, 0.004, len(school_age)))
        out[k] = np.rint(raw * PUPILS_ENGLAND[k] / raw.sum())
    return out


def _draw_prevalence(pupils: np.ndarray, params: pd.DataFrame, rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    """Pupils with an EHC plan and on SEN support, per SEN year and LA (binomial draws around calibrated rates)."""
    last = len(SEN_YEARS) - 1
    ehc = np.empty_like(pupils)
    support = np.empty_like(pupils)
    for k in range(len(SEN_YEARS)):
        raw = params["m_ehc"].to_numpy() * np.exp(params["g_ehc"].to_numpy() * (k - last))
        p_ehc = np.clip(raw * EHC_PERCENT_ENGLAND[k] / 100 * pupils[k].sum() / (pupils[k] * raw).sum(), 0.0, 0.2)
        raw = params["m_support"].to_numpy() * np.exp(params["g_support"].to_numpy() * (k - last))
        p_sup = np.clip(raw * SUPPORT_PERCENT_ENGLAND[k] / 100 * pupils[k].sum() / (pupils[k] * raw).sum(), 0, 0.4)
        ehc[k] = rng.binomial(pupils[k], p_ehc)
        support[k] = rng.binomial(pupils[k] - ehc[k], np.clip(p_sup / (1.0 - p_ehc), 0.0, 1.0))
    return ehc, support


# --------------------------------------------------------------------------------------------------------------------
# SEN2 caseload
# --------------------------------------------------------------------------------------------------------------------

def _leaf_shares(k: int) -> np.ndarray:
    """(age band, leaf) shares of each leaf within its placement group in SEN2 year ``k``; ``x`` leaves are zero."""
    year = SEN2_YEARS[k]
    frac = k / (len(SEN2_YEARS) - 1)
    majors = np.array([leaf[0] for leaf in LEAVES])
    shares = np.zeros((3, len(LEAVES)))
    for j, (_, _, first, last) in enumerate(LEAVES):
        if first is not None:
            shares[:, j] = first + (last - first) * frac
    shares[:, majors == "ELSE"] = _ELSEWHERE_BY_BAND
    unavailable = np.array([name in CASELOAD_X[year] for name in LEAF_NAMES])
    shares[:, unavailable] = 0.0
    for major in MAJORS:
        cols = majors == major
        shares[:, cols] = _normalise(shares[:, cols])
    return shares


def _draw_caseload(ehc_pupils: np.ndarray, params: pd.DataFrame,
                   rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """EHC plans maintained per SEN2 year, LA, age and placement leaf; and the males among them.

    The LA total is about 1.3 times its pupils with an EHC plan in the same academic year (calibrated to England's
    published caseload); ages follow England's 2024/25 shape (fewer young adults in earlier years) with an LA tilt;
    placement groups follow an age profile calibrated each year to England's published shares, with LA propensities;
    leaves within a group follow England's split for the year (unavailable columns get nothing).
    """
    n = ehc_pupils.shape[1]
    n_age, n_leaf = len(AGE_CATEGORIES), len(LEAVES)
    base_age = _AGE_WEIGHTS / _AGE_WEIGHTS.sum()
    age_tilt = rng.dirichlet(400.0 * base_age, size=n) / base_age
    place_tilt = np.exp(rng.normal(0.0, 1.0, (n, len(MAJORS))) * _PLACEMENT_SPREAD)
    majors = np.array([leaf[0] for leaf in LEAVES])
    caseload = np.zeros((len(SEN2_YEARS), n, n_age, n_leaf), dtype=np.int64)
    male = np.zeros_like(caseload)
    male_share = params["male_share"].to_numpy()
    for k, year in enumerate(SEN2_YEARS):
        kk = SEN_YEARS.index(year)
        expected = ehc_pupils[kk] * params["caseload_ratio"].to_numpy()
        totals = rng.poisson(expected * CASELOAD_ENGLAND[k] / expected.sum())
        years_before = len(SEN2_YEARS) - 1 - k
        year_age = base_age * np.exp(-0.07 * years_before * (_AGE_YEARS >= 19) - 0.03 * years_before
                                     * ((_AGE_YEARS >= 16) & (_AGE_YEARS <= 18)))
        ages = rng.multinomial(totals, _normalise(year_age[None, :] * age_tilt))
        available = _PLACEMENT_ENGLAND[k] > 0
        profile = _PLACEMENT_BY_AGE * available
        tilted = profile[None, :, :] * place_tilt[:, None, :]
        probs = _normalise(tilted * _calibrate(ages.astype(float), tilted, _PLACEMENT_ENGLAND[k]))
        groups = rng.multinomial(ages, probs)
        shares = _leaf_shares(k)[_AGE_BAND]  # (age, leaf)
        for g, major in enumerate(MAJORS):
            cols = np.flatnonzero(majors == major)
            p = shares[:, cols]
            if not available[g] or p.sum() == 0:
                continue
            caseload[k][:, :, cols] = rng.multinomial(groups[:, :, g], np.broadcast_to(p, (n, n_age, len(cols))))
        if year in SEN2_BREAKDOWN_YEARS:
            male[k] = rng.binomial(caseload[k], male_share[:, None, None])
    return caseload, male


def _sen2_need_mix(year: int) -> np.ndarray:
    """England's SEN2 need mix (shares) for a year: 2024/25 with the ASD share lower by :data:`_ASD_TREND` a year."""
    mix = _SEN2_MIX_2425.copy()
    asd = mix[0] - _ASD_TREND * (SEN2_NEED_YEARS[-1] // 100 - year // 100)
    mix[1:] *= (100.0 - asd) / mix[1:].sum()
    mix[0] = asd
    return mix / mix.sum()


def _draw_sen2_needs(caseload: np.ndarray, need_tilt: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Plans by primary need for SEN2_NEED_YEARS, per LA and age (multinomial on the caseload by age)."""
    n, n_age = caseload.shape[1], caseload.shape[2]
    out = np.zeros((len(SEN2_NEED_YEARS), n, n_age, len(SEN2_NEEDS)), dtype=np.int64)
    profile = _NEED_BY_AGE_BAND[_NEED_AGE_BAND]
    for j, year in enumerate(SEN2_NEED_YEARS):
        by_age = caseload[SEN2_YEARS.index(year)].sum(axis=2)
        tilted = profile[None, :, :] * need_tilt[:, None, :]
        probs = _normalise(tilted * _calibrate(by_age.astype(float), tilted, _sen2_need_mix(year)))
        out[j] = rng.multinomial(by_age, probs)
    return out


def build_latent(seed: int = SEED) -> Latent:
    """Draw the latent table and every shared count from one seeded generator.

    Parameters
    ----------
    seed : int, default :data:`SEED`
        Seed of ``numpy.random.default_rng``.

    Returns
    -------
    Latent
        The draws every ``write_*`` function reads.

    Examples
    --------
    >>> latent = build_latent()
    >>> latent.caseload.shape[1]
    153
    """
    rng = np.random.default_rng(seed)
    las = geography.local_authorities().reset_index(drop=True)
    las = las.assign(_dfe=las["dfe_code"].astype(int)).sort_values(["region_code", "_dfe"]).drop(columns="_dfe")
    las = las.reset_index(drop=True)
    regions = geography.regions().reset_index(drop=True).sort_values("area_code").reset_index(drop=True)
    params, need_tilt = _draw_params(las, rng)
    females, males = _draw_population(las, params["pop0_25"].to_numpy(), rng)
    pupils = _draw_pupils(females + males, params, rng)
    ehc, support = _draw_prevalence(pupils, params, rng)
    caseload, caseload_male = _draw_caseload(ehc, params, rng)
    sen2_needs = _draw_sen2_needs(caseload, need_tilt, rng)
    return Latent(las=las, regions=regions, params=params, need_tilt=need_tilt, females=females.astype(np.int64),
                  males=males.astype(np.int64), pupils=pupils, ehc_pupils=ehc, support_pupils=support,
                  caseload=caseload, caseload_male=caseload_male, sen2_needs=sen2_needs, seed=seed)


# ====================================================================================================================
# Writing helpers
# ====================================================================================================================

def _atomic_write(path: Path, data: bytes) -> Path:
    """Write bytes to ``path`` through a temporary file in the same folder and ``os.replace``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return path


def _csv_bytes(header: list[str], rows: list[list[str]], *, bom: bool, crlf: bool) -> bytes:
    """CSV text as the publishers write it: quotes only where a field holds a comma (or quote)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n" if crlf else "\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    data = buf.getvalue().encode("utf-8")
    return b"\xef\xbb\xbf" + data if bom else data


def _pc1(num: int, den: int) -> str:
    """Percentage to one decimal, rounded half up, without a trailing ``.0`` (``66.7``, ``100``, ``0``); ``x`` if
    the denominator is 0."""
    num, den = int(num), int(den)
    if den == 0:
        return "x"
    q = (2000 * num + den) // (2 * den)
    return f"{q // 10}.{q % 10}" if q % 10 else str(q // 10)


def _pc11(num: int, den: int) -> str:
    """Percentage to 11 decimals, as the school census files print ``pupil_percent``."""
    return "%.11f" % (100.0 * num / den)


@dataclass(frozen=True)
class _Area:
    level: str  # National / Regional / Local authority
    code: str
    name: str
    region_code: str = ""
    region_name: str = ""
    dfe: str = ""


def _areas_in_order(latent: Latent) -> list[tuple[_Area, np.ndarray]]:
    """England, the regions, then the LAs; each with a boolean mask over the LA axis."""
    codes = latent.las["region_code"].to_numpy()
    out = [(_Area("National", geography.ENGLAND, "England"), np.ones(len(codes), dtype=bool))]
    for _, r in latent.regions.iterrows():
        out.append((_Area("Regional", r["area_code"], r["area_name"], r["area_code"], r["area_name"]),
                    codes == r["area_code"]))
    for i, r in latent.las.iterrows():
        mask = np.zeros(len(codes), dtype=bool)
        mask[i] = True
        out.append((_Area("Local authority", r["area_code"], r["area_name"], r["region_code"], r["region_name"],
                          r["dfe_code"]), mask))
    return out


def _school_geo(time_period: int, area: _Area) -> list[str]:
    """Geography columns of the school census files (``region_name,region_code,old_la_code,la_name,new_la_code``)."""
    la = area.level == "Local authority"
    return [str(time_period), "Academic year", area.level, geography.ENGLAND, "England",
            area.region_name, area.region_code, area.dfe if la else "", area.name if la else "",
            area.code if la else "", "", ""]


def _sen2_geo(time_period: int, identifier: str, area: _Area, topic: str, breakdown: str) -> list[str]:
    """Geography columns of the SEN2 files (``region_code,region_name,new_la_code,old_la_code,la_name``)."""
    la = area.level == "Local authority"
    return [str(time_period), identifier, area.level, geography.ENGLAND, "England", area.region_code,
            area.region_name, area.code if la else "", area.dfe if la else "", area.name if la else "", topic,
            breakdown]


# ====================================================================================================================
# 1-2. Special educational needs in England (school census)
# ====================================================================================================================

def write_sen_in_england(out: Path, latent: Latent) -> Path:
    """Write ``dfe_sen_in_england/data-special-educational-needs-in-england.csv``.

    Layout of the EES data-catalogue file of *Special educational needs in England* (2025/26 release): long form,
    ``sen_provision`` Total / EHC plan / SEN support, ``pupil_percent`` to 11 decimals (``100`` for Total), LF line
    ends, no BOM; academic years 2018/19 to 2025/26, newest first; England, regions and LAs.

    Parameters
    ----------
    out : pathlib.Path
        The ``data_samples`` folder.
    latent : Latent
        From :func:`build_latent`.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    rows = []
    for k in reversed(range(len(SEN_YEARS))):
        for area, mask in _areas_in_order(latent):
            pupils = int(latent.pupils[k, mask].sum())
            ehc = int(latent.ehc_pupils[k, mask].sum())
            sup = int(latent.support_pupils[k, mask].sum())
            geo = _school_geo(SEN_YEARS[k], area) + ["Total", "Total", "Total"]
            rows.append(geo + ["Total", str(pupils), "100"])
            rows.append(geo + [PROVISION_EHC, str(ehc), _pc11(ehc, pupils)])
            rows.append(geo + [PROVISION_SUPPORT, str(sup), _pc11(sup, pupils)])
    data = _csv_bytes(SEN_IN_ENGLAND_HEADER, rows, bom=False, crlf=False)
    return _atomic_write(Path(out) / SEN_IN_ENGLAND_FILE, data)


def _school_need_mix(year: int, ehc: bool) -> dict[str, float]:
    """England's school census need mix (shares) for a provision and year, over the categories published that year."""
    years_before = SC_NEED_YEARS[-1] // 100 - year // 100
    mix = {}
    for label, _, ehc_pc, sup_pc, first, last in SCHOOL_NEEDS:
        share = ehc_pc if ehc else sup_pc
        if share is None or not first <= year <= last:
            continue
        if ehc and label == "Unknown" and year > _EHC_UNKNOWN_LAST:
            continue
        if label == "Autistic spectrum disorder":
            share -= years_before * (_SCHOOL_NEED_TRENDS["ehc_asd"] if ehc else _SCHOOL_NEED_TRENDS["sup_asd"])
        elif not ehc and label == "Moderate learning difficulty":
            share -= years_before * _SCHOOL_NEED_TRENDS["sup_mld"]
        elif not ehc and label == "Social, emotional and mental health":
            share -= years_before * _SCHOOL_NEED_TRENDS["sup_semh"]
        mix[label] = share
    total = sum(mix.values())
    return {label: share / total for label, share in mix.items()}


def _draw_school_needs(latent: Latent) -> dict[tuple[int, str], tuple[list[str], np.ndarray]]:
    """Pupils by primary need: {(year, provision): (labels, (LA, need) counts)} (multinomial on the LA totals)."""
    rng = latent.rng("sen_primary_need")
    tilt_of = {code: latent.need_tilt[:, j] for j, code in enumerate(SEN2_NEEDS)}
    n = len(latent.las)
    out = {}
    for year in SC_NEED_YEARS:
        k = SEN_YEARS.index(year)
        for provision, totals in ((PROVISION_EHC, latent.ehc_pupils[k]), (PROVISION_SUPPORT,
                                                                          latent.support_pupils[k])):
            mix = _school_need_mix(year, provision == PROVISION_EHC)
            labels = list(mix)
            weights = np.empty((n, len(labels)))
            for j, label in enumerate(labels):
                code = next(c for lab, c, *_ in SCHOOL_NEEDS if lab == label)
                tilt = tilt_of[code] if code else np.ones(n)
                if label.startswith("SEN support but no specialist"):
                    tilt = latent.params["nsa_tilt"].to_numpy()
                weights[:, j] = mix[label] * tilt
            target = np.array([mix[label] for label in labels])
            weights = weights * _calibrate(totals[:, None].astype(float), weights[:, None, :], target)
            out[(year, provision)] = (labels, rng.multinomial(totals, _normalise(weights)))
    return out


def write_sen_primary_need(out: Path, latent: Latent) -> Path:
    """Write ``dfe_sen_in_england/sen_primary_need.csv``.

    Layout of the EES table-tool file "Number of pupils with an Education, health and care plan or SEN support in
    England, by primary need" (2025/26 release), extended to regions and LAs and to 2021/22-2025/26, newest first.
    Need categories are spelled as published and appear only in the years the real file has them ("Down syndrome"
    from 2024/25; "Unknown" for EHC plans up to 2024/25; the "no specialist assessment" category for SEN support
    only). Each provision's ``Total`` row equals its count in :func:`write_sen_in_england`.

    Parameters
    ----------
    out : pathlib.Path
        The ``data_samples`` folder.
    latent : Latent
        From :func:`build_latent`.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    needs = _draw_school_needs(latent)
    rows = []
    for year in reversed(SC_NEED_YEARS):
        for area, mask in _areas_in_order(latent):
            geo = _school_geo(year, area) + ["Total"]
            for provision in (PROVISION_EHC, PROVISION_SUPPORT):
                labels, counts = needs[(year, provision)]
                summed = counts[mask].sum(axis=0)
                values = dict(zip(labels, (str(int(v)) for v in summed)))
                values["Total"] = str(int(summed.sum()))
                for label in sorted(values):
                    rows.append(geo + [provision, label, values[label]])
    data = _csv_bytes(SEN_PRIMARY_NEED_HEADER, rows, bom=False, crlf=False)
    return _atomic_write(Path(out) / SEN_PRIMARY_NEED_FILE, data)


# ====================================================================================================================
# 3-5. Education, health and care plans (SEN2)
# ====================================================================================================================

def _caseload_values(leaves: np.ndarray, year: int) -> list[str]:
    """The ``ehcplans`` .. ``perm_ex_2022`` cells of one caseload row from its leaf counts, with the year's
    arithmetic: ``ed_elsewhere`` leaves out ``other_placement_settings`` up to 2022/23, as the real file does, and
    ``ehcplans`` is the sum of every leaf collected that year."""
    v = dict(zip(LEAF_NAMES, (int(x) for x in leaves)))
    total = sum(v.values())
    majors = [leaf[0] for leaf in LEAVES]

    def group(name: str) -> int:
        return sum(v[leaf] for leaf, m in zip(LEAF_NAMES, majors) if m == name)

    elsewhere = group("ELSE") - (v["other_placement_settings"] if year <= 202223 else 0)
    cells = {name: str(count) for name, count in v.items()}
    cells.update({
        "ehcplans": str(total),
        "mainstream_total": str(group("M")), "mainstream_total_pc": _pc1(group("M"), total),
        "special_total": str(group("S")), "special_total_pc": _pc1(group("S"), total),
        "ap_pru_total": str(group("AP")), "AP_PRU_total_pc": _pc1(group("AP"), total),
        "fe_total": str(group("FE")), "fe_total_pc": _pc1(group("FE"), total),
        "ed_elsewhere": str(elsewhere), "ed_elsewhere_pc": _pc1(elsewhere, total),
        "nm_early_years_pc": _pc1(v["nm_early_years"], total),
        "placement_unknown_pc": _pc1(v["placement_unknown"], total),
    })
    for name in CASELOAD_X[year]:
        cells[name] = "x"
    return [cells[c] for c in CASELOAD_HEADER[len(_SEN2_GEO):]]


def write_caseload(out: Path, latent: Latent) -> Path:
    """Write ``dfe_ehc_plans/caseload.csv`` (EHC plans maintained in January, by placement).

    Layout of ``caseload.csv`` in DfE *Education, health and care plans* 2025 (UTF-8 BOM, CRLF,
    ``new_la_code,old_la_code``): 2018/19-2024/25, ``All EHC plans`` every year, ``Child or young persons age``
    (``under 3``, ``age 3`` .. ``age 25``) and ``Sex`` (Female, Male) for 2023/24 and 2024/25. Placement leaves add up
    to the ``*_total`` columns; ``x`` marks the columns not collected in a year, as in the real file. Breakdown rows
    with no plans are left out, as the real file does.

    Parameters
    ----------
    out : pathlib.Path
        The ``data_samples`` folder.
    latent : Latent
        From :func:`build_latent`.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    rows = []
    areas = _areas_in_order(latent)
    for k, year in enumerate(SEN2_YEARS):
        cube = latent.caseload[k]
        for area, mask in areas:
            leaves = cube[mask].sum(axis=(0, 1))
            rows.append(_sen2_geo(year, "Academic year", area, "All EHC plans", "All EHC plans")
                        + _caseload_values(leaves, year))
        if year not in SEN2_BREAKDOWN_YEARS:
            continue
        for area, mask in areas:
            by_age = cube[mask].sum(axis=0)
            for a, label in enumerate(AGE_CATEGORIES):
                if by_age[a].sum() > 0:
                    rows.append(_sen2_geo(year, "Academic year", area, "Child or young persons age", label)
                                + _caseload_values(by_age[a], year))
        for area, mask in areas:
            male = latent.caseload_male[k][mask].sum(axis=(0, 1))
            female = cube[mask].sum(axis=(0, 1)) - male
            for label, leaves in (("Female", female), ("Male", male)):
                if leaves.sum() > 0:
                    rows.append(_sen2_geo(year, "Academic year", area, "Sex", label)
                                + _caseload_values(leaves, year))
    data = _csv_bytes(CASELOAD_HEADER, rows, bom=True, crlf=True)
    return _atomic_write(Path(out) / CASELOAD_FILE, data)


def _needs_values(counts: np.ndarray) -> list[str]:
    """``ehc_plans``, the 13 need counts and their percentages (1 decimal) for one row."""
    total = int(counts.sum())
    return [str(total)] + [str(int(c)) for c in counts] + [_pc1(c, total) for c in counts]


def write_sen_needs_all_plans(out: Path, latent: Latent) -> Path:
    """Write ``dfe_ehc_plans/sen_needs_all_plans.csv`` (EHC plans by primary need).

    Layout of ``sen_needs_all_plans.csv`` in DfE *Education, health and care plans* 2025 (BOM, CRLF): 2021/22-2024/25
    ``All EHC plans``, plus ``Child or young persons age`` for 2024/25 (rows with no plans left out). ``ehc_plans``
    equals ``ehcplans`` of :func:`write_caseload` for the same area, year and breakdown.

    Parameters
    ----------
    out : pathlib.Path
        The ``data_samples`` folder.
    latent : Latent
        From :func:`build_latent`.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    rows = []
    areas = _areas_in_order(latent)
    for j, year in enumerate(SEN2_NEED_YEARS):
        cube = latent.sen2_needs[j]
        for area, mask in areas:
            rows.append(_sen2_geo(year, "Academic year", area, "All EHC plans", "All EHC plans")
                        + _needs_values(cube[mask].sum(axis=(0, 1))))
        if year not in SEN2_NEED_AGE_YEARS:
            continue
        for area, mask in areas:
            by_age = cube[mask].sum(axis=0)
            for a, label in enumerate(AGE_CATEGORIES):
                if by_age[a].sum() > 0:
                    rows.append(_sen2_geo(year, "Academic year", area, "Child or young persons age", label)
                                + _needs_values(by_age[a]))
    data = _csv_bytes(SEN_NEEDS_HEADER, rows, bom=True, crlf=True)
    return _atomic_write(Path(out) / SEN_NEEDS_FILE, data)


def _draw_timeliness(latent: Latent) -> np.ndarray:
    """Plans issued per calendar year and LA: (year, LA, 6) = within 20 weeks, 20 weeks to a year, over a year, and
    the same three excluding exceptions. The not-returned LA-year is -1 throughout."""
    rng = latent.rng("timeliness")
    n = len(latent.las)
    offset = latent.params["timeliness"].to_numpy()
    out = np.zeros((len(TIMELINESS_YEARS), n, 6), dtype=np.int64)
    for t, year in enumerate(TIMELINESS_YEARS):
        caseload = latent.caseload[SEN2_YEARS.index(year * 100 + (year + 1) % 100)].sum(axis=(1, 2))
        den = rng.poisson(ISSUED_SHARE * caseload)
        noise = rng.normal(0.0, 0.5, n)
        target = (WITHIN_20_WEEKS_ENGLAND[t] - 1.3) / 100
        lo, hi = -8.0, 8.0
        for _ in range(60):  # intercept so that England's expected rate hits the target
            mid = (lo + hi) / 2
            rate = (den / max(den.sum(), 1) * (1 / (1 + np.exp(-(mid + offset + noise))))).sum()
            lo, hi = (mid, hi) if rate < target else (lo, mid)
        p = 1 / (1 + np.exp(-(lo + offset + noise)))
        within = rng.binomial(den, p)
        over_year = rng.binomial(den - within, OVER_A_YEAR_SHARE[t])
        late = den - within - over_year
        counts = np.stack([within, late, over_year], axis=1)
        excepted = rng.binomial(counts, np.array(EXCEPTION_RATE)[None, :])
        out[t] = np.concatenate([counts, counts - excepted], axis=1)
    i = int(np.flatnonzero(latent.las["area_code"].to_numpy() == NOT_RETURNED[0])[0])
    out[TIMELINESS_YEARS.index(NOT_RETURNED[1]), i] = -1
    return out


def _timeliness_values(c: np.ndarray, year: int) -> list[str]:
    """The 14 value cells of a timeliness row from (within, late, over a year, and the three excluding exceptions)."""
    if (c < 0).any():
        return ["x"] * 14
    w, l, o, we, le, oe = (int(x) for x in c)
    den, den_ex = w + l + o, we + le + oe
    cells = [str(den), str(den_ex), str(w), str(we), _pc1(w, den), _pc1(we, den_ex),
             str(l), str(le), _pc1(l, den), _pc1(le, den_ex), str(o), str(oe), _pc1(o, den), _pc1(oe, den_ex)]
    if year <= 2022:  # not collected before 2023
        cells[6:] = ["x"] * 8
    return cells


def write_timeliness(out: Path, latent: Latent) -> Path:
    """Write ``dfe_ehc_plans/timeliness_20_week.csv`` (new plans issued within 20 weeks).

    Layout of ``timeliness_20_week.csv`` in DfE *Education, health and care plans* 2025 (BOM, CRLF): calendar years
    2019-2024, ``All EHC plans issued``. Plans issued are about :data:`ISSUED_SHARE` of the caseload; the share within
    20 weeks varies widely between LAs. ``x`` marks what the real file marks: the "over 20 weeks" and "over a year"
    columns before 2023, percentages of zero plans, and every cell of an LA-year not returned (Rochdale 2021, planted;
    England and its region then sum the LAs that did return).

    Parameters
    ----------
    out : pathlib.Path
        The ``data_samples`` folder.
    latent : Latent
        From :func:`build_latent`.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    counts = _draw_timeliness(latent)
    rows = []
    for t, year in enumerate(TIMELINESS_YEARS):
        for area, mask in _areas_in_order(latent):
            cells = counts[t, mask]
            if area.level != "Local authority":
                cells = cells[(cells >= 0).all(axis=1)]
            rows.append(_sen2_geo(year, "Calendar year", area, "All EHC plans issued", "All EHC plans issued")
                        + _timeliness_values(cells.sum(axis=0) if area.level != "Local authority" else cells[0],
                                             year))
    data = _csv_bytes(TIMELINESS_HEADER, rows, bom=True, crlf=True)
    return _atomic_write(Path(out) / TIMELINESS_FILE, data)


# ====================================================================================================================
# 6-7. Workbooks (ONS mid-year estimates, DfE statistical neighbours)
# ====================================================================================================================

@dataclass
class _Sheet:
    """One worksheet for :func:`_xlsx_bytes`: rows of str / int / float / None, column widths, a frozen cell."""

    name: str
    rows: list[list[object]]
    widths: dict[int, float] = field(default_factory=dict)  # 1-based column -> width
    freeze: tuple[int, int] | None = None  # (first unfrozen row, first unfrozen column), 1-based


_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument"


def _xml_text(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;"))


def _column_letter(n: int) -> str:
    letters = ""
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def _sheet_xml(sheet: _Sheet, strings: dict[str, int]) -> str:
    parts = [_XML_HEAD, f'<worksheet xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}">']
    if sheet.freeze:
        row, col = sheet.freeze
        cell = f"{_column_letter(col)}{row}"
        parts.append(f'<sheetViews><sheetView workbookViewId="0"><pane xSplit="{col - 1}" ySplit="{row - 1}" '
                     f'topLeftCell="{cell}" activePane="bottomRight" state="frozen"/>'
                     f'<selection pane="bottomRight" activeCell="{cell}" sqref="{cell}"/></sheetView></sheetViews>')
    else:
        parts.append('<sheetViews><sheetView workbookViewId="0"/></sheetViews>')
    parts.append('<sheetFormatPr defaultRowHeight="12.75"/>')
    if sheet.widths:
        parts.append("<cols>" + "".join(f'<col min="{c}" max="{c}" width="{w}" customWidth="1"/>'
                                        for c, w in sorted(sheet.widths.items())) + "</cols>")
    parts.append("<sheetData>")
    for r, values in enumerate(sheet.rows, start=1):
        cells = []
        for c, value in enumerate(values, start=1):
            if value is None:
                continue
            ref = f"{_column_letter(c)}{r}"
            if isinstance(value, str):
                index = strings.setdefault(value, len(strings))
                cells.append(f'<c r="{ref}" t="s"><v>{index}</v></c>')
            else:
                cells.append(f'<c r="{ref}"><v>{value!r}</v></c>' if isinstance(value, float)
                             else f'<c r="{ref}"><v>{int(value)}</v></c>')
        parts.append(f'<row r="{r}">' + "".join(cells) + "</row>")
    parts.append('</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
                 'footer="0.3"/></worksheet>')
    return "".join(parts)


def _xlsx_bytes(sheets: list[_Sheet], *, title: str) -> bytes:
    """A minimal, reproducible .xlsx (Office Open XML) workbook.

    Written by hand rather than with openpyxl so that the bytes depend on nothing but the data: not on the openpyxl
    version, nor on whether lxml is installed (openpyxl serialises differently with it). Document times are
    :data:`FIXED_TIME`; zip entries are in a fixed order with a fixed time and constant compression. One font (Arial
    10); strings go to the shared-string table. openpyxl and pandas (openpyxl or calamine engine) read it.
    """
    strings: dict[str, int] = {}
    sheet_xml = [_sheet_xml(sheet, strings) for sheet in sheets]
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    n = len(sheets)
    parts = {
        "[Content_Types].xml": (
            _XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.spreadsheetml.sheet.main+xml"/>'
            + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                      f'ContentType="{_CT}.spreadsheetml.worksheet+xml"/>' for i in range(1, n + 1))
            + f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.spreadsheetml.styles+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.spreadsheetml.sharedStrings+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            f'<Override PartName="/docProps/app.xml" ContentType="{_CT}.extended-properties+xml"/></Types>'),
        "_rels/.rels": (
            _XML_HEAD + f'<Relationships xmlns="{_NS_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_NS_REL}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
            'core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{_NS_REL}/extended-properties" Target="docProps/app.xml"/>'
            "</Relationships>"),
        "docProps/app.xml": (
            _XML_HEAD + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-'
            'properties"><Application>jsnakit.samples</Application></Properties>'),
        "docProps/core.xml": (
            _XML_HEAD + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
            ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{_xml_text(title)}</dc:title><dc:creator>jsnakit.samples</dc:creator>"
            "<cp:lastModifiedBy>jsnakit.samples</cp:lastModifiedBy>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>'),
        "xl/workbook.xml": (
            _XML_HEAD + f'<workbook xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}"><bookViews><workbookView/></bookViews>'
            "<sheets>" + "".join(f'<sheet name="{_xml_text(sheet.name)}" sheetId="{i}" r:id="rId{i}"/>'
                                 for i, sheet in enumerate(sheets, start=1)) + "</sheets></workbook>"),
        "xl/_rels/workbook.xml.rels": (
            _XML_HEAD + f'<Relationships xmlns="{_NS_PKG_REL}">'
            + "".join(f'<Relationship Id="rId{i}" Type="{_NS_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                      for i in range(1, n + 1))
            + f'<Relationship Id="rId{n + 1}" Type="{_NS_REL}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId{n + 2}" Type="{_NS_REL}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"),
        "xl/styles.xml": (
            _XML_HEAD + f'<styleSheet xmlns="{_NS_MAIN}"><fonts count="1"><font><sz val="10"/><name val="Arial"/>'
            '<family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill>'
            '<patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/>'
            '<bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
            'borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" '
            'xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
            "</cellStyles></styleSheet>"),
        "xl/sharedStrings.xml": (
            _XML_HEAD + f'<sst xmlns="{_NS_MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">'
            + "".join(('<si><t xml:space="preserve">' if text != text.strip() else "<si><t>")
                      + _xml_text(text) + "</t></si>" for text in strings) + "</sst>"),
    }
    for i, xml in enumerate(sheet_xml, start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = xml
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in sorted(parts):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            archive.writestr(info, parts[name].encode("utf-8"), compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    return out.getvalue()


def _text_sheet(name: str, lines: list[list[object]]) -> _Sheet:
    return _Sheet(name, lines, widths={1: 30, 2: 90})


def _mye_rows(latent: Latent, year: int, sex: str) -> list[list[object]]:
    """Data rows of one MYE2 sheet: England, then each region followed by its LAs (unitaries first, then by name)."""
    t = POP_YEARS.index(year)
    pop = {"Females": latent.females[t], "Males": latent.males[t],
           "Persons": latent.females[t] + latent.males[t]}[sex]
    las = latent.las.assign(_i=np.arange(len(latent.las)),
                            _ua=(latent.las["area_type"] != "unitary authority").astype(int))

    def row(code: str, name: str, geo: str, ages: np.ndarray) -> list[object]:
        return [code, name, geo, int(ages.sum())] + [int(a) for a in ages]

    rows = [row(geography.ENGLAND, "ENGLAND", "Country", pop.sum(axis=0))]
    for _, r in latent.regions.iterrows():
        members = las[las["region_code"] == r["area_code"]].sort_values(["_ua", "area_name"])
        name = "EAST" if r["area_name"] == "East of England" else r["area_name"].upper()
        rows.append(row(r["area_code"], name, "Region", pop[members["_i"].to_numpy()].sum(axis=0)))
        for _, m in members.iterrows():
            rows.append(row(m["area_code"], m["area_name"], ONS_GEOGRAPHY[m["area_type"]], pop[m["_i"]]))
    return rows


def write_mid_year_estimates(out: Path, latent: Latent, year: int) -> Path:
    """Write ``ons_mye/ukpopestimatesmid{year}on2023geography.xlsx`` (population by single year of age and sex).

    Modelled on the ONS workbook *Estimates of the population for the UK, England, Wales, Scotland and Northern
    Ireland* (``ukpopestimatesmid2021on2021geographyfinal.xls``): sheets ``Cover sheet``, ``Contents``, ``Notes`` (a
    note that the data are synthetic), and ``MYE2 - Persons``, ``MYE2 - Females``, ``MYE2 - Males``, each with the
    real file's 7 title rows, the header ``Code, Name, Geography, All ages, 0 .. 90`` (90 = 90 and over), then England
    (``Country``), the regions (``Region``, upper case as ONS writes them) and the 153 upper-tier LAs on 2023
    boundaries. Persons = Females + Males; All ages is the sum of the ages.

    Parameters
    ----------
    out : pathlib.Path
        The ``data_samples`` folder.
    latent : Latent
        From :func:`build_latent`.
    year : int
        Mid-year, one of :data:`MYE_YEARS`.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    note = _SYNTHETIC_NOTE.format(seed=latent.seed)
    contents = [["Table of contents "], ["Worksheet number/name", "Worksheet title"],
                ["Cover sheet", "Cover sheet"], ["Notes", "Notes"]]
    for sex in ("Persons", "Females", "Males"):
        contents.append([f"MYE2 - {sex}", f"{sex} by single year of age and sex for local authorities in the UK, "
                                          f"mid-{year}"])
    sheets = [
        _text_sheet("Cover sheet", [[f"Mid-Year Population Estimates, UK, June {year} (SYNTHETIC)"], [note]]),
        _text_sheet("Contents", contents),
        _text_sheet("Notes", [["Notes related to the data in this spreadsheet"], [1, note],
                              [2, "Coverage: England, its regions and upper-tier local authorities (December 2023 "
                                  "boundaries) only. Age 90 means 90 and over."]]),
    ]
    for sex in ("Persons", "Females", "Males"):
        rows = [[MYE_TITLE_ROWS[0].format(sex=sex, year=year)]] + [[line] for line in MYE_TITLE_ROWS[1:]]
        rows += [MYE_HEADER] + _mye_rows(latent, year, sex)
        sheets.append(_Sheet(f"MYE2 - {sex}", rows, widths={2: 30, 3: 22}, freeze=(9, 5)))
    data = _xlsx_bytes(sheets, title=f"Mid-year population estimates, mid-{year} (synthetic)")
    return _atomic_write(Path(out) / MYE_FILE.format(year=year), data)


def _statistical_neighbours(latent: Latent) -> tuple[np.ndarray, np.ndarray]:
    """The 10 nearest LAs of each LA on the latent characteristics, and their distances.

    Distance: Euclidean on (deprivation z, log population aged 0-25 in standard units), plus 1.0 when the area types
    differ. Ties are broken by LA order.
    """
    z = latent.params["deprivation"].to_numpy()
    size = np.log(latent.params["pop0_25"].to_numpy())
    size = (size - size.mean()) / size.std()
    kind = latent.las["area_type"].to_numpy()
    d = np.sqrt((z[:, None] - z[None, :]) ** 2 + (size[:, None] - size[None, :]) ** 2
                + (kind[:, None] != kind[None, :]) * 1.0)
    np.fill_diagonal(d, np.inf)
    order = np.argsort(d, axis=1, kind="stable")[:, :10]
    return order, np.take_along_axis(d, order, axis=1)


def write_statistical_neighbours(out: Path, latent: Latent) -> Path:
    """Write ``dfe_statistical_neighbours/sn_groups.xlsx`` (synthetic statistical neighbours).

    Layout of the DfE children's services statistical neighbour benchmarking tool (sheet ``LA SN Groups``, as in
    ``sn_may_2025.xlsx`` of LAIT): a row of column letters and a row of column numbers, then ``LA num, LA Name, LA
    number, GOInd, GOReg, SN1, SNP, .., SN10, SNP``; one row per LA by name. SN codes are DfE 3-digit numbers; GOInd /
    GOReg code regions as the real file does (London split into Inner and Outer). The neighbours are the 10 nearest
    LAs on the synthetic latent characteristics (:func:`_statistical_neighbours`); SNP bands the distance: the closest
    half of all neighbour distances "Very close", the next 35% "Close", the rest "Somewhat close".

    Parameters
    ----------
    out : pathlib.Path
        The ``data_samples`` folder.
    latent : Latent
        From :func:`build_latent`.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    order, dist = _statistical_neighbours(latent)
    cuts = np.quantile(dist, [0.50, 0.85])
    band = np.searchsorted(cuts, dist, side="left")
    las = latent.las
    dfe = las["dfe_code"].astype(int).to_numpy()
    rows: list[list[object]] = [["A", "B", "C", "D", "E"] + list(range(3, 23)), list(range(1, 26)), list(SN_HEADER)]
    for i in sorted(range(len(las)), key=lambda i: las.loc[i, "area_name"]):
        go_ind, go_reg = GO_REGION[las.loc[i, "region_code"]]
        if go_ind == 3:
            go_reg = "London (Inner)" if las.loc[i, "dfe_code"] in INNER_LONDON else "London (Outer)"
        row: list[object] = [int(dfe[i]), las.loc[i, "area_name"], int(dfe[i]), go_ind, go_reg]
        for j in range(10):
            row += [int(dfe[order[i, j]]), SN_CLOSENESS[band[i, j]]]
        rows.append(row)
    widths = {1: 9.140625, 2: 28.5703125, 3: 12, 4: 6.28515625, 5: 25}
    widths.update({c: 9.140625 if c % 2 == 0 else 15.140625 for c in range(6, 26)})
    data = _xlsx_bytes([_Sheet("LA SN Groups", rows, widths=widths)], title="Statistical neighbours (synthetic)")
    return _atomic_write(Path(out) / SN_FILE, data)


# ====================================================================================================================
# 8. Boundaries (derived from the real ONS file, only on request)
# ====================================================================================================================

#: Tolerance of the boundary simplification, metres (British National Grid), and the decimals kept.
BOUNDARY_TOLERANCE_M = 250.0
BOUNDARY_DECIMALS = 5


def _ring_json(coords) -> str:
    return "[" + ",".join(f"[{_num(x)},{_num(y)}]" for x, y in coords) + "]"


def _num(v: float) -> str:
    s = f"{v:.{BOUNDARY_DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _geometry_json(geom) -> str:
    polys = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
    parts = ["[" + ",".join(_ring_json(r.coords) for r in [p.exterior, *p.interiors]) + "]" for p in polys]
    if len(parts) == 1:
        return '{"type":"Polygon","coordinates":' + parts[0] + "}"
    return '{"type":"MultiPolygon","coordinates":[' + ",".join(parts) + "]}"


def write_boundaries(out: Path, source: Path) -> Path:
    """Write the simplified English CTYUA December 2023 boundaries from the real ONS GeoJSON.

    Keeps the 153 English upper-tier areas (E06/E08/E09/E10) of ``Counties_and_Unitary_Authorities_December_2023_
    Boundaries_UK_BSC`` with properties ``CTYUA23CD, CTYUA23NM``; simplifies them as a coverage (shared edges stay
    shared; ``shapely.coverage_simplify``) in EPSG:27700 with a tolerance of :data:`BOUNDARY_TOLERANCE_M` metres,
    reprojects to EPSG:4326 and snaps coordinates to 5 decimals. Every geometry is checked non-empty and valid.

    Parameters
    ----------
    out : pathlib.Path
        The ``data_samples`` folder.
    source : pathlib.Path
        The real ONS GeoJSON.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    ValueError
        When an English area is missing or a simplified geometry is empty or invalid.
    """
    import geopandas as gpd
    import shapely

    frame = gpd.read_file(source)
    frame = frame[frame["CTYUA23CD"].str.match(r"^E(06|08|09|10)")].sort_values("CTYUA23CD")
    missing = set(geography.local_authorities()["area_code"]) - set(frame["CTYUA23CD"])
    if missing:
        raise ValueError(f"boundary source {source} lacks {len(missing)} English areas: {sorted(missing)[:5]}")
    bng = frame.to_crs(27700)
    simplified = shapely.coverage_simplify(bng.geometry.to_numpy(), tolerance=BOUNDARY_TOLERANCE_M)
    wgs84 = gpd.GeoSeries(simplified, crs=27700).to_crs(4326).to_numpy()
    snapped = shapely.set_precision(wgs84, 10.0 ** -BOUNDARY_DECIMALS)
    bad = shapely.is_empty(snapped) | ~shapely.is_valid(snapped)
    bad |= ~np.isin(shapely.get_type_id(snapped), [3, 6])
    if bad.any():
        raise ValueError(f"simplified boundaries invalid or empty for {list(frame['CTYUA23CD'][bad])}")
    features = []
    for code, name, geom in zip(frame["CTYUA23CD"], frame["CTYUA23NM"], snapped):
        props = json.dumps({"CTYUA23CD": code, "CTYUA23NM": name}, ensure_ascii=False, separators=(",", ":"))
        features.append('{"type":"Feature","properties":' + props + ',"geometry":' + _geometry_json(geom) + "}")
    text = ('{"type":"FeatureCollection","name":"Counties_and_Unitary_Authorities_December_2023_Boundaries_EN_'
            'simplified","crs":{"type":"name","properties":{"name":"EPSG:4326"}},"features":[\n'
            + ",\n".join(features) + "\n]}\n")
    return _atomic_write(Path(out) / BOUNDARY_FILE, text.encode("utf-8"))


def write_boundary_licence(out: Path) -> Path:
    """Write ``ons_boundaries/LICENCE.txt``: the attribution the ONS boundary file requires, and what was done.

    Parameters
    ----------
    out : pathlib.Path
        The ``data_samples`` folder.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    text = f"""\
{Path(BOUNDARY_FILE).name}

Source: Office for National Statistics licensed under the Open Government Licence v.3.0.
Contains OS data © Crown copyright and database right 2023

Derived from the ONS Open Geography Portal file
Counties_and_Unitary_Authorities_December_2023_Boundaries_UK_BSC_4952317392296043005.geo.json
(Counties and Unitary Authorities (December 2023) Boundaries UK BSC, https://geoportal.statistics.gov.uk/).

Changes: kept the 153 English areas (codes E06, E08, E09, E10) and the properties CTYUA23CD and CTYUA23NM;
simplified the boundaries as a coverage (shapely.coverage_simplify, shared edges kept shared) in British National
Grid (EPSG:27700) with a tolerance of {BOUNDARY_TOLERANCE_M:.0f} m; reprojected to WGS84 (EPSG:4326); rounded
coordinates to {BOUNDARY_DECIMALS} decimal places. Made by `python -m jsnakit.samples --boundaries-from <source file>`.

Open Government Licence v3.0: https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/
"""
    return _atomic_write(Path(out) / BOUNDARY_LICENCE_FILE, text.encode("utf-8"))


# ====================================================================================================================
# 9. Gap mapping: localities, Local Offers and a commissioning register for three sample areas
# ====================================================================================================================

#: The sample areas of gap mapping: Islington (London borough), Rochdale (metropolitan district), Cambridgeshire
#: (county).
PROVISION_AREAS = ("E09000019", "E08000005", "E10000003")
CENTROIDS_FILE = "ons_centroids/MSOA_2021_population_weighted_centroids.geojson"
CENSUS_AGE_FILE = "ons_census/census2021-ts007a-msoa.csv"
LOCAL_OFFER_DIR = "local_offer/{code}"
REGISTER_FILE = "commissioning/commissioning_register.csv"
#: The synthetic MSOA codes run from E02990001: far above the real E02 codes (E02000001 to E02007xxx).
FIRST_SYNTHETIC_MSOA = 990001
#: The mid-year whose population (ages 0-90) the synthetic Census 2021 localities share out.
CENSUS_YEAR = 2021
#: Header of the Nomis bulk file of Census 2021 TS007A "Age by five-year age bands".
CENSUS_AGE_HEADER = ["date", "geography", "geography code", "Age: Total", "Age: Aged 4 years and under"] + [
    f"Age: Aged {a} to {a + 4} years" for a in range(5, 85, 5)] + ["Age: Aged 85 years and over"]
#: The Open Referral UK 3.0 CSV tables of a Local Offer, each with the header of the OR UK example tables
#: (uk-profile ``examples/csv``).
LOCAL_OFFER_HEADERS = {
    "services.csv": ["id", "organization_id", "name", "description", "url", "email", "status", "fees",
                     "accreditations", "minimum_age", "maximum_age", "assured_date", "assurer_email", "alert",
                     "last_modified"],
    "organizations.csv": ["id", "name", "description", "email", "website", "logo", "uri", "parent_organization_id"],
    "locations.csv": ["id", "location_type", "name", "description", "latitude", "longitude", "external_identifier",
                      "external_identifier_type"],
    "service_at_location.csv": ["id", "service_id", "location_id"],
    "address.csv": ["id", "location_id", "attention", "address_1", "city", "region", "state_province",
                    "postal_code", "country", "address_type"],
    "taxonomy_terms.csv": ["id", "name", "description", "parent_id", "taxonomy", "taxonomy_id", "term_uri", "term"],
    "attribute.csv": ["id", "link_id", "taxonomy_term_id", "link_type"],
    "service_areas.csv": ["id", "service_id", "name", "extent", "extent_type", "uri", "service_area"],
}
#: Header of jsnakit's commissioning register (:func:`jsnakit.sources.commissioning.read_commissioning_register`).
REGISTER_HEADER = ["area_code", "service_id", "service_name", "service_type", "partners", "funding_route", "capacity",
                   "capacity_unit", "needs", "age_from", "age_to", "notes"]
_STATISTICAL_GEOGRAPHY = "http://statistics.data.gov.uk/id/statistical-geography/"
#: A service open to every need; and the needs a service can name (:data:`jsnakit.sources.commissioning.NEEDS`).
_ALL = "all"
_ALL_NEED_CODES = ("asd", "slcn", "semh", "mld", "sld", "spld", "pmld", "pd", "hi", "vi", "msi", "oth")


@dataclass(frozen=True)
class _Place:
    """A settlement (or London neighbourhood): where localities cluster and services stand."""

    name: str
    lon: float
    lat: float
    weight: float  # relative number of residents
    spread_km: float  # sd of the localities around the centre
    postcodes: tuple  # postcode districts
    district: str  # lower-tier LA: MSOAs are named after it
    north: bool = False  # Cambridgeshire's north (Fenland, Ely and the fen edge): no autism provision planted there


@dataclass(frozen=True)
class _GapArea:
    code: str
    name: str
    council: str
    icb: str
    community_trust: str
    mental_health_trust: str
    post_town: str | None  # one post town for every place (London), else the place's name
    msoas: int
    spacing_m: float  # least distance between two localities
    places: tuple
    hubs: tuple  # (name, place) of the community health and children's centres
    outside: dict  # key -> (name, lon, lat, town, postcode district) of places in the next areas
    stems: tuple  # invented school-name stems
    streets: tuple  # invented street names
    charities: tuple  # invented voluntary organisations
    need_terms: dict  # need code (or "all") -> the esdNeeds term this Local Offer uses
    special_rates: dict  # need -> special school places per 100 EHC plans of that need
    resourced: tuple  # needs of the resourced provisions, one per provision
    counts: dict  # how many of the generated kinds: short breaks, early years settings, private practices


def _p(name, lon, lat, weight, spread, postcodes, district=None, north=False) -> _Place:
    return _Place(name, lon, lat, weight, spread, tuple(postcodes.split()), district or "", north)


_ISLINGTON = _GapArea(
    code="E09000019", name="Islington", council="Islington Council",
    icb="NHS North Central London Integrated Care Board", community_trust="Whittington Health NHS Trust",
    mental_health_trust="Whittington Health NHS Trust", post_town="London", msoas=23, spacing_m=380.0,
    places=tuple(_p(*row, district="Islington") for row in (
        ("Archway", -0.1347, 51.5653, 1.0, 0.35, "N19"), ("Upper Holloway", -0.1300, 51.5680, 0.8, 0.3, "N19"),
        ("Tufnell Park", -0.1330, 51.5590, 0.6, 0.25, "N19 N7"), ("Finsbury Park", -0.1060, 51.5640, 0.9, 0.3, "N4"),
        ("Holloway", -0.1168, 51.5550, 1.2, 0.35, "N7"), ("Highbury", -0.0985, 51.5520, 1.0, 0.3, "N5"),
        ("Mildmay", -0.0850, 51.5500, 0.6, 0.25, "N1 N16"), ("Canonbury", -0.0950, 51.5440, 0.8, 0.3, "N1"),
        ("Barnsbury", -0.1140, 51.5400, 0.8, 0.3, "N1 N7"), ("Caledonian Road", -0.1180, 51.5450, 0.8, 0.3, "N7 N1"),
        ("Angel", -0.1060, 51.5322, 0.9, 0.3, "N1 EC1V"), ("Clerkenwell", -0.1040, 51.5240, 0.6, 0.25, "EC1R"),
        ("Finsbury", -0.1090, 51.5270, 0.5, 0.25, "EC1R WC1X"), ("St Luke's", -0.0950, 51.5260, 0.6, 0.25, "EC1V"),
    )),
    hubs=(("Northern Health Centre", "Holloway"), ("Finsbury Health Centre", "Finsbury"),
          ("Archway Child Development Centre", "Archway"), ("Highbury Children's Centre", "Highbury")),
    outside={"herts": ("Brook Meadow College", -0.0280, 51.8110, "Ware", "SG12"),
             "barnet": ("St Aldric's School for Deaf Children", -0.2000, 51.6300, "London", "N12"),
             "kent": ("Oakhurst House School", 0.2700, 51.2000, "Tonbridge", "TN11")},
    stems=("Elmore", "Penton", "Calshot", "Amwell", "Cloudesley", "Lofting", "Ringcroft", "Cornwallis", "Wedmore",
           "Sotheby", "Culford", "Mercers", "Tolpuddle", "Hemingford", "Matilda", "Bride Street", "Sutterton",
           "Mackenzie", "Ockendon", "Halliford", "Furlong", "Liverpool Road", "Parkhurst", "Rydon"),
    streets=("Elmore Street", "Penton Rise", "Calshot Street", "Amwell Street", "Cloudesley Road", "Lofting Road",
             "Ringcroft Street", "Cornwallis Road", "Wedmore Street", "Sotheby Road", "Culford Road",
             "Mercers Road", "Tolpuddle Street", "Hemingford Road", "Matilda Street", "Sutterton Street"),
    charities=("Rainbow Play Islington", "Kinetic Youth", "Open Doors Play Project", "Cally Arts Trust",
               "Brightside Family Link", "New River Sports Trust", "Sunbeam SEND Club", "Hilltop Adventures"),
    need_terms={"asd": "Autism", "slcn": "Speech, language and communication needs",
                "semh": "Social, emotional and mental health", "mld": "Moderate learning difficulties",
                "sld": "Severe learning difficulties", "pmld": "Profound and multiple learning difficulties",
                "spld": "Specific learning difficulties", "pd": "Physical disabilities", "hi": "Hearing impairment",
                "vi": "Visual impairment", "msi": "Multi-sensory impairment", "oth": "Complex health needs",
                "all": "All SEND"},
    special_rates={"asd": 30, "semh": 0, "mld": 32, "sld": 75, "pmld": 75, "pd": 22, "slcn": 6, "hi": 30},
    resourced=("asd", "asd", "slcn", "asd", "hi", "pd", "slcn", "asd", "mld", "asd", "slcn", "vi", "asd", "pd",
               "slcn", "asd"),
    counts={"short_breaks": 20, "early_years": 5, "private": 4},
)

_ROCHDALE = _GapArea(
    code="E08000005", name="Rochdale", council="Rochdale Borough Council",
    icb="NHS Greater Manchester Integrated Care", community_trust="Northern Care Alliance NHS Foundation Trust",
    mental_health_trust="Pennine Care NHS Foundation Trust", post_town=None, msoas=34, spacing_m=650.0,
    places=tuple(_p(*row, district="Rochdale") for row in (
        ("Rochdale", -2.1561, 53.6097, 9.0, 1.6, "OL11 OL12 OL16"), ("Heywood", -2.2190, 53.5920, 4.0, 1.1, "OL10"),
        ("Middleton", -2.2000, 53.5520, 4.5, 1.2, "M24"), ("Littleborough", -2.0960, 53.6440, 1.6, 0.8, "OL15"),
        ("Milnrow", -2.1110, 53.6090, 1.4, 0.6, "OL16"), ("Wardle", -2.1330, 53.6440, 0.7, 0.5, "OL12"),
        ("Castleton", -2.1780, 53.5870, 1.2, 0.6, "OL11"), ("Norden", -2.2000, 53.6300, 0.8, 0.5, "OL11 OL12"),
        ("Newhey", -2.0980, 53.6000, 0.6, 0.4, "OL16"), ("Smithy Bridge", -2.1140, 53.6330, 0.5, 0.4, "OL15"),
        ("Alkrington", -2.2090, 53.5400, 1.1, 0.5, "M24"), ("Langley", -2.2240, 53.5700, 1.1, 0.5, "M24"),
        ("Kirkholt", -2.1670, 53.5940, 1.0, 0.5, "OL11"), ("Spotland", -2.1750, 53.6200, 1.1, 0.5, "OL12"),
    )),
    hubs=(("Rochdale Child Development Centre", "Rochdale"), ("Heywood Health Centre", "Heywood"),
          ("Middleton Health Centre", "Middleton"), ("Littleborough Clinic", "Littleborough")),
    outside={"bury": ("Irwell Valley School for Deaf Children", -2.2970, 53.5930, "Bury", "BL9"),
             "lancs": ("Ribble Vale College", -2.3900, 53.8700, "Clitheroe", "BB7"),
             "oldham": ("Chadderton Brook School", -2.1400, 53.5460, "Oldham", "OL9")},
    stems=("Syke", "Belfield", "Deeplish", "Meanwood", "Hamer", "Firgrove", "Passmonds", "Bamford", "Hopwood",
           "Darnhill", "Boarshaw", "Calderbrook", "Shore", "Stansfield", "Healey", "Marland", "Thornham",
           "Balderstone", "Cutgate", "Sudden", "Whitehall", "Hollingworth", "Rakewood", "Lowerfold"),
    streets=("Yorkshire Street", "Drake Street", "Whitworth Road", "Oldham Road", "Manchester Road", "Bury Road",
             "Edenfield Road", "Halifax Road", "Milnrow Road", "Rochdale Road", "Hollin Lane", "Market Place",
             "Church Street", "Hind Hill Street", "Long Street", "Todmorden Road"),
    charities=("Roch Valley Play", "Pennine Youth Project", "Spotland Inclusive Sports", "Heywood Family Link",
               "Middleton Kids Club", "Cheesden Adventures", "Hollingworth Lake Outdoors", "Milnrow Arts Collective"),
    need_terms={"asd": "Autistic spectrum disorder", "slcn": "Speech, language and communication needs",
                "semh": "Mental health", "mld": "Learning disabilities", "sld": "Severe learning disabilities",
                "pmld": "Profound and multiple learning disabilities", "spld": "Dyslexia",
                "pd": "Physical disabilities", "hi": "Deaf", "vi": "Visual impairment", "msi": "Deafblind",
                "oth": "Attention deficit hyperactivity disorder", "all": "Special educational needs and disabilities"},
    special_rates={"asd": 7, "semh": 28, "mld": 45, "sld": 75, "pmld": 75, "pd": 25, "slcn": 5, "hi": 25},
    resourced=("slcn", "semh", "mld", "asd", "slcn", "hi", "semh", "mld", "slcn", "pd", "semh", "asd", "mld",
               "slcn", "vi", "hi"),
    counts={"short_breaks": 34, "early_years": 6, "private": 6},
)

_CAMBRIDGESHIRE = _GapArea(
    code="E10000003", name="Cambridgeshire", council="Cambridgeshire County Council",
    icb="NHS Cambridgeshire and Peterborough Integrated Care Board",
    community_trust="Cambridgeshire Community Services NHS Trust",
    mental_health_trust="Cambridgeshire and Peterborough NHS Foundation Trust", post_town=None, msoas=84,
    spacing_m=1000.0,
    places=tuple(_p(*row) for row in (
        ("Cambridge", 0.1218, 52.2053, 22.0, 2.2, "CB1 CB2 CB3 CB4 CB5", "Cambridge"),
        ("Huntingdon", -0.1830, 52.3310, 4.5, 1.1, "PE29", "Huntingdonshire"),
        ("St Neots", -0.2660, 52.2280, 5.5, 1.3, "PE19", "Huntingdonshire"),
        ("St Ives", -0.0760, 52.3330, 3.2, 0.9, "PE27", "Huntingdonshire"),
        ("Ely", 0.2620, 52.3990, 3.0, 0.9, "CB6 CB7", "East Cambridgeshire", True),
        ("Wisbech", 0.1600, 52.6660, 4.0, 1.1, "PE13 PE14", "Fenland", True),
        ("March", 0.0880, 52.5510, 3.5, 1.0, "PE15", "Fenland", True),
        ("Chatteris", 0.0530, 52.4560, 1.5, 0.6, "PE16", "Fenland", True),
        ("Whittlesey", -0.1300, 52.5580, 2.0, 0.7, "PE7", "Fenland", True),
        ("Soham", 0.3370, 52.3340, 1.6, 0.5, "CB7", "East Cambridgeshire"),
        ("Ramsey", -0.1100, 52.4500, 1.2, 0.5, "PE26", "Huntingdonshire", True),
        ("Cambourne", -0.0650, 52.2200, 2.2, 0.6, "CB23", "South Cambridgeshire"),
        ("Sawston", 0.1700, 52.1240, 1.2, 0.4, "CB22", "South Cambridgeshire"),
        ("Histon", 0.1050, 52.2520, 1.5, 0.5, "CB24", "South Cambridgeshire"),
        ("Littleport", 0.3030, 52.4590, 1.3, 0.5, "CB6", "East Cambridgeshire", True),
        ("Godmanchester", -0.1750, 52.3200, 1.0, 0.4, "PE29", "Huntingdonshire"),
        ("Yaxley", -0.2600, 52.5150, 1.4, 0.5, "PE7", "Huntingdonshire", True),
        ("Sawtry", -0.2840, 52.4400, 1.0, 0.4, "PE28", "Huntingdonshire", True),
        ("Linton", 0.2790, 52.0970, 0.8, 0.4, "CB21", "South Cambridgeshire"),
        ("Melbourn", 0.0160, 52.0850, 0.8, 0.4, "SG8", "South Cambridgeshire"),
        ("Cottenham", 0.1260, 52.2870, 1.0, 0.4, "CB24", "South Cambridgeshire"),
        ("Bottisham", 0.2600, 52.2220, 0.5, 0.3, "CB25", "East Cambridgeshire"),
        ("Burwell", 0.3270, 52.2710, 1.0, 0.4, "CB25", "East Cambridgeshire"),
        ("Comberton", -0.0110, 52.1870, 0.5, 0.3, "CB23", "South Cambridgeshire"),
        ("Papworth Everard", -0.1200, 52.2480, 0.6, 0.3, "CB23", "South Cambridgeshire"),
        ("Kimbolton", -0.3920, 52.2970, 0.3, 0.3, "PE28", "Huntingdonshire"),
        ("Somersham", 0.0000, 52.3800, 0.7, 0.3, "PE28", "Huntingdonshire", True),
        ("Waterbeach", 0.1920, 52.2670, 1.0, 0.4, "CB25", "South Cambridgeshire"),
        ("Fulbourn", 0.2210, 52.1800, 0.7, 0.3, "CB21", "South Cambridgeshire"),
        ("Bassingbourn", -0.0570, 52.0770, 0.6, 0.3, "SG8", "South Cambridgeshire"),
        ("Willingham", 0.0590, 52.3140, 0.8, 0.3, "CB24", "South Cambridgeshire"),
        ("Swavesey", -0.0020, 52.3020, 0.5, 0.3, "CB24", "South Cambridgeshire"),
        ("Doddington", 0.0600, 52.4960, 0.4, 0.3, "PE15", "Fenland", True),
        ("Manea", 0.1770, 52.4980, 0.4, 0.3, "PE15", "Fenland", True),
        ("Gamlingay", -0.1920, 52.1560, 0.6, 0.3, "SG19", "South Cambridgeshire"),
        ("Buckden", -0.2480, 52.2940, 0.6, 0.3, "PE19", "Huntingdonshire"),
        ("Great Shelford", 0.1370, 52.1490, 0.8, 0.3, "CB22", "South Cambridgeshire"),
        ("Girton", 0.0850, 52.2430, 0.8, 0.3, "CB3", "South Cambridgeshire"),
        ("Wimblington", 0.0830, 52.5100, 0.4, 0.3, "PE15", "Fenland", True),
        ("Sutton", 0.1150, 52.3870, 0.6, 0.3, "CB6", "East Cambridgeshire", True),
        ("Haddenham", 0.1470, 52.3580, 0.6, 0.3, "CB6", "East Cambridgeshire", True),
        ("Brampton", -0.2180, 52.3190, 1.0, 0.4, "PE28", "Huntingdonshire"),
        ("Fenstanton", -0.0690, 52.2990, 0.5, 0.3, "PE28", "Huntingdonshire"),
    )),
    hubs=(("Brookside Child Development Centre", "Cambridge"), ("Hinchingbrooke Child Health Centre", "Huntingdon"),
          ("St Neots Health Centre", "St Neots"), ("Ely Child Health Clinic", "Ely"),
          ("Wisbech Child Health Centre", "Wisbech"), ("March Community Clinic", "March")),
    outside={"peterborough": ("Nene Valley School", -0.2420, 52.5730, "Peterborough", "PE3"),
             "suffolk": ("Gatehouse College", 0.7110, 52.2460, "Bury St Edmunds", "IP33"),
             "bedford": ("Ouse Bridge School for the Deaf", -0.4670, 52.1360, "Bedford", "MK40")},
    stems=("Histon Road", "Mill Road", "Chesterton", "Cherry Hinton", "Arbury", "Trumpington", "Hinchingbrooke",
           "Eynesbury", "Priory Park", "Burgess Hill", "Oxmoor", "Hemingford Grey", "Westfield", "Orchard Park",
           "Thorndown", "Great Paxton", "Kingsmead", "Pemberton", "Larkfield", "Ashcroft", "Hollybrook",
           "Willowbank", "Foxley", "Brambleside", "Kestrel Way", "Oakington Road", "Harebell", "Bellbird",
           "Hauxton", "Harston"),
    streets=("Mill Road", "Hills Road", "High Street", "Station Road", "Church Lane", "Huntingdon Road",
             "Ermine Street", "Market Street", "Newmarket Road", "The Broadway", "Great North Road", "Nene Parade",
             "Causeway", "London Road", "School Lane", "Ramsey Road"),
    charities=("Fens Family Link", "Cam Valley Play", "Ouse Adventures", "Isle of Ely SEND Club",
               "Huntingdon Inclusive Sports", "Wicken Fen Outdoors", "Gog Magog Arts Trust", "St Neots Play Network",
               "Shelford Youth Project", "Fenland Friends Club"),
    need_terms={"asd": "Autism", "slcn": "Speech, language and communication needs",
                "semh": "Social, emotional and mental health", "mld": "Learning difficulties",
                "sld": "Severe learning difficulties", "pmld": "Profound and multiple learning disabilities",
                "spld": "Specific learning difficulties", "pd": "Physical disabilities",
                "hi": "Hearing impairment", "vi": "Visual impairment", "msi": "Multi-sensory impairment",
                "oth": "Complex medical needs", "all": "All SEND"},
    special_rates={"asd": 28, "semh": 20, "mld": 40, "sld": 80, "pmld": 80, "pd": 30, "slcn": 6, "hi": 25},
    resourced=("asd", "slcn", "asd", "hi", "mld", "asd", "semh", "slcn", "asd", "pd", "slcn", "asd", "mld",
               "semh", "asd", "slcn", "hi", "vi", "asd", "pd", "slcn", "mld", "semh", "asd", "hi", "slcn"),
    counts={"short_breaks": 50, "early_years": 12, "private": 8},
)

_GAP_AREAS = {a.code: a for a in (_ISLINGTON, _ROCHDALE, _CAMBRIDGESHIRE)}

#: The gaps planted in each sample area, as the README states them.
PLANTED_GAPS = {
    "E09000019": (
        "no specialist SEMH places: no special school or resourced provision names social, emotional and mental "
        "health (SEMH) among its needs (SEMH appears only in alternative provision, outreach, CAMHS and services "
        "open to all needs)",
        "no provision for PMLD from 16: no service for profound and multiple learning difficulties (PMLD) serves "
        "ages 16-25; every service reaching 16 or older names its needs and leaves PMLD out",
    ),
    "E08000005": (
        "too few autism places: special school places for autism are about 7 per 100 EHC plans with autism as the "
        "primary need (Islington and Cambridgeshire about 30), and only two small resourced provisions name autism",
        "no sensory support for 20-25: no service naming hearing, vision or multi-sensory impairment serves ages "
        "20-25 (the sensory support service stops at 19); every service reaching 20 or older leaves them out",
    ),
    "E10000003": (
        "speech and language therapy commissioned by the ICB alone (partners icb, funding route single) where the "
        "SEND Code of Practice expects joint commissioning",
        "long distances to autism provision in the north: no service naming autism (or all needs) stands in Fenland "
        "(Wisbech, March, Chatteris, Whittlesey and villages), Ely, Littleport or the fen-edge villages (Ramsey, "
        "Somersham, Yaxley, Sawtry, Sutton, Haddenham); the Fenland localities are 15-40 km from the nearest "
        "(Wisbech and March 25-40 km), most others under 5 km",
    ),
}

#: Needs an area's services must not name, by age: (need codes, services whose oldest age is at least this).
_NO_NEED_FROM_AGE = {"E09000019": ({"pmld"}, 16), "E08000005": ({"hi", "vi", "msi"}, 20)}
#: Needs that no service may name in the area's "north" places (nor "all").
_NO_NEED_NORTH = {"E10000003": {"asd"}}

_NEED_WORDS = {"asd": "autism", "slcn": "speech, language and communication needs",
               "semh": "social, emotional and mental health needs", "mld": "moderate learning difficulties",
               "sld": "severe learning difficulties", "pmld": "profound and multiple learning difficulties",
               "spld": "specific learning difficulties", "pd": "physical disabilities", "hi": "hearing impairment",
               "vi": "vision impairment", "msi": "multi-sensory impairment", "oth": "complex health needs"}
_RESOURCE_WORDS = {"asd": "Autism", "slcn": "Speech and Language", "semh": "Nurture (SEMH)", "mld": "Learning Support",
                   "hi": "Hearing Impairment", "vi": "Vision Impairment", "pd": "Physical Disability"}


@dataclass
class _Service:
    """One service of a sample Local Offer (and its commissioning, if any)."""

    service_type: str
    name: str
    org: str
    needs: tuple  # need codes, or ("all",)
    ages: tuple  # (youngest, oldest), years
    sites: tuple  # site specs: "@Place" (the organisation's own site there), "hub:Name", "out:key", "org:Name"
    partners: tuple = ()  # () = not commissioned
    route: str = ""
    capacity: float | None = None
    unit: str = ""
    notes: str = ""
    id: str = ""
    location_ids: tuple = ()


class _Builder:
    """Draws one area's Local Offer: organisations, sites and services, from the area's own random stream."""

    def __init__(self, area: _GapArea, latent: Latent, polygon):
        self.area = area
        self.rng = latent.rng(f"local_offer:{area.code}")
        self.polygon = polygon  # EPSG:27700
        self.inner = polygon.buffer(-100.0)
        self.to_grid = _transformer(4326, 27700)
        i = int(np.flatnonzero(latent.las["area_code"].to_numpy() == area.code)[0])
        needs = latent.sen2_needs[-1, i].sum(axis=0)  # EHC plans by primary need, January 2025
        self.plans = {code: int(n) for code, n in zip(SEN2_NEEDS, needs)}
        self.total_plans = int(needs.sum())
        self.scale = self.total_plans / 4500.0
        self.places = {p.name: p for p in area.places}
        self.orgs: dict[str, dict] = {}
        self.sites: dict[str, dict] = {}
        self.services: list[_Service] = []
        self.used_names: set[str] = set()
        for key, name in (("la", area.council), ("community", area.community_trust),
                          ("mh", area.mental_health_trust)):
            self.org(name, key=key)

    # --- helpers -----------------------------------------------------------------------------------------------

    def uuid(self) -> str:
        import uuid

        return str(uuid.UUID(bytes=self.rng.bytes(16), version=4))

    def org(self, name: str, *, key: str | None = None, description: str | None = None) -> str:
        key = key or name
        if key not in self.orgs:
            slug = "".join(ch for ch in name.lower() if ch.isalnum() or ch == " ").split()
            self.orgs[key] = {"name": name, "slug": "-".join(slug[:4]), "description": description or _describe_org(
                name, self.area)}
        return key

    def capacity(self, base: float, step: int = 5) -> float:
        """``base`` (for an area of 4,500 EHC plans) scaled to the area's plans, varied by +-15%, rounded."""
        value = base * self.scale * float(np.exp(self.rng.normal(0.0, 0.08)))
        return float(max(step, step * round(value / step)))

    def pick_place(self, needs=()) -> str:
        """A place drawn by weight; never a "north" place for a need barred there."""
        allowed = [p for p in self.area.places if not self._barred_north(needs, p)]
        weights = np.array([p.weight for p in allowed])
        return allowed[int(self.rng.choice(len(allowed), p=weights / weights.sum()))].name

    def _barred_north(self, needs, place: _Place) -> bool:
        barred = _NO_NEED_NORTH.get(self.area.code, set())
        return place.north and bool(barred) and (_ALL in needs or bool(barred & set(needs)))

    def unique(self, name: str) -> bool:
        if name in self.used_names:
            return False
        self.used_names.add(name)
        return True

    def add(self, service: _Service) -> _Service:
        service = self._apply_rules(service)
        if not self.unique(service.name):
            raise ValueError(f"sample Local Offer of {self.area.name}: two services named {service.name!r}")
        self.services.append(service)
        return service

    def _apply_rules(self, service: _Service) -> _Service:
        """The planted gaps, made to hold whatever the catalogue says: needs barred from an age are dropped."""
        rule = _NO_NEED_FROM_AGE.get(self.area.code)
        if rule and service.ages[1] >= rule[1]:
            needs = _ALL_NEED_CODES if service.needs == (_ALL,) else service.needs
            kept = tuple(n for n in needs if n not in rule[0])
            service.needs = kept if kept != _ALL_NEED_CODES else (_ALL,)
        return service

    # --- sites ---------------------------------------------------------------------------------------------------

    def site_point(self, place: _Place, spread_m: float):
        """A point near a place, inside the area (100 m in from its boundary), in EPSG:27700."""
        import shapely

        x0, y0 = self.to_grid.transform(place.lon, place.lat)
        for _ in range(400):
            x, y = x0 + self.rng.normal(0.0, spread_m), y0 + self.rng.normal(0.0, spread_m)
            if self.inner.contains(shapely.Point(x, y)):
                return x, y
        raise ValueError(f"no point found near {place.name} inside {self.area.name}")

    def address(self, place_name: str, town: str | None = None, district: str | None = None) -> dict:
        street = self.area.streets[int(self.rng.integers(len(self.area.streets)))]
        number = int(self.rng.integers(1, 180))
        place = self.places.get(place_name)
        district = district or place.postcodes[int(self.rng.integers(len(place.postcodes)))]
        inward = f"{int(self.rng.integers(1, 10))}{'ABDEFGHJLNPQRSTUWXYZ'[int(self.rng.integers(20))]}" \
                 f"{'ABDEFGHJLNPQRSTUWXYZ'[int(self.rng.integers(20))]}"
        city = town or self.area.post_town or place_name
        return {"address_1": f"{number} {street}", "city": city, "postal_code": f"{district} {inward}"}

    def site(self, spec: str, org_key: str) -> str:
        """The site key of a spec, making the site when it is new."""
        if spec.startswith("@"):
            key = f"own:{org_key}"
            if key not in self.sites:
                place = self.places[spec[1:]]
                x, y = self.site_point(place, 350.0 if self.area.post_town else 600.0)
                self.sites[key] = {"name": self.orgs[org_key]["name"], "x": x, "y": y, "place": place.name,
                                   "north": place.north, **self.address(place.name)}
            return key
        if spec.startswith("org:"):
            key = f"own:{spec[4:]}"
            if key not in self.sites:
                raise ValueError(f"site {spec} used before the organisation's own site is made")
            return key
        if spec.startswith("hub:"):
            name = spec[4:]
            key = f"hub:{name}"
            if key not in self.sites:
                place = self.places[dict(self.area.hubs)[name]]
                x, y = self.site_point(place, 250.0 if self.area.post_town else 400.0)
                self.sites[key] = {"name": name, "x": x, "y": y, "place": place.name, "north": place.north,
                                   **self.address(place.name)}
            return key
        if spec.startswith("out:"):
            key = spec
            if key not in self.sites:
                name, lon, lat, town, district = self.area.outside[spec[4:]]
                x, y = self.to_grid.transform(lon, lat)
                self.sites[key] = {"name": name, "x": x, "y": y, "place": None, "north": False,
                                   "address_1": f"{int(self.rng.integers(1, 90))} {town} Road", "city": town,
                                   "postal_code": f"{district} {int(self.rng.integers(1, 10))}RF"}
            return key
        raise ValueError(f"unknown site spec {spec!r}")

    def hubs(self, needs, which=None) -> tuple:
        """Hub specs for a service (all hubs, or the first ``which``), leaving out "north" hubs barred for its needs."""
        hubs = [name for name, place in self.area.hubs if not self._barred_north(needs, self.places[place])]
        return tuple(f"hub:{h}" for h in (hubs if which is None else hubs[:which]))




def _describe_org(name: str, area: _GapArea) -> str:
    if name == area.council:
        return f"The local authority for {area.name}: education, children's social care and public health."
    if "NHS" in name:
        return f"NHS provider of children's community and mental health services in and around {area.name}."
    if any(word in name for word in ("School", "Academy", "College")):
        return f"Education provider listed in the {area.name} Local Offer."
    return f"Voluntary or independent organisation offering services in the {area.name} Local Offer."


def _needs_text(needs: tuple) -> str:
    if needs == (_ALL,):
        return "any special educational need or disability"
    words = [_NEED_WORDS[n] for n in needs]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


# --- the catalogue -------------------------------------------------------------------------------------------------

def _special_schools(b: _Builder, schools: list) -> None:
    """Special schools, their places sized from the area's EHC plans: for each need, ``special_rates[need]`` places
    per 100 plans with that primary need, shared between the schools naming it (by their weights)."""
    rates = b.area.special_rates
    weight_of = {}
    for entry in schools:
        for need in entry[1]:
            weight_of[need] = weight_of.get(need, 0.0) + entry[4]
    for entry in schools:
        name, needs, ages, site, weight = entry[:5]
        notes = entry[5] if len(entry) > 5 else ""
        org = entry[6] if len(entry) > 6 else name
        places = sum(b.plans.get(n, 0) * rates.get(n, 0) / 100.0 * weight / weight_of[n] for n in needs)
        places = float(max(10, 5 * round(places / 5)))
        partners = ("la_education",) if not site.startswith("out:") or "residential" not in notes else (
            "la_education", "la_social_care", "icb")
        route = "single" if len(partners) == 1 else "joint"
        b.add(_Service("special_school", name, b.org(org), tuple(needs), ages, (site,), partners, route, places,
                       "places", notes))


def _resourced_provisions(b: _Builder) -> None:
    """One resourced provision per need of ``area.resourced``, in mainstream schools named from ``area.stems``."""
    stems = list(b.area.stems)
    order = b.rng.permutation(len(stems))
    for k, need in enumerate(b.area.resourced):
        stem = stems[int(order[k % len(stems)])]
        secondary = k % 3 == 2
        school = f"{stem} {'Academy' if secondary else 'Primary School'}"
        if k >= len(stems):
            school = f"{stem} {'High School' if secondary else 'Infant and Junior School'}"
        ages = (11, 16) if secondary else (4, 11)
        place = b.pick_place((need,))
        if b.area.code == "E08000005" and need == "asd":
            places = 6.0  # Rochdale: two small autism bases (planted)
        else:
            places = float(b.rng.choice([8, 10, 12, 14, 16, 20]))
        name = f"{school}: {_RESOURCE_WORDS[need]} Resourced Provision"
        b.add(_Service("resourced_provision", name, b.org(school), (need,), ages, (f"@{place}",),
                       ("la_education", "schools"), "joint", places, "places",
                       "Top-up funding from the high needs block; base funding from the school's budget"))


_SHORT_BREAK_KINDS = (
    # (name pattern, organisation, needs, ages, commissioned share)
    ("{stem} Saturday Club", "charity", (_ALL,), (5, 18), 0.8),
    ("{stem} Holiday Playscheme", "la", (_ALL,), (5, 12), 1.0),
    ("Inclusive swimming at {place} Leisure Centre", "charity", ("pd", "asd", "sld", "mld"), (5, 18), 0.6),
    ("{stem} Youth Club for Disabled Young People", "charity", (_ALL,), (11, 25), 0.8),
    ("Family-based overnight short breaks ({charity})", "charity", (_ALL,), (0, 18), 1.0),
    ("{stem} Adventure Playground inclusive sessions", "charity", (_ALL,), (5, 16), 0.7),
    ("Inclusive football with {charity}", "charity", ("asd", "mld", "semh", "slcn"), (7, 18), 0.5),
    ("Sensory play sessions at {place} Library", "charity", ("pmld", "sld", "msi", "vi", "hi"), (0, 8), 0.7),
    ("Drama and film club for autistic young people ({charity})", "charity", ("asd",), (8, 18), 0.6),
    ("{stem} Outdoor Activity Weekends", "charity", ("asd", "semh", "mld", "slcn"), (11, 19), 0.7),
    ("After-school club for disabled children at {place} Community Centre", "charity", (_ALL,), (5, 11), 0.9),
    ("Wheelchair sports club ({charity})", "charity", ("pd",), (8, 25), 0.5),
)


def _short_breaks(b: _Builder) -> None:
    """The area's many short breaks providers: clubs, playschemes and family-based breaks, each at a venue."""
    stems, charities = list(b.area.stems), list(b.area.charities)
    made = 0
    for k in range(1000):
        if made == b.area.counts["short_breaks"]:
            return
        pattern, who, needs, ages, share = _SHORT_BREAK_KINDS[k % len(_SHORT_BREAK_KINDS)]
        charity = charities[int(b.rng.integers(len(charities)))]
        place = b.pick_place(needs)
        name = pattern.format(stem=stems[int(b.rng.integers(len(stems)))], place=place, charity=charity)
        commissioned = bool(b.rng.random() < share)
        hours = b.capacity(float(b.rng.choice([800, 1200, 2000, 3000, 4000])), step=100)
        if name in b.used_names:
            continue
        b.add(_Service("short_breaks", name, b.org(charity) if who == "charity" else "la", needs, ages,
                       (f"venue:{place}",), ("la_social_care",) if commissioned else (),
                       "single" if commissioned else "", hours if commissioned else None,
                       "hours" if commissioned else "",
                       "Commissioned through the short breaks framework" if commissioned else ""))
        made += 1
    raise ValueError(f"{b.area.name}: could not name {b.area.counts['short_breaks']} short breaks")


def _early_years_settings(b: _Builder) -> None:
    """Specialist nurseries (commissioned places) and children's centre sessions (not commissioned)."""
    stems = list(b.area.stems)
    for k in range(b.area.counts["early_years"]):
        stem = stems[(k * 7 + 3) % len(stems)]
        place = b.pick_place((_ALL,))
        if k % 2 == 0:
            name = f"{stem} Specialist Nursery"
            b.add(_Service("early_years_send", name, b.org(name), (_ALL,), (2, 4), (f"@{place}",), ("la_education",),
                           "single", float(b.rng.choice([8, 10, 12, 16])), "places"))
        else:
            centre = f"{stem} Children's Centre"
            b.add(_Service("early_years_send", f"{centre}: SEND Stay and Play", b.org(centre), (_ALL,), (0, 4),
                           (f"@{place}",)))


_PRIVATE_KINDS = (
    ("speech_and_language_therapy", "{stem} Speech Therapy (independent practice)", ("slcn", "asd"), (2, 18)),
    ("occupational_therapy", "Sensory Steps Occupational Therapy ({place})", ("asd", "pd", "spld"), (3, 18)),
    ("information_advice", "{charity} parent support group", (_ALL,), (0, 25)),
    ("short_breaks", "{stem} Riding for the Disabled group", ("pd", "sld", "asd"), (5, 25)),
    ("sen_support_service", "{stem} Dyslexia Tuition", ("spld",), (6, 18)),
    ("neurodevelopmental_assessment", "{place} Private Autism and ADHD Clinic", ("asd", "oth"), (4, 25)),
)


def _private_services(b: _Builder) -> None:
    """Local Offer entries no partner commissions: independent practices and voluntary groups."""
    stems = list(b.area.stems)
    for k in range(b.area.counts["private"]):
        kind, pattern, needs, ages = _PRIVATE_KINDS[k % len(_PRIVATE_KINDS)]
        for attempt in range(50):
            place = b.pick_place(needs)
            charity = b.area.charities[(k * 3 + 1 + attempt) % len(b.area.charities)]
            name = pattern.format(stem=stems[(k * 11 + 2 + attempt) % len(stems)], place=place, charity=charity)
            if name not in b.used_names:
                break
        org = b.org(charity) if "{charity}" in pattern else b.org(name.split(" (")[0])
        b.add(_Service(kind, name, org, needs, ages, (f"venue:{place}",)))


def _core_services(b: _Builder) -> None:
    """The teams every area has: advisory teaching, psychology, sensory support, therapies, CAMHS, assessment,
    paediatrics, nursing, equipment, social care, preparing for adulthood, information and advice."""
    a = b.area
    la, community, mh = "la", "community", "mh"
    code = a.code
    sensory_to = 19 if code == "E08000005" else 25  # Rochdale: sensory support stops at 19 (planted)
    therapy_route = "pooled" if code == "E09000019" else "joint"
    salt_partners, salt_route = (("icb",), "single") if code == "E10000003" else (("icb", "la_education"),
                                                                                  therapy_route)
    salt_note = ("Block contract held by the ICB; the council funds no therapy (planted gap)" if code == "E10000003"
                 else "Section 75 pooled budget for children's therapies" if therapy_route == "pooled"
                 else "Jointly funded: ICB block contract and council high needs top-up")
    s = b.add
    # education support services
    s(_Service("early_years_send", "Portage Home Visiting Service", la, (_ALL,), (0, 4), (),
               ("la_education",), "single", b.capacity(60), "caseload", "Visits families at home; no base"))
    s(_Service("early_years_send", "Early Years SEND Inclusion Team", la, (_ALL,), (0, 4), b.hubs((_ALL,), 1),
               ("la_education",), "single", b.capacity(250), "caseload"))
    s(_Service("sen_support_service", "Autism Advisory Teaching Service", la, ("asd",), (4, 16), b.hubs(("asd",), 1),
               ("la_education", "schools"), "joint", b.capacity(3500, 100), "hours", "Traded with schools"))
    s(_Service("sen_support_service", "Specialist Teaching Service: Learning and Cognition", la, ("mld", "spld"),
               (5, 16), b.hubs(("mld",), 1), ("la_education", "schools"), "joint", b.capacity(2500, 100), "hours"))
    s(_Service("sen_support_service", "SEMH Outreach Service", la, ("semh",), (5, 16), b.hubs(("semh",), 1),
               ("la_education", "schools"), "joint", b.capacity(2000, 100), "hours"))
    s(_Service("educational_psychology", f"{a.name} Educational Psychology Service", la, (_ALL,), (0, 25),
               b.hubs((_ALL,), 1), ("la_education",), "single", b.capacity(9000, 100), "hours"))
    s(_Service("sensory_support", "Sensory Support Service: Hearing", la, ("hi",), (0, sensory_to),
               b.hubs(("hi",), 1), ("la_education",), "single", b.capacity(180), "caseload"))
    s(_Service("sensory_support", "Sensory Support Service: Vision and Multi-sensory", la, ("vi", "msi"),
               (0, sensory_to), b.hubs(("vi",), 1), ("la_education",), "single", b.capacity(110), "caseload"))
    # health
    s(_Service("speech_and_language_therapy", "Children's Speech and Language Therapy", community, ("slcn", "asd"),
               (0, 18), b.hubs(("slcn", "asd")), salt_partners, salt_route, b.capacity(1400), "caseload",
               salt_note))
    s(_Service("speech_and_language_therapy", "Early Years Speech and Language Therapy", community, ("slcn",),
               (0, 4), b.hubs(("slcn",)), salt_partners, salt_route, b.capacity(600), "caseload", salt_note))
    s(_Service("speech_and_language_therapy", "Speech and Language Therapy in Special Schools", community,
               ("slcn", "asd", "sld", "pmld"), (2, 19), b.hubs(("slcn", "asd"), 1), salt_partners, salt_route,
               b.capacity(500), "caseload", salt_note))
    s(_Service("occupational_therapy", "Children's Occupational Therapy", community, ("pd", "asd", "spld", "pmld"),
               (0, 18), b.hubs(("pd", "asd"), 2), ("icb", "la_education"), therapy_route, b.capacity(700),
               "caseload"))
    s(_Service("physiotherapy", "Children's Physiotherapy", community, ("pd", "pmld"), (0, 18), b.hubs(("pd",)),
               ("icb", "la_education"), therapy_route, b.capacity(650), "caseload"))
    s(_Service("camhs", f"{a.name} CAMHS", mh, ("semh", "asd", "oth"), (0, 18), b.hubs(("semh", "asd"), 2),
               ("icb", "la_public_health"), "joint", b.capacity(1800), "caseload"))
    s(_Service("camhs", "CAMHS Learning Disability Team", mh, ("sld", "mld", "pmld", "asd"), (5, 18),
               b.hubs(("sld", "asd"), 1), ("icb", "la_social_care"), "joint", b.capacity(160), "caseload"))
    s(_Service("camhs", "Mental Health Support Teams in Schools", mh, ("semh",), (5, 18), b.hubs(("semh",), 1),
               ("icb", "la_education"), "joint", b.capacity(900), "caseload"))
    s(_Service("neurodevelopmental_assessment", "Child Development Team: Autism Assessment (under 5s)", community,
               ("asd",), (0, 4), b.hubs(("asd",), 1), ("icb", "la_education"), "joint", b.capacity(220),
               "caseload"))
    s(_Service("neurodevelopmental_assessment", "Autism and ADHD Assessment Service", community, ("asd", "oth"),
               (5, 18), b.hubs(("asd",), 2), ("icb", "la_education"), "joint", b.capacity(700), "caseload",
               "Waiting list over 18 months"))
    s(_Service("community_paediatrics", "Community Paediatrics", community, (_ALL,), (0, 18), b.hubs((_ALL,), 2),
               ("icb",), "single", b.capacity(2500), "caseload"))
    s(_Service("specialist_nursing", "Children's Community Nursing Team", community, ("oth", "pmld", "pd"), (0, 18),
               b.hubs(("oth",), 1), ("icb", "la_social_care"), "joint", b.capacity(220), "caseload"))
    s(_Service("specialist_nursing", "Special School Nursing Team", community, ("oth", "pd", "sld", "pmld"), (2, 19),
               b.hubs(("oth",), 1), ("icb", "la_education"), "joint", b.capacity(300), "caseload"))
    s(_Service("equipment_and_wheelchairs", "Integrated Community Equipment Service", la, ("pd", "pmld", "oth"),
               (0, 25), b.hubs(("pd",), 1), ("icb", "la_social_care"), "pooled", b.capacity(900), "caseload",
               "Section 75 pooled budget with adult social care"))
    s(_Service("equipment_and_wheelchairs", "Specialist Wheelchair Service", community, ("pd", "pmld"), (0, 25),
               b.hubs(("pd",), 1), ("nhs_england", "icb"), "joint", b.capacity(400), "caseload",
               "Complex wheelchairs through NHS England specialised commissioning"))
    # care
    s(_Service("social_care_disability", "Disabled Children's Team", la, (_ALL,), (0, 18), b.hubs((_ALL,), 1),
               ("la_social_care",), "single", b.capacity(450), "caseload"))
    s(_Service("social_care_disability", "Transitions Social Work Team", la, (_ALL,), (14, 25), b.hubs((_ALL,), 1),
               ("la_social_care",), "single", b.capacity(160), "caseload"))
    s(_Service("preparing_for_adulthood", "Preparing for Adulthood Team", la, (_ALL,), (14, 25), b.hubs((_ALL,), 1),
               ("la_education", "la_social_care", "icb"), "joint", b.capacity(400), "caseload"))
    s(_Service("preparing_for_adulthood", "Independent Travel Training", la, ("mld", "asd", "slcn", "sld"),
               (14, 25), b.hubs(("mld", "asd"), 1), ("la_education", "la_social_care"), "joint", b.capacity(90),
               "caseload"))
    s(_Service("short_breaks", f"Overnight short breaks at {a.stems[4]} House", la, (_ALL,), (5, 18),
               b.hubs((_ALL,), 1), ("la_social_care", "icb"), "pooled", b.capacity(9000, 100), "hours",
               "Section 75 pooled budget: overnight breaks for children with complex health needs"))
    s(_Service("information_advice", f"{a.name} SENDIASS", la, (_ALL,), (0, 25), b.hubs((_ALL,), 1),
               ("la_education", "la_social_care", "icb"), "joint", b.capacity(3000, 100), "hours",
               "Impartial service funded by the council and the ICB (SEND Code of Practice 2.19)"))
    s(_Service("information_advice", f"{a.name} Parent Carer Forum", b.org(f"{a.name} Parent Carer Forum"), (_ALL,),
               (0, 25), b.hubs((_ALL,), 1)))
    s(_Service("information_advice", "Local Offer Information Line", la, (_ALL,), (0, 25), b.hubs((_ALL,), 1),
               ("la_education",), "single", b.capacity(1500, 100), "hours"))


def _islington(b: _Builder) -> None:
    _special_schools(b, [
        ("Bridgeview School", ("asd",), (4, 11), "@Holloway", 1.0),
        ("Highbury Vale School", ("asd",), (11, 19), "@Highbury", 1.2),
        ("Windmill Lane School", ("sld", "pmld"), (2, 15), "@Barnsbury", 1.0),
        ("Windmill Lane School: Sixth Form", ("sld",), (16, 19), "org:Windmill Lane School", 0.4, "",
         "Windmill Lane School"),
        ("Thornhill Fields School", ("mld", "slcn"), (5, 16), "@Caledonian Road", 1.0),
        ("Canonbury Park School", ("pd",), (3, 16), "@Canonbury", 1.0),
        ("Oakhurst House School", ("asd",), (8, 19), "out:kent", 0.1,
         "Independent residential special school in Kent; spot-purchased residential places"),
        ("St Aldric's School for Deaf Children", ("hi",), (3, 19), "out:barnet", 1.0, "Non-maintained special school"),
    ])
    _resourced_provisions(b)
    s, la = b.add, "la"
    s(_Service("alternative_provision", "New River Learning Centre", b.org("New River Learning Centre"), ("semh",),
               (11, 16), ("@Holloway",), ("la_education", "schools"), "joint", b.capacity(70), "places"))
    s(_Service("alternative_provision", "Hospital and Home Tuition Service", la, ("oth", "semh"), (5, 16),
               ("hub:Finsbury Health Centre",), ("la_education",), "single", b.capacity(35), "places"))
    s(_Service("post16_specialist", "Angel Central College: Foundation Learning",
               b.org("Angel Central College"), ("asd", "mld", "sld", "slcn"), (16, 25), ("@Angel",),
               ("la_education",), "single", b.capacity(110), "places"))
    s(_Service("post16_specialist", "Brook Meadow College (independent specialist college)",
               b.org("Brook Meadow College"), ("asd", "sld", "mld"), (19, 25), ("out:herts",),
               ("la_education", "la_social_care"), "joint", 12.0, "places", "Residential; out of area"))
    s(_Service("post16_specialist", "Project Horizon Supported Internships", la, ("asd", "mld", "slcn"), (17, 24),
               ("hub:Finsbury Health Centre",), ("la_education",), "single", b.capacity(30), "places"))
    s(_Service("physiotherapy", "Complex Needs Therapy Team (Windmill Lane)", "community", ("pmld", "pd", "sld"),
               (0, 15), ("org:Windmill Lane School",), ("icb", "la_education"), "pooled", b.capacity(90),
               "caseload", "Physiotherapy and occupational therapy for children with complex needs, to age 15"))
    _core_services(b)
    _early_years_settings(b)
    _short_breaks(b)
    _private_services(b)


def _rochdale(b: _Builder) -> None:
    _special_schools(b, [
        ("Redwood Brook School", ("asd",), (4, 19), "@Rochdale", 1.0),
        ("Brimrod Hill School", ("semh",), (7, 16), "@Rochdale", 1.0),
        ("Hollin Park School", ("semh",), (11, 16), "@Middleton", 1.0),
        ("Springhill Bank School", ("sld", "pmld"), (2, 19), "@Heywood", 1.0),
        ("Newlands Green School", ("mld", "slcn"), (4, 16), "@Spotland", 1.0),
        ("Alderbrook School", ("mld",), (11, 19), "@Middleton", 1.0),
        ("Pennine View School", ("pd", "pmld"), (2, 19), "@Littleborough", 0.5),
        ("Irwell Valley School for Deaf Children", ("hi",), (3, 19), "out:bury", 1.0,
         "Non-maintained special school in Bury"),
        ("Chadderton Brook School", ("sld",), (11, 19), "out:oldham", 0.3, "Oldham special school; places bought"),
    ])
    _resourced_provisions(b)
    s, la = b.add, "la"
    s(_Service("alternative_provision", "Rochdale Pupil Referral Service", la, ("semh",), (11, 16), ("@Rochdale",),
               ("la_education", "schools"), "joint", b.capacity(90), "places"))
    s(_Service("alternative_provision", "Heywood Learning Centre", b.org("Heywood Learning Centre"), ("semh",),
               (5, 11), ("@Heywood",), ("la_education",), "single", b.capacity(30), "places"))
    s(_Service("post16_specialist", "Kingsway College: Supported Learning", b.org("Kingsway College"),
               ("asd", "mld", "sld", "slcn"), (16, 25), ("@Rochdale",), ("la_education",), "single",
               b.capacity(120), "places"))
    s(_Service("post16_specialist", "Ribble Vale College (independent specialist college)",
               b.org("Ribble Vale College"), ("asd", "mld", "sld"), (19, 25), ("out:lancs",),
               ("la_education", "la_social_care"), "joint", 6.0, "places", "Residential; out of area"))
    s(_Service("post16_specialist", "Rochdale Supported Internships", la, ("asd", "mld", "slcn"), (17, 24),
               ("hub:Rochdale Child Development Centre",), ("la_education",), "single", b.capacity(30), "places"))
    s(_Service("post16_specialist", "Middleton Pathways to Work", b.org("Middleton Pathways"), ("mld", "sld"),
               (16, 25), ("@Middleton",), ("la_education", "la_social_care"), "joint", b.capacity(25), "places"))
    _core_services(b)
    _early_years_settings(b)
    _short_breaks(b)
    _private_services(b)


def _cambridgeshire(b: _Builder) -> None:
    _special_schools(b, [
        ("Riverside Meadows School", ("asd",), (4, 11), "@Cambridge", 1.0),
        ("Castle Hill Academy", ("asd",), (11, 19), "@Cambridge", 1.0),
        ("Samphire School", ("asd",), (4, 19), "@Huntingdon", 1.0),
        ("Ouse Valley School", ("asd", "slcn"), (5, 16), "@St Neots", 0.8),
        ("Fenland Green School", ("mld", "sld"), (4, 19), "@Wisbech", 1.0),
        ("Marshland School", ("semh",), (7, 16), "@March", 1.0),
        ("Cromwell House School", ("semh",), (11, 16), "@Huntingdon", 1.0),
        ("Granary Lane School", ("sld", "pmld"), (2, 19), "@Cambridge", 1.0),
        ("Spinney Wood School", ("pmld", "pd"), (2, 19), "@Ely", 1.0),
        ("Hereward School", ("mld",), (5, 16), "@Ramsey", 1.0),
        ("Windrush Park School", ("sld", "mld"), (11, 19), "@St Ives", 1.0),
        ("Nene Valley School", ("sld", "pd"), (2, 19), "out:peterborough", 0.3,
         "Peterborough City Council special school; places bought by Cambridgeshire"),
        ("Ouse Bridge School for the Deaf", ("hi",), (5, 19), "out:bedford", 1.0,
         "Non-maintained special school in Bedford"),
    ])
    _resourced_provisions(b)
    s, la = b.add, "la"
    s(_Service("alternative_provision", "Cambridge Tuition Centre", la, ("semh",), (11, 16), ("@Cambridge",),
               ("la_education", "schools"), "joint", b.capacity(60), "places"))
    s(_Service("alternative_provision", "Fenland Learning Centre", b.org("Fenland Learning Centre"), ("semh",),
               (11, 16), ("@March",), ("la_education", "schools"), "joint", b.capacity(45), "places"))
    s(_Service("alternative_provision", "Huntingdon Pupil Referral Unit", b.org("Huntingdon Pupil Referral Unit"),
               ("semh",), (5, 16), ("@Huntingdon",), ("la_education",), "single", b.capacity(40), "places"))
    s(_Service("alternative_provision", "Hospital Education Service", la, ("oth",), (5, 16),
               ("hub:Brookside Child Development Centre",), ("la_education",), "single", b.capacity(30), "places"))
    s(_Service("post16_specialist", "Cam Valley College: Supported Learning", b.org("Cam Valley College"),
               ("asd", "mld", "sld", "slcn"), (16, 25), ("@Cambridge",), ("la_education",), "single",
               b.capacity(120), "places"))
    s(_Service("post16_specialist", "North Fens College: Foundation Studies", b.org("North Fens College"),
               ("mld", "sld", "pd"), (16, 25), ("@Wisbech",), ("la_education",), "single", b.capacity(60), "places"))
    s(_Service("post16_specialist", "Huntingdon College: Pathways", b.org("Huntingdon College"), ("asd", "mld"),
               (16, 25), ("@Huntingdon",), ("la_education",), "single", b.capacity(60), "places"))
    s(_Service("post16_specialist", "Gatehouse College (independent specialist college)", b.org("Gatehouse College"),
               ("asd", "mld"), (19, 25), ("out:suffolk",), ("la_education", "la_social_care"), "joint", 14.0,
               "places", "Residential; out of area"))
    s(_Service("post16_specialist", "Cambridgeshire Supported Internships", la, ("asd", "mld", "slcn"), (17, 24),
               ("hub:Hinchingbrooke Child Health Centre",), ("la_education",), "single", b.capacity(40), "places"))
    s(_Service("sensory_support", "Multi-sensory Impairment Outreach", la, ("msi",), (0, 25),
               ("hub:Brookside Child Development Centre",), ("la_education",), "single", 15.0, "caseload"))
    s(_Service("educational_psychology", "Educational Psychology Service: Fenland and East Cambridgeshire", la,
               ("semh", "mld", "slcn", "spld", "sld", "pd", "hi", "vi"), (0, 25), ("hub:March Community Clinic",),
               ("la_education",), "single", b.capacity(3000, 100), "hours"))
    s(_Service("physiotherapy", "Fenland Children's Physiotherapy Clinic", "community", ("pd",), (0, 18),
               ("hub:Wisbech Child Health Centre",), ("icb", "la_education"), "joint", b.capacity(120), "caseload"))
    _core_services(b)
    _early_years_settings(b)
    _short_breaks(b)
    _private_services(b)


#: Commissioned services that are not in the Local Offer (the register gives no service_id): per area.
_REGISTER_ONLY = {
    "E09000019": (
        ("special_school", "Independent special school placements (spot purchase)", ("la_education",), "single", 45,
         "places", ("asd", "sld"), (5, 19), "Individual placements outside the borough"),
        ("specialist_nursing", "Continuing care packages for children", ("icb", "la_social_care"), "joint", 35,
         "caseload", ("oth", "pmld"), (0, 15), "Children's continuing care (National Framework 2016)"),
        ("short_breaks", "Short breaks direct payments", ("la_social_care",), "single", 15000, "hours",
         ("asd", "slcn", "semh", "mld", "sld", "spld", "pd", "hi", "vi", "msi", "oth"), (0, 18), ""),
    ),
    "E08000005": (
        ("special_school", "Independent special school placements (spot purchase)", ("la_education",), "single", 70,
         "places", ("semh", "sld"), (5, 19), "Individual placements outside the borough"),
        ("specialist_nursing", "Continuing care packages for children", ("icb", "la_social_care"), "joint", 40,
         "caseload", ("oth", "pmld"), (0, 18), "Children's continuing care (National Framework 2016)"),
        ("short_breaks", "Short breaks direct payments", ("la_social_care",), "single", 22000, "hours", ("all",),
         (0, 18), ""),
        ("preparing_for_adulthood", "Shared Lives transition placements", ("la_social_care",), "single", 12,
         "places", ("mld", "sld", "asd"), (18, 25), "Adult social care"),
    ),
    "E10000003": (
        ("special_school", "Independent special school placements (spot purchase)", ("la_education",), "single", 110,
         "places", ("asd", "semh"), (5, 19), "Individual placements; many out of county"),
        ("specialist_nursing", "Continuing care packages for children", ("icb", "la_social_care"), "joint", 60,
         "caseload", ("oth", "pmld"), (0, 18), "Children's continuing care (National Framework 2016)"),
        ("short_breaks", "Short breaks direct payments", ("la_social_care",), "single", 30000, "hours", ("all",),
         (0, 18), ""),
        ("camhs", "Eating disorders service for young people", ("icb", "la_public_health"), "joint", 80, "caseload",
         ("semh",), (8, 18), "Cambridgeshire and Peterborough wide"),
    ),
}


@dataclass
class _AreaProvision:
    area: _GapArea
    orgs: dict
    sites: dict
    services: list
    plans: dict
    terms: dict  # term key -> (id, name, taxonomy, term)
    ids: dict  # other ids drawn: ("org", key), ("location", site), ...


def _build_provision(area: _GapArea, latent: Latent, polygon) -> _AreaProvision:
    """Draw an area's Local Offer and commissioning: the services, their sites (points in EPSG:27700) and ids."""
    b = _Builder(area, latent, polygon)
    {"E09000019": _islington, "E08000005": _rochdale, "E10000003": _cambridgeshire}[area.code](b)
    # venues of clubs and private practices: one site each, near a place
    for service in b.services:
        resolved = []
        for spec in service.sites:
            if spec.startswith("venue:"):
                place = b.places[spec[6:]]
                key = f"venue:{service.name}"
                x, y = b.site_point(place, 350.0 if area.post_town else 600.0)
                venue = (service.name.split(" at ")[-1] if " at " in service.name
                         else f"{b.orgs[service.org]['name']}, {place.name}")
                b.sites[key] = {"name": venue, "x": x, "y": y, "place": place.name, "north": place.north,
                                **b.address(place.name)}
                resolved.append(key)
            else:
                resolved.append(b.site(spec, service.org))
        service.location_ids = tuple(resolved)
    _check_planted(area, b)
    ids = {}
    for key in b.orgs:
        ids["org", key] = b.uuid()
    for key in b.sites:
        ids["location", key] = b.uuid()
        ids["address", key] = b.uuid()
    terms = {}
    used = set()
    for service in b.services:
        service.id = b.uuid()
        used.add(("jsnakit", service.service_type))
        used.update(("esdNeeds", n) for n in service.needs)
    for vocabulary, code in sorted(used, key=lambda t: (t[0] != "esdNeeds", _TERM_ORDER.get(t[1], 99), t[1])):
        if vocabulary == "esdNeeds":
            name = area.need_terms[code]
            terms[vocabulary, code] = (b.uuid(), name, "esdNeeds", name)
        else:
            terms[vocabulary, code] = (b.uuid(), _service_type_label(code), "jsnakit", code)
    for service in b.services:
        for spec in service.location_ids:
            ids["service_at_location", service.id, spec] = b.uuid()
        for key in [("jsnakit", service.service_type)] + [("esdNeeds", n) for n in service.needs]:
            ids["attribute", service.id, key] = b.uuid()
        ids["service_area", service.id] = b.uuid()
    return _AreaProvision(area, b.orgs, b.sites, b.services, b.plans, terms, ids)


_TERM_ORDER = {code: i for i, code in enumerate((_ALL,) + _ALL_NEED_CODES)}


def _service_type_label(code: str) -> str:
    from ..sources.commissioning import SERVICE_TYPES

    return SERVICE_TYPES[code][0]


def _check_planted(area: _GapArea, b: _Builder) -> None:
    """Refuse to write an area whose catalogue breaks its planted gaps (a guard for whoever edits the catalogue)."""
    rule = _NO_NEED_FROM_AGE.get(area.code)
    barred_north = _NO_NEED_NORTH.get(area.code, set())
    for service in b.services:
        if rule and service.ages[1] >= rule[1] and (service.needs == (_ALL,) or set(service.needs) & rule[0]):
            raise ValueError(f"{area.name}: {service.name} breaks the planted gap {rule}")
        if barred_north and (service.needs == (_ALL,) or set(service.needs) & barred_north):
            for key in service.location_ids:
                if b.sites[key]["north"]:
                    raise ValueError(f"{area.name}: {service.name} stands in the north ({b.sites[key]['place']})")
        if area.code == "E09000019" and service.service_type in ("special_school", "resourced_provision") and (
                "semh" in service.needs or service.needs == (_ALL,)):
            raise ValueError(f"{area.name}: {service.name} gives SEMH specialist places")
    for key, site in b.sites.items():
        import shapely

        inside = b.polygon.contains(shapely.Point(site["x"], site["y"]))
        if inside != (not key.startswith("out:")):
            raise ValueError(f"{area.name}: site {site['name']} is {'in' if inside else 'out of'} the area")


# --- boundaries, localities and the census -------------------------------------------------------------------------

def _boundary_source(out: Path, boundaries) -> Path:
    """The boundary file the localities and services are drawn in: ``boundaries`` when given, else the one in
    ``out`` when it holds the sample areas, else the committed one in :data:`DEFAULT_OUT` (in a source checkout)
    or in ``data_samples/`` under the working folder (when jsnakit is installed, not run from its checkout)."""
    if boundaries is not None:
        return Path(boundaries)
    candidate = Path(out) / BOUNDARY_FILE
    try:
        with open(candidate, "rb") as handle:
            head = handle.read(1 << 20)
        if all(code.encode() in head for code in PROVISION_AREAS):
            return candidate
    except OSError:
        pass
    installed = Path.cwd() / "data_samples" / BOUNDARY_FILE
    return DEFAULT_OUT / BOUNDARY_FILE if (DEFAULT_OUT / BOUNDARY_FILE).exists() or not installed.exists() \
        else installed


def _area_polygons(path: Path) -> dict:
    """The sample areas' boundaries in EPSG:27700, by GSS code."""
    import geopandas as gpd

    frame = gpd.read_file(path)
    frame = frame[frame["CTYUA23CD"].isin(PROVISION_AREAS)].to_crs(27700)
    polygons = dict(zip(frame["CTYUA23CD"], frame.geometry))
    missing = [code for code in PROVISION_AREAS if code not in polygons]
    if missing:
        raise ValueError(f"boundary file {path} lacks the sample areas {missing}")
    return polygons


_PROVISION_CACHE: dict = {}


def _provision(latent: Latent, boundaries: Path) -> tuple[dict, dict]:
    """Polygons and the drawn provision of the three areas (drawn once per seed and boundary file)."""
    stat = boundaries.stat()
    key = (latent.seed, str(boundaries.resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _PROVISION_CACHE:
        polygons = _area_polygons(boundaries)
        provision = {code: _build_provision(_GAP_AREAS[code], latent, polygons[code]) for code in PROVISION_AREAS}
        _PROVISION_CACHE.clear()
        _PROVISION_CACHE[key] = (polygons, provision)
    return _PROVISION_CACHE[key]


def _draw_localities(latent: Latent, polygons: dict) -> pd.DataFrame:
    """Synthetic MSOAs: a point, code, name and population by five-year age band for each.

    Each area's localities are shared between its places by weight (largest remainders), drawn around each place's
    centre (normal, sd ``spread_km``) inside the area (50 m in from the boundary) and at least ``spacing_m`` apart,
    and named after their lower-tier LA, numbered from north to south as ONS numbers MSOAs. The area's population
    at mid-:data:`CENSUS_YEAR` in each five-year band is shared between its localities by multinomial draws, with
    weights = the place's weight / its number of localities x a log-normal size x an age tilt (more young adults
    here, more children there); so the localities' 0-24 population adds up to the area's exactly.
    """
    import shapely

    rng = latent.rng("localities")
    to_grid = _transformer(4326, 27700)
    t = POP_YEARS.index(CENSUS_YEAR)
    persons = latent.females[t] + latent.males[t]
    codes = latent.las["area_code"].to_numpy()
    band_of_age = np.minimum(np.arange(91) // 5, 17)
    young_adult = np.exp(-(((np.arange(18) - 4.5) / 1.5) ** 2))
    child = (np.arange(18) <= 3).astype(float)
    frames = []
    for code in PROVISION_AREAS:
        area = _GAP_AREAS[code]
        inner = polygons[code].buffer(-50.0)
        weights = np.array([p.weight for p in area.places])
        share = weights / weights.sum() * area.msoas
        counts = np.floor(share).astype(int)
        order = np.argsort(-(share - counts), kind="stable")
        counts[order[: area.msoas - counts.sum()]] += 1
        xs, ys, owners = [], [], []
        for place, n in zip(area.places, counts):
            x0, y0 = to_grid.transform(place.lon, place.lat)
            for _ in range(n):
                spacing = area.spacing_m
                for attempt in range(1, 3001):
                    x = x0 + rng.normal(0.0, place.spread_km * 1000.0)
                    y = y0 + rng.normal(0.0, place.spread_km * 1000.0)
                    if inner.contains(shapely.Point(x, y)) and all(
                            np.hypot(x - px, y - py) >= spacing for px, py in zip(xs, ys)):
                        break
                    if attempt % 300 == 0:
                        spacing *= 0.85
                else:
                    raise ValueError(f"no room for a locality near {place.name} in {area.name}")
                xs.append(x)
                ys.append(y)
                owners.append(place)
        n = len(xs)
        size = np.array([p.weight / counts[area.places.index(p)] for p in owners]) * np.exp(rng.normal(0.0, 0.2, n))
        tilt = np.exp(rng.normal(0.0, 0.35, n)[:, None] * young_adult[None, :]
                      + rng.normal(0.0, 0.15, n)[:, None] * child[None, :] + rng.normal(0.0, 0.05, (n, 18)))
        la_bands = np.bincount(band_of_age, weights=persons[int(np.flatnonzero(codes == code)[0])],
                               minlength=18).astype(np.int64)
        bands = np.zeros((n, 18), dtype=np.int64)
        for k in range(18):
            bands[:, k] = rng.multinomial(la_bands[k], _normalise(size * tilt[:, k]))
        frame = pd.DataFrame({"area_code": code, "district": [p.district for p in owners], "x": xs, "y": ys})
        frame[[f"band{k}" for k in range(18)]] = bands
        frames.append(frame)
    out = pd.concat(frames, ignore_index=True)
    out["_order"] = out["area_code"].map({c: i for i, c in enumerate(PROVISION_AREAS)})
    out = out.sort_values(["_order", "district", "y"], ascending=[True, True, False], kind="stable")
    out["number"] = out.groupby(["area_code", "district"]).cumcount() + 1
    out = out.sort_values(["_order", "district", "number"], kind="stable").reset_index(drop=True)
    out["locality_code"] = [f"E02{FIRST_SYNTHETIC_MSOA + i}" for i in range(len(out))]
    out["locality_name"] = [f"{d} {k:03d}" for d, k in zip(out["district"], out["number"])]
    out["lon"], out["lat"] = _transformer(27700, 4326).transform(out["x"].to_numpy(), out["y"].to_numpy())
    import uuid

    out["global_id"] = [str(uuid.UUID(bytes=rng.bytes(16), version=4)) for _ in range(len(out))]
    return out.drop(columns=["_order"])


def write_localities(out: Path, latent: Latent, *, boundaries=None) -> list[Path]:
    """Write the synthetic localities of the gap-mapping sample areas: MSOA centroids and Census 2021 ages.

    ``ons_centroids/MSOA_2021_population_weighted_centroids.geojson``: a GeoJSON FeatureCollection laid out like the
    ONS Open Geography Portal download of "Middle layer Super Output Areas (December 2021) Population Weighted
    Centroids" (properties ``FID, MSOA21CD, MSOA21NM, GlobalID``; WGS84 longitude/latitude, 6 decimals, with the
    ``crs`` member GDAL writes), one point per synthetic MSOA of Islington, Rochdale and Cambridgeshire, inside the
    area's boundary. Codes are E02990001 onwards (no real MSOA has them); names are the lower-tier LA's name and a
    number from north to south, as ONS names MSOAs.

    ``ons_census/census2021-ts007a-msoa.csv``: the same MSOAs in the layout of the Nomis bulk download of Census 2021
    table TS007A "Age by five-year age bands" (``date, geography, geography code, Age: Total, Age: Aged 4 years and
    under, ..., Age: Aged 85 years and over``; LF, no BOM); whole numbers, ``Age: Total`` the sum of the bands. The
    area's population at mid-2021 (of the sample MYE) is shared out between its MSOAs (see
    :func:`_draw_localities`), so their population aged 0-24 adds up to the area's.

    Parameters
    ----------
    out : pathlib.Path
        The ``data_samples`` folder.
    latent : Latent
        From :func:`build_latent`.
    boundaries : path, optional
        The CTYUA boundary GeoJSON the points are drawn in; default: the one in ``out`` if it holds the sample
        areas, else the committed one.

    Returns
    -------
    list of pathlib.Path
        The two files written.

    Examples
    --------
    >>> write_localities(Path("data_samples"), build_latent())  # doctest: +SKIP
    [PosixPath('data_samples/ons_centroids/MSOA_2021_population_weighted_centroids.geojson'),
     PosixPath('data_samples/ons_census/census2021-ts007a-msoa.csv')]
    """
    polygons = _area_polygons(_boundary_source(out, boundaries))
    localities = _draw_localities(latent, polygons)
    features = []
    for i, r in localities.iterrows():
        props = json.dumps({"FID": i + 1, "MSOA21CD": r["locality_code"], "MSOA21NM": r["locality_name"],
                            "GlobalID": r["global_id"]}, separators=(",", ":"))
        features.append('{"type":"Feature","properties":' + props + ',"geometry":{"type":"Point","coordinates":['
                        + f"{r['lon']:.6f},{r['lat']:.6f}" + "]}}")
    text = ('{"type":"FeatureCollection","name":"MSOA_2021_population_weighted_centroids","crs":{"type":"name",'
            '"properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},"features":[\n' + ",\n".join(features) + "\n]}\n")
    centroids = _atomic_write(Path(out) / CENTROIDS_FILE, text.encode("utf-8"))
    rows = []
    for _, r in localities.iterrows():
        bands = [int(r[f"band{k}"]) for k in range(18)]
        rows.append([str(CENSUS_YEAR), r["locality_name"], r["locality_code"], str(sum(bands))]
                    + [str(v) for v in bands])
    census = _atomic_write(Path(out) / CENSUS_AGE_FILE, _csv_bytes(CENSUS_AGE_HEADER, rows, bom=False, crlf=False))
    return [centroids, census]


# --- the Local Offers and the register --------------------------------------------------------------------------

def _slug(text: str) -> str:
    words = "".join(ch if ch.isalnum() else " " for ch in text.lower()).split()
    return "-".join(words)


def _describe_service(service: _Service, area: _GapArea) -> str:
    from ..sources.commissioning import SERVICE_TYPES

    label = SERVICE_TYPES[service.service_type][0]
    low, high = service.ages
    text = (f"{label} for children and young people aged {low} to {high} with {_needs_text(service.needs)}"
            f" in {area.name}.")
    if not service.location_ids:
        text += " Staff visit families at home; there is no base to visit."
    if service.partners:
        text += " Commissioned by the local area partnership."
    return text


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def write_local_offers(out: Path, latent: Latent, *, boundaries=None) -> list[Path]:
    """Write a synthetic Local Offer for each gap-mapping sample area, as Open Referral UK 3.0 CSV tables.

    ``local_offer/<GSS code>/``: ``services.csv``, ``organizations.csv``, ``locations.csv``,
    ``service_at_location.csv``, ``address.csv``, ``taxonomy_terms.csv``, ``attribute.csv`` and
    ``service_areas.csv``, each with the header of the OR UK 3.0 example tables (uk-profile ``examples/csv``), UTF-8,
    CRLF. Ids are version-4 UUIDs drawn from the area's own random stream. Services carry taxonomy terms through
    ``attribute.csv`` (``link_type`` ``taxonomy``): their needs from the LGA needs list (vocabulary ``esdNeeds``,
    the names each area happens to use, e.g. "Autism" or "Autistic spectrum disorder") and their service type
    (vocabulary ``jsnakit``, term = the code, name = the label); one service area each, the LA's statistical
    geography URI. Every service has a location (the area's points, or a few schools and colleges in the next
    areas) except one visiting service per area (its Portage service), which
    :func:`jsnakit.sources.provision.read_local_offer` reports with a ``LocalOfferWarning`` (intended).

    Parameters
    ----------
    out : pathlib.Path
        The ``data_samples`` folder.
    latent : Latent
        From :func:`build_latent` (the EHC plans size the special schools).
    boundaries : path, optional
        As for :func:`write_localities`.

    Returns
    -------
    list of pathlib.Path
        The files written, eight per area.

    Examples
    --------
    >>> paths = write_local_offers(Path("data_samples"), build_latent())  # doctest: +SKIP
    >>> from jsnakit.sources.provision import read_local_offer
    >>> len(read_local_offer("data_samples/local_offer/E09000019").services)  # doctest: +SKIP
    90
    """
    _, provision = _provision(latent, _boundary_source(out, boundaries))
    written = []
    for code in PROVISION_AREAS:
        p = provision[code]
        area = p.area
        folder = Path(out) / LOCAL_OFFER_DIR.format(code=code)
        site_slug = _slug(area.name)
        tables: dict[str, list[list[str]]] = {name: [] for name in LOCAL_OFFER_HEADERS}
        for key, org in p.orgs.items():
            oid = p.ids["org", key]
            tables["organizations.csv"].append([oid, org["name"], org["description"], f"info@{org['slug']}.example",
                                                f"https://{org['slug']}.example", "", "", ""])
        for key, site in p.sites.items():
            lon, lat = _to_wgs84(site["x"], site["y"])
            lid = p.ids["location", key]
            tables["locations.csv"].append([lid, "physical", site["name"], "", f"{lat:.6f}", f"{lon:.6f}", "", ""])
            tables["address.csv"].append([p.ids["address", key], lid, "", site["address_1"], site["city"], "", "",
                                          site["postal_code"], "GB", "physical"])
        for (vocabulary, term_code), (tid, name, taxonomy, term) in p.terms.items():
            what = "LGA needs list (esd.org.uk)" if vocabulary == "esdNeeds" else "jsnakit service type"
            tables["taxonomy_terms.csv"].append([tid, name, what, "", taxonomy, "", "", term])
        for service in p.services:
            sid = service.id
            assured = f"2025-{int(sid[2:4], 16) % 6 + 1:02d}-{int(sid[:2], 16) % 28 + 1:02d}"
            org = p.orgs[service.org]
            tables["services.csv"].append([
                sid, p.ids["org", service.org], service.name, _describe_service(service, area),
                f"https://localoffer.{site_slug}.example/services/{_slug(service.name)}",
                f"info@{org['slug']}.example", "active", "",
                "", str(service.ages[0]), str(service.ages[1]), assured, f"localoffer@{site_slug}.example", "",
                f"{assured}T09:00:00Z"])
            for key in service.location_ids:
                tables["service_at_location.csv"].append([p.ids["service_at_location", sid, key], sid,
                                                          p.ids["location", key]])
            for term in [("jsnakit", service.service_type)] + [("esdNeeds", n) for n in service.needs]:
                tables["attribute.csv"].append([p.ids["attribute", sid, term], sid, p.terms[term][0], "taxonomy"])
            tables["service_areas.csv"].append([p.ids["service_area", sid], sid, area.name, "", "",
                                                _STATISTICAL_GEOGRAPHY + code, area.name])
        for name, header in LOCAL_OFFER_HEADERS.items():
            written.append(_atomic_write(folder / name, _csv_bytes(header, tables[name], bom=False, crlf=True)))
    return written


def _to_wgs84(x: float, y: float) -> tuple[float, float]:
    lon, lat = _transformer(27700, 4326).transform(x, y)
    return float(lon), float(lat)


@functools.lru_cache(maxsize=None)
def _transformer(source: int, target: int):
    """A pyproj transformer between two EPSG codes (x = easting or longitude), made once: making one is slow."""
    import pyproj

    return pyproj.Transformer.from_crs(source, target, always_xy=True)


def _register_rows(provision: dict) -> list[list[str]]:
    rows = []
    for code in PROVISION_AREAS:
        p = provision[code]
        for service in p.services:
            if not service.partners:
                continue
            blank_needs = int(service.id[-2:], 16) % 4 == 0  # about a quarter: needs from the Local Offer's terms
            blank_ages = int(service.id[-4:-2], 16) % 5 == 0  # about a fifth: ages from the Local Offer
            needs = "" if blank_needs else ";".join(service.needs)
            ages = ["", ""] if blank_ages else [str(service.ages[0]), str(service.ages[1])]
            rows.append([code, service.id, service.name, service.service_type, ";".join(service.partners),
                         service.route, _number_text(service.capacity), service.unit, needs, *ages, service.notes])
        for kind, name, partners, route, capacity, unit, needs, ages, notes in _REGISTER_ONLY[code]:
            rows.append([code, "", name, kind, ";".join(partners), route, _number_text(capacity), unit,
                         ";".join(needs), str(ages[0]), str(ages[1]), notes])
    return rows


def write_commissioning_register(out: Path, latent: Latent, *, boundaries=None) -> Path:
    """Write ``commissioning/commissioning_register.csv``: what the partners of the three sample areas commission.

    jsnakit's commissioning register (:func:`jsnakit.sources.commissioning.read_commissioning_register`), UTF-8, LF:
    one row per commissioned service of the sample Local Offers (``service_id`` its OR UK id; the voluntary groups
    and independent practices no partner pays for are left out), then a few commissioned services that are not in
    the Local Offer (blank ``service_id``: spot-purchased placements, continuing care, direct payments). Partners,
    funding routes, capacities (places, caseload or hours a year), needs and ages as drawn for the Local Offer;
    ``needs`` is left blank in about a quarter of the rows and the ages in about a fifth, for the reader to take
    from the Local Offer. The gaps of :data:`PLANTED_GAPS` hold in the register as in the Local Offers.

    Parameters
    ----------
    out : pathlib.Path
        The ``data_samples`` folder.
    latent : Latent
        From :func:`build_latent`.
    boundaries : path, optional
        As for :func:`write_localities`.

    Returns
    -------
    pathlib.Path
        The file written.

    Examples
    --------
    >>> write_commissioning_register(Path("data_samples"), build_latent())  # doctest: +SKIP
    PosixPath('data_samples/commissioning/commissioning_register.csv')
    """
    _, provision = _provision(latent, _boundary_source(out, boundaries))
    data = _csv_bytes(REGISTER_HEADER, _register_rows(provision), bom=False, crlf=False)
    return _atomic_write(Path(out) / REGISTER_FILE, data)


# ====================================================================================================================
# 10. README, and the whole run
# ====================================================================================================================

def write_readme(out: Path, latent: Latent) -> Path:
    """Write ``README.md``: what each file is, which publication's layout it copies, and the planted features.

    Parameters
    ----------
    out : pathlib.Path
        The ``data_samples`` folder.
    latent : Latent
        From :func:`build_latent` (for its seed).

    Returns
    -------
    pathlib.Path
        The file written.
    """
    years = ", ".join(str(y) for y in MYE_YEARS)
    gap_mapping = _readme_gap_mapping(out, latent)
    text = f"""\
# data_samples: synthetic SEND data in the published formats

**Every number in these files is made up** (except the boundary file, see below). They are generated by
`python -m jsnakit.samples` (module `jsnakit/samples.py`, seed `{latent.seed}`), which rewrites every file byte for
byte; do not edit them by hand. They exist so that readers, tests, notebooks and demos run without downloads.

Coverage: England, its 9 regions and the 153 upper-tier local authorities (LAs) on December 2023 boundaries, with the
December 2023 GSS codes everywhere (e.g. North Yorkshire E06000065, Somerset E06000066, Buckinghamshire E06000060)
and the DfE 3-digit LA numbers of `jsnakit/data/areas.csv`.

## How the numbers are made

One latent table is drawn per LA first: population aged 0-25 (by area type: counties 150k-400k, metropolitan
districts 60k-350k, London boroughs 60k-120k, unitaries 40k-300k), a deprivation score, LA multipliers for EHC plan
and SEN support prevalence (higher where more deprived), a need-mix draw (Dirichlet), placement and timeliness
propensities. Every file is derived from it, so they agree:

- the population by single year of age and sex is projected cohort by cohort from mid-2017 to mid-2025;
- pupils follow the population aged 4-18 (England about 9.0 million);
- pupils with an EHC plan and on SEN support follow England's published rates (EHC plan 3.1% in 2018/19 to 6.0% in
  2025/26; SEN support 11.9% to 14.8%) times the LA multipliers;
- the EHC plan caseload (SEN2) is about 1.3 times the pupils with an EHC plan, split by age, placement and sex;
- need breakdowns are multinomial draws, so they add up to their totals;
- regional and England rows are the exact sums of their LAs; percentages are recomputed from the summed counts.

## Files

| file | layout copied from | content |
|---|---|---|
| `{SEN_IN_ENGLAND_FILE}` | DfE *Special educational needs in England*, 2025/26 release, EES data-catalogue file `data-special-educational-needs-in-england.csv` | pupils, pupils with an EHC plan, on SEN support; 2018/19-2025/26; LF, no BOM |
| `{SEN_PRIMARY_NEED_FILE}` | same release, table-tool file "Number of pupils with an Education, health and care plan or SEN support in England, by primary need, 202425 and 202526" | pupils by primary need and provision, 2021/22-2025/26; `Total` rows equal the counts of the file above |
| `{CASELOAD_FILE}` | DfE *Education, health and care plans* 2025, `caseload.csv` | EHC plans maintained by placement, 2018/19-2024/25; by age and sex for 2023/24 and 2024/25; BOM, CRLF |
| `{SEN_NEEDS_FILE}` | same release, `sen_needs_all_plans.csv` | EHC plans by primary need, 2021/22-2024/25, by age for 2024/25; `ehc_plans` equals the caseload's `ehcplans` |
| `{TIMELINESS_FILE}` | same release, `timeliness_20_week.csv` | new plans issued within 20 weeks, calendar years 2019-2024 |
| `ons_mye/ukpopestimatesmid{{YEAR}}on2023geography.xlsx` ({years}) | ONS mid-year population estimates workbook (MYE2 sheets of `ukpopestimatesmid2021on2021geographyfinal.xls`) | persons, females, males by single year of age 0-90 (90 = 90+) |
| `{SN_FILE}` | DfE children's services statistical neighbours (`sn_may_2025.xlsx` in LAIT), sheet `LA SN Groups` | 10 synthetic neighbours per LA, nearest on the latent characteristics |
| `{BOUNDARY_FILE}` | ONS Open Geography Portal | **real** boundaries, simplified (see `{BOUNDARY_LICENCE_FILE}`) |
| `{CENTROIDS_FILE}` | ONS Open Geography Portal, "Middle layer Super Output Areas (December 2021) Population Weighted Centroids" (GeoJSON download: properties `FID, MSOA21CD, MSOA21NM, GlobalID`, WGS84) | synthetic MSOA points of the three gap-mapping areas (see below) |
| `{CENSUS_AGE_FILE}` | Nomis bulk download of Census 2021 table TS007A "Age by five-year age bands" (`census2021-ts007a-msoa.csv`) | usual residents of the same MSOAs by five-year age band; LF, no BOM |
| `local_offer/<GSS code>/*.csv` (E09000019, E08000005, E10000003) | Open Referral UK 3.0 CSV tables (uk-profile `examples/csv` headers): `services`, `organizations`, `locations`, `service_at_location`, `address`, `taxonomy_terms`, `attribute`, `service_areas` | a synthetic Local Offer per gap-mapping area; UTF-8, CRLF |
| `{REGISTER_FILE}` | jsnakit's commissioning register (`jsnakit.sources.commissioning`) | who commissions each service of the three areas, with funding route, capacity, needs and ages; LF |

## Symbols and conventions

- `x` appears only where the real file prints it for every row of that kind: caseload columns not collected in a year
  (e.g. `ukrlp_provider`, `neet_ntci`, `placement_unknown` before 2022/23; `online_provider`, `w_settings`,
  `other_schools` before 2024/25; `await_prov_2022`, `perm_ex_2022` from 2022/23); timeliness columns for plans over
  20 weeks and over a year before 2023; percentages of zero plans; and the planted LA-year that did not return data.
  Nothing else is suppressed: **small counts are left in on purpose** for jsnakit's disclosure control to catch.
- Caseload and need breakdown rows with no plans are left out, as the real files do.
- SEN2 percentages have one decimal, rounded half up, without a trailing `.0`; `pupil_percent` has 11 decimals.
- In the caseload, `ed_elsewhere` leaves out `other_placement_settings` up to 2022/23 and includes it from 2023/24,
  and `ehcplans` is the sum of every placement column collected that year, as in the real file.

## Planted features

- **Tiny areas**: the City of London (E09000001: about 1,500 people aged 0-25, about 250 pupils) and the Isles of
  Scilly (E06000053: about 500 aged 0-25, about 230 pupils), and small Rutland (E06000017), give counts of 1-4 in the
  need, age and sex breakdowns.
- **Not returned**: {geography.area(NOT_RETURNED[0])["area_name"]} ({NOT_RETURNED[0]}) has every timeliness value `x` in
  {NOT_RETURNED[1]}; the North West and England rows for {NOT_RETURNED[1]} sum the LAs that did return.
- The statistical neighbours are synthetic, not DfE's.

{gap_mapping}
## Boundaries

The boundary GeoJSON is the only file copied from real data (the gap-mapping samples draw their points inside it): the ONS December 2023 counties and unitary
authorities, simplified (see `{BOUNDARY_LICENCE_FILE}` for the source, licence and method). `python -m jsnakit.samples`
leaves it alone unless given the ONS source file with `--boundaries-from PATH`.
"""
    return _atomic_write(Path(out) / README_FILE, text.encode("utf-8"))


def _readme_gap_mapping(out: Path, latent: Latent) -> str:
    """The README section on the gap-mapping samples: what is drawn, and the planted gaps."""
    _, provision = _provision(latent, _boundary_source(out, None))
    localities = {_GAP_AREAS[c].name: _GAP_AREAS[c].msoas for c in PROVISION_AREAS}
    lines = [
        "## Gap mapping: localities, Local Offers, commissioning register",
        "",
        "Three areas only: Islington (E09000019), Rochdale (E08000005) and Cambridgeshire (E10000003).",
        "",
        "- **Localities** (`ons_centroids/`, `ons_census/`): "
        + ", ".join(f"{n} ({k})" for n, k in localities.items())
        + " synthetic MSOAs, with made-up codes **E02990001 onwards (no real MSOA has these codes)** and names "
        "after the lower-tier LA, numbered from north to south as ONS does (\"Islington 001\", \"Rochdale 001\"; "
        "Cambridgeshire's after its districts: \"Cambridge 001\", \"Fenland 001\", ...). Their points are drawn "
        "around the areas' real towns and neighbourhoods (Rochdale: Rochdale, Heywood, Middleton, Littleborough, "
        "...; Cambridgeshire: Cambridge, Huntingdon, St Neots, St Ives, Ely, Wisbech, March and villages; "
        "Peterborough is not in Cambridgeshire) and lie inside the area's boundary in the file above. Each area's "
        f"population at mid-{CENSUS_YEAR} by five-year band (ONS MYE sample) is shared out between its MSOAs, so "
        "their population aged 0-24 adds up to the area's; `Age: Total` is the sum of the bands.",
        "- **Local Offers** (`local_offer/<GSS code>/`): "
        + ", ".join(f"{_GAP_AREAS[c].name} {len(provision[c].services)}" for c in PROVISION_AREAS)
        + " services across education, health and care (special schools and resourced provisions, alternative "
        "provision, post-16, early years and Portage, advisory teaching, educational psychology, sensory support, "
        "speech and language therapy, occupational therapy, physiotherapy, CAMHS, autism and ADHD assessment, "
        "community paediatrics and nursing, equipment and wheelchairs, short breaks, disabled children's social "
        "care, preparing for adulthood, SENDIASS). Needs are taxonomy terms of the LGA needs list (vocabulary "
        "`esdNeeds`, each area using its own names, e.g. \"Autism\" or \"Autistic spectrum disorder\"), service "
        "types terms of the `jsnakit` vocabulary (term = the code), attached through `attribute.csv`. A few schools "
        "and colleges stand in the next areas (an independent specialist college in Hertfordshire, Lancashire and "
        "Suffolk, schools in Barnet, Kent, Bury, Oldham, Peterborough and Bedford). Each Local Offer has **exactly "
        "one service with no location** (its Portage home-visiting service): `read_local_offer` warns about it "
        "(`LocalOfferWarning`), as intended. The names of the councils, ICBs and NHS trusts are real; every "
        "school, college, charity, venue, street and postcode is invented (any likeness to a real one is chance), "
        "and no service, capacity or funding arrangement describes what the real bodies do.",
        "- **Commissioning register** (`commissioning/commissioning_register.csv`): "
        + ", ".join(f"{_GAP_AREAS[c].name} {sum(1 for s in provision[c].services if s.partners)}"
                    f" + {len(_REGISTER_ONLY[c])}" for c in PROVISION_AREAS)
        + " rows: the commissioned Local Offer services (by `service_id`; the voluntary groups and independent "
        "practices no partner pays for are left out), then commissioned services not in the Local Offer (blank "
        "`service_id`). Partners as is usual: speech and language, occupational therapy and physiotherapy by the ICB "
        "and LA education jointly (Islington: a s.75 pooled budget), CAMHS by the ICB and LA public health, "
        "specialised wheelchairs by NHS England with the ICB, community equipment pooled by the ICB and LA social "
        "care, short breaks by LA social care (overnight breaks pooled with the ICB), special school places by LA "
        "education, resourced provisions by LA education and schools. Special school places are sized from each "
        "area's sample EHC plans (January 2025): 22-25 places per 100 plans, spot purchases included. `needs` is blank "
        "in about a quarter of "
        "the rows and the ages in about a fifth, to be taken from the Local Offer.",
        "",
        "**Planted gaps** (the same in the Local Offers and the register):",
        "",
    ]
    for code in PROVISION_AREAS:
        for gap in PLANTED_GAPS[code]:
            lines.append(f"- {_GAP_AREAS[code].name} ({code}): {gap}.")
    return "\n".join(_wrap_markdown(line) for line in lines) + "\n"


def _wrap_markdown(line: str, width: int = 118) -> str:
    """Wrap a Markdown paragraph or list item at ``width``, list items indented by two spaces."""
    import textwrap

    if not line:
        return line
    indent = "  " if line.startswith("- ") else ""
    return "\n".join(textwrap.wrap(line, width=width, subsequent_indent=indent, break_on_hyphens=False,
                                    break_long_words=False))


def write_notice(out: Path) -> Path:
    """Write ``NOTICE.md``: one paragraph, shown in every factsheet made from the folder, saying the data are synthetic."""
    text = (
        "These factsheets were made from jsnakit's **synthetic sample data** (generated by `python -m jsnakit.samples`, "
        f"seed {SEED}) in the published formats of DfE and ONS. The figures are realistic in level and variation but "
        "describe no real area: do not quote them. Only the boundaries are real (ONS, December 2023, simplified).\n"
    )
    return _atomic_write(Path(out) / NOTICE_FILE, text.encode("utf-8"))


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
