"""How long does reading the published files take: a cold parse, a warm (cached) load, and plain pandas.

Run from the repository root::

    python benchmarks/sources.py [--data DIR] [--repeat N]

``--data`` defaults to ``../shared/data/real`` (every real published file), falling back on ``data_samples``.
For every file the catalogue recognises, in one process and one go (so every ratio compares numbers taken on the
same machine at the same time), it measures:

(a) baseline: a plain ``pandas.read_csv`` of each CSV file (``dtype=str``), ``pandas.read_parquet`` of each parquet
    file, ``pandas.read_excel(sheet_name=None, engine="calamine")`` of each workbook and ``geopandas.read_file`` of
    each GeoJSON -- reading without checking, translating or tidying anything;
(b) cold: jsnakit's reader (recognition, validation, tidy frame, GSS codes, symbols) plus writing the parquet cache,
    on an empty cache;
(c) warm: the same loads again through a new :class:`jsnakit.catalog.Catalog` on the filled cache (hashing each
    file and reading its parquet).

It prints the seconds of each (median of ``--repeat`` runs), per source and in total, and (b) and (c) as multiples
of (a). No thresholds: it informs, it does not fail.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from jsnakit import catalog  # noqa: E402


def _plain(path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        pd.read_csv(path, dtype=str, keep_default_na=False, encoding_errors="replace")
    elif suffix == ".parquet":
        pd.read_parquet(path)
    elif suffix in (".xls", ".xlsx"):
        pd.read_excel(path, sheet_name=None, engine="calamine")
    elif path.name.endswith("json") and "FeatureCollection" in path.read_text(errors="replace")[:4096]:
        import geopandas as gpd

        gpd.read_file(path)
    else:
        path.read_bytes()


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = REPO.parent / "shared" / "data" / "real"
    parser.add_argument("--data", type=Path, default=default if default.is_dir() else REPO / "data_samples")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    cat = catalog.Catalog(args.data, cache_dir=False)
    jobs = [(name, path) for path, kinds in cat._kinds.items() for name in kinds
            if catalog.SOURCES[name].combine != "folder"]  # an OR UK export is read as a folder, never cached
    print(f"{len(jobs)} files of {len({n for n, _ in jobs})} sources in {args.data}; median of {args.repeat} runs\n")
    plain = {j: [] for j in jobs}
    cold = {j: [] for j in jobs}
    warm = {j: [] for j in jobs}
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as cache:
            for job in jobs:
                plain[job].append(_time(lambda: _plain(job[1])))
            filling = catalog.Catalog(args.data, cache_dir=cache)
            for job in jobs:
                cold[job].append(_time(lambda: filling.read(*job)))
            reading = catalog.Catalog(args.data, cache_dir=cache)
            for job in jobs:
                warm[job].append(_time(lambda: reading.read(*job)))

    rows = []
    for name, path in jobs:
        key = (name, path)
        rows.append((name, path.name[:48], statistics.median(plain[key]), statistics.median(cold[key]),
                     statistics.median(warm[key])))
    table = pd.DataFrame(rows, columns=["source", "file", "pandas", "cold", "warm"])
    table["cold/pandas"] = table["cold"] / table["pandas"]
    table["warm/pandas"] = table["warm"] / table["pandas"]
    table["warm/cold"] = table["warm"] / table["cold"]
    with pd.option_context("display.width", 200, "display.max_columns", 20, "display.float_format", "{:.3f}".format):
        print(table.to_string(index=False))
    total = table[["pandas", "cold", "warm"]].sum()
    print(f"\ntotal: pandas {total['pandas']:.2f} s, cold {total['cold']:.2f} s "
          f"({total['cold'] / total['pandas']:.1f}x pandas), warm {total['warm']:.2f} s "
          f"({total['warm'] / total['pandas']:.2f}x pandas, {total['warm'] / total['cold']:.3f}x cold)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
