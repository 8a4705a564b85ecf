"""The gap-mapping grid: EHC plans by primary need and age band, as an indicator frame ready for disclosure control
(:func:`need_by_age`, indicator :data:`NEED_AGE`)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import geography
from ..core.schema import INDICATOR_COLUMNS, PRIMARY_NEEDS
from .national import AGE_BANDS, sen2_age_band

__all__ = ["NEED_AGE", "need_by_age"]

#: Indicator id of EHC plans by primary need (``breakdown``) and age band (``category``): the gap-mapping grid.
NEED_AGE = "ehc_plans_need_age"


def need_by_age(needs_by_age: pd.DataFrame, area_code: str | None = None, *, period: str | None = None) -> pd.DataFrame:
    """EHC plans by primary need and age band, as an indicator frame ready for disclosure control.

    Parameters
    ----------
    needs_by_age : pandas.DataFrame
        :func:`jsnakit.sources.dfe.read_ehc_needs_by_age` (plans maintained in January, by need and single age).
    area_code : str, optional
        GSS code or DfE LA number of one area; default every area in the frame.
    period : str, optional
        Academic year (``"2024/25"``); default each area's latest.

    Returns
    -------
    pandas.DataFrame
        Indicator frame (:data:`jsnakit.core.schema.INDICATOR_COLUMNS`), indicator :data:`NEED_AGE`, ``breakdown`` the
        need label, ``category`` the age band (``0-4`` ... ``20-25``) and ``All`` (the need's total), ``count`` =
        ``value`` = plans (persons), method ``none``; a band is 0 when no age in it has plans, NaN (note ``x``)
        when the source withheld one. Rounded to 5 by disclosure control (the catalogue's ``round_to``). Empty when
        the area has no such rows.

    Examples
    --------
    >>> rows = pd.DataFrame({"source": "SEN2", "period": "2024/25", "area_code": "E09000019",
    ...     "area_name": "Islington", "area_type": "london borough", "measure": "ehc_plans", "breakdown": "age",
    ...     "category": ["4", "5", "12"], "count": [3.0, 20.0, 30.0], "note": np.nan,
    ...     "need": "Autistic spectrum disorder"})
    >>> need_by_age(rows, "E09000019")[["category", "count"]].values.tolist()
    [['0-4', 3.0], ['5-10', 20.0], ['11-15', 30.0], ['16-19', 0.0], ['20-25', 0.0], ['All', 53.0]]
    """
    rows = needs_by_age[needs_by_age["measure"] == "ehc_plans"]
    if area_code is not None:
        rows = rows[rows["area_code"] == geography.area(area_code)["area_code"]]
    rows = rows[rows["area_code"].isin(geography.areas().index)]
    if rows.empty:
        return pd.DataFrame(columns=INDICATOR_COLUMNS)
    periods = rows["period"].astype(str)
    if period is None:  # each area's latest academic year
        start = periods.str[:4]
        period_of = rows.assign(_start=start).groupby("area_code")["_start"].transform("max")
        rows = rows[start == period_of]
    else:
        rows = rows[periods == str(period)]
    if rows.empty:
        return pd.DataFrame(columns=INDICATOR_COLUMNS)
    labels = rows["category"].astype(str).str.strip()
    bands = labels.map(sen2_age_band)
    rows = rows.assign(age_band=bands.replace("", np.nan), period=rows["period"].astype(str))
    needs = list(PRIMARY_NEEDS.values())
    keys = ["area_code", "period", "need"]
    grid = rows[keys].drop_duplicates().merge(pd.DataFrame({"age_band": list(AGE_BANDS)}), how="cross")
    counts = rows.groupby([*keys, "age_band"])["count"].sum(min_count=1)
    # A need's band is 0 when no age in it was published with plans; unknown (NaN) when a count was withheld.
    withheld = rows[rows["count"].isna()].groupby([*keys, "age_band"]).size()
    index = pd.MultiIndex.from_frame(grid)
    counts = counts.reindex(index).fillna(0).where(~withheld.reindex(index).fillna(0).gt(0).to_numpy())
    cells = counts.reset_index(name="count")
    totals = cells.groupby(keys, sort=False)["count"].sum(min_count=1).reset_index()
    totals = totals.assign(count=totals["count"].where(cells.groupby(keys, sort=False)["count"].count()
                                                      .reindex(pd.MultiIndex.from_frame(totals[keys])).to_numpy()
                                                      == len(AGE_BANDS)), age_band="All")
    frame = pd.concat([cells, totals], ignore_index=True)
    frame["_need"] = frame["need"].map({n: i for i, n in enumerate(needs)}).fillna(len(needs))
    frame["_band"] = frame["age_band"].map({b: i for i, b in enumerate([*AGE_BANDS, "All"])})
    frame = frame.sort_values(["area_code", "_need", "need", "_band"], kind="stable")
    areas = geography.areas().reindex(frame["area_code"])
    source = rows.groupby("area_code")["source"].first().reindex(frame["area_code"]).to_numpy()
    out = pd.DataFrame({
        "indicator": NEED_AGE, "area_code": frame["area_code"].to_numpy(), "area_name": areas["area_name"].to_numpy(),
        "area_type": areas["area_type"].to_numpy(), "period": frame["period"].to_numpy(),
        "breakdown": frame["need"].to_numpy(), "category": frame["age_band"].to_numpy(),
        "count": frame["count"].to_numpy(float), "denominator": np.nan, "value": frame["count"].to_numpy(float),
        "lower_ci": np.nan, "upper_ci": np.nan, "confidence": np.nan, "unit": "plans", "method": "none",
        "comparator_code": np.nan, "comparison": "not compared",
        "note": np.where(np.isnan(frame["count"].to_numpy(float)), "x", None), "source": source,
    })
    out["note"] = out["note"].astype(object).where(out["note"].notna(), np.nan)
    return out.reset_index(drop=True)[INDICATOR_COLUMNS]
