"""Tables of a gap analysis (:class:`jsnakit.gaps.GapAnalysis`) for a factsheet: the coverage matrix, capacity against
need, who commissions what, and the distance to the nearest service.

Cells are text, formatted as every table is (:mod:`jsnakit.render.formatting`), and a withheld number says why it is
withheld; the HTML is the same accessible table as :func:`jsnakit.render.tables.to_html` writes. The functions are
also reachable from :mod:`jsnakit.render.tables`.
"""
from __future__ import annotations

import pandas as pd

from .. import disclosure
from ..core.errors import ArgumentError
from .formatting import check_caption, format_count, format_value, html_table, is_missing

__all__ = ["coverage_html", "shortfall_html", "commissioners_html", "distance_html"]


def _require_gaps(analysis):
    from ..gaps.analysis import require  # gaps reads the sources; kept out of this module's import

    return require(analysis)


def _plans_text(plans, note) -> str:
    """Plans as text; a withheld number says why, as every table does (``"suppressed to protect small counts"``)."""
    if is_missing(plans):
        return disclosure.describe_note(note) if isinstance(note, str) else "not known"
    return format_count(plans)


def coverage_html(analysis, *, caption: str) -> str:
    """The coverage matrix as an accessible table: a row per primary need, a column per age band; each cell says
    whether a commissioned service names that need for that age, how many, and how many children have a plan.

    Parameters
    ----------
    analysis : jsnakit.gaps.GapAnalysis
        From :func:`jsnakit.gaps.analyse`.
    caption : str
        The ``<caption>``.

    Returns
    -------
    str
        ``<table class="jsnakit-table">``. Cells read ``"✗ none (12 plans)"`` for a gap, ``"✓ 2 (40 plans)"``
        where covered and ``"– (no plans)"`` where no child has a plan; symbols repeat the words.
    """
    coverage = _require_gaps(analysis).coverage
    check_caption(caption)
    bands = list(dict.fromkeys(coverage["age_band"]))
    rows = []
    for need, part in coverage.groupby("need", sort=False):
        cells = part.set_index("age_band")
        row = [need]
        for band in bands:
            rec = cells.loc[band]
            plans = _plans_text(rec["plans"], rec["note"])
            plans = f"{plans} plans" if not is_missing(rec["plans"]) else plans
            plans = "no plans" if rec["plans"] == 0 else plans
            if rec["gap"]:
                row.append(f"✗ none ({plans})")
            elif rec["covered"]:
                row.append(f"✓ {int(rec['specialist'])} ({plans})")
            else:
                row.append("– (no plans)")
        rows.append(row)
    table = pd.DataFrame(rows, columns=["Primary need"] + [f"Aged {b}" for b in bands])
    return html_table(table, [""] * len(table.columns), caption)


def shortfall_html(analysis, *, caption: str, needs=("All",), every: int = 1) -> str:
    """Capacity against need, with the shortfall in places, now and at each projection year.

    Parameters
    ----------
    analysis : jsnakit.gaps.GapAnalysis
        From :func:`jsnakit.gaps.analyse`.
    caption : str
        The ``<caption>``.
    needs : sequence of str, default ``("All",)``
        The ``need`` values of the capacity frame to show (``"All"`` = every need together).
    every : int, default 1
        Show every ``every``-th projection year (and always the last).

    Returns
    -------
    str
        One row per service type x need x year with a benchmark (rows without one show the capacity and its
        ratio only): plans (95% interval for projections), places, places per 100 plans, benchmark, places needed,
        shortfall (negative: spare) with its 95% interval.
    """
    from ..gaps.analysis import describe_service_type

    capacity = _require_gaps(analysis).capacity
    check_caption(caption)
    frame = capacity[capacity["need"].isin(list(needs))]
    projected = sorted(frame.loc[frame["kind"] == "projected", "period"].unique(), key=lambda p: p[:4])
    keep = set(projected[int(every) - 1::max(1, int(every))]) | set(projected[-1:])
    frame = frame[(frame["kind"] == "published") | frame["period"].isin(keep)]
    rows = []
    for rec in frame.to_dict("records"):
        plans = _plans_text(rec["plans"], rec["note"])
        if rec["kind"] == "projected" and not is_missing(rec["plans_lower"]):
            plans += f" ({format_count(round(rec['plans_lower']))} to {format_count(round(rec['plans_upper']))})"
        shortfall = ""
        if not is_missing(rec["shortfall"]):
            shortfall = f"{rec['shortfall']:+,.0f}"
            if rec["kind"] == "projected" and not is_missing(rec["shortfall_lower"]):
                shortfall += f" ({rec['shortfall_lower']:+,.0f} to {rec['shortfall_upper']:+,.0f})"
        bench = "" if is_missing(rec["benchmark_per_100"]) else \
            f"{rec['benchmark_per_100']:.1f} ({rec['benchmark']})"
        rows.append([describe_service_type(rec["service_type"]), rec["need"] if rec["need"] != "All" else "all needs",
                     f"{rec['period']}{' (projected)' if rec['kind'] == 'projected' else ''}", plans,
                     f"{format_count(round(rec['capacity'], 1))} {rec['capacity_unit']}",
                     format_value(rec["per_100"]), bench,
                     "" if is_missing(rec["needed"]) else format_count(round(rec["needed"])), shortfall])
    table = pd.DataFrame(rows, columns=["Service", "Need", "Year (January)", "Children and young people with an EHC "
                                        "plan (95% interval)", "Capacity", "Per 100 with a plan",
                                        "Benchmark per 100", "Needed at the benchmark", "Shortfall (+) or spare (-)"])
    return html_table(table, ["", "", "period", "value", "value", "value", "", "value", "value"], caption)


