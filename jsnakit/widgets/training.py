"""Exercise checks for the training notebooks (``workbooks/training/``).

A training notebook asks a question, leaves ``answer = None`` for the trainee to fill in, and checks it with
:meth:`Course.check`: ``course.check("04.2", answer)``. The check works out the right answer itself, here in the
library, from the notebook's data folder (the :data:`EXERCISES` registry), so no cell of the notebook holds or prints
it; it says plainly whether the answer is right, and if not gives a hint, never the right answer. The solution follows
in a cell the trainer can reveal (its source is collapsed in JupyterLab and it is tagged ``solution``); it works the
answer out as a trainee would and calls the same check, so the notebooks run top to bottom in the tests with every
check passing.

Nothing here computes a statistic: the right answers come from the library (``profile``, ``methods``,
``projection``, ``gaps``, ``disclosure``), exactly as the notebooks' worked examples use it. :func:`check` is the
comparison underneath, for any answer and expected value; :func:`toyborough` is notebook 6's made-up table;
:func:`save_with_outputs` runs a notebook and saves it with its outputs, for trainers to read before running it.
"""
from __future__ import annotations

import base64
import html
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from .. import disclosure, gaps, projection
from ..catalog import Catalog
from ..core import geography, schema
from ..core.errors import ArgumentError
from ..needs import profile
from ..stats import methods

__all__ = ["Check", "check", "Exercise", "EXERCISES", "SETTINGS", "Course", "toyborough", "save_with_outputs"]

#: The notebook parameters an exercise may depend on, with the notebooks' defaults (the sample data's areas).
SETTINGS = {"area_code": "E09000019", "second_area": "E10000003", "simulations": 200}

NOT_ANSWERED = "… Not answered yet: set answer and run this cell again."


@dataclass(frozen=True)
class Check:
    """The outcome of one exercise check.

    Attributes
    ----------
    passed : bool or None
        True when right, False when wrong, None when not answered yet.
    text : str
        What the trainee reads.
    """

    passed: bool | None
    text: str

    def __bool__(self) -> bool:
        return bool(self.passed)

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        colour = {True: "#1B5E20", False: "#B71C1C", None: "#424242"}[self.passed]
        return f'<p style="color:{colour}"><strong>{html.escape(self.text)}</strong></p>'


def check(answer, expected, *, tolerance: float = 0.0, hint: str = "") -> Check:
    """Compare a trainee's answer with the expected one.

    The message of a wrong answer repeats the answer and the hint, never the expected value; that of a right answer
    says the right value.

    Parameters
    ----------
    answer : object
        The trainee's answer; ``None`` means not answered yet.
    expected : object
        The right answer: a number, a string (compared ignoring case and surrounding spaces), a sequence (compared
        item by item, in order), or a set (compared as a set).
    tolerance : float, default 0
        For numbers: the largest absolute difference accepted (e.g. 0.05 for a percentage to one decimal place).
    hint : str, optional
        Said when the answer is wrong.

    Returns
    -------
    Check
        Shown in the notebook as a sentence: "✓ Right: ...", "✗ Not yet: ... Hint: ..." or "… Not answered yet".

    Examples
    --------
    >>> check(7.5, 7.46, tolerance=0.05).passed
    True
    >>> check(None, 7.46).text
    '… Not answered yet: set answer and run this cell again.'
    >>> check("Higher", "higher").passed
    True
    """
    if answer is None:
        return Check(None, NOT_ANSWERED)
    if _same(answer, expected, tolerance):
        return Check(True, f"✓ Right: {_show(expected)}.")
    text = f"✗ Not yet: you have {_show(answer)}."
    return Check(False, text + (f" Hint: {hint}" if hint else ""))


# --- the exercises ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Exercise:
    """One exercise of the course: how its right answer is worked out from the data, and how it is checked.

    Attributes
    ----------
    key : str
        ``"NN.k"``: notebook NN's exercise k, e.g. ``"04.2"``.
    question : str
        The question in one line (the notebook asks it in full).
    hint : str
        Said with a wrong answer; it never holds the right answer.
    compute : callable
        ``compute(course)`` -> the right answer, from ``course.catalog``, ``course.published`` and
        ``course.settings``. For trainers and tests; the notebooks call :meth:`Course.check`.
    tolerance : float, default 0
        For numbers: the largest absolute difference accepted.
    """

    key: str
    question: str
    hint: str
    compute: Callable
    tolerance: float = 0.0


