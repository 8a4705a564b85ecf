"""witan.send transitions: reading (every error word for word), counts, rates and the projection, checked by hand."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from jsnakit.projection import common, transition_fit, transition_projection
from jsnakit.projection import transitions as tr
from jsnakit.core.errors import ArgumentError, Failure, InputError
from jsnakit.projection import PROJECTION_COLUMNS
from jsnakit.projection.transitions import (NONSEND, TRANSITION_COLUMNS, joiner_rates, project_transitions, read_transitions,
                                 synthetic_transitions, transition_counts, transition_rates)
from jsnakit.sources.transitions import check_transitions

AREA = "E06000001"

# The first eleven lines of witan.send's demo transitions file, quoted as published:
# https://github.com/MastodonC/witan.send/blob/4f51451afbd013ae89c67eab1c4756c1d7f34fe6/data/demo/data/transitions.csv
# (last changed in commit 30e1e431abe17a95bc999bed877af1c97ef6b392, "new demo data"; 8,351 rows, 2013-2016).
WITAN_DEMO = """calendar-year,setting-1,need-1,academic-year-1,setting-2,need-2,academic-year-2
2013,NONSEND,NONSEND,-3,P,U,-2
2013,B,X,5,B,X,6
2013,B,Y,6,B,Y,7
2013,A,U,6,A,U,7
2013,F,T,3,B,T,4
2013,B,T,7,B,T,8
2013,A,U,0,A,U,1
2013,N,U,10,N,U,11
2013,A,U,6,A,U,7
2013,R,X,9,R,X,10
"""

# Ten pupils, one year (January 2023 -> January 2024), one need, mainstream (MS) and special (SS):
TINY_ROWS = [
    (2023, "MS", "ASD", 5, "MS", "ASD", 6),
    (2023, "MS", "ASD", 5, "MS", "ASD", 6),
    (2023, "MS", "ASD", 5, "SS", "ASD", 6),
    (2023, "MS", "ASD", 5, NONSEND, NONSEND, 6),
    (2023, "SS", "ASD", 5, "SS", "ASD", 6),
    (2023, "SS", "ASD", 5, "SS", "ASD", 6),
    (2023, "MS", "ASD", 6, "SS", "ASD", 7),
    (2023, "MS", "ASD", 6, NONSEND, NONSEND, 7),
    (2023, NONSEND, NONSEND, 4, "MS", "ASD", 5),
    (2023, NONSEND, NONSEND, 4, "MS", "ASD", 5),
]


def tiny(extra=()) -> pd.DataFrame:
    return pd.DataFrame(list(TINY_ROWS) + list(extra), columns=TRANSITION_COLUMNS)


def _write(tmp_path, text: str, name="transitions.csv", encoding="utf-8", newline="\n") -> str:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return str(path)


def _cell(frame, period, age, setting, need="ASD", column="median"):
    row = frame[(frame["period"] == period) & (frame["age_band"] == age) & (frame["setting"] == setting)
                & (frame["need"] == need)]
    assert len(row) == 1
    return float(row[column].iloc[0])


def _total(frame, column="median"):
    rows = frame[(frame["age_band"] == "All") & (frame["setting"] == "All") & (frame["need"] == "All")]
    return rows.set_index("period")[column]


# --------------------------------------------------------------------------------------------------------------------
# reading

def test_reads_witan_demo_lines(tmp_path):
    t = read_transitions(_write(tmp_path, WITAN_DEMO))
    assert list(t.columns) == TRANSITION_COLUMNS
    assert len(t) == 10
    assert t["calendar_year"].dtype == np.int64 and t["academic_year_1"].dtype == np.int64
    # Row 2 of the file: a joiner to setting P, need U in NCY -2 (from NONSEND in NCY -3).
    assert t.iloc[0].tolist() == [2013, NONSEND, NONSEND, -3, "P", "U", -2]
    assert (t["academic_year_2"] == t["academic_year_1"] + 1).all()
    counts = transition_counts(t)
    # By reading the ten lines: 1 joiner (line 2), 1 mover (F -> B, line 6), no leaver, 8 stayers; A/U in NCY 6 -> 7
    # twice (lines 5 and 10).
    assert counts.groupby("transition")["count"].sum().to_dict() == {"joiner": 1, "mover": 1, "stayer": 8}
    twice = counts[(counts["academic_year_1"] == 6) & (counts["setting_1"] == "A")]
    assert twice[["setting_2", "need_2", "academic_year_2", "transition", "count"]].values.tolist() == [
        ["A", "U", 7, "stayer", 2]]
    assert list(counts.columns) == tr.COUNT_COLUMNS


def test_bom_crlf_latin1_and_spellings_are_tolerated(tmp_path):
    bom = _write(tmp_path, "\ufeff" + WITAN_DEMO, "bom.csv", newline="\r\n")
    assert read_transitions(bom).equals(read_transitions(_write(tmp_path, WITAN_DEMO, "plain.csv")))
    latin = ("Calendar Year,SETTING_1,need_1,academic_year_1,Setting 2,need-2,academic-year-2,pupil_id\n"
             "2023,Collège,SEMH,9,Collège,SEMH,10,17\n"
             "2023,nonsend,NonSend,8,Collège,SEMH,9,18\n"
             ",,,,,,,\n")
    t = read_transitions(_write(tmp_path, latin, "latin.csv", encoding="latin-1"))
    assert t["setting_1"].tolist() == ["Collège", NONSEND]          # Latin-1 decoded; NONSEND in any case
    assert t["need_1"].tolist() == ["SEMH", NONSEND]
    assert len(t) == 2                                              # the wholly blank row is skipped


def test_every_bad_cell_is_reported_at_once(tmp_path):
    text = WITAN_DEMO.splitlines()[0] + "\n" + "\n".join([
        "2023,MS,ASD,5,MS,ASD,6",                                 # row 2: fine
        "20x3,MS,ASD,5,MS,ASD,6",                                 # row 3
        "2023,MS,ASD,five,MS,ASD,6",                              # row 4
        "2023,MS,ASD,25,MS,ASD,26",                               # row 5
        "2023,MS,ASD,5,MS,ASD,7",                                 # row 6
        "2023,NONSEND,ASD,4,MS,ASD,5",                            # row 7
        "2023,MS,NONSEND,5,MS,ASD,6",                             # row 8
        "2023,NONSEND,NONSEND,4,NONSEND,NONSEND,5",               # row 9
        "2023,,ASD,5,MS,ASD,6",                                   # row 10
        "2023,NONSEND,NONSEND,-7,MS,ASD,-6",                      # row 11
        "1850,MS,ASD,5,MS,ASD,6",                                 # row 12
    ]) + "\n"
    path = _write(tmp_path, text, "bad.csv")
    with pytest.raises(InputError) as err:
        read_transitions(path)
    f = path
    year = "expected a calendar year from 1900 to 2100 (the year of the first January)"
    send = "expected a national curriculum year from -5 to 21 (ages 0 to 25)"
    lines = [
        f"{f}, row 3, column 'calendar-year': {year}; got '20x3'",
        f"{f}, row 4, column 'academic-year-1': expected a national curriculum year (a whole number, e.g. 5 or -1); "
        "got 'five'",
        f"{f}, row 5, column 'academic-year-1': {send}; got '25'",
        f"{f}, row 5, column 'academic-year-2': {send}; got '26'",
        f"{f}, row 6, column 'academic-year-2': expected academic-year-1 + 1 = 6 (witan.send models one year a year); "
        "got '7'",
        f"{f}, row 7, column 'need-1': expected NONSEND, as setting-1 is NONSEND (both or neither); got 'ASD'",
        f"{f}, row 8, column 'need-1': expected a need code, as setting-1 is not NONSEND (both or neither); "
        "got 'NONSEND'",
        f"{f}, row 9, column 'setting-2': expected a setting: a row NONSEND on both sides records no one with a plan; "
        "got 'NONSEND'",
        f"{f}, row 10, column 'setting-1': expected a setting code, or NONSEND; got ''",
        f"{f}, row 11, column 'academic-year-1': expected a national curriculum year from -6 to 20 for a joiner (the "
        "year below the one joined); got '-7'",
    ]
    more = [
        f"{f}, row 11, column 'academic-year-2': {send}; got '-6'",
        f"{f}, row 12, column 'calendar-year': {year}; got '1850'",
    ]
    assert str(err.value) == "\n".join(lines + ["... and 2 more (see .failures)"])
    table = err.value.failures
    assert len(table) == 12
    assert [str(Failure(*r)) for r in table.itertuples(index=False)] == lines + more


def test_missing_columns_and_empty_files(tmp_path):
    path = _write(tmp_path, "calendar-year,setting-1,need-1,academic-year-1,setting-2,academic-year-2\n"
                            "2023,MS,ASD,5,MS,6\n", "short.csv")
    with pytest.raises(InputError) as err:
        read_transitions(path)
    header = "['calendar-year', 'setting-1', 'need-1', 'academic-year-1', 'setting-2', 'academic-year-2']"
    assert str(err.value) == (f"{path}, row 1, column 'need_2': expected this column in the header (witan.send "
                              f"writes it 'need-2'); got \"header {header}\"")
    blank = _write(tmp_path, WITAN_DEMO.splitlines()[0] + "\n,,,,,,\n", "blank.csv")
    with pytest.raises(InputError) as err:
        read_transitions(blank)
    assert str(err.value) == f"{blank}, row 2: expected data rows below the header; got 'only blank rows'"
    empty = _write(tmp_path, "", "empty.csv")
    with pytest.raises(InputError) as err:
        read_transitions(empty)
    assert str(err.value) == f"{empty}: expected a CSV file with a header row; got 'an empty file'"


# --------------------------------------------------------------------------------------------------------------------
# counts and rates

def test_counts_of_the_tiny_table():
    c = transition_counts(tiny())
    # By hand from TINY_ROWS: NCY 5 MS: 2 stay, 1 to SS, 1 leaves; NCY 5 SS: 2 stay; NCY 6 MS: 1 to SS, 1 leaves;
    # 2 joiners to NCY 5 MS.
    got = {(r.academic_year_1, r.setting_1, r.setting_2, r.transition): r.count for r in c.itertuples()}
    assert got == {(4, NONSEND, "MS", "joiner"): 2, (5, "MS", "MS", "stayer"): 2, (5, "MS", NONSEND, "leaver"): 1,
                   (5, "MS", "SS", "mover"): 1, (5, "SS", "SS", "stayer"): 2, (6, "MS", NONSEND, "leaver"): 1,
                   (6, "MS", "SS", "mover"): 1}
    assert c["count"].sum() == 10


def _rate(rates, a1, s1, s2):
    row = rates[(rates["academic_year_1"] == a1) & (rates["setting_1"] == s1) & (rates["setting_2"] == s2)]
    assert len(row) == 1
    return row.iloc[0]


def test_posterior_probabilities_by_hand():
    rates = transition_rates(tiny())
    assert list(rates.columns) == tr.RATE_COLUMNS
    # Prior of NCY 5 (whole table): 6 persons, 1 leaver -> leaving share (1 + 0.5) / (6 + 1) = 1.5/7; staying
    # 5.5/7 split as NCY 5's setting moves (from MS: 2 MS, 1 SS -> 2/3, 1/3; from SS: SS 1); need ASD stays ASD.
    # State (5, MS, ASD), weight 1: observed 2 stay, 1 to SS, 1 leaves (4 persons), so
    #   leave (1 + 1.5/7) / 5 = 8.5/35, stay (2 + 11/21) / 5 = 53/105, to SS (1 + 5.5/21) / 5 = 26.5/105.
    assert _rate(rates, 5, "MS", NONSEND)["probability"] == pytest.approx(8.5 / 35)
    assert _rate(rates, 5, "MS", "MS")["probability"] == pytest.approx(53 / 105)
    assert _rate(rates, 5, "MS", "SS")["probability"] == pytest.approx(26.5 / 105)
    assert _rate(rates, 5, "MS", "SS")["prior"] == pytest.approx(5.5 / 21)
    assert _rate(rates, 5, "MS", "SS")["observed"] == 1
    # (5, SS): 2 stay of 2; leave (0 + 1.5/7) / 3 = 1.5/21, stay (2 + 5.5/7) / 3 = 19.5/21.
    assert _rate(rates, 5, "SS", NONSEND)["probability"] == pytest.approx(1.5 / 21)
    assert _rate(rates, 5, "SS", "SS")["probability"] == pytest.approx(19.5 / 21)
    # NCY 6: 2 persons, 1 leaver -> share 1.5/3 = 0.5; MS: 1 to SS, 1 leaves -> (1 + 0.5) / 3 each.
    # SS never left from at NCY 6: stays SS (SS is seen at NCY 7), prior only: 0.5 and 0.5.
    assert _rate(rates, 6, "MS", NONSEND)["probability"] == pytest.approx(0.5)
    assert _rate(rates, 6, "MS", "SS")["probability"] == pytest.approx(0.5)
    assert _rate(rates, 6, "SS", "SS")["probability"] == pytest.approx(0.5)
    # NCY 7: no one seen after it, SS not seen at NCY 8: everyone leaves.
    assert _rate(rates, 7, "SS", NONSEND)["probability"] == pytest.approx(1.0)
    # Joiner mix of NCY 5: both joiners went to MS/ASD.
    assert _rate(rates, 4, NONSEND, "MS")["probability"] == pytest.approx(1.0)
    # Every state's probabilities sum to 1.
    sums = rates.groupby(["academic_year_1", "setting_1", "need_1"])["probability"].sum()
    np.testing.assert_allclose(sums, 1.0)
    # A negligible prior leaves the observed shares: 2/4 stay, 1/4 to SS, 1/4 leave.
    mle = transition_rates(tiny(), prior_weight=1e-9)
    assert [_rate(mle, 5, "MS", s)["probability"] for s in ("MS", "SS", NONSEND)] == pytest.approx([0.5, .25, .25])


def test_window_counts_only_the_latest_years_but_the_prior_sees_all():
    two = tiny([(2022, "MS", "ASD", 5, NONSEND, NONSEND, 6)])
    # Pooled NCY 5 over both years: 7 persons, 2 leavers -> (2 + 0.5) / 8 = 0.3125.
    # window 1 (2023 only): (1 + 0.3125) / (4 + 1) = 0.2625; window 2: (2 + 0.3125) / (5 + 1) = 0.385416...
    assert _rate(transition_rates(two, window=1), 5, "MS", NONSEND)["probability"] == pytest.approx(0.2625)
    assert _rate(transition_rates(two, window=2), 5, "MS", NONSEND)["probability"] == pytest.approx(2.3125 / 6)
    j = joiner_rates(two, window=2).set_index("academic_year")
    assert j.loc[5, ["years", "joiners", "per_year"]].tolist() == [2, 2, 1.0]      # 2 joiners over 2 years
    assert j.loc[5, "age_band"] == "9" and j.loc[-2, "age_band"] == "under 3" and j.loc[21, "age_band"] == "25"


def _population(by_age: dict[int, float], year=2023, area=AREA) -> pd.DataFrame:
    rows = [dict(period=str(year), age=float(a), population=float(p)) for a, p in by_age.items()]
    return pd.DataFrame(rows).assign(source="test", area_code=area, area_name="Hartlepool",
                                     area_type="unitary authority", sex="persons")


def test_joiner_rates_per_head():
    j = joiner_rates(tiny(), _population({7: 500, 8: 1500, 9: 1000}), area_code=AREA).set_index("academic_year")
    assert list(j.reset_index().columns) == tr.JOINER_COLUMNS
    # 2 joiners to NCY 5 (age 9 on 31 August) in 2023 against mid-2023 persons aged 9: 1,000.
    assert j.loc[5, ["joiners", "population", "per_year", "per_head"]].tolist() == [2, 1000.0, 2.0, 0.002]
    assert j.loc[6, "per_head"] == 0.0
    assert joiner_rates(tiny())["per_head"].isna().all()


# --------------------------------------------------------------------------------------------------------------------
# projection

def test_deterministic_path_is_the_hand_computation():
    out = project_transitions(tiny(), area_code=AREA, years=2, uncertainty=False)
    assert list(out.columns) == PROJECTION_COLUMNS[:4] + ["setting"] + PROJECTION_COLUMNS[4:]
    assert set(out["scenario"]) == {"transition rates held"}
    # January 2024 (the start): NCY 5 MS 2 (the joiners), NCY 6 MS 2, NCY 6 SS 3, NCY 7 SS 1: 8 persons.
    # January 2025 ("2024/25"), with the probabilities of test_posterior_probabilities_by_hand:
    #   5 MS (2): 2 x 8.5/35 = 17/35 leave, 2 x 53/105 = 106/105 stay MS (NCY 6), 2 x 26.5/105 = 53/105 to SS;
    #   6 MS (2): 1 leaves, 1 to 7 SS;  6 SS (3): 1.5 leave, 1.5 to 7 SS;  7 SS (1): leaves (aged on past SS's NCYs);
    #   joiners to 5 MS: 2 a year (the window's mean, no population).
    # Leaving: 17/35 + 1 + 1.5 + 1 = 139.5/35 = 3.985714; caseload 8 - 139.5/35 + 2 = 210.5/35 = 6.014286.
    assert _cell(out, "2024/25", "9", "MS") == pytest.approx(2.0)            # NCY 5 = age 9
    assert _cell(out, "2024/25", "10", "MS") == pytest.approx(106 / 105)
    assert _cell(out, "2024/25", "10", "SS") == pytest.approx(53 / 105)
    assert _cell(out, "2024/25", "11", "SS") == pytest.approx(2.5)
    assert _total(out)["2024/25"] == pytest.approx(210.5 / 35)
    assert 8 + 2 - _total(out)["2024/25"] == pytest.approx(139.5 / 35)      # the leavers
    # January 2026: 7 SS = (106/105 + 53/105) x 0.5 = 159/210; total 2 + 106/105 + 53/105 + 159/210 = 4.271429.
    assert _cell(out, "2025/26", "11", "SS") == pytest.approx(159 / 210)
    assert _total(out)["2025/26"] == pytest.approx(2 + 477 / 210)
    # Subtotals: setting SS, all ages, 2024/25 = 53/105 + 2.5.
    assert _cell(out, "2024/25", "All", "SS", "All") == pytest.approx(53 / 105 + 2.5)
    # No uncertainty: the five figures are one.
    assert (out[["lower_50", "upper_50", "lower_95", "upper_95"]].to_numpy().T == out["median"].to_numpy()).all()
    # Every combination of age (24 SEN2 ages), setting (2) and need (1) and their "All"s, per year.
    assert len(out) == 2 * (25 * 3 * 2)


def test_population_drives_the_joiners_and_is_aged_on():
    pop = _population({7: 500, 8: 1500, 9: 1000})
    out = project_transitions(tiny(), pop, area_code=AREA, years=2, uncertainty=False)
    # Rate 2 / 1,000 (mid-2023 aged 9). 2024/25 uses mid-2024 aged 9 = mid-2023 aged 8 aged on = 1,500 -> 3 joiners;
    # 2025/26 uses mid-2025 aged 9 = mid-2023 aged 7 = 500 -> 1.
    assert _cell(out, "2024/25", "9", "MS") == pytest.approx(3.0)
    assert _cell(out, "2025/26", "9", "MS") == pytest.approx(1.0)
    assert _total(out)["2024/25"] == pytest.approx(210.5 / 35 + 1)


def test_simulations_average_to_the_deterministic_path():
    fit = transition_fit.fit_transitions(check_transitions(tiny()), window=3, weight=1.0)
    arr = transition_projection._arrays(fit, np.full(27, 1.0), np.ones((2, 27)))
    raw = transition_projection._simulate(arr, years=2, simulations=4000, rng=np.random.default_rng(7))
    assert raw.dtype == np.int32 and (raw >= 0).all()
    draws = raw.sum(axis=(2, 3))
    expected = transition_projection._expect(arr, years=2).sum(axis=(2, 3))[0]
    np.testing.assert_allclose(expected, [210.5 / 35, 2 + 477 / 210])
    # The totals' standard deviations are about 2.6 and 3.2 (joiners alone: Gamma(2, 1)-Poisson, variance
    # 2 + 2^2/2 = 4), so the mean of 4,000 draws is within 0.25 (5 standard errors of 3.2/sqrt(4000)) of the
    # expectation.
    assert np.abs(draws.mean(axis=0) - expected).max() < 0.25
    assert 2.0 < draws[:, 0].std() < 3.2


def test_seeds_reproduce_and_quantiles_are_ordered():
    t = synthetic_transitions(seed=3, plans=300, years=3)
    a = project_transitions(t, area_code=AREA, years=3, simulations=200, seed=11)
    b = project_transitions(t, area_code=AREA, years=3, simulations=200, seed=11)
    c = project_transitions(t, area_code=AREA, years=3, simulations=200, seed=12)
    pd.testing.assert_frame_equal(a, b)
    assert not a["median"].equals(c["median"]) or not a["upper_95"].equals(c["upper_95"])
    q = a[["lower_95", "lower_50", "median", "upper_50", "upper_95"]].to_numpy()
    assert (np.diff(q, axis=1) >= 0).all()
    total = _total(a)
    assert (total > 0).all()
    assert (_total(a, "upper_95") - _total(a, "lower_95") > 0).all()          # uncertainty widens


def test_totals_are_summed_inside_each_simulation():
    # Three simulations of two settings in one age: MS 0, 1, 2 and SS 2, 1, 0 -> the total is 2 in every one.
    draws = np.zeros((3, 1, len(tr.AGE_BANDS), 2), dtype=np.int32)
    nine = tr.AGE_BANDS.index("9")
    draws[:, 0, nine, 0] = [0, 1, 2]
    draws[:, 0, nine, 1] = [2, 1, 0]
    out = transition_projection._frame(draws, AREA, ["2024/25"], ["MS", "SS"], ["ASD"])
    total = out[(out["age_band"] == "All") & (out["setting"] == "All") & (out["need"] == "All")].iloc[0]
    assert total[["median", "lower_95", "upper_95"]].tolist() == [2.0, 2.0, 2.0]
    ms = out[(out["age_band"] == "9") & (out["setting"] == "MS") & (out["need"] == "ASD")].iloc[0]
    # numpy's linear quantile of 0, 1, 2 at 0.975 is 1.95: the parts' upper limits add to 3.9, not the total's 2.
    assert ms[["median", "lower_50", "upper_50", "lower_95", "upper_95"]].tolist() == pytest.approx(
        [1.0, 0.5, 1.5, 0.05, 1.95])
    np.testing.assert_array_equal(common.summarise_draws(np.array([[0], [1], [2], [7]])),
                                  np.quantile([0, 1, 2, 7], [0.5, 0.25, 0.75, 0.025, 0.975])[None, :])


def test_realistic_la_is_consistent():
    t = synthetic_transitions(seed=0, plans=800, years=3)
    det = project_transitions(t, area_code=AREA, years=3, uncertainty=False)
    sim = project_transitions(t, area_code=AREA, years=3, simulations=300)
    # The median total stays within 3% of the deterministic path; the start is the 2022 -> 2023 side 2.
    np.testing.assert_allclose(_total(sim), _total(det), rtol=0.03)
    assert list(_total(det).index) == ["2023/24", "2024/25", "2025/26"]
    settings = set(det["setting"]) - {"All"}
    assert settings <= {"EY", "MMS", "MSSR", "SS", "ISS", "FE", "AP", "OTH"}
    # No one in a setting outside its NCYs: early years (EY, NCY -5 to 0) holds no one aged 11.
    assert _cell(det, "2025/26", "11", "EY", "All") == 0.0


# --------------------------------------------------------------------------------------------------------------------
# the synthetic table

def test_synthetic_table_reads_back_and_repeats(tmp_path):
    t = synthetic_transitions(seed=5, plans=150, years=2, first_year=2021)
    path = tmp_path / "synthetic.csv"
    t.rename(columns=lambda c: c.replace("_", "-")).to_csv(path, index=False)
    back = read_transitions(path)
    pd.testing.assert_frame_equal(back.astype(str), t.astype(str))
    pd.testing.assert_frame_equal(synthetic_transitions(seed=5, plans=150, years=2, first_year=2021), t)
    first = t[t["calendar_year"] == 2021]
    assert (first["setting_1"] != NONSEND).sum() == 150                      # everyone of the first January
    assert sorted(t["calendar_year"].unique()) == [2021, 2022]


# --------------------------------------------------------------------------------------------------------------------
# argument errors

@pytest.mark.parametrize("kwargs, message", [
    (dict(years=0), "years must be a whole number from 1 to 50; got 0"),
    (dict(simulations=0), "simulations must be a whole number of at least 1; got 0"),
    (dict(seed=-1), "seed must be a whole number of at least 0; got -1"),
    (dict(window=0), "window must be a whole number of at least 1; got 0"),
    (dict(prior_weight=0), "prior_weight must be a number above 0 (pseudo-persons); got 0"),
    (dict(uncertainty="no"), "uncertainty must be True or False; got 'no'"),
    (dict(area_code=None), "area_code must be a GSS code such as 'E06000001'; got None"),
    (dict(population=[1, 2]), "population must be a frame of jsnakit.core.schema.POPULATION_COLUMNS (persons by single "
                              "year of age); got 'list'"),
    (dict(population=_population({9: 1000}, area="E06000002")),
     "population must hold persons by single year of age for E06000001; got none"),
    (dict(population=_population({8: 1000})),
     "population must hold persons aged 9 in E06000001 for the window's years, where joiners to NCY 5 were seen; "
     "got none"),
])
def test_argument_errors(kwargs, message):
    options = dict(area_code=AREA, years=1, uncertainty=False)
    options.update(kwargs)
    population = options.pop("population", None)
    with pytest.raises(ArgumentError) as err:
        project_transitions(tiny(), population, **options)
    assert str(err.value) == message


def test_bad_transitions_frames():
    with pytest.raises(ArgumentError) as err:
        project_transitions("transitions.csv", area_code=AREA)
    assert str(err.value) == (f"transitions must be a frame with the columns {TRANSITION_COLUMNS} "
                              "(read_transitions); got 'str'")
    with pytest.raises(ArgumentError) as err:
        transition_counts(tiny().iloc[:0])
    assert str(err.value) == "transitions must hold at least one row; got 0"
    bad = tiny()
    bad.loc[3, "academic_year_2"] = 8
    with pytest.raises(ArgumentError) as err:
        transition_rates(bad)
    assert str(err.value) == ("transitions must follow the rules of read_transitions; got 1 bad cells, the first: "
                              "transitions frame, row 3, column 'academic_year_2': expected academic_year_1 + 1 = 6 "
                              "(witan.send models one year a year); got '8'")
    with pytest.raises(ArgumentError) as err:
        joiner_rates(tiny(), _population({9: 1000}))
    assert str(err.value) == "area_code must be a GSS code such as 'E06000001'; got None"
    with pytest.raises(ArgumentError) as err:
        synthetic_transitions(plans=5)
    assert str(err.value) == "plans must be a whole number of at least 10; got 5"
