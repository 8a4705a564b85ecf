"""A public conformance suite for frame functions and readers, in the style of scikit-learn's ``check_estimator``.

* **Frame functions** (:func:`check_frame_function`, checks :data:`FRAME_CHECKS`): the input is not changed; the
  output is a new DataFrame with the documented columns (row for row if row-wise); a non-DataFrame argument, a
  missing column, an empty frame and a missing count each behave as documented (one ArgumentError naming it).
* **Readers** (:func:`check_reader`, checks :data:`READER_CHECKS`): a good file reads into a frame following
  :mod:`jsnakit.core.schema` (or the reader's documented columns) and is left as it was; an empty file, a header-only
  file and a file of garbage bytes each raise one :class:`~jsnakit.core.errors.InputError` whose failures name it.

What a function documents is its contract (scikit-learn's estimator tags): :data:`FRAME_CONTRACTS` (frame functions
of :mod:`jsnakit.stats`), :data:`READER_CONTRACTS` (readers of :data:`jsnakit.catalog.SOURCES`) or ``contract=``.
:func:`checks_for` yields ``(name, check)`` pairs to parametrise over; a failed check raises AssertionError.

Examples
--------
>>> import pandas as pd
>>> from jsnakit.stats.proportions import proportion
>>> frame = pd.DataFrame({"count": [7.0, 0.0, 12.0], "denominator": [100.0, 50.0, 80.0]})
>>> check_frame_function(proportion, frame)
>>> [name for name, _ in checks_for(proportion, frame)]
['not_mutated', 'output_columns', 'not_a_frame', 'missing_column', 'empty_frame', 'missing_count']
"""
from __future__ import annotations

import functools
import hashlib
import inspect
import json
import shutil
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Mapping

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from .catalog import SOURCES
from .core import schema
from .core.errors import ArgumentError, InputError
from .sources import commissioning, fingertips, lait, localities, mhclg, provision
from .stats import comparison, funnels, ranking, trend

__all__ = ["FrameContract", "ReaderContract", "FRAME_CONTRACTS", "READER_CONTRACTS", "FRAME_CHECKS", "READER_CHECKS",
           "GARBAGE", "contract_for", "checks_for", "check_frame_function", "check_not_mutated",
           "check_output_columns", "check_not_a_frame", "check_missing_column", "check_empty_frame",
           "check_missing_count", "check_reader", "check_reader_output", "check_file_unchanged", "check_empty_file",
           "check_header_only_file", "check_garbage_file"]

#: The content of the garbage file of :func:`check_garbage_file`: every byte value, 16 times (4 KiB).
GARBAGE = bytes(range(256)) * 16


@dataclass(frozen=True)
class FrameContract:
    """What a frame function documents, as the checks read it (called with its column arguments at their defaults).

    Parameters
    ----------
    required : tuple of str
        Columns the call needs: without any one, an ArgumentError naming it. So are the group columns.
    adds : tuple of str, default ()
        A row-wise function's columns, added at the end or overwritten in place; the others come back as they were.
    outputs : tuple of str, default ()
        An aggregating function's columns after the group columns, one row per group (empty: row-wise).
    group_argument : str, optional
        The argument naming an aggregating function's group columns (its default is read from the signature).
    empty : {"frame", "raises"}, default "frame"
        A frame with no rows gives no rows with the documented columns, or an ArgumentError naming the frame.
    missing : {"missing", "zero", "raises"}, default "missing"
        A NaN in ``missing_column``: ``missing_outputs`` in its row (or group), the other rows being as they are
        without that row; taken as 0, which the ``note`` column says ("taken as 0"); or an ArgumentError naming it.
    missing_column : str, default "count"
    missing_outputs : mapping of str to object, default {}
        The column the missing-count check blanks; each output column and what it holds then (None: missing).
    """

    required: tuple = ()
    adds: tuple = ()
    outputs: tuple = ()
    group_argument: str | None = None
    empty: str = "frame"
    missing: str = "missing"
    missing_column: str = "count"
    missing_outputs: Mapping = field(default_factory=dict)

    @property
    def rowwise(self) -> bool:
        """True for a row-wise function (one output row per input row), False for an aggregating one."""
        return not self.outputs


