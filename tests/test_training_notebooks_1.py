"""Training notebooks 1-3 (``workbooks/training/``) executed for real, as a trainer runs them: papermill from the
notebook's folder with ``data_dir`` pointed at the repository's ``data_samples`` (the parsed-frame cache is the test
run's ``$JSNAKIT_CACHE``, set in conftest.py, which the kernels inherit). Every exercise's solution must pass its check,
nothing may fail, and the figures the notebooks show must be the library's."""
from __future__ import annotations


import pytest

from jsnakit.widgets.training import check

import notebook_outputs as nbo
from notebook_outputs import SAMPLES, TRAINING

NOTEBOOKS = ["01_send_data_landscape.ipynb", "02_rates_and_uncertainty.ipynb", "03_comparing_areas_fairly.ipynb"]
ISLINGTON, ROCHDALE, ISLES_OF_SCILLY = "E09000019", "E08000005", "E06000053"


def _shown(cell) -> str:
    return "".join(nbo.texts(cell))


def _right(expected) -> str:
    """What the notebook's check prints for a right answer: the library's own wording of the expected value."""
    return check(expected, expected).text


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """Execute a notebook once per test module and return it as JSON."""
    return nbo.training_runner(tmp_path_factory.mktemp("training"))


@pytest.fixture(scope="module")
def published():
    from jsnakit.needs import profile
    from jsnakit.catalog import Catalog

    return profile.published(Catalog(SAMPLES))


def _value(published, indicator, area_code, period, column, breakdown="All", category="All"):
    rows = published.query(indicator=indicator, area_code=area_code, period=period, breakdown=breakdown,
                           category=category).frame
    assert len(rows) == 1
    return rows[column].iloc[0]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_is_a_lesson_saved_with_its_outputs(name):
    nb = nbo.check_lesson(TRAINING / name)
    assert len({c.id for c in nb.cells}) == len(nb.cells)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    # The right answers are worked out in jsnakit.widgets.training, not in the notebook.
    assert not [c for c in nb.cells if "expected" in nbo.tags(c)]


def test_every_exercise_of_the_library_is_asked_once():
    import nbformat

    from jsnakit.widgets.training import EXERCISES

    keys = [m.groups() for path in sorted(TRAINING.glob("0*.ipynb"))
            for c in nbformat.read(path, as_version=4).cells
            if c.cell_type == "code" and "solution" not in nbo.tags(c) and (m := nbo.CHECK.fullmatch(c.source.strip()))]
    assert [".".join(k) for k in keys] == list(EXERCISES)  # 01.1 ... 06.3, in the order the course asks them


def test_a_right_answer_computed_in_a_visible_cell_is_caught():
    """The walk over the cells fails a notebook that works out an answer where the trainee can print it."""
    import nbformat

    nb = nbformat.read(TRAINING / NOTEBOOKS[0], as_version=4)
    answer = next(i for i, c in enumerate(nb.cells) if c.source.strip() == nbo.ANSWER)
    nb.cells.insert(answer, nbformat.v4.new_code_cell('expected_1 = plans["count"] - pupils["count"]'))
    with pytest.raises(AssertionError):
        nbo.check_no_answer_shown(nb)
    nb.cells[answer].source = 'check(answer, plans["count"] - pupils["count"])'
    with pytest.raises(AssertionError):
        nbo.check_no_answer_shown(nb)


@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_and_every_solution_passes(run, name):
    nb = run(name)
    nbo.check_solved(nb, name)
    assert sum("data:image/png;base64" in _shown(c) for c in nb["cells"]) >= 2  # charts, each with its alt text
    assert 'alt=""' not in "".join(_shown(c) for c in nb["cells"])


@pytest.mark.slow
def test_landscape_notebook_shows_census_and_sen2_from_the_library(run, published):
    nb = run(NOTEBOOKS[0])
    pupils = _value(published, "ehc_pupils_pct", ISLINGTON, "2024/25", "count")
    plans = _value(published, "ehc_plans", ISLINGTON, "2024/25", "count")
    counts = _shown(nbo.cell(nb, "-counts"))
    assert f"{pupils:,.0f}" in counts and f"{plans:,.0f}" in counts
    solutions = [_shown(c) for c in nbo.solutions(nb)]
    assert _right(plans - pupils) in solutions[0]  # SEN2's plans the census does not count as pupils with a plan
    fe = _value(published, "ehc_placement_share", ISLINGTON, "2024/25", "value", "placement", "Further education")
    assert _right(fe) in solutions[1]
    assert _right(_value(published, "ehc_plans_per_10k", ISLINGTON, "2024/25", "value")) in solutions[2]


