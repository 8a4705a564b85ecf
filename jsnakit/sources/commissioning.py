"""Commissioning register: who commissions which SEND service, for whom, how much, and how it is funded.

The local area's partners (the local authority for education, social care and public health, the integrated care
board, NHS England, schools) must commission services for children and young people with SEND jointly (Children and
Families Act 2014 s.26; SEND Code of Practice 2015 ch. 3). No publisher holds what they commission, so jsnakit reads
its own documented CSV, the *commissioning register* (one row per commissioned service; one file may hold several
areas), and ties it to the Local Offer (:mod:`jsnakit.sources.provision`) through the Open Referral UK service id.

The Local Offer says which needs a service meets through its taxonomy terms (the LGA ESD needs list, local service
type lists, ...). A *need mapping* (:func:`read_need_mapping`; the default ``jsnakit/data/need_taxonomy.csv``) turns
those terms into the DfE primary-need codes of :data:`NEEDS` and the service types of :data:`SERVICE_TYPES`, and
:func:`map_local_offer` applies it (both defined in :mod:`jsnakit.sources.need_mapping`, re-exported here).

The vocabulary of the register (:data:`PARTNERS`, :data:`SERVICE_TYPES`, :data:`JOINT_EXPECTED`, :data:`AGE_BANDS`,
...) is defined in :mod:`jsnakit.core.vocabulary`, where the gap analysis and its maps, tables and widgets take it
from; it is re-exported here (``AGE_BANDS`` is :data:`jsnakit.core.vocabulary.SERVICE_AGE_BANDS`).

The register (columns case-insensitive, in any order, extra columns ignored):

==============  ========  ===========================================================================================
column          required  content
==============  ========  ===========================================================================================
area_code       yes       GSS code (E06/E08/E09/E10) or DfE LA number of the upper-tier LA whose partnership commissions
service_id      no        the Open Referral UK ``service.id`` of the service in that area's Local Offer
service_name    yes       text
service_type    yes       a :data:`SERVICE_TYPES` code or label (case-insensitive)
partners        yes       :data:`PARTNERS` codes or labels separated by ``;``
funding_route   yes       one of :data:`FUNDING_ROUTES`
capacity        no        a number >= 0, in ``capacity_unit``
capacity_unit   with      one of :data:`CAPACITY_UNITS` (required when ``capacity`` is given)
                capacity
needs           no        :data:`NEEDS` codes or labels separated by ``;``, or ``all``; blank: from the Local Offer
age_from        no        whole years 0-25; blank: from the Local Offer's ``minimum_age``, else 0
age_to          no        whole years 0-25, not below ``age_from``; blank: from the Local Offer, else 25
notes           no        free text
==============  ========  ===========================================================================================

References
----------
Children and Families Act 2014 s.25-26 (integration; joint commissioning arrangements).
Department for Education, Department of Health (2015), *Special educational needs and disability code of practice:
0 to 25 years*, ch. 3 (joint commissioning), paras 3.20-3.29 and 3.38-3.40.
NHS Act 2006 s.75 (pooled budgets). DfE primary-need types: *Special educational needs in England* (school census).
"""
from __future__ import annotations

import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from ..core import geography
from ..core.errors import ArgumentError, Failure, InputError, describe_failures, failure_table
from ..core.schema import PRIMARY_NEEDS
from ..core.vocabulary import (ALL_NEEDS, CAPACITY_UNITS, DOMAINS, FUNDING_ROUTES, JOINT_EXPECTED, NEEDS, PARTNERS,
                               SERVICE_TYPES)
from ..core.vocabulary import SERVICE_AGE_BANDS as AGE_BANDS
from . import ees
from .ees import spelling_key
from .need_mapping import LOCAL_OFFER_NEED_COLUMNS, NEED_MAPPING_COLUMNS, map_local_offer, read_need_mapping

__all__ = [
    "read_commissioning_register",
    "read_need_mapping",
    "map_local_offer",
    "ages_served",
    "needs_label",
    "RegisterWarning",
    "PARTNERS",
    "FUNDING_ROUTES",
    "CAPACITY_UNITS",
    "SERVICE_TYPES",
    "DOMAINS",
    "JOINT_EXPECTED",
    "NEEDS",
    "ALL_NEEDS",
    "AGE_BANDS",
    "REGISTER_COLUMNS",
    "NEED_MAPPING_COLUMNS",
    "LOCAL_OFFER_NEED_COLUMNS",
]