@dataclass(frozen=True)
class ReaderContract:
    """What a reader documents about its result, as the checks read it.

    Parameters
    ----------
    kind : {"count", "population", "neighbour", "indicator"}, optional
        The :mod:`jsnakit.core.schema` kind its frame follows.
    extra : tuple of str, default ()
        With ``kind``: the columns after the schema's (``need`` of the counts by need and age).
    columns : tuple of str, optional
        Without ``kind``: the frame's documented columns, in order.
    frames : mapping of str to sequence of str, optional
        For a reader returning an object of frames (a Local Offer): each attribute and its columns.
    header_only : {"raises", "frame"}, default "raises"
        A file with a header and no data raises an InputError, or may give a result without rows.
    """

    kind: str | None = None
    extra: tuple = ()
    columns: tuple | None = None
    frames: Mapping | None = None
    header_only: str = "raises"


_ESTIMATE = ("value", "lower_ci", "upper_ci")
_MISSING = dict.fromkeys(_ESTIMATE)
_STANDARDISED = ("confidence", "method", "note")
_BANDS = ("count", "denominator", "reference_count", "reference_denominator")
_INDICATOR = ("indicator", *comparison.BENCHMARK_KEYS, *_ESTIMATE)

#: The contracts of the frame functions of :mod:`jsnakit.stats`, by ``module.name`` (the funnels' with
#: ``statistic="proportion"`` or ``"ratio"``: a rate needs its ``rate`` column rather than the denominator).
FRAME_CONTRACTS = {
    "jsnakit.stats.proportions.proportion": FrameContract(
        ("count", "denominator"), adds=_ESTIMATE + ("confidence", "method"), missing_outputs=_MISSING),
    "jsnakit.stats.rates.rate": FrameContract(("count", "denominator"), adds=_ESTIMATE + ("confidence", "method"),
                                              missing_outputs={**_MISSING, "method": None}),
    "jsnakit.stats.standardisation.dsr": FrameContract(
        ("count", "denominator"), outputs=("count", "denominator", *_ESTIMATE, *_STANDARDISED), group_argument="group",
        missing="zero"),
    "jsnakit.stats.standardisation.isr": FrameContract(
        _BANDS, outputs=("count", "expected", *_ESTIMATE, *_STANDARDISED), group_argument="group", missing="zero"),
    "jsnakit.stats.standardisation.isr_rate": FrameContract(_BANDS, outputs=(
        "count", "expected", "reference_rate", *_ESTIMATE, *_STANDARDISED), group_argument="group", missing="zero"),
    "jsnakit.stats.funnels.funnel_limits": FrameContract(
        ("count", "denominator"), outputs=tuple(funnels.FUNNEL_COLUMNS), empty="raises", missing="raises"),
    "jsnakit.stats.funnels.funnel_significance": FrameContract(("count", "denominator"), adds=(
        "comparison", "significance"), empty="raises", missing="raises"),
    "jsnakit.stats.comparison.compare_with": FrameContract(
        _INDICATOR, adds=("comparator_code", "comparison"), missing_column="value",
        missing_outputs={"comparison": "not compared"}),
    "jsnakit.stats.comparison.compare_levels": FrameContract(
        (*_INDICATOR, "lower_ci_998", "upper_ci_998"), adds=("comparator_code", "comparison", "significance"),
        missing_column="value", missing_outputs={"comparison": "not compared", "significance": "not compared"}),
    "jsnakit.stats.ranking.assign_quantiles": FrameContract(("value",), adds=tuple(ranking.QUANTILE_COLUMNS),
                                                            group_argument="group", missing_column="value",
                                                            missing_outputs={"quantile": None}),
    "jsnakit.stats.trend.recent_trend": FrameContract(
        ("period", *_ESTIMATE), outputs=tuple(trend.TREND_COLUMNS), group_argument="by", missing_column="value",
        missing_outputs={"chi2": None, "slope": None, "direction": "cannot be calculated"}),
}

