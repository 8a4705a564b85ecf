"""Issue 18: placement of EHC plans, EHC plans by sex and deprivation context (needs.placement, needs.deprivation,
render.context_charts), checked by hand against the real files in ../shared/data/real.

Placement and sex: dfe_ehc_plans_2025/caseload.csv (2025 release of SEN2). Deprivation:
mhclg_imd2019/File_11_-_IoD2019_Local_Authority_District_Summaries__upper-tier__.xlsx. School census by sex:
dfe_sen_in_england_2026_national/"Number and percentage of pupils with SEN in England, by SEN provision and sex, ...".
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from jsnakit.catalog import Catalog
from jsnakit.core.errors import ArgumentError, DisclosureError
from jsnakit.needs import deprivation, placement, profile
from jsnakit.render import charts, context_charts

ISLINGTON, ROCHDALE, CAMBRIDGESHIRE, ENGLAND = "E09000019", "E08000005", "E10000003", "E92000001"
CUMBERLAND, BUCKINGHAMSHIRE = "E06000063", "E06000060"
SMALL = "suppressed to protect small counts"
Z = 1.959963984540054


@pytest.fixture(scope="module")
def catalog(real):
    return Catalog(real)


@pytest.fixture(scope="module")
def published(catalog):
    return profile.published(catalog)


@pytest.fixture(scope="module")
def neighbours(catalog):
    return catalog.load("neighbours")


def _wilson(x, n, z=Z):
    """Wilson's score interval, written out here (Wilson 1927), in per cent."""
    p = x / n
    half = z * math.sqrt(z * z + 4 * x * (1 - p))
    return 100 * (2 * x + z * z - half) / (2 * (n + z * z)), 100 * (2 * x + z * z + half) / (2 * (n + z * z))


def _by_category(table, column="count"):
    return dict(zip(table["category"], table[column]))


# ------------------------------------------------------------------------------------------------ placement

def test_rochdale_placements_add_up_to_its_plans(published, neighbours):
    # caseload.csv, time_period 202425, Rochdale (E08000005), "All EHC plans": ehcplans 2970; mainstream_total 1298,
    # special_total 873, ap_pru_total 14, fe_total 513, ed_elsewhere 137, nm_early_years 30, placement_unknown 105.
    table = placement.placement_table(published, ROCHDALE, neighbours=neighbours)
    assert list(table.columns) == placement.PLACEMENT_COLUMNS
    assert table["period"].unique().tolist() == ["2024/25"]
    assert _by_category(table) == {
        "Mainstream school": 1298, "Special school": 873, "Alternative provision or PRU": 14,
        "Further education": 513, "Educated elsewhere, including NEET": 137, "Non-maintained early years": 30,
        "Placement unknown, awaiting provision or other": 105}
    assert table["count"].sum() == 2970 == 1298 + 873 + 14 + 513 + 137 + 30 + 105
    assert (table["denominator"] == 2970).all()
    assert (table["reason"] == "").all()
    # Reading order: mainstream, special, AP/PRU, FE, educated elsewhere (NEET, home education, other), early
    # years, unknown.
    assert table["category"].tolist() == list(placement.PLACEMENT_ORDER)
    fe = table.set_index("category").loc["Further education"]
    assert fe["share"] == pytest.approx(513 / 2970 * 100)  # 17.27%
    assert (fe["lower_ci"], fe["upper_ci"]) == pytest.approx(_wilson(513, 2970))  # 15.96 to 18.67
    # England, same file, National row: fe_total 88158 of 638745 plans; North West: fe_total 12.46%.
    assert fe["england"] == pytest.approx(88158 / 638745 * 100)
    assert fe["comparison"] == "higher"
    assert 1 <= fe["neighbours"] <= 10 and np.isfinite(fe["neighbour_median"])


