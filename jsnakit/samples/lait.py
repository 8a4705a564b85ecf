"""The sample DfE Local Authority Interactive Tool (LAIT) data file ``bds_long_0.parquet``, with only the SEN measures
jsnakit reads (:func:`write_lait`): outcomes by SEN status (early years, phonics, key stage 2, key stage 4,
destinations, participation at 16-17, qualifications at 19), the school census shares of pupils with an EHC plan and
on SEN support, and the EHC needs assessment process (requests, refusals, assessments, plans issued and not issued,
plans ceased, annual reviews).

Layout of LAIT's ``01_data/02_prod/bds_long_0.parquet``: columns ``Short Desc, Data item, Years, LA and Regions,
Values, LA Number, Region`` (strings, ``LA Number`` a double), one block of 170 rows per measure and year: the LAs in
LAIT's order (the five abolished ones it still lists, ``Bournemouth (Pre LG)`` ... ``Northamptonshire``, with ``-``),
then England, the regions, ``London (Inner)`` and ``London (Outer)`` (970-990, ``Region`` the text ``NA``). ``Data
item`` is given in the first year's block only, and only for the measures that have one. ``Values`` are text: numbers
rounded as LAIT rounds each measure and year (whole numbers without ``.0``; some printed with 17 significant digits,
``4.4000000000000004``, as in the real file) or ``-`` (no value).

How the figures are made: the shares (``SEN_TotStat``, ``SEN_TotSENSuP``) are the sample school census's
(:mod:`.sen_in_england`) for 2019-2025, rounded half up to one decimal, and ``-`` (no value) for 2016-2018, before the
sample census begins. The process counts are those of the sample SEN2 files (:func:`~jsnakit.samples.requests
.process_counts`): ``SEN_INIT_REQ`` equals ``requests_received_in_year``, the refusal rate is the requests refused over
those received, and ``SEN_ASSESSMENT`` is the new plans of ``newplans.csv`` plus assessments that ended without a
plan. Outcomes follow England's published levels (:data:`_MEASURES`, the real file's England rows) with LA
variation as wide as the real file's, lower where more deprived, noisier for small cohorts, and withheld (``-``) where
the group's cohort is under 5 pupils (the City of London and the Isles of Scilly throughout) or where DfE cancelled
the assessments (2020 and 2021). England, regional and Inner/Outer London rows are the cohort-weighted means of their
LAs (sums for counts).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .common import atomic_write
from .ehc_plans import pc1
from .latent import SEN2_YEARS, SEN_YEARS, Latent
from .requests import PROCESS_YEARS, process_counts
from .statistical_neighbours import INNER_LONDON

__all__ = ["LAIT_FILE", "LAIT_COLUMNS", "LAIT_MEASURES", "write_lait", "lait_frame"]

LAIT_FILE = "dfe_lait/bds_long_0.parquet"
#: The columns of ``bds_long``, in order.
LAIT_COLUMNS = ["Short Desc", "Data item", "Years", "LA and Regions", "Values", "LA Number", "Region"]


#: LAIT's order of the LAs (DfE numbers), the abolished ones included; then England and the regions (970-990).
_LA_ORDER = (
    301, 302, 370, 800, 822, 303, 330, 889, 890, 350, 837, 839, 867, 380, 304, 846, 801, 305, 825, 351, 381, 873, 202,
    823, 895, 896, 201, 908, 331, 306, 909, 942, 943, 841, 831, 830, 878, 371, 835, 838, 332, 840, 307, 811, 845, 308,
    881, 390, 916, 203, 204, 876, 205, 850, 309, 310, 805, 311, 884, 919, 312, 313, 921, 420, 206, 207, 886, 810, 314,
    382, 340, 208, 888, 383, 856, 855, 209, 925, 341, 821, 352, 887, 315, 806, 826, 391, 316, 926, 812, 813, 802, 392,
    815, 928, 940, 941, 929, 892, 891, 353, 931, 874, 879, 836, 851, 870, 317, 807, 318, 354, 372, 857, 355, 333, 343,
    373, 893, 871, 334, 933, 803, 393, 852, 882, 210, 342, 860, 356, 808, 861, 935, 394, 936, 319, 866, 357, 894, 883,
    880, 211, 358, 384, 335, 320, 212, 877, 937, 869, 938, 213, 359, 865, 868, 344, 872, 336, 885, 816,
)
#: The abolished LAs LAIT still lists: name and region.
_FORMER = {837: ("Bournemouth (Pre LG)", "South West"), 909: ("Cumbria", "North West"),
           835: ("Dorset (Pre LG)", "South West"), 928: ("Northamptonshire", "East Midlands"),
           836: ("Poole (Pre LG)", "South West")}
#: LAIT's spelling where it is not jsnakit's.
_NAMES = {822: "Bedford Borough", 840: "Durham", 884: "Herefordshire", 810: "Kingston Upon Hull, City of"}
#: England, the regions and London's parts: LAIT number, name, and the region code (or "inner"/"outer").
_AGGREGATES = ((970, "England", None), (980, "North East", "E12000001"), (981, "North West", "E12000002"),
               (982, "Yorkshire and the Humber", "E12000003"), (983, "East Midlands", "E12000004"),
               (984, "West Midlands", "E12000005"), (985, "East of England", "E12000006"),
               (986, "London", "E12000007"), (987, "London (Inner)", "inner"), (988, "London (Outer)", "outer"),
               (989, "South East", "E12000008"), (990, "South West", "E12000009"))
#: LAIT's ``Region`` of an LA: the region's name, London's boroughs as Inner or Outer London.
_REGION_TEXT = {"E12000003": "Yorkshire and The Humber"}
#: Areas whose outcomes are all ``-`` (cohorts too small to publish), and the smallest cohort published.
_TINY = ("E09000001", "E06000053")
_MIN_COHORT = 5
#: Outcomes of reception and year 1, whose SEN groups are about half as large (see jsnakit.needs.outcomes).
_EARLY = ("FSP_", "KS1P_")
#: Outcomes that are average scores or progress scores, not percentages (no clipping to 0-100; weaker deprivation).
_SCORES = ("_Attain8_", "_Prog8_", "_Progress")
#: How much deprivation lowers each group's outcomes (share of the LA's persistent effect).
_DEPRIVATION_WEIGHT = {"N": 0.55, "S": 0.4, "A": 0.35, "E": 0.2}
_MEASURES = (
    ('NoID_SEN_NEW_KS2_RWM',
     'KS2 attainment in RWM for pupils with No Identified SEN',
     'N', 0.0, True, 5.04,
     '2016 62 0, 2017 71 0, 2018 74 0, 2019 75 0, 2020 -, 2021 -, 2022 69 0, 2023 70 0, 2024 72 0, 2025 74 0'),
    ('NEW_KS2_RWM_Sen_W/Osta',
     'KS2 attainment in RWM for pupils with  SEN Support',
     'S', 0.0, True, 6.57,
     '2016 16 0, 2017 21 0, 2018 24 0, 2019 25 0, 2020 -, 2021 -, 2022 21 0, 2023 24 0, 2024 26 0, 2025 29 0'),
    ('NEW_KS2_RWM_Sen_Withsta',
     'KS2 attainment in RWM for SEN pupils with a statement',
     'E', 0.0, True, 4.38,
     '2016 7 0, 2017 8 0, 2018 9 0, 2019 9 0, 2020 -, 2021 -, 2022 7 0, 2023 8 0, 2024 9 0, 2025 9 0'),
    ('FSP_Gooddev_Without_SENSTATE',
     'Achievement in early years foundation stage profile (EYFSP) teacher assessments by SEN provision '
     '(Without Statement)',
     'S', 0.04, True, 6.3,
     '2016 26 0, 2017 27 0, 2018 28 0, 2019 29 0, 2020 -, 2021 -, 2022 22.9 1, 2023 24.3 1, 2024 24.9 1, 2025 '
     '26.4 1'),
    ('FSP_Gooddev_With_SENSTATE',
     'Achievement in early years foundation stage profile (EYFSP) teacher assessments by SEN provision '
     '(With Statement)',
     'E', 0.07, True, 3.22,
     '2016 4 0, 2017 4 0, 2018 5 0, 2019 5 0, 2020 -, 2021 -, 2022 3.6 1, 2023 3.8 1, 2024 3.8 1, 2025 4 1'),
    ('16-17YroldSEN_ET',
     None,
     'A', 0.15, False, 5.13,
     '2018 88.533 *, 2019 88.6 2, 2020 88.5 2, 2021 89.2 2, 2022 88.7 2, 2023 87.2 2, 2024 87.1 2, 2025 87.4 2'),
    ('Age19_NoNSEN_L2EM',
     'Percentage of 19 year olds qualified to Level 2, inc E&M , by Special Educational Need (SEN) status '
     'in Year 11 - NON SEN',
     'N', 0.24, False, 5.12,
     '2016 78.35 2, 2017 77.8 2, 2018 75.9 2, 2019 75.43 2, 2020 74.73 2, 2021 76.61 2, 2022 78.05 2, 2023 '
     '82.02 2, 2024 80.39 2'),
    ('Age19_SENwoS_L2EM',
     'Percentage of 19 year olds qualified to Level 2, inc E&M , by Special Educational Need (SEN) status '
     'in Year 11 - Without SEN statement',
     'S', 0.12, False, 8.31,
     '2016 37.31 2, 2017 37.36 2, 2018 36.05 2, 2019 36.19 2, 2020 36.5 2, 2021 40.35 2, 2022 43.04 2, 2023 '
     '47.18 2, 2024 44.54 2'),
    ('Age19_SEN-S_L2EM',
     'Percentage of 19 year olds qualified to Level 2, inc E&M , by Special Educational Need (SEN) status '
     'in Year 11 - With statement',
     'E', 0.12, False, 6.66,
     '2016 15.48 2, 2017 15.12 2, 2018 15.12 2, 2019 15.03 2, 2020 14.83 2, 2021 16.2 2, 2022 17.39 2, 2023 '
     '18.35 2, 2024 18.15 2'),
    ('Age19_NoNSEN_L3',
     'Percentage of 19 year olds qualified to Level 3 , by Special Educational Need (SEN) status in Year '
     '11 - NON SEN',
     'N', 0.13, False, 8.01,
     '2016 64.86 2, 2017 64.75 2, 2018 63.43 2, 2019 62.44 2, 2020 62.42 2, 2021 64.45 2, 2022 65.04 2, 2023 '
     '64.14 2, 2024 62.63 2'),
    ('Age19_SENwoS_L3',
     'Percentage of 19 year olds qualified to Level 3 , by Special Educational Need (SEN) status in Year '
     '11 - SEN support',
     'S', 0.1, False, 9.09,
     '2016 31.22 2, 2017 31.95 2, 2018 31.25 2, 2019 31.3 2, 2020 32.15 2, 2021 34.9 2, 2022 36.16 2, 2023 '
     '36.52 2, 2024 35.08 2'),
    ('Age19_SEN-S_L3',
     'Percentage of 19 year olds qualified to Level 3 , by Special Educational Need (SEN) status in Year '
     '11 - With EHCP',
     'E', 0.11, False, 6.81,
     '2016 13.68 2, 2017 12.96 2, 2018 13.61 2, 2019 13.14 2, 2020 13.04 2, 2021 13.93 2, 2022 14.17 2, 2023 '
     '14.33 2, 2024 14.15 2'),
    ('SEN_TotStat',
     'TOTAL % OF PUPILS WITH STATEMENTS OF (SEN) OR  (EHC) PLANS',
     'P', 0.13, False, 0.71,
     '2016 2.8 1, 2017 2.8 1, 2018 2.9 1, 2019 3.1 1, 2020 3.3 1, 2021 3.7 1, 2022 4 1, 2023 4.3 1, 2024 4.8 1,'
     ' 2025 5.3 1'),
    ('SEN_TotSENSuP',
     'TOTAL % OF PUPILS WITH SPECIAL EDUCATIONAL NEEDS (SEN) SUPPORT',
     'P', 0.06, False, 1.82,
     '2016 11.6 1, 2017 11.6 1, 2018 11.7 1, 2019 11.9 1, 2020 12.1 1, 2021 12.2 1, 2022 12.6 1, 2023 13 1, '
     '2024 13.6 1, 2025 14.2 1'),
    ('SEN_WoStat_AVG_Attain8_Score',
     'Average Attainment 8 score per pupil at end of Key Stage 4 - Pupils Without SEN Statement',
     'S', 0.25, True, 4.24,
     '2016 36.2 1, 2017 31.9 1, 2018 32.2 1, 2019 32.6 1, 2020 36.4 1, 2021 36.7 1, 2022 34.9 1, 2023 33.3 1, '
     '2024 33.1 1, 2025 33.8 1'),
    ('SEN_Stat_AVG_Attain8_Score',
     'Average Attainment 8 score per pupil at end of Key Stage 4 - Pupils With SEN Statement',
     'E', 0.14, True, 4.19,
     '2016 17 1, 2017 13.9 1, 2018 13.5 1, 2019 13.7 1, 2020 15.2 1, 2021 15.7 1, 2022 14.3 1, 2023 14 1, 2024 '
     '14.2 1, 2025 14.8 1'),
    ('SEN_WoStat_AVG_Prog8_Score',
     'Average Progress 8 score per pupil at end of Key Stage 4 - Pupils Without SEN Statement',
     'S', 0.09, True, 0.29,
     '2016 -0.38 2, 2017 -0.43 2, 2018 -0.43 2, 2019 -0.43 2, 2020 -, 2021 -, 2022 -0.47 2, 2023 -0.45 2, 2024 '
     '-0.45 2'),
    ('SEN_Stat_AVG_Prog8_Score',
     'Average Progress 8 score per pupil at end of Key Stage 4 - Pupils With SEN Statement',
     'E', 0.13, True, 0.31,
     '2016 -1.03 2, 2017 -1.04 2, 2018 -1.09 2, 2019 -1.17 2, 2020 -, 2021 -, 2022 -1.33 2, 2023 -1.12 2, 2024 '
     '-1.13 2'),
    ('SEN_NoID_AVG_Attain8_Score',
     'Average Attainment 8 score per pupil at end of KS4 - Pupils with No Identified SEN',
     'N', 0.0, True, 3.72,
     '2016 53.3 1, 2017 49.7 1, 2018 49.9 1, 2019 49.9 1, 2020 53.7 1, 2021 54.5 1, 2022 52.5 1, 2023 50 1, '
     '2024 49.8 1, 2025 50.2 1'),
    ('SEN_NoID_AVG_Prog8_Score',
     'Average Progress 8 score per pupil at end of KS4 - Pupils with No Identified SEN',
     'N', 0.1, True, 0.25,
     '2016 0.06 2, 2017 0.07 2, 2018 0.08 2, 2019 0.08 2, 2020 -, 2021 -, 2022 0.1 2, 2023 0.1 2, 2024 0.1 2'),
    ('SusEdOverall_SEN_NoStat_incSpec',
     None,
     'S', 0.05, True, 4.74,
     '2017 87.5 1, 2018 87.7 1, 2019 87.4 1, 2020 87.9 1, 2021 87 1, 2022 85.3 1, 2023 84.5 1'),
    ('SusEdOverall_SEN_Stat_incSpec',
     None,
     'E', 0.04, True, 6.27,
     '2017 89.8 1, 2018 89 1, 2019 88.9 1, 2020 89.7 1, 2021 89.1 1, 2022 87.2 1, 2023 87 1'),
    ('SusEdOverall_NoSEN_incSpec',
     None,
     'N', 0.0, True, 2.05,
     '2017 94.1 1, 2018 94 1, 2019 93.9 1, 2020 94 1, 2021 93.9 1, 2022 93.3 1, 2023 92.9 1'),
    ('KS2_SENSupport_Reading_Progress',
     None,
     'S', 0.12, True, 1.23,
     '2017 -1.2 1, 2018 -1 1, 2019 -1.01 2, 2020 -, 2021 -, 2022 -1.17 2, 2023 -0.58 2'),
    ('KS2_SENSupport_Writing_Progress',
     None,
     'S', 0.11, True, 1.25,
     '2017 -2.2 1, 2018 -1.8 1, 2019 -1.73 2, 2020 -, 2021 -, 2022 -1.55 2, 2023 -1.53 2'),
    ('KS2_SENSupport_Maths_Progress',
     None,
     'S', 0.08, True, 1.19,
     '2017 -1.1 1, 2018 -1 1, 2019 -1.02 2, 2020 -, 2021 -, 2022 -0.91 2, 2023 -0.84 2'),
    ('KS2_SEN_Reading_Progress',
     None,
     'E', 0.13, True, 1.66,
     '2017 -3.7 1, 2018 -3.8 1, 2019 -3.62 2, 2020 -, 2021 -, 2022 -4.5 2, 2023 -4.36 2'),
    ('KS2_SEN_Writing_Progress',
     None,
     'E', 0.14, True, 1.66,
     '2017 -4.3 1, 2018 -4.1 1, 2019 -4.3 2, 2020 -, 2021 -, 2022 -4.11 2, 2023 -4.41 2'),
    ('KS2_SEN_Maths_Progress',
     None,
     'E', 0.12, True, 1.8,
     '2017 -4.1 1, 2018 -3.8 1, 2019 -3.96 2, 2020 -, 2021 -, 2022 -3.88 2, 2023 -4.12 2'),
    ('KS2_NonSEN_Reading_Progress',
     None,
     'N', 0.08, True, 0.73,
     '2017 0.3 1, 2018 0.3 1, 2019 0.35 2, 2020 -, 2021 -, 2022 0.51 2, 2023 0.42 2'),
    ('KS2_NonSEN_Writing_Progress',
     None,
     'N', 0.09, True, 0.87,
     '2017 0.5 1, 2018 0.5 1, 2019 0.52 2, 2020 -, 2021 -, 2022 0.58 2, 2023 0.62 2'),
    ('KS2_NonSEN_Maths_Progress',
     None,
     'N', 0.1, True, 0.96,
     '2017 0.3 1, 2018 0.3 1, 2019 0.37 2, 2020 -, 2021 -, 2022 0.43 2, 2023 0.45 2'),
    ('Age19_NoNSEN',
     '%19 year olds qualified to Level 2 - Non SEN',
     'N', 0.02, False, 3.7,
     '2016 91.04 2, 2017 89.48 2, 2018 87.68 2, 2019 86.86 2, 2020 86.3 2, 2021 86.48 2, 2022 86.58 2, 2023 '
     '89.21 2, 2024 88.48 2'),
    ('Age19_SENwoS',
     '%19 year olds qualified to Level 2 - without SEN',
     'S', 0.16, False, 9.02,
     '2016 70.61 2, 2017 66.84 2, 2018 62.11 2, 2019 61.27 2, 2020 61.46 2, 2021 62.4 2, 2022 63.36 2, 2023 '
     '66.31 2, 2024 64.86 2'),
    ('Age19_SEN-S',
     '%19 year olds qualified to Level 2 - with statement/EHCP',
     'E', 0.11, False, 10.0,
     '2016 36.36 2, 2017 33.43 2, 2018 30.96 2, 2019 30.23 2, 2020 29.04 2, 2021 29.01 2, 2022 29.11 2, 2023 '
     '30.2 2, 2024 29.81 2'),
    ('KS1P_EHCP',
     'Phonics - EHCPs',
     'E', 0.0, True, 7.95,
     '2016 20 0, 2017 18 0, 2018 19 0, 2019 19 0, 2020 -, 2021 -, 2022 19 0, 2023 20 0, 2024 20 0, 2025 (prov) '
     '20 0'),
    ('KS1P_SEND',
     'Phonics - SEN Support',
     'S', 0.0, True, 6.89,
     '2016 46 0, 2017 47 0, 2018 48 0, 2019 48 0, 2020 -, 2021 -, 2022 44 0, 2023 48 0, 2024 52 0, 2025 (prov) '
     '52 0'),
    ('KS1P_NonSEND',
     'Phonics - No SEND',
     'N', 0.0, True, 2.34,
     '2016 86 0, 2017 87 0, 2018 88 0, 2019 88 0, 2020 -, 2021 -, 2022 82 0, 2023 86 0, 2024 88 0, 2025 (prov) '
     '88 0'),
    ('EHCP_Initial_req_refused',
     'Percentage of initial requests for assessment for an EHC plan that were refused during the calendar '
     'year',
     'P', 0.11, False, 12.64,
     '2016 26.79 2, 2017 22.59 2, 2018 24.7 2, 2019 22.78 2, 2020 21.6 2, 2021 22.33 2, 2022 22.06 2, 2023 24 '
     '1, 2024 25.2 1'),
    ('SEN_INIT_REQ',
     None,
     'P', 0.0, False, 580.15,
     '2019 82329 0, 2020 75951 0, 2021 93302 0, 2022 114482 0, 2023 138242 0, 2024 154489 0'),
    ('SEN_PLAN_ISSUED',
     None,
     'P', 0.01, False, 5.12,
     '2022 94 1, 2023 94.4 1, 2024 93.6 1'),
    ('SEN_PLAN_NOT_ISSUED',
     None,
     'P', 0.11, False, 4.96,
     '2022 5.7 1, 2023 5.1 1, 2024 6.1 1'),
    ('SEN_ASSESSMENT',
     None,
     'P', 0.0, False, 463.47,
     '2022 73040 0, 2023 91023 0, 2024 105340 0'),
    ('SEN_TOT_CEASED_EHC_PLAN',
     None,
     'P', 0.0, False, 231.68,
     '2022 34724 0, 2023 39419 0, 2024 44862 0'),
    ('SEN_AN_REVIEW_EXPECTED',
     None,
     'P', 0.0, False, 2543.23,
     '2024 524654 0'),
    ('SEN_AN_REVIEW_MEET_REC',
     None,
     'P', 0.0, False, 2333.01,
     '2024 453761 0'),
)

#: The measure codes of the sample file, in LAIT's order.
LAIT_MEASURES = tuple(m[0] for m in _MEASURES)


def _years(spec: str) -> dict[str, tuple[float, int | None] | None]:
    """``"2016 62 0, 2020 -, 2018 88.5 *"`` -> ``{"2016": (62.0, 0), "2020": None, "2018": (88.5, None)}``: each
    year's England level and decimals (``*``: not rounded), or None where every value is ``-``."""
    out = {}
    for item in spec.split(", "):
        cut = 11 if "(" in item else 4  # "2025 (prov)"
        year, rest = item[:cut], item[cut + 1:]
        if rest == "-":
            out[year] = None
        else:
            value, decimals = rest.split(" ")
            out[year] = (float(value), None if decimals == "*" else int(decimals))
    return out


