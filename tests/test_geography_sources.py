"""ONS boundaries and lookups (jsnakit.sources.boundaries) and the IoD 2019 summaries (jsnakit.sources.mhclg).

Figures come from the real files in ../shared/data/real (PROVENANCE.md sections 7-9), checked by hand with pandas,
geopandas and grep; each is cited with its file and row (feature number = the portal's FID for boundaries).
"""
from __future__ import annotations

import json
import re

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, box

from jsnakit.core import geography
from jsnakit.core.errors import ArgumentError, InputError
from jsnakit.sources import boundaries, mhclg
from jsnakit.sources.boundaries import AREA_BOUNDARY_COLUMNS, LOOKUP_COLUMNS
from jsnakit.sources.mhclg import IMD_COLUMNS

CTYUA = "ons_boundaries/Counties_and_Unitary_Authorities_December_2023_Boundaries_UK_BSC_4952317392296043005.geo.json"
RGN = "ons_boundaries/Regions_December_2023_Boundaries_EN_BUC_1958740832896680092.geo.json"
ICB = "ons_boundaries/Integrated_Care_Boards_April_2023_EN_BSC_-187828753279616787.geo.json"
LTLA = ("ons_lookups/Lower_Tier_Local_Authority_to_Upper_Tier_Local_Authority_(December_2022)_Lookup_in_England_and_"
        "Wales.csv")
SICBL = ("ons_lookups/Sub_ICB_Locations_to_Integrated_Care_Boards_to_NHS_England_(Region)_(July_2022)_Lookup_in_"
         "England.csv")
IMD = "mhclg_imd2019/File_11_-_IoD2019_Local_Authority_District_Summaries__upper-tier__.xlsx"


def _geojson(path, features):
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props, "geometry": {"type": "Point", "coordinates": [0, 51]}}
        for props in features]}))
    return path


# --- boundaries, real files ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def ctyua(real):
    return boundaries.read_area_boundaries(real / CTYUA)


def test_ctyua_2023(ctyua):
    assert list(ctyua.columns) == AREA_BOUNDARY_COLUMNS
    assert ctyua.crs.to_epsg() == 4326
    # PROVENANCE.md section 7: 218 features, the whole UK (E06 63, E08 36, E09 33, E10 21, S12 32, W06 22, N09 11)
    assert len(ctyua) == 218
    assert set(ctyua["level"]) == {"CTYUA"} and set(ctyua["vintage"]) == {2023}
    english = ctyua[ctyua["area_code"].str.match(r"E(0[689]|10)")]
    assert len(english) == 153
    assert set(english["area_code"]) == set(geography.local_authorities()["area_code"])
    # feature FID 9: "CTYUA23CD": "E06000009", "CTYUA23NM": "Blackpool"
    assert ctyua.iloc[8][["area_code", "area_name"]].tolist() == ["E06000009", "Blackpool"]


def test_regions_2023(real):
    frame = boundaries.read_area_boundaries(real / RGN)
    assert len(frame) == 9 and frame["area_code"].str.startswith("E12").all()
    assert set(frame["level"]) == {"RGN"} and set(frame["vintage"]) == {2023}
    # feature FID 7 (line 3200 of the file): "RGN23CD": "E12000007", "RGN23NM": "London"
    assert frame.iloc[6][["area_code", "area_name"]].tolist() == ["E12000007", "London"]
    assert set(frame["area_code"]) == set(geography.regions()["area_code"])


def test_icbs_2023(real):
    frame = boundaries.read_area_boundaries(real / ICB, level="icb")
    assert len(frame) == 42 and frame["area_code"].str.startswith("E54").all()
    assert set(frame["level"]) == {"ICB"} and set(frame["vintage"]) == {2023}
    # feature FID 14 (line 7400 of the file): "ICB23CD": "E54000028", "NHS North Central London Integrated Care Board"
    assert frame.iloc[13][["area_code", "area_name"]].tolist() == [
        "E54000028", "NHS North Central London Integrated Care Board"]


def test_read_boundaries_keeps_its_columns_and_englands_upper_tier(real):
    frame = boundaries.read_boundaries(real / CTYUA)
    assert list(frame.columns) == ["area_code", "area_name", "geometry"]
    assert len(frame) == 153 and frame.crs.to_epsg() == 4326
    assert frame.loc[frame["area_code"] == "E06000060", "area_name"].tolist() == ["Buckinghamshire"]  # FID 57


