"""Ministry of Housing, Communities and Local Government: the English Indices of Deprivation (IoD).

The reader takes File 11 of the IoD 2019, *Local Authority District Summaries (upper-tier)*: one sheet per index or
domain (``IMD``, ``Income``, ``Employment``, ``Education``, ``Health``, ``Crime``, ``Barriers``, ``Living``,
``IDACI``, ``IDAOPI``), one row per upper-tier local authority on the geography of the release (151 in 2019), and
the summary measures of the LSOAs each holds. Headings are matched by their words (the published ones carry
trailing and doubled spaces), and the header row is found by its content.

Reference: MHCLG, *English indices of deprivation 2019*, File 11, September 2019,
https://www.gov.uk/government/statistics/english-indices-of-deprivation-2019 (technical report, chapter 3, for
what each summary measure means).
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..core import geography
from ..core.errors import ArgumentError, Failure, InputError
from . import ees

__all__ = ["read_imd_summary", "IMD_COLUMNS", "DOMAINS", "MEASURES", "IOD"]

IOD = "MHCLG, English Indices of Deprivation"

#: What :func:`read_imd_summary` returns.
IMD_COLUMNS = ["area_code", "area_name", "current_code", "vintage", "domain", "measure", "value", "note"]

#: The sheets of File 11, one per index or domain: the value of ``domain`` and what it stands for.
DOMAINS = {
    "IMD": "Index of Multiple Deprivation",
    "Income": "Income Deprivation",
    "Employment": "Employment Deprivation",
    "Education": "Education, Skills and Training Deprivation",
    "Health": "Health Deprivation and Disability",
    "Crime": "Crime",
    "Barriers": "Barriers to Housing and Services",
    "Living": "Living Environment Deprivation",
    "IDACI": "Income Deprivation Affecting Children Index",
    "IDAOPI": "Income Deprivation Affecting Older People Index",
}

#: Summary measures: the value of ``measure``, and the heading's words after the domain (lower case, single spaces).
#: Every ``rank_of_...`` ranks the 151 LAs, 1 being the most deprived.
MEASURES = {
    "average_rank": "average rank",
    "rank_of_average_rank": "rank of average rank",
    "average_score": "average score",
    "rank_of_average_score": "rank of average score",
    "proportion_most_deprived_10pct": "proportion of lsoas in most deprived 10% nationally",
    "rank_of_proportion_most_deprived_10pct": "rank of proportion of lsoas in most deprived 10% nationally",
    "extent": "extent",
    "rank_of_extent": "rank of extent",
    "local_concentration": "local concentration",
    "rank_of_local_concentration": "rank of local concentration",
    "scale": "scale",
    "rank_of_scale": "rank of scale",
}
_BY_HEADING = {words: measure for measure, words in MEASURES.items()}
_CODE = re.compile(r"\bcode\b", re.IGNORECASE)
_NAME = re.compile(r"\bname\b", re.IGNORECASE)
_HEADER_SEARCH = 20  # rows searched for the header


def _heading_words(heading: str) -> str:
    """``'Income - Proportion  of LSOAs in most deprived 10% nationally '`` -> ``'proportion of lsoas in ...'``;
    ``'Rank of Income Scale'`` -> ``'rank of scale'``."""
    words = re.sub(r"\s+", " ", str(heading)).strip().lower()
    words = words.rsplit(" - ", 1)[-1]
    return re.sub(r"^(rank of )?[a-z]+ scale$", lambda m: (m.group(1) or "") + "scale", words)


def _reorganisation_notes(codes: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Today's code of each area (NaN for an area abolished or split since) and a note where they differ."""
    current = geography.current_code(codes)
    recoded = current != codes
    former = codes.isin(list(geography.FORMER_CODES))
    note = pd.Series(np.nan, index=codes.index, dtype=object)
    note[recoded] = ("recoded since: same area, today " + current[recoded]).to_numpy()
    successors = geography.SUCCESSIONS.groupby("former_code", sort=False)["area_code"].agg(list)
    for row in codes.index[former]:
        after = successors.get(codes[row], [])
        note[row] = ("split since between " + " and ".join(after) if len(after) > 1
                     else "reorganised since: now part of " + "".join(after) if after
                     else "abolished since") + "; no single area today"
    return current.where(~former, np.nan), note


