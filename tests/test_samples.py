"""Tests of jsnakit.samples and the committed data_samples/ folder.

The sample data are synthetic; what is tested is that they are reproducible byte for byte, that they copy the real
files' layout (checked against the real files in ../shared when that folder exists), and that they are internally
consistent (regional and England rows are the sums of their LAs, breakdowns add up, the files agree with each other).
"""
from __future__ import annotations

import csv
import functools
import io
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from jsnakit.samples import ehc_plans
from jsnakit.samples import generator as samples
from jsnakit.core import geography

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data_samples"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REAL = SHARED / "data" / "real"
needs_shared = pytest.mark.skipif(not REAL.is_dir(), reason=f"real reference files not found at {REAL}")

BOUNDARY = Path(samples.BOUNDARY_FILE)
LA_CODES = set(geography.local_authorities()["area_code"])
LA_DFE = set(geography.local_authorities()["dfe_code"].astype(int))

# (sample file, real file, real has BOM, real has CRLF)
CSV_PAIRS = [
    (samples.SEN_IN_ENGLAND_FILE,
     "dfe_sen_in_england_2026_national/data-special-educational-needs-in-england.csv", False, False),
    (samples.SEN_PRIMARY_NEED_FILE,
     "dfe_sen_in_england_2026_national/Number of pupils with an Education, health and care plan or SEN support in "
     "England, by primary need, 202425 and 202526.csv", False, False),
    (samples.CASELOAD_FILE, "dfe_ehc_plans_2025/caseload.csv", True, True),
    (samples.SEN_NEEDS_FILE, "dfe_ehc_plans_2025/sen_needs_all_plans.csv", True, True),
    (samples.TIMELINESS_FILE, "dfe_ehc_plans_2025/timeliness_20_week.csv", True, True),
    (samples.NEW_PLANS_FILE, "dfe_ehc_plans_2025/newplans.csv", True, True),
    (samples.REQUESTS_FILE, "dfe_ehc_plans_2025/requests.csv", True, True),
]


def _files(root: Path) -> set[Path]:
    return {p.relative_to(root) for p in root.rglob("*") if p.is_file() and not p.name.startswith(".")}


def _read(rel: str) -> pd.DataFrame:
    return pd.read_csv(SAMPLES / rel, dtype=str, keep_default_na=False, encoding="utf-8-sig")


@functools.lru_cache(maxsize=None)
def _workbook(path: Path) -> dict[str, list[tuple]]:
    """Every sheet's rows (values), read once per workbook."""
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return {name: list(wb[name].iter_rows(values_only=True)) for name in wb.sheetnames}
    finally:
        wb.close()


def _read_xlsx(path: Path, sheet: str) -> list[tuple]:
    return _workbook(path)[sheet]


PLACEHOLDER = b"a boundary file already there"


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    """A fresh run of ``generate`` into a folder that already holds a (placeholder) boundary file."""
    out = tmp_path_factory.mktemp("samples")
    (out / BOUNDARY).parent.mkdir(parents=True)
    (out / BOUNDARY).write_bytes(PLACEHOLDER)
    samples.generate(out)
    return out


# --------------------------------------------------------------------------------------------------------------------
# Reproducibility
# --------------------------------------------------------------------------------------------------------------------

def test_regeneration_is_byte_identical(regenerated):
    committed = _files(SAMPLES)
    assert BOUNDARY in committed, "the simplified boundary file is committed"
    assert _files(regenerated) == committed
    for rel in sorted(committed - {BOUNDARY}):
        assert (regenerated / rel).read_bytes() == (SAMPLES / rel).read_bytes(), f"{rel} differs on regeneration"


def test_boundaries_left_alone_without_source(regenerated):
    assert (regenerated / BOUNDARY).read_bytes() == PLACEHOLDER


