"""Errors raised by jsnakit.

Every bad input ends in :class:`InputError`, which names the file, the row an analyst sees in Excel (header = row 1),
the column, what was expected and what was found, for every failure in the file at once (the pandera ``lazy=True``
idea). Bad arguments raise :class:`ArgumentError` naming the argument, the rule and the value received.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = ["JsnakitError", "InputError", "ArgumentError", "DisclosureError", "Failure", "describe_failures", "failure_table"]

#: How many failures an :class:`InputError` message spells out; the rest are in ``.failures``.
MESSAGE_LIMIT = 10


class JsnakitError(Exception):
    """Base class of every error jsnakit raises on purpose."""


@dataclass(frozen=True)
class Failure:
    """One bad cell (or missing column, or bad file) in an input file.

    Parameters
    ----------
    file : str
        Path of the file, as given.
    row : int or None
        Row number as an analyst sees it in a spreadsheet (the header is row 1); None for a file- or column-level failure.
    column : str or None
        Column (or sheet) name; None for a file-level failure.
    expected : str
        What the reader expected, in words.
    got : object
        What it found.
    """

    file: str
    row: int | None
    column: str | None
    expected: str
    got: object

    def __str__(self) -> str:
        where = [str(self.file)]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: expected {self.expected}; got {self.got!r}"


def describe_failures(failures: list[Failure]) -> str:
    """The first :data:`MESSAGE_LIMIT` failures, one a line, and how many more there are (for error and warning
    messages)."""
    lines = [str(f) for f in failures[:MESSAGE_LIMIT]]
    if len(failures) > MESSAGE_LIMIT:
        lines.append(f"... and {len(failures) - MESSAGE_LIMIT} more (see .failures)")
    return "\n".join(lines)


def failure_table(failures: list[Failure]) -> pd.DataFrame:
    """Failures as a table: ``file, row, column, expected, got``."""
    return pd.DataFrame([(f.file, f.row, f.column, f.expected, f.got) for f in failures],
                        columns=["file", "row", "column", "expected", "got"])


class InputError(JsnakitError, ValueError):
    """A published file (or a user's file) that does not hold what its format promises.

    Parameters
    ----------
    failures : list of Failure
        Every failure found in the file; the message shows the first ten, ``.failures`` holds them all as a
        DataFrame with columns ``file, row, column, expected, got``.

    Examples
    --------
    >>> err = InputError([Failure("caseload.csv", 3, "ehcplans", "a whole number or a DfE symbol", "lots")])
    >>> str(err)
    "caseload.csv, row 3, column 'ehcplans': expected a whole number or a DfE symbol; got 'lots'"
    """

    def __init__(self, failures: list[Failure]):
        if not failures:
            raise ValueError("InputError needs at least one failure")
        self._failures = list(failures)
        super().__init__(describe_failures(self._failures))

    @property
    def failures(self) -> pd.DataFrame:
        """All failures as a table: ``file, row, column, expected, got``."""
        return failure_table(self._failures)

    @classmethod
    def single(cls, file, row, column, expected, got) -> "InputError":
        """Build an error holding one failure."""
        return cls([Failure(str(file), row, column, expected, got)])


class ArgumentError(JsnakitError, ValueError):
    """A function argument that breaks its rule: ``"confidence must be between 0.9 and 1; got 95"``."""


class DisclosureError(JsnakitError, TypeError):
    """A renderer was handed a frame that has not passed statistical disclosure control."""
