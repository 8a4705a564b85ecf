"""Needs profiling: every SEND indicator for every area and period from a data folder, one area's slice with its
comparators (:mod:`.profile`, which re-exports :mod:`.national`, :mod:`.grid`, :mod:`.area` and :mod:`.comparison`).
Above :mod:`jsnakit.stats` and :mod:`jsnakit.disclosure`, which it applies once to everything published."""