def test_islington_placements_add_up_with_the_withheld_ones(published):
    # caseload.csv, 202425, Islington (E09000019), "All EHC plans": ehcplans 2119; mainstream_total 1180,
    # special_total 573, fe_total 192, ed_elsewhere 134 are shown; nm_early_years 2 and placement_unknown 4 are
    # small, and ap_pru_total 34 is withheld to protect them (else 2119 - the rest would give 6 for the two).
    table = placement.placement_table(published, ISLINGTON)
    shown = table[table["count"].notna()]
    assert _by_category(shown) == {"Mainstream school": 1180, "Special school": 573, "Further education": 192,
                                   "Educated elsewhere, including NEET": 134}
    withheld = table[table["count"].isna()]
    assert set(withheld["category"]) == {"Alternative provision or PRU", "Non-maintained early years",
                                         "Placement unknown, awaiting provision or other"}
    assert (withheld["reason"] == SMALL).all() and withheld["share"].isna().all()
    assert 2119 - shown["count"].sum() == 34 + 2 + 4
    assert (shown["denominator"] == 2119).all()
    mainstream = table.set_index("category").loc["Mainstream school"]
    assert mainstream["share"] == pytest.approx(1180 / 2119 * 100)  # 55.69%
    # England: 278236 of 638745 (43.56%); London (region row): 50450 of 99116.
    assert mainstream["england"] == pytest.approx(278236 / 638745 * 100)
    assert mainstream["region"] == pytest.approx(50450 / 99116 * 100)
    assert table["neighbours"].eq(0).all()  # no neighbours given


def test_cambridgeshire_placements_not_available_in_2025(published):
    # caseload.csv, 202425, Cambridgeshire (E10000003): ehcplans 8007, every placement column "x".
    latest = placement.placement_table(published, CAMBRIDGESHIRE, period="2024/25")
    assert latest["count"].isna().all() and (latest["reason"] == "not available").all()
    # 202324: ehcplans 7318; mainstream_total 3595, special_total 1936, fe_total 950, ed_elsewhere 448,
    # placement_unknown 322 shown; ap_pru_total 1 is small and nm_early_years 66 is withheld to protect it.
    table = placement.placement_table(published, CAMBRIDGESHIRE)  # default: latest with published figures
    assert table["period"].iloc[0] == "2023/24"
    shown = table[table["count"].notna()]
    assert _by_category(shown) == {"Mainstream school": 3595, "Special school": 1936, "Further education": 950,
                                   "Educated elsewhere, including NEET": 448,
                                   "Placement unknown, awaiting provision or other": 322}
    assert 7318 - shown["count"].sum() == 1 + 66
    assert set(table.loc[table["count"].isna(), "reason"]) == {SMALL}


def test_placement_table_refuses_bad_input(published):
    with pytest.raises(DisclosureError):
        placement.placement_table(published.frame, ISLINGTON)
    with pytest.raises(ArgumentError, match="period"):
        placement.placement_table(published, ISLINGTON, period="1999/00")
    with pytest.raises(ArgumentError):
        placement.placement_table(published, "E99999999")


# ------------------------------------------------------------------------------------------------ sex

@pytest.fixture(scope="module")
def sex_islington(catalog):
    return placement.sex_table(catalog, ISLINGTON)


def test_islington_plans_by_sex(sex_islington):
    # caseload.csv, 202425, Islington, breakdown_topic "Sex": Female 594, Male 1525 (no Unknown row); all 2119.
    table = sex_islington
    assert list(table.columns) == placement.SEX_COLUMNS
    assert table["sex"].tolist() == ["Boys and young men", "Girls and young women"]
    assert table["period"].iloc[0] == "2024/25"
    assert _by_category(table) == {"Male": 1525, "Female": 594}
    assert (table["denominator"] == 2119).all()
    boys = table.set_index("category").loc["Male"]
    assert boys["share"] == pytest.approx(1525 / 2119 * 100)  # 71.97%
    assert (boys["lower_ci"], boys["upper_ci"]) == pytest.approx(_wilson(1525, 2119))
    # England: Male 451239 of 638745 plans (70.64%): inside Islington's interval 70.0 to 73.8, so "similar".
    assert boys["england"] == pytest.approx(451239 / 638745 * 100)
    assert boys["comparison"] == "similar"
    # The school census by sex is national only in the real folder: England's January 2025 share of pupils with an
    # EHC plan who are boys, 317202 of 317202 + 127217 (DfE's own percentage column: 71.37453619219).
    assert np.isnan(boys["census_share"])
    assert boys["census_england"] == pytest.approx(71.37453619219)
    assert boys["census_period"] == "2024/25"