@pytest.mark.slow
def test_uncertainty_notebook_shows_the_library_wilson_interval_and_funnel(run, published):
    from jsnakit.core import geography
    from jsnakit.stats import methods
    from jsnakit.needs import profile

    nb = run(NOTEBOOKS[1])
    x = _value(published, "ehc_pupils_pct", ISLINGTON, "2025/26", "count")
    n = _value(published, "ehc_pupils_pct", ISLINGTON, "2025/26", "denominator")
    lower, upper = (100 * float(limit) for limit in methods.wilson_ci(x, n))
    assert f"By hand: **{lower:.3f}% to {upper:.3f}%**" in _shown(nbo.cell(nb, "-by-hand"))
    library = _shown(nbo.cell(nb, "-library"))
    assert f"jsnakit.stats.methods.wilson_ci: **{lower:.3f}% to {upper:.3f}%**" in library
    assert "largest difference from the hand calculation: 0.0e+00" in library
    solutions = [_shown(c) for c in nbo.solutions(nb)]
    assert _right([100 * float(limit) for limit in methods.wilson_ci(42, 730)]) in solutions[0]
    las = profile.across_areas(published, "ehc_pupils_pct", "2025/26").frame
    las = las[las["area_type"].isin(geography.LA_TYPES) & las["count"].notna() & las["denominator"].notna()]
    where = methods.funnel_significance(las, statistic="proportion").set_index("area_code")
    funnel = _shown(nbo.cell(nb, "-funnel"))
    assert where.loc[ROCHDALE, "significance"] == "99.8%"  # the sample data's point: same value, other conclusion
    assert where.loc[ISLES_OF_SCILLY, "significance"] == "not significant"
    assert "Rochdale (7.9%) lies outside the 99.8% limits" in funnel
    assert "Isles of Scilly (7.9%) lies inside the limits" in funnel
    assert _right("yes" if where.loc["E10000003", "significance"] == "99.8%" else "no") in solutions[1]
    above = int(((where["comparison"] == "higher") & (where["significance"] == "99.8%")).sum())
    assert _right(above) in solutions[2]


@pytest.mark.slow
def test_comparing_notebook_agrees_with_the_comparison_frame(run, published):
    from jsnakit.needs import profile
    from jsnakit.catalog import Catalog

    nb = run(NOTEBOOKS[2])
    neighbours = Catalog(SAMPLES).load("neighbours")
    cambs = profile.standing(published, "E10000003", neighbours=neighbours).set_index("indicator").loc["ehc_pupils_pct"]
    one = _shown(nbo.cell(nb, "-one-level"))
    assert f"`methods.compare` says **{cambs['comparison']}**; the comparison frame says **{cambs['comparison']}**" in one
    two = _shown(nbo.cell(nb, "-two-level"))
    assert f"the comparison frame's two-level answer is **{cambs['significance']}**" in two
    assert f"`methods.significance` says **{cambs['significance'].split('(')[-1].rstrip(')')}**" in two
    rochdale = profile.standing(published, ROCHDALE, neighbours=neighbours).set_index("indicator")
    solutions = [_shown(c) for c in nbo.solutions(nb)]
    assert _right(rochdale.loc["ehc_pupils_pct", "comparison"]) in solutions[0]
    assert _right(rochdale.loc["sen_support_pct", "significance"]) in solutions[1]
    assert _right(rochdale.loc["ehc_plans_per_10k", "rank"]) in solutions[2]
    # The outcomes part shows the library's gap sentence for Cambridgeshire (needs.outcomes, render.outcome_charts).
    from jsnakit.needs import outcomes
    from jsnakit.render import outcome_charts

    gap = outcome_charts.headline_gap(outcomes.outcome_table(published, "E10000003"), "Cambridgeshire")
    assert gap and gap in _shown(nbo.cell(nb, "-019b"))