class _Unfit(Exception):
    """The data folder does not fit the exercise (e.g. real data with gaps in two needs where the samples have one)."""


def _row(course, indicator, area_code, period, breakdown="All", category="All") -> pd.Series:
    rows = course.published.query(indicator=indicator, area_code=area_code, period=period, breakdown=breakdown,
                                  category=category).frame
    if len(rows) != 1:
        raise _Unfit(f"no published {indicator} figure for {area_code} in {period}")
    return rows.iloc[0]


def _census_gap(course):
    return (_row(course, "ehc_plans", "E09000019", "2024/25")["count"]
            - _row(course, "ehc_pupils_pct", "E09000019", "2024/25")["count"])


def _funnel(course) -> pd.DataFrame:
    """The funnel of notebook 2: pupils with an EHC plan in January 2026, every local authority with figures."""
    las = profile.across_areas(course.published, "ehc_pupils_pct", "2025/26").frame
    las = las[las["area_type"].isin(geography.LA_TYPES) & las["count"].notna() & las["denominator"].notna()
              & las["value"].notna()]
    return methods.funnel_significance(las, statistic="proportion").set_index("area_code")


def _rochdale(course, indicator, column):
    frame = profile.comparison_frame(course.published, "E08000005", neighbours=course.catalog.load("neighbours"))
    return frame.query("indicator == @indicator and breakdown == 'All'")[column].item()


def _scenario(course, **options):
    """One disclosed projection of the area's EHC plans, ten years ahead, as notebook 4 runs it."""
    caseload = geography.to_current_areas(course.catalog.load("ehc_caseload"))
    frame = projection.project(caseload, course.catalog.load("population"), area_code=course.settings["area_code"],
                               years=10, simulations=course.settings["simulations"], **options)
    return disclosure.apply_projection(frame).frame.query("age_band == 'All' and need == 'All'")


def _projected_2030(course):
    rows = _scenario(course).query("period == '2029/30'")
    if rows.empty:
        raise _Unfit("the projection holds no 2029/30")
    row = rows.iloc[0]
    return [int(row["median"]), int(row["lower_95"]), int(row["upper_95"])]


def _highest_scenario(course):
    neighbours = course.catalog.load("neighbours")
    last = {}
    for name in ("recent growth", "rates held", "converge to England", "converge to neighbours"):
        frame = _scenario(course, scenario=name, neighbours=neighbours).sort_values("period")
        last[name] = frame["median"].iloc[-1]
    return max(last, key=last.get)


def _backtest_mdape(course):
    caseload = geography.to_current_areas(course.catalog.load("ehc_caseload"))
    detail = projection.backtest_forecasts(caseload, origins=["2022/23", "2023/24"], horizons=(1, 2),
                                           simulations=course.settings["simulations"],
                                           areas=["E09000019", "E08000005", "E10000003"], methods=["model"])
    summary = projection.summarise_backtest(detail).query("era == 'all' and method == 'model' and horizon == 2")
    return round(float(summary["mdape"].iloc[0]), 1)


def _analysis(course, area_code):
    analysis, _ = gaps.from_catalog(course.catalog, area_code, published=course.published,
                                    neighbours=course.catalog.load("neighbours"))
    return analysis


def _coverage_gap(course):
    found = _analysis(course, course.settings["area_code"]).gaps()
    if found["need"].nunique() != 1:
        raise _Unfit("the exercise expects the gaps of exactly one need")
    return (str(found["need"].iloc[0]), [str(band) for band in found["age_band"]])


def _special_school_shortfall(course):
    capacity = _analysis(course, course.settings["area_code"]).capacity
    now = capacity[(capacity["service_type"] == "special_school") & (capacity["need"] == "All")
                   & (capacity["kind"] == "published")]
    if now.empty:
        raise _Unfit("the area has no special school places in its commissioning register")
    return round(float(now["shortfall"].iloc[0]))


def _lone_partner(course):
    lone = _analysis(course, course.settings["second_area"]).single_partner()
    partners = lone.loc[lone["service_type"] == "speech_and_language_therapy", "partner"].unique()
    if len(partners) != 1:
        raise _Unfit("the exercise expects one partner commissioning speech and language therapy alone")
    return str(partners[0])


def _toy(rules=None) -> pd.DataFrame:
    return disclosure.apply(toyborough(), rules).frame


def _secondary(course):
    disclosed = disclosure.apply(toyborough())
    return set(disclosed.frame.loc[disclosed.reasons == disclosure.PROTECTING, "category"])


