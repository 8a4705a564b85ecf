"""Statistics on count and indicator frames. Imports only :mod:`jsnakit.core` (its argument checks are
:mod:`jsnakit.core.checks`); this file imports none of its submodules, so import the one you need:

* :mod:`.methods`: every public name of the five modules below, gathered in one place (``methods.proportion``);
* :mod:`.proportions`: proportions with Wilson score confidence intervals;
* :mod:`.rates`: crude rates with Byar's or exact Poisson confidence intervals;
* :mod:`.standardisation`: directly and indirectly standardised rates and ratios (DSR, ISR);
* :mod:`.funnels`: funnel-plot control limits and where each area falls on them;
* :mod:`.comparison`: comparison with a benchmark (e.g. England) at one or two levels of significance;
* :mod:`.ranking`: quantiles, LAIT quartile bands and ranks;
* :mod:`.trend`: the Fingertips recent-trend test.
"""
from __future__ import annotations

__all__: list[str] = []
