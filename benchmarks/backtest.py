"""Rolling-origin back-test of the demand projection on the real SEN2 caseload series, every local authority.

Run from the repository root::

    python benchmarks/backtest.py [--data DIR] [--jobs N] [--json] [any other option of `jsnakit backtest`]
    python benchmarks/backtest.py --ten-years [--data DIR]

It is ``jsnakit backtest`` (:func:`jsnakit.projection.report.backtest_report`) on ``--data`` (default
``../shared/data/real``: the 2022 release, ``sen2_age_caseload.csv``, January 2010-2022, and the 2025 release,
``caseload.csv``, January 2019-2025, combined by the catalogue with each year once and restated on today's 153 LAs),
every method (the published model, the four analysts' baselines, ETS, Theta and their combination), every origin
from the third January on, horizons 1-3. It prints the tables by era of origin, the paired comparison and the time
taken, and, as the benchmarks here do, a ratio against a baseline measured in the same run: the seconds of the
published model alone against those of the whole back-test. No thresholds: it informs, it does not fail.

``--ten-years`` instead projects every LA ten years ahead with the published projection (the factsheet's call) and
prints what the issue asks of it: the upper 95% limits against the LA's 0-25 population (the folder's latest ONS
estimate), the LAs whose first-year lower limit is below today's count, and the projected growth against each LA's
own growth over the last five years; with the time per LA against that of reading the caseload once.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def ten_years(data: Path) -> int:
    """The published projection of every LA, ten years ahead: the checks of issue 17's goals."""
    import numpy as np
    import pandas as pd

    from jsnakit.catalog import Catalog
    from jsnakit.core import geography
    from jsnakit.projection import project

    start = time.perf_counter()
    folder = Catalog(data)
    caseload = geography.to_current_areas(folder.load("ehc_caseload"))
    population = folder.load("population")
    read = time.perf_counter() - start
    people = population[population["sex"] == "persons"] if "sex" in population.columns else population
    people = people[people["period"] == people["period"].max()]
    young = people[people["age"] <= 25].groupby("area_code")["population"].sum()
    rows = []
    start = time.perf_counter()
    for code in geography.local_authorities()["area_code"]:
        fan = project(caseload, population, area_code=code, years=10)
        total = fan[(fan["age_band"] == "All") & (fan["need"] == "All")]
        history = caseload[(caseload["area_code"] == code) & (caseload["breakdown"] == "All")]
        history = history.set_index("period")["count"].sort_index()
        rows.append(dict(name=geography.area(code)["area_name"], now=history.iloc[-1],
                         median10=total["median"].iloc[-1], upper10=total["upper_95"].iloc[-1],
                         lower1=total["lower_95"].iloc[0], young=young.get(code, np.nan),
                         own5=(history.iloc[-1] / history.iloc[-6]) ** (1 / 5) - 1,
                         projected=(total["median"].iloc[-1] / history.iloc[-1]) ** (1 / 10) - 1))
    each = (time.perf_counter() - start) / len(rows)
    d = pd.DataFrame(rows).assign(upper_share=lambda f: f["upper10"] / f["young"])
    print(f"Ten-year projections of {len(d)} LAs ({data}):")
    print(d.sort_values("upper_share", ascending=False).head(5)[["name", "now", "median10", "upper10", "young",
                                                                  "upper_share"]].round(3).to_string(index=False))
    print(f"LAs whose upper 95% limit in year 10 is above half their 0-25 population: {(d['upper_share'] > 0.5).sum()}")
    print(f"LAs whose year-1 lower 95% limit is below today's count: {(d['lower1'] < d['now']).sum()}")
    print(f"projected yearly growth over ten years, median {d['projected'].median():.3f}; own growth over the last "
          f"five years, median {d['own5'].median():.3f}; correlation {d[['own5', 'projected']].corr().iloc[0, 1]:.2f}")
    print(f"projected minus own growth, 10/25/50/75/90%: "
          f"{d.eval('projected - own5').quantile([0.1, 0.25, 0.5, 0.75, 0.9]).round(3).tolist()}")
    print(f"Time: {each:.2f} s per LA; reading the caseload and population once {read:.2f} s "
          f"(ratio {each / read:.2f})")
    return 0


def main(argv=None) -> int:
    from jsnakit import cli

    argv = list(sys.argv[1:] if argv is None else argv)
    if "--data" not in argv:
        argv = ["--data", str(REPO.parent / "shared" / "data" / "real"), *argv]
    if "--ten-years" in argv:
        return ten_years(Path(argv[argv.index("--data") + 1]))
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
