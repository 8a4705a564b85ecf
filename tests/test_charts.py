"""charts.trend, charts.need_mix, charts.ranked_bars, charts.alt_text and charts.figure_html, tested through their
artists (charts.shortfall_chart is tested in tests/test_widgets.py, on the gap view's hand-checked analysis)."""
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from jsnakit import disclosure  # noqa: E402
from jsnakit.core import schema  # noqa: E402
from jsnakit.render import charts  # noqa: E402
from jsnakit.core.errors import ArgumentError, DisclosureError  # noqa: E402

pytestmark = pytest.mark.usefixtures("close_figures")  # conftest: every figure closed after each test

ISLINGTON, LONDON, ENGLAND = "E09000019", "E12000007", "E92000001"
NAMES = {ISLINGTON: "Islington", LONDON: "London", ENGLAND: "England"}
PERIODS = ["2018/19", "2019/20", "2020/21", "2021/22", "2022/23"]
SUPPRESSED_PERIOD = "2020/21"  # Islington's count there is 3: withheld by disclosure control
NEED_PERIOD = "2022/23"
# Islington's EHC plans by primary need: SpLD (3) is withheld, and PD (20, the next smallest) withheld to protect it
NEEDS = {
    "Autistic spectrum disorder": 300.0,
    "Speech, language and communication needs": 200.0,
    "Social, emotional and mental health": 150.0,
    "Moderate learning difficulty": 40.0,
    "Physical disability": 20.0,
    "Specific learning difficulty": 3.0,
}
ENGLAND_NEEDS = {
    "Autistic spectrum disorder": 120000.0,
    "Speech, language and communication needs": 80000.0,
    "Social, emotional and mental health": 60000.0,
    "Moderate learning difficulty": 30000.0,
    "Physical disability": 10000.0,
    "Specific learning difficulty": 15000.0,
}

DISCLOSURE_MESSAGE = (
    "only frames that passed disclosure control can be drawn or written: call jsnakit.disclosure.apply() first; "
    "got DataFrame"
)


def _row(indicator, code, period, count, denominator, *, breakdown="All", category="All", unit="%",
         comparison="similar", multiplier=100.0):
    value = count / denominator * multiplier
    return {
        "indicator": indicator, "area_code": code, "area_name": NAMES[code], "area_type": "test", "period": period,
        "breakdown": breakdown, "category": category, "count": count, "denominator": denominator, "value": value,
        "lower_ci": value * 0.9, "upper_ci": value * 1.1, "confidence": 0.95, "unit": unit, "method": "Wilson",
        "comparator_code": ENGLAND, "comparison": "not compared" if code == ENGLAND else comparison, "note": np.nan,
        "source": "synthetic",
    }


def make_frame() -> pd.DataFrame:
    rows = []
    for i, period in enumerate(PERIODS):
        count = 3.0 if period == SUPPRESSED_PERIOD else 400.0 + 25 * i
        rows.append(_row("ehc_pupils_pct", ISLINGTON, period, count, 10000.0, comparison="higher"))
        rows.append(_row("ehc_pupils_pct", LONDON, period, 40000.0 + 1000 * i, 1000000.0))
        rows.append(_row("ehc_pupils_pct", ENGLAND, period, 300000.0 + 10000 * i, 9000000.0))
    total, england_total = sum(NEEDS.values()), sum(ENGLAND_NEEDS.values())
    for need in NEEDS:
        rows.append(_row("ehc_need_share", ISLINGTON, NEED_PERIOD, NEEDS[need], total, breakdown="primary_need",
                         category=need))
        rows.append(_row("ehc_need_share", ENGLAND, NEED_PERIOD, ENGLAND_NEEDS[need], england_total,
                         breakdown="primary_need", category=need))
    frame = pd.concat([schema.empty(), pd.DataFrame(rows)], ignore_index=True)[schema.INDICATOR_COLUMNS]
    return schema.validate(frame)


@pytest.fixture
def frame():
    return make_frame()


@pytest.fixture
def disclosed(frame):
    return disclosure.apply(frame)


def _line(ax, label):
    found = [line for line in ax.lines if line.get_label() == label]
    assert len(found) == 1, [line.get_label() for line in ax.lines]
    return found[0]