# The label of ALL_NEEDS; the limits of each of AGE_BANDS; the oldest age of a register record.
_ALL_NEEDS_LABEL = "All needs"
_BAND_LIMITS = tuple(tuple(int(x) for x in band.split("-")) for band in AGE_BANDS)
_MAX_AGE = 25

# --- frames -----------------------------------------------------------------------------------------------------

#: One row per register record. ``partners`` and ``needs`` are ``"; "``-joined sorted codes (``needs`` may be
#: ``"all"``; NaN when blank), ``domain`` that of the service type, ``capacity``, ``age_from`` and ``age_to`` float,
#: ``source`` the file, ``row`` the record's spreadsheet row (header = 1).
REGISTER_COLUMNS = ["area_code", "service_id", "service_name", "service_type", "domain", "partners", "funding_route",
                    "capacity", "capacity_unit", "needs", "age_from", "age_to", "notes", "source", "row"]

_REQUIRED = ["area_code", "service_name", "service_type", "partners", "funding_route"]
_OPTIONAL = ["service_id", "capacity", "capacity_unit", "needs", "age_from", "age_to", "notes"]
_NUMERIC = ("capacity", "age_from", "age_to")
_WORKBOOKS = (".xlsx", ".xlsm", ".xls", ".ods")

_EXPECTED = {
    "area_code": "the GSS code (E06, E08, E09, E10) or DfE number of an upper-tier local authority",
    "service_name": "a service name (text)",
    "service_type": "a service type code or label: " + ", ".join(SERVICE_TYPES),
    "partners": "partner codes or labels separated by ';': " + ", ".join(PARTNERS),
    "funding_route": ", ".join(FUNDING_ROUTES[:-1]) + " or " + FUNDING_ROUTES[-1],
    "capacity": "a number >= 0",
    "capacity_unit": ", ".join(CAPACITY_UNITS[:-1]) + " or " + CAPACITY_UNITS[-1],
    "needs": "need codes or labels separated by ';' (" + ", ".join(NEEDS) + "), or 'all'",
    "age": f"a whole number of years from 0 to {_MAX_AGE}",
}


class RegisterWarning(UserWarning):
    """Record-level problems of a commissioning register: the records are kept with the bad values blanked (NaN).

    One warning per file. The message names file, row, column, expected and got of the first ten problems;
    ``.failures`` holds them all.

    Parameters
    ----------
    failures : list of jsnakit.core.errors.Failure
        Every problem found in the file.

    Attributes
    ----------
    failures : pandas.DataFrame
        Columns ``file, row, column, expected, got`` (as :attr:`jsnakit.core.errors.InputError.failures`).

    Examples
    --------
    >>> w = RegisterWarning([Failure("register.csv", 3, "funding_route", "single, joint or pooled", "shared")])
    >>> print(w)
    1 problem(s) in register.csv; the records are kept with the bad values blanked (NaN):
    register.csv, row 3, column 'funding_route': expected single, joint or pooled; got 'shared'
    >>> w.failures["row"].tolist()
    [3]
    """

    def __init__(self, failures):
        self._failures = list(failures)
        files = list(dict.fromkeys(f.file for f in self._failures))
        super().__init__(f"{len(self._failures)} problem(s) in {', '.join(files)}; the records are kept with the bad "
                         f"values blanked (NaN):\n{describe_failures(self._failures)}")

    @property
    def failures(self) -> pd.DataFrame:
        """All problems as a table: ``file, row, column, expected, got``."""
        return failure_table(self._failures)


# --- small public helpers ---------------------------------------------------------------------------------------

def ages_served(age_from, age_to) -> list[str]:
    """The :data:`AGE_BANDS` that a service for ages ``age_from`` to ``age_to`` serves.

    A band is served when the ranges overlap, ages being taken in completed years (4.5 is 4) and both ends inclusive.

    Parameters
    ----------
    age_from, age_to : float or None
        Youngest and oldest age served, in years. NaN or None leaves that end open (from 0, or without limit): both
        NaN serve every band. Ages above 25 are allowed (a Local Offer service for 12-100 serves 11-15 to 20-25).

    Returns
    -------
    list of str
        The bands served, in the order of :data:`AGE_BANDS`; empty when the range lies wholly above 25.

    Raises
    ------
    ArgumentError
        An age that is no number or is below 0, or ``age_from`` above ``age_to``.

    Examples
    --------
    >>> ages_served(4, 11)
    ['0-4', '5-10', '11-15']
    >>> ages_served(16, float("nan"))
    ['16-19', '20-25']
    >>> ages_served(None, None) == list(AGE_BANDS)
    True
    """
    low = _age_argument("age_from", age_from)
    high = _age_argument("age_to", age_to)
    low = 0 if low is None else math.floor(low)
    high = math.inf if high is None else math.floor(high)
    if low > high:
        raise ArgumentError(f"age_from must be no greater than age_to; got {age_from!r} > {age_to!r}")
    return [band for band, (first, last) in zip(AGE_BANDS, _BAND_LIMITS) if low <= last and high >= first]