def test_other_vintages_crs_and_case(tmp_path):
    # an older portal file: lower-case property names, British National Grid
    frame = gpd.GeoDataFrame({"objectid": [1, 2], "lad19cd": [" E07000008", "E07000009 "],
                              "lad19nm": ["Cambridge", "East Cambridgeshire"]},
                             geometry=[box(545000, 258000, 546000, 259000), Point(555000, 280000)], crs=27700)
    path = tmp_path / "lad19.geojson"
    frame.to_file(path, driver="GeoJSON")
    out = boundaries.read_area_boundaries(path)
    assert out["area_code"].tolist() == ["E07000008", "E07000009"]
    assert set(out["level"]) == {"LAD"} and set(out["vintage"]) == {2019}
    assert out.crs.to_epsg() == 4326
    lon, lat = out.geometry.iloc[1].x, out.geometry.iloc[1].y
    assert -0.1 < lon < 0.5 and 52.0 < lat < 52.6  # East Cambridgeshire lies near 0.2 E, 52.4 N


def test_level_chooses_among_several_pairs(tmp_path):
    path = _geojson(tmp_path / "two.geojson", [
        {"LAD23CD": "E07000008", "LAD23NM": "Cambridge", "RGN23CD": "E12000006", "RGN23NM": "East of England"}])
    with pytest.raises(InputError) as err:
        boundaries.read_area_boundaries(path)
    assert str(err.value) == (
        f"{path}: expected the code and name of one area type (choose one with level=); got "
        "\"properties ['LAD23CD', 'LAD23NM', 'RGN23CD', 'RGN23NM']\"")
    out = boundaries.read_area_boundaries(path, level="RGN")
    assert out[["area_code", "area_name", "level"]].iloc[0].tolist() == ["E12000006", "East of England", "RGN"]


# --- boundaries, bad input -------------------------------------------------------------------------------------------

def test_boundaries_not_geojson(tmp_path):
    path = tmp_path / "b.geojson"
    path.write_text("this is not GeoJSON")
    with pytest.raises(InputError, match=re.escape(f"{path}: expected a GeoJSON file of ONS boundaries; got ") +
                       r"\"DataSourceError: "):
        boundaries.read_area_boundaries(path)


def test_boundaries_without_a_code_name_pair(tmp_path):
    path = _geojson(tmp_path / "b.geojson", [{"FID": 1, "LAD23CD": "E06000001", "NAME": "Hartlepool"}])
    with pytest.raises(InputError) as err:
        boundaries.read_area_boundaries(path)
    assert str(err.value) == (
        f"{path}: expected a pair of properties <LEVEL><yy>CD and <LEVEL><yy>NM (e.g. CTYUA23CD and CTYUA23NM); "
        "got \"properties ['FID', 'LAD23CD', 'NAME']\"")


def test_boundaries_without_the_level_asked_for(tmp_path):
    path = _geojson(tmp_path / "b.geojson", [{"LAD23CD": "E06000001", "LAD23NM": "Hartlepool"}])
    with pytest.raises(InputError) as err:
        boundaries.read_area_boundaries(path, level="CTYUA")
    assert str(err.value) == (f"{path}: expected properties CTYUAyyCD and CTYUAyyNM; "
                              "got \"properties ['LAD23CD', 'LAD23NM']\"")
    with pytest.raises(InputError, match=r"expected properties CTYUAyyCD and CTYUAyyNM"):
        boundaries.read_boundaries(path)


def test_boundaries_bad_and_repeated_codes(tmp_path):
    path = _geojson(tmp_path / "b.geojson", [
        {"CTYUA23CD": "E06000001", "CTYUA23NM": "Hartlepool"},
        {"CTYUA23CD": "Hartlepool", "CTYUA23NM": "Hartlepool"},
        {"CTYUA23CD": None, "CTYUA23NM": "Nowhere"},
        {"CTYUA23CD": "E06000001", "CTYUA23NM": "Hartlepool"},
    ])
    with pytest.raises(InputError) as err:
        boundaries.read_area_boundaries(path)
    assert str(err.value).splitlines() == [
        f"{path}, row 2, column 'CTYUA23CD': expected a GSS code (E, K, L, M, N, S or W and 8 digits, e.g. "
        "E06000001); got 'Hartlepool'",
        f"{path}, row 3, column 'CTYUA23CD': expected a GSS code (E, K, L, M, N, S or W and 8 digits, e.g. "
        "E06000001); got ''",
        f"{path}, row 4, column 'CTYUA23CD': expected one feature per area code; got 'E06000001, already a feature "
        "before'",
    ]