def _legend(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


def _expected(disclosed, code, indicator="ehc_pupils_pct"):
    f = disclosed.frame
    f = f[(f["indicator"] == indicator) & (f["area_code"] == code) & (f["breakdown"] == "All")]
    return f.set_index("period").loc[PERIODS, "value"].to_numpy(float)


# --- trend --------------------------------------------------------------------------------------------------------

def test_trend_line_holds_the_frames_values_with_a_gap_where_suppressed(disclosed):
    ax = charts.trend(disclosed, indicator="ehc_pupils_pct", area_code=ISLINGTON)
    line = _line(ax, "Islington")
    expected = _expected(disclosed, ISLINGTON)
    np.testing.assert_allclose(line.get_ydata(), expected)  # NaN == NaN under assert_allclose
    gap = PERIODS.index(SUPPRESSED_PERIOD)
    assert np.isnan(line.get_ydata()[gap])  # a gap, never 0
    assert not np.any(np.asarray(line.get_ydata(), float) == 0)
    np.testing.assert_array_equal(line.get_xdata(), np.arange(len(PERIODS)))
    assert [t.get_text() for t in ax.get_xticklabels()] == PERIODS
    # the values planted: 400 + 25 i pupils of 10,000
    assert line.get_ydata()[0] == pytest.approx(4.0)
    assert line.get_ydata()[4] == pytest.approx(5.0)


def test_trend_annotates_the_suppressed_period_and_names_it_in_the_legend(disclosed):
    ax = charts.trend(disclosed, indicator="ehc_pupils_pct", area_code=ISLINGTON)
    notes = [t for t in ax.texts if t.get_text().replace("\n", " ") == "suppressed to protect small counts"]
    assert len(notes) == 1
    assert notes[0].xy[0] == PERIODS.index(SUPPRESSED_PERIOD)
    marker = _line(ax, "Islington: value suppressed or missing (gap in line)")
    assert list(marker.get_xdata()) == [PERIODS.index(SUPPRESSED_PERIOD)]
    assert any("suppressed" in text for text in _legend(ax))


def test_trend_draws_the_ci_band_from_the_frame(disclosed):
    ax = charts.trend(disclosed, indicator="ehc_pupils_pct", area_code=ISLINGTON, comparators=())
    bands = [c for c in ax.collections if c.get_label() == "Islington: 95% confidence interval"]
    assert len(bands) == 1
    f = disclosed.frame
    first = f[(f["area_code"] == ISLINGTON) & (f["period"] == PERIODS[0]) & (f["indicator"] == "ehc_pupils_pct")]
    vertices = bands[0].get_paths()[0].vertices
    at_first = vertices[np.isclose(vertices[:, 0], 0)][:, 1]
    assert at_first.min() == pytest.approx(first["lower_ci"].iloc[0])
    assert at_first.max() == pytest.approx(first["upper_ci"].iloc[0])
    assert "Islington: 95% confidence interval" in _legend(ax)


def test_trend_comparators_are_named_and_styled_apart(disclosed):
    ax = charts.trend(disclosed, indicator="ehc_pupils_pct", area_code=ISLINGTON, comparators=(ENGLAND, LONDON))
    area, england, london = (_line(ax, n) for n in ("Islington", "England", "London"))
    np.testing.assert_allclose(england.get_ydata(), _expected(disclosed, ENGLAND))
    np.testing.assert_allclose(london.get_ydata(), _expected(disclosed, LONDON))
    styles = {(line.get_marker(), str(line.get_linestyle())) for line in (area, england, london)}
    assert len(styles) == 3  # marker and line style differ, not only colour
    assert len({line.get_color() for line in (area, england, london)}) == 3
    assert {"Islington", "England", "London"} <= set(_legend(ax))
    assert ax.get_ylabel() == "Per cent (%)"
    assert ax.get_title() == "Pupils with an EHC plan: Islington, 2018/19 to 2022/23"  # from jsnakit.core.indicators


def test_trend_draws_on_the_given_axes_and_returns_it(disclosed):
    fig, ax = plt.subplots()
    assert charts.trend(disclosed, indicator="ehc_pupils_pct", area_code=ISLINGTON, ax=ax) is ax
    assert len(fig.axes) == 1


def test_trend_refuses_a_frame_that_has_not_passed_disclosure(frame):
    with pytest.raises(DisclosureError, match=re.escape(DISCLOSURE_MESSAGE)):
        charts.trend(frame, indicator="ehc_pupils_pct", area_code=ISLINGTON)


def test_trend_errors_name_the_argument(disclosed):
    with pytest.raises(ArgumentError, match=re.escape(
            "comparators must name an area with rows for indicator 'ehc_pupils_pct' (All/All); got 'E12000001', "
            "not among ['E09000019', 'E12000007', 'E92000001']")):
        charts.trend(disclosed, indicator="ehc_pupils_pct", area_code=ISLINGTON, comparators="E12000001")
    with pytest.raises(ArgumentError, match=re.escape(
            "indicator must be one of ['ehc_need_share', 'ehc_pupils_pct'] for this frame; got 'nope'")):
        charts.trend(disclosed, indicator="nope", area_code=ISLINGTON)
    with pytest.raises(ArgumentError, match=re.escape(
            "area_code must name an area with rows for indicator 'ehc_pupils_pct' (All/All); got 'E09000001'")):
        charts.trend(disclosed, indicator="ehc_pupils_pct", area_code="E09000001")
    with pytest.raises(ArgumentError, match=re.escape("ax must be None or a matplotlib Axes; got str")):
        charts.trend(disclosed, indicator="ehc_pupils_pct", area_code=ISLINGTON, ax="left")


# --- need_mix -----------------------------------------------------------------------------------------------------

def test_need_mix_bars_are_the_values_largest_on_top(disclosed):
    ax = charts.need_mix(disclosed, indicator="ehc_need_share", area_code=ISLINGTON, period=NEED_PERIOD)
    shown = ["Autistic spectrum disorder", "Speech, language and communication needs",
             "Social, emotional and mental health", "Moderate learning difficulty"]
    total = sum(NEEDS.values())
    assert [p.get_width() for p in ax.patches] == pytest.approx([NEEDS[n] / total * 100 for n in shown])
    centres = [p.get_y() + p.get_height() / 2 for p in ax.patches]
    assert centres == pytest.approx([0, 1, 2, 3])
    bottom, top = ax.get_ylim()
    assert top < bottom  # y axis runs downwards: the first (largest) bar is on top
    labels = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert labels[:4] == shown
    assert sorted(labels[4:]) == ["Physical disability", "Specific learning difficulty"]


def test_need_mix_labels_suppressed_categories_instead_of_drawing_a_bar(disclosed):
    ax = charts.need_mix(disclosed, indicator="ehc_need_share", area_code=ISLINGTON, period=NEED_PERIOD)
    assert len(ax.patches) == 4  # no zero-width bar for the withheld needs
    labels = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    notes = {labels[int(t.xy[1])]: t.get_text() for t in ax.texts}
    assert notes == {
        "Specific learning difficulty": "suppressed to protect small counts",
        "Physical disability": "suppressed to protect small counts",
    }


def test_need_mix_benchmark_markers_sit_on_their_bars(disclosed):
    ax = charts.need_mix(disclosed, indicator="ehc_need_share", area_code=ISLINGTON, period=NEED_PERIOD)
    england = _line(ax, "England")
    labels = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    total = sum(ENGLAND_NEEDS.values())
    assert list(england.get_xdata()) == pytest.approx([ENGLAND_NEEDS[n] / total * 100 for n in labels])
    assert list(england.get_ydata()) == pytest.approx(range(len(labels)))
    assert england.get_marker() == "D" and england.get_linestyle() == "None"
    assert {"Islington", "England", "Islington: 95% confidence interval"} <= set(_legend(ax))


def test_need_mix_error_bars_are_the_cis(disclosed):
    ax = charts.need_mix(disclosed, indicator="ehc_need_share", area_code=ISLINGTON, period=NEED_PERIOD)
    f = disclosed.frame
    f = f[(f["indicator"] == "ehc_need_share") & (f["area_code"] == ISLINGTON)].dropna(subset=["value"])
    f = f.sort_values("value", ascending=False)
    segments = [c for c in ax.collections if len(c.get_segments()) == 4][0].get_segments()
    for segment, (_, row) in zip(segments, f.iterrows()):
        assert sorted(segment[:, 0]) == pytest.approx([row["lower_ci"], row["upper_ci"]])


def test_need_mix_refuses_undisclosed_frames_and_bad_arguments(frame, disclosed):
    with pytest.raises(DisclosureError, match=re.escape(DISCLOSURE_MESSAGE)):
        charts.need_mix(frame, indicator="ehc_need_share", area_code=ISLINGTON, period=NEED_PERIOD)
    with pytest.raises(ArgumentError, match=re.escape(
            "period must be one of ['2022/23'] for indicator 'ehc_need_share' (primary_need); got '2030/31'")):
        charts.need_mix(disclosed, indicator="ehc_need_share", area_code=ISLINGTON, period="2030/31")
    with pytest.raises(ArgumentError, match=re.escape(
            "benchmark must name an area with rows for indicator 'ehc_need_share' (primary_need) in 2022/23; "
            "got 'E12000007'")):
        charts.need_mix(disclosed, indicator="ehc_need_share", area_code=ISLINGTON, period=NEED_PERIOD,
                        benchmark=LONDON)
    with pytest.raises(ArgumentError, match=re.escape(
            "breakdown must be one of ['All'] for indicator 'ehc_pupils_pct'; got 'primary_need'")):
        charts.need_mix(disclosed, indicator="ehc_pupils_pct", area_code=ISLINGTON, period=NEED_PERIOD)


def test_need_mix_without_benchmark(disclosed):
    ax = charts.need_mix(disclosed, indicator="ehc_need_share", area_code=ISLINGTON, period=NEED_PERIOD,
                         benchmark=None)
    assert "England" not in _legend(ax)


def test_one_row_per_area_and_period_is_required(frame):
    doubled = disclosure.apply(pd.concat([frame, frame.iloc[[0]]], ignore_index=True))
    with pytest.raises(ArgumentError, match=re.escape(
            "each area_code and period must have one row for indicator 'ehc_pupils_pct' (All/All); got 2 rows for "
            "area_code 'E09000019', period '2018/19' (select one with disclosed.query)")):
        charts.trend(doubled, indicator="ehc_pupils_pct", area_code=ISLINGTON)


# --- alt_text and figure_html -------------------------------------------------------------------------------------

def test_alt_text_describes_a_trend(disclosed):
    ax = charts.trend(disclosed, indicator="ehc_pupils_pct", area_code=ISLINGTON, comparators=(ENGLAND, LONDON))
    text = charts.alt_text(ax)
    assert text.startswith("Line chart: Pupils with an EHC plan: Islington, 2018/19 to 2022/23.")
    assert "Horizontal axis: Period, 2018/19 to 2022/23." in text
    assert "Vertical axis: Per cent (%)." in text
    for name in ("Islington", "England", "London"):
        assert name in text
    values = np.concatenate([_expected(disclosed, c) for c in (ISLINGTON, ENGLAND, LONDON)])
    values = values[~np.isnan(values)]
    assert f"Values range from {values.min():.1f} to {values.max():.1f}." in text
    assert "suppressed to protect small counts (2020/21)" in text


def test_alt_text_describes_a_need_mix(disclosed):
    ax = charts.need_mix(disclosed, indicator="ehc_need_share", area_code=ISLINGTON, period=NEED_PERIOD)
    text = charts.alt_text(ax)
    assert text.startswith(
        "Horizontal bar chart: Primary need of pupils with an EHC plan: Islington, 2022/23.")
    assert "Categories, from the top: Autistic spectrum disorder; Speech, language" in text
    assert "Bars range from 5.6 to 42.1." in text  # 40/713 and 300/713
    assert "suppressed to protect small counts (Specific learning difficulty)" in text
    assert "suppressed to protect small counts (Physical disability)" in text


def test_alt_text_refuses_anything_but_axes():
    with pytest.raises(ArgumentError, match="ax must be a matplotlib Axes; got Figure"):
        charts.alt_text(plt.figure())
    with pytest.raises(ArgumentError, match="^ax must be a matplotlib Axes; got str$"):
        charts.alt_text("ax")


def test_figure_html_embeds_the_png_with_its_alt_text_and_closes_the_figure(disclosed):
    ax = charts.trend(disclosed, indicator="ehc_pupils_pct", area_code=ISLINGTON)
    number = ax.figure.number
    alt = charts.alt_text(ax)
    out = charts.figure_html(ax, alt=alt, caption="Source: DfE <SEN in England>", width=640)
    assert out.startswith('<figure class="jsnakit-figure">') and out.endswith("</figure>")
    assert "data:image/png;base64,iVBORw0KGgo" in out  # the PNG signature, base64-encoded
    assert f'alt="{alt}"' in out
    assert 'width="640"' in out
    assert "<figcaption>Source: DfE &lt;SEN in England&gt;</figcaption>" in out
    assert "<script" not in out
    assert not plt.fignum_exists(number)


def test_figure_html_takes_a_figure_and_escapes_alt():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    out = charts.figure_html(fig, alt='A "quoted" line & more')
    assert 'alt="A &quot;quoted&quot; line &amp; more"' in out
    assert "<figcaption>" not in out


def _chart(legend_beyond=False):
    fig, ax = plt.subplots(figsize=(6, 4), layout="constrained")
    for k in range(3):
        ax.plot([0, 1, 2, 3], [k, k + 1, k * 2, 3], label=f"series {k}")
    ax.set_title("A title that nearly fills the width of the chart, as factsheet titles do")
    ax.set_xlabel("Year")
    if legend_beyond:
        ax.legend(loc="center left", bbox_to_anchor=(1.4, 0.5))
    else:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncols=3)
    return fig


