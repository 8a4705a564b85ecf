"""Readers: real published files reproduce published figures; bad files give one InputError naming every bad cell."""
from __future__ import annotations

import pandas as pd
import pytest

from jsnakit.core import geography
from jsnakit.core.errors import InputError
from jsnakit.core.schema import COUNT_COLUMNS
from jsnakit.sources import boundaries, dfe, ons, symbols

HEADER = ("time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
          "new_la_code,old_la_code,la_name,breakdown_topic,breakdown,ehcplans")


def _csv(tmp_path, rows, name="caseload.csv", encoding="utf-8", header=HEADER):
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding=encoding)
    return path


ISLINGTON = "202425,Academic year,Local authority,E92000001,England,E12000007,London,E09000019,206,Islington,All EHC plans,All EHC plans,{}"
CAMDEN = "202425,Academic year,Local authority,E92000001,England,E12000007,London,E09000007,202,Camden,All EHC plans,All EHC plans,{}"


# --- real files ------------------------------------------------------------------------------------------------------

def test_real_caseload_england_equals_regions_and_las(real):
    # DfE Education, health and care plans 2025, caseload.csv: England 638,745 plans in January 2025 (published).
    frame = dfe.read_ehc_caseload(real / "dfe_ehc_plans_2025" / "caseload.csv")
    jan25 = frame[(frame["period"] == "2024/25") & (frame["breakdown"] == "All")]
    england = jan25.loc[jan25["area_type"] == "country", "count"].item()
    assert england == 638745
    assert jan25.loc[jan25["area_type"] == "region", "count"].sum() == 638745
    assert jan25.loc[jan25["area_type"].isin(geography.LA_TYPES), "count"].sum() == 638745
    # Hand-checked from caseload.csv: Islington (206) had 2,119 plans in January 2025.
    assert jan25.loc[jan25["area_code"] == "E09000019", "count"].item() == 2119
    # DfE still publishes North Yorkshire under its county code E10000023: translated to today's E06000065.
    assert "E06000065" in set(jan25["area_code"]) and "E10000023" not in set(jan25["area_code"])
    assert list(frame.columns) == COUNT_COLUMNS


def test_real_caseload_keeps_symbols_as_notes(real):
    frame = dfe.read_ehc_caseload(real / "dfe_ehc_plans_2025" / "caseload.csv")
    x = frame[frame["note"] == "x"]
    assert len(x) > 0 and x["count"].isna().all()
    assert not (frame["note"].isna() & frame["count"].isna()).any()


def test_real_needs_derbyshire_by_primary_need(real):
    # Hand-checked from sen_needs_all_plans.csv (2025 release), Derbyshire (830), 2024/25, all plans.
    frame = dfe.read_ehc_needs(real / "dfe_ehc_plans_2025" / "sen_needs_all_plans.csv")
    derbyshire = frame[(frame["area_code"] == "E10000007") & (frame["period"] == "2024/25")].set_index("category")["count"]
    assert derbyshire["All"] == 7625
    assert derbyshire["Autistic spectrum disorder"] == 3196
    assert derbyshire["Social, emotional and mental health"] == 1473
    assert derbyshire["Speech, language and communication needs"] == 700
    assert derbyshire.drop("All").sum() == 7625


def test_real_timeliness_england_2019(real):
    # timeliness_20_week.csv: England 2019, 53,327 plans issued, 31,313 within 20 weeks (58.7%).
    frame = dfe.read_ehc_timeliness(real / "dfe_ehc_plans_2025" / "timeliness_20_week.csv")
    eng = frame[(frame["area_code"] == "E92000001") & (frame["period"] == "2019")].set_index("measure")["count"]
    assert eng["ehc_plans_issued"] == 53327 and eng["ehc_plans_issued_20_weeks"] == 31313


