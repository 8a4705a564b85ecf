"""Colour contrast of a chart's elements, measured as WCAG 2.2 measures it (success criteria 1.4.3 and 1.4.11).

axe-core checks the page's text but cannot see inside an image; :func:`low_contrast` looks at every element matplotlib
draws. A line, marker, bar or shape that carries data must stand out from the plot's background by at least 3:1, by
its own colour or by its outline; text needs 4.5:1 (3:1 when large, 18 pt or more). :func:`figure_html
<jsnakit.render.embed.figure_html>` warns (:class:`ChartContrastWarning`) when a chart it embeds falls short, and the
factsheet tests fail on that warning.

What is not data is left out: invisible or fully transparent elements, the axes' own frame and grid, white outlines
(a separator, not a carrier), and elements marked as a backdrop (``gid`` starting ``jsnakit:backdrop``: the shaded
range of a spine chart or a confidence band, shown again by the figures beside them).

References
----------
W3C (2023). Web Content Accessibility Guidelines (WCAG) 2.2, success criteria 1.4.3 Contrast (Minimum) and 1.4.11
Non-text Contrast; "contrast ratio" and "relative luminance" in its glossary.
"""
from __future__ import annotations

import numpy as np
from matplotlib import colors as mcolors
from matplotlib.collections import Collection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

__all__ = ["ChartContrastWarning", "contrast_ratio", "low_contrast", "GRAPHIC_MINIMUM", "TEXT_MINIMUM",
           "LARGE_TEXT_POINTS", "BACKDROP_GID"]

#: WCAG 1.4.11: graphical objects need 3:1 against adjacent colours.
GRAPHIC_MINIMUM = 3.0
#: WCAG 1.4.3: text needs 4.5:1 (3:1 at :data:`LARGE_TEXT_POINTS` or more).
TEXT_MINIMUM = 4.5
#: Text at this size (points) or larger is "large text" in WCAG 2.2.
LARGE_TEXT_POINTS = 18.0
#: ``gid`` prefix of an element that is a backdrop, not a carrier of data.
BACKDROP_GID = "jsnakit:backdrop"


class ChartContrastWarning(UserWarning):
    """A chart element falls short of WCAG 2.2's contrast minimum against the chart's background."""


def _luminance(rgb) -> float:
    channel = np.asarray(rgb, dtype=float)[:3]
    linear = np.where(channel <= 0.04045, channel / 12.92, ((channel + 0.055) / 1.055) ** 2.4)
    return float(np.dot(linear, [0.2126, 0.7152, 0.0722]))