def _age_argument(name: str, value):
    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ArgumentError(f"{name} must be an age in years (a number >= 0) or NaN; got {value!r}")
    value = float(value)
    if math.isnan(value):
        return None
    if value < 0:
        raise ArgumentError(f"{name} must be an age in years (a number >= 0) or NaN; got {value!r}")
    return value


def needs_label(code) -> str:
    """The :data:`jsnakit.core.schema.PRIMARY_NEEDS` label of a :data:`NEEDS` code (``"all"``: ``"All needs"``).

    Parameters
    ----------
    code : str
        A :data:`NEEDS` code or ``"all"`` (case-insensitive, surrounding spaces ignored).

    Returns
    -------
    str
        The DfE label, as frames write needs.

    Raises
    ------
    ArgumentError
        A code that is not in :data:`NEEDS` nor ``"all"``.

    Examples
    --------
    >>> needs_label("asd")
    'Autistic spectrum disorder'
    >>> needs_label("all")
    'All needs'
    """
    key = code.strip().lower() if isinstance(code, str) else code
    if key == ALL_NEEDS:
        return _ALL_NEEDS_LABEL
    if key in NEEDS:
        return PRIMARY_NEEDS[key]
    raise ArgumentError(f"code must be one of {', '.join(NEEDS)} or 'all'; got {code!r}")


# --- the register ------------------------------------------------------------------------------------------------

def _lookup(vocabulary: dict) -> dict:
    """Spelling -> code: the code (spaces or hyphens for underscores allowed) and the label, case-insensitive."""
    out = {}
    for code, label in vocabulary.items():
        out[spelling_key(label if isinstance(label, str) else label[0])] = code
        out[code] = code
        out[code.replace("_", " ")] = code
        out[code.replace("_", "-")] = code
    return out


_PARTNER_OF = _lookup(PARTNERS)
_SERVICE_TYPE_OF = _lookup(SERVICE_TYPES)
_NEED_OF = _lookup({code: PRIMARY_NEEDS[code] for code in NEEDS})