def _fmt(value: float, decimals: int | None, long: bool) -> str:
    """A value as LAIT's text: rounded, whole numbers without ``.0``; with 17 significant digits when ``long`` (small
    values then in LAIT's ``7.0000000000000007E-2`` form)."""
    v = float(value) if decimals is None else round(float(value), decimals)
    if v == 0:
        return "0"
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    if not long:
        return repr(v)
    if abs(v) < 0.1:
        mantissa, exponent = ("%.16e" % v).split("e")
        return f"{mantissa}E{int(exponent)}"
    return "%.17g" % v


def _half_up(num: int, den: int) -> float:
    """100 * num / den rounded half up to one decimal (as :func:`~jsnakit.samples.ehc_plans.pc1`), NaN of nothing."""
    text = pc1(num, den)
    return np.nan if text == "x" else float(text)


class _Areas:
    """The rows of a year's block: LAs in LAIT's order (abolished ones as None), then the aggregates, with masks."""

    def __init__(self, latent: Latent):
        las = latent.las
        self.n = len(las)
        index = {int(d): i for i, d in enumerate(las["dfe_code"].astype(int))}
        self.rows = []  # (number, name, region text, LA index or None, aggregate mask or None, London part)
        for number in _LA_ORDER:
            if number in _FORMER:
                name, region = _FORMER[number]
                self.rows.append((number, name, region, None, None, False))
                continue
            i = index[number]
            region_code = las.at[i, "region_code"]
            if region_code == "E12000007":
                region = "Inner London" if str(number) in INNER_LONDON else "Outer London"
            else:
                region = _REGION_TEXT.get(region_code, str(las.at[i, "region_name"]))
            self.rows.append((number, _NAMES.get(number, str(las.at[i, "area_name"])), region, i, None, False))
        dfe = las["dfe_code"].astype(str).to_numpy()
        inner = np.isin(dfe, list(INNER_LONDON)) & (las["region_code"].to_numpy() == "E12000007")
        for number, name, code in _AGGREGATES:
            if code is None:
                mask = np.ones(self.n, dtype=bool)
            elif code == "inner":
                mask = inner
            elif code == "outer":
                mask = (las["region_code"].to_numpy() == "E12000007") & ~inner
            else:
                mask = las["region_code"].to_numpy() == code
            self.rows.append((number, name, "NA", None, mask, code in ("inner", "outer")))
        self.tiny = las["area_code"].isin(_TINY).to_numpy()
        self.deprivation = latent.params["deprivation"].to_numpy()


