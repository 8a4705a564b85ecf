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
