"""Demand projection: children and young people with EHC plans, by age (and primary need), years ahead.

**The published projection** (scenario :data:`PUBLISHED_SCENARIO`, ``"recent growth"``: the factsheet's, the
playground's default, the gap mapping's) is one model in two parts:

1. **the total**: the area's total caseload from the pooled autoregression of yearly growth
   (:mod:`.pooled_growth`): every local authority's yearly log growth over the last ``window`` years follows one
   autoregression on its last two years of growth, fitted to all of them together (a global model, Montero-Manso and
   Hyndman 2021). Its uncertainty is the area's own residual scale moderated towards all areas' (Smyth 2004), the
   shape of the standardised residuals resampled, and the coefficients refitted on areas and years resampled;
   simulations run the autoregression forward, so errors accumulate and persist as growth does;
2. **the split** by age group and primary need: the cohort-component (stock-flow) model of :mod:`.cohort` run on
   its expected path under ``"recent trend"``. Each January the caseload ages on a year (a band of width *w* passes
   ``1/w`` of its plans to the next), plans end at a rate by age, new plans join at a rate per head of the
   population of the age (ONS estimates or projections; without a population, per plan of the aged-on caseload),
   the joining rate moving on its recent damped trend; joiners take the need mix of the latest year. Rates are
   estimated from the published January stocks by the rule of the smallest flows and shrunk towards the other LAs'
   by empirical Bayes (Efron and Morris 1975). The split is the path's shares of each year's total.

The other scenarios (:data:`SCENARIOS`: rates held, converging to England, the statistical neighbours or a
benchmark) and the multipliers are **what-ifs** set against the published projection: its simulations times the
ratio of the cohort model's path under the what-if to its path under ``"recent trend"``. Their uncertainty is the
published projection's, scaled.

**The back-test** (``jsnakit backtest``, :func:`backtest`) checks exactly the published total
(:func:`~jsnakit.projection.totals.project_totals`, the function :func:`project` calls): at every origin the model is
fitted on the totals up to it, against the four analysts' baselines (:mod:`.growth_baselines`, each with its own
interval) and the forecasters' standards (ETS, Theta and their combination, :mod:`.univariate`), scored by median
absolute percentage error, interval coverage at 50/80/95%, interval width and the weighted interval score
(:mod:`.scoring`), with a paired bootstrap comparison. The structural break of the 2014 reforms (growth rising from
about 2% a year to about 10% in 2015/16 and 2016/17) could not be foreseen from the years before it: origins before
2016/17 are reported apart, and the model is calibrated for the regime that followed, which the factsheet forecasts
into (it is fitted on the latest five years only).

The code is in modules by responsibility, and every public name of the model is importable from here:

* :mod:`.cohort` -- :func:`project` and :class:`Multiplier`; :mod:`.totals` and :mod:`.pooled_growth` -- the
  total; :mod:`.cohort_kernels` -- the cohort fit, pool and paths; :mod:`.scenarios` -- :data:`SCENARIOS`;
  :mod:`.stocks` -- the caseload frame as stock tables (:data:`SEN2_AGES`, :data:`BANDS`);
* :mod:`.sen_support` -- :func:`project_sen_support`; :mod:`.growth_baselines` -- :func:`baselines`;
  :mod:`.univariate` -- ETS, Theta, combination; :mod:`.backtesting` -- :func:`backtest`,
  :func:`backtest_forecasts`, :func:`summarise_backtest`; :mod:`.scoring` -- the scores and
  :func:`paired_comparison`;
* :mod:`.common` -- what these and the transitions projection share (:data:`PROJECTION_COLUMNS`, academic years and
  age groups, argument checks, the population of age groups, the quantiles of simulations).

References
----------
- Montero-Manso P, Hyndman RJ (2021). Principles and algorithms for forecasting groups of time series: locality and
  globality. *International Journal of Forecasting* 37(4):1632-1653. doi:10.1016/j.ijforecast.2021.03.004
- Rees P, Wohland P, Norman P, Boden P (2012). Ethnic population projections for the UK, 2001-2051. *Journal of
  Population Research* 29:45-89 (the cohort-component method). doi:10.1007/s12546-011-9076-z
- Mastodon C, witan.send: a state-transition model of SEND demand, https://github.com/MastodonC/witan.send
- Hyndman RJ, Athanasopoulos G (2021). *Forecasting: principles and practice*, 3rd ed., OTexts, sections 5.5
  (prediction intervals, bootstrapped residuals) and 5.10 (time-series cross-validation). https://otexts.com/fpp3/
- Efron B, Morris C (1975). Data analysis using Stein's estimator and its generalizations. *JASA* 70:311-319.
- Smyth GK (2004). Linear models and empirical Bayes methods for assessing differential expression in microarray
  experiments. *Statistical Applications in Genetics and Molecular Biology* 3(1), article 3, section 6.2.
- Bracher J, Ray EL, Gneiting T, Reich NG (2021). Evaluating epidemic forecasts in an interval format. *PLoS
  Computational Biology* 17(2):e1008618.
- DfE, *Education, health and care plans* (SEN2),
  https://explore-education-statistics.service.gov.uk/find-statistics/education-health-and-care-plans
"""
from __future__ import annotations

from .backtesting import BACKTEST_COLUMNS, METHODS, backtest, backtest_forecasts, summarise_backtest
from .cohort import ENGLAND, Multiplier, cohort_path, project
from .cohort_kernels import MAX_SIGMA, MIN_POOL, NOISE_SHARE
from .common import PROJECTION_COLUMNS
from .growth_baselines import BASELINE_COLUMNS, BASELINES, QUANTILE_LEVELS, baselines
from .scenarios import DAMPING, PUBLISHED_SCENARIO, SCENARIOS, Scenario
from .scoring import paired_comparison, score_forecasts, summarise_scores
from .totals import project_totals, totals_table, unusual_changes
from .sen_support import PREVALENCE_SCENARIOS, project_sen_support
from .stocks import BANDS, SEN2_AGES

__all__ = [
    "project",
    "cohort_path",
    "Multiplier",
    "baselines",
    "backtest",
    "backtest_forecasts",
    "summarise_backtest",
    "project_sen_support",
    "PREVALENCE_SCENARIOS",
    "SCENARIOS",
    "PROJECTION_COLUMNS",
    "BASELINE_COLUMNS",
    "BACKTEST_COLUMNS",
    "BASELINES",
    "Scenario",
    "DAMPING",
    "MAX_SIGMA",
    "MIN_POOL",
    "NOISE_SHARE",
    "SEN2_AGES",
    "BANDS",
    "ENGLAND",
    "PUBLISHED_SCENARIO",
    "METHODS",
    "QUANTILE_LEVELS",
    "paired_comparison",
    "score_forecasts",
    "summarise_scores",
    "project_totals",
    "totals_table",
    "unusual_changes",
]
