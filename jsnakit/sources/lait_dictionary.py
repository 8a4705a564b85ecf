"""LAIT's data dictionary (``lait_data_dictionary.csv``): what each measure is, its topic, unit and polarity, its
year type and when it is next updated. Re-exported by :mod:`jsnakit.sources.lait`, whose
:func:`~jsnakit.sources.lait.read_lait` joins it to the data.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..core.errors import Failure
from . import ees
from .lait_cells import cell_text, finish_frame

__all__ = ["read_lait_dictionary", "DICTIONARY_COLUMNS", "POLARITIES"]

#: What :func:`read_lait_dictionary` returns, in this order.
DICTIONARY_COLUMNS = [
    "measure_code", "measure_number", "topic", "measure", "chart_title", "polarity", "polarity_raw", "unit",
    "decimal_places", "year_type", "no_quartile", "state_funded", "table_status", "discontinued", "description",
    "methodology", "data_owner", "hyperlinks", "last_update", "last_update_raw", "next_update", "next_update_raw",
]

#: LAIT's ``Polarity`` (lower case) -> jsnakit's words. ``-`` and ``NA`` mark measures LAIT does not rank as better
#: or worse (most SEN prevalence measures).
POLARITIES = {
    "high": "higher is better",
    "low": "lower is better",
    "-": "no judgement",
    "na": "no judgement",
    "": "no judgement",
    "no judgement": "no judgement",
}

_DICTIONARY_SOURCE = {
    "Measure_short": "measure_code", "Measure_code": "measure_number", "Topic": "topic", "Measure": "measure",
    "Chart_title": "chart_title", "Polarity": "polarity_raw", "y_axis_name": "unit", "dps": "decimal_places",
    "Year_Type": "year_type", "No_Quartile": "no_quartile", "state_funded_flag": "state_funded",
    "Table_status": "table_status", "Description": "description", "Methodology": "methodology",
    "Data Owner (DO) /Supplier and Contact Details": "data_owner", "Hyperlink(s)": "hyperlinks",
    "Last Update": "last_update_raw", "Next Update": "next_update_raw",
}
_EXCEL_EPOCH = "1899-12-30"


def read_lait_dictionary(path) -> pd.DataFrame:
    """Read LAIT's data dictionary (``lait_data_dictionary.csv``): what each measure is, its unit and polarity.

    Parameters
    ----------
    path : str or pathlib.Path
        ``lait_data_dictionary.csv`` from the LAIT repository (header ``Measure_code, Topic, Measure, Chart_title,
        Measure_short, Polarity, y_axis_name, state_funded_flag, Table_status, Description, Last Update,
        Next Update, Data Owner (DO) /Supplier and Contact Details, Methodology, Hyperlink(s), dps, Year_Type,
        No_Quartile``). UTF-8 (with or without BOM) or Latin-1, CRLF or LF; quoted cells may run over several lines.

    Returns
    -------
    pandas.DataFrame
        :data:`DICTIONARY_COLUMNS`, one row per dictionary row (a measure listed under two topics has two rows):
        ``measure_code`` (``Measure_short``, the key of ``Short Desc`` in ``bds_long``), ``measure_number``
        (LAIT's ``Measure_code``: a number shared by related measures, not a key), ``topic``, ``measure``,
        ``chart_title``, ``polarity`` (:data:`POLARITIES` words) and ``polarity_raw`` (``High``, ``Low``, ``-``,
        ``NA``), ``unit`` (``y_axis_name``, e.g. ``% Primary pupils with a statement/EHC``), ``decimal_places``
        (float, NaN where LAIT gives ``NA``; LAIT then shows 1), ``year_type`` (``Academic Year``,
        ``Financial Year``, ``Calendar Year``, ``Annual - January``, ...), ``no_quartile`` (bool: ``N`` marks
        measures whose range is too small for LAIT's quartile bands), ``state_funded`` (bool: state-funded
        schools only), ``table_status`` (the source table), ``discontinued`` (bool: ``Table_status`` or
        ``Next Update`` says discontinued), ``description``, ``methodology``, ``data_owner``, ``hyperlinks``
        (text, line breaks as ``\\n``), ``last_update`` and ``next_update`` (dates, from Excel day numbers; NaT
        where LAIT writes text) with ``last_update_raw`` and ``next_update_raw`` (as written: ``45962``, ``TBC``,
        ``Discontinued``). ``NA`` and blank cells are NaN.

    Raises
    ------
    InputError
        Missing columns; and, all at once, a blank ``Measure_short``, a ``Polarity`` other than High, Low, ``-`` or
        NA, a ``dps`` that is not a whole number or NA, a ``No_Quartile`` other than N, Y or NA, a measure listed
        twice under the same topic.

    References
    ----------
    DfE, *Local authority interactive tool (LAIT)*,
    https://www.gov.uk/government/publications/local-authority-interactive-tool-lait

    Examples
    --------
    >>> meta = read_lait_dictionary("lait_data_dictionary.csv")  # doctest: +SKIP
    >>> meta.set_index("measure_code").loc["PrimStatements", "topic"]  # doctest: +SKIP
    'Children with SEN'
    """
    path = Path(path)
    frame = ees.read_csv(path, list(_DICTIONARY_SOURCE))
    failures: list = []
    out = pd.DataFrame(index=frame.index)
    for column, name in _DICTIONARY_SOURCE.items():
        out[name] = cell_text(frame[column])
    for row in out.index[out["measure_code"].isna()]:
        failures.append(Failure(str(path), row, "Measure_short", "a measure code (the Short Desc of bds_long)",
                                frame.at[row, "Measure_short"]))

    raw_polarity = frame["Polarity"].astype("string").str.strip()
    out["polarity_raw"] = raw_polarity.astype(object)
    out["polarity"] = raw_polarity.str.lower().map(POLARITIES).astype(object)
    for row in out.index[out["polarity"].isna()]:
        failures.append(Failure(str(path), row, "Polarity", "High, Low, - or NA", frame.at[row, "Polarity"]))

    dps = pd.to_numeric(out["decimal_places"].astype(object), errors="coerce")
    bad = out["decimal_places"].notna() & ~(np.isfinite(dps) & (dps >= 0) & (dps % 1 == 0))
    for row in out.index[bad]:
        failures.append(Failure(str(path), row, "dps", "a whole number of decimal places or NA", frame.at[row, "dps"]))
    out["decimal_places"] = dps.where(~bad).astype(float)

    quartile = out["no_quartile"].astype("string").str.upper()
    bad = quartile.notna() & ~quartile.isin(["N", "Y"])
    for row in out.index[bad]:
        failures.append(Failure(str(path), row, "No_Quartile", "N, Y or NA", frame.at[row, "No_Quartile"]))
    out["no_quartile"] = (quartile == "N").fillna(False).astype(bool)
    out["state_funded"] = (out["state_funded"].astype("string").str.lower() == "state funded").fillna(False).astype(bool)
    stopped = pd.concat([out["table_status"], out["next_update_raw"]], axis=1).astype("string")
    out["discontinued"] = stopped.apply(lambda s: s.str.contains("discontinu", case=False)).fillna(False).any(
        axis=1).astype(bool)
    for which in ("last_update", "next_update"):
        out[which] = _excel_dates(out[f"{which}_raw"])

    dup = out.duplicated(["measure_code", "topic"], keep="first") & out["measure_code"].notna()
    for row in out.index[dup]:
        failures.append(Failure(str(path), row, "Measure_short", "each measure once per topic",
                                f"{out.at[row, 'measure_code']} again under {out.at[row, 'topic']!r}"))
    ees.raise_if(failures)
    return finish_frame(out, DICTIONARY_COLUMNS)


def _excel_dates(raw: pd.Series) -> pd.Series:
    """Excel day numbers (``45962``) as dates; anything else NaT."""
    text = raw.astype("string")
    digits = text.str.fullmatch(r"\d{1,6}(?:\.0+)?").fillna(False)
    days = pd.to_numeric(text.where(digits).astype(object), errors="coerce").astype(float)
    return pd.to_datetime(days, unit="D", origin=_EXCEL_EPOCH)
