"""Rolling-origin back-test of the demand projection on the real SEN2 caseload series, every local authority.

Run from the repository root::

    python benchmarks/backtest.py [--data DIR] [--jobs N] [--json] [any other option of `jsnakit backtest`]

It is ``jsnakit backtest`` (:func:`jsnakit.projection.report.backtest_report`) on ``--data`` (default
``../shared/data/real``: the 2022 release, ``sen2_age_caseload.csv``, January 2010-2022, and the 2025 release,
``caseload.csv``, January 2019-2025, combined by the catalogue with each year once and restated on today's 153 LAs),
every method (the published model, the four analysts' baselines, ETS, Theta and their combination), every origin
from the third January on, horizons 1-3. It prints the tables by era of origin, the paired comparison and the time
taken, and, as the benchmarks here do, a ratio against a baseline measured in the same run: the seconds of the
published model alone against those of the whole back-test. No thresholds: it informs, it does not fail.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main(argv=None) -> int:
    from jsnakit import cli

    argv = list(sys.argv[1:] if argv is None else argv)
    if "--data" not in argv:
        argv = ["--data", str(REPO.parent / "shared" / "data" / "real"), *argv]
    start = time.perf_counter()
    status = cli.main(["backtest", *argv])
    everything = time.perf_counter() - start
    if status != 0 or "--json" in argv:
        return status
    start = time.perf_counter()
    model_only = [a for a in argv if a != "--json"]
    if "--methods" in model_only:  # the published model alone: drop the methods given
        at = model_only.index("--methods")
        end = at + 1
        while end < len(model_only) and not model_only[end].startswith("--"):
            end += 1
        del model_only[at:end]
    from contextlib import redirect_stdout
    from io import StringIO

    with redirect_stdout(StringIO()):
        cli.main(["backtest", *model_only, "--methods", "model"])
    alone = time.perf_counter() - start
    print(f"\nTime: whole back-test {everything:.1f} s; the published model alone {alone:.1f} s "
          f"(ratio {everything / alone:.1f})")
    return status


if __name__ == "__main__":
    sys.exit(main())
