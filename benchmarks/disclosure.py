"""Disclosure control and its interval audit, timed against the national work it protects.

    python benchmarks/disclosure.py [DATA_DIR ...]   (default: data_samples and ../shared/data/real when present)

For each folder: the national indicator frame (profile.national, the baseline, measured in the same run); disclosure
control of the national frame alone (disclosure.apply) and its interval audit (disclosure.audit), the state before
the need-by-age grids were protected with it; then what the factsheets publish, profile.published_all (the national
frame and every local authority's need-by-age grid protected as one frame) and its audit, also as a multiple of
profile.published_all's own time (computed afresh, as a batch's shared work does the first time). For each: the cells
withheld as small and to protect them, and the small counts the audit finds narrowable (0 is the rule).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from jsnakit import disclosure
from jsnakit.needs import profile
from jsnakit.catalog import Catalog

ROOT = Path(__file__).resolve().parents[1]


def _timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def _report(label: str, shown, seconds: float, found, found_s: float, base: float) -> None:
    reasons = shown.reasons.value_counts()
    print(f"  {label}: apply {seconds:6.2f} s = {seconds / base:4.1f} x national; withheld as small "
          f"{reasons.get('small', 0):,}, to protect them {reasons.get('protecting', 0):,}; audit {found_s:6.2f} s = "
          f"{found_s / base:4.1f} x national, {found.attrs['checked']:,} small counts checked, {len(found)} narrowable")


def measure(folder: Path) -> None:
    catalog = Catalog(folder, cache_dir=False)
    counts, base = _timed(profile.national, catalog)
    print(f"{folder}: national frame {len(counts):,} rows in {base:.2f} s (baseline)")
    shown, apply_s = _timed(disclosure.apply, counts, uncounted_base=profile.uncounted_base(catalog))
    found, audit_s = _timed(disclosure.audit, shown, counts)
    _report("national frame alone", shown, apply_s, found, audit_s, base)
    everything, input_s = _timed(profile.published_input, catalog)
    shown, apply_s = _timed(disclosure.apply, everything, uncounted_base=profile.uncounted_base(catalog))
    found, audit_s = _timed(disclosure.audit, shown, everything)
    grids = everything["area_code"][everything["indicator"] == profile.NEED_AGE].nunique()
    _report(f"published (national frame and {grids} need-by-age grids, {len(everything):,} rows; input "
            f"{input_s:.2f} s)", shown, apply_s, found, audit_s, base)
    _, published_s = _timed(profile.published_all, catalog)  # no cache folder: computed afresh, as a batch's first
    print(f"  profile.published_all afresh (inputs parsed above) {published_s:6.2f} s; the audit of what it publishes "
          f"{audit_s / published_s:4.2f} x its time")


if __name__ == "__main__":
    folders = [Path(a) for a in sys.argv[1:]] or [ROOT / "data_samples", ROOT.parent / "shared" / "data" / "real"]
    for folder in folders:
        if folder.is_dir():
            measure(folder)
