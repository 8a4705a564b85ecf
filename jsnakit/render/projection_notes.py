"""The notes under a factsheet's projection: the back-test in words (how far off the projections were, how often
their intervals held the published figure, which method did best and how sure that is) and which populations were
estimates and which were made up.
"""
from __future__ import annotations

from ..disclosure.projections import round_modelled
from ..projection.backtesting import PUBLISHED
from ..projection.report import BacktestReport

__all__ = ["backtest_text", "population_text", "changes_text", "METHOD_WORDS"]

#: Each back-test method in words.
METHOD_WORDS = {
    PUBLISHED: "this projection",
    "mean growth": "the mean yearly growth",
    "last year's growth": "last year's growth",
    "1-2-3 weighted growth": "the 1-2-3 weighted growth",
    "linear trend": "the linear trend",
    "ETS": "exponential smoothing (ETS)",
    "Theta": "the Theta method",
    "combination": "the average of ETS, Theta and mean growth",
}


def _percent(share: float) -> str:
    return f"{100 * share:.0f}%"


def backtest_text(report: BacktestReport | None, *, horizon: int = 3) -> str:
    """What the back-test says about the published projection, as Markdown.

    Parameters
    ----------
    report : BacktestReport or None
        :func:`jsnakit.projection.evidence.backtest_evidence` of the data folder; None when it could not be made.
    horizon : int, default 3
        Years ahead to report (the longest scored when the report has fewer).

    Returns
    -------
    str
        One paragraph: the origins and local authorities tested; the projection's median error and the coverage of
        its 50%, 80% and 95% intervals (in the era the factsheet forecasts into when the report has it); the method
        with the lowest interval score and the lowest median error; and the paired comparison of the projection with
        the best other method: the difference in interval score with its 95% interval, and whether it is
        significant. Without a report, a sentence saying the folder holds too few years to test the projection.

    Examples
    --------
    >>> backtest_text(None)
    '*The data folder holds too few years of EHC plans to test this projection against what was later published.*'
    """
    if report is None:
        return ("*The data folder holds too few years of EHC plans to test this projection against what was later "
                "published.*")
    horizon = min(horizon, max(report.horizons))
    summary = report.summary
    later = [e for e in summary["era"].unique() if e.startswith("from")]
    era = later[0] if later and (summary["era"] == later[0]).any() else "all"
    rows = summary[(summary["era"] == era) & (summary["horizon"] == horizon)].set_index("method")
    if PUBLISHED not in rows.index or horizon not in report.spans:
        return ("*This projection could not be tested against what was later published: the data folder holds too "
                "few years for it.*")
    mine = rows.loc[PUBLISHED]
    others = rows.drop(index=PUBLISHED)
    first, last = report.spans[horizon]
    if era != "all":
        first = max(first, era.split()[-1])
    years = "year" if horizon == 1 else "years"
    span = f"from each January from {first} to {last}" if first != last else f"from January {first}"
    text = (f"**How far can this projection be trusted?** It was tested on the published caseload of "
            f"{report.areas} local authorities: projected {span} with only the years before it, and set against "
            f"the figure published {horizon} {years} later. Its median error was {mine['mdape']:.1f}%, and its 50%, "
            f"80% and 95% intervals held the published figure {_percent(mine['coverage_50'])}, "
            f"{_percent(mine['coverage_80'])} and {_percent(mine['coverage_95'])} of the time.")
    if len(others):
        best_wis, best_error = rows["wis"].idxmin(), rows["mdape"].idxmin()
        named = ", ".join(METHOD_WORDS.get(m, m) for m in others.index)
        if best_wis == best_error:
            best = (f"{METHOD_WORDS.get(best_wis, best_wis)} had both the best interval score (which rewards narrow "
                    f"intervals that hold the published figure) and the smallest median error")
        else:
            best = (f"{METHOD_WORDS.get(best_wis, best_wis)} had the best interval score (which rewards narrow "
                    f"intervals that hold the published figure) and {METHOD_WORDS.get(best_error, best_error)} the "
                    f"smallest median error")
        text += f" Of the methods tried ({METHOD_WORDS[PUBLISHED]}, {named}), {best}."
        runner = others["wis"].idxmin()
        pair = report.comparison[(report.comparison["against"] == runner) & (report.comparison["era"] == era)
                                 & (report.comparison["horizon"] == horizon)]
        if len(pair):
            p = pair.iloc[0]
            significant = p["wis_upper"] < 0 or p["wis_lower"] > 0
            text += (f" Its interval score minus that of the best of the others, "
                     f"{METHOD_WORDS.get(runner, runner)}, was {p['wis_difference']:+.1f} (in % of the published "
                     f"figure; below 0 this projection is better; 95% interval {p['wis_lower']:+.1f} to "
                     f"{p['wis_upper']:+.1f}, from resampling local authorities): "
                     + ("a difference larger than chance." if significant else "a difference that could be chance."))
    if era != "all" and any(o < era.split()[-1] for o in report.origins):
        text += (f" Projections from before {era.split()[-1]} are left out of these figures: the 2014 reforms raised "
                 "the growth of plans from about 2% a year to about 10% in a way no earlier year foretold.")
    return text

