"""tables.to_frame, tables.to_html and tables.disclosed_repr_html."""
import re

import numpy as np
import pandas as pd
import pytest

from jsnakit import disclosure
from jsnakit.core import schema
from jsnakit.render import tables
from jsnakit.core.errors import ArgumentError, DisclosureError

ISLINGTON, LONDON, ENGLAND = "E09000019", "E12000007", "E92000001"
NAMES = {ISLINGTON: "Islington", LONDON: "London", ENGLAND: "England"}
SMALL = 3.0  # the planted small count: it must reach no output

DISCLOSURE_MESSAGE = (
    "only frames that passed disclosure control can be drawn or written: call jsnakit.disclosure.apply() first; "
    "got DataFrame"
)


def _row(indicator, code, count, denominator, *, value=None, lo=None, hi=None, unit="%", breakdown="All",
         category="All", comparison="similar", note=np.nan, period="2024/25"):
    value = count / denominator * 100 if value is None else value
    return {
        "indicator": indicator, "area_code": code, "area_name": NAMES[code], "area_type": "test", "period": period,
        "breakdown": breakdown, "category": category, "count": count, "denominator": denominator, "value": value,
        "lower_ci": value * 0.95 if lo is None else lo, "upper_ci": value * 1.05 if hi is None else hi,
        "confidence": 0.95, "unit": unit, "method": "Wilson", "comparator_code": ENGLAND, "comparison": comparison,
        "note": note, "source": "synthetic",
    }


def make_frame() -> pd.DataFrame:
    rows = [
        # 0: 1,234 of 20,000 pupils: 6.17% (5.84 to 6.51)
        _row("ehc_pupils_pct", ISLINGTON, 1234.0, 20000.0, value=6.17, lo=5.84, hi=6.51, comparison="higher"),
        # 1: London, similar
        _row("ehc_pupils_pct", LONDON, 45678.0, 1000000.0, value=4.5678, lo=4.5271, hi=4.6087, comparison="similar"),
        # 2: England itself
        _row("ehc_pupils_pct", ENGLAND, 434354.0, 9000000.0, value=4.8262, lo=4.8122, hi=4.8402,
             comparison="not compared"),
        # 3-6: primary needs of all 1,243 of Islington's SEN support pupils; MSI is the planted small count, HI (the
        # next smallest) is withheld too
        _row("sen_support_need_share", ISLINGTON, 900.0, 1243.0, breakdown="primary_need",
             category="Speech, language and communication needs", comparison="lower"),
        _row("sen_support_need_share", ISLINGTON, 300.0, 1243.0, breakdown="primary_need",
             category="Moderate learning difficulty"),
        _row("sen_support_need_share", ISLINGTON, 40.0, 1243.0, breakdown="primary_need",
             category="Hearing impairment"),
        _row("sen_support_need_share", ISLINGTON, SMALL, 1243.0, breakdown="primary_need",
             category="Multi-sensory impairment"),
        # 7: a population: a count with no confidence interval
        _row("population", ISLINGTON, 61234.0, np.nan, value=61234.0, lo=np.nan, hi=np.nan, unit="persons",
             breakdown="age_band", category="0-4", comparison="not compared"),
        # 8: a count (method "none") from a frame that gives it limits equal to the value: still no interval
        {**_row("ehc_plans", ISLINGTON, 1634.0, np.nan, value=1634.0, lo=1634.0, hi=1634.0, unit="plans",
                comparison="not compared"), "method": "none"},
        # 9: not available from the publisher
        _row("ehc_pupils_pct", ISLINGTON, np.nan, np.nan, value=np.nan, lo=np.nan, hi=np.nan, note="x",
             comparison="not compared", period="2018/19"),
    ]
    frame = pd.concat([schema.empty(), pd.DataFrame(rows)], ignore_index=True)[schema.INDICATOR_COLUMNS]
    return schema.validate(frame)


@pytest.fixture
def frame():
    return make_frame()


@pytest.fixture
def disclosed(frame):
    return disclosure.apply(frame)


ALL = ["indicator", "area_name", "period", "category", "count", "denominator", "value", "ci", "comparison", "note"]


def test_values_counts_and_cis_are_formatted(disclosed):
    table = tables.to_frame(disclosed, columns=ALL)
    first = table.iloc[0].tolist()
    assert first == ["Pupils with an EHC plan", "Islington", "2024/25", "All", "1,234", "20,000", "6.2", "5.8 to 6.5",
                     "▲ higher than England", ""]
    assert table.iloc[1]["Count"] == "45,678"
    assert table.iloc[1]["Value"] == "4.6"
    assert table.iloc[1]["95% confidence interval"] == "4.5 to 4.6"
    assert table.iloc[2]["Denominator"] == "9,000,000"


