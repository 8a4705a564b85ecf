"""Areas: GSS codes and names, area types, parent regions and DfE 3-digit LA codes.

The table (``jsnakit/data/areas.csv``) holds England, its 9 regions and the 153 upper-tier local authorities on
December 2023 boundaries (ONS CTYUA23), with the DfE 3-digit LA numbers of the 2025 SEN2 release. Its facts were read
from the ONS December 2023 CTYUA boundaries and the DfE *Education, health and care plans* 2025 release; it holds
codes and names only, no statistics.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache
from importlib import resources

import pandas as pd

from .errors import ArgumentError

__all__ = ["ENGLAND", "areas", "area", "find_area", "local_authorities", "regions", "region_of", "dfe_to_gss", "gss_to_dfe"]

#: GSS code of England.
ENGLAND = "E92000001"

#: Area types of upper-tier local authorities in the table.
LA_TYPES = ("unitary authority", "metropolitan district", "london borough", "county")


@lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    with resources.files("jsnakit").joinpath("data/areas.csv").open("r", encoding="utf-8") as fh:
        table = pd.read_csv(fh, dtype=str, keep_default_na=False)
    return table.set_index("area_code", drop=False)


def areas() -> pd.DataFrame:
    """Return every area jsnakit knows.

    Returns
    -------
    pandas.DataFrame
        Columns ``area_code, area_name, area_type, dfe_code, region_code, region_name``, indexed by ``area_code``;
        ``area_type`` is ``country``, ``region``, or one of :data:`LA_TYPES`. 163 rows (England, 9 regions, 153 LAs).

    Examples
    --------
    >>> areas().loc["E09000019", "area_name"]
    'Islington'
    """
    return _table().copy()


def area(code: str) -> pd.Series:
    """Return the row of one area.

    Parameters
    ----------
    code : str
        GSS code (``E09000019``) or DfE 3-digit LA number (``206``).

    Raises
    ------
    ArgumentError
        When the code is not known.

    Examples
    --------
    >>> area("206")["area_code"]
    'E09000019'
    """
    table = _table()
    code = str(code).strip()
    if code in table.index:
        return table.loc[code]
    by_dfe = table[table["dfe_code"] == code]
    if len(by_dfe) == 1:
        return by_dfe.iloc[0]
    raise ArgumentError(
        f"area code must be a GSS code of England, a region or an upper-tier local authority, "
        f"or a DfE LA number; got {code!r}"
    )


#: A GSS code or a DfE 3-digit LA number, as :func:`find_area` tells codes from names.
_CODE = re.compile(r"[A-Za-z]\d{8}|\d{3}")


def _words(text: str) -> str:
    """A name as lower-case words: accents, punctuation and extra spaces dropped, "&" read as "and"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold().replace("&", " and ")
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def _key(text: str) -> str:
    """A name's loose form: :func:`_words` without "and", "City of", "County of" or a leading "County"."""
    words = re.sub(r"\b(city|county) of\b|^county\b|\band\b", " ", _words(text))
    return " ".join(words.split())


@lru_cache(maxsize=1)
def _names() -> pd.DataFrame:
    """Each area's code, name and the two forms of its name :func:`find_area` matches on."""
    table = _table()
    return pd.DataFrame({
        "area_code": table["area_code"], "area_name": table["area_name"],
        "words": table["area_name"].map(_words), "key": table["area_name"].map(_key),
    })


def _listing(codes) -> str:
    table = _table()
    return ", ".join(f"{table.loc[c, 'area_name']} ({c})" for c in codes)