def _census_index(year: str) -> int:
    """The school census of LAIT's academic year label (``2025`` -> 2024/25), clamped to the sample's years."""
    end = int(year[:4])
    code = (end - 1) * 100 + end % 100
    return int(np.clip(np.searchsorted(SEN_YEARS, code), 0, len(SEN_YEARS) - 1))


def _cohorts(latent: Latent, group: str, year: str, early: bool) -> np.ndarray:
    """Pupils of one year group in the SEN group, per LA: a thirteenth of the pupils times the group's share."""
    k = _census_index(year)
    pupils = latent.pupils[k].astype(float)
    scale = 0.5 if early else 1.0
    ehc = scale * latent.ehc_pupils[k] / np.maximum(pupils, 1)
    support = scale * latent.support_pupils[k] / np.maximum(pupils, 1)
    share = {"E": ehc, "S": support, "N": 1 - ehc - support, "A": ehc + support}[group]
    return pupils / 13 * share


def _outcome(latent: Latent, areas: _Areas, measure: tuple, rng: np.random.Generator,
             quality: np.ndarray) -> dict[str, list]:
    """Values (float or None for ``-``) of each row of each year of an outcome measure."""
    code, _, group, _, london, spread, years = measure
    score = any(s in code for s in _SCORES)
    weight = _DEPRIVATION_WEIGHT[group] * (0.6 if score else 1.0)
    rest = np.sqrt(max(1 - weight ** 2 - 0.5 ** 2, 0.0))
    persistent = -weight * areas.deprivation + 0.5 * quality + rest * rng.normal(0.0, 1.0, areas.n)
    early = code.startswith(_EARLY)
    out = {}
    for year, spec in _years(years).items():
        noise = rng.normal(0.0, 1.0, areas.n)
        if spec is None:
            out[year] = [None] * len(areas.rows)
            continue
        england = spec[0]
        cohort = _cohorts(latent, group, year, early)
        small = np.clip(np.sqrt(np.median(cohort) / np.maximum(cohort, 0.5)), 0.5, 3.0)
        values = england + spread * (0.8 * persistent + 0.6 * noise * small)
        for _ in range(3):  # the cohort-weighted mean of the LAs is England's published level
            values = values + england - np.average(values, weights=cohort)
            if not score:
                values = np.clip(values, 0.0, 100.0)
        shown = (cohort >= _MIN_COHORT) & ~areas.tiny
        row_values = []
        for _, _, _, i, mask, part in areas.rows:
            if i is not None:
                row_values.append(float(values[i]) if shown[i] else None)
            elif mask is None or (part and not london):
                row_values.append(None)
            else:
                row_values.append(float(np.average(values[mask], weights=cohort[mask])))
        out[year] = row_values
    return out


