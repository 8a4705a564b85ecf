"""Exercise checks for the training notebooks (``workbooks/training/``).

A training notebook asks a question, leaves ``answer = None`` for the trainee to fill in, and calls :func:`check`,
which says plainly whether the answer is right, and if not, gives the hint. The solution follows in a cell the
trainer can reveal (its source is collapsed in JupyterLab and it is tagged ``solution``); it sets the answer and
calls the same check, so the notebooks run top to bottom in the tests with every check passing.

Nothing here computes a statistic: the expected values come from the library (``methods``, ``profile``,
``projection``, ``gaps``, ``disclosure``) in the notebook itself.
"""
from __future__ import annotations

import html
import math
from dataclasses import dataclass

import numpy as np

__all__ = ["Check", "check"]


@dataclass(frozen=True)
class Check:
    """The outcome of one exercise check.

    Attributes
    ----------
    passed : bool or None
        True when right, False when wrong, None when not answered yet.
    text : str
        What the trainee reads.
    """

    passed: bool | None
    text: str

    def __bool__(self) -> bool:
        return bool(self.passed)

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        colour = {True: "#1B5E20", False: "#B71C1C", None: "#424242"}[self.passed]
        return f'<p style="color:{colour}"><strong>{html.escape(self.text)}</strong></p>'


def check(answer, expected, *, tolerance: float = 0.0, hint: str = "") -> Check:
    """Compare a trainee's answer with the expected one.

    Parameters
    ----------
    answer : object
        The trainee's answer; ``None`` means not answered yet.
    expected : object
        The right answer: a number, a string (compared ignoring case and surrounding spaces), a sequence (compared
        item by item, in order), or a set (compared as a set).
    tolerance : float, default 0
        For numbers: the largest absolute difference accepted (e.g. 0.05 for a percentage to one decimal place).
    hint : str, optional
        Said when the answer is wrong.

    Returns
    -------
    Check
        Shown in the notebook as a sentence: "✓ Right: ...", "✗ Not yet: ... Hint: ..." or "… Not answered yet".

    Examples
    --------
    >>> check(7.5, 7.46, tolerance=0.05).passed
    True
    >>> check(None, 7.46).text
    '… Not answered yet: set answer and run this cell again.'
    >>> check("Higher", "higher").passed
    True
    """
    if answer is None:
        return Check(None, "… Not answered yet: set answer and run this cell again.")
    right = _same(answer, expected, tolerance)
    if right:
        return Check(True, f"✓ Right: {_show(expected)}.")
    text = f"✗ Not yet: you have {_show(answer)}."
    return Check(False, text + (f" Hint: {hint}" if hint else ""))


def _same(answer, expected, tolerance: float) -> bool:
    if isinstance(expected, (set, frozenset)):
        try:
            return {_norm(a) for a in answer} == {_norm(e) for e in expected}
        except TypeError:
            return False
    if isinstance(expected, str):
        return isinstance(answer, str) and _norm(answer) == _norm(expected)
    if isinstance(expected, (int, float, np.integer, np.floating)) and not isinstance(expected, bool):
        try:
            value = float(answer)
        except (TypeError, ValueError):
            return False
        return math.isfinite(value) and abs(value - float(expected)) <= tolerance + 1e-12
    if isinstance(expected, (list, tuple, np.ndarray)):
        try:
            return len(answer) == len(expected) and all(_same(a, e, tolerance) for a, e in zip(answer, expected))
        except TypeError:
            return False
    return answer == expected


def _norm(value):
    return value.strip().lower() if isinstance(value, str) else value


def _show(value) -> str:
    if isinstance(value, float):
        return f"{value:,.4g}"
    if isinstance(value, (set, frozenset)):
        return ", ".join(sorted(map(str, value)))
    if isinstance(value, (list, tuple, np.ndarray)):
        return ", ".join(_show(v) for v in value)
    return str(value)