def contrast_ratio(colour, background="white") -> float:
    """WCAG 2.2's contrast ratio of two colours, from 1 (none) to 21 (black on white).

    ``(L1 + 0.05) / (L2 + 0.05)``, L1 the relative luminance of the lighter colour (sRGB channels linearised, then
    weighted 0.2126 R + 0.7152 G + 0.0722 B). A colour with transparency is first blended onto the background.

    Parameters
    ----------
    colour, background
        Any matplotlib colour (name, hex, RGB or RGBA tuple); the background's own alpha is ignored.

    Returns
    -------
    float
        The ratio (unitless, >= 1).

    References
    ----------
    W3C (2023), WCAG 2.2, glossary: "contrast ratio", "relative luminance".

    Examples
    --------
    >>> round(contrast_ratio("black"), 1), round(contrast_ratio("#E69F00"), 2), round(contrast_ratio("#0072B2"), 2)
    (21.0, 2.25, 5.19)
    """
    back = np.asarray(mcolors.to_rgb(background))
    rgba = np.asarray(mcolors.to_rgba(colour))
    front = rgba[:3] * rgba[3] + back * (1 - rgba[3])
    lighter, darker = sorted((_luminance(front), _luminance(back)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _background(artist, figure_background) -> str | tuple:
    axes = getattr(artist, "axes", None)
    if axes is not None and axes.patch.get_visible() and axes.patch.get_alpha() != 0:
        face = axes.patch.get_facecolor()
        if face[3] > 0:
            return face
    return figure_background


def _name(artist) -> str:
    label = artist.get_label() if hasattr(artist, "get_label") else ""
    label = "" if not label or str(label).startswith("_") else f" '{label}'"
    axes = getattr(artist, "axes", None)
    where = f" in '{axes.get_title()}'" if axes is not None and axes.get_title() else ""
    return f"{type(artist).__name__}{label}{where}"


def _visible(colour) -> bool:
    return colour is not None and not (isinstance(colour, str) and colour == "none") and mcolors.to_rgba(colour)[3] > 0


def _passes(face, edge, edge_width, background) -> bool:
    """Whether a shape stands out: its fill or (when drawn) its outline reaches 3:1 against the background."""
    if _visible(face) and contrast_ratio(face, background) >= GRAPHIC_MINIMUM:
        return True
    return bool(edge_width and edge_width > 0 and _visible(edge)
                and contrast_ratio(edge, background) >= GRAPHIC_MINIMUM)


def _is_white(colour, background) -> bool:
    return _visible(colour) and contrast_ratio(colour, background) < 1.05


def _line_problems(line: Line2D, background) -> list[str]:
    out = []
    if line.get_linestyle() not in ("None", "none", "", " ") and line.get_linewidth() > 0:
        colour = mcolors.to_rgba(line.get_color(), line.get_alpha())
        if len(line.get_xdata()) > 1 and not _is_white(colour, background) \
                and contrast_ratio(colour, background) < GRAPHIC_MINIMUM:
            out.append(f"{_name(line)}: line {mcolors.to_hex(colour)} is "
                       f"{contrast_ratio(colour, background):.2f}:1 against its background")
    if line.get_marker() not in (None, "None", "none", "", " ") and line.get_markersize() > 0:
        face = mcolors.to_rgba(line.get_markerfacecolor(), line.get_alpha()) \
            if _visible(line.get_markerfacecolor()) else None
        edge = mcolors.to_rgba(line.get_markeredgecolor(), line.get_alpha()) \
            if _visible(line.get_markeredgecolor()) else None
        if (face is not None or edge is not None) and not _passes(face, edge, line.get_markeredgewidth(), background):
            shown = face if face is not None else edge
            out.append(f"{_name(line)}: marker {mcolors.to_hex(shown)} is "
                       f"{contrast_ratio(shown, background):.2f}:1 against its background, without an outline of 3:1")
    return out


def _collection_problems(collection: Collection, background) -> list[str]:
    faces = collection.get_facecolor()
    edges = collection.get_edgecolor()
    widths = np.atleast_1d(collection.get_linewidth())
    bad = set()
    if len(faces):
        for i, face in enumerate(faces):
            edge = edges[i % len(edges)] if len(edges) else None
            width = widths[i % len(widths)] if len(widths) else 0
            if face[3] == 0 and edge is not None and _visible(edge):  # an outline alone: the outline is the shape
                if not _is_white(edge, background) and contrast_ratio(edge, background) < GRAPHIC_MINIMUM:
                    bad.add(mcolors.to_hex(edge))
            elif face[3] > 0 and not _passes(face, edge, width, background):
                bad.add(mcolors.to_hex(face))
    elif len(edges):  # lines (LineCollection): their colour is what carries the data
        for edge in edges:
            if _visible(edge) and not _is_white(edge, background) \
                    and contrast_ratio(edge, background) < GRAPHIC_MINIMUM:
                bad.add(mcolors.to_hex(edge))
    if not bad:
        return []
    worst = min(bad, key=lambda c: contrast_ratio(c, background))
    return [f"{_name(collection)}: {len(bad)} colour(s) below 3:1 against the background without an outline of 3:1 "
            f"(lowest {worst}, {contrast_ratio(worst, background):.2f}:1)"]


def _patch_problems(patch: Patch, background) -> list[str]:
    face, edge = patch.get_facecolor(), patch.get_edgecolor()
    if face[3] == 0 and edge[3] == 0:
        return []
    if face[3] == 0:  # an outline alone (a frame, a box): no data in its fill
        if _is_white(edge, background) or contrast_ratio(edge, background) >= GRAPHIC_MINIMUM:
            return []
        return [f"{_name(patch)}: outline {mcolors.to_hex(edge)} is {contrast_ratio(edge, background):.2f}:1 "
                "against its background"]
    if _passes(face, edge, patch.get_linewidth(), background) or _is_white(face, background):
        return []
    return [f"{_name(patch)}: fill {mcolors.to_hex(face)} is {contrast_ratio(face, background):.2f}:1 against its "
            "background, without an outline of 3:1"]


def _text_problems(text: Text, background) -> list[str]:
    if not text.get_text().strip():
        return []
    colour = mcolors.to_rgba(text.get_color(), text.get_alpha())
    minimum = GRAPHIC_MINIMUM if text.get_fontsize() >= LARGE_TEXT_POINTS else TEXT_MINIMUM
    box = text.get_bbox_patch()
    if box is not None and box.get_facecolor()[3] == 1:
        background = box.get_facecolor()
    ratio = contrast_ratio(colour, background)
    if ratio >= minimum:
        return []
    shown = text.get_text().strip().replace("\n", " ")
    shown = shown if len(shown) <= 40 else shown[:37] + "..."
    return [f"text '{shown}': {mcolors.to_hex(colour)} is {ratio:.2f}:1 against its background (needs {minimum:g}:1)"]


def _is_backdrop(artist) -> bool:
    gid = artist.get_gid()
    return isinstance(gid, str) and gid.startswith(BACKDROP_GID)


def _frames(fig: Figure) -> set[int]:
    """The ids of what frames a chart rather than carries its data: the figure's and axes' backgrounds, spines and
    grid lines."""
    out = {id(fig.patch)}
    for axes in fig.get_axes():
        out.add(id(axes.patch))
        out.update(id(spine) for spine in axes.spines.values())
        for axis in (axes.xaxis, axes.yaxis):
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                out.add(id(tick.gridline))
    return out


def low_contrast(fig: Figure, *, background="white") -> list[str]:
    """Every element of a chart that falls short of WCAG 2.2's contrast minimum, described.

    A line, marker, bar, shape or collection carrying data needs 3:1 against its axes' background (or the figure's,
    ``background``, where the axes have none), by its fill or its outline (WCAG 1.4.11); text needs 4.5:1, or 3:1 at
    18 pt or more (WCAG 1.4.3). Transparent colours are blended onto the background first.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The chart.
    background : colour, default "white"
        The figure's background where the axes have none (:func:`jsnakit.render.embed.figure_html` saves on white).

    Returns
    -------
    list of str
        One line per failing element (its kind, label and axes' title, colour and ratio); empty when all pass.

    References
    ----------
    W3C (2023). Web Content Accessibility Guidelines 2.2, 1.4.3 and 1.4.11.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from matplotlib.figure import Figure
    >>> fig = Figure()
    >>> ax = fig.add_subplot()
    >>> _ = ax.plot([0, 1], [0, 1], color="#F0E442", label="yellow")
    >>> low_contrast(fig)
    ["Line2D 'yellow': line #f0e442 is 1.32:1 against its background"]
    """
    problems: list[str] = []
    frames = _frames(fig)
    for artist in fig.findobj():
        if artist is fig or not artist.get_visible() or (artist.get_alpha() is not None and artist.get_alpha() == 0):
            continue
        if _is_backdrop(artist) or id(artist) in frames:
            continue
        where = _background(artist, background)
        if isinstance(artist, Text):
            problems += _text_problems(artist, where)
        elif isinstance(artist, Line2D):
            problems += _line_problems(artist, where)
        elif isinstance(artist, Collection):
            problems += _collection_problems(artist, where)
        elif isinstance(artist, Patch):
            problems += _patch_problems(artist, where)
    return list(dict.fromkeys(problems))