def find_area(text) -> pd.Series:
    """Return the row of the one area a GSS code, a DfE LA number or a name stands for.

    A code is looked up as by :func:`area`. A name is matched in this order, the first step that finds something
    deciding:

    1. the full name, ignoring case, accents, punctuation, extra spaces and "&" for "and"
       (``"st helens"`` is St. Helens, ``"city of london"`` the City of London, ``"london"`` the region);
    2. the name without "and", "City of", "County of" or a leading "County" (``"Bristol"`` is "Bristol, City of",
       ``"Kingston upon Hull"`` "Kingston upon Hull, City of", ``"herefordshire"`` "Herefordshire, County of",
       ``"Durham"`` County Durham);
    3. whole words of a name: a name that begins with them, when no other name holds them (``"Brighton"`` is
       Brighton and Hove); several names holding them are ambiguous (``"Kingston"``: Kingston upon Hull and
       Kingston upon Thames; ``"Sussex"``: East and West Sussex). A single name holding them elsewhere is only
       suggested (``"Berkshire"``: West Berkshire?).

    Parameters
    ----------
    text : str or int
        GSS code (``"E09000019"``), DfE 3-digit LA number (``"206"`` or ``206``) or name (``"Islington"``) of
        England, a region or an upper-tier local authority (see :func:`areas`).

    Returns
    -------
    pandas.Series
        The area's row of :func:`areas`.

    Raises
    ------
    ArgumentError
        For an unknown code; for a name matching several areas (the message lists them with their GSS codes); for
        a name matching none (the message suggests the closest names).

    Examples
    --------
    >>> find_area("bristol")["area_code"]
    'E06000023'
    >>> find_area("Kingston upon Hull")["area_name"]
    'Kingston upon Hull, City of'
    >>> find_area(206)["area_name"]
    'Islington'
    >>> find_area("Kingston")
    Traceback (most recent call last):
    ...
    jsnakit.core.errors.ArgumentError: area name 'Kingston' matches 2 areas: Kingston upon Hull, City of (E06000010), Kingston upon Thames (E09000021); give the full name or the GSS code
    """
    if isinstance(text, bool) or not isinstance(text, (str, int)):
        raise ArgumentError(f"area must be a GSS code, DfE LA number or name as text; got {text!r}")
    given = str(text).strip()
    if _CODE.fullmatch(given):
        return area(given.upper())
    names = _names()
    words, key = _words(given), _key(given)
    holding = _holding(key)
    for found in (names.loc[names["words"] == words, "area_code"].tolist(),
                  names.loc[names["key"] == key, "area_code"].tolist(),
                  holding if len(holding) > 1 or _starts(holding, key) else []):
        if len(found) == 1:
            return _table().loc[found[0]]
        if found:
            raise ArgumentError(f"area name {given!r} matches {len(found)} areas: {_listing(found)}; "
                                f"give the full name or the GSS code")
    raise ArgumentError(
        f"area must be a GSS code, DfE LA number or name of England, a region or an upper-tier local authority; "
        f"got {given!r}" + _suggestions(key, holding)
    )


def _holding(key: str) -> list[str]:
    """Codes of the areas whose loose name holds ``key``'s words together, as whole words."""
    if not key:
        return []
    names = _names()
    return names.loc[names["key"].map(lambda k: f" {key} " in f" {k} "), "area_code"].tolist()


def _starts(codes: list[str], key: str) -> bool:
    """Whether the loose names of ``codes`` all begin with ``key``'s words."""
    names = _names()
    return bool(codes) and all(f"{names.loc[c, 'key']} ".startswith(f"{key} ") for c in codes)


def _suggestions(key: str, holding: list[str]) -> str:
    """"; did you mean ...?" with up to five areas whose names hold ``key`` or come close to it (difflib), or ''."""
    if not key:
        return ""
    names = _names()
    close = difflib.get_close_matches(key, list(dict.fromkeys(names["key"])), n=5, cutoff=0.6)
    codes = list(dict.fromkeys(holding + [c for k in close for c in names.loc[names["key"] == k, "area_code"]]))
    return f"; did you mean {_listing(codes[:5])}?" if codes else ""


def local_authorities() -> pd.DataFrame:
    """Return the 153 upper-tier local authorities (see :func:`areas` for the columns)."""
    table = _table()
    return table[table["area_type"].isin(LA_TYPES)].copy()


def regions() -> pd.DataFrame:
    """Return the 9 English regions (see :func:`areas` for the columns)."""
    table = _table()
    return table[table["area_type"] == "region"].copy()


def region_of(code: str) -> str:
    """Return the GSS code of the region an area lies in (a region is its own region; England has none: '')."""
    return area(code)["region_code"]


def dfe_to_gss(codes: pd.Series) -> pd.Series:
    """Translate DfE 3-digit LA numbers to GSS codes; unknown numbers become NaN.

    Parameters
    ----------
    codes : pandas.Series of str
        DfE LA numbers as text (``"206"``).

    Returns
    -------
    pandas.Series
        GSS codes, same index.
    """
    las = local_authorities()
    return codes.astype(str).str.strip().map(dict(zip(las["dfe_code"], las["area_code"])))


