"""Statistical disclosure control: small counts and what is built on them never leave disclosure.apply()."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from jsnakit import disclosure
from jsnakit.core import schema
from jsnakit.disclosure import Disclosed, Rules
from jsnakit.core.errors import ArgumentError, DisclosureError


def _needs(counts, denominator=100.0, area="E09000019"):
    frame = schema.empty().reindex(range(len(counts)))
    return frame.assign(
        indicator="ehc_need_share", area_code=area, area_name="Islington", area_type="london borough",
        period="2025/26", breakdown="primary_need", category=[f"need {i}" for i in range(len(counts))],
        count=[float(c) for c in counts], denominator=denominator,
        value=[100 * c / denominator for c in counts], lower_ci=[100 * c / denominator - 1 for c in counts],
        upper_ci=[100 * c / denominator + 1 for c in counts], confidence=0.95, unit="%", method="Wilson",
        comparator_code="E92000001", comparison="higher", note=np.nan, source="test",
    )


def test_counts_one_to_four_are_suppressed_with_what_is_built_on_them():
    out = disclosure.apply(_needs([0, 1, 4, 5, 90]), Rules(secondary=False)).frame
    assert out["count"].tolist()[0] == 0.0  # a true zero is published
    assert out["count"].isna().tolist() == [False, True, True, False, False]
    suppressed = out.iloc[1:3]
    assert suppressed[["value", "lower_ci", "upper_ci", "denominator"]].isna().all().all()
    assert suppressed["note"].tolist() == ["c", "c"]
    assert suppressed["comparison"].tolist() == ["not compared"] * 2
    assert out.loc[3, "value"] == 5.0 and out.loc[3, "comparison"] == "higher"


def test_small_denominator_suppresses_the_rate():
    out = disclosure.apply(_needs([2, 3], denominator=4.0)).frame
    assert out["value"].isna().all() and set(out["note"]) == {"c"}


def test_secondary_suppression_protects_the_lone_cell():
    # One need of 3 among 40, 20 and 37 (total 100): withholding only the 3 lets it be recovered as 100 - 97,
    # so the next smallest count (20) is withheld too. Both read "c": only the analyst's reasons tell them apart.
    shown = disclosure.apply(_needs([40, 3, 20, 37]))
    out = shown.frame
    assert out["note"].fillna("").tolist() == ["", "c", "c", ""]
    assert out["count"].isna().tolist() == [False, True, True, False]
    assert shown.reasons.fillna("").tolist() == ["", disclosure.SMALL, disclosure.PROTECTING, ""]


def test_no_secondary_suppression_when_two_withheld_cells_hide_each_other():
    # 4 withheld, then 9 beside it: together 13, so each is anywhere from 1 to 12, a range wider than the rule.
    out = disclosure.apply(_needs([4, 9, 20, 67])).frame
    assert out["note"].fillna("").tolist() == ["c", "c", "", ""]


def test_two_small_cells_that_add_to_less_than_the_rule_get_a_third():
    # Derby's case: 2 and 3 withheld add to 5, so each is pinned between 1 and 4: the next smallest (20) goes too.
    out = disclosure.apply(_needs([2, 3, 20, 75])).frame
    assert out["note"].fillna("").tolist() == ["c", "c", "c", ""]


def test_secondary_is_per_area():
    frame = pd.concat([_needs([40, 3, 57]), _needs([40, 30, 30], area="E08000005")], ignore_index=True)  # Rochdale: North West
    out = disclosure.apply(frame).frame
    assert out["note"].fillna("").tolist() == ["c", "c", "", "", "", ""]  # 40 is the next smallest


def test_rounding_to_five():
    out = disclosure.apply(_needs([12, 48]), Rules(round_to=5)).frame
    assert out["count"].tolist() == [10.0, 50.0]


def test_input_not_mutated_and_frame_is_a_copy():
    frame = _needs([1, 99])
    before = frame.copy()
    shown = disclosure.apply(frame)
    pd.testing.assert_frame_equal(frame, before)
    copy = shown.frame
    copy.loc[0, "count"] = 1.0
    assert np.isnan(shown.frame.loc[0, "count"])
    # the copy is lazy under copy-on-write: no way of changing it reaches the disclosed frame
    snapshot = shown.frame.copy(deep=True)
    copy = shown.frame
    copy["value"] = 0.0
    copy["count"] = copy["count"].fillna(3.0)
    copy.fillna({"note": "x"}, inplace=True)
    copy.iloc[1, copy.columns.get_loc("denominator")] = -1.0
    pd.testing.assert_frame_equal(shown.frame, snapshot)
    assert snapshot["value"].isna().all() and snapshot["note"].notna().all()  # so each change above shows


def test_the_rules_of_a_disclosed_frame_cannot_be_changed():
    shown = disclosure.apply(_needs([1, 99]))
    assert shown.rules == Rules()
    with pytest.raises(AttributeError):
        shown.rules = Rules(threshold=1)  # what is drawn from it later (the gap analysis' need) keeps its rules
    with pytest.raises(AttributeError):
        shown.threshold = 1  # no new attributes either (slots)
    with pytest.raises(Exception, match="cannot assign to field"):
        shown.rules.threshold = 1  # frozen
    assert shown.rules == Rules() and shown.query(area_code="E09000019").rules == Rules()


def test_only_apply_makes_a_disclosed_frame():
    with pytest.raises(DisclosureError, match=r"a Disclosed frame is made only by jsnakit.disclosure.apply\(\)"):
        Disclosed(_needs([10]), Rules())
    with pytest.raises(DisclosureError, match="only frames that passed disclosure control can be drawn or written"):
        disclosure.require(_needs([10]))
    with pytest.raises(DisclosureError, match=r"disclosure.apply\(\) takes an indicator frame"):
        disclosure.apply(pd.DataFrame({"count": [1]}))


def test_rules_are_validated_and_described():
    with pytest.raises(ArgumentError, match="threshold must be a whole number of at least 1; got 0"):
        Rules(threshold=0)
    with pytest.raises(ArgumentError, match="round_to must be None or a whole number of at least 1; got 2.5"):
        Rules(round_to=2.5)
    assert Rules().describe().startswith("Counts from 1 to 4, and every percentage or rate built on them, are suppressed")
    assert disclosure.describe_note("c") == "suppressed to protect small counts"
    assert disclosure.describe_note(np.nan) == ""


def test_query_keeps_it_disclosed():
    shown = disclosure.apply(_needs([10, 20, 30]))
    part = shown.query(category=["need 0", "need 2"])
    assert isinstance(part, Disclosed) and len(part) == 2
    with pytest.raises(ArgumentError, match="query column must be one of"):
        shown.query(colour="red")


def test_small_complement_of_a_proportion_is_suppressed():
    # 18 of 20 new plans on time publishes that 2 were not: withheld. 15 of 20 (5 not) is published.
    frame = _needs([18, 15], denominator=20.0)
    out = disclosure.apply(frame, Rules(secondary=False)).frame
    assert out["note"].fillna("").tolist() == ["c", ""]
    counts_only = frame.assign(method="none", denominator=np.nan, count=[18.0, 15.0])
    assert disclosure.apply(counts_only, Rules(secondary=False)).frame["count"].tolist() == [18.0, 15.0]


def test_secondary_across_the_las_of_a_region():
    # Islington's 3 among three London boroughs, with London's total published: London minus the other two would give
    # it back, so a need-1 count of another borough (the smallest, 30: Camden before Westminster) is withheld too.
    # Each withheld cell then stands alone in its own borough's breakdown, so the smallest other need of each goes.
    # Rochdale (North West) is untouched.
    boroughs = [_needs([40, 3, 57]), _needs([35, 30, 35], area="E09000007"), _needs([60, 30, 10], area="E09000033")]
    london = _needs([135, 63, 102], denominator=300.0, area="E12000007").assign(area_type="region")
    frame = pd.concat([*boroughs, london, _needs([40, 30, 30], area="E08000005")], ignore_index=True)
    shown = disclosure.apply(frame)
    out = shown.frame
    withheld = out[out["note"].notna()].set_index(["area_code", "category"])["note"]
    assert sorted(withheld.index) == [("E09000007", "need 0"), ("E09000007", "need 1"),
                                      ("E09000019", "need 0"), ("E09000019", "need 1")]
    assert set(withheld) == {"c"}
    assert (out.loc[out["area_code"] == "E08000005", "note"].isna()).all()
    assert len(disclosure.audit(shown, frame)) == 0
    # Every region group and every breakdown holds zero or at least two withheld cells.
    for _, group in out[out["area_code"].str.startswith("E09")].groupby("category"):
        assert group["note"].notna().sum() != 1
    for _, group in out.groupby("area_code"):
        assert group["note"].notna().sum() != 1


def test_rounding_rounds_a_count_indicators_value_and_gives_it_no_limits():
    # a count has no confidence interval: its limits stay missing after rounding (they are not set to the count)
    frame = _needs([12, 48]).assign(method="none", denominator=np.nan, value=[12.0, 48.0], lower_ci=np.nan,
                                   upper_ci=np.nan)
    out = disclosure.apply(frame, Rules(round_to=5)).frame
    assert out[["count", "value"]].to_numpy().tolist() == [[10.0, 10.0], [50.0, 50.0]]
    assert out[["lower_ci", "upper_ci"]].isna().all().all()


def test_index_labels_do_not_matter():
    frame = _needs([40, 3, 57]).set_axis([7, 7, 7]).rename_axis("row")
    assert disclosure.apply(frame).frame["note"].fillna("").tolist() == ["c", "c", ""]