def read_commissioning_register(path) -> pd.DataFrame:
    """Read a commissioning register (jsnakit's CSV of the services a local area's partners commission).

    Parameters
    ----------
    path : str or pathlib.Path
        The CSV file (UTF-8 with or without BOM, or Latin-1; CRLF or LF); its columns are described in the module
        docstring: ``area_code, service_name, service_type, partners, funding_route`` are required, ``service_id,
        capacity, capacity_unit, needs, age_from, age_to, notes`` optional; names case-insensitive, any order,
        other columns ignored. Rows whose cells are all blank are skipped. One file may hold several areas.

    Returns
    -------
    pandas.DataFrame
        :data:`REGISTER_COLUMNS`, one row per record in file order:

        * ``area_code``: GSS code of the upper-tier LA (DfE numbers and the retired codes of
          :data:`jsnakit.core.geography.CODE_CHANGES` are translated to today's GSS code);
        * ``service_id``, ``service_name``, ``notes``: text, NaN when blank;
        * ``service_type``: a :data:`SERVICE_TYPES` code; ``domain`` its domain (:data:`DOMAINS`);
        * ``partners``: the :data:`PARTNERS` codes, sorted and joined by ``"; "`` (``"icb; la_education"``);
        * ``funding_route``: one of :data:`FUNDING_ROUTES`;
        * ``capacity`` (float, >= 0) in ``capacity_unit`` (one of :data:`CAPACITY_UNITS`);
        * ``needs``: :data:`NEEDS` codes sorted and joined by ``"; "``, or ``"all"``; NaN when blank (the needs are
          then those of the service's Local Offer taxonomy terms, see :func:`map_local_offer`);
        * ``age_from``, ``age_to``: whole years (float), NaN when blank (then the Local Offer's ages, else 0-25);
        * ``source``: the file (as given); ``row``: the record's spreadsheet row (header = 1).

    Raises
    ------
    InputError
        The file cannot be used: it is unreadable, empty, a workbook rather than a CSV, not well-formed CSV, cut
        short, lacks a required column (every missing column listed), names a column twice, or has no data rows.

    Warns
    -----
    RegisterWarning
        One per file, listing every record-level problem (file, row, column, expected, got): an unknown area code
        (or one of England or a region), a blank required cell, an unknown service type, partner, need, funding route
        or capacity unit, a capacity that is no number >= 0 or has no unit, an age that is no whole number from 0 to
        25, ``age_from`` above ``age_to``, a ``service_id`` given twice within one area. The record is kept with the
        bad value blanked (NaN): an unknown partner or need among known ones is dropped from the list (the list
        becomes NaN when nothing is left); a capacity without a known unit is blanked with it; ``age_from`` above
        ``age_to`` blanks both; the later of two records with one ``service_id`` loses its ``service_id``.

    References
    ----------
    SEND Code of Practice (2015) ch. 3; Children and Families Act 2014 s.26; NHS Act 2006 s.75.

    Examples
    --------
    >>> path = "data_samples/commissioning/commissioning_register.csv"
    >>> register = read_commissioning_register(path)  # doctest: +SKIP
    >>> register.groupby(["area_code", "funding_route"]).size()  # doctest: +SKIP
    """
    path = Path(path)
    kind = _workbook(path)
    if kind:
        raise InputError.single(path, None, None, "a CSV file (save the register from the workbook as 'CSV UTF-8')",
                                kind)
    frame = ees.read_csv(path, [])
    frame = ees.lower_columns(path, frame, _REQUIRED)
    text = frame.reindex(columns=_REQUIRED + _OPTIONAL, fill_value="").apply(lambda s: s.str.strip())
    text = text[(frame.apply(lambda s: s.str.strip()) != "").any(axis=1)]  # blank rows Excel leaves at the end
    if not len(text):
        raise InputError.single(path, 2, None, "data rows below the header", "none")

    failures: list[Failure] = []
    file = str(path)

    def fail(row, column, expected, got):
        failures.append(Failure(file, int(row), column, expected, got))

    out = pd.DataFrame(index=text.index, columns=REGISTER_COLUMNS, dtype=object)
    out["area_code"] = _area_codes(text["area_code"], fail)
    for column in ("service_id", "service_name", "notes"):
        out[column] = text[column].where(text[column] != "", np.nan)
    for row in text.index[text["service_name"] == ""]:
        fail(row, "service_name", _EXPECTED["service_name"], "")
    out["service_type"] = _one_of(text["service_type"], _SERVICE_TYPE_OF, "service_type", fail, required=True)
    out["domain"] = out["service_type"].map(lambda c: SERVICE_TYPES[c][1] if isinstance(c, str) else np.nan)
    out["partners"] = _list_of(text["partners"], _PARTNER_OF, "partners", fail, required=True)
    out["funding_route"] = _one_of(text["funding_route"], {r: r for r in FUNDING_ROUTES}, "funding_route", fail,
                                   required=True)
    out["needs"] = _list_of(text["needs"], _NEED_OF, "needs", fail, required=False, everything=ALL_NEEDS)
    capacity = _numbers(text["capacity"], "capacity", _EXPECTED["capacity"], fail, whole=False, high=math.inf)
    unit = _one_of(text["capacity_unit"], {u: u for u in CAPACITY_UNITS}, "capacity_unit", fail, required=False)
    unitless = capacity.notna() & (text["capacity_unit"] == "")
    for row in text.index[unitless]:
        fail(row, "capacity_unit", _EXPECTED["capacity_unit"] + " (required when capacity is given)", "")
    out["capacity"] = capacity.where(unit.notna(), np.nan)  # a capacity in no known unit cannot be compared
    out["capacity_unit"] = unit
    age_from = _numbers(text["age_from"], "age_from", _EXPECTED["age"], fail, whole=True, high=_MAX_AGE)
    age_to = _numbers(text["age_to"], "age_to", _EXPECTED["age"], fail, whole=True, high=_MAX_AGE)
    reversed_ = age_from > age_to
    for row in text.index[reversed_]:
        fail(row, "age_from", "an age_from no greater than age_to",
             f"age_from {age_from[row]:g} > age_to {age_to[row]:g}")
    out["age_from"] = age_from.where(~reversed_, np.nan)
    out["age_to"] = age_to.where(~reversed_, np.nan)
    _unique_service_ids(out, fail)
    out["source"] = file
    out["row"] = text.index.astype("int64")

    out = out.reset_index(drop=True)
    for column in REGISTER_COLUMNS:
        if column in _NUMERIC:
            out[column] = out[column].astype("float64")
        elif column != "row":
            out[column] = out[column].astype(object).where(out[column].notna(), np.nan)
    if failures:
        order = {c: i for i, c in enumerate(REGISTER_COLUMNS)}
        failures.sort(key=lambda f: (f.row, order.get(f.column, len(order))))
        warnings.warn(RegisterWarning(failures), stacklevel=2)
    return out[REGISTER_COLUMNS]


