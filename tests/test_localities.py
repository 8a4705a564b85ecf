"""Localities: ONS population-weighted centroids (GeoJSON) and Census 2021 TS007A age bands (Nomis CSV).

Small files written to tmp_path; the expected values are worked out by hand in the comments."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from jsnakit.core.errors import ArgumentError, InputError
from jsnakit.sources.localities import (
    CENSUS_AGE_COLUMNS,
    CENTROID_COLUMNS,
    TS007A_BANDS,
    read_census_age,
    read_centroids,
)

# Ordnance Survey, "A guide to coordinate systems in Great Britain" (v3.6), Annex C worked example: Caister water
# tower, OSGB36 latitude 52°39'27.2531"N, longitude 1°43'4.5177"E is grid E 651409.903 m, N 313177.270 m. Its ETRS89
# (~WGS84) position, 52°39'28.8282"N 1°42'57.8663"E, is the same point; the Helmert transformation pyproj applies
# without the OSTN15 grid is good to a few metres.
CAISTER_EN = (651409.903, 313177.270)
CAISTER_OSGB36 = (1 + 43 / 60 + 4.5177 / 3600, 52 + 39 / 60 + 27.2531 / 3600)
CAISTER_WGS84 = (1 + 42 / 60 + 57.8663 / 3600, 52 + 39 / 60 + 28.8282 / 3600)


def _feature(fid, code, name, geometry, code_key="MSOA21CD", name_key="MSOA21NM"):
    props = {"FID": fid, code_key: code}
    if name_key:
        props[name_key] = name
    props["GlobalID"] = f"{{0000000{fid}-0000-0000-0000-000000000000}}"
    return {"type": "Feature", "properties": props, "geometry": geometry}


def _point(x, y):
    return {"type": "Point", "coordinates": [x, y]}


def _geojson(path, features, crs="urn:ogc:def:crs:OGC:1.3:CRS84"):
    doc = {"type": "FeatureCollection", "name": "centroids"}
    if crs:
        doc["crs"] = {"type": "name", "properties": {"name": crs}}
    doc["features"] = features
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


# --- centroids ------------------------------------------------------------------------------------------------------

def test_wgs84_centroids_are_reprojected_to_the_british_national_grid(tmp_path):
    path = _geojson(tmp_path / "c.geojson", [
        _feature(1, "E02000554", "Islington 001", _point(*CAISTER_WGS84)),
        _feature(2, " e02000555 ", "  Islington 002 ", _point(*CAISTER_WGS84)),
    ])
    points = read_centroids(path)
    assert list(points.columns) == CENTROID_COLUMNS
    assert points.crs.to_epsg() == 27700
    assert points["locality_code"].tolist() == ["E02000554", "E02000555"]  # spaces dropped, upper case
    assert points["locality_name"].tolist() == ["Islington 001", "Islington 002"]
    x, y = points.geometry.x.iloc[0], points.geometry.y.iloc[0]
    assert abs(x - CAISTER_EN[0]) < 5 and abs(y - CAISTER_EN[1]) < 5  # 1.3 m and 3.3 m off OSTN15: Helmert


def test_centroids_in_another_crs_are_reprojected_exactly(tmp_path):
    # OSGB36 latitude/longitude (EPSG:4277) to the grid is a pure projection: the OS worked example to the millimetre.
    path = _geojson(tmp_path / "c.geojson", [_feature(1, "E02000001", "A", _point(*CAISTER_OSGB36))], crs="EPSG:4277")
    point = read_centroids(path).geometry.iloc[0]
    assert point.x == pytest.approx(CAISTER_EN[0], abs=0.002)
    assert point.y == pytest.approx(CAISTER_EN[1], abs=0.002)


def test_centroids_already_on_the_grid_are_kept_and_no_crs_means_wgs84(tmp_path):
    grid = _geojson(tmp_path / "grid.geojson", [_feature(1, "E02000001", "A", _point(531000.5, 184000.25))],
                    crs="EPSG:27700")
    assert read_centroids(grid).geometry.iloc[0].coords[0] == (531000.5, 184000.25)
    bare = _geojson(tmp_path / "bare.geojson", [_feature(1, "E02000001", "A", _point(*CAISTER_WGS84))], crs=None)
    assert read_centroids(bare).geometry.iloc[0].x == pytest.approx(CAISTER_EN[0], abs=5)


def test_lsoa_and_output_area_centroids_any_vintage(tmp_path):
    lsoa = _geojson(tmp_path / "l.geojson", [_feature(1, "E01000001", "City of London 001A", _point(-0.097, 51.52),
                                                      "LSOA11CD", "LSOA11NM")])
    assert read_centroids(lsoa)["locality_code"].tolist() == ["E01000001"]
    oa = _geojson(tmp_path / "o.geojson", [_feature(1, "E00000001", None, _point(-0.097, 51.52), "OA21CD", None)])
    out = read_centroids(oa)
    assert out["locality_code"].tolist() == ["E00000001"] and out["locality_name"].isna().all()


def test_level_chooses_between_two_area_types(tmp_path):
    feature = _feature(1, "E01000001", "L", _point(-0.1, 51.5), "LSOA21CD", "LSOA21NM")
    feature["properties"].update({"MSOA21CD": "E02000001", "MSOA21NM": "M"})
    path = _geojson(tmp_path / "two.geojson", [feature])
    with pytest.raises(InputError, match=r"two.geojson: expected the codes of one area type \(choose one with "
                                         r"level=\); got \"properties \['FID', 'LSOA21CD'"):
        read_centroids(path)
    assert read_centroids(path, level="msoa")["locality_name"].tolist() == ["M"]
    with pytest.raises(InputError, match=r"expected a property OAyyCD \(e.g. OA21CD\); got \"properties"):
        read_centroids(path, level="OA")
    with pytest.raises(ArgumentError, match=r"level must be an ONS area type such as 'MSOA', 'LSOA' or 'OA'; "
                                            r"got 'MSOA21'"):
        read_centroids(path, level="MSOA21")


def test_every_bad_feature_is_named(tmp_path):
    path = _geojson(tmp_path / "bad.geojson", [
        _feature(1, "E02000554", "ok", _point(-0.1, 51.55)),
        _feature(2, "E02000554", "repeat", _point(-0.1, 51.56)),
        _feature(3, "E2000555", "short code", _point(-0.1, 51.57)),
        _feature(4, None, "no code", _point(-0.1, 51.58)),
        _feature(5, "E02000556", "area", {"type": "Polygon", "coordinates": [[[0, 51], [1, 51], [1, 52], [0, 51]]]}),
        _feature(6, "E02000557", "nothing", None),
        _feature(7, "E02000558", "off the globe", _point(-0.1, 95.0)),
    ])
    with pytest.raises(InputError) as err:
        read_centroids(path)
    failures = err.value.failures
    assert failures[["row", "column"]].values.tolist() == [
        [2, "MSOA21CD"], [3, "MSOA21CD"], [4, "MSOA21CD"], [5, "geometry"], [6, "geometry"], [7, "geometry"]]
    message = str(err.value)
    assert "bad.geojson, row 2, column 'MSOA21CD': expected one point per area code; got 'E02000554, already feature 1'" \
        in message
    assert "row 3, column 'MSOA21CD': expected a GSS code (E, K, L, M, N, S or W and 8 digits, e.g. E02000001); " \
           "got 'E2000555'" in message
    assert "row 4, column 'MSOA21CD': expected a GSS code" in message and "got ''" in message
    assert "row 5, column 'geometry': expected a point; got 'Polygon'" in message
    assert "row 6, column 'geometry': expected a point; got 'no geometry'" in message
    assert ("row 7, column 'geometry': expected a longitude in -180..180 and a latitude in -90..90 degrees (WGS84); "
            "got 'POINT (-0.1 95)'") in message


@pytest.mark.filterwarnings("ignore:OGRGeoJSONReadRawPoint:RuntimeWarning")
def test_an_empty_point_is_named(tmp_path):
    path = _geojson(tmp_path / "e.geojson", [_feature(1, "E02000001", "A", {"type": "Point", "coordinates": []})])
    with pytest.raises(InputError, match=r"row 1, column 'geometry': expected a point; got '(an empty point|no "
                                         r"geometry)'"):
        read_centroids(path)


def test_no_code_property_or_unreadable_file(tmp_path):
    path = _geojson(tmp_path / "n.geojson", [{"type": "Feature", "properties": {"FID": 1, "name": "x"},
                                              "geometry": _point(0, 51)}])
    with pytest.raises(InputError, match=r"n.geojson: expected a property <LEVEL><yy>CD holding the area codes "
                                         r"\(e.g. MSOA21CD\); got \"properties \['FID', 'name'\]\""):
        read_centroids(path)
    junk = tmp_path / "junk.geojson"
    junk.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match=r"junk.geojson: expected a GeoJSON file of ONS population-weighted "
                                         r"centroids; got \"DataSourceError: "):
        read_centroids(junk)


# --- census ages ---------------------------------------------------------------------------------------------------

HEADER = ["date", "geography", "geography code", "Age: Total"] + [column for column, _ in TS007A_BANDS]
BANDS = [band for _, band in TS007A_BANDS]


def _census(path, rows, header=HEADER, *, bom=False, crlf=False):
    end = "\r\n" if crlf else "\n"
    lines = [",".join(header)] + [",".join(str(c) for c in row) for row in rows]
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + (end.join(lines) + end).encode("utf-8"))
    return path


def _row(code, name, bands, total=None, date="2021"):
    return [date, name, code, sum(bands) if total is None else total] + list(bands)


def test_census_age_bands_long_form(tmp_path):
    first = list(range(100, 118))                # 100, 101, ..., 117: band i holds 100 + i people
    second = [0] * 17 + [7]                      # everyone 85 and over
    path = _census(tmp_path / "census2021-ts007a-msoa.csv",
                   [_row("E02000554", "Islington 001", first), _row("E02000555", "Islington 002", second)],
                   bom=True, crlf=True)
    ages = read_census_age(path)
    assert list(ages.columns) == CENSUS_AGE_COLUMNS
    assert len(ages) == 36                       # 2 areas x 18 bands
    assert ages["age_band"].tolist()[:18] == BANDS
    assert BANDS[:5] == ["0-4", "5-9", "10-14", "15-19", "20-24"] and BANDS[-2:] == ["80-84", "85+"]
    one = ages[ages["locality_code"] == "E02000554"].set_index("age_band")["population"]
    assert one["0-4"] == 100 and one["20-24"] == 104 and one["85+"] == 117
    # 0-24: 100 + 101 + 102 + 103 + 104 = 510
    assert one[["0-4", "5-9", "10-14", "15-19", "20-24"]].sum() == 510
    two = ages[ages["locality_code"] == "E02000555"]
    assert two["population"].sum() == 7 and two["locality_name"].iloc[0] == "Islington 002"
    assert set(ages["period"]) == {"2021"} and ages["population"].dtype == float


def test_census_measures_suffix_and_commas(tmp_path):
    header = [h + "; measures: Value" if h.startswith("Age") else h for h in HEADER]
    path = tmp_path / "t.csv"
    row = _row("E02000001", "A", [1000] + [1] * 17)
    row = [f'"{v:,}"' if isinstance(v, int) else v for v in row]   # "1,000" in quotes, as a spreadsheet saves it
    _census(path, [row], header)
    ages = read_census_age(path)
    assert ages.set_index("age_band").loc["0-4", "population"] == 1000.0


def test_census_total_need_not_equal_the_sum(tmp_path):
    # Census 2021 counts are perturbed: a total 1 off the sum of its bands is read without complaint.
    path = _census(tmp_path / "t.csv", [_row("E02000001", "A", [5] * 18, total=91)])
    assert read_census_age(path)["population"].sum() == 90


def test_census_missing_columns_are_each_named(tmp_path):
    header = [h for h in HEADER if h not in ("geography code", "Age: Aged 85 years and over")]
    path = _census(tmp_path / "t.csv", [["2021", "A", 1] + [0] * 17], header)
    with pytest.raises(InputError) as err:
        read_census_age(path)
    assert err.value.failures["column"].tolist() == ["geography code", "Age: Aged 85 years and over"]
    assert "t.csv, row 1, column 'geography code': expected this column in the header; got \"header ['date'" \
        in str(err.value)


def test_census_every_bad_cell_is_named(tmp_path):
    good = [1] * 18
    bad_band = ["many"] + [1] * 17
    negative = [1] * 4 + [-3] + [1] * 13
    fraction = [1] * 17 + [2.5]
    path = _census(tmp_path / "t.csv", [
        _row("E02000001", "A", good),
        _row("E02000001", "B", good),            # row 3: repeats row 2's code
        _row("E2", "C", good),                   # row 4: not a GSS code
        ["2021", "D", "E02000004", 18] + bad_band,   # row 5
        _row("E02000005", "E", negative),        # row 6
        _row("E02000006", "F", fraction, total=20),  # row 7
        _row("E02000007", "G", good, total=""),  # row 8: no total
        _row("E02000008", "H", good, date="Census"),  # row 9
    ])
    with pytest.raises(InputError) as err:
        read_census_age(path)
    failures = err.value.failures
    assert sorted(failures[["row", "column"]].values.tolist()) == [
        [3, "geography code"], [4, "geography code"], [5, "Age: Aged 4 years and under"],
        [6, "Age: Aged 20 to 24 years"], [7, "Age: Aged 85 years and over"], [8, "Age: Total"], [9, "date"]]
    message = str(err.value)
    assert "t.csv, row 3, column 'geography code': expected one row per area; got 'E02000001, already on row 2'" in message
    assert "row 4, column 'geography code': expected a GSS code (E, K, L, M, N, S or W and 8 digits, e.g. " \
           "E02000001); got 'E2'" in message
    assert "row 5, column 'Age: Aged 4 years and under': expected a number of people (a whole number >= 0); " \
           "got 'many'" in message
    assert "row 6, column 'Age: Aged 20 to 24 years': expected a number of people (a whole number >= 0); got '-3'" \
        in message
    assert "row 7, column 'Age: Aged 85 years and over': expected a number of people (a whole number >= 0); " \
           "got '2.5'" in message
    assert "row 8, column 'Age: Total': expected a number of people (a whole number >= 0); got ''" in message
    assert "row 9, column 'date': expected a year (e.g. 2021); got 'Census'" in message


def test_census_empty_or_header_only(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match=r"empty.csv: expected a CSV file with a header row; got 'an empty file'"):
        read_census_age(empty)
    header_only = _census(tmp_path / "h.csv", [])
    with pytest.raises(InputError, match=r"h.csv, row 2: expected data rows below the header; got 'none'"):
        read_census_age(header_only)


def test_inputs_are_not_changed(tmp_path):
    path = _census(tmp_path / "t.csv", [_row("E02000001", "A", list(np.arange(18)))])
    before = path.read_bytes()
    ages = read_census_age(path)
    assert path.read_bytes() == before
    assert isinstance(ages, pd.DataFrame) and ages["population"].tolist() == [float(i) for i in range(18)]
