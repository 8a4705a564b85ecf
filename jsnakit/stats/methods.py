"""Public-health statistics: vectorised kernels and the frame functions built on them.

This module gathers the public names of the modules that hold them, one per family of statistic:

* :mod:`.proportions`: proportions with Wilson score intervals (:func:`wilson_ci`, :func:`proportion`);
* :mod:`.rates`: crude rates with Byar's or exact Poisson intervals (:func:`byar_ci`, :func:`rate`,
  :data:`BYAR_MIN_COUNT`);
* :mod:`.standardisation`: directly and indirectly standardised rates and ratios (:func:`dsr_ci`, :func:`dsr`,
  :func:`isr`, :func:`isr_rate`, :data:`DSR_MIN_COUNT`, :data:`ESP2013`);
* :mod:`.funnels`: funnel-plot limits and where areas fall on them (:func:`funnel_proportion_limits`,
  :func:`funnel_poisson_limits`, :func:`funnel_limits`, :func:`funnel_significance`, :data:`FUNNEL_COLUMNS`);
* :mod:`.comparison`: comparison with a benchmark (:func:`compare`, :func:`significance`, :func:`compare_with`,
  :func:`compare_levels`, :data:`BENCHMARK_KEYS`, :data:`POLARITIES`, :data:`SIGNIFICANCE_LEVELS`).

Two layers, as in PHEindicatormethods and PHStatsMethods:

* **kernels** (:func:`wilson_ci`, :func:`byar_ci`, :func:`dsr_ci`, :func:`funnel_proportion_limits`,
  :func:`funnel_poisson_limits`, :func:`compare`, :func:`significance`) take array-likes, broadcast them against each
  other and return NumPy float (or str) arrays; a NaN in gives a NaN (or ``"not compared"``) out;
* **frame functions** (:func:`proportion`, :func:`rate`, :func:`compare_with`, :func:`compare_levels`,
  :func:`funnel_significance`) take a DataFrame, check the arguments (raising
  :class:`~jsnakit.core.errors.ArgumentError`
  that names the argument, the rule and what arrived; the checks are :mod:`jsnakit.core.checks`), call a kernel and
  return a NEW frame with the indicator columns of :data:`jsnakit.core.schema.INDICATOR_COLUMNS` added or overwritten.
  The aggregating ones (:func:`dsr`, :func:`isr`, :func:`isr_rate`: one row per group of age bands;
  :func:`funnel_limits`: the lines of a funnel plot) return a new frame with fixed columns listed in their
  docstrings. The input frame is never changed.

The formulas are written from the published papers (references on each function) and checked against the test data
of PHEindicatormethods (OHID/UKHSA), the methods behind Fingertips.
"""
from __future__ import annotations

from .comparison import (
    BENCHMARK_KEYS, POLARITIES, SIGNIFICANCE_LEVELS, compare, compare_levels, compare_with, significance,
)
from .funnels import FUNNEL_COLUMNS, funnel_limits, funnel_poisson_limits, funnel_proportion_limits, funnel_significance
from .proportions import proportion, wilson_ci
from .rates import BYAR_MIN_COUNT, byar_ci, rate
from .standardisation import DSR_MIN_COUNT, ESP2013, dsr, dsr_ci, isr, isr_rate

__all__ = [
    "wilson_ci",
    "byar_ci",
    "dsr_ci",
    "funnel_proportion_limits",
    "funnel_poisson_limits",
    "compare",
    "significance",
    "proportion",
    "rate",
    "dsr",
    "isr",
    "isr_rate",
    "funnel_limits",
    "funnel_significance",
    "compare_with",
    "compare_levels",
    "BYAR_MIN_COUNT",
    "DSR_MIN_COUNT",
    "BENCHMARK_KEYS",
    "ESP2013",
    "POLARITIES",
    "SIGNIFICANCE_LEVELS",
    "FUNNEL_COLUMNS",
]
