"""Capacity against need: places (or caseload) per 100 children and young people with an EHC plan, by service type
and need, now and at each projection year, with the shortfall in places against a benchmark (:func:`capacity`); and
the benchmarks, from where other areas' EHC plans are placed (:func:`placement_benchmarks`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import disclosure
from ..core import geography
from ..core.errors import ArgumentError
from ..core.vocabulary import SERVICE_AGE_BANDS as AGE_BANDS
from ..needs.national import sen2_age_band
from .need import NEED_LABELS, need_grid, total_plans

__all__ = [
    "capacity",
    "placement_benchmarks",
    "CAPACITY_COLUMNS",
    "BENCHMARK_COLUMNS",
    "PLACEMENT_BENCHMARKS",
]

#: One row per service type x need (``All`` for every need) x period; see :func:`capacity`.
CAPACITY_COLUMNS = ["service_type", "need", "period", "kind", "plans", "plans_lower", "plans_upper", "capacity",
                    "capacity_unit", "per_100", "benchmark_per_100", "benchmark", "needed", "shortfall",
                    "shortfall_lower", "shortfall_upper", "note"]
#: Benchmarks of capacity: places per 100 children and young people with an EHC plan (``need`` ``All`` or a label).
BENCHMARK_COLUMNS = ["service_type", "need", "benchmark_per_100", "benchmark"]
#: Service types benchmarked against the SEN2 placement of EHC plans (``ehc_placement_share`` category). Alternative
#: provision is not: most of its places serve pupils without a plan, so plans placed there say little of its size.
PLACEMENT_BENCHMARKS = {"special_school": "Special school"}

_PLACE_UNITS = ("places", "caseload")


def placement_benchmarks(published, area_code: str, *, neighbours: pd.DataFrame | None = None,
                         period: str | None = None) -> pd.DataFrame:
    """Benchmarks for special school and alternative provision places: the placements of EHC plans (SEN2) per 100
    plans in the statistical neighbours (median) or, without neighbours, England.

    Parameters
    ----------
    published : jsnakit.disclosure.Disclosed
        The national disclosed frame (:func:`jsnakit.needs.profile.published`).
    area_code : str
        GSS code or DfE LA number.
    neighbours : pandas.DataFrame, optional
        Statistical neighbours (:data:`jsnakit.core.schema.NEIGHBOUR_COLUMNS`).
    period : str, optional
        Latest academic year to use (default the latest published).

    Returns
    -------
    pandas.DataFrame
        :data:`BENCHMARK_COLUMNS`, ``need`` ``All``; ``benchmark`` names the comparator and year, e.g.
        ``"statistical neighbours' median, January 2025"``.

    Notes
    -----
    SEN2 counts where children with EHC plans are placed, not the places an area has; placements per 100 plans
    elsewhere is the nearest published measure of the specialist capacity other areas run at. Placement by primary
    need is not published, so the benchmark is for all needs together.
    """
    from ..needs import profile  # profile draws on many modules; imported here to keep this module's import light

    area = geography.area(area_code)
    frame = profile.comparison_frame(published, area["area_code"], period=period, neighbours=neighbours)
    rows = []
    for service_type, category in PLACEMENT_BENCHMARKS.items():
        found = frame[(frame["indicator"] == "ehc_placement_share") & (frame["category"] == category)]
        if found.empty:
            continue
        row = found.iloc[0]
        year = f"January {str(row['period'])[:2]}{str(row['period'])[-2:]}"
        if neighbours is not None and pd.notna(row["neighbour_median"]):
            rows.append((service_type, "All", float(row["neighbour_median"]),
                         f"statistical neighbours' median, {year}"))
        elif pd.notna(row["england"]):
            rows.append((service_type, "All", float(row["england"]), f"England, {year}"))
    return pd.DataFrame(rows, columns=BENCHMARK_COLUMNS)


def _shares(provision_frame: pd.DataFrame, grid: pd.DataFrame) -> pd.DataFrame:
    """Each service's capacity shared between the needs and age bands it serves, in proportion to the children with
    a plan in each (equally where all of them are 0 or withheld): ``service_type, need, age_band, share, capacity,
    capacity_unit``."""
    plans = grid.set_index(["need", "age_band"])["plans"]
    rows = []
    for service in provision_frame.itertuples(index=False):
        if pd.isna(service.capacity) or service.capacity_unit not in _PLACE_UNITS:
            continue
        needs = NEED_LABELS if service.needs == "all" else [n for n in str(service.needs).split("; ")
                                                              if n in NEED_LABELS]
        bands = [b for b in str(service.age_bands).split("; ") if b in AGE_BANDS]
        cells = [(n, b) for n in needs for b in bands]
        weights = np.array([plans.get(cell, np.nan) for cell in cells], dtype=float)
        weights = np.nan_to_num(weights, nan=0.0)
        weights = weights / weights.sum() if weights.sum() > 0 else np.full(len(cells), 1 / max(len(cells), 1))
        rows += [(service.service_type, n, b, w, service.capacity * w, service.capacity_unit)
                 for (n, b), w in zip(cells, weights)]
    return pd.DataFrame(rows, columns=["service_type", "need", "age_band", "share", "capacity", "capacity_unit"])


def capacity(need, provision_frame: pd.DataFrame, *, projected=None, benchmarks: pd.DataFrame | None = None,
             every: int = 1, published_totals: dict | None = None) -> pd.DataFrame:
    """Capacity against need: places (or caseload) per 100 children and young people with an EHC plan, by service
    type and need, now and at each projection year, with the shortfall in places against a benchmark.

    Parameters
    ----------
    need : jsnakit.disclosure.Disclosed
        :func:`~jsnakit.needs.grid.need_by_age` after :func:`~jsnakit.gaps.need.disclose_need` (the ``published``
        period).
    provision_frame : pandas.DataFrame
        :func:`~jsnakit.gaps.supply.provision`; services with capacity in ``places`` or ``caseload`` count.
    projected : jsnakit.disclosure.Projected, optional
        :func:`jsnakit.projection.project` (all needs, by age band) after
        :func:`jsnakit.disclosure.apply_projection`. Each need's projected plans are the projected total times the
        need's share of plans in the published year, band by band (need mix held).
    benchmarks : pandas.DataFrame, optional
        :data:`BENCHMARK_COLUMNS` (e.g. :func:`placement_benchmarks`, or the analyst's own, per need or ``All``).
    every : int, default 1
        Keep every ``every``-th projection year (and always the last).
    published_totals : dict, optional
        ``{"All": (plans, note)}``: the area's plans as the caseload table publishes them
        (:func:`~jsnakit.gaps.analysis.published_totals`), used for the published year's all-needs total instead of the
        sum of the
        need-by-age cells rounded to 5, so one figure has one value on the page.

    Returns
    -------
    pandas.DataFrame
        :data:`CAPACITY_COLUMNS`. ``plans`` (persons; ``plans_lower``/``plans_upper`` the 95% interval of a
        projection), ``capacity`` in ``capacity_unit``, ``per_100`` = capacity / plans x 100,
        ``benchmark_per_100`` and its name, ``needed`` = benchmark / 100 x plans and ``shortfall`` = needed -
        capacity (places; negative is spare), ``shortfall_lower``/``shortfall_upper`` from the plans' interval.
        Projection years without an external benchmark are set against the published year's own ``per_100``
        (``benchmark`` "today's ratio"). Capacity is held at today's. Rows whose plans were withheld have NaN
        figures and the note.

    Notes
    -----
    Rows: for each service type with capacity, ``need`` ``All`` (every need, every age) and each need it serves.
    """
    if not isinstance(every, (int, np.integer)) or every < 1:
        raise ArgumentError(f"every must be a whole number of at least 1; got {every!r}")
    grid = need_grid(need)
    period = grid["period"].iloc[0] if len(grid) else None
    bands = grid[grid["age_band"] != "All"]
    shares = _shares(provision_frame, bands)
    totals = {"All": total_plans(need_grid(need, every_need=True))}
    for label in NEED_LABELS:
        row = grid[(grid["need"] == label) & (grid["age_band"] == "All")]
        totals[label] = (float(row["plans"].iloc[0]) if len(row) else 0.0,
                         row["note"].iloc[0] if len(row) else np.nan)
    if published_totals:  # the totals as published elsewhere on the page (not the sums of the rounded cells)
        totals.update(published_totals)
    futures = _projected_need(bands, projected, every) if projected is not None else []
    small = disclosure.PROJECTED_SMALL.format(minimum=projected.minimum) if projected is not None else np.nan
    bench = benchmarks if benchmarks is not None else pd.DataFrame(columns=BENCHMARK_COLUMNS)
    rows = []
    for (service_type, unit), group in shares.groupby(["service_type", "capacity_unit"], sort=True):
        by_need = group.groupby("need")["capacity"].sum()
        for need_label in ["All", *[n for n in NEED_LABELS if n in by_need.index]]:
            places = float(group["capacity"].sum()) if need_label == "All" else float(by_need[need_label])
            plans, note = totals[need_label]
            external = bench[(bench["service_type"] == service_type) & (bench["need"] == need_label)]
            base = _capacity_row(service_type, need_label, period, "published", plans, plans, plans, places, unit,
                                 external, note)
            rows.append(base)
            for future_period, (median, lower, upper) in futures:
                row = _capacity_row(service_type, need_label, future_period, "projected",
                                    median.get(need_label, np.nan), lower.get(need_label, np.nan),
                                    upper.get(need_label, np.nan), places, unit, external, note,
                                    today=base["per_100"])
                rows.append(_disclose_projected(row, projected.round_to, projected.minimum, small,
                                                withheld=pd.isna(plans)))
    return pd.DataFrame(rows, columns=CAPACITY_COLUMNS)


def _capacity_row(service_type, need_label, period, kind, plans, lower, upper, places, unit, external, note,
                  today=np.nan) -> dict:
    if len(external):
        benchmark_per_100, benchmark = float(external["benchmark_per_100"].iloc[0]), external["benchmark"].iloc[0]
    elif kind == "projected" and pd.notna(today):
        benchmark_per_100, benchmark = today, "today's ratio"
    else:
        benchmark_per_100, benchmark = np.nan, np.nan
    per_100 = places / plans * 100 if pd.notna(plans) and plans > 0 else np.nan
    needed = benchmark_per_100 / 100 * plans if pd.notna(benchmark_per_100) and pd.notna(plans) else np.nan
    row = {"service_type": service_type, "need": need_label, "period": period, "kind": kind, "plans": plans,
           "plans_lower": lower, "plans_upper": upper, "capacity": places, "capacity_unit": unit, "per_100": per_100,
           "benchmark_per_100": benchmark_per_100, "benchmark": benchmark, "needed": needed,
           "shortfall": needed - places if pd.notna(needed) else np.nan,
           "shortfall_lower": benchmark_per_100 / 100 * lower - places if pd.notna(needed) else np.nan,
           "shortfall_upper": benchmark_per_100 / 100 * upper - places if pd.notna(needed) else np.nan,
           "note": note}
    return row


def _projected_need(bands: pd.DataFrame, projected, every: int) -> list:
    """Projected plans by need (``All`` and each label), each projection year, before rounding: the projection's band
    totals (single ages summed into bands) times each need's share of its band in the published year.
    ``[(period, (median, lower_95, upper_95))]`` of dicts need -> plans (persons, unrounded). The sums are of the
    modelled figures (:attr:`jsnakit.disclosure.Projected.modelled`), so no rounding error and no withheld group
    enters them; :func:`capacity` rounds and withholds once, at the end. A group's share of the projected total is
    the same in every simulation (:func:`jsnakit.projection.project`), so sums of its quantiles are quantiles of
    the sum."""
    projected = disclosure.require_projection(projected)
    frame = projected.modelled
    frame = frame[frame["need"].fillna("All") == "All"] if "need" in frame.columns else frame
    whole = frame[frame["age_band"] == "All"].set_index("period")
    if not frame["age_band"].isin(AGE_BANDS).any():  # a projection by single year of age: summed into bands
        frame = frame.assign(age_band=frame["age_band"].map(_band)).dropna(subset=["age_band"])
        frame = frame.groupby(["period", "age_band"], as_index=False)[["median", "lower_95", "upper_95"]].sum()
    frame = frame[frame["age_band"].isin(AGE_BANDS)]
    plans = bands.pivot_table(index="age_band", columns="need", values="plans", aggfunc="sum")
    share = plans.div(plans.sum(axis=1), axis=0).fillna(0.0)
    periods = sorted(frame["period"].unique(), key=lambda p: p[:4])
    chosen = [p for i, p in enumerate(periods) if (i + 1) % every == 0 or i == len(periods) - 1]
    out = []
    for period in chosen:
        year = frame[frame["period"] == period].set_index("age_band")
        triple = []
        for column in ("median", "lower_95", "upper_95"):
            by_need = share.mul(year[column].reindex(share.index), axis=0).sum(axis=0)
            values = {"All": float(whole.at[period, column]) if period in whole.index else
                      float(year[column].reindex(list(AGE_BANDS)).sum(min_count=len(AGE_BANDS)))}
            values.update(by_need.to_dict())
            triple.append(values)
        out.append((period, tuple(triple)))
    return out


def _disclose_projected(row: dict, round_to: int, minimum: int, small_note: str, *, withheld: bool) -> dict:
    """A projected capacity row disclosed once, at the end: its plans rounded to ``round_to`` as the projection's
    figures are (:func:`jsnakit.disclosure.round_modelled`), the places needed and the shortfall computed from the
    unrounded plans (so no rounding error enters them; they are what the projection implies, and a shortfall shown
    beside a rounded plans figure may not be its rounded product); every figure withheld when the projected median
    is below ``minimum`` or the need's plans were withheld in the published year (``withheld``; its note kept)."""
    figures = ("plans", "plans_lower", "plans_upper", "per_100", "needed", "shortfall", "shortfall_lower",
               "shortfall_upper")
    small = pd.isna(row["plans"]) or row["plans"] < minimum
    if withheld or small:
        for key in figures:
            row[key] = np.nan
        row["note"] = row["note"] if withheld else small_note
        return row
    median = pd.Series([row["plans"]])
    for key in ("plans", "plans_lower", "plans_upper"):
        if pd.notna(row[key]):
            row[key] = float(disclosure.round_modelled(pd.Series([row[key]]), round_to=round_to, by=median).iloc[0])
    return row


def _band(age) -> str | float:
    """SEN2 age label (``under 3``, ``3`` ... ``25``) -> the age band of :data:`AGE_BANDS` (NaN for none)."""
    return sen2_age_band(age) or np.nan
