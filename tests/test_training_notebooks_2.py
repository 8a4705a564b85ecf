"""Training notebooks 4-6 (``workbooks/training/``) executed for real, as a trainer runs them: papermill from the
notebook's folder with ``data_dir`` pointed at the repository's ``data_samples`` (the parsed-frame cache is the test
run's ``$JSNAKIT_CACHE``, set in conftest.py, which the kernels inherit). Every exercise's solution must pass its check,
nothing may fail, and the figures the notebooks show must be the library's."""
from __future__ import annotations

import re

import pytest

import notebook_outputs as nbo
from notebook_outputs import SAMPLES, TRAINING

NOTEBOOKS = ["04_projecting_demand.ipynb", "05_from_need_to_gaps.ipynb", "06_disclosure_control.ipynb"]
ISLINGTON = "E09000019"
SMALL_CELL = re.compile(r"<td[^>]*>\s*[1-4](?:\.0+)?\s*</td>")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """Execute a notebook once per test module and return it as JSON."""
    return nbo.training_runner(tmp_path_factory.mktemp("training"))


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_is_a_lesson_saved_with_its_outputs(name):
    nbo.check_lesson(TRAINING / name)


@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_and_every_solution_passes(run, name):
    nbo.check_solved(run(name), name)


@pytest.mark.slow
def test_projection_notebook_shows_the_library_projection(run):
    from jsnakit import disclosure, projection
    from jsnakit.core import geography
    from jsnakit.catalog import Catalog

    nb = run(NOTEBOOKS[0])
    catalog = Catalog(SAMPLES)
    fan = disclosure.apply_projection(projection.project(
        geography.to_current_areas(catalog.load("ehc_caseload")), catalog.load("population"), area_code=ISLINGTON,
        years=10, simulations=200)).frame
    row = fan[(fan["age_band"] == "All") & (fan["period"] == "2029/30")].iloc[0]
    median, lower, upper = (int(row[c]) for c in ("median", "lower_95", "upper_95"))
    solution = "".join(nbo.texts(nbo.solutions(nb)[0]))
    assert f"✓ Right: {median}, {lower}, {upper}." in solution
    table = "".join(nbo.texts(nbo.cell(nb, "-fan")))  # the projection table of the same figures, as the trainee reads it
    assert f"{median:,}" in table and f"{lower:,} to {upper:,}" in table
    # exercise 2: the scenario with the largest median in the last year, as the library projects them
    named = ["recent growth", "rates held", "converge to England", "converge to neighbours"]
    caseload = geography.to_current_areas(catalog.load("ehc_caseload"))
    last = {s: disclosure.apply_projection(projection.project(
        caseload, catalog.load("population"), area_code=ISLINGTON, years=10, simulations=200, scenario=s,
        neighbours=catalog.load("neighbours"))).frame.query("age_band == 'All' and need == 'All'")["median"].iloc[-1]
        for s in named}
    assert f"✓ Right: {max(last, key=last.get)}." in "".join(nbo.texts(nbo.solutions(nb)[1]))


@pytest.mark.slow
def test_gaps_notebook_shows_the_library_analysis(run):
    from jsnakit import gaps
    from jsnakit.needs import profile
    from jsnakit.catalog import Catalog

    nb = run(NOTEBOOKS[1])
    catalog = Catalog(SAMPLES)
    analysis, _ = gaps.from_catalog(catalog, ISLINGTON, published=profile.published(catalog),
                                    neighbours=catalog.load("neighbours"))
    capacity = analysis.capacity
    now = capacity[(capacity["service_type"] == "special_school") & (capacity["need"] == "All")
                   & (capacity["kind"] == "published")]
    solutions = [''.join(nbo.texts(c)) for c in nbo.solutions(nb)]
    gap = analysis.gaps()
    assert f"✓ Right: {gap['need'].iloc[0]}, {', '.join(gap['age_band'])}." in solutions[0]
    assert f"✓ Right: {round(float(now['shortfall'].iloc[0]))}." in solutions[1]
    assert "✗ none" in "".join(nbo.texts(nbo.cell(nb, "-analyse")))  # the coverage matrix marks the gap
    assert "✓ Right: icb." in solutions[2]


@pytest.mark.slow
def test_disclosure_notebook_ends_with_no_small_count(run):
    from jsnakit import disclosure

    nb = run(NOTEBOOKS[2])
    shown = "".join(t for c in nb["cells"] for t in nbo.texts(c))
    assert disclosure.Rules().describe() in shown
    assert "Cells holding 1 to 4: **4** in the hand-made table, **0** in the disclosed one." in shown
    assert "c (secondary)" not in shown  # one symbol: a small cell and a protecting one both read c
    says = disclosure.describe_note(disclosure.SUPPRESSED)
    reasons = "".join(nbo.texts(nbo.cell(nb, "-notes")))  # note, its words and Disclosed.reasons, cell by cell
    assert reasons.count(f"<td>{says}</td>") == 5
    assert reasons.count(f"<td>{disclosure.SMALL}</td>") == 3
    assert reasons.count(f"<td>{disclosure.PROTECTING}</td>") == 2
    assert "anything from 1 to 10: a range 9 wide" in "".join(nbo.texts(nbo.cell(nb, "-attack-again")))
    leaky = "".join(nbo.texts(nbo.cell(nb, "-audit-leaky")))  # primary suppression only: the audit pins both
    assert re.search(r"Hearing impairment\)</td>\s*<td>3\.0</td>\s*<td>3\.0</td>", leaky)
    assert re.search(r"0-4\)</td>\s*<td>2\.0</td>\s*<td>2\.0</td>", leaky)
    checks = "".join(nbo.texts(nbo.cell(nb, "-audit")))  # the final checks: nothing small left, nothing narrowable
    assert re.search(r"complements of 1 to 4 left</td>\s*<td>0</td>", checks)
    assert re.search(r"the audit can narrow \(of 3 audited\)</td>\s*<td>0</td>", checks)
    final = "".join(nbo.texts(nbo.cell(nb, "-final")))
    assert final.count(f">{says}</td>") == 5 * 3  # count, denominator and value of the 5 withheld rows
    assert not SMALL_CELL.findall(final)
    assert "✓ Right: 16-19, Physical disability." in "".join(nbo.texts(nbo.solutions(nb)[0]))
    assert "✓ Right: 5." in "".join(nbo.texts(nbo.solutions(nb)[1]))
