"""Demand projection: children and young people with EHC plans, by age (and primary need), years ahead.

The model is a **cohort-component** (stock-flow) model of the EHC plan caseload, the state-transition idea of
Mastodon C's witan.send reduced to what published data can support:

1. **ageing** -- each January the caseload of an age group moves on: a single year of age moves up entirely; an age
   band of width *w* years (``5-10`` is 6 years wide, ``under 3`` is 3) passes ``1/w`` of its caseload to the next
   group and keeps the rest (ages spread evenly inside the band). The oldest group passes its share out of the
   system (a 25-year-old's plan ends at 26);
2. **leaving** -- plans end at a rate by age group (a share of the aged-on caseload);
3. **joining** -- new plans join at a rate per head of the population of the age group (ONS estimates or projections).
   Without a population (as in :func:`backtest`, where no population series goes back to 2010), the joiners of
   each group are a rate per plan of the whole aged-on caseload of the previous January (so they grow with the
   caseload, as the baselines' growth rates do). Joiners are split by primary need in the observed mix.

Rates are estimated from the published **January stocks** alone (SEN2 caseload by age), which do not say how many
plans started and how many ended. The rule used is that of the smallest flows: for each group and year, the
caseload expected after ageing, ``A(C[t])``, is set against the next January's count ``C[t+1]``; a rise is counted
as joiners (``C[t+1] - A(C[t])``, none leaving), a fall as leavers (rate ``1 - C[t+1] / A(C[t])``, none joining).
The same ageing rule is used to estimate and to project, so its approximation inside a band cancels out.

**Pooling.** Five years of one LA's flows are a small sample. When the caseload frame holds at least
:data:`MIN_POOL` local authorities with counts of the same age groups in the same years (the national SEN2 files
hold all 153), each rate is shrunk towards the median of theirs by empirical Bayes (Efron and Morris 1975): weight
``tau^2 / (tau^2 + s^2)`` on the LA's own held rate, ``s^2`` its sampling variance (the year-to-year variance over
the window over ``recent``) and ``tau^2`` the variance of the true rates between LAs (method of moments). The growth
used by ``"recent trend"`` is shrunk the same way, and the variance of the yearly change in the joining rate is
moderated towards the LAs' common prior (Smyth 2004). ``pool=False`` keeps the LA's own figures.

Uncertainty is carried by simulation (arrays of shape simulations x groups x needs, one step per year):

* the log joining rate follows a **local level model** (Harvey 1989): noise each year about a level that moves by
  a random walk. The variance of its yearly change is estimated from the window (moderated, and drawn per
  simulation from its scaled inverse chi-square posterior, so a variance from a few years gives t-like tails); the
  noise share of that variance comes from the lag-1 autocovariance of the changes pooled over LAs
  (:data:`NOISE_SHARE` when not pooled). The held level starts wrong by the noise over ``sqrt(recent)``. The yearly
  noise is the over-dispersion of the joiners (a Poisson-lognormal mixture);
* under ``"rates held"`` the rates may also drift: a growth drawn once per simulation with the spread of the LA's
  growth (its standard error and the variance of true growth between LAs), damped as the trend is;
* joiners are Poisson given that rate; leavers are beta-binomial: a leaving probability drawn per simulation, year
  and group from a beta distribution with the group's mean rate and a precision estimated from the year-to-year
  spread of the observed rates;
* totals (all ages, all needs) are summed inside each simulation before the quantiles are taken.

On the real SEN2 caseload of all 153 LAs (origins 2013/14 to 2021/22, ``python benchmarks/backtest.py``) the model
errs less than every baseline at 1, 2 and 3 years ahead (median absolute error 10.3% at 3 years, against 11.9% for
the best baseline); its 95% intervals held the published figure 88-92% of the time overall, and 97-100% at 3
years from the origins after the 2014 reforms (2016/17 on). The misses are the reform years 2014-2016, when the
caseload's growth leapt in a way no earlier year foretold.

The code is in modules by responsibility, and every public name of the model is importable from here:

* :mod:`.cohort` -- :func:`project` and :class:`Multiplier`; :mod:`.cohort_kernels` -- the fit, the pool of many
  LAs and the simulation; :mod:`.scenarios` -- :data:`SCENARIOS`; :mod:`.stocks` -- the caseload frame as stock
  tables (:data:`SEN2_AGES`, :data:`BANDS`);
* :mod:`.sen_support` -- :func:`project_sen_support`; :mod:`.growth_baselines` -- :func:`baselines`;
  :mod:`.backtesting` -- :func:`backtest`, :func:`backtest_forecasts`, :func:`summarise_backtest`;
* :mod:`.common` -- what these and the transitions projection share (:data:`PROJECTION_COLUMNS`, academic years and
  age groups, argument checks, the population of age groups, the quantiles of simulations).

References
----------
- Rees P, Wohland P, Norman P, Boden P (2012). Ethnic population projections for the UK, 2001-2051. *Journal of
  Population Research* 29:45-89 (the cohort-component method). doi:10.1007/s12546-011-9076-z
- Mastodon C, witan.send: a state-transition model of SEND demand, https://github.com/MastodonC/witan.send
- Hyndman RJ, Athanasopoulos G (2021). *Forecasting: principles and practice*, 3rd ed., OTexts, section 5.5
  (prediction intervals of the benchmark methods) and 5.10 (time-series cross-validation). https://otexts.com/fpp3/
- Efron B, Morris C (1975). Data analysis using Stein's estimator and its generalizations. *JASA* 70:311-319.
- Harvey AC (1989). *Forecasting, structural time series models and the Kalman filter*, Cambridge University Press,
  ch. 2 (the local level model).
- Smyth GK (2004). Linear models and empirical Bayes methods for assessing differential expression in microarray
  experiments. *Statistical Applications in Genetics and Molecular Biology* 3(1), article 3, section 6.2.
- DfE, *Education, health and care plans* (SEN2),
https://explore-education-statistics.service.gov.uk/find-statistics/education-health-and-care-plans
"""
from __future__ import annotations

from .backtesting import BACKTEST_COLUMNS, backtest, backtest_forecasts, summarise_backtest
from .cohort import ENGLAND, Multiplier, project
from .cohort_kernels import MAX_SIGMA, MIN_POOL, NOISE_SHARE
from .common import PROJECTION_COLUMNS
from .growth_baselines import BASELINE_COLUMNS, BASELINES, baselines
from .scenarios import DAMPING, SCENARIOS, Scenario
from .sen_support import PREVALENCE_SCENARIOS, project_sen_support
from .stocks import BANDS, SEN2_AGES

__all__ = [
    "project",
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
]
