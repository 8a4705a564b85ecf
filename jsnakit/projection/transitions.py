"""Person-level transitions between January snapshots, and the state-transition projection built on them.

Where a local authority holds person-level SEN2 data (one record per EHC plan each January, from 2023 a statutory
collection), consecutive Januaries can be joined person by person into a **transitions table**, the input of
Mastodon C's witan.send model: one row per person and year, with the state each January. This module reads such a
table (:func:`read_transitions`), counts it (:func:`transition_counts`), estimates its rates
(:func:`transition_rates`, :func:`joiner_rates`) and projects the EHC plan caseload by age, setting and primary need
(:func:`project_transitions`), the richer alternative to :func:`jsnakit.projection.project`, which sees only the
published January stocks.

The table
---------
witan.send writes ``calendar-year,setting-1,need-1,academic-year-1,setting-2,need-2,academic-year-2``:

* ``calendar-year`` is the calendar year of the **first** January: a row labelled 2016 records where a person was in
  January 2016 (``-1`` columns) and in January 2017 (``-2`` columns), i.e. the move over academic year 2016/17
  (witan.send ``doc/dsdr/0003-transition-definition.md``);
* ``academic-year-n`` is the national curriculum year (NCY) of that January: Reception is 0, Year 1 is 1, Year 11 is
  11, Year 14 is 14, and below 0 the early years (-1 is the year before Reception). A child's NCY is their age on
  31 August at the start of the academic year less 4 (Reception children are 4 on 31 August). Plans run from birth
  to 25, so a person with a plan is in NCY -5 (born after 31 August, under 1 in January) to 21 (aged 25);
  ``academic-year-2`` is always ``academic-year-1 + 1`` (witan.send leaves children held back or moved on a year
  out of the table and the model);
* ``setting-n`` and ``need-n`` are the placement and primary need, codes of the LA's choosing; ``NONSEND`` in both
  marks someone without a plan that January: ``NONSEND`` in the ``-1`` columns is a **joiner** (a new plan, or a
  plan moving into the LA), in the ``-2`` columns a **leaver** (the plan ended, or the person moved away)
  (witan.send ``doc/dsdr/0004``, ``0005``).

The model
---------
The state of a person with a plan each January is (NCY, setting, need). Each year, by array arithmetic over
``simulations x NCY x setting x need``:

1. **moving on** -- everyone in NCY *a* moves to NCY *a + 1* in a state drawn from the probabilities of the next
   states of their current state, leaving (``NONSEND``) being one of them; at NCY 21 (aged 25) everyone leaves.
   The probabilities of a state are a Dirichlet posterior: the observed transitions out of that state in the last
   ``window`` calendar years, plus a prior of total weight ``prior_weight`` (pseudo-persons; 1 is witan.send's
   weight) spread as the **pooled transitions of that NCY** over all the years of the table: the NCY's leaving
   share ``(leavers + 0.5) / (persons + 1)`` (witan.send's leaver prior), and for those staying the product of the
   NCY's setting-to-setting and need-to-need shares (so a state seldom seen moves as others of its NCY and setting
   do, and keeps its need as most do). A setting never left from at that NCY stays put (or, if it is not used at
   the next NCY, follows the NCY's pooled destinations); a need never seen there stays the same.
2. **joining** -- new plans in NCY *a* are gamma-Poisson: a rate per head of the population aged ``a + 4`` (ONS
   mid-year estimate of the first calendar year of the academic year, as :func:`jsnakit.projection.project`
   does: 10 of the 12 birth months of NCY *a* in academic year *y*/*y+1* are those aged ``a + 4`` at mid-*y*;
   NCY -5 uses age 0) with a Gamma(joiners, persons) posterior over the window, or, without a population,
   a Gamma(joiners, years) posterior of the mean yearly count; an NCY without joiners in the window gets none.
   Their states are drawn from the NCY's joiner mix: Dirichlet, the window's joiners plus ``prior_weight`` spread
   as the NCY's joiners over all years.

A setting is **valid** from the lowest to the highest NCY at which the table shows it (as witan.send's
``utils/python/generate_valid_states.py`` derives valid states from a transitions file); the priors above never
send anyone into a setting outside its NCYs.

Uncertainty: the transition probabilities, the joiner mix and the joining rates are drawn **once per simulation**
(the uncertainty of the parameters given the data), then each year's moves are multinomial and its joiners
Poisson. Totals are summed inside each simulation before the quantiles are taken (witan.send ``doc/dsdr/0001``).
``uncertainty=False`` replaces every draw by its expectation: one deterministic path.

How this differs from witan.send: witan.send draws a beta-binomial (leaving, then moving) and a
Dirichlet-multinomial (where to) afresh for every cohort and year, leaves out need changes of those keeping their
setting (``doc/dsdr/0008``), reads valid settings and allowed moves from a file, and draws joiners as a
beta-binomial of the population of each NCY; here the probabilities of the next state are one Dirichlet per state
and simulation (so the uncertainty of the rates persists over the years), need changes are kept as observed,
valid settings come from the table itself, and joiners are gamma-Poisson.

The code is in modules by responsibility, and every public name is importable from here: :mod:`.transition_fit`
(the counts, the fit and the rates), :mod:`.transition_projection` (the simulation and :func:`project_transitions`)
and :mod:`.transition_synthetic` (:func:`synthetic_transitions`); :func:`read_transitions` comes from
:mod:`jsnakit.sources.transitions`.

References
----------
- Mastodon C, witan.send (Eclipse Public License 1.0), https://github.com/MastodonC/witan.send, commit
  4f51451afbd013ae89c67eab1c4756c1d7f34fe6: ``doc/model.md``, ``doc/dsdr/0001``-``0008``,
  ``src/clj/witan/send/params.clj`` (priors), ``src/clj/witan/send/model/run.clj`` (simulation),
  ``src/clj/witan/send/constants.clj`` (NCY -4 to 21). Read to understand; no code is taken from it.
- Gelman A, Carlin JB, Stern HS, Dunson DB, Vehtari A, Rubin DB (2013). *Bayesian Data Analysis*, 3rd ed., CRC
  Press: sections 2.6 (Poisson-gamma) and 3.4 (multinomial-Dirichlet).
- DfE, *Education, health and care plans* (SEN2),
  https://explore-education-statistics.service.gov.uk/find-statistics/education-health-and-care-plans
"""
from __future__ import annotations

from ..sources.transitions import NONSEND, TRANSITION_COLUMNS, read_transitions
from .transition_fit import (COUNT_COLUMNS, JOINER_COLUMNS, RATE_COLUMNS, joiner_rates, transition_counts,
                             transition_rates)
from .transition_projection import AGE_BANDS, SCENARIO, TRANSITION_PROJECTION_COLUMNS, project_transitions
from .transition_synthetic import synthetic_transitions

__all__ = [
    "read_transitions",
    "transition_counts",
    "transition_rates",
    "joiner_rates",
    "project_transitions",
    "synthetic_transitions",
    "TRANSITION_COLUMNS",
    "COUNT_COLUMNS",
    "RATE_COLUMNS",
    "JOINER_COLUMNS",
    "TRANSITION_PROJECTION_COLUMNS",
    "NONSEND",
    "AGE_BANDS",
    "SCENARIO",
]