def _rounded_suppressed(course):
    return int((_toy(disclosure.Rules(round_to=5))["note"] == disclosure.SUPPRESSED).sum())


def _rounded_total(course):
    frame = _toy(disclosure.Rules(round_to=5))
    return int(frame.query("indicator == 'ehc_plans' and breakdown == 'All'")["count"].iloc[0])


def _exercises(*items) -> dict[str, Exercise]:
    return {item.key: item for item in items}


#: Every exercise of the course, by key (``"NN.k"``: notebook NN, exercise k).
EXERCISES = _exercises(
    Exercise("01.1", "EHC plans SEN2 counts for Islington in January 2025 that the census does not count as pupils",
             "Take the census count of pupils with an EHC plan away from SEN2's count of EHC plans maintained, both "
             "for January 2025.", _census_gap),
    Exercise("01.2", "% of Islington's EHC plans in further education, January 2025",
             "Divide the plans in further education by all of Islington's EHC plans maintained, and multiply by 100.",
             lambda c: _row(c, "ehc_placement_share", "E09000019", "2024/25", "placement",
                            "Further education")["value"], 0.05),
    Exercise("01.3", "Islington's EHC plans per 10,000 residents aged 0-25, January 2025",
             "Plans divided by residents aged 0-25, times 10,000.",
             lambda c: _row(c, "ehc_plans_per_10k", "E09000019", "2024/25")["value"], 0.05),
    Exercise("02.1", "The Wilson score 95% interval of 42 out of 730, in %",
             "Use x = 42, n = 730, z = 1.96 in the formula (or methods.wilson_ci(42, 730)), then multiply by 100.",
             lambda c: [100 * float(limit) for limit in methods.wilson_ci(42, 730, confidence=0.95)], 0.01),
    Exercise("02.2", "Is Cambridgeshire outside the 99.8% funnel limits, January 2026?",
             "Look at the dotted lines, or at where.loc[CAMBRIDGESHIRE, 'significance']: '99.8%' means outside the "
             "99.8% limits.",
             lambda c: "yes" if _funnel(c).loc["E10000003", "significance"] == "99.8%" else "no"),
    Exercise("02.3", "Local authorities above the upper 99.8% funnel limit, January 2026",
             "Count the rows of where whose comparison is 'higher' and whose significance is '99.8%'.",
             lambda c: _funnel(c).query("comparison == 'higher' and significance == '99.8%'").shape[0]),
    Exercise("03.1", "Rochdale's EHC plan prevalence against England at 95%",
             "Is England's value below, inside or above Rochdale's 95% confidence interval? Look at the 'comparison' "
             "column of profile.standing.", lambda c: _rochdale(c, "ehc_pupils_pct", "comparison")),
    Exercise("03.2", "Rochdale's pupils on SEN support against England, two levels",
             "Work out the 99.8% interval with methods.wilson_ci(count, denominator, confidence=0.998), or read the "
             "'significance' column of profile.standing.", lambda c: _rochdale(c, "sen_support_pct", "significance")),
    Exercise("03.3", "Rochdale's rank on EHC plans per 10,000 residents aged 0-25",
             "The 'rank' column of profile.standing, row ehc_plans_per_10k.",
             lambda c: _rochdale(c, "ehc_plans_per_10k", "rank")),
    Exercise("04.1", "The projected median and 95% interval of EHC plans in January 2030",
             "use the 2029/30 row of the table: 'All plans: median', then the two ends of the '95% interval'.",
             _projected_2030, 0.5),
    Exercise("04.2", "The scenario with the largest median in the last projected year",
             "look at the last column of the comparison table, the four named scenarios only.", _highest_scenario),
    Exercise("04.3", "The model's median absolute percentage error two years ahead in the back-test",
             "the 'model' row with 2 years ahead, column 'MdAPE (%)'.", _backtest_mdape, 0.05),
    Exercise("05.1", "The need, and its age bands, with children but no commissioned service",
             "look for the ✗ cells in the coverage table: one need, and the age bands where its cells are marked ✗ "
             "(youngest first).", _coverage_gap),
    Exercise("05.2", "Special school places short of the benchmark now",
             "the 'Special school places' row for all needs in the published year (not '(projected)'), last column.",
             _special_school_shortfall, 1.0),
    Exercise("05.3", "The partner commissioning speech and language therapy alone in Cambridgeshire",
             "call county.single_partner() and look at the speech_and_language_therapy rows; the partner column holds "
             "the code.", _lone_partner),
    Exercise("06.1", "The toy table's cells withheld by secondary suppression",
             "one in each breakdown that had a small count: the smallest count shown beside it, above zero (see the "
             "'reason' column).", _secondary),
    Exercise("06.2", "The toy table's suppressed cells with round_to=5",
             "count the rows whose note is 'c' (the caption of the table above says how many are withheld). Does "
             "rounding add any?", _rounded_suppressed),
    Exercise("06.3", "The toy table's total of EHC plans with round_to=5",
             "the true total is 88: round it to the nearest 5.", _rounded_total),
)


