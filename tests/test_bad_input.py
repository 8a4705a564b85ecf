"""Bad input is never skipped (issue 14, item 2): ``jsnakit data check`` lists every file it cannot read as bad with
the reason, refuses two files that give one figure different values, and reports implausible values (a negative
count, a part above its total, plans above the population of their age) with file, row and column.

Every fixture is built in ``tmp_path`` from a few rows of a real published file (``../shared/data/real``, see its
PROVENANCE.md) or of the synthetic samples; nothing is copied into the repository.
"""
from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest

from jsnakit import catalog, cli
from jsnakit.catalog import SOURCES, Catalog
from jsnakit.core.errors import InputError
from jsnakit.sources import dfe, ons

from conftest import SAMPLES

CASELOAD_2025 = Path("dfe_ehc_plans_2025") / "caseload.csv"


# -- helpers -------------------------------------------------------------------------------------------------------

def _rows(path: Path) -> list[list[str]]:
    """A published CSV as rows of cells (header first), BOM dropped."""
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def _write(path: Path, rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def _find(rows: list[list[str]], **cells) -> int:
    """Index in ``rows`` of the first data row whose named cells hold the values given (spreadsheet row = index + 1)."""
    header = rows[0]
    for i, row in enumerate(rows[1:], start=1):
        if all(row[header.index(c)] == v for c, v in cells.items()):
            return i
    raise AssertionError(f"no row with {cells}")


def _set(rows: list[list[str]], index: int, column: str, value: str) -> None:
    rows[index][rows[0].index(column)] = value


def _report(folder: Path) -> pd.DataFrame:
    return catalog.check(folder, cache_dir=False)


def _row(report: pd.DataFrame, path: str, source: str = "") -> pd.Series:
    found = report[(report["path"] == path) & (report["source"] == source)]
    assert len(found) == 1, report[["path", "source", "status"]].to_string()
    return found.iloc[0]


def _exit_status(folder: Path, capsys) -> int:
    status = cli.main(["data", "check", str(folder), "--no-cache"])
    capsys.readouterr()
    return status


def _caseload_rows(real: Path, lines: int = 31) -> list[list[str]]:
    """The header and first rows of the real SEN2 caseload (2025 release)."""
    return _rows(real / CASELOAD_2025)[:lines]


# -- 1. files jsnakit cannot read are bad, with the reason ------------------------------------------------------------

@pytest.mark.parametrize("suffix, words", [
    (".csv", "a CSV file"), (".xlsx", "an Excel workbook"), (".xls", "an Excel workbook"),
    (".parquet", "a parquet file"), (".json", "a JSON file"), (".geojson", "a GeoJSON file"),
])
def test_an_empty_file_with_a_data_suffix_is_bad(tmp_path, capsys, suffix, words):
    path = tmp_path / f"download{suffix}"
    path.write_bytes(b"")
    row = _row(_report(tmp_path), path.name)
    assert row["status"] == "bad"
    assert row["problems"] == f"{path}: expected {words} with data; got 'an empty file (0 bytes)'"
    assert _exit_status(tmp_path, capsys) == 1


@pytest.mark.parametrize("content, got", [
    (bytes(range(256)) * 16, "binary data"),
    (b"<!DOCTYPE html>\n<html><body>Sign in to continue</body></html>\n", "an HTML page (a failed download?)"),
])
def test_a_binary_file_or_a_web_page_named_csv_is_bad(tmp_path, capsys, content, got):
    path = tmp_path / "caseload.csv"
    path.write_bytes(content)
    row = _row(_report(tmp_path), "caseload.csv")
    assert row["status"] == "bad"
    assert row["problems"] == f"{path}: expected a CSV file (text); got {got!r}"
    assert _exit_status(tmp_path, capsys) == 1


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])  # with a byte-order mark, and without
def test_a_utf16_csv_of_a_known_publication_is_bad(real, tmp_path, capsys, encoding):
    path = _write(tmp_path / "caseload.csv", _caseload_rows(real), encoding=encoding)
    row = _row(_report(tmp_path), "caseload.csv", "ehc_caseload")
    assert row["status"] == "bad" and row["title"] == SOURCES["ehc_caseload"].title
    assert row["problems"] == (f"{path}: expected a CSV file of UTF-8 text (in Excel: Save As 'CSV UTF-8'); "
                               f"got 'UTF-16 text'")
    assert _exit_status(tmp_path, capsys) == 1


