"""How fast are jsnakit's frame functions, against their own array kernels and against PHStatsMethods?

Run from the repository root::

    python benchmarks/methods.py [--rows N] [--ph-rows N] [--repeat N]

In one process and one go (every ratio compares numbers taken on the same machine at the same time):

(a) the bare array kernels ``methods.wilson_ci`` and ``methods.byar_ci`` on ``--rows`` (default 1,000,000) random
    counts and denominators: the limit a frame function can approach;
(b) the frame functions ``methods.proportion`` and ``methods.rate`` on a frame of the same rows (validation, the
    kernel, the new columns);
(c) PHStatsMethods' ``ph_proportion`` and ``ph_rate`` (DHSC's Python implementation; GPL-3, installed for this
    benchmark only: ``pip install PHStatsMethods``) on ``--ph-rows`` (default 100,000) of the same rows, against (b)
    on the same rows, with the largest absolute difference between the two sets of figures.

It prints the median of ``--repeat`` runs and the ratios (b)/(a) and (c)/(b). The issue's aim: frame functions within 3x
of the bare kernel, and identical to PHStatsMethods to 1e-9. No thresholds: it informs, it does not fail.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from jsnakit.stats import methods  # noqa: E402


def _median_time(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--ph-rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    rng = np.random.default_rng(2026)
    denominator = rng.integers(1, 200_000, args.rows).astype(float)
    count = np.maximum(np.floor(denominator * rng.beta(1, 12, args.rows)), 1)  # PHStatsMethods refuses rate 0
    frame = pd.DataFrame({"count": count, "denominator": denominator})

    print(f"{args.rows:,} rows; median of {args.repeat} runs\n")
    rows = []
    for name, kernel, function, multiplier in [
        ("proportion (Wilson)", lambda: methods.wilson_ci(count, denominator), methods.proportion, 100),
        ("rate (Byar / exact)", lambda: methods.byar_ci(count), methods.rate, 100_000),
    ]:
        t_kernel, _ = _median_time(kernel, args.repeat)
        t_frame, _ = _median_time(lambda: function(frame, multiplier=multiplier), args.repeat)
        rows.append((name, t_kernel, t_frame, t_frame / t_kernel))
    table = pd.DataFrame(rows, columns=["function", "kernel s", "frame s", "frame/kernel"])
    print(table.to_string(index=False, float_format="{:.3f}".format))

    try:
        import PHStatsMethods as ph
    except ImportError:
        print("\nPHStatsMethods is not installed (pip install PHStatsMethods): comparison skipped")
        return 0
    small = frame.iloc[: args.ph_rows].astype({"count": int, "denominator": int}).reset_index(drop=True)
    print(f"\nagainst PHStatsMethods on {len(small):,} rows")
    rows = []
    for name, ours, theirs, multiplier in [
        ("proportion (Wilson)", methods.proportion, ph.ph_proportion, 100),
        ("rate (Byar / exact)", methods.rate, ph.ph_rate, 100_000),
    ]:
        t_ours, mine = _median_time(lambda: ours(small, multiplier=multiplier), args.repeat)
        t_ph, reference = _median_time(
            lambda: theirs(small, "count", "denominator", multiplier=multiplier, confidence=0.95), 1)
        diff = max(np.nanmax(np.abs(mine["value"].to_numpy() - reference["Value"].to_numpy())),
                   np.nanmax(np.abs(mine["lower_ci"].to_numpy() - reference["lower_95_ci"].to_numpy())),
                   np.nanmax(np.abs(mine["upper_ci"].to_numpy() - reference["upper_95_ci"].to_numpy())))
        scale = np.nanmax(np.abs(reference["upper_95_ci"].to_numpy()))
        rows.append((name, t_ours, t_ph, t_ph / t_ours, diff, diff / scale))
    table = pd.DataFrame(rows, columns=["function", "jsnakit s", "PHStatsMethods s", "PHStatsMethods/jsnakit",
                                        "max abs diff", "relative to largest limit"])
    with pd.option_context("display.width", 200):
        print(table.to_string(index=False, float_format="{:.3g}".format))
    return 0


if __name__ == "__main__":
    sys.exit(main())