class Course:
    """The exercises of the course on one data folder: ``Course(data_dir).check("01.2", answer)``.

    Parameters
    ----------
    data_dir : str or path-like
        The notebook's folder of published files (its ``data_dir`` parameter).
    **settings
        The notebook parameters its exercises depend on (:data:`SETTINGS`: ``area_code``, ``second_area``,
        ``simulations``); the rest keep the notebooks' defaults.

    Raises
    ------
    ArgumentError
        For a setting not in :data:`SETTINGS`.

    Examples
    --------
    >>> Course("data_samples").check("02.1", None).text
    '… Not answered yet: set answer and run this cell again.'
    """

    def __init__(self, data_dir, **settings):
        unknown = sorted(set(settings) - set(SETTINGS))
        if unknown:
            raise ArgumentError(f"unknown setting {', '.join(unknown)}; the settings are {', '.join(SETTINGS)}")
        self.data_dir = Path(data_dir)
        self.settings = {**SETTINGS, **settings}
        self._catalog = self._published = None
        self._expected = {}

    @property
    def catalog(self) -> Catalog:
        """The data folder, opened on first use."""
        if self._catalog is None:
            self._catalog = Catalog(self.data_dir)
        return self._catalog

    @property
    def published(self) -> disclosure.Disclosed:
        """The national frame after disclosure control (:func:`jsnakit.needs.profile.published`), on first use."""
        if self._published is None:
            self._published = profile.published(self.catalog)
        return self._published

    def check(self, key: str, answer) -> Check:
        """Check a trainee's answer to exercise ``key``, working out the right answer from the data folder.

        Parameters
        ----------
        key : str
            The exercise, e.g. ``"04.2"`` (a key of :data:`EXERCISES`).
        answer : object
            The trainee's answer; ``None`` means not answered yet (and nothing is worked out).

        Returns
        -------
        Check
            "✓ Right: ..." with the right answer; "✗ Not yet: you have ... Hint: ..." without it; "… Not answered
            yet"; or, when the data folder does not fit the exercise, a sentence saying so (``passed`` None).

        Raises
        ------
        ArgumentError
            For an unknown exercise.
        """
        if key not in EXERCISES:
            raise ArgumentError(f"no exercise {key!r}; the exercises are {', '.join(EXERCISES)}")
        if answer is None:
            return Check(None, NOT_ANSWERED)
        exercise = EXERCISES[key]
        if key not in self._expected:
            try:
                self._expected[key] = exercise.compute(self)
            except _Unfit as unfit:
                return Check(None, f"… This exercise was written for the sample data and does not fit "
                                   f"{self.data_dir}: {unfit}.")
        return check(answer, self._expected[key], tolerance=exercise.tolerance, hint=exercise.hint)


# --- notebook 6's toy table -------------------------------------------------------------------------------------

#: Toyborough's made-up EHC plans in January by primary need and by age band (notebook 6): small counts on purpose.
TOY_NEEDS = {"Autistic spectrum disorder": 40, "Speech, language and communication needs": 25,
             "Social, emotional and mental health": 12, "Physical disability": 8, "Hearing impairment": 3,
             "Multi-sensory impairment": 0}
TOY_AGES = {"0-4": 2, "5-10": 30, "11-15": 35, "16-19": 21}