def test_comparisons_are_words_with_symbols(disclosed):
    column = tables.to_frame(disclosed, columns=["comparison"]).iloc[:, 0].tolist()
    assert column[:4] == ["▲ higher than England", "● similar to England", "not compared", "▼ lower than England"]


def test_the_planted_small_count_is_shown_as_suppressed_never_as_itself(disclosed):
    table = tables.to_frame(disclosed, columns=ALL)
    small = table[table["Category"] == "Multi-sensory impairment"].iloc[0]
    for header in ("Count", "Denominator", "Value", "95% confidence interval"):
        assert small[header] == "suppressed to protect small counts"
    assert small["Compared with benchmark (significance at 95%)"] == "not compared"
    assert small["Note"] == "suppressed to protect small counts"
    cells = table.to_numpy().ravel().tolist()
    assert not any(re.fullmatch(r"3(\.0+)?", c) for c in cells)  # never the small count itself
    assert not any(c in ("0", "0.0", "nan", "NaN", "<NA>") for c in cells)
    assert all(isinstance(c, str) for c in cells)


def test_secondary_suppression_is_explained(disclosed):
    table = tables.to_frame(disclosed, columns=["category", "count", "value"])
    hi = table[table["Category"] == "Hearing impairment"].iloc[0]
    assert hi.tolist() == ["Hearing impairment", "suppressed to protect small counts",
                           "suppressed to protect small counts"]
    assert "40" not in table.to_numpy().ravel().tolist()


def test_not_available_and_not_applicable(disclosed):
    table = tables.to_frame(disclosed, columns=["indicator", "count", "value", "ci"])
    population = table.iloc[7].tolist()
    assert population == ["Children and young people aged 0-25", "61,234", "61,234", "not applicable"]
    missing = table.iloc[9].tolist()
    assert missing == ["Pupils with an EHC plan", "not available", "not available", "not available"]
    plans = table.iloc[8].tolist()
    assert plans == ["EHC plans maintained", "1,634", "1,634", "not applicable"]


def test_labels_override_the_headers(disclosed):
    table = tables.to_frame(disclosed, columns=["area_name", "value"], labels={"value": "% of pupils"})
    assert list(table.columns) == ["Area", "% of pupils"]
    assert list(table.index) == list(range(len(disclosed)))


def test_default_columns(disclosed):
    table = tables.to_frame(disclosed)
    assert list(table.columns) == [tables.DEFAULT_LABELS[c] for c in tables.DEFAULT_COLUMNS]


def test_to_html_is_accessible_and_escaped(disclosed):
    out = tables.to_html(disclosed.query(indicator="ehc_pupils_pct"),
                         caption="EHC plans <2024/25> & England. Source: DfE", columns=["area_name", "value", "ci"])
    assert out.startswith('<table class="jsnakit-table">')
    assert "<caption>EHC plans &lt;2024/25&gt; &amp; England. Source: DfE</caption>" in out
    assert out.count('<th scope="col">') == 3
    assert '<th scope="row">Islington</th>' in out
    assert '<td style="text-align:right">6.2</td>' in out
    assert "<script" not in out.lower() and "onclick" not in out.lower()


def test_to_html_shows_suppression_in_words(disclosed):
    out = tables.to_html(disclosed, caption="Primary needs", columns=["category", "count", "value"])
    assert "<td style=\"text-align:right\">suppressed to protect small counts</td>" in out
    assert not re.search(r">\s*3(\.0+)?\s*<", out)


def test_to_html_needs_a_caption(disclosed):
    with pytest.raises(ArgumentError, match=re.escape(
            "caption must be a non-empty string saying what the table shows; got ''")):
        tables.to_html(disclosed, caption="")


def test_renderers_refuse_plain_frames(frame):
    for render in (lambda f: tables.to_frame(f), lambda f: tables.to_html(f, caption="x"),
                   tables.disclosed_repr_html):
        with pytest.raises(DisclosureError, match=re.escape(DISCLOSURE_MESSAGE)):
            render(frame)


def test_unknown_columns_and_bad_labels(disclosed):
    with pytest.raises(ArgumentError, match=re.escape(
            "columns must be among ['indicator', 'area_code', 'area_name', 'area_type', 'period', 'breakdown', "
            "'category', 'count', 'denominator', 'value', 'lower_ci', 'upper_ci', 'confidence', 'unit', 'method', "
            "'comparator_code', 'comparison', 'note', 'source', 'ci']; got 'rate'")):
        tables.to_frame(disclosed, columns=["area_name", "rate"])
    with pytest.raises(ArgumentError,
                       match=re.escape("columns must be a list of column names; got the string 'value'")):
        tables.to_frame(disclosed, columns="value")
    with pytest.raises(ArgumentError, match=re.escape("labels must be a dict of column name to header; got list")):
        tables.to_frame(disclosed, labels=["a"])
    with pytest.raises(ArgumentError, match=re.escape(
            "labels must give every column a different header; got ['Area', 'Area']")):
        tables.to_frame(disclosed, columns=["area_name", "area_code"], labels={"area_code": "Area"})
    with pytest.raises(ArgumentError, match=re.escape("columns must name at least one column; got []")):
        tables.to_frame(disclosed, columns=[])


