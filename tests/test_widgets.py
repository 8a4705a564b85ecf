"""The widgets without a browser: the views as pure functions (constructed cases and the sample data), and the three
explorers driven by setting their widgets' values, checking what they show."""
from __future__ import annotations

import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402

from jsnakit import disclosure, gaps, widgets  # noqa: E402
from jsnakit.core import geography, schema  # noqa: E402
from jsnakit.needs import profile  # noqa: E402
from jsnakit.render import charts  # noqa: E402
from jsnakit.catalog import Catalog  # noqa: E402
from jsnakit.core.errors import ArgumentError, DisclosureError  # noqa: E402
from jsnakit.sources import dfe  # noqa: E402

SAMPLES = Path(__file__).resolve().parents[1] / "data_samples"
ISLINGTON, ROCHDALE, CAMBRIDGESHIRE = "E09000019", "E08000005", "E10000003"
ASD, PMLD, SEMH = "Autistic spectrum disorder", "Profound and multiple learning difficulty", \
    "Social, emotional and mental health"


@pytest.fixture(autouse=True)
def no_figure_leaks():
    before = set(plt.get_fignums())
    yield
    assert set(plt.get_fignums()) <= before, "a figure was left open"


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    return Catalog(SAMPLES, cache_dir=tmp_path_factory.mktemp("widgets-cache"))


@pytest.fixture(scope="module")
def published(catalog):
    return profile.published(catalog)


@pytest.fixture(scope="module")
def neighbours(catalog):
    return catalog.load("neighbours")


def _html(output) -> str:
    """The HTML an ipywidgets.Output shows ('' when it shows nothing)."""
    return "".join(o["data"]["text/html"] for o in output.outputs)


def _title(ax: Axes) -> str:
    return " ".join(ax.get_title().split())


# --- a constructed national frame: Islington's counts all small, so all suppressed ------------------------------

def _suppressed_frame():
    periods = ["2023/24", "2024/25", "2025/26"]
    rows = []
    for code, name, count in [(ISLINGTON, "Islington", 3.0), ("E12000007", "London", 4000.0),
                              (geography.ENGLAND, "England", 400000.0)]:
        for period in periods:
            rows.append({"indicator": "ehc_pupils_pct", "area_code": code, "area_name": name, "period": period,
                         "breakdown": "All", "category": "All", "count": count, "denominator": count * 20,
                         "value": 5.0, "lower_ci": 4.0, "upper_ci": 6.0, "unit": "%", "method": "Wilson",
                         "confidence": 0.95, "comparison": "not compared"})
    frame = schema.empty().reindex(range(len(rows)))
    for column in rows[0]:
        frame[column] = [r[column] for r in rows]
    frame["area_type"] = frame["area_code"].map(geography.areas()["area_type"])
    return disclosure.apply(frame)


# --- area view ------------------------------------------------------------------------------------------------

def test_area_view_draws_every_part(published, neighbours, catalog):
    view = widgets.area_view(published, ROCHDALE, indicator="ehc_pupils_pct",
                             period="2025/26", neighbours=neighbours, boundaries=catalog.load("boundaries"))
    assert view.message == ""
    assert _title(view.trend) == "Pupils with an EHC plan: Rochdale, 2018/19 to 2025/26"
    # region, England and the three closest neighbours (DfE statistical neighbours of Rochdale, closest first)
    closest = neighbours[neighbours["area_code"] == ROCHDALE].sort_values("rank")["neighbour_code"].head(3)
    names = [geography.area(c)["area_name"] for c in closest]
    assert [line.get_label() for line in view.trend.lines] == ["Rochdale", "North West", "England", *names]
    assert _title(view.neighbours).startswith("Pupils with an EHC plan: Rochdale and its statistical neighbours")
    assert view.alt["map"].endswith("Outlined: Rochdale.")
    assert "<caption>Pupils with an EHC plan, 2025/26: Rochdale, its region, England and its statistical neighbours" \
           in view.table
    assert view.table.count("<tr>") == 1 + 3 + 10  # header, the area, region, England, ten neighbours