def test_boundaries_level_argument():
    with pytest.raises(ArgumentError) as err:
        boundaries.read_area_boundaries("any.geojson", level="CTYUA23")
    assert str(err.value) == "level must be an ONS area type such as 'CTYUA', 'LAD' or 'ICB'; got 'CTYUA23'"


# --- lookups, real files ---------------------------------------------------------------------------------------------

def test_ltla_to_utla_2022(real):
    frame = boundaries.read_lookup(real / LTLA)
    assert list(frame.columns) == LOOKUP_COLUMNS
    assert len(frame) == 331  # PROVENANCE.md section 8: 331 rows
    assert set(frame["from_level"]) == {"LTLA"} and set(frame["to_level"]) == {"UTLA"}
    assert set(frame["vintage"]) == {2022} and frame["from_ods_code"].isna().all()
    # row 130: E07000008,Cambridge,E10000003,Cambridgeshire,129
    row = frame.set_index("from_code").loc["E07000008"]
    assert row[["from_name", "to_code", "to_name"]].tolist() == ["Cambridge", "E10000003", "Cambridgeshire"]
    mapping = boundaries.ltla_to_utla(real / LTLA)
    assert mapping.name == "utla_code" and mapping.index.name == "ltla_code"
    assert len(mapping) == 331 and mapping.nunique() == 174
    assert mapping["E07000008"] == "E10000003"
    assert mapping["E06000009"] == "E06000009"  # row 10: Blackpool, a unitary authority, is its own upper tier
    assert mapping["E07000026"] == "E10000006"  # row 135: Allerdale in Cumbria (December 2022, before the split)


def test_sub_icb_to_icb_to_nhs_region_2022(real):
    frame = boundaries.read_lookup(real / SICBL)
    assert list(frame.columns) == LOOKUP_COLUMNS
    sizes = frame.groupby(["from_level", "to_level"]).size().to_dict()
    # 106 rows (PROVENANCE.md section 8), 42 ICBs, 7 NHS England regions
    assert sizes == {("SICBL", "ICB"): 106, ("ICB", "NHSER"): 42}
    assert frame.loc[frame["to_level"] == "NHSER", "to_code"].nunique() == 7
    # row 86: E38000240,93C,NHS North Central London ICB - 93C,E54000028,QMJ,NHS North Central London Integrated
    #         Care Board,E40000003,Y56,London,85
    sub = frame[(frame["from_level"] == "SICBL") & (frame["from_code"] == "E38000240")].iloc[0]
    assert sub[["from_ods_code", "from_name", "to_code", "to_ods_code", "to_name"]].tolist() == [
        "93C", "NHS North Central London ICB - 93C", "E54000028", "QMJ",
        "NHS North Central London Integrated Care Board"]
    icb = frame[(frame["from_level"] == "ICB") & (frame["from_code"] == "E54000028")].iloc[0]
    assert icb[["to_code", "to_ods_code", "to_name"]].tolist() == ["E40000003", "Y56", "London"]
    mapping = boundaries.sub_icb_to_icb(real / SICBL)
    assert mapping.index.name == "sicbl_code" and len(mapping) == 106 and mapping["E38000240"] == "E54000028"


def test_icbs_of_the_2022_lookup_and_the_2023_boundaries(real):
    # Surrey Heartlands and Sussex were given new codes in April 2023 (E54000052/53 -> E54000063/64).
    lookup = set(boundaries.sub_icb_to_icb(real / SICBL))
    drawn = set(boundaries.read_area_boundaries(real / ICB)["area_code"])
    assert lookup - drawn == {"E54000052", "E54000053"} and drawn - lookup == {"E54000063", "E54000064"}


def test_lookup_tolerates_latin1_crlf_and_spreadsheet_codes(tmp_path):
    path = tmp_path / "lookup.csv"
    path.write_bytes(("LAD23CD,LAD23NM,LAD23NMW,CTYUA23CD,CTYUA23NM,FID\r\n"
                      " e06000001 ,Hartlepool,Hartlepool,E06000001.0,Hartlepool,1\r\n"
                      ",,,,,\r\n"
                      "W06000001,Ynys Môn,Ynys Môn,W06000001,Isle of Anglesey,2\r\n"
                      "E06000001,Hartlepool,Hartlepool,E06000001,Hartlepool,3\r\n").encode("latin-1"))
    frame = boundaries.read_lookup(path)
    assert frame[["from_level", "from_code", "from_name", "to_level", "to_code", "vintage"]].values.tolist() == [
        ["LAD", "E06000001", "Hartlepool", "CTYUA", "E06000001", 2023],
        ["LAD", "W06000001", "Ynys Môn", "CTYUA", "W06000001", 2023],
    ]
    assert boundaries.ltla_to_utla(path).to_dict() == {"E06000001": "E06000001", "W06000001": "W06000001"}