def _by_row(areas: _Areas, counts: np.ndarray | None) -> list:
    """Each row's count: the LA's, or the sum of an aggregate's LAs; None for abolished LAs, London's parts and
    missing ``counts``."""
    if counts is None:
        return [None] * len(areas.rows)
    out = []
    for _, _, _, i, mask, part in areas.rows:
        if i is not None:
            out.append(int(counts[i]))
        elif mask is None or part:
            out.append(None)
        else:
            out.append(int(counts[mask].sum()))
    return out


def _ratio(num: list, den: list, exact: bool = True) -> list:
    """Row by row ``100 * num / den``: rounded half up to one decimal when ``exact``; None of nothing."""
    out = []
    for a, b in zip(num, den):
        if a is None or b is None or b == 0:
            out.append(None)
        else:
            out.append(_half_up(a, b) if exact else 100.0 * a / b)
    return out


def _weighted(areas: _Areas, values: np.ndarray, weights: np.ndarray, shown: np.ndarray) -> list:
    """Each row's value: the LA's (None where not ``shown``), or the weighted mean of an aggregate's LAs."""
    out = []
    for _, _, _, i, mask, part in areas.rows:
        if i is not None:
            out.append(float(values[i]) if shown[i] else None)
        elif mask is None or part:
            out.append(None)
        else:
            out.append(float(np.average(values[mask], weights=weights[mask])))
    return out