def test_england_plans_by_sex_protect_the_unknown(catalog):
    # caseload.csv, 202425, National, "Sex": Male 451239, Female 187502, Unknown 4; all plans 638745. The 4 of
    # unknown sex are withheld; showing both boys and girls beside the total would give them away, so one is withheld.
    table = placement.sex_table(catalog, ENGLAND).set_index("category")
    assert table.loc["Male", "count"] == 451239
    assert table.loc["Male", "share"] == pytest.approx(451239 / 638745 * 100)  # 70.64%
    assert table["count"].isna().sum() == 1
    assert table.loc[table["count"].isna(), "reason"].tolist() == [SMALL]
    # School census, England, 2024/25: Female 127217 of 444419 pupils with an EHC plan (DfE: 28.6254638078).
    assert table.loc["Female", "census_share"] == pytest.approx(28.6254638078)


def test_sex_table_refuses_bad_input(real, published):
    with pytest.raises(ArgumentError, match="source"):
        placement.sex_table(published.frame, ISLINGTON)
    if (published.frame["indicator"] == placement.SEX_INDICATOR).any():  # the national frame publishes sex
        pd.testing.assert_frame_equal(placement.sex_table(published, ISLINGTON),
                                      placement.sex_table(Catalog(real), ISLINGTON))
    else:  # it does not: nothing by sex in it
        with pytest.raises(ArgumentError, match="by sex"):
            placement.sex_table(published, ISLINGTON)


# ------------------------------------------------------------------------------------------------ deprivation

@pytest.fixture(scope="module")
def contexts(catalog, published):
    return {code: deprivation.deprivation_context(catalog, published, code)
            for code in (ISLINGTON, ROCHDALE, CAMBRIDGESHIRE, CUMBERLAND, BUCKINGHAMSHIRE)}


@pytest.mark.parametrize("code, score, rank, decile, idaci_rank", [
    # File 11, sheet IMD, columns "IMD - Average score" and "IMD - Rank of average score" (Excel row 112, 62, 128);
    # sheet IDACI, "IDACI - Rank of average score". Decile = ceil(10 x rank / 151): 410/151 = 2.7 -> 3,
    # 140/151 = 0.93 -> 1, 1320/151 = 8.7 -> 9.
    (ISLINGTON, 27.535, 41, 3, 10),
    (ROCHDALE, 34.415, 14, 1, 28),
    (CAMBRIDGESHIRE, 13.858, 132, 9, 129),
    # Buckinghamshire was E10000002 in 2019 (Excel row of the IMD sheet: rank 146): recoded to E06000060 since.
    (BUCKINGHAMSHIRE, 10.052, 146, 10, 144),
])
def test_rank_and_decile_by_hand(contexts, code, score, rank, decile, idaci_rank):
    context = contexts[code]
    assert context.ranked == 151 and context.vintage == 2019
    assert (context.imd_score, context.imd_rank, context.imd_decile, context.idaci_rank) == \
        (pytest.approx(score), rank, decile, idaci_rank)


def test_an_area_split_since_2019_has_no_figure(contexts):
    context = contexts[CUMBERLAND]
    assert np.isnan(context.imd_rank) and np.isnan(context.imd_decile)
    assert "Cumbria" in context.note
    assert "no single figure" in context.describe()


