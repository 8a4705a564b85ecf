"""Protection proven by the interval audit (issue 15): known leaks found, optimal complements, national frames."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from jsnakit import disclosure
from jsnakit.factsheets import batch
from jsnakit.needs import profile
from jsnakit.core import schema
from jsnakit.disclosure import Rules
from jsnakit.core.errors import DisclosureError


def _plans(rows, area="E06000015", area_type="unitary authority", period="2024/25"):
    """EHC plans (a count indicator) by ``(breakdown, category, count)``."""
    frame = schema.empty().reindex(range(len(rows)))
    counts = [float(r[2]) for r in rows]
    return frame.assign(indicator="ehc_plans", area_code=area, area_name="Derby", area_type=area_type, period=period,
                        breakdown=[r[0] for r in rows], category=[r[1] for r in rows], count=counts, value=counts,
                        lower_ci=counts, upper_ci=counts, unit="plans", method="none", comparison="not compared",
                        source="test")


def test_the_audit_finds_a_known_leak_and_names_the_relation():
    # Rochdale's planted case: ages 0-4 = 1 and 20-25 = 2 withheld, the rest shown: 4,866 - 4,863 = 3 between them,
    # so each is pinned between 1 and 2.
    frame = _plans([("All", "All", 4866), ("age_band", "0-4", 1), ("age_band", "5-10", 2000),
                    ("age_band", "11-15", 1900), ("age_band", "16-19", 963), ("age_band", "20-25", 2)])
    leaky = disclosure.apply(frame, Rules(secondary=False))
    found = disclosure.audit(leaky, frame).sort_values("cell")
    assert found["cell"].tolist() == ["EHC plans of Derby in 2024/25 (age_band = 0-4)",
                                      "EHC plans of Derby in 2024/25 (age_band = 20-25)"]
    assert found[["lower", "upper"]].to_numpy().tolist() == [[1.0, 2.0], [1.0, 2.0]]
    assert set(found["relations"]) == {"the age_band categories add up to EHC plans of Derby in 2024/25"}
    assert found.attrs["checked"] == 2


def test_the_optimal_complement_of_a_hand_made_table():
    # Two small cells adding to 3 need one more: the smallest shown (963, 16-19), not 1,900 or 2,000; and it is
    # enough: 1 is then anywhere from 1 to 964.
    frame = _plans([("All", "All", 4866), ("age_band", "0-4", 1), ("age_band", "5-10", 2000),
                    ("age_band", "11-15", 1900), ("age_band", "16-19", 963), ("age_band", "20-25", 2)])
    shown = disclosure.apply(frame)
    assert shown.frame["note"].fillna("").tolist() == ["", "c", "", "", "c", "c"]
    assert shown.reasons.fillna("").tolist() == ["", "small", "", "", "protecting", "small"]
    assert len(disclosure.audit(shown, frame)) == 0


def test_a_protected_table_has_no_finding():
    frame = _plans([("All", "All", 60), ("age_band", "0-4", 3), ("age_band", "5-10", 27), ("age_band", "11-15", 30)])
    shown = disclosure.apply(frame)
    assert shown.frame["note"].fillna("").tolist() == ["", "c", "c", ""]
    result = disclosure.audit(shown, frame)
    assert result.empty and result.attrs["checked"] == 1


def test_england_minus_the_regions():
    # One LA's count planted at 3, its region's other LA at 0: withholding the LA withholds the region too (its
    # figure would be the 3 itself), and England minus the shown regions would then give it back, so another
    # region is withheld as well.
    rows = [("E06000015", "unitary authority", 3), ("E06000016", "unitary authority", 0),  # East Midlands
            ("E12000004", "region", 3), ("E06000001", "unitary authority", 40),  # North East
            ("E12000001", "region", 40), ("E08000001", "metropolitan district", 50),  # North West
            ("E12000002", "region", 50), ("E92000001", "country", 93)]
    frame = pd.concat([_plans([("All", "All", n)], area=a, area_type=t) for a, t, n in rows], ignore_index=True)
    leaky = disclosure.apply(frame, Rules(secondary=False))
    assert "the regions add up to EHC plans of England in 2024/25" in disclosure.audit(leaky, frame)["relations"].iloc[0]
    shown = disclosure.apply(frame)
    notes = dict(zip(shown.frame["area_code"], shown.frame["note"].fillna("")))
    assert notes["E06000015"] == notes["E12000004"] == "c"
    assert notes["E12000001"] == "c"  # the smaller other region (40 before 50) goes too
    assert notes["E92000001"] == ""
    assert len(disclosure.audit(shown, frame)) == 0


def test_a_shown_small_count_is_a_finding():
    frame = _plans([("All", "All", 3)])
    cached = frame.assign(note=np.nan)
    with pytest.raises(DisclosureError, match="row 0 shows a count the rules withhold"):
        disclosure.restore(cached)


def _published(folder):
    """What the factsheets of a data folder publish as counts, and the counts it was made from."""
    from jsnakit.catalog import Catalog

    catalog = Catalog(folder, cache_dir=False)
    return profile.published_all(catalog), profile.published_input(catalog)


@pytest.fixture(scope="module")
def sample_frames(samples):
    return _published(samples)


@pytest.fixture(scope="module")
def real_frames(real):
    return _published(real)


@pytest.mark.slow  # computes the national frame or disclosure of everything published (seconds)
@pytest.mark.parametrize("folder, checked", [("sample_frames", 4000), ("real_frames", 3000)])
def test_everything_published_passes_the_audit(request, folder, checked):
    # The national frame and all 153 need-by-age grids, audited together: every small count of either.
    shown, counts = request.getfixturevalue(folder)
    assert counts["indicator"].eq(profile.NEED_AGE).sum() == 153 * 13 * 6  # 153 LAs x 13 needs x (5 bands, All)
    result = disclosure.audit(shown, counts)
    assert result.empty and result.attrs["checked"] > checked
    batch.audit_published(shown, counts)  # and the batch's check passes


@pytest.mark.parametrize("code, needs", [("E06000015", 6898), ("E06000026", None), ("E08000011", None),
                                         ("E08000012", None), ("E09000009", None)])
def test_the_reviewers_five_factsheets_no_longer_difference(sample_frames, code, needs):
    # Derby, Plymouth, Knowsley, Liverpool, Ealing: the shown primary needs of pupils with an EHC plan used to add
    # up to 3 or 4 fewer than the total shown beside them. Now the withheld needs together are never fewer than 5
    # more than their count (each at least 1), and the total is still shown.
    shown, _ = sample_frames
    f = shown.frame
    total = f[(f.indicator == "ehc_pupils_pct") & (f.area_code == code) & (f.breakdown == "All")]
    latest = total["period"].max()
    total = total[total.period == latest]["count"].item()
    if needs is not None:
        assert total == needs
    parts = f[(f.indicator == "ehc_need_share") & (f.area_code == code) & (f.period == latest)]
    withheld = parts["note"].eq("c").sum()
    assert withheld == 0 or total - parts["count"].sum() - withheld >= 5


@pytest.mark.slow  # computes the national frame or disclosure of everything published (seconds)
def test_a_batch_whose_figures_fail_the_audit_publishes_nothing(sample_frames):
    shown, counts = sample_frames
    leaky = disclosure.apply(counts, Rules(secondary=False))
    with pytest.raises(DisclosureError, match=r"fail the disclosure audit: \d+ small count\(s\) could be narrowed"):
        batch.audit_published(leaky, counts)


def test_rounding_protects_where_exact_figures_would_not():
    # Rounded to 5, the total 50 is 48-52 and the shown ages 20 and 25 are 18-22 and 23-27, so the withheld 3 is
    # anywhere from 1 to 11. Shown exactly, 50 - 22 - 25 gives it back. The audit's first pass credits shown counts
    # exactly (it finds the 3 narrow); its second, with the rounding, clears it.
    frame = _plans([("All", "All", 50), ("age_band", "0-4", 3), ("age_band", "5-10", 22), ("age_band", "11-15", 25)])
    rounded = disclosure.apply(frame, Rules(round_to=5, secondary=False))
    assert rounded.frame["count"].fillna(-1).tolist() == [50.0, -1.0, 20.0, 25.0]
    assert disclosure.audit(rounded, frame).empty
    exact = disclosure.apply(frame, Rules(secondary=False))
    found = disclosure.audit(exact, frame)
    assert found[["lower", "upper"]].to_numpy().tolist() == [[3.0, 3.0]]


@pytest.mark.slow  # computes the national frame or disclosure of everything published (seconds)
def test_the_national_frame_and_the_grids_protected_apart_leak_on_the_real_files(real, real_frames):
    # Why the grids are protected together with the national frame: protected apart (each passes its own audit),
    # the grids' rows and the national need totals beside them pin small counts, e.g. Hartlepool's multi-sensory
    # impairment plans between 1 and 3 from its two-way table and its need shares.
    from jsnakit.catalog import Catalog

    _, counts = real_frames
    grids = counts["indicator"].eq(profile.NEED_AGE).to_numpy()
    national, grid = counts[~grids].reset_index(drop=True), counts[grids].reset_index(drop=True)
    alone = disclosure.apply(national, uncounted_base=profile.uncounted_base(Catalog(real, cache_dir=False)))
    found = disclosure.audit(alone, national, (disclosure.apply(grid), grid))
    assert len(found) > 100
    first = found[found["cell"].str.contains("Hartlepool in 2024/25 \\(primary_need = Multi-sensory")]
    assert first[["lower", "upper"]].values.tolist() == [[1.0, 3.0]]
    assert "the cells of the two-way table add up to" in first["relations"].iloc[0]
