"""Rolling-origin back-test of the demand projection on the real SEN2 caseload series, every local authority.

Run from the repository root::

    python benchmarks/backtest.py [--data DIR] [--simulations N] [--scenario NAME] [--first 2013/14] [--last 2021/22]

``--data`` defaults to ``../shared/data/real``. It reads the 2022 release (``sen2_age_caseload.csv``, January
2010-2022 by age band) and the 2025 release (``caseload.csv``, January 2019-2025 totals, single ages for 2024 and
2025), combines them (each year once, the later release winning) and restates them on today's 153 LAs. At every
origin from ``--first`` to ``--last`` (the last January with published age bands is 2021/22), each method sees the
six Januaries up to the origin and projects the LA's total 1, 2 and 3 years ahead; the published total scores it.

Prints, by horizon, the median absolute percentage error across LAs and origins (MdAPE, %) and the share of
observed totals inside the 95% interval, for the cohort model (:func:`jsnakit.projection.backtest`) and each
baseline, and the time taken. No thresholds: it informs, it does not fail.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data" / "real")
    parser.add_argument("--simulations", type=int, default=1000)
    parser.add_argument("--scenario", default="rates held")
    parser.add_argument("--first", default="2013/14", help="first origin (academic year)")
    parser.add_argument("--last", default="2021/22", help="last origin (academic year)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    from jsnakit import projection
    from jsnakit.core import geography
    from jsnakit.sources import dfe

    old = args.data / "dfe_ehc_plans_2022" / "sen2_age_caseload.csv"
    new = args.data / "dfe_ehc_plans_2025" / "caseload.csv"
    if not (old.is_file() and new.is_file()):
        print(f"the real SEN2 caseload files are not under {args.data}", file=sys.stderr)
        return 1
    series = geography.to_current_areas(dfe.combine_releases(dfe.read_ehc_caseload(old), dfe.read_ehc_caseload(new)))
    first, last = int(args.first[:4]), int(args.last[:4])
    origins = [f"{y}/{str(y + 1)[2:]}" for y in range(first, last + 1)]
    areas = series.loc[series["area_type"].isin(geography.LA_TYPES), "area_code"].nunique()
    start = time.perf_counter()
    detail = projection.backtest_forecasts(series, origins=origins, simulations=args.simulations,
                                           scenario=args.scenario, seed=args.seed)
    seconds = time.perf_counter() - start
    result = projection.summarise_backtest(detail)
    print(f"Rolling-origin back-test: {areas} LAs, origins {origins[0]} to {origins[-1]}, model scenario "
          f"'{args.scenario}', {args.simulations} simulations, {seconds:.1f} s")
    table = result.pivot(index="method", columns="horizon", values=["mdape", "coverage_95"])
    table = table.reindex(["model", *projection.BASELINES])
    table.columns = [f"{'MdAPE %' if m == 'mdape' else '95% cover'} h={h}" for m, h in table.columns]
    with pd.option_context("display.width", 160, "display.float_format", "{:.3f}".format):
        print(table.to_string())
    print(f"observations per method and horizon: {result['n'].min()} to {result['n'].max()}")
    # By origin: the 2014 reforms (EHC plans replacing statements, 2014-2018, and the extension to age 25) broke
    # the series in a way no earlier year foretold.
    by_origin = detail[detail["method"].isin(["model", "1-2-3 weighted growth"]) & (detail["horizon"] == 3)]
    table = by_origin.pivot_table(index="origin", columns="method", values=["ape", "inside"],
                                  aggfunc={"ape": "median", "inside": "mean"})
    table.columns = [f"{'MdAPE %' if m == 'ape' else '95% cover'} {name}" for m, name in table.columns]
    print("\nThree years ahead, by origin:")
    with pd.option_context("display.width", 160, "display.float_format", "{:.3f}".format):
        print(table.to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