def test_a_semicolon_separated_csv_of_a_known_publication_is_bad(real, tmp_path, capsys):
    path = _write(tmp_path / "caseload.csv", _caseload_rows(real), delimiter=";")
    report = _report(tmp_path)
    assert len(report) == 1                                   # one kind: the caseload, nothing else
    row = _row(report, "caseload.csv", "ehc_caseload")
    assert row["status"] == "bad"
    assert row["problems"] == f"{path}: expected a CSV separated by commas (UTF-8); got 'a file separated by semicolons'"
    assert _exit_status(tmp_path, capsys) == 1


def _small_parquet(path: Path) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"Short Desc": ["KS2"] * 50, "Years": ["2024"] * 50, "LA Number": ["206"] * 50,
                      "Values": [float(i) for i in range(50)]})
    pq.write_table(table, path)
    return path


@pytest.mark.parametrize("origin", ["real", "written"])
def test_a_truncated_parquet_file_is_bad(tmp_path, capsys, origin):
    from conftest import REAL

    if origin == "real":
        source = REAL / "dfe_lait" / "bds_long_0.parquet"
        if not source.exists():
            pytest.skip(f"{source} is not here")
        raw = source.read_bytes()
    else:
        raw = _small_parquet(tmp_path / "whole.parquet").read_bytes()
        (tmp_path / "whole.parquet").unlink()
    path = tmp_path / "bds_long_0.parquet"
    path.write_bytes(raw[: len(raw) // 2])
    row = _row(_report(tmp_path), "bds_long_0.parquet")
    assert row["status"] == "bad"
    assert row["problems"].startswith(f"{path}: expected a parquet file, as its suffix says; got 'a damaged or "
                                      f"truncated parquet file (")
    assert _exit_status(tmp_path, capsys) == 1


@pytest.mark.parametrize("rel, where", [
    ("ons_mye/ukpopestimatesmid2021on2021geographyfinal.xls", "real"),           # legacy .xls (OLE)
    ("ons_mye/ukpopestimatesmid2024on2023geography.xlsx", "samples"),            # .xlsx (zip)
])
def test_a_truncated_workbook_is_bad(tmp_path, capsys, rel, where):
    from conftest import REAL

    source = (REAL if where == "real" else SAMPLES) / rel
    if not source.exists():
        pytest.skip(f"{source} is not here")
    raw = source.read_bytes()
    path = tmp_path / source.name
    path.write_bytes(raw[: len(raw) // 2])
    row = _row(_report(tmp_path), source.name)
    assert row["status"] == "bad"
    assert row["problems"].startswith(f"{path}: expected an Excel workbook, as its suffix says; got 'a damaged or "
                                      f"truncated workbook (")
    assert _exit_status(tmp_path, capsys) == 1


def test_a_csv_of_a_known_publication_renamed_xlsx_is_bad(real, tmp_path, capsys):
    path = _write(tmp_path / "caseload.xlsx", _caseload_rows(real))
    row = _row(_report(tmp_path), "caseload.xlsx", "ehc_caseload")
    assert row["status"] == "bad"
    assert row["problems"] == (f"{path}: expected an Excel workbook, as its suffix .xlsx says; "
                               f"got 'a CSV file (text) named .xlsx: rename it .csv'")
    assert _exit_status(tmp_path, capsys) == 1


def test_a_known_publication_without_its_count_column_is_bad_not_unrecognised(real, tmp_path, capsys):
    rows = _caseload_rows(real)
    drop = rows[0].index("ehcplans")
    cut = [r[:drop] + r[drop + 1:] for r in rows]
    path = _write(tmp_path / "caseload.csv", cut)
    report = _report(tmp_path)
    header = repr(f"header {cut[0]}")
    # The header is a caseload's without ``ehcplans``, and equally a new-plans file's without ``new_ehc_plans``
    # (the two share every other column): both are said, each with the column it lacks.
    caseload = _row(report, "caseload.csv", "ehc_caseload")
    assert caseload["status"] == "bad"
    assert caseload["problems"] == f"{path}, row 1, column 'ehcplans': expected this column in the header; got {header}"
    new_plans = _row(report, "caseload.csv", "ehc_new_plans")
    assert new_plans["status"] == "bad"
    assert new_plans["problems"] == (f"{path}, row 1, column 'new_ehc_plans': expected this column in the header; "
                                     f"got {header}")
    assert set(report["status"]) == {"bad"}
    assert _exit_status(tmp_path, capsys) == 1


def test_a_known_publication_without_its_area_code_is_bad(real, tmp_path, capsys):
    rows = _caseload_rows(real)
    drop = rows[0].index("new_la_code")
    cut = [r[:drop] + r[drop + 1:] for r in rows]
    path = _write(tmp_path / "caseload.csv", cut)
    row = _row(_report(tmp_path), "caseload.csv", "ehc_caseload")
    assert row["status"] == "bad"
    assert row["problems"] == (f"{path}, row 1, column 'new_la_code': expected this column in the header; "
                               f"got {repr(f'header {cut[0]}')}")
    assert _exit_status(tmp_path, capsys) == 1


def test_timeliness_without_plans_in_20_weeks_is_bad(real, tmp_path, capsys):
    rows = _rows(real / "dfe_ehc_plans_2025" / "timeliness_20_week.csv")[:21]
    drop = rows[0].index("plans_issued_within_20_weeks")
    cut = [r[:drop] + r[drop + 1:] for r in rows]
    path = _write(tmp_path / "timeliness.csv", cut)
    report = _report(tmp_path)
    assert len(report) == 1
    row = _row(report, "timeliness.csv", "ehc_timeliness")
    assert row["status"] == "bad"
    assert row["problems"] == (f"{path}, row 1, column 'plans_issued_within_20_weeks': expected this column in the "
                               f"header; got {repr(f'header {cut[0]}')}")
    assert _exit_status(tmp_path, capsys) == 1


def _renamed_mye(path: Path, rename: dict) -> list[str]:
    import openpyxl

    book = openpyxl.load_workbook(SAMPLES / "ons_mye" / "ukpopestimatesmid2024on2023geography.xlsx")
    for sheet in book.worksheets:
        sheet.title = rename.get(sheet.title, sheet.title)
    book.save(path)
    return book.sheetnames


def test_an_mye_workbook_with_renamed_sheets_is_bad(tmp_path, capsys):
    path = tmp_path / "ukpopestimatesmid2024on2023geography.xlsx"
    sheets = _renamed_mye(path, {"MYE2 - Persons": "Persons", "MYE2 - Males": "Males", "MYE2 - Females": "Females"})
    row = _row(_report(tmp_path), path.name, "population")
    assert row["status"] == "bad"
    assert row["problems"] == (f"{path}, column 'MYE2 - Persons': expected a sheet named 'MYE2 - Persons' (and "
                               f"'MYE2 - Males', 'MYE2 - Females'), as ONS names them; got {repr(f'sheets {sheets}')}")
    assert _exit_status(tmp_path, capsys) == 1


def test_an_mye_workbook_without_its_persons_sheet_is_an_input_error(tmp_path, capsys):
    path = tmp_path / "ukpopestimatesmid2024on2023geography.xlsx"
    sheets = _renamed_mye(path, {"MYE2 - Persons": "All people"})
    expected = (f"{path}, column 'MYE2 - Persons': expected a sheet named 'MYE2 - Persons' (both sexes); "
                f"got {repr(f'sheets {sheets}')}")
    with pytest.raises(InputError) as err:
        ons.read_mid_year_estimates(path)
    assert str(err.value) == expected
    assert _row(_report(tmp_path), path.name, "population")["status"] == "bad"
    assert _exit_status(tmp_path, capsys) == 1


def test_a_truncated_json_file_is_bad(tmp_path, capsys):
    path = tmp_path / "service_list.json"
    path.write_text('{"total_items": 10, "contents": [{"id": "1", "name"')
    row = _row(_report(tmp_path), "service_list.json")
    assert row["status"] == "bad"
    assert row["problems"] == (f"{path}: expected a JSON file that is well-formed JSON; "
                               f"got \"Expecting ':' delimiter: line 1 column 52 (char 51) (is it truncated?)\"")
    assert _exit_status(tmp_path, capsys) == 1


def test_readable_files_that_are_not_inputs_stay_unrecognised(real, tmp_path, capsys):
    shutil.copy(real / "openreferral_uk" / "schema" / "service.json", tmp_path / "service.json")   # a JSON schema
    (tmp_path / "budget.csv").write_text("line,amount\nTransport,120\n")                         # an unrelated CSV
    (tmp_path / "notes.xlsx").write_text("not really a workbook")                                # text, not a known CSV
    (tmp_path / "prices.csv").write_text("item;price\nbus;2\n")                                  # semicolons, unknown
    pd.DataFrame({"a": [1]}).to_excel(tmp_path / "other.xlsx", index=False)                     # an unrelated workbook
    report = _report(tmp_path).set_index("path")
    assert report["status"].to_dict() == {name: "unrecognised" for name in
                                          ["budget.csv", "notes.xlsx", "other.xlsx", "prices.csv", "service.json"]}
    assert (report["problems"] == "").all()
    assert _exit_status(tmp_path, capsys) == 0


# -- 2. two files that give one figure different values ---------------------------------------------------------------

def _all_plans_2025(real: Path) -> list[list[str]]:
    """The all-plans rows of January 2025 of the real caseload, header first (Islington: 2,119 plans)."""
    rows = _rows(real / CASELOAD_2025)
    header = rows[0]
    keep = [r for r in rows[1:] if r[0] == "202425" and r[header.index("breakdown_topic")] == "All EHC plans"]
    return [header] + keep


def test_two_copies_of_one_release_that_disagree_are_refused(real, tmp_path, capsys):
    rows = _all_plans_2025(real)
    a = _write(tmp_path / "caseload.csv", rows)
    islington = _find(rows, la_name="Islington")
    assert rows[islington][rows[0].index("ehcplans")] == "2119"          # caseload.csv: Islington, January 2025
    _set(rows, islington, "ehcplans", "2120")
    b = _write(tmp_path / "caseload_copy.csv", rows)
    with pytest.raises(InputError) as err:
        Catalog(tmp_path, cache_dir=False).load("ehc_caseload")
    why = "a copy of the same release: DfE revises a figure only in a later release"
    first = (f"{b}: expected the same figures as {a} ({why}); "
             f"got 'a different ehc_plans for E09000019 Islington in 2024/25'")
    assert str(err.value).splitlines()[0] == first
    assert err.value.failures["file"].tolist() == [str(b), str(b)]      # and the placements left, worked out from it
    assert err.value.failures["got"].tolist()[1] == ("a different ehc_plans (placement: Placement unknown, awaiting "
                                                     "provision or other) for E09000019 Islington in 2024/25")
    assert "2119" not in str(err.value) and "2120" not in str(err.value)
    report = _report(tmp_path)
    for name in ("caseload.csv", "caseload_copy.csv"):
        row = _row(report, name, "ehc_caseload")
        assert row["status"] == "bad"
        assert row["problems"].splitlines()[0] == first
    assert _exit_status(tmp_path, capsys) == 1


def test_identical_copies_are_read_once(real, tmp_path, capsys):
    rows = _all_plans_2025(real)
    _write(tmp_path / "caseload.csv", rows)
    _write(tmp_path / "caseload_copy.csv", rows)
    (tmp_path / "one").mkdir()
    _write(tmp_path / "one" / "caseload.csv", rows)
    both = Catalog(tmp_path, cache_dir=False).load("ehc_caseload")
    one = Catalog(tmp_path / "one", cache_dir=False).load("ehc_caseload")
    pd.testing.assert_frame_equal(both, one)
    shutil.rmtree(tmp_path / "one")
    assert set(_report(tmp_path)["status"]) == {"ok"}
    assert _exit_status(tmp_path, capsys) == 0


def test_a_later_release_that_revises_a_figure_wins(real, tmp_path):
    # sen2_age_caseload.csv (2022 release) and caseload.csv (2025 release) both give January 2022 (2021/22);
    # DfE revises earlier years in each release, so a different figure in the older release is no conflict.
    old = _rows(real / "dfe_ehc_plans_2022" / "sen2_age_caseload.csv")
    england = _find(old, time_period="2022", geographic_level="National", characteristic_age="Total")
    _set(old, england, "Total_all", "473000")
    _set(old, england, "Total_ehc", "473000")
    _write(tmp_path / "sen2_age_caseload.csv", old)
    _write(tmp_path / "caseload.csv", _rows(real / CASELOAD_2025))
    plans = Catalog(tmp_path, cache_dir=False).load("ehc_caseload")
    jan_2022 = plans[(plans["area_code"] == "E92000001") & (plans["breakdown"] == "All") & (plans["period"] == "2021/22")]
    assert jan_2022["count"].tolist() == [473255.0]                       # caseload.csv, time_period 202122
    assert jan_2022["source"].str.endswith("2025 release").all()


def test_two_copies_of_a_needs_file_that_disagree_by_age_are_refused(real, tmp_path, capsys):
    rows = _rows(real / "dfe_ehc_plans_2025" / "sen_needs_all_plans.csv")[:1001]
    a = _write(tmp_path / "needs.csv", rows)
    derbyshire_10 = _find(rows, la_name="Derbyshire", breakdown="age 10")          # row 971: 218 of 483 ASD
    assert derbyshire_10 + 1 == 971
    _set(rows, derbyshire_10, "number_asd", "217")
    b = _write(tmp_path / "needs_copy.csv", rows)
    report = _report(tmp_path)
    # The need by age differs (ehc_needs_by_age, stacked from both files); the all-plans rows agree (ehc_needs).
    expected = (f"{b}: expected the same figures as {a} (another file of {SOURCES['ehc_needs_by_age'].title}); "
                f"got 'a different measure ehc_plans, need Autistic spectrum disorder, breakdown age, category 10 "
                f"for E10000007 Derbyshire in 2024/25'")
    for name in ("needs.csv", "needs_copy.csv"):
        assert _row(report, name, "ehc_needs_by_age")["status"] == "bad"
        assert _row(report, name, "ehc_needs_by_age")["problems"] == expected
        assert _row(report, name, "ehc_needs")["status"] == "ok"
    assert _exit_status(tmp_path, capsys) == 1


def _edit_mye(source: Path, target: Path, sheet: str, row: int, column: int, value) -> None:
    import openpyxl

    book = openpyxl.load_workbook(source)
    book[sheet].cell(row=row, column=column, value=value)
    book.save(target)


def test_two_population_workbooks_of_one_mid_year_that_disagree_are_refused(tmp_path, capsys):
    source = SAMPLES / "ons_mye" / "ukpopestimatesmid2024on2023geography.xlsx"
    a = tmp_path / source.name
    shutil.copy(source, a)
    b = tmp_path / "ukpopestimatesmid2024on2023geography_copy.xlsx"
    # MYE2 - Persons, row 11: County Durham (E06000047); column 12 is age 7 (Code, Name, Geography, All ages, 0...).
    _edit_mye(source, b, "MYE2 - Persons", 11, 12, 3001)
    with pytest.raises(InputError) as err:
        Catalog(tmp_path, cache_dir=False).load("population")
    assert str(err.value) == (f"{b}: expected the same figures as {a} (another file of {SOURCES['population'].title}); "
                              f"got 'a different sex persons, age 7 for E06000047 County Durham in 2024'")
    report = _report(tmp_path)
    assert _row(report, a.name, "population")["status"] == "bad"
    assert _row(report, b.name, "population")["status"] == "bad"
    assert _exit_status(tmp_path, capsys) == 1


# -- 3. implausible values --------------------------------------------------------------------------------------------

def test_a_need_above_all_plans_of_its_row_is_bad_input(real, tmp_path, capsys):
    rows = _rows(real / "dfe_ehc_plans_2025" / "sen_needs_all_plans.csv")[:1001]
    derbyshire = _find(rows, la_name="Derbyshire", breakdown_topic="All EHC plans")     # row 970: 7,625 plans
    assert derbyshire + 1 == 970 and rows[derbyshire][rows[0].index("ehc_plans")] == "7625"
    _set(rows, derbyshire, "number_asd", "7626")
    path = _write(tmp_path / "sen_needs_all_plans.csv", rows)
    expected = (f"{path}, row 970, column 'number_asd': expected no more than 'ehc_plans' in the same row, of which it "
                f"is a part; got a count above 'ehc_plans'")
    for reader in (dfe.read_ehc_needs, dfe.read_ehc_needs_by_age):
        with pytest.raises(InputError) as err:
            reader(path)
        assert str(err.value) == expected
        assert "7625" not in str(err.value) and "7626" not in str(err.value)  # neither count is quoted (issue 15)
    report = _report(tmp_path)
    for name in ("ehc_needs", "ehc_needs_by_age"):
        row = _row(report, "sen_needs_all_plans.csv", name)
        assert row["status"] == "bad" and row["problems"] == expected
    assert _exit_status(tmp_path, capsys) == 1


def test_plans_issued_in_time_above_plans_issued_are_bad_input(real, tmp_path, capsys):
    rows = _rows(real / "dfe_ehc_plans_2025" / "timeliness_20_week.csv")[:601]
    first = _find(rows, la_name="Islington", time_period="2019", breakdown_topic="All EHC plans issued")   # row 101
    second = _find(rows, la_name="Islington", time_period="2021", breakdown_topic="All EHC plans issued")  # row 424
    assert (first + 1, second + 1) == (101, 424)
    _set(rows, first, "plans_issued_within_20_weeks", "158")          # plans_issued_den 157
    _set(rows, second, "plans_issued_20_weeks_ex", "226")             # plans_issued_den_ex 225
    path = _write(tmp_path / "timeliness_20_week.csv", rows)
    with pytest.raises(InputError) as err:
        dfe.read_ehc_timeliness(path)
    assert str(err.value) == "\n".join([
        f"{path}, row 101, column 'plans_issued_within_20_weeks': expected no more than 'plans_issued_den' in the same "
        f"row, of which it is a part; got a count above 'plans_issued_den'",
        f"{path}, row 424, column 'plans_issued_20_weeks_ex': expected no more than 'plans_issued_den_ex' in the same "
        f"row, of which it is a part; got a count above 'plans_issued_den_ex'",
    ])
    assert not [n for n in ("157", "158", "225", "226") if n in str(err.value)]  # no count quoted (issue 15)
    assert _row(_report(tmp_path), "timeliness_20_week.csv", "ehc_timeliness")["status"] == "bad"
    assert _exit_status(tmp_path, capsys) == 1


def test_plans_issued_in_time_above_plans_issued_in_the_2022_layout(real, tmp_path, capsys):
    rows = _rows(real / "dfe_ehc_plans_2022" / "sen2_mi.csv")
    england = _find(rows, time_period="2021", geographic_level="National")          # row 2: 61,269 issued
    assert england == 1 and rows[england][rows[0].index("TotIncExcEHC")] == "61269"
    _set(rows, england, "IncExc20weekEHC", "61270")
    path = _write(tmp_path / "sen2_mi.csv", rows)
    expected = (f"{path}, row 2, column 'IncExc20weekEHC': expected no more than 'TotIncExcEHC' in the same row, of "
                f"which it is a part; got a count above 'TotIncExcEHC'")
    with pytest.raises(InputError) as err:
        dfe.read_ehc_timeliness(path)
    assert str(err.value) == expected
    row = _row(_report(tmp_path), "sen2_mi.csv", "ehc_timeliness")
    assert row["status"] == "bad" and row["problems"] == expected
    assert _exit_status(tmp_path, capsys) == 1


def test_pupils_with_a_plan_above_all_pupils_are_bad_input(tmp_path, capsys):
    rows = _rows(SAMPLES / "dfe_sen_in_england" / "data-special-educational-needs-in-england.csv")
    plan = _find(rows, la_name="Gateshead", sen_provision="Education, health and care plan")
    total = _find(rows, la_name="Gateshead", sen_provision="Total", time_period=rows[plan][0])
    pupils = rows[total][rows[0].index("pupil_count")]
    above = str(int(pupils) + 1)
    _set(rows, plan, "pupil_count", above)
    path = _write(tmp_path / "sen.csv", rows)
    expected = (f"{path}, row {plan + 1}, column 'pupil_count': expected no more than all pupils (sen_provision "
                f"'Total') for the same area and period; got '{above}'")
    with pytest.raises(InputError) as err:
        dfe.read_sen_provision(path)
    assert str(err.value) == expected and f"'{pupils}'" not in str(err.value)
    row = _row(_report(tmp_path), "sen.csv", "sen_provision")
    assert row["status"] == "bad" and row["problems"] == expected
    assert _exit_status(tmp_path, capsys) == 1


def test_pupils_of_one_need_above_all_needs_are_bad_input(tmp_path, capsys):
    rows = _rows(SAMPLES / "dfe_sen_in_england" / "sen_primary_need.csv")
    asd = _find(rows, la_name="Gateshead", sen_provision="Education, health and care plan",
                sen_primary_need="Autistic spectrum disorder")
    total = _find(rows, la_name="Gateshead", sen_provision="Education, health and care plan", sen_primary_need="Total",
                  time_period=rows[asd][0])
    above = str(int(rows[total][rows[0].index("total_pupil_count")]) + 1)
    _set(rows, asd, "total_pupil_count", above)
    path = _write(tmp_path / "need.csv", rows)
    expected = (f"{path}, row {asd + 1}, column 'total_pupil_count': expected no more than the pupils of all needs "
                f"(sen_primary_need 'Total') with the same provision for the same area and period; got '{above}'")
    with pytest.raises(InputError) as err:
        dfe.read_sen_primary_need(path)
    assert str(err.value) == expected
    row = _row(_report(tmp_path), "need.csv", "sen_primary_need")
    assert row["status"] == "bad" and row["problems"] == expected
    assert _exit_status(tmp_path, capsys) == 1


def test_a_negative_count_is_bad_input(real, tmp_path, capsys):
    rows = _all_plans_2025(real)
    islington = _find(rows, la_name="Islington")
    _set(rows, islington, "ehcplans", "-5")
    path = _write(tmp_path / "caseload.csv", rows)
    expected = (f"{path}, row {islington + 1}, column 'ehcplans': expected a whole number or a symbol its data guidance "
                f"defines: 'z' (not applicable), 'x' (unavailable); got '-5'")
    with pytest.raises(InputError) as err:
        dfe.read_ehc_caseload(path)
    assert str(err.value) == expected
    row = _row(_report(tmp_path), "caseload.csv", "ehc_caseload")
    assert row["status"] == "bad" and row["problems"] == expected
    assert _exit_status(tmp_path, capsys) == 1


def test_a_negative_population_is_bad_input(tmp_path, capsys):
    source = SAMPLES / "ons_mye" / "ukpopestimatesmid2024on2023geography.xlsx"
    path = tmp_path / source.name
    _edit_mye(source, path, "MYE2 - Persons", 11, 12, -3)      # County Durham, age 7
    expected = f"{path}, row 11, column 'MYE2 - Persons: 7': expected a number of people (0 or more); got -3"
    with pytest.raises(InputError) as err:
        ons.read_mid_year_estimates(path)
    assert str(err.value) == expected
    row = _row(_report(tmp_path), source.name, "population")
    assert row["status"] == "bad" and row["problems"] == expected
    assert _exit_status(tmp_path, capsys) == 1


def test_plans_above_the_population_of_their_age_are_bad_input(tmp_path, capsys):
    # Synthetic samples: caseload.csv (January 2025 by single year of age) and the mid-2024 population.
    shutil.copy(SAMPLES / "ons_mye" / "ukpopestimatesmid2024on2023geography.xlsx", tmp_path)
    rows = _rows(SAMPLES / "dfe_ehc_plans" / "caseload.csv")
    age_7 = _find(rows, time_period="202425", la_name="Gateshead", breakdown="age 7")
    _set(rows, age_7, "ehcplans", "99999")
    path = _write(tmp_path / "caseload.csv", rows)
    expected = (f"{path}, row {age_7 + 1}, column 'ehcplans': expected no more plans than people of that age in "
                f"E08000037 at mid-2024 (ONS mid-year estimates: ukpopestimatesmid2024on2023geography.xlsx); "
                f"got '99999'")
    with pytest.raises(InputError) as err:
        Catalog(tmp_path, cache_dir=False).load("ehc_caseload")
    assert str(err.value) == expected
    report = _report(tmp_path)
    row = _row(report, "caseload.csv", "ehc_caseload")
    assert row["status"] == "bad" and row["problems"] == expected
    assert _row(report, "ukpopestimatesmid2024on2023geography.xlsx", "population")["status"] == "ok"
    assert _exit_status(tmp_path, capsys) == 1
    # Without the population the count cannot be judged: the caseload loads.
    (tmp_path / "ukpopestimatesmid2024on2023geography.xlsx").unlink()
    plans = Catalog(tmp_path, cache_dir=False).load("ehc_caseload")
    gateshead_7 = plans[(plans["area_code"] == "E08000037") & (plans["period"] == "2024/25") & (plans["category"] == "7")]
    assert gateshead_7["count"].tolist() == [99999.0]


def test_the_real_folder_checks_clean(real):
    report = catalog.check(real, cache_dir=False)
    assert not (report["status"] == "bad").any(), report.loc[report["status"] == "bad", ["path", "problems"]]
    # The only files that are not inputs are the Open Referral UK JSON schemas (PROVENANCE.md).
    unrecognised = report.loc[report["status"] == "unrecognised", "path"]
    assert len(unrecognised) == 19 and unrecognised.str.startswith("openreferral_uk/schema/").all()


def test_combine_releases_needs_a_name_for_each_frame():
    from jsnakit.core.errors import ArgumentError

    frame = pd.DataFrame({"source": ["SEN2, 2025 release"], "measure": ["ehc_plans"], "breakdown": ["All"],
                          "category": ["All"], "area_code": ["E92000001"], "period": ["2024/25"], "count": [1.0],
                          "note": [None]})
    with pytest.raises(ArgumentError, match=r"^files must name each of the 2 frames; got 1 names$"):
        dfe.combine_releases(frame, frame, files=["a.csv"])