def changes_text(changes, *, area_name: str) -> str:
    """A warning when the area's recent totals hold a change far outside every local authority's: a possible break
    in the data that the projection takes at face value.

    Parameters
    ----------
    changes : pandas.DataFrame
        :func:`jsnakit.projection.totals.unusual_changes` of the area (its rows are totals of EHC plans, persons,
        before disclosure control: the sentence rounds them as the projection's figures are rounded,
        :func:`jsnakit.disclosure.projections.round_modelled`: to the nearest 10, and none under 10).
    area_name : str
        The area's name (keyword only).

    Returns
    -------
    str
        One paragraph (Markdown); empty when no change is far out.

    Examples
    --------
    >>> import pandas as pd
    >>> changes = pd.DataFrame([{"period": "2024/25", "before": 2705.0, "after": 1199.0, "change": -0.557,
    ...                          "low": -0.113, "high": 0.363}])
    >>> print(changes_text(changes, area_name="Newham"))  # doctest: +NORMALIZE_WHITESPACE
    **Check the data before using this projection.** Newham's EHC plans fell by 56% in January 2025 (from about
    2,700 to about 1,200), far outside the changes of every local authority over the same years (from a fall of 11%
    to a rise of 36%). If this is a change in how plans were recorded rather than in the children who have them,
    the projection, which takes it at face value, will be wrong for Newham: its growth and its intervals both
    carry it.
    """
    if changes is None or len(changes) == 0:
        return ""

    def size(value: float) -> str:
        shown = round_modelled([value], minimum=10).iloc[0]  # the rule for every figure the projection publishes
        return f"about {shown:,.0f}" if shown == shown else "fewer than 10"

    def move(change: float) -> str:
        return f"a fall of {-change:.0%}" if change < 0 else f"a rise of {change:.0%}"

    parts = []
    for row in changes.itertuples():
        verb = "fell" if row.change < 0 else "rose"
        parts.append(f"{verb} by {abs(row.change):.0%} in January {int(str(row.period)[:4]) + 1} (from "
                     f"{size(row.before)} to {size(row.after)})")
    first = changes.iloc[0]
    return (f"**Check the data before using this projection.** {area_name}'s EHC plans {'; and '.join(parts)}, far "
            f"outside the changes of every local authority over the same years (from {move(first['low'])} to "
            f"{move(first['high'])}). If this is a change in how plans were recorded rather than in the children who "
            f"have them, the projection, which takes it at face value, will be wrong for {area_name}: its growth and "
            f"its intervals both carry it.")


def _years(periods: list) -> str:
    labels = [str(p) for p in periods]
    return labels[0] if len(labels) == 1 else f"{labels[0]} to {labels[-1]}"


def population_text(years: dict | None) -> str:
    """Which populations the projection's rates per head used, and which of them were made up, as one sentence.

    Parameters
    ----------
    years : dict or None
        :func:`jsnakit.projection.common.population_years` of the years the cohort split looks back on (its window
        up to the latest January); None when the folder holds no population.

    Returns
    -------
    str
        The sentence (Markdown, in italics).

    Examples
    --------
    >>> population_text({"estimated": ["2021/22"], "held": ["2019/20", "2020/21"], "aged": ["2022/23"],
    ...                  "first": 2021, "last": 2021})  # doctest: +NORMALIZE_WHITESPACE
    '*Populations: the data folder holds ONS mid-year estimates for mid-2021 only. The new plans per head of
    2019/20 to 2020/21 are set against the mid-2021 estimate (no earlier one is in the folder), and those of 2022/23
    against the mid-2021 estimate aged on a year at a time (births held, no deaths or migration), as are the years
    projected.*'
    """
    if years is None or years.get("first") is None:
        return ("*Populations: the data folder holds no ONS mid-year estimates for this area, so new plans join the "
                "split by age at a rate per plan already held, not per head of population.*")
    span = (f"mid-{years['first']} only" if years["first"] == years["last"]
            else f"mid-{years['first']} to mid-{years['last']}")
    text = f"*Populations: the data folder holds ONS mid-year estimates for {span}."
    made_up = []
    if years["held"]:
        made_up.append(f"{_years(years['held'])} are set against the mid-{years['first']} estimate (no earlier one "
                       f"is in the folder)")
    if years["aged"]:
        made_up.append(f"{_years(years['aged'])} against the mid-{years['last']} estimate aged on a year at a time "
                       f"(births held, no deaths or migration)")
    if len(made_up) == 2:
        made_up[1] = "those of " + made_up[1]
    elif made_up and not years["held"]:
        made_up[0] = made_up[0].replace(" against", " are set against", 1)
    made_up = [("the new plans per head of " + made_up[0])] + made_up[1:] if made_up else []
    if made_up:
        sentence = ", and ".join(made_up)
        text += f" {sentence[0].upper()}{sentence[1:]}, as are the years projected.*"
    else:
        text += (f" Each year's new plans per head use that year's estimate; the years projected use the "
                 f"mid-{years['last']} estimate aged on a year at a time (births held, no deaths or migration).*")
    return text
