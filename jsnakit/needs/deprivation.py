"""Deprivation as context for an area's SEND figures: where the area stands on the English Indices of Deprivation 2019
(its rank and decile among the 151 upper-tier LAs of 2019 on the IMD average score, and its rank on the income
deprivation affecting children index), and how SEN prevalence goes with deprivation across all LAs (Spearman's rank
correlation with its confidence interval): :func:`deprivation_context`.

Deprivation comes from the catalogue's ``imd`` source (:func:`jsnakit.sources.mhclg.read_imd_summary`, File 11 of the
IoD 2019); an LA of 2019 that has been recoded since counts under today's code, and one split since (Cumbria,
Northamptonshire) has no single figure today, so neither it nor its successors are ranked or correlated. Prevalence
is the published (disclosed) ``ehc_pupils_pct``, or ``ehc_plans_per_10k`` where the folder holds no LA percentages.

References
----------
MHCLG (2019) *English indices of deprivation 2019*, File 11 (upper-tier LA summaries) and technical report, ch. 3,
https://www.gov.uk/government/statistics/english-indices-of-deprivation-2019.
Bonett DG, Wright TA (2000). Sample size requirements for estimating Pearson, Kendall and Spearman correlations.
Psychometrika 65:23-28. doi:10.1007/BF02294183
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats as scipy_stats

from .. import disclosure
from ..catalog import Catalog
from ..core import geography, indicators
from ..core.errors import ArgumentError, NotHeldError
from .national import usable

__all__ = ["deprivation_context", "DeprivationContext", "spearman_ci", "in_sentence", "PREVALENCE_INDICATORS",
           "MIN_AREAS", "POINT_COLUMNS"]

#: Prevalence indicators, in order of preference: the first the published frame holds for :data:`MIN_AREAS` LAs.
PREVALENCE_INDICATORS = ("ehc_pupils_pct", "ehc_plans_per_10k")
#: Fewest LAs with a published prevalence for a period to be correlated.
MIN_AREAS = 30
#: Columns of :attr:`DeprivationContext.points`.
POINT_COLUMNS = ["area_code", "area_name", "imd_score", "imd_rank", "prevalence"]


@dataclass(frozen=True)
class DeprivationContext:
    """An area's deprivation and the relation of SEN prevalence with deprivation across LAs.

    Attributes
    ----------
    area_code, area_name : str
        The area.
    vintage : int
        Year of the indices (2019).
    ranked : int
        LAs ranked in the file (151 upper-tier LAs on the geography of 2019); rank 1 is the most deprived.
    imd_score, imd_rank, imd_decile : float
        The area's IMD average score (population-weighted average LSOA score), its rank of average score and its
        decile among the ``ranked`` LAs (1 = the most deprived tenth: ``ceil(10 x rank / ranked)``); NaN when the
        area has no single figure (split or created since 2019).
    idaci_score, idaci_rank : float
        The same for the income deprivation affecting children index (share of children aged 0-15 in
        income-deprived families); NaN when the file has no IDACI sheet or the area no figure.
    note : str
        What became of the area since 2019 (the reader's note: recoded, split), '' for none.
    indicator, title, unit, period : str
        The prevalence correlated with deprivation and its period.
    points : pandas.DataFrame
        :data:`POINT_COLUMNS`, one row per LA with both figures (the correlation's data).
    rho, lower, upper, p_value : float
        Spearman's rank correlation of the IMD average score with prevalence, its confidence interval (Fisher's z
        with Bonett and Wright's variance, :func:`spearman_ci`) and scipy's two-sided p-value; NaN with fewer than
        :data:`MIN_AREAS` LAs.
    n : int
        LAs in the correlation.
    confidence : float
        Level of the interval.
    """

    area_code: str
    area_name: str
    vintage: int
    ranked: int
    imd_score: float
    imd_rank: float
    imd_decile: float
    idaci_score: float
    idaci_rank: float
    note: str
    indicator: str
    title: str
    unit: str
    period: str
    points: pd.DataFrame = field(repr=False)
    rho: float
    lower: float
    upper: float
    p_value: float
    n: int
    confidence: float

    def finding(self) -> str:
        """The relation in one sentence, for a chart's title: ``"More deprived areas have more pupils with an EHC
        plan (Spearman 0.35)"``; "No clear relation ..." when the interval holds 0."""
        if not np.isfinite(self.rho):
            return f"Too few areas to relate {in_sentence(self.title)} to deprivation"
        what = in_sentence(self.title)
        if self.lower > 0:
            return f"More deprived areas have more {what} (Spearman {self.rho:.2f})"
        if self.upper < 0:
            return f"More deprived areas have fewer {what} (Spearman {self.rho:.2f})"
        return f"No clear relation between deprivation and {what} (Spearman {self.rho:.2f})"

    def describe(self) -> str:
        """The area's deprivation and the relation, in plain sentences (for the factsheet's text)."""
        parts = []
        if np.isfinite(self.imd_rank):
            parts.append(f"{self.area_name} ranks {int(self.imd_rank)} of {self.ranked} upper-tier local "
                         f"authorities on the Index of Multiple Deprivation {self.vintage} average score (1 = most "
                         f"deprived; decile {int(self.imd_decile)}, 1 = the most deprived tenth)")
            if np.isfinite(self.idaci_rank):
                parts[-1] += f", and {int(self.idaci_rank)} of {self.ranked} on income deprivation affecting children"
            parts[-1] += "."
        else:
            parts.append(f"{self.area_name} has no single figure in the Indices of Deprivation {self.vintage}"
                         + (f" ({self.note})" if self.note else "") + ".")
        if np.isfinite(self.rho):
            level = f"{self.confidence * 100:g}%"
            what = in_sentence(self.title)
            parts.append(f"Across {self.n} local authorities, {what} ({self.period}) and the IMD "
                         f"average score have a Spearman rank correlation of {self.rho:.2f} ({level} confidence "
                         f"interval {self.lower:.2f} to {self.upper:.2f}).")
        return " ".join(parts)


def deprivation_context(catalog: Catalog, published, area_code: str, *, indicator: str | None = None,
                        period: str | None = None, up_to: str | None = None,
                        confidence: float = 0.95) -> DeprivationContext:
    """An area's deprivation (IoD 2019) and the relation of SEN prevalence with deprivation across all LAs.

    Parameters
    ----------
    catalog : Catalog
        The data folder; it must hold the IoD 2019 upper-tier summaries (source ``imd``).
    published : jsnakit.disclosure.Disclosed
        The published national frame (:func:`jsnakit.needs.profile.published`): the prevalence of every LA.
    area_code : str
        GSS code or DfE number of an upper-tier LA.
    indicator : str, optional
        The prevalence, one of :data:`PREVALENCE_INDICATORS`; default the first the frame holds for at least
        :data:`MIN_AREAS` LAs in one period.
    period : str, optional
        Its period; default the latest with at least :data:`MIN_AREAS` LAs.
    up_to : str, optional
        When ``period`` is not given, the latest such period at or before this one (``"2023/24"``).
    confidence : float, default 0.95
        Level of the correlation's interval.

    Returns
    -------
    DeprivationContext

    Raises
    ------
    ArgumentError
        When ``catalog`` holds no readable IoD summaries, ``published`` is not disclosed, the area is not an LA, or
        ``indicator``/``period`` has no LA values.
    NotHeldError
        When the prevalence is held for enough LAs only after ``up_to``.
    DisclosureError
        When ``published`` is not a :class:`~jsnakit.disclosure.Disclosed` frame.

    Examples
    --------
    >>> context = deprivation_context(catalog, profile.published(catalog), "E08000005")  # doctest: +SKIP
    >>> context.imd_rank, context.imd_decile                                               # doctest: +SKIP
    (14.0, 1.0)
    """
    frame = disclosure.require(published).frame
    if not isinstance(catalog, Catalog):
        raise ArgumentError(f"catalog must be a jsnakit.catalog.Catalog; got {type(catalog).__name__}")
    if not usable(catalog, "imd"):
        raise ArgumentError(f"the data folder {catalog.data_dir} holds no readable English Indices of Deprivation "
                            "upper-tier summaries (MHCLG File 11)")
    if not 0.5 <= confidence < 1:
        raise ArgumentError(f"confidence must be a fraction from 0.5 to below 1 (e.g. 0.95); got {confidence!r}")
    area = geography.area(area_code)
    code = str(area["area_code"])
    if area["area_type"] not in geography.LA_TYPES:
        raise ArgumentError(f"area_code must be an upper-tier local authority; got {area_code!r} "
                            f"({area['area_name']}, a {area['area_type']})")
    imd = catalog.load("imd")
    scores = _measure(imd, "IMD", "average_score")
    ranks = _measure(imd, "IMD", "rank_of_average_score")
    ranked = int(ranks["value"].notna().sum())
    vintage = int(ranks["vintage"].dropna().iloc[0]) if ranks["vintage"].notna().any() else 2019
    mine = ranks[ranks["current_code"] == code]
    note = _note(ranks, code)
    imd_rank = float(mine["value"].iloc[0]) if len(mine) else np.nan
    idaci_scores, idaci_ranks = _measure(imd, "IDACI", "average_score"), _measure(imd, "IDACI", "rank_of_average_score")
    if up_to is not None and period is None:
        earlier = frame[(frame["period"].astype(str) <= str(up_to)).to_numpy()]
        try:
            _prevalence(earlier, indicator, None)
        except ArgumentError:
            _prevalence(frame, indicator, None)  # held at all (else its ArgumentError), but only after up_to
            raise NotHeldError(f"the data folder holds no prevalence of SEN for {MIN_AREAS} or more local "
                               f"authorities up to {up_to}") from None
        frame = earlier
    indicator, period, prevalence = _prevalence(frame, indicator, period)
    by_area = scores.dropna(subset=["current_code"]).set_index("current_code")
    points = pd.DataFrame({"area_code": prevalence.index})
    points["area_name"] = points["area_code"].map(geography.areas()["area_name"])
    points["imd_score"] = points["area_code"].map(by_area["value"])
    rank_of = ranks.dropna(subset=["current_code"]).set_index("current_code")["value"]
    points["imd_rank"] = points["area_code"].map(rank_of)
    points["prevalence"] = points["area_code"].map(prevalence)
    points = points.dropna(subset=["imd_score", "prevalence"]).sort_values("imd_score", kind="stable")
    points = points.reset_index(drop=True)[POINT_COLUMNS]
    n = len(points)
    if n >= MIN_AREAS:
        result = scipy_stats.spearmanr(points["imd_score"], points["prevalence"])
        rho, p_value = float(result.statistic), float(result.pvalue)
        lower, upper = spearman_ci(rho, n, confidence=confidence)
    else:
        rho = p_value = lower = upper = np.nan
    spec = indicators.get(indicator)
    return DeprivationContext(
        area_code=code, area_name=str(area["area_name"]), vintage=vintage, ranked=ranked,
        imd_score=_at(scores, code), imd_rank=imd_rank,
        imd_decile=float(math.ceil(10 * imd_rank / ranked)) if np.isfinite(imd_rank) else np.nan,
        idaci_score=_at(idaci_scores, code), idaci_rank=_at(idaci_ranks, code), note=note,
        indicator=indicator, title=spec.title, unit=spec.unit, period=period, points=points, rho=rho, lower=lower,
        upper=upper, p_value=p_value, n=n, confidence=confidence)


def in_sentence(title: str) -> str:
    """An indicator's title inside a sentence: its first letter lower-cased, unless its first word is an acronym.

    Parameters
    ----------
    title : str
        The title (``"Pupils with an EHC plan"``).

    Returns
    -------
    str

    Examples
    --------
    >>> in_sentence("Pupils with an EHC plan"), in_sentence("EHC plans per 10,000 children")
    ('pupils with an EHC plan', 'EHC plans per 10,000 children')
    """
    first = title.split(" ", 1)[0]
    if sum(c.isupper() for c in first) >= 2:
        return title
    return title[:1].lower() + title[1:]


def spearman_ci(rho: float, n: int, *, confidence: float = 0.95) -> tuple[float, float]:
    """Confidence interval of Spearman's rank correlation by Fisher's z transformation with the variance of Bonett
    and Wright (2000), ``(1 + rho^2 / 2) / (n - 3)``.

    Parameters
    ----------
    rho : float
        Spearman's rank correlation, between -1 and 1.
    n : int
        Number of pairs, at least 4.
    confidence : float, default 0.95
        Level of the interval.

    Returns
    -------
    lower, upper : float
        ``tanh(atanh(rho) -/+ z sqrt((1 + rho^2/2) / (n - 3)))``, z the two-sided normal quantile; (-1, 1) bounds
        hold. A rho of exactly +-1 gives (rho, rho).

    Raises
    ------
    ArgumentError
        When ``rho`` is outside [-1, 1] or ``n`` below 4.

    References
    ----------
    Bonett DG, Wright TA (2000). Sample size requirements for estimating Pearson, Kendall and Spearman correlations.
    Psychometrika 65:23-28. doi:10.1007/BF02294183

    Examples
    --------
    >>> [round(x, 3) for x in spearman_ci(0.5, 100)]
    [0.326, 0.641]
    """
    if not (isinstance(n, (int, np.integer)) and n >= 4):
        raise ArgumentError(f"n must be a whole number of pairs, at least 4; got {n!r}")
    if not -1 <= rho <= 1:
        raise ArgumentError(f"rho must be a correlation from -1 to 1; got {rho!r}")
    if abs(rho) == 1:
        return float(rho), float(rho)
    z = scipy_stats.norm.ppf(1 - (1 - confidence) / 2)
    half = z * math.sqrt((1 + rho ** 2 / 2) / (n - 3))
    centre = math.atanh(rho)
    return math.tanh(centre - half), math.tanh(centre + half)


def _measure(imd: pd.DataFrame, domain: str, measure: str) -> pd.DataFrame:
    return imd[(imd["domain"] == domain) & (imd["measure"] == measure)]


def _at(rows: pd.DataFrame, code: str) -> float:
    mine = rows[rows["current_code"] == code]
    return float(mine["value"].iloc[0]) if len(mine) else np.nan


def _note(ranks: pd.DataFrame, code: str) -> str:
    """The reader's note on the area: its own row's (recoded since), or that of the 2019 LA it was split from."""
    own = ranks.loc[ranks["current_code"] == code, "note"].dropna()
    if len(own):
        return str(own.iloc[0])
    former = ranks[ranks["note"].astype("string").str.contains(code, regex=False).fillna(False)]
    if len(former):
        return f"{former['area_name'].iloc[0]} in {int(former['vintage'].iloc[0])}: {former['note'].iloc[0]}"
    return ""


def _prevalence(frame: pd.DataFrame, indicator: str | None, period: str | None) -> tuple[str, str, pd.Series]:
    """The prevalence indicator, its period and the published value of each LA (withheld ones left out)."""
    if indicator is not None and indicator not in PREVALENCE_INDICATORS:
        raise ArgumentError(f"indicator must be one of {list(PREVALENCE_INDICATORS)}; got {indicator!r}")
    rows = frame[frame["area_type"].isin(geography.LA_TYPES) & (frame["breakdown"] == "All")
                 & frame["value"].notna()]
    for candidate in ([indicator] if indicator else PREVALENCE_INDICATORS):
        mine = rows[rows["indicator"] == candidate]
        counts = mine.groupby(mine["period"].astype(str))["area_code"].nunique()
        if period is not None:
            if counts.get(str(period), 0) >= (1 if indicator else MIN_AREAS):
                chosen = str(period)
            else:
                continue
        else:
            enough = counts[counts >= MIN_AREAS]
            if enough.empty:
                continue
            chosen = str(enough.index.max())
        values = mine[mine["period"].astype(str) == chosen].drop_duplicates("area_code")
        return candidate, chosen, values.set_index("area_code")["value"].astype(float)
    asked = indicator or " or ".join(PREVALENCE_INDICATORS)
    raise ArgumentError(f"indicator and period must have published values for local authorities; got {asked} in "
                        f"{period or 'any period'}, which has none for {MIN_AREAS} or more LAs")

