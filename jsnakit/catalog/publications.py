"""Where each source comes from, as a reader wants it: the publication, its publisher and its public page
(:data:`PUBLICATIONS`), and the publications a factsheet used, with their files and the latest period they hold
(:func:`publications_used`).

File paths and SHA-256 hashes stay available to analysts (:meth:`jsnakit.catalog.Catalog.files`); a reader sees the
publication. A Local Offer or a commissioning register is listed only when it is the area's own.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pandas as pd

from ..core.errors import InputError
from ..core.files import atomic_write, file_sha256
from .folder import code_version

__all__ = ["Publication", "PUBLICATIONS", "publications_used", "own_files", "USED_COLUMNS"]


@dataclass(frozen=True)
class Publication:
    """A published series: its name, publisher and public page.

    Parameters
    ----------
    name, publisher, page : str
        E.g. ``"Education, health and care plans"``, ``"Department for Education"``, its address.
    """

    name: str
    publisher: str
    page: str


_DFE, _ONS = "Department for Education", "Office for National Statistics"
_EES = "https://explore-education-statistics.service.gov.uk/find-statistics/"
_SEN2 = Publication("Education, health and care plans (SEN2)", _DFE, _EES + "education-health-and-care-plans")
_SEN = Publication("Special educational needs in England (January school census)", _DFE,
                   _EES + "special-educational-needs-in-england")
_LAIT = Publication("Local authority interactive tool (LAIT)", _DFE,
                    "https://www.gov.uk/government/publications/local-authority-interactive-tool-lait")
_GEO = Publication("Open Geography Portal", _ONS, "https://geoportal.statistics.gov.uk/")

#: The publication of each source of :data:`jsnakit.catalog.SOURCES`.
PUBLICATIONS = {
    "sen_provision": _SEN, "sen_primary_need": _SEN, "sen_provision_sex": _SEN,
    "ehc_caseload": _SEN2, "ehc_new_plans": _SEN2, "ehc_needs": _SEN2, "ehc_needs_by_age": _SEN2,
    "ehc_timeliness": _SEN2, "ehc_requests": _SEN2,
    "cin_sen": Publication("Outcomes for children in need, including children looked after by local authorities",
                           _DFE, _EES + "outcomes-for-children-in-need-including-children-looked-after-by-local-"
                                        "authorities-in-england"),
    "population": Publication("Estimates of the population for the UK, England, Wales, Scotland and Northern "
                              "Ireland (mid-year estimates)", _ONS,
                              "https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/"
                              "populationestimates"),
    "neighbours": Publication("Children's services statistical neighbour benchmarking tool", _DFE, _LAIT.page),
    "lait": _LAIT, "lait_dictionary": _LAIT, "la_codes": _LAIT,
    "boundaries": _GEO, "area_boundaries": _GEO, "centroids": _GEO, "lookups": _GEO,
    "census_age": Publication("Census 2021: age by five-year age bands (TS007A)", _ONS,
                              "https://www.nomisweb.co.uk/sources/census_2021_bulk"),
    "imd": Publication("English indices of deprivation 2019", "Ministry of Housing, Communities and Local Government",
                       "https://www.gov.uk/government/statistics/english-indices-of-deprivation-2019"),
    "fingertips": Publication("Fingertips public health profiles", "Office for Health Improvement and Disparities",
                              "https://fingertips.phe.org.uk/"),
    "transitions": Publication("SEN2 person-level transitions (the local authority's own return)",
                               "the local authority", ""),
    "local_offer": Publication("The area's Local Offer (Open Referral UK)", "the local authority",
                               "https://openreferraluk.org/"),
    "commissioning_register": Publication("The area's commissioning register", "the local authority and its partners",
                                          ""),
}

#: Columns of :func:`publications_used`.
USED_COLUMNS = ["publication", "publisher", "page", "files", "up_to"]

_AREA_FILES = ("local_offer", "commissioning_register")


def own_files(files: pd.DataFrame, data_dir, *, area_code: str | None = None) -> pd.DataFrame:
    """The files of a data folder a factsheet of an area lists: every published series; a Local Offer only under a
    folder named by the area's code; a commissioning register only when it holds the area's rows; never another
    LA's own returns (SEN2 transitions).

    Parameters
    ----------
    files : pandas.DataFrame
        :meth:`jsnakit.catalog.Catalog.files` of the folder.
    data_dir : str or pathlib.Path
        The folder (its registers are read, each once, to see whose rows they hold).
    area_code : str, optional
        The area; None keeps every file.

    Returns
    -------
    pandas.DataFrame
        The rows of ``files`` kept.
    """
    if area_code is None:
        return files
    keep = []
    for row in files.itertuples():
        if row.source == "local_offer":
            keep.append(area_code in PurePosixPath(row.path).parts)
        elif row.source == "commissioning_register":
            keep.append(_register_holds(Path(data_dir) / row.path, area_code))
        else:
            keep.append(row.source != "transitions")
    return files[keep]


def publications_used(catalog, *, area_code: str | None = None) -> pd.DataFrame:
    """The publications a data folder holds, one row each, as a factsheet's sources list shows them.

    Parameters
    ----------
    catalog : jsnakit.catalog.Catalog
        The data folder.
    area_code : str, optional
        The factsheet's area: a Local Offer or commissioning register is listed only when it is its own (a file
        under a folder named by its code, or a register holding its rows: :func:`own_files`); None lists every file.

    Returns
    -------
    pandas.DataFrame
        :data:`USED_COLUMNS`: the publication's name, publisher and public page ('' when it has none), the file
        names it came in (comma-separated, no folders) and ``up_to``, the latest period its figures reach (''
        when the source has no periods or cannot be read).

    Examples
    --------
    >>> from jsnakit.catalog import Catalog
    >>> from jsnakit.factsheets.resources import sample_data_dir      # doctest: +SKIP
    >>> publications_used(Catalog(sample_data_dir()), area_code="E09000019")["publication"].iloc[0]  # doctest: +SKIP
    'Special educational needs in England (January school census)'
    """
    files = own_files(catalog.files(), catalog.data_dir, area_code=area_code)
    rows: dict[Publication, dict] = {}
    for source, group in files.groupby("source", sort=False):
        paths = list(group["path"])
        publication = PUBLICATIONS.get(source, Publication(str(group["title"].iloc[0]), "", ""))
        row = rows.setdefault(publication, {"files": [], "up_to": ""})
        row["files"] += [PurePosixPath(p).name for p in paths if PurePosixPath(p).name not in row["files"]]
        row["up_to"] = max(row["up_to"], _latest_period(catalog, source))
    out = [{"publication": p.name, "publisher": p.publisher, "page": p.page, "files": ", ".join(r["files"]),
            "up_to": r["up_to"]} for p, r in rows.items()]
    return pd.DataFrame(out, columns=USED_COLUMNS)


def _register_holds(path: Path, area_code: str) -> bool:
    """Whether a commissioning register file holds rows of the area (False when it cannot be read)."""
    from .registry import SOURCES

    try:
        return bool((SOURCES["commissioning_register"].reader(path)["area_code"] == area_code).any())
    except (InputError, KeyError, ValueError, OSError):
        return False


def _latest_period(catalog, source: str) -> str:
    """The latest period a source's figures reach, as its frame writes it; '' when it has none or cannot be read.

    Kept in the catalogue's cache folder (keyed by the source's files and the readers' code), so that each area's
    factsheet does not read every source again to list it."""
    if source in _AREA_FILES or source in ("boundaries", "area_boundaries", "centroids", "lookups", "la_codes",
                                           "lait_dictionary", "neighbours", "transitions"):
        return ""
    cached = _period_cache(catalog, source)
    if cached is not None and cached.is_file():
        return cached.read_text(encoding="utf-8")
    try:
        frame = catalog.load(source)
    except (InputError, KeyError, ValueError):
        return ""
    if "period" not in frame.columns or frame.empty:
        latest = ""
    else:
        periods = frame["period"].dropna().astype(str).str.replace(r"\s*\(prov\)", "", regex=True)  # "2025 (prov)"
        latest = str(periods.max()) if len(periods) else ""
    if cached is not None:
        try:
            atomic_write(cached, latest)
        except OSError:  # a read-only cache folder: worked out again next time
            pass
    return latest


def _period_cache(catalog, source: str) -> Path | None:
    """``<cache_dir>/latest-<source>-<key>.txt``, the key a digest of the source's files and the readers' code."""
    if catalog.cache_dir is None:
        return None
    digest = hashlib.sha256(f"jsnakit-latest-period-v1\0{code_version()}\0".encode())
    for path in catalog.paths(source):
        digest.update(f"{path.name}\0{file_sha256(path)}\0".encode())
    return Path(catalog.cache_dir) / f"latest-{source}-{digest.hexdigest()[:24]}.txt"
