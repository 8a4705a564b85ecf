"""OHID Fingertips: the real export reads into the fixed columns with its published figures; bad files give one
InputError naming every bad cell; the live API is never touched (a fake session stands in for requests)."""
from __future__ import annotations

import os
import sys
import time

import numpy as np
import pandas as pd
import pytest

from jsnakit.core import geography
from jsnakit.core.errors import ArgumentError, InputError, JsnakitError
from jsnakit.core.schema import INDICATOR_COLUMNS
from jsnakit.sources import fingertips
from jsnakit.sources.fingertips import (
    FINGERTIPS_COLUMNS,
    DownloadError,
    MissingDependencyError,
    fetch_fingertips,
    read_fingertips_csv,
    to_indicator_frame,
)

REAL_NAME = "indicators-CountyUA.data.csv"
HEADER = ("Indicator ID,Indicator Name,Parent Code,Parent Name,Area Code,Area Name,Area Type,Sex,Age,Category Type,"
          "Category,Time period,Value,Lower CI 95.0 limit,Upper CI 95.0 limit,Lower CI 99.8 limit,Upper CI 99.8 limit,"
          "Count,Denominator,Value note,Recent Trend,Compared to England value or percentiles,"
          "Compared to Region value or percentiles,Time period Sortable,New data,Compared to goal")
# Two good rows in the real export's layout (25 cells: the empty "Compared to goal" left out, as Fingertips does).
ENGLAND = ('93356,"Campylobacter incidence rate/100,000\n",,,E92000001,England,Country,Persons,All ages,,,2017,'
           '96.6109417215551,95.7932036927655,97.4339242342231,,,53395,55268067,,Cannot be calculated,Not compared,'
           'Not compared,20170000,New data')
WORCS = ('93356,"Campylobacter incidence rate/100,000\n",E12000005,West Midlands region,E10000034,Worcestershire,'
         'County & UA,Persons,All ages,,,2017,128.1187130501,119.094659706148,137.645287929514,,,747,583053,,'
         'Cannot be calculated,Worse,Worse,20170000,New data')


@pytest.fixture(scope="module")
def real_file(real):
    return real / "ohid_fingertips" / REAL_NAME


@pytest.fixture(scope="module")
def frame(real_file):
    return read_fingertips_csv(real_file)