def _read_sheet(path: Path, raw: pd.DataFrame, domain: str, sheet: str) -> tuple[pd.DataFrame, list]:
    failures: list = []
    top = raw.head(_HEADER_SEARCH).astype(str)
    header_rows = [i for i in range(len(top))
                   if top.iloc[i].str.contains(_CODE).any() and top.iloc[i].str.contains(_NAME).any()]
    if not header_rows:
        return pd.DataFrame(), [Failure(str(path), None, sheet, "a header row with an LA code and an LA name "
                                        "heading ('... District code (2019)', '... District name (2019)')",
                                        f"no such row in the first {_HEADER_SEARCH} rows")]
    h = header_rows[0]
    headings = [re.sub(r"\s+", " ", str(v)).strip() if not pd.isna(v) else "" for v in raw.iloc[h]]
    code_col = next(i for i, v in enumerate(headings) if _CODE.search(v))
    name_col = next(i for i, v in enumerate(headings) if _NAME.search(v))
    year = re.search(r"\((\d{4})\)", headings[code_col])
    measures = {}
    for i, heading in enumerate(headings):
        if i in (code_col, name_col) or not heading:
            continue
        measure = _BY_HEADING.get(_heading_words(heading))
        if measure is None:
            failures.append(Failure(str(path), h + 1, heading, f"a heading of an IoD summary measure on sheet "
                                    f"{sheet} (average rank, average score, extent, ...)", str(raw.iat[h, i])))
        elif measure in measures.values():
            failures.append(Failure(str(path), h + 1, heading, f"one column of {measure} on sheet {sheet}",
                                    "a second one"))
        else:
            measures[i] = measure
    body = raw.iloc[h + 1:]
    body.index = pd.RangeIndex(h + 2, h + 2 + len(body))  # the rows an analyst sees (first row = 1)
    body = body[~body.map(lambda v: pd.isna(v) or (isinstance(v, str) and not v.strip())).all(axis=1)]
    code_heading = headings[code_col]
    names = body.iloc[:, name_col].map(lambda v: v.strip() if isinstance(v, str) else v)
    published = body.iloc[:, code_col]
    codes = published.map(lambda v: v.strip().upper() if isinstance(v, str) else v)
    malformed = ~codes.astype(str).str.fullmatch(r"E\d{8}").fillna(False).astype(bool)
    # A malformed code beside the exact name of one LA of today's table is taken from the name, with a note
    # (the IMD sheet of the copy of the 2019 file in shared/data/real has Slough as 'E0600003').
    las = geography.local_authorities()
    by_name = las.drop_duplicates("area_name", keep=False).set_index("area_name")["area_code"]
    from_name = names[malformed].map(by_name)
    codes = codes.where(~malformed, from_name)
    repaired = malformed & codes.notna()
    bad_code = malformed & codes.isna()
    for row, got in published[bad_code].items():
        failures.append(Failure(str(path), row, code_heading, "a GSS code of an English local authority "
                                "(or the exact name of one beside it)", got))
    known = codes.isin(list(geography.areas().index)) | codes.isin(list(geography.CODE_CHANGES)) \
        | codes.isin(list(geography.FORMER_CODES))
    for row, got in codes[~bad_code & ~known].items():
        failures.append(Failure(str(path), row, code_heading,
                                "a GSS code of an English upper-tier LA, today's or a former one", got))
    for row in codes.index[codes.duplicated() & ~bad_code]:
        failures.append(Failure(str(path), row, code_heading, "one row per LA", f"{codes[row]}, already above"))
    parts = []
    for i, measure in measures.items():
        cells = body.iloc[:, i].map(lambda v: v.strip().replace(",", "") if isinstance(v, str) else v)
        number = pd.to_numeric(cells, errors="coerce")
        for row, got in body.iloc[:, i][number.isna() | ~np.isfinite(number.astype(float))].items():
            failures.append(Failure(str(path), row, headings[i], "a number", got))
        parts.append(pd.DataFrame({"_row": body.index, "_order": i, "measure": measure,
                                   "value": number.astype(float).to_numpy()}, index=body.index))
    if failures:
        return pd.DataFrame(), failures
    current, note = _reorganisation_notes(codes.astype(object))
    note[repaired] = ("published code " + published[repaired].astype(str).map(repr)
                      + " is not a GSS code; code taken from the name").to_numpy()
    long = pd.concat(parts).sort_values(["_row", "_order"], kind="stable")
    out = pd.DataFrame({
        "area_code": codes[long.index].to_numpy(),
        "area_name": names[long.index].to_numpy(),
        "current_code": current[long.index].to_numpy(),
        "vintage": pd.array([int(year.group(1)) if year else pd.NA] * len(long), dtype="Int64"),
        "domain": domain,
        "measure": long["measure"].to_numpy(),
        "value": long["value"].to_numpy(),
        "note": note[long.index].to_numpy(),
    })
    return out, failures


