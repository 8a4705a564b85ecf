"""The sample files of DfE *Education, health and care plans* (SEN2): the caseload by placement, age and sex
(:func:`write_caseload`), plans by primary need (:func:`write_sen_needs_all_plans`) and new plans issued within 20
weeks (:func:`write_timeliness`)."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ..core import geography
from .common import Area, areas_in_order, atomic_write, csv_bytes
from .latent import (AGE_CATEGORIES, CASELOAD_X, LEAF_NAMES, LEAVES, SEN2_BREAKDOWN_YEARS, SEN2_NEED_AGE_YEARS,
                     SEN2_NEED_YEARS, SEN2_NEEDS, SEN2_YEARS, Latent)

__all__ = [
    "CASELOAD_FILE",
    "SEN_NEEDS_FILE",
    "TIMELINESS_FILE",
    "CASELOAD_HEADER",
    "SEN_NEEDS_HEADER",
    "TIMELINESS_HEADER",
    "TIMELINESS_YEARS",
    "NOT_RETURNED",
    "ISSUED_SHARE",
    "WITHIN_20_WEEKS_ENGLAND",
    "OVER_A_YEAR_SHARE",
    "EXCEPTION_RATE",
    "write_caseload",
    "write_sen_needs_all_plans",
    "write_timeliness",
    "pc1",
    "sen2_geo",
    "timeliness_counts",
]

CASELOAD_FILE = "dfe_ehc_plans/caseload.csv"
SEN_NEEDS_FILE = "dfe_ehc_plans/sen_needs_all_plans.csv"
TIMELINESS_FILE = "dfe_ehc_plans/timeliness_20_week.csv"

_SEN2_GEO = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code",
             "region_name", "new_la_code", "old_la_code", "la_name", "breakdown_topic", "breakdown"]
CASELOAD_HEADER = _SEN2_GEO + [
    "ehcplans",
    "mainstream_la_maintained", "mainstream_la_maintained_resourced_provision", "mainstream_la_maintained_senunit",
    "mainstream_academy", "mainstream_academy_resourced_provision", "mainstream_academy_senunit",
    "mainstream_free_school", "mainstream_free_school_resourced_provision", "mainstream_free_school_senunit",
    "mainstream_independent", "mainstream_total", "mainstream_total_pc",
    "special_la_maintained", "special_academy_free", "special_independent", "special_non_maintained",
    "special_total", "special_total_pc",
    "ap_pru_academy", "ap_pru_free_school", "ap_pru_la_maintained", "ap_pru_total", "AP_PRU_total_pc",
    "general_fe_tertiary_colleges", "specialist_post_16_institutions", "ukrlp_provider", "fe_total", "fe_total_pc",
    "elective_home_education", "other_arrangements_la", "other_arrangements_parents", "online_provider",
    "w_settings", "other_schools", "other_placement_settings", "neet", "neet_ntci", "neet_other", "neet_other_csa",
    "ed_elsewhere", "ed_elsewhere_pc", "nm_early_years", "nm_early_years_pc", "placement_unknown",
    "placement_unknown_pc", "await_prov_2022", "perm_ex_2022",
]
SEN_NEEDS_HEADER = _SEN2_GEO + ["ehc_plans"] + [
    f"number_{'need_unknown' if n == 'unknown' else n}" for n in SEN2_NEEDS] + [f"{n}_pc" for n in SEN2_NEEDS]
TIMELINESS_HEADER = _SEN2_GEO + [
    "plans_issued_den", "plans_issued_den_ex", "plans_issued_within_20_weeks", "plans_issued_20_weeks_ex",
    "pc_plans_issued_within_20_weeks", "PC_plans_issued_20_weeks_ex",
    "plans_issued_gt20weeks_ltYear", "plans_issued_gt20weeks_ltYear_ex", "pc_plans_issued_gt20weeks_ltYear",
    "PC_plans_issued_gt20weeks_ltYear_ex",
    "plans_issued_gt_1_year", "plans_issued_gt_1_year_ex", "pc_plans_issued_gt_1_year", "PC_plans_issued_gt_1_year_ex",
]

#: Calendar years of the 20-week timeliness file.
TIMELINESS_YEARS = (2019, 2020, 2021, 2022, 2023, 2024)
#: The planted LA-year that did not return timeliness data (every value ``x``).
NOT_RETURNED = ("E08000005", 2021)  # Rochdale, 2021

#: Plans issued in a calendar year as a share of the caseload.
ISSUED_SHARE = 0.09
#: England % of plans issued within 20 weeks, excluding exceptions, by TIMELINESS_YEARS.
WITHIN_20_WEEKS_ENGLAND = (60.0, 58.0, 60.0, 51.0, 50.0, 46.0)
#: Share of late plans that took over a year, by TIMELINESS_YEARS.
OVER_A_YEAR_SHARE = (0.08, 0.09, 0.09, 0.10, 0.10, 0.13)
#: Chance that a plan issued within 20 weeks / in 20 weeks to a year / after a year falls under an exception.
EXCEPTION_RATE = (0.03, 0.09, 0.06)


def _pc1(num: int, den: int) -> str:
    """Percentage to one decimal, rounded half up, without a trailing ``.0`` (``66.7``, ``100``, ``0``); ``x`` if
    the denominator is 0."""
    num, den = int(num), int(den)
    if den == 0:
        return "x"
    q = (2000 * num + den) // (2 * den)
    return f"{q // 10}.{q % 10}" if q % 10 else str(q // 10)


def _sen2_geo(time_period: int, identifier: str, area: Area, topic: str, breakdown: str) -> list[str]:
    """Geography columns of the SEN2 files (``region_code,region_name,new_la_code,old_la_code,la_name``)."""
    la = area.level == "Local authority"
    return [str(time_period), identifier, area.level, geography.ENGLAND, "England", area.region_code,
            area.region_name, area.code if la else "", area.dfe if la else "", area.name if la else "", topic,
            breakdown]


def pc1(num: int, den: int) -> str:
    """A SEN2 percentage as DfE prints it: one decimal, rounded half up, no trailing ``.0``; ``x`` of nothing.

    Parameters
    ----------
    num, den : int
        Numerator and denominator (counts).

    Returns
    -------
    str
        E.g. ``"66.7"``, ``"100"``, ``"0"``; ``"x"`` when ``den`` is 0.

    Examples
    --------
    >>> pc1(2, 3), pc1(1, 1), pc1(0, 0)
    ('66.7', '100', 'x')
    """
    return _pc1(num, den)


def sen2_geo(time_period: int, identifier: str, area: Area, topic: str, breakdown: str) -> list[str]:
    """The geography columns of a 2025-layout SEN2 row (``time_period`` .. ``breakdown``).

    Parameters
    ----------
    time_period : int
        ``2024`` (calendar year) or ``202425`` (academic year).
    identifier : str
        ``"Calendar year"`` or ``"Academic year"``.
    area : Area
        The row's area (:func:`~jsnakit.samples.common.areas_in_order`).
    topic, breakdown : str
        ``breakdown_topic`` and ``breakdown``.

    Returns
    -------
    list of str
        The 12 cells, ``new_la_code`` before ``old_la_code`` as in the 2025 release.
    """
    return _sen2_geo(time_period, identifier, area, topic, breakdown)


def timeliness_counts(latent: Latent) -> np.ndarray:
    """The plans issued of :func:`write_timeliness`, as drawn (the same draws every call).

    Parameters
    ----------
    latent : Latent
        From :func:`~jsnakit.samples.latent.build_latent`.

    Returns
    -------
    numpy.ndarray
        (year of :data:`TIMELINESS_YEARS`, LA, 6) integers: plans issued within 20 weeks, in 20 weeks to a year,
        after a year, and the same three excluding exception cases; -1 throughout for the LA-year not returned
        (:data:`NOT_RETURNED`).
    """
    return _draw_timeliness(latent)


def _caseload_values(leaves: np.ndarray, year: int) -> list[str]:
    """The ``ehcplans`` .. ``perm_ex_2022`` cells of one caseload row from its leaf counts, with the year's
    arithmetic: ``ed_elsewhere`` leaves out ``other_placement_settings`` up to 2022/23, as the real file does, and
    ``ehcplans`` is the sum of every leaf collected that year."""
    v = dict(zip(LEAF_NAMES, (int(x) for x in leaves)))
    total = sum(v.values())
    majors = [leaf[0] for leaf in LEAVES]

    def group(name: str) -> int:
        return sum(v[leaf] for leaf, m in zip(LEAF_NAMES, majors) if m == name)

    elsewhere = group("ELSE") - (v["other_placement_settings"] if year <= 202223 else 0)
    cells = {name: str(count) for name, count in v.items()}
    cells.update({
        "ehcplans": str(total),
        "mainstream_total": str(group("M")), "mainstream_total_pc": _pc1(group("M"), total),
        "special_total": str(group("S")), "special_total_pc": _pc1(group("S"), total),
        "ap_pru_total": str(group("AP")), "AP_PRU_total_pc": _pc1(group("AP"), total),
        "fe_total": str(group("FE")), "fe_total_pc": _pc1(group("FE"), total),
        "ed_elsewhere": str(elsewhere), "ed_elsewhere_pc": _pc1(elsewhere, total),
        "nm_early_years_pc": _pc1(v["nm_early_years"], total),
        "placement_unknown_pc": _pc1(v["placement_unknown"], total),
    })
    for name in CASELOAD_X[year]:
        cells[name] = "x"
    return [cells[c] for c in CASELOAD_HEADER[len(_SEN2_GEO):]]


def write_caseload(out: Path, latent: Latent) -> Path:
    """Write ``dfe_ehc_plans/caseload.csv`` (EHC plans maintained in January, by placement).

    Layout of ``caseload.csv`` in DfE *Education, health and care plans* 2025 (UTF-8 BOM, CRLF,
    ``new_la_code,old_la_code``): 2018/19-2024/25, ``All EHC plans`` every year, ``Child or young persons age``
    (``under 3``, ``age 3`` .. ``age 25``) and ``Sex`` (Female, Male) for 2023/24 and 2024/25. Placement leaves add up
    to the ``*_total`` columns; ``x`` marks the columns not collected in a year, as in the real file. Breakdown rows
    with no plans are left out, as the real file does.

    Parameters
    ----------
    out : pathlib.Path
        The ``data_samples`` folder.
    latent : Latent
        From :func:`~jsnakit.samples.latent.build_latent`.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    rows = []
    areas = areas_in_order(latent)
    for k, year in enumerate(SEN2_YEARS):
        cube = latent.caseload[k]
        for area, mask in areas:
            leaves = cube[mask].sum(axis=(0, 1))
            rows.append(_sen2_geo(year, "Academic year", area, "All EHC plans", "All EHC plans")
                        + _caseload_values(leaves, year))
        if year not in SEN2_BREAKDOWN_YEARS:
            continue
        for area, mask in areas:
            by_age = cube[mask].sum(axis=0)
            for a, label in enumerate(AGE_CATEGORIES):
                if by_age[a].sum() > 0:
                    rows.append(_sen2_geo(year, "Academic year", area, "Child or young persons age", label)
                                + _caseload_values(by_age[a], year))
        for area, mask in areas:
            male = latent.caseload_male[k][mask].sum(axis=(0, 1))
            female = cube[mask].sum(axis=(0, 1)) - male
            for label, leaves in (("Female", female), ("Male", male)):
                if leaves.sum() > 0:
                    rows.append(_sen2_geo(year, "Academic year", area, "Sex", label)
                                + _caseload_values(leaves, year))
    data = csv_bytes(CASELOAD_HEADER, rows, bom=True, crlf=True)
    return atomic_write(Path(out) / CASELOAD_FILE, data)


