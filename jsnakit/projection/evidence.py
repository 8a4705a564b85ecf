"""The back-test behind a factsheet's projection, made once per data folder: :func:`backtest_evidence` runs
:func:`~jsnakit.projection.report.backtest_report` on the folder's caseload of every local authority and keeps the
report in the catalogue's cache folder, so that the batch's areas (and a later run) read it back instead of
back-testing again.
"""
from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from ..catalog import Catalog, code_digest, code_version
from ..core.errors import ArgumentError
from ..core.files import atomic_write, file_sha256
from ..core.geography import to_current_areas
from .backtesting import PUBLISHED
from .growth_baselines import BASELINES
from .report import BacktestReport, backtest_report

__all__ = ["backtest_evidence", "evidence_cache_path", "EVIDENCE_SIMULATIONS", "EVIDENCE_METHODS"]

#: Simulations of the published model per origin in the factsheet's back-test.
EVIDENCE_SIMULATIONS = 1000
#: The methods of the factsheet's back-test: the published model and the analysts' four baselines. ETS, Theta and
#: their combination take about 0.6 s per forecast with statsmodels (some 10 minutes for every LA and origin of the
#: real series): they are in ``jsnakit backtest``, not in every factsheet run.
EVIDENCE_METHODS = (PUBLISHED, *BASELINES)


def evidence_cache_path(catalog: Catalog):
    """Where :func:`backtest_evidence` keeps the report of ``catalog`` (None without a cache folder).

    Parameters
    ----------
    catalog : Catalog
        The inputs and the cache folder.

    Returns
    -------
    pathlib.Path or None
        ``<cache_dir>/backtest-<key>.json``, the key a SHA-256 digest of the caseload files, the projection and
        reader code and the library versions.
    """
    if catalog.cache_dir is None:
        return None
    digest = hashlib.sha256(b"jsnakit-backtest-v1\0")
    digest.update(f"{code_version()}\0{code_digest('projection/*.py')}\0pandas {pd.__version__}\0"
                  f"numpy {np.__version__}\0{EVIDENCE_SIMULATIONS}\0".encode())
    for path in catalog.paths("ehc_caseload"):
        digest.update(f"{path.relative_to(catalog.data_dir).as_posix()}\0{file_sha256(path)}\0".encode())
    return catalog.cache_dir / f"backtest-{digest.hexdigest()[:32]}.json"


def backtest_evidence(catalog: Catalog, *, jobs: int = 1) -> BacktestReport | None:
    """The back-test of the published projection on the folder's caseload (:data:`EVIDENCE_METHODS`, every origin it
    can score, horizons 1 to 3), from the cache when it was made before.

    Parameters
    ----------
    catalog : Catalog
        The data folder; its ``ehc_caseload`` of every local authority is back-tested.
    jobs : int, default 1
        Processes to share the origins between when it has to be made.

    Returns
    -------
    BacktestReport or None
        None when the folder holds no caseload, or too few Januaries to score any origin.
    """
    if not catalog.has("ehc_caseload"):
        return None
    target = evidence_cache_path(catalog)
    if target is not None and target.is_file():
        try:
            return BacktestReport.from_json(target.read_text(encoding="utf-8"))
        except (ValueError, KeyError, TypeError):  # a damaged cache file is made again, never trusted
            target.unlink(missing_ok=True)
    caseload = to_current_areas(catalog.load("ehc_caseload"))
    try:
        report = backtest_report(caseload, methods=EVIDENCE_METHODS, simulations=EVIDENCE_SIMULATIONS, jobs=jobs)
    except ArgumentError:  # too few Januaries to score: no evidence, which the factsheet says
        return None
    if target is not None:
        try:
            atomic_write(target, report.to_json())
        except OSError:  # a read-only or full cache folder only costs speed
            pass
    return report

