"""Need mapping: which DfE primary needs (and which service type) a Local Offer service meets, from its taxonomy terms.

The Local Offer (:mod:`jsnakit.sources.provision`) says which needs a service meets through its taxonomy terms (the
LGA ESD needs list, local service type lists, ...). A *need mapping* (:func:`read_need_mapping`; the default
``jsnakit/data/need_taxonomy.csv``) turns those terms into the codes of :data:`jsnakit.core.vocabulary.NEEDS` and
:data:`jsnakit.core.vocabulary.SERVICE_TYPES`, and :func:`map_local_offer` applies it. Both are re-exported by
:mod:`jsnakit.sources.commissioning`, whose register they complete.

References
----------
LGA, ESD standards (needs and service lists): https://standards.esd.org.uk/ ; SEND Code of Practice (2015)
paras 6.28-6.35 (broad areas of need); DfE, *Special educational needs in England* (primary-need types).
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.errors import ArgumentError, Failure
from ..core.vocabulary import ALL_NEEDS, NEEDS, SERVICE_TYPES
from . import ees
from .ees import spelling_key
from .oruk_frames import LocalOffer

__all__ = [
    "read_need_mapping",
    "map_local_offer",
    "NEED_MAPPING_COLUMNS",
    "LOCAL_OFFER_NEED_COLUMNS",
]

#: One row per mapping of a taxonomy term (code or name) of a vocabulary (``*``: any) to a need and/or service type.
NEED_MAPPING_COLUMNS = ["vocabulary", "term", "need", "service_type"]
#: One row per Local Offer service x need found from its taxonomy terms.
LOCAL_OFFER_NEED_COLUMNS = ["service_id", "need", "service_type"]

_DEFAULT_MAPPING = "data/need_taxonomy.csv"


def read_need_mapping(path=None) -> pd.DataFrame:
    """Read a need mapping: Local Offer taxonomy terms -> DfE primary needs and jsnakit service types.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        A CSV with the columns ``vocabulary, term, need, service_type`` (names case-insensitive, any order):

        * ``vocabulary``: the taxonomy the term belongs to (the ``vocabulary`` of
          :data:`jsnakit.sources.provision.TAXONOMY_COLUMNS`, e.g. ``esdNeeds``), or ``*`` for any;
        * ``term``: the term's code or name, matched case-insensitively (surrounding spaces ignored, inner runs of
          spaces read as one) against both ``term_code`` and ``term_name``;
        * ``need``: a :data:`NEEDS` code, ``all``, or blank;
        * ``service_type``: a :data:`SERVICE_TYPES` code, or blank (at least one of ``need`` and ``service_type``).

        A term may have several rows (one per need it implies). Default (None): jsnakit's own mapping,
        ``jsnakit/data/need_taxonomy.csv``, covering the names of the LGA ESD needs list and of the SEND Code of
        Practice's broad areas of need used in Local Offers, the DfE primary-need labels, common names of the
        service types, and the ``jsnakit`` vocabulary whose terms are the :data:`NEEDS` and
        :data:`SERVICE_TYPES` codes.

    Returns
    -------
    pandas.DataFrame
        :data:`NEED_MAPPING_COLUMNS`: ``vocabulary`` and ``term`` as given (trimmed), ``need`` a code or ``"all"``
        (lower case) or NaN, ``service_type`` a code or NaN.

    Raises
    ------
    InputError
        An unusable file (as :func:`jsnakit.sources.commissioning.read_commissioning_register`) or bad rows, all
        listed: a blank vocabulary or term, an unknown need or service type, a row with neither, a row given twice.

    References
    ----------
    LGA, ESD standards (needs and service lists): https://standards.esd.org.uk/ ; SEND Code of Practice (2015)
    paras 6.28-6.35 (broad areas of need); DfE, *Special educational needs in England* (primary-need types).

    Examples
    --------
    >>> mapping = read_need_mapping()
    >>> mapping[mapping["term"] == "Dyslexia"].values.tolist()
    [['*', 'Dyslexia', 'spld', nan]]
    """
    if path is None:
        with resources.as_file(resources.files("jsnakit").joinpath(_DEFAULT_MAPPING)) as default:
            return _read_mapping_file(default)
    return _read_mapping_file(Path(path))


def _read_mapping_file(path: Path) -> pd.DataFrame:
    frame = ees.read_csv(path, [])
    frame = ees.lower_columns(path, frame, NEED_MAPPING_COLUMNS)
    return _check_mapping(frame[NEED_MAPPING_COLUMNS].apply(lambda s: s.str.strip()), str(path))


def _check_mapping(text: pd.DataFrame, file: str) -> pd.DataFrame:
    """Validate a mapping held as text (blank = ""), indexed by spreadsheet row."""
    failures: list[Failure] = []
    need = text["need"].str.lower()
    service_type = text["service_type"].str.lower()
    for row in text.index:
        if text.at[row, "vocabulary"] == "":
            failures.append(Failure(file, int(row), "vocabulary", "a taxonomy name (e.g. esdNeeds) or '*' for any", ""))
        if text.at[row, "term"] == "":
            failures.append(Failure(file, int(row), "term", "a taxonomy term's code or name", ""))
        if need[row] not in ("", ALL_NEEDS) and need[row] not in NEEDS:
            failures.append(Failure(file, int(row), "need", "a need code (" + ", ".join(NEEDS) + "), 'all' or blank",
                                    text.at[row, "need"]))
        if service_type[row] != "" and service_type[row] not in SERVICE_TYPES:
            failures.append(Failure(file, int(row), "service_type",
                                    "a service type code (" + ", ".join(SERVICE_TYPES) + ") or blank",
                                    text.at[row, "service_type"]))
        if need[row] == "" and service_type[row] == "":
            failures.append(Failure(file, int(row), "need", "a need or a service_type (or both) for the term", ""))
    keys = pd.DataFrame({"vocabulary": text["vocabulary"].map(spelling_key), "term": text["term"].map(spelling_key),
                         "need": need, "service_type": service_type})
    ees.check_duplicates(file, keys, NEED_MAPPING_COLUMNS, failures)
    ees.raise_if(failures)
    out = pd.DataFrame({"vocabulary": text["vocabulary"], "term": text["term"].map(ees.label), "need": need,
                        "service_type": service_type}).reset_index(drop=True)
    return out.astype(object).where(out != "", np.nan)[NEED_MAPPING_COLUMNS]


def _mapping_argument(mapping) -> pd.DataFrame:
    if mapping is None or isinstance(mapping, (str, Path)):
        return read_need_mapping(mapping)
    if isinstance(mapping, pd.DataFrame):
        missing = [c for c in NEED_MAPPING_COLUMNS if c not in mapping.columns]
        if missing:
            raise ArgumentError(f"mapping must be a path or a DataFrame with the columns {NEED_MAPPING_COLUMNS}; "
                                f"got columns {list(mapping.columns)}")
        text = mapping[NEED_MAPPING_COLUMNS].astype(object).where(mapping[NEED_MAPPING_COLUMNS].notna(), "")
        text = text.astype(str).apply(lambda s: s.str.strip())
        text.index = pd.RangeIndex(2, len(text) + 2)
        return _check_mapping(text, "mapping (DataFrame)")
    raise ArgumentError(f"mapping must be None, a path or a DataFrame; got {type(mapping).__name__}")


def map_local_offer(local_offer, mapping=None) -> pd.DataFrame:
    """The needs (and service type) of each Local Offer service, from its taxonomy terms.

    Each taxonomy term attached to a service (``local_offer.taxonomy``) is looked up in the need mapping: a mapping
    row applies when its ``term`` equals the term's ``term_code`` or ``term_name`` (case-insensitive, spaces
    trimmed) and its ``vocabulary`` is ``*`` or the term's ``vocabulary`` (case-insensitive).

    Parameters
    ----------
    local_offer : jsnakit.sources.provision.LocalOffer
        From :func:`jsnakit.sources.provision.read_local_offer`.
    mapping : str, pathlib.Path or pandas.DataFrame, optional
        A need-mapping CSV (see :func:`read_need_mapping`) or a frame with :data:`NEED_MAPPING_COLUMNS` (e.g. the
        default extended with local terms). Default (None): jsnakit's default mapping.

    Returns
    -------
    pandas.DataFrame
        :data:`LOCAL_OFFER_NEED_COLUMNS`: one row per service x need found, ``need`` a :data:`NEEDS` code or
        ``"all"`` (both kept when a service has terms of each); ``service_type`` the service type of the service's
        first term (in the order of ``local_offer.taxonomy``) that maps to one, else NaN. Services in the order of
        ``local_offer.services``, needs ``all`` first, then in the order of :data:`NEEDS`. Services with no mapped
        need are absent.

    Raises
    ------
    ArgumentError
        ``local_offer`` is no :class:`~jsnakit.sources.provision.LocalOffer`, or ``mapping`` is of the wrong type or
        lacks columns.
    InputError
        A bad mapping file or frame (see :func:`read_need_mapping`).

    Examples
    --------
    >>> from jsnakit.sources.provision import read_local_offer
    >>> offer = read_local_offer("data_samples/local_offer/E09000019")  # doctest: +SKIP
    >>> map_local_offer(offer).groupby("need").size()  # doctest: +SKIP
    """
    if not isinstance(local_offer, LocalOffer):
        raise ArgumentError(f"local_offer must be a LocalOffer (from read_local_offer); got "
                            f"{type(local_offer).__name__}")
    table = _mapping_argument(mapping)
    terms = local_offer.taxonomy.reset_index(drop=True)
    terms = terms.assign(_order=np.arange(len(terms)),
                         _vocabulary=terms["vocabulary"].map(lambda v: spelling_key(v) if isinstance(v, str) else ""))
    keyed = pd.concat([terms.assign(_key=terms[c].map(lambda v: spelling_key(v) if isinstance(v, str) else np.nan))
                       for c in ("term_code", "term_name")]).dropna(subset=["_key"])
    table = table.assign(_key=table["term"].map(spelling_key), _vocab=table["vocabulary"].map(spelling_key),
                         _rank=np.arange(len(table)))
    found = keyed.merge(table[["_key", "_vocab", "_rank", "need", "service_type"]], on="_key")
    found = found[(found["_vocab"] == "*") | (found["_vocab"] == found["_vocabulary"])]
    found = found.sort_values(["_order", "_rank"], kind="stable")

    kinds = found.dropna(subset=["service_type"]).drop_duplicates("service_id")
    kind_of = dict(zip(kinds["service_id"], kinds["service_type"]))
    need_rank = {need: i for i, need in enumerate((ALL_NEEDS,) + NEEDS)}
    service_rank = {sid: i for i, sid in enumerate(local_offer.services["service_id"])}
    needs = found.dropna(subset=["need"]).drop_duplicates(["service_id", "need"])[["service_id", "need"]]
    needs = needs.assign(_s=needs["service_id"].map(service_rank).fillna(len(service_rank)),
                         _n=needs["need"].map(need_rank))
    needs = needs.sort_values(["_s", "_n", "service_id"], kind="stable")
    out = pd.DataFrame({"service_id": needs["service_id"].to_numpy(dtype=object),
                        "need": needs["need"].to_numpy(dtype=object),
                        "service_type": np.array([kind_of.get(s, np.nan) for s in needs["service_id"]],
                                                 dtype=object)},
                       columns=LOCAL_OFFER_NEED_COLUMNS)
    return out
