"""How long does one interaction with each widget take? The aim (issue 8) is under 0.2 s on the sample data.

Run from the repository root::

    python benchmarks/widgets.py [--data DIR] [--repeat N] [--area CODE]

In one process and one go (so every ratio compares numbers taken on the same machine at the same time), after the
explorers are built (the national frame, caseload and population loaded and cached, as in a notebook), it measures
the median of ``--repeat`` runs of:

(a) baselines: one :func:`jsnakit.needs.profile.area_profile` call (an area's slice of the national disclosed frame, with
    its neighbours), and one bare matplotlib figure drawn to PNG (a Figure with one line of ten points, saved at
    150 dpi with a tight bounding box, as :func:`jsnakit.render.charts.figure_html` saves every chart);
(b) for each widget, one interaction with values not seen before (so no cached figure is reused), twice: the
    *view* alone (the pure function that holds the per-interaction work: its figures built, not yet drawn) and the
    *widget update* as a user sees it (setting the widget's value: the view, the message and the tables put in the
    widget, then every chart drawn to PNG with its alt text and put in its output, one after the other), the
    latter both until the tables are shown (a kernel sends each change as it is made, so they show while the
    charts are drawn) and until it is complete:

    * area explorer: another area (trend, neighbour bars, choropleth and table: four parts), and another period
      (three parts: the trend does not change with the period, so it is not redrawn);
    * gap explorer: another primary need for the same area (coverage, shortfall chart and table, who commissions
      what, provision map; the area's gap analysis is made once per area and kept);
    * projection playground: the trend slider moved to a new value (one projection of 200 simulations, disclosed,
      fan chart and table), and the reset button (a setting already seen: its rendered view is kept); for
      reference, the same projection without pooling (``pool=False``, which the playground does not use).

It prints the seconds of each, as multiples of both baselines, and whether it meets the 0.2 s aim. No thresholds:
it informs, it does not fail.
"""
from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from jsnakit import projection, widgets  # noqa: E402
from jsnakit.core import geography  # noqa: E402
from jsnakit.needs import profile  # noqa: E402
from jsnakit.catalog import Catalog  # noqa: E402

AIM = 0.2  # seconds per interaction (issue 8)


def _median(fn, values) -> float:
    """Median seconds of ``fn(value)`` over the values."""
    times = []
    for value in values:
        start = time.perf_counter()
        fn(value)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _updates(widget, watched, values) -> tuple[float, float]:
    """Median seconds of setting ``widget.value`` to each value: until the update is complete, and until
    ``watched`` (an HTML widget the update fills before it draws the charts) first changed."""
    complete, first = [], []
    for value in values:
        seen = []

        def mark(_change, seen=seen):
            if not seen:
                seen.append(time.perf_counter())

        watched.observe(mark, names="value")
        start = time.perf_counter()
        widget.value = value
        end = time.perf_counter()
        watched.unobserve(mark, names="value")
        complete.append(end - start)
        first.append((seen[0] if seen else end) - start)
    return statistics.median(complete), statistics.median(first)


