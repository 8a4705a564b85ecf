"""DfE *Local Authority Interactive Tool* (LAIT): the ``bds_long`` indicator time series, its data dictionary and
its LA code list.

LAIT publishes some 430 children's-services measures (school census shares of pupils with an EHC plan or on SEN
support, SEN2 timeliness, SEND Tribunal appeal rates, attainment by SEN status, children in need, looked-after
children, finance, ...) for every upper-tier local authority, the regions and England, as the long table
``bds_long_*.parquet`` with a data dictionary ``lait_data_dictionary.csv`` and a code list ``la_code_list.xlsx``
(folder ``01_data/02_prod`` of the tool's GitHub repository, which the app names as its published data source).

**Measures.** A measure is keyed by its short code (``Short Desc`` in ``bds_long``, ``Measure_short`` in the
dictionary), here ``measure_code``. The dictionary's own ``Measure_code`` column is *not* that key: it is a number
shared by related measures (``NA`` for some) and is kept as ``measure_number``. Fourteen measures sit under two
topics (e.g. ``SusEd_All`` under *Key Stage 4* and *Children with SEN*); joined to the data they keep one row per
observation, with the topics combined as LAIT shows them (``"Key Stage 4 / Children with SEN"``).

**Periods.** ``period`` is LAIT's ``Years`` as published (``2025``, ``2015/16``, ``2016-17 (OT)``, ``2014-16``,
``2018 (Rev)``, ...). ``academic_year`` is the normalised label ``2024/25`` where the period is an academic year:

* ``2015/16`` is one already and is kept;
* for a measure whose dictionary ``Year_Type`` is ``Academic Year``, ``2025`` (also ``2025 (Rev)``, ``(Final)``,
  ``(prov)``) is the academic year *ending* in 2025, ``2024/25``, and ``2015-16`` becomes ``2015/16``. Checked:
  LAIT's England ``SEN_TotStat`` for ``2016`` ... ``2025`` equals, to one decimal, the EHC plan share of the January
  school census of *Special educational needs in England* for 2015/16 ... 2024/25;
* anything else (financial years ``2016-17``, outturn ``2016-17 (OT)``, calendar years, January snapshots,
  three-year spans ``2014-16`` and ``2013/14-15/16``, and measures read without a dictionary) has no academic year
  (NaN). Without a dictionary only labels written ``2015/16`` get one.

**Areas.** ``LA Number`` is DfE's 3-digit LA number, translated to today's GSS code with
:func:`jsnakit.core.geography.dfe_to_gss`. The LAs abolished in 2019-2023 that LAIT still carries (``Dorset (Pre LG)``
835, ``Poole (Pre LG)`` 836, ``Bournemouth (Pre LG)`` 837, ``Cumbria`` 909, ``Northamptonshire`` 928) keep their
own GSS codes (:data:`jsnakit.core.geography.FORMER_CODES`) with area type ``former local authority``. England and the
regions are matched by name (970-990). LAIT's ``London (Inner)`` and ``London (Outer)`` (987, 988; DfE's statistical
Inner London, with Haringey and Newham and without Greenwich) become the ONS codes E13000001 and E13000002 with
area type ``london part``.

**Values.** ``Values`` are text: numbers become ``value`` (float); LAIT's ``-`` (no value) and the other symbols of
:data:`SYMBOLS` become NaN with the symbol in ``note``, never 0. Anything else is bad input.

Reference: DfE, *Local authority interactive tool (LAIT)*,
https://www.gov.uk/government/publications/local-authority-interactive-tool-lait; data and code at
https://github.com/dfe-analytical-services/local-authority-interactive-tool (``01_data/02_prod``).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from ..core import geography
from ..core.errors import ArgumentError, Failure, InputError
from . import _ees, symbols

__all__ = [
    "read_lait",
    "read_lait_dictionary",
    "read_la_codes",
    "sen_series",
    "LAIT",
    "LAIT_COLUMNS",
    "DICTIONARY_COLUMNS",
    "LA_CODE_COLUMNS",
    "SYMBOLS",
    "POLARITIES",
    "SEN_MEASURES",
    "SEN_RELATED_MEASURES",
    "LA_TYPE_CODES",
]

#: The ``source`` of every row read from LAIT.
LAIT = "DfE, Local Authority Interactive Tool (LAIT)"

#: What :func:`read_lait` returns, in this order.
LAIT_COLUMNS = [
    "source", "measure_code", "measure", "topic", "period", "academic_year", "area_code", "area_name", "area_type",
    "value", "note", "unit", "polarity", "year_type",
]

#: What :func:`read_lait_dictionary` returns, in this order.
DICTIONARY_COLUMNS = [
    "measure_code", "measure_number", "topic", "measure", "chart_title", "polarity", "polarity_raw", "unit",
    "decimal_places", "year_type", "no_quartile", "state_funded", "table_status", "discontinued", "description",
    "methodology", "data_owner", "hyperlinks", "last_update", "last_update_raw", "next_update", "next_update_raw",
]

#: What :func:`read_la_codes` returns, in this order.
LA_CODE_COLUMNS = ["la_number", "area_code", "area_name", "area_type", "la_name", "region", "la_type"]

#: Symbols that may stand in LAIT's ``Values``: LAIT's own ``-``, the ``c`` and ``..`` its app also treats as no
#: value, and the GSS / explore-education-statistics symbols of the publications it draws on.
SYMBOLS = {"-": "no value (LAIT)", "..": "not available", **symbols.GSS}

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

#: The measures of LAIT's topic *Children with SEN* (data dictionary of 8 April 2026): EHC needs assessments and
#: plans (SEN2), SEND Tribunal appeals, the school census shares of pupils with a statement/EHC plan or on SEN
#: support, attainment, destinations and qualifications at 19 by SEN status.
SEN_MEASURES = (
    "SEN_INIT_REQ", "EHCP_Initial_req_refused", "SEN_ASSESSMENT", "SEN_PLAN_ISSUED", "SEN_PLAN_NOT_ISSUED",
    "SEN_NOT_ISSUE_PLAN_16WKS", "SEN_EHC_Excpt_20wks", "SEN_EHC_All_20wks", "SEN_State-Plans_sch", "SEN_CASES_JAN",
    "SEN_CASES_DUR_YEAR", "SEN_AN_REVIEW_EXPECTED", "SEN_PEC_AN_REVIEW_EXPECTED", "SEN_AN_REVIEW_MEET_REC",
    "SEN_PEC_AN_REVIEW_MEET_REC", "SEN_PEC_OUTCOME_COM_4WKS", "SEN_TOT_CEASED_EHC_PLAN", "SEN_AppealableDec",
    "NoID_SEN_NEW_KS2_RWM", "NEW_KS2_RWM_Sen_W/Osta", "NEW_KS2_RWM_Sen_Withsta", "KS2_SEN_Reading_Progress",
    "KS2_SEN_Writing_Progress", "KS2_SEN_Maths_Progress", "KS2_SENSupport_Reading_Progress",
    "KS2_SENSupport_Writing_Progress", "KS2_SENSupport_Maths_Progress", "KS2_NonSEN_Reading_Progress",
    "KS2_NonSEN_Writing_Progress", "KS2_NonSEN_Maths_Progress", "SEN_WoStat_AVG_Attain8_Score",
    "SEN_Stat_AVG_Attain8_Score", "SEN_NoID_AVG_Attain8_Score", "SEN_WoStat_AVG_Prog8_Score",
    "SEN_Stat_AVG_Prog8_Score", "SEN_NoID_AVG_Prog8_Score", "EngBacAvgPointScoreSENSupport", "EngBacAvgPointScoreSEN",
    "EngBacAvgPointScoreNonSEN", "EngBacEntriesSENSupport", "EngBacEntriesSEN", "EngBacEntriesNonSEN",
    "PrimStatements", "SecStatements", "SEN_TotStat", "PrimNoStatements", "SecNoStatements", "SEN_TotSENSuP",
    "SusEd_All", "SusEdOverall_All", "SusEdOverall_SEN_NoStat_incSpec", "SusEdOverall_SEN_Stat_incSpec",
    "SusEdOverall_NoSEN_incSpec", "KS4_SEN_Des_incSpec", "16-17YroldSEN_ET", "Age19_NoNSEN", "Age19_SENwoS",
    "Age19_SEN-S", "Age19_NoNSEN_L2EM", "Age19_SENwoS_L2EM", "Age19_SEN-S_L2EM", "Age19_NoNSEN_L3",
    "Age19_SENwoS_L3", "Age19_SEN-S_L3",
)

#: Measures by SEN status filed under other topics: early years foundation stage, phonics, multiplication check,
#: looked-after children and children in need with SEN, and the SEN unit cost (section 251 outturn).
SEN_RELATED_MEASURES = (
    "FSP_Gooddev_Without_SENSTATE", "FSP_Gooddev_With_SENSTATE", "KS1P_EHCP", "KS1P_SEND", "KS1P_NonSEND",
    "Multiplication_EHCP", "Multiplication_SENDSupport", "Multiplication_AllSEND", "LAC_SEN", "LAC_SEN_Statement",
    "CINSEN_SUP", "CINNoSEN", "CINStatement", "SENFinance",
)

#: ``Type`` codes of ``la_code_list.xlsx``.
LA_TYPE_CODES = {
    "ILB": "inner London borough",
    "OLB": "outer London borough",
    "MD": "metropolitan district",
    "UA": "unitary authority",
    "SC": "shire county",
}

_FORMER_LA_NUMBERS = geography.FORMER_DFE_NUMBERS
FORMER = "former local authority"
LONDON_PART = "london part"
_LONDON_PARTS = {key: (code, name) for code, name in geography.LONDON_PARTS.items()
                 for key in (name.lower(), f"london ({name.split()[0].lower()})")}
#: Rows of the code list that name no area: dropped by :func:`read_la_codes`.
_NOT_AREAS = {"england (discontinued)"}

_BDS_COLUMNS = ["Short Desc", "Data item", "Years", "LA and Regions", "Values", "LA Number"]
_DICTIONARY_SOURCE = {
    "Measure_short": "measure_code", "Measure_code": "measure_number", "Topic": "topic", "Measure": "measure",
    "Chart_title": "chart_title", "Polarity": "polarity_raw", "y_axis_name": "unit", "dps": "decimal_places",
    "Year_Type": "year_type", "No_Quartile": "no_quartile", "state_funded_flag": "state_funded",
    "Table_status": "table_status", "Description": "description", "Methodology": "methodology",
    "Data Owner (DO) /Supplier and Contact Details": "data_owner", "Hyperlink(s)": "hyperlinks",
    "Last Update": "last_update_raw", "Next Update": "next_update_raw",
}
_LA_CODE_SOURCE = ["LA Number", "LA Name", "Region", "Type"]
_VALUE = "a number or one of the symbols " + ", ".join(SYMBOLS)
_LA_NUMBER = "a DfE LA number (a whole number such as 206)"
_AREA = ("England, a region, Inner or Outer London, or an upper-tier LA by its DfE number "
         "(current, or abolished in 2019-2023)")
_EXCEL_EPOCH = "1899-12-30"


# --- public readers --------------------------------------------------------------------------------------------------

def read_lait(path, *, dictionary=None, topics=None, measures=None) -> pd.DataFrame:
    """Read LAIT's main dataset (``bds_long_*.parquet``) as tidy indicator time series.

    Parameters
    ----------
    path : str or pathlib.Path
        ``bds_long_0.parquet`` from the LAIT repository (columns ``Short Desc, Data item, Years, LA and Regions,
        Values, LA Number``; ``Region`` is not needed).
    dictionary : pandas.DataFrame or str or pathlib.Path, optional
        The data dictionary, as returned by :func:`read_lait_dictionary` or its path. When given, ``topic``,
        ``unit``, ``polarity`` and ``year_type`` are joined from it, ``measure`` is filled from it where LAIT leaves
        ``Data item`` blank (most rows), and academic years written ``2025`` are recognised (module docstring).
    topics : str or list of str, optional
        Keep only the measures of these dictionary topics (e.g. ``"Children with SEN"``); needs ``dictionary``.
    measures : str or list of str, optional
        Keep only these measure codes (``Short Desc``, e.g. ``"PrimStatements"``). With ``topics`` too, a measure
        must satisfy both.

    Returns
    -------
    pandas.DataFrame
        :data:`LAIT_COLUMNS`, one row per measure x period x area, in file order: ``source`` (:data:`LAIT`),
        ``measure_code``, ``measure`` (text; NaN when LAIT gives none and no dictionary is given), ``topic``,
        ``period`` (LAIT's ``Years``), ``academic_year`` (``2024/25`` or NaN), ``area_code`` (GSS), ``area_name``
        (jsnakit's spelling), ``area_type`` (``country``, ``region``, an LA type of :data:`jsnakit.core.geography.LA_TYPES`,
        ``former local authority`` or ``london part``), ``value`` (float, in the measure's ``unit``:
        mostly percentages, rates, scores, counts or pounds), ``note`` (the symbol when ``value`` is NaN, else NaN),
        ``unit`` (the dictionary's ``y_axis_name``), ``polarity`` (:data:`POLARITIES` words) and ``year_type``.
        The last four and ``topic`` are NaN without a dictionary.

    Raises
    ------
    InputError
        The file is not Parquet or lacks a column; and, all at once for the rows kept, a value that is neither a
        number nor a symbol of :data:`SYMBOLS`, an ``LA Number`` that is not a whole number, an area that is not
        England, a region, Inner/Outer London or an LA (current or abolished 2019-2023), a blank measure code or
        period, a repeated measure x period x area. ``row`` is the row of the table counted as a spreadsheet would
        show it (header = row 1, first data row = 2).
    ArgumentError
        ``topics`` without ``dictionary``, an unknown topic or measure code, or a ``dictionary`` frame without the
        columns of :func:`read_lait_dictionary`.

    References
    ----------
    DfE, *Local authority interactive tool (LAIT)*,
    https://www.gov.uk/government/publications/local-authority-interactive-tool-lait

    Examples
    --------
    >>> meta = read_lait_dictionary("lait_data_dictionary.csv")  # doctest: +SKIP
    >>> sen = read_lait("bds_long_0.parquet", dictionary=meta, measures="PrimStatements")  # doctest: +SKIP
    >>> sen.query("area_code == 'E09000019' and academic_year == '2024/25'")["value"].item()  # doctest: +SKIP
    6.0
    """
    path = Path(path)
    meta = _dictionary_argument(dictionary)
    topics = _names_argument("topics", topics)
    measures = _names_argument("measures", measures)
    if topics is not None and meta is None:
        raise ArgumentError("topics needs a dictionary (read_lait_dictionary) to know each measure's topic; "
                            "got dictionary=None")
    frame = _read_parquet(path, _BDS_COLUMNS)
    rows = np.arange(2, len(frame) + 2)  # the rows a spreadsheet would show (header = row 1)
    # Every column holds few distinct values (434 measures, 170 areas, 65 periods, ~55,000 values in 641,070 rows):
    # each is parsed once per distinct value and spread back by its codes.
    code = _Factor(frame["Short Desc"], _text)
    if measures is not None or topics is not None:
        wanted = np.ones(len(code.uniques), dtype=bool)
        if measures is not None:
            unknown = sorted(set(measures) - set(code.uniques.dropna()))
            if unknown:
                raise ArgumentError(f"measures must be measure codes (Short Desc) found in {path.name}; "
                                    f"not found: {unknown}")
            wanted &= code.uniques.isin(measures).to_numpy()
        if topics is not None:
            known = list(dict.fromkeys(meta["topic"].dropna()))
            unknown = [t for t in topics if t not in known]
            if unknown:
                raise ArgumentError(f"topics must be among the dictionary's topics {known}; got {unknown}")
            wanted &= code.uniques.isin(meta.loc[meta["topic"].isin(topics), "measure_code"]).to_numpy()
        keep = code.spread(wanted, fill=False).astype(bool)
        frame, rows = frame[keep], rows[keep]
        code = _Factor(frame["Short Desc"], _text)

    failures: list = []
    for i in np.flatnonzero(code.spread(code.uniques.isna().to_numpy(), fill=True).astype(bool)):
        failures.append(Failure(str(path), int(rows[i]), "Short Desc", "a measure code", _cell(frame["Short Desc"], i)))
    period = _Factor(frame["Years"], _text)
    for i in np.flatnonzero(period.spread(period.uniques.isna().to_numpy(), fill=True).astype(bool)):
        failures.append(Failure(str(path), int(rows[i]), "Years", "a period such as 2025 or 2024/25",
                                _cell(frame["Years"], i)))
    value, note = _values(path, frame["Values"], rows, failures)
    area, area_id = _where(path, frame, rows, failures)
    dup = pd.DataFrame({"m": code.codes, "p": period.codes, "a": area_id}).duplicated(keep="first").to_numpy()
    for i in np.flatnonzero(dup & (area_id >= 0)):
        failures.append(Failure(str(path), int(rows[i]), None, "one row per Short Desc, Years and area",
                                "a duplicate of an earlier row"))
    _ees.raise_if(failures)

    item = _Factor(frame["Data item"], _text)
    item = item.spread(item.uniques, fill=np.nan)
    per = pd.DataFrame(index=code.uniques, columns=["measure", "topic", "unit", "polarity", "year_type"],
                       dtype=object)
    if meta is not None:
        joined = _per_measure(meta).reindex(code.uniques.fillna(""))
        per = joined.set_axis(code.uniques)[["measure", "topic", "unit", "polarity", "year_type"]]
    by_code = {c: code.spread(per[c].to_numpy(dtype=object), fill=np.nan) for c in per.columns}
    measure = np.where(pd.isna(item), by_code["measure"], item)
    out = {
        "source": np.full(len(frame), LAIT, dtype=object), "measure_code": code.spread(code.uniques, fill=np.nan),
        "measure": measure, "topic": by_code["topic"], "period": period.spread(period.uniques, fill=np.nan),
        "academic_year": _academic_years(period, code, per["year_type"]),
        "area_code": area["area_code"], "area_name": area["area_name"], "area_type": area["area_type"],
        "value": value, "note": note, "unit": by_code["unit"], "polarity": by_code["polarity"],
        "year_type": by_code["year_type"],
    }
    return pd.DataFrame({c: pd.Series(out[c], dtype=float if c == "value" else object) for c in LAIT_COLUMNS})


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
    frame = _ees.read_csv(path, list(_DICTIONARY_SOURCE))
    failures: list = []
    out = pd.DataFrame(index=frame.index)
    for column, name in _DICTIONARY_SOURCE.items():
        out[name] = _text(frame[column])
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
    _ees.raise_if(failures)
    return _finish(out, DICTIONARY_COLUMNS)


def read_la_codes(path) -> pd.DataFrame:
    """Read LAIT's LA code list (``la_code_list.xlsx``): DfE LA numbers with GSS codes, names, regions and types.

    Parameters
    ----------
    path : str or pathlib.Path
        ``la_code_list.xlsx`` from the LAIT repository: a sheet whose header row holds ``LA Number, LA Name,
        Region, Type`` (found by content, on the first sheet that has it).

    Returns
    -------
    pandas.DataFrame
        :data:`LA_CODE_COLUMNS`, one row per area in sheet order: ``la_number`` (DfE number as text, ``"206"``; 970
        England, 980-990 regions and Inner/Outer London), ``area_code`` (GSS, as :func:`read_lait` gives it),
        ``area_name`` (jsnakit's spelling), ``area_type`` (as in :func:`read_lait`), ``la_name`` (LAIT's spelling,
        e.g. ``Dorset (Pre LG)``), ``region`` (LAIT's region, with London split into ``Inner London`` and
        ``Outer London``; NaN for England and regions) and ``la_type`` (the code, ``ILB``, ``OLB``, ``MD``, ``UA``,
        ``SC``: :data:`LA_TYPE_CODES`; NaN for England and regions). The row ``1000 England (discontinued)``, a
        placeholder that names no area, is left out.

    Raises
    ------
    InputError
        Not a workbook, no sheet with the header, missing columns; and, all at once, an LA number that is not a
        whole number or comes twice, an area that is not England, a region, Inner/Outer London or an LA (current or abolished
        2019-2023), a type code not in :data:`LA_TYPE_CODES`.

    References
    ----------
    DfE, *Local authority interactive tool (LAIT)*,
    https://www.gov.uk/government/publications/local-authority-interactive-tool-lait

    Examples
    --------
    >>> codes = read_la_codes("la_code_list.xlsx")  # doctest: +SKIP
    >>> codes.set_index("la_number").loc["206", "area_code"]  # doctest: +SKIP
    'E09000019'
    """
    path = Path(path)
    try:
        sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=str, engine="openpyxl")
    except Exception as exc:  # the Excel engines raise several kinds for a file that is not a workbook
        raise InputError.single(path, None, None, "an Excel workbook (.xlsx)", f"{type(exc).__name__}: {exc}") from None
    for sheet, raw in sheets.items():
        cells = raw.head(20).apply(lambda c: c.astype("string").str.strip())
        starts = [i for i, r in cells.iterrows() if "LA Number" in set(r.dropna())]
        if starts:
            break
    else:
        raise InputError.single(path, None, None, "a sheet with a header row holding 'LA Number'", f"sheets {list(sheets)}")
    header_at = starts[0]
    header = [str(h).strip() if pd.notna(h) else "" for h in raw.iloc[header_at]]
    missing = [c for c in _LA_CODE_SOURCE if c not in header]
    if missing:
        raise InputError([Failure(str(path), header_at + 1, c, "this column in the header", f"header {header}")
                          for c in missing])
    body = raw.iloc[header_at + 1:, [header.index(c) for c in _LA_CODE_SOURCE]]
    body.columns = _LA_CODE_SOURCE
    body.index = pd.RangeIndex(header_at + 2, header_at + 2 + len(body))
    body = body.apply(_text)
    body = body[body.notna().any(axis=1)]
    body = body[~body["LA Name"].astype("string").str.lower().isin(list(_NOT_AREAS)).fillna(False)]

    failures: list = []
    number = body["LA Number"].astype("string").str.replace(r"\.0+$", "", regex=True)
    bad = ~number.str.fullmatch(r"\d+").fillna(False)
    for row in body.index[bad]:
        failures.append(Failure(str(path), row, "LA Number", _LA_NUMBER, body.at[row, "LA Number"]))
    number = number.where(~bad)
    number = number.astype(object).where(number.notna(), np.nan)
    where = _resolve(list(number), list(body["LA Name"])).set_axis(body.index)
    for row in body.index[where["area_code"].isna() & ~bad]:
        failures.append(Failure(str(path), row, "LA Name", _AREA, f"LA Number {number[row]}, {body.at[row, 'LA Name']}"))
    for row in body.index[number.duplicated(keep="first") & number.notna()]:
        failures.append(Failure(str(path), row, "LA Number", "each LA number once", f"{number[row]} again"))
    la_type = body["Type"].astype("string").str.upper()
    for row in body.index[la_type.notna() & ~la_type.isin(list(LA_TYPE_CODES))]:
        failures.append(Failure(str(path), row, "Type", "one of " + ", ".join(LA_TYPE_CODES) + " or blank",
                                body.at[row, "Type"]))
    _ees.raise_if(failures)
    out = pd.DataFrame({
        "la_number": number, "area_code": where["area_code"], "area_name": where["area_name"],
        "area_type": where["area_type"], "la_name": body["LA Name"], "region": body["Region"], "la_type": la_type,
    }, index=body.index)
    return _finish(out, LA_CODE_COLUMNS)


def sen_series(frame: pd.DataFrame, *, related: bool = False) -> pd.DataFrame:
    """Keep the SEN measures of a frame read by :func:`read_lait`.

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`read_lait` (any frame with a ``measure_code`` column).
    related : bool, default False
        Also keep :data:`SEN_RELATED_MEASURES` (measures by SEN status filed under other topics).

    Returns
    -------
    pandas.DataFrame
        The rows whose ``measure_code`` is in :data:`SEN_MEASURES` (and :data:`SEN_RELATED_MEASURES` when
        ``related``), same columns, index reset; the input is not changed.

    Raises
    ------
    ArgumentError
        ``frame`` has no ``measure_code`` column.

    Examples
    --------
    >>> f = pd.DataFrame({"measure_code": ["PrimStatements", "RTA", "CINStatement"], "value": [6.0, 12.1, 20.0]})
    >>> sen_series(f)["measure_code"].tolist()
    ['PrimStatements']
    >>> sen_series(f, related=True)["measure_code"].tolist()
    ['PrimStatements', 'CINStatement']
    """
    if not isinstance(frame, pd.DataFrame) or "measure_code" not in frame.columns:
        got = list(frame.columns) if isinstance(frame, pd.DataFrame) else type(frame).__name__
        raise ArgumentError(f"frame must be a LAIT frame with a 'measure_code' column (read_lait); got {got}")
    codes = SEN_MEASURES + (SEN_RELATED_MEASURES if related else ())
    return frame[frame["measure_code"].isin(codes)].reset_index(drop=True)


# --- helpers ---------------------------------------------------------------------------------------------------------

def _text(column: pd.Series) -> pd.Series:
    """Text with line breaks as ``\\n`` and outer blanks stripped; blank and ``NA`` become NaN (object dtype)."""
    text = column.astype("string").str.replace(r"\r+\n|\r", "\n", regex=True).str.strip()
    return text.where(~text.isin(["", "NA"])).astype(object).where(lambda s: s.notna(), np.nan)


def _read_parquet(path: Path, required: list[str]) -> pd.DataFrame:
    """Read the required columns of a Parquet file, rows numbered as a spreadsheet shows them (first data row 2)."""
    import pyarrow
    import pyarrow.parquet as pq

    try:
        names = pq.read_schema(path).names
    except (OSError, pyarrow.ArrowException) as exc:
        raise InputError.single(path, None, None, "a Parquet file (LAIT bds_long_*.parquet)",
                                f"{type(exc).__name__}: {exc}") from None
    missing = [c for c in required if c not in names]
    if missing:
        raise InputError([Failure(str(path), 1, c, "this column in the file", f"columns {names}") for c in missing])
    try:
        frame = pq.read_table(path, columns=required).to_pandas()
    except (OSError, pyarrow.ArrowException) as exc:
        raise InputError.single(path, None, None, "a readable Parquet file", f"{type(exc).__name__}: {exc}") from None
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    return frame


class _Factor:
    """A column as integer codes into its distinct values, so that each distinct value is parsed once."""

    def __init__(self, column: pd.Series, parse=None):
        codes, uniques = pd.factorize(column)  # missing -> code -1
        self.codes = codes
        self.raw = pd.Series(np.asarray(uniques, dtype=object), dtype=object)
        self.uniques = parse(self.raw) if parse else self.raw

    def spread(self, per_unique, *, fill) -> np.ndarray:
        """One value per row from one value per distinct value; ``fill`` where the cell was missing."""
        values = np.asarray(per_unique)
        if values.dtype.kind not in "biuf":
            values = np.asarray(per_unique, dtype=object)
        return np.append(values, np.array([fill], dtype=values.dtype))[self.codes]


def _values(path: Path, column: pd.Series, rows: np.ndarray, failures: list) -> tuple[np.ndarray, np.ndarray]:
    """Numbers as float; symbols of :data:`SYMBOLS` as NaN with the symbol in the note; anything else a failure."""
    cells = _Factor(column)
    if pd.api.types.is_numeric_dtype(column):
        text = cells.raw
        symbol = np.zeros(len(text), dtype=bool)
        number = pd.to_numeric(text, errors="coerce").astype(float).to_numpy()
    else:
        text = cells.raw.astype("string").str.strip()
        symbol = text.isin(list(SYMBOLS)).fillna(False).to_numpy(dtype=bool)
        number = pd.to_numeric(text.where(~symbol).str.replace(",", "", regex=False).astype(object),
                               errors="coerce").astype(float).to_numpy()
    bad_distinct = ~symbol & ~np.isfinite(number)
    bad = cells.spread(bad_distinct, fill=True)
    for i in np.flatnonzero(bad):
        failures.append(Failure(str(path), int(rows[i]), "Values", _VALUE, _cell(column, i)))
    value = cells.spread(np.where(bad_distinct, np.nan, number), fill=np.nan)
    note = cells.spread(text.astype(object).where(symbol, np.nan), fill=np.nan)
    return value, note


def _cell(column: pd.Series, i: int):
    """The i-th cell as a plain Python value (for error messages): ``202.5``, not ``np.float64(202.5)``."""
    value = column.iloc[i]
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if isinstance(value, np.generic) else value


def _key(name) -> str:
    return re.sub(r"\s+", " ", str(name).replace("&", " and ")).strip().lower()


def _resolve(numbers: list, names: list) -> pd.DataFrame:
    """Area code, name and type from a DfE LA number (LAs, current or former) or a name (England, regions, London
    halves); NaN code when neither is known. One call per distinct (number, name) pair."""
    table = geography.areas()
    numbers = pd.Series(numbers, dtype=object)
    current = geography.current_code(geography.dfe_to_gss(numbers.fillna("")))
    big = table[table["area_type"].isin(["country", "region"])]
    by_name = {_key(n): c for n, c in zip(big["area_name"], big["area_code"])}
    codes, labels, types = [], [], []
    for number, name, gss in zip(numbers, names, current):
        key = _key(name) if isinstance(name, str) else ""
        if number in _FORMER_LA_NUMBERS:
            code = _FORMER_LA_NUMBERS[number]
            found = (code, geography.FORMER_CODES[code], FORMER)
        elif isinstance(gss, str) and gss in table.index:
            found = (gss, table.at[gss, "area_name"], table.at[gss, "area_type"])
        elif key in by_name:
            code = by_name[key]
            found = (code, table.at[code, "area_name"], table.at[code, "area_type"])
        elif key in _LONDON_PARTS:
            found = (*_LONDON_PARTS[key], LONDON_PART)
        else:
            found = (np.nan, np.nan, np.nan)
        codes.append(found[0]), labels.append(found[1]), types.append(found[2])
    return pd.DataFrame({"area_code": codes, "area_name": labels, "area_type": types}, dtype=object)


def _where(path: Path, frame: pd.DataFrame, rows: np.ndarray, failures: list) -> tuple[dict, np.ndarray]:
    """GSS area of every row of ``bds_long`` (arrays by column) and an area id for duplicate checks (-1 unknown);
    bad LA numbers and unknown areas go to ``failures``."""
    number = _Factor(frame["LA Number"])
    value = pd.to_numeric(number.raw, errors="coerce").astype(float).to_numpy()
    whole_distinct = np.isfinite(value) & (value % 1 == 0) & (value >= 0)
    whole = number.spread(whole_distinct, fill=False)
    for i in np.flatnonzero(~whole):
        failures.append(Failure(str(path), int(rows[i]), "LA Number", _LA_NUMBER, _cell(frame["LA Number"], i)))
    number_text = [str(int(v)) if ok else np.nan for v, ok in zip(value, whole_distinct)]
    name = _Factor(frame["LA and Regions"], _text)
    width = len(name.uniques) + 1
    pair_codes, pairs = pd.factorize((number.codes.astype(np.int64) + 1) * width + (name.codes + 1))
    n_at, a_at = pairs // width - 1, pairs % width - 1
    numbers = [number_text[k] if k >= 0 else np.nan for k in n_at]
    distinct_names = name.uniques.to_numpy(dtype=object)
    names = [distinct_names[k] if k >= 0 else np.nan for k in a_at]
    resolved = _resolve(numbers, names)
    spread = {c: np.append(resolved[c].to_numpy(dtype=object), np.nan)[pair_codes] for c in resolved.columns}
    unknown = resolved["area_code"].isna().to_numpy()[pair_codes] & whole
    for i in np.flatnonzero(unknown):
        k = pair_codes[i]
        failures.append(Failure(str(path), int(rows[i]), "LA and Regions", _AREA,
                                f"LA Number {numbers[k]}, {_cell(frame['LA and Regions'], i)}"))
    area_ids, _ = pd.factorize(resolved["area_code"])
    return spread, np.append(area_ids, -1)[pair_codes]


def _per_measure(meta: pd.DataFrame) -> pd.DataFrame:
    """One row per measure code: topics combined with `` / `` (LAIT's way), the rest from its first row."""
    meta = meta[meta["measure_code"].notna()]
    grouped = meta.groupby("measure_code", sort=False)
    per = grouped[["measure", "unit", "polarity", "year_type"]].first()
    per["topic"] = grouped["topic"].agg(lambda s: " / ".join(dict.fromkeys(s.dropna())) or np.nan)
    return per


_ACADEMIC = re.compile(r"^(\d{4})/(\d{2})$")
_YEAR_END = re.compile(r"^(\d{4})(?:\s*\((?:rev|final|prov)\))?$", re.IGNORECASE)
_HYPHEN = re.compile(r"^(\d{4})-(\d{2})$")


def _academic_year(period, year_type) -> object:
    """``2024/25`` for an academic-year period (module docstring), else NaN."""
    if not isinstance(period, str):
        return np.nan
    m = _ACADEMIC.match(period)
    if m and (int(m[1]) + 1) % 100 == int(m[2]):
        return period
    if not (isinstance(year_type, str) and year_type.strip().lower() == "academic year"):
        return np.nan
    m = _YEAR_END.match(period)
    if m and int(m[1]) > 1900:
        end = int(m[1])
        return f"{end - 1}/{end % 100:02d}"
    m = _HYPHEN.match(period)
    if m and (int(m[1]) + 1) % 100 == int(m[2]):
        return f"{m[1]}/{m[2]}"
    return np.nan


def _academic_years(period: _Factor, code: _Factor, year_type: pd.Series) -> np.ndarray:
    """:func:`_academic_year` of every row, worked out once per distinct (period, measure)."""
    width = len(code.uniques) + 1
    pair_codes, pairs = pd.factorize((period.codes.astype(np.int64) + 1) * width + (code.codes + 1))
    types, periods = year_type.to_numpy(dtype=object), period.uniques.to_numpy(dtype=object)
    labels = [_academic_year(periods[p] if p >= 0 else np.nan, types[c] if c >= 0 else np.nan)
              for p, c in zip(pairs // width - 1, pairs % width - 1)]
    return np.append(np.array(labels, dtype=object), np.nan)[pair_codes]


def _excel_dates(raw: pd.Series) -> pd.Series:
    """Excel day numbers (``45962``) as dates; anything else NaT."""
    text = raw.astype("string")
    digits = text.str.fullmatch(r"\d{1,6}(?:\.0+)?").fillna(False)
    days = pd.to_numeric(text.where(digits).astype(object), errors="coerce").astype(float)
    return pd.to_datetime(days, unit="D", origin=_EXCEL_EPOCH)


def _dictionary_argument(dictionary) -> pd.DataFrame | None:
    if dictionary is None:
        return None
    if isinstance(dictionary, pd.DataFrame):
        missing = [c for c in ("measure_code", "topic", "measure", "unit", "polarity", "year_type")
                   if c not in dictionary.columns]
        if missing:
            raise ArgumentError(f"dictionary must be a frame from read_lait_dictionary (or its path); "
                                f"got a frame without {missing}")
        return dictionary
    if isinstance(dictionary, (str, Path)):
        return read_lait_dictionary(dictionary)
    raise ArgumentError(f"dictionary must be a frame from read_lait_dictionary or a path; "
                        f"got {type(dictionary).__name__}")


def _names_argument(argument: str, value) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, Iterable) or isinstance(value, (bytes, pd.DataFrame)):
        raise ArgumentError(f"{argument} must be a name or a list of names; got {type(value).__name__}")
    names = [str(v).strip() for v in value]
    if not names:
        raise ArgumentError(f"{argument} must name at least one; got []")
    return names


def _finish(out: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    out = out[columns].reset_index(drop=True)
    for column in columns:
        if not (pd.api.types.is_numeric_dtype(out[column]) or pd.api.types.is_bool_dtype(out[column])
                or pd.api.types.is_datetime64_any_dtype(out[column])):
            out[column] = out[column].astype(object).where(out[column].notna(), np.nan)
    return out
