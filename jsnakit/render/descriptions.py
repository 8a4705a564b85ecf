"""Charts described in words, for the ``alt`` of their images: :func:`alt_text`, and :func:`describe` for a chart
that writes its own description as it draws.

The description is built from the axes' artists, so it says what is drawn: the kind of chart (named by its ``gid``,
:data:`jsnakit.render.style.CHART_GIDS`), its title, its axes, the series in its legend, the range of the values
drawn, and the notes written on it. Both names are reachable from :mod:`jsnakit.render.charts` (and ``alt_text`` from
:mod:`jsnakit.render.maps`).
"""
from __future__ import annotations

import re

import numpy as np
from matplotlib.axes import Axes
from matplotlib.text import Annotation

from ..core.errors import ArgumentError
from .formatting import format_value
from .style import CHART_GIDS, GAP_GID

__all__ = ["describe", "alt_text"]

# a map legend's class entry, e.g. "4.1 to 5.3"
_CLASS_LABEL = re.compile(r"-?[\d,]+(\.\d+)? to -?[\d,]+(\.\d+)?")

#: Axes attribute holding a description written by the function that drew the chart (see :func:`describe`).
_DESCRIPTION = "_jsnakit_description"


def describe(ax, text: str, *, anchor) -> None:
    """Keep a chart's description, written as it was drawn, for :func:`alt_text`.

    For charts whose meaning the artists alone do not give (a map's services by domain, a ranked bar chart's order,
    the shortfall of each service). It holds while ``anchor``, an artist the chart drew, is still on the axes: a
    cleared or redrawn axes is described afresh from its artists.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The chart.
    text : str
        Its description (sentences).
    anchor : matplotlib.artist.Artist
        An artist the chart drew on ``ax``.
    """
    setattr(ax, _DESCRIPTION, (text, anchor))


def alt_text(ax) -> str:
    """A plain-English description of what a chart shows, for the ``alt`` of its image.

    Built from the axes' artists, so it says what is drawn: the kind of chart, its title, its axes, the series in
    its legend, the range of the values drawn, and the notes written on it (e.g. which values are suppressed).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        A chart from :func:`jsnakit.render.charts.trend`, :func:`jsnakit.render.charts.need_mix` or
        :func:`jsnakit.render.maps.choropleth`, or one that stored its own description with :func:`describe` (the gap
        maps, :func:`jsnakit.render.charts.ranked_bars`, :func:`jsnakit.render.charts.shortfall_chart`); any other
        axes gets a generic description.

    Returns
    -------
    str
        Sentences such as ``"Line chart: ehc_pupils_pct: Islington, 2018/19 to 2025/26. Horizontal axis: Period,
        2018/19 to 2025/26. Vertical axis: Per cent (%). Series: Islington; England. Values range from 2.8 to 4.6.
        Notes on the chart: suppressed to protect small counts (2021/22)."``

    Raises
    ------
    ArgumentError
        When ``ax`` is not a matplotlib Axes.

    Examples
    --------
    >>> from jsnakit.render.style import chart_axes
    >>> alt_text(chart_axes(None, figsize=(2, 2), pyplot=False))
    'Empty chart.'
    """
    if not isinstance(ax, Axes):
        raise ArgumentError(f"ax must be a matplotlib Axes; got {type(ax).__name__}")
    stored = getattr(ax, _DESCRIPTION, None)
    if stored is not None and stored[1].axes is ax:  # written by the chart that drew it, which is still there
        return stored[0]
    gid = ax.get_gid()
    title = ax.get_title().replace("\n", " ").strip()
    legend = ax.get_legend()
    series = [t.get_text().replace("\n", " ") for t in legend.get_texts()] if legend is not None else []
    kind = {CHART_GIDS["trend"]: "Line chart", CHART_GIDS["need_mix"]: "Horizontal bar chart",
            CHART_GIDS["choropleth"]: "Map", CHART_GIDS["projection"]: "Fan chart",
            CHART_GIDS["funnel"]: "Funnel plot", CHART_GIDS["ranked_bars"]: "Horizontal bar chart",
            CHART_GIDS["shortfall"]: "Dot chart"}.get(gid) or _guess_kind(ax)
    parts = [f"{kind}: {title}." if title else f"{kind}."]
    if gid == CHART_GIDS["choropleth"]:
        parts += _map_sentences(ax, legend)
        return " ".join(parts)

    xticks = [t.get_text().replace("\n", " ") for t in ax.get_xticklabels() if t.get_text()]
    yticks = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels() if t.get_text()]
    if gid in (CHART_GIDS["trend"], CHART_GIDS["projection"]) and xticks:
        parts.append(f"Horizontal axis: {ax.get_xlabel() or 'period'}, {xticks[0]} to {xticks[-1]}.")
        if ax.get_ylabel():
            parts.append(f"Vertical axis: {ax.get_ylabel()}.")
    elif gid == CHART_GIDS["need_mix"]:
        parts.append(f"Categories, from the top: {'; '.join(yticks)}.")
        if ax.get_xlabel():
            parts.append(f"Horizontal axis: {ax.get_xlabel()}.")
    else:
        if ax.get_xlabel():
            parts.append(f"Horizontal axis: {ax.get_xlabel()}.")
        if ax.get_ylabel():
            parts.append(f"Vertical axis: {ax.get_ylabel()}.")
    if series:
        parts.append(f"Series: {'; '.join(series)}.")

    bars = [p for p in ax.patches if p.get_visible()]
    if bars:
        horizontal = gid == CHART_GIDS["need_mix"] or kind.startswith("Horizontal")
        sizes = np.array([p.get_width() if horizontal else p.get_height() for p in bars], dtype=float)
        parts.append(f"Bars range {_range(sizes[np.isfinite(sizes)])}.")
    values = _line_values(ax, horizontal=gid == CHART_GIDS["need_mix"])
    if values.size:
        what = "Markers" if bars else "Values"
        parts.append(f"{what} range {_range(values)}.")
    notes = _notes(ax, xticks, yticks, by_y=gid == CHART_GIDS["need_mix"])
    if notes:
        parts.append(f"Notes on the chart: {'; '.join(notes)}.")
    return " ".join(parts)