def _shares(latent: Latent, areas: _Areas, measure: tuple, rng: np.random.Generator) -> dict[str, list]:
    """``SEN_TotStat`` / ``SEN_TotSENSuP``: the sample census's percentages (half up, one decimal); none (``-``)
    before its first year, so the samples' school-census series starts where the sample census does."""
    counts = latent.ehc_pupils if measure[0] == "SEN_TotStat" else latent.support_pupils
    out = {}
    for year in _years(measure[6]):
        end = int(year[:4])
        code = (end - 1) * 100 + end % 100
        if code in SEN_YEARS:
            k = SEN_YEARS.index(code)
            out[year] = _ratio(_by_row(areas, counts[k]), _by_row(areas, latent.pupils[k]))
            continue
        # Before the sample census's first January there is no sample census to re-publish: LAIT's "-".
        out[year] = [None] * len(areas.rows)
    return out


def _process(latent: Latent, areas: _Areas, rng: np.random.Generator) -> dict[str, dict[str, list]]:
    """The process measures, by code and year (rows as :func:`_by_row`), from the sample SEN2 counts."""
    counts = process_counts(latent)
    received, refused = counts.received, counts.requests[:, :, 1]
    new = counts.new_plans.sum(axis=2)
    n = areas.n

    def january(year: int) -> np.ndarray:
        return latent.caseload[SEN2_YEARS.index((year - 1) * 100 + year % 100)].sum(axis=(1, 2))

    p_not = 1 / (1 + np.exp(-(np.log(0.058 / 0.942) + rng.normal(0.0, 0.7, n))))
    ceased_rate = 0.075 * np.exp(rng.normal(0.0, 0.25, n))
    met_rate = 1 / (1 + np.exp(-(np.log(0.865 / 0.135) + rng.normal(0.0, 0.9, n))))
    out: dict[str, dict[str, list]] = {code: {} for code in LAIT_MEASURES}
    spec = {m[0]: _years(m[6]) for m in _MEASURES}
    for year in spec["SEN_INIT_REQ"]:
        out["SEN_INIT_REQ"][year] = _by_row(areas, received[PROCESS_YEARS.index(int(year))])
    base_rec, base_ref = received[0], refused[0]
    england_first = 100.0 * base_ref.sum() / base_rec.sum()
    for year, (england, _) in spec["EHCP_Initial_req_refused"].items():
        if int(year) in PROCESS_YEARS:
            t = PROCESS_YEARS.index(int(year))
            out["EHCP_Initial_req_refused"][year] = _ratio(_by_row(areas, refused[t]), _by_row(areas, received[t]),
                                                           exact=int(year) >= 2023)
            continue
        rate = np.divide(100.0 * base_ref, base_rec, out=np.full(n, england_first), where=base_rec > 0)
        rate = rate * england / england_first * np.exp(rng.normal(0.0, 0.1, n))
        rate = np.clip(rate * england / np.average(rate, weights=np.maximum(base_rec, 1)), 0.0, 100.0)
        out["EHCP_Initial_req_refused"][year] = _weighted(areas, rate, np.maximum(base_rec, 1).astype(float),
                                                          base_rec > 0)
    for year in spec["SEN_ASSESSMENT"]:
        t = PROCESS_YEARS.index(int(year))
        not_issued = rng.poisson(new[t] * p_not / (1 - p_not))
        assessed = new[t] + not_issued
        out["SEN_ASSESSMENT"][year] = _by_row(areas, assessed)
        out["SEN_PLAN_ISSUED"][year] = _ratio(_by_row(areas, new[t]), _by_row(areas, assessed))
        out["SEN_PLAN_NOT_ISSUED"][year] = _ratio(_by_row(areas, not_issued), _by_row(areas, assessed))
    for year in spec["SEN_TOT_CEASED_EHC_PLAN"]:
        out["SEN_TOT_CEASED_EHC_PLAN"][year] = _by_row(areas, rng.poisson(january(int(year)) * ceased_rate))
    for year in spec["SEN_AN_REVIEW_EXPECTED"]:
        expected = rng.binomial(january(int(year)), 0.91)
        out["SEN_AN_REVIEW_EXPECTED"][year] = _by_row(areas, expected)
        out["SEN_AN_REVIEW_MEET_REC"][year] = _by_row(areas, rng.binomial(expected, met_rate))
    return out


