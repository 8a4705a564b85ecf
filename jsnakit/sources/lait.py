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

**Modules.** :func:`read_lait` and :func:`sen_series` are defined here; the dictionary
(:mod:`jsnakit.sources.lait_dictionary`) and the code list (:mod:`jsnakit.sources.lait_codes`) have their own
modules, re-exported here, and :mod:`jsnakit.sources.lait_cells` reads the cells all three share.

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

from ..core.errors import ArgumentError, Failure, InputError
from . import ees, symbols
from .lait_cells import AREA_EXPECTED, FORMER, LA_NUMBER_EXPECTED, LONDON_PART, cell_text, resolve_areas
from .lait_codes import LA_CODE_COLUMNS, LA_TYPE_CODES, read_la_codes
from .lait_dictionary import DICTIONARY_COLUMNS, POLARITIES, read_lait_dictionary

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
    "FORMER",
    "LONDON_PART",
]

#: The ``source`` of every row read from LAIT.
LAIT = "DfE, Local Authority Interactive Tool (LAIT)"

#: What :func:`read_lait` returns, in this order.
LAIT_COLUMNS = [
    "source", "measure_code", "measure", "topic", "period", "academic_year", "area_code", "area_name", "area_type",
    "value", "note", "unit", "polarity", "year_type",
]

#: Symbols that may stand in LAIT's ``Values``: LAIT's own ``-``, the ``c`` and ``..`` its app also treats as no
#: value, and the GSS / explore-education-statistics symbols of the publications it draws on.
SYMBOLS = {"-": "no value (LAIT)", "..": "not available", **symbols.GSS}

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

_BDS_COLUMNS = ["Short Desc", "Data item", "Years", "LA and Regions", "Values", "LA Number"]
_VALUE = "a number or one of the symbols " + ", ".join(SYMBOLS)


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
        (jsnakit's spelling), ``area_type`` (``country``, ``region``, an LA type of
        :data:`jsnakit.core.geography.LA_TYPES`,
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
    if frame.empty:
        raise InputError.single(path, None, None, "rows of LAIT measures under the header", "no rows")
    rows = np.arange(2, len(frame) + 2)  # the rows a spreadsheet would show (header = row 1)
    # Every column holds few distinct values (434 measures, 170 areas, 65 periods, ~55,000 values in 641,070 rows):
    # each is parsed once per distinct value and spread back by its codes.
    code = _Factor(frame["Short Desc"], cell_text)
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
        code = _Factor(frame["Short Desc"], cell_text)

    failures: list = []
    for i in np.flatnonzero(code.spread(code.uniques.isna().to_numpy(), fill=True).astype(bool)):
        failures.append(Failure(str(path), int(rows[i]), "Short Desc", "a measure code", _cell(frame["Short Desc"], i)))
    period = _Factor(frame["Years"], cell_text)
    for i in np.flatnonzero(period.spread(period.uniques.isna().to_numpy(), fill=True).astype(bool)):
        failures.append(Failure(str(path), int(rows[i]), "Years", "a period such as 2025 or 2024/25",
                                _cell(frame["Years"], i)))
    value, note = _values(path, frame["Values"], rows, failures)
    area, area_id = _where(path, frame, rows, failures)
    dup = pd.DataFrame({"m": code.codes, "p": period.codes, "a": area_id}).duplicated(keep="first").to_numpy()
    for i in np.flatnonzero(dup & (area_id >= 0)):
        failures.append(Failure(str(path), int(rows[i]), None, "one row per Short Desc, Years and area",
                                "a duplicate of an earlier row"))
    ees.raise_if(failures)

    item = _Factor(frame["Data item"], cell_text)
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


def _where(path: Path, frame: pd.DataFrame, rows: np.ndarray, failures: list) -> tuple[dict, np.ndarray]:
    """GSS area of every row of ``bds_long`` (arrays by column) and an area id for duplicate checks (-1 unknown);
    bad LA numbers and unknown areas go to ``failures``."""
    number = _Factor(frame["LA Number"])
    value = pd.to_numeric(number.raw, errors="coerce").astype(float).to_numpy()
    whole_distinct = np.isfinite(value) & (value % 1 == 0) & (value >= 0)
    whole = number.spread(whole_distinct, fill=False)
    for i in np.flatnonzero(~whole):
        failures.append(Failure(str(path), int(rows[i]), "LA Number", LA_NUMBER_EXPECTED, _cell(frame["LA Number"], i)))
    number_text = [str(int(v)) if ok else np.nan for v, ok in zip(value, whole_distinct)]
    name = _Factor(frame["LA and Regions"], cell_text)
    width = len(name.uniques) + 1
    pair_codes, pairs = pd.factorize((number.codes.astype(np.int64) + 1) * width + (name.codes + 1))
    n_at, a_at = pairs // width - 1, pairs % width - 1
    numbers = [number_text[k] if k >= 0 else np.nan for k in n_at]
    distinct_names = name.uniques.to_numpy(dtype=object)
    names = [distinct_names[k] if k >= 0 else np.nan for k in a_at]
    resolved = resolve_areas(numbers, names)
    spread = {c: np.append(resolved[c].to_numpy(dtype=object), np.nan)[pair_codes] for c in resolved.columns}
    unknown = resolved["area_code"].isna().to_numpy()[pair_codes] & whole
    for i in np.flatnonzero(unknown):
        k = pair_codes[i]
        failures.append(Failure(str(path), int(rows[i]), "LA and Regions", AREA_EXPECTED,
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
