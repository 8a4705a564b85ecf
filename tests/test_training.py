"""The exercise checks of the training notebooks."""
import numpy as np

from jsnakit.widgets.training import check


def test_numbers_within_tolerance():
    assert check(7.5, 7.46, tolerance=0.05).passed is True
    assert check(7.6, 7.46, tolerance=0.05).passed is False
    assert check("7.46", 7.46).passed is True          # a number typed as text counts
    assert check(float("nan"), 7.46).passed is False
    assert check(np.float64(3.0), 3).passed is True


def test_words_sets_and_sequences():
    assert check(" Higher ", "higher").passed is True
    assert check("lower", "higher").passed is False
    assert check(["ASD", "semh"], {"semh", "asd"}).passed is True
    assert check([1, 2], [1, 2.04], tolerance=0.05).passed is True
    assert check([2, 1], [1, 2]).passed is False
    assert check(5, {"a"}).passed is False


def test_messages_say_what_to_do():
    assert check(None, 1).passed is None
    assert check(None, 1).text == "… Not answered yet: set answer and run this cell again."
    wrong = check(12, 10, hint="count the rows of the 0-4 band")
    assert wrong.text == "✗ Not yet: you have 12. Hint: count the rows of the 0-4 band"
    assert not wrong and check(10, 10)
    assert check(10, 10)._repr_html_() == '<p style="color:#1B5E20"><strong>✓ Right: 10.</strong></p>'


# --- the course's exercises: the right answer worked out in the library, never shown when wrong ---------------------

import re  # noqa: E402

import pytest  # noqa: E402

from jsnakit.core.errors import ArgumentError  # noqa: E402
from jsnakit.widgets.training import EXERCISES, Course, toyborough  # noqa: E402

from notebook_outputs import SAMPLES  # noqa: E402


def _wrong(expected):
    """A wrong answer of the right kind, none of whose printed parts is a part of the right one."""
    if isinstance(expected, str):
        return "not this one"
    if isinstance(expected, (set, frozenset)):
        return ["nothing"]
    if isinstance(expected, tuple):
        return ("nothing", ["nowhere"])
    if isinstance(expected, list):
        return [-777.25 for _ in expected]
    return -777.25


def _parts(expected) -> list[str]:
    """Every way the message could give the right answer away: each part as the check shows it, rounded too."""
    parts = expected if isinstance(expected, (list, tuple, set, frozenset)) else [expected]
    out = []
    for part in parts:
        if isinstance(part, list):
            out += [str(p) for p in part]
        elif isinstance(part, str):
            out.append(part)
        else:
            out += [check(part, part).text[len("✓ Right: "):-1], f"{float(part):.1f}", f"{float(part):.2f}"]
    return out


def _refuses_without_telling_and_accepts(course, key, expected):
    wrong = course.check(key, _wrong(expected))
    assert wrong.passed is False and wrong.text.startswith("✗ Not yet: you have ")
    assert "Hint: " in wrong.text
    for part in _parts(expected):  # as a whole word or number, not inside another
        assert not re.search(rf"(?<![\w.,]){re.escape(part.lower())}(?![\w]|[.,]\d)", wrong.text.lower()), \
            (key, part, wrong.text)
    right = course.check(key, expected)
    assert right.passed is True and right.text == check(expected, expected).text


def test_exercises_without_data_refuse_a_wrong_answer_without_telling_and_accept_the_right_one():
    course = Course(SAMPLES)
    # Wilson 95%, x = 42, n = 730 (z = 1.959964): (2x + z^2 -/+ z sqrt(z^2 + 4x(1 - p))) / (2(n + z^2))
    # = (87.8415 -/+ 24.9598) / 1467.683 = 4.284% to 7.686%, by calculator.
    _refuses_without_telling_and_accepts(course, "02.1", [4.284, 7.686])
    assert course.check("02.1", [4.28, 7.69]) and not course.check("02.1", [4.30, 7.69])  # to 2 decimals, +/- 0.01
    # Toyborough: 40 + 25 + 12 + 8 + 3 + 0 = 88 plans; small cells 3 (hearing) and 2 (0-4) and 2 of 20 late; the
    # smallest shown count beside each small one protects it: Physical disability (8) and 16-19 (21). Rounded to
    # 5: the total 88 reads 90, and the 5 withheld rows stay 5.
    _refuses_without_telling_and_accepts(course, "06.1", {"Physical disability", "16-19"})
    assert course.check("06.1", ["16-19", "physical disability "])  # any order, any case
    _refuses_without_telling_and_accepts(course, "06.2", 5)
    _refuses_without_telling_and_accepts(course, "06.3", 90)
    assert course.check("06.3", None).text == "… Not answered yet: set answer and run this cell again."
    assert course._published is None  # nothing read from the data folder for these


def test_toyborough_is_the_made_up_table_of_notebook_6():
    toy = toyborough()
    assert len(toy) == 12 and toy["count"].iloc[0] == 88
    assert toy.set_index("category")["count"].loc[["Hearing impairment", "0-4"]].tolist() == [3, 2]


def test_bad_keys_and_settings_are_argument_errors():
    with pytest.raises(ArgumentError, match="the exercises are 01.1"):
        Course(SAMPLES).check("07.1", 3)
    with pytest.raises(ArgumentError, match="unknown setting area"):
        Course(SAMPLES, area="E09000019")


@pytest.mark.slow
def test_every_exercise_refuses_a_wrong_answer_without_telling_and_accepts_the_right_one():
    """Every exercise on the sample data (the projections and gap analyses too: a few seconds each)."""
    course = Course(SAMPLES)
    assert len(EXERCISES) == 18
    for key, exercise in EXERCISES.items():
        _refuses_without_telling_and_accepts(course, key, exercise.compute(course))