def lait_frame(latent: Latent) -> pd.DataFrame:
    """The sample ``bds_long`` table, as :func:`write_lait` writes it.

    Parameters
    ----------
    latent : Latent
        From :func:`~jsnakit.samples.latent.build_latent`.

    Returns
    -------
    pandas.DataFrame
        :data:`LAIT_COLUMNS`: text cells (``Data item`` None outside each measure's first year, ``Region`` ``NA`` for
        England and the regions), ``LA Number`` a float, in LAIT's order (module docstring).
    """
    areas = _Areas(latent)
    rng = latent.rng("lait")
    quality = rng.normal(0.0, 1.0, areas.n)  # an LA's schools, shared by every outcome
    process = _process(latent, areas, latent.rng("lait:process"))
    shares_rng, fmt_rng = latent.rng("lait:shares"), latent.rng("lait:format")
    columns: dict[str, list] = {c: [] for c in LAIT_COLUMNS}
    for measure in _MEASURES:
        code, item, group, long_share = measure[:4]
        if code in ("SEN_TotStat", "SEN_TotSENSuP"):
            values = _shares(latent, areas, measure, shares_rng)
        elif group == "P":
            values = process[code]
        else:
            values = _outcome(latent, areas, measure, rng, quality)
        for y, (year, spec) in enumerate(_years(measure[6]).items()):
            decimals = 0 if spec is None else spec[1]
            for (number, name, region, *_), value in zip(areas.rows, values[year]):
                long = bool(fmt_rng.random() < long_share)
                columns["Short Desc"].append(code)
                columns["Data item"].append(item if y == 0 else None)
                columns["Years"].append(year)
                columns["LA and Regions"].append(name)
                columns["Values"].append("-" if value is None or value != value else _fmt(value, decimals, long))
                columns["LA Number"].append(float(number))
                columns["Region"].append(region)
    return pd.DataFrame(columns)


def write_lait(out: Path, latent: Latent) -> Path:
    """Write ``dfe_lait/bds_long_0.parquet`` (the SEN measures of LAIT; module docstring).

    Parameters
    ----------
    out : pathlib.Path
        The ``data_samples`` folder.
    latent : Latent
        From :func:`~jsnakit.samples.latent.build_latent`.

    Returns
    -------
    pathlib.Path
        The file written (Parquet, snappy, row groups of 32,768 rows as the real file, no pandas metadata).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    frame = lait_frame(latent)
    schema = pa.schema([(c, pa.float64() if c == "LA Number" else pa.string()) for c in LAIT_COLUMNS])
    cells = {c: [None if v is None or v != v else v for v in frame[c].tolist()] for c in LAIT_COLUMNS}
    table = pa.Table.from_pydict(cells, schema=schema)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="snappy", row_group_size=32768)
    return atomic_write(Path(out) / LAIT_FILE, sink.getvalue().to_pybytes())
