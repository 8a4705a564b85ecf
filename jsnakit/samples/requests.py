"""The sample files of DfE *Education, health and care plans* (SEN2) on the assessment process: new EHC plans issued in
the calendar year by placement (:func:`write_new_plans`) and requests for an EHC needs assessment
(:func:`write_requests`), both drawn by :func:`process_counts`, which the sample LAIT file (:mod:`.lait`) reads
too, so that the files agree.

New plans are the plans issued of the timeliness file (:func:`~jsnakit.samples.ehc_plans.timeliness_counts`) plus a
few the 20-week measure does not count (in the real 2025 release new plans are 1-8% more than the plans of the
timeliness file). Requests are drawn back from them: the LA decides to assess about 1.03 requests for each new plan
issued (DfE England 2024: 101,045 assessments agreed, 97,747 new plans), and refuses, leaves undecided or sees withdrawn
the rest in England's proportions of the year (2024: 25.2%, 7.8%, 1.6%) with an LA propensity to refuse.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .common import areas_in_order, atomic_write, csv_bytes, normalise
from .ehc_plans import CASELOAD_HEADER, TIMELINESS_YEARS, pc1, sen2_geo, timeliness_counts
from .latent import LEAF_NAMES, LEAVES, MAJORS, SEN2_YEARS, Latent

__all__ = [
    "NEW_PLANS_FILE",
    "REQUESTS_FILE",
    "NEW_PLANS_HEADER",
    "REQUESTS_HEADER",
    "PROCESS_YEARS",
    "NEW_PLANS_X",
    "NEW_PLANS_PLACEMENT_ENGLAND",
    "REQUEST_OUTCOMES_ENGLAND",
    "ProcessCounts",
    "process_counts",
    "write_new_plans",
    "write_requests",
]

NEW_PLANS_FILE = "dfe_ehc_plans/newplans.csv"
REQUESTS_FILE = "dfe_ehc_plans/requests.csv"

_GEO = CASELOAD_HEADER[:12]
NEW_PLANS_HEADER = _GEO + ["new_ehc_plans"] + CASELOAD_HEADER[13:]
REQUESTS_HEADER = _GEO + [
    "requests_received_in_year", "requests_rya", "requests_decided_to_assess", "requests_decided_not_to_assess",
    "requests_decision_not_made", "requests_withdrawn", "request_assess_pc", "request_not_assess_pc",
    "request_outstanding_pc", "request_withdrawn_pc", "request_outcome_six_weeks", "request_outcome_over_6_weeks",
    "request_outcome_six_weeks_pc", "request_outcome_over_6_weeks_pc", "mediation_related_request",
    "tribunal_related_request", "tribunal_after_mediation_request",
]

#: Calendar years of the new plans and requests files (those of the timeliness file).
PROCESS_YEARS = TIMELINESS_YEARS

_X_2019_21 = {"ukrlp_provider", "online_provider", "w_settings", "other_schools", "neet", "neet_ntci", "neet_other",
              "neet_other_csa", "placement_unknown", "placement_unknown_pc"}
_X_2022_ON = {"online_provider", "w_settings", "other_schools", "await_prov_2022", "perm_ex_2022"}
#: New plans columns printed ``x`` (not collected) by calendar year: the real 2025 release's, for every row of a year.
NEW_PLANS_X = {2019: _X_2019_21 | {"elective_home_education"}, 2020: _X_2019_21, 2021: _X_2019_21,
               2022: _X_2022_ON, 2023: _X_2022_ON, 2024: _X_2022_ON}

#: England new plans by placement group (% in :data:`~jsnakit.samples.latent.MAJORS` order) by PROCESS_YEARS: the
#: national rows of the real ``newplans.csv`` (2025 release), rounded.
NEW_PLANS_PLACEMENT_ENGLAND = np.array([
    # M     S      AP    FE    ELSE  EY    UNK   AWAIT
    [68.2, 18.7, 1.9, 3.2, 2.2, 3.5, 0.0, 2.2],
    [71.6, 15.3, 1.8, 3.4, 2.3, 3.4, 0.0, 2.1],
    [72.8, 14.2, 1.6, 3.1, 2.3, 3.6, 0.0, 2.2],
    [71.5, 12.5, 1.4, 2.8, 3.7, 3.7, 3.9, 0.0],
    [74.9, 10.5, 1.6, 2.8, 4.2, 3.9, 2.1, 0.0],
    [75.1, 9.3, 1.4, 2.9, 4.5, 3.6, 3.3, 0.0],
])

#: England shares of the requests received in a year that the LA refused, left undecided at the end of the year and
#: saw withdrawn, by PROCESS_YEARS (DfE SEN2 2025 release; refusals before 2023 as LAIT gives them).
REQUEST_OUTCOMES_ENGLAND = np.array([
    [0.228, 0.075, 0.015],
    [0.216, 0.075, 0.015],
    [0.223, 0.075, 0.015],
    [0.221, 0.075, 0.015],
    [0.240, 0.073, 0.015],
    [0.252, 0.078, 0.016],
])
#: New plans issued per request the LA decided to assess (England 2024: 97,747 / 101,045).
_PLANS_PER_ASSESSMENT = 0.97
#: New plans the 20-week measure leaves out, as a share of its plans issued.
_UNTIMED_SHARE = 0.04
#: Shares of the requests received that involved mediation, a tribunal appeal; tribunals after mediation, of those
#: mediated (England 2024: 10,507, 4,655 and 1,473 of 154,489).
_MEDIATION, _TRIBUNAL, _TRIBUNAL_AFTER = 0.068, 0.030, 0.14
#: Share of decisions made within six weeks (England 2024: 84.8%).
_SIX_WEEKS = 0.85


@dataclass
class ProcessCounts:
    """The assessment process drawn per calendar year and LA (year axis :data:`PROCESS_YEARS`, LA axis as
    ``latent.las``).

    Attributes
    ----------
    new_plans : numpy.ndarray
        (year, LA, leaf of :data:`~jsnakit.samples.latent.LEAF_NAMES`) new EHC plans by placement.
    requests : numpy.ndarray
        (year, LA, 4) requests received that the LA decided to assess, refused, left undecided, saw withdrawn.
    late_requests : numpy.ndarray
        (year, LA) requests received in the year after the reporting year (``requests_rya``).
    six_weeks : numpy.ndarray
        (year, LA) decisions made within six weeks (of those assessed or refused).
    mediation, tribunal, tribunal_after_mediation : numpy.ndarray
        (year, LA) requests involving mediation, a tribunal appeal, a tribunal after mediation.
    """

    new_plans: np.ndarray
    requests: np.ndarray
    late_requests: np.ndarray
    six_weeks: np.ndarray
    mediation: np.ndarray
    tribunal: np.ndarray
    tribunal_after_mediation: np.ndarray

    @property
    def received(self) -> np.ndarray:
        """(year, LA) requests received in the year."""
        return self.requests.sum(axis=2)


def _new_plan_totals(latent: Latent, rng: np.random.Generator) -> np.ndarray:
    """(year, LA) new plans: the timeliness file's plans issued plus a few it does not count."""
    issued = timeliness_counts(latent)[:, :, :3].sum(axis=2)
    out = np.empty(issued.shape, dtype=np.int64)
    for t, year in enumerate(PROCESS_YEARS):
        k = SEN2_YEARS.index(year * 100 + (year + 1) % 100)
        fallback = rng.poisson(0.09 * latent.caseload[k].sum(axis=(1, 2)))  # the LA-year with no timeliness return
        den = np.where(issued[t] < 0, fallback, issued[t])
        out[t] = den + rng.binomial(den, _UNTIMED_SHARE)
    return out