#: The contracts of the readers of :data:`jsnakit.catalog.SOURCES`, by source name; a source not here gets the
#: default :class:`ReaderContract` (a DataFrame with rows; an InputError for each bad file).
READER_CONTRACTS = {
    **dict.fromkeys(("sen_provision", "sen_primary_need", "sen_provision_sex", "ehc_caseload", "ehc_new_plans",
                     "ehc_needs", "ehc_timeliness", "ehc_requests", "cin_sen"), ReaderContract("count")),
    "ehc_needs_by_age": ReaderContract("count", extra=("need",)),
    "population": ReaderContract("population"),
    "neighbours": ReaderContract("neighbour"),
    "boundaries": ReaderContract(columns=("area_code", "area_name", "geometry")),
    "centroids": ReaderContract(columns=tuple(localities.CENTROID_COLUMNS)),
    "census_age": ReaderContract(columns=tuple(localities.CENSUS_AGE_COLUMNS)),
    "commissioning_register": ReaderContract(columns=tuple(commissioning.REGISTER_COLUMNS)),
    "fingertips": ReaderContract(columns=tuple(fingertips.FINGERTIPS_COLUMNS), header_only="frame"),
    "lait": ReaderContract(columns=tuple(lait.LAIT_COLUMNS)), "imd": ReaderContract(columns=tuple(mhclg.IMD_COLUMNS)),
    "local_offer": ReaderContract(frames={
        "services": provision.SERVICE_COLUMNS, "organizations": provision.ORGANIZATION_COLUMNS,
        "locations": provision.LOCATION_COLUMNS, "service_locations": provision.SERVICE_LOCATION_COLUMNS,
        "taxonomy": provision.TAXONOMY_COLUMNS, "service_areas": provision.SERVICE_AREA_COLUMNS}),
}


def contract_for(subject) -> FrameContract | ReaderContract:
    """The contract of a jsnakit frame function or reader.

    Parameters
    ----------
    subject : callable
        A frame function of :data:`FRAME_CONTRACTS` (from any path it is importable from) or the reader of a source
        of :data:`jsnakit.catalog.SOURCES` (one not in :data:`READER_CONTRACTS` gets the default contract); else
        an ArgumentError (pass ``contract=`` to the checks instead).

    Returns
    -------
    FrameContract or ReaderContract
    """
    name = f"{getattr(subject, '__module__', '')}.{getattr(subject, '__qualname__', '')}"
    if name in FRAME_CONTRACTS:
        return FRAME_CONTRACTS[name]
    for source in SOURCES.values():
        if source.reader is subject:
            return READER_CONTRACTS.get(source.name, ReaderContract())
    raise ArgumentError(f"subject must be a jsnakit frame function or reader with a contract; got {name!r} "
                        "(pass contract=FrameContract(...) or contract=ReaderContract(...))")


# ------------------------------------------------------------------------------------------------ frame functions

def _fail(subject, check: str, text: str) -> AssertionError:
    return AssertionError(f"{getattr(subject, '__qualname__', repr(subject))} breaks {check!r}: {text}")


def _contract(subject, contract, kind: type):
    contract = contract_for(subject) if contract is None else contract
    if not isinstance(contract, kind):
        raise ArgumentError(f"contract must be a {kind.__name__}; got {type(contract).__name__}")
    return contract


def _call(function, frame, kwargs):
    """Call on copies of ``frame`` and of every DataFrame argument."""
    copies = {k: v.copy(deep=True) if isinstance(v, pd.DataFrame) else v for k, v in kwargs.items()}
    return function(frame.copy(deep=True), **copies)


