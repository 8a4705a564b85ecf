"""Which factsheet sections a folder supports (jsnakit.factsheets.sections), on folders made from the samples with files left
out, and the pieces that say where a figure comes from (report_period, LAIT rows in tables, polarity words)."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest

from jsnakit import disclosure
from jsnakit.render import narrative, tables
from jsnakit.needs import profile
from jsnakit.core import schema
from jsnakit.factsheets import sections
from jsnakit.catalog import Catalog
from jsnakit.core.errors import ArgumentError

ISLINGTON = "E09000019"


def _folder(tmp_path, samples, *keep):
    for rel in keep:
        target = tmp_path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(samples / rel, target)
    return Catalog(tmp_path, cache_dir=False)


def test_the_samples_support_every_section_in_full(samples):
    catalog = Catalog(samples)
    table = sections.coverage(profile.published(catalog), catalog, ISLINGTON)
    assert list(table.columns) == sections.COVERAGE_COLUMNS
    assert list(table["section"]) == list(sections.SECTIONS)
    table = table.set_index("section")
    # Every section in full but sex: the samples have no school census by sex, so the SEN2 caseload's plans by sex
    # stand alone, and the advice names the file.
    full = table.drop(index="sex")
    assert set(full["status"]) == {"full"} and set(full["advice"]) == {""}
    assert table.loc["sex", "status"] == "partial" and table.loc["sex", "using"] == "the SEN2 caseload by sex"
    assert "pupils by SEN provision and sex" in table.loc["sex", "advice"]


def test_a_folder_with_the_sen2_caseload_only(tmp_path, samples):
    catalog = _folder(tmp_path, samples, "dfe_ehc_plans/caseload.csv")
    table = sections.coverage(profile.published(catalog), catalog, ISLINGTON).set_index("section")
    assert table.loc["prevalence", "status"] == "missing"
    assert table.loc["trend", "status"] == "partial"
    assert table.loc["trend", "using"] == "SEN2 EHC plans maintained over the years"
    assert table.loc["population", "using"] == "the SEN2 caseload only (no population estimates)"
    assert table.loc["projection", "status"] == "partial" and table.loc["map", "status"] == "missing"
    # The advice names the publication, the file and the page of what is missing.
    assert table.loc["map", "missing"] == "boundaries, sen_provision"
    assert "Counties and Unitary Authorities (December 2023) Boundaries UK BSC" in table.loc["map", "advice"]
    assert "https://geoportal.statistics.gov.uk/" in table.loc["map", "advice"]
    sentence = sections.missing_sentence("prevalence", catalog, area_name="Islington")
    assert sentence == ("This section needs the data file with local authority rows (\"Download all data\", e.g. "
                        "sen_phase_type_.csv) from DfE, Special educational needs in England (https://explore-"
                        "education-statistics.service.gov.uk/find-statistics/special-educational-needs-in-england), "
                        "which the data folder does not hold.")


def test_a_file_without_the_areas_rows_is_named(tmp_path, samples):
    catalog = _folder(tmp_path, samples, "dfe_ehc_plans/caseload.csv", "dfe_sen_in_england/sen_primary_need.csv",
                      "dfe_sen_in_england/data-special-educational-needs-in-england.csv")
    # Keep England's rows only in the primary-need file, as the national release is.
    need = tmp_path / "dfe_sen_in_england/sen_primary_need.csv"
    lines = need.read_text(encoding="utf-8").splitlines(keepends=True)
    need.write_text("".join([lines[0]] + [x for x in lines[1:] if ",National," in x]), encoding="utf-8")
    catalog = Catalog(tmp_path, cache_dir=False)
    assert sections.way(profile.published(catalog), catalog, "need", ISLINGTON) is None
    sentence = sections.missing_sentence("need", catalog, area_name="Islington")
    assert sentence.startswith("This section cannot be made: the folder's DfE Special educational needs in England: "
                               "pupils by primary need (sen_primary_need.csv) has no figures for Islington: download")


def test_a_source_that_failed_is_not_read_again(tmp_path, samples, monkeypatch):
    _folder(tmp_path, samples, "dfe_ehc_plans/timeliness_20_week.csv")
    (tmp_path / "dfe_ehc_plans/timeliness_20_week.csv").write_bytes(
        (samples / "dfe_ehc_plans/timeliness_20_week.csv").read_bytes()[:300])
    reads = []
    read = Catalog.read
    monkeypatch.setattr(Catalog, "read", lambda self, name, path: reads.append(name) or read(self, name, path))
    catalog = Catalog(tmp_path, cache_dir=False)
    assert [profile.usable(catalog, "ehc_timeliness") for _ in range(3)] == [False, False, False]
    assert list(profile.unusable(catalog)) == ["ehc_timeliness"] and reads == ["ehc_timeliness"]


def test_a_bad_file_leaves_out_its_figures_not_the_factsheet(tmp_path, samples):
    catalog = _folder(tmp_path, samples, "dfe_ehc_plans/caseload.csv", "dfe_ehc_plans/timeliness_20_week.csv")
    (tmp_path / "dfe_ehc_plans/timeliness_20_week.csv").write_bytes(
        (samples / "dfe_ehc_plans/timeliness_20_week.csv").read_bytes()[:300])  # cut in the middle of a row
    catalog = Catalog(tmp_path, cache_dir=False)
    assert not profile.usable(catalog, "ehc_timeliness") and profile.usable(catalog, "ehc_caseload")
    assert list(profile.unusable(catalog)) == ["ehc_timeliness"]
    frame = profile.published(catalog).frame
    assert "ehc_20_weeks_pct" not in set(frame["indicator"]) and (frame["indicator"] == "ehc_plans").any()


def test_an_empty_folder_gives_an_empty_frame_and_every_section_missing_but_methods(tmp_path):
    catalog = Catalog(tmp_path, cache_dir=False)
    frame = profile.national(catalog)
    assert frame.empty and list(frame.columns) == schema.INDICATOR_COLUMNS
    table = sections.coverage(profile.published(catalog), catalog)
    assert set(table.loc[table["section"] != "methods", "status"]) == {"missing"}
    text = sections.describe(table)
    assert text.splitlines()[0] == "factsheet sections this folder supports:"
    assert "missing       Prevalence" in text


def test_unknown_section_and_bad_frame():
    with pytest.raises(ArgumentError, match=r"section must be one of \['standing', .*; got 'wellbeing'"):
        sections.way(pd.DataFrame(columns=["indicator", "area_code", "value"]), None, "wellbeing")
    with pytest.raises(ArgumentError, match="published must be the national indicator frame"):
        sections.coverage(pd.DataFrame(), None)


def test_report_period_without_a_headline_figure():
    # A folder of timeliness and requests only: the factsheet reports the academic year its calendar years end in.
    frame = pd.DataFrame({"indicator": ["ehc_20_weeks_pct", "ehc_requests"], "area_code": ISLINGTON,
                          "period": ["2024", "2023"], "value": [78.6, 511.0]})
    assert profile.report_period(frame, ISLINGTON) == "2024/25"
    assert profile.report_period(frame, ISLINGTON, up_to="2023/24") == "2023/24"
    with pytest.raises(ArgumentError, match=r"area_code must have a published figure up to '2020/21'; got "
                                            r"'E09000019', which has none"):
        profile.report_period(frame, ISLINGTON, up_to="2020/21")


#: Islington's residents aged 4-18 (about 30,000): 7.4% of them is far above 10, so the percentage can be shown.
_PUPILS = pd.Series([30000.0], index=pd.MultiIndex.from_tuples([(ISLINGTON, "2024/25")]))


def test_a_percentage_without_its_count_is_withheld_without_an_estimate_of_its_base():
    withheld = disclosure.apply(_lait_row()).frame.iloc[0]
    assert pd.isna(withheld["value"]) and withheld["note"] == disclosure.UNCOUNTED
    small = pd.Series([100.0], index=_PUPILS.index)  # 7.4% of 100 is 7: could be fewer than 5 x 2
    assert pd.isna(disclosure.apply(_lait_row(), uncounted_base=small).frame.iloc[0]["value"])
    assert disclosure.describe_note(disclosure.UNCOUNTED) == (
        "suppressed: published without its count, which may be fewer than 5")


def _lait_row():
    return schema.empty().reindex(range(1)).assign(
        indicator="ehc_pupils_pct", area_code=ISLINGTON, area_name="Islington", period="2024/25", breakdown="All",
        category="All", value=7.4, unit="%", method="published", comparison="not compared", source=profile.LAIT_SOURCE)


def test_a_percentage_published_without_its_count_reads_so_in_tables():
    shown = tables.to_frame(disclosure.apply(_lait_row(), uncounted_base=_PUPILS),
                            columns=["count", "denominator", "value", "ci"])
    assert shown.iloc[0].tolist() == ["not published", "not published", "7.4", "none: published without its count"]


def test_headline_of_a_percentage_without_a_count():
    rows = pd.concat([_lait_row(), _lait_row().assign(area_code="E92000001", area_name="England", value=5.3,
                                                      count=482640.0, denominator=9032426.0, lower_ci=5.3,
                                                      upper_ci=5.4, method="Wilson")], ignore_index=True)
    text = narrative.headline(disclosure.apply(rows, uncounted_base=_PUPILS), indicator="ehc_pupils_pct",
                              area_code=ISLINGTON, period="2024/25")
    assert text == "7.4% (published without its count, so not tested for significance; England 5.3%)"


@pytest.mark.parametrize("first, words", [
    ("2009/10", "statements of SEN and EHC plans maintained (statements only before the 2014 reforms"),
    ("2016/17", "statements of SEN and EHC plans maintained (both until the transfer to EHC plans ended in 2018)"),
    ("2019/20", "EHC plans maintained"),
])
def test_what_sen2_counted(first, words):
    assert narrative.plans_counted(first).startswith(words)


def test_timeliness_has_a_polarity_in_the_standing_table():
    assert tables._judged("higher (99.8%)", "ehc_20_weeks_pct") == "better: higher (99.8%)"
    assert tables._judged("lower (95%)", "ehc_20_weeks_pct") == "worse: lower (95%)"
    assert tables._judged("higher (95%)", "ehc_pupils_pct") == "higher (95%)"


def test_made_up_files_are_the_sample_figures_not_the_real_boundaries(tmp_path, samples):
    catalog = _folder(tmp_path, samples, "dfe_ehc_plans/caseload.csv",
                      "ons_boundaries/Counties_and_Unitary_Authorities_December_2023_Boundaries_EN_simplified.geojson")
    assert [p.relative_to(tmp_path).as_posix() for p in sections.made_up_files(catalog)] == [
        "dfe_ehc_plans/caseload.csv"]
    (tmp_path / "dfe_ehc_plans/caseload.csv").unlink()  # the boundaries alone are real: no banner
    assert sections.made_up_files(Catalog(tmp_path, cache_dir=False)) == []


@pytest.mark.slow
def test_a_bad_population_file_leaves_out_its_figures_and_says_so(tmp_path, samples):
    import html
    import json

    import openpyxl

    from jsnakit.factsheets import batch, resources

    data = tmp_path / "data"
    shutil.copytree(samples, data)
    for book_path in sorted((data / "ons_mye").glob("*.xlsx")):
        book = openpyxl.load_workbook(book_path)
        row = next(r for r in book["MYE2 - Persons"].iter_rows() if r[0].value == "E09000019")
        row[5].value = -3  # a negative population: bad input in every edition
        book.save(book_path)
    catalog = Catalog(data, cache_dir=False)
    assert not profile.usable(catalog, "population")
    out = tmp_path / "out"
    manifest = batch.run([ISLINGTON], data_dir=data, out_dir=out, workbook=resources.factsheet_workbook(),
                         workers=1, progress=False)
    assert manifest.ok, json.loads((out / "manifest.json").read_text())
    page = html.unescape((out / f"{ISLINGTON}.html").read_text(encoding="utf-8"))
    assert "Source: the SEN2 caseload by age (no population estimates" in page
    assert "Files left out." in page and "ONS mid-year population estimates (MYE2)" in page
    assert "got -3" not in page and "got '-3'" not in page  # the bad value is not on the page
