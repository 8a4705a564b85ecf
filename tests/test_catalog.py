"""The data folder: files recognised by content whatever their names, parquet cache keyed by file hash, data check."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest

from jsnakit import catalog, cli
from jsnakit.catalog import Catalog
from jsnakit.core.errors import InputError

from conftest import SAMPLES

CASELOAD = SAMPLES / "dfe_ehc_plans" / "caseload.csv"


def test_every_real_file_is_recognised_by_content(real):
    # PROVENANCE.md lists these files; each is recognised from what it holds, not from its name.
    expected = {
        "dfe_cin_outcomes/sen_la.csv": ["cin_sen"],
        "dfe_ehc_plans_2022/sen2_age_caseload.csv": ["ehc_caseload"],
        "dfe_ehc_plans_2022/sen2_age_new_plans.csv": ["ehc_new_plans"],
        "dfe_ehc_plans_2022/sen2_mi.csv": ["ehc_timeliness", "ehc_requests"],
        "dfe_ehc_plans_2025/caseload.csv": ["ehc_caseload"],
        "dfe_ehc_plans_2025/newplans.csv": ["ehc_new_plans"],
        "dfe_ehc_plans_2025/requests.csv": ["ehc_requests"],
        "dfe_ehc_plans_2025/sen_need_newplans.csv": ["ehc_needs", "ehc_needs_by_age"],
        "dfe_ehc_plans_2025/sen_needs_all_plans.csv": ["ehc_needs", "ehc_needs_by_age"],
        "dfe_ehc_plans_2025/timeliness_20_week.csv": ["ehc_timeliness"],
        "dfe_lait/bds_long_0.parquet": ["lait"],
        "dfe_lait/la_code_list.xlsx": ["la_codes"],
        "dfe_lait/lait_data_dictionary.csv": ["lait_dictionary"],
        "dfe_lait/sn_may_2025.xlsx": ["neighbours"],
        "dfe_sen_in_england_2026_national/data-special-educational-needs-in-england.csv": ["sen_provision"],
        "mhclg_imd2019/File_11_-_IoD2019_Local_Authority_District_Summaries__upper-tier__.xlsx": ["imd"],
        "ohid_fingertips/indicators-CountyUA.data.csv": ["fingertips"],
        "ons_mye/ukpopestimatesmid2021on2021geographyfinal.xls": ["population"],
        "openreferral_uk/examples/csv/services.csv": ["local_offer"],
        "openreferral_uk/examples/service_full.json": ["local_offer"],
        "openreferral_uk/schema/service.json": [],            # a JSON schema is not a Local Offer
        "dfe_ehc_plans_2025/data-guidance.txt": [],
    }
    for rel, kinds in expected.items():
        assert catalog.identify(real / rel) == kinds, rel
    for path in (real / "ons_boundaries").iterdir():
        assert catalog.identify(path) == (["boundaries"] if path.name.startswith("Counties") else ["area_boundaries"])
    for path in (real / "ons_lookups").iterdir():
        assert catalog.identify(path) == ["lookups"]


def test_files_may_have_any_name(tmp_path):
    (tmp_path / "downloads").mkdir()
    shutil.copy(CASELOAD, tmp_path / "downloads" / "ehcp numbers (1).csv")
    cat = Catalog(tmp_path, cache_dir=False)
    assert cat.paths("ehc_caseload") == [tmp_path / "downloads" / "ehcp numbers (1).csv"]
    assert cat.load("ehc_caseload").equals(Catalog(SAMPLES, cache_dir=False).load("ehc_caseload"))


def test_two_releases_in_one_folder_count_each_year_once(real, tmp_path):
    shutil.copy(real / "dfe_ehc_plans_2022" / "sen2_age_caseload.csv", tmp_path / "a.csv")
    shutil.copy(real / "dfe_ehc_plans_2025" / "caseload.csv", tmp_path / "b.csv")
    plans = Catalog(tmp_path, cache_dir=False).load("ehc_caseload")
    england = plans[(plans["area_type"] == "country") & (plans["breakdown"] == "All")]
    assert england["period"].is_unique and len(england) == 16


def test_second_load_comes_from_the_cache(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = Catalog(SAMPLES, cache_dir=cache).load("ehc_caseload")
    files = list(cache.glob("ehc_caseload-*.parquet"))
    assert len(files) == 1 and not list(cache.glob("*.tmp"))

    def refuse(path):
        raise AssertionError("the reader ran although the file was cached")

    monkeypatch.setitem(catalog.SOURCES, "ehc_caseload",
                        catalog.Source("ehc_caseload", "t", catalog.SOURCES["ehc_caseload"].recognise, refuse, "releases"))
    second = Catalog(SAMPLES, cache_dir=cache).load("ehc_caseload")
    pd.testing.assert_frame_equal(first, second)


def test_a_loaded_frame_changed_by_its_caller_leaves_the_next_load_as_read(tmp_path):
    cache = tmp_path / "cache"
    first = Catalog(SAMPLES, cache_dir=cache)
    frame = first.load("ehc_caseload")
    kept = frame.copy(deep=True)
    assert frame["count"].notna().sum() > 100
    frame["count"] = -1.0  # a caller's changes, in every way pandas allows
    frame.loc[frame.index[0], "area_code"] = "changed"
    frame.drop(columns="period", inplace=True)
    # the same catalogue, and another one of the same files (the process's memory), give the frame as read
    pd.testing.assert_frame_equal(first.load("ehc_caseload"), kept)
    pd.testing.assert_frame_equal(Catalog(SAMPLES, cache_dir=cache).load("ehc_caseload"), kept)


def test_a_changed_file_is_read_again(tmp_path):
    data, cache = tmp_path / "data", tmp_path / "cache"
    data.mkdir()
    text = CASELOAD.read_text(encoding="utf-8-sig")
    (data / "c.csv").write_text(text, encoding="utf-8")
    before = Catalog(data, cache_dir=cache).load("ehc_caseload")
    (data / "c.csv").write_text(text.replace(",Islington,All EHC plans,All EHC plans,", ",Islington,All EHC plans,All EHC plans,9", 1),
                                encoding="utf-8")
    after = Catalog(data, cache_dir=cache).load("ehc_caseload")
    assert len(list(cache.glob("ehc_caseload-*.parquet"))) == 2
    assert not before.equals(after)


def test_a_bad_file_leaves_nothing_in_the_cache(tmp_path):
    data, cache = tmp_path / "data", tmp_path / "cache"
    data.mkdir()
    lines = CASELOAD.read_text(encoding="utf-8-sig").splitlines()
    cells = lines[1].split(",")
    cells[12] = "lots"                                        # ehcplans of the first data row
    lines[1] = ",".join(cells)
    (data / "caseload.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"row 2, column 'ehcplans'.*got 'lots'"):
        Catalog(data, cache_dir=cache).load("ehc_caseload")
    assert not cache.exists() or not list(cache.iterdir())


@pytest.mark.slow  # computes the national frame or disclosure of everything published (seconds)
def test_data_check_reports_kinds_coverage_and_problems(tmp_path, capsys):
    shutil.copytree(SAMPLES, tmp_path / "data")
    data = tmp_path / "data"
    (data / "notes.xlsx").write_bytes(b"not really a workbook")
    bad = data / "dfe_ehc_plans" / "timeliness_20_week.csv"
    lines = bad.read_text(encoding="utf-8-sig").splitlines()
    cells = lines[3].split(",")
    cells[1] = "Calendar year"
    cells[0] = "2024-25"
    lines[3] = ",".join(cells)
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = catalog.check(data, cache_dir=tmp_path / "cache")
    by_path = report.set_index("path")
    caseload = by_path.loc["dfe_ehc_plans/caseload.csv"]
    assert caseload["status"] == "ok" and caseload["source"] == "ehc_caseload"
    assert caseload["areas"] == "1 country, 9 regions, 153 LAs"
    assert caseload["periods"] == "2018/19 to 2024/25 (7)"
    assert by_path.loc["notes.xlsx", "status"] == "unrecognised"
    timeliness = by_path.loc["dfe_ehc_plans/timeliness_20_week.csv"]
    assert timeliness["status"] == "bad"
    assert "row 4, column 'time_period': expected a year (2024) or an academic year (202425); got '2024-25'" in timeliness["problems"]
    # The command line prints the same and exits 1 because a file is bad.
    assert cli.main(["data", "check", str(data), "--no-cache"]) == 1
    out = capsys.readouterr().out
    assert "bad           dfe_ehc_plans/timeliness_20_week.csv" in out
    assert "data check: 43 files: 41 ok, 1 bad, 1 unrecognised\n\nfactsheet sections this folder supports:" in out
    # The bad timeliness file leaves its figures out, not the sections the other files make.
    assert "full          Prevalence: from the school census" in out
    assert cli.main(["data", "check", str(tmp_path / "nowhere")]) == 2


@pytest.mark.slow  # computes the national frame or disclosure of everything published (seconds)
def test_data_check_on_the_samples_is_clean(capsys):
    assert cli.main(["data", "check", str(SAMPLES), "--no-cache"]) == 0
    assert "0 bad" in capsys.readouterr().out


# Every reader, handed a truncated copy of a good file, says so with an InputError (never a bare pandas, zip or
# JSON error, never a partial frame): cut at 60% of the bytes, mid-row or mid-structure.
TRUNCATED = [
    ("ehc_caseload", "samples", "dfe_ehc_plans/caseload.csv"),
    ("sen_provision", "samples", "dfe_sen_in_england/data-special-educational-needs-in-england.csv"),
    ("population", "samples", "ons_mye/ukpopestimatesmid2024on2023geography.xlsx"),
    ("neighbours", "samples", "dfe_statistical_neighbours/sn_groups.xlsx"),
    ("boundaries", "samples", "ons_boundaries/Counties_and_Unitary_Authorities_December_2023_Boundaries_EN_simplified.geojson"),
    ("cin_sen", "real", "dfe_cin_outcomes/sen_la.csv"),
    ("lait", "real", "dfe_lait/bds_long_0.parquet"),
    ("lait_dictionary", "real", "dfe_lait/lait_data_dictionary.csv"),
    ("imd", "real", "mhclg_imd2019/File_11_-_IoD2019_Local_Authority_District_Summaries__upper-tier__.xlsx"),
    ("fingertips", "real", "ohid_fingertips/indicators-CountyUA.data.csv"),
    ("lookups", "real", "ons_lookups/Sub_ICB_Locations_to_Integrated_Care_Boards_to_NHS_England_(Region)_(July_2022)_Lookup_in_England.csv"),
    ("population", "real", "ons_mye/ukpopestimatesmid2021on2021geographyfinal.xls"),
]


@pytest.mark.parametrize("name, where, rel", TRUNCATED, ids=[t[0] + "-" + t[1] for t in TRUNCATED])
def test_a_truncated_file_is_an_input_error(name, where, rel, tmp_path):
    from conftest import REAL

    source = (SAMPLES if where == "samples" else REAL) / rel
    if not source.exists():
        pytest.skip(f"{source} is not here")
    raw = source.read_bytes()
    cut = tmp_path / source.name
    cut.write_bytes(raw[: int(len(raw) * 0.6)])
    with pytest.raises(InputError) as err:
        catalog.SOURCES[name].reader(cut)
    assert str(cut) in str(err.value)


@pytest.mark.slow  # computes the national frame or disclosure of everything published (seconds)
def test_a_cached_read_is_the_same_frame_as_a_fresh_one(real, tmp_path):
    # Every source jsnakit caches, on every real file: same columns, dtypes, values and missing markers.
    fresh = Catalog(real, cache_dir=False)
    filling, cached = Catalog(real, cache_dir=tmp_path), Catalog(real, cache_dir=tmp_path)
    checked = 0
    for path, kinds in fresh._kinds.items():
        for name in kinds:
            if catalog.SOURCES[name].combine == "folder":
                continue
            first = filling.read(name, path)
            again = cached.read(name, path)
            pd.testing.assert_frame_equal(first, again, obj=f"{name} {path.name}")
            checked += 1
    assert checked == 28 and len(list(tmp_path.glob("*.parquet"))) == 28


def test_one_odd_file_does_not_stop_the_check(tmp_path, monkeypatch):
    shutil.copy(CASELOAD, tmp_path / "caseload.csv")
    shutil.copy(SAMPLES / "dfe_ehc_plans" / "timeliness_20_week.csv", tmp_path / "t.csv")

    def broken(path):
        raise TypeError("a reader bug")

    monkeypatch.setitem(catalog.SOURCES, "ehc_caseload",
                        catalog.Source("ehc_caseload", "t", catalog.SOURCES["ehc_caseload"].recognise, broken))
    report = catalog.check(tmp_path, cache_dir=False).set_index("path")
    assert report.loc["caseload.csv", "status"] == "bad"
    assert report.loc["caseload.csv", "problems"] == "TypeError: a reader bug"
    assert report.loc["t.csv", "status"] == "ok"


@pytest.mark.parametrize("content, expected", [
    (b"time_period,time_identifier,geographic_level", "row 1, column 'country_code': expected this column in the header"),
    (CASELOAD.read_bytes().splitlines()[0] + b"\r\n", "row 2: expected data rows below the header; got 'none'"),
    (b"time_period\rtime_identifier\nx\n", "expected this column in the header"),
])
def test_header_only_or_cut_in_the_header(tmp_path, content, expected):
    from jsnakit.sources import dfe

    path = tmp_path / "caseload.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=expected.replace("(", r"\(").replace(")", r"\)")):
        dfe.read_ehc_caseload(path)


def test_default_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("JSNAKIT_CACHE", str(tmp_path / "mine"))
    assert catalog.default_cache_dir() == tmp_path / "mine"
    monkeypatch.delenv("JSNAKIT_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert catalog.default_cache_dir() == tmp_path / "xdg" / "jsnakit"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert catalog.default_cache_dir() == tmp_path / "home" / ".cache" / "jsnakit"


def test_witan_send_transitions_are_recognised_and_read(tmp_path):
    from jsnakit.projection import transitions

    table = transitions.synthetic_transitions(seed=1, plans=200, years=2)
    path = tmp_path / "anything.csv"
    table.rename(columns=lambda c: c.replace("_", "-")).to_csv(path, index=False)   # witan.send's own header
    assert catalog.identify(path) == ["transitions"]
    loaded = catalog.Catalog(tmp_path, cache_dir=tmp_path / "cache").load("transitions")
    pd.testing.assert_frame_equal(loaded.reset_index(drop=True), transitions.read_transitions(path))
    assert len(loaded) == len(table)