def test_real_school_census_national(real):
    folder = real / "dfe_sen_in_england_2026_national"
    provision = dfe.read_sen_provision(folder / "data-special-educational-needs-in-england.csv")
    jan26 = provision[provision["period"] == "2025/26"].set_index("category")["count"]
    assert jan26["All pupils"] == 8920227 and jan26["EHC plan"] == 538547 and jan26["SEN support"] == 1319780
    need = dfe.read_sen_primary_need(
        folder / "Number of pupils with an Education, health and care plan or SEN support in England, by primary need, 202425 and 202526.csv")
    ehc = need[(need["period"] == "2025/26") & (need["measure"] == "pupils_ehc_plan")].set_index("category")["count"]
    assert ehc["All"] == 493764
    assert ehc.drop("All").sum() == 493764
    assert ehc["Speech, language and communication needs"] == 108936  # DfE spells it "communications"


def test_real_statistical_neighbours(real):
    frame = dfe.read_statistical_neighbours(real / "dfe_lait" / "sn_may_2025.xlsx")
    assert frame.groupby("area_code").size().eq(10).all()
    barking = frame[frame["area_code"] == "E09000002"].set_index("rank")
    # sn_may_2025.xlsx row 4: Barking and Dagenham (301): SN1 = 308 (Enfield), "Close".
    assert barking.loc[1.0, "neighbour_code"] == geography.area("308")["area_code"] == "E09000010"
    assert barking.loc[1.0, "closeness"] == "Close"


def test_real_mid_year_estimates_legacy_xls(real):
    frame = ons.read_mid_year_estimates(real / "ons_mye" / "ukpopestimatesmid2021on2021geographyfinal.xls")
    assert set(frame["period"]) == {"2021"}
    eng = frame[(frame["area_code"] == "E92000001") & (frame["sex"] == "persons")].set_index("age")["population"]
    assert eng[0.0] == 579315  # MYE2 - Persons, ENGLAND, age 0, mid-2021
    both = frame[frame["sex"] != "persons"].groupby(["area_code", "age"])["population"].sum()
    persons = frame[frame["sex"] == "persons"].set_index(["area_code", "age"])["population"]
    assert (both.sort_index().to_numpy() == persons.sort_index().to_numpy()).all()
    # England, 9 regions and 151 upper-tier LAs of this mid-2021 edition, ages 0 to 90+, and Cumberland and
    # Westmorland and Furness (made from Cumbria in April 2023), summed from their former districts' rows.
    assert len(persons) == 163 * 91
    young = frame[(frame["sex"] == "persons") & (frame["age"] <= 25)].groupby("area_code")["population"].sum()
    # Allerdale + Carlisle + Copeland 72,313; Barrow-in-Furness + Eden + South Lakeland 55,898 (geography.SUCCESSIONS).
    assert (young["E06000063"], young["E06000064"]) == (72313, 55898)


def test_real_boundaries(real):
    frame = boundaries.read_boundaries(
        real / "ons_boundaries" / "Counties_and_Unitary_Authorities_December_2023_Boundaries_UK_BSC_4952317392296043005.geo.json")
    assert len(frame) == 153 and set(frame["area_code"]) == set(geography.local_authorities()["area_code"])


# --- bad input --------------------------------------------------------------------------------------------------------

def test_text_in_a_count_column_names_file_row_column(tmp_path):
    path = _csv(tmp_path, [ISLINGTON.format(2119), CAMDEN.format("lots")])
    with pytest.raises(InputError) as err:
        dfe.read_ehc_caseload(path)
    assert str(err.value) == (f"{path}, row 3, column 'ehcplans': expected a whole number or a symbol its data "
                              "guidance defines: 'z' (not applicable), 'x' (unavailable); got 'lots'")


def test_every_bad_cell_at_once(tmp_path):
    rows = [ISLINGTON.format("n/a"), CAMDEN.format("-3")] + [ISLINGTON.replace("202425", str(2000 + i)).format("?") for i in range(12)]
    with pytest.raises(InputError) as err:
        dfe.read_ehc_caseload(_csv(tmp_path, rows))
    failures = err.value.failures
    assert len(failures) == 14
    assert list(failures.columns) == ["file", "row", "column", "expected", "got"]
    assert failures["row"].tolist()[:2] == [2, 3]
    assert "... and 4 more (see .failures)" in str(err.value)