def _result(subject, check: str, call: Callable):
    """``call()`` where the contract promises a result: an error raised is the check's failure."""
    try:
        return call()
    except Exception as error:  # noqa: BLE001 - any error is the finding
        raise _fail(subject, check, f"raised {type(error).__name__}: {error}") from error


def _keys(function, contract, kwargs) -> list:
    name = contract.group_argument
    value = None if name is None else kwargs.get(name, inspect.signature(function).parameters[name].default)
    return [] if value is None else [value] if isinstance(value, str) else list(value)


def _columns(function, frame, contract, kwargs) -> list:
    if contract.rowwise:
        return list(frame.columns) + [c for c in contract.adds if c not in frame.columns]
    return _keys(function, contract, kwargs) + list(contract.outputs)


def _raises_naming(function, check, call, word: str) -> None:
    """``call()`` must raise an ArgumentError whose message holds ``word``."""
    try:
        result = call()
    except ArgumentError as error:
        if word not in str(error):
            raise _fail(function, check, f"the ArgumentError does not name {word}: {error}") from None
        return
    except Exception as error:  # noqa: BLE001 - any other error is the finding
        raise _fail(function, check, f"raised {type(error).__name__} instead of ArgumentError: {error}") from error
    raise _fail(function, check, f"returned a {type(result).__name__} instead of raising ArgumentError")


def _same(function, check, got, expected, what: str) -> None:
    try:
        pd.testing.assert_frame_equal(got, expected)
    except AssertionError as error:
        raise _fail(function, check, f"{what}: {error}") from None


def check_not_mutated(function, frame, /, *, contract=None, **kwargs) -> None:
    """The call leaves ``frame`` and every DataFrame argument as they were (values, dtypes, index, columns) and
    returns a new object. Arguments as :func:`check_frame_function`."""
    _contract(function, contract, FrameContract)
    work = frame.copy(deep=True)
    others = {k: v.copy(deep=True) for k, v in kwargs.items() if isinstance(v, pd.DataFrame)}
    out = _result(function, "not_mutated", lambda: function(work, **{**kwargs, **others}))
    _same(function, "not_mutated", work, frame, "the input frame changed")
    for key, value in others.items():
        _same(function, "not_mutated", value, kwargs[key], f"the argument {key!r} changed")
    if out is work:
        raise _fail(function, "not_mutated", "returned its input frame instead of a new frame")


def check_output_columns(function, frame, /, *, contract=None, **kwargs) -> None:
    """The output is a DataFrame with the documented columns: a row-wise function's are the input's then its own
    (:attr:`FrameContract.adds`), row for row with the same index and the input's other columns as they were; an
    aggregating function's are the group columns then its own, one row per group. Arguments as
    :func:`check_frame_function`."""
    contract, check = _contract(function, contract, FrameContract), "output_columns"
    out = _result(function, check, lambda: _call(function, frame, kwargs))
    if not isinstance(out, pd.DataFrame):
        raise _fail(function, check, f"returned a {type(out).__name__}, not a DataFrame")
    if list(out.columns) != (expected := _columns(function, frame, contract, kwargs)):
        raise _fail(function, check, f"columns {list(out.columns)}; expected {expected}")
    if contract.rowwise:
        if not out.index.equals(frame.index):
            raise _fail(function, check, f"index {list(out.index)}; expected {list(frame.index)}")
        kept = [c for c in frame.columns if c not in contract.adds]
        _same(function, check, out[kept], frame[kept], "the input's other columns changed")
    elif keys := _keys(function, contract, kwargs):
        got = out[keys].sort_values(keys).reset_index(drop=True)
        groups = frame[keys].drop_duplicates().sort_values(keys).reset_index(drop=True)
        _same(function, check, got, groups, f"not one row per group of {keys}")