def _workbook(path: Path) -> str | None:
    """``"a .xlsx workbook"`` when the file is a spreadsheet workbook (by its name or its first bytes), else None."""
    if not path.is_file():
        return None
    if path.suffix.lower() in _WORKBOOKS:
        return f"a {path.suffix.lower()} workbook"
    try:
        with open(path, "rb") as handle:
            start = handle.read(8)
    except OSError:
        return None  # reported by the reader
    if start.startswith(b"PK\x03\x04"):
        return "a zip file (an .xlsx or .ods workbook?)"
    if start.startswith(b"\xd0\xcf\x11\xe0"):
        return "an Office binary file (an .xls workbook?)"
    return None


def _area_codes(codes: pd.Series, fail) -> pd.Series:
    """GSS codes of upper-tier LAs (DfE numbers and retired codes translated); unknown codes are failures -> NaN."""
    known: dict = {}
    for code in codes.unique():
        current = geography.current_code(pd.Series([code.upper()])).iloc[0]
        try:
            row = geography.area(current)
        except ArgumentError:
            continue
        if row["area_type"] in geography.LA_TYPES:
            known[code] = row["area_code"]
    out = codes.map(known)
    for row in codes.index[out.isna()]:
        fail(row, "area_code", _EXPECTED["area_code"], codes[row])
    return out.astype(object)


def _one_of(cells: pd.Series, spellings: dict, column: str, fail, *, required: bool) -> pd.Series:
    out = cells.map(lambda v: spellings.get(spelling_key(v), np.nan) if v else np.nan)
    for row in cells.index[out.isna() & ((cells != "") | required)]:
        fail(row, column, _EXPECTED[column], cells[row])
    return out.astype(object)


def _list_of(cells: pd.Series, spellings: dict, column: str, fail, *, required: bool, everything=None) -> pd.Series:
    """``"a; B label"`` -> ``"a; b"`` (sorted codes); unknown items are failures and dropped; nothing left -> NaN."""
    out = pd.Series(np.nan, index=cells.index, dtype=object)
    for row, cell in cells.items():
        items = [item.strip() for item in cell.split(";") if item.strip()]
        if not items:
            if required:
                fail(row, column, _EXPECTED[column], cell)
            continue
        if everything is not None and any(spelling_key(item) in (everything, spelling_key(_ALL_NEEDS_LABEL))
                                          for item in items):
            out[row] = everything
            continue
        codes = set()
        for item in items:
            code = spellings.get(spelling_key(item))
            if code is None:
                fail(row, column, _EXPECTED[column], item)
            else:
                codes.add(code)
        if codes:
            out[row] = "; ".join(sorted(codes))
    return out


def _numbers(cells: pd.Series, column: str, expected: str, fail, *, whole: bool, high: float) -> pd.Series:
    """Numbers (thousands separators allowed in large ones: ``1,200``); failures -> NaN."""
    digits = cells if whole else cells.str.replace(r"(?<=\d),(?=\d{3}(\D|$))", "", regex=True)
    number = pd.to_numeric(digits.where(cells != ""), errors="coerce")
    bad = (cells != "") & (number.isna() | ~np.isfinite(number) | (number < 0) | (number > high)
                           | (whole & (number % 1 != 0)))
    for row in cells.index[bad]:
        fail(row, column, expected, cells[row])
    return number.where(~bad, np.nan).astype("float64")


def _unique_service_ids(out: pd.DataFrame, fail) -> None:
    """The later records repeating a (area_code, service_id) lose their service_id."""
    given = out[out["service_id"].notna()]
    first: dict = {}
    for row, area, sid in zip(given.index, given["area_code"], given["service_id"]):
        key = (area if isinstance(area, str) else None, sid)
        if key in first:
            where = f"area {area}" if isinstance(area, str) else "the same (unknown) area"
            fail(row, "service_id", f"a service_id no other record of {where} has (row {first[key]} has it already)",
                 sid)
            out.at[row, "service_id"] = np.nan
        else:
            first[key] = row