def gss_to_dfe(code: str) -> str:
    """Return the DfE 3-digit LA number of a local authority's GSS code ('' for England and regions)."""
    return area(code)["dfe_code"]


#: GSS codes retired without a boundary change, to the code used on December 2023 boundaries (DfE still publishes
#: the old county codes for these three unitary authorities).
CODE_CHANGES = {
    "E10000002": "E06000060",  # Buckinghamshire became a unitary authority, 1 April 2020
    "E10000023": "E06000065",  # North Yorkshire became a unitary authority, 1 April 2023
    "E10000027": "E06000066",  # Somerset became a unitary authority, 1 April 2023
}


#: Unitary authorities of the 2023 reorganisation made of whole former districts (lower-tier GSS codes), so that their
#: figures can be summed exactly from an earlier edition that shows the districts (ONS mid-year estimates on 2021
#: geography): Cumberland (Allerdale, Carlisle, Copeland) and Westmorland and Furness (Barrow-in-Furness, Eden,
#: South Lakeland).
DISTRICT_SUCCESSORS = {
    "E06000063": ("E07000026", "E07000028", "E07000029"),
    "E06000064": ("E07000027", "E07000030", "E07000031"),
}


def current_code(codes: pd.Series) -> pd.Series:
    """Replace GSS codes retired without a boundary change by today's code (see :data:`CODE_CHANGES`)."""
    return codes.replace(CODE_CHANGES)


#: Inner and Outer London (ITL-like statistical sub-regions DfE publishes at regional level, area type ``london part``).
LONDON_PARTS = {"E13000001": "Inner London", "E13000002": "Outer London"}

#: Upper-tier LAs abolished, merged or recoded in the reorganisations of 2013-2023, whose codes still appear in the
#: earlier
#: years of DfE time series. Readers keep their rows under their own codes (area type ``former local authority``);
#: :func:`to_current_areas` restates them on today's areas by the rules of :data:`SUCCESSIONS`.
FORMER_CODES = {
    "E06000028": "Bournemouth",            # to Bournemouth, Christchurch and Poole (E06000058), 2019
    "E06000029": "Poole",                  # to Bournemouth, Christchurch and Poole (E06000058), 2019
    "E10000009": "Dorset (county)",        # to Dorset (E06000059), 2019; its Christchurch district went to BCP
    "E10000021": "Northamptonshire",       # split into North and West Northamptonshire (E06000061, E06000062), 2021
    "E10000006": "Cumbria",                # split into Cumberland and Westmorland and Furness (E06000063, E06000064), 2023
    "E08000020": "Gateshead (pre-2013 code)",
    "E06000048": "Northumberland (pre-2013 code)",
}

#: DfE numbers of the former LAs that DfE tools (LAIT) still list, to their own (former) GSS codes.
FORMER_DFE_NUMBERS = {
    "835": "E10000009",  # Dorset (Pre LG): Dorset county council
    "836": "E06000029",  # Poole (Pre LG)
    "837": "E06000028",  # Bournemouth (Pre LG)
    "909": "E10000006",  # Cumbria
    "928": "E10000021",  # Northamptonshire
}