def check_not_a_frame(function, frame, /, *, contract=None, **kwargs) -> None:
    """``frame``, and every other DataFrame argument, given as a dict, a list or a Series raises an ArgumentError
    naming the argument. Arguments as :func:`check_frame_function`."""
    _contract(function, contract, FrameContract)
    first = next(iter(inspect.signature(function).parameters))
    for name in [first] + [k for k, v in kwargs.items() if isinstance(v, pd.DataFrame)]:
        sample = frame if name == first else kwargs[name]
        for bad in (sample.to_dict("list"), sample.to_numpy().tolist(), sample.iloc[:, 0]):
            args = (bad, kwargs) if name == first else (frame.copy(deep=True), {**kwargs, name: bad})
            _raises_naming(function, "not_a_frame", functools.partial(function, args[0], **args[1]), name)


def check_missing_column(function, frame, /, *, contract=None, **kwargs) -> None:
    """``frame`` without any one required column (:attr:`FrameContract.required`, and the group columns) raises an
    ArgumentError whose message names the column. Arguments as :func:`check_frame_function`."""
    contract = _contract(function, contract, FrameContract)
    required = list(dict.fromkeys([*contract.required, *_keys(function, contract, kwargs)]))
    if absent := [c for c in required if c not in frame.columns]:
        raise ArgumentError(f"frame must be a good input with the required columns; missing {absent}")
    for column in required:
        call = functools.partial(_call, function, frame.drop(columns=column), kwargs)
        _raises_naming(function, "missing_column", call, repr(column))


def check_empty_frame(function, frame, /, *, contract=None, **kwargs) -> None:
    """``frame`` with no rows gives a frame with no rows and the documented columns or, with ``empty="raises"``,
    one ArgumentError naming the frame argument. Arguments as :func:`check_frame_function`."""
    contract, empty = _contract(function, contract, FrameContract), frame.iloc[:0]
    call = functools.partial(_call, function, empty, kwargs)
    if contract.empty == "raises":
        return _raises_naming(function, "empty_frame", call, next(iter(inspect.signature(function).parameters)))
    out = _result(function, "empty_frame", call)
    if not isinstance(out, pd.DataFrame) or len(out):
        raise _fail(function, "empty_frame", f"an empty frame gave a {type(out).__name__} of {len(out)} rows")
    if list(out.columns) != (expected := _columns(function, empty, contract, kwargs)):
        raise _fail(function, "empty_frame", f"columns {list(out.columns)}; expected {expected}")


def _rows_of(out: pd.DataFrame, keys: list, row: pd.Series) -> np.ndarray:
    """Where the output rows are the group of an input row (every row when there are no group columns)."""
    return np.all([(out[key] == row[key]).to_numpy(dtype=bool) for key in keys] or [np.ones(len(out), bool)], axis=0)