def _placements(latent: Latent, totals: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """(year, LA, leaf) new plans by placement: England's mix of the year tilted by each LA's caseload mix."""
    majors = np.array([leaf[0] for leaf in LEAVES])
    out = np.zeros(totals.shape + (len(LEAVES),), dtype=np.int64)
    for t, year in enumerate(PROCESS_YEARS):
        leaves = latent.caseload[SEN2_YEARS.index(year * 100 + (year + 1) % 100)].sum(axis=1).astype(float)
        collected = np.array([name not in NEW_PLANS_X[year] for name in LEAF_NAMES])
        groups = np.stack([leaves[:, majors == m].sum(axis=1) for m in MAJORS], axis=1)
        england = groups.sum(axis=0) / groups.sum()
        la_share = normalise(groups)
        tilt = np.divide(la_share, england, out=np.ones_like(la_share), where=england > 0)
        group_p = normalise(NEW_PLANS_PLACEMENT_ENGLAND[t] * np.clip(tilt, 0.2, 5.0))
        drawn = rng.multinomial(totals[t], group_p)
        for g, major in enumerate(MAJORS):
            cols = np.flatnonzero((majors == major) & collected)
            if len(cols) == 0:
                continue
            p = normalise(leaves[:, cols] + 0.5)
            out[t][:, cols] = rng.multinomial(drawn[:, g], p)
        # a group with nothing collected this year gives its plans to mainstream
        lost = drawn[:, [g for g, m in enumerate(MAJORS) if not ((majors == m) & collected).any()]].sum(axis=1)
        first = int(np.flatnonzero(majors == "M")[0])
        out[t][:, first] += lost
    return out


def process_counts(latent: Latent) -> ProcessCounts:
    """Draw new plans and requests for every calendar year and LA (the same draws every call).

    Parameters
    ----------
    latent : Latent
        From :func:`~jsnakit.samples.latent.build_latent`.

    Returns
    -------
    ProcessCounts
        The counts that :func:`write_new_plans`, :func:`write_requests` and the sample LAIT file print.
    """
    rng = latent.rng("requests")
    totals = _new_plan_totals(latent, rng)
    n = totals.shape[1]
    refuse = rng.normal(0.0, 0.45, n)  # the LA's propensity to refuse (log odds against assessing)
    six = rng.normal(0.0, 0.8, n)
    tilt = np.exp(rng.normal(0.0, 0.35, (2, n)))
    requests = np.zeros(totals.shape + (4,), dtype=np.int64)
    late = np.zeros(totals.shape, dtype=np.int64)
    six_weeks, mediation, tribunal, after = (np.zeros(totals.shape, dtype=np.int64) for _ in range(4))
    for t, year in enumerate(PROCESS_YEARS):
        refused, open_, withdrawn = REQUEST_OUTCOMES_ENGLAND[t]
        base = np.array([1.0 - refused - open_ - withdrawn, refused, open_, withdrawn])
        probs = normalise(base[None, :] * np.stack([np.exp(-refuse / 2), np.exp(refuse / 2), np.ones(n),
                                                     np.ones(n)], axis=1))
        received = rng.poisson(totals[t] / (_PLANS_PER_ASSESSMENT * probs[:, 0]))
        requests[t] = rng.multinomial(received, probs)
        late[t] = rng.poisson(received * (0.003 if year == PROCESS_YEARS[-1] else 0.0003))
        decided = requests[t, :, 0] + requests[t, :, 1]
        six_weeks[t] = rng.binomial(decided, 1 / (1 + np.exp(-(np.log(_SIX_WEEKS / (1 - _SIX_WEEKS)) + six))))
        mediation[t] = rng.binomial(received, np.clip(_MEDIATION * tilt[0], 0, 0.5))
        tribunal[t] = rng.binomial(received, np.clip(_TRIBUNAL * tilt[1], 0, 0.5))
        after[t] = np.minimum(rng.binomial(mediation[t], _TRIBUNAL_AFTER), tribunal[t])
    return ProcessCounts(new_plans=_placements(latent, totals, rng), requests=requests, late_requests=late,
                         six_weeks=six_weeks, mediation=mediation, tribunal=tribunal, tribunal_after_mediation=after)


def _new_plan_values(leaves: np.ndarray, year: int) -> list[str]:
    """The ``new_ehc_plans`` .. ``perm_ex_2022`` cells of one row from its leaf counts (``x`` where not collected)."""
    v = dict(zip(LEAF_NAMES, (int(x) for x in leaves)))
    total = sum(v.values())
    majors = [leaf[0] for leaf in LEAVES]

    def group(name: str) -> int:
        return sum(v[leaf] for leaf, m in zip(LEAF_NAMES, majors) if m == name)

    cells = {name: str(count) for name, count in v.items()}
    for column, name in (("mainstream", "M"), ("special", "S"), ("ap_pru", "AP"), ("fe", "FE")):
        cells[f"{column}_total"] = str(group(name))
        cells[("AP_PRU" if name == "AP" else column) + "_total_pc"] = pc1(group(name), total)
    cells.update({"new_ehc_plans": str(total), "ed_elsewhere": str(group("ELSE")),
                  "ed_elsewhere_pc": pc1(group("ELSE"), total), "nm_early_years_pc": pc1(v["nm_early_years"], total),
                  "placement_unknown_pc": pc1(v["placement_unknown"], total)})
    for name in NEW_PLANS_X[year]:
        cells[name] = "x"
    return [cells[c] for c in NEW_PLANS_HEADER[len(_GEO):]]


def write_new_plans(out: Path, latent: Latent) -> Path:
    """Write ``dfe_ehc_plans/newplans.csv`` (new EHC plans issued in the calendar year, by placement).

    Layout of ``newplans.csv`` in DfE *Education, health and care plans* 2025 (BOM, CRLF; the caseload's columns with
    ``new_ehc_plans`` for ``ehcplans``): calendar years 2019-2024, ``New EHC plans`` rows for England, the regions and
    every LA; ``x`` where the real file has a column not collected that year (:data:`NEW_PLANS_X`). The totals are at
    least the plans issued of ``timeliness_20_week.csv`` for the same LA and year (its not-returned LA-year aside).

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
    counts = process_counts(latent).new_plans
    rows = []
    for t, year in enumerate(PROCESS_YEARS):
        for area, mask in areas_in_order(latent):
            rows.append(sen2_geo(year, "Calendar year", area, "New EHC plans", "New EHC plans")
                        + _new_plan_values(counts[t, mask].sum(axis=0), year))
    return atomic_write(Path(out) / NEW_PLANS_FILE, csv_bytes(NEW_PLANS_HEADER, rows, bom=True, crlf=True))


def _request_values(c: ProcessCounts, t: int, mask: np.ndarray, year: int) -> list[str]:
    """The 17 value cells of a requests row: before 2023 only the requests received and refused were collected."""
    assess, refused, open_, withdrawn = (int(x) for x in c.requests[t, mask].sum(axis=0))
    received = assess + refused + open_ + withdrawn
    six = int(c.six_weeks[t, mask].sum())
    decided = assess + refused
    cells = [str(received), str(int(c.late_requests[t, mask].sum())), str(assess), str(refused), str(open_),
             str(withdrawn), pc1(assess, received), pc1(refused, received), pc1(open_, received),
             pc1(withdrawn, received), str(six), str(decided - six), pc1(six, decided), pc1(decided - six, decided),
             str(int(c.mediation[t, mask].sum())), str(int(c.tribunal[t, mask].sum())),
             str(int(c.tribunal_after_mediation[t, mask].sum()))]
    if year < 2023:
        return cells[:2] + ["x"] + cells[3:4] + ["x"] * 13
    return cells


def write_requests(out: Path, latent: Latent) -> Path:
    """Write ``dfe_ehc_plans/requests.csv`` (requests for an EHC needs assessment received in the calendar year).

    Layout of ``requests.csv`` in DfE *Education, health and care plans* 2025 (BOM, CRLF): calendar years 2019-2024,
    ``All requests for EHC needs assessments`` rows for England, the regions and every LA. As in the real file, the
    decisions, six-week timeliness, mediation and tribunal columns are ``x`` before 2023 (only the requests received and
    refused were collected); percentages are of the requests received (decisions within six weeks: of the requests
    decided). The requests decided to assess are about 1.03 times the new plans of ``newplans.csv``.

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
    counts = process_counts(latent)
    topic = "All requests for EHC needs assessments"
    rows = []
    for t, year in enumerate(PROCESS_YEARS):
        for area, mask in areas_in_order(latent):
            rows.append(sen2_geo(year, "Calendar year", area, topic, topic) + _request_values(counts, t, mask, year))
    return atomic_write(Path(out) / REQUESTS_FILE, csv_bytes(REQUESTS_HEADER, rows, bom=True, crlf=True))
