"""Demand projection: the cohort-component model, its scenarios, baselines and back-test (:mod:`.model`), and the
person-level state-transition projection (:mod:`.transitions`). ``jsnakit.projection.project`` and the other public
names of :mod:`.model` are importable from here."""
from . import transitions
from .cohort import (ENGLAND, cohort_path, Multiplier, project)
from .growth_baselines import (BASELINE_COLUMNS, BASELINES, QUANTILE_LEVELS, baselines)
from .backtesting import (BACKTEST_COLUMNS, METHODS, backtest, backtest_forecasts, summarise_backtest)
from .sen_support import (PREVALENCE_SCENARIOS, project_sen_support)
from .scenarios import (DAMPING, PUBLISHED_SCENARIO, SCENARIOS, Scenario)
from .common import PROJECTION_COLUMNS
from .cohort_kernels import (MAX_SIGMA, MIN_POOL, NOISE_SHARE)
from .stocks import (BANDS, SEN2_AGES)
from .scoring import (paired_comparison, score_forecasts, summarise_scores)
from .totals import (project_totals, totals_table, unusual_changes)

__all__ = ["BACKTEST_COLUMNS", "BANDS", "BASELINE_COLUMNS", "BASELINES", "DAMPING", "ENGLAND", "MAX_SIGMA", "METHODS",
    "MIN_POOL", "NOISE_SHARE", "PREVALENCE_SCENARIOS", "PROJECTION_COLUMNS", "PUBLISHED_SCENARIO", "QUANTILE_LEVELS",
    "SCENARIOS", "SEN2_AGES", "backtest", "backtest_forecasts", "baselines", "cohort_path", "Multiplier",
    "paired_comparison", "project", "project_sen_support", "project_totals", "Scenario", "score_forecasts",
    "summarise_backtest", "summarise_scores", "totals_table", "transitions", "unusual_changes"]