def read_imd_summary(path, *, domain: str = "IMD") -> pd.DataFrame:
    """Read the upper-tier local authority summaries of the English Indices of Deprivation (File 11).

    Parameters
    ----------
    path : str or pathlib.Path
        The workbook ``File_11_-_IoD2019_Local_Authority_District_Summaries__upper-tier__.xlsx`` (or an edition
        laid out alike): one sheet per domain, a header row holding ``... code (2019)`` and ``... name (2019)``.
    domain : str, default "IMD"
        Which sheet: one of :data:`DOMAINS` (``"IMD"``, ``"Income"``, ``"Employment"``, ``"Education"``,
        ``"Health"``, ``"Crime"``, ``"Barriers"``, ``"Living"``, ``"IDACI"``, ``"IDAOPI"``; any case), or
        ``"all"`` for every one of them.

    Returns
    -------
    pandas.DataFrame
        Long and tidy, one row per LA x domain x measure, columns :data:`IMD_COLUMNS`:

        - ``area_code``: GSS code as published (2019 geography: Buckinghamshire ``E10000002``, Northamptonshire
          ``E10000021``, Cumbria ``E10000006``, North Yorkshire ``E10000023``, Somerset ``E10000027``, ...);
        - ``area_name``; ``current_code``: today's code of the same area (:func:`jsnakit.core.geography.current_code`,
          e.g. ``E06000060`` for Buckinghamshire), NaN for an area split or abolished since (Northamptonshire,
          Cumbria);
        - ``vintage``: the year of the LA geography, from the code heading (2019), Int64;
        - ``domain``: the sheet's key in :data:`DOMAINS`;
        - ``measure``: one of :data:`MEASURES`, as the sheet has them: ``average_rank`` (population-weighted
          average of the LSOAs' national ranks, 1 = most deprived of 32,844), ``average_score`` (population-weighted
          average LSOA score; a rate for Income, Employment, IDACI, IDAOPI, a score otherwise),
          ``proportion_most_deprived_10pct`` (fraction 0-1 of the LA's LSOAs in the most deprived 10% in England),
          ``extent`` (fraction 0-1 of the population in the most deprived LSOAs, IMD only), ``local_concentration``
          (population-weighted average rank of the LA's most deprived LSOAs holding 10% of its population, IMD
          only), ``scale`` (number of people income- or employment-deprived, Income and Employment only), and the
          ``rank_of_...`` of each among the LAs (1 = most deprived);
        - ``value``: float; ``note``: NaN, or what became of an area reorganised since (``"recoded since: same
          area, today E06000060"``, ``"split since between E06000061 and E06000062; no single area today"``, from
          :data:`jsnakit.core.geography.CODE_CHANGES` and :data:`jsnakit.core.geography.SUCCESSIONS`), or that a
          malformed
          published code was taken from the LA's name (Slough's ``'E0600003'`` on the IMD sheet of the copy in
          ``shared/data/real``).

    Raises
    ------
    InputError
        When the file is not a workbook; lacks the sheet of ``domain`` (the message lists the sheets found); a sheet
        has no header row with code and name headings, or a heading that is no IoD summary measure, or no row of an
        LA under it; a code is not a
        GSS code of an English upper-tier LA (today's, or a former one of :data:`jsnakit.core.geography.FORMER_CODES`)
        and no LA's exact name stands beside it, or it repeats; a value is not a number. Every failure of the file
        at once; rows are numbered as Excel shows them.
    ArgumentError
        When ``domain`` is none of :data:`DOMAINS` nor ``"all"``.

    References
    ----------
    MHCLG (2019) *English indices of deprivation 2019*, File 11: upper-tier local authority summaries,
    https://www.gov.uk/government/statistics/english-indices-of-deprivation-2019.

    Examples
    --------
    >>> path = "File_11_-_IoD2019_Local_Authority_District_Summaries__upper-tier__.xlsx"
    >>> imd = read_imd_summary(path)  # doctest: +SKIP
    >>> imd.query("measure == 'rank_of_average_score' and value == 1")["area_name"].tolist()  # doctest: +SKIP
    ['Blackpool']
    """
    if not isinstance(domain, str) or (domain.lower() != "all" and domain.lower() not in
                                       {d.lower() for d in DOMAINS}):
        raise ArgumentError(f"domain must be one of {list(DOMAINS)} or 'all'; got {domain!r}")
    wanted = list(DOMAINS) if domain.lower() == "all" else [d for d in DOMAINS if d.lower() == domain.lower()]
    path = Path(path)
    try:
        book = pd.ExcelFile(path, engine="calamine")
    except Exception as exc:  # calamine raises several kinds for a file that is not a workbook
        raise InputError.single(path, None, None, "an Excel workbook (.xlsx)", f"{type(exc).__name__}: {exc}") from None
    sheets = {str(s).strip().lower(): s for s in book.sheet_names}
    missing = [d for d in wanted if d.lower() not in sheets]
    if missing:
        raise InputError([Failure(str(path), None, d, f"a sheet named {d}", f"sheets {book.sheet_names}")
                          for d in missing])
    failures: list = []
    frames = []
    for d in wanted:
        sheet = sheets[d.lower()]
        raw = pd.read_excel(book, sheet_name=sheet, header=None, dtype=object, keep_default_na=False)
        frame, found = _read_sheet(path, raw, d, sheet)
        failures.extend(found)
        if not found and frame.empty:  # a header without a single local authority under it
            failures.append(Failure(str(path), None, d, "rows of upper-tier local authorities under the header",
                                    f"no rows on sheet {sheet!r}"))
        frames.append(frame)
    ees.raise_if(failures)
    return pd.concat(frames, ignore_index=True)[IMD_COLUMNS]