def test_area_view_period_without_data(published, neighbours):
    view = widgets.area_view(published, ROCHDALE, indicator="ehc_pupils_pct", period="2010/11",
                             neighbours=neighbours)
    assert view.trend is not None and view.neighbours is None and view.map is None and view.table == ""
    assert view.message == ("Rochdale has no figure of pupils with an EHC plan for 2010/11 (it has figures from "
                            "2018/19 to 2025/26).")


def test_area_view_everything_suppressed():
    disclosed = _suppressed_frame()
    view = widgets.area_view(disclosed, ISLINGTON, indicator="ehc_pupils_pct", period="2025/26")
    assert view.trend is None and view.neighbours is None and view.map is None
    assert view.message == (
        "Islington's figure for 2025/26 is not shown (suppressed to protect small counts). Every published figure of pupils "
        "with an EHC plan for Islington is suppressed or missing, so there is no trend to draw. No statistical "
        "neighbours were found in the data folder: no neighbour comparison. No boundaries were found in the data "
        "folder: no map.")
    assert "suppressed to protect small counts" in view.table and ">3<" not in view.table


def test_area_view_unknown_area_and_missing_rows(published):
    assert widgets.area_view(published, "E99999999", indicator="ehc_pupils_pct", period="2025/26").message == (
        "No area has the code 'E99999999': pick a local authority, a region or England from the list, by name or "
        "code.")
    assert widgets.area_view(_suppressed_frame(), "E09000007", indicator="ehc_pupils_pct",
                             period="2025/26").message == "There are no published figures for Camden in this data."
    view = widgets.area_view(published.query(indicator=["ehc_pupils_pct"]), ISLINGTON, indicator="new_ehc_plans",
                             period="2025")
    assert view.message == "There are no published figures of new EHC plans for Islington."
    assert view.trend is None and view.table == ""


@pytest.mark.parametrize("kwargs, error, message", [
    ({"neighbours": "x"}, ArgumentError, "neighbours must be None or a frame of statistical neighbours with the "
                                         "columns ['area_code', 'rank', 'neighbour_code', 'closeness']; got str"),
    ({"neighbours_shown": 11}, ArgumentError, "neighbours_shown must be a whole number from 0 to 10; got 11"),
    ({"parts": ["trend", "pie"]}, ArgumentError, "parts must be among ['trend', 'neighbours', 'map', 'table']; "
                                                 "got ['pie']"),
])
def test_area_view_argument_errors(published, kwargs, error, message):
    with pytest.raises(error, match=f"^{re.escape(message)}$"):
        widgets.area_view(published, ISLINGTON, indicator="ehc_pupils_pct", period="2025/26", **kwargs)


def test_views_refuse_undisclosed_input(published):
    with pytest.raises(DisclosureError, match="only frames that passed disclosure control"):
        widgets.area_view(published.frame, ISLINGTON, indicator="ehc_pupils_pct", period="2025/26")
    with pytest.raises(DisclosureError, match="^only a gap analysis made by jsnakit.gaps.analyse"):
        widgets.gap_view(pd.DataFrame())


# --- area explorer --------------------------------------------------------------------------------------------

def test_area_explorer_follows_the_area(catalog):
    explorer = widgets.AreaExplorer(catalog, area_code=ISLINGTON)
    assert explorer.area.value == "Islington (E09000019)"
    assert explorer.view.message == "" and explorer.message.value == ""
    assert "Islington" in _title(explorer.view.trend)
    before = explorer.table.value
    assert "<caption>Pupils with an EHC plan, 2025/26: Islington" in before

    explorer.area.value = "Rochdale"  # a name, as typed
    assert explorer.area.value == "Rochdale (E08000005)"
    assert _title(explorer.view.trend) == "Pupils with an EHC plan: Rochdale, 2018/19 to 2025/26"
    assert "Rochdale and its statistical" in _title(explorer.view.neighbours)
    assert explorer.view.alt["map"].endswith("Outlined: Rochdale.")
    assert explorer.table.value != before and "<caption>Pupils with an EHC plan, 2025/26: Rochdale" in \
        explorer.table.value
    for output in (explorer.trend_output, explorer.neighbours_output, explorer.map_output):
        shown = _html(output)
        assert shown.startswith('<figure class="jsnakit-figure">') and "data:image/png;base64," in shown
    assert 'alt="Line chart: Pupils with an EHC plan: Rochdale' in _html(explorer.trend_output)

    explorer.area.value = "206"  # a DfE number
    assert explorer.area.value == "Islington (E09000019)" and explorer.table.value == before


