"""The back-test as a report: every method's scores by horizon and era, the paired comparison of the published model
with each other method, and which method won; as text for people and JSON for machines (``jsnakit backtest``).
"""
from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd

from ..core.errors import ArgumentError
from .backtesting import METHODS, PUBLISHED, backtest_forecasts, summarise_backtest
from .common import shift_period, whole_number
from .pooled_growth import LAGS
from .scoring import paired_comparison, score_forecasts
from .totals import totals_table

__all__ = ["BacktestReport", "backtest_report", "default_origins"]


def default_origins(caseload: pd.DataFrame, *, horizons=(1, 2, 3)) -> list[str]:
    """Every origin a back-test can score: at least ``LAGS + 3`` Januaries up to it (the five the published model
    needs for its autoregression on two lags, which leave every baseline four growths), and a published total
    ``min(horizons)`` years on.

    Parameters
    ----------
    caseload : pandas.DataFrame
        Count frame of EHC plans in January (``All`` rows).
    horizons : sequence of int, default (1, 2, 3)
        Years ahead.

    Returns
    -------
    list of str
        Academic years, oldest first.
    """
    periods = [p for p in totals_table(caseload).columns if p != "area_type"]
    first = min(horizons)
    return [p for i, p in enumerate(periods) if i >= LAGS + 2 and shift_period(p, first) in periods]


@dataclass
class BacktestReport:
    """A back-test's results (:func:`backtest_report`).

    Attributes
    ----------
    summary : pandas.DataFrame
        :data:`jsnakit.projection.BACKTEST_COLUMNS`, by method, era and horizon.
    comparison : pandas.DataFrame
        :data:`jsnakit.projection.scoring.COMPARISON_COLUMNS`: the published model against each other method.
    origins : list of str
        The origins scored.
    areas : int
        Local authorities scored.
    horizons : tuple of int
        Years ahead scored (those with a published total to score at some origin).
    spans : dict
        Horizon -> the first and last origin at which the published model was scored that many years ahead (empty
        when it was scored nowhere).
    """

    summary: pd.DataFrame
    comparison: pd.DataFrame
    origins: list
    areas: int
    horizons: tuple
    spans: dict

    def winner(self, *, horizon: int | None = None, era: str = "all", score: str = "wis") -> str:
        """The method with the lowest ``score`` (``"wis"`` or ``"mdape"``) at ``horizon`` (default the longest).

        Parameters
        ----------
        horizon : int, optional
            Years ahead; default the longest scored.
        era : str, default "all"
            ``"all"``, ``"before 2016/17"`` or ``"from 2016/17"``.
        score : {"wis", "mdape"}, default "wis"
            The score to rank by.

        Returns
        -------
        str
            The method's name.
        """
        horizon = max(self.horizons) if horizon is None else horizon
        rows = self.summary[(self.summary["horizon"] == horizon) & (self.summary["era"] == era)]
        if rows.empty:
            raise ArgumentError(f"era and horizon must be ones the back-test scored; got {era!r}, {horizon!r}")
        return str(rows.sort_values(score)["method"].iloc[0])

    def to_text(self) -> str:
        """The report as plain text: one table per era, then the paired comparison at the longest horizon."""
        lines = [f"Rolling-origin back-test: {self.areas} local authorities, origins {self.origins[0]} to "
                 f"{self.origins[-1]}, horizons {', '.join(str(h) for h in self.horizons)} years.",
                 "MdAPE: median absolute % error of the median; cover: share of published totals inside the 50/80/95% "
                 "interval; width: median 95% width, % of the median; WIS: mean weighted interval score, % of the "
                 "published total (lower is better)."]
        for era, rows in self.summary.groupby("era", sort=False):
            table = rows.pivot(index="method", columns="horizon",
                               values=["mdape", "coverage_50", "coverage_80", "coverage_95", "width_95", "wis"])
            table = table.reindex([m for m in METHODS if m in set(rows["method"])])
            names = {"mdape": "MdAPE", "coverage_50": "cover50", "coverage_80": "cover80", "coverage_95": "cover95",
                     "width_95": "width", "wis": "WIS"}
            table.columns = [f"{names[m]} h{h}" for m, h in table.columns]
            with pd.option_context("display.width", 250, "display.max_columns", 50,
                                   "display.float_format", "{:.3f}".format):
                lines += ["", f"Origins: {era} (n = {int(rows['n'].min())} to {int(rows['n'].max())} forecasts per "
                              f"method and horizon)", table.to_string()]
        horizon = max(self.horizons)
        rows = self.comparison[self.comparison["horizon"] == horizon]
        if len(rows):
            lines += ["", f"Paired comparison at {horizon} years: the published model minus each other method on the "
                          f"same forecasts (negative: the model is better), 95% intervals from resampling local "
                          f"authorities; an interval that excludes 0 is significant at the 5% level."]
            shown = rows[["against", "era", "n", "mdape_difference", "mdape_lower", "mdape_upper", "wis_difference",
                          "wis_lower", "wis_upper", "better_share"]]
            with pd.option_context("display.width", 250, "display.float_format", "{:.3f}".format):
                lines.append(shown.to_string(index=False))
        for era in ("all", *[e for e in self.summary["era"].unique() if e != "all"]):
            try:
                lines.append(f"Lowest WIS at {horizon} years, origins {era}: {self.winner(era=era)}; lowest MdAPE: "
                             f"{self.winner(era=era, score='mdape')}.")
            except ArgumentError:
                continue
        return "\n".join(lines)

    @classmethod
    def from_json(cls, text: str) -> "BacktestReport":
        """The report of :meth:`to_json`.

        Parameters
        ----------
        text : str
            JSON written by :meth:`to_json`.

        Returns
        -------
        BacktestReport
            The same summary, comparison, origins, areas and horizons.
        """
        data = json.loads(text)
        return cls(summary=pd.DataFrame(data["summary"]), comparison=pd.DataFrame(data["comparison"]),
                   origins=list(data["origins"]), areas=int(data["areas"]), horizons=tuple(data["horizons"]),
                   spans={int(h): tuple(v) for h, v in data["spans"].items()})

    def to_json(self) -> str:
        """The report as JSON: ``origins``, ``areas``, ``horizons``, ``published``, ``spans``, ``summary`` and
        ``comparison`` (lists of records)."""
        return json.dumps({"origins": self.origins, "areas": self.areas, "horizons": list(self.horizons),
                           "published": PUBLISHED, "spans": {str(h): list(v) for h, v in self.spans.items()},
                           "summary": self.summary.to_dict(orient="records"),
                           "comparison": self.comparison.to_dict(orient="records")}, indent=1)