# --- internals -------------------------------------------------------------------------------------------------

def _range(values: np.ndarray) -> str:
    """'from a to b', whole numbers when every value is whole, else 1 decimal place (2 below 1)."""
    lo, hi = float(np.min(values)), float(np.max(values))
    if np.all(np.mod(values, 1) == 0):
        decimals = 0
    else:
        decimals = 1 if max(abs(lo), abs(hi)) >= 1 else 2
    return f"from {format_value(lo, None, decimals=decimals)} to {format_value(hi, None, decimals=decimals)}"


def _guess_kind(ax: Axes) -> str:
    if ax.patches:
        return "Bar chart"
    if ax.lines:
        return "Line chart"
    if ax.collections:
        return "Chart of shapes"
    return "Empty chart"


def _line_values(ax: Axes, *, horizontal: bool) -> np.ndarray:
    """Finite data values of the labelled lines drawn in data coordinates (not helpers such as gap markers)."""
    values = []
    for line in ax.get_lines():
        label = line.get_label() or ""
        if label.startswith("_") or line.get_gid() == GAP_GID or line.get_transform() != ax.transData:
            continue
        data = np.asarray(line.get_xdata() if horizontal else line.get_ydata(), dtype=float)
        values.append(data[np.isfinite(data)])
    return np.concatenate(values) if values else np.array([])


def _notes(ax: Axes, xticks: list[str], yticks: list[str], *, by_y: bool) -> list[str]:
    notes = []
    for text in ax.texts:
        content = text.get_text().replace("\n", " ").strip()
        if not content:
            continue
        x, y = text.xy if isinstance(text, Annotation) else text.get_position()
        ticks, pos = (yticks, y) if by_y else (xticks, x)
        where = ""
        try:
            i = int(round(float(pos)))
            if abs(float(pos) - i) < 1e-9 and 0 <= i < len(ticks):
                where = f" ({ticks[i]})"
        except (TypeError, ValueError):
            pass
        notes.append(f"{content}{where}")
    return notes


def _map_sentences(ax: Axes, legend) -> list[str]:
    parts = []
    areas = [c for c in ax.collections if c.get_gid() == "jsnakit:areas"]
    missing = [c for c in ax.collections if c.get_gid() == "jsnakit:suppressed"]
    highlight = [t for t in ax.texts if t.get_gid() == "jsnakit:highlight-label"]
    n = sum(len(c.get_paths()) for c in areas)
    m = sum(len(c.get_paths()) for c in missing)
    if n:
        parts.append(f"{n} areas are drawn.")
    if legend is not None:
        title = legend.get_title().get_text().replace("\n", " ")
        classes = [t.get_text() for t in legend.get_texts() if _CLASS_LABEL.fullmatch(t.get_text())]
        if classes:
            parts.append(f"Legend, {title}: {'; '.join(classes)}, from lightest (lowest) to darkest (highest).")
    if m:
        parts.append(f"{m} {'area is suppressed or has' if m == 1 else 'areas are suppressed or have'} no data (grey, "
                     f"hatched).")
    # an inset (jsnakit.render.maps.choropleth's London box): what it enlarges, and whether it outlines an area too
    insets = [a for a in ax.child_axes if a.get_gid() == "jsnakit:inset"]
    enlarged = ""
    for inset in insets:
        names = [t.get_text() for t in inset.texts if t.get_gid() == "jsnakit:inset-label"]
        place = names[0] if names else "part of the map"
        k = sum(len(c.get_paths()) for c in inset.collections if c.get_gid() == "jsnakit:areas")
        outlined = any(c.get_gid() == "jsnakit:inset-outline" for c in ax.collections)
        parts.append(f"An inset box enlarges {place}: its {k} {'area' if k == 1 else 'areas'}, shaded in the same "
                     f"classes" + (f"; {place} is outlined on the main map." if outlined else "."))
        if any(t.get_gid() == "jsnakit:highlight-label" for t in inset.texts):
            enlarged = f" (also in the {place} inset)"
    if highlight:
        parts.append(f"Outlined: {highlight[0].get_text()}{enlarged}.")
    return parts