def toyborough() -> pd.DataFrame:
    """Notebook 6's made-up table for an area that does not exist, with small counts on purpose.

    Toyborough's EHC plans in January 2026 by primary need (:data:`TOY_NEEDS`) and by age band (:data:`TOY_AGES`),
    88 in all, and 18 of its 20 new plans of 2025 issued within 20 weeks (Wilson interval of
    :func:`jsnakit.stats.methods.proportion`), built by hand as an indicator frame
    (:data:`jsnakit.core.schema.INDICATOR_COLUMNS`).

    Returns
    -------
    pandas.DataFrame
        A validated indicator frame of 12 rows, **not** disclosed: for teaching disclosure control only.

    Examples
    --------
    >>> float(toyborough()["count"].iloc[0])
    88.0
    """
    area = {"area_code": "E06999999", "area_name": "Toyborough (made up)", "area_type": "unitary authority"}
    total = sum(TOY_NEEDS.values())
    rows = ([("All", "All", total)] + [("primary_need", k, v) for k, v in TOY_NEEDS.items()]
            + [("age_band", k, v) for k, v in TOY_AGES.items()])
    plans = schema.empty().reindex(range(len(rows))).assign(
        indicator="ehc_plans", **area, period="2025/26", breakdown=[r[0] for r in rows],
        category=[r[1] for r in rows], count=[float(r[2]) for r in rows], unit="plans", method="none",
        comparison="not compared", source="made up for training")
    plans["value"] = plans["count"]  # a count indicator's value is the count itself
    on_time = methods.proportion(pd.DataFrame({"count": [18.0], "denominator": [20.0]}))
    timeliness = schema.empty().reindex(range(1)).assign(
        indicator="ehc_20_weeks_pct", **area, period="2025", breakdown="All", category="All", count=18.0,
        denominator=20.0, value=on_time["value"].iloc[0], lower_ci=on_time["lower_ci"].iloc[0],
        upper_ci=on_time["upper_ci"].iloc[0], confidence=0.95, unit="%", method="Wilson", comparison="not compared",
        source="made up for training")
    return schema.validate(pd.concat([plans, timeliness], ignore_index=True))


# --- saving a notebook with its outputs ---------------------------------------------------------------------------

_PNG = re.compile(r"(data:image/png;base64,)([A-Za-z0-9+/=]+)")


def save_with_outputs(path, *, colours: int = 128, timeout: int = 1200):
    """Run a training notebook from its own folder (kernel ``python3``, its default parameters) and save it in place
    with its outputs, so that a trainer can read it before running it.

    Every figure stays a PNG, drawn on a palette of at most ``colours`` colours (a chart has few; this keeps a
    notebook's figures about a quarter of their size). A cell that fails stops the run and nothing is saved.

    Parameters
    ----------
    path : str or path-like
        The ``.ipynb`` file.
    colours : int, default 128
        The largest palette of a saved figure.
    timeout : int, default 1200
        Seconds a cell may run.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    nbclient.exceptions.CellExecutionError
        When a cell fails.
    """
    import nbclient
    import nbformat
    from PIL import Image

    def compact(match) -> str:
        picture = Image.open(io.BytesIO(base64.b64decode(match.group(2)))).convert("RGB")
        buffer = io.BytesIO()
        picture.quantize(colors=colours, method=Image.Quantize.MEDIANCUT).save(buffer, "PNG", optimize=True)
        return match.group(1) + base64.b64encode(buffer.getvalue()).decode("ascii")

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    nbclient.NotebookClient(nb, kernel_name="python3", timeout=timeout,
                            resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            for kind in ("text/html", "image/png"):
                value = output.get("data", {}).get(kind)
                if kind == "text/html" and value:
                    output["data"][kind] = _PNG.sub(compact, value)
                elif kind == "image/png" and value:
                    output["data"][kind] = compact(re.match(r"()(.*)", value, re.S))
    nbformat.write(nb, path)
    return path


# --- comparing ---------------------------------------------------------------------------------------------------

def _same(answer, expected, tolerance: float) -> bool:
    if isinstance(expected, (set, frozenset)):
        try:
            return {_norm(a) for a in answer} == {_norm(e) for e in expected}
        except TypeError:
            return False
    if isinstance(expected, str):
        return isinstance(answer, str) and _norm(answer) == _norm(expected)
    if isinstance(expected, (int, float, np.integer, np.floating)) and not isinstance(expected, bool):
        try:
            value = float(answer)
        except (TypeError, ValueError):
            return False
        return math.isfinite(value) and abs(value - float(expected)) <= tolerance + 1e-12
    if isinstance(expected, (list, tuple, np.ndarray)):
        try:
            return len(answer) == len(expected) and all(_same(a, e, tolerance) for a, e in zip(answer, expected))
        except TypeError:
            return False
    return answer == expected


def _norm(value):
    return value.strip().lower() if isinstance(value, str) else value


def _show(value) -> str:
    if isinstance(value, (float, np.floating)):
        return f"{float(value):,.4g}"
    if isinstance(value, (set, frozenset)):
        return ", ".join(sorted(map(str, value)))
    if isinstance(value, (list, tuple, np.ndarray)):
        return ", ".join(_show(v) for v in value)
    return str(value)
