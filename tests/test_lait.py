"""DfE LAIT reader: the real bds_long, data dictionary and LA code list reproduce LAIT's figures; bad files give one
InputError naming every bad cell; bad arguments name the argument."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from jsnakit.core import geography
from jsnakit.core.errors import ArgumentError, InputError
from jsnakit.sources import dfe, lait

BDS = "dfe_lait/bds_long_0.parquet"
DICTIONARY = "dfe_lait/lait_data_dictionary.csv"
CODES = "dfe_lait/la_code_list.xlsx"


@pytest.fixture(scope="module")
def meta(real):
    return lait.read_lait_dictionary(real / DICTIONARY)


@pytest.fixture(scope="module")
def bds(real, meta):
    return lait.read_lait(real / BDS, dictionary=meta)


def _one(frame, measure, area_code, period):
    rows = frame[(frame["measure_code"] == measure) & (frame["area_code"] == area_code) & (frame["period"] == period)]
    assert len(rows) == 1
    return rows.iloc[0]


# --- real files: bds_long -------------------------------------------------------------------------------------------

def test_real_bds_shape_measures_areas_and_symbols(bds):
    # PROVENANCE.md section 5: 641,070 rows, 434 measures, 170 areas, 93,883 values "-".
    assert list(bds.columns) == lait.LAIT_COLUMNS
    assert len(bds) == 641070
    assert bds["measure_code"].nunique() == 434
    assert bds["area_code"].nunique() == 170 and bds["area_code"].notna().all()
    assert (bds["note"] == "-").sum() == 93883
    assert bds.loc[bds["note"].notna(), "value"].isna().all()
    assert not (bds["value"].isna() & bds["note"].isna()).any()  # no NaN without its symbol, never 0 for "-"
    assert bds["value"].dtype == float and bds["source"].eq(lait.LAIT).all()
    # 153 LAs of today + 5 abolished in 2019-2023 + England + 9 regions + Inner and Outer London.
    per_type = bds.drop_duplicates("area_code")["area_type"].value_counts()
    assert per_type["former local authority"] == 5 and per_type["london part"] == 2
    assert per_type["country"] == 1 and per_type["region"] == 9
    assert per_type[list(geography.LA_TYPES)].sum() == 153


def test_real_prim_statements_islington_england_region(bds):
    # bds_long_0.parquet, PrimStatements ("% of pupils who have statement of SEN (primary)"), hand-checked with pandas
    # (row = parquet row index + 2, as a spreadsheet shows it):
    # row 148136: Islington (LA Number 206), Years 2025, Values "6"
    isl = _one(bds, "PrimStatements", "E09000019", "2025")
    assert isl["value"] == 6.0 and isl["academic_year"] == "2024/25" and isl["area_name"] == "Islington"
    assert isl["area_type"] == "london borough" and pd.isna(isl["note"])
    # row 146606: Islington, Years 2016, Values "1.9"
    assert _one(bds, "PrimStatements", "E09000019", "2016")["value"] == 1.9
    # row 148230: England (LA Number 970), Years 2025, Values "3.5"
    eng = _one(bds, "PrimStatements", "E92000001", "2025")
    assert eng["value"] == 3.5 and eng["area_type"] == "country"
    # row 146703: "Yorkshire and the Humber" (982), Years 2016, Values "1.1000000000000001" (R's 17-digit print)
    yh = _one(bds, "PrimStatements", "E12000003", "2016")
    assert yh["value"] == 1.1 and yh["area_name"] == "Yorkshire and The Humber"
    # row 148164: North Yorkshire (815), Years 2025, Values "2.9": today's unitary code, not the county's E10000023
    assert _one(bds, "PrimStatements", "E06000065", "2025")["value"] == 2.9
    # The dictionary fills what LAIT leaves blank and joins topic, unit and polarity (dictionary row 349).
    assert eng["measure"] == "% of pupils who have statement/EHCP of SEN (primary)"
    assert isl["measure"] == "% of pupils who have statement/EHCP of SEN (primary)"
    assert _one(bds, "PrimStatements", "E09000019", "2016")["measure"] == "% of pupils who have statement of SEN (primary)"
    assert eng["topic"] == "Children with SEN" and eng["unit"] == "% Primary pupils with a statement/EHC"
    assert eng["polarity"] == "no judgement" and eng["year_type"] == "Academic Year"


def test_real_former_la_keeps_its_own_code(bds):
    # row 147090: "Dorset (Pre LG)" (835), PrimStatements 2019, Values "2.1"; row 147260: 2020, Values "-".
    dorset = _one(bds, "PrimStatements", "E10000009", "2019")
    assert dorset["value"] == 2.1 and dorset["area_type"] == "former local authority"
    assert dorset["area_name"] == geography.FORMER_CODES["E10000009"]
    gone = _one(bds, "PrimStatements", "E10000009", "2020")
    assert np.isnan(gone["value"]) and gone["note"] == "-"
    # Cumbria (909) and Northamptonshire (928) too, beside their successors.
    codes = set(bds["area_code"])
    assert {"E10000006", "E10000021", "E06000028", "E06000029"} <= codes
    assert {"E06000063", "E06000064", "E06000061", "E06000062", "E06000058", "E06000059"} <= codes
    # LAIT's London (Inner) and London (Outer) (987, 988) as the ONS Inner and Outer London codes.
    assert {"E13000001", "E13000002"} <= codes


def test_real_academic_years_agree_with_the_school_census(real, bds):
    # LAIT "2025" for an Academic Year measure is the January 2025 census, 2024/25: England's SEN_TotStat (EHC plans)
    # and SEN_TotSENSuP (SEN support) for 2016 ... 2025 equal, to 1 decimal, the shares in *Special educational needs
    # in England* (data-special-educational-needs-in-england.csv rows 5-34, e.g. row 6: 2024/25, 482,640 EHC plans
    # = 5.343%; LAIT bds_long row 314490: SEN_TotStat England 2025 "5.3", row 316190: SEN_TotSENSuP "14.2").
    census = dfe.read_sen_provision(real / "dfe_sen_in_england_2026_national" / "data-special-educational-needs-in-england.csv")
    census = census.pivot(index="period", columns="category", values="count")
    share = {"SEN_TotStat": census["EHC plan"] / census["All pupils"] * 100,
             "SEN_TotSENSuP": census["SEN support"] / census["All pupils"] * 100}
    england = bds[bds["area_code"] == "E92000001"]
    for measure, expected in share.items():
        lait_series = england[england["measure_code"] == measure].set_index("academic_year")["value"]
        assert list(lait_series.index) == [f"{y}/{(y + 1) % 100:02d}" for y in range(2015, 2025)]
        assert np.allclose(lait_series, expected.loc[lait_series.index].round(1), atol=1e-9), measure
    assert _one(bds, "SEN_TotStat", "E92000001", "2025")["value"] == 5.3
    assert _one(bds, "SEN_TotSENSuP", "E92000001", "2025")["value"] == 14.2


def test_real_periods_that_are_not_academic_years(bds):
    # row 244450: SEN_AppealableDec (SEND Tribunal appeal rate), England, Years 2024 (a calendar year), "3.2".
    tribunal = _one(bds, "SEN_AppealableDec", "E92000001", "2024")
    assert tribunal["value"] == 3.2 and pd.isna(tribunal["academic_year"])
    assert tribunal["polarity"] == "lower is better" and tribunal["year_type"] == "Calendar Year"
    labels = bds.drop_duplicates(["period", "year_type"]).set_index(["year_type", "period"])["academic_year"]
    assert labels[("Academic Year", "2015/16")] == "2015/16"  # exclusions, written as academic years
    assert labels[("Academic Year", "2015-16")] == "2015/16"  # HE_19_All, written with a hyphen
    assert labels[("Academic Year", "2018 (Rev)")] == "2017/18"  # A level (revised)
    assert labels[("Academic Year", "2025 (prov)")] == "2024/25"  # phonics (provisional)
    assert pd.isna(labels[("Financial Year", "2016-17 (OT)")]) and pd.isna(labels[("Calendar Year", "2014-16")])
    assert pd.isna(labels[("Annual - January", "2025")])  # SEN2 caseload in January: a calendar-year release
    assert pd.isna(labels[("Academic Year", "0")])  # CINPermExclusion's stray period "0" (all "-")


def test_real_two_topic_measures_keep_one_row_per_observation(bds):
    # SusEd_All is listed under "Key Stage 4" (dictionary row 169) and "Children with SEN" (row 355).
    sused = bds[bds["measure_code"] == "SusEd_All"]
    assert set(sused["topic"]) == {"Key Stage 4 / Children with SEN"}
    assert not sused.duplicated(["period", "area_code"]).any()


def test_real_sen_measures_are_the_dictionary_topic(real, meta, bds):
    assert set(lait.SEN_MEASURES) == set(meta.loc[meta["topic"] == "Children with SEN", "measure_code"])
    assert len(lait.SEN_MEASURES) == 64
    assert set(lait.SEN_RELATED_MEASURES) <= set(meta["measure_code"]) - set(lait.SEN_MEASURES)
    sen = lait.read_lait(real / BDS, dictionary=meta, topics="Children with SEN")
    assert set(sen["measure_code"]) == set(lait.SEN_MEASURES)
    picked = lait.sen_series(bds)
    assert len(picked) == len(sen) == 80240
    assert set(lait.sen_series(bds, related=True)["measure_code"]) == set(lait.SEN_MEASURES + lait.SEN_RELATED_MEASURES)


def test_real_without_dictionary(real):
    one = lait.read_lait(real / BDS, measures=["PrimStatements", "SEN_TotStat"])
    assert list(one.columns) == lait.LAIT_COLUMNS and set(one["measure_code"]) == {"PrimStatements", "SEN_TotStat"}
    assert one[["topic", "unit", "polarity", "year_type", "academic_year"]].isna().all().all()
    # row 148136 again: the figure does not depend on the dictionary.
    assert _one(one, "PrimStatements", "E09000019", "2025")["value"] == 6.0


# --- real files: dictionary and code list ---------------------------------------------------------------------------

def test_real_dictionary(meta):
    # lait_data_dictionary.csv: 448 rows, 434 measures (14 listed under two topics).
    assert list(meta.columns) == lait.DICTIONARY_COLUMNS
    assert len(meta) == 448 and meta["measure_code"].nunique() == 434
    assert meta["measure_number"].duplicated().any()  # LAIT's Measure_code is no key
    by_code = meta.drop_duplicates("measure_code").set_index("measure_code")
    # Dictionary row 2 (the first record): InfMort, Low, 45809, 46174, a Methodology of 8 lines (CR CR LF inside).
    inf = by_code.loc["InfMort"]
    assert inf["polarity"] == "lower is better" and inf["polarity_raw"] == "Low"
    assert inf["measure_number"] == "4" and inf["unit"] == "Rate per 1000 live births"
    assert inf["last_update"] == pd.Timestamp("2025-06-01") and inf["last_update_raw"] == "45809"
    assert inf["next_update"] == pd.Timestamp("2026-06-01")
    assert inf["methodology"].startswith(
        "Infant deaths (under 1 year) at various ages are defined as:\n\n- early neonatal - deaths under seven days\n"
        "- perinatal - stillbirths and early neonatal deaths\n- neonatal - deaths under 28 days\n")
    assert inf["methodology"].endswith("deaths/methodologies/childmortalitystatisticsqmi")
    assert inf["methodology"].count("\n") == 8 and "\r" not in inf["methodology"]
    assert pd.isna(inf["decimal_places"]) and not inf["no_quartile"] and not inf["state_funded"]
    # Row 349: PrimStatements, Polarity NA; row 324: SEN_AppealableDec, Low, dps 2.
    prim = by_code.loc["PrimStatements"]
    assert prim["polarity"] == "no judgement" and prim["polarity_raw"] == "NA" and prim["topic"] == "Children with SEN"
    assert by_code.loc["SEN_AppealableDec", "decimal_places"] == 2.0
    assert meta["polarity"].value_counts().to_dict() == {"higher is better": 222, "lower is better": 100,
                                                         "no judgement": 126}
    assert meta["no_quartile"].sum() == 21
    # Row 4: PreChildDea, Table_status "Discontinued"; Next Update "No longer published at Local Authority level".
    pre = by_code.loc["PreChildDea"]
    assert pre["discontinued"] and pd.isna(pre["next_update"])
    assert pre["next_update_raw"] == "No longer published at Local Authority level"
    assert meta["next_update_raw"].eq("TBC").sum() == 27


def test_real_la_codes(real, bds):
    codes = lait.read_la_codes(real / CODES)
    assert list(codes.columns) == lait.LA_CODE_COLUMNS
    assert len(codes) == 170  # 171 rows below the header, less "1000 England (discontinued)" (row 172)
    by_number = codes.set_index("la_number")
    # Row 66: 206 Islington, Inner London, ILB.
    assert by_number.loc["206"].to_dict() == {
        "area_code": "E09000019", "area_name": "Islington", "area_type": "london borough", "la_name": "Islington",
        "region": "Inner London", "la_type": "ILB"}
    # Row 40: 835 Dorset (Pre LG), SC.
    assert by_number.loc["835", "area_code"] == "E10000009" and by_number.loc["835", "area_type"] == "former local authority"
    assert by_number.loc["987", "area_code"] == "E13000001" and pd.isna(by_number.loc["970", "la_type"])
    # The same areas as bds_long.
    assert set(codes["area_code"]) == set(bds["area_code"])


# --- bad input ------------------------------------------------------------------------------------------------------

def _bds(tmp_path, rows, name="bds_long_0.parquet", drop=()):
    columns = ["Short Desc", "Data item", "Years", "LA and Regions", "Values", "LA Number", "Region"]
    frame = pd.DataFrame(rows, columns=columns).drop(columns=list(drop))
    frame["LA Number"] = frame["LA Number"].astype(float) if "LA Number" in frame else None
    path = tmp_path / name
    frame.to_parquet(path, index=False)
    return path


GOOD = [
    ("PrimStatements", None, "2025", "Islington", "6", 206.0, "Inner London"),
    ("PrimStatements", None, "2025", "England", "3.5", 970.0, "NA"),
    ("PrimStatements", None, "2025", "Dorset (Pre LG)", "-", 835.0, "South West"),
]


def test_good_small_file(tmp_path):
    frame = lait.read_lait(_bds(tmp_path, GOOD))
    assert frame["area_code"].tolist() == ["E09000019", "E92000001", "E10000009"]
    assert frame["value"].tolist()[:2] == [6.0, 3.5] and np.isnan(frame["value"][2])
    assert frame["note"].tolist()[2] == "-" and frame["note"][:2].isna().all()


def test_not_parquet(tmp_path):
    path = tmp_path / "bds_long_0.parquet"
    path.write_text("Short Desc,Years\nPrimStatements,2025\n")
    with pytest.raises(InputError, match=re.escape(f"{path}: expected a Parquet file (LAIT bds_long_*.parquet); got '")):
        lait.read_lait(path)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match=re.escape(f"{tmp_path / 'nope.parquet'}: expected a Parquet file")):
        lait.read_lait(tmp_path / "nope.parquet")


def test_missing_columns(tmp_path):
    path = _bds(tmp_path, GOOD, drop=["Values", "Years"])
    with pytest.raises(InputError) as err:
        lait.read_lait(path)
    got = "columns ['Short Desc', 'Data item', 'LA and Regions', 'LA Number', 'Region']"
    assert str(err.value) == (f"{path}, row 1, column 'Years': expected this column in the file; got \"{got}\"\n"
                              f"{path}, row 1, column 'Values': expected this column in the file; got \"{got}\"")


def test_every_bad_cell_at_once(tmp_path):
    rows = GOOD + [
        ("PrimStatements", None, "2024", "Islington", "lots", 206.0, "Inner London"),     # row 5
        ("PrimStatements", None, "2024", "England", "inf", 970.0, "NA"),                  # row 6
        ("PrimStatements", None, "2024", "Atlantis", "1", 999.0, "NA"),                   # row 7
        ("PrimStatements", None, "2024", "Camden", "1", 202.5, "Inner London"),           # row 8
        ("PrimStatements", None, "2025", "Islington", "7", 206.0, "Inner London"),        # row 9: repeats row 2
        ("PrimStatements", None, "2024", "Camden", "c", 202.0, "Inner London"),           # row 10: fine ("c")
    ]
    path = _bds(tmp_path, rows)
    with pytest.raises(InputError) as err:
        lait.read_lait(path)
    symbols = "a number or one of the symbols -, .., c, x, z, low, k, u, :, ~"
    area = ("England, a region, Inner or Outer London, or an upper-tier LA by its DfE number (current, or abolished "
            "in 2019-2023)")
    assert str(err.value).split("\n") == [
        f"{path}, row 5, column 'Values': expected {symbols}; got 'lots'",
        f"{path}, row 6, column 'Values': expected {symbols}; got 'inf'",
        f"{path}, row 8, column 'LA Number': expected a DfE LA number (a whole number such as 206); got 202.5",
        f"{path}, row 7, column 'LA and Regions': expected {area}; got 'LA Number 999, Atlantis'",
        f"{path}, row 9: expected one row per Short Desc, Years and area; got 'a duplicate of an earlier row'",
    ]
    assert err.value.failures["row"].tolist() == [5, 6, 8, 7, 9]


def test_blank_values_code_and_period(tmp_path):
    rows = [("PrimStatements", None, "2025", "Islington", "", 206.0, "Inner London"),
            (" ", None, "2025", "Camden", "1", 202.0, "Inner London"),
            ("PrimStatements", None, None, "Camden", "1", 202.0, "Inner London")]
    path = _bds(tmp_path, rows)
    with pytest.raises(InputError) as err:
        lait.read_lait(path)
    assert str(err.value).split("\n") == [
        f"{path}, row 3, column 'Short Desc': expected a measure code; got ' '",
        f"{path}, row 4, column 'Years': expected a period such as 2025 or 2024/25; got None",
        f"{path}, row 2, column 'Values': expected a number or one of the symbols -, .., c, x, z, low, k, u, :, ~; "
        f"got ''",
    ]


def test_filters_check_only_the_rows_kept(tmp_path):
    rows = GOOD + [("RTA", None, "2014-16", "Islington", "lots", 206.0, "Inner London")]
    frame = lait.read_lait(_bds(tmp_path, rows), measures="PrimStatements")
    assert len(frame) == 3
    with pytest.raises(InputError, match="row 5, column 'Values'"):
        lait.read_lait(tmp_path / "bds_long_0.parquet")


def test_academic_year_labels(tmp_path):
    rows = [(m, None, y, "England", "1", 970.0, "NA") for m, y in [
        ("A", "2025"), ("A", "2018 (Rev)"), ("A", "2015-16"), ("A", "0"), ("F", "2016-17"), ("F", "2016-17 (OT)"),
        ("F", "2025"), ("X", "2015/16"), ("X", "2015/17")]]
    meta = pd.DataFrame({"measure_code": ["A", "F", "X"], "topic": "T", "measure": ["a", "f", "x"], "unit": "%",
                         "polarity": "no judgement",
                         "year_type": ["Academic Year", "Financial Year", "Calendar Year"]})
    path = _bds(tmp_path, rows)
    with_meta = lait.read_lait(path, dictionary=meta)["academic_year"].tolist()
    assert with_meta == ["2024/25", "2017/18", "2015/16", np.nan, np.nan, np.nan, np.nan, "2015/16", np.nan]
    without = lait.read_lait(path)["academic_year"].tolist()
    assert without == [np.nan] * 7 + ["2015/16", np.nan]


DICT_HEADER = ('"Measure_code","Topic","Measure","Chart_title","Measure_short","Polarity","y_axis_name",'
               '"state_funded_flag","Table_status","Description","Last Update","Next Update",'
               '"Data Owner (DO) /Supplier and Contact Details","Methodology","Hyperlink(s)","dps","Year_Type",'
               '"No_Quartile"')


def _dictionary(tmp_path, rows, *, encoding="utf-8", newline="\r\n", header=DICT_HEADER):
    path = tmp_path / "lait_data_dictionary.csv"
    path.write_bytes(newline.join([header, *rows, ""]).encode(encoding))
    return path


DICT_ROW = ('"{code}","Children with SEN","Élèves","t","{short}","{polarity}","%",NA,"sen_phase_type",'
            '"Line one\r\r\nline two","45962","TBC","DfE","m","https://x",{dps},"Academic Year",{quartile}')


@pytest.mark.parametrize("encoding,newline", [("utf-8", "\r\n"), ("utf-8-sig", "\n"), ("latin-1", "\r\n")])
def test_dictionary_encodings_and_multi_line_cells(tmp_path, encoding, newline):
    path = _dictionary(tmp_path, [DICT_ROW.format(code="347", short="PrimStatements ", polarity="NA", dps="NA",
                                                  quartile="N")], encoding=encoding, newline=newline)
    meta = lait.read_lait_dictionary(path)
    row = meta.iloc[0]
    assert row["measure_code"] == "PrimStatements" and row["measure"] == "Élèves"
    assert row["description"] == "Line one\nline two" and row["no_quartile"] and row["polarity"] == "no judgement"
    assert row["last_update"] == pd.Timestamp("2025-11-01") and pd.isna(row["next_update"])


def test_dictionary_bad_cells(tmp_path):
    rows = [DICT_ROW.format(code="1", short="A", polarity="Up", dps="1.5", quartile="Maybe"),
            DICT_ROW.format(code="2", short="", polarity="High", dps="2", quartile="NA"),
            DICT_ROW.format(code="3", short="A", polarity="Low", dps="0", quartile="NA")]
    path = _dictionary(tmp_path, rows)
    with pytest.raises(InputError) as err:
        lait.read_lait_dictionary(path)
    assert str(err.value).split("\n") == [
        f"{path}, row 3, column 'Measure_short': expected a measure code (the Short Desc of bds_long); got ''",
        f"{path}, row 2, column 'Polarity': expected High, Low, - or NA; got 'Up'",
        f"{path}, row 2, column 'dps': expected a whole number of decimal places or NA; got '1.5'",
        f"{path}, row 2, column 'No_Quartile': expected N, Y or NA; got 'Maybe'",
        f"{path}, row 4, column 'Measure_short': expected each measure once per topic; "
        f"got \"A again under 'Children with SEN'\"",
    ]


def test_dictionary_missing_column(tmp_path):
    path = _dictionary(tmp_path, [], header=DICT_HEADER.replace(',"No_Quartile"', ""))
    with pytest.raises(InputError, match=re.escape(f"{path}, row 1, column 'No_Quartile': expected this column in "
                                                   "the header; got")):
        lait.read_lait_dictionary(path)


def _codes(tmp_path, rows, header=("LA Number", "LA Name", "Region", "Type")):
    path = tmp_path / "la_code_list.xlsx"
    pd.DataFrame(rows, columns=list(header)).to_excel(path, sheet_name="Sheet1", index=False)
    return path


def test_la_codes_bad_cells(tmp_path):
    path = _codes(tmp_path, [(206, "Islington", "Inner London", "ILB"), (999, "Atlantis", "Nowhere", "UA"),
                             ("x1", "Camden", "Inner London", "ILB"), (202, "Camden", "Inner London", "LB"),
                             (1000, "England (discontinued)", None, None), (206, "Islington", "Inner London", "ILB")])
    with pytest.raises(InputError) as err:
        lait.read_la_codes(path)
    area = ("England, a region, Inner or Outer London, or an upper-tier LA by its DfE number (current, or abolished "
            "in 2019-2023)")
    assert str(err.value).split("\n") == [
        f"{path}, row 4, column 'LA Number': expected a DfE LA number (a whole number such as 206); got 'x1'",
        f"{path}, row 3, column 'LA Name': expected {area}; got 'LA Number 999, Atlantis'",
        f"{path}, row 7, column 'LA Number': expected each LA number once; got '206 again'",
        f"{path}, row 5, column 'Type': expected one of ILB, OLB, MD, UA, SC or blank; got 'LB'",
    ]


def test_la_codes_not_a_workbook_or_no_header(tmp_path):
    path = tmp_path / "la_code_list.xlsx"
    path.write_text("LA Number,LA Name\n206,Islington\n")
    with pytest.raises(InputError, match=re.escape(f"{path}: expected an Excel workbook (.xlsx); got '")):
        lait.read_la_codes(path)
    path = _codes(tmp_path, [(206, "Islington")], header=("Code", "Name"))
    with pytest.raises(InputError, match=re.escape(f"{path}: expected a sheet with a header row holding 'LA Number'; "
                                                   "got \"sheets ['Sheet1']\"")):
        lait.read_la_codes(path)
    path = _codes(tmp_path, [(206, "Islington", "ILB")], header=("LA Number", "LA Name", "Type"))
    with pytest.raises(InputError, match=re.escape(f"{path}, row 1, column 'Region': expected this column in the "
                                                   "header; got \"header ['LA Number', 'LA Name', 'Type']\"")):
        lait.read_la_codes(path)


# --- bad arguments --------------------------------------------------------------------------------------------------

def test_argument_errors(tmp_path):
    path = _bds(tmp_path, GOOD)
    with pytest.raises(ArgumentError, match=re.escape("topics needs a dictionary (read_lait_dictionary) to know each "
                                                      "measure's topic; got dictionary=None")):
        lait.read_lait(path, topics="Children with SEN")
    with pytest.raises(ArgumentError, match=re.escape("measures must be measure codes (Short Desc) found in "
                                                      "bds_long_0.parquet; not found: ['EHCP']")):
        lait.read_lait(path, measures=["PrimStatements", "EHCP"])
    meta = pd.DataFrame({"measure_code": ["PrimStatements"], "topic": "Children with SEN", "measure": "m",
                         "unit": "%", "polarity": "no judgement", "year_type": "Academic Year"})
    with pytest.raises(ArgumentError, match=re.escape("topics must be among the dictionary's topics "
                                                      "['Children with SEN']; got ['SEN']")):
        lait.read_lait(path, dictionary=meta, topics=["SEN"])
    with pytest.raises(ArgumentError, match=re.escape("dictionary must be a frame from read_lait_dictionary (or its "
                                                      "path); got a frame without ['unit', 'polarity']")):
        lait.read_lait(path, dictionary=meta.drop(columns=["unit", "polarity"]))
    with pytest.raises(ArgumentError, match=re.escape("dictionary must be a frame from read_lait_dictionary or a "
                                                      "path; got int")):
        lait.read_lait(path, dictionary=3)
    with pytest.raises(ArgumentError, match=re.escape("measures must name at least one; got []")):
        lait.read_lait(path, measures=[])
    with pytest.raises(ArgumentError, match=re.escape("measures must be a name or a list of names; got int")):
        lait.read_lait(path, measures=3)
    with pytest.raises(ArgumentError, match=re.escape("frame must be a LAIT frame with a 'measure_code' column "
                                                      "(read_lait); got ['a']")):
        lait.sen_series(pd.DataFrame({"a": [1]}))


def test_topics_filter_and_input_not_mutated(tmp_path):
    rows = GOOD + [("RTA", None, "2014-16", "Islington", "12.1", 206.0, "Inner London")]
    meta = pd.DataFrame({"measure_code": ["PrimStatements", "RTA"], "topic": ["Children with SEN", "Health"],
                         "measure": ["p", "r"], "unit": "%", "polarity": "no judgement",
                         "year_type": ["Academic Year", "Calendar Year"]})
    before = meta.copy()
    frame = lait.read_lait(_bds(tmp_path, rows), dictionary=meta, topics="Health")
    assert frame["measure_code"].tolist() == ["RTA"] and frame["measure"].tolist() == ["r"]
    pd.testing.assert_frame_equal(meta, before)
    full = lait.read_lait(tmp_path / "bds_long_0.parquet")
    kept = lait.sen_series(full)
    assert kept["measure_code"].tolist() == ["PrimStatements"] * 3 and len(full) == 4