def test_main_passes_options_to_generate(monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(samples, "generate", lambda out, **kw: calls.append((out, kw)) or [])
    assert samples.main(["--out", str(tmp_path), "--boundaries-from", "real.geojson"]) == 0
    assert calls == [(tmp_path, {"boundaries_from": Path("real.geojson")})]


def test_folder_stays_small():
    assert sum((SAMPLES / p).stat().st_size for p in _files(SAMPLES)) < 12_000_000


# --------------------------------------------------------------------------------------------------------------------
# Layout of the real files
# --------------------------------------------------------------------------------------------------------------------

@needs_shared
@pytest.mark.parametrize("sample, real, bom, crlf", CSV_PAIRS, ids=[p[0] for p in CSV_PAIRS])
def test_csv_header_bom_and_line_ends_match_real(sample, real, bom, crlf):
    ours, theirs = (SAMPLES / sample).read_bytes(), (REAL / real).read_bytes()
    assert ours.startswith(b"\xef\xbb\xbf") == theirs.startswith(b"\xef\xbb\xbf") == bom
    assert ours.splitlines(keepends=True)[0] == theirs.splitlines(keepends=True)[0]
    assert (b"\r\n" in ours) == crlf and (ours.count(b"\n") == ours.count(b"\r\n")) == crlf


def _real_mye_rows(sheet: str) -> list[list]:
    """Rows of a sheet of the real legacy .xls, read with calamine (a core dependency)."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(REAL / "ons_mye/ukpopestimatesmid2021on2021geographyfinal.xls"))
    return book.get_sheet_by_name(sheet).to_python()


@needs_shared
def test_mye_title_rows_and_header_match_real():
    for sex in ("Persons", "Females", "Males"):
        real = _real_mye_rows(f"MYE2 - {sex}")
        ours = _read_xlsx(SAMPLES / samples.MYE_FILE.format(year=2021), f"MYE2 - {sex}")
        for r in range(7):
            assert ours[r][0] == real[r][0]
        real_header = [str(v) for v in real[7]]
        # As briefed, the open age group is headed "90" (meaning 90 and over), where the 2021 .xls says "90+".
        assert list(ours[7]) == real_header[:-1] + ["90"] and real_header[-1] == "90+"


@needs_shared
def test_mye_geography_labels_are_the_real_ones():
    rows = _real_mye_rows("MYE2 - Persons")
    real = {row[0]: (row[1], row[2]) for row in rows[8:]}
    for row in _read_xlsx(SAMPLES / samples.MYE_FILE.format(year=2021), "MYE2 - Persons")[8:]:
        if row[2] in ("Country", "Region"):
            assert (row[1], row[2]) == real[row[0]]
        elif row[0] in real:  # LAs whose code is older than 2023 are not in the 2021 file
            assert row[2] == real[row[0]][1]


@needs_shared
def test_statistical_neighbour_layout_matches_real():
    real = _read_xlsx(REAL / "dfe_lait/sn_may_2025.xlsx", "LA SN Groups")
    ours = _read_xlsx(SAMPLES / samples.SN_FILE, "LA SN Groups")
    for r in range(3):
        assert ours[r][:25] == real[r][:25]
    real_regions = {row[0]: (row[3], row[4]) for row in real[3:] if row[0] is not None}
    for row in ours[3:]:
        if row[0] in real_regions:
            assert (row[3], row[4]) == real_regions[row[0]]


def _all_x_columns(frame: pd.DataFrame) -> dict[str, set[str]]:
    """Columns that are ``x`` in every row, per time period."""
    return {tp: {c for c in g.columns if (g[c] == "x").all()} for tp, g in frame.groupby("time_period")}


@needs_shared
def test_caseload_x_columns_are_the_real_ones():
    real = pd.read_csv(REAL / "dfe_ehc_plans_2025/caseload.csv", dtype=str, keep_default_na=False,
                       encoding="utf-8-sig")
    real = real[(real["geographic_level"] == "Local authority") & (real["breakdown_topic"] == "All EHC plans")]
    ours = _read(samples.CASELOAD_FILE)
    ours = ours[(ours["geographic_level"] == "Local authority") & (ours["breakdown_topic"] == "All EHC plans")]
    assert _all_x_columns(ours) == _all_x_columns(real)
    x_cells = ours.drop(columns=[c for cols in _all_x_columns(ours).values() for c in cols]) == "x"
    assert not x_cells.to_numpy().any(), "no other x in the caseload"


@needs_shared
def test_timeliness_x_columns_are_the_real_ones():
    real = pd.read_csv(REAL / "dfe_ehc_plans_2025/timeliness_20_week.csv", dtype=str, keep_default_na=False,
                       encoding="utf-8-sig")
    real = real[(real["geographic_level"] == "Local authority") & (real["breakdown_topic"] == "All EHC plans issued")]
    ours = _read(samples.TIMELINESS_FILE)
    ours = ours[ours["geographic_level"] == "Local authority"]
    assert _all_x_columns(ours) == _all_x_columns(real)


@needs_shared
def test_primary_need_labels_are_the_real_ones():
    real = pd.read_csv(REAL / CSV_PAIRS[1][1], dtype=str, keep_default_na=False)
    ours = _read(samples.SEN_PRIMARY_NEED_FILE)
    for year in ("202425", "202526"):
        for provision in (samples.PROVISION_EHC, samples.PROVISION_SUPPORT):
            def labels(f):
                return sorted(f[(f.time_period == year) & (f.sen_provision == provision)].sen_primary_need.unique())
            assert labels(ours) == labels(real), (year, provision)


# --------------------------------------------------------------------------------------------------------------------
# Sums and coverage
# --------------------------------------------------------------------------------------------------------------------

def _check_sums(frame: pd.DataFrame, keys: list[str], counts: list[str]) -> None:
    """Every Regional row equals the sum of its LAs, the National row the sum of all LAs (LA rows with an ``x`` in a
    count column, i.e. not returned, are left out; rows left out for having no cases count as zero)."""
    values = frame[counts].apply(pd.to_numeric, errors="coerce")
    not_returned = values.isna().all(axis=1)
    frame = frame.assign(**{c: values[c].fillna(0) for c in counts})[~not_returned]
    la = frame[frame["geographic_level"] == "Local authority"]
    for level, by in (("Regional", keys + ["region_code"]), ("National", keys)):
        expected = la.groupby(by)[counts].sum()
        got = frame[frame["geographic_level"] == level].set_index(by)[counts]
        expected, got = expected.align(got, join="outer", fill_value=0)
        assert np.array_equal(expected.to_numpy(), got.to_numpy()), f"{level} rows are not the sums of their LAs"


def test_sen_in_england_sums_and_percentages():
    frame = _read(samples.SEN_IN_ENGLAND_FILE)
    _check_sums(frame, ["time_period", "sen_provision"], ["pupil_count"])
    pupils = frame[frame.sen_provision == "Total"].set_index(["time_period", "geographic_level", "region_code",
                                                             "new_la_code"]).pupil_count.astype(int)
    for row in frame[frame.sen_provision != "Total"].itertuples():
        den = pupils[(row.time_period, row.geographic_level, row.region_code, row.new_la_code)]
        assert row.pupil_percent == "%.11f" % (100 * int(row.pupil_count) / den)
    assert (frame[frame.sen_provision == "Total"].pupil_percent == "100").all()


def test_england_prevalence_2025_26():
    frame = _read(samples.SEN_IN_ENGLAND_FILE)
    england = frame[(frame.geographic_level == "National") & (frame.time_period == "202526")]
    pct = dict(zip(england.sen_provision, england.pupil_percent.astype(float)))
    assert 5.5 <= pct[samples.PROVISION_EHC] <= 6.5
    assert 14.0 <= pct[samples.PROVISION_SUPPORT] <= 15.5
    assert 8.5e6 <= int(england[england.sen_provision == "Total"].pupil_count.iloc[0]) <= 9.5e6


def test_primary_need_sums_and_totals_match_sen_in_england():
    frame = _read(samples.SEN_PRIMARY_NEED_FILE)
    _check_sums(frame, ["time_period", "sen_provision", "sen_primary_need"], ["total_pupil_count"])
    frame["n"] = frame.total_pupil_count.astype(int)
    keys = ["time_period", "geographic_level", "region_code", "new_la_code", "sen_provision"]
    needs = frame[frame.sen_primary_need != "Total"].groupby(keys).n.sum()
    totals = frame[frame.sen_primary_need == "Total"].set_index(keys).n
    assert needs.sort_index().equals(totals.sort_index())
    overall = _read(samples.SEN_IN_ENGLAND_FILE).set_index(keys).pupil_count.astype(int)
    assert (overall.reindex(totals.index) == totals).all()


def test_caseload_sums_and_arithmetic():
    frame = _read(samples.CASELOAD_FILE)
    counts = [c for c in samples.CASELOAD_HEADER[12:] if not c.lower().endswith("_pc")]
    _check_sums(frame, ["time_period", "breakdown_topic", "breakdown"], counts)
    num = frame[counts].replace("x", "0").astype(int)
    leaves = [c for c in samples.LEAF_NAMES]
    assert (num[leaves].sum(axis=1) == num.ehcplans).all()
    mainstream = [c for c in leaves if c.startswith("mainstream_")]
    assert (num[mainstream].sum(axis=1) == num.mainstream_total).all()
    assert (num[["special_la_maintained", "special_academy_free", "special_independent",
                 "special_non_maintained"]].sum(axis=1) == num.special_total).all()
    for row in frame.sample(500, random_state=1).itertuples():
        assert row.mainstream_total_pc == ehc_plans._pc1(int(row.mainstream_total), int(row.ehcplans))
    # breakdowns add up to the All EHC plans row
    all_rows = frame[frame.breakdown_topic == "All EHC plans"].set_index(["time_period", "geographic_level",
                                                                           "region_code", "new_la_code"])
    for topic in ("Child or young persons age", "Sex"):
        part = frame[frame.breakdown_topic == topic].assign(n=lambda f: f.ehcplans.astype(int))
        summed = part.groupby(["time_period", "geographic_level", "region_code", "new_la_code"]).n.sum()
        assert (all_rows.ehcplans.astype(int).reindex(summed.index) == summed).all()
        assert set(part.time_period) == {"202324", "202425"}


def test_caseload_levels():
    frame = _read(samples.CASELOAD_FILE)
    england = frame[(frame.geographic_level == "National") & (frame.breakdown_topic == "All EHC plans")]
    plans = dict(zip(england.time_period, england.ehcplans.astype(int)))
    assert 330_000 < plans["201819"] < 380_000 and 600_000 < plans["202425"] < 680_000
    last = england[england.time_period == "202425"].iloc[0]
    assert abs(float(last.mainstream_total_pc) - 43.6) < 1.5 and abs(float(last.special_total_pc) - 30.4) < 1.5
    assert abs(float(last.fe_total_pc) - 13.8) < 1.5 and abs(100 * int(last.neet) / int(last.ehcplans) - 2.8) < 1
    # about 1.3 times the pupils with an EHC plan
    pupils = _read(samples.SEN_IN_ENGLAND_FILE)
    pupils = pupils[(pupils.geographic_level == "National") & (pupils.sen_provision == samples.PROVISION_EHC)]
    ratio = plans["202425"] / int(pupils[pupils.time_period == "202425"].pupil_count.iloc[0])
    assert 1.2 < ratio < 1.45


def test_sen_needs_sums_and_match_caseload():
    frame = _read(samples.SEN_NEEDS_FILE)
    counts = ["ehc_plans"] + [c for c in samples.SEN_NEEDS_HEADER if c.startswith("number_")]
    _check_sums(frame, ["time_period", "breakdown_topic", "breakdown"], counts)
    num = frame[counts].astype(int)
    assert (num[counts[1:]].sum(axis=1) == num.ehc_plans).all()
    keys = ["time_period", "geographic_level", "region_code", "new_la_code", "breakdown_topic", "breakdown"]
    caseload = _read(samples.CASELOAD_FILE).set_index(keys).ehcplans
    assert (caseload.reindex(frame.set_index(keys).index).to_numpy() == frame.ehc_plans.to_numpy()).all()
    assert set(frame.time_period) == {"202122", "202223", "202324", "202425"}


def test_timeliness_sums_and_not_returned_la_year():
    frame = _read(samples.TIMELINESS_FILE)
    counts = [c for c in samples.TIMELINESS_HEADER[12:] if c.startswith("plans_")]
    _check_sums(frame, ["time_period"], counts)
    code, year = samples.NOT_RETURNED
    planted = frame[(frame.new_la_code == code) & (frame.time_period == str(year))].iloc[0]
    assert (planted[samples.TIMELINESS_HEADER[12:]] == "x").all()
    x_rows = frame[(frame[samples.TIMELINESS_HEADER[12:]] == "x").all(axis=1)]
    assert list(zip(x_rows.new_la_code, x_rows.time_period)) == [(code, str(year))]
    la = frame[(frame.geographic_level == "Local authority") & (frame.plans_issued_den != "x")]
    pct = pd.to_numeric(la.PC_plans_issued_20_weeks_ex, errors="coerce")
    assert pct.min() < 10 and pct.max() > 95
    england = frame[frame.geographic_level == "National"].set_index("time_period")
    for y, target in zip(samples.TIMELINESS_YEARS, samples.WITHIN_20_WEEKS_ENGLAND):
        assert abs(float(england.loc[str(y), "PC_plans_issued_20_weeks_ex"]) - target) < 3


def _mye(year: int, sex: str = "Persons") -> pd.DataFrame:
    rows = _read_xlsx(SAMPLES / samples.MYE_FILE.format(year=year), f"MYE2 - {sex}")
    return pd.DataFrame(rows[8:], columns=rows[7])


MYE_COLUMNS = ["All ages"] + [str(a) for a in range(91)]


@pytest.mark.parametrize("year", samples.MYE_YEARS)
def test_mye_sums_and_areas(year):
    path = SAMPLES / samples.MYE_FILE.format(year=year)
    assert list(_workbook(path)) == ["Cover sheet", "Contents", "Notes", "MYE2 - Persons", "MYE2 - Females",
                                  "MYE2 - Males"]
    assert _read_xlsx(path, "MYE2 - Persons")[0][0].endswith(f"mid-{year}")
    persons = _mye(year)
    values = persons[MYE_COLUMNS].to_numpy(dtype=np.int64)
    assert (values[:, 0] == values[:, 1:].sum(axis=1)).all()
    la = persons[~persons.Geography.isin(["Country", "Region"])]
    assert set(la.Code) == LA_CODES and len(la) == 153
    region_of = geography.local_authorities().set_index("area_code").region_code
    by_region = la.assign(r=la.Code.map(region_of)).groupby("r")[MYE_COLUMNS].sum()
    regions = persons[persons.Geography == "Region"].set_index("Code")[MYE_COLUMNS]
    assert np.array_equal(by_region.sort_index().to_numpy(dtype=np.int64),
                          regions.sort_index().to_numpy(dtype=np.int64))
    england = persons[persons.Geography == "Country"]
    assert england.Name.tolist() == ["ENGLAND"]
    assert np.array_equal(england[MYE_COLUMNS].to_numpy(dtype=np.int64)[0],
                          la[MYE_COLUMNS].to_numpy(dtype=np.int64).sum(axis=0))
    young = la.set_index("Code")[[str(a) for a in range(26)]].sum(axis=1)
    assert 1_000 < young["E09000001"] < 2_000 and 300 < young["E06000053"] < 700


@pytest.mark.parametrize("year", [samples.MYE_YEARS[0], samples.MYE_YEARS[-1]])
def test_mye_persons_are_females_plus_males(year):
    persons, females, males = (_mye(year, sex)[MYE_COLUMNS].to_numpy(dtype=np.int64)
                               for sex in ("Persons", "Females", "Males"))
    assert np.array_equal(persons, females + males)
    assert (males[:, 1:20].sum() / persons[:, 1:20].sum()) == pytest.approx(0.512, abs=0.01)


def test_mye_cohorts_age():
    a, b = _mye(2021).set_index("Code"), _mye(2022).set_index("Code")
    ratio = b[[str(x) for x in range(1, 60)]].to_numpy() / a[[str(x) for x in range(0, 59)]].to_numpy()
    assert np.median(ratio) == pytest.approx(1.0, abs=0.02)


def test_pupils_follow_population():
    school_age = _mye(2024).set_index("Code")[[str(a) for a in range(4, 19)]].sum(axis=1)
    frame = _read(samples.SEN_IN_ENGLAND_FILE)
    pupils = frame[(frame.time_period == "202425") & (frame.geographic_level == "Local authority")
                   & (frame.sen_provision == "Total")].set_index("new_la_code").pupil_count.astype(int)
    ratio = (pupils / school_age.reindex(pupils.index)).drop("E09000001")
    assert ratio.between(0.6, 1.1).all()


def test_every_la_in_every_file():
    for rel in (samples.SEN_IN_ENGLAND_FILE, samples.SEN_PRIMARY_NEED_FILE, samples.CASELOAD_FILE,
                samples.SEN_NEEDS_FILE, samples.TIMELINESS_FILE, samples.NEW_PLANS_FILE, samples.REQUESTS_FILE):
        frame = _read(rel)
        for year, group in frame[frame.geographic_level == "Local authority"].groupby("time_period"):
            assert set(group.new_la_code) == LA_CODES, (rel, year)
        assert set(frame[frame.geographic_level == "Regional"].region_code) == set(geography.regions().area_code)
    sn = _read_xlsx(SAMPLES / samples.SN_FILE, "LA SN Groups")[3:]
    assert {row[0] for row in sn} == LA_DFE and len(sn) == 153
    for row in sn:
        assert set(row[5::2]) <= LA_DFE and row[0] not in row[5::2] and len(set(row[5::2])) == 10
        assert set(row[6::2]) <= set(samples.SN_CLOSENESS)


def test_small_counts_exist_in_breakdowns():
    need = _read(samples.SEN_PRIMARY_NEED_FILE)
    need = need[(need.geographic_level == "Local authority") & (need.sen_primary_need != "Total")]
    assert need.total_pupil_count.astype(int).between(1, 4).any()
    sen2 = _read(samples.SEN_NEEDS_FILE)
    sen2 = sen2[sen2.geographic_level == "Local authority"]
    assert sen2[[c for c in sen2.columns if c.startswith("number_")]].astype(int).isin([1, 2, 3, 4]).any().any()
    age = _read(samples.CASELOAD_FILE)
    age = age[(age.geographic_level == "Local authority") & (age.breakdown_topic == "Child or young persons age")]
    assert age.ehcplans.astype(int).between(1, 4).any()
    tiny = age[age.new_la_code.isin(["E09000001", "E06000053"])]
    assert tiny.ehcplans.astype(int).between(1, 4).any()


@pytest.mark.parametrize("rel", [p[0] for p in CSV_PAIRS])
def test_csv_quotes_only_fields_with_commas(rel):
    text = (SAMPLES / rel).read_bytes().decode("utf-8-sig")
    ending = "\r\n" if "\r\n" in text else "\n"
    rows = list(csv.reader(io.StringIO(text, newline="")))
    buf = io.StringIO()
    csv.writer(buf, lineterminator=ending, quoting=csv.QUOTE_MINIMAL).writerows(rows)
    assert buf.getvalue() == text
    assert '"' in text and all('"' not in cell for row in rows for cell in row)


# --------------------------------------------------------------------------------------------------------------------
# Boundaries
# --------------------------------------------------------------------------------------------------------------------

def test_boundary_file():
    import geopandas as gpd

    path = SAMPLES / BOUNDARY
    assert path.stat().st_size < 1_000_000
    frame = gpd.read_file(path)
    assert len(frame) == 153 and set(frame.CTYUA23CD) == LA_CODES
    assert list(frame.columns) == ["CTYUA23CD", "CTYUA23NM", "geometry"]
    assert frame.crs.to_epsg() == 4326
    assert frame.geometry.is_valid.all() and not frame.geometry.is_empty.any()
    assert set(frame.geom_type) <= {"Polygon", "MultiPolygon"}
    licence = (SAMPLES / samples.BOUNDARY_LICENCE_FILE).read_text(encoding="utf-8")
    assert ("Source: Office for National Statistics licensed under the Open Government Licence v.3.0. Contains OS "
            "data © Crown copyright and database right 2023") in " ".join(licence.split())


@needs_shared
def test_boundary_rebuild_is_reproducible(tmp_path):
    source = (REAL / "ons_boundaries"
              / "Counties_and_Unitary_Authorities_December_2023_Boundaries_UK_BSC_4952317392296043005.geo.json")
    samples.write_boundaries(tmp_path, source)
    assert (tmp_path / BOUNDARY).read_bytes() == (SAMPLES / BOUNDARY).read_bytes()