def test_missing_column(tmp_path):
    path = _csv(tmp_path, [ISLINGTON.format(5)[:-2]], header=HEADER.replace(",ehcplans", ""))
    with pytest.raises(InputError, match=r"row 1, column 'ehcplans': expected this column in the header"):
        dfe.read_ehc_caseload(path)


def test_unknown_la_code(tmp_path):
    path = _csv(tmp_path, [ISLINGTON.replace("E09000019,206", "E09999999,999").format(5)])
    with pytest.raises(InputError, match=r"row 2, column 'new_la_code': expected a GSS code of England, a region or an "
                                         r"upper-tier LA; got 'E09999999'"):
        dfe.read_ehc_caseload(path)


def test_duplicated_row(tmp_path):
    path = _csv(tmp_path, [ISLINGTON.format(5), ISLINGTON.format(5)])
    with pytest.raises(InputError, match=r"row 3: expected one row per period, area_code, breakdown, category; "
                                         r"got 'a duplicate of an earlier row'"):
        dfe.read_ehc_caseload(path)


def test_empty_file(tmp_path):
    path = tmp_path / "caseload.csv"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="expected a CSV file with a header row; got 'an empty file'"):
        dfe.read_ehc_caseload(path)


def test_bad_period(tmp_path):
    path = _csv(tmp_path, [ISLINGTON.replace("202425", "2024-25").format(5)])
    with pytest.raises(InputError, match=r"column 'time_period': expected a year \(2024\) or an academic year "
                                         r"\(202425\); got '2024-25'"):
        dfe.read_ehc_caseload(path)


def test_excel_mangled_gss_code_falls_back_on_dfe_number(tmp_path):
    frame = dfe.read_ehc_caseload(_csv(tmp_path, [ISLINGTON.replace("E09000019", "9.00E+04").format(7)]))
    assert frame["area_code"].tolist() == ["E09000019"] and frame["count"].tolist() == [7.0]


def test_bom_crlf_and_latin1(tmp_path):
    path = tmp_path / "caseload.csv"
    path.write_bytes(("\ufeff" + HEADER + "\r\n" + ISLINGTON.format(2119) + "\r\n").encode("utf-8"))
    assert dfe.read_ehc_caseload(path)["count"].tolist() == [2119.0]
    latin = _csv(tmp_path, [CAMDEN.replace("Camden", "Camdén").format(9)], name="latin.csv", encoding="latin-1")
    assert dfe.read_ehc_caseload(latin)["area_name"].tolist() == ["Camden"]


def test_symbols_become_nan_and_note(tmp_path):
    frame = dfe.read_ehc_caseload(_csv(tmp_path, [ISLINGTON.format("x"), CAMDEN.format("z")]))
    assert frame["count"].isna().all() and frame["note"].tolist() == ["x", "z"]


def test_symbols_follow_each_releases_data_guidance(tmp_path):
    # The SEN2 2025 guidance defines only x and z (no suppression applied): a "c" there is bad input, not a guess.
    with pytest.raises(InputError, match=r"row 3, column 'ehcplans': expected a whole number or a symbol its data "
                                         r"guidance defines: 'z' \(not applicable\), 'x' \(unavailable\); got 'c'"):
        dfe.read_ehc_caseload(_csv(tmp_path, [ISLINGTON.format("x"), CAMDEN.format("c")]))
    # The 2022 release defines only z.
    old = ("time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
           "old_la_code,new_la_code,la_name,characteristic_age,Total_st,Total_st_pc,Total_ehc,Total_ehc_pc,"
           "Total_all,Total_all_pc")
    row = '2022,Calendar year,Local authority,E92000001,England,E12000007,London,206,E09000019,Islington,Total,z,z,{0},100,{0},100'
    path = _csv(tmp_path, [row.format("x")], name="sen2_age_caseload.csv", header=old)
    with pytest.raises(InputError, match=r"column 'Total_all': expected a whole number or a symbol its data guidance "
                                         r"defines: 'z' \(not applicable\); got 'x'"):
        dfe.read_ehc_caseload(path)
    assert symbols.meaning("sen2_2025", "x") == "unavailable"
    assert symbols.meaning("cin_outcomes", "c") == "confidential: suppressed to protect individuals"