def test_disclosed_repr_html_summarises_and_formats(disclosed):
    out = tables.disclosed_repr_html(disclosed)
    assert "<caption>Disclosed indicator frame: 10 rows, 2 withheld by disclosure control. Counts from 1 to 4" in out
    assert "suppressed to protect small counts" in out
    assert "more rows" not in out
    assert not re.search(r">\s*3(\.0+)?\s*<", out)


def test_disclosed_repr_html_shows_the_first_rows_of_a_long_frame(frame):
    long = pd.concat([frame.iloc[[0]].assign(period=f"20{y:02d}/{y + 1:02d}") for y in range(30)], ignore_index=True)
    out = tables.disclosed_repr_html(disclosure.apply(long))
    assert out.count("<tr>") == tables.REPR_ROWS + 1  # header + rows
    assert "… and 10 more rows not shown." in out


def test_formatters():
    assert (tables.format_value(6.04, "%"), tables.format_value(6.06, "%")) == ("6.0", "6.1")
    assert tables.format_value(1234.56, "per 10,000") == "1,234.6"
    assert tables.format_value(float("nan"), "%") == ""
    assert tables.format_count(1234567.0) == "1,234,567"


def _standing(group_name=None):
    """Two rows as profile.comparison_frame gives them (Islington's figures on the sample data, rounded)."""
    from jsnakit.needs import profile

    common = {"area_code": ISLINGTON, "area_name": "Islington", "unit": "%", "period": "2025/26", "note": np.nan,
              "comparison": "higher", "significance": "higher (99.8%)", "neighbours": 10,
              "group_median": np.nan if group_name is None else 6.5018, "group_n": 0 if group_name is None else 4,
              "group_name": group_name, "ranked": 153, "quartile": "4", "trend": "increasing",
              "trend_from": "2021/22", "trend_to": "2025/26"}
    rows = [
        {**common, "indicator": "ehc_pupils_pct", "title": "Pupils with an EHC plan", "breakdown": "All",
         "category": "All", "count": 3023.0, "denominator": 40248.0, "value": 7.5109, "lower_ci": 7.2575,
         "upper_ci": 7.7725, "england": 5.993, "region": 6.010, "neighbour_median": 6.149, "rank": 16.0},
        {**common, "indicator": "ehc_need_share", "title": "Primary need of pupils with an EHC plan",
         "breakdown": "primary_need", "category": "Vision impairment", "count": np.nan, "denominator": np.nan,
         "value": np.nan, "lower_ci": np.nan, "upper_ci": np.nan, "note": "c", "comparison": "not compared",
         "significance": "not compared", "england": 0.79, "region": 0.82, "neighbour_median": 0.47,
         "group_median": np.nan if group_name is None else 1.58, "group_n": 0 if group_name is None else 2,
         "rank": np.nan, "quartile": None, "trend": "cannot be calculated"},
    ]
    return pd.DataFrame(rows)[profile.STANDING_COLUMNS]


def _cells(html):
    return [[re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", html, flags=re.S)]


def test_standing_html_shows_the_two_level_comparison_and_the_group_only_when_given():
    with_group = _cells(tables.standing_html(_standing("North Central London ICB"), caption="Where Islington stands"))
    header, first, second = with_group
    assert header == ["Indicator", "Period", "Value (95% CI)", "Compared with England (significant at 95% or 99.8%)",
                      "England", "Region", "Statistical neighbours (median)", "North Central London ICB (median)",
                      "Rank among LAs (1 = highest)", "Quarter among LAs", "Recent trend"]
    assert first == ["Pupils with an EHC plan (%)", "2025/26", "7.5 (7.3 to 7.8)", "higher (99.8%)", "6.0", "6.0",
                     "6.1 (10 areas)", "6.5 (4 areas)", "16th of 153", "highest quarter",
                     "increasing (2021/22 to 2025/26)"]
    # A breakdown row names its category; a withheld value reads as the reason, with no rank or quarter.
    assert second[:4] == ["Primary need of pupils with an EHC plan: Vision impairment (%)", "2025/26",
                          "suppressed to protect small counts", "not compared"]
    assert second[7:10] == ["1.6 (2 areas)", "", ""]
    without = _cells(tables.standing_html(_standing(), caption="Where Islington stands"))
    assert len(without[0]) == 10 and not any("ICB" in h or h == "Comparator group (median)" for h in without[0])
    assert without[1][6:8] == ["6.1 (10 areas)", "16th of 153"]
