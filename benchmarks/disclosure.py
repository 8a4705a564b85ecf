"""Disclosure control and its interval audit over the whole national frame, as multiples of the national work.

    python benchmarks/disclosure.py [--joint] [DATA_DIR ...]
                                    (default: data_samples and ../shared/data/real when present)

For each folder: the national indicator frame (profile.national, the baseline, measured in the same run), disclosure
control (disclosure.apply: primary and secondary suppression until the audit passes), the interval audit of the
result (disclosure.audit), and the audit of the national frame with every area's need-by-age grid beside it; with
the cells withheld as small and to protect them, and the cells the audits find narrowable. With --joint, also the
protection of the national frame and every grid as one frame (disclosure.apply over profile.published_input), the
way issue 15 still has to publish them, and its audit.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from jsnakit import disclosure, geography, profile
from jsnakit.catalog import Catalog

ROOT = Path(__file__).resolve().parents[1]


def _timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def measure(folder: Path, joint: bool = False) -> None:
    catalog = Catalog(folder, cache_dir=False)
    counts, base = _timed(profile.national, catalog)
    shown, apply_s = _timed(disclosure.apply, counts, uncounted_base=profile.school_age(catalog))
    found, audit_s = _timed(disclosure.audit, shown, counts)
    reasons = shown.reasons.value_counts()
    print(f"{folder}: {len(counts):,} rows; national {base:.2f} s (baseline)")
    print(f"  apply  {apply_s:6.2f} s = {apply_s / base:4.1f} x national; withheld as small {reasons.get('small', 0):,}, "
          f"to protect them {reasons.get('protecting', 0):,}")
    print(f"  audit  {audit_s:6.2f} s = {audit_s / base:4.1f} x national; {found.attrs['checked']:,} small counts "
          f"checked, {len(found)} narrowable")
    if catalog.has("ehc_needs_by_age"):
        by_age = catalog.load("ehc_needs_by_age")
        pairs = []
        for code in geography.local_authorities()["area_code"]:
            grid = profile.need_by_age(by_age, code)
            if len(grid):
                pairs.append((disclosure.apply(grid, shown.rules, beside=shown), grid))
        both, both_s = _timed(disclosure.audit, shown, counts, *pairs)
        print(f"  audit with {len(pairs)} need-by-age grids {both_s:6.2f} s = {both_s / base:4.1f} x national; "
              f"{both.attrs['checked']:,} checked, {len(both)} narrowable")
        if joint:
            everything = profile.published_input(catalog)
            together, joint_s = _timed(disclosure.apply, everything, uncounted_base=profile.school_age(catalog))
            reasons = together.reasons.value_counts()
            found, found_s = _timed(disclosure.audit, together, everything)
            print(f"  joint apply (national and grids as one frame) {joint_s:6.2f} s = {joint_s / base:4.1f} x "
                  f"national; withheld as small {reasons.get('small', 0):,}, to protect them "
                  f"{reasons.get('protecting', 0):,}; its audit {found_s:6.2f} s, {found.attrs['checked']:,} "
                  f"checked, {len(found)} narrowable")


if __name__ == "__main__":
    args = sys.argv[1:]
    joint = "--joint" in args
    folders = [Path(a) for a in args if a != "--joint"] or [ROOT / "data_samples",
                                                           ROOT.parent / "shared" / "data" / "real"]
    for folder in folders:
        if folder.is_dir():
            measure(folder, joint)