def test_workbook_without_mye2_sheets(tmp_path):
    path = tmp_path / "ukpopestimatesmid2024.xlsx"
    pd.DataFrame({"a": [1]}).to_excel(path, sheet_name="MYE1", index=False)
    with pytest.raises(InputError, match=r"expected sheets named 'MYE2 - Persons', 'MYE2 - Males', 'MYE2 - Females'; "
                                         r"got \"sheets \['MYE1'\]\""):
        ons.read_mid_year_estimates(path)


def test_not_a_workbook(tmp_path):
    path = tmp_path / "sn.xlsx"
    path.write_text("not a workbook")
    with pytest.raises(InputError, match=r"sn.xlsx: expected an Excel workbook \(.xlsx\)"):
        dfe.read_statistical_neighbours(path)


def test_boundaries_without_ctyua_properties(tmp_path):
    path = tmp_path / "b.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"LAD23CD": "E06000001"}, '
                    '"geometry": {"type": "Point", "coordinates": [0, 51]}}]}')
    with pytest.raises(InputError, match=r"expected properties CTYUAyyCD and CTYUAyyNM"):
        boundaries.read_boundaries(path)


def test_placements_add_up_to_all_plans(real):
    frame = dfe.read_ehc_caseload(real / "dfe_ehc_plans_2025" / "caseload.csv")
    placed = frame[frame["breakdown"] == "placement"]
    total = frame[frame["breakdown"] == "All"].set_index(["period", "area_code"])["count"]
    sums = placed.groupby(["period", "area_code"])["count"].sum(min_count=placed["category"].nunique())
    known = sums.dropna()
    assert len(known) > 1000 and (known == total.loc[known.index]).all()
    # England, January 2025 (caseload.csv): 638,745 plans, 278,236 in mainstream schools, 193,880 in special schools.
    eng = placed[(placed["area_code"] == "E92000001") & (placed["period"] == "2024/25")].set_index("category")["count"]
    assert eng["Mainstream school"] == 278236 and eng["Special school"] == 193880
    assert eng[dfe.PLACEMENT_REST] == 19339


def test_a_bad_period_is_reported_once(tmp_path):
    header = HEADER + ",mainstream_total,special_total"
    path = _csv(tmp_path, [ISLINGTON.replace("202425", "2024-25").format(5) + ",3,2"], header=header)
    with pytest.raises(InputError) as err:
        dfe.read_ehc_caseload(path)
    assert len(err.value.failures) == 1


def test_unknown_age_category(tmp_path):
    row = ISLINGTON.replace("All EHC plans,All EHC plans", "Child or young persons age,age ten").format(5)
    with pytest.raises(InputError, match=r"row 2, column 'breakdown': expected one of the age categories of SEN2 "
                                         r"\(under 3, 3, 4, ...\); got 'age ten'"):
        dfe.read_ehc_caseload(_csv(tmp_path, [row]))


@pytest.mark.parametrize("got", ["12.5", "inf"])
def test_counts_must_be_whole_numbers(tmp_path, got):
    with pytest.raises(InputError, match=rf"column 'ehcplans': expected a whole number .*; got '{got}'"):
        dfe.read_ehc_caseload(_csv(tmp_path, [ISLINGTON.format(got)]))


