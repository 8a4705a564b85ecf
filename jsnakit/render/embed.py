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

__all__ = ["figure_html", "figure_png"]

#: Resolution of the embedded charts (dots per inch): sharp on screen and in print at A4 width.
DPI = 150
#: zlib level of the PNG: 1 writes it in about 70% of the time level 6 (PIL's default) takes, about 10% larger.
PNG_COMPRESSION = 1


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
    try:
        png = figure_png(fig)
    finally:
        plt.close(fig)
    data = base64.b64encode(png).decode("ascii")
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


def figure_png(fig: Figure, *, dpi: int = DPI, pad_inches: float | None = None) -> bytes:
    """A figure as PNG bytes on white, cropped to what is drawn: what ``fig.savefig(format="png", dpi=dpi,
    bbox_inches="tight", facecolor="white")`` gives, drawn once instead of twice.

    ``savefig``'s tight box draws the figure twice (once to measure, once to paint). Here it is painted once,
    measured on the same renderer (:meth:`~matplotlib.figure.Figure.get_tightbbox`), and the picture cut to the box
    padded by ``pad_inches`` (white where the margin reaches beyond the figure); where what is drawn reaches outside the
    figure (a legend placed beyond it), ``savefig`` does it as before, since only it can widen the canvas. The figure
    is left drawn at ``dpi`` with a white background.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The chart.
    dpi : int, default :data:`DPI`
        Dots per inch.
    pad_inches : float, optional
        White margin around the drawn box, inches; default matplotlib's ``savefig.pad_inches`` (0.1).

    Returns
    -------
    bytes
        The PNG (RGB; RGBA where ``savefig`` made it; zlib level :data:`PNG_COMPRESSION`).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    pad = plt.rcParams["savefig.pad_inches"] if pad_inches is None else pad_inches
    buffer = io.BytesIO()
    if not isinstance(pad, (int, float)):  # "layout" (matplotlib 3.8+): savefig knows what it means
        fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", pad_inches=pad, facecolor="white",
                    pil_kwargs={"compress_level": PNG_COMPRESSION})
        return buffer.getvalue()
    fig.set_dpi(dpi)
    fig.set_facecolor("white")
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()
    box = fig.get_tightbbox(canvas.get_renderer())
    width, height = fig.get_size_inches()
    slack = 1 / dpi  # a pixel
    if box.x0 < -slack or box.y0 < -slack or box.x1 > width + slack or box.y1 > height + slack:
        fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", pad_inches=pad, facecolor="white",
                    pil_kwargs={"compress_level": PNG_COMPRESSION})
        return buffer.getvalue()
    pixels = np.asarray(canvas.buffer_rgba())[..., :3]
    box = box.padded(pad)  # the margin may reach beyond the figure: white there
    rows = pixels.shape[0]  # the canvas's whole pixels (figure height x dpi, rounded)
    top, left = int(np.floor(rows - box.y1 * dpi)), int(np.floor(box.x0 * dpi))
    bottom, right = int(np.ceil(rows - box.y0 * dpi)), int(np.ceil(box.x1 * dpi))
    picture = np.full((bottom - top, right - left, 3), 255, dtype=np.uint8)
    inside = pixels[max(top, 0):bottom, max(left, 0):right]
    picture[max(-top, 0):max(-top, 0) + inside.shape[0], max(-left, 0):max(-left, 0) + inside.shape[1]] = inside
    Image.fromarray(picture).save(buffer, format="png", compress_level=PNG_COMPRESSION)
    return buffer.getvalue()