def test_area_explorer_period_indicator_and_bad_input(catalog):
    explorer = widgets.AreaExplorer(catalog, area_code=ROCHDALE)
    trend = explorer.view.trend
    explorer.period.value = "2020/21"
    assert "<caption>Pupils with an EHC plan, 2020/21: Rochdale" in explorer.table.value
    assert explorer.view.trend is trend  # the trend does not depend on the period: not redrawn
    assert "2020/21" in _title(explorer.view.neighbours)

    explorer.indicator.value = "ehc_20_weeks_pct"
    assert explorer.period.options[-1] == explorer.period.value == "2024"  # its periods are calendar years
    assert _title(explorer.view.trend).startswith("New EHC plans issued within 20 weeks: Rochdale")

    explorer.area.value = "Nowhere"
    assert explorer.view.message == ("No area matches 'Nowhere': type an area's name or code, or pick one from the "
                                     "list (e.g. England (E92000001)).")
    assert "No area matches" in explorer.message.value
    assert explorer.table.value == "" and not explorer.trend_output.outputs and not explorer.map_output.outputs

    explorer.area.value = "North West"
    assert explorer.view.message == ("Statistical neighbours are published for local authorities only: no neighbour "
                                     "comparison for North West.")
    assert explorer.view.trend is not None and not explorer.neighbours_output.outputs


def test_area_explorer_suppressed_figure(catalog):
    explorer = widgets.AreaExplorer(catalog, area_code="E09000001", indicator="ehc_20_weeks_pct", period="2019")
    assert explorer.view.message.startswith("City of London's figure for 2019 is not shown (suppressed to protect "
                                            "small counts).")
    assert "suppressed to protect small counts" in explorer.table.value
    assert "role=\"status\"" in explorer.message.value


def test_explorers_display_themselves(catalog):
    explorer = widgets.AreaExplorer(catalog, area_code=ISLINGTON)
    bundle = explorer._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == explorer.widget.model_id


@pytest.mark.parametrize("make, message", [
    (lambda: widgets.AreaExplorer(42), "catalog_or_data_dir must be a jsnakit.catalog.Catalog or the path of a data "
                                       "folder; got int"),
    (lambda: widgets.AreaExplorer(Catalog(SAMPLES), cache_dir="x"), "cache_dir must be None when a Catalog is given "
                                                                    "(the catalog has its own); got 'x'"),
])
def test_explorer_argument_errors(make, message):
    with pytest.raises(ArgumentError, match=f"^{re.escape(message)}$"):
        make()


def test_area_explorer_unknown_indicator(catalog):
    with pytest.raises(ArgumentError, match=r"^indicator must be one of \['ehc_pupils_pct', .*\]; got 'pie'$"):
        widgets.AreaExplorer(catalog, indicator="pie")


def test_playground_needs_a_caseload(tmp_path):
    (tmp_path / "notes.md").write_text("nothing here")
    with pytest.raises(ArgumentError, match=r"^catalog_or_data_dir must hold the SEN2 caseload of EHC plans "
                                            r"\(ehc_caseload\); got a folder without it$"):
        widgets.ProjectionPlayground(tmp_path, cache_dir=False)


# --- gap view on the hand-checked case of tests/test_gaps.py ------------------------------------------------------

AGES = {ASD: {"4": 10, "8": 40, "13": 30, "17": 20}, PMLD: {"8": 6, "13": 6, "18": 8, "21": 3},
        SEMH: {"9": 50, "14": 50}}