# --- lookups, bad input ----------------------------------------------------------------------------------------------

def _lookup(tmp_path, text):
    path = tmp_path / "lookup.csv"
    path.write_text(text, encoding="utf-8-sig")
    return path


def test_lookup_bad_codes(tmp_path):
    path = _lookup(tmp_path, "LTLA22CD,LTLA22NM,UTLA22CD,UTLA22NM\n"
                             "E0700008,Cambridge,E10000003,Cambridgeshire\n"
                             "E07000009,East Cambridgeshire,,Cambridgeshire\n")
    with pytest.raises(InputError) as err:
        boundaries.read_lookup(path)
    assert str(err.value).splitlines() == [
        f"{path}, row 2, column 'LTLA22CD': expected a GSS code (E, K, L, M, N, S or W and 8 digits, e.g. "
        "E06000001); got 'E0700008'",
        f"{path}, row 3, column 'UTLA22CD': expected a GSS code (E, K, L, M, N, S or W and 8 digits, e.g. "
        "E06000001); got ''",
    ]


def test_lookup_lower_area_in_two_upper_areas(tmp_path):
    path = _lookup(tmp_path, "LTLA22CD,LTLA22NM,UTLA22CD,UTLA22NM\n"
                             "E07000008,Cambridge,E10000003,Cambridgeshire\n"
                             "E07000009,East Cambridgeshire,E10000003,Cambridgeshire\n"
                             "E07000008,Cambridge,E10000015,Hertfordshire\n")
    with pytest.raises(InputError) as err:
        boundaries.read_lookup(path)
    assert str(err.value) == (f"{path}, row 4, column 'UTLA22CD': expected one UTLA per LTLA: E07000008 is in "
                              "E10000003 on row 2; got 'E10000015'")
    assert err.value.failures["row"].tolist() == [4]


def test_lookup_with_one_level(tmp_path):
    path = _lookup(tmp_path, "LAD23CD,LAD23NM,FID\nE06000001,Hartlepool,1\n")
    with pytest.raises(InputError) as err:
        boundaries.read_lookup(path)
    assert str(err.value) == (f"{path}, row 1: expected code columns <LEVEL><yy>CD of at least two area types "
                              "(e.g. LTLA22CD and UTLA22CD); got \"header ['LAD23CD', 'LAD23NM', 'FID']\"")


def test_lookup_name_without_code(tmp_path):
    path = _lookup(tmp_path, "LAD23CD,LAD23NM,RGN23NM\nE06000001,Hartlepool,North East\n")
    with pytest.raises(InputError) as err:
        boundaries.read_lookup(path)
    assert str(err.value) == (f"{path}, row 1, column 'RGN23NM': expected a code column RGN23CD beside it; "
                              "got \"header ['LAD23CD', 'LAD23NM', 'RGN23NM']\"")


def test_lookup_of_the_wrong_levels(real):
    with pytest.raises(InputError) as err:
        boundaries.ltla_to_utla(real / SICBL)
    assert str(err.value) == (f"{real / SICBL}, row 1: expected code columns of LTLA or LAD then UTLA or CTYUA "
                              "side by side; got \"pairs of levels [('ICB', 'NHSER'), ('SICBL', 'ICB')]\"")
    with pytest.raises(InputError, match=r"expected code columns of SICBL then ICB side by side; got "
                                         r"\"pairs of levels \[\('LTLA', 'UTLA'\)\]\""):
        boundaries.sub_icb_to_icb(real / LTLA)


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf\r\n"])
def test_lookup_empty_file(tmp_path, content):
    path = tmp_path / "lookup.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=re.escape(f"{path}: expected a CSV file with a header row; got 'an empty "
                                                   "file'")):
        boundaries.read_lookup(path)


# --- IoD 2019, File 11 -----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def imd(real):
    return mhclg.read_imd_summary(real / IMD)