def check_missing_count(function, frame, /, *, contract=None, **kwargs) -> None:
    """A NaN in :attr:`FrameContract.missing_column` of the middle row of ``frame`` behaves as documented: missing
    outputs for that row (or its group), the other rows being as they are without it; or taken as 0 with a note; or
    one ArgumentError naming the column. Arguments as :func:`check_frame_function`."""
    contract = _contract(function, contract, FrameContract)
    column, position, check = contract.missing_column, len(frame) // 2, "missing_count"
    blank = frame.assign(**{column: frame[column].astype("float64")})
    where = blank.columns.get_loc(column)
    blank.iloc[position, where] = np.nan
    if contract.missing == "raises":
        return _raises_naming(function, check, functools.partial(_call, function, blank, kwargs), repr(column))
    out = _result(function, check, lambda: _call(function, blank, kwargs))
    keys, row = [] if contract.rowwise else _keys(function, contract, kwargs), blank.iloc[position]
    mine = np.arange(len(out)) == position if contract.rowwise else _rows_of(out, keys, row)
    if contract.missing == "zero":
        zero = blank.copy(deep=True)
        zero.iloc[position, where] = 0.0
        expected = _result(function, check, lambda: _call(function, zero, kwargs))
        _same(function, check, out.drop(columns="note", errors="ignore"),
              expected.drop(columns="note", errors="ignore"), "a NaN is not taken as 0")
        notes = out.get("note", pd.Series("", index=out.index))
        if not notes[mine].astype(str).str.contains("taken as 0").all():
            raise _fail(function, check, f"the note does not say a count was taken as 0: {list(notes[mine])}")
        return _same(function, check, out.loc[~mine], expected.loc[~mine], "other notes changed")
    for output, marker in contract.missing_outputs.items():
        got = out.loc[mine, output]
        if not len(got) or not all(pd.isna(v) if marker is None else v == marker for v in got):
            raise _fail(function, check, f"{output!r} is {list(got)} for the row with a missing {column!r}; "
                                         f"expected {'missing' if marker is None else repr(marker)}")
    rest = blank.iloc[np.arange(len(blank)) != position]
    expected = _result(function, check, lambda: _call(function, rest, kwargs))
    if contract.rowwise:
        return _same(function, check, out.loc[~mine], expected, "other rows changed")
    others = ~_rows_of(expected, keys, row)
    _same(function, check, out.loc[~mine].reset_index(drop=True), expected.loc[others].reset_index(drop=True),
          "other groups changed")


#: The frame-function checks by name, in the order they run: ``check(function, frame, *, contract=None, **kwargs)``.
FRAME_CHECKS = {check.__name__.removeprefix("check_"): check for check in (
    check_not_mutated, check_output_columns, check_not_a_frame, check_missing_column, check_empty_frame,
    check_missing_count)}


def _run_all(checks, subject) -> None:
    failures = []
    for name, check in checks:
        try:
            check()
        except AssertionError as error:
            failures.append(f"{name}: {error}")
    if failures:
        raise _fail(subject, "contract", f"{len(failures)} check(s) fail:\n" + "\n".join(failures))


def check_frame_function(function, frame, /, *, contract=None, **kwargs) -> None:
    """Run every check of :data:`FRAME_CHECKS` on a frame function.

    Parameters
    ----------
    function : callable
        ``function(frame, **kwargs)``, returning a DataFrame.
    frame : pandas.DataFrame
        A good input of a few rows (the missing-count check blanks its middle row); the checks never change it.
    contract : FrameContract, optional
        What the function documents; by default :func:`contract_for` ``(function)``.
    **kwargs
        The other arguments of the call (DataFrame arguments are checked as ``frame`` is).

    Raises
    ------
    AssertionError
        Listing every check that fails.
    ArgumentError
        When there is no contract, or ``frame`` lacks a column the contract requires.
    """
    _run_all(checks_for(function, frame, contract=contract, **kwargs), function)


# ------------------------------------------------------------------------------------------------------- readers