@pytest.fixture(scope="module")
def analysis():
    rows = [{"source": "SEN2", "period": "2024/25", "area_code": ISLINGTON, "area_name": "Islington",
             "area_type": "london borough", "measure": "ehc_plans", "breakdown": "age", "category": age,
             "count": float(n), "note": np.nan, "need": need}
            for need, ages in AGES.items() for age, n in ages.items()]
    need = gaps.disclose_need(gaps.need_by_age(pd.DataFrame(rows, columns=dfe.NEED_AGE_COLUMNS), ISLINGTON))
    columns = ["area_code", "service_id", "service_name", "service_type", "domain", "partners", "funding_route",
               "capacity", "capacity_unit", "needs", "age_from", "age_to", "notes", "source", "row"]
    register = pd.DataFrame([
        [ISLINGTON, "s1", "Special school", "special_school", "education", "la_education", "single", 60.0, "places",
         "asd; pmld", 5.0, 19.0, np.nan, "r.csv", 2],
        [ISLINGTON, "s2", "SALT", "speech_and_language_therapy", "health", "icb; la_education", "joint", 200.0,
         "caseload", "all", 0.0, 19.0, np.nan, "r.csv", 3],
        [ISLINGTON, "s3", "ASD base", "resourced_provision", "education", "la_education; schools", "single", 10.0,
         "places", "asd", 5.0, 10.0, np.nan, "r.csv", 4],
        [ISLINGTON, "s4", "CAMHS", "camhs", "health", "icb", "single", 30.0, "caseload", "semh", 5.0, 17.0, np.nan,
         "r.csv", 5],
    ], columns=columns)
    projected = disclosure.apply_projection(pd.DataFrame({
        "area_code": ISLINGTON, "period": "2026/27", "age_band": ["0-4", "5-10", "11-15", "16-19", "20-25", "All"],
        "need": "All", "scenario": "rates held", "median": [20.0, 100, 80, 40, 10, 250],
        "lower_50": [20.0, 100, 80, 40, 10, 250], "upper_50": [20.0, 100, 80, 40, 10, 250],
        "lower_95": [10.0, 90, 70, 30, 10, 210], "upper_95": [30.0, 110, 90, 50, 10, 290]}))
    bench = pd.DataFrame([["special_school", "All", 30.0, "England"]], columns=gaps.BENCHMARK_COLUMNS)
    return gaps.analyse(need, gaps.provision(register, ISLINGTON), projected=projected, benchmarks=bench)


def test_gap_view_of_everything(analysis):
    view = widgets.gap_view(analysis)
    assert view.message == "No boundary for Islington: no map of provision."
    assert view.findings[0].startswith("No commissioned service names these needs at these ages: Autistic spectrum "
                                       "disorder aged 0-4")
    assert "✗ none (10 plans)" in view.coverage  # ASD aged 0-4: only SALT, for every need
    assert "(3 plans)" not in view.coverage and "suppressed to protect small counts" in view.coverage  # PMLD 20-25: 3
    assert "Special school places" in view.capacity and "SALT" not in view.capacity
    assert view.map is None and view.shortfall is not None


def test_shortfall_chart_hand_checked(analysis):
    # jsnakit.render.charts draws it; tested here, on the gap view's hand-checked analysis
    ax = charts.shortfall_chart(analysis)
    labels = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    special = labels.index("Special school places (places)")
    now = [line for line in ax.lines if line.get_marker() == "s"][0]
    later = [line for line in ax.lines if line.get_marker() == "o"][0]
    # 225 plans x 30 / 100 = 67.5 places needed, 60 held: 7.5 short now; 250 projected: 75 needed, 15 short
    # (95% interval 210..290 plans: 3 to 27), as tests/test_gaps.py checks by hand
    assert now.get_xdata()[0] == pytest.approx(7.5) and now.get_ydata()[0] == special
    assert later.get_xdata()[special] == pytest.approx(15)
    assert charts.alt_text(ax).startswith("Dot chart: Capacity against need (all needs): Islington, January 2025 "
                                          "and January 2027.")
    assert "Special school places (places): now 8 places short, in January 2027 15 places short (95% interval +3 " \
           "to +27)" in charts.alt_text(ax)
    plt.close(ax.figure)  # a pyplot figure, as in a notebook
    with pytest.raises(ArgumentError, match="^need must have capacity rows with a shortfall in the analysis; got "
                                            "'Vision impairment', which has none$"):
        charts.shortfall_chart(analysis, need="Vision impairment")
    with pytest.raises(DisclosureError, match="^only a gap analysis made by jsnakit.gaps.analyse"):
        charts.shortfall_chart("analysis")