def _value(frame, code, measure, domain="IMD"):
    rows = frame[(frame["area_code"] == code) & (frame["measure"] == measure) & (frame["domain"] == domain)]
    assert len(rows) == 1
    return rows["value"].iloc[0]


def test_imd_2019(imd):
    assert list(imd.columns) == IMD_COLUMNS
    assert imd["area_code"].nunique() == 151 and len(imd) == 151 * 10  # sheet IMD: rows 2-152, 10 measures
    assert set(imd["domain"]) == {"IMD"} and set(imd["vintage"]) == {2019}
    # sheet IMD, row 10: E06000009 Blackpool 26765.29 1 45.039 1 0.4149 6 0.5766 5 32838.16 1
    assert _value(imd, "E06000009", "average_score") == pytest.approx(45.039)
    assert _value(imd, "E06000009", "rank_of_average_score") == 1
    assert _value(imd, "E06000009", "proportion_most_deprived_10pct") == pytest.approx(0.4149)
    assert _value(imd, "E06000009", "rank_of_local_concentration") == 1
    # sheet IMD, row 112: E09000019 Islington 22490.24 24 27.535 41 ...
    assert _value(imd, "E09000019", "average_score") == pytest.approx(27.535)
    assert _value(imd, "E09000019", "rank_of_average_score") == 41
    ranks = imd.loc[imd["measure"] == "rank_of_average_score", "value"]
    assert sorted(ranks) == list(range(1, 152))
    first = imd[(imd["measure"] == "rank_of_average_score") & (imd["value"] == 1)]
    assert first["area_name"].tolist() == ["Blackpool"]


def test_imd_2019_areas_reorganised_since(imd):
    areas = imd.drop_duplicates("area_code").set_index("area_code")
    # sheet IMD rows 127, 143, 146: Buckinghamshire, North Yorkshire, Somerset: county codes, same areas today
    assert areas.loc[["E10000002", "E10000023", "E10000027"], "current_code"].tolist() == [
        "E06000060", "E06000065", "E06000066"]
    assert areas.loc["E10000002", "note"] == "recoded since: same area, today E06000060"
    # rows 129 and 142: Cumbria and Northamptonshire were split (2023, 2021)
    assert areas.loc[["E10000006", "E10000021"], "current_code"].isna().all()
    assert areas.loc[["E10000006", "E10000021"], "note"].tolist() == [
        "split since between E06000063 and E06000064; no single area today",
        "split since between E06000061 and E06000062; no single area today"]
    # row 57: Dorset (E06000059) is a 2019 unitary authority and still today's
    assert areas.loc["E06000059", "current_code"] == "E06000059" and pd.isna(areas.loc["E06000059", "note"])
    assert areas["current_code"].notna().sum() == 149


def test_imd_2019_slough_code_taken_from_its_name(imd):
    # sheet IMD, row 38: 'E0600003', Slough (a digit short; E06000039 on every other sheet)
    slough = imd[imd["area_name"] == "Slough"]
    assert set(slough["area_code"]) == {"E06000039"}
    assert set(slough["note"]) == {"published code 'E0600003' is not a GSS code; code taken from the name"}


def test_imd_2019_every_domain(real):
    frame = mhclg.read_imd_summary(real / IMD, domain="all")
    assert list(frame.columns) == IMD_COLUMNS
    per_domain = frame.groupby("domain")["measure"].nunique().to_dict()
    assert per_domain == {"IMD": 10, "Income": 8, "Employment": 8, "Education": 6, "Health": 6, "Crime": 6,
                          "Barriers": 6, "Living": 6, "IDACI": 6, "IDAOPI": 6}
    assert frame.groupby("domain")["area_code"].nunique().eq(151).all()
    # sheet Income, row 10: E06000009 Blackpool 25404.24 1 0.247 3 0.3617 8 34610 87
    assert _value(frame, "E06000009", "average_score", "Income") == pytest.approx(0.247)
    assert _value(frame, "E06000009", "scale", "Income") == 34610
    assert _value(frame, "E06000009", "rank_of_scale", "Income") == 87
    idaci = mhclg.read_imd_summary(real / IMD, domain="idaci")
    # sheet IDACI, row 3: E06000002 Middlesbrough 25026 7 0.327 1 0.4767 1
    assert _value(idaci, "E06000002", "average_score", "IDACI") == pytest.approx(0.327)
    assert _value(idaci, "E06000002", "rank_of_average_score", "IDACI") == 1


# --- IoD, bad input --------------------------------------------------------------------------------------------------

