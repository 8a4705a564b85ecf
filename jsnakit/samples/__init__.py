"""The synthetic sample data in the exact published formats: ``python -m jsnakit.samples``. One module per publication
writes its files; :mod:`.generator` runs them all, and its public names are importable from here."""
from .common import (DEFAULT_OUT, SEED)
from .latent import (AGE_CATEGORIES, CASELOAD_ENGLAND, CASELOAD_X, EHC_PERCENT_ENGLAND, LEAF_NAMES, LEAVES, MAJORS,
    POP_YEARS, PUPILS_ENGLAND, SC_NEED_YEARS, SEN2_BREAKDOWN_YEARS, SEN2_NEED_AGE_YEARS, SEN2_NEED_YEARS, SEN2_NEEDS,
    SEN2_YEARS, SEN_YEARS, SIZE_BY_TYPE, SMALL_AREAS, SUPPORT_PERCENT_ENGLAND, build_latent, Latent)
from .sen_in_england import (PROVISION_EHC, PROVISION_SUPPORT, SCHOOL_NEEDS, SEN_IN_ENGLAND_FILE, SEN_IN_ENGLAND_HEADER,
    SEN_PRIMARY_NEED_FILE, SEN_PRIMARY_NEED_HEADER, write_sen_in_england, write_sen_primary_need)
from .ehc_plans import (CASELOAD_FILE, CASELOAD_HEADER, EXCEPTION_RATE, ISSUED_SHARE, NOT_RETURNED, OVER_A_YEAR_SHARE,
    SEN_NEEDS_FILE, SEN_NEEDS_HEADER, TIMELINESS_FILE, TIMELINESS_HEADER, TIMELINESS_YEARS, WITHIN_20_WEEKS_ENGLAND,
    write_caseload, write_sen_needs_all_plans, write_timeliness)
from .mid_year_estimates import (MYE_FILE, MYE_HEADER, MYE_TITLE_ROWS, MYE_YEARS, ONS_GEOGRAPHY,
    write_mid_year_estimates)
from .statistical_neighbours import (GO_REGION, INNER_LONDON, SN_CLOSENESS, SN_FILE, SN_HEADER,
    write_statistical_neighbours)
from .boundaries import (BOUNDARY_DECIMALS, BOUNDARY_FILE, BOUNDARY_LICENCE_FILE, BOUNDARY_TOLERANCE_M,
    write_boundaries, write_boundary_licence)
from .localities import (CENSUS_AGE_FILE, CENSUS_AGE_HEADER, CENSUS_YEAR, CENTROIDS_FILE, FIRST_SYNTHETIC_MSOA,
    write_localities)
from .local_offer import (LOCAL_OFFER_DIR, LOCAL_OFFER_HEADERS, REGISTER_FILE, REGISTER_HEADER,
    write_commissioning_register, write_local_offers)
from .gap_areas import (PLANTED_GAPS, PROVISION_AREAS)
from .requests import (NEW_PLANS_FILE, REQUESTS_FILE, write_new_plans, write_requests)
from .lait import (LAIT_FILE, write_lait)
from .deprivation import (IMD_FILE, write_imd_summary)
from .readme import (NOTICE_FILE, README_FILE, write_notice, write_readme)
from .generator import (generate, main)
from .xlsx import FIXED_TIME

__all__ = ["AGE_CATEGORIES", "BOUNDARY_DECIMALS", "BOUNDARY_FILE", "BOUNDARY_LICENCE_FILE", "BOUNDARY_TOLERANCE_M",
    "CASELOAD_ENGLAND", "CASELOAD_FILE", "CASELOAD_HEADER", "CASELOAD_X", "CENSUS_AGE_FILE", "CENSUS_AGE_HEADER",
    "CENSUS_YEAR", "CENTROIDS_FILE", "DEFAULT_OUT", "EHC_PERCENT_ENGLAND", "EXCEPTION_RATE", "FIRST_SYNTHETIC_MSOA",
    "FIXED_TIME", "GO_REGION", "INNER_LONDON", "ISSUED_SHARE", "LEAF_NAMES", "LEAVES", "LOCAL_OFFER_DIR",
    "LOCAL_OFFER_HEADERS", "MAJORS", "MYE_FILE", "MYE_HEADER", "MYE_TITLE_ROWS", "MYE_YEARS", "NOT_RETURNED",
    "NOTICE_FILE", "ONS_GEOGRAPHY", "OVER_A_YEAR_SHARE", "PLANTED_GAPS", "POP_YEARS", "PROVISION_AREAS",
    "PROVISION_EHC", "PROVISION_SUPPORT", "PUPILS_ENGLAND", "README_FILE", "REGISTER_FILE", "REGISTER_HEADER",
    "SC_NEED_YEARS", "SCHOOL_NEEDS", "SEED", "SEN2_BREAKDOWN_YEARS", "SEN2_NEED_AGE_YEARS", "SEN2_NEED_YEARS",
    "SEN2_NEEDS", "SEN2_YEARS", "SEN_IN_ENGLAND_FILE", "SEN_IN_ENGLAND_HEADER", "SEN_NEEDS_FILE", "SEN_NEEDS_HEADER",
    "SEN_PRIMARY_NEED_FILE", "SEN_PRIMARY_NEED_HEADER", "SEN_YEARS", "SIZE_BY_TYPE", "SMALL_AREAS", "SN_CLOSENESS",
    "SN_FILE", "SN_HEADER", "SUPPORT_PERCENT_ENGLAND", "TIMELINESS_FILE", "TIMELINESS_HEADER", "TIMELINESS_YEARS",
    "WITHIN_20_WEEKS_ENGLAND", "build_latent", "generate", "Latent", "main", "write_boundaries",
    "write_boundary_licence", "write_caseload", "write_commissioning_register", "write_local_offers",
    "write_localities", "write_mid_year_estimates", "write_notice", "write_readme", "write_sen_in_england",
    "write_sen_needs_all_plans", "write_sen_primary_need", "write_statistical_neighbours", "write_timeliness",
    "NEW_PLANS_FILE", "REQUESTS_FILE", "LAIT_FILE", "IMD_FILE", "write_new_plans", "write_requests", "write_lait",
    "write_imd_summary"]