def _needs_values(counts: np.ndarray) -> list[str]:
    """``ehc_plans``, the 13 need counts and their percentages (1 decimal) for one row."""
    total = int(counts.sum())
    return [str(total)] + [str(int(c)) for c in counts] + [_pc1(c, total) for c in counts]


def write_sen_needs_all_plans(out: Path, latent: Latent) -> Path:
    """Write ``dfe_ehc_plans/sen_needs_all_plans.csv`` (EHC plans by primary need).

    Layout of ``sen_needs_all_plans.csv`` in DfE *Education, health and care plans* 2025 (BOM, CRLF): 2021/22-2024/25
    ``All EHC plans``, plus ``Child or young persons age`` for 2024/25 (rows with no plans left out). ``ehc_plans``
    equals ``ehcplans`` of :func:`write_caseload` for the same area, year and breakdown.

    Parameters
    ----------
    out : pathlib.Path
        The ``data_samples`` folder.
    latent : Latent
        From :func:`~jsnakit.samples.latent.build_latent`.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    rows = []
    areas = areas_in_order(latent)
    for j, year in enumerate(SEN2_NEED_YEARS):
        cube = latent.sen2_needs[j]
        for area, mask in areas:
            rows.append(_sen2_geo(year, "Academic year", area, "All EHC plans", "All EHC plans")
                        + _needs_values(cube[mask].sum(axis=(0, 1))))
        if year not in SEN2_NEED_AGE_YEARS:
            continue
        for area, mask in areas:
            by_age = cube[mask].sum(axis=0)
            for a, label in enumerate(AGE_CATEGORIES):
                if by_age[a].sum() > 0:
                    rows.append(_sen2_geo(year, "Academic year", area, "Child or young persons age", label)
                                + _needs_values(by_age[a]))
    data = csv_bytes(SEN_NEEDS_HEADER, rows, bom=True, crlf=True)
    return atomic_write(Path(out) / SEN_NEEDS_FILE, data)


def _draw_timeliness(latent: Latent) -> np.ndarray:
    """Plans issued per calendar year and LA: (year, LA, 6) = within 20 weeks, 20 weeks to a year, over a year, and
    the same three excluding exceptions. The not-returned LA-year is -1 throughout."""
    rng = latent.rng("timeliness")
    n = len(latent.las)
    offset = latent.params["timeliness"].to_numpy()
    out = np.zeros((len(TIMELINESS_YEARS), n, 6), dtype=np.int64)
    for t, year in enumerate(TIMELINESS_YEARS):
        caseload = latent.caseload[SEN2_YEARS.index(year * 100 + (year + 1) % 100)].sum(axis=(1, 2))
        den = rng.poisson(ISSUED_SHARE * caseload)
        noise = rng.normal(0.0, 0.5, n)
        target = (WITHIN_20_WEEKS_ENGLAND[t] - 1.3) / 100
        lo, hi = -8.0, 8.0
        for _ in range(60):  # intercept so that England's expected rate hits the target
            mid = (lo + hi) / 2
            rate = (den / max(den.sum(), 1) * (1 / (1 + np.exp(-(mid + offset + noise))))).sum()
            lo, hi = (mid, hi) if rate < target else (lo, mid)
        p = 1 / (1 + np.exp(-(lo + offset + noise)))
        within = rng.binomial(den, p)
        over_year = rng.binomial(den - within, OVER_A_YEAR_SHARE[t])
        late = den - within - over_year
        counts = np.stack([within, late, over_year], axis=1)
        excepted = rng.binomial(counts, np.array(EXCEPTION_RATE)[None, :])
        out[t] = np.concatenate([counts, counts - excepted], axis=1)
    i = int(np.flatnonzero(latent.las["area_code"].to_numpy() == NOT_RETURNED[0])[0])
    out[TIMELINESS_YEARS.index(NOT_RETURNED[1]), i] = -1
    return out


def _timeliness_values(c: np.ndarray, year: int) -> list[str]:
    """The 14 value cells of a timeliness row from (within, late, over a year, and the three excluding exceptions)."""
    if (c < 0).any():
        return ["x"] * 14
    w, l, o, we, le, oe = (int(x) for x in c)
    den, den_ex = w + l + o, we + le + oe
    cells = [str(den), str(den_ex), str(w), str(we), _pc1(w, den), _pc1(we, den_ex),
             str(l), str(le), _pc1(l, den), _pc1(le, den_ex), str(o), str(oe), _pc1(o, den), _pc1(oe, den_ex)]
    if year <= 2022:  # not collected before 2023
        cells[6:] = ["x"] * 8
    return cells


def write_timeliness(out: Path, latent: Latent) -> Path:
    """Write ``dfe_ehc_plans/timeliness_20_week.csv`` (new plans issued within 20 weeks).

    Layout of ``timeliness_20_week.csv`` in DfE *Education, health and care plans* 2025 (BOM, CRLF): calendar years
    2019-2024, ``All EHC plans issued``. Plans issued are about :data:`ISSUED_SHARE` of the caseload; the share within
    20 weeks varies widely between LAs. ``x`` marks what the real file marks: the "over 20 weeks" and "over a year"
    columns before 2023, percentages of zero plans, and every cell of an LA-year not returned (Rochdale 2021, planted;
    England and its region then sum the LAs that did return).

    Parameters
    ----------
    out : pathlib.Path
        The ``data_samples`` folder.
    latent : Latent
        From :func:`~jsnakit.samples.latent.build_latent`.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    counts = _draw_timeliness(latent)
    rows = []
    for t, year in enumerate(TIMELINESS_YEARS):
        for area, mask in areas_in_order(latent):
            cells = counts[t, mask]
            if area.level != "Local authority":
                cells = cells[(cells >= 0).all(axis=1)]
            rows.append(_sen2_geo(year, "Calendar year", area, "All EHC plans issued", "All EHC plans issued")
                        + _timeliness_values(cells.sum(axis=0) if area.level != "Local authority" else cells[0],
                                             year))
    data = csv_bytes(TIMELINESS_HEADER, rows, bom=True, crlf=True)
    return atomic_write(Path(out) / TIMELINESS_FILE, data)
