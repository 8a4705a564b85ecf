"""jsnakit: needs profiling and gap mapping for the SEND chapter of a Joint Strategic Needs Assessment.

Data flow (one way): published files -> :mod:`jsnakit.sources` -> tidy frames (:mod:`jsnakit.schema`) ->
:mod:`jsnakit.methods` / :mod:`jsnakit.profile` -> :mod:`jsnakit.disclosure` -> :mod:`jsnakit.charts`,
:mod:`jsnakit.maps` -> factsheets (:mod:`jsnakit.factsheet`, :mod:`jsnakit.batch`).
"""
__version__ = "0.1.0"