HEADER = ["Upper Tier Local Authority District code (2019)", "Upper Tier Local Authority District name (2019)",
          "IMD - Average score ", "IMD - Rank of average score "]


def _workbook(tmp_path, sheets):
    path = tmp_path / "file11.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, rows in sheets.items():
            pd.DataFrame(rows).to_excel(writer, sheet_name=name, header=False, index=False)
    return path


def test_imd_header_found_below_title_rows(tmp_path):
    path = _workbook(tmp_path, {"Notes": [["notes"]], "IMD": [
        ["English indices of deprivation 2019", None, None, None], [None] * 4, HEADER,
        ["E06000009", "Blackpool", 45.039, 1], ["E10000002", "Buckinghamshire", 10.052, 146],
        [" E06000028 ", "Bournemouth", "20.5", 60], [None] * 4]})
    frame = mhclg.read_imd_summary(path)
    assert frame[["area_code", "current_code", "measure", "value"]].fillna({"current_code": "-"}).values.tolist() == [
        ["E06000009", "E06000009", "average_score", 45.039], ["E06000009", "E06000009", "rank_of_average_score", 1],
        ["E10000002", "E06000060", "average_score", 10.052], ["E10000002", "E06000060", "rank_of_average_score", 146],
        ["E06000028", "-", "average_score", 20.5], ["E06000028", "-", "rank_of_average_score", 60],
    ]
    assert frame["note"].iloc[-1] == "reorganised since: now part of E06000058; no single area today"
    assert frame["vintage"].tolist() == [2019] * 6


def test_imd_not_a_workbook(tmp_path):
    path = tmp_path / "file11.xlsx"
    path.write_text("not a workbook")
    with pytest.raises(InputError, match=re.escape(f"{path}: expected an Excel workbook (.xlsx); got '")):
        mhclg.read_imd_summary(path)


def test_imd_wrong_sheet(tmp_path):
    path = _workbook(tmp_path, {"Notes": [["notes"]], "IMD": [HEADER, ["E06000009", "Blackpool", 45.039, 1]]})
    with pytest.raises(InputError) as err:
        mhclg.read_imd_summary(path, domain="Income")
    assert str(err.value) == f"{path}, column 'Income': expected a sheet named Income; got \"sheets ['Notes', 'IMD']\""


def test_imd_missing_header(tmp_path):
    path = _workbook(tmp_path, {"IMD": [["E06000009", "Blackpool", 45.039, 1]]})
    with pytest.raises(InputError) as err:
        mhclg.read_imd_summary(path)
    assert str(err.value) == (
        f"{path}, column 'IMD': expected a header row with an LA code and an LA name heading ('... District code "
        "(2019)', '... District name (2019)'); got 'no such row in the first 20 rows'")


def test_imd_bad_cells_all_at_once(tmp_path):
    path = _workbook(tmp_path, {"IMD": [
        HEADER + ["IMD - Mystery measure"],
        ["E06000009", "Blackpool", "n/a", 1, 3],
        ["E07000008", "Cambridge", 12.0, 2, 3],
        ["XYZ", "Nowhere", 12.0, 3, 3],
        ["E06000009", "Blackpool", 45.039, 1, 3]]})
    with pytest.raises(InputError) as err:
        mhclg.read_imd_summary(path)
    code = "Upper Tier Local Authority District code (2019)"
    assert str(err.value).splitlines() == [
        f"{path}, row 1, column 'IMD - Mystery measure': expected a heading of an IoD summary measure on sheet IMD "
        "(average rank, average score, extent, ...); got 'IMD - Mystery measure'",
        f"{path}, row 4, column '{code}': expected a GSS code of an English local authority (or the exact name of "
        "one beside it); got 'XYZ'",
        f"{path}, row 3, column '{code}': expected a GSS code of an English upper-tier LA, today's or a former one; "
        "got 'E07000008'",
        f"{path}, row 5, column '{code}': expected one row per LA; got 'E06000009, already above'",
        f"{path}, row 2, column 'IMD - Average score': expected a number; got 'n/a'",
    ]


def test_imd_domain_argument(tmp_path):
    with pytest.raises(ArgumentError) as err:
        mhclg.read_imd_summary(tmp_path / "file11.xlsx", domain="Housing")
    assert str(err.value) == ("domain must be one of ['IMD', 'Income', 'Employment', 'Education', 'Health', "
                              "'Crime', 'Barriers', 'Living', 'IDACI', 'IDAOPI'] or 'all'; got 'Housing'")