def _pixels(png: bytes) -> np.ndarray:
    import io

    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


@pytest.mark.parametrize("legend_beyond", [False, True], ids=["inside", "legend-beyond-the-figure"])
def test_figure_png_is_savefig_tight_drawn_once(legend_beyond, monkeypatch):
    import io

    from matplotlib.figure import Figure
    from PIL import Image

    from jsnakit.render.embed import figure_png

    fig = _chart(legend_beyond)
    fig.canvas.draw()  # drawn once before, as on screen (constrained layout places an outside legend anew then)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=150, bbox_inches="tight", facecolor="white")
    theirs = _pixels(buffer.getvalue())
    draws = []
    draw = Figure.draw
    monkeypatch.setattr(Figure, "draw", lambda self, renderer: draws.append(1) or draw(self, renderer))
    ours = _pixels(figure_png(_chart(legend_beyond)))
    # the same picture: the same size to a pixel or two (rounding), the same content once shrunk to a sixth
    assert abs(ours.shape[0] - theirs.shape[0]) <= 2 and abs(ours.shape[1] - theirs.shape[1]) <= 2
    size = (theirs.shape[1] // 6, theirs.shape[0] // 6)
    small = [np.asarray(Image.fromarray(a.astype(np.uint8)).resize(size, Image.Resampling.BOX)).astype(int)
             for a in (theirs, ours)]
    assert np.abs(small[0] - small[1]).mean() < 2.5
    assert (ours[[0, -1]] == 255).all() and (ours[:, [0, -1]] == 255).all()  # the white margin
    if legend_beyond:  # drawn beyond the figure (6 in = 900 px): savefig widens the canvas, as before
        assert ours.shape[1] > 1000 and len(draws) == 3  # figure_png's own draw, then savefig's two
    else:
        assert len(draws) == 1  # once, where savefig's tight box draws twice


def test_figure_html_errors():
    fig, ax = plt.subplots()
    with pytest.raises(ArgumentError, match=re.escape(
            "alt must be a non-empty description of the chart (see charts.alt_text); got ''")):
        charts.figure_html(ax, alt="")
    with pytest.raises(ArgumentError, match=re.escape("ax_or_fig must be a matplotlib Axes or Figure; got str")):
        charts.figure_html("chart", alt="x")
    with pytest.raises(ArgumentError, match=re.escape(
            "width must be None or a positive whole number of CSS pixels; got 0")):
        charts.figure_html(ax, alt="x", width=0)


def test_default_title_falls_back_to_the_indicator_id(frame):
    local = frame.assign(indicator=frame["indicator"].replace({"ehc_pupils_pct": "my_local_measure"}))
    ax = charts.trend(disclosure.apply(local), indicator="my_local_measure", area_code=ISLINGTON)
    assert ax.get_title() == "my_local_measure: Islington, 2018/19 to 2022/23"


def test_counts_have_no_interval_drawn(frame):
    # a count (method "none") has no interval, even in a frame from elsewhere that gives it limits equal to the value
    counts = frame[frame["indicator"] == "ehc_pupils_pct"].assign(
        indicator="ehc_plans", unit="plans", method="none", value=lambda f: f["count"],
        lower_ci=lambda f: f["count"], upper_ci=lambda f: f["count"], denominator=np.nan)
    ax = charts.trend(disclosure.apply(counts), indicator="ehc_plans", area_code=ISLINGTON)
    assert len(ax.collections) == 0
    assert not any("confidence interval" in t for t in _legend(ax))
    assert ax.get_ylabel() == "Number of EHC plans"
    assert "Values range from 400 to 340,000." in charts.alt_text(ax)  # whole numbers: counts


def test_funnel_plot_of_published_las(national):
    published = disclosure.apply(national)
    ax = charts.funnel(published, indicator="ehc_pupils_pct", period="2025/26", area_code="E09000019")
    points, focus = ax.collections[0], ax.collections[-1]
    frame = published.frame
    las = frame[(frame["indicator"] == "ehc_pupils_pct") & (frame["period"] == "2025/26")
                & (frame["breakdown"] == "All") & frame["area_type"].isin(
                    ["unitary authority", "metropolitan district", "london borough", "county"])]
    assert len(points.get_offsets()) == las["value"].notna().sum() == 153
    islington = las.set_index("area_code").loc["E09000019"]
    assert focus.get_offsets().tolist() == [[islington["denominator"], islington["value"]]]
    # The average line is the pooled proportion of the LAs drawn (PHE funnel baseline).
    average = ax.lines[0].get_ydata()[0]
    assert average == pytest.approx(100 * las["count"].sum() / las["denominator"].sum())
    assert len(ax.lines) == 5                                   # average + 2 x 95% + 2 x 99.8%
    assert charts.alt_text(ax).startswith("Funnel plot: Pupils with an EHC plan: local authorities, 2025/26, "
                                          "Islington highlighted.")
    with pytest.raises(ArgumentError, match="indicator must be a percentage or a rate for a funnel plot; got "
                                            "'ehc_plans'"):
        charts.funnel(published, indicator="ehc_plans", period="2024/25")


# --- ranked bars: Rochdale among its statistical neighbours in the sample data ------------------------------------

ROCHDALE = "E08000005"


@pytest.fixture(scope="module")
def published(national):
    return disclosure.apply(national)


@pytest.fixture(scope="module")
def neighbours(samples):
    from jsnakit.catalog import Catalog

    return Catalog(samples, cache_dir=False).load("neighbours")


def test_ranked_bars_sorts_highest_first_and_marks_the_area(published, neighbours):
    ax = charts.ranked_bars(published, indicator="ehc_pupils_pct", period="2025/26", area_code=ROCHDALE,
                            neighbours=neighbours)
    widths = [bar.get_width() for bar in ax.patches]
    assert len(widths) == 11 and widths == sorted(widths, reverse=True)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    own = labels.index("Rochdale (this area)")
    assert ax.patches[own].get_hatch() == "///"  # the area is hatched, not only coloured
    assert sum(bar.get_hatch() is not None for bar in ax.patches) == 1
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[:3] == ["Rochdale (this area)", "Statistical neighbours", "95% confidence interval"]
    assert legend[3].startswith("England: ") and legend[4].startswith("North West: ")
    alt = charts.alt_text(ax)
    assert alt.startswith("Horizontal bar chart: Pupils with an EHC plan: Rochdale and its statistical neighbours")
    assert "of the 11 areas shown" in alt and "Reference lines: England " in alt


@pytest.mark.parametrize("kwargs, message", [
    ({"neighbours": None}, "neighbours must be a frame of statistical neighbours (jsnakit.core.schema.NEIGHBOUR_COLUMNS); "
                           "got None"),
    ({"area_code": "E12000002"}, "area_code must be an area with statistical neighbours; got 'E12000002' "
                                 "(North West), which has none"),
    ({"period": "2001/02"}, "indicator and period must have a row for area_code E08000005 (Rochdale); got "
                            "'ehc_pupils_pct' (All/All) in '2001/02', which has none"),
    ({"ax": "axes"}, "ax must be None or a matplotlib Axes; got str"),
])
def test_ranked_bars_errors(published, neighbours, kwargs, message):
    arguments = {"indicator": "ehc_pupils_pct", "period": "2025/26", "area_code": ROCHDALE,
                 "neighbours": neighbours, **kwargs}
    with pytest.raises(ArgumentError, match=f"^{re.escape(message)}$"):
        charts.ranked_bars(published, **arguments)


def test_ranked_bars_refuses_a_frame_that_has_not_passed_disclosure(published, neighbours):
    with pytest.raises(DisclosureError, match="only frames that passed disclosure control"):
        charts.ranked_bars(published.frame, indicator="ehc_pupils_pct", period="2025/26", area_code=ROCHDALE,
                           neighbours=neighbours)