def test_gap_view_cut_by_need_age_and_partner(analysis):
    view = widgets.gap_view(analysis, need="asd", age_band="0-4")
    assert view.need == ASD and view.age_band == "0-4"
    assert "Aged 0-4" in view.coverage and "Aged 5-10" not in view.coverage and PMLD not in view.coverage
    icb = widgets.gap_view(analysis, partner="icb")
    assert "SALT" not in icb.commissioners  # services are named by type
    assert "Speech and language therapy" in icb.commissioners and "Special school" not in icb.commissioners
    assert "Special school places" not in icb.capacity
    nhse = widgets.gap_view(analysis, partner="nhs_england")
    assert nhse.message == ("No service in Islington's register or Local Offer is commissioned by NHS England "
                            "(specialised commissioning). No boundary for Islington: no map of provision.")
    assert nhse.capacity == "" and nhse.commissioners == "" and nhse.shortfall is None
    assert widgets.gap_view(None).message.startswith("No commissioning register or Local Offer for this area")


@pytest.mark.parametrize("kwargs, message", [
    ({"need": "flying"}, "need must be None, 'All', or a primary need (a DfE code such as 'asd' or its label); got "
                         "'flying'"),
    ({"age_band": "0-3"}, "age_band must be None, 'All' or one of ['0-4', '5-10', '11-15', '16-19', '20-25']; got "
                          "'0-3'"),
    ({"partner": "council"}, "partner must be None, 'All' or one of ['la_education', 'la_social_care', "
                             "'la_public_health', 'icb', 'nhs_england', 'schools']; got 'council'"),
])
def test_gap_view_argument_errors(analysis, kwargs, message):
    with pytest.raises(ArgumentError, match=f"^{re.escape(message)}$"):
        widgets.gap_view(analysis, **kwargs)


# --- gap explorer on the sample data ------------------------------------------------------------------------------

@pytest.mark.slow
def test_gap_explorer_on_the_samples(catalog):
    explorer = widgets.GapExplorer(catalog)
    assert explorer.area.value == "Islington (E09000019)"  # the first area of the sample register
    assert explorer.view.findings and "Findings for Islington" in explorer.findings.value
    assert SEMH in explorer.coverage.value and "Aged 20-25" in explorer.coverage.value
    assert _title(explorer.view.map).startswith("Estimated children and young people with an EHC plan")
    assert "January 2035" in _title(explorer.view.shortfall)  # projected ten years on
    assert _html(explorer.map_output).startswith('<figure class="jsnakit-figure">')

    explorer.need.value = ASD
    assert ASD in explorer.coverage.value and SEMH not in explorer.coverage.value
    assert "services for Autistic spectrum disorder" in _title(explorer.view.map)
    everyone = explorer.commissioners.value
    explorer.partner.value = "icb"
    assert explorer.commissioners.value != everyone and "commissioned by Integrated care board" in \
        explorer.commissioners.value

    explorer.area.value = "Hartlepool"
    assert explorer.view.message == (
        "No commissioning register or Local Offer for Hartlepool was found in the data folder, so its need cannot be "
        "set against provision. Add the area's Local Offer (Open Referral UK) and its commissioning register to see "
        "its gaps. Areas with provision data here: Islington, Rochdale, Cambridgeshire.")
    assert explorer.coverage.value == "" and not explorer.map_output.outputs and not explorer.shortfall_output.outputs


# --- projection view ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def few(catalog):
    """The caseload of a few areas (too few to pool: quick) and the population."""
    caseload = geography.to_current_areas(catalog.load("ehc_caseload"))
    return caseload[caseload["area_code"].isin([ROCHDALE, ISLINGTON, geography.ENGLAND])], catalog.load("population")


def _last_median(view) -> float:
    frame = view.projected.frame
    total = frame[(frame["age_band"] == "All") & (frame["need"] == "All")]
    return float(total["median"].iloc[-1])