def _read(reader, path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # warnings about records a reader keeps are part of what it documents
        return reader(path)


def _problems(result, contract: ReaderContract, *, rows: bool) -> list[str]:
    """What is wrong with a reader's result under its contract (``rows``: whether it must hold rows, or none)."""
    if contract.frames is not None:
        parts = [getattr(result, name, None) for name in contract.frames]
        if found := [f"{name} is a {type(part).__name__}; expected a DataFrame of {list(columns)}"
                     for part, (name, columns) in zip(parts, contract.frames.items())
                     if not isinstance(part, pd.DataFrame) or list(part.columns) != list(columns)]:
            return found
    elif not isinstance(result, pd.DataFrame):
        return [f"returned a {type(result).__name__}, not a DataFrame"]
    else:
        base = list(schema.empty(contract.kind).columns) if contract.kind is not None else []
        expected = base + list(contract.extra) if contract.kind is not None else contract.columns
        if expected is not None and list(result.columns) != list(expected):
            return [f"columns {list(result.columns)}; expected {list(expected)}"]
        if contract.kind is not None:
            try:
                schema.validate(result[base], contract.kind)
            except schema.SchemaError as error:
                return [f"does not follow the {contract.kind} schema: {error}"]
        parts = [result]
    return [] if any(map(len, parts)) == rows else ["no rows" if rows else "rows from a file without data"]


def check_reader_output(reader, path, tmp_dir, /, *, contract=None) -> None:
    """Reading a good file gives what the reader documents: a frame following its :mod:`jsnakit.core.schema` kind
    (:func:`~jsnakit.core.schema.validate`) or its documented columns, with rows. Arguments as :func:`check_reader`."""
    result = _result(reader, "reader_output", lambda: _read(reader, Path(path)))
    if problems := _problems(result, _contract(reader, contract, ReaderContract), rows=True):
        raise _fail(reader, "reader_output", "; ".join(problems))


def _fingerprint(path: Path) -> dict:
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    return {str(p): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in files}


def check_file_unchanged(reader, path, tmp_dir, /, *, contract=None) -> None:
    """Reading leaves the file (each file of a folder) as it was: bytes and modification time (as check_reader)."""
    before = _fingerprint(Path(path))
    _result(reader, "file_unchanged", lambda: _read(reader, Path(path)))
    if _fingerprint(Path(path)) != before:
        raise _fail(reader, "file_unchanged", f"reading changed {path}")


def _header_only(source: Path, target: Path) -> None:
    """Write ``source`` with its header and without its data: the first line of a CSV, the rows of each sheet that
    hold no number, a Parquet file's schema, a (Geo)JSON without features or contents."""
    suffix = source.suffix.lower()
    if suffix == ".csv":
        target.write_bytes(next(iter(source.read_bytes().splitlines(keepends=True)), b""))
    elif suffix in (".xlsx", ".xlsm"):
        book, out = CalamineWorkbook.from_path(str(source)), Workbook()
        out.remove(out.active)
        for name in book.sheet_names:
            sheet = out.create_sheet(name)
            for row in book.get_sheet_by_name(name).to_python():
                if not any(isinstance(v, (int, float)) and not isinstance(v, bool) for v in row):
                    sheet.append(list(row))
        out.save(target)
    elif suffix == ".parquet":  # the schema with no rows
        pq.write_table(pq.read_table(source).slice(0, 0), target)
    elif suffix in (".json", ".geojson"):
        data = json.loads(source.read_text(encoding="utf-8-sig"))
        data = {**data, **{k: [] for k in ("features", "contents") if k in data}} if isinstance(data, dict) else []
        target.write_text(json.dumps(data), encoding="utf-8")
    else:
        raise ArgumentError(f"path must be a CSV, workbook, Parquet or JSON file to cut to its header; got {source}")


def _refused(reader, path, tmp_dir, contract, how: str) -> None:
    """A bad copy of ``path`` (``how``: empty, header_only or garbage; each file of a folder) in ``tmp_dir/how``
    raises one InputError whose failures name it (or, header-only with ``header_only="frame"``, gives no rows)."""
    contract, check, path = _contract(reader, contract, ReaderContract), f"{how}_file", Path(path)
    bad = Path(tmp_dir) / how / path.name
    shutil.rmtree(bad.parent, ignore_errors=True)
    for source in sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]:
        target = bad / source.relative_to(path) if path.is_dir() else bad
        target.parent.mkdir(parents=True, exist_ok=True)
        if how == "header_only":
            _header_only(source, target)
        else:
            target.write_bytes(b"" if how == "empty" else GARBAGE)
    try:
        result = _read(reader, bad)
    except InputError as error:
        files = [Path(str(f)) for f in error.failures["file"]]
        if stray := [str(f) for f in files if f != bad and bad not in f.parents]:
            raise _fail(reader, check, f"the InputError's failures name {stray}, not {bad}") from None
        return
    except Exception as error:  # noqa: BLE001 - any other error is the finding
        raise _fail(reader, check, f"raised {type(error).__name__} instead of InputError: {error}") from error
    if how == "header_only" and contract.header_only == "frame":
        if problems := _problems(result, contract, rows=False):
            raise _fail(reader, check, "; ".join(problems))
        return
    raise _fail(reader, check, f"returned a {type(result).__name__} instead of raising InputError")