def _bare_figure(_=None) -> None:
    ax = Figure(figsize=(6.4, 3.9)).add_subplot()
    ax.plot(range(10), [x * x for x in range(10)], marker="o")
    ax.set_title("A bare figure")
    ax.figure.savefig(io.BytesIO(), format="png", dpi=150, bbox_inches="tight")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO / "data_samples")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--area", default="E09000019", help="area of the gap explorer (one with provision data)")
    args = parser.parse_args(argv)
    n = args.repeat

    with tempfile.TemporaryDirectory() as cache:
        catalog = Catalog(args.data, cache_dir=cache)
        start = time.perf_counter()
        published = profile.published(catalog)
        neighbours = catalog.load("neighbours") if catalog.has("neighbours") else None
        print(f"national disclosed frame: {time.perf_counter() - start:.1f} s (once; cached as parquet after)")
        start = time.perf_counter()
        area = widgets.AreaExplorer(catalog, area_code=args.area)
        gap = widgets.GapExplorer(catalog, area_code=args.area)
        playground = widgets.ProjectionPlayground(catalog, area_code=args.area)
        print(f"building the three explorers: {time.perf_counter() - start:.1f} s (once)\n")

        las = [c for c in sorted(published.frame["area_code"].unique())
               if c in set(geography.local_authorities()["area_code"]) and c != args.area]
        code = args.area
        rows = []

        def row(widget, interaction, what, seconds):
            rows.append((widget, interaction, what, seconds))

        # (a) baselines
        row("baseline", "profile.area_profile", "one call", _median(
            lambda c: profile.area_profile(published, c, neighbours=neighbours), las[:n]))
        _bare_figure()  # warm up the font cache
        row("baseline", "bare figure", "drawn to PNG", _median(_bare_figure, range(n)))

        # (b) area explorer: another area, another period
        indicator, periods = area.indicator.value, list(area.period.options)
        row("AreaExplorer", "another area", "view", _median(
            lambda c: widgets.area_view(published, c, indicator=indicator, period=periods[-1],
                                        neighbours=area.neighbours, boundaries=area.boundaries), las[n:2 * n]))
        complete, first = _updates(area.area, area.table, las[2 * n:3 * n])
        row("AreaExplorer", "another area", "widget update: table shown", first)
        row("AreaExplorer", "another area", "widget update: complete", complete)
        area.area.value = code
        others = [p for p in reversed(periods[:-1])][:n]
        row("AreaExplorer", "another period", "view", _median(
            lambda p: widgets.area_view(published, code, indicator=indicator, period=p, neighbours=area.neighbours,
                                        boundaries=area.boundaries, parts=("neighbours", "map", "table")), others))
        complete, first = _updates(area.period, area.table, others)
        row("AreaExplorer", "another period", "widget update: table shown", first)
        row("AreaExplorer", "another period", "widget update: complete", complete)

        # gap explorer: another need, same area
        analysis, _ = gap.analysis(code)
        needs = [value for _, value in gap.need.options if value is not None]
        boundary = gap.boundaries[gap.boundaries["area_code"] == code] if gap.boundaries is not None else None
        row("GapExplorer", "another need", "view", _median(
            lambda need: widgets.gap_view(analysis, need=need, boundary=boundary), needs[:n]))
        complete, first = _updates(gap.need, gap.coverage, needs[n:2 * n] or needs[:n])
        row("GapExplorer", "another need", "widget update: tables shown", first)
        row("GapExplorer", "another need", "widget update: complete", complete)

        # projection playground: the trend slider, then reset
        history = playground.history
        row("ProjectionPlayground", "trend slider", "view", _median(
            lambda t: widgets.projection_view(playground.caseload, playground.population, code, trend=t,
                                              neighbours=playground.neighbours, history=history),
            [0.5 * (i + 1) for i in range(n)]))
        complete, first = _updates(playground.trend, playground.table, [-0.5 * (i + 1) for i in range(n)])
        row("ProjectionPlayground", "trend slider", "widget update: table shown", first)
        row("ProjectionPlayground", "trend slider", "widget update: complete", complete)
        row("ProjectionPlayground", "(reference)", "project(pool=False): the floor", _median(
            lambda t: projection.project(playground.caseload, playground.population, area_code=code,
                                         simulations=widgets.SIMULATIONS, pool=False), range(n)))
        resets = []
        for i in range(n):
            playground.trend.value = -0.5 * (i + 1)  # a setting seen above: not timed
            start = time.perf_counter()
            playground.reset_button.click()
            resets.append(time.perf_counter() - start)
        row("ProjectionPlayground", "reset (seen before)", "widget update", statistics.median(resets))

    table = pd.DataFrame(rows, columns=["widget", "interaction", "measured", "seconds"])
    base_profile = table.loc[table["interaction"] == "profile.area_profile", "seconds"].iloc[0]
    base_figure = table.loc[table["interaction"] == "bare figure", "seconds"].iloc[0]
    table["x area_profile"] = table["seconds"] / base_profile
    table["x bare figure"] = table["seconds"] / base_figure
    table["under 0.2 s"] = ["" if w == "baseline" else ("yes" if s < AIM else "no")
                            for w, s in zip(table["widget"], table["seconds"])]
    print(f"median of {n} runs, sample data in {args.data}, gap and projection area {code}\n")
    with pd.option_context("display.width", 200, "display.max_columns", 20, "display.float_format",
                           "{:.3f}".format):
        print(table.to_string(index=False))
    print("\nA slider move is one call of jsnakit.projection.project. The pooling of every LA's rates (empirical "
          "Bayes, about 2 s), which no slider changes, is made once for the playground's caseload and population and "
          "reused; the reference row is the same projection unpooled, the floor of a move.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
