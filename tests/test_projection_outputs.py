"""A projection reaches a factsheet only through disclosure control: rounded to 10, small groups withheld."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from jsnakit import disclosure
from jsnakit.render import charts, tables
from jsnakit.core.errors import ArgumentError, DisclosureError


def _projection():
    rows = []
    for i, period in enumerate(["2025/26", "2026/27", "2027/28"]):
        for band, median in (("All", 1234.0 + 100 * i), ("0-4", 6.0), ("5-10", 555.0)):
            spread = 20.0 * (i + 1)
            rows.append(dict(area_code="E09000019", period=period, age_band=band, need="All", scenario="rates held",
                             median=median, lower_50=median - spread, upper_50=median + spread,
                             lower_95=median - 3 * spread, upper_95=median + 3 * spread))
    return pd.DataFrame(rows)


def test_apply_projection_rounds_and_withholds():
    out = disclosure.apply_projection(_projection()).frame
    first = out[(out["period"] == "2025/26")].set_index("age_band")
    # 1234 -> 1230; 1234 - 60 = 1174 -> 1170; the 0-4 band (median 6) is withheld.
    assert first.loc["All", ["median", "lower_95", "upper_95"]].tolist() == [1230.0, 1170.0, 1290.0]
    assert np.isnan(first.loc["0-4", "median"]) and first.loc["0-4", "note"] == "projected fewer than 10"
    numbers = out[["median", "lower_50", "upper_50", "lower_95", "upper_95"]].to_numpy().ravel()
    numbers = numbers[~np.isnan(numbers)]
    assert (numbers % 10 == 0).all()
    with pytest.raises(ArgumentError, match="round_to must be a whole number of at least 1; got 0"):
        disclosure.apply_projection(_projection(), round_to=0)
    with pytest.raises(ArgumentError, match=r"frame must hold the projection columns"):
        disclosure.apply_projection(pd.DataFrame({"median": [1.0]}))


def test_the_rounding_and_minimum_of_a_disclosed_projection_cannot_be_changed():
    projected = disclosure.apply_projection(_projection(), round_to=5, minimum=20)
    for name in ("round_to", "minimum"):
        with pytest.raises(AttributeError):
            setattr(projected, name, 1)  # figures derived later (the places shortfall) are rounded by them
    assert (projected.round_to, projected.minimum) == (5, 20)


def test_fan_chart_and_table_take_only_disclosed_projections():
    projected = disclosure.apply_projection(_projection())
    ax = charts.projection_fan(projected)
    assert ax.lines[-1].get_ydata().tolist() == [1230.0, 1330.0, 1430.0]   # the rounded medians
    assert len(ax.collections) == 2                                           # 95% and 50% bands
    assert charts.alt_text(ax).startswith("Fan chart: EHC plans: E09000019, published and projected to 2027/28.")
    html = tables.projection_html(projected, caption="Projected EHC plans")
    assert "projected fewer than 10" in html and "1,230" in html and "1,170 to 1,290" in html and "1234" not in html
    with pytest.raises(DisclosureError, match="only projections that passed disclosure control"):
        charts.projection_fan(_projection())
    with pytest.raises(DisclosureError, match="only projections that passed disclosure control"):
        tables.projection_html(_projection(), caption="x")
