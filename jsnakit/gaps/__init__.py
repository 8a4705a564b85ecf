"""Gap mapping: need set against provision by area, service type, need and commissioning partner
(:mod:`.analysis`, built from the need (:mod:`.need`), the provision (:mod:`.supply`), coverage and partners
(:mod:`.served`), capacity (:mod:`.places`) and distance (:mod:`.reach`)), whose public names are importable from
here."""
from .analysis import (MINIMUM_ESTIMATE, ROUND_ESTIMATE, SCARCE_MIN_PLANS, SCARCE_SHARE, SPECIALIST_PLACES, analyse,
    from_catalog, GapAnalysis, published_totals, require)
from .need import (NEED_INDICATOR, NEED_ROUND_TO, disclose_need, need_by_age)
from .supply import (PROVISION_COLUMNS, describe_partner, describe_service_type, provision, service_points)
from .reach import (DISTANCE_COLUMNS, FAR_KM, distance, distance_summary, localities)
from .places import (BENCHMARK_COLUMNS, CAPACITY_COLUMNS, PLACEMENT_BENCHMARKS, capacity, placement_benchmarks)
from .served import (COVERAGE_COLUMNS, PARTNER_COLUMNS, coverage, partners)

__all__ = ["BENCHMARK_COLUMNS", "CAPACITY_COLUMNS", "COVERAGE_COLUMNS", "DISTANCE_COLUMNS", "FAR_KM",
    "MINIMUM_ESTIMATE", "NEED_INDICATOR", "NEED_ROUND_TO", "PARTNER_COLUMNS", "PLACEMENT_BENCHMARKS",
    "PROVISION_COLUMNS", "ROUND_ESTIMATE", "SCARCE_MIN_PLANS", "SCARCE_SHARE", "SPECIALIST_PLACES", "analyse",
    "capacity", "coverage", "describe_partner", "describe_service_type", "disclose_need", "distance",
    "distance_summary", "from_catalog", "GapAnalysis", "localities", "need_by_age", "partners", "placement_benchmarks",
    "provision", "published_totals", "require", "service_points"]