#: How each former LA's figures go to today's LAs: ``former_code, area_code, share, rule``. Shares of a split are the
#: successors' shares of the predecessor's population aged 0-25 in the ONS mid-2021 estimates (2021 geography:
#: North 107,825 and West Northamptonshire 130,330; Allerdale + Carlisle + Copeland 72,313 and Barrow-in-Furness +
#: Eden + South Lakeland 55,898 of Cumbria's 128,211). Dorset county goes whole to Dorset: its Christchurch district,
#: which joined BCP in 2019, cannot be separated in county-level figures, so before 2019 Dorset is overstated and
#: BCP understated by Christchurch's share.
SUCCESSIONS = pd.DataFrame(
    [
        ("E06000028", "E06000058", 1.0, "Bournemouth (E06000028) counted in BCP"),
        ("E06000029", "E06000058", 1.0, "Poole (E06000029) counted in BCP"),
        ("E10000009", "E06000059", 1.0, "Dorset county (E10000009) counted as Dorset, Christchurch included"),
        ("E10000021", "E06000061", 107825 / 238155,
         "estimated: 45.3% of Northamptonshire (E10000021), by population aged 0-25, mid-2021"),
        ("E10000021", "E06000062", 130330 / 238155,
         "estimated: 54.7% of Northamptonshire (E10000021), by population aged 0-25, mid-2021"),
        ("E10000006", "E06000063", 72313 / 128211,
         "estimated: 56.4% of Cumbria (E10000006), by population aged 0-25, mid-2021"),
        ("E10000006", "E06000064", 55898 / 128211,
         "estimated: 43.6% of Cumbria (E10000006), by population aged 0-25, mid-2021"),
        ("E08000020", "E08000037", 1.0, "Gateshead's pre-2013 code (E08000020), minor boundary change"),
        ("E06000048", "E06000057", 1.0, "Northumberland's pre-2013 code (E06000048), minor boundary change"),
    ],
    columns=["former_code", "area_code", "share", "rule"],
)


def to_current_areas(counts: pd.DataFrame) -> pd.DataFrame:
    """Restate a count frame on today's upper-tier LAs, so a series that crosses the 2013-2023 reorganisations can be
    compared area by area.

    Rows of a former LA (:data:`FORMER_CODES`) are moved to their successors by the rules of :data:`SUCCESSIONS`:
    mergers are summed (Bournemouth + Poole -> BCP), splits are apportioned by population aged 0-25 and rounded to
    whole numbers that add up to the former figure. The rule used is stated in ``note`` (a symbol already there is
    kept). A successor's own published row for the same period, measure and category always wins over a restated
    one, whichever release either came from, so nothing is counted twice.

    Parameters
    ----------
    counts : pandas.DataFrame
        Count frame (:data:`jsnakit.core.schema.COUNT_COLUMNS`), e.g. from
        :func:`jsnakit.sources.dfe.read_ehc_caseload`.

    Returns
    -------
    pandas.DataFrame
        The same columns, with no former-LA rows; the input is not changed.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"source": "s", "period": "2018/19", "area_code": ["E06000028", "E06000029", "E10000021"],
    ...                   "area_name": "", "area_type": "former local authority", "measure": "ehc_plans",
    ...                   "breakdown": "All", "category": "All", "count": [1000.0, 900.0, 4000.0], "note": None})
    >>> to_current_areas(f)[["area_code", "count"]].to_records(index=False).tolist()
    [('E06000058', 1900.0), ('E06000061', 1811.0), ('E06000062', 2189.0)]
    """
    former = counts["area_code"].isin(list(FORMER_CODES))
    if not former.any():
        return counts.copy()
    # Matched without ``source``: a successor's row from a later release also wins over a restated earlier one.
    keys = [c for c in counts.columns if c not in ("source", "area_code", "area_name", "area_type", "count", "note")]
    rows = counts[former].reset_index(drop=True)
    moved = rows.reset_index(names="_row").merge(SUCCESSIONS, left_on="area_code", right_on="former_code",
                                                 suffixes=("_old", ""))
    # Whole numbers that add up to the former count: round the cumulative shares, then take differences.
    upto = moved.groupby("_row")["share"].cumsum()
    moved["count"] = (moved["count"] * upto).round() - (moved["count"] * (upto - moved["share"])).round()
    moved["note"] = moved["note"].where(moved["note"].notna(), moved["rule"])
    grouped = moved.groupby(keys + ["area_code"], dropna=False, sort=False).agg(
        source=("source", "first"),
        count=("count", lambda s: s.sum(min_count=len(s))),
        note=("note", lambda s: "; ".join(dict.fromkeys(s.dropna().astype(str)))),
    ).reset_index()
    table = areas()
    grouped["area_name"] = grouped["area_code"].map(table["area_name"])
    grouped["area_type"] = grouped["area_code"].map(table["area_type"])
    kept = counts[~former]
    published = pd.MultiIndex.from_frame(kept[keys + ["area_code"]].astype(object).fillna("\0"))
    restated = pd.MultiIndex.from_frame(grouped[keys + ["area_code"]].astype(object).fillna("\0"))
    grouped = grouped[~restated.isin(published)]
    return pd.concat([kept, grouped[counts.columns]], ignore_index=True)
