"""Statistics on count and indicator frames: proportions and rates with their intervals, standardisation, funnel
limits, comparison with benchmarks (:mod:`.methods`), ranking and quantiles (:mod:`.ranking`) and trend tests
(:mod:`.trend`). Imports only :mod:`jsnakit.core`."""