def check_empty_file(reader, path, tmp_dir, /, *, contract=None) -> None:
    """An empty file (0 bytes; for a folder, each of its files emptied) named as ``path`` raises one InputError
    whose failures name it. Arguments as :func:`check_reader`."""
    _refused(reader, path, tmp_dir, contract, "empty")


def check_header_only_file(reader, path, tmp_dir, /, *, contract=None) -> None:
    """``path`` cut to its header (a CSV's first line, the rows of a workbook holding no number, a GeoJSON without
    features) raises one InputError whose failures name it; with ``header_only="frame"`` it may give no rows.
    Arguments as :func:`check_reader`."""
    _refused(reader, path, tmp_dir, contract, "header_only")


def check_garbage_file(reader, path, tmp_dir, /, *, contract=None) -> None:
    """A file of garbage bytes (:data:`GARBAGE`; for a folder, each of its files) named as ``path`` raises one
    InputError whose failures name it. Arguments as :func:`check_reader`."""
    _refused(reader, path, tmp_dir, contract, "garbage")


#: The reader checks by name, in the order they run: ``check(reader, path, tmp_dir, *, contract=None)``.
READER_CHECKS = {check.__name__.removeprefix("check_"): check for check in (
    check_reader_output, check_file_unchanged, check_empty_file, check_header_only_file, check_garbage_file)}


def check_reader(reader, path, tmp_dir, /, *, contract=None) -> None:
    """Run every check of :data:`READER_CHECKS` on a reader.

    Parameters
    ----------
    reader : callable
        ``reader(path)``, e.g. ``jsnakit.catalog.SOURCES["ehc_caseload"].reader``.
    path : str or pathlib.Path
        A good file of it (a folder, for a reader of folders), e.g. a sample file; read in place, never changed.
    tmp_dir : str or pathlib.Path
        A folder the checks write their bad files in.
    contract : ReaderContract, optional
        What the reader documents; by default :func:`contract_for` ``(reader)``.

    Raises
    ------
    AssertionError
        Listing every check that fails.
    """
    _run_all(checks_for(reader, path, tmp_dir=tmp_dir, contract=contract), reader)


def checks_for(subject, sample, /, *, tmp_dir=None, contract=None, **kwargs) -> Iterator[tuple[str, Callable]]:
    """The checks of a frame function (``sample`` a DataFrame) or of a reader (``sample`` a path), each bound to its
    arguments, to parametrise tests over.

    Parameters
    ----------
    subject, sample, contract, **kwargs
        As :func:`check_frame_function` (``sample`` a DataFrame) or :func:`check_reader` (``sample`` a path).
    tmp_dir : str or pathlib.Path, optional
        For a reader, and required then: where its bad files are written.

    Yields
    ------
    name : str
        The check's name in :data:`FRAME_CHECKS` or :data:`READER_CHECKS`.
    check : callable
        Runs the check (no argument); raises AssertionError when the promise is broken.
    """
    if isinstance(sample, pd.DataFrame):
        for name, check in FRAME_CHECKS.items():
            yield name, functools.partial(check, subject, sample, contract=contract, **kwargs)
        return
    if tmp_dir is None or kwargs:
        raise ArgumentError(f"a reader's checks take tmp_dir and no other argument; got tmp_dir={tmp_dir!r}, "
                            f"{sorted(kwargs)}")
    for name, check in READER_CHECKS.items():
        yield name, functools.partial(check, subject, sample, tmp_dir, contract=contract)
