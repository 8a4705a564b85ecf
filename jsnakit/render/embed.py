"""Charts embedded in a factsheet: :func:`figure_html` writes a chart as a self-contained HTML ``<figure>``, the PNG
as a data URI with its description as the image's ``alt``. Reachable from :mod:`jsnakit.render.charts` too.
"""
from __future__ import annotations

import base64
import html
import io
import warnings

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure, FigureBase

from ..core.errors import ArgumentError
from .contrast import ChartContrastWarning, low_contrast

__all__ = ["figure_html"]


def figure_html(ax_or_fig, *, alt, caption=None, width=None) -> str:
    """A chart as a self-contained HTML ``<figure>``: the PNG embedded as a data URI, with alt text and a caption.

    The figure is closed afterwards (it has been written; keeping it open would leak memory in a batch run). Its
    elements' colour contrast is measured first (:func:`jsnakit.render.contrast.low_contrast`): a line, marker or
    shape under 3:1 on white, or text under 4.5:1, is named in a :class:`~jsnakit.render.contrast.ChartContrastWarning`
    whose message starts "Chart contrast:" (the tests run with that warning as an error).

    Parameters
    ----------
    ax_or_fig : matplotlib.axes.Axes or matplotlib.figure.Figure
        The chart (an Axes stands for its whole figure).
    alt : str
        The image's text alternative, e.g. from :func:`jsnakit.render.charts.alt_text`. Required and non-empty.
    caption : str, optional
        The figure's caption (its finding and source), shown as ``<figcaption>``; none when None.
    width : int, optional
        Display width in CSS pixels; the image always shrinks to fit the page (``max-width:100%``).

    Returns
    -------
    str
        ``<figure class="jsnakit-figure"><img src="data:image/png;base64,..." alt="..."> <figcaption>...</figcaption>
        </figure>``, every text escaped, no script.

    Raises
    ------
    ArgumentError
        When ``ax_or_fig`` is neither an Axes nor a Figure, ``alt`` is empty or not a string, or ``width`` is not a
        positive whole number.
    """
    if isinstance(ax_or_fig, (Axes, FigureBase)):
        fig = ax_or_fig.figure if isinstance(ax_or_fig, Axes) else ax_or_fig
        while not isinstance(fig, Figure):  # a SubFigure stands for its whole figure
            fig = fig.figure
    else:
        raise ArgumentError(f"ax_or_fig must be a matplotlib Axes or Figure; got {type(ax_or_fig).__name__}")
    if not isinstance(alt, str) or not alt.strip():
        raise ArgumentError(f"alt must be a non-empty description of the chart (see charts.alt_text); got {alt!r}")
    if width is not None and (isinstance(width, bool) or not isinstance(width, (int, np.integer)) or width < 1):
        raise ArgumentError(f"width must be None or a positive whole number of CSS pixels; got {width!r}")
    problems = low_contrast(fig, background="white")
    if problems:
        warnings.warn(f"Chart contrast: {len(problems)} element(s) fall short of WCAG 2.2 (3:1 for lines and shapes, "
                      f"4.5:1 for text, on white): " + "; ".join(problems), ChartContrastWarning, stacklevel=2)
    buffer = io.BytesIO()
    try:
        fig.savefig(buffer, format="png", dpi=150, bbox_inches="tight", facecolor="white")
    finally:
        plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    size = f' width="{int(width)}"' if width is not None else ""
    out = [
        '<figure class="jsnakit-figure">',
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt.strip(), quote=True)}"{size} '
        f'style="max-width:100%;height:auto">',
    ]
    if caption is not None:
        out.append(f"<figcaption>{html.escape(str(caption))}</figcaption>")
    out.append("</figure>")
    return "\n".join(out)
