"""Colour contrast of chart elements (issue 19): WCAG 2.2's ratio on known colours, the elements that fail or pass,
the warning figure_html gives, and that a test kernel turns it into an error (so every batch test checks every chart
of every factsheet it makes)."""
from __future__ import annotations

import os
import subprocess
import sys
import warnings

import matplotlib
import pytest
from matplotlib.figure import Figure

from jsnakit.render import contrast, style
from jsnakit.render.contrast import ChartContrastWarning, contrast_ratio, low_contrast
from jsnakit.render.embed import figure_html

matplotlib.use("Agg")


@pytest.mark.parametrize("colour, expected", [
    ("#000000", 21.0),  # WCAG's maximum
    ("#FFFFFF", 1.0),
    ("#767676", 4.54),  # the lightest grey that passes 4.5:1 on white, as WebAIM quotes it
    ("#777777", 4.48),
    ("#E69F00", 2.25), ("#56B4E9", 2.31), ("#F0E442", 1.32),  # Okabe-Ito: too light on white
    ("#0072B2", 5.19), ("#D55E00", 3.87), ("#009E73", 3.42), ("#CC79A7", 3.06),  # Okabe-Ito: 3:1 or more
])
def test_contrast_ratio_of_known_colours(colour, expected):
    assert contrast_ratio(colour) == pytest.approx(expected, abs=0.005)


def test_contrast_ratio_is_symmetric_and_blends_transparency():
    assert contrast_ratio("white", "black") == pytest.approx(21.0)
    assert contrast_ratio("#0072B2", "#E69F00") == pytest.approx(contrast_ratio("#E69F00", "#0072B2"))
    # Black at 50% on white is grey 127.5 of 255 after blending (3.95-3.98:1), not black's 21:1.
    assert contrast_ratio("#808080") < contrast_ratio((0, 0, 0, 0.5)) < contrast_ratio("#7F7F7F")


def test_every_colour_jsnakit_draws_lines_with_reaches_three_to_one():
    lines = [s["color"] for s in style.COMPARATOR_STYLES] + [style.AREA_STYLE["color"], style.CONTEXT_GREY]
    lines += list(style.OKABE_ITO_DARK.values())
    assert min(contrast_ratio(c) for c in lines) >= 3.0
    for name, dark in style.OKABE_ITO_DARK.items():  # darker shades, same hue
        assert contrast_ratio(dark) > contrast_ratio(style.OKABE_ITO[name])


def _axes():
    fig = Figure()
    return fig, fig.add_subplot()


def test_a_light_line_a_bare_light_marker_and_grey_text_fail():
    fig, ax = _axes()
    ax.plot([0, 1], [0, 1], color=style.OKABE_ITO["yellow"], label="yellow line")
    ax.scatter([0.5], [0.5], color=style.OKABE_ITO["sky blue"], label="sky blue points")
    ax.text(0.1, 0.9, "a grey note", color="#999999", fontsize=9)
    problems = low_contrast(fig)
    assert len(problems) == 3
    assert "Line2D 'yellow line': line #f0e442 is 1.32:1" in problems[0] or any(
        "yellow line" in p and "1.32:1" in p for p in problems)
    assert any("sky blue points" in p and "2.31:1" in p for p in problems)
    assert any("a grey note" in p and "2.85:1" in p and "needs 4.5:1" in p for p in problems)


def test_an_outline_large_text_white_separators_the_frame_and_backdrops_pass():
    fig, ax = _axes()
    ax.scatter([0.5], [0.5], color=style.OKABE_ITO["yellow"], edgecolor="black", linewidth=0.8)  # outlined
    ax.bar([1], [2], color=style.OKABE_ITO["orange"], edgecolor="black", linewidth=0.6)
    ax.text(0.1, 0.9, "a large grey heading", color="#888888", fontsize=20)  # 3.54:1, large text
    ax.plot([0, 1], [1, 0], color="white")  # a separator, not a carrier
    ax.grid(True, color="#EEEEEE")  # the frame: grid, spines, background
    band = ax.fill_between([0, 1], [0, 0], [1, 1], color="#F0F0F0")
    band.set_gid(contrast.BACKDROP_GID + ":range")
    assert low_contrast(fig) == []


def test_a_light_band_passes_by_its_outline_not_by_its_alpha():
    fig, ax = _axes()
    ax.fill_between([0, 1], [0, 0], [1, 1], color=style.AREA_STYLE["color"], alpha=0.2, linewidth=0.6)
    assert len(low_contrast(fig)) == 1  # alpha fades the outline too: 1.3:1
    fig, ax = _axes()
    ax.fill_between([0, 1], [0, 0], [1, 1], facecolor=matplotlib.colors.to_rgba(style.AREA_STYLE["color"], 0.2),
                    edgecolor=style.AREA_STYLE["color"], linewidth=0.6)
    assert low_contrast(fig) == []


def test_figure_html_warns_about_a_chart_that_falls_short():
    fig, ax = _axes()
    ax.plot([0, 1], [0, 1], color=style.OKABE_ITO["orange"], label="orange")
    with pytest.warns(ChartContrastWarning, match=r"^Chart contrast: 1 element\(s\) fall short .*'orange'.*2\.25:1"):
        figure_html(ax, alt="An orange line.")
    fig, ax = _axes()
    ax.plot([0, 1], [0, 1], color=style.OKABE_ITO_DARK["orange"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert "<figure" in figure_html(ax, alt="A dark orange line.")


def test_a_test_kernel_treats_the_warning_as_an_error():
    """The kernels the batch tests start inherit PYTHONWARNINGS from tests/conftest.py: a chart under the contrast
    minimum fails its area there, as it would any test that draws it in this process (pyproject.toml)."""
    assert "error:Chart contrast:UserWarning" in os.environ["PYTHONWARNINGS"]
    code = ("import matplotlib; matplotlib.use('Agg'); from matplotlib.figure import Figure;"
            "from jsnakit.render.embed import figure_html; f = Figure(); a = f.add_subplot();"
            "a.plot([0, 1], [0, 1], color='#F0E442'); figure_html(a, alt='yellow')")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ),
                         timeout=120)
    assert run.returncode != 0 and "ChartContrastWarning: Chart contrast: 1 element(s)" in run.stderr
