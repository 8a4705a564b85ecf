"""Who is served, and by whom: the coverage matrix of needs and ages against the services commissioned for them
(:func:`coverage`), and the commissioning partners of each need and service type (:func:`partners`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import disclosure
from ..core.schema import PRIMARY_NEEDS
from ..core.vocabulary import JOINT_EXPECTED
from .need import NEED_LABELS, need_grid
from .supply import commissioned, serves

__all__ = [
    "coverage",
    "partners",
    "COVERAGE_COLUMNS",
    "PARTNER_COLUMNS",
]

#: One row per primary need x age band: ``plans`` (disclosed, NaN when suppressed), ``services`` serving it (naming
#: the need or all needs), ``specialist`` (naming the need), their service types and partners, ``covered``
#: (a specialist service exists), ``gap`` (children but no specialist service), ``note``.
COVERAGE_COLUMNS = ["need", "age_band", "plans", "services", "specialist", "service_types", "partners", "covered",
                    "gap", "note"]
#: One row per need x service type x partner; see :func:`partners`.
PARTNER_COLUMNS = ["need", "service_type", "domain", "partner", "services", "funding_routes", "joint_expected",
                   "single_partner"]


def _need_order(need: str) -> int:
    labels = list(PRIMARY_NEEDS.values())
    return labels.index(need) if need in labels else len(labels)


def coverage(need, provision_frame: pd.DataFrame) -> pd.DataFrame:
    """Which needs, at which ages, have commissioned provision: the coverage matrix.

    Parameters
    ----------
    need : jsnakit.disclosure.Disclosed
        :func:`~jsnakit.needs.grid.need_by_age` after :func:`~jsnakit.gaps.need.disclose_need`.
    provision_frame : pandas.DataFrame
        :func:`~jsnakit.gaps.supply.provision`.

    Returns
    -------
    pandas.DataFrame
        :data:`COVERAGE_COLUMNS`, one row per need (the twelve DfE primary needs with a category) x age band.
        Services are the register's when the area has one (Local Offer services nobody commissions do not
        count), else the Local Offer's.
        ``gap`` is True where children have a plan with that primary need in that band (or their number is
        withheld as small) and no service names the need for that age.

    Examples
    --------
    See ``tests/test_gaps.py`` for a hand-checked case.
    """
    grid = need_grid(need)
    grid = grid[grid["age_band"] != "All"]
    provision_frame = commissioned(provision_frame)
    rows = []
    for record in grid.itertuples(index=False):
        serving = provision_frame[serves(provision_frame, record.need, record.age_band)]
        specialist = provision_frame[serves(provision_frame, record.need, record.age_band, specialist=True)]
        children = (record.plans > 0) or (pd.isna(record.plans) and isinstance(record.note, str)
                                          and record.note.startswith(disclosure.SUPPRESSED))
        rows.append({
            "need": record.need, "age_band": record.age_band, "plans": record.plans, "services": len(serving),
            "specialist": len(specialist),
            "service_types": "; ".join(sorted(specialist["service_type"].dropna().unique())),
            "partners": "; ".join(sorted({p for ps in specialist["partners"].dropna() for p in ps.split("; ")})),
            "covered": len(specialist) > 0, "gap": bool(children and len(specialist) == 0), "note": record.note})
    out = pd.DataFrame(rows, columns=COVERAGE_COLUMNS)
    out["plans"] = out["plans"].astype(float)
    return out


def partners(provision_frame: pd.DataFrame) -> pd.DataFrame:
    """Who commissions what: commissioned services by need, service type and commissioning partner, with the needs a
    single partner serves alone where the Code of Practice expects joint commissioning.

    Parameters
    ----------
    provision_frame : pandas.DataFrame
        :func:`~jsnakit.gaps.supply.provision` (register services; services without partners are left out).

    Returns
    -------
    pandas.DataFrame
        :data:`PARTNER_COLUMNS`: ``services`` (number), ``funding_routes`` joined by ``"; "``, ``joint_expected``
        (the service type is in :data:`jsnakit.sources.commissioning.JOINT_EXPECTED`) and ``single_partner``: True
        on every row of a need x service type that is joint-expected and has exactly one partner across all its
        services, none of them jointly funded or pooled.

    References
    ----------
    SEND Code of Practice: 0 to 25 years (DfE, DH 2015), ch. 3, paras 3.20-3.29 and 3.38-3.40; NHS Act 2006 s.75.
    """
    rows = []
    known = provision_frame.dropna(subset=["partners"])
    for service in known.itertuples(index=False):
        needs = NEED_LABELS if service.needs == "all" else [n for n in str(service.needs).split("; ")
                                                              if n in NEED_LABELS]
        for need_label in needs:
            for partner in str(service.partners).split("; "):
                rows.append((need_label, service.service_type, service.domain, partner, service.funding_route))
    long = pd.DataFrame(rows, columns=["need", "service_type", "domain", "partner", "funding_route"])
    if long.empty:
        return pd.DataFrame(columns=PARTNER_COLUMNS)
    out = long.groupby(["need", "service_type", "domain", "partner"], as_index=False, sort=False).agg(
        services=("funding_route", "size"),
        funding_routes=("funding_route", lambda r: "; ".join(sorted(set(r.dropna())))))
    out["joint_expected"] = out["service_type"].isin(JOINT_EXPECTED)
    pair = long.groupby(["need", "service_type"])
    lone = (pair["partner"].nunique() == 1) & pair["funding_route"].agg(lambda r: set(r.dropna()) <= {"single"})
    out["single_partner"] = out["joint_expected"] & np.array(
        [bool(lone.get((n, t), False)) for n, t in zip(out["need"], out["service_type"])], dtype=bool)
    out["order"] = out["need"].map(_need_order)
    out = out.sort_values(["order", "service_type", "partner"]).drop(columns="order")
    return out[PARTNER_COLUMNS].reset_index(drop=True)