def test_projection_view_follows_the_assumptions(few, published):
    caseload, population = few
    history = published.query(indicator="ehc_plans", breakdown="All", category="All")
    held = widgets.projection_view(caseload, population, ROCHDALE, history=history)   # the published projection
    assert held.message == "" and _title(held.fan) == "EHC plans: Rochdale, published and projected (recent growth)"
    assert held.interval.startswith("The 95% interval widens from ") and held.interval.endswith(
        "in January 2035: the further ahead, the less certain the projection.")
    assert "<caption>Projected EHC plans, Rochdale, January of each year: recent growth (rounded to the nearest " \
           "10)" in held.table
    assert held.alt["fan"].startswith("Fan chart: EHC plans: Rochdale")
    what_if = widgets.projection_view(caseload, population, ROCHDALE, scenario="rates held")
    assert "(rates held)" in _title(what_if.fan) and _last_median(what_if) != _last_median(held)
    up = widgets.projection_view(caseload, population, ROCHDALE, trend=5.0)
    down = widgets.projection_view(caseload, population, ROCHDALE, population_change=-5.0)
    assert _last_median(down) < _last_median(held) < _last_median(up)
    assert "new plans per head +5.0% a year" in _title(up.fan)
    # +5% and -5% a year on the same joiners: 1.05 x 0.95 < 1, so a little below the published projection
    both = widgets.projection_view(caseload, population, ROCHDALE, trend=5.0, population_change=-5.0)
    assert _last_median(down) < _last_median(both) <= _last_median(held)
    england = widgets.projection_view(caseload, population, ROCHDALE, scenario="converge to England",
                                      converge_years=5)
    assert england.message == "" and "converge to England, reached in 5 years" in _title(england.fan)


def test_projection_view_bad_input(few):
    caseload, population = few
    view = widgets.projection_view(caseload, population, ROCHDALE, scenario="converge to neighbours")
    assert view.fan is None and view.message.startswith(
        "No projection with these assumptions: scenario 'converge to neighbours' needs neighbours=")
    assert widgets.projection_view(caseload, population, "E06000001").message == (
        "The data folder holds no EHC plans by age for Hartlepool: there is nothing to project.")
    assert widgets.projection_view(caseload, population, "nowhere").message == (
        "No area has the code 'nowhere': pick a local authority from the list.")


@pytest.mark.parametrize("args, kwargs, message", [
    (("plans", None), {}, "caseload must be the EHC plan caseload frame (catalog.load('ehc_caseload')); got str"),
    ((None, None), {"trend": -100}, "trend must be a percentage a year above -100; got -100"),
    ((None, None), {"population_change": "1%"}, "population_change must be a percentage a year above -100; got '1%'"),
    ((None, None), {"population_change": 1.0}, "population_change needs the population (ONS mid-year estimates); "
                                               "got None and population_change 1.0"),
])
def test_projection_view_argument_errors(few, args, kwargs, message):
    caseload = few[0] if args[0] is None else args[0]
    with pytest.raises(ArgumentError, match=f"^{re.escape(message)}$"):
        widgets.projection_view(caseload, args[1], ROCHDALE, **kwargs)


# --- projection playground on the sample data ---------------------------------------------------------------------

def test_playground_sliders_and_reset(catalog):
    playground = widgets.ProjectionPlayground(catalog, area_code=ROCHDALE)
    assert playground.settings == widgets.PLAYGROUND_DEFAULTS
    assert playground.damping.disabled and playground.converge_years.disabled  # unused by "recent growth"
    assert playground.view.message == "" and "recent growth" in _title(playground.view.fan)
    assert playground.scenario.options[0] == "recent growth"
    default_table, default_median = playground.table.value, _last_median(playground.view)
    assert "The 95% interval widens from" in playground.interval.value

    playground.trend.value = 3.0
    assert playground.view.settings["trend"] == 3.0
    assert "new plans per head +3.0% a year" in _title(playground.view.fan)
    assert playground.table.value != default_table and _last_median(playground.view) > default_median
    assert _html(playground.fan_output).startswith('<figure class="jsnakit-figure">')

    playground.reset_button.click()
    assert playground.settings == widgets.PLAYGROUND_DEFAULTS and playground.trend.value == 0.0
    assert playground.table.value == default_table and _last_median(playground.view) == default_median

    playground.area.value = "Atlantis"
    assert playground.view.message.startswith("No area matches 'Atlantis'") and not playground.fan_output.outputs
    assert playground._repr_mimebundle_()["application/vnd.jupyter.widget-view+json"]["model_id"] == \
        playground.widget.model_id


def test_describe_settings():
    assert widgets.describe_settings(widgets.PLAYGROUND_DEFAULTS) == "recent growth"
    assert widgets.describe_settings({"scenario": "converge to neighbours", "converge_years": 1,
                                      "population_change": -0.5}) == \
        "converge to neighbours, reached in 1 year; population -0.5% a year"