def _csv(tmp_path, rows, *, header=HEADER, name="bad.data.csv", newline="\r\n", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes((newline.join([header, *rows]) + newline).encode(encoding))
    return path


def _row(frame, **equal):
    mask = np.ones(len(frame), dtype=bool)
    for column, value in equal.items():
        mask &= (frame[column].isna() if value is None else frame[column] == value).to_numpy()
    assert mask.sum() == 1, f"{mask.sum()} rows match {equal}"
    return frame[mask].iloc[0]


# --- the real export --------------------------------------------------------------------------------------------------

def test_real_rows_area_types_and_columns(frame):
    # PROVENANCE.md section 10: 852 rows (Country 65, Region 27, County & UA 760).
    assert len(frame) == 852
    assert frame["area_type"].value_counts().to_dict() == {"County & UA": 760, "Country": 65, "Region": 27}
    assert list(frame.columns) == FINGERTIPS_COLUMNS
    assert frame["indicator_id"].dtype == np.int64 and (frame["indicator_id"] == 93356).all()
    for column in ("value", "lower_ci_95", "upper_ci_95", "lower_ci_99_8", "count", "denominator", "period_sortable"):
        assert frame[column].dtype == np.float64, column
    assert frame["new_data"].dtype == bool


def test_real_embedded_newline_is_stripped(frame):
    # Every "Indicator Name" cell of the export is "Campylobacter incidence rate/100,000\n" (newline inside the quotes).
    assert frame["indicator_name"].unique().tolist() == ["Campylobacter incidence rate/100,000"]


def test_real_england_2015(frame):
    # indicators-CountyUA.data.csv, row 2 (first data row): England, Persons, All ages, no category, 2015.
    england = _row(frame, area_code="E92000001", age="All ages", category=None, period="2015")
    assert england["value"] == pytest.approx(94.7261896202678, rel=1e-12)
    assert england["lower_ci_95"] == pytest.approx(93.9129396546008, rel=1e-12)
    assert england["upper_ci_95"] == pytest.approx(95.5447303303505, rel=1e-12)
    assert england["count"] == 51897 and england["denominator"] == 54786327
    assert england["period_sortable"] == 20150000
    assert pd.isna(england["parent_code"]) and pd.isna(england["parent_name"]) and pd.isna(england["note"])
    assert np.isnan(england["lower_ci_99_8"]) and np.isnan(england["upper_ci_99_8"])
    assert england["compared_to_england"] == "Not compared" and england["compared_to_parent"] == "Not compared"
    assert not england["new_data"]
    # Row 23: England, 0-9 yrs, 2015.
    young = _row(frame, area_code="E92000001", age="0-9 yrs", period="2015")
    assert young["value"] == pytest.approx(217.8841052) and young["count"] == 14799
    # Row 672: England, All ages, 2017, the newest year.
    latest = _row(frame, area_code="E92000001", age="All ages", category=None, period="2017")
    assert latest["value"] == pytest.approx(96.6109417215551) and latest["count"] == 53395
    assert latest["recent_trend"] == "Cannot be calculated" and latest["new_data"]


def test_real_deprivation_decile_rows(frame):
    # Row 3: England, "County & UA deprivation deciles in England (IMD2015)", most deprived decile, 2015.
    decile = _row(frame, area_code="E92000001", category_type="County & UA deprivation deciles in England (IMD2015)",
                  category="Most deprived decile (IMD2015)", period="2015")
    assert decile["value"] == pytest.approx(69.6234924331395)
    assert decile["count"] == 3541 and decile["denominator"] == 5085927
    assert decile["note"] == "Aggregated from all known lower geography values"
    assert np.isnan(decile["lower_ci_95"])
    # 60 decile rows for England (2 decile sets x 10 deciles x 3 years), none for any other area.
    assert frame["category_type"].notna().sum() == 60
    assert set(frame.loc[frame["category_type"].notna(), "area_code"]) == {"E92000001"}


def test_real_missing_values_keep_their_note(frame):
    # Rows 83 and 84: Cornwall 2015 holds the value for Cornwall & Isles of Scilly; Isles of Scilly is blank.
    cornwall = _row(frame, area_code="E06000052", age="All ages", period="2015")
    assert cornwall["value"] == pytest.approx(135.755299712902) and cornwall["count"] == 749
    scilly = _row(frame, area_code="E06000053", age="All ages", period="2015")
    assert np.isnan(scilly["value"]) and np.isnan(scilly["count"]) and np.isnan(scilly["denominator"])
    assert scilly["note"] == "Value for Cornwall & Isles of Scilly combined"
    # Every blank value has its reason in the note: Isles of Scilly and City of London, All ages 2015-2017 and
    # 0-9 yrs 2015-2016, 2 x 5 = 10 rows.
    blank = frame[frame["value"].isna()]
    assert len(blank) == 10 and blank["note"].notna().all()
    assert set(blank["area_code"]) == {"E06000053", "E09000001"}


def test_real_parent_comparison_and_codes(frame):
    # Row 143: Islington, All ages, 2015: similar to England, worse than London.
    islington = _row(frame, area_code="E09000019", age="All ages", period="2015")
    assert islington["value"] == pytest.approx(89.5947156685347) and islington["count"] == 204
    assert islington["parent_code"] == "E12000007" and islington["parent_name"] == "London region"
    assert islington["compared_to_england"] == "Similar" and islington["compared_to_parent"] == "Worse"
    # Row 175: North Yorkshire under its county code E10000023, translated to today's E06000065.
    north_yorks = _row(frame, area_code="E06000065", age="All ages", period="2015")
    assert north_yorks["value"] == pytest.approx(106.595470190627) and north_yorks["area_name"] == "North Yorkshire"
    assert not frame["area_code"].isin(list(geography.CODE_CHANGES)).any()
    # Former areas jsnakit does not list (Cumbria E10000006, Dorset county E10000009) are kept, not rejected.
    assert {"E10000006", "E10000009"} <= set(frame["area_code"])
    # The export leaves the empty "Compared to goal" cell out of every data row: all NaN, no failure.
    assert frame["compared_to_goal"].isna().all()
    assert frame["new_data"].sum() == 182 == (frame["period"] == "2017").sum()


def test_real_line_endings_and_encodings_give_the_same_frame(real_file, frame, tmp_path):
    raw = real_file.read_bytes()
    # The real quirk: CRLF at the end of each record, a bare LF inside the quoted Indicator Name.
    assert raw.count(b"\r\n") == 853 and raw.count(b"\n") == 1705
    lf = raw.replace(b"\r\n", b"\n")
    variants = {
        "lf.csv": lf,
        "crlf.csv": lf.replace(b"\n", b"\r\n"),
        "bom.csv": b"\xef\xbb\xbf" + raw,
        "latin1.csv": raw.decode("utf-8").encode("latin-1"),
        "no_final_newline.csv": raw.rstrip(b"\r\n"),
    }
    for name, content in variants.items():
        (tmp_path / name).write_bytes(content)
        other = read_fingertips_csv(tmp_path / name)
        assert len(other) == 852, name
        pd.testing.assert_frame_equal(other, frame, obj=name)


def test_real_to_indicator_frame(frame):
    indicators = to_indicator_frame(frame, age="All ages", unit="per 100,000")
    assert list(indicators.columns) == INDICATOR_COLUMNS
    # All ages rows only: the 852 rows less the 306 rows of 0-9 yrs (England and 152 LAs x 2015, 2016).
    assert len(indicators) == (frame["age"] == "All ages").sum() == 546
    cornwall = _row(indicators, area_code="E06000052", period="2015")
    # Row 83: Cornwall "Worse" than England, 135.76 > 94.73 per 100,000: "higher" (no polarity in jsnakit).
    assert cornwall["comparison"] == "higher" and cornwall["comparator_code"] == "E92000001"
    assert cornwall["lower_ci"] == pytest.approx(126.205904844519) and cornwall["confidence"] == 0.95
    assert cornwall["area_type"] == "unitary authority" and cornwall["unit"] == "per 100,000"
    # Row 143: Islington "Similar".
    assert _row(indicators, area_code="E09000019", period="2015")["comparison"] == "similar"
    # Row 812: Islington 2017 "Better", 70.86 < England's 96.61: "lower".
    assert _row(indicators, area_code="E09000019", period="2017")["comparison"] == "lower"
    england = indicators[indicators["area_code"] == "E92000001"]
    assert (england["comparison"] == "not compared").all() and england["comparator_code"].isna().all()
    decile = _row(indicators, area_code="E92000001", category="Most deprived decile (IMD2015)", period="2015",
                  breakdown="County & UA deprivation deciles in England (IMD2015)")
    assert decile["value"] == pytest.approx(69.6234924331395)
    assert _row(indicators, area_code="E10000006", period="2015")["area_type"] == "former local authority"
    assert indicators["indicator"].unique().tolist() == ["fingertips_93356"]


def test_to_indicator_frame_argument_errors(frame):
    with pytest.raises(ArgumentError, match=r"^age must be given when an indicator has several age bands; indicator "
                                            r"93356 has \['0-9 yrs', 'All ages'\]; got None$"):
        to_indicator_frame(frame)
    with pytest.raises(ArgumentError, match=r"^age must be one of \['0-9 yrs', 'All ages'\]; got '5-16 yrs'$"):
        to_indicator_frame(frame, age="5-16 yrs")
    with pytest.raises(ArgumentError, match=r"^sex must be one of \['Persons'\]; got 'Male'$"):
        to_indicator_frame(frame, age="All ages", sex="Male")
    with pytest.raises(ArgumentError, match=r"^confidence must be 0.95 or 0.998 \(the intervals Fingertips "
                                            r"publishes\); got 95$"):
        to_indicator_frame(frame, age="All ages", confidence=95)
    with pytest.raises(ArgumentError, match=r"^frame must be a frame of read_fingertips_csv"):
        to_indicator_frame(frame.drop(columns="note"))
    gp = frame.assign(area_code=frame["area_code"].where(frame.index != 5, "A81001"))
    with pytest.raises(ArgumentError, match=r"^area codes must be GSS codes in an indicator frame \(filter the other "
                                            r"areas out first\); got 'A81001'$"):
        to_indicator_frame(gp, age="All ages")


def test_to_indicator_frame_does_not_mutate(frame):
    before = frame.copy()
    to_indicator_frame(frame, age="0-9 yrs", confidence=0.998)
    pd.testing.assert_frame_equal(frame, before)


# --- other layouts ----------------------------------------------------------------------------------------------------

def test_parent_column_names_vary_but_ours_do_not(tmp_path):
    for label in ("Compared to Counties & UAs (from Apr 2021) value or percentiles", "Compared to percentiles",
                  "Compared to parent value or percentiles"):
        header = HEADER.replace("Compared to Region value or percentiles", label) + ",Time period range"
        out = read_fingertips_csv(_csv(tmp_path, [ENGLAND, WORCS + ",,1y"], header=header, newline="\n"))
        assert list(out.columns) == FINGERTIPS_COLUMNS
        assert out["compared_to_parent"].tolist() == ["Not compared", "Worse"], label


def test_optional_columns_may_be_absent_and_codes_need_not_be_gss(tmp_path):
    header = ("Indicator ID,Indicator Name,Area Code,Area Name,Area Type,Sex,Age,Category Type,Category,Time period,"
              "Value,Lower CI 95.0 limit,Upper CI 95.0 limit,Count,Denominator,Value note")
    rows = ["90000,Some indicator,A81001,A GP practice,GPs,Persons,All ages,,,2019/20,12.5,10,15,5,40,",
            "90000,Some indicator,E38000001,An old CCG,CCGs (pre 4/2017),Female,18+ yrs,,,2019/20,,,,,,Suppressed"]
    out = read_fingertips_csv(_csv(tmp_path, rows, header=header))
    assert out["area_code"].tolist() == ["A81001", "E38000001"]
    assert out["period"].tolist() == ["2019/20", "2019/20"]
    assert out["parent_code"].isna().all() and out["compared_to_parent"].isna().all()
    assert np.isnan(out["period_sortable"]).all() and not out["new_data"].any()
    assert np.isnan(out.loc[1, "value"]) and out.loc[1, "note"] == "Suppressed"


def test_header_only_gives_an_empty_frame(tmp_path):
    out = read_fingertips_csv(_csv(tmp_path, []))
    assert out.empty and list(out.columns) == FINGERTIPS_COLUMNS


# --- bad input --------------------------------------------------------------------------------------------------------

def test_every_bad_cell_at_once(tmp_path):
    bad = [
        WORCS.replace("128.1187130501", "lots").replace("E10000034", "E10000024"),      # row 2
        WORCS.replace(",747,", ",-3,").replace("E10000034", "E10000031"),                # row 3
        WORCS.replace("E10000034", "Worcestershire").replace("E12000005", "E12 000005"),  # row 4
        WORCS.replace("E10000034", "6.00E+06"),                                         # row 5
        WORCS.replace("E10000034", ""),                                                 # row 6
        WORCS.replace("New data", "yes").replace("E10000034", "E10000028"),             # row 7
        WORCS.replace("137.645287929514", "inf").replace("E10000034", "E10000029"),     # row 8
        WORCS,                                                                          # row 9
        WORCS,                                                                          # row 10: repeats row 9
        WORCS.replace("93356", "93356.5").replace("E10000034", "E10000030"),            # row 11
        WORCS.replace("All ages,,,", "All ages,IMD deciles,,").replace("E10000034", "E10000032"),  # row 12
    ]
    path = _csv(tmp_path, bad)
    with pytest.raises(InputError) as info:
        read_fingertips_csv(path)
    failures = info.value.failures
    got = [(row, None if pd.isna(column) else column, value)
           for row, column, value in zip(failures["row"], failures["column"], failures["got"])]
    assert got == [
        (11, "Indicator ID", "93356.5"),
        (6, "Area Code", ""),
        (4, "Area Code", "Worcestershire"),
        (5, "Area Code", "6.00E+06"),
        (4, "Parent Code", "E12 000005"),
        (12, "Category", ""),
        (2, "Value", "lots"),
        (8, "Upper CI 95.0 limit", "inf"),
        (3, "Count", "-3"),
        (7, "New data", "yes"),
        (10, None, "a repeat of row 9"),
    ]
    message = str(info.value).splitlines()
    assert message[0] == (f"{path}, row 11, column 'Indicator ID': expected a Fingertips indicator ID (a whole "
                          f"number); got '93356.5'")
    assert message[1] == f"{path}, row 6, column 'Area Code': expected a value in every row; got ''"
    assert message[2] == (f"{path}, row 4, column 'Area Code': expected an area code such as E06000001 (letters and "
                          f"digits, no spaces); got 'Worcestershire'")
    assert message[5] == (f"{path}, row 12, column 'Category': expected a Category with its Category Type (both or "
                          f"neither); got ''")
    assert message[6] == f"{path}, row 2, column 'Value': expected a number or a blank cell; got 'lots'"
    assert message[8] == f"{path}, row 3, column 'Count': expected a number of 0 or more, or a blank cell; got '-3'"
    assert message[9] == f"{path}, row 7, column 'New data': expected 'New data' or a blank cell; got 'yes'"
    assert message[10] == "... and 1 more (see .failures)"
    assert str(failures.iloc[10]["expected"]) == ("one row per indicator, area, sex, age, category type, category and "
                                                 "time period")


def test_category_type_without_category_and_the_reverse(tmp_path):
    rows = [WORCS.replace("All ages,,,", "All ages,,Most deprived decile,")]
    with pytest.raises(InputError, match=r"row 2, column 'Category Type': expected a Category Type with its Category "
                                         r"\(both or neither\); got ''$"):
        read_fingertips_csv(_csv(tmp_path, rows))


def test_duplicates_after_code_translation(tmp_path):
    # North Yorkshire under its county and its unitary code is the same area twice.
    rows = [WORCS.replace("E10000034", "E10000023"), WORCS.replace("E10000034", "E06000065")]
    with pytest.raises(InputError) as info:
        read_fingertips_csv(_csv(tmp_path, rows))
    assert str(info.value).endswith("row 3: expected one row per indicator, area, sex, age, category type, category "
                                    "and time period; got 'a repeat of row 2'")


def test_missing_columns(tmp_path):
    header = HEADER.replace("Area Code,", "").replace(",Count,", ",Number,")
    path = _csv(tmp_path, [], header=header)
    with pytest.raises(InputError) as info:
        read_fingertips_csv(path)
    assert info.value.failures["column"].tolist() == ["Area Code", "Count"]
    assert str(info.value).startswith(f"{path}, row 1, column 'Area Code': expected this column in the header; "
                                      f"got \"header ['Indicator ID', 'Indicator Name', 'Parent Code'")


def test_two_parent_comparisons(tmp_path):
    header = HEADER + ",Compared to percentiles"
    with pytest.raises(InputError, match=r"row 1, column 'Compared to percentiles': expected one column comparing "
                                         r"with the parent area; got \"columns \['Compared to Region value or "
                                         r"percentiles', 'Compared to percentiles'\]\"$"):
        read_fingertips_csv(_csv(tmp_path, [ENGLAND], header=header))


def test_rows_too_long_or_cut_short(tmp_path):
    path = _csv(tmp_path, [ENGLAND + ",,extra", WORCS, "93356,Campylobacter,E12000005,West Midlands region,E10000034"])
    with pytest.raises(InputError) as info:
        read_fingertips_csv(path)
    assert str(info.value).splitlines() == [
        f"{path}, row 2: expected at most 26 cells, as in the header; got '27 cells'",
        f"{path}, row 4: expected at least 20 cells (up to 'Value note'); got '5 cells'",
    ]


def test_empty_unreadable_and_malformed_files(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"\r\n")
    with pytest.raises(InputError, match=r"empty.csv: expected a Fingertips CSV file with a header row; got 'an empty "
                                         r"file'$"):
        read_fingertips_csv(empty)
    with pytest.raises(InputError, match=r"missing.csv: expected a readable file; got .*No such file"):
        read_fingertips_csv(tmp_path / "missing.csv")
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes(("\r\n".join([HEADER, WORCS]) + "\r\n").encode("utf-16"))
    with pytest.raises(InputError, match=r"utf16.csv: expected a CSV text file \(UTF-8 or Latin-1\); got 'binary data "
                                         r"\(NUL bytes: a UTF-16 text or a spreadsheet file\?\)'$"):
        read_fingertips_csv(utf16)
    huge = _csv(tmp_path, [WORCS.replace("Worcestershire", "W" * 200_000)], name="huge.csv")
    with pytest.raises(InputError, match=r"huge.csv: expected a well-formed CSV file; got 'field larger than field "
                                         r"limit \(131072\)'$"):
        read_fingertips_csv(huge)


# --- the live API, never touched --------------------------------------------------------------------------------------

GOOD = ("\r\n".join([HEADER, ENGLAND, WORCS]) + "\r\n").encode()


class FakeResponse:
    def __init__(self, content=GOOD, status_code=200, error=None):
        self.content = content
        self.status_code = status_code
        self._error = error

    def raise_for_status(self):
        if self._error is not None:
            raise self._error


class FakeSession:
    """Stands in for requests.Session: records each call, returns or raises what it is given."""

    def __init__(self, reply=None, raises=None):
        self.calls = []
        self.reply = reply if reply is not None else FakeResponse()
        self.raises = raises

    def get(self, url, **kwargs):
        self.calls.append((url, kwargs))
        if self.raises is not None:
            raise self.raises
        return self.reply


def _files(folder):
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_fetch_downloads_once_then_uses_the_cache(tmp_path):
    session = FakeSession()
    cache = tmp_path / "cache"
    first = fetch_fingertips(93356, 402, cache_dir=cache, session=session, timeout=5)
    assert len(session.calls) == 1
    url, kwargs = session.calls[0]
    assert url == "https://fingertips.phe.org.uk/api/all_data/csv/by_indicator_id"
    assert kwargs == {"params": {"indicator_ids": "93356", "child_area_type_id": "402"}, "timeout": 5,
                      "verify": True}
    assert _files(cache) == ["fingertips_93356_402.data.csv"]
    assert (cache / "fingertips_93356_402.data.csv").read_bytes() == GOOD
    second = fetch_fingertips(93356, 402, cache_dir=cache, session=session)
    assert len(session.calls) == 1  # a fresh cache hit does not touch the network
    pd.testing.assert_frame_equal(first, second)
    assert first["value"].tolist() == pytest.approx([96.6109417215551, 128.1187130501])
    # Another query is another cache file.
    fetch_fingertips(93356, 402, parent_area_type_id=15, cache_dir=cache, session=session)
    assert session.calls[-1][1]["params"]["parent_area_type_id"] == "15"
    assert _files(cache) == ["fingertips_93356_402.data.csv", "fingertips_93356_402_15.data.csv"]


def test_fetch_a_stale_cache_is_downloaded_again(tmp_path):
    session = FakeSession()
    fetch_fingertips(93356, 402, cache_dir=tmp_path, session=session)
    cached = tmp_path / "fingertips_93356_402.data.csv"
    eight_days_ago = time.time() - 8 * 86400
    os.utime(cached, (eight_days_ago, eight_days_ago))
    fetch_fingertips(93356, 402, cache_dir=tmp_path, session=session)
    assert len(session.calls) == 2
    fetch_fingertips(93356, 402, cache_dir=tmp_path, session=session, max_age_days=0)
    assert len(session.calls) == 3


def test_fetch_timeout_leaves_no_cache(tmp_path):
    requests = pytest.importorskip("requests")
    session = FakeSession(raises=requests.exceptions.ConnectTimeout("timed out"))
    with pytest.raises(DownloadError) as info:
        fetch_fingertips(93356, 402, cache_dir=tmp_path / "cache", session=session)
    assert str(info.value) == (
        "could not download Fingertips indicator 93356 for area type 402 from "
        "https://fingertips.phe.org.uk/api/all_data/csv/by_indicator_id?indicator_ids=93356&child_area_type_id=402: "
        "ConnectTimeout: timed out")
    assert isinstance(info.value, JsnakitError) and isinstance(info.value, OSError)
    assert _files(tmp_path / "cache") == []


def test_fetch_http_error_keeps_the_old_cache(tmp_path):
    requests = pytest.importorskip("requests")
    cached = tmp_path / "fingertips_93356_402.data.csv"
    fetch_fingertips(93356, 402, cache_dir=tmp_path, session=FakeSession())
    os.utime(cached, (0, 0))
    failing = FakeSession(FakeResponse(b"oops", 503, requests.HTTPError("503 Server Error: Service Unavailable")))
    with pytest.raises(DownloadError, match=r"area type 402 from https://.*: HTTPError: 503 Server Error: Service "
                                            r"Unavailable \(an older copy is at .*fingertips_93356_402.data.csv\)$"):
        fetch_fingertips(93356, 402, cache_dir=tmp_path, session=failing)
    assert cached.read_bytes() == GOOD and _files(tmp_path) == [cached.name]


def test_fetch_status_and_empty_reply(tmp_path):
    with pytest.raises(DownloadError, match=r"402 from https://\S+: HTTP status 204$"):
        fetch_fingertips(93356, 402, cache_dir=tmp_path, session=FakeSession(FakeResponse(b"", 204)))
    with pytest.raises(DownloadError, match=r"402 from https://\S+: the server sent an empty reply$"):
        fetch_fingertips(93356, 402, cache_dir=tmp_path, session=FakeSession(FakeResponse(b"  \r\n")))
    with pytest.raises(DownloadError, match=r"OSError: Network is unreachable$"):
        fetch_fingertips(93356, 402, cache_dir=tmp_path, session=FakeSession(raises=OSError("Network is unreachable")))
    assert _files(tmp_path) == []


def test_fetch_malformed_reply_is_an_input_error_and_not_cached(tmp_path):
    page = FakeSession(FakeResponse(b"<html><body>Service maintenance</body></html>"))
    with pytest.raises(InputError) as info:
        fetch_fingertips(93356, 402, cache_dir=tmp_path, session=page)
    assert str(info.value).startswith(
        "https://fingertips.phe.org.uk/api/all_data/csv/by_indicator_id?indicator_ids=93356&child_area_type_id=402, "
        "row 1, column 'Indicator ID': expected this column in the header; got \"header ['<html><body>Service")
    assert _files(tmp_path) == []


def test_fetch_failed_write_leaves_no_partial_file(tmp_path, monkeypatch):
    def broken_replace(src, dst):
        raise OSError("disk full")

    from jsnakit.core import files as _io

    monkeypatch.setattr(_io.os, "replace", broken_replace)  # the cache is written by jsnakit.core.files.atomic_write
    with pytest.raises(OSError, match="disk full"):
        fetch_fingertips(93356, 402, cache_dir=tmp_path, session=FakeSession())
    assert _files(tmp_path) == []


def test_fetch_without_requests(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "requests", None)  # import requests now raises ImportError
    with pytest.raises(MissingDependencyError, match=r"^fetch_fingertips needs the 'requests' package: pip install "
                                                     r"'jsnakit\[fingertips\]' \(or read a downloaded export with "
                                                     r"read_fingertips_csv\)$") as info:
        fetch_fingertips(93356, 402, cache_dir=tmp_path)
    assert isinstance(info.value, ImportError)
    # A fresh cache needs neither requests nor the network.
    (tmp_path / "fingertips_93356_402.data.csv").write_bytes(GOOD)
    assert len(fetch_fingertips(93356, 402, cache_dir=tmp_path)) == 2


def test_session_retries_with_backoff_and_verifies_tls():
    requests = pytest.importorskip("requests")
    session = fingertips._session(4)
    assert isinstance(session, requests.Session) and session.verify is True
    retry = session.get_adapter("https://fingertips.phe.org.uk/api").max_retries
    assert retry.total == 4 and retry.backoff_factor == 0.5
    assert set(retry.status_forcelist) == {429, 500, 502, 503, 504}


@pytest.mark.parametrize("kwargs, message", [
    ({"indicator_id": "93356"}, "indicator_id must be a Fingertips ID (a whole number above 0); got '93356'"),
    ({"area_type_id": 0}, "area_type_id must be a Fingertips ID (a whole number above 0); got 0"),
    ({"parent_area_type_id": True}, "parent_area_type_id must be a Fingertips ID (a whole number above 0); got True"),
    ({"max_age_days": -1}, "max_age_days must be a number of days of 0 or more; got -1"),
    ({"timeout": 0}, "timeout must be a number of seconds above 0; got 0"),
    ({"retries": 1.5}, "retries must be a whole number of 0 or more; got 1.5"),
])
def test_fetch_argument_errors(tmp_path, kwargs, message):
    arguments = {"indicator_id": 93356, "area_type_id": 402, "cache_dir": tmp_path, "session": FakeSession()}
    arguments.update(kwargs)
    with pytest.raises(ArgumentError) as info:
        fetch_fingertips(**arguments)
    assert str(info.value) == message


def test_header_case_and_spaces_are_tolerated_and_named_as_written(tmp_path):
    header = HEADER.replace("Area Code", "AREA  CODE").replace("Indicator ID", "indicator id")
    path = _csv(tmp_path, [ENGLAND, WORCS.replace("E10000034", "Worcs")], header=header)
    with pytest.raises(InputError) as info:
        read_fingertips_csv(path)
    assert str(info.value) == (f"{path}, row 3, column 'AREA  CODE': expected an area code such as E06000001 "
                               f"(letters and digits, no spaces); got 'Worcs'")