def test_workbook_without_a_mid_year(tmp_path):
    path = tmp_path / "population.xlsx"
    header = ["Code", "Name", "Geography", "All ages"] + list(range(91))
    rows = [["Population by age"], header, ["E92000001", "ENGLAND", "Country", 91] + [1] * 91]
    with pd.ExcelWriter(path) as writer:
        for sheet in ("MYE2 - Persons", "MYE2 - Males", "MYE2 - Females"):
            pd.DataFrame(rows).to_excel(writer, sheet_name=sheet, header=False, index=False)
    with pytest.raises(InputError, match=r"population.xlsx: expected a mid-year \(mid-2024\) in a sheet's title or "
                                         r"the file name; got 'population.xlsx'"):
        ons.read_mid_year_estimates(path)


def test_two_copies_of_one_mid_year_are_read_once_and_two_that_differ_are_refused(tmp_path, samples):
    import shutil

    import openpyxl

    from jsnakit.catalog import Catalog

    source = samples / "ons_mye" / "ukpopestimatesmid2024on2023geography.xlsx"
    shutil.copy(source, tmp_path / source.name)
    shutil.copy(source, tmp_path / "ukpopestimatesmid2024on2023geographyrevised.xlsx")
    once = Catalog(tmp_path, cache_dir=False).load("population")  # the same file downloaded twice: no double count
    assert len(once) == len(Catalog(samples, cache_dir=False).load("population").query("period == '2024'"))
    book = openpyxl.load_workbook(tmp_path / "ukpopestimatesmid2024on2023geographyrevised.xlsx")
    sheet = book["MYE2 - Persons"]
    row = next(r for r in sheet.iter_rows() if r[0].value == "E06000001")
    row[5].value = (row[5].value or 0) + 1  # one figure revised in the second copy
    book.save(tmp_path / "ukpopestimatesmid2024on2023geographyrevised.xlsx")
    with pytest.raises(InputError) as caught:
        Catalog(tmp_path, cache_dir=False).load("population")
    message = str(caught.value)
    assert "ukpopestimatesmid2024on2023geography.xlsx" in message
    assert "ukpopestimatesmid2024on2023geographyrevised.xlsx" in message and "E06000001" in message


# --- module paths ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("module, names", [
    ("dfe", ["read_sen_provision", "read_sen_primary_need", "read_sen_provision_by_sex", "read_ehc_caseload",
             "read_ehc_needs", "read_ehc_needs_by_age", "read_ehc_timeliness", "read_ehc_new_plans",
             "read_ehc_requests", "read_cin_sen", "combine_releases", "plans_within_population",
             "read_statistical_neighbours", "NEED_AGE_COLUMNS", "SEN_IN_ENGLAND", "EHC_PLANS", "CIN_OUTCOMES",
             "PLACEMENT_REST"]),
    ("provision", ["read_local_offer", "LocalOffer", "LocalOfferWarning", "SERVICE_COLUMNS", "ORGANIZATION_COLUMNS",
                   "LOCATION_COLUMNS", "SERVICE_LOCATION_COLUMNS", "TAXONOMY_COLUMNS", "SERVICE_AREA_COLUMNS",
                   "STATUSES", "OPEN_REFERRAL_UK"]),
    ("lait", ["read_lait", "read_lait_dictionary", "read_la_codes", "sen_series", "LAIT", "LAIT_COLUMNS",
              "DICTIONARY_COLUMNS", "LA_CODE_COLUMNS", "SYMBOLS", "POLARITIES", "SEN_MEASURES", "SEN_RELATED_MEASURES",
              "LA_TYPE_CODES", "FORMER", "LONDON_PART"]),
    ("commissioning", ["read_commissioning_register", "read_need_mapping", "map_local_offer", "ages_served",
                       "needs_label", "RegisterWarning", "REGISTER_COLUMNS", "NEED_MAPPING_COLUMNS",
                       "LOCAL_OFFER_NEED_COLUMNS", "AGE_BANDS", "PARTNERS", "SERVICE_TYPES", "JOINT_EXPECTED"]),
])
def test_the_readers_keep_their_paths_after_the_split(module, names):
    # Issue 16 split the big readers into one module per publication or task; the old module re-exports each name.
    import importlib

    old = importlib.import_module(f"jsnakit.sources.{module}")
    for name in names:
        assert name in old.__all__ and getattr(old, name) is not None, name