def test_correlation_against_scipy_on_the_same_numbers(real, published, contexts):
    context = contexts[ISLINGTON]
    # The LAs' IMD average scores straight from the workbook (column E of the IMD sheet), on today's codes by hand:
    # Slough is published as 'E0600003'; Buckinghamshire, North Yorkshire and Somerset were recoded; Cumbria and
    # Northamptonshire were split, so have no single area today.
    workbook = "mhclg_imd2019/File_11_-_IoD2019_Local_Authority_District_Summaries__upper-tier__.xlsx"
    sheet = pd.read_excel(real / workbook, sheet_name="IMD", engine="calamine")
    imd = dict(zip(sheet.iloc[:, 0].str.strip(), sheet.iloc[:, 4]))
    assert len(imd) == 151
    recode = {"E0600003": "E06000039", "E10000002": "E06000060", "E10000023": "E06000065", "E10000027": "E06000066"}
    imd = {recode.get(code, code): score for code, score in imd.items() if code not in ("E10000006", "E10000021")}
    frame = published.frame
    pct = frame[(frame["indicator"] == "ehc_pupils_pct") & (frame["period"] == "2024/25")
                & (frame["breakdown"] == "All") & frame["value"].notna()].set_index("area_code")["value"]
    both = [(imd[c], pct[c]) for c in imd if c in pct.index]
    assert context.indicator == "ehc_pupils_pct" and context.period == "2024/25"
    assert context.n == len(both) == 148  # 149 LAs with a score today; the City of London's percentage is withheld
    x, y = zip(*both)
    expected = stats.spearmanr(x, y)
    assert context.rho == pytest.approx(expected.statistic)  # 0.168
    assert context.p_value == pytest.approx(expected.pvalue)
    half = Z * math.sqrt((1 + expected.statistic ** 2 / 2) / (148 - 3))  # Bonett and Wright (2000)
    assert (context.lower, context.upper) == pytest.approx(
        (math.tanh(math.atanh(expected.statistic) - half), math.tanh(math.atanh(expected.statistic) + half)))
    assert context.lower > 0  # 0.005 to 0.321
    assert context.finding() == "More deprived areas have more pupils with an EHC plan (Spearman 0.17)"


def test_spearman_ci_by_hand():
    # atanh(0.5) = 0.549306; sqrt(1.125 / 97) = 0.107694; x 1.959964 = 0.211075; tanh(0.338231) = 0.96691 / 2.96691
    # = 0.32590 (e^0.676461 = 1.96691), tanh(0.760381) = 3.57568 / 5.57568 = 0.64130 (e^1.520763 = 4.57568).
    assert deprivation.spearman_ci(0.5, 100) == pytest.approx((0.32590, 0.64130), abs=1e-5)
    assert deprivation.spearman_ci(-1.0, 10) == (-1.0, -1.0)
    with pytest.raises(ArgumentError):
        deprivation.spearman_ci(0.5, 3)


def test_deprivation_context_refuses_bad_input(catalog, published):
    with pytest.raises(ArgumentError, match="upper-tier"):
        deprivation.deprivation_context(catalog, published, ENGLAND)
    with pytest.raises(DisclosureError):
        deprivation.deprivation_context(catalog, published.frame, ISLINGTON)
    with pytest.raises(ArgumentError, match="indicator"):
        deprivation.deprivation_context(catalog, published, ISLINGTON, indicator="sen_support_pct")


# ------------------------------------------------------------------------------------------------ render

def test_placement_html_and_bars(published, close_figures):
    table = placement.placement_table(published, ISLINGTON)
    text = context_charts.placement_html(table, caption="Placement of EHC plans, Islington, January 2025")
    assert "<caption>Placement of EHC plans, Islington, January 2025</caption>" in text
    assert text.count('scope="col"') == 7 and text.count('scope="row"') == 7
    assert "1,180" in text and "55.7 (53.6 to 57.8)" in text and SMALL in text
    ax = context_charts.placement_bars(table)
    alt = charts.alt_text(ax)
    assert "Mainstream school: Islington 55.7%, England 43.6%" in alt
    assert f"Alternative provision or pupil referral unit: Islington {SMALL}" in alt
    with pytest.raises(ArgumentError):
        context_charts.placement_html(table.drop(columns="reason"), caption="x")


def test_sex_html(sex_islington):
    text = context_charts.sex_html(sex_islington, caption="EHC plans by sex, Islington, January 2025")
    assert "1,525" in text and "72.0 (70.0 to 73.8)" in text
    assert "School census, January 2025" in text and "not held for this area" in text and "71.4" in text


def test_deprivation_scatter(contexts, close_figures):
    context = contexts[ROCHDALE]
    ax = context_charts.deprivation_scatter(context)
    assert ax.get_title().replace("\n", " ") == context.finding()
    assert len(ax.collections[0].get_offsets()) == context.n - 1  # every other LA a point, Rochdale apart
    assert [t.get_text() for t in ax.texts][0] == "Rochdale"
    alt = charts.alt_text(ax)
    assert "Rochdale is marked by a diamond: IMD average score 34.4 (rank 14 of 151" in alt
    with pytest.raises(ArgumentError):
        context_charts.deprivation_scatter(context.points)
