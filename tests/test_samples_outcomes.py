"""Tests of the sample files added for the outcomes, assessment process and deprivation sections (issue 18): the LAIT
``bds_long`` file, SEN2 ``newplans.csv`` and ``requests.csv``, and the IoD 2019 File 11. Each is recognised as the
real file's source, reads with jsnakit's reader, copies the real layout and agrees with the other sample files."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from jsnakit.catalog.registry import identify
from jsnakit.core import geography
from jsnakit.samples import generator as samples
from jsnakit.sources import dfe, lait, mhclg

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data_samples"
REAL = ROOT.parent / "shared" / "data" / "real"
needs_shared = pytest.mark.skipif(not REAL.is_dir(), reason=f"real reference files not found at {REAL}")

# (sample file, real file, catalogue source)
PAIRS = [
    (samples.LAIT_FILE, "dfe_lait/bds_long_0.parquet", "lait"),
    (samples.REQUESTS_FILE, "dfe_ehc_plans_2025/requests.csv", "ehc_requests"),
    (samples.NEW_PLANS_FILE, "dfe_ehc_plans_2025/newplans.csv", "ehc_new_plans"),
    (samples.IMD_FILE, "mhclg_imd2019/File_11_-_IoD2019_Local_Authority_District_Summaries__upper-tier__.xlsx", "imd"),
]
LAS = set(geography.local_authorities()["area_code"])


@pytest.fixture(scope="module")
def bds() -> pd.DataFrame:
    return pd.read_parquet(SAMPLES / samples.LAIT_FILE)


@pytest.fixture(scope="module")
def lait_frame() -> pd.DataFrame:
    return lait.read_lait(SAMPLES / samples.LAIT_FILE)


def _csv(rel: str) -> pd.DataFrame:
    return pd.read_csv(SAMPLES / rel, dtype=str, keep_default_na=False, encoding="utf-8-sig")


@pytest.mark.parametrize("sample, real, source", PAIRS, ids=[p[2] for p in PAIRS])
def test_identified_as_the_real_files_source(sample, real, source):
    assert identify(SAMPLES / sample) == [source]
    if REAL.is_dir():
        assert identify(REAL / real) == [source]


def test_files_read_with_jsnakits_readers(lait_frame):
    assert len(lait_frame) == 61030 and lait_frame["area_code"].notna().all()
    requests = dfe.read_ehc_requests(SAMPLES / samples.REQUESTS_FILE)
    assert set(requests["area_code"]) >= LAS
    new = dfe.read_ehc_new_plans(SAMPLES / samples.NEW_PLANS_FILE)
    assert set(new["area_code"]) >= LAS
    imd = mhclg.read_imd_summary(SAMPLES / samples.IMD_FILE, domain="all")
    assert imd["area_code"].nunique() == 151
    assert set(imd["domain"]) == set(mhclg.DOMAINS)


@needs_shared
def test_lait_layout_matches_real(bds):
    import pyarrow.parquet as pq

    ours, theirs = (pq.read_schema(SAMPLES / samples.LAIT_FILE), pq.read_schema(REAL / PAIRS[0][1]))
    assert ours.names == theirs.names and ours.types == theirs.types
    real = pd.read_parquet(REAL / PAIRS[0][1], columns=["Short Desc", "Years", "LA and Regions", "LA Number",
                                                        "Region"])
    real = real[real["Short Desc"].isin(set(bds["Short Desc"]))]
    # the same measures, in the same order, with the same years and the same 170 areas in each block
    assert bds["Short Desc"].drop_duplicates().tolist() == real["Short Desc"].drop_duplicates().tolist()
    for column in ("Years", "LA Number", "Region"):
        assert bds[column].tolist() == real[column].tolist(), column
    assert "-" in set(bds["Values"]) and "c" not in set(bds["Values"])  # LAIT's own symbol, as the real SEN rows


def test_lait_shares_equal_the_sample_census(lait_frame):
    shares = lait_frame[lait_frame["measure_code"] == "SEN_TotStat"].set_index(["area_code", "period"])["value"]
    # data-special-educational-needs-in-england.csv, EHC plan rows: Islington 202425 2702 of 41312 pupils = 6.54% ->
    # 6.5; Rochdale 202425 4167 of 58765 = 7.09% -> 7.1; Rutland 201920 181 of 5425 = 3.34% -> 3.3
    assert shares[("E09000019", "2025")] == 6.5
    assert shares[("E08000005", "2025")] == 7.1
    assert shares[("E06000017", "2020")] == 3.3
    census = _csv(samples.SEN_IN_ENGLAND_FILE)
    ehc = census[census["sen_provision"] == samples.PROVISION_EHC]
    las = ehc[(ehc["geographic_level"] == "Local authority") & (ehc["time_period"] <= "202425")]
    pct = 100 * las["pupil_count"].astype(int) / census.loc[las.index - 1, "pupil_count"].astype(int).to_numpy()
    key = list(zip(las["new_la_code"], (las["time_period"].astype(int) % 100 + 2000).astype(str)))
    published = shares.reindex(key).to_numpy()
    assert np.isfinite(published).all() and np.abs(published - pct.to_numpy()).max() <= 0.05 + 1e-9


def test_lait_national_levels(lait_frame):
    england = lait_frame[lait_frame["area_code"] == geography.ENGLAND].set_index(["measure_code", "period"])["value"]
    # the real file's England rows for 2025 (KS2 reading, writing and maths; Attainment 8)
    assert england[("NEW_KS2_RWM_Sen_Withsta", "2025")] == pytest.approx(9, abs=1)
    assert england[("NEW_KS2_RWM_Sen_W/Osta", "2025")] == pytest.approx(29, abs=1)
    assert england[("NoID_SEN_NEW_KS2_RWM", "2025")] == pytest.approx(74, abs=1)
    assert england[("SEN_Stat_AVG_Attain8_Score", "2025")] == pytest.approx(14.8, abs=0.3)
    assert england[("SEN_WoStat_AVG_Attain8_Score", "2025")] == pytest.approx(33.8, abs=0.3)
    assert england[("SEN_NoID_AVG_Attain8_Score", "2025")] == pytest.approx(50.2, abs=0.3)
    # DfE cancelled the 2020 and 2021 assessments: no value anywhere
    ks2 = lait_frame[(lait_frame["measure_code"] == "NoID_SEN_NEW_KS2_RWM") & lait_frame["period"].isin(["2020",
                                                                                                          "2021"])]
    assert ks2["value"].isna().all() and set(ks2["note"]) == {"-"}


def test_lait_spread_and_small_areas(lait_frame):
    rows = lait_frame[(lait_frame["measure_code"] == "NEW_KS2_RWM_Sen_W/Osta") & (lait_frame["period"] == "2025")]
    las = rows[rows["area_code"].isin(LAS)].set_index("area_code")["value"]
    assert 4 < las.std() < 10  # the real file: sd 7.7 across LAs
    assert las[["E09000001", "E06000053"]].isna().all()  # City of London, Isles of Scilly: cohorts too small
    counts = lait_frame[(lait_frame["measure_code"] == "SEN_INIT_REQ") & (lait_frame["period"] == "2024")]
    assert counts.set_index("area_code")["value"][["E09000001", "E06000053"]].notna().all()  # counts are shown


def test_lait_process_counts_equal_sen2_requests(lait_frame):
    requests = _csv(samples.REQUESTS_FILE)
    received = requests[requests["geographic_level"] == "Local authority"].set_index(
        ["new_la_code", "time_period"])["requests_received_in_year"].astype(int)
    init = lait_frame[lait_frame["measure_code"] == "SEN_INIT_REQ"].set_index(["area_code", "period"])["value"]
    assert (init.reindex(received.index).to_numpy() == received.to_numpy()).all()
    # requests.csv, Islington 2024: 745 received (LAIT SEN_INIT_REQ 745), 272 refused (36.5%)
    assert init[("E09000019", "2024")] == 745
    refused = lait_frame[lait_frame["measure_code"] == "EHCP_Initial_req_refused"].set_index(["area_code", "period"])
    assert refused.loc[("E09000019", "2024"), "value"] == 36.5


@needs_shared
@pytest.mark.parametrize("rel, real", [(p[0], p[1]) for p in PAIRS[1:3]])
def test_sen2_csv_header_bom_and_line_ends_match_real(rel, real):
    ours, theirs = (SAMPLES / rel).read_bytes(), (REAL / real).read_bytes()
    assert ours.startswith(b"\xef\xbb\xbf") and theirs.startswith(b"\xef\xbb\xbf")
    assert ours.splitlines(keepends=True)[0] == theirs.splitlines(keepends=True)[0]
    assert ours.count(b"\n") == ours.count(b"\r\n")


@needs_shared
def test_sen2_x_columns_are_the_real_ones():
    for rel, real, topic in [(samples.REQUESTS_FILE, PAIRS[1][1], "All requests for EHC needs assessments"),
                             (samples.NEW_PLANS_FILE, PAIRS[2][1], "New EHC plans")]:
        ours = _csv(rel)
        theirs = pd.read_csv(REAL / real, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        theirs = theirs[(theirs["breakdown_topic"] == topic) & (theirs["geographic_level"] == "National")]
        for year, row in theirs.set_index("time_period").iterrows():
            mine = ours[(ours["time_period"] == year) & (ours["geographic_level"] == "National")].iloc[0]
            assert [c for c in ours.columns if mine[c] == "x"] == [c for c in theirs.columns if row.get(c) == "x"]


def test_requests_agree_with_new_plans():
    requests, new = _csv(samples.REQUESTS_FILE), _csv(samples.NEW_PLANS_FILE)
    timeliness = _csv(samples.TIMELINESS_FILE)
    key = ["new_la_code", "time_period"]
    joined = (requests[requests["geographic_level"] == "Local authority"].set_index(key)
              .join(new.set_index(key)["new_ehc_plans"]).join(timeliness.set_index(key)["plans_issued_den"]))
    recent = joined[joined.index.get_level_values(1).isin(["2023", "2024"])]
    assessed, plans = recent["requests_decided_to_assess"].astype(int), recent["new_ehc_plans"].astype(int)
    # England (National rows): assessed 55113 >= 53983 new plans in 2023, 62071 >= 60087 in 2024
    england = requests[requests["geographic_level"] == "National"].set_index("time_period")
    england_new = new[new["geographic_level"] == "National"].set_index("time_period")["new_ehc_plans"].astype(int)
    assert england.loc["2024", "requests_decided_to_assess"] == "62071" and england_new["2024"] == 60087
    recent_years = ["2023", "2024"]
    assert (england.loc[recent_years, "requests_decided_to_assess"].astype(int) >= england_new[recent_years]).all()
    assert ((assessed >= 0.8 * plans) | (plans < 20)).mean() > 0.95  # roughly, LA by LA
    returned = joined[joined["plans_issued_den"] != "x"]
    assert (returned["new_ehc_plans"].astype(int) >= returned["plans_issued_den"].astype(int)).all()
    received = joined[["requests_decided_to_assess", "requests_decided_not_to_assess", "requests_decision_not_made",
                       "requests_withdrawn"]]
    decided = received[received.index.get_level_values(1) >= "2023"].astype(int).sum(axis=1)
    assert (decided == joined.loc[decided.index, "requests_received_in_year"].astype(int)).all()
    mediated = (recent["mediation_related_request"].astype(int).sum()
                / recent["requests_received_in_year"].astype(int).sum())
    assert 0.05 < mediated < 0.09  # England 2024: 10,507 of 154,489 (6.8%)


@needs_shared
def test_imd_layout_matches_real():
    from python_calamine import CalamineWorkbook

    ours = CalamineWorkbook.from_path(str(SAMPLES / samples.IMD_FILE))
    theirs = CalamineWorkbook.from_path(str(REAL / PAIRS[3][1]))
    assert ours.sheet_names == theirs.sheet_names
    for name in theirs.sheet_names[1:]:
        mine, real = ours.get_sheet_by_name(name).to_python(), theirs.get_sheet_by_name(name).to_python()
        assert mine[0] == real[0], name  # the header, trailing spaces included
        assert len(mine) == len(real) == 152
        assert sorted(r[0] for r in mine[1:]) == [r[0] for r in mine[1:]]


def test_imd_correlates_with_prevalence_as_in_reality():
    from scipy import stats

    imd = mhclg.read_imd_summary(SAMPLES / samples.IMD_FILE, domain="IMD")
    score = imd[imd["measure"] == "average_score"].dropna(subset=["current_code"]).set_index("current_code")["value"]
    census = _csv(samples.SEN_IN_ENGLAND_FILE)
    ehc = census[(census["sen_provision"] == samples.PROVISION_EHC) & (census["time_period"] == "202425")
                 & (census["geographic_level"] == "Local authority")].set_index("new_la_code")["pupil_percent"]
    both = pd.concat([score, ehc.astype(float)], axis=1, join="inner")
    assert len(both) == 149  # 151 LAs of 2019, less Cumbria and Northamptonshire (split since)
    rho = stats.spearmanr(both.iloc[:, 0], both.iloc[:, 1])[0]
    assert 0.1 < rho < 0.4
