"""Demand projection: the cohort-component model, its scenarios, baselines and back-test (:mod:`.model`), and the
person-level state-transition projection (:mod:`.transitions`). ``jsnakit.projection.project`` and the other public
names of :mod:`.model` are importable from here."""
from . import transitions
from .cohort import (ENGLAND, Multiplier, project)
from .growth_baselines import (BASELINE_COLUMNS, BASELINES, baselines)
from .backtesting import (BACKTEST_COLUMNS, backtest, backtest_forecasts, summarise_backtest)
from .sen_support import (PREVALENCE_SCENARIOS, project_sen_support)
from .scenarios import (DAMPING, SCENARIOS, Scenario)
from .common import PROJECTION_COLUMNS
from .cohort_kernels import (MAX_SIGMA, MIN_POOL, NOISE_SHARE)
from .stocks import (BANDS, SEN2_AGES)

__all__ = ["BACKTEST_COLUMNS", "BANDS", "BASELINE_COLUMNS", "BASELINES", "DAMPING", "ENGLAND", "MAX_SIGMA", "MIN_POOL",
    "NOISE_SHARE", "PREVALENCE_SCENARIOS", "PROJECTION_COLUMNS", "SCENARIOS", "SEN2_AGES", "backtest",
    "backtest_forecasts", "baselines", "Multiplier", "project", "project_sen_support", "Scenario", "summarise_backtest",
    "transitions"]