def commissioners_html(analysis, *, caption: str) -> str:
    """Who commissions what: a row per service type with its partners, funding routes, services and capacity, and a
    flag where the Code of Practice expects joint commissioning but one partner commissions it alone.

    Parameters
    ----------
    analysis : jsnakit.gaps.GapAnalysis
        From :func:`jsnakit.gaps.analyse`.
    caption : str
        The ``<caption>``.

    Returns
    -------
    str
        ``<table class="jsnakit-table">``: service, commissioned by, funding, number of services, capacity and joint
        commissioning.
    """
    from ..gaps.analysis import describe_partner, describe_service_type
    from ..core.vocabulary import JOINT_EXPECTED

    result = _require_gaps(analysis)
    check_caption(caption)
    provision = result.provision
    provision = provision[provision["in_register"]] if provision is not None else provision
    rows = []
    single = set(result.single_partner()["service_type"])
    for service_type, part in provision.groupby("service_type", sort=True):
        partners = sorted({p for ps in part["partners"].dropna() for p in ps.split("; ")})
        capacity = "; ".join(f"{format_count(v)} {u}" for u, v in part.groupby("capacity_unit")["capacity"].sum()
                             .items())
        joint = "expected" if service_type in JOINT_EXPECTED else ""
        if service_type in single:
            joint = "expected: ✗ one partner alone for some needs"
        rows.append([describe_service_type(service_type), ", ".join(describe_partner(p) for p in partners),
                     ", ".join(sorted(part["funding_route"].dropna().unique())), str(len(part)), capacity, joint])
    table = pd.DataFrame(rows, columns=["Service", "Commissioned by", "Funding", "Services", "Capacity",
                                        "Joint commissioning"])
    return html_table(table, ["", "", "", "value", "value", ""], caption)


def distance_html(analysis, *, caption: str) -> str:
    """Distance from where children live to the nearest service naming each need (population-weighted).

    Parameters
    ----------
    analysis : jsnakit.gaps.GapAnalysis
        From :func:`jsnakit.gaps.analyse` with localities and located services.
    caption : str
        The ``<caption>``.

    Returns
    -------
    str
        ``<table class="jsnakit-table">``: a row per primary need with children on EHC plans, with the median
        distance, the share of residents living far away and the furthest locality.

    Raises
    ------
    ArgumentError
        When the analysis has no distances.
    """
    from ..gaps.analysis import distance_summary

    result = _require_gaps(analysis)
    check_caption(caption)
    if result.distance is None:
        raise ArgumentError("the gap analysis has no distances: give gaps.analyse() localities and services")
    summary = distance_summary(result.distance)
    with_children = result.coverage.groupby("need")["plans"].agg(lambda p: p.isna().any() or p.sum() > 0)
    summary = summary[summary["need"].map(with_children).fillna(False).astype(bool)]
    rows = []
    for rec in summary.to_dict("records"):
        if is_missing(rec["median_km"]):
            rows.append([rec["need"], "no located service names this need", "", ""])
            continue
        rows.append([rec["need"], f"{rec['median_km']:.1f}", f"{rec['far_pct']:.0f}%", f"{rec['furthest_km']:.1f}"])
    table = pd.DataFrame(rows, columns=["Primary need", "Median distance (km)",
                                        f"Residents aged 0-24 living {summary['far_km'].iloc[0]:.0f} km or more away",
                                        "Furthest locality (km)"])
    return html_table(table, ["", "value", "value", "value"], caption)