def backtest_report(caseload: pd.DataFrame, *, origins=None, horizons=(1, 2, 3), areas=None,
                    simulations: int = 1000, seed: int = 0, methods=METHODS, jobs: int = 1,
                    resamples: int = 2000) -> BacktestReport:
    """Run the back-test and compare the published model with every other method.

    Parameters
    ----------
    caseload : pandas.DataFrame
        Count frame of EHC plans in January for every local authority, on today's areas (e.g.
        ``geography.to_current_areas(Catalog(folder).load("ehc_caseload"))``).
    origins : sequence of str, optional
        Academic years to project from; default :func:`default_origins`.
    horizons : sequence of int, default (1, 2, 3)
        Years ahead.
    areas : sequence of str, optional
        Local authorities to score (the model's pool is always all of them); default all.
    simulations : int, default 1000
        Simulations of the published model per origin.
    seed : int, default 0
        Random seed.
    methods : sequence of str, default :data:`jsnakit.projection.backtesting.METHODS`
        Methods to run (the published model always).
    jobs : int, default 1
        Processes to share the origins between.
    resamples : int, default 2000
        Bootstrap resamples of the paired comparison.

    Returns
    -------
    BacktestReport
        The summary and the paired comparison.

    Raises
    ------
    ArgumentError
        No origin to score, or the arguments of :func:`jsnakit.projection.backtest_forecasts`.
    """
    horizons = tuple(whole_number("horizons", h, 1) for h in horizons)
    origins = default_origins(caseload, horizons=horizons) if origins is None else [str(o) for o in origins]
    if not origins:
        raise ArgumentError(f"caseload must hold at least {LAGS + 3} Januaries up to one with a published total "
                            f"after it to back-test; got too few")
    methods = tuple(dict.fromkeys([PUBLISHED, *methods]))
    detail = backtest_forecasts(caseload, origins=origins, horizons=horizons, simulations=simulations, seed=seed,
                                areas=areas, methods=methods, jobs=jobs)
    if detail.empty:
        raise ArgumentError(f"origins must leave published totals to score; got none scored for {origins!r}")
    summary = summarise_backtest(detail)
    comparison = paired_comparison(score_forecasts(detail), PUBLISHED, resamples=resamples, seed=seed)
    scored_origins = sorted(detail["origin"].unique())
    mine = detail[detail["method"] == PUBLISHED]
    spans = {int(h): (min(rows["origin"]), max(rows["origin"])) for h, rows in mine.groupby("horizon")}
    return BacktestReport(summary=summary, comparison=comparison, origins=scored_origins, spans=spans,
                          areas=int(detail["area_code"].nunique()),
                          horizons=tuple(int(h) for h in sorted(detail["horizon"].unique())))
