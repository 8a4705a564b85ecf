"""Errors raised by jsnakit.

Every bad input ends in :class:`InputError`, which names the file, the row an analyst sees in Excel (header = row 1),
the column, what was expected and what was found, for every failure in the file at once (the pandera ``lazy=True``
idea). Bad arguments raise :class:`ArgumentError` naming the argument, the rule and the value received.

What may be published
    An error's message is for the analyst and may quote what was found (a cell, an argument). What may leave the
    analyst's machine (a batch's ``manifest.json`` and ``index.html``) is :func:`public_message`: for bad input, the
    file, row, column and rule of each failure (never what was found); for other jsnakit errors, their
    :attr:`JsnakitError.public` text; for anything else, only the type of the error.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

__all__ = ["JsnakitError", "InputError", "ArgumentError", "NotHeldError", "OutputError", "DisclosureError", "Failure",
           "Described",
           "describe_failures", "failure_table", "public_message", "NOT_PUBLISHED"]

#: How many failures an :class:`InputError` message spells out; the rest are in ``.failures``.
MESSAGE_LIMIT = 10

#: Where :func:`public_message` says the withheld details are, by default.
NOT_PUBLISHED = "details are in the failed notebook"


class JsnakitError(Exception):
    """Base class of every error jsnakit raises on purpose.

    Parameters
    ----------
    *args
        As for :class:`Exception` (the message, for the analyst).
    public : str, optional
        The text that may be published in its place (see :attr:`public`): give it when the message may quote a
        data value but a shorter text without one still says what went wrong.

    Attributes
    ----------
    message_is_public : bool, class attribute, default False
        True for a class whose messages never carry a data value, by rule (:class:`DisclosureError`: they name
        the kind of object a renderer was handed). Such a message is published whole, even when it was raised in
        a notebook kernel (where only the type's name and the message travel).
    """

    message_is_public: ClassVar[bool] = False

    def __init__(self, *args, public: str | None = None):
        super().__init__(*args)
        self._public = public

    @property
    def public(self) -> str | None:
        """The text of this error that may be published, or None when only its type may.

        The ``public`` text it was raised with; else the message when :attr:`message_is_public`; else None.
        """
        given = getattr(self, "_public", None)
        if given is not None:
            return given
        return str(self) if self.message_is_public else None


@dataclass(frozen=True)
class Failure:
    """One bad cell (or missing column, or bad file) in an input file.

    Parameters
    ----------
    file : str
        Path of the file, as given.
    row : int or None
        Row number as an analyst sees it in a spreadsheet (the header is row 1); None for a file- or column-level
        failure.
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

    def _where(self) -> str:
        where = [str(self.file)]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return ", ".join(where)

    def __str__(self) -> str:
        return f"{self._where()}: expected {self.expected}; got {self.got!r}"

    @property
    def public(self) -> str:
        """File, row, column and what was expected, without what was found (see :func:`public_message`).

        Examples
        --------
        >>> Failure("caseload.csv", 3, "ehcplans", "a whole number or a DfE symbol", "lots").public
        "caseload.csv, row 3, column 'ehcplans': expected a whole number or a DfE symbol"
        """
        return f"{self._where()}: expected {self.expected}"


class Described(str):
    """What a reader found, told in words instead of quoted: the ``got`` of a :class:`Failure` whose cell holds a
    figure that must not travel in a message (a count above its total).

    A plain ``str`` whose ``repr`` is the text itself, so the message reads ``...; got a count above
    'plans_issued_den'`` rather than quoting it as if it were the cell's content.

    Examples
    --------
    >>> str(Failure("t.csv", 4, "within", "no more than 'den'", Described("a count above 'den'")))
    "t.csv, row 4, column 'within': expected no more than 'den'; got a count above 'den'"
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return str.__str__(self)


def describe_failures(failures: list[Failure]) -> str:
    """The first :data:`MESSAGE_LIMIT` failures, one a line, and how many more there are (for error and warning
    messages)."""
    lines = [str(f) for f in failures[:MESSAGE_LIMIT]]
    if len(failures) > MESSAGE_LIMIT:
        lines.append(f"... and {len(failures) - MESSAGE_LIMIT} more (see .failures)")
    return "\n".join(lines)


def _public_failures(lines: list[str], more: int, details: str) -> str:
    if more:
        lines = [*lines, f"... and {more} more ({details})"]
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

    @property
    def public(self) -> str:
        """The first :data:`MESSAGE_LIMIT` failures without what was found (:attr:`Failure.public`), one a line,
        and how many more there are."""
        return self._public_text(NOT_PUBLISHED)

    def _public_text(self, details: str) -> str:
        shown = [f.public for f in self._failures[:MESSAGE_LIMIT]]
        return _public_failures(shown, max(0, len(self._failures) - MESSAGE_LIMIT), details)

    @classmethod
    def single(cls, file, row, column, expected, got) -> "InputError":
        """Build an error holding one failure."""
        return cls([Failure(str(file), row, column, expected, got)])


class ArgumentError(JsnakitError, ValueError):
    """A function argument that breaks its rule: ``"confidence must be between 0.9 and 1; got 95"``.

    Not published by :func:`public_message` (the argument may be a figure: ``"numerator must not exceed denominator;
    got count 4 > denominator 3"``) unless raised with a ``public`` text.
    """


class NotHeldError(ArgumentError):
    """A period asked for (``up_to="2019/20"``) that the data folder holds nothing for, at or before it:
    ``"the data folder holds no placement of EHC plans for Rochdale (E08000005) up to 2019/20 (its earliest is
    2021/22)"``.

    A factsheet section made for an earlier period says this sentence instead of its table. The message names only
    the area, the kind of figure and periods, never a data value, so it is published whole
    (:attr:`JsnakitError.message_is_public`).
    """

    message_is_public: ClassVar[bool] = True


class OutputError(JsnakitError, OSError):
    """The batch's output folder cannot be used: a file where the folder should be, a folder that cannot be written
    to, a full disk, or another batch writing to it at the same time.

    The message names the folder and what the system said (``"No space left on device"``), never a data value, so
    it is published whole (:attr:`JsnakitError.message_is_public`).
    """

    message_is_public: ClassVar[bool] = True


class DisclosureError(JsnakitError, TypeError):
    """A renderer was handed a frame that has not passed statistical disclosure control.

    Its messages name the kind of object received (``type(obj).__name__``) and what to call, never a value from it,
    so they are published whole (:attr:`JsnakitError.message_is_public`). A check that would quote a value raises
    another error.
    """

    message_is_public: ClassVar[bool] = True


# ------------------------------------------------------------------------------------------------ what is published

#: A line of an :class:`InputError` message: ``"<where>: expected <expected>; got <what was found>"``.
_FAILURE_LINE = re.compile(r"(?P<public>.+?: expected .+?); got .*")
#: The last line of an :class:`InputError` message with more failures than it spells out.
_MORE_LINE = re.compile(r"\.\.\. and (?P<more>\d+) more \(see \.failures\)")


def _error_class(name: str) -> type | None:
    """The jsnakit error class of that name (``"InputError"``), among those imported; None for any other name."""
    pending, seen = [JsnakitError], {}
    while pending:
        cls = pending.pop()
        seen.setdefault(cls.__name__, cls)
        pending.extend(cls.__subclasses__())
    return seen.get(name)


def _public_from_kernel(cls: type | None, evalue: str, details: str) -> str | None:
    """The public text of a jsnakit error raised in a notebook kernel, from its message (``evalue``) and class."""
    if cls is None:
        return None
    if issubclass(cls, InputError):
        lines, more, withheld = [], 0, False
        for line in str(evalue).splitlines():
            if (failure := _FAILURE_LINE.fullmatch(line)) is not None:
                lines.append(failure["public"])  # cut at the first "; got ": what was found never comes before it
            elif (count := _MORE_LINE.fullmatch(line)) is not None:
                more = int(count["more"])
            elif line.strip():
                withheld = True
        if not lines:
            return None
        text = _public_failures(lines, more, details)
        return f"{text}\n... and more ({details})" if withheld and not more else text
    return str(evalue) if cls.message_is_public else None


def public_message(exc: BaseException, *, details: str = NOT_PUBLISHED) -> str:
    """The text of an error that may be published (in a manifest or an index page): never a data value.

    - :class:`InputError`: each failure's file, row, column and what was expected (:attr:`Failure.public`), the
      first :data:`MESSAGE_LIMIT` of them, never what was found (``got``);
    - another :class:`JsnakitError`: its :attr:`~JsnakitError.public` text when it has one (a
      :class:`DisclosureError`'s message; an :class:`ArgumentError` only when raised with ``public=``);
    - anything else (a pandas ``KeyError``, a ``ValueError``, an ``ArgumentError`` quoting a count), and a jsnakit
      error without a public text: only the type of the error and ``details``.

    An error raised in a notebook kernel arrives as papermill's ``PapermillExecutionError`` (or nbclient's
    ``CellExecutionError``): anything with ``ename`` (the type's name) and ``evalue`` (the message) is read as the
    error it reports. Across a kernel only the class decides: an :class:`InputError`'s failures are read back from
    its message, a :class:`DisclosureError`'s message is kept, and a ``public=`` text given to any other error does
    not travel (its type alone is published).

    Parameters
    ----------
    exc : BaseException
        The error, or papermill's report of an error raised in a kernel.
    details : str, default :data:`NOT_PUBLISHED` (``"details are in the failed notebook"``)
        Where the analyst finds what is withheld.

    Returns
    -------
    str
        ``"<type>: <text>"``, e.g. ``"InputError: caseload.csv, row 3, column 'ehcplans': expected a whole number
        or a DfE symbol"`` or ``"KeyError: details are in the failed notebook"``.

    Examples
    --------
    >>> bad = InputError([Failure("timeliness_20_week.csv", 266, "plans_issued_within_20_weeks",
    ...                           "no more than 'plans_issued_den' in the same row", "4")])
    >>> print(public_message(bad))
    InputError: timeliness_20_week.csv, row 266, column 'plans_issued_within_20_weeks': expected no more than \
'plans_issued_den' in the same row
    >>> public_message(ArgumentError("numerator must not exceed denominator; got count 4 > denominator 3"))
    'ArgumentError: details are in the failed notebook'
    >>> public_message(ArgumentError("period must be ...; got '2025-26'", public="period must be written YYYY/YY"))
    'ArgumentError: period must be written YYYY/YY'
    >>> public_message(KeyError("E09000019 count 4"), details="run the area in Jupyter to see why")
    'KeyError: run the area in Jupyter to see why'

    An error raised in a notebook kernel, as papermill reports it:

    >>> from types import SimpleNamespace
    >>> raised = SimpleNamespace(ename="InputError", evalue=str(bad))
    >>> public_message(raised) == public_message(bad)
    True
    """
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    if isinstance(ename, str) and ename and isinstance(evalue, str):  # raised in a kernel
        name, text = ename, _public_from_kernel(_error_class(ename), evalue, details)
    else:
        name = type(exc).__name__
        if isinstance(exc, InputError):
            text = exc._public_text(details)
        else:
            text = exc.public if isinstance(exc, JsnakitError) else None
    return f"{name}: {text if text else details}"
