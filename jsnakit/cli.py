"""The ``jsnakit`` command (also ``python -m jsnakit``).

Only parsing lives here; the work is done by the library (:func:`jsnakit.factsheets.batch.run`).

``jsnakit factsheets [--areas AREA ...] [--all] [--workers N] [--out DIR] [--data DIR] [--workbook PATH] [--force]
[--executor NAME [--scheduler ADDRESS]] [--period LABEL] [--pdf] [--areas-per-kernel N] [--quiet]``
    One HTML factsheet per area, an ``index.html`` and a ``manifest.json`` in ``--out``; with ``--pdf`` also each
    factsheet as an A4 PDF, printed by headless Chromium (off by default: about 2 s of browser time an area; needs
    ``apt-get install chromium chromium-driver`` and ``pip install selenium``). Prints one summary line,
    e.g. ``factsheets: 3 done, 0 failed, 0 skipped in 14.2 s -> factsheets/index.html``. Works from any folder:
    ``--data`` and ``--workbook`` default to the sample data and the workbook installed with jsnakit
    (:mod:`jsnakit.factsheets.resources`); areas may be named by GSS code, DfE number or name
    (:func:`jsnakit.core.geography.find_area`).

``jsnakit backtest [--data DIR] [--areas AREA ...] [--origins FIRST LAST] [--horizons H ...] [--methods NAME ...]
[--simulations N] [--seed N] [--jobs N] [--json]``
    The rolling-origin back-test of the published projection against the analysts' baselines and the forecasters'
    standards (ETS, Theta, their combination) on the folder's EHC plan caseload (default the sample data): by
    method, horizon and era of origin the MdAPE, the coverage of the 50/80/95% intervals, the median 95% width and
    the weighted interval score, then the paired comparison of the published model with each method
    (:func:`jsnakit.projection.report.backtest_report`). ``--json`` prints the same as JSON.

``jsnakit data check DIR [--no-cache]``
    What each file of a data folder is (recognised by content, not name), which areas and periods it covers, and
    every problem found. Exit status 1 when a file is bad.

Exit status: 0 when no area failed, 1 when some area failed, 2 for bad arguments (unknown or ambiguous area, unknown
executor, missing data folder or workbook, a period badly written or not in the data folder, ``--pdf`` without
Chromium; reported before any area runs), 130 when interrupted.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path

from . import __version__, catalog
from .core import geography
from .factsheets import batch, resources
from .core.errors import ArgumentError, DisclosureError, OutputError

__all__ = ["main", "SAMPLE_AREAS"]

#: Areas of ``data_samples/``: Islington, Rochdale, Cambridgeshire.
SAMPLE_AREAS = ("E09000019", "E08000005", "E10000003")

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1; got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1; got {text!r}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jsnakit",
        description="Needs profiling and gap mapping for the SEND chapter of a Joint Strategic Needs Assessment.",
    )
    parser.add_argument("--version", action="version", version=f"jsnakit {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    fs = commands.add_parser(
        "factsheets",
        help="make one HTML factsheet per area from the factsheet workbook",
        description=(
            "Run the factsheet workbook once per area with papermill (in parallel), write <area>.html (and "
            "<area>.pdf with --pdf), index.html and manifest.json in --out. Areas whose factsheet is up to date are "
            "skipped; failed areas are retried. Paths are relative to the current folder."
        ),
    )
    which = fs.add_mutually_exclusive_group()
    which.add_argument(
        "--areas", nargs="+", metavar="AREA",
        help="GSS codes, DfE LA numbers or names, e.g. E09000019 206 Islington 'Isle of Wight' "
             "(default: the sample areas " + ", ".join(SAMPLE_AREAS) + ")",
    )
    which.add_argument("--all", action="store_true", help="all 153 upper-tier local authorities")
    fs.add_argument("--workers", type=_positive_int, metavar="N", help="areas run in parallel (default: cores)")
    fs.add_argument("--out", type=Path, default=Path("factsheets"), metavar="DIR",
                    help="output folder (default: factsheets)")
    fs.add_argument("--data", type=Path, metavar="DIR",
                    help="data folder (default: the synthetic sample data installed with jsnakit)")
    fs.add_argument("--workbook", type=Path, metavar="PATH",
                    help="papermill notebook (default: the factsheet workbook installed with jsnakit)")
    fs.add_argument("--period", metavar="LABEL",
                    help="school year to report, written YYYY/YY, e.g. 2024/25 (default: the latest)")
    fs.add_argument("--force", action="store_true", help="re-run areas even when up to date")
    fs.add_argument("--pdf", action="store_true",
                    help="also print each factsheet to <area>.pdf (A4) with headless Chromium; off by default, as "
                         "each PDF costs about 2 s of browser time (needs: apt-get install chromium "
                         "chromium-driver; pip install selenium)")
    fs.add_argument("--areas-per-kernel", type=_positive_int, default=batch.AREAS_PER_KERNEL, metavar="N",
                    help="areas each worker's kernel runs before a fresh one replaces it (default: "
                         f"{batch.AREAS_PER_KERNEL}; 1: a fresh kernel for every area)")
    fs.add_argument("--executor", default="process", metavar="NAME",
                    help="where areas run: " + ", ".join(batch.executors()) + " (default: process)")
    fs.add_argument("--scheduler", metavar="ADDRESS",
                    help="with --executor dask: a running dask scheduler, e.g. tcp://10.0.0.5:8786 (default: dask's "
                         "scheduler-address setting, else a local cluster of --workers processes); its workers need "
                         "jsnakit and the data folder at the same path")
    fs.add_argument("--quiet", action="store_true", help="no progress bar (the summary line is still printed)")
    fs.set_defaults(handler=_factsheets)

    bt = commands.add_parser(
        "backtest", help="back-test the demand projection against the baselines on the folder's caseload",
        description="Rolling-origin back-test of the published EHC plan projection against the analysts' baselines "
                    "and ETS, Theta and their combination, on the data folder's caseload of every local authority.")
    bt.add_argument("--data", type=Path, metavar="DIR", help="data folder (default: the sample data)")
    bt.add_argument("--areas", nargs="+", metavar="AREA", help="areas to score (GSS code, DfE number or name; "
                                                              "default every local authority)")
    bt.add_argument("--origins", nargs=2, metavar=("FIRST", "LAST"), help="first and last origin, e.g. 2016/17 "
                                                                         "2021/22 (default every one scorable)")
    bt.add_argument("--horizons", nargs="+", type=_positive_int, default=[1, 2, 3], metavar="H",
                    help="years ahead (default 1 2 3)")
    bt.add_argument("--methods", nargs="+", metavar="NAME", help="methods besides the published model "
                                                                "(default all; quote names with spaces)")
    bt.add_argument("--simulations", type=_positive_int, default=1000, metavar="N")
    bt.add_argument("--seed", type=int, default=0, metavar="N")
    bt.add_argument("--jobs", type=_positive_int, metavar="N", help="processes (default: cores)")
    bt.add_argument("--json", action="store_true", help="print JSON instead of tables")
    bt.set_defaults(handler=_backtest)

    data = commands.add_parser("data", help="inspect a data folder",
                               description="Inspect a folder of downloaded published files.")
    data_commands = data.add_subparsers(dest="data_command", metavar="ACTION", required=True)
    chk = data_commands.add_parser(
        "check", help="say what each file is, what it covers and every problem found",
        description=("Recognise each file by its content, read it, and report its kind, areas, periods and every "
                     "problem (file, row, column, expected, found). Files that read cleanly are cached."),
    )
    chk.add_argument("dir", type=Path, metavar="DIR", help="the data folder")
    chk.add_argument("--no-cache", action="store_true", help="neither read nor write the parquet cache")
    chk.set_defaults(handler=_data_check)
    return parser


def _error(command: str, message: str) -> int:
    print(f"jsnakit {command}: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _factsheets(args: argparse.Namespace) -> int:
    try:
        data = resources.sample_data_dir() if args.data is None else args.data
        workbook = resources.factsheet_workbook() if args.workbook is None else args.workbook
    except FileNotFoundError as err:  # an installation without its package data
        return _error("factsheets", str(err))
    if not data.is_dir():
        return _error("factsheets", f"data folder '{data}' not found (in {os.getcwd()}); pass --data DIR, "
                                    "or leave it out for the sample data")
    if not workbook.is_file():
        return _error("factsheets", f"workbook '{workbook}' not found (in {os.getcwd()}); pass --workbook PATH, "
                                    "or leave it out for the factsheet workbook")
    if args.all:
        areas = geography.local_authorities()["area_code"].tolist()
    else:
        areas = args.areas or list(SAMPLE_AREAS)
    scheduler = contextlib.nullcontext()
    if args.scheduler is not None:
        if args.executor != "dask":
            return _error("factsheets", f"--scheduler needs --executor dask; got --executor {args.executor}")
        try:
            import dask
        except ImportError:
            return _error("factsheets", "--scheduler needs dask.distributed: pip install 'jsnakit[dask]'")
        scheduler = dask.config.set({"scheduler-address": args.scheduler})
    try:
        with scheduler:
            manifest = batch.run(
                areas, data_dir=data, out_dir=args.out, workbook=workbook, workers=args.workers,
                executor=args.executor, force=args.force, progress=not args.quiet, period=args.period, pdf=args.pdf,
                areas_per_kernel=args.areas_per_kernel,
            )
    except (ArgumentError, DisclosureError) as err:
        return _error("factsheets", str(err))
    except OutputError as err:  # the output folder: a file, read-only, a full disk, another batch in it
        print(f"jsnakit factsheets: error: {err}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print(f"jsnakit factsheets: interrupted; run the same command again to resume ({args.out}/manifest.json)",
              file=sys.stderr)
        return EXIT_INTERRUPTED
    print(f"factsheets: {manifest.summary()}")
    return EXIT_OK if manifest.ok else EXIT_FAILED


def _backtest(args: argparse.Namespace) -> int:
    from .catalog import Catalog
    from .projection import backtesting, report  # imported late: `jsnakit --help` should not pay for them

    try:
        data = resources.sample_data_dir() if args.data is None else args.data
    except FileNotFoundError as err:
        return _error("backtest", str(err))
    if not data.is_dir():
        return _error("backtest", f"data folder '{data}' not found (in {os.getcwd()})")
    try:
        folder = Catalog(data)
        if not folder.has("ehc_caseload"):
            return _error("backtest", f"data folder '{data}' holds no EHC plan caseload (DfE SEN2 caseload.csv)")
        caseload = geography.to_current_areas(folder.load("ehc_caseload"))
        origins = None
        if args.origins:
            first, last = args.origins
            origins = [p for p in report.default_origins(caseload, horizons=args.horizons) if first <= p <= last]
        areas = [str(geography.find_area(a)["area_code"]) for a in args.areas] if args.areas else None
        methods = args.methods if args.methods else backtesting.METHODS
        result = report.backtest_report(caseload, origins=origins, horizons=args.horizons, areas=areas,
                                        simulations=args.simulations, seed=args.seed, methods=methods,
                                        jobs=args.jobs or os.cpu_count() or 1)
    except ArgumentError as err:
        return _error("backtest", str(err))
    print(result.to_json() if args.json else result.to_text())
    return EXIT_OK


def _data_check(args: argparse.Namespace) -> int:
    if not args.dir.is_dir():
        return _error("data check", f"data folder '{args.dir}' not found (in {os.getcwd()})")
    report = catalog.check(args.dir, cache_dir=False if args.no_cache else None)
    print(catalog.describe_check(report))
    print()
    print(_sections_supported(args.dir, cache_dir=False if args.no_cache else None))
    return EXIT_FAILED if (report["status"] == "bad").any() else EXIT_OK


def _sections_supported(data_dir: Path, *, cache_dir) -> str:
    """Which factsheet sections the folder supports, and what would unlock the rest (``jsnakit.factsheets.sections``)."""
    from .needs import profile
    from .factsheets import sections  # imported late: `jsnakit --help` should not pay for them
    from .catalog import Catalog

    folder = Catalog(data_dir, cache_dir=cache_dir)
    try:
        return sections.describe(sections.coverage(profile.published(folder), folder))
    except Exception as err:  # noqa: BLE001 - the file report above is the check's main answer; never a traceback
        return (f"factsheet sections: could not be worked out ({type(err).__name__}); fix the bad files listed "
                f"above and check again")


def main(argv: list[str] | None = None) -> int:
    """Run the ``jsnakit`` command line and return its exit status.

    Parameters
    ----------
    argv : list of str, optional
        Arguments without the program name; default ``sys.argv[1:]``.

    Returns
    -------
    int
        0 when no area failed, 1 when some failed, 2 for bad arguments, 130 when interrupted.

    Examples
    --------
    >>> main(["factsheets", "--areas", "E09000019", "--data", "no-such-folder"])  # doctest: +SKIP
    2
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help, --version and bad usage; return the status instead
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    return args.handler(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
