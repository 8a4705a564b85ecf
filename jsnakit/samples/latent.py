"""The latent table of the sample data: drawn once per LA, and every sample file is derived from it.

:func:`build_latent` draws from one seeded generator each LA's characteristics, its population by sex and single year
of age (mid-2017 to mid-2025), its pupils and their SEN provision (school census years), and its EHC plans by age,
placement, sex and primary need (SEN2 years), calibrated to England's published levels. Those levels are kept here,
with the years covered and the SEN2 categories (ages, placements, needs) the model draws.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core import geography
from .common import SEED, calibrate, normalise

__all__ = [
    "Latent",
    "build_latent",
    "POP_YEARS",
    "SEN_YEARS",
    "SC_NEED_YEARS",
    "SEN2_YEARS",
    "SEN2_BREAKDOWN_YEARS",
    "SEN2_NEED_YEARS",
    "SEN2_NEED_AGE_YEARS",
    "PUPILS_ENGLAND",
    "EHC_PERCENT_ENGLAND",
    "SUPPORT_PERCENT_ENGLAND",
    "CASELOAD_ENGLAND",
    "SIZE_BY_TYPE",
    "SMALL_AREAS",
    "AGE_CATEGORIES",
    "MAJORS",
    "LEAVES",
    "LEAF_NAMES",
    "CASELOAD_X",
    "SEN2_NEEDS",
]

# --------------------------------------------------------------------------------------------------------------------
# Time coverage
# --------------------------------------------------------------------------------------------------------------------

#: Mid-years of the latent population model (mid-2017 .. mid-2025).
POP_YEARS = tuple(range(2017, 2026))

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

# --------------------------------------------------------------------------------------------------------------------
# National levels (the published England series, rounded) and modelling constants
# --------------------------------------------------------------------------------------------------------------------

#: England pupils (all schools), EHC plan % and SEN support % by SEN_YEARS.
PUPILS_ENGLAND = (8_819_000, 8_890_000, 8_912_000, 9_000_000, 9_074_000, 9_092_000, 9_032_000, 8_920_000)
EHC_PERCENT_ENGLAND = (3.1, 3.3, 3.7, 4.0, 4.3, 4.8, 5.3, 6.0)
SUPPORT_PERCENT_ENGLAND = (11.9, 12.1, 12.2, 12.6, 13.0, 13.6, 14.2, 14.8)
#: England EHC plans maintained (SEN2, January) by SEN2_YEARS.
CASELOAD_ENGLAND = (354_000, 390_100, 430_700, 473_300, 517_000, 576_500, 638_700)

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


@dataclass
class Latent:
    """Everything drawn once, from which every sample file is derived.

    Attributes
    ----------
    las : pandas.DataFrame
        The 153 LAs (columns of :func:`jsnakit.core.geography.areas`), ordered by region code then DfE number; every
        array below follows this order on its LA axis.
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
        """Return a generator of its own for one output file, so that files do not depend on each other's draws.

        Parameters
        ----------
        stream : str
            The stream's name (e.g. ``"timeliness"``, ``"local_offer:E09000019"``); with :attr:`seed` it fixes the
            draws.

        Returns
        -------
        numpy.random.Generator
            A fresh generator: the same stream gives the same draws every time.
        """
        return np.random.default_rng([self.seed, sum(ord(c) * 31 ** i for i, c in enumerate(stream)) % 2**32])


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
        shares[:, cols] = normalise(shares[:, cols])
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
        ages = rng.multinomial(totals, normalise(year_age[None, :] * age_tilt))
        available = _PLACEMENT_ENGLAND[k] > 0
        profile = _PLACEMENT_BY_AGE * available
        tilted = profile[None, :, :] * place_tilt[:, None, :]
        probs = normalise(tilted * calibrate(ages.astype(float), tilted, _PLACEMENT_ENGLAND[k]))
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
        probs = normalise(tilted * calibrate(by_age.astype(float), tilted, _sen2_need_mix(year)))
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
